//! `kubectl cordon` and `uncordon` (kubectl/pkg/cmd/drain, RunCordonOrUncordon and
//! drain.CordonHelper): spec.unschedulable set or cleared by a patch, `node/NAME cordoned`,
//! `already cordoned` when nothing changes; `drain` starts the same way.

use super::flags::{flag, FlagSpec};
use super::printobj::{self, DryRun, DRY_RUN};
use super::Ctx;
use crate::api::errors::ApiError;
use crate::api::{Kind, ObjKey, Object};
use crate::cluster::Write;
use crate::selector::Selector;

pub const FLAGS: &[FlagSpec] = &[flag("selector", Some('l')), DRY_RUN];

pub fn cordon(ctx: &mut Ctx) {
    run(ctx, true);
}

pub fn uncordon(ctx: &mut Ctx) {
    run(ctx, false);
}

fn run(ctx: &mut Ctx, desired: bool) {
    let verb = if desired { "cordon" } else { "uncordon" };
    let (nodes, dry) = match nodes(ctx, verb).and_then(|n| Ok((n, printobj::dry_run(ctx)?))) {
        Ok(x) => x,
        Err(e) => return ctx.fail(e),
    };
    set_unschedulable(ctx, &nodes, desired, dry);
}

/// Complete: the nodes named on the line, or those `-l` selects, in the order the builder
/// visits them (names as given; a selector lists by name). A name that does not exist stops
/// the command before anything changes.
pub(crate) fn nodes(ctx: &Ctx, verb: &str) -> Result<Vec<Object>, String> {
    usage(ctx, verb)?;
    let selector = ctx.p.get("selector").filter(|s| !s.is_empty()).map(str::to_string);
    let store = &ctx.sim.cluster.store;
    if let Some(sel) = selector {
        let sel = Selector::parse(&sel).map_err(|e| format!("error: {e}"))?;
        return Ok(store.list(Kind::Node, None).filter(|o| sel.matches(o.labels())).cloned().collect());
    }
    let mut out = Vec::new();
    for a in &ctx.p.args {
        let name = a.strip_prefix("nodes/").or_else(|| a.strip_prefix("node/")).or_else(|| a.strip_prefix("no/")).unwrap_or(a);
        match store.get(&ObjKey::new(Kind::Node, "", name)) {
            Some(o) => out.push(o.clone()),
            None => return Err(ApiError::not_found(Kind::Node, name).render(None)),
        }
    }
    Ok(out)
}

/// Complete's first checks: a node name or `-l`, not both.
pub(crate) fn usage(ctx: &Ctx, verb: &str) -> Result<(), String> {
    let selector = ctx.p.get("selector").filter(|s| !s.is_empty());
    if ctx.p.args.is_empty() && selector.is_none() {
        return Err(format!("error: USAGE: {verb} NODE [flags]\nSee 'kubectl {verb} -h' for help and examples"));
    }
    if !ctx.p.args.is_empty() && selector.is_some() {
        return Err(format!("error: cannot specify both a node name and a --selector option\nSee 'kubectl {verb} -h' for help and examples"));
    }
    Ok(())
}

/// RunCordonOrUncordon over `nodes`: patch spec.unschedulable where it differs (a false value is
/// omitted, so uncordoning removes the field), print `cordoned`/`already cordoned` and the like.
pub(crate) fn set_unschedulable(ctx: &mut Ctx, nodes: &[Object], desired: bool, dry: DryRun) {
    let verb = if desired { "cordon" } else { "uncordon" };
    for o in nodes {
        let Object::Node(n) = o else { continue };
        let current = n.spec.as_ref().and_then(|s| s.unschedulable).unwrap_or(false);
        if current == desired {
            let op = printobj::operation(if desired { "already cordoned" } else { "already uncordoned" }, dry);
            printobj::print(ctx, &printobj::Printer::Operation, Kind::Node, &o.to_value(), &op);
            continue;
        }
        if dry != DryRun::Client {
            let mut node = n.as_ref().clone();
            node.spec.get_or_insert_with(Default::default).unschedulable = desired.then_some(true);
            let node = Object::Node(Box::new(node));
            let result = if dry == DryRun::Server { ctx.sim.cluster.dry_run_update(node).map(drop) } else { ctx.sim.cluster.write(Write::Update(node)).map(drop) };
            if let Err(e) = result {
                ctx.out.err(format!("error: unable to {verb} node {:?}: {}\n", o.name(), e.message()));
                continue;
            }
            let _ = ctx.sim.settle();
        }
        let op = printobj::operation(if desired { "cordoned" } else { "uncordoned" }, dry);
        printobj::print(ctx, &printobj::Printer::Operation, Kind::Node, &o.to_value(), &op);
    }
}
