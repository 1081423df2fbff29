//! StatefulSet revision history (stateful_set_control.go getStatefulSetRevisions / truncateHistory
//! and pkg/controller/history): ControllerRevisions that hold the pod template as a replace patch,
//! named `<set>-<hash>`, numbered 1, 2, …; a template changed back re-numbers the old revision.

use super::owners::{controller_ref, is_controlled_by};
use super::Reconciled;
use crate::api::{Kind, ObjKey, Object};
use crate::cluster::{DeleteRequest, Write};
use crate::selector::matches_label_selector;
use crate::store::Store;
use k8s_openapi::api::apps::v1 as apps;
use k8s_openapi::api::core::v1 as core;
use k8s_openapi::apimachinery::pkg::apis::meta::v1::ObjectMeta;
use k8s_openapi::apimachinery::pkg::runtime::RawExtension;
use serde_json::{json, Value};

/// The label history.NewControllerRevision puts on every revision.
pub const HASH_LABEL: &str = "controller.kubernetes.io/hash";

/// A revision as the controller uses it: its name and the set as of that revision.
#[derive(Debug, Clone)]
pub struct Rev {
    pub name: String,
    pub set: apps::StatefulSet,
}

/// The current and update revisions of a sync, and the collision count to report.
pub struct Revisions {
    pub current: Rev,
    pub update: Rev,
    pub collision_count: i32,
    /// Every revision the set owns after this sync, sorted (for truncateHistory).
    pub all: Vec<apps::ControllerRevision>,
}

/// getPatch: `{"spec":{"template":{…,"$patch":"replace"}}}` with keys sorted as Go's json.Marshal
/// of a map sorts them (serde_json's map is ordered).
pub fn patch(set: &apps::StatefulSet) -> Value {
    let template = set.spec.as_ref().map(|s| s.template.clone()).unwrap_or_default();
    let mut t = serde_json::to_value(&template).unwrap_or_else(|_| json!({}));
    if let Value::Object(m) = &mut t {
        // The apiserver's encoding of an ObjectMeta always carries creationTimestamp (null here).
        let meta = m.entry("metadata").or_insert_with(|| json!({}));
        if let Value::Object(mm) = meta {
            mm.entry("creationTimestamp").or_insert(Value::Null);
        }
        m.insert("$patch".into(), json!("replace"));
    }
    json!({ "spec": { "template": t } })
}

/// history.HashControllerRevision: FNV-1 (Go's fnv.New32) over the patch bytes, then the collision
/// count in decimal, rendered with rand.SafeEncodeString. The patch is serde_json's rendering of the
/// stored template, which can differ from the apiserver's bytes, so the value has the real shape
/// but not necessarily a real cluster's digits.
pub fn hash(patch: &Value, collision_count: i32) -> String {
    let bytes = serde_json::to_vec(patch).unwrap_or_default();
    let mut h: u32 = 0x811c_9dc5;
    for b in bytes.iter().chain(collision_count.to_string().as_bytes()) {
        h = h.wrapping_mul(0x0100_0193);
        h ^= u32::from(*b);
    }
    const ALPHANUMS: &[u8] = b"bcdfghjklmnpqrstvwxz2456789";
    h.to_string().bytes().map(|b| ALPHANUMS[b as usize % ALPHANUMS.len()] as char).collect()
}

/// The set as recorded in `rev` (ApplyRevision: the revision's template replaces the set's).
fn apply(set: &apps::StatefulSet, rev: &apps::ControllerRevision) -> apps::StatefulSet {
    let mut out = set.clone();
    let template = rev.data.as_ref().and_then(|d| d.0.get("spec")?.get("template").cloned()).and_then(|mut t| {
        if let Value::Object(m) = &mut t {
            m.remove("$patch");
        }
        crate::api::object::decode::<core::PodTemplateSpec>(&t).ok()
    });
    if let (Some(spec), Some(t)) = (out.spec.as_mut(), template) {
        spec.template = t;
    }
    out
}

/// SortControllerRevisions: by revision number, then creation time, then name.
fn sort(revs: &mut [apps::ControllerRevision]) {
    revs.sort_by(|a, b| {
        let ct = |r: &apps::ControllerRevision| r.metadata.creation_timestamp.as_ref().map(|t| t.0.as_millisecond());
        a.revision.cmp(&b.revision).then(ct(a).cmp(&ct(b))).then(a.metadata.name.cmp(&b.metadata.name))
    });
}

/// ListRevisions + AdoptOrphanRevisions: the revisions the set controls, and orphans its selector
/// matches (adopted with a controller reference).
fn owned(store: &Store, owner: &Object, set: &apps::StatefulSet, r: &mut Reconciled) -> Vec<apps::ControllerRevision> {
    let selector = set.spec.as_ref().map(|s| s.selector.clone()).unwrap_or_default();
    let mut out = Vec::new();
    for o in store.list(Kind::ControllerRevision, Some(owner.namespace())) {
        let Object::ControllerRevision(cr) = o else { continue };
        if is_controlled_by(o, owner.uid()) {
            out.push(cr.as_ref().clone());
        } else if !o.meta().owner_references.iter().flatten().any(|x| x.controller == Some(true)) && matches_label_selector(&selector, o.labels()) && owner.meta().deletion_timestamp.is_none() {
            let mut adopted = cr.as_ref().clone();
            adopted.metadata.owner_references.get_or_insert_with(Vec::new).push(controller_ref(owner));
            r.writes.push(Write::Update(Object::ControllerRevision(Box::new(adopted.clone()))));
            out.push(adopted);
        }
    }
    sort(&mut out);
    out
}

/// getStatefulSetRevisions: the update revision is the set's template now (an existing equal
/// revision is reused, re-numbered if it is not the latest); the current one is the revision named
/// in status.currentRevision, or the update revision for a new set.
pub fn resolve(store: &Store, owner: &Object, set: &apps::StatefulSet, r: &mut Reconciled) -> Revisions {
    let mut revs = owned(store, owner, set, r);
    let mut collision = set.status.as_ref().and_then(|s| s.collision_count).unwrap_or(0);
    let next = revs.last().map_or(1, |x| x.revision + 1);
    let data = patch(set);
    let equal = revs.iter().rposition(|x| x.data.as_ref().map(|d| &d.0) == Some(&data));
    let update = match equal {
        Some(i) if i + 1 == revs.len() => revs[i].clone(),
        Some(i) => {
            revs[i].revision = next;
            r.writes.push(Write::Update(Object::ControllerRevision(Box::new(revs[i].clone()))));
            revs[i].clone()
        }
        None => {
            let made = create(store, owner, set, &data, next, &mut collision);
            r.writes.push(Write::Create(Object::ControllerRevision(Box::new(made.clone()))));
            revs.push(made.clone());
            made
        }
    };
    sort(&mut revs);
    let current_name = set.status.as_ref().and_then(|s| s.current_revision.clone()).unwrap_or_default();
    let current = revs.iter().find(|x| x.metadata.name.as_deref() == Some(current_name.as_str())).unwrap_or(&update).clone();
    let rev = |cr: &apps::ControllerRevision| Rev { name: cr.metadata.name.clone().unwrap_or_default(), set: apply(set, cr) };
    Revisions { current: rev(&current), update: rev(&update), collision_count: collision, all: revs }
}

/// history.NewControllerRevision + CreateControllerRevision: a name taken by a revision with other
/// data bumps the collision count and hashes again.
fn create(store: &Store, owner: &Object, set: &apps::StatefulSet, data: &Value, revision: i64, collision: &mut i32) -> apps::ControllerRevision {
    let ns = owner.namespace();
    let name_and_hash = |c: i32| {
        let h = hash(data, c);
        (format!("{}-{h}", truncate_prefix(owner.name())), h)
    };
    let (mut name, mut h) = name_and_hash(*collision);
    for _ in 0..16 {
        match store.get(&ObjKey::new(Kind::ControllerRevision, ns, &name)) {
            Some(Object::ControllerRevision(cr)) if cr.data.as_ref().map(|d| &d.0) != Some(data) => {
                *collision = collision.saturating_add(1);
                (name, h) = name_and_hash(*collision);
            }
            _ => break,
        }
    }
    let mut labels = set.spec.as_ref().and_then(|s| s.template.metadata.as_ref()).and_then(|m| m.labels.clone()).unwrap_or_default();
    labels.insert(HASH_LABEL.into(), h);
    apps::ControllerRevision {
        metadata: ObjectMeta {
            name: Some(name),
            namespace: Some(ns.to_string()),
            labels: Some(labels),
            annotations: set.metadata.annotations.clone(),
            owner_references: Some(vec![controller_ref(owner)]),
            ..Default::default()
        },
        data: Some(RawExtension(data.clone())),
        revision,
    }
}

/// ControllerRevisionName: the prefix is cut to 223 characters so the name stays valid.
fn truncate_prefix(name: &str) -> &str {
    match name.char_indices().nth(223) {
        Some((i, _)) => &name[..i],
        None => name,
    }
}

/// truncateHistory: deletes the oldest revisions no pod and neither status revision uses, down to
/// revisionHistoryLimit.
pub fn truncate(set: &apps::StatefulSet, pods: &[&core::Pod], revs: &Revisions, r: &mut Reconciled) {
    let limit = set.spec.as_ref().and_then(|s| s.revision_history_limit).unwrap_or(10).max(0) as usize;
    let live = |name: &str| name == revs.current.name || name == revs.update.name || pods.iter().any(|p| p.metadata.labels.as_ref().and_then(|l| l.get(super::statefulset_identity::REVISION_LABEL)).map(String::as_str) == Some(name));
    let history: Vec<&apps::ControllerRevision> = revs.all.iter().filter(|x| !live(x.metadata.name.as_deref().unwrap_or(""))).collect();
    if history.len() <= limit {
        return;
    }
    for old in &history[..history.len() - limit] {
        let key = ObjKey::new(Kind::ControllerRevision, old.metadata.namespace.as_deref().unwrap_or(""), old.metadata.name.as_deref().unwrap_or(""));
        r.writes.push(Write::Delete(DeleteRequest::new(key)));
    }
}
