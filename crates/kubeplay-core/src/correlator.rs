//! client-go's EventCorrelator (tools/record/events_cache.go), which every event recorder runs
//! before it writes: similar Events (same source, object, type and reason) with ten different
//! messages within ten minutes are aggregated into one "(combined from similar events): …" Event;
//! repeats of one Event are counted on the first one's object (even after that object expired);
//! and a source may write 25 Events about one object, then one every five minutes (a token
//! bucket) while its cache keeps counting, so a throttled Event's count jumps when next written.

use crate::hashindex::HashIndex;

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
    /// Kind, namespace, name, uid and apiVersion of the involved object (client-go joins them with
    /// `/` into its keys; here they are hashed as joined, without building the string).
    pub object: [&'a str; 5],
    /// The involved object's fieldPath (a container), part of the Event's own key only.
    pub field_path: &'a str,
    pub type_: &'a str,
    pub reason: &'a str,
    pub message: &'a str,
}

/// What to write: the message (changed when aggregated), the Event to count up if the cache knows
/// one, and whether the spam filter lets the write through.
pub(crate) struct Correlated {
    /// The message to write instead of the one given, when aggregated.
    pub combined: Option<String>,
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
    /// The distinct messages, sorted (never more than ten: a sorted list searches them as fast as
    /// a set and needs one allocation, not a tree node each).
    messages: Vec<String>,
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
        // The three keys share their start, so it is hashed once: the source and object are the
        // spam filter's key, and with the type and reason the aggregator's (client-go's keys are
        // strings; any hash of the same parts that keeps them apart serves as well).
        let source = Key::new().part(e.component).object(&e.object);
        let similar = source.part(e.type_).part(e.reason);
        let (combined, key) = self.aggregate(now_ms, e, similar);
        let now_secs = now_ms.div_euclid(1000);
        // Observe: a known Event counts up in place; anything else starts over at one.
        let log = self.logs.entry(key, Log::default);
        let known = log.count > 0;
        if known {
            log.count += 1;
        } else {
            *log = Log { count: 1, first_secs: now_secs, name: String::new() };
        }
        let (count, first_secs) = (log.count, log.first_secs);
        let existing = known.then(|| (log.name.clone(), count, first_secs));
        let write = self.try_accept(now_ms, source.value());
        Correlated { combined, existing, count, first_secs, key, write }
    }

    /// Remembers the name a new Event was created under, for the next repeat to count up.
    pub(crate) fn created(&mut self, key: u64, name: &str) {
        if let Some(log) = self.logs.get_mut(key) {
            log.name = name.to_string();
        }
    }

    /// EventAggregate: the combined message if aggregated, and the cache key the Event is counted
    /// under (`similar` is the key of the source, object, type and reason).
    fn aggregate(&mut self, now_ms: i64, e: &Incoming<'_>, similar: Key) -> (Option<String>, u64) {
        let aggregate_key = similar.value();
        let record = self.aggregates.entry(aggregate_key, Aggregate::default);
        if now_ms - record.last_ms > AGGREGATE_INTERVAL_MS {
            record.messages.clear();
        }
        if let Err(at) = record.messages.binary_search_by(|m| m.as_str().cmp(e.message)) {
            record.messages.insert(at, e.message.to_string());
        }
        record.last_ms = now_ms;
        let aggregated = record.messages.len() >= AGGREGATE_MAX_EVENTS;
        if aggregated {
            // Go pops an arbitrary key (map order); the smallest keeps it deterministic.
            record.messages.remove(0);
        }
        if aggregated {
            (Some(format!("(combined from similar events): {}", e.message)), aggregate_key)
        } else {
            // The Event's own key goes on from the aggregator's with the message: a different
            // input, so it never names the combined Event.
            (None, similar.part(e.field_path).part(e.message).value())
        }
    }

    /// The spam filter's token bucket for one source and object (golang.org/x/time/rate semantics).
    fn try_accept(&mut self, now_ms: i64, key: u64) -> bool {
        let full = SPAM_BURST * SPAM_REFILL_MS;
        let b = self.buckets.entry(key, || Bucket { units: full, last_ms: now_ms });
        b.units = (b.units + (now_ms - b.last_ms).max(0)).min(full);
        b.last_ms = now_ms;
        let ok = b.units >= SPAM_REFILL_MS;
        if ok {
            b.units -= SPAM_REFILL_MS;
        }
        ok
    }
}

/// A bounded map that forgets its least recently used entry, like groupcache's lru.Cache: entries
/// live in slots linked from most to least recently used, so a use or an eviction relinks a slot
/// instead of re-sorting anything, and a full cache reuses the evicted entry's slot.
#[derive(Debug)]
struct Lru<V> {
    index: HashIndex,
    slots: Vec<Slot<V>>,
    /// Most and least recently used slots (`NIL` when empty).
    newest: usize,
    oldest: usize,
}

#[derive(Debug)]
struct Slot<V> {
    key: u64,
    value: V,
    newer: usize,
    older: usize,
}

const NIL: usize = usize::MAX;

impl<V> Default for Lru<V> {
    fn default() -> Self {
        Lru { index: HashIndex::default(), slots: Vec::new(), newest: NIL, oldest: NIL }
    }
}

impl<V> Lru<V> {
    #[cfg(test)]
    fn get(&mut self, key: u64) -> Option<&V> {
        let slot = self.index.get(key)?;
        self.touch(slot);
        Some(&self.slots[slot].value)
    }

    /// The entry without marking it used.
    fn get_mut(&mut self, key: u64) -> Option<&mut V> {
        let slot = self.index.get(key)?;
        Some(&mut self.slots[slot].value)
    }

    #[cfg(test)]
    fn put(&mut self, key: u64, value: V) {
        match self.index.get(key) {
            Some(slot) => {
                self.touch(slot);
                self.slots[slot].value = value;
            }
            None => {
                self.insert(key, value);
            }
        }
    }

    /// The entry for `key`, marked as just used; a missing one is made by `new` (evicting the
    /// least recently used entry when full).
    fn entry(&mut self, key: u64, new: impl FnOnce() -> V) -> &mut V {
        let slot = match self.index.get(key) {
            Some(slot) => {
                self.touch(slot);
                slot
            }
            None => self.insert(key, new()),
        };
        &mut self.slots[slot].value
    }

    fn insert(&mut self, key: u64, value: V) -> usize {
        let slot = if self.index.len() >= CACHE_ENTRIES && self.oldest != NIL {
            let slot = self.oldest;
            self.unlink(slot);
            self.index.remove(self.slots[slot].key);
            self.slots[slot].key = key;
            self.slots[slot].value = value;
            slot
        } else {
            self.slots.push(Slot { key, value, newer: NIL, older: NIL });
            self.slots.len() - 1
        };
        self.index.insert(key, slot);
        self.link_newest(slot);
        slot
    }

    /// Marks `slot` as just used.
    fn touch(&mut self, slot: usize) {
        if self.newest != slot {
            self.unlink(slot);
            self.link_newest(slot);
        }
    }

    fn unlink(&mut self, slot: usize) {
        let (newer, older) = (self.slots[slot].newer, self.slots[slot].older);
        match newer {
            NIL => self.newest = older,
            n => self.slots[n].older = older,
        }
        match older {
            NIL => self.oldest = newer,
            o => self.slots[o].newer = newer,
        }
    }

    fn link_newest(&mut self, slot: usize) {
        self.slots[slot].newer = NIL;
        self.slots[slot].older = self.newest;
        match self.newest {
            NIL => self.oldest = slot,
            n => self.slots[n].newer = slot,
        }
        self.newest = slot;
    }
}

/// A cache key: its parts hashed a word (eight bytes) at a time, each part closed by its length
/// so that ("ab", "c") and ("a", "bc") differ. Only the caches see it (unlike `rng::Fnv1a`, whose
/// values reach names and node picks), and a byte at a time cost more than the rest of a lookup.
#[derive(Clone, Copy)]
struct Key(u64);

impl Key {
    fn new() -> Key {
        Key(0xcbf2_9ce4_8422_2325)
    }

    fn mix(self, word: u64) -> Key {
        Key((self.0.rotate_left(5) ^ word).wrapping_mul(0x517c_c1b7_2722_0a95))
    }

    fn part(self, s: &str) -> Key {
        let mut words = s.as_bytes().chunks_exact(8);
        let mut k = self;
        for w in &mut words {
            k = k.mix(<[u8; 8]>::try_from(w).map_or(0, u64::from_le_bytes));
        }
        // The last bytes as the low bytes of a zero-padded word (one copy, not a byte at a time).
        let mut tail = [0u8; 8];
        let rest = words.remainder();
        tail[..rest.len()].copy_from_slice(rest);
        k.mix(u64::from_le_bytes(tail)).mix(s.len() as u64)
    }

    /// The involved object's fields (kind, namespace, name, uid, apiVersion), each a part. client-go
    /// joins them with `/` into one string; none but the last can hold a `/`, so separate parts keep
    /// apart exactly the objects the joined string does.
    fn object(self, fields: &[&str; 5]) -> Key {
        fields.iter().fold(self, |k, f| k.part(f))
    }

    /// The key, its bits mixed through (SplitMix64's finalizer) so that every bit of every part
    /// reaches the bits the cache index probes with.
    fn value(self) -> u64 {
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        z ^ (z >> 31)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn ev<'a>(reason: &'a str, message: &'a str) -> Incoming<'a> {
        Incoming { component: "kubelet", object: ["Pod", "default", "p", "uid", "v1"], field_path: "", type_: "Normal", reason, message }
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
        assert_eq!((lru.index.len(), lru.slots.len()), (CACHE_ENTRIES, CACHE_ENTRIES));
    }

    #[test]
    fn keys_keep_parts_apart() {
        let key = |parts: &[&str]| parts.iter().fold(Key::new(), |k, p| k.part(p)).value();
        assert_ne!(key(&["ab", "c"]), key(&["a", "bc"]));
        assert_ne!(key(&["abcdefgh", ""]), key(&["abcdefg", "h"]));
        assert_ne!(key(&["pod-a\0"]), key(&["pod-a"]), "a zero byte is not padding");
        let object = |name| Key::new().part("kubelet").object(&["Pod", "default", name, "uid", "v1"]).value();
        assert_eq!(object("p"), object("p"));
        assert_ne!(object("p"), object("q"));
    }

    #[test]
    fn ten_messages_of_one_reason_in_ten_minutes_are_combined() {
        let mut c = Correlator::default();
        let msgs: Vec<String> = (0..12).map(|i| format!("Created pod: p-{i:02}")).collect();
        let out: Vec<String> = msgs.iter().map(|m| c.correlate(0, &ev("SuccessfulCreate", m)).combined.unwrap_or_else(|| m.clone())).collect();
        assert_eq!(out[8], "Created pod: p-08");
        assert_eq!(out[9], "(combined from similar events): Created pod: p-09");
        assert_eq!(out[11], "(combined from similar events): Created pod: p-11");
    }
}
