//! `sort [-bfnru] [-t SEP] [-k KEY]... [FILE]...` and `uniq [-cdiu] [FILE]`.
//!
//! Keys follow GNU sort (busybox's agree): without `-t` a field is a run of non-blanks together
//! with the blanks before it, so `-k2` on aligned `kubectl get` columns compares leading blanks
//! too; `-k2,2` ends at the end of field 2; lines whose keys are equal compare as whole lines
//! (unless `-u`). Text compares byte by byte, as `LC_ALL=C sort` does: the collation of a UTF-8
//! locale (which would ignore punctuation and case at first) is not modelled.

use super::{quote, read_input};
use crate::task::Cx;
use std::cmp::Ordering;

#[derive(Debug, Clone, Default, PartialEq)]
struct Order {
    numeric: bool,
    reverse: bool,
    fold: bool,
    blanks: bool,
}

impl Order {
    fn any(&self) -> bool {
        *self != Order::default()
    }
}

#[derive(Debug, Clone)]
struct Key {
    /// 0-based field and character offset where the key starts.
    sword: usize,
    schar: usize,
    /// 0-based end field (`None`: end of line) and 1-based end character (0: end of the field).
    eword: Option<usize>,
    echar: usize,
    order: Order,
}

fn is_blank(b: u8) -> bool {
    b == b' ' || b == b'\t'
}

/// Parses `F[.C][OPTS][,F[.C][OPTS]]`; Err is GNU's complaint.
fn parse_key(spec: &str) -> Result<Key, String> {
    let bad = || {
        format!(
            "invalid number at field start: invalid count at start of {}",
            quote(spec)
        )
    };
    let (start, end) = match spec.split_once(',') {
        Some((s, e)) => (s, Some(e)),
        None => (spec, None),
    };
    let split = |s: &str| -> (String, String, String) {
        let digits: String = s.chars().take_while(|c| c.is_ascii_digit()).collect();
        let rest = &s[digits.len()..];
        let (chars, opts) = match rest.strip_prefix('.') {
            Some(r) => {
                let c: String = r.chars().take_while(|c| c.is_ascii_digit()).collect();
                (c.clone(), r[c.len()..].to_string())
            }
            None => (String::new(), rest.to_string()),
        };
        (digits, chars, opts)
    };
    let mut order = Order::default();
    let mut opts = |o: &str| -> Result<(), String> {
        for c in o.chars() {
            match c {
                'n' => order.numeric = true,
                'r' => order.reverse = true,
                'f' => order.fold = true,
                'b' => order.blanks = true,
                _ => {
                    return Err(format!(
                        "stray character in field spec: invalid field specification {}",
                        quote(spec)
                    ))
                }
            }
        }
        Ok(())
    };
    let (f, c, o) = split(start);
    let sword: usize = f.parse().map_err(|_| bad())?;
    if sword == 0 {
        return Err(format!(
            "field number is zero: invalid field specification {}",
            quote(spec)
        ));
    }
    let schar: usize = if c.is_empty() {
        1
    } else {
        c.parse().map_err(|_| bad())?
    };
    if schar == 0 {
        return Err(format!(
            "character offset is zero: invalid field specification {}",
            quote(spec)
        ));
    }
    opts(&o)?;
    let (mut eword, mut echar) = (None, 0);
    if let Some(e) = end {
        let (f, c, o) = split(e);
        let w: usize = f.parse().map_err(|_| {
            format!(
                "invalid number after ',': invalid count at start of {}",
                quote(e)
            )
        })?;
        if w == 0 {
            return Err(format!(
                "field number is zero: invalid field specification {}",
                quote(spec)
            ));
        }
        eword = Some(w - 1);
        echar = if c.is_empty() {
            0
        } else {
            c.parse().unwrap_or(0)
        };
        opts(&o)?;
    }
    Ok(Key {
        sword: sword - 1,
        schar: schar - 1,
        eword,
        echar,
        order,
    })
}

/// The bytes of `line` that `key` selects (GNU's begfield/limfield).
fn key_of<'a>(line: &'a [u8], key: &Key, tab: Option<u8>, blanks: bool) -> &'a [u8] {
    let lim = line.len();
    let skip_fields = |mut p: usize, mut n: usize, into_next: bool| {
        while p < lim && n > 0 {
            n -= 1;
            match tab {
                Some(t) => {
                    while p < lim && line[p] != t {
                        p += 1;
                    }
                    if p < lim && (n > 0 || into_next) {
                        p += 1;
                    }
                }
                None => {
                    while p < lim && is_blank(line[p]) {
                        p += 1;
                    }
                    while p < lim && !is_blank(line[p]) {
                        p += 1;
                    }
                }
            }
        }
        p
    };
    let mut beg = skip_fields(0, key.sword, true);
    if blanks || key.order.blanks {
        while beg < lim && is_blank(line[beg]) {
            beg += 1;
        }
    }
    beg = (beg + key.schar).min(lim);
    let end = match key.eword {
        None => lim,
        Some(w) if key.echar == 0 => skip_fields(0, w + 1, false),
        Some(w) => {
            let mut p = skip_fields(0, w, true);
            if key.order.blanks {
                while p < lim && is_blank(line[p]) {
                    p += 1;
                }
            }
            (p + key.echar).min(lim)
        }
    };
    &line[beg..end.max(beg)]
}

/// The leading number of `s` (blanks skipped, optional `-`, digits, fraction); 0 when none.
fn number(s: &[u8]) -> f64 {
    let s = String::from_utf8_lossy(s);
    let t = s.trim_start_matches([' ', '\t']);
    let mut end = 0;
    let mut seen_dot = false;
    for (i, c) in t.char_indices() {
        let ok = c.is_ascii_digit() || c == '-' && i == 0 || c == '.' && !seen_dot;
        if !ok {
            break;
        }
        seen_dot |= c == '.';
        end = i + c.len_utf8();
    }
    t[..end].parse().unwrap_or(0.0)
}

fn compare(a: &[u8], b: &[u8], o: &Order) -> Ordering {
    let ord = if o.numeric {
        number(a).partial_cmp(&number(b)).unwrap_or(Ordering::Equal)
    } else if o.fold {
        a.iter()
            .map(u8::to_ascii_uppercase)
            .cmp(b.iter().map(u8::to_ascii_uppercase))
    } else {
        a.cmp(b)
    };
    if o.reverse {
        ord.reverse()
    } else {
        ord
    }
}

pub fn sort(cx: &mut Cx, args: &[String]) -> i32 {
    let mut global = Order::default();
    let mut unique = false;
    let mut tab: Option<u8> = None;
    let mut keys: Vec<Key> = Vec::new();
    let mut files = Vec::new();
    let fail = |cx: &mut Cx, msg: String| {
        cx.err(&format!("sort: {msg}\n"));
        2
    };
    let mut i = 0;
    while i < args.len() {
        let a = &args[i];
        i += 1;
        if a == "-" || !a.starts_with('-') {
            files.push(a.clone());
            continue;
        }
        let chars: Vec<char> = a[1..].chars().collect();
        let mut k = 0;
        while k < chars.len() {
            let ch = chars[k];
            k += 1;
            match ch {
                'k' | 't' => {
                    let v: String = if k < chars.len() {
                        chars[k..].iter().collect()
                    } else if let Some(v) = args.get(i) {
                        i += 1;
                        v.clone()
                    } else {
                        return fail(cx, format!("option requires an argument -- '{ch}'"));
                    };
                    k = chars.len();
                    if ch == 't' {
                        if v.len() != 1 {
                            return fail(cx, format!("multi-character tab {}", quote(&v)));
                        }
                        tab = v.bytes().next();
                    } else {
                        match parse_key(&v) {
                            Ok(key) => keys.push(key),
                            Err(e) => return fail(cx, e),
                        }
                    }
                }
                'n' => global.numeric = true,
                'r' => global.reverse = true,
                'f' => global.fold = true,
                'b' => global.blanks = true,
                'u' => unique = true,
                _ => return fail(cx, format!("invalid option -- '{ch}'")),
            }
        }
    }
    // sort reads every input before it writes anything; an unreadable file is fatal.
    let mut text = String::new();
    if files.is_empty() {
        text = cx.io.stdin.clone();
    }
    for f in &files {
        match read_input(cx, "sort", f) {
            Some(t) => {
                text.push_str(&t);
                if !t.is_empty() && !t.ends_with('\n') {
                    text.push('\n');
                }
            }
            None => return 2,
        }
    }
    // A key without ordering options of its own takes the global ones.
    for k in &mut keys {
        if !k.order.any() {
            k.order = global.clone();
        }
    }
    let by_keys = |a: &str, b: &str| -> Ordering {
        if keys.is_empty() {
            let (a, b) = (a.as_bytes(), b.as_bytes());
            let lead = |x: &[u8]| {
                if global.blanks {
                    x.iter().take_while(|c| is_blank(**c)).count()
                } else {
                    0
                }
            };
            return compare(&a[lead(a)..], &b[lead(b)..], &global);
        }
        for k in &keys {
            let o = compare(
                key_of(a.as_bytes(), k, tab, false),
                key_of(b.as_bytes(), k, tab, false),
                &k.order,
            );
            if o != Ordering::Equal {
                return o;
            }
        }
        Ordering::Equal
    };
    let mut lines: Vec<&str> = text.lines().collect();
    lines.sort_by(|a, b| {
        by_keys(a, b).then_with(|| {
            if unique {
                Ordering::Equal
            } else if global.reverse {
                b.as_bytes().cmp(a.as_bytes())
            } else {
                a.as_bytes().cmp(b.as_bytes())
            }
        })
    });
    if unique {
        lines.dedup_by(|b, a| by_keys(a, b) == Ordering::Equal);
    }
    let mut out = String::new();
    for l in lines {
        out.push_str(l);
        out.push('\n');
    }
    cx.out(&out);
    0
}

/// `uniq [-c] [-d|-u] [-i] [FILE]`: adjacent equal lines once; `-c` counts as `%7d `.
pub fn uniq(cx: &mut Cx, args: &[String]) -> i32 {
    let flags: String = args
        .iter()
        .filter(|a| a.len() > 1 && a.starts_with('-'))
        .flat_map(|a| a[1..].chars())
        .collect();
    let (count, dups, singles, icase) = (
        flags.contains('c'),
        flags.contains('d'),
        flags.contains('u'),
        flags.contains('i'),
    );
    let files: Vec<String> = args
        .iter()
        .filter(|a| !a.starts_with('-') || a.len() == 1)
        .cloned()
        .collect();
    let text = match files.first() {
        None => cx.io.stdin.clone(),
        Some(f) => match read_input(cx, "uniq", f) {
            Some(t) => t,
            None => return 1,
        },
    };
    let same = |a: &str, b: &str| {
        if icase {
            a.eq_ignore_ascii_case(b)
        } else {
            a == b
        }
    };
    let mut out = String::new();
    let mut flush = |line: &str, n: usize| {
        if dups && n < 2 || singles && n > 1 {
            return;
        }
        if count {
            out.push_str(&format!("{n:>7} {line}\n"));
        } else {
            out.push_str(line);
            out.push('\n');
        }
    };
    let mut prev: Option<(&str, usize)> = None;
    for l in text.lines() {
        match &mut prev {
            Some((s, n)) if same(s, l) => *n += 1,
            _ => {
                if let Some((s, n)) = prev {
                    flush(s, n);
                }
                prev = Some((l, 1));
            }
        }
    }
    if let Some((s, n)) = prev {
        flush(s, n);
    }
    cx.out(&out);
    0
}

#[cfg(test)]
mod tests {
    use super::*;

    fn key(spec: &str, line: &str) -> String {
        let k = parse_key(spec).unwrap();
        String::from_utf8_lossy(key_of(line.as_bytes(), &k, None, false)).into_owned()
    }

    #[test]
    fn keys_as_gnu_sort_cuts_them() {
        let line = "web-1   1/1   Running";
        assert_eq!(
            key("2", line),
            "   1/1   Running",
            "leading blanks belong to the field"
        );
        assert_eq!(key("2,2", line), "   1/1");
        assert_eq!(key("2b,2", line), "1/1");
        assert_eq!(key("3", line), "   Running");
        assert_eq!(key("1.5,1", line), "1");
        let k = parse_key("2,2").unwrap();
        assert_eq!(key_of(b"a:b:c", &k, Some(b':'), false), b"b");
        assert!(parse_key("0").unwrap_err().contains("field number is zero"));
        assert_eq!(number(b"  -12.5kB"), -12.5);
        assert_eq!(number(b"x"), 0.0);
    }
}
