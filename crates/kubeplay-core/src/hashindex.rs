//! A table from 64-bit hashes to small numbers (open addressing, linear probing), for indexes whose
//! keys are hashes already: the correlator's caches (key → slot) and the store's count of Event
//! uids (uid hash → how many). Nothing iterates it, so where a key lands changes nothing: unlike
//! std's hashed maps (which the core may not use), no output can depend on its order.

/// Which value each key has: a table at most half full. A lookup is a few probes where a sorted
/// map compared a dozen keys.
#[derive(Debug, Default, Clone)]
pub(crate) struct HashIndex {
    /// (key, value) per cell; `EMPTY` as the value of a free cell. Its length is a power of two.
    cells: Vec<(u64, usize)>,
    len: usize,
}

/// The value that marks a free cell (no value filed is ever this large).
const EMPTY: usize = usize::MAX;

impl HashIndex {
    pub(crate) fn len(&self) -> usize {
        self.len
    }

    /// The cell of `key`'s first probe (the high bits of a multiplicative mix, so keys that
    /// differ only in high bits spread too).
    fn home(&self, key: u64) -> usize {
        (key.wrapping_mul(0x9E37_79B9_7F4A_7C15) >> 32) as usize & (self.cells.len() - 1)
    }

    /// The cell holding `key`, or the free cell where it would go. The table is never full, so
    /// the probe ends.
    fn find(&self, key: u64) -> Result<usize, usize> {
        let mask = self.cells.len().wrapping_sub(1);
        let mut i = self.home(key);
        loop {
            match self.cells[i] {
                (_, EMPTY) => return Err(i),
                (k, _) if k == key => return Ok(i),
                _ => i = (i + 1) & mask,
            }
        }
    }

    pub(crate) fn get(&self, key: u64) -> Option<usize> {
        if self.len == 0 {
            return None;
        }
        self.find(key).ok().map(|i| self.cells[i].1)
    }

    /// Files `key` with `value` (a key not filed yet; `value` below `usize::MAX`).
    pub(crate) fn insert(&mut self, key: u64, value: usize) {
        if (self.len + 1) * 2 > self.cells.len() {
            self.grow();
        }
        if let Err(i) = self.find(key) {
            self.cells[i] = (key, value);
            self.len += 1;
        }
    }

    /// Counts `key` once more (a count of one is filed for a new key).
    pub(crate) fn count_up(&mut self, key: u64) {
        match (self.len > 0).then(|| self.find(key)) {
            Some(Ok(i)) => self.cells[i].1 += 1,
            _ => self.insert(key, 1),
        }
    }

    /// Counts `key` once less, forgetting it at zero.
    pub(crate) fn count_down(&mut self, key: u64) {
        match (self.len > 0).then(|| self.find(key)) {
            Some(Ok(i)) if self.cells[i].1 > 1 => self.cells[i].1 -= 1,
            Some(Ok(_)) => self.remove(key),
            _ => {}
        }
    }

    /// Forgets `key`, shifting back the entries after it that probed past its cell so that
    /// every lookup still meets its key before a free cell.
    pub(crate) fn remove(&mut self, key: u64) {
        let Some(Ok(mut hole)) = (self.len > 0).then(|| self.find(key)) else { return };
        let mask = self.cells.len() - 1;
        let mut j = hole;
        loop {
            j = (j + 1) & mask;
            let (k, value) = self.cells[j];
            if value == EMPTY {
                break;
            }
            // The entry at j may fill the hole unless its first probe lies between the hole and j.
            if (j.wrapping_sub(self.home(k)) & mask) >= (j.wrapping_sub(hole) & mask) {
                self.cells[hole] = (k, value);
                hole = j;
            }
        }
        self.cells[hole] = (0, EMPTY);
        self.len -= 1;
    }

    /// Doubles the table (16 cells at first) and files every entry again.
    fn grow(&mut self) {
        let size = (self.cells.len() * 2).max(16);
        let old = std::mem::replace(&mut self.cells, vec![(0, EMPTY); size]);
        self.len = 0;
        for (key, value) in old.into_iter().filter(|c| c.1 != EMPTY) {
            self.insert(key, value);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::HashIndex;

    #[test]
    fn the_index_finds_what_it_holds_after_removals() {
        let mut index = HashIndex::default();
        // Keys whose first probes collide, so removals must shift later entries back.
        let keys: Vec<u64> = (0..200u64).map(|i| i << 40).collect();
        for (slot, k) in keys.iter().enumerate() {
            index.insert(*k, slot);
        }
        for k in keys.iter().step_by(3) {
            index.remove(*k);
        }
        for (slot, k) in keys.iter().enumerate() {
            assert_eq!(index.get(*k), (slot % 3 != 0).then_some(slot), "key {k}");
        }
        assert_eq!(index.len(), 200 - 67);
    }

    #[test]
    fn counts_go_up_and_down_to_nothing() {
        let mut index = HashIndex::default();
        for k in [7, 7, 9] {
            index.count_up(k);
        }
        index.count_down(7);
        index.count_down(5);
        assert_eq!((index.get(7), index.get(9), index.len()), (Some(1), Some(1), 2));
        index.count_down(7);
        assert_eq!((index.get(7), index.len()), (None, 1));
    }
}
