//! The Endpoints controller (pkg/controller/endpoint/endpoints_controller.go syncService): one v1
//! Endpoints per Service with a selector, named as the Service and labelled as it, listing its
//! pods' addresses by port, ready or not; deleted with its Service, recreated if deleted alone.

use super::endpoints_repack::repack;
use super::endpointslice::{selector, selects};
use super::Reconciled;
use crate::api::{Kind, ObjKey, Object};
use crate::clock::SimTime;
use crate::cluster::{DeleteRequest, Write};
use crate::store::Store;
use k8s_openapi::api::core::v1 as core;
use k8s_openapi::apimachinery::pkg::apis::meta::v1::ObjectMeta;
use std::collections::BTreeMap;

const TRIGGER_TIME: &str = "endpoints.kubernetes.io/last-change-trigger-time";
const HEADLESS: &str = "service.kubernetes.io/headless";

/// A Service (any change, its deletion included), the Services selecting a changed pod, and the
/// Service of an Endpoints that is gone (onEndpointsDelete).
pub fn watch(store: &Store, obj: &Object, out: &mut Vec<ObjKey>) {
    match obj {
        Object::Service(_) => out.push(obj.key()),
        Object::Pod(_) => super::endpointslice::selecting_services(store, obj, out),
        Object::Endpoints(_) if store.get(&obj.key()).is_none() => out.push(ObjKey::new(Kind::Service, obj.namespace(), obj.name())),
        _ => {}
    }
}

pub fn reconcile(store: &Store, key: &ObjKey, now: SimTime) -> Reconciled {
    let mut r = Reconciled::default();
    let ep_key = ObjKey::new(Kind::Endpoints, &key.namespace, &key.name);
    let current = match store.get(&ep_key) {
        Some(Object::Endpoints(e)) => Some(e.as_ref()),
        _ => None,
    };
    let Some(Object::Service(svc)) = store.get(key) else {
        if current.is_some() {
            r.writes.push(Write::Delete(DeleteRequest::new(ep_key)));
        }
        return r;
    };
    let spec = svc.spec.clone().unwrap_or_default();
    if spec.type_.as_deref() == Some("ExternalName") || selector(svc).is_none() {
        return r;
    }
    let pods: Vec<&core::Pod> = selected_pods(store, svc, &key.namespace);
    let subsets = subsets_for(&spec, &key.name, &pods);
    let mut labels = svc.metadata.labels.clone().unwrap_or_default();
    if let Some(e) = current {
        let mut theirs = e.metadata.labels.clone().unwrap_or_default();
        theirs.remove(HEADLESS);
        if e.subsets.clone().unwrap_or_default() == subsets && theirs == labels {
            return r;
        }
    }
    if spec.cluster_ip.as_deref().is_none_or(|ip| ip.is_empty() || ip == "None") {
        labels.insert(HEADLESS.into(), String::new());
    }
    let mut ep = current.cloned().unwrap_or_else(|| core::Endpoints {
        metadata: ObjectMeta { name: Some(key.name.clone()), namespace: Some(key.namespace.clone()), ..Default::default() },
        ..Default::default()
    });
    let mut annotations = ep.metadata.annotations.take().unwrap_or_default();
    match trigger_time(current.is_none(), svc, &pods, now) {
        Some(t) => annotations.insert(TRIGGER_TIME.into(), t),
        None => annotations.remove(TRIGGER_TIME),
    };
    ep.metadata.annotations = Some(annotations);
    ep.metadata.labels = Some(labels);
    ep.subsets = if subsets.is_empty() { None } else { Some(subsets) };
    let obj = Object::Endpoints(Box::new(ep));
    r.writes.push(if current.is_none() { Write::Create(obj) } else { Write::Update(obj) });
    r
}

/// The Service's pods in name order (the informer's order is a map's; any fixed order will do).
fn selected_pods<'a>(store: &'a Store, svc: &core::Service, ns: &'a str) -> Vec<&'a core::Pod> {
    let mut pods: Vec<&core::Pod> = store
        .list(Kind::Pod, Some(ns))
        .filter_map(|o| if let Object::Pod(p) = o { Some(p.as_ref()) } else { None })
        .filter(|p| selects(svc, p.metadata.labels.as_ref().unwrap_or(&BTreeMap::new())))
        .collect();
    pods.sort_by(|a, b| a.metadata.name.cmp(&b.metadata.name));
    pods
}

/// One subset per pod and port (addEndpointSubset), then repacked; a headless Service without
/// ports gets one port-less subset per pod, not repacked.
fn subsets_for(spec: &core::ServiceSpec, svc_name: &str, pods: &[&core::Pod]) -> Vec<core::EndpointSubset> {
    let tolerate_unready = spec.publish_not_ready_addresses == Some(true);
    let ports = spec.ports.as_deref().unwrap_or(&[]);
    let mut subsets = Vec::new();
    for pod in pods.iter().filter(|p| should_be_in_endpoints(p, tolerate_unready)) {
        let addr = address(pod, svc_name);
        let ready = tolerate_unready || is_ready(pod);
        let subset = |ports: Option<Vec<core::EndpointPort>>| {
            let a = Some(vec![addr.clone()]);
            if ready {
                core::EndpointSubset { addresses: a, not_ready_addresses: None, ports }
            } else {
                core::EndpointSubset { addresses: None, not_ready_addresses: a, ports }
            }
        };
        if ports.is_empty() {
            if spec.cluster_ip.as_deref() == Some("None") {
                subsets.push(subset(None));
            }
            continue;
        }
        for sp in ports {
            if let Some(n) = super::endpointslice::target_port(sp, pod) {
                let port = core::EndpointPort { name: sp.name.clone().filter(|n| !n.is_empty()), port: n, protocol: sp.protocol.clone(), app_protocol: sp.app_protocol.clone() };
                subsets.push(subset(Some(vec![port])));
            }
        }
    }
    if ports.is_empty() { subsets } else { repack(&subsets) }
}

/// endpointsliceutil.ShouldPodBeInEndpoints: not terminal, has an IP, and not terminating unless
/// terminating pods are tolerated (publishNotReadyAddresses).
fn should_be_in_endpoints(p: &core::Pod, include_terminating: bool) -> bool {
    let st = p.status.as_ref();
    let terminal = matches!(st.and_then(|s| s.phase.as_deref()), Some("Succeeded") | Some("Failed"));
    let has_ip = st.and_then(|s| s.pod_ip.as_deref()).is_some_and(|ip| !ip.is_empty());
    !terminal && has_ip && (include_terminating || p.metadata.deletion_timestamp.is_none())
}

fn is_ready(p: &core::Pod) -> bool {
    p.status.iter().flat_map(|s| s.conditions.iter().flatten()).any(|c| c.type_ == "Ready" && c.status == "True")
}

/// podToEndpointAddressForService, with the hostname when the pod's subdomain is the Service.
fn address(p: &core::Pod, svc_name: &str) -> core::EndpointAddress {
    let spec = p.spec.as_ref();
    let hostname = super::endpointslice::hostname_for(p, svc_name);
    core::EndpointAddress {
        ip: p.status.as_ref().and_then(|s| s.pod_ip.clone()).unwrap_or_default(),
        hostname,
        node_name: Some(spec.and_then(|s| s.node_name.clone()).unwrap_or_default()),
        target_ref: Some(super::endpointslice::pod_ref(p)),
    }
}

/// The TriggerTimeTracker's answer without its memory: a new Endpoints carries the Service's
/// creation time; an update carries the time of the pod readiness changes it reacts to. The
/// controller wakes at every pod status write, so "changed since the last sync" is "changed now";
/// an update caused by anything else (a pod deleted) clears the annotation.
fn trigger_time(creating: bool, svc: &core::Service, pods: &[&core::Pod], now: SimTime) -> Option<String> {
    if creating {
        return svc.metadata.creation_timestamp.as_ref().map(|t| crate::timefmt::rfc3339_secs(t.0.as_second()));
    }
    let changed_now = pods.iter().filter_map(|p| ready_transition(p)).filter(|t| *t == now.ms() / 1000).min();
    changed_now.map(crate::timefmt::rfc3339_secs)
}

fn ready_transition(p: &core::Pod) -> Option<i64> {
    p.status.iter().flat_map(|s| s.conditions.iter().flatten()).find(|c| c.type_ == "Ready").and_then(|c| c.last_transition_time.as_ref()).map(|t| t.0.as_second())
}
