//! The ServiceAccount admission plugin (plugin/pkg/admission/serviceaccount/admission.go) on pod
//! create: the pod runs as `default` unless it names an account; the account must exist; its
//! imagePullSecrets are copied to a pod that has none; and unless automountServiceAccountToken is
//! false (the pod's choice wins over the account's), a `kube-api-access-<5>` projected volume —
//! the token, kube-root-ca.crt's `ca.crt`, the namespace — is mounted read-only at
//! /var/run/secrets/kubernetes.io/serviceaccount in every init container and container that has
//! nothing mounted there yet.

use crate::api::errors::{go_quote, ApiError};
use crate::api::{Kind, Object};
use crate::cluster::Cluster;
use k8s_openapi::api::core::v1 as core;

pub const DEFAULT_NAME: &str = "default";
/// DefaultAPITokenMountPath.
pub const TOKEN_MOUNT_PATH: &str = "/var/run/secrets/kubernetes.io/serviceaccount";
/// ServiceAccountVolumeName: the prefix of the generated volume name.
const VOLUME_PREFIX: &str = "kube-api-access";
/// The ConfigMap the root-ca-cert-publisher keeps in every namespace.
pub const ROOT_CA_CONFIGMAP: &str = "kube-root-ca.crt";
/// WarnOnlyBoundTokenExpirationSeconds: an hour and seven seconds, so the apiserver can tell these
/// tokens from ones a client asked for.
pub const WARN_ONLY_EXPIRATION_SECONDS: i64 = 3607;

/// Admits `pod` (a create) in the pod's namespace. `request_name` is the name as the request gave
/// it (the generateName prefix for a generated name), as admission errors quote it.
pub(crate) fn admit(c: &mut Cluster, pod: &mut core::Pod, request_name: &str) -> Result<(), ApiError> {
    // A mirror pod's spec is left as its kubelet wrote it (the kubelet would delete a pod whose
    // spec no longer matches its manifest): no account, no token.
    if pod.metadata.annotations.as_ref().is_some_and(|a| a.contains_key("kubernetes.io/config.mirror")) {
        return Ok(());
    }
    let ns = pod.metadata.namespace.clone().unwrap_or_else(|| "default".into());
    let Some(spec) = pod.spec.as_mut() else { return Ok(()) };
    // The v1 conversion reads the deprecated `serviceAccount` when `serviceAccountName` is empty.
    let name = [spec.service_account_name.as_deref(), spec.service_account.as_deref()].into_iter().flatten().find(|n| !n.is_empty()).unwrap_or(DEFAULT_NAME).to_string();
    spec.service_account_name = Some(name.clone());
    // Only two fields of the account are read; its pull secrets are copied only for a pod without any.
    let wants_secrets = spec.image_pull_secrets.as_ref().is_none_or(|s| s.is_empty());
    let (sa_automount, sa_secrets) = match c.store.lookup(Kind::ServiceAccount, &ns, &name) {
        Some(Object::ServiceAccount(sa)) => (sa.automount_service_account_token, if wants_secrets { sa.image_pull_secrets.clone() } else { None }),
        _ => {
            // getServiceAccount's NotFound for resource "serviceaccount", wrapped by NewForbidden.
            let name_q = go_quote(if request_name.is_empty() { "Unknown" } else { request_name });
            return Err(ApiError::Forbidden(format!(
                "pods {name_q} is forbidden: error looking up service account {ns}/{name}: serviceaccount {} not found",
                go_quote(&name)
            )));
        }
    };
    let automount = spec.automount_service_account_token.or(sa_automount).unwrap_or(true);
    if automount {
        mount_token(c, spec);
    }
    // mount_token leaves imagePullSecrets alone, so `wants_secrets` still holds.
    if let Some(secrets) = sa_secrets.filter(|s| !s.is_empty()) {
        spec.image_pull_secrets = Some(secrets);
    }
    Ok(())
}

/// mountServiceAccountToken: reuse a `kube-api-access-*` volume the pod already has, else generate
/// one (only if some container needs it).
fn mount_token(c: &mut Cluster, spec: &mut core::PodSpec) {
    let existing = spec.volumes.iter().flatten().find(|v| v.name.strip_prefix(VOLUME_PREFIX).is_some_and(|rest| rest.starts_with('-'))).map(|v| v.name.clone());
    let volume_name = match &existing {
        Some(n) => n.clone(),
        None => format!("{VOLUME_PREFIX}-{}", c.rng.name_suffix()),
    };
    let mount = core::VolumeMount { name: volume_name.clone(), read_only: Some(true), mount_path: TOKEN_MOUNT_PATH.into(), ..Default::default() };
    let mut needs_volume = false;
    for ctr in spec.init_containers.iter_mut().flatten().chain(spec.containers.iter_mut()) {
        let mounts = ctr.volume_mounts.get_or_insert_with(Vec::new);
        if !mounts.iter().any(|m| m.mount_path == TOKEN_MOUNT_PATH) {
            mounts.push(mount.clone());
            needs_volume = true;
        }
    }
    if existing.is_none() && needs_volume {
        spec.volumes.get_or_insert_with(Vec::new).push(core::Volume { name: volume_name, projected: Some(token_volume_source()), ..Default::default() });
    }
}

/// TokenVolumeSource.
pub fn token_volume_source() -> core::ProjectedVolumeSource {
    core::ProjectedVolumeSource {
        // "explicitly set default value, see #104464"
        default_mode: Some(0o644),
        sources: Some(vec![
            core::VolumeProjection {
                service_account_token: Some(core::ServiceAccountTokenProjection { path: "token".into(), expiration_seconds: Some(WARN_ONLY_EXPIRATION_SECONDS), audience: None }),
                ..Default::default()
            },
            core::VolumeProjection {
                config_map: Some(core::ConfigMapProjection {
                    name: ROOT_CA_CONFIGMAP.into(),
                    items: Some(vec![core::KeyToPath { key: "ca.crt".into(), path: "ca.crt".into(), mode: None }]),
                    optional: None,
                }),
                ..Default::default()
            },
            core::VolumeProjection {
                downward_api: Some(core::DownwardAPIProjection {
                    items: Some(vec![core::DownwardAPIVolumeFile {
                        path: "namespace".into(),
                        field_ref: Some(core::ObjectFieldSelector { api_version: Some("v1".into()), field_path: "metadata.namespace".into() }),
                        ..Default::default()
                    }]),
                }),
                ..Default::default()
            },
        ]),
    }
}
