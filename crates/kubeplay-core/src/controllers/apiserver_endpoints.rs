//! The apiserver's own loops for the `kubernetes` Service (pkg/controlplane/controller/
//! kubernetesservice and the endpoint reconciler of pkg/controlplane/reconcilers): every 10 seconds
//! they write the Service's ports, its Endpoints and its EndpointSlice back as the apiserver wants
//! them, so one deleted or changed by hand comes back at the next tick.

use super::{Change, Reconciled};
use crate::api::{Kind, ObjKey, Object};
use crate::clock::SimTime;
use crate::cluster::Write;
use crate::store::Store;

/// The loops' period (the endpoint reconciler's interval, the service controller's resync).
const INTERVAL_MS: i64 = 10_000;

/// The Service, Endpoints or EndpointSlice `default/kubernetes` changed.
pub fn watch(_: &Store, obj: &Object, out: &mut Vec<ObjKey>) {
    let ours = matches!(obj.kind(), Kind::Service | Kind::Endpoints | Kind::EndpointSlice) && obj.namespace() == "default" && obj.name() == "kubernetes";
    if ours {
        out.push(ObjKey::new(Kind::Service, "default", "kubernetes"));
    }
}

/// Wakes at the loops' next tick (they started with the apiserver, at the simulation's start).
pub fn delay(_: &Object, _: Change<'_>, _: &ObjKey, now: SimTime) -> i64 {
    INTERVAL_MS - now.ms().rem_euclid(INTERVAL_MS)
}

pub fn reconcile(store: &Store, _: &ObjKey, _: SimTime) -> Reconciled {
    let mut r = Reconciled::default();
    for want in crate::bootstrap::apiserver_objects() {
        match store.get(&want.key()) {
            None => r.writes.push(Write::Create(want)),
            Some(have) => {
                if let Some(fixed) = repaired(have, &want) {
                    r.writes.push(Write::Update(fixed));
                }
            }
        }
    }
    r
}

/// `have` with what the apiserver reconciles set back to `want`, if any of it differs: the
/// Service's ports (CreateOrUpdateMasterServiceIfNeeded), the Endpoints' labels and subsets, the
/// slice's labels, endpoints and ports (EndpointsAdapter.Sync).
fn repaired(have: &Object, want: &Object) -> Option<Object> {
    let mut fixed = have.clone();
    match (&mut fixed, want) {
        (Object::Service(h), Object::Service(w)) => {
            let ports = |s: &k8s_openapi::api::core::v1::Service| {
                s.spec.iter().flat_map(|sp| sp.ports.iter().flatten()).map(|p| (p.name.clone(), p.port, p.protocol.clone(), p.target_port.clone())).collect::<Vec<_>>()
            };
            if ports(h) == ports(w) {
                return None;
            }
            h.spec.get_or_insert_with(Default::default).ports = w.spec.as_ref().and_then(|s| s.ports.clone());
        }
        (Object::Endpoints(h), Object::Endpoints(w)) => {
            if h.metadata.labels == w.metadata.labels && h.subsets == w.subsets {
                return None;
            }
            h.metadata.labels = w.metadata.labels.clone();
            h.subsets = w.subsets.clone();
        }
        (Object::EndpointSlice(h), Object::EndpointSlice(w)) => {
            if h.metadata.labels == w.metadata.labels && h.endpoints == w.endpoints && h.ports == w.ports {
                return None;
            }
            h.metadata.labels = w.metadata.labels.clone();
            h.endpoints = w.endpoints.clone();
            h.ports = w.ports.clone();
        }
        _ => return None,
    }
    Some(fixed)
}
