//! `kubectl create job NAME --image=IMAGE [-- COMMAND...]`, `kubectl create job NAME --from=cronjob/NAME`
//! and `kubectl create serviceaccount NAME` (staging/src/k8s.io/kubectl/pkg/cmd/create/create_job.go,
//! create_serviceaccount.go).

use super::Ctx;
use crate::api::errors::ApiError;
use crate::api::{Kind, ObjKey, Object};
use crate::cluster::Write;
use k8s_openapi::api::batch::v1 as batch;
use k8s_openapi::api::core::v1 as core;
use k8s_openapi::apimachinery::pkg::apis::meta::v1::{ObjectMeta, OwnerReference};

pub fn run(ctx: &mut Ctx) {
    // NameFromCommandArgs: exactly one NAME before `--`.
    let args: Vec<String> = ctx.p.args.iter().skip(1).cloned().collect();
    if args.len() != 1 {
        ctx.fail(format!("error: exactly one NAME is required, got {}\nSee 'kubectl create job -h' for help and examples", args.len()));
        return;
    }
    let name = args[0].clone();
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
    let ns = ctx.namespace.clone();
    let job = if !image.is_empty() {
        from_image(&name, &image, command)
    } else {
        let targets = match super::resources::targets(std::slice::from_ref(&from)) {
            Ok(t) => t,
            Err(e) => return ctx.fail(e),
        };
        let [super::resources::Target { kind, name: Some(source) }] = targets.as_slice() else {
            return ctx.fail("error: from must be an existing cronjob");
        };
        match ctx.sim.cluster.get(&ObjKey::new(*kind, &ns, source)).cloned() {
            None => return ctx.fail(ApiError::not_found(*kind, source).render(None)),
            Some(Object::CronJob(cj)) => from_cronjob(&name, &cj),
            Some(other) => return ctx.fail(format!("error: unknown object type *v1.{}", other.kind().info().name)),
        }
    };
    let mut job = job;
    job.metadata.namespace = Some(ns);
    match ctx.sim.cluster.write(Write::Create(Object::Job(Box::new(job)))) {
        Ok(made) => ctx.out.out(format!("{}/{} created\n", Kind::Job.resource_singular_group(), made.name())),
        Err(e) => ctx.fail(format!("error: failed to create job: {}", super::send::status_message(&e))),
    }
}

/// `kubectl create serviceaccount NAME` (alias `sa`).
pub fn service_account(ctx: &mut Ctx) {
    let args: Vec<String> = ctx.p.args.iter().skip(1).cloned().collect();
    if args.len() != 1 {
        ctx.fail(format!("error: exactly one NAME is required, got {}\nSee 'kubectl create serviceaccount -h' for help and examples", args.len()));
        return;
    }
    let sa = core::ServiceAccount { metadata: ObjectMeta { name: Some(args[0].clone()), namespace: Some(ctx.namespace.clone()), ..Default::default() }, ..Default::default() };
    match ctx.sim.cluster.write(Write::Create(Object::ServiceAccount(Box::new(sa)))) {
        Ok(made) => ctx.out.out(format!("{}/{} created\n", Kind::ServiceAccount.resource_singular_group(), made.name())),
        Err(e) => ctx.fail(format!("error: failed to create serviceaccount: {}", super::send::status_message(&e))),
    }
}

/// `createJob`: one container named after the job, restartPolicy Never.
fn from_image(name: &str, image: &str, command: Vec<String>) -> batch::Job {
    let container = core::Container { name: name.into(), image: Some(image.into()), command: (!command.is_empty()).then_some(command), ..Default::default() };
    batch::Job {
        metadata: ObjectMeta { name: Some(name.into()), ..Default::default() },
        spec: Some(batch::JobSpec {
            template: core::PodTemplateSpec { metadata: None, spec: Some(core::PodSpec { containers: vec![container], restart_policy: Some("Never".into()), ..Default::default() }) },
            ..Default::default()
        }),
        status: None,
    }
}

/// `createJobFromCronJob`: the template's labels, its annotations plus `cronjob.kubernetes.io/instantiate:
/// manual`, and a controller reference without blockOwnerDeletion (kubectl avoids NewControllerRef).
fn from_cronjob(name: &str, cj: &batch::CronJob) -> batch::Job {
    let template = cj.spec.as_ref().map(|s| s.job_template.clone()).unwrap_or_default();
    let tm = template.metadata.unwrap_or_default();
    let mut annotations = std::collections::BTreeMap::from([("cronjob.kubernetes.io/instantiate".to_string(), "manual".to_string())]);
    annotations.extend(tm.annotations.unwrap_or_default());
    batch::Job {
        metadata: ObjectMeta {
            name: Some(name.into()),
            annotations: Some(annotations),
            labels: tm.labels,
            owner_references: Some(vec![OwnerReference {
                api_version: "batch/v1".into(),
                kind: "CronJob".into(),
                name: cj.metadata.name.clone().unwrap_or_default(),
                uid: cj.metadata.uid.clone().unwrap_or_default(),
                controller: Some(true),
                block_owner_deletion: None,
            }]),
            ..Default::default()
        },
        spec: template.spec,
        status: None,
    }
}
