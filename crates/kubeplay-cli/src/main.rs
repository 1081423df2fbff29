//! `kubeplay`: run kubeplay scenario scripts headless (tests, CI, link generation).

use kubeplay_core::timefmt::parse_rfc3339_ms;
use kubeplay_core::{Simulation, Stream};
use std::io::{Read, Write};
use std::path::Path;

const USAGE: &str = "kubeplay — a deterministic Kubernetes playground

Usage:
  kubeplay run SCRIPT|- [--seed N] [--start RFC3339] [--echo] [--trace FILE]
      Run a scenario script (kubectl lines, heredocs, sleep, echo) and print what a terminal shows.
      --seed N          seed of the simulation (default 1)
      --start RFC3339   simulated start time (default 2025-01-01T00:00:00Z)
      --echo            print each command line as `$ LINE` before its output
      --trace FILE      write the simulation trace (one line per step) to FILE
  kubeplay schedule EXPR [--time-zone ZONE] [--from RFC3339] [--count N]
      Print the next N (default 5) times a CronJob with this schedule fires, one per line, or the
      apiserver's validation error (exit 1). Nothing is printed for a schedule that never fires.
  kubeplay help
";

/// Bound on files loaded for one script, and on their total size.
const MAX_LOADED_BYTES: u64 = 16 << 20;

fn main() {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let code = match args.first().map(String::as_str) {
        Some("run") => run(&args[1..]),
        Some("schedule") => schedule(&args[1..]),
        Some("help") | Some("--help") | Some("-h") | None => {
            print!("{USAGE}");
            0
        }
        Some(other) => {
            eprintln!("kubeplay: unknown command {other:?}\n\n{USAGE}");
            2
        }
    };
    std::process::exit(code);
}

struct RunOpts {
    script: String,
    seed: u64,
    start_ms: i64,
    echo: bool,
    trace: Option<String>,
}

fn parse_run(args: &[String]) -> Result<RunOpts, String> {
    let mut o = RunOpts { script: String::new(), seed: 1, start_ms: 1_735_689_600_000, echo: false, trace: None };
    let mut it = args.iter();
    while let Some(a) = it.next() {
        let mut value = |name: &str| it.next().cloned().ok_or_else(|| format!("kubeplay: {name} needs a value"));
        match a.as_str() {
            "--seed" => o.seed = value("--seed")?.parse().map_err(|_| "kubeplay: --seed must be a non-negative integer".to_string())?,
            "--start" => {
                let v = value("--start")?;
                o.start_ms = parse_rfc3339_ms(&v).ok_or_else(|| format!("kubeplay: --start {v:?} is not an RFC 3339 time (e.g. 2025-01-01T00:00:00Z)"))?;
            }
            "--echo" => o.echo = true,
            "--trace" => o.trace = Some(value("--trace")?),
            s if o.script.is_empty() && (s == "-" || !s.starts_with('-')) => o.script = s.to_string(),
            s => return Err(format!("kubeplay: unexpected argument {s:?}")),
        }
    }
    if o.script.is_empty() {
        return Err(format!("kubeplay: run needs a SCRIPT (or - for stdin)\n\n{USAGE}"));
    }
    Ok(o)
}

fn run(args: &[String]) -> i32 {
    let o = match parse_run(args) {
        Ok(o) => o,
        Err(e) => {
            eprintln!("{e}");
            return 2;
        }
    };
    let text = match read_script(&o.script) {
        Ok(t) => t,
        Err(e) => {
            eprintln!("kubeplay: cannot read {}: {e}", o.script);
            return 2;
        }
    };
    let mut sim = Simulation::new(o.seed, o.start_ms);
    load_referenced_files(&mut sim, &text);
    let t = kubeplay_core::script::run_with(&mut sim, &text, o.echo);
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

fn read_script(path: &str) -> std::io::Result<String> {
    if path == "-" {
        let mut s = String::new();
        std::io::stdin().read_to_string(&mut s)?;
        return Ok(s);
    }
    std::fs::read_to_string(path)
}

/// Loads the files and directories the script passes to `-f`, relative to the working directory,
/// as bash would resolve them.
fn load_referenced_files(sim: &mut Simulation, text: &str) {
    let mut budget = MAX_LOADED_BYTES;
    for p in kubeplay_core::script::referenced_files(text) {
        load_path(sim, Path::new(&p), &p, &mut budget, 0);
    }
}

fn load_path(sim: &mut Simulation, path: &Path, name: &str, budget: &mut u64, depth: usize) {
    if depth > 8 {
        return;
    }
    if path.is_dir() {
        let Ok(rd) = std::fs::read_dir(path) else { return };
        let mut entries: Vec<_> = rd.flatten().map(|e| e.path()).collect();
        entries.sort();
        for e in entries {
            let child = format!("{}/{}", name.trim_end_matches('/'), e.file_name().map(|f| f.to_string_lossy().into_owned()).unwrap_or_default());
            load_path(sim, &e, &child, budget, depth + 1);
        }
    } else if let Ok(meta) = path.metadata() {
        if meta.len() <= *budget {
            if let Ok(content) = std::fs::read_to_string(path) {
                *budget -= meta.len();
                sim.files.add(name, &content);
            }
        }
    }
}

fn schedule(args: &[String]) -> i32 {
    let (mut expr, mut zone, mut from, mut count) = (None, None, 1_735_689_600_000i64, 5usize);
    let mut it = args.iter();
    while let Some(a) = it.next() {
        let v = |it: &mut std::slice::Iter<String>| it.next().cloned();
        match a.as_str() {
            "--time-zone" => zone = v(&mut it),
            "--from" => match v(&mut it).as_deref().and_then(parse_rfc3339_ms) {
                Some(ms) => from = ms,
                None => {
                    eprintln!("kubeplay: --from needs an RFC 3339 time (e.g. 2025-01-01T00:00:00Z)");
                    return 2;
                }
            },
            "--count" => match v(&mut it).and_then(|c| c.parse().ok()) {
                Some(c) => count = c,
                None => {
                    eprintln!("kubeplay: --count needs a non-negative integer");
                    return 2;
                }
            },
            s if expr.is_none() => expr = Some(s.to_string()),
            s => {
                eprintln!("kubeplay: unexpected argument {s:?}");
                return 2;
            }
        }
    }
    let Some(expr) = expr else {
        eprintln!("kubeplay: schedule needs an EXPR, e.g. kubeplay schedule '*/2 * * * *'");
        return 2;
    };
    match kubeplay_cron::next_runs(&expr, zone.as_deref(), from, count) {
        Ok(times) => {
            for t in times {
                println!("{t}");
            }
            0
        }
        Err(errors) => {
            for e in errors {
                eprintln!("{e}");
            }
            1
        }
    }
}
