//! `kubectl rollout history` and `kubectl rollout undo` (pkg/cmd/rollout, polymorphichelpers'
//! history.go and rollback.go): a Deployment's revisions are its ReplicaSets'
//! `deployment.kubernetes.io/revision`, a StatefulSet's and a DaemonSet's their ControllerRevisions.

use super::flags::{flag, multi, switch, FlagSpec};
use super::printobj::{self, DryRun};
use super::rollout::{group_kind, objects};
use super::Ctx;
use crate::api::{Kind, Object};
use crate::cluster::Write;
use k8s_openapi::api::apps::v1 as apps;
use k8s_openapi::api::core::v1 as core;
use serde_json::Value;
use std::collections::BTreeMap;

pub const HISTORY_FLAGS: &[FlagSpec] = &[flag("revision", None), printobj::OUTPUT, multi("filename", Some('f')), switch("recursive", Some('R')), flag("selector", Some('l'))];
pub const UNDO_FLAGS: &[FlagSpec] = &[flag("to-revision", None), printobj::OUTPUT, printobj::DRY_RUN, multi("filename", Some('f')), switch("recursive", Some('R')), flag("selector", Some('l'))];

const CHANGE_CAUSE: &str = "kubernetes.io/change-cause";
const REVISION: &str = "deployment.kubernetes.io/revision";

/// One revision: its number, the object holding it (a ReplicaSet or ControllerRevision), the pod
/// template it records and its change-cause.
struct Revision {
    number: i64,
    holder: Object,
    template: core::PodTemplateSpec,
    cause: String,
}

/// HistoryViewerFor / RollbackerFor: Deployments and StatefulSets have history; the kinds the
/// visitor knows but gives none get "no ... has been implemented", others "no visitor method".
fn viewer_error(kind: Kind, what: &str, verb: &str) -> Option<String> {
    let gk = group_kind(kind);
    match kind {
        Kind::Deployment | Kind::StatefulSet | Kind::DaemonSet => None,
        Kind::Pod | Kind::Job | Kind::ReplicaSet | Kind::CronJob => Some(format!("error: no {what} has been implemented for \"{gk}\"")),
        _ => Some(format!("error: error retrieving {verb} for \"{gk}\", no visitor method exists for {{{} {}}}", kind.info().group, kind.info().name)),
    }
}

/// The revisions of a Deployment or StatefulSet, by number (a later holder of a number wins, as
/// the Go map does).
fn revisions(ctx: &Ctx, o: &Object) -> BTreeMap<i64, Revision> {
    let mut out = BTreeMap::new();
    let store = &ctx.sim.cluster.store;
    match o {
        Object::Deployment(d) => {
            let selector = d.spec.as_ref().map(|s| s.selector.clone()).unwrap_or_default();
            for r in store.list(Kind::ReplicaSet, Some(o.namespace())) {
                let Object::ReplicaSet(rs) = r else { continue };
                if !crate::controllers::owners::is_controlled_by(r, o.uid()) || !crate::selector::matches_label_selector(&selector, r.labels()) {
                    continue;
                }
                let Some(number) = rs.metadata.annotations.as_ref().and_then(|a| a.get(REVISION)).and_then(|v| v.parse::<i64>().ok()) else { continue };
                let template = rs.spec.as_ref().and_then(|s| s.template.clone()).unwrap_or_default();
                let cause = annotation(&rs.metadata, CHANGE_CAUSE);
                out.insert(number, Revision { number, holder: r.clone(), template, cause });
            }
        }
        Object::StatefulSet(_) | Object::DaemonSet(_) => {
            let selector = match o {
                Object::StatefulSet(s) => s.spec.as_ref().map(|s| s.selector.clone()),
                Object::DaemonSet(d) => d.spec.as_ref().map(|s| s.selector.clone()),
                _ => None,
            }
            .unwrap_or_default();
            for r in store.list(Kind::ControllerRevision, Some(o.namespace())) {
                let Object::ControllerRevision(cr) = r else { continue };
                if !crate::controllers::owners::is_controlled_by(r, o.uid()) || !crate::selector::matches_label_selector(&selector, r.labels()) {
                    continue;
                }
                out.insert(cr.revision, Revision { number: cr.revision, holder: r.clone(), template: recorded_template(cr), cause: annotation(&cr.metadata, CHANGE_CAUSE) });
            }
        }
        _ => {}
    }
    out
}

fn annotation(m: &k8s_openapi::apimachinery::pkg::apis::meta::v1::ObjectMeta, k: &str) -> String {
    m.annotations.as_ref().and_then(|a| a.get(k)).cloned().unwrap_or_default()
}

/// The template a ControllerRevision's replace patch records.
fn recorded_template(cr: &apps::ControllerRevision) -> core::PodTemplateSpec {
    let t = cr.data.as_ref().and_then(|d| d.0.get("spec")?.get("template").cloned());
    t.and_then(|mut t| {
        if let Value::Object(m) = &mut t {
            m.remove("$patch");
        }
        crate::api::object::decode(&t).ok()
    })
    .unwrap_or_default()
}

/// printTemplate: DescribePodTemplate through a bare PrefixWriter (tabs left as written).
fn template_text(t: &core::PodTemplateSpec) -> String {
    let mut w = super::describe_fmt::Tab::default();
    super::describe_pod::pod_template(&mut w, Some(t));
    w.raw()
}

pub fn history(ctx: &mut Ctx, args: &[String]) {
    let revision = match ctx.p.get("revision").map(|r| r.parse::<i64>()) {
        None => 0,
        Some(Ok(r)) if r >= 0 => r,
        Some(Ok(r)) => return ctx.fail(format!("error: revision must be a positive integer: {r}")),
        Some(Err(_)) => {
            let r = ctx.p.get("revision").unwrap_or("");
            return ctx.fail(format!("error: invalid argument \"{r}\" for \"--revision\" flag: strconv.ParseInt: parsing \"{r}\": invalid syntax\nSee 'kubectl rollout history --help' for usage."));
        }
    };
    let output = ctx.p.get("output").filter(|o| !o.is_empty()).map(str::to_string);
    let printer = match printobj::printer(ctx) {
        Ok(p) => p,
        Err(e) => return ctx.fail(e),
    };
    let (objs, errors) = match objects(ctx, args) {
        Ok(x) => x,
        Err(e) => return ctx.fail(e),
    };
    for e in errors {
        ctx.fail(e);
    }
    for o in objs {
        if let Some(e) = viewer_error(o.kind(), "history viewer", "history") {
            return ctx.fail(e);
        }
        let revs = revisions(ctx, &o);
        if output.is_some() {
            // GetHistory: the ReplicaSets (or the set as each revision had it) themselves.
            if revision > 0 && !revs.contains_key(&revision) {
                return ctx.fail("error: unable to find the specified revision");
            }
            for r in revs.values().filter(|r| revision == 0 || r.number == revision) {
                let shown = as_of(&o, r);
                printobj::print(ctx, &printer, shown.kind(), &shown.to_value(), "");
            }
            continue;
        }
        let text = if revs.is_empty() {
            "No rollout history found.".to_string()
        } else if revision > 0 {
            match revs.get(&revision) {
                Some(r) => template_text(&r.template),
                None => return ctx.fail("error: unable to find the specified revision"),
            }
        } else {
            let mut rows = vec![vec!["REVISION".to_string(), "CHANGE-CAUSE".to_string()]];
            rows.extend(revs.values().map(|r| vec![r.number.to_string(), if r.cause.is_empty() { "<none>".into() } else { r.cause.clone() }]));
            super::describe_fmt::tabwriter(&rows.iter().map(|r| format!("{}\n", r.join("\t"))).collect::<String>())
        };
        let with = if revision > 0 { format!("with revision #{revision}") } else { String::new() };
        ctx.out.out(format!("{}/{} {with}\n{text}\n", o.kind().resource_singular_group(), o.name()));
    }
}

/// What GetHistory hands the printer for one revision: the ReplicaSet, or the StatefulSet with the
/// revision's template.
fn as_of(o: &Object, r: &Revision) -> Object {
    match o {
        Object::StatefulSet(s) => {
            let mut s = s.clone();
            if let Some(spec) = s.spec.as_mut() {
                spec.template = r.template.clone();
            }
            Object::StatefulSet(s)
        }
        Object::DaemonSet(d) => {
            let mut d = d.clone();
            if let Some(spec) = d.spec.as_mut() {
                spec.template = r.template.clone();
            }
            Object::DaemonSet(d)
        }
        _ => r.holder.clone(),
    }
}

pub fn undo(ctx: &mut Ctx, args: &[String]) {
    let to = match ctx.p.get("to-revision").map(|r| r.parse::<i64>()) {
        None => 0,
        Some(Ok(r)) => r,
        Some(Err(_)) => {
            let r = ctx.p.get("to-revision").unwrap_or("");
            return ctx.fail(format!("error: invalid argument \"{r}\" for \"--to-revision\" flag: strconv.ParseInt: parsing \"{r}\": invalid syntax\nSee 'kubectl rollout undo --help' for usage."));
        }
    };
    let dry = match printobj::dry_run(ctx) {
        Ok(d) => d,
        Err(e) => return ctx.fail(e),
    };
    let printer = match printobj::printer(ctx) {
        Ok(p) => p,
        Err(e) => return ctx.fail(e),
    };
    let (objs, errors) = match objects(ctx, args) {
        Ok(x) => x,
        Err(e) => return ctx.fail(e),
    };
    for e in errors {
        ctx.fail(e);
    }
    for o in objs {
        if let Some(e) = viewer_error(o.kind(), "rollbacker", "rollbacker") {
            return ctx.fail(e);
        }
        match rollback(ctx, &o, to, dry) {
            Ok(result) => {
                let current = ctx.sim.cluster.get(&o.key()).cloned().unwrap_or(o);
                printobj::print(ctx, &printer, current.kind(), &current.to_value(), &printobj::operation(&result, dry));
            }
            Err(e) => return ctx.fail(format!("error: {e}")),
        }
    }
}

/// Rollback: find the revision (the one before the newest for `to` 0), then replace the template.
fn rollback(ctx: &mut Ctx, o: &Object, to: i64, dry: DryRun) -> Result<String, String> {
    if to < 0 {
        return Err(format!("unable to find specified revision {to} in history"));
    }
    let revs = revisions(ctx, o);
    let target = if to > 0 {
        revs.get(&to).ok_or_else(|| format!("unable to find specified revision {to} in history"))?
    } else {
        let mut newest = revs.values().rev();
        let (_, previous) = (newest.next(), newest.next());
        match (o, previous) {
            (_, Some(p)) => p,
            (Object::Deployment(_), None) => return Err(format!("no rollout history found for deployment {}", crate::api::errors::go_quote(o.name()))),
            (_, None) => return Err("no last revision to roll back to".into()),
        }
    };
    let mut template = target.template.clone();
    match o {
        Object::Deployment(d) => {
            if dry == DryRun::Client {
                return Ok(template_text(&template));
            }
            let spec = d.spec.clone().unwrap_or_default();
            if spec.paused == Some(true) {
                return Err(format!("you cannot rollback a paused deployment; resume it first with 'kubectl rollout resume deployment/{}' and try again", o.name()));
            }
            if crate::controllers::deployment_util::equal_ignore_hash(&template, &spec.template) {
                return Ok(format!("skipped rollback (current template already matches revision {to})"));
            }
            if let Some(l) = template.metadata.as_mut().and_then(|m| m.labels.as_mut()) {
                l.remove("pod-template-hash");
            }
            // The Deployment's own bookkeeping annotations stay; the ReplicaSet's others come back.
            const SKIP: &[&str] = &[
                "kubectl.kubernetes.io/last-applied-configuration",
                REVISION,
                "deployment.kubernetes.io/revision-history",
                "deployment.kubernetes.io/desired-replicas",
                "deployment.kubernetes.io/max-replicas",
                "deprecated.deployment.rollback.to",
            ];
            let mut annotations: BTreeMap<String, String> = d.metadata.annotations.clone().unwrap_or_default().into_iter().filter(|(k, _)| SKIP.contains(&k.as_str())).collect();
            annotations.extend(target.holder.meta().annotations.clone().unwrap_or_default().into_iter().filter(|(k, _)| !SKIP.contains(&k.as_str())));
            let mut d = d.clone();
            d.metadata.annotations = Some(annotations);
            if let Some(s) = d.spec.as_mut() {
                s.template = template;
            }
            write(ctx, Object::Deployment(d), dry, to)
        }
        Object::StatefulSet(s) => {
            if dry == DryRun::Client {
                return Ok(format!("will roll back to {}", template_text(&template)));
            }
            if let Object::ControllerRevision(cr) = &target.holder {
                if crate::controllers::statefulset_history::patch(s) == cr.data.as_ref().map_or(Value::Null, |d| d.0.clone()) {
                    return Ok(format!("skipped rollback (current template already matches revision {to})"));
                }
            }
            let mut s = s.clone();
            if let Some(spec) = s.spec.as_mut() {
                spec.template = template;
            }
            write(ctx, Object::StatefulSet(s), dry, to)
        }
        Object::DaemonSet(d) => {
            if dry == DryRun::Client {
                return Ok(format!("will roll back to {}", template_text(&template)));
            }
            if d.spec.as_ref().map(|s| &s.template) == Some(&template) {
                return Ok(format!("skipped rollback (current template already matches revision {to})"));
            }
            let mut d = d.clone();
            if let Some(spec) = d.spec.as_mut() {
                spec.template = template;
            }
            write(ctx, Object::DaemonSet(d), dry, to)
        }
        _ => Err("rolling back is not supported".into()),
    }
}

fn write(ctx: &mut Ctx, obj: Object, dry: DryRun, to: i64) -> Result<String, String> {
    if dry == DryRun::Server {
        let errs = crate::api::validate::validate_update(ctx.sim.cluster.get(&obj.key()).unwrap_or(&obj), &obj);
        if !errs.is_empty() {
            let e = crate::api::errors::ApiError::Invalid { kind: obj.kind(), name: obj.name().to_string(), causes: errs };
            return Err(format!("failed restoring revision {to}: {}", super::send::status_message(&e)));
        }
        return Ok("rolled back".into());
    }
    let old = ctx.sim.cluster.get(&obj.key()).cloned();
    let stored = ctx.sim.cluster.write(Write::Update(obj)).map_err(|e| format!("failed restoring revision {to}: {}", super::send::status_message(&e)))?;
    ctx.warn(old.as_ref(), &stored);
    let _ = ctx.sim.settle();
    Ok("rolled back".into())
}
