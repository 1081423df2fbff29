//! `kubectl describe` for Service, Endpoints and EndpointSlice (describeService with its
//! `Endpoints:` line per port read from the Service's EndpointSlices, describeEndpoints,
//! describeEndpointSliceV1).

use super::describe_fmt::{self as f, Tab};
use super::Ctx;
use crate::api::{Kind, Object};
use k8s_openapi::api::core::v1 as core;
use k8s_openapi::api::discovery::v1 as disc;
use k8s_openapi::apimachinery::pkg::util::intstr::IntOrString;

pub fn service(ctx: &Ctx, o: &Object, s: &core::Service) -> String {
    let spec = s.spec.clone().unwrap_or_default();
    let mut w = Tab::default();
    f::name_namespace(&mut w, o);
    f::labels(&mut w, "Labels", s.metadata.labels.as_ref());
    f::annotations(&mut w, "Annotations", s.metadata.annotations.as_ref());
    let selector: Vec<String> = spec.selector.iter().flatten().map(|(k, v)| format!("{k}={v}")).collect();
    w.w(0, &format!("Selector:\t{}\n", if selector.is_empty() { "<none>".into() } else { selector.join(",") }));
    w.w(0, &format!("Type:\t{}\n", spec.type_.as_deref().unwrap_or("")));
    if let Some(p) = &spec.ip_family_policy {
        w.w(0, &format!("IP Family Policy:\t{p}\n"));
    }
    w.w(0, &format!("IP Families:\t{}\n", f::or_none(&spec.ip_families.clone().unwrap_or_default().join(","))));
    w.w(0, &format!("IP:\t{}\n", spec.cluster_ip.as_deref().unwrap_or("")));
    w.w(0, &format!("IPs:\t{}\n", f::or_none(&spec.cluster_ips.clone().unwrap_or_default().join(","))));
    if let Some(ips) = spec.external_ips.as_ref().filter(|v| !v.is_empty()) {
        w.w(0, &format!("External IPs:\t{}\n", ips.join(",")));
    }
    if let Some(name) = spec.external_name.as_ref().filter(|n| !n.is_empty()) {
        w.w(0, &format!("External Name:\t{name}\n"));
    }
    let slices = slices_of(ctx, s);
    for sp in spec.ports.iter().flatten() {
        let proto = sp.protocol.as_deref().unwrap_or("");
        let name = sp.name.clone().filter(|n| !n.is_empty()).unwrap_or_else(|| "<unset>".into());
        w.w(0, &format!("Port:\t{name}\t{}/{proto}\n", sp.port));
        let target = match &sp.target_port {
            Some(IntOrString::String(t)) => t.clone(),
            Some(IntOrString::Int(n)) => n.to_string(),
            None => "0".into(),
        };
        w.w(0, &format!("TargetPort:\t{target}/{proto}\n"));
        if let Some(a) = &sp.app_protocol {
            w.w(0, &format!("AppProtocol:\t{a}\n"));
        }
        if let Some(n) = sp.node_port.filter(|n| *n != 0) {
            w.w(0, &format!("NodePort:\t{name}\t{n}/{proto}\n"));
        }
        w.w(0, &format!("Endpoints:\t{}\n", format_slices(&slices, sp.name.as_deref().unwrap_or(""))));
    }
    w.w(0, &format!("Session Affinity:\t{}\n", spec.session_affinity.as_deref().unwrap_or("")));
    if let Some(p) = spec.external_traffic_policy.as_ref().filter(|p| !p.is_empty()) {
        w.w(0, &format!("External Traffic Policy:\t{p}\n"));
    }
    if let Some(p) = &spec.internal_traffic_policy {
        w.w(0, &format!("Internal Traffic Policy:\t{p}\n"));
    }
    f::events(&mut w, ctx, o);
    w.finish()
}

/// The Service's EndpointSlices (label `kubernetes.io/service-name`), in name order.
fn slices_of<'a>(ctx: &'a Ctx, s: &'a core::Service) -> Vec<&'a disc::EndpointSlice> {
    let name = s.metadata.name.as_deref().unwrap_or("");
    ctx.sim
        .cluster
        .store
        .list(Kind::EndpointSlice, s.metadata.namespace.as_deref())
        .filter_map(|o| if let Object::EndpointSlice(e) = o { Some(e.as_ref()) } else { None })
        .filter(|e| e.metadata.labels.as_ref().and_then(|l| l.get("kubernetes.io/service-name")).map(String::as_str) == Some(name))
        .collect()
}

/// formatEndpointSlices for one port name: the first three ready `ip:port` (bare IPs from a slice
/// without ports), `<none>` when the Service has no slice at all. `more` is set on reaching three
/// before the readiness check, as kubectl does.
fn format_slices(slices: &[&disc::EndpointSlice], port_name: &str) -> String {
    if slices.is_empty() {
        return "<none>".into();
    }
    const MAX: usize = 3;
    let (mut list, mut more, mut count) = (Vec::<String>::new(), false, 0);
    let ready = |e: &disc::Endpoint| e.conditions.as_ref().and_then(|c| c.ready).unwrap_or(true);
    for s in slices {
        let ports = s.ports.as_deref().unwrap_or(&[]);
        let wanted: Vec<Option<i32>> = if ports.is_empty() { vec![None] } else { ports.iter().filter(|p| p.name.as_deref().unwrap_or("") == port_name).map(|p| Some(p.port.unwrap_or(0))).collect() };
        for port in wanted {
            for e in &s.endpoints {
                if list.len() == MAX {
                    more = true;
                }
                if !ready(e) {
                    continue;
                }
                if !more {
                    let addr = e.addresses.first().cloned().unwrap_or_default();
                    list.push(match port {
                        Some(p) => format!("{addr}:{p}"),
                        None => addr,
                    });
                }
                count += 1;
            }
        }
    }
    let ret = list.join(",");
    if more { format!("{ret} + {} more...", count - MAX) } else { ret }
}

pub fn endpoints(ctx: &Ctx, o: &Object, e: &core::Endpoints) -> String {
    let mut w = Tab::default();
    f::name_namespace(&mut w, o);
    f::labels(&mut w, "Labels", e.metadata.labels.as_ref());
    f::annotations(&mut w, "Annotations", e.metadata.annotations.as_ref());
    w.w(0, "Subsets:\n");
    let ips = |l: &Option<Vec<core::EndpointAddress>>| f::or_none(&l.iter().flatten().map(|a| a.ip.as_str()).collect::<Vec<_>>().join(","));
    for ss in e.subsets.iter().flatten() {
        w.w(1, &format!("Addresses:\t{}\n", ips(&ss.addresses)));
        w.w(1, &format!("NotReadyAddresses:\t{}\n", ips(&ss.not_ready_addresses)));
        if let Some(ports) = ss.ports.as_ref().filter(|p| !p.is_empty()) {
            w.w(1, "Ports:\n");
            w.w(2, "Name\tPort\tProtocol\n");
            w.w(2, "----\t----\t--------\n");
            for p in ports {
                let name = p.name.clone().filter(|n| !n.is_empty()).unwrap_or_else(|| "<unset>".into());
                w.w(2, &format!("{name}\t{}\t{}\n", p.port, p.protocol.as_deref().unwrap_or("")));
            }
        }
        w.w(0, "\n");
    }
    f::events(&mut w, ctx, o);
    w.finish()
}

pub fn endpoint_slice(ctx: &Ctx, o: &Object, s: &disc::EndpointSlice) -> String {
    let mut w = Tab::default();
    f::name_namespace(&mut w, o);
    f::labels(&mut w, "Labels", s.metadata.labels.as_ref());
    f::annotations(&mut w, "Annotations", s.metadata.annotations.as_ref());
    w.w(0, &format!("AddressType:\t{}\n", s.address_type));
    match s.ports.as_deref() {
        None | Some([]) => w.w(0, "Ports: <unset>\n"),
        Some(ports) => {
            w.w(0, "Ports:\n");
            w.w(1, "Name\tPort\tProtocol\n");
            w.w(1, "----\t----\t--------\n");
            for p in ports {
                let name = p.name.clone().filter(|n| !n.is_empty()).unwrap_or_else(|| "<unset>".into());
                let port = p.port.map_or_else(|| "<unset>".into(), |n| n.to_string());
                w.w(1, &format!("{name}\t{port}\t{}\n", p.protocol.as_deref().unwrap_or("")));
            }
        }
    }
    if s.endpoints.is_empty() {
        w.w(0, "Endpoints: <none>\n");
    } else {
        w.w(0, "Endpoints:\n");
        for e in &s.endpoints {
            w.w(1, &format!("- Addresses:\t{}\n", f::or_none(&e.addresses.join(", "))));
            w.w(2, "Conditions:\n");
            let ready = e.conditions.as_ref().and_then(|c| c.ready).map_or_else(|| "<unset>".into(), |r| r.to_string());
            w.w(3, &format!("Ready:\t{ready}\n"));
            w.w(2, &format!("Hostname:\t{}\n", e.hostname.as_deref().unwrap_or("<unset>")));
            if let Some(t) = &e.target_ref {
                w.w(2, &format!("TargetRef:\t{}/{}\n", t.kind.as_deref().unwrap_or(""), t.name.as_deref().unwrap_or("")));
            }
            w.w(2, &format!("NodeName:\t{}\n", e.node_name.as_deref().unwrap_or("<unset>")));
            w.w(2, &format!("Zone:\t{}\n", e.zone.as_deref().unwrap_or("<unset>")));
        }
    }
    f::events(&mut w, ctx, o);
    w.finish()
}
