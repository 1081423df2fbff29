//! pkg/api/v1/endpoints RepackSubsets: an Endpoints object's subsets in their canonical layout
//! (one subset per set of addresses sharing the same ports), sorted as SortSubsets sorts them:
//! addresses by IP then target uid, ports and subsets by the md5 of their `%#v` spew dump
//! (hashutil.DeepHashObject). The dump is reproduced for these types only.

use k8s_openapi::api::core::v1::{EndpointAddress, EndpointPort, EndpointSubset};
use std::collections::BTreeMap;

/// RepackSubsets then SortSubsets.
pub fn repack(subsets: &[EndpointSubset]) -> Vec<EndpointSubset> {
    // Each address once (by IP and target uid), and per port the addresses offering it with their
    // readiness: not ready trumps ready.
    let mut addrs: Vec<EndpointAddress> = Vec::new();
    let mut by_port: Vec<(EndpointPort, BTreeMap<usize, bool>)> = Vec::new();
    for ss in subsets {
        for port in ss.ports.iter().flatten() {
            let lists = [(ss.addresses.as_deref().unwrap_or(&[]), true), (ss.not_ready_addresses.as_deref().unwrap_or(&[]), false)];
            for (list, ready) in lists {
                for a in list {
                    let i = match addrs.iter().position(|b| same_address(a, b)) {
                        Some(i) => i,
                        None => {
                            addrs.push(a.clone());
                            addrs.len() - 1
                        }
                    };
                    let j = match by_port.iter().position(|(p, _)| p == port) {
                        Some(j) => j,
                        None => {
                            by_port.push((port.clone(), BTreeMap::new()));
                            by_port.len() - 1
                        }
                    };
                    let was = by_port[j].1.entry(i).or_insert(ready);
                    *was = *was && ready;
                }
            }
        }
    }
    // Ports offered by exactly the same addresses (with the same readiness) share a subset.
    let mut groups: Vec<(BTreeMap<usize, bool>, Vec<EndpointPort>)> = Vec::new();
    for (port, set) in by_port {
        match groups.iter_mut().find(|(s, _)| *s == set) {
            Some(g) => g.1.push(port),
            None => groups.push((set, vec![port])),
        }
    }
    let mut out: Vec<EndpointSubset> = groups
        .into_iter()
        .map(|(set, ports)| {
            let pick = |ready: bool| -> Option<Vec<EndpointAddress>> {
                let v: Vec<EndpointAddress> = set.iter().filter(|(_, r)| **r == ready).map(|(i, _)| addrs[*i].clone()).collect();
                if v.is_empty() { None } else { Some(v) }
            };
            EndpointSubset { addresses: pick(true), not_ready_addresses: pick(false), ports: Some(ports) }
        })
        .collect();
    sort_subsets(&mut out);
    out
}

/// The addressKey of mapAddressByPort: IP and target uid.
fn same_address(a: &EndpointAddress, b: &EndpointAddress) -> bool {
    let uid = |x: &EndpointAddress| x.target_ref.as_ref().and_then(|t| t.uid.clone()).unwrap_or_default();
    a.ip == b.ip && uid(a) == uid(b)
}

/// SortSubsets. Hashes differ for different values, so the order is the same whatever sorting
/// algorithm Go's sort.Sort happens to use.
pub fn sort_subsets(subsets: &mut [EndpointSubset]) {
    for ss in subsets.iter_mut() {
        for list in [&mut ss.addresses, &mut ss.not_ready_addresses].into_iter().flatten() {
            list.sort_by(less_address_cmp);
        }
        if let Some(ports) = &mut ss.ports {
            ports.sort_by_cached_key(|p| md5::compute(dump_port(p, true)).0);
        }
    }
    subsets.sort_by_cached_key(|s| md5::compute(dump_subset(s)).0);
}

/// LessEndpointAddress: by IP bytes, then an address without a target first, then by target uid.
fn less_address_cmp(a: &EndpointAddress, b: &EndpointAddress) -> std::cmp::Ordering {
    use std::cmp::Ordering;
    a.ip.as_bytes().cmp(b.ip.as_bytes()).then_with(|| match (&a.target_ref, &b.target_ref) {
        (None, None) => Ordering::Equal,
        (Some(_), None) => Ordering::Greater,
        (None, Some(_)) => Ordering::Less,
        (Some(x), Some(y)) => x.uid.cmp(&y.uid),
    })
}

/// `(*string)value` or `(*string)<nil>`, as spew prints a *string field.
fn opt(s: &Option<String>) -> String {
    format!("(*string){}", s.as_deref().unwrap_or("<nil>"))
}

/// spew `%#v` of a v1.EndpointPort (`typed`: at top level, where its own type is printed).
fn dump_port(p: &EndpointPort, typed: bool) -> String {
    format!(
        "{}{{Name:(string){} Port:(int32){} Protocol:(v1.Protocol){} AppProtocol:{}}}",
        if typed { "(v1.EndpointPort)" } else { "" },
        p.name.as_deref().unwrap_or(""),
        p.port,
        p.protocol.as_deref().unwrap_or(""),
        opt(&p.app_protocol)
    )
}

fn dump_address(a: &EndpointAddress) -> String {
    let target = match &a.target_ref {
        None => "(*v1.ObjectReference)<nil>".to_string(),
        Some(t) => format!(
            "(*v1.ObjectReference){{Kind:(string){} Namespace:(string){} Name:(string){} UID:(types.UID){} APIVersion:(string){} ResourceVersion:(string){} FieldPath:(string){}}}",
            t.kind.as_deref().unwrap_or(""),
            t.namespace.as_deref().unwrap_or(""),
            t.name.as_deref().unwrap_or(""),
            t.uid.as_deref().unwrap_or(""),
            t.api_version.as_deref().unwrap_or(""),
            t.resource_version.as_deref().unwrap_or(""),
            t.field_path.as_deref().unwrap_or("")
        ),
    };
    format!("{{IP:(string){} Hostname:(string){} NodeName:{} TargetRef:{target}}}", a.ip, a.hostname.as_deref().unwrap_or(""), opt(&a.node_name))
}

/// A slice field: `([]T)<nil>` or `([]T)[e1 e2]` (elements without their type).
fn dump_list<T>(ty: &str, list: &Option<Vec<T>>, one: impl Fn(&T) -> String) -> String {
    match list {
        None => format!("([]{ty})<nil>"),
        Some(v) => format!("([]{ty})[{}]", v.iter().map(one).collect::<Vec<_>>().join(" ")),
    }
}

/// spew `%#v` of a v1.EndpointSubset at top level.
fn dump_subset(s: &EndpointSubset) -> String {
    format!(
        "(v1.EndpointSubset){{Addresses:{} NotReadyAddresses:{} Ports:{}}}",
        dump_list("v1.EndpointAddress", &s.addresses, dump_address),
        dump_list("v1.EndpointAddress", &s.not_ready_addresses, dump_address),
        dump_list("v1.EndpointPort", &s.ports, |p| dump_port(p, false))
    )
}

#[cfg(test)]
mod tests {
    use super::*;
    use k8s_openapi::api::core::v1::ObjectReference;

    fn port(name: &str, n: i32) -> EndpointPort {
        EndpointPort { name: Some(name.into()), port: n, protocol: Some("TCP".into()), app_protocol: None }
    }

    fn addr(ip: &str, uid: &str) -> EndpointAddress {
        EndpointAddress {
            ip: ip.into(),
            node_name: Some("kind-worker".into()),
            target_ref: Some(ObjectReference { kind: Some("Pod".into()), namespace: Some("default".into()), name: Some("web-0".into()), uid: Some(uid.into()), ..Default::default() }),
            ..Default::default()
        }
    }

    #[test]
    fn dumps_as_spew_prints_with_types() {
        assert_eq!(dump_port(&port("http", 80), true), "(v1.EndpointPort){Name:(string)http Port:(int32)80 Protocol:(v1.Protocol)TCP AppProtocol:(*string)<nil>}");
        let s = EndpointSubset { addresses: Some(vec![addr("10.244.1.2", "u1")]), not_ready_addresses: None, ports: Some(vec![port("", 80)]) };
        assert_eq!(
            dump_subset(&s),
            "(v1.EndpointSubset){Addresses:([]v1.EndpointAddress)[{IP:(string)10.244.1.2 Hostname:(string) NodeName:(*string)kind-worker TargetRef:(*v1.ObjectReference){Kind:(string)Pod Namespace:(string)default Name:(string)web-0 UID:(types.UID)u1 APIVersion:(string) ResourceVersion:(string) FieldPath:(string)}}] NotReadyAddresses:([]v1.EndpointAddress)<nil> Ports:([]v1.EndpointPort)[{Name:(string) Port:(int32)80 Protocol:(v1.Protocol)TCP AppProtocol:(*string)<nil>}]}"
        );
    }

    /// One subset per pod and port, as the controller builds them, repack into one subset of
    /// sorted addresses; a not-ready pod goes to notReadyAddresses.
    #[test]
    fn merges_pods_sharing_ports() {
        let one = |a: EndpointAddress, ready: bool, p: EndpointPort| {
            if ready {
                EndpointSubset { addresses: Some(vec![a]), not_ready_addresses: None, ports: Some(vec![p]) }
            } else {
                EndpointSubset { addresses: None, not_ready_addresses: Some(vec![a]), ports: Some(vec![p]) }
            }
        };
        let input = [
            one(addr("10.244.2.3", "b"), true, port("http", 80)),
            one(addr("10.244.2.3", "b"), true, port("metrics", 9090)),
            one(addr("10.244.1.9", "a"), true, port("http", 80)),
            one(addr("10.244.1.9", "a"), true, port("metrics", 9090)),
            one(addr("10.244.1.4", "c"), false, port("http", 80)),
            one(addr("10.244.1.4", "c"), false, port("metrics", 9090)),
        ];
        let out = repack(&input);
        assert_eq!(out.len(), 1);
        let ips = |l: &Option<Vec<EndpointAddress>>| l.iter().flatten().map(|a| a.ip.clone()).collect::<Vec<_>>();
        assert_eq!(ips(&out[0].addresses), ["10.244.1.9", "10.244.2.3"]);
        assert_eq!(ips(&out[0].not_ready_addresses), ["10.244.1.4"]);
        let mut names: Vec<_> = out[0].ports.iter().flatten().map(|p| p.name.clone().unwrap_or_default()).collect();
        assert_eq!(names.len(), 2);
        names.sort();
        assert_eq!(names, ["http", "metrics"]);
    }

    /// Ports are ordered by the md5 of their dump, not by name or number.
    #[test]
    fn orders_ports_by_their_hash() {
        let ports = [port("a", 1), port("b", 2), port("c", 3), port("d", 4)];
        let mut s = [EndpointSubset { addresses: Some(vec![addr("10.0.0.1", "u")]), not_ready_addresses: None, ports: Some(ports.to_vec()) }];
        sort_subsets(&mut s);
        let hashes: Vec<[u8; 16]> = s[0].ports.iter().flatten().map(|p| md5::compute(dump_port(p, true)).0).collect();
        assert!(hashes.windows(2).all(|w| w[0] < w[1]));
    }
}
