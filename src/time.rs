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
    /// The calendar arithmetic is the core's (`kubeplay_core::timefmt`), so the UI and kubectl agree.
    pub fn from_ms(ms: i64) -> Self {
        let c = kubeplay_core::timefmt::civil(ms.div_euclid(1000));
        UtcParts {
            year: c.year,
            month: c.month,
            day: c.day,
            hour: c.hour,
            minute: c.minute,
            second: c.second,
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

/// A span of simulated time in its two largest units: `0s`, `45s`, `2m 5s`, `1h 3m`, `3d 4h`.
pub fn duration_label(ms: i64) -> String {
    let s = ms.max(0) / 1000;
    let (d, h, m, sec) = (s / 86_400, s / 3600 % 24, s / 60 % 60, s % 60);
    match (d, h, m) {
        (0, 0, 0) => format!("{sec}s"),
        (0, 0, _) if sec == 0 => format!("{m}m"),
        (0, 0, _) => format!("{m}m {sec}s"),
        (0, _, _) => format!("{h}h {m}m"),
        _ => format!("{d}d {h}h"),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn durations_show_two_units() {
        assert_eq!(duration_label(0), "0s");
        assert_eq!(duration_label(45_999), "45s");
        assert_eq!(duration_label(125_000), "2m 5s");
        assert_eq!(duration_label(120_000), "2m");
        assert_eq!(duration_label(3_780_000), "1h 3m");
        assert_eq!(duration_label(273_600_000), "3d 4h");
    }

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
}
