//! Share links end to end: `kubeplay share SCRIPT` then `kubeplay run LINK` from an empty directory
//! (so the manifests can only come from the link) prints, exits and traces exactly like
//! `kubeplay run SCRIPT` next to its manifests, for every golden scenario.

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

/// An empty directory of this test's own, removed when dropped.
struct TempDir(PathBuf);

impl TempDir {
    fn new(name: &str) -> TempDir {
        let p = std::env::temp_dir().join(format!("kubeplay-share-test-{}-{name}", std::process::id()));
        let _ = std::fs::remove_dir_all(&p);
        std::fs::create_dir_all(&p).expect("temp dir");
        TempDir(p)
    }
}

impl Drop for TempDir {
    fn drop(&mut self) {
        let _ = std::fs::remove_dir_all(&self.0);
    }
}

/// What one `kubeplay` invocation left: stdout, stderr, exit status, and the trace if asked for.
#[derive(Debug, PartialEq)]
struct Outcome {
    stdout: String,
    stderr: String,
    status: i32,
    trace: String,
}

/// Runs `kubeplay ARGS... --trace T` in `dir`.
fn kubeplay(dir: &Path, args: &[&str], trace: &Path) -> Outcome {
    let out = Command::new(env!("CARGO_BIN_EXE_kubeplay"))
        .args(args)
        .arg("--trace")
        .arg(trace)
        .current_dir(dir)
        .output()
        .expect("run kubeplay");
    Outcome {
        stdout: String::from_utf8_lossy(&out.stdout).into_owned(),
        stderr: String::from_utf8_lossy(&out.stderr).into_owned(),
        status: out.status.code().unwrap_or(-1),
        trace: std::fs::read_to_string(trace).unwrap_or_default(),
    }
}

/// `kubeplay share ARGS...` run next to the scenarios; the link it printed.
fn share(args: &[&str]) -> String {
    let out = Command::new(env!("CARGO_BIN_EXE_kubeplay")).arg("share").args(args).current_dir(scenarios_dir()).output().expect("run kubeplay share");
    assert_eq!(out.status.code(), Some(0), "share {args:?}: {}", String::from_utf8_lossy(&out.stderr));
    let link = String::from_utf8(out.stdout).expect("utf-8 link");
    assert_eq!(link.lines().count(), 1, "share prints one line: {link}");
    link.trim_end().to_string()
}

#[test]
fn a_link_replays_its_script_byte_for_byte_without_the_files_on_disk() {
    let elsewhere = TempDir::new("replay");
    let mut with_files = Vec::new();
    for script in scenarios() {
        let name = script.file_name().unwrap().to_str().unwrap();
        let link = share(&[name]);
        let (t1, t2) = (elsewhere.0.join("script.trace"), elsewhere.0.join("link.trace"));
        let expected = kubeplay(&scenarios_dir(), &["run", name, "--echo"], &t1);
        let got = kubeplay(&elsewhere.0, &["run", &link, "--echo"], &t2);
        assert_eq!(got, expected, "{name}: the link's run differs from the script's");
        assert!(!expected.trace.is_empty(), "{name}: no trace written");
        if !kubeplay_core::share::from_link(&link).unwrap().files.is_empty() {
            with_files.push(name.to_string());
        }
    }
    // The manifests really travelled in the links (apply-errors.sh names missing files on purpose).
    for name in ["apply-todo-db.sh", "cronjob-todo-db-backup.sh", "todo-db-replicated.sh"] {
        assert!(with_files.iter().any(|n| n == name), "{name} should read manifests with -f: {with_files:?}");
    }
}

#[test]
fn a_link_keeps_its_seed_and_start_unless_overridden() {
    let elsewhere = TempDir::new("seed");
    let name = "deployment-basics.sh";
    let t = elsewhere.0.join("t");
    let link = share(&[name, "--seed", "7", "--start", "2025-06-01T08:00:00Z"]);
    let at_7 = kubeplay(&scenarios_dir(), &["run", name, "--seed", "7", "--start", "2025-06-01T08:00:00Z"], &t);
    assert_eq!(kubeplay(&elsewhere.0, &["run", &link], &t), at_7);
    // --seed on the command line wins over the link's; the start still comes from the link.
    let at_3 = kubeplay(&scenarios_dir(), &["run", name, "--seed", "3", "--start", "2025-06-01T08:00:00Z"], &t);
    assert_eq!(kubeplay(&elsewhere.0, &["run", &link, "--seed", "3"], &t), at_3);
    assert_ne!(at_3.stdout, at_7.stdout, "the seed should show in the generated pod names");
    let later = kubeplay(&scenarios_dir(), &["run", name, "--seed", "7", "--start", "2030-01-01T00:00:00Z"], &t);
    assert_eq!(kubeplay(&elsewhere.0, &["run", &link, "--start", "2030-01-01T00:00:00Z"], &t), later);
    assert_ne!(later.trace, at_7.trace, "the start time should show in the trace");
}

#[test]
fn bad_links_exit_2_with_the_reason() {
    let dir = TempDir::new("bad");
    let t = dir.0.join("t");
    let good = share(&["apply-todo-db.sh"]);
    let cut = &good[..good.len() - 7];
    let cases = [
        ("http://127.0.0.1:8080/#s=v1.@@@", "kubeplay: not a kubeplay share link: its text is not valid base64url"),
        ("#s=hello", "kubeplay: not a kubeplay share link: it does not start with a format version"),
        ("https://example.test/#s=v2.AAAA", "kubeplay: this link was made by a newer kubeplay (format v2)"),
        (cut, "kubeplay: not a kubeplay share link: "),
    ];
    for (link, want) in cases {
        let o = kubeplay(&dir.0, &["run", link], &t);
        assert_eq!(o.status, 2, "{link}: {o:?}");
        assert!(o.stderr.starts_with(want), "{link}: {}", o.stderr);
        assert_eq!(o.stdout, "", "{link}");
        assert!(!t.exists(), "{link}: no run, no trace");
    }
}

#[test]
fn share_reads_stdin_and_carries_docs_and_the_base() {
    let script = scenarios_dir().join("job-pi.sh");
    let out = Command::new(env!("CARGO_BIN_EXE_kubeplay"))
        .args(["share", "-", "--doc", "manifests/pi/pi-job.yaml", "--base", "https://example.test/play/#old"])
        .current_dir(scenarios_dir())
        .stdin(std::fs::File::open(&script).unwrap())
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(0), "{}", String::from_utf8_lossy(&out.stderr));
    let link = String::from_utf8(out.stdout).unwrap();
    assert!(link.starts_with("https://example.test/play/#s=v1."), "{link}");
    let s = kubeplay_core::share::from_link(&link).unwrap();
    assert_eq!(s.script, std::fs::read_to_string(&script).unwrap());
    assert_eq!((s.seed, s.start_ms), (1, 1_735_689_600_000));
    let doc = std::fs::read_to_string(scenarios_dir().join("manifests/pi/pi-job.yaml")).unwrap();
    assert_eq!(s.docs, vec![("pi-job.yaml".to_string(), doc)]);
}

#[test]
fn share_refuses_what_it_cannot_read() {
    let out = Command::new(env!("CARGO_BIN_EXE_kubeplay")).args(["share", "no-such.sh"]).current_dir(scenarios_dir()).output().unwrap();
    assert_eq!(out.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&out.stderr).starts_with("kubeplay: cannot read no-such.sh: "));
    let out = Command::new(env!("CARGO_BIN_EXE_kubeplay")).args(["share", "job-pi.sh", "--doc", "nope.yaml"]).current_dir(scenarios_dir()).output().unwrap();
    assert_eq!(out.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&out.stderr).starts_with("kubeplay: cannot read --doc nope.yaml: "));
    assert!(out.stdout.is_empty());
}
