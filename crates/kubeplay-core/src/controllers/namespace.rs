//! The namespace controller's deleter (pkg/controller/namespace/deletion): a namespace being
//! deleted stays `Terminating` while its `kubernetes` finalizer is there; each sync deletes all
//! of its content (background propagation), updates the five deletion conditions, and either
//! removes the finalizer (nothing left: the apiserver then removes the namespace) or looks again
//! after estimate/2+1 seconds, the estimate being the longest grace period of its pods.

use super::{Reconciled, Then};
use crate::api::kinds::KINDS;
use crate::api::{Kind, ObjKey, Object};
use crate::clock::SimTime;
use crate::cluster::{DeleteRequest, Write};
use crate::store::Store;
use k8s_openapi::api::core::v1 as core;
use std::collections::BTreeMap;

/// The finalizer the namespace controller owns (`spec.finalizers`, not metadata.finalizers).
pub const FINALIZER: &str = "kubernetes";
/// finalizerEstimateSeconds: the wait when only finalizers hold content back.
const FINALIZER_ESTIMATE_SECS: i64 = 15;

/// Namespaces being deleted wake their deleter (the controller watches namespaces only).
pub fn watch(_store: &Store, obj: &Object, out: &mut Vec<ObjKey>) {
    if let Object::Namespace(n) = obj {
        if n.metadata.deletion_timestamp.is_some() {
            out.push(obj.key());
        }
    }
}

pub fn reconcile(store: &Store, key: &ObjKey, _now: SimTime) -> Reconciled {
    let mut r = Reconciled::default();
    let Some(Object::Namespace(ns)) = store.get(key) else { return r };
    if ns.metadata.deletion_timestamp.is_none() || !has_finalizer(ns) {
        return r;
    }
    let estimate = pod_grace_estimate(store, &key.name);
    for obj in content(store, &key.name) {
        if obj.meta().deletion_timestamp.is_none() {
            r.writes.push(Write::Delete(DeleteRequest::new(obj.key())));
        }
    }
    let ns = ns.as_ref().clone();
    r.then = Some(Then(Box::new(move |store: &Store, _: super::WriteResults, now: SimTime| after_delete(store, ns, estimate, now))));
    r
}

/// What is left once the deletes went through: finalize, or report and look again.
fn after_delete(store: &Store, mut ns: core::Namespace, estimate: i64, now: SimTime) -> Reconciled {
    let mut r = Reconciled::default();
    let left = content(store, ns.metadata.name.as_deref().unwrap_or_default());
    let mut kinds: BTreeMap<String, usize> = BTreeMap::new();
    let mut finalizers: BTreeMap<String, usize> = BTreeMap::new();
    for o in &left {
        let info = o.kind().info();
        *kinds.entry(format!("{}.{}", info.plural, info.group)).or_default() += 1;
        for f in o.meta().finalizers.iter().flatten() {
            *finalizers.entry(f.clone()).or_default() += 1;
        }
    }
    let status = ns.status.get_or_insert_with(Default::default);
    let changed = update_conditions(status, &kinds, &finalizers, now);
    if left.is_empty() {
        // finalizeNamespace: the apiserver removes the namespace once spec.finalizers is empty.
        if let Some(spec) = ns.spec.as_mut() {
            spec.finalizers.get_or_insert_with(Vec::new).retain(|f| f != FINALIZER);
        }
        if changed {
            r.writes.push(Write::UpdateStatus { key: ObjKey::of(Kind::Namespace, &ns.metadata), status: ns.status.clone().into() });
        }
        r.writes.push(Write::Update(Object::Namespace(Box::new(ns))));
        return r;
    }
    if changed {
        r.writes.push(Write::UpdateStatus { key: ObjKey::of(Kind::Namespace, &ns.metadata), status: ns.status.into() });
    }
    let estimate = if estimate > 0 { estimate } else if !finalizers.is_empty() { FINALIZER_ESTIMATE_SECS } else { 0 };
    let kinds: Vec<String> = kinds.into_iter().map(|(k, n)| format!("{k} has {n} resource instances")).collect();
    r.waiting.push(format!("namespace still holds {}; looking again in {}s", kinds.join(", "), estimate / 2 + 1));
    r.requeue_after_ms = Some((estimate / 2 + 1) * 1000);
    r
}

fn has_finalizer(ns: &core::Namespace) -> bool {
    ns.spec.as_ref().and_then(|s| s.finalizers.as_ref()).is_some_and(|f| f.iter().any(|f| f == FINALIZER))
}

/// Every namespaced object in `ns`, kind by kind.
fn content<'a>(store: &'a Store, ns: &'a str) -> Vec<&'a Object> {
    KINDS.iter().filter(|i| i.namespaced).flat_map(|i| store.list(i.kind, Some(ns))).collect()
}

/// estimateGracefulTerminationForPods: the longest grace period of the pods not yet finished.
fn pod_grace_estimate(store: &Store, ns: &str) -> i64 {
    store
        .list(Kind::Pod, Some(ns))
        .filter_map(|o| match o {
            Object::Pod(p) if !matches!(p.status.as_ref().and_then(|s| s.phase.as_deref()), Some("Succeeded" | "Failed")) => {
                Some(p.spec.as_ref().and_then(|s| s.termination_grace_period_seconds).unwrap_or(30))
            }
            _ => None,
        })
        .max()
        .unwrap_or(0)
}

/// The five condition types the deleter maintains, with their "ok" reasons and messages.
const CONDITIONS: [(&str, &str, &str); 5] = [
    ("NamespaceDeletionDiscoveryFailure", "ResourcesDiscovered", "All resources successfully discovered"),
    ("NamespaceDeletionGroupVersionParsingFailure", "ParsedGroupVersions", "All legacy kube types successfully parsed"),
    ("NamespaceDeletionContentFailure", "ContentDeleted", "All content successfully deleted, may be waiting on finalization"),
    ("NamespaceContentRemaining", "ContentRemoved", "All content successfully removed"),
    ("NamespaceFinalizersRemaining", "ContentHasNoFinalizers", "All content-preserving finalizers finished"),
];

/// updateConditions: each type set to its failing variant when content or finalizers remain,
/// else to the "ok" variant; the transition time moves only when the status flips.
fn update_conditions(status: &mut core::NamespaceStatus, kinds: &BTreeMap<String, usize>, finalizers: &BTreeMap<String, usize>, now: SimTime) -> bool {
    let list = |m: &BTreeMap<String, usize>, words: &str| m.iter().map(|(k, n)| format!("{k} {words} {n} resource instances")).collect::<Vec<_>>().join(", ");
    let conditions = status.conditions.get_or_insert_with(Vec::new);
    let mut changed = false;
    for (type_, ok_reason, ok_message) in CONDITIONS {
        let (state, reason, message) = match type_ {
            "NamespaceContentRemaining" if !kinds.is_empty() => ("True", "SomeResourcesRemain".to_string(), format!("Some resources are remaining: {}", list(kinds, "has"))),
            "NamespaceFinalizersRemaining" if !finalizers.is_empty() => ("True", "SomeFinalizersRemain".to_string(), format!("Some content in the namespace has finalizers remaining: {}", list(finalizers, "in"))),
            _ => ("False", ok_reason.to_string(), ok_message.to_string()),
        };
        match conditions.iter_mut().find(|c| c.type_ == type_) {
            None => {
                conditions.push(core::NamespaceCondition { type_: type_.into(), status: state.into(), reason: Some(reason), message: Some(message), last_transition_time: Some(crate::kubelet::status::time(now)) });
                changed = true;
            }
            Some(c) if c.status != state || c.reason.as_deref() != Some(reason.as_str()) || c.message.as_deref() != Some(message.as_str()) => {
                if c.status != state {
                    c.last_transition_time = Some(crate::kubelet::status::time(now));
                }
                c.status = state.into();
                c.reason = Some(reason);
                c.message = Some(message);
                changed = true;
            }
            Some(_) => {}
        }
    }
    changed
}
