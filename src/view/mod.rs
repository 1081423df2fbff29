//! The cluster view model: plain data copied out of a [`Simulation`]'s store by [`snapshot`], for
//! the cluster and DNS panels to draw. Nothing here borrows the simulation, reads a clock or
//! iterates a hash map, so the same cluster always gives the same (bounded) view.

mod batch;
mod dns;
mod nodes;
mod pods;
mod schedule;
mod storage;
mod workloads;

#[cfg(test)]
mod tests;
#[cfg(test)]
mod tests_batch;

pub use schedule::describe_schedule;

use kubeplay_core::Simulation;

/// Most pods (or ordinal slots, jobs, objects) listed per group; the rest are counted in `more`.
pub const MAX_PER_GROUP: usize = 200;

/// The namespaces the cluster brings with it (kind's control plane, kube-proxy, kindnet, CoreDNS,
/// the local-path provisioner): their objects stay out of the picture, which shows the learner's
/// own; `kubectl get pods -A` still lists them.
pub fn is_system_namespace(ns: &str) -> bool {
    matches!(
        ns,
        "kube-system" | "kube-public" | "kube-node-lease" | "local-path-storage"
    )
}

/// The objects of `kind` outside the system namespaces, in namespace/name order.
pub fn user_objects(
    store: &kubeplay_core::store::Store,
    kind: kubeplay_core::api::Kind,
) -> impl Iterator<Item = &kubeplay_core::api::Object> {
    store
        .list(kind, None)
        .filter(|o| !is_system_namespace(o.namespace()))
}
/// Most files listed per claim; the rest are counted in [`ClaimView::more_files`].
pub const MAX_FILES_PER_CLAIM: usize = 200;
/// Most DNS records listed; the rest are counted in [`ClusterView::dns_more`].
pub const MAX_DNS_RECORDS: usize = 500;
/// How many upcoming runs a CronJob shows.
pub const NEXT_RUNS: usize = 3;

/// Everything the cluster and DNS panels draw, at one moment of simulated time.
#[derive(Clone, PartialEq, Debug, Default)]
pub struct ClusterView {
    /// The simulated time of the snapshot (ms since the Unix epoch).
    pub now_ms: i64,
    pub nodes: Vec<NodeView>,
    pub statefulsets: Capped<StatefulSetView>,
    pub deployments: Capped<DeploymentView>,
    /// ReplicaSets not controlled by a Deployment in this view.
    pub replicasets: Capped<ReplicaSetView>,
    /// Jobs not owned by a CronJob in this view.
    pub jobs: Capped<JobView>,
    pub cronjobs: Capped<CronJobView>,
    /// Pods without a controller in this view (bare pods, and orphans awaiting the GC).
    pub pods: Capped<PodView>,
    pub pvcs: Capped<ClaimView>,
    /// Cluster DNS A records, grouped by namespace and service (see [`DnsRecord`]).
    pub dns: Vec<DnsRecord>,
    pub dns_more: usize,
}

impl ClusterView {
    /// Every pod of the view, wherever it is drawn (sets, ReplicaSets, Jobs, standalone).
    pub fn all_pods(&self) -> impl Iterator<Item = &PodView> {
        let sts = self
            .statefulsets
            .iter()
            .flat_map(|s| s.slots.iter().filter_map(|o| o.pod.as_ref()));
        let deploy = self
            .deployments
            .iter()
            .flat_map(|d| d.replicasets.iter().flat_map(|r| r.pods.iter()));
        let rs = self.replicasets.iter().flat_map(|r| r.pods.iter());
        sts.chain(deploy)
            .chain(rs)
            .chain(self.all_jobs().flat_map(|j| j.pods.iter()))
            .chain(self.pods.iter())
    }

    /// Every Job of the view: standalone ones and those a CronJob owns.
    pub fn all_jobs(&self) -> impl Iterator<Item = &JobView> {
        self.jobs
            .iter()
            .chain(self.cronjobs.iter().flat_map(|c| c.jobs.iter()))
    }
}

/// A list cut at [`MAX_PER_GROUP`]: the first items, and how many were left out.
#[derive(Clone, PartialEq, Debug)]
pub struct Capped<T> {
    pub items: Vec<T>,
    pub more: usize,
}

impl<T> Default for Capped<T> {
    fn default() -> Self {
        Capped {
            items: Vec::new(),
            more: 0,
        }
    }
}

impl<T> Capped<T> {
    /// Keeps the first `cap` items of `iter` and counts the rest.
    pub fn take(iter: impl IntoIterator<Item = T>, cap: usize) -> Self {
        let mut out = Capped::default();
        for item in iter {
            if out.items.len() < cap {
                out.items.push(item);
            } else {
                out.more += 1;
            }
        }
        out
    }

    /// The same list with each kept item converted (what was left out stays counted).
    pub fn map<U>(self, f: impl FnMut(T) -> U) -> Capped<U> {
        Capped {
            items: self.items.into_iter().map(f).collect(),
            more: self.more,
        }
    }

    pub fn is_empty(&self) -> bool {
        self.items.is_empty() && self.more == 0
    }

    /// Items listed plus items left out.
    pub fn total(&self) -> usize {
        self.items.len() + self.more
    }

    pub fn iter(&self) -> std::slice::Iter<'_, T> {
        self.items.iter()
    }
}

/// What a click selects: kind as kubectl's resource name (`pod`, `statefulset`,
/// `persistentvolumeclaim`, `job`, `cronjob`, `deployment`, `replicaset`, `node`, `service`),
/// namespace (empty for nodes) and name, so `kubectl get KIND NAME -n NAMESPACE` finds it.
#[derive(Clone, PartialEq, Eq, PartialOrd, Ord, Hash, Debug, Default)]
pub struct ObjRef {
    pub kind: String,
    pub namespace: String,
    pub name: String,
}

impl ObjRef {
    pub fn new(kind: &str, namespace: &str, name: &str) -> Self {
        ObjRef {
            kind: kind.into(),
            namespace: namespace.into(),
            name: name.into(),
        }
    }
}

/// A node: `kubectl get nodes` STATUS, and how many non-terminated pods it runs.
#[derive(Clone, PartialEq, Debug, Default)]
pub struct NodeView {
    pub name: String,
    pub ready: bool,
    /// The STATUS column: `Ready`, `NotReady`, `Ready,SchedulingDisabled`, …
    pub status: String,
    /// The ROLES column (`control-plane`, `<none>`).
    pub roles: String,
    pub internal_ip: String,
    /// Pods bound here that have not finished (phase neither Succeeded nor Failed).
    pub pods: usize,
}

/// A pod as `kubectl get pods -o wide` shows it.
#[derive(Clone, PartialEq, Debug, Default)]
pub struct PodView {
    pub name: String,
    pub namespace: String,
    /// Changes when a pod is replaced by one of the same name (StatefulSets do that).
    pub uid: String,
    /// `status.phase`: Pending, Running, Succeeded, Failed (Unknown).
    pub phase: String,
    /// The STATUS column: `Init:0/2`, `PodInitializing`, `ContainerCreating`, `Running`,
    /// `Completed`, `Error`, `CrashLoopBackOff`, `Terminating`, …
    pub status: String,
    /// The READY column, `1/1`.
    pub ready: String,
    /// The pod's Ready condition is True.
    pub is_ready: bool,
    /// Container restarts, summed (the RESTARTS column's number).
    pub restarts: i32,
    /// `spec.nodeName`; empty while unscheduled.
    pub node: String,
    /// `status.podIP`; empty before the sandbox has one.
    pub ip: String,
    /// Init containers finished successfully, of `init_total`.
    pub init_done: usize,
    pub init_total: usize,
    /// `metadata.deletionTimestamp` is set.
    pub terminating: bool,
    /// Claims the pod mounts (`persistentVolumeClaim.claimName`), in volume order.
    pub claims: Vec<String>,
}

/// A StatefulSet and its pods by ordinal.
#[derive(Clone, PartialEq, Debug, Default)]
pub struct StatefulSetView {
    pub name: String,
    pub namespace: String,
    pub uid: String,
    /// `spec.replicas`.
    pub replicas: i32,
    /// `status.readyReplicas` (the READY column is `ready/replicas`).
    pub ready: i32,
    /// `spec.serviceName`: the headless Service giving pods their DNS names.
    pub service: String,
    /// One slot per ordinal the spec asks for, plus any pod still present outside that range,
    /// in ordinal order.
    pub slots: Capped<OrdinalSlot>,
}

/// One ordinal of a StatefulSet: its pod if it exists, and its claims from volumeClaimTemplates.
#[derive(Clone, PartialEq, Debug, Default)]
pub struct OrdinalSlot {
    pub ordinal: i32,
    /// The pod name this ordinal has (`<set>-<ordinal>`), whether or not the pod exists.
    pub pod_name: String,
    /// None: expected by the spec but not created (yet).
    pub pod: Option<PodView>,
    /// Whether the spec's ordinal range includes this ordinal (false while scaling down).
    pub in_spec: bool,
    /// `<template>-<set>-<ordinal>` for each volumeClaimTemplate.
    pub claims: Vec<ClaimChip>,
}

/// A claim named by a template, and its phase if it exists.
#[derive(Clone, PartialEq, Debug, Default)]
pub struct ClaimChip {
    pub name: String,
    /// None: not created yet. Otherwise `status.phase` (Pending, Bound, Lost).
    pub phase: Option<String>,
}

/// A Deployment and its ReplicaSets, newest revision first.
#[derive(Clone, PartialEq, Debug, Default)]
pub struct DeploymentView {
    pub name: String,
    pub namespace: String,
    pub uid: String,
    pub replicas: i32,
    pub ready: i32,
    pub up_to_date: i32,
    pub available: i32,
    pub replicasets: Capped<ReplicaSetView>,
}

/// A ReplicaSet (`kubectl get rs` DESIRED CURRENT READY) and its pods.
#[derive(Clone, PartialEq, Debug, Default)]
pub struct ReplicaSetView {
    pub name: String,
    pub namespace: String,
    pub uid: String,
    /// `deployment.kubernetes.io/revision`, empty without one.
    pub revision: String,
    pub desired: i32,
    pub current: i32,
    pub ready: i32,
    pub pods: Capped<PodView>,
}

/// A Job: `kubectl get jobs` STATUS and COMPLETIONS, its counters, and its pods.
#[derive(Clone, PartialEq, Debug, Default)]
pub struct JobView {
    pub name: String,
    pub namespace: String,
    pub uid: String,
    /// The STATUS column: Running, Complete, Failed, Suspended, Terminating, FailureTarget.
    pub status: String,
    /// The COMPLETIONS column: `1/3`, `0/1 of 2`.
    pub completions_text: String,
    /// `spec.completions` (None for a work queue).
    pub completions: Option<i32>,
    pub parallelism: i32,
    pub succeeded: i32,
    pub failed: i32,
    pub active: i32,
    pub pods: Capped<PodView>,
}

/// A CronJob, its schedule in words, the next runs, and the Jobs it owns.
#[derive(Clone, PartialEq, Debug, Default)]
pub struct CronJobView {
    pub name: String,
    pub namespace: String,
    pub uid: String,
    pub schedule: String,
    /// "every 2 minutes", "at 00:00 every day", … or the expression itself.
    pub words: String,
    /// `spec.timeZone`; None means the controller's zone, UTC.
    pub time_zone: Option<String>,
    pub suspend: bool,
    /// The ACTIVE column.
    pub active: usize,
    /// `status.lastScheduleTime`, ms since the Unix epoch.
    pub last_schedule_ms: Option<i64>,
    /// The next [`NEXT_RUNS`] scheduled times after the snapshot, RFC 3339 in the CronJob's zone
    /// (listed even while suspended).
    pub next_runs: Vec<String>,
    /// Why no next runs could be computed (an invalid schedule or zone).
    pub schedule_error: Option<String>,
    /// Jobs with an ownerReference to this CronJob, oldest first.
    pub jobs: Capped<JobView>,
}

/// A PersistentVolumeClaim (`kubectl get pvc`) and the files its volume holds.
#[derive(Clone, PartialEq, Debug, Default)]
pub struct ClaimView {
    pub name: String,
    pub namespace: String,
    pub uid: String,
    /// `status.phase`: Pending, Bound, Lost.
    pub phase: String,
    /// The STATUS column: the phase, or `Terminating`.
    pub status: String,
    /// The VOLUME column (the bound PV's name), empty while pending.
    pub volume: String,
    /// The CAPACITY column, empty while pending.
    pub capacity: String,
    /// The ACCESS MODES column (`RWO`).
    pub access_modes: String,
    pub storage_class: String,
    /// Files on the bound volume, path order, at most [`MAX_FILES_PER_CLAIM`].
    pub files: Vec<FileEntry>,
    pub more_files: usize,
}

/// One file on a volume: path relative to the volume's root, size in bytes.
#[derive(Clone, PartialEq, Eq, Debug, Default)]
pub struct FileEntry {
    pub path: String,
    pub size: u64,
}

/// One A record the cluster DNS serves.
#[derive(Clone, PartialEq, Eq, Debug, Default)]
pub struct DnsRecord {
    /// The fully qualified name, without the trailing dot.
    pub name: String,
    pub ip: String,
    pub namespace: String,
    pub service: String,
    /// For a headless service's per-pod record (`todo-db-0.todo-db.default.svc.cluster.local`),
    /// the pod's hostname; None for the service's own record.
    pub hostname: Option<String>,
    /// The service has no ClusterIP: its own name resolves to the ready pods' IPs.
    pub headless: bool,
}

/// Copies what the panels draw out of `sim`. Deterministic and bounded: store order (BTreeMap),
/// at most [`MAX_PER_GROUP`] items per list. The app calls it when `sim.trace().len()` changed.
pub fn snapshot(sim: &Simulation) -> ClusterView {
    let store = &sim.cluster().store;
    let now_ms = sim.now_ms();
    let mut placed = pods::Placed::default();
    let statefulsets = workloads::statefulsets(store, &mut placed);
    let (deployments, replicasets) = workloads::deployments(store, &mut placed);
    let (cronjobs, jobs) = batch::cronjobs_and_jobs(store, now_ms, &mut placed);
    let (dns, dns_more) = dns::records(store);
    ClusterView {
        now_ms,
        nodes: nodes::nodes(store),
        statefulsets,
        deployments,
        replicasets,
        jobs,
        cronjobs,
        pods: placed.standalone(store),
        pvcs: storage::claims(sim),
        dns,
        dns_more,
    }
}
