//! `kubectl logs`: a container's log from the kubelet (`-c`, `-p`, `--tail`, `--since`, `--since-time`,
//! `--timestamps`, `-l`,
//! `-f`, `--limit-bytes`, `TYPE/NAME`), with the apiserver's errors for containers that have not started.

use super::flags::{flag, switch, FlagSpec};
use super::{podref, Ctx};
use crate::api::{Kind, Object};
use crate::clock::SimTime;
use crate::kubelet::{exec, runtime::CState};
use crate::selector::Selector;
use k8s_openapi::api::core::v1 as core;

pub const FLAGS: &[FlagSpec] = &[
    flag("container", Some('c')),
    switch("previous", Some('p')),
    flag("tail", None),
    switch("timestamps", None),
    flag("selector", Some('l')),
    switch("follow", Some('f')),
    switch("all-containers", None),
    switch("prefix", None),
    flag("since", None),
    flag("since-time", None),
    flag("max-log-requests", None),
    flag("limit-bytes", None),
];

/// `logs -f` on a container that never ends would block a terminal forever; kubeplay stops following
/// after this much simulated time and says so.
const FOLLOW_LIMIT_MS: i64 = 3_600_000;

/// kubectl's `selectorTail`: lines per container when pods are chosen by label and `--tail` is not given.
const SELECTOR_TAIL: usize = 10;

const USAGE: &str = "error: expected 'logs [-f] [-p] (POD | TYPE/NAME) [-c CONTAINER]'.\nPOD or TYPE/NAME is a required argument for the logs command\nSee 'kubectl logs -h' for help and examples";

pub fn run(ctx: &mut Ctx) {
    // pflag parses --since as it reads the command line, before anything else.
    if let Err(e) = since_seconds(ctx) {
        return ctx.fail(e);
    }
    // LogsOptions.Complete: the argument count and the selector are checked before anything is fetched.
    let selector = ctx.p.get("selector").map(str::to_string);
    match (ctx.p.args.len(), selector) {
        (0, Some(sel)) => return by_selector(ctx, &sel),
        (1, Some(_)) => return ctx.fail("error: only a selector (-l) or a POD name is allowed\nSee 'kubectl logs -h' for help and examples"),
        (0 | 3.., _) => return ctx.fail(USAGE),
        _ => {}
    }
    let Some(arg) = ctx.p.args.first().cloned() else {
        return ctx.fail(USAGE);
    };
    // ToLogOptions reads --since-time in Complete, before the pod is fetched.
    if let Err(e) = since_time_ms(ctx) {
        return ctx.fail(e);
    }
    let requested = ctx.p.get("container").map(str::to_string).or_else(|| ctx.p.args.get(1).cloned());
    let pod = match podref::resolve(ctx, &arg, podref::Purpose::Logs) {
        Ok(p) => p,
        Err(e) => return ctx.fail(e),
    };
    if let Some(e) = invalid_options(ctx, requested.as_deref()) {
        return ctx.fail(e);
    }
    if ctx.p.on("all-containers") {
        // Init containers first, then the app containers, each log whole; the first that cannot
        // be served ends the command with its error.
        let spec = pod.spec.clone().unwrap_or_default();
        let names: Vec<String> = spec.init_containers.iter().flatten().chain(spec.containers.iter()).map(|c| c.name.clone()).collect();
        let prefix = ctx.p.on("prefix");
        for name in names {
            if let Err(e) = print(ctx, &pod, &name, prefix) {
                return ctx.fail(e);
            }
        }
        return;
    }
    let container = match podref::container(ctx, &pod, requested.as_deref()) {
        Ok(c) => c,
        Err(e) => return ctx.fail(e),
    };
    if let Err(e) = print(ctx, &pod, &container, false) {
        ctx.fail(e);
    }
}

fn by_selector(ctx: &mut Ctx, sel: &str) {
    if let Err(e) = since_time_ms(ctx) {
        return ctx.fail(e);
    }
    let selector = match Selector::parse(sel) {
        Ok(s) => s,
        Err(e) => return ctx.fail(e),
    };
    let pods: Vec<core::Pod> = ctx
        .sim
        .cluster
        .store
        .list(Kind::Pod, Some(&ctx.namespace))
        .filter_map(|o| if let Object::Pod(p) = o { Some((**p).clone()) } else { None })
        .filter(|p| selector.matches(&p.metadata.labels.clone().unwrap_or_default()))
        .collect();
    if pods.is_empty() {
        ctx.out.err(format!("No resources found in {} namespace.\n", ctx.namespace));
    }
    if let Some(e) = invalid_options(ctx, ctx.p.get("container")) {
        return ctx.fail(e);
    }
    if pods.is_empty() {
        return;
    }
    // RunLogs: the concurrency limit guards parallel streams, so only a follow of several pods meets it.
    let max: usize = ctx.p.get("max-log-requests").and_then(|m| m.parse().ok()).unwrap_or(5);
    if ctx.p.on("follow") && pods.len() > 1 && pods.len() > max {
        return ctx.fail(format!("error: you are attempting to follow {} log streams, but maximum allowed concurrency is {max}, use --max-log-requests to increase the limit", pods.len()));
    }
    let prefix = ctx.p.on("prefix");
    for pod in pods {
        let container = pod.spec.as_ref().and_then(|s| s.containers.first()).map(|c| c.name.clone()).unwrap_or_default();
        let c = ctx.p.get("container").map(str::to_string).unwrap_or(container);
        // sequentialConsumeRequest: the first stream that fails ends the command.
        if let Err(e) = print(ctx, &pod, &c, prefix) {
            return ctx.fail(e);
        }
    }
}

/// LogsOptions.Validate, run once the pods are found: the option combinations and values kubectl
/// refuses, in its order. `container` is the one asked for, by `-c` or as the second argument.
fn invalid_options(ctx: &Ctx, container: Option<&str>) -> Option<String> {
    let number = |name: &str| ctx.p.get(name).and_then(|v| v.parse::<i64>().ok());
    if ctx.p.get("since-time").is_some_and(|t| !t.is_empty()) && since_seconds(ctx).ok().flatten().is_some_and(|s| s != 0) {
        return Some("error: at most one of `sinceTime` or `sinceSeconds` may be specified".into());
    }
    if let Some(c) = container.filter(|_| ctx.p.on("all-containers")) {
        return Some(format!("error: --all-containers=true should not be specified with container name {c}"));
    }
    if ctx.p.get("container").is_some() && ctx.p.args.len() == 2 {
        return Some("error: only one of -c or an inline [CONTAINER] arg is allowed".into());
    }
    if number("limit-bytes").is_some_and(|b| b < 0) {
        return Some("error: --limit-bytes must be greater than 0".into());
    }
    if since_seconds(ctx).ok().flatten().is_some_and(|s| s < 0) {
        return Some("error: --since must be greater than 0".into());
    }
    if number("tail").is_some_and(|t| t < -1) {
        return Some("error: --tail must be greater than or equal to -1".into());
    }
    None
}

/// `--since`: a Go duration (pflag's DurationVar) rounded to whole seconds, as ToLogOptions sends
/// it; None when not given or zero (no limit).
/// `--since-time`: RFC 3339 as util.ParseRFC3339 reads it, or Go's parse error.
fn since_time_ms(ctx: &Ctx) -> Result<Option<i64>, String> {
    ctx.p.get("since-time").map(|t| crate::timefmt::parse_rfc3339_go(t).map_err(|e| format!("error: {e}"))).transpose()
}

fn since_seconds(ctx: &Ctx) -> Result<Option<i64>, String> {
    let Some(v) = ctx.p.get("since") else { return Ok(None) };
    let ns = kubeplay_cron::go_parse_duration(v).map_err(|e| format!("error: invalid argument \"{v}\" for \"--since\" flag: {e}\nSee 'kubectl logs --help' for usage."))?;
    if ns == 0 {
        return Ok(None);
    }
    // time.Duration.Round(time.Second): halves away from zero.
    let half = if ns < 0 { -500_000_000 } else { 500_000_000 };
    Ok(Some((ns + half) / 1_000_000_000))
}

/// RFC 3339 with nanoseconds, trailing zeros trimmed (Go's RFC3339Nano), as the kubelet stamps lines.
fn rfc3339_nano(ms: i64) -> String {
    let base = crate::timefmt::rfc3339_secs(ms.div_euclid(1000));
    let frac = ms.rem_euclid(1000);
    if frac == 0 {
        return base;
    }
    let f = format!("{:03}", frac);
    format!("{}.{}Z", base.trim_end_matches('Z'), f.trim_end_matches('0'))
}

fn print(ctx: &mut Ctx, pod: &core::Pod, container: &str, prefix: bool) -> Result<(), String> {
    let name = pod.metadata.name.clone().unwrap_or_default();
    let key = crate::api::ObjKey::new(Kind::Pod, &ctx.namespace, &name);
    let previous = ctx.p.on("previous");
    if ctx.p.on("follow") && !previous {
        let deadline = SimTime(ctx.sim.cluster.now.ms() + FOLLOW_LIMIT_MS);
        let cont = container.to_string();
        let k2 = key.clone();
        let done = super::wait::advance_until(ctx, deadline, move |c| {
            exec::runtime(&c.sim.cluster, &k2).and_then(|rt| exec::find_container(rt, &cont).map(|(init, i)| if init { &rt.init[i] } else { &rt.containers[i] })).is_none_or(|k| k.terminated().is_some() || k.restart_count > 0 && !k.running())
        });
        if !done {
            ctx.out.err("kubeplay: stopped following the log after 1h of simulated time (the container is still running)\n");
        }
    }
    let rt = exec::runtime(&ctx.sim.cluster, &key);
    let located = rt.and_then(|rt| exec::find_container(rt, container).map(|(init, i)| (rt, init, i)));
    let Some((rt, init, i)) = located else {
        let reason = if pod.spec.as_ref().is_some_and(|s| s.init_containers.as_ref().is_some_and(|v| !v.is_empty())) { "PodInitializing" } else { "ContainerCreating" };
        return Err(format!("Error from server (BadRequest): container \"{container}\" in pod \"{name}\" is waiting to start: {reason}"));
    };
    let k = if init { &rt.init[i] } else { &rt.containers[i] };
    if previous && k.last.is_none() {
        return Err(format!("Error from server (BadRequest): previous terminated container \"{container}\" in pod \"{name}\" not found"));
    }
    // validateContainerLogStatus: a waiting container with a last termination serves that one's log.
    let waiting_after_exit = matches!(k.state, CState::Waiting { .. }) && k.last.is_some();
    if !previous && !waiting_after_exit && (k.container_id.is_empty() || matches!(k.state, CState::Waiting { .. })) {
        // validateContainerLogStatus words the two image pull failures for people.
        let reason = match &k.state {
            CState::Waiting { reason, .. } if reason == "ErrImagePull" => "image can't be pulled".into(),
            CState::Waiting { reason, .. } if reason == "ImagePullBackOff" => "trying and failing to pull image".into(),
            CState::Waiting { reason, .. } => reason.clone(),
            _ => "ContainerCreating".into(),
        };
        return Err(format!("Error from server (BadRequest): container \"{container}\" in pod \"{name}\" is waiting to start: {reason}"));
    }
    let lines = exec::logs(rt, init, i, previous || waiting_after_exit);
    // ToLogOptions: with a selector and no --tail, the last 10 lines of each container.
    let tail = match ctx.p.get("tail") {
        Some(t) => t.parse::<i64>().ok().filter(|t| *t >= 0).map(|t| t as usize),
        None if ctx.p.get("selector").is_some() => Some(SELECTOR_TAIL),
        None => None,
    };
    let skip = tail.map_or(0, |t| lines.len().saturating_sub(t));
    // The kubelet reads from the tail's starting point, then skips lines stamped before now - since.
    let since_ms = since_seconds(ctx).ok().flatten().map(|s| ctx.sim.cluster.now.ms() - s.saturating_mul(1000)).or(since_time_ms(ctx).ok().flatten());
    let stamps = ctx.p.on("timestamps");
    let mut text = String::new();
    for l in lines[skip..].iter().filter(|l| since_ms.is_none_or(|t| l.at_ms >= t)) {
        if stamps {
            text.push_str(&rfc3339_nano(l.at_ms));
            text.push(' ');
        }
        text.push_str(&l.text);
        if !l.text.ends_with('\n') {
            text.push('\n');
        }
    }
    // --limit-bytes: the kubelet stops the stream after that many bytes (kubectl's prefix is added after).
    if let Some(limit) = ctx.p.get("limit-bytes").and_then(|b| b.parse::<i64>().ok()).filter(|b| *b > 0) {
        let mut cut = (limit as usize).min(text.len());
        while !text.is_char_boundary(cut) {
            cut -= 1;
        }
        text.truncate(cut);
    }
    if prefix {
        text = text.split_inclusive('\n').map(|l| format!("[pod/{name}/{container}] {l}")).collect();
    }
    ctx.out.out(text);
    Ok(())
}
