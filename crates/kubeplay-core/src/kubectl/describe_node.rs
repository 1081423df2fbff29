//! `kubectl describe node` (NodeDescriber, describeNode, describeNodeResource,
//! getPodsTotalRequestsAndLimits), with the resource.Quantity arithmetic it needs.

use super::describe_fmt::{self as f, Tab};
use super::Ctx;
use crate::api::quantity::Qty;
use crate::api::{Kind, Object};
use crate::clock::SimTime;
use k8s_openapi::api::core::v1 as core;
use std::collections::BTreeMap;

/// Go's zero time.Time through RFC1123Z (a condition without timestamps).
const ZERO_TIME: &str = "Mon, 01 Jan 0001 00:00:00 +0000";

/// The kubelet renews its node Lease every quarter of the 40s lease duration.
const LEASE_RENEW_MS: i64 = 10_000;

pub fn node(ctx: &Ctx, o: &Object, n: &core::Node) -> String {
    let now = ctx.sim.cluster.now;
    let spec = n.spec.clone().unwrap_or_default();
    let st = n.status.clone().unwrap_or_default();
    let mut w = Tab::default();
    w.w(0, &format!("Name:\t{}\n", o.name()));
    let roles = roles(o);
    w.w(0, &format!("Roles:\t{}\n", if roles.is_empty() { "<none>".to_string() } else { roles.join(",") }));
    f::labels(&mut w, "Labels", n.metadata.labels.as_ref());
    f::annotations(&mut w, "Annotations", n.metadata.annotations.as_ref());
    w.w(0, &format!("CreationTimestamp:\t{}\n", n.metadata.creation_timestamp.as_ref().map_or(ZERO_TIME.to_string(), f::rfc1123z)));
    taints(&mut w, spec.taints.as_deref().unwrap_or(&[]));
    w.w(0, &format!("Unschedulable:\t{}\n", spec.unschedulable.unwrap_or(false)));
    lease(&mut w, now, n);
    if let Some(cs) = st.conditions.as_ref().filter(|c| !c.is_empty()) {
        w.w(0, "Conditions:\n  Type\tStatus\tLastHeartbeatTime\tLastTransitionTime\tReason\tMessage\n");
        w.w(1, "----\t------\t-----------------\t------------------\t------\t-------\n");
        let time = |t: Option<&k8s_openapi::apimachinery::pkg::apis::meta::v1::Time>| t.map_or(ZERO_TIME.to_string(), f::rfc1123z);
        for c in cs {
            w.w(
                1,
                &format!(
                    "{} \t{} \t{} \t{} \t{} \t{}\n",
                    c.type_,
                    c.status,
                    time(c.last_heartbeat_time.as_ref()),
                    time(c.last_transition_time.as_ref()),
                    c.reason.clone().unwrap_or_default(),
                    c.message.clone().unwrap_or_default()
                ),
            );
        }
    }
    w.w(0, "Addresses:\n");
    for a in st.addresses.iter().flatten() {
        w.w(1, &format!("{}:\t{}\n", a.type_, a.address));
    }
    let capacity = quantities(st.capacity.as_ref());
    let allocatable = quantities(st.allocatable.as_ref());
    for (title, list) in [("Capacity", &capacity), ("Allocatable", &allocatable)] {
        if !list.is_empty() {
            w.w(0, &format!("{title}:\n"));
            for (name, q) in list {
                w.w(0, &format!("  {name}:\t{q}\n"));
            }
        }
    }
    let info = st.node_info.clone().unwrap_or_default();
    w.w(0, "System Info:\n");
    for (k, v) in [
        ("Machine ID", &info.machine_id),
        ("System UUID", &info.system_uuid),
        ("Boot ID", &info.boot_id),
        ("Kernel Version", &info.kernel_version),
        ("OS Image", &info.os_image),
        ("Operating System", &info.operating_system),
        ("Architecture", &info.architecture),
        ("Container Runtime Version", &info.container_runtime_version),
        ("Kubelet Version", &info.kubelet_version),
        ("Kube-Proxy Version", &info.kube_proxy_version),
    ] {
        w.w(0, &format!("  {k}:\t{v}\n"));
    }
    if let Some(cidr) = spec.pod_cidr.as_deref().filter(|c| !c.is_empty()) {
        w.w(0, &format!("PodCIDR:\t{cidr}\n"));
    }
    if let Some(cidrs) = spec.pod_cidrs.as_ref().filter(|c| !c.is_empty()) {
        w.w(0, &format!("PodCIDRs:\t{}\n", cidrs.join(",")));
    }
    if let Some(id) = spec.provider_id.as_deref().filter(|c| !c.is_empty()) {
        w.w(0, &format!("ProviderID:\t{id}\n"));
    }
    let pods: Vec<&core::Pod> = ctx
        .sim
        .cluster
        .store
        .list(Kind::Pod, None)
        .filter_map(|p| if let Object::Pod(p) = p { Some(p.as_ref()) } else { None })
        .filter(|p| p.spec.as_ref().and_then(|s| s.node_name.as_deref()) == Some(o.name()))
        .filter(|p| !matches!(p.status.as_ref().and_then(|s| s.phase.as_deref()), Some("Succeeded" | "Failed")))
        .collect();
    let allocatable = if allocatable.is_empty() { capacity } else { allocatable };
    node_resources(&mut w, now, &pods, &allocatable);
    f::event_table(&mut w, now, node_events(ctx, o));
    w.finish()
}

/// findNodeRoles: `node-role.kubernetes.io/<role>` labels and a non-empty `kubernetes.io/role`.
fn roles(o: &Object) -> Vec<String> {
    let mut roles: Vec<String> = Vec::new();
    for (k, v) in o.labels() {
        let role = match k.strip_prefix("node-role.kubernetes.io/") {
            Some(r) => r.to_string(),
            None if k == "kubernetes.io/role" => v.clone(),
            None => continue,
        };
        if !role.is_empty() && !roles.contains(&role) {
            roles.push(role);
        }
    }
    roles.sort();
    roles
}

/// printNodeTaintsMultiline: sorted by `effect,key`, each as Taint.ToString().
fn taints(w: &mut Tab, ts: &[core::Taint]) {
    w.w(0, "Taints:\t");
    if ts.is_empty() {
        return w.w(0, "<none>\n");
    }
    let mut ts: Vec<&core::Taint> = ts.iter().collect();
    ts.sort_by_key(|t| format!("{},{}", t.effect, t.key));
    for (i, t) in ts.iter().enumerate() {
        if i != 0 {
            w.w(0, "\t");
        }
        let text = match (t.value.as_deref().filter(|v| !v.is_empty()), t.effect.is_empty()) {
            (None, true) => t.key.clone(),
            (Some(v), true) => format!("{}={v}:", t.key),
            (None, false) => format!("{}:{}", t.key, t.effect),
            (Some(v), false) => format!("{}={v}:{}", t.key, t.effect),
        };
        w.w(0, &format!("{text}\n"));
    }
}

/// The Lease section. kubeplay serves no coordination.k8s.io Leases, but every kind node has one,
/// kept by its kubelet: held by the node, never given an acquireTime, renewed every 10 seconds
/// since the node registered. This prints that lease as describeNodeLease would.
fn lease(w: &mut Tab, now: SimTime, n: &core::Node) {
    let name = n.metadata.name.clone().unwrap_or_default();
    w.w(0, "Lease:\n");
    w.w(1, &format!("HolderIdentity:\t{name}\n"));
    w.w(1, "AcquireTime:\t<unset>\n");
    let renew = match &n.metadata.creation_timestamp {
        Some(c) => {
            let created = c.0.as_millisecond();
            let last = created + (now.ms() - created).max(0) / LEASE_RENEW_MS * LEASE_RENEW_MS;
            let t = k8s_openapi::jiff::Timestamp::from_millisecond(last).unwrap_or_default();
            f::rfc1123z(&k8s_openapi::apimachinery::pkg::apis::meta::v1::Time(t))
        }
        None => "<unset>".to_string(),
    };
    w.w(1, &format!("RenewTime:\t{renew}\n"));
}

/// NodeDescriber's two event searches, merged: events about the node by its uid (controllers) and
/// by its name as uid (the kubelet), in any namespace.
fn node_events<'a>(ctx: &'a Ctx, o: &Object) -> Vec<&'a core::Event> {
    ctx.sim
        .cluster
        .store
        .list(Kind::Event, None)
        .filter_map(|e| if let Object::Event(e) = e { Some(e.as_ref()) } else { None })
        .filter(|e| {
            let r = &e.involved_object;
            r.kind.as_deref() == Some("Node")
                && r.name.as_deref() == Some(o.name())
                && r.namespace.as_deref().unwrap_or("").is_empty()
                && (r.uid.as_deref() == Some(o.uid()) || r.uid.as_deref() == Some(o.name()))
        })
        .collect()
}

/// describeNodeResource: the non-terminated pods with their cpu and memory, then the totals.
fn node_resources(w: &mut Tab, now: SimTime, pods: &[&core::Pod], allocatable: &BTreeMap<String, Qty>) {
    w.w(0, &format!("Non-terminated Pods:\t({} in total)\n", pods.len()));
    w.w(1, "Namespace\tName\t\tCPU Requests\tCPU Limits\tMemory Requests\tMemory Limits\tAge\n");
    w.w(1, "---------\t----\t\t------------\t----------\t---------------\t-------------\t---\n");
    let alloc = |name: &str| allocatable.get(name).copied().unwrap_or_default();
    let (alloc_cpu, alloc_mem) = (alloc("cpu").milli_value(), alloc("memory").value());
    for p in pods {
        let (req, limit) = (pod_requests(p), pod_limits(p));
        let get = |m: &BTreeMap<String, Qty>, k: &str| m.get(k).copied().unwrap_or_default();
        let (cpu_req, cpu_limit, mem_req, mem_limit) = (get(&req, "cpu"), get(&limit, "cpu"), get(&req, "memory"), get(&limit, "memory"));
        w.w(
            1,
            &format!(
                "{}\t{}\t\t{} ({}%)\t{} ({}%)\t{} ({}%)\t{} ({}%)\t{}\n",
                p.metadata.namespace.as_deref().unwrap_or(""),
                p.metadata.name.as_deref().unwrap_or(""),
                cpu_req,
                percent(cpu_req.milli_value(), alloc_cpu),
                cpu_limit,
                percent(cpu_limit.milli_value(), alloc_cpu),
                mem_req,
                percent(mem_req.value(), alloc_mem),
                mem_limit,
                percent(mem_limit.value(), alloc_mem),
                f::since(now, p.metadata.creation_timestamp.as_ref()),
            ),
        );
    }
    w.w(0, "Allocated resources:\n  (Total limits may be over 100 percent, i.e., overcommitted.)\n");
    w.w(1, "Resource\tRequests\tLimits\n");
    w.w(1, "--------\t--------\t------\n");
    let (mut reqs, mut limits) = (BTreeMap::new(), BTreeMap::new());
    for p in pods {
        add_list(&mut reqs, &pod_requests(p));
        add_list(&mut limits, &pod_limits(p));
    }
    let get = |m: &BTreeMap<String, Qty>, k: &str| m.get(k).copied().unwrap_or_default();
    // cpu in millis, everything else in units; a zero allocatable makes the fractions 0.
    let row = |w: &mut Tab, name: &str, milli: bool| {
        let (r, l, a) = (get(&reqs, name), get(&limits, name), alloc(name));
        let v = |q: Qty| if milli { q.milli_value() } else { q.value() };
        let (rp, lp) = if v(a) != 0 { (percent(v(r), v(a)), percent(v(l), v(a))) } else { (0, 0) };
        w.w(1, &format!("{name}\t{r} ({rp}%)\t{l} ({lp}%)\n"));
    };
    row(w, "cpu", true);
    row(w, "memory", false);
    row(w, "ephemeral-storage", false);
    for name in allocatable.keys().filter(|k| k.starts_with("hugepages-")) {
        row(w, name, false);
    }
    // Extended resources (anything not standard and not `pods`): totals without fractions.
    for name in allocatable.keys().filter(|k| !k.starts_with("hugepages-") && !matches!(k.as_str(), "cpu" | "memory" | "ephemeral-storage" | "pods")) {
        w.w(1, &format!("{name}\t{}\t{}\n", get(&reqs, name), get(&limits, name)));
    }
}

/// `int64(float64(x) / float64(total) * 100)`, as Go computes it on amd64 (NaN and infinities
/// convert to the minimum int64).
fn percent(x: i64, total: i64) -> i64 {
    let f = x as f64 / total as f64 * 100.0;
    if f.is_finite() && f > -9.223_372_036_854_776e18 && f < 9.223_372_036_854_776e18 { f as i64 } else { i64::MIN }
}

fn quantities(m: Option<&BTreeMap<String, k8s_openapi::apimachinery::pkg::api::resource::Quantity>>) -> BTreeMap<String, Qty> {
    m.into_iter().flatten().map(|(k, q)| (k.clone(), Qty::parse(&q.0).unwrap_or_default())).collect()
}

/// addResourceList: a name seen first takes the quantity, later ones are added to it.
fn add_list(list: &mut BTreeMap<String, Qty>, add: &BTreeMap<String, Qty>) {
    for (k, q) in add {
        match list.get_mut(k) {
            Some(v) => v.add(*q),
            None => {
                list.insert(k.clone(), *q);
            }
        }
    }
}

/// maxResourceList: each name keeps the larger quantity.
fn max_list(list: &mut BTreeMap<String, Qty>, other: &BTreeMap<String, Qty>) {
    for (k, q) in other {
        match list.get_mut(k) {
            Some(v) if q.cmp_value(*v).is_gt() => *v = *q,
            Some(_) => {}
            None => {
                list.insert(k.clone(), *q);
            }
        }
    }
}

/// resourcehelper.PodRequests / PodLimits: the containers' sum, raised to what any init container
/// needs while it runs (with the restartable init containers before it, which also count towards
/// the sum), plus the pod overhead (added to limits only where a limit is set).
fn pod_resources(p: &core::Pod, limits: bool) -> BTreeMap<String, Qty> {
    let Some(spec) = p.spec.as_ref() else { return BTreeMap::new() };
    let of = |c: &core::Container| {
        let r = c.resources.as_ref();
        quantities(if limits { r.and_then(|r| r.limits.as_ref()) } else { r.and_then(|r| r.requests.as_ref()) })
    };
    let mut total = BTreeMap::new();
    for c in &spec.containers {
        add_list(&mut total, &of(c));
    }
    let (mut restartable, mut init) = (BTreeMap::new(), BTreeMap::new());
    for c in spec.init_containers.iter().flatten() {
        let own = of(c);
        let running = if c.restart_policy.as_deref() == Some("Always") {
            add_list(&mut total, &own);
            add_list(&mut restartable, &own);
            restartable.clone()
        } else {
            let mut tmp = BTreeMap::new();
            add_list(&mut tmp, &own);
            add_list(&mut tmp, &restartable);
            tmp
        };
        max_list(&mut init, &running);
    }
    max_list(&mut total, &init);
    let overhead = quantities(spec.overhead.as_ref());
    if limits {
        for (k, q) in overhead {
            if let Some(v) = total.get_mut(&k) {
                v.add(q);
            }
        }
    } else {
        add_list(&mut total, &overhead);
    }
    total
}

fn pod_requests(p: &core::Pod) -> BTreeMap<String, Qty> {
    pod_resources(p, false)
}

fn pod_limits(p: &core::Pod) -> BTreeMap<String, Qty> {
    pod_resources(p, true)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn pod(spec: serde_json::Value) -> core::Pod {
        crate::api::object::decode(&serde_json::json!({"metadata": {"name": "p"}, "spec": spec})).unwrap_or_default()
    }

    fn show(m: &BTreeMap<String, Qty>) -> String {
        m.iter().map(|(k, q)| format!("{k}={q}")).collect::<Vec<_>>().join(",")
    }

    #[test]
    fn pod_resources_follow_the_init_container_and_sidecar_rules() {
        let res = |cpu: &str, mem: &str| serde_json::json!({"requests": {"cpu": cpu, "memory": mem}, "limits": {"cpu": cpu}});
        let p = pod(serde_json::json!({
            "initContainers": [
                {"name": "sidecar", "restartPolicy": "Always", "resources": res("200m", "100Mi")},
                {"name": "setup", "resources": res("1", "64Mi")},
            ],
            "containers": [{"name": "app", "resources": res("300m", "200Mi")}],
            "overhead": {"cpu": "10m", "memory": "1Mi"},
        }));
        // Requests: app + sidecar = 500m / 300Mi, but setup runs beside the sidecar: 1200m / 164Mi.
        assert_eq!(show(&pod_requests(&p)), "cpu=1210m,memory=301Mi");
        // Limits: only cpu is limited, so the overhead adds to cpu alone.
        assert_eq!(show(&pod_limits(&p)), "cpu=1210m");
        assert_eq!(show(&pod_requests(&pod(serde_json::json!({"containers": [{"name": "a"}]})))), "");
    }

    #[test]
    fn percents_round_down() {
        assert_eq!(percent(950, 8000), 11);
        assert_eq!(percent(0, 0), i64::MIN);
    }
}
