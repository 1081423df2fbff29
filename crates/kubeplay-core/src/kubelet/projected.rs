//! Projected and downward API volumes (pkg/volume/projected, pkg/volume/downwardapi): the payload
//! of one directory assembled from Secret, ConfigMap, downward API and service-account token
//! sources, and the mount errors the kubelet reports when a source is missing. (resourceFieldRef
//! items are not written: no quantity arithmetic yet.)

use super::atomic::{Content, Payload};
use super::payload::{source_into, Sources};
use super::setup::field_value;
use crate::api::{Kind, Object};
use crate::store::Store;
use k8s_openapi::api::core::v1 as core;
use std::collections::BTreeMap;

/// The payload of a projected volume, sources in order (defaultMode 0644 unless set), or why it
/// cannot be set up: the errors of all sources, aggregated as utilerrors.NewAggregate prints them.
pub fn payload(src: &mut Sources, pod: &core::Pod, p: &core::ProjectedVolumeSource) -> Result<Payload, String> {
    let mode = p.default_mode.unwrap_or(0o644);
    // Each source adds its files here; an error anywhere fails the whole volume, so files of a
    // source that failed half-way are never seen.
    let mut out = Payload::new();
    let mut errs = Vec::new();
    for s in p.sources.iter().flatten() {
        let part = if let Some(sec) = &s.secret {
            source_into(src, &mut out, Kind::Secret, &sec.name, sec.items.as_deref(), Some(mode), sec.optional == Some(true))
        } else if let Some(cm) = &s.config_map {
            source_into(src, &mut out, Kind::ConfigMap, &cm.name, cm.items.as_deref(), Some(mode), cm.optional == Some(true))
        } else if let Some(d) = &s.downward_api {
            downward_into(&mut out, pod, d.items.as_deref().unwrap_or(&[]), Some(mode));
            Ok(())
        } else if let Some(tp) = &s.service_account_token {
            let key = (tp.audience.clone().unwrap_or_default(), tp.expiration_seconds.unwrap_or(3600));
            let cached = src.tokens.get(&key).cloned();
            match cached.or_else(|| token(src.store, pod, tp, src.started_s)) {
                Some(t) => {
                    src.tokens.insert(key, t.clone());
                    out.insert(tp.path.clone(), (t, mode as u32));
                    Ok(())
                }
                None => {
                    let sa = pod.spec.as_ref().and_then(|s| s.service_account_name.as_deref()).unwrap_or_default();
                    Err(format!("failed to fetch token: serviceaccounts \"{sa}\" not found"))
                }
            }
        } else {
            Ok(())
        };
        if let Err(e) = part {
            errs.push(e);
        }
    }
    match errs.len() {
        0 => Ok(out),
        1 => Err(errs.remove(0)),
        _ => Err(format!("[{}]", errs.join(", "))),
    }
}

/// A downwardAPI volume or projection: each item's field as a file.
pub fn downward(pod: &core::Pod, items: &[core::DownwardAPIVolumeFile], default_mode: Option<i32>) -> Payload {
    let mut out = Payload::new();
    downward_into(&mut out, pod, items, default_mode);
    out
}

/// `downward`, adding the files to `out`.
fn downward_into(out: &mut Payload, pod: &core::Pod, items: &[core::DownwardAPIVolumeFile], default_mode: Option<i32>) {
    let mode = default_mode.unwrap_or(0o644);
    // Only the two addresses are read: the status (with every container's) is not copied for them.
    let st = pod.status.as_ref();
    let pod_ip = st.and_then(|s| s.pod_ip.as_deref()).unwrap_or_default();
    let host_ip = st.and_then(|s| s.host_ip.as_deref()).unwrap_or_default();
    for it in items {
        let value = if let Some(f) = &it.field_ref {
            match f.field_path.as_str() {
                "metadata.labels" => format_map(pod.metadata.labels.as_ref()),
                "metadata.annotations" => format_map(pod.metadata.annotations.as_ref()),
                path => field_value(pod, path, pod_ip, host_ip),
            }
        } else {
            // resourceFieldRef needs quantity arithmetic (divisors, rounding up) kubeplay does
            // not model yet; like the env var, the item is left out.
            continue;
        };
        out.insert(it.path.clone(), (value.into_bytes().into(), it.mode.unwrap_or(mode) as u32));
    }
}

/// fieldpath.FormatMap: sorted `key="value"` lines (Go's %q), no trailing newline.
fn format_map(m: Option<&BTreeMap<String, String>>) -> String {
    m.into_iter().flatten().map(|(k, v)| format!("{k}={}", crate::api::errors::go_quote(v))).collect::<Vec<_>>().join("\n")
}

/// The token TokenRequest returns for this pod's account, issued when the pod started (`issued`,
/// Unix seconds); the kubelet's token manager keeps serving that one (rotation is not modelled).
/// Whether there is one is decided now; the JWT itself is signed when the volume is first read
/// (most pods never read it), from the claims as they are now.
fn token(store: &Store, pod: &core::Pod, tp: &core::ServiceAccountTokenProjection, issued: i64) -> Option<Content> {
    let ns = pod.metadata.namespace.as_deref().unwrap_or("default");
    let spec = pod.spec.as_ref()?;
    let sa_name = spec.service_account_name.as_deref()?;
    let sa = store.lookup(Kind::ServiceAccount, ns, sa_name)?;
    let node = spec.node_name.as_deref().and_then(|n| store.lookup(Kind::Node, "", n));
    let owned = |(a, b): (&str, &str)| (a.to_string(), b.to_string());
    let claims = Claims {
        namespace: ns.to_string(),
        service_account: owned((sa_name, sa.uid())),
        pod: owned((pod.metadata.name.as_deref().unwrap_or(""), pod.metadata.uid.as_deref().unwrap_or(""))),
        node: node.map(|n: &Object| owned((n.name(), n.uid()))),
        audience: tp.audience.clone().filter(|a| !a.is_empty()),
        issued_at: issued,
        expiration_seconds: tp.expiration_seconds.unwrap_or(3600),
    };
    Some(Content::lazy(move || crate::pki::service_account_token(&claims.as_token_claims()).into_bytes()))
}

/// `pki::TokenClaims` kept until the token is signed.
struct Claims {
    namespace: String,
    service_account: (String, String),
    pod: (String, String),
    node: Option<(String, String)>,
    /// The projection's audience; none (or empty) means the apiserver's own.
    audience: Option<String>,
    issued_at: i64,
    expiration_seconds: i64,
}

impl Claims {
    fn as_token_claims(&self) -> crate::pki::TokenClaims<'_> {
        crate::pki::TokenClaims {
            namespace: &self.namespace,
            service_account: pair(&self.service_account),
            pod: pair(&self.pod),
            node: self.node.as_ref().map(pair),
            audiences: vec![self.audience.as_deref().unwrap_or(crate::pki::ISSUER).to_string()],
            issued_at: self.issued_at,
            expiration_seconds: self.expiration_seconds,
        }
    }
}

fn pair((a, b): &(String, String)) -> (&str, &str) {
    (a, b)
}
