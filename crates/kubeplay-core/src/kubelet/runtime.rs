//! What a node keeps about each pod outside the apiserver: the sandbox and its IP, per-container
//! processes, writable layers, logs, listening ports, restart backoff and probe counters.

use super::vfs::{Layer, Mount, VolumeId};
use crate::api::ObjKey;
use crate::clock::SimTime;
use k8s_openapi::api::core::v1 as core;
use std::collections::{BTreeMap, BTreeSet};
use std::rc::Rc;

/// The kubelets' private state, for every node.
#[derive(Default)]
pub struct Runtime {
    /// By pod uid; boxed, as each sync takes its pod's runtime out and puts it back.
    pub(crate) pods: BTreeMap<String, Box<PodRuntime>>,
    /// The uids of the runtimes each pod key has, so finding a pod's runtime by its key does not
    /// scan every pod on the nodes. Kept from a runtime's creation to its end (`forget`), also while
    /// a sync has the runtime out of `pods`.
    pub(crate) uids: BTreeMap<ObjKey, BTreeSet<String>>,
    /// Volume contents (emptyDirs and PersistentVolumes); a PV's tree outlives its pods.
    pub volumes: BTreeMap<VolumeId, Layer>,
    /// The images each node has pulled, as the runtime names them (`podstatus::canonical_image`).
    pub(crate) images: BTreeMap<String, BTreeSet<String>>,
    /// What the kubelet worked out from each image reference it met, so a reference is parsed
    /// and named once rather than at every container start (at most `MAX_IMAGE_FACTS`).
    pub(crate) image_facts: BTreeMap<String, Rc<ImageFacts>>,
    /// The next host number per node for pod IPs (host-local IPAM hands them out in order).
    pub(crate) next_ip: BTreeMap<String, u32>,
    /// Each namespace's service-link variables, built again only when its Services change.
    pub(crate) service_links: super::setup::LinkCache,
    /// The data of the ConfigMaps and Secrets volumes read, per version.
    pub(crate) sources: super::payload::SourceCache,
    /// Each node's spec.unschedulable as its kubelet saw it at its last status sync
    /// (lastNodeUnschedulable; absent is false, as at the kubelet's start).
    pub(crate) node_unschedulable: BTreeMap<String, bool>,
}

/// Bound on `Runtime::image_facts`; past it the cache starts over (the facts are recomputed).
const MAX_IMAGE_FACTS: usize = 1024;

/// What an image reference says, a pure function of its text.
#[derive(Debug, PartialEq, Eq)]
pub struct ImageFacts {
    /// Why the reference does not parse (the kubelet's InvalidImageName), if it does not.
    pub invalid: Option<String>,
    /// The fully qualified reference containerd reports (`docker.io/library/busybox:latest`).
    pub canonical: String,
    /// Its imageID (a stable fake digest).
    pub id: String,
    /// The reference as the kubelet's messages quote it (`"busybox"`).
    pub quoted: String,
    /// Why the registry refuses a pull of it (`images::pull_error`), if it does.
    pub pull_error: Option<String>,
    /// How long a successful pull of it takes (`images::pull_ms`).
    pub pull_ms: i64,
    /// The message of the `Pulled` Event a successful pull of it records.
    pub pulled: String,
    /// The reference itself, and its row in the image catalogue (`images::lookup`).
    pub reference: String,
    pub catalogued: Option<&'static super::images::Image>,
}

impl Runtime {
    /// The facts of `image`, worked out on its first use.
    pub(crate) fn image_facts(&mut self, image: &str) -> Rc<ImageFacts> {
        if let Some(f) = self.image_facts.get(image) {
            return f.clone();
        }
        if self.image_facts.len() >= MAX_IMAGE_FACTS {
            self.image_facts.clear();
        }
        let quoted = crate::api::errors::go_quote(image);
        let pull_ms = super::images::pull_ms(image);
        let took = crate::kubectl::humanize::go_duration_ms(pull_ms);
        let catalogued = super::images::lookup(image);
        let size = catalogued.map_or(super::images::UNKNOWN_IMAGE_SIZE, |i| i.size);
        let facts = Rc::new(ImageFacts {
            invalid: super::imageref::parse_image_name(image).err(),
            canonical: super::podstatus::canonical_image(image),
            id: super::podstatus::image_id(image),
            pulled: format!("Successfully pulled image {quoted} in {took} ({took} including waiting). Image size: {size} bytes."),
            quoted,
            pull_error: super::images::pull_error(image),
            pull_ms,
            reference: image.to_string(),
            catalogued,
        });
        self.image_facts.insert(image.to_string(), facts.clone());
        facts
    }

    /// Whether `node` has pulled the image the runtime names `canonical`.
    pub(crate) fn has_image(&self, node: &str, canonical: &str) -> bool {
        self.images.get(node).is_some_and(|s| s.contains(canonical))
    }

    /// The runtime of the pod with this key, if its kubelet has seen it.
    pub fn pod(&self, key: &ObjKey) -> Option<&PodRuntime> {
        self.uids_of(key).next().and_then(|u| self.pods.get(u).map(|b| &**b))
    }

    /// The uids of this key's runtimes in `pods`, in uid order (the order of a scan of `pods`).
    pub(crate) fn uids_of<'a>(&'a self, key: &ObjKey) -> impl Iterator<Item = &'a String> + 'a {
        self.uids.get(key).into_iter().flatten().filter(|u| self.pods.contains_key(*u))
    }

    /// A new runtime: indexed under its key from now on.
    pub(crate) fn register(&mut self, rt: &PodRuntime) {
        self.uids.entry(rt.key.clone()).or_default().insert(rt.uid.clone());
    }

    /// A write asked for a sync of the pod with this uid (see `PodRuntime::poked`). With `status`
    /// someone other than this pod's own kubelet sync may have written its status (a sync has
    /// its runtime out of `pods` while it writes): the next sync builds the status again.
    /// With `meta` the write may have changed the pod's labels or annotations.
    pub(crate) fn poke(&mut self, uid: &str, status: bool, meta: bool) {
        if let Some(rt) = self.pods.get_mut(uid) {
            rt.poked = true;
            rt.meta_touched |= meta;
            if status {
                rt.published = None;
            }
        }
    }

    /// The runtime's end: out of `pods` and the index.
    pub(crate) fn forget(&mut self, key: &ObjKey, uid: &str) {
        self.pods.remove(uid);
        if let Some(set) = self.uids.get_mut(key) {
            set.remove(uid);
            if set.is_empty() {
                self.uids.remove(key);
            }
        }
    }
}

pub struct PodRuntime {
    pub key: ObjKey,
    pub uid: String,
    pub node: String,
    pub ip: Option<String>,
    pub start: SimTime,
    /// When the sandbox (network namespace, IP) is ready.
    pub sandbox_at: SimTime,
    /// Volumes that could not be set up yet (missing Secret/ConfigMap), with the next retry.
    pub mount_retry: Option<(SimTime, i64)>,
    pub mounted: bool,
    pub init: Vec<Ctr>,
    pub containers: Vec<Ctr>,
    pub init_done: usize,
    /// SIGKILL deadline once termination started.
    pub kill_at: Option<SimTime>,
    pub terminating: bool,
    /// The grace period of the pod's deletion the kill runs with (the pod worker's
    /// status.gracePeriod): a later delete may only shorten it.
    pub kill_grace: Option<i64>,
    /// When termination began (the pod's deletion reached the kubelet).
    pub terminating_since: Option<SimTime>,
    /// Terminal phase reached (Succeeded/Failed): nothing restarts any more.
    pub finished: Option<&'static str>,
    /// When the pod's own spec.activeDeadlineSeconds runs out (from its start on the node).
    pub active_deadline: Option<SimTime>,
    /// The deadline passed: the containers are being stopped, and the pod ends Failed
    /// (DeadlineExceeded).
    pub deadline_exceeded: bool,
    /// The image manager's pull backoff, per requested image (the kubelet keys it `<podUID>_<image>`).
    pub image_backoff: BTreeMap<String, ImageBackoff>,
    /// The pod's last sync (volume setup, a container start, an update of its labels or
    /// annotations, a periodic resync): the periodic resyncs follow from it.
    pub last_sync: SimTime,
    /// The periodic resync that will rewrite volumes whose source changed since the last sync.
    pub resync_at: Option<SimTime>,
    /// The resourceVersion (None: missing) of each ConfigMap and Secret the volumes read, as of
    /// the last sync.
    pub source_versions: BTreeMap<ObjKey, Option<String>>,
    /// A remount that failed (its source is gone), with its next retry and the current delay.
    pub remount_retry: Option<(SimTime, i64)>,
    /// A digest of the labels and annotations of the last sync (`remount::meta_digest`): a change
    /// is an UPDATE that syncs the pod.
    pub seen_meta: Option<u64>,
    /// A write that may have changed the labels or annotations came since `seen_meta` was
    /// taken or last found equal (only then is the digest worked out again).
    pub meta_touched: bool,
    /// Immutable ConfigMaps and Secrets as first read: the kubelet stops watching them.
    pub immutable: BTreeMap<ObjKey, super::payload::Data>,
    /// Service-account tokens issued to the pod, by audience and lifetime.
    pub tokens: BTreeMap<(String, i64), super::atomic::Content>,
    /// The `podstatus::inputs_digest` the stored status was built from, as of the kubelet's last
    /// status write (or the last sync that found its status current): while the digest stays and
    /// no one else wrote the pod's status since (`Runtime::poke` forgets it), the status
    /// needs no rebuild. Nothing else moves a pod's status: an update of the pod keeps the stored
    /// status, and so does the start of its deletion. A number rather than the object, so the
    /// kubelet holds no reference that would make the store copy the pod on its next write.
    pub published: Option<u64>,
    /// The instant of the last sync if it left nothing due then (`lifecycle::settled`): another
    /// sync at that instant that only the kubelet's own status write asked for would change
    /// nothing, and is skipped.
    pub settled: Option<SimTime>,
    /// A write other than the kubelet's own status write asked for a sync of the pod since the
    /// last one (`kubelet::interested`; the kubelet's own writes come while its sync has the
    /// runtime out of `pods`).
    pub poked: bool,
    /// The last sync stopped resuming a container at `MAX_RESUMES_PER_SYNC` with work left.
    pub cut_short: bool,
}

/// One flowcontrol.Backoff entry of the kubelet's image backoff, and the error of the pull that
/// failed last (shown after `Back-off pulling image "X": ` while the backoff lasts).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ImageBackoff {
    pub period_ms: i64,
    pub last_update: SimTime,
    pub last_error: String,
}

/// A container the kubelet is stopping while its pod lives on (killContainer for a failed
/// liveness or startup probe, or a changed image).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Kill {
    /// SIGKILL if the process still runs then.
    pub deadline: SimTime,
    /// Started again at once once stopped (SyncPod's ContainersToStart).
    pub restart: bool,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Terminated {
    pub exit_code: i32,
    pub reason: String,
    /// What the runtime said about the exit (containerd's message for a StartError).
    pub message: Option<String>,
    pub started: SimTime,
    pub finished: SimTime,
    pub container_id: String,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum CState {
    Waiting { reason: String, message: Option<String> },
    Running { since: SimTime },
    Terminated(Terminated),
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct LogLine {
    pub at_ms: i64,
    pub text: String,
}

/// Probe bookkeeping for one probe of one container.
#[derive(Debug, Clone, Default)]
pub struct ProbeState {
    pub next_at: Option<SimTime>,
    pub successes: i32,
    pub failures: i32,
    /// The latest verdict (readiness: ready; liveness/startup: healthy).
    pub ok: bool,
    /// The tick a settled probe last ran at, while it rests (see `probes::rest`).
    pub resting_since: Option<SimTime>,
}

pub struct Ctr {
    /// Shared, so a container start reads it while the runtime changes around it without a copy.
    pub spec: Rc<core::Container>,
    pub init: bool,
    pub state: CState,
    pub restart_count: i32,
    pub last: Option<Terminated>,
    /// Restart backoff (period, when it was last advanced): kubelet's flowcontrol.Backoff entry.
    pub backoff: Option<(i64, SimTime)>,
    /// When a pending restart (or first start) may happen.
    pub restart_at: Option<SimTime>,
    /// The next pod sync while held in CrashLoopBackOff: the pod worker retries a failed sync
    /// after 10 s, and each time doBackOff reports the backoff again.
    pub held_sync_at: Option<SimTime>,
    pub pull_done_at: Option<SimTime>,
    pub pulled: bool,
    pub process: Option<kubeplay_shell::Process>,
    pub wake_at: Option<SimTime>,
    /// The writable layer of the latest instance.
    pub root: Layer,
    pub mounts: Vec<Mount>,
    /// The environment of the latest instance, shared with its process (and given to its execs
    /// and probes).
    pub env: Rc<kubeplay_shell::LazyEnv>,
    pub logs: Vec<LogLine>,
    pub previous_logs: Vec<LogLine>,
    pub listening: BTreeSet<u16>,
    pub container_id: String,
    pub readiness: ProbeState,
    pub liveness: ProbeState,
    pub startup: ProbeState,
    pub started_ok: bool,
    /// A stop in progress while the pod lives on.
    pub kill: Option<Kill>,
    /// The spec the container restarts with once a kill for a changed image is done.
    pub next_spec: Option<Rc<core::Container>>,
    /// The image the latest instance was created from (its status reports that one), as the
    /// runtime names it and its imageID.
    pub ran_image: Option<Rc<ImageFacts>>,
}

impl Ctr {
    pub fn new(spec: Rc<core::Container>, init: bool, waiting_reason: &str) -> Self {
        Ctr {
            spec,
            init,
            state: CState::Waiting { reason: waiting_reason.into(), message: None },
            restart_count: 0,
            last: None,
            backoff: None,
            restart_at: None,
            held_sync_at: None,
            pull_done_at: None,
            pulled: false,
            process: None,
            wake_at: None,
            root: Layer::default(),
            mounts: Vec::new(),
            env: Rc::default(),
            logs: Vec::new(),
            previous_logs: Vec::new(),
            listening: BTreeSet::new(),
            container_id: String::new(),
            readiness: ProbeState::default(),
            liveness: ProbeState::default(),
            startup: ProbeState::default(),
            started_ok: false,
            kill: None,
            next_spec: None,
            ran_image: None,
        }
    }

    pub fn name(&self) -> &str {
        &self.spec.name
    }

    pub fn running(&self) -> bool {
        matches!(self.state, CState::Running { .. })
    }

    pub fn terminated(&self) -> Option<&Terminated> {
        match &self.state {
            CState::Terminated(t) => Some(t),
            _ => None,
        }
    }

    /// Ready as the kubelet reports it: running, started, and the readiness probe (if any) passing.
    pub fn ready(&self) -> bool {
        self.running() && self.started_ok && (self.spec.readiness_probe.is_none() || self.readiness.ok)
    }
}

/// Bound on log lines kept per container instance (the kubelet rotates logs at 10 MiB).
pub const MAX_LOG_LINES: usize = 5_000;
