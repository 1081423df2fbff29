//! Go standard-library string behaviour that leaks into error texts.
//!
//! robfig/cron and Kubernetes build their messages with `strconv.Atoi`,
//! `strconv.Quote` (`%q`), the `time` package's private `quote`, `%s` of a
//! `[]string` and `strings.ToLower`; each is mirrored here so that messages
//! match Go byte for byte, whatever the user typed.

use crate::isprint::PRINTABLE;

const LOWER_HEX: &[u8; 16] = b"0123456789abcdef";

/// Why `strconv.Atoi` failed (the text after `parsing "...": `).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum AtoiError {
    Syntax,
    Range,
}

impl AtoiError {
    /// The `NumError` text: `strconv.Atoi: parsing "<s>": <reason>`.
    pub(crate) fn message(self, s: &str) -> String {
        let reason = match self {
            AtoiError::Syntax => "invalid syntax",
            AtoiError::Range => "value out of range",
        };
        format!("strconv.Atoi: parsing {}: {}", quote(s), reason)
    }
}

/// `strconv.Atoi` on a 64-bit platform (Go 1.19 strconv/atoi.go:231-266).
pub(crate) fn atoi(s: &str) -> Result<i64, AtoiError> {
    let b = s.as_bytes();
    if !b.is_empty() && b.len() < 19 {
        return atoi_fast(b);
    }
    parse_int(b)
}

/// The fast path: optional sign, then ASCII digits only (atoi.go:237-257).
fn atoi_fast(b: &[u8]) -> Result<i64, AtoiError> {
    let (neg, digits) = split_sign(b);
    if digits.is_empty() {
        return Err(AtoiError::Syntax);
    }
    let mut n: i64 = 0;
    for &c in digits {
        if !c.is_ascii_digit() {
            return Err(AtoiError::Syntax);
        }
        // At most 18 digits, so this cannot overflow.
        n = n * 10 + i64::from(c - b'0');
    }
    Ok(if neg { -n } else { n })
}

/// `ParseInt(s, 10, 64)` (atoi.go:186-228) built on `ParseUint`.
fn parse_int(b: &[u8]) -> Result<i64, AtoiError> {
    if b.is_empty() {
        return Err(AtoiError::Syntax);
    }
    let (neg, digits) = split_sign(b);
    let un = parse_uint(digits)?;
    const CUTOFF: u64 = 1 << 63;
    if (!neg && un >= CUTOFF) || (neg && un > CUTOFF) {
        return Err(AtoiError::Range);
    }
    // un <= 2^63 here; wrapping_neg maps 2^63 to i64::MIN as Go does.
    let n = un as i64;
    Ok(if neg { n.wrapping_neg() } else { n })
}

/// `ParseUint(s, 10, 64)`: a range error is reported as soon as the value
/// overflows, even if a later byte is not a digit (atoi.go ParseUint loop).
fn parse_uint(b: &[u8]) -> Result<u64, AtoiError> {
    if b.is_empty() {
        return Err(AtoiError::Syntax);
    }
    const CUTOFF: u64 = u64::MAX / 10 + 1;
    let mut n: u64 = 0;
    for &c in b {
        if !c.is_ascii_digit() {
            return Err(AtoiError::Syntax);
        }
        if n >= CUTOFF {
            return Err(AtoiError::Range);
        }
        n = n.checked_mul(10).ok_or(AtoiError::Range)?;
        n = n.checked_add(u64::from(c - b'0')).ok_or(AtoiError::Range)?;
    }
    Ok(n)
}

fn split_sign(b: &[u8]) -> (bool, &[u8]) {
    match b.first() {
        Some(b'-') => (true, &b[1..]),
        Some(b'+') => (false, &b[1..]),
        _ => (false, b),
    }
}

/// `strconv.Quote` (also what `fmt`'s `%q` prints for a string).
pub fn quote(s: &str) -> String {
    let mut out = String::with_capacity(s.len() + 2);
    out.push('"');
    for c in s.chars() {
        push_escaped(&mut out, c);
    }
    out.push('"');
    out
}

/// strconv/quote.go appendEscapedRune with quote `"`, not ASCII-only.
fn push_escaped(out: &mut String, c: char) {
    if c == '"' || c == '\\' {
        out.push('\\');
        out.push(c);
        return;
    }
    if is_print(c) {
        out.push(c);
        return;
    }
    let r = c as u32;
    match c {
        '\u{7}' => out.push_str("\\a"),
        '\u{8}' => out.push_str("\\b"),
        '\u{c}' => out.push_str("\\f"),
        '\n' => out.push_str("\\n"),
        '\r' => out.push_str("\\r"),
        '\t' => out.push_str("\\t"),
        '\u{b}' => out.push_str("\\v"),
        _ if r < 0x20 || r == 0x7f => push_hex(out, "\\x", r, 2),
        _ if r < 0x10000 => push_hex(out, "\\u", r, 4),
        _ => push_hex(out, "\\U", r, 8),
    }
}

fn push_hex(out: &mut String, prefix: &str, r: u32, digits: u32) {
    out.push_str(prefix);
    for i in (0..digits).rev() {
        out.push(LOWER_HEX[((r >> (4 * i)) & 0xf) as usize] as char);
    }
}

/// `strconv.IsPrint`, from the table generated with Go 1.19.
pub fn is_print(c: char) -> bool {
    let r = c as u32;
    PRINTABLE
        .binary_search_by(|&(lo, hi)| {
            if hi < r {
                core::cmp::Ordering::Less
            } else if lo > r {
                core::cmp::Ordering::Greater
            } else {
                core::cmp::Ordering::Equal
            }
        })
        .is_ok()
}

/// The `time` package's private `quote` (Go 1.19 time/format.go:800-834):
/// every byte of a non-ASCII rune, and every control byte, becomes `\xNN`.
pub(crate) fn time_quote(s: &str) -> String {
    let mut out = String::with_capacity(s.len() + 2);
    out.push('"');
    for c in s.chars() {
        if (c as u32) >= 0x80 || c < ' ' {
            let mut buf = [0u8; 4];
            for &byte in c.encode_utf8(&mut buf).as_bytes() {
                push_hex(&mut out, "\\x", u32::from(byte), 2);
            }
        } else {
            if c == '"' || c == '\\' {
                out.push('\\');
            }
            out.push(c);
        }
    }
    out.push('"');
    out
}

/// `fmt.Sprintf("%s", fields)` for a `[]string`: `[a b c]`.
pub(crate) fn format_string_slice(fields: &[&str]) -> String {
    format!("[{}]", fields.join(" "))
}

/// `strings.ToLower` restricted to what can matter when the result is
/// compared with an ASCII month or weekday name: Go lowercases rune by rune
/// with simple case mapping, so `U+0130` (İ) becomes a plain `i` and
/// `U+212A` (Kelvin sign) a plain `k`, unlike Rust's full mapping.
pub(crate) fn go_lower_for_ascii_match(s: &str) -> String {
    s.chars()
        .map(|c| match c {
            '\u{130}' => 'i',
            '\u{212a}' => 'k',
            _ => c.to_ascii_lowercase(),
        })
        .collect()
}

/// `strings.Fields`: split on Unicode white space (`unicode.IsSpace`, which
/// is the `White_Space` property, as Rust's `char::is_whitespace`).
pub(crate) fn fields(s: &str) -> Vec<&str> {
    s.split_whitespace().collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn atoi_matches_go() {
        assert_eq!(atoi("05"), Ok(5));
        assert_eq!(atoi("+5"), Ok(5));
        assert_eq!(atoi("-12"), Ok(-12));
        assert_eq!(atoi(""), Err(AtoiError::Syntax));
        assert_eq!(atoi("+"), Err(AtoiError::Syntax));
        assert_eq!(atoi("1_0"), Err(AtoiError::Syntax));
        assert_eq!(atoi("9223372036854775807"), Ok(i64::MAX));
        assert_eq!(atoi("9223372036854775808"), Err(AtoiError::Range));
        assert_eq!(atoi("-9223372036854775808"), Ok(i64::MIN));
        // Overflow is noticed before the trailing junk.
        assert_eq!(atoi("99999999999999999999x"), Err(AtoiError::Range));
        assert_eq!(atoi("999999999999999999x"), Err(AtoiError::Syntax));
    }

    #[test]
    fn quote_matches_go() {
        assert_eq!(quote("a\"b\\"), "\"a\\\"b\\\\\"");
        assert_eq!(quote("\u{1}\u{7f}\n"), "\"\\x01\\x7f\\n\"");
        assert_eq!(quote("é日"), "\"é日\"");
        assert_eq!(quote("\u{200b}"), "\"\\u200b\"");
        assert_eq!(quote("\u{e0001}"), "\"\\U000e0001\"");
        assert_eq!(time_quote("1é\"d"), "\"1\\xc3\\xa9\\\"d\"");
    }

    #[test]
    fn lower_uses_simple_case_mapping() {
        assert_eq!(go_lower_for_ascii_match("FR\u{130}"), "fri");
        assert_eq!(go_lower_for_ascii_match("Mon"), "mon");
    }
}
