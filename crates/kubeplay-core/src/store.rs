//! The object store: typed objects filed by kind, then namespace, then name (nested BTreeMaps, so a
//! lookup compares a kind, then a handful of namespaces, then names, and needs no `ObjKey` built),
//! with two indexes (uid → key, owner uid → dependents) so the garbage collector never scans
//! everything. Read access is public; mutation is crate-private and happens only through
//! `Cluster::write` (the one write path). Objects are held behind `Rc`, so a controller or the
//! kubelet can keep one while it writes others (`get_shared`) without a deep copy of a k8s-openapi
//! tree, the main cost of a busy simulation.

use crate::api::{Kind, ObjKey, Object};
use std::collections::{BTreeMap, BTreeSet};
use std::ops::Bound;
use std::rc::Rc;

/// One kind's objects: namespace ("" for cluster-scoped kinds) → name → object.
type Namespaces = BTreeMap<String, BTreeMap<String, Rc<Object>>>;

/// What [`Store::edit_unshared`] did.
pub(crate) enum Edit {
    /// Nothing: the object is missing or a reader holds it too.
    Shared,
    /// The change found nothing to change.
    Unchanged,
    /// Changed, with the next resourceVersion: the stored object.
    Changed(Rc<Object>),
}

#[derive(Debug, Clone)]
pub struct Store {
    /// One shelf per kind, at `Kind as usize`: declaration order, which is `Kind`'s order, so
    /// iterating shelves, namespaces and names goes in `ObjKey` order. An array rather than a map:
    /// every read and write starts by finding its kind.
    shelves: Vec<Shelf>,
    len: usize,
    resource_version: u64,
    index: Indexes,
}

/// One kind's objects and how many there are (kept, so counting a kind is not a walk).
#[derive(Debug, Default, Clone)]
struct Shelf {
    namespaces: Namespaces,
    len: usize,
}

impl Default for Store {
    fn default() -> Self {
        let shelves = vec![Shelf::default(); crate::api::kinds::KINDS.len()];
        Store { shelves, len: 0, resource_version: 0, index: Indexes::default() }
    }
}

/// uid → key, and owner uid → dependents. Events, most of the writes and never an owner in
/// practice (only the garbage collector looks uids up), are left out of `by_uid`: they are only
/// counted by a hash of their uid (a few probes of a `HashIndex` to count one in or out), so a
/// lookup that misses searches the Events only when one of them may have that uid.
#[derive(Debug, Default, Clone)]
struct Indexes {
    by_uid: BTreeMap<String, ObjKey>,
    event_uids: crate::hashindex::HashIndex,
    dependents: BTreeMap<String, BTreeSet<ObjKey>>,
}

impl Indexes {
    fn add(&mut self, key: &ObjKey, obj: &Object) {
        if key.kind == Kind::Event {
            self.event_uids.count_up(uid_hash(obj.uid()));
        } else {
            self.by_uid.insert(obj.uid().to_string(), key.clone());
        }
        for r in obj.meta().owner_references.iter().flatten() {
            self.dependents.entry(r.uid.clone()).or_default().insert(key.clone());
        }
    }

    /// [`Self::add`] for a new Event (counted by its uid), its key built only if it has owners.
    fn add_event(&mut self, obj: &Object) {
        if obj.meta().owner_references.as_ref().is_some_and(|o| !o.is_empty()) {
            self.add(&obj.key(), obj);
        } else {
            self.event_uids.count_up(uid_hash(obj.uid()));
        }
    }

    fn remove(&mut self, key: &ObjKey, old: &Object) {
        if key.kind == Kind::Event {
            self.event_uids.count_down(uid_hash(old.uid()));
        } else if let Some((uid, other)) = self.by_uid.remove_entry(old.uid()).filter(|(_, k)| k != key) {
            // One search: another object indexed under the same uid (never the case in practice) is put back.
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
        self.lookup(key.kind, &key.namespace, &key.name)
    }

    /// The object of `kind` named `name` in `namespace` (ignored for cluster-scoped kinds, as
    /// `ObjKey::new` ignores it), without building a key.
    pub fn lookup(&self, kind: Kind, namespace: &str, name: &str) -> Option<&Object> {
        let namespace = if kind.namespaced() { namespace } else { "" };
        self.namespaces(kind)?.get(namespace)?.get(name).map(|o| &**o)
    }

    /// The stored object itself, to hold on to while the store changes (no copy is made).
    pub fn get_shared(&self, key: &ObjKey) -> Option<Rc<Object>> {
        self.namespaces(key.kind)?.get(&key.namespace)?.get(&key.name).cloned()
    }

    fn namespaces(&self, kind: Kind) -> Option<&Namespaces> {
        self.shelves.get(kind as usize).map(|s| &s.namespaces)
    }

    /// Objects of `kind`, in `namespace` (all namespaces when `None`), sorted by namespace then name.
    pub fn list<'a>(&'a self, kind: Kind, namespace: Option<&'a str>) -> impl Iterator<Item = &'a Object> + 'a {
        let namespace = if kind.namespaced() { namespace } else { None };
        let namespaces = self.namespaces(kind);
        let one = namespace.and_then(|ns| namespaces?.get(ns));
        let every = namespaces.filter(|_| namespace.is_none());
        one.into_iter().chain(every.into_iter().flat_map(|m| m.values())).flat_map(|m| m.values()).map(|o| &**o)
    }

    /// Every object, in key order.
    pub fn all(&self) -> impl Iterator<Item = &Object> {
        self.shelves.iter().flat_map(|s| s.namespaces.values()).flat_map(|m| m.values()).map(|o| &**o)
    }

    pub fn len(&self) -> usize {
        self.len
    }

    pub fn is_empty(&self) -> bool {
        self.len == 0
    }

    pub(crate) fn next_resource_version(&mut self) -> String {
        self.resource_version += 1;
        self.resource_version.to_string()
    }

    /// The object with this uid.
    pub fn by_uid(&self, uid: &str) -> Option<&Object> {
        if let Some(k) = self.index.by_uid.get(uid) {
            return self.get(k);
        }
        // Not indexed: an Event, if one may have it (a missed owner, the usual case, rarely may).
        self.index.event_uids.get(uid_hash(uid))?;
        self.list(Kind::Event, None).find(|o| o.uid() == uid)
    }

    /// Keys of the objects with an ownerReference to `uid`, in key order.
    pub fn dependents(&self, uid: &str) -> Vec<ObjKey> {
        self.index.dependents.get(uid).map(|s| s.iter().cloned().collect()).unwrap_or_default()
    }

    /// Objects of `kind` in `namespace` whose names start with `prefix`.
    pub fn list_prefix<'a>(&'a self, kind: Kind, namespace: &'a str, prefix: &'a str) -> impl Iterator<Item = &'a Object> + 'a {
        let names = self.namespaces(kind).and_then(|m| m.get(namespace));
        names
            .into_iter()
            .flat_map(move |m| m.range::<str, _>((Bound::Included(prefix), Bound::Unbounded)))
            .take_while(move |(name, _)| name.starts_with(prefix))
            .map(|(_, o)| &**o)
    }

    /// How many objects of `kind` live in `namespace` (kept, not counted).
    pub fn count(&self, kind: Kind, namespace: &str) -> usize {
        self.namespaces(kind).and_then(|m| m.get(namespace)).map_or(0, BTreeMap::len)
    }

    /// How many objects of `kind` live in all namespaces together.
    pub fn count_kind(&self, kind: Kind) -> usize {
        self.shelves.get(kind as usize).map_or(0, |s| s.len)
    }

    /// Stores `obj` under `key` (its own key), replacing any object there, and hands back the
    /// stored object. The indexes are rebuilt only when the uid or the owners changed (most writes
    /// are status updates that change neither).
    pub(crate) fn put(&mut self, key: &ObjKey, obj: Object) -> Rc<Object> {
        let obj = Rc::new(obj);
        let Some(shelf) = self.shelves.get_mut(key.kind as usize) else { return obj };
        let Some(names) = names_in(&mut shelf.namespaces, &key.namespace) else { return obj };
        match names.get_mut(&key.name) {
            Some(old) => {
                if old.uid() != obj.uid() || old.meta().owner_references != obj.meta().owner_references {
                    self.index.remove(key, old);
                    self.index.add(key, &obj);
                }
                *old = Rc::clone(&obj);
            }
            None => {
                self.index.add(key, &obj);
                names.insert(key.name.clone(), Rc::clone(&obj));
                self.counted(key.kind, 1);
            }
        }
        obj
    }

    /// Changes the object at `key` where it lies and hands it back: in place when the store holds
    /// the only reference, on a copy otherwise (`Rc::make_mut`). `change` must leave what the
    /// indexes read (uid, owners) as it was: a status write, which touches neither.
    pub(crate) fn modify(&mut self, key: &ObjKey, change: impl FnOnce(&mut Object)) -> Option<Rc<Object>> {
        let slot = self.shelves.get_mut(key.kind as usize)?.namespaces.get_mut(&key.namespace)?.get_mut(&key.name)?;
        change(Rc::make_mut(slot));
        Some(Rc::clone(slot))
    }

    /// [`Self::modify`] for a change that may turn out to be none, made only where the object lies:
    /// `change` runs only when the store holds the only reference to it, and says whether it
    /// changed anything; only then does the object get the next resourceVersion. Same contract
    /// as `modify` for what `change` may touch.
    pub(crate) fn edit_unshared(&mut self, key: &ObjKey, change: impl FnOnce(&mut Object) -> bool) -> Edit {
        let Some(slot) = self.shelves.get_mut(key.kind as usize).and_then(|s| s.namespaces.get_mut(&key.namespace)).and_then(|n| n.get_mut(&key.name)) else {
            return Edit::Shared;
        };
        let Some(obj) = Rc::get_mut(slot) else { return Edit::Shared };
        if !change(obj) {
            return Edit::Unchanged;
        }
        self.resource_version += 1;
        obj.meta_mut().resource_version = Some(self.resource_version.to_string());
        Edit::Changed(Rc::clone(slot))
    }

    /// [`Self::put`] of an object whose name the caller knows is free (a create): one search of
    /// the names instead of a look for the old object and then another to insert.
    pub(crate) fn put_new(&mut self, key: &ObjKey, obj: Object) -> Rc<Object> {
        let Some(names) = self.shelves.get_mut(key.kind as usize).and_then(|s| names_in(&mut s.namespaces, &key.namespace)) else { return Rc::new(obj) };
        let std::collections::btree_map::Entry::Vacant(slot) = names.entry(key.name.clone()) else { return self.put(key, obj) };
        let obj = Rc::new(obj);
        slot.insert(Rc::clone(&obj));
        self.index.add(key, &obj);
        self.counted(key.kind, 1);
        obj
    }

    /// Files a new Event in `namespace` under the first of `names` that is free there, each name
    /// looked up and taken in the same search (the event recorder makes its names up, and a lookup
    /// and then an insert searched a namespace's many Events twice). `finish` makes the Event for
    /// the free name, or refuses it (validation) and nothing is filed; a filed Event gets the next
    /// resourceVersion. The stored Event, or else the free name refused (`None`: no name was free).
    pub(crate) fn put_new_event(&mut self, namespace: &str, names: impl IntoIterator<Item = String>, finish: impl FnOnce(&str) -> Option<Object>) -> Result<Rc<Object>, Option<String>> {
        let Some(shelf) = self.shelves.get_mut(Kind::Event as usize) else { return Err(None) };
        let Some(events) = names_in(&mut shelf.namespaces, namespace) else { return Err(None) };
        for name in names {
            let std::collections::btree_map::Entry::Vacant(slot) = events.entry(name) else { continue };
            let Some(mut obj) = finish(slot.key()) else { return Err(Some(slot.into_key())) };
            self.resource_version += 1;
            obj.meta_mut().resource_version = Some(self.resource_version.to_string());
            let obj = Rc::new(obj);
            slot.insert(Rc::clone(&obj));
            shelf.len += 1;
            self.len += 1;
            self.index.add_event(&obj);
            return Ok(obj);
        }
        Err(None)
    }

    /// Removes `event`, a version of an Event the store held, if the store still holds that very
    /// version, in one search of the names and with no name copied: its key and itself when removed.
    pub(crate) fn remove_event_version(&mut self, event: &Rc<Object>) -> Option<(ObjKey, Rc<Object>)> {
        let names = self.shelves.get_mut(Kind::Event as usize)?.namespaces.get_mut(event.namespace())?;
        let (name, current) = names.remove_entry(event.name())?;
        if !Rc::ptr_eq(&current, event) {
            // Written again since, while a reader (a watch) kept the old version: put back.
            names.insert(name, current);
            return None;
        }
        let key = ObjKey { kind: Kind::Event, namespace: event.namespace().to_string(), name };
        self.removed(&key, &current);
        Some((key, current))
    }

    pub(crate) fn remove(&mut self, key: &ObjKey) -> Option<Rc<Object>> {
        let removed = self.shelves.get_mut(key.kind as usize)?.namespaces.get_mut(&key.namespace)?.remove(&key.name)?;
        self.removed(key, &removed);
        Some(removed)
    }

    fn removed(&mut self, key: &ObjKey, old: &Object) {
        self.counted(key.kind, -1);
        self.index.remove(key, old);
    }

    /// Moves the counts of `kind` and of everything by `by`.
    fn counted(&mut self, kind: Kind, by: isize) {
        if let Some(shelf) = self.shelves.get_mut(kind as usize) {
            shelf.len = shelf.len.saturating_add_signed(by);
        }
        self.len = self.len.saturating_add_signed(by);
    }
}

/// A hash of a uid for `Indexes::event_uids`, a word at a time (uids are 36-byte UUIDs). Only
/// membership is asked of it, so equal hashes of different uids cost a search, nothing more.
fn uid_hash(uid: &str) -> u64 {
    let mut words = uid.as_bytes().chunks_exact(8);
    let mut h = 0xcbf2_9ce4_8422_2325u64 ^ uid.len() as u64;
    for w in &mut words {
        h = (h.rotate_left(5) ^ <[u8; 8]>::try_from(w).map_or(0, u64::from_le_bytes)).wrapping_mul(0x517c_c1b7_2722_0a95);
    }
    for b in words.remainder() {
        h = (h.rotate_left(5) ^ u64::from(*b)).wrapping_mul(0x517c_c1b7_2722_0a95);
    }
    h
}

/// The names in `namespace`, made when it has none yet.
fn names_in<'a>(namespaces: &'a mut Namespaces, namespace: &str) -> Option<&'a mut BTreeMap<String, Rc<Object>>> {
    if !namespaces.contains_key(namespace) {
        namespaces.insert(namespace.to_string(), BTreeMap::new());
    }
    namespaces.get_mut(namespace)
}

#[cfg(test)]
mod tests {
    use super::*;
    use k8s_openapi::api::core::v1 as core;
    use k8s_openapi::apimachinery::pkg::apis::meta::v1::ObjectMeta;

    fn put(s: &mut Store, kind: Kind, ns: &str, name: &str) {
        let metadata = ObjectMeta { name: Some(name.into()), namespace: (!ns.is_empty()).then(|| ns.into()), uid: Some(format!("{ns}/{name}")), ..Default::default() };
        let obj = match kind {
            Kind::Namespace => Object::Namespace(Box::new(core::Namespace { metadata, ..Default::default() })),
            _ => Object::ConfigMap(Box::new(core::ConfigMap { metadata, ..Default::default() })),
        };
        s.put(&obj.key(), obj);
    }

    #[test]
    fn reads_come_in_key_order() {
        let mut s = Store::default();
        for (ns, name) in [("b", "x"), ("a", "y2"), ("a", "y1"), ("a", "z")] {
            put(&mut s, Kind::ConfigMap, ns, name);
        }
        put(&mut s, Kind::Namespace, "", "a");
        let names = |it: &mut dyn Iterator<Item = &Object>| it.map(|o| format!("{}/{}", o.namespace(), o.name())).collect::<Vec<_>>();
        assert_eq!(names(&mut s.list(Kind::ConfigMap, None)), ["a/y1", "a/y2", "a/z", "b/x"]);
        assert_eq!(names(&mut s.list(Kind::ConfigMap, Some("a"))), ["a/y1", "a/y2", "a/z"]);
        assert_eq!(names(&mut s.list(Kind::Namespace, Some("a"))), ["/a"], "cluster-scoped kinds ignore the namespace");
        assert_eq!(names(&mut s.list_prefix(Kind::ConfigMap, "a", "y")), ["a/y1", "a/y2"]);
        let keys: Vec<ObjKey> = s.all().map(Object::key).collect();
        assert!(keys.windows(2).all(|w| w[0] < w[1]), "all() in ObjKey order: {keys:?}");
        assert_eq!((s.len(), s.count(Kind::ConfigMap, "a"), s.count_kind(Kind::ConfigMap)), (5, 3, 4));
        assert!(s.lookup(Kind::Namespace, "ignored", "a").is_some() && s.by_uid("a/z").is_some());
        assert!(s.remove(&ObjKey::new(Kind::ConfigMap, "a", "z")).is_some());
        assert!(s.by_uid("a/z").is_none() && s.remove(&ObjKey::new(Kind::ConfigMap, "a", "z")).is_none());
        assert_eq!((s.len(), s.count(Kind::ConfigMap, "a")), (4, 2));
    }

    #[test]
    fn events_are_found_by_uid_without_being_indexed() {
        let mut s = Store::default();
        let event = |name: &str| {
            let metadata = ObjectMeta { name: Some(name.into()), namespace: Some("a".into()), uid: Some(format!("uid-{name}")), ..Default::default() };
            Object::Event(Box::new(core::Event { metadata, ..Default::default() }))
        };
        for name in ["e1", "e2"] {
            let e = event(name);
            s.put_new(&e.key(), e);
        }
        put(&mut s, Kind::ConfigMap, "a", "c");
        assert!(s.index.by_uid.len() == 1 && s.by_uid("uid-e2").is_some_and(|o| o.name() == "e2"));
        assert!(s.by_uid("uid-e3").is_none() && s.by_uid("a/c").is_some());
        assert!(s.remove(&ObjKey::new(Kind::Event, "a", "e2")).is_some());
        assert!(s.by_uid("uid-e2").is_none() && s.by_uid("uid-e1").is_some() && s.index.event_uids.len() == 1);
    }
}
