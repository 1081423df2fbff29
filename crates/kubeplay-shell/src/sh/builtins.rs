//! Shell builtins (`cd`, `export`, `set`, `exit`, `trap`, `exec`, `.`, `eval`, `read`, …) and
//! the ash builtins that share code with busybox applets (`echo`, `printf`, `test`, `[`).

use std::sync::Arc;

use super::compile::compile;
use super::parse::{is_name, parse_program};
use super::vm::{Flow, Frame, FrameKind, Shell, Var};
use crate::run::{launch, Launched};
use crate::task::{Cx, Env, Io, Outcome};
use crate::Host;

/// Builtins that ash has even when the image has no such program.
const ASH_APPLET_BUILTINS: [&str; 7] = ["echo", "printf", "test", "[", "[[", "pwd", "true"];

fn signal_name(s: &str) -> Option<&'static str> {
    let s = s.trim_start_matches("SIG");
    Some(match s {
        "EXIT" | "0" => "EXIT",
        "TERM" | "15" => "TERM",
        "INT" | "2" => "INT",
        "HUP" | "1" => "HUP",
        "QUIT" | "3" => "QUIT",
        "USR1" | "10" => "USR1",
        "USR2" | "12" => "USR2",
        "KILL" | "9" => "KILL",
        "CHLD" | "17" => "CHLD",
        _ => return None,
    })
}

/// Single-quotes a value for `export -p` / `set` listings, as ash does.
fn sh_quote(v: &str) -> String {
    format!("'{}'", v.replace('\'', "'\"'\"'"))
}

impl Shell {
    /// Runs `argv` if it is a builtin; None if it is not one.
    #[allow(clippy::too_many_arguments)]
    pub(crate) fn builtin(
        &mut self,
        argv: &[String],
        assigns: &[(String, String)],
        cmd_io: &Io,
        errexit: bool,
        host: &mut dyn Host,
        io: &Io,
        buf: &mut String,
        logged: &mut usize,
    ) -> Option<Flow> {
        let name = argv[0].as_str();
        let args = &argv[1..];
        let env = self.exported();
        let cwd = self.cwd.clone();
        macro_rules! cx {
            () => {
                Cx {
                    host: &mut *host,
                    io: cmd_io,
                    buf: &mut *buf,
                    env: &env,
                    cwd: &cwd,
                    cost_ms: 0,
                    logged: &mut *logged,
                }
            };
        }
        let prefix = self.prefix();
        let status: i32 = match name {
            ":" | "true" => 0,
            "false" => 1,
            "wait" | "umask" | "ulimit" | "hash" | "alias" | "unalias" | "break" | "continue" => 0,
            "exit" => {
                let st = match args.first() {
                    None => self.status,
                    Some(a) => match a.parse::<i64>() {
                        Ok(n) => (n & 0xff) as i32,
                        Err(_) => {
                            cx!().err(&format!("{prefix}exit: Illegal number: {a}\n"));
                            2
                        }
                    },
                };
                return Some(Flow::Yield(Outcome::Exit(st)));
            }
            "return" => {
                let st = args
                    .first()
                    .and_then(|a| a.parse::<i64>().ok())
                    .map(|n| (n & 0xff) as i32)
                    .unwrap_or(self.status);
                self.status = st;
                self.do_return();
                return Some(Flow::Next);
            }
            "cd" => {
                let target = match args.first().map(|s| s.as_str()) {
                    None => self
                        .vars
                        .get("HOME")
                        .map(|v| v.value.clone())
                        .unwrap_or_else(|| "/".to_string()),
                    Some("-") => self
                        .vars
                        .get("OLDPWD")
                        .map(|v| v.value.clone())
                        .unwrap_or_else(|| cwd.clone()),
                    Some(d) => d.to_string(),
                };
                let p = crate::path::join(&cwd, &target);
                match host.fs().stat(&p) {
                    Ok(st) if st.is_dir => {
                        let _ = self.set_var("OLDPWD", &cwd);
                        self.cwd = p.clone();
                        let _ = self.set_var("PWD", &p);
                        0
                    }
                    Ok(_) => {
                        cx!().err(&format!(
                            "{prefix}cd: can't cd to {target}: Not a directory\n"
                        ));
                        2
                    }
                    Err(_) => {
                        cx!().err(&format!(
                            "{prefix}cd: can't cd to {target}: No such file or directory\n"
                        ));
                        2
                    }
                }
            }
            "export" | "readonly" => {
                if args.is_empty() || args[0] == "-p" {
                    let mut text = String::new();
                    for (k, v) in self.vars.iter().filter(|(_, v)| v.exported) {
                        text.push_str(&format!("{} {k}={}\n", name, sh_quote(&v.value)));
                    }
                    cx!().out(&text);
                    0
                } else {
                    let mut st = 0;
                    for a in args {
                        let (n, v) = match a.find('=') {
                            Some(i) => (&a[..i], Some(&a[i + 1..])),
                            None => (a.as_str(), None),
                        };
                        if !is_name(n) {
                            cx!().err(&format!("{prefix}{name}: {a}: bad variable name\n"));
                            st = 1;
                            continue;
                        }
                        if let Some(v) = v {
                            if let Err(m) = self.set_var(n, v) {
                                cx!().err(&format!("{prefix}{m}\n"));
                                st = 1;
                                continue;
                            }
                        }
                        if name == "export" {
                            self.vars
                                .entry(n.to_string())
                                .or_insert(Var {
                                    value: String::new(),
                                    exported: true,
                                })
                                .exported = true;
                            // An exported but never-set variable is not in the environment.
                            if v.is_none() && self.vars.get(n).is_some_and(|x| x.value.is_empty()) {
                                // keep: ash exports it as empty once set; good enough
                            }
                        }
                    }
                    st
                }
            }
            "local" => {
                for a in args {
                    let (n, v) = match a.find('=') {
                        Some(i) => (a[..i].to_string(), Some(a[i + 1..].to_string())),
                        None => (a.clone(), None),
                    };
                    let old = self.vars.get(&n).cloned();
                    if let Some(f) = self
                        .frames
                        .iter_mut()
                        .rev()
                        .find(|f| f.kind == FrameKind::Func)
                    {
                        f.locals.push((n.clone(), old));
                    }
                    let _ = self.set_var(&n, &v.unwrap_or_default());
                }
                0
            }
            "unset" => {
                let (funcs, names) = match args.first().map(|s| s.as_str()) {
                    Some("-f") => (true, &args[1..]),
                    Some("-v") => (false, &args[1..]),
                    _ => (false, args),
                };
                for n in names {
                    if funcs {
                        self.funcs.remove(n);
                    } else {
                        self.vars.remove(n);
                    }
                }
                0
            }
            "set" => self.builtin_set(args, cmd_io, host, buf, logged, &env, &cwd),
            "shift" => {
                let n = args
                    .first()
                    .and_then(|a| a.parse::<usize>().ok())
                    .unwrap_or(1);
                if n > self.positional.len() {
                    cx!().err(&format!("{prefix}shift: can't shift that many\n"));
                    1
                } else {
                    self.positional.drain(..n);
                    0
                }
            }
            "trap" => {
                if args.is_empty() {
                    let mut text = String::new();
                    for (k, v) in &self.traps {
                        text.push_str(&format!("trap -- {} {k}\n", sh_quote(v)));
                    }
                    cx!().out(&text);
                    0
                } else {
                    let (action, sigs) = if args.len() == 1 {
                        ("-", args)
                    } else {
                        (args[0].as_str(), &args[1..])
                    };
                    let mut st = 0;
                    for s in sigs {
                        match signal_name(s) {
                            Some(sig) => {
                                if action == "-" {
                                    self.traps.remove(sig);
                                } else {
                                    self.traps.insert(sig.to_string(), action.to_string());
                                }
                            }
                            None => {
                                cx!().err(&format!("{prefix}trap: {s}: bad trap\n"));
                                st = 1;
                            }
                        }
                    }
                    st
                }
            }
            "." | "source" => {
                let Some(file) = args.first() else {
                    cx!().err(&format!("{prefix}.: .: filename argument required\n"));
                    self.status = 2;
                    return Some(Flow::Next);
                };
                let p = crate::path::join(&cwd, file);
                let text = match host.fs().read(&p) {
                    Ok(b) => String::from_utf8_lossy(&b).into_owned(),
                    Err(_) => {
                        cx!().err(&format!(
                            "{prefix}.: can't open '{file}': No such file or directory\n"
                        ));
                        return Some(Flow::Yield(Outcome::Exit(2)));
                    }
                };
                return Some(self.push_source(
                    &text,
                    FrameKind::Source,
                    args.get(1..).map(|a| a.to_vec()),
                    host,
                    io,
                    buf,
                    logged,
                ));
            }
            "eval" => {
                let text = args.join(" ");
                return Some(self.push_source(&text, FrameKind::Eval, None, host, io, buf, logged));
            }
            "read" => {
                let mut names: Vec<&String> = args.iter().filter(|a| !a.starts_with('-')).collect();
                if names.is_empty() {
                    names.clear();
                }
                let line = self.read_line(io);
                match line {
                    None => 1,
                    Some(l) => {
                        let ifs = " \t";
                        let mut rest = l.trim_start_matches(|c| ifs.contains(c)).to_string();
                        let reply = names.is_empty();
                        let count = names.len();
                        for (k, n) in names.iter().enumerate() {
                            if k + 1 == count {
                                let _ = self.set_var(n, rest.trim_end_matches(|c| ifs.contains(c)));
                                break;
                            }
                            let (w, r) = match rest.find(|c| ifs.contains(c)) {
                                Some(i) => (
                                    rest[..i].to_string(),
                                    rest[i..]
                                        .trim_start_matches(|c| ifs.contains(c))
                                        .to_string(),
                                ),
                                None => (rest.clone(), String::new()),
                            };
                            let _ = self.set_var(n, &w);
                            rest = r;
                        }
                        if reply {
                            let _ = self.set_var("REPLY", &l);
                        }
                        0
                    }
                }
            }
            "exec" => return Some(self.builtin_exec(args, assigns, cmd_io, host, io, buf, logged)),
            "command" | "type" => {
                let verbose =
                    name == "type" || args.first().is_some_and(|a| a == "-v" || a == "-V");
                if verbose {
                    let names = if name == "type" { args } else { &args[1..] };
                    let mut st = 0;
                    for n in names {
                        let what = if self.funcs.contains_key(n) {
                            Some(if name == "type" {
                                format!("{n} is a function")
                            } else {
                                n.clone()
                            })
                        } else if is_builtin(n) {
                            Some(if name == "type" {
                                format!("{n} is a shell builtin")
                            } else {
                                n.clone()
                            })
                        } else if host.has_program(n)
                            && (crate::applets::is_applet(n) || crate::programs::is_program(n))
                        {
                            let path = if crate::programs::is_program(n) {
                                format!("/usr/local/bin/{n}")
                            } else {
                                format!("/bin/{n}")
                            };
                            Some(if name == "type" {
                                format!("{n} is {path}")
                            } else {
                                path
                            })
                        } else {
                            None
                        };
                        match what {
                            Some(w) => cx!().out(&format!("{w}\n")),
                            None => {
                                if name == "type" {
                                    cx!().out(&format!("{n}: not found\n"));
                                }
                                st = 1;
                            }
                        }
                    }
                    st
                } else {
                    if args.is_empty() {
                        return Some(Flow::Next);
                    }
                    let mut cost = 0;
                    let r = launch(host, cmd_io, buf, logged, &env, &cwd, args, &mut cost);
                    self.pending_ms = self.pending_ms.saturating_add(cost);
                    return Some(self.launched(r, &args[0], errexit, host, io, buf, logged));
                }
            }
            n if ASH_APPLET_BUILTINS.contains(&n) => {
                let mut cx = cx!();
                crate::applets::run(n, &mut cx, argv)
            }
            _ => return None,
        };
        self.status = status;
        Some(Flow::Next)
    }

    #[allow(clippy::too_many_arguments)]
    fn builtin_set(
        &mut self,
        args: &[String],
        cmd_io: &Io,
        host: &mut dyn Host,
        buf: &mut String,
        logged: &mut usize,
        env: &Env,
        cwd: &str,
    ) -> i32 {
        if args.is_empty() {
            let mut text = String::new();
            for (k, v) in &self.vars {
                text.push_str(&format!("{k}={}\n", sh_quote(&v.value)));
            }
            Cx {
                host,
                io: cmd_io,
                buf,
                env,
                cwd,
                cost_ms: 0,
                logged,
            }
            .out(&text);
            return 0;
        }
        let mut i = 0;
        while i < args.len() {
            let a = &args[i];
            if a == "--" {
                self.positional = args[i + 1..].to_vec();
                return 0;
            }
            if a == "-o" || a == "+o" {
                let on = a == "-o";
                match args.get(i + 1).map(|s| s.as_str()) {
                    Some("errexit") => self.errexit = on,
                    Some("xtrace") => self.xtrace = on,
                    _ => {}
                }
                i += 2;
                continue;
            }
            if let Some(flags) = a.strip_prefix('-').or_else(|| a.strip_prefix('+')) {
                let on = a.starts_with('-');
                for f in flags.chars() {
                    match f {
                        'e' => self.errexit = on,
                        'x' => self.xtrace = on,
                        _ => {} // -u, -o pipefail, -E …: accepted, not modelled
                    }
                }
                i += 1;
                continue;
            }
            self.positional = args[i..].to_vec();
            return 0;
        }
        0
    }

    #[allow(clippy::too_many_arguments)]
    fn push_source(
        &mut self,
        text: &str,
        kind: FrameKind,
        positional: Option<Vec<String>>,
        host: &mut dyn Host,
        io: &Io,
        buf: &mut String,
        logged: &mut usize,
    ) -> Flow {
        match parse_program(text) {
            Ok(node) => {
                let mut f = Frame::new(Arc::new(compile(&node)), kind);
                if let Some(p) = positional.filter(|p| !p.is_empty()) {
                    f.saved_positional = Some(std::mem::replace(&mut self.positional, p));
                }
                self.status = 0;
                if let Err(m) = self.push_frame(f) {
                    let m = format!("{}{m}\n", self.prefix());
                    self.err_msg(host, io, buf, logged, &m);
                    return Flow::Yield(Outcome::Exit(2));
                }
                Flow::Next
            }
            Err(e) => {
                let m = self.syntax_msg(&e);
                self.err_msg(host, io, buf, logged, &m);
                Flow::Yield(Outcome::Exit(2))
            }
        }
    }

    fn read_line(&mut self, io: &Io) -> Option<String> {
        let (text, pos) = match self.io_stack.last_mut() {
            Some((i, p)) => (i.stdin.clone(), p),
            None => (io.stdin.clone(), &mut self.stdin_pos),
        };
        if *pos >= text.len() {
            return None;
        }
        let rest = &text[*pos..];
        let (line, adv) = match rest.find('\n') {
            Some(i) => (&rest[..i], i + 1),
            None => (rest, rest.len()),
        };
        *pos += adv;
        Some(line.to_string())
    }

    #[allow(clippy::too_many_arguments)]
    fn builtin_exec(
        &mut self,
        args: &[String],
        assigns: &[(String, String)],
        cmd_io: &Io,
        host: &mut dyn Host,
        io: &Io,
        buf: &mut String,
        logged: &mut usize,
    ) -> Flow {
        if args.is_empty() {
            // `exec >file 2>&1`: the redirections stay for the rest of the shell.
            self.io_stack.push((cmd_io.clone(), 0));
            self.status = 0;
            return Flow::Next;
        }
        let mut env = self.exported();
        for (n, v) in assigns {
            env.vars.push((n.clone(), v.clone()));
        }
        let mut cost = 0;
        let cwd = self.cwd.clone();
        match launch(host, cmd_io, buf, logged, &env, &cwd, args, &mut cost) {
            Launched::Task(t) => {
                self.done = Some(0);
                self.frames.clear();
                Flow::Yield(Outcome::Exec(t))
            }
            Launched::Done(st) => Flow::Yield(Outcome::Exit(st)),
            Launched::NotFound => {
                let m = format!("{}exec: {}: not found\n", self.prefix(), args[0]);
                self.err_msg(host, io, buf, logged, &m);
                Flow::Yield(Outcome::Exit(127))
            }
            Launched::Denied => {
                let m = format!("{}exec: {}: Permission denied\n", self.prefix(), args[0]);
                self.err_msg(host, io, buf, logged, &m);
                Flow::Yield(Outcome::Exit(126))
            }
        }
    }
}

/// Whether `name` is a shell builtin (for `type` and `command -v`).
pub fn is_builtin(name: &str) -> bool {
    matches!(
        name,
        ":" | "true"
            | "false"
            | "exit"
            | "return"
            | "cd"
            | "export"
            | "readonly"
            | "local"
            | "unset"
            | "set"
            | "shift"
            | "trap"
            | "."
            | "source"
            | "eval"
            | "read"
            | "exec"
            | "command"
            | "type"
            | "wait"
            | "umask"
            | "ulimit"
            | "hash"
            | "alias"
            | "unalias"
            | "break"
            | "continue"
            | "echo"
            | "printf"
            | "test"
            | "["
            | "[["
            | "pwd"
    )
}
