//! The session log: every input that changed the simulation, in order, with the simulated time
//! it happened at. Replaying it on a fresh simulation gives the same cluster (the core never reads
//! a clock), which is what the timeline's "go back" and share links are built on.

use kubeplay_core::{Simulation, Transcript};

/// One input to the simulation.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Step {
    /// A console line, a pasted script or an editor Apply (as `kubectl apply -f - <<EOF`), run at
    /// `at_ms`; `end_ms` is where the clock stood afterwards (a script may `sleep`).
    Run {
        at_ms: i64,
        end_ms: i64,
        text: String,
    },
    /// Simulated time passed (play, step, jump) up to `to_ms`.
    Advance { to_ms: i64 },
}

/// A command as replayed: what ran, when, and what it printed.
#[derive(Debug, Clone)]
pub struct Ran {
    pub at_ms: i64,
    pub text: String,
    pub transcript: Transcript,
}

/// Everything needed to rebuild a simulation: seed, start, files `-f` reads, and the steps.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Session {
    pub seed: u64,
    pub start_ms: i64,
    /// Files a shared script reads with `kubectl apply -f PATH` (the browser has no disk).
    pub files: Vec<(String, String)>,
    pub steps: Vec<Step>,
}

impl Session {
    pub fn new(seed: u64, start_ms: i64) -> Self {
        Session {
            seed,
            start_ms,
            files: Vec::new(),
            steps: Vec::new(),
        }
    }

    /// A fresh simulation with this session's seed, start and files, before any step.
    pub fn fresh(&self) -> Simulation {
        let mut sim = Simulation::new(self.seed, self.start_ms);
        for (path, content) in &self.files {
            sim.files.add(path, content);
        }
        sim
    }

    pub fn record_run(&mut self, at_ms: i64, end_ms: i64, text: String) {
        self.steps.push(Step::Run {
            at_ms,
            end_ms,
            text,
        });
    }

    /// Records that time passed up to `to_ms`; consecutive advances merge into one, so an hour
    /// of playing is one step, not 36,000 ticks.
    pub fn record_advance(&mut self, to_ms: i64) {
        if to_ms <= self.end_ms() {
            return;
        }
        match self.steps.last_mut() {
            Some(Step::Advance { to_ms: last }) => *last = to_ms,
            _ => self.steps.push(Step::Advance { to_ms }),
        }
    }

    /// Where the clock stood after the last step.
    pub fn end_ms(&self) -> i64 {
        match self.steps.last() {
            Some(Step::Run { end_ms, .. }) => *end_ms,
            Some(Step::Advance { to_ms }) => *to_ms,
            None => self.start_ms,
        }
    }

    /// Drops everything after `t` (the user went back in time and now changes the past): a run
    /// that started at or before `t` stays, an advance past `t` is cut to `t`.
    pub fn truncate_at(&mut self, t: i64) {
        let mut kept = Vec::new();
        let mut clock = self.start_ms;
        for step in self.steps.drain(..) {
            match step {
                Step::Run { at_ms, end_ms, .. } if at_ms <= t => {
                    clock = end_ms;
                    kept.push(step);
                }
                Step::Advance { to_ms } if clock < t => {
                    clock = to_ms.min(t);
                    kept.push(Step::Advance { to_ms: clock });
                }
                _ => break,
            }
        }
        self.steps = kept;
    }

    /// Rebuilds the simulation up to `until_ms` (everything when `None`), returning it and every
    /// command that ran, in order. A script that sleeps across `until_ms` runs whole: a command
    /// cannot be stopped halfway, so the clock may end a little past `until_ms`.
    pub fn replay(&self, until_ms: Option<i64>) -> (Simulation, Vec<Ran>) {
        let until = until_ms.unwrap_or(i64::MAX);
        let mut sim = self.fresh();
        let mut ran = Vec::new();
        for step in &self.steps {
            match step {
                Step::Run { at_ms, text, .. } => {
                    if *at_ms > until {
                        break;
                    }
                    advance_to(&mut sim, *at_ms);
                    let transcript = sim.run_script(text);
                    ran.push(Ran {
                        at_ms: *at_ms,
                        text: text.clone(),
                        transcript,
                    });
                }
                Step::Advance { to_ms } => advance_to(&mut sim, (*to_ms).min(until)),
            }
        }
        if let Some(t) = until_ms {
            advance_to(&mut sim, t);
        }
        (sim, ran)
    }

    /// The session as a script `kubeplay run` plays back identically: each run's text as typed,
    /// and `sleep` for the time that passed in between.
    pub fn script(&self) -> String {
        let mut out = String::new();
        let mut clock = self.start_ms;
        for step in &self.steps {
            match step {
                Step::Run {
                    at_ms,
                    end_ms,
                    text,
                } => {
                    push_sleep(&mut out, at_ms - clock);
                    out.push_str(text);
                    if !text.ends_with('\n') {
                        out.push('\n');
                    }
                    clock = *end_ms;
                }
                Step::Advance { to_ms } => {
                    push_sleep(&mut out, to_ms - clock);
                    clock = clock.max(*to_ms);
                }
            }
        }
        out
    }
}

/// Moves the clock forward to `t` (never back).
fn advance_to(sim: &mut Simulation, t: i64) {
    let now = sim.now_ms();
    if t > now {
        sim.advance((t - now) as u64);
    }
}

fn push_sleep(out: &mut String, ms: i64) {
    if ms > 0 {
        out.push_str("sleep ");
        out.push_str(&duration_arg(ms));
        out.push('\n');
    }
}

/// A duration as GNU `sleep` takes it, in the largest unit that is exact: `2h`, `90s`, `0.1s`.
pub fn duration_arg(ms: i64) -> String {
    const UNITS: [(i64, &str); 4] = [
        (86_400_000, "d"),
        (3_600_000, "h"),
        (60_000, "m"),
        (1_000, "s"),
    ];
    for (unit, suffix) in UNITS {
        if ms % unit == 0 {
            return format!("{}{suffix}", ms / unit);
        }
    }
    let s = format!("{}.{:03}", ms / 1000, ms % 1000);
    format!("{}s", s.trim_end_matches('0'))
}

#[cfg(test)]
mod tests {
    use super::*;

    const START: i64 = 1_735_689_600_000;
    const POD: &str = "kubectl apply -f - <<'EOF'\napiVersion: v1\nkind: Pod\nmetadata:\n  name: web\nspec:\n  containers:\n  - name: web\n    image: nginx\nEOF";

    fn session_with_pod() -> Session {
        let mut s = Session::new(7, START);
        let mut sim = s.fresh();
        let text = POD.to_owned();
        let t = sim.run_script(&text);
        assert_eq!(t.status, 0, "{}", t.text());
        s.record_run(START, sim.now_ms(), text);
        s.record_advance(START + 100);
        s.record_advance(START + 30_000);
        s
    }

    #[test]
    fn advances_merge_and_never_go_back() {
        let mut s = session_with_pod();
        assert_eq!(s.steps.len(), 2);
        s.record_advance(START + 10);
        assert_eq!(s.end_ms(), START + 30_000);
    }

    #[test]
    fn the_script_replays_to_the_same_cluster() {
        let s = session_with_pod();
        assert_eq!(s.script(), format!("{POD}\nsleep 30s\n"));
        let (replayed, ran) = s.replay(None);
        assert_eq!(ran.len(), 1);
        let mut from_script = Simulation::new(7, START);
        from_script.run_script(&s.script());
        assert_eq!(replayed.now_ms(), from_script.now_ms());
        assert_eq!(replayed.trace(), from_script.trace());
    }

    #[test]
    fn replay_stops_at_an_earlier_moment() {
        let s = session_with_pod();
        let (sim, ran) = s.replay(Some(START + 1_000));
        assert_eq!(sim.now_ms(), START + 1_000);
        assert_eq!(ran.len(), 1);
        let (sim, ran) = s.replay(Some(START - 1));
        assert!(ran.is_empty());
        assert_eq!(sim.now_ms(), START);
    }

    #[test]
    fn truncating_drops_the_future() {
        let mut s = session_with_pod();
        s.record_run(START + 30_000, START + 30_000, "kubectl get pods".into());
        s.record_advance(START + 60_000);
        s.truncate_at(START + 10_000);
        assert_eq!(s.end_ms(), START + 10_000);
        assert_eq!(s.steps.len(), 2);
        s.truncate_at(START);
        assert_eq!(
            s.steps.len(),
            1,
            "the run at the start stays: {:?}",
            s.steps
        );
    }

    #[test]
    fn durations_use_the_largest_exact_unit() {
        assert_eq!(duration_arg(7_200_000), "2h");
        assert_eq!(duration_arg(90_000), "90s");
        assert_eq!(duration_arg(120_000), "2m");
        assert_eq!(duration_arg(100), "0.1s");
        assert_eq!(duration_arg(1_250), "1.25s");
        for ms in [1, 999, 1_001, 61_500, 86_400_001] {
            assert_eq!(
                kubeplay_core::commands::parse_duration_ms(&duration_arg(ms)),
                Some(ms)
            );
        }
    }
}
