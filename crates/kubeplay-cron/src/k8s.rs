//! What Kubernetes wraps around robfig/cron for CronJobs.
//!
//! - API server validation (pkg/apis/batch/validation/validation.go:
//!   `validateCronJobSpec`, `validateScheduleFormat`, `validateTimeZone`).
//! - The controller's `formatSchedule` (cronjob_controllerv2.go), which
//!   turns `spec.timeZone` into a `TZ=` prefix, and its evaluation of
//!   schedules without a zone in `time.Local`, taken to be UTC.

use crate::gostr::quote;
use crate::zone::{load_location, Location, Zone};
use crate::{Schedule, Time};

/// The kind of a Kubernetes field error (`field.ErrorType`).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum FieldErrorType {
    /// `field.Required`: printed as `Required value`.
    Required,
    /// `field.Invalid`: printed as `Invalid value: "<value>"`.
    Invalid,
}

/// One API-server validation error. `Display` gives `field.Error.Error()`,
/// e.g. `spec.schedule: Invalid value: "xyz": expected exactly 5 fields,
/// found 1: [xyz]`.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct FieldError {
    /// Field path: `spec.schedule` or `spec.timeZone`.
    pub field: &'static str,
    /// Required or Invalid.
    pub error_type: FieldErrorType,
    /// The rejected value (Invalid only).
    pub bad_value: String,
    /// The explanation after the value; may be empty.
    pub detail: String,
}

impl FieldError {
    fn invalid(field: &'static str, value: &str, detail: String) -> FieldError {
        let bad_value = value.to_string();
        FieldError {
            field,
            error_type: FieldErrorType::Invalid,
            bad_value,
            detail,
        }
    }
}

impl core::fmt::Display for FieldError {
    /// apimachinery `field.Error.Error()`: a string value is printed with
    /// Go's `%q`.
    fn fmt(&self, f: &mut core::fmt::Formatter<'_>) -> core::fmt::Result {
        match self.error_type {
            FieldErrorType::Required => write!(f, "{}: Required value", self.field)?,
            FieldErrorType::Invalid => write!(
                f,
                "{}: Invalid value: {}",
                self.field,
                quote(&self.bad_value)
            )?,
        }
        if !self.detail.is_empty() {
            write!(f, ": {}", self.detail)?;
        }
        Ok(())
    }
}

const SCHEDULE: &str = "spec.schedule";
const TIME_ZONE: &str = "spec.timeZone";

/// The API server's errors for `spec.schedule` and `spec.timeZone` of a
/// CronJob being created, in the order it reports them (empty = valid).
///
/// robfig v3.0.1 panics on a `TZ=`/`CRON_TZ=` prefix without a space; a
/// real API server fails that request with an internal error. Here it is an
/// Invalid error whose detail is Go's panic text, next to the usual
/// `cannot use TZ or CRON_TZ in schedule` error.
#[must_use]
pub fn validate_cronjob_schedule(schedule: &str, time_zone: Option<&str>) -> Vec<FieldError> {
    let mut errors = validate_schedule_field(schedule, false, time_zone);
    errors.extend(validate_time_zone(time_zone));
    errors
}

/// The same checks for an update from `old_schedule`/`old_time_zone`: a
/// `TZ` in the schedule stays allowed if the old schedule had one (but not
/// together with `timeZone`), and `timeZone` is checked only if it changed.
#[must_use]
pub fn validate_cronjob_schedule_update(
    schedule: &str,
    time_zone: Option<&str>,
    old_schedule: &str,
    old_time_zone: Option<&str>,
) -> Vec<FieldError> {
    let allow_tz = old_schedule.contains("TZ");
    let mut errors = validate_schedule_field(schedule, allow_tz, time_zone);
    if old_time_zone != time_zone {
        errors.extend(validate_time_zone(time_zone));
    }
    errors
}

/// `validateCronJobSpec`'s schedule part: Required when empty, else
/// `validateScheduleFormat`.
fn validate_schedule_field(schedule: &str, allow_tz: bool, tz: Option<&str>) -> Vec<FieldError> {
    if schedule.is_empty() {
        let required = FieldError {
            field: SCHEDULE,
            error_type: FieldErrorType::Required,
            bad_value: String::new(),
            detail: String::new(),
        };
        return vec![required];
    }
    let mut errors = Vec::new();
    if let Err(e) = Schedule::parse(schedule) {
        errors.push(FieldError::invalid(SCHEDULE, schedule, e.to_string()));
    }
    let has_tz = schedule.contains("TZ");
    let detail = if allow_tz && has_tz && tz.is_some() {
        "cannot use both timeZone field and TZ or CRON_TZ in schedule"
    } else if !allow_tz && has_tz {
        "cannot use TZ or CRON_TZ in schedule, use timeZone field instead"
    } else {
        return errors;
    };
    errors.push(FieldError::invalid(SCHEDULE, schedule, detail.to_string()));
    errors
}

/// `validateTimeZone`: the IANA naming rules, then `Local`, then
/// `time.LoadLocation`.
fn validate_time_zone(time_zone: Option<&str>) -> Vec<FieldError> {
    let Some(tz) = time_zone else {
        return Vec::new();
    };
    let invalid = |detail: String| FieldError::invalid(TIME_ZONE, tz, detail);
    if tz.is_empty() {
        return vec![invalid(
            "timeZone must be nil or non-empty string".to_string(),
        )];
    }
    if tz.split('/').any(|part| !valid_zone_part(part)) {
        return vec![invalid(format!("unknown time zone {tz}"))];
    }
    let mut errors = Vec::new();
    if tz.eq_ignore_ascii_case("Local") {
        let detail = "timeZone must be an explicit time zone as defined in \
                      https://www.iana.org/time-zones";
        errors.push(invalid(detail.to_string()));
    }
    if let Err(e) = load_location(tz) {
        errors.push(invalid(e));
    }
    errors
}

/// One `/`-separated part: not `.`/`..`, no leading `-`, and matching
/// `^[A-Za-z\.\-_0-9+]{1,14}$`.
fn valid_zone_part(part: &str) -> bool {
    let allowed = |c: u8| c.is_ascii_alphanumeric() || matches!(c, b'.' | b'-' | b'_' | b'+');
    let shape_ok = (1..=14).contains(&part.len()) && part.bytes().all(allowed);
    shape_ok && part != "." && part != ".." && !part.starts_with('-')
}

/// Why the CronJob controller will not schedule a CronJob; `reason()` and
/// `to_string()` are the Warning event's reason and message.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum ControllerError {
    /// `spec.timeZone` does not load (event `UnknownTimeZone`).
    UnknownTimeZone {
        /// The `spec.timeZone` value.
        time_zone: String,
        /// `time.LoadLocation`'s error.
        error: String,
    },
    /// robfig rejects the formatted schedule (event `UnparseableSchedule`).
    UnparseableSchedule {
        /// The `spec.schedule` value.
        schedule: String,
        /// robfig's error.
        error: String,
    },
}

impl ControllerError {
    /// The event reason: `UnknownTimeZone` or `UnparseableSchedule`.
    #[must_use]
    pub fn reason(&self) -> &'static str {
        match self {
            ControllerError::UnknownTimeZone { .. } => "UnknownTimeZone",
            ControllerError::UnparseableSchedule { .. } => "UnparseableSchedule",
        }
    }
}

impl core::fmt::Display for ControllerError {
    fn fmt(&self, f: &mut core::fmt::Formatter<'_>) -> core::fmt::Result {
        match self {
            ControllerError::UnknownTimeZone { time_zone, error } => {
                write!(f, "invalid timeZone: {}: {}", quote(time_zone), error)
            }
            ControllerError::UnparseableSchedule { schedule, error } => {
                write!(f, "unparseable schedule: {} : {}", quote(schedule), error)
            }
        }
    }
}

/// A CronJob's schedule as the controller evaluates it: `spec.timeZone`
/// applied through `formatSchedule` (`TZ=<zone> <schedule>`), and a schedule
/// without a zone evaluated in UTC (the controller's `time.Local`).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct CronJobSchedule {
    schedule: Schedule,
    /// The zone scheduled times are shown in (`spec.timeZone`, else UTC).
    zone: Zone,
    legacy_tz: Option<String>,
}

impl CronJobSchedule {
    /// `syncCronJob`'s time-zone check, `formatSchedule` and
    /// `cron.ParseStandard`, in that order.
    pub fn new(
        schedule: &str,
        time_zone: Option<&str>,
    ) -> Result<CronJobSchedule, ControllerError> {
        let zone = controller_zone(time_zone)?;
        let legacy_tz = schedule.contains("TZ").then(|| schedule.to_string());
        let formatted = match time_zone {
            Some(tz) if legacy_tz.is_none() => format!("TZ={tz} {schedule}"),
            _ => schedule.to_string(),
        };
        let parsed =
            Schedule::parse(&formatted).map_err(|e| ControllerError::UnparseableSchedule {
                schedule: schedule.to_string(),
                error: e.to_string(),
            })?;
        Ok(CronJobSchedule {
            schedule: parsed,
            zone,
            legacy_tz,
        })
    }

    /// The next scheduled time strictly after `unix_ms`, in Unix ms; None
    /// when robfig finds nothing within about five years.
    #[must_use]
    pub fn next_after_unix_ms(&self, unix_ms: i64) -> Option<i64> {
        let t = Time::from_unix_ms(unix_ms, Zone::utc())?;
        self.next_after(t).map(|n| n.unix_ms())
    }

    /// The next scheduled time strictly after `t`, shown in [`Self::zone`].
    #[must_use]
    pub fn next_after(&self, t: Time) -> Option<Time> {
        let t = t.in_zone(Zone::utc())?;
        self.schedule.next_after(t)?.in_zone(self.zone)
    }

    /// The zone used to show scheduled times, as in the controller's
    /// `cronjob-scheduled-timestamp` annotation: `spec.timeZone`, else UTC.
    #[must_use]
    pub fn zone(&self) -> Zone {
        self.zone
    }

    /// Go's `t.In(zone).Format(time.RFC3339)` of a Unix-ms time in
    /// [`Self::zone`], e.g. for the `cronjob-scheduled-timestamp` annotation.
    #[must_use]
    pub fn format_rfc3339(&self, unix_ms: i64) -> Option<String> {
        Time::from_unix_ms(unix_ms, self.zone).map(|t| t.to_rfc3339())
    }

    /// The controller's `UnsupportedSchedule` Warning event message when the
    /// schedule itself contains `TZ` (then `spec.timeZone` is ignored).
    #[must_use]
    pub fn unsupported_schedule_warning(&self) -> Option<String> {
        self.legacy_tz.as_ref().map(|s| {
            format!(
                "CRON_TZ or TZ used in schedule {} is not officially supported, see \
                 https://kubernetes.io/docs/concepts/workloads/controllers/cron-jobs/ \
                 for more details",
                quote(s)
            )
        })
    }
}

/// `time.LoadLocation(spec.timeZone)`: the display zone, or the
/// `UnknownTimeZone` error. `Local` resolves to UTC, the controller's zone.
fn controller_zone(time_zone: Option<&str>) -> Result<Zone, ControllerError> {
    let Some(tz) = time_zone else {
        return Ok(Zone::utc());
    };
    match load_location(tz) {
        Ok(Location::Fixed(zone)) => Ok(zone),
        Ok(Location::Local) => Ok(Zone::utc()),
        Err(error) => Err(ControllerError::UnknownTimeZone {
            time_zone: tz.to_string(),
            error,
        }),
    }
}

/// Most results [`next_runs`] returns, whatever `count` asks for.
pub const MAX_NEXT_RUNS: usize = 10_000;

/// For `kubeplay schedule`: validates like the API server, then lists the
/// next `count` (at most [`MAX_NEXT_RUNS`]) scheduled times after
/// `from_unix_ms` as Go RFC 3339 strings in the CronJob's zone
/// (`spec.timeZone`, else UTC). The list stops early when robfig finds no
/// further time. `Err` holds the validation errors, one message each.
pub fn next_runs(
    schedule: &str,
    time_zone: Option<&str>,
    from_unix_ms: i64,
    count: usize,
) -> Result<Vec<String>, Vec<String>> {
    let errors = validate_cronjob_schedule(schedule, time_zone);
    if !errors.is_empty() {
        return Err(errors.iter().map(ToString::to_string).collect());
    }
    let sched = CronJobSchedule::new(schedule, time_zone).map_err(|e| vec![e.to_string()])?;
    let Some(mut t) = Time::from_unix_ms(from_unix_ms, sched.zone()) else {
        return Err(vec![format!("time out of range: {from_unix_ms} ms")]);
    };
    let mut out = Vec::new();
    while out.len() < count.min(MAX_NEXT_RUNS) {
        let Some(next) = sched.next_after(t) else {
            break;
        };
        out.push(next.to_rfc3339());
        t = next;
    }
    Ok(out)
}
