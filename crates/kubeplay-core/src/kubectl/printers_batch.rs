//! Job and CronJob rows (printJob, printCronJob).

use super::humanize::human_duration;
use super::printers::{age, selector_text};
use crate::clock::SimTime;
use k8s_openapi::api::batch::v1 as batch;

fn has_condition(j: &batch::Job, t: &str) -> bool {
    j.status.iter().flat_map(|s| s.conditions.iter().flatten()).any(|c| c.type_ == t && c.status == "True")
}

/// The STATUS column of `kubectl get job` (v1.33 printJob): Complete, Failed, Terminating,
/// Suspended, FailureTarget, else Running (SuccessCriteriaMet has no branch of its own).
pub fn job_status(j: &batch::Job) -> &'static str {
    if has_condition(j, "Complete") {
        "Complete"
    } else if has_condition(j, "Failed") {
        "Failed"
    } else if j.metadata.deletion_timestamp.is_some() {
        "Terminating"
    } else if has_condition(j, "Suspended") {
        "Suspended"
    } else if has_condition(j, "FailureTarget") {
        "FailureTarget"
    } else {
        "Running"
    }
}

pub fn job_row(j: &batch::Job, name: &str, now: SimTime, created: String) -> (Vec<String>, Vec<String>) {
    let spec = j.spec.clone().unwrap_or_default();
    let st = j.status.clone().unwrap_or_default();
    let succeeded = st.succeeded.unwrap_or(0);
    let completions = match spec.completions {
        Some(c) => format!("{succeeded}/{c}"),
        None => {
            let p = spec.parallelism.unwrap_or(1);
            if p > 1 { format!("{succeeded}/1 of {p}") } else { format!("{succeeded}/1") }
        }
    };
    let duration = match (&st.start_time, &st.completion_time) {
        (Some(s), Some(c)) => human_duration(c.0.as_millisecond() - s.0.as_millisecond()),
        (Some(s), None) => human_duration(now.ms() - s.0.as_millisecond()),
        _ => String::new(),
    };
    let cs = spec.template.spec.clone().unwrap_or_default().containers;
    let wide = vec![
        cs.iter().map(|c| c.name.clone()).collect::<Vec<_>>().join(","),
        cs.iter().map(|c| c.image.clone().unwrap_or_default()).collect::<Vec<_>>().join(","),
        spec.selector.as_ref().map(selector_text).unwrap_or_else(|| "<none>".into()),
    ];
    (vec![name.into(), job_status(j).into(), completions, duration, created], wide)
}

pub fn cronjob_row(c: &batch::CronJob, name: &str, now: SimTime, created: String) -> (Vec<String>, Vec<String>) {
    let spec = c.spec.clone().unwrap_or_default();
    let st = c.status.clone().unwrap_or_default();
    let last = match &st.last_schedule_time {
        Some(t) => age(now, Some(t)),
        None => "<none>".into(),
    };
    let active = st.active.as_ref().map_or(0, Vec::len);
    let js = spec.job_template.spec.clone().unwrap_or_default();
    let cs = js.template.spec.clone().unwrap_or_default().containers;
    let wide = vec![
        cs.iter().map(|c| c.name.clone()).collect::<Vec<_>>().join(","),
        cs.iter().map(|c| c.image.clone().unwrap_or_default()).collect::<Vec<_>>().join(","),
        js.selector.as_ref().map(selector_text).unwrap_or_else(|| "<none>".into()),
    ];
    (
        vec![name.into(), spec.schedule.clone(), spec.time_zone.clone().unwrap_or_else(|| "<none>".into()), spec.suspend.unwrap_or(false).to_string().replace("true", "True").replace("false", "False"), active.to_string(), last, created],
        wide,
    )
}
