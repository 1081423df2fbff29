//! The EndpointSlice controller: one slice per selector Service listing its pods with an IP, with the
//! ready/serving/terminating conditions and the hostname rule of pkg/controller/endpointslice.

use super::owners::controller_ref;
use super::Reconciled;
use crate::api::{Kind, ObjKey, Object};
use crate::clock::SimTime;
use crate::cluster::Write;
use crate::store::Store;
use k8s_openapi::api::core::v1 as core;
use k8s_openapi::api::discovery::v1 as disc;
use k8s_openapi::apimachinery::pkg::util::intstr::IntOrString;
use std::collections::BTreeMap;

const MANAGED_BY: &str = "endpointslice-controller.k8s.io";

/// Services whose selector matches a changed pod, and a changed Service itself.
pub fn watch(store: &Store, obj: &Object, out: &mut Vec<ObjKey>) {
    match obj {
        Object::Service(_) => out.push(obj.key()),
        Object::Pod(_) => selecting_services(store, obj, out),
        _ => {}
    }
}

/// The Services of the pod's namespace whose selector matches it, and those whose slices still
/// list it (GetServicesToUpdateOnPodChange also wakes the Services of the pod's old labels, so a
/// pod relabelled out of a Service leaves its endpoints; the slices stand in for the old labels).
/// For both endpoints controllers.
pub(crate) fn selecting_services(store: &Store, pod: &Object, out: &mut Vec<ObjKey>) {
    let labels = pod.labels();
    let ns = pod.namespace();
    let start = out.len();
    out.extend(store.list(Kind::Service, Some(ns)).filter(|s| matches!(s, Object::Service(s) if selects(s, labels))).map(Object::key));
    let listed = store.list(Kind::EndpointSlice, Some(ns)).filter_map(|o| match o {
        Object::EndpointSlice(s) if s.endpoints.iter().any(|e| e.target_ref.as_ref().is_some_and(|t| t.name.as_deref() == Some(pod.name()))) => {
            s.metadata.labels.as_ref().and_then(|l| l.get("kubernetes.io/service-name")).map(|n| ObjKey::new(Kind::Service, ns, n))
        }
        _ => None,
    });
    for key in listed.collect::<Vec<_>>() {
        if !out[start..].contains(&key) {
            out.push(key);
        }
    }
}

/// The Service's selector. An empty one is none: the apiserver stores `selector: {}` as no
/// selector (omitempty), so such a Service gets its endpoints from its user.
pub(crate) fn selector(svc: &core::Service) -> Option<&BTreeMap<String, String>> {
    svc.spec.as_ref().and_then(|s| s.selector.as_ref()).filter(|s| !s.is_empty())
}

pub(crate) fn selects(svc: &core::Service, labels: &BTreeMap<String, String>) -> bool {
    selector(svc).is_some_and(|sel| sel.iter().all(|(k, v)| labels.get(k) == Some(v)))
}

pub fn reconcile(store: &Store, key: &ObjKey, now: SimTime) -> Reconciled {
    let mut r = Reconciled::default();
    let Some(svc_obj @ Object::Service(svc)) = store.get(key) else { return r };
    if svc.metadata.deletion_timestamp.is_some() || selector(svc).is_none() {
        return r;
    }
    let spec = svc.spec.clone().unwrap_or_default();
    let publish_not_ready = spec.publish_not_ready_addresses == Some(true);
    let mut pods: Vec<&core::Pod> = store
        .list(Kind::Pod, Some(&key.namespace))
        .filter_map(|o| if let Object::Pod(p) = o { Some(p.as_ref()) } else { None })
        .filter(|p| selects(svc, &p.metadata.labels.clone().unwrap_or_default()))
        .filter(|p| should_include(p))
        .collect();
    pods.sort_by(|a, b| a.metadata.name.cmp(&b.metadata.name));
    let endpoints: Vec<disc::Endpoint> = pods.iter().map(|p| endpoint(p, &key.name, publish_not_ready)).collect();
    let first_pod = pods.first().copied();
    let ports: Vec<disc::EndpointPort> = spec
        .ports
        .iter()
        .flatten()
        .map(|sp| disc::EndpointPort {
            name: Some(sp.name.clone().unwrap_or_default()),
            port: first_pod.and_then(|p| target_port(sp, p)).or(Some(sp.port)),
            protocol: Some(sp.protocol.clone().unwrap_or_else(|| "TCP".into())),
            app_protocol: sp.app_protocol.clone(),
        })
        .collect();
    let existing = store.list(Kind::EndpointSlice, Some(&key.namespace)).find_map(|o| match o {
        Object::EndpointSlice(s) if s.metadata.labels.as_ref().and_then(|l| l.get("kubernetes.io/service-name")) == Some(&key.name) => Some(s.as_ref()),
        _ => None,
    });
    match existing {
        Some(s) if s.endpoints == endpoints && s.ports.as_ref() == Some(&ports) => {}
        Some(s) => {
            let mut s = s.clone();
            s.endpoints = endpoints;
            s.ports = Some(ports);
            r.writes.push(Write::Update(Object::EndpointSlice(Box::new(s))));
        }
        None => {
            let mut labels = svc.metadata.labels.clone().unwrap_or_default();
            labels.insert("endpointslice.kubernetes.io/managed-by".into(), MANAGED_BY.into());
            labels.insert("kubernetes.io/service-name".into(), key.name.clone());
            let slice = disc::EndpointSlice {
                metadata: k8s_openapi::apimachinery::pkg::apis::meta::v1::ObjectMeta {
                    generate_name: Some(format!("{}-", key.name)),
                    namespace: Some(key.namespace.clone()),
                    labels: Some(labels),
                    annotations: Some(BTreeMap::from([("endpoints.kubernetes.io/last-change-trigger-time".to_string(), now.rfc3339())])),
                    owner_references: Some(vec![controller_ref(svc_obj)]),
                    ..Default::default()
                },
                address_type: "IPv4".into(),
                endpoints,
                ports: Some(ports),
            };
            r.writes.push(Write::Create(Object::EndpointSlice(Box::new(slice))));
        }
    }
    r
}

/// ShouldPodBeInEndpoints: an IP, not terminal (terminating pods stay, marked terminating).
fn should_include(p: &core::Pod) -> bool {
    let st = p.status.as_ref();
    let has_ip = st.and_then(|s| s.pod_ip.as_deref()).is_some_and(|ip| !ip.is_empty());
    let terminal = matches!(st.and_then(|s| s.phase.as_deref()), Some("Succeeded") | Some("Failed"));
    has_ip && !terminal
}

fn endpoint(p: &core::Pod, svc: &str, publish_not_ready: bool) -> disc::Endpoint {
    let ready_cond = p.status.iter().flat_map(|s| s.conditions.iter().flatten()).any(|c| c.type_ == "Ready" && c.status == "True");
    let terminating = p.metadata.deletion_timestamp.is_some();
    let spec = p.spec.as_ref();
    let hostname = hostname_for(p, svc);
    disc::Endpoint {
        addresses: vec![p.status.as_ref().and_then(|s| s.pod_ip.clone()).unwrap_or_default()],
        conditions: Some(disc::EndpointConditions {
            ready: Some(publish_not_ready || (ready_cond && !terminating)),
            serving: Some(ready_cond),
            terminating: Some(terminating),
        }),
        hostname,
        node_name: spec.and_then(|s| s.node_name.clone()),
        target_ref: Some(pod_ref(p)),
        ..Default::default()
    }
}

/// ShouldSetHostname: the pod's hostname when its subdomain is the Service.
pub(crate) fn hostname_for(p: &core::Pod, svc: &str) -> Option<String> {
    let spec = p.spec.as_ref();
    spec.and_then(|s| s.hostname.clone()).filter(|h| !h.is_empty() && spec.and_then(|s| s.subdomain.as_deref()) == Some(svc))
}

/// The reference an endpoint keeps to its pod.
pub(crate) fn pod_ref(p: &core::Pod) -> core::ObjectReference {
    core::ObjectReference { kind: Some("Pod".into()), name: p.metadata.name.clone(), namespace: p.metadata.namespace.clone(), uid: p.metadata.uid.clone(), ..Default::default() }
}

/// podutil.FindPort: the service port's targetPort, a number as it is, a name resolved to the
/// container port of that name and the Service port's protocol (no port at all if none has it).
pub(crate) fn target_port(sp: &core::ServicePort, p: &core::Pod) -> Option<i32> {
    match &sp.target_port {
        None => Some(sp.port),
        Some(IntOrString::Int(n)) => Some(*n),
        Some(IntOrString::String(name)) => {
            let proto = sp.protocol.as_deref().unwrap_or("TCP");
            p.spec
                .iter()
                .flat_map(|s| s.containers.iter())
                .flat_map(|c| c.ports.iter().flatten())
                .find(|cp| cp.name.as_deref() == Some(name.as_str()) && cp.protocol.as_deref().unwrap_or("TCP") == proto)
                .map(|cp| cp.container_port)
        }
    }
}
