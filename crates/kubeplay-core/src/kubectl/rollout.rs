//! `kubectl rollout`: the subcommand table, the objects a rollout line names (TYPE NAME, TYPE/NAME,
//! TYPE for all of them, `-l`, `-f`), and `restart`, `pause`, `resume` (pkg/cmd/rollout and the
//! ObjectRestarter/Pauser/Resumer helpers). `status` lives with `wait`, `history` and `undo` in
//! `rollout_history.rs`.

use super::flags::{flag, multi, switch, FlagSpec};
use super::printobj::{self, Printer};
use super::resources::targets;
use super::{subcommand, subcommand_names, Args, Ctx, Subcommand};
use crate::api::{Kind, ObjKey, Object};
use crate::cluster::Write;
use crate::selector::Selector;

/// `rollout` itself takes no flags of its own; each subcommand has its set.
pub const FLAGS: &[FlagSpec] = &[];
const CHANGE_FLAGS: &[FlagSpec] = &[printobj::OUTPUT, multi("filename", Some('f')), switch("recursive", Some('R')), flag("selector", Some('l')), flag("field-manager", None)];

/// The `kubectl rollout` subcommands kubeplay simulates; `rollout` dispatches through this table.
pub const SUBCOMMANDS: &[Subcommand] = &[
    Subcommand { name: "history", aliases: &[], flags: super::rollout_history::HISTORY_FLAGS, args: Args::Resources, run: super::rollout_history::history },
    Subcommand { name: "pause", aliases: &[], flags: CHANGE_FLAGS, args: Args::Resources, run: pause },
    Subcommand { name: "restart", aliases: &[], flags: CHANGE_FLAGS, args: Args::Resources, run: restart },
    Subcommand { name: "resume", aliases: &[], flags: CHANGE_FLAGS, args: Args::Resources, run: resume },
    Subcommand { name: "status", aliases: &[], flags: super::wait::ROLLOUT_STATUS_FLAGS, args: Args::Resources, run: super::wait::rollout_status },
    Subcommand { name: "undo", aliases: &[], flags: super::rollout_history::UNDO_FLAGS, args: Args::Resources, run: super::rollout_history::undo },
];

pub fn run(ctx: &mut Ctx) {
    let args = ctx.p.args.clone();
    match args.first().map(|a| (a, subcommand(SUBCOMMANDS, a))) {
        Some((_, Some(sub))) => (sub.run)(ctx, &args[1..]),
        Some((other, None)) => ctx.fail(format!("kubeplay: \"kubectl rollout {other}\" is not simulated yet; supported: {}", subcommand_names(SUBCOMMANDS))),
        None => ctx.fail("error: Required subcommand: kubectl rollout status|history|pause|restart|resume|undo"),
    }
}

/// The objects the builder visits (`ResourceTypeOrNameArgs(true, ...)`, `-l`, `-f`), plus the
/// NotFound errors it collects on the way; the error alone when nothing is named.
pub fn objects(ctx: &Ctx, args: &[String]) -> Result<(Vec<Object>, Vec<String>), String> {
    let ns = ctx.namespace.clone();
    let files = ctx.p.all("filename");
    if args.is_empty() && files.is_empty() {
        return Err("error: required resource not specified".into());
    }
    let mut found = Vec::new();
    let mut errors = Vec::new();
    for f in &files {
        let texts = if f == "-" { vec![("STDIN".to_string(), ctx.stdin.clone().unwrap_or_default())] } else { ctx.sim.files.read_manifests(f)? };
        for (_, text) in texts {
            for d in crate::yaml::parse_stream(&text).into_iter().take(super::apply::MAX_DOCUMENTS) {
                let Ok(v) = d.value else { continue };
                let kind = crate::api::kinds::kind_from_manifest(v["apiVersion"].as_str().unwrap_or(""), v["kind"].as_str().unwrap_or(""));
                let (Some(kind), Some(name)) = (kind, v.pointer("/metadata/name").and_then(|n| n.as_str())) else { continue };
                let obj_ns = v.pointer("/metadata/namespace").and_then(|n| n.as_str()).unwrap_or(&ns);
                match ctx.sim.cluster.get(&ObjKey::new(kind, obj_ns, name)) {
                    Some(o) => found.push(o.clone()),
                    None => errors.push(crate::api::errors::ApiError::not_found(kind, name).render(None)),
                }
            }
        }
    }
    let selector = ctx.p.get("selector").map(Selector::parse).transpose().map_err(|e| format!("error: {e}"))?;
    for t in targets(args)? {
        match t.name {
            Some(name) => match ctx.sim.cluster.get(&ObjKey::new(t.kind, &ns, &name)) {
                Some(o) => found.push(o.clone()),
                None => errors.push(crate::api::errors::ApiError::not_found(t.kind, &name).render(None)),
            },
            None => found.extend(ctx.sim.cluster.store.list(t.kind, Some(&ns)).filter(|o| selector.as_ref().is_none_or(|s| s.matches(o.labels()))).cloned()),
        }
    }
    Ok((found, errors))
}

/// `deployments.apps "web"` as the change commands name an object in their errors.
fn res_name(o: &Object) -> String {
    format!("{} {}", o.kind().resource_plural_group(), crate::api::errors::go_quote(o.name()))
}

/// What a change does to one object: the changed object, or the helper's error.
type Change = fn(&Ctx, &Object) -> Result<Object, String>;

/// The shared loop of restart/pause/resume (CalculatePatches, then a patch per object).
fn change(ctx: &mut Ctx, args: &[String], f: Change, done: &str, unchanged: Option<&str>) {
    let printer = match printobj::printer(ctx) {
        Ok(p) => p,
        Err(e) => return ctx.fail(e),
    };
    let (objs, mut errors) = match objects(ctx, args) {
        Ok(x) => x,
        Err(e) => return ctx.fail(e),
    };
    for o in objs {
        let changed = match f(ctx, &o) {
            Ok(c) => c,
            Err(e) => {
                errors.push(format!("error: {} {e}", res_name(&o)));
                continue;
            }
        };
        if changed == o {
            if let Some(word) = unchanged {
                print(ctx, &printer, &o, word);
                continue;
            }
            // RunRestart goes on to send the empty patch after noting it.
            errors.push(format!("error: failed to create patch for {}: empty patch", o.name()));
        }
        match ctx.sim.cluster.write(Write::Update(changed)) {
            Ok(stored) => {
                ctx.warn(Some(&o), &stored);
                print(ctx, &printer, &stored, done)
            }
            Err(e) => errors.push(format!("error: failed to patch: {}", super::send::status_message(&e))),
        }
        let _ = ctx.sim.settle();
    }
    for e in errors {
        ctx.fail(e);
    }
}

fn print(ctx: &mut Ctx, printer: &Printer, o: &Object, op: &str) {
    printobj::print(ctx, printer, o.kind(), &o.to_value(), op);
}

pub fn restart(ctx: &mut Ctx, args: &[String]) {
    change(ctx, args, restarted, "restarted", None);
}

pub fn pause(ctx: &mut Ctx, args: &[String]) {
    change(ctx, args, paused, "paused", Some("already paused"));
}

pub fn resume(ctx: &mut Ctx, args: &[String]) {
    change(ctx, args, resumed, "resumed", Some("already resumed"));
}

/// ObjectRestarter: `kubectl.kubernetes.io/restartedAt` on the pod template, the time to the second
/// (RFC 3339, UTC as the simulated clock is).
fn restarted(ctx: &Ctx, o: &Object) -> Result<Object, String> {
    let now = crate::timefmt::rfc3339_secs(ctx.sim.cluster.now.secs());
    let mut o = o.clone();
    let template = match &mut o {
        Object::Deployment(d) => {
            let spec = d.spec.get_or_insert_with(Default::default);
            if spec.paused == Some(true) {
                return Err("can't restart paused deployment (run rollout resume first)".into());
            }
            &mut spec.template
        }
        Object::StatefulSet(s) => &mut s.spec.get_or_insert_with(Default::default).template,
        Object::DaemonSet(d) => &mut d.spec.get_or_insert_with(Default::default).template,
        _ => return Err("restarting is not supported".into()),
    };
    let meta = template.metadata.get_or_insert_with(Default::default);
    meta.annotations.get_or_insert_with(Default::default).insert("kubectl.kubernetes.io/restartedAt".into(), now);
    Ok(o)
}

/// ObjectPauser: Deployments only.
fn paused(_: &Ctx, o: &Object) -> Result<Object, String> {
    let mut o = o.clone();
    let Object::Deployment(d) = &mut o else { return Err("pausing is not supported".into()) };
    let spec = d.spec.get_or_insert_with(Default::default);
    if spec.paused == Some(true) {
        return Err("is already paused".into());
    }
    spec.paused = Some(true);
    Ok(o)
}

/// ObjectResumer: Deployments only.
fn resumed(_: &Ctx, o: &Object) -> Result<Object, String> {
    let mut o = o.clone();
    let Object::Deployment(d) = &mut o else { return Err("resuming is not supported".into()) };
    let spec = d.spec.get_or_insert_with(Default::default);
    if spec.paused != Some(true) {
        return Err("is not paused".into());
    }
    spec.paused = None;
    Ok(o)
}

/// The kinds rollout subcommands talk about, for their "no ... has been implemented" errors.
pub fn group_kind(kind: Kind) -> String {
    let g = kind.info().group;
    if g.is_empty() { kind.info().name.to_string() } else { format!("{}.{g}", kind.info().name) }
}
