//! Kubernetes' wrapping of robfig/cron: API-server validation of
//! `spec.schedule`/`spec.timeZone`, the controller's `formatSchedule`, and
//! `next_runs` for `kubeplay schedule`.

use kubeplay_cron::{
    next_runs, validate_cronjob_schedule, validate_cronjob_schedule_update, ControllerError,
    CronJobSchedule, FieldErrorType, Time, Zone, MAX_NEXT_RUNS,
};

fn errors(schedule: &str, tz: Option<&str>) -> Vec<String> {
    validate_cronjob_schedule(schedule, tz)
        .iter()
        .map(ToString::to_string)
        .collect()
}

const TZ_RULE: &str = "cannot use TZ or CRON_TZ in schedule, use timeZone field instead";

fn ms(rfc3339: &str) -> i64 {
    Time::parse_rfc3339(rfc3339, Zone::utc()).unwrap().unix_ms()
}

#[test]
fn schedule_errors_carry_robfigs_text() {
    assert_eq!(errors("", None), ["spec.schedule: Required value"]);
    assert_eq!(
        errors("xyz", None),
        ["spec.schedule: Invalid value: \"xyz\": expected exactly 5 fields, found 1: [xyz]"]
    );
    assert!(errors("0 0 * * *", None).is_empty());
    let fe = &validate_cronjob_schedule("xyz", None)[0];
    assert_eq!(
        (fe.field, fe.error_type, fe.bad_value.as_str()),
        ("spec.schedule", FieldErrorType::Invalid, "xyz")
    );
}

#[test]
fn any_uppercase_tz_in_the_schedule_is_rejected() {
    let tz_error = |s: &str| format!("spec.schedule: Invalid value: {s:?}: {TZ_RULE}");
    assert_eq!(
        errors("TZ=UTC 0 0 * * *", None),
        [tz_error("TZ=UTC 0 0 * * *")]
    );
    // Both the parse error and the TZ rule are reported.
    let six = "spec.schedule: Invalid value: \"0 0 * * * TZ\": expected exactly 5 fields, found 6: [0 0 * * * TZ]";
    assert_eq!(
        errors("0 0 * * * TZ", None),
        [six.to_string(), tz_error("0 0 * * * TZ")]
    );
    // robfig panics without a space; kubeplay reports the panic text.
    let panic =
        "spec.schedule: Invalid value: \"TZ=UTC\": runtime error: slice bounds out of range [:-1]";
    assert_eq!(
        errors("TZ=UTC", None),
        [panic.to_string(), tz_error("TZ=UTC")]
    );
}

#[test]
fn update_keeps_allowing_a_legacy_tz_schedule() {
    let update = |new: &str, tz, old: &str, old_tz| -> Vec<String> {
        let errs = validate_cronjob_schedule_update(new, tz, old, old_tz);
        errs.iter().map(ToString::to_string).collect()
    };
    assert!(update("TZ=UTC 5 0 * * *", None, "TZ=UTC 0 0 * * *", None).is_empty());
    let both = "spec.schedule: Invalid value: \"TZ=UTC 5 0 * * *\": cannot use both timeZone field and TZ or CRON_TZ in schedule";
    assert_eq!(
        update("TZ=UTC 5 0 * * *", Some("UTC"), "TZ=UTC 0 0 * * *", None),
        [both]
    );
    // An unchanged timeZone is not validated again.
    assert!(update("0 0 * * *", Some("Bad/Zone"), "0 0 * * *", Some("Bad/Zone")).is_empty());
}

#[test]
fn time_zone_validation() {
    let tz_err = |tz: &str, detail: &str| format!("spec.timeZone: Invalid value: {tz:?}: {detail}");
    let explicit =
        "timeZone must be an explicit time zone as defined in https://www.iana.org/time-zones";
    assert!(errors("0 0 * * *", Some("America/New_York")).is_empty());
    assert_eq!(
        errors("0 0 * * *", Some("")),
        [tz_err("", "timeZone must be nil or non-empty string")]
    );
    assert_eq!(
        errors("0 0 * * *", Some("Local")),
        [tz_err("Local", explicit)]
    );
    // "local" is refused twice: by name, and because no such file exists.
    let local = [
        tz_err("local", explicit),
        tz_err("local", "unknown time zone local"),
    ];
    assert_eq!(errors("0 0 * * *", Some("local")), local);
    let long = "America/ABCDEFGHIJKLMNO"; // a 15-character part
    assert_eq!(
        errors("0 0 * * *", Some(long)),
        [tz_err(long, &format!("unknown time zone {long}"))]
    );
    assert_eq!(
        errors("0 0 * * *", Some("-x")),
        [tz_err("-x", "unknown time zone -x")]
    );
    assert_eq!(
        errors("0 0 * * *", Some("a..b")),
        [tz_err("a..b", "time: invalid location name")]
    );
    assert_eq!(
        errors("0 0 * * *", Some("America")),
        [tz_err("America", "is a directory")]
    );
}

#[test]
fn values_are_quoted_like_go() {
    let got = errors("\u{1}x", None);
    assert_eq!(
        got[0],
        "spec.schedule: Invalid value: \"\\x01x\": expected exactly 5 fields, found 1: [\u{1}x]"
    );
}

#[test]
fn controller_applies_time_zone_and_reports_events() {
    let ny = CronJobSchedule::new("0 9 * * *", Some("America/New_York")).unwrap();
    let next = ny.next_after_unix_ms(ms("2024-03-10T12:00:00Z")).unwrap();
    assert_eq!(next, ms("2024-03-10T13:00:00Z")); // 09:00 EDT
    assert_eq!(
        ny.format_rfc3339(next).unwrap(),
        "2024-03-10T09:00:00-04:00"
    );
    assert_eq!(ny.unsupported_schedule_warning(), None);
    let utc = CronJobSchedule::new("0 9 * * *", None).unwrap();
    assert_eq!(
        utc.next_after_unix_ms(ms("2024-03-10T12:00:00Z")),
        Some(ms("2024-03-11T09:00:00Z"))
    );
    let err = CronJobSchedule::new("0 9 * * *", Some("Bad/Zone")).unwrap_err();
    assert_eq!(err.reason(), "UnknownTimeZone");
    assert_eq!(
        err.to_string(),
        "invalid timeZone: \"Bad/Zone\": unknown time zone Bad/Zone"
    );
    let err = CronJobSchedule::new("60 * * * *", None).unwrap_err();
    assert!(matches!(err, ControllerError::UnparseableSchedule { .. }));
    let text = "unparseable schedule: \"60 * * * *\" : end of range (60) above maximum (59): 60";
    assert_eq!(err.to_string(), text);
}

#[test]
fn legacy_tz_schedule_wins_over_time_zone() {
    let s = CronJobSchedule::new("TZ=Asia/Tokyo 0 9 * * *", Some("America/New_York")).unwrap();
    // Fires at 09:00 Tokyo, shown in the timeZone field's zone.
    let next = s.next_after_unix_ms(ms("2024-01-01T00:00:00Z")).unwrap();
    assert_eq!(s.format_rfc3339(next).unwrap(), "2024-01-01T19:00:00-05:00");
    let warning = s.unsupported_schedule_warning().unwrap();
    assert!(warning.starts_with(
        "CRON_TZ or TZ used in schedule \"TZ=Asia/Tokyo 0 9 * * *\" is not officially supported"
    ));
}

#[test]
fn next_runs_lists_times_in_the_zone() {
    let from = ms("2024-03-09T12:00:00Z");
    let got = next_runs("30 2 * * *", Some("America/New_York"), from, 3).unwrap();
    // 2024-03-10 02:30 does not exist in New York: that day is skipped.
    let want = [
        "2024-03-11T02:30:00-04:00",
        "2024-03-12T02:30:00-04:00",
        "2024-03-13T02:30:00-04:00",
    ];
    assert_eq!(got, want);
    assert_eq!(
        next_runs("0 0 * * *", None, from, 1).unwrap(),
        ["2024-03-10T00:00:00Z"]
    );
    assert_eq!(
        next_runs("0 0 30 2 *", None, from, 5).unwrap(),
        Vec::<String>::new()
    );
    assert_eq!(
        next_runs("0 0 29 2 *", None, from, 0).unwrap(),
        Vec::<String>::new()
    );
    let err = next_runs("0 0 * * 7", Some("Local"), from, 1).unwrap_err();
    assert_eq!(err.len(), 2);
    assert_eq!(
        next_runs("* * * * *", None, from, usize::MAX)
            .unwrap()
            .len(),
        MAX_NEXT_RUNS
    );
}
