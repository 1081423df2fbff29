//! The regular expressions of `grep` and `expr STR : RE`: POSIX basic (BRE) and extended (ERE)
//! syntax with the GNU extensions learners meet (`\+ \? \|` in BRE, `\w \W \s \S \b \B \< \>`),
//! groups, intervals and bracket expressions with classes, matched by bounded backtracking.
//!
//! Not modelled: back-references (`\1` matches a literal `1`), collating elements and
//! equivalence classes (`[.x.]`, `[=x=]` match `x`), and POSIX's longest match among
//! alternatives inside a group (the first that lets the rest match wins, as in Perl; the
//! overall match is still the longest from its start). A group repeats at most 200 times in
//! one match (so matching cannot exhaust the stack); a longer repetition does not match.

use std::cell::Cell;

/// Matching steps one search may take before it gives up (as if nothing matched).
const MAX_STEPS: u32 = 1_000_000;
/// Deepest nesting of groups a pattern may have, and of group repetitions while matching.
const MAX_DEPTH: u32 = 200;
const UNBOUNDED: u32 = u32::MAX;

#[derive(Debug, Clone)]
enum Node {
    Char(char),
    Any,
    /// A bracket expression or `\w`-style class: negated, and (low, high) ranges.
    Set(bool, Vec<(char, char)>),
    Start,
    End,
    /// `\b` (true) or `\B` (false).
    Boundary(bool),
    WordStart,
    WordEnd,
    Group(Vec<Vec<Rep>>),
}

#[derive(Debug, Clone)]
struct Rep {
    node: Node,
    min: u32,
    max: u32,
}

/// A compiled pattern.
#[derive(Debug, Clone)]
pub struct Regex {
    alts: Vec<Vec<Rep>>,
    icase: bool,
}

const WORD: &[(char, char)] = &[('a', 'z'), ('A', 'Z'), ('0', '9'), ('_', '_')];
const SPACE: &[(char, char)] = &[(' ', ' '), ('\t', '\r')];

fn named_class(name: &str) -> Option<Vec<(char, char)>> {
    Some(match name {
        "digit" => vec![('0', '9')],
        "alpha" => vec![('a', 'z'), ('A', 'Z')],
        "alnum" => vec![('a', 'z'), ('A', 'Z'), ('0', '9')],
        "upper" => vec![('A', 'Z')],
        "lower" => vec![('a', 'z')],
        "space" => SPACE.to_vec(),
        "blank" => vec![(' ', ' '), ('\t', '\t')],
        "xdigit" => vec![('0', '9'), ('a', 'f'), ('A', 'F')],
        "punct" => vec![('!', '/'), (':', '@'), ('[', '`'), ('{', '~')],
        "cntrl" => vec![('\0', '\x1f'), ('\x7f', '\x7f')],
        "print" => vec![(' ', '~')],
        "graph" => vec![('!', '~')],
        _ => return None,
    })
}

struct Parser<'a> {
    c: &'a [char],
    i: usize,
    ext: bool,
    depth: u32,
}

impl Parser<'_> {
    fn peek(&self, k: usize) -> Option<char> {
        self.c.get(self.i + k).copied()
    }

    /// Alternatives up to the end or the group's close (which is left for the caller).
    fn alts(&mut self) -> Result<Vec<Vec<Rep>>, String> {
        let mut alts = vec![self.seq()?];
        loop {
            let bar = if self.ext {
                self.peek(0) == Some('|')
            } else {
                self.peek(0) == Some('\\') && self.peek(1) == Some('|')
            };
            if !bar {
                return Ok(alts);
            }
            self.i += if self.ext { 1 } else { 2 };
            alts.push(self.seq()?);
        }
    }

    fn at_close(&self) -> bool {
        if self.depth == 0 {
            return false;
        }
        if self.ext {
            self.peek(0) == Some(')')
        } else {
            self.peek(0) == Some('\\') && self.peek(1) == Some(')')
        }
    }

    /// Whether a BRE `$` here is an anchor: at the end of the pattern, a group or an alternative.
    fn dollar_ends(&self) -> bool {
        match (self.peek(1), self.peek(2)) {
            (None, _) => true,
            (Some('\\'), Some(')')) => self.depth > 0,
            (Some('\\'), Some('|')) => true,
            _ => false,
        }
    }

    fn seq(&mut self) -> Result<Vec<Rep>, String> {
        let mut seq: Vec<Rep> = Vec::new();
        while let Some(ch) = self.peek(0) {
            if self.at_close() {
                break;
            }
            if self.ext && ch == '|' || !self.ext && ch == '\\' && self.peek(1) == Some('|') {
                break;
            }
            // A BRE `*` first in a pattern, a group or after a leading `^` is a literal.
            let first = seq.is_empty()
                || !self.ext && matches!(seq.last().map(|r| &r.node), Some(Node::Start));
            if let Some((min, max, len)) = self.quantifier(first)? {
                self.i += len;
                if let Some(last) = seq.last_mut() {
                    if last.min != 1 || last.max != 1 {
                        // `a**` or `a+*`: apply to the repetition as a whole.
                        let inner = std::mem::replace(&mut last.node, Node::Any);
                        let rep = Rep {
                            node: inner,
                            min: last.min,
                            max: last.max,
                        };
                        last.node = Node::Group(vec![vec![rep]]);
                    }
                    last.min = min;
                    last.max = max;
                }
                continue;
            }
            let node = self.atom(seq.is_empty())?;
            seq.push(Rep {
                node,
                min: 1,
                max: 1,
            });
        }
        Ok(seq)
    }

    /// A quantifier at the cursor: (min, max, its length). `*` at the start of a BRE (or of an
    /// ERE, which GNU also allows) is a literal, as is a `{` that does not start an interval in
    /// an ERE.
    fn quantifier(&self, first: bool) -> Result<Option<(u32, u32, usize)>, String> {
        let (c0, c1) = (self.peek(0), self.peek(1));
        if first {
            return Ok(None);
        }
        Ok(match (c0, c1) {
            (Some('*'), _) => Some((0, UNBOUNDED, 1)),
            (Some('+'), _) if self.ext => Some((1, UNBOUNDED, 1)),
            (Some('?'), _) if self.ext => Some((0, 1, 1)),
            (Some('\\'), Some('+')) if !self.ext => Some((1, UNBOUNDED, 2)),
            (Some('\\'), Some('?')) if !self.ext => Some((0, 1, 2)),
            (Some('{'), _) if self.ext => self.interval(1)?,
            (Some('\\'), Some('{')) if !self.ext => match self.interval(2)? {
                Some(q) => Some(q),
                None => return Err("Unmatched \\{".into()),
            },
            _ => None,
        })
    }

    /// `{n}`, `{n,}`, `{,m}`, `{n,m}` starting `open` chars after the cursor.
    fn interval(&self, open: usize) -> Result<Option<(u32, u32, usize)>, String> {
        let close = if self.ext { "}" } else { "\\}" };
        let rest: String = self.c[self.i + open..].iter().collect();
        let Some(end) = rest.find(close) else {
            return if self.ext {
                Ok(None)
            } else {
                Err("Unmatched \\{".into())
            };
        };
        let body = &rest[..end];
        let num = |s: &str| -> Option<Option<u32>> {
            if s.is_empty() {
                Some(None)
            } else if s.chars().all(|c| c.is_ascii_digit()) {
                s.parse().ok().map(Some)
            } else {
                None
            }
        };
        let parsed = match body.split_once(',') {
            None => num(body).and_then(|n| n.map(|n| (n, n))),
            Some((lo, hi)) => match (num(lo), num(hi)) {
                (Some(lo), Some(hi)) => Some((lo.unwrap_or(0), hi.unwrap_or(UNBOUNDED))),
                _ => None,
            },
        };
        match parsed {
            Some((lo, hi)) if lo > hi => Err("Invalid content of \\{\\}".into()),
            // RE_DUP_MAX
            Some((lo, hi)) if lo > 32_767 || hi != UNBOUNDED && hi > 32_767 => {
                Err("Regular expression too big".into())
            }
            Some((lo, hi)) => {
                let len = open + body.chars().count() + close.len();
                Ok(Some((lo, hi, len)))
            }
            None if self.ext => Ok(None),
            None => Err("Invalid content of \\{\\}".into()),
        }
    }

    fn group(&mut self, open: usize) -> Result<Node, String> {
        self.i += open;
        self.depth += 1;
        if self.depth > MAX_DEPTH {
            return Err("Regular expression too big".into());
        }
        let alts = self.alts()?;
        if !self.at_close() {
            return Err("Unmatched ( or \\(".into());
        }
        self.i += if self.ext { 1 } else { 2 };
        self.depth -= 1;
        Ok(Node::Group(alts))
    }

    fn atom(&mut self, first: bool) -> Result<Node, String> {
        let ch = self.peek(0).unwrap_or('\0');
        let simple = |p: &mut Self, n: Node, len: usize| {
            p.i += len;
            Ok(n)
        };
        match ch {
            '.' => simple(self, Node::Any, 1),
            '[' => self.bracket(),
            '^' if self.ext || first => simple(self, Node::Start, 1),
            '$' if self.ext || self.dollar_ends() => simple(self, Node::End, 1),
            '(' if self.ext => self.group(1),
            ')' if self.ext && self.depth == 0 => simple(self, Node::Char(')'), 1),
            '\\' => {
                let Some(next) = self.peek(1) else {
                    return Err("Trailing backslash".into());
                };
                match next {
                    '(' if !self.ext => self.group(2),
                    ')' if !self.ext => Err("Unmatched ) or \\)".into()),
                    'w' => simple(self, Node::Set(false, WORD.to_vec()), 2),
                    'W' => simple(self, Node::Set(true, WORD.to_vec()), 2),
                    's' => simple(self, Node::Set(false, SPACE.to_vec()), 2),
                    'S' => simple(self, Node::Set(true, SPACE.to_vec()), 2),
                    'b' => simple(self, Node::Boundary(true), 2),
                    'B' => simple(self, Node::Boundary(false), 2),
                    '<' => simple(self, Node::WordStart, 2),
                    '>' => simple(self, Node::WordEnd, 2),
                    c => simple(self, Node::Char(c), 2),
                }
            }
            c => simple(self, Node::Char(c), 1),
        }
    }

    fn bracket(&mut self) -> Result<Node, String> {
        const UNMATCHED: &str = "Unmatched [, [^, [:, [., or [=";
        let mut j = self.i + 1;
        let neg = self.c.get(j) == Some(&'^');
        if neg {
            j += 1;
        }
        let mut items = Vec::new();
        let mut first = true;
        loop {
            let Some(&c) = self.c.get(j) else {
                return Err(UNMATCHED.into());
            };
            if c == ']' && !first {
                break;
            }
            first = false;
            if c == '[' && matches!(self.c.get(j + 1), Some(':' | '.' | '=')) {
                let kind = self.c[j + 1];
                let close = (j + 2..self.c.len().saturating_sub(1))
                    .find(|&k| self.c[k] == kind && self.c[k + 1] == ']')
                    .ok_or(UNMATCHED)?;
                let name: String = self.c[j + 2..close].iter().collect();
                if kind == ':' {
                    items.extend(named_class(&name).ok_or("Invalid character class name")?);
                } else if let Some(x) = name.chars().next() {
                    items.push((x, x));
                }
                j = close + 2;
                continue;
            }
            match (self.c.get(j + 1), self.c.get(j + 2)) {
                (Some('-'), Some(&hi)) if hi != ']' => {
                    if hi < c {
                        return Err("Invalid range end".into());
                    }
                    items.push((c, hi));
                    j += 3;
                }
                _ => {
                    items.push((c, c));
                    j += 1;
                }
            }
        }
        self.i = j + 1;
        Ok(Node::Set(neg, items))
    }
}

fn is_word(c: Option<&char>) -> bool {
    c.is_some_and(|c| c.is_alphanumeric() || *c == '_')
}

/// One search over one line.
struct Matcher<'a> {
    icase: bool,
    t: &'a [char],
    steps: Cell<u32>,
    depth: Cell<u32>,
}

impl Matcher<'_> {
    fn tick(&self) -> bool {
        let s = self.steps.get().saturating_add(1);
        self.steps.set(s);
        s <= MAX_STEPS
    }

    fn one(&self, n: &Node, i: usize) -> bool {
        let Some(&ch) = self.t.get(i) else {
            return false;
        };
        match n {
            Node::Char(x) => *x == ch || self.icase && x.to_lowercase().eq(ch.to_lowercase()),
            Node::Any => true,
            Node::Set(neg, items) => {
                let within = |c: char| items.iter().any(|(lo, hi)| *lo <= c && c <= *hi);
                let hit = within(ch)
                    || self.icase
                        && (ch.to_lowercase().any(within) || ch.to_uppercase().any(within));
                hit != *neg
            }
            _ => false,
        }
    }

    fn seq(&self, seq: &[Rep], i: usize, k: &mut dyn FnMut(usize) -> bool) -> bool {
        if !self.tick() {
            return false;
        }
        let Some((first, rest)) = seq.split_first() else {
            return k(i);
        };
        if matches!(first.node, Node::Char(_) | Node::Any | Node::Set(..)) {
            // One character per repetition: count greedily, then give back one at a time.
            let mut n = 0u32;
            while n < first.max && self.one(&first.node, i + n as usize) {
                n += 1;
            }
            loop {
                if n < first.min {
                    return false;
                }
                if self.seq(rest, i + n as usize, k) {
                    return true;
                }
                if n == 0 || !self.tick() {
                    return false;
                }
                n -= 1;
            }
        }
        self.rep(first, 0, i, &mut |j| self.seq(rest, j, k))
    }

    fn rep(&self, r: &Rep, count: u32, i: usize, k: &mut dyn FnMut(usize) -> bool) -> bool {
        if count < r.max && self.depth.get() < MAX_DEPTH {
            self.depth.set(self.depth.get() + 1);
            let more = self.node(&r.node, i, &mut |j| {
                // An empty iteration past the minimum would loop for ever.
                (j != i || count < r.min) && self.rep(r, count + 1, j, k)
            });
            self.depth.set(self.depth.get() - 1);
            if more {
                return true;
            }
        }
        count >= r.min && k(i)
    }

    fn node(&self, n: &Node, i: usize, k: &mut dyn FnMut(usize) -> bool) -> bool {
        let (before, after) = (i.checked_sub(1).and_then(|b| self.t.get(b)), self.t.get(i));
        match n {
            Node::Start => i == 0 && k(i),
            Node::End => i == self.t.len() && k(i),
            Node::Boundary(b) => (is_word(before) != is_word(after)) == *b && k(i),
            Node::WordStart => !is_word(before) && is_word(after) && k(i),
            Node::WordEnd => is_word(before) && !is_word(after) && k(i),
            Node::Group(alts) => alts.iter().any(|seq| self.seq(seq, i, k)),
            single => self.one(single, i) && k(i + 1),
        }
    }

    /// The longest match starting at `start` whose end `accept` allows.
    fn longest(
        &self,
        alts: &[Vec<Rep>],
        start: usize,
        accept: &dyn Fn(usize) -> bool,
    ) -> Option<usize> {
        let mut best: Option<usize> = None;
        for seq in alts {
            self.seq(seq, start, &mut |e| {
                if accept(e) && best.is_none_or(|b| e > b) {
                    best = Some(e);
                }
                // Keep looking only while a longer end is possible.
                e >= self.t.len()
            });
        }
        best
    }
}

/// Which matches count: anywhere, whole words only (`grep -w`), or the whole line (`grep -x`).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Whole {
    Any,
    Word,
    Line,
}

impl Regex {
    /// Compiles `pat`; `extended` is ERE (`grep -E`), otherwise BRE. Errors are GNU regex's words.
    pub fn new(pat: &str, extended: bool, icase: bool) -> Result<Regex, String> {
        let c: Vec<char> = pat.chars().collect();
        let mut p = Parser {
            c: &c,
            i: 0,
            ext: extended,
            depth: 0,
        };
        let alts = p.alts()?;
        if p.i < c.len() {
            // Only an unmatched close can stop the parser early.
            return Err("Unmatched ) or \\)".into());
        }
        Ok(Regex { alts, icase })
    }

    /// A pattern that matches `text` literally (`grep -F`).
    pub fn literal(text: &str, icase: bool) -> Regex {
        let seq = text
            .chars()
            .map(|c| Rep {
                node: Node::Char(c),
                min: 1,
                max: 1,
            })
            .collect();
        Regex {
            alts: vec![seq],
            icase,
        }
    }

    fn matcher<'a>(&self, t: &'a [char]) -> Matcher<'a> {
        Matcher {
            icase: self.icase,
            t,
            steps: Cell::new(0),
            depth: Cell::new(0),
        }
    }

    /// The leftmost match in `t` at or after `from` (and its longest end), as (start, end) in chars.
    pub fn find_at(&self, t: &[char], from: usize, whole: Whole) -> Option<(usize, usize)> {
        let m = self.matcher(t);
        let word_at = |i: usize| is_word(t.get(i));
        for start in from..=t.len() {
            if m.steps.get() > MAX_STEPS {
                return None;
            }
            let end = match whole {
                Whole::Any => m.longest(&self.alts, start, &|_| true),
                Whole::Line if start > 0 => return None,
                Whole::Line => m.longest(&self.alts, 0, &|e| e == t.len()),
                Whole::Word if start > 0 && word_at(start - 1) => continue,
                Whole::Word => m.longest(&self.alts, start, &|e| e > start && !word_at(e)),
            };
            if let Some(e) = end {
                return Some((start, e));
            }
        }
        None
    }

    /// Whether the pattern matches anywhere in `s`.
    #[cfg(test)]
    pub fn is_match(&self, s: &str) -> bool {
        let t: Vec<char> = s.chars().collect();
        self.find_at(&t, 0, Whole::Any).is_some()
    }

    /// Length of the longest match anchored at the start (for `expr STR : RE`).
    pub fn match_len(&self, s: &str) -> Option<usize> {
        let t: Vec<char> = s.chars().collect();
        self.matcher(&t).longest(&self.alts, 0, &|_| true)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn m(pat: &str, ext: bool, s: &str) -> bool {
        Regex::new(pat, ext, false).unwrap().is_match(s)
    }

    #[test]
    fn basic_and_extended_syntax() {
        assert!(m("^[^*]", false, "abc"));
        assert!(!m("^[^*]", false, "*bc"));
        assert!(m("a.c$", false, "xxabc"));
        assert!(m("ab*c", false, "ac"));
        assert!(m("ab+c", true, "abbc"));
        assert!(!m("ab+c", true, "ac"));
        assert!(m("ab\\+c", false, "abbc"));
        assert!(m("ab+c", false, "ab+c"), "a BRE `+` is literal");
        assert!(m("foo|bar", true, "xbar"));
        assert!(m("foo\\|bar", false, "xbar"));
        assert!(Regex::new("HELLO", false, true)
            .unwrap()
            .is_match("say hello"));
        assert!(m("[[:digit:]]+", true, "a1"));
        assert!(m("^(web|db)-[0-9]$", true, "db-1"));
        assert!(!m("^(web|db)-[0-9]$", true, "api-1"));
        assert!(m("^\\(ab\\)*$", false, "ababab"));
        assert!(m("^a{2,3}$", true, "aaa"));
        assert!(!m("^a{2,3}$", true, "aaaa"));
        assert!(m("^a\\{2\\}$", false, "aa"));
        assert!(
            m("a{", true, "a{"),
            "an ERE `{{` that starts no interval is literal"
        );
        assert!(m("*a", false, "*a"), "a leading `*` is literal");
        assert!(m("a$b", false, "a$b"), "a BRE `$` mid-pattern is literal");
        assert!(m("\\bpod\\b", false, "a pod here"));
        assert!(!m("\\<pod\\>", false, "pods"));
        assert!(m("x\\s\\w", false, "x y"));
        assert!(m("(a|ab)(c|bcd)(d*)$", true, "abcd"));
    }

    #[test]
    fn errors_are_gnu_regex_words() {
        let e = |p: &str, ext: bool| Regex::new(p, ext, false).unwrap_err();
        assert_eq!(e("[abc", false), "Unmatched [, [^, [:, [., or [=");
        assert_eq!(e("(ab", true), "Unmatched ( or \\(");
        assert_eq!(e("\\(ab", false), "Unmatched ( or \\(");
        assert_eq!(e("ab\\)", false), "Unmatched ) or \\)");
        assert_eq!(e("a\\{2", false), "Unmatched \\{");
        assert_eq!(e("a{3,2}", true), "Invalid content of \\{\\}");
        assert_eq!(e("ab\\", false), "Trailing backslash");
        assert_eq!(e("[[:bogus:]]", false), "Invalid character class name");
        assert!(
            m("a)", true, "a)"),
            "an unmatched ERE `)` is literal, as GNU has it"
        );
    }

    #[test]
    fn longest_matches_words_and_lines() {
        let t: Vec<char> = "pod/web-1 pod/web-12".chars().collect();
        let re = Regex::new("web-[0-9]*", false, false).unwrap();
        assert_eq!(re.find_at(&t, 0, Whole::Any), Some((4, 9)));
        assert_eq!(re.find_at(&t, 9, Whole::Any), Some((14, 20)));
        let re = Regex::new("web", false, false).unwrap();
        assert_eq!(
            re.find_at(&t, 0, Whole::Word),
            Some((4, 7)),
            "`-` is not a word character"
        );
        let t: Vec<char> = "webapp web".chars().collect();
        assert_eq!(re.find_at(&t, 0, Whole::Word), Some((7, 10)));
        assert_eq!(re.find_at(&t, 0, Whole::Line), None);
        assert_eq!(
            Regex::new("^[a-z]*", false, false)
                .unwrap()
                .match_len("abc1"),
            Some(3)
        );
        assert_eq!(
            Regex::literal("a.b", false).find_at(&['a', 'x', 'b'], 0, Whole::Any),
            None
        );
    }

    #[test]
    fn never_panics_on_odd_patterns() {
        let alphabet: Vec<char> = "()[]{}*+?|^$.\\ab-:,019wsbB<>=".chars().collect();
        let mut x: u64 = 7;
        let mut next = || {
            x = x
                .wrapping_mul(6_364_136_223_846_793_005)
                .wrapping_add(1_442_695_040_888_963_407);
            (x >> 33) as usize
        };
        let lines: Vec<Vec<char>> = ["", "ab", "a-b:c", "((a))", "[x]{1,2}"]
            .iter()
            .map(|l| l.chars().collect())
            .collect();
        for _ in 0..5000 {
            let len = next() % 16;
            let p: String = (0..len)
                .map(|_| alphabet[next() % alphabet.len()])
                .collect();
            for ext in [false, true] {
                if let Ok(re) = Regex::new(&p, ext, next() % 2 == 0) {
                    for l in &lines {
                        for whole in [Whole::Any, Whole::Word, Whole::Line] {
                            let _ = re.find_at(l, 0, whole);
                        }
                    }
                }
            }
        }
    }

    #[test]
    fn is_bounded() {
        let s = "a".repeat(3000);
        assert!(!m("a*a*a*a*a*b", false, &s));
        assert!(!m("(a*)*b", true, &s));
        assert!(
            !m("^(a|b)*$", true, &s),
            "more group repetitions than the bound: no match rather than a stack overflow"
        );
        assert!(m("^(a|b)*$", true, &s[..150]));
        assert!(m("^*a", false, "*a"));
    }
}
