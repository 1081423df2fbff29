//! kube-scheduler, reduced to what a small kind cluster shows: filter nodes (Ready, cordoned, taints,
//! nodeSelector, nodeName), prefer the least loaded, break ties by the pod's uid (the real scheduler samples among
//! equal scores), wait for WaitForFirstConsumer claims to be provisioned, then bind (`Scheduled`).

use super::Reconciled;
use crate::api::{Kind, ObjKey, Object};
use crate::clock::SimTime;
use crate::cluster::Write;
use crate::store::Store;
use k8s_openapi::api::core::v1 as core;

/// The annotation the scheduler puts on a delayed-binding claim to say where its consumer goes.
pub const SELECTED_NODE: &str = "volume.kubernetes.io/selected-node";

/// Pods waiting to be scheduled, the pods that use a claim whose state changed, and every
/// waiting pod when a node changes (a node uncordoned or untainted moves the unschedulable pods
/// back to the active queue).
pub fn watch(store: &Store, obj: &Object, out: &mut Vec<ObjKey>) {
    match obj {
        Object::Pod(p) if needs_scheduling(p) => out.push(obj.key()),
        Object::Node(_) => out.extend(store.list(Kind::Pod, None).filter(|o| matches!(o, Object::Pod(p) if needs_scheduling(p))).map(Object::key)),
        Object::PersistentVolumeClaim(_) => out.extend(
            store
                .list(Kind::Pod, Some(obj.namespace()))
                .filter(|o| matches!(o, Object::Pod(p) if needs_scheduling(p) && claims(p).any(|c| c == obj.name())))
                .map(Object::key),
        ),
        _ => {}
    }
}

/// Unbound and not being deleted; a pod with scheduling gates waits outside the queue (the
/// SchedulingGates PreEnqueue plugin) until an update removes the last one.
fn needs_scheduling(p: &core::Pod) -> bool {
    p.metadata.deletion_timestamp.is_none() && p.spec.as_ref().is_some_and(|s| s.node_name.is_none() && s.scheduling_gates.as_ref().is_none_or(|g| g.is_empty()))
}

fn claims(p: &core::Pod) -> impl Iterator<Item = &str> {
    p.spec.iter().flat_map(|s| s.volumes.iter().flatten()).filter_map(|v| v.persistent_volume_claim.as_ref().map(|c| c.claim_name.as_str()))
}

pub fn reconcile(store: &Store, key: &ObjKey, _now: SimTime) -> Reconciled {
    let mut r = Reconciled::default();
    let Some(Object::Pod(pod)) = store.get(key) else { return r };
    if !needs_scheduling(pod) {
        return r;
    }
    let nodes: Vec<&core::Node> = store.list(Kind::Node, None).filter_map(|o| if let Object::Node(n) = o { Some(n.as_ref()) } else { None }).collect();
    let fit: Vec<&core::Node> = nodes.iter().copied().filter(|n| fits(pod, n)).collect();
    if fit.is_empty() {
        let msg = format!("0/{} nodes are available: {}. preemption: 0/{} nodes are available: {} Preemption is not helpful for scheduling.", nodes.len(), unfit_reasons(pod, &nodes), nodes.len(), nodes.len());
        r.event("Warning", "FailedScheduling", msg);
        r.waiting.push("no node fits this pod (see the FailedScheduling event)".into());
        return r;
    }
    match claims_ready(store, pod) {
        ClaimState::Missing(name) => {
            let n = nodes.len();
            r.event("Warning", "FailedScheduling", format!("0/{n} nodes are available: persistentvolumeclaim \"{name}\" not found. preemption: 0/{n} nodes are available: {n} Preemption is not helpful for scheduling."));
            r.waiting.push(format!("claim {name} does not exist yet; the pod stays Pending until it does"));
            return r;
        }
        ClaimState::UnboundImmediate => {
            let n = nodes.len();
            r.event("Warning", "FailedScheduling", format!("0/{n} nodes are available: pod has unbound immediate PersistentVolumeClaims. preemption: 0/{n} nodes are available: {n} Preemption is not helpful for scheduling."));
            r.waiting.push("a claim with Immediate binding is not bound yet".into());
            return r;
        }
        ClaimState::Ready => {}
        ClaimState::Delayed(unbound) => {
            let node = choose(store, pod, &fit);
            for claim in unbound {
                if let Some(Object::PersistentVolumeClaim(c)) = store.get(&ObjKey::new(Kind::PersistentVolumeClaim, key.namespace.as_str(), &claim)) {
                    if c.metadata.annotations.as_ref().and_then(|a| a.get(SELECTED_NODE)).is_none() {
                        let mut c = c.clone();
                        c.metadata.annotations.get_or_insert_with(Default::default).insert(SELECTED_NODE.into(), node.clone());
                        r.writes.push(Write::Update(Object::PersistentVolumeClaim(c)));
                    }
                }
            }
            r.waiting.push(format!("waiting for the claims of {} to be provisioned on {node} before binding it (WaitForFirstConsumer)", key.name));
            return r;
        }
    }
    let node = choose(store, pod, &fit);
    r.event("Normal", "Scheduled", ["Successfully assigned ", &key.namespace, "/", &key.name, " to ", &node].concat());
    r.writes.push(Write::Bind { pod: key.clone(), node });
    r
}

enum ClaimState {
    Ready,
    Missing(String),
    UnboundImmediate,
    /// Unbound WaitForFirstConsumer claims, by name.
    Delayed(Vec<String>),
}

fn claims_ready(store: &Store, pod: &core::Pod) -> ClaimState {
    let ns = pod.metadata.namespace.as_deref().unwrap_or("default");
    let mut delayed = Vec::new();
    for name in claims(pod) {
        let Some(Object::PersistentVolumeClaim(c)) = store.get(&ObjKey::new(Kind::PersistentVolumeClaim, ns, name)) else {
            return ClaimState::Missing(name.to_string());
        };
        if c.status.as_ref().and_then(|s| s.phase.as_deref()) == Some("Bound") {
            continue;
        }
        let class = c.spec.as_ref().and_then(|s| s.storage_class_name.clone()).unwrap_or_default();
        let wffc = store.get(&ObjKey::new(Kind::StorageClass, "", &class)).is_some_and(|o| match o {
            Object::StorageClass(sc) => sc.volume_binding_mode.as_deref() == Some("WaitForFirstConsumer"),
            _ => false,
        });
        if !wffc {
            return ClaimState::UnboundImmediate;
        }
        delayed.push(name.to_string());
    }
    if delayed.is_empty() { ClaimState::Ready } else { ClaimState::Delayed(delayed) }
}

pub(crate) fn fits(pod: &core::Pod, node: &core::Node) -> bool {
    let spec = pod.spec.as_ref();
    if let Some(wanted) = spec.and_then(|s| s.node_name.as_deref()) {
        return node.metadata.name.as_deref() == Some(wanted);
    }
    unfit_reason(pod, node).is_none() && node_ready(node)
}

/// The taint a cordoned node's spec.unschedulable stands for: the NodeUnschedulable filter lets
/// a pod that tolerates it through (DaemonSet pods get the toleration from their controller).
pub(crate) const UNSCHEDULABLE_TAINT: &str = "node.kubernetes.io/unschedulable";

/// The first filter plugin that rejects `node` for `pod`, in the default profile's order
/// (NodeUnschedulable, TaintToleration, NodeAffinity with the nodeSelector), as the reason
/// kube-scheduler counts in its FailedScheduling message.
fn unfit_reason(pod: &core::Pod, node: &core::Node) -> Option<String> {
    let spec = pod.spec.as_ref();
    let tolerations = spec.and_then(|s| s.tolerations.as_deref()).unwrap_or(&[]);
    if node.spec.as_ref().and_then(|s| s.unschedulable).unwrap_or(false) && !tolerates(tolerations, UNSCHEDULABLE_TAINT, "", "NoSchedule") {
        return Some("node(s) were unschedulable".into());
    }
    let untolerated = node.spec.iter().flat_map(|s| s.taints.iter().flatten()).filter(|t| t.effect != "PreferNoSchedule").find(|t| !tolerates(tolerations, &t.key, t.value.as_deref().unwrap_or(""), &t.effect));
    if let Some(t) = untolerated {
        return Some(format!("node(s) had untolerated taint {{{}: {}}}", t.key, t.value.as_deref().unwrap_or("")));
    }
    let labels = node.metadata.labels.as_ref();
    let selector_ok = spec.and_then(|s| s.node_selector.as_ref()).is_none_or(|sel| sel.iter().all(|(k, v)| labels.and_then(|l| l.get(k)) == Some(v)));
    if !selector_ok || !node_affinity_ok(spec, node) {
        return Some("node(s) didn't match Pod's node affinity/selector".into());
    }
    None
}

/// ToleratesTaint over a pod's tolerations: an empty key with Exists matches every taint, an
/// empty effect every effect.
pub(crate) fn tolerates(tolerations: &[core::Toleration], key: &str, value: &str, effect: &str) -> bool {
    tolerations.iter().any(|tol| tolerates_one(tol, key, value, effect))
}

pub(crate) fn tolerates_one(tol: &core::Toleration, key: &str, value: &str, effect: &str) -> bool {
    let key_ok = tol.key.as_deref().is_none_or(|k| k.is_empty() || k == key);
    let op_exists = tol.operator.as_deref() == Some("Exists");
    let value_ok = op_exists || tol.value.as_deref().unwrap_or("") == value;
    let effect_ok = tol.effect.as_deref().is_none_or(|e| e.is_empty() || e == effect);
    key_ok && value_ok && effect_ok
}

/// The NodeAffinity filter's required part: one of the nodeSelectorTerms must match the node (an
/// empty term matches nothing); within a term every label expression and field must hold.
pub(crate) fn node_affinity_ok(spec: Option<&core::PodSpec>, node: &core::Node) -> bool {
    let required = spec.and_then(|s| s.affinity.as_ref()).and_then(|a| a.node_affinity.as_ref()).and_then(|n| n.required_during_scheduling_ignored_during_execution.as_ref());
    let Some(required) = required else { return true };
    let labels = node.metadata.labels.clone().unwrap_or_default();
    let name = node.metadata.name.clone().unwrap_or_default();
    required.node_selector_terms.iter().any(|t| {
        let exprs = t.match_expressions.as_deref().unwrap_or(&[]);
        let fields = t.match_fields.as_deref().unwrap_or(&[]);
        (!exprs.is_empty() || !fields.is_empty())
            && exprs.iter().all(|r| requirement_holds(r, labels.get(&r.key).map(String::as_str)))
            && fields.iter().all(|r| r.key == "metadata.name" && requirement_holds(r, Some(&name)))
    })
}

fn requirement_holds(r: &core::NodeSelectorRequirement, value: Option<&str>) -> bool {
    let values = r.values.as_deref().unwrap_or(&[]);
    let number = |s: &str| s.parse::<i64>().ok();
    match r.operator.as_str() {
        "In" => value.is_some_and(|v| values.iter().any(|x| x == v)),
        "NotIn" => value.is_none_or(|v| !values.iter().any(|x| x == v)),
        "Exists" => value.is_some(),
        "DoesNotExist" => value.is_none(),
        "Gt" => matches!((value.and_then(number), values.first().and_then(|x| number(x))), (Some(v), Some(x)) if v > x),
        "Lt" => matches!((value.and_then(number), values.first().and_then(|x| number(x))), (Some(v), Some(x)) if v < x),
        _ => false,
    }
}

fn node_ready(node: &core::Node) -> bool {
    node.status.iter().flat_map(|s| s.conditions.iter().flatten()).any(|c| c.type_ == "Ready" && c.status == "True")
}

/// kube-scheduler's summary of why nodes were filtered out: each node's first failing filter,
/// counted by reason and sorted (`1 node(s) had untolerated taint {...}, 2 node(s) were unschedulable`).
fn unfit_reasons(pod: &core::Pod, nodes: &[&core::Node]) -> String {
    let mut counts: std::collections::BTreeMap<String, usize> = Default::default();
    for n in nodes {
        let reason = unfit_reason(pod, n).unwrap_or_else(|| "node(s) didn't match Pod's node affinity/selector".into());
        *counts.entry(reason).or_insert(0) += 1;
    }
    let mut reasons: Vec<String> = counts.into_iter().map(|(r, c)| format!("{c} {r}")).collect();
    reasons.sort();
    reasons.join(", ")
}

/// The least-loaded fitting node; equal scores are broken by the pod's uid, deterministically.
fn choose(store: &Store, pod: &core::Pod, fit: &[&core::Node]) -> String {
    let load = |n: &core::Node| {
        let name = n.metadata.name.as_deref();
        store.list(Kind::Pod, None).filter(|o| matches!(o, Object::Pod(p) if p.spec.as_ref().and_then(|s| s.node_name.as_deref()) == name && !terminal(p))).count()
    };
    let loads: Vec<usize> = fit.iter().map(|n| load(n)).collect();
    let min = loads.iter().copied().min().unwrap_or(0);
    let best: Vec<&core::Node> = fit.iter().zip(&loads).filter(|(_, l)| **l == min).map(|(n, _)| *n).collect();
    let uid = pod.metadata.uid.as_deref().unwrap_or("");
    let h = crate::rng::Fnv1a::default().write(uid.bytes()).value();
    let pick = best.get((h % best.len().max(1) as u64) as usize).or(best.first());
    pick.and_then(|n| n.metadata.name.clone()).unwrap_or_default()
}

fn terminal(p: &core::Pod) -> bool {
    matches!(p.status.as_ref().and_then(|s| s.phase.as_deref()), Some("Succeeded") | Some("Failed"))
}

#[cfg(test)]
mod tests {
    use crate::api::{Kind, ObjKey, Object};
    use crate::cluster::Write;
    use crate::controllers::replicaset::tests::sim_with;

    const POD: &str = "kubectl run solo --image=busybox --restart=Never -- sleep 1d\n";

    /// One write binds the pod: node name and PodScheduled=True arrive with one resourceVersion.
    #[test]
    fn binding_is_one_write_with_the_condition() {
        let sim = sim_with(POD);
        let lines: Vec<&String> = sim.trace().iter().filter(|l| l.contains(" pod/default/solo ") && !l.contains(" event ")).collect();
        let rv = |l: &str| l.rsplit("rv=").next().and_then(|v| v.split_whitespace().next()).and_then(|v| v.parse::<u64>().ok()).unwrap_or(0);
        assert!(lines[0].contains(" create pod/default/solo rv="), "{lines:?}");
        assert!(lines[1].contains(" update pod/default/solo rv="), "{lines:?}");
        assert!(lines[2].contains(" status pod/default/solo rv="), "the kubelet's first status: {lines:?}");
        assert_eq!((rv(lines[1]) - rv(lines[0]), rv(lines[2]) - rv(lines[1])), (2, 1), "the binding's Event between: {lines:?}");
        let Some(Object::Pod(p)) = sim.cluster.get(&ObjKey::new(Kind::Pod, "default", "solo")) else { panic!("no pod") };
        let scheduled = p.status.as_ref().and_then(|s| s.conditions.as_ref()).and_then(|c| c.iter().find(|c| c.type_ == "PodScheduled")).map(|c| c.status.as_str());
        assert_eq!(scheduled, Some("True"));
        assert!(p.spec.as_ref().and_then(|s| s.node_name.as_deref()).is_some_and(|n| n.starts_with("kind-worker")));
    }

    #[test]
    fn a_bound_pod_cannot_be_bound_again() {
        let mut sim = sim_with(POD);
        let key = ObjKey::new(Kind::Pod, "default", "solo");
        let err = sim.cluster.write(Write::Bind { pod: key, node: "kind-control-plane".into() }).expect_err("bound already");
        assert!(err.message().starts_with("pod solo is already assigned to node \"kind-worker"), "{}", err.message());
    }
}

#[cfg(test)]
mod filter_tests {
    use super::*;
    use serde_json::json;

    fn node(name: &str, spec: serde_json::Value) -> core::Node {
        serde_json::from_value(json!({"metadata": {"name": name}, "spec": spec, "status": {"conditions": [{"type": "Ready", "status": "True"}]}})).unwrap()
    }

    /// Each node counts once, under its first failing filter: a cordoned node is unschedulable
    /// before it is tainted; a pod tolerating the unschedulable taint passes NodeUnschedulable.
    #[test]
    fn reasons_are_counted_by_first_failing_filter() {
        let cp = node("cp", json!({"taints": [{"key": "node-role.kubernetes.io/control-plane", "effect": "NoSchedule"}]}));
        let cordoned = |n| node(n, json!({"unschedulable": true, "taints": [{"key": UNSCHEDULABLE_TAINT, "effect": "NoSchedule"}]}));
        let (w1, w2) = (cordoned("w1"), cordoned("w2"));
        let pod: core::Pod = serde_json::from_value(json!({"spec": {"containers": []}})).unwrap();
        assert_eq!(unfit_reasons(&pod, &[&cp, &w1, &w2]), "1 node(s) had untolerated taint {node-role.kubernetes.io/control-plane: }, 2 node(s) were unschedulable");
        let tolerant: core::Pod = serde_json::from_value(json!({"spec": {"containers": [], "tolerations": [{"key": UNSCHEDULABLE_TAINT, "operator": "Exists", "effect": "NoSchedule"}]}})).unwrap();
        assert!(fits(&tolerant, &w1) && !fits(&tolerant, &cp) && !fits(&pod, &w1));
    }
}
