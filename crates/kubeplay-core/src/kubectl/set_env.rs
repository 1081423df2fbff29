//! `kubectl set env` as set_env.go runs it: `KEY=VALUE`, `KEY-`, `-e`, `--from=secret/NAME` or
//! `configmap/NAME` (with `--keys`, `--prefix`), `-c` container patterns, `--overwrite=false`,
//! `--list` (with `--resolve`); a change is patched and printed as `<res>/<name> env updated`, an
//! unchanged object prints nothing.

use super::flags::{flag, multi, switch, FlagSpec};
use super::printobj::printer;
use super::select::{render_errors, select, VisitError};
use super::set::{no_pod_template, patch_all, pod_spec, selected_containers, send};
use super::Ctx;
use crate::api::errors::go_quote;
use crate::api::{Kind, ObjKey, Object};
use base64::engine::general_purpose::STANDARD;
use base64::Engine as _;
use serde_json::{json, Value};

pub const FLAGS: &[FlagSpec] = &[
    flag("containers", Some('c')),
    flag("from", None),
    flag("prefix", None),
    multi("env", Some('e')),
    multi("keys", None),
    switch("list", None),
    switch("resolve", None),
    switch("all", None),
    flag("overwrite", None),
    flag("selector", Some('l')),
    flag("output", Some('o')),
];

/// The variables to set (name and the JSON of the EnvVar) and the names to remove.
struct EnvChange {
    set: Vec<(String, Value)>,
    remove: Vec<String>,
}

pub fn run(ctx: &mut Ctx, args: &[String]) {
    if let Err(e) = env(ctx, args) {
        ctx.fail(e);
    }
}

fn env(ctx: &mut Ctx, args: &[String]) -> Result<(), String> {
    if ctx.p.on("all") && ctx.p.get("selector").is_some() {
        return Err("error: cannot set --all and --selector at the same time".into());
    }
    let (resources, env_args) = split_env_from_resources(args).ok_or_else(|| format!("error: all resources must be specified before environment changes: {}", args.join(" ")))?;
    let list = ctx.p.on("list");
    if resources.is_empty() {
        return Err("error: one or more resources must be specified as <resource> <name> or <resource>/<name>".into());
    }
    if list && ctx.p.get("output").is_some() {
        return Err("error: --list and --output may not be specified together".into());
    }
    let keys: Vec<String> = ctx.p.all("keys").iter().flat_map(|k| k.split(',').map(str::to_string).collect::<Vec<_>>()).collect();
    if !keys.is_empty() && ctx.p.get("from").is_none() {
        return Err("error: when specifying --keys, a configmap or secret must be provided with --from".into());
    }
    let overwrite = ctx.p.go_bool("overwrite", true, "set env")?;
    let mut specs = ctx.p.all("env");
    specs.extend(env_args.iter().cloned());
    let mut change = parse_env(&specs)?;
    if let Some(from) = ctx.p.get("from").map(str::to_string) {
        change.set.extend(from_source(ctx, &from, &keys)?);
    }
    if let Some(prefix) = ctx.p.get("prefix").filter(|p| !p.is_empty()) {
        for (name, var) in &mut change.set {
            *name = format!("{prefix}{name}");
            var["name"] = Value::from(name.as_str());
        }
    }
    let printer = printer(ctx)?;
    let selected = select(ctx, &resources)?;
    if !selected.errors.is_empty() {
        return Err(render_errors(&selected.errors));
    }
    let pattern = ctx.p.get("containers").unwrap_or("*").to_string();
    let mut errors: Vec<VisitError> = Vec::new();
    let mut changed = Vec::new();
    for obj in &selected.objects {
        match update(ctx, obj, &change, &pattern, overwrite, list) {
            Ok(Some(v)) => changed.push((obj, v)),
            Ok(None) => {}
            Err(e) => errors.push(VisitError::Plain(e)),
        }
    }
    if list {
        return Ok(());
    }
    let wrap = |e: String| format!("failed to patch env update to pod template: {e}");
    if change.set.is_empty() && env_args.is_empty() {
        // Only removals given with -e: RunEnv checks for variables after a patch went through
        // and before printing it, so the first accepted patch ends the command.
        for (obj, v) in changed {
            match send(ctx, obj, v) {
                Ok(_) => return Err("error: at least one environment variable must be provided".into()),
                Err(e) => errors.push(VisitError::Plain(wrap(e))),
            }
        }
    } else {
        errors.extend(patch_all(ctx, &printer, changed, "env updated", wrap));
    }
    if !errors.is_empty() {
        ctx.fail(render_errors(&errors));
    }
    Ok(())
}

/// SplitEnvironmentFromResources: resources first, then `anything=anything` or `KEY-` words.
fn split_env_from_resources(args: &[String]) -> Option<(Vec<String>, Vec<String>)> {
    let (mut resources, mut env) = (Vec::new(), Vec::new());
    for a in args {
        let is_env = a.find('=').is_some_and(|i| i > 0) || a.ends_with('-');
        match (is_env, env.is_empty()) {
            (true, _) => env.push(a.clone()),
            (false, true) => resources.push(a.clone()),
            (false, false) => return None,
        }
    }
    Some((resources, env))
}

/// ParseEnv: `NAME=value` with a valid name, or `NAME-`.
fn parse_env(specs: &[String]) -> Result<EnvChange, String> {
    let mut change = EnvChange { set: Vec::new(), remove: Vec::new() };
    for spec in specs {
        if spec == "-" {
            return Err("error: when '-' is used, STDIN must be open".into());
        }
        if let Some((name, value)) = spec.split_once('=') {
            if let Some(why) = crate::api::names::env_var_name(name).first() {
                return Err(format!("error: {} is not a valid key name: {why}", go_quote(name)));
            }
            change.set.push((name.to_string(), plain_var(name, value)));
        } else if let Some(name) = spec.strip_suffix('-') {
            change.remove.push(name.to_string());
        } else {
            return Err(format!("error: unknown environment variable: {spec}"));
        }
    }
    if change.remove.iter().any(|r| change.set.iter().any(|(n, _)| n == r)) {
        return Err("error: can not both modify and remove the same environment variable in the same command".into());
    }
    Ok(change)
}

/// An EnvVar with a literal value (an empty value is left out, as Go's omitempty does).
fn plain_var(name: &str, value: &str) -> Value {
    if value.is_empty() {
        json!({ "name": name })
    } else {
        json!({ "name": name, "value": value })
    }
}

/// `--from`: one EnvVar per key of the Secret or ConfigMap, referring to it (Go walks the data map
/// in random order; kubeplay takes the keys sorted).
fn from_source(ctx: &Ctx, from: &str, keys: &[String]) -> Result<Vec<(String, Value)>, String> {
    let selected = select(ctx, &[from.to_string()])?;
    if !selected.errors.is_empty() {
        return Err(render_errors(&selected.errors));
    }
    let mut out = Vec::new();
    for obj in &selected.objects {
        let (field, data) = match obj.kind() {
            Kind::Secret => ("secretKeyRef", "data"),
            Kind::ConfigMap => ("configMapKeyRef", "data"),
            _ => return Err("error: unsupported resource specified in --from".into()),
        };
        let v = obj.to_value();
        let mut names: Vec<&String> = v.get(data).and_then(Value::as_object).map(|m| m.keys().collect()).unwrap_or_default();
        names.sort();
        for key in names.into_iter().filter(|k| keys.is_empty() || keys.contains(k)) {
            let name = key_to_env_name(key);
            out.push((name.clone(), json!({ "name": name, "valueFrom": { field: { "key": key, "name": obj.name() } } })));
        }
    }
    Ok(out)
}

/// keyToEnvName: upper case, every character outside `[a-zA-Z0-9_]` replaced by `_`.
fn key_to_env_name(key: &str) -> String {
    key.chars().map(|c| if c.is_ascii_alphanumeric() || c == '_' { c.to_ascii_uppercase() } else { '_' }).collect()
}

/// The mutation of one object: Ok(Some(new JSON)) when it changed, Ok(None) when not (or when only
/// listing), Err with the line RunEnv prints for it.
fn update(ctx: &mut Ctx, obj: &Object, change: &EnvChange, pattern: &str, overwrite: bool, list: bool) -> Result<Option<Value>, String> {
    let old = obj.to_value();
    let mut v = old.clone();
    let Some(spec) = pod_spec(&mut v, obj.kind()) else { return Err(format!("{}\n", no_pod_template(obj))) };
    let kind_name = obj.kind().info().name;
    let containers = selected_containers(spec, pattern);
    if containers.is_empty() {
        ctx.out.err(format!("warning: {kind_name}/{} does not have any containers matching {}\n", obj.name(), go_quote(pattern)));
        return Ok(None);
    }
    let mut listing = String::new();
    let mut unresolved: Vec<(String, String)> = Vec::new();
    for c in containers {
        let existing: Vec<Value> = c.get("env").and_then(Value::as_array).cloned().unwrap_or_default();
        if !overwrite {
            no_overwrites(&existing, change).map_err(|e| format!("error: {}/{} {e}\n", obj.kind().info().plural, obj.name()))?;
        }
        let env = update_env(&existing, change);
        if list {
            let cname = c.get("name").and_then(Value::as_str).unwrap_or("");
            listing.push_str(&format!("# {kind_name} {}, container {cname}\n", obj.name()));
            for var in &env {
                listing.push_str(&list_line(ctx, obj, var, &mut unresolved));
            }
        }
        match c.as_object_mut() {
            Some(m) if env.is_empty() => m.remove("env"),
            Some(m) => m.insert("env".into(), Value::Array(env)),
            None => None,
        };
    }
    if list {
        ctx.out.out(listing);
        for line in resolve_errors(unresolved) {
            ctx.out.err(format!("{line}\n"));
        }
        return Ok(None);
    }
    Ok((v != old).then_some(v))
}

/// validateNoOverwrites: the first variable whose value would change.
fn no_overwrites(existing: &[Value], change: &EnvChange) -> Result<(), String> {
    for (name, var) in &change.set {
        if let Some(cur) = existing.iter().find(|e| e.get("name").and_then(Value::as_str) == Some(name)) {
            let value = |v: &Value| v.get("value").and_then(Value::as_str).unwrap_or("").to_string();
            if value(cur) != value(var) {
                return Err(format!("'{name}' already has a value ({}), and --overwrite is false", value(cur)));
            }
        }
    }
    Ok(())
}

/// updateEnv: existing variables in place (replaced by a new one of the same name, dropped when
/// removed), then the new ones.
fn update_env(existing: &[Value], change: &EnvChange) -> Vec<Value> {
    let mut covered: Vec<&str> = change.remove.iter().map(String::as_str).collect();
    let mut out = Vec::new();
    for e in existing {
        let name = e.get("name").and_then(Value::as_str).unwrap_or("");
        if covered.contains(&name) {
            continue;
        }
        match change.set.iter().find(|(n, _)| n == name) {
            Some((n, newer)) => {
                covered.push(n);
                out.push(newer.clone());
            }
            None => out.push(e.clone()),
        }
    }
    for (n, var) in &change.set {
        if !covered.contains(&n.as_str()) {
            covered.push(n);
            out.push(var.clone());
        }
    }
    out
}

/// One `--list` line: `NAME=value`, or `# NAME from <reference>` (resolved with `--resolve`).
fn list_line(ctx: &Ctx, obj: &Object, var: &Value, unresolved: &mut Vec<(String, String)>) -> String {
    let name = var.get("name").and_then(Value::as_str).unwrap_or("");
    let Some(from) = var.get("valueFrom") else {
        return format!("{name}={}\n", var.get("value").and_then(Value::as_str).unwrap_or(""));
    };
    let reference = format!("# {name} from {}\n", ref_string(from));
    if !ctx.p.on("resolve") {
        return reference;
    }
    match resolve(ctx, obj, from) {
        Ok(value) => format!("{name}={value}\n"),
        Err(e) => {
            unresolved.push((e, name.to_string()));
            reference
        }
    }
}

/// GetEnvVarRefString.
fn ref_string(from: &Value) -> String {
    let s = |v: &Value, k: &str| v.get(k).and_then(Value::as_str).unwrap_or("").to_string();
    if let Some(r) = from.get("configMapKeyRef") {
        return format!("configmap {}, key {}", s(r, "name"), s(r, "key"));
    }
    if let Some(r) = from.get("secretKeyRef") {
        return format!("secret {}, key {}", s(r, "name"), s(r, "key"));
    }
    if let Some(r) = from.get("fieldRef") {
        return format!("field path {}", s(r, "fieldPath"));
    }
    if let Some(r) = from.get("resourceFieldRef") {
        let container = s(r, "containerName");
        let prefix = if container.is_empty() { String::new() } else { format!("{container}/") };
        return format!("resource field {prefix}{}", s(r, "resource"));
    }
    "invalid valueFrom".into()
}

/// GetEnvVarRefValue for the references a learner meets: Secret and ConfigMap keys and the
/// object's own name, namespace and uid.
fn resolve(ctx: &Ctx, obj: &Object, from: &Value) -> Result<String, String> {
    let s = |v: &Value, k: &str| v.get(k).and_then(Value::as_str).unwrap_or("").to_string();
    let lookup = |kind: Kind, r: &Value, what: &str| -> Result<String, String> {
        let name = s(r, "name");
        let key = s(r, "key");
        let Some(o) = ctx.sim.cluster.get(&ObjKey::new(kind, obj.namespace(), &name)) else {
            return Err(crate::api::errors::ApiError::not_found(kind, &name).message());
        };
        let data = o.to_value();
        match data.pointer(&format!("/data/{}", key.replace('~', "~0").replace('/', "~1"))).and_then(Value::as_str) {
            Some(raw) if kind == Kind::Secret => Ok(String::from_utf8_lossy(&STANDARD.decode(raw).unwrap_or_default()).into_owned()),
            Some(raw) => Ok(raw.to_string()),
            None => Err(format!("key {key} not found in {what} {name}")),
        }
    };
    if let Some(r) = from.get("secretKeyRef") {
        return lookup(Kind::Secret, r, "secret");
    }
    if let Some(r) = from.get("configMapKeyRef") {
        return lookup(Kind::ConfigMap, r, "config map");
    }
    if let Some(r) = from.get("fieldRef") {
        return match s(r, "fieldPath").as_str() {
            "metadata.name" => Ok(obj.name().to_string()),
            "metadata.namespace" => Ok(obj.namespace().to_string()),
            "metadata.uid" => Ok(obj.to_value().pointer("/metadata/uid").and_then(Value::as_str).unwrap_or("").to_string()),
            other => Err(format!("unsupported fieldPath: {other}")),
        };
    }
    Err("invalid valueFrom".into())
}

/// The resolution errors, grouped by message, as RunEnv prints them to stderr (sorted).
fn resolve_errors(unresolved: Vec<(String, String)>) -> Vec<String> {
    let mut by_error: Vec<(String, Vec<String>)> = Vec::new();
    for (err, name) in unresolved {
        match by_error.iter_mut().find(|(e, _)| *e == err) {
            Some((_, names)) => names.push(name),
            None => by_error.push((err, vec![name])),
        }
    }
    let mut lines: Vec<String> = by_error
        .into_iter()
        .map(|(err, mut names)| {
            names.sort();
            format!("error retrieving reference for {}: {err}", names.join(", "))
        })
        .collect();
    lines.sort();
    lines
}
