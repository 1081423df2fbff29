//! robfig/cron v3.0.1 quirks from shared/reference/cron.md §1, one test
//! each, through the public `Schedule` API.

use kubeplay_cron::{Schedule, Time, Zone};

fn zone(name: &str) -> Zone {
    Zone::from_name(name).unwrap()
}

fn at(rfc3339: &str, z: Zone) -> Time {
    Time::parse_rfc3339(rfc3339, z).unwrap()
}

/// robfig's `Next` from `from`, evaluated in `tz`, as RFC 3339 (or NONE).
fn next(expr: &str, tz: &str, from: &str) -> String {
    let sched = Schedule::parse(expr).unwrap();
    let next = sched.next_after(at(from, zone(tz)));
    next.map_or("NONE".to_string(), |t| t.to_rfc3339())
}

fn parse_err(expr: &str) -> String {
    Schedule::parse(expr).unwrap_err().to_string()
}

#[test]
fn empty_spec_and_field_count() {
    assert_eq!(parse_err(""), "empty spec string");
    assert_eq!(parse_err("   "), "expected exactly 5 fields, found 0: []");
    assert_eq!(
        parse_err("0 5 * * * *"),
        "expected exactly 5 fields, found 6: [0 5 * * * *]"
    );
    // Any Unicode white space separates fields, repeated blanks are fine.
    assert_eq!(
        next("0\u{3000}0\t*\u{a0}* *", "UTC", "2024-01-01T00:00:00Z"),
        "2024-01-02T00:00:00Z"
    );
}

#[test]
fn tz_prefix_is_robfig_syntax() {
    let s = Schedule::parse("TZ=Asia/Tokyo 0 9 * * *").unwrap();
    assert_eq!(s.time_zone(), Some(zone("Asia/Tokyo")));
    let t = s
        .next_after(at("2024-01-01T00:00:00Z", Zone::utc()))
        .unwrap();
    assert_eq!(t.to_rfc3339(), "2024-01-02T00:00:00Z"); // 09:00 JST, shown in UTC
    assert_eq!(
        Schedule::parse("CRON_TZ= @daily").unwrap().time_zone(),
        Some(Zone::utc())
    );
    assert!(Schedule::parse("TZ=UTC").unwrap_err().is_robfig_panic());
}

#[test]
fn descriptors_are_case_sensitive() {
    assert_eq!(parse_err("@HOURLY"), "unrecognized descriptor: @HOURLY");
    assert_eq!(parse_err("@reboot"), "unrecognized descriptor: @reboot");
    assert_eq!(
        next("@annually", "UTC", "2024-06-01T00:00:00Z"),
        "2025-01-01T00:00:00Z"
    );
    assert_eq!(
        next("@weekly", "UTC", "2024-01-01T00:00:00Z"),
        "2024-01-07T00:00:00Z"
    );
}

#[test]
fn day_of_week_seven_and_sunday_ranges_are_rejected() {
    assert_eq!(
        parse_err("0 0 * * 7"),
        "end of range (7) above maximum (6): 7"
    );
    assert_eq!(
        parse_err("0 0 * * MON-SUN"),
        "beginning of range (1) beyond end of range (0): MON-SUN"
    );
    assert_eq!(
        next("0 0 * * 0", "UTC", "2024-01-01T00:00:00Z"),
        "2024-01-07T00:00:00Z"
    );
}

#[test]
fn names_are_three_letters_in_their_own_field() {
    assert_eq!(
        next("0 0 1 JaN,jUL *", "UTC", "2024-02-01T00:00:00Z"),
        "2024-07-01T00:00:00Z"
    );
    let monday =
        "failed to parse int from Monday: strconv.Atoi: parsing \"Monday\": invalid syntax";
    assert_eq!(parse_err("0 0 * * Monday"), monday);
    assert!(parse_err("0 0 MON * *").starts_with("failed to parse int from MON"));
}

#[test]
fn lists_drop_empty_elements() {
    assert_eq!(
        next("1,,2 * * * *", "UTC", "2024-01-01T00:01:00Z"),
        "2024-01-01T00:02:00Z"
    );
    assert_eq!(next("0 0 , * *", "UTC", "2024-01-01T00:00:00Z"), "NONE");
    // An empty dom OR-ed with a restricted dow leaves just the dow.
    assert_eq!(
        next("0 0 , * 1", "UTC", "2024-01-02T00:00:00Z"),
        "2024-01-08T00:00:00Z"
    );
}

#[test]
fn star_question_mark_and_odd_numbers() {
    assert_eq!(
        next("? * * * *", "UTC", "2024-01-01T00:00:00Z"),
        "2024-01-01T00:01:00Z"
    );
    assert_eq!(
        next("*-5 * * * *", "UTC", "2024-01-01T00:00:00Z"),
        "2024-01-01T00:01:00Z"
    );
    assert_eq!(
        next("+5 * * * *", "UTC", "2024-01-01T00:00:00Z"),
        "2024-01-01T00:05:00Z"
    );
    assert_eq!(
        next("08 * * * *", "UTC", "2024-01-01T00:00:00Z"),
        "2024-01-01T00:08:00Z"
    );
    assert_eq!(
        parse_err("*/-12 * * * *"),
        "negative number (-12) not allowed: -12"
    );
}

#[test]
fn ranges_and_steps() {
    // Names are only known in their own field.
    let sat = "failed to parse int from SAT: strconv.Atoi: parsing \"SAT\": invalid syntax";
    assert_eq!(parse_err("SAT-SUN * * * *"), sat);
    assert_eq!(
        parse_err("0 0 * * SAT-SUN"),
        "beginning of range (6) beyond end of range (0): SAT-SUN"
    );
    assert_eq!(parse_err("5--5 * * * *"), "too many hyphens: 5--5");
    assert_eq!(parse_err("*//2 * * * *"), "too many slashes: *//2");
    assert_eq!(
        parse_err("15/0 * * * *"),
        "step of range should be a positive number: 15/0"
    );
    assert_eq!(
        next("5/15 * * * *", "UTC", "2024-01-01T00:50:00Z"),
        "2024-01-01T01:05:00Z"
    );
    assert_eq!(
        next("*/61 * * * *", "UTC", "2024-01-01T00:30:00Z"),
        "2024-01-01T01:00:00Z"
    );
    assert_eq!(
        next("0 0 * * Mon/2", "UTC", "2024-01-02T00:00:00Z"),
        "2024-01-03T00:00:00Z"
    );
}

#[test]
fn dom_dow_star_bit_decides_and_or() {
    // Both restricted: either matches (Friday the 5th, or the 13th).
    assert_eq!(
        next("0 0 13 * 5", "UTC", "2024-01-01T00:00:00Z"),
        "2024-01-05T00:00:00Z"
    );
    // */2 clears the star bit: odd days OR Sundays.
    assert_eq!(
        next("0 0 */2 * Sun", "UTC", "2012-07-01T00:00:00Z"),
        "2012-07-03T00:00:00Z"
    );
    // */1 keeps it: Sundays only.
    assert_eq!(
        next("0 0 */1 * Sun", "UTC", "2012-07-01T00:00:00Z"),
        "2012-07-08T00:00:00Z"
    );
    // An explicit full range is not a star: every day.
    assert_eq!(
        next("0 0 1-31 * Sun", "UTC", "2012-07-01T00:00:00Z"),
        "2012-07-02T00:00:00Z"
    );
}

#[test]
fn every_is_absolute_and_clamped() {
    assert_eq!(
        next("@every 1h30m", "UTC", "2024-01-01T10:17:42Z"),
        "2024-01-01T11:47:42Z"
    );
    assert_eq!(
        next("@every 500ms", "UTC", "2024-01-01T00:00:00.7Z"),
        "2024-01-01T00:00:01Z"
    );
    assert_eq!(
        next("@every -1h", "UTC", "2024-01-01T00:00:00Z"),
        "2024-01-01T00:00:01Z"
    );
    let ny = "America/New_York";
    assert_eq!(
        next("@every 24h", ny, "2024-03-09T12:00:00-05:00"),
        "2024-03-10T13:00:00-04:00"
    );
    let d = "failed to parse duration @every 1d: time: unknown unit \"d\" in duration \"1d\"";
    assert_eq!(parse_err("@every 1d"), d);
}

#[test]
fn next_is_strictly_after_and_whole_seconds() {
    assert_eq!(
        next("* * * * *", "UTC", "2024-01-01T00:01:00Z"),
        "2024-01-01T00:02:00Z"
    );
    assert_eq!(
        next("@hourly", "UTC", "2024-01-01T00:59:59.5Z"),
        "2024-01-01T01:00:00Z"
    );
}

#[test]
fn five_year_search_limit() {
    assert_eq!(next("0 0 29 2 *", "UTC", "2096-03-01T00:00:00Z"), "NONE");
    assert_eq!(
        next("0 0 29 2 *", "UTC", "2099-03-01T00:00:00Z"),
        "2104-02-29T00:00:00Z"
    );
    assert_eq!(next("0 0 30 2 *", "UTC", "2024-01-01T00:00:00Z"), "NONE");
    assert_eq!(next("59 23 31 2 *", "UTC", "2024-01-01T00:00:00Z"), "NONE");
}

#[test]
fn dst_gap_skips_and_overlap_repeats() {
    let ny = "America/New_York";
    assert_eq!(
        next("30 2 * * *", ny, "2024-03-10T00:00:00-05:00"),
        "2024-03-11T02:30:00-04:00"
    );
    assert_eq!(
        next("0 * * * *", ny, "2024-03-10T01:30:00-05:00"),
        "2024-03-10T03:00:00-04:00"
    );
    assert_eq!(
        next("30 1 * * *", ny, "2024-11-03T01:30:00-04:00"),
        "2024-11-03T01:30:00-05:00"
    );
    assert_eq!(
        next("*/15 * * * *", ny, "2024-11-03T01:45:00-04:00"),
        "2024-11-03T01:00:00-05:00"
    );
}

#[test]
fn dst_at_midnight_and_half_hour_shifts() {
    let santiago = "America/Santiago";
    assert_eq!(
        next("0 0 8 9 *", santiago, "2024-09-01T12:00:00-04:00"),
        "2025-09-08T00:00:00-03:00"
    );
    let amman = "Asia/Amman";
    assert_eq!(
        next("0 0 29 10 *", amman, "2021-10-01T00:00:00+03:00"),
        "2021-10-29T00:00:00+02:00"
    );
    assert_eq!(
        next("0 0 * * *", amman, "2021-10-29T00:00:00+03:00"),
        "2021-10-29T00:00:00+02:00"
    );
    let lord_howe = "Australia/Lord_Howe";
    assert_eq!(
        next("* 18 * 4 *", lord_howe, "2018-03-11T14:15:00Z"),
        "2018-04-01T18:30:00+10:30"
    );
}

#[test]
fn dst_after_2100_follows_the_zone_rule() {
    // Zone data lists transitions to 2037 or so; like Go, the POSIX rule
    // carries DST on (here the US rule: second Sunday of March).
    let ny = "America/New_York";
    assert_eq!(
        next("30 2 * * *", ny, "2101-03-13T00:00:00-05:00"),
        "2101-03-14T02:30:00-04:00"
    );
    assert_eq!(
        next("0 12 1 7 *", ny, "2150-01-01T00:00:00Z"),
        "2150-07-01T12:00:00-04:00"
    );
}

#[test]
fn a_skipped_calendar_day_gives_none_where_robfig_never_returns() {
    // Samoa skipped 2011-12-30: Go's AddDate(0, 0, 1) from Dec 29 00:00
    // lands on Dec 29 00:00 again and robfig v3.0.1 loops forever.
    let apia = "Pacific/Apia";
    assert_eq!(next("*/24 * */5 * *", apia, "2011-12-30T00:28:02Z"), "NONE");
    // Days that exist on either side are unaffected.
    assert_eq!(
        next("0 12 * * *", apia, "2011-12-29T12:00:00-10:00"),
        "2011-12-31T12:00:00+14:00"
    );
}
