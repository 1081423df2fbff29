//! The node lifecycle controller's TaintNodesByCondition pass, for the one condition kubeplay's
//! nodes change: a cordoned node (spec.unschedulable) gets the `node.kubernetes.io/unschedulable:
//! NoSchedule` taint, stamped with its timeAdded as SwapNodeControllerTaint does, and loses it
//! when uncordoned (pkg/controller/nodelifecycle, doNoScheduleTaintingPass).

use super::scheduler::UNSCHEDULABLE_TAINT;
use super::Reconciled;
use crate::api::{ObjKey, Object};
use crate::clock::SimTime;
use crate::cluster::Write;
use crate::store::Store;
use k8s_openapi::api::core::v1 as core;
use k8s_openapi::apimachinery::pkg::apis::meta::v1::Time;

/// Every node change (the controller's node update queue).
pub fn watch(_: &Store, obj: &Object, out: &mut Vec<ObjKey>) {
    if let Object::Node(_) = obj {
        out.push(obj.key());
    }
}

pub fn reconcile(store: &Store, key: &ObjKey, now: SimTime) -> Reconciled {
    let mut r = Reconciled::default();
    let Some(Object::Node(node)) = store.get(key) else { return r };
    if node.metadata.deletion_timestamp.is_some() {
        return r;
    }
    let spec = node.spec.clone().unwrap_or_default();
    let want = spec.unschedulable.unwrap_or(false);
    let is_ours = |t: &core::Taint| t.key == UNSCHEDULABLE_TAINT && t.effect == "NoSchedule";
    let has = spec.taints.iter().flatten().any(is_ours);
    if want == has {
        return r;
    }
    let mut node = node.as_ref().clone();
    let taints = node.spec.get_or_insert_with(Default::default).taints.get_or_insert_with(Vec::new);
    if want {
        // AddOrUpdateTaint appends after the taints the node has.
        let added = Time(k8s_openapi::jiff::Timestamp::from_second(now.secs()).unwrap_or_default());
        taints.push(core::Taint { key: UNSCHEDULABLE_TAINT.into(), effect: "NoSchedule".into(), time_added: Some(added), value: None });
    } else {
        taints.retain(|t| !is_ours(t));
    }
    // An empty list is omitted (omitempty), as the patch the controller sends leaves it.
    if taints.is_empty() {
        node.spec.get_or_insert_with(Default::default).taints = None;
    }
    r.writes.push(Write::Update(Object::Node(Box::new(node))));
    r
}
