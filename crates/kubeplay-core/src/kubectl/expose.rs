//! `kubectl expose TYPE NAME|TYPE/NAME|-f FILE [--port] [--target-port] [--name] [--type]
//! [--cluster-ip=None] ...` (pkg/cmd/expose/expose.go and the polymorphic helpers it calls): a
//! Service selecting what the object selects, on the object's ports unless `--port` says; and
//! the Service `kubectl run --expose` makes (the service/v2 generator).

use super::flags::{flag, multi, switch, FlagSpec};
use super::gen::{fields, meta, object, parse_labels, string};
use super::printobj::{self, DryRun};
use super::resources::targets;
use super::Ctx;
use crate::api::{Kind, ObjKey, Object};
use k8s_openapi::api::core::v1 as core;
use serde_json::{json, Value};
use std::collections::BTreeMap;

pub const FLAGS: &[FlagSpec] = &[
    flag("port", None),
    flag("target-port", None),
    flag("protocol", None),
    flag("name", None),
    flag("type", None),
    flag("selector", None),
    flag("labels", Some('l')),
    flag("cluster-ip", None),
    flag("external-ip", None),
    flag("load-balancer-ip", None),
    flag("session-affinity", None),
    multi("filename", Some('f')),
    switch("recursive", Some('R')),
    flag("field-manager", None),
    switch("save-config", None),
    printobj::OUTPUT,
    printobj::DRY_RUN,
];

/// What the Service generator takes (expose's options, or run's params).
#[derive(Default)]
pub struct ServiceParams {
    pub name: String,
    /// `k=v,...` as the options carry them; parsed (selector first) when the Service is built.
    pub selector: String,
    pub labels: String,
    /// Comma-separated ports (`80` or `80,443`), empty for a headless Service without ports.
    pub ports: String,
    /// Protocols per port number from the exposed object (`{"80": ["TCP"]}`).
    pub protocols: BTreeMap<String, Vec<String>>,
    pub protocol: String,
    pub target_port: String,
    pub type_: String,
    pub cluster_ip: String,
    pub external_ip: String,
    pub load_balancer_ip: String,
    pub session_affinity: String,
}

pub fn run(ctx: &mut Ctx) {
    let dry = match printobj::dry_run(ctx) {
        Ok(d) => d,
        Err(e) => return ctx.fail(e),
    };
    let printer = match printobj::printer(ctx) {
        Ok(p) => p,
        Err(e) => return ctx.fail(e),
    };
    let objects = match sources(ctx) {
        Ok(o) => o,
        Err(e) => return ctx.fail(e),
    };
    for obj in objects {
        match service_for(ctx, &obj) {
            Ok(svc) => {
                let svc = if dry == DryRun::Client && ctx.p.has("namespace") { super::run::with_namespace(svc, &ctx.namespace.clone()) } else { svc };
                let ns = ctx.namespace.clone();
                match super::send::create(ctx, Kind::Service, &ns, &svc, dry) {
                    Ok(made) => printobj::print(ctx, &printer, Kind::Service, &made, &printobj::operation("exposed", dry)),
                    Err(e) => return ctx.fail(e.render(None)),
                }
            }
            Err(e) => return ctx.fail(e),
        }
    }
}

/// The objects the arguments (or `-f`) name, as the builder visits them: live objects for
/// `TYPE NAME`, the manifests themselves for `-f`.
fn sources(ctx: &Ctx) -> Result<Vec<Object>, String> {
    let files = ctx.p.all("filename");
    if !files.is_empty() {
        let mut out = Vec::new();
        for f in files {
            let texts = if f == "-" { vec![("STDIN".to_string(), ctx.stdin.clone().unwrap_or_default())] } else { ctx.sim.files.read_manifests(&f)? };
            for (source, text) in texts {
                for d in crate::yaml::parse_stream(&text).into_iter().take(super::apply::MAX_DOCUMENTS) {
                    let v = d.value.map_err(|e| format!("error: error parsing {source}: error converting YAML to JSON: {e}"))?;
                    if v.is_null() {
                        continue;
                    }
                    let kind = crate::api::kinds::kind_from_manifest(v["apiVersion"].as_str().unwrap_or(""), v["kind"].as_str().unwrap_or(""));
                    let Some(kind) = kind else { continue };
                    out.push(Object::from_value(kind, v).map_err(|e| format!("error: {e}"))?);
                }
            }
        }
        return Ok(out);
    }
    let ts = targets(&ctx.p.args)?;
    if ts.is_empty() {
        return Err(super::resources::MISSING_RESOURCE.into());
    }
    let mut out = Vec::new();
    for t in ts {
        let Some(name) = t.name else { return Err("error: resource(s) were provided, but no name was specified".into()) };
        match ctx.sim.cluster.get(&ObjKey::new(t.kind, &ctx.namespace, &name)) {
            Some(o) => out.push(o.clone()),
            None => return Err(crate::api::errors::ApiError::not_found(t.kind, &name).render(None)),
        }
    }
    Ok(out)
}

/// RunExpose's visit of one object: the checks and introspection, then createService.
fn service_for(ctx: &Ctx, obj: &Object) -> Result<Value, String> {
    let kind = obj.kind();
    if !matches!(kind, Kind::Pod | Kind::Service | Kind::Deployment | Kind::ReplicaSet) {
        let g = kind.info().group;
        return Err(format!("error: cannot expose a {}{}", kind.info().name, if g.is_empty() { String::new() } else { format!(".{g}") }));
    }
    let p = &ctx.p;
    let get = |f: &str| p.get(f).unwrap_or("").to_string();
    let selector = match p.get("selector").filter(|s| !s.is_empty()) {
        Some(s) => s.to_string(),
        None => selector_of(obj).map_err(|e| format!("error: couldn't retrieve selectors via --selector flag or introspection: {e}"))?,
    };
    let cluster_ip = get("cluster-ip");
    let mut ports = get("port");
    if ports.is_empty() {
        let found = ports_of(obj);
        if found.is_empty() && cluster_ip != "None" {
            return Err("error: couldn't find port via --port flag or introspection".into());
        }
        ports = found.join(",");
    }
    let labels = match p.get("labels").filter(|l| !l.is_empty()) {
        Some(l) => l.to_string(),
        None => obj.labels().iter().map(|(k, v)| format!("{k}={v}")).collect::<Vec<_>>().join(","),
    };
    let name = match p.get("name").filter(|n| !n.is_empty()) {
        Some(n) => n.to_string(),
        // DNS1035LabelMaxLength: a long object name is cut to 63 characters.
        None => obj.name().chars().take(63).collect(),
    };
    let params = ServiceParams {
        name,
        selector,
        labels,
        ports,
        protocols: protocols_of(obj),
        protocol: get("protocol"),
        target_port: get("target-port"),
        type_: get("type"),
        cluster_ip,
        external_ip: get("external-ip"),
        load_balancer_ip: get("load-balancer-ip"),
        session_affinity: get("session-affinity"),
    };
    build(&params).map_err(|e| format!("error: {e}"))
}

/// mapBasedSelectorForObject, with its errors.
fn selector_of(obj: &Object) -> Result<String, String> {
    let join = |m: &BTreeMap<String, String>| m.iter().map(|(k, v)| format!("{k}={v}")).collect::<Vec<_>>().join(",");
    match obj {
        Object::Pod(p) => match p.metadata.labels.as_ref().filter(|l| !l.is_empty()) {
            Some(l) => Ok(join(l)),
            None => Err("the pod has no labels and cannot be exposed".into()),
        },
        Object::Service(s) => match s.spec.as_ref().and_then(|s| s.selector.as_ref()) {
            Some(sel) => Ok(join(sel)),
            None => Err("the service has no pod selector set".into()),
        },
        Object::Deployment(d) => match_labels(d.spec.as_ref().map(|s| &s.selector), "deployment"),
        Object::ReplicaSet(r) => match_labels(r.spec.as_ref().map(|s| &s.selector), "replicaset"),
        other => Err(format!("cannot extract pod selector from *v1.{}", other.kind().info().name)),
    }
}

fn match_labels(sel: Option<&k8s_openapi::apimachinery::pkg::apis::meta::v1::LabelSelector>, what: &str) -> Result<String, String> {
    let Some(labels) = sel.and_then(|s| s.match_labels.as_ref()).filter(|m| !m.is_empty()) else {
        return Err(format!("invalid {what}: no selectors, therefore cannot be exposed"));
    };
    if let Some(exprs) = sel.and_then(|s| s.match_expressions.as_ref()).filter(|e| !e.is_empty()) {
        // Go's %+v of the requirements.
        let items: Vec<String> = exprs.iter().map(|e| format!("{{Key:{} Operator:{} Values:[{}]}}", e.key, e.operator, e.values.clone().unwrap_or_default().join(" "))).collect();
        return Err(format!("couldn't convert expressions - \"[{}]\" to map-based selector format", items.join(" ")));
    }
    Ok(labels.iter().map(|(k, v)| format!("{k}={v}")).collect::<Vec<_>>().join(","))
}

fn pod_spec(obj: &Object) -> Option<&core::PodSpec> {
    match obj {
        Object::Pod(p) => p.spec.as_ref(),
        Object::Deployment(d) => d.spec.as_ref().and_then(|s| s.template.spec.as_ref()),
        Object::ReplicaSet(r) => r.spec.as_ref().and_then(|s| s.template.as_ref()).and_then(|t| t.spec.as_ref()),
        _ => None,
    }
}

/// portsForObject: the containers' ports (or a Service's), each number once, in order.
fn ports_of(obj: &Object) -> Vec<String> {
    let mut out: Vec<String> = Vec::new();
    let mut add = |n: i32| {
        let s = n.to_string();
        if !out.contains(&s) {
            out.push(s);
        }
    };
    if let Object::Service(s) = obj {
        s.spec.iter().flat_map(|s| s.ports.iter().flatten()).for_each(|p| add(p.port));
    } else if let Some(spec) = pod_spec(obj) {
        spec.containers.iter().flat_map(|c| c.ports.iter().flatten()).for_each(|p| add(p.container_port));
    }
    out
}

/// MultiProtocolsForObject: the protocols each port number is served with (TCP when unset).
fn protocols_of(obj: &Object) -> BTreeMap<String, Vec<String>> {
    let mut out: BTreeMap<String, Vec<String>> = BTreeMap::new();
    let pairs: Vec<(i32, Option<String>)> = match obj {
        Object::Service(s) => s.spec.iter().flat_map(|s| s.ports.iter().flatten()).map(|p| (p.port, p.protocol.clone())).collect(),
        _ => pod_spec(obj).into_iter().flat_map(|s| s.containers.iter().flat_map(|c| c.ports.iter().flatten())).map(|p| (p.container_port, p.protocol.clone())).collect(),
    };
    for (port, proto) in pairs {
        out.entry(port.to_string()).or_default().push(proto.unwrap_or_else(|| "TCP".into()));
    }
    out
}

/// createService: the Service as Go marshals it (kind and apiVersion set by the printer).
pub fn build(p: &ServiceParams) -> Result<Value, String> {
    if p.selector.is_empty() {
        return Err("selector must be specified".into());
    }
    let selector = parse_labels(&p.selector)?;
    let labels = if p.labels.is_empty() { BTreeMap::new() } else { parse_labels(&p.labels)? };
    let mut ports = Vec::new();
    if !p.ports.is_empty() {
        let list: Vec<&str> = p.ports.split(',').collect();
        for (i, s) in list.iter().enumerate() {
            let port: i32 = s.parse().map_err(|_| format!("strconv.Atoi: parsing {}: invalid syntax", crate::api::errors::go_quote(s)))?;
            let name = if list.len() > 1 { format!("port-{}", i + 1) } else { String::new() };
            let mut protocols = vec![if p.protocol.is_empty() { "TCP".to_string() } else { p.protocol.clone() }];
            if p.protocol.is_empty() && !p.protocols.is_empty() {
                if let Some(found) = p.protocols.get(*s) {
                    if found.len() > 1 {
                        protocols = found.clone();
                    } else {
                        protocols = vec![found[0].clone()];
                    }
                }
            }
            if protocols.len() > 1 {
                for proto in protocols {
                    ports.push((format!("port-{}-{}", i + 1, proto.to_lowercase()), port, proto));
                }
            } else {
                ports.push((name, port, protocols.remove(0)));
            }
        }
    }
    let target = |port: i32| -> Value {
        if p.target_port.is_empty() {
            return Value::from(port);
        }
        // intstr.Parse: a number when it parses as one.
        p.target_port.parse::<i32>().map(Value::from).unwrap_or_else(|_| Value::from(p.target_port.clone()))
    };
    let port_values: Vec<Value> = ports.iter().map(|(n, port, proto)| fields(vec![("name", string(n)), ("protocol", string(proto)), ("port", Some(Value::from(*port))), ("targetPort", Some(target(*port)))])).collect();
    let affinity = match p.session_affinity.as_str() {
        "" => None,
        "None" | "ClientIP" => Some(Value::from(p.session_affinity.clone())),
        other => return Err(format!("unknown session affinity: {other}")),
    };
    let spec = fields(vec![
        ("ports", (!port_values.is_empty()).then(|| Value::Array(port_values))),
        ("selector", super::gen::string_map(&selector)),
        ("clusterIP", string(&p.cluster_ip)),
        ("type", string(&p.type_)),
        ("externalIPs", (!p.external_ip.is_empty()).then(|| json!([p.external_ip]))),
        ("sessionAffinity", affinity),
        ("loadBalancerIP", if p.type_ == "LoadBalancer" { string(&p.load_balancer_ip) } else { None }),
    ]);
    Ok(object(Kind::Service, vec![("metadata", Some(meta(&p.name, "", &labels, &BTreeMap::new()))), ("spec", Some(spec)), ("status", Some(json!({"loadBalancer": {}})))]))
}
