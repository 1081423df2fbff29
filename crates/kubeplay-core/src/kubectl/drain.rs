//! `kubectl drain NODE` (kubectl/pkg/cmd/drain and pkg/drain: drain.go, filters.go): cordon, then
//! the node's pods through the filters (DaemonSet-managed, mirror, emptyDir, no controller), the
//! refusals and warnings they give, each remaining pod evicted (`evicting pod NS/NAME`) and
//! waited for, polled once a second, until it is gone (`pod/NAME evicted`) or `--timeout`.
//! kubeplay serves no PodDisruptionBudgets, so an eviction is never refused for one.

use super::cordon::{nodes, set_unschedulable, usage};
use super::flags::{flag, switch, FlagSpec};
use super::printobj::{self, DryRun, DRY_RUN};
use super::Ctx;
use crate::api::errors::ApiError;
use crate::api::{Kind, ObjKey, Object};
use crate::clock::SimTime;
use crate::cluster::{DeleteRequest, Propagation, Write};
use crate::selector::Selector;
use k8s_openapi::api::core::v1 as core;

pub const FLAGS: &[FlagSpec] = &[
    switch("force", None),
    switch("ignore-daemonsets", None),
    switch("delete-emptydir-data", None),
    switch("delete-local-data", None),
    flag("grace-period", None),
    flag("timeout", None),
    flag("selector", Some('l')),
    flag("pod-selector", None),
    switch("disable-eviction", None),
    flag("skip-wait-for-delete-timeout", None),
    flag("chunk-size", None),
    DRY_RUN,
];

const COMMAND: &str = "kubectl drain";

/// `--timeout=0` (the default) is infinite; a week stands for it, as for `kubectl delete`.
const FOREVER_MS: i64 = 168 * 3_600_000;

/// The Helper's options.
struct Options {
    force: bool,
    ignore_daemonsets: bool,
    delete_emptydir: bool,
    grace: Option<i64>,
    timeout_ms: Option<i64>,
    pod_selector: Option<Selector>,
    disable_eviction: bool,
    skip_wait_secs: i64,
    dry: DryRun,
}

/// What the filters decided for one pod (PodDeleteStatus).
enum Status {
    Delete,
    Skip,
    Warning { delete: bool, message: String },
    Error(String),
}

/// Why a node could not be drained, as the error value kubectl holds: an aggregate (the
/// filters' refusals, evictPods' per-pod errors) or one plain error (deletePods' wait).
enum Failure {
    Aggregate(Vec<String>),
    Plain(String),
}

impl Failure {
    /// Its Error() text.
    fn text(&self) -> String {
        match self {
            Failure::Aggregate(errs) => aggregate(errs),
            Failure::Plain(e) => e.clone(),
        }
    }
}

pub fn run(ctx: &mut Ctx) {
    let o = match options(ctx) {
        Ok(o) => o,
        Err(e) => return ctx.fail(e),
    };
    let nodes = match nodes(ctx, "drain") {
        Ok(n) => n,
        Err(e) => return ctx.fail(e),
    };
    set_unschedulable(ctx, &nodes, true, o.dry);
    let mut fatal = Vec::new();
    let mut remaining = Vec::new();
    for n in &nodes {
        match drain_node(ctx, &o, n.name()) {
            Ok(()) => printobj::print(ctx, &printobj::Printer::Operation, Kind::Node, &n.to_value(), &printobj::operation("drained", o.dry)),
            Err(failure) => {
                ctx.out.err(format!("error: unable to drain node {:?} due to error: {}, continuing command...\n", n.name(), failure.text()));
                fatal.push(failure);
                remaining.push(n.name().to_string());
            }
        }
    }
    if !remaining.is_empty() {
        ctx.out.err("There are pending nodes to be drained:\n");
        for n in &remaining {
            ctx.out.err(format!(" {n}\n"));
        }
    }
    // CheckErr of NewAggregate(fatal): an aggregate of one is unwrapped once, so one node's
    // aggregate prints one error a line (MultipleErrors, no prefix) and its plain error with
    // `error: `; several nodes' errors print one a line.
    match fatal.as_slice() {
        [] => {}
        [Failure::Aggregate(errs)] => ctx.fail(errs.join("\n")),
        [Failure::Plain(e)] => ctx.fail(if e.starts_with("error: ") { e.clone() } else { format!("error: {e}") }),
        _ => ctx.fail(fatal.iter().map(Failure::text).collect::<Vec<_>>().join("\n")),
    }
}

/// utilerrors.Aggregate's Error(): one message as it is, several in brackets.
fn aggregate(errs: &[String]) -> String {
    match errs {
        [one] => one.clone(),
        _ => format!("[{}]", errs.join(", ")),
    }
}

fn options(ctx: &mut Ctx) -> Result<Options, String> {
    let p = &ctx.p;
    let force = p.go_bool("force", false, COMMAND)?;
    let ignore_daemonsets = p.go_bool("ignore-daemonsets", false, COMMAND)?;
    let local = p.go_bool("delete-local-data", false, COMMAND)?;
    let delete_emptydir = p.go_bool("delete-emptydir-data", false, COMMAND)? || local;
    let grace = p.go_int("grace-period", -1, COMMAND)?;
    let timeout_ms = p.go_duration_ms("timeout", COMMAND)?.filter(|t| *t != 0);
    let disable_eviction = p.go_bool("disable-eviction", false, COMMAND)?;
    let skip_wait_secs = p.go_int("skip-wait-for-delete-timeout", 0, COMMAND)?;
    p.go_int("chunk-size", 500, COMMAND)?;
    // Complete: the node arguments, then the dry-run strategy and the pod selector.
    usage(ctx, "drain")?;
    let dry = printobj::dry_run(ctx)?;
    let pod_selector = match ctx.p.get("pod-selector").filter(|s| !s.is_empty()) {
        Some(s) => Some(Selector::parse(s).map_err(|_| "error: --pod-selector=<pod_selector> must be a valid label selector".to_string())?),
        None => None,
    };
    if ctx.p.has("delete-local-data") {
        ctx.out.err("Flag --delete-local-data has been deprecated, This option is deprecated and will be deleted. Use --delete-emptydir-data.\n");
    }
    Ok(Options { force, ignore_daemonsets, delete_emptydir, grace: (grace >= 0).then_some(grace), timeout_ms, pod_selector, disable_eviction, skip_wait_secs, dry })
}

/// deleteOrEvictPodsSimple for one node: its errors, if it could not be drained.
fn drain_node(ctx: &mut Ctx, o: &Options, node: &str) -> Result<(), Failure> {
    let (pods, warnings, errors) = pods_for_deletion(ctx, o, node);
    if !errors.is_empty() {
        return Err(Failure::Aggregate(errors));
    }
    if !warnings.is_empty() {
        ctx.out.err(format!("Warning: {warnings}\n"));
    }
    if o.dry == DryRun::Client {
        for p in &pods {
            ctx.out.out(format!("evicting pod {}/{} (dry run)\n", p.namespace, p.name));
        }
        return Ok(());
    }
    if pods.is_empty() {
        return Ok(());
    }
    if o.dry == DryRun::Server {
        // Evictions (or deletes) sent with dryRun=All: nothing goes, so nothing is waited for.
        for p in pods.iter().filter(|_| !o.disable_eviction) {
            ctx.out.out(format!("evicting pod {}/{} (server dry run)\n", p.namespace, p.name));
        }
        return Ok(());
    }
    let result = if o.disable_eviction { delete_pods(ctx, o, &pods) } else { evict_pods(ctx, o, &pods) };
    if let Err(failure) = result {
        let (pending, _, errors) = pods_for_deletion(ctx, o, node);
        if !pending.is_empty() {
            ctx.out.err(format!("There are pending pods in node {node:?} when an error occurred: {}\n", failure.text()));
            for p in &pending {
                ctx.out.err(format!("pod/{}\n", p.name));
            }
        }
        if !errors.is_empty() {
            // Printed without a line end, as deleteOrEvictPodsSimple does.
            ctx.out.err(format!("Following errors occurred while getting the list of pods to delete:\n{}", aggregate(&errors)));
        }
        return Err(failure);
    }
    Ok(())
}

/// GetPodsForDeletion: the node's pods (every namespace, `--pod-selector`, in the apiserver's
/// list order) through the filters: the pods to delete, the warnings and the errors (the list
/// comes back with the errors too).
fn pods_for_deletion(ctx: &Ctx, o: &Options, node: &str) -> (Vec<ObjKey>, String, Vec<String>) {
    let store = &ctx.sim.cluster.store;
    let now = ctx.sim.cluster.now;
    let mut delete = Vec::new();
    // Messages with their pods, in the order first met (kubectl collects them in a Go map).
    let mut warnings: Vec<(String, Vec<String>)> = Vec::new();
    let mut errors: Vec<(String, Vec<String>)> = Vec::new();
    let add = |list: &mut Vec<(String, Vec<String>)>, msg: String, pod: String| match list.iter_mut().find(|(m, _)| *m == msg) {
        Some((_, pods)) => pods.push(pod),
        None => list.push((msg, vec![pod])),
    };
    for obj in store.list(Kind::Pod, None) {
        let Object::Pod(p) = obj else { continue };
        if p.spec.as_ref().and_then(|s| s.node_name.as_deref()) != Some(node) || o.pod_selector.as_ref().is_some_and(|s| !s.matches(obj.labels())) {
            continue;
        }
        let name = format!("{}/{}", obj.namespace(), obj.name());
        match filter(store, o, p, now) {
            Status::Delete => delete.push(obj.key()),
            Status::Skip => {}
            Status::Warning { delete: d, message } => {
                if d {
                    delete.push(obj.key());
                }
                add(&mut warnings, message, name);
            }
            Status::Error(message) => add(&mut errors, message, name),
        }
    }
    // errors() prefixes every message, also unmanagedFatal, which already says "cannot
    // delete" (kubectl v1.33 prints it twice: kubernetes/kubectl#1808).
    let errors = errors.into_iter().map(|(m, pods)| format!("cannot delete {m}: {}", pods.join(", "))).collect();
    let warnings = warnings.into_iter().map(|(m, pods)| format!("{m}: {}", pods.join(", "))).collect::<Vec<_>>().join("; ");
    (delete, warnings, errors)
}

/// makeFilters, in order: skipDeleted, daemonSet, mirrorPod, localStorage, unreplicated; the
/// first that does not delete decides, and only the last filter's status is kept otherwise.
fn filter(store: &crate::store::Store, o: &Options, p: &core::Pod, now: SimTime) -> Status {
    let finished = matches!(p.status.as_ref().and_then(|s| s.phase.as_deref()), Some("Succeeded") | Some("Failed"));
    // skipDeletedFilter
    if should_skip(p, o.skip_wait_secs, now) {
        return Status::Skip;
    }
    let controller = p.metadata.owner_references.iter().flatten().find(|r| r.controller == Some(true));
    // daemonSetFilter
    if let Some(c) = controller.filter(|c| c.kind == "DaemonSet" && !finished) {
        let ns = p.metadata.namespace.as_deref().unwrap_or("");
        let missing = store.get(&ObjKey::new(Kind::DaemonSet, ns, &c.name)).is_none();
        if missing && !o.force {
            return Status::Error(format!("daemonsets.apps {:?} not found", c.name));
        }
        // An orphan with --force: the warning lets the pod through to the next filters, whose
        // status replaces it (the unreplicated filter's Okay: the pod has a controller).
        if !missing {
            if !o.ignore_daemonsets {
                return Status::Error("DaemonSet-managed Pods (use --ignore-daemonsets to ignore)".into());
            }
            return Status::Warning { delete: false, message: "ignoring DaemonSet-managed Pods".into() };
        }
    }
    // mirrorPodFilter
    if p.metadata.annotations.as_ref().is_some_and(|a| a.contains_key("kubernetes.io/config.mirror")) {
        return Status::Skip;
    }
    // localStorageFilter (its warning is dropped by the filter after it, as upstream's TODO says)
    let empty_dir = p.spec.iter().flat_map(|s| s.volumes.iter().flatten()).any(|v| v.empty_dir.is_some());
    if empty_dir && !finished && !o.delete_emptydir {
        return Status::Error("Pods with local storage (use --delete-emptydir-data to override)".into());
    }
    // unreplicatedFilter
    if finished || controller.is_some() {
        return Status::Delete;
    }
    if o.force {
        return Status::Warning { delete: true, message: "deleting Pods that declare no controller".into() };
    }
    Status::Error("cannot delete Pods that declare no controller (use --force to override)".into())
}

/// shouldSkipPod: `--skip-wait-for-delete-timeout` and a pod being deleted longer than that.
fn should_skip(p: &core::Pod, secs: i64, now: SimTime) -> bool {
    let Some(ts) = p.metadata.deletion_timestamp.as_ref() else { return false };
    // int(time.Since(deletionTimestamp).Seconds()): whole seconds, the fraction dropped.
    secs > 0 && (now.ms() - ts.0.as_second().saturating_mul(1000)) / 1000 > secs
}

/// The global deadline, if `--timeout` set one.
fn deadline(ctx: &Ctx, o: &Options) -> (SimTime, String) {
    let ms = o.timeout_ms.unwrap_or(FOREVER_MS);
    // An infinite timeout prints as math.MaxInt64 nanoseconds do.
    let shown = if o.timeout_ms.is_some() { super::humanize::go_duration_ms(ms) } else { "2562047h47m16.854775807s".into() };
    (ctx.sim.cluster.now.plus_ms(ms), shown)
}

/// evictPods: each pod's `evicting pod` line and its eviction, then every pod polled once a
/// second until it is gone (a new pod of the same name is another pod), `pod/NAME evicted`.
fn evict_pods(ctx: &mut Ctx, o: &Options, pods: &[ObjKey]) -> Result<(), Failure> {
    let (deadline, shown) = deadline(ctx, o);
    let mut errors = Vec::new();
    let mut waiting = Vec::new();
    for k in pods {
        ctx.out.out(format!("evicting pod {}/{}\n", k.namespace, k.name));
        let uid = ctx.sim.cluster.get(k).map(|p| p.uid().to_string()).unwrap_or_default();
        match evict(ctx, k, o.grace) {
            Ok(()) => waiting.push((k.clone(), uid)),
            Err(ApiError::NotFound { .. }) => {}
            Err(e) => errors.push(format!("error when evicting pods/{:?} -n {:?}: {}", k.name, k.namespace, e.message())),
        }
    }
    let _ = ctx.sim.settle();
    let timed_out = poll_gone(ctx, &mut waiting, deadline, "evicted", o.skip_wait_secs);
    errors.extend(timed_out.iter().map(|k| format!("error when waiting for pod {:?} in namespace {:?} to terminate: global timeout reached: {shown}", k.name, k.namespace)));
    if errors.is_empty() { Ok(()) } else { Err(Failure::Aggregate(errors)) }
}

/// deletePods (`--disable-eviction`): every pod deleted, then waited for together.
fn delete_pods(ctx: &mut Ctx, o: &Options, pods: &[ObjKey]) -> Result<(), Failure> {
    let (deadline, _) = deadline(ctx, o);
    let mut waiting = Vec::new();
    for k in pods {
        let uid = ctx.sim.cluster.get(k).map(|p| p.uid().to_string()).unwrap_or_default();
        match ctx.sim.cluster.write(Write::Delete(DeleteRequest { key: k.clone(), grace_seconds: o.grace, propagation: Propagation::Background })) {
            Ok(_) | Err(ApiError::NotFound { .. }) => waiting.push((k.clone(), uid)),
            Err(e) => return Err(Failure::Plain(e.render(None))),
        }
        let _ = ctx.sim.settle();
    }
    // wait.PollImmediate's own timeout (the context has none here): ErrWaitTimeout.
    if poll_gone(ctx, &mut waiting, deadline, "deleted", o.skip_wait_secs).is_empty() { Ok(()) } else { Err(Failure::Plain("timed out waiting for the condition".into())) }
}

/// waitForDelete: checks now and then once a second; prints `pod/NAME <verb>` for each pod gone,
/// stops waiting (with its note) for one deleted longer ago than `--skip-wait-for-delete-timeout`;
/// the pods still there when the deadline passes.
fn poll_gone(ctx: &mut Ctx, waiting: &mut Vec<(ObjKey, String)>, deadline: SimTime, verb: &str, skip_secs: i64) -> Vec<ObjKey> {
    loop {
        let mut still = Vec::new();
        let now = ctx.sim.cluster.now;
        for (k, uid) in waiting.drain(..) {
            match ctx.sim.cluster.get(&k) {
                Some(Object::Pod(p)) if p.metadata.uid.as_deref() == Some(uid.as_str()) => {
                    if should_skip(p, skip_secs, now) {
                        ctx.out.out(format!("pod {:?} has DeletionTimestamp older than {skip_secs} seconds, skipping\n", k.name));
                    } else {
                        still.push((k, uid));
                    }
                }
                _ => ctx.out.out(format!("pod/{} {verb}\n", k.name)),
            }
        }
        *waiting = still;
        if waiting.is_empty() {
            return Vec::new();
        }
        if ctx.sim.cluster.now >= deadline {
            return waiting.iter().map(|(k, _)| k.clone()).collect();
        }
        let next = ctx.sim.cluster.now.plus_ms(1000).min(deadline);
        if ctx.sim.advance_to(next).is_err() {
            return waiting.iter().map(|(k, _)| k.clone()).collect();
        }
    }
}

/// POST pods/NAME/eviction with no PodDisruptionBudget to consult (pkg/registry/core/pod/storage/
/// eviction.go, addConditionAndDeletePod): the DisruptionTarget condition, then a delete with
/// the eviction's grace period.
fn evict(ctx: &mut Ctx, key: &ObjKey, grace: Option<i64>) -> Result<(), ApiError> {
    let Some(Object::Pod(p)) = ctx.sim.cluster.get(key) else { return Err(ApiError::not_found(Kind::Pod, &key.name)) };
    let mut status = p.status.clone().unwrap_or_default();
    let now = ctx.sim.cluster.now;
    if crate::kubelet::status::set_condition(&mut status, "DisruptionTarget", "True", Some("EvictionByEvictionAPI"), Some("Eviction API: evicting"), now) {
        ctx.sim.cluster.write(Write::UpdateStatus { key: key.clone(), status: status.into() })?;
    }
    ctx.sim.cluster.write(Write::Delete(DeleteRequest { key: key.clone(), grace_seconds: grace, propagation: Propagation::Background }))?;
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    fn options(force: bool) -> Options {
        Options { force, ignore_daemonsets: true, delete_emptydir: false, grace: None, timeout_ms: None, pod_selector: None, disable_eviction: false, skip_wait_secs: 0, dry: DryRun::None }
    }

    /// A DaemonSet pod whose DaemonSet is gone: refused without --force; with it, the orphan's
    /// warning is replaced by the later filters' Okay (only the last status is kept).
    #[test]
    fn orphaned_daemonset_pod_goes_with_force_without_a_warning() {
        let pod: core::Pod = serde_json::from_value(json!({
            "metadata": {"name": "agent-x", "namespace": "default", "ownerReferences": [{"apiVersion": "apps/v1", "kind": "DaemonSet", "name": "agent", "uid": "u", "controller": true}]},
            "spec": {"nodeName": "n", "containers": []}
        }))
        .unwrap();
        let store = crate::store::Store::default();
        let now = SimTime(0);
        assert!(matches!(filter(&store, &options(false), &pod, now), Status::Error(m) if m == "daemonsets.apps \"agent\" not found"));
        assert!(matches!(filter(&store, &options(true), &pod, now), Status::Delete));
    }
}
