//! CronJob schedules exactly as Kubernetes reads them: robfig/cron v3.0.1
//! (`cron.ParseStandard` + `Schedule.Next`) plus the API server's
//! `spec.schedule`/`spec.timeZone` validation and the CronJob controller's
//! way of applying `spec.timeZone`.
//!
//! Everything is pure: no clock, no I/O, no global state, no hashing; the
//! same input always gives the same output, on native targets and wasm32.
//! Time zones are IANA names from the bundled tzdata 2025b.
//!
//! Entry points:
//! - [`Schedule`]: robfig's parser and `Next`, with robfig's error texts.
//! - [`validate_cronjob_schedule`]: the API server's field errors.
//! - [`CronJobSchedule`]: what the CronJob controller evaluates (Unix ms).
//! - [`next_runs`]: validation + the next N times, as RFC 3339 strings.
//!
//! Checked against real robfig/cron v3.0.1 (Go 1.19, Debian tzdata 2025b):
//! every row of the fixture files in `tests/fixtures/` (3,000 of them random
//! cases from `tests/oracle/main.go`; 300,000 more passed during
//! development). Where Go's behaviour is not reproduced:
//! - robfig never returns when a calendar day does not exist in the zone
//!   (Pacific/Apia 2011-12-30); here [`Schedule::next_after`] gives None.
//! - robfig panics on `TZ=zone` with no space after it; here that is a
//!   [`ParseError`] with Go's panic text (see [`ParseError::is_robfig_panic`]).
//! - Debian keeps the pre-2024b definitions of the legacy zones CET, EET,
//!   MET, WET, EST, HST, MST, EST5EDT, CST6CDT, MST7MDT and PST8PDT; this
//!   crate has tzdata 2025b's, which differ from them before 1984.
//! - `right/<zone>` is treated as `<zone>` (Go ignores its leap seconds and
//!   so shifts its transitions by up to 27 s), and `localtime` as UTC.
//! - Go's zero time (what robfig returns for "never") is None here; to call
//!   `next` on the zero time as Kubernetes' `mostRecentScheduleTime` can,
//!   pass `Time::from_unix(-62_135_596_800, 0, Zone::utc())`.

#![deny(missing_docs)]

mod duration;
mod gostr;
mod gotime;
mod isprint;
mod k8s;
mod parser;
mod rfc3339;
mod spec;
mod zone;

/// Go's `time.ParseDuration` (robfig's `@every` reads it; so does kubectl's `--since`): nanoseconds,
/// or Go's error text.
pub use duration::parse_duration as go_parse_duration;
/// Go's `strconv.Quote` and `strconv.IsPrint`: robfig's errors quote with them, and so do the
/// apiserver's messages kubeplay-core reproduces (one implementation for both).
pub use gostr::{is_print as go_is_print, quote as go_quote};
pub use gotime::Time;
pub use k8s::{
    next_runs, validate_cronjob_schedule, validate_cronjob_schedule_update, ControllerError,
    CronJobSchedule, FieldError, FieldErrorType, MAX_NEXT_RUNS,
};
pub use parser::ParseError;
pub use zone::Zone;

use spec::Kind;
use zone::Location;

/// A parsed cron spec, as returned by robfig's `cron.ParseStandard`: five
/// fields (minute hour day-of-month month day-of-week), a descriptor such
/// as `@daily`, or `@every <duration>`, optionally prefixed by `TZ=<zone> `
/// or `CRON_TZ=<zone> ` (which Kubernetes validation rejects).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Schedule {
    kind: Kind,
    location: Location,
}

impl Schedule {
    /// Parses like `cron.ParseStandard`. The error's `Display` is robfig's
    /// message, e.g. `end of range (7) above maximum (6): 7`.
    pub fn parse(expr: &str) -> Result<Schedule, ParseError> {
        let (kind, location) = parser::parse_standard(expr)?;
        Ok(Schedule { kind, location })
    }

    /// robfig's `Next`: the first activation strictly after `t`, shown in
    /// `t`'s zone. Without a `TZ=` prefix the schedule is evaluated in `t`'s
    /// zone. None where robfig returns the zero time: nothing within about
    /// five years (e.g. `0 0 30 2 *`), or a time out of the supported range.
    #[must_use]
    pub fn next_after(&self, t: Time) -> Option<Time> {
        spec::next(&self.kind, self.location, t)
    }

    /// The zone named by a `TZ=`/`CRON_TZ=` prefix; None means robfig's
    /// `time.Local`, i.e. "the zone of the time given to `next_after`".
    #[must_use]
    pub fn time_zone(&self) -> Option<Zone> {
        match self.location {
            Location::Local => None,
            Location::Fixed(zone) => Some(zone),
        }
    }
}
