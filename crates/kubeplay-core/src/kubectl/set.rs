//! `kubectl set image TYPE/NAME CONTAINER=IMAGE ...` (set_image.go): changes the image of named
//! containers (or `*` for all) in a pod or a workload's pod template; prints `<res>/<name> image
//! updated`, nothing when the images were already those.

use super::flags::{switch, FlagSpec};
use super::resources::targets;
use super::{subcommand, subcommand_names, Args, Ctx, Subcommand};
use crate::api::{Kind, ObjKey, Object};
use crate::cluster::Write;
use serde_json::Value;

pub const FLAGS: &[FlagSpec] = &[];
const IMAGE_FLAGS: &[FlagSpec] = &[switch("all", None)];

/// The `kubectl set` subcommands kubeplay simulates; `run` dispatches through this table.
pub const SUBCOMMANDS: &[Subcommand] = &[
    Subcommand { name: "env", aliases: &[], flags: super::set_env::FLAGS, args: Args::Resources, run: super::set_env::run },
    Subcommand { name: "image", aliases: &[], flags: IMAGE_FLAGS, args: Args::Resources, run: image },
    Subcommand { name: "resources", aliases: &[], flags: super::set_resources::FLAGS, args: Args::Resources, run: super::set_resources::run },
];

pub fn run(ctx: &mut Ctx) {
    let args = ctx.p.args.clone();
    match args.first().map(|a| (a, subcommand(SUBCOMMANDS, a))) {
        Some((_, Some(sub))) => (sub.run)(ctx, &args[1..]),
        Some((other, None)) => ctx.fail(format!("kubeplay: \"kubectl set {other}\" is not simulated yet; supported: {}", subcommand_names(SUBCOMMANDS))),
        None => ctx.fail("error: Required subcommand: kubectl set env|image|resources|selector|serviceaccount|subject"),
    }
}

fn image(ctx: &mut Ctx, args: &[String]) {
    let (specs, resources): (Vec<&String>, Vec<&String>) = args.iter().partition(|a| a.contains('='));
    if specs.is_empty() {
        return ctx.fail("error: at least one image update is required");
    }
    let resources: Vec<String> = resources.into_iter().cloned().collect();
    let ts = match targets(&resources) {
        Ok(t) if !t.is_empty() => t,
        Ok(_) => return ctx.fail("error: one or more resources must be specified as <resource> <name> or <resource>/<name>"),
        Err(e) => return ctx.fail(e),
    };
    let pairs: Vec<(&str, &str)> = specs.iter().filter_map(|s| s.split_once('=')).collect();
    for t in ts {
        let Some(name) = t.name else { return ctx.fail("error: resource(s) were provided, but no name was specified") };
        let key = ObjKey::new(t.kind, &ctx.namespace, &name);
        let Some(obj) = ctx.sim.cluster.get(&key).cloned() else {
            ctx.fail(crate::api::errors::ApiError::not_found(t.kind, &name).render(None));
            continue;
        };
        let mut v = obj.to_value();
        let Some(pod_spec) = pod_spec(&mut v, obj.kind()) else {
            ctx.fail(format!("error: {}/{} has no pod template; set image changes pods and workloads", obj.kind().resource_singular_group(), name));
            continue;
        };
        match set_images(pod_spec, &pairs) {
            Err(missing) => ctx.fail(format!("error: unable to find container named \"{missing}\"")),
            Ok(false) => {}
            Ok(true) => write(ctx, &obj, v),
        }
    }
}

/// Where the containers live for each kind (polymorphichelpers.updatePodSpecForObject's kinds).
pub fn pod_spec(v: &mut Value, kind: Kind) -> Option<&mut Value> {
    let path = match kind {
        Kind::Pod => "/spec",
        Kind::DaemonSet | Kind::Deployment | Kind::ReplicaSet | Kind::StatefulSet | Kind::Job => "/spec/template/spec",
        Kind::CronJob => "/spec/jobTemplate/spec/template/spec",
        _ => return None,
    };
    v.pointer_mut(path)
}

/// Sets the images; Err(name) for a container name that matches nothing; Ok(changed).
fn set_images(spec: &mut Value, pairs: &[(&str, &str)]) -> Result<bool, String> {
    let mut changed = false;
    for (name, image) in pairs {
        let mut found = false;
        for list in ["initContainers", "containers"] {
            for c in spec.get_mut(list).and_then(Value::as_array_mut).into_iter().flatten() {
                if *name == "*" || c.get("name").and_then(Value::as_str) == Some(name) {
                    found = true;
                    if c.get("image").and_then(Value::as_str) != Some(image) {
                        c["image"] = Value::from(*image);
                        changed = true;
                    }
                }
            }
        }
        if !found {
            return Err(name.to_string());
        }
    }
    Ok(changed)
}

/// updatePodSpecForObject's refusal for a kind without a pod template, after the object's name as
/// `set env` and `set resources` print it (`error: services/web the object is not a pod …`).
pub fn no_pod_template(obj: &Object) -> String {
    let info = obj.kind().info();
    format!("error: {}/{} the object is not a pod or does not have a pod template: *{}.{}", info.plural, obj.name(), info.version, info.name)
}

/// The containers (then the init containers) whose names match `spec`, as selectContainers picks
/// them: `*` is a wildcard, matched the way selectString does (non-greedy, no backtracking).
pub fn selected_containers<'a>(spec: &'a mut Value, pattern: &str) -> Vec<&'a mut Value> {
    let mut init = Vec::new();
    let mut main = Vec::new();
    if let Some(o) = spec.as_object_mut() {
        for (list, out) in o.iter_mut().filter_map(|(k, v)| match k.as_str() {
            "containers" => Some((v, 0)),
            "initContainers" => Some((v, 1)),
            _ => None,
        }) {
            for c in list.as_array_mut().into_iter().flatten() {
                if select_string(c.get("name").and_then(Value::as_str).unwrap_or(""), pattern) {
                    if out == 0 { main.push(c) } else { init.push(c) }
                }
            }
        }
    }
    main.extend(init);
    main
}

/// selectString, byte for byte (its quirks included: a later part is searched from the start of
/// what is left, and a match is rejected when found before the current position).
fn select_string(s: &str, spec: &str) -> bool {
    if spec == "*" {
        return true;
    }
    if !spec.contains('*') {
        return s == spec;
    }
    let parts: Vec<&str> = spec.split('*').collect();
    let mut pos = 0usize;
    for (i, part) in parts.iter().enumerate() {
        if part.is_empty() {
            continue;
        }
        let next = match s.get(pos..).and_then(|rest| rest.find(part)) {
            Some(n) => n,
            None => return false,
        };
        if next < pos || (i == 0 && pos != 0) || (i == parts.len() - 1 && s.len() != part.len() + next) {
            return false;
        }
        pos = next;
    }
    true
}

/// Sends a changed object as `set env`/`set resources` patch it: prints the server's answer with
/// `op` (`env updated`), or returns the server's refusal in its own words for the caller to wrap.
pub fn send_printed(ctx: &mut Ctx, printer: &super::printobj::Printer, old: &Object, v: Value, op: &str) -> Result<(), String> {
    let obj = Object::from_value(old.kind(), v).map_err(|e| e.to_string())?;
    let new = ctx.sim.cluster.write(Write::Update(obj)).map_err(|e| super::send::status_message(&e))?;
    ctx.warn(Some(old), &new);
    super::printobj::print(ctx, printer, new.kind(), &new.to_value(), op);
    let _ = ctx.sim.settle();
    Ok(())
}

fn write(ctx: &mut Ctx, old: &Object, v: Value) {
    let obj = match Object::from_value(old.kind(), v) {
        Ok(o) => o,
        Err(e) => return ctx.fail(format!("Error from server (BadRequest): {e}")),
    };
    match ctx.sim.cluster.write(Write::Update(obj)) {
        Ok(new) => {
            ctx.warn(Some(old), &new);
            ctx.out.out(format!("{}/{} image updated\n", old.kind().resource_singular_group(), old.name()));
            let _ = ctx.sim.settle();
        }
        // SetImageOptions.Run wraps the apiserver's message in its own words.
        Err(e) => ctx.fail(format!("error: failed to patch image update to pod template: {}", super::send::status_message(&e))),
    }
}
