//! What the apiserver adds on create beyond scheme defaults: admission plugins (DefaultStorageClass,
//! ServiceAccount, Priority, DefaultTolerationSeconds), ClusterIP allocation, and the Job selector;
//! and what the pod plugins do on update.

use crate::api::errors::ApiError;
use crate::api::{Kind, Object};
use crate::clock::SimTime;
use crate::cluster::Cluster;
use k8s_openapi::api::core::v1 as core;
use k8s_openapi::apimachinery::pkg::apis::meta::v1::LabelSelector;
use std::collections::BTreeMap;

/// Admits a create; `request_name` is the name as the request gave it (a generateName prefix when
/// the apiserver generates the name), which is how admission errors quote the object.
pub(crate) fn on_create(c: &mut Cluster, obj: &mut Object, request_name: &str) -> Result<(), ApiError> {
    // A status sent with a create is not kept: PrepareForCreate starts it afresh, except for
    // Nodes, which may be created with theirs.
    if obj.kind() != Kind::Node {
        obj.clear_status();
    }
    match obj {
        Object::PersistentVolumeClaim(pvc) => {
            if let Some(spec) = pvc.spec.as_mut() {
                if spec.storage_class_name.is_none() {
                    spec.storage_class_name = default_storage_class(c);
                }
            }
            pvc.status.get_or_insert_with(|| core::PersistentVolumeClaimStatus { phase: Some("Pending".into()), ..Default::default() });
            let finalizers = pvc.metadata.finalizers.get_or_insert_with(Vec::new);
            if !finalizers.iter().any(|f| f == crate::controllers::volumes::PROTECTION) {
                finalizers.push(crate::controllers::volumes::PROTECTION.into());
            }
        }
        Object::PersistentVolume(pv) => {
            pv.status.get_or_insert_with(|| core::PersistentVolumeStatus { phase: Some("Pending".into()), ..Default::default() });
        }
        Object::Service(svc) => {
            let name = svc.metadata.name.clone().filter(|n| !n.is_empty()).unwrap_or_else(|| request_name.to_string());
            service(c, svc, &name)?
        }
        Object::Pod(pod) => {
            crate::serviceaccount::admit(c, pod, request_name)?;
            crate::priorityclass::admit_pod(&c.store, pod, request_name)?;
            pod_admission(pod);
            scheduling_gated(pod, c.now);
        }
        Object::Job(job) => job_selector(job),
        Object::DaemonSet(ds) => {
            ds.metadata.annotations.get_or_insert_with(BTreeMap::new).insert(TEMPLATE_GENERATION.into(), "1".into());
        }
        Object::Namespace(ns) => {
            ns.status.get_or_insert_with(|| core::NamespaceStatus { phase: Some("Active".into()), ..Default::default() });
            let name = ns.metadata.name.clone().unwrap_or_default();
            ns.metadata.labels.get_or_insert_with(BTreeMap::new).insert("kubernetes.io/metadata.name".into(), name);
        }
        _ => {}
    }
    Ok(())
}

fn default_storage_class(c: &Cluster) -> Option<String> {
    c.store.list(Kind::StorageClass, None).find_map(|o| {
        let is_default = o.meta().annotations.as_ref().and_then(|a| a.get("storageclass.kubernetes.io/is-default-class")).map(String::as_str) == Some("true");
        is_default.then(|| o.name().to_string())
    })
}

fn service(c: &mut Cluster, svc: &mut core::Service, name: &str) -> Result<(), ApiError> {
    let spec = svc.spec.get_or_insert_with(Default::default);
    if spec.type_.as_deref() == Some("ExternalName") {
        return Ok(());
    }
    let ip = match spec.cluster_ip.as_deref() {
        Some(ip) if !ip.is_empty() => ip.to_string(),
        _ => c.allocate_service_ip(),
    };
    spec.cluster_ips.get_or_insert_with(|| vec![ip.clone()]);
    spec.cluster_ip = Some(ip);
    spec.ip_families.get_or_insert_with(|| vec!["IPv4".into()]);
    spec.ip_family_policy.get_or_insert_with(|| "SingleStack".into());
    if matches!(spec.type_.as_deref(), Some("NodePort") | Some("LoadBalancer")) {
        spec.external_traffic_policy.get_or_insert_with(|| "Cluster".into());
        node_ports(c, spec, name, &[])?;
    }
    svc.status.get_or_insert_with(|| core::ServiceStatus { load_balancer: Some(Default::default()), ..Default::default() });
    Ok(())
}

fn needs_node_ports(spec: &core::ServiceSpec) -> bool {
    matches!(spec.type_.as_deref(), Some("NodePort") | Some("LoadBalancer"))
}

/// The Service REST update's beginUpdate: patchAllocatedValues (a node port the update leaves
/// out is the one it had), dropTypeDependentFields (leaving NodePort/LoadBalancer drops the node
/// ports and externalTrafficPolicy the user did not touch), then the node ports still missing are
/// allocated; the Service's own ports do not count as taken.
fn service_update(c: &mut Cluster, old: &core::Service, svc: &mut core::Service) -> Result<(), ApiError> {
    let name = svc.metadata.name.clone().unwrap_or_default();
    let (Some(old_spec), Some(spec)) = (old.spec.as_ref(), svc.spec.as_mut()) else { return Ok(()) };
    let node_port_of = |port: &core::ServicePort| old_spec.ports.iter().flatten().find(|o| o.port == port.port && o.protocol == port.protocol).and_then(|o| o.node_port);
    if needs_node_ports(old_spec) && needs_node_ports(spec) {
        for p in spec.ports.iter_mut().flatten().filter(|p| p.node_port.unwrap_or(0) == 0) {
            p.node_port = node_port_of(p);
        }
    }
    if needs_node_ports(old_spec) && !needs_node_ports(spec) {
        let same = spec.ports.iter().flatten().all(|p| p.node_port.unwrap_or(0) == 0 || p.node_port == node_port_of(p));
        if same {
            spec.ports.iter_mut().flatten().for_each(|p| p.node_port = None);
        }
        if spec.external_traffic_policy == old_spec.external_traffic_policy {
            spec.external_traffic_policy = None;
        }
    }
    if needs_node_ports(spec) {
        spec.external_traffic_policy.get_or_insert_with(|| "Cluster".into());
        let own: Vec<i32> = old_spec.ports.iter().flatten().filter_map(|p| p.node_port).collect();
        node_ports(c, spec, &name, &own)?;
    }
    Ok(())
}

/// The service-node-port-range kind leaves at its default.
pub(crate) const NODE_PORTS: std::ops::RangeInclusive<i32> = 30000..=32767;

/// The Service REST create's node port allocation: a port asked for must be in the range and
/// free (else the allocator's error, as an Invalid Service), a port not asked for gets a free one
/// at random.
fn node_ports(c: &mut Cluster, spec: &mut core::ServiceSpec, name: &str, own: &[i32]) -> Result<(), ApiError> {
    let mut taken: Vec<i32> = c.store.list(Kind::Service, None).filter_map(|o| if let Object::Service(s) = o { s.spec.as_ref() } else { None }).flat_map(|s| s.ports.iter().flatten().filter_map(|p| p.node_port)).collect();
    for n in own {
        if let Some(i) = taken.iter().position(|t| t == n) {
            taken.remove(i);
        }
    }
    // allocNodePorts stops at the first port the allocator refuses.
    for (i, p) in spec.ports.iter().flatten().enumerate() {
        let Some(n) = p.node_port.filter(|n| *n != 0) else { continue };
        let detail = if !NODE_PORTS.contains(&n) {
            format!("provided port is not in the valid range. The range of valid ports is {}-{}", NODE_PORTS.start(), NODE_PORTS.end())
        } else if taken.contains(&n) {
            "provided port is already allocated".to_string()
        } else {
            taken.push(n);
            continue;
        };
        let cause = crate::api::errors::FieldError::invalid(format!("spec.ports[{i}].nodePort"), serde_json::json!(n), detail);
        return Err(ApiError::Invalid { kind: Kind::Service, name: name.to_string(), causes: vec![cause] });
    }
    let size = (NODE_PORTS.end() - NODE_PORTS.start() + 1) as u64;
    for p in spec.ports.iter_mut().flatten().filter(|p| p.node_port.unwrap_or(0) == 0) {
        let start = c.rng.below(size) as i32;
        let free = (0..size as i32).map(|k| NODE_PORTS.start() + (start + k) % size as i32).find(|n| !taken.contains(n));
        if let Some(n) = free {
            taken.push(n);
            p.node_port = Some(n);
        }
    }
    Ok(())
}

/// DefaultTolerationSeconds and the QoS class; `spec.serviceAccount` mirrors the name the
/// ServiceAccount plugin settled on (the v1 conversion of the deprecated field).
fn pod_admission(pod: &mut core::Pod) {
    let Some(spec) = pod.spec.as_mut() else { return };
    spec.service_account = spec.service_account_name.clone();
    default_toleration_seconds(spec);
    let qos = qos_class(spec);
    pod.status.get_or_insert_with(|| core::PodStatus { phase: Some("Pending".into()), qos_class: Some(qos.into()), ..Default::default() });
}

/// ComputePodQOS over cpu and memory: BestEffort without any request or limit, Guaranteed when
/// every container limits both and the summed requests equal the summed limits, else Burstable.
fn qos_class(spec: &core::PodSpec) -> &'static str {
    use crate::api::quantity::Qty;
    let mut requests: BTreeMap<&str, Qty> = BTreeMap::new();
    let mut limits: BTreeMap<&str, Qty> = BTreeMap::new();
    let mut guaranteed = true;
    for c in spec.containers.iter().chain(spec.init_containers.iter().flatten()) {
        let r = c.resources.as_ref();
        for (name, q) in r.and_then(|r| r.requests.as_ref()).into_iter().flatten().filter_map(positive) {
            requests.entry(name).or_default().add(q);
        }
        let mut limited = Vec::new();
        for (name, q) in r.and_then(|r| r.limits.as_ref()).into_iter().flatten().filter_map(positive) {
            limited.push(name);
            limits.entry(name).or_default().add(q);
        }
        if !(limited.contains(&"cpu") && limited.contains(&"memory")) {
            guaranteed = false;
        }
    }
    if requests.is_empty() && limits.is_empty() {
        return "BestEffort";
    }
    let equal = requests.iter().all(|(name, req)| limits.get(name).is_some_and(|l| l.cmp_value(*req).is_eq()));
    if guaranteed && equal && requests.len() == limits.len() { "Guaranteed" } else { "Burstable" }
}

/// A cpu or memory quantity above zero (the only ones QoS counts).
fn positive<'a>((name, q): (&'a String, &k8s_openapi::apimachinery::pkg::api::resource::Quantity)) -> Option<(&'a str, crate::api::quantity::Qty)> {
    let q = crate::api::quantity::Qty::parse(&q.0).unwrap_or_default();
    (matches!(name.as_str(), "cpu" | "memory") && q.cmp_value(Default::default()).is_gt()).then_some((name.as_str(), q))
}

/// applySchedulingGatedCondition: a pod created with scheduling gates says why it waits.
fn scheduling_gated(pod: &mut core::Pod, now: crate::clock::SimTime) {
    if pod.spec.as_ref().and_then(|s| s.scheduling_gates.as_ref()).is_none_or(|g| g.is_empty()) {
        return;
    }
    let status = pod.status.get_or_insert_with(Default::default);
    crate::kubelet::status::set_condition(status, "PodScheduled", "False", Some("SchedulingGated"), Some("Scheduling is blocked due to non-empty scheduling gates"), now);
}

/// Admits an update (before its validation). Pods: DefaultTolerationSeconds runs on updates too,
/// the Priority plugin keeps the stored priority and preemptionPolicy when the update leaves them
/// unset, and `spec.serviceAccount` is what the v1 conversion makes of it (it only stands in for
/// an empty `serviceAccountName`, then mirrors it).
pub(crate) fn on_update(c: &mut Cluster, old: &Object, obj: &mut Object) -> Result<(), ApiError> {
    match (old, &mut *obj) {
        (Object::DaemonSet(old), Object::DaemonSet(ds)) => daemon_set_template_generation(old, ds),
        (Object::Service(old), Object::Service(svc)) => return service_update(c, old, svc),
        (Object::Pod(old), Object::Pod(pod)) => pod_update(old, pod),
        _ => {}
    }
    Ok(())
}

/// Validating admission on an update, after the object validated: PersistentVolumeClaimResize
/// (plugin/pkg/admission/storage/persistentvolume/resize) on a grown storage request.
pub(crate) fn validate_update(c: &Cluster, old: &Object, obj: &Object) -> Result<(), ApiError> {
    let (Object::PersistentVolumeClaim(old), Object::PersistentVolumeClaim(pvc)) = (old, obj) else { return Ok(()) };
    let storage = |p: &core::PersistentVolumeClaim| {
        p.spec.as_ref().and_then(|s| s.resources.as_ref()).and_then(|r| r.requests.as_ref()).and_then(|r| r.get("storage")).and_then(|q| crate::api::quantity::Qty::parse(&q.0)).unwrap_or_default()
    };
    if storage(pvc).cmp_value(storage(old)).is_le() {
        return Ok(());
    }
    let forbidden = |why: &str| Err(ApiError::Forbidden(format!("persistentvolumeclaims \"{}\" is forbidden: {why}", pvc.metadata.name.as_deref().unwrap_or(""))));
    if old.status.as_ref().and_then(|s| s.phase.as_deref()) != Some("Bound") {
        return forbidden("Only bound persistent volume claims can be expanded");
    }
    // allowResize: the same class before and after, and that class allows volume expansion.
    let class = |p: &core::PersistentVolumeClaim| p.spec.as_ref().and_then(|s| s.storage_class_name.clone()).unwrap_or_default();
    let allowed = !class(pvc).is_empty()
        && class(pvc) == class(old)
        && matches!(c.store.get(&crate::api::ObjKey::new(crate::api::Kind::StorageClass, "", &class(pvc))), Some(Object::StorageClass(sc)) if sc.allow_volume_expansion == Some(true));
    if !allowed {
        return forbidden("only dynamically provisioned pvc can be resized and the storageclass that provisions the pvc must support resize");
    }
    Ok(())
}

fn pod_update(old: &core::Pod, pod: &mut core::Pod) {
    let Some(spec) = pod.spec.as_mut() else { return };
    let old_spec = old.spec.as_ref();
    if spec.priority.is_none() {
        spec.priority = old_spec.and_then(|s| s.priority);
    }
    if spec.preemption_policy.is_none() {
        spec.preemption_policy = old_spec.and_then(|s| s.preemption_policy.clone());
    }
    if spec.service_account_name.as_deref().is_none_or(str::is_empty) {
        spec.service_account_name = spec.service_account.clone();
    }
    spec.service_account = spec.service_account_name.clone();
    default_toleration_seconds(spec);
}

/// What apps/v1 keeps of a DaemonSet's spec.templateGeneration: an annotation, 1 at creation.
pub(crate) const TEMPLATE_GENERATION: &str = "deprecated.daemonset.template.generation";

/// The DaemonSet strategy's PrepareForUpdate: the template generation moves on when the template
/// changes, and is kept otherwise.
fn daemon_set_template_generation(old: &k8s_openapi::api::apps::v1::DaemonSet, ds: &mut k8s_openapi::api::apps::v1::DaemonSet) {
    let was: i64 = old.metadata.annotations.as_ref().and_then(|a| a.get(TEMPLATE_GENERATION)).and_then(|g| g.parse().ok()).unwrap_or(1);
    let changed = old.spec.as_ref().map(|s| &s.template) != ds.spec.as_ref().map(|s| &s.template);
    let now = if changed { was + 1 } else { was };
    ds.metadata.annotations.get_or_insert_with(BTreeMap::new).insert(TEMPLATE_GENERATION.into(), now.to_string());
}

/// DefaultTolerationSeconds: a pod that does not tolerate the not-ready and unreachable NoExecute
/// taints (a toleration with that key or no key, and effect NoExecute or none) gets one for each,
/// for 300 s.
fn default_toleration_seconds(spec: &mut core::PodSpec) {
    let tolerations = spec.tolerations.get_or_insert_with(Vec::new);
    for key in ["node.kubernetes.io/not-ready", "node.kubernetes.io/unreachable"] {
        let tolerated = tolerations.iter().any(|t| {
            t.key.as_deref().is_none_or(|k| k.is_empty() || k == key) && t.effect.as_deref().is_none_or(|e| e.is_empty() || e == "NoExecute")
        });
        if !tolerated {
            tolerations.push(core::Toleration {
                key: Some(key.into()),
                operator: Some("Exists".into()),
                effect: Some("NoExecute".into()),
                toleration_seconds: Some(300),
                ..Default::default()
            });
        }
    }
}

/// Job strategy PrepareForCreate: the selector and the labels that tie pods to this Job's UID.
fn job_selector(job: &mut k8s_openapi::api::batch::v1::Job) {
    let uid = job.metadata.uid.clone().unwrap_or_default();
    let name = job.metadata.name.clone().unwrap_or_default();
    let Some(spec) = job.spec.as_mut() else { return };
    if spec.manual_selector == Some(true) {
        return;
    }
    let labels = spec.template.metadata.get_or_insert_with(Default::default).labels.get_or_insert_with(BTreeMap::new);
    labels.insert("batch.kubernetes.io/controller-uid".into(), uid.clone());
    labels.insert("batch.kubernetes.io/job-name".into(), name.clone());
    labels.insert("controller-uid".into(), uid.clone());
    labels.insert("job-name".into(), name);
    let mut ml = BTreeMap::new();
    ml.insert("batch.kubernetes.io/controller-uid".into(), uid);
    spec.selector = Some(LabelSelector { match_labels: Some(ml), ..Default::default() });
    if job.metadata.labels.is_none() {
        job.metadata.labels = Some(
            spec.template.metadata.as_ref().and_then(|m| m.labels.clone()).unwrap_or_default(),
        );
    }
}

/// The grace period a delete gets: the request's, else the pod's own; zero for a pod never
/// scheduled (nothing runs it) and for every other kind.
pub(crate) fn grace_period(obj: &Object, requested: Option<i64>) -> i64 {
    match obj {
        Object::Pod(p) => {
            let spec = p.spec.as_ref();
            let phase = p.status.as_ref().and_then(|s| s.phase.as_deref());
            // Not scheduled, or already terminated: nothing to stop, so no grace.
            if spec.and_then(|s| s.node_name.as_ref()).is_none() || matches!(phase, Some("Succeeded" | "Failed")) {
                return 0;
            }
            // BeforeDelete reads a negative period (allowed in a spec, with a warning) as 1 s.
            let period = requested.unwrap_or_else(|| spec.and_then(|s| s.termination_grace_period_seconds).unwrap_or(30));
            if period < 0 { 1 } else { period }
        }
        _ => 0,
    }
}

/// For a Namespace, whether its `spec.finalizers` are all gone (the namespace controller's
/// `kubernetes` finalizer keeps it Terminating until its content is deleted); None for other kinds.
pub(crate) fn spec_finalized(obj: &Object) -> Option<bool> {
    match obj {
        Object::Namespace(n) => Some(n.spec.as_ref().and_then(|s| s.finalizers.as_ref()).is_none_or(|f| f.is_empty())),
        _ => None,
    }
}

/// Whether an object with a deletionTimestamp may now be removed by the apiserver itself. Pods are
/// removed by their kubelet once the containers have stopped (its grace-period-0 delete), never by
/// the clock alone.
pub(crate) fn grace_period_over(obj: &Object, _now: SimTime) -> bool {
    if spec_finalized(obj) == Some(false) {
        return false;
    }
    match obj {
        Object::Pod(p) => p.spec.as_ref().and_then(|s| s.node_name.as_ref()).is_none() || p.metadata.deletion_grace_period_seconds == Some(0),
        _ => true,
    }
}
