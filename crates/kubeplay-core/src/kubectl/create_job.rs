//! `kubectl create job NAME --image=IMAGE [-- COMMAND...]`, `kubectl create job NAME --from=cronjob/NAME`,
//! `kubectl create cronjob NAME --image=IMAGE --schedule=CRON [-- COMMAND...]` and `kubectl create
//! serviceaccount NAME` (staging/src/k8s.io/kubectl/pkg/cmd/create/create_job.go, create_cronjob.go,
//! create_serviceaccount.go).

use super::create_workload::{complete, enforced_namespace, send};
use super::gen::{fields, meta, object, string};
use super::Ctx;
use crate::api::errors::ApiError;
use crate::api::{Kind, ObjKey, Object};
use k8s_openapi::api::batch::v1 as batch;
use serde_json::{json, Value};
use std::collections::BTreeMap;

pub fn run(ctx: &mut Ctx) {
    // NameFromCommandArgs: exactly one NAME before `--`.
    let args: Vec<String> = ctx.p.args.iter().skip(1).cloned().collect();
    if args.len() != 1 {
        ctx.fail(format!("error: exactly one NAME is required, got {}\nSee 'kubectl create job -h' for help and examples", args.len()));
        return;
    }
    let name = args[0].clone();
    let (printer, dry) = match complete(ctx) {
        Ok(x) => x,
        Err(e) => return ctx.fail(e),
    };
    let image = ctx.p.get("image").unwrap_or("").to_string();
    let from = ctx.p.get("from").unwrap_or("").to_string();
    let command = ctx.p.after_dash.clone().unwrap_or_default();
    if image.is_empty() == from.is_empty() {
        ctx.fail("error: either --image or --from must be specified");
        return;
    }
    if !command.is_empty() && !from.is_empty() {
        ctx.fail("error: cannot specify --from and command");
        return;
    }
    let ns = enforced_namespace(ctx);
    let job = if !image.is_empty() {
        from_image(&name, &ns, &image, command)
    } else {
        let targets = match super::resources::targets(std::slice::from_ref(&from)) {
            Ok(t) => t,
            Err(e) => return ctx.fail(e),
        };
        let [super::resources::Target { kind, name: Some(source) }] = targets.as_slice() else {
            return ctx.fail("error: from must be an existing cronjob");
        };
        // The CronJob is read from the cluster even for a client dry run.
        match ctx.sim.cluster.get(&ObjKey::new(*kind, &ctx.namespace, source)).cloned() {
            None => return ctx.fail(ApiError::not_found(*kind, source).render(None)),
            Some(Object::CronJob(cj)) => from_cronjob(&name, &ns, &cj),
            Some(other) => return ctx.fail(format!("error: unknown object type {}", other.kind().go_type())),
        }
    };
    send(ctx, Kind::Job, &job, dry, &printer, "job");
}

/// `kubectl create cronjob NAME --image=IMAGE --schedule=CRON [--restart=OnFailure|Never] [-- COMMAND...]`
/// (alias `cj`): cobra's required flags first, then NameFromCommandArgs; the schedule is the
/// apiserver's to judge.
pub fn cronjob(ctx: &mut Ctx, args: &[String]) {
    let missing: Vec<String> = ["image", "schedule"].iter().filter(|f| !ctx.p.has(f)).map(|f| format!("\"{f}\"")).collect();
    if !missing.is_empty() {
        return ctx.fail(format!("error: required flag(s) {} not set", missing.join(", ")));
    }
    let name = match super::create_workload::name_arg(args, "cronjob") {
        Ok(n) => n,
        Err(e) => return ctx.fail(e),
    };
    let (printer, dry) = match complete(ctx) {
        Ok(x) => x,
        Err(e) => return ctx.fail(e),
    };
    let image = ctx.p.get("image").unwrap_or("").to_string();
    let schedule = ctx.p.get("schedule").unwrap_or("").to_string();
    let restart = ctx.p.get("restart").filter(|r| !r.is_empty()).unwrap_or("OnFailure").to_string();
    let command = ctx.p.after_dash.clone().unwrap_or_default();
    let ns = enforced_namespace(ctx);
    let cj = cronjob_object(&name, &ns, &image, &schedule, &restart, command);
    send(ctx, Kind::CronJob, &cj, dry, &printer, "cronjob");
}

/// createCronJob: the job template named after the CronJob too, one container named after it.
fn cronjob_object(name: &str, ns: &str, image: &str, schedule: &str, restart: &str, command: Vec<String>) -> Value {
    let cmd = (!command.is_empty()).then(|| json!(command));
    let container = fields(vec![("name", string(name)), ("image", string(image)), ("command", cmd), ("resources", Some(json!({})))]);
    let pod = fields(vec![("containers", Some(json!([container]))), ("restartPolicy", string(restart))]);
    let template = fields(vec![("metadata", Some(json!({"creationTimestamp": null}))), ("spec", Some(pod))]);
    // Go's field order, which `-o json` shows: ObjectMeta's name before creationTimestamp, the
    // spec's schedule before jobTemplate.
    let job_meta = fields(vec![("name", string(name)), ("creationTimestamp", Some(Value::Null))]);
    let job_template = fields(vec![("metadata", Some(job_meta)), ("spec", Some(json!({ "template": template })))]);
    let no_map = BTreeMap::new();
    let spec = fields(vec![("schedule", Some(json!(schedule))), ("jobTemplate", Some(job_template))]);
    object(Kind::CronJob, vec![("metadata", Some(meta(name, ns, &no_map, &no_map))), ("spec", Some(spec)), ("status", Some(json!({})))])
}

/// `kubectl create serviceaccount NAME` (alias `sa`).
pub fn service_account(ctx: &mut Ctx) {
    let args: Vec<String> = ctx.p.args.iter().skip(1).cloned().collect();
    if args.len() != 1 {
        ctx.fail(format!("error: exactly one NAME is required, got {}\nSee 'kubectl create serviceaccount -h' for help and examples", args.len()));
        return;
    }
    let (printer, dry) = match complete(ctx) {
        Ok(x) => x,
        Err(e) => return ctx.fail(e),
    };
    let ns = enforced_namespace(ctx);
    let sa = object(Kind::ServiceAccount, vec![("metadata", Some(meta(&args[0], &ns, &BTreeMap::new(), &BTreeMap::new())))]);
    send(ctx, Kind::ServiceAccount, &sa, dry, &printer, "serviceaccount");
}

/// `createJob`: one container named after the job, restartPolicy Never, as Go marshals it.
fn from_image(name: &str, ns: &str, image: &str, command: Vec<String>) -> Value {
    let cmd = (!command.is_empty()).then(|| json!(command));
    let container = fields(vec![("name", string(name)), ("image", string(image)), ("command", cmd), ("resources", Some(json!({})))]);
    let pod = fields(vec![("containers", Some(json!([container]))), ("restartPolicy", Some(json!("Never")))]);
    let template = fields(vec![("metadata", Some(json!({"creationTimestamp": null}))), ("spec", Some(pod))]);
    let no_map = BTreeMap::new();
    object(Kind::Job, vec![("metadata", Some(meta(name, ns, &no_map, &no_map))), ("spec", Some(json!({"template": template}))), ("status", Some(json!({})))])
}

/// `createJobFromCronJob`: the template's labels, its annotations plus `cronjob.kubernetes.io/instantiate:
/// manual`, and a controller reference without blockOwnerDeletion (kubectl avoids NewControllerRef).
/// The spec is the CronJob's stored job template spec (its fields in k8s-openapi's order, not Go's,
/// which only `-o json` shows).
fn from_cronjob(name: &str, ns: &str, cj: &batch::CronJob) -> Value {
    let template = cj.spec.as_ref().map(|s| s.job_template.clone()).unwrap_or_default();
    let tm = template.metadata.unwrap_or_default();
    let mut annotations = BTreeMap::from([("cronjob.kubernetes.io/instantiate".to_string(), "manual".to_string())]);
    annotations.extend(tm.annotations.unwrap_or_default());
    let mut metadata = meta(name, ns, &tm.labels.unwrap_or_default(), &annotations);
    let owner = json!([{
        "apiVersion": "batch/v1",
        "kind": "CronJob",
        "name": cj.metadata.name.clone().unwrap_or_default(),
        "uid": cj.metadata.uid.clone().unwrap_or_default(),
        "controller": true,
    }]);
    if let Some(m) = metadata.as_object_mut() {
        m.insert("ownerReferences".into(), owner);
    }
    let mut spec = serde_json::to_value(template.spec.unwrap_or_default()).unwrap_or_else(|_| json!({}));
    // The pod template's ObjectMeta is a struct in Go: always written, with a null creationTimestamp.
    if let Some(t) = spec.get_mut("template").and_then(Value::as_object_mut) {
        let m = t.entry("metadata").or_insert_with(|| json!({}));
        if let Some(m) = m.as_object_mut() {
            m.insert("creationTimestamp".into(), Value::Null);
        }
    }
    object(Kind::Job, vec![("metadata", Some(metadata)), ("spec", Some(spec)), ("status", Some(json!({})))])
}
