//! `kubectl replace`'s delete flags and `--force` (kubectl's forceReplace): every object the
//! manifests name is deleted (gracefully unless `--grace-period` says otherwise; one that does not
//! exist is passed over), kubectl polls once a second until each is gone (at most `--timeout`,
//! five minutes by default), then creates them all anew from the manifests.

use super::apply::{self, Mode};
use super::printobj::{self, DryRun};
use super::Ctx;
use crate::api::ObjKey;
use crate::cluster::{DeleteRequest, Propagation, Write};

/// The delete flags `replace` carries (DeleteFlags.ToOptions, then Complete's and Validate's rules).
pub struct Options {
    pub force: bool,
    /// A grace period given with the delete (`None`: the object's own).
    grace: Option<i64>,
    propagation: Propagation,
    /// `--timeout` in milliseconds; 0 when not given.
    timeout_ms: i64,
    /// Wait for each deletion by uid before polling (`--wait`, or `--grace-period=0`).
    wait: bool,
}

/// The flags as pflag reads them, then Complete and Validate, in kubectl's order and words.
pub fn options(ctx: &mut Ctx) -> Result<Options, String> {
    let command = "kubectl replace";
    let force = ctx.p.go_bool("force", false, command)?;
    let wait = ctx.p.go_bool("wait", false, command)?;
    let grace = ctx.p.go_int("grace-period", -1, command)?;
    let timeout_ms = ctx.p.go_duration_ms("timeout", command)?.unwrap_or(0);
    let dry = printobj::dry_run(ctx)?;
    printobj::printer(ctx)?;
    let propagation = super::delete::cascade(ctx)?;
    // --grace-period=0 becomes 1 and a wait, so that nothing is lost by accident.
    let (grace, wait) = if grace == 0 { (1, true) } else { (grace, wait) };
    if ctx.p.all("filename").is_empty() {
        return Err("error: must specify one of -f and -k".into());
    }
    if grace >= 0 && !force {
        return Err("error: --grace-period must have --force specified".into());
    }
    if timeout_ms != 0 && !force {
        return Err("error: --timeout must have --force specified".into());
    }
    if force && dry != DryRun::None {
        return Err("error: --dry-run can not be used when --force is set".into());
    }
    Ok(Options { force, grace: (grace >= 0).then_some(grace), propagation, timeout_ms, wait })
}

/// forceReplace: delete, wait until gone, create.
pub fn run(ctx: &mut Ctx, o: &Options) {
    let (docs, mut errors) = apply::read_docs(ctx);
    let mut deleted = Vec::new();
    for d in &docs {
        match apply::target(ctx, d).and_then(|key| delete_one(ctx, o, &key, &d.source).map(|uid| (key, uid))) {
            Ok((key, Some(uid))) => deleted.push((key, uid)),
            Ok((_, None)) => {}
            Err(e) => errors.push(e),
        }
    }
    if docs.is_empty() && errors.is_empty() {
        ctx.out.out("No resources found\n");
    }
    if !errors.is_empty() {
        return fail_all(ctx, &errors);
    }
    if o.wait {
        let limit = if o.timeout_ms > 0 { o.timeout_ms } else { 168 * 3_600_000 };
        let deadline = ctx.sim.cluster.now.plus_ms(limit);
        let gone = super::wait::advance_until(ctx, deadline, |ctx| deleted.iter().all(|(k, uid)| ctx.sim.cluster.get(k).is_none_or(|x| x.uid() != uid)));
        if !gone {
            let (k, _) = deleted.iter().find(|(k, uid)| ctx.sim.cluster.get(k).is_some_and(|x| x.uid() == uid)).cloned().unwrap_or_else(|| deleted[0].clone());
            return ctx.fail(format!("error: timed out waiting for the condition on {}/{}", k.kind.info().plural, k.name));
        }
    }
    for (key, _) in &deleted {
        if !poll_gone(ctx, key, if o.timeout_ms > 0 { o.timeout_ms } else { 300_000 }) {
            return ctx.fail("error: timed out waiting for the condition");
        }
    }
    let printer = printobj::printer(ctx).unwrap_or(printobj::Printer::Operation);
    let mut made = 0;
    for d in &docs {
        match apply::send(ctx, d, Mode::ForceReplace, DryRun::None) {
            Ok(sent) => {
                made += 1;
                apply::show(ctx, &printer, &sent, DryRun::None, made);
            }
            Err(e) => errors.push(e),
        }
        let _ = ctx.sim.settle();
    }
    if made == 0 && errors.is_empty() {
        errors.push("error: no objects passed to replace".into());
    }
    fail_all(ctx, &errors);
}

/// Deletes one object as DeleteResult does and prints kubectl's line; the uid it had, or `None`
/// when there was nothing to delete (NotFound is ignored: replace creates what is missing).
fn delete_one(ctx: &mut Ctx, o: &Options, key: &ObjKey, source: &str) -> Result<Option<String>, String> {
    let Some(uid) = ctx.sim.cluster.get(key).map(|x| x.uid().to_string()) else { return Ok(None) };
    let req = DeleteRequest { key: key.clone(), grace_seconds: o.grace, propagation: o.propagation };
    let result = ctx.sim.cluster.write(Write::Delete(req));
    let _ = ctx.sim.settle();
    result.map_err(|e| e.render(Some(&format!("error when deleting {}", crate::api::errors::go_quote(source)))))?;
    let res = key.kind.resource_singular_group();
    match ctx.p.get("output") {
        Some("name") => ctx.out.out(format!("{res}/{}\n", key.name)),
        _ => ctx.out.out(format!("{res} \"{}\" deleted\n", key.name)),
    }
    Ok(Some(uid))
}

/// wait.PollImmediate(1s, timeout): true once `key` is not found (by name: an object re-created
/// under the name, by a StatefulSet say, keeps kubectl polling until it gives up).
fn poll_gone(ctx: &mut Ctx, key: &ObjKey, timeout_ms: i64) -> bool {
    let deadline = ctx.sim.cluster.now.plus_ms(timeout_ms);
    loop {
        if ctx.sim.cluster.get(key).is_none() {
            return true;
        }
        let next = ctx.sim.cluster.now.plus_ms(1000);
        if next > deadline || ctx.sim.advance_to(next).is_err() {
            return false;
        }
    }
}

fn fail_all(ctx: &mut Ctx, errors: &[String]) {
    for e in errors {
        ctx.out.err(format!("{e}\n"));
    }
    if !errors.is_empty() {
        ctx.out.status = 1;
    }
}
