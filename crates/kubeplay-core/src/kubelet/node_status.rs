//! The kubelet's node status loop (syncNodeStatus every nodeStatusUpdateFrequency, 10 s), reduced
//! to the one setter that records an Event: recordNodeSchedulableEvent, which reports a change of
//! spec.unschedulable (a cordon or uncordon) at the first sync after it, as
//! `NodeNotSchedulable`/`NodeSchedulable`, "Node NAME status is now: …" (pkg/kubelet/kubelet_node_status.go).

use crate::api::{ObjKey, Object};
use crate::clock::SimTime;
use crate::cluster::Cluster;
use crate::controllers::Change;
use crate::store::Store;

/// nodeStatusUpdateFrequency's default. The loop's 4% jitter is left out: its ticks are counted
/// from the node's registration, which is when its kubelet started.
const PERIOD_MS: i64 = 10_000;

/// Every node change: the next sync compares the node with what the kubelet last saw.
pub fn watch(_: &Store, obj: &Object, out: &mut Vec<ObjKey>) {
    if let Object::Node(_) = obj {
        out.push(obj.key());
    }
}

/// How long until the node's kubelet next syncs its status (strictly after now).
pub fn delay(obj: &Object, _: Change<'_>, _: &ObjKey, now: SimTime) -> i64 {
    let start = obj.meta().creation_timestamp.as_ref().map_or(now.ms(), |t| t.0.as_second().saturating_mul(1000));
    let since = now.ms().saturating_sub(start).max(0);
    PERIOD_MS - since % PERIOD_MS
}

/// One status sync of the node's kubelet: the Event when spec.unschedulable differs from what it
/// saw at its last sync (false when it started).
pub(crate) fn sync(c: &mut Cluster, key: &ObjKey) {
    let Some(Object::Node(node)) = c.store.get(key) else {
        c.kubelet.node_unschedulable.remove(&key.name);
        return;
    };
    let unschedulable = node.spec.as_ref().and_then(|s| s.unschedulable).unwrap_or(false);
    let last = c.kubelet.node_unschedulable.get(&key.name).copied().unwrap_or(false);
    if unschedulable == last {
        return;
    }
    // The kubelet's nodeRef: kind and name, the name again as the uid (kubectl describe node
    // looks node Events up both ways), no apiVersion or resourceVersion.
    let mut involved = Object::Node(node.clone());
    let meta = involved.meta_mut();
    meta.uid = Some(key.name.clone());
    meta.resource_version = None;
    let reason = if unschedulable { "NodeNotSchedulable" } else { "NodeSchedulable" };
    crate::events::record_as(c, &involved, "".into(), "Normal", reason, &format!("Node {} status is now: {reason}", key.name), "kubelet");
    c.kubelet.node_unschedulable.insert(key.name.clone(), unschedulable);
}
