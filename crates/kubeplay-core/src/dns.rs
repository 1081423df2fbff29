//! Cluster DNS as CoreDNS serves it from Services and EndpointSlices (cluster domain `cluster.local`):
//! ClusterIP A records, headless records per ready endpoint, `<hostname>.<svc>` records, pod
//! `a-b-c-d.<ns>.pod` records, and the pod search path. A queryable view: the browser draws `records`.

use crate::api::{Kind, Object};
use crate::store::Store;
use k8s_openapi::api::discovery::v1::EndpointSlice;

pub const DOMAIN: &str = "cluster.local";
pub const SERVER_IP: &str = "10.96.0.10";
pub const SERVER_NAME: &str = "kube-dns.kube-system.svc.cluster.local";

/// One A record: name → IP.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord)]
pub struct Record {
    pub name: String,
    pub ip: String,
}

/// What a lookup found: the name that matched and its addresses with their reverse (PTR) names.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Answer {
    pub fqdn: String,
    pub addresses: Vec<(String, String)>,
}

fn slices_of<'a>(store: &'a Store, ns: &'a str, svc: &'a str) -> impl Iterator<Item = &'a EndpointSlice> + 'a {
    store.list(Kind::EndpointSlice, Some(ns)).filter_map(move |o| match o {
        Object::EndpointSlice(s) if s.metadata.labels.as_ref().and_then(|l| l.get("kubernetes.io/service-name")).map(String::as_str) == Some(svc) => Some(s.as_ref()),
        _ => None,
    })
}

/// Ready endpoints of a service: (ip, hostname), in slice order.
pub fn ready_endpoints(store: &Store, ns: &str, svc: &str) -> Vec<(String, Option<String>)> {
    let mut out = Vec::new();
    for s in slices_of(store, ns, svc) {
        for e in &s.endpoints {
            // CoreDNS skips endpoints whose ready condition is false.
            if e.conditions.as_ref().and_then(|c| c.ready) == Some(false) {
                continue;
            }
            for ip in &e.addresses {
                out.push((ip.clone(), e.hostname.clone()));
            }
        }
    }
    out
}

/// Every A record the cluster DNS serves now, sorted by name then IP.
pub fn records(store: &Store) -> Vec<Record> {
    let mut out = Vec::new();
    for o in store.list(Kind::Service, None) {
        let Object::Service(s) = o else { continue };
        let (ns, name) = (o.namespace(), o.name());
        let base = format!("{name}.{ns}.svc.{DOMAIN}");
        let cluster_ip = s.spec.as_ref().and_then(|sp| sp.cluster_ip.clone()).unwrap_or_default();
        if cluster_ip != "None" && !cluster_ip.is_empty() {
            out.push(Record { name: base, ip: cluster_ip });
            continue;
        }
        for (ip, host) in ready_endpoints(store, ns, name) {
            if let Some(h) = host {
                out.push(Record { name: format!("{h}.{base}"), ip: ip.clone() });
            }
            out.push(Record { name: base.clone(), ip });
        }
    }
    out.sort();
    out.dedup();
    out
}

fn ptr_name(store: &Store, ip: &str) -> String {
    for o in store.list(Kind::Service, None) {
        if let Object::Service(s) = o {
            if s.spec.as_ref().and_then(|sp| sp.cluster_ip.as_deref()) == Some(ip) {
                return format!("{}.{}.svc.{DOMAIN}", o.name(), o.namespace());
            }
        }
    }
    for o in store.list(Kind::EndpointSlice, None) {
        let Object::EndpointSlice(s) = o else { continue };
        let svc = s.metadata.labels.as_ref().and_then(|l| l.get("kubernetes.io/service-name")).cloned().unwrap_or_default();
        for e in &s.endpoints {
            if e.addresses.iter().any(|a| a == ip) {
                let host = e.hostname.clone().unwrap_or_else(|| ip.replace('.', "-"));
                return format!("{host}.{svc}.{}.svc.{DOMAIN}", o.namespace());
            }
        }
    }
    format!("{}.{}", ip.replace('.', "-"), DOMAIN)
}

/// Looks up one fully qualified name (no search path).
pub fn lookup_fqdn(store: &Store, fqdn: &str) -> Option<Answer> {
    let name = fqdn.trim_end_matches('.');
    let labels: Vec<&str> = name.split('.').collect();
    let n = labels.len();
    if n < 2 || labels[n - 2..] != ["cluster", "local"] {
        return None;
    }
    // <svc>.<ns>.svc.cluster.local or <host>.<svc>.<ns>.svc.cluster.local
    let ips: Vec<String> = if n == 5 && labels[2] == "svc" || n == 6 && labels[3] == "svc" {
        records(store).into_iter().filter(|r| r.name == name).map(|r| r.ip).collect()
    } else if n == 5 && labels[2] == "pod" {
        let ip = labels[0].replace('-', ".");
        let exists = store.list(Kind::Pod, Some(labels[1])).any(|o| matches!(o, Object::Pod(p) if p.status.as_ref().and_then(|s| s.pod_ip.as_deref()) == Some(ip.as_str())));
        if exists { vec![ip] } else { vec![] }
    } else {
        vec![]
    };
    if ips.is_empty() {
        return None;
    }
    let addresses = ips.into_iter().map(|ip| {
        let ptr = ptr_name(store, &ip);
        (ip, ptr)
    });
    Some(Answer { fqdn: name.to_string(), addresses: addresses.collect() })
}

/// A pod's resolv.conf search path (dnsPolicy ClusterFirst).
pub fn search_path(ns: &str) -> Vec<String> {
    vec![format!("{ns}.svc.{DOMAIN}"), format!("svc.{DOMAIN}"), DOMAIN.to_string()]
}

/// Resolves `name` as a pod in `ns` would (ndots:5: names with fewer than five dots try the search
/// path first). Returns the candidates tried and the answer, if any.
pub fn resolve(store: &Store, ns: &str, name: &str) -> (Vec<String>, Option<Answer>) {
    let mut tried = Vec::new();
    if let Some(abs) = name.strip_suffix('.') {
        tried.push(abs.to_string());
        return (tried, lookup_fqdn(store, abs));
    }
    let dots = name.matches('.').count();
    let mut candidates: Vec<String> = Vec::new();
    if dots >= 5 {
        candidates.push(name.to_string());
    }
    candidates.extend(search_path(ns).into_iter().map(|d| format!("{name}.{d}")));
    if dots < 5 {
        candidates.push(name.to_string());
    }
    for c in candidates {
        tried.push(c.clone());
        if let Some(a) = lookup_fqdn(store, &c) {
            return (tried, Some(a));
        }
    }
    (tried, None)
}

/// Whether `s` is an IPv4 literal.
pub fn is_ip(s: &str) -> bool {
    let parts: Vec<&str> = s.split('.').collect();
    parts.len() == 4 && parts.iter().all(|p| !p.is_empty() && p.len() <= 3 && p.parse::<u8>().is_ok())
}
