//! The serviceaccounts controller (pkg/controller/serviceaccount/serviceaccounts_controller.go):
//! every active namespace has a `default` ServiceAccount. It is created when the namespace appears
//! and again whenever someone deletes it; a terminating namespace gets nothing.

use super::Reconciled;
use crate::api::{Kind, ObjKey, Object};
use crate::clock::SimTime;
use crate::cluster::Write;
use crate::serviceaccount::DEFAULT_NAME;
use crate::store::Store;
use k8s_openapi::api::core::v1 as core;
use k8s_openapi::apimachinery::pkg::apis::meta::v1::ObjectMeta;

/// Namespaces (added or updated) and the `default` accounts (deleted) wake the namespace's sync.
pub fn watch(_store: &Store, obj: &Object, out: &mut Vec<ObjKey>) {
    match obj {
        Object::Namespace(_) => out.push(obj.key()),
        Object::ServiceAccount(_) if obj.name() == DEFAULT_NAME => out.push(ObjKey::new(Kind::Namespace, "", obj.namespace())),
        _ => {}
    }
}

/// Whether the namespace exists and is Active (syncNamespace skips the others).
pub(crate) fn active(store: &Store, ns: &str) -> bool {
    match store.get(&ObjKey::new(Kind::Namespace, "", ns)) {
        Some(Object::Namespace(n)) => n.metadata.deletion_timestamp.is_none() && n.status.as_ref().and_then(|s| s.phase.as_deref()).unwrap_or("Active") == "Active",
        _ => false,
    }
}

/// syncNamespace: create the accounts that should exist and do not.
pub fn reconcile(store: &Store, key: &ObjKey, _now: SimTime) -> Reconciled {
    let mut r = Reconciled::default();
    let ns = &key.name;
    if !active(store, ns) || store.get(&ObjKey::new(Kind::ServiceAccount, ns, DEFAULT_NAME)).is_some() {
        return r;
    }
    let sa = core::ServiceAccount { metadata: ObjectMeta { name: Some(DEFAULT_NAME.into()), namespace: Some(ns.clone()), ..Default::default() }, ..Default::default() };
    r.writes.push(Write::Create(Object::ServiceAccount(Box::new(sa))));
    r
}
