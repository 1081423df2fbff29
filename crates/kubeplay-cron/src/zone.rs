//! IANA time zones (tzdata 2025b) and Go's `time.LoadLocation` rules.
//!
//! The zone data comes from `tzdb_data` 0.2.2 (tzdata 2025b, the release the
//! fixtures were generated with) and is evaluated by `tz-rs`, which, like Go,
//! extends each zone past its last listed transition with the POSIX TZ rule
//! from the TZif footer, so DST keeps working after 2037 and after 2100.

use tz::timezone::TimeZoneRef;

/// An IANA time zone such as `America/New_York` or `UTC`.
#[derive(Clone, Copy)]
pub struct Zone {
    name: &'static str,
    tz: &'static TimeZoneRef<'static>,
}

impl Zone {
    /// UTC (`time.UTC`), the zone Kubernetes evaluates a CronJob in when
    /// `spec.timeZone` is unset (the controller's `time.Local` in the usual
    /// images).
    pub fn utc() -> Zone {
        // "UTC" is always in the bundled table; the fallback keeps this total.
        Zone::from_name("UTC").unwrap_or(Zone { name: "UTC", tz: &UTC_REF })
    }

    /// Looks up an IANA zone by its exact, case-sensitive name, as Go's
    /// `time.LoadLocation` does on Linux. `"Local"` is not a zone here.
    pub fn from_name(name: &str) -> Option<Zone> {
        let canonical = tzdb_data::TZ_NAMES.iter().find(|n| **n == name)?;
        let tz = tzdb_data::find_tz(canonical.as_bytes())?;
        Some(Zone { name: canonical, tz })
    }

    /// The zone's IANA name.
    pub fn name(&self) -> &'static str {
        self.name
    }

    /// UTC offset in seconds at a Unix time, or None out of the data's range.
    pub(crate) fn offset_at(&self, unix_secs: i64) -> Option<i32> {
        self.tz.find_local_time_type(unix_secs).ok().map(|t| t.ut_offset())
    }
}

static UTC_REF: TimeZoneRef<'static> = tzdb_data::time_zone::UTC;

impl PartialEq for Zone {
    fn eq(&self, other: &Zone) -> bool {
        self.name == other.name
    }
}

impl Eq for Zone {}

impl core::fmt::Debug for Zone {
    fn fmt(&self, f: &mut core::fmt::Formatter<'_>) -> core::fmt::Result {
        write!(f, "Zone({})", self.name)
    }
}

/// A schedule's location: robfig's `time.Local` means "the zone of the time
/// passed to `Next`" (spec.go:73-79).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum Location {
    Local,
    Fixed(Zone),
}

/// `time.LoadLocation(name)` (Go 1.19 time/zoneinfo.go:641-674) against the
/// bundled zone names; the error is Go's text.
pub(crate) fn load_location(name: &str) -> Result<Location, String> {
    if name.is_empty() || name == "UTC" {
        return Ok(Location::Fixed(Zone::utc()));
    }
    if name == "Local" {
        return Ok(Location::Local);
    }
    if name.contains("..") || name.starts_with('/') || name.starts_with('\\') {
        return Err("time: invalid location name".to_string());
    }
    Zone::from_name(name)
        .map(Location::Fixed)
        .ok_or_else(|| format!("unknown time zone {name}"))
}
