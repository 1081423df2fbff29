//! Running parsed lines: lists with `&&`/`||`/`;`, pipelines (stdout passed along, stderr to the
//! terminal), compound commands (`for`, `while`, `until`, `if`, `((…))`) with `break`/`continue`,
//! expansion when each command runs, redirections against the workstation's files (the session's
//! files: what `-f PATH` reads), `$(…)` captured, `$?`, and `set -e` as bash applies it (not in a
//! condition, not before `&&`/`||`, not after `!`).

use super::expand::{self, Env};
use super::lex::{Redir, RedirOp, Word};
use super::parse::{Command, Compound, Join, List, Pipeline, Simple};
use super::{Line, MAX_COMMANDS};
use crate::{Simulation, Stream, Transcript};

/// Bound on what one command substitution captures; the rest is dropped with a note.
pub const MAX_CAPTURE_BYTES: usize = 1 << 20;
/// Bound on one workstation file written with `>` or `>>`.
pub const MAX_FILE_BYTES: usize = 8 << 20;

/// Where an output descriptor points.
#[derive(Debug, Clone, PartialEq)]
enum Dest {
    /// The standard output of the context: the terminal, or the `$(…)` being captured.
    Out,
    /// The terminal's standard error.
    Err,
    /// The next command of the pipeline.
    Pipe,
    File(String),
    Null,
}

struct Capture {
    text: String,
    cut: bool,
    /// Whose output this is, for the note when it is cut.
    what: &'static str,
}

struct Exec<'a> {
    sim: &'a mut Simulation,
    term: Transcript,
    /// Open command substitutions, innermost last; standard output goes to the last.
    captures: Vec<Capture>,
    count: usize,
    stopped: bool,
    /// The script line being run (for `bash: line N:` messages).
    line: usize,
    /// The status of the last command substitution of the command being expanded.
    last_subst: Option<i32>,
    /// `set -e` is on.
    errexit: bool,
    /// The expansion that just failed was `${NAME:?…}`.
    param_error: bool,
    /// The expansion that just failed was `$((…))`.
    arith_error: bool,
    /// The rest of the top-level command is being abandoned (bash's jump after a failed `$((…))`).
    aborted: bool,
    /// Command substitutions being run (`set -e` and `bash: line N:` belong to the top level).
    subst_depth: usize,
    /// Loops enclosing the command that runs, and how many of them `break N` / `continue N` is
    /// leaving (bash's `breaking` and `continuing`).
    loops: usize,
    breaking: usize,
    continuing: usize,
    /// Conditions, `!` pipelines and commands before `&&`/`||` being run: `set -e` ignores them.
    no_errexit: usize,
}

/// For a pipeline that is `set …`: `Some` of the change it makes to `-e` (`set -e`, `set +e`,
/// `set -o errexit`, …), if any. kubeplay's `set` knows no other option.
fn set_command(pipeline: &Pipeline) -> Option<Option<bool>> {
    let [Command::Simple(cmd)] = pipeline.cmds.as_slice() else { return None };
    let words: Vec<String> = cmd.words.iter().map_while(Word::literal).collect();
    if words.first().map(String::as_str) != Some("set") || words.len() != cmd.words.len() {
        return None;
    }
    let mut change = None;
    let mut it = words[1..].iter().peekable();
    while let Some(w) = it.next() {
        let on = w.starts_with('-');
        if (w == "-o" || w == "+o") && it.peek().is_some_and(|o| *o == "errexit") {
            change = Some(on);
            it.next();
        } else if w.len() > 1 && (on || w.starts_with('+')) && w[1..].contains('e') {
            change = Some(on);
        }
    }
    Some(change)
}

/// Runs parsed lines at the top level; with `echo`, each line is shown first as `$ LINE`.
pub fn run(sim: &mut Simulation, lines: &[Line], echo: bool) -> Transcript {
    let mut x = Exec {
        sim,
        term: Transcript::default(),
        captures: Vec::new(),
        count: 0,
        stopped: false,
        line: 0,
        last_subst: None,
        errexit: false,
        param_error: false,
        arith_error: false,
        aborted: false,
        subst_depth: 0,
        loops: 0,
        breaking: 0,
        continuing: 0,
        no_errexit: 0,
    };
    let status = x.lines(lines, echo, true);
    let mut t = x.term;
    t.status = status;
    t
}

impl Env for Exec<'_> {
    fn var(&self, name: &str) -> Option<String> {
        match name {
            "?" => Some(self.sim.shell.status.to_string()),
            "#" => Some("0".into()),
            "0" => Some("bash".into()),
            "@" | "*" => Some(String::new()),
            n if n.starts_with(|c: char| c.is_ascii_digit()) => None,
            n => self.sim.shell.get(n).map(str::to_string),
        }
    }

    fn assign(&mut self, name: &str, value: String) -> Result<(), String> {
        self.sim.shell.set(name, value)
    }

    fn unset_is_fatal(&mut self) {
        self.param_error = true;
    }

    fn arith_failed(&mut self) {
        self.arith_error = true;
    }

    fn subst(&mut self, lines: &[Line]) -> Result<String, String> {
        if self.stopped {
            return Err(String::new());
        }
        // A substitution runs in a subshell: what it sets does not outlive it, and the loops
        // around it are not its own.
        let saved = self.sim.shell.clone();
        let outer = (self.line, self.loops, self.breaking, self.continuing, self.no_errexit);
        (self.loops, self.breaking, self.continuing, self.no_errexit) = (0, 0, 0, 0);
        self.captures.push(Capture { text: String::new(), cut: false, what: "command substitution output" });
        self.subst_depth += 1;
        let status = self.lines(lines, false, false);
        self.subst_depth -= 1;
        let out = self.captures.pop().map(|c| c.text).unwrap_or_default();
        self.sim.shell = saved;
        (self.line, self.loops, self.breaking, self.continuing, self.no_errexit) = outer;
        self.last_subst = Some(status);
        if self.stopped {
            return Err(String::new());
        }
        Ok(out.trim_end_matches('\n').to_string())
    }
}

impl Exec<'_> {
    fn lines(&mut self, lines: &[Line], echo: bool, top: bool) -> i32 {
        let mut status = 0;
        let base = self.line;
        for line in lines {
            if echo {
                self.term.out(format!("$ {}\n", line.text));
            }
            // Inside `$(…)` messages name the line of the command that holds it.
            self.line = if top { line.number } else { base };
            status = self.list(&line.list);
            if self.aborted {
                // A failed `$((…))` abandoned the rest of this command; the next one runs.
                self.aborted = false;
                status = 1;
                self.sim.shell.status = status;
            }
            if self.stopped {
                return status;
            }
        }
        status
    }

    /// Whether the commands that follow are skipped: the script stopped, the line is abandoned,
    /// or `break`/`continue` is leaving loops.
    fn unwinding(&self) -> bool {
        self.stopped || self.aborted || self.breaking > 0 || self.continuing > 0
    }

    fn list(&mut self, list: &List) -> i32 {
        let mut status = 0;
        for (k, step) in list.0.iter().enumerate() {
            let run_it = match step.join {
                Join::Always => true,
                Join::IfOk => status == 0,
                Join::IfFailed => status != 0,
            };
            if !run_it {
                continue;
            }
            self.count += 1;
            if self.count > MAX_COMMANDS {
                if !self.stopped {
                    self.term.err(format!("kubeplay: stopped: a script may run at most {MAX_COMMANDS} commands\n"));
                }
                self.stopped = true;
                return 1;
            }
            let ends_list = list.0.get(k + 1).is_none_or(|next| next.join == Join::Always);
            let ignored = !ends_list || step.pipeline.bang;
            self.no_errexit += usize::from(ignored);
            status = match set_command(&step.pipeline) {
                Some(change) => {
                    if let Some(on) = change.filter(|_| self.subst_depth == 0) {
                        self.errexit = on;
                    }
                    0
                }
                None => self.pipeline(&step.pipeline),
            };
            self.no_errexit -= usize::from(ignored);
            if self.count > MAX_COMMANDS {
                // Stopped by the bound somewhere inside (a loop): the script fails.
                return 1;
            }
            if step.pipeline.bang && !self.aborted {
                status = i32::from(status == 0);
            }
            self.sim.shell.status = status;
            if self.unwinding() {
                return status;
            }
            // `set -e`: a failed command that ends its `&&`/`||` list ends the script (a loop or
            // `if` that failed is not one: the command in it that failed was, or was excused).
            let compound = matches!(step.pipeline.cmds.last(), Some(Command::Compound(c, _)) if !matches!(**c, Compound::Arith { .. }));
            if self.errexit && self.subst_depth == 0 && self.no_errexit == 0 && !ignored && status != 0 && !compound {
                self.stopped = true;
                return status;
            }
        }
        status
    }

    fn pipeline(&mut self, pipeline: &Pipeline) -> i32 {
        let mut stdin: Option<String> = None;
        let mut status = 0;
        for (i, cmd) in pipeline.cmds.iter().enumerate() {
            let last = i + 1 == pipeline.cmds.len();
            let (s, piped) = match cmd {
                Command::Simple(c) => self.simple(c, stdin.take(), last),
                Command::Compound(c, redirs) => self.compound(c, redirs, last),
            };
            status = s;
            stdin = piped;
            if pipeline.cmds.len() > 1 {
                // Each command of a real pipeline is a subshell: `break` there leaves no loop.
                (self.breaking, self.continuing) = (0, 0);
            }
            if self.stopped || self.aborted {
                break;
            }
        }
        status
    }

    /// Runs a condition (`if`, `while`, `until`): `set -e` does not apply inside it.
    fn condition(&mut self, list: &List) -> i32 {
        self.no_errexit += 1;
        let status = self.list(list);
        self.no_errexit -= 1;
        status
    }

    /// A compound command with its redirections: its standard output is captured when it goes
    /// anywhere but the terminal (a pipe, a file). Its standard error is the terminal's.
    fn compound(&mut self, c: &Compound, redirs: &[Redir], last: bool) -> (i32, Option<String>) {
        let piped = |s: String| (!last).then_some(s);
        let mut fds = [Dest::Null, if last { Dest::Out } else { Dest::Pipe }, Dest::Err];
        let mut stdin = None;
        for r in redirs {
            if let Err(e) = self.redirect(r, &mut stdin, &mut fds) {
                return (self.expansion_failed(&e), piped(String::new()));
            }
        }
        if fds[1] == Dest::Out {
            return (self.run_compound(c), piped(String::new()));
        }
        self.captures.push(Capture { text: String::new(), cut: false, what: "the output of a loop or `if`" });
        let status = self.run_compound(c);
        let text = self.captures.pop().map(|c| c.text).unwrap_or_default();
        let mut pipe_out = String::new();
        match fds[1].clone() {
            Dest::Out => self.write_out(&text),
            Dest::Err => self.term.err(text),
            Dest::Pipe => pipe_out = text,
            Dest::File(p) => {
                if let Err(e) = self.append(&p, &text) {
                    self.fail(&e);
                }
            }
            Dest::Null => {}
        }
        (status, piped(pipe_out))
    }

    fn run_compound(&mut self, c: &Compound) -> i32 {
        match c {
            Compound::If { arms, otherwise } => {
                for (cond, body) in arms {
                    let s = self.condition(cond);
                    if self.unwinding() {
                        return s;
                    }
                    if s == 0 {
                        return self.list(body);
                    }
                }
                otherwise.as_ref().map_or(0, |o| self.list(o))
            }
            Compound::Loop { until, cond, body } => {
                self.loops += 1;
                let status = self.while_loop(*until, cond, body);
                self.loops -= 1;
                status
            }
            Compound::For { name, words, body, line } => {
                if self.subst_depth == 0 {
                    self.line = *line;
                }
                if !super::parse::is_name(name) {
                    return self.fail(&format!("`{name}': not a valid identifier"));
                }
                let mut values = Vec::new();
                for w in words {
                    match expand::fields(self, w) {
                        Ok(f) => values.extend(f),
                        Err(e) => return self.expansion_failed(&e),
                    }
                }
                self.loops += 1;
                let status = self.for_loop(name, values, body);
                self.loops -= 1;
                status
            }
            Compound::Arith { expr, line } => {
                if self.subst_depth == 0 {
                    self.line = *line;
                }
                self.arith_command(expr)
            }
        }
    }

    /// After a loop's condition or body has run: Some(true) to leave the loop, Some(false) to go
    /// on with its next round (`continue`), None to carry on.
    fn loop_flow(&mut self) -> Option<bool> {
        if self.stopped || self.aborted {
            return Some(true);
        }
        if self.breaking > 0 {
            self.breaking -= 1;
            return Some(true);
        }
        if self.continuing > 0 {
            self.continuing -= 1;
            // `continue 2` leaves this loop and goes on with the next round of the one around it.
            return Some(self.continuing > 0);
        }
        None
    }

    fn while_loop(&mut self, until: bool, cond: &List, body: &List) -> i32 {
        let mut status = 0;
        // Bounded: every round runs commands, and MAX_COMMANDS stops the script.
        loop {
            let s = self.condition(cond);
            match self.loop_flow() {
                Some(true) => return status,
                Some(false) => continue,
                None => {}
            }
            if (s == 0) == until {
                return status;
            }
            status = self.list(body);
            if self.loop_flow() == Some(true) {
                return status;
            }
        }
    }

    fn for_loop(&mut self, name: &str, values: Vec<String>, body: &List) -> i32 {
        let mut status = 0;
        for v in values {
            if let Err(e) = self.sim.shell.set(name, v) {
                return self.fail(&e);
            }
            status = self.list(body);
            if self.loop_flow() == Some(true) {
                break;
            }
        }
        status
    }

    /// `((EXPR))`: status 0 when the value is not zero; an error fails only this command.
    fn arith_command(&mut self, expr: &Word) -> i32 {
        self.last_subst = None;
        let text = match expand::string(self, expr) {
            Ok(t) => t,
            Err(e) => return self.expansion_failed(&e),
        };
        match super::arith::eval(&text, self) {
            Ok(v) => i32::from(v == 0),
            Err(e) => self.fail(&format!("((: {e}")),
        }
    }

    /// `break [N]` / `continue [N]`, in bash's words when misused.
    fn loop_builtin(&mut self, name: &str, args: &[String]) -> i32 {
        let n = match args.first() {
            None => 1,
            Some(a) => match a.trim().parse::<i64>() {
                Ok(n) if n >= 1 => usize::try_from(n).unwrap_or(usize::MAX),
                Ok(_) => return self.fail(&format!("{name}: {a}: loop count out of range")),
                Err(_) => {
                    self.fail(&format!("{name}: {a}: numeric argument required"));
                    return 128;
                }
            },
        };
        if self.loops == 0 {
            self.fail(&format!("{name}: only meaningful in a `for', `while', or `until' loop"));
            return 0;
        }
        if name == "break" {
            self.breaking = n.min(self.loops);
        } else {
            self.continuing = n.min(self.loops);
        }
        0
    }

    fn write_out(&mut self, text: &str) {
        match self.captures.last_mut() {
            None => self.term.out(text),
            Some(c) => {
                let room = MAX_CAPTURE_BYTES.saturating_sub(c.text.len());
                if text.len() <= room {
                    c.text.push_str(text);
                } else if !c.cut {
                    let mut cut = room;
                    while !text.is_char_boundary(cut) {
                        cut -= 1;
                    }
                    c.text.push_str(&text[..cut]);
                    c.cut = true;
                    let what = c.what;
                    self.term.err(format!("kubeplay: {what} cut at {} MiB\n", MAX_CAPTURE_BYTES >> 20));
                }
            }
        }
    }

    /// An expansion error: `${NAME:?…}` ends a script as it ends a non-interactive bash;
    /// others fail only the command.
    fn expansion_failed(&mut self, e: &str) -> i32 {
        let status = self.fail(e);
        if self.param_error {
            self.stopped = true;
        }
        if self.arith_error {
            self.aborted = true;
        }
        (self.param_error, self.arith_error) = (false, false);
        status
    }

    fn fail(&mut self, msg: &str) -> i32 {
        if !msg.is_empty() {
            let prefix = if msg.starts_with("kubeplay: ") { String::new() } else { format!("bash: line {}: ", self.line) };
            self.term.err(format!("{prefix}{msg}\n"));
        }
        1
    }

    /// Runs one command with `pipe_in` (from the previous command of a pipeline); returns its
    /// status and, unless it is the last of the pipeline, what it wrote to the pipe.
    fn simple(&mut self, cmd: &Simple, pipe_in: Option<String>, last: bool) -> (i32, Option<String>) {
        let piped = |s: String| (!last).then_some(s);
        if self.subst_depth == 0 {
            self.line = cmd.line;
        }
        self.last_subst = None;
        let mut argv = Vec::new();
        // `export NAME=$(…)` assigns: its value is not split.
        let declares = cmd.words.first().and_then(Word::literal).is_some_and(|w| w == "export");
        for (k, w) in cmd.words.iter().enumerate() {
            let r = if declares && k > 0 && super::parse::assignment(w).is_some() {
                expand::string(self, w).map(|s| vec![s])
            } else {
                expand::fields(self, w)
            };
            match r {
                Ok(f) => argv.extend(f),
                Err(e) => return (self.expansion_failed(&e), piped(String::new())),
            }
        }
        let mut assigns = Vec::new();
        for a in &cmd.assigns {
            match expand::string(self, &a.value) {
                Ok(v) => assigns.push((a, v)),
                Err(e) => return (self.expansion_failed(&e), piped(String::new())),
            }
        }
        if argv.iter().map(|a| a.len() + 1).sum::<usize>() > super::MAX_ARG_BYTES {
            let msg = format!("{}: Argument list too long", argv[0]);
            self.fail(&msg);
            return (126, piped(String::new()));
        }
        let mut stdin = pipe_in;
        // fd 0 is read through `stdin`; its slot only keeps the indices aligned.
        let mut fds = [Dest::Null, if last { Dest::Out } else { Dest::Pipe }, Dest::Err];
        for r in &cmd.redirs {
            if let Err(e) = self.redirect(r, &mut stdin, &mut fds) {
                return (self.expansion_failed(&e), piped(String::new()));
            }
        }
        if argv.is_empty() {
            for (a, v) in assigns {
                let v = if a.append { format!("{}{v}", self.sim.shell.get(&a.name).unwrap_or("")) } else { v };
                if let Err(e) = self.sim.shell.set(&a.name, v) {
                    return (self.fail(&e), piped(String::new()));
                }
            }
            return (self.last_subst.unwrap_or(0), piped(String::new()));
        }
        if let Some(b @ ("break" | "continue")) = argv.first().map(String::as_str) {
            let b = b.to_string();
            return (self.loop_builtin(&b, &argv[1..]), piped(String::new()));
        }
        // `NAME=VALUE cmd` puts NAME in cmd's environment only; kubeplay's commands read none.
        let t = crate::commands::run(self.sim, &argv, stdin, self.line);
        let mut pipe_out = String::new();
        let mut writes: Vec<(String, String)> = Vec::new();
        for c in t.chunks {
            let dest = match c.stream {
                Stream::Stdout => &fds[1],
                Stream::Stderr => &fds[2],
            };
            match dest.clone() {
                Dest::Out => self.write_out(&c.text),
                Dest::Err => self.term.err(c.text),
                Dest::Pipe => pipe_out.push_str(&c.text),
                Dest::File(p) => match writes.iter_mut().find(|(q, _)| *q == p) {
                    Some((_, s)) => s.push_str(&c.text),
                    None => writes.push((p, c.text)),
                },
                Dest::Null => {}
            }
        }
        for (path, text) in writes {
            if let Err(e) = self.append(&path, &text) {
                self.fail(&e);
            }
        }
        (t.status, piped(pipe_out))
    }

    /// Applies one redirection to the command's input and output descriptors.
    fn redirect(&mut self, r: &Redir, stdin: &mut Option<String>, fds: &mut [Dest; 3]) -> Result<(), String> {
        if let RedirOp::HereDoc { .. } | RedirOp::HereString = r.op {
            let text = expand::string(self, &r.target)?;
            *stdin = Some(if r.op == RedirOp::HereString { format!("{text}\n") } else { text });
            return Ok(());
        }
        let f = expand::fields(self, &r.target)?;
        let [target] = f.as_slice() else {
            return Err(format!("{}: ambiguous redirect", expand::source(&r.target)));
        };
        let fd = r.fd as usize;
        match r.op {
            RedirOp::In => {
                let text = self.read(target)?;
                if fd == 0 {
                    *stdin = Some(text);
                }
            }
            RedirOp::Out | RedirOp::Append => fds[fd] = self.open(target, r.op == RedirOp::Append)?,
            RedirOp::Both | RedirOp::BothAppend => {
                let d = self.open(target, r.op == RedirOp::BothAppend)?;
                fds[1] = d.clone();
                fds[2] = d;
            }
            RedirOp::Dup => match target.parse::<usize>() {
                Ok(n @ 1..=2) if fd > 0 => fds[fd] = fds[n].clone(),
                Ok(0) if fd == 0 => {}
                Ok(n) if n <= 2 => return Err(format!("{n}: Bad file descriptor")),
                Ok(n) => return Err(format!("kubeplay: file descriptor {n} is not supported (only 0, 1 and 2)")),
                Err(_) if target == "-" => fds[fd] = Dest::Null,
                Err(_) if fd == 1 => {
                    let d = self.open(target, false)?;
                    fds[1] = d.clone();
                    fds[2] = d;
                }
                Err(_) => return Err(format!("{target}: ambiguous redirect")),
            },
            RedirOp::HereDoc { .. } | RedirOp::HereString => {}
        }
        Ok(())
    }

    /// A workstation file's text for `< FILE`.
    fn read(&self, path: &str) -> Result<String, String> {
        if path == "/dev/null" {
            return Ok(String::new());
        }
        match self.sim.files.get(path) {
            Some(t) => Ok(t.to_string()),
            None if self.sim.files.is_dir(path) => Err(format!("{path}: Is a directory")),
            None => Err(format!("{path}: No such file or directory")),
        }
    }

    /// Opens `path` for `>` (truncated now, as bash does before the command runs) or `>>`.
    fn open(&mut self, path: &str, append: bool) -> Result<Dest, String> {
        match path {
            "/dev/null" => return Ok(Dest::Null),
            "/dev/stdout" => return Ok(Dest::Out),
            "/dev/stderr" => return Ok(Dest::Err),
            "" => return Err(": No such file or directory".into()),
            _ => {}
        }
        if path.ends_with('/') || self.sim.files.is_dir(path) {
            return Err(format!("{path}: Is a directory"));
        }
        if (!append || self.sim.files.get(path).is_none()) && !self.sim.files.add(path, "") {
            return Err(format!("kubeplay: {path}: the workstation holds at most {} files", crate::files::MAX_FILES));
        }
        Ok(Dest::File(path.to_string()))
    }

    fn append(&mut self, path: &str, text: &str) -> Result<(), String> {
        let old = self.sim.files.get(path).unwrap_or("");
        if old.len() + text.len() > MAX_FILE_BYTES {
            return Err(format!("kubeplay: {path}: a workstation file holds at most {} MiB", MAX_FILE_BYTES >> 20));
        }
        let new = format!("{old}{text}");
        self.sim.files.add(path, &new);
        Ok(())
    }
}
