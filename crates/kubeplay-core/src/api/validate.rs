//! Validation on create and update with the apiserver's field paths and messages
//! (pkg/apis/core|apps|batch/validation). Runs after defaulting, on the typed object.

use super::errors::FieldError;
use super::names;
use super::object::Object;
use super::quantity::Qty;
use k8s_openapi::api::core::v1 as core;
use k8s_openapi::apimachinery::pkg::apis::meta::v1::{LabelSelector, ObjectMeta};
use serde_json::{json, Value};
use std::collections::BTreeMap;

type Errs = Vec<FieldError>;

/// A field path, formatted only when an error names it: a valid object (nearly every create)
/// then formats none of the dozen paths its pod spec has.
#[derive(Clone, Copy)]
struct Path<'a> {
    parent: Option<&'a Path<'a>>,
    step: Step<'a>,
}

#[derive(Clone, Copy)]
enum Step<'a> {
    /// The path's first text (may hold dots itself: `spec.template`).
    Root(&'a str),
    /// `.field`
    Field(&'a str),
    /// `[i]`
    Index(usize),
}

impl<'a> Path<'a> {
    fn new(root: &'a str) -> Self {
        Path { parent: None, step: Step::Root(root) }
    }

    fn field(&'a self, name: &'a str) -> Path<'a> {
        Path { parent: Some(self), step: Step::Field(name) }
    }

    fn index(&'a self, i: usize) -> Path<'a> {
        Path { parent: Some(self), step: Step::Index(i) }
    }
}

impl std::fmt::Display for Path<'_> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        if let Some(p) = self.parent {
            p.fmt(f)?;
        }
        match self.step {
            Step::Root(s) => f.write_str(s),
            Step::Field(s) => write!(f, ".{s}"),
            Step::Index(i) => write!(f, "[{i}]"),
        }
    }
}

/// Which name rule a kind's `metadata.name` follows.
#[derive(Clone, Copy)]
enum NameRule {
    Subdomain,
    Label,
    Dns1035,
}

/// Validates a new object.
pub fn validate_create(obj: &Object) -> Errs {
    let mut errs = validate_metadata(obj);
    match obj {
        Object::Pod(p) => match &p.spec {
            Some(spec) => pod_spec(spec, Path::new("spec"), &mut errs),
            None => errs.push(FieldError::required("spec.containers", "")),
        },
        Object::StatefulSet(s) => stateful_set(s.spec.as_ref(), &mut errs),
        Object::Deployment(d) => {
            if let Some(spec) = &d.spec {
                replicas(spec.replicas, Path::new("spec.replicas"), &mut errs);
                workload_selector(Some(&spec.selector), Some(&spec.template), "deployment", &mut errs);
                template_spec(Some(&spec.template), Path::new("spec.template"), &["Always"], &mut errs);
            }
        }
        Object::DaemonSet(d) => {
            if let Some(spec) = &d.spec {
                workload_selector(Some(&spec.selector), Some(&spec.template), "daemonset", &mut errs);
                template_spec(Some(&spec.template), Path::new("spec.template"), &["Always"], &mut errs);
            }
        }
        Object::ReplicaSet(r) => {
            if let Some(spec) = &r.spec {
                replicas(spec.replicas, Path::new("spec.replicas"), &mut errs);
                workload_selector(Some(&spec.selector), spec.template.as_ref(), "replicaset", &mut errs);
                template_spec(spec.template.as_ref(), Path::new("spec.template"), &["Always"], &mut errs);
            }
        }
        Object::Job(j) => {
            if let Some(spec) = &j.spec {
                job_spec(spec, Path::new("spec"), &mut errs);
            }
        }
        Object::CronJob(c) => cron_job(c, &mut errs),
        Object::Service(s) => service(s, &mut errs),
        Object::Endpoints(e) => endpoints(e, &mut errs),
        Object::PersistentVolumeClaim(c) => pvc_spec(c.spec.as_ref(), Path::new("spec"), &mut errs),
        Object::ConfigMap(c) => {
            for k in c.data.iter().flat_map(|d| d.keys()) {
                config_key(k, "data", &mut errs);
            }
        }
        Object::Secret(s) => {
            for k in s.data.iter().flat_map(|d| d.keys()) {
                config_key(k, "data", &mut errs);
            }
        }
        Object::PriorityClass(pc) => crate::priorityclass::validate(pc, &mut errs),
        _ => {}
    }
    errs
}

/// The metadata part of [`validate_create`]: the name under the kind's rule, labels, annotations.
pub fn validate_metadata(obj: &Object) -> Errs {
    let mut errs = Vec::new();
    let rule = match obj {
        Object::StatefulSet(_) | Object::Namespace(_) => NameRule::Label,
        Object::Service(_) => NameRule::Dns1035,
        _ => NameRule::Subdomain,
    };
    object_meta(obj.meta(), rule, &mut errs);
    errs
}

fn object_meta(meta: &ObjectMeta, rule: NameRule, errs: &mut Errs) {
    match meta.name.as_deref() {
        None | Some("") if meta.generate_name.is_none() => {
            errs.push(FieldError::required("metadata.name", "name or generateName is required"))
        }
        Some(name) if !name.is_empty() => {
            let msgs = match rule {
                NameRule::Subdomain => names::dns1123_subdomain(name),
                NameRule::Label => names::dns1123_label(name),
                NameRule::Dns1035 => names::dns1035_label(name),
            };
            for m in msgs {
                errs.push(FieldError::invalid("metadata.name", json!(name), m));
            }
        }
        _ => {}
    }
    labels(meta.labels.as_ref(), Path::new("metadata.labels"), errs);
    for k in meta.annotations.iter().flat_map(|a| a.keys()) {
        for m in names::qualified_name(k) {
            errs.push(FieldError::invalid("metadata.annotations", json!(k), m));
        }
    }
}

fn labels(labels: Option<&BTreeMap<String, String>>, path: Path<'_>, errs: &mut Errs) {
    for (k, v) in labels.into_iter().flatten() {
        for m in names::qualified_name(k) {
            errs.push(FieldError::invalid(path.to_string(), json!(k), m));
        }
        for m in names::label_value(v) {
            errs.push(FieldError::invalid(path.to_string(), json!(v), m));
        }
    }
}

fn non_negative(v: Option<i32>, path: Path<'_>, errs: &mut Errs) {
    if let Some(n) = v.filter(|n| *n < 0) {
        errs.push(FieldError::invalid(path.to_string(), json!(n), "must be greater than or equal to 0"));
    }
}

fn replicas(v: Option<i32>, path: Path<'_>, errs: &mut Errs) {
    non_negative(v, path, errs);
}

fn stateful_set(spec: Option<&k8s_openapi::api::apps::v1::StatefulSetSpec>, errs: &mut Errs) {
    let Some(spec) = spec else { return };
    match spec.pod_management_policy.as_deref() {
        Some("OrderedReady") | Some("Parallel") => {}
        Some("") | None => errs.push(FieldError::required("spec.podManagementPolicy", "")),
        Some(other) => errs.push(FieldError::invalid("spec.podManagementPolicy", json!(other), "must be 'OrderedReady' or 'Parallel'")),
    }
    if let Some(us) = &spec.update_strategy {
        match us.type_.as_deref() {
            Some("RollingUpdate") => {
                if let Some(ru) = &us.rolling_update {
                    non_negative(ru.partition, Path::new("spec.updateStrategy.rollingUpdate.partition"), errs);
                }
            }
            Some("OnDelete") => {
                if us.rolling_update.is_some() {
                    errs.push(FieldError::invalid("spec.updateStrategy.rollingUpdate", json!(serde_json::to_value(&us.rolling_update).unwrap_or_default()), "only allowed for updateStrategy 'RollingUpdate'"));
                }
            }
            Some("") | None => errs.push(FieldError::required("spec.updateStrategy", "")),
            Some(other) => errs.push(FieldError::invalid("spec.updateStrategy", json!(other), "must be 'RollingUpdate' or 'OnDelete'")),
        }
    }
    if let Some(p) = &spec.persistent_volume_claim_retention_policy {
        for (field, v) in [("whenDeleted", &p.when_deleted), ("whenScaled", &p.when_scaled)] {
            if let Some(v) = v.as_deref().filter(|v| !matches!(*v, "Retain" | "Delete")) {
                errs.push(FieldError::not_supported(format!("spec.persistentVolumeClaimRetentionPolicy.{field}"), v, &["Retain", "Delete"]));
            }
        }
    }
    replicas(spec.replicas, Path::new("spec.replicas"), errs);
    non_negative(spec.min_ready_seconds, Path::new("spec.minReadySeconds"), errs);
    if let Some(o) = &spec.ordinals {
        non_negative(o.start, Path::new("spec.ordinals.start"), errs);
    }
    workload_selector(Some(&spec.selector), Some(&spec.template), "statefulset", errs);
    // ValidatePodTemplateSpecForStatefulSet checks only the template's labels (at
    // `spec.template.labels`) and restartPolicy: its pod spec is validated when each pod is created,
    // so a bad container fails as the controller's FailedCreate event, not at apply.
    labels(spec.template.metadata.as_ref().and_then(|m| m.labels.as_ref()), Path::new("spec.template.labels"), errs);
    let rp = spec.template.spec.as_ref().and_then(|s| s.restart_policy.as_deref()).unwrap_or("");
    if rp != "Always" {
        errs.push(FieldError::not_supported("spec.template.spec.restartPolicy", rp, &["Always"]));
    }
    if spec.template.spec.as_ref().and_then(|s| s.active_deadline_seconds).is_some() {
        errs.push(FieldError::forbidden("spec.template.spec.activeDeadlineSeconds", "activeDeadlineSeconds in StatefulSet is not Supported"));
    }
    for (i, claim) in spec.volume_claim_templates.iter().flatten().enumerate() {
        let claims = Path::new("spec.volumeClaimTemplates");
        let claim_at = claims.index(i);
        pvc_spec(claim.spec.as_ref(), claim_at.field("spec"), errs);
    }
}

/// Selector present, non-empty and matching the template labels.
fn workload_selector(sel: Option<&LabelSelector>, template: Option<&core::PodTemplateSpec>, what: &str, errs: &mut Errs) {
    let Some(sel) = sel.filter(|s| s.match_labels.is_some() || s.match_expressions.is_some()) else {
        errs.push(FieldError::required("spec.selector", ""));
        return;
    };
    if sel.match_labels.as_ref().is_none_or(|m| m.is_empty()) && sel.match_expressions.as_ref().is_none_or(|m| m.is_empty()) {
        errs.push(FieldError::invalid("spec.selector", serde_json::to_value(sel).unwrap_or_default(), format!("empty selector is invalid for {what}")));
        return;
    }
    let tlabels = template.and_then(|t| t.metadata.as_ref()).and_then(|m| m.labels.clone()).unwrap_or_default();
    if !crate::selector::matches_label_selector(sel, &tlabels) {
        let v: Value = serde_json::to_value(&tlabels).unwrap_or_default();
        errs.push(FieldError::invalid("spec.template.metadata.labels", v, "`selector` does not match template `labels`"));
    }
}

fn template_spec(t: Option<&core::PodTemplateSpec>, path: Path<'_>, policies: &[&str], errs: &mut Errs) {
    let Some(t) = t else {
        errs.push(FieldError::required(path.to_string(), ""));
        return;
    };
    if let Some(m) = &t.metadata {
        labels(m.labels.as_ref(), path.field("metadata.labels"), errs);
    }
    match &t.spec {
        Some(spec) => {
            pod_spec(spec, path.field("spec"), errs);
            let rp = spec.restart_policy.as_deref().unwrap_or("");
            if !policies.contains(&rp) && pod_restart_policy_is_valid(rp) {
                errs.push(FieldError::not_supported(format!("{path}.spec.restartPolicy"), rp, policies));
            }
        }
        None => errs.push(FieldError::required(format!("{path}.spec.containers"), "")),
    }
}

fn pod_restart_policy_is_valid(rp: &str) -> bool {
    matches!(rp, "Always" | "OnFailure" | "Never")
}

fn pod_spec(spec: &core::PodSpec, path: Path<'_>, errs: &mut Errs) {
    let vols = volumes(spec.volumes.as_deref().unwrap_or(&[]), path.field("volumes"), errs);
    let mut seen = Vec::new();
    let init = path.field("initContainers");
    for (i, c) in spec.init_containers.iter().flatten().enumerate() {
        container(c, init.index(i), &vols, &mut seen, errs);
    }
    if spec.containers.is_empty() {
        errs.push(FieldError::required(format!("{path}.containers"), ""));
    }
    let containers = path.field("containers");
    for (i, c) in spec.containers.iter().enumerate() {
        container(c, containers.index(i), &vols, &mut seen, errs);
    }
    if let Some(rp) = spec.restart_policy.as_deref().filter(|rp| !pod_restart_policy_is_valid(rp)) {
        errs.push(FieldError::not_supported(format!("{path}.restartPolicy"), rp, &["Always", "OnFailure", "Never"]));
    }
    // A negative terminationGracePeriodSeconds is not refused: the apiserver warns and a delete
    // reads it as 1 s.
    scheduling_gates(spec.scheduling_gates.as_deref().unwrap_or_default(), path.field("schedulingGates"), errs);
    deadline_and_tolerations(spec, &path, errs);
}

/// validateSchedulingGates: qualified names, no duplicates.
fn scheduling_gates(gates: &[core::PodSchedulingGate], path: Path<'_>, errs: &mut Errs) {
    let mut seen: Vec<&str> = Vec::new();
    for (i, g) in gates.iter().enumerate() {
        let p = path.index(i);
        for m in names::qualified_name(&g.name) {
            errs.push(FieldError::invalid(p.to_string(), json!(g.name), m));
        }
        if seen.contains(&g.name.as_str()) {
            errs.push(FieldError::duplicate(p.to_string(), json!(g.name)));
        }
        seen.push(&g.name);
    }
}

fn volumes<'v>(vols: &'v [core::Volume], path: Path<'_>, errs: &mut Errs) -> Vec<&'v str> {
    let mut names: Vec<&str> = Vec::new();
    for (i, v) in vols.iter().enumerate() {
        let p = path.index(i);
        if v.name.is_empty() {
            errs.push(FieldError::required(format!("{p}.name"), ""));
        } else {
            for m in names::dns1123_label(&v.name) {
                errs.push(FieldError::invalid(format!("{p}.name"), json!(v.name), m));
            }
            if names.contains(&v.name.as_str()) {
                errs.push(FieldError::duplicate(format!("{p}.name"), json!(v.name)));
            }
        }
        names.push(&v.name);
        let sources = volume_source_count(v);
        if sources == 0 {
            errs.push(FieldError::required(p.to_string(), "must specify a volume type"));
        } else if sources > 1 {
            errs.push(FieldError::forbidden(p.to_string(), "may not specify more than 1 volume type"));
        }
    }
    names
}

fn volume_source_count(v: &core::Volume) -> usize {
    // Destructured without `..`, so a source added to k8s-openapi fails to compile here.
    let core::Volume { name: _, aws_elastic_block_store, azure_disk, azure_file, cephfs, cinder, config_map, csi, downward_api, empty_dir, ephemeral, fc, flex_volume, flocker, gce_persistent_disk, git_repo, glusterfs, host_path, image, iscsi, nfs, persistent_volume_claim, photon_persistent_disk, portworx_volume, projected, quobyte, rbd, scale_io, secret, storageos, vsphere_volume } = v;
    [aws_elastic_block_store.is_some(), azure_disk.is_some(), azure_file.is_some(), cephfs.is_some(), cinder.is_some(), config_map.is_some(), csi.is_some(), downward_api.is_some(), empty_dir.is_some(), ephemeral.is_some(), fc.is_some(), flex_volume.is_some(), flocker.is_some(), gce_persistent_disk.is_some(), git_repo.is_some(), glusterfs.is_some(), host_path.is_some(), image.is_some(), iscsi.is_some(), nfs.is_some(), persistent_volume_claim.is_some(), photon_persistent_disk.is_some(), portworx_volume.is_some(), projected.is_some(), quobyte.is_some(), rbd.is_some(), scale_io.is_some(), secret.is_some(), storageos.is_some(), vsphere_volume.is_some()].iter().filter(|set| **set).count()
}

fn container<'c>(c: &'c core::Container, path: Path<'_>, vols: &[&str], seen: &mut Vec<&'c str>, errs: &mut Errs) {
    if c.name.is_empty() {
        errs.push(FieldError::required(format!("{path}.name"), ""));
    } else {
        for m in names::dns1123_label(&c.name) {
            errs.push(FieldError::invalid(format!("{path}.name"), json!(c.name), m));
        }
        if seen.contains(&c.name.as_str()) {
            errs.push(FieldError::duplicate(format!("{path}.name"), json!(c.name)));
        }
        seen.push(&c.name);
    }
    if c.image.as_deref().is_none_or(|i| i.trim().is_empty()) {
        errs.push(FieldError::required(format!("{path}.image"), ""));
    }
    container_ports(c.ports.as_deref().unwrap_or_default(), path.field("ports"), errs);
    for (i, e) in c.env.iter().flatten().enumerate() {
        if e.name.is_empty() {
            errs.push(FieldError::required(format!("{path}.env[{i}].name"), ""));
        }
    }
    let mounts = path.field("volumeMounts");
    for (i, m) in c.volume_mounts.iter().flatten().enumerate() {
        let p = mounts.index(i);
        if m.name.is_empty() {
            errs.push(FieldError::required(format!("{p}.name"), ""));
        } else if !vols.contains(&m.name.as_str()) {
            errs.push(FieldError::not_found(format!("{p}.name"), json!(m.name)));
        }
        if m.mount_path.is_empty() {
            errs.push(FieldError::required(format!("{p}.mountPath"), ""));
        }
    }
    if let Some(r) = &c.resources {
        resource_requirements(r, path.field("resources"), errs);
    }
}

/// ValidateContainerResourceRequirements: resource names, non-negative quantities, requests no
/// larger than limits (equal for resources that cannot be overcommitted, whose limit is required).
fn resource_requirements(r: &core::ResourceRequirements, path: Path<'_>, errs: &mut Errs) {
    let qty = |q: &k8s_openapi::apimachinery::pkg::api::resource::Quantity| Qty::parse(&q.0).unwrap_or_default();
    let limits = r.limits.as_ref();
    for (name, q) in limits.into_iter().flatten() {
        let at = format!("{path}.limits[{name}]");
        container_resource_name(name, &at, errs);
        non_negative_quantity(qty(q), &at, errs);
    }
    for (name, q) in r.requests.iter().flatten() {
        let at = format!("{path}.requests[{name}]");
        container_resource_name(name, &at, errs);
        non_negative_quantity(qty(q), &at, errs);
        let overcommit = !name.contains('/') || name.contains("kubernetes.io/");
        let overcommit = overcommit && !name.starts_with("hugepages-");
        match limits.and_then(|l| l.get(name)) {
            Some(limit) if !overcommit && qty(q).cmp_value(qty(limit)) != std::cmp::Ordering::Equal => errs.push(FieldError::invalid(
                format!("{path}.requests"),
                json!(qty(q).to_string()),
                format!("must be equal to {name} limit of {}", qty(limit)),
            )),
            Some(limit) if qty(q).cmp_value(qty(limit)) == std::cmp::Ordering::Greater => errs.push(FieldError::invalid(
                format!("{path}.requests"),
                json!(qty(q).to_string()),
                format!("must be less than or equal to {name} limit of {}", qty(limit)),
            )),
            Some(_) => {}
            None if !overcommit => errs.push(FieldError::required(format!("{path}.limits"), "Limit must be set for non overcommitable resources")),
            None => {}
        }
    }
}

/// validateContainerResourceName (after validateResourceName).
fn container_resource_name(name: &str, at: &str, errs: &mut Errs) {
    let msgs = names::qualified_name(name);
    if !msgs.is_empty() {
        for m in msgs {
            errs.push(FieldError::invalid(at.to_string(), json!(name), m));
        }
        return;
    }
    if name.contains('/') {
        let native = name.contains("kubernetes.io/");
        let extended = !native && !name.starts_with("requests.") && names::qualified_name(&format!("requests.{name}")).is_empty();
        if !native && !extended {
            errs.push(FieldError::invalid(at.to_string(), json!(name), "doesn't follow extended resource name standard"));
        }
        return;
    }
    if !STANDARD_RESOURCES.contains(&name) && !name.starts_with("hugepages-") && !name.starts_with("requests.hugepages-") {
        errs.push(FieldError::invalid(at.to_string(), json!(name), "must be a standard resource type or fully qualified"));
    }
    if !matches!(name, "cpu" | "memory" | "ephemeral-storage") && !name.starts_with("hugepages-") {
        errs.push(FieldError::invalid(at.to_string(), json!(name), "must be a standard resource for containers"));
    }
}

/// helper.standardResources: the names validateResourceName accepts without a domain.
const STANDARD_RESOURCES: &[&str] = &[
    "cpu", "memory", "ephemeral-storage", "requests.cpu", "requests.memory", "requests.ephemeral-storage", "limits.cpu", "limits.memory",
    "limits.ephemeral-storage", "pods", "services", "replicationcontrollers", "resourcequotas", "secrets", "configmaps",
    "persistentvolumeclaims", "storage", "requests.storage", "services.nodeports", "services.loadbalancers",
];

/// ValidateNonnegativeQuantity.
fn non_negative_quantity(q: Qty, at: &str, errs: &mut Errs) {
    if q.cmp_value(Qty::default()) == std::cmp::Ordering::Less {
        errs.push(FieldError::invalid(at.to_string(), json!(q.to_string()), "must be greater than or equal to 0"));
    }
}

/// validateContainerPorts: names are IANA service names, unique in the container; port numbers in
/// 1–65535 (containerPort required); the protocol one of the supported ones.
fn container_ports(ports: &[core::ContainerPort], path: Path<'_>, errs: &mut Errs) {
    let mut seen: Vec<&str> = Vec::new();
    for (i, p) in ports.iter().enumerate() {
        let at = path.index(i);
        if let Some(n) = p.name.as_deref().filter(|n| !n.is_empty()) {
            let msgs = names::port_name(n);
            if !msgs.is_empty() {
                for m in msgs {
                    errs.push(FieldError::invalid(format!("{at}.name"), json!(n), m));
                }
            } else if seen.contains(&n) {
                errs.push(FieldError::duplicate(format!("{at}.name"), json!(n)));
            } else {
                seen.push(n);
            }
        }
        if p.container_port == 0 {
            errs.push(FieldError::required(format!("{at}.containerPort"), ""));
        } else if !(1..=65535).contains(&p.container_port) {
            errs.push(FieldError::invalid(format!("{at}.containerPort"), json!(p.container_port), "must be between 1 and 65535, inclusive"));
        }
        if let Some(h) = p.host_port.filter(|h| *h != 0 && !(1..=65535).contains(h)) {
            errs.push(FieldError::invalid(format!("{at}.hostPort"), json!(h), "must be between 1 and 65535, inclusive"));
        }
        if let Some(proto) = p.protocol.as_deref().filter(|p| !matches!(*p, "TCP" | "UDP" | "SCTP")) {
            errs.push(FieldError::not_supported(format!("{at}.protocol"), proto, &["SCTP", "TCP", "UDP"]));
        }
    }
}

fn job_spec(spec: &k8s_openapi::api::batch::v1::JobSpec, path: Path<'_>, errs: &mut Errs) {
    non_negative(spec.parallelism, path.field("parallelism"), errs);
    non_negative(spec.completions, path.field("completions"), errs);
    non_negative(spec.backoff_limit, path.field("backoffLimit"), errs);
    if let Some(d) = spec.active_deadline_seconds.filter(|d| *d <= 0) {
        errs.push(FieldError::invalid(format!("{path}.activeDeadlineSeconds"), json!(d), "must be greater than 0"));
    }
    if spec.completion_mode.as_deref() == Some("Indexed") && spec.completions.is_none() {
        errs.push(FieldError::required(format!("{path}.completions"), "when completion mode is Indexed"));
    }
    if let Some(m) = spec.completion_mode.as_deref().filter(|m| !matches!(*m, "NonIndexed" | "Indexed")) {
        errs.push(FieldError::not_supported(format!("{path}.completionMode"), m, &["NonIndexed", "Indexed"]));
    }
    let tpath = path.field("template");
    let Some(spec_t) = spec.template.spec.as_ref() else {
        errs.push(FieldError::required(format!("{tpath}.spec.containers"), ""));
        return;
    };
    if let Some(m) = &spec.template.metadata {
        labels(m.labels.as_ref(), tpath.field("metadata.labels"), errs);
    }
    pod_spec(spec_t, tpath.field("spec"), errs);
    let rp_path = || format!("{tpath}.spec.restartPolicy");
    match spec_t.restart_policy.as_deref() {
        Some("OnFailure") if spec.pod_failure_policy.is_some() => {
            errs.push(FieldError::invalid(rp_path(), json!("OnFailure"), "only \"Never\" is supported when podFailurePolicy is specified"))
        }
        Some("OnFailure") | Some("Never") => {}
        Some("Always") | None => errs.push(FieldError::required(rp_path(), "valid values: \"OnFailure\", \"Never\"")),
        Some(other) if pod_restart_policy_is_valid(other) => {}
        Some(other) => errs.push(FieldError::not_supported(rp_path(), other, &["OnFailure", "Never"])),
    }
}

/// ValidateCronJobCreate / validateCronJobSpec, in upstream order: schedule, startingDeadlineSeconds,
/// timeZone, concurrencyPolicy, the job template, history limits, then the name length.
fn cron_job(c: &k8s_openapi::api::batch::v1::CronJob, errs: &mut Errs) {
    let Some(spec) = &c.spec else { return };
    let sched_errs: Vec<FieldError> = kubeplay_cron::validate_cronjob_schedule(&spec.schedule, spec.time_zone.as_deref())
        .into_iter()
        .map(|e| match e.error_type {
            kubeplay_cron::FieldErrorType::Required => FieldError::required(e.field, e.detail),
            kubeplay_cron::FieldErrorType::Invalid => FieldError::invalid(e.field, json!(e.bad_value), e.detail),
        })
        .collect();
    let (schedule, time_zone): (Vec<FieldError>, Vec<FieldError>) = sched_errs.into_iter().partition(|e| e.to_string().starts_with("spec.schedule"));
    errs.extend(schedule);
    if let Some(d) = spec.starting_deadline_seconds.filter(|d| *d < 0) {
        errs.push(FieldError::invalid("spec.startingDeadlineSeconds", json!(d), "must be greater than or equal to 0"));
    }
    errs.extend(time_zone);
    if let Some(p) = spec.concurrency_policy.as_deref().filter(|p| !matches!(*p, "Allow" | "Forbid" | "Replace")) {
        errs.push(FieldError::not_supported("spec.concurrencyPolicy", p, &["Allow", "Forbid", "Replace"]));
    }
    match &spec.job_template.spec {
        Some(js) => {
            let mut js = js.clone();
            crate::api::defaults::job_spec(&mut js);
            job_spec(&js, Path::new("spec.jobTemplate.spec"), errs);
        }
        None => errs.push(FieldError::required("spec.jobTemplate.spec.template.spec.containers", "")),
    }
    non_negative(spec.successful_jobs_history_limit, Path::new("spec.successfulJobsHistoryLimit"), errs);
    non_negative(spec.failed_jobs_history_limit, Path::new("spec.failedJobsHistoryLimit"), errs);
    // ValidateCronJobCreate: room for the controller's `-<minutes>` suffix in a 63-character job name.
    let name = c.metadata.name.as_deref().unwrap_or_default();
    if name.len() > 52 {
        errs.push(FieldError::invalid("metadata.name", json!(name), "must be no more than 52 characters"));
    }
}

fn service(s: &core::Service, errs: &mut Errs) {
    let Some(spec) = &s.spec else { return };
    let headless = spec.cluster_ip.as_deref() == Some("None");
    let ports = spec.ports.as_deref().unwrap_or(&[]);
    if ports.is_empty() && !headless && spec.type_.as_deref() != Some("ExternalName") {
        errs.push(FieldError::required("spec.ports", ""));
    }
    let mut names_seen: Vec<&str> = Vec::new();
    for (i, p) in ports.iter().enumerate() {
        let path = format!("spec.ports[{i}]");
        if ports.len() > 1 && p.name.as_deref().unwrap_or("").is_empty() {
            errs.push(FieldError::required(format!("{path}.name"), ""));
        }
        if let Some(n) = p.name.as_deref().filter(|n| !n.is_empty()) {
            for m in names::dns1123_label(n) {
                errs.push(FieldError::invalid(format!("{path}.name"), json!(n), m));
            }
            if names_seen.contains(&n) {
                errs.push(FieldError::duplicate(format!("{path}.name"), json!(n)));
            }
            names_seen.push(n);
        }
        if !(1..=65535).contains(&p.port) {
            errs.push(FieldError::invalid(format!("{path}.port"), json!(p.port), "must be between 1 and 65535, inclusive"));
        }
        if let Some(proto) = p.protocol.as_deref().filter(|p| !matches!(*p, "TCP" | "UDP" | "SCTP")) {
            errs.push(FieldError::not_supported(format!("{path}.protocol"), proto, &["SCTP", "TCP", "UDP"]));
        }
        if spec.type_.as_deref() == Some("ClusterIP") && p.node_port.unwrap_or(0) != 0 {
            errs.push(FieldError::forbidden(format!("{path}.nodePort"), "may not be used when `type` is 'ClusterIP'"));
        }
    }
    let external = matches!(spec.type_.as_deref(), Some("NodePort") | Some("LoadBalancer"));
    if let Some(policy) = spec.external_traffic_policy.as_deref().filter(|p| !p.is_empty() && !external) {
        errs.push(FieldError::invalid("spec.externalTrafficPolicy", json!(policy), "may only be set for externally-accessible services"));
    }
    if let Some(t) = spec.type_.as_deref().filter(|t| !matches!(*t, "ClusterIP" | "NodePort" | "LoadBalancer" | "ExternalName")) {
        errs.push(FieldError::not_supported("spec.type", t, &["ClusterIP", "ExternalName", "LoadBalancer", "NodePort"]));
    }
}

/// ValidateEndpoints' subsets: each names addresses, each address a valid, non-special IP (with
/// a DNS-label hostname), each port a name (when there are several), a number and a protocol.
fn endpoints(e: &core::Endpoints, errs: &mut Errs) {
    for (i, ss) in e.subsets.iter().flatten().enumerate() {
        let path = format!("subsets[{i}]");
        let (ready, not_ready) = (ss.addresses.as_deref().unwrap_or(&[]), ss.not_ready_addresses.as_deref().unwrap_or(&[]));
        if ready.is_empty() && not_ready.is_empty() {
            errs.push(FieldError::required(path.clone(), "must specify `addresses` or `notReadyAddresses`"));
        }
        for (list, name) in [(ready, "addresses"), (not_ready, "notReadyAddresses")] {
            for (j, a) in list.iter().enumerate() {
                endpoint_address(a, &format!("{path}.{name}[{j}]"), errs);
            }
        }
        let ports = ss.ports.as_deref().unwrap_or(&[]);
        for (j, p) in ports.iter().enumerate() {
            let pp = format!("{path}.ports[{j}]");
            match p.name.as_deref().filter(|n| !n.is_empty()) {
                None if ports.len() > 1 => errs.push(FieldError::required(format!("{pp}.name"), "")),
                None => {}
                Some(n) => names::dns1123_label(n).into_iter().for_each(|m| errs.push(FieldError::invalid(format!("{pp}.name"), json!(n), m))),
            }
            if !(1..=65535).contains(&p.port) {
                errs.push(FieldError::invalid(format!("{pp}.port"), json!(p.port), "must be between 1 and 65535, inclusive"));
            }
            match p.protocol.as_deref() {
                None | Some("") => errs.push(FieldError::required(format!("{pp}.protocol"), "")),
                Some(proto) if !matches!(proto, "TCP" | "UDP" | "SCTP") => errs.push(FieldError::not_supported(format!("{pp}.protocol"), proto, &["SCTP", "TCP", "UDP"])),
                Some(_) => {}
            }
        }
    }
}

/// validateEndpointAddress: the IP as IsValidIPForLegacyField reads it, the hostname and node
/// name; then, only if those are fine, ValidateEndpointIP's special ranges.
fn endpoint_address(a: &core::EndpointAddress, path: &str, errs: &mut Errs) {
    let before = errs.len();
    let ip = super::goip::parse_sloppy(&a.ip);
    if ip.is_none() {
        errs.push(FieldError::invalid(format!("{path}.ip"), json!(a.ip), "must be a valid IP address, (e.g. 10.9.8.7 or 2001:db8::ffff)"));
    }
    if let Some(h) = a.hostname.as_deref().filter(|h| !h.is_empty()) {
        names::dns1123_label(h).into_iter().for_each(|m| errs.push(FieldError::invalid(format!("{path}.hostname"), json!(h), m)));
    }
    if let Some(n) = &a.node_name {
        names::dns1123_subdomain(n).into_iter().for_each(|m| errs.push(FieldError::invalid(format!("{path}.nodeName"), json!(n), m)));
    }
    let Some(ip) = ip.filter(|_| errs.len() == before) else { return };
    let bad = |m: String| FieldError::invalid(format!("{path}.ip"), json!(a.ip), m);
    if ip.is_unspecified() {
        errs.push(bad(format!("may not be unspecified ({})", a.ip)));
    }
    if ip.is_loopback() {
        errs.push(bad("may not be in the loopback range (127.0.0.0/8, ::1/128)".into()));
    }
    if ip.is_link_local_unicast() {
        errs.push(bad("may not be in the link-local range (169.254.0.0/16, fe80::/10)".into()));
    }
    if ip.is_link_local_multicast() {
        errs.push(bad("may not be in the link-local multicast range (224.0.0.0/24, ff02::/10)".into()));
    }
}

fn pvc_spec(spec: Option<&core::PersistentVolumeClaimSpec>, path: Path<'_>, errs: &mut Errs) {
    let Some(spec) = spec else {
        errs.push(FieldError::required(format!("{path}.accessModes"), ""));
        return;
    };
    let modes = spec.access_modes.as_deref().unwrap_or(&[]);
    if modes.is_empty() {
        errs.push(FieldError::required(format!("{path}.accessModes"), ""));
    }
    for m in modes {
        if !matches!(m.as_str(), "ReadWriteOnce" | "ReadOnlyMany" | "ReadWriteMany" | "ReadWriteOncePod") {
            errs.push(FieldError::not_supported(format!("{path}.accessModes"), m, &["ReadOnlyMany", "ReadWriteMany", "ReadWriteOnce", "ReadWriteOncePod"]));
        }
    }
    let has_storage = spec.resources.as_ref().and_then(|r| r.requests.as_ref()).is_some_and(|r| r.contains_key("storage"));
    if !has_storage {
        errs.push(FieldError::required(format!("{path}.resources[storage]"), ""));
    }
}

fn config_key(k: &str, path: &str, errs: &mut Errs) {
    let ok = !k.is_empty() && k.len() <= 253 && k.bytes().all(|c| c.is_ascii_alphanumeric() || matches!(c, b'-' | b'_' | b'.')) && k != "." && k != "..";
    if !ok {
        errs.push(FieldError::invalid(
            format!("{path}[{k}]"),
            json!(k),
            "a valid config key must consist of alphanumeric characters, '-', '_' or '.' (e.g. 'key.name',  or 'KEY_NAME',  or 'key-name', regex used for validation is '[-._a-zA-Z0-9]+')",
        ));
    }
}

/// ValidatePersistentVolumeClaimUpdate's spec rules: binding may set volumeName once; a bound
/// claim may change its requested storage and its volumeAttributesClassName; anything else is
/// refused with go-cmp's diff of the two specs; the storage request may not shrink to or below
/// the capacity (RecoverVolumeExpansionFailure, on by default since v1.32).
fn pvc_update(o: &core::PersistentVolumeClaim, n: &core::PersistentVolumeClaim, errs: &mut Errs) {
    let spec_json = |s: Option<&core::PersistentVolumeClaimSpec>| serde_json::to_value(s.cloned().unwrap_or_default()).unwrap_or_default();
    let mut old_clone = spec_json(o.spec.as_ref());
    let mut new_clone = spec_json(n.spec.as_ref());
    if old_clone.get("volumeName").and_then(Value::as_str).is_none_or(str::is_empty) {
        old_clone["volumeName"] = new_clone.get("volumeName").cloned().unwrap_or(Value::Null);
    }
    // PrepareForUpdate keeps the stored status, so the old claim's phase is the new one's.
    let bound = o.status.as_ref().and_then(|s| s.phase.as_deref()) == Some("Bound");
    if bound {
        if let Some(storage) = old_clone.pointer("/resources/requests/storage").cloned() {
            if let Some(r) = new_clone.pointer_mut("/resources/requests").and_then(Value::as_object_mut) {
                r.insert("storage".into(), storage);
            }
        }
        if new_clone.get("volumeAttributesClassName").is_some_and(|v| !v.is_null()) {
            new_clone["volumeAttributesClassName"] = old_clone.get("volumeAttributesClassName").cloned().unwrap_or(Value::Null);
        }
    }
    let (old_g, new_g) = (super::pod_gotypes::pvc_spec(&old_clone), super::pod_gotypes::pvc_spec(&new_clone));
    if !super::gocmp::semantic_eq(&old_g, &new_g) {
        let diff = super::gocmp::diff(&old_g, &new_g);
        errs.push(FieldError::forbidden("spec", format!("spec is immutable after creation except resources.requests and volumeAttributesClassName for bound claims\n{diff}")));
    }
    let storage = |spec: Option<&core::PersistentVolumeClaimSpec>| {
        spec.and_then(|s| s.resources.as_ref()).and_then(|r| r.requests.as_ref()).and_then(|r| r.get("storage")).and_then(|q| Qty::parse(&q.0)).unwrap_or_default()
    };
    let capacity = o.status.as_ref().and_then(|s| s.capacity.as_ref()).and_then(|c| c.get("storage")).and_then(|q| Qty::parse(&q.0)).unwrap_or_default();
    let (old_size, new_size) = (storage(o.spec.as_ref()), storage(n.spec.as_ref()));
    if new_size.cmp_value(old_size).is_lt() && new_size.cmp_value(capacity).is_le() {
        errs.push(FieldError::forbidden("spec.resources.requests.storage", "field can not be less than status.capacity"));
    }
}

/// Validates an update of `old` to `new` (both defaulted): immutable fields first, then the create
/// rules; pods in ValidatePodUpdate's order instead (`pod_update.rs`).
pub fn validate_update(old: &Object, new: &Object) -> Errs {
    if let (Object::Pod(o), Object::Pod(n)) = (old, new) {
        return super::pod_update::validate_pod_update(o, n, validate_create(new));
    }
    if let (Object::PriorityClass(o), Object::PriorityClass(n)) = (old, new) {
        let mut errs = validate_metadata(new);
        crate::priorityclass::validate_update(o, n, &mut errs);
        return errs;
    }
    let mut errs = Vec::new();
    match (old, new) {
        (Object::StatefulSet(o), Object::StatefulSet(n)) => {
            if let (Some(os), Some(ns)) = (&o.spec, &n.spec) {
                let strip = |s: &k8s_openapi::api::apps::v1::StatefulSetSpec| {
                    let mut s = s.clone();
                    s.replicas = None;
                    s.ordinals = None;
                    s.template = Default::default();
                    s.update_strategy = None;
                    s.revision_history_limit = None;
                    s.persistent_volume_claim_retention_policy = None;
                    s.min_ready_seconds = None;
                    s
                };
                if strip(os) != strip(ns) {
                    errs.push(FieldError::forbidden("spec", "updates to statefulset spec for fields other than 'replicas', 'ordinals', 'template', 'updateStrategy', 'revisionHistoryLimit', 'persistentVolumeClaimRetentionPolicy' and 'minReadySeconds' are forbidden"));
                }
            }
        }
        (Object::Job(o), Object::Job(n)) => {
            if let (Some(os), Some(ns)) = (&o.spec, &n.spec) {
                if os.template != ns.template {
                    errs.push(FieldError::invalid("spec.template", json!(super::errors::go_value(&serde_json::to_value(&ns.template).unwrap_or_default())), "field is immutable"));
                }
                if os.completions != ns.completions {
                    errs.push(FieldError::invalid("spec.completions", json!(ns.completions), "field is immutable"));
                }
                if os.completion_mode != ns.completion_mode {
                    errs.push(FieldError::invalid("spec.completionMode", json!(ns.completion_mode), "field is immutable"));
                }
            }
        }
        (Object::Deployment(o), Object::Deployment(n)) if o.spec.as_ref().map(|s| &s.selector) != n.spec.as_ref().map(|s| &s.selector) => {
            let v = serde_json::to_value(n.spec.as_ref().map(|s| &s.selector)).unwrap_or_default();
            errs.push(FieldError::invalid("spec.selector", v, "field is immutable"));
        }
        (Object::PersistentVolumeClaim(o), Object::PersistentVolumeClaim(n)) => pvc_update(o, n, &mut errs),
        (Object::ConfigMap(o), Object::ConfigMap(n)) if o.immutable == Some(true) => {
            immutable_data(n.immutable, [("data", o.data.clone().unwrap_or_default() != n.data.clone().unwrap_or_default()), ("binaryData", o.binary_data != n.binary_data)], &mut errs);
        }
        (Object::Secret(o), Object::Secret(n)) => {
            if o.type_ != n.type_ {
                errs.push(FieldError::invalid("type", json!(n.type_), "field is immutable"));
            }
            // stringData is already folded into data, so only data is compared.
            if o.immutable == Some(true) {
                immutable_data(n.immutable, [("data", o.data.clone().unwrap_or_default() != n.data.clone().unwrap_or_default())], &mut errs);
            }
        }
        _ => {}
    }
    errs.extend(validate_create(new));
    errs
}

/// ValidateConfigMapUpdate / ValidateSecretUpdate once the old object is `immutable: true`: the
/// flag cannot be cleared and the data cannot change.
fn immutable_data<const N: usize>(new_immutable: Option<bool>, changed: [(&str, bool); N], errs: &mut Errs) {
    const WHY: &str = "field is immutable when `immutable` is set";
    if new_immutable != Some(true) {
        errs.push(FieldError::forbidden("immutable", WHY));
    }
    for (field, differs) in changed {
        if differs {
            errs.push(FieldError::forbidden(field, WHY));
        }
    }
}

/// ValidatePodSpec's activeDeadlineSeconds and toleration rules, in their upstream place
/// after restartPolicy and the grace period: activeDeadlineSeconds in 1..=MaxInt32, then the
/// tolerations. `path` is the spec's (`spec`, `spec.template.spec`).
fn deadline_and_tolerations(spec: &core::PodSpec, path: &dyn std::fmt::Display, errs: &mut Errs) {
    if let Some(a) = spec.active_deadline_seconds.filter(|a| !(1..=super::pod_update::MAX_INT32).contains(a)) {
        errs.push(FieldError::invalid(format!("{path}.activeDeadlineSeconds"), json!(a), "must be between 1 and 2147483647, inclusive"));
    }
    if let Some(list) = spec.tolerations.as_deref().filter(|l| !l.is_empty()) {
        tolerations(list, &format!("{path}.tolerations"), errs);
    }
}

/// ValidateTolerations (also run on an update's tolerations, `pod_update.rs`).
pub(super) fn tolerations(list: &[core::Toleration], path: &str, errs: &mut Errs) {
    for (i, t) in list.iter().enumerate() {
        let at = format!("{path}[{i}]");
        let [key, operator, value, effect] = super::pod_update::toleration_key(t);
        if !key.is_empty() {
            for m in names::qualified_name(key) {
                errs.push(FieldError::invalid(format!("{at}.key"), json!(key), m));
            }
        }
        if key.is_empty() && operator != "Exists" {
            errs.push(FieldError::invalid(format!("{at}.operator"), json!(operator), "operator must be Exists when `key` is empty, which means \"match all values and all keys\""));
        }
        if t.toleration_seconds.is_some() && effect != "NoExecute" {
            errs.push(FieldError::invalid(format!("{at}.effect"), json!(effect), "effect must be 'NoExecute' when `tolerationSeconds` is set"));
        }
        match operator {
            "Equal" | "" => {
                let msgs = names::label_value(value);
                if !msgs.is_empty() {
                    errs.push(FieldError::invalid(format!("{at}.operator"), json!(value), msgs.join(";")));
                }
            }
            "Exists" if !value.is_empty() => errs.push(FieldError::invalid(format!("{at}.operator"), json!(value), "value must be empty when `operator` is 'Exists'")),
            "Exists" => {}
            other => errs.push(FieldError::not_supported(format!("{at}.operator"), other, &["Equal", "Exists"])),
        }
        if !effect.is_empty() && !matches!(effect, "NoSchedule" | "PreferNoSchedule" | "NoExecute") {
            errs.push(FieldError::not_supported(format!("{at}.effect"), effect, &["NoSchedule", "PreferNoSchedule", "NoExecute"]));
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::api::Kind;

    /// Paths are rendered only for errors, and then as the apiserver writes them.
    #[test]
    fn nested_paths_read_as_the_apiserver_writes_them() {
        let container = json!({"name": "c", "image": "i", "ports": [{"containerPort": 80}, {"containerPort": 0}], "volumeMounts": [{"name": "missing", "mountPath": "/x"}]});
        let job = json!({"metadata": {"name": "j"}, "spec": {"parallelism": -1, "template": {"spec": {"restartPolicy": "Never", "containers": [container]}}}});
        let obj = Object::from_value(Kind::Job, job).unwrap();
        let paths: Vec<String> = validate_create(&obj).iter().map(|e| e.to_string().split(": ").next().unwrap_or_default().to_string()).collect();
        assert_eq!(paths, ["spec.parallelism", "spec.template.spec.containers[0].ports[1].containerPort", "spec.template.spec.containers[0].volumeMounts[0].name"]);
    }

    #[test]
    fn pod_spec_rules_check_the_deadline_and_tolerations_on_create_too() {
        let mut errs = Vec::new();
        let spec: core::PodSpec = serde_json::from_value(json!({"containers": [], "activeDeadlineSeconds": 0, "tolerations": [{"key": "k", "operator": "Exists", "value": "v", "effect": "Sometimes"}]})).expect("spec");
        deadline_and_tolerations(&spec, &"spec", &mut errs);
        let errs: Vec<String> = errs.iter().map(ToString::to_string).collect();
        assert_eq!(
            errs,
            [
                "spec.activeDeadlineSeconds: Invalid value: 0: must be between 1 and 2147483647, inclusive",
                "spec.tolerations[0].operator: Invalid value: \"v\": value must be empty when `operator` is 'Exists'",
                "spec.tolerations[0].effect: Unsupported value: \"Sometimes\": supported values: \"NoSchedule\", \"PreferNoSchedule\", \"NoExecute\"",
            ]
        );
    }
}
