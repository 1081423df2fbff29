//! Container filesystems: the mount table that composes directory trees (`tree.rs`: volumes, a
//! container's writable root) into the `kubeplay_shell::Fs` a process sees, following symlinks
//! across mounts as the kernel's path walk does.

use kubeplay_shell::{Fs, FsError, Stat};
use std::cell::OnceCell;
use std::collections::BTreeMap;

pub use super::tree::{Entry, Medium, Tree, MAX_ENTRIES_PER_TREE, MAX_FILE_BYTES};

/// A volume's identity in the node's volume store.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord)]
pub enum VolumeId {
    /// emptyDir: (pod uid, volume name); gone with the pod.
    EmptyDir(String, String),
    /// A PersistentVolume's contents, by PV name; outlives pods.
    Persistent(String),
    /// A volume the kubelet's AtomicWriter keeps (configMap, secret, projected, downwardAPI):
    /// (pod uid, volume name); rewritten when its sources change, gone with the pod.
    Atomic(String, String),
}

/// Where a mount point's files live.
#[derive(Debug, Clone)]
pub enum Backing {
    Volume(VolumeId),
    /// A read-only copy taken when the container started: a subPath of a kubelet-written volume
    /// is bind-mounted from the file it resolved to then, so later updates never reach it.
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

/// A directory tree made the first time a process or a reader looks at it: a container's writable
/// layer from what the container started with, a kubelet-written volume's first version from its
/// payload. A container that exits without touching a file never needs either, and building them
/// was a good part of every pod start.
pub struct Layer {
    tree: OnceCell<Tree>,
    make: Option<Box<dyn Fn() -> Tree>>,
}

impl Layer {
    /// A layer that is already there.
    pub fn new(tree: Tree) -> Layer {
        Layer { tree: OnceCell::from(tree), make: None }
    }

    /// A layer `make` builds when it is first looked at (`make` must depend only on what it
    /// captured, so the tree is the same whenever that happens).
    pub fn lazy(make: impl Fn() -> Tree + 'static) -> Layer {
        Layer { tree: OnceCell::new(), make: Some(Box::new(make)) }
    }

    pub fn get(&self) -> &Tree {
        self.tree.get_or_init(|| self.make.as_ref().map_or_else(Tree::default, |make| make()))
    }

    pub fn get_mut(&mut self) -> &mut Tree {
        self.get();
        self.tree.get_mut().expect("built by get")
    }
}

impl Default for Layer {
    fn default() -> Self {
        Layer::new(Tree::default())
    }
}

/// What one process sees: its container's root tree plus mounts over the node's volumes.
pub struct ContainerFs<'a> {
    pub root: Ref<'a, Layer>,
    pub mounts: &'a [Mount],
    pub volumes: Ref<'a, BTreeMap<VolumeId, Layer>>,
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
        let under = |m: &&Mount| path.strip_prefix(m.path.as_str()).is_some_and(|r| r.is_empty() || r.starts_with('/'));
        let best = self.mounts.iter().filter(under).max_by_key(|m| m.path.len());
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

    /// The tree a target lives in, if it exists yet.
    fn tree_of<'t>(&'t self, target: &'t Target<'_>) -> Option<(&'t Tree, &'t str)> {
        match target {
            Target::Root(rel) => Some((self.root.get().get(), rel)),
            Target::Volume(id, rel, _) => self.volumes.get().get(*id).map(|t| (t.get(), rel.as_str())),
            Target::Projected(t, rel) => Some((*t, rel.as_str())),
        }
    }

    /// Whether a tree `path` passes through holds a symlink: the root's, or a mount's on the way.
    /// Only then can the walk meet a link (a path through a PersistentVolume skips it).
    fn may_meet_links(&self, path: &str) -> bool {
        self.root.get().get().has_links()
            || self.mounts.iter().filter(|m| path.strip_prefix(m.path.as_str()).is_some_and(|r| r.is_empty() || r.starts_with('/'))).any(|m| match &m.backing {
                Backing::Volume(id) => self.volumes.get().get(id).is_some_and(|t| t.get().has_links()),
                Backing::Projected(t) => t.has_links(),
            })
    }

    /// `path` with its symlinks followed across mounts (the last one only when `follow_last`).
    fn real(&self, path: &str, follow_last: bool) -> Result<String, FsError> {
        if !self.may_meet_links(path) {
            return Ok(path.to_string());
        }
        kubeplay_shell::resolve(path, follow_last, &|p| {
            let target = self.locate(p);
            self.tree_of(&target).and_then(|(t, rel)| t.link_of(rel).map(str::to_string))
        })
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
        let now = self.now_ms;
        Ok(self.volumes.get_mut()?.entry(id.clone()).or_insert_with(|| Layer::new(Tree::new(Medium::Disk, 0o777, now))).get_mut())
    }

    /// lstat of an already resolved path.
    fn stat_real(&self, path: &str) -> Result<Stat, FsError> {
        match self.locate(path) {
            Target::Root(rel) => {
                let root = self.root.get().get();
                let below = if rel.is_empty() || root.get(&rel).is_some() { Vec::new() } else { self.mount_children(&format!("/{rel}")) };
                if !below.is_empty() {
                    // A directory the runtime made for mount points (e.g. /var/run/secrets): as
                    // old as the container, with a link for each directory made under it.
                    let mtime = root.stat("", false).map_or(0, |s| s.mtime_ms);
                    return Ok(Stat::dir(0o755, below.len() as u32, mtime, false));
                }
                root.stat(&rel, false)
            }
            Target::Volume(id, rel, ro) => match self.volumes.get().get(id) {
                Some(t) => t.get().stat(&rel, ro),
                None if rel.is_empty() => Ok(Stat::dir(0o777, 0, 0, ro)),
                None => Err(FsError::NotFound),
            },
            Target::Projected(t, rel) => t.stat(&rel, true),
        }
    }
}

impl Fs for ContainerFs<'_> {
    fn read(&self, path: &str) -> Result<Vec<u8>, FsError> {
        let path = self.real(path, true)?;
        match self.locate(&path) {
            Target::Root(rel) => self.root.get().get().read(&rel),
            Target::Volume(id, rel, _) => self.volumes.get().get(id).map_or(if rel.is_empty() { Err(FsError::IsADirectory) } else { Err(FsError::NotFound) }, |t| t.get().read(&rel)),
            Target::Projected(t, rel) => t.read(&rel),
        }
    }

    fn write(&mut self, path: &str, data: &[u8], append: bool) -> Result<(), FsError> {
        let now = self.now_ms;
        let path = self.real(path, true)?;
        match self.locate(&path) {
            Target::Root(rel) => self.root.get_mut()?.get_mut().write(&rel, data, append, now),
            Target::Volume(_, _, true) | Target::Projected(..) => Err(FsError::ReadOnly),
            Target::Volume(id, rel, false) => {
                let id = id.clone();
                self.tree_mut(&id)?.write(&rel, data, append, now)
            }
        }
    }

    fn stat(&self, path: &str) -> Result<Stat, FsError> {
        self.stat_real(&self.real(path, true)?)
    }

    fn lstat(&self, path: &str) -> Result<Stat, FsError> {
        self.stat_real(&self.real(path, false)?)
    }

    fn list(&self, path: &str) -> Result<Vec<String>, FsError> {
        let path = self.real(path, true)?;
        let mut names = match self.locate(&path) {
            Target::Root(rel) => self.root.get().get().list(&rel).or_else(|e| if self.mount_children(&path).is_empty() { Err(e) } else { Ok(vec![]) })?,
            Target::Volume(id, rel, _) => match self.volumes.get().get(id) {
                Some(t) => t.get().list(&rel)?,
                None if rel.is_empty() => vec![],
                None => return Err(FsError::NotFound),
            },
            Target::Projected(t, rel) => t.list(&rel)?,
        };
        names.extend(self.mount_children(&path));
        names.sort();
        names.dedup();
        Ok(names)
    }

    fn mkdir(&mut self, path: &str) -> Result<(), FsError> {
        let now = self.now_ms;
        let path = self.real(path, false)?;
        match self.locate(&path) {
            Target::Root(rel) => self.root.get_mut()?.get_mut().mkdir(&rel, now),
            Target::Volume(_, _, true) | Target::Projected(..) => Err(FsError::ReadOnly),
            Target::Volume(id, rel, false) => {
                let id = id.clone();
                self.tree_mut(&id)?.mkdir(&rel, now)
            }
        }
    }

    fn remove(&mut self, path: &str) -> Result<(), FsError> {
        let now = self.now_ms;
        let path = self.real(path, false)?;
        match self.locate(&path) {
            Target::Root(rel) => self.root.get_mut()?.get_mut().remove(&rel, now),
            Target::Volume(_, _, true) | Target::Projected(..) => Err(FsError::ReadOnly),
            Target::Volume(id, rel, false) => {
                let id = id.clone();
                self.tree_mut(&id)?.remove(&rel, now)
            }
        }
    }

    fn chmod(&mut self, path: &str, mode: u32) -> Result<(), FsError> {
        let path = self.real(path, true)?;
        match self.locate(&path) {
            Target::Root(rel) => self.root.get_mut()?.get_mut().chmod(&rel, mode),
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
        let mut root = Layer::default();
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
        let (mut root2, none) = (Layer::default(), BTreeMap::new());
        let fs2 = ContainerFs { root: Ref::Mut(&mut root2), mounts: &deep, volumes: Ref::Shared(&none), now_ms: 0 };
        assert_eq!(fs2.list("/var/run").unwrap(), vec!["secrets"]);
        assert!(fs2.stat("/var/run/secrets/kubernetes.io").unwrap().is_dir);
        assert_eq!(fs.stat("/secrets/postgres_password").unwrap().mode, 0o400);
        assert_eq!(volumes[&VolumeId::Persistent("pvc-1".into())].get().read("dump.sql").unwrap(), b"-- dump");
    }

    #[test]
    fn a_lazy_layer_is_built_once_when_first_used() {
        let built = std::rc::Rc::new(std::cell::Cell::new(0));
        let counter = built.clone();
        let mut layer = Layer::lazy(move || {
            counter.set(counter.get() + 1);
            let mut t = Tree::default();
            t.put("f", b"x", 0o644, 0);
            t
        });
        assert_eq!(built.get(), 0);
        layer.get_mut().put("g", b"y", 0o644, 1);
        assert_eq!(layer.get().read("f").unwrap(), b"x");
        assert_eq!(layer.get().read("g").unwrap(), b"y", "a write lands in the built tree");
        assert_eq!(built.get(), 1);
    }

    #[test]
    fn atomic_volumes_are_links_followed_across_mounts() {
        let mut cfg = Tree::new(Medium::Disk, 0o777, 0);
        let payload = super::super::atomic::Payload::from([("app.conf".to_string(), (b"a=1\n".to_vec().into(), 0o644))]);
        super::super::atomic::write(&mut cfg, &payload, 0, 7);
        let id = VolumeId::Atomic("uid".into(), "config".into());
        let mut volumes = BTreeMap::from([(id.clone(), Layer::new(cfg))]);
        let mut tree = Tree::new(Medium::Overlay, 0o755, 0);
        tree.mkdir_p("etc", 0);
        tree.symlink("etc/app.conf", "/config/app.conf", 0);
        let mut root = Layer::new(tree);
        let mounts = vec![Mount { path: "/config".into(), backing: Backing::Volume(id), read_only: true, sub_path: String::new() }];
        let fs = ContainerFs { root: Ref::Mut(&mut root), mounts: &mounts, volumes: Ref::Mut(&mut volumes), now_ms: 0 };
        assert_eq!(fs.read("/config/app.conf").unwrap(), b"a=1\n");
        assert_eq!(fs.read("/etc/app.conf").unwrap(), b"a=1\n", "an absolute link crosses into the mount");
        assert_eq!(fs.readlink("/config/app.conf").unwrap(), "..data/app.conf");
        assert_eq!(fs.lstat("/config/..data").unwrap().link.as_deref(), Some("..1970_01_01_00_00_00.7"));
        assert!(!fs.stat("/config/app.conf").unwrap().is_dir);
        assert_eq!(fs.list("/config").unwrap(), ["..1970_01_01_00_00_00.7", "..data", "app.conf"]);
        assert_eq!(fs.readlink("/config"), Err(FsError::Invalid));
        let st = fs.stat("/config").unwrap();
        assert_eq!((st.mode, st.nlink, st.size), (0o777, 3, 4096));
    }
}
