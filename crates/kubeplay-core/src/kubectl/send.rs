//! Sending an object a generator built: created through the one write path, admitted and checked
//! there but not stored for `--dry-run=server`, not sent at all for `--dry-run=client`; and the apiserver's
//! Status message as the typed clients wrap it (`failed to create deployment: ...`).

use super::printobj::DryRun;
use super::Ctx;
use crate::api::errors::{go_quote, ApiError};
use crate::api::Kind;
use crate::cluster::Write;
use serde_json::Value;

/// Creates `v` in `ns` (or checks it, or nothing, per `dry`); the JSON kubectl then prints.
pub fn create(ctx: &mut Ctx, kind: Kind, ns: &str, v: &Value, dry: DryRun) -> Result<Value, ApiError> {
    let saved;
    let v = if ctx.p.on("save-config") {
        saved = save_config(v);
        &saved
    } else {
        v
    };
    if dry == DryRun::Client {
        return Ok(v.clone());
    }
    let mut obj = super::gen::to_object(kind, v).map_err(ApiError::BadRequest)?;
    if kind.namespaced() {
        obj.meta_mut().namespace = Some(ns.to_string());
    }
    if dry == DryRun::None {
        let made = ctx.sim.cluster.write(Write::Create(obj))?;
        ctx.warn(None, &made);
        return Ok(made.to_value());
    }
    let made = ctx.sim.cluster.dry_run_create(obj)?;
    ctx.warn(None, &made);
    Ok(made.to_value())
}

/// `--save-config` (CreateOrUpdateAnnotation): the object as kubectl encodes it — compact JSON in
/// Go's field order, and a newline — kept in the annotation `kubectl apply` reads.
fn save_config(v: &Value) -> Value {
    let text = format!("{}\n", serde_json::to_string(v).unwrap_or_default());
    let mut v = v.clone();
    if let Some(meta) = v.get_mut("metadata").and_then(Value::as_object_mut) {
        let annotations = meta.entry("annotations").or_insert_with(|| Value::Object(Default::default()));
        if let Some(a) = annotations.as_object_mut() {
            a.insert(super::apply::LAST_APPLIED.into(), Value::String(text));
            a.sort_keys(); // Go marshals map keys sorted
        }
    }
    v
}

/// The apiserver's Status message (what `%v` of the error prints once kubectl has wrapped it):
/// `Job.batch "x" is invalid: <cause>` or `[<cause>, <cause>]` for an Invalid error.
pub fn status_message(e: &ApiError) -> String {
    match e {
        ApiError::Invalid { kind, name, causes } => {
            let group = kind.info().group;
            let qualified = if group.is_empty() { kind.info().name.to_string() } else { format!("{}.{}", kind.info().name, group) };
            let list: Vec<String> = causes.iter().map(ToString::to_string).collect();
            let agg = if list.len() == 1 { list.join("") } else { format!("[{}]", list.join(", ")) };
            format!("{qualified} {} is invalid: {agg}", go_quote(name))
        }
        other => other.message(),
    }
}
