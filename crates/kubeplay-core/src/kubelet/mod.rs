//! The kubelet: runs the pods bound to the simulated nodes — sandbox and pod IP, image pulls, init
//! containers in order, the containers' processes (kubeplay-shell), probes, restart backoff,
//! graceful termination — and reports what happened as pod status and Events.
//!
//! Its state lives outside the store (`Runtime`), as a real node's does; `sync` is the only entry,
//! run for one pod whenever the pod changes or a timer the kubelet set falls due.

pub mod atomic;
pub mod exec;
pub mod host;
pub mod imageref;
pub mod images;
mod kill;
pub(crate) mod node_status;
pub(crate) mod lifecycle;
pub mod podstatus;
mod payload;
mod projected;
mod probes;
mod pull;
mod remount;
mod restart;
mod served;
mod deadline;
pub mod runtime;
pub mod setup;
pub(crate) mod status;
pub mod tree;
pub mod vfs;

pub use runtime::Runtime;

use crate::api::{Kind, ObjKey, Object};
use crate::cluster::Cluster;
use crate::controllers::{Change, SimEvent};
use crate::store::Store;

/// The pods whose kubelet should look again because `obj` changed: a bound pod itself, and in its
/// namespace the pods still waiting for a Secret, ConfigMap, ServiceAccount or claim that just
/// appeared, and those whose volumes read a Secret or ConfigMap that changed (the kubelet's watch
/// on it; the files follow at the pod's next periodic sync, see `remount.rs`).
/// A write other than an update of the pod (which keeps its status) may have moved the status of
/// a pod whose runtime is in `rt.pods` (the kubelet's own write comes while its sync holds it).
/// Each runtime whose pod is returned is poked (`PodRuntime::poked`): its next sync is a full one.
pub(crate) fn interested(store: &Store, rt: &mut Runtime, obj: &Object, change: Change<'_>) -> Vec<ObjKey> {
    if let Object::Pod(p) = obj {
        let status = !matches!(change, Change::Updated { .. } | Change::MetadataUpdated);
        rt.poke(p.metadata.uid.as_deref().unwrap_or_default(), status, !matches!(change, Change::StatusUpdated));
    }
    let reads = |r: &runtime::PodRuntime| match store.get(&r.key) {
        Some(Object::Pod(p)) => payload::sources(p, &r.key.namespace).contains(&obj.key()),
        _ => false,
    };
    match obj {
        Object::Pod(p) if p.spec.as_ref().is_some_and(|s| s.node_name.is_some()) => vec![obj.key()],
        Object::Pod(_) => {
            let key = obj.key();
            let uids: Vec<String> = rt.uids_of(&key).cloned().collect();
            for u in &uids {
                rt.poke(u, false, false);
            }
            uids.iter().map(|_| key.clone()).collect()
        }
        Object::Secret(_) | Object::ConfigMap(_) | Object::ServiceAccount(_) | Object::PersistentVolumeClaim(_) => rt
            .pods
            .values_mut()
            .filter(|r| r.key.namespace == obj.namespace() && r.finished.is_none() && (!all_running(r) || (r.mounted && !r.terminating && reads(r))))
            .filter(|r| store.get(&r.key).is_some())
            .map(|r| {
                r.poked = true;
                r.key.clone()
            })
            .collect(),
        _ => vec![],
    }
}

fn all_running(r: &runtime::PodRuntime) -> bool {
    r.init_done == r.init.len() && r.containers.iter().all(|c| c.running())
}

/// One kubelet sync of the pod at `key`.
pub(crate) fn sync(c: &mut Cluster, key: &ObjKey) {
    let shared = c.store.get_shared(key);
    let pod = match shared.as_deref() {
        Some(Object::Pod(p)) => Some(&**p),
        _ => None,
    };
    let uid = pod.and_then(|p| p.metadata.uid.as_deref()).unwrap_or_default();
    // A sync at the instant of a settled one that nothing but the kubelet's own status write
    // asked for (most often the echo of that write) would change nothing: it only keeps the
    // timers, and the runtime stays where it is. (No runtime of an earlier pod of this name is
    // left then: the first sync of this one dropped them, and none is made afterwards.)
    let bound = pod.is_some_and(|p| p.spec.as_ref().is_some_and(|s| s.node_name.is_some()));
    if let Some(rt) = c.kubelet.pods.get(uid).filter(|rt| bound && !rt.poked && rt.settled == Some(c.now) && !stopped(rt)) {
        if let Some(at) = lifecycle::next_wake(rt, c.now) {
            c.schedule(at, SimEvent::Kubelet { pod: key.clone() });
        }
        return;
    }
    forget_others(c, key, uid);
    let Some(pod) = pod else { return };
    let Some(node) = pod.spec.as_ref().and_then(|s| s.node_name.as_deref()) else { return };
    // The runtime goes back under the map's own copy of the uid.
    let (uid, mut rt) = match c.kubelet.pods.remove_entry(uid) {
        Some(entry) => entry,
        None if pod.metadata.deletion_timestamp.is_some() => {
            // Never started here: nothing to stop.
            confirm_deleted(c, key);
            return;
        }
        None => {
            let rt = Box::new(lifecycle::new_runtime(c, pod, key, node));
            c.kubelet.register(&rt);
            (uid.to_string(), rt)
        }
    };
    if pod.metadata.deletion_timestamp.is_some() && is_mirror(pod) {
        let fresh = fresh_mirror(pod);
        drop(shared);
        replace_mirror(c, key, uid, rt, fresh);
        return;
    }
    rt.poked = false;
    rt.cut_short = false;
    // A finished pod that is not being deleted is left as it is (`step` returns at once); with
    // its status written and not written since, publishing would find nothing to write.
    let done = rt.finished.is_some() && pod.metadata.deletion_timestamp.is_none() && rt.published.is_some();
    lifecycle::step(c, pod, &mut rt);
    let at_rest = lifecycle::at_rest(pod, &rt, c.now);
    let stopped = stopped(&rt);
    // Let go of the pod as read at the start, so the status write can change it in place.
    drop(shared);
    if !done {
        lifecycle::publish(c, &mut rt);
    }
    rt.settled = (at_rest && lifecycle::settled(&rt, c.now)).then_some(c.now);
    if stopped {
        // The pod object goes once the kubelet has noticed the last exit (PLEG relist) and
        // reported it, not at the instant the process ends.
        // A pod none of whose containers ever ran is stopped as soon as its termination began.
        let last_exit = rt.init.iter().chain(&rt.containers).filter_map(|k| k.terminated().map(|t| t.finished)).max().or(rt.terminating_since).unwrap_or(c.now);
        let gone_at = last_exit.plus_ms(lifecycle::RELIST_MS);
        if c.now >= gone_at {
            c.kubelet.forget(key, &uid);
            drop_volumes(c, &rt.uid);
            confirm_deleted(c, key);
            return;
        }
        c.schedule(gone_at, SimEvent::Kubelet { pod: key.clone() });
        c.kubelet.pods.insert(uid, rt);
        return;
    }
    if let Some(at) = lifecycle::next_wake(&rt, c.now) {
        c.schedule(at, SimEvent::Kubelet { pod: key.clone() });
    }
    c.kubelet.pods.insert(uid, rt);
}

/// A static pod's reflection in the API (kubetypes.IsMirrorPod).
fn is_mirror(pod: &k8s_openapi::api::core::v1::Pod) -> bool {
    pod.metadata.annotations.as_ref().is_some_and(|a| a.contains_key("kubernetes.io/config.mirror"))
}

/// The mirror pod as the kubelet creates it again: the same metadata and spec, none of the old
/// object's identity or status.
fn fresh_mirror(pod: &k8s_openapi::api::core::v1::Pod) -> Object {
    let mut fresh = pod.clone();
    let meta = &mut fresh.metadata;
    meta.uid = None;
    meta.resource_version = None;
    meta.creation_timestamp = None;
    meta.deletion_timestamp = None;
    meta.deletion_grace_period_seconds = None;
    meta.managed_fields = None;
    fresh.status = None;
    Object::Pod(Box::new(fresh))
}

/// Deleting a mirror pod does not stop its static pod (the manifest on the node is what the
/// kubelet runs): syncPod finds the mirror being deleted, deletes it at once (grace period 0) and
/// creates it again. The containers keep running; the new object (new uid, new creation time)
/// gets their status at its first sync.
fn replace_mirror(c: &mut Cluster, key: &ObjKey, old_uid: String, mut rt: Box<runtime::PodRuntime>, fresh: Object) {
    c.kubelet.forget(key, &old_uid);
    let _ = c.remove(key);
    let new_uid = c.submit(crate::cluster::Write::Create(fresh)).ok().and_then(|k| c.store.get(&k).map(|o| o.uid().to_string()));
    let Some(new_uid) = new_uid else {
        // The mirror could not be made again (the store is full): the static pod stops with it.
        drop_volumes(c, &old_uid);
        return;
    };
    rt.uid = new_uid.clone();
    rt.published = None;
    rt.poked = true;
    c.kubelet.register(&rt);
    c.kubelet.pods.insert(new_uid, rt);
    c.schedule(c.now, SimEvent::Kubelet { pod: key.clone() });
}

/// Terminating with every container stopped: the pod object is to go.
fn stopped(rt: &runtime::PodRuntime) -> bool {
    rt.terminating && rt.init.iter().chain(&rt.containers).all(|k| !k.running())
}

/// The kubelet's final DELETE with grace period 0 once the containers are stopped: the apiserver
/// removes the pod, or, while finalizers remain (`batch.kubernetes.io/job-tracking`), keeps it with
/// deletionGracePeriodSeconds 0 and deletionTimestamp moved back to when the deletion was asked
/// for (BeforeDelete shortens the period), until they are gone.
fn confirm_deleted(c: &mut Cluster, key: &ObjKey) {
    let Some(current) = c.store.get(key) else { return };
    if current.meta().finalizers.as_ref().is_none_or(|f| f.is_empty()) {
        let _ = c.remove(key);
        return;
    }
    if current.meta().deletion_grace_period_seconds == Some(0) {
        return;
    }
    let request = crate::cluster::DeleteRequest { grace_seconds: Some(0), ..crate::cluster::DeleteRequest::new(key.clone()) };
    let _ = c.submit(crate::cluster::Write::Delete(request));
}

/// Drops runtimes of earlier pods that had this name (deleted and re-created with a new uid).
fn forget_others(c: &mut Cluster, key: &ObjKey, uid: &str) {
    // The runtimes `uids_of` lists, without looking up the one this sync is for.
    let rt = &c.kubelet;
    let stale: Vec<String> = rt.uids.get(key).into_iter().flatten().filter(|u| u.as_str() != uid && rt.pods.contains_key(*u)).cloned().collect();
    for u in stale {
        c.kubelet.forget(key, &u);
        drop_volumes(c, &u);
    }
}

/// Removes the pod's emptyDirs and kubelet-written volumes (each a key range of the volume store,
/// so a node with many pods does not scan them all).
fn drop_volumes(c: &mut Cluster, uid: &str) {
    use vfs::VolumeId::{Atomic, EmptyDir};
    let volumes = &mut c.kubelet.volumes;
    let mut doomed: Vec<vfs::VolumeId> = volumes.range(EmptyDir(uid.to_string(), String::new())..).map(|(id, _)| id).take_while(|id| matches!(id, EmptyDir(u, _) if u == uid)).cloned().collect();
    doomed.extend(volumes.range(Atomic(uid.to_string(), String::new())..).map(|(id, _)| id).take_while(|id| matches!(id, Atomic(u, _) if u == uid)).cloned());
    for id in doomed {
        volumes.remove(&id);
    }
}

/// Whether `kind` changes can matter to a kubelet (cheap pre-filter for `Cluster::wake`).
pub(crate) fn watches(kind: Kind) -> bool {
    matches!(kind, Kind::Pod | Kind::Secret | Kind::ConfigMap | Kind::ServiceAccount | Kind::PersistentVolumeClaim)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::api::kinds::KINDS;

    /// `Cluster::wake` asks `interested` only about the kinds `watches` names: any other kind's
    /// change finds no pod to sync, even a bound pod's namesake in the store.
    #[test]
    fn watches_names_every_kind_interested_can_answer_for() {
        let mut rt = Runtime::default();
        let pod = Object::from_value(Kind::Pod, serde_json::json!({"metadata": {"name": "p", "namespace": "default"}, "spec": {"nodeName": "kind-worker", "containers": [{"name": "c", "image": "i"}]}})).unwrap();
        let mut store = Store::default();
        store.put(&pod.key(), pod.clone());
        assert_eq!(interested(&store, &mut rt, &pod, Change::StatusUpdated), [pod.key()]);
        for info in KINDS.iter().filter(|i| !watches(i.kind)) {
            let meta = serde_json::json!({"name": "p", "namespace": if info.namespaced { "default" } else { "" }});
            let obj = Object::from_value(info.kind, serde_json::json!({"metadata": meta})).unwrap();
            assert!(interested(&store, &mut rt, &obj, Change::StatusUpdated).is_empty(), "{:?}", info.kind);
        }
    }
}
