//! The façade: one `Simulation` owning the cluster (clock, store, PRNG, trace) and running scripts.

use crate::clock::SimTime;
use crate::cluster::Cluster;
use crate::controllers::{self, SimEvent};

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

impl Transcript {
    pub fn out(&mut self, text: impl Into<String>) {
        self.push(Stream::Stdout, text.into());
    }
    pub fn err(&mut self, text: impl Into<String>) {
        self.push(Stream::Stderr, text.into());
    }
    fn push(&mut self, stream: Stream, text: String) {
        if text.is_empty() {
            return;
        }
        match self.chunks.last_mut() {
            Some(last) if last.stream == stream => last.text.push_str(&text),
            _ => self.chunks.push(Chunk { stream, text }),
        }
    }
    pub fn extend(&mut self, other: Transcript) {
        for c in other.chunks {
            self.push(c.stream, c.text);
        }
        self.status = other.status;
    }
    /// Everything printed, both streams interleaved as a terminal shows them.
    pub fn text(&self) -> String {
        self.chunks.iter().map(|c| c.text.as_str()).collect()
    }
}

/// Bound on simulator events processed at one simulated instant: components that keep waking each
/// other without the clock moving are in a loop, which reports itself instead of freezing the browser.
pub const MAX_EVENTS_PER_INSTANT: u64 = 1_000_000;

/// Bound on simulator events processed by one `advance` (one `sleep`), so no single command works
/// without end: a virtual year of a `*/2 * * * *` CronJob takes about 10.5 million.
pub const MAX_EVENTS_PER_ADVANCE: u64 = 50_000_000;

/// The simulator events one advance has processed, against both bounds.
struct Budget {
    total: u64,
    instant: SimTime,
    at_instant: u64,
}

impl Budget {
    fn new(now: SimTime) -> Self {
        Budget { total: 0, instant: now, at_instant: 0 }
    }

    /// Counts one event processed at `now`; Err in plain words once a bound is reached.
    fn spend(&mut self, now: SimTime, per_instant: u64, per_advance: u64) -> Result<(), String> {
        if now != self.instant {
            self.instant = now;
            self.at_instant = 0;
        }
        self.total += 1;
        self.at_instant += 1;
        let at = || crate::timefmt::rfc3339_secs(now.secs());
        if self.at_instant >= per_instant {
            return Err(format!("kubeplay: stopped after {per_instant} simulator events at {} without the clock moving; the cluster is in a loop", at()));
        }
        if self.total >= per_advance {
            return Err(format!("kubeplay: stopped after {per_advance} simulator events in one command, at {}; that is the most one command may do (sleep again to go on)", at()));
        }
        Ok(())
    }
}

/// A simulated cluster plus the shell-like session that drives it.
pub struct Simulation {
    pub(crate) cluster: Cluster,
    pub(crate) seed: u64,
    /// The workqueues' per-item failure counts (a sync whose create the apiserver refused is
    /// retried after an exponential backoff; a clean sync forgets the count).
    failures: std::collections::BTreeMap<(controllers::ControllerId, crate::api::ObjKey), u32>,
    /// Files that `kubectl apply -f PATH` can read: the workstation's working directory.
    pub files: crate::files::Files,
    /// The shell's variables and `$?`, kept from one script (console line) to the next.
    pub(crate) shell: crate::script::ShellState,
    /// The namespace of kubeconfig's current context (`kubectl config set-context --current
    /// --namespace=NS`), which commands default to; None is `default`.
    pub(crate) context_namespace: Option<String>,
}

impl Simulation {
    /// A fresh cluster at `start_ms` (milliseconds since the Unix epoch), seeded with `seed`.
    pub fn new(seed: u64, start_ms: i64) -> Self {
        let start = SimTime(start_ms);
        let (cluster, mut user) = Cluster::booting(seed, start);
        let mut sim = Simulation { cluster, seed, failures: Default::default(), files: Default::default(), shell: Default::default(), context_namespace: None };
        // kind's boot, a minute before the first command: the control plane, then the workers,
        // whose nodes draw from the user's stream as the base objects do.
        let _ = sim.advance_to(sim.cluster.now.plus_ms(crate::bootstrap::WORKERS_JOIN_MS));
        std::mem::swap(&mut sim.cluster.rng, &mut user);
        crate::bootstrap::join_workers(&mut sim.cluster);
        std::mem::swap(&mut sim.cluster.rng, &mut user);
        let _ = sim.advance_to(start);
        sim.cluster.booted(user);
        sim
    }

    /// Runs a whole script (kubectl lines, heredocs, `sleep 2m`, `echo`, comments).
    /// Sets `$?` for a command a host ran itself (the web app's sliced `sleep`, which ends 0).
    pub fn set_last_status(&mut self, status: i32) {
        self.shell.status = status;
    }

    pub fn run_script(&mut self, text: &str) -> Transcript {
        crate::script::run(self, text)
    }

    /// Runs a command for a view rather than for the user (a details panel's `kubectl describe`):
    /// the shell's variables and `$?` stay as the user's last command left them.
    pub fn inspect(&mut self, text: &str) -> Transcript {
        let shell = self.shell.clone();
        let t = crate::script::run(self, text);
        self.shell = shell;
        t
    }

    /// Advances the virtual clock by `ms`, processing every event due in between.
    pub fn advance(&mut self, ms: u64) {
        let target = self.cluster.now.plus_ms(ms.min(i64::MAX as u64) as i64);
        let _ = self.advance_to(target);
    }

    /// Processes events up to `target` and leaves the clock there. Returns an error in plain words
    /// if the per-advance event bound was hit.
    pub fn advance_to(&mut self, target: SimTime) -> Result<(), String> {
        let mut budget = Budget::new(self.cluster.now);
        while let Some(t) = self.cluster.queue.next_time() {
            if t > target {
                break;
            }
            if t > self.cluster.now {
                self.cluster.now = t;
                crate::events::expire(&mut self.cluster);
            }
            self.step()?;
            budget.spend(self.cluster.now, MAX_EVENTS_PER_INSTANT, MAX_EVENTS_PER_ADVANCE)?;
        }
        if target > self.cluster.now {
            self.cluster.now = target;
            crate::events::expire(&mut self.cluster);
        }
        Ok(())
    }

    /// Runs everything due now (after a command changed the store).
    pub fn settle(&mut self) -> Result<(), String> {
        self.advance_to(self.cluster.now)
    }

    fn step(&mut self) -> Result<(), String> {
        let Some((_, ev)) = self.cluster.queue.pop_due(self.cluster.now) else { return Ok(()) };
        match ev {
            SimEvent::Reconcile { controller: controllers::ControllerId::GarbageCollector, key } => {
                if let Some(owner) = self.cluster.get(&key).cloned() {
                    crate::gc::start_foreground(&mut self.cluster, &owner);
                }
            }
            SimEvent::Reconcile { controller: controllers::ControllerId::TaintEviction, key } => {
                // Its timed work queue outlives a reconcile, so it is kept here, not in the store.
                let work = self.cluster.taint_evictions.get(&key).copied();
                let (r, queued) = controllers::taint_eviction::reconcile(&self.cluster.store, &key, self.cluster.now, work);
                controllers::taint_eviction::cancel_gone(&mut self.cluster, &key, work);
                match queued {
                    Some(t) => self.cluster.taint_evictions.insert(key.clone(), t),
                    None => self.cluster.taint_evictions.remove(&key),
                };
                self.apply_reconciled(controllers::ControllerId::TaintEviction, &key, r);
            }
            SimEvent::Reconcile { controller: controllers::ControllerId::NodeStatus, key } => crate::kubelet::node_status::sync(&mut self.cluster, &key),
            SimEvent::Reconcile { controller, key } => {
                let r = controllers::reconcile(controller, &self.cluster.store, &key, self.cluster.now);
                self.apply_reconciled(controller, &key, r);
            }
            SimEvent::Kubelet { pod } => crate::kubelet::sync(&mut self.cluster, &pod),
        }
        Ok(())
    }

    fn apply_reconciled(&mut self, id: controllers::ControllerId, key: &crate::api::ObjKey, r: controllers::Reconciled) {
        let now = self.cluster.now;
        // A controller repeats its reasons on every sync; the trace records them when they change.
        if self.cluster.explanation(key, id.component()) != Some(r.waiting.as_slice()) {
            for why in &r.waiting {
                self.cluster.trace.record(now.ms(), "why", key, &[why.as_str()]);
            }
            self.cluster.explain(key, id.component(), &r.waiting);
        }
        for (about, why) in &r.notes {
            self.cluster.trace.record(now.ms(), "why", about, &[why.as_str()]);
            self.cluster.explain(about, id.component(), std::slice::from_ref(why));
        }
        // Events first: an Event about an object describes the write that follows it.
        let component = id.component();
        if let Some(involved) = self.cluster.store.get_shared(key).filter(|_| !r.events.is_empty() || !r.events_from.is_empty()) {
            for (t, reason, msg) in &r.events {
                crate::events::record(&mut self.cluster, &involved, t, reason, msg, component);
            }
            for (from, t, reason, msg) in &r.events_from {
                crate::events::record(&mut self.cluster, &involved, t, reason, msg, from);
            }
        }
        let mut results = Vec::new();
        let mut create_failed = false;
        for (i, w) in r.writes.into_iter().enumerate() {
            let is_create = matches!(w, crate::cluster::Write::Create(_));
            // A follow-up sees each result as the apiserver returned it (the stored object itself).
            let (full, res) = if r.then.is_some() {
                let full = self.cluster.write_shared(w);
                let res = full.as_ref().map(|o| o.key()).map_err(Clone::clone);
                (Some(full), res)
            } else {
                (None, self.cluster.submit(w))
            };
            create_failed |= is_create && res.is_err();
            for ce in r.create_events.iter().filter(|c| c.write == i) {
                match &res {
                    Ok(made) => self.cluster.record_event_about(key, "Normal", &ce.reason, &format!("{}{}", ce.prefix, made.name), component),
                    Err(e) => self.cluster.record_event_about(key, "Warning", "FailedCreate", &format!("Error creating: {}", e.message()), component),
                }
            }
            for we in r.write_events.iter().filter(|e| e.write == i) {
                match &res {
                    Ok(_) => self.cluster.record_event_about(key, "Normal", &we.ok.0, &we.ok.1, component),
                    Err(crate::api::errors::ApiError::AlreadyExists { .. }) if we.quiet_if_exists => {}
                    Err(e) => self.cluster.record_event_about(key, "Warning", &we.failed.0, &format!("{}{}", we.failed.1, e.message()), component),
                }
            }
            results.extend(full);
        }
        if let Some((base, max)) = id.api_backoff() {
            let item = (id, key.clone());
            if create_failed {
                // AddRateLimited: base·2^(failures-1), capped.
                let n = self.failures.entry(item).or_insert(0);
                *n = n.saturating_add(1);
                let delay = base.saturating_mul(1i64 << (*n - 1).min(40)).min(max);
                self.cluster.schedule(now.plus_ms(delay), SimEvent::Reconcile { controller: id, key: key.clone() });
            } else if r.then.is_none() {
                self.failures.remove(&item);
            }
        }
        if let Some(then) = r.then {
            let next = (then.0)(&self.cluster.store, &results, now);
            self.apply_reconciled(id, key, next);
        }
        if let Some(ms) = r.requeue_after_ms {
            self.cluster.schedule(now.plus_ms(ms.max(1)), SimEvent::Reconcile { controller: id, key: key.clone() });
        }
    }

    /// The simulated time, in milliseconds since the Unix epoch.
    pub fn now_ms(&self) -> i64 {
        self.cluster.now.ms()
    }

    /// When the next queued simulator event is due (ms since the epoch), if any: a host replaying
    /// a scenario can jump the clock there instead of polling.
    pub fn next_event_ms(&self) -> Option<i64> {
        self.cluster.queue.next_time().map(|t| t.ms())
    }

    /// The trace so far, one line per step.
    pub fn trace(&self) -> &[String] {
        self.cluster.trace.lines()
    }

    /// The seed this simulation was created with.
    pub fn seed(&self) -> u64 {
        self.seed
    }

    /// Read access to the cluster state (for views and tests).
    pub fn cluster(&self) -> &Cluster {
        &self.cluster
    }
}

#[cfg(test)]
mod tests {
    #[test]
    fn a_loop_at_one_instant_and_a_long_advance_are_both_bounded() {
        use super::{Budget, SimTime};
        let t0 = SimTime(1_735_689_600_000);
        let mut b = Budget::new(t0);
        assert!(b.spend(t0, 3, 100).is_ok() && b.spend(t0, 3, 100).is_ok());
        let err = b.spend(t0, 3, 100).unwrap_err();
        assert_eq!(err, "kubeplay: stopped after 3 simulator events at 2025-01-01T00:00:00Z without the clock moving; the cluster is in a loop");
        let mut b = Budget::new(t0);
        for i in 0..4 {
            assert!(b.spend(t0.plus_ms(i * 1000), 3, 5).is_ok(), "time moves: no loop");
        }
        let err = b.spend(t0.plus_ms(4000), 3, 5).unwrap_err();
        assert_eq!(err, "kubeplay: stopped after 5 simulator events in one command, at 2025-01-01T00:00:04Z; that is the most one command may do (sleep again to go on)");
    }

    use super::Simulation;

    #[test]
    fn next_event_ms_is_the_next_thing_that_happens() {
        let mut sim = Simulation::new(1, 1_735_689_600_000);
        let t = sim.run_script("kubectl apply -f - <<EOF\napiVersion: v1\nkind: Pod\nmetadata:\n  name: p\nspec:\n  containers: [{name: c, image: busybox, command: [sleep, '5']}]\nEOF\n");
        assert_eq!(t.status, 0, "{}", t.text());
        // Everything due now has run, so what is queued (the image pull, the container) is later.
        let next = sim.next_event_ms().expect("a new pod has pending work");
        assert!(next > sim.now_ms());
        let lines = sim.trace().len();
        sim.advance((next - sim.now_ms()) as u64);
        assert_eq!(sim.now_ms(), next);
        assert!(sim.trace().len() > lines, "advancing to the next event runs it");
        assert!(sim.next_event_ms().is_none_or(|n| n > next));
    }
}
