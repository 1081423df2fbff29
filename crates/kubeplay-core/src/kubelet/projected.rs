//! Projected and downward API volumes (pkg/volume/projected, pkg/volume/downwardapi): one read-only
//! directory assembled from Secret, ConfigMap, downward API and service-account token sources, as
//! the kubelet writes it when it sets the volume up, and the mount errors it reports when a source
//! is missing. (resourceFieldRef items are not written: no quantity arithmetic yet.)

use super::setup::{data_of, field_value, project};
use super::vfs::Tree;
use crate::api::{Kind, ObjKey, Object};
use crate::store::Store;
use k8s_openapi::api::core::v1 as core;
use std::collections::BTreeMap;

/// Why the volume cannot be set up yet: the `MountVolume.SetUp failed ...` text, errors of all
/// sources aggregated as utilerrors.NewAggregate prints them.
pub fn missing(store: &Store, pod: &core::Pod, volume: &str, p: &core::ProjectedVolumeSource) -> Option<String> {
    let ns = pod.metadata.namespace.as_deref().unwrap_or("default");
    let mut errs = Vec::new();
    for s in p.sources.iter().flatten() {
        if let Some(sec) = &s.secret {
            let optional = sec.optional == Some(true);
            match store.get(&ObjKey::new(Kind::Secret, ns, &sec.name)) {
                None if !optional => errs.push(format!("secret \"{}\" not found", sec.name)),
                Some(o) if !optional => errs.extend(missing_key(&data_of(Some(o)), sec.items.as_deref(), "references non-existent secret key")),
                _ => {}
            }
        }
        if let Some(cm) = &s.config_map {
            let optional = cm.optional == Some(true);
            match store.get(&ObjKey::new(Kind::ConfigMap, ns, &cm.name)) {
                None if !optional => errs.push(format!("configmap \"{}\" not found", cm.name)),
                Some(o) if !optional => errs.extend(missing_key(&data_of(Some(o)), cm.items.as_deref(), "configmap references non-existent config key")),
                _ => {}
            }
        }
        if s.service_account_token.is_some() {
            let sa = pod.spec.as_ref().and_then(|s| s.service_account_name.clone()).unwrap_or_default();
            if store.get(&ObjKey::new(Kind::ServiceAccount, ns, &sa)).is_none() {
                errs.push(format!("failed to fetch token: serviceaccounts \"{sa}\" not found"));
            }
        }
    }
    let text = match errs.len() {
        0 => return None,
        1 => errs.remove(0),
        _ => format!("[{}]", errs.join(", ")),
    };
    Some(format!("MountVolume.SetUp failed for volume \"{volume}\" : {text}"))
}

/// MakePayload's error for an item naming a key the object does not have.
fn missing_key(data: &BTreeMap<String, Vec<u8>>, items: Option<&[core::KeyToPath]>, what: &str) -> Option<String> {
    items?.iter().find(|i| !data.contains_key(&i.key)).map(|i| format!("{what}: {}", i.key))
}

/// The files of a projected volume, sources in order (defaultMode 0644 unless set).
pub fn tree(store: &Store, pod: &core::Pod, p: &core::ProjectedVolumeSource, now: i64) -> Tree {
    let ns = pod.metadata.namespace.as_deref().unwrap_or("default");
    let mode = p.default_mode.unwrap_or(0o644);
    let mut t = Tree::default();
    let mut add = |from: Tree| {
        for (path, data) in from.files() {
            let m = from.get(path).map_or(mode as u32, |e| e.mode);
            t.put(path, data, m, now);
        }
    };
    for s in p.sources.iter().flatten() {
        if let Some(sec) = &s.secret {
            add(project(data_of(store.get(&ObjKey::new(Kind::Secret, ns, &sec.name))), sec.items.as_ref(), Some(mode), now));
        } else if let Some(cm) = &s.config_map {
            add(project(data_of(store.get(&ObjKey::new(Kind::ConfigMap, ns, &cm.name))), cm.items.as_ref(), Some(mode), now));
        } else if let Some(d) = &s.downward_api {
            add(downward(pod, d.items.as_deref().unwrap_or(&[]), Some(mode), now));
        } else if let Some(tp) = &s.service_account_token {
            if let Some(token) = token(store, pod, tp, now) {
                let mut one = Tree::default();
                one.put(&tp.path, token.as_bytes(), mode as u32, now);
                add(one);
            }
        }
    }
    t
}

/// A downwardAPI volume or projection: each item's field (or resource) as a file.
pub fn downward(pod: &core::Pod, items: &[core::DownwardAPIVolumeFile], default_mode: Option<i32>, now: i64) -> Tree {
    let mode = default_mode.unwrap_or(0o644);
    let st = pod.status.clone().unwrap_or_default();
    let (pod_ip, host_ip) = (st.pod_ip.unwrap_or_default(), st.host_ip.unwrap_or_default());
    let mut t = Tree::default();
    for it in items {
        let value = if let Some(f) = &it.field_ref {
            match f.field_path.as_str() {
                "metadata.labels" => format_map(pod.metadata.labels.as_ref()),
                "metadata.annotations" => format_map(pod.metadata.annotations.as_ref()),
                path => field_value(pod, path, &pod_ip, &host_ip),
            }
        } else {
            // resourceFieldRef needs quantity arithmetic (divisors, rounding up) kubeplay does
            // not model yet; like the env var, the item is left out.
            continue;
        };
        t.put(&it.path, value.as_bytes(), it.mode.unwrap_or(mode) as u32, now);
    }
    t
}

/// fieldpath.FormatMap: sorted `key="value"` lines (Go's %q), no trailing newline.
fn format_map(m: Option<&BTreeMap<String, String>>) -> String {
    m.into_iter().flatten().map(|(k, v)| format!("{k}={}", crate::api::errors::go_quote(v))).collect::<Vec<_>>().join("\n")
}

/// The token TokenRequest returns for this pod's account, issued when the pod started.
fn token(store: &Store, pod: &core::Pod, tp: &core::ServiceAccountTokenProjection, now: i64) -> Option<String> {
    let ns = pod.metadata.namespace.as_deref().unwrap_or("default");
    let spec = pod.spec.as_ref()?;
    let sa_name = spec.service_account_name.as_deref()?;
    let sa = store.get(&ObjKey::new(Kind::ServiceAccount, ns, sa_name))?;
    let node = spec.node_name.as_deref().and_then(|n| store.get(&ObjKey::new(Kind::Node, "", n)));
    let issued = pod.status.as_ref().and_then(|s| s.start_time.as_ref()).map_or(now.div_euclid(1000), |t| t.0.as_second());
    let audiences = match tp.audience.as_deref() {
        Some(a) if !a.is_empty() => vec![a.to_string()],
        _ => vec![crate::pki::ISSUER.to_string()],
    };
    Some(crate::pki::service_account_token(&crate::pki::TokenClaims {
        namespace: ns,
        service_account: (sa_name, sa.uid()),
        pod: (pod.metadata.name.as_deref().unwrap_or(""), pod.metadata.uid.as_deref().unwrap_or("")),
        node: node.map(|n: &Object| (n.name(), n.uid())),
        audiences,
        issued_at: issued,
        expiration_seconds: tp.expiration_seconds.unwrap_or(3600),
    }))
}
