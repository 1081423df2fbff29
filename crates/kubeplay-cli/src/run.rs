//! `kubeplay run SCRIPT|-|LINK`: run a scenario script, or replay a share link, headless.

use crate::{parse_seed, parse_start, DEFAULT_SEED, DEFAULT_START_MS, USAGE};
use kubeplay_core::share::{self, Scenario};
use kubeplay_core::{Simulation, Stream};
use std::io::{Read, Write};

struct RunOpts {
    script: String,
    /// `None` unless given: a link's own seed and start then apply.
    seed: Option<u64>,
    start_ms: Option<i64>,
    echo: bool,
    trace: Option<String>,
}

fn parse_run(args: &[String]) -> Result<RunOpts, String> {
    let mut o = RunOpts { script: String::new(), seed: None, start_ms: None, echo: false, trace: None };
    let mut it = args.iter();
    while let Some(a) = it.next() {
        let mut value = |name: &str| it.next().cloned().ok_or_else(|| format!("kubeplay: {name} needs a value"));
        match a.as_str() {
            "--seed" => o.seed = Some(parse_seed(&value("--seed")?)?),
            "--start" => o.start_ms = Some(parse_start(&value("--start")?)?),
            "--echo" => o.echo = true,
            "--trace" => o.trace = Some(value("--trace")?),
            s if o.script.is_empty() && (s == "-" || !s.starts_with('-')) => o.script = s.to_string(),
            s => return Err(format!("kubeplay: unexpected argument {s:?}")),
        }
    }
    if o.script.is_empty() {
        return Err(format!("kubeplay: run needs a SCRIPT (or - for stdin, or a share link)\n\n{USAGE}"));
    }
    Ok(o)
}

pub fn run(args: &[String]) -> i32 {
    let o = match parse_run(args) {
        Ok(o) => o,
        Err(e) => {
            eprintln!("{e}");
            return 2;
        }
    };
    let scenario = match load(&o.script) {
        Ok(s) => s,
        Err(e) => {
            eprintln!("{e}");
            return 2;
        }
    };
    // A file and a link take the same path from here on, so a link replays exactly what the
    // script run did.
    let mut sim = Simulation::new(o.seed.unwrap_or(scenario.seed), o.start_ms.unwrap_or(scenario.start_ms));
    for (path, content) in &scenario.files {
        sim.files.add(path, content);
    }
    let t = kubeplay_core::script::run_with(&mut sim, &scenario.script, o.echo);
    let (mut out, mut err) = (std::io::stdout().lock(), std::io::stderr().lock());
    for c in &t.chunks {
        let _ = match c.stream {
            Stream::Stdout => out.write_all(c.text.as_bytes()).and_then(|_| out.flush()),
            Stream::Stderr => err.write_all(c.text.as_bytes()).and_then(|_| err.flush()),
        };
    }
    if let Some(path) = o.trace {
        let mut s = sim.trace().join("\n");
        s.push('\n');
        if let Err(e) = std::fs::write(&path, s) {
            eprintln!("kubeplay: cannot write trace to {path}: {e}");
        }
    }
    t.status
}

/// The scenario behind the argument: a share link, or a script file (or stdin) with the files it
/// names read from the working directory and the default seed and start.
fn load(arg: &str) -> Result<Scenario, String> {
    if share::looks_like_link(arg) {
        return share::from_link(arg);
    }
    let script = read_script(arg).map_err(|e| format!("kubeplay: cannot read {arg}: {e}"))?;
    let files = crate::files::referenced(&script);
    Ok(Scenario { seed: DEFAULT_SEED, start_ms: DEFAULT_START_MS, script, files, docs: Vec::new(), guide: None })
}

pub fn read_script(path: &str) -> std::io::Result<String> {
    if path == "-" {
        let mut s = String::new();
        std::io::stdin().read_to_string(&mut s)?;
        return Ok(s);
    }
    std::fs::read_to_string(path)
}
