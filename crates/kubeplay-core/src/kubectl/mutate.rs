//! `kubectl scale`, `label`, `annotate` and `patch` (merge, JSON and strategic-merge for the common
//! cases): read the live object, change it, write it back through the one write path.

use super::flags::{flag, switch, FlagSpec};
use super::resources::targets;
use super::select::{aggregate_message, render_errors, select};
use super::Ctx;
use super::printobj::Printer;
use crate::api::{Kind, ObjKey, Object};
use crate::cluster::Write;
use serde_json::Value;

pub const SCALE_FLAGS: &[FlagSpec] = &[flag("replicas", None), flag("current-replicas", None), flag("timeout", None), flag("filename", Some('f')), flag("output", Some('o')), flag("selector", Some('l')), switch("all", None)];
pub const PATCH_FLAGS: &[FlagSpec] = &[flag("patch", Some('p')), flag("type", None), flag("patch-file", None), flag("output", Some('o'))];

/// The live objects the positional arguments name (TYPE NAME... or TYPE/NAME...).
fn named_objects(ctx: &Ctx, args: &[String]) -> Result<Vec<Object>, String> {
    let ts = targets(args)?;
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

/// `kubectl scale` as v1.33's RunScale: the objects are visited with ContinueOnError; with none
/// found the visit's error is glued to "no objects passed to scale"; otherwise each is scaled
/// through its scale subresource and the visit's error comes last.
pub fn scale(ctx: &mut Ctx) {
    let Some(replicas) = ctx.p.get("replicas").map(str::to_string) else {
        return ctx.fail("error: required flag(s) \"replicas\" not set");
    };
    let Ok(n) = replicas.parse::<i32>() else {
        return ctx.fail(format!("error: invalid argument \"{replicas}\" for \"--replicas\" flag: strconv.ParseInt: parsing \"{replicas}\": invalid syntax"));
    };
    if n < 0 {
        return ctx.fail("error: The --replicas=COUNT flag is required, and COUNT must be greater than or equal to 0");
    }
    let (selected, printer) = match select(ctx, &ctx.p.args.clone()).and_then(|s| Ok((s, super::printobj::printer(ctx)?))) {
        Ok(x) => x,
        Err(e) => return ctx.fail(e),
    };
    if selected.objects.is_empty() {
        return ctx.fail(match selected.errors.as_slice() {
            [] => "error: no objects passed to scale".to_string(),
            errs => format!("error: no objects passed to scale {}", aggregate_message(errs)),
        });
    }
    for o in selected.objects {
        if let Err(e) = scale_one(ctx, &printer, &o, n) {
            // ScaleWithRetries returns at once: the visit's other errors are never printed.
            return ctx.fail(e);
        }
    }
    if !selected.errors.is_empty() {
        ctx.fail(render_errors(&selected.errors));
    }
}

/// One object through the scale client: kinds without a scale subresource get the apiserver's
/// 404 for the unknown path; `--current-replicas` is checked as ScalePrecondition does.
fn scale_one(ctx: &mut Ctx, printer: &super::printobj::Printer, o: &Object, n: i32) -> Result<(), String> {
    if !matches!(o.kind(), Kind::Deployment | Kind::ReplicaSet | Kind::StatefulSet) {
        return Err("Error from server (NotFound): the server could not find the requested resource".into());
    }
    let mut v = o.to_value();
    let current = v.pointer("/spec/replicas").and_then(Value::as_i64).unwrap_or(0);
    if let Some(want) = ctx.p.get("current-replicas").and_then(|c| c.parse::<i64>().ok()).filter(|w| *w != -1) {
        if current != want {
            return Err(format!("error: Expected replicas to be {want}, was {current}"));
        }
    }
    v["spec"]["replicas"] = Value::from(n);
    write_back(ctx, printer, o, v, "scaled");
    Ok(())
}

/// Prints what a command did to `obj` as its `-o` printer says (`<res>/<name> <word>` by default).
fn report(ctx: &mut Ctx, printer: &Printer, obj: &Object, word: &str) {
    super::printobj::print(ctx, printer, obj.kind(), &obj.to_value(), word);
}

/// Writes a changed object; prints what the server made of it, or kubectl's error.
fn write_back(ctx: &mut Ctx, printer: &Printer, old: &Object, v: Value, word: &str) -> bool {
    let obj = match Object::from_value(old.kind(), v) {
        Ok(o) => o,
        Err(e) => {
            ctx.fail(format!("Error from server (BadRequest): {e}"));
            return false;
        }
    };
    match ctx.sim.cluster.write(Write::Update(obj)) {
        Ok(new) => {
            ctx.warn(Some(old), &new);
            report(ctx, printer, &new, word);
            let _ = ctx.sim.settle();
            true
        }
        Err(e) => {
            ctx.fail_api(&e);
            false
        }
    }
}

pub fn patch(ctx: &mut Ctx) {
    let Some(text) = ctx.p.get("patch").map(str::to_string).or_else(|| ctx.p.get("patch-file").and_then(|f| ctx.sim.files.get(f)).map(str::to_string)) else {
        return ctx.fail("error: must specify --patch or --patch-file containing the contents of the patch");
    };
    let patch: Value = match crate::yaml::parse_document(&text) {
        Ok(v) => v,
        Err(e) => return ctx.fail(format!("error: unable to parse \"{text}\": {e}")),
    };
    let ty = ctx.p.get("type").unwrap_or("strategic").to_string();
    let (objs, printer) = match named_objects(ctx, &ctx.p.args.clone()).and_then(|o| Ok((o, super::printobj::printer(ctx)?))) {
        Ok(x) => x,
        Err(e) => return ctx.fail(e),
    };
    for o in objs {
        let mut v = o.to_value();
        let result = match ty.as_str() {
            "merge" => {
                merge_patch(&mut v, &patch, false);
                Ok(())
            }
            "strategic" => {
                merge_patch(&mut v, &patch, true);
                Ok(())
            }
            "json" => json_patch(&mut v, &patch),
            other => Err(format!("error: --type must be one of [json merge strategic], not \"{other}\"")),
        };
        if let Err(e) = result {
            return ctx.fail(e);
        }
        if v == o.to_value() {
            report(ctx, &printer, &o, "patched (no change)");
            continue;
        }
        write_back(ctx, &printer, &o, v, "patched");
    }
}

/// RFC 7386 merge patch; with `strategic`, lists of objects with a `name` merge by name (containers,
/// env, volumes, ports), which is what strategic merge does for the lists learners patch.
pub fn merge_patch(target: &mut Value, patch: &Value, strategic: bool) {
    let Some(p) = patch.as_object() else {
        *target = patch.clone();
        return;
    };
    if !target.is_object() {
        *target = Value::Object(Default::default());
    }
    let t = target.as_object_mut().expect("made an object above");
    for (k, pv) in p {
        if pv.is_null() {
            t.remove(k);
            continue;
        }
        match (t.get_mut(k), pv) {
            (Some(tv), Value::Object(_)) if tv.is_object() => merge_patch(tv, pv, strategic),
            (Some(Value::Array(ta)), Value::Array(pa)) if strategic && pa.iter().all(|x| x.get("name").is_some()) && !pa.is_empty() => {
                for item in pa {
                    match ta.iter_mut().find(|x| x.get("name") == item.get("name")) {
                        Some(existing) => merge_patch(existing, item, true),
                        None => ta.push(item.clone()),
                    }
                }
            }
            _ => {
                t.insert(k.clone(), pv.clone());
            }
        }
    }
}

/// RFC 6902 JSON patch: add, remove, replace, test.
pub fn json_patch(target: &mut Value, ops: &Value) -> Result<(), String> {
    let ops = ops.as_array().ok_or("error: unable to parse patch: json patch must be a list of operations")?;
    for op in ops {
        let path = op.get("path").and_then(Value::as_str).unwrap_or("");
        let (parent_path, last) = path.rsplit_once('/').ok_or_else(|| format!("error: invalid path {path:?}"))?;
        let last = last.replace("~1", "/").replace("~0", "~");
        let kind = op.get("op").and_then(Value::as_str).unwrap_or("");
        let value = op.get("value").cloned().unwrap_or(Value::Null);
        let parent = target.pointer_mut(parent_path).ok_or_else(|| format!("The request is invalid: the server rejected our request due to an error in our request: doc is missing path: \"{path}\""))?;
        match (kind, parent) {
            ("add" | "replace", Value::Object(m)) => {
                m.insert(last, value);
            }
            ("remove", Value::Object(m)) => {
                m.remove(&last).ok_or_else(|| format!("error: unable to remove nonexistent key: {last}"))?;
            }
            ("add", Value::Array(a)) if last == "-" => a.push(value),
            (op @ ("add" | "replace" | "remove"), Value::Array(a)) => {
                let i: usize = last.parse().map_err(|_| format!("error: invalid array index {last}"))?;
                if i > a.len() || (op != "add" && i == a.len()) {
                    return Err(format!("error: array index {i} out of bounds"));
                }
                match op {
                    "add" => a.insert(i, value),
                    "replace" => a[i] = value,
                    _ => {
                        a.remove(i);
                    }
                }
            }
            ("test", parent) => {
                if parent.get(&last) != Some(&value) {
                    return Err(format!("error: testing value {path} failed"));
                }
            }
            (other, _) => return Err(format!("error: unexpected kind of operation {other:?}")),
        }
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn strategic_merges_named_lists() {
        let mut v = json!({"spec": {"containers": [{"name": "a", "image": "x"}, {"name": "b", "image": "y"}], "replicas": 1}});
        merge_patch(&mut v, &json!({"spec": {"containers": [{"name": "b", "image": "z"}], "replicas": null}}), true);
        assert_eq!(v, json!({"spec": {"containers": [{"name": "a", "image": "x"}, {"name": "b", "image": "z"}]}}));
        let mut w = json!({"a": [1, 2]});
        json_patch(&mut w, &json!([{"op": "add", "path": "/a/-", "value": 3}, {"op": "replace", "path": "/b", "value": 1}])).unwrap();
        assert_eq!(w, json!({"a": [1, 2, 3], "b": 1}));
    }
}
