//! One in-memory directory tree — a container's writable layer, an emptyDir, a PersistentVolume,
//! a volume the kubelet writes (configMap, secret, projected, downwardAPI) — with files,
//! directories and symlinks, reporting sizes, link counts and blocks as its filesystem would:
//! overlayfs for a container's root, ext4 for disk volumes, tmpfs for memory-backed ones.

use kubeplay_shell::{FsError, Stat};
use std::collections::BTreeMap;

/// Bounds that keep a runaway `while true; do echo x >> f; done` from eating the browser's memory.
pub const MAX_FILE_BYTES: usize = 1 << 20;
pub const MAX_ENTRIES_PER_TREE: usize = 10_000;

/// The filesystem a tree stands for, which decides what `ls -l` shows for its directories.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Medium {
    /// A container's root (overlayfs): `/` shows 1 link, other directories 2, whatever they hold.
    Overlay,
    /// ext4 on the node: directories are one 4 KiB block, 2 links plus one per subdirectory.
    #[default]
    Disk,
    /// tmpfs (secret, projected and downwardAPI volumes): a directory's size is 20 bytes per
    /// entry plus 40 (shmem's BOGO_DIRENT_SIZE), and it allocates no blocks.
    Memory,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Entry {
    /// File contents; None for a directory or a symlink.
    pub data: Option<Vec<u8>>,
    /// A symlink's target, as written (relative targets resolve from the link's directory).
    pub link: Option<String>,
    pub mode: u32,
    pub mtime_ms: i64,
}

impl Entry {
    fn is_dir(&self) -> bool {
        self.data.is_none() && self.link.is_none()
    }
    fn dir(mode: u32, now: i64) -> Entry {
        Entry { data: None, link: None, mode, mtime_ms: now }
    }
}

/// One directory tree: paths relative to its root ("" is the root, "a/b" an entry).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Tree {
    entries: BTreeMap<String, Entry>,
    medium: Medium,
    root_mode: u32,
    root_mtime: i64,
    /// How many entries are symlinks, so paths through trees without any skip the link walk.
    links: usize,
}

impl Default for Tree {
    /// An emptyDir or PersistentVolume directory: ext4, mode 0777 (emptyDir's perm constant).
    fn default() -> Self {
        Tree::new(Medium::Disk, 0o777, 0)
    }
}

impl Tree {
    pub fn new(medium: Medium, root_mode: u32, now: i64) -> Tree {
        Tree { entries: BTreeMap::new(), medium, root_mode, root_mtime: now, links: 0 }
    }

    pub fn has_links(&self) -> bool {
        self.links > 0
    }

    /// A directory's entries changed: its mtime moves, as the kernel's does.
    fn touch_parent(&mut self, rel: &str, now: i64) {
        match rel.rsplit_once('/') {
            None => self.root_mtime = now,
            Some((parent, _)) => {
                if let Some(e) = self.entries.get_mut(parent) {
                    e.mtime_ms = now;
                }
            }
        }
    }

    fn insert(&mut self, rel: &str, e: Entry, now: i64) {
        if e.link.is_some() {
            self.links += 1;
        }
        if let Some(old) = self.entries.insert(rel.to_string(), e) {
            if old.link.is_some() {
                self.links = self.links.saturating_sub(1);
            }
        }
        self.touch_parent(rel, now);
    }

    /// Writes a file, creating parent directories (projected files, image files).
    pub fn put(&mut self, path: &str, data: &[u8], mode: u32, now: i64) {
        let path = path.trim_matches('/');
        if let Some((parent, _)) = path.rsplit_once('/') {
            self.mkdir_p(parent, now);
        }
        self.insert(path, Entry { data: Some(data.to_vec()), link: None, mode, mtime_ms: now }, now);
    }

    /// Creates a symlink at `path` (whose parent exists) pointing at `target`.
    pub fn symlink(&mut self, path: &str, target: &str, now: i64) {
        self.insert(path.trim_matches('/'), Entry { data: None, link: Some(target.to_string()), mode: 0o777, mtime_ms: now }, now);
    }

    /// rename(2) of `from` over `to` (replacing it), as the AtomicWriter swaps `..data`.
    pub fn rename(&mut self, from: &str, to: &str, now: i64) {
        let Some(e) = self.entries.remove(from) else { return };
        if e.link.is_some() {
            self.links = self.links.saturating_sub(1);
        }
        self.insert(to, e, now);
    }

    /// Removes `path` and everything under it (`os.RemoveAll`).
    pub fn remove_all(&mut self, path: &str, now: i64) {
        let prefix = format!("{path}/");
        let doomed: Vec<String> = self.entries.range(prefix.clone()..).take_while(|(p, _)| p.starts_with(&prefix)).map(|(p, _)| p.clone()).chain([path.to_string()]).collect();
        for p in doomed {
            if self.entries.remove(&p).is_some_and(|e| e.link.is_some()) {
                self.links = self.links.saturating_sub(1);
            }
        }
        self.touch_parent(path, now);
    }

    /// Creates a directory and its missing parents (`mkdir -p`), for image layouts.
    pub fn mkdir_p(&mut self, path: &str, now: i64) {
        let path = path.trim_matches('/');
        if path.contains("//") {
            // Empty components are dropped, so the prefixes are not slices of the path.
            let clean = path.split('/').filter(|p| !p.is_empty()).collect::<Vec<_>>().join("/");
            return self.mkdir_p(&clean, now);
        }
        // Each prefix up to a `/` is a slice of the path: no string is built for a directory
        // that already exists (every image file's parents, on every container start).
        for end in path.match_indices('/').map(|(i, _)| i).chain([path.len()]) {
            let dir = &path[..end];
            if !dir.is_empty() && !self.entries.contains_key(dir) {
                self.insert(dir, Entry::dir(0o755, now), now);
            }
        }
    }

    /// `mkdir -p` then `chmod mode` on the last directory, for image layouts with special modes.
    pub fn mkdir_mode(&mut self, path: &str, mode: u32, now: i64) {
        self.mkdir_p(path, now);
        if let Some(e) = self.entries.get_mut(path.trim_matches('/')) {
            e.mode = mode & 0o7777;
        }
    }

    pub fn get(&self, rel: &str) -> Option<&Entry> {
        self.entries.get(rel)
    }

    /// The target of the symlink at `rel`, if it is one.
    pub fn link_of(&self, rel: &str) -> Option<&str> {
        self.entries.get(rel).and_then(|e| e.link.as_deref())
    }

    /// `rel` with the tree's own symlinks followed (the last one only when `follow_last`), as a
    /// lookup that starts and stays at this tree's root (how the kubelet resolves a subPath).
    pub fn resolve(&self, rel: &str, follow_last: bool) -> Result<String, FsError> {
        let real = kubeplay_shell::resolve(&format!("/{rel}"), follow_last, &|p| self.link_of(p.trim_start_matches('/')).map(str::to_string))?;
        Ok(real.trim_start_matches('/').to_string())
    }

    /// Every path under directory `dir`, relative to it, in path order (what filepath.Walk visits).
    pub fn walk(&self, dir: &str) -> Vec<String> {
        let prefix = format!("{dir}/");
        self.entries.range(prefix.clone()..).take_while(|(p, _)| p.starts_with(&prefix)).map(|(p, _)| p[prefix.len()..].to_string()).collect()
    }

    /// Every file, as (relative path, bytes), in path order.
    pub fn files(&self) -> impl Iterator<Item = (&str, &[u8])> {
        self.entries.iter().filter_map(|(p, e)| e.data.as_deref().map(|d| (p.as_str(), d)))
    }

    fn is_dir(&self, rel: &str) -> bool {
        rel.is_empty() || self.entries.get(rel).is_some_and(Entry::is_dir)
    }

    fn parent_ok(&self, rel: &str) -> Result<(), FsError> {
        match rel.rsplit_once('/') {
            None => Ok(()),
            Some((parent, _)) => match self.entries.get(parent) {
                None => Err(FsError::NotFound),
                Some(e) if !e.is_dir() => Err(FsError::NotADirectory),
                Some(_) => Ok(()),
            },
        }
    }

    /// The entries directly under directory `rel`, as (name, entry), in name order.
    fn children<'a>(&'a self, rel: &str) -> impl Iterator<Item = (&'a str, &'a Entry)> + 'a {
        let prefix = if rel.is_empty() { String::new() } else { format!("{rel}/") };
        let len = prefix.len();
        self.entries.range(prefix.clone()..).take_while(move |(p, _)| p.starts_with(&prefix)).filter_map(move |(p, e)| {
            let name = &p[len..];
            (!name.contains('/')).then_some((name, e))
        })
    }

    pub(super) fn read(&self, rel: &str) -> Result<Vec<u8>, FsError> {
        if rel.is_empty() {
            return Err(FsError::IsADirectory);
        }
        match self.entries.get(rel) {
            None => Err(FsError::NotFound),
            Some(Entry { data: Some(d), .. }) => Ok(d.clone()),
            Some(e) if e.link.is_some() => Err(FsError::NotFound),
            Some(_) => Err(FsError::IsADirectory),
        }
    }

    pub(super) fn write(&mut self, rel: &str, data: &[u8], append: bool, now: i64) -> Result<(), FsError> {
        if self.is_dir(rel) {
            return Err(FsError::IsADirectory);
        }
        if self.link_of(rel).is_some() {
            // Callers resolve links first; a link here points nowhere the walk could reach.
            return Err(FsError::NotFound);
        }
        self.parent_ok(rel)?;
        if !self.entries.contains_key(rel) {
            if self.entries.len() >= MAX_ENTRIES_PER_TREE {
                return Err(FsError::NoSpace);
            }
            self.insert(rel, Entry { data: Some(Vec::new()), link: None, mode: 0o644, mtime_ms: now }, now);
        }
        let Some(e) = self.entries.get_mut(rel) else { return Err(FsError::NotFound) };
        let buf = e.data.get_or_insert_with(Vec::new);
        if !append {
            buf.clear();
        }
        if buf.len() + data.len() > MAX_FILE_BYTES {
            return Err(FsError::NoSpace);
        }
        buf.extend_from_slice(data);
        e.mtime_ms = now;
        Ok(())
    }

    /// lstat(2) of `rel`: a symlink is described itself.
    pub(super) fn stat(&self, rel: &str, read_only: bool) -> Result<Stat, FsError> {
        let (mode, mtime, e) = if rel.is_empty() {
            (self.root_mode, self.root_mtime, None)
        } else {
            let e = self.entries.get(rel).ok_or(FsError::NotFound)?;
            (e.mode, e.mtime_ms, Some(e))
        };
        if let Some(Entry { data: Some(d), .. }) = e {
            return Ok(Stat::file(mode, d.len() as u64, mtime, read_only));
        }
        if let Some(target) = e.and_then(|e| e.link.as_ref()) {
            // Short targets live in the inode (ext4 below 60 bytes, tmpfs below 128).
            let inline = if self.medium == Medium::Memory { 128 } else { 60 };
            let mut st = Stat::file(mode, target.len() as u64, mtime, read_only);
            st.blocks = if target.len() < inline { 0 } else { 8 };
            st.link = Some(target.clone());
            return Ok(st);
        }
        let (mut subdirs, mut count) = (0, 0);
        for (_, c) in self.children(rel) {
            count += 1;
            subdirs += u32::from(c.is_dir());
        }
        let mut st = Stat::dir(mode, subdirs, mtime, read_only);
        match self.medium {
            // overlayfs reports 1 link for a directory merged from several layers, as the
            // container's `/` always is; kubeplay keeps 2 for the others.
            Medium::Overlay => st.nlink = if rel.is_empty() { 1 } else { 2 },
            Medium::Disk => {}
            Medium::Memory => {
                st.size = 40 + 20 * count;
                st.blocks = 0;
            }
        }
        Ok(st)
    }

    pub(super) fn list(&self, rel: &str) -> Result<Vec<String>, FsError> {
        if !self.is_dir(rel) {
            return Err(if self.entries.contains_key(rel) { FsError::NotADirectory } else { FsError::NotFound });
        }
        Ok(self.children(rel).map(|(n, _)| n.to_string()).collect())
    }

    pub(super) fn mkdir(&mut self, rel: &str, now: i64) -> Result<(), FsError> {
        if rel.is_empty() || self.entries.contains_key(rel) {
            return Err(FsError::Exists);
        }
        self.parent_ok(rel)?;
        if self.entries.len() >= MAX_ENTRIES_PER_TREE {
            return Err(FsError::NoSpace);
        }
        self.insert(rel, Entry::dir(0o755, now), now);
        Ok(())
    }

    pub(super) fn remove(&mut self, rel: &str, now: i64) -> Result<(), FsError> {
        if rel.is_empty() {
            return Err(FsError::PermissionDenied);
        }
        if self.is_dir(rel) && !self.list(rel)?.is_empty() {
            return Err(FsError::NotEmpty);
        }
        let e = self.entries.remove(rel).ok_or(FsError::NotFound)?;
        if e.link.is_some() {
            self.links = self.links.saturating_sub(1);
        }
        self.touch_parent(rel, now);
        Ok(())
    }

    pub(super) fn chmod(&mut self, rel: &str, mode: u32) -> Result<(), FsError> {
        if rel.is_empty() {
            self.root_mode = mode & 0o7777;
            return Ok(());
        }
        self.entries.get_mut(rel).map(|e| e.mode = mode & 0o7777).ok_or(FsError::NotFound)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn mkdir_p_makes_each_missing_parent_once_and_drops_empty_components() {
        let mut t = Tree::new(Medium::Overlay, 0o755, 0);
        t.put("etc/hostname", b"h\n", 0o644, 1);
        t.mkdir_p("/etc//ssl/certs/", 2);
        t.mkdir_p("etc/ssl", 3);
        let dirs: Vec<(&str, i64)> = t.entries.iter().filter(|(_, e)| e.is_dir()).map(|(p, e)| (p.as_str(), e.mtime_ms)).collect();
        assert_eq!(dirs, [("etc", 2), ("etc/ssl", 2), ("etc/ssl/certs", 2)]);
        assert_eq!(t.get("etc/hostname").and_then(|e| e.data.as_deref()), Some(&b"h\n"[..]));
    }
}
