//! The kubelet: runs the pods bound to the simulated nodes — sandbox and pod IP, image pulls, init
//! containers in order, the containers' processes (kubeplay-shell), probes, restart backoff,
//! graceful termination — and reports what happened as pod status and Events.

pub(crate) mod status;

use crate::api::ObjKey;
use crate::cluster::Cluster;

/// The kubelets' private state (what a node keeps outside the apiserver).
#[derive(Default)]
pub struct Runtime {}

/// Syncs one pod (SimEvent::Kubelet).
pub(crate) fn sync(_c: &mut Cluster, _pod: &ObjKey) {}
