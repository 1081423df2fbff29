//! manageJob (job_controller.go): how many pods should be active, deleting the surplus (all of them
//! while suspended) or creating the missing ones — the lowest pending indexes for an Indexed Job —
//! unless the pod failure backoff says not yet.

use super::pods::{self, has_tracking_finalizer, is_terminating, only_replace_failed};
use super::{backoff, indexed, Sync};
use crate::api::{Kind, ObjKey, Object};
use crate::clock::SimTime;
use crate::cluster::{DeleteRequest, Write};
use crate::controllers::replicaset::pod_ready;
use crate::controllers::CreateEvent;
use k8s_openapi::api::core::v1 as core;

/// MaxPodCreateDeletePerSync.
const MAX_POD_CREATE_DELETE_PER_SYNC: usize = 500;

fn human(ms: i64) -> String {
    crate::kubectl::humanize::human_duration(ms)
}

impl Sync<'_> {
    /// Returns the number of active pods after this sync's creations and deletions (0 while the
    /// failure backoff holds creations back: upstream returns 0 there, and status.active shows it).
    pub(super) fn manage_job(&mut self) -> i32 {
        let active = self.active.len() as i32;
        let parallelism = self.spec.parallelism.unwrap_or(1).max(0);
        if self.suspended() {
            let all = pods::for_removal(self.job, &self.active, self.active.len(), self.now);
            let removed = self.delete_job_pods(&all);
            return active - removed;
        }
        let want = match self.spec.completions {
            None if self.succeeded > 0 => active,
            None => parallelism,
            Some(c) => (c - self.succeeded).min(parallelism).max(0),
        };
        let rm_at_least = (active - want).max(0) as usize;
        let mut to_delete = pods::for_removal(self.job, &self.active, rm_at_least, self.now);
        to_delete.truncate(MAX_POD_CREATE_DELETE_PER_SYNC);
        if !to_delete.is_empty() {
            // Deletion takes precedence: no creations in the same sync.
            let removed = self.delete_job_pods(&to_delete);
            return active - removed;
        }
        let terminating = if only_replace_failed(self.job) { self.terminating } else { 0 };
        let diff = want - terminating - active;
        if diff <= 0 {
            self.explain_cap(want, active, terminating);
            return active;
        }
        if !indexed::has_backoff_limit_per_index(self.job) {
            let rec = backoff::record(self.job, &self.pods);
            let remaining = backoff::remaining_ms(rec.failures_after_last_success, rec.last_failure_ms, self.now);
            if remaining > 0 {
                self.hold_for_backoff(remaining, rec.failures_after_last_success, backoff::delay_ms(rec.failures_after_last_success), None);
                return 0;
            }
        }
        let mut n = (diff as usize).min(MAX_POD_CREATE_DELETE_PER_SYNC);
        let mut indexes: Vec<Option<usize>> = vec![None; n];
        if indexed::is_indexed(self.job) {
            let terminating_pods: Vec<&core::Pod> = if only_replace_failed(self.job) { self.pods.iter().copied().filter(|p| is_terminating(p)).collect() } else { vec![] };
            let mut pending = indexed::first_pending(n, self.completions(), &self.succeeded_indexes, self.failed_indexes.as_ref(), &self.active, &terminating_pods);
            if indexed::has_backoff_limit_per_index(self.job) {
                let (now_ok, wait) = self.indexes_out_of_backoff(&pending);
                if now_ok.is_empty() {
                    if let Some((ms, ix, failures)) = wait {
                        self.hold_for_backoff(ms, failures, backoff::delay_ms(failures), Some(ix));
                    }
                    return 0;
                }
                pending = now_ok;
            }
            n = pending.len();
            indexes = pending.into_iter().map(Some).collect();
        }
        for ix in indexes {
            let replaced = ix.and_then(|i| self.delayed_per_index.get(&i).copied());
            let pod = pods::pod_from_template(self.obj, self.job, ix, replaced);
            self.r.create_events.push(CreateEvent { write: self.r.writes.len(), reason: "SuccessfulCreate".into(), prefix: "Created pod: ".into() });
            self.r.writes.push(Write::Create(Object::Pod(Box::new(pod))));
        }
        active + n as i32
    }

    /// deleteJobPods: remove the tracking finalizer (the pod is not counted), then delete.
    fn delete_job_pods(&mut self, victims: &[&core::Pod]) -> i32 {
        for p in victims {
            if has_tracking_finalizer(p) {
                self.r.writes.push(pods::without_tracking_finalizer(p));
            }
            let name = p.metadata.name.clone().unwrap_or_default();
            self.r.event("Normal", "SuccessfulDelete", format!("Deleted pod: {name}"));
            self.r.writes.push(Write::Delete(DeleteRequest::new(ObjKey::new(Kind::Pod, self.obj.namespace(), &name))));
            if pod_ready(p) {
                self.ready -= 1;
            }
        }
        self.terminating += victims.len() as i32;
        victims.len() as i32
    }

    /// getPodCreationInfoForIndependentIndexes: the indexes whose own backoff has passed; else the
    /// soonest (remaining ms, index, failures) among them.
    fn indexes_out_of_backoff(&self, pending: &[usize]) -> (Vec<usize>, Option<(i64, usize, i32)>) {
        let mut ok = Vec::new();
        let mut soonest: Option<(i64, usize, i32)> = None;
        for &ix in pending {
            let Some(last) = self.delayed_per_index.get(&ix) else {
                ok.push(ix);
                continue;
            };
            let failures = indexed::absolute_failure_count(last).saturating_add(1);
            let remaining = backoff::remaining_ms(failures, Some(pods::finished_time(last)), self.now);
            if remaining == 0 {
                ok.push(ix);
            } else if soonest.is_none_or(|(ms, _, _)| remaining < ms) {
                soonest = Some((remaining, ix, failures));
            }
        }
        let soonest = if ok.is_empty() { soonest } else { None };
        (ok, soonest)
    }

    /// enqueueSyncJobWithDelay (at least the 1s batch period) and the explanation.
    fn hold_for_backoff(&mut self, remaining: i64, failures: i32, delay: i64, index: Option<usize>) {
        let wait = remaining.max(1_000);
        self.requeue_after(wait);
        let at = SimTime(self.now.ms() + remaining).rfc3339();
        let what = match index {
            Some(ix) => format!("the next pod for index {ix} of {}", self.name()),
            None => format!("the next pod for {}", self.name()),
        };
        let s = if failures == 1 { "" } else { "s" };
        self.r.waiting.push(format!("backoff: {what} is created at {at} ({failures} failure{s} so far, delay {})", human(delay)));
    }

    /// Why no more pods run although completions remain: parallelism, or pods still terminating.
    fn explain_cap(&mut self, want: i32, active: i32, terminating: i32) {
        let Some(c) = self.spec.completions else { return };
        let remaining = c - self.succeeded;
        if terminating > 0 && want > active {
            self.r.waiting.push(format!("{terminating} pod(s) of {} are still terminating; podReplacementPolicy Failed replaces them only once they have failed", self.name()));
        } else if remaining > active && active >= want && want > 0 {
            self.r.waiting.push(format!("parallelism {} caps active pods: {active} active, {remaining} completion(s) still to go", self.spec.parallelism.unwrap_or(1)));
        }
    }
}
