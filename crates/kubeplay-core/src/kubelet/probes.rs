//! Startup, readiness and liveness probes (exec, httpGet, tcpSocket) on the prober's schedule:
//! initialDelaySeconds, periodSeconds, successThreshold, failureThreshold, with the kubelet's
//! `Unhealthy` events; a liveness or startup failure has the container killed (kill.rs).

use super::kill::{self, Why};
use super::lifecycle::exec_step;
use super::runtime::{Ctr, PodRuntime, ProbeState};
use super::vfs::{ContainerFs, Ref};
use crate::api::ObjKey;
use crate::clock::SimTime;
use crate::cluster::Cluster;
use k8s_openapi::api::core::v1 as core;
use k8s_openapi::apimachinery::pkg::util::intstr::IntOrString;
use kubeplay_shell::{Process, Step};

/// The prober's User-Agent: `kube-probe/<major>.<minor>` of the kubelet.
const PROBE_AGENT: &str = "kube-probe/1.33";

/// Bound on steps of one exec probe (a probe that loops forever fails instead of hanging).
const MAX_PROBE_STEPS: usize = 64;

#[derive(Clone, Copy, PartialEq, Eq)]
enum Kind {
    Startup,
    Readiness,
    Liveness,
}

impl Kind {
    fn label(self) -> &'static str {
        match self {
            Kind::Startup => "Startup",
            Kind::Readiness => "Readiness",
            Kind::Liveness => "Liveness",
        }
    }
    fn spec(self, k: &Ctr) -> Option<&core::Probe> {
        match self {
            Kind::Startup => k.spec.startup_probe.as_ref(),
            Kind::Readiness => k.spec.readiness_probe.as_ref(),
            Kind::Liveness => k.spec.liveness_probe.as_ref(),
        }
    }
    fn state(self, k: &mut Ctr) -> &mut ProbeState {
        match self {
            Kind::Startup => &mut k.startup,
            Kind::Readiness => &mut k.readiness,
            Kind::Liveness => &mut k.liveness,
        }
    }
}

fn initial_delay(p: &core::Probe) -> i64 {
    i64::from(p.initial_delay_seconds.unwrap_or(0).max(0)) * 1000
}

fn period(p: &core::Probe) -> i64 {
    i64::from(p.period_seconds.unwrap_or(10).max(1)) * 1000
}

/// Schedules the first probes of a container that just started, with fresh counters. A probe
/// worker outlives the container instances it probes and keeps ticking every period, so a
/// restarted container is not probed before the tick that follows the last probe.
pub(crate) fn arm(k: &mut Ctr, now: SimTime) {
    wake(k, now);
    for kind in [Kind::Startup, Kind::Readiness, Kind::Liveness] {
        let first = kind.spec(k).map(|p| now.plus_ms(initial_delay(p)));
        let st = kind.state(k);
        let after_last = st.next_at;
        *st = ProbeState::default();
        st.next_at = first.map(|t| after_last.map_or(t, |last| t.max(last)));
    }
}

/// The earliest probe due for this container.
pub(crate) fn next_at(k: &Ctr) -> Option<SimTime> {
    if !k.running() {
        return None;
    }
    // Until the startup probe succeeds the other two workers tick without probing (run skips
    // them), so only the startup probe's time can wake the pod.
    if !k.started_ok {
        return k.startup.next_at;
    }
    [&k.startup, &k.readiness, &k.liveness].iter().filter_map(|s| s.next_at).min()
}

/// A probe that keeps succeeding against what cannot change between two syncs of its pod rests:
/// no timer ticks for it (so idle simulated time costs nothing). A tcpSocket or grpc probe reads
/// only whether the container listens, and an httpGet probe to a server other than nginx only
/// that too. Only the container's own process closes its ports, and it runs in the pod's syncs,
/// which wake the probe (an exec'd process may open a port, which cannot fail a probe that
/// succeeds). An exec probe runs a command, and nginx answers from its files (and logs each
/// request), so they never rest.
fn can_rest(k: &Ctr, p: &core::Probe) -> bool {
    let http_static = p.http_get.is_some() && super::images::repository(k.spec.image.as_deref().unwrap_or("")) != "nginx";
    p.exec.is_none() && (http_static || p.tcp_socket.is_some() || p.grpc.is_some())
}

/// Puts resting probes back on their tick grid at a sync of their pod: the next tick after their
/// last one that is not before now, as the prober's ticker would have it.
pub(crate) fn wake(k: &mut Ctr, now: SimTime) {
    for kind in [Kind::Startup, Kind::Readiness, Kind::Liveness] {
        let Some(every) = kind.spec(k).map(period) else { continue };
        let st = kind.state(k);
        if let Some(last) = st.resting_since.take() {
            let ticks = ((now.ms() - last.ms()) + every - 1).div_euclid(every).max(1);
            st.next_at = Some(last.plus_ms(ticks * every));
        }
    }
}

/// Runs every probe due now in the pod's regular containers; true if one had a container killed.
pub(crate) fn run(c: &mut Cluster, pod: &core::Pod, rt: &mut PodRuntime) -> bool {
    let mut killed = false;
    for i in 0..rt.containers.len() {
        for kind in [Kind::Startup, Kind::Readiness, Kind::Liveness] {
            let k = &rt.containers[i];
            if !k.running() || kind.spec(k).is_none() {
                continue;
            }
            // After a liveness or startup failure the worker holds off until a new container runs.
            if kind != Kind::Readiness && k.kill.is_some() {
                continue;
            }
            if kind != Kind::Startup && !k.started_ok {
                continue;
            }
            if kind == Kind::Startup && k.started_ok {
                continue;
            }
            let due = match kind {
                Kind::Startup => k.startup.next_at,
                Kind::Readiness => k.readiness.next_at,
                Kind::Liveness => k.liveness.next_at,
            };
            if due.is_none_or(|t| t > c.now) {
                continue;
            }
            killed |= probe_once(c, pod, rt, i, kind);
        }
    }
    killed
}

/// One probe; true if its failure had the container killed.
fn probe_once(c: &mut Cluster, pod: &core::Pod, rt: &mut PodRuntime, i: usize, kind: Kind) -> bool {
    let now = c.now;
    let Some(spec) = kind.spec(&rt.containers[i]).cloned() else { return false };
    let result = check(c, rt, i, &spec);
    let key: ObjKey = rt.key.clone();
    let success_threshold = spec.success_threshold.unwrap_or(1).max(1);
    let failure_threshold = spec.failure_threshold.unwrap_or(3).max(1);
    let k = &mut rt.containers[i];
    let st = kind.state(k);
    st.next_at = Some(now.plus_ms(period(&spec)));
    match result {
        Ok(()) => {
            st.failures = 0;
            st.successes += 1;
            if st.successes >= success_threshold {
                st.ok = true;
                if kind != Kind::Startup && can_rest(k, &spec) {
                    let st = kind.state(k);
                    st.resting_since = Some(now);
                    st.next_at = None;
                }
                if kind == Kind::Startup {
                    k.started_ok = true;
                    k.readiness.next_at = k.spec.readiness_probe.as_ref().map(|_| now);
                    k.liveness.next_at = k.spec.liveness_probe.as_ref().map(|_| now);
                }
            }
        }
        Err(msg) => {
            st.successes = 0;
            st.failures += 1;
            let give_up = st.failures >= failure_threshold;
            if give_up {
                st.ok = false;
            }
            let name = rt.containers[i].name().to_string();
            super::lifecycle::container_event(c, &key, false, &name, "Warning", "Unhealthy", &format!("{} probe failed: {msg}", kind.label()));
            match kind {
                Kind::Liveness if give_up => {
                    kill::begin(c, pod, rt, i, Why::Liveness);
                    return true;
                }
                Kind::Startup if give_up => {
                    kill::begin(c, pod, rt, i, Why::Startup);
                    return true;
                }
                _ => {}
            }
        }
    }
    false
}

fn port_of(p: &IntOrString, k: &Ctr) -> u16 {
    match p {
        IntOrString::Int(n) => u16::try_from(*n).unwrap_or(0),
        IntOrString::String(name) => k.spec.ports.iter().flatten().find(|cp| cp.name.as_deref() == Some(name.as_str())).and_then(|cp| u16::try_from(cp.container_port).ok()).unwrap_or(0),
    }
}

/// One probe attempt: Ok, or the failure text the kubelet puts after "probe failed: ".
fn check(c: &mut Cluster, rt: &mut PodRuntime, i: usize, p: &core::Probe) -> Result<(), String> {
    let ip = rt.ip.clone().unwrap_or_default();
    if let Some(exec) = &p.exec {
        let argv = exec.command.clone().unwrap_or_default();
        let env = rt.containers[i].env.clone();
        let mut process = Process::spawn_shared(argv, env, "/");
        let mut out = Vec::new();
        let timeout = i64::from(p.timeout_seconds.unwrap_or(1).max(1)) * 1000;
        let mut slept = 0i64;
        for _ in 0..MAX_PROBE_STEPS {
            match exec_step(c, rt, false, i, &mut process, &mut out) {
                Step::Exit(0) => return Ok(()),
                Step::Exit(_) => return Err(out.iter().map(|(_, t)| t.as_str()).collect()),
                Step::Sleep(ms) => {
                    slept += ms as i64;
                    if slept > timeout {
                        return Err(format!("command timed out: \"{}\" timed out after {}s", exec.command.clone().unwrap_or_default().join(" "), timeout / 1000));
                    }
                }
                Step::Block => break,
            }
        }
        return Err(format!("command timed out: \"{}\" timed out after {}s", exec.command.clone().unwrap_or_default().join(" "), timeout / 1000));
    }
    let k = &rt.containers[i];
    if let Some(h) = &p.http_get {
        let port = port_of(&h.port, k);
        let path = h.path.clone().unwrap_or_else(|| "/".into());
        let scheme = h.scheme.clone().unwrap_or_else(|| "HTTP".into()).to_lowercase();
        if !k.listening.contains(&port) {
            return Err(format!("Get \"{scheme}://{ip}:{port}{path}\": dial tcp {ip}:{port}: connect: connection refused"));
        }
        // prober/http: a status from 200 to 399 succeeds. nginx answers from its files; other
        // servers kubeplay runs answer 200.
        if super::images::repository(k.spec.image.as_deref().unwrap_or("")) == "nginx" {
            let fs = ContainerFs { root: Ref::Shared(&k.root), mounts: &k.mounts, volumes: Ref::Shared(&c.kubelet.volumes), now_ms: c.now.ms() };
            let response = kubeplay_shell::nginx_response(&fs, &path);
            let status = response.status;
            // The request comes from the node's end of the pod network (its pod CIDR's .1) and is
            // logged as any other.
            let gateway = crate::bootstrap::NODES.iter().find(|n| n.0 == rt.node).map(|n| n.2.replace(".0/24", ".1")).unwrap_or_default();
            let line = super::host::access_line(&gateway, c.now, &path, &response, PROBE_AGENT);
            super::served::log(c, rt, vec![super::host::Served { ip: ip.clone(), port, line }]);
            if !(200..400).contains(&status) {
                return Err(format!("HTTP probe failed with statuscode: {status}"));
            }
        }
        return Ok(());
    }
    if let Some(t) = &p.tcp_socket {
        let port = port_of(&t.port, k);
        if !k.listening.contains(&port) {
            return Err(format!("dial tcp {ip}:{port}: connect: connection refused"));
        }
        return Ok(());
    }
    if let Some(g) = &p.grpc {
        let port = u16::try_from(g.port).unwrap_or(0);
        if !k.listening.contains(&port) {
            return Err(format!("timeout: failed to connect service \"{ip}:{port}\" within 1s: context deadline exceeded"));
        }
        return Ok(());
    }
    Ok(())
}
