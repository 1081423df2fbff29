//! Pods as `kubectl get pods -o wide` shows them (the core's printers), and which pods the
//! workload sections already drew so the rest can be listed as standalone.

use std::collections::BTreeSet;

use k8s_openapi::api::core::v1::Pod;
use kubeplay_core::api::{Kind, ObjKey, Object};
use kubeplay_core::kubectl::printers_pod::pod_status;
use kubeplay_core::store::Store;

use super::{Capped, PodView, MAX_PER_GROUP};

/// Copies one pod.
pub fn pod_view(p: &Pod) -> PodView {
    let spec = p.spec.clone().unwrap_or_default();
    let st = p.status.clone().unwrap_or_default();
    let statuses = st.container_statuses.unwrap_or_default();
    let ready = statuses.iter().filter(|c| c.ready).count();
    let init_total = spec.init_containers.as_ref().map_or(0, Vec::len);
    let init_done = st
        .init_container_statuses
        .iter()
        .flatten()
        .filter(|c| {
            let state = c.state.clone().unwrap_or_default();
            state.terminated.is_some_and(|t| t.exit_code == 0)
                // A sidecar (restartable init container) counts once it has started.
                || (state.running.is_some() && c.started == Some(true))
        })
        .count();
    PodView {
        name: p.metadata.name.clone().unwrap_or_default(),
        namespace: p.metadata.namespace.clone().unwrap_or_default(),
        uid: p.metadata.uid.clone().unwrap_or_default(),
        phase: st.phase.clone().unwrap_or_else(|| "Pending".into()),
        status: pod_status(p),
        ready: format!("{ready}/{}", spec.containers.len()),
        is_ready: st
            .conditions
            .iter()
            .flatten()
            .any(|c| c.type_ == "Ready" && c.status == "True"),
        restarts: statuses.iter().map(|c| c.restart_count).sum(),
        node: spec.node_name.clone().unwrap_or_default(),
        ip: st.pod_ip.clone().unwrap_or_default(),
        init_done: init_done.min(init_total),
        init_total,
        terminating: p.metadata.deletion_timestamp.is_some(),
        claims: spec
            .volumes
            .iter()
            .flatten()
            .filter_map(|v| v.persistent_volume_claim.as_ref())
            .map(|c| c.claim_name.clone())
            .collect(),
    }
}

/// The pods controlled by the object with `uid`, in name order.
pub fn controlled_by<'a>(store: &'a Store, uid: &'a str) -> impl Iterator<Item = &'a Pod> + 'a {
    store
        .dependents(uid)
        .into_iter()
        .filter(|k| k.kind == Kind::Pod)
        .filter_map(|k| match store.get(&k) {
            Some(Object::Pod(p)) if is_controller(&p.metadata, uid) => Some(p.as_ref()),
            _ => None,
        })
}

/// Whether `uid` is the controller among `meta`'s ownerReferences.
pub fn is_controller(
    meta: &k8s_openapi::apimachinery::pkg::apis::meta::v1::ObjectMeta,
    uid: &str,
) -> bool {
    meta.owner_references
        .iter()
        .flatten()
        .any(|r| r.controller == Some(true) && r.uid == uid)
}

/// The pods drawn so far under some workload.
#[derive(Default)]
pub struct Placed(BTreeSet<ObjKey>);

impl Placed {
    /// Marks `pods` as drawn and returns their views, capped.
    pub fn group<'a>(&mut self, pods: impl Iterator<Item = &'a Pod>) -> Capped<PodView> {
        let mut out = Capped::default();
        for p in pods {
            self.mark(p);
            if out.items.len() < MAX_PER_GROUP {
                out.items.push(pod_view(p));
            } else {
                out.more += 1;
            }
        }
        out
    }

    pub fn mark(&mut self, p: &Pod) {
        self.0.insert(ObjKey::new(
            Kind::Pod,
            p.metadata.namespace.as_deref().unwrap_or(""),
            p.metadata.name.as_deref().unwrap_or(""),
        ));
    }

    /// Every pod no workload drew, in namespace/name order.
    pub fn standalone(&self, store: &Store) -> Capped<PodView> {
        let rest = super::user_objects(store, Kind::Pod).filter_map(|o| match o {
            Object::Pod(p) if !self.0.contains(&o.key()) => Some(p.as_ref()),
            _ => None,
        });
        Capped::take(rest, MAX_PER_GROUP).map(pod_view)
    }
}
