//! `Process`: what the kubelet runs — argv resolved like a container runtime's exec, a stack of
//! tasks driven across `resume` calls, and signals with Linux PID-1 semantics.

use crate::run::{drive, file_exec, FileExec};
use crate::sh::vm::Shell;
use crate::task::{Cx, Env, Io, Task, TaskKind};
use crate::{Host, Signal, Step};
use std::cell::OnceCell;
use std::rc::Rc;

/// An environment made the first time something reads it (a container's: its variables are
/// worked out only if its process, an exec or a probe needs them).
pub struct LazyEnv {
    env: OnceCell<Env>,
    make: Box<dyn Fn() -> Env>,
}

impl LazyEnv {
    /// `make` must depend only on what it captured, so the variables are the same whenever it runs.
    pub fn new(make: impl Fn() -> Env + 'static) -> LazyEnv {
        LazyEnv { env: OnceCell::new(), make: Box::new(make) }
    }

    /// An environment already made.
    pub fn ready(env: Env) -> LazyEnv {
        LazyEnv { env: OnceCell::from(env), make: Box::new(Env::default) }
    }

    pub fn get(&self) -> &Env {
        self.env.get_or_init(|| (self.make)())
    }
}

impl Default for LazyEnv {
    fn default() -> Self {
        LazyEnv::ready(Env::default())
    }
}

impl crate::run::EnvSource for LazyEnv {
    fn env(&self) -> &Env {
        self.get()
    }
}

/// A running container process (or an exec'd command).
pub struct Process {
    /// PID 1 at the bottom, the running child on top.
    stack: Vec<Task>,
    /// Not started yet: argv, env and cwd wait for the first resume (which has the host). The
    /// environment may be shared with whoever spawned the process (a container's, which its
    /// execs and probes get too); the process only reads it.
    pending_start: Option<(Vec<String>, Rc<LazyEnv>, String)>,
    /// Exit status of a child that ended at the end of the previous resume.
    child_status: Option<i32>,
    exited: Option<i32>,
    desc: String,
    /// What the process reads on standard input (empty unless given with `with_stdin`).
    stdin: String,
}

impl Process {
    /// Starts argv (the container's command+args, already combined, or an exec'd command) with
    /// env (ordered pairs) in cwd. Resolution happens on the first `resume`, which has the host.
    pub fn spawn(argv: Vec<String>, env: Vec<(String, String)>, cwd: &str) -> Process {
        Process::spawn_shared(argv, Rc::new(LazyEnv::ready(Env { vars: env })), cwd)
    }

    /// `spawn` with an environment shared with the caller and made when first read: nothing
    /// makes or copies it unless what runs reads it (a shell with nothing to run does not).
    pub fn spawn_shared(argv: Vec<String>, env: Rc<LazyEnv>, cwd: &str) -> Process {
        let desc = argv.first().cloned().unwrap_or_default();
        Process {
            stack: Vec::new(),
            pending_start: Some((argv, env, cwd.to_string())),
            child_status: None,
            exited: None,
            desc,
            stdin: String::new(),
        }
    }

    /// The same process with `stdin` as its whole standard input (a pipe that was written and
    /// closed), as `printf … | cmd` gives it.
    pub fn with_stdin(mut self, stdin: String) -> Process {
        self.stdin = stdin;
        self
    }

    fn start(&mut self, host: &mut dyn Host) -> Option<Step> {
        let (argv, env, cwd) = self.pending_start.take()?;
        let io = Io {
            stdin: std::mem::take(&mut self.stdin),
            ..Io::default()
        };
        let mut buf = String::new();
        let mut logged = 0usize;
        let mut cost = 0;
        let r = crate::run::launch(
            host,
            &io,
            &mut buf,
            &mut logged,
            &*env,
            &cwd,
            &argv,
            &mut cost,
        );
        let name = argv.first().map_or("", String::as_str);
        match r {
            crate::run::Launched::Task(t) => {
                self.desc = t.describe();
                self.stack.push(t);
                if cost > 0 {
                    return Some(Step::Sleep(cost));
                }
                None
            }
            crate::run::Launched::Done(s) => {
                self.desc = format!("busybox {}", crate::path::basename(name));
                self.exited = Some(s);
                Some(if cost > 0 {
                    Step::Sleep(cost)
                } else {
                    Step::Exit(s)
                })
            }
            crate::run::Launched::NotFound | crate::run::Launched::Denied => {
                let msg = resolve_entrypoint(name, host).err().unwrap_or_else(|| {
                    format!("exec: \"{name}\": executable file not found in $PATH")
                });
                host.stderr(&format!("{msg}\n"));
                self.exited = Some(127);
                Some(Step::Exit(127))
            }
        }
    }

    /// Runs until the process exits, sleeps, or blocks for good; output goes to host.stdout/stderr.
    pub fn resume(&mut self, host: &mut dyn Host) -> Step {
        if let Some(s) = self.exited {
            if self.stack.is_empty() {
                return Step::Exit(s);
            }
        }
        if let Some(step) = self.start(host) {
            return step;
        }
        let mut logged = 0usize;
        let step = drive(&mut self.stack, host, &mut self.child_status, &mut logged);
        if let Step::Exit(s) = step {
            self.stack.clear();
            self.exited = Some(s);
        }
        step
    }

    /// Delivers a signal. Some(status) if the process ends now (SIGKILL → 137; SIGTERM handled
    /// by a server → its status), None if ignored: a shell or `sleep` running as PID 1 has no
    /// default SIGTERM action, unless the script set `trap ... TERM`.
    pub fn signal(&mut self, sig: Signal, host: &mut dyn Host) -> Option<i32> {
        if let Some(s) = self.exited {
            return Some(s);
        }
        if sig == Signal::Kill {
            self.stack.clear();
            self.pending_start = None;
            self.exited = Some(137);
            return Some(137);
        }
        if self.pending_start.is_some() {
            // Not started: nothing handles the signal yet.
            return None;
        }
        let has_child = self.stack.len() > 1;
        let pid1 = self.stack.first_mut()?;
        let mut logged = 0usize;
        let r = match &mut pid1.kind {
            TaskKind::Shell(sh) => {
                sh.on_term(has_child, host, &pid1.io, &mut pid1.buf, &mut logged)
            }
            TaskKind::Program(p) => {
                let mut cx = Cx {
                    host,
                    io: &pid1.io,
                    buf: &mut pid1.buf,
                    env: &pid1.env,
                    cwd: &pid1.cwd,
                    cost_ms: 0,
                    logged: &mut logged,
                };
                p.signal(sig, &mut cx)
            }
        };
        if let Some(s) = r {
            self.stack.clear();
            self.exited = Some(s);
        }
        r
    }

    /// One line naming what it is modelled as, for `kubectl describe` notes.
    pub fn describe(&self) -> String {
        match self.stack.first() {
            Some(t) => t.describe(),
            None => self.desc.clone(),
        }
    }

    /// Whether the process has ended (and with which status).
    pub fn exit_status(&self) -> Option<i32> {
        self.exited
    }
}

/// Checks that a container entrypoint can start, as the runtime's exec would: Err is the
/// runtime's message (`exec: "foo": executable file not found in $PATH`, or for a file without
/// an x bit `exec: "/scripts/x.sh": permission denied`), which the kubelet shows in
/// RunContainerError.
pub fn resolve_entrypoint(argv0: &str, host: &mut dyn Host) -> Result<(), String> {
    let base = crate::run::base_name(argv0);
    let known = matches!(base, "sh" | "bash" | "ash")
        || crate::applets::is_applet(base)
        || crate::programs::is_program(base);
    if known && host.has_program(base) {
        return Ok(());
    }
    if !argv0.contains('/') {
        return Err(format!(
            "exec: \"{argv0}\": executable file not found in $PATH"
        ));
    }
    let path = crate::path::normalize(argv0);
    match file_exec(host, &path) {
        FileExec::Script { .. } => Ok(()),
        FileExec::Denied => Err(format!("exec: \"{argv0}\": permission denied")),
        FileExec::NotFound => match host.fs().stat(&path) {
            // The file exists but its interpreter does not.
            Ok(_) => Err(format!("exec: \"{argv0}\": no such file or directory")),
            Err(_) => Err(format!(
                "exec: \"{argv0}\": stat {argv0}: no such file or directory"
            )),
        },
    }
}

#[allow(dead_code)]
fn _assert_shell_is_usable(_: &Shell) {}
