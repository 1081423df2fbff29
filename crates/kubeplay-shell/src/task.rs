//! What runs inside a process: tasks (a shell, `sleep`, a server program), where their output
//! goes, and the context every command gets (host, I/O, environment, time cost).

use crate::{Host, Signal};

/// Most bytes one captured output (`$(...)`, a pipe) may hold; more is dropped with a note,
/// so a runaway `yes | head` cannot eat the browser's memory.
pub const MAX_CAPTURE_BYTES: usize = 1 << 20;
/// Most bytes one `resume` may write to the container log before the rest is dropped.
pub const MAX_LOG_BYTES_PER_RESUME: usize = 4 << 20;

/// Where one output stream goes.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Out {
    /// The container log (host.stdout / host.stderr, by stream).
    Host,
    /// `/dev/null`.
    Null,
    /// A file, appended to (a `>` redirection truncates it once when it is set up).
    File(String),
    /// The task's capture buffer (a pipe or `$(...)`).
    Buffer,
}

/// A task's standard streams.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Io {
    pub out: Out,
    pub err: Out,
    /// Standard input, whole (here-docs, `<` files and pipes are all finite here).
    pub stdin: String,
}

impl Default for Io {
    fn default() -> Self {
        Io {
            out: Out::Host,
            err: Out::Host,
            stdin: String::new(),
        }
    }
}

/// Ordered variables (exported or not); a `Vec` keeps `env` output in definition order.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Env {
    pub vars: Vec<(String, String)>,
}

impl Env {
    pub fn get(&self, name: &str) -> Option<&str> {
        self.vars
            .iter()
            .find(|(k, _)| k == name)
            .map(|(_, v)| v.as_str())
    }
}

/// Everything a command sees while it runs: the host, its streams, environment and directory.
pub struct Cx<'a> {
    pub host: &'a mut dyn Host,
    pub io: &'a Io,
    /// Capture buffer for `Out::Buffer` streams.
    pub buf: &'a mut String,
    pub env: &'a Env,
    pub cwd: &'a str,
    /// Simulated milliseconds this command costs (network round trips, computation).
    pub cost_ms: u64,
    /// Bytes written to the log so far in this resume (shared budget).
    pub logged: &'a mut usize,
}

impl Cx<'_> {
    pub fn out(&mut self, text: &str) {
        let target = self.io.out.clone();
        self.write(&target, text, false);
    }
    pub fn err(&mut self, text: &str) {
        let target = self.io.err.clone();
        self.write(&target, text, true);
    }
    fn write(&mut self, target: &Out, text: &str, is_err: bool) {
        if text.is_empty() {
            return;
        }
        match target {
            Out::Null => {}
            Out::Buffer => push_bounded(self.buf, text),
            Out::Host => {
                if *self.logged >= MAX_LOG_BYTES_PER_RESUME {
                    return;
                }
                *self.logged += text.len();
                if is_err {
                    self.host.stderr(text);
                } else {
                    self.host.stdout(text);
                }
            }
            Out::File(path) => {
                if let Err(e) = self.host.fs().write(path, text.as_bytes(), true) {
                    // The shell reports a failed write on stderr of the log, like a real EIO/ENOSPC.
                    let msg = format!("sh: write error: {}\n", crate::path::fs_error_text(e));
                    if !is_err {
                        self.host.stderr(&msg);
                    }
                }
            }
        }
    }
    /// Whether the tools behave as GNU's (a workstation) rather than busybox's.
    pub fn gnu(&self) -> bool {
        self.host.userland() == crate::Userland::Gnu
    }
    /// A variable of the command's environment.
    pub fn var(&self, name: &str) -> Option<&str> {
        self.env.get(name)
    }
    /// An absolute, normalised path for `p` relative to the working directory.
    pub fn abs(&self, p: &str) -> String {
        crate::path::join(self.cwd, p)
    }
}

/// Appends to a capture buffer, stopping at `MAX_CAPTURE_BYTES`.
pub fn push_bounded(buf: &mut String, text: &str) {
    if buf.len() >= MAX_CAPTURE_BYTES {
        return;
    }
    let room = MAX_CAPTURE_BYTES - buf.len();
    if text.len() <= room {
        buf.push_str(text);
    } else {
        let mut cut = room;
        while cut > 0 && !text.is_char_boundary(cut) {
            cut -= 1;
        }
        buf.push_str(&text[..cut]);
    }
}

/// What a task does next, as its driver sees it.
pub enum Outcome {
    Exit(i32),
    Sleep(u64),
    Block,
    /// Start a child and wait for it; its exit status comes back on the next resume.
    Spawn(Task),
    /// Replace this task with another (`exec`): same PID, same streams.
    Exec(Task),
}

/// A program that runs over several resumes (servers, the postgres entrypoint, `sleep`).
pub trait Program {
    /// `child` is the exit status of the child this program spawned last, if it just ended.
    fn resume(&mut self, cx: &mut Cx, child: Option<i32>) -> Outcome;
    /// A signal delivered while this program is PID 1; `Some(status)` if it ends now.
    fn signal(&mut self, sig: Signal, cx: &mut Cx) -> Option<i32>;
    fn describe(&self) -> String;
}

/// One running thing in a process's stack of waiting parents and children.
pub struct Task {
    pub kind: TaskKind,
    pub io: Io,
    pub env: Env,
    pub cwd: String,
    /// Captured output (for `Out::Buffer` streams) that goes to the parent when this task ends.
    pub buf: String,
}

pub enum TaskKind {
    Shell(Box<crate::sh::vm::Shell>),
    Program(Box<dyn Program>),
}

impl Task {
    pub fn describe(&self) -> String {
        match &self.kind {
            TaskKind::Shell(sh) => sh.describe(),
            TaskKind::Program(p) => p.describe(),
        }
    }
}
