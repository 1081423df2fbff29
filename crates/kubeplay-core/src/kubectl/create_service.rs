//! `kubectl create service clusterip|nodeport|loadbalancer|externalname NAME --tcp=PORT[:TARGET]...`
//! (pkg/cmd/create/create_service.go): a Service selecting `app=NAME`, ports named after their
//! `--tcp` spec; `--clusterip`, `--node-port` and `--external-name` where each type takes them.

use super::create_workload::{complete, enforced_namespace, name_arg};
use super::flags::{flag, multi, switch, FlagSpec};
use super::gen::{fields, meta, object, slice, string};
use super::printobj;
use super::{subcommand, Args, Ctx, Subcommand};
use crate::api::Kind;
use serde_json::{json, Value};
use std::collections::BTreeMap;

pub const CLUSTERIP_FLAGS: &[FlagSpec] = &[
    multi("tcp", None),
    flag("clusterip", None),
    printobj::OUTPUT,
    printobj::DRY_RUN,
    flag("validate", None),
    switch("save-config", None),
    flag("field-manager", None),
];

pub const NODEPORT_FLAGS: &[FlagSpec] = &[multi("tcp", None), flag("node-port", None), printobj::OUTPUT, printobj::DRY_RUN, flag("validate", None), switch("save-config", None), flag("field-manager", None)];
pub const LOADBALANCER_FLAGS: &[FlagSpec] = &[multi("tcp", None), printobj::OUTPUT, printobj::DRY_RUN, flag("validate", None), switch("save-config", None), flag("field-manager", None)];
pub const EXTERNALNAME_FLAGS: &[FlagSpec] = &[multi("tcp", None), flag("external-name", None), printobj::OUTPUT, printobj::DRY_RUN, flag("validate", None), switch("save-config", None), flag("field-manager", None)];

/// The `kubectl create service` subcommands.
pub const SUBCOMMANDS: &[Subcommand] = &[
    Subcommand { name: "clusterip", aliases: &[], flags: CLUSTERIP_FLAGS, args: Args::Nothing, run: |c, a| create(c, a, "ClusterIP") },
    Subcommand { name: "externalname", aliases: &[], flags: EXTERNALNAME_FLAGS, args: Args::Nothing, run: |c, a| create(c, a, "ExternalName") },
    Subcommand { name: "loadbalancer", aliases: &[], flags: LOADBALANCER_FLAGS, args: Args::Nothing, run: |c, a| create(c, a, "LoadBalancer") },
    Subcommand { name: "nodeport", aliases: &[], flags: NODEPORT_FLAGS, args: Args::Nothing, run: |c, a| create(c, a, "NodePort") },
];

pub fn service(ctx: &mut Ctx, args: &[String]) {
    match args.first().map(|a| (a, subcommand(SUBCOMMANDS, a))) {
        Some((_, Some(sub))) => (sub.run)(ctx, &args[1..]),
        // cobra runs `create service` itself (DefaultSubCommandRun), which refuses arguments.
        Some((_, None)) => ctx.fail(format!("error: unexpected args: [{}]\nSee 'kubectl create service -h' for help and examples", args.join(" "))),
        None => ctx.fail("error: Required subcommand: kubectl create service clusterip|externalname|loadbalancer|nodeport"),
    }
}

/// NewCmdCreateService*'s Complete, Validate and createService for one Service type.
fn create(ctx: &mut Ctx, args: &[String], type_: &str) {
    let sub = format!("service {}", type_.to_lowercase());
    if type_ == "ExternalName" && ctx.p.get("external-name").is_none() {
        return ctx.fail("error: required flag(s) \"external-name\" not set");
    }
    let name = match name_arg(args, &sub) {
        Ok(n) => n,
        Err(e) => return ctx.fail(e),
    };
    let (printer, dry) = match complete(ctx) {
        Ok(x) => x,
        Err(e) => return ctx.fail(e),
    };
    let tcp = slice(ctx.p.all("tcp"));
    let cluster_ip = ctx.p.get("clusterip").unwrap_or("").to_string();
    let external_name = ctx.p.get("external-name").unwrap_or("").to_string();
    let node_port: i64 = match ctx.p.get("node-port").map(str::parse::<i64>) {
        None => 0,
        Some(Ok(n)) => n,
        Some(Err(_)) => {
            let v = ctx.p.get("node-port").unwrap_or("");
            return ctx.fail(format!("error: invalid argument \"{v}\" for \"--node-port\" flag: strconv.ParseInt: parsing \"{v}\": invalid syntax\nSee 'kubectl create {sub} -h' for help and examples"));
        }
    };
    if cluster_ip == "None" && type_ != "ClusterIP" {
        return ctx.fail("error: ClusterIP=None can only be used with ClusterIP service type");
    }
    if cluster_ip != "None" && tcp.is_empty() && type_ != "ExternalName" {
        return ctx.fail("error: at least one tcp port specifier must be provided");
    }
    if type_ == "ExternalName" && !crate::api::names::dns1123_subdomain(&external_name).is_empty() {
        return ctx.fail(format!("error: invalid service external name {external_name}"));
    }
    let mut ports = Vec::new();
    for spec in &tcp {
        match parse_ports(spec) {
            Ok((port, target)) => ports.push(fields(vec![
                ("name", string(&spec.replace(':', "-"))),
                ("protocol", string("TCP")),
                ("port", Some(Value::from(port))),
                ("targetPort", Some(target)),
                ("nodePort", (node_port != 0).then(|| Value::from(node_port))),
            ])),
            Err(e) => return ctx.fail(format!("error: {e}")),
        }
    }
    let labels = BTreeMap::from([("app".to_string(), name.clone())]);
    let ns = enforced_namespace(ctx);
    let spec = fields(vec![
        ("ports", (!ports.is_empty()).then(|| Value::Array(ports))),
        ("selector", Some(json!({"app": name}))),
        ("clusterIP", string(&cluster_ip)),
        ("type", string(type_)),
        ("externalName", string(&external_name)),
    ]);
    let svc = object(Kind::Service, vec![("metadata", Some(meta(&name, &ns, &labels, &BTreeMap::new()))), ("spec", Some(spec)), ("status", Some(json!({"loadBalancer": {}})))]);
    let nsd = ctx.namespace.clone();
    match super::send::create(ctx, Kind::Service, &nsd, &svc, dry) {
        Ok(made) => printobj::print(ctx, &printer, Kind::Service, &made, &printobj::operation("created", dry)),
        Err(e) => ctx.fail(format!("error: failed to create {type_} service: {}", super::send::status_message(&e))),
    }
}

/// parsePorts: `PORT` or `PORT:TARGET` (a number or a port name).
fn parse_ports(spec: &str) -> Result<(u16, Value), String> {
    let mut parts = spec.split(':');
    let first = parts.next().unwrap_or("");
    let port: u16 = first.parse().map_err(|e: std::num::ParseIntError| {
        let why = if matches!(e.kind(), std::num::IntErrorKind::PosOverflow) { "value out of range" } else { "invalid syntax" };
        format!("strconv.ParseUint: parsing {}: {why}", crate::api::errors::go_quote(first))
    })?;
    let Some(target) = parts.next() else { return Ok((port, Value::from(port))) };
    match target.parse::<i64>() {
        Ok(n) if (1..=65535).contains(&n) => Ok((port, Value::from(n))),
        Ok(_) => Err("must be between 1 and 65535, inclusive".into()),
        Err(_) => {
            let errs = crate::api::names::port_name(target);
            if errs.is_empty() { Ok((port, Value::from(target))) } else { Err(errs.join(",")) }
        }
    }
}
