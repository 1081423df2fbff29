//! One kubelet sync of one pod (SimEvent::Kubelet): volumes, sandbox and IP, image pulls, init
//! containers in order, starting and resuming processes, exits and restart backoff
//! (kuberuntime_manager doBackOff + flowcontrol.Backoff), and graceful termination.

use super::host::{CtrHost, Sink};
use super::runtime::{CState, Ctr, PodRuntime, Terminated};
use super::tree::Medium;
use super::vfs::{ContainerFs, Layer, Ref, Tree};
use super::{images, kill, podstatus, probes, pull, remount, restart, setup};
use crate::api::{Kind, ObjKey, Object};
use crate::clock::SimTime;
use crate::cluster::{Cluster, Write};
use k8s_openapi::api::core::v1 as core;
use kubeplay_shell::{Process, Signal, Step};
use std::rc::Rc;

/// From scheduling to a ready sandbox (network namespace, pod IP).
pub const SANDBOX_MS: i64 = 1_000;
/// How soon the kubelet notices an exit and acts (the PLEG relist period).
pub const RELIST_MS: i64 = 1_000;
/// kubelet backOffPeriod and MaxContainerBackOff.
pub const BACKOFF_INITIAL_MS: i64 = 10_000;
pub const BACKOFF_MAX_MS: i64 = 300_000;
/// Pod resync: how often a container blocked on configuration is retried.
pub const RESYNC_MS: i64 = 10_000;
/// Volume setup retries back off from 500 ms to 2m2s (nestedpendingoperations).
const MOUNT_RETRY_MAX_MS: i64 = 122_000;
/// Bound on process resumptions in one sync, so a process that never sleeps cannot hang the simulation.
const MAX_RESUMES_PER_SYNC: usize = 64;

pub(crate) fn node_ip(node: &str) -> &'static str {
    crate::bootstrap::NODES.iter().find(|n| n.0 == node).map_or("172.18.0.9", |n| n.1)
}

fn node_index(node: &str) -> usize {
    crate::bootstrap::NODES.iter().position(|n| n.0 == node).unwrap_or(0)
}

fn hostname(pod: &core::Pod) -> &str {
    let name = pod.spec.as_ref().and_then(|s| s.hostname.as_deref()).filter(|h| !h.is_empty()).or(pod.metadata.name.as_deref()).unwrap_or_default();
    // The first 63 characters, cut in place (a name of at most 63 bytes has no more).
    let end = if name.len() <= 63 { name.len() } else { name.char_indices().nth(63).map_or(name.len(), |(i, _)| i) };
    name[..end].trim_end_matches(['-', '.'])
}

pub(crate) fn new_runtime(c: &mut Cluster, pod: &core::Pod, key: &ObjKey, node: &str) -> PodRuntime {
    let has_init = pod.spec.as_ref().is_some_and(|s| s.init_containers.as_ref().is_some_and(|i| !i.is_empty()));
    let waiting = if has_init { "PodInitializing" } else { "ContainerCreating" };
    let spec = pod.spec.as_ref();
    let ctrs = |list: &[core::Container], init: bool| list.iter().map(|s| Ctr::new(Rc::new(s.clone()), init, waiting)).collect();
    PodRuntime {
        key: key.clone(),
        uid: pod.metadata.uid.clone().unwrap_or_default(),
        node: node.to_string(),
        ip: None,
        start: c.now,
        sandbox_at: c.now.plus_ms(SANDBOX_MS),
        mount_retry: None,
        mounted: false,
        init: ctrs(spec.and_then(|s| s.init_containers.as_deref()).unwrap_or_default(), true),
        containers: ctrs(spec.map_or(&[][..], |s| &s.containers[..]), false),
        init_done: 0,
        kill_at: None,
        terminating: false,
        kill_grace: None,
        terminating_since: None,
        finished: None,
        active_deadline: None,
        deadline_exceeded: false,
        image_backoff: Default::default(),
        last_sync: c.now,
        resync_at: None,
        source_versions: Default::default(),
        remount_retry: None,
        seen_meta: None,
        meta_touched: false,
        immutable: Default::default(),
        tokens: Default::default(),
        published: None,
        settled: None,
        poked: false,
        cut_short: false,
    }
}

fn allocate_ip(c: &mut Cluster, node: &str) -> String {
    // The node's entry is made once; later pods find it without a copy of the name.
    if !c.kubelet.next_ip.contains_key(node) {
        c.kubelet.next_ip.insert(node.to_string(), 1);
    }
    let n = c.kubelet.next_ip.get_mut(node).map_or(2, |n| {
        *n = if *n >= 254 { 2 } else { *n + 1 };
        *n
    });
    // `10.244.<node>.<n>`, written without the formatting machinery (one per pod).
    let mut ip = String::with_capacity(15);
    ip.push_str("10.244.");
    push_decimal(&mut ip, node_index(node) as u32);
    ip.push('.');
    push_decimal(&mut ip, n);
    ip
}

/// Appends `v` in decimal.
fn push_decimal(s: &mut String, v: u32) {
    if v >= 10 {
        push_decimal(s, v / 10);
    }
    s.push(char::from(b'0' + (v % 10) as u8));
}

pub(super) fn event(c: &mut Cluster, key: &ObjKey, type_: &str, reason: &str, msg: &str) {
    c.record_event_about(key, type_, reason, msg, "kubelet");
}

/// An Event about one container, through the reference GenerateContainerRef makes for it:
/// the pod, with `spec.containers{NAME}` or `spec.initContainers{NAME}` as its fieldPath.
pub(super) fn container_event(c: &mut Cluster, key: &ObjKey, init: bool, name: &str, type_: &str, reason: &str, msg: &str) {
    let list = if init { "initContainers" } else { "containers" };
    let path = setup::cat(&["spec.", list, "{", name, "}"]);
    c.record_event_about_field(key, &path, type_, reason, msg, "kubelet");
}

/// Drives the pod as far as it can go at this instant.
pub(crate) fn step(c: &mut Cluster, pod: &core::Pod, rt: &mut PodRuntime) {
    if pod.metadata.deletion_timestamp.is_some() {
        terminate(c, pod, rt);
        return;
    }
    if rt.finished.is_some() {
        return;
    }
    if super::deadline::passed(c, pod, rt) {
        return;
    }
    kill::follow_spec(c, pod, rt);
    if !rt.mounted && !mount(c, pod, rt) {
        return;
    }
    remount::on_wake(c, pod, rt);
    if c.now < rt.sandbox_at {
        return;
    }
    if rt.ip.is_none() {
        rt.ip = Some(match pod.spec.as_ref().and_then(|s| s.host_network) {
            // A pod on the host's network has the node's address and takes none from its range.
            Some(true) => node_ip(&rt.node).to_string(),
            _ => allocate_ip(c, &rt.node),
        });
    }
    while rt.init_done < rt.init.len() {
        let i = rt.init_done;
        drive(c, pod, rt, true, i);
        match rt.init[i].terminated() {
            Some(t) if t.exit_code == 0 => {
                rt.init[i].process = None;
                rt.init_done += 1;
            }
            Some(_) if podstatus::restart_policy(pod) == "Never" => {
                rt.finished = Some("Failed");
                return;
            }
            _ => return,
        }
    }
    for i in 0..rt.containers.len() {
        drive(c, pod, rt, false, i);
    }
    let now = c.now;
    rt.containers.iter_mut().for_each(|k| probes::wake(k, now));
    if probes::run(c, pod, rt) {
        // A failed liveness or startup probe stopped a container: SyncPod starts it again at once.
        for i in 0..rt.containers.len() {
            drive(c, pod, rt, false, i);
        }
    }
    let phase = podstatus::phase(pod, rt);
    if phase == "Succeeded" || phase == "Failed" {
        rt.finished = Some(phase);
    }
}

/// Volumes: a missing Secret/ConfigMap keeps the pod in ContainerCreating with FailedMount, retried.
fn mount(c: &mut Cluster, pod: &core::Pod, rt: &mut PodRuntime) -> bool {
    if let Some((at, _)) = rt.mount_retry {
        if c.now < at {
            return false;
        }
    }
    match remount::setup(c, pod, rt).err() {
        Some(msg) => {
            event(c, &rt.key, "Warning", "FailedMount", &msg);
            let delay = rt.mount_retry.map_or(500, |(_, d)| (d * 2).min(MOUNT_RETRY_MAX_MS));
            rt.mount_retry = Some((c.now.plus_ms(delay), delay));
            c.explain(&rt.key, "kubelet", &[format!("kubelet: {msg}; the pod stays ContainerCreating and retries until the object exists")]);
            false
        }
        None => {
            rt.mounted = true;
            rt.mount_retry = None;
            c.explain(&rt.key, "kubelet", &[]);
            if rt.sandbox_at < c.now {
                rt.sandbox_at = c.now.plus_ms(SANDBOX_MS);
            }
            true
        }
    }
}

pub(super) fn ctr(rt: &mut PodRuntime, init: bool, i: usize) -> &mut Ctr {
    if init { &mut rt.init[i] } else { &mut rt.containers[i] }
}

/// Moves one container forward: a kill's deadline, restart wait, pull, configure, start, resume
/// its process.
fn drive(c: &mut Cluster, pod: &core::Pod, rt: &mut PodRuntime, init: bool, i: usize) {
    for _ in 0..MAX_RESUMES_PER_SYNC {
        let now = c.now;
        let k = ctr(rt, init, i);
        if k.running() && k.kill.as_ref().is_some_and(|x| x.deadline <= now) {
            signal(c, rt, init, i, Signal::Kill);
            continue;
        }
        if let Some(t) = k.terminated().cloned() {
            if k.kill.take().is_some_and(|x| x.restart) && rt.finished.is_none() {
                if !kill::restart_after(c, rt, init, i, &t) {
                    return;
                }
                continue;
            }
            if !restart::restart_wanted(pod, init, t.exit_code) || rt.finished.is_some() {
                return;
            }
            if !restart::schedule_restart(c, rt, init, i, &t) {
                return;
            }
            continue;
        }
        if k.running() {
            if k.wake_at.is_some_and(|w| w <= now) || (k.wake_at.is_none() && k.process.is_some() && k.restart_at == Some(now)) {
                k.restart_at = None;
                resume(c, pod, rt, init, i);
                continue;
            }
            return;
        }
        if k.held_sync_at.is_some_and(|t| t <= now) && matches!(&k.state, CState::Waiting { reason, .. } if reason == "CrashLoopBackOff") {
            restart::held_sync(c, rt, init, i);
            continue;
        }
        if k.restart_at.is_some_and(|t| t > now) {
            return;
        }
        if matches!(&k.state, CState::Waiting { reason, .. } if reason == "CrashLoopBackOff") {
            let finished = k.last.as_ref().map_or(now, |t| t.finished);
            restart::begin_restart(k, finished, now);
        }
        if !start(c, pod, rt, init, i) {
            return;
        }
    }
    // The bound stopped it with the container still due: the next sync is not skipped.
    rt.cut_short = true;
}

/// The `why` source of what holds back one container, so that one container starting does not
/// clear what another is waiting for.
pub(super) fn explain_source(container: &str) -> String {
    setup::cat(&["kubelet/", container])
}

/// Pull, configure and start a container. Returns true if it is now running.
fn start(c: &mut Cluster, pod: &core::Pod, rt: &mut PodRuntime, init: bool, i: usize) -> bool {
    let now = c.now;
    if !ctr(rt, init, i).pulled {
        match pull::ensure(c, rt, init, i) {
            pull::Pull::Ready => ctr(rt, init, i).pulled = true,
            pull::Pull::NotYet => return false,
        }
    }
    let key = rt.key.clone();
    let image = ctr(rt, init, i).spec.image.clone().unwrap_or_default();
    let pod_ip = rt.ip.clone().unwrap_or_default();
    let host_ip = node_ip(&rt.node);
    let spec = ctr(rt, init, i).spec.clone();
    let env = match setup::environment(&c.store, pod, &spec, &pod_ip, host_ip) {
        Ok(env) => {
            c.explain(&key, &explain_source(&spec.name), &[]);
            env
        }
        Err(e) => {
            let k = ctr(rt, init, i);
            k.state = CState::Waiting { reason: "CreateContainerConfigError".into(), message: Some(e.clone()) };
            k.restart_at = Some(now.plus_ms(RESYNC_MS));
            k.pulled = false;
            k.pull_done_at = None;
            container_event(c, &key, init, &spec.name, "Warning", "Failed", &format!("Error: {e}"));
            c.explain(&key, &explain_source(&spec.name), &[format!("kubelet: container {} cannot start: {e}; it is retried until the object exists", spec.name)]);
            return false;
        }
    };
    let hostname = hostname(pod).to_string();
    let facts = c.kubelet.image_facts(&image);
    let catalogued = facts.catalogued;
    // The environment is fixed now (the container's own variables were read above, the service
    // links are the namespace's as of now) and made when something first reads it: a `$(VAR)` in
    // the command, the process, an exec or a probe (a container's `sh` with nothing to run never
    // does).
    let links = c.kubelet.service_links.get(&c.store, pod);
    let full_env = {
        let hostname = hostname.clone();
        Rc::new(kubeplay_shell::LazyEnv::new(move || full_environment(catalogued, &hostname, &links, &env)))
    };
    let argv = argv_for(&spec, catalogued, &full_env);
    // Starting a container is a pod sync: the volumes it mounts are brought up to date first.
    remount::synced(c, pod, rt);
    let pv_of = |claim: &str| pv_of_claim(c, &key.namespace, claim);
    let mounts = setup::mounts(pod, &spec, &pv_of, &c.kubelet.volumes);
    setup::create_volumes(&mut c.kubelet.volumes, pod, &mounts, now.ms());
    let id = container_id(&mut c.rng);
    let k = ctr(rt, init, i);
    let subdomain = pod.spec.as_ref().and_then(|s| s.subdomain.clone()).unwrap_or_default();
    let namespace = key.namespace.clone();
    k.root = Layer::lazy(move || image_root(&hostname, &subdomain, &pod_ip, &namespace, catalogued, now.ms()));
    k.mounts = mounts;
    // One environment, for the process and for later execs and probes.
    k.env = full_env.clone();
    // The status's restartCount is the new instance's: one more than the last instance's.
    if !k.container_id.is_empty() {
        k.restart_count += 1;
    }
    k.container_id = id;
    k.ran_image = Some(facts);
    k.listening.clear();
    container_event(c, &key, init, &spec.name, "Normal", "Created", &setup::cat(&["Created container: ", &spec.name]));
    if let Some(argv0) = argv.as_ref().and_then(|a| a.first()).cloned() {
        if let Some(err) = entrypoint_error(c, rt, init, i, &argv0) {
            // The runtime created the container but could not start its process: containerd marks
            // it exited (StartError, 128, never started) with its error as the message, and the
            // kubelet reports RunContainerError until the next sync restarts it (podstatus).
            let text = format!("failed to create containerd task: failed to create shim task: OCI runtime create failed: runc create failed: unable to start container process: error during container init: {err}: unknown");
            container_event(c, &key, init, &spec.name, "Warning", "Failed", &format!("Error: {text}"));
            let k = ctr(rt, init, i);
            k.state = CState::Terminated(Terminated { exit_code: 128, reason: "StartError".into(), message: Some(text), started: SimTime(0), finished: now, container_id: k.container_id.clone() });
            k.process = None;
            return false;
        }
    }
    container_event(c, &key, init, &spec.name, "Normal", "Started", &setup::cat(&["Started container ", &spec.name]));
    let k = ctr(rt, init, i);
    k.state = CState::Running { since: now };
    k.started_ok = spec.startup_probe.is_none();
    probes::arm(k, now);
    match argv {
        Some(argv) => {
            k.process = Some(Process::spawn_shared(argv, full_env, spec.working_dir.as_deref().unwrap_or("/")));
            k.wake_at = Some(now);
        }
        None => {
            // An image kubeplay does not know, with no command: assumed to run until stopped.
            k.process = None;
            k.wake_at = None;
        }
    }
    true
}

/// `containerd://` and four draws as 64 hex digits (`{:016x}` each, in draw order), written
/// without the formatting machinery.
fn container_id(rng: &mut crate::rng::Prng) -> String {
    const HEX: &[u8; 16] = b"0123456789abcdef";
    let mut id = String::with_capacity(13 + 64);
    id.push_str("containerd://");
    for _ in 0..4 {
        let v = rng.next_u64();
        for shift in (0..16).rev() {
            id.push(char::from(HEX[(v >> (shift * 4)) as usize & 15]));
        }
    }
    id
}

/// The image's variables, in a vector with room for `more` after them.
fn image_env(image: Option<&images::Image>, more: usize) -> Vec<(String, String)> {
    let mut env = Vec::with_capacity(1 + image.map_or(0, |i| i.env.len()) + more);
    env.push(("PATH".to_string(), "/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin".to_string()));
    if let Some(img) = image {
        for (k, v) in img.env {
            env.retain(|(n, _)| n != k);
            env.push((k.to_string(), v.to_string()));
        }
    }
    env
}

/// The process argv: the container's command/args over the image's ENTRYPOINT/CMD, with `$(VAR)` expanded.
fn argv_for(spec: &core::Container, img: Option<&images::Image>, env: &kubeplay_shell::LazyEnv) -> Option<Vec<String>> {
    let strs = |v: &[&str]| v.iter().map(|s| s.to_string()).collect::<Vec<_>>();
    let (entry, cmd) = img.map_or((vec![], vec![]), |i| (strs(i.entrypoint), strs(i.cmd)));
    let argv: Vec<String> = match (&spec.command, &spec.args) {
        (Some(c), Some(a)) => c.iter().chain(a).cloned().collect(),
        (Some(c), None) => c.clone(),
        (None, Some(a)) => entry.into_iter().chain(a.iter().cloned()).collect(),
        (None, None) => entry.into_iter().chain(cmd).collect(),
    };
    if argv.is_empty() {
        return None;
    }
    // Only an argument with a `$` can refer to a variable.
    Some(argv.into_iter().map(|a| if a.contains('$') { setup::expand_refs(&a, &env.get().vars) } else { a }).collect())
}

/// A container's environment: the image's variables, then HOSTNAME and the service links
/// (setup::base_environment, the links shared by the namespace's pods), then the container's own;
/// a later one replaces an earlier one of the same name.
fn full_environment(image: Option<&images::Image>, hostname: &str, links: &[(String, String)], own: &[(String, String)]) -> kubeplay_shell::Env {
    let mut vars = image_env(image, 1 + links.len() + own.len());
    for (k, v) in std::iter::once(("HOSTNAME", hostname)).chain(links.iter().chain(own).map(|(k, v)| (k.as_str(), v.as_str()))) {
        vars.retain(|(n, _)| n != k);
        vars.push((k.to_string(), v.to_string()));
    }
    kubeplay_shell::Env { vars }
}

/// A container's writable layer as it starts: the files the kubelet manages.
/// The files the kubelet writes into every container: hostname, hosts (managedHostsFileContent,
/// with the `<host>.<subdomain>.<ns>.svc.cluster.local` name when the pod has a subdomain) and
/// resolv.conf.
fn image_root(hostname: &str, subdomain: &str, ip: &str, ns: &str, image: Option<&images::Image>, now: i64) -> Tree {
    let mut t = Tree::new(Medium::Overlay, 0o755, now);
    t.put("etc/hostname", format!("{hostname}\n").as_bytes(), 0o644, now);
    let own = if subdomain.is_empty() { format!("{ip}\t{hostname}\n") } else { format!("{ip}\t{hostname}.{subdomain}.{ns}.svc.cluster.local\t{hostname}\n") };
    let hosts = format!("# Kubernetes-managed hosts file.\n127.0.0.1\tlocalhost\n::1\tlocalhost ip6-localhost ip6-loopback\nfe00::0\tip6-localnet\nfe00::0\tip6-mcastprefix\nfe00::1\tip6-allnodes\nfe00::2\tip6-allrouters\n{own}");
    t.put("etc/hosts", hosts.as_bytes(), 0o644, now);
    let search = crate::dns::search_path(ns).join(" ");
    t.put("etc/resolv.conf", format!("search {search}\nnameserver {}\noptions ndots:5\n", crate::dns::SERVER_IP).as_bytes(), 0o644, now);
    for dir in ["var", "root", "home", "bin", "usr", "proc", "dev"] {
        t.mkdir_p(dir, now);
    }
    t.mkdir_mode("tmp", 0o1777, now); // world-writable with the sticky bit, as in every image
    for (path, data, mode) in image.map_or(&[][..], |i| i.files) {
        t.put(path, data.as_bytes(), *mode, now);
    }
    for (path, mode) in image.map_or(&[][..], |i| i.dirs) {
        t.mkdir_mode(path, *mode, now);
    }
    for (path, target) in image.map_or(&[][..], |i| i.links) {
        t.mkdir_p(path.rsplit_once('/').map_or("", |(dir, _)| dir), now);
        t.symlink(path, target, now);
    }
    t
}

fn pv_of_claim(c: &Cluster, ns: &str, claim: &str) -> Option<String> {
    match c.store.get(&ObjKey::new(Kind::PersistentVolumeClaim, ns, claim)) {
        Some(Object::PersistentVolumeClaim(p)) => p.spec.as_ref().and_then(|s| s.volume_name.clone()).filter(|v| !v.is_empty()),
        _ => None,
    }
}

/// Where a process's output should go while it runs against `with_host`.
enum Output<'o> {
    Log,
    Capture(&'o mut Vec<(bool, String)>),
}

/// Runs `f` with the `Host` of container `i`: its files, the node's volumes, DNS and the network.
fn with_host<R>(c: &mut Cluster, rt: &mut PodRuntime, init: bool, i: usize, hostname: &str, output: Output<'_>, f: impl FnOnce(&mut CtrHost<'_>) -> R) -> R {
    let now = c.now;
    let PodRuntime { key, ip, init: inits, containers, .. } = rt;
    let k = if init { &mut inits[i] } else { &mut containers[i] };
    let Cluster { rng, store, kubelet, .. } = &mut *c;
    let super::Runtime { pods, volumes, .. } = kubelet;
    let sink = match output {
        Output::Log => Sink::Log(&mut k.logs),
        Output::Capture(out) => Sink::Exec(out),
    };
    let image = k.spec.image.as_deref().unwrap_or_default();
    // The facts of the image the container was started from carry its catalogue row.
    let catalogued = match &k.ran_image {
        Some(f) if f.reference == image => f.catalogued,
        _ => images::lookup(image),
    };
    let mut host = CtrHost {
        now,
        rng,
        store,
        pods,
        namespace: &key.namespace,
        hostname,
        pod_ip: ip.as_deref().unwrap_or_default(),
        image,
        catalogued,
        fs: ContainerFs { root: Ref::Mut(&mut k.root), mounts: &k.mounts, volumes: Ref::Mut(volumes), now_ms: now.ms() },
        listening: &mut k.listening,
        sink,
        served: Vec::new(),
        connections: 0,
    };
    let result = f(&mut host);
    let served = std::mem::take(&mut host.served);
    super::served::log(c, rt, served);
    result
}

/// Runs the container's process until it sleeps, blocks or exits.
fn resume(c: &mut Cluster, pod: &core::Pod, rt: &mut PodRuntime, init: bool, i: usize) {
    let now = c.now;
    let Some(mut process) = ctr(rt, init, i).process.take() else { return };
    let step = with_host(c, rt, init, i, hostname(pod), Output::Log, |host| process.resume(host));
    let k = ctr(rt, init, i);
    k.process = Some(process);
    match step {
        Step::Sleep(ms) => k.wake_at = Some(now.plus_ms(ms.clamp(1, i64::MAX as u64) as i64)),
        Step::Block => k.wake_at = None,
        Step::Exit(code) => exited(k, code, now),
    }
}

pub(crate) fn exited(k: &mut Ctr, code: i32, now: SimTime) {
    let started = match k.state {
        CState::Running { since } => since,
        _ => now,
    };
    let reason = if code == 0 { "Completed" } else { "Error" };
    k.state = CState::Terminated(Terminated { exit_code: code, reason: reason.into(), message: None, started, finished: now, container_id: k.container_id.clone() });
    k.process = None;
    k.wake_at = None;
    k.listening.clear();
}

/// Graceful termination: SIGTERM now, SIGKILL at the grace deadline, then the pod object goes away.
/// A second delete with a shorter grace period (the apiserver shortened deletionGracePeriodSeconds)
/// cancels the kill under way and starts it again with the new period counted from now, as the
/// pod worker does (calculateEffectiveGracePeriod): Killing events and SIGTERM again.
fn terminate(c: &mut Cluster, pod: &core::Pod, rt: &mut PodRuntime) {
    let grace = pod.metadata.deletion_grace_period_seconds.unwrap_or(30).max(0);
    if !rt.terminating {
        rt.terminating = true;
        rt.terminating_since = Some(c.now);
        rt.kill_grace = Some(grace);
        begin_stop(c, rt, grace);
    } else if rt.kill_grace.is_some_and(|g| grace < g) {
        rt.kill_grace = Some(grace);
        begin_stop(c, rt, grace);
    }
    continue_stop(c, pod, rt);
}

/// Sends every running container SIGTERM (with its Killing event) and sets the SIGKILL deadline
/// `grace` seconds on.
pub(super) fn begin_stop(c: &mut Cluster, rt: &mut PodRuntime, grace: i64) {
    let now = c.now;
    rt.kill_at = Some(now.plus_ms(grace * 1000));
    let key = rt.key.clone();
    for init in [false, true] {
        let n = if init { rt.init.len() } else { rt.containers.len() };
        for i in 0..n {
            if !ctr(rt, init, i).running() {
                continue;
            }
            let name = ctr(rt, init, i).name().to_string();
            container_event(c, &key, init, &name, "Normal", "Killing", &format!("Stopping container {name}"));
            signal(c, rt, init, i, Signal::Term);
        }
    }
}

/// Runs what the grace period lets run, and SIGKILLs what is still running at its deadline.
pub(super) fn continue_stop(c: &mut Cluster, pod: &core::Pod, rt: &mut PodRuntime) {
    let now = c.now;
    // Processes keep running during the grace period: a shell with a pending TERM trap runs it once
    // its foreground child returns.
    for init in [false, true] {
        let n = if init { rt.init.len() } else { rt.containers.len() };
        for i in 0..n {
            let k = ctr(rt, init, i);
            if k.running() && k.wake_at.is_some_and(|w| w <= now) {
                resume(c, pod, rt, init, i);
            }
        }
    }
    for init in [false, true] {
        let n = if init { rt.init.len() } else { rt.containers.len() };
        for i in 0..n {
            // A container already being stopped keeps its own deadline if that is earlier.
            let own = ctr(rt, init, i).kill.as_ref().map(|x| x.deadline);
            let deadline = [rt.kill_at, own].into_iter().flatten().min();
            if deadline.is_some_and(|t| now >= t) && ctr(rt, init, i).running() {
                signal(c, rt, init, i, Signal::Kill);
            }
        }
    }
}

/// Delivers a signal to a container's process; records the exit if it ends.
pub(crate) fn signal(c: &mut Cluster, rt: &mut PodRuntime, init: bool, i: usize, sig: Signal) {
    let now = c.now;
    let ended = match ctr(rt, init, i).process.take() {
        None => Some(if sig == Signal::Kill { 137 } else { 0 }),
        Some(mut process) => {
            let r = with_host(c, rt, init, i, "", Output::Log, |host| process.signal(sig, host));
            ctr(rt, init, i).process = Some(process);
            r.or(if sig == Signal::Kill { Some(137) } else { None })
        }
    };
    if let Some(code) = ended {
        exited(ctr(rt, init, i), code, now);
    }
}

/// When this pod's kubelet wants to look again.
pub(crate) fn next_wake(rt: &PodRuntime, now: SimTime) -> Option<SimTime> {
    // Everything due now was handled by this sync; a time not in the future would loop.
    let mut first: Option<SimTime> = None;
    timers(rt, |t| {
        if t > now {
            first = Some(first.map_or(t, |f| f.min(t)));
        }
    });
    first
}

/// Whether a sync at `now` just after this one could do nothing, given `at_rest`: no timer of
/// the pod is due (every one `next_wake` looks at is in the future: what was due was handled,
/// and a timer left at or before `now`, even one that no longer matters, counts as due), the
/// sync was not cut short, its status is written, and no deadline records its Event on every
/// sync. Everything else a sync acts on is a write to the pod or to what it reads, which pokes it
/// (`interested`).
pub(crate) fn settled(rt: &PodRuntime, now: SimTime) -> bool {
    let mut due = false;
    timers(rt, |t| due |= t <= now);
    !due && !rt.cut_short && !rt.deadline_exceeded && rt.published.is_some()
}

/// Whether `step` at `now`, run again on this runtime with nothing written meanwhile, would leave
/// every container as it is (timers aside, see `settled`), following `step`'s own order: a
/// finished or terminating pod, volumes waiting for a retry, the sandbox not ready yet, and
/// otherwise the containers it would drive, each of which must be at rest.
pub(crate) fn at_rest(pod: &core::Pod, rt: &PodRuntime, now: SimTime) -> bool {
    if rt.terminating || rt.finished.is_some() {
        return true;
    }
    if !rt.mounted {
        return rt.mount_retry.is_some();
    }
    if now < rt.sandbox_at {
        return true;
    }
    if rt.ip.is_none() {
        return false;
    }
    if rt.init_done < rt.init.len() {
        return resting(pod, &rt.init[rt.init_done], now);
    }
    rt.containers.iter().all(|k| resting(pod, k, now))
}

/// Whether `drive` would return at once for this container (its timers aside): running, exited
/// for good, or waiting for a restart time or a pull to end. An exit the policy restarts is not at
/// rest (a StartError, say, is restarted by the next sync).
fn resting(pod: &core::Pod, k: &Ctr, now: SimTime) -> bool {
    match &k.state {
        CState::Running { .. } => true,
        CState::Terminated(t) => k.kill.is_none() && !restart::restart_wanted(pod, k.init, t.exit_code),
        CState::Waiting { reason, .. } => {
            k.restart_at.is_some_and(|t| t > now) || (reason != "CrashLoopBackOff" && !k.pulled && k.pull_done_at.is_some_and(|t| t > now))
        }
    }
}

/// Every time this pod's kubelet set to look again at, past ones included.
fn timers(rt: &PodRuntime, mut each: impl FnMut(SimTime)) {
    let mut at = |t: Option<SimTime>| {
        if let Some(t) = t {
            each(t);
        }
    };
    if rt.finished.is_none() || rt.terminating {
        at(rt.active_deadline.filter(|_| !rt.deadline_exceeded));
        if !rt.mounted {
            at(rt.mount_retry.map(|(t, _)| t));
        } else if rt.ip.is_none() {
            at(Some(rt.sandbox_at));
        }
        if rt.mounted && !rt.terminating {
            remount::next_wake(rt).for_each(|t| at(Some(t)));
        }
        at(rt.kill_at);
        for k in rt.init.iter().chain(&rt.containers) {
            at(k.wake_at);
            at(k.restart_at);
            at(k.held_sync_at);
            at(k.pull_done_at.filter(|_| !k.pulled));
            at(probes::next_at(k));
            at(k.kill.as_ref().filter(|_| k.running()).map(|x| x.deadline));
        }
    }
}

/// Writes the status of the stored pod `obj` if it changed. Most syncs change nothing the status
/// shows (the echo of the kubelet's own write, another writer's metadata change, a timer that only
/// resumed a process), so the status is rebuilt only when the runtime's part of it moved since the
/// last write or check, or someone else wrote the status.
pub(crate) fn publish(c: &mut Cluster, rt: &mut PodRuntime) {
    let digest = match c.store.get(&rt.key) {
        Some(Object::Pod(pod)) => podstatus::inputs_digest(pod, rt),
        _ => {
            rt.published = None;
            return;
        }
    };
    if rt.published == Some(digest) {
        return;
    }
    let (ip, now) = (node_ip(&rt.node), c.now);
    // Built on the stored status where it lies, each part replaced only where it moved; a stored
    // pod without a status yet gets a whole one.
    let edited = c.edit_status(rt.key.clone(), |o| {
        let Object::Pod(pod) = o else { return false };
        match pod.status.take() {
            Some(mut st) => {
                let changed = podstatus::update(&mut st, pod, rt, ip, now);
                pod.status = Some(st);
                changed
            }
            None => {
                pod.status = Some(podstatus::build(pod, rt, ip, now));
                true
            }
        }
    });
    let written = edited.is_some() || {
        // A reader holds the stored pod: the status is built whole and sent; the status
        // subresource compares it with the stored one and writes nothing if they are equal.
        let status = match c.store.get(&rt.key) {
            Some(Object::Pod(pod)) => podstatus::build(pod, rt, ip, now),
            _ => Default::default(),
        };
        c.submit(Write::UpdateStatus { key: rt.key.clone(), status: status.into() }).is_ok()
    };
    // The stored pod now holds this status; if the write was refused (the pod is gone) nothing is
    // remembered.
    rt.published = written.then_some(digest);
}

/// Whether the runtime can exec `argv0` in the container (`exec: "x": executable file not found in $PATH`).
pub(crate) fn entrypoint_error(c: &mut Cluster, rt: &mut PodRuntime, init: bool, i: usize, argv0: &str) -> Option<String> {
    let mut sink = Vec::new();
    with_host(c, rt, init, i, "", Output::Capture(&mut sink), |host| kubeplay_shell::resolve_entrypoint(argv0, host).err())
}

/// Runs one step of an extra process (a probe or `kubectl exec`) inside container `i` of `rt`,
/// with its output captured instead of logged.
pub(crate) fn exec_step(c: &mut Cluster, rt: &mut PodRuntime, init: bool, i: usize, process: &mut Process, out: &mut Vec<(bool, String)>) -> Step {
    let host_name = c.store.get(&rt.key).and_then(|o| if let Object::Pod(p) = o { Some(hostname(p).to_string()) } else { None }).unwrap_or_default();
    with_host(c, rt, init, i, &host_name, Output::Capture(out), |host| process.resume(host))
}
