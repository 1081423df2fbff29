//! Defaulting as the apiserver does it on create and update (pkg/apis/*/v1/defaults.go), before validation.

use super::object::Object;
use k8s_openapi::api::apps::v1 as apps;
use k8s_openapi::api::batch::v1 as batch;
use k8s_openapi::api::core::v1 as core;
use k8s_openapi::apimachinery::pkg::util::intstr::IntOrString;

fn or<T>(slot: &mut Option<T>, value: T) {
    if slot.is_none() {
        *slot = Some(value);
    }
}

/// Applies the scheme defaults of `obj`'s kind.
pub fn apply_defaults(obj: &mut Object) {
    match obj {
        Object::Pod(p) => {
            if let Some(spec) = p.spec.as_mut() {
                pod_spec(spec);
                requests_from_limits(spec);
                // SetDefaults_Pod, not SetDefaults_PodSpec: a template keeps it unset (upstream
                // moved it there so templates, and so their pod-template-hash, stay unchanged).
                or(&mut spec.enable_service_links, true);
            }
        }
        Object::Service(s) => service(s),
        Object::Endpoints(e) => {
            // SetDefaults_EndpointPort.
            for p in e.subsets.iter_mut().flatten().flat_map(|s| s.ports.iter_mut().flatten()) {
                or(&mut p.protocol, "TCP".into());
            }
        }
        Object::Secret(s) => secret(s),
        Object::PersistentVolumeClaim(c) => {
            if let Some(spec) = c.spec.as_mut() {
                or(&mut spec.volume_mode, "Filesystem".into());
            }
        }
        Object::PersistentVolume(v) => {
            if let Some(spec) = v.spec.as_mut() {
                or(&mut spec.persistent_volume_reclaim_policy, "Retain".into());
                or(&mut spec.volume_mode, "Filesystem".into());
            }
        }
        Object::PriorityClass(pc) => crate::priorityclass::default(pc),
        Object::StorageClass(sc) => {
            or(&mut sc.reclaim_policy, "Delete".into());
            or(&mut sc.volume_binding_mode, "Immediate".into());
        }
        Object::DaemonSet(d) => daemon_set(d),
        Object::Deployment(d) => deployment(d),
        Object::ReplicaSet(r) => {
            if let Some(spec) = r.spec.as_mut() {
                or(&mut spec.replicas, 1);
                template(spec.template.as_mut());
            }
        }
        Object::StatefulSet(s) => stateful_set(s),
        Object::Job(j) => {
            if let Some(spec) = j.spec.as_mut() {
                job_spec(spec);
            }
        }
        Object::CronJob(c) => cron_job(c),
        Object::Namespace(n) => {
            let spec = n.spec.get_or_insert_with(Default::default);
            or(&mut spec.finalizers, vec!["kubernetes".into()]);
        }
        _ => {}
    }
}

fn template(t: Option<&mut core::PodTemplateSpec>) {
    if let Some(spec) = t.and_then(|t| t.spec.as_mut()) {
        pod_spec(spec);
        service_account_alias(spec);
    }
}

/// The v1 → internal → v1 conversion of the deprecated `serviceAccount` (Convert_v1_PodSpec_To_core
/// and back): it stands in for an empty `serviceAccountName`, and is stored as a copy of it, so a
/// stored template shows both (and hashes with both, as its pod-template-hash). Pods get the same
/// after the ServiceAccount plugin picked their account (admission).
fn service_account_alias(spec: &mut core::PodSpec) {
    if spec.service_account_name.as_deref().is_none_or(str::is_empty) {
        spec.service_account_name = spec.service_account.take().filter(|a| !a.is_empty());
    }
    spec.service_account = spec.service_account_name.clone();
}

/// SetDefaults_Pod: a container's limit with no matching request sets the request (pods only,
/// not pod templates).
fn requests_from_limits(spec: &mut core::PodSpec) {
    for c in spec.containers.iter_mut().chain(spec.init_containers.iter_mut().flatten()) {
        let Some(r) = c.resources.as_mut() else { continue };
        let Some(limits) = r.limits.as_ref().filter(|l| !l.is_empty()) else { continue };
        let requests = r.requests.get_or_insert_with(Default::default);
        for (k, v) in limits {
            requests.entry(k.clone()).or_insert_with(|| v.clone());
        }
    }
}

/// SetDefaults_PodSpec and the per-container defaults.
pub fn pod_spec(spec: &mut core::PodSpec) {
    or(&mut spec.dns_policy, "ClusterFirst".into());
    or(&mut spec.restart_policy, "Always".into());
    or(&mut spec.termination_grace_period_seconds, 30);
    or(&mut spec.security_context, Default::default());
    or(&mut spec.scheduler_name, "default-scheduler".into());
    for c in spec.containers.iter_mut().chain(spec.init_containers.iter_mut().flatten()) {
        container(c);
    }
    for v in spec.volumes.iter_mut().flatten() {
        volume(v);
    }
}

fn container(c: &mut core::Container) {
    // Parsed only when the policy is unset (a pod from a defaulted template has one already).
    if c.image_pull_policy.is_none() {
        let latest = image_tag_is_latest(c.image.as_deref().unwrap_or_default());
        c.image_pull_policy = Some(if latest { "Always" } else { "IfNotPresent" }.into());
    }
    or(&mut c.termination_message_path, "/dev/termination-log".into());
    or(&mut c.termination_message_policy, "File".into());
    or(&mut c.resources, Default::default());
    for p in c.ports.iter_mut().flatten() {
        or(&mut p.protocol, "TCP".into());
    }
    for probe in [&mut c.readiness_probe, &mut c.liveness_probe, &mut c.startup_probe].into_iter().flatten() {
        self::probe(probe);
    }
    for e in c.env.iter_mut().flatten() {
        if let Some(f) = e.value_from.as_mut().and_then(|v| v.field_ref.as_mut()) {
            or(&mut f.api_version, "v1".into());
        }
    }
}

/// `image` with no tag or tag `latest` (and no digest) pulls Always.
/// SetDefaults_Container: `Always` when ParseImageName's tag is `latest` (given, or implied by
/// no tag and no digest), else `IfNotPresent`, which is also what a reference that does not parse
/// gets (its tag is empty).
fn image_tag_is_latest(image: &str) -> bool {
    crate::kubelet::imageref::parse_normalized_named(image).is_ok_and(|n| n.tag.as_deref().unwrap_or(if n.digest.is_some() { "" } else { "latest" }) == "latest")
}

fn probe(p: &mut core::Probe) {
    or(&mut p.timeout_seconds, 1);
    or(&mut p.period_seconds, 10);
    or(&mut p.success_threshold, 1);
    or(&mut p.failure_threshold, 3);
    if let Some(h) = p.http_get.as_mut() {
        or(&mut h.scheme, "HTTP".into());
        or(&mut h.path, "/".into());
    }
}

fn volume(v: &mut core::Volume) {
    if let Some(s) = v.secret.as_mut() {
        or(&mut s.default_mode, 0o644);
    }
    if let Some(c) = v.config_map.as_mut() {
        or(&mut c.default_mode, 0o644);
    }
    // SetDefaults_ProjectedVolumeSource, _ServiceAccountTokenProjection (an hour),
    // _DownwardAPIVolumeSource and _ObjectFieldSelector (apiVersion v1).
    if let Some(p) = v.projected.as_mut() {
        or(&mut p.default_mode, 0o644);
        for s in p.sources.iter_mut().flatten() {
            if let Some(t) = s.service_account_token.as_mut() {
                or(&mut t.expiration_seconds, 3600);
            }
            downward_items(s.downward_api.as_mut().and_then(|d| d.items.as_mut()));
        }
    }
    if let Some(d) = v.downward_api.as_mut() {
        or(&mut d.default_mode, 0o644);
        downward_items(d.items.as_mut());
    }
}

fn downward_items(items: Option<&mut Vec<core::DownwardAPIVolumeFile>>) {
    for f in items.into_iter().flatten().filter_map(|i| i.field_ref.as_mut()) {
        if f.api_version.as_deref().is_none_or(str::is_empty) {
            f.api_version = Some("v1".into());
        }
    }
}

fn service(s: &mut core::Service) {
    let spec = s.spec.get_or_insert_with(Default::default);
    or(&mut spec.type_, "ClusterIP".into());
    or(&mut spec.session_affinity, "None".into());
    or(&mut spec.internal_traffic_policy, "Cluster".into());
    for p in spec.ports.iter_mut().flatten() {
        or(&mut p.protocol, "TCP".into());
        or(&mut p.target_port, IntOrString::Int(p.port));
    }
}

/// The apiserver folds `stringData` into `data` and defaults the type.
fn secret(s: &mut core::Secret) {
    or(&mut s.type_, "Opaque".into());
    if let Some(sd) = s.string_data.take() {
        let data = s.data.get_or_insert_with(Default::default);
        for (k, v) in sd {
            data.insert(k, k8s_openapi::ByteString(v.into_bytes()));
        }
    }
}

fn deployment(d: &mut apps::Deployment) {
    let Some(spec) = d.spec.as_mut() else { return };
    or(&mut spec.replicas, 1);
    or(&mut spec.revision_history_limit, 10);
    or(&mut spec.progress_deadline_seconds, 600);
    let strategy = spec.strategy.get_or_insert_with(Default::default);
    or(&mut strategy.type_, "RollingUpdate".into());
    if strategy.type_.as_deref() == Some("RollingUpdate") {
        let ru = strategy.rolling_update.get_or_insert_with(Default::default);
        or(&mut ru.max_unavailable, IntOrString::String("25%".into()));
        or(&mut ru.max_surge, IntOrString::String("25%".into()));
    }
    template(Some(&mut spec.template));
}

/// SetDefaults_DaemonSet: RollingUpdate one node at a time, no surge, ten revisions kept.
fn daemon_set(d: &mut apps::DaemonSet) {
    let Some(spec) = d.spec.as_mut() else { return };
    or(&mut spec.revision_history_limit, 10);
    let strategy = spec.update_strategy.get_or_insert_with(Default::default);
    or(&mut strategy.type_, "RollingUpdate".into());
    if strategy.type_.as_deref() == Some("RollingUpdate") {
        let ru = strategy.rolling_update.get_or_insert_with(Default::default);
        or(&mut ru.max_unavailable, IntOrString::Int(1));
        or(&mut ru.max_surge, IntOrString::Int(0));
    }
    template(Some(&mut spec.template));
}

fn stateful_set(s: &mut apps::StatefulSet) {
    let Some(spec) = s.spec.as_mut() else { return };
    or(&mut spec.replicas, 1);
    or(&mut spec.pod_management_policy, "OrderedReady".into());
    or(&mut spec.revision_history_limit, 10);
    let strategy = spec.update_strategy.get_or_insert_with(Default::default);
    or(&mut strategy.type_, "RollingUpdate".into());
    if strategy.type_.as_deref() == Some("RollingUpdate") {
        let ru = strategy.rolling_update.get_or_insert_with(Default::default);
        or(&mut ru.partition, 0);
    }
    let policy = spec.persistent_volume_claim_retention_policy.get_or_insert_with(Default::default);
    or(&mut policy.when_deleted, "Retain".into());
    or(&mut policy.when_scaled, "Retain".into());
    for claim in spec.volume_claim_templates.iter_mut().flatten() {
        if let Some(cs) = claim.spec.as_mut() {
            or(&mut cs.volume_mode, "Filesystem".into());
        }
        claim.status.get_or_insert_with(|| core::PersistentVolumeClaimStatus { phase: Some("Pending".into()), ..Default::default() });
    }
    template(Some(&mut spec.template));
}

/// SetDefaults_Job.
pub fn job_spec(spec: &mut batch::JobSpec) {
    match (spec.completions, spec.parallelism) {
        (None, None) => {
            spec.completions = Some(1);
            spec.parallelism = Some(1);
        }
        (_, None) => spec.parallelism = Some(1),
        _ => {}
    }
    or(&mut spec.backoff_limit, if spec.backoff_limit_per_index.is_some() { i32::MAX } else { 6 });
    or(&mut spec.completion_mode, "NonIndexed".into());
    or(&mut spec.suspend, false);
    or(&mut spec.manual_selector, false);
    let replacement = if spec.pod_failure_policy.is_some() { "Failed" } else { "TerminatingOrFailed" };
    or(&mut spec.pod_replacement_policy, replacement.into());
    // An onPodConditions pattern's status defaults to True.
    for pattern in spec.pod_failure_policy.iter_mut().flat_map(|p| p.rules.iter_mut()).flat_map(|r| r.on_pod_conditions.iter_mut().flatten()) {
        if pattern.status.is_empty() {
            pattern.status = "True".into();
        }
    }
    template(Some(&mut spec.template));
}

fn cron_job(c: &mut batch::CronJob) {
    let Some(spec) = c.spec.as_mut() else { return };
    or(&mut spec.concurrency_policy, "Allow".into());
    or(&mut spec.suspend, false);
    or(&mut spec.successful_jobs_history_limit, 3);
    or(&mut spec.failed_jobs_history_limit, 1);
    if let Some(js) = spec.job_template.spec.as_mut() {
        template(Some(&mut js.template));
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn latest_or_untagged_images_pull_always() {
        assert!(image_tag_is_latest("busybox"));
        assert!(image_tag_is_latest("kiamol/ch03-sleep"));
        assert!(image_tag_is_latest("nginx:latest"));
        assert!(!image_tag_is_latest("postgres:11.6-alpine"));
        assert!(image_tag_is_latest("localhost:5000/app"));
        assert!(!image_tag_is_latest("localhost:5000/app:v1"));
        assert!(!image_tag_is_latest("Busybox"), "a reference that does not parse has no tag");
        assert!(!image_tag_is_latest(&format!("busybox@sha256:{}", "0".repeat(64))));
    }
}
