//! Jobs (`kubectl get jobs` STATUS and COMPLETIONS, counters, pods) and CronJobs (schedule in
//! words, next runs from kubeplay-cron, the Jobs they own by ownerReference uid).

use std::collections::BTreeSet;

use k8s_openapi::api::batch::v1::{CronJob, Job};
use kubeplay_core::api::{Kind, ObjKey, Object};
use kubeplay_core::kubectl::printers_batch::{job_row, job_status};
use kubeplay_core::store::Store;

use super::pods::{controlled_by, Placed};
use super::schedule::describe_schedule;
use super::{Capped, CronJobView, JobView, MAX_PER_GROUP, NEXT_RUNS};

/// Every CronJob with its Jobs, and the Jobs no CronJob here owns.
pub fn cronjobs_and_jobs(
    store: &Store,
    now_ms: i64,
    placed: &mut Placed,
) -> (Capped<CronJobView>, Capped<JobView>) {
    let mut owned: BTreeSet<ObjKey> = BTreeSet::new();
    let mut cronjobs = Vec::new();
    for o in super::user_objects(store, Kind::CronJob) {
        let Object::CronJob(c) = o else { continue };
        let mut jobs: Vec<&Job> = store
            .dependents(o.uid())
            .into_iter()
            .filter(|k| k.kind == Kind::Job)
            .filter_map(|k| match store.get(&k) {
                Some(Object::Job(j)) => {
                    owned.insert(k);
                    Some(j.as_ref())
                }
                _ => None,
            })
            .collect();
        // Oldest first: the names end in the scheduled minute, so creation order is name order
        // only within one CronJob's history; sort by creation time to be sure.
        jobs.sort_by_key(|j| {
            let created = j.metadata.creation_timestamp.as_ref();
            (
                created.map(|t| t.0.as_millisecond()),
                j.metadata.name.clone(),
            )
        });
        let views: Vec<JobView> = jobs.into_iter().map(|j| job(store, j, placed)).collect();
        cronjobs.push(cronjob(c, now_ms, Capped::take(views, MAX_PER_GROUP)));
    }
    let mut loose = Vec::new();
    for o in super::user_objects(store, Kind::Job) {
        if let Object::Job(j) = o {
            if !owned.contains(&o.key()) {
                loose.push(job(store, j, placed));
            }
        }
    }
    (
        Capped::take(cronjobs, MAX_PER_GROUP),
        Capped::take(loose, MAX_PER_GROUP),
    )
}

fn job(store: &Store, j: &Job, placed: &mut Placed) -> JobView {
    let name = j.metadata.name.clone().unwrap_or_default();
    let uid = j.metadata.uid.clone().unwrap_or_default();
    let spec = j.spec.clone().unwrap_or_default();
    let st = j.status.clone().unwrap_or_default();
    // The COMPLETIONS cell from the core's printer; the time passed does not matter to it.
    let (cells, _) = job_row(j, &name, kubeplay_core::clock::SimTime(0), String::new());
    JobView {
        namespace: j.metadata.namespace.clone().unwrap_or_default(),
        status: job_status(j).to_string(),
        completions_text: cells.get(2).cloned().unwrap_or_default(),
        completions: spec.completions,
        parallelism: spec.parallelism.unwrap_or(1),
        succeeded: st.succeeded.unwrap_or(0),
        failed: st.failed.unwrap_or(0),
        active: st.active.unwrap_or(0),
        pods: placed.group(controlled_by(store, &uid)),
        name,
        uid,
    }
}

fn cronjob(c: &CronJob, now_ms: i64, jobs: Capped<JobView>) -> CronJobView {
    let spec = c.spec.clone().unwrap_or_default();
    let st = c.status.clone().unwrap_or_default();
    let tz = spec.time_zone.clone();
    let (next_runs, schedule_error) =
        match kubeplay_cron::next_runs(&spec.schedule, tz.as_deref(), now_ms, NEXT_RUNS) {
            Ok(runs) => (runs, None),
            Err(errors) => (Vec::new(), Some(errors.join("; "))),
        };
    CronJobView {
        name: c.metadata.name.clone().unwrap_or_default(),
        namespace: c.metadata.namespace.clone().unwrap_or_default(),
        uid: c.metadata.uid.clone().unwrap_or_default(),
        words: describe_schedule(&spec.schedule).unwrap_or_else(|| spec.schedule.clone()),
        schedule: spec.schedule,
        time_zone: tz,
        suspend: spec.suspend.unwrap_or(false),
        active: st.active.as_ref().map_or(0, Vec::len),
        last_schedule_ms: st.last_schedule_time.as_ref().map(|t| t.0.as_millisecond()),
        next_runs,
        schedule_error,
        jobs,
    }
}
