//! The PersistentVolume controller with kind's local-path provisioner: WaitForFirstConsumer, dynamic
//! provisioning of `pvc-<uid>` volumes, binding (Pending → Bound), reclaim (Delete/Retain) and
//! pvc-protection (a claim in use stays Terminating).

use super::Reconciled;
use crate::api::{Kind, ObjKey, Object};
use crate::clock::SimTime;
use crate::cluster::{DeleteRequest, Write};
use crate::store::Store;
use k8s_openapi::api::core::v1 as core;
use std::collections::BTreeMap;

pub const PROTECTION: &str = "kubernetes.io/pvc-protection";
/// How long the local-path provisioner's helper pod takes to create the directory.
pub const PROVISION_MS: i64 = 2_000;

/// Claims to look at: a changed claim, the claim of a changed volume, the claims of a changed pod.
pub fn watch(_store: &Store, obj: &Object, out: &mut Vec<ObjKey>) {
    match obj {
        Object::PersistentVolumeClaim(_) => out.push(obj.key()),
        Object::PersistentVolume(pv) => out.extend(
            pv.spec
                .as_ref()
                .and_then(|s| s.claim_ref.as_ref())
                .map(|r| ObjKey::new(Kind::PersistentVolumeClaim, r.namespace.as_deref().unwrap_or(""), r.name.as_deref().unwrap_or(""))),
        ),
        Object::Pod(p) => out.extend(
            p.spec
                .iter()
                .flat_map(|s| s.volumes.iter().flatten())
                .filter_map(|v| v.persistent_volume_claim.as_ref())
                .map(|c| ObjKey::new(Kind::PersistentVolumeClaim, obj.namespace(), &c.claim_name)),
        ),
        _ => {}
    }
}

fn class<'a>(store: &'a Store, name: &str) -> Option<&'a k8s_openapi::api::storage::v1::StorageClass> {
    match store.get(&ObjKey::new(Kind::StorageClass, "", name)) {
        Some(Object::StorageClass(sc)) => Some(sc),
        _ => None,
    }
}

fn in_use(store: &Store, ns: &str, claim: &str) -> Option<String> {
    store.list(Kind::Pod, Some(ns)).find_map(|o| match o {
        Object::Pod(p) => {
            let terminal = matches!(p.status.as_ref().and_then(|s| s.phase.as_deref()), Some("Succeeded") | Some("Failed"));
            let uses = p.spec.iter().flat_map(|s| s.volumes.iter().flatten()).any(|v| v.persistent_volume_claim.as_ref().is_some_and(|c| c.claim_name == claim));
            (uses && !terminal).then(|| o.name().to_string())
        }
        _ => None,
    })
}

pub fn reconcile(store: &Store, key: &ObjKey, now: SimTime) -> Reconciled {
    let mut r = Reconciled::default();
    let Some(Object::PersistentVolumeClaim(pvc)) = store.get(key) else {
        release(store, key, &mut r);
        return r;
    };
    if pvc.metadata.deletion_timestamp.is_some() {
        protect(store, key, pvc, &mut r);
        return r;
    }
    if pvc.status.as_ref().and_then(|s| s.phase.as_deref()) == Some("Bound") {
        return r;
    }
    let class_name = pvc.spec.as_ref().and_then(|s| s.storage_class_name.clone()).unwrap_or_default();
    let Some(sc) = class(store, &class_name) else {
        if !class_name.is_empty() {
            r.event("Warning", "ProvisioningFailed", format!("storageclass.storage.k8s.io \"{class_name}\" not found"));
        } else {
            r.event("Normal", "FailedBinding", "no persistent volumes available for this claim and no storage class is set");
        }
        return r;
    };
    let annotations = pvc.metadata.annotations.clone().unwrap_or_default();
    let selected = annotations.get(super::scheduler::SELECTED_NODE).cloned();
    let wffc = sc.volume_binding_mode.as_deref() == Some("WaitForFirstConsumer");
    if wffc && selected.is_none() {
        r.event("Normal", "WaitForFirstConsumer", "waiting for first consumer to be created before binding");
        r.waiting.push("the StorageClass binds WaitForFirstConsumer: no volume until a pod using this claim is scheduled".into());
        return r;
    }
    let started = store.list(Kind::Event, Some(&key.namespace)).find_map(|o| match o {
        Object::Event(e) if e.involved_object.uid.as_deref() == pvc.metadata.uid.as_deref() && e.reason.as_deref() == Some("Provisioning") => e.first_timestamp.as_ref().map(|t| t.0.as_second() * 1000),
        _ => None,
    });
    let Some(started) = started else {
        let provisioner = sc.provisioner.clone();
        let mut p = pvc.clone();
        let a = p.metadata.annotations.get_or_insert_with(BTreeMap::new);
        a.insert("volume.beta.kubernetes.io/storage-provisioner".into(), provisioner.clone());
        a.insert("volume.kubernetes.io/storage-provisioner".into(), provisioner.clone());
        r.event("Normal", "ExternalProvisioning", format!("Waiting for a volume to be created either by the external provisioner '{provisioner}' or manually by the system administrator. If volume creation is delayed, please verify that the provisioner is running and correctly registered."));
        let from = provisioner_identity(store, &provisioner);
        r.events_from.push((from, "Normal".into(), "Provisioning".into(), format!("External provisioner is provisioning volume for claim \"{}/{}\"", key.namespace, key.name)));
        r.writes.push(Write::Update(Object::PersistentVolumeClaim(p)));
        r.requeue_after_ms = Some(PROVISION_MS);
        return r;
    };
    if now.ms() < started + PROVISION_MS {
        r.requeue_after_ms = Some(started + PROVISION_MS - now.ms());
        return r;
    }
    provision(pvc, sc, selected.as_deref(), &mut r);
    let from = provisioner_identity(store, &sc.provisioner);
    r.events_from.push((from, "Normal".into(), "ProvisioningSucceeded".into(), format!("Successfully provisioned volume pvc-{}", pvc.metadata.uid.as_deref().unwrap_or(""))));
    r
}

/// The name an external provisioner reports its Events under (sig-storage-lib-external-provisioner:
/// `<provisioner>_<hostname>_<uuid>`, the hostname being its pod's name and the uuid drawn when it
/// starts, here derived from the pod's uid). The local-path provisioner is kind's one; without a
/// pod of it the provisioner's own name stands.
fn provisioner_identity(store: &Store, provisioner: &str) -> String {
    let pod = store.list(Kind::Pod, Some("local-path-storage")).find_map(|o| match o {
        Object::Pod(p) if p.metadata.labels.as_ref().and_then(|l| l.get("app")).map(String::as_str) == Some("local-path-provisioner") && p.metadata.deletion_timestamp.is_none() => Some(p),
        _ => None,
    });
    match pod {
        Some(p) => {
            let uid = p.metadata.uid.as_deref().unwrap_or("");
            let uuid = crate::rng::Prng::new(crate::rng::Fnv1a::default().write(uid.bytes()).value()).uuid();
            format!("{provisioner}_{}_{uuid}", p.metadata.name.as_deref().unwrap_or(""))
        }
        None => provisioner.to_string(),
    }
}

fn provision(pvc: &core::PersistentVolumeClaim, sc: &k8s_openapi::api::storage::v1::StorageClass, node: Option<&str>, r: &mut Reconciled) {
    let uid = pvc.metadata.uid.clone().unwrap_or_default();
    let ns = pvc.metadata.namespace.clone().unwrap_or_default();
    let name = pvc.metadata.name.clone().unwrap_or_default();
    let pv_name = format!("pvc-{uid}");
    let spec = pvc.spec.clone().unwrap_or_default();
    let capacity = spec.resources.as_ref().and_then(|res| res.requests.clone()).unwrap_or_default();
    let storage: BTreeMap<String, _> = capacity.into_iter().filter(|(k, _)| k == "storage").collect();
    let node_affinity = node.map(|n| core::VolumeNodeAffinity {
        required: Some(core::NodeSelector {
            node_selector_terms: vec![core::NodeSelectorTerm {
                match_expressions: Some(vec![core::NodeSelectorRequirement { key: "kubernetes.io/hostname".into(), operator: "In".into(), values: Some(vec![n.to_string()]) }]),
                ..Default::default()
            }],
        }),
    });
    let pv = core::PersistentVolume {
        metadata: k8s_openapi::apimachinery::pkg::apis::meta::v1::ObjectMeta {
            name: Some(pv_name.clone()),
            annotations: Some(BTreeMap::from([
                ("local.path.provisioner/selected-node".to_string(), node.unwrap_or("").to_string()),
                ("pv.kubernetes.io/provisioned-by".to_string(), sc.provisioner.clone()),
            ])),
            finalizers: Some(vec!["kubernetes.io/pv-protection".into()]),
            ..Default::default()
        },
        spec: Some(core::PersistentVolumeSpec {
            access_modes: spec.access_modes.clone(),
            capacity: Some(storage.clone()),
            claim_ref: Some(core::ObjectReference {
                api_version: Some("v1".into()),
                kind: Some("PersistentVolumeClaim".into()),
                name: Some(name.clone()),
                namespace: Some(ns.clone()),
                uid: Some(uid.clone()),
                ..Default::default()
            }),
            host_path: Some(core::HostPathVolumeSource { path: format!("/var/local-path-provisioner/{pv_name}_{ns}_{name}"), type_: Some("DirectoryOrCreate".into()) }),
            node_affinity,
            persistent_volume_reclaim_policy: Some(sc.reclaim_policy.clone().unwrap_or_else(|| "Delete".into())),
            storage_class_name: sc.metadata.name.clone(),
            volume_mode: Some(spec.volume_mode.clone().unwrap_or_else(|| "Filesystem".into())),
            ..Default::default()
        }),
        status: None,
    };
    // The apiserver creates the volume Pending; the PV controller then marks it Bound to its
    // claim (updateVolumePhase) before binding the claim to it.
    let pv_key = ObjKey::new(Kind::PersistentVolume, "", &pv_name);
    r.writes.push(Write::Create(Object::PersistentVolume(Box::new(pv))));
    let pv_status = core::PersistentVolumeStatus { phase: Some("Bound".into()), ..Default::default() };
    r.writes.push(Write::UpdateStatus { key: pv_key, status: pv_status.into() });
    let mut bound = pvc.clone();
    let a = bound.metadata.annotations.get_or_insert_with(BTreeMap::new);
    a.insert("pv.kubernetes.io/bind-completed".into(), "yes".into());
    a.insert("pv.kubernetes.io/bound-by-controller".into(), "yes".into());
    if let Some(s) = bound.spec.as_mut() {
        s.volume_name = Some(pv_name.clone());
    }
    let key = ObjKey::of(Kind::PersistentVolumeClaim, &bound.metadata);
    r.writes.push(Write::Update(Object::PersistentVolumeClaim(Box::new(bound))));
    let status = core::PersistentVolumeClaimStatus { phase: Some("Bound".into()), access_modes: spec.access_modes.clone(), capacity: Some(storage), ..Default::default() };
    r.writes.push(Write::UpdateStatus { key, status: status.into() });
}

/// pvc-protection: the finalizer comes off once no running pod uses the claim.
fn protect(store: &Store, key: &ObjKey, pvc: &core::PersistentVolumeClaim, r: &mut Reconciled) {
    if !pvc.metadata.finalizers.iter().flatten().any(|f| f == PROTECTION) {
        return;
    }
    if let Some(pod) = in_use(store, &key.namespace, &key.name) {
        r.waiting.push(format!("claim is in use by pod {pod}: it stays Terminating until that pod is gone (kubernetes.io/pvc-protection)"));
        return;
    }
    let mut p = pvc.clone();
    if let Some(f) = p.metadata.finalizers.as_mut() {
        f.retain(|f| f != PROTECTION);
    }
    r.writes.push(Write::Update(Object::PersistentVolumeClaim(Box::new(p))));
}

/// A claim is gone: its volume is deleted (reclaimPolicy Delete) or Released (Retain).
fn release(store: &Store, key: &ObjKey, r: &mut Reconciled) {
    for o in store.list(Kind::PersistentVolume, None) {
        let Object::PersistentVolume(pv) = o else { continue };
        let Some(spec) = &pv.spec else { continue };
        let claimed = spec.claim_ref.as_ref().is_some_and(|c| c.namespace.as_deref() == Some(key.namespace.as_str()) && c.name.as_deref() == Some(key.name.as_str()));
        if !claimed || pv.status.as_ref().and_then(|s| s.phase.as_deref()) != Some("Bound") {
            continue;
        }
        if spec.persistent_volume_reclaim_policy.as_deref() == Some("Delete") {
            let mut p = (**pv).clone();
            p.metadata.finalizers = None;
            r.writes.push(Write::Update(Object::PersistentVolume(Box::new(p))));
            r.writes.push(Write::Delete(DeleteRequest::new(o.key())));
        } else {
            let status = core::PersistentVolumeStatus { phase: Some("Released".into()), ..Default::default() };
            r.writes.push(Write::UpdateStatus { key: o.key(), status: status.into() });
        }
    }
}
