//! The write warnings of a v1.33 apiserver (kubectl prints each as `Warning: <text>`), ported from
//! kubernetes v1.33: pkg/api/pod/warnings.go, pkg/api/node/util.go, pkg/api/job/warnings.go,
//! pkg/api/persistentvolumeclaim/util.go, pkg/api/persistentvolume/util.go,
//! pkg/api/service/warnings.go, pkg/api/storage/util.go, apimachinery's
//! util/validation/ip.go (GetWarningsForIP, GetWarningsForCIDR), the WarningsOnCreate /
//! WarningsOnUpdate of pkg/registry/{core,apps,batch,discovery,storage}/*/strategy.go (with the
//! pod strategy's AppArmor skew warning from PrepareForCreate), and the request's warning recorder
//! (apiserver endpoints/filters/warning.go: repeated texts dropped, long lists truncated).
//!
//! The objects passed are as stored: defaults applied, generation already moved on an update.

use super::errors::go_quote;
use super::goip::{self, Ip};
use super::names;
use super::object::Object;
use crate::api::quantity::Qty;
use k8s_openapi::api::apps::v1 as apps;
use k8s_openapi::api::batch::v1 as batch;
use k8s_openapi::api::core::v1 as core;
use k8s_openapi::api::discovery::v1 as discovery;
use k8s_openapi::api::storage::v1 as storage;
use k8s_openapi::apimachinery::pkg::api::resource::Quantity;
use k8s_openapi::apimachinery::pkg::apis::meta::v1::ObjectMeta;
use std::collections::{BTreeMap, BTreeSet};

/// The deprecation warning the apiserver attaches to every request for a deprecated resource
/// (apiserver endpoints/deprecation: "<group/version> <Kind> is deprecated in v<major>.<minor>+;
/// use <replacement>"). v1 Endpoints carries `prerelease-lifecycle-gen:deprecated=1.33` with
/// discovery.k8s.io/v1 EndpointSlice as its replacement.
pub fn deprecated(kind: super::Kind) -> Option<&'static str> {
    match kind {
        super::Kind::Endpoints => Some("v1 Endpoints is deprecated in v1.33+; use discovery.k8s.io/v1 EndpointSlice"),
        _ => None,
    }
}

/// The warnings the apiserver sends for creating `obj`, in the order kubectl prints them.
pub fn on_create(obj: &Object) -> Vec<String> {
    let raw = match obj {
        Object::Pod(p) => pod_create(p),
        Object::Deployment(d) => named(&d.metadata, template_warnings("spec.template", d.spec.as_ref().map(|s| &s.template))),
        Object::ReplicaSet(r) => named(&r.metadata, template_warnings("spec.template", r.spec.as_ref().and_then(|s| s.template.as_ref()))),
        Object::StatefulSet(s) => stateful_set_create(s),
        Object::Job(j) => named(&j.metadata, job_spec("spec", j.spec.as_ref())),
        Object::CronJob(c) => named(&c.metadata, job_spec("spec.jobTemplate.spec", cron_job_spec(c))),
        Object::Service(s) => service(s),
        Object::PersistentVolumeClaim(c) => pvc(c),
        Object::PersistentVolume(v) => persistent_volume(v),
        Object::StorageClass(sc) => storage_class(sc),
        Object::EndpointSlice(e) => endpoint_slice_address_type(e).into_iter().chain(endpoint_slice_ips(e)).collect(),
        _ => Vec::new(),
    };
    recorded(raw)
}

/// The warnings the apiserver sends for replacing `old` by `new` (both as stored).
pub fn on_update(old: &Object, new: &Object) -> Vec<String> {
    let raw = match (old, new) {
        // Pod updates warn of nothing: "humans don't typically interact directly with pods".
        (Object::Pod(_), Object::Pod(_)) => Vec::new(),
        // Workloads warn about their template only when the update moved the generation, so
        // scaling and metadata edits stay quiet.
        (Object::Deployment(o), Object::Deployment(n)) if generation_moved(&o.metadata, &n.metadata) => template_warnings("spec.template", n.spec.as_ref().map(|s| &s.template)),
        (Object::ReplicaSet(o), Object::ReplicaSet(n)) if generation_moved(&o.metadata, &n.metadata) => template_warnings("spec.template", n.spec.as_ref().and_then(|s| s.template.as_ref())),
        (Object::StatefulSet(o), Object::StatefulSet(n)) => stateful_set_update(o, n),
        (Object::Job(o), Object::Job(n)) if generation_moved(&o.metadata, &n.metadata) => job_spec("spec", n.spec.as_ref()),
        (Object::CronJob(o), Object::CronJob(n)) => cron_job_update(o, n),
        (Object::Service(_), Object::Service(n)) => service(n),
        (Object::PersistentVolumeClaim(_), Object::PersistentVolumeClaim(n)) => pvc(n),
        (Object::PersistentVolume(_), Object::PersistentVolume(n)) => persistent_volume(n),
        (Object::StorageClass(_), Object::StorageClass(n)) => storage_class(n),
        (Object::EndpointSlice(_), Object::EndpointSlice(n)) => endpoint_slice_ips(n),
        _ => Vec::new(),
    };
    recorded(raw)
}

// ---------------------------------------------------------------------------------------------
// The recorder

/// Past this many characters the recorder starts over with every warning cut to
/// [`TRUNCATE_ITEM_RUNES`], and drops what no longer fits.
const TRUNCATE_AT_TOTAL_RUNES: usize = 4 * 1024;
const TRUNCATE_ITEM_RUNES: usize = 256;

/// The request's warning recorder: a text already sent is not sent again, and once the texts pass
/// 4096 characters every one is cut to 256 (the ones already recorded included).
fn recorded(warnings: Vec<String>) -> Vec<String> {
    let mut seen = BTreeSet::new();
    let mut ordered: Vec<String> = Vec::new();
    let mut out: Vec<String> = Vec::new();
    let (mut written, mut truncating) = (0usize, false);
    for text in warnings {
        if text.is_empty() || (truncating && written >= TRUNCATE_AT_TOTAL_RUNES) {
            continue;
        }
        if !seen.insert(text.clone()) {
            continue;
        }
        ordered.push(text.clone());
        let (cut, len) = if truncating { cut_runes(&text) } else { (text.clone(), text.chars().count()) };
        if truncating || written + len <= TRUNCATE_AT_TOTAL_RUNES {
            written += len;
            out.push(cut);
            continue;
        }
        truncating = true;
        written = 0;
        out.clear();
        for w in &ordered {
            let (cut, len) = cut_runes(w);
            written += len;
            out.push(cut);
        }
    }
    out
}

fn cut_runes(text: &str) -> (String, usize) {
    let len = text.chars().count();
    if len > TRUNCATE_ITEM_RUNES {
        (text.chars().take(TRUNCATE_ITEM_RUNES).collect(), TRUNCATE_ITEM_RUNES)
    } else {
        (text.to_string(), len)
    }
}

// ---------------------------------------------------------------------------------------------
// Registry strategies

fn generation_moved(old: &ObjectMeta, new: &ObjectMeta) -> bool {
    old.generation != new.generation
}

/// `%v` of a Go []string: `[a b]`.
fn go_list(items: &[String]) -> String {
    format!("[{}]", items.join(" "))
}

/// Deployments, ReplicaSets, Jobs and CronJobs warn about a name that is no DNS label first: it
/// becomes part of Pod names and hostnames.
fn named(meta: &ObjectMeta, rest: Vec<String>) -> Vec<String> {
    let msgs = names::dns1123_label(meta.name.as_deref().unwrap_or(""));
    let mut w = Vec::with_capacity(rest.len() + 1);
    if !msgs.is_empty() {
        w.push(format!("metadata.name: this is used in Pod names and hostnames, which can result in surprising behavior; a DNS label is recommended: {}", go_list(&msgs)));
    }
    w.extend(rest);
    w
}

/// podStrategy: PrepareForCreate's AppArmor skew warnings come first, then WarningsOnCreate.
fn pod_create(pod: &core::Pod) -> Vec<String> {
    let empty = core::PodSpec::default();
    let spec = pod.spec.as_ref().unwrap_or(&empty);
    let mut w = apparmor_skew(spec, &pod.metadata);
    let msgs = names::dns1123_label(pod.metadata.name.as_deref().unwrap_or(""));
    if !msgs.is_empty() {
        w.push(format!("metadata.name: this is used in the Pod's hostname, which can result in surprising behavior; a DNS label is recommended: {}", go_list(&msgs)));
    }
    w.extend(pod_spec_and_meta("", false, spec, &pod.metadata));
    w
}

/// GetWarningsForPodTemplate; an absent template is Go's zero-valued one.
fn template_warnings(base: &str, t: Option<&core::PodTemplateSpec>) -> Vec<String> {
    let Some(t) = t else { return Vec::new() };
    let (empty_spec, empty_meta) = (core::PodSpec::default(), ObjectMeta::default());
    pod_spec_and_meta(base, true, t.spec.as_ref().unwrap_or(&empty_spec), t.metadata.as_ref().unwrap_or(&empty_meta))
}

fn claim_templates(s: &apps::StatefulSet, child: &str) -> Vec<String> {
    let claims = s.spec.as_ref().and_then(|s| s.volume_claim_templates.as_deref()).unwrap_or_default();
    claims.iter().enumerate().flat_map(|(i, c)| pvc_spec(|| format!("spec.volumeClaimTemplates[{i}]{child}"), c.spec.as_ref())).collect()
}

fn revision_history_limit(s: &apps::StatefulSet) -> Option<String> {
    let limit = s.spec.as_ref().and_then(|s| s.revision_history_limit)?;
    (limit < 0).then(|| "spec.revisionHistoryLimit: a negative value retains all historical revisions; a value >= 0 is recommended".to_string())
}

fn stateful_set_create(s: &apps::StatefulSet) -> Vec<String> {
    let mut w = template_warnings("spec.template", s.spec.as_ref().map(|s| &s.template));
    w.extend(claim_templates(s, ""));
    w.extend(revision_history_limit(s));
    w
}

fn stateful_set_update(old: &apps::StatefulSet, new: &apps::StatefulSet) -> Vec<String> {
    let mut w = Vec::new();
    if generation_moved(&old.metadata, &new.metadata) {
        w = template_warnings("spec.template", new.spec.as_ref().map(|s| &s.template));
    }
    // Upstream's update path names the claim spec `Spec`, capitalised, unlike its create path.
    w.extend(claim_templates(new, ".Spec"));
    w.extend(revision_history_limit(new));
    w
}

/// WarningsForJobSpec (pkg/api/job/warnings.go).
fn job_spec(base: &str, spec: Option<&batch::JobSpec>) -> Vec<String> {
    let Some(spec) = spec else { return Vec::new() };
    let mut w = Vec::new();
    if spec.completion_mode.as_deref() == Some("Indexed") && spec.completions.unwrap_or(0) > 100_000 && spec.parallelism.unwrap_or(0) > 10_000 {
        w.push(format!("{base}: In Indexed Jobs with a number of completions higher than 10^5 and a parallelism higher than 10^4, Kubernetes might not be able to track completedIndexes when a big number of indexes fail"));
    }
    w.extend(template_warnings(&format!("{base}.template"), Some(&spec.template)));
    w
}

fn cron_job_spec(c: &batch::CronJob) -> Option<&batch::JobSpec> {
    c.spec.as_ref().and_then(|s| s.job_template.spec.as_ref())
}

fn cron_job_update(old: &batch::CronJob, new: &batch::CronJob) -> Vec<String> {
    let mut w = Vec::new();
    if generation_moved(&old.metadata, &new.metadata) {
        w = job_spec("spec.jobTemplate.spec", cron_job_spec(new));
    }
    // A TZ prefix is refused on create; an update may keep one, with this warning. The path reads
    // `spec.spec.schedule` upstream.
    if new.spec.as_ref().is_some_and(|s| s.schedule.contains("TZ")) {
        w.push("cannot use TZ or CRON_TZ in spec.spec.schedule, use timeZone instead, see https://kubernetes.io/docs/concepts/workloads/controllers/cron-jobs/ for more details".to_string());
    }
    w
}

// ---------------------------------------------------------------------------------------------
// Pods and pod templates (pkg/api/pod/warnings.go)

/// `base` is where the template sits (`spec.template`), empty for a Pod.
fn at(base: &str, rest: &str) -> String {
    if base.is_empty() {
        rest.to_string()
    } else {
        [base, ".", rest].concat()
    }
}

const DEPRECATED_ANNOTATIONS: [(&str, &str); 3] = [
    ("scheduler.alpha.kubernetes.io/critical-pod", r#"non-functional in v1.16+; use the "priorityClassName" field instead"#),
    ("security.alpha.kubernetes.io/sysctls", r#"non-functional in v1.11+; use the "sysctls" field instead"#),
    ("security.alpha.kubernetes.io/unsafe-sysctls", r#"non-functional in v1.11+; use the "sysctls" field instead"#),
];

const SECCOMP_POD_ANNOTATION: &str = "seccomp.security.alpha.kubernetes.io/pod";
const SECCOMP_CONTAINER_PREFIX: &str = "container.seccomp.security.alpha.kubernetes.io/";
const APPARMOR_CONTAINER_PREFIX: &str = "container.apparmor.security.beta.kubernetes.io/";
const SECCOMP_MSG: &str = r#"non-functional in v1.27+; use the "seccompProfile" field instead"#;
const APPARMOR_MSG: &str = r#"deprecated since v1.30; use the "appArmorProfile" field instead"#;

/// warningsForPodSpecAndMeta, in upstream order. Pods get their AppArmor warning from
/// [`apparmor_skew`] instead, so `template` decides whether this checks the annotation.
fn pod_spec_and_meta(base: &str, template: bool, spec: &core::PodSpec, meta: &ObjectMeta) -> Vec<String> {
    let mut w = Vec::new();
    deprecated_node_labels(base, spec, &mut w);
    topology_spread(base, spec, &mut w);
    deprecated_annotations(base, meta, &mut w);
    volume_plugins(base, spec, &mut w);
    w.extend(overlapping_virtual_paths(spec.volumes.as_deref().unwrap_or_default()));
    host_aliases(base, spec, &mut w);
    image_pull_secrets(base, spec, &mut w);
    for key in ["memory", "ephemeral-storage"] {
        fractional(|| format!("{}[{key}]", at(base, "spec.overhead")), spec.overhead.as_ref().and_then(|o| o.get(key)), &mut w);
    }
    if spec.security_context.as_ref().and_then(|s| s.seccomp_profile.as_ref()).is_none() && annotation(meta, SECCOMP_POD_ANNOTATION).is_some() {
        w.push(format!("{}[{SECCOMP_POD_ANNOTATION}]: {SECCOMP_MSG}", at(base, "metadata.annotations")));
    }
    let containers = containers(spec);
    for c in &containers {
        container_warnings(base, template, spec, meta, c, &mut w);
    }
    ports(base, &containers, &mut w);
    if spec.termination_grace_period_seconds.is_some_and(|s| s < 0) {
        w.push(format!("{}: must be >= 0; negative values are invalid and will be treated as 1", at(base, "spec.terminationGracePeriodSeconds")));
    }
    pod_affinity_terms(base, spec, &mut w);
    dubious_ips(base, spec, &mut w);
    w
}

fn annotation<'m>(meta: &'m ObjectMeta, key: &str) -> Option<&'m String> {
    meta.annotations.as_ref().and_then(|a| a.get(key))
}

/// deprecatedNodeLabels of pkg/api/node/util.go.
fn deprecated_node_label(key: &str) -> Option<&'static str> {
    Some(match key {
        "beta.kubernetes.io/arch" => r#"deprecated since v1.14; use "kubernetes.io/arch" instead"#,
        "beta.kubernetes.io/os" => r#"deprecated since v1.14; use "kubernetes.io/os" instead"#,
        "failure-domain.beta.kubernetes.io/region" => r#"deprecated since v1.17; use "topology.kubernetes.io/region" instead"#,
        "failure-domain.beta.kubernetes.io/zone" => r#"deprecated since v1.17; use "topology.kubernetes.io/zone" instead"#,
        "beta.kubernetes.io/instance-type" => r#"deprecated since v1.17; use "node.kubernetes.io/instance-type" instead"#,
        "app.kubernetes.io/created-by" => "deprecated since v1.9",
        "scheduler.alpha.kubernetes.io/preferAvoidPods" => "deprecated since v1.22; use Taints and Tolerations instead",
        "node-role.kubernetes.io/master" => r#"use "node-role.kubernetes.io/control-plane" instead"#,
        _ => return None,
    })
}

fn deprecated_node_labels(base: &str, spec: &core::PodSpec, w: &mut Vec<String>) {
    // Upstream ranges over a Go map, in random order; kubeplay's map is sorted by key.
    for key in spec.node_selector.iter().flat_map(|m| m.keys()) {
        if let Some(msg) = deprecated_node_label(key) {
            w.push(format!("{}[{key}]: {msg}", at(base, "spec.nodeSelector")));
        }
    }
    let Some(na) = spec.affinity.as_ref().and_then(|a| a.node_affinity.as_ref()) else { return };
    if let Some(required) = &na.required_during_scheduling_ignored_during_execution {
        for (i, term) in required.node_selector_terms.iter().enumerate() {
            // Upstream's tests check the values of preferred terms only; required ones are
            // validated (an error, not a warning) since v1.33.
            let path = || format!("{}[{i}]", at(base, "spec.affinity.nodeAffinity.requiredDuringSchedulingIgnoredDuringExecution.nodeSelectorTerms"));
            node_selector_term(term, false, path, w);
        }
    }
    for (i, term) in na.preferred_during_scheduling_ignored_during_execution.iter().flatten().enumerate() {
        let path = || format!("{}[{i}].preference", at(base, "spec.affinity.nodeAffinity.preferredDuringSchedulingIgnoredDuringExecution"));
        node_selector_term(&term.preference, true, path, w);
    }
}

/// GetWarningsForNodeSelectorTerm: deprecated keys and, when asked, values that are no label
/// values (the scheduler cannot match those).
fn node_selector_term(term: &core::NodeSelectorTerm, check_values: bool, path: impl Fn() -> String, w: &mut Vec<String>) {
    for (i, e) in term.match_expressions.iter().flatten().enumerate() {
        if let Some(msg) = deprecated_node_label(&e.key) {
            w.push(format!("{}.matchExpressions[{i}].key: {} is {msg}", path(), e.key));
        }
        if !check_values {
            continue;
        }
        for (j, v) in e.values.iter().flatten().enumerate() {
            for msg in names::label_value(v) {
                w.push(format!("{}.matchExpressions[{i}].values[{j}]: {v} is invalid, {msg}", path()));
            }
        }
    }
}

fn topology_spread(base: &str, spec: &core::PodSpec, w: &mut Vec<String>) {
    let path = || at(base, "spec.topologySpreadConstraints");
    for (i, t) in spec.topology_spread_constraints.iter().flatten().enumerate() {
        if let Some(msg) = deprecated_node_label(&t.topology_key) {
            w.push(format!("{}[{i}].topologyKey: {} is {msg}", path(), t.topology_key));
        }
        if t.label_selector.is_none() {
            w.push(format!("{}[{i}].labelSelector: a null labelSelector results in matching no pod", path()));
        }
    }
}

fn deprecated_annotations(base: &str, meta: &ObjectMeta, w: &mut Vec<String>) {
    for (key, msg) in DEPRECATED_ANNOTATIONS {
        if annotation(meta, key).is_some() {
            w.push(format!("{}[{key}]: {msg}", at(base, "metadata.annotations")));
        }
    }
}

/// Deprecated and removed volume plugins, per volume in upstream's order. gitRepo's text names its
/// feature gate's state: GitRepoVolumeDriver is off by default in v1.33.
fn volume_plugins(base: &str, spec: &core::PodSpec, w: &mut Vec<String>) {
    let path = || at(base, "spec.volumes");
    for (i, v) in spec.volumes.iter().flatten().enumerate() {
        let plugins = [
            (v.photon_persistent_disk.is_some(), "photonPersistentDisk", "deprecated in v1.11, non-functional in v1.16+"),
            (v.git_repo.is_some(), "gitRepo", "deprecated in v1.11, and disabled by default in v1.33+"),
            (v.scale_io.is_some(), "scaleIO", "deprecated in v1.16, non-functional in v1.22+"),
            (v.flocker.is_some(), "flocker", "deprecated in v1.22, non-functional in v1.25+"),
            (v.storageos.is_some(), "storageOS", "deprecated in v1.22, non-functional in v1.25+"),
            (v.quobyte.is_some(), "quobyte", "deprecated in v1.22, non-functional in v1.25+"),
            (v.glusterfs.is_some(), "glusterfs", "deprecated in v1.25, non-functional in v1.26+"),
        ];
        for (_, field, msg) in plugins.iter().filter(|p| p.0) {
            w.push(format!("{}[{i}].{field}: {msg}", path()));
        }
        if let Some(t) = v.ephemeral.as_ref().and_then(|e| e.volume_claim_template.as_ref()) {
            w.extend(pvc_spec(|| format!("{}[{i}].ephemeral.volumeClaimTemplate.spec", path()), Some(&t.spec)));
        }
        let removed = [(v.cephfs.is_some(), "cephfs"), (v.rbd.is_some(), "rbd")];
        for (_, field) in removed.iter().filter(|p| p.0) {
            w.push(format!("{}[{i}].{field}: deprecated in v1.28, non-functional in v1.31+", path()));
        }
    }
}

fn host_aliases(base: &str, spec: &core::PodSpec, w: &mut Vec<String>) {
    let aliases = spec.host_aliases.as_deref().unwrap_or_default();
    let mut seen = BTreeSet::new();
    for (i, a) in aliases.iter().enumerate() {
        if aliases.len() > 1 && !seen.insert(a.ip.as_str()) {
            w.push(format!("{}[{i}].ip: duplicate ip {}", at(base, "spec.hostAliases"), go_quote(&a.ip)));
        }
    }
}

fn image_pull_secrets(base: &str, spec: &core::PodSpec, w: &mut Vec<String>) {
    let secrets = spec.image_pull_secrets.as_deref().unwrap_or_default();
    let path = || at(base, "spec.imagePullSecrets");
    let mut seen = BTreeSet::new();
    for (i, s) in secrets.iter().enumerate() {
        if secrets.len() > 1 && !seen.insert(s.name.as_str()) {
            w.push(format!("{}[{i}].name: duplicate name {}", path(), go_quote(&s.name)));
        }
    }
    for (i, s) in secrets.iter().enumerate().filter(|(_, s)| s.name.is_empty()) {
        w.push(format!("{}[{i}].name: invalid empty name {}", path(), go_quote(&s.name)));
    }
}

/// A memory or storage quantity with a fraction of a byte. The value prints as Quantity.String
/// does (`0.7Gi` as `751619276800m`, `1.5` as `1500m`), not as written.
fn fractional(path: impl FnOnce() -> String, q: Option<&Quantity>, w: &mut Vec<String>) {
    let Some(q) = q.and_then(|q| Qty::parse(&q.0)) else { return };
    if q.milli_value() % 1000 != 0 {
        w.push(format!("{}: fractional byte value {} is invalid, must be an integer", path(), go_quote(&q.to_string())));
    }
}

/// One container as pods.VisitContainersWithPath sees it: init containers, then containers, then
/// ephemeral containers.
struct ContainerRef<'a> {
    list: &'static str,
    index: usize,
    name: &'a str,
    security: Option<&'a core::SecurityContext>,
    resources: Option<&'a core::ResourceRequirements>,
    env: &'a [core::EnvVar],
    ports: &'a [core::ContainerPort],
}

impl ContainerRef<'_> {
    fn path(&self, base: &str) -> String {
        format!("{}[{}]", at(base, self.list), self.index)
    }
}

fn containers(spec: &core::PodSpec) -> Vec<ContainerRef<'_>> {
    let mut out: Vec<ContainerRef<'_>> = regular("spec.initContainers", spec.init_containers.as_deref().unwrap_or_default()).collect();
    out.extend(regular("spec.containers", &spec.containers));
    out.extend(spec.ephemeral_containers.iter().flatten().enumerate().map(|(index, c)| ContainerRef {
        list: "spec.ephemeralContainers",
        index,
        name: &c.name,
        security: c.security_context.as_ref(),
        resources: c.resources.as_ref(),
        env: c.env.as_deref().unwrap_or_default(),
        ports: c.ports.as_deref().unwrap_or_default(),
    }));
    out
}

fn regular<'a>(list: &'static str, cs: &'a [core::Container]) -> impl Iterator<Item = ContainerRef<'a>> {
    cs.iter().enumerate().map(move |(index, c)| ContainerRef {
        list,
        index,
        name: &c.name,
        security: c.security_context.as_ref(),
        resources: c.resources.as_ref(),
        env: c.env.as_deref().unwrap_or_default(),
        ports: c.ports.as_deref().unwrap_or_default(),
    })
}

/// The first container visit: annotations without their fields, fractional bytes, hidden env.
fn container_warnings(base: &str, template: bool, spec: &core::PodSpec, meta: &ObjectMeta, c: &ContainerRef<'_>, w: &mut Vec<String>) {
    // Most objects carry no annotations: then no key is worth building.
    if meta.annotations.as_ref().is_some_and(|a| !a.is_empty()) {
        annotations_without_fields(base, template, spec, meta, c, w);
    }
    for (list, key) in [("limits", "memory"), ("requests", "memory"), ("limits", "ephemeral-storage"), ("requests", "ephemeral-storage")] {
        let map = c.resources.and_then(|r| if list == "limits" { r.limits.as_ref() } else { r.requests.as_ref() });
        fractional(|| format!("{}.resources.{list}[{key}]", c.path(base)), map.and_then(|m| m.get(key)), w);
    }
    hidden_env(|| c.path(base), c.env, w);
}

fn annotations_without_fields(base: &str, template: bool, spec: &core::PodSpec, meta: &ObjectMeta, c: &ContainerRef<'_>, w: &mut Vec<String>) {
    if c.security.and_then(|s| s.seccomp_profile.as_ref()).is_none() {
        let key = [SECCOMP_CONTAINER_PREFIX, c.name].concat();
        if annotation(meta, &key).is_some() {
            w.push(format!("{}[{key}]: {SECCOMP_MSG}", at(base, "metadata.annotations")));
        }
    }
    // Pods warn about this annotation in PrepareForCreate ([`apparmor_skew`]); templates here.
    let pod_profile = spec.security_context.as_ref().is_some_and(|s| s.app_armor_profile.is_some());
    if template && !pod_profile && c.security.and_then(|s| s.app_armor_profile.as_ref()).is_none() {
        let key = [APPARMOR_CONTAINER_PREFIX, c.name].concat();
        if annotation(meta, &key).is_some() {
            w.push(format!("{}[{key}]: {APPARMOR_MSG}", at(base, "metadata.annotations")));
        }
    }
}

/// A repeated env name warns unless the later value builds on the earlier one (`X=$(X)-more`),
/// since apply may drop one of the two.
fn hidden_env(path: impl Fn() -> String, env: &[core::EnvVar], w: &mut Vec<String>) {
    if env.len() < 2 {
        return;
    }
    let mut seen = BTreeSet::new();
    for (i, e) in env.iter().enumerate() {
        if seen.insert(e.name.as_str()) {
            continue;
        }
        let reference = format!("$({})", e.name);
        let value = e.value.as_deref().unwrap_or("");
        if e.value_from.is_some() || value == reference || !value.contains(&reference) {
            w.push(format!("{}.env[{i}]: hides previous definition of {}, which may be dropped when using apply", path(), go_quote(&e.name)));
        }
    }
}

/// A container port as the apiserver's internal core.ContainerPort holds it, and where it is.
#[derive(Clone, Copy)]
struct Port<'a> {
    container: &'a ContainerRef<'a>,
    index: usize,
    host_ip: &'a str,
    host_port: i32,
}

impl Port<'_> {
    fn path(&self, base: &str) -> String {
        format!("{}.ports[{}]", self.container.path(base), self.index)
    }
}

/// The second container visit: ports of all containers against each other, per port number and
/// protocol, and port names across the pod.
fn ports<'a>(base: &str, containers: &'a [ContainerRef<'a>], w: &mut Vec<String>) {
    let mut by_port: BTreeMap<(i32, &str), Vec<Port<'a>>> = BTreeMap::new();
    let mut names: BTreeMap<&str, Port<'a>> = BTreeMap::new();
    for c in containers {
        for (index, p) in c.ports.iter().enumerate() {
            let port = Port { container: c, index, host_ip: p.host_ip.as_deref().unwrap_or(""), host_port: p.host_port.unwrap_or(0) };
            if !port.host_ip.is_empty() && port.host_port == 0 {
                w.push(format!("{}: hostIP set without hostPort: {}", port.path(base), go_port(p)));
            }
            let others = by_port.entry((p.container_port, p.protocol.as_deref().unwrap_or(""))).or_default();
            for other in others.iter() {
                if let Some(kind) = port_conflict(&port, other) {
                    w.push(format!("{}: {kind} port definition with {}", port.path(base), other.path(base)));
                }
            }
            let name = p.name.as_deref().unwrap_or("");
            if !name.is_empty() {
                match names.get(name) {
                    Some(first) => {
                        let first = first.path(base);
                        w.push(format!("{}: duplicate port name {} with {first}, services and probes that select ports by name will use {first}", port.path(base), go_quote(name)));
                    }
                    None => {
                        names.insert(name, port);
                    }
                }
            }
            others.push(port);
        }
    }
}

/// How two ports of one number and protocol collide, if they do.
fn port_conflict(port: &Port<'_>, other: &Port<'_>) -> Option<&'static str> {
    let (a, b) = (port.host_ip.is_empty(), other.host_ip.is_empty());
    if port.host_ip == other.host_ip && port.host_port == other.host_port {
        Some("duplicate")
    } else if port.host_port == 0 || other.host_port == 0 {
        Some("overlapping")
    } else if port.host_port == other.host_port && a != b {
        Some("dangerously ambiguous")
    } else {
        None
    }
}

/// Go's `%+v` of a core.ContainerPort (field order Name, HostPort, ContainerPort, Protocol, HostIP).
fn go_port(p: &core::ContainerPort) -> String {
    format!(
        "{{Name:{} HostPort:{} ContainerPort:{} Protocol:{} HostIP:{}}}",
        p.name.as_deref().unwrap_or(""),
        p.host_port.unwrap_or(0),
        p.container_port,
        p.protocol.as_deref().unwrap_or(""),
        p.host_ip.as_deref().unwrap_or("")
    )
}

fn pod_affinity_terms(base: &str, spec: &core::PodSpec, w: &mut Vec<String>) {
    let Some(a) = spec.affinity.as_ref() else { return };
    let kinds = [
        ("podAffinity", a.pod_affinity.as_ref().map(|p| (&p.required_during_scheduling_ignored_during_execution, &p.preferred_during_scheduling_ignored_during_execution))),
        ("podAntiAffinity", a.pod_anti_affinity.as_ref().map(|p| (&p.required_during_scheduling_ignored_during_execution, &p.preferred_during_scheduling_ignored_during_execution))),
    ];
    for (kind, terms) in kinds {
        let Some((required, preferred)) = terms else { continue };
        let path = || at(base, &["spec.affinity.", kind].concat());
        for (i, _) in required.iter().flatten().enumerate().filter(|(_, t)| t.label_selector.is_none()) {
            w.push(format!("{}.requiredDuringSchedulingIgnoredDuringExecution[{i}].labelSelector: a null labelSelector results in matching no pod", path()));
        }
        for (i, _) in preferred.iter().flatten().enumerate().filter(|(_, t)| t.pod_affinity_term.label_selector.is_none()) {
            w.push(format!("{}.preferredDuringSchedulingIgnoredDuringExecution[{i}].podAffinityTerm.labelSelector: a null labelSelector results in matching no pod", path()));
        }
    }
}

/// IP addresses in forms a future release will refuse (upstream's test case "dubious IP address
/// formats"). The texts and paths are upstream's; where warningsForPodSpecAndMeta checks them was
/// not visible in the sources read, so they come last here.
fn dubious_ips(base: &str, spec: &core::PodSpec, w: &mut Vec<String>) {
    let nameservers = spec.dns_config.as_ref().and_then(|d| d.nameservers.as_deref()).unwrap_or_default();
    for (i, ns) in nameservers.iter().enumerate() {
        w.extend(ip_warnings(|| format!("{}[{i}]", at(base, "spec.dnsConfig.nameservers")), ns));
    }
    for (i, a) in spec.host_aliases.iter().flatten().enumerate() {
        w.extend(ip_warnings(|| format!("{}[{i}].ip", at(base, "spec.hostAliases")), &a.ip));
    }
}

/// applyAppArmorVersionSkew (pkg/registry/core/pod/strategy.go): a container's deprecated AppArmor
/// annotation without its field warns, unless the annotation only repeats the pod's profile. The
/// stored object still has the annotation and no container field, as the apiserver saw it before
/// copying one into the other.
fn apparmor_skew(spec: &core::PodSpec, meta: &ObjectMeta) -> Vec<String> {
    if spec.os.as_ref().is_some_and(|os| os.name == "windows") {
        return Vec::new();
    }
    let pod_profile = spec.security_context.as_ref().and_then(|s| s.app_armor_profile.as_ref());
    let mut w = Vec::new();
    for c in containers(spec) {
        let key = [APPARMOR_CONTAINER_PREFIX, c.name].concat();
        let Some(value) = annotation(meta, &key) else { continue };
        if c.security.and_then(|s| s.app_armor_profile.as_ref()).is_some() {
            continue;
        }
        let field = apparmor_field(value);
        if field.is_none() || field.as_ref() != pod_profile {
            w.push(format!("metadata.annotations[{key}]: {APPARMOR_MSG}"));
        }
    }
    w
}

/// ApparmorFieldForAnnotation, keeping only a profile ValidateAppArmorProfileField accepts.
fn apparmor_field(annotation: &str) -> Option<core::AppArmorProfile> {
    let profile = |t: &str, local: Option<&str>| core::AppArmorProfile { type_: t.to_string(), localhost_profile: local.map(str::to_string) };
    match annotation {
        "unconfined" => Some(profile("Unconfined", None)),
        "runtime/default" => Some(profile("RuntimeDefault", None)),
        a => {
            let local = a.strip_prefix("localhost/").filter(|l| !l.trim().is_empty() && l.len() <= 4095)?;
            Some(profile("Localhost", Some(local)))
        }
    }
}

// ---------------------------------------------------------------------------------------------
// Overlapping paths in configMap, secret, downwardAPI and projected volumes

/// Which source of a projected volume writes a file, as the warning names it.
#[derive(Clone, Copy)]
enum Source<'a> {
    /// A file of a configMap, secret or downwardAPI volume: the volume names it.
    Volume,
    ConfigMap(&'a str),
    Secret(&'a str),
    DownwardApi,
    ServiceAccountToken,
    ClusterTrustBundle(&'a str),
}

/// A file a volume writes, its path without trailing slashes.
#[derive(Clone, Copy)]
struct PathAndSource<'a> {
    path: &'a str,
    source: Source<'a>,
}

impl<'a> PathAndSource<'a> {
    fn new(path: &'a str, source: Source<'a>) -> Self {
        PathAndSource { path: path.trim_end_matches('/'), source }
    }
}

impl std::fmt::Display for PathAndSource<'_> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&go_quote(self.path))?;
        match self.source {
            Source::Volume => Ok(()),
            Source::ConfigMap(n) => write!(f, " (ConfigMap {})", go_quote(n)),
            Source::Secret(n) => write!(f, " (Secret {})", go_quote(n)),
            Source::DownwardApi => f.write_str(" (DownwardAPI)"),
            Source::ServiceAccountToken => f.write_str(" (ServiceAccountToken)"),
            Source::ClusterTrustBundle(n) => write!(f, " (ClusterTrustBundle {})", go_quote(n)),
        }
    }
}

/// warningsForOverlappingVirtualPaths: two files of one volume at one path, or one file where
/// another needs a directory.
fn overlapping_virtual_paths(volumes: &[core::Volume]) -> Vec<String> {
    let mut w = Vec::new();
    for v in volumes {
        if let Some(cm) = &v.config_map {
            if let Some(items) = &cm.items {
                let desc = || format!("ConfigMap {}", go_quote(&cm.name));
                volume_overlaps(&v.name, desc, items.iter().map(|i| i.path.as_str()), &mut w);
            }
        }
        if let Some(s) = &v.secret {
            if let Some(items) = &s.items {
                let desc = || format!("Secret {}", go_quote(s.secret_name.as_deref().unwrap_or("")));
                volume_overlaps(&v.name, desc, items.iter().map(|i| i.path.as_str()), &mut w);
            }
        }
        if let Some(items) = v.downward_api.as_ref().and_then(|d| d.items.as_ref()) {
            volume_overlaps(&v.name, || "DownwardAPI".to_string(), items.iter().map(|i| i.path.as_str()), &mut w);
        }
        if let Some(p) = &v.projected {
            projected_overlaps(&v.name, p.sources.as_deref().unwrap_or_default(), &mut w);
        }
    }
    w
}

/// checkVolumeMappingForOverlap: each file of one volume against the ones before it.
fn volume_overlaps<'a>(volume: &str, desc: impl Fn() -> String, paths: impl Iterator<Item = &'a str>, w: &mut Vec<String>) {
    let mut seen: Vec<PathAndSource<'a>> = Vec::new();
    for path in paths {
        let ps = PathAndSource::new(path, Source::Volume);
        for c in overlaps(&seen, ps.path) {
            w.push(format!("volume {} ({}): overlapping paths: {ps} with {c}", go_quote(volume), desc()));
        }
        seen.push(ps);
    }
}

/// The files one projected source writes.
fn projection_paths(s: &core::VolumeProjection) -> Vec<PathAndSource<'_>> {
    if let Some(c) = s.config_map.as_ref().filter(|c| c.items.is_some()) {
        return key_paths(c.items.as_deref().unwrap_or_default(), Source::ConfigMap(&c.name));
    }
    if let Some(c) = s.secret.as_ref().filter(|c| c.items.is_some()) {
        return key_paths(c.items.as_deref().unwrap_or_default(), Source::Secret(&c.name));
    }
    if let Some(d) = s.downward_api.as_ref().and_then(|d| d.items.as_ref()) {
        return d.iter().map(|i| PathAndSource::new(&i.path, Source::DownwardApi)).collect();
    }
    if let Some(t) = &s.service_account_token {
        return vec![PathAndSource::new(&t.path, Source::ServiceAccountToken)];
    }
    if let Some(b) = &s.cluster_trust_bundle {
        let name = b.name.as_deref().or(b.signer_name.as_deref()).unwrap_or("");
        return vec![PathAndSource::new(&b.path, Source::ClusterTrustBundle(name))];
    }
    Vec::new()
}

fn key_paths<'a>(items: &'a [core::KeyToPath], source: Source<'a>) -> Vec<PathAndSource<'a>> {
    items.iter().map(|i| PathAndSource::new(&i.path, source)).collect()
}

/// Every file of every source against the files before it, its own source's included.
fn projected_overlaps(volume: &str, sources: &[core::VolumeProjection], w: &mut Vec<String>) {
    let mut all: Vec<PathAndSource<'_>> = Vec::new();
    for s in sources {
        if *s == core::VolumeProjection::default() {
            w.push(format!("volume {} (Projected) has no sources provided", go_quote(volume)));
            continue;
        }
        for ps in projection_paths(s) {
            for c in overlaps(&all, ps.path) {
                w.push(format!("volume {} (Projected): overlapping paths: {ps} with {c}", go_quote(volume)));
            }
            all.push(ps);
        }
    }
}

/// checkForOverlap: the earlier files at `path`, inside it, or containing it. Empty paths collide
/// with nothing.
fn overlaps<'s, 'a>(seen: &'s [PathAndSource<'a>], path: &str) -> Vec<&'s PathAndSource<'a>> {
    if path.is_empty() {
        return Vec::new();
    }
    seen.iter().filter(|s| !s.path.is_empty() && (nested(s.path, path) || nested(path, s.path))).collect()
}

/// Whether `inner` is `outer` or lies under it, path segment by segment (`a/b` is under `a`, `ab`
/// is not).
fn nested(inner: &str, outer: &str) -> bool {
    inner.strip_prefix(outer).is_some_and(|rest| rest.is_empty() || rest.starts_with('/'))
}

// ---------------------------------------------------------------------------------------------
// Claims, volumes, storage classes

/// GetWarningsForPersistentVolumeClaimSpec: fractional bytes of storage.
fn pvc_spec(path: impl Fn() -> String, spec: Option<&core::PersistentVolumeClaimSpec>) -> Vec<String> {
    let resources = spec.and_then(|s| s.resources.as_ref());
    let mut w = Vec::new();
    fractional(|| format!("{}.resources.requests[storage]", path()), resources.and_then(|r| r.requests.as_ref()).and_then(|m| m.get("storage")), &mut w);
    fractional(|| format!("{}.resources.limits[storage]", path()), resources.and_then(|r| r.limits.as_ref()).and_then(|m| m.get("storage")), &mut w);
    w
}

const BETA_STORAGE_CLASS_ANNOTATION: &str = "volume.beta.kubernetes.io/storage-class";
const BETA_STORAGE_CLASS_MSG: &str = r#"deprecated since v1.8; use "storageClassName" attribute instead"#;

fn beta_storage_class(meta: &ObjectMeta) -> Option<String> {
    annotation(meta, BETA_STORAGE_CLASS_ANNOTATION).map(|_| format!("metadata.annotations[{BETA_STORAGE_CLASS_ANNOTATION}]: {BETA_STORAGE_CLASS_MSG}"))
}

/// GetWarningsForPersistentVolumeClaim, on create and on every update.
fn pvc(c: &core::PersistentVolumeClaim) -> Vec<String> {
    let mut w: Vec<String> = beta_storage_class(&c.metadata).into_iter().collect();
    w.extend(pvc_spec(|| "spec".to_string(), c.spec.as_ref()));
    w
}

/// GetWarningsForPersistentVolume, on create and on every update.
fn persistent_volume(v: &core::PersistentVolume) -> Vec<String> {
    let mut w: Vec<String> = beta_storage_class(&v.metadata).into_iter().collect();
    let Some(spec) = &v.spec else { return w };
    if spec.persistent_volume_reclaim_policy.as_deref() == Some("Recycle") {
        w.push("spec.persistentVolumeReclaimPolicy: The Recycle reclaim policy is deprecated. Instead, the recommended approach is to use dynamic provisioning.".to_string());
    }
    let terms = spec.node_affinity.as_ref().and_then(|a| a.required.as_ref()).map(|r| r.node_selector_terms.as_slice()).unwrap_or_default();
    for (i, term) in terms.iter().enumerate() {
        node_selector_term(term, false, || format!("spec.nodeAffinity.required.nodeSelectorTerms[{i}]"), &mut w);
    }
    let plugins = [
        (spec.cephfs.is_some(), "cephfs", "deprecated in v1.28, non-functional in v1.31+"),
        (spec.photon_persistent_disk.is_some(), "photonPersistentDisk", "deprecated in v1.11, non-functional in v1.16+"),
        (spec.scale_io.is_some(), "scaleIO", "deprecated in v1.16, non-functional in v1.22+"),
        (spec.storageos.is_some(), "storageOS", "deprecated in v1.22, non-functional in v1.25+"),
        (spec.glusterfs.is_some(), "glusterfs", "deprecated in v1.25, non-functional in v1.26+"),
        (spec.rbd.is_some(), "rbd", "deprecated in v1.28, non-functional in v1.31+"),
    ];
    for (_, field, msg) in plugins.iter().filter(|p| p.0) {
        w.push(format!("spec.{field}: {msg}"));
    }
    w
}

/// GetWarningsForStorageClass: deprecated node labels in allowedTopologies.
fn storage_class(sc: &storage::StorageClass) -> Vec<String> {
    let mut w = Vec::new();
    for (i, topo) in sc.allowed_topologies.iter().flatten().enumerate() {
        for (j, e) in topo.match_label_expressions.iter().flatten().enumerate() {
            if let Some(msg) = deprecated_node_label(&e.key) {
                w.push(format!("allowedTopologies[{i}].matchLabelExpressions[{j}].key: {msg}"));
            }
        }
    }
    w
}

// ---------------------------------------------------------------------------------------------
// Services and EndpointSlices

/// GetWarningsForService, on create and on every update.
fn service(s: &core::Service) -> Vec<String> {
    let mut w = Vec::new();
    if annotation(&s.metadata, "service.kubernetes.io/topology-aware-hints").is_some() {
        w.push("annotation service.kubernetes.io/topology-aware-hints is deprecated, please use service.kubernetes.io/topology-mode instead".to_string());
    }
    let Some(spec) = &s.spec else { return w };
    // helper.IsServiceIPSet: neither headless nor unallocated.
    if !matches!(spec.cluster_ip.as_deref(), None | Some("") | Some("None")) {
        for (i, ip) in spec.cluster_ips.iter().flatten().enumerate() {
            w.extend(ip_warnings(|| format!("spec.clusterIPs[{i}]"), ip));
        }
    }
    for (i, ip) in spec.external_ips.iter().flatten().enumerate() {
        w.extend(ip_warnings(|| format!("spec.externalIPs[{i}]"), ip));
    }
    if let Some(ip) = spec.load_balancer_ip.as_deref().filter(|ip| !ip.is_empty()) {
        w.extend(ip_warnings(|| "spec.loadBalancerIP".to_string(), ip));
    }
    for (i, cidr) in spec.load_balancer_source_ranges.iter().flatten().enumerate() {
        w.extend(cidr_warnings(|| format!("spec.loadBalancerSourceRanges[{i}]"), cidr));
    }
    let external_name_type = spec.type_.as_deref() == Some("ExternalName");
    if external_name_type && spec.external_ips.as_ref().is_some_and(|ips| !ips.is_empty()) {
        w.push(r#"spec.externalIPs is ignored when spec.type is "ExternalName""#.to_string());
    }
    if !external_name_type && spec.external_name.as_deref().is_some_and(|n| !n.is_empty()) {
        w.push(r#"spec.externalName is ignored when spec.type is not "ExternalName""#.to_string());
    }
    w
}

fn endpoint_slice_address_type(e: &discovery::EndpointSlice) -> Option<String> {
    (e.address_type == "FQDN").then(|| "spec.addressType: FQDN endpoints are deprecated".to_string())
}

/// warnOnBadIPs: skipped for the slices the two EndpointSlice controllers write.
fn endpoint_slice_ips(e: &discovery::EndpointSlice) -> Vec<String> {
    let managed_by = e.metadata.labels.as_ref().and_then(|l| l.get("endpointslice.kubernetes.io/managed-by")).map(String::as_str);
    if matches!(managed_by, Some("endpointslice-controller.k8s.io" | "endpointslicemirroring-controller.k8s.io")) {
        return Vec::new();
    }
    let mut w = Vec::new();
    for (i, ep) in e.endpoints.iter().enumerate() {
        for (j, addr) in ep.addresses.iter().enumerate() {
            w.extend(ip_warnings(|| format!("endpoints[{i}].addresses[{j}]"), addr));
        }
    }
    w
}

// ---------------------------------------------------------------------------------------------
// IP and CIDR values (apimachinery util/validation/ip.go)

/// GetWarningsForIP: a value validation accepted (Go 1.16's parser) in a form netip refuses, or
/// IPv6 not in RFC 5952 form. Anything unparseable was refused by validation and warns of nothing.
fn ip_warnings(path: impl FnOnce() -> String, value: &str) -> Vec<String> {
    let Some(ip) = goip::parse_sloppy(value) else { return Vec::new() };
    match goip::parse_strict(value) {
        Some(addr) if !addr.is_4in6() => {
            let canonical = goip::netip_string(addr);
            if matches!(addr, Ip::V6(_)) && canonical != value {
                vec![format!("{}: IPv6 address {} should be in RFC 5952 canonical format ({})", path(), go_quote(value), go_quote(&canonical))]
            } else {
                Vec::new()
            }
        }
        _ => vec![format!("{}: non-standard IP address {} will be considered invalid in a future Kubernetes release: use {}", path(), go_quote(value), go_quote(&goip::net_ip_string(ip)))],
    }
}

/// GetWarningsForCIDR: bits past the prefix, non-standard forms, then (alone) non-canonical IPv6.
fn cidr_warnings(path: impl FnOnce() -> String, value: &str) -> Vec<String> {
    let Some(cidr) = goip::parse_cidr_sloppy(value) else { return Vec::new() };
    let path = path();
    let mut w = Vec::new();
    let net = cidr.net_string();
    if cidr.has_host_bits() {
        let single = format!("{}/{}", goip::net_ip_string(cidr.ip), cidr.addr_bits);
        w.push(format!("{path}: CIDR value {} is ambiguous in this context (should be {} or {}?)", go_quote(value), go_quote(&net), go_quote(&single)));
    }
    let prefix = goip::parse_prefix_strict(value);
    match prefix {
        Some((addr, _)) if !addr.is_4in6() => {}
        _ => w.push(format!("{path}: non-standard CIDR value {} will be considered invalid in a future Kubernetes release: use {}", go_quote(value), go_quote(&net))),
    }
    if let Some((addr @ Ip::V6(_), bits)) = prefix {
        let canonical = format!("{}/{bits}", goip::netip_string(addr));
        if w.is_empty() && canonical != value {
            w.push(format!("{path}: IPv6 CIDR value {} should be in RFC 5952 canonical format ({})", go_quote(value), go_quote(&canonical)));
        }
    }
    w
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::api::Kind;
    use serde_json::{json, Value};

    fn obj(kind: Kind, v: Value) -> Object {
        Object::from_value(kind, v).expect("test object decodes")
    }

    fn pod(spec: Value) -> Object {
        obj(Kind::Pod, json!({"metadata": {"name": "web"}, "spec": spec}))
    }

    fn pod_with(meta: Value, spec: Value) -> Object {
        obj(Kind::Pod, json!({"metadata": meta, "spec": spec}))
    }

    fn deployment(name: &str, generation: i64, template: Value) -> Object {
        obj(Kind::Deployment, json!({"metadata": {"name": name, "generation": generation}, "spec": {"selector": {}, "template": template}}))
    }

    #[test]
    fn names_that_are_no_dns_label() {
        let p = obj(Kind::Pod, json!({"metadata": {"name": "web.v1"}, "spec": {"containers": []}}));
        assert_eq!(on_create(&p), [r#"metadata.name: this is used in the Pod's hostname, which can result in surprising behavior; a DNS label is recommended: [must not contain dots]"#]);
        let long = format!("{}.b", "a".repeat(63));
        let d = deployment(&long, 1, json!({}));
        assert_eq!(
            on_create(&d),
            ["metadata.name: this is used in Pod names and hostnames, which can result in surprising behavior; a DNS label is recommended: [must be no more than 63 characters must not contain dots]"]
        );
        assert!(on_create(&deployment("web", 1, json!({}))).is_empty());
        let job = obj(Kind::Job, json!({"metadata": {"name": "pi.v2"}, "spec": {"template": {}}}));
        assert_eq!(on_create(&job), ["metadata.name: this is used in Pod names and hostnames, which can result in surprising behavior; a DNS label is recommended: [must not contain dots]"]);
    }

    #[test]
    fn workloads_warn_on_update_only_when_the_generation_moved() {
        let t = json!({"spec": {"terminationGracePeriodSeconds": -1, "containers": []}});
        let want = ["spec.template.spec.terminationGracePeriodSeconds: must be >= 0; negative values are invalid and will be treated as 1"];
        assert_eq!(on_create(&deployment("web", 1, t.clone())), want);
        assert!(on_update(&deployment("web", 1, t.clone()), &deployment("web", 1, t.clone())).is_empty());
        assert_eq!(on_update(&deployment("web", 1, t.clone()), &deployment("web", 2, t.clone())), want);
        // Pods warn on create only.
        let p = pod(json!({"terminationGracePeriodSeconds": -1, "containers": []}));
        assert_eq!(on_create(&p), ["spec.terminationGracePeriodSeconds: must be >= 0; negative values are invalid and will be treated as 1"]);
        assert!(on_update(&p, &p).is_empty());
    }

    #[test]
    fn deprecated_node_labels_and_null_selectors() {
        let p = pod(json!({
            "containers": [],
            "nodeSelector": {"beta.kubernetes.io/os": "linux", "beta.kubernetes.io/arch": "amd64", "disk": "ssd"},
            "affinity": {
                "nodeAffinity": {
                    "requiredDuringSchedulingIgnoredDuringExecution": {"nodeSelectorTerms": [{"matchExpressions": [
                        {"key": "foo", "operator": "In", "values": ["-1"]},
                        {"key": "failure-domain.beta.kubernetes.io/zone", "operator": "Exists"}
                    ]}]},
                    "preferredDuringSchedulingIgnoredDuringExecution": [{"weight": 1, "preference": {"matchExpressions": [
                        {"key": "node-role.kubernetes.io/master", "operator": "In", "values": ["-1"]}
                    ]}}]
                },
                "podAffinity": {"requiredDuringSchedulingIgnoredDuringExecution": [{"labelSelector": {}, "topologyKey": "x"}, {"topologyKey": "x"}]},
                "podAntiAffinity": {"preferredDuringSchedulingIgnoredDuringExecution": [{"weight": 1, "podAffinityTerm": {"topologyKey": "x"}}]}
            },
            "topologySpreadConstraints": [
                {"maxSkew": 1, "topologyKey": "beta.kubernetes.io/instance-type", "whenUnsatisfiable": "DoNotSchedule", "labelSelector": {}},
                {"maxSkew": 1, "topologyKey": "zone", "whenUnsatisfiable": "DoNotSchedule"}
            ]
        }));
        assert_eq!(
            on_create(&p),
            [
                r#"spec.nodeSelector[beta.kubernetes.io/arch]: deprecated since v1.14; use "kubernetes.io/arch" instead"#,
                r#"spec.nodeSelector[beta.kubernetes.io/os]: deprecated since v1.14; use "kubernetes.io/os" instead"#,
                r#"spec.affinity.nodeAffinity.requiredDuringSchedulingIgnoredDuringExecution.nodeSelectorTerms[0].matchExpressions[1].key: failure-domain.beta.kubernetes.io/zone is deprecated since v1.17; use "topology.kubernetes.io/zone" instead"#,
                r#"spec.affinity.nodeAffinity.preferredDuringSchedulingIgnoredDuringExecution[0].preference.matchExpressions[0].key: node-role.kubernetes.io/master is use "node-role.kubernetes.io/control-plane" instead"#,
                "spec.affinity.nodeAffinity.preferredDuringSchedulingIgnoredDuringExecution[0].preference.matchExpressions[0].values[0]: -1 is invalid, a valid label must be an empty string or consist of alphanumeric characters, '-', '_' or '.', and must start and end with an alphanumeric character (e.g. 'MyValue',  or 'my_value',  or '12345', regex used for validation is '(([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9])?')",
                r#"spec.topologySpreadConstraints[0].topologyKey: beta.kubernetes.io/instance-type is deprecated since v1.17; use "node.kubernetes.io/instance-type" instead"#,
                "spec.topologySpreadConstraints[1].labelSelector: a null labelSelector results in matching no pod",
                "spec.affinity.podAffinity.requiredDuringSchedulingIgnoredDuringExecution[1].labelSelector: a null labelSelector results in matching no pod",
                "spec.affinity.podAntiAffinity.preferredDuringSchedulingIgnoredDuringExecution[0].podAffinityTerm.labelSelector: a null labelSelector results in matching no pod",
            ]
        );
    }

    #[test]
    fn deprecated_annotations_seccomp_and_apparmor() {
        let meta = json!({"name": "web", "annotations": {
            "scheduler.alpha.kubernetes.io/critical-pod": "",
            "security.alpha.kubernetes.io/sysctls": "a",
            "security.alpha.kubernetes.io/unsafe-sysctls": "b",
            "seccomp.security.alpha.kubernetes.io/pod": "runtime/default",
            "container.seccomp.security.alpha.kubernetes.io/app": "runtime/default",
            "container.apparmor.security.beta.kubernetes.io/app": "runtime/default",
            "container.apparmor.security.beta.kubernetes.io/same": "runtime/default"
        }});
        let spec = json!({"containers": [{"name": "app"}, {"name": "same", "securityContext": {"seccompProfile": {"type": "RuntimeDefault"}}}]});
        // The Pod's AppArmor warning comes from PrepareForCreate, before all the others.
        assert_eq!(
            on_create(&pod_with(meta.clone(), spec.clone())),
            [
                r#"metadata.annotations[container.apparmor.security.beta.kubernetes.io/app]: deprecated since v1.30; use the "appArmorProfile" field instead"#,
                r#"metadata.annotations[container.apparmor.security.beta.kubernetes.io/same]: deprecated since v1.30; use the "appArmorProfile" field instead"#,
                r#"metadata.annotations[scheduler.alpha.kubernetes.io/critical-pod]: non-functional in v1.16+; use the "priorityClassName" field instead"#,
                r#"metadata.annotations[security.alpha.kubernetes.io/sysctls]: non-functional in v1.11+; use the "sysctls" field instead"#,
                r#"metadata.annotations[security.alpha.kubernetes.io/unsafe-sysctls]: non-functional in v1.11+; use the "sysctls" field instead"#,
                r#"metadata.annotations[seccomp.security.alpha.kubernetes.io/pod]: non-functional in v1.27+; use the "seccompProfile" field instead"#,
                r#"metadata.annotations[container.seccomp.security.alpha.kubernetes.io/app]: non-functional in v1.27+; use the "seccompProfile" field instead"#,
            ]
        );
        // An annotation that repeats the pod's own profile is copied silently.
        let pod_profile = json!({"securityContext": {"appArmorProfile": {"type": "RuntimeDefault"}}, "containers": [{"name": "app"}]});
        let quiet = pod_with(json!({"name": "web", "annotations": {"container.apparmor.security.beta.kubernetes.io/app": "runtime/default"}}), pod_profile);
        assert!(on_create(&quiet).is_empty());
        // Templates warn about it among the container warnings, under their own path.
        let d = deployment("web", 1, json!({"metadata": {"annotations": {"container.apparmor.security.beta.kubernetes.io/app": "unconfined"}}, "spec": {"containers": [{"name": "app"}]}}));
        assert_eq!(on_create(&d), [r#"spec.template.metadata.annotations[container.apparmor.security.beta.kubernetes.io/app]: deprecated since v1.30; use the "appArmorProfile" field instead"#]);
    }

    #[test]
    fn deprecated_volume_plugins() {
        let p = pod(json!({"containers": [], "volumes": [
            {"name": "a", "gitRepo": {"repository": "r"}},
            {"name": "b", "photonPersistentDisk": {"pdID": "x"}, "scaleIO": {"gateway": "g", "system": "s", "secretRef": {}}},
            {"name": "c", "flocker": {}, "storageos": {}, "quobyte": {"registry": "r", "volume": "v"}, "glusterfs": {"endpoints": "e", "path": "p"}},
            {"name": "d", "cephfs": {"monitors": []}, "rbd": {"monitors": [], "image": "i"}},
            {"name": "e", "ephemeral": {"volumeClaimTemplate": {"spec": {"resources": {"requests": {"storage": "200m"}}}}}}
        ]}));
        assert_eq!(
            on_create(&p),
            [
                "spec.volumes[0].gitRepo: deprecated in v1.11, and disabled by default in v1.33+",
                "spec.volumes[1].photonPersistentDisk: deprecated in v1.11, non-functional in v1.16+",
                "spec.volumes[1].scaleIO: deprecated in v1.16, non-functional in v1.22+",
                "spec.volumes[2].flocker: deprecated in v1.22, non-functional in v1.25+",
                "spec.volumes[2].storageOS: deprecated in v1.22, non-functional in v1.25+",
                "spec.volumes[2].quobyte: deprecated in v1.22, non-functional in v1.25+",
                "spec.volumes[2].glusterfs: deprecated in v1.25, non-functional in v1.26+",
                "spec.volumes[3].cephfs: deprecated in v1.28, non-functional in v1.31+",
                "spec.volumes[3].rbd: deprecated in v1.28, non-functional in v1.31+",
                r#"spec.volumes[4].ephemeral.volumeClaimTemplate.spec.resources.requests[storage]: fractional byte value "200m" is invalid, must be an integer"#,
            ]
        );
    }

    #[test]
    fn overlapping_paths_in_volumes() {
        let p = pod(json!({"containers": [], "volumes": [
            {"name": "Test", "configMap": {"name": "foo", "items": [{"key": "bar", "path": "test/app"}, {"key": "foo", "path": "test"}]}},
            {"name": "s", "secret": {"secretName": "foo", "items": [{"key": "a", "path": "test"}, {"key": "b", "path": "test/"}]}},
            {"name": "d", "downwardAPI": {"items": [{"path": "dir/path1", "fieldRef": {"fieldPath": "metadata.name"}}, {"path": "dir/path345", "fieldRef": {"fieldPath": "metadata.name"}}]}},
            {"name": "foo", "projected": {"sources": [
                {"clusterTrustBundle": {"signerName": "Test", "path": "test/test"}},
                {"downwardAPI": {"items": [{"path": "test", "fieldRef": {"fieldPath": "metadata.name"}}]}},
                {"secret": {"name": "Test", "items": [{"key": "foo", "path": "test"}]}},
                {"serviceAccountToken": {"path": "test"}}
            ]}},
            {"name": "empty", "projected": {"sources": [{}]}},
            // kube-api-access: three sources, three distinct files.
            {"name": "kube-api-access-x", "projected": {"sources": [
                {"serviceAccountToken": {"path": "token", "expirationSeconds": 3607}},
                {"configMap": {"name": "kube-root-ca.crt", "items": [{"key": "ca.crt", "path": "ca.crt"}]}},
                {"downwardAPI": {"items": [{"path": "namespace", "fieldRef": {"fieldPath": "metadata.namespace"}}]}}
            ]}}
        ]}));
        assert_eq!(
            on_create(&p),
            [
                r#"volume "Test" (ConfigMap "foo"): overlapping paths: "test" with "test/app""#,
                r#"volume "s" (Secret "foo"): overlapping paths: "test" with "test""#,
                r#"volume "foo" (Projected): overlapping paths: "test" (DownwardAPI) with "test/test" (ClusterTrustBundle "Test")"#,
                r#"volume "foo" (Projected): overlapping paths: "test" (Secret "Test") with "test/test" (ClusterTrustBundle "Test")"#,
                r#"volume "foo" (Projected): overlapping paths: "test" (Secret "Test") with "test" (DownwardAPI)"#,
                r#"volume "foo" (Projected): overlapping paths: "test" (ServiceAccountToken) with "test/test" (ClusterTrustBundle "Test")"#,
                r#"volume "foo" (Projected): overlapping paths: "test" (ServiceAccountToken) with "test" (DownwardAPI)"#,
                r#"volume "foo" (Projected): overlapping paths: "test" (ServiceAccountToken) with "test" (Secret "Test")"#,
                r#"volume "empty" (Projected) has no sources provided"#,
            ]
        );
    }

    #[test]
    fn check_for_overlap_matches_whole_path_segments() {
        // Paths as given: the callers trim trailing slashes, this test checks checkForOverlap alone.
        let seen = |paths: &[&'static str]| -> Vec<PathAndSource<'static>> { paths.iter().map(|p| PathAndSource { path: p, source: Source::Volume }).collect() };
        let hits = |s: &[PathAndSource<'_>], p: &str| overlaps(s, p).iter().map(|h| h.path.to_string()).collect::<Vec<_>>();
        assert_eq!(hits(&seen(&["path/path1", "path/path2"]), "path"), ["path/path1", "path/path2"]);
        assert_eq!(hits(&seen(&["path"]), "path/path1"), ["path"]);
        assert!(hits(&seen(&["dir/path1"]), "dir/path345").is_empty());
        assert!(hits(&seen(&["path1/path"]), "path101/path3").is_empty());
        assert_eq!(hits(&seen(&["path1/path3/"]), "path1/path3"), ["path1/path3/"]);
        assert_eq!(hits(&seen(&["path1/path3"]), "path1/path3/"), ["path1/path3"]);
        assert!(hits(&seen(&[""]), "").is_empty());
        assert!(hits(&seen(&["test"]), "").is_empty());
    }

    #[test]
    fn duplicate_host_aliases_and_pull_secrets() {
        let p = pod(json!({"containers": [],
            "hostAliases": [{"ip": "1.1.1.1"}, {"ip": "1.1.1.1"}, {"ip": "1.1.1.1"}],
            "imagePullSecrets": [{"name": "a"}, {"name": "a"}, {"name": ""}]}));
        assert_eq!(
            on_create(&p),
            [
                r#"spec.hostAliases[1].ip: duplicate ip "1.1.1.1""#,
                r#"spec.hostAliases[2].ip: duplicate ip "1.1.1.1""#,
                r#"spec.imagePullSecrets[1].name: duplicate name "a""#,
                r#"spec.imagePullSecrets[2].name: invalid empty name """#,
            ]
        );
        let one = pod(json!({"containers": [], "imagePullSecrets": [{"name": ""}]}));
        assert_eq!(on_create(&one), [r#"spec.imagePullSecrets[0].name: invalid empty name """#]);
    }

    #[test]
    fn fractional_bytes_print_as_canonical_quantities() {
        let res = json!({"cpu": "100m", "memory": "4m", "ephemeral-storage": "0.7Gi"});
        let p = pod(json!({"overhead": {"memory": "1.5"}, "initContainers": [{"name": "i", "resources": {"limits": res, "requests": {"memory": "1Gi"}}}], "containers": [{"name": "c", "resources": {"requests": {"memory": "128Mi", "ephemeral-storage": "1.5Ki"}}}]}));
        assert_eq!(
            on_create(&p),
            [
                r#"spec.overhead[memory]: fractional byte value "1500m" is invalid, must be an integer"#,
                r#"spec.initContainers[0].resources.limits[memory]: fractional byte value "4m" is invalid, must be an integer"#,
                r#"spec.initContainers[0].resources.limits[ephemeral-storage]: fractional byte value "751619276800m" is invalid, must be an integer"#,
            ]
        );
    }

    #[test]
    fn env_that_hides_an_earlier_definition() {
        let env = json!([
            {"name": "a", "value": "a"}, {"name": "a", "value": "a"}, {"name": "a", "value": "other"}, {"name": "a", "value": ""},
            {"name": "a", "value": "$(a)"}, {"name": "a", "valueFrom": {"fieldRef": {"fieldPath": "metadata.name"}}}, {"name": "a", "value": "$(a) $(a)"}
        ]);
        let p = pod(json!({"containers": [{"name": "c", "env": env}]}));
        let want: Vec<String> = (1..=5).map(|i| format!(r#"spec.containers[0].env[{i}]: hides previous definition of "a", which may be dropped when using apply"#)).collect();
        assert_eq!(on_create(&p), want);
    }

    #[test]
    fn ports_that_collide() {
        let p = pod(json!({"containers": [
            {"name": "a", "ports": [
                {"containerPort": 80, "protocol": "UDP", "hostIP": "10.0.0.1", "name": "http"},
                {"containerPort": 80, "protocol": "UDP"},
                {"containerPort": 81, "protocol": "TCP", "hostPort": 81, "hostIP": "10.0.0.1"},
                {"containerPort": 81, "protocol": "TCP", "hostPort": 81}
            ]},
            {"name": "b", "ports": [{"containerPort": 80, "protocol": "UDP", "hostIP": "10.0.0.1", "name": "http"}, {"containerPort": 80, "protocol": "TCP"}]}
        ]}));
        assert_eq!(
            on_create(&p),
            [
                "spec.containers[0].ports[0]: hostIP set without hostPort: {Name:http HostPort:0 ContainerPort:80 Protocol:UDP HostIP:10.0.0.1}",
                "spec.containers[0].ports[1]: overlapping port definition with spec.containers[0].ports[0]",
                "spec.containers[0].ports[3]: dangerously ambiguous port definition with spec.containers[0].ports[2]",
                "spec.containers[1].ports[0]: hostIP set without hostPort: {Name:http HostPort:0 ContainerPort:80 Protocol:UDP HostIP:10.0.0.1}",
                "spec.containers[1].ports[0]: duplicate port definition with spec.containers[0].ports[0]",
                "spec.containers[1].ports[0]: overlapping port definition with spec.containers[0].ports[1]",
                r#"spec.containers[1].ports[0]: duplicate port name "http" with spec.containers[0].ports[0], services and probes that select ports by name will use spec.containers[0].ports[0]"#,
            ]
        );
    }

    #[test]
    fn dubious_ip_address_formats() {
        let p = pod(json!({"containers": [], "dnsConfig": {"nameservers": ["1.2.3.4", "05.06.07.08"]}, "hostAliases": [{"ip": "::ffff:1.2.3.4"}]}));
        assert_eq!(
            on_create(&p),
            [
                r#"spec.dnsConfig.nameservers[1]: non-standard IP address "05.06.07.08" will be considered invalid in a future Kubernetes release: use "5.6.7.8""#,
                r#"spec.hostAliases[0].ip: non-standard IP address "::ffff:1.2.3.4" will be considered invalid in a future Kubernetes release: use "1.2.3.4""#,
            ]
        );
    }

    #[test]
    fn jobs_and_cron_jobs() {
        let spec = json!({"completionMode": "Indexed", "completions": 100001, "parallelism": 10001, "template": {"spec": {"terminationGracePeriodSeconds": -1, "containers": []}}});
        let job = obj(Kind::Job, json!({"metadata": {"name": "pi", "generation": 1}, "spec": spec}));
        assert_eq!(
            on_create(&job),
            [
                "spec: In Indexed Jobs with a number of completions higher than 10^5 and a parallelism higher than 10^4, Kubernetes might not be able to track completedIndexes when a big number of indexes fail",
                "spec.template.spec.terminationGracePeriodSeconds: must be >= 0; negative values are invalid and will be treated as 1",
            ]
        );
        assert!(on_update(&job, &job).is_empty());
        let cj = |generation: i64, schedule: &str| obj(Kind::CronJob, json!({"metadata": {"name": "tick", "generation": generation}, "spec": {"schedule": schedule, "jobTemplate": {"spec": spec}}}));
        assert_eq!(
            on_create(&cj(1, "* * * * *")),
            [
                "spec.jobTemplate.spec: In Indexed Jobs with a number of completions higher than 10^5 and a parallelism higher than 10^4, Kubernetes might not be able to track completedIndexes when a big number of indexes fail",
                "spec.jobTemplate.spec.template.spec.terminationGracePeriodSeconds: must be >= 0; negative values are invalid and will be treated as 1",
            ]
        );
        assert_eq!(
            on_update(&cj(1, "TZ=UTC * * * * *"), &cj(1, "TZ=UTC * * * * *")),
            ["cannot use TZ or CRON_TZ in spec.spec.schedule, use timeZone instead, see https://kubernetes.io/docs/concepts/workloads/controllers/cron-jobs/ for more details"]
        );
    }

    #[test]
    fn stateful_sets() {
        let sts = |generation: i64| {
            obj(Kind::StatefulSet, json!({"metadata": {"name": "db", "generation": generation}, "spec": {
                "selector": {}, "revisionHistoryLimit": -1, "template": {"spec": {"containers": [], "terminationGracePeriodSeconds": -1}},
                "volumeClaimTemplates": [{"metadata": {"name": "data"}, "spec": {"resources": {"requests": {"storage": "1.5"}}}}]
            }}))
        };
        assert_eq!(
            on_create(&sts(1)),
            [
                "spec.template.spec.terminationGracePeriodSeconds: must be >= 0; negative values are invalid and will be treated as 1",
                r#"spec.volumeClaimTemplates[0].resources.requests[storage]: fractional byte value "1500m" is invalid, must be an integer"#,
                "spec.revisionHistoryLimit: a negative value retains all historical revisions; a value >= 0 is recommended",
            ]
        );
        assert_eq!(
            on_update(&sts(1), &sts(1)),
            [
                r#"spec.volumeClaimTemplates[0].Spec.resources.requests[storage]: fractional byte value "1500m" is invalid, must be an integer"#,
                "spec.revisionHistoryLimit: a negative value retains all historical revisions; a value >= 0 is recommended",
            ]
        );
        assert_eq!(on_update(&sts(1), &sts(2)).len(), 3);
    }

    #[test]
    fn services() {
        let svc = obj(Kind::Service, json!({"metadata": {"name": "web", "annotations": {"service.kubernetes.io/topology-aware-hints": "auto"}}, "spec": {
            "type": "ClusterIP", "clusterIP": "2001:db8:0:0::2", "clusterIPs": ["2001:db8:0:0::2", "192.012.2.2"],
            "externalIPs": ["10.012.2.2"], "loadBalancerIP": "10.001.1.1",
            "loadBalancerSourceRanges": ["2001:db8:1:0::/64", "10.012.2.0/24", "10.0.0.1/8"], "externalName": "example.com"
        }}));
        let want = [
            "annotation service.kubernetes.io/topology-aware-hints is deprecated, please use service.kubernetes.io/topology-mode instead",
            r#"spec.clusterIPs[0]: IPv6 address "2001:db8:0:0::2" should be in RFC 5952 canonical format ("2001:db8::2")"#,
            r#"spec.clusterIPs[1]: non-standard IP address "192.012.2.2" will be considered invalid in a future Kubernetes release: use "192.12.2.2""#,
            r#"spec.externalIPs[0]: non-standard IP address "10.012.2.2" will be considered invalid in a future Kubernetes release: use "10.12.2.2""#,
            r#"spec.loadBalancerIP: non-standard IP address "10.001.1.1" will be considered invalid in a future Kubernetes release: use "10.1.1.1""#,
            r#"spec.loadBalancerSourceRanges[0]: IPv6 CIDR value "2001:db8:1:0::/64" should be in RFC 5952 canonical format ("2001:db8:1::/64")"#,
            r#"spec.loadBalancerSourceRanges[1]: non-standard CIDR value "10.012.2.0/24" will be considered invalid in a future Kubernetes release: use "10.12.2.0/24""#,
            r#"spec.loadBalancerSourceRanges[2]: CIDR value "10.0.0.1/8" is ambiguous in this context (should be "10.0.0.0/8" or "10.0.0.1/32"?)"#,
            r#"spec.externalName is ignored when spec.type is not "ExternalName""#,
        ];
        assert_eq!(on_create(&svc), want);
        assert_eq!(on_update(&svc, &svc), want);
        let headless = obj(Kind::Service, json!({"metadata": {"name": "db"}, "spec": {"clusterIP": "None", "clusterIPs": ["None"]}}));
        assert!(on_create(&headless).is_empty());
        let ext = obj(Kind::Service, json!({"metadata": {"name": "ext"}, "spec": {"type": "ExternalName", "externalName": "example.com", "externalIPs": ["1.2.3.4"]}}));
        assert_eq!(on_create(&ext), [r#"spec.externalIPs is ignored when spec.type is "ExternalName""#]);
    }

    #[test]
    fn claims_volumes_and_storage_classes() {
        let pvc = obj(Kind::PersistentVolumeClaim, json!({"metadata": {"name": "data", "annotations": {"volume.beta.kubernetes.io/storage-class": "standard"}}, "spec": {"resources": {"requests": {"storage": "1Gi"}, "limits": {"storage": "0.5"}}}}));
        let want = [
            r#"metadata.annotations[volume.beta.kubernetes.io/storage-class]: deprecated since v1.8; use "storageClassName" attribute instead"#,
            r#"spec.resources.limits[storage]: fractional byte value "500m" is invalid, must be an integer"#,
        ];
        assert_eq!(on_create(&pvc), want);
        assert_eq!(on_update(&pvc, &pvc), want);
        let pv = obj(Kind::PersistentVolume, json!({"metadata": {"name": "pv"}, "spec": {
            "persistentVolumeReclaimPolicy": "Recycle", "cephfs": {"monitors": []},
            "nodeAffinity": {"required": {"nodeSelectorTerms": [{"matchExpressions": [{"key": "beta.kubernetes.io/os", "operator": "In", "values": ["linux"]}]}]}}
        }}));
        assert_eq!(
            on_create(&pv),
            [
                "spec.persistentVolumeReclaimPolicy: The Recycle reclaim policy is deprecated. Instead, the recommended approach is to use dynamic provisioning.",
                r#"spec.nodeAffinity.required.nodeSelectorTerms[0].matchExpressions[0].key: beta.kubernetes.io/os is deprecated since v1.14; use "kubernetes.io/os" instead"#,
                "spec.cephfs: deprecated in v1.28, non-functional in v1.31+",
            ]
        );
        let sc = obj(Kind::StorageClass, json!({"metadata": {"name": "fast"}, "provisioner": "p", "allowedTopologies": [{"matchLabelExpressions": [{"key": "failure-domain.beta.kubernetes.io/zone", "values": ["a"]}]}]}));
        let want = [r#"allowedTopologies[0].matchLabelExpressions[0].key: deprecated since v1.17; use "topology.kubernetes.io/zone" instead"#];
        assert_eq!(on_create(&sc), want);
        assert_eq!(on_update(&sc, &sc), want);
    }

    #[test]
    fn endpoint_slices() {
        let eps = |labels: Value, address_type: &str| {
            obj(Kind::EndpointSlice, json!({"metadata": {"name": "web-abc", "labels": labels}, "addressType": address_type, "endpoints": [{"addresses": ["10.0.0.01"]}]}))
        };
        let mine = eps(json!({}), "IPv4");
        let want = [r#"endpoints[0].addresses[0]: non-standard IP address "10.0.0.01" will be considered invalid in a future Kubernetes release: use "10.0.0.1""#];
        assert_eq!(on_create(&mine), want);
        assert_eq!(on_update(&mine, &mine), want);
        assert!(on_create(&eps(json!({"endpointslice.kubernetes.io/managed-by": "endpointslice-controller.k8s.io"}), "IPv4")).is_empty());
        let fqdn = eps(json!({}), "FQDN");
        assert_eq!(on_create(&fqdn).first().map(String::as_str), Some("spec.addressType: FQDN endpoints are deprecated"));
        assert!(on_update(&fqdn, &fqdn).iter().all(|w| !w.contains("FQDN")));
    }

    #[test]
    fn recorder_drops_repeats_and_truncates_long_lists() {
        assert_eq!(recorded(vec!["a".into(), "b".into(), "a".into(), String::new()]), ["a", "b"]);
        let long: Vec<String> = (0..20).map(|i| format!("{i:03}{}", "x".repeat(297))).collect();
        let out = recorded(long.clone());
        // 300 characters each: thirteen fit in 4096; the fourteenth starts the truncation, which
        // cuts every warning to 256 characters and keeps what fits in 4096 again (sixteen).
        assert_eq!(out.len(), 16);
        assert!(out.iter().all(|w| w.chars().count() == 256));
        assert_eq!(out[0], long[0].chars().take(256).collect::<String>());
        let short: Vec<String> = (0..13).map(|i| format!("{i:03}{}", "x".repeat(297))).collect();
        assert_eq!(recorded(short.clone()), short);
    }
}
