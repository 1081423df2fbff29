//! A Go `time.Time` look-alike: an instant plus the zone it is shown in.
//!
//! robfig's `Next` is defined by Go's calendar arithmetic (`time.Date`
//! normalisation of wall times that do not exist or exist twice, `AddDate`,
//! absolute `Add` and `Truncate`), so those operations are reproduced here
//! exactly rather than borrowed from a date library with other rules.

use crate::zone::Zone;

const SECS_PER_DAY: i64 = 86_400;
const NANOS_PER_SEC: i64 = 1_000_000_000;

/// Times further than this from 1970 (about ±31 million years) are refused,
/// which keeps every calendar computation far from `i64` overflow.
const MAX_ABS_SECS: i64 = 1_000_000_000_000_000;

/// An instant (Unix seconds + nanoseconds) shown in a time zone, like Go's
/// `time.Time`. Construction fails only outside the supported range.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Time {
    secs: i64,
    nanos: u32,
    zone: Zone,
    /// UTC offset of `zone` at this instant, in seconds.
    offset: i32,
}

/// Local calendar fields of a `Time` (what Go's accessors return).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) struct Civil {
    pub year: i64,
    pub month: u32,
    pub day: u32,
    pub hour: u32,
    pub minute: u32,
    pub second: u32,
    /// 0 = Sunday, as Go's `time.Weekday`.
    pub weekday: u32,
}

impl Time {
    /// The instant `unix_secs` + `nanos` shown in `zone`; None when out of
    /// range (beyond about ±31 million years) or `nanos` ≥ 10^9.
    #[must_use]
    pub fn from_unix(unix_secs: i64, nanos: u32, zone: Zone) -> Option<Time> {
        if unix_secs.checked_abs()? > MAX_ABS_SECS || i64::from(nanos) >= NANOS_PER_SEC {
            return None;
        }
        let offset = zone.offset_at(unix_secs)?;
        Some(Time {
            secs: unix_secs,
            nanos,
            zone,
            offset,
        })
    }

    /// The instant `unix_ms` milliseconds after 1970-01-01T00:00:00Z.
    #[must_use]
    pub fn from_unix_ms(unix_ms: i64, zone: Zone) -> Option<Time> {
        let nanos = unix_ms.rem_euclid(1000) * 1_000_000;
        Time::from_unix(unix_ms.div_euclid(1000), nanos as u32, zone)
    }

    /// Whole seconds since the Unix epoch (floor).
    #[must_use]
    pub fn unix_secs(&self) -> i64 {
        self.secs
    }

    /// Nanoseconds within the second, 0..10^9.
    #[must_use]
    pub fn nanos(&self) -> u32 {
        self.nanos
    }

    /// Milliseconds since the Unix epoch (sub-millisecond part dropped).
    #[must_use]
    pub fn unix_ms(&self) -> i64 {
        self.secs * 1000 + i64::from(self.nanos / 1_000_000)
    }

    /// The zone this time is shown in.
    #[must_use]
    pub fn zone(&self) -> Zone {
        self.zone
    }

    /// UTC offset in seconds of the zone at this instant.
    #[must_use]
    pub fn utc_offset_secs(&self) -> i32 {
        self.offset
    }

    /// The same instant shown in another zone (Go's `t.In(zone)`).
    #[must_use]
    pub fn in_zone(&self, zone: Zone) -> Option<Time> {
        Time::from_unix(self.secs, self.nanos, zone)
    }

    /// Local calendar fields.
    pub(crate) fn civil(&self) -> Civil {
        let local = self.secs + i64::from(self.offset);
        let days = local.div_euclid(SECS_PER_DAY);
        let sod = local.rem_euclid(SECS_PER_DAY) as u32;
        let (year, month, day) = civil_from_days(days);
        Civil {
            year,
            month,
            day,
            hour: sod / 3600,
            minute: sod / 60 % 60,
            second: sod % 60,
            weekday: (days + 4).rem_euclid(7) as u32, // 1970-01-01 was a Thursday
        }
    }

    /// Go's `t.Add(d)` for whole seconds (absolute time, no calendar).
    pub(crate) fn add_secs(&self, secs: i64) -> Option<Time> {
        Time::from_unix(self.secs.checked_add(secs)?, self.nanos, self.zone)
    }

    /// Go's `t.Add(d)` for a duration in nanoseconds.
    pub(crate) fn add_nanos(&self, nanos: i64) -> Option<Time> {
        let total = i128::from(self.nanos) + i128::from(nanos);
        let secs = i64::try_from(total.div_euclid(NANOS_PER_SEC.into())).ok()?;
        let sub = total.rem_euclid(NANOS_PER_SEC.into()) as u32;
        Time::from_unix(self.secs.checked_add(secs)?, sub, self.zone)
    }

    /// Go's `t.Truncate(unit)` for a whole-second unit: rounds down on the
    /// absolute time line (the zero time is a whole minute and hour, so
    /// flooring Unix seconds gives the same instant).
    pub(crate) fn truncate_secs(&self, unit: i64) -> Option<Time> {
        Time::from_unix(self.secs - self.secs.rem_euclid(unit), 0, self.zone)
    }

    /// Go's `t.AddDate(years, months, days)`: the same wall clock on a
    /// normalised date, resolved like `time.Date`.
    pub(crate) fn add_date(&self, years: i64, months: i64, days: i64) -> Option<Time> {
        let c = self.civil();
        let wall = WallTime {
            year: c.year + years,
            month: i64::from(c.month) + months,
            day: i64::from(c.day) + days,
            hour: i64::from(c.hour),
            minute: i64::from(c.minute),
            second: i64::from(c.second),
        };
        date(wall, self.nanos, self.zone)
    }
}

/// Wall-clock fields as passed to Go's `time.Date`; may be out of range.
#[derive(Clone, Copy, Debug)]
pub(crate) struct WallTime {
    pub year: i64,
    pub month: i64,
    pub day: i64,
    pub hour: i64,
    pub minute: i64,
    pub second: i64,
}

/// Go's `time.Date` (Go 1.19 time/time.go:1440-1492).
///
/// Out-of-range fields overflow into the next larger one. The wall time is
/// first read as if it were UTC; the zone's offset at that instant is
/// subtracted, and if the resulting instant has a different offset that one
/// is used instead. So a wall time in a spring-forward gap, or one repeated
/// in a fall-back overlap, resolves exactly as in Go.
pub(crate) fn date(w: WallTime, nanos: u32, zone: Zone) -> Option<Time> {
    let wall_as_utc = wall_seconds(w)?;
    let first = zone.offset_at(wall_as_utc)?;
    let mut unix = wall_as_utc;
    if first != 0 {
        let utc = wall_as_utc - i64::from(first);
        unix = wall_as_utc - i64::from(zone.offset_at(utc)?);
    }
    Time::from_unix(unix, nanos, zone)
}

/// Seconds of a normalised wall time read as UTC.
fn wall_seconds(w: WallTime) -> Option<i64> {
    let bound = 1i64 << 40;
    let fields = [w.year, w.month, w.day, w.hour, w.minute, w.second];
    if fields.iter().any(|f| f.abs() > bound) {
        return None;
    }
    let (year, month0) = (
        w.year + (w.month - 1).div_euclid(12),
        (w.month - 1).rem_euclid(12),
    );
    let days = days_from_civil(year, month0 as u32 + 1, 1) + (w.day - 1);
    Some(days * SECS_PER_DAY + w.hour * 3600 + w.minute * 60 + w.second)
}

/// Days since 1970-01-01 of a proleptic Gregorian date (H. Hinnant's
/// `days_from_civil`).
pub(crate) fn days_from_civil(year: i64, month: u32, day: u32) -> i64 {
    let y = if month <= 2 { year - 1 } else { year };
    let era = y.div_euclid(400);
    let yoe = y.rem_euclid(400);
    let m = i64::from(month);
    let doy = (153 * (if m > 2 { m - 3 } else { m + 9 }) + 2) / 5 + i64::from(day) - 1;
    let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    era * 146_097 + doe - 719_468
}

/// Inverse of `days_from_civil`.
pub(crate) fn civil_from_days(days: i64) -> (i64, u32, u32) {
    let z = days + 719_468;
    let era = z.div_euclid(146_097);
    let doe = z.rem_euclid(146_097);
    let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let day = (doy - (153 * mp + 2) / 5 + 1) as u32;
    let month = if mp < 10 { mp + 3 } else { mp - 9 } as u32;
    let year = yoe + era * 400 + i64::from(month <= 2);
    (year, month, day)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn civil_round_trip() {
        for days in [-719_468, -1, 0, 1, 11_016, 47_541, 2_932_896] {
            let (y, m, d) = civil_from_days(days);
            assert_eq!(days_from_civil(y, m, d), days, "{y}-{m}-{d}");
        }
        assert_eq!(civil_from_days(19_723), (2024, 1, 1));
    }

    #[test]
    fn date_resolves_gap_and_overlap_like_go() {
        let ny = Zone::from_name("America/New_York").unwrap();
        let wall = |d, h, mi| WallTime {
            year: 2012,
            month: 3,
            day: d,
            hour: h,
            minute: mi,
            second: 0,
        };
        // 02:30 does not exist on 2012-03-11: Go gives 01:30 EST (06:30Z).
        let t = date(wall(11, 2, 30), 0, ny).unwrap();
        assert_eq!(t.unix_secs(), 1_331_447_400);
        // 2012-11-04 01:30 exists twice: in a western zone Go picks the
        // first, EDT (05:30Z) (values checked against Go 1.19).
        let w = WallTime {
            year: 2012,
            month: 11,
            day: 4,
            hour: 1,
            minute: 30,
            second: 0,
        };
        assert_eq!(date(w, 0, ny).unwrap().unix_secs(), 1_352_007_000);
    }

    #[test]
    fn add_date_normalises_like_go() {
        let utc = Zone::utc();
        let jan31 = date(
            WallTime {
                year: 2023,
                month: 1,
                day: 31,
                hour: 0,
                minute: 0,
                second: 0,
            },
            0,
            utc,
        )
        .unwrap();
        let c = jan31.add_date(0, 1, 0).unwrap().civil();
        assert_eq!((c.year, c.month, c.day), (2023, 3, 3));
    }
}
