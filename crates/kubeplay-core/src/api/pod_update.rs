//! ValidatePodUpdate of Kubernetes v1.33 (pkg/apis/core/validation/validation.go): which changes
//! an update may make to a Pod's spec, in the apiserver's words, with the go-cmp diff of
//! core.PodSpec it appends when anything else changed.

use super::errors::FieldError;
use super::gocmp;
use k8s_openapi::api::core::v1 as core;
use serde_json::json;
use std::collections::BTreeMap;

type Errs = Vec<FieldError>;

/// updatablePodSpecFields, joined with "," as the message does.
const UPDATABLE: &str = "`spec.containers[*].image`,`spec.initContainers[*].image`,`spec.activeDeadlineSeconds`,`spec.tolerations` (only additions to existing tolerations),`spec.terminationGracePeriodSeconds` (allow it to be set to 1 if it was previously negative)";

pub(super) const MAX_INT32: i64 = i32::MAX as i64;

/// ValidatePodUpdate, given `create_rules`: validatePodMetadataAndSpec of the new pod (kubeplay's
/// create validation), which upstream runs after ValidateObjectMetaUpdate and before these.
pub fn validate_pod_update(old: &core::Pod, new: &core::Pod, create_rules: Errs) -> Errs {
    let mut errs = create_rules;
    annotation_updates(old, new, &mut errs);
    let empty = core::PodSpec::default();
    let (os, ns) = (old.spec.as_ref().unwrap_or(&empty), new.spec.as_ref().unwrap_or(&empty));
    update_rules(os, ns, &mut errs);
    dedup(errs)
}

/// The spec part, in upstream order; returns early where upstream does.
fn update_rules(os: &core::PodSpec, ns: &core::PodSpec, errs: &mut Errs) {
    if container_updates(&ns.containers, &os.containers, "spec.containers", errs) {
        return;
    }
    let (oi, ni) = (os.init_containers.as_deref().unwrap_or_default(), ns.init_containers.as_deref().unwrap_or_default());
    if container_updates(ni, oi, "spec.initContainers", errs) {
        return;
    }
    // Two updates of activeDeadlineSeconds are allowed: from nil to a positive value, and from a
    // positive value to a lesser, non-negative one.
    const ADS: &str = "spec.activeDeadlineSeconds";
    match (ns.active_deadline_seconds, os.active_deadline_seconds) {
        (Some(n), _) if !(0..=MAX_INT32).contains(&n) => {
            errs.push(FieldError::invalid(ADS, json!(n), "must be between 0 and 2147483647, inclusive"));
            return;
        }
        (Some(n), Some(o)) if o < n => {
            errs.push(FieldError::invalid(ADS, json!(n), "must be less than or equal to previous value"));
            return;
        }
        // The value is a nil *int64, which field.Error prints as the string "null".
        (None, Some(_)) => errs.push(FieldError::invalid(ADS, json!("null"), "must not update from a positive integer to nil value")),
        _ => {}
    }
    only_added_tolerations(ns.tolerations.as_deref().unwrap_or_default(), os.tolerations.as_deref().unwrap_or_default(), errs);
    only_deleted_scheduling_gates(ns.scheduling_gates.as_deref().unwrap_or_default(), os.scheduling_gates.as_deref().unwrap_or_default(), errs);
    if ns == os {
        return;
    }

    // The updatable fields take the old values; whatever still differs is forbidden.
    let mut munged = ns.clone();
    for (c, o) in munged.containers.iter_mut().zip(&os.containers) {
        c.image.clone_from(&o.image);
    }
    for (c, o) in munged.init_containers.iter_mut().flatten().zip(oi) {
        c.image.clone_from(&o.image);
    }
    munged.active_deadline_seconds = os.active_deadline_seconds;
    munged.scheduling_gates.clone_from(&os.scheduling_gates);
    munged.tolerations.clone_from(&os.tolerations);
    if os.termination_grace_period_seconds.is_some_and(|g| g < 0) && munged.termination_grace_period_seconds == Some(1) {
        munged.termination_grace_period_seconds = os.termination_grace_period_seconds;
    }
    // A pod still held by scheduling gates may gain node selector entries. (Upstream also lets
    // it narrow its required node affinity; kubeplay's scheduler does not hold gated pods, and
    // that rule is not reproduced: such a change is refused like any other.)
    if os.scheduling_gates.as_ref().is_some_and(|g| !g.is_empty()) {
        let (m, o) = (munged.node_selector.clone().unwrap_or_default(), os.node_selector.clone().unwrap_or_default());
        if m != o {
            node_selector_mutation(&m, &o, errs);
            munged.node_selector.clone_from(&os.node_selector);
        }
    }
    if munged == *os {
        return;
    }
    let to_json = |s: &core::PodSpec| serde_json::to_value(s).unwrap_or_default();
    let (old_g, new_g) = (super::pod_gotypes::pod_spec(&to_json(os)), super::pod_gotypes::pod_spec(&to_json(&munged)));
    if gocmp::semantic_eq(&old_g, &new_g) {
        return;
    }
    let diff = gocmp::diff(&old_g, &new_g);
    errs.push(FieldError::forbidden("spec", format!("pod updates may not change fields other than {UPDATABLE}\n{diff}")));
}

/// ValidateContainerUpdates: true to stop (a container was added or removed).
fn container_updates(new: &[core::Container], old: &[core::Container], path: &str, errs: &mut Errs) -> bool {
    if new.len() != old.len() {
        errs.push(FieldError::forbidden(path, "pod updates may not add or remove containers"));
        return true;
    }
    for (i, c) in new.iter().enumerate() {
        let image = c.image.as_deref().unwrap_or_default();
        if image.is_empty() {
            errs.push(FieldError::required(format!("{path}[{i}].image"), ""));
        }
        if image.trim().len() != image.len() {
            errs.push(FieldError::invalid(format!("{path}[{i}].image"), json!(image), "must not have leading or trailing whitespace"));
        }
    }
    false
}

/// The internal Toleration's fields (unset strings are empty).
pub(super) fn toleration_key(t: &core::Toleration) -> [&str; 4] {
    [t.key.as_deref(), t.operator.as_deref(), t.value.as_deref(), t.effect.as_deref()].map(Option::unwrap_or_default)
}

/// validateOnlyAddedTolerations: every old toleration is still there, bar its tolerationSeconds.
fn only_added_tolerations(new: &[core::Toleration], old: &[core::Toleration], errs: &mut Errs) {
    for o in old {
        if !new.iter().any(|n| toleration_key(n) == toleration_key(o)) {
            errs.push(FieldError::forbidden("spec.tolerations", "existing toleration can not be modified except its tolerationSeconds"));
            return;
        }
    }
    super::validate::tolerations(new, "spec.tolerations", errs);
}

/// validateOnlyDeletedSchedulingGates. Upstream reports new gates in Go's map order, which is
/// random; here they come in list order.
fn only_deleted_scheduling_gates(new: &[core::PodSchedulingGate], old: &[core::PodSchedulingGate], errs: &mut Errs) {
    let mut added: BTreeMap<&str, usize> = BTreeMap::new();
    for (i, g) in new.iter().enumerate() {
        added.insert(&g.name, i);
    }
    for g in old {
        added.remove(g.name.as_str());
    }
    let mut added: Vec<(usize, &str)> = added.into_iter().map(|(n, i)| (i, n)).collect();
    added.sort();
    for (i, name) in added {
        errs.push(FieldError::forbidden(format!("spec.schedulingGates[{i}].name"), format!("only deletion is allowed, but found new scheduling gate '{name}'")));
    }
}

/// validateNodeSelectorMutation: a gated pod's node selector may only gain entries.
fn node_selector_mutation(new: &BTreeMap<String, String>, old: &BTreeMap<String, String>, errs: &mut Errs) {
    if old.iter().any(|(k, v)| new.get(k) != Some(v)) {
        errs.push(FieldError::invalid("spec.nodeSelector", json!(new), "only additions to spec.nodeSelector are allowed (no mutations or deletions)"));
    }
}

/// ValidatePodSpecificAnnotationUpdates: AppArmor beta annotations and the mirror pod annotation
/// cannot be added, changed or removed.
fn annotation_updates(old: &core::Pod, new: &core::Pod, errs: &mut Errs) {
    const APPARMOR: &str = "container.apparmor.security.beta.kubernetes.io/";
    const MIRROR: &str = "kubernetes.io/config.mirror";
    let empty = BTreeMap::new();
    let (oa, na) = (old.metadata.annotations.as_ref().unwrap_or(&empty), new.metadata.annotations.as_ref().unwrap_or(&empty));
    let path = |k: &str| format!("metadata.annotations[{k}]");
    for (k, v) in oa {
        if na.get(k) == Some(v) {
            continue;
        }
        if k.starts_with(APPARMOR) {
            errs.push(FieldError::forbidden(path(k), "may not remove or update AppArmor annotations"));
        }
        if k == MIRROR {
            errs.push(FieldError::forbidden(path(k), "may not remove or update mirror pod annotation"));
        }
    }
    for k in na.keys().filter(|k| !oa.contains_key(*k)) {
        if k.starts_with(APPARMOR) {
            errs.push(FieldError::forbidden(path(k), "may not add AppArmor annotations"));
        }
        if k == MIRROR {
            errs.push(FieldError::forbidden(path(k), "may not add mirror pod annotation"));
        }
    }
}

/// kubectl drops causes whose `field: message` repeats an earlier one (statusCausesToAggrError);
/// upstream's create rules and update rules both report a bad image or toleration.
fn dedup(errs: Errs) -> Errs {
    let mut out: Errs = Vec::with_capacity(errs.len());
    for e in errs {
        if !out.iter().any(|o| o.to_string() == e.to_string()) {
            out.push(e);
        }
    }
    out
}

#[cfg(test)]
#[path = "pod_update_tests.rs"]
mod tests;
