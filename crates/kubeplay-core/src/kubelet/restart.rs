//! Restarting exited containers: the restart policy, and the restart backoff as kuberuntime's
//! doBackOff uses flowcontrol.Backoff (10 s doubling to 300 s, reset after 10 minutes without a
//! restart), which holds a container in CrashLoopBackOff. The restart itself happens when the
//! backoff ends; the kubelet's next sync after it (the pod worker retries every 10 s, plus up to
//! 50 % jitter) is up to a resync period later, which kubeplay leaves out.

use super::lifecycle::{container_event, ctr, BACKOFF_INITIAL_MS, BACKOFF_MAX_MS, RELIST_MS, RESYNC_MS};
use super::podstatus;
use super::runtime::{CState, Ctr, PodRuntime, Terminated};
use crate::clock::SimTime;
use crate::cluster::Cluster;
use k8s_openapi::api::core::v1 as core;

/// ShouldContainerBeRestarted for an exited container.
pub(crate) fn restart_wanted(pod: &core::Pod, init: bool, exit_code: i32) -> bool {
    match podstatus::restart_policy(pod) {
        "Always" => !init || exit_code != 0,
        "OnFailure" => exit_code != 0,
        _ => false,
    }
}

/// After an exit the container either restarts once the kubelet notices (no backoff entry, or the
/// entry expired), or waits in CrashLoopBackOff until `finishedAt + backoff`. Returns true when the
/// container may start now.
pub(crate) fn schedule_restart(c: &mut Cluster, rt: &mut PodRuntime, init: bool, i: usize, t: &Terminated) -> bool {
    let now = c.now;
    let k = ctr(rt, init, i);
    let noticed = t.finished.plus_ms(RELIST_MS);
    if now < noticed {
        k.restart_at = Some(noticed);
        return false;
    }
    k.last = Some(t.clone());
    k.previous_logs = std::mem::take(&mut k.logs);
    if let Some(period) = in_backoff_since(k, t.finished, now) {
        hold(c, rt, init, i, t.finished, period);
        return false;
    }
    begin_restart(ctr(rt, init, i), t.finished, now);
    true
}

/// IsInBackOffSince(key, finishedAt): the current period if `now` is still inside it.
pub(crate) fn in_backoff_since(k: &Ctr, finished: SimTime, now: SimTime) -> Option<i64> {
    match k.backoff {
        Some((period, last_update)) if !expired(finished, last_update) && now.ms() - finished.ms() < period => Some(period),
        _ => None,
    }
}

/// CrashLoopBackOff until `finished + period`, with the kubelet's message and BackOff event.
pub(crate) fn hold(c: &mut Cluster, rt: &mut PodRuntime, init: bool, i: usize, finished: SimTime, period: i64) {
    let key = rt.key.clone();
    let uid = rt.uid.clone();
    let k = ctr(rt, init, i);
    let message = format!("back-off {} restarting failed container={} pod={}_{}({uid})", crate::kubectl::humanize::go_duration_secs(period / 1000), k.name(), key.name, key.namespace);
    k.restart_at = Some(finished.plus_ms(period));
    k.state = CState::Waiting { reason: "CrashLoopBackOff".into(), message: Some(message) };
    held_sync(c, rt, init, i);
}

/// One sync that finds the container still in its backoff: the BackOff event (again), and the
/// pod worker's retry of the failed sync 10 s later if the backoff lasts that long.
pub(crate) fn held_sync(c: &mut Cluster, rt: &mut PodRuntime, init: bool, i: usize) {
    let now = c.now;
    let key = rt.key.clone();
    let uid = rt.uid.clone();
    let k = ctr(rt, init, i);
    let next = now.plus_ms(RESYNC_MS);
    k.held_sync_at = k.restart_at.filter(|r| next < *r).map(|_| next);
    let name = k.name().to_string();
    container_event(c, &key, init, &name, "Warning", "BackOff", &format!("Back-off restarting failed container {name} in pod {}_{}({uid})", key.name, key.namespace));
}

/// hasExpired: an entry not advanced for twice the maximum backoff starts over.
fn expired(event_time: SimTime, last_update: SimTime) -> bool {
    event_time.ms() - last_update.ms() > 2 * BACKOFF_MAX_MS
}

/// Backoff.Next(key, finishedAt): the first entry is 10 s, each next one doubles up to 300 s;
/// lastUpdate is when Next runs.
pub(crate) fn next(k: &mut Ctr, finished: SimTime, now: SimTime) {
    let period = match k.backoff {
        Some((period, last_update)) if !expired(finished, last_update) => (period * 2).min(BACKOFF_MAX_MS),
        _ => BACKOFF_INITIAL_MS,
    };
    k.backoff = Some((period, now));
}

/// Backoff.Next and the bookkeeping of a restart.
pub(crate) fn begin_restart(k: &mut Ctr, finished: SimTime, now: SimTime) {
    next(k, finished, now);
    new_instance(k);
}

/// What starting a new instance of the container resets: a changed spec takes effect now. (The
/// restart count grows when the instance is created: an image that fails to pull creates none.)
pub(crate) fn new_instance(k: &mut Ctr) {
    if let Some(spec) = k.next_spec.take() {
        k.spec = spec;
    }
    k.state = CState::Waiting { reason: "ContainerCreating".into(), message: None };
    k.restart_at = None;
    k.held_sync_at = None;
    k.pulled = false;
    k.pull_done_at = None;
}
