//! The objects a fresh kind cluster already has: namespaces, the default StorageClass, and the
//! `kubernetes` and `kube-dns` Services.

use crate::api::Object;
use crate::cluster::{Cluster, Write};
use crate::yaml::parse_document;

const BOOT: &[&str] = &[
    "apiVersion: v1\nkind: Namespace\nmetadata: {name: default}",
    "apiVersion: v1\nkind: Namespace\nmetadata: {name: kube-node-lease}",
    "apiVersion: v1\nkind: Namespace\nmetadata: {name: kube-public}",
    "apiVersion: v1\nkind: Namespace\nmetadata: {name: kube-system}",
    "apiVersion: storage.k8s.io/v1\nkind: StorageClass\nmetadata:\n  name: standard\n  annotations: {storageclass.kubernetes.io/is-default-class: \"true\"}\nprovisioner: rancher.io/local-path\nreclaimPolicy: Delete\nvolumeBindingMode: WaitForFirstConsumer",
    "apiVersion: v1\nkind: Service\nmetadata:\n  name: kubernetes\n  namespace: default\n  labels: {component: apiserver, provider: kubernetes}\nspec:\n  clusterIP: 10.96.0.1\n  ports: [{name: https, port: 443, protocol: TCP, targetPort: 6443}]",
    "apiVersion: v1\nkind: Service\nmetadata:\n  name: kube-dns\n  namespace: kube-system\n  labels: {k8s-app: kube-dns, kubernetes.io/cluster-service: \"true\", kubernetes.io/name: CoreDNS}\nspec:\n  clusterIP: 10.96.0.10\n  selector: {k8s-app: kube-dns}\n  ports:\n  - {name: dns, port: 53, protocol: UDP, targetPort: 53}\n  - {name: dns-tcp, port: 53, protocol: TCP, targetPort: 53}\n  - {name: metrics, port: 9153, protocol: TCP, targetPort: 9153}",
];

pub(crate) fn install(c: &mut Cluster) {
    for doc in BOOT {
        let Ok(value) = parse_document(doc) else { continue };
        let kind = crate::api::kinds::kind_from_manifest(
            value["apiVersion"].as_str().unwrap_or(""),
            value["kind"].as_str().unwrap_or(""),
        );
        if let Some(obj) = kind.and_then(|k| Object::from_value(k, value).ok()) {
            let _ = c.write(Write::Create(obj));
        }
    }
}
