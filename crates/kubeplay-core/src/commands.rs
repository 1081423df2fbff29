//! The commands a scenario script can run outside kubectl: `sleep`, `true`, `false`, `export`,
//! `unset`, `test`/`[` (bash's builtin, `script/test.rs`), `break`/`continue` (run by the script's
//! executor; here only outside a loop), `why` (the controllers' reasons, see `why.rs`) and the
//! workstation's tools (`echo`, `printf`, `grep`, `head`, `wc`, `base64`, `cat`, `seq`, …; see
//! `workstation/`).

use crate::{Simulation, Transcript};

/// Bound on one `sleep`: ten simulated years.
pub const MAX_SLEEP_MS: i64 = 10 * 366 * 86_400_000;

/// The commands `run` knows, sorted. `run` dispatches on [`resolve`], which answers only these
/// names, so a command missing here is "command not found"; tab completion offers these.
pub const COMMANDS: &[&str] = &[
    "[", "base64", "break", "cat", "continue", "cut", "echo", "export", "false", "grep", "head", "kubectl", "printf", "seq", "sleep",
    "sort", "tail", "test", "tr", "true", "uniq", "unset", "wc", "why",
];

/// Other names for the commands above; completion offers only the full names.
pub const ALIASES: &[(&str, &str)] = &[("k", "kubectl"), (":", "true")];

/// The [`COMMANDS`] entry `word` names, directly or through an alias.
pub fn resolve(word: &str) -> Option<&'static str> {
    let word = ALIASES.iter().find(|(alias, _)| *alias == word).map_or(word, |(_, full)| full);
    COMMANDS.iter().copied().find(|c| *c == word)
}

/// Runs one simple command with optional stdin.
pub fn run(sim: &mut Simulation, argv: &[String], stdin: Option<String>, line: usize) -> Transcript {
    let mut t = Transcript::default();
    let Some(cmd) = argv.first() else { return t };
    let args = &argv[1..];
    match resolve(cmd) {
        Some("kubectl") => return crate::kubectl::run(sim, args, stdin),
        Some("why") => return crate::why::run(sim, args),
        Some("sleep") => t.status = sleep(sim, args, &mut t),
        Some("export") => t.status = export(sim, args, line, &mut t),
        Some("unset") => t.status = unset(sim, args, line, &mut t),
        Some("test" | "[") => {
            let shell = &sim.shell;
            let (status, err) = crate::script::test::run(&sim.files, &|n| shell.get(n).is_some(), argv);
            if let Some(e) = err {
                t.err(format!("bash: line {line}: {e}\n"));
            }
            t.status = status;
        }
        // The script's executor runs these inside loops; what reaches here is outside any.
        Some(b @ ("break" | "continue")) => t.err(format!("bash: line {line}: {b}: only meaningful in a `for', `while', or `until' loop\n")),
        Some(tool) if crate::workstation::is_tool(tool) => return crate::workstation::run(sim, argv, stdin),
        Some("true") => {}
        Some("false") => t.status = 1,
        _ => {
            t.err(format!("bash: line {line}: {cmd}: command not found\n"));
            t.status = 127;
        }
    }
    let _ = sim.settle();
    t
}

fn is_name(s: &str) -> bool {
    s.starts_with(|c: char| c.is_ascii_alphabetic() || c == '_') && s.chars().all(|c| c.is_ascii_alphanumeric() || c == '_')
}

/// `export NAME[=VALUE]...`; with no names (or `-p`), the exported variables as bash lists them.
fn export(sim: &mut Simulation, args: &[String], line: usize, t: &mut Transcript) -> i32 {
    let names: Vec<&String> = args.iter().filter(|a| !a.starts_with('-')).collect();
    if names.is_empty() {
        for (k, v) in sim.shell.exported() {
            let v: String = v.chars().flat_map(|c| if matches!(c, '"' | '\\' | '$' | '`') { vec!['\\', c] } else { vec![c] }).collect();
            t.out(format!("declare -x {k}=\"{v}\"\n"));
        }
        return 0;
    }
    let mut status = 0;
    for a in names {
        let (name, value) = match a.split_once('=') {
            Some((n, v)) => (n, Some(v)),
            None => (a.as_str(), None),
        };
        if !is_name(name) {
            t.err(format!("bash: line {line}: export: `{a}': not a valid identifier\n"));
            status = 1;
            continue;
        }
        let set = value.map_or(Ok(()), |v| sim.shell.set(name, v.to_string()));
        if let Err(e) = set.and_then(|_| sim.shell.export(name)) {
            t.err(format!("{e}\n"));
            status = 1;
        }
    }
    status
}

/// `unset [-v] NAME...`
fn unset(sim: &mut Simulation, args: &[String], line: usize, t: &mut Transcript) -> i32 {
    let mut status = 0;
    for a in args.iter().filter(|a| !a.starts_with('-')) {
        if is_name(a) {
            sim.shell.unset(a);
        } else {
            t.err(format!("bash: line {line}: unset: `{a}': not a valid identifier\n"));
            status = 1;
        }
    }
    status
}

fn sleep(sim: &mut Simulation, args: &[String], t: &mut Transcript) -> i32 {
    if args.is_empty() {
        t.err("sleep: missing operand\nTry 'sleep --help' for more information.\n");
        return 1;
    }
    let mut total: i64 = 0;
    for a in args {
        match parse_duration_ms(a) {
            Some(ms) => total = total.saturating_add(ms),
            None => {
                t.err(format!("sleep: invalid time interval '{a}'\nTry 'sleep --help' for more information.\n"));
                return 1;
            }
        }
    }
    if total > MAX_SLEEP_MS {
        t.err("kubeplay: sleep is limited to 10 simulated years per command\n");
        return 1;
    }
    if let Err(e) = sim.advance_to(sim.cluster.now.plus_ms(total)) {
        t.err(format!("{e}\n"));
        return 1;
    }
    0
}

/// `30`, `2m`, `1.5h`, `3d`, and compound `10m30s`: GNU sleep's suffixes s, m, h, d.
/// A console line that is nothing but `sleep DURATION...` (plain words, no quoting, redirection
/// or other command): how long it sleeps, when that is within the sleep bound. The web app runs
/// such a line a slice per frame instead of at once, so a long sleep moves the clock visibly.
pub fn lone_sleep_ms(line: &str) -> Option<i64> {
    let mut words = line.split_whitespace();
    if words.next() != Some("sleep") {
        return None;
    }
    let mut total: i64 = 0;
    let mut any = false;
    for w in words {
        if !w.bytes().all(|b| b.is_ascii_alphanumeric() || b == b'.') {
            return None;
        }
        total = total.saturating_add(parse_duration_ms(w)?);
        any = true;
    }
    (any && total <= MAX_SLEEP_MS).then_some(total)
}

pub fn parse_duration_ms(s: &str) -> Option<i64> {
    if s.is_empty() {
        return None;
    }
    let mut total = 0f64;
    let mut num = String::new();
    let mut saw_unit_last = false;
    for c in s.chars() {
        if c.is_ascii_digit() || c == '.' {
            num.push(c);
            saw_unit_last = false;
        } else {
            let mult = match c {
                's' => 1.0,
                'm' => 60.0,
                'h' => 3600.0,
                'd' => 86_400.0,
                _ => return None,
            };
            total += num.parse::<f64>().ok()? * mult;
            num.clear();
            saw_unit_last = true;
        }
    }
    if !saw_unit_last {
        total += num.parse::<f64>().ok()?;
    }
    if !total.is_finite() || !(0.0..=1e12).contains(&total) {
        return None;
    }
    Some((total * 1000.0).round() as i64)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_table_entry_is_dispatched() {
        let mut sim = Simulation::new(1, 1_735_689_600_000);
        let names = COMMANDS.iter().copied().chain(ALIASES.iter().map(|(alias, _)| *alias));
        for name in names {
            let t = run(&mut sim, &[name.to_string()], None, 1);
            assert_ne!(t.status, 127, "{name} is in the table but not dispatched: {}", t.text());
        }
        let mut sorted = COMMANDS.to_vec();
        sorted.sort_unstable();
        assert_eq!(sorted, COMMANDS, "sorted, as completion lists them");
        assert!(ALIASES.iter().all(|(_, full)| COMMANDS.contains(full)));
        let t = run(&mut sim, &["kubect".to_string()], None, 3);
        assert_eq!((t.status, t.text().as_str()), (127, "bash: line 3: kubect: command not found\n"));
    }

    fn line(sim: &mut Simulation, argv: &[&str]) -> (i32, String) {
        let argv: Vec<String> = argv.iter().map(|a| a.to_string()).collect();
        let t = run(sim, &argv, None, 1);
        (t.status, t.text())
    }

    #[test]
    fn export_unset_and_echo() {
        let mut sim = Simulation::new(1, 1_735_689_600_000);
        assert_eq!(line(&mut sim, &["export", "B=2", "A=x\"$y"]), (0, String::new()));
        assert_eq!(line(&mut sim, &["export", "-p"]), (0, "declare -x A=\"x\\\"\\$y\"\ndeclare -x B=\"2\"\n".into()));
        assert_eq!(line(&mut sim, &["unset", "A", "1x"]), (1, "bash: line 1: unset: `1x': not a valid identifier\n".into()));
        assert_eq!(line(&mut sim, &["export"]), (0, "declare -x B=\"2\"\n".into()));
        assert_eq!(line(&mut sim, &["echo", "-e", "a\\tb"]), (0, "a\tb\n".into()));
        assert_eq!(line(&mut sim, &["echo", "-n", "x"]), (0, "x".into()));
        assert_eq!(line(&mut sim, &["echo", "--", "-x", "-n"]), (0, "-- -x -n\n".into()));
    }

    #[test]
    fn durations() {
        assert_eq!(parse_duration_ms("30"), Some(30_000));
        assert_eq!(parse_duration_ms("2m"), Some(120_000));
        assert_eq!(parse_duration_ms("10m30s"), Some(630_000));
        assert_eq!(parse_duration_ms("3d"), Some(259_200_000));
        assert_eq!(parse_duration_ms("0.5"), Some(500));
        assert_eq!(parse_duration_ms("2x"), None);
        assert_eq!(parse_duration_ms("m"), None);
    }
}
