//! Go's `time.ParseDuration` (Go 1.19 time/format.go:1455-1619), for `@every`.
//!
//! The accepted syntax and the error texts both reach the user through
//! robfig's `failed to parse duration @every X: <error>`, so this is a
//! line-by-line port, float fraction arithmetic included.

use crate::gostr::time_quote;

const NANOS_PER: &[(&str, u64)] = &[
    ("ns", 1),
    ("us", 1_000),
    ("\u{b5}s", 1_000),  // U+00B5 micro sign
    ("\u{3bc}s", 1_000), // U+03BC Greek mu
    ("ms", 1_000_000),
    ("s", 1_000_000_000),
    ("m", 60_000_000_000),
    ("h", 3_600_000_000_000),
];

const LIMIT: u64 = 1 << 63;

/// Parses a Go duration string into nanoseconds (may be negative), or
/// returns Go's error text, e.g. `time: unknown unit "d" in duration "1d"`.
pub fn parse_duration(orig: &str) -> Result<i64, String> {
    let invalid = || format!("time: invalid duration {}", time_quote(orig));
    let (neg, mut s) = match orig.as_bytes().first() {
        Some(b'-') => (true, &orig[1..]),
        Some(b'+') => (false, &orig[1..]),
        _ => (false, orig),
    };
    if s == "0" {
        return Ok(0);
    }
    if s.is_empty() {
        return Err(invalid());
    }
    let mut total: u64 = 0;
    while !s.is_empty() {
        let (v, rest) = parse_component(s, orig)?;
        s = rest;
        total = total
            .checked_add(v)
            .filter(|&d| d <= LIMIT)
            .ok_or_else(invalid)?;
    }
    if neg {
        // -Duration(1<<63) wraps to i64::MIN in Go, too.
        return Ok((total as i64).wrapping_neg());
    }
    i64::try_from(total).map_err(|_| invalid())
}

/// One `[0-9]*(\.[0-9]*)?unit` group; returns its nanoseconds and the rest.
fn parse_component<'a>(s: &'a str, orig: &str) -> Result<(u64, &'a str), String> {
    let invalid = || format!("time: invalid duration {}", time_quote(orig));
    let first = s.as_bytes()[0];
    if !(first == b'.' || first.is_ascii_digit()) {
        return Err(invalid());
    }
    let (v, rest) = leading_int(s).ok_or_else(invalid)?;
    let pre = rest.len() != s.len();
    let mut s = rest;
    let (mut f, mut scale, mut post) = (0u64, 1f64, false);
    if let Some(after_dot) = s.strip_prefix('.') {
        let (ff, sc, rest) = leading_fraction(after_dot);
        post = rest.len() != after_dot.len();
        (f, scale, s) = (ff, sc, rest);
    }
    if !pre && !post {
        return Err(invalid());
    }
    let unit_len = s
        .bytes()
        .position(|c| c == b'.' || c.is_ascii_digit())
        .unwrap_or(s.len());
    if unit_len == 0 {
        return Err(format!(
            "time: missing unit in duration {}",
            time_quote(orig)
        ));
    }
    // The split is at an ASCII byte (or the end), so it is a char boundary.
    let (unit, rest) = s.split_at(unit_len);
    let Some(&(_, per)) = NANOS_PER.iter().find(|(name, _)| *name == unit) else {
        return Err(format!(
            "time: unknown unit {} in duration {}",
            time_quote(unit),
            time_quote(orig)
        ));
    };
    Ok((scale_component(v, f, scale, per).ok_or_else(invalid)?, rest))
}

/// `v*unit + f*unit/scale`, with Go's overflow checks (format.go:1593-1606).
fn scale_component(v: u64, f: u64, scale: f64, per: u64) -> Option<u64> {
    if v > LIMIT / per {
        return None;
    }
    let mut v = v * per;
    if f > 0 {
        // Go converts the float product to uint64 (truncating); Rust's `as`
        // truncates too, and the product is below 3.6e12 so it never saturates.
        v = v.checked_add((f as f64 * (per as f64 / scale)) as u64)?;
        if v > LIMIT {
            return None;
        }
    }
    Some(v)
}

/// `leadingInt`: the leading digits, or None on overflow past 2^63.
fn leading_int(s: &str) -> Option<(u64, &str)> {
    let mut x: u64 = 0;
    let end = s
        .bytes()
        .position(|c| !c.is_ascii_digit())
        .unwrap_or(s.len());
    for c in s[..end].bytes() {
        if x > LIMIT / 10 {
            return None;
        }
        x = x * 10 + u64::from(c - b'0');
        if x > LIMIT {
            return None;
        }
    }
    Some((x, &s[end..]))
}

/// `leadingFraction`: digits after the dot; stops accumulating on overflow.
fn leading_fraction(s: &str) -> (u64, f64, &str) {
    let (mut x, mut scale, mut overflow) = (0u64, 1f64, false);
    let end = s
        .bytes()
        .position(|c| !c.is_ascii_digit())
        .unwrap_or(s.len());
    for c in s[..end].bytes() {
        if overflow {
            continue;
        }
        if x > (LIMIT - 1) / 10 {
            overflow = true;
            continue;
        }
        let y = x * 10 + u64::from(c - b'0');
        if y > LIMIT {
            overflow = true;
            continue;
        }
        x = y;
        scale *= 10.0;
    }
    (x, scale, &s[end..])
}

#[cfg(test)]
mod tests {
    use super::parse_duration;

    const S: i64 = 1_000_000_000;

    #[test]
    fn go_syntax() {
        assert_eq!(parse_duration("1h30m"), Ok(5400 * S));
        assert_eq!(parse_duration("1.5h"), Ok(5400 * S));
        assert_eq!(parse_duration("2h45m30.5s"), Ok(9930 * S + S / 2));
        assert_eq!(parse_duration("-1h"), Ok(-3600 * S));
        assert_eq!(parse_duration("+0"), Ok(0));
        assert_eq!(parse_duration(".5s"), Ok(S / 2));
        assert_eq!(parse_duration("1\u{b5}s"), Ok(1000));
    }

    #[test]
    fn go_errors() {
        assert_eq!(
            parse_duration("Xm").unwrap_err(),
            "time: invalid duration \"Xm\""
        );
        assert_eq!(
            parse_duration("1d").unwrap_err(),
            "time: unknown unit \"d\" in duration \"1d\""
        );
        assert_eq!(
            parse_duration("1").unwrap_err(),
            "time: missing unit in duration \"1\""
        );
        assert_eq!(
            parse_duration("").unwrap_err(),
            "time: invalid duration \"\""
        );
        assert_eq!(
            parse_duration(".s").unwrap_err(),
            "time: invalid duration \".s\""
        );
        assert_eq!(
            parse_duration("3000000h").unwrap_err(),
            "time: invalid duration \"3000000h\""
        );
        assert_eq!(
            parse_duration("1é").unwrap_err(),
            "time: unknown unit \"\\xc3\\xa9\" in duration \"1\\xc3\\xa9\""
        );
    }
}
