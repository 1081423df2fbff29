//! Text applets: head, tail, wc, tr, cut, seq, yes (grep, sort and uniq have their own files).
//! Where GNU coreutils (a workstation) words an error or lays out `wc` differently from
//! busybox, the applet follows the host's userland (`Cx::gnu`).

use super::{quote, read_input};
use crate::task::Cx;

/// Most lines `seq` and `yes` print (their output would be cut by the capture bound anyway).
pub const MAX_GENERATED_LINES: u64 = 100_000;

/// GNU's usage error tail: `Try 'TOOL --help' for more information.`
pub fn try_help(tool: &str) -> String {
    format!("Try '{tool} --help' for more information.\n")
}

fn inputs(cx: &mut Cx, applet: &str, files: &[String]) -> (Vec<(String, String)>, i32) {
    if files.is_empty() {
        return (vec![("(standard input)".into(), cx.io.stdin.clone())], 0);
    }
    let mut v = Vec::new();
    let mut st = 0;
    for f in files {
        match read_input(cx, applet, f) {
            Some(t) => v.push((f.clone(), t)),
            None => st = 1,
        }
    }
    (v, st)
}

/// head/tail: `-n N`, `-N`, `-c N`, tail's `-n +N`/`-c +N` (from the Nth on), head's `-n -N`/`-c -N`
/// (all but the last N), `-q`/`-v` (file headers), tail's `-f`/`-F` (ignored: input is finite here).
pub fn head_tail(cx: &mut Cx, args: &[String], head: bool) -> i32 {
    let applet = if head { "head" } else { "tail" };
    let (mut n, mut bytes, mut from_start, mut elide) = (10usize, false, false, false);
    let mut headers: Option<bool> = None;
    let mut files = Vec::new();
    let mut i = 0;
    while i < args.len() {
        let a = &args[i];
        i += 1;
        let (unit, v) = if a == "-n" || a == "-c" {
            let Some(v) = args.get(i) else {
                cx.err(&format!(
                    "{applet}: option requires an argument -- '{}'\n",
                    &a[1..]
                ));
                return 1;
            };
            i += 1;
            (&a[1..], v.clone())
        } else if let Some(v) = a.strip_prefix("-n").or_else(|| a.strip_prefix("-c")) {
            (&a[1..2], v.to_string())
        } else if a.len() > 1 && a.starts_with('-') && a[1..].chars().all(|c| c.is_ascii_digit()) {
            ("n", a[1..].to_string())
        } else {
            match a.as_str() {
                "-f" | "-F" => {}
                "-q" => headers = Some(false),
                "-v" => headers = Some(true),
                _ => files.push(a.clone()),
            }
            continue;
        };
        bytes = unit == "c";
        let (sign, digits) = match v.chars().next() {
            Some(c @ ('+' | '-')) => (Some(c), &v[1..]),
            _ => (None, v.as_str()),
        };
        from_start = !head && sign == Some('+');
        elide = head && sign == Some('-');
        match digits.parse::<usize>() {
            Ok(x) => n = x,
            Err(_) => {
                let m = if cx.gnu() {
                    let what = if bytes { "bytes" } else { "lines" };
                    format!("{applet}: invalid number of {what}: {}\n", quote(&v))
                } else {
                    format!("{applet}: invalid number '{v}'\n")
                };
                cx.err(&m);
                return 1;
            }
        }
    }
    let (ins, st) = inputs(cx, applet, &files);
    let multi = headers.unwrap_or(files.len() > 1);
    let mut out = String::new();
    for (k, (name, text)) in ins.iter().enumerate() {
        if multi {
            let name = if name == "-" || name == "(standard input)" && cx.gnu() {
                "standard input"
            } else {
                name
            };
            out.push_str(&format!(
                "{}==> {name} <==\n",
                if k > 0 { "\n" } else { "" }
            ));
        }
        // The part to print, as a range of bytes (`-c`) or of lines.
        let data = text.as_bytes();
        let starts: Vec<usize> = if bytes {
            Vec::new()
        } else {
            let mut v = vec![0];
            v.extend(
                data.iter()
                    .enumerate()
                    .filter(|(_, b)| **b == b'\n')
                    .map(|(i, _)| i + 1),
            );
            if v.last() != Some(&data.len()) {
                v.push(data.len());
            }
            v
        };
        let len = if bytes { data.len() } else { starts.len() - 1 };
        let (s, e) = match (head, elide, from_start) {
            (true, true, _) => (0, len.saturating_sub(n)),
            (true, false, _) => (0, n.min(len)),
            (false, _, true) => (n.saturating_sub(1).min(len), len),
            (false, _, false) => (len.saturating_sub(n), len),
        };
        let (s, e) = if bytes {
            (s, e)
        } else {
            (starts[s], starts[e])
        };
        out.push_str(&String::from_utf8_lossy(&data[s..e]));
    }
    cx.out(&out);
    st
}

/// `wc [-lwmcL] [FILE]...`. busybox pads every column to 7 unless one count of stdin is printed.
/// GNU coreutils pads every number to one width: 1 when a single count of a single input is
/// printed; otherwise the digits of the readable files' total size, and at least 7 when
/// standard input (a pipe here) is among the inputs. GNU prints lines, words,
/// characters, bytes, the longest line in that order, and a `total` line for several files
/// (whose `-L` is the longest of all).
pub fn wc(cx: &mut Cx, args: &[String]) -> i32 {
    let mut flags = String::new();
    let mut files = Vec::new();
    for a in args {
        if a.starts_with('-') && a.len() > 1 {
            flags.push_str(&a[1..]);
        } else {
            files.push(a.clone());
        }
    }
    if flags.is_empty() {
        flags = "lwc".into();
    }
    if cx.gnu() {
        return wc_gnu(cx, &flags, &files);
    }
    let (ins, st) = inputs(cx, "wc", &files);
    let mut out = String::new();
    let only_one = flags.len() == 1;
    for (name, text) in &ins {
        let mut cols = Vec::new();
        for f in ["l", "w", "c", "m"] {
            if flags.contains(f) {
                cols.push(count(text, f));
            }
        }
        // busybox pads to width 7 when several columns (or a file name) are printed.
        let line: Vec<String> = cols
            .iter()
            .map(|c| {
                if only_one && files.is_empty() {
                    c.to_string()
                } else {
                    format!("{c:>7}")
                }
            })
            .collect();
        out.push_str(&line.join(" "));
        if !files.is_empty() {
            out.push_str(&format!(" {name}"));
        }
        out.push('\n');
    }
    cx.out(&out);
    st
}

fn count(text: &str, what: &str) -> usize {
    match what {
        "l" => text.matches('\n').count(),
        "w" => text.split_whitespace().count(),
        "m" => text.chars().count(),
        // The widest line, tabs advancing to the next multiple of 8.
        "L" => text
            .lines()
            .map(|l| {
                l.chars()
                    .fold(0, |w, c| if c == '\t' { w + 8 - w % 8 } else { w + 1 })
            })
            .max()
            .unwrap_or(0),
        _ => text.len(),
    }
}

fn wc_gnu(cx: &mut Cx, flags: &str, files: &[String]) -> i32 {
    let cols: Vec<&str> = ["l", "w", "m", "c", "L"]
        .into_iter()
        .filter(|f| flags.contains(f))
        .collect();
    // (name printed after the counts, the text if it could be read, whether it is a regular file)
    let mut ins: Vec<(Option<String>, Option<String>, bool)> = Vec::new();
    let mut st = 0;
    if files.is_empty() {
        ins.push((None, Some(cx.io.stdin.clone()), false));
    }
    for f in files {
        let text = if f == "-" {
            Some(cx.io.stdin.clone())
        } else {
            match super::read_file(cx, f) {
                Ok(t) => Some(t),
                Err(e) => {
                    let m = super::open_error(cx, "wc", f, e);
                    cx.err(&m);
                    st = 1;
                    None
                }
            }
        };
        ins.push((Some(f.clone()), text, f != "-"));
    }
    let width = if ins.len() == 1 && cols.len() == 1 {
        1
    } else {
        let total: usize = ins
            .iter()
            .filter(|i| i.2)
            .filter_map(|i| i.1.as_ref())
            .map(String::len)
            .sum();
        let min = if ins.iter().any(|i| !i.2) { 7 } else { 1 };
        total.to_string().len().max(min)
    };
    let mut out = String::new();
    let mut totals = vec![0usize; cols.len()];
    let line = |out: &mut String, counts: &[usize], name: Option<&str>| {
        let nums: Vec<String> = counts.iter().map(|c| format!("{c:>width$}")).collect();
        out.push_str(&nums.join(" "));
        if let Some(n) = name {
            out.push(' ');
            out.push_str(n);
        }
        out.push('\n');
    };
    for (name, text, _) in &ins {
        let Some(text) = text else { continue };
        let counts: Vec<usize> = cols.iter().map(|f| count(text, f)).collect();
        for ((t, c), f) in totals.iter_mut().zip(&counts).zip(&cols) {
            *t = if *f == "L" { (*t).max(*c) } else { *t + c };
        }
        line(&mut out, &counts, name.as_deref());
    }
    if files.len() > 1 {
        line(&mut out, &totals, Some("total"));
    }
    cx.out(&out);
    st
}

fn expand_set(s: &str) -> Vec<char> {
    let mut s = s.to_string();
    for (class, ranges) in [
        ("[:lower:]", "a-z"),
        ("[:upper:]", "A-Z"),
        ("[:digit:]", "0-9"),
        ("[:alpha:]", "A-Za-z"),
        ("[:alnum:]", "0-9A-Za-z"),
        ("[:xdigit:]", "0-9A-Fa-f"),
        ("[:space:]", "\t-\r "),
        ("[:blank:]", "\t "),
        ("[:punct:]", "!-/:-@[-`{-~"),
        ("[:print:]", " -~"),
        ("[:graph:]", "!-~"),
        ("[:cntrl:]", "\0-\x1f\x7f"),
    ] {
        s = s.replace(class, ranges);
    }
    let (u, _) = super::util::unescape(&s);
    let c: Vec<char> = u.chars().collect();
    let mut o = Vec::new();
    let mut i = 0;
    while i < c.len() {
        if i + 2 < c.len() && c[i + 1] == '-' && c[i] <= c[i + 2] {
            let (lo, hi) = (c[i] as u32, c[i + 2] as u32);
            for x in lo..=hi.min(lo + 0x10000) {
                if let Some(ch) = char::from_u32(x) {
                    o.push(ch);
                }
            }
            i += 3;
        } else {
            o.push(c[i]);
            i += 1;
        }
    }
    o
}

/// `tr [-cds] SET1 [SET2]`: translate, delete (`-d`), squeeze repeats (`-s`), complement SET1 (`-c`).
pub fn tr(cx: &mut Cx, args: &[String]) -> i32 {
    let mut flags = String::new();
    let mut sets: Vec<&String> = Vec::new();
    for a in args {
        if sets.is_empty()
            && a.len() > 1
            && a.starts_with('-')
            && a[1..].chars().all(|c| "cCds".contains(c))
        {
            flags.push_str(&a[1..]);
        } else {
            sets.push(a);
        }
    }
    let (del, squeeze, comp) = (
        flags.contains('d'),
        flags.contains('s'),
        flags.contains(['c', 'C']),
    );
    let gnu = cx.gnu();
    let usage = |cx: &mut Cx, first: String, second: &str| {
        if gnu {
            cx.err(&format!("tr: {first}\n{second}{}", try_help("tr")));
        } else {
            cx.err(&format!("tr: {first}\n"));
        }
        1
    };
    let Some(s1) = sets.first() else {
        return usage(cx, "missing operand".into(), "");
    };
    let wanted = if del && !squeeze || !del && squeeze && sets.len() == 1 {
        1
    } else {
        2
    };
    if gnu && sets.len() < wanted {
        let why = if del {
            "deleting and squeezing repeats"
        } else {
            "translating"
        };
        let hint = format!("Two strings must be given when {why}.\n");
        return usage(cx, format!("missing operand after {}", quote(s1)), &hint);
    }
    if gnu && sets.len() > wanted {
        let hint = if del && !squeeze {
            "Only one string may be given when deleting without squeezing repeats.\n"
        } else {
            ""
        };
        return usage(cx, format!("extra operand {}", quote(sets[wanted])), hint);
    }
    let a = expand_set(s1);
    let b = sets.get(1).map(|s| expand_set(s)).unwrap_or_default();
    let in_a = |ch: char| a.contains(&ch) != comp;
    // With -d, SET2 (if any) is only for squeezing.
    let translate = !del && !b.is_empty();
    let mut out = String::new();
    let mut last: Option<char> = None;
    for ch in cx.io.stdin.clone().chars() {
        let mapped = if del && in_a(ch) {
            None
        } else if translate && in_a(ch) {
            let p = if comp {
                usize::MAX
            } else {
                a.iter().position(|x| *x == ch).unwrap_or(0)
            };
            Some(*b.get(p).or(b.last()).unwrap_or(&ch))
        } else {
            Some(ch)
        };
        if let Some(m) = mapped {
            // -s squeezes characters of the last set given.
            let squeezable = if b.is_empty() {
                in_a(m)
            } else {
                b.contains(&m)
            };
            if squeeze && last == Some(m) && squeezable {
                continue;
            }
            out.push(m);
            last = Some(m);
        }
    }
    cx.out(&out);
    0
}

/// `cut -f LIST [-d C] [-s]` or `-c LIST`/`-b LIST` (bytes are characters here).
pub fn cut(cx: &mut Cx, args: &[String]) -> i32 {
    let mut delim = '\t';
    let mut fields = String::new();
    let mut chars = String::new();
    let mut only_delimited = false;
    let mut files = Vec::new();
    let gnu = cx.gnu();
    let fail = |cx: &mut Cx, msg: &str| {
        if gnu {
            cx.err(&format!("cut: {msg}\n{}", try_help("cut")));
        } else {
            cx.err(&format!("cut: {msg}\n"));
        }
        1
    };
    let mut i = 0;
    while i < args.len() {
        let a = &args[i];
        let mut take = |flag: &str| -> Option<String> {
            if a == flag {
                i += 1;
                args.get(i).cloned()
            } else {
                a.strip_prefix(flag).map(|s| s.to_string())
            }
        };
        if let Some(d) = take("-d") {
            if gnu && d.chars().count() > 1 {
                return fail(cx, "the delimiter must be a single character");
            }
            delim = d.chars().next().unwrap_or('\0');
        } else if let Some(f) = take("-f") {
            fields = f;
        } else if let Some(c) = take("-c").or_else(|| take("-b")) {
            chars = c;
        } else if a == "-s" {
            only_delimited = true;
        } else {
            files.push(a.clone());
        }
        i += 1;
    }
    if gnu && fields.is_empty() && chars.is_empty() {
        return fail(
            cx,
            "you must specify a list of bytes, characters, or fields",
        );
    }
    let spec = if fields.is_empty() { &chars } else { &fields };
    let mut ranges = Vec::new();
    for part in spec.split(',') {
        let (lo, hi) = match part.split_once('-') {
            Some((l, h)) => (l.parse().unwrap_or(1), h.parse().unwrap_or(usize::MAX)),
            None => {
                let v = part.parse().unwrap_or(0);
                (v, v)
            }
        };
        if lo == 0 {
            let msg = match (gnu, fields.is_empty()) {
                (false, _) => "fields and positions are numbered from 1",
                (true, true) => "byte/character positions are numbered from 1",
                (true, false) => "fields are numbered from 1",
            };
            return fail(cx, msg);
        }
        ranges.push((lo, hi));
    }
    let want = |k: usize| ranges.iter().any(|(l, h)| *l <= k && k <= *h);
    let (ins, st) = inputs(cx, "cut", &files);
    let mut out = String::new();
    for (_, text) in &ins {
        for line in text.lines() {
            if fields.is_empty() {
                out.extend(
                    line.chars()
                        .enumerate()
                        .filter(|(k, _)| want(k + 1))
                        .map(|(_, c)| c),
                );
            } else if !line.contains(delim) {
                if only_delimited {
                    continue;
                }
                out.push_str(line);
            } else {
                let picked: Vec<&str> = line
                    .split(delim)
                    .enumerate()
                    .filter(|(k, _)| want(k + 1))
                    .map(|(_, f)| f)
                    .collect();
                out.push_str(&picked.join(&delim.to_string()));
            }
            out.push('\n');
        }
    }
    cx.out(&out);
    st
}

pub fn seq(cx: &mut Cx, args: &[String]) -> i32 {
    if cx.gnu() {
        return seq_gnu(cx, args);
    }
    let nums: Vec<i64> = args.iter().filter_map(|a| a.parse().ok()).collect();
    if nums.len() != args.len() || nums.is_empty() || nums.len() > 3 {
        cx.err("seq: invalid arguments\n");
        return 1;
    }
    let (first, step, last) = match nums.as_slice() {
        [l] => (1, 1, *l),
        [f, l] => (*f, 1, *l),
        [f, s, l] => (*f, *s, *l),
        _ => (1, 1, 0),
    };
    if step == 0 {
        return 1;
    }
    let mut out = String::new();
    let mut v = first;
    let mut n = 0;
    while (step > 0 && v <= last) || (step < 0 && v >= last) {
        n += 1;
        if n > MAX_GENERATED_LINES {
            break;
        }
        out.push_str(&format!("{v}\n"));
        v = v.saturating_add(step);
    }
    cx.out(&out);
    0
}

/// GNU seq: `-s SEP`, `-w`, negative and decimal operands (printed with the precision of FIRST
/// and INCREMENT, as GNU does for plain decimals), and GNU's error words.
fn seq_gnu(cx: &mut Cx, args: &[String]) -> i32 {
    let usage = |cx: &mut Cx, msg: String| {
        cx.err(&format!("seq: {msg}\n{}", try_help("seq")));
        1
    };
    let (mut sep, mut width) = ("\n".to_string(), false);
    let mut operands: Vec<&String> = Vec::new();
    let mut it = args.iter();
    while let Some(a) = it.next() {
        let numeric = a.len() > 1 && a.starts_with('-') && a[1..].starts_with(|c: char| c.is_ascii_digit() || c == '.');
        if !operands.is_empty() || numeric || !a.starts_with('-') || a == "-" {
            operands.push(a);
        } else if a == "-w" || a == "--equal-width" {
            width = true;
        } else if a == "-s" || a == "--separator" {
            match it.next() {
                Some(v) => sep = v.clone(),
                None => return usage(cx, "option requires an argument -- 's'".into()),
            }
        } else if let Some(v) = a.strip_prefix("--separator=").or_else(|| a.strip_prefix("-s")) {
            sep = v.to_string();
        } else {
            let bad = a.trim_start_matches('-').chars().next().unwrap_or('-');
            return usage(cx, format!("invalid option -- '{bad}'"));
        }
    }
    match operands.len() {
        0 => return usage(cx, "missing operand".into()),
        4.. => return usage(cx, format!("extra operand {}", quote(operands[3]))),
        _ => {}
    }
    let mut nums = Vec::new();
    for o in &operands {
        match decimal(o) {
            Some(n) => nums.push(n),
            None => return usage(cx, format!("invalid floating point argument: {}", quote(o))),
        }
    }
    let (first, step, last) = match nums.as_slice() {
        [l] => ((1, 0), (1, 0), *l),
        [f, l] => (*f, (1, 0), *l),
        [f, s, l] => (*f, *s, *l),
        _ => return 1,
    };
    let scale = first.1.max(step.1);
    let up = |(v, p): (i128, u32)| v.saturating_mul(10i128.pow(scale.saturating_sub(p).min(30)));
    let (f, s, l) = (up(first), up(step), up(last));
    if s == 0 {
        return usage(cx, format!("invalid Zero increment value: {}", quote(operands[1])));
    }
    let show = |v: i128| {
        let digits = v.unsigned_abs().to_string();
        let digits = format!("{digits:0>w$}", w = scale as usize + 1);
        let (int, frac) = digits.split_at(digits.len() - scale as usize);
        let sign = if v < 0 { "-" } else { "" };
        if scale == 0 { format!("{sign}{int}") } else { format!("{sign}{int}.{frac}") }
    };
    let mut items = Vec::new();
    let mut v = f;
    while (s > 0 && v <= l || s < 0 && v >= l) && (items.len() as u64) < MAX_GENERATED_LINES {
        items.push(show(v));
        v = v.saturating_add(s);
    }
    if width {
        let w = items.iter().map(String::len).max().unwrap_or(0);
        for i in &mut items {
            let (sign, rest) = if let Some(r) = i.strip_prefix('-') { ("-", r.to_string()) } else { ("", i.clone()) };
            *i = format!("{sign}{rest:0>n$}", n = w - sign.len());
        }
    }
    if !items.is_empty() {
        cx.out(&format!("{}\n", items.join(&sep)));
    }
    0
}

/// A plain decimal as (digits without the point, digits after it): `-1.25` is (-125, 2).
fn decimal(s: &str) -> Option<(i128, u32)> {
    let t = s.trim_start().strip_prefix('+').unwrap_or(s.trim_start());
    let (neg, t) = match t.strip_prefix('-') {
        Some(r) => (true, r),
        None => (false, t),
    };
    let (int, frac) = t.split_once('.').unwrap_or((t, ""));
    if int.is_empty() && frac.is_empty() || !int.chars().chain(frac.chars()).all(|c| c.is_ascii_digit()) || int.len() + frac.len() > 30 {
        return None;
    }
    let v: i128 = format!("{int}{frac}").parse().unwrap_or(0);
    Some((if neg { -v } else { v }, frac.len() as u32))
}

pub fn yes(cx: &mut Cx, args: &[String]) -> i32 {
    let word = if args.is_empty() {
        "y".to_string()
    } else {
        args.join(" ")
    };
    let mut out = String::new();
    for _ in 0..MAX_GENERATED_LINES {
        out.push_str(&word);
        out.push('\n');
    }
    cx.out(&out);
    0
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sets_expand_classes_and_ranges() {
        assert_eq!(expand_set("a-c"), vec!['a', 'b', 'c']);
        assert_eq!(expand_set("[:digit:]").len(), 10);
        assert_eq!(expand_set("[:alnum:]").len(), 62);
        assert_eq!(expand_set("\\n"), vec!['\n']);
    }
}
