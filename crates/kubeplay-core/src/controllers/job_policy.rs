//! The Job podFailurePolicy (pkg/controller/job/pod_failure_policy.go): the first rule matching a
//! failed pod's container exit codes or pod conditions decides FailJob, FailIndex, Ignore or Count.

use k8s_openapi::api::batch::v1 as batch;
use k8s_openapi::api::core::v1 as core;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Action {
    FailJob,
    FailIndex,
    Ignore,
    Count,
}

/// What matchPodFailurePolicy returns: the FailJob message, whether the failure counts toward the
/// backoff limits, and the action of the rule that matched.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Matched {
    pub fail_job_message: Option<String>,
    pub count_failed: bool,
    pub action: Option<Action>,
}

pub fn match_pod_failure_policy(pfp: &batch::PodFailurePolicy, pod: &core::Pod) -> Matched {
    let st = pod.status.clone().unwrap_or_default();
    let ns = pod.metadata.namespace.clone().unwrap_or_default();
    let name = pod.metadata.name.clone().unwrap_or_default();
    for (index, rule) in pfp.rules.iter().enumerate() {
        let what = if let Some(req) = &rule.on_exit_codes {
            match match_on_exit_codes(&st, req) {
                Some((c, code)) => format!("Container {c} for pod {ns}/{name} failed with exit code {code} matching {} rule at index {index}", rule.action),
                None => continue,
            }
        } else if let Some(patterns) = &rule.on_pod_conditions {
            match match_on_pod_conditions(&st, patterns) {
                Some(t) => format!("Pod {ns}/{name} has condition {t} matching {} rule at index {index}", rule.action),
                None => continue,
            }
        } else {
            continue;
        };
        // An action this version does not know matches nothing (the switch has no default).
        match rule.action.as_str() {
            "Ignore" => return Matched { fail_job_message: None, count_failed: false, action: Some(Action::Ignore) },
            "FailIndex" => return Matched { fail_job_message: None, count_failed: true, action: Some(Action::FailIndex) },
            "Count" => return Matched { fail_job_message: None, count_failed: true, action: Some(Action::Count) },
            "FailJob" => return Matched { fail_job_message: Some(what), count_failed: true, action: Some(Action::FailJob) },
            _ => {}
        }
    }
    Matched { fail_job_message: None, count_failed: true, action: None }
}

/// matchOnExitCodes: regular containers first, then init containers; only terminated, non-zero.
fn match_on_exit_codes(st: &core::PodStatus, req: &batch::PodFailurePolicyOnExitCodesRequirement) -> Option<(String, i32)> {
    let lists = [st.container_statuses.as_deref().unwrap_or(&[]), st.init_container_statuses.as_deref().unwrap_or(&[])];
    for cs in lists.into_iter().flatten() {
        let Some(t) = cs.state.as_ref().and_then(|s| s.terminated.as_ref()) else { continue };
        if req.container_name.as_ref().is_some_and(|n| *n != cs.name) || t.exit_code == 0 {
            continue;
        }
        let listed = req.values.contains(&t.exit_code);
        let matches = match req.operator.as_str() {
            "In" => listed,
            "NotIn" => !listed,
            _ => false,
        };
        if matches {
            return Some((cs.name.clone(), t.exit_code));
        }
    }
    None
}

fn match_on_pod_conditions(st: &core::PodStatus, patterns: &[batch::PodFailurePolicyOnPodConditionsPattern]) -> Option<String> {
    for c in st.conditions.iter().flatten() {
        for p in patterns {
            if c.type_ == p.type_ && c.status == p.status {
                return Some(c.type_.clone());
            }
        }
    }
    None
}
