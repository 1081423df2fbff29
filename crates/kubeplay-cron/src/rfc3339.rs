//! Go's `time.RFC3339` layout (`2006-01-02T15:04:05Z07:00`), both ways.
//!
//! Kubernetes prints CronJob times with `t.Format(time.RFC3339)`: no
//! fractional seconds, `Z` for a zero offset, otherwise `±hh:mm` (a zone
//! offset with seconds, as in LMT, loses them). Parsing accepts what
//! `time.Parse(time.RFC3339, s)` accepts, including a fraction of a second.

use crate::gotime::{days_from_civil, Time};
use crate::zone::Zone;

impl Time {
    /// Formats like Go's `t.Format(time.RFC3339)`, e.g.
    /// `2024-03-10T03:00:00-04:00` or `2024-01-01T00:00:00Z`.
    #[must_use]
    pub fn to_rfc3339(&self) -> String {
        let c = self.civil();
        let mut out = String::with_capacity(25);
        push_go_year(&mut out, c.year);
        for (sep, n) in [
            ('-', c.month),
            ('-', c.day),
            ('T', c.hour),
            (':', c.minute),
            (':', c.second),
        ] {
            out.push(sep);
            push_2(&mut out, n);
        }
        push_go_offset(&mut out, self.utc_offset_secs());
        out
    }

    /// Parses an RFC 3339 time as `time.Parse(time.RFC3339, s)` does
    /// (fractional seconds allowed) and shows it in `zone`.
    #[must_use]
    pub fn parse_rfc3339(s: &str, zone: Zone) -> Option<Time> {
        let (secs, nanos) = parse_instant(s)?;
        Time::from_unix(secs, nanos, zone)
    }
}

/// Two digits, zero-padded (every field but the year is below 100).
fn push_2(out: &mut String, n: u32) {
    out.push(char::from(b'0' + (n / 10 % 10) as u8));
    out.push(char::from(b'0' + (n % 10) as u8));
}

/// Go's `appendInt(year, 4)`: zero-padded to 4 digits, sign in front.
fn push_go_year(out: &mut String, year: i64) {
    use core::fmt::Write as _;
    if year < 0 {
        let _ = write!(out, "-{:04}", year.unsigned_abs());
    } else if year < 10_000 {
        let y = year as u32;
        push_2(out, y / 100);
        push_2(out, y % 100);
    } else {
        let _ = write!(out, "{year}");
    }
}

/// Go's `Z07:00`: `Z` for 0, else sign and hh:mm of the truncated minutes.
fn push_go_offset(out: &mut String, offset: i32) {
    if offset == 0 {
        out.push('Z');
        return;
    }
    out.push(if offset < 0 { '-' } else { '+' });
    let minutes = (offset / 60).unsigned_abs();
    push_2(out, minutes / 60);
    out.push(':');
    push_2(out, minutes % 60);
}

/// `YYYY-MM-DDTHH:MM:SS[.frac](Z|±hh:mm)` → Unix seconds and nanoseconds.
fn parse_instant(s: &str) -> Option<(i64, u32)> {
    let b = s.as_bytes();
    if b.len() < 20 || b[4] != b'-' || b[7] != b'-' || b[10] != b'T' {
        return None;
    }
    if b[13] != b':' || b[16] != b':' {
        return None;
    }
    let year = digits(&b[0..4])?;
    let (month, day) = (digits(&b[5..7])?, digits(&b[8..10])?);
    let (hour, minute, second) = (
        digits(&b[11..13])?,
        digits(&b[14..16])?,
        digits(&b[17..19])?,
    );
    let valid_day = (1..=days_in_month(year, month)).contains(&day);
    if !(1..=12).contains(&month) || !valid_day || hour > 23 || minute > 59 || second > 59 {
        return None;
    }
    let (nanos, rest) = fraction(&b[19..])?;
    let offset = zone_offset(rest)?;
    let days = days_from_civil(year, month as u32, day as u32);
    let wall = days * 86_400 + hour * 3600 + minute * 60 + second;
    Some((wall - offset, nanos))
}

fn digits(b: &[u8]) -> Option<i64> {
    if !b.iter().all(u8::is_ascii_digit) {
        return None;
    }
    Some(b.iter().fold(0, |n, &c| n * 10 + i64::from(c - b'0')))
}

/// Go's `parseNanoseconds`: `.` or `,` then digits; digits past the ninth
/// are accepted and ignored.
fn fraction(b: &[u8]) -> Option<(u32, &[u8])> {
    if b.len() < 2 || !(b[0] == b'.' || b[0] == b',') || !b[1].is_ascii_digit() {
        return Some((0, b));
    }
    let n = 1 + b[1..].iter().take_while(|c| c.is_ascii_digit()).count();
    let digits = b[1..n].iter().map(|c| u32::from(c - b'0'));
    let nanos = digits
        .chain(core::iter::repeat(0))
        .take(9)
        .fold(0, |acc, d| acc * 10 + d);
    Some((nanos, &b[n..]))
}

/// `Z` or `±hh:mm` and nothing after it; returns the offset in seconds.
fn zone_offset(b: &[u8]) -> Option<i64> {
    if b == b"Z" {
        return Some(0);
    }
    if b.len() != 6 || b[3] != b':' {
        return None;
    }
    let sign = match b[0] {
        b'+' => 1,
        b'-' => -1,
        _ => return None,
    };
    let (hh, mm) = (digits(&b[1..3])?, digits(&b[4..6])?);
    if hh > 23 || mm > 59 {
        return None;
    }
    Some(sign * (hh * 3600 + mm * 60))
}

fn days_in_month(year: i64, month: i64) -> i64 {
    let leap = (year % 4 == 0 && year % 100 != 0) || year % 400 == 0;
    match month {
        4 | 6 | 9 | 11 => 30,
        2 if leap => 29,
        2 => 28,
        _ => 31,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn round_trip_in_zones() {
        let utc = Zone::utc();
        let t = Time::parse_rfc3339("2024-01-01T00:59:59.5Z", utc).unwrap();
        assert_eq!((t.unix_secs(), t.nanos()), (1_704_070_799, 500_000_000));
        assert_eq!(t.to_rfc3339(), "2024-01-01T00:59:59Z");
        let kathmandu = Zone::from_name("Asia/Kathmandu").unwrap();
        let k = Time::parse_rfc3339("2024-01-01T09:00:00+05:45", kathmandu).unwrap();
        assert_eq!(k.to_rfc3339(), "2024-01-01T09:00:00+05:45");
        assert_eq!(k.in_zone(utc).unwrap().to_rfc3339(), "2024-01-01T03:15:00Z");
    }

    #[test]
    fn lmt_offset_drops_seconds_like_go() {
        let ny = Zone::from_name("America/New_York").unwrap();
        let t = Time::parse_rfc3339("1800-01-01T00:00:00Z", ny).unwrap();
        assert_eq!(t.to_rfc3339(), "1799-12-31T19:03:58-04:56");
    }

    #[test]
    fn years_padded_like_go_append_int() {
        let utc = Zone::utc();
        let at = |secs| Time::from_unix(secs, 0, utc).unwrap().to_rfc3339();
        assert_eq!(at(-62_135_596_800), "0001-01-01T00:00:00Z");
        assert_eq!(at(-62_167_219_200 - 86_400), "-0001-12-31T00:00:00Z");
        assert_eq!(at(253_402_300_800), "10000-01-01T00:00:00Z");
    }

    #[test]
    fn rejects_malformed() {
        let utc = Zone::utc();
        for bad in [
            "2024-02-30T00:00:00Z",
            "2024-01-01 00:00:00Z",
            "2024-01-01T00:00:00",
            "x",
        ] {
            assert!(Time::parse_rfc3339(bad, utc).is_none(), "{bad}");
        }
    }
}
