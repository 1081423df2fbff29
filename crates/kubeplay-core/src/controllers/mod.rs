//! Controllers as reconcile functions: `reconcile(&Store, &ObjKey, now) -> Reconciled`. They never
//! touch the store; the simulation applies their writes through `Cluster::write`, which wakes the
//! controllers watching what changed (kube-runtime's model, run on a deterministic queue).
//!
//! Adding a controller: a variant of `ControllerId`, a module with `watch` (which keys to reconcile
//! when an object changes) and `reconcile`, and one arm in each of `interested` and `reconcile` below.

use crate::api::{ObjKey, Object};
use crate::clock::SimTime;
use crate::cluster::Write;
use crate::store::Store;

pub mod cronjob;
pub(crate) mod cronjob_util;
pub mod deployment;
pub mod endpointslice;
pub mod job;
pub mod namespace;
pub(crate) mod deployment_util;
pub(crate) mod owners;
pub mod replicaset;
pub mod rootca;
pub mod scheduler;
pub mod serviceaccount;
pub mod statefulset;
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
    CronJob,
    Job,
    Scheduler,
    EndpointSlice,
    PersistentVolume,
    ServiceAccount,
    RootCACertPublisher,
    Namespace,
}

impl ControllerId {
    /// The `source.component` of the Events it records.
    pub fn component(self) -> &'static str {
        match self {
            ControllerId::GarbageCollector => "garbage-collector-controller",
            ControllerId::Deployment => "deployment-controller",
            ControllerId::ReplicaSet => "replicaset-controller",
            ControllerId::StatefulSet => "statefulset-controller",
            ControllerId::CronJob => "cronjob-controller",
            ControllerId::Job => "job-controller",
            ControllerId::Scheduler => "default-scheduler",
            ControllerId::EndpointSlice => "endpointslice-controller",
            ControllerId::PersistentVolume => "persistentvolume-controller",
            ControllerId::ServiceAccount => "service-account-controller",
            ControllerId::RootCACertPublisher => "root-ca-cert-publisher",
            ControllerId::Namespace => "namespace-controller",
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
            ControllerId::ReplicaSet | ControllerId::StatefulSet | ControllerId::CronJob => Some((5, 1_000_000)),
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

/// The (controller, object) pairs to reconcile because `obj` changed.
/// Which controllers a change to `obj` wakes, for which keys, and after how many milliseconds
/// (each controller's event handlers decide: most enqueue at once, some after a delay).
pub fn interested(store: &Store, obj: &Object, change: Change<'_>, now: SimTime) -> Vec<(ControllerId, ObjKey, i64)> {
    let mut out = Vec::new();
    if obj.meta().finalizers.iter().flatten().any(|f| f == "foregroundDeletion") && obj.meta().deletion_timestamp.is_some() {
        out.push((ControllerId::GarbageCollector, obj.key(), 0));
    }
    let at_once = |id: ControllerId| move |k: ObjKey| (id, k, 0);
    out.extend(deployment::watch(store, obj).into_iter().map(at_once(ControllerId::Deployment)));
    out.extend(replicaset::watch(store, obj).into_iter().map(at_once(ControllerId::ReplicaSet)));
    out.extend(statefulset::watch(store, obj).into_iter().map(at_once(ControllerId::StatefulSet)));
    out.extend(cronjob::watch(store, obj).into_iter().map(|k| {
        let delay = cronjob::enqueue_delay(obj, change, now);
        (ControllerId::CronJob, k, delay)
    }));
    out.extend(job::watch(store, obj).into_iter().map(|k| {
        let delay = job::enqueue_delay(obj, change, &k);
        (ControllerId::Job, k, delay)
    }));
    out.extend(scheduler::watch(store, obj).into_iter().map(at_once(ControllerId::Scheduler)));
    out.extend(endpointslice::watch(store, obj).into_iter().map(at_once(ControllerId::EndpointSlice)));
    out.extend(volumes::watch(store, obj).into_iter().map(at_once(ControllerId::PersistentVolume)));
    out.extend(serviceaccount::watch(store, obj).into_iter().map(at_once(ControllerId::ServiceAccount)));
    out.extend(rootca::watch(store, obj).into_iter().map(at_once(ControllerId::RootCACertPublisher)));
    out.extend(namespace::watch(store, obj).into_iter().map(at_once(ControllerId::Namespace)));
    out
}

/// What happened to a watched object, as an informer reports it to its handlers.
#[derive(Debug, Clone, Copy)]
pub enum Change<'a> {
    Added,
    /// `old` is the object as it was before this write.
    Updated { old: &'a Object },
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
        ControllerId::CronJob => cronjob::reconcile(store, key, now),
        ControllerId::Job => job::reconcile(store, key, now),
        ControllerId::Scheduler => scheduler::reconcile(store, key, now),
        ControllerId::EndpointSlice => endpointslice::reconcile(store, key, now),
        ControllerId::PersistentVolume => volumes::reconcile(store, key, now),
        ControllerId::ServiceAccount => serviceaccount::reconcile(store, key, now),
        ControllerId::RootCACertPublisher => rootca::reconcile(store, key, now),
        ControllerId::Namespace => namespace::reconcile(store, key, now),
    }
}
