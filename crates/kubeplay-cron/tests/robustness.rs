//! Odd inputs never panic or hang, and results keep their invariants:
//! strictly after the start, whole seconds, increasing.
//!
//! Inputs come from a fixed-seed xorshift generator, so every run checks
//! the same cases.

use kubeplay_cron::{next_runs, validate_cronjob_schedule, CronJobSchedule, Schedule, Time, Zone};

struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        self.0 ^= self.0 << 13;
        self.0 ^= self.0 >> 7;
        self.0 ^= self.0 << 17;
        self.0
    }

    fn below(&mut self, n: u64) -> u64 {
        self.next() % n
    }

    fn pick<'a>(&mut self, items: &[&'a str]) -> &'a str {
        items[(self.next() % items.len() as u64) as usize]
    }
}

const PIECES: &[&str] = &[
    "*",
    "?",
    "/",
    "-",
    ",",
    " ",
    " ",
    "\t",
    "\u{a0}",
    "0",
    "1",
    "5",
    "7",
    "12",
    "23",
    "31",
    "59",
    "60",
    "99999999999999999999",
    "+",
    "mon",
    "JAN",
    "L",
    "W",
    "#",
    "@",
    "@every ",
    "@daily",
    "h",
    "m",
    "s",
    ".",
    "TZ=",
    "CRON_TZ=",
    "UTC",
    "é",
    "\u{130}",
    "\u{200b}",
    "\"",
    "\\",
    "\u{0}",
];

const ZONES: &[&str] = &[
    "UTC",
    "America/New_York",
    "Australia/Lord_Howe",
    "America/Santiago",
    "Asia/Amman",
    "Pacific/Apia",
    "Pacific/Kiritimati",
    "America/Asuncion",
    "Antarctica/Troll",
];

/// Field-shaped parts, so that many random schedules parse.
const FIELD_PARTS: &[&str] = &[
    "*", "?", "*/7", "1-5", "0", "5", "13", "29", "1,15", "mon", "jan-mar", "3/4", ",",
];

fn random_expr(rng: &mut Rng) -> String {
    if rng.below(2) == 0 {
        let fields: Vec<&str> = (0..5).map(|_| rng.pick(FIELD_PARTS)).collect();
        return fields.join(" ");
    }
    let len = rng.next() % 14;
    (0..len).map(|_| rng.pick(PIECES)).collect()
}

/// Start times: ordinary years, DST-heavy dates, zone-history edges and the
/// ends of the supported range.
fn random_from_ms(rng: &mut Rng) -> i64 {
    let fixed = [
        i64::MIN,
        i64::MAX,
        -62_135_596_800_000,
        0,
        1_325_203_200_000,
        4_102_444_800_000,
    ];
    if rng.below(10) == 0 {
        return fixed[(rng.next() % fixed.len() as u64) as usize];
    }
    // 1850..2150, in milliseconds.
    -3_786_825_600_000 + (rng.next() % 9_467_280_000_000) as i64
}

#[test]
fn random_strings_never_panic_and_results_are_sane() {
    let mut rng = Rng(0x9e37_79b9_7f4a_7c15);
    let mut parsed = 0;
    for _ in 0..4000 {
        let expr = random_expr(&mut rng);
        let tz = rng.pick(ZONES);
        let from_ms = random_from_ms(&mut rng);
        let _ = validate_cronjob_schedule(&expr, Some(tz));
        let _ = CronJobSchedule::new(&expr, Some(&expr));
        if let Ok(runs) = next_runs(&expr, Some(tz), from_ms, 3) {
            check_increasing(&expr, &runs, tz);
        }
        if let Ok(sched) = Schedule::parse(&expr) {
            parsed += 1;
            check_next(&sched, &expr, from_ms, Zone::from_name(tz).unwrap());
        }
    }
    assert!(
        parsed > 300,
        "too few random schedules parsed ({parsed}) to mean much"
    );
}

fn check_next(sched: &Schedule, expr: &str, from_ms: i64, zone: Zone) {
    let Some(from) = Time::from_unix_ms(from_ms, zone) else {
        return;
    };
    if let Some(next) = sched.next_after(from) {
        assert!(
            next.unix_secs() > from.unix_secs(),
            "{expr:?}: {next:?} not after {from:?}"
        );
        assert_eq!(next.nanos(), 0, "{expr:?}: not a whole second");
        assert_eq!(next.zone(), zone, "{expr:?}: not shown in the start's zone");
    }
}

fn check_increasing(expr: &str, runs: &[String], tz: &str) {
    let zone = Zone::from_name(tz).unwrap();
    let secs: Vec<i64> = runs
        .iter()
        .map(|r| Time::parse_rfc3339(r, zone).unwrap().unix_secs())
        .collect();
    assert!(
        secs.windows(2).all(|w| w[0] < w[1]),
        "{expr:?} in {tz}: {runs:?}"
    );
}

#[test]
fn dst_zones_give_increasing_sequences() {
    let schedules = [
        "*/15 * * * *",
        "0 * * * *",
        "30 1 * * *",
        "0 0 * * *",
        "@hourly",
        "0 2 * * 0",
    ];
    for tz in ZONES {
        for s in schedules {
            // A year of runs from the start of each DST-active era sampled.
            for start in [
                "1995-01-01T00:00:00Z",
                "2018-01-01T00:00:00Z",
                "2101-01-01T00:00:00Z",
            ] {
                let from = Time::parse_rfc3339(start, Zone::utc()).unwrap().unix_ms();
                let runs = next_runs(s, Some(tz), from, 400).unwrap();
                assert!(!runs.is_empty(), "{s} in {tz} from {start}: no runs");
                check_increasing(s, &runs, tz);
            }
        }
    }
}

#[test]
fn extreme_times_are_refused_not_panicking() {
    assert!(Time::from_unix_ms(i64::MAX, Zone::utc()).is_none());
    assert!(Time::from_unix(i64::MIN, 0, Zone::utc()).is_none());
    assert!(Time::from_unix(0, 1_000_000_000, Zone::utc()).is_none());
    assert!(next_runs("* * * * *", None, i64::MAX, 2).is_err());
    let sched = CronJobSchedule::new("@every 2540400h", None).unwrap();
    let last = Time::parse_rfc3339("9999-12-31T23:59:59Z", Zone::utc())
        .unwrap()
        .unix_ms();
    assert!(sched.next_after_unix_ms(last).is_some());
    assert_eq!(sched.next_after_unix_ms(999_999_999_999_999_000), None);
}
