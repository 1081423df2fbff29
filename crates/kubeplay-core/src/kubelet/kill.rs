//! Stopping one container while its pod lives on (kuberuntime killContainer, as SyncPod's
//! computePodActions asks for it): a failed liveness or startup probe, or a changed image. SIGTERM
//! now and SIGKILL once the grace period ends, like any kill; then the container starts again at
//! once (ContainersToStart), unless doBackOff, looking at the instance that exited before this one,
//! holds it in CrashLoopBackOff.

use super::lifecycle::{container_event, ctr, signal};
use super::runtime::{Kill, PodRuntime, Terminated};
use super::{podstatus, restart};
use crate::cluster::Cluster;
use k8s_openapi::api::core::v1 as core;
use kubeplay_shell::Signal;
use std::rc::Rc;

/// minimumGracePeriodInSeconds: killContainer always gives a container at least this long.
const MIN_GRACE_SECS: i64 = 2;

#[derive(Clone, Copy, PartialEq, Eq)]
pub(crate) enum Why {
    Liveness,
    Startup,
    Changed,
}

/// Starts stopping regular container `i`, with the kubelet's Killing event.
pub(crate) fn begin(c: &mut Cluster, pod: &core::Pod, rt: &mut PodRuntime, i: usize, why: Why) {
    let now = c.now;
    let key = rt.key.clone();
    let k = &rt.containers[i];
    let name = k.name().to_string();
    // A failed probe restarts the container unless restartPolicy is Never; a changed spec always does.
    let restart = why == Why::Changed || podstatus::restart_policy(pod) != "Never";
    // With nothing to restart and no other container kept running, computePodActions kills the
    // whole pod (KillPod), and that path's killContainer has no message and no probe of its own.
    let others_running = rt.containers.iter().enumerate().any(|(j, o)| j != i && o.running() && o.kill.is_none());
    let kill_pod = !restart && !others_running;
    let message = if kill_pod {
        format!("Stopping container {name}")
    } else {
        let what = match why {
            Why::Liveness => "failed liveness probe",
            Why::Startup => "failed startup probe",
            Why::Changed => "definition changed",
        };
        format!("Container {name} {what}{}", if restart { ", will be restarted" } else { "" })
    };
    let grace = grace_seconds(pod, &k.spec, if kill_pod { None } else { Some(why) });
    container_event(c, &key, false, &name, "Normal", "Killing", &message);
    rt.containers[i].kill = Some(Kill { deadline: now.plus_ms(grace * 1000), restart });
    signal(c, rt, false, i, Signal::Term);
}

/// setTerminationGracePeriod: a probe's own terminationGracePeriodSeconds for the kill it causes,
/// else the pod's (defaulted to 30), never under the minimum.
fn grace_seconds(pod: &core::Pod, spec: &core::Container, why: Option<Why>) -> i64 {
    let probe = match why {
        Some(Why::Liveness) => spec.liveness_probe.as_ref(),
        Some(Why::Startup) => spec.startup_probe.as_ref(),
        _ => None,
    };
    let pod_grace = pod.spec.as_ref().and_then(|s| s.termination_grace_period_seconds).unwrap_or(30);
    probe.and_then(|p| p.termination_grace_period_seconds).unwrap_or(pod_grace).max(MIN_GRACE_SECS)
}

/// The start that follows a kill in the same SyncPod. doBackOff looks for the newest exited
/// instance in the status taken before the kill, i.e. the one before this; with none there is no
/// backoff and no Backoff.Next either. Returns true when the container may start now.
pub(crate) fn restart_after(c: &mut Cluster, rt: &mut PodRuntime, init: bool, i: usize, t: &Terminated) -> bool {
    let now = c.now;
    let k = ctr(rt, init, i);
    let previous = k.last.as_ref().map(|p| p.finished);
    k.last = Some(t.clone());
    k.previous_logs = std::mem::take(&mut k.logs);
    if let Some(finished) = previous {
        if let Some(period) = restart::in_backoff_since(k, finished, now) {
            // Later syncs see this instance as the newest exited one.
            restart::hold(c, rt, init, i, t.finished, period);
            return false;
        }
        restart::next(k, finished, now);
    }
    restart::new_instance(ctr(rt, init, i));
    true
}

/// The containers as the pod now specifies them. The image is the one container field a pod
/// update may change, and the only one besides the name that the kubelet's container hash covers.
/// A running container is stopped and started again with it ("definition changed"); one that is
/// not running takes it at its next start, which is now: the restart backoff is keyed by that hash,
/// so it starts over. An init container is never stopped for it.
pub(crate) fn follow_spec(c: &mut Cluster, pod: &core::Pod, rt: &mut PodRuntime) {
    let Some(spec) = pod.spec.as_ref() else { return };
    let lists = [(true, spec.init_containers.as_deref().unwrap_or_default()), (false, &spec.containers[..])];
    for (init, list) in lists {
        for (i, want) in list.iter().enumerate() {
            let n = if init { rt.init.len() } else { rt.containers.len() };
            if i >= n {
                break;
            }
            let k = ctr(rt, init, i);
            let current = k.next_spec.as_ref().unwrap_or(&k.spec);
            if current.name != want.name || current.image == want.image {
                continue;
            }
            k.backoff = None;
            if k.running() || k.terminated().is_some() {
                // The running (or exited) instance keeps its image until the next one starts.
                k.next_spec = Some(Rc::new(want.clone()));
                if let Some(x) = k.kill.as_mut() {
                    x.restart = true;
                } else if k.running() && !init {
                    begin(c, pod, rt, i, Why::Changed);
                }
                continue;
            }
            k.spec = Rc::new(want.clone());
            k.next_spec = None;
            k.pulled = false;
            k.pull_done_at = None;
            k.restart_at = None;
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn pod(grace: Option<i64>, probe_grace: Option<i64>) -> (core::Pod, core::Container) {
        let probe = core::Probe { termination_grace_period_seconds: probe_grace, ..Default::default() };
        let c = core::Container { name: "app".into(), liveness_probe: Some(probe.clone()), startup_probe: Some(probe), ..Default::default() };
        let spec = core::PodSpec { termination_grace_period_seconds: grace, containers: vec![c.clone()], ..Default::default() };
        (core::Pod { spec: Some(spec), ..Default::default() }, c)
    }

    #[test]
    fn grace_is_the_probes_then_the_pods_and_at_least_two_seconds() {
        let (p, c) = pod(Some(30), Some(5));
        assert_eq!(grace_seconds(&p, &c, Some(Why::Liveness)), 5);
        assert_eq!(grace_seconds(&p, &c, Some(Why::Startup)), 5);
        assert_eq!(grace_seconds(&p, &c, Some(Why::Changed)), 30);
        assert_eq!(grace_seconds(&p, &c, None), 30, "KillPod uses the pod's");
        let (p, c) = pod(Some(0), None);
        assert_eq!(grace_seconds(&p, &c, Some(Why::Liveness)), 2);
        let (p, c) = pod(None, None);
        assert_eq!(grace_seconds(&p, &c, Some(Why::Liveness)), 30);
    }
}
