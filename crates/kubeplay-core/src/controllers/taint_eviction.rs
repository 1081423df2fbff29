//! The taint eviction controller (pkg/controller/tainteviction): a pod on a node with NoExecute
//! taints it does not all tolerate is deleted at once; one that tolerates them for a while
//! (tolerationSeconds, the smallest of the tolerations used) is deleted when that runs out,
//! counted from when the controller first saw it so (the timed work queue's CreatedAt, kept by
//! the simulation as [`Work`]); one that tolerates them forever stays. Before deleting it
//! records `TaintManagerEviction` and sets the pod's DisruptionTarget condition.

use super::Reconciled;
use crate::api::{Kind, ObjKey, Object};
use crate::clock::SimTime;
use crate::cluster::{DeleteRequest, Write};
use crate::store::Store;
use k8s_openapi::api::core::v1 as core;

/// The pods on a changed node (its NoExecute taints may have changed), and a changed pod bound
/// to a node that has NoExecute taints.
pub fn watch(store: &Store, obj: &Object, out: &mut Vec<ObjKey>) {
    match obj {
        Object::Node(_) => out.extend(store.list(Kind::Pod, None).filter(|o| node_name(o) == Some(obj.name())).map(Object::key)),
        Object::Pod(_) => {
            if let Some(Object::Node(n)) = node_name(obj).and_then(|n| store.lookup(Kind::Node, "", n)) {
                if !no_execute(n).is_empty() {
                    out.push(obj.key());
                }
            }
        }
        _ => {}
    }
}

fn node_name(o: &Object) -> Option<&str> {
    match o {
        Object::Pod(p) => p.spec.as_ref().and_then(|s| s.node_name.as_deref()).filter(|n| !n.is_empty()),
        _ => None,
    }
}

fn no_execute(n: &core::Node) -> Vec<&core::Taint> {
    n.spec.iter().flat_map(|s| s.taints.iter().flatten()).filter(|t| t.effect == "NoExecute").collect()
}

/// The pod's entry in the controller's TimedWorkerQueue: a deletion scheduled (its CreatedAt,
/// from which tolerationSeconds count), or one that has fired. A fired entry stays until the
/// pod is gone or its eviction is cancelled, so the pod is not evicted twice (AddWork skips a
/// key it holds).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Work {
    Scheduled(SimTime),
    Fired,
}

/// handlePodUpdate/processPodOnNode for one pod (a pod being deleted too: the controller does not
/// look at deletionTimestamp). `work`: the queue's entry for it; returns what the queue holds next.
pub fn reconcile(store: &Store, key: &ObjKey, now: SimTime, work: Option<Work>) -> (Reconciled, Option<Work>) {
    let mut r = Reconciled::default();
    // cancelWorkWithEvent: the Event only when a scheduled deletion is cancelled.
    let cancel = |r: &mut Reconciled| {
        if matches!(work, Some(Work::Scheduled(_))) {
            r.event("Normal", "TaintManagerEviction", format!("Cancelling deletion of Pod {}/{}", key.namespace, key.name));
        }
    };
    let Some(pod @ Object::Pod(p)) = store.get(key) else { return (r, None) };
    let node = node_name(pod).and_then(|n| store.lookup(Kind::Node, "", n));
    let taints = match node {
        Some(Object::Node(n)) => no_execute(n),
        _ => Vec::new(),
    };
    if taints.is_empty() {
        cancel(&mut r);
        return (r, None);
    }
    let tolerations = p.spec.as_ref().and_then(|s| s.tolerations.as_deref()).unwrap_or(&[]);
    // GetMatchingTolerations: every taint needs a toleration; the first match of each is used.
    let mut used = Vec::new();
    for t in &taints {
        match tolerations.iter().find(|tol| super::scheduler::tolerates_one(tol, &t.key, t.value.as_deref().unwrap_or(""), &t.effect)) {
            Some(tol) => used.push(tol),
            None => {
                if work == Some(Work::Fired) {
                    return (r, work);
                }
                // A scheduled deletion gives way to one now.
                cancel(&mut r);
                evict(&mut r, key, p, now);
                return (r, Some(Work::Fired));
            }
        }
    }
    // getMinTolerationTime: none given is forever; zero or less is now.
    let Some(secs) = used.iter().filter_map(|t| t.toleration_seconds).min() else {
        cancel(&mut r);
        return (r, None);
    };
    let start = match work {
        Some(Work::Fired) => return (r, work),
        Some(Work::Scheduled(t)) => t,
        None => now,
    };
    let due = start.plus_ms(secs.max(0).saturating_mul(1000));
    if due <= now {
        evict(&mut r, key, p, now);
        return (r, Some(Work::Fired));
    }
    r.requeue_after_ms = Some(due.ms() - now.ms());
    r.waiting.push(format!("tolerates the node's NoExecute taints for {secs}s; deleted at {} unless they go", due.rfc3339()));
    (r, Some(Work::Scheduled(start)))
}

/// deletePodHandler: the Event, then addConditionAndDeletePod (DisruptionTarget, then a delete
/// with the pod's own grace period).
fn evict(r: &mut Reconciled, key: &ObjKey, p: &core::Pod, now: SimTime) {
    r.event("Normal", "TaintManagerEviction", format!("Marking for deletion Pod {}/{}", key.namespace, key.name));
    let mut status = p.status.clone().unwrap_or_default();
    if crate::kubelet::status::set_condition(&mut status, "DisruptionTarget", "True", Some("DeletionByTaintManager"), Some("Taint manager: deleting due to NoExecute taint"), now) {
        r.writes.push(Write::UpdateStatus { key: key.clone(), status: status.into() });
    }
    r.writes.push(Write::Delete(DeleteRequest::new(key.clone())));
}

/// cancelWorkWithEvent for a pod that is gone while its deletion was scheduled (the controller
/// hears of the delete and finds no pod): the Event still names it, without a uid, as the
/// controller's ObjectReference does.
pub(crate) fn cancel_gone(c: &mut crate::cluster::Cluster, key: &ObjKey, work: Option<Work>) {
    if !matches!(work, Some(Work::Scheduled(_))) || c.store.get(key).is_some() {
        return;
    }
    let metadata = k8s_openapi::apimachinery::pkg::apis::meta::v1::ObjectMeta { name: Some(key.name.clone()), namespace: Some(key.namespace.clone()), ..Default::default() };
    let gone = Object::Pod(Box::new(core::Pod { metadata, ..Default::default() }));
    let message = format!("Cancelling deletion of Pod {}/{}", key.namespace, key.name);
    crate::events::record(c, &gone, "Normal", "TaintManagerEviction", &message, super::ControllerId::TaintEviction.component());
}
