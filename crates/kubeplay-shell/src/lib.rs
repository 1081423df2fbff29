//! kubeplay-shell: the processes that run inside simulated containers — a resumable POSIX `sh`
//! subset, busybox applets and the programs of well-known images (postgres, nginx, the kiamol π app).
//!
//! The shell never touches the world directly: everything outside the process (files, DNS, the
//! network, the clock, `$RANDOM`, stdout) goes through the [`Host`] the kubelet provides. Simulated
//! time passes only between [`Process::resume`] calls: `resume` runs until the process exits, sleeps,
//! or blocks for good (a server), and says which in a [`Step`].
//!
//! How it works: scripts are parsed to a syntax tree and compiled to flat instructions with
//! jumps (`sh/compile.rs`); the shell keeps a stack of frames with program counters, so a
//! `sleep` or a child process suspends it between any two commands without Rust recursion.
//! A process is a stack of tasks (PID 1 at the bottom); `$(...)` and all but the last element
//! of a pipe run to completion inside one resume, their sleeps summed and spent afterwards.
//!
//! Modelled differently from Linux, on purpose or for now:
//! - `cmd &` runs in the foreground; there are no background jobs (`wait` does nothing).
//! - `local` is dynamic (restored when the function returns); `set -u` and `pipefail` are
//!   accepted and ignored; arithmetic has no assignment operators (`$((i=i+1))`).
//! - Globbing expands only the last path component (`/dir/*.sh`), not `*/x`.
//! - A `while`/`until` loop's status is 0 when it ends, not its body's last status.
//! - busybox `nslookup` answers A queries from the host and prints IPv6 (AAAA) answers as
//!   empty; see `applets/net.rs` for how search domains are tried.
//! - Symlinks exist where the kubelet makes them (configMap, secret, projected and downwardAPI
//!   volumes); there is no `ln`, and `cp -r` copies what a link points to instead of the link.
//! - Every loop, output, variable, capture and nesting depth is bounded, with a plain message.

mod applets_export {
    pub use crate::applets::BUSYBOX_APPLETS;
    pub use crate::programs::{NGINX_PROGRAMS, PI_PROGRAMS, POSTGRES_PROGRAMS, SYSTEM_PROGRAMS};
}

mod applets;
mod path;
mod process;
mod programs;
mod run;
mod sh;
mod task;
pub mod tarball;

#[cfg(test)]
mod fake;
#[cfg(test)]
mod tests_kiamol;
#[cfg(test)]
mod tests_shell;
#[cfg(test)]
mod tests_text;

pub use applets_export::*;
pub use path::{resolve, MAX_SYMLINKS};
pub use process::{resolve_entrypoint, LazyEnv, Process};
pub use task::Env;
pub use programs::nginx::nginx_response;
pub use programs::nginx::DEFAULT_CONF as NGINX_DEFAULT_CONF;
pub use programs::pi::pi_digits;

/// The interface the container runtime (kubeplay-core's kubelet) gives a process.
pub trait Host {
    /// Simulated time, milliseconds since the Unix epoch (for `date`, file mtimes).
    fn now_ms(&self) -> i64;
    /// A seeded pseudo-random number (for `$RANDOM`, which takes it modulo 32768).
    fn random(&mut self) -> u32;
    /// Output that is not redirected or piped: goes to the container log.
    fn stdout(&mut self, text: &str);
    fn stderr(&mut self, text: &str);
    /// The container's filesystem as its mounts compose it.
    fn fs(&mut self) -> &mut dyn Fs;
    /// `hostname` (the pod's hostname).
    fn hostname(&self) -> String;
    /// Cluster DNS, with the pod's search path applied by the host.
    fn resolve(&self, name: &str) -> Resolution;
    /// Opens a TCP connection to `host:port` (a DNS name or an IP).
    fn connect(&mut self, host: &str, port: u16) -> Result<Peer, NetError>;
    /// Lends `f` the filesystem of the container that accepts connections on `host:port`, as a
    /// server there would read it (pg_basebackup streams a data directory, a client learns whether
    /// the server is a standby). Another container's files are read-only here; this container's
    /// own are writable. Errors as `connect`.
    fn peer_fs(&mut self, host: &str, port: u16, f: &mut dyn FnMut(&mut dyn Fs)) -> Result<Peer, NetError>;
    /// HTTP GET `path` on `host:port`.
    fn http_get(&mut self, host: &str, port: u16, path: &str) -> Result<HttpResponse, NetError>;
    /// This process now accepts connections on `port` (servers call it once they are up).
    fn listen(&mut self, port: u16, protocol: Protocol);
    /// Whether the image has program `name` in its PATH (busybox applets, `postgres`, `pg_dump`, …).
    fn has_program(&self, name: &str) -> bool;
    /// Whose text tools these are: busybox's in a container (the default), GNU coreutils and
    /// grep on a workstation. Only messages and a few output formats differ.
    fn userland(&self) -> Userland {
        Userland::Busybox
    }
}

/// Where a host's applets come from; see [`Host::userland`].
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Userland {
    /// busybox 1.36, as in the busybox and alpine images.
    Busybox,
    /// GNU coreutils 9 and GNU grep 3 in a UTF-8 locale (a Linux workstation), where they word an
    /// error or lay out a count differently from busybox.
    Gnu,
}

/// What the filesystem can do; paths are absolute and normalised by the shell. Symlinks along a
/// path are followed as the kernel's path walk follows them; only `lstat`, `readlink`, `mkdir` and
/// `remove` act on a symlink at the end of the path itself.
pub trait Fs {
    fn read(&self, path: &str) -> Result<Vec<u8>, FsError>;
    /// Creates or truncates (append = false) or appends to a file.
    fn write(&mut self, path: &str, data: &[u8], append: bool) -> Result<(), FsError>;
    fn stat(&self, path: &str) -> Result<Stat, FsError>;
    /// `stat` of a symlink itself (its `link` holds the target); a filesystem without symlinks
    /// answers as `stat`.
    fn lstat(&self, path: &str) -> Result<Stat, FsError> {
        self.stat(path)
    }
    /// The target of the symlink at `path`; `Invalid` (EINVAL) when it is not a symlink.
    fn readlink(&self, path: &str) -> Result<String, FsError> {
        self.lstat(path)?.link.ok_or(FsError::Invalid)
    }
    /// Entry names of a directory, sorted.
    fn list(&self, path: &str) -> Result<Vec<String>, FsError>;
    fn mkdir(&mut self, path: &str) -> Result<(), FsError>;
    /// Removes a file or an empty directory.
    fn remove(&mut self, path: &str) -> Result<(), FsError>;
    fn chmod(&mut self, path: &str, mode: u32) -> Result<(), FsError>;
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Stat {
    pub is_dir: bool,
    /// Permission bits (0o644, 0o555, …).
    pub mode: u32,
    pub size: u64,
    pub mtime_ms: i64,
    /// Whether the mount holding it is read-only (secret and configMap volumes are).
    pub read_only: bool,
    /// Hard links, `ls -l`'s second column (a directory has 2 plus one per subdirectory).
    pub nlink: u32,
    /// Allocated 512-byte blocks (st_blocks), what `ls -l`'s `total` adds up.
    pub blocks: u64,
    /// From `lstat` of a symlink: its target (the other fields describe the link itself).
    pub link: Option<String>,
}

impl Stat {
    /// A regular file on a disk filesystem: 4 KiB blocks.
    pub fn file(mode: u32, size: u64, mtime_ms: i64, read_only: bool) -> Stat {
        Stat {
            is_dir: false,
            mode,
            size,
            mtime_ms,
            read_only,
            nlink: 1,
            blocks: size.div_ceil(4096) * 8,
            link: None,
        }
    }

    /// A directory on a disk filesystem (one 4 KiB block) with `subdirs` subdirectories.
    pub fn dir(mode: u32, subdirs: u32, mtime_ms: i64, read_only: bool) -> Stat {
        Stat {
            is_dir: true,
            mode,
            size: 4096,
            mtime_ms,
            read_only,
            nlink: 2 + subdirs,
            blocks: 8,
            link: None,
        }
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum FsError {
    NotFound,
    NotADirectory,
    IsADirectory,
    NotEmpty,
    ReadOnly,
    PermissionDenied,
    Exists,
    /// A bound (file size, file count) was hit.
    NoSpace,
    /// Too many symlinks in one lookup (ELOOP).
    Loop,
    /// EINVAL, e.g. `readlink` of something that is not a symlink.
    Invalid,
}

/// A DNS answer as the cluster DNS server gives it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Resolution {
    /// The DNS server (`10.96.0.10`) and its reverse name (`kube-dns.kube-system.svc.cluster.local`).
    pub server: (String, String),
    /// The fully qualified name that matched, if any.
    pub fqdn: Option<String>,
    /// (IP, reverse name) per A record, in answer order; empty means NXDOMAIN.
    pub addresses: Vec<(String, String)>,
}

/// The other end of a connection, as far as clients care.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Peer {
    pub ip: String,
    /// What listens there (`postgres`, `nginx`, …), so clients can speak its protocol.
    pub server: String,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum NetError {
    /// The name does not resolve.
    UnknownHost,
    /// Nothing listens on that port.
    Refused,
    /// No answer (e.g. a Service with no ready endpoints).
    Timeout,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct HttpResponse {
    pub status: u16,
    pub body: String,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Protocol {
    Tcp,
    Udp,
}

/// What a process does next.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Step {
    /// It exited with this status.
    Exit(i32),
    /// It sleeps (or computes) for this many simulated milliseconds; call `resume` again after.
    Sleep(u64),
    /// It runs until signalled (a server, `sleep infinity`, `tail -f`).
    Block,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Signal {
    Term,
    Kill,
}
