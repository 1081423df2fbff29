//! The TTL-after-finished controller (pkg/controller/ttlafterfinished): a finished Job with
//! `ttlSecondsAfterFinished` is deleted, with foreground cascading, that many seconds after its
//! Complete or Failed condition's lastTransitionTime. It records no Events.

use crate::controllers::Reconciled;
use crate::api::ObjKey;
use crate::clock::SimTime;
use crate::cluster::{DeleteRequest, Propagation, Write};
use k8s_openapi::api::batch::v1 as batch;

/// jobFinishTime: the lastTransitionTime of the true Complete or Failed condition, in ms.
fn finish_time_ms(job: &batch::Job) -> Option<i64> {
    let conditions = job.status.as_ref()?.conditions.as_ref()?;
    let c = conditions.iter().find(|c| (c.type_ == "Complete" || c.type_ == "Failed") && c.status == "True")?;
    c.last_transition_time.as_ref().map(|t| t.0.as_millisecond())
}

/// processJob for one finished Job: delete it once the TTL expired, else look again then.
pub fn reconcile(r: &mut Reconciled, key: &ObjKey, job: &batch::Job, now: SimTime) {
    let Some(ttl) = job.spec.as_ref().and_then(|s| s.ttl_seconds_after_finished) else { return };
    if job.metadata.deletion_timestamp.is_some() {
        return;
    }
    let Some(finished) = finish_time_ms(job) else { return };
    let expire = finished + i64::from(ttl) * 1000;
    if now.ms() >= expire {
        r.writes.push(Write::Delete(DeleteRequest { key: key.clone(), grace_seconds: None, propagation: Propagation::Foreground }));
        return;
    }
    r.requeue_after_ms = Some(expire - now.ms());
    r.waiting.push(format!("ttlSecondsAfterFinished: the TTL-after-finished controller deletes job {} at {} ({ttl}s after it finished)", key.name, SimTime(expire).rfc3339()));
}
