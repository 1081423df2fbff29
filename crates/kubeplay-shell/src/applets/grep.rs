//! `grep`: patterns (BRE, `-E`, `-F`, several `-e`), `-i -v -w -x`, `-c -l -L -q -s -o -m N`,
//! `-n -h -H`, and context `-A -B -C N` (`-NUM`) with `--` between groups. Busybox and GNU
//! grep print the same lines; they word their errors differently.

use super::regex::{Regex, Whole};
use crate::task::Cx;

#[derive(Default)]
struct Opts {
    invert: bool,
    icase: bool,
    count: bool,
    quiet: bool,
    silent: bool,
    ext: bool,
    fixed: bool,
    names: bool,
    names_without: bool,
    number: bool,
    only: bool,
    whole: Option<Whole>,
    /// -H (Some(true)) or -h (Some(false)); otherwise by the number of files.
    with_name: Option<bool>,
    max: Option<u64>,
    after: Option<usize>,
    before: Option<usize>,
    context: Option<usize>,
}

const BUSYBOX_USAGE: &str = "BusyBox v1.36.1 (2023-06-02 00:42:02 UTC) multi-call binary.\n\nUsage: grep [-HhnlLoqvsrRiwFE] [-m N] [-A|B|C N] { PATTERN | -e PATTERN... | -f FILE... } [FILE]...\n";
const GNU_USAGE: &str =
    "Usage: grep [OPTION]... PATTERNS [FILE]...\nTry 'grep --help' for more information.\n";

fn bad_number(cx: &mut Cx, opt: char, v: &str) -> i32 {
    let m = if !cx.gnu() {
        format!("grep: invalid number '{v}'\n")
    } else if opt == 'm' {
        "grep: invalid max count\n".to_string()
    } else {
        format!("grep: {v}: invalid context length argument\n")
    };
    cx.err(&m);
    2
}

pub fn grep(cx: &mut Cx, args: &[String]) -> i32 {
    let mut o = Opts::default();
    let mut pats: Option<Vec<String>> = None;
    let mut operands: Vec<String> = Vec::new();
    let mut i = 0;
    let mut opts_done = false;
    while i < args.len() {
        let a = &args[i];
        i += 1;
        if opts_done
            || a == "-"
            || !a.starts_with('-')
            || operands.len() > usize::from(pats.is_none())
        {
            operands.push(a.clone());
            continue;
        }
        if a == "--" {
            opts_done = true;
            continue;
        }
        let chars: Vec<char> = a[1..].chars().collect();
        let mut k = 0;
        while k < chars.len() {
            let ch = chars[k];
            k += 1;
            if ch.is_ascii_digit() {
                let digits: String = chars[k - 1..]
                    .iter()
                    .take_while(|c| c.is_ascii_digit())
                    .collect();
                k += digits.len() - 1;
                o.context = Some(digits.parse().unwrap_or(usize::MAX));
                continue;
            }
            if matches!(ch, 'e' | 'f' | 'm' | 'A' | 'B' | 'C') {
                let v: String = if k < chars.len() {
                    chars[k..].iter().collect()
                } else if i < args.len() {
                    i += 1;
                    args[i - 1].clone()
                } else {
                    cx.err(&format!("grep: option requires an argument -- '{ch}'\n"));
                    cx.err(if cx.gnu() { GNU_USAGE } else { BUSYBOX_USAGE });
                    return 2;
                };
                k = chars.len();
                match ch {
                    'e' => pats.get_or_insert_with(Vec::new).push(v),
                    'f' => match super::read_input(cx, "grep", &v) {
                        Some(text) => pats
                            .get_or_insert_with(Vec::new)
                            .extend(text.lines().map(str::to_string)),
                        None => return 2,
                    },
                    _ => {
                        let Ok(n) = v.parse::<u64>() else {
                            return bad_number(cx, ch, &v);
                        };
                        let n_us = usize::try_from(n).unwrap_or(usize::MAX);
                        match ch {
                            'm' => o.max = Some(n),
                            'A' => o.after = Some(n_us),
                            'B' => o.before = Some(n_us),
                            _ => o.context = Some(n_us),
                        }
                    }
                }
                continue;
            }
            match ch {
                'v' => o.invert = true,
                'i' | 'y' => o.icase = true,
                'c' => o.count = true,
                'q' => o.quiet = true,
                's' => o.silent = true,
                'E' => o.ext = true,
                'F' => o.fixed = true,
                'G' => (o.ext, o.fixed) = (false, false),
                'l' => o.names = true,
                'L' => o.names_without = true,
                'n' => o.number = true,
                'o' => o.only = true,
                'w' => o.whole = Some(Whole::Word),
                'x' => o.whole = Some(Whole::Line),
                'h' => o.with_name = Some(false),
                'H' => o.with_name = Some(true),
                _ => {
                    cx.err(&format!("grep: unrecognized option: {ch}\n"));
                    cx.err(BUSYBOX_USAGE);
                    return 2;
                }
            }
        }
    }
    let pats = match pats {
        Some(p) => p,
        None if !operands.is_empty() => vec![operands.remove(0)],
        None => {
            cx.err(if cx.gnu() { GNU_USAGE } else { BUSYBOX_USAGE });
            return 2;
        }
    };
    // A pattern argument holds one pattern per line, as with GNU grep.
    let mut res = Vec::new();
    for p in pats.iter().flat_map(|p| p.split('\n')) {
        let re = if o.fixed {
            Ok(Regex::literal(p, o.icase))
        } else {
            Regex::new(p, o.ext, o.icase)
        };
        match re {
            Ok(r) => res.push(r),
            Err(e) => {
                let m = if cx.gnu() {
                    format!("grep: {e}\n")
                } else {
                    format!("grep: bad regex '{p}': {e}\n")
                };
                cx.err(&m);
                return 2;
            }
        }
    }
    search(cx, &o, &res, &operands)
}

/// Where a line matched: the spans `-o` prints (empty unless asked for).
fn selected(
    o: &Opts,
    res: &[Regex],
    line: &str,
    spans: &mut Vec<(usize, usize)>,
) -> (bool, Vec<char>) {
    let t: Vec<char> = line.chars().collect();
    let whole = o.whole.unwrap_or(Whole::Any);
    let hit = res.iter().any(|r| r.find_at(&t, 0, whole).is_some());
    spans.clear();
    if hit && o.only && !o.invert {
        let mut pos = 0;
        while pos <= t.len() {
            let next = res
                .iter()
                .filter_map(|r| r.find_at(&t, pos, whole))
                .min_by_key(|&(s, e)| (s, usize::MAX - e));
            let Some((s, e)) = next else { break };
            if e > s {
                spans.push((s, e));
                pos = e;
            } else {
                pos = s + 1;
            }
        }
    }
    (hit != o.invert, t)
}

fn search(cx: &mut Cx, o: &Opts, res: &[Regex], files: &[String]) -> i32 {
    let mut inputs = Vec::new();
    let mut failed = false;
    if files.is_empty() {
        inputs.push(("(standard input)".to_string(), cx.io.stdin.clone()));
    }
    for f in files {
        let text = if f == "-" {
            Ok(cx.io.stdin.clone())
        } else {
            super::read_file(cx, f)
        };
        match text {
            Ok(t) => inputs.push((
                if f == "-" {
                    "(standard input)".into()
                } else {
                    f.clone()
                },
                t,
            )),
            Err(e) => {
                failed = true;
                if !o.silent {
                    let m = super::open_error(cx, "grep", f, e);
                    cx.err(&m);
                }
            }
        }
    }
    let show_name = o.with_name.unwrap_or(files.len() > 1);
    let context = !(o.count || o.names || o.names_without || o.quiet || o.only);
    let (before, after) = if context {
        let c = o.context.unwrap_or(0);
        (o.before.unwrap_or(c), o.after.unwrap_or(c))
    } else {
        (0, 0)
    };
    // Asking for context at all (even `-A0`) separates groups with `--`.
    let separate = context && (o.before.is_some() || o.after.is_some() || o.context.is_some());
    let mut out = String::new();
    let mut any = false;
    let mut printed_any = false;
    let mut spans = Vec::new();
    for (name, text) in &inputs {
        let lines: Vec<&str> = text
            .split_inclusive('\n')
            .map(|l| l.strip_suffix('\n').unwrap_or(l))
            .collect();
        let prefix = |out: &mut String, ln: usize, sep: char| {
            if show_name {
                out.push_str(name);
                out.push(sep);
            }
            if o.number {
                out.push_str(&(ln + 1).to_string());
                out.push(sep);
            }
        };
        let mut n: u64 = 0;
        let mut last: Option<usize> = None;
        let mut pending_after = 0;
        for (ln, line) in lines.iter().enumerate() {
            if o.max.is_some_and(|m| n >= m) {
                if pending_after == 0 {
                    break;
                }
            } else {
                let (hit, t) = selected(o, res, line, &mut spans);
                if hit {
                    n += 1;
                    any = true;
                    if o.quiet {
                        return 0;
                    }
                    if o.names || o.names_without || o.count {
                        continue;
                    }
                    if o.only {
                        for &(s, e) in &spans {
                            prefix(&mut out, ln, ':');
                            out.extend(&t[s..e]);
                            out.push('\n');
                        }
                        continue;
                    }
                    let from = ln.saturating_sub(before).max(last.map_or(0, |l| l + 1));
                    if separate && printed_any && last.is_none_or(|l| from > l + 1) {
                        out.push_str("--\n");
                    }
                    for (c, ctx_line) in lines.iter().enumerate().take(ln).skip(from) {
                        prefix(&mut out, c, '-');
                        out.push_str(ctx_line);
                        out.push('\n');
                    }
                    prefix(&mut out, ln, ':');
                    out.push_str(line);
                    out.push('\n');
                    last = Some(ln);
                    printed_any = true;
                    pending_after = after;
                    continue;
                }
            }
            if pending_after > 0 {
                prefix(&mut out, ln, '-');
                out.push_str(line);
                out.push('\n');
                last = Some(ln);
                pending_after -= 1;
            }
        }
        if o.count {
            if show_name {
                out.push_str(&format!("{name}:"));
            }
            out.push_str(&format!("{n}\n"));
        }
        if (o.names && n > 0) || (o.names_without && n == 0) {
            out.push_str(&format!("{name}\n"));
        }
    }
    cx.out(&out);
    if failed && !(o.quiet && any) {
        2
    } else if any {
        0
    } else {
        1
    }
}
