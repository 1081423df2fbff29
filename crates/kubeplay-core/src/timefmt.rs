//! Calendar arithmetic on integer seconds (civil dates without a clock or a time-zone database),
//! and RFC 3339 read as Go's time.Parse reads it, errors included.

/// Days since 1970-01-01 → (year, month 1-12, day 1-31). Howard Hinnant's `civil_from_days`.
pub fn civil_from_days(z: i64) -> (i64, u32, u32) {
    let z = z + 719_468;
    let era = z.div_euclid(146_097);
    let doe = z.rem_euclid(146_097);
    let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
    let y = yoe + era * 400;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let d = (doy - (153 * mp + 2) / 5 + 1) as u32;
    let m = if mp < 10 { mp + 3 } else { mp - 9 } as u32;
    (if m <= 2 { y + 1 } else { y }, m, d)
}

/// (year, month, day) → days since 1970-01-01.
pub fn days_from_civil(y: i64, m: u32, d: u32) -> i64 {
    let y = if m <= 2 { y - 1 } else { y };
    let era = y.div_euclid(400);
    let yoe = y.rem_euclid(400);
    let m = m as i64;
    let doy = (153 * (if m > 2 { m - 3 } else { m + 9 }) + 2) / 5 + d as i64 - 1;
    let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    era * 146_097 + doe - 719_468
}

/// Broken-down UTC time of a Unix timestamp in seconds.
pub struct Civil {
    pub year: i64,
    pub month: u32,
    pub day: u32,
    pub hour: u32,
    pub minute: u32,
    pub second: u32,
    /// 0 = Sunday.
    pub weekday: u32,
}

pub fn civil(secs: i64) -> Civil {
    let days = secs.div_euclid(86_400);
    let rem = secs.rem_euclid(86_400);
    let (year, month, day) = civil_from_days(days);
    Civil {
        year,
        month,
        day,
        hour: (rem / 3600) as u32,
        minute: (rem % 3600 / 60) as u32,
        second: (rem % 60) as u32,
        weekday: (days + 4).rem_euclid(7) as u32,
    }
}

/// `2025-01-01T00:00:00Z`.
pub fn rfc3339_secs(secs: i64) -> String {
    let c = civil(secs);
    format!("{:04}-{:02}-{:02}T{:02}:{:02}:{:02}Z", c.year, c.month, c.day, c.hour, c.minute, c.second)
}

/// An RFC 3339 time as Go reads it, in Unix milliseconds; None where Go refuses it.
pub fn parse_rfc3339_ms(s: &str) -> Option<i64> {
    parse_rfc3339_go(s).ok()
}

const LAYOUT: &str = "2006-01-02T15:04:05Z07:00";

/// Go's `time.Parse(time.RFC3339, value)` (kubectl's util.ParseRFC3339, whose RFC3339Nano attempt
/// reads nothing more): Unix milliseconds, or Go's error word for word (`parsing time "x" as
/// "2006-01-02T15:04:05Z07:00": cannot parse "x" as "2006"`, `month out of range`, `extra text`).
pub fn parse_rfc3339_go(value: &str) -> Result<i64, String> {
    Parser { value, rest: value }.parse()
}

struct Parser<'a> {
    value: &'a str,
    rest: &'a str,
}

impl Parser<'_> {
    fn cannot(&self, at: &str, elem: &str) -> String {
        format!("parsing time {} as {}: cannot parse {} as {}", quote(self.value), quote(LAYOUT), quote(at), quote(elem))
    }

    fn with_message(&self, message: &str) -> String {
        format!("parsing time {}{message}", quote(self.value))
    }

    fn literal(&mut self, lit: &str) -> Result<(), String> {
        match self.rest.strip_prefix(lit) {
            Some(r) => {
                self.rest = r;
                Ok(())
            }
            None => Err(self.cannot(self.rest, lit)),
        }
    }

    /// getnum: two digits (`fixed`) or one or two.
    fn number(&mut self, elem: &str, fixed: bool) -> Result<i64, String> {
        let b = self.rest.as_bytes();
        let digit = |i: usize| b.get(i).is_some_and(u8::is_ascii_digit);
        if !digit(0) || (fixed && !digit(1)) {
            return Err(self.cannot(self.rest, elem));
        }
        let (n, len) = if digit(1) { (i64::from(b[0] - b'0') * 10 + i64::from(b[1] - b'0'), 2) } else { (i64::from(b[0] - b'0'), 1) };
        self.rest = &self.rest[len..];
        Ok(n)
    }

    fn range(&self, what: &str, elem: &str) -> String {
        let _ = elem;
        self.with_message(&format!(": {what} out of range"))
    }

    fn parse(mut self) -> Result<i64, String> {
        let year = self.year()?;
        self.literal("-")?;
        let month = self.number("01", true)?;
        if !(1..=12).contains(&month) {
            return Err(self.range("month", "01"));
        }
        self.literal("-")?;
        let day = self.number("02", true)?;
        self.literal("T")?;
        let hour = self.number("15", false)?;
        if hour >= 24 {
            return Err(self.range("hour", "15"));
        }
        self.literal(":")?;
        let minute = self.number("04", true)?;
        if minute >= 60 {
            return Err(self.range("minute", "04"));
        }
        self.literal(":")?;
        let second = self.number("05", true)?;
        if second >= 60 {
            return Err(self.range("second", "05"));
        }
        let nanos = self.fraction()?;
        let offset = self.zone()?;
        if !self.rest.is_empty() {
            return Err(self.with_message(&format!(": extra text: {}", quote(self.rest))));
        }
        if day < 1 || day > days_in(month, year) {
            return Err(self.with_message(": day out of range"));
        }
        let days = days_from_civil(year, month as u32, day as u32);
        let secs = days * 86_400 + hour * 3600 + minute * 60 + second - offset;
        Ok(secs.saturating_mul(1000) + nanos / 1_000_000)
    }

    fn year(&mut self) -> Result<i64, String> {
        let Some(p) = self.rest.get(..4) else { return Err(self.cannot(self.rest, "2006")) };
        let digits = p.strip_prefix(['-', '+']).unwrap_or(p);
        if digits.is_empty() || !digits.bytes().all(|b| b.is_ascii_digit()) {
            return Err(self.cannot(self.rest, "2006"));
        }
        let n: i64 = digits.parse().unwrap_or(0);
        self.rest = &self.rest[4..];
        Ok(if p.starts_with('-') { -n } else { n })
    }

    /// A fractional second the layout does not name is still read (Go's special case).
    fn fraction(&mut self) -> Result<i64, String> {
        let b = self.rest.as_bytes();
        if b.len() < 2 || !(b[0] == b'.' || b[0] == b',') || !b[1].is_ascii_digit() {
            return Ok(0);
        }
        let n = 1 + b[1..].iter().take_while(|c| c.is_ascii_digit()).count();
        let digits = &self.rest[1..n];
        self.rest = &self.rest[n..];
        let padded: String = digits.chars().chain(std::iter::repeat('0')).take(9).collect();
        Ok(padded.parse().unwrap_or(0))
    }

    /// `Z07:00`: `Z`, or ±hh:mm; the offset in seconds east of UTC.
    fn zone(&mut self) -> Result<i64, String> {
        if let Some(r) = self.rest.strip_prefix('Z') {
            self.rest = r;
            return Ok(0);
        }
        let b = self.rest.as_bytes();
        let two = |i: usize| (b[i].is_ascii_digit() && b[i + 1].is_ascii_digit()).then(|| i64::from(b[i] - b'0') * 10 + i64::from(b[i + 1] - b'0'));
        if b.len() < 6 || b[3] != b':' {
            return Err(self.cannot(self.rest, "Z07:00"));
        }
        let (Some(h), Some(m)) = (two(1), two(4)) else { return Err(self.cannot(self.rest, "Z07:00")) };
        if h > 24 {
            return Err(self.range("time zone offset hour", "Z07:00"));
        }
        if m > 60 {
            return Err(self.range("time zone offset minute", "Z07:00"));
        }
        let sign = match b[0] {
            b'+' => 1,
            b'-' => -1,
            _ => return Err(self.cannot(self.rest, "Z07:00")),
        };
        self.rest = &self.rest[6..];
        Ok(sign * (h * 3600 + m * 60))
    }
}

fn days_in(month: i64, year: i64) -> i64 {
    match month {
        2 if year % 4 == 0 && (year % 100 != 0 || year % 400 == 0) => 29,
        2 => 28,
        4 | 6 | 9 | 11 => 30,
        _ => 31,
    }
}

/// The time package's quote: strconv.Quote's escapes for what it cannot print.
fn quote(s: &str) -> String {
    kubeplay_cron::go_quote(s)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn round_trips_dates() {
        assert_eq!(rfc3339_secs(1_735_689_600), "2025-01-01T00:00:00Z");
        assert_eq!(parse_rfc3339_ms("2025-01-01T00:00:00Z"), Some(1_735_689_600_000));
        assert_eq!(parse_rfc3339_ms("2025-01-01T01:00:00+01:00"), Some(1_735_689_600_000));
        assert_eq!(parse_rfc3339_ms("2016-02-29T12:30:05.5Z").map(|m| rfc3339_secs(m / 1000)), Some("2016-02-29T12:30:05Z".into()));
        assert_eq!(parse_rfc3339_ms("yesterday"), None);
        assert_eq!(civil(1_735_689_600).weekday, 3); // a Wednesday
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

    #[test]
    fn reads_rfc3339_and_words_errors_as_go() {
        assert_eq!(parse_rfc3339_go("2025-01-01T00:00:10Z"), Ok(1_735_689_610_000));
        assert_eq!(parse_rfc3339_go("2025-01-01T01:00:00.5+01:00"), Ok(1_735_689_600_500));
        assert_eq!(parse_rfc3339_go("yesterday").unwrap_err(), r#"parsing time "yesterday" as "2006-01-02T15:04:05Z07:00": cannot parse "yesterday" as "2006""#);
        assert_eq!(parse_rfc3339_go("2025-01-01").unwrap_err(), r#"parsing time "2025-01-01" as "2006-01-02T15:04:05Z07:00": cannot parse "" as "T""#);
        assert_eq!(parse_rfc3339_go("2025-13-01T00:00:00Z").unwrap_err(), r#"parsing time "2025-13-01T00:00:00Z": month out of range"#);
        assert_eq!(parse_rfc3339_go("2025-02-30T00:00:00Z").unwrap_err(), r#"parsing time "2025-02-30T00:00:00Z": day out of range"#);
        assert_eq!(parse_rfc3339_go("2025-01-01T00:00:00").unwrap_err(), r#"parsing time "2025-01-01T00:00:00" as "2006-01-02T15:04:05Z07:00": cannot parse "" as "Z07:00""#);
        assert_eq!(parse_rfc3339_go("2025-01-01T00:00:00Zx").unwrap_err(), r#"parsing time "2025-01-01T00:00:00Zx": extra text: "x""#);
    }
}
