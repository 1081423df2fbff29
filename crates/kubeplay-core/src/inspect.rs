//! Read-only views into the simulation's private state for the browser's cluster view: what a
//! claim's volume holds, as the kubelet's volume store has it (nothing here changes the cluster).

use crate::api::{Kind, ObjKey, Object};
use crate::kubelet::vfs::VolumeId;
use crate::Simulation;

impl Simulation {
    /// The files on the PersistentVolume bound to claim `namespace/claim`, as (path relative to the
    /// volume's root, size in bytes), in path order. Empty while the claim is unbound or its volume
    /// has never been written. At most `kubelet::vfs::MAX_ENTRIES_PER_TREE` entries.
    pub fn claim_files(&self, namespace: &str, claim: &str) -> Vec<(String, u64)> {
        let volume = match self.cluster.store.get(&ObjKey::new(Kind::PersistentVolumeClaim, namespace, claim)) {
            Some(Object::PersistentVolumeClaim(c)) => c.spec.as_ref().and_then(|s| s.volume_name.clone()).filter(|v| !v.is_empty()),
            _ => None,
        };
        let Some(tree) = volume.and_then(|pv| self.cluster.kubelet.volumes.get(&VolumeId::Persistent(pv))) else { return Vec::new() };
        tree.get().files().map(|(path, data)| (path.to_string(), data.len() as u64)).collect()
    }
}
