//! Go's `time.Parse` for the RFC 3339 layouts kubectl reads (`util.ParseRFC3339`: RFC3339Nano,
//! then RFC3339), with Go's errors word for word: `parsing time "x" as
//! "2006-01-02T15:04:05Z07:00": cannot parse "x" as "2006"`, `month out of range`, `extra text`.

use crate::timefmt::days_from_civil;

const LAYOUT: &str = "2006-01-02T15:04:05Z07:00";

/// util.ParseRFC3339: milliseconds since the epoch, or the error of the RFC3339 attempt.
pub fn parse_rfc3339_ms(value: &str) -> Result<i64, String> {
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
    fn reads_rfc3339_and_words_errors_as_go() {
        assert_eq!(parse_rfc3339_ms("2025-01-01T00:00:10Z"), Ok(1_735_689_610_000));
        assert_eq!(parse_rfc3339_ms("2025-01-01T01:00:00.5+01:00"), Ok(1_735_689_600_500));
        assert_eq!(parse_rfc3339_ms("yesterday").unwrap_err(), r#"parsing time "yesterday" as "2006-01-02T15:04:05Z07:00": cannot parse "yesterday" as "2006""#);
        assert_eq!(parse_rfc3339_ms("2025-01-01").unwrap_err(), r#"parsing time "2025-01-01" as "2006-01-02T15:04:05Z07:00": cannot parse "" as "T""#);
        assert_eq!(parse_rfc3339_ms("2025-13-01T00:00:00Z").unwrap_err(), r#"parsing time "2025-13-01T00:00:00Z": month out of range"#);
        assert_eq!(parse_rfc3339_ms("2025-02-30T00:00:00Z").unwrap_err(), r#"parsing time "2025-02-30T00:00:00Z": day out of range"#);
        assert_eq!(parse_rfc3339_ms("2025-01-01T00:00:00").unwrap_err(), r#"parsing time "2025-01-01T00:00:00" as "2006-01-02T15:04:05Z07:00": cannot parse "" as "Z07:00""#);
        assert_eq!(parse_rfc3339_ms("2025-01-01T00:00:00Zx").unwrap_err(), r#"parsing time "2025-01-01T00:00:00Zx": extra text: "x""#);
    }
}
