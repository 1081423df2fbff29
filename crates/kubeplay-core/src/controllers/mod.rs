//! Controllers as reconcile functions: `reconcile(&Store, &ObjKey, now) -> Reconciled`. They never
//! touch the store; the simulation applies their writes through `Cluster::write`, which wakes the
//! controllers watching what changed (kube-runtime's model, run on a deterministic queue).

use crate::api::{ObjKey, Object};
use crate::cluster::Write;
use crate::store::Store;

/// The controllers of the simulated control plane. New ones are added as their issues land.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum ControllerId {
    GarbageCollector,
}

/// What the simulator queues: the closed set of things that can happen at a simulated instant.
/// (Kubernetes `Event` objects are a different thing; see `events`.)
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum SimEvent {
    Reconcile { controller: ControllerId, key: ObjKey },
}

/// What a reconcile decided: writes to apply, an optional later look, and the reasons it held back.
#[derive(Debug, Default)]
pub struct Reconciled {
    pub writes: Vec<Write>,
    /// Look again after this many milliseconds even if nothing changes.
    pub requeue_after_ms: Option<i64>,
    /// Plain-words reasons for not acting (shown by `kubeplay why` and in the trace).
    pub waiting: Vec<String>,
    /// Kubernetes Events to record: (type, reason, message) about the reconciled object.
    pub events: Vec<(String, String, String)>,
}

/// The (controller, object) pairs to reconcile because `obj` changed.
pub fn interested(store: &Store, obj: &Object) -> Vec<(ControllerId, ObjKey)> {
    let mut out = Vec::new();
    if obj.meta().finalizers.iter().flatten().any(|f| f == "foregroundDeletion") && obj.meta().deletion_timestamp.is_some() {
        out.push((ControllerId::GarbageCollector, obj.key()));
    }
    let _ = store;
    out
}

/// Runs one reconcile.
pub fn reconcile(id: ControllerId, store: &Store, key: &ObjKey, _now: crate::clock::SimTime) -> Reconciled {
    match id {
        ControllerId::GarbageCollector => {
            let _ = (store, key);
            Reconciled::default()
        }
    }
}
