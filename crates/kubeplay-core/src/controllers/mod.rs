//! Controllers as reconcile functions: `reconcile(&Store, &ObjKey, now) -> Reconciled`. They never
//! touch the store; the simulation applies their writes through `Cluster::write`, which wakes the
//! controllers watching what changed (kube-runtime's model, run on a deterministic queue).
//!
//! Adding a controller: a variant of `ControllerId`, a module with `watch` (which keys to reconcile
//! when an object changes) and `reconcile`, a row in `HANDLERS` (the kinds its `watch` looks at,
//! its enqueue rule) and an arm in `reconcile` below.

use crate::api::{Kind, ObjKey, Object};
use crate::clock::SimTime;
use crate::cluster::Write;
use crate::store::Store;

pub mod apiserver_endpoints;
pub mod cronjob;
pub mod daemonset;
pub(crate) mod cronjob_util;
pub mod deployment;
pub mod endpoints;
mod endpoints_repack;
pub mod endpointslice;
pub mod endpointslice_mirroring;
pub mod job;
pub mod namespace;
pub mod node_lifecycle;
pub(crate) mod deployment_util;
pub(crate) mod owners;
pub mod replicaset;
pub mod rootca;
pub mod scheduler;
pub mod serviceaccount;
pub mod statefulset;
pub mod taint_eviction;
pub(crate) mod statefulset_history;
pub mod statefulset_identity;
pub mod volumes;

/// The controllers of the simulated control plane, in the order they run at one instant.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum ControllerId {
    GarbageCollector,
    Deployment,
    ReplicaSet,
    StatefulSet,
    DaemonSet,
    CronJob,
    Job,
    Scheduler,
    Endpoints,
    EndpointSlice,
    EndpointSliceMirroring,
    PersistentVolume,
    ServiceAccount,
    RootCACertPublisher,
    Namespace,
    ApiserverEndpoints,
    NodeLifecycle,
    TaintEviction,
    /// The kubelets' node status loop (kubelet/node_status.rs).
    NodeStatus,
}

impl ControllerId {
    /// The `source.component` of the Events it records.
    pub fn component(self) -> &'static str {
        match self {
            ControllerId::GarbageCollector => "garbage-collector-controller",
            ControllerId::Deployment => "deployment-controller",
            ControllerId::ReplicaSet => "replicaset-controller",
            ControllerId::StatefulSet => "statefulset-controller",
            ControllerId::DaemonSet => "daemonset-controller",
            ControllerId::CronJob => "cronjob-controller",
            ControllerId::Job => "job-controller",
            ControllerId::Scheduler => "default-scheduler",
            ControllerId::Endpoints => "endpoint-controller",
            ControllerId::EndpointSlice => "endpointslice-controller",
            ControllerId::EndpointSliceMirroring => "endpointslicemirroring-controller",
            ControllerId::PersistentVolume => "persistentvolume-controller",
            ControllerId::ServiceAccount => "service-account-controller",
            ControllerId::RootCACertPublisher => "root-ca-cert-publisher",
            ControllerId::Namespace => "namespace-controller",
            ControllerId::ApiserverEndpoints => "kube-apiserver",
            ControllerId::NodeLifecycle => "node-controller",
            ControllerId::TaintEviction => "taint-eviction-controller",
            ControllerId::NodeStatus => "kubelet",
        }
    }
}

impl ControllerId {
    /// The (base, max) ms of the rate limiter its workqueue retries a failed sync with, for the
    /// controllers that create pods: DefaultControllerRateLimiter (5ms doubling to 1000s) for
    /// ReplicaSets and StatefulSets, the Job controller's own (DefaultJobApiBackOff 1s to
    /// MaxJobApiBackOff 1m). A sync counts as failed when the apiserver refused one of its creates.
    pub fn api_backoff(self) -> Option<(i64, i64)> {
        match self {
            ControllerId::ReplicaSet | ControllerId::StatefulSet | ControllerId::DaemonSet | ControllerId::CronJob => Some((5, 1_000_000)),
            ControllerId::Job => Some((1_000, 60_000)),
            _ => None,
        }
    }
}

/// What the simulator queues: the closed set of things that can happen at a simulated instant.
/// (Kubernetes `Event` objects are a different thing; see `events`.)
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord)]
pub enum SimEvent {
    Reconcile { controller: ControllerId, key: ObjKey },
    /// The kubelet syncs one pod (its containers' processes, probes, status).
    Kubelet { pod: ObjKey },
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
    /// Events another component reports about the reconciled object, as (component, type,
    /// reason, message): the external provisioner's, named after its pod.
    pub events_from: Vec<(String, String, String, String)>,
    /// Events naming what a `Create` write made, recorded after it (the apiserver picks
    /// `generateName` suffixes, so the message is only known then).
    pub create_events: Vec<CreateEvent>,
    /// Events that depend on whether a write succeeded (the StatefulSet controller's
    /// `... successful` / `... failed error: ...` pairs).
    pub write_events: Vec<WriteEvent>,
    /// Reasons about other objects (a claim kept after scale-down): each replaces that object's
    /// explanation and is traced.
    pub notes: Vec<(ObjKey, String)>,
    /// A second step that needs what the apiserver returned for `writes` (in order), run right
    /// after them in the same instant: the CronJob controller records the created Job's uid.
    pub then: Option<Then>,
}

/// After write number `write`: Normal `ok.0` with message `ok.1` if it succeeded, else Warning
/// `failed.0` with message `failed.1` followed by the apiserver's error.
#[derive(Debug)]
pub struct WriteEvent {
    pub write: usize,
    pub ok: (String, String),
    pub failed: (String, String),
    /// No event at all when the write fails with AlreadyExists (CreateStatefulPod sinks those).
    pub quiet_if_exists: bool,
}

/// What each write of a reconcile came back with.
pub type WriteResults<'a> = &'a [Result<std::rc::Rc<Object>, crate::api::errors::ApiError>];

/// A continuation: the store after the writes, their results, and the time.
pub type ThenFn = dyn FnOnce(&Store, WriteResults, SimTime) -> Reconciled;

/// The continuation of a reconcile, run right after its writes.
pub struct Then(pub Box<ThenFn>);

impl std::fmt::Debug for Then {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("Then(..)")
    }
}

/// After write number `write` (a `Create`) succeeds: a Normal event `reason` with message
/// `prefix` + the created object's name about the reconciled object; if it fails, Warning
/// `FailedCreate` `Error creating: <apiserver message>` (RealPodControl.CreatePods).
#[derive(Debug)]
pub struct CreateEvent {
    pub write: usize,
    pub reason: String,
    pub prefix: String,
}

impl Reconciled {
    /// Queues `w` with the events its outcome records.
    pub fn write_with_events(&mut self, w: Write, ok: (&str, String), failed: (&str, String)) {
        self.write_events.push(WriteEvent { write: self.writes.len(), ok: (ok.0.into(), ok.1), failed: (failed.0.into(), failed.1), quiet_if_exists: false });
        self.writes.push(w);
    }

    pub fn event(&mut self, type_: &str, reason: &str, message: impl Into<String>) {
        self.events.push((type_.into(), reason.into(), message.into()));
    }
}

/// A controller's `watch`: pushes the keys a change to an object wakes it for (onto a list the
/// caller keeps, so a write allocates no list per watching controller).
type Watch = fn(&Store, &Object, &mut Vec<ObjKey>);
/// A controller's enqueue delay for one of those keys (its event handler's rule).
type Delay = fn(&Object, Change<'_>, &ObjKey, SimTime) -> i64;

fn at_once(_: &Object, _: Change<'_>, _: &ObjKey, _: SimTime) -> i64 {
    0
}

/// A watching controller: the kinds its `watch` reacts to (for any other kind it returns
/// nothing, so `interested` does not call it — most writes are of Events, which no controller
/// watches), the `watch` itself and its enqueue rule. A test holds `kinds` against `watch`.
struct Handler {
    id: ControllerId,
    kinds: &'static [Kind],
    watch: Watch,
    delay: Delay,
}

/// Every controller that watches objects, in `ControllerId` order (the order wake-ups are queued
/// in). The garbage collector is not here: any object's foreground deletion wakes it.
const HANDLERS: [Handler; 18] = [
    Handler { id: ControllerId::Deployment, kinds: &[Kind::Deployment, Kind::ReplicaSet, Kind::Pod], watch: deployment::watch, delay: at_once },
    Handler { id: ControllerId::ReplicaSet, kinds: &[Kind::ReplicaSet, Kind::Pod], watch: replicaset::watch, delay: at_once },
    Handler { id: ControllerId::StatefulSet, kinds: &[Kind::StatefulSet, Kind::Pod, Kind::PersistentVolumeClaim], watch: statefulset::watch, delay: at_once },
    Handler { id: ControllerId::DaemonSet, kinds: &[Kind::DaemonSet, Kind::Pod, Kind::Node], watch: daemonset::watch, delay: at_once },
    Handler { id: ControllerId::CronJob, kinds: &[Kind::CronJob, Kind::Job], watch: cronjob::watch, delay: |obj, change, _, now| cronjob::enqueue_delay(obj, change, now) },
    Handler { id: ControllerId::Job, kinds: &[Kind::Job, Kind::Pod], watch: job::watch, delay: |obj, change, key, _| job::enqueue_delay(obj, change, key) },
    Handler { id: ControllerId::Scheduler, kinds: &[Kind::Pod, Kind::PersistentVolumeClaim, Kind::Node], watch: scheduler::watch, delay: at_once },
    Handler { id: ControllerId::Endpoints, kinds: &[Kind::Service, Kind::Pod, Kind::Endpoints], watch: endpoints::watch, delay: at_once },
    Handler { id: ControllerId::EndpointSlice, kinds: &[Kind::Service, Kind::Pod], watch: endpointslice::watch, delay: at_once },
    Handler { id: ControllerId::EndpointSliceMirroring, kinds: &[Kind::Service, Kind::Endpoints], watch: endpointslice_mirroring::watch, delay: at_once },
    Handler { id: ControllerId::PersistentVolume, kinds: &[Kind::PersistentVolumeClaim, Kind::PersistentVolume, Kind::Pod], watch: volumes::watch, delay: at_once },
    Handler { id: ControllerId::ServiceAccount, kinds: &[Kind::Namespace, Kind::ServiceAccount], watch: serviceaccount::watch, delay: at_once },
    Handler { id: ControllerId::RootCACertPublisher, kinds: &[Kind::Namespace, Kind::ConfigMap], watch: rootca::watch, delay: at_once },
    Handler { id: ControllerId::Namespace, kinds: &[Kind::Namespace], watch: namespace::watch, delay: at_once },
    Handler { id: ControllerId::ApiserverEndpoints, kinds: &[Kind::Service, Kind::Endpoints, Kind::EndpointSlice], watch: apiserver_endpoints::watch, delay: apiserver_endpoints::delay },
    Handler { id: ControllerId::NodeLifecycle, kinds: &[Kind::Node], watch: node_lifecycle::watch, delay: at_once },
    Handler { id: ControllerId::TaintEviction, kinds: &[Kind::Pod, Kind::Node], watch: taint_eviction::watch, delay: at_once },
    Handler { id: ControllerId::NodeStatus, kinds: &[Kind::Node], watch: crate::kubelet::node_status::watch, delay: crate::kubelet::node_status::delay },
];

/// Number of `Kind` variants (a test checks every kind is below it; listing one that is not in
/// `HANDLERS` would stop the build).
const KIND_COUNT: usize = Kind::Event as usize + 1;

/// `HANDLERS` by kind: bit `ControllerId as u32` is set when that controller watches the kind.
const WATCHERS: [u32; KIND_COUNT] = {
    let mut t = [0u32; KIND_COUNT];
    let mut i = 0;
    while i < HANDLERS.len() {
        let h = &HANDLERS[i];
        let mut j = 0;
        while j < h.kinds.len() {
            t[h.kinds[j] as usize] |= 1 << h.id as u32;
            j += 1;
        }
        i += 1;
    }
    t
};

/// Whether `id`'s `watch` can return anything for an object of `kind`.
fn watches(id: ControllerId, kind: Kind) -> bool {
    WATCHERS.get(kind as usize).is_some_and(|m| m & (1 << id as u32) != 0)
}

/// Which controllers a change to `obj` wakes, for which keys, and after how many milliseconds
/// (each controller's event handlers decide: most enqueue at once, some after a delay).
pub fn interested(store: &Store, obj: &Object, change: Change<'_>, now: SimTime) -> Vec<(ControllerId, ObjKey, i64)> {
    let mut out = Vec::new();
    if obj.meta().finalizers.iter().flatten().any(|f| f == "foregroundDeletion") && obj.meta().deletion_timestamp.is_some() {
        out.push((ControllerId::GarbageCollector, obj.key(), 0));
    }
    let kind = obj.kind();
    if !watched(kind) {
        return out;
    }
    // Each controller's watch is asked only about the kinds it watches.
    let mut keys = Vec::new();
    for h in HANDLERS.iter().filter(|h| watches(h.id, kind)) {
        (h.watch)(store, obj, &mut keys);
        if keys.is_empty() {
            continue;
        }
        for k in keys.drain(..) {
            let ms = (h.delay)(obj, change, &k, now);
            out.push((h.id, k, ms));
        }
    }
    out
}

/// Whether a change to an object of `kind` can wake any controller (a foreground deletion, which
/// wakes the garbage collector whatever the kind, aside).
pub(crate) fn watched(kind: Kind) -> bool {
    WATCHERS.get(kind as usize).is_some_and(|m| *m != 0)
}

/// What happened to a watched object, as an informer reports it to its handlers.
#[derive(Debug, Clone, Copy)]
pub enum Change<'a> {
    Added,
    /// `old` is the object as it was before this write.
    Updated { old: &'a Object },
    /// A write of the status subresource: metadata and spec (so the generation) are as they were.
    StatusUpdated,
    /// An update that changed only metadata (a finalizer removed): spec, status and generation
    /// are as they were, so it wakes exactly as an `Updated` keeping them would.
    MetadataUpdated,
    /// The deletion was requested (deletionTimestamp set): only metadata changed, spec and
    /// generation are as they were.
    Terminating,
    Deleted,
}

/// Runs one reconcile.
pub fn reconcile(id: ControllerId, store: &Store, key: &ObjKey, now: SimTime) -> Reconciled {
    match id {
        // The garbage collector needs the cluster itself (see `Simulation::step`).
        ControllerId::GarbageCollector => Reconciled::default(),
        ControllerId::Deployment => deployment::reconcile(store, key, now),
        ControllerId::ReplicaSet => replicaset::reconcile(store, key, now),
        ControllerId::StatefulSet => statefulset::reconcile(store, key, now),
        ControllerId::DaemonSet => daemonset::reconcile(store, key, now),
        ControllerId::CronJob => cronjob::reconcile(store, key, now),
        ControllerId::Job => job::reconcile(store, key, now),
        ControllerId::Scheduler => scheduler::reconcile(store, key, now),
        ControllerId::Endpoints => endpoints::reconcile(store, key, now),
        ControllerId::EndpointSlice => endpointslice::reconcile(store, key, now),
        ControllerId::EndpointSliceMirroring => endpointslice_mirroring::reconcile(store, key, now),
        ControllerId::PersistentVolume => volumes::reconcile(store, key, now),
        ControllerId::ServiceAccount => serviceaccount::reconcile(store, key, now),
        ControllerId::RootCACertPublisher => rootca::reconcile(store, key, now),
        ControllerId::Namespace => namespace::reconcile(store, key, now),
        ControllerId::ApiserverEndpoints => apiserver_endpoints::reconcile(store, key, now),
        ControllerId::NodeLifecycle => node_lifecycle::reconcile(store, key, now),
        // The simulation passes the controller's queue (see `Simulation::step`).
        ControllerId::TaintEviction => taint_eviction::reconcile(store, key, now, None).0,
        // The simulation runs the kubelet's sync (see `Simulation::step`).
        ControllerId::NodeStatus => Reconciled::default(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::api::kinds::KINDS;
    use serde_json::json;

    /// Every controller's `watch`, ungated.
    fn watch(id: ControllerId, store: &Store, obj: &Object) -> Vec<ObjKey> {
        let mut out = Vec::new();
        match id {
            ControllerId::GarbageCollector => {}
            ControllerId::Deployment => deployment::watch(store, obj, &mut out),
            ControllerId::ReplicaSet => replicaset::watch(store, obj, &mut out),
            ControllerId::StatefulSet => statefulset::watch(store, obj, &mut out),
            ControllerId::DaemonSet => daemonset::watch(store, obj, &mut out),
            ControllerId::CronJob => cronjob::watch(store, obj, &mut out),
            ControllerId::Job => job::watch(store, obj, &mut out),
            ControllerId::Scheduler => scheduler::watch(store, obj, &mut out),
            ControllerId::Endpoints => endpoints::watch(store, obj, &mut out),
            ControllerId::EndpointSlice => endpointslice::watch(store, obj, &mut out),
            ControllerId::EndpointSliceMirroring => endpointslice_mirroring::watch(store, obj, &mut out),
            ControllerId::PersistentVolume => volumes::watch(store, obj, &mut out),
            ControllerId::ServiceAccount => serviceaccount::watch(store, obj, &mut out),
            ControllerId::RootCACertPublisher => rootca::watch(store, obj, &mut out),
            ControllerId::Namespace => namespace::watch(store, obj, &mut out),
            ControllerId::ApiserverEndpoints => apiserver_endpoints::watch(store, obj, &mut out),
            ControllerId::NodeLifecycle => node_lifecycle::watch(store, obj, &mut out),
            ControllerId::TaintEviction => taint_eviction::watch(store, obj, &mut out),
            ControllerId::NodeStatus => crate::kubelet::node_status::watch(store, obj, &mut out),
        }
        out
    }

    const IDS: [ControllerId; 19] = [
        ControllerId::GarbageCollector,
        ControllerId::Deployment,
        ControllerId::ReplicaSet,
        ControllerId::StatefulSet,
        ControllerId::DaemonSet,
        ControllerId::CronJob,
        ControllerId::Job,
        ControllerId::Scheduler,
        ControllerId::Endpoints,
        ControllerId::EndpointSlice,
        ControllerId::EndpointSliceMirroring,
        ControllerId::PersistentVolume,
        ControllerId::ServiceAccount,
        ControllerId::RootCACertPublisher,
        ControllerId::Namespace,
        ControllerId::ApiserverEndpoints,
        ControllerId::NodeLifecycle,
        ControllerId::TaintEviction,
        ControllerId::NodeStatus,
    ];

    fn object(kind: Kind, v: serde_json::Value) -> Object {
        Object::from_value(kind, v).unwrap_or_else(|e| panic!("{kind:?}: {e}"))
    }

    /// A store with something for every watch to find: owners by uid, selectors matching
    /// `app: x`, a StatefulSet `web` with claim template `data`, the `default` namespace.
    fn store() -> Store {
        let meta = |name: &str, uid: &str, owner: Option<(&str, &str, &str)>| {
            let mut m = json!({"name": name, "namespace": "default", "uid": uid});
            if let Some((kind, name, uid)) = owner {
                m["ownerReferences"] = json!([{"apiVersion": "v1", "kind": kind, "name": name, "uid": uid, "controller": true}]);
            }
            m
        };
        let selector = json!({"matchLabels": {"app": "x"}});
        let template = json!({"metadata": {"labels": {"app": "x"}}, "spec": {"containers": [{"name": "c", "image": "i"}]}});
        let objects = [
            object(Kind::Namespace, json!({"metadata": {"name": "default", "uid": "uid-ns"}})),
            object(Kind::Deployment, json!({"metadata": meta("d", "uid-d", None), "spec": {"selector": selector, "template": template, "strategy": {"type": "Recreate"}}})),
            object(Kind::ReplicaSet, json!({"metadata": meta("rs", "uid-rs", Some(("Deployment", "d", "uid-d"))), "spec": {"selector": selector, "template": template}})),
            object(Kind::StatefulSet, json!({"metadata": meta("web", "uid-ss", None), "spec": {"selector": selector, "template": template, "serviceName": "web", "volumeClaimTemplates": [{"metadata": {"name": "data"}}]}})),
            object(Kind::DaemonSet, json!({"metadata": meta("ds", "uid-ds", None), "spec": {"selector": selector, "template": template}})),
            object(Kind::CronJob, json!({"metadata": meta("cj", "uid-cj", None), "spec": {"schedule": "* * * * *", "jobTemplate": {"spec": {"template": template}}}})),
            object(Kind::Job, json!({"metadata": meta("j", "uid-j", None), "spec": {"selector": selector, "template": template}})),
            object(Kind::Service, json!({"metadata": meta("svc", "uid-svc", None), "spec": {"selector": {"app": "x"}}})),
            object(Kind::Pod, json!({"metadata": meta("web-1", "uid-p", None), "spec": {"containers": [{"name": "c", "image": "i"}], "volumes": [{"name": "v", "persistentVolumeClaim": {"claimName": "data-web-0"}}]}})),
            // A node with a NoExecute taint and a pod on it, for the taint eviction controller.
            object(Kind::Node, json!({"metadata": {"name": "web-0", "uid": "uid-node"}, "spec": {"taints": [{"key": "k", "effect": "NoExecute"}]}})),
            object(Kind::Pod, json!({"metadata": meta("bound", "uid-bound", None), "spec": {"nodeName": "web-0", "containers": [{"name": "c", "image": "i"}]}})),
        ];
        let mut s = Store::default();
        for o in objects {
            s.put(&o.key(), o);
        }
        s
    }

    /// Objects of `kind` in the shapes the watches look for: labelled `app: x`, owned by each
    /// owner in the store, named as the accounts, ConfigMaps and claims the controllers keep,
    /// being deleted, a pod not yet scheduled that mounts a claim, a volume bound to a claim.
    fn samples(kind: Kind) -> Vec<Object> {
        let owners = [None, Some(("ReplicaSet", "rs", "uid-rs")), Some(("Deployment", "d", "uid-d")), Some(("StatefulSet", "web", "uid-ss")), Some(("Job", "j", "uid-j")), Some(("CronJob", "cj", "uid-cj")), Some(("DaemonSet", "ds", "uid-ds"))];
        let names = ["web-0", "default", "kube-root-ca.crt", "data-web-0", "kubernetes"];
        let mut out = Vec::new();
        for owner in owners {
            for name in names {
                for deleting in [false, true] {
                    let mut meta = json!({"name": name, "namespace": if kind.namespaced() { "default" } else { "" }, "uid": "uid-sample", "labels": {"app": "x"}});
                    if !kind.namespaced() {
                        meta["name"] = json!(if kind == Kind::Namespace { "default" } else { name });
                        meta.as_object_mut().map(|m| m.remove("namespace"));
                    }
                    if let Some((k, n, u)) = owner {
                        meta["ownerReferences"] = json!([{"apiVersion": "v1", "kind": k, "name": n, "uid": u, "controller": true}]);
                    }
                    if deleting {
                        meta["deletionTimestamp"] = json!("2024-01-01T00:00:00Z");
                        meta["finalizers"] = json!(["batch.kubernetes.io/job-tracking", "foregroundDeletion"]);
                    }
                    let mut v = json!({"metadata": meta});
                    match kind {
                        Kind::Pod => v["spec"] = json!({"containers": [{"name": "c", "image": "i"}], "volumes": [{"name": "v", "persistentVolumeClaim": {"claimName": "data-web-0"}}]}),
                        Kind::PersistentVolume => v["spec"] = json!({"claimRef": {"namespace": "default", "name": "data-web-0"}}),
                        _ => {}
                    }
                    out.push(object(kind, v));
                }
            }
        }
        if kind == Kind::Pod {
            out.push(object(kind, json!({"metadata": {"name": "on-node", "namespace": "default", "uid": "uid-on-node"}, "spec": {"nodeName": "web-0", "containers": [{"name": "c", "image": "i"}]}})));
        }
        out
    }

    #[test]
    fn every_kind_fits_the_watch_table() {
        assert!(KINDS.iter().all(|i| (i.kind as usize) < KIND_COUNT));
        assert_eq!(IDS.len(), HANDLERS.len() + 1, "every controller but the garbage collector has a row");
        for h in &HANDLERS {
            assert!(IDS.contains(&h.id));
        }
    }

    /// The table against the `watch` functions: a controller not listed for a kind finds nothing
    /// in any sample of it, and each listed pair finds something in some sample (so the samples
    /// are good enough to notice a watch that grew an arm).
    #[test]
    fn the_watch_table_matches_the_watch_functions() {
        let store = store();
        for info in KINDS {
            let samples = samples(info.kind);
            for id in IDS.into_iter().filter(|id| *id != ControllerId::GarbageCollector) {
                let found = samples.iter().any(|o| !watch(id, &store, o).is_empty());
                assert_eq!(found, watches(id, info.kind), "{id:?} watching {:?}", info.kind);
            }
        }
    }

    /// `interested` gives what calling every watch would, in the same order.
    #[test]
    fn interested_asks_only_the_watchers() {
        let store = store();
        let now = SimTime(0);
        for info in KINDS {
            for o in samples(info.kind) {
                let mut every: Vec<(ControllerId, ObjKey)> = Vec::new();
                if o.meta().finalizers.iter().flatten().any(|f| f == "foregroundDeletion") && o.meta().deletion_timestamp.is_some() {
                    every.push((ControllerId::GarbageCollector, o.key()));
                }
                for id in IDS.into_iter().filter(|id| *id != ControllerId::GarbageCollector) {
                    every.extend(watch(id, &store, &o).into_iter().map(|k| (id, k)));
                }
                let got: Vec<(ControllerId, ObjKey)> = interested(&store, &o, Change::Added, now).into_iter().map(|(id, k, _)| (id, k)).collect();
                assert_eq!(got, every, "{:?} {}", info.kind, o.name());
            }
        }
    }

    #[test]
    fn a_kind_nobody_watches_wakes_nothing() {
        let store = store();
        let now = SimTime(0);
        for kind in [Kind::Event, Kind::Secret, Kind::StorageClass, Kind::ControllerRevision] {
            assert!(!watched(kind), "{kind:?}");
            for o in samples(kind).into_iter().filter(|o| o.meta().deletion_timestamp.is_none()) {
                assert!(interested(&store, &o, Change::Added, now).is_empty(), "{kind:?}");
            }
        }
        let event = samples(Kind::Event).into_iter().find(|o| o.meta().deletion_timestamp.is_some()).unwrap();
        let woken: Vec<ControllerId> = interested(&store, &event, Change::Deleted, now).into_iter().map(|(id, _, _)| id).collect();
        assert_eq!(woken, [ControllerId::GarbageCollector], "a foreground deletion wakes the garbage collector whatever the kind");
    }
}
