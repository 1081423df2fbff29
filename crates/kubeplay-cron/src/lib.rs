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
