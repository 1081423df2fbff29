//! What the control plane itself writes to kube-system as it comes up: the apiserver's ConfigMaps
//! `extension-apiserver-authentication` (pkg/controlplane/controller/clusterauthenticationtrust:
//! the client CA and the request-header settings kubeadm's flags give it) and
//! `kube-apiserver-legacy-service-account-token-tracking` (pkg/controlplane/controller/
//! legacytokentracking: the UTC date tracking began), and the ServiceAccount each
//! kube-controller-manager controller runs as (`--use-service-account-credentials=true`).

use crate::api::Object;
use k8s_openapi::api::core::v1::{ConfigMap, ServiceAccount};
use k8s_openapi::apimachinery::pkg::apis::meta::v1::ObjectMeta;
use std::collections::BTreeMap;

/// The request-header flags of kubeadm's kube-apiserver manifest (bootstrap_addons::static_pods),
/// as getConfigMapDataFor serializes them: JSON string lists. kubeadm sets no
/// `--requestheader-uid-headers`, and since v1.33 (RemoteRequestHeaderUID beta) the key is written
/// regardless, as the empty list combineUniqueStringSlices leaves.
const REQUEST_HEADER: &[(&str, &str)] = &[
    ("requestheader-allowed-names", "[\"front-proxy-client\"]"),
    ("requestheader-extra-headers-prefix", "[\"X-Remote-Extra-\"]"),
    ("requestheader-group-headers", "[\"X-Remote-Group\"]"),
    ("requestheader-uid-headers", "[]"),
    ("requestheader-username-headers", "[\"X-Remote-User\"]"),
];

fn config_map(name: &str, data: BTreeMap<String, String>) -> Object {
    let metadata = ObjectMeta { name: Some(name.into()), namespace: Some("kube-system".into()), ..Default::default() };
    Object::ConfigMap(Box::new(ConfigMap { metadata, data: Some(data), ..Default::default() }))
}

/// Both ConfigMaps, in the order the apiserver's post-start hooks make them; `now` is the
/// apiserver's start, when kubeadm had just made its CAs (Unix seconds).
pub(crate) fn apiserver_config_maps(now: i64) -> Vec<Object> {
    let mut auth: BTreeMap<String, String> = REQUEST_HEADER.iter().map(|(k, v)| (k.to_string(), v.to_string())).collect();
    auth.insert("client-ca-file".into(), crate::pki::root_ca_pem(now));
    auth.insert("requestheader-client-ca-file".into(), crate::pki::front_proxy_ca_pem(now));
    let c = crate::timefmt::civil(now);
    let since = format!("{:04}-{:02}-{:02}", c.year, c.month, c.day);
    vec![
        config_map("extension-apiserver-authentication", auth),
        config_map("kube-apiserver-legacy-service-account-token-tracking", [("since".to_string(), since)].into()),
    ]
}

/// The accounts kube-controller-manager v1.33 makes in kube-system, one per controller client
/// (SAControllerClientBuilder.ClientOrDie creates the account the first time a controller asks
/// for its client), for kubeadm's `--controllers=*,bootstrapsigner,tokencleaner`: every controller
/// enabled by default plus those two. Controllers share some accounts (node-controller serves
/// node IPAM, node lifecycle and taint eviction; certificate-controller the CSR signer, approver
/// and cleaner). The service-cidrs-controller runs since MultiCIDRServiceAllocator went GA in
/// v1.33; controllers behind gates still off in v1.33 (resource claims, VolumeAttributesClass
/// protection, device taints, SELinux warnings, storage version GC) make none. The cloud
/// service-lb controller's `service-controller` is left out: whether v1.33 asks for its client
/// before finding there is no cloud provider is not established.
const CONTROLLER_ACCOUNTS: &[&str] = &[
    "attachdetach-controller",
    "bootstrap-signer",
    "certificate-controller",
    "clusterrole-aggregation-controller",
    "cronjob-controller",
    "daemon-set-controller",
    "deployment-controller",
    "disruption-controller",
    "endpoint-controller",
    "endpointslice-controller",
    "endpointslicemirroring-controller",
    "ephemeral-volume-controller",
    "expand-controller",
    "generic-garbage-collector",
    "horizontal-pod-autoscaler",
    "job-controller",
    "legacy-service-account-token-cleaner",
    "namespace-controller",
    "node-controller",
    "persistent-volume-binder",
    "pod-garbage-collector",
    "pv-protection-controller",
    "pvc-protection-controller",
    "replicaset-controller",
    "replication-controller",
    "resourcequota-controller",
    "root-ca-cert-publisher",
    "service-account-controller",
    "service-cidrs-controller",
    "statefulset-controller",
    "token-cleaner",
    "ttl-after-finished-controller",
    "ttl-controller",
    "validatingadmissionpolicy-status-controller",
];

/// The controllers' accounts as getOrCreateServiceAccount makes them: a name in kube-system, nothing more.
pub(crate) fn controller_service_accounts() -> Vec<Object> {
    CONTROLLER_ACCOUNTS
        .iter()
        .map(|name| {
            let metadata = ObjectMeta { name: Some(name.to_string()), namespace: Some("kube-system".into()), ..Default::default() };
            Object::ServiceAccount(Box::new(ServiceAccount { metadata, ..Default::default() }))
        })
        .collect()
}
