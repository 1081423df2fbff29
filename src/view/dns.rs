//! The cluster DNS's A records (`kubeplay_core::dns::records`), grouped by namespace and service:
//! each service's own record first, then its pods' records (headless services only).

use kubeplay_core::api::{Kind, ObjKey, Object};
use kubeplay_core::dns::DOMAIN;
use kubeplay_core::store::Store;

use super::{DnsRecord, MAX_DNS_RECORDS};

/// The records, and how many were left out past [`MAX_DNS_RECORDS`].
pub fn records(store: &Store) -> (Vec<DnsRecord>, usize) {
    let suffix = format!(".svc.{DOMAIN}");
    let mut out: Vec<DnsRecord> = kubeplay_core::dns::records(store)
        .into_iter()
        .filter_map(|r| {
            let labels: Vec<&str> = r.name.strip_suffix(&suffix)?.split('.').collect();
            let (hostname, service, namespace) = match labels[..] {
                [svc, ns] => (None, svc, ns),
                [host, svc, ns] => (Some(host.to_string()), svc, ns),
                _ => return None,
            };
            let headless = match store.get(&ObjKey::new(Kind::Service, namespace, service)) {
                Some(Object::Service(s)) => {
                    s.spec.as_ref().and_then(|sp| sp.cluster_ip.as_deref()) == Some("None")
                }
                _ => false,
            };
            Some(DnsRecord {
                namespace: namespace.to_string(),
                service: service.to_string(),
                hostname,
                headless,
                name: r.name,
                ip: r.ip,
            })
        })
        .collect();
    out.sort_by(|a, b| {
        let key = |r: &DnsRecord| {
            (
                r.namespace.clone(),
                r.service.clone(),
                r.hostname.clone(),
                r.ip.clone(),
            )
        };
        key(a).cmp(&key(b))
    });
    let more = out.len().saturating_sub(MAX_DNS_RECORDS);
    out.truncate(MAX_DNS_RECORDS);
    (out, more)
}
