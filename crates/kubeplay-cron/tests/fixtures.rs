//! Checks every row of the robfig/cron v3.0.1 oracle fixtures.
//!
//! `cron-fixtures.tsv` (expr, tz, from, expected_next, source) and
//! `cron-fixtures-errors.tsv` (expr, tz, robfig error, Kubernetes note) were
//! produced by running robfig/cron v3.0.1 under Go 1.19 with tzdata 2025b.
//! Each test collects every failing row before failing, so one run shows
//! all differences.

use kubeplay_cron::{next_runs, validate_cronjob_schedule, CronJobSchedule, Schedule, Time, Zone};

const NEXT_TSV: &str = include_str!("fixtures/cron-fixtures.tsv");
const ERRORS_TSV: &str = include_str!("fixtures/cron-fixtures-errors.tsv");

/// Data rows (header dropped) split on tabs, with their 1-based line number.
fn rows(tsv: &str) -> Vec<(usize, Vec<&str>)> {
    tsv.lines()
        .enumerate()
        .skip(1)
        .map(|(i, l)| (i + 1, l.split('\t').collect()))
        .collect()
}

fn zone_arg(tz: &str) -> Option<&str> {
    (!tz.is_empty()).then_some(tz)
}

fn report(name: &str, total: usize, failures: &[String]) {
    println!(
        "{name}: {} passed, {} failed",
        total - failures.len(),
        failures.len()
    );
    assert!(
        failures.is_empty(),
        "{name} failures:\n{}",
        failures.join("\n")
    );
}

#[test]
fn every_next_fixture_row_matches_robfig() {
    let rows = rows(NEXT_TSV);
    let failures: Vec<String> = rows
        .iter()
        .filter_map(|(line, cols)| {
            check_next_row(cols)
                .err()
                .map(|e| format!("line {line} {cols:?}: {e}"))
        })
        .collect();
    assert_eq!(rows.len(), 244, "fixture file should have 244 rows");
    report("cron-fixtures.tsv", rows.len(), &failures);
}

/// One `expr tz from expected_next source` row, through every public API.
fn check_next_row(cols: &[&str]) -> Result<(), String> {
    let [expr, tz, from, expected, _source] = cols else {
        return Err(format!("expected 5 columns, got {}", cols.len()));
    };
    let tz = zone_arg(tz);
    let from_ms = Time::parse_rfc3339(from, Zone::utc())
        .ok_or("bad from")?
        .unix_ms();
    let got = next_runs(expr, tz, from_ms, 1);
    match *expected {
        "ERROR" => match got {
            Err(errors) if !errors.is_empty() => Ok(()),
            other => Err(format!("expected ERROR, got {other:?}")),
        },
        "NONE" => match got {
            Ok(v) if v.is_empty() => check_schedule_api(expr, tz, from, None),
            other => Err(format!("expected NONE, got {other:?}")),
        },
        want => match got {
            Ok(v) if v.len() == 1 && v[0] == want => check_schedule_api(expr, tz, from, Some(want)),
            other => Err(format!("expected {want}, got {other:?}")),
        },
    }
}

/// The same row through `CronJobSchedule` (Unix ms) and `Schedule` (the
/// robfig-level API, evaluating in the row's zone).
fn check_schedule_api(
    expr: &str,
    tz: Option<&str>,
    from: &str,
    want: Option<&str>,
) -> Result<(), String> {
    let zone = tz
        .map_or(Some(Zone::utc()), Zone::from_name)
        .ok_or("unknown zone")?;
    let want_ms = want.map(|w| Time::parse_rfc3339(w, zone).map(|t| t.unix_ms()));
    let want_ms = want_ms.map(|w| w.ok_or("bad expected")).transpose()?;
    let from_t = Time::parse_rfc3339(from, zone).ok_or("bad from")?;
    let controller = CronJobSchedule::new(expr, tz).map_err(|e| e.to_string())?;
    let got_ms = controller.next_after_unix_ms(from_t.unix_ms());
    if got_ms != want_ms {
        return Err(format!(
            "CronJobSchedule: expected {want_ms:?}, got {got_ms:?}"
        ));
    }
    let sched = Schedule::parse(expr).map_err(|e| e.to_string())?;
    let got = sched.next_after(from_t).map(|t| t.to_rfc3339());
    if got.as_deref() != want {
        return Err(format!(
            "Schedule::next_after: expected {want:?}, got {got:?}"
        ));
    }
    Ok(())
}

#[test]
fn every_error_fixture_row_matches_robfig_and_kubernetes() {
    let rows = rows(ERRORS_TSV);
    let failures: Vec<String> = rows
        .iter()
        .filter_map(|(line, cols)| {
            check_error_row(cols)
                .err()
                .map(|e| format!("line {line} {cols:?}: {e}"))
        })
        .collect();
    assert_eq!(rows.len(), 58, "error fixture file should have 58 rows");
    report("cron-fixtures-errors.tsv", rows.len(), &failures);
}

/// One `expr tz robfig_error kubernetes_note` row: robfig's own message and
/// the API server's complete error list.
fn check_error_row(cols: &[&str]) -> Result<(), String> {
    let [expr, tz, robfig_error, note] = cols else {
        return Err(format!("expected 4 columns, got {}", cols.len()));
    };
    let tz = zone_arg(tz);
    if tz.is_none() {
        let got = Schedule::parse(expr)
            .err()
            .map(|e| e.to_string())
            .unwrap_or_default();
        if got != *robfig_error {
            return Err(format!(
                "robfig error: expected {robfig_error:?}, got {got:?}"
            ));
        }
    }
    let want = expected_field_errors(expr, tz, robfig_error, note);
    let got: Vec<String> = validate_cronjob_schedule(expr, tz)
        .iter()
        .map(|e| e.to_string())
        .collect();
    if got != want {
        return Err(format!("validation: expected {want:?}, got {got:?}"));
    }
    Ok(())
}

/// The API server's errors for a row, from the meaning of its columns: a
/// `tz` row's third column is the `timeZone` error; otherwise it is robfig's
/// error, followed by the `TZ` rule's error when the note gives one; an
/// empty schedule is only `Required`.
fn expected_field_errors(expr: &str, tz: Option<&str>, robfig: &str, note: &str) -> Vec<String> {
    let quoted = |s: &str| format!("{s:?}"); // all fixture values are plain ASCII
    if let Some(tz) = tz {
        return vec![format!(
            "spec.timeZone: Invalid value: {}: {robfig}",
            quoted(tz)
        )];
    }
    if let Some(full) = note.strip_prefix("k8s: spec.") {
        return vec![format!("spec.{full}")];
    }
    let mut want = Vec::new();
    if !robfig.is_empty() {
        want.push(format!(
            "spec.schedule: Invalid value: {}: {robfig}",
            quoted(expr)
        ));
    }
    if let Some(detail) = note.strip_prefix("k8s: ") {
        want.push(format!(
            "spec.schedule: Invalid value: {}: {detail}",
            quoted(expr)
        ));
    }
    want
}
