//! The learner's workstation: the text tools a script pipes into (`grep`, `head`, `tail`, `wc`,
//! `sort`, `uniq`, `cut`, `tr`, `base64`, `cat`, `seq`, and `echo` and `printf`, which bash has built in
//! and which behave as busybox's do) are kubeplay-shell's applets running on a host
//! whose files are the session's files and whose userland is GNU (coreutils 9, grep 3, a UTF-8
//! locale) rather than busybox: GNU's option parsing (`getopt.rs`), error words and `wc` layout.

mod getopt;

use crate::files::Files;
use crate::{Simulation, Transcript};
use kubeplay_shell::{Fs, FsError, Host, HttpResponse, NetError, Peer, Process, Protocol, Resolution, Stat, Step, Userland};

/// The tools, sorted; each is also a command of the script table (`commands::COMMANDS`).
pub const TOOLS: &[&str] = &["base64", "cat", "cut", "echo", "grep", "head", "printf", "seq", "sort", "tail", "tr", "uniq", "wc"];

/// The tools whose operands are files.
const READ_FILES: &[&str] = &["base64", "cat", "cut", "grep", "head", "sort", "tail", "uniq", "wc"];

/// The working directory the tools see; paths under it are the session's relative paths.
const CWD: &str = "/home/learner";

pub fn is_tool(name: &str) -> bool {
    TOOLS.contains(&name)
}

/// Runs a tool with `stdin` (a pipe's contents, a heredoc, a `<` file) over the session's files.
pub fn run(sim: &mut Simulation, argv: &[String], stdin: Option<String>) -> Transcript {
    let mut t = Transcript::default();
    let Some(name) = argv.first() else { return t };
    let args = match getopt::normalize(name, &argv[1..]) {
        Ok(a) => a,
        Err((msg, status)) => {
            t.err(msg);
            t.status = status;
            return t;
        }
    };
    let mut full = vec![name.clone()];
    full.extend(args);
    let now_ms = sim.now_ms();
    let mut host = Workstation { fs: WorkFs { files: &mut sim.files, now_ms }, now_ms, out: t };
    let mut p = Process::spawn(full, Vec::new(), CWD).with_stdin(stdin.unwrap_or_default());
    // An applet runs to its end within one resume; a second is only for its computing time.
    let mut status = 1;
    for _ in 0..4 {
        match p.resume(&mut host) {
            Step::Exit(s) => {
                status = s;
                break;
            }
            Step::Sleep(_) => continue,
            Step::Block => break,
        }
    }
    let mut t = host.out;
    t.status = status;
    t
}

/// The file operands of a tool's command line (for `script::referenced_files`): its arguments
/// that are not options or option values, grep's pattern excepted.
pub fn file_operands(argv: &[String]) -> Vec<String> {
    let Some(name) = argv.first().filter(|n| READ_FILES.contains(&n.as_str())) else { return Vec::new() };
    let Ok(args) = getopt::normalize(name, &argv[1..]) else { return Vec::new() };
    let mut operands = getopt::operands(name, &args);
    if name == "grep" && !args.iter().any(|a| a == "-e" || a == "-f") && !operands.is_empty() {
        operands.remove(0);
    }
    operands.retain(|o| o != "-");
    operands
}

struct Workstation<'a> {
    fs: WorkFs<'a>,
    now_ms: i64,
    out: Transcript,
}

struct WorkFs<'a> {
    files: &'a mut Files,
    now_ms: i64,
}

impl WorkFs<'_> {
    /// The session's name for an absolute path the shell normalised.
    fn key(path: &str) -> &str {
        match path.strip_prefix(CWD) {
            Some("") => ".",
            Some(rest) if rest.starts_with('/') => &rest[1..],
            _ => path,
        }
    }
}

impl Fs for WorkFs<'_> {
    fn read(&self, path: &str) -> Result<Vec<u8>, FsError> {
        let key = Self::key(path);
        match self.files.get(key) {
            Some(t) => Ok(t.as_bytes().to_vec()),
            None if self.files.is_dir(key) => Err(FsError::IsADirectory),
            None => Err(FsError::NotFound),
        }
    }
    fn write(&mut self, path: &str, data: &[u8], append: bool) -> Result<(), FsError> {
        let key = Self::key(path);
        let mut text = if append { self.files.get(key).unwrap_or("").to_string() } else { String::new() };
        text.push_str(&String::from_utf8_lossy(data));
        if text.len() > crate::script::MAX_FILE_BYTES || !self.files.add(key, &text) {
            return Err(FsError::NoSpace);
        }
        Ok(())
    }
    fn stat(&self, path: &str) -> Result<Stat, FsError> {
        let key = Self::key(path);
        match self.files.get(key) {
            Some(t) => Ok(Stat::file(0o644, t.len() as u64, self.now_ms, false)),
            None if self.files.is_dir(key) => Ok(Stat::dir(0o755, 0, self.now_ms, false)),
            None => Err(FsError::NotFound),
        }
    }
    fn list(&self, path: &str) -> Result<Vec<String>, FsError> {
        let key = Self::key(path);
        if !self.files.is_dir(key) {
            return Err(if self.files.get(key).is_some() { FsError::NotADirectory } else { FsError::NotFound });
        }
        let prefix = if key == "." { String::new() } else { format!("{key}/") };
        let mut names: Vec<String> = self
            .files
            .paths()
            .filter_map(|p| p.strip_prefix(prefix.as_str()))
            .filter(|rest| !rest.starts_with('/'))
            .map(|rest| rest.split('/').next().unwrap_or(rest).to_string())
            .collect();
        names.dedup();
        Ok(names)
    }
    fn mkdir(&mut self, _: &str) -> Result<(), FsError> {
        Err(FsError::PermissionDenied)
    }
    fn remove(&mut self, _: &str) -> Result<(), FsError> {
        Err(FsError::PermissionDenied)
    }
    fn chmod(&mut self, _: &str, _: u32) -> Result<(), FsError> {
        Err(FsError::PermissionDenied)
    }
}

impl Host for Workstation<'_> {
    fn now_ms(&self) -> i64 {
        self.now_ms
    }
    fn random(&mut self) -> u32 {
        4 // no tool of the workstation draws a random number
    }
    fn stdout(&mut self, text: &str) {
        self.out.out(text);
    }
    fn stderr(&mut self, text: &str) {
        self.out.err(text);
    }
    fn fs(&mut self) -> &mut dyn Fs {
        &mut self.fs
    }
    fn hostname(&self) -> String {
        "workstation".into()
    }
    fn resolve(&self, _: &str) -> Resolution {
        Resolution { server: ("127.0.0.53".into(), "localhost".into()), fqdn: None, addresses: Vec::new() }
    }
    fn connect(&mut self, _: &str, _: u16) -> Result<Peer, NetError> {
        Err(NetError::UnknownHost)
    }
    fn peer_fs(&mut self, _: &str, _: u16, _: &mut dyn FnMut(&mut dyn Fs)) -> Result<Peer, NetError> {
        Err(NetError::UnknownHost)
    }
    fn http_get(&mut self, _: &str, _: u16, _: &str) -> Result<HttpResponse, NetError> {
        Err(NetError::UnknownHost)
    }
    fn listen(&mut self, _: u16, _: Protocol) {}
    fn has_program(&self, name: &str) -> bool {
        is_tool(name)
    }
    fn userland(&self) -> Userland {
        Userland::Gnu
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn sim() -> Simulation {
        let mut sim = Simulation::new(1, 1_735_689_600_000);
        sim.files.add("manifests/pod.yaml", "kind: Pod\nmetadata:\n  name: web\n");
        sim.files.add("notes.txt", "one\ntwo\n");
        sim
    }

    fn run_line(sim: &mut Simulation, line: &str, stdin: &str) -> (i32, String) {
        let argv: Vec<String> = line.split(' ').map(str::to_string).collect();
        let t = run(sim, &argv, Some(stdin.to_string()));
        (t.status, t.text())
    }

    #[test]
    fn tools_read_the_session_files_and_stdin() {
        let mut sim = sim();
        assert_eq!(run_line(&mut sim, "grep name manifests/pod.yaml", ""), (0, "  name: web\n".into()));
        assert_eq!(run_line(&mut sim, "wc -l notes.txt ./manifests/pod.yaml", ""), (0, " 2 notes.txt\n 3 ./manifests/pod.yaml\n 5 total\n".into()));
        assert_eq!(run_line(&mut sim, "cat notes.txt -", "three\n"), (0, "one\ntwo\nthree\n".into()));
        assert_eq!(run_line(&mut sim, "head -1 notes.txt", ""), (0, "one\n".into()));
        assert_eq!(run_line(&mut sim, "cat manifests", ""), (1, "cat: manifests: Is a directory\n".into()));
        assert_eq!(run_line(&mut sim, "grep Running -c", "a Running\nb\n"), (0, "1\n".into()), "GNU grep takes options after operands");
        assert_eq!(run_line(&mut sim, "base64 --decode", "a2lhbW9s"), (0, "kiamol".into()));
        assert_eq!(run_line(&mut sim, "sort --rev", "a\nb\n"), (0, "b\na\n".into()), "long options by unambiguous prefix");
    }

    #[test]
    fn file_operands_skip_options_values_and_patterns() {
        let ops = |s: &str| file_operands(&s.split(' ').map(str::to_string).collect::<Vec<_>>());
        assert_eq!(ops("grep -A 3 Running pods.txt -"), ["pods.txt"]);
        assert_eq!(ops("grep -e x -e y a b"), ["a", "b"]);
        assert_eq!(ops("head -n 3 a.txt"), ["a.txt"]);
        assert_eq!(ops("cut -d : -f 1 /etc/passwd"), ["/etc/passwd"]);
        assert_eq!(ops("tr a-z A-Z"), Vec::<String>::new());
        assert_eq!(ops("echo a.txt"), Vec::<String>::new());
        assert_eq!(ops("kubectl get pods"), Vec::<String>::new());
    }
}
