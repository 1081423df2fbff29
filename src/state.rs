//! The root reducer: one [`State`], one closed [`Msg`] enum, and no browser APIs, so every
//! transition is a plain function that native tests can drive.
//!
//! A UI session is the list of `Msg`s it received: replaying them on a fresh `State` gives the
//! same simulated cluster, because the simulation itself never reads a clock.

use std::cell::RefCell;
use std::rc::Rc;

use kubeplay_core::{Simulation, Stream};
use yew::Reducible;

/// Seed of the default simulation.
pub const SEED: u64 = 1;
/// 2025-01-01T00:00:00Z, where every default simulation starts.
pub const START_MS: i64 = 1_735_689_600_000;
/// Real milliseconds between two ticks, and the simulated milliseconds one tick advances at 1×:
/// at 1× the simulated clock runs at wall-clock pace.
pub const TICK_MS: u64 = 100;
/// Console entries kept; older ones scroll away for good (bounded memory in long sessions).
pub const MAX_ENTRIES: usize = 5_000;
/// Commands kept for ↑/↓ recall.
pub const MAX_HISTORY: usize = 500;

/// How many simulated milliseconds pass per real millisecond while playing.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Speed {
    #[default]
    X1,
    X10,
    X60,
    X600,
}

impl Speed {
    /// Every speed, in the order the selector shows them.
    pub const ALL: [Speed; 4] = [Speed::X1, Speed::X10, Speed::X60, Speed::X600];

    /// The multiplier.
    pub fn factor(self) -> u64 {
        match self {
            Speed::X1 => 1,
            Speed::X10 => 10,
            Speed::X60 => 60,
            Speed::X600 => 600,
        }
    }

    /// `1×`, `10×`, …
    pub fn label(self) -> String {
        format!("{}×", self.factor())
    }

    /// What one real second amounts to, for tooltips: `1 s per second`, `10 min per second`.
    pub fn describe(self) -> &'static str {
        match self {
            Speed::X1 => "real time",
            Speed::X10 => "10 seconds per second",
            Speed::X60 => "1 minute per second",
            Speed::X600 => "10 minutes per second",
        }
    }
}

/// One line (or block) in the console's scrollback.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Entry {
    /// A message from the UI itself, not from the simulation (the welcome text).
    Note(String),
    /// What the user ran, and the simulated time at which they ran it.
    Command { text: String, at_ms: i64 },
    /// Output of a command, on the stream it was written to.
    Output { stream: Stream, text: String },
    /// A non-zero exit status (zero is not shown, as in a shell).
    Status(i32),
}

/// Everything the UI sends to the root reducer.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Msg {
    /// Run a console line or a pasted multi-line script.
    Run(String),
    /// One browser tick passed: advance simulated time by `TICK_MS × speed` if playing.
    Tick,
    SetSpeed(Speed),
    TogglePlay,
    ClearConsole,
}

/// The root state of the app.
#[derive(Clone)]
pub struct State {
    /// The simulated cluster. `Reducible::reduce` receives `Rc<Self>` and must return a new
    /// `Rc<Self>`; the simulation is large and not `Clone`, so copying it per message (ten ticks
    /// a second) is out. `Rc<RefCell<_>>` lets every `State` version share the one simulation,
    /// mutated only inside `reduce` — single-threaded, never borrowed across a yield, so the
    /// `RefCell` cannot be observed mid-borrow. Views never touch it: everything they show is
    /// copied out into the plain fields below, which is what makes re-render decisions correct.
    sim: Rc<RefCell<Simulation>>,
    /// Simulated now, copied out of the simulation after each message.
    pub now_ms: i64,
    pub playing: bool,
    pub speed: Speed,
    /// Scrollback. Behind an `Rc` so ticks (which never touch it) stay O(1).
    pub entries: Rc<Vec<Entry>>,
    /// Commands run, oldest first, without consecutive duplicates.
    pub history: Rc<Vec<String>>,
}

impl Default for State {
    fn default() -> Self {
        State::new(SEED, START_MS)
    }
}

impl PartialEq for State {
    fn eq(&self, other: &Self) -> bool {
        Rc::ptr_eq(&self.sim, &other.sim)
            && self.now_ms == other.now_ms
            && self.playing == other.playing
            && self.speed == other.speed
            && self.entries == other.entries
            && self.history == other.history
    }
}

impl std::fmt::Debug for State {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("State")
            .field("now_ms", &self.now_ms)
            .field("playing", &self.playing)
            .field("speed", &self.speed)
            .field("entries", &self.entries.len())
            .field("history", &self.history.len())
            .finish_non_exhaustive()
    }
}

impl State {
    /// A paused session on a fresh simulation, with the welcome note in the console.
    pub fn new(seed: u64, start_ms: i64) -> Self {
        let sim = Simulation::new(seed, start_ms);
        State {
            now_ms: sim.now_ms(),
            sim: Rc::new(RefCell::new(sim)),
            playing: false,
            speed: Speed::default(),
            entries: Rc::new(vec![Entry::Note(WELCOME.to_owned())]),
            history: Rc::default(),
        }
    }

    /// Applies one message; the pure core of [`Reducible::reduce`].
    pub fn apply(&mut self, msg: Msg) {
        match msg {
            Msg::Run(text) => self.run(text),
            Msg::Tick if self.playing => self.advance(TICK_MS * self.speed.factor()),
            Msg::Tick => {}
            Msg::SetSpeed(speed) => self.speed = speed,
            Msg::TogglePlay => self.playing = !self.playing,
            Msg::ClearConsole => self.entries = Rc::default(),
        }
    }

    fn advance(&mut self, ms: u64) {
        let mut sim = self.sim.borrow_mut();
        sim.advance(ms);
        self.now_ms = sim.now_ms();
    }

    fn run(&mut self, text: String) {
        // A trailing newline from a paste is not part of the command as typed.
        let text = text.trim_end_matches(['\n', '\r']).to_owned();
        let at_ms = self.now_ms;
        let transcript = if text.trim().is_empty() {
            None // like a shell: an empty line just prints a fresh prompt
        } else {
            self.remember(&text);
            let mut sim = self.sim.borrow_mut();
            let transcript = sim.run_script(&text);
            self.now_ms = sim.now_ms(); // `sleep 30s` in a script moves the clock
            Some(transcript)
        };
        let entries = Rc::make_mut(&mut self.entries);
        entries.push(Entry::Command { text, at_ms });
        if let Some(t) = transcript {
            let output = t.chunks.into_iter().filter(|c| !c.text.is_empty());
            entries.extend(output.map(|c| Entry::Output {
                stream: c.stream,
                text: c.text,
            }));
            if t.status != 0 {
                entries.push(Entry::Status(t.status));
            }
        }
        let excess = entries.len().saturating_sub(MAX_ENTRIES);
        entries.drain(..excess);
    }

    fn remember(&mut self, text: &str) {
        let history = Rc::make_mut(&mut self.history);
        if history.last().map(String::as_str) != Some(text) {
            history.push(text.to_owned());
        }
        let excess = history.len().saturating_sub(MAX_HISTORY);
        history.drain(..excess);
    }
}

impl Reducible for State {
    type Action = Msg;

    fn reduce(self: Rc<Self>, msg: Msg) -> Rc<Self> {
        if msg == Msg::Tick && !self.playing {
            return self; // same Rc: Yew skips the re-render
        }
        let mut next = (*self).clone();
        next.apply(msg);
        Rc::new(next)
    }
}

/// Shown once at the top of a fresh console.
pub const WELCOME: &str = "Welcome to kubeplay: a Kubernetes cluster simulated right here in your \
browser, in WebAssembly.\n\nType a kubectl command below, or paste a whole script (heredocs work). \
Simulated time moves only while playing or when a script sleeps; pick a speed to fast-forward.";

#[cfg(test)]
mod tests {
    use super::*;

    fn reduce(state: State, msgs: impl IntoIterator<Item = Msg>) -> Rc<State> {
        msgs.into_iter().fold(Rc::new(state), Reducible::reduce)
    }

    #[test]
    fn starts_paused_at_the_default_instant() {
        let s = State::default();
        assert_eq!(s.now_ms, START_MS);
        assert!(!s.playing);
        assert_eq!(s.speed, Speed::X1);
        assert_eq!(*s.entries, vec![Entry::Note(WELCOME.to_owned())]);
    }

    #[test]
    fn ticks_do_nothing_while_paused() {
        let s0 = Rc::new(State::default());
        let s1 = Reducible::reduce(s0.clone(), Msg::Tick);
        assert!(
            Rc::ptr_eq(&s0, &s1),
            "a paused tick must not even re-render"
        );
        assert_eq!(s1.now_ms, START_MS);
    }

    #[test]
    fn each_tick_advances_tick_ms_times_speed() {
        let s = reduce(State::default(), [Msg::TogglePlay, Msg::Tick, Msg::Tick]);
        assert_eq!(s.now_ms, START_MS + 200);
        let s = reduce((*s).clone(), [Msg::SetSpeed(Speed::X600), Msg::Tick]);
        assert_eq!(s.now_ms, START_MS + 200 + 60_000);
        let s = reduce((*s).clone(), [Msg::TogglePlay, Msg::Tick]);
        assert!(!s.playing);
        assert_eq!(s.now_ms, START_MS + 200 + 60_000);
    }

    #[test]
    fn speeds_are_the_documented_factors() {
        let factors: Vec<u64> = Speed::ALL.iter().map(|s| s.factor()).collect();
        assert_eq!(factors, [1, 10, 60, 600]);
        assert_eq!(Speed::X600.label(), "600×");
    }

    #[test]
    fn running_echoes_the_command_at_the_current_time() {
        let s = reduce(
            State::default(),
            [
                Msg::TogglePlay,
                Msg::Tick,
                Msg::Run("kubectl get pods\n".into()),
            ],
        );
        let echoed = s.entries.iter().find_map(|e| match e {
            Entry::Command { text, at_ms } => Some((text.clone(), *at_ms)),
            _ => None,
        });
        assert_eq!(
            echoed,
            Some(("kubectl get pods".to_owned(), START_MS + 100))
        );
        assert_eq!(*s.history, vec!["kubectl get pods".to_owned()]);
    }

    #[test]
    fn empty_lines_echo_but_are_not_history() {
        let s = reduce(State::default(), [Msg::Run("   ".into())]);
        assert!(matches!(s.entries.last(), Some(Entry::Command { .. })));
        assert!(s.history.is_empty());
    }

    #[test]
    fn history_skips_consecutive_duplicates_and_is_bounded() {
        let runs = ["a", "a", "b", "a"].map(|t| Msg::Run(t.into()));
        let s = reduce(State::default(), runs);
        assert_eq!(*s.history, ["a", "b", "a"].map(String::from));
        let many = (0..MAX_HISTORY + 10).map(|i| Msg::Run(format!("echo {i}")));
        let s = reduce(State::default(), many);
        assert_eq!(s.history.len(), MAX_HISTORY);
        assert_eq!(s.history.last().map(String::as_str), Some("echo 509"));
    }

    #[test]
    fn scrollback_is_bounded() {
        let many = (0..MAX_ENTRIES + 10).map(|_| Msg::Run(String::new()));
        let s = reduce(State::default(), many);
        assert_eq!(s.entries.len(), MAX_ENTRIES);
    }

    #[test]
    fn clear_empties_the_console_but_keeps_history() {
        let s = reduce(State::default(), [Msg::Run("x".into()), Msg::ClearConsole]);
        assert!(s.entries.is_empty());
        assert_eq!(s.history.len(), 1);
    }

    #[test]
    fn old_states_share_the_simulation_but_keep_their_own_view() {
        let s0 = Rc::new(State::default());
        let s1 = reduce((*s0).clone(), [Msg::TogglePlay, Msg::Tick]);
        assert_eq!(s0.now_ms, START_MS);
        assert_eq!(s1.now_ms, START_MS + 100);
        assert_ne!(*s0, *s1);
    }
}
