//! `kubectl set image TYPE/NAME CONTAINER=IMAGE ...` as set_image.go runs it: resources first, then
//! `name=image` pairs (`*` for every container); objects by name, `-l` or `--all`; each matching
//! container (init, regular, ephemeral) gets the image; `<res>/<name> image updated`, nothing when
//! the images were already those; the errors last.

use super::flags::{flag, switch, FlagSpec};
use super::printobj::printer;
use super::select::{parse_pairs, render_errors, resources_and_pairs, select, VisitError};
use super::set::{no_pod_template, patch_all, pod_spec};
use super::Ctx;
use serde_json::Value;
use std::collections::BTreeMap;

pub const FLAGS: &[FlagSpec] = &[switch("all", None), flag("selector", Some('l')), flag("output", Some('o'))];

pub fn run(ctx: &mut Ctx, args: &[String]) {
    if let Err(e) = image(ctx, args) {
        ctx.fail(e);
    }
}

fn image(ctx: &mut Ctx, args: &[String]) -> Result<(), String> {
    // Complete: the pairs, the printer, then the objects (a missing one ends the command here).
    let (resources, pairs) = resources_and_pairs(args, "image")?;
    let images = parse_pairs(&pairs, "image", false).map_err(|e| format!("error: {e}"))?.0;
    let printer = printer(ctx)?;
    let selected = select(ctx, &resources)?;
    if !selected.errors.is_empty() {
        return Err(render_errors(&selected.errors));
    }
    validate(ctx, &images)?;
    let mut errors: Vec<VisitError> = Vec::new();
    let mut changed = Vec::new();
    for obj in &selected.objects {
        let mut v = obj.to_value();
        let Some(spec) = pod_spec(&mut v, obj.kind()) else {
            errors.push(VisitError::Plain(format!("{}\n", no_pod_template(obj))));
            continue;
        };
        for (name, image) in &images {
            if !set_image(spec, name, image) {
                errors.push(VisitError::Plain(format!("error: unable to find container named {}", crate::api::errors::go_quote(name))));
            }
        }
        if v != obj.to_value() {
            changed.push((obj, v));
        }
    }
    errors.extend(patch_all(ctx, &printer, changed, "image updated", |e| format!("failed to patch image update to pod template: {e}")));
    if !errors.is_empty() {
        ctx.fail(render_errors(&errors));
    }
    Ok(())
}

/// SetImageOptions.Validate, its errors gathered (one alone gets `error: `, several one per line).
fn validate(ctx: &Ctx, images: &BTreeMap<String, String>) -> Result<(), String> {
    let mut errors = Vec::new();
    if ctx.p.on("all") && ctx.p.get("selector").is_some() {
        errors.push(VisitError::Plain("cannot set --all and --selector at the same time".into()));
    }
    if images.is_empty() {
        errors.push(VisitError::Plain("at least one image update is required".into()));
    } else if images.len() > 1 && images.contains_key("*") {
        errors.push(VisitError::Plain("all containers are already specified by *, but saw more than one container_name=container_image pairs".into()));
    }
    if errors.is_empty() { Ok(()) } else { Err(render_errors(&errors)) }
}

/// setImage over the init, regular and ephemeral containers: whether any was named `name` (or
/// `name` is `*`).
fn set_image(spec: &mut Value, name: &str, image: &str) -> bool {
    let mut found = false;
    for list in ["initContainers", "containers", "ephemeralContainers"] {
        for c in spec.get_mut(list).and_then(Value::as_array_mut).into_iter().flatten() {
            if name == "*" || c.get("name").and_then(Value::as_str) == Some(name) {
                found = true;
                c["image"] = Value::from(image);
            }
        }
    }
    found
}
