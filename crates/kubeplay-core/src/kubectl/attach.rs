//! `kubectl run -i/--attach [--rm]` after the pod is created (run.go's attach path, attach.go's
//! Run): wait for it to be Running and Ready (or done) within `--pod-running-timeout`, show its
//! output as the attach (or the logs fallback) would, wait for the exit code for Never/OnFailure
//! pods, delete it with `--rm`, and exit with the container's code. The virtual clock advances as a
//! terminal would sit waiting; the transcript is that of an interactive terminal.

use super::run::RunOptions;
use super::wait::advance_until;
use super::Ctx;
use crate::api::{Kind, ObjKey, Object};
use crate::cluster::{DeleteRequest, Write};
use crate::kubelet::exec;
use k8s_openapi::api::core::v1 as core;

/// How long kubeplay stays attached to a container that does not end (simulated time); a real
/// terminal would wait until Ctrl-C.
const ATTACH_LIMIT_MS: i64 = 3_600_000;

pub fn run(ctx: &mut Ctx, o: &RunOptions) {
    let key = ObjKey::new(Kind::Pod, &ctx.namespace, &o.name);
    let uid = ctx.sim.cluster.get(&key).map(|p| p.uid().to_string()).unwrap_or_default();
    let result = attach_and_wait(ctx, o, &key, &uid);
    // The deferred removal runs before kubectl prints Run's error.
    if o.rm {
        remove(ctx, &key, o.quiet);
    }
    if let Err((msg, code)) = result {
        ctx.out.err(if msg.ends_with('\n') { msg } else { format!("{msg}\n") });
        ctx.out.status = code;
    }
}

/// The pod with `uid`, while it exists.
fn pod<'a>(ctx: &'a Ctx, key: &ObjKey, uid: &str) -> Option<&'a core::Pod> {
    match ctx.sim.cluster.get(key) {
        Some(Object::Pod(p)) if p.metadata.uid.as_deref() == Some(uid) => Some(p),
        _ => None,
    }
}

fn phase(p: &core::Pod) -> &str {
    p.status.as_ref().and_then(|s| s.phase.as_deref()).unwrap_or("")
}

fn ready(p: &core::Pod) -> bool {
    p.status.as_ref().and_then(|s| s.conditions.as_ref()).is_some_and(|cs| cs.iter().any(|c| c.type_ == "Ready" && c.status == "True"))
}

/// A watch error for a pod that went away (errors.NewNotFound(pods, "")).
fn gone() -> (String, i32) {
    ("Error from server (NotFound): pods \"\" not found".into(), 1)
}

fn timed_out() -> (String, i32) {
    ("error: timed out waiting for the condition".into(), 1)
}

fn attach_and_wait(ctx: &mut Ctx, o: &RunOptions, key: &ObjKey, uid: &str) -> Result<(), (String, i32)> {
    // handleAttachPod: podRunningAndReady, or the pod completed already.
    let deadline = ctx.sim.cluster.now.plus_ms(o.timeout_ms);
    let seen = advance_until(ctx, deadline, |c| pod(c, key, uid).is_none_or(|p| matches!(phase(p), "Succeeded" | "Failed") || (phase(p) == "Running" && ready(p))));
    let Some(p) = pod(ctx, key, uid) else { return Err(gone()) };
    if !seen {
        let (msg, code) = timed_out();
        // A shell that wants a keyboard ends at once here: say so, next to kubectl's own words.
        let restarted = container(ctx, key, &o.name).is_some_and(|k| k.restart_count > 0);
        if o.stdin && restarted {
            let hint = format!("kubeplay: the container keeps exiting because kubeplay has no keyboard to attach to its stdin; put the command after --, e.g. kubectl run -it --rm {} --image={} --restart=Never -- nslookup kubernetes", o.name, o.image);
            return Err((format!("{msg}\n{hint}"), code));
        }
        return Err((msg, code));
    }
    let completed = matches!(phase(p), "Succeeded" | "Failed");
    if completed {
        // logOpts: the container's log, as `kubectl logs` would stream it.
        let lines = log_lines(ctx, key, &o.name, 0);
        ctx.out.out(lines);
    } else {
        if !o.quiet {
            ctx.out.err("All commands and output from this session will be recorded in container logs, including credentials and sensitive information passed through the command prompt.\nIf you don't see a command prompt, try pressing enter.\n");
        }
        stream(ctx, o, key);
        if o.stdin && o.tty && !o.quiet {
            ctx.out.out(format!("Session ended, resume using 'kubectl attach {} -c {} -n {} -i -t' command\n", o.name, o.name, key.namespace));
        }
    }
    // waitForExitCode: only Never and OnFailure pods report the container's exit.
    if o.leave_stdin_open || o.restart == "Always" {
        return Ok(());
    }
    let deadline = ctx.sim.cluster.now.plus_ms(o.timeout_ms);
    let on_failure = o.restart == "OnFailure";
    let done = advance_until(ctx, deadline, |c| pod(c, key, uid).is_none_or(|p| phase(p) == "Succeeded" || (!on_failure && phase(p) == "Failed")));
    let Some(p) = pod(ctx, key, uid) else { return Err(gone()) };
    if !done {
        return Err(timed_out());
    }
    match phase(p) {
        "Succeeded" => Ok(()),
        _ => {
            let ns_name = format!("{}/{}", key.namespace, key.name);
            let term = p.status.as_ref().and_then(|s| s.container_statuses.as_ref()).and_then(|cs| cs.first()).and_then(|c| c.state.as_ref()).and_then(|s| s.terminated.as_ref());
            match term.filter(|t| t.exit_code != 0) {
                None => Err((format!("error: pod {ns_name} failed with unknown exit code"), 1)),
                Some(t) => Err((format!("pod {ns_name} terminated ({})\n{}", t.reason.clone().unwrap_or_default(), t.message.clone().unwrap_or_default()), t.exit_code)),
            }
        }
    }
}

/// The attach stream: the running container's output until it ends (or kubeplay's bound).
fn stream(ctx: &mut Ctx, o: &RunOptions, key: &ObjKey) {
    let name = o.name.clone();
    let restarts = container(ctx, key, &name).map_or(0, |k| k.restart_count);
    let deadline = ctx.sim.cluster.now.plus_ms(ATTACH_LIMIT_MS);
    let k2 = key.clone();
    let ended = advance_until(ctx, deadline, |c| container(c, &k2, &name).is_none_or(|k| !k.running() || k.restart_count != restarts));
    // The instance attached to: the current one, or the previous one if it has restarted since.
    let restarted = container(ctx, key, &name).is_some_and(|k| k.restart_count != restarts);
    let text = if restarted { log_lines(ctx, key, &name, 1) } else { log_lines(ctx, key, &name, 0) };
    ctx.out.out(text);
    if !ended {
        ctx.out.err("kubeplay: stopped attaching after 1h of simulated time (the container is still running; a real terminal would wait until you press Ctrl-C)\n");
    }
}

fn container<'a>(ctx: &'a Ctx, key: &ObjKey, name: &str) -> Option<&'a crate::kubelet::runtime::Ctr> {
    let rt = exec::runtime(&ctx.sim.cluster, key)?;
    let (init, i) = exec::find_container(rt, name)?;
    Some(if init { &rt.init[i] } else { &rt.containers[i] })
}

/// The container's log as text: the current instance (`back` 0) or the previous one (1).
fn log_lines(ctx: &Ctx, key: &ObjKey, name: &str, back: usize) -> String {
    let Some(rt) = exec::runtime(&ctx.sim.cluster, key) else { return String::new() };
    let Some((init, i)) = exec::find_container(rt, name) else { return String::new() };
    let mut text = String::new();
    for l in exec::logs(rt, init, i, back > 0) {
        text.push_str(&l.text);
        if !l.text.ends_with('\n') {
            text.push('\n');
        }
    }
    text
}

/// removeCreatedObjects: a delete that ignores NotFound and does not wait.
fn remove(ctx: &mut Ctx, key: &ObjKey, quiet: bool) {
    if ctx.sim.cluster.get(key).is_none() {
        return;
    }
    match ctx.sim.cluster.write(Write::Delete(DeleteRequest::new(key.clone()))) {
        Ok(_) => {
            if !quiet {
                ctx.out.out(format!("pod \"{}\" deleted\n", key.name));
            }
        }
        Err(e) => ctx.fail(e.render(None)),
    }
    let _ = ctx.sim.settle();
}
