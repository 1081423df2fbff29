//! `base64 [-d] [-i] [-w COLS] [FILE]`: encode (wrapped at 76 columns, `-w 0` for one line with
//! no newline at all) or decode (`-d`, newlines ignored), as `kubectl get secret -o jsonpath=…`
//! output is decoded. busybox 1.36 and GNU coreutils encode alike; they differ on bad input to
//! `-d`: GNU writes what it decoded up to the bad character and stops with `base64: invalid
//! input`, busybox skips characters outside the alphabet and only complains about an
//! incomplete end (`base64: truncated input`).

use super::{quote, read_input};
use crate::task::Cx;

const ALPHABET: &[u8; 64] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";

pub fn encode(data: &[u8]) -> String {
    let mut out = String::with_capacity(data.len().div_ceil(3) * 4);
    for chunk in data.chunks(3) {
        let b = [
            chunk[0],
            *chunk.get(1).unwrap_or(&0),
            *chunk.get(2).unwrap_or(&0),
        ];
        let n = (u32::from(b[0]) << 16) | (u32::from(b[1]) << 8) | u32::from(b[2]);
        for k in 0..4 {
            if k <= chunk.len() {
                out.push(char::from(ALPHABET[(n >> (18 - 6 * k)) as usize & 63]));
            } else {
                out.push('=');
            }
        }
    }
    out
}

fn sextet(c: u8) -> Option<u32> {
    ALPHABET.iter().position(|a| *a == c).map(|p| p as u32)
}

/// Decodes `text`; Err carries what was decoded before the input went wrong, and the message.
pub fn decode(
    text: &str,
    gnu: bool,
    ignore_garbage: bool,
) -> Result<Vec<u8>, (Vec<u8>, &'static str)> {
    let mut out = Vec::new();
    let mut quad: Vec<u32> = Vec::new();
    let mut pad = 0;
    // Bytes the sextets gathered so far make (2 → 1, 3 → 2).
    let flush = |quad: &[u32], out: &mut Vec<u8>| {
        let n = quad
            .iter()
            .enumerate()
            .fold(0u32, |n, (k, s)| n | (s << (18 - 6 * k)));
        for k in 0..quad.len().saturating_sub(1) {
            out.push((n >> (16 - 8 * k)) as u8);
        }
    };
    for &c in text.as_bytes() {
        if c == b'\n' {
            continue;
        }
        if c == b'=' && quad.len() + pad >= 2 {
            pad += 1;
            if quad.len() + pad == 4 {
                flush(&quad, &mut out);
                quad.clear();
                pad = 0;
            }
            continue;
        }
        match sextet(c) {
            Some(s) if pad == 0 => {
                quad.push(s);
                if quad.len() == 4 {
                    flush(&quad, &mut out);
                    quad.clear();
                }
            }
            _ if !gnu || ignore_garbage => {}
            _ => {
                flush(&quad, &mut out);
                return Err((out, "invalid input"));
            }
        }
    }
    if quad.is_empty() && pad == 0 {
        return Ok(out);
    }
    if gnu {
        flush(&quad, &mut out);
        Err((out, "invalid input"))
    } else {
        Err((out, "truncated input"))
    }
}

pub fn base64(cx: &mut Cx, args: &[String]) -> i32 {
    let (mut decoding, mut ignore, mut wrap) = (false, false, 76usize);
    let mut files: Vec<String> = Vec::new();
    let mut i = 0;
    while i < args.len() {
        let a = &args[i];
        i += 1;
        if a == "-" || !a.starts_with('-') {
            files.push(a.clone());
            continue;
        }
        let chars: Vec<char> = a[1..].chars().collect();
        for (k, ch) in chars.iter().enumerate() {
            match ch {
                'd' => decoding = true,
                'i' => ignore = true,
                'w' => {
                    let v: String = if k + 1 < chars.len() {
                        chars[k + 1..].iter().collect()
                    } else if let Some(v) = args.get(i) {
                        i += 1;
                        v.clone()
                    } else {
                        cx.err("base64: option requires an argument -- 'w'\n");
                        return 1;
                    };
                    match v.parse() {
                        Ok(n) => wrap = n,
                        Err(_) if cx.gnu() => {
                            cx.err(&format!("base64: invalid wrap size: {}\n", quote(&v)));
                            return 1;
                        }
                        Err(_) => {
                            cx.err(&format!("base64: invalid number '{v}'\n"));
                            return 1;
                        }
                    }
                    break;
                }
                c => {
                    cx.err(&format!("base64: invalid option -- '{c}'\n"));
                    return 1;
                }
            }
        }
    }
    if files.len() > 1 {
        if cx.gnu() {
            let m = format!(
                "base64: extra operand {}\n{}",
                quote(&files[1]),
                super::text::try_help("base64")
            );
            cx.err(&m);
        } else {
            cx.err("BusyBox v1.36.1 (2023-06-02 00:42:02 UTC) multi-call binary.\n\nUsage: base64 [-d] [-w COL] [FILE]\n");
        }
        return 1;
    }
    let text = match files.first() {
        None => cx.io.stdin.clone(),
        Some(f) => match read_input(cx, "base64", f) {
            Some(t) => t,
            None => return 1,
        },
    };
    if decoding {
        return match decode(&text, cx.gnu(), ignore) {
            Ok(bytes) => {
                cx.out(&String::from_utf8_lossy(&bytes));
                0
            }
            Err((bytes, why)) => {
                cx.out(&String::from_utf8_lossy(&bytes));
                cx.err(&format!("base64: {why}\n"));
                1
            }
        };
    }
    let enc = encode(text.as_bytes());
    let mut out = String::with_capacity(enc.len() + enc.len() / 76 + 1);
    if wrap == 0 {
        out.push_str(&enc);
    } else {
        for line in enc.as_bytes().chunks(wrap) {
            out.push_str(&String::from_utf8_lossy(line));
            out.push('\n');
        }
    }
    cx.out(&out);
    0
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn round_trips_and_bad_input() {
        assert_eq!(encode(b""), "");
        assert_eq!(encode(b"a"), "YQ==");
        assert_eq!(encode(b"ab"), "YWI=");
        assert_eq!(encode(b"kiamol"), "a2lhbW9s");
        assert_eq!(decode("a2lh\nbW9s\n", true, false).unwrap(), b"kiamol");
        assert_eq!(decode("YQ==", true, false).unwrap(), b"a");
        assert_eq!(decode("YWI=", false, false).unwrap(), b"ab");
        assert_eq!(
            decode("YWI", true, false).unwrap_err(),
            (b"ab".to_vec(), "invalid input")
        );
        assert_eq!(
            decode("YW*I", true, false).unwrap_err(),
            (b"a".to_vec(), "invalid input")
        );
        assert_eq!(
            decode("YW*I=", false, false).unwrap(),
            b"ab",
            "busybox skips what is not base64"
        );
        assert_eq!(
            decode("YWI", false, false).unwrap_err().1,
            "truncated input"
        );
        assert_eq!(decode("Y W I =", true, true).unwrap(), b"ab");
    }
}
