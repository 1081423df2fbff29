//! StatefulSet pod identity and storage (stateful_set_utils.go): ordinals parsed from names, the
//! pod built from a revision's template, its claims from volumeClaimTemplates, and the claim
//! ownerReferences the persistentVolumeClaimRetentionPolicy asks for.

use super::owners::controller_ref;
use crate::api::Object;
use k8s_openapi::api::apps::v1 as apps;
use k8s_openapi::api::core::v1 as core;
use k8s_openapi::apimachinery::pkg::apis::meta::v1::{ObjectMeta, OwnerReference};

pub const POD_NAME_LABEL: &str = "statefulset.kubernetes.io/pod-name";
pub const POD_INDEX_LABEL: &str = "apps.kubernetes.io/pod-index";
pub const REVISION_LABEL: &str = "controller-revision-hash";

/// statefulPodRegex `(.*)-([0-9]+)$`: the parent set's name and the ordinal (-1 when the digits do
/// not fit an int32, as `strconv.ParseInt(s, 10, 32)` fails then).
pub fn parent_and_ordinal(name: &str) -> Option<(&str, i32)> {
    let (parent, digits) = name.rsplit_once('-')?;
    if digits.is_empty() || !digits.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    Some((parent, digits.parse::<i32>().unwrap_or(-1)))
}

/// getOrdinal: -1 for a name without one.
pub fn ordinal(pod: &core::Pod) -> i32 {
    parent_and_ordinal(pod.metadata.name.as_deref().unwrap_or("")).map_or(-1, |(_, o)| o)
}

/// isMemberOf: the name's parent part is the set's name.
pub fn is_member(set_name: &str, pod_name: &str) -> bool {
    parent_and_ordinal(pod_name).is_some_and(|(p, _)| p == set_name)
}

pub fn start_ordinal(spec: &apps::StatefulSetSpec) -> i32 {
    spec.ordinals.as_ref().and_then(|o| o.start).unwrap_or(0)
}

pub fn replicas(spec: &apps::StatefulSetSpec) -> i32 {
    spec.replicas.unwrap_or(1).max(0)
}

/// podInOrdinalRange: start <= ordinal <= start + replicas - 1.
pub fn in_range(ord: i32, spec: &apps::StatefulSetSpec) -> bool {
    let start = start_ordinal(spec);
    ord >= start && ord < start.saturating_add(replicas(spec))
}

pub fn pod_name(set: &str, ord: i32) -> String {
    format!("{set}-{ord}")
}

/// getPersistentVolumeClaimName: `<template>-<set>-<ordinal>`.
pub fn claim_name(template: &str, set: &str, ord: i32) -> String {
    format!("{template}-{set}-{ord}")
}

fn template_name(t: &core::PersistentVolumeClaim) -> &str {
    t.metadata.name.as_deref().unwrap_or("")
}

/// getPersistentVolumeClaims: (template name, claim) for each template, the claim labelled with
/// the template's labels plus the selector's matchLabels.
pub fn claims(set: &apps::StatefulSet, ord: i32) -> Vec<(String, core::PersistentVolumeClaim)> {
    let Some(spec) = set.spec.as_ref() else { return vec![] };
    let set_name = set.metadata.name.as_deref().unwrap_or("");
    spec.volume_claim_templates
        .iter()
        .flatten()
        .map(|t| {
            let mut labels = t.metadata.labels.clone().unwrap_or_default();
            labels.extend(spec.selector.match_labels.clone().unwrap_or_default());
            let claim = core::PersistentVolumeClaim {
                metadata: ObjectMeta {
                    name: Some(claim_name(template_name(t), set_name, ord)),
                    namespace: set.metadata.namespace.clone(),
                    labels: Some(labels),
                    annotations: t.metadata.annotations.clone(),
                    finalizers: t.metadata.finalizers.clone(),
                    ..Default::default()
                },
                spec: t.spec.clone(),
                status: None,
            };
            (template_name(t).to_string(), claim)
        })
        .collect()
}

/// newStatefulSetPod + setPodRevision: the template of `set` (already at the chosen revision),
/// `generateName: <set>-` as GetPodFromTemplate leaves it, the stable name, hostname and subdomain,
/// the identity labels, and the claim volumes in place of same-named template volumes.
pub fn new_pod(owner: &Object, set: &apps::StatefulSet, ord: i32, revision: &str) -> core::Pod {
    let spec = set.spec.clone().unwrap_or_default();
    let set_name = owner.name();
    let name = pod_name(set_name, ord);
    let mut pod = super::owners::pod_from_template(owner, &spec.template);
    pod.metadata.name = Some(name.clone());
    let ps = pod.spec.get_or_insert_with(Default::default);
    ps.hostname = Some(name);
    ps.subdomain = Some(spec.service_name.clone().unwrap_or_default()).filter(|s| !s.is_empty());
    update_identity(set_name, &mut pod);
    update_storage(set, &mut pod);
    pod.metadata.labels.get_or_insert_with(Default::default).insert(REVISION_LABEL.into(), revision.into());
    pod
}

/// updateIdentity: the pod-name and pod-index labels.
pub fn update_identity(set_name: &str, pod: &mut core::Pod) {
    let ord = ordinal(pod);
    let name = pod_name(set_name, ord);
    pod.metadata.name = Some(name.clone());
    let labels = pod.metadata.labels.get_or_insert_with(Default::default);
    labels.insert(POD_NAME_LABEL.into(), name);
    labels.insert(POD_INDEX_LABEL.into(), ord.to_string());
}

/// updateStorage: one persistentVolumeClaim volume per template (they win over template volumes
/// of the same name), then the pod's other volumes.
pub fn update_storage(set: &apps::StatefulSet, pod: &mut core::Pod) {
    let claims = claims(set, ordinal(pod));
    let spec = pod.spec.get_or_insert_with(Default::default);
    let mut volumes: Vec<core::Volume> = claims
        .iter()
        .map(|(tname, c)| core::Volume {
            name: tname.clone(),
            persistent_volume_claim: Some(core::PersistentVolumeClaimVolumeSource { claim_name: c.metadata.name.clone().unwrap_or_default(), read_only: None }),
            ..Default::default()
        })
        .collect();
    volumes.extend(spec.volumes.take().unwrap_or_default().into_iter().filter(|v| !claims.iter().any(|(t, _)| *t == v.name)));
    spec.volumes = (!volumes.is_empty()).then_some(volumes);
}

/// identityMatches.
pub fn identity_matches(set_name: &str, namespace: &str, pod: &core::Pod) -> bool {
    let name = pod.metadata.name.as_deref().unwrap_or("");
    let Some((parent, ord)) = parent_and_ordinal(name) else { return false };
    ord >= 0 && parent == set_name && pod.metadata.namespace.as_deref() == Some(namespace) && pod.metadata.labels.as_ref().and_then(|l| l.get(POD_NAME_LABEL)).map(String::as_str) == Some(name)
}

/// storageMatches: every template has a same-named volume naming its claim.
pub fn storage_matches(set: &apps::StatefulSet, pod: &core::Pod) -> bool {
    let ord = ordinal(pod);
    if ord < 0 {
        return false;
    }
    let volumes = pod.spec.as_ref().and_then(|s| s.volumes.as_ref());
    claims(set, ord).iter().all(|(tname, c)| {
        volumes.into_iter().flatten().any(|v| v.name == *tname && v.persistent_volume_claim.as_ref().map(|p| &p.claim_name) == c.metadata.name.as_ref())
    })
}

/// The two retention-policy choices, each `Retain` unless set to `Delete`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Retention {
    pub delete_when_deleted: bool,
    pub delete_when_scaled: bool,
}

pub fn retention(spec: &apps::StatefulSetSpec) -> Retention {
    let p = spec.persistent_volume_claim_retention_policy.as_ref();
    Retention {
        delete_when_deleted: p.and_then(|p| p.when_deleted.as_deref()) == Some("Delete"),
        delete_when_scaled: p.and_then(|p| p.when_scaled.as_deref()) == Some("Delete"),
    }
}

/// Who the claim's owners are, seen from one set and one pod (the pod may not exist yet: no uid).
pub struct Owners<'a> {
    pub set: &'a Object,
    pub pod_name: &'a str,
    pub pod_uid: &'a str,
    pub scaled_down: bool,
    pub policy: Retention,
}

fn matches_ref(r: &OwnerReference, api_version: &str, kind: &str, name: &str) -> bool {
    r.api_version == api_version && r.kind == kind && r.name == name
}

fn has_owner(claim: &core::PersistentVolumeClaim, uid: &str) -> bool {
    !uid.is_empty() && claim.metadata.owner_references.iter().flatten().any(|r| r.uid == uid)
}

impl Owners<'_> {
    fn is_set(&self, r: &OwnerReference) -> bool {
        matches_ref(r, "apps/v1", "StatefulSet", self.set.name())
    }
    fn is_pod(&self, r: &OwnerReference) -> bool {
        matches_ref(r, "v1", "Pod", self.pod_name)
    }

    /// hasStaleOwnerRef for the set or the pod: a ref by name whose uid is another object's.
    pub fn stale(&self, claim: &core::PersistentVolumeClaim) -> bool {
        let refs = claim.metadata.owner_references.iter().flatten();
        let stale_set = refs.clone().find(|r| self.is_set(r)).is_some_and(|r| r.uid != self.set.uid());
        let stale_pod = refs.clone().find(|r| self.is_pod(r)).is_some_and(|r| r.uid != self.pod_uid);
        stale_set || stale_pod
    }

    /// hasStaleOwnerRef for the pod alone (PodClaimIsStale).
    pub fn stale_pod_ref(&self, claim: &core::PersistentVolumeClaim) -> bool {
        claim.metadata.owner_references.iter().flatten().find(|r| self.is_pod(r)).is_some_and(|r| r.uid != self.pod_uid)
    }

    /// hasUnexpectedController.
    fn unexpected_controller(&self, claim: &core::PersistentVolumeClaim) -> bool {
        if !self.policy.delete_when_deleted && !self.policy.delete_when_scaled {
            return false;
        }
        claim.metadata.owner_references.iter().flatten().any(|r| {
            if self.is_set(r) {
                r.uid != self.set.uid()
            } else if self.is_pod(r) {
                r.uid != self.pod_uid
            } else {
                r.controller == Some(true)
            }
        })
    }

    /// isClaimOwnerUpToDate.
    pub fn up_to_date(&self, claim: &core::PersistentVolumeClaim) -> bool {
        if self.stale(claim) {
            return true;
        }
        let (set_ref, pod_ref) = (has_owner(claim, self.set.uid()), has_owner(claim, self.pod_uid));
        if self.unexpected_controller(claim) {
            return !(set_ref || pod_ref);
        }
        let non_controller = claim.metadata.owner_references.iter().flatten().any(|r| (r.uid == self.set.uid() || (!self.pod_uid.is_empty() && r.uid == self.pod_uid)) && r.controller != Some(true));
        if non_controller {
            return false;
        }
        let (want_set, want_pod) = self.wanted();
        set_ref == want_set && pod_ref == want_pod
    }

    /// Which refs the policy wants: the set's for whenDeleted=Delete (unless the pod is scaled
    /// down under whenScaled=Delete), the pod's for a scaled-down pod under whenScaled=Delete.
    fn wanted(&self) -> (bool, bool) {
        let p = self.policy;
        match (p.delete_when_scaled, p.delete_when_deleted) {
            (false, false) => (false, false),
            (false, true) => (true, false),
            (true, false) => (false, self.scaled_down),
            (true, true) => (!self.scaled_down, self.scaled_down),
        }
    }

    /// updateClaimOwnerRefForSetAndPod: scrub our refs, then add the wanted controller refs.
    pub fn update(&self, claim: &mut core::PersistentVolumeClaim, pod: Option<&Object>) {
        let unexpected = self.unexpected_controller(claim);
        let mut refs: Vec<OwnerReference> = claim.metadata.owner_references.take().unwrap_or_default().into_iter().filter(|r| !self.is_set(r) && !self.is_pod(r)).collect();
        if !unexpected {
            let (want_set, want_pod) = self.wanted();
            if want_set {
                refs.push(controller_ref(self.set));
            }
            if let (true, Some(pod)) = (want_pod, pod) {
                refs.push(controller_ref(pod));
            }
        }
        claim.metadata.owner_references = (!refs.is_empty()).then_some(refs);
    }
}
