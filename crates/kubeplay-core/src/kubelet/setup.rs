//! Preparing a container: the mounts it sees (its pod's volumes, subPaths) and the environment
//! (`env`, `valueFrom`, `envFrom`), with the kubelet's error texts when a source is missing.

use super::tree::Medium;
use super::vfs::{Backing, Layer, Mount, Tree, VolumeId};
use crate::api::{Kind, ObjKey, Object};
use crate::store::Store;
use k8s_openapi::api::core::v1 as core;
use std::collections::BTreeMap;
use std::rc::Rc;

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

/// The mounts of `ctr`, resolved against the pod's volumes. A volume the kubelet writes is
/// mounted whole and read-only, and follows its updates; mounted with a subPath it is a copy of
/// what the subPath resolved to (through the AtomicWriter's links) as the container starts.
pub fn mounts(pod: &core::Pod, ctr: &core::Container, pv_of_claim: &dyn Fn(&str) -> Option<String>, volumes_now: &BTreeMap<VolumeId, Layer>) -> Vec<Mount> {
    let uid = pod.metadata.uid.clone().unwrap_or_default();
    let volumes: Vec<&core::Volume> = pod.spec.iter().flat_map(|s| s.volumes.iter().flatten()).collect();
    let mut out = Vec::new();
    for vm in ctr.volume_mounts.iter().flatten() {
        let Some(v) = volumes.iter().find(|v| v.name == vm.name) else { continue };
        let mut sub_path = vm.sub_path.clone().unwrap_or_default();
        let backing = if super::payload::is_atomic(v) {
            let id = VolumeId::Atomic(uid.clone(), v.name.clone());
            // Only a subPath mount looks at what the volume holds now.
            match (!sub_path.is_empty()).then(|| volumes_now.get(&id)).flatten() {
                Some(layer) => {
                    let tree = layer.get();
                    sub_path = tree.resolve(sub_path.trim_matches('/'), true).unwrap_or(sub_path);
                    Backing::Projected(tree.clone())
                }
                None => Backing::Volume(id),
            }
        } else if let Some(c) = &v.persistent_volume_claim {
            match pv_of_claim(&c.claim_name) {
                Some(pv) => Backing::Volume(VolumeId::Persistent(pv)),
                None => Backing::Volume(VolumeId::EmptyDir(uid.clone(), v.name.clone())),
            }
        } else {
            // emptyDir, and any volume type kubeplay does not model, is a per-pod directory.
            Backing::Volume(VolumeId::EmptyDir(uid.clone(), v.name.clone()))
        };
        let read_only = vm.read_only == Some(true) || super::payload::is_atomic(v);
        let path = cat(&["/", vm.mount_path.trim_matches('/')]);
        out.push(Mount { path, backing, read_only, sub_path });
    }
    out
}

/// Creates the directories of the emptyDir and PersistentVolume mounts that have none yet, so
/// they show when they were made: an emptyDir on disk is mode 0777 (its perm constant), one with
/// `medium: Memory` a tmpfs mount (1777); local-path makes a claim's directory 0777.
pub fn create_volumes(volumes: &mut BTreeMap<VolumeId, Layer>, pod: &core::Pod, mounts: &[Mount], now: i64) {
    for m in mounts {
        let Backing::Volume(id) = &m.backing else { continue };
        let memory = match id {
            VolumeId::Atomic(..) => continue,
            VolumeId::EmptyDir(_, name) => pod.spec.iter().flat_map(|s| s.volumes.iter().flatten()).any(|v| &v.name == name && v.empty_dir.as_ref().and_then(|e| e.medium.as_deref()) == Some("Memory")),
            VolumeId::Persistent(_) => false,
        };
        let (medium, mode) = if memory { (Medium::Memory, 0o1777) } else { (Medium::Disk, 0o777) };
        volumes.entry(id.clone()).or_insert_with(|| Layer::new(Tree::new(medium, mode, now)));
    }
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
    let mut env = Vec::with_capacity(16);
    env.push(("HOSTNAME".to_string(), hostname.to_string()));
    env.extend(service_links(store, pod));
    env
}

/// The service-link variables (`{SVC}_SERVICE_HOST`, Docker links) `base_environment` lists after
/// HOSTNAME: the Services of the pod's namespace (unless enableServiceLinks is false) and the
/// `kubernetes` Service of `default`.
fn service_links(store: &Store, pod: &core::Pod) -> Vec<(String, String)> {
    let mut env = Vec::with_capacity(16);
    let (ns, links) = links_of(pod);
    for svc in linked_services(store, ns) {
        let Object::Service(s) = svc else { continue };
        let is_kubernetes = s.metadata.name.as_deref() == Some("kubernetes") && s.metadata.namespace.as_deref() == Some("default");
        if !links && !is_kubernetes {
            continue;
        }
        let Some(spec) = &s.spec else { continue };
        let ip = spec.cluster_ip.as_deref().unwrap_or_default();
        if ip.is_empty() || ip == "None" {
            continue;
        }
        let ports = spec.ports.as_deref().unwrap_or_default();
        let Some(first) = ports.first() else { continue };
        let prefix = env_name(s.metadata.name.as_deref().unwrap_or_default());
        let first_port = first.port.to_string();
        env.push((cat(&[&prefix, "_SERVICE_HOST"]), ip.to_string()));
        env.push((cat(&[&prefix, "_SERVICE_PORT"]), first_port.clone()));
        for p in ports {
            if let Some(n) = &p.name {
                env.push((cat(&[&prefix, "_SERVICE_PORT_", &env_name(n)]), p.port.to_string()));
            }
        }
        env.push((cat(&[&prefix, "_PORT"]), cat(&[&protocol(first).to_lowercase(), "://", ip, ":", &first_port])));
        for p in ports {
            docker_link(&mut env, &prefix, ip, p);
        }
    }
    env
}

/// The pod's namespace and whether its namespace's Services are linked (enableServiceLinks).
fn links_of(pod: &core::Pod) -> (&str, bool) {
    let ns = pod.metadata.namespace.as_deref().unwrap_or("default");
    (ns, pod.spec.as_ref().and_then(|s| s.enable_service_links).unwrap_or(true))
}

/// Every Service `service_links` reads, in its order: the namespace's, then `default/kubernetes`.
fn linked_services<'a>(store: &'a Store, ns: &'a str) -> impl Iterator<Item = &'a Object> + 'a {
    let kubernetes = (ns != "default").then(|| store.list(Kind::Service, Some("default")).filter(|s| s.name() == "kubernetes"));
    store.list(Kind::Service, Some(ns)).chain(kubernetes.into_iter().flatten())
}

/// `service_links` of each namespace (and enableServiceLinks value) as the last container start
/// there built them, with the resourceVersions of the Services they were built from: every pod of
/// a namespace gets the same variables, so they are built again only when a Service came, went or
/// changed (the versions differ then).
#[derive(Default)]
pub struct LinkCache(BTreeMap<String, [Option<Links>; 2]>);

/// One namespace's service-link variables and the versions of the Services read for them.
struct Links {
    versions: Vec<Option<String>>,
    vars: Rc<[(String, String)]>,
}

impl LinkCache {
    /// The service-link variables for `pod`, built only when the Services they come from changed.
    pub(super) fn get(&mut self, store: &Store, pod: &core::Pod) -> Rc<[(String, String)]> {
        let (ns, links) = links_of(pod);
        let cached = self.0.get(ns).and_then(|e| e[usize::from(links)].as_ref());
        if let Some(c) = cached.filter(|c| c.versions.iter().map(Option::as_deref).eq(linked_services(store, ns).map(|o| o.meta().resource_version.as_deref()))) {
            return c.vars.clone();
        }
        let vars: Rc<[(String, String)]> = service_links(store, pod).into();
        let versions = linked_services(store, ns).map(|o| o.meta().resource_version.clone()).collect();
        self.0.entry(ns.to_string()).or_default()[usize::from(links)] = Some(Links { versions, vars: vars.clone() });
        vars
    }
}

/// A service or port name as a variable name: upper case, `-` as `_`.
fn env_name(name: &str) -> String {
    if name.is_ascii() {
        // Object names nearly always are: no Unicode case tables.
        return name.bytes().map(|b| if b == b'-' { '_' } else { char::from(b.to_ascii_uppercase()) }).collect();
    }
    name.chars().flat_map(char::to_uppercase).map(|c| if c == '-' { '_' } else { c }).collect()
}

fn protocol(p: &core::ServicePort) -> &str {
    p.protocol.as_deref().unwrap_or("TCP")
}

/// The Docker-link variables of one port: `{SVC}_PORT_{port}_{PROTO}` and its `_PROTO`, `_PORT`
/// and `_ADDR`.
fn docker_link(env: &mut Vec<(String, String)>, prefix: &str, ip: &str, p: &core::ServicePort) {
    let proto = protocol(p);
    let lower = proto.to_lowercase();
    let port = p.port.to_string();
    let base = cat(&[prefix, "_PORT_", &port, "_", proto]);
    let url = cat(&[&lower, "://", ip, ":", &port]);
    let (proto_var, port_var, addr_var) = (cat(&[&base, "_PROTO"]), cat(&[&base, "_PORT"]), cat(&[&base, "_ADDR"]));
    env.push((base, url));
    env.push((proto_var, lower));
    env.push((port_var, port));
    env.push((addr_var, ip.to_string()));
}

/// The parts joined, in one allocation of the exact size: every container start builds these
/// names, and `format!` spent more on its machinery than on the bytes.
pub(super) fn cat(parts: &[&str]) -> String {
    let mut s = String::with_capacity(parts.iter().map(|p| p.len()).sum());
    for p in parts {
        s.push_str(p);
    }
    s
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::sim::Simulation;

    const SERVICES: &str = "kubectl create namespace team-a
kubectl apply -f - <<EOF
apiVersion: v1
kind: Service
metadata: {name: my-web, namespace: team-a}
spec:
  ports:
  - {name: http-alt, port: 8080, targetPort: 80}
  - {name: dns, port: 53, protocol: UDP}
  - {name: x-sctp, port: 9000, protocol: SCTP}
---
apiVersion: v1
kind: Service
metadata: {name: headless, namespace: team-a}
spec: {clusterIP: None, ports: [{port: 80}]}
---
apiVersion: v1
kind: Service
metadata: {name: db}
spec: {ports: [{port: 5432}]}
EOF
";

    /// The kubelet's service-link variables for my-web (three ports) then the kubernetes service.
    const MY_WEB_THEN_KUBERNETES: [&str; 27] = [
        "HOSTNAME", "MY_WEB_SERVICE_HOST", "MY_WEB_SERVICE_PORT", "MY_WEB_SERVICE_PORT_HTTP_ALT", "MY_WEB_SERVICE_PORT_DNS", "MY_WEB_SERVICE_PORT_X_SCTP", "MY_WEB_PORT",
        "MY_WEB_PORT_8080_TCP", "MY_WEB_PORT_8080_TCP_PROTO", "MY_WEB_PORT_8080_TCP_PORT", "MY_WEB_PORT_8080_TCP_ADDR",
        "MY_WEB_PORT_53_UDP", "MY_WEB_PORT_53_UDP_PROTO", "MY_WEB_PORT_53_UDP_PORT", "MY_WEB_PORT_53_UDP_ADDR",
        "MY_WEB_PORT_9000_SCTP", "MY_WEB_PORT_9000_SCTP_PROTO", "MY_WEB_PORT_9000_SCTP_PORT", "MY_WEB_PORT_9000_SCTP_ADDR",
        "KUBERNETES_SERVICE_HOST", "KUBERNETES_SERVICE_PORT", "KUBERNETES_SERVICE_PORT_HTTPS", "KUBERNETES_PORT",
        "KUBERNETES_PORT_443_TCP", "KUBERNETES_PORT_443_TCP_PROTO", "KUBERNETES_PORT_443_TCP_PORT", "KUBERNETES_PORT_443_TCP_ADDR",
    ];

    #[test]
    fn service_links_name_every_port_of_every_linked_service() {
        let mut sim = Simulation::new(1, 1_735_689_600_000);
        let t = sim.run_script(SERVICES);
        assert_eq!(t.status, 0, "{}", t.text());
        let store = &sim.cluster.store;
        for (ns, links) in [("team-a", None), ("team-a", Some(false)), ("default", None), ("default", Some(false)), ("empty", None)] {
            let pod = core::Pod {
                metadata: k8s_openapi::apimachinery::pkg::apis::meta::v1::ObjectMeta { name: Some("p".into()), namespace: Some(ns.into()), ..Default::default() },
                spec: Some(core::PodSpec { enable_service_links: links, ..Default::default() }),
                ..Default::default()
            };
            let env = base_environment(store, &pod, "p");
            if (ns, links) == ("team-a", None) {
                let names: Vec<&str> = env.iter().map(|(k, _)| k.as_str()).collect();
                assert_eq!(names, MY_WEB_THEN_KUBERNETES);
                let ip = &env[1].1;
                assert!(ip.starts_with("10.96.") && env.iter().filter(|(k, _)| k.ends_with("_ADDR") && k.starts_with("MY_WEB")).all(|(_, v)| v == ip));
                let value = |k: &str| env.iter().find(|(n, _)| n == k).map(|(_, v)| v.as_str());
                assert_eq!(value("MY_WEB_PORT_53_UDP"), Some(format!("udp://{ip}:53").as_str()));
                assert_eq!(value("MY_WEB_PORT_9000_SCTP_PROTO"), Some("sctp"));
                assert_eq!(value("MY_WEB_SERVICE_PORT_HTTP_ALT"), Some("8080"));
                assert_eq!(value("KUBERNETES_PORT"), Some("tcp://10.96.0.1:443"));
            }
            assert!(env.iter().any(|(k, _)| k == "KUBERNETES_PORT_443_TCP_ADDR"), "{ns} {links:?}");
            let linked = env.iter().any(|(k, v)| k == "MY_WEB_PORT_53_UDP" && v.starts_with("udp://"));
            assert_eq!(linked, ns == "team-a" && links.is_none(), "{ns} {links:?}");
        }
    }
}
