//! `kubectl apply`, `kubectl create -f` and `kubectl replace -f`: read manifests, decode strictly,
//! and create, patch (three-way: last-applied, manifest, live) or replace (a PUT of the manifest as
//! written) each object, printing kubectl's result and error lines.

use super::flags::{flag, multi, switch, FlagSpec};
use super::printobj::{self, DryRun, Printer};
use super::{subcommand, Args, Ctx, Subcommand};
use crate::api::errors::ApiError;
use crate::api::kinds::{kind_from_manifest, removed_version_hint};
use crate::api::strict::{strict_error, unknown_fields};
use crate::api::{Kind, Object};
use crate::cluster::Write;
use serde_json::{Map, Value};

pub const APPLY_FLAGS: &[FlagSpec] = &[multi("filename", Some('f')), switch("recursive", Some('R')), flag("output", Some('o')), flag("validate", None), flag("dry-run", None), switch("server-side", None), flag("field-manager", None)];
pub const CREATE_FLAGS: &[FlagSpec] = &[multi("filename", Some('f')), switch("recursive", Some('R')), flag("output", Some('o')), flag("validate", None), flag("dry-run", None), switch("save-config", None)];
pub const REPLACE_FLAGS: &[FlagSpec] = &[
    multi("filename", Some('f')),
    switch("recursive", Some('R')),
    flag("output", Some('o')),
    flag("validate", None),
    flag("dry-run", None),
    switch("force", None),
    flag("grace-period", None),
    flag("cascade", None),
    flag("timeout", None),
    switch("wait", None),
];
const CREATE_SA_FLAGS: &[FlagSpec] = &[flag("output", Some('o')), flag("dry-run", None), flag("field-manager", None), switch("save-config", None)];
const CREATE_CRONJOB_FLAGS: &[FlagSpec] = &[
    flag("image", None),
    flag("schedule", None),
    flag("restart", None),
    flag("output", Some('o')),
    flag("dry-run", None),
    flag("validate", None),
    flag("field-manager", None),
    switch("save-config", None),
];
const CREATE_JOB_FLAGS: &[FlagSpec] = &[flag("image", None), flag("from", None), flag("output", Some('o')), flag("dry-run", None), flag("validate", None), flag("field-manager", None)];

pub(super) const LAST_APPLIED: &str = "kubectl.kubernetes.io/last-applied-configuration";

/// Bound on documents handled by one command.
pub const MAX_DOCUMENTS: usize = 500;

#[derive(Clone, Copy, PartialEq)]
pub(super) enum Mode {
    Apply,
    Create,
    Replace,
    /// The create half of `replace --force`: a create, printed as `replaced`, its errors unwrapped.
    ForceReplace,
}

pub fn apply(ctx: &mut Ctx) {
    run(ctx, Mode::Apply);
}

/// `kubectl replace -f`: the manifest becomes the object (what it leaves out is gone, apart from
/// what the apiserver keeps: uid, creation time, status); an object that does not exist is an
/// error. `--force` deletes and creates instead (`replace_force.rs`).
pub fn replace(ctx: &mut Ctx) {
    match super::replace_force::options(ctx) {
        Err(e) => ctx.fail(e),
        Ok(o) if o.force => super::replace_force::run(ctx, &o),
        Ok(_) => run(ctx, Mode::Replace),
    }
}

/// The `kubectl create` subcommands kubeplay simulates; `create` dispatches through this table
/// (without one, `create -f` reads manifests).
pub const CREATE_SUBCOMMANDS: &[Subcommand] = &[
    Subcommand { name: "configmap", aliases: &["cm"], flags: super::create_data::CONFIGMAP_FLAGS, args: Args::Nothing, run: super::create_data::configmap },
    Subcommand { name: "cronjob", aliases: &["cj"], flags: CREATE_CRONJOB_FLAGS, args: Args::Nothing, run: super::create_job::cronjob },
    Subcommand { name: "deployment", aliases: &["deploy"], flags: super::create_workload::DEPLOYMENT_FLAGS, args: Args::Nothing, run: super::create_workload::deployment },
    Subcommand { name: "job", aliases: &[], flags: CREATE_JOB_FLAGS, args: Args::Nothing, run: |ctx, _| super::create_job::run(ctx) },
    Subcommand { name: "namespace", aliases: &["ns"], flags: super::create_workload::NAMESPACE_FLAGS, args: Args::Nothing, run: super::create_workload::namespace },
    Subcommand { name: "priorityclass", aliases: &["pc"], flags: super::create_priorityclass::FLAGS, args: Args::Nothing, run: super::create_priorityclass::run },
    Subcommand { name: "secret", aliases: &[], flags: super::create_data::SECRET_FLAGS, args: Args::Subcommands(super::create_data::SECRET_SUBCOMMANDS), run: super::create_data::secret },
    Subcommand { name: "service", aliases: &["svc"], flags: super::create_service::CLUSTERIP_FLAGS, args: Args::Subcommands(super::create_service::SUBCOMMANDS), run: super::create_service::service },
    Subcommand { name: "serviceaccount", aliases: &["sa"], flags: CREATE_SA_FLAGS, args: Args::Nothing, run: |ctx, _| super::create_job::service_account(ctx) },
];

pub fn create(ctx: &mut Ctx) {
    // cobra resolves aliases: `create sa` is `create serviceaccount`.
    let alias = |a: &String| if a == "sa" { "serviceaccount".to_string() } else { a.clone() };
    if let Some(sub) = ctx.p.args.first().map(alias).and_then(|a| subcommand(CREATE_SUBCOMMANDS, &a)) {
        let args = ctx.p.args[1..].to_vec();
        return (sub.run)(ctx, &args);
    }
    if ctx.p.all("filename").is_empty() {
        ctx.fail("error: must specify one of -f and -k");
        return;
    }
    run(ctx, Mode::Create);
}

/// A manifest document ready to send: where it came from and its JSON.
pub(super) struct Doc {
    pub source: String,
    value: Value,
}

/// What one document's request gave, as kubectl prints it: the operation and the object (the
/// server's answer, or what would have been sent for `--dry-run=client`).
pub(super) struct Sent {
    kind: Kind,
    op: &'static str,
    object: Value,
}

fn run(ctx: &mut Ctx, mode: Mode) {
    if ctx.p.all("filename").is_empty() {
        return ctx.fail("error: must specify one of -f and -k");
    }
    let (dry, printer) = match printobj::dry_run(ctx).and_then(|d| Ok((d, printobj::printer(ctx)?))) {
        Ok(x) => x,
        Err(e) => return ctx.fail(e),
    };
    let (docs, mut errors) = read_docs(ctx);
    if docs.len() > MAX_DOCUMENTS {
        return ctx.fail(format!("error: kubeplay applies at most {MAX_DOCUMENTS} documents at once ({} given)", docs.len()));
    }
    // apply prints objects (-o yaml/json/jsonpath) once all are sent, several as one List.
    let hold = mode == Mode::Apply && !matches!(printer, Printer::Operation | Printer::Name);
    let mut held = Vec::new();
    for d in docs {
        match send(ctx, &d, mode, dry) {
            Ok(sent) if hold => held.push(sent),
            Ok(sent) => {
                show(ctx, &printer, &sent, dry, held.len() + 1);
                held.push(sent);
            }
            Err(e) => errors.push(e),
        }
        let _ = ctx.sim.settle();
    }
    match held.len() {
        0 if errors.is_empty() => {
            errors.push(format!("error: no objects passed to {}", mode.command()));
        }
        1 if hold => printobj::print(ctx, &printer, held[0].kind, &held[0].object, ""),
        _ if hold => {
            let items: Vec<Value> = held.iter().map(|s| s.object.clone()).collect();
            let list = serde_json::json!({"apiVersion": "v1", "items": items, "kind": "List", "metadata": {"resourceVersion": ""}});
            printobj::print(ctx, &printer, held[0].kind, &list, "");
        }
        _ => {}
    }
    for e in &errors {
        ctx.out.err(format!("{e}\n"));
    }
    if !errors.is_empty() {
        ctx.out.status = 1;
    }
}

/// Prints the `n`th object a command sent, as its PrintFlags printer does (a YAML printer puts
/// `---` between objects).
pub(super) fn show(ctx: &mut Ctx, printer: &Printer, sent: &Sent, dry: DryRun, n: usize) {
    if n > 1 && *printer == Printer::Yaml {
        ctx.out.out("---\n");
    }
    printobj::print(ctx, printer, sent.kind, &sent.object, &printobj::operation(sent.op, dry));
}

/// Every `-f` source read into documents, with the errors of the ones that could not be read.
pub(super) fn read_docs(ctx: &Ctx) -> (Vec<Doc>, Vec<String>) {
    let mut errors: Vec<String> = Vec::new();
    let mut docs = Vec::new();
    for f in &ctx.p.all("filename") {
        read_source(ctx, f, &mut docs, &mut errors);
    }
    (docs, errors)
}

/// Reads `-f` input (a session file, a directory of them, or `-` for stdin) into documents.
fn read_source(ctx: &Ctx, f: &str, docs: &mut Vec<Doc>, errors: &mut Vec<String>) {
    let inputs: Vec<(String, String)> = if f == "-" {
        vec![("STDIN".to_string(), ctx.stdin.clone().unwrap_or_default())]
    } else {
        match ctx.sim.files.read_manifests(f) {
            Ok(list) => list,
            Err(e) => {
                errors.push(e);
                return;
            }
        }
    };
    for (source, text) in inputs {
        if text.len() > crate::yaml::MAX_YAML_BYTES {
            errors.push(format!("error: {source} is larger than kubeplay's limit of {} bytes", crate::yaml::MAX_YAML_BYTES));
            continue;
        }
        for d in crate::yaml::parse_stream(&text) {
            match d.value {
                Ok(Value::Null) => {}
                Ok(value) => docs.push(Doc { source: source.clone(), value }),
                Err(e) => {
                    errors.push(format!("error: error parsing {source}: error converting YAML to JSON: {e}"));
                    break;
                }
            }
        }
    }
}

/// The kind and name a document gives, and the namespace it goes to; kubectl's error for a
/// document it cannot map.
fn identify(ctx: &Ctx, d: &Doc) -> Result<(Kind, String, String), String> {
    let v = &d.value;
    let api_version = v.get("apiVersion").and_then(Value::as_str).unwrap_or("");
    let kind_name = v.get("kind").and_then(Value::as_str).unwrap_or("");
    if kind_name.is_empty() || api_version.is_empty() {
        let what = if kind_name.is_empty() { "kind" } else { "apiVersion" };
        return Err(format!(
            "error: error validating {}: error validating data: {what} not set; if you choose to ignore these errors, turn validation off with --validate=false",
            go_q(&d.source)
        ));
    }
    let name = v.pointer("/metadata/name").and_then(Value::as_str).unwrap_or("").to_string();
    let manifest_ns = v.pointer("/metadata/namespace").and_then(Value::as_str).map(str::to_string);
    let Some(kind) = kind_from_manifest(api_version, kind_name) else {
        let mut e = format!(
            "error: resource mapping not found for name: {} namespace: {} from {}: no matches for kind {} in version {}\nensure CRDs are installed first",
            go_q(&name), go_q(manifest_ns.as_deref().unwrap_or("")), go_q(&d.source), go_q(kind_name), go_q(api_version)
        );
        if let Some(to) = removed_version_hint(api_version, kind_name) {
            e.push_str(&format!("\nkubeplay hint: {api_version} is no longer served by Kubernetes v1.33; change apiVersion to {to} for {kind_name}"));
        }
        return Err(e);
    };
    let ns = namespace_for(ctx, kind, manifest_ns.as_deref())?;
    Ok((kind, ns, name))
}

/// The object a document names (what `replace --force` deletes).
pub(super) fn target(ctx: &Ctx, d: &Doc) -> Result<crate::api::ObjKey, String> {
    let (kind, ns, name) = identify(ctx, d)?;
    Ok(crate::api::ObjKey::new(kind, &ns, &name))
}

/// Decodes and sends one document (or, for `--dry-run=client`, only says what it would send);
/// what kubectl prints of it, or the error text.
pub(super) fn send(ctx: &mut Ctx, d: &Doc, mode: Mode, dry: DryRun) -> Result<Sent, String> {
    let (kind, ns, name) = identify(ctx, d)?;
    let live = exists(ctx, kind, &ns, &name);
    if dry == DryRun::Client {
        return Ok(client_dry_run(d, mode, kind, &ns, live));
    }
    let v = &d.value;
    let verb = match mode {
        Mode::Replace => "replacing",
        Mode::Create | Mode::ForceReplace => "creating",
        Mode::Apply if live.is_none() => "creating",
        Mode::Apply => "patching",
    };
    // replace --force's creates report the apiserver's error as it is.
    let context = (mode != Mode::ForceReplace).then(|| format!("error when {verb} {}", go_q(&d.source)));
    let context = context.as_deref();
    let mut obj = decode(kind, v).map_err(|m| ApiError::BadRequest(m).render(context))?;
    if ctx.p.get("validate").is_none_or(|x| x == "strict" || x == "true") {
        let unknown = unknown_fields(v, &obj.to_value());
        if !unknown.is_empty() {
            let msg = strict_error(kind.info().name, kind.info().version, &unknown);
            return Err(ApiError::BadRequest(msg).render(context));
        }
    }
    if kind.namespaced() {
        obj.meta_mut().namespace = Some(ns.clone());
    }
    let server_dry = dry == DryRun::Server;
    let result = match (mode, live) {
        (Mode::Create | Mode::ForceReplace, _) | (Mode::Apply, None) => create_one(ctx, obj, mode, v, server_dry).map(|o| ("created", o.to_value())),
        (Mode::Apply, Some(live)) => patch_one(ctx, &live, v, server_dry),
        (Mode::Replace, None) => Err(ApiError::not_found(kind, &name)),
        (Mode::Replace, Some(live)) => update(ctx, obj, server_dry).map(|o| {
            ctx.warn(Some(&live), &o);
            ("replaced", o.to_value())
        }),
    };
    match result {
        Ok((op, object)) => Ok(Sent { kind, op: if mode == Mode::ForceReplace { "replaced" } else { op }, object }),
        Err(e) => Err(e.render(context)),
    }
}

/// `--dry-run=client`: nothing is sent. kubectl prints the manifest with its namespace filled in
/// (and apply's annotation on a create); apply looks the object up first and, when it exists,
/// prints it as it is with `configured`.
fn client_dry_run(d: &Doc, mode: Mode, kind: Kind, ns: &str, live: Option<Object>) -> Sent {
    let mut object = d.value.clone();
    if kind.namespaced() {
        if let Some(meta) = object.get_mut("metadata").and_then(Value::as_object_mut) {
            meta.entry("namespace").or_insert_with(|| Value::String(ns.to_string()));
        }
    }
    let op = match (mode, live) {
        (Mode::Apply, Some(live)) => return Sent { kind, op: "configured", object: live.to_value() },
        (Mode::Apply, None) => {
            let text = format!("{}\n", compact_sorted(&object));
            if let Some(meta) = object.get_mut("metadata").and_then(Value::as_object_mut) {
                let ann = meta.entry("annotations").or_insert_with(|| Value::Object(Map::new()));
                if let Some(a) = ann.as_object_mut() {
                    a.insert(LAST_APPLIED.into(), Value::String(text));
                }
            }
            "created"
        }
        (Mode::Create | Mode::ForceReplace, _) => "created",
        (Mode::Replace, _) => "replaced",
    };
    Sent { kind, op, object }
}

impl Mode {
    fn command(self) -> &'static str {
        match self {
            Mode::Apply => "apply",
            Mode::Create => "create",
            Mode::Replace | Mode::ForceReplace => "replace",
        }
    }
}

fn namespace_for(ctx: &Ctx, kind: Kind, manifest_ns: Option<&str>) -> Result<String, String> {
    if !kind.namespaced() {
        return Ok(String::new());
    }
    match (manifest_ns, ctx.p.get("namespace")) {
        (Some(m), Some(flag)) if m != flag => Err(format!(
            "error: the namespace from the provided object \"{m}\" does not match the namespace \"{flag}\". You must pass '--namespace={m}' to perform this operation."
        )),
        (Some(m), _) => Ok(m.to_string()),
        (None, _) => Ok(ctx.namespace.clone()),
    }
}

fn exists(ctx: &Ctx, kind: Kind, ns: &str, name: &str) -> Option<Object> {
    ctx.sim.cluster.get(&crate::api::ObjKey::new(kind, ns, name)).cloned()
}

/// Typed decoding; type mismatches read like Go's encoding/json errors.
fn decode(kind: Kind, v: &Value) -> Result<Object, String> {
    Object::from_value(kind, v.clone()).map_err(|e| {
        let why = crate::api::gojson::type_error(kind, v).unwrap_or_else(|| json_error_words(&e.to_string()));
        format!("{} in version {} cannot be handled as a {}: {why}", kind.info().name, go_q(kind.info().version), kind.info().name)
    })
}

fn json_error_words(serde_msg: &str) -> String {
    let msg = serde_msg.split(" at line ").next().unwrap_or(serde_msg);
    format!("json: {msg}")
}

fn create_one(ctx: &mut Ctx, mut obj: Object, mode: Mode, manifest: &Value, server_dry: bool) -> Result<Object, ApiError> {
    // A refused request carries the deprecation warning too.
    ctx.requesting(obj.kind());
    if mode == Mode::Apply || (mode == Mode::Create && ctx.p.on("save-config")) {
        let text = last_applied_text(manifest, &obj);
        obj.meta_mut().annotations.get_or_insert_with(Default::default).insert(LAST_APPLIED.into(), text);
    }
    let made = if server_dry { ctx.sim.cluster.dry_run_create(obj)? } else { ctx.sim.cluster.write(Write::Create(obj))? };
    ctx.warn(None, &made);
    Ok(made)
}

/// An update, or with `server_dry` what the apiserver would make of it (nothing is stored).
fn update(ctx: &mut Ctx, obj: Object, server_dry: bool) -> Result<Object, ApiError> {
    ctx.requesting(obj.kind());
    if server_dry { ctx.sim.cluster.dry_run_update(obj) } else { ctx.sim.cluster.write(Write::Update(obj)) }
}

/// The annotation kubectl stores: the manifest as compact JSON with sorted keys, plus a newline.
fn last_applied_text(manifest: &Value, obj: &Object) -> String {
    let mut m = manifest.clone();
    if let Some(meta) = m.get_mut("metadata").and_then(Value::as_object_mut) {
        if obj.kind().namespaced() && !meta.contains_key("namespace") {
            meta.insert("namespace".into(), Value::String(obj.namespace().into()));
        }
        if let Some(a) = meta.get_mut("annotations").and_then(Value::as_object_mut) {
            a.remove(LAST_APPLIED);
        }
    }
    format!("{}\n", compact_sorted(&m))
}

/// Three-way apply: fields in the manifest win over live; fields dropped from the manifest since the
/// last apply are removed; everything else (status, fields others set) stays.
fn patch_one(ctx: &mut Ctx, live: &Object, manifest: &Value, server_dry: bool) -> Result<(&'static str, Value), ApiError> {
    if live.meta().annotations.as_ref().is_none_or(|a| !a.contains_key(LAST_APPLIED)) {
        let name = format!("{}/{}", live.kind().info().plural, live.name());
        ctx.out.err(format!("Warning: resource {name} is missing the {LAST_APPLIED} annotation which is required by kubectl apply. kubectl apply should only be used on resources created declaratively by either kubectl create --save-config or kubectl apply. The missing annotation will be patched automatically.\n"));
    }
    let last: Value = live
        .meta()
        .annotations
        .as_ref()
        .and_then(|a| a.get(LAST_APPLIED))
        .and_then(|s| serde_json::from_str(s).ok())
        .unwrap_or(Value::Null);
    let mut manifest = manifest.clone();
    if let (true, Some(meta)) = (live.kind().namespaced(), manifest.get_mut("metadata").and_then(Value::as_object_mut)) {
        meta.entry("namespace").or_insert_with(|| Value::String(live.namespace().into()));
    }
    let manifest = &manifest;
    let mut merged = live.to_value();
    merge3(&mut merged, manifest, &last);
    let mut obj = Object::from_value(live.kind(), merged).map_err(|e| ApiError::BadRequest(e.to_string()))?;
    let ann = obj.meta_mut().annotations.get_or_insert_with(Default::default);
    ann.insert(LAST_APPLIED.into(), last_applied_text(manifest, live));
    let before = live.clone();
    let after = update(ctx, obj, server_dry)?;
    // A dry run keeps the resourceVersion either way: what would change is the object.
    let unchanged = if server_dry { after == before } else { after.meta().resource_version == before.meta().resource_version };
    // An empty patch is never sent, so only a change can draw warnings.
    if !unchanged {
        ctx.warn(Some(&before), &after);
    }
    let op = if unchanged { "unchanged" } else { "configured" };
    Ok((op, after.to_value()))
}

/// Merges `manifest` into `live` in place, deleting keys that `last` had and `manifest` dropped.
fn merge3(live: &mut Value, manifest: &Value, last: &Value) {
    let (Some(l), Some(m)) = (live.as_object_mut(), manifest.as_object()) else {
        *live = manifest.clone();
        return;
    };
    for (k, mv) in m {
        let lastv = last.get(k).unwrap_or(&Value::Null);
        match l.get_mut(k) {
            Some(lv) if lv.is_object() && mv.is_object() => merge3(lv, mv, lastv),
            Some(Value::Array(la)) if mv.is_array() && merge_key(k, la, mv).is_some() => {
                let key = merge_key(k, la, mv).unwrap_or("name");
                *la = merge_keyed(la, mv.as_array().map_or(&[][..], Vec::as_slice), lastv.as_array().map_or(&[][..], Vec::as_slice), key);
            }
            _ => {
                if mv.is_null() {
                    l.remove(k);
                } else {
                    l.insert(k.clone(), mv.clone());
                }
            }
        }
    }
    if let Some(lastm) = last.as_object() {
        for k in lastm.keys() {
            if !m.contains_key(k) {
                l.remove(k);
            }
        }
    }
}

/// The patchMergeKey of the lists strategic merge patch merges item by item (containers, volumes,
/// mounts, env, ports), when every live and manifest item has it; other lists are replaced whole.
fn merge_key(field: &str, live: &[Value], manifest: &Value) -> Option<&'static str> {
    let key = match field {
        "containers" | "initContainers" | "volumes" | "env" | "imagePullSecrets" => "name",
        "volumeMounts" => "mountPath",
        "ports" if manifest.as_array()?.iter().all(|i| i.get("containerPort").is_some()) => "containerPort",
        "ports" => "port",
        _ => return None,
    };
    let keyed = |items: &[Value]| items.iter().all(|i| i.get(key).is_some());
    (keyed(live) && keyed(manifest.as_array()?)).then_some(key)
}

/// A three-way merge of keyed lists: manifest items in manifest order (each merged into the live
/// item with its key), then live items the manifest never had (the server's, like the token
/// volume admission adds); items dropped since the last apply are removed.
fn merge_keyed(live: &[Value], manifest: &[Value], last: &[Value], key: &str) -> Vec<Value> {
    let find = |items: &[Value], k: Option<&Value>| items.iter().find(|i| i.get(key) == k).cloned();
    let mut out = Vec::new();
    for m in manifest {
        match find(live, m.get(key)) {
            Some(mut l) => {
                merge3(&mut l, m, &find(last, m.get(key)).unwrap_or(Value::Null));
                out.push(l);
            }
            None => out.push(m.clone()),
        }
    }
    for l in live {
        let k = l.get(key);
        if find(manifest, k).is_none() && find(last, k).is_none() {
            out.push(l.clone());
        }
    }
    out
}

/// JSON with keys sorted at every level, as Go's encoder writes maps.
pub fn compact_sorted(v: &Value) -> String {
    serde_json::to_string(&sorted(v)).unwrap_or_default()
}

fn sorted(v: &Value) -> Value {
    match v {
        Value::Object(m) => {
            let mut keys: Vec<&String> = m.keys().collect();
            keys.sort();
            let mut out = Map::new();
            for k in keys {
                out.insert(k.clone(), sorted(&m[k]));
            }
            Value::Object(out)
        }
        Value::Array(a) => Value::Array(a.iter().map(sorted).collect()),
        other => other.clone(),
    }
}

fn go_q(s: &str) -> String {
    crate::api::errors::go_quote(s)
}
