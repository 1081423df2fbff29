//! Differential test against real robfig/cron v3.0.1 (Go 1.19, tzdata 2025b).
//!
//! `fixtures/differential.tsv` holds random schedules, zones and start times
//! with what Go made of them (see `oracle/main.go`, which generated it):
//! robfig's parse result, the API server's validation errors and the
//! controller's next two scheduled times. Every row is checked and all
//! mismatches are reported together. Set `KUBEPLAY_CRON_DIFF=<file>` to
//! check a further oracle file of the same format as well.

use kubeplay_cron::{next_runs, validate_cronjob_schedule, CronJobSchedule, Schedule, Time, Zone};

const DIFF_TSV: &str = include_str!("fixtures/differential.tsv");

#[test]
fn random_cases_match_go_robfig() {
    let mut failures = check_file(DIFF_TSV);
    let mut total = DIFF_TSV.lines().count() - 1;
    if let Ok(path) = std::env::var("KUBEPLAY_CRON_DIFF") {
        let extra = std::fs::read_to_string(&path).expect("KUBEPLAY_CRON_DIFF file");
        failures.extend(check_file(&extra));
        total += extra.lines().count() - 1;
    }
    assert!(
        total >= 3000,
        "expected at least 3000 oracle rows, found {total}"
    );
    println!(
        "differential: {} passed, {} failed",
        total - failures.len(),
        failures.len()
    );
    let shown: Vec<&String> = failures.iter().take(50).collect();
    assert!(
        failures.is_empty(),
        "{} mismatches, first ones:\n{shown:#?}",
        failures.len()
    );
}

fn check_file(tsv: &str) -> Vec<String> {
    tsv.lines()
        .enumerate()
        .skip(1)
        .filter_map(|(i, line)| {
            let cols: Vec<String> = line.split('\t').map(unescape).collect();
            check_row(&cols)
                .err()
                .map(|e| format!("line {}: {cols:?}: {e}", i + 1))
        })
        .collect()
}

/// Undoes the oracle's escaping of `\\`, `\t` and `\n`.
fn unescape(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    let mut chars = s.chars();
    while let Some(c) = chars.next() {
        if c != '\\' {
            out.push(c);
            continue;
        }
        match chars.next() {
            Some('t') => out.push('\t'),
            Some('n') => out.push('\n'),
            Some(other) => out.push(other),
            None => out.push('\\'),
        }
    }
    out
}

fn check_row(cols: &[String]) -> Result<(), String> {
    let [expr, tz, from, robfig, k8s, next1, next2] = cols else {
        return Err(format!("expected 7 columns, got {}", cols.len()));
    };
    let tz = (tz != "<nil>").then_some(tz.as_str());
    check_robfig(expr, robfig)?;
    let got: Vec<String> = validate_cronjob_schedule(expr, tz)
        .iter()
        .map(|e| e.to_string())
        .collect();
    if got.join(" || ") != *k8s {
        return Err(format!("validation: expected {k8s:?}, got {got:?}"));
    }
    if next1 == "-" {
        return Ok(());
    }
    check_next(expr, tz, from, [next1, next2])
}

fn check_robfig(expr: &str, want: &str) -> Result<(), String> {
    let got = match Schedule::parse(expr) {
        Ok(_) => "OK".to_string(),
        Err(e) if e.is_robfig_panic() => "PANIC".to_string(),
        Err(e) => e.to_string(),
    };
    if got != want {
        return Err(format!("robfig: expected {want:?}, got {got:?}"));
    }
    Ok(())
}

/// The next two times through `CronJobSchedule` and through `next_runs`.
fn check_next(expr: &str, tz: Option<&str>, from: &str, want: [&String; 2]) -> Result<(), String> {
    let from_t = Time::parse_rfc3339(from, Zone::utc()).ok_or("bad from")?;
    let sched = CronJobSchedule::new(expr, tz).map_err(|e| e.to_string())?;
    let first = sched.next_after(from_t);
    let second = first.and_then(|t| sched.next_after(t));
    let show = |t: Option<Time>| t.map_or("NONE".to_string(), |t| t.to_rfc3339());
    let got = [show(first), show(second)];
    // Where robfig never returns (HANG), kubeplay answers "never" (NONE).
    let same = |got: &String, want: &String| got == want || (want == "HANG" && got == "NONE");
    if !same(&got[0], want[0]) || !same(&got[1], want[1]) {
        return Err(format!("next: expected {want:?}, got {got:?}"));
    }
    let listed = next_runs(expr, tz, from_t.unix_ms(), 2).map_err(|e| e.join("; "))?;
    let expected: Vec<&String> = want
        .into_iter()
        .take_while(|w| *w != "NONE" && *w != "HANG")
        .collect();
    if listed.iter().collect::<Vec<_>>() != expected {
        return Err(format!("next_runs: expected {expected:?}, got {listed:?}"));
    }
    Ok(())
}
