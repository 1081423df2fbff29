//! PersistentVolumeClaims as `kubectl get pvc` shows them, with the files their volume holds.

use kubeplay_core::api::{Kind, Object};
use kubeplay_core::kubectl::printers_storage::pvc_row;
use kubeplay_core::Simulation;

use super::{Capped, ClaimView, FileEntry, MAX_FILES_PER_CLAIM, MAX_PER_GROUP};

pub fn claims(sim: &Simulation) -> Capped<ClaimView> {
    let store = &sim.cluster().store;
    let claims = super::user_objects(store, Kind::PersistentVolumeClaim).filter_map(|o| match o {
        Object::PersistentVolumeClaim(c) => Some((o, c)),
        _ => None,
    });
    Capped::take(claims, MAX_PER_GROUP).map(|(o, c)| {
        let (cells, _) = pvc_row(c, o.name(), String::new());
        let files = Capped::take(
            sim.claim_files(o.namespace(), o.name()),
            MAX_FILES_PER_CLAIM,
        );
        ClaimView {
            name: o.name().to_string(),
            namespace: o.namespace().to_string(),
            uid: o.uid().to_string(),
            phase: c
                .status
                .as_ref()
                .and_then(|s| s.phase.clone())
                .unwrap_or_else(|| "Pending".into()),
            status: cells[1].clone(),
            volume: cells[2].clone(),
            capacity: cells[3].clone(),
            access_modes: cells[4].clone(),
            storage_class: cells[5].clone(),
            more_files: files.more,
            files: files
                .items
                .into_iter()
                .map(|(path, size)| FileEntry { path, size })
                .collect(),
        }
    })
}
