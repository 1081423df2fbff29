//! client-go's EventCorrelator (tools/record/events_cache.go), which every event recorder runs
//! before it writes: similar Events (same source, object, type and reason) with ten different
//! messages within ten minutes are aggregated into one "(combined from similar events): …" Event;
//! repeats of one Event are counted on the first one's object (even after that object expired);
//! and a source may write 25 Events about one object, then one every five minutes (a token
//! bucket) while its cache keeps counting, so a throttled Event's count jumps when next written.

use std::collections::{BTreeMap, BTreeSet};

/// Aggregation: this many different messages within the interval make one combined Event.
const AGGREGATE_MAX_EVENTS: usize = 10;
const AGGREGATE_INTERVAL_MS: i64 = 600_000;
/// Spam filter: 25 Events per source and object, refilled at one per 300 s.
const SPAM_BURST: i64 = 25;
const SPAM_REFILL_MS: i64 = 300_000;
/// client-go's LRU caches hold 4096 entries each.
const CACHE_ENTRIES: usize = 4096;

/// One Event as a recorder is about to emit it.
pub(crate) struct Incoming<'a> {
    pub component: &'a str,
    /// Kind, namespace, name, uid and apiVersion of the involved object, joined (client-go's keys).
    pub object: &'a str,
    pub type_: &'a str,
    pub reason: &'a str,
    pub message: &'a str,
}

/// What to write: the message (changed when aggregated), the Event to count up if the cache knows
/// one, and whether the spam filter lets the write through.
pub(crate) struct Correlated {
    pub message: String,
    /// Name, count so far (including this one) and first timestamp (s) of a known Event.
    pub existing: Option<(String, i32, i64)>,
    pub count: i32,
    pub first_secs: i64,
    pub key: u64,
    pub write: bool,
}

#[derive(Debug, Default)]
pub(crate) struct Correlator {
    aggregates: Lru<Aggregate>,
    logs: Lru<Log>,
    buckets: Lru<Bucket>,
}

#[derive(Debug, Default, Clone)]
struct Aggregate {
    messages: BTreeSet<String>,
    last_ms: i64,
}

#[derive(Debug, Default, Clone)]
struct Log {
    count: i32,
    first_secs: i64,
    name: String,
}

#[derive(Debug, Clone)]
struct Bucket {
    /// Tokens in units of 1/SPAM_REFILL_MS (one unit accrues per millisecond).
    units: i64,
    last_ms: i64,
}

impl Correlator {
    /// EventCorrelate: aggregate, observe (count), then filter.
    pub(crate) fn correlate(&mut self, now_ms: i64, e: &Incoming<'_>) -> Correlated {
        let (message, key) = self.aggregate(now_ms, e);
        let now_secs = now_ms.div_euclid(1000);
        let known = self.logs.get(key).filter(|l| l.count > 0).cloned();
        let (count, first_secs) = known.as_ref().map_or((1, now_secs), |l| (l.count + 1, l.first_secs));
        let existing = known.map(|l| (l.name, count, l.first_secs));
        let name = existing.as_ref().map(|(n, _, _)| n.clone()).unwrap_or_default();
        self.logs.put(key, Log { count, first_secs, name });
        let write = self.try_accept(now_ms, hash(&[e.component, e.object]));
        Correlated { message, existing, count, first_secs, key, write }
    }

    /// Remembers the name a new Event was created under, for the next repeat to count up.
    pub(crate) fn created(&mut self, key: u64, name: &str) {
        if let Some(log) = self.logs.get_mut(key) {
            log.name = name.to_string();
        }
    }

    /// EventAggregate: the message to record and the cache key it is counted under.
    fn aggregate(&mut self, now_ms: i64, e: &Incoming<'_>) -> (String, u64) {
        let aggregate_key = hash(&["aggregate", e.component, e.object, e.type_, e.reason]);
        if self.aggregates.get(aggregate_key).is_none() {
            self.aggregates.put(aggregate_key, Aggregate::default());
        }
        let Some(record) = self.aggregates.get_mut(aggregate_key) else { return (e.message.to_string(), aggregate_key) };
        if now_ms - record.last_ms > AGGREGATE_INTERVAL_MS {
            record.messages.clear();
        }
        if !record.messages.contains(e.message) {
            record.messages.insert(e.message.to_string());
        }
        record.last_ms = now_ms;
        let aggregated = record.messages.len() >= AGGREGATE_MAX_EVENTS;
        if aggregated {
            // Go pops an arbitrary key (map order); the smallest keeps it deterministic.
            record.messages.pop_first();
        }
        if aggregated {
            (format!("(combined from similar events): {}", e.message), aggregate_key)
        } else {
            (e.message.to_string(), hash(&["event", e.component, e.object, e.type_, e.reason, e.message]))
        }
    }

    /// The spam filter's token bucket for one source and object (golang.org/x/time/rate semantics).
    fn try_accept(&mut self, now_ms: i64, key: u64) -> bool {
        let full = SPAM_BURST * SPAM_REFILL_MS;
        let mut b = self.buckets.get(key).cloned().unwrap_or(Bucket { units: full, last_ms: now_ms });
        b.units = (b.units + (now_ms - b.last_ms).max(0)).min(full);
        b.last_ms = now_ms;
        let ok = b.units >= SPAM_REFILL_MS;
        if ok {
            b.units -= SPAM_REFILL_MS;
        }
        self.buckets.put(key, b);
        ok
    }
}

/// A bounded map that forgets its least recently used entry, like groupcache's lru.Cache; `order`
/// indexes the entries by last use so finding the oldest never scans.
#[derive(Debug)]
struct Lru<V> {
    entries: BTreeMap<u64, (V, u64)>,
    order: BTreeMap<u64, u64>,
    tick: u64,
}

impl<V> Default for Lru<V> {
    fn default() -> Self {
        Lru { entries: BTreeMap::new(), order: BTreeMap::new(), tick: 0 }
    }
}

impl<V> Lru<V> {
    /// Marks `key` as just used.
    fn touch(&mut self, key: u64) {
        self.tick += 1;
        if let Some((_, used)) = self.entries.get_mut(&key) {
            self.order.remove(used);
            *used = self.tick;
            self.order.insert(self.tick, key);
        }
    }

    fn get(&mut self, key: u64) -> Option<&V> {
        self.touch(key);
        self.entries.get(&key).map(|(v, _)| v)
    }

    fn get_mut(&mut self, key: u64) -> Option<&mut V> {
        self.entries.get_mut(&key).map(|(v, _)| v)
    }

    fn put(&mut self, key: u64, value: V) {
        self.tick += 1;
        if let Some((_, used)) = self.entries.insert(key, (value, self.tick)) {
            self.order.remove(&used);
        }
        self.order.insert(self.tick, key);
        if self.entries.len() > CACHE_ENTRIES {
            if let Some((_, oldest)) = self.order.pop_first() {
                self.entries.remove(&oldest);
            }
        }
    }
}

/// FNV-1a over the parts, each followed by a separator byte.
fn hash(parts: &[&str]) -> u64 {
    crate::rng::Fnv1a::of_parts(parts.iter().map(|p| p.as_bytes()))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn ev<'a>(reason: &'a str, message: &'a str) -> Incoming<'a> {
        Incoming { component: "kubelet", object: "Pod/default/p/uid/v1", type_: "Normal", reason, message }
    }

    #[test]
    fn repeats_count_up_and_the_spam_filter_allows_25_then_one_per_five_minutes() {
        let mut c = Correlator::default();
        let first = c.correlate(0, &ev("BackOff", "Back-off"));
        assert!(first.write && first.existing.is_none() && first.count == 1);
        c.created(first.key, "p.1");
        let writes: Vec<bool> = (1..40).map(|i| c.correlate(i * 1000, &ev("BackOff", "Back-off")).write).collect();
        assert_eq!(writes.iter().filter(|w| **w).count(), 24, "25 in all, then throttled");
        let later = c.correlate(40_000 + 300_000, &ev("BackOff", "Back-off"));
        assert!(later.write, "a token after five minutes");
        assert_eq!(later.existing.map(|(n, count, _)| (n, count)), Some(("p.1".to_string(), 41)));
    }

    #[test]
    fn the_least_recently_used_entry_is_forgotten() {
        let mut lru: Lru<u32> = Lru::default();
        for k in 0..CACHE_ENTRIES as u64 {
            lru.put(k, 1);
        }
        assert!(lru.get(0).is_some(), "touching 0 makes 1 the oldest");
        lru.put(9_999, 1);
        assert!(lru.get(1).is_none() && lru.get(0).is_some() && lru.get(9_999).is_some());
        assert_eq!((lru.entries.len(), lru.order.len()), (CACHE_ENTRIES, CACHE_ENTRIES));
    }

    #[test]
    fn ten_messages_of_one_reason_in_ten_minutes_are_combined() {
        let mut c = Correlator::default();
        let msgs: Vec<String> = (0..12).map(|i| format!("Created pod: p-{i:02}")).collect();
        let out: Vec<String> = msgs.iter().map(|m| c.correlate(0, &ev("SuccessfulCreate", m)).message).collect();
        assert_eq!(out[8], "Created pod: p-08");
        assert_eq!(out[9], "(combined from similar events): Created pod: p-09");
        assert_eq!(out[11], "(combined from similar events): Created pod: p-11");
    }
}
