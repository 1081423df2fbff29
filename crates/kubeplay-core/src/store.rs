//! The object store: a BTreeMap of typed objects keyed by (kind, namespace, name), with two indexes
//! (uid → key, owner uid → dependents) so the garbage collector never scans everything. Read access
//! is public; mutation is crate-private and happens only through `Cluster::write` (the one write path).
//! Objects are held behind `Rc`, so a controller or the kubelet can keep one while it writes others
//! (`get_shared`) without a deep copy of a k8s-openapi tree, the main cost of a busy simulation.

use crate::api::{Kind, ObjKey, Object};
use std::collections::{BTreeMap, BTreeSet};
use std::rc::Rc;

#[derive(Debug, Default, Clone)]
pub struct Store {
    objects: BTreeMap<ObjKey, Rc<Object>>,
    resource_version: u64,
    index: Indexes,
    /// Objects per kind, then per namespace (nested so a write counts without building a key).
    counts: BTreeMap<Kind, BTreeMap<String, usize>>,
}

/// uid → key, and owner uid → dependents.
#[derive(Debug, Default, Clone)]
struct Indexes {
    by_uid: BTreeMap<String, ObjKey>,
    dependents: BTreeMap<String, BTreeSet<ObjKey>>,
}

impl Indexes {
    fn add(&mut self, key: &ObjKey, obj: &Object) {
        self.by_uid.insert(obj.uid().to_string(), key.clone());
        for r in obj.meta().owner_references.iter().flatten() {
            self.dependents.entry(r.uid.clone()).or_default().insert(key.clone());
        }
    }

    fn remove(&mut self, key: &ObjKey, old: &Object) {
        // One search: another object indexed under the same uid (never the case in practice) is put back.
        if let Some((uid, other)) = self.by_uid.remove_entry(old.uid()).filter(|(_, k)| k != key) {
            self.by_uid.insert(uid, other);
        }
        for r in old.meta().owner_references.iter().flatten() {
            if let Some(set) = self.dependents.get_mut(&r.uid) {
                set.remove(key);
                if set.is_empty() {
                    self.dependents.remove(&r.uid);
                }
            }
        }
    }
}

impl Store {
    pub fn get(&self, key: &ObjKey) -> Option<&Object> {
        self.objects.get(key).map(|o| &**o)
    }

    /// The stored object itself, to hold on to while the store changes (no copy is made).
    pub fn get_shared(&self, key: &ObjKey) -> Option<Rc<Object>> {
        self.objects.get(key).cloned()
    }

    /// Objects of `kind`, in `namespace` (all namespaces when `None`), sorted by namespace then name.
    pub fn list<'a>(&'a self, kind: Kind, namespace: Option<&'a str>) -> impl Iterator<Item = &'a Object> + 'a {
        let namespace = if kind.namespaced() { namespace } else { None };
        let start = ObjKey { kind, namespace: namespace.unwrap_or("").to_string(), name: String::new() };
        self.objects
            .range(start..)
            .take_while(move |(k, _)| k.kind == kind && namespace.is_none_or(|ns| k.namespace == ns))
            .map(|(_, o)| &**o)
    }

    /// Every object, in key order.
    pub fn all(&self) -> impl Iterator<Item = &Object> {
        self.objects.values().map(|o| &**o)
    }

    pub fn len(&self) -> usize {
        self.objects.len()
    }

    pub fn is_empty(&self) -> bool {
        self.objects.is_empty()
    }

    pub(crate) fn next_resource_version(&mut self) -> String {
        self.resource_version += 1;
        self.resource_version.to_string()
    }

    /// The object with this uid.
    pub fn by_uid(&self, uid: &str) -> Option<&Object> {
        self.index.by_uid.get(uid).and_then(|k| self.get(k))
    }

    /// Keys of the objects with an ownerReference to `uid`, in key order.
    pub fn dependents(&self, uid: &str) -> Vec<ObjKey> {
        self.index.dependents.get(uid).map(|s| s.iter().cloned().collect()).unwrap_or_default()
    }

    /// Objects of `kind` in `namespace` whose names start with `prefix`.
    pub fn list_prefix<'a>(&'a self, kind: Kind, namespace: &'a str, prefix: &'a str) -> impl Iterator<Item = &'a Object> + 'a {
        let start = ObjKey { kind, namespace: namespace.to_string(), name: prefix.to_string() };
        self.objects.range(start..).take_while(move |(k, _)| k.kind == kind && k.namespace == namespace && k.name.starts_with(prefix)).map(|(_, o)| &**o)
    }

    /// How many objects of `kind` live in `namespace` (kept, not counted).
    pub fn count(&self, kind: Kind, namespace: &str) -> usize {
        self.counts.get(&kind).and_then(|m| m.get(namespace)).copied().unwrap_or(0)
    }

    /// How many objects of `kind` live in all namespaces together.
    pub fn count_kind(&self, kind: Kind) -> usize {
        self.counts.get(&kind).map_or(0, |m| m.values().sum())
    }

    /// Stores `obj` under `key` (its own key), replacing any object there, and hands back the
    /// stored object. The indexes are rebuilt only when the uid or the owners changed (most writes
    /// are status updates that change neither).
    pub(crate) fn put(&mut self, key: &ObjKey, obj: Object) -> Rc<Object> {
        let obj = Rc::new(obj);
        match self.objects.get_mut(key) {
            Some(old) => {
                if old.uid() != obj.uid() || old.meta().owner_references != obj.meta().owner_references {
                    self.index.remove(key, old);
                    self.index.add(key, &obj);
                }
                *old = Rc::clone(&obj);
            }
            None => {
                let per_namespace = self.counts.entry(key.kind).or_default();
                match per_namespace.get_mut(&key.namespace) {
                    Some(n) => *n += 1,
                    None => {
                        per_namespace.insert(key.namespace.clone(), 1);
                    }
                }
                self.index.add(key, &obj);
                self.objects.insert(key.clone(), Rc::clone(&obj));
            }
        }
        obj
    }

    pub(crate) fn remove(&mut self, key: &ObjKey) -> Option<Rc<Object>> {
        let removed = self.objects.remove(key)?;
        self.index.remove(key, &removed);
        if let Some(n) = self.counts.get_mut(&key.kind).and_then(|m| m.get_mut(&key.namespace)) {
            *n = n.saturating_sub(1);
        }
        Some(removed)
    }
}
