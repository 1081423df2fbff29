//! resource.Quantity as the apiserver and kubectl read and print it (ParseQuantity, Add, Value,
//! MilliValue, String): the requests and limits of describe and of a pod's QoS class.

/// How a resource.Quantity prints: the suffix family it was written with.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Default)]
enum Format {
    #[default]
    DecimalSI,
    BinarySI,
    DecimalExponent,
}

/// A resource.Quantity: an exact value in nano-units (ParseQuantity rounds finer precision up to
/// 1n) and its format. Sums keep the first non-zero addend's format, as Quantity.Add does.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Default)]
pub struct Qty {
    nanos: i128,
    format: Format,
}

const NANO: i128 = 1_000_000_000;

impl Qty {
    /// resource.ParseQuantity; None where the apiserver would have rejected the string.
    pub fn parse(s: &str) -> Option<Qty> {
        let (negative, rest) = match s.as_bytes().first() {
            Some(b'-') => (true, &s[1..]),
            Some(b'+') => (false, &s[1..]),
            _ => (false, s),
        };
        let int_len = rest.bytes().take_while(u8::is_ascii_digit).count();
        let (int, after) = rest.split_at(int_len);
        let (frac, suffix) = match after.strip_prefix('.') {
            Some(a) => {
                let n = a.bytes().take_while(u8::is_ascii_digit).count();
                a.split_at(n)
            }
            None => ("", after),
        };
        if int.is_empty() && frac.is_empty() {
            return None;
        }
        let (format, ten_exp, two_exp): (Format, i32, u32) = match suffix {
            "" => (Format::DecimalSI, 0, 0),
            "n" => (Format::DecimalSI, -9, 0),
            "u" => (Format::DecimalSI, -6, 0),
            "m" => (Format::DecimalSI, -3, 0),
            "k" => (Format::DecimalSI, 3, 0),
            "M" => (Format::DecimalSI, 6, 0),
            "G" => (Format::DecimalSI, 9, 0),
            "T" => (Format::DecimalSI, 12, 0),
            "P" => (Format::DecimalSI, 15, 0),
            "E" => (Format::DecimalSI, 18, 0),
            "Ki" => (Format::BinarySI, 0, 10),
            "Mi" => (Format::BinarySI, 0, 20),
            "Gi" => (Format::BinarySI, 0, 30),
            "Ti" => (Format::BinarySI, 0, 40),
            "Pi" => (Format::BinarySI, 0, 50),
            "Ei" => (Format::BinarySI, 0, 60),
            e => {
                let digits = e.strip_prefix('e').or_else(|| e.strip_prefix('E'))?;
                let unsigned = digits.strip_prefix(['+', '-']).unwrap_or(digits);
                if unsigned.is_empty() || !unsigned.bytes().all(|b| b.is_ascii_digit()) {
                    return None;
                }
                (Format::DecimalExponent, digits.parse().ok()?, 0)
            }
        };
        let digits = format!("{int}{frac}");
        let digits = digits.trim_start_matches('0');
        if digits.len() > 30 {
            return None;
        }
        let mantissa: i128 = if digits.is_empty() { 0 } else { digits.parse().ok()? };
        // value = mantissa * 10^(ten_exp - frac.len()) * 2^two_exp, in nanos.
        // Checked: an exponent near i32's bounds is far beyond what 128 bits of nanos hold.
        let exp10 = ten_exp.checked_add(9)?.checked_sub(i32::try_from(frac.len()).ok()?)?;
        let mut num = mantissa.checked_mul(1i128.checked_shl(two_exp)?)?;
        let mut den: i128 = 1;
        if exp10 >= 0 {
            num = num.checked_mul(10i128.checked_pow(exp10 as u32)?)?;
        } else {
            den = 10i128.checked_pow(exp10.unsigned_abs())?;
        }
        let nanos = num.checked_add(den - 1)? / den;
        Some(Qty { nanos: if negative { -nanos } else { nanos }, format })
    }

    /// Quantity.Add: adding to a zero quantity takes the addend's format.
    pub fn add(&mut self, y: Qty) {
        if self.nanos == 0 {
            self.format = y.format;
        }
        self.nanos = self.nanos.saturating_add(y.nanos);
    }

    /// Quantity.Cmp: by value, whatever the formats.
    pub fn cmp_value(self, other: Qty) -> std::cmp::Ordering {
        self.nanos.cmp(&other.nanos)
    }

    /// Quantity.Value: whole units, rounded up.
    pub fn value(self) -> i64 {
        ceil_div(self.nanos, NANO)
    }

    /// Quantity.MilliValue: thousandths, rounded up.
    pub fn milli_value(self) -> i64 {
        ceil_div(self.nanos, 1_000_000)
    }
}

fn ceil_div(a: i128, b: i128) -> i64 {
    let q = a.div_euclid(b) + i128::from(a.rem_euclid(b) != 0);
    i64::try_from(q).unwrap_or(if q < 0 { i64::MIN } else { i64::MAX })
}

/// Quantity.String: the canonical form (`100m`, `1536Mi`, `2`), `0` for zero.
impl std::fmt::Display for Qty {
    fn fmt(&self, out: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        if self.nanos == 0 {
            return out.write_str("0");
        }
        let mut format = self.format;
        if format == Format::BinarySI && (self.nanos.abs() < 1024 * NANO || self.nanos % NANO != 0) {
            format = Format::DecimalSI;
        }
        if format == Format::BinarySI {
            let (mut v, mut e) = (self.nanos / NANO, 0usize);
            while v.abs() >= 1024 && v % 1024 == 0 && e < 6 {
                v /= 1024;
                e += 1;
            }
            return write!(out, "{v}{}", ["", "Ki", "Mi", "Gi", "Ti", "Pi", "Ei"][e]);
        }
        let (mut m, mut e) = (self.nanos, -9i32);
        while m % 10 == 0 {
            m /= 10;
            e += 1;
        }
        match e % 3 {
            1 | -2 => {
                m *= 10;
                e -= 1;
            }
            2 | -1 => {
                m *= 100;
                e -= 2;
            }
            _ => {}
        }
        let si = match e {
            -9 => Some("n"),
            -6 => Some("u"),
            -3 => Some("m"),
            0 => Some(""),
            3 => Some("k"),
            6 => Some("M"),
            9 => Some("G"),
            12 => Some("T"),
            15 => Some("P"),
            18 => Some("E"),
            _ => None,
        };
        match (format, si) {
            (_, _) if e == 0 => write!(out, "{m}"),
            (Format::DecimalSI, Some(s)) => write!(out, "{m}{s}"),
            _ => write!(out, "{m}e{e}"),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn canon(s: &str) -> String {
        Qty::parse(s).map(|q| q.to_string()).unwrap_or_else(|| "invalid".into())
    }

    #[test]
    fn quantities_print_in_go_canonical_form() {
        for (given, want) in [
            ("100m", "100m"),
            ("0.5", "500m"),
            ("1", "1"),
            ("1000m", "1"),
            ("1500m", "1500m"),
            ("1.5Gi", "1536Mi"),
            ("1024Mi", "1Gi"),
            ("128Mi", "128Mi"),
            ("100M", "100M"),
            ("1000k", "1M"),
            ("263112772Ki", "263112772Ki"),
            ("512", "512"),
            ("2048", "2048"),
            ("0", "0"),
            ("0Mi", "0"),
            ("1e3", "1e3"),
            ("0.0000000001", "1n"),
            ("12e", "invalid"),
            ("Mi", "invalid"),
        ] {
            assert_eq!(canon(given), want, "{given}");
        }
    }

    #[test]
    fn sums_keep_the_first_nonzero_format_and_values_round_up() {
        let mut q = Qty::parse("0").unwrap_or_default();
        q.add(Qty::parse("64Mi").unwrap_or_default());
        q.add(Qty::parse("100M").unwrap_or_default());
        assert_eq!(q.to_string(), "167108864");
        let mut c = Qty::parse("100m").unwrap_or_default();
        c.add(Qty::parse("1").unwrap_or_default());
        assert_eq!(c.to_string(), "1100m");
        assert_eq!(Qty::parse("1500m").unwrap_or_default().value(), 2);
        assert_eq!(Qty::parse("1").unwrap_or_default().milli_value(), 1000);
    }
}
