//! Table printers: the columns `kubectl get` shows per kind (pkg/printers/internalversion/printers.go),
//! and the tabwriter layout (left-aligned, three spaces between columns).

use super::humanize::human_duration;
use crate::api::{Kind, Object};
use crate::clock::SimTime;
use k8s_openapi::apimachinery::pkg::apis::meta::v1::Time;

/// Column headers for a kind; the second list is what `-o wide` appends.
pub fn headers(kind: Kind) -> (Vec<&'static str>, Vec<&'static str>) {
    let (h, w): (&[&str], &[&str]) = match kind {
        Kind::Pod => (&["NAME", "READY", "STATUS", "RESTARTS", "AGE"], &["IP", "NODE", "NOMINATED NODE", "READINESS GATES"]),
        Kind::Service => (&["NAME", "TYPE", "CLUSTER-IP", "EXTERNAL-IP", "PORT(S)", "AGE"], &["SELECTOR"]),
        Kind::StatefulSet => (&["NAME", "READY", "AGE"], &["CONTAINERS", "IMAGES"]),
        Kind::DaemonSet => (&["NAME", "DESIRED", "CURRENT", "READY", "UP-TO-DATE", "AVAILABLE", "NODE SELECTOR", "AGE"], &["CONTAINERS", "IMAGES", "SELECTOR"]),
        Kind::Deployment => (&["NAME", "READY", "UP-TO-DATE", "AVAILABLE", "AGE"], &["CONTAINERS", "IMAGES", "SELECTOR"]),
        Kind::ReplicaSet => (&["NAME", "DESIRED", "CURRENT", "READY", "AGE"], &["CONTAINERS", "IMAGES", "SELECTOR"]),
        Kind::Job => (&["NAME", "STATUS", "COMPLETIONS", "DURATION", "AGE"], &["CONTAINERS", "IMAGES", "SELECTOR"]),
        Kind::CronJob => (&["NAME", "SCHEDULE", "TIMEZONE", "SUSPEND", "ACTIVE", "LAST SCHEDULE", "AGE"], &["CONTAINERS", "IMAGES", "SELECTOR"]),
        Kind::Secret => (&["NAME", "TYPE", "DATA", "AGE"], &[]),
        Kind::ConfigMap => (&["NAME", "DATA", "AGE"], &[]),
        Kind::ServiceAccount => (&["NAME", "SECRETS", "AGE"], &[]),
        Kind::PersistentVolumeClaim => (&["NAME", "STATUS", "VOLUME", "CAPACITY", "ACCESS MODES", "STORAGECLASS", "VOLUMEATTRIBUTESCLASS", "AGE"], &["VOLUMEMODE"]),
        Kind::PersistentVolume => (&["NAME", "CAPACITY", "ACCESS MODES", "RECLAIM POLICY", "STATUS", "CLAIM", "STORAGECLASS", "VOLUMEATTRIBUTESCLASS", "REASON", "AGE"], &["VOLUMEMODE"]),
        Kind::StorageClass => (&["NAME", "PROVISIONER", "RECLAIMPOLICY", "VOLUMEBINDINGMODE", "ALLOWVOLUMEEXPANSION", "AGE"], &[]),
        // The apiserver always prints PreemptionPolicy (its table convertor generates wide rows) and
        // the column has no priority, so kubectl shows it without -o wide.
        Kind::PriorityClass => (&["NAME", "VALUE", "GLOBAL-DEFAULT", "AGE", "PREEMPTIONPOLICY"], &[]),
        Kind::Lease => (&["NAME", "HOLDER", "AGE"], &[]),
        Kind::Namespace => (&["NAME", "STATUS", "AGE"], &[]),
        Kind::Node => (&["NAME", "STATUS", "ROLES", "AGE", "VERSION"], &["INTERNAL-IP", "EXTERNAL-IP", "OS-IMAGE", "KERNEL-VERSION", "CONTAINER-RUNTIME"]),
        Kind::Endpoints => (&["NAME", "ENDPOINTS", "AGE"], &[]),
        Kind::EndpointSlice => (&["NAME", "ADDRESSTYPE", "PORTS", "ENDPOINTS", "AGE"], &[]),
        Kind::ControllerRevision => (&["NAME", "CONTROLLER", "REVISION", "AGE"], &[]),
        Kind::Event => (&["LAST SEEN", "TYPE", "REASON", "OBJECT", "MESSAGE"], &["SUBOBJECT", "SOURCE", "FIRST SEEN", "COUNT", "NAME"]),
    };
    (h.to_vec(), w.to_vec())
}

/// `now - t` as HumanDuration, or `<unknown>` without a timestamp.
pub fn age(now: SimTime, t: Option<&Time>) -> String {
    match t {
        Some(t) => human_duration(now.ms() - t.0.as_millisecond()),
        None => "<unknown>".into(),
    }
}

/// The cells of one row (name cell as given), plus the wide cells.
pub fn row(obj: &Object, name: &str, now: SimTime) -> (Vec<String>, Vec<String>) {
    let created = age(now, obj.meta().creation_timestamp.as_ref());
    match obj {
        Object::Pod(p) => super::printers_pod::pod_row(p, name, now, created),
        Object::Service(s) => {
            let spec = s.spec.clone().unwrap_or_default();
            let ports: Vec<String> = spec.ports.iter().flatten().map(|p| {
                let np = p.node_port.map(|n| format!(":{n}")).unwrap_or_default();
                format!("{}{}/{}", p.port, np, p.protocol.as_deref().unwrap_or("TCP"))
            }).collect();
            let selector = spec.selector.as_ref().filter(|s| !s.is_empty()).map(|s| s.iter().map(|(k, v)| format!("{k}={v}")).collect::<Vec<_>>().join(",")).unwrap_or_else(|| "<none>".into());
            let external = match spec.type_.as_deref() {
                Some("LoadBalancer") => "<pending>".to_string(),
                Some("ExternalName") => spec.external_name.clone().unwrap_or_default(),
                _ => "<none>".to_string(),
            };
            let ports = if ports.is_empty() { "<none>".to_string() } else { ports.join(",") };
            (vec![name.into(), spec.type_.unwrap_or_default(), spec.cluster_ip.unwrap_or_else(|| "<none>".into()), external, ports, created], vec![selector])
        }
        Object::StatefulSet(s) => {
            let spec = s.spec.clone().unwrap_or_default();
            let ready = s.status.as_ref().and_then(|st| st.ready_replicas).unwrap_or(0);
            (vec![name.into(), format!("{}/{}", ready, spec.replicas.unwrap_or(1)), created], containers_images(spec.template.spec.as_ref()))
        }
        Object::DaemonSet(d) => {
            let spec = d.spec.clone().unwrap_or_default();
            let st = d.status.clone().unwrap_or_default();
            let mut wide = containers_images(spec.template.spec.as_ref());
            wide.push(selector_text(&spec.selector));
            let node_selector: Vec<String> = spec.template.spec.as_ref().and_then(|s| s.node_selector.as_ref()).into_iter().flatten().map(|(k, v)| format!("{k}={v}")).collect();
            let node_selector = if node_selector.is_empty() { "<none>".to_string() } else { node_selector.join(",") };
            let n = |v: i32| v.to_string();
            (vec![name.into(), n(st.desired_number_scheduled), n(st.current_number_scheduled), n(st.number_ready), n(st.updated_number_scheduled.unwrap_or(0)), n(st.number_available.unwrap_or(0)), node_selector, created], wide)
        }
        Object::Deployment(d) => {
            let spec = d.spec.clone().unwrap_or_default();
            let st = d.status.clone().unwrap_or_default();
            let mut wide = containers_images(spec.template.spec.as_ref());
            wide.push(selector_text(&spec.selector));
            (vec![name.into(), format!("{}/{}", st.ready_replicas.unwrap_or(0), spec.replicas.unwrap_or(1)), st.updated_replicas.unwrap_or(0).to_string(), st.available_replicas.unwrap_or(0).to_string(), created], wide)
        }
        Object::ReplicaSet(r) => {
            let spec = r.spec.clone().unwrap_or_default();
            let st = r.status.clone().unwrap_or_default();
            let mut wide = containers_images(spec.template.as_ref().and_then(|t| t.spec.as_ref()));
            wide.push(selector_text(&spec.selector));
            (vec![name.into(), spec.replicas.unwrap_or(1).to_string(), st.replicas.to_string(), st.ready_replicas.unwrap_or(0).to_string(), created], wide)
        }
        Object::Job(j) => super::printers_batch::job_row(j, name, now, created),
        Object::CronJob(c) => super::printers_batch::cronjob_row(c, name, now, created),
        Object::Secret(s) => {
            let n = s.data.as_ref().map_or(0, |d| d.len());
            (vec![name.into(), s.type_.clone().unwrap_or_else(|| "Opaque".into()), n.to_string(), created], vec![])
        }
        Object::ConfigMap(c) => {
            let n = c.data.as_ref().map_or(0, |d| d.len()) + c.binary_data.as_ref().map_or(0, |d| d.len());
            (vec![name.into(), n.to_string(), created], vec![])
        }
        // printServiceAccount (v1.33): the count of `secrets` references, not of token Secrets.
        Object::ServiceAccount(sa) => (vec![name.into(), sa.secrets.as_ref().map_or(0, |s| s.len()).to_string(), created], vec![]),
        Object::PersistentVolumeClaim(c) => super::printers_storage::pvc_row(c, name, created),
        Object::PersistentVolume(v) => super::printers_storage::pv_row(v, name, created),
        Object::StorageClass(sc) => {
            let default = sc.metadata.annotations.as_ref().and_then(|a| a.get("storageclass.kubernetes.io/is-default-class")).map(String::as_str) == Some("true");
            let n = if default { format!("{name} (default)") } else { name.to_string() };
            (vec![n, sc.provisioner.clone(), sc.reclaim_policy.clone().unwrap_or_else(|| "Delete".into()), sc.volume_binding_mode.clone().unwrap_or_else(|| "Immediate".into()), sc.allow_volume_expansion.unwrap_or(false).to_string(), created], vec![])
        }
        Object::PriorityClass(pc) => (vec![name.into(), pc.value.to_string(), pc.global_default.unwrap_or(false).to_string(), created, pc.preemption_policy.clone().unwrap_or_default()], vec![]),
        Object::Lease(l) => (vec![name.into(), l.spec.as_ref().and_then(|s| s.holder_identity.clone()).unwrap_or_default(), created], vec![]),
        Object::Namespace(n) => {
            let phase = n.status.as_ref().and_then(|s| s.phase.clone()).unwrap_or_else(|| "Active".into());
            (vec![name.into(), phase, created], vec![])
        }
        Object::Node(n) => super::printers_pod::node_row(n, name, created),
        Object::Endpoints(e) => (vec![name.into(), format_endpoints(e), created], vec![]),
        Object::EndpointSlice(e) => {
            let ports: Vec<String> = e.ports.iter().flatten().filter_map(|p| p.port.map(|x| x.to_string())).collect();
            let addrs: Vec<String> = e.endpoints.iter().flat_map(|ep| ep.addresses.clone()).collect();
            let eps = match addrs.len() {
                0 => "<unset>".to_string(),
                n if n > 3 => format!("{} + {} more...", addrs[..3].join(","), n - 3),
                _ => addrs.join(","),
            };
            (vec![name.into(), e.address_type.clone(), if ports.is_empty() { "<unset>".into() } else { ports.join(",") }, eps, created], vec![])
        }
        Object::ControllerRevision(r) => {
            let owner = r.metadata.owner_references.iter().flatten().find(|o| o.controller == Some(true)).map(|o| format!("{}.{}/{}", o.kind.to_lowercase(), o.api_version.split('/').next().unwrap_or(""), o.name)).unwrap_or_else(|| "<none>".into());
            (vec![name.into(), owner, r.revision.to_string(), created], vec![])
        }
        Object::Event(e) => super::printers_pod::event_row(e, now),
    }
}

/// printers.go formatEndpoints (ports = nil): the first three `ip:port` of the ready addresses
/// (bare IPs for a headless subset without ports), `<none>` when there is no subset at all; a
/// subset of not-ready addresses only leaves the cell empty.
fn format_endpoints(e: &k8s_openapi::api::core::v1::Endpoints) -> String {
    let subsets = e.subsets.as_deref().unwrap_or(&[]);
    if subsets.is_empty() {
        return "<none>".into();
    }
    const MAX: usize = 3;
    let (mut list, mut count, mut more) = (Vec::new(), 0, false);
    let mut add = |addrs: &[k8s_openapi::api::core::v1::EndpointAddress], port: Option<i32>, list: &mut Vec<String>| {
        count += addrs.len();
        for a in addrs {
            if list.len() == MAX {
                more = true;
                break;
            }
            list.push(match port {
                Some(p) => format!("{}:{p}", a.ip),
                None => a.ip.clone(),
            });
        }
    };
    for ss in subsets {
        let addrs = ss.addresses.as_deref().unwrap_or(&[]);
        match ss.ports.as_deref() {
            None | Some([]) => add(addrs, None, &mut list),
            Some(ports) => ports.iter().for_each(|p| add(addrs, Some(p.port), &mut list)),
        }
    }
    let ret = list.join(",");
    if more { format!("{ret} + {} more...", count - MAX) } else { ret }
}

fn containers_images(spec: Option<&k8s_openapi::api::core::v1::PodSpec>) -> Vec<String> {
    let cs = spec.map(|s| s.containers.clone()).unwrap_or_default();
    vec![
        cs.iter().map(|c| c.name.clone()).collect::<Vec<_>>().join(","),
        cs.iter().map(|c| c.image.clone().unwrap_or_default()).collect::<Vec<_>>().join(","),
    ]
}

pub fn selector_text(sel: &k8s_openapi::apimachinery::pkg::apis::meta::v1::LabelSelector) -> String {
    let mut parts: Vec<String> = sel.match_labels.iter().flatten().map(|(k, v)| format!("{k}={v}")).collect();
    for e in sel.match_expressions.iter().flatten() {
        let vals = e.values.clone().unwrap_or_default().join(",");
        parts.push(match e.operator.as_str() {
            "In" => format!("{} in ({vals})", e.key),
            "NotIn" => format!("{} notin ({vals})", e.key),
            "Exists" => e.key.clone(),
            _ => format!("!{}", e.key),
        });
    }
    if parts.is_empty() { "<none>".into() } else { parts.join(",") }
}

/// Lays rows out as kubectl's tabwriter does (printers.GetNewTabWriter: minwidth 6, padding 3):
/// each column padded to its widest cell plus three spaces, at least six wide; the last column is
/// not padded.
pub fn layout(rows: &[Vec<String>]) -> String {
    layout_remembering(rows, &mut Vec::new())
}

/// [`layout`] with liggitt/tabwriter's RememberWidths, as `kubectl get --watch` flushes each event:
/// `widths` holds the widest cell seen per column in earlier flushes, and grows with these rows.
pub fn layout_remembering(rows: &[Vec<String>], widths: &mut Vec<usize>) -> String {
    let cols = rows.iter().map(Vec::len).max().unwrap_or(0);
    if widths.len() < cols {
        widths.resize(cols, 0);
    }
    for r in rows {
        for (i, c) in r.iter().enumerate() {
            widths[i] = widths[i].max(c.chars().count());
        }
    }
    let mut out = String::new();
    for r in rows {
        let mut line = String::new();
        for (i, c) in r.iter().enumerate() {
            line.push_str(c);
            if i + 1 < r.len() {
                line.push_str(&" ".repeat((widths[i] + 3).max(6) - c.chars().count()));
            }
        }
        out.push_str(&line);
        out.push('\n');
    }
    out
}
