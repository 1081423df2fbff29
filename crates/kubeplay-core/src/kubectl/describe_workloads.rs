//! `kubectl describe` for workloads: Deployment, ReplicaSet, StatefulSet, DaemonSet, Job and CronJob
//! (describeDeployment, describeReplicaSet, describeStatefulSet, describeDaemonSet, describeJob,
//! describeCronJob).

use super::describe_fmt::{self as f, Tab};
use super::describe_pod::pod_template;
use super::Ctx;
use crate::api::{Kind, Object};
use k8s_openapi::api::apps::v1 as apps;
use k8s_openapi::api::batch::v1 as batch;
use k8s_openapi::apimachinery::pkg::apis::meta::v1::LabelSelector;
use k8s_openapi::apimachinery::pkg::util::intstr::IntOrString;

fn created(w: &mut Tab, o: &Object) {
    let t = o.meta().creation_timestamp.clone().unwrap_or(k8s_openapi::apimachinery::pkg::apis::meta::v1::Time(Default::default()));
    w.w(0, &format!("CreationTimestamp:\t{}\n", f::rfc1123z(&t)));
}

fn header(w: &mut Tab, o: &Object) {
    f::labels(w, "Labels", o.meta().labels.as_ref());
    f::annotations(w, "Annotations", o.meta().annotations.as_ref());
}

/// getPodStatusForController: pods the selector matches and `o` controls, by phase.
fn pods_status(ctx: &Ctx, o: &Object, sel: Option<&LabelSelector>) -> String {
    let (mut running, mut waiting, mut succeeded, mut failed) = (0, 0, 0, 0);
    for p in ctx.sim.cluster.store.list(Kind::Pod, Some(o.namespace())) {
        let Object::Pod(pod) = p else { continue };
        let matches = sel.is_some_and(|s| crate::selector::matches_label_selector(s, p.labels()));
        if !matches || !crate::controllers::owners::is_controlled_by(p, o.uid()) {
            continue;
        }
        match pod.status.as_ref().and_then(|s| s.phase.as_deref()) {
            Some("Running") => running += 1,
            Some("Pending") => waiting += 1,
            Some("Succeeded") => succeeded += 1,
            Some("Failed") => failed += 1,
            _ => {}
        }
    }
    format!("{running} Running / {waiting} Waiting / {succeeded} Succeeded / {failed} Failed")
}

fn ios(v: Option<&IntOrString>) -> String {
    match v {
        Some(IntOrString::Int(i)) => i.to_string(),
        Some(IntOrString::String(s)) => s.clone(),
        None => "<nil>".into(),
    }
}

pub fn deployment(ctx: &Ctx, o: &Object, d: &apps::Deployment) -> String {
    let spec = d.spec.clone().unwrap_or_default();
    let st = d.status.clone().unwrap_or_default();
    let mut w = Tab::default();
    f::name_namespace(&mut w, o);
    created(&mut w, o);
    header(&mut w, o);
    w.w(0, &format!("Selector:\t{}\n", f::selector(Some(&spec.selector))));
    w.w(
        0,
        &format!(
            "Replicas:\t{} desired | {} updated | {} total | {} available | {} unavailable\n",
            spec.replicas.unwrap_or(1),
            st.updated_replicas.unwrap_or(0),
            st.replicas.unwrap_or(0),
            st.available_replicas.unwrap_or(0),
            st.unavailable_replicas.unwrap_or(0)
        ),
    );
    let strategy = spec.strategy.clone().unwrap_or_default();
    w.w(0, &format!("StrategyType:\t{}\n", strategy.type_.clone().unwrap_or_default()));
    w.w(0, &format!("MinReadySeconds:\t{}\n", spec.min_ready_seconds.unwrap_or(0)));
    if let Some(ru) = &strategy.rolling_update {
        w.w(0, &format!("RollingUpdateStrategy:\t{} max unavailable, {} max surge\n", ios(ru.max_unavailable.as_ref()), ios(ru.max_surge.as_ref())));
    }
    pod_template(&mut w, Some(&spec.template));
    if let Some(cs) = st.conditions.as_ref().filter(|c| !c.is_empty()) {
        w.w(0, "Conditions:\n  Type\tStatus\tReason\n");
        w.w(1, "----\t------\t------\n");
        for c in cs {
            w.w(1, &format!("{} \t{}\t{}\n", c.type_, c.status, c.reason.clone().unwrap_or_default()));
        }
    }
    // GetAllReplicaSets: old sets with replicas, and the one whose template matches.
    let rss: Vec<&apps::ReplicaSet> = ctx
        .sim
        .cluster
        .store
        .list(Kind::ReplicaSet, Some(o.namespace()))
        .filter(|r| crate::controllers::owners::is_controlled_by(r, o.uid()) && crate::selector::matches_label_selector(&spec.selector, r.labels()))
        .filter_map(|r| if let Object::ReplicaSet(r) = r { Some(r.as_ref()) } else { None })
        .collect();
    let mut by_age = rss.clone();
    by_age.sort_by(|a, b| crate::controllers::deployment_util::by_creation(a, b));
    let new = by_age.iter().copied().find(|r| r.spec.as_ref().and_then(|s| s.template.as_ref()).is_some_and(|t| crate::controllers::deployment_util::equal_ignore_hash(t, &spec.template)));
    let new_uid = new.and_then(|r| r.metadata.uid.clone());
    let olds: Vec<&apps::ReplicaSet> = rss.iter().copied().filter(|r| r.metadata.uid != new_uid && r.spec.as_ref().and_then(|s| s.replicas).unwrap_or(1) != 0).collect();
    let list = |v: &[&apps::ReplicaSet]| {
        let s: Vec<String> = v.iter().map(|r| format!("{} ({}/{} replicas created)", r.metadata.name.clone().unwrap_or_default(), r.status.as_ref().map_or(0, |s| s.replicas), r.spec.as_ref().and_then(|s| s.replicas).unwrap_or(1))).collect();
        if s.is_empty() { "<none>".to_string() } else { s.join(", ") }
    };
    w.w(0, &format!("OldReplicaSets:\t{}\n", list(&olds)));
    w.w(0, &format!("NewReplicaSet:\t{}\n", list(&new.into_iter().collect::<Vec<_>>())));
    f::events(&mut w, ctx, o);
    w.finish()
}

pub fn replica_set(ctx: &Ctx, o: &Object, r: &apps::ReplicaSet) -> String {
    let spec = r.spec.clone().unwrap_or_default();
    let mut w = Tab::default();
    f::name_namespace(&mut w, o);
    w.w(0, &format!("Selector:\t{}\n", f::selector(Some(&spec.selector))));
    header(&mut w, o);
    if let Some(c) = f::controlled_by(o) {
        w.w(0, &format!("Controlled By:\t{c}\n"));
    }
    w.w(0, &format!("Replicas:\t{} current / {} desired\n", r.status.as_ref().map_or(0, |s| s.replicas), spec.replicas.unwrap_or(1)));
    w.w(0, &format!("Pods Status:\t{}\n", pods_status(ctx, o, Some(&spec.selector))));
    pod_template(&mut w, Some(&spec.template.clone().unwrap_or_default()));
    if let Some(cs) = r.status.as_ref().and_then(|s| s.conditions.as_ref()).filter(|c| !c.is_empty()) {
        w.w(0, "Conditions:\n  Type\tStatus\tReason\n");
        w.w(1, "----\t------\t------\n");
        for c in cs {
            w.w(1, &format!("{} \t{}\t{}\n", c.type_, c.status, c.reason.clone().unwrap_or_default()));
        }
    }
    f::events(&mut w, ctx, o);
    w.finish()
}

/// describeDaemonSet: the counts lines carry no tab, so only the header block is aligned.
pub fn daemon_set(ctx: &Ctx, o: &Object, d: &apps::DaemonSet) -> String {
    let spec = d.spec.clone().unwrap_or_default();
    let st = d.status.clone().unwrap_or_default();
    let mut w = Tab::default();
    f::name_namespace(&mut w, o);
    w.w(0, &format!("Selector:\t{}\n", f::selector(Some(&spec.selector))));
    let node_selector: Vec<String> = spec.template.spec.as_ref().and_then(|s| s.node_selector.as_ref()).into_iter().flatten().map(|(k, v)| format!("{k}={v}")).collect();
    w.w(0, &format!("Node-Selector:\t{}\n", if node_selector.is_empty() { "<none>".to_string() } else { node_selector.join(",") }));
    header(&mut w, o);
    w.w(0, &format!("Desired Number of Nodes Scheduled: {}\n", st.desired_number_scheduled));
    w.w(0, &format!("Current Number of Nodes Scheduled: {}\n", st.current_number_scheduled));
    w.w(0, &format!("Number of Nodes Scheduled with Up-to-date Pods: {}\n", st.updated_number_scheduled.unwrap_or(0)));
    w.w(0, &format!("Number of Nodes Scheduled with Available Pods: {}\n", st.number_available.unwrap_or(0)));
    w.w(0, &format!("Number of Nodes Misscheduled: {}\n", st.number_misscheduled));
    w.w(0, &format!("Pods Status:\t{}\n", pods_status(ctx, o, Some(&spec.selector))));
    pod_template(&mut w, Some(&spec.template));
    f::events(&mut w, ctx, o);
    w.finish()
}

pub fn stateful_set(ctx: &Ctx, o: &Object, s: &apps::StatefulSet) -> String {
    let spec = s.spec.clone().unwrap_or_default();
    let mut w = Tab::default();
    f::name_namespace(&mut w, o);
    created(&mut w, o);
    w.w(0, &format!("Selector:\t{}\n", f::selector(Some(&spec.selector))));
    header(&mut w, o);
    w.w(0, &format!("Replicas:\t{} desired | {} total\n", spec.replicas.unwrap_or(1), s.status.as_ref().map_or(0, |s| s.replicas)));
    let us = spec.update_strategy.clone().unwrap_or_default();
    w.w(0, &format!("Update Strategy:\t{}\n", us.type_.clone().unwrap_or_default()));
    if let Some(ru) = &us.rolling_update {
        if let Some(p) = ru.partition {
            w.w(1, &format!("Partition:\t{p}\n"));
            if let Some(mu) = &ru.max_unavailable {
                w.w(1, &format!("MaxUnavailable:\t{}\n", ios(Some(mu))));
            }
        }
    }
    w.w(0, &format!("Pods Status:\t{}\n", pods_status(ctx, o, Some(&spec.selector))));
    pod_template(&mut w, Some(&spec.template));
    let claims = spec.volume_claim_templates.clone().unwrap_or_default();
    if claims.is_empty() {
        w.w(0, "Volume Claims:\t<none>\n");
    } else {
        w.w(0, "Volume Claims:\n");
        for c in claims {
            let cs = c.spec.clone().unwrap_or_default();
            w.w(1, &format!("Name:\t{}\n", c.metadata.name.clone().unwrap_or_default()));
            w.w(1, &format!("StorageClass:\t{}\n", cs.storage_class_name.clone().unwrap_or_default()));
            f::labels_indent(&mut w, "  ", "Labels", c.metadata.labels.as_ref());
            f::labels_indent(&mut w, "  ", "Annotations", c.metadata.annotations.as_ref());
            let cap = cs.resources.as_ref().and_then(|r| r.requests.as_ref()).and_then(|r| r.get("storage")).map_or("<default>".to_string(), |q| q.0.clone());
            w.w(1, &format!("Capacity:\t{cap}\n"));
            w.w(1, &format!("Access Modes:\t[{}]\n", cs.access_modes.clone().unwrap_or_default().join(" ")));
        }
    }
    f::events(&mut w, ctx, o);
    w.finish()
}

pub fn job(ctx: &Ctx, o: &Object, j: &batch::Job) -> String {
    let spec = j.spec.clone().unwrap_or_default();
    let st = j.status.clone().unwrap_or_default();
    let mut w = Tab::default();
    f::name_namespace(&mut w, o);
    // LabelSelectorAsSelector(nil).String() is empty.
    let sel = if spec.selector.is_some() { f::selector(spec.selector.as_ref()) } else { String::new() };
    w.w(0, &format!("Selector:\t{sel}\n"));
    header(&mut w, o);
    if let Some(c) = f::controlled_by(o) {
        w.w(0, &format!("Controlled By:\t{c}\n"));
    }
    if let Some(p) = spec.parallelism {
        w.w(0, &format!("Parallelism:\t{p}\n"));
    }
    w.w(0, &format!("Completions:\t{}\n", spec.completions.map_or("<unset>".to_string(), |c| c.to_string())));
    if let Some(m) = &spec.completion_mode {
        w.w(0, &format!("Completion Mode:\t{m}\n"));
    }
    if let Some(s) = spec.suspend {
        w.w(0, &format!("Suspend:\t{s}\n"));
    }
    if let Some(b) = spec.backoff_limit {
        w.w(0, &format!("Backoff Limit:\t{b}\n"));
    }
    if let Some(t) = spec.ttl_seconds_after_finished {
        w.w(0, &format!("TTL Seconds After Finished:\t{t}\n"));
    }
    if let Some(t) = &st.start_time {
        w.w(0, &format!("Start Time:\t{}\n", f::rfc1123z(t)));
    }
    if let Some(t) = &st.completion_time {
        w.w(0, &format!("Completed At:\t{}\n", f::rfc1123z(t)));
    }
    if let (Some(s), Some(c)) = (&st.start_time, &st.completion_time) {
        w.w(0, &format!("Duration:\t{}\n", super::humanize::human_duration(c.0.as_millisecond() - s.0.as_millisecond())));
    }
    if let Some(a) = spec.active_deadline_seconds {
        w.w(0, &format!("Active Deadline Seconds:\t{a}s\n"));
    }
    let (a, s, fl) = (st.active.unwrap_or(0), st.succeeded.unwrap_or(0), st.failed.unwrap_or(0));
    match st.ready {
        None => w.w(0, &format!("Pods Statuses:\t{a} Active / {s} Succeeded / {fl} Failed\n")),
        Some(r) => w.w(0, &format!("Pods Statuses:\t{a} Active ({r} Ready) / {s} Succeeded / {fl} Failed\n")),
    }
    if spec.completion_mode.as_deref() == Some("Indexed") {
        let idx = st.completed_indexes.clone().unwrap_or_default();
        w.w(0, &format!("Completed Indexes:\t{}\n", cap_indexes(&idx, 50)));
    }
    pod_template(&mut w, Some(&spec.template));
    f::events(&mut w, ctx, o);
    w.finish()
}

/// capIndexesListOrNone.
fn cap_indexes(indexes: &str, soft: usize) -> String {
    if indexes.is_empty() {
        return "<none>".into();
    }
    match indexes.bytes().enumerate().skip(soft).find(|(_, b)| *b == b',') {
        Some((i, _)) => format!("{}...", &indexes[..=i]),
        None => indexes.to_string(),
    }
}

pub fn cron_job(ctx: &Ctx, o: &Object, c: &batch::CronJob) -> String {
    let spec = c.spec.clone().unwrap_or_default();
    let st = c.status.clone().unwrap_or_default();
    let mut w = Tab::default();
    f::name_namespace(&mut w, o);
    header(&mut w, o);
    w.w(0, &format!("Schedule:\t{}\n", spec.schedule));
    w.w(0, &format!("Concurrency Policy:\t{}\n", spec.concurrency_policy.clone().unwrap_or_default()));
    w.w(0, &format!("Suspend:\t{}\n", spec.suspend.map_or("<unset>", |s| if s { "True" } else { "False" })));
    let opt = |v: Option<i32>| v.map_or("<unset>".to_string(), |v| v.to_string());
    w.w(0, &format!("Successful Job History Limit:\t{}\n", opt(spec.successful_jobs_history_limit)));
    w.w(0, &format!("Failed Job History Limit:\t{}\n", opt(spec.failed_jobs_history_limit)));
    w.w(0, &format!("Starting Deadline Seconds:\t{}\n", spec.starting_deadline_seconds.map_or("<unset>".to_string(), |v| format!("{v}s"))));
    let js = spec.job_template.spec.clone().unwrap_or_default();
    match &js.selector {
        Some(s) => w.w(0, &format!("Selector:\t{}\n", f::selector(Some(s)))),
        None => w.w(0, "Selector:\t<unset>\n"),
    }
    w.w(0, &format!("Parallelism:\t{}\n", opt(js.parallelism)));
    w.w(0, &format!("Completions:\t{}\n", opt(js.completions)));
    if let Some(a) = js.active_deadline_seconds {
        w.w(0, &format!("Active Deadline Seconds:\t{a}s\n"));
    }
    pod_template(&mut w, Some(&js.template));
    match &st.last_schedule_time {
        Some(t) => w.w(0, &format!("Last Schedule Time:\t{}\n", f::rfc1123z(t))),
        None => w.w(0, "Last Schedule Time:\t<unset>\n"),
    }
    let active: Vec<String> = st.active.iter().flatten().map(|r| r.name.clone().unwrap_or_default()).collect();
    w.w(0, &format!("Active Jobs:\t{}\n", if active.is_empty() { "<none>".to_string() } else { active.join(", ") }));
    f::events(&mut w, ctx, o);
    w.finish()
}
