//! IANA time zones (tzdata 2025b) and Go's `time.LoadLocation` rules.
//!
//! The zone data comes from `tzdb_data` 0.2.2 (tzdata 2025b, the release the
//! fixtures were generated with) and is evaluated by `tz-rs`, which, like Go,
//! extends each zone past its last listed transition with the POSIX TZ rule
//! from the TZif footer, so DST keeps working after 2037 and after 2100.

use tz::timezone::{TimeZoneRef, TransitionRule};

/// An IANA time zone such as `America/New_York` or `UTC`.
#[derive(Clone, Copy)]
pub struct Zone {
    name: &'static str,
    tz: &'static TimeZoneRef<'static>,
    /// The offset of a zone that never changes it (UTC, `Etc/GMT+5`): no
    /// table lookup per instant, and schedule searches may jump (spec.rs).
    fixed: Option<i32>,
}

impl Zone {
    /// UTC (`time.UTC`), the zone Kubernetes evaluates a CronJob in when
    /// `spec.timeZone` is unset (the controller's `time.Local` in the usual
    /// images).
    #[must_use]
    pub fn utc() -> Zone {
        // The bundled UTC rules, without searching the name table (this is
        // called on every `next_after_unix_ms`).
        Zone {
            name: "UTC",
            tz: &UTC_REF,
            fixed: Some(0),
        }
    }

    /// Looks up an IANA zone by its exact, case-sensitive name, as Go's
    /// `time.LoadLocation` does on Linux. `"Local"` is not a zone here.
    #[must_use]
    pub fn from_name(name: &str) -> Option<Zone> {
        let canonical = tzdb_data::TZ_NAMES.iter().find(|n| **n == name)?;
        let tz = tzdb_data::find_tz(canonical.as_bytes())?;
        Some(Zone {
            name: canonical,
            tz,
            fixed: fixed_offset(tz),
        })
    }

    /// The zone's IANA name.
    #[must_use]
    pub fn name(&self) -> &'static str {
        self.name
    }

    /// The UTC offset when the zone has only one, ever.
    pub(crate) fn fixed_offset(&self) -> Option<i32> {
        self.fixed
    }

    /// UTC offset in seconds at a Unix time, or None out of the data's range.
    pub(crate) fn offset_at(&self, unix_secs: i64) -> Option<i32> {
        if let Some(offset) = self.fixed {
            return Some(offset);
        }
        self.tz
            .find_local_time_type(unix_secs)
            .ok()
            .map(|t| t.ut_offset())
    }
}

static UTC_REF: TimeZoneRef<'static> = tzdb_data::time_zone::UTC;

/// The one offset of a zone without transitions whose rule (if any) is fixed too.
fn fixed_offset(tz: &TimeZoneRef<'_>) -> Option<i32> {
    let [only] = tz.local_time_types() else {
        return None;
    };
    let rule_fixed = match tz.extra_rule() {
        None => true,
        Some(TransitionRule::Fixed(t)) => t.ut_offset() == only.ut_offset(),
        Some(TransitionRule::Alternate(_)) => false,
    };
    (tz.transitions().is_empty() && rule_fixed).then(|| only.ut_offset())
}

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

/// `time.LoadLocation(name)` (Go 1.19 time/zoneinfo.go:641-674) on Debian,
/// whose `/usr/share/zoneinfo` the fixtures were made with; the error is
/// Go's text.
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
    read_zoneinfo(name).map(Location::Fixed)
}

/// What a path under Debian's `/usr/share/zoneinfo` is.
enum Entry {
    Dir,
    Zone(Zone),
    /// A file that is not TZif data (`zone.tab` and the like).
    NotTzif,
    Missing,
}

/// Files next to the zones that Go fails to parse.
const NOT_TZIF: &[&str] = &[
    "iso3166.tab",
    "leap-seconds.list",
    "leapseconds",
    "tzdata.zi",
    "zone.tab",
    "zone1970.tab",
];

/// Opens `name` the way the kernel resolves the path Go opens: empty and
/// `.` components vanish, a file used as a directory fails with ENOTDIR,
/// reading a directory with EISDIR, and a missing file falls through to
/// Go's `unknown time zone`.
fn read_zoneinfo(name: &str) -> Result<Zone, String> {
    let unknown = || format!("unknown time zone {name}");
    let parts: Vec<&str> = name
        .split('/')
        .filter(|p| !p.is_empty() && *p != ".")
        .collect();
    let must_be_dir = name.ends_with('/') || name.ends_with("/.");
    for i in 0..parts.len().saturating_sub(1) {
        match entry(&parts[..=i].join("/")) {
            Entry::Dir => {}
            Entry::Missing => return Err(unknown()),
            Entry::Zone(_) | Entry::NotTzif => return Err("not a directory".to_string()),
        }
    }
    match entry(&parts.join("/")) {
        Entry::Dir => Err("is a directory".to_string()),
        Entry::Missing => Err(unknown()),
        Entry::Zone(_) | Entry::NotTzif if must_be_dir => Err("not a directory".to_string()),
        Entry::NotTzif => Err("malformed time zone information".to_string()),
        Entry::Zone(zone) => Ok(zone),
    }
}

/// One path of Debian's tzdata 2025b tree: the zones, `posixrules` (New
/// York), `localtime` (`/etc/localtime`, UTC as in the usual images), the
/// non-zone files, and the `posix/` and `right/` copies of the zones.
/// `right/` zones are served as their plain twins: Go ignores their
/// leap-second table, which moves their transitions by up to 27 s, a
/// difference not reproduced here.
fn entry(path: &str) -> Entry {
    match path {
        "" | "posix" | "right" => Entry::Dir,
        "posixrules" => zone_entry("America/New_York"),
        "localtime" => zone_entry("Etc/UTC"),
        _ if NOT_TZIF.contains(&path) => Entry::NotTzif,
        _ => match path
            .strip_prefix("posix/")
            .or_else(|| path.strip_prefix("right/"))
        {
            Some(rest) => zone_entry(rest),
            None => zone_entry(path),
        },
    }
}

/// A zone file or directory of the IANA names.
fn zone_entry(path: &str) -> Entry {
    if let Some(zone) = Zone::from_name(path) {
        return Entry::Zone(zone);
    }
    let is_dir = tzdb_data::TZ_NAMES
        .iter()
        .any(|n| n.len() > path.len() && n.starts_with(path) && n.as_bytes()[path.len()] == b'/');
    if is_dir {
        Entry::Dir
    } else {
        Entry::Missing
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn err(name: &str) -> String {
        load_location(name).unwrap_err()
    }

    fn zone(name: &str) -> &'static str {
        match load_location(name) {
            Ok(Location::Fixed(z)) => z.name(),
            other => panic!("{name}: {other:?}"),
        }
    }

    #[test]
    fn only_zones_without_transitions_have_a_fixed_offset() {
        let fixed = |name: &str| Zone::from_name(name).and_then(|z| z.fixed_offset());
        assert_eq!(Zone::utc().fixed_offset(), Some(0));
        assert_eq!(fixed("Etc/UTC"), Some(0));
        assert_eq!(fixed("Etc/GMT+5"), Some(-5 * 3600));
        assert_eq!(fixed("America/New_York"), None);
        assert_eq!(fixed("Asia/Kolkata"), None); // one offset today, others in its history
    }

    /// Expected texts checked against Go 1.19 on Debian bookworm.
    #[test]
    fn load_location_matches_go_on_debian() {
        assert_eq!(load_location("Local"), Ok(Location::Local));
        assert_eq!(zone(""), "UTC");
        assert_eq!(zone("Asia/Calcutta"), "Asia/Calcutta");
        assert_eq!(zone("posixrules"), "America/New_York");
        assert_eq!(zone("posix/America/New_York"), "America/New_York");
        assert_eq!(zone("America//New_York"), "America/New_York");
        assert_eq!(err("America"), "is a directory");
        assert_eq!(err("America/Argentina"), "is a directory");
        assert_eq!(err("UTC/10"), "not a directory");
        assert_eq!(err("UTC/"), "not a directory");
        assert_eq!(err("zone.tab"), "malformed time zone information");
        assert_eq!(err("SystemV/EST5"), "unknown time zone SystemV/EST5");
        assert_eq!(
            err("america/new_york"),
            "unknown time zone america/new_york"
        );
        assert_eq!(err("a..b"), "time: invalid location name");
        assert_eq!(err("/etc/passwd"), "time: invalid location name");
    }
}
