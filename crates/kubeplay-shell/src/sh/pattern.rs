//! Shell pattern matching (`*`, `?`, `[...]`, backslash escapes) for `case`, globbing and
//! `${x#pattern}`; linear-time backtracking on the last `*`, so no input can make it explode.

#[derive(Debug, Clone, PartialEq)]
enum Pt {
    Ch(char),
    Any,
    Star,
    Class { neg: bool, items: Vec<(char, char)> },
}

fn compile(pat: &str) -> Vec<Pt> {
    let c: Vec<char> = pat.chars().collect();
    let mut out = Vec::new();
    let mut i = 0;
    while i < c.len() {
        match c[i] {
            '\\' if i + 1 < c.len() => {
                out.push(Pt::Ch(c[i + 1]));
                i += 2;
            }
            '*' => {
                if out.last() != Some(&Pt::Star) {
                    out.push(Pt::Star);
                }
                i += 1;
            }
            '?' => {
                out.push(Pt::Any);
                i += 1;
            }
            '[' => match class(&c, i) {
                Some((pt, next)) => {
                    out.push(pt);
                    i = next;
                }
                None => {
                    out.push(Pt::Ch('['));
                    i += 1;
                }
            },
            ch => {
                out.push(Pt::Ch(ch));
                i += 1;
            }
        }
    }
    out
}

/// Parses `[...]` starting at `i`; None if it is not closed (then `[` is literal).
fn class(c: &[char], i: usize) -> Option<(Pt, usize)> {
    let mut j = i + 1;
    let mut neg = false;
    if j < c.len() && (c[j] == '!' || c[j] == '^') {
        neg = true;
        j += 1;
    }
    let mut items = Vec::new();
    let mut first = true;
    while j < c.len() {
        if c[j] == ']' && !first {
            return Some((Pt::Class { neg, items }, j + 1));
        }
        first = false;
        let mut lo = c[j];
        if lo == '\\' && j + 1 < c.len() {
            j += 1;
            lo = c[j];
        }
        if j + 2 < c.len() && c[j + 1] == '-' && c[j + 2] != ']' {
            items.push((lo, c[j + 2]));
            j += 3;
        } else {
            items.push((lo, lo));
            j += 1;
        }
    }
    None
}

fn one(p: &Pt, ch: char) -> bool {
    match p {
        Pt::Ch(x) => *x == ch,
        Pt::Any => true,
        Pt::Star => true,
        Pt::Class { neg, items } => items.iter().any(|(lo, hi)| *lo <= ch && ch <= *hi) != *neg,
    }
}

/// Whether the whole of `s` matches `pat`.
pub fn matches(pat: &str, s: &str) -> bool {
    let p = compile(pat);
    let t: Vec<char> = s.chars().collect();
    let (mut pi, mut ti) = (0usize, 0usize);
    let mut star: Option<(usize, usize)> = None;
    while ti < t.len() {
        if pi < p.len() && p[pi] == Pt::Star {
            star = Some((pi, ti));
            pi += 1;
        } else if pi < p.len() && one(&p[pi], t[ti]) {
            pi += 1;
            ti += 1;
        } else if let Some((sp, st)) = star {
            pi = sp + 1;
            ti = st + 1;
            star = Some((sp, st + 1));
        } else {
            return false;
        }
    }
    while pi < p.len() && p[pi] == Pt::Star {
        pi += 1;
    }
    pi == p.len()
}

/// Whether a pattern has any unescaped glob character.
pub fn has_glob(pat: &str) -> bool {
    let mut esc = false;
    for c in pat.chars() {
        if esc {
            esc = false;
            continue;
        }
        match c {
            '\\' => esc = true,
            '*' | '?' | '[' => return true,
            _ => {}
        }
    }
    false
}

/// Escapes glob characters so the text matches itself.
pub fn escape(s: &str) -> String {
    let mut o = String::with_capacity(s.len());
    for c in s.chars() {
        if matches!(c, '*' | '?' | '[' | ']' | '\\') {
            o.push('\\');
        }
        o.push(c);
    }
    o
}

/// Removes a prefix matching `pat` (shortest, or longest) — `${x#pat}` / `${x##pat}`.
pub fn trim_prefix(s: &str, pat: &str, longest: bool) -> String {
    let idx: Vec<usize> = s
        .char_indices()
        .map(|(i, _)| i)
        .chain(std::iter::once(s.len()))
        .collect();
    let order: Vec<usize> = if longest {
        idx.iter().rev().copied().collect()
    } else {
        idx.clone()
    };
    for i in order {
        if matches(pat, &s[..i]) {
            return s[i..].to_string();
        }
    }
    s.to_string()
}

/// Removes a suffix matching `pat` — `${x%pat}` / `${x%%pat}`.
pub fn trim_suffix(s: &str, pat: &str, longest: bool) -> String {
    let idx: Vec<usize> = s
        .char_indices()
        .map(|(i, _)| i)
        .chain(std::iter::once(s.len()))
        .collect();
    let order: Vec<usize> = if longest {
        idx.clone()
    } else {
        idx.iter().rev().copied().collect()
    };
    for i in order {
        if matches(pat, &s[i..]) {
            return s[..i].to_string();
        }
    }
    s.to_string()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn globs() {
        assert!(matches("*.sh", "a.sh"));
        assert!(!matches("*.sh", "a.sql"));
        assert!(matches("a?c", "abc"));
        assert!(matches("[a-c]x", "bx"));
        assert!(!matches("[!a-c]x", "bx"));
        assert!(matches("\\*", "*"));
        assert!(matches("*", ""));
        assert!(matches("*a*b*c*", "xxaxxbxxcxx"));
    }

    #[test]
    fn trims() {
        assert_eq!(trim_prefix("/a/b/c.sh", "*/", true), "c.sh");
        assert_eq!(trim_prefix("/a/b/c.sh", "*/", false), "a/b/c.sh");
        assert_eq!(trim_suffix("file.tar.gz", ".*", false), "file.tar");
        assert_eq!(trim_suffix("file.tar.gz", ".*", true), "file");
    }

    #[test]
    fn pathological_pattern_is_fast() {
        let s = "a".repeat(5000);
        assert!(!matches(&format!("{}b", "*a".repeat(50)), &s));
    }
}
