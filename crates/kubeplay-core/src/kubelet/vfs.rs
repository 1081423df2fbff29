//! Container filesystems: in-memory directory trees (volumes, a container's writable root) and the
//! mount table that composes them into the `kubeplay_shell::Fs` a process sees.

use kubeplay_shell::{Fs, FsError, Stat};
use std::collections::BTreeMap;

/// Bounds that keep a runaway `while true; do echo x >> f; done` from eating the browser's memory.
pub const MAX_FILE_BYTES: usize = 1 << 20;
pub const MAX_ENTRIES_PER_TREE: usize = 10_000;

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Entry {
    pub data: Option<Vec<u8>>,
    pub mode: u32,
    pub mtime_ms: i64,
}

impl Entry {
    fn is_dir(&self) -> bool {
        self.data.is_none()
    }
}

/// One directory tree: paths relative to its root ("" is the root, "a/b" a file).
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Tree {
    entries: BTreeMap<String, Entry>,
}

impl Tree {
    /// Writes a file, creating parent directories (used to project secrets and image files).
    pub fn put(&mut self, path: &str, data: &[u8], mode: u32, now: i64) {
        let path = path.trim_matches('/');
        if let Some((parent, _)) = path.rsplit_once('/') {
            self.mkdir_p(parent, now);
        }
        self.entries.insert(path.to_string(), Entry { data: Some(data.to_vec()), mode, mtime_ms: now });
    }

    /// Creates a directory and its missing parents (`mkdir -p`), for image layouts.
    pub fn mkdir_p(&mut self, path: &str, now: i64) {
        let mut dir = String::new();
        for part in path.trim_matches('/').split('/').filter(|p| !p.is_empty()) {
            if !dir.is_empty() {
                dir.push('/');
            }
            dir.push_str(part);
            self.entries.entry(dir.clone()).or_insert(Entry { data: None, mode: 0o755, mtime_ms: now });
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

    fn read(&self, rel: &str) -> Result<Vec<u8>, FsError> {
        if rel.is_empty() {
            return Err(FsError::IsADirectory);
        }
        match self.entries.get(rel) {
            None => Err(FsError::NotFound),
            Some(Entry { data: None, .. }) => Err(FsError::IsADirectory),
            Some(Entry { data: Some(d), .. }) => Ok(d.clone()),
        }
    }

    fn write(&mut self, rel: &str, data: &[u8], append: bool, now: i64) -> Result<(), FsError> {
        if self.is_dir(rel) {
            return Err(FsError::IsADirectory);
        }
        self.parent_ok(rel)?;
        if !self.entries.contains_key(rel) && self.entries.len() >= MAX_ENTRIES_PER_TREE {
            return Err(FsError::NoSpace);
        }
        let e = self.entries.entry(rel.to_string()).or_insert(Entry { data: Some(Vec::new()), mode: 0o644, mtime_ms: now });
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

    fn stat(&self, rel: &str, read_only: bool) -> Result<Stat, FsError> {
        if rel.is_empty() {
            return Ok(Stat { is_dir: true, mode: 0o755, size: 4096, mtime_ms: 0, read_only });
        }
        let e = self.entries.get(rel).ok_or(FsError::NotFound)?;
        let size = e.data.as_ref().map_or(4096, |d| d.len() as u64);
        Ok(Stat { is_dir: e.is_dir(), mode: e.mode, size, mtime_ms: e.mtime_ms, read_only })
    }

    fn list(&self, rel: &str) -> Result<Vec<String>, FsError> {
        if !self.is_dir(rel) {
            return Err(if self.entries.contains_key(rel) { FsError::NotADirectory } else { FsError::NotFound });
        }
        let prefix = if rel.is_empty() { String::new() } else { format!("{rel}/") };
        Ok(self
            .entries
            .range(prefix.clone()..)
            .take_while(|(p, _)| p.starts_with(&prefix))
            .filter(|(p, _)| !p[prefix.len()..].contains('/'))
            .map(|(p, _)| p[prefix.len()..].to_string())
            .collect())
    }

    fn mkdir(&mut self, rel: &str, now: i64) -> Result<(), FsError> {
        if rel.is_empty() || self.entries.contains_key(rel) {
            return Err(FsError::Exists);
        }
        self.parent_ok(rel)?;
        if self.entries.len() >= MAX_ENTRIES_PER_TREE {
            return Err(FsError::NoSpace);
        }
        self.entries.insert(rel.to_string(), Entry { data: None, mode: 0o755, mtime_ms: now });
        Ok(())
    }

    fn remove(&mut self, rel: &str) -> Result<(), FsError> {
        if rel.is_empty() {
            return Err(FsError::PermissionDenied);
        }
        if self.is_dir(rel) && !self.list(rel)?.is_empty() {
            return Err(FsError::NotEmpty);
        }
        self.entries.remove(rel).map(|_| ()).ok_or(FsError::NotFound)
    }

    fn chmod(&mut self, rel: &str, mode: u32) -> Result<(), FsError> {
        self.entries.get_mut(rel).map(|e| e.mode = mode & 0o7777).ok_or(FsError::NotFound)
    }
}

/// A volume's identity in the node's volume store.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord)]
pub enum VolumeId {
    /// emptyDir: (pod uid, volume name); gone with the pod.
    EmptyDir(String, String),
    /// A PersistentVolume's contents, by PV name; outlives pods.
    Persistent(String),
}

/// Where a mount point's files live.
#[derive(Debug, Clone)]
pub enum Backing {
    Volume(VolumeId),
    /// Secret and configMap volumes: files projected when the container started; read-only.
    Projected(Tree),
}

#[derive(Debug, Clone)]
pub struct Mount {
    /// Absolute, without a trailing slash (`/secrets`).
    pub path: String,
    pub backing: Backing,
    pub read_only: bool,
    /// `subPath`: the mount shows this directory of the volume.
    pub sub_path: String,
}

/// A borrow that may or may not allow writing (another pod's files are read through a shared one).
pub enum Ref<'a, T> {
    Mut(&'a mut T),
    Shared(&'a T),
}

impl<T> Ref<'_, T> {
    fn get(&self) -> &T {
        match self {
            Ref::Mut(t) => t,
            Ref::Shared(t) => t,
        }
    }
    fn get_mut(&mut self) -> Result<&mut T, FsError> {
        match self {
            Ref::Mut(t) => Ok(t),
            Ref::Shared(_) => Err(FsError::ReadOnly),
        }
    }
}

/// What one process sees: its container's root tree plus mounts over the node's volumes.
pub struct ContainerFs<'a> {
    pub root: Ref<'a, Tree>,
    pub mounts: &'a [Mount],
    pub volumes: Ref<'a, BTreeMap<VolumeId, Tree>>,
    pub now_ms: i64,
}

enum Target<'m> {
    Root(String),
    Volume(&'m VolumeId, String, bool),
    Projected(&'m Tree, String),
}

impl ContainerFs<'_> {
    fn locate(&self, path: &str) -> Target<'_> {
        let path = path.trim_end_matches('/');
        let best = self.mounts.iter().filter(|m| path == m.path || path.starts_with(&format!("{}/", m.path))).max_by_key(|m| m.path.len());
        match best {
            None => Target::Root(path.trim_start_matches('/').to_string()),
            Some(m) => {
                let rest = path[m.path.len()..].trim_start_matches('/');
                let rel = [m.sub_path.trim_matches('/'), rest].iter().filter(|s| !s.is_empty()).copied().collect::<Vec<_>>().join("/");
                match &m.backing {
                    Backing::Volume(id) => Target::Volume(id, rel, m.read_only),
                    Backing::Projected(t) => Target::Projected(t, rel),
                }
            }
        }
    }

    /// Mount points under `dir` show their first path component in its listing even if the tree has
    /// no such entry (the runtime creates a mount point's missing directories, e.g. /var/run/secrets).
    fn mount_children(&self, dir: &str) -> Vec<String> {
        let dir = dir.trim_end_matches('/');
        self.mounts
            .iter()
            .filter_map(|m| m.path.strip_prefix(dir).and_then(|r| r.strip_prefix('/')).and_then(|r| r.split('/').next()).filter(|r| !r.is_empty()).map(str::to_string))
            .collect()
    }

    fn tree_mut(&mut self, id: &VolumeId) -> Result<&mut Tree, FsError> {
        Ok(self.volumes.get_mut()?.entry(id.clone()).or_default())
    }
}

impl Fs for ContainerFs<'_> {
    fn read(&self, path: &str) -> Result<Vec<u8>, FsError> {
        match self.locate(path) {
            Target::Root(rel) => self.root.get().read(&rel),
            Target::Volume(id, rel, _) => self.volumes.get().get(id).map_or(if rel.is_empty() { Err(FsError::IsADirectory) } else { Err(FsError::NotFound) }, |t| t.read(&rel)),
            Target::Projected(t, rel) => t.read(&rel),
        }
    }

    fn write(&mut self, path: &str, data: &[u8], append: bool) -> Result<(), FsError> {
        let now = self.now_ms;
        match self.locate(path) {
            Target::Root(rel) => self.root.get_mut()?.write(&rel, data, append, now),
            Target::Volume(_, _, true) | Target::Projected(..) => Err(FsError::ReadOnly),
            Target::Volume(id, rel, false) => {
                let id = id.clone();
                self.tree_mut(&id)?.write(&rel, data, append, now)
            }
        }
    }

    fn stat(&self, path: &str) -> Result<Stat, FsError> {
        match self.locate(path) {
            Target::Root(rel) => {
                if !rel.is_empty() && self.root.get().get(&rel).is_none() && !self.mount_children(&format!("/{rel}")).is_empty() {
                    return Ok(Stat { is_dir: true, mode: 0o755, size: 4096, mtime_ms: 0, read_only: false });
                }
                self.root.get().stat(&rel, false)
            }
            Target::Volume(id, rel, ro) => match self.volumes.get().get(id) {
                Some(t) => t.stat(&rel, ro),
                None if rel.is_empty() => Ok(Stat { is_dir: true, mode: 0o777, size: 4096, mtime_ms: 0, read_only: ro }),
                None => Err(FsError::NotFound),
            },
            Target::Projected(t, rel) => t.stat(&rel, true).map(|mut s| {
                if rel.is_empty() {
                    s.mode = 0o1777;
                }
                s
            }),
        }
    }

    fn list(&self, path: &str) -> Result<Vec<String>, FsError> {
        let mut names = match self.locate(path) {
            Target::Root(rel) => self.root.get().list(&rel).or_else(|e| if self.mount_children(path).is_empty() { Err(e) } else { Ok(vec![]) })?,
            Target::Volume(id, rel, _) => match self.volumes.get().get(id) {
                Some(t) => t.list(&rel)?,
                None if rel.is_empty() => vec![],
                None => return Err(FsError::NotFound),
            },
            Target::Projected(t, rel) => t.list(&rel)?,
        };
        names.extend(self.mount_children(path));
        names.sort();
        names.dedup();
        Ok(names)
    }

    fn mkdir(&mut self, path: &str) -> Result<(), FsError> {
        let now = self.now_ms;
        match self.locate(path) {
            Target::Root(rel) => self.root.get_mut()?.mkdir(&rel, now),
            Target::Volume(_, _, true) | Target::Projected(..) => Err(FsError::ReadOnly),
            Target::Volume(id, rel, false) => {
                let id = id.clone();
                self.tree_mut(&id)?.mkdir(&rel, now)
            }
        }
    }

    fn remove(&mut self, path: &str) -> Result<(), FsError> {
        match self.locate(path) {
            Target::Root(rel) => self.root.get_mut()?.remove(&rel),
            Target::Volume(_, _, true) | Target::Projected(..) => Err(FsError::ReadOnly),
            Target::Volume(id, rel, false) => {
                let id = id.clone();
                self.tree_mut(&id)?.remove(&rel)
            }
        }
    }

    fn chmod(&mut self, path: &str, mode: u32) -> Result<(), FsError> {
        match self.locate(path) {
            Target::Root(rel) => self.root.get_mut()?.chmod(&rel, mode),
            Target::Volume(_, _, true) | Target::Projected(..) => Err(FsError::ReadOnly),
            Target::Volume(id, rel, false) => {
                let id = id.clone();
                self.tree_mut(&id)?.chmod(&rel, mode)
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn mounts_compose_and_projected_volumes_are_read_only() {
        let mut root = Tree::default();
        let mut secret = Tree::default();
        secret.put("postgres_password", b"kiamol-2*2*", 0o400, 0);
        let mounts = vec![
            Mount { path: "/secrets".into(), backing: Backing::Projected(secret), read_only: true, sub_path: String::new() },
            Mount { path: "/data".into(), backing: Backing::Volume(VolumeId::Persistent("pvc-1".into())), read_only: false, sub_path: String::new() },
        ];
        let mut volumes = BTreeMap::new();
        let mut fs = ContainerFs { root: Ref::Mut(&mut root), mounts: &mounts, volumes: Ref::Mut(&mut volumes), now_ms: 5 };
        assert_eq!(fs.read("/secrets/postgres_password").unwrap(), b"kiamol-2*2*");
        assert_eq!(fs.write("/secrets/x", b"y", false), Err(FsError::ReadOnly));
        fs.write("/data/dump.sql", b"-- dump", false).unwrap();
        fs.write("/tmp", b"x", false).unwrap();
        assert_eq!(fs.list("/").unwrap(), vec!["data", "secrets", "tmp"]);
        let deep = vec![Mount { path: "/var/run/secrets/kubernetes.io/serviceaccount".into(), backing: Backing::Projected(Tree::default()), read_only: true, sub_path: String::new() }];
        let (mut root2, none) = (Tree::default(), BTreeMap::new());
        let fs2 = ContainerFs { root: Ref::Mut(&mut root2), mounts: &deep, volumes: Ref::Shared(&none), now_ms: 0 };
        assert_eq!(fs2.list("/var/run").unwrap(), vec!["secrets"]);
        assert!(fs2.stat("/var/run/secrets/kubernetes.io").unwrap().is_dir);
        assert_eq!(fs.stat("/secrets/postgres_password").unwrap().mode, 0o400);
        assert_eq!(volumes[&VolumeId::Persistent("pvc-1".into())].read("dump.sql").unwrap(), b"-- dump");
    }
}
