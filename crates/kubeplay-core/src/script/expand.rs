//! Shell variables and word expansion, as bash does them when a command runs: `$NAME`, `${…}`
//! forms, `$?`, `$(…)`, `$((…))`; then word splitting of unquoted results on blanks and newlines (the
//! default IFS). Unset variables expand to nothing. Not modelled: pathname expansion (`*`
//! stays as written, as bash leaves a pattern that matches no file), `~`, and setting `IFS`.

use super::lex::{Op, Part, Word};
use super::Line;
use std::collections::BTreeMap;

/// Bound on the variables a session holds.
pub const MAX_VARS: usize = 1_000;
/// Bound on one variable's value.
pub const MAX_VAR_BYTES: usize = 1 << 20;
/// Bound on all values together.
pub const MAX_VARS_BYTES: usize = 8 << 20;
/// Bound on one command's arguments after expansion (Linux's ARG_MAX of a kind node: 2 MiB).
pub const MAX_ARG_BYTES: usize = 2 << 20;

#[derive(Debug, Clone, PartialEq)]
struct Var {
    value: String,
    exported: bool,
}

/// The shell's state that outlives one command line: variables and `$?`. It lives in the
/// simulation, so console lines run one by one see what earlier lines set.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct ShellState {
    vars: BTreeMap<String, Var>,
    /// `$?`: the status of the last pipeline.
    pub status: i32,
    bytes: usize,
}

impl ShellState {
    pub fn get(&self, name: &str) -> Option<&str> {
        self.vars.get(name).map(|v| v.value.as_str())
    }

    /// Sets a variable; Err is the message (without `bash: line N: `) when a bound is reached.
    pub fn set(&mut self, name: &str, value: String) -> Result<(), String> {
        let old = self.vars.get(name).map_or(0, |v| v.value.len());
        if value.len() > MAX_VAR_BYTES {
            return Err(format!("kubeplay: {name}: a variable holds at most {} MiB", MAX_VAR_BYTES >> 20));
        }
        if self.bytes - old + value.len() > MAX_VARS_BYTES {
            return Err(format!("kubeplay: {name}: variables hold at most {} MiB in all", MAX_VARS_BYTES >> 20));
        }
        if old == 0 && !self.vars.contains_key(name) && self.vars.len() >= MAX_VARS {
            return Err(format!("kubeplay: {name}: a session holds at most {MAX_VARS} variables"));
        }
        self.bytes = self.bytes - old + value.len();
        let exported = self.vars.get(name).is_some_and(|v| v.exported);
        self.vars.insert(name.to_string(), Var { value, exported });
        Ok(())
    }

    /// `export NAME`: marks it for the environment of commands (set to empty if unset).
    pub fn export(&mut self, name: &str) -> Result<(), String> {
        if !self.vars.contains_key(name) {
            self.set(name, String::new())?;
        }
        if let Some(v) = self.vars.get_mut(name) {
            v.exported = true;
        }
        Ok(())
    }

    pub fn unset(&mut self, name: &str) {
        if let Some(v) = self.vars.remove(name) {
            self.bytes -= v.value.len();
        }
    }

    /// Exported variables, sorted by name (for `export -p`).
    pub fn exported(&self) -> impl Iterator<Item = (&str, &str)> {
        self.vars.iter().filter(|(_, v)| v.exported).map(|(k, v)| (k.as_str(), v.value.as_str()))
    }

    /// Every variable's name, sorted (for completion).
    pub fn names(&self) -> impl Iterator<Item = &str> {
        self.vars.keys().map(String::as_str)
    }
}

/// What expansion needs from the running shell.
pub trait Env {
    /// A variable or special parameter (`?`, `#`, `0`–`9`, `@`, `*`); None when unset.
    fn var(&self, name: &str) -> Option<String>;
    fn assign(&mut self, name: &str, value: String) -> Result<(), String>;
    /// `${NAME:?…}` is about to fail: a non-interactive bash exits there.
    fn unset_is_fatal(&mut self);
    /// `$((…))` is about to fail: bash abandons the rest of the command line.
    fn arith_failed(&mut self) {}
    /// Runs a command substitution and gives its output (trailing newlines removed); Err stops
    /// the command (the script was stopped by a bound).
    fn subst(&mut self, lines: &[Line]) -> Result<String, String>;
}

/// Expanded text, marked with whether word splitting may cut it.
type Segments = Vec<(String, bool)>;

fn expand_parts(env: &mut dyn Env, parts: &[Part], out: &mut Segments) -> Result<(), String> {
    for p in parts {
        match p {
            // Unquoted literal text holds no blank except inside `${X:-a b}`, where bash splits it.
            Part::Lit { text, quoted } => out.push((text.clone(), !quoted)),
            Part::Subst { lines, quoted } => {
                let s = env.subst(lines)?;
                out.push((s, !quoted));
            }
            Part::Param { name, op, quoted } => param(env, name, op, *quoted, out)?,
            Part::Arith { expr, quoted } => {
                let text = string(env, expr)?;
                match super::arith::eval(&text, env) {
                    Ok(v) => out.push((v.to_string(), !quoted)),
                    Err(e) => {
                        env.arith_failed();
                        return Err(e.to_string());
                    }
                }
            }
        }
    }
    Ok(())
}

fn param(env: &mut dyn Env, name: &str, op: &Op, quoted: bool, out: &mut Segments) -> Result<(), String> {
    let value = env.var(name);
    let unset_or_null = |colon: bool| value.as_deref().is_none_or(|v| colon && v.is_empty());
    match op {
        Op::Plain => out.push((value.unwrap_or_default(), !quoted)),
        Op::Length => out.push((value.unwrap_or_default().chars().count().to_string(), !quoted)),
        Op::Default(colon, w) if unset_or_null(*colon) => expand_parts(env, &w.parts, out)?,
        Op::Assign(colon, w) if unset_or_null(*colon) => {
            if !super::parse::is_name(name) {
                return Err(format!("${name}: cannot assign in this way"));
            }
            let v = string(env, w)?;
            env.assign(name, v.clone())?;
            out.push((v, !quoted));
        }
        Op::Alt(colon, w) => {
            if !unset_or_null(*colon) {
                expand_parts(env, &w.parts, out)?;
            }
        }
        Op::Error(colon, w) if unset_or_null(*colon) => {
            let msg = string(env, w)?;
            let msg = if msg.is_empty() { "parameter null or not set".to_string() } else { msg };
            env.unset_is_fatal();
            return Err(format!("{name}: {msg}"));
        }
        _ => out.push((value.unwrap_or_default(), !quoted)),
    }
    Ok(())
}

/// A word's fields: its expansion split on blanks and newlines where unquoted. A word that
/// expands to nothing unquoted (`$UNSET`) gives no field; `""` gives one empty field.
pub fn fields(env: &mut dyn Env, w: &Word) -> Result<Vec<String>, String> {
    let mut segs = Vec::new();
    expand_parts(env, &w.parts, &mut segs)?;
    let mut fields = Vec::new();
    let mut cur: Option<String> = None;
    for (text, split) in segs {
        if !split {
            cur.get_or_insert_with(String::new).push_str(&text);
            continue;
        }
        for c in text.chars() {
            if matches!(c, ' ' | '\t' | '\n') {
                fields.extend(cur.take());
            } else {
                cur.get_or_insert_with(String::new).push(c);
            }
        }
    }
    fields.extend(cur);
    Ok(fields)
}

/// A word's expansion as one string, unsplit (assignments, heredoc bodies, here-strings).
pub fn string(env: &mut dyn Env, w: &Word) -> Result<String, String> {
    let mut segs = Vec::new();
    expand_parts(env, &w.parts, &mut segs)?;
    Ok(segs.into_iter().map(|(t, _)| t).collect())
}

/// How bash names a word in a message (`$FILE: ambiguous redirect`): roughly as written.
pub fn source(w: &Word) -> String {
    w.parts
        .iter()
        .map(|p| match p {
            Part::Lit { text, .. } => text.clone(),
            Part::Param { name, op: Op::Plain, .. } => format!("${name}"),
            Part::Param { name, .. } => format!("${{{name}…}}"),
            Part::Subst { .. } => "$(…)".to_string(),
            Part::Arith { .. } => "$((…))".to_string(),
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::super::lex::Lexer;
    use super::*;

    struct Vars(ShellState);

    impl Env for Vars {
        fn var(&self, name: &str) -> Option<String> {
            self.0.get(name).map(str::to_string)
        }
        fn assign(&mut self, name: &str, value: String) -> Result<(), String> {
            self.0.set(name, value)
        }
        fn unset_is_fatal(&mut self) {}
        fn subst(&mut self, lines: &[Line]) -> Result<String, String> {
            Ok(format!("<{} lines>", lines.len()))
        }
    }

    fn expand(env: &mut Vars, s: &str) -> Vec<String> {
        let c: Vec<char> = s.chars().collect();
        let (w, _) = Lexer { depth: 0 }.word(&c, 0, true).unwrap();
        fields(env, &w).unwrap()
    }

    #[test]
    fn splitting_quoting_and_defaults() {
        let mut env = Vars(ShellState::default());
        env.0.set("P", "a  b\nc".into()).unwrap();
        env.0.set("E", String::new()).unwrap();
        assert_eq!(expand(&mut env, "$P"), ["a", "b", "c"]);
        assert_eq!(expand(&mut env, "\"$P\""), ["a  b\nc"]);
        assert_eq!(expand(&mut env, "x${P}y"), ["xa", "b", "cy"]);
        assert_eq!(expand(&mut env, "$NOPE"), Vec::<String>::new());
        assert_eq!(expand(&mut env, "\"$NOPE\""), [""]);
        assert_eq!(expand(&mut env, "''"), [""]);
        assert_eq!(expand(&mut env, "'$P'"), ["$P"]);
        assert_eq!(expand(&mut env, "${E:-d e}"), ["d", "e"]);
        assert_eq!(expand(&mut env, "\"${E:-d e}\""), ["d e"]);
        assert_eq!(expand(&mut env, "${E-d}"), Vec::<String>::new(), "set but empty: no default without `:`");
        assert_eq!(expand(&mut env, "${P:+yes}"), ["yes"]);
        assert_eq!(expand(&mut env, "${#P}"), ["6"]);
        assert_eq!(expand(&mut env, "${N:=new}$N"), ["newnew"]);
        assert_eq!(expand(&mut env, "$(true)"), ["<1", "lines>"]);
        let c: Vec<char> = "${Q:?is required}".chars().collect();
        let (w, _) = Lexer { depth: 0 }.word(&c, 0, true).unwrap();
        assert_eq!(fields(&mut env, &w).unwrap_err(), "Q: is required");
    }

    #[test]
    fn variables_are_bounded() {
        let mut s = ShellState::default();
        for i in 0..MAX_VARS {
            s.set(&format!("V{i}"), "x".into()).unwrap();
        }
        assert!(s.set("ONE_MORE", "x".into()).unwrap_err().contains("at most 1000 variables"));
        s.set("V1", "y".into()).unwrap();
        assert!(s.set("V2", "x".repeat(MAX_VAR_BYTES + 1)).unwrap_err().contains("at most 1 MiB"));
        for i in 0..8 {
            let _ = s.set(&format!("V{i}"), "x".repeat(MAX_VAR_BYTES));
        }
        assert!(s.set("V9", "x".repeat(MAX_VAR_BYTES)).unwrap_err().contains("8 MiB in all"));
        s.unset("V0");
        s.set("V9", "x".repeat(MAX_VAR_BYTES)).unwrap();
        s.export("NEW").unwrap();
        assert_eq!(s.exported().collect::<Vec<_>>(), [("NEW", "")]);
    }
}
