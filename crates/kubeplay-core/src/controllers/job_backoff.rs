//! The delay before the Job controller replaces failed pods (pkg/controller/job/backoff_utils.go):
//! 10s doubled per failure since the last success, capped at 10 minutes, counted from the last
//! failure's finish time.
//!
//! Upstream keeps the record (failures after the last success, last failure time) in the
//! controller's memory, updated from the pods each sync counts. kubeplay's controllers are
//! functions of the store, so the record is rebuilt from the Job's pods still in the store: the
//! failed pods that finished after its last succeeded pod. A failed pod deleted meanwhile no
//! longer counts, and pods the controller deleted itself (suspend, scale down) never do.

use super::pods::{finished_time, has_tracking_finalizer, is_pod_failed, phase};
use crate::clock::SimTime;
use k8s_openapi::api::batch::v1 as batch;
use k8s_openapi::api::core::v1 as core;

/// DefaultJobPodFailureBackOff and MaxJobPodFailureBackOff.
pub const DEFAULT_MS: i64 = 10_000;
pub const MAX_MS: i64 = 600_000;

/// backoffRecord.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct Record {
    pub failures_after_last_success: i32,
    pub last_failure_ms: Option<i64>,
}

/// A failed pod the controller counted (or is counting now): failed while it still had the tracking
/// finalizer, which excludes pods the controller deleted on purpose (it removes their finalizer first).
fn counted_failure(p: &core::Pod, job: &batch::Job) -> bool {
    is_pod_failed(p, job) && (has_tracking_finalizer(p) || p.metadata.deletion_timestamp.is_none())
}

/// The record as newBackoffRecord would have built it from these pods.
pub fn record(job: &batch::Job, pods: &[&core::Pod]) -> Record {
    let last_success = pods.iter().filter(|p| phase(p) == "Succeeded").map(|p| finished_time(p)).max();
    let failures: Vec<i64> = pods.iter().filter(|p| counted_failure(p, job)).map(|p| finished_time(p)).filter(|t| last_success.is_none_or(|s| *t > s)).collect();
    Record { failures_after_last_success: failures.len() as i32, last_failure_ms: failures.iter().copied().max() }
}

/// The delay for `failures` failures: 10s · 2^(failures−1), capped.
pub fn delay_ms(failures: i32) -> i64 {
    let mut d = DEFAULT_MS;
    for _ in 1..failures.max(0) {
        d = d.saturating_mul(2);
        if d >= MAX_MS {
            return MAX_MS;
        }
    }
    d
}

/// getRemainingTimeForFailuresCount: how long until a replacement may be created (0 = now).
pub fn remaining_ms(failures: i32, last_failure_ms: Option<i64>, now: SimTime) -> i64 {
    let Some(last) = last_failure_ms else { return 0 };
    if failures <= 0 {
        return 0;
    }
    let elapsed = now.ms() - last;
    let d = delay_ms(failures);
    if d < elapsed { 0 } else { d - elapsed }
}
