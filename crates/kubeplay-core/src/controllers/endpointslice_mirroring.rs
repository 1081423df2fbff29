//! The EndpointSlice mirroring controller (pkg/controller/endpointslicemirroring): Endpoints a user
//! writes for a Service without a selector are mirrored into EndpointSlices (one per set of
//! ports), which is what kube-proxy and the cluster DNS read. Endpoints labelled
//! `endpointslice.kubernetes.io/skip-mirror: "true"` (the apiserver's own) are left alone.

use super::owners::controller_ref;
use super::Reconciled;
use crate::api::{Kind, ObjKey, Object};
use crate::clock::SimTime;
use crate::cluster::{DeleteRequest, Write};
use crate::store::Store;
use k8s_openapi::api::core::v1 as core;
use k8s_openapi::api::discovery::v1 as disc;
use k8s_openapi::apimachinery::pkg::apis::meta::v1::ObjectMeta;
use std::collections::BTreeMap;

pub const MANAGED_BY: &str = "endpointslicemirroring-controller.k8s.io";
const SERVICE_NAME: &str = "kubernetes.io/service-name";
const MANAGED_BY_LABEL: &str = "endpointslice.kubernetes.io/managed-by";

/// An Endpoints (any change), a Service (its selector decides whether to mirror), keyed by the
/// Endpoints they share a name with.
pub fn watch(_: &Store, obj: &Object, out: &mut Vec<ObjKey>) {
    if matches!(obj, Object::Endpoints(_) | Object::Service(_)) {
        out.push(ObjKey::new(Kind::Endpoints, obj.namespace(), obj.name()));
    }
}

pub fn reconcile(store: &Store, key: &ObjKey, _now: SimTime) -> Reconciled {
    let mut r = Reconciled::default();
    let existing = mirrored(store, key);
    let endpoints = match store.get(key) {
        Some(o @ Object::Endpoints(e)) if should_mirror(store, key, e) => Some((o, e.as_ref())),
        _ => None,
    };
    let Some((owner, e)) = endpoints else {
        r.writes.extend(existing.iter().map(|s| Write::Delete(DeleteRequest::new(ObjKey::new(Kind::EndpointSlice, &key.namespace, s.metadata.name.as_deref().unwrap_or(""))))));
        return r;
    };
    let desired = desired_slices(e);
    let mut unused: Vec<&disc::EndpointSlice> = existing.clone();
    for (ports, eps) in desired {
        let labels = labels_for(e);
        match unused.iter().position(|s| s.ports.as_ref() == Some(&ports)) {
            Some(i) => {
                let s = unused.remove(i);
                if s.endpoints != eps || s.metadata.labels.as_ref() != Some(&labels) {
                    let mut s = s.clone();
                    s.endpoints = eps;
                    s.metadata.labels = Some(labels);
                    r.writes.push(Write::Update(Object::EndpointSlice(Box::new(s))));
                }
            }
            None => {
                let annotations: BTreeMap<String, String> = e
                    .metadata
                    .annotations
                    .iter()
                    .flatten()
                    .filter(|(k, _)| !matches!(k.as_str(), "endpoints.kubernetes.io/last-change-trigger-time" | "kubectl.kubernetes.io/last-applied-configuration"))
                    .map(|(k, v)| (k.clone(), v.clone()))
                    .collect();
                let slice = disc::EndpointSlice {
                    metadata: ObjectMeta {
                        generate_name: Some(format!("{}-", key.name)),
                        namespace: Some(key.namespace.clone()),
                        labels: Some(labels),
                        annotations: Some(annotations).filter(|a| !a.is_empty()),
                        owner_references: Some(vec![controller_ref(owner)]),
                        ..Default::default()
                    },
                    address_type: "IPv4".into(),
                    endpoints: eps,
                    ports: Some(ports),
                };
                r.writes.push(Write::Create(Object::EndpointSlice(Box::new(slice))));
            }
        }
    }
    r.writes.extend(unused.iter().map(|s| Write::Delete(DeleteRequest::new(ObjKey::new(Kind::EndpointSlice, &key.namespace, s.metadata.name.as_deref().unwrap_or(""))))));
    r
}

/// The controller's rule: a Service of that name exists, has no selector, and the Endpoints does
/// not ask to be skipped.
fn should_mirror(store: &Store, key: &ObjKey, e: &core::Endpoints) -> bool {
    let skip = e.metadata.labels.as_ref().and_then(|l| l.get("endpointslice.kubernetes.io/skip-mirror")).map(String::as_str) == Some("true");
    let service = match store.get(&ObjKey::new(Kind::Service, &key.namespace, &key.name)) {
        Some(Object::Service(s)) => Some(s),
        _ => None,
    };
    !skip && service.is_some_and(|s| super::endpointslice::selector(s).is_none())
}

/// The slices this controller made for the Endpoints `key` names.
fn mirrored<'a>(store: &'a Store, key: &'a ObjKey) -> Vec<&'a disc::EndpointSlice> {
    store
        .list(Kind::EndpointSlice, Some(&key.namespace))
        .filter_map(|o| if let Object::EndpointSlice(s) = o { Some(s.as_ref()) } else { None })
        .filter(|s| {
            let l = s.metadata.labels.as_ref();
            l.and_then(|l| l.get(SERVICE_NAME)) == Some(&key.name) && l.and_then(|l| l.get(MANAGED_BY_LABEL)).map(String::as_str) == Some(MANAGED_BY)
        })
        .collect()
}

/// The Endpoints' labels with the service name and manager set (newEndpointSlice).
fn labels_for(e: &core::Endpoints) -> BTreeMap<String, String> {
    let mut labels = e.metadata.labels.clone().unwrap_or_default();
    labels.insert(SERVICE_NAME.into(), e.metadata.name.clone().unwrap_or_default());
    labels.insert(MANAGED_BY_LABEL.into(), MANAGED_BY.into());
    labels
}

/// One slice per distinct port list, in subset order: ready addresses then not-ready ones, each
/// address once.
fn desired_slices(e: &core::Endpoints) -> Vec<(Vec<disc::EndpointPort>, Vec<disc::Endpoint>)> {
    let mut out: Vec<(Vec<disc::EndpointPort>, Vec<disc::Endpoint>)> = Vec::new();
    for ss in e.subsets.iter().flatten() {
        let ports: Vec<disc::EndpointPort> = ss
            .ports
            .iter()
            .flatten()
            .map(|p| disc::EndpointPort { name: Some(p.name.clone().unwrap_or_default()), port: Some(p.port), protocol: Some(p.protocol.clone().unwrap_or_else(|| "TCP".into())), app_protocol: p.app_protocol.clone() })
            .collect();
        let i = match out.iter().position(|(p, _)| *p == ports) {
            Some(i) => i,
            None => {
                out.push((ports, Vec::new()));
                out.len() - 1
            }
        };
        let lists = [(ss.addresses.iter().flatten(), true), (ss.not_ready_addresses.iter().flatten(), false)];
        for (list, ready) in lists {
            for a in list {
                let ep = endpoint(a, ready);
                if !out[i].1.iter().any(|x| x.addresses == ep.addresses) {
                    out[i].1.push(ep);
                }
            }
        }
    }
    out
}

/// addressToEndpoint.
fn endpoint(a: &core::EndpointAddress, ready: bool) -> disc::Endpoint {
    disc::Endpoint {
        addresses: vec![a.ip.clone()],
        conditions: Some(disc::EndpointConditions { ready: Some(ready), ..Default::default() }),
        hostname: a.hostname.clone().filter(|h| !h.is_empty()),
        node_name: a.node_name.clone(),
        target_ref: a.target_ref.clone(),
        ..Default::default()
    }
}
