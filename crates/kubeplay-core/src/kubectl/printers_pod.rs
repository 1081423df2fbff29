//! Pod, Node and Event rows: printPod's STATUS algorithm, READY and RESTARTS; printNode; printEvent.

use super::humanize::human_duration;
use super::printers::age;
use crate::clock::SimTime;
use k8s_openapi::api::core::v1 as core;

/// printPod: NAME READY STATUS RESTARTS AGE (+ IP NODE NOMINATED NODE READINESS GATES).
pub fn pod_row(p: &core::Pod, name: &str, now: SimTime, created: String) -> (Vec<String>, Vec<String>) {
    let spec = p.spec.clone().unwrap_or_default();
    let st = p.status.clone().unwrap_or_default();
    let total = spec.containers.len();
    let statuses = st.container_statuses.clone().unwrap_or_default();
    let ready = statuses.iter().filter(|c| c.ready).count();
    let restarts: i32 = statuses.iter().map(|c| c.restart_count).sum();
    let last_restart = statuses
        .iter()
        .filter_map(|c| c.last_state.as_ref()?.terminated.as_ref()?.finished_at.as_ref())
        .map(|t| t.0.as_millisecond())
        .max();
    let restarts_cell = match (restarts, last_restart) {
        (r, Some(t)) if r > 0 => format!("{} ({} ago)", r, human_duration(now.ms() - t)),
        (r, _) => r.to_string(),
    };
    let status = pod_status(p);
    let wide = vec![
        st.pod_ip.clone().unwrap_or_else(|| "<none>".into()),
        spec.node_name.clone().unwrap_or_else(|| "<none>".into()),
        st.nominated_node_name.clone().unwrap_or_else(|| "<none>".into()),
        "<none>".into(),
    ];
    (vec![name.into(), format!("{ready}/{total}"), status, restarts_cell, created], wide)
}

/// The STATUS column (reference §4.7).
pub fn pod_status(p: &core::Pod) -> String {
    let st = p.status.clone().unwrap_or_default();
    let mut reason = st.reason.clone().or(st.phase.clone()).unwrap_or_default();
    if st.conditions.iter().flatten().any(|c| c.type_ == "PodScheduled" && c.reason.as_deref() == Some("SchedulingGated")) {
        reason = "SchedulingGated".into();
    }
    let inits = st.init_container_statuses.clone().unwrap_or_default();
    let n_init = p.spec.as_ref().and_then(|s| s.init_containers.as_ref()).map_or(0, Vec::len);
    let mut initializing = false;
    for (i, c) in inits.iter().enumerate() {
        let state = c.state.clone().unwrap_or_default();
        if let Some(t) = &state.terminated {
            if t.exit_code == 0 {
                continue;
            }
            reason = match &t.reason {
                Some(r) if !r.is_empty() => format!("Init:{r}"),
                _ if t.signal.unwrap_or(0) != 0 => format!("Init:Signal:{}", t.signal.unwrap_or(0)),
                _ => format!("Init:ExitCode:{}", t.exit_code),
            };
        } else if let Some(r) = state.waiting.as_ref().and_then(|w| w.reason.clone()).filter(|r| !r.is_empty() && r != "PodInitializing") {
            reason = format!("Init:{r}");
        } else {
            reason = format!("Init:{i}/{n_init}");
        }
        initializing = true;
        break;
    }
    if !initializing {
        let mut has_running = false;
        let statuses = st.container_statuses.clone().unwrap_or_default();
        for c in statuses.iter().rev() {
            let state = c.state.clone().unwrap_or_default();
            if let Some(r) = state.waiting.as_ref().and_then(|w| w.reason.clone()).filter(|r| !r.is_empty()) {
                reason = r;
            } else if let Some(t) = &state.terminated {
                reason = match &t.reason {
                    Some(r) if !r.is_empty() => r.clone(),
                    _ if t.signal.unwrap_or(0) != 0 => format!("Signal:{}", t.signal.unwrap_or(0)),
                    _ => format!("ExitCode:{}", t.exit_code),
                };
            } else if c.ready && state.running.is_some() {
                has_running = true;
            }
        }
        if reason == "Completed" && has_running {
            let ready = st.conditions.iter().flatten().any(|c| c.type_ == "Ready" && c.status == "True");
            reason = if ready { "Running".into() } else { "NotReady".into() };
        }
    }
    if p.metadata.deletion_timestamp.is_some() {
        reason = if st.reason.as_deref() == Some("NodeLost") { "Unknown".into() } else { "Terminating".into() };
    }
    reason
}

/// printNode: NAME STATUS ROLES AGE VERSION.
pub fn node_row(n: &core::Node, name: &str, created: String) -> (Vec<String>, Vec<String>) {
    let st = n.status.clone().unwrap_or_default();
    let ready = st.conditions.iter().flatten().find(|c| c.type_ == "Ready").map(|c| c.status == "True");
    let mut status = match ready {
        Some(true) => "Ready".to_string(),
        Some(false) => "NotReady".to_string(),
        None => "Unknown".to_string(),
    };
    if n.spec.as_ref().and_then(|s| s.unschedulable).unwrap_or(false) {
        status.push_str(",SchedulingDisabled");
    }
    let roles: Vec<String> = n.metadata.labels.iter().flatten().filter_map(|(k, _)| k.strip_prefix("node-role.kubernetes.io/").map(str::to_string)).collect();
    let info = st.node_info.clone().unwrap_or_default();
    let ip = st.addresses.iter().flatten().find(|a| a.type_ == "InternalIP").map(|a| a.address.clone()).unwrap_or_else(|| "<none>".into());
    (
        vec![name.into(), status, if roles.is_empty() { "<none>".into() } else { roles.join(",") }, created, info.kubelet_version.clone()],
        vec![ip, "<none>".into(), info.os_image, info.kernel_version, info.container_runtime_version],
    )
}

/// printEvent: LAST SEEN TYPE REASON OBJECT MESSAGE.
pub fn event_row(e: &core::Event, now: SimTime) -> (Vec<String>, Vec<String>) {
    // The apiserver's printEvent: the last timestamp alone (the `(xN over …)` form is describe's
    // and `kubectl events`'), falling back to the first.
    let first = age(now, e.first_timestamp.as_ref());
    let last = if e.last_timestamp.is_some() { age(now, e.last_timestamp.as_ref()) } else { first.clone() };
    let kind = e.involved_object.kind.clone().unwrap_or_default().to_lowercase();
    let obj = match e.involved_object.name.as_deref().filter(|n| !n.is_empty()) {
        Some(name) => format!("{kind}/{name}"),
        None => kind,
    };
    let message = e.message.clone().unwrap_or_default().trim().to_string();
    let base = vec![last, e.type_.clone().unwrap_or_default(), e.reason.clone().unwrap_or_default(), obj, message];
    let count = e.count.filter(|c| *c != 0).unwrap_or(1);
    let wide = vec![e.involved_object.field_path.clone().unwrap_or_default(), event_source(e), first, count.to_string(), e.metadata.name.clone().unwrap_or_default()];
    (base, wide)
}

/// formatEventSource: component (or reportingController), then `, host` (or reportingInstance).
fn event_source(e: &core::Event) -> String {
    let source = e.source.clone().unwrap_or_default();
    let first = |a: Option<String>, b: Option<String>| a.filter(|s| !s.is_empty()).or(b).unwrap_or_default();
    let component = first(source.component, e.reporting_component.clone());
    match first(source.host, e.reporting_instance.clone()) {
        instance if instance.is_empty() => component,
        instance => format!("{component}, {instance}"),
    }
}

/// `get events -o wide` interleaves its extra columns: SUBOBJECT and SOURCE before MESSAGE, the
/// others after it.
pub fn event_wide(base: Vec<String>, wide: Vec<String>) -> Vec<String> {
    let mut b = base.into_iter();
    let mut w = wide.into_iter();
    let mut out: Vec<String> = b.by_ref().take(4).collect();
    out.extend(w.by_ref().take(2));
    out.extend(b);
    out.extend(w);
    out
}
