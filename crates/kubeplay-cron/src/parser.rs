//! Port of robfig/cron v3.0.1 `parser.go` as used by `ParseStandard`
//! (`Minute | Hour | Dom | Month | Dow | Descriptor`).
//!
//! Every branch, the order of the checks and every error text follow the
//! Go source; line numbers below refer to v3.0.1's parser.go.

use crate::duration::parse_duration;
use crate::gostr::{atoi, fields, format_string_slice, go_lower_for_ascii_match};
use crate::spec::{Kind, Spec, STAR_BIT};
use crate::zone::{load_location, Location};

/// Why robfig's `ParseStandard` rejected a spec. `Display` is robfig's exact
/// message, e.g. `expected exactly 5 fields, found 1: [xyz]`.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ParseError {
    message: String,
}

impl ParseError {
    fn new(message: String) -> ParseError {
        ParseError { message }
    }

    /// True for a `TZ=`/`CRON_TZ=` prefix with no space after it, where
    /// robfig v3.0.1 panics (`spec[eq+1:-1]`) instead of returning an error.
    #[must_use]
    pub fn is_robfig_panic(&self) -> bool {
        self.message == PANIC_MESSAGE
    }
}

impl core::fmt::Display for ParseError {
    fn fmt(&self, f: &mut core::fmt::Formatter<'_>) -> core::fmt::Result {
        f.write_str(&self.message)
    }
}

impl std::error::Error for ParseError {}

/// The Go runtime's text for robfig's out-of-range slice (parser.go:99).
const PANIC_MESSAGE: &str = "runtime error: slice bounds out of range [:-1]";

/// Field bounds and names (spec.go:21-49).
struct Bounds {
    min: u64,
    max: u64,
    names: &'static [(&'static str, u64)],
}

const SECONDS: Bounds = Bounds {
    min: 0,
    max: 59,
    names: &[],
};
const MINUTES: Bounds = Bounds {
    min: 0,
    max: 59,
    names: &[],
};
const HOURS: Bounds = Bounds {
    min: 0,
    max: 23,
    names: &[],
};
const DOM: Bounds = Bounds {
    min: 1,
    max: 31,
    names: &[],
};
const MONTHS: Bounds = Bounds {
    min: 1,
    max: 12,
    names: &[
        ("jan", 1),
        ("feb", 2),
        ("mar", 3),
        ("apr", 4),
        ("may", 5),
        ("jun", 6),
        ("jul", 7),
        ("aug", 8),
        ("sep", 9),
        ("oct", 10),
        ("nov", 11),
        ("dec", 12),
    ],
};
const DOW: Bounds = Bounds {
    min: 0,
    max: 6,
    names: &[
        ("sun", 0),
        ("mon", 1),
        ("tue", 2),
        ("wed", 3),
        ("thu", 4),
        ("fri", 5),
        ("sat", 6),
    ],
};

type Parsed = (Kind, Location);

/// `Parser.Parse` with the standard options (parser.go:88-153).
pub(crate) fn parse_standard(spec: &str) -> Result<Parsed, ParseError> {
    if spec.is_empty() {
        return Err(ParseError::new("empty spec string".to_string()));
    }
    let (spec, loc) = split_time_zone(spec)?;
    if spec.starts_with('@') {
        return parse_descriptor(spec).map(|kind| (kind, loc));
    }
    let fields = fields(spec);
    if fields.len() != 5 {
        // normalizeFields, parser.go:185-190 (min == max == 5).
        let list = format_string_slice(&fields);
        let msg = format!(
            "expected exactly 5 fields, found {}: {}",
            fields.len(),
            list
        );
        return Err(ParseError::new(msg));
    }
    // The seconds field is absent from the standard spec and defaults to "0".
    let spec = Spec {
        second: get_field("0", &SECONDS)?,
        minute: get_field(fields[0], &MINUTES)?,
        hour: get_field(fields[1], &HOURS)?,
        dom: get_field(fields[2], &DOM)?,
        month: get_field(fields[3], &MONTHS)?,
        dow: get_field(fields[4], &DOW)?,
    };
    Ok((Kind::Spec(spec), loc))
}

/// The `TZ=`/`CRON_TZ=` prefix (parser.go:93-103): the zone name runs from
/// the first `=` to the first ASCII space; the rest is trimmed.
fn split_time_zone(spec: &str) -> Result<(&str, Location), ParseError> {
    if !(spec.starts_with("TZ=") || spec.starts_with("CRON_TZ=")) {
        return Ok((spec, Location::Local));
    }
    let Some(space) = spec.find(' ') else {
        return Err(ParseError::new(PANIC_MESSAGE.to_string()));
    };
    let eq = spec.find('=').unwrap_or(0);
    let name = &spec[eq + 1..space];
    let loc = load_location(name)
        .map_err(|e| ParseError::new(format!("provided bad location {name}: {e}")))?;
    Ok((spec[space..].trim(), loc))
}

/// `getField` (parser.go:236-247): a comma list; empty elements are dropped
/// by `strings.FieldsFunc`, so `1,,2` is `1,2` and `,` has no bits at all.
fn get_field(field: &str, r: &Bounds) -> Result<u64, ParseError> {
    let mut bits = 0;
    for expr in field.split(',').filter(|e| !e.is_empty()) {
        bits |= get_range(expr, r)?;
    }
    Ok(bits)
}

/// `getRange` (parser.go:252-318): `number | number "-" number ["/" number]`
/// plus `*`/`?`, which set the star bit unless a step > 1 follows.
fn get_range(expr: &str, r: &Bounds) -> Result<u64, ParseError> {
    let range_and_step: Vec<&str> = expr.split('/').collect();
    let low_and_high: Vec<&str> = range_and_step[0].split('-').collect();
    let single = low_and_high.len() == 1;
    let (start, mut end, mut extra) = parse_low_high(expr, &low_and_high, r)?;
    let step = match range_and_step.len() {
        1 => 1,
        2 => {
            let step = must_parse_int(range_and_step[1])?;
            if single {
                end = r.max; // "N/step" means "N-max/step" (parser.go:293-296)
            }
            if step > 1 {
                extra = 0; // a real step clears the star bit (parser.go:297-299)
            }
            step
        }
        _ => return Err(ParseError::new(format!("too many slashes: {expr}"))),
    };
    check_range(expr, start, end, step, r)?;
    Ok(get_bits(start, end, step) | extra)
}

/// The part before the `/`: `*`/`?` (only the first `-` part is looked at,
/// so `*-5` is `*`), a single value, or `a-b`. Returns (start, end, star).
fn parse_low_high(expr: &str, parts: &[&str], r: &Bounds) -> Result<(u64, u64, u64), ParseError> {
    if parts[0] == "*" || parts[0] == "?" {
        return Ok((r.min, r.max, STAR_BIT));
    }
    let start = parse_int_or_name(parts[0], r)?;
    match parts.len() {
        1 => Ok((start, start, 0)),
        2 => Ok((start, parse_int_or_name(parts[1], r)?, 0)),
        _ => Err(ParseError::new(format!("too many hyphens: {expr}"))),
    }
}

/// The bound checks, in robfig's order (parser.go:304-315).
fn check_range(expr: &str, start: u64, end: u64, step: u64, r: &Bounds) -> Result<(), ParseError> {
    let msg = if start < r.min {
        format!(
            "beginning of range ({start}) below minimum ({}): {expr}",
            r.min
        )
    } else if end > r.max {
        format!("end of range ({end}) above maximum ({}): {expr}", r.max)
    } else if start > end {
        format!("beginning of range ({start}) beyond end of range ({end}): {expr}")
    } else if step == 0 {
        format!("step of range should be a positive number: {expr}")
    } else {
        return Ok(());
    };
    Err(ParseError::new(msg))
}

/// `parseIntOrName` (parser.go:321-328): names match after `strings.ToLower`.
fn parse_int_or_name(expr: &str, r: &Bounds) -> Result<u64, ParseError> {
    if !r.names.is_empty() {
        let lower = go_lower_for_ascii_match(expr);
        if let Some(&(_, value)) = r.names.iter().find(|(name, _)| *name == lower) {
            return Ok(value);
        }
    }
    must_parse_int(expr)
}

/// `mustParseInt` (parser.go:331-341): `strconv.Atoi`, so `+5` and `05` are
/// fine and negatives are refused.
fn must_parse_int(expr: &str) -> Result<u64, ParseError> {
    let num = atoi(expr).map_err(|e| {
        ParseError::new(format!(
            "failed to parse int from {expr}: {}",
            e.message(expr)
        ))
    })?;
    if num < 0 {
        return Err(ParseError::new(format!(
            "negative number ({num}) not allowed: {expr}"
        )));
    }
    Ok(num as u64)
}

/// `getBits` (parser.go:344-357): bits start..=end every `step`.
fn get_bits(start: u64, end: u64, step: u64) -> u64 {
    let mut bits = 0u64;
    let mut i = start;
    while i <= end {
        bits |= 1 << i; // end <= 59 was checked by the caller
        match i.checked_add(step) {
            Some(next) => i = next,
            None => break,
        }
    }
    bits
}

/// `all` (parser.go:360-362): every value plus the star bit.
fn all(r: &Bounds) -> u64 {
    get_bits(r.min, r.max, 1) | STAR_BIT
}

/// `parseDescriptor` (parser.go:365-434): exact, case-sensitive names.
fn parse_descriptor(descriptor: &str) -> Result<Kind, ParseError> {
    let first = |r: &Bounds| 1u64 << r.min;
    let spec = |dom, month, dow, hour| Spec {
        second: first(&SECONDS),
        minute: first(&MINUTES),
        hour,
        dom,
        month,
        dow,
    };
    let midnight = first(&HOURS);
    let kind = match descriptor {
        "@yearly" | "@annually" => spec(first(&DOM), first(&MONTHS), all(&DOW), midnight),
        "@monthly" => spec(first(&DOM), all(&MONTHS), all(&DOW), midnight),
        "@weekly" => spec(all(&DOM), all(&MONTHS), first(&DOW), midnight),
        "@daily" | "@midnight" => spec(all(&DOM), all(&MONTHS), all(&DOW), midnight),
        "@hourly" => spec(all(&DOM), all(&MONTHS), all(&DOW), all(&HOURS)),
        _ => return parse_every(descriptor),
    };
    Ok(Kind::Spec(kind))
}

/// `@every <duration>` (parser.go:424-431) and `Every` (constantdelay.go:14-21):
/// below one second becomes one second; sub-second parts are dropped.
fn parse_every(descriptor: &str) -> Result<Kind, ParseError> {
    let Some(text) = descriptor.strip_prefix("@every ") else {
        return Err(ParseError::new(format!(
            "unrecognized descriptor: {descriptor}"
        )));
    };
    let nanos = parse_duration(text)
        .map_err(|e| ParseError::new(format!("failed to parse duration {descriptor}: {e}")))?;
    const SECOND: i64 = 1_000_000_000;
    let nanos = nanos.max(SECOND);
    Ok(Kind::Every {
        delay_nanos: nanos - nanos % SECOND,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn spec_of(expr: &str) -> Spec {
        match parse_standard(expr).unwrap().0 {
            Kind::Spec(s) => s,
            Kind::Every { .. } => panic!("not a spec: {expr}"),
        }
    }

    #[test]
    fn star_bit_rules() {
        assert_ne!(spec_of("* * * * *").dom & STAR_BIT, 0);
        assert_ne!(spec_of("0 0 */1 * *").dom & STAR_BIT, 0);
        assert_ne!(spec_of("0 0 *,5 * *").dom & STAR_BIT, 0);
        assert_eq!(spec_of("0 0 */2 * *").dom & STAR_BIT, 0);
        assert_eq!(spec_of("0 0 1-31 * *").dom & STAR_BIT, 0);
        assert_eq!(spec_of("0 0 * * ?/2").dow & STAR_BIT, 0);
    }

    #[test]
    fn quirky_syntax_accepted() {
        assert_eq!(spec_of("*-5 * * * *").minute, spec_of("* * * * *").minute);
        assert_eq!(spec_of("+5 * * * *").minute, 1 << 5);
        assert_eq!(spec_of("1,,2 * * * *").minute, 0b110);
        assert_eq!(spec_of(", * * * *").minute, 0);
        assert_eq!(spec_of("*/61 * * * *").minute, 1);
        assert_eq!(spec_of("0 0 * * 1/2").dow, 0b10_1010);
        assert_eq!(spec_of("0 0 * * SUN/3").dow, 0b100_1001);
        assert_eq!(spec_of("0 0 * * fr\u{130}").dow, 1 << 5);
    }

    #[test]
    fn tz_prefix_without_space_is_robfigs_panic() {
        let err = parse_standard("TZ=UTC").unwrap_err();
        assert!(err.is_robfig_panic());
        assert!(parse_standard("TZ=UTC\t@daily")
            .unwrap_err()
            .is_robfig_panic());
        // The zone name runs to the first space, tabs included.
        let err = parse_standard("TZ=UTC\t0 0 * * *").unwrap_err().to_string();
        assert_eq!(
            err,
            "provided bad location UTC\t0: unknown time zone UTC\t0"
        );
    }

    #[test]
    fn tz_prefix_errors() {
        let err = parse_standard("TZ=Nowhere/Land 0 0 * * *").unwrap_err();
        assert_eq!(
            err.to_string(),
            "provided bad location Nowhere/Land: unknown time zone Nowhere/Land"
        );
        let err = parse_standard("TZ=a..b 0 0 * * *").unwrap_err();
        assert_eq!(
            err.to_string(),
            "provided bad location a..b: time: invalid location name"
        );
        let err = parse_standard("TZ=UTC ").unwrap_err();
        assert_eq!(err.to_string(), "expected exactly 5 fields, found 0: []");
    }

    #[test]
    fn every_rounds_and_clamps() {
        let every = |e: &str| match parse_standard(e).unwrap().0 {
            Kind::Every { delay_nanos } => delay_nanos,
            Kind::Spec(_) => panic!("not @every"),
        };
        assert_eq!(every("@every 500ms"), 1_000_000_000);
        assert_eq!(every("@every -1h"), 1_000_000_000);
        assert_eq!(every("@every 1.5s"), 1_000_000_000);
        assert_eq!(every("@every 2h45m30.5s"), 9_930_000_000_000);
    }

    #[test]
    fn error_texts() {
        let err = |e: &str| parse_standard(e).unwrap_err().to_string();
        assert_eq!(err("@daily "), "unrecognized descriptor: @daily ");
        assert_eq!(
            err(" @daily"),
            "expected exactly 5 fields, found 1: [@daily]"
        );
        assert_eq!(
            err("99999999999999999999 * * * *"),
            "failed to parse int from 99999999999999999999: strconv.Atoi: parsing \
             \"99999999999999999999\": value out of range"
        );
        assert_eq!(
            err("\u{200b} * * * *"),
            "failed to parse int from \u{200b}: strconv.Atoi: parsing \"\\u200b\": invalid syntax"
        );
        assert_eq!(
            err("x-y * * * *"),
            "failed to parse int from x: strconv.Atoi: parsing \"x\": invalid syntax"
        );
        assert_eq!(err("1-2-3 * * * *"), "too many hyphens: 1-2-3");
    }
}
