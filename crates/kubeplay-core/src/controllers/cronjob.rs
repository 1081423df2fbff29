//! The CronJob controller (pkg/controller/cronjob/cronjob_controllerv2.go `sync`): deletes finished Jobs
//! beyond the history limits, then starts at most one Job, for the most recent unmet schedule time
//! (never backfilling), honouring suspend, startingDeadlineSeconds, timeZone and concurrencyPolicy,
//! and looks again at the next schedule time (+100ms), so idle simulated time costs nothing.

use super::cronjob_util::{self as util, Missed};
use super::{Reconciled, Then};
use crate::api::errors::ApiError;
use crate::api::{Kind, ObjKey, Object};
use crate::clock::SimTime;
use crate::cluster::{DeleteRequest, Write};
use crate::store::Store;
use k8s_openapi::api::batch::v1 as batch;
use kubeplay_cron::CronJobSchedule;
use std::borrow::Cow;

/// The CronJob itself; for a Job, the CronJob its controller reference resolves to (kind CronJob,
/// same name and uid: `resolveControllerRef`), on add, update and delete alike.
pub fn watch(store: &Store, obj: &Object, out: &mut Vec<ObjKey>) {
    match obj {
        Object::CronJob(_) => out.push(obj.key()),
        Object::Job(_) => {
            let Some(r) = obj.meta().owner_references.iter().flatten().find(|r| r.controller == Some(true)) else { return };
            if r.kind != "CronJob" {
                return;
            }
            // The key is built only for a CronJob that is there.
            if store.lookup(Kind::CronJob, obj.namespace(), &r.name).is_some_and(|cj| cj.uid() == r.uid) {
                out.push(ObjKey::new(Kind::CronJob, obj.namespace(), &r.name));
            }
        }
        _ => {}
    }
}

/// updateCronJob: a change of schedule or time zone requeues the CronJob at the new schedule's next
/// time (nextScheduleTimeDuration) instead of now, so a time the new schedule "missed" since the
/// last run is not started at once; every other change (and every Job event) syncs at once. A
/// requeue already waiting for the old schedule still fires, as the work queue keeps the earliest.
pub fn enqueue_delay(trigger: &Object, change: super::Change<'_>, now: SimTime) -> i64 {
    let (Object::CronJob(new), super::Change::Updated { old: Object::CronJob(old) }) = (trigger, change) else { return 0 };
    if schedule_of(old) == schedule_of(new) {
        return 0;
    }
    let Some(spec) = new.spec.as_ref() else { return 0 };
    match util::parse(&spec.schedule, spec.time_zone.as_deref()) {
        Ok(sched) => util::next_schedule_time_duration(new, now.ms(), &sched).unwrap_or(0).max(0),
        // Unparseable: upstream records an event and does not requeue; validation rejects such a
        // schedule before it gets here, so syncing at once (which reports it) is close enough.
        Err(_) => 0,
    }
}

/// The (schedule, timeZone) of a CronJob, borrowed.
fn schedule_of(cj: &batch::CronJob) -> Option<(&str, Option<&str>)> {
    cj.spec.as_ref().map(|s| (s.schedule.as_str(), s.time_zone.as_deref()))
}

pub fn reconcile(store: &Store, key: &ObjKey, now: SimTime) -> Reconciled {
    let mut r = Reconciled::default();
    let Some(shared) = store.get_shared(key) else { return r };
    let Object::CronJob(cj) = &*shared else { return r };
    let jobs = jobs_to_be_reconciled(store, cj);
    // The sync changes only the status: it works on the stored one until it changes something (a
    // copy then), and the whole CronJob is copied only for a status write (most syncs write nothing).
    let mut status = Cow::Borrowed(&cj.status);
    let cleaned = cleanup_finished_jobs(&mut r, cj, &mut status, &jobs);
    let synced = sync_cron_job(store, &shared, &mut r, &mut status, &jobs, now.ms());
    match synced {
        Sync::Done { requeue_ms, update } => {
            if cleaned || update {
                r.writes.push(status_write(cj, status.into_owned()));
            }
            r.requeue_after_ms = requeue_ms;
        }
        Sync::Create { job, scheduled_ms, sched } => {
            r.writes.push(Write::Create(Object::Job(job)));
            let run = Run { status: status.into_owned(), scheduled: scheduled_ms, sched, waiting: r.waiting.clone() };
            let created = r.writes.len() - 1;
            r.then = Some(Then(Box::new(move |store: &Store, results: super::WriteResults, now: SimTime| {
                let Object::CronJob(cj) = &*shared else { return Reconciled::default() };
                after_create(store, cj, results.get(created), run, now.ms())
            })));
        }
    }
    r
}

/// The sync's status as a write to the CronJob (its metadata and spec are the apiserver's).
fn status_write(cj: &batch::CronJob, status: Status) -> Write {
    Write::UpdateStatus { key: ObjKey::of(Kind::CronJob, &cj.metadata), status: status.into() }
}

/// What `syncCronJob` decided before any Job was created.
enum Sync {
    /// Nothing to create; write status if `update`.
    Done { requeue_ms: Option<i64>, update: bool },
    /// Create `job`; the status update waits for the apiserver's answer.
    Create { job: Box<batch::Job>, scheduled_ms: i64, sched: CronJobSchedule },
}

/// A Job the sync looks at, with its finished condition (asked once: cleanup and sync both read it).
struct Seen<'a> {
    job: &'a batch::Job,
    /// `Complete` or `Failed` (jobutil.FinishedCondition).
    finished: Option<&'static str>,
}

/// `getJobsToBeReconciled`: every Job in the namespace whose controller reference has the CronJob's
/// name (upstream compares the name only).
fn jobs_to_be_reconciled<'a>(store: &'a Store, cj: &'a batch::CronJob) -> Vec<Seen<'a>> {
    let name = cj.metadata.name.as_deref().unwrap_or_default();
    store
        .list(Kind::Job, Some(cj.metadata.namespace.as_deref().unwrap_or("default")))
        .filter_map(|o| match o {
            Object::Job(j) if j.metadata.owner_references.iter().flatten().any(|r| r.controller == Some(true) && r.name == name) => Some(Seen { job: j.as_ref(), finished: util::finished_condition(j) }),
            _ => None,
        })
        .collect()
}

/// A CronJob status (`cj.status`'s type).
type Status = Option<batch::CronJobStatus>;

/// The sync's working status: the stored one until something changes it.
type Working<'a> = Cow<'a, Status>;

fn active(status: &Status) -> &[k8s_openapi::api::core::v1::ObjectReference] {
    status.as_ref().and_then(|s| s.active.as_deref()).unwrap_or(&[])
}

fn in_active_list(status: &Status, uid: &str) -> bool {
    active(status).iter().any(|r| r.uid.as_deref() == Some(uid))
}

fn delete_from_active_list(status: &mut Working, uid: &str) {
    let st = status.to_mut().get_or_insert_with(Default::default);
    if let Some(active) = st.active.as_mut() {
        active.retain(|r| r.uid.as_deref() != Some(uid));
    }
    // Upstream assigns an empty (non-nil) slice; it serializes like an absent list.
    if st.active.as_ref().is_some_and(Vec::is_empty) {
        st.active = None;
    }
}

fn job_uid(j: &batch::Job) -> &str {
    j.metadata.uid.as_deref().unwrap_or_default()
}

fn job_name(j: &batch::Job) -> &str {
    j.metadata.name.as_deref().unwrap_or_default()
}

/// `deleteJob`: delete with background propagation, drop it from active, SuccessfulDelete.
fn delete_job(r: &mut Reconciled, status: &mut Working, j: &batch::Job) {
    let ns = j.metadata.namespace.as_deref().unwrap_or("default");
    r.writes.push(Write::Delete(DeleteRequest::new(ObjKey::new(Kind::Job, ns, job_name(j)))));
    delete_from_active_list(status, job_uid(j));
    r.event("Normal", "SuccessfulDelete", ["Deleted job ", job_name(j)].concat());
}

/// `cleanupFinishedJobs`: the oldest finished Jobs (by start time) beyond successfulJobsHistoryLimit
/// and failedJobsHistoryLimit are deleted. Runs before `syncCronJob`, on the same list of Jobs.
fn cleanup_finished_jobs(r: &mut Reconciled, cj: &batch::CronJob, status: &mut Working, jobs: &[Seen]) -> bool {
    let (failed_limit, succeeded_limit) = cj.spec.as_ref().map_or((None, None), |s| (s.failed_jobs_history_limit, s.successful_jobs_history_limit));
    if failed_limit.is_none() && succeeded_limit.is_none() {
        return false;
    }
    let mut update = false;
    for (condition, limit) in [("Complete", succeeded_limit), ("Failed", failed_limit)] {
        let Some(limit) = limit else { continue };
        // Counted first: the list is built only when something is over the limit.
        let count = jobs.iter().filter(|s| s.finished == Some(condition)).count();
        let n = count as i64 - i64::from(limit);
        if n <= 0 {
            continue;
        }
        let mut list: Vec<&batch::Job> = jobs.iter().filter(|s| s.finished == Some(condition)).map(|s| s.job).collect();
        list.sort_by(|a, b| util::by_start_time(a, b));
        for j in list.iter().take(n as usize) {
            delete_job(r, status, j);
            update = true;
        }
    }
    update
}

fn rfc3339(sched: &CronJobSchedule, ms: i64) -> String {
    util::format_rfc3339(sched, ms).unwrap_or_else(|| ms.to_string())
}

/// The explanation of when the next run is (shown by `kubeplay why`).
fn next_run_words(sched: &CronJobSchedule, now: i64, requeue_ms: Option<i64>) -> String {
    match requeue_ms {
        Some(d) => ["next run at ", &rfc3339(sched, now + d - util::NEXT_SCHEDULE_DELTA_MS)].concat(),
        None => "the schedule has no next time within five years: no further runs".into(),
    }
}

/// `syncCronJob` up to the Job creation. Only `status` changes; `owner` is the stored CronJob (its
/// lastScheduleTime is the working status's too: nothing here moves it).
fn sync_cron_job(store: &Store, owner: &Object, r: &mut Reconciled, status: &mut Working, jobs: &[Seen], now: i64) -> Sync {
    let Object::CronJob(cj) = owner else { return Sync::Done { requeue_ms: None, update: false } };
    let cj: &batch::CronJob = cj;
    let mut update = false;
    let done = |requeue_ms, update| Sync::Done { requeue_ms, update };
    for &Seen { job: j, finished } in jobs {
        let found = in_active_list(status, job_uid(j));
        match finished {
            // The apiserver's copy of the CronJob has no other active list than the one read here.
            None if !found => r.event("Warning", "UnexpectedJob", ["Saw a job that the controller did not create or forgot: ", job_name(j)].concat()),
            None => {}
            Some(condition) => {
                if found {
                    delete_from_active_list(status, job_uid(j));
                    r.event("Normal", "SawCompletedJob", ["Saw completed job: ", job_name(j), ", condition: ", condition].concat());
                    update = true;
                }
                if util::is_succeeded(j) {
                    let completion = j.status.as_ref().and_then(|s| s.completion_time.as_ref());
                    // An unset lastSuccessfulTime (or status) takes the completion time, whatever
                    // it is; a set one only a later completion time. The status is copied only then.
                    let last = status.as_ref().as_ref().and_then(|s| s.last_successful_time.as_ref());
                    let take = match (last, completion) {
                        (None, _) => true,
                        (Some(last), Some(c)) => util::time_ms(c) > util::time_ms(last),
                        (Some(_), None) => false,
                    };
                    if take {
                        status.to_mut().get_or_insert_with(Default::default).last_successful_time = completion.cloned();
                        update = true;
                    }
                }
            }
        }
    }
    // Active references whose Job is gone from the apiserver.
    let ns = owner.namespace().to_string();
    let missing: Vec<(String, String)> = active(status)
        .iter()
        .filter(|a| !jobs.iter().any(|j| a.uid.as_deref() == Some(job_uid(j.job))))
        .map(|a| (a.name.clone().unwrap_or_default(), a.uid.clone().unwrap_or_default()))
        .filter(|(name, _)| store.get(&ObjKey::new(Kind::Job, &ns, name)).is_none())
        .collect();
    for (name, uid) in missing {
        r.event("Normal", "MissingJob", format!("Active job went missing: {name}"));
        delete_from_active_list(status, &uid);
        update = true;
    }

    if cj.metadata.deletion_timestamp.is_some() {
        r.waiting.push("the CronJob is being deleted: no new Jobs start".into());
        return done(None, update);
    }
    let default_spec = batch::CronJobSpec::default();
    let spec = cj.spec.as_ref().unwrap_or(&default_spec);
    let sched = match util::parse(&spec.schedule, spec.time_zone.as_deref()) {
        Ok(s) => s,
        Err(e) => {
            // UnknownTimeZone is checked before suspend upstream; an unparseable schedule after it.
            if e.reason() == "UnknownTimeZone" || spec.suspend != Some(true) {
                r.event("Warning", e.reason(), e.to_string());
            }
            if spec.suspend == Some(true) && e.reason() != "UnknownTimeZone" {
                r.waiting.push("the CronJob is suspended (spec.suspend is true): no new Jobs start; running Jobs are left alone".into());
            } else {
                r.waiting.push(format!("no Jobs start: {e}"));
            }
            return done(None, update);
        }
    };
    if spec.suspend == Some(true) {
        r.waiting.push("the CronJob is suspended (spec.suspend is true): no new Jobs start; running Jobs are left alone".into());
        return done(None, update);
    }
    if let Some(w) = sched.unsupported_schedule_warning() {
        r.event("Warning", "UnsupportedSchedule", w);
    }
    // nextScheduleTime: the most recent unmet time, counted from no earlier than the deadline.
    let with_deadline = util::most_recent_schedule_time(cj, now, &sched, true);
    // mostRecentScheduleTime without the deadline: the same answer when there is none.
    let recent = || match spec.starting_deadline_seconds {
        None => with_deadline,
        Some(_) => util::most_recent_schedule_time(cj, now, &sched, false),
    };
    let requeue = || util::next_schedule_after(recent(), now, &sched);
    let scheduled = match with_deadline {
        Err(e) => {
            r.event("Warning", "InvalidSchedule", format!("invalid schedule: {} : {e}", spec.schedule));
            r.waiting.push(format!("schedule {:?} never fires: {e}", spec.schedule));
            return done(None, update);
        }
        Ok(m) => {
            if m.time.is_some() && m.missed == Missed::Many {
                r.event("Warning", "TooManyMissedTimes", "too many missed start times. Set or decrease .spec.startingDeadlineSeconds or check clock skew");
            }
            m.time.filter(|t| *t <= now)
        }
    };
    let Some(scheduled) = scheduled else {
        let q = requeue();
        if let (Some(sds), Ok(util::MostRecent { time: Some(t), .. })) = (spec.starting_deadline_seconds, recent()) {
            if cj.status.as_ref().and_then(|s| s.last_schedule_time.as_ref()).map(util::time_ms) != Some(t) {
                r.waiting.push(format!("the run scheduled for {} was skipped: it is more than startingDeadlineSeconds ({sds}s) late", rfc3339(&sched, t)));
            }
        }
        r.waiting.push(next_run_words(&sched, now, q));
        return done(q, update);
    };
    let sds = spec.starting_deadline_seconds;
    if let Some(sds) = sds.filter(|s| scheduled.saturating_add(s.saturating_mul(1000)) < now) {
        let c = crate::timefmt::civil(scheduled.div_euclid(1000));
        let days = ["Sun", "Mon", "Tue", "Wed", "Thu", "Fri", "Sat"];
        let months = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"];
        let rfc1123z = format!("{}, {:02} {} {:04} {:02}:{:02}:{:02} +0000", days[c.weekday as usize % 7], c.day, months[(c.month as usize + 11) % 12], c.year, c.hour, c.minute, c.second);
        r.event("Warning", "MissSchedule", format!("Missed scheduled time to start a job: {rfc1123z}"));
        r.waiting.push(format!("the run scheduled for {} was missed: more than startingDeadlineSeconds ({sds}s) late", rfc3339(&sched, scheduled)));
        let q = requeue();
        r.waiting.push(next_run_words(&sched, now, q));
        return done(q, update);
    }
    let name = util::job_name(owner.name(), scheduled);
    let last = cj.status.as_ref().and_then(|s| s.last_schedule_time.as_ref()).map(util::time_ms);
    if active(status).iter().any(|a| a.name.as_deref() == Some(name.as_str()) && a.namespace.as_deref() == Some(ns.as_str())) || last == Some(scheduled) {
        let q = requeue();
        r.waiting.push(next_run_words(&sched, now, q));
        return done(q, update);
    }
    let policy = spec.concurrency_policy.as_deref().unwrap_or_default();
    if policy == "Forbid" && !active(status).is_empty() {
        r.event("Normal", "JobAlreadyActive", "Not starting job because prior execution is running and concurrency policy is Forbid");
        let running: Vec<String> = active(status).iter().filter_map(|a| a.name.clone()).collect();
        let late = match sds {
            Some(s) => format!(", if that is within startingDeadlineSeconds ({s}s) of it"),
            None => String::new(),
        };
        r.waiting.push(format!(
            "not starting the run scheduled for {}: job {} is still running and concurrencyPolicy is Forbid; the run starts late when it finishes{late}",
            rfc3339(&sched, scheduled),
            running.join(", ")
        ));
        let q = requeue();
        r.waiting.push(next_run_words(&sched, now, q));
        return done(q, update);
    }
    if policy == "Replace" {
        let refs: Vec<(String, String)> = active(status).iter().map(|a| (a.namespace.clone().unwrap_or_default(), a.name.clone().unwrap_or_default())).collect();
        for (jns, jname) in refs {
            match store.get(&ObjKey::new(Kind::Job, &jns, &jname)) {
                Some(Object::Job(j)) => {
                    delete_job(r, status, j);
                    update = true;
                }
                _ => {
                    r.event("Warning", "FailedGet", format!("Get job: {}", ApiError::not_found(Kind::Job, &jname).message()));
                    return done(None, update);
                }
            }
        }
    }
    let job = util::job_from_template(owner, cj, scheduled, &sched);
    Sync::Create { job: Box::new(job), scheduled_ms: scheduled, sched }
}

/// What the sync carries across the Job creation to [`after_create`].
struct Run {
    status: Status,
    /// The schedule time the Job is for, in Unix ms.
    scheduled: i64,
    sched: CronJobSchedule,
    /// The reasons given so far.
    waiting: Vec<String>,
}

/// The rest of `syncCronJob` once the apiserver answered the Job creation: the event, the active
/// reference (with the new Job's uid) and lastScheduleTime, then the next requeue.
fn after_create(store: &Store, cj: &batch::CronJob, result: Option<&Result<std::rc::Rc<Object>, ApiError>>, run: Run, now: i64) -> Reconciled {
    let Run { mut status, scheduled, sched, mut waiting } = run;
    let sched = &sched;
    let mut r = Reconciled::default();
    let name = util::job_name(cj.metadata.name.as_deref().unwrap_or_default(), scheduled);
    let ns = cj.metadata.namespace.clone().unwrap_or_else(|| "default".into());
    let job: &Object = match result {
        Some(Ok(job)) => {
            r.event("Normal", "SuccessfulCreate", ["Created job ", job.name()].concat());
            job
        }
        Some(Err(ApiError::AlreadyExists { .. })) => {
            // Made by someone else: only a Job this CronJob controls and has lost track of is taken back.
            let existing = store.get(&ObjKey::new(Kind::Job, &ns, &name));
            let cj_uid = cj.metadata.uid.as_deref().unwrap_or_default();
            match existing {
                Some(j) if super::owners::is_controlled_by(j, cj_uid) && !in_active_list(&status, j.uid()) => j,
                _ => {
                    waiting.push(format!("job {name} already exists and was not made by this CronJob run; nothing started"));
                    r.waiting = waiting;
                    r.writes.push(status_write(cj, status));
                    return r;
                }
            }
        }
        Some(Err(e)) => {
            let msg = e.message();
            if !msg.contains("because it is being terminated") {
                r.event("Warning", "FailedCreate", format!("Error creating job: {msg}"));
            }
            // sync returns the error without a requeue time, so the work queue retries with its
            // exponential backoff (5 ms doubling to 1000 s; ControllerId::api_backoff).
            waiting.push(format!("creating job {name} failed: {msg}; retrying with the work queue's backoff"));
            r.waiting = waiting;
            r.writes.push(status_write(cj, status));
            return r;
        }
        None => return r,
    };
    let st = status.get_or_insert_with(Default::default);
    st.active.get_or_insert_with(Vec::new).push(crate::events::reference(job));
    st.last_schedule_time = Some(util::ms_time(scheduled));
    let q = util::next_schedule_after(util::most_recent_schedule_time_with(cj, status.as_ref(), now, sched, false), now, sched);
    r.writes.push(status_write(cj, status));
    waiting.push(next_run_words(sched, now, q));
    r.waiting = waiting;
    r.requeue_after_ms = q;
    r
}

#[cfg(test)]
#[path = "cronjob_tests.rs"]
mod tests;
