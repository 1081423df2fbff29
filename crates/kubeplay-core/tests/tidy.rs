//! Architecture invariants, checked as tests (rust-analyzer's tidy): the core has no web or OS-clock
//! dependency and never iterates a HashMap.

use std::path::Path;

fn core_sources() -> Vec<(String, String)> {
    let mut out = Vec::new();
    let mut stack = vec![Path::new(env!("CARGO_MANIFEST_DIR")).join("src")];
    while let Some(dir) = stack.pop() {
        for e in std::fs::read_dir(&dir).unwrap().flatten() {
            let p = e.path();
            if p.is_dir() {
                stack.push(p);
            } else if p.extension().is_some_and(|x| x == "rs") {
                out.push((p.display().to_string(), std::fs::read_to_string(&p).unwrap()));
            }
        }
    }
    out
}

#[test]
fn core_has_no_web_or_platform_randomness_dependency() {
    let manifest = std::fs::read_to_string(Path::new(env!("CARGO_MANIFEST_DIR")).join("Cargo.toml")).unwrap();
    for forbidden in ["yew", "web-sys", "gloo", "js-sys", "wasm-bindgen", "getrandom", "rand ", "chrono"] {
        assert!(!manifest.contains(forbidden), "kubeplay-core/Cargo.toml must not depend on {forbidden}");
    }
}

#[test]
fn core_never_reads_the_wall_clock_or_uses_hash_maps() {
    for (path, src) in core_sources() {
        for forbidden in ["SystemTime", "Instant::now", "Utc::now", "Local::now", "Timestamp::now", "HashMap", "HashSet", "thread_rng", "std::fs", "std::env"] {
            assert!(!src.contains(forbidden), "{path} uses {forbidden}: the core must stay deterministic and OS-free");
        }
    }
}

#[test]
fn every_core_file_says_what_it_is_for() {
    for (path, src) in core_sources() {
        assert!(src.starts_with("//!"), "{path} must start with a //! line");
    }
}
