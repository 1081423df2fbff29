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
        let _ = write!(line, "{:012} {} {} ", now_ms - self.start_ms, verb, subject);
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
