//! Deployment arithmetic from pkg/controller/deployment/util and controller_utils.go: the
//! pod-template-hash, maxSurge/maxUnavailable fenceposts, revisions, conditions, status, sorting.

use crate::clock::SimTime;
use k8s_openapi::api::apps::v1 as apps;
use k8s_openapi::api::core::v1 as core;
use k8s_openapi::apimachinery::pkg::apis::meta::v1::Time;
use k8s_openapi::apimachinery::pkg::util::intstr::IntOrString;
use std::cmp::Ordering;

pub const HASH_LABEL: &str = "pod-template-hash";
pub const REVISION: &str = "deployment.kubernetes.io/revision";
pub const REVISION_HISTORY: &str = "deployment.kubernetes.io/revision-history";
pub const DESIRED_REPLICAS: &str = "deployment.kubernetes.io/desired-replicas";
pub const MAX_REPLICAS: &str = "deployment.kubernetes.io/max-replicas";
const LAST_APPLIED: &str = "kubectl.kubernetes.io/last-applied-configuration";
const ROLLBACK_TO: &str = "deprecated.deployment.rollback.to";

/// controller.ComputeHash: FNV-32a over the template printed by go-spew (`%#v`,
/// hashutil.DeepHashObject; see `api::gospew`), then the collision count as 8 little-endian bytes,
/// the decimal sum rendered with rand.SafeEncodeString. The same template gives the same name a
/// real v1.33 cluster gives it (`coredns-674b8bbfcf`).
pub fn compute_hash(template: &core::PodTemplateSpec, collision_count: Option<i32>) -> String {
    let mut h = Fnv32a(0x811c_9dc5);
    let json = serde_json::to_value(template).unwrap_or_default();
    // Writing into the hasher cannot fail.
    let _ = crate::api::gospew::write_pod_template(&mut h, &json);
    if let Some(c) = collision_count {
        let mut bytes = [0u8; 8];
        bytes[..4].copy_from_slice(&(c as u32).to_le_bytes());
        h.feed(&bytes);
    }
    safe_encode(&h.0.to_string())
}

/// hash/fnv's New32a, fed through fmt::Write so the dump is hashed as it is printed.
struct Fnv32a(u32);

impl Fnv32a {
    fn feed(&mut self, bytes: &[u8]) {
        for &b in bytes {
            self.0 = (self.0 ^ u32::from(b)).wrapping_mul(0x0100_0193);
        }
    }
}

impl std::fmt::Write for Fnv32a {
    fn write_str(&mut self, s: &str) -> std::fmt::Result {
        self.feed(s.as_bytes());
        Ok(())
    }
}

/// rand.SafeEncodeString: each byte picks from an alphabet without vowels or confusable characters.
fn safe_encode(s: &str) -> String {
    const ALPHANUMS: &[u8] = b"bcdfghjklmnpqrstvwxz2456789";
    s.bytes().map(|b| ALPHANUMS[b as usize % ALPHANUMS.len()] as char).collect()
}

/// intstr.GetScaledValueFromIntOrPercent: percentages of `total`, rounded up or down.
pub fn scaled(v: Option<&IntOrString>, total: i32, round_up: bool) -> i32 {
    match v {
        None => 0,
        Some(IntOrString::Int(i)) => *i,
        Some(IntOrString::String(s)) => {
            let pct: i64 = s.trim_end_matches('%').parse().unwrap_or(0);
            let prod = pct * i64::from(total);
            let v = if round_up { (prod + 99).div_euclid(100) } else { prod.div_euclid(100) };
            v.clamp(i64::from(i32::MIN), i64::from(i32::MAX)) as i32
        }
    }
}

pub fn replicas(d: &apps::Deployment) -> i32 {
    d.spec.as_ref().and_then(|s| s.replicas).unwrap_or(1)
}

pub fn rs_replicas(rs: &apps::ReplicaSet) -> i32 {
    rs.spec.as_ref().and_then(|s| s.replicas).unwrap_or(1)
}

pub fn is_rolling(d: &apps::Deployment) -> bool {
    d.spec.as_ref().and_then(|s| s.strategy.as_ref()).and_then(|s| s.type_.as_deref()).unwrap_or("RollingUpdate") == "RollingUpdate"
}

/// ResolveFenceposts: (maxSurge rounded up, maxUnavailable rounded down; 1 if both are 0).
fn fenceposts(d: &apps::Deployment) -> (i32, i32) {
    let ru = d.spec.as_ref().and_then(|s| s.strategy.as_ref()).and_then(|s| s.rolling_update.as_ref());
    let desired = replicas(d);
    let surge = scaled(ru.and_then(|r| r.max_surge.as_ref()), desired, true);
    let mut unavailable = scaled(ru.and_then(|r| r.max_unavailable.as_ref()), desired, false);
    if surge == 0 && unavailable == 0 {
        unavailable = 1;
    }
    (surge, unavailable)
}

pub fn max_surge(d: &apps::Deployment) -> i32 {
    if !is_rolling(d) { 0 } else { fenceposts(d).0 }
}

pub fn max_unavailable(d: &apps::Deployment) -> i32 {
    if !is_rolling(d) || replicas(d) == 0 {
        return 0;
    }
    fenceposts(d).1.min(replicas(d))
}

pub fn annotation<'a>(rs: &'a apps::ReplicaSet, k: &str) -> Option<&'a str> {
    rs.metadata.annotations.as_ref().and_then(|a| a.get(k)).map(String::as_str)
}

/// deploymentutil.Revision (0 when missing or unparsable).
pub fn revision(rs: &apps::ReplicaSet) -> i64 {
    annotation(rs, REVISION).and_then(|v| v.parse().ok()).unwrap_or(0)
}

/// SetReplicasAnnotations; true if anything changed.
pub fn set_replicas_annotations(rs: &mut apps::ReplicaSet, desired: i32, max: i32) -> bool {
    let a = rs.metadata.annotations.get_or_insert_with(Default::default);
    let mut changed = false;
    for (k, v) in [(DESIRED_REPLICAS, desired.to_string()), (MAX_REPLICAS, max.to_string())] {
        if a.get(k) != Some(&v) {
            a.insert(k.into(), v);
            changed = true;
        }
    }
    changed
}

/// SetNewReplicaSetAnnotations: the Deployment's own annotations (minus the skipped ones), the
/// revision if it grows (keeping revision-history when rolling back), and for a new set the replica
/// annotations.
pub fn set_new_rs_annotations(d: &apps::Deployment, rs: &mut apps::ReplicaSet, new_revision: i64, exists: bool) -> bool {
    let mut changed = false;
    let a = rs.metadata.annotations.get_or_insert_with(Default::default);
    for (k, v) in d.metadata.annotations.iter().flatten() {
        let skip = [LAST_APPLIED, REVISION, REVISION_HISTORY, DESIRED_REPLICAS, MAX_REPLICAS, ROLLBACK_TO].contains(&k.as_str());
        if !skip && a.get(k) != Some(v) {
            a.insert(k.clone(), v.clone());
            changed = true;
        }
    }
    let old = a.get(REVISION).cloned();
    let old_n: i64 = match old.as_deref() {
        None | Some("") => 0,
        Some(s) => match s.parse() {
            Ok(n) => n,
            Err(_) => return changed,
        },
    };
    if old_n < new_revision {
        a.insert(REVISION.into(), new_revision.to_string());
        changed = true;
        if let Some(o) = old.filter(|o| !o.is_empty()) {
            let hist = a.get(REVISION_HISTORY).cloned().unwrap_or_default();
            a.insert(REVISION_HISTORY.into(), if hist.is_empty() { o } else { format!("{hist},{o}") });
        }
    }
    if !exists && set_replicas_annotations(rs, replicas(d), replicas(d) + max_surge(d)) {
        changed = true;
    }
    changed
}

/// EqualIgnoreHash: the templates are equal once the pod-template-hash label is dropped.
pub fn equal_ignore_hash(a: &core::PodTemplateSpec, b: &core::PodTemplateSpec) -> bool {
    let strip = |t: &core::PodTemplateSpec| {
        let mut t = t.clone();
        if let Some(l) = t.metadata.as_mut().and_then(|m| m.labels.as_mut()) {
            l.remove(HASH_LABEL);
        }
        // An empty label map and no label map are the same to apiequality.Semantic.
        if let Some(m) = t.metadata.as_mut() {
            if m.labels.as_ref().is_some_and(|l| l.is_empty()) {
                m.labels = None;
            }
        }
        serde_json::to_value(t).unwrap_or_default()
    };
    strip(a) == strip(b)
}

fn created_ms(rs: &apps::ReplicaSet) -> i64 {
    rs.metadata.creation_timestamp.as_ref().map_or(0, |t| t.0.as_millisecond())
}

/// ReplicaSetsByCreationTimestamp: older first, ties by name.
pub fn by_creation(a: &apps::ReplicaSet, b: &apps::ReplicaSet) -> Ordering {
    created_ms(a).cmp(&created_ms(b)).then_with(|| a.metadata.name.cmp(&b.metadata.name))
}

/// ReplicaSetsBySizeNewer: larger first, equal sizes newer first.
pub fn by_size_newer(a: &apps::ReplicaSet, b: &apps::ReplicaSet) -> Ordering {
    rs_replicas(b).cmp(&rs_replicas(a)).then_with(|| by_creation(b, a))
}

/// ReplicaSetsBySizeOlder: larger first, equal sizes older first.
pub fn by_size_older(a: &apps::ReplicaSet, b: &apps::ReplicaSet) -> Ordering {
    rs_replicas(b).cmp(&rs_replicas(a)).then_with(|| by_creation(a, b))
}

/// ReplicaSetsByRevision: lower revision first, ties by creation.
pub fn by_revision(a: &apps::ReplicaSet, b: &apps::ReplicaSet) -> Ordering {
    revision(a).cmp(&revision(b)).then_with(|| by_creation(a, b))
}

pub fn status_replicas(rs: &apps::ReplicaSet) -> i32 {
    rs.status.as_ref().map_or(0, |s| s.replicas)
}
pub fn available(rs: &apps::ReplicaSet) -> i32 {
    rs.status.as_ref().and_then(|s| s.available_replicas).unwrap_or(0)
}
fn ready(rs: &apps::ReplicaSet) -> i32 {
    rs.status.as_ref().and_then(|s| s.ready_replicas).unwrap_or(0)
}

pub fn time(now: SimTime) -> Time {
    crate::kubelet::status::time(now)
}

pub fn condition<'a>(st: &'a apps::DeploymentStatus, type_: &str) -> Option<&'a apps::DeploymentCondition> {
    st.conditions.as_ref()?.iter().find(|c| c.type_ == type_)
}

pub fn new_condition(type_: &str, status: &str, reason: &str, message: String, now: SimTime) -> apps::DeploymentCondition {
    apps::DeploymentCondition {
        type_: type_.into(),
        status: status.into(),
        reason: Some(reason.into()),
        message: Some(message),
        last_update_time: Some(time(now)),
        last_transition_time: Some(time(now)),
    }
}

/// SetDeploymentCondition: no change for the same status and reason; lastTransitionTime kept when
/// only the reason changes; the condition moves to the end of the list.
pub fn set_condition(st: &mut apps::DeploymentStatus, mut c: apps::DeploymentCondition) {
    if let Some(cur) = condition(st, &c.type_) {
        if cur.status == c.status && cur.reason == c.reason {
            return;
        }
        if cur.status == c.status {
            c.last_transition_time = cur.last_transition_time.clone();
        }
    }
    remove_condition(st, &c.type_);
    st.conditions.get_or_insert_with(Vec::new).push(c);
}

pub fn remove_condition(st: &mut apps::DeploymentStatus, type_: &str) {
    if let Some(cs) = st.conditions.as_mut() {
        cs.retain(|c| c.type_ != type_);
        if cs.is_empty() {
            st.conditions = None;
        }
    }
}

pub fn has_progress_deadline(d: &apps::Deployment) -> bool {
    d.spec.as_ref().and_then(|s| s.progress_deadline_seconds).is_some_and(|p| p != i32::MAX)
}

/// sync.go calculateStatus, with Go's omitempty turned into `None`.
pub fn calculate_status(all: &[&apps::ReplicaSet], new_rs: Option<&apps::ReplicaSet>, d: &apps::Deployment, now: SimTime) -> apps::DeploymentStatus {
    let avail: i32 = all.iter().map(|r| available(r)).sum();
    let total: i32 = all.iter().map(|r| rs_replicas(r)).sum();
    let unavailable = (total - avail).max(0);
    let nz = |n: i32| (n != 0).then_some(n);
    let old = d.status.clone().unwrap_or_default();
    let mut st = apps::DeploymentStatus {
        observed_generation: d.metadata.generation,
        replicas: nz(all.iter().map(|r| status_replicas(r)).sum()),
        updated_replicas: nz(new_rs.map_or(0, status_replicas)),
        ready_replicas: nz(all.iter().map(|r| ready(r)).sum()),
        available_replicas: nz(avail),
        unavailable_replicas: nz(unavailable),
        collision_count: old.collision_count,
        conditions: old.conditions.clone(),
        terminating_replicas: None,
    };
    if avail >= replicas(d) - max_unavailable(d) {
        set_condition(&mut st, new_condition("Available", "True", "MinimumReplicasAvailable", "Deployment has minimum availability.".into(), now));
    } else {
        set_condition(&mut st, new_condition("Available", "False", "MinimumReplicasUnavailable", "Deployment does not have minimum availability.".into(), now));
    }
    st
}

fn n(v: Option<i32>) -> i32 {
    v.unwrap_or(0)
}

/// DeploymentComplete: every desired replica updated and available, no old ones, generation seen.
pub fn complete(d: &apps::Deployment, st: &apps::DeploymentStatus) -> bool {
    let want = replicas(d);
    n(st.updated_replicas) == want && n(st.replicas) == want && n(st.available_replicas) == want && st.observed_generation.unwrap_or(0) >= d.metadata.generation.unwrap_or(0)
}

/// DeploymentProgressing: more updated, fewer old, more ready or more available than before.
pub fn progressing(d: &apps::Deployment, st: &apps::DeploymentStatus) -> bool {
    let old = d.status.clone().unwrap_or_default();
    let old_old = n(old.replicas) - n(old.updated_replicas);
    let new_old = n(st.replicas) - n(st.updated_replicas);
    n(st.updated_replicas) > n(old.updated_replicas) || new_old < old_old || n(st.ready_replicas) > n(old.ready_replicas) || n(st.available_replicas) > n(old.available_replicas)
}

/// DeploymentTimedOut: the Progressing condition was last updated more than
/// progressDeadlineSeconds ago (strictly).
pub fn timed_out(d: &apps::Deployment, st: &apps::DeploymentStatus, now: SimTime) -> bool {
    if !has_progress_deadline(d) {
        return false;
    }
    let Some(c) = condition(st, "Progressing") else { return false };
    match c.reason.as_deref() {
        Some("NewReplicaSetAvailable") => false,
        Some("ProgressDeadlineExceeded") => true,
        _ => {
            let from = c.last_update_time.as_ref().map_or(0, |t| t.0.as_millisecond());
            let deadline = i64::from(d.spec.as_ref().and_then(|s| s.progress_deadline_seconds).unwrap_or(600)) * 1000;
            from + deadline < now.ms()
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn fenceposts_round_like_upstream() {
        let ios = |s: &str| IntOrString::String(s.into());
        assert_eq!(scaled(Some(&ios("25%")), 1, true), 1);
        assert_eq!(scaled(Some(&ios("25%")), 1, false), 0);
        assert_eq!(scaled(Some(&ios("25%")), 10, true), 3);
        assert_eq!(scaled(Some(&ios("25%")), 10, false), 2);
        assert_eq!(scaled(Some(&IntOrString::Int(2)), 10, false), 2);
    }

    /// The stored (defaulted) template of the add-on Deployment `name` as kubeplay boots it.
    fn addon_template(name: &str) -> core::PodTemplateSpec {
        use crate::api::object::Object;
        let mut obj = crate::bootstrap_addons::ADDONS
            .iter()
            .filter_map(|doc| crate::bootstrap::parse(doc))
            .find(|o| matches!(o, Object::Deployment(_)) && o.name() == name)
            .expect("the add-on");
        crate::api::defaults::apply_defaults(&mut obj);
        let Object::Deployment(d) = obj else { unreachable!("a Deployment") };
        d.spec.expect("a spec").template
    }

    /// What real v1.33 clusters (kind v0.29, minikube, kubeadm) name these ReplicaSets.
    #[test]
    fn hashes_match_a_real_cluster() {
        assert_eq!(compute_hash(&addon_template("coredns"), None), "674b8bbfcf");
        assert_eq!(compute_hash(&addon_template("local-path-provisioner"), None), "7dc846544d");
        assert_ne!(compute_hash(&addon_template("coredns"), Some(1)), "674b8bbfcf");
    }

    #[test]
    fn hash_is_safe_encoded_and_stable() {
        let t = core::PodTemplateSpec::default();
        let a = compute_hash(&t, None);
        assert_eq!(a, compute_hash(&t, None));
        assert!(a.chars().all(|c| "456789bcdf".contains(c)), "{a}");
        assert_ne!(a, compute_hash(&t, Some(1)));
        // SafeEncodeString maps the decimal digits: '0'..'9' → "456789bcdf".
        assert_eq!(safe_encode("0123456789"), "456789bcdf");
    }
}
