//! Preparing a container: volumes the pod mounts (and whether their sources exist yet) and the
//! environment (`env`, `valueFrom`, `envFrom`), with the kubelet's error texts when a source is missing.

use super::vfs::{Backing, Mount, Tree, VolumeId};
use crate::api::{Kind, ObjKey, Object};
use crate::store::Store;
use k8s_openapi::api::core::v1 as core;
use std::collections::BTreeMap;

/// The first volume whose source is missing: (volume name, `MountVolume.SetUp failed ...` text).
pub fn missing_volume(store: &Store, pod: &core::Pod) -> Option<String> {
    let ns = pod.metadata.namespace.as_deref().unwrap_or("default");
    for v in pod.spec.iter().flat_map(|s| s.volumes.iter().flatten()) {
        if let Some(s) = &v.secret {
            let name = s.secret_name.clone().unwrap_or_default();
            if s.optional != Some(true) && store.get(&ObjKey::new(Kind::Secret, ns, &name)).is_none() {
                return Some(format!("MountVolume.SetUp failed for volume \"{}\" : secret \"{}\" not found", v.name, name));
            }
        }
        if let Some(cm) = &v.config_map {
            if cm.optional != Some(true) && store.get(&ObjKey::new(Kind::ConfigMap, ns, &cm.name)).is_none() {
                return Some(format!("MountVolume.SetUp failed for volume \"{}\" : configmap \"{}\" not found", v.name, cm.name));
            }
        }
        if let Some(p) = &v.projected {
            if let Some(msg) = super::projected::missing(store, pod, &v.name, p) {
                return Some(msg);
            }
        }
    }
    None
}

pub(super) fn data_of(obj: Option<&Object>) -> BTreeMap<String, Vec<u8>> {
    match obj {
        Some(Object::Secret(s)) => {
            let mut m: BTreeMap<String, Vec<u8>> = s.data.iter().flatten().map(|(k, v)| (k.clone(), v.0.clone())).collect();
            for (k, v) in s.string_data.iter().flatten() {
                m.insert(k.clone(), v.clone().into_bytes());
            }
            m
        }
        Some(Object::ConfigMap(c)) => {
            let mut m: BTreeMap<String, Vec<u8>> = c.data.iter().flatten().map(|(k, v)| (k.clone(), v.clone().into_bytes())).collect();
            for (k, v) in c.binary_data.iter().flatten() {
                m.insert(k.clone(), v.0.clone());
            }
            m
        }
        _ => BTreeMap::new(),
    }
}

pub(super) fn project(data: BTreeMap<String, Vec<u8>>, items: Option<&Vec<core::KeyToPath>>, default_mode: Option<i32>, now: i64) -> Tree {
    let mode = default_mode.unwrap_or(0o644) as u32;
    let mut t = Tree::default();
    match items {
        Some(items) => {
            for it in items {
                if let Some(d) = data.get(&it.key) {
                    t.put(&it.path, d, it.mode.map_or(mode, |m| m as u32), now);
                }
            }
        }
        None => {
            for (k, d) in &data {
                t.put(k, d, mode, now);
            }
        }
    }
    t
}

/// The mounts of `ctr`, resolved against the pod's volumes.
pub fn mounts(store: &Store, pod: &core::Pod, ctr: &core::Container, pv_of_claim: &dyn Fn(&str) -> Option<String>, now: i64) -> Vec<Mount> {
    let ns = pod.metadata.namespace.as_deref().unwrap_or("default");
    let uid = pod.metadata.uid.clone().unwrap_or_default();
    let volumes: Vec<&core::Volume> = pod.spec.iter().flat_map(|s| s.volumes.iter().flatten()).collect();
    let mut out = Vec::new();
    for vm in ctr.volume_mounts.iter().flatten() {
        let Some(v) = volumes.iter().find(|v| v.name == vm.name) else { continue };
        let backing = if let Some(s) = &v.secret {
            let name = s.secret_name.clone().unwrap_or_default();
            Backing::Projected(project(data_of(store.get(&ObjKey::new(Kind::Secret, ns, &name))), s.items.as_ref(), s.default_mode, now))
        } else if let Some(cm) = &v.config_map {
            Backing::Projected(project(data_of(store.get(&ObjKey::new(Kind::ConfigMap, ns, &cm.name))), cm.items.as_ref(), cm.default_mode, now))
        } else if let Some(p) = &v.projected {
            Backing::Projected(super::projected::tree(store, pod, p, now))
        } else if let Some(d) = &v.downward_api {
            Backing::Projected(super::projected::downward(pod, d.items.as_deref().unwrap_or(&[]), d.default_mode, now))
        } else if let Some(c) = &v.persistent_volume_claim {
            match pv_of_claim(&c.claim_name) {
                Some(pv) => Backing::Volume(VolumeId::Persistent(pv)),
                None => Backing::Volume(VolumeId::EmptyDir(uid.clone(), v.name.clone())),
            }
        } else {
            // emptyDir, and any volume type kubeplay does not model, is a per-pod directory.
            Backing::Volume(VolumeId::EmptyDir(uid.clone(), v.name.clone()))
        };
        let read_only = vm.read_only == Some(true) || matches!(backing, Backing::Projected(_));
        let path = format!("/{}", vm.mount_path.trim_matches('/'));
        out.push(Mount { path, backing, read_only, sub_path: vm.sub_path.clone().unwrap_or_default() });
    }
    out
}

/// A missing env source: the `Failed` event text (`Error: configmap "x" not found`).
pub type EnvError = String;

/// The container's environment in the order the kubelet builds it: envFrom, then env (later wins).
pub fn environment(store: &Store, pod: &core::Pod, ctr: &core::Container, pod_ip: &str, node_ip: &str) -> Result<Vec<(String, String)>, EnvError> {
    let ns = pod.metadata.namespace.as_deref().unwrap_or("default");
    let mut env: Vec<(String, String)> = Vec::new();
    let set = |env: &mut Vec<(String, String)>, k: String, v: String| {
        env.retain(|(n, _)| *n != k);
        env.push((k, v));
    };
    for from in ctr.env_from.iter().flatten() {
        let prefix = from.prefix.clone().unwrap_or_default();
        if let Some(r) = &from.config_map_ref {
            match store.get(&ObjKey::new(Kind::ConfigMap, ns, &r.name)) {
                Some(o) => data_of(Some(o)).into_iter().for_each(|(k, v)| set(&mut env, format!("{prefix}{k}"), String::from_utf8_lossy(&v).into_owned())),
                None if r.optional == Some(true) => {}
                None => return Err(format!("configmap \"{}\" not found", r.name)),
            }
        }
        if let Some(r) = &from.secret_ref {
            match store.get(&ObjKey::new(Kind::Secret, ns, &r.name)) {
                Some(o) => data_of(Some(o)).into_iter().for_each(|(k, v)| set(&mut env, format!("{prefix}{k}"), String::from_utf8_lossy(&v).into_owned())),
                None if r.optional == Some(true) => {}
                None => return Err(format!("secret \"{}\" not found", r.name)),
            }
        }
    }
    for e in ctr.env.iter().flatten() {
        let value = match (&e.value, &e.value_from) {
            (_, Some(from)) => match value_from(store, pod, ns, from, pod_ip, node_ip)? {
                Some(v) => v,
                None => continue,
            },
            (Some(v), None) => expand_refs(v, &env),
            (None, None) => String::new(),
        };
        set(&mut env, e.name.clone(), value);
    }
    Ok(env)
}

/// `$(VAR)` references to earlier variables, as the kubelet expands them (`$$` escapes).
pub fn expand_refs(v: &str, env: &[(String, String)]) -> String {
    let mut out = String::new();
    let mut rest = v;
    while let Some(i) = rest.find('$') {
        out.push_str(&rest[..i]);
        let after = &rest[i + 1..];
        if let Some(a) = after.strip_prefix('$') {
            out.push('$');
            rest = a;
        } else if let Some(inner) = after.strip_prefix('(').and_then(|a| a.find(')').map(|j| (&a[..j], &a[j + 1..]))) {
            match env.iter().rev().find(|(k, _)| k == inner.0) {
                Some((_, val)) => out.push_str(val),
                None => {
                    out.push_str("$(");
                    out.push_str(inner.0);
                    out.push(')');
                }
            }
            rest = inner.1;
        } else {
            out.push('$');
            rest = after;
        }
    }
    out.push_str(rest);
    out
}

fn value_from(store: &Store, pod: &core::Pod, ns: &str, from: &core::EnvVarSource, pod_ip: &str, node_ip: &str) -> Result<Option<String>, EnvError> {
    if let Some(r) = &from.secret_key_ref {
        let obj = store.get(&ObjKey::new(Kind::Secret, ns, &r.name));
        if obj.is_none() {
            return if r.optional == Some(true) { Ok(None) } else { Err(format!("secret \"{}\" not found", r.name)) };
        }
        return match data_of(obj).get(&r.key) {
            Some(v) => Ok(Some(String::from_utf8_lossy(v).into_owned())),
            None if r.optional == Some(true) => Ok(None),
            None => Err(format!("couldn't find key {} in Secret {}/{}", r.key, ns, r.name)),
        };
    }
    if let Some(r) = &from.config_map_key_ref {
        let obj = store.get(&ObjKey::new(Kind::ConfigMap, ns, &r.name));
        if obj.is_none() {
            return if r.optional == Some(true) { Ok(None) } else { Err(format!("configmap \"{}\" not found", r.name)) };
        }
        return match data_of(obj).get(&r.key) {
            Some(v) => Ok(Some(String::from_utf8_lossy(v).into_owned())),
            None if r.optional == Some(true) => Ok(None),
            None => Err(format!("couldn't find key {} in ConfigMap {}/{}", r.key, ns, r.name)),
        };
    }
    if let Some(f) = &from.field_ref {
        return Ok(Some(field_value(pod, &f.field_path, pod_ip, node_ip)));
    }
    Ok(Some(String::new()))
}

/// The downward API's fieldRef paths.
pub(super) fn field_value(pod: &core::Pod, path: &str, pod_ip: &str, node_ip: &str) -> String {
    let m = &pod.metadata;
    let spec = pod.spec.as_ref();
    let bracket = |p: &str, prefix: &str| p.strip_prefix(prefix).and_then(|r| r.strip_suffix("']")).map(str::to_string);
    if let Some(k) = bracket(path, "metadata.labels['") {
        return m.labels.as_ref().and_then(|l| l.get(&k).cloned()).unwrap_or_default();
    }
    if let Some(k) = bracket(path, "metadata.annotations['") {
        return m.annotations.as_ref().and_then(|l| l.get(&k).cloned()).unwrap_or_default();
    }
    match path {
        "metadata.name" => m.name.clone().unwrap_or_default(),
        "metadata.namespace" => m.namespace.clone().unwrap_or_default(),
        "metadata.uid" => m.uid.clone().unwrap_or_default(),
        "spec.nodeName" => spec.and_then(|s| s.node_name.clone()).unwrap_or_default(),
        "spec.serviceAccountName" => spec.and_then(|s| s.service_account_name.clone()).unwrap_or_default(),
        "status.podIP" | "status.podIPs" => pod_ip.to_string(),
        "status.hostIP" | "status.hostIPs" => node_ip.to_string(),
        _ => String::new(),
    }
}

/// The variables every container gets: HOSTNAME and the service links of the namespace
/// (`enableServiceLinks` defaults to true), plus the `kubernetes` service's.
pub fn base_environment(store: &Store, pod: &core::Pod, hostname: &str) -> Vec<(String, String)> {
    let mut env = vec![("HOSTNAME".to_string(), hostname.to_string())];
    let ns = pod.metadata.namespace.as_deref().unwrap_or("default");
    let links = pod.spec.as_ref().and_then(|s| s.enable_service_links).unwrap_or(true);
    for svc in store.list(Kind::Service, Some(ns)).chain(store.list(Kind::Service, Some("default")).filter(|s| s.name() == "kubernetes" && ns != "default")) {
        let Object::Service(s) = svc else { continue };
        let is_kubernetes = s.metadata.name.as_deref() == Some("kubernetes") && s.metadata.namespace.as_deref() == Some("default");
        if !links && !is_kubernetes {
            continue;
        }
        let Some(spec) = &s.spec else { continue };
        let ip = spec.cluster_ip.clone().unwrap_or_default();
        if ip.is_empty() || ip == "None" {
            continue;
        }
        let prefix = s.metadata.name.clone().unwrap_or_default().to_uppercase().replace('-', "_");
        let ports = spec.ports.clone().unwrap_or_default();
        let Some(first) = ports.first() else { continue };
        env.push((format!("{prefix}_SERVICE_HOST"), ip.clone()));
        env.push((format!("{prefix}_SERVICE_PORT"), first.port.to_string()));
        for p in &ports {
            if let Some(n) = &p.name {
                env.push((format!("{prefix}_SERVICE_PORT_{}", n.to_uppercase().replace('-', "_")), p.port.to_string()));
            }
        }
        let proto = first.protocol.clone().unwrap_or_else(|| "TCP".into());
        env.push((format!("{prefix}_PORT"), format!("{}://{}:{}", proto.to_lowercase(), ip, first.port)));
        for p in &ports {
            let proto = p.protocol.clone().unwrap_or_else(|| "TCP".into());
            let base = format!("{prefix}_PORT_{}_{}", p.port, proto);
            env.push((base.clone(), format!("{}://{}:{}", proto.to_lowercase(), ip, p.port)));
            env.push((format!("{base}_PROTO"), proto.to_lowercase()));
            env.push((format!("{base}_PORT"), p.port.to_string()));
            env.push((format!("{base}_ADDR"), ip.clone()));
        }
    }
    env
}
