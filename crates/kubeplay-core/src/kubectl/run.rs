//! `kubectl run NAME --image=IMAGE [flags] [-- ARGS...]` (pkg/cmd/run/run.go and the BasicPod
//! generator of pkg/generate/versioned/run.go): the checks in kubectl's order, the Pod it builds,
//! and either `pod/NAME created` or, with `-i`/`--attach`, the attach in `attach.rs`.

use super::flags::{flag, multi, switch, FlagSpec};
use super::gen::{fields, meta, object, string};
use super::printobj::{self, DryRun};
use super::Ctx;
use crate::api::Kind;
use serde_json::{json, Value};
use std::collections::BTreeMap;

pub const FLAGS: &[FlagSpec] = &[
    flag("image", None),
    multi("env", None),
    flag("port", None),
    flag("labels", Some('l')),
    multi("annotations", None),
    flag("image-pull-policy", None),
    flag("restart", None),
    switch("command", None),
    switch("stdin", Some('i')),
    switch("tty", Some('t')),
    switch("attach", None),
    switch("rm", None),
    switch("leave-stdin-open", None),
    switch("quiet", Some('q')),
    switch("privileged", None),
    switch("expose", None),
    flag("pod-running-timeout", None),
    flag("field-manager", None),
    flag("overrides", None),
    flag("override-type", None),
    printobj::OUTPUT,
    printobj::DRY_RUN,
];

/// kubectl's `defaultPodAttachTimeout`.
const DEFAULT_POD_TIMEOUT_MS: i64 = 60_000;

/// What the command line asked for, checked.
pub struct RunOptions {
    pub name: String,
    pub image: String,
    pub args: Vec<String>,
    pub restart: String,
    pub attach: bool,
    pub stdin: bool,
    pub tty: bool,
    pub quiet: bool,
    pub rm: bool,
    pub leave_stdin_open: bool,
    pub timeout_ms: i64,
}

fn usage(msg: &str) -> String {
    format!("error: {msg}\nSee 'kubectl run -h' for help and examples")
}

pub fn run(ctx: &mut Ctx) {
    // cobra's MarkFlagRequired is checked before the command runs.
    if !ctx.p.has("image") {
        return ctx.fail("error: required flag(s) \"image\" not set");
    }
    let dry = match printobj::dry_run(ctx) {
        Ok(d) => d,
        Err(e) => return ctx.fail(e),
    };
    let printer = match printobj::printer(ctx) {
        Ok(p) => p,
        Err(e) => return ctx.fail(e),
    };
    let o = match options(ctx, dry) {
        Ok(o) => o,
        Err(e) => return ctx.fail(e),
    };
    let pod = match build(ctx, &o).map_err(|e| format!("error: {e}")).and_then(|p| overridden(ctx, p)) {
        Ok(p) => p,
        Err(e) => return ctx.fail(e),
    };
    let ns = ctx.namespace.clone();
    let mut pod = pod;
    if dry == DryRun::Client && ctx.p.has("namespace") {
        pod = with_namespace(pod, &ns);
    }
    let made = match super::send::create(ctx, Kind::Pod, &ns, &pod, dry) {
        Ok(v) => v,
        Err(e) => return ctx.fail(e.render(None)),
    };
    // generateService runs (and prints) before the pod is printed; its error comes last.
    let service_error = if ctx.p.on("expose") { expose(ctx, &o, &printer, dry).err() } else { None };
    if o.attach {
        super::attach::run(ctx, &o);
    } else {
        printobj::print(ctx, &printer, Kind::Pod, &made, &printobj::operation("created", dry));
    }
    if let Some(e) = service_error {
        ctx.fail(e);
    }
}

/// `--overrides` (cmdutil.Overrider): the inline JSON applied to the generated object as a JSON
/// merge patch (the default `--override-type=merge`, so a list replaces the generated one), a
/// strategic merge patch, or a JSON patch.
fn overridden(ctx: &Ctx, mut pod: Value) -> Result<Value, String> {
    let Some(text) = ctx.p.get("overrides").filter(|t| !t.is_empty()) else { return Ok(pod) };
    let kind = ctx.p.get("override-type").unwrap_or("merge");
    let patch: Value = match serde_json::from_str(text) {
        Ok(v) => v,
        // evanphx/json-patch's errBadJSONPatch, as MergePatch reports it (the strategic and JSON
        // patch paths word it their own way; not reproduced).
        Err(_) => return Err("error: Invalid JSON Patch".into()),
    };
    match kind {
        "merge" => super::mutate::merge_patch(&mut pod, &patch, false),
        "strategic" => super::mutate::merge_patch(&mut pod, &patch, true),
        "json" => super::mutate::json_patch(&mut pod, &patch).map_err(|e| if e.starts_with("error: ") { e } else { format!("error: {e}") })?,
        other => return Err(format!("error: invalid override type: {other}")),
    }
    Ok(pod)
}

/// `--expose`: a Service (the service/v2 generator) selecting the pod's labels (or `run=NAME`)
/// on `--port`.
fn expose(ctx: &mut Ctx, o: &RunOptions, printer: &printobj::Printer, dry: DryRun) -> Result<(), String> {
    let labels = ctx.p.get("labels").unwrap_or("").to_string();
    let params = super::expose::ServiceParams {
        name: o.name.clone(),
        selector: if labels.is_empty() { format!("run={}", o.name) } else { labels.clone() },
        labels,
        ports: ctx.p.get("port").unwrap_or("").to_string(),
        ..Default::default()
    };
    let mut svc = super::expose::build(&params).map_err(|e| format!("error: {e}"))?;
    let ns = ctx.namespace.clone();
    if dry == DryRun::Client && ctx.p.has("namespace") {
        svc = with_namespace(svc, &ns);
    }
    let made = super::send::create(ctx, Kind::Service, &ns, &svc, dry).map_err(|e| e.render(None))?;
    printobj::print(ctx, printer, Kind::Service, &made, &printobj::operation("created", dry));
    if *printer == printobj::Printer::Yaml {
        ctx.out.out("---\n");
    }
    Ok(())
}

/// The checks of RunOptions.Run before anything is built, in kubectl's order.
fn options(ctx: &Ctx, dry: DryRun) -> Result<RunOptions, String> {
    let p = &ctx.p;
    let before_dash = p.args.len();
    // `--` first means no NAME (kubectl follows the `--` rule of issue #13004).
    let Some(name) = p.args.first().cloned().filter(|_| before_dash > 0) else { return Err(usage("NAME is required for run")) };
    let timeout_ms = match p.get("pod-running-timeout") {
        None => DEFAULT_POD_TIMEOUT_MS,
        Some(t) => go_duration_ms(t).map_err(|e| format!("error: invalid argument \"{t}\" for \"--pod-running-timeout\" flag: {e}"))?,
    };
    if timeout_ms <= 0 {
        return Err(usage("--pod-running-timeout must be higher than zero"));
    }
    let image = p.get("image").unwrap_or("").to_string();
    if image.is_empty() {
        return Err("error: --image is required".into());
    }
    if !crate::kubelet::imageref::is_reference(&image) {
        return Err(format!("error: Invalid image name \"{image}\": invalid reference format"));
    }
    let (stdin, tty) = (p.on("stdin"), p.on("tty"));
    if tty && !stdin {
        return Err(usage("-i/--stdin is required for containers with -t/--tty=true"));
    }
    if p.on("expose") && p.get("port").unwrap_or("").is_empty() {
        return Err(usage("--port must be set when exposing a service"));
    }
    // The flag's default is "Always"; only an explicit empty value falls back to the interactive rule.
    let restart = p.get("restart").unwrap_or("Always").to_string();
    let policy = match restart.as_str() {
        "" if stdin => "OnFailure",
        "" | "Always" => "Always",
        "OnFailure" => "OnFailure",
        "Never" => "Never",
        other => return Err(usage(&format!("invalid restart policy: {other}"))),
    };
    let attach = if p.has("attach") { p.on("attach") } else { stdin };
    let rm = p.on("rm");
    if !attach && rm {
        return Err(usage("--rm should only be used for attached containers"));
    }
    if attach && dry != DryRun::None {
        return Err(usage("--dry-run=[server|client] can't be used with attached containers options (--attach, --stdin, or --tty)"));
    }
    match p.get("image-pull-policy").unwrap_or("") {
        "" | "Always" | "IfNotPresent" | "Never" => {}
        other => return Err(usage(&format!("invalid image pull policy: {other}"))),
    }
    let mut args: Vec<String> = p.args[1..].to_vec();
    args.extend(p.after_dash.clone().unwrap_or_default());
    Ok(RunOptions {
        name,
        image,
        args,
        restart: policy.to_string(),
        attach,
        stdin,
        tty,
        quiet: p.on("quiet"),
        rm,
        leave_stdin_open: p.on("leave-stdin-open"),
        timeout_ms,
    })
}

/// BasicPod.Generate: the Pod as Go would marshal it. Errors are the generator's words.
fn build(ctx: &Ctx, o: &RunOptions) -> Result<Value, String> {
    let p = &ctx.p;
    let env = envs(&p.all("env"))?;
    let labels = match p.get("labels").filter(|l| !l.is_empty()) {
        Some(spec) => super::gen::parse_labels(spec)?,
        None => BTreeMap::from([("run".to_string(), o.name.clone())]),
    };
    let annotations = super::select::parse_pairs(&p.all("annotations"), "annotations", false)?.0;
    // The generator takes the flag as given: `--restart=""` makes an Always pod.
    let restart = match p.get("restart").unwrap_or("Always") {
        "" => "Always",
        r => r,
    };
    let ports = match p.get("port").filter(|s| !s.is_empty()) {
        None => None,
        Some(s) => {
            let n: u16 = s.parse().map_err(|e: std::num::ParseIntError| format!("strconv.ParseUint: parsing {}: {}", crate::api::errors::go_quote(s), parse_uint_words(&e)))?;
            Some(json!([{"containerPort": n}]))
        }
    };
    let (command, args) = match (o.args.is_empty(), p.on("command")) {
        (true, _) => (None, None),
        (false, true) => (Some(json!(o.args)), None),
        (false, false) => (None, Some(json!(o.args))),
    };
    let container = fields(vec![
        ("name", string(&o.name)),
        ("image", string(&o.image)),
        ("command", command),
        ("args", args),
        ("ports", ports),
        ("env", (!env.is_empty()).then(|| Value::Array(env))),
        ("resources", Some(json!({}))),
        ("imagePullPolicy", string(p.get("image-pull-policy").unwrap_or(""))),
        ("securityContext", p.on("privileged").then(|| json!({"privileged": true}))),
        ("stdin", o.stdin.then_some(Value::Bool(true))),
        ("stdinOnce", (o.stdin && !o.leave_stdin_open).then_some(Value::Bool(true))),
        ("tty", o.tty.then_some(Value::Bool(true))),
    ]);
    let spec = fields(vec![("containers", Some(Value::Array(vec![container]))), ("restartPolicy", string(restart)), ("dnsPolicy", string("ClusterFirst"))]);
    Ok(object(Kind::Pod, vec![("metadata", Some(meta(&o.name, "", &labels, &annotations))), ("spec", Some(spec)), ("status", Some(json!({})))]))
}

/// The object with `metadata.namespace` set where Go's ObjectMeta has it (after name).
pub fn with_namespace(mut v: Value, ns: &str) -> Value {
    if let Some(m) = v.get("metadata").and_then(Value::as_object) {
        let mut out = serde_json::Map::new();
        for (k, val) in m {
            out.insert(k.clone(), val.clone());
            if k == "name" {
                out.insert("namespace".into(), Value::from(ns));
            }
        }
        v["metadata"] = Value::Object(out);
    }
    v
}

/// parseEnvs: `NAME=value`, NAME a valid environment variable name.
fn envs(list: &[String]) -> Result<Vec<Value>, String> {
    let mut out = Vec::new();
    for e in list {
        let Some((name, value)) = e.split_once('=') else { return Err(format!("invalid env: {e}")) };
        if !crate::api::names::env_var_name(name).is_empty() {
            return Err(format!("invalid env: {e}"));
        }
        out.push(fields(vec![("name", string(name)), ("value", string(value))]));
    }
    Ok(out)
}

fn parse_uint_words(e: &std::num::ParseIntError) -> &'static str {
    match e.kind() {
        std::num::IntErrorKind::PosOverflow => "value out of range",
        _ => "invalid syntax",
    }
}

/// Go's time.ParseDuration for the units kubectl users write (`90s`, `1m30s`, `500ms`, `2h`).
pub fn go_duration_ms(s: &str) -> Result<i64, String> {
    let invalid = || format!("time: invalid duration {}", crate::api::errors::go_quote(s));
    if s == "0" {
        return Ok(0);
    }
    let mut total = 0f64;
    let mut rest = s;
    if rest.is_empty() {
        return Err(invalid());
    }
    while !rest.is_empty() {
        let num_len = rest.find(|c: char| !(c.is_ascii_digit() || c == '.')).unwrap_or(rest.len());
        if num_len == 0 {
            return Err(invalid());
        }
        let n: f64 = rest[..num_len].parse().map_err(|_| invalid())?;
        rest = &rest[num_len..];
        let unit_len = rest.find(|c: char| c.is_ascii_digit() || c == '.').unwrap_or(rest.len());
        let ms = match &rest[..unit_len] {
            "" => return Err(format!("time: missing unit in duration {}", crate::api::errors::go_quote(s))),
            "h" => 3_600_000.0,
            "m" => 60_000.0,
            "s" => 1_000.0,
            "ms" => 1.0,
            "us" | "µs" => 0.001,
            "ns" => 0.000_001,
            u => return Err(format!("time: unknown unit {} in duration {}", crate::api::errors::go_quote(u), crate::api::errors::go_quote(s))),
        };
        total += n * ms;
        rest = &rest[unit_len..];
    }
    if total > 1e15 {
        return Err(invalid());
    }
    Ok(total as i64)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn durations_like_go() {
        assert_eq!(go_duration_ms("1m"), Ok(60_000));
        assert_eq!(go_duration_ms("1m30s"), Ok(90_000));
        assert_eq!(go_duration_ms("500ms"), Ok(500));
        assert_eq!(go_duration_ms("5").unwrap_err(), "time: missing unit in duration \"5\"");
        assert_eq!(go_duration_ms("x").unwrap_err(), "time: invalid duration \"x\"");
        assert_eq!(go_duration_ms("3d").unwrap_err(), "time: unknown unit \"d\" in duration \"3d\"");
    }
}
