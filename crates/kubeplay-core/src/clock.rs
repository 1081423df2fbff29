//! Simulated time: integer milliseconds since the Unix epoch, and the event queue that jumps between events.

use std::collections::BTreeMap;
use std::rc::Rc;

/// A point in simulated time, in milliseconds since the Unix epoch (UTC).
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Default)]
pub struct SimTime(pub i64);

impl SimTime {
    pub const fn ms(self) -> i64 {
        self.0
    }
    pub fn plus_ms(self, ms: i64) -> SimTime {
        SimTime(self.0.saturating_add(ms))
    }
    /// Whole seconds, as Kubernetes timestamps keep them.
    pub fn secs(self) -> i64 {
        self.0.div_euclid(1000)
    }
    /// RFC 3339 with second precision (`2025-01-01T00:00:00Z`), as the apiserver writes timestamps.
    pub fn rfc3339(self) -> String {
        crate::timefmt::rfc3339_secs(self.secs())
    }
}

/// A queue of future work ordered by (time, insertion sequence), so ties run in the order they were
/// scheduled. An index by event keeps deduplication O(log n) with thousands of pods queued. Each
/// event is kept once, behind an `Rc` both maps share: scheduling moves it in rather than copying
/// its key's strings, and the maps move pointers rather than whole events when they rebalance.
#[derive(Debug)]
pub struct EventQueue<E> {
    queue: BTreeMap<(SimTime, u64), Rc<E>>,
    index: BTreeMap<Rc<E>, (SimTime, u64)>,
    seq: u64,
}

impl<E> Default for EventQueue<E> {
    fn default() -> Self {
        EventQueue { queue: BTreeMap::new(), index: BTreeMap::new(), seq: 0 }
    }
}

impl<E: Ord + Clone> EventQueue<E> {
    /// Schedules `event` at `at`; an identical event already queued at or before `at` makes this a no-op
    /// (earliest wins, as kube-runtime's scheduler deduplicates reconcile requests).
    pub fn schedule(&mut self, at: SimTime, event: E) {
        if let Some(&key) = self.index.get(&event) {
            if key.0 <= at {
                return;
            }
            self.queue.remove(&key);
        }
        self.seq += 1;
        let key = (at, self.seq);
        let event = Rc::new(event);
        self.index.insert(Rc::clone(&event), key);
        self.queue.insert(key, event);
    }

    /// The time of the earliest queued event.
    pub fn next_time(&self) -> Option<SimTime> {
        self.queue.keys().next().map(|k| k.0)
    }

    /// Removes and returns the earliest event if it is due at or before `now`.
    pub fn pop_due(&mut self, now: SimTime) -> Option<(SimTime, E)> {
        let entry = self.queue.first_entry()?;
        if entry.key().0 > now {
            return None;
        }
        let (key, event) = entry.remove_entry();
        self.index.remove(&*event);
        // The index's share is gone, so this is the last one and nothing is copied.
        Some((key.0, Rc::try_unwrap(event).unwrap_or_else(|shared| (*shared).clone())))
    }

    pub fn len(&self) -> usize {
        self.queue.len()
    }

    pub fn is_empty(&self) -> bool {
        self.queue.is_empty()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ties_run_in_insertion_order_and_duplicates_keep_the_earliest() {
        let mut q = EventQueue::default();
        q.schedule(SimTime(10), "b");
        q.schedule(SimTime(10), "a");
        q.schedule(SimTime(5), "b");
        q.schedule(SimTime(20), "a");
        assert_eq!(q.pop_due(SimTime(100)), Some((SimTime(5), "b")));
        assert_eq!(q.pop_due(SimTime(100)), Some((SimTime(10), "a")));
        assert_eq!(q.pop_due(SimTime(100)), None);
    }
}
