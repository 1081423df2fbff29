//! `kubectl create deployment NAME --image=IMAGE... [--replicas=N] [--port=N] [-- COMMAND...]` and
//! `kubectl create namespace NAME` (pkg/cmd/create/create_deployment.go, create_namespace.go).

use super::flags::{flag, multi, switch, FlagSpec};
use super::gen::{fields, meta, object, string};
use super::printobj::{self, DryRun};
use super::Ctx;
use crate::api::Kind;
use serde_json::{json, Value};
use std::collections::BTreeMap;

pub const DEPLOYMENT_FLAGS: &[FlagSpec] = &[
    multi("image", None),
    flag("port", None),
    flag("replicas", Some('r')),
    printobj::OUTPUT,
    printobj::DRY_RUN,
    flag("validate", None),
    switch("save-config", None),
    flag("field-manager", None),
];
pub const NAMESPACE_FLAGS: &[FlagSpec] = &[printobj::OUTPUT, printobj::DRY_RUN, flag("validate", None), switch("save-config", None), flag("field-manager", None)];

/// NameFromCommandArgs: exactly one NAME before `--`.
pub fn name_arg(args: &[String], sub: &str) -> Result<String, String> {
    match args {
        [one] => Ok(one.clone()),
        _ => Err(format!("error: exactly one NAME is required, got {}\nSee 'kubectl create {sub} -h' for help and examples", args.len())),
    }
}

/// The printer and dry-run strategy (Complete), with their errors.
pub fn complete(ctx: &Ctx) -> Result<(printobj::Printer, DryRun), String> {
    let dry = printobj::dry_run(ctx)?;
    Ok((printobj::printer(ctx)?, dry))
}

/// The namespace a generated object carries: only with `-n` (EnforceNamespace).
pub fn enforced_namespace(ctx: &Ctx) -> String {
    if ctx.p.has("namespace") { ctx.namespace.clone() } else { String::new() }
}

/// A pflag int32 value, with pflag's error for anything else.
fn int32_flag(ctx: &Ctx, long: &str, short: Option<char>, default: i32) -> Result<i32, String> {
    let Some(v) = ctx.p.get(long) else { return Ok(default) };
    v.parse::<i32>().map_err(|e| {
        let why = if matches!(e.kind(), std::num::IntErrorKind::PosOverflow | std::num::IntErrorKind::NegOverflow) { "value out of range" } else { "invalid syntax" };
        let name = match short {
            Some(c) => format!("-{c}, --{long}"),
            None => format!("--{long}"),
        };
        format!("error: invalid argument \"{v}\" for \"{name}\" flag: strconv.ParseInt: parsing \"{v}\": {why}\nSee 'kubectl create deployment --help' for usage.")
    })
}

pub fn deployment(ctx: &mut Ctx, args: &[String]) {
    if !ctx.p.has("image") {
        return ctx.fail("error: required flag(s) \"image\" not set");
    }
    let (replicas, port) = match (int32_flag(ctx, "replicas", Some('r'), 1), int32_flag(ctx, "port", None, -1)) {
        (Ok(r), Ok(p)) => (r, p),
        (Err(e), _) | (_, Err(e)) => return ctx.fail(e),
    };
    let name = match name_arg(args, "deployment") {
        Ok(n) => n,
        Err(e) => return ctx.fail(e),
    };
    let command = ctx.p.after_dash.clone().unwrap_or_default();
    let (printer, dry) = match complete(ctx) {
        Ok(x) => x,
        Err(e) => return ctx.fail(e),
    };
    let images = super::gen::slice(ctx.p.all("image"));
    if images.len() > 1 && !command.is_empty() {
        return ctx.fail("error: cannot specify multiple --image options and command");
    }
    let labels = BTreeMap::from([("app".to_string(), name.clone())]);
    let mut containers = Vec::new();
    for (i, image) in images.iter().enumerate() {
        let cname = container_name(ctx, image);
        let ports = (i == 0 && port >= 0).then(|| json!([{"containerPort": port}]));
        let cmd = (!command.is_empty()).then(|| json!(command));
        containers.push(fields(vec![("name", string(&cname)), ("image", string(image)), ("command", cmd), ("ports", ports), ("resources", Some(json!({})))]));
    }
    let template = fields(vec![("metadata", Some(meta("", "", &labels, &BTreeMap::new()))), ("spec", Some(json!({"containers": containers})))]);
    let spec = fields(vec![
        ("replicas", Some(Value::from(replicas))),
        ("selector", Some(json!({"matchLabels": labels}))),
        ("template", Some(template)),
        ("strategy", Some(json!({}))),
    ]);
    let ns = enforced_namespace(ctx);
    let d = object(Kind::Deployment, vec![("metadata", Some(meta(&name, &ns, &labels, &BTreeMap::new()))), ("spec", Some(spec)), ("status", Some(json!({})))]);
    send(ctx, Kind::Deployment, &d, dry, &printer, "deployment");
}

/// buildPodSpec: the image's last path segment without tag or digest; `.`/`_` become `-` and a
/// random suffix keeps such names unique (sanitizeAndUniquify).
fn container_name(ctx: &mut Ctx, image: &str) -> String {
    let last = image.rsplit('/').next().unwrap_or(image);
    let mut name = last.split(':').next().unwrap_or(last).to_string();
    name = name.split('@').next().unwrap_or(&name).to_string();
    if name.contains(['_', '.']) {
        name = format!("{}-{}", name.replace(['_', '.'], "-"), ctx.sim.cluster.rng.name_suffix());
    }
    name
}

pub fn namespace(ctx: &mut Ctx, args: &[String]) {
    let name = match name_arg(args, "namespace") {
        Ok(n) => n,
        Err(e) => return ctx.fail(e),
    };
    let (printer, dry) = match complete(ctx) {
        Ok(x) => x,
        Err(e) => return ctx.fail(e),
    };
    let ns = object(Kind::Namespace, vec![("metadata", Some(meta(&name, "", &BTreeMap::new(), &BTreeMap::new()))), ("spec", Some(json!({}))), ("status", Some(json!({})))]);
    match super::send::create(ctx, Kind::Namespace, "", &ns, dry) {
        Ok(made) => printobj::print(ctx, &printer, Kind::Namespace, &made, &printobj::operation("created", dry)),
        // NamespaceOptions.Run returns the client's error unwrapped.
        Err(e) => ctx.fail(e.render(None)),
    }
}

/// Sends a generated object and prints it, or `failed to create <what>: <status>` as the typed
/// create commands wrap the apiserver's error.
pub fn send(ctx: &mut Ctx, kind: Kind, v: &Value, dry: DryRun, printer: &printobj::Printer, what: &str) {
    let ns = ctx.namespace.clone();
    match super::send::create(ctx, kind, &ns, v, dry) {
        Ok(made) => printobj::print(ctx, printer, kind, &made, &printobj::operation("created", dry)),
        Err(e) => ctx.fail(format!("error: failed to create {what}: {}", super::send::status_message(&e))),
    }
}
