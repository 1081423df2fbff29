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

    pub fn record(&mut self, now_ms: i64, verb: &str, subject: &str, detail: &str) {
        if self.lines.len() >= MAX_TRACE_LINES {
            self.lines.drain(..MAX_TRACE_LINES / 2);
            self.lines.insert(0, format!("{:012} trace truncated: only the most recent lines are kept", now_ms - self.start_ms));
        }
        self.recorded += 1;
        let mut line = format!("{:012} {} {}", now_ms - self.start_ms, verb, subject);
        if !detail.is_empty() {
            line.push(' ');
            line.push_str(detail);
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
