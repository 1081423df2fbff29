//! A pod's own `spec.activeDeadlineSeconds` (pkg/kubelet/active_deadline.go): once the pod has
//! been active on the node that long since its startTime, the kubelet's sync handler evicts it:
//! a `DeadlineExceeded` event each time the status is generated, the containers stopped with the
//! pod's grace period, and the pod Failed with that reason once none of them can still run (the
//! status manager holds the terminal phase back until then).

use super::lifecycle::{begin_stop, continue_stop, event};
use super::runtime::PodRuntime;
use crate::cluster::Cluster;
use k8s_openapi::api::core::v1 as core;

pub(crate) const REASON: &str = "DeadlineExceeded";
pub(crate) const MESSAGE: &str = "Pod was active on the node longer than the specified deadline";

/// Whether the deadline has passed (the sync then only stops the pod); keeps `rt.active_deadline`
/// in step with the spec, which an update may lower.
pub(super) fn passed(c: &mut Cluster, pod: &core::Pod, rt: &mut PodRuntime) -> bool {
    let seconds = pod.spec.as_ref().and_then(|s| s.active_deadline_seconds);
    rt.active_deadline = seconds.map(|s| rt.start.plus_ms(s.saturating_mul(1000)));
    if !rt.deadline_exceeded && rt.active_deadline.is_none_or(|t| c.now < t) {
        return false;
    }
    let key = rt.key.clone();
    event(c, &key, "Normal", REASON, MESSAGE);
    if !rt.deadline_exceeded {
        rt.deadline_exceeded = true;
        let grace = pod.spec.as_ref().and_then(|s| s.termination_grace_period_seconds).unwrap_or(30).max(0);
        begin_stop(c, rt, grace);
    }
    continue_stop(c, pod, rt);
    if rt.init.iter().chain(&rt.containers).all(|k| !k.running()) {
        rt.finished = Some("Failed");
        rt.kill_at = None;
    }
    true
}
