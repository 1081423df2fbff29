//! The Job controller (pkg/controller/job/job_controller.go syncJob): claims the Job's pods, counts
//! finished pods through the `batch.kubernetes.io/job-tracking` finalizer, decides the terminal
//! condition in upstream's order (FailureTarget / SuccessCriteriaMet first, Failed / Complete once
//! no pod is terminating), runs manageJob, and writes status, conditions and Events. Orphaned pods
//! that still carry the finalizer are reconciled under their own key (syncOrphanPod).

#[path = "job_backoff.rs"]
mod backoff;
#[path = "job_indexed.rs"]
pub(crate) mod indexed;
#[path = "job_manage.rs"]
mod manage;
#[path = "job_pods.rs"]
pub(crate) mod pods;
#[path = "job_policy.rs"]
mod policy;
#[path = "job_ttl.rs"]
mod ttl;

use super::owners::{controller_ref, is_controlled_by};
use super::Reconciled;
use crate::api::{Kind, ObjKey, Object};
use crate::clock::SimTime;
use crate::cluster::{DeleteRequest, Write};
use crate::selector::matches_label_selector;
use crate::store::Store;
use indexed::Intervals;
use k8s_openapi::api::batch::v1 as batch;
use k8s_openapi::api::core::v1 as core;
use pods::{has_tracking_finalizer, is_active, is_pod_failed, is_terminating, phase, TRACKING_FINALIZER};

/// The Job itself; for a pod, the Job controlling it, and the pod itself when it still carries the
/// tracking finalizer but no live, unfinished Job will remove it (orphan cleanup). A pod without a
/// controller wakes the Jobs whose selector matches it (adoption).
pub fn watch(store: &Store, obj: &Object, out: &mut Vec<ObjKey>) {
    let Object::Pod(p) = obj else {
        if obj.kind() == Kind::Job {
            out.push(obj.key());
        }
        return;
    };
    let finalizer = has_tracking_finalizer(p);
    match obj.meta().owner_references.iter().flatten().find(|r| r.controller == Some(true)) {
        Some(r) if r.kind == "Job" => {
            match store.lookup(Kind::Job, obj.namespace(), &r.name).filter(|j| j.uid() == r.uid) {
                Some(Object::Job(j)) => {
                    out.push(ObjKey::new(Kind::Job, obj.namespace(), &r.name));
                    if finalizer && is_finished(j) {
                        out.push(obj.key());
                    }
                }
                _ if finalizer => out.push(obj.key()),
                _ => {}
            }
        }
        Some(_) => {}
        None => {
            if finalizer {
                out.push(obj.key());
            }
            let labels = obj.labels();
            for j in store.list(Kind::Job, Some(obj.namespace())) {
                if let Object::Job(job) = j {
                    if job.spec.as_ref().and_then(|s| s.selector.as_ref()).is_some_and(|s| selects(s, labels)) {
                        out.push(j.key());
                    }
                }
            }
        }
    }
}

/// `syncJobBatchPeriod`: pod events and the Job's own status updates reach syncJob a second later
/// (enqueueSyncJobBatched), so one sync sees a burst of them; a new or deleted Job, or a spec change
/// (new generation), is synced at once (enqueueSyncJobImmediately). Orphan pods go to their own
/// queue without delay.
pub const SYNC_BATCH_MS: i64 = 1_000;

/// How long after `trigger` changed the Job controller syncs `key`.
pub fn enqueue_delay(trigger: &Object, change: super::Change<'_>, key: &ObjKey) -> i64 {
    use super::Change;
    if key.kind != Kind::Job {
        return 0;
    }
    match (trigger.kind(), change) {
        (Kind::Pod, _) => SYNC_BATCH_MS,
        (Kind::Job, Change::StatusUpdated | Change::MetadataUpdated | Change::Terminating) => SYNC_BATCH_MS,
        (Kind::Job, Change::Updated { old }) if old.meta().generation == trigger.meta().generation => SYNC_BATCH_MS,
        _ => 0,
    }
}

fn selects(sel: &k8s_openapi::apimachinery::pkg::apis::meta::v1::LabelSelector, labels: &std::collections::BTreeMap<String, String>) -> bool {
    let empty = sel.match_labels.as_ref().is_none_or(|m| m.is_empty()) && sel.match_expressions.as_ref().is_none_or(|e| e.is_empty());
    !empty && matches_label_selector(sel, labels)
}

pub fn reconcile(store: &Store, key: &ObjKey, now: SimTime) -> Reconciled {
    if key.kind == Kind::Pod {
        return orphan_pod(store, key);
    }
    let mut r = Reconciled::default();
    let Some(obj @ Object::Job(job)) = store.get(key) else {
        // deleteJob → cleanupPodFinalizers: its pods keep their finalizer only until this runs.
        for p in store.list(Kind::Pod, Some(&key.namespace)) {
            if p.meta().owner_references.iter().flatten().any(|o| o.controller == Some(true) && o.kind == "Job" && o.name == key.name) {
                remove_finalizer(&mut r, p);
            }
        }
        return r;
    };
    if is_finished(job) {
        // updateJob's backup cleanup, then the TTL-after-finished controller.
        for p in store.list(Kind::Pod, Some(&key.namespace)) {
            if is_controlled_by(p, obj.uid()) {
                remove_finalizer(&mut r, p);
            }
        }
        r.waiting.extend(finished_explanation(store, obj, job));
        ttl::reconcile(&mut r, key, job, now);
        return r;
    }
    if job.spec.as_ref().and_then(|s| s.completion_mode.as_deref()).is_some_and(|m| !matches!(m, "NonIndexed" | "Indexed")) {
        r.event("Warning", "UnknownCompletionMode", "Skipped Job sync because completion mode is unknown");
        return r;
    }
    Sync::new(store, obj, job, now).run()
}

/// syncOrphanPod: remove the tracking finalizer unless a live, unfinished Job controls the pod.
fn orphan_pod(store: &Store, key: &ObjKey) -> Reconciled {
    let mut r = Reconciled::default();
    let Some(p) = store.get(key) else { return r };
    if let Some(cr) = p.meta().owner_references.iter().flatten().find(|o| o.controller == Some(true)) {
        if cr.kind != "Job" || cr.api_version != "batch/v1" {
            return r;
        }
        let job = store.get(&ObjKey::new(Kind::Job, &key.namespace, &cr.name)).filter(|j| j.uid() == cr.uid);
        if let Some(Object::Job(j)) = job {
            if !is_finished(j) {
                return r;
            }
        }
    }
    remove_finalizer(&mut r, p);
    r
}

fn remove_finalizer(r: &mut Reconciled, p: &Object) {
    let Object::Pod(pod) = p else { return };
    if !has_tracking_finalizer(pod) {
        return;
    }
    r.writes.push(pods::without_tracking_finalizer(pod));
}

fn condition<'a>(job: &'a batch::Job, type_: &str) -> Option<&'a batch::JobCondition> {
    job.status.as_ref()?.conditions.as_ref()?.iter().find(|c| c.type_ == type_ && c.status == "True")
}

/// util.IsJobFinished: a true Complete or Failed condition.
pub fn is_finished(job: &batch::Job) -> bool {
    condition(job, "Complete").is_some() || condition(job, "Failed").is_some()
}

fn time(now: SimTime) -> k8s_openapi::apimachinery::pkg::apis::meta::v1::Time {
    crate::kubelet::status::time(now)
}

fn new_condition(type_: &str, status: &str, reason: &str, message: &str, now: SimTime) -> batch::JobCondition {
    let opt = |s: &str| (!s.is_empty()).then(|| s.to_string());
    let t = time(now);
    batch::JobCondition { type_: type_.into(), status: status.into(), reason: opt(reason), message: opt(message), last_probe_time: Some(t.clone()), last_transition_time: Some(t) }
}

/// ensureJobConditionStatus: replace the condition of that type if it differs, or append it
/// (never appending a False one). True if the list changed.
fn ensure_condition(list: &mut Vec<batch::JobCondition>, c: batch::JobCondition) -> bool {
    if let Some(old) = list.iter_mut().find(|o| o.type_ == c.type_) {
        if old.status != c.status || old.reason != c.reason || old.message != c.message {
            *old = c;
            return true;
        }
        return false;
    }
    if c.status != "False" {
        list.push(c);
        return true;
    }
    false
}

/// One syncJob: the Job's pods as seen now, and what this sync decided.
struct Sync<'a> {
    store: &'a Store,
    obj: &'a Object,
    job: &'a batch::Job,
    spec: std::borrow::Cow<'a, batch::JobSpec>,
    now: SimTime,
    pods: Vec<&'a core::Pod>,
    active: Vec<&'a core::Pod>,
    status: batch::JobStatus,
    ready: i32,
    terminating: i32,
    succeeded: i32,
    failed: i32,
    succeeded_indexes: Intervals,
    prev_succeeded_indexes: Intervals,
    failed_indexes: Option<Intervals>,
    /// backoffLimitPerIndex: per index, the failed pod whose finalizer stays until its replacement exists.
    delayed_per_index: std::collections::BTreeMap<usize, &'a core::Pod>,
    finished: Option<batch::JobCondition>,
    r: Reconciled,
    requeue: Option<i64>,
}

impl<'a> Sync<'a> {
    fn new(store: &'a Store, obj: &'a Object, job: &'a batch::Job, now: SimTime) -> Self {
        let mut status = job.status.clone().unwrap_or_default();
        status.uncounted_terminated_pods = Some(Default::default());
        Sync {
            store,
            obj,
            job,
            spec: job.spec.as_ref().map_or_else(Default::default, std::borrow::Cow::Borrowed),
            now,
            pods: Vec::new(),
            active: Vec::new(),
            status,
            ready: 0,
            terminating: 0,
            succeeded: 0,
            failed: 0,
            succeeded_indexes: Intervals::default(),
            prev_succeeded_indexes: Intervals::default(),
            failed_indexes: None,
            delayed_per_index: Default::default(),
            finished: None,
            r: Reconciled::default(),
            requeue: None,
        }
    }

    fn completions(&self) -> usize {
        self.spec.completions.map_or(0, |c| c.max(0) as usize)
    }

    fn suspended(&self) -> bool {
        self.spec.suspend == Some(true)
    }

    fn name(&self) -> &str {
        self.obj.name()
    }

    fn requeue_after(&mut self, ms: i64) {
        let ms = ms.max(1);
        self.requeue = Some(self.requeue.map_or(ms, |r| r.min(ms)));
    }

    /// getPodsForJob / ClaimPods: the pods it controls that still match, plus matching orphans
    /// (adopted with a controller reference and the tracking finalizer); non-matching ones released.
    fn claim_pods(&mut self) {
        let uid = self.obj.uid();
        let deleting = self.job.metadata.deletion_timestamp.is_some();
        let no_selector = Default::default();
        let selector = self.spec.selector.as_ref().unwrap_or(&no_selector);
        for o in self.store.list(Kind::Pod, Some(self.obj.namespace())) {
            let Object::Pod(p) = o else { continue };
            // The selector is matched only where it decides something (most pods in the namespace
            // belong to other Jobs).
            if is_controlled_by(o, uid) {
                if selects(selector, o.labels()) {
                    self.pods.push(p);
                } else if !deleting {
                    let mut released = p.as_ref().clone();
                    if let Some(refs) = released.metadata.owner_references.as_mut() {
                        refs.retain(|x| x.uid != uid);
                    }
                    self.r.writes.push(Write::Update(Object::Pod(Box::new(released))));
                }
            } else if !deleting && p.metadata.deletion_timestamp.is_none() && !o.meta().owner_references.iter().flatten().any(|x| x.controller == Some(true)) && selects(selector, o.labels()) {
                let mut adopted = p.as_ref().clone();
                adopted.metadata.owner_references.get_or_insert_with(Vec::new).push(controller_ref(self.obj));
                let f = adopted.metadata.finalizers.get_or_insert_with(Vec::new);
                if !f.iter().any(|f| f == TRACKING_FINALIZER) {
                    f.push(TRACKING_FINALIZER.into());
                }
                self.r.writes.push(Write::Update(Object::Pod(Box::new(adopted))));
                self.pods.push(p);
            }
        }
    }

    /// A pod that may be counted: for an Indexed Job, one with a valid index.
    fn countable(&self, p: &core::Pod) -> bool {
        !indexed::is_indexed(self.job) || indexed::completion_index(p).is_some_and(|i| i < self.completions())
    }

    fn run(mut self) -> Reconciled {
        self.claim_pods();
        self.active = self.pods.iter().copied().filter(|p| is_active(p)).collect();
        self.ready = self.active.iter().filter(|p| super::replicaset::pod_ready(p)).count() as i32;
        self.terminating = self.pods.iter().filter(|p| is_terminating(p)).count() as i32;
        let mut active = self.active.len() as i32;
        let new_succeeded = self.pods.iter().filter(|p| has_tracking_finalizer(p) && self.countable(p) && phase(p) == "Succeeded").count() as i32;
        let new_failed: Vec<&core::Pod> = self.pods.iter().copied().filter(|p| has_tracking_finalizer(p) && self.countable(p) && is_pod_failed(p, self.job)).collect();
        let counted_failed = new_failed.iter().filter(|p| self.counts_toward_limit(p)).count() as i32;
        self.succeeded = self.status.succeeded.unwrap_or(0) + new_succeeded;
        self.failed = self.status.failed.unwrap_or(0) + counted_failed;
        if self.status.start_time.is_none() && !self.suspended() {
            self.status.start_time = Some(time(self.now));
        }
        self.decide_failure();
        if indexed::is_indexed(self.job) {
            self.indexed_decisions();
        }
        if self.finished.is_some() {
            // deleteActivePods: deleted with their finalizers kept; counted below.
            let active_pods = self.active.clone();
            for p in &active_pods {
                self.delete_pod(p);
                if super::replicaset::pod_ready(p) {
                    self.ready -= 1;
                }
            }
            active -= active_pods.len() as i32;
            self.terminating += active_pods.len() as i32;
        } else {
            let mut manage_called = false;
            if self.job.metadata.deletion_timestamp.is_none() {
                active = self.manage_job();
                manage_called = true;
            }
            let complete = match self.spec.completions {
                None => self.succeeded > 0 && active == 0,
                Some(c) => self.succeeded >= c && active == 0,
            };
            if complete {
                self.finished = Some(new_condition("SuccessCriteriaMet", "True", "CompletionsReached", "Reached expected number of succeeded pods", self.now));
            } else if manage_called {
                self.suspend_condition();
            }
        }
        self.status.active = (active != 0).then_some(active);
        self.status.ready = Some(self.ready);
        self.status.terminating = Some(self.terminating);
        self.track_and_remove_finalizers();
        if let Some(ms) = self.requeue {
            self.r.requeue_after_ms = Some(ms);
        }
        self.r
    }

    /// Whether a failed pod counts toward backoffLimit (an Ignore rule says no).
    fn counts_toward_limit(&self, p: &core::Pod) -> bool {
        self.spec.pod_failure_policy.as_ref().is_none_or(|pfp| policy::match_pod_failure_policy(pfp, p).count_failed)
    }

    /// The failure checks of syncJob, first match wins: an existing SuccessCriteriaMet or
    /// FailureTarget, a FailJob rule, the backoff limit, the active deadline.
    fn decide_failure(&mut self) {
        if let Some(c) = condition(self.job, "SuccessCriteriaMet") {
            self.finished = Some(c.clone());
            return;
        }
        if let Some(ft) = condition(self.job, "FailureTarget") {
            self.finished = Some(new_condition("Failed", "True", ft.reason.as_deref().unwrap_or(""), ft.message.as_deref().unwrap_or(""), self.now));
            return;
        }
        if let Some(pfp) = &self.spec.pod_failure_policy {
            let msg = self.pods.iter().filter(|p| is_pod_failed(p, self.job)).find_map(|p| policy::match_pod_failure_policy(pfp, p).fail_job_message);
            if let Some(m) = msg {
                self.finished = Some(new_condition("FailureTarget", "True", "PodFailurePolicy", &m, self.now));
                return;
            }
        }
        let limit = self.spec.backoff_limit.unwrap_or(6);
        if self.failed > limit || self.past_backoff_limit_on_failure() {
            self.finished = Some(new_condition("FailureTarget", "True", "BackoffLimitExceeded", "Job has reached the specified backoff limit", self.now));
        } else if let (Some(ads), Some(start), false) = (self.spec.active_deadline_seconds, self.status.start_time.clone(), self.suspended()) {
            let left = ads.saturating_mul(1000) - (self.now.ms() - start.0.as_millisecond());
            if left <= 0 {
                self.finished = Some(new_condition("FailureTarget", "True", "DeadlineExceeded", "Job was active longer than specified deadline", self.now));
            } else {
                self.requeue_after(left);
            }
        }
    }

    /// pastBackoffLimitOnFailure: with restartPolicy OnFailure, the container restarts of running
    /// and pending pods add up to backoffLimit (any restart when the limit is 0).
    fn past_backoff_limit_on_failure(&self) -> bool {
        if self.spec.template.spec.as_ref().and_then(|s| s.restart_policy.as_deref()) != Some("OnFailure") {
            return false;
        }
        let restarts: i64 = self
            .pods
            .iter()
            .filter(|p| matches!(phase(p), "Running" | "Pending"))
            .flat_map(|p| p.status.iter().flat_map(|s| s.init_container_statuses.iter().flatten().chain(s.container_statuses.iter().flatten())))
            .map(|c| i64::from(c.restart_count))
            .sum();
        let limit = i64::from(self.spec.backoff_limit.unwrap_or(6));
        if limit == 0 { restarts > 0 } else { restarts >= limit }
    }

    /// The Indexed part of syncJob: succeeded and failed indexes, maxFailedIndexes / FailedIndexes,
    /// and successPolicy.
    fn indexed_decisions(&mut self) {
        let completions = self.completions();
        let (prev, all) = indexed::succeeded_indexes(self.job, &self.pods, completions);
        self.prev_succeeded_indexes = prev;
        self.succeeded = all.total() as i32;
        self.succeeded_indexes = all;
        if indexed::has_backoff_limit_per_index(self.job) {
            let failed = indexed::failed_indexes(self.job, &self.pods, completions);
            if self.finished.is_none() {
                if self.spec.max_failed_indexes.is_some_and(|m| failed.total() as i64 > i64::from(m)) {
                    self.finished = Some(new_condition("FailureTarget", "True", "MaxFailedIndexesExceeded", "Job has exceeded the specified maximal number of failed indexes", self.now));
                } else if failed.total() > 0 && failed.total() + self.succeeded_indexes.total() >= completions {
                    self.finished = Some(new_condition("FailureTarget", "True", "FailedIndexes", "Job has failed indexes", self.now));
                }
            }
            self.failed_indexes = Some(failed);
            self.delayed_per_index = self.pods_with_delayed_deletion();
        }
        if self.finished.is_none() {
            if let Some(msg) = indexed::match_success_policy(self.spec.success_policy.as_ref(), completions, &self.succeeded_indexes) {
                self.finished = Some(new_condition("SuccessCriteriaMet", "True", "SuccessPolicy", &msg, self.now));
            }
        }
    }

    /// getPodsWithDelayedDeletionPerIndex: per pending index, its latest failed pod (kept until the
    /// replacement carries the failure count on).
    fn pods_with_delayed_deletion(&self) -> std::collections::BTreeMap<usize, &'a core::Pod> {
        let active: std::collections::BTreeSet<usize> = self.active.iter().filter_map(|p| indexed::completion_index(p)).collect();
        let mut out: std::collections::BTreeMap<usize, &'a core::Pod> = Default::default();
        for p in self.pods.iter().copied() {
            if !has_tracking_finalizer(p) || !is_pod_failed(p, self.job) {
                continue;
            }
            let Some(ix) = indexed::completion_index(p).filter(|i| *i < self.completions()) else { continue };
            if self.succeeded_indexes.has(ix) || self.failed_indexes.as_ref().is_some_and(|f| f.has(ix)) || active.contains(&ix) {
                continue;
            }
            match out.get(&ix) {
                Some(last) if indexed::absolute_failure_count(last) <= indexed::absolute_failure_count(p) && pods::finished_time(p) >= pods::finished_time(last) => {
                    out.insert(ix, p);
                }
                Some(_) => {}
                None => {
                    out.insert(ix, p);
                }
            }
        }
        out
    }

    /// RealPodControl.DeletePod and its Event.
    fn delete_pod(&mut self, p: &core::Pod) {
        let name = p.metadata.name.clone().unwrap_or_default();
        self.r.event("Normal", "SuccessfulDelete", format!("Deleted pod: {name}"));
        self.r.writes.push(Write::Delete(DeleteRequest::new(ObjKey::new(Kind::Pod, self.obj.namespace(), &name))));
    }

    /// The Suspended condition and the Suspended/Resumed Events; resuming restarts startTime.
    fn suspend_condition(&mut self) {
        let conditions = self.status.conditions.get_or_insert_with(Vec::new);
        if self.spec.suspend == Some(true) {
            let changed = ensure_condition(conditions, new_condition("Suspended", "True", "JobSuspended", "Job suspended", self.now));
            if changed {
                self.r.event("Normal", "Suspended", "Job suspended");
            }
            self.r.waiting.push(format!("job {} is suspended: its pods are deleted and none are created until spec.suspend is false", self.name()));
        } else if conditions.iter().any(|c| c.type_ == "Suspended") {
            // A False condition is only ever an update of one there (ensureJobConditionStatus never
            // appends it), so a Job never suspended needs no condition built.
            let changed = ensure_condition(conditions, new_condition("Suspended", "False", "JobResumed", "Job resumed", self.now));
            if changed {
                self.r.event("Normal", "Resumed", "Job resumed");
                self.status.start_time = Some(time(self.now));
            }
        }
    }

    /// trackJobStatusAndRemoveFinalizers: count finished pods and remove their finalizers (upstream
    /// does it through status.uncountedTerminatedPods in several writes; kubeplay applies them
    /// together at one instant, so only the end state is visible), then the terminal condition.
    fn track_and_remove_finalizers(&mut self) {
        let indexed = indexed::is_indexed(self.job);
        let deleting = self.job.metadata.deletion_timestamp.is_some();
        let mut new_succeeded_indexes = Vec::new();
        let pods = self.pods.clone();
        for p in pods {
            if !has_tracking_finalizer(p) {
                continue;
            }
            let failed = is_pod_failed(p, self.job);
            let delayed = failed && indexed::completion_index(p).and_then(|ix| self.delayed_per_index.get(&ix)).is_some_and(|d| d.metadata.uid == p.metadata.uid);
            let removable = deleting || self.finished.is_some() || phase(p) == "Succeeded" || (failed && !delayed);
            if !removable {
                continue;
            }
            self.remove_pod_finalizer(p);
            if phase(p) == "Succeeded" {
                if indexed {
                    if let Some(ix) = indexed::completion_index(p).filter(|ix| *ix < self.completions() && !self.prev_succeeded_indexes.has(*ix)) {
                        new_succeeded_indexes.push(ix);
                    }
                } else {
                    self.status.succeeded = Some(self.status.succeeded.unwrap_or(0) + 1);
                }
            } else if failed || self.finished.as_ref().is_some_and(|f| f.type_ != "SuccessCriteriaMet") {
                // When the Job is considered finished, every non-terminated pod is considered failed.
                if self.countable(p) && self.counts_toward_limit(p) {
                    self.status.failed = Some(self.status.failed.unwrap_or(0) + 1);
                }
            }
        }
        if indexed {
            let all = self.succeeded_indexes.with_indexes(new_succeeded_indexes);
            self.status.succeeded = Some(all.total() as i32);
            let s = all.to_string();
            self.status.completed_indexes = (!s.is_empty()).then_some(s);
            self.status.failed_indexes = self.failed_indexes.as_ref().map(|f| f.to_string());
        }
        let nz = |v: Option<i32>| v.filter(|v| *v != 0);
        self.status.succeeded = nz(self.status.succeeded);
        self.status.failed = nz(self.status.failed);
        // The interim condition moves into the list and the final one takes its place.
        if let Some(f) = self.finished.take() {
            let conditions = self.status.conditions.get_or_insert_with(Vec::new);
            let final_type = match f.type_.as_str() {
                "FailureTarget" => Some("Failed"),
                "SuccessCriteriaMet" => Some("Complete"),
                _ => None,
            };
            match final_type {
                Some(t) => {
                    let last = new_condition(t, "True", f.reason.as_deref().unwrap_or(""), f.message.as_deref().unwrap_or(""), self.now);
                    if t == "Failed" || !conditions.iter().any(|c| c.type_ == "SuccessCriteriaMet" && c.status == "True") {
                        conditions.push(f);
                    }
                    self.finished = Some(last);
                }
                None => self.finished = Some(f),
            }
        }
        self.enact_job_finished();
        if self.status.conditions.as_ref().is_some_and(|c| c.is_empty()) {
            self.status.conditions = None;
        }
        // Compared with the stored status in place; the working copy is moved into the write (this
        // is the sync's last use of it).
        let changed = match &self.job.status {
            Some(old) => self.status != *old,
            None => self.status != batch::JobStatus::default(),
        };
        if changed {
            self.r.writes.push(Write::UpdateStatus { key: self.obj.key(), status: std::mem::take(&mut self.status).into() });
        }
    }

    fn remove_pod_finalizer(&mut self, p: &core::Pod) {
        self.r.writes.push(pods::without_tracking_finalizer(p));
    }

    /// enactJobFinished and recordJobFinished: the Complete/Failed condition once no pod is
    /// terminating, completionTime, and the Event.
    fn enact_job_finished(&mut self) {
        // The sync's last look at the condition: it moves into the status.
        let Some(f) = self.finished.take() else { return };
        if self.terminating > 0 {
            let pods = if self.terminating == 1 { "terminating pod is".to_string() } else { format!("{} terminating pods are", self.terminating) };
            let state = if f.type_ == "Complete" { "met its success criteria" } else { "is failing" };
            self.r.waiting.push(format!("job {} {state} ({}); the {} condition is added once its {pods} gone", self.name(), f.reason.as_deref().unwrap_or(""), f.type_));
            return;
        }
        let conditions = self.status.conditions.get_or_insert_with(Vec::new);
        ensure_condition(conditions, f.clone());
        if f.type_ == "Complete" {
            self.status.completion_time = f.last_transition_time.clone();
            if self.spec.completions.is_some_and(|c| self.status.succeeded.unwrap_or(0) > c) {
                self.r.event("Warning", "TooManySucceededPods", "Too many succeeded pods running after completion count reached");
            }
            self.r.event("Normal", "Completed", "Job completed");
        } else {
            self.r.event("Warning", f.reason.as_deref().unwrap_or(""), f.message.clone().unwrap_or_default());
        }
    }
}

/// Why a finished Job stopped, in plain words (`kubeplay why`): which limit and which pod.
fn finished_explanation(store: &Store, obj: &Object, job: &batch::Job) -> Option<String> {
    let failed = condition(job, "Failed")?;
    let spec = job.spec.clone().unwrap_or_default();
    let st = job.status.clone().unwrap_or_default();
    let mut pods: Vec<&core::Pod> = store.list(Kind::Pod, Some(obj.namespace())).filter(|o| is_controlled_by(o, obj.uid())).filter_map(|o| if let Object::Pod(p) = o { Some(p.as_ref()) } else { None }).collect();
    pods.retain(|p| phase(p) == "Failed");
    pods.sort_by_key(|p| pods::finished_time(p));
    let last = pods.last().and_then(|p| p.metadata.name.clone());
    let name = obj.name();
    let text = match failed.reason.as_deref() {
        Some("BackoffLimitExceeded") if spec.template.spec.as_ref().and_then(|s| s.restart_policy.as_deref()) == Some("OnFailure") => {
            format!("job {name} failed: with restartPolicy OnFailure the container restarts of its pods count toward backoffLimit, and they reached {}; its pods were deleted", spec.backoff_limit.unwrap_or(6))
        }
        Some("BackoffLimitExceeded") => format!(
            "job {name} failed: {} pod(s) failed, more than backoffLimit {}{}",
            st.failed.unwrap_or(0),
            spec.backoff_limit.unwrap_or(6),
            last.map(|l| format!("; the last to fail was {l}")).unwrap_or_default()
        ),
        Some("DeadlineExceeded") => format!("job {name} failed: it ran longer than activeDeadlineSeconds {}; its active pods were deleted and counted as failed", spec.active_deadline_seconds.unwrap_or(0)),
        Some(reason) => format!("job {name} failed ({reason}): {}", failed.message.clone().unwrap_or_default()),
        None => format!("job {name} failed"),
    };
    Some(text)
}

#[cfg(test)]
#[path = "job_tests.rs"]
mod tests;
