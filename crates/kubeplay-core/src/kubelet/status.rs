//! Pod status arithmetic the kubelet and scheduler share: conditions with their transition times.

use crate::clock::SimTime;
use k8s_openapi::api::core::v1 as core;
use k8s_openapi::apimachinery::pkg::apis::meta::v1::Time;

pub(crate) fn time(t: SimTime) -> Time {
    Time(k8s_openapi::jiff::Timestamp::from_second(t.secs()).unwrap_or_default())
}

/// Sets a pod condition; lastTransitionTime changes only when the status does (as the kubelet does).
/// A condition that stays as it was is left alone rather than rebuilt (the kubelet sets its four on
/// every sync). Whether it changed anything (the status written in place needs to know).
pub(crate) fn set_condition(status: &mut core::PodStatus, type_: &str, value: &str, reason: Option<&str>, message: Option<&str>, now: SimTime) -> bool {
    let conditions = status.conditions.get_or_insert_with(Vec::new);
    match conditions.iter_mut().find(|c| c.type_ == type_) {
        Some(c) if c.status == value => {
            let mut changed = false;
            if c.reason.as_deref() != reason {
                c.reason = reason.map(str::to_string);
                changed = true;
            }
            if c.message.as_deref() != message {
                c.message = message.map(str::to_string);
                changed = true;
            }
            changed
        }
        Some(c) => {
            *c = condition(type_, value, reason, message, now);
            true
        }
        None => {
            conditions.push(condition(type_, value, reason, message, now));
            true
        }
    }
}

fn condition(type_: &str, value: &str, reason: Option<&str>, message: Option<&str>, now: SimTime) -> core::PodCondition {
    core::PodCondition {
        type_: type_.into(),
        status: value.into(),
        reason: reason.map(str::to_string),
        message: message.map(str::to_string),
        last_probe_time: None,
        last_transition_time: Some(time(now)),
        observed_generation: None,
    }
}
