//! `kubectl create service clusterip NAME --tcp=PORT[:TARGET]... [--clusterip=None]`
//! (pkg/cmd/create/create_service.go): a Service selecting `app=NAME`, ports named after their
//! `--tcp` spec. NodePort and LoadBalancer wait for the apiserver's node-port allocation.

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

/// The `kubectl create service` subcommands kubeplay simulates.
pub const SUBCOMMANDS: &[Subcommand] = &[Subcommand { name: "clusterip", aliases: &[], flags: CLUSTERIP_FLAGS, args: Args::Nothing, run: clusterip }];

pub fn service(ctx: &mut Ctx, args: &[String]) {
    match args.first().map(|a| (a, subcommand(SUBCOMMANDS, a))) {
        Some((_, Some(sub))) => (sub.run)(ctx, &args[1..]),
        Some((other, None)) => ctx.fail(format!("kubeplay: \"kubectl create service {other}\" is not simulated yet; supported: clusterip")),
        None => ctx.fail("error: Required subcommand: kubectl create service clusterip|externalname|loadbalancer|nodeport"),
    }
}

fn clusterip(ctx: &mut Ctx, args: &[String]) {
    let name = match name_arg(args, "service clusterip") {
        Ok(n) => n,
        Err(e) => return ctx.fail(e),
    };
    let (printer, dry) = match complete(ctx) {
        Ok(x) => x,
        Err(e) => return ctx.fail(e),
    };
    let tcp = slice(ctx.p.all("tcp"));
    let cluster_ip = ctx.p.get("clusterip").unwrap_or("").to_string();
    if cluster_ip != "None" && tcp.is_empty() {
        return ctx.fail("error: at least one tcp port specifier must be provided");
    }
    let mut ports = Vec::new();
    for spec in &tcp {
        match parse_ports(spec) {
            Ok((port, target)) => ports.push(fields(vec![
                ("name", string(&spec.replace(':', "-"))),
                ("protocol", string("TCP")),
                ("port", Some(Value::from(port))),
                ("targetPort", Some(target)),
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
        ("type", string("ClusterIP")),
    ]);
    let svc = object(Kind::Service, vec![("metadata", Some(meta(&name, &ns, &labels, &BTreeMap::new()))), ("spec", Some(spec)), ("status", Some(json!({"loadBalancer": {}})))]);
    let nsd = ctx.namespace.clone();
    match super::send::create(ctx, Kind::Service, &nsd, &svc, dry) {
        Ok(made) => printobj::print(ctx, &printer, Kind::Service, &made, &printobj::operation("created", dry)),
        Err(e) => ctx.fail(format!("error: failed to create ClusterIP service: {}", super::send::status_message(&e))),
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
