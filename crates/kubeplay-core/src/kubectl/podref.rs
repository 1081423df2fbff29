//! Resolving `POD` or `TYPE/NAME` to one pod the way `kubectl logs`/`exec` do (logsForObject and
//! attachablePodForObject: SelectorsForObject's selector, then the best pod by podutils.ByLogging),
//! and the default container.

use super::resources::targets;
use super::Ctx;
use crate::api::{Kind, ObjKey, Object};
use crate::selector::matches_label_selector;
use k8s_openapi::api::core::v1 as core;
use k8s_openapi::apimachinery::pkg::apis::meta::v1::LabelSelector;

/// Which command resolves the pod: their refusals of an object without a pod selector differ.
#[derive(Clone, Copy, PartialEq)]
pub enum Purpose {
    /// `kubectl logs` (logsForObject): "cannot get the logs from *v1.X: …".
    Logs,
    /// `kubectl exec`, `attach`, `cp` (attachablePodForObject): "cannot attach to *v1.X: …".
    Attach,
}

/// The pod `arg` names; errors are kubectl's texts.
pub fn resolve(ctx: &mut Ctx, arg: &str, purpose: Purpose) -> Result<core::Pod, String> {
    let ns = ctx.namespace.clone();
    if !arg.contains('/') {
        return pod(ctx, &ns, arg);
    }
    let t = targets(&[arg.to_string()])?.into_iter().next().ok_or_else(|| format!("error: invalid resource {arg}"))?;
    let name = t.name.unwrap_or_default();
    if t.kind == Kind::Pod {
        return pod(ctx, &ns, &name);
    }
    let key = ObjKey::new(t.kind, &ns, &name);
    let obj = ctx.sim.cluster.get(&key).ok_or_else(|| format!("Error from server (NotFound): {} \"{}\" not found", t.kind.resource_plural_group(), name))?;
    let go_type = t.kind.go_type();
    let refuse = |why: String| match purpose {
        Purpose::Logs => format!("error: cannot get the logs from {go_type}: {why}"),
        Purpose::Attach => format!("error: cannot attach to {go_type}: {why}"),
    };
    let selector = selectors_for_object(obj).map_err(|why| refuse(why.unwrap_or_else(|| format!("selector for {go_type} not implemented"))))?;
    let mut pods: Vec<core::Pod> = ctx
        .sim
        .cluster
        .store
        .list(Kind::Pod, Some(&ns))
        .filter_map(|o| if let Object::Pod(p) = o { Some((**p).clone()) } else { None })
        .filter(|p| matches_label_selector(&selector, &p.metadata.labels.clone().unwrap_or_default()))
        .collect();
    if pods.is_empty() {
        return Err("error: timed out waiting for the condition".into());
    }
    super::gosort::sort(&mut pods, by_logging);
    if pods.len() > 1 {
        ctx.out.err(format!("Found {} pods, using pod/{}\n", pods.len(), pods[0].metadata.name.clone().unwrap_or_default()));
    }
    Ok(pods.swap_remove(0))
}

fn pod(ctx: &Ctx, ns: &str, name: &str) -> Result<core::Pod, String> {
    match ctx.sim.cluster.get(&ObjKey::new(Kind::Pod, ns, name)) {
        Some(Object::Pod(p)) => Ok((**p).clone()),
        _ => Err(format!("Error from server (NotFound): pods \"{name}\" not found")),
    }
}

/// SelectorsForObject: the pod selector of a workload or a Service. Err(None) for a kind it does
/// not know, Err(Some(why)) for a Service without a selector.
fn selectors_for_object(obj: &Object) -> Result<LabelSelector, Option<String>> {
    let selector = match obj {
        Object::Deployment(d) => d.spec.as_ref().map(|s| s.selector.clone()),
        Object::ReplicaSet(r) => r.spec.as_ref().map(|s| s.selector.clone()),
        Object::StatefulSet(s) => s.spec.as_ref().map(|s| s.selector.clone()),
        Object::DaemonSet(d) => d.spec.as_ref().map(|s| s.selector.clone()),
        Object::Job(j) => j.spec.as_ref().and_then(|s| s.selector.clone()),
        Object::Service(s) => match s.spec.as_ref().and_then(|s| s.selector.clone()).filter(|m| !m.is_empty()) {
            Some(m) => Some(LabelSelector { match_labels: Some(m), ..Default::default() }),
            None => return Err(Some(format!("invalid service '{}': Service is defined without a selector", obj.name()))),
        },
        _ => return Err(None),
    };
    Ok(selector.unwrap_or_default())
}

/// podutils.ByLogging's Less: assigned before unassigned; Running, then Unknown, then Pending (any
/// other phase counts as Running, the map's zero value); ready first; ready longer first; more
/// restarts (of the most restarted container) first; older first. Sorted with Go's sort.Sort, so
/// ties keep the order its swaps leave.
fn by_logging(a: &core::Pod, b: &core::Pod) -> bool {
    let node = |p: &core::Pod| p.spec.as_ref().and_then(|s| s.node_name.clone()).unwrap_or_default();
    let (na, nb) = (node(a), node(b));
    if na != nb && (na.is_empty() || nb.is_empty()) {
        return !na.is_empty();
    }
    let phase = |p: &core::Pod| match p.status.as_ref().and_then(|s| s.phase.as_deref()) {
        Some("Unknown") => 1,
        Some("Pending") => 2,
        _ => 0,
    };
    if phase(a) != phase(b) {
        return phase(a) < phase(b);
    }
    // podReadyTime: the Ready condition's transition time, for a ready pod.
    let ready = |p: &core::Pod| {
        let conditions = p.status.as_ref().into_iter().flat_map(|s| s.conditions.iter().flatten());
        conditions.into_iter().find(|c| c.type_ == "Ready" && c.status == "True").map(|c| c.last_transition_time.as_ref().map(|t| t.0.as_second()))
    };
    let (ra, rb) = (ready(a), ready(b));
    if ra.is_some() != rb.is_some() {
        return ra.is_some();
    }
    if let (Some(ta), Some(tb)) = (ra, rb) {
        if ta != tb {
            // afterOrZero(b's ready time, a's): a zero time sorts last.
            return after_or_zero(tb, ta);
        }
    }
    let restarts = |p: &core::Pod| p.status.as_ref().into_iter().flat_map(|s| s.container_statuses.iter().flatten()).map(|c| c.restart_count).max().unwrap_or(0);
    if restarts(a) != restarts(b) {
        return restarts(a) > restarts(b);
    }
    let created = |p: &core::Pod| p.metadata.creation_timestamp.as_ref().map(|t| t.0.as_second());
    let (ca, cb) = (created(a), created(b));
    ca != cb && after_or_zero(cb, ca)
}

/// afterOrZero(t1, t2): t1 is zero, or (t2 not zero and) t1 after t2.
fn after_or_zero(t1: Option<i64>, t2: Option<i64>) -> bool {
    match (t1, t2) {
        (None, _) => true,
        (Some(_), None) => false,
        (Some(x), Some(y)) => x > y,
    }
}

/// The container `-c` names, or the default one (annotation `kubectl.kubernetes.io/default-container`,
/// else the first) with kubectl's "Defaulted container" note when the pod has several.
pub fn container(ctx: &mut Ctx, pod: &core::Pod, requested: Option<&str>) -> Result<String, String> {
    let spec = pod.spec.clone().unwrap_or_default();
    let name = pod.metadata.name.clone().unwrap_or_default();
    if let Some(c) = requested {
        let known = spec.containers.iter().chain(spec.init_containers.iter().flatten()).any(|k| k.name == c);
        return if known { Ok(c.to_string()) } else { Err(format!("Error from server (BadRequest): container {c} is not valid for pod {name}")) };
    }
    let annotated = pod.metadata.annotations.as_ref().and_then(|a| a.get("kubectl.kubernetes.io/default-container")).cloned();
    let chosen = annotated.filter(|a| spec.containers.iter().any(|k| &k.name == a)).unwrap_or_else(|| spec.containers.first().map(|k| k.name.clone()).unwrap_or_default());
    let total = spec.containers.len() + spec.init_containers.as_ref().map_or(0, Vec::len);
    if total > 1 {
        let mut all: Vec<String> = spec.containers.iter().map(|k| k.name.clone()).collect();
        all.extend(spec.init_containers.iter().flatten().map(|k| format!("{} (init)", k.name)));
        ctx.out.err(format!("Defaulted container \"{chosen}\" out of: {}\n", all.join(", ")));
    }
    Ok(chosen)
}
