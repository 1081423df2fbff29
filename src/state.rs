//! The root reducer: one [`State`], one closed [`Msg`] enum, and no browser APIs, so every
//! transition is a plain function that native tests can drive.
//!
//! Every input that changes the simulation is recorded in a [`Session`]; replaying it on a fresh
//! simulation gives the same cluster, because the simulation never reads a clock. The timeline
//! (going back), share links and localStorage are all built on that.

use std::cell::RefCell;
use std::rc::Rc;

use kubeplay_core::complete::Completion;
use kubeplay_core::share::Scenario;
use kubeplay_core::{Simulation, Stream, Transcript};
use yew::Reducible;

use crate::docs::{apply_command, fresh_name, ApplyResult, Doc, MAX_DOCS};
use crate::session::{Ran, Session, Step};
use crate::timeline::{self, Item};
use crate::view::{snapshot, ClusterView, DnsRecord, ObjRef};

/// A `State::seen` no simulation has: forces a fresh view.
const NEVER: (u64, usize, i64) = (u64::MAX, usize::MAX, i64::MIN);

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
/// "As fast as possible": at most this many event instants per tick…
pub const MAX_EVENTS_PER_TICK: usize = 200;
/// …and at most this much simulated time per tick (one day), so the view keeps up.
pub const MAX_MS_PER_TICK: i64 = 86_400_000;

/// How fast simulated time passes while playing.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Speed {
    #[default]
    X1,
    X10,
    X60,
    X600,
    /// From one event to the next with no waiting in between.
    Max,
}

impl Speed {
    /// Every speed, in the order the selector shows them.
    pub const ALL: [Speed; 5] = [Speed::X1, Speed::X10, Speed::X60, Speed::X600, Speed::Max];

    /// The multiplier; `None` for "as fast as possible".
    pub fn factor(self) -> Option<u64> {
        match self {
            Speed::X1 => Some(1),
            Speed::X10 => Some(10),
            Speed::X60 => Some(60),
            Speed::X600 => Some(600),
            Speed::Max => None,
        }
    }

    /// `1×`, `10×`, …, `Max`
    pub fn label(self) -> String {
        self.factor()
            .map_or_else(|| "Max".to_owned(), |f| format!("{f}×"))
    }

    /// The test id suffix: `speed-1` … `speed-600`, `speed-max`.
    pub fn id(self) -> String {
        self.factor()
            .map_or_else(|| "max".to_owned(), |f| f.to_string())
    }

    /// What one real second amounts to, for tooltips.
    pub fn describe(self) -> &'static str {
        match self {
            Speed::X1 => "real time",
            Speed::X10 => "10 seconds per second",
            Speed::X60 => "1 minute per second",
            Speed::X600 => "10 minutes per second",
            Speed::Max => "as fast as possible: from one event straight to the next",
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

/// The selected object's `kubectl describe` and `why`.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct Details {
    pub describe: String,
    pub why: String,
}

/// Everything the UI sends to the root reducer.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Msg {
    /// Run a console line or a pasted multi-line script.
    Run(String),
    /// One browser tick passed: advance simulated time if playing.
    Tick,
    SetSpeed(Speed),
    TogglePlay,
    /// Advance to the next thing the cluster will do.
    Step,
    /// Advance by this many simulated milliseconds.
    Jump(i64),
    /// Show the cluster as it was at this instant (replaying the session up to it).
    Seek(i64),
    ClearConsole,
    /// The active editor tab's new text.
    Edit(String),
    NewDoc,
    SelectDoc(usize),
    CloseDoc(usize),
    /// `kubectl apply` the active tab.
    Apply,
    Select(Option<ObjRef>),
    /// Start over from a scenario (a share link, localStorage).
    Load(Box<Scenario>),
    /// Start a built-in guided scenario on a fresh cluster (`None` leaves the guide).
    StartTour(Option<usize>),
    /// Commands typed in an earlier visit, for ↑/↓.
    RestoreHistory(Vec<String>),
    /// A message from the app itself, shown in the console.
    Note(String),
    /// A share link was made; `copied` says whether the clipboard took it.
    Shared {
        copied: bool,
        length: usize,
    },
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
    /// Every input so far; the simulation is its replay.
    pub session: Rc<Session>,
    /// Simulated now, copied out of the simulation after each message.
    pub now_ms: i64,
    /// The latest instant the session reached; `now_ms < horizon_ms` while viewing the past.
    pub horizon_ms: i64,
    pub playing: bool,
    pub speed: Speed,
    /// Scrollback. Behind an `Rc` so ticks (which never touch it) stay O(1).
    pub entries: Rc<Vec<Entry>>,
    /// Commands run, oldest first, without consecutive duplicates.
    pub history: Rc<Vec<String>>,
    pub docs: Rc<Vec<Doc>>,
    pub active_doc: usize,
    pub apply_result: Option<Rc<ApplyResult>>,
    /// What the cluster panels draw, refreshed only when the cluster did something.
    pub view: Rc<ClusterView>,
    pub timeline: Rc<Vec<Item>>,
    pub selected: Option<ObjRef>,
    pub details: Rc<Details>,
    /// The built-in scenario being followed (an index into `tour::TOURS`).
    pub tour: Option<usize>,
    /// The view's DNS records, shared with the DNS panel.
    pub dns: Rc<Vec<DnsRecord>>,
    /// (`Trace::recorded()`, steps, ten-second bucket) when `view` was taken.
    seen: (u64, usize, i64),
    /// The object `details` describes.
    details_for: Option<ObjRef>,
    /// A long console `sleep` running a slice per tick, and the lines typed meanwhile.
    pub sleeping: Option<Rc<Sleeping>>,
}

/// A console `sleep` longer than a tick's slice: the clock moves up to a day per tick until it
/// ends, and what is typed meanwhile runs after it, as a terminal's typeahead does.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Sleeping {
    pub at_ms: i64,
    pub until_ms: i64,
    pub text: String,
    pub typeahead: Vec<String>,
}

impl Default for State {
    fn default() -> Self {
        State::new(SEED, START_MS)
    }
}

impl PartialEq for State {
    fn eq(&self, other: &Self) -> bool {
        Rc::ptr_eq(&self.sim, &other.sim)
            && self.seen == other.seen
            && self.now_ms == other.now_ms
            && self.horizon_ms == other.horizon_ms
            && self.playing == other.playing
            && self.speed == other.speed
            && Rc::ptr_eq(&self.entries, &other.entries)
            && Rc::ptr_eq(&self.history, &other.history)
            && Rc::ptr_eq(&self.docs, &other.docs)
            && self.active_doc == other.active_doc
            && self.apply_result == other.apply_result
            && self.selected == other.selected
            && self.tour == other.tour
            && Rc::ptr_eq(&self.details, &other.details)
            && self.sleeping == other.sleeping
    }
}

impl std::fmt::Debug for State {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("State")
            .field("now_ms", &self.now_ms)
            .field("horizon_ms", &self.horizon_ms)
            .field("playing", &self.playing)
            .field("speed", &self.speed)
            .field("entries", &self.entries.len())
            .field("steps", &self.session.steps.len())
            .finish_non_exhaustive()
    }
}

impl State {
    /// A paused session on a fresh simulation, with the welcome note and the starter YAML.
    pub fn new(seed: u64, start_ms: i64) -> Self {
        let session = Session::new(seed, start_ms);
        let sim = session.fresh();
        let mut s = State {
            now_ms: sim.now_ms(),
            horizon_ms: sim.now_ms(),
            sim: Rc::new(RefCell::new(sim)),
            session: Rc::new(session),
            playing: false,
            speed: Speed::default(),
            entries: Rc::new(vec![Entry::Note(WELCOME.to_owned())]),
            history: Rc::default(),
            docs: Rc::new(crate::tour::starter_docs()),
            active_doc: 0,
            apply_result: None,
            view: Rc::default(),
            timeline: Rc::default(),
            selected: None,
            details: Rc::default(),
            tour: None,
            seen: NEVER,
            dns: Rc::default(),
            details_for: None,
            sleeping: None,
        };
        s.refresh();
        s
    }

    /// Whether the view shows an earlier moment than the session reached.
    pub fn in_past(&self) -> bool {
        self.now_ms < self.horizon_ms
    }

    /// Tab completion of `line` (the prompt's text before the caret) against the cluster as it is
    /// now. Read-only, for the console's key handler; never called while `reduce` runs.
    pub fn complete(&self, line: &str) -> Completion {
        self.sim
            .try_borrow()
            .map(|sim| sim.complete(line))
            .unwrap_or_default()
    }

    /// The whole session as a scenario: what a share link or localStorage holds.
    pub fn scenario(&self) -> Scenario {
        let mut session = (*self.session).clone();
        // A link opened from the past shows the past: the future is not part of it.
        session.truncate_at(self.now_ms);
        session.record_advance(self.now_ms);
        Scenario {
            seed: session.seed,
            start_ms: session.start_ms,
            script: session.script(),
            files: session.files.clone(),
            docs: self
                .docs
                .iter()
                .map(|d| (d.name.clone(), d.text.clone()))
                .collect(),
            guide: self
                .tour
                .and_then(|i| crate::tour::TOURS.get(i))
                .map(|t| t.id.to_owned()),
        }
    }

    /// Applies one message; the pure core of [`Reducible::reduce`].
    pub fn apply(&mut self, msg: Msg) {
        if self.sleeping.is_some() && !self.apply_while_sleeping(&msg) {
            self.refresh();
            return;
        }
        match msg {
            Msg::Run(text) => self.run(text),
            Msg::Tick if self.playing => self.tick(),
            Msg::Tick => {}
            Msg::SetSpeed(speed) => self.speed = speed,
            Msg::TogglePlay => self.playing = !self.playing,
            Msg::Step => self.step(),
            Msg::Jump(ms) => self.advance_to(self.now_ms.saturating_add(ms.max(0))),
            Msg::Seek(t) => self.seek(t),
            Msg::ClearConsole => self.entries = Rc::default(),
            Msg::Edit(text) => self.edit(text),
            Msg::NewDoc => self.new_doc(),
            Msg::SelectDoc(i) if i < self.docs.len() => self.active_doc = i,
            Msg::SelectDoc(_) => {}
            Msg::CloseDoc(i) => self.close_doc(i),
            Msg::Apply => self.apply_active_doc(),
            Msg::Select(obj) => self.selected = obj,
            Msg::Load(scenario) => self.load(*scenario),
            Msg::StartTour(t) => self.start_tour(t),
            Msg::RestoreHistory(h) => {
                let keep = h.len().saturating_sub(MAX_HISTORY);
                self.history = Rc::new(h.into_iter().skip(keep).collect());
            }
            Msg::Note(text) => self.push_entries([Entry::Note(text)]),
            Msg::Shared { copied, length } => self.push_entries([Entry::Note(if copied {
                format!("Share link copied to the clipboard and put in the address bar ({length} characters). Opening it replays this session exactly.")
            } else {
                format!("Share link put in the address bar ({length} characters); the clipboard refused it, so copy it from there.")
            })]),
        }
        self.refresh();
    }

    // ---- time ----------------------------------------------------------------------------

    /// While a console `sleep` runs: ticks move it on, typed lines wait for it; messages that
    /// move time or swap the session wait too. Whether `msg` should still be applied as usual.
    fn apply_while_sleeping(&mut self, msg: &Msg) -> bool {
        match msg {
            Msg::Tick => {
                self.sleep_tick();
                false
            }
            Msg::Run(text) => {
                if let Some(s) = self.sleeping.as_mut() {
                    Rc::make_mut(s).typeahead.push(text.clone());
                }
                false
            }
            Msg::Step | Msg::Jump(_) | Msg::Seek(_) | Msg::TogglePlay | Msg::Apply => false,
            // Starting over ends the sleep with the session it belonged to.
            Msg::Load(_) | Msg::StartTour(_) => {
                self.sleeping = None;
                true
            }
            _ => true,
        }
    }

    /// One tick of a console `sleep`: at most a day of simulated time; at the end the line is
    /// recorded as run (so a replay sleeps the same span at once) and the typeahead runs.
    fn sleep_tick(&mut self) {
        let Some(s) = self.sleeping.clone() else {
            return;
        };
        {
            let mut sim = self.sim.borrow_mut();
            let now = sim.now_ms();
            let target = s.until_ms.min(now.saturating_add(MAX_MS_PER_TICK));
            if target > now {
                sim.advance((target - now) as u64);
            }
            self.now_ms = sim.now_ms();
        }
        self.horizon_ms = self.now_ms;
        if self.now_ms < s.until_ms {
            return;
        }
        self.sleeping = None;
        self.sim.borrow_mut().set_last_status(0);
        Rc::make_mut(&mut self.session).record_run(s.at_ms, self.now_ms, s.text.clone());
        let mut lines = s.typeahead.iter().cloned();
        while let Some(line) = lines.next() {
            self.run(line);
            // A line that sleeps again takes the rest of the typeahead with it.
            if let Some(next) = self.sleeping.as_mut() {
                Rc::make_mut(next).typeahead.extend(lines.by_ref());
            }
        }
    }

    fn tick(&mut self) {
        match self.speed.factor() {
            Some(f) => self.advance_to(self.now_ms + (TICK_MS * f) as i64),
            None => self.fast_forward(),
        }
        if self.speed == Speed::Max && self.next_instant().is_none() {
            self.playing = false; // nothing left to happen: "as fast as possible" is done
        }
    }

    /// The next instant anything happens: a simulator event, or (in the past) a recorded command.
    fn next_instant(&self) -> Option<i64> {
        let event = self.sim.borrow().next_event_ms();
        let run = self.in_past().then(|| self.next_recorded_run()).flatten();
        match (event, run) {
            (Some(a), Some(b)) => Some(a.min(b)),
            (a, b) => a.or(b),
        }
    }

    fn next_recorded_run(&self) -> Option<i64> {
        self.session.steps.iter().find_map(|s| match s {
            Step::Run { at_ms, .. } if *at_ms > self.now_ms => Some(*at_ms),
            _ => None,
        })
    }

    fn step(&mut self) {
        if let Some(t) = self.next_instant() {
            self.advance_to(t);
        }
    }

    fn fast_forward(&mut self) {
        let cap = self.now_ms + MAX_MS_PER_TICK;
        for _ in 0..MAX_EVENTS_PER_TICK {
            match self.next_instant() {
                Some(t) if t <= cap => self.advance_to(t),
                _ => break,
            }
        }
    }

    /// Moves simulated time forward to `t`. In the past, the recorded commands due on the way
    /// run again at their times, so playing forward from the past re-enacts the session.
    fn advance_to(&mut self, t: i64) {
        if t <= self.now_ms {
            return;
        }
        if self.in_past() {
            let due: Vec<(i64, String)> = self
                .session
                .steps
                .iter()
                .filter_map(|s| match s {
                    Step::Run { at_ms, text, .. } if *at_ms > self.now_ms && *at_ms <= t => {
                        Some((*at_ms, text.clone()))
                    }
                    _ => None,
                })
                .collect();
            for (at, text) in due {
                let transcript = {
                    let mut sim = self.sim.borrow_mut();
                    let now = sim.now_ms();
                    sim.advance((at - now).max(0) as u64);
                    sim.run_script(&text)
                };
                self.show(Ran {
                    at_ms: at,
                    text,
                    transcript,
                });
            }
        }
        let mut sim = self.sim.borrow_mut();
        let now = sim.now_ms();
        if t > now {
            sim.advance((t - now) as u64);
        }
        self.now_ms = sim.now_ms();
        drop(sim);
        if self.now_ms >= self.horizon_ms {
            Rc::make_mut(&mut self.session).record_advance(self.now_ms);
            self.horizon_ms = self.now_ms;
        }
    }

    /// Rebuilds the cluster as it was at `t` (clamped to the session's span) by replaying.
    fn seek(&mut self, t: i64) {
        let t = t.clamp(self.session.start_ms, self.horizon_ms);
        self.playing = false;
        let (sim, ran) = self.session.replay(Some(t));
        self.now_ms = sim.now_ms();
        self.sim = Rc::new(RefCell::new(sim));
        self.entries = Rc::new(vec![Entry::Note(WELCOME.to_owned())]);
        for r in ran {
            self.show(r);
        }
        self.seen = NEVER; // a new simulation: take a fresh view
    }

    /// A new input while viewing the past rewrites history: what came after is dropped.
    fn commit_past(&mut self) {
        if self.in_past() {
            Rc::make_mut(&mut self.session).truncate_at(self.now_ms);
            self.horizon_ms = self.now_ms;
        }
    }

    // ---- commands ------------------------------------------------------------------------

    fn run(&mut self, text: String) {
        // A trailing newline from a paste is not part of the command as typed.
        let text = text.trim_end_matches(['\n', '\r']).to_owned();
        if text.trim().is_empty() {
            // like a shell: an empty line just prints a fresh prompt
            self.push_entries([Entry::Command {
                text,
                at_ms: self.now_ms,
            }]);
            return;
        }
        self.remember(&text);
        match kubeplay_core::commands::lone_sleep_ms(&text).filter(|ms| *ms > MAX_MS_PER_TICK) {
            Some(ms) => self.start_sleep(text, ms),
            None => {
                self.execute(text);
            }
        }
    }

    /// A `sleep` longer than a tick's slice: shown now, run a slice per tick (`sleep_tick`).
    fn start_sleep(&mut self, text: String, ms: i64) {
        self.commit_past();
        let at_ms = self.now_ms;
        self.push_entries([Entry::Command {
            text: text.clone(),
            at_ms,
        }]);
        self.sleeping = Some(Rc::new(Sleeping {
            at_ms,
            until_ms: at_ms.saturating_add(ms),
            text,
            typeahead: Vec::new(),
        }));
    }

    /// Runs `text` now, records it in the session and shows it in the console.
    fn execute(&mut self, text: String) -> Transcript {
        self.commit_past();
        let at_ms = self.now_ms;
        let transcript = self.sim.borrow_mut().run_script(&text);
        self.now_ms = self.sim.borrow().now_ms(); // `sleep 30s` in a script moves the clock
        self.horizon_ms = self.now_ms;
        Rc::make_mut(&mut self.session).record_run(at_ms, self.now_ms, text.clone());
        self.show(Ran {
            at_ms,
            text,
            transcript: transcript.clone(),
        });
        transcript
    }

    /// Appends a command and its output to the console.
    fn show(&mut self, ran: Ran) {
        let mut new = vec![Entry::Command {
            text: ran.text,
            at_ms: ran.at_ms,
        }];
        let t = ran.transcript;
        let output = t.chunks.into_iter().filter(|c| !c.text.is_empty());
        new.extend(output.map(|c| Entry::Output {
            stream: c.stream,
            text: c.text,
        }));
        if t.status != 0 {
            new.push(Entry::Status(t.status));
        }
        self.push_entries(new);
    }

    fn push_entries(&mut self, new: impl IntoIterator<Item = Entry>) {
        let entries = Rc::make_mut(&mut self.entries);
        entries.extend(new);
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

    // ---- editor --------------------------------------------------------------------------

    fn edit(&mut self, text: String) {
        if let Some(doc) = Rc::make_mut(&mut self.docs).get_mut(self.active_doc) {
            doc.text = text;
        }
    }

    fn new_doc(&mut self) {
        if self.docs.len() >= MAX_DOCS {
            return;
        }
        let name = fresh_name(&self.docs);
        Rc::make_mut(&mut self.docs).push(Doc {
            name,
            text: String::new(),
        });
        self.active_doc = self.docs.len() - 1;
    }

    fn close_doc(&mut self, i: usize) {
        if i >= self.docs.len() || self.docs.len() == 1 {
            return; // the last tab stays: there is always somewhere to type
        }
        Rc::make_mut(&mut self.docs).remove(i);
        if self.active_doc >= self.docs.len() || self.active_doc > i {
            self.active_doc = self.active_doc.saturating_sub(1);
        }
        self.apply_result = None;
    }

    fn apply_active_doc(&mut self) {
        let Some(doc) = self.docs.get(self.active_doc) else {
            return;
        };
        let text = doc.text.clone();
        if text.trim().is_empty() {
            return;
        }
        let transcript = self.execute(apply_command(&text));
        let stderr: String = transcript
            .chunks
            .iter()
            .filter(|c| c.stream == Stream::Stderr)
            .map(|c| c.text.as_str())
            .collect();
        let lines = transcript
            .chunks
            .iter()
            .flat_map(|c| {
                let err = c.stream == Stream::Stderr;
                c.text.lines().map(move |l| (err, l.to_owned()))
            })
            .collect();
        self.apply_result = Some(Rc::new(ApplyResult {
            doc: self.active_doc,
            lines,
            diagnostics: crate::diagnostics::from_apply(&text, &stderr),
        }));
    }

    // ---- scenarios -----------------------------------------------------------------------

    /// Starts over from `scenario`: its script runs one command at a time (so the timeline and
    /// the console show each), its tabs replace the editor's.
    fn load(&mut self, scenario: Scenario) {
        let mut session = Session::new(scenario.seed, scenario.start_ms);
        session.files = scenario.files;
        let sim = session.fresh();
        self.now_ms = sim.now_ms();
        self.horizon_ms = self.now_ms;
        self.sim = Rc::new(RefCell::new(sim));
        self.session = Rc::new(session);
        self.entries = Rc::new(vec![Entry::Note(WELCOME.to_owned())]);
        self.playing = false;
        self.selected = None;
        self.apply_result = None;
        let guide = scenario.guide.as_deref();
        self.tour = crate::tour::TOURS.iter().position(|t| Some(t.id) == guide);
        self.seen = NEVER;
        if !scenario.docs.is_empty() {
            let docs = scenario.docs.into_iter().take(MAX_DOCS);
            self.docs = Rc::new(docs.map(|(name, text)| Doc { name, text }).collect());
            self.active_doc = 0;
        }
        match kubeplay_core::script::split(&scenario.script) {
            Ok(commands) => {
                for c in commands {
                    self.execute(c);
                }
            }
            Err(e) => self.push_entries([Entry::Note(format!(
                "This scenario's script does not parse, so nothing ran: {e}"
            ))]),
        }
    }

    fn start_tour(&mut self, tour: Option<usize>) {
        let Some(t) = tour.and_then(|i| crate::tour::TOURS.get(i)) else {
            self.tour = None;
            return;
        };
        self.load(Scenario {
            seed: SEED,
            start_ms: START_MS,
            docs: t.docs().into_iter().map(|d| (d.name, d.text)).collect(),
            guide: Some(t.id.to_owned()),
            ..Scenario::default()
        });
        self.push_entries([Entry::Note(format!(
            "Scenario: {}. A fresh cluster; the YAML is in the editor. Follow the steps on the right.",
            t.title
        ))]);
    }

    // ---- derived views -------------------------------------------------------------------

    /// Copies what the panels show out of the simulation, when the cluster changed.
    fn refresh(&mut self) {
        let mut sim = self.sim.borrow_mut();
        // The trace records what controllers and kubelets do, but not files written by a command
        // or a running process, nor the passing of time (a CronJob's next runs): so also after
        // every recorded step, and every ten simulated seconds.
        let version = (
            sim.cluster().trace.recorded(),
            self.session.steps.len(),
            self.now_ms.div_euclid(10_000),
        );
        let changed = version != self.seen;
        if changed {
            self.seen = version;
            self.view = Rc::new(snapshot(&sim));
            self.dns = Rc::new(self.view.dns.clone());
            self.timeline = Rc::new(timeline::items(&sim, &self.session));
        }
        if changed || self.details_for != self.selected {
            let details = match &self.selected {
                Some(obj) => details_of(&mut sim, obj),
                None => Details::default(),
            };
            self.details_for = self.selected.clone();
            if *self.details != details {
                self.details = Rc::new(details);
            }
        }
    }
}

/// `kubectl describe` and `why` of one object. Both only read the store, so running them is not
/// an input: they are not recorded, do not change the cluster, and leave the console's `$?` and
/// variables alone.
fn details_of(sim: &mut Simulation, obj: &ObjRef) -> Details {
    let ns = if obj.namespace.is_empty() {
        String::new()
    } else {
        format!(" -n {}", obj.namespace)
    };
    let describe = sim.inspect(&format!("kubectl describe {} {}{ns}", obj.kind, obj.name));
    let why = sim.inspect(&format!("why {}/{}{ns}", obj.kind, obj.name));
    Details {
        describe: describe.text(),
        why: why.text(),
    }
}

impl Reducible for State {
    type Action = Msg;

    fn reduce(self: Rc<Self>, msg: Msg) -> Rc<Self> {
        if msg == Msg::Tick && !self.playing && self.sleeping.is_none() {
            return self; // same Rc: Yew skips the re-render
        }
        let mut next = (*self).clone();
        next.apply(msg);
        Rc::new(next)
    }
}

/// Shown once at the top of a fresh console.
pub const WELCOME: &str = "Welcome to kubeplay: a Kubernetes cluster simulated right here in your \
browser, in WebAssembly.\n\nApply the YAML in the editor, or type a kubectl command below (paste \
whole scripts; heredocs work). Simulated time moves only while playing or when a script sleeps; \
pick a speed to fast-forward, or drag the timeline back to see the cluster as it was.";

#[cfg(test)]
#[path = "state_tests.rs"]
mod tests;
