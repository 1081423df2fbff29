//! `kubectl describe pod` (describePod) and the pieces other describers share: containers with
//! their state, probes, environment and mounts; volumes; DescribePodTemplate.

use super::describe_fmt::{self as f, Tab};
use super::Ctx;
use crate::api::Object;
use k8s_openapi::api::core::v1 as core;
use k8s_openapi::apimachinery::pkg::util::intstr::IntOrString;

pub fn describe_pod(ctx: &Ctx, o: &Object, p: &core::Pod) -> String {
    let now = ctx.sim.cluster.now;
    let spec = p.spec.clone().unwrap_or_default();
    let st = p.status.clone().unwrap_or_default();
    let mut w = Tab::default();
    f::name_namespace(&mut w, o);
    if let Some(pr) = spec.priority {
        w.w(0, &format!("Priority:\t{pr}\n"));
    }
    if let Some(pc) = spec.priority_class_name.as_deref().filter(|s| !s.is_empty()) {
        w.w(0, &format!("Priority Class Name:\t{pc}\n"));
    }
    if let Some(rc) = spec.runtime_class_name.as_deref().filter(|s| !s.is_empty()) {
        w.w(0, &format!("Runtime Class Name:\t{rc}\n"));
    }
    if let Some(sa) = spec.service_account_name.as_deref().filter(|s| !s.is_empty()) {
        w.w(0, &format!("Service Account:\t{sa}\n"));
    }
    match spec.node_name.as_deref().filter(|n| !n.is_empty()) {
        None => w.w(0, "Node:\t<none>\n"),
        Some(n) => w.w(0, &format!("Node:\t{n}/{}\n", st.host_ip.clone().unwrap_or_default())),
    }
    if let Some(t) = &st.start_time {
        w.w(0, &format!("Start Time:\t{}\n", f::rfc1123z(t)));
    }
    f::labels(&mut w, "Labels", p.metadata.labels.as_ref());
    f::annotations(&mut w, "Annotations", p.metadata.annotations.as_ref());
    let phase = st.phase.clone().unwrap_or_default();
    if p.metadata.deletion_timestamp.is_some() && phase != "Failed" && phase != "Succeeded" {
        w.w(0, &format!("Status:\tTerminating (lasts {})\n", f::since(now, p.metadata.deletion_timestamp.as_ref())));
        w.w(0, &format!("Termination Grace Period:\t{}s\n", p.metadata.deletion_grace_period_seconds.unwrap_or(0)));
    } else {
        w.w(0, &format!("Status:\t{phase}\n"));
    }
    if let Some(r) = st.reason.as_deref().filter(|s| !s.is_empty()) {
        w.w(0, &format!("Reason:\t{r}\n"));
    }
    if let Some(m) = st.message.as_deref().filter(|s| !s.is_empty()) {
        w.w(0, &format!("Message:\t{m}\n"));
    }
    w.w(0, &format!("IP:\t{}\n", st.pod_ip.clone().unwrap_or_default()));
    let ips: Vec<String> = st.pod_ips.iter().flatten().map(|i| i.ip.clone()).collect();
    if ips.is_empty() {
        w.w(0, "IPs:\t<none>\n");
    } else {
        w.w(0, "IPs:\n");
        for ip in ips {
            w.w(1, &format!("IP:\t{ip}\n"));
        }
    }
    if let Some(c) = f::controlled_by(o) {
        w.w(0, &format!("Controlled By:\t{c}\n"));
    }
    if let Some(n) = st.nominated_node_name.as_deref().filter(|s| !s.is_empty()) {
        w.w(0, &format!("NominatedNodeName:\t{n}\n"));
    }
    let inits = spec.init_containers.clone().unwrap_or_default();
    if !inits.is_empty() {
        containers(&mut w, "Init Containers", &inits, st.init_container_statuses.as_deref(), "", Some(p));
    }
    containers(&mut w, "Containers", &spec.containers, st.container_statuses.as_deref(), "", Some(p));
    if let Some(gates) = spec.readiness_gates.as_ref().filter(|g| !g.is_empty()) {
        w.w(0, "Readiness Gates:\n  Type\tStatus\n");
        for g in gates {
            let s = st.conditions.iter().flatten().find(|c| c.type_ == g.condition_type).map_or("<none>".to_string(), |c| c.status.clone());
            w.w(1, &format!("{} \t{s} \n", g.condition_type));
        }
    }
    if let Some(cs) = st.conditions.as_ref().filter(|c| !c.is_empty()) {
        w.w(0, "Conditions:\n  Type\tStatus\n");
        for c in cs {
            w.w(1, &format!("{} \t{} \n", c.type_, c.status));
        }
    }
    volumes(&mut w, spec.volumes.as_deref().unwrap_or(&[]), "");
    w.w(0, &format!("QoS Class:\t{}\n", st.qos_class.clone().unwrap_or_else(|| qos(&spec))));
    f::labels(&mut w, "Node-Selectors", spec.node_selector.as_ref());
    f::tolerations(&mut w, "Tolerations", spec.tolerations.as_deref().unwrap_or(&[]));
    f::events(&mut w, ctx, o);
    w.finish()
}

/// qos.ComputePodQOS, reduced: no requests or limits is BestEffort; limits equal to requests for
/// cpu and memory in every container is Guaranteed; anything else Burstable.
fn qos(spec: &core::PodSpec) -> String {
    let cs: Vec<&core::Container> = spec.containers.iter().chain(spec.init_containers.iter().flatten()).collect();
    let res = |c: &core::Container| c.resources.clone().unwrap_or_default();
    let any = cs.iter().any(|c| {
        let r = res(c);
        r.requests.as_ref().is_some_and(|m| !m.is_empty()) || r.limits.as_ref().is_some_and(|m| !m.is_empty())
    });
    if !any {
        return "BestEffort".into();
    }
    let guaranteed = cs.iter().all(|c| {
        let r = res(c);
        let limits = r.limits.unwrap_or_default();
        let requests = r.requests.unwrap_or_default();
        ["cpu", "memory"].iter().all(|k| limits.contains_key(*k) && requests.get(*k).is_none_or(|q| Some(q) == limits.get(*k)))
    });
    if guaranteed { "Guaranteed".into() } else { "Burstable".into() }
}

/// describeContainers: statuses are None for a pod template (no ID, state or readiness lines).
pub fn containers(w: &mut Tab, label: &str, cs: &[core::Container], statuses: Option<&[core::ContainerStatus]>, space: &str, pod: Option<&core::Pod>) {
    let none = if cs.is_empty() { " <none>" } else { "" };
    w.w(0, &format!("{space}{label}:{none}\n"));
    for c in cs {
        let status = statuses.and_then(|ss| ss.iter().find(|s| s.name == c.name));
        let name_indent = if space.is_empty() { "" } else { " " };
        w.w(1, &format!("{name_indent}{}:\n", c.name));
        if let Some(s) = status {
            w.w(2, &format!("Container ID:\t{}\n", s.container_id.clone().unwrap_or_default()));
        }
        w.w(2, &format!("Image:\t{}\n", c.image.clone().unwrap_or_default()));
        if let Some(s) = status {
            w.w(2, &format!("Image ID:\t{}\n", s.image_id));
        }
        let ports = c.ports.clone().unwrap_or_default();
        let fmt_ports = |host: bool| {
            ports
                .iter()
                .map(|p| {
                    let n = if host { p.host_port.unwrap_or(0) } else { p.container_port };
                    let s = format!("{n}/{}", p.protocol.as_deref().unwrap_or("TCP"));
                    match p.name.as_deref().filter(|n| !n.is_empty()) {
                        Some(name) => format!("{s} ({name})"),
                        None => s,
                    }
                })
                .collect::<Vec<_>>()
                .join(", ")
        };
        let (cp, hp) = (fmt_ports(false), fmt_ports(true));
        w.w(2, &if cp.contains(',') { format!("Ports:\t{cp}\n") } else { format!("Port:\t{}\n", f::or_none(&cp)) });
        w.w(2, &if hp.contains(',') { format!("Host Ports:\t{hp}\n") } else { format!("Host Port:\t{}\n", f::or_none(&hp)) });
        for (title, items) in [("Command", &c.command), ("Args", &c.args)] {
            if let Some(items) = items.as_ref().filter(|i| !i.is_empty()) {
                w.w(2, &format!("{title}:\n"));
                for i in items {
                    for s in i.split('\n') {
                        w.w(3, &format!("{s}\n"));
                    }
                }
            }
        }
        if let Some(s) = status {
            state(w, "State", s.state.as_ref());
            if s.last_state.as_ref().is_some_and(|l| l.terminated.is_some()) {
                state(w, "Last State", s.last_state.as_ref());
            }
            w.w(2, &format!("Ready:\t{}\n", if s.ready { "True" } else { "False" }));
            w.w(2, &format!("Restart Count:\t{}\n", s.restart_count));
        }
        resources(w, c.resources.as_ref());
        for (title, p) in [("Liveness", &c.liveness_probe), ("Readiness", &c.readiness_probe), ("Startup", &c.startup_probe)] {
            if let Some(p) = p {
                w.w(2, &format!("{title}:\t{}\n", probe(p)));
            }
        }
        if let Some(ef) = c.env_from.as_ref().filter(|e| !e.is_empty()) {
            w.w(2, "Environment Variables from:\n");
            for e in ef {
                let (name, from, optional) = match (&e.config_map_ref, &e.secret_ref) {
                    (Some(r), _) => (r.name.clone(), "ConfigMap", r.optional.unwrap_or(false)),
                    (None, Some(r)) => (r.name.clone(), "Secret", r.optional.unwrap_or(false)),
                    _ => (String::new(), "", false),
                };
                match e.prefix.as_deref().filter(|p| !p.is_empty()) {
                    None => w.w(3, &format!("{name}\t{from}\tOptional: {optional}\n")),
                    Some(px) => w.w(3, &format!("{name}\t{from} with prefix '{px}'\tOptional: {optional}\n")),
                }
            }
        }
        env(w, c, pod);
        let mounts = c.volume_mounts.clone().unwrap_or_default();
        w.w(2, if mounts.is_empty() { "Mounts:\t<none>\n" } else { "Mounts:\n" });
        let mut mounts = mounts;
        mounts.sort_by(|a, b| a.mount_path.cmp(&b.mount_path));
        for m in mounts {
            let mut flags = vec![if m.read_only.unwrap_or(false) { "ro".to_string() } else { "rw".to_string() }];
            if let Some(sp) = m.sub_path.as_deref().filter(|s| !s.is_empty()) {
                flags.push(format!("path={}", crate::api::errors::go_quote(sp)));
            }
            w.w(3, &format!("{} from {} ({})\n", m.mount_path, m.name, flags.join(",")));
        }
    }
}

fn state(w: &mut Tab, name: &str, s: Option<&core::ContainerState>) {
    let s = s.cloned().unwrap_or_default();
    if let Some(r) = &s.running {
        w.w(2, &format!("{name}:\tRunning\n"));
        w.w(3, &format!("Started:\t{}\n", r.started_at.as_ref().map(f::rfc1123z).unwrap_or_else(|| f::rfc1123z(&zero_time()))));
    } else if let Some(wt) = &s.waiting {
        w.w(2, &format!("{name}:\tWaiting\n"));
        if let Some(r) = wt.reason.as_deref().filter(|r| !r.is_empty()) {
            w.w(3, &format!("Reason:\t{r}\n"));
        }
    } else if let Some(t) = &s.terminated {
        w.w(2, &format!("{name}:\tTerminated\n"));
        if let Some(r) = t.reason.as_deref().filter(|r| !r.is_empty()) {
            w.w(3, &format!("Reason:\t{r}\n"));
        }
        if let Some(m) = t.message.as_deref().filter(|r| !r.is_empty()) {
            w.w(3, &format!("Message:\t{m}\n"));
        }
        w.w(3, &format!("Exit Code:\t{}\n", t.exit_code));
        if let Some(sig) = t.signal.filter(|s| *s > 0) {
            w.w(3, &format!("Signal:\t{sig}\n"));
        }
        let z = zero_time();
        w.w(3, &format!("Started:\t{}\n", f::rfc1123z(t.started_at.as_ref().unwrap_or(&z))));
        w.w(3, &format!("Finished:\t{}\n", f::rfc1123z(t.finished_at.as_ref().unwrap_or(&z))));
    } else {
        w.w(2, &format!("{name}:\tWaiting\n"));
    }
}

/// Go's zero time.Time, which RFC1123Z prints as `Mon, 01 Jan 0001 00:00:00 +0000`.
fn zero_time() -> k8s_openapi::apimachinery::pkg::apis::meta::v1::Time {
    k8s_openapi::apimachinery::pkg::apis::meta::v1::Time(k8s_openapi::jiff::Timestamp::from_second(-62_135_596_800).unwrap_or_default())
}

fn resources(w: &mut Tab, r: Option<&core::ResourceRequirements>) {
    let Some(r) = r else { return };
    for (title, m) in [("Limits", &r.limits), ("Requests", &r.requests)] {
        if let Some(m) = m.as_ref().filter(|m| !m.is_empty()) {
            w.w(2, &format!("{title}:\n"));
            for (k, q) in m {
                w.w(3, &format!("{k}:\t{}\n", q.0));
            }
        }
    }
}

fn port_string(p: &IntOrString) -> String {
    match p {
        IntOrString::Int(i) => i.to_string(),
        IntOrString::String(s) => s.clone(),
    }
}

/// DescribeProbe.
pub fn probe(p: &core::Probe) -> String {
    let attrs = format!(
        "delay={}s timeout={}s period={}s #success={} #failure={}",
        p.initial_delay_seconds.unwrap_or(0),
        p.timeout_seconds.unwrap_or(0),
        p.period_seconds.unwrap_or(0),
        p.success_threshold.unwrap_or(0),
        p.failure_threshold.unwrap_or(0)
    );
    if let Some(e) = &p.exec {
        return format!("exec [{}] {attrs}", e.command.clone().unwrap_or_default().join(" "));
    }
    if let Some(h) = &p.http_get {
        let scheme = h.scheme.as_deref().unwrap_or("").to_lowercase();
        let host = h.host.clone().unwrap_or_default();
        let port = port_string(&h.port);
        let hostport = if host.contains(':') { format!("[{host}]:{port}") } else { format!("{host}:{port}") };
        return format!("http-get {scheme}://{hostport}{} {attrs}", h.path.clone().unwrap_or_default());
    }
    if let Some(t) = &p.tcp_socket {
        return format!("tcp-socket {}:{} {attrs}", t.host.clone().unwrap_or_default(), port_string(&t.port));
    }
    if let Some(g) = &p.grpc {
        return format!("grpc <pod>:{} {} {attrs}", g.port, g.service.clone().unwrap_or_default());
    }
    format!("unknown {attrs}")
}

/// describeContainerEnvVars; fieldRef values resolved against the pod like EnvValueRetriever.
fn env(w: &mut Tab, c: &core::Container, pod: Option<&core::Pod>) {
    let env = c.env.clone().unwrap_or_default();
    w.w(2, if env.is_empty() { "Environment:\t<none>\n" } else { "Environment:\n" });
    for e in env {
        let Some(from) = &e.value_from else {
            for (i, s) in e.value.clone().unwrap_or_default().split('\n').enumerate() {
                if i == 0 {
                    w.w(3, &format!("{}:\t{s}\n", e.name));
                } else {
                    w.w(3, &format!("\t{s}\n"));
                }
            }
            continue;
        };
        if let Some(fr) = &from.field_ref {
            let v = pod.map(|p| field_path(p, &fr.field_path)).unwrap_or_default();
            w.w(3, &format!("{}:\t{v} ({}:{})\n", e.name, fr.api_version.clone().unwrap_or_default(), fr.field_path));
        } else if let Some(rr) = &from.resource_field_ref {
            let v = resource_value(c, &rr.resource);
            w.w(3, &format!("{}:\t{v} ({})\n", e.name, rr.resource));
        } else if let Some(s) = &from.secret_key_ref {
            w.w(3, &format!("{}:\t<set to the key '{}' in secret '{}'>\tOptional: {}\n", e.name, s.key, s.name, s.optional.unwrap_or(false)));
        } else if let Some(m) = &from.config_map_key_ref {
            w.w(3, &format!("{}:\t<set to the key '{}' of config map '{}'>\tOptional: {}\n", e.name, m.key, m.name, m.optional.unwrap_or(false)));
        }
    }
}

fn field_path(p: &core::Pod, path: &str) -> String {
    let meta = &p.metadata;
    let spec = p.spec.clone().unwrap_or_default();
    let st = p.status.clone().unwrap_or_default();
    match path {
        "metadata.name" => meta.name.clone().unwrap_or_default(),
        "metadata.namespace" => meta.namespace.clone().unwrap_or_default(),
        "metadata.uid" => meta.uid.clone().unwrap_or_default(),
        "spec.nodeName" => spec.node_name.unwrap_or_default(),
        "spec.serviceAccountName" => spec.service_account_name.unwrap_or_default(),
        "status.hostIP" => st.host_ip.unwrap_or_default(),
        "status.podIP" => st.pod_ip.unwrap_or_default(),
        _ => {
            let lookup = |prefix: &str, m: &Option<std::collections::BTreeMap<String, String>>| {
                path.strip_prefix(prefix).and_then(|k| k.strip_prefix("['")).and_then(|k| k.strip_suffix("']")).and_then(|k| m.as_ref()?.get(k).cloned())
            };
            lookup("metadata.labels", &meta.labels).or_else(|| lookup("metadata.annotations", &meta.annotations)).unwrap_or_default()
        }
    }
}

/// ExtractContainerResourceValue, for the common cases; unset limits read `node allocatable`.
fn resource_value(c: &core::Container, resource: &str) -> String {
    let r = c.resources.clone().unwrap_or_default();
    let (map, key) = match resource.split_once('.') {
        Some(("limits", k)) => (r.limits, k),
        Some(("requests", k)) => (r.requests, k),
        _ => (None, ""),
    };
    match map.and_then(|m| m.get(key).map(|q| q.0.clone())) {
        Some(v) => v,
        None if resource == "limits.cpu" || resource == "limits.memory" => "node allocatable".into(),
        None => "0".into(),
    }
}

/// describeVolumes.
pub fn volumes(w: &mut Tab, vs: &[core::Volume], space: &str) {
    if vs.is_empty() {
        return w.w(0, &format!("{space}Volumes:\t<none>\n"));
    }
    w.w(0, &format!("{space}Volumes:\n"));
    for v in vs {
        let name_indent = if space.is_empty() { "" } else { " " };
        w.w(1, &format!("{name_indent}{}:\n", v.name));
        if let Some(e) = &v.empty_dir {
            let size = e.size_limit.as_ref().map(|q| q.0.clone()).filter(|q| !q.is_empty() && q != "0").unwrap_or_else(|| "<unset>".into());
            w.w(2, &format!("Type:\tEmptyDir (a temporary directory that shares a pod's lifetime)\n    Medium:\t{}\n    SizeLimit:\t{size}\n", e.medium.clone().unwrap_or_default()));
        } else if let Some(h) = &v.host_path {
            w.w(2, &format!("Type:\tHostPath (bare host directory volume)\n    Path:\t{}\n    HostPathType:\t{}\n", h.path, h.type_.clone().unwrap_or_else(|| "<none>".into())));
        } else if let Some(s) = &v.secret {
            w.w(2, &format!("Type:\tSecret (a volume populated by a Secret)\n    SecretName:\t{}\n    Optional:\t{}\n", s.secret_name.clone().unwrap_or_default(), s.optional.unwrap_or(false)));
        } else if let Some(c) = &v.config_map {
            w.w(2, &format!("Type:\tConfigMap (a volume populated by a ConfigMap)\n    Name:\t{}\n    Optional:\t{}\n", c.name, c.optional.unwrap_or(false)));
        } else if let Some(c) = &v.persistent_volume_claim {
            w.w(2, &format!("Type:\tPersistentVolumeClaim (a reference to a PersistentVolumeClaim in the same namespace)\n    ClaimName:\t{}\n    ReadOnly:\t{}\n", c.claim_name, c.read_only.unwrap_or(false)));
        } else if let Some(p) = &v.projected {
            w.w(2, "Type:\tProjected (a volume that contains injected data from multiple sources)\n");
            for s in p.sources.iter().flatten() {
                if let Some(sec) = &s.secret {
                    w.w(2, &format!("SecretName:\t{}\n    Optional:\t{}\n", sec.name, sec.optional.unwrap_or(false)));
                } else if s.downward_api.is_some() {
                    w.w(2, "DownwardAPI:\ttrue\n");
                } else if let Some(cm) = &s.config_map {
                    w.w(2, &format!("ConfigMapName:\t{}\n    Optional:\t{}\n", cm.name, cm.optional.unwrap_or(false)));
                } else if let Some(t) = &s.service_account_token {
                    w.w(2, &format!("TokenExpirationSeconds:\t{}\n", t.expiration_seconds.unwrap_or(3607)));
                }
            }
        } else if let Some(d) = &v.downward_api {
            w.w(2, "Type:\tDownwardAPI (a volume populated by information about the pod)\n    Items:\n");
            for i in d.items.iter().flatten() {
                if let Some(fr) = &i.field_ref {
                    w.w(3, &format!("{} -> {}\n", fr.field_path, i.path));
                }
                if let Some(rr) = &i.resource_field_ref {
                    w.w(3, &format!("{} -> {}\n", rr.resource, i.path));
                }
            }
        } else {
            w.w(1, "<unknown>\n");
        }
    }
}

/// DescribePodTemplate (Deployment, ReplicaSet, StatefulSet, Job, CronJob).
pub fn pod_template(w: &mut Tab, t: Option<&core::PodTemplateSpec>) {
    w.w(0, "Pod Template:\n");
    let Some(t) = t else { return w.w(1, "<unset>") };
    let meta = t.metadata.clone().unwrap_or_default();
    let spec = t.spec.clone().unwrap_or_default();
    f::labels(w, "  Labels", meta.labels.as_ref());
    if meta.annotations.as_ref().is_some_and(|a| !a.is_empty()) {
        f::annotations(w, "  Annotations", meta.annotations.as_ref());
    }
    if let Some(sa) = spec.service_account_name.as_deref().filter(|s| !s.is_empty()) {
        w.w(1, &format!("Service Account:\t{sa}\n"));
    }
    if let Some(inits) = spec.init_containers.as_ref().filter(|i| !i.is_empty()) {
        containers(w, "Init Containers", inits, None, "  ", None);
    }
    containers(w, "Containers", &spec.containers, None, "  ", None);
    volumes(w, spec.volumes.as_deref().unwrap_or(&[]), "  ");
    if let Some(pc) = spec.priority_class_name.as_deref().filter(|s| !s.is_empty()) {
        w.w(1, &format!("Priority Class Name:\t{pc}\n"));
    }
    f::labels(w, "  Node-Selectors", spec.node_selector.as_ref());
    f::tolerations(w, "  Tolerations", spec.tolerations.as_deref().unwrap_or(&[]));
}
