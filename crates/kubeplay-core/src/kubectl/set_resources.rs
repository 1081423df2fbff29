//! `kubectl set resources` as set_resources.go runs it: `--limits`/`--requests` lists
//! (`cpu=100m,memory=256Mi`) written into the matching containers (`-c`, wildcards), objects by
//! name, `-l` or `--all`; `<res>/<name> resource requirements updated`, nothing when unchanged.

use super::flags::{flag, switch, FlagSpec};
use super::printobj::printer;
use super::select::{render_errors, select, VisitError};
use super::set::{no_pod_template, patch_all, pod_spec, selected_containers};
use super::Ctx;
use crate::api::quantity::Qty;
use serde_json::{Map, Value};

pub const FLAGS: &[FlagSpec] = &[
    flag("limits", None),
    flag("requests", None),
    flag("containers", Some('c')),
    switch("all", None),
    flag("selector", Some('l')),
    flag("output", Some('o')),
];

const QUANTITY_FORMAT: &str = "quantities must match the regular expression '^([+-]?[0-9.]+)([eEinumkKMGTP]*[-+]?[0-9]*)$'";

pub fn run(ctx: &mut Ctx, args: &[String]) {
    if let Err(e) = resources(ctx, args) {
        ctx.fail(e);
    }
}

fn resources(ctx: &mut Ctx, args: &[String]) -> Result<(), String> {
    // Complete visits the objects (and fails on a missing one) before Validate reads the flags.
    let selected = select(ctx, args)?;
    if !selected.errors.is_empty() {
        return Err(render_errors(&selected.errors));
    }
    if ctx.p.on("all") && ctx.p.get("selector").is_some() {
        return Err("error: cannot set --all and --selector at the same time".into());
    }
    let limits_text = ctx.p.get("limits").unwrap_or("").to_string();
    let requests_text = ctx.p.get("requests").unwrap_or("").to_string();
    if limits_text.is_empty() && requests_text.is_empty() {
        return Err("error: you must specify an update to requests or limits (in the form of --requests/--limits)".into());
    }
    let limits = resource_list(&limits_text)?;
    let requests = resource_list(&requests_text)?;
    let printer = printer(ctx)?;
    let pattern = ctx.p.get("containers").unwrap_or("*").to_string();
    let mut errors = Vec::new();
    let mut changed = Vec::new();
    for obj in &selected.objects {
        let mut v = obj.to_value();
        let Some(spec) = pod_spec(&mut v, obj.kind()) else {
            errors.push(VisitError::Plain(format!("{}\n", no_pod_template(obj))));
            continue;
        };
        let containers = selected_containers(spec, &pattern);
        if containers.is_empty() {
            errors.push(VisitError::Plain(format!("error: unable to find container named {pattern}")));
            continue;
        }
        for c in containers {
            set_list(c, "limits", &limits);
            set_list(c, "requests", &requests);
        }
        if v != obj.to_value() {
            changed.push((obj, v));
        }
    }
    // set_resources.go wraps the refusal without a colon.
    errors.extend(patch_all(ctx, &printer, changed, "resource requirements updated", |e| format!("failed to patch resources update to pod template {e}")));
    if !errors.is_empty() {
        ctx.fail(render_errors(&errors));
    }
    Ok(())
}

/// populateResourceListV1: `name=quantity` statements separated by commas, each quantity in its
/// canonical form (as the client encodes a parsed Quantity).
fn resource_list(spec: &str) -> Result<Vec<(String, String)>, String> {
    if spec.is_empty() {
        return Ok(Vec::new());
    }
    let mut out = Vec::new();
    for statement in spec.split(',') {
        let parts: Vec<&str> = statement.split('=').collect();
        if parts.len() != 2 {
            return Err(format!("error: Invalid argument syntax {statement}, expected <resource>=<value>"));
        }
        let q = Qty::parse(parts[1]).ok_or_else(|| format!("error: {QUANTITY_FORMAT}"))?;
        out.retain(|(n, _): &(String, String)| n != parts[0]);
        out.push((parts[0].to_string(), q.to_string()));
    }
    Ok(out)
}

/// Sets the named quantities in the container's `resources.<field>`, keeping the others.
fn set_list(container: &mut Value, field: &str, list: &[(String, String)]) {
    if list.is_empty() {
        return;
    }
    let Some(c) = container.as_object_mut() else { return };
    let resources = c.entry("resources").or_insert_with(|| Value::Object(Map::new()));
    let Some(r) = resources.as_object_mut() else { return };
    let entries = r.entry(field).or_insert_with(|| Value::Object(Map::new()));
    if let Some(m) = entries.as_object_mut() {
        for (name, q) in list {
            m.insert(name.clone(), Value::from(q.as_str()));
        }
    }
}
