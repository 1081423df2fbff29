//! The volume manager's part for the volumes the kubelet writes itself (configMap, secret,
//! projected, downwardAPI): SetUp through the AtomicWriter when the pod's volumes mount, and again
//! on every later sync of the pod — syncPod's WaitForAttachAndMount marks them for remount
//! (ReprocessPod), and the writer rewrites them if their payload changed.
//!
//! When an update lands, as in a v1.33 kind cluster: the kubelet's default
//! `configMapAndSecretChangeDetectionStrategy: Watch` keeps its copy of each referenced ConfigMap
//! and Secret current, so a change reaches the files at the pod's next sync. Nothing syncs a pod
//! because a ConfigMap changed; the pod worker requeues each pod after every sync with
//! `wait.Jitter(syncFrequency, 0.5)` — 60 s plus up to 30 s — and the kubelet's one-second sync
//! ticker picks it up. kubeplay draws that jitter from the pod's uid and the sync's time (so the
//! run stays reproducible without consuming the simulation's shared random stream) and rounds up
//! to the next whole second. A pod's syncs here are: its volumes mounting, each container start,
//! a change of its labels or annotations (an UPDATE from the apiserver), and the periodic resync;
//! syncs after a container exit or a probe result only restart that timer upstream and are left
//! out. The volume reconciler's 100 ms loop between syncPod and the rewrite is not modelled.
//! Environment variables and subPath mounts are resolved when a container starts and never change.
//!
//! A periodic resync rewrites nothing unless a ConfigMap or Secret the volumes read changed since
//! the last sync, so kubeplay follows the chain of resync times without running them, and puts
//! only the first one after such a change on the simulator's queue: an idle cluster stays idle.

use super::atomic;
use super::payload::{self, Sources};
use super::runtime::PodRuntime;
use super::tree::{Medium, Tree};
use super::vfs::{Layer, VolumeId};
use crate::api::ObjKey;
use crate::clock::SimTime;
use crate::cluster::Cluster;
use crate::rng::Prng;
use k8s_openapi::api::core::v1 as core;
use std::collections::btree_map::Entry;
use std::collections::BTreeMap;

/// KubeletConfiguration `syncFrequency` (default 1m): the pod worker's resync interval.
pub const SYNC_FREQUENCY_MS: i64 = 60_000;
/// A failed remount is retried like any volume operation: 500 ms doubling to 2m2s.
const RETRY_MAX_MS: i64 = 122_000;

/// A seeded draw for this pod, volume and instant (the resync jitter, the digits MkdirTemp appends
/// to a timestamped directory), independent of the simulation's shared stream so that writing a
/// volume does not shift every name and uid drawn after it; the pod's uid comes from the seed.
fn draw(uid: &str, salt: &str, now: SimTime) -> u64 {
    // FNV-1a over the uid and the salt, then one SplitMix64 step with the time mixed in.
    let h = crate::rng::Fnv1a::default().write(uid.bytes().chain([0]).chain(salt.bytes())).value();
    Prng::new(h ^ now.ms() as u64).next_u64()
}

/// When the pod worker syncs this pod again after a sync at `now`.
pub fn next_resync(uid: &str, now: SimTime) -> SimTime {
    let jitter = (draw(uid, "resync", now) % (SYNC_FREQUENCY_MS as u64 / 2)) as i64;
    let due = now.ms() + SYNC_FREQUENCY_MS + jitter;
    SimTime((due + 999).div_euclid(1000) * 1000)
}

/// Each atomic volume's payload, or the FailedMount texts of those that cannot be set up.
fn payloads(c: &mut Cluster, pod: &core::Pod, rt: &mut PodRuntime) -> (Vec<(String, atomic::Payload, Medium)>, Vec<String>) {
    let Cluster { store, kubelet, .. } = c;
    let mut src = Sources { store, namespace: &rt.key.namespace, immutable: &mut rt.immutable, started_s: rt.start.ms().div_euclid(1000), tokens: &mut rt.tokens, cache: &mut kubelet.sources };
    let (mut ok, mut failed) = (Vec::new(), Vec::new());
    for v in pod.spec.iter().flat_map(|s| s.volumes.iter().flatten()) {
        match payload::of_volume(&mut src, pod, v) {
            Some(Ok((p, medium))) => ok.push((v.name.clone(), p, medium)),
            Some(Err(e)) => failed.push(format!("MountVolume.SetUp failed for volume \"{}\" : {e}", v.name)),
            None => {}
        }
    }
    (ok, failed)
}

/// Writes each payload into its volume (created on first use: tmpfs mounts with mode 1777, disk
/// emptyDirs with 0777).
fn write_all(c: &mut Cluster, uid: &str, volumes: Vec<(String, atomic::Payload, Medium)>) {
    let now = c.now;
    for (name, p, medium) in volumes {
        let random = (draw(uid, &name, now) >> 32) as u32;
        let root_mode = if medium == Medium::Memory { 0o1777 } else { 0o777 };
        match c.kubelet.volumes.entry(VolumeId::Atomic(uid.to_string(), name)) {
            // A new volume's files are written when a process or a reader first looks at them.
            Entry::Vacant(e) => {
                e.insert(Layer::lazy(move || {
                    let mut tree = Tree::new(medium, root_mode, now.ms());
                    atomic::write(&mut tree, &p, now.ms(), random);
                    tree
                }));
            }
            Entry::Occupied(e) => {
                atomic::write(e.into_mut().get_mut(), &p, now.ms(), random);
            }
        }
    }
}

/// SetUp of the pod's atomic volumes when its volumes mount: all of them, or the first
/// `MountVolume.SetUp failed ...` text while a source is missing (nothing is written then).
pub(super) fn setup(c: &mut Cluster, pod: &core::Pod, rt: &mut PodRuntime) -> Result<(), String> {
    let (ok, failed) = payloads(c, pod, rt);
    if let Some(first) = failed.into_iter().next() {
        return Err(first);
    }
    write_all(c, &rt.uid, ok);
    mark_synced(c, pod, rt);
    Ok(())
}

/// A sync of the pod: rewrite what changed; the periodic resyncs start again from here. The
/// payloads depend only on the sources, the pod's labels and annotations and its fixed fields,
/// so when none of those moved since the last sync (and no remount is failing) there is nothing
/// to rewrite.
pub(super) fn synced(c: &mut Cluster, pod: &core::Pod, rt: &mut PodRuntime) {
    let (meta, sources) = (meta_changed(pod, rt), sources_changed(c, rt));
    if meta || sources || rt.remount_retry.is_some() {
        refresh(c, pod, rt);
    }
    // (A refresh changes neither the pod nor the sources' versions.)
    mark(c, pod, rt, meta, sources);
}

/// Whether the labels or annotations changed since the last sync; worked out only after a write
/// that may have changed them (`PodRuntime::meta_touched`), which an unchanged answer settles.
fn meta_changed(pod: &core::Pod, rt: &mut PodRuntime) -> bool {
    if rt.seen_meta.is_some() && !rt.meta_touched {
        return false;
    }
    let changed = rt.seen_meta != Some(meta_digest(pod));
    rt.meta_touched &= changed;
    changed
}

/// A 64-bit digest of the pod's labels and annotations (absent and empty differ), kept instead of
/// a copy of them: the runtime only asks whether they changed.
fn meta_digest(pod: &core::Pod) -> u64 {
    let mut d = super::podstatus::Digest::default();
    for map in [&pod.metadata.labels, &pod.metadata.annotations] {
        let Some(map) = map else {
            d.int(0);
            continue;
        };
        d.int(1 + map.len() as i64);
        for (k, v) in map {
            d.str(k);
            d.str(v);
        }
    }
    d.value()
}

/// Whether a ConfigMap or Secret the volumes read changed (or came or went) since the last sync.
fn sources_changed(c: &Cluster, rt: &PodRuntime) -> bool {
    rt.source_versions.iter().any(|(key, seen)| c.store.get(key).and_then(|o| o.meta().resource_version.as_ref()) != seen.as_ref())
}

fn mark_synced(c: &Cluster, pod: &core::Pod, rt: &mut PodRuntime) {
    let meta = meta_changed(pod, rt);
    mark(c, pod, rt, meta, true);
}

/// Records a sync; `meta` and `sources` say whether the labels and annotations, and the sources'
/// versions, changed since the last one (the versions are looked up again only then: the volumes'
/// sources are fixed with the pod's spec).
fn mark(c: &Cluster, pod: &core::Pod, rt: &mut PodRuntime, meta: bool, sources: bool) {
    if meta {
        rt.seen_meta = Some(meta_digest(pod));
        rt.meta_touched = false;
    }
    rt.last_sync = c.now;
    rt.resync_at = None;
    if sources {
        rt.source_versions = source_versions(c, pod, &rt.key.namespace);
    }
}

/// The ConfigMaps and Secrets the pod's volumes read, with their resourceVersions.
fn source_versions(c: &Cluster, pod: &core::Pod, namespace: &str) -> BTreeMap<ObjKey, Option<String>> {
    let mut out = BTreeMap::new();
    for key in payload::sources(pod, namespace) {
        let version = c.store.get(&key).and_then(|o| o.meta().resource_version.clone());
        out.insert(key, version);
    }
    out
}

/// The first periodic resync after `now`, following the chain from the last sync (and moving
/// the anchor up to the last one that passed: those rewrote nothing).
fn next_periodic(rt: &mut PodRuntime, now: SimTime) -> SimTime {
    // A year of one-minute resyncs is about 420,000 steps; beyond the bound a resync is just
    // taken one period from now.
    for _ in 0..MAX_CHAIN {
        let next = next_resync(&rt.uid, rt.last_sync);
        if next > now {
            return next;
        }
        rt.last_sync = next;
    }
    next_resync(&rt.uid, now)
}

/// Most resync steps followed at once (about four years of them).
const MAX_CHAIN: usize = 2_000_000;

/// On each kubelet wake-up of a mounted pod: a pod sync if one is due (a resync planned after a
/// source changed, or an update of the pod's labels or annotations), a failed remount's retry
/// when due, and the planning of that resync when a ConfigMap or Secret the volumes read changed.
pub(super) fn on_wake(c: &mut Cluster, pod: &core::Pod, rt: &mut PodRuntime) {
    if meta_changed(pod, rt) || rt.resync_at.is_some_and(|t| t <= c.now) {
        synced(c, pod, rt);
        return;
    }
    if rt.remount_retry.is_some_and(|(t, _)| t <= c.now) {
        refresh(c, pod, rt);
    }
    if rt.resync_at.is_none() && sources_changed(c, rt) {
        rt.resync_at = Some(next_periodic(rt, c.now));
    }
}

/// SetUp again: volumes whose payload changed get a new timestamped directory; a volume whose
/// source is gone keeps its files and reports FailedMount, retried with backoff.
fn refresh(c: &mut Cluster, pod: &core::Pod, rt: &mut PodRuntime) {
    let (ok, failed) = payloads(c, pod, rt);
    write_all(c, &rt.uid, ok);
    if failed.is_empty() {
        if rt.remount_retry.take().is_some() {
            c.explain(&rt.key, "kubelet/volumes", &[]);
        }
        return;
    }
    for msg in &failed {
        super::lifecycle::event(c, &rt.key, "Warning", "FailedMount", msg);
    }
    let delay = rt.remount_retry.map_or(500, |(_, d)| (d * 2).min(RETRY_MAX_MS));
    rt.remount_retry = Some((c.now.plus_ms(delay), delay));
    let why = failed.iter().map(|m| format!("kubelet: {m}; the volume keeps the files it had and the kubelet retries")).collect::<Vec<_>>();
    c.explain(&rt.key, "kubelet/volumes", &why);
}

/// When this pod's volume manager wants to look again (its next sync, or a remount retry).
pub(super) fn next_wake(rt: &PodRuntime) -> impl Iterator<Item = SimTime> {
    rt.resync_at.into_iter().chain(rt.remount_retry.map(|(t, _)| t))
}
