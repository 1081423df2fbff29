//! The trace: one line per simulation step, compared byte for byte by the determinism tests.
//!
//! Line format: `<ms since start, zero-padded to 12> <verb> <subject>[ <detail>]`, where verb is one of
//! `create`, `update`, `status`, `delete`, `terminate` (deletionTimestamp set), `event` (a Kubernetes
//! Event recorded), `reconcile`, `why` (a controller's reason for not acting, when it changes), `cmd` (a user command).

use crate::api::{Kind, ObjKey};

#[derive(Debug, Default, Clone)]
pub struct Trace {
    lines: Vec<String>,
    start_ms: i64,
    /// Lines recorded since the start, truncated or not: a cheap "did anything happen" version.
    recorded: u64,
    /// The last line's time and its zero-padded digits: lines come in bursts at one instant.
    stamp: (i64, String),
}

/// Bound on trace lines kept; older lines are dropped (with a note) so a long session stays small.
pub const MAX_TRACE_LINES: usize = 200_000;

impl Trace {
    pub fn new(start_ms: i64) -> Self {
        Trace { lines: Vec::new(), start_ms, recorded: 0, stamp: (0, String::new()) }
    }

    /// Appends one line about `subject`; `detail` is the concatenation of its pieces. Pieces rather
    /// than `format_args!`: a busy simulation writes a line per write, and the formatting
    /// machinery cost more than building the line.
    pub fn record(&mut self, now_ms: i64, verb: &str, subject: &ObjKey, detail: &[&str]) {
        self.record_about(now_ms, verb, (subject.kind, &subject.namespace, &subject.name), detail);
    }

    /// [`Self::record`] about the object of this kind, namespace ("" for cluster-scoped kinds, as
    /// in its `ObjKey`) and name, for a caller that has no key built.
    pub fn record_about(&mut self, now_ms: i64, verb: &str, subject: (Kind, &str, &str), detail: &[&str]) {
        let (kind, namespace, name) = subject;
        if self.lines.len() >= MAX_TRACE_LINES {
            self.lines.drain(..MAX_TRACE_LINES / 2);
            self.lines.insert(0, format!("{:012} trace truncated: only the most recent lines are kept", now_ms - self.start_ms));
        }
        self.recorded += 1;
        let singular = kind.info().singular;
        let detail_len: usize = detail.iter().map(|p| p.len()).sum();
        let mut line = String::with_capacity(16 + verb.len() + singular.len() + namespace.len() + name.len() + 3 + detail_len);
        let ms = now_ms - self.start_ms;
        if self.stamp.1.is_empty() || self.stamp.0 != ms {
            self.stamp.1.clear();
            push_ms(&mut self.stamp.1, ms);
            self.stamp.0 = ms;
        }
        line.push_str(&self.stamp.1);
        line.push(' ');
        line.push_str(verb);
        line.push(' ');
        // As `ObjKey`'s Display writes it.
        line.push_str(singular);
        line.push('/');
        if !namespace.is_empty() {
            line.push_str(namespace);
            line.push('/');
        }
        line.push_str(name);
        if detail_len > 0 {
            line.push(' '); // an empty detail leaves no trailing space
            detail.iter().for_each(|p| line.push_str(p));
        }
        self.lines.push(line);
    }

    /// How many lines were ever recorded; changes exactly when the cluster did something.
    pub fn recorded(&self) -> u64 {
        self.recorded
    }

    pub fn lines(&self) -> &[String] {
        &self.lines
    }
}

/// `{:012}` of `ms`, written digit by digit: every line starts with it, and the formatting
/// machinery's padding costs more than the rest of a line.
fn push_ms(line: &mut String, ms: i64) {
    use std::fmt::Write as _;
    let Ok(mut n) = u64::try_from(ms) else {
        let _ = write!(line, "{ms:012}");
        return;
    };
    let mut digits = [b'0'; 20];
    let mut i = digits.len();
    while n > 0 {
        i -= 1;
        digits[i] = b'0' + (n % 10) as u8;
        n /= 10;
    }
    let start = i.min(digits.len() - 12);
    line.push_str(std::str::from_utf8(&digits[start..]).unwrap_or_default());
}

#[cfg(test)]
mod tests {
    use crate::api::{Kind, ObjKey};

    #[test]
    fn lines_read_time_verb_subject_detail() {
        let mut t = super::Trace::new(1_000);
        t.record(3_500, "create", &ObjKey::new(Kind::Pod, "default", "p"), &["rv=", "7"]);
        t.record(3_500, "delete", &ObjKey::new(Kind::Node, "", "n"), &[]);
        t.record(3_500, "why", &ObjKey::new(Kind::Job, "ns", "j"), &[""]);
        t.record(4_000, "why", &ObjKey::new(Kind::Job, "ns", "j"), &["again"]);
        assert_eq!(t.lines(), ["000000002500 create pod/default/p rv=7", "000000002500 delete node/n", "000000002500 why job/ns/j", "000000003000 why job/ns/j again"]);
    }

    #[test]
    fn times_are_zero_padded_to_twelve_digits() {
        for ms in [0, 7, 123_456_789_012, 9_999_999_999_999, i64::MAX, -5] {
            let mut line = String::new();
            super::push_ms(&mut line, ms);
            assert_eq!(line, format!("{ms:012}"));
        }
    }
}
