//! Formatting simulated instants (milliseconds since the Unix epoch) for display, in UTC.
//!
//! The UI formats time itself rather than asking the browser (`Date`) so that the same instant
//! renders identically natively (server-side render tests) and in every browser and time zone.

/// A UTC calendar instant split into display parts, to the second.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct UtcParts {
    pub year: i64,
    pub month: u32,
    pub day: u32,
    pub hour: u32,
    pub minute: u32,
    pub second: u32,
}

impl UtcParts {
    /// Splits `ms` since the epoch; instants before 1970 are floored, not truncated.
    pub fn from_ms(ms: i64) -> Self {
        let secs = ms.div_euclid(1000);
        let (days, sod) = (secs.div_euclid(86_400), secs.rem_euclid(86_400));
        let (year, month, day) = civil_from_days(days);
        let sod = sod as u32; // 0..86_400 fits
        UtcParts {
            year,
            month,
            day,
            hour: sod / 3600,
            minute: sod / 60 % 60,
            second: sod % 60,
        }
    }

    /// `2025-01-01`
    pub fn date(&self) -> String {
        format!("{:04}-{:02}-{:02}", self.year, self.month, self.day)
    }

    /// `00:00:00`
    pub fn time(&self) -> String {
        format!("{:02}:{:02}:{:02}", self.hour, self.minute, self.second)
    }

    /// `2025-01-01T00:00:00Z`, for `<time datetime>` and tooltips.
    pub fn iso(&self) -> String {
        format!("{}T{}Z", self.date(), self.time())
    }
}

/// Proleptic Gregorian (year, month, day) of a day count since 1970-01-01.
/// Howard Hinnant's `civil_from_days` (public domain), exact for every `i64` day we can hold.
fn civil_from_days(days: i64) -> (i64, u32, u32) {
    let z = days + 719_468;
    let era = z.div_euclid(146_097);
    let doe = z.rem_euclid(146_097); // [0, 146096]
    let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365; // [0, 399]
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100); // [0, 365]
    let mp = (5 * doy + 2) / 153; // [0, 11], March-based
    let day = (doy - (153 * mp + 2) / 5 + 1) as u32;
    let month = if mp < 10 { mp + 3 } else { mp - 9 } as u32;
    let year = yoe + era * 400 + i64::from(month <= 2);
    (year, month, day)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn epoch_and_default_start() {
        assert_eq!(UtcParts::from_ms(0).iso(), "1970-01-01T00:00:00Z");
        assert_eq!(
            UtcParts::from_ms(1_735_689_600_000).iso(),
            "2025-01-01T00:00:00Z"
        );
    }

    #[test]
    fn leap_days_and_month_ends() {
        // 2024-02-29T23:59:59.999Z, then one millisecond later.
        let leap = 1_709_251_199_999;
        assert_eq!(UtcParts::from_ms(leap).iso(), "2024-02-29T23:59:59Z");
        assert_eq!(UtcParts::from_ms(leap + 1).iso(), "2024-03-01T00:00:00Z");
        assert_eq!(UtcParts::from_ms(951_782_400_000).date(), "2000-02-29");
        assert_eq!(UtcParts::from_ms(4_107_542_400_000).date(), "2100-03-01");
    }

    #[test]
    fn before_the_epoch_floors() {
        assert_eq!(UtcParts::from_ms(-1).iso(), "1969-12-31T23:59:59Z");
    }

    #[test]
    fn every_day_of_four_centuries_round_trips_through_the_calendar() {
        // Walk day by day from 1970 for 400 years: dates must be strictly consecutive.
        let (mut y, mut m, mut d) = (1970, 1, 1);
        for days in 0..146_097 {
            assert_eq!(civil_from_days(days), (y, m, d), "day {days}");
            let leap = (y % 4 == 0 && y % 100 != 0) || y % 400 == 0;
            let len = match m {
                2 if leap => 29,
                2 => 28,
                4 | 6 | 9 | 11 => 30,
                _ => 31,
            };
            d += 1;
            if d > len {
                (d, m) = (1, m + 1);
            }
            if m > 12 {
                (m, y) = (1, y + 1);
            }
        }
    }
}
