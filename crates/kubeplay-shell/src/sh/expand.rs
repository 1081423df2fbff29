//! Word expansion (parameters, `$(...)`, `$((...))`, field splitting, globbing against the
//! container filesystem) and redirections, in the order POSIX gives them.

use super::ast::{Param, ParamOp, Part, Redir, RedirKind, Word};
use super::pattern;
use super::vm::{Flow, Shell};
use crate::run::{run_sync, SyncEnd};
use crate::task::{Env, Io, Out, Outcome, Task, TaskKind};
use crate::Host;

/// Most fields one word may expand to (a glob over a huge directory, `$(seq 1000000)`).
pub const MAX_FIELDS: usize = 100_000;

pub(crate) enum ExpErr {
    /// A message for stderr (after the prefix); the shell exits with status 1, as ash does
    /// for expansion errors in a script.
    Msg(String),
    /// A `$(...)` never ends: the shell hangs.
    Blocked,
}

#[derive(Default)]
struct Acc {
    fields: Vec<(String, String, bool)>,
    text: String,
    pat: String,
    glob: bool,
    started: bool,
    split: bool,
}

impl Acc {
    fn quoted(&mut self, s: &str) {
        self.text.push_str(s);
        self.pat.push_str(&pattern::escape(s));
        self.started = true;
    }
    fn lit(&mut self, s: &str) {
        self.text.push_str(s);
        self.pat.push_str(s);
        self.glob |= pattern::has_glob(s);
        self.started = true;
    }
    fn expansion(&mut self, s: &str, ifs: &str) {
        if !self.split {
            self.lit(s);
            return;
        }
        for c in s.chars() {
            if ifs.contains(c) {
                self.end();
            } else {
                self.text.push(c);
                self.pat.push(c);
                if matches!(c, '*' | '?' | '[') {
                    self.glob = true;
                }
                self.started = true;
            }
        }
    }
    fn end(&mut self) {
        if self.started && self.fields.len() < MAX_FIELDS {
            self.fields.push((
                std::mem::take(&mut self.text),
                std::mem::take(&mut self.pat),
                self.glob,
            ));
        }
        self.text.clear();
        self.pat.clear();
        self.glob = false;
        self.started = false;
    }
}

impl Shell {
    fn ifs(&self) -> String {
        self.vars
            .get("IFS")
            .map(|v| v.value.clone())
            .unwrap_or_else(|| " \t\n".to_string())
    }

    /// A variable or special parameter; None when unset.
    pub(crate) fn lookup(&self, name: &str, host: &mut dyn Host) -> Option<String> {
        match name {
            "?" => Some(self.status.to_string()),
            "$" => Some(self.pid.to_string()),
            "#" => Some(self.positional.len().to_string()),
            "0" => Some(self.arg0.clone()),
            "@" | "*" => Some(self.positional.join(" ")),
            "!" => None,
            "-" => {
                let mut f = String::new();
                if self.errexit {
                    f.push('e');
                }
                if self.xtrace {
                    f.push('x');
                }
                Some(f)
            }
            "RANDOM" => Some((host.random() % 32768).to_string()),
            "LINENO" => Some(self.line.to_string()),
            n if n.chars().all(|c| c.is_ascii_digit()) => {
                let i: usize = n.parse().ok()?;
                self.positional.get(i.checked_sub(1)?).cloned()
            }
            n => match self.vars.get(n) {
                Some(v) => Some(v.value.clone()),
                None if n == "HOSTNAME" => Some(host.hostname()),
                None => None,
            },
        }
    }

    fn parts(
        &mut self,
        word: &Word,
        acc: &mut Acc,
        host: &mut dyn Host,
        io: &Io,
        logged: &mut usize,
    ) -> Result<(), ExpErr> {
        let ifs = self.ifs();
        for part in word {
            match part {
                Part::Lit(s) => acc.lit(s),
                Part::Quoted(s) => acc.quoted(s),
                Part::Param(p, quoted) => {
                    if (p.name == "@" || p.name == "*") && p.op == ParamOp::Plain {
                        let items = self.positional.clone();
                        if *quoted && p.name == "@" {
                            for (k, it) in items.iter().enumerate() {
                                if k > 0 {
                                    acc.end();
                                }
                                acc.quoted(it);
                            }
                        } else if *quoted {
                            acc.quoted(&items.join(" "));
                        } else {
                            for (k, it) in items.iter().enumerate() {
                                if k > 0 {
                                    acc.end();
                                }
                                acc.expansion(it, &ifs);
                            }
                        }
                        continue;
                    }
                    let v = self.param(p, host, io, logged)?;
                    if *quoted {
                        acc.quoted(&v);
                    } else {
                        acc.expansion(&v, &ifs);
                    }
                }
                Part::CmdSub(node, quoted) => {
                    let v = self.cmdsub(node, host, io, logged)?;
                    if *quoted {
                        acc.quoted(&v);
                    } else {
                        acc.expansion(&v, &ifs);
                    }
                }
                Part::Arith(w, quoted) => {
                    let expr = self.expand_str(w, host, io, logged)?;
                    let vars = self.vars.clone();
                    let lookup = |n: &str| vars.get(n).map(|v| v.value.clone());
                    let v = super::arith::eval(&expr, &lookup)
                        .map_err(|m| ExpErr::Msg(format!("arithmetic: {m}")))?;
                    if *quoted {
                        acc.quoted(&v.to_string());
                    } else {
                        acc.expansion(&v.to_string(), &ifs);
                    }
                }
            }
        }
        Ok(())
    }

    fn param(
        &mut self,
        p: &Param,
        host: &mut dyn Host,
        io: &Io,
        logged: &mut usize,
    ) -> Result<String, ExpErr> {
        let val = self.lookup(&p.name, host);
        let unset_or_empty = |colon: bool| match &val {
            None => true,
            Some(v) => colon && v.is_empty(),
        };
        Ok(match &p.op {
            ParamOp::Plain => val.unwrap_or_default(),
            ParamOp::Len => val.map(|v| v.chars().count()).unwrap_or(0).to_string(),
            ParamOp::Default(c) => {
                if unset_or_empty(*c) {
                    self.expand_str(&p.arg, host, io, logged)?
                } else {
                    val.unwrap_or_default()
                }
            }
            ParamOp::Assign(c) => {
                if unset_or_empty(*c) {
                    let v = self.expand_str(&p.arg, host, io, logged)?;
                    self.set_var(&p.name, &v).map_err(ExpErr::Msg)?;
                    v
                } else {
                    val.unwrap_or_default()
                }
            }
            ParamOp::Alt(c) => {
                if unset_or_empty(*c) {
                    String::new()
                } else {
                    self.expand_str(&p.arg, host, io, logged)?
                }
            }
            ParamOp::Error(c) => {
                if unset_or_empty(*c) {
                    let m = self.expand_str(&p.arg, host, io, logged)?;
                    let m = if m.is_empty() {
                        "parameter not set".to_string()
                    } else {
                        m
                    };
                    return Err(ExpErr::Msg(format!("{}: {m}", p.name)));
                }
                val.unwrap_or_default()
            }
            ParamOp::TrimPrefix(long) => {
                let pat = self.expand_pattern(&p.arg, host, io, logged)?;
                pattern::trim_prefix(&val.unwrap_or_default(), &pat, *long)
            }
            ParamOp::TrimSuffix(long) => {
                let pat = self.expand_pattern(&p.arg, host, io, logged)?;
                pattern::trim_suffix(&val.unwrap_or_default(), &pat, *long)
            }
        })
    }

    /// `$(...)`: runs in a subshell to completion; its time is spent after the command.
    fn cmdsub(
        &mut self,
        node: &super::ast::Node,
        host: &mut dyn Host,
        io: &Io,
        logged: &mut usize,
    ) -> Result<String, ExpErr> {
        if let Some(m) = self.too_deep() {
            return Err(ExpErr::Msg(
                m.trim_start_matches(&self.prefix()).to_string(),
            ));
        }
        let sub = self.subshell(node);
        let cur = self.cur_io(io);
        let err = if cur.err == Out::Buffer {
            Out::Host
        } else {
            cur.err.clone()
        };
        let t = Task {
            kind: TaskKind::Shell(Box::new(sub)),
            io: Io {
                out: Out::Buffer,
                err,
                stdin: String::new(),
            },
            env: Env::default(),
            cwd: self.cwd.clone(),
            buf: String::new(),
        };
        match run_sync(t, host, logged) {
            SyncEnd::Exited(s, out, ms) => {
                self.sub_status = Some(s);
                self.pending_ms = self.pending_ms.saturating_add(ms);
                Ok(out.trim_end_matches('\n').to_string())
            }
            SyncEnd::Blocked => Err(ExpErr::Blocked),
        }
    }

    /// Fields of a word: split, globbed.
    pub(crate) fn expand_fields(
        &mut self,
        word: &Word,
        host: &mut dyn Host,
        io: &Io,
        logged: &mut usize,
    ) -> Result<Vec<String>, ExpErr> {
        let mut acc = Acc {
            split: true,
            ..Acc::default()
        };
        self.parts(word, &mut acc, host, io, logged)?;
        acc.end();
        let mut out = Vec::new();
        for (text, pat, glob) in acc.fields {
            if glob {
                let m = self.glob(&pat, host);
                if !m.is_empty() {
                    out.extend(m);
                    continue;
                }
            }
            out.push(text);
        }
        Ok(out)
    }

    /// A word as one string (assignments, redirection targets, `case` subjects, here-docs).
    pub(crate) fn expand_str(
        &mut self,
        word: &Word,
        host: &mut dyn Host,
        io: &Io,
        logged: &mut usize,
    ) -> Result<String, ExpErr> {
        let mut acc = Acc::default();
        self.parts(word, &mut acc, host, io, logged)?;
        Ok(acc.text)
    }

    /// A word as a pattern: quoted characters match themselves.
    pub(crate) fn expand_pattern(
        &mut self,
        word: &Word,
        host: &mut dyn Host,
        io: &Io,
        logged: &mut usize,
    ) -> Result<String, ExpErr> {
        let mut acc = Acc::default();
        self.parts(word, &mut acc, host, io, logged)?;
        Ok(acc.pat)
    }

    /// Pathname expansion of the last component (`/dir/*.sh`, `*`); sorted, no dotfiles unless
    /// the pattern starts with a dot.
    fn glob(&self, pat: &str, host: &mut dyn Host) -> Vec<String> {
        let (dir_part, name_pat) = match pat.rfind('/') {
            Some(i) => (&pat[..=i], &pat[i + 1..]),
            None => ("", pat),
        };
        if pattern::has_glob(dir_part) {
            return Vec::new();
        }
        let dir_text: String = unescape(dir_part);
        let dir_abs = if dir_text.is_empty() {
            self.cwd.clone()
        } else {
            crate::path::join(&self.cwd, &dir_text)
        };
        let Ok(mut names) = host.fs().list(&dir_abs) else {
            return Vec::new();
        };
        names.sort();
        names
            .into_iter()
            .filter(|n| {
                (!n.starts_with('.') || name_pat.starts_with('.')) && pattern::matches(name_pat, n)
            })
            .take(MAX_FIELDS)
            .map(|n| format!("{dir_text}{n}"))
            .collect()
    }

    /// Reports an expansion error: the shell exits (status 1), or hangs for a blocked `$(...)`.
    pub(crate) fn exp_failed(
        &mut self,
        e: ExpErr,
        host: &mut dyn Host,
        io: &Io,
        buf: &mut String,
        logged: &mut usize,
    ) -> Flow {
        match e {
            ExpErr::Msg(m) => {
                let m = format!("{}{m}\n", self.prefix());
                self.err_msg(host, io, buf, logged, &m);
                Flow::Yield(Outcome::Exit(1))
            }
            ExpErr::Blocked => {
                self.blocked = true;
                Flow::Yield(Outcome::Block)
            }
        }
    }

    /// Applies redirections to `io`. Err(None): a redirection failed (message printed, status
    /// 1); Err(Some(flow)): an expansion failed.
    #[allow(clippy::result_large_err)] // a Flow is short-lived and only on the error path
    pub(crate) fn apply_redirs(
        &mut self,
        redirs: &[Redir],
        mut cur: Io,
        host: &mut dyn Host,
        io: &Io,
        buf: &mut String,
        logged: &mut usize,
    ) -> Result<Io, Option<Flow>> {
        for r in redirs {
            let target = match self.expand_str(&r.target, host, io, logged) {
                Ok(t) => t,
                Err(e) => return Err(Some(self.exp_failed(e, host, io, buf, logged))),
            };
            match r.kind {
                RedirKind::Out | RedirKind::Append => {
                    let o = match target.as_str() {
                        "/dev/null" => Out::Null,
                        "/dev/stdout" => cur.out.clone(),
                        "/dev/stderr" => cur.err.clone(),
                        _ => {
                            let p = crate::path::join(&self.cwd, &target);
                            let append = r.kind == RedirKind::Append;
                            if let Err(e) = host.fs().write(&p, b"", append) {
                                let why = match e {
                                    crate::FsError::NotFound | crate::FsError::NotADirectory => {
                                        "nonexistent directory"
                                    }
                                    other => crate::path::fs_error_text(other),
                                };
                                let m = format!("{}can't create {target}: {why}\n", self.prefix());
                                self.err_msg(host, io, buf, logged, &m);
                                return Err(None);
                            }
                            Out::File(p)
                        }
                    };
                    match r.fd {
                        1 => cur.out = o,
                        2 => cur.err = o,
                        _ => {}
                    }
                }
                RedirKind::DupOut => match (r.fd, target.as_str()) {
                    (2, "1") => cur.err = cur.out.clone(),
                    (1, "2") => cur.out = cur.err.clone(),
                    (1, "-") => cur.out = Out::Null,
                    (2, "-") => cur.err = Out::Null,
                    _ => {}
                },
                RedirKind::In => {
                    if target == "/dev/null" {
                        cur.stdin = String::new();
                        continue;
                    }
                    let p = crate::path::join(&self.cwd, &target);
                    match host.fs().read(&p) {
                        Ok(b) => cur.stdin = String::from_utf8_lossy(&b).into_owned(),
                        Err(e) => {
                            let why = match e {
                                crate::FsError::NotFound | crate::FsError::NotADirectory => {
                                    "no such file"
                                }
                                other => crate::path::fs_error_text(other),
                            };
                            let m = format!("{}can't open {target}: {why}\n", self.prefix());
                            self.err_msg(host, io, buf, logged, &m);
                            return Err(None);
                        }
                    }
                }
                RedirKind::DupIn => {}
                RedirKind::HereDoc => {
                    if r.fd == 0 {
                        cur.stdin = target;
                    }
                }
            }
        }
        Ok(cur)
    }
}

fn unescape(s: &str) -> String {
    let mut o = String::new();
    let mut esc = false;
    for c in s.chars() {
        if !esc && c == '\\' {
            esc = true;
            continue;
        }
        esc = false;
        o.push(c);
    }
    o
}
