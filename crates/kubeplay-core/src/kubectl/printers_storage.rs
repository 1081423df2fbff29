//! PersistentVolumeClaim and PersistentVolume rows.

use k8s_openapi::api::core::v1 as core;

/// RWO/ROX/RWX/RWOP, comma-joined.
pub fn access_modes(modes: &[String]) -> String {
    modes
        .iter()
        .map(|m| match m.as_str() {
            "ReadWriteOnce" => "RWO",
            "ReadOnlyMany" => "ROX",
            "ReadWriteMany" => "RWX",
            "ReadWriteOncePod" => "RWOP",
            other => other,
        })
        .collect::<Vec<_>>()
        .join(",")
}

pub fn pvc_row(c: &core::PersistentVolumeClaim, name: &str, created: String) -> (Vec<String>, Vec<String>) {
    let spec = c.spec.clone().unwrap_or_default();
    let st = c.status.clone().unwrap_or_default();
    let phase = if c.metadata.deletion_timestamp.is_some() { "Terminating".to_string() } else { st.phase.clone().unwrap_or_else(|| "Pending".into()) };
    let bound = spec.volume_name.clone().unwrap_or_default();
    let capacity = st.capacity.as_ref().and_then(|c| c.get("storage")).map(|q| q.0.clone()).unwrap_or_default();
    let modes = access_modes(st.access_modes.as_deref().unwrap_or(&[]));
    (
        vec![name.into(), phase, bound, capacity, modes, spec.storage_class_name.clone().unwrap_or_default(), spec.volume_attributes_class_name.clone().unwrap_or_else(|| "<unset>".into()), created],
        vec![spec.volume_mode.unwrap_or_else(|| "Filesystem".into())],
    )
}

pub fn pv_row(v: &core::PersistentVolume, name: &str, created: String) -> (Vec<String>, Vec<String>) {
    let spec = v.spec.clone().unwrap_or_default();
    let st = v.status.clone().unwrap_or_default();
    let capacity = spec.capacity.as_ref().and_then(|c| c.get("storage")).map(|q| q.0.clone()).unwrap_or_default();
    let claim = spec.claim_ref.as_ref().map(|r| format!("{}/{}", r.namespace.clone().unwrap_or_default(), r.name.clone().unwrap_or_default())).unwrap_or_default();
    let phase = if v.metadata.deletion_timestamp.is_some() { "Terminating".to_string() } else { st.phase.clone().unwrap_or_default() };
    (
        vec![
            name.into(),
            capacity,
            access_modes(spec.access_modes.as_deref().unwrap_or(&[])),
            spec.persistent_volume_reclaim_policy.clone().unwrap_or_default(),
            phase,
            claim,
            spec.storage_class_name.clone().unwrap_or_default(),
            spec.volume_attributes_class_name.clone().unwrap_or_else(|| "<unset>".into()),
            st.reason.clone().unwrap_or_default(),
            created,
        ],
        vec![spec.volume_mode.unwrap_or_else(|| "Filesystem".into())],
    )
}
