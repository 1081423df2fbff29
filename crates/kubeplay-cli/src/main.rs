//! `kubeplay`: run kubeplay scenario scripts headless (tests, CI, link generation).

mod files;
mod run;
mod share;

use kubeplay_core::timefmt::parse_rfc3339_ms;

/// Long scenarios spend much of their time allocating (every write builds k8s-openapi objects);
/// mimalloc does that about twice as fast as glibc's malloc.
#[global_allocator]
static GLOBAL: kubeplay_alloc::MiMalloc = kubeplay_alloc::MiMalloc;

const USAGE: &str = "kubeplay — a deterministic Kubernetes playground

Usage:
  kubeplay run SCRIPT|- [--seed N] [--start RFC3339] [--echo] [--trace FILE]
      Run a scenario script (kubectl lines, heredocs, sleep, echo) and print what a terminal shows.
      --seed N          seed of the simulation (default 1)
      --start RFC3339   simulated start time (default 2025-01-01T00:00:00Z)
      --echo            print each command line as `$ LINE` before its output
      --trace FILE      write the simulation trace (one line per step) to FILE
  kubeplay run LINK [--seed N] [--start RFC3339] [--echo] [--trace FILE]
      Replay a share link (http(s)://...#s=... or #s=...): its script, files, seed and start;
      --seed and --start given here override the link's.
  kubeplay share SCRIPT|- [--seed N] [--start RFC3339] [--base URL] [--doc FILE]...
      Print a link that replays the script byte for byte: the script, the files it names with -f,
      the seed and start, and each --doc FILE as an editor tab (shown, not run).
      --base URL        where the playground is served (default http://127.0.0.1:8080/)
  kubeplay schedule EXPR [--time-zone ZONE] [--from RFC3339] [--count N]
      Print the next N (default 5) times a CronJob with this schedule fires, one per line, or the
      apiserver's validation error (exit 1). Nothing is printed for a schedule that never fires.
  kubeplay help
";

fn main() {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let code = match args.first().map(String::as_str) {
        Some("run") => run::run(&args[1..]),
        Some("share") => share::share(&args[1..]),
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

/// Defaults for a run or a link, as the USAGE says.
const DEFAULT_SEED: u64 = 1;
const DEFAULT_START_MS: i64 = 1_735_689_600_000; // 2025-01-01T00:00:00Z

fn parse_seed(v: &str) -> Result<u64, String> {
    v.parse().map_err(|_| "kubeplay: --seed must be a non-negative integer".to_string())
}

fn parse_start(v: &str) -> Result<i64, String> {
    parse_rfc3339_ms(v).ok_or_else(|| format!("kubeplay: --start {v:?} is not an RFC 3339 time (e.g. 2025-01-01T00:00:00Z)"))
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
