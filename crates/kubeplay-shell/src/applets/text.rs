//! Text applets: grep (a small regex engine: anchors, `.`, classes, `*`, and `+ ? |` with -E),
//! head, tail, wc, tr, cut, sort, uniq, seq, yes.

use super::read_input;
use crate::task::Cx;

/// Most lines `seq` and `yes` print (their output would be cut by the capture bound anyway).
pub const MAX_GENERATED_LINES: u64 = 100_000;
/// Matching steps one regex match may take before it gives up (no match).
const MAX_REGEX_STEPS: u32 = 1_000_000;

#[derive(Debug, Clone)]
enum Atom {
    Ch(char),
    Any,
    Class(bool, Vec<(char, char)>),
    Start,
    End,
}

#[derive(Debug, Clone)]
struct Piece {
    atom: Atom,
    min: u32,
    max: u32,
}

pub struct Regex {
    alts: Vec<Vec<Piece>>,
    icase: bool,
}

impl Regex {
    /// `extended`: `+ ? |` are operators (grep -E); otherwise `\+ \? \|` are.
    pub fn new(pat: &str, extended: bool, icase: bool) -> Regex {
        let c: Vec<char> = pat.chars().collect();
        let mut alts: Vec<Vec<Piece>> = vec![Vec::new()];
        let mut i = 0;
        while i < c.len() {
            let (is_op, ch) = if c[i] == '\\' && i + 1 < c.len() {
                i += 1;
                (!extended && "+?|".contains(c[i]), c[i])
            } else {
                (
                    extended && "+?|".contains(c[i]) || "*^$.[".contains(c[i]),
                    c[i],
                )
            };
            let cur = alts.last_mut().expect("alts is never empty");
            if is_op {
                match ch {
                    '|' => {
                        alts.push(Vec::new());
                        i += 1;
                        continue;
                    }
                    '*' | '+' | '?' if !cur.is_empty() => {
                        let last = cur.last_mut().expect("checked non-empty");
                        match ch {
                            '*' => {
                                last.min = 0;
                                last.max = u32::MAX
                            }
                            '+' => last.max = u32::MAX,
                            _ => last.min = 0,
                        }
                        i += 1;
                        continue;
                    }
                    '^' if cur.is_empty() => {
                        cur.push(Piece {
                            atom: Atom::Start,
                            min: 1,
                            max: 1,
                        });
                        i += 1;
                        continue;
                    }
                    '$' if i + 1 == c.len() || (extended && c.get(i + 1) == Some(&'|')) => {
                        cur.push(Piece {
                            atom: Atom::End,
                            min: 1,
                            max: 1,
                        });
                        i += 1;
                        continue;
                    }
                    '.' => {
                        cur.push(Piece {
                            atom: Atom::Any,
                            min: 1,
                            max: 1,
                        });
                        i += 1;
                        continue;
                    }
                    '[' => {
                        let mut j = i + 1;
                        let mut neg = false;
                        if j < c.len() && c[j] == '^' {
                            neg = true;
                            j += 1;
                        }
                        let mut items = Vec::new();
                        let mut first = true;
                        while j < c.len() && (c[j] != ']' || first) {
                            first = false;
                            if c[j] == '[' && c.get(j + 1) == Some(&':') {
                                if let Some(end) = (j + 2..c.len().saturating_sub(1))
                                    .find(|&k| c[k] == ':' && c[k + 1] == ']')
                                {
                                    let name: String = c[j + 2..end].iter().collect();
                                    items.extend(named_class(&name));
                                    j = end + 2;
                                    continue;
                                }
                            }
                            if j + 2 < c.len() && c[j + 1] == '-' && c[j + 2] != ']' {
                                items.push((c[j], c[j + 2]));
                                j += 3;
                            } else {
                                items.push((c[j], c[j]));
                                j += 1;
                            }
                        }
                        cur.push(Piece {
                            atom: Atom::Class(neg, items),
                            min: 1,
                            max: 1,
                        });
                        i = j + 1;
                        continue;
                    }
                    _ => {}
                }
            }
            cur.push(Piece {
                atom: Atom::Ch(ch),
                min: 1,
                max: 1,
            });
            i += 1;
        }
        Regex { alts, icase }
    }

    fn atom_ok(&self, a: &Atom, t: &[char], i: usize) -> bool {
        let Some(&ch) = t.get(i) else { return false };
        let (ch_l, eq) = (ch.to_ascii_lowercase(), |x: char, y: char| {
            if self.icase {
                x.eq_ignore_ascii_case(&y)
            } else {
                x == y
            }
        });
        match a {
            Atom::Ch(x) => eq(*x, ch),
            Atom::Any => true,
            Atom::Class(neg, items) => {
                let hit = items.iter().any(|(lo, hi)| {
                    (*lo <= ch && ch <= *hi) || (self.icase && *lo <= ch_l && ch_l <= *hi)
                });
                hit != *neg
            }
            _ => false,
        }
    }

    fn m(&self, ps: &[Piece], t: &[char], i: usize, steps: &mut u32) -> Option<usize> {
        *steps += 1;
        if *steps > MAX_REGEX_STEPS {
            return None;
        }
        let Some(p) = ps.first() else { return Some(i) };
        match p.atom {
            Atom::Start => {
                return if i == 0 {
                    self.m(&ps[1..], t, i, steps)
                } else {
                    None
                }
            }
            Atom::End => {
                return if i == t.len() {
                    self.m(&ps[1..], t, i, steps)
                } else {
                    None
                }
            }
            _ => {}
        }
        let mut n = 0u32;
        while n < p.max && self.atom_ok(&p.atom, t, i + n as usize) {
            n += 1;
        }
        loop {
            if n < p.min {
                return None;
            }
            if let Some(e) = self.m(&ps[1..], t, i + n as usize, steps) {
                return Some(e);
            }
            if n == 0 {
                return None;
            }
            n -= 1;
        }
    }

    /// Whether the regex matches anywhere in `s`.
    pub fn is_match(&self, s: &str) -> bool {
        let t: Vec<char> = s.chars().collect();
        let mut steps = 0;
        (0..=t.len()).any(|st| {
            self.alts
                .iter()
                .any(|a| self.m(a, &t, st, &mut steps).is_some())
        })
    }

    /// Length of an anchored match at the start (for `expr STR : RE`).
    pub fn match_len(&self, s: &str) -> Option<usize> {
        let t: Vec<char> = s.chars().collect();
        let mut steps = 0;
        self.alts
            .iter()
            .filter_map(|a| self.m(a, &t, 0, &mut steps))
            .max()
    }
}

fn named_class(name: &str) -> Vec<(char, char)> {
    match name {
        "digit" => vec![('0', '9')],
        "alpha" => vec![('a', 'z'), ('A', 'Z')],
        "alnum" => vec![('a', 'z'), ('A', 'Z'), ('0', '9')],
        "upper" => vec![('A', 'Z')],
        "lower" => vec![('a', 'z')],
        "space" => vec![(' ', ' '), ('\t', '\r')],
        "xdigit" => vec![('0', '9'), ('a', 'f'), ('A', 'F')],
        "punct" => vec![('!', '/'), (':', '@'), ('[', '`'), ('{', '~')],
        _ => Vec::new(),
    }
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

pub fn grep(cx: &mut Cx, args: &[String]) -> i32 {
    let (
        mut inv,
        mut icase,
        mut count,
        mut quiet,
        mut ext,
        mut names_only,
        mut number,
        mut fixed,
        mut word,
    ) = (
        false, false, false, false, false, false, false, false, false,
    );
    let mut pats: Vec<String> = Vec::new();
    let mut files = Vec::new();
    let mut i = 0;
    while i < args.len() {
        let a = &args[i];
        if a == "-e" {
            if let Some(p) = args.get(i + 1) {
                pats.push(p.clone());
            }
            i += 2;
            continue;
        }
        if a.starts_with('-') && a.len() > 1 && files.is_empty() {
            for ch in a[1..].chars() {
                match ch {
                    'v' => inv = true,
                    'i' => icase = true,
                    'c' => count = true,
                    'q' | 's' => quiet |= ch == 'q',
                    'E' => ext = true,
                    'l' => names_only = true,
                    'n' => number = true,
                    'F' => fixed = true,
                    'w' => word = true,
                    _ => {
                        cx.err(&format!("grep: unrecognized option: {ch}\n"));
                        return 2;
                    }
                }
            }
        } else if pats.is_empty() {
            pats.push(a.clone());
        } else {
            files.push(a.clone());
        }
        i += 1;
    }
    if pats.is_empty() {
        cx.err("BusyBox v1.36.1 (2023-06-02 00:42:02 UTC) multi-call binary.\n\nUsage: grep [-HhnlLoqvsrRiwFE] [-m N] [-A|B|C N] { PATTERN | -e PATTERN... | -f FILE... } [FILE]...\n");
        return 2;
    }
    // -F: the pattern is literal text; -w is accepted and not modelled.
    let _ = word;
    let res: Vec<Regex> = pats
        .iter()
        .map(|p| {
            let p = if fixed { regex_escape(p) } else { p.clone() };
            Regex::new(&p, ext, icase)
        })
        .collect();
    let (ins, mut st_err) = inputs(cx, "grep", &files);
    let multi = ins.len() > 1;
    let mut any = false;
    let mut out = String::new();
    for (name, text) in &ins {
        let mut n = 0;
        for (ln, line) in text.lines().enumerate() {
            let hit = res.iter().any(|r| r.is_match(line)) != inv;
            if hit {
                n += 1;
                any = true;
                if !count && !quiet && !names_only {
                    if multi {
                        out.push_str(&format!("{name}:"));
                    }
                    if number {
                        out.push_str(&format!("{}:", ln + 1));
                    }
                    out.push_str(line);
                    out.push('\n');
                }
            }
        }
        if count && !quiet {
            if multi {
                out.push_str(&format!("{name}:"));
            }
            out.push_str(&format!("{n}\n"));
        }
        if names_only && n > 0 && !quiet {
            out.push_str(&format!("{name}\n"));
        }
    }
    if quiet && any {
        st_err = 0;
    }
    cx.out(&out);
    if st_err != 0 && !(quiet && any) {
        return 2;
    }
    if any {
        0
    } else {
        1
    }
}

fn regex_escape(s: &str) -> String {
    let mut o = String::new();
    for c in s.chars() {
        if "\\.[]*^$+?|".contains(c) {
            o.push('\\');
        }
        o.push(c);
    }
    o
}

/// head/tail `-n N`, `-N`, `-n +N` (tail from line N).
pub fn head_tail(cx: &mut Cx, args: &[String], head: bool) -> i32 {
    let applet = if head { "head" } else { "tail" };
    let mut n: usize = 10;
    let mut from_start = false;
    let mut files = Vec::new();
    let mut i = 0;
    while i < args.len() {
        let a = &args[i];
        let val = if a == "-n" {
            i += 1;
            args.get(i).cloned()
        } else if let Some(v) = a.strip_prefix("-n") {
            Some(v.to_string())
        } else if a.len() > 1 && a.starts_with('-') && a[1..].chars().all(|c| c.is_ascii_digit()) {
            Some(a[1..].to_string())
        } else if a == "-f" || a == "-F" {
            None
        } else {
            files.push(a.clone());
            None
        };
        if let Some(v) = val {
            let v2 = v.strip_prefix('+');
            from_start = v2.is_some();
            match v2.unwrap_or(&v).trim_start_matches('-').parse::<usize>() {
                Ok(x) => n = x,
                Err(_) => {
                    cx.err(&format!("{applet}: invalid number '{v}'\n"));
                    return 1;
                }
            }
        }
        i += 1;
    }
    let (ins, st) = inputs(cx, applet, &files);
    let multi = ins.len() > 1;
    let mut out = String::new();
    for (k, (name, text)) in ins.iter().enumerate() {
        if multi {
            out.push_str(&format!(
                "{}==> {name} <==\n",
                if k > 0 { "\n" } else { "" }
            ));
        }
        let lines: Vec<&str> = text.split_inclusive('\n').collect();
        let pick: &[&str] = if head {
            &lines[..n.min(lines.len())]
        } else if from_start {
            &lines[n.saturating_sub(1).min(lines.len())..]
        } else {
            &lines[lines.len().saturating_sub(n)..]
        };
        for l in pick {
            out.push_str(l);
        }
    }
    cx.out(&out);
    st
}

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
    let (ins, st) = inputs(cx, "wc", &files);
    let mut out = String::new();
    let only_one = flags.len() == 1;
    for (name, text) in &ins {
        let mut cols = Vec::new();
        for f in ["l", "w", "c", "m"] {
            if flags.contains(f) {
                cols.push(match f {
                    "l" => text.matches('\n').count(),
                    "w" => text.split_whitespace().count(),
                    "m" => text.chars().count(),
                    _ => text.len(),
                });
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

fn expand_set(s: &str) -> Vec<char> {
    let s = s
        .replace("[:lower:]", "a-z")
        .replace("[:upper:]", "A-Z")
        .replace("[:digit:]", "0-9")
        .replace("[:space:]", " \t\n\r");
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

pub fn tr(cx: &mut Cx, args: &[String]) -> i32 {
    let (del, squeeze) = (
        args.iter().any(|a| a == "-d"),
        args.iter().any(|a| a == "-s"),
    );
    let sets: Vec<&String> = args
        .iter()
        .filter(|a| !a.starts_with('-') || a.len() == 1)
        .collect();
    let Some(s1) = sets.first() else {
        cx.err("tr: missing operand\n");
        return 1;
    };
    let a = expand_set(s1);
    let b = sets.get(1).map(|s| expand_set(s)).unwrap_or_default();
    let mut out = String::new();
    let mut last: Option<char> = None;
    for ch in cx.io.stdin.clone().chars() {
        let mapped = match a.iter().position(|x| *x == ch) {
            Some(_) if del => None,
            Some(p) if !b.is_empty() => Some(*b.get(p).unwrap_or(b.last().unwrap_or(&ch))),
            _ => Some(ch),
        };
        if let Some(m) = mapped {
            if squeeze && last == Some(m) && (b.contains(&m) || (b.is_empty() && a.contains(&m))) {
                continue;
            }
            out.push(m);
            last = Some(m);
        }
    }
    cx.out(&out);
    0
}

pub fn cut(cx: &mut Cx, args: &[String]) -> i32 {
    let mut delim = '\t';
    let mut fields = String::new();
    let mut chars = String::new();
    let mut files = Vec::new();
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
            delim = d.chars().next().unwrap_or('\t');
        } else if let Some(f) = take("-f") {
            fields = f;
        } else if let Some(c) = take("-c") {
            chars = c;
        } else {
            files.push(a.clone());
        }
        i += 1;
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
            cx.err("cut: fields and positions are numbered from 1\n");
            return 1;
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

pub fn sort(cx: &mut Cx, args: &[String]) -> i32 {
    let (rev, num, uniq) = (
        args.iter().any(|a| a.starts_with('-') && a.contains('r')),
        args.iter().any(|a| a.starts_with('-') && a.contains('n')),
        args.iter().any(|a| a.starts_with('-') && a.contains('u')),
    );
    let files: Vec<String> = args
        .iter()
        .filter(|a| !a.starts_with('-'))
        .cloned()
        .collect();
    let (ins, st) = inputs(cx, "sort", &files);
    let mut lines: Vec<String> = ins
        .iter()
        .flat_map(|(_, t)| t.lines().map(|l| l.to_string()))
        .collect();
    if num {
        let key = |s: &str| {
            s.trim()
                .split(|c: char| !c.is_ascii_digit() && c != '-')
                .next()
                .and_then(|n| n.parse::<i64>().ok())
                .unwrap_or(0)
        };
        lines.sort_by(|a, b| key(a).cmp(&key(b)).then_with(|| a.cmp(b)));
    } else {
        lines.sort();
    }
    if rev {
        lines.reverse();
    }
    if uniq {
        lines.dedup();
    }
    let mut out = String::new();
    for l in lines {
        out.push_str(&l);
        out.push('\n');
    }
    cx.out(&out);
    st
}

pub fn uniq(cx: &mut Cx, args: &[String]) -> i32 {
    let count = args.iter().any(|a| a == "-c");
    let files: Vec<String> = args
        .iter()
        .filter(|a| !a.starts_with('-'))
        .cloned()
        .collect();
    let (ins, st) = inputs(cx, "uniq", &files);
    let mut out = String::new();
    let mut prev: Option<(String, usize)> = None;
    let flush = |out: &mut String, p: &(String, usize)| {
        if count {
            out.push_str(&format!("{:>7} {}\n", p.1, p.0));
        } else {
            out.push_str(&format!("{}\n", p.0));
        }
    };
    for (_, t) in &ins {
        for l in t.lines() {
            match &mut prev {
                Some((s, n)) if s == l => *n += 1,
                _ => {
                    if let Some(p) = &prev {
                        flush(&mut out, p);
                    }
                    prev = Some((l.to_string(), 1));
                }
            }
        }
    }
    if let Some(p) = &prev {
        flush(&mut out, p);
    }
    cx.out(&out);
    st
}

pub fn seq(cx: &mut Cx, args: &[String]) -> i32 {
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
    fn regex_subset() {
        assert!(Regex::new("^[^*]", false, false).is_match("abc"));
        assert!(!Regex::new("^[^*]", false, false).is_match("*bc"));
        assert!(Regex::new("a.c$", false, false).is_match("xxabc"));
        assert!(Regex::new("ab*c", false, false).is_match("ac"));
        assert!(Regex::new("ab+c", true, false).is_match("abbc"));
        assert!(!Regex::new("ab+c", true, false).is_match("ac"));
        assert!(Regex::new("foo|bar", true, false).is_match("xbar"));
        assert!(Regex::new("HELLO", false, true).is_match("say hello"));
        assert!(Regex::new("[[:digit:]]+", true, false).is_match("a1"));
        assert_eq!(
            Regex::new("^[a-z]*", false, false).match_len("abc1"),
            Some(3)
        );
    }

    #[test]
    fn regex_is_bounded() {
        let s = "a".repeat(3000);
        assert!(!Regex::new("a*a*a*a*a*b", false, false).is_match(&s));
    }
}
