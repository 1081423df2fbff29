//! The façade: one `Simulation` owning the clock, the store, the PRNG and the trace.

/// Which terminal stream a piece of output belongs to.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Stream {
    Stdout,
    Stderr,
}

/// One piece of terminal output, in the order a terminal would show it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Chunk {
    pub stream: Stream,
    pub text: String,
}

/// What running a command or a script printed, and its exit status.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Transcript {
    pub chunks: Vec<Chunk>,
    pub status: i32,
}

/// A simulated cluster plus the shell-like session that drives it.
pub struct Simulation {
    now_ms: i64,
}

impl Simulation {
    /// A fresh cluster at `start_ms` (milliseconds since the Unix epoch), seeded with `seed`.
    pub fn new(_seed: u64, start_ms: i64) -> Self {
        Simulation { now_ms: start_ms }
    }

    /// Runs a whole script (kubectl lines, heredocs, `sleep 2m`, `echo`, comments).
    pub fn run_script(&mut self, _text: &str) -> Transcript {
        Transcript::default()
    }

    /// Advances the virtual clock by `ms`, processing every event due in between.
    pub fn advance(&mut self, ms: u64) {
        self.now_ms += ms as i64;
    }

    /// The simulated time, in milliseconds since the Unix epoch.
    pub fn now_ms(&self) -> i64 {
        self.now_ms
    }
}
