//! `kubeplay share SCRIPT|-`: print a link that replays the script byte for byte (script, the
//! files it names with `-f`, seed, start, editor tabs), for the playground or `kubeplay run LINK`.

use crate::{parse_seed, parse_start, DEFAULT_SEED, DEFAULT_START_MS};
use kubeplay_core::share::{self, Scenario};
use std::path::Path;

struct ShareOpts {
    script: String,
    seed: u64,
    start_ms: i64,
    base: String,
    docs: Vec<String>,
}

fn parse_share(args: &[String]) -> Result<ShareOpts, String> {
    let mut o = ShareOpts { script: String::new(), seed: DEFAULT_SEED, start_ms: DEFAULT_START_MS, base: share::DEFAULT_BASE.to_string(), docs: Vec::new() };
    let mut it = args.iter();
    while let Some(a) = it.next() {
        let mut value = |name: &str| it.next().cloned().ok_or_else(|| format!("kubeplay: {name} needs a value"));
        match a.as_str() {
            "--seed" => o.seed = parse_seed(&value("--seed")?)?,
            "--start" => o.start_ms = parse_start(&value("--start")?)?,
            "--base" => o.base = value("--base")?,
            "--doc" => o.docs.push(value("--doc")?),
            s if o.script.is_empty() && (s == "-" || !s.starts_with('-')) => o.script = s.to_string(),
            s => return Err(format!("kubeplay: unexpected argument {s:?}")),
        }
    }
    if o.script.is_empty() {
        return Err("kubeplay: share needs a SCRIPT (or - for stdin)".to_string());
    }
    Ok(o)
}

pub fn share(args: &[String]) -> i32 {
    let o = match parse_share(args) {
        Ok(o) => o,
        Err(e) => {
            eprintln!("{e}");
            return 2;
        }
    };
    let scenario = match scenario(&o) {
        Ok(s) => s,
        Err(e) => {
            eprintln!("{e}");
            return 2;
        }
    };
    let link = share::to_link(&o.base, &scenario);
    // Refuse to print a link that kubeplay itself would refuse to open (too large).
    if let Err(e) = share::from_link(&link) {
        eprintln!("{e}");
        return 1;
    }
    if !scenario.files.is_empty() {
        let names: Vec<&str> = scenario.files.iter().map(|(p, _)| p.as_str()).collect();
        eprintln!("kubeplay: the link carries {} file(s): {}", names.len(), names.join(", "));
    }
    println!("{link}");
    0
}

fn scenario(o: &ShareOpts) -> Result<Scenario, String> {
    let script = crate::run::read_script(&o.script).map_err(|e| format!("kubeplay: cannot read {}: {e}", o.script))?;
    let files = crate::files::referenced(&script);
    let mut docs = Vec::new();
    for d in &o.docs {
        let content = std::fs::read_to_string(d).map_err(|e| format!("kubeplay: cannot read --doc {d}: {e}"))?;
        // A tab is named like the file, without the directories of whoever made the link.
        let name = Path::new(d).file_name().map(|n| n.to_string_lossy().into_owned()).unwrap_or_else(|| d.clone());
        docs.push((name, content));
    }
    Ok(Scenario { seed: o.seed, start_ms: o.start_ms, script, files, docs, guide: None })
}
