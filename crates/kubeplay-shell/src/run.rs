//! Running tasks: the driver that resumes a stack of waiting parents and children, either for a
//! real `resume` (sleeps end it) or synchronously (`$(...)`, pipes: sleeps are summed), and the
//! launcher that turns an argv into a builtin result or a task.

use crate::applets;
use crate::programs;
use crate::sh::vm::Shell;
use crate::task::{push_bounded, Cx, Env, Io, Out, Outcome, Task, TaskKind};
use crate::{Host, Step};

/// Deepest stack of processes waiting on each other (a script running a script …).
pub const MAX_TASK_DEPTH: usize = 32;
/// Most task switches in one resume (each is a child starting or ending).
pub const MAX_SWITCHES_PER_RESUME: usize = 10_000;

/// How a synchronous run ended.
pub enum SyncEnd {
    /// Exit status, captured output, simulated milliseconds it took.
    Exited(i32, String, u64),
    /// Something in it runs forever (a server, `sleep infinity`): the caller hangs too.
    Blocked,
}

/// Resumes one task.
pub fn resume_task(
    t: &mut Task,
    host: &mut dyn Host,
    child: Option<i32>,
    logged: &mut usize,
) -> Outcome {
    match &mut t.kind {
        TaskKind::Shell(sh) => sh.resume(host, &t.io, &mut t.buf, logged, child),
        TaskKind::Program(p) => {
            let mut cx = Cx {
                host,
                io: &t.io,
                buf: &mut t.buf,
                env: &t.env,
                cwd: &t.cwd,
                cost_ms: 0,
                logged,
            };
            let o = p.resume(&mut cx, child);
            // A program's compute cost is spent before what it returns takes effect.
            match (o, cx.cost_ms) {
                (o, 0) => o,
                (Outcome::Sleep(ms), c) => Outcome::Sleep(ms.saturating_add(c)),
                (o, _) => o,
            }
        }
    }
}

/// The process driver: runs the top of `stack` until the process sleeps, blocks or exits.
/// `pending` is the exit status of a child that ended at the end of the previous resume.
pub fn drive(
    stack: &mut Vec<Task>,
    host: &mut dyn Host,
    pending: &mut Option<i32>,
    logged: &mut usize,
) -> Step {
    for _ in 0..MAX_SWITCHES_PER_RESUME {
        let Some(top) = stack.last_mut() else {
            return Step::Exit(0);
        };
        let child = pending.take();
        match resume_task(top, host, child, logged) {
            Outcome::Exit(s) => {
                let done = stack.pop();
                match stack.last_mut() {
                    Some(parent) => {
                        if let Some(d) = done {
                            if d.io.out == Out::Buffer || d.io.err == Out::Buffer {
                                push_bounded(&mut parent.buf, &d.buf);
                            }
                        }
                        *pending = Some(s);
                    }
                    None => return Step::Exit(s),
                }
            }
            Outcome::Sleep(ms) => return Step::Sleep(ms),
            Outcome::Block => return Step::Block,
            Outcome::Spawn(t) => {
                if stack.len() >= MAX_TASK_DEPTH {
                    host.stderr(&format!(
                        "sh: can't fork: more than {MAX_TASK_DEPTH} nested processes\n"
                    ));
                    *pending = Some(126);
                } else {
                    stack.push(t);
                }
            }
            Outcome::Exec(t) => {
                if let Some(top) = stack.last_mut() {
                    *top = t;
                }
            }
        }
    }
    host.stderr(&format!(
        "sh: stopped: more than {MAX_SWITCHES_PER_RESUME} process starts in one step\n"
    ));
    stack.clear();
    Step::Exit(1)
}

/// Runs a task to its end synchronously: sleeps add up instead of yielding.
pub fn run_sync(task: Task, host: &mut dyn Host, logged: &mut usize) -> SyncEnd {
    let mut stack = vec![task];
    let mut pending = None;
    let mut total: u64 = 0;
    for _ in 0..MAX_SWITCHES_PER_RESUME {
        let Some(top) = stack.last_mut() else { break };
        let child = pending.take();
        match resume_task(top, host, child, logged) {
            Outcome::Exit(s) => {
                let done = stack.pop();
                let out = done.map(|d| d.buf).unwrap_or_default();
                match stack.last_mut() {
                    Some(parent) => {
                        push_bounded(&mut parent.buf, &out);
                        pending = Some(s);
                    }
                    None => return SyncEnd::Exited(s, out, total),
                }
            }
            Outcome::Sleep(ms) => total = total.saturating_add(ms),
            Outcome::Block => return SyncEnd::Blocked,
            Outcome::Spawn(t) => {
                if stack.len() >= MAX_TASK_DEPTH {
                    pending = Some(126);
                } else {
                    stack.push(t);
                }
            }
            Outcome::Exec(t) => {
                if let Some(top) = stack.last_mut() {
                    *top = t;
                }
            }
        }
    }
    SyncEnd::Exited(1, String::new(), total)
}

/// What starting a command gave.
pub enum Launched {
    /// It ran to completion already (an applet): its status.
    Done(i32),
    /// It runs as a task over resumes.
    Task(Task),
    /// `X: not found` (127).
    NotFound,
    /// A file that is not executable, or a directory (126).
    Denied,
}

/// Why a file can't be run as a script.
pub enum FileExec {
    Script { text: String, interp: String },
    NotFound,
    Denied,
}

/// Checks a file for execution: exists, has an x bit, is a script we can run.
pub fn file_exec(host: &mut dyn Host, path: &str) -> FileExec {
    let st = match host.fs().stat(path) {
        Ok(s) => s,
        Err(_) => return FileExec::NotFound,
    };
    if st.is_dir || st.mode & 0o111 == 0 {
        return FileExec::Denied;
    }
    let text = match host.fs().read(path) {
        Ok(b) => String::from_utf8_lossy(&b).into_owned(),
        Err(_) => return FileExec::Denied,
    };
    let first = text.lines().next().unwrap_or("");
    let interp = match first.strip_prefix("#!") {
        None => "sh".to_string(), // ENOEXEC: the shell runs it itself
        Some(rest) => {
            let mut words = rest.split_whitespace();
            let prog = words.next().unwrap_or("");
            let base = crate::path::basename(prog);
            if base == "env" || base == "busybox" {
                words.next().map(crate::path::basename).unwrap_or_default()
            } else {
                base
            }
        }
    };
    if !matches!(interp.as_str(), "sh" | "bash" | "ash" | "dash") || !host.has_program(&interp) {
        return FileExec::NotFound;
    }
    FileExec::Script { text, interp }
}

/// Where `launch` gets the environment from: an `Env`, or a `LazyEnv` made when first read.
pub trait EnvSource {
    fn env(&self) -> &Env;
}

impl EnvSource for Env {
    fn env(&self) -> &Env {
        self
    }
}

/// Starts `argv` with streams `io`, environment `env` (exported variables) in `cwd`.
#[allow(clippy::too_many_arguments)] // the pieces of a Cx, borrowed separately from their owners
pub fn launch(
    host: &mut dyn Host,
    io: &Io,
    buf: &mut String,
    logged: &mut usize,
    env: &dyn EnvSource,
    cwd: &str,
    argv: &[String],
    cost: &mut u64,
) -> Launched {
    let Some(name) = argv.first() else {
        return Launched::Done(0);
    };
    let base = base_name(name);
    let has_slash = name.contains('/');
    let mk = |kind: TaskKind| Task {
        // A shell keeps its variables itself and never reads its task's (as for subshells).
        env: if matches!(kind, TaskKind::Shell(_)) {
            Env::default()
        } else {
            env.env().clone()
        },
        kind,
        io: io.clone(),
        cwd: cwd.to_string(),
        buf: String::new(),
    };

    if matches!(base, "sh" | "bash" | "ash") && host.has_program(base) {
        // The shell reads the environment only if it has something to run.
        return match Shell::from_args(base, &argv[1..], env, cwd, &io.stdin, host) {
            Ok(sh) => Launched::Task(mk(TaskKind::Shell(Box::new(sh)))),
            Err(status) => Launched::Done(status),
        };
    }
    let env = env.env();
    if programs::is_program(base) && host.has_program(base) {
        let mut cx = Cx {
            host,
            io,
            buf,
            env,
            cwd,
            cost_ms: 0,
            logged,
        };
        let r = programs::start(base, argv, &mut cx);
        *cost = cost.saturating_add(cx.cost_ms);
        return match r {
            programs::Started::Done(s) => Launched::Done(s),
            programs::Started::Run(p) => Launched::Task(mk(TaskKind::Program(p))),
        };
    }
    if applets::is_applet(base) && host.has_program(base) && (!has_slash || is_bin_dir(name)) {
        if base == "sleep" {
            let mut cx = Cx {
                host,
                io,
                buf,
                env,
                cwd,
                cost_ms: 0,
                logged,
            };
            return match applets::sleep::start(&mut cx, argv) {
                Ok(p) => Launched::Task(mk(TaskKind::Program(Box::new(p)))),
                Err(status) => Launched::Done(status),
            };
        }
        let mut cx = Cx {
            host,
            io,
            buf,
            env,
            cwd,
            cost_ms: 0,
            logged,
        };
        let s = applets::run(base, &mut cx, argv);
        *cost = cost.saturating_add(cx.cost_ms);
        return Launched::Done(s);
    }
    if !has_slash {
        return Launched::NotFound;
    }
    let path = crate::path::join(cwd, name);
    match file_exec(host, &path) {
        FileExec::NotFound => Launched::NotFound,
        FileExec::Denied => Launched::Denied,
        FileExec::Script { text, interp } => {
            let sh = Shell::from_script(&interp, name, &text, &argv[1..], env, cwd);
            Launched::Task(mk(TaskKind::Shell(Box::new(sh))))
        }
    }
}

/// `path::basename` without a copy (every process start looks at its argv[0]'s).
pub(crate) fn base_name(p: &str) -> &str {
    let t = p.trim_end_matches('/');
    if t.is_empty() {
        return if p.is_empty() { "" } else { "/" };
    }
    t.rsplit('/').next().unwrap_or(t)
}

/// `/bin/ls`, `/usr/bin/env`: busybox applets are installed there.
fn is_bin_dir(name: &str) -> bool {
    let d = crate::path::dirname(name);
    matches!(
        d.as_str(),
        "/bin" | "/sbin" | "/usr/bin" | "/usr/sbin" | "/usr/local/bin"
    )
}
