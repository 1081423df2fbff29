//! The Job controller's view of pods: the tracking finalizer, active/terminating/failed as
//! job_controller.go and controller_utils.go define them, the pod built from the template
//! (GetPodFromTemplate plus the Indexed additions), and the order pods are deleted in.

use super::indexed::{self, COMPLETION_INDEX, COMPLETION_INDEX_ENV, INDEX_FAILURE_COUNT, INDEX_IGNORED_FAILURE_COUNT};
use crate::controllers::owners;
use crate::controllers::replicaset::pod_ready;
use crate::api::{Kind, ObjKey, Object};
use crate::cluster::Write;
use crate::clock::SimTime;
use k8s_openapi::api::batch::v1 as batch;
use k8s_openapi::api::core::v1 as core;
use std::cmp::Ordering;

/// batch.JobTrackingFinalizer: the pod is not removed before the Job controller counted it.
pub const TRACKING_FINALIZER: &str = "batch.kubernetes.io/job-tracking";

pub fn has_tracking_finalizer(p: &core::Pod) -> bool {
    p.metadata.finalizers.iter().flatten().any(|f| f == TRACKING_FINALIZER)
}

/// The write removing the tracking finalizer from `p` (an emptied list is dropped, as the apiserver
/// does): made where the pod lies, so neither it nor its spec is copied.
pub fn without_tracking_finalizer(p: &core::Pod) -> Write {
    let key = ObjKey::new(Kind::Pod, p.metadata.namespace.as_deref().unwrap_or_default(), p.metadata.name.as_deref().unwrap_or_default());
    Write::RemoveFinalizer { key, finalizer: TRACKING_FINALIZER }
}

pub fn phase(p: &core::Pod) -> &str {
    p.status.as_ref().and_then(|s| s.phase.as_deref()).unwrap_or("")
}

fn terminal(p: &core::Pod) -> bool {
    matches!(phase(p), "Succeeded" | "Failed")
}

/// controller.IsPodActive.
pub fn is_active(p: &core::Pod) -> bool {
    !terminal(p) && p.metadata.deletion_timestamp.is_none()
}

/// controller.IsPodTerminating: being deleted and not finished yet.
pub fn is_terminating(p: &core::Pod) -> bool {
    !terminal(p) && p.metadata.deletion_timestamp.is_some()
}

/// onlyReplaceFailedPods: podReplacementPolicy Failed, or any podFailurePolicy.
pub fn only_replace_failed(job: &batch::Job) -> bool {
    let spec = job.spec.as_ref();
    spec.and_then(|s| s.pod_replacement_policy.as_deref()) == Some("Failed") || spec.is_some_and(|s| s.pod_failure_policy.is_some())
}

/// isPodFailed: phase Failed; or, unless only failed pods are replaced, deleted before it succeeded.
pub fn is_pod_failed(p: &core::Pod, job: &batch::Job) -> bool {
    if phase(p) == "Failed" {
        return true;
    }
    if only_replace_failed(job) {
        return false;
    }
    p.metadata.deletion_timestamp.is_some() && phase(p) != "Succeeded"
}

fn ms(t: &k8s_openapi::apimachinery::pkg::apis::meta::v1::Time) -> i64 {
    t.0.as_millisecond()
}

/// getFinishedTime (backoff_utils.go): the last container finishedAt when all containers ended;
/// else the Ready=False transition; else deletionTimestamp minus the grace period; else creation.
pub fn finished_time(p: &core::Pod) -> i64 {
    let st = p.status.as_ref();
    let statuses = st.and_then(|s| s.container_statuses.as_deref()).unwrap_or(&[]);
    let mut latest: Option<i64> = None;
    let mut all = !statuses.is_empty();
    for cs in statuses {
        match cs.state.as_ref().and_then(|s| s.terminated.as_ref()).and_then(|t| t.finished_at.as_ref()) {
            Some(f) => latest = Some(latest.map_or(ms(f), |l| l.max(ms(f)))),
            None => all = false,
        }
    }
    if let (true, Some(t)) = (all, latest) {
        return t;
    }
    let ready_false = st.and_then(|s| s.conditions.as_ref()).and_then(|c| c.iter().find(|c| c.type_ == "Ready")).filter(|c| c.status == "False").and_then(|c| c.last_transition_time.as_ref());
    if let Some(t) = ready_false {
        return ms(t);
    }
    if let Some(d) = &p.metadata.deletion_timestamp {
        return ms(d) - p.metadata.deletion_grace_period_seconds.unwrap_or(0) * 1000;
    }
    p.metadata.creation_timestamp.as_ref().map_or(0, ms)
}

/// The pod manageJob creates: GetPodFromTemplate (template labels, annotations, finalizers plus
/// the tracking finalizer, `generateName: <job>-`, a controller reference); an Indexed pod also gets
/// the completion-index annotation and label, JOB_COMPLETION_INDEX, hostname `<job>-<i>` and
/// `generateName: <job>-<i>-`; with backoffLimitPerIndex, the index's failure counts.
pub fn pod_from_template(owner: &Object, job: &batch::Job, index: Option<usize>, replaced: Option<&core::Pod>) -> core::Pod {
    let default_template = core::PodTemplateSpec::default();
    let template = job.spec.as_ref().map_or(&default_template, |s| &s.template);
    let mut pod = owners::pod_from_template(owner, template);
    let finalizers = pod.metadata.finalizers.get_or_insert_with(Vec::new);
    if !finalizers.iter().any(|f| f == TRACKING_FINALIZER) {
        finalizers.push(TRACKING_FINALIZER.into());
    }
    let Some(ix) = index else { return pod };
    let spec = pod.spec.get_or_insert_with(Default::default);
    for c in spec.init_containers.iter_mut().flatten().chain(spec.containers.iter_mut()) {
        add_index_env(c);
    }
    spec.hostname = Some(format!("{}-{ix}", owner.name()));
    let meta = &mut pod.metadata;
    meta.generate_name = Some(indexed::generate_name(owner.name(), ix));
    meta.annotations.get_or_insert_with(Default::default).insert(COMPLETION_INDEX.into(), ix.to_string());
    meta.labels.get_or_insert_with(Default::default).insert(COMPLETION_INDEX.into(), ix.to_string());
    if indexed::has_backoff_limit_per_index(job) {
        let (failed, ignored) = indexed::new_index_failure_counts(job, replaced);
        let a = meta.annotations.get_or_insert_with(Default::default);
        a.insert(INDEX_FAILURE_COUNT.into(), failed.to_string());
        if ignored > 0 {
            a.insert(INDEX_IGNORED_FAILURE_COUNT.into(), ignored.to_string());
        }
    }
    pod
}

/// addCompletionIndexEnvVariable: from the pod's index label (PodIndexLabel is GA), unless the
/// container already sets the variable.
fn add_index_env(c: &mut core::Container) {
    let env = c.env.get_or_insert_with(Vec::new);
    if env.iter().any(|e| e.name == COMPLETION_INDEX_ENV) {
        return;
    }
    env.push(core::EnvVar {
        name: COMPLETION_INDEX_ENV.into(),
        value: None,
        value_from: Some(core::EnvVarSource {
            field_ref: Some(core::ObjectFieldSelector { api_version: None, field_path: format!("metadata.labels['{COMPLETION_INDEX}']") }),
            ..Default::default()
        }),
    });
}

fn node(p: &core::Pod) -> &str {
    p.spec.as_ref().and_then(|s| s.node_name.as_deref()).unwrap_or("")
}

fn phase_rank(p: &core::Pod) -> u8 {
    match phase(p) {
        "Pending" => 0,
        "Unknown" => 1,
        "Running" => 2,
        _ => 0,
    }
}

fn ready_since(p: &core::Pod) -> i64 {
    p.status.as_ref().and_then(|s| s.conditions.as_ref()).and_then(|c| c.iter().find(|c| c.type_ == "Ready")).and_then(|c| c.last_transition_time.as_ref()).map_or(0, ms)
}

fn restarts(p: &core::Pod) -> i32 {
    p.status.iter().flat_map(|s| s.container_statuses.iter().flatten()).map(|c| c.restart_count).max().unwrap_or(0)
}

fn deletion_cost(p: &core::Pod) -> i64 {
    p.metadata.annotations.as_ref().and_then(|a| a.get("controller.kubernetes.io/pod-deletion-cost")).and_then(|v| v.parse::<i32>().ok()).map_or(0, i64::from)
}

/// controller.ActivePods ordering: the pods to delete first sort first (unscheduled, pending,
/// not ready, lower deletion cost, ready more recently, more restarts, newer).
pub fn deletion_order(a: &core::Pod, b: &core::Pod, _now: SimTime) -> Ordering {
    let (na, nb) = (node(a), node(b));
    if na != nb && (na.is_empty() || nb.is_empty()) {
        return if na.is_empty() { Ordering::Less } else { Ordering::Greater };
    }
    phase_rank(a)
        .cmp(&phase_rank(b))
        .then(pod_ready(a).cmp(&pod_ready(b)))
        .then(deletion_cost(a).cmp(&deletion_cost(b)))
        .then_with(|| if pod_ready(a) && pod_ready(b) { ready_since(b).cmp(&ready_since(a)) } else { Ordering::Equal })
        .then(restarts(b).cmp(&restarts(a)))
        .then_with(|| {
            let c = |p: &core::Pod| p.metadata.creation_timestamp.as_ref().map_or(0, ms);
            c(b).cmp(&c(a))
        })
        .then_with(|| a.metadata.name.cmp(&b.metadata.name))
}

/// activePodsForRemoval: for an Indexed Job, pods without a valid index and all but one pod of
/// each repeated index first; then the first of the rest in deletion order.
pub fn for_removal<'a>(job: &batch::Job, active: &[&'a core::Pod], at_least: usize, now: SimTime) -> Vec<&'a core::Pod> {
    let mut rm: Vec<&core::Pod> = Vec::new();
    let mut left: Vec<&core::Pod> = Vec::new();
    if indexed::is_indexed(job) {
        let completions = job.spec.as_ref().and_then(|s| s.completions).map_or(0, |c| c.max(0) as usize);
        let mut by_index: std::collections::BTreeMap<Option<usize>, Vec<&core::Pod>> = Default::default();
        for p in active {
            by_index.entry(indexed::completion_index(p)).or_default().push(p);
        }
        for (ix, mut ps) in by_index {
            match ix {
                Some(i) if i < completions => {
                    ps.sort_by(|a, b| deletion_order(a, b, now));
                    let keep = ps.pop();
                    rm.extend(ps);
                    left.extend(keep);
                }
                _ => rm.extend(ps),
            }
        }
    } else {
        left = active.to_vec();
    }
    if rm.len() < at_least {
        left.sort_by(|a, b| deletion_order(a, b, now));
        let n = (at_least - rm.len()).min(left.len());
        rm.extend(left.into_iter().take(n));
    }
    rm
}
