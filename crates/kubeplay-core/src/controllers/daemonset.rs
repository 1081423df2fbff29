//! The DaemonSet controller (pkg/controller/daemon): one pod on every node the template fits
//! (node selector, required node affinity, taints tolerated with the daemon tolerations added),
//! pinned to its node by a `metadata.name` node affinity and placed by the scheduler; old pods
//! replaced a node at a time within maxUnavailable (RollingUpdate); ControllerRevisions
//! `<name>-<hash>`; status counts.

use super::deployment_util::compute_hash;
use super::owners::{controller_ref, is_controlled_by};
use super::replicaset::{is_active, pod_available, pod_ready};
use super::{CreateEvent, Reconciled};
use crate::admission::TEMPLATE_GENERATION;
use crate::api::{Kind, ObjKey, Object};
use crate::clock::SimTime;
use crate::cluster::{DeleteRequest, Write};
use crate::store::Store;
use k8s_openapi::api::apps::v1 as apps;
use k8s_openapi::api::core::v1 as core;
use k8s_openapi::apimachinery::pkg::apis::meta::v1::ObjectMeta;
use k8s_openapi::apimachinery::pkg::runtime::RawExtension;
use k8s_openapi::apimachinery::pkg::util::intstr::IntOrString;
use std::collections::BTreeMap;

const HASH_LABEL: &str = "controller-revision-hash";
const GENERATION_LABEL: &str = "pod-template-generation";

/// The DaemonSet itself, the DaemonSet of a changed pod, and every DaemonSet when a node changes.
pub fn watch(store: &Store, obj: &Object, out: &mut Vec<ObjKey>) {
    match obj {
        Object::DaemonSet(_) => out.push(obj.key()),
        Object::Pod(_) => out.extend(super::owners::controller_of(obj, Kind::DaemonSet)),
        Object::Node(_) => out.extend(store.list(Kind::DaemonSet, None).map(Object::key)),
        _ => {}
    }
}

pub fn reconcile(store: &Store, key: &ObjKey, now: SimTime) -> Reconciled {
    let mut r = Reconciled::default();
    let Some(ds_obj @ Object::DaemonSet(ds)) = store.get(key) else { return r };
    if ds.metadata.deletion_timestamp.is_some() {
        return r;
    }
    let spec = ds.spec.clone().unwrap_or_default();
    let hash = compute_hash(&spec.template, ds.status.as_ref().and_then(|s| s.collision_count));
    snapshot(store, ds_obj, ds, &hash, &mut r);
    let nodes: Vec<&core::Node> = store.list(Kind::Node, None).filter_map(|o| if let Object::Node(n) = o { Some(n.as_ref()) } else { None }).collect();
    let pods: Vec<&core::Pod> = store
        .list(Kind::Pod, Some(&key.namespace))
        .filter(|o| is_controlled_by(o, ds_obj.uid()))
        .filter_map(|o| if let Object::Pod(p) = o { Some(p.as_ref()) } else { None })
        .collect();
    let generation = ds.metadata.annotations.as_ref().and_then(|a| a.get(TEMPLATE_GENERATION)).cloned().unwrap_or_else(|| "1".into());
    let mut desired = 0;
    let mut on_nodes: Vec<(&core::Node, Vec<&core::Pod>)> = Vec::new();
    // What updateDaemonSetStatus counts: per node, whether it should run the pod, and its pods
    // (terminating ones too, not those deleted and finished) oldest first.
    let mut counted: Vec<(bool, Vec<&core::Pod>)> = Vec::new();
    for node in &nodes {
        let name = node.metadata.name.as_deref().unwrap_or("");
        let here: Vec<&core::Pod> = pods.iter().copied().filter(|p| target_node(p) == Some(name)).collect();
        let should_run = super::scheduler::fits(&new_pod(ds_obj, &spec.template, None, &hash, &generation), node);
        let mut for_status: Vec<&core::Pod> = here.iter().copied().filter(|p| p.metadata.deletion_timestamp.is_none() || !terminal(p)).collect();
        for_status.sort_by_key(|p| p.metadata.creation_timestamp.as_ref().map(|t| t.0.as_millisecond()));
        counted.push((should_run, for_status));
        if should_run {
            desired += 1;
            let active: Vec<&core::Pod> = here.iter().copied().filter(|p| is_active(p) && p.metadata.deletion_timestamp.is_none()).collect();
            // A failed daemon pod is deleted and replaced; extras beyond the oldest are deleted.
            for p in here.iter().filter(|p| p.status.as_ref().and_then(|s| s.phase.as_deref()) == Some("Failed") && p.metadata.deletion_timestamp.is_none()) {
                delete(&mut r, key, p);
            }
            // podsShouldBeOnNode: a new pod only where none exists, terminating ones included.
            match active.len() {
                0 if !here.is_empty() => {}
                0 => {
                    r.create_events.push(CreateEvent { write: r.writes.len(), reason: "SuccessfulCreate".into(), prefix: "Created pod: ".into() });
                    r.writes.push(Write::Create(Object::Pod(Box::new(new_pod(ds_obj, &spec.template, Some(name), &hash, &generation)))));
                }
                1 => {}
                _ => {
                    let mut extra = active.clone();
                    extra.sort_by_key(|p| p.metadata.creation_timestamp.as_ref().map(|t| t.0.as_millisecond()));
                    extra.iter().skip(1).for_each(|p| delete(&mut r, key, p));
                }
            }
            on_nodes.push((node, active));
        } else {
            here.iter().filter(|p| p.metadata.deletion_timestamp.is_none()).for_each(|p| delete(&mut r, key, p));
        }
    }
    if spec.update_strategy.as_ref().and_then(|u| u.type_.as_deref()) != Some("OnDelete") {
        rolling_update(&mut r, key, &spec, &on_nodes, &hash, desired, now);
    }
    status(&mut r, key, ds, &counted, &hash, now);
    r
}

fn terminal(p: &core::Pod) -> bool {
    matches!(p.status.as_ref().and_then(|s| s.phase.as_deref()), Some("Succeeded") | Some("Failed"))
}

fn delete(r: &mut Reconciled, key: &ObjKey, p: &core::Pod) {
    let name = p.metadata.name.clone().unwrap_or_default();
    r.event("Normal", "SuccessfulDelete", format!("Deleted pod: {name}"));
    r.writes.push(Write::Delete(DeleteRequest::new(ObjKey::new(Kind::Pod, &key.namespace, &name))));
}

/// The node a daemon pod is for: its node affinity's `metadata.name`, or where it runs.
fn target_node(p: &core::Pod) -> Option<&str> {
    let spec = p.spec.as_ref()?;
    let pinned = spec
        .affinity
        .as_ref()
        .and_then(|a| a.node_affinity.as_ref())
        .and_then(|n| n.required_during_scheduling_ignored_during_execution.as_ref())
        .and_then(|r| r.node_selector_terms.iter().flat_map(|t| t.match_fields.iter().flatten()).find(|f| f.key == "metadata.name"))
        .and_then(|f| f.values.as_ref()?.first())
        .map(String::as_str);
    pinned.or(spec.node_name.as_deref())
}

/// NewPod + AddOrUpdateDaemonPodTolerations, and on a node, ReplaceDaemonSetPodNodeNameNodeAffinity.
fn new_pod(owner: &Object, template: &core::PodTemplateSpec, node: Option<&str>, hash: &str, generation: &str) -> core::Pod {
    let mut pod = super::owners::pod_from_template(owner, template);
    let labels = pod.metadata.labels.get_or_insert_with(BTreeMap::new);
    labels.insert(HASH_LABEL.into(), hash.into());
    labels.insert(GENERATION_LABEL.into(), generation.into());
    let spec = pod.spec.get_or_insert_with(Default::default);
    let host_network = spec.host_network == Some(true);
    let tolerations = spec.tolerations.get_or_insert_with(Vec::new);
    let mut daemon = vec![
        ("node.kubernetes.io/not-ready", "NoExecute"),
        ("node.kubernetes.io/unreachable", "NoExecute"),
        ("node.kubernetes.io/disk-pressure", "NoSchedule"),
        ("node.kubernetes.io/memory-pressure", "NoSchedule"),
        ("node.kubernetes.io/pid-pressure", "NoSchedule"),
        ("node.kubernetes.io/unschedulable", "NoSchedule"),
    ];
    if host_network {
        daemon.push(("node.kubernetes.io/network-unavailable", "NoSchedule"));
    }
    for (k, effect) in daemon {
        let t = core::Toleration { key: Some(k.into()), operator: Some("Exists".into()), effect: Some(effect.into()), ..Default::default() };
        if !tolerations.iter().any(|x| x.key == t.key && x.effect == t.effect) {
            tolerations.push(t);
        }
    }
    if let Some(node) = node {
        let affinity = spec.affinity.get_or_insert_with(Default::default);
        let na = affinity.node_affinity.get_or_insert_with(Default::default);
        na.required_during_scheduling_ignored_during_execution = Some(core::NodeSelector {
            node_selector_terms: vec![core::NodeSelectorTerm {
                match_fields: Some(vec![core::NodeSelectorRequirement { key: "metadata.name".into(), operator: "In".into(), values: Some(vec![node.into()]) }]),
                ..Default::default()
            }],
        });
    }
    pod
}

/// rollingUpdate with maxSurge 0: old pods are deleted, unavailable ones first, while at most
/// maxUnavailable of the desired pods are unavailable; the next sync makes their replacements.
fn rolling_update(r: &mut Reconciled, key: &ObjKey, spec: &apps::DaemonSetSpec, on_nodes: &[(&core::Node, Vec<&core::Pod>)], hash: &str, desired: i32, now: SimTime) {
    let max_unavailable = match spec.update_strategy.as_ref().and_then(|u| u.rolling_update.as_ref()).and_then(|ru| ru.max_unavailable.clone()) {
        Some(IntOrString::Int(n)) => n.max(0),
        Some(IntOrString::String(p)) => {
            let pct: i32 = p.trim_end_matches('%').parse().unwrap_or(0);
            (desired * pct + 99) / 100
        }
        None => 1,
    }
    .max(1);
    let min_ready = spec.min_ready_seconds.unwrap_or(0);
    let available = |p: &core::Pod| pod_available(p, min_ready, now);
    let mut unavailable = on_nodes.iter().filter(|(_, ps)| !ps.iter().any(|p| available(p))).count() as i32;
    let old: Vec<&core::Pod> = on_nodes.iter().flat_map(|(_, ps)| ps.iter().copied()).filter(|p| p.metadata.labels.as_ref().and_then(|l| l.get(HASH_LABEL)).map(String::as_str) != Some(hash)).collect();
    let (old_unavailable, old_available): (Vec<&core::Pod>, Vec<&core::Pod>) = old.into_iter().partition(|p| !available(p));
    for p in old_unavailable {
        delete(r, key, p);
    }
    for p in old_available {
        if unavailable >= max_unavailable {
            r.waiting.push(format!("rolling update: {unavailable} of {desired} pods unavailable, maxUnavailable is {max_unavailable}"));
            break;
        }
        delete(r, key, p);
        unavailable += 1;
    }
}

/// constructHistory: the revision for the current template, made if it does not exist yet, and
/// numbered after every other revision (a rollback re-numbers the old one it returns to).
fn snapshot(store: &Store, owner: &Object, ds: &apps::DaemonSet, hash: &str, r: &mut Reconciled) {
    let name = format!("{}-{hash}", owner.name());
    let owned = store.list(Kind::ControllerRevision, Some(owner.namespace())).filter(|o| is_controlled_by(o, owner.uid()));
    let revision = owned.filter(|o| o.name() != name).filter_map(|o| if let Object::ControllerRevision(c) = o { Some(c.revision) } else { None }).max().unwrap_or(0) + 1;
    if let Some(Object::ControllerRevision(cur)) = store.get(&ObjKey::new(Kind::ControllerRevision, owner.namespace(), &name)) {
        if cur.revision < revision {
            let mut cur = cur.as_ref().clone();
            cur.revision = revision;
            r.writes.push(Write::Update(Object::ControllerRevision(Box::new(cur))));
        }
        return;
    }
    let template = ds.spec.as_ref().map(|s| s.template.clone()).unwrap_or_default();
    let mut t = serde_json::to_value(&template).unwrap_or_default();
    if let Some(m) = t.as_object_mut() {
        m.insert("$patch".into(), serde_json::json!("replace"));
    }
    let mut labels = template.metadata.as_ref().and_then(|m| m.labels.clone()).unwrap_or_default();
    labels.insert(HASH_LABEL.into(), hash.into());
    let cr = apps::ControllerRevision {
        metadata: ObjectMeta {
            name: Some(name),
            namespace: Some(owner.namespace().into()),
            labels: Some(labels),
            annotations: ds.metadata.annotations.clone(),
            owner_references: Some(vec![controller_ref(owner)]),
            ..Default::default()
        },
        data: Some(RawExtension(serde_json::json!({ "spec": { "template": t } }))),
        revision,
    };
    r.writes.push(Write::Create(Object::ControllerRevision(Box::new(cr))));
}

/// updateDaemonSetStatus over the pods seen at the start of the sync: each node's oldest pod
/// decides whether it is ready, available and up to date.
fn status(r: &mut Reconciled, key: &ObjKey, ds: &apps::DaemonSet, counted: &[(bool, Vec<&core::Pod>)], hash: &str, now: SimTime) {
    let min_ready = ds.spec.as_ref().and_then(|s| s.min_ready_seconds).unwrap_or(0);
    let desired = counted.iter().filter(|(run, _)| *run).count() as i32;
    let misscheduled = counted.iter().filter(|(run, ps)| !*run && !ps.is_empty()).count() as i32;
    let oldest: Vec<&core::Pod> = counted.iter().filter(|(run, _)| *run).filter_map(|(_, ps)| ps.first().copied()).collect();
    let ready = oldest.iter().filter(|p| pod_ready(p)).count() as i32;
    let available = oldest.iter().filter(|p| pod_available(p, min_ready, now)).count() as i32;
    let updated = oldest.iter().filter(|p| p.metadata.labels.as_ref().and_then(|l| l.get(HASH_LABEL)).map(String::as_str) == Some(hash)).count() as i32;
    let old = ds.status.clone().unwrap_or_default();
    let nz = |n: i32| (n != 0).then_some(n);
    let st = apps::DaemonSetStatus {
        desired_number_scheduled: desired,
        current_number_scheduled: oldest.len() as i32,
        number_misscheduled: misscheduled,
        number_ready: ready,
        updated_number_scheduled: nz(updated),
        number_available: nz(available),
        number_unavailable: nz(desired - available),
        observed_generation: ds.metadata.generation,
        collision_count: old.collision_count,
        conditions: old.conditions.clone(),
    };
    if st != old {
        r.writes.push(Write::UpdateStatus { key: key.clone(), status: st.into() });
    }
}
