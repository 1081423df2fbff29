//! `kubectl set`: the subcommand table (`env`, `image`, `resources` in their own files) and what
//! they share: where a kind keeps its pod spec, the container patterns, the patch and its line.

use super::flags::FlagSpec;
use super::select::VisitError;
use super::{subcommand, subcommand_names, Args, Ctx, Subcommand};
use crate::api::{Kind, Object};
use crate::cluster::Write;
use serde_json::Value;

pub const FLAGS: &[FlagSpec] = &[];

/// The `kubectl set` subcommands kubeplay simulates; `run` dispatches through this table.
pub const SUBCOMMANDS: &[Subcommand] = &[
    Subcommand { name: "env", aliases: &[], flags: super::set_env::FLAGS, args: Args::Resources, run: super::set_env::run },
    Subcommand { name: "image", aliases: &[], flags: super::set_image::FLAGS, args: Args::Resources, run: super::set_image::run },
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

/// updatePodSpecForObject's refusal for a kind without a pod template, after the object's name as
/// `set env` and `set resources` print it (`error: services/web the object is not a pod …`).
pub fn no_pod_template(obj: &Object) -> String {
    format!("error: {}/{} the object is not a pod or does not have a pod template: {}", obj.kind().info().plural, obj.name(), obj.kind().go_type())
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

/// Sends one changed object as the `set` commands patch it; the server's answer, or its refusal
/// in its own words for the caller to wrap.
pub fn send(ctx: &mut Ctx, old: &Object, v: Value) -> Result<Object, String> {
    let obj = Object::from_value(old.kind(), v).map_err(|e| e.to_string())?;
    let new = ctx.sim.cluster.write(Write::Update(obj)).map_err(|e| super::send::status_message(&e))?;
    ctx.warn(Some(old), &new);
    let _ = ctx.sim.settle();
    Ok(new)
}

/// The `set` commands' patch loop: each changed object sent and printed with `op` (`image
/// updated`), each refusal wrapped in the command's words and kept with the others for the end.
pub fn patch_all(ctx: &mut Ctx, printer: &super::printobj::Printer, changed: Vec<(&Object, Value)>, op: &str, wrap: impl Fn(String) -> String) -> Vec<VisitError> {
    let mut errors = Vec::new();
    for (obj, v) in changed {
        match send(ctx, obj, v) {
            Ok(new) => super::printobj::print(ctx, printer, new.kind(), &new.to_value(), op),
            Err(e) => errors.push(VisitError::Plain(wrap(e))),
        }
    }
    errors
}
