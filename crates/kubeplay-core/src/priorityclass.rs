//! PriorityClasses: the two system classes the apiserver creates at start-up
//! (pkg/registry/scheduling/rest/storage_scheduling.go, from pkg/apis/scheduling/v1/helpers.go),
//! their validation (pkg/apis/scheduling/validation), the REST storage's refusal to delete them
//! (pkg/registry/scheduling/priorityclass/storage), and the Priority admission plugin
//! (plugin/pkg/admission/priority): a pod's priority and preemptionPolicy from its class or the
//! global default, and one global default at most.

use crate::api::errors::{go_quote, ApiError, FieldError};
use crate::api::{Kind, Object};
use crate::store::Store;
use k8s_openapi::api::core::v1 as core;
use k8s_openapi::api::scheduling::v1::PriorityClass;
use serde_json::json;

/// SystemPriorityClasses, in the order the post-start hook creates them: name, value, description.
pub(crate) const SYSTEM: &[(&str, i32, &str)] = &[
    ("system-node-critical", SYSTEM_CRITICAL + 1000, "Used for system critical pods that must not be moved from their current node."),
    ("system-cluster-critical", SYSTEM_CRITICAL, "Used for system critical pods that must run in the cluster, but can be moved to another node if necessary."),
];

/// scheduling.SystemCriticalPriority (2 * HighestUserDefinablePriority).
const SYSTEM_CRITICAL: i32 = 2 * HIGHEST_USER_DEFINABLE;
/// scheduling.HighestUserDefinablePriority.
const HIGHEST_USER_DEFINABLE: i32 = 1_000_000_000;
/// scheduling.SystemPriorityClassPrefix.
const SYSTEM_PREFIX: &str = "system-";
/// v1.PreemptLowerPriority, what SetDefaults_PriorityClass fills in and what a pod gets without
/// any class.
pub(crate) const PREEMPT_LOWER: &str = "PreemptLowerPriority";

/// The system classes as the hook sends them (no preemptionPolicy: defaulting adds it).
pub(crate) fn system_classes() -> Vec<Object> {
    SYSTEM
        .iter()
        .map(|(name, value, description)| {
            let pc = PriorityClass { metadata: k8s_openapi::apimachinery::pkg::apis::meta::v1::ObjectMeta { name: Some(name.to_string()), ..Default::default() }, value: *value, description: Some(description.to_string()), ..Default::default() };
            Object::PriorityClass(Box::new(pc))
        })
        .collect()
}

/// SetDefaults_PriorityClass.
pub(crate) fn default(pc: &mut PriorityClass) {
    pc.preemption_policy.get_or_insert_with(|| PREEMPT_LOWER.into());
}

/// ValidatePriorityClass (the object metadata is checked by the caller).
pub(crate) fn validate(pc: &PriorityClass, errs: &mut Vec<FieldError>) {
    let name = pc.metadata.name.as_deref().unwrap_or("");
    let global_default = pc.global_default.unwrap_or(false);
    if name.starts_with(SYSTEM_PREFIX) {
        if let Err(e) = known_system_class(name, pc.value, global_default) {
            errs.push(FieldError::forbidden("metadata.name", format!("priority class names with '{SYSTEM_PREFIX}' prefix are reserved for system use only. error: {e}")));
        }
    } else if pc.value > HIGHEST_USER_DEFINABLE {
        errs.push(FieldError::forbidden("value", format!("maximum allowed value of a user defined priority is {HIGHEST_USER_DEFINABLE}")));
    }
    if let Some(policy) = pc.preemption_policy.as_deref() {
        preemption_policy(policy, "preemptionPolicy", errs);
    }
}

/// ValidatePreemptionPolicy.
fn preemption_policy(policy: &str, path: &str, errs: &mut Vec<FieldError>) {
    match policy {
        PREEMPT_LOWER | "Never" => {}
        "" => errs.push(FieldError::required(path, "")),
        other => errs.push(FieldError::not_supported(path, other, &[PREEMPT_LOWER, "Never"])),
    }
}

/// IsKnownSystemPriorityClass: a `system-` class must be one of the system classes exactly.
fn known_system_class(name: &str, value: i32, global_default: bool) -> Result<(), String> {
    match SYSTEM.iter().find(|(n, ..)| *n == name) {
        Some((n, v, _)) if *v != value => Err(format!("value of {n} PriorityClass must be {v}")),
        // No system class is a global default.
        Some((n, ..)) if global_default => Err(format!("globalDefault of {n} PriorityClass must be false")),
        Some(_) => Ok(()),
        None => Err(format!("{name} is not a known system priority class")),
    }
}

/// ValidatePriorityClassUpdate: the metadata (checked by the caller), then value and
/// preemptionPolicy, which may not change; nothing else of the class is checked again.
pub(crate) fn validate_update(old: &PriorityClass, new: &PriorityClass, errs: &mut Vec<FieldError>) {
    if new.value != old.value {
        errs.push(FieldError::forbidden("value", "may not be changed in an update."));
    }
    if new.preemption_policy != old.preemption_policy {
        errs.push(FieldError::invalid("preemptionPolicy", json!(new.preemption_policy), "field is immutable"));
    }
}

/// The REST storage's Delete: a system class cannot be deleted.
pub(crate) fn check_delete(kind: Kind, name: &str) -> Result<(), ApiError> {
    if kind == Kind::PriorityClass && SYSTEM.iter().any(|(n, ..)| *n == name) {
        return Err(ApiError::Forbidden(format!("priorityclasses.scheduling.k8s.io {} is forbidden: this is a system priority class and cannot be deleted", go_quote(name))));
    }
    Ok(())
}

/// The Priority plugin's validatePriorityClass, after validation: a class marked globalDefault
/// while another class is the default is forbidden (an update may keep its own mark).
pub(crate) fn admit_class(store: &Store, pc: &PriorityClass, updating: bool) -> Result<(), ApiError> {
    if !pc.global_default.unwrap_or(false) {
        return Ok(());
    }
    let name = pc.metadata.name.as_deref().unwrap_or("");
    match default_class(store) {
        Some(d) if !updating || d.metadata.name.as_deref() != Some(name) => {
            let other = d.metadata.name.as_deref().unwrap_or("");
            Err(ApiError::Forbidden(format!("priorityclasses.scheduling.k8s.io {} is forbidden: PriorityClass {other} is already marked as default. Only one default can exist", go_quote(name))))
        }
        _ => Ok(()),
    }
}

/// getDefaultPriorityClass: of the classes marked globalDefault, the one with the lowest value
/// (the plugin lists its informer's cache, whose order Go leaves open; among equal values the
/// first by name is taken here, so the choice is stable).
fn default_class(store: &Store) -> Option<&PriorityClass> {
    store
        .list(Kind::PriorityClass, None)
        .filter_map(|o| if let Object::PriorityClass(pc) = o { Some(pc.as_ref()) } else { None })
        .filter(|pc| pc.global_default.unwrap_or(false))
        .fold(None, |best: Option<&PriorityClass>, pc| match best {
            Some(b) if b.value <= pc.value => Some(b),
            _ => Some(pc),
        })
}

/// The Priority plugin's admitPod on create: the class named (or the global default, whose name
/// the pod then carries) gives the priority and preemptionPolicy; a class that does not exist, or
/// a priority or preemptionPolicy given that differs from the class's, is forbidden.
pub(crate) fn admit_pod(store: &Store, pod: &mut core::Pod, request_name: &str) -> Result<(), ApiError> {
    let Some(spec) = pod.spec.as_mut() else { return Ok(()) };
    let name_q = go_quote(if request_name.is_empty() { "Unknown" } else { request_name });
    let (value, policy) = match spec.priority_class_name.as_deref().filter(|n| !n.is_empty()) {
        None => match default_class(store) {
            Some(d) => {
                spec.priority_class_name = d.metadata.name.clone();
                (d.value, d.preemption_policy.clone())
            }
            // DefaultPriorityWhenNoDefaultClassExists.
            None => (0, Some(PREEMPT_LOWER.to_string())),
        },
        Some(class) => match store.lookup(Kind::PriorityClass, "", class) {
            Some(Object::PriorityClass(pc)) => (pc.value, pc.preemption_policy.clone()),
            _ => return Err(ApiError::Forbidden(format!("pods {name_q} is forbidden: no PriorityClass with name {class} was found"))),
        },
    };
    if let Some(given) = spec.priority.filter(|g| *g != value) {
        return Err(ApiError::Forbidden(format!("pods {name_q} is forbidden: the integer value of priority ({given}) must not be provided in pod spec; priority admission controller computed {value} from the given PriorityClass name")));
    }
    spec.priority = Some(value);
    if let Some(policy) = policy {
        if let Some(given) = spec.preemption_policy.as_deref().filter(|g| *g != policy) {
            return Err(ApiError::Forbidden(format!("pods {name_q} is forbidden: the string value of PreemptionPolicy ({given}) must not be provided in pod spec; priority admission controller computed {policy} from the given PriorityClass name")));
        }
        spec.preemption_policy = Some(policy);
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn class(name: &str, value: i32, global_default: bool) -> PriorityClass {
        PriorityClass { metadata: k8s_openapi::apimachinery::pkg::apis::meta::v1::ObjectMeta { name: Some(name.into()), ..Default::default() }, value, global_default: Some(global_default), preemption_policy: Some(PREEMPT_LOWER.into()), ..Default::default() }
    }

    fn errors(pc: &PriorityClass) -> Vec<String> {
        let mut errs = Vec::new();
        validate(pc, &mut errs);
        errs.iter().map(|e| e.to_string()).collect()
    }

    #[test]
    fn system_names_and_values_are_reserved() {
        assert!(errors(&class("system-node-critical", 2_000_001_000, false)).is_empty());
        assert_eq!(errors(&class("system-node-critical", 5, false)), ["metadata.name: Forbidden: priority class names with 'system-' prefix are reserved for system use only. error: value of system-node-critical PriorityClass must be 2000001000"]);
        assert_eq!(errors(&class("system-cluster-critical", 2_000_000_000, true)), ["metadata.name: Forbidden: priority class names with 'system-' prefix are reserved for system use only. error: globalDefault of system-cluster-critical PriorityClass must be false"]);
        assert_eq!(errors(&class("system-mine", 1, false)), ["metadata.name: Forbidden: priority class names with 'system-' prefix are reserved for system use only. error: system-mine is not a known system priority class"]);
        assert_eq!(errors(&class("high", 1_000_000_001, false)), ["value: Forbidden: maximum allowed value of a user defined priority is 1000000000"]);
        assert!(errors(&class("high", 1_000_000_000, false)).is_empty());
        let mut odd = class("odd", 1, false);
        odd.preemption_policy = Some("Sometimes".into());
        assert_eq!(errors(&odd), ["preemptionPolicy: Unsupported value: \"Sometimes\": supported values: \"PreemptLowerPriority\", \"Never\""]);
    }

    #[test]
    fn only_system_classes_are_protected_from_deletion() {
        assert!(check_delete(Kind::PriorityClass, "system-cluster-critical").is_err());
        assert!(check_delete(Kind::PriorityClass, "high").is_ok());
        assert!(check_delete(Kind::ConfigMap, "system-cluster-critical").is_ok());
    }
}
