//! The garbage collector's rules (ownerReferences): background cascading deletion of dependents whose
//! owners are all gone, foreground deletion (the `foregroundDeletion` finalizer), and orphaning.

use crate::api::{ObjKey, Object};
use crate::cluster::{Cluster, DeleteRequest, Write};

fn dependents_of(c: &Cluster, uid: &str) -> Vec<ObjKey> {
    c.store.dependents(uid)
}

/// Called after `owner` left the store: deletes dependents with no remaining live owner, and lets a
/// foreground-deleting owner of `owner` finish once its last dependent is gone.
pub(crate) fn owner_removed(c: &mut Cluster, owner: &Object) {
    for key in dependents_of(c, owner.uid()) {
        let orphaned = c.store.get(&key).is_some_and(|d| {
            d.meta().owner_references.iter().flatten().all(|r| !owner_alive(c, d, &r.uid))
        });
        if orphaned {
            let _ = c.submit(Write::Delete(DeleteRequest::new(key)));
        }
    }
    for r in owner.meta().owner_references.iter().flatten() {
        finish_foreground(c, owner.namespace(), &r.uid);
    }
}

fn owner_alive(c: &Cluster, dependent: &Object, uid: &str) -> bool {
    let ns = dependent.namespace();
    c.store.by_uid(uid).is_some_and(|o| o.namespace() == ns || !o.kind().namespaced())
}

/// Deletes the dependents of an owner being deleted in the foreground.
pub(crate) fn start_foreground(c: &mut Cluster, owner: &Object) {
    for key in dependents_of(c, owner.uid()) {
        let _ = c.submit(Write::Delete(DeleteRequest::new(key)));
    }
    finish_foreground(c, owner.namespace(), owner.uid());
}

fn finish_foreground(c: &mut Cluster, ns: &str, owner_uid: &str) {
    let owner = c.store.by_uid(owner_uid).filter(|o| o.namespace() == ns || !o.kind().namespaced()).cloned();
    let Some(mut owner) = owner else { return };
    let waiting = owner.meta().finalizers.iter().flatten().any(|f| f == "foregroundDeletion");
    if !waiting || !dependents_of(c, owner_uid).is_empty() {
        return;
    }
    if let Some(f) = owner.meta_mut().finalizers.as_mut() {
        f.retain(|f| f != "foregroundDeletion");
    }
    let _ = c.submit(Write::Update(owner));
}

/// `--cascade=orphan`: dependents lose their ownerReference to `owner` and stay.
pub(crate) fn orphan_dependents(c: &mut Cluster, owner: &Object) {
    for key in dependents_of(c, owner.uid()) {
        if let Some(mut d) = c.store.get(&key).cloned() {
            if let Some(refs) = d.meta_mut().owner_references.as_mut() {
                refs.retain(|r| r.uid != owner.uid());
            }
            let _ = c.submit(Write::Update(d));
        }
    }
}
