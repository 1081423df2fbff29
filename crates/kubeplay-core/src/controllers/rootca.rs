//! The root CA certificate publisher (pkg/controller/certificates/rootcacertpublisher): every
//! active namespace has a `kube-root-ca.crt` ConfigMap whose `ca.crt` is the cluster CA and whose
//! `kubernetes.io/description` annotation says what it is for. A deleted or edited copy is put back.

use super::Reconciled;
use crate::api::{Kind, ObjKey, Object};
use crate::clock::SimTime;
use crate::cluster::Write;
use crate::serviceaccount::ROOT_CA_CONFIGMAP;
use crate::store::Store;
use k8s_openapi::api::core::v1 as core;
use k8s_openapi::apimachinery::pkg::apis::meta::v1::ObjectMeta;
use std::collections::BTreeMap;

pub const DESCRIPTION_ANNOTATION: &str = "kubernetes.io/description";
pub const DESCRIPTION: &str = "Contains a CA bundle that can be used to verify the kube-apiserver when using internal endpoints such as the internal service IP or kubernetes.default.svc. No other usage is guaranteed across distributions of Kubernetes clusters.";

/// Namespaces (added, updated) and the ConfigMap itself (updated, deleted) wake the namespace's sync.
pub fn watch(_store: &Store, obj: &Object, out: &mut Vec<ObjKey>) {
    match obj {
        Object::Namespace(_) => out.push(obj.key()),
        Object::ConfigMap(_) if obj.name() == ROOT_CA_CONFIGMAP => out.push(ObjKey::new(Kind::Namespace, "", obj.namespace())),
        _ => {}
    }
}

/// The cluster CA, issued when kind set the control plane up: its validity starts at kube-system's
/// creation (the first thing the new apiserver made).
pub fn ca_pem(store: &Store, now: SimTime) -> String {
    let created = store.get(&ObjKey::new(Kind::Namespace, "", "kube-system")).and_then(|o| o.meta().creation_timestamp.as_ref()).map_or(now.secs(), |t| t.0.as_second());
    crate::pki::root_ca_pem(created)
}

/// syncNamespace: create the ConfigMap, or restore its data and description.
pub fn reconcile(store: &Store, key: &ObjKey, now: SimTime) -> Reconciled {
    let mut r = Reconciled::default();
    let ns = &key.name;
    if !super::serviceaccount::active(store, ns) {
        return r;
    }
    let data: BTreeMap<String, String> = [("ca.crt".to_string(), ca_pem(store, now))].into();
    match store.get(&ObjKey::new(Kind::ConfigMap, ns, ROOT_CA_CONFIGMAP)) {
        None => {
            let annotations = [(DESCRIPTION_ANNOTATION.to_string(), DESCRIPTION.to_string())].into();
            let cm = core::ConfigMap {
                metadata: ObjectMeta { name: Some(ROOT_CA_CONFIGMAP.into()), namespace: Some(ns.clone()), annotations: Some(annotations), ..Default::default() },
                data: Some(data),
                ..Default::default()
            };
            r.writes.push(Write::Create(Object::ConfigMap(Box::new(cm))));
        }
        Some(Object::ConfigMap(cm)) => {
            let described = cm.metadata.annotations.as_ref().and_then(|a| a.get(DESCRIPTION_ANNOTATION)).is_some_and(|d| !d.is_empty());
            if cm.data.as_ref() == Some(&data) && described {
                return r;
            }
            let mut cm = cm.as_ref().clone();
            cm.data = Some(data);
            cm.metadata.annotations.get_or_insert_with(BTreeMap::new).insert(DESCRIPTION_ANNOTATION.into(), DESCRIPTION.into());
            r.writes.push(Write::Update(Object::ConfigMap(Box::new(cm))));
        }
        Some(_) => {}
    }
    r
}
