//! The ReplicaSet controller (pkg/controller/replicaset/replica_set.go): claims the pods its selector
//! matches, creates pods from the template or deletes the lowest-ranked ones until the active count
//! is `spec.replicas`, and reports replicas/fullyLabeled/ready/available in status.

use super::owners::{controller_ref, is_controlled_by};
use super::{CreateEvent, Reconciled};
use crate::api::{Kind, ObjKey, Object};
use crate::clock::SimTime;
use crate::cluster::{DeleteRequest, Write};
use crate::selector::matches_label_selector;
use crate::store::Store;
use k8s_openapi::api::apps::v1 as apps;
use k8s_openapi::api::core::v1 as core;
use std::cmp::Ordering;

/// replica_set.go BurstReplicas: at most this many pods are created or deleted in one sync.
pub const BURST_REPLICAS: usize = 500;

/// The ReplicaSet itself; the controlling ReplicaSet of a changed pod; for a pod without a
/// controller, every ReplicaSet whose selector matches it (it may adopt the pod).
pub fn watch(store: &Store, obj: &Object, out: &mut Vec<ObjKey>) {
    match obj {
        Object::ReplicaSet(_) => out.push(obj.key()),
        Object::Pod(_) => {
            if let Some(k) = super::owners::controller_of(obj, Kind::ReplicaSet) {
                return out.push(k);
            }
            if obj.meta().owner_references.iter().flatten().any(|r| r.controller == Some(true)) {
                return;
            }
            let labels = obj.labels();
            out.extend(
                store
                    .list(Kind::ReplicaSet, Some(obj.namespace()))
                    .filter(|o| matches!(o, Object::ReplicaSet(rs) if rs.spec.as_ref().is_some_and(|s| selects(&s.selector, labels))))
                    .map(Object::key),
            )
        }
        _ => {}
    }
}

/// A selector selects nothing when empty (apps/v1 validation forbids it; be safe anyway).
fn selects(sel: &k8s_openapi::apimachinery::pkg::apis::meta::v1::LabelSelector, labels: &std::collections::BTreeMap<String, String>) -> bool {
    let empty = sel.match_labels.as_ref().is_none_or(|m| m.is_empty()) && sel.match_expressions.as_ref().is_none_or(|e| e.is_empty());
    !empty && matches_label_selector(sel, labels)
}

pub fn reconcile(store: &Store, key: &ObjKey, now: SimTime) -> Reconciled {
    let mut r = Reconciled::default();
    let Some(rs_obj @ Object::ReplicaSet(rs)) = store.get(key) else { return r };
    let spec = rs.spec.clone().unwrap_or_default();
    let deleting = rs.metadata.deletion_timestamp.is_some();
    let uid = rs_obj.uid();

    // claimPods: keep the pods it controls that still match, adopt matching orphans, release the rest.
    let mut owned: Vec<&core::Pod> = Vec::new();
    for o in store.list(Kind::Pod, Some(&key.namespace)) {
        let Object::Pod(p) = o else { continue };
        let matches = selects(&spec.selector, o.labels());
        if is_controlled_by(o, uid) {
            if matches {
                owned.push(p);
            } else if !deleting {
                let mut released = p.as_ref().clone();
                if let Some(refs) = released.metadata.owner_references.as_mut() {
                    refs.retain(|x| x.uid != uid);
                }
                r.writes.push(Write::Update(Object::Pod(Box::new(released))));
            }
        } else if matches && !deleting && p.metadata.deletion_timestamp.is_none() && !o.meta().owner_references.iter().flatten().any(|x| x.controller == Some(true)) {
            let mut adopted = p.as_ref().clone();
            adopted.metadata.owner_references.get_or_insert_with(Vec::new).push(controller_ref(rs_obj));
            r.writes.push(Write::Update(Object::Pod(Box::new(adopted))));
            owned.push(p);
        }
    }
    let active: Vec<&core::Pod> = owned.into_iter().filter(|p| is_active(p)).collect();
    let want = spec.replicas.unwrap_or(1).max(0) as usize;

    if !deleting {
        if active.len() < want {
            let n = (want - active.len()).min(BURST_REPLICAS);
            for _ in 0..n {
                r.create_events.push(CreateEvent { write: r.writes.len(), reason: "SuccessfulCreate".into(), prefix: "Created pod: ".into() });
                r.writes.push(Write::Create(Object::Pod(Box::new(pod_from_template(rs_obj, rs)))));
            }
        } else if active.len() > want {
            let n = (active.len() - want).min(BURST_REPLICAS);
            let related = related_pods(store, rs_obj);
            for p in pods_to_delete(&active, &related, n, now) {
                let name = p.metadata.name.clone().unwrap_or_default();
                r.event("Normal", "SuccessfulDelete", format!("Deleted pod: {name}"));
                r.writes.push(Write::Delete(DeleteRequest::new(ObjKey::new(Kind::Pod, &key.namespace, &name))));
            }
        }
    }

    // calculateStatus over the pods seen at the start of this sync (as upstream does).
    let min_ready = spec.min_ready_seconds.unwrap_or(0);
    let template_labels = spec.template.as_ref().and_then(|t| t.metadata.as_ref()).and_then(|m| m.labels.clone()).unwrap_or_default();
    let fully = active.iter().filter(|p| template_labels.iter().all(|(k, v)| p.metadata.labels.as_ref().and_then(|l| l.get(k)) == Some(v))).count() as i32;
    let ready = active.iter().filter(|p| pod_ready(p)).count() as i32;
    let available = active.iter().filter(|p| pod_available(p, min_ready, now)).count() as i32;
    let old = rs.status.clone().unwrap_or_default();
    let nz = |n: i32| (n != 0).then_some(n);
    let status = apps::ReplicaSetStatus {
        replicas: active.len() as i32,
        fully_labeled_replicas: nz(fully),
        ready_replicas: nz(ready),
        available_replicas: nz(available),
        observed_generation: rs.metadata.generation,
        conditions: old.conditions.clone(),
        terminating_replicas: old.terminating_replicas,
    };
    if status != old {
        r.writes.push(Write::UpdateStatus { key: key.clone(), status: status.clone().into() });
    }
    // Look again once the ready pods have been ready for minReadySeconds (replica_set.go requeues
    // after minReadySeconds). Availability needs "strictly after", and simulated time has no
    // processing latency, so kubeplay wakes 1ms after the first pod crosses the line.
    if min_ready > 0 && ready == want as i32 && available != want as i32 {
        let due = active
            .iter()
            .filter(|p| pod_ready(p) && !pod_available(p, min_ready, now))
            .filter_map(|p| ready_condition(p)?.last_transition_time.as_ref().map(|t| t.0.as_millisecond() + i64::from(min_ready) * 1000 + 1))
            .min();
        r.requeue_after_ms = Some(due.map_or(i64::from(min_ready) * 1000, |t| (t - now.ms()).max(1)));
    }
    if deleting {
        r.waiting.push("the ReplicaSet is being deleted; its pods are left to the garbage collector".into());
    }
    r
}

/// The ReplicaSet's pod (GetPodFromTemplate).
fn pod_from_template(owner: &Object, rs: &apps::ReplicaSet) -> core::Pod {
    let default_template = core::PodTemplateSpec::default();
    super::owners::pod_from_template(owner, rs.spec.as_ref().and_then(|s| s.template.as_ref()).unwrap_or(&default_template))
}

/// controller.IsPodActive: not Succeeded, not Failed, not being deleted.
pub(crate) fn is_active(p: &core::Pod) -> bool {
    let phase = p.status.as_ref().and_then(|s| s.phase.as_deref());
    !matches!(phase, Some("Succeeded") | Some("Failed")) && p.metadata.deletion_timestamp.is_none()
}

fn ready_condition(p: &core::Pod) -> Option<&core::PodCondition> {
    p.status.as_ref()?.conditions.as_ref()?.iter().find(|c| c.type_ == "Ready")
}

/// podutil.IsPodReady: the Ready condition is True.
pub(crate) fn pod_ready(p: &core::Pod) -> bool {
    ready_condition(p).is_some_and(|c| c.status == "True")
}

/// podutil.IsPodAvailable: ready, and ready for longer than minReadySeconds (strictly).
pub(crate) fn pod_available(p: &core::Pod, min_ready_seconds: i32, now: SimTime) -> bool {
    let Some(c) = ready_condition(p).filter(|c| c.status == "True") else { return false };
    if min_ready_seconds <= 0 {
        return true;
    }
    c.last_transition_time.as_ref().is_some_and(|t| t.0.as_millisecond() + i64::from(min_ready_seconds) * 1000 < now.ms())
}

/// Pods of every ReplicaSet with the same controller as `rs` (the Deployment's other ReplicaSets),
/// or just its own: upstream ranks a pod higher when it shares a node with related pods.
fn related_pods<'a>(store: &'a Store, rs: &'a Object) -> Vec<&'a core::Pod> {
    let owner = rs.meta().owner_references.iter().flatten().find(|r| r.controller == Some(true)).map(|r| r.uid.clone());
    let sets: Vec<String> = match owner {
        Some(o) => store.list(Kind::ReplicaSet, Some(rs.namespace())).filter(|s| is_controlled_by(s, &o)).map(|s| s.uid().to_string()).collect(),
        None => vec![rs.uid().to_string()],
    };
    store
        .list(Kind::Pod, Some(rs.namespace()))
        .filter(|o| sets.iter().any(|u| is_controlled_by(o, u)))
        .filter_map(|o| if let Object::Pod(p) = o { Some(p.as_ref()) } else { None })
        .collect()
}

/// getPodsToDelete: the first `n` pods by ActivePodsWithRanks (controller_utils.go).
fn pods_to_delete<'a>(active: &[&'a core::Pod], related: &[&core::Pod], n: usize, now: SimTime) -> Vec<&'a core::Pod> {
    let mut ranked: Vec<(&core::Pod, usize)> = active
        .iter()
        .map(|p| {
            let node = node_of(p);
            (*p, related.iter().filter(|q| is_active(q) && node_of(q) == node).count())
        })
        .collect();
    if n < active.len() {
        ranked.sort_by(|a, b| rank_cmp(a, b, now));
    }
    ranked.into_iter().take(n).map(|(p, _)| p).collect()
}

fn node_of(p: &core::Pod) -> &str {
    p.spec.as_ref().and_then(|s| s.node_name.as_deref()).unwrap_or("")
}

fn phase_ordinal(p: &core::Pod) -> u8 {
    match p.status.as_ref().and_then(|s| s.phase.as_deref()) {
        Some("Pending") => 0,
        Some("Unknown") => 1,
        Some("Running") => 2,
        _ => 0,
    }
}

fn deletion_cost(p: &core::Pod) -> i64 {
    p.metadata.annotations.as_ref().and_then(|a| a.get("controller.kubernetes.io/pod-deletion-cost")).and_then(|v| v.parse::<i32>().ok()).map_or(0, i64::from)
}

fn max_restarts(p: &core::Pod) -> i32 {
    p.status.iter().flat_map(|s| s.container_statuses.iter().flatten()).map(|c| c.restart_count).max().unwrap_or(0)
}

/// floor(log2(now - t)) in nanoseconds, -1 when t is not in the past (logarithmicRankDiff;
/// LogarithmicScaleDown is on by default).
fn log_rank(t_ms: i64, now: SimTime) -> i32 {
    let d = (now.ms() - t_ms).saturating_mul(1_000_000);
    if d <= 0 { -1 } else { 63 - d.leading_zeros() as i32 }
}

/// ActivePodsWithRanks.Less as an ordering: the pods to delete first sort first.
fn rank_cmp(a: &(&core::Pod, usize), b: &(&core::Pod, usize), now: SimTime) -> Ordering {
    let (pa, ra) = (a.0, a.1);
    let (pb, rb) = (b.0, b.1);
    // 1. Unassigned < assigned.
    let (na, nb) = (node_of(pa), node_of(pb));
    if na != nb && (na.is_empty() || nb.is_empty()) {
        return if na.is_empty() { Ordering::Less } else { Ordering::Greater };
    }
    // 2. Pending < Unknown < Running.
    let o = phase_ordinal(pa).cmp(&phase_ordinal(pb));
    if o != Ordering::Equal {
        return o;
    }
    // 3. Not ready < ready.
    let o = pod_ready(pa).cmp(&pod_ready(pb));
    if o != Ordering::Equal {
        return o;
    }
    // 4. Lower pod-deletion-cost first.
    let o = deletion_cost(pa).cmp(&deletion_cost(pb));
    if o != Ordering::Equal {
        return o;
    }
    // 5. Doubled up (more related pods on the same node) first.
    if ra != rb {
        return rb.cmp(&ra);
    }
    let uid = |p: &core::Pod| p.metadata.uid.clone().unwrap_or_default();
    // 6. Ready for less time first (in log2 buckets, ties by uid).
    if pod_ready(pa) && pod_ready(pb) {
        let t = |p: &core::Pod| ready_condition(p).and_then(|c| c.last_transition_time.as_ref()).map_or(0, |t| t.0.as_millisecond());
        if t(pa) != t(pb) {
            let d = log_rank(t(pa), now) - log_rank(t(pb), now);
            return if d == 0 { uid(pa).cmp(&uid(pb)) } else { d.cmp(&0) };
        }
    }
    // 7. More container restarts first.
    let o = max_restarts(pb).cmp(&max_restarts(pa));
    if o != Ordering::Equal {
        return o;
    }
    // 8. Newer first (log2 buckets, ties by uid).
    let c = |p: &core::Pod| p.metadata.creation_timestamp.as_ref().map_or(0, |t| t.0.as_millisecond());
    if c(pa) != c(pb) {
        let d = log_rank(c(pa), now) - log_rank(c(pb), now);
        return if d == 0 { uid(pa).cmp(&uid(pb)) } else { d.cmp(&0) };
    }
    // Go's sort is not stable here; kubeplay breaks the tie by name to stay deterministic.
    pa.metadata.name.cmp(&pb.metadata.name)
}

#[cfg(test)]
#[path = "replicaset_tests.rs"]
pub(crate) mod tests;
