//! `kubectl exec POD|TYPE/NAME [-c C] -- CMD...`: runs a command in the container's filesystem and
//! environment; its sleeps advance the virtual clock as a real terminal would wait.

use super::flags::{flag, switch, FlagSpec};
use super::{podref, Ctx};
use crate::api::{Kind, ObjKey};
use crate::kubelet::exec;
use kubeplay_shell::Step;

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
    let pod = match podref::resolve(ctx, &arg) {
        Ok(p) => p,
        Err(e) => return ctx.fail(e),
    };
    let requested = ctx.p.get("container").map(str::to_string);
    let container = match podref::container(ctx, &pod, requested.as_deref()) {
        Ok(c) => c,
        Err(e) => return ctx.fail(e),
    };
    let phase = pod.status.as_ref().and_then(|s| s.phase.clone()).unwrap_or_default();
    if phase == "Succeeded" || phase == "Failed" {
        return ctx.fail(format!("error: cannot exec into a container in a completed pod; current phase is {phase}"));
    }
    let name = pod.metadata.name.clone().unwrap_or_default();
    let key = ObjKey::new(Kind::Pod, &ctx.namespace, &name);
    let located = exec::runtime(&ctx.sim.cluster, &key).and_then(|rt| exec::find_container(rt, &container).filter(|(init, i)| if *init { rt.init[*i].running() } else { rt.containers[*i].running() }));
    let Some((init, i)) = located else {
        return ctx.fail(format!("error: unable to upgrade connection: container not found (\"{container}\")"));
    };
    if let Some(err) = exec::entrypoint_error(&mut ctx.sim.cluster, &key, init, i, &cmd[0]) {
        let id = format!("{:016x}{:016x}{:016x}{:016x}", ctx.sim.cluster.rng.next_u64(), ctx.sim.cluster.rng.next_u64(), ctx.sim.cluster.rng.next_u64(), ctx.sim.cluster.rng.next_u64());
        return ctx.fail(format!("error: Internal error occurred: error executing command in container: failed to exec in container: failed to start exec \"{id}\": OCI runtime exec failed: exec failed: unable to start container process: {err}: unknown"));
    }
    let Some(mut process) = exec::spawn(&ctx.sim.cluster, &key, init, i, cmd) else {
        return ctx.fail(format!("error: unable to upgrade connection: container not found (\"{container}\")"));
    };
    let deadline = ctx.sim.cluster.now.plus_ms(EXEC_LIMIT_MS);
    for _ in 0..MAX_STEPS {
        let mut out = Vec::new();
        let step = exec::step(&mut ctx.sim.cluster, &key, init, i, &mut process, &mut out);
        for (stderr, text) in out {
            if stderr { ctx.out.err(text) } else { ctx.out.out(text) }
        }
        match step {
            None => return ctx.fail("error: Internal error occurred: error executing command in container: container is gone"),
            Some(Step::Exit(0)) => return,
            Some(Step::Exit(code)) => {
                ctx.out.err(format!("command terminated with exit code {code}\n"));
                ctx.out.status = code;
                return;
            }
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
    ctx.fail("kubeplay: stopped the exec'd command: it would run forever (a real terminal would wait until you press Ctrl-C)");
}
