//! The pod status the kubelet reports, computed from its runtime: phase (kubelet getPhase),
//! conditions, IPs and the init/regular container statuses with their states.

use super::runtime::{CState, Ctr, PodRuntime, Terminated};
use super::status::{set_condition, time};
use crate::clock::SimTime;
use k8s_openapi::api::core::v1 as core;

/// kubelet_pods.go getPhase.
pub fn phase(pod: &core::Pod, rt: &PodRuntime) -> &'static str {
    if let Some(p) = rt.finished {
        return p;
    }
    let policy = restart_policy(pod);
    if rt.init_done < rt.init.len() {
        let failed = rt.init.iter().any(|c| c.terminated().is_some_and(|t| t.exit_code != 0));
        return if failed && policy == "Never" { "Failed" } else { "Pending" };
    }
    let (mut running, mut waiting, mut stopped, mut succeeded) = (0, 0, 0, 0);
    for c in &rt.containers {
        match &c.state {
            CState::Running { .. } => running += 1,
            CState::Terminated(t) => {
                stopped += 1;
                if t.exit_code == 0 {
                    succeeded += 1;
                }
            }
            CState::Waiting { .. } if c.last.is_some() => stopped += 1,
            CState::Waiting { .. } => waiting += 1,
        }
    }
    if waiting > 0 {
        return "Pending";
    }
    if running > 0 {
        return "Running";
    }
    if stopped == rt.containers.len() && stopped > 0 {
        return match policy {
            "Always" => "Running",
            "OnFailure" if succeeded == stopped => "Succeeded",
            "OnFailure" => "Running",
            _ if succeeded == stopped => "Succeeded",
            _ => "Failed",
        };
    }
    "Pending"
}

pub fn restart_policy(pod: &core::Pod) -> &str {
    pod.spec.as_ref().and_then(|s| s.restart_policy.as_deref()).unwrap_or("Always")
}

fn state_of(c: &Ctr) -> core::ContainerState {
    match &c.state {
        CState::Waiting { reason, message } => core::ContainerState {
            waiting: Some(core::ContainerStateWaiting { reason: Some(reason.clone()), message: message.clone() }),
            ..Default::default()
        },
        CState::Running { since } => core::ContainerState { running: Some(core::ContainerStateRunning { started_at: Some(time(*since)) }), ..Default::default() },
        CState::Terminated(t) => core::ContainerState { terminated: Some(terminated(t)), ..Default::default() },
    }
}

fn terminated(t: &Terminated) -> core::ContainerStateTerminated {
    core::ContainerStateTerminated {
        container_id: Some(t.container_id.clone()),
        exit_code: t.exit_code,
        reason: Some(t.reason.clone()),
        message: t.message.clone(),
        started_at: Some(time(t.started)),
        finished_at: Some(time(t.finished)),
        ..Default::default()
    }
}

/// `docker.io/library/busybox:latest`: the fully qualified reference containerd reports.
pub fn canonical_image(image: &str) -> String {
    let has_registry = image.split('/').next().is_some_and(|first| image.contains('/') && (first.contains('.') || first.contains(':') || first == "localhost"));
    let with_registry = if has_registry {
        image.to_string()
    } else if image.contains('/') {
        format!("docker.io/{image}")
    } else {
        format!("docker.io/library/{image}")
    };
    let last = with_registry.rsplit('/').next().unwrap_or("");
    if last.contains(':') || with_registry.contains('@') { with_registry } else { format!("{with_registry}:latest") }
}

/// A stable fake digest for an image (containerd's imageID).
pub fn image_id(image: &str) -> String {
    let canon = canonical_image(image);
    let repo = canon.rsplit_once(':').map(|(r, _)| r.to_string()).filter(|r| !r.ends_with('/') && !r.contains("//")).unwrap_or(canon.clone());
    let mut h = crate::rng::Fnv1a::default();
    let mut hex = String::new();
    for round in 0..4u64 {
        h.write(canon.bytes().chain(round.to_le_bytes()));
        hex.push_str(&format!("{:016x}", h.value()));
    }
    format!("{repo}@sha256:{hex}")
}

fn container_status(c: &Ctr, pod: &core::Pod) -> core::ContainerStatus {
    let (image, image_id) = image_of(c);
    let (state, last_state) = states(c, pod);
    core::ContainerStatus {
        name: c.spec.name.clone(),
        image: image.to_string(),
        image_id: image_id.to_string(),
        container_id: (!c.container_id.is_empty()).then(|| c.container_id.clone()),
        ready: c.ready(),
        restart_count: c.restart_count,
        started: Some(c.running() && c.started_ok),
        state: Some(state),
        last_state: Some(last_state),
        volume_mounts: mount_statuses(&c.spec),
        ..Default::default()
    }
}

/// The container's mounts as convertToAPIContainerStatuses lists them (RecursiveReadOnlyMounts,
/// on by default since v1.31): name, path, and for a read-only mount `recursiveReadOnly:
/// Disabled` (kind's runc does not make mounts recursively read-only unless asked).
fn mount_statuses(spec: &core::Container) -> Option<Vec<core::VolumeMountStatus>> {
    let mounts = spec.volume_mounts.as_ref().filter(|m| !m.is_empty())?;
    let status = |m: &core::VolumeMount| {
        let read_only = m.read_only == Some(true);
        core::VolumeMountStatus {
            name: m.name.clone(),
            mount_path: m.mount_path.clone(),
            read_only: read_only.then_some(true),
            recursive_read_only: read_only.then(|| "Disabled".to_string()),
        }
    };
    Some(mounts.iter().map(status).collect())
}

/// `*cs = container_status(c, pod)`, each field set only where it differs (no string copied
/// that stays); whether any did. Every field is named, so one a newer API adds is a compile error.
fn set_container_status(cs: &mut core::ContainerStatus, c: &Ctr, pod: &core::Pod) -> bool {
    let core::ContainerStatus { allocated_resources, allocated_resources_status, container_id, image, image_id, last_state, name, ready, resources, restart_count, started, state, stop_signal, user, volume_mounts } = cs;
    // What `container_status` leaves unset is unset here too but for someone else's write.
    let unset = allocated_resources.is_none() && allocated_resources_status.is_none() && resources.is_none() && stop_signal.is_none() && user.is_none();
    if !unset {
        *cs = container_status(c, pod);
        return true;
    }
    let (new_image, new_image_id) = image_of(c);
    let mut changed = set_string(name, &c.spec.name);
    changed |= set_string(image, new_image);
    changed |= set_string(image_id, new_image_id);
    let new_id = (!c.container_id.is_empty()).then_some(c.container_id.as_str());
    if container_id.as_deref() != new_id {
        *container_id = new_id.map(str::to_string);
        changed = true;
    }
    changed |= set(ready, c.ready());
    changed |= set(restart_count, c.restart_count);
    changed |= set(started, Some(c.running() && c.started_ok));
    let (new_state, new_last) = states(c, pod);
    changed |= set(state, Some(new_state));
    changed |= set(last_state, Some(new_last));
    // Written with the first status and carried from the old one after that ("immutable").
    if volume_mounts.is_none() && c.spec.volume_mounts.as_ref().is_some_and(|m| !m.is_empty()) {
        *volume_mounts = mount_statuses(&c.spec);
        changed = true;
    }
    changed
}

/// The image a container status shows and its imageID. A container with no instance yet reports
/// the image as the spec names it; otherwise the runtime's fully qualified reference of the image
/// its latest instance was created from.
fn image_of(c: &Ctr) -> (&str, &str) {
    match c.ran_image.as_ref().filter(|_| !c.container_id.is_empty()) {
        Some(f) => (&f.canonical, &f.id),
        None => (c.spec.image.as_deref().unwrap_or_default(), ""),
    }
}

/// A container status's state and last state.
fn states(c: &Ctr, pod: &core::Pod) -> (core::ContainerState, core::ContainerState) {
    let mut state = state_of(c);
    let mut last_state = c.last.as_ref().map(|t| core::ContainerState { terminated: Some(terminated(t)), ..Default::default() }).unwrap_or_default();
    if let Some(t) = c.terminated().filter(|t| t.reason == "StartError" && super::restart::restart_wanted(pod, c.init, t.exit_code)) {
        // The reason cache: a container the runtime could not start and that will be restarted
        // shows the sync's error (RunContainerError) as waiting, the failed instance as last state.
        last_state = core::ContainerState { terminated: Some(terminated(t)), ..Default::default() };
        state = core::ContainerState {
            waiting: Some(core::ContainerStateWaiting { reason: Some("RunContainerError".into()), message: t.message.clone() }),
            ..Default::default()
        };
    }
    (state, last_state)
}

/// A hash of everything `build` reads besides the pod's stored status and the time: the restart
/// policy, the node, and the runtime's phase, IP, start and containers. `build` is idempotent (a
/// condition keeps its transition time while its status stays), so while neither this nor the
/// stored status moved, building again would give the stored status back.
pub fn inputs_digest(pod: &core::Pod, rt: &PodRuntime) -> u64 {
    let mut d = Digest::default();
    d.str(restart_policy(pod));
    d.str(&rt.node);
    d.opt_str(rt.finished);
    d.int(i64::from(rt.deadline_exceeded));
    d.int(rt.init_done as i64);
    d.opt_str(rt.ip.as_deref());
    d.int(rt.start.ms());
    for (n, list) in [(rt.init.len(), &rt.init), (rt.containers.len(), &rt.containers)] {
        d.int(n as i64);
        for c in list.iter() {
            ctr_digest(&mut d, c);
        }
    }
    d.0
}

fn ctr_digest(d: &mut Digest, c: &Ctr) {
    d.str(&c.spec.name);
    d.opt_str(c.spec.image.as_deref());
    d.flags(&[c.init, c.spec.readiness_probe.is_some(), c.readiness.ok, c.started_ok]);
    match &c.state {
        CState::Waiting { reason, message } => {
            d.int(0);
            d.str(reason);
            d.opt_str(message.as_deref());
        }
        CState::Running { since } => {
            d.int(1);
            d.int(since.ms());
        }
        CState::Terminated(t) => {
            d.int(2);
            terminated_digest(d, t);
        }
    }
    d.int(i64::from(c.restart_count));
    match &c.last {
        Some(t) => {
            d.int(1);
            terminated_digest(d, t);
        }
        None => d.int(0),
    }
    d.str(&c.container_id);
    match &c.ran_image {
        Some(f) => {
            // The canonical name and the imageID the status shows are functions of the reference.
            d.int(1);
            d.str(&f.reference);
        }
        None => d.int(0),
    }
}

fn terminated_digest(d: &mut Digest, t: &Terminated) {
    d.int(i64::from(t.exit_code));
    d.str(&t.reason);
    d.opt_str(t.message.as_deref());
    d.int(t.started.ms());
    d.int(t.finished.ms());
    d.str(&t.container_id);
}

/// A 64-bit hash over typed parts, eight bytes a step (it runs on every sync; nothing outside
/// the kubelet sees its values): strings end with their length and a tag, options carry a tag.
#[derive(Default)]
pub(super) struct Digest(u64);

impl Digest {
    pub(super) fn value(&self) -> u64 {
        self.0
    }
    /// One word: xor, then a 64x64->128 multiply folded to 64 bits (wyhash's mixing step).
    fn word(&mut self, w: u64) {
        let p = u128::from(self.0 ^ w ^ 0xa076_1d64_78bd_642f) * 0xe703_7ed1_a0b4_28db;
        self.0 = (p as u64) ^ ((p >> 64) as u64);
    }
    pub(super) fn str(&mut self, s: &str) {
        let mut chunks = s.as_bytes().chunks_exact(8);
        for c in &mut chunks {
            let mut w = [0u8; 8];
            w.copy_from_slice(c);
            self.word(u64::from_le_bytes(w));
        }
        let mut last = [0u8; 8];
        last[..chunks.remainder().len()].copy_from_slice(chunks.remainder());
        self.word(u64::from_le_bytes(last));
        self.word(s.len() as u64 | 0xff << 56);
    }
    fn opt_str(&mut self, s: Option<&str>) {
        match s {
            Some(s) => {
                self.word(1);
                self.str(s);
            }
            None => self.word(0),
        }
    }
    pub(super) fn int(&mut self, v: i64) {
        self.word(v as u64);
    }
    fn flags(&mut self, bits: &[bool]) {
        self.word(bits.iter().fold(1u64, |acc, b| acc << 1 | u64::from(*b)));
    }
}

/// The full status the kubelet would write now.
pub fn build(pod: &core::Pod, rt: &PodRuntime, node_ip: &str, now: SimTime) -> core::PodStatus {
    let mut st = kept(pod.status.as_ref(), rt);
    fill(&mut st, pod, rt, node_ip, now);
    st
}

/// [`build`] done on the stored status where it lies (`st`, taken out of `pod` meanwhile): every
/// part `kept` drops is set again below, so filling the stored status gives what `build` would.
/// Whether it changed anything; a part that stays equal is left as it is, not rebuilt.
pub fn update(st: &mut core::PodStatus, pod: &core::Pod, rt: &PodRuntime, node_ip: &str, now: SimTime) -> bool {
    fill(st, pod, rt, node_ip, now)
}

/// Sets on `st` everything `build` computes, each part only where it differs; whether any did.
fn fill(st: &mut core::PodStatus, pod: &core::Pod, rt: &PodRuntime, node_ip: &str, now: SimTime) -> bool {
    let phase = phase(pod, rt);
    let mut changed = set_str(&mut st.phase, phase);
    changed |= set_str(&mut st.host_ip, node_ip);
    if !matches!(st.host_ips.as_deref(), Some([h]) if h.ip == node_ip) {
        st.host_ips = Some(vec![core::HostIP { ip: node_ip.into() }]);
        changed = true;
    }
    changed |= set(&mut st.start_time, Some(time(rt.start)));
    if let Some(ip) = &rt.ip {
        changed |= set_str(&mut st.pod_ip, ip);
        if !matches!(st.pod_ips.as_deref(), Some([p]) if p.ip == *ip) {
            st.pod_ips = Some(vec![core::PodIP { ip: ip.clone() }]);
            changed = true;
        }
    }
    let completed = phase == "Succeeded";
    let terminal = completed || phase == "Failed";
    changed |= set_condition(st, "PodReadyToStartContainers", if rt.ip.is_some() && !terminal { "True" } else { "False" }, None, None, now);
    let incomplete: Vec<&str> = rt.init.iter().filter(|c| c.terminated().is_none_or(|t| t.exit_code != 0)).map(Ctr::name).collect();
    changed |= if completed {
        set_condition(st, "Initialized", "True", Some("PodCompleted"), None, now)
    } else if incomplete.is_empty() {
        set_condition(st, "Initialized", "True", None, None, now)
    } else {
        let msg = names_message("containers with incomplete status: [", &incomplete);
        set_condition(st, "Initialized", "False", Some("ContainersNotInitialized"), Some(&msg), now)
    };
    let unready: Vec<&str> = rt.containers.iter().filter(|c| !c.ready()).map(Ctr::name).collect();
    let not_ready = (!(completed || unready.is_empty() && incomplete.is_empty())).then(|| names_message("containers with unready status: [", &unready));
    // An evicted pod's generated phase is Failed: its ready conditions drop at once, though the
    // phase itself waits until no container can still run.
    let evicted = rt.deadline_exceeded;
    for cond in ["Ready", "ContainersReady"] {
        changed |= match &not_ready {
            _ if completed => set_condition(st, cond, "False", Some("PodCompleted"), None, now),
            _ if evicted => set_condition(st, cond, "False", Some("PodFailed"), None, now),
            None => set_condition(st, cond, "True", None, None, now),
            Some(msg) => set_condition(st, cond, "False", Some("ContainersNotReady"), Some(msg), now),
        };
    }
    changed |= order_conditions(st);
    if evicted && phase == "Failed" {
        changed |= set_str(&mut st.reason, super::deadline::REASON);
        changed |= set_str(&mut st.message, super::deadline::MESSAGE);
    }
    if !rt.init.is_empty() {
        changed |= set_statuses(&mut st.init_container_statuses, &rt.init, pod);
    }
    changed |= set_statuses(&mut st.container_statuses, &rt.containers, pod);
    changed
}

/// Sets `field` to `value` unless it already holds it; whether it did.
fn set<T: PartialEq>(field: &mut T, value: T) -> bool {
    let differs = *field != value;
    if differs {
        *field = value;
    }
    differs
}

/// [`set`] of a string, copied only when it differs.
fn set_string(field: &mut String, value: &str) -> bool {
    let differs = field != value;
    if differs {
        *field = value.to_string();
    }
    differs
}

/// [`set`] of an optional string, copied only when it differs.
fn set_str(field: &mut Option<String>, value: &str) -> bool {
    let differs = field.as_deref() != Some(value);
    if differs {
        *field = Some(value.to_string());
    }
    differs
}

/// The statuses of `ctrs` in `list`, one by one where the list has the same length, each
/// replaced only when it differs.
fn set_statuses(list: &mut Option<Vec<core::ContainerStatus>>, ctrs: &[Ctr], pod: &core::Pod) -> bool {
    match list {
        Some(old) if old.len() == ctrs.len() => {
            let mut changed = false;
            for (o, c) in old.iter_mut().zip(ctrs) {
                changed |= set_container_status(o, c, pod);
            }
            changed
        }
        _ => {
            *list = Some(ctrs.iter().map(|c| container_status(c, pod)).collect());
            true
        }
    }
}

/// `head` then the names space-separated and `]`, built in one buffer (two conditions get one on
/// every status build while a container is not ready).
fn names_message(head: &str, names: &[&str]) -> String {
    let mut msg = String::with_capacity(head.len() + names.iter().map(|n| n.len() + 1).sum::<usize>() + 1);
    msg.push_str(head);
    for (i, n) in names.iter().enumerate() {
        if i > 0 {
            msg.push(' ');
        }
        msg.push_str(n);
    }
    msg.push(']');
    msg
}

/// What `build` starts from: the stored status without the parts it always replaces (the
/// container statuses above all, whose copies would only be dropped). Every field is named, so a
/// field a newer API adds is a compile error here rather than silently lost.
fn kept(old: Option<&core::PodStatus>, rt: &PodRuntime) -> core::PodStatus {
    let Some(old) = old else { return core::PodStatus::default() };
    let ip_set = rt.ip.is_some();
    core::PodStatus {
        conditions: old.conditions.clone(),
        container_statuses: None,
        ephemeral_container_statuses: old.ephemeral_container_statuses.clone(),
        host_ip: None,
        host_ips: None,
        init_container_statuses: if rt.init.is_empty() { old.init_container_statuses.clone() } else { None },
        message: old.message.clone(),
        nominated_node_name: old.nominated_node_name.clone(),
        observed_generation: old.observed_generation,
        phase: None,
        pod_ip: if ip_set { None } else { old.pod_ip.clone() },
        pod_ips: if ip_set { None } else { old.pod_ips.clone() },
        qos_class: old.qos_class.clone(),
        reason: old.reason.clone(),
        resize: old.resize.clone(),
        resource_claim_statuses: old.resource_claim_statuses.clone(),
        start_time: None,
    }
}

/// The order the kubelet lists conditions in; whether they had to be moved.
fn order_conditions(st: &mut core::PodStatus) -> bool {
    const ORDER: [&str; 5] = ["PodReadyToStartContainers", "Initialized", "Ready", "ContainersReady", "PodScheduled"];
    let rank = |c: &core::PodCondition| ORDER.iter().position(|o| *o == c.type_).unwrap_or(ORDER.len());
    // Conditions the last build ordered stay in order; only a build that adds one moves them.
    let Some(c) = st.conditions.as_mut().filter(|c| !c.is_sorted_by_key(rank)) else { return false };
    c.sort_by_key(rank);
    true
}
