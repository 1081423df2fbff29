//! `kubectl exec POD|TYPE/NAME [-c C] -- CMD...`: runs a command in the container's filesystem and
//! environment; its sleeps advance the virtual clock as a real terminal would wait.

use super::flags::{flag, switch, FlagSpec};
use super::{podref, Ctx};
use crate::api::{Kind, ObjKey};
use crate::kubelet::exec;
use k8s_openapi::api::core::v1 as core;
use kubeplay_shell::{Process, Step};

pub const FLAGS: &[FlagSpec] = &[flag("container", Some('c')), switch("stdin", Some('i')), switch("tty", Some('t')), switch("quiet", Some('q'))];

/// Bound on the simulated time one exec may take before kubeplay stops it.
const EXEC_LIMIT_MS: i64 = 86_400_000;
/// Bound on process steps, for a command that never sleeps nor ends.
const MAX_STEPS: usize = 100_000;

pub fn run(ctx: &mut Ctx) {
    let Some(cmd) = ctx.p.after_dash.clone().filter(|c| !c.is_empty()) else {
        if ctx.p.args.len() > 1 {
            return ctx.fail("error: exec [POD] [COMMAND] is not supported anymore. Use exec [POD] -- [COMMAND] instead\nSee 'kubectl exec -h' for help and examples");
        }
        return ctx.fail("error: you must specify at least one command for the container");
    };
    let Some(arg) = ctx.p.args.first().cloned() else {
        return ctx.fail("error: pod, type/name or --filename must be specified");
    };
    let pod = match podref::resolve(ctx, &arg, podref::Purpose::Attach) {
        Ok(p) => p,
        Err(e) => return ctx.fail(e),
    };
    if let Some(e) = completed(&pod) {
        return ctx.fail(e);
    }
    let requested = ctx.p.get("container").map(str::to_string);
    let container = match podref::container(ctx, &pod, requested.as_deref()) {
        Ok(c) => c,
        Err(e) => return ctx.fail(e),
    };
    let running = match start(ctx, &pod, &container, cmd) {
        Ok(r) => r,
        Err(e) => return ctx.fail(e),
    };
    let (output, ended) = drive(ctx, running);
    for (stderr, text) in output {
        if stderr { ctx.out.err(text) } else { ctx.out.out(text) }
    }
    report_end(ctx, ended, " (a real terminal would wait until you press Ctrl-C)");
}

/// A command started in a running container.
pub struct Running {
    key: ObjKey,
    init: bool,
    i: usize,
    process: Process,
}

/// How an exec'd command ended.
pub enum Ended {
    Exit(i32),
    /// The container went away under it.
    Gone,
    /// It would not end by itself within kubeplay's bounds.
    Forever,
}

/// ExecOptions.Run's first refusal, before it picks a container: a pod that has completed.
pub fn completed(pod: &core::Pod) -> Option<String> {
    let phase = pod.status.as_ref().and_then(|s| s.phase.clone()).unwrap_or_default();
    (phase == "Succeeded" || phase == "Failed").then(|| format!("error: cannot exec into a container in a completed pod; current phase is {phase}"))
}

/// ExecOptions.Run after the container is chosen (`completed` first): the container must be
/// running and `cmd[0]` must be in it; each refusal is kubectl's error line.
pub fn start(ctx: &mut Ctx, pod: &core::Pod, container: &str, cmd: Vec<String>) -> Result<Running, String> {
    if let Some(e) = completed(pod) {
        return Err(e);
    }
    let name = pod.metadata.name.clone().unwrap_or_default();
    let ns = pod.metadata.namespace.clone().unwrap_or_else(|| ctx.namespace.clone());
    let key = ObjKey::new(Kind::Pod, &ns, &name);
    let located = exec::runtime(&ctx.sim.cluster, &key).and_then(|rt| exec::find_container(rt, container).filter(|(init, i)| if *init { rt.init[*i].running() } else { rt.containers[*i].running() }));
    let Some((init, i)) = located else {
        return Err(format!("error: unable to upgrade connection: container not found (\"{container}\")"));
    };
    let argv0 = cmd.first().cloned().unwrap_or_default();
    if let Some(err) = exec::entrypoint_error(&mut ctx.sim.cluster, &key, init, i, &argv0) {
        let id = format!("{:016x}{:016x}{:016x}{:016x}", ctx.sim.cluster.rng.next_u64(), ctx.sim.cluster.rng.next_u64(), ctx.sim.cluster.rng.next_u64(), ctx.sim.cluster.rng.next_u64());
        return Err(format!("error: Internal error occurred: error executing command in container: failed to exec in container: failed to start exec \"{id}\": OCI runtime exec failed: exec failed: unable to start container process: {err}: unknown"));
    }
    let Some(process) = exec::spawn(&ctx.sim.cluster, &key, init, i, cmd) else {
        return Err(format!("error: unable to upgrade connection: container not found (\"{container}\")"));
    };
    Ok(Running { key, init, i, process })
}

/// Gives a started command its stdin (`kubectl exec -i`, the archive `kubectl cp` sends).
pub fn with_stdin(mut r: Running, stdin: String) -> Running {
    r.process = r.process.with_stdin(stdin);
    r
}

/// Runs a started command to its end; its sleeps advance the virtual clock. Returns its output
/// as (stderr?, text) in order, and how it ended.
pub fn drive(ctx: &mut Ctx, mut r: Running) -> (Vec<(bool, String)>, Ended) {
    let deadline = ctx.sim.cluster.now.plus_ms(EXEC_LIMIT_MS);
    let mut out = Vec::new();
    for _ in 0..MAX_STEPS {
        let step = exec::step(&mut ctx.sim.cluster, &r.key, r.init, r.i, &mut r.process, &mut out);
        match step {
            None => return (out, Ended::Gone),
            Some(Step::Exit(code)) => return (out, Ended::Exit(code)),
            Some(Step::Sleep(ms)) => {
                let target = ctx.sim.cluster.now.plus_ms(ms.min(EXEC_LIMIT_MS as u64) as i64);
                if target > deadline {
                    break;
                }
                let _ = ctx.sim.advance_to(target);
            }
            Some(Step::Block) => break,
        }
    }
    (out, Ended::Forever)
}

/// The end of an exec as CheckErr reports it: a non-zero exit is `command terminated with exit
/// code N` and that status; `forever_hint` follows kubeplay's note on a command that never ends.
pub(super) fn report_end(ctx: &mut Ctx, ended: Ended, forever_hint: &str) {
    match ended {
        Ended::Exit(0) => {}
        Ended::Exit(code) => {
            ctx.out.err(format!("command terminated with exit code {code}\n"));
            ctx.out.status = code;
        }
        Ended::Gone => ctx.fail("error: Internal error occurred: error executing command in container: container is gone"),
        Ended::Forever => ctx.fail(format!("kubeplay: stopped the exec'd command: it would run forever{forever_hint}")),
    }
}
