//! The shell at run time: variables, a stack of frames (script, functions, `.`, `eval`, traps)
//! each with a program counter into compiled code, and the loop that runs instructions until a
//! command sleeps, starts a child, or the shell exits.

use std::collections::BTreeMap;
use std::sync::Arc;

use super::ast::{Node, Simple};
use super::compile::{compile, Code, Op};
use super::parse::{parse_program, SyntaxError};
use crate::run::{launch, EnvSource, Launched};
use crate::task::{Cx, Env, Io, Out, Outcome, Task, TaskKind};
use crate::Host;

/// A loop may run this many iterations in one resume without sleeping; then the shell stops
/// with a message (a busy loop would otherwise freeze the browser tab).
pub const MAX_LOOP_ITERATIONS: u64 = 100_000;
/// Instructions one resume may run (catches recursion without loops).
pub const MAX_OPS_PER_RESUME: u64 = 2_000_000;
/// Deepest function / `.` / `eval` nesting.
pub const MAX_FRAMES: usize = 200;
/// Largest value a variable may hold.
pub const MAX_VAR_BYTES: usize = 1 << 20;
/// Most variables a shell may define.
pub const MAX_VARS: usize = 10_000;
/// Deepest nesting of subshells run in place (`$(...)`, pipes): each level is Rust stack.
pub const MAX_SUBSHELL_NESTING: u32 = 24;

#[derive(Debug, Clone, PartialEq)]
pub(crate) struct Var {
    pub value: String,
    pub exported: bool,
}

#[derive(Debug, Clone, Copy, PartialEq)]
pub(crate) enum FrameKind {
    Main,
    Func,
    Source,
    Eval,
    Trap,
}

#[derive(Clone)]
pub(crate) struct Frame {
    pub code: Arc<Code>,
    pub pc: usize,
    pub fors: Vec<(Vec<String>, usize)>,
    pub cases: Vec<String>,
    pub kind: FrameKind,
    pub saved_positional: Option<Vec<String>>,
    /// `local` variables: their values before the function changed them.
    pub locals: Vec<(String, Option<Var>)>,
    /// Redirections pushed for this frame's call (popped with it).
    pub io_pushed: bool,
}

impl Frame {
    pub fn new(code: Arc<Code>, kind: FrameKind) -> Frame {
        let fors = vec![(Vec::new(), 0); code.for_slots];
        let cases = vec![String::new(); code.case_slots];
        Frame {
            code,
            pc: 0,
            fors,
            cases,
            kind,
            saved_positional: None,
            locals: Vec::new(),
            io_pushed: false,
        }
    }
}

/// The resumable shell.
#[derive(Clone)]
pub struct Shell {
    pub(crate) vars: BTreeMap<String, Var>,
    pub(crate) positional: Vec<String>,
    pub(crate) arg0: String,
    pub(crate) funcs: BTreeMap<String, Arc<Code>>,
    pub(crate) frames: Vec<Frame>,
    pub(crate) status: i32,
    pub(crate) errexit: bool,
    pub(crate) xtrace: bool,
    pub(crate) traps: BTreeMap<String, String>,
    /// The script path for `path: line N:` message prefixes; None for `sh -c`.
    pub(crate) script: Option<String>,
    pub(crate) cwd: String,
    pub(crate) ticks: u64,
    pub(crate) ops: u64,
    /// Redirections of enclosing groups / `exec >file`, with each one's stdin read position.
    pub(crate) io_stack: Vec<(Io, usize)>,
    pub(crate) stdin_pos: usize,
    /// Waiting for a child: whether `set -e` applies to its status.
    pub(crate) awaiting: Option<bool>,
    startup_error: Option<(String, i32)>,
    pub(crate) done: Option<i32>,
    pub(crate) blocked: bool,
    desc: String,
    pub(crate) line: usize,
    pub(crate) pending_ms: u64,
    /// Status of the last `$(...)`, which an assignment-only command returns.
    pub(crate) sub_status: Option<i32>,
    pub(crate) pid: u32,
    /// A TERM trap deferred until the running foreground child ends (as sh does).
    pending_trap: bool,
    /// While running a trap synchronously: return when the frame stack is back to this depth.
    stop_at: Option<usize>,
    /// How many subshells this one is nested in.
    pub(crate) nest: u32,
}

pub(crate) enum Flow {
    Next,
    Yield(Outcome),
}

impl Shell {
    fn base(env: &Env, cwd: &str, arg0: &str, script: Option<String>, desc: String) -> Shell {
        // Built in one pass from the sorted names rather than by one insert each (a container's
        // shell starts with a dozen variables). A name given twice keeps its last value, as
        // inserting them in order would.
        let mut pairs: Vec<&(String, String)> = env.vars.iter().collect();
        pairs.sort_by(|a, b| a.0.cmp(&b.0));
        pairs.dedup_by(|later, earlier| {
            let same = later.0 == earlier.0;
            if same {
                *earlier = *later;
            }
            same
        });
        let mut vars: BTreeMap<String, Var> = pairs
            .into_iter()
            .map(|(k, v)| {
                (
                    k.clone(),
                    Var {
                        value: v.clone(),
                        exported: true,
                    },
                )
            })
            .collect();
        vars.entry("PWD".to_string()).or_insert(Var {
            value: cwd.to_string(),
            exported: true,
        });
        Shell::with_vars(vars, cwd, arg0, script, desc)
    }

    /// A shell with these variables, before anything runs.
    fn with_vars(
        vars: BTreeMap<String, Var>,
        cwd: &str,
        arg0: &str,
        script: Option<String>,
        desc: String,
    ) -> Shell {
        Shell {
            vars,
            positional: Vec::new(),
            arg0: arg0.to_string(),
            funcs: BTreeMap::new(),
            frames: Vec::new(),
            status: 0,
            errexit: false,
            xtrace: false,
            traps: BTreeMap::new(),
            script,
            cwd: cwd.to_string(),
            ticks: 0,
            ops: 0,
            io_stack: Vec::new(),
            stdin_pos: 0,
            awaiting: None,
            startup_error: None,
            done: None,
            blocked: false,
            desc,
            line: 1,
            pending_ms: 0,
            sub_status: None,
            pid: 1,
            pending_trap: false,
            stop_at: None,
            nest: 0,
        }
    }

    fn load(&mut self, src: &str) {
        match parse_program(src) {
            Ok(node) => self
                .frames
                .push(Frame::new(Arc::new(compile(&node)), FrameKind::Main)),
            Err(e) => {
                let msg = self.syntax_msg(&e);
                self.startup_error = Some((msg, 2));
            }
        }
    }

    pub(crate) fn syntax_msg(&self, e: &SyntaxError) -> String {
        match &self.script {
            Some(p) => format!("{p}: line {}: {}\n", e.line, e.msg),
            None => format!("sh: {}\n", e.msg),
        }
    }

    /// A script file run as a program (`/scripts/startup.sh`, or `sh FILE`).
    pub fn from_script(
        interp: &str,
        path: &str,
        text: &str,
        args: &[String],
        env: &Env,
        cwd: &str,
    ) -> Shell {
        let desc = format!("shell script {path} ({interp})");
        let mut sh = Shell::base(env, cwd, path, Some(path.to_string()), desc);
        sh.positional = args.to_vec();
        sh.load(text);
        sh
    }

    /// `sh -c 'script' [name args...]` (or `sh -c` with options such as `-e`/`-x`).
    pub fn from_command(
        interp: &str,
        script: &str,
        name: Option<&str>,
        args: &[String],
        env: &dyn EnvSource,
        cwd: &str,
    ) -> Shell {
        if script.is_empty() {
            // Nothing to run (a container's `sh` reading an empty stdin): the shell exits 0 at
            // once without reading a variable, so it gets none (not even PWD), and there is no
            // program to parse. The description is the one below, `""` being the script.
            let desc = ["shell command \"\" (", interp, " -c)"].concat();
            let mut sh = Shell::with_vars(BTreeMap::new(), cwd, name.unwrap_or(interp), None, desc);
            sh.positional = args.to_vec();
            return sh;
        }
        let shown: String = script.chars().take(60).collect();
        let shown = if shown.len() < script.len() {
            format!("{shown}…")
        } else {
            shown
        };
        let desc = format!("shell command {:?} ({interp} -c)", shown);
        let mut sh = Shell::base(env.env(), cwd, name.unwrap_or(interp), None, desc);
        sh.positional = args.to_vec();
        sh.load(script);
        sh
    }

    /// Parses `sh` arguments: options, `-c SCRIPT [NAME ARGS]`, `FILE ARGS`, or stdin.
    pub fn from_args(
        interp: &str,
        args: &[String],
        env: &dyn EnvSource,
        cwd: &str,
        stdin: &str,
        host: &mut dyn Host,
    ) -> Result<Shell, i32> {
        let mut i = 0;
        let mut cmd = false;
        let (mut e, mut x) = (false, false);
        while i < args.len() {
            let a = &args[i];
            if a == "--" {
                i += 1;
                break;
            }
            if !(a.starts_with('-') || a.starts_with('+')) || a.len() < 2 {
                break;
            }
            for ch in a.chars().skip(1) {
                match ch {
                    'c' => cmd = true,
                    'e' => e = true,
                    'x' => x = true,
                    _ => {}
                }
            }
            i += 1;
        }
        let mut sh = if cmd {
            let Some(script) = args.get(i) else {
                host.stderr(&format!("{interp}: -c requires an argument\n"));
                return Err(2);
            };
            let name = args.get(i + 1).map(|s| s.as_str());
            let rest = if args.len() > i + 2 {
                &args[i + 2..]
            } else {
                &[]
            };
            Shell::from_command(interp, script, name, rest, env, cwd)
        } else if let Some(file) = args.get(i) {
            let path = crate::path::join(cwd, file);
            match host.fs().read(&path) {
                Ok(b) => {
                    let text = String::from_utf8_lossy(&b).into_owned();
                    Shell::from_script(interp, file, &text, &args[i + 1..], env.env(), cwd)
                }
                Err(_) => {
                    host.stderr(&format!(
                        "{interp}: can't open '{file}': No such file or directory\n"
                    ));
                    return Err(2);
                }
            }
        } else {
            Shell::from_command(interp, stdin, None, &[], env, cwd)
        };
        sh.errexit |= e;
        sh.xtrace |= x;
        Ok(sh)
    }

    /// A copy for `( ... )`, `$(...)` and pipeline elements: same variables and functions.
    pub(crate) fn subshell(&self, node: &Node) -> Shell {
        let mut s = self.clone();
        s.frames = vec![Frame::new(Arc::new(compile(node)), FrameKind::Main)];
        s.traps.clear();
        s.io_stack.clear();
        s.awaiting = None;
        s.done = None;
        s.pending_ms = 0;
        s.stop_at = None;
        s.pending_trap = false;
        s.pid = self.pid.wrapping_mul(7).wrapping_add(13) % 32768;
        s.nest = self.nest + 1;
        s
    }

    /// The error for a subshell nested too deeply (a recursive function in a pipe).
    pub(crate) fn too_deep(&self) -> Option<String> {
        (self.nest >= MAX_SUBSHELL_NESTING).then(|| {
            format!(
                "{}subshells nested too deeply (over {MAX_SUBSHELL_NESTING} levels)",
                self.prefix()
            )
        })
    }

    pub fn describe(&self) -> String {
        self.desc.clone()
    }

    /// The prefix of run-time error messages: `sh: ` or `/path: line N: `.
    pub(crate) fn prefix(&self) -> String {
        match &self.script {
            Some(p) => format!("{p}: line {}: ", self.line),
            None => "sh: ".to_string(),
        }
    }

    /// Exported variables, in name order, as a child's environment.
    pub(crate) fn exported(&self) -> Env {
        Env {
            vars: self
                .vars
                .iter()
                .filter(|(_, v)| v.exported)
                .map(|(k, v)| (k.clone(), v.value.clone()))
                .collect(),
        }
    }

    pub(crate) fn set_var(&mut self, name: &str, value: &str) -> Result<(), String> {
        if value.len() > MAX_VAR_BYTES {
            return Err(format!(
                "{name}: value too long (over {MAX_VAR_BYTES} bytes)"
            ));
        }
        if !self.vars.contains_key(name) && self.vars.len() >= MAX_VARS {
            return Err(format!("{name}: too many variables (over {MAX_VARS})"));
        }
        match self.vars.get_mut(name) {
            Some(v) => v.value = value.to_string(),
            None => {
                self.vars.insert(
                    name.to_string(),
                    Var {
                        value: value.to_string(),
                        exported: false,
                    },
                );
            }
        }
        if name == "PWD" {
            // keep cwd as the shell's own notion; PWD assignment alone does not cd
        }
        Ok(())
    }

    pub(crate) fn cur_io(&self, task_io: &Io) -> Io {
        match self.io_stack.last() {
            Some((io, _)) => io.clone(),
            None => task_io.clone(),
        }
    }

    pub(crate) fn err_msg(
        &self,
        host: &mut dyn Host,
        io: &Io,
        buf: &mut String,
        logged: &mut usize,
        text: &str,
    ) {
        let env = Env::default();
        let cur = self.cur_io(io);
        let mut cx = Cx {
            host,
            io: &cur,
            buf,
            env: &env,
            cwd: &self.cwd,
            cost_ms: 0,
            logged,
        };
        cx.err(text);
    }

    /// Resumes the shell; `child` is the exit status of the child it was waiting for.
    pub fn resume(
        &mut self,
        host: &mut dyn Host,
        io: &Io,
        buf: &mut String,
        logged: &mut usize,
        child: Option<i32>,
    ) -> Outcome {
        self.ticks = 0;
        self.ops = 0;
        if let Some((msg, st)) = self.startup_error.take() {
            self.err_msg(host, io, buf, logged, &msg);
            self.done = Some(st);
            return Outcome::Exit(st);
        }
        if let Some(d) = self.done {
            return Outcome::Exit(d);
        }
        if self.blocked {
            return Outcome::Block;
        }
        if let Some(s) = child {
            let errexit = self.awaiting.take().unwrap_or(false);
            self.status = s;
            if self.pending_trap {
                self.pending_trap = false;
                if let Some(st) = self.run_trap("TERM", host, io, buf, logged) {
                    return Outcome::Exit(st);
                }
            }
            if errexit && self.errexit && s != 0 {
                return self.finish(s, host, io, buf, logged);
            }
        }
        self.run(host, io, buf, logged)
    }

    /// SIGTERM while this shell is PID 1: ignored unless trapped (Linux gives PID 1 no default
    /// action). A trap runs now, or after the running foreground child ends, as sh defers it.
    pub fn on_term(
        &mut self,
        has_child: bool,
        host: &mut dyn Host,
        io: &Io,
        buf: &mut String,
        logged: &mut usize,
    ) -> Option<i32> {
        match self.traps.get("TERM") {
            None => None,
            Some(a) if a.is_empty() => None,
            Some(_) if has_child => {
                self.pending_trap = true;
                None
            }
            Some(_) => self.run_trap("TERM", host, io, buf, logged),
        }
    }

    /// Runs a trap action to its end; Some(status) if it exited the shell.
    fn run_trap(
        &mut self,
        sig: &str,
        host: &mut dyn Host,
        io: &Io,
        buf: &mut String,
        logged: &mut usize,
    ) -> Option<i32> {
        let action = self.traps.get(sig).cloned()?;
        if sig == "EXIT" {
            self.traps.remove("EXIT");
        }
        let node = match parse_program(&action) {
            Ok(n) => n,
            Err(e) => {
                let m = self.syntax_msg(&e);
                self.err_msg(host, io, buf, logged, &m);
                return None;
            }
        };
        let saved_status = self.status;
        let saved_awaiting = self.awaiting.take();
        let saved_stop = self.stop_at;
        let floor = self.frames.len();
        self.frames
            .push(Frame::new(Arc::new(compile(&node)), FrameKind::Trap));
        self.stop_at = Some(floor);
        let mut child = None;
        for _ in 0..crate::run::MAX_SWITCHES_PER_RESUME {
            if self.done.is_some() {
                break;
            }
            if let Some(s) = child.take() {
                self.status = s;
            }
            match self.run(host, io, buf, logged) {
                Outcome::Exit(_) => break,
                Outcome::Sleep(_) => {}
                Outcome::Block => break,
                Outcome::Spawn(t) | Outcome::Exec(t) => match crate::run::run_sync(t, host, logged)
                {
                    crate::run::SyncEnd::Exited(s, out, _) => {
                        crate::task::push_bounded(buf, &out);
                        child = Some(s);
                    }
                    crate::run::SyncEnd::Blocked => break,
                },
            }
        }
        self.stop_at = saved_stop;
        if self.done.is_some() {
            return self.done;
        }
        self.frames.truncate(floor);
        self.status = saved_status;
        self.awaiting = saved_awaiting;
        None
    }

    /// Ends the shell: the EXIT trap runs, then it exits with `status`.
    pub(crate) fn finish(
        &mut self,
        status: i32,
        host: &mut dyn Host,
        io: &Io,
        buf: &mut String,
        logged: &mut usize,
    ) -> Outcome {
        if self.done.is_some() {
            return Outcome::Exit(self.done.unwrap_or(status));
        }
        self.status = status;
        if self.traps.contains_key("EXIT") {
            self.stop_at = None;
            self.frames.clear();
            if let Some(s) = self.run_trap("EXIT", host, io, buf, logged) {
                return Outcome::Exit(s);
            }
        }
        self.frames.clear();
        self.done = Some(status);
        Outcome::Exit(status)
    }

    fn pop_frame(&mut self) {
        if let Some(f) = self.frames.pop() {
            if let Some(p) = f.saved_positional {
                self.positional = p;
            }
            for (name, old) in f.locals.into_iter().rev() {
                match old {
                    Some(v) => {
                        self.vars.insert(name, v);
                    }
                    None => {
                        self.vars.remove(&name);
                    }
                }
            }
            if f.io_pushed {
                self.io_stack.pop();
            }
        }
    }

    /// `return`: leaves frames up to the nearest function or `.` frame.
    pub(crate) fn do_return(&mut self) {
        while let Some(f) = self.frames.last() {
            let kind = f.kind;
            if kind == FrameKind::Main || kind == FrameKind::Trap {
                // `return` outside a function ends the script (ash does the same for a script).
                if let Some(f) = self.frames.last_mut() {
                    f.pc = f.code.ops.len();
                }
                return;
            }
            self.pop_frame();
            if kind == FrameKind::Func || kind == FrameKind::Source {
                return;
            }
        }
    }

    pub(crate) fn push_frame(&mut self, frame: Frame) -> Result<(), String> {
        if self.frames.len() >= MAX_FRAMES {
            return Err(format!(
                "function nesting too deep (over {MAX_FRAMES} levels)"
            ));
        }
        self.frames.push(frame);
        Ok(())
    }

    /// The instruction loop.
    fn run(
        &mut self,
        host: &mut dyn Host,
        io: &Io,
        buf: &mut String,
        logged: &mut usize,
    ) -> Outcome {
        loop {
            if let Some(floor) = self.stop_at {
                if self.frames.len() <= floor {
                    return Outcome::Exit(self.status);
                }
            }
            if self.done.is_some() {
                return Outcome::Exit(self.done.unwrap_or(0));
            }
            self.ops += 1;
            if self.ops > MAX_OPS_PER_RESUME {
                let m = format!("{}stopped: ran {MAX_OPS_PER_RESUME} steps without sleeping (kubeplay bounds busy scripts)\n", self.prefix());
                self.err_msg(host, io, buf, logged, &m);
                return self.finish(1, host, io, buf, logged);
            }
            let Some(frame) = self.frames.last_mut() else {
                let st = self.status;
                return self.finish(st, host, io, buf, logged);
            };
            if frame.pc >= frame.code.ops.len() {
                self.pop_frame();
                continue;
            }
            let op = frame.code.ops[frame.pc].clone();
            frame.pc += 1;
            let flow = match op {
                Op::Jmp(t) => {
                    frame.pc = t;
                    continue;
                }
                Op::Jz(t) => {
                    if self.status == 0 {
                        frame.pc = t;
                    }
                    continue;
                }
                Op::Jnz(t) => {
                    if self.status != 0 {
                        frame.pc = t;
                    }
                    continue;
                }
                Op::Not => {
                    self.status = (self.status == 0) as i32;
                    continue;
                }
                Op::SetStatus(s) => {
                    self.status = s;
                    continue;
                }
                Op::LoopTick => {
                    self.ticks += 1;
                    if self.ticks > MAX_LOOP_ITERATIONS {
                        let m = format!(
                            "{}loop stopped: {MAX_LOOP_ITERATIONS} iterations without sleeping (kubeplay bounds busy loops)\n",
                            self.prefix()
                        );
                        self.err_msg(host, io, buf, logged, &m);
                        return self.finish(1, host, io, buf, logged);
                    }
                    continue;
                }
                Op::ForNext { slot, var, end } => {
                    let next = frame.fors.get_mut(slot).and_then(|(items, i)| {
                        let v = items.get(*i).cloned();
                        *i += 1;
                        v
                    });
                    match next {
                        Some(v) => {
                            if let Err(m) = self.set_var(&var, &v) {
                                let m = format!("{}{m}\n", self.prefix());
                                self.err_msg(host, io, buf, logged, &m);
                                return self.finish(1, host, io, buf, logged);
                            }
                        }
                        None => frame.pc = end,
                    }
                    continue;
                }
                Op::ForStart { slot, items } => {
                    self.op_for_start(slot, items.as_deref(), host, io, buf, logged)
                }
                Op::CaseStart { slot, word } => {
                    self.op_case_start(slot, &word, host, io, buf, logged)
                }
                Op::CaseTest { slot, pats, next } => {
                    self.op_case_test(slot, &pats, next, host, io, buf, logged)
                }
                Op::DefFunc(name, code) => {
                    self.funcs.insert(name, code);
                    self.status = 0;
                    Flow::Next
                }
                Op::PushIo(redirs) => {
                    let base = self.cur_io(io);
                    match self.apply_redirs(&redirs, base.clone(), host, io, buf, logged) {
                        Ok(new) => self.io_stack.push((new, 0)),
                        Err(flow) => {
                            self.io_stack.push((base, 0));
                            match flow {
                                Some(Flow::Yield(Outcome::Exit(s))) => {
                                    return self.finish(s, host, io, buf, logged)
                                }
                                Some(Flow::Yield(o)) => return o,
                                _ => self.status = 1,
                            }
                        }
                    }
                    continue;
                }
                Op::PopIo => {
                    self.io_stack.pop();
                    continue;
                }
                Op::Subshell(node, redirs) => {
                    self.op_subshell(&node, &redirs, host, io, buf, logged)
                }
                Op::Simple(s, errexit) => {
                    match self.exec_simple(&s, errexit, host, io, buf, logged) {
                        Flow::Next => self.after_command(errexit),
                        f => f,
                    }
                }
                Op::Pipeline(cmds, errexit) => {
                    match self.exec_pipeline(&cmds, errexit, host, io, buf, logged) {
                        Flow::Next => self.after_command(errexit),
                        f => f,
                    }
                }
            };
            match flow {
                Flow::Next => {}
                Flow::Yield(Outcome::Exit(s)) => return self.finish(s, host, io, buf, logged),
                Flow::Yield(o) => return o,
            }
        }
    }

    /// After a command that completed in place: `set -e`, and time spent in `$(...)`.
    fn after_command(&mut self, errexit: bool) -> Flow {
        if errexit && self.errexit && self.status != 0 && self.done.is_none() {
            return Flow::Yield(Outcome::Exit(self.status));
        }
        if self.pending_ms > 0 {
            let ms = std::mem::take(&mut self.pending_ms);
            return Flow::Yield(Outcome::Sleep(ms));
        }
        Flow::Next
    }

    fn op_for_start(
        &mut self,
        slot: usize,
        items: Option<&Vec<super::ast::Word>>,
        host: &mut dyn Host,
        io: &Io,
        buf: &mut String,
        logged: &mut usize,
    ) -> Flow {
        let list = match items {
            None => self.positional.clone(),
            Some(words) => {
                let mut v = Vec::new();
                for w in words {
                    match self.expand_fields(w, host, io, logged) {
                        Ok(f) => v.extend(f),
                        Err(e) => return self.exp_failed(e, host, io, buf, logged),
                    }
                }
                v
            }
        };
        if let Some(f) = self.frames.last_mut() {
            if let Some(s) = f.fors.get_mut(slot) {
                *s = (list, 0);
            }
        }
        Flow::Next
    }

    fn op_case_start(
        &mut self,
        slot: usize,
        word: &super::ast::Word,
        host: &mut dyn Host,
        io: &Io,
        buf: &mut String,
        logged: &mut usize,
    ) -> Flow {
        match self.expand_str(word, host, io, logged) {
            Ok(v) => {
                if let Some(f) = self.frames.last_mut() {
                    if let Some(s) = f.cases.get_mut(slot) {
                        *s = v;
                    }
                }
                Flow::Next
            }
            Err(e) => self.exp_failed(e, host, io, buf, logged),
        }
    }

    #[allow(clippy::too_many_arguments)]
    fn op_case_test(
        &mut self,
        slot: usize,
        pats: &[super::ast::Word],
        next: usize,
        host: &mut dyn Host,
        io: &Io,
        buf: &mut String,
        logged: &mut usize,
    ) -> Flow {
        let subject = self
            .frames
            .last()
            .and_then(|f| f.cases.get(slot).cloned())
            .unwrap_or_default();
        for p in pats {
            match self.expand_pattern(p, host, io, logged) {
                Ok(pat) => {
                    if super::pattern::matches(&pat, &subject) {
                        return Flow::Next;
                    }
                }
                Err(e) => return self.exp_failed(e, host, io, buf, logged),
            }
        }
        if let Some(f) = self.frames.last_mut() {
            f.pc = next;
        }
        Flow::Next
    }

    fn op_subshell(
        &mut self,
        node: &Node,
        redirs: &[super::ast::Redir],
        host: &mut dyn Host,
        io: &Io,
        buf: &mut String,
        logged: &mut usize,
    ) -> Flow {
        let base = self.cur_io(io);
        let sub_io = match self.apply_redirs(redirs, base, host, io, buf, logged) {
            Ok(x) => x,
            Err(Some(f)) => return f,
            Err(None) => {
                self.status = 1;
                return Flow::Next;
            }
        };
        let sub = self.subshell(node);
        let t = Task {
            kind: TaskKind::Shell(Box::new(sub)),
            io: sub_io,
            env: Env::default(),
            cwd: self.cwd.clone(),
            buf: String::new(),
        };
        self.awaiting = Some(false);
        Flow::Yield(Outcome::Spawn(t))
    }

    /// `a | b | c`: all but the last run to completion first, each one's output the next one's
    /// input; the last runs as a child (so it may sleep or block).
    fn exec_pipeline(
        &mut self,
        cmds: &[Node],
        errexit: bool,
        host: &mut dyn Host,
        io: &Io,
        _buf: &mut String,
        logged: &mut usize,
    ) -> Flow {
        if let Some(m) = self.too_deep() {
            self.err_msg(host, io, _buf, logged, &format!("{m}\n"));
            return Flow::Yield(Outcome::Exit(2));
        }
        let cur = self.cur_io(io);
        let mut input = cur.stdin.clone();
        let n = cmds.len();
        for (k, c) in cmds.iter().enumerate() {
            let sub = self.subshell(c);
            let last = k + 1 == n;
            let sub_io = Io {
                out: if last { cur.out.clone() } else { Out::Buffer },
                err: cur.err.clone(),
                stdin: std::mem::take(&mut input),
            };
            let t = Task {
                kind: TaskKind::Shell(Box::new(sub)),
                io: sub_io,
                env: Env::default(),
                cwd: self.cwd.clone(),
                buf: String::new(),
            };
            if last {
                self.awaiting = Some(errexit);
                return Flow::Yield(Outcome::Spawn(t));
            }
            match crate::run::run_sync(t, host, logged) {
                crate::run::SyncEnd::Exited(_, out, ms) => {
                    input = out;
                    self.pending_ms = self.pending_ms.saturating_add(ms);
                }
                crate::run::SyncEnd::Blocked => {
                    self.blocked = true;
                    return Flow::Yield(Outcome::Block);
                }
            }
        }
        Flow::Next
    }

    /// A simple command: expand, redirect, then run a function, a builtin or a program.
    fn exec_simple(
        &mut self,
        s: &Simple,
        errexit: bool,
        host: &mut dyn Host,
        io: &Io,
        buf: &mut String,
        logged: &mut usize,
    ) -> Flow {
        self.line = s.line;
        self.sub_status = None;
        let mut argv = Vec::new();
        for w in &s.words {
            match self.expand_fields(w, host, io, logged) {
                Ok(f) => argv.extend(f),
                Err(e) => return self.exp_failed(e, host, io, buf, logged),
            }
        }
        let mut assigns = Vec::new();
        for (n, w) in &s.assigns {
            match self.expand_str(w, host, io, logged) {
                Ok(v) => assigns.push((n.clone(), v)),
                Err(e) => return self.exp_failed(e, host, io, buf, logged),
            }
        }
        let base = self.cur_io(io);
        let cmd_io = match self.apply_redirs(&s.redirs, base, host, io, buf, logged) {
            Ok(x) => x,
            Err(Some(f)) => return f,
            Err(None) => {
                self.status = 1;
                return Flow::Next;
            }
        };
        if argv.is_empty() {
            for (n, v) in &assigns {
                if let Err(m) = self.set_var(n, v) {
                    let m = format!("{}{m}\n", self.prefix());
                    self.err_msg(host, io, buf, logged, &m);
                    self.status = 1;
                    return Flow::Next;
                }
            }
            self.status = self.sub_status.unwrap_or(0);
            return Flow::Next;
        }
        if self.xtrace {
            let mut line = String::from("+");
            for (n, v) in &assigns {
                line.push_str(&format!(" {n}={v}"));
            }
            for a in &argv {
                line.push(' ');
                line.push_str(a);
            }
            line.push('\n');
            self.err_msg(host, io, buf, logged, &line);
        }
        let name = argv[0].clone();
        if let Some(code) = self.funcs.get(&name).cloned() {
            for (n, v) in &assigns {
                let _ = self.set_var(n, v);
            }
            let mut f = Frame::new(code, FrameKind::Func);
            f.saved_positional = Some(std::mem::replace(&mut self.positional, argv[1..].to_vec()));
            if cmd_io != self.cur_io(io) {
                self.io_stack.push((cmd_io, 0));
                f.io_pushed = true;
            }
            if let Err(m) = self.push_frame(f) {
                self.pop_frame_after_failed_push();
                let m = format!("{}{m}\n", self.prefix());
                self.err_msg(host, io, buf, logged, &m);
                return Flow::Yield(Outcome::Exit(2));
            }
            return Flow::Next;
        }
        if let Some(flow) = self.builtin(&argv, &assigns, &cmd_io, errexit, host, io, buf, logged) {
            return flow;
        }
        let mut env = self.exported();
        for (n, v) in &assigns {
            match env.vars.iter_mut().find(|(k, _)| k == n) {
                Some(slot) => slot.1 = v.clone(),
                None => env.vars.push((n.clone(), v.clone())),
            }
        }
        let mut cost = 0;
        let r = launch(
            host,
            &cmd_io,
            buf,
            logged,
            &env,
            &self.cwd.clone(),
            &argv,
            &mut cost,
        );
        self.pending_ms = self.pending_ms.saturating_add(cost);
        self.launched(r, &name, errexit, host, io, buf, logged)
    }

    fn pop_frame_after_failed_push(&mut self) {
        // The frame was not pushed; only undo the positional swap done for it.
    }

    #[allow(clippy::too_many_arguments)]
    pub(crate) fn launched(
        &mut self,
        r: Launched,
        name: &str,
        errexit: bool,
        host: &mut dyn Host,
        io: &Io,
        buf: &mut String,
        logged: &mut usize,
    ) -> Flow {
        match r {
            Launched::Done(st) => {
                self.status = st;
                Flow::Next
            }
            Launched::Task(t) => {
                self.awaiting = Some(errexit);
                Flow::Yield(Outcome::Spawn(t))
            }
            Launched::NotFound => {
                let m = format!("{}{name}: not found\n", self.prefix());
                self.err_msg(host, io, buf, logged, &m);
                self.status = 127;
                Flow::Next
            }
            Launched::Denied => {
                let m = format!("{}{name}: Permission denied\n", self.prefix());
                self.err_msg(host, io, buf, logged, &m);
                self.status = 126;
                Flow::Next
            }
        }
    }
}
