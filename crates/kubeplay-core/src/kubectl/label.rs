//! `kubectl label` and `kubectl annotate` as label.go and annotate.go run them: resources before
//! the `KEY=VALUE`/`KEY-` pairs, objects by name or by `-l`/`--all` (`-A`), every object visited
//! even when one fails, the errors printed at the end; `--overwrite`, `--list`, `-o`.

use super::flags::{flag, switch, FlagSpec};
use super::printobj::{print, printer, Printer};
use super::select::{parse_pairs, render_errors, resources_and_pairs, select, VisitError};
use super::Ctx;
use crate::api::{names, Object};
use crate::cluster::Write;
use serde_json::{Map, Value};
use std::collections::BTreeMap;

pub const FLAGS: &[FlagSpec] = &[
    switch("overwrite", None),
    flag("selector", Some('l')),
    switch("all", None),
    switch("all-namespaces", Some('A')),
    switch("list", None),
    flag("output", Some('o')),
];

/// The change-cause annotation, which annotate lets through without `--overwrite`.
const CHANGE_CAUSE: &str = "kubernetes.io/change-cause";

/// What one command asks for: the pairs to set and the keys to remove.
struct Changes {
    set: BTreeMap<String, String>,
    remove: Vec<String>,
}

/// Which of the two commands runs: they differ in words, parsing and what they print.
#[derive(Clone, Copy, PartialEq)]
enum Field {
    Labels,
    Annotations,
}

impl Field {
    fn key(self) -> &'static str {
        match self {
            Field::Labels => "labels",
            Field::Annotations => "annotations",
        }
    }
    fn noun(self) -> &'static str {
        match self {
            Field::Labels => "label",
            Field::Annotations => "annotation",
        }
    }
}

pub fn label(ctx: &mut Ctx) {
    if let Err(e) = run(ctx, Field::Labels) {
        ctx.fail(e);
    }
}

pub fn annotate(ctx: &mut Ctx) {
    if let Err(e) = run(ctx, Field::Annotations) {
        ctx.fail(e);
    }
}

fn run(ctx: &mut Ctx, field: Field) -> Result<(), String> {
    let (resources, pairs) = resources_and_pairs(&ctx.p.args, field.noun())?;
    let changes = match field {
        Field::Labels => parse_labels(&pairs)?,
        Field::Annotations => {
            let (set, remove) = parse_pairs(&pairs, "annotation", true).map_err(|e| format!("error: {e}"))?;
            Changes { set, remove }
        }
    };
    let list = ctx.p.on("list");
    if list && ctx.p.get("output").is_some() {
        return Err("error: --list and --output may not be specified together".into());
    }
    validate(ctx, field, &resources, &changes, list)?;
    let printer = printer(ctx)?;
    let selected = select(ctx, &resources)?;
    // IntoSingleItemImplied: one object named, by TYPE NAME or TYPE/NAME.
    let one = matches!(super::resources::targets(&resources).as_deref(), Ok([t]) if t.name.is_some());
    // ContinueOnErrorVisitor keeps the errors of the visit function in order and appends the
    // visit's own (objects not found) last.
    let mut errors = Vec::new();
    for obj in &selected.objects {
        if list {
            list_entries(ctx, field, obj, one);
            continue;
        }
        if let Err(mut e) = change(ctx, field, &printer, obj, &changes) {
            errors.append(&mut e);
        }
    }
    errors.extend(selected.errors);
    if !errors.is_empty() {
        ctx.fail(render_errors(&errors));
    }
    Ok(())
}

/// label.go's parseLabels: `k=v` with a valid value, or `k-`.
fn parse_labels(specs: &[String]) -> Result<Changes, String> {
    let mut changes = Changes { set: BTreeMap::new(), remove: Vec::new() };
    for spec in specs {
        if spec.contains('=') {
            let parts: Vec<&str> = spec.split('=').collect();
            if parts.len() != 2 {
                return Err(format!("error: invalid label spec: {spec}"));
            }
            let errs = names::label_value(parts[1]);
            if !errs.is_empty() {
                return Err(format!("error: invalid label value: {}: {}", crate::api::errors::go_quote(spec), errs.join(";")));
            }
            changes.set.insert(parts[0].to_string(), parts[1].to_string());
        } else if let Some(key) = spec.strip_suffix('-') {
            changes.remove.push(key.to_string());
        } else {
            return Err(format!("error: unknown label spec: {spec}"));
        }
    }
    if changes.remove.iter().any(|k| changes.set.contains_key(k)) {
        return Err("error: can not both modify and remove a label in the same command".into());
    }
    Ok(changes)
}

/// The commands' Validate, in their order.
fn validate(ctx: &Ctx, field: Field, resources: &[String], changes: &Changes, list: bool) -> Result<(), String> {
    if ctx.p.on("all") && ctx.p.get("selector").is_some() {
        return Err("error: cannot set --all and --selector at the same time".into());
    }
    if resources.is_empty() {
        return Err("error: one or more resources must be specified as <resource> <name> or <resource>/<name>".into());
    }
    if changes.set.is_empty() && changes.remove.is_empty() && !list {
        return Err(format!("error: at least one {} update is required", field.noun()));
    }
    if field == Field::Annotations {
        let both: Vec<&str> = changes.remove.iter().filter(|k| changes.set.contains_key(*k)).map(String::as_str).collect();
        if !both.is_empty() {
            return Err(format!("error: can not both modify and remove the following annotation(s) in the same command: {}", both.join(", ")));
        }
    }
    Ok(())
}

/// `--list`: the object's pairs, under a heading unless one object was named (Go prints them in
/// map order, which is random; kubeplay sorts them).
fn list_entries(ctx: &mut Ctx, field: Field, obj: &Object, one: bool) {
    let entries = obj.to_value().pointer(&format!("/metadata/{}", field.key())).and_then(Value::as_object).cloned().unwrap_or_default();
    let indent = if one { "" } else { " " };
    if !one {
        let info = obj.kind().info();
        let title = if field == Field::Labels { "labels" } else { "annotations" };
        ctx.out.out(format!("Listing {title} for {}.{}/{}:\n", info.name, info.group, obj.name()));
    }
    let mut keys: Vec<&String> = entries.keys().collect();
    keys.sort();
    for k in keys {
        ctx.out.out(format!("{indent}{k}={}\n", entries[k].as_str().unwrap_or("")));
    }
}

/// One object: the overwrite check, the change, the write when something changed, the line.
fn change(ctx: &mut Ctx, field: Field, printer: &Printer, obj: &Object, changes: &Changes) -> Result<(), Vec<VisitError>> {
    let old = obj.to_value();
    let current = old.pointer(&format!("/metadata/{}", field.key())).and_then(Value::as_object).cloned().unwrap_or_default();
    if field == Field::Labels {
        for k in changes.remove.iter().filter(|k| !current.contains_key(*k)) {
            ctx.out.out(format!("label {} not found.\n", crate::api::errors::go_quote(k)));
        }
    }
    if !ctx.p.on("overwrite") {
        overwrite_check(field, &current, changes)?;
    }
    let mut map: Map<String, Value> = current.clone();
    for (k, v) in &changes.set {
        map.insert(k.clone(), Value::String(v.clone()));
    }
    for k in &changes.remove {
        map.remove(k);
    }
    // The client sets the map even when it ends up empty, so an object that had none looks
    // changed to label's message ("labeled"); the server stores no empty map.
    let mut local = old.clone();
    local["metadata"][field.key()] = Value::Object(map.clone());
    let word = match field {
        Field::Annotations => "annotated",
        Field::Labels => label_message(&old, &local, ctx.p.on("overwrite")),
    };
    if map == current {
        print(ctx, printer, obj.kind(), &old, word);
        return Ok(());
    }
    let mut v = old;
    match v["metadata"].as_object_mut() {
        Some(meta) if map.is_empty() => meta.remove(field.key()),
        Some(meta) => meta.insert(field.key().to_string(), Value::Object(map)),
        None => None,
    };
    write(ctx, printer, obj, v, word).map_err(|e| vec![e])
}

/// label.go's updateDataChangeMsg over the JSON the client holds before and after.
fn label_message(old: &Value, new: &Value, overwrite: bool) -> &'static str {
    if old == new {
        return "not labeled";
    }
    if !overwrite && new.to_string().len() < old.to_string().len() {
        return "unlabeled";
    }
    "labeled"
}

/// The refusals without `--overwrite`: label's one error per key whose value would change,
/// annotate's one error listing every key already set (change-cause excepted).
fn overwrite_check(field: Field, current: &Map<String, Value>, changes: &Changes) -> Result<(), Vec<VisitError>> {
    let clashes: Vec<(&String, &str)> = changes
        .set
        .iter()
        .filter_map(|(k, v)| current.get(k).and_then(Value::as_str).map(|cur| (k, cur, v)))
        .filter(|(k, cur, v)| match field {
            Field::Labels => cur != v,
            Field::Annotations => k.as_str() != CHANGE_CAUSE,
        })
        .map(|(k, cur, _)| (k, cur))
        .collect();
    if clashes.is_empty() {
        return Ok(());
    }
    Err(match field {
        Field::Labels => clashes.iter().map(|(k, cur)| VisitError::Plain(format!("'{k}' already has a value ({cur}), and --overwrite is false"))).collect(),
        Field::Annotations => {
            let found: Vec<String> = clashes.iter().map(|(k, cur)| format!("'{k}' already has a value ({cur})")).collect();
            vec![VisitError::Plain(format!("--overwrite is false but found the following declared annotation(s): {}", found.join("; ")))]
        }
    })
}

/// Sends the changed object; prints the server's answer, or hands its refusal back.
fn write(ctx: &mut Ctx, printer: &Printer, old: &Object, v: Value, word: &str) -> Result<(), VisitError> {
    let obj = Object::from_value(old.kind(), v).map_err(|e| VisitError::Plain(e.to_string()))?;
    let new = ctx.sim.cluster.write(Write::Update(obj)).map_err(VisitError::Api)?;
    ctx.warn(Some(old), &new);
    print(ctx, printer, new.kind(), &new.to_value(), word);
    let _ = ctx.sim.settle();
    Ok(())
}
