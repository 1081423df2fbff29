//! The trace: one line per simulation step, compared byte for byte by the determinism tests.
//!
//! Line format: `<ms since start, zero-padded to 12> <verb> <subject>[ <detail>]`, where verb is one of
//! `create`, `update`, `status`, `delete`, `terminate` (deletionTimestamp set), `event` (a Kubernetes
//! Event recorded), `reconcile`, `why` (a controller's reason for not acting), `cmd` (a user command).

#[derive(Debug, Default, Clone)]
pub struct Trace {
    lines: Vec<String>,
    start_ms: i64,
    /// Lines recorded since the start, truncated or not: a cheap "did anything happen" version.
    recorded: u64,
}

/// Bound on trace lines kept; older lines are dropped (with a note) so a long session stays small.
pub const MAX_TRACE_LINES: usize = 200_000;

impl Trace {
    pub fn new(start_ms: i64) -> Self {
        Trace { lines: Vec::new(), start_ms, recorded: 0 }
    }

    /// Appends one line; `subject` and `detail` are formatted straight into it.
    pub fn record(&mut self, now_ms: i64, verb: &str, subject: impl std::fmt::Display, detail: impl std::fmt::Display) {
        use std::fmt::Write as _;
        if self.lines.len() >= MAX_TRACE_LINES {
            self.lines.drain(..MAX_TRACE_LINES / 2);
            self.lines.insert(0, format!("{:012} trace truncated: only the most recent lines are kept", now_ms - self.start_ms));
        }
        self.recorded += 1;
        let mut line = String::with_capacity(96);
        push_ms(&mut line, now_ms - self.start_ms);
        line.push(' ');
        line.push_str(verb);
        line.push(' ');
        let _ = write!(line, "{subject} ");
        let before = line.len();
        let _ = write!(line, "{detail}");
        if line.len() == before {
            line.pop(); // an empty detail leaves no trailing space
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
    line.extend(digits[start..].iter().map(|&d| char::from(d)));
}

#[cfg(test)]
mod tests {
    #[test]
    fn times_are_zero_padded_to_twelve_digits() {
        for ms in [0, 7, 123_456_789_012, 9_999_999_999_999, i64::MAX, -5] {
            let mut line = String::new();
            super::push_ms(&mut line, ms);
            assert_eq!(line, format!("{ms:012}"));
        }
    }
}
