//! Golden scenario files: every `*.sh` under crates/kubeplay-core/tests/scenarios is run through the
//! real `kubeplay run --echo` (stdout and stderr interleaved as a terminal shows them) and compared
//! with its `*.out`. `UPDATE_EXPECT=1 cargo test -p kubeplay-cli --test golden` rewrites the `.out` files.

use std::path::{Path, PathBuf};
use std::process::Command;

fn scenarios_dir() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../kubeplay-core/tests/scenarios")
}

fn scenarios() -> Vec<PathBuf> {
    let mut v: Vec<PathBuf> = std::fs::read_dir(scenarios_dir())
        .expect("scenarios dir")
        .flatten()
        .map(|e| e.path())
        .filter(|p| p.extension().is_some_and(|e| e == "sh"))
        .collect();
    v.sort();
    v
}

/// Runs one scenario like a terminal would: both streams into one pipe, in order.
pub fn transcript(script: &Path, seed: u64) -> String {
    let bin = env!("CARGO_BIN_EXE_kubeplay");
    let out = Command::new("sh")
        .arg("-c")
        .arg(format!("\"{bin}\" run \"$1\" --echo --seed {seed} 2>&1"))
        .arg("sh")
        .arg(script.file_name().unwrap())
        .current_dir(scenarios_dir())
        .output()
        .expect("run kubeplay");
    let mut s = String::from_utf8_lossy(&out.stdout).into_owned();
    s.push_str(&format!("[exit {}]\n", out.status.code().unwrap_or(-1)));
    s
}

#[test]
fn golden_scenarios_match_their_transcripts() {
    let update = std::env::var("UPDATE_EXPECT").is_ok_and(|v| v == "1");
    let all = scenarios();
    assert!(!all.is_empty(), "no scenarios found");
    let mut failures = Vec::new();
    for script in all {
        let got = transcript(&script, 1);
        let expected_path = script.with_extension("out");
        if update {
            std::fs::write(&expected_path, &got).unwrap();
            continue;
        }
        let expected = std::fs::read_to_string(&expected_path).unwrap_or_default();
        if expected != got {
            failures.push(format!("{}:\n{}", script.display(), diff(&expected, &got)));
        }
    }
    assert!(failures.is_empty(), "golden transcripts differ (UPDATE_EXPECT=1 to accept):\n{}", failures.join("\n"));
}

fn diff(expected: &str, got: &str) -> String {
    let (e, g): (Vec<&str>, Vec<&str>) = (expected.lines().collect(), got.lines().collect());
    let mut out = String::new();
    for i in 0..e.len().max(g.len()) {
        let (a, b) = (e.get(i).copied().unwrap_or("<missing>"), g.get(i).copied().unwrap_or("<missing>"));
        if a != b {
            out.push_str(&format!("  line {}:\n    expected: {a}\n    got:      {b}\n", i + 1));
        }
    }
    out
}

#[test]
fn same_seed_same_transcript_and_trace() {
    for script in scenarios() {
        let a = transcript(&script, 7);
        let b = transcript(&script, 7);
        assert_eq!(a, b, "non-determinism detected in {}", script.display());
    }
}
