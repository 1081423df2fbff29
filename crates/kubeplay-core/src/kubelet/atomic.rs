//! The kubelet's AtomicWriter (pkg/volume/util/atomic_writer.go) over a volume's tree: the files
//! live in a hidden `..2025_01_01_00_00_00.<random>` directory, `..data` links to it, and each
//! top-level name of the payload is a link `NAME -> ..data/NAME`. An update writes a whole new
//! timestamped directory and swaps `..data` with one rename, so a reader sees the old set or the
//! new one, never a mix; the user-visible links never change.

use super::tree::Tree;
use std::cell::OnceCell;
use std::collections::{BTreeMap, BTreeSet};
use std::rc::Rc;

/// What a volume plugin hands the writer: relative path → (contents, mode).
pub type Payload = BTreeMap<String, (Content, u32)>;

/// A payload file's contents: bytes, or bytes made the first time they are needed (a
/// service-account token, which the pod's volume may never be read for).
#[derive(Clone)]
pub enum Content {
    Bytes(Vec<u8>),
    /// Bytes many payloads share (a ConfigMap's or Secret's value, `payload::SourceCache`).
    Shared(Rc<[u8]>),
    Lazy(Rc<Lazy>),
}

pub struct Lazy {
    bytes: OnceCell<Vec<u8>>,
    make: Box<dyn Fn() -> Vec<u8>>,
}

impl Content {
    /// Contents `make` computes once, when first asked for (`make` must depend only on what it
    /// captured, so the bytes are the same whenever that happens).
    pub fn lazy(make: impl Fn() -> Vec<u8> + 'static) -> Content {
        Content::Lazy(Rc::new(Lazy { bytes: OnceCell::new(), make: Box::new(make) }))
    }

    pub fn bytes(&self) -> &[u8] {
        match self {
            Content::Bytes(b) => b,
            Content::Shared(b) => b,
            Content::Lazy(l) => l.bytes.get_or_init(|| (l.make)()),
        }
    }
}

impl From<Vec<u8>> for Content {
    fn from(b: Vec<u8>) -> Self {
        Content::Bytes(b)
    }
}

const DATA_DIR: &str = "..data";
const NEW_DATA_DIR: &str = "..data_tmp";

/// newTimestampDir's name: `time.Now().UTC().Format("..2006_01_02_15_04_05.")` followed by the
/// decimal uint32 os.MkdirTemp appends.
pub fn ts_dir_name(now_ms: i64, random: u32) -> String {
    let c = crate::timefmt::civil(now_ms.div_euclid(1000));
    format!("..{:04}_{:02}_{:02}_{:02}_{:02}_{:02}.{random}", c.year, c.month, c.day, c.hour, c.minute, c.second)
}

/// AtomicWriter.Write: projects `payload` into `tree` at `now`; returns whether a new timestamped
/// directory was written (an unchanged payload leaves the data alone, as shouldWritePayload
/// decides from the contents only — a changed mode alone is not written).
pub fn write(tree: &mut Tree, payload: &Payload, now: i64, random: u32) -> bool {
    // (2) the current timestamped directory.
    let old = tree.link_of(DATA_DIR).map(str::to_string);
    let mut to_remove: Vec<String> = Vec::new();
    let mut should_write = true;
    if let Some(old) = &old {
        // (3) paths of the old version the payload no longer has, with every parent of a new
        // path kept so no non-empty directory is removed.
        let mut keep: BTreeSet<&str> = BTreeSet::new();
        for p in payload.keys() {
            let mut sub = p.as_str();
            loop {
                keep.insert(sub);
                match sub.rsplit_once('/') {
                    Some((parent, _)) => sub = parent,
                    None => break,
                }
            }
        }
        to_remove = tree.walk(old).into_iter().filter(|p| !keep.contains(p.as_str())).collect();
        // (4) shouldWritePayload: a missing file or different bytes.
        let changed = payload.iter().any(|(p, (data, _))| tree.get(&format!("{old}/{p}")).and_then(|e| e.data.as_deref()) != Some(data.bytes()));
        should_write = changed || !to_remove.is_empty();
    }
    if should_write {
        // (5) the new timestamped directory, chmod 0755 whatever the umask; MkdirTemp draws
        // another name while one exists (two updates within a second).
        let mut random = random;
        let mut ts = ts_dir_name(now, random);
        for _ in 0..100 {
            if tree.get(&ts).is_none() {
                break;
            }
            random = random.wrapping_mul(1_664_525).wrapping_add(1_013_904_223);
            ts = ts_dir_name(now, random);
        }
        tree.mkdir_mode(&ts, 0o755, now);
        // (6) the files; their directories by MkdirAll(0777) under the kubelet's 022 umask.
        for (p, (data, mode)) in payload {
            tree.put(&format!("{ts}/{p}"), data.bytes(), mode & 0o777, now);
        }
        // (8), (9) ..data_tmp -> ts, renamed over ..data.
        tree.symlink(NEW_DATA_DIR, &ts, now);
        tree.rename(NEW_DATA_DIR, DATA_DIR, now);
    }
    // (10) a link for each top-level name that has none yet.
    for p in payload.keys() {
        let top = p.split('/').next().unwrap_or(p);
        if tree.get(top).is_none() {
            tree.symlink(top, &format!("{DATA_DIR}/{top}"), now);
        }
    }
    // (11) only links in the volume's root are pruned; nested paths went with the old directory.
    for p in to_remove.iter().filter(|p| !p.contains('/')) {
        tree.remove_all(p, now);
    }
    // (12) the previous timestamped directory.
    if let (true, Some(old)) = (should_write, old) {
        tree.remove_all(&old, now);
    }
    should_write
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::kubelet::tree::Medium;

    fn payload(items: &[(&str, &str, u32)]) -> Payload {
        items.iter().map(|(p, d, m)| (p.to_string(), (d.as_bytes().to_vec().into(), *m))).collect()
    }

    #[test]
    fn first_write_links_top_level_names_through_data() {
        let mut t = Tree::new(Medium::Memory, 0o1777, 0);
        assert!(write(&mut t, &payload(&[("a", "1", 0o644), ("dir/b", "2", 0o400)]), 1_735_689_600_000, 42));
        let ts = ts_dir_name(1_735_689_600_000, 42);
        assert_eq!(ts, "..2025_01_01_00_00_00.42");
        assert_eq!(t.link_of("..data"), Some(ts.as_str()));
        assert_eq!(t.link_of("a"), Some("..data/a"));
        assert_eq!(t.link_of("dir"), Some("..data/dir"));
        assert_eq!(t.get(&format!("{ts}/dir/b")).map(|e| e.mode), Some(0o400));
        assert!(t.get("..data_tmp").is_none());
    }

    #[test]
    fn updates_swap_the_data_dir_and_prune_removed_names() {
        let mut t = Tree::new(Medium::Disk, 0o777, 0);
        let start = 1_735_689_600_000;
        write(&mut t, &payload(&[("a", "1", 0o644), ("b", "2", 0o644)]), start, 1);
        assert!(!write(&mut t, &payload(&[("a", "1", 0o600), ("b", "2", 0o644)]), start + 5_000, 2), "a mode change alone is not written");
        assert!(write(&mut t, &payload(&[("a", "changed", 0o644)]), start + 61_000, 3));
        assert_eq!(t.link_of("..data"), Some("..2025_01_01_00_01_01.3"));
        assert!(t.get("b").is_none(), "b's link is pruned");
        assert!(t.get("..2025_01_01_00_00_00.1").is_none(), "the old directory is gone");
        let names: Vec<&str> = t.files().map(|(p, _)| p).collect();
        assert_eq!(names, ["..2025_01_01_00_01_01.3/a"]);
        // A second update in the same second with the same draw still gets a directory of its own.
        assert!(write(&mut t, &payload(&[("a", "again", 0o644)]), start + 61_000, 3));
        let ts = t.link_of("..data").map(str::to_string).unwrap_or_default();
        assert_ne!(ts, "..2025_01_01_00_01_01.3");
        assert_eq!(t.get(&format!("{ts}/a")).and_then(|e| e.data.clone()), Some(b"again".to_vec()));
    }
}
