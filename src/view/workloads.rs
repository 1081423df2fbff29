//! StatefulSets (pods by ordinal, with their claims) and Deployments → ReplicaSets → pods.

use std::collections::{BTreeMap, BTreeSet};

use k8s_openapi::api::apps::v1::{ReplicaSet, StatefulSet};
use k8s_openapi::api::core::v1::Pod;
use kubeplay_core::api::{Kind, ObjKey, Object};
use kubeplay_core::controllers::statefulset_identity as identity;
use kubeplay_core::store::Store;

use super::pods::{controlled_by, is_controller, pod_view, Placed};
use super::{
    Capped, ClaimChip, DeploymentView, OrdinalSlot, ReplicaSetView, StatefulSetView, MAX_PER_GROUP,
};

/// Every StatefulSet, namespace/name order.
pub fn statefulsets(store: &Store, placed: &mut Placed) -> Capped<StatefulSetView> {
    let sets = super::user_objects(store, Kind::StatefulSet).filter_map(|o| match o {
        Object::StatefulSet(s) => Some(s.as_ref()),
        _ => None,
    });
    let views: Vec<StatefulSetView> = sets.map(|s| statefulset(store, s, placed)).collect();
    Capped::take(views, MAX_PER_GROUP)
}

fn statefulset(store: &Store, s: &StatefulSet, placed: &mut Placed) -> StatefulSetView {
    let name = s.metadata.name.clone().unwrap_or_default();
    let namespace = s.metadata.namespace.clone().unwrap_or_default();
    let uid = s.metadata.uid.clone().unwrap_or_default();
    let spec = s.spec.clone().unwrap_or_default();
    let mut by_ordinal: BTreeMap<i32, &Pod> = BTreeMap::new();
    for p in controlled_by(store, &uid) {
        placed.mark(p);
        let pod_name = p.metadata.name.as_deref().unwrap_or("");
        if let Some((parent, ord)) = identity::parent_and_ordinal(pod_name) {
            if parent == name && ord >= 0 {
                by_ordinal.insert(ord, p);
            }
        }
    }
    let start = identity::start_ordinal(&spec);
    let replicas = identity::replicas(&spec);
    // Only the first MAX_PER_GROUP ordinals of a huge range are ever materialized.
    let shown_range = start..start.saturating_add(replicas.min(MAX_PER_GROUP as i32));
    let ordinals: BTreeSet<i32> = shown_range.chain(by_ordinal.keys().copied()).collect();
    let outside = by_ordinal
        .keys()
        .filter(|&&o| !identity::in_range(o, &spec))
        .count();
    let total = replicas as usize + outside;
    let templates: Vec<String> = spec
        .volume_claim_templates
        .iter()
        .flatten()
        .map(|t| t.metadata.name.clone().unwrap_or_default())
        .collect();
    let items: Vec<OrdinalSlot> = ordinals
        .into_iter()
        .take(MAX_PER_GROUP)
        .map(|ord| OrdinalSlot {
            ordinal: ord,
            pod_name: identity::pod_name(&name, ord),
            pod: by_ordinal.get(&ord).map(|p| pod_view(p)),
            in_spec: identity::in_range(ord, &spec),
            claims: templates
                .iter()
                .map(|t| claim_chip(store, &namespace, &identity::claim_name(t, &name, ord)))
                .collect(),
        })
        .collect();
    let more = total.saturating_sub(items.len());
    StatefulSetView {
        replicas: spec.replicas.unwrap_or(1),
        ready: s
            .status
            .as_ref()
            .and_then(|st| st.ready_replicas)
            .unwrap_or(0),
        service: spec.service_name.clone().unwrap_or_default(),
        slots: Capped { items, more },
        name,
        namespace,
        uid,
    }
}

fn claim_chip(store: &Store, namespace: &str, name: &str) -> ClaimChip {
    let key = ObjKey::new(Kind::PersistentVolumeClaim, namespace, name);
    let phase = match store.get(&key) {
        Some(Object::PersistentVolumeClaim(c)) => Some(
            c.status
                .as_ref()
                .and_then(|s| s.phase.clone())
                .unwrap_or_else(|| "Pending".into()),
        ),
        _ => None,
    };
    ClaimChip {
        name: name.to_string(),
        phase,
    }
}

/// Every Deployment with its ReplicaSets, and the ReplicaSets no Deployment here controls.
pub fn deployments(
    store: &Store,
    placed: &mut Placed,
) -> (Capped<DeploymentView>, Capped<ReplicaSetView>) {
    let mut owned: BTreeSet<ObjKey> = BTreeSet::new();
    let mut views = Vec::new();
    for o in super::user_objects(store, Kind::Deployment) {
        let Object::Deployment(d) = o else { continue };
        let uid = o.uid();
        let mut sets: Vec<&ReplicaSet> = store
            .dependents(uid)
            .into_iter()
            .filter(|k| k.kind == Kind::ReplicaSet)
            .filter_map(|k| match store.get(&k) {
                Some(Object::ReplicaSet(r)) if is_controller(&r.metadata, uid) => {
                    owned.insert(k);
                    Some(r.as_ref())
                }
                _ => None,
            })
            .collect();
        // Newest revision first, as a rollout reads.
        sets.sort_by_key(|r| std::cmp::Reverse(revision(r).parse::<i64>().unwrap_or(0)));
        let spec = d.spec.clone().unwrap_or_default();
        let st = d.status.clone().unwrap_or_default();
        let rs: Vec<ReplicaSetView> = sets
            .into_iter()
            .map(|r| replicaset(store, r, placed))
            .collect();
        views.push(DeploymentView {
            name: o.name().to_string(),
            namespace: o.namespace().to_string(),
            uid: uid.to_string(),
            replicas: spec.replicas.unwrap_or(1),
            ready: st.ready_replicas.unwrap_or(0),
            up_to_date: st.updated_replicas.unwrap_or(0),
            available: st.available_replicas.unwrap_or(0),
            replicasets: Capped::take(rs, MAX_PER_GROUP),
        });
    }
    let mut loose = Vec::new();
    for o in super::user_objects(store, Kind::ReplicaSet) {
        if let Object::ReplicaSet(r) = o {
            if !owned.contains(&o.key()) {
                loose.push(replicaset(store, r, placed));
            }
        }
    }
    (
        Capped::take(views, MAX_PER_GROUP),
        Capped::take(loose, MAX_PER_GROUP),
    )
}

fn revision(r: &ReplicaSet) -> &str {
    r.metadata
        .annotations
        .as_ref()
        .and_then(|a| a.get("deployment.kubernetes.io/revision"))
        .map_or("", String::as_str)
}

fn replicaset(store: &Store, r: &ReplicaSet, placed: &mut Placed) -> ReplicaSetView {
    let uid = r.metadata.uid.clone().unwrap_or_default();
    let st = r.status.clone().unwrap_or_default();
    ReplicaSetView {
        name: r.metadata.name.clone().unwrap_or_default(),
        namespace: r.metadata.namespace.clone().unwrap_or_default(),
        revision: revision(r).to_string(),
        desired: r.spec.as_ref().and_then(|s| s.replicas).unwrap_or(1),
        current: st.replicas,
        ready: st.ready_replicas.unwrap_or(0),
        pods: placed.group(controlled_by(store, &uid)),
        uid,
    }
}
