//! `kubectl delete`: by type and name, `-f`, `-l`, `--all`; graceful by default, `--grace-period`,
//! `--force`, `--cascade`, and `--wait` (the default), which advances the virtual clock until the
//! objects are gone, as a terminal would sit waiting.

use super::flags::{flag, multi, switch, FlagSpec};
use super::resources::targets;
use super::Ctx;
use crate::api::errors::go_quote;
use crate::api::{ObjKey, Object};
use crate::cluster::{DeleteRequest, Propagation, Write};
use crate::selector::Selector;

pub const FLAGS: &[FlagSpec] = &[
    multi("filename", Some('f')),
    flag("selector", Some('l')),
    switch("all", None),
    flag("grace-period", None),
    switch("force", None),
    switch("now", None),
    flag("cascade", None),
    switch("wait", None),
    switch("ignore-not-found", None),
    flag("timeout", None),
    switch("all-namespaces", Some('A')),
    flag("output", Some('o')),
];

/// `--timeout=0` (the default) waits "forever": DeleteResult's week.
const WAIT_FOREVER_MS: i64 = 168 * 3_600_000;

pub fn run(ctx: &mut Ctx) {
    let (grace, wait, timeout_ms) = match options(ctx) {
        Ok(o) => o,
        Err(e) => return ctx.fail(e),
    };
    let keys = match keys_to_delete(ctx) {
        Ok(k) => k,
        Err(e) => return ctx.fail(e),
    };
    keys.iter().for_each(|(k, _)| ctx.requesting(k.kind));
    if keys.is_empty() {
        ctx.out.err(format!("No resources found in {} namespace.\n", ctx.namespace));
        return;
    }
    let propagation = match cascade(ctx) {
        Ok(p) => p,
        Err(e) => return ctx.fail(e),
    };
    let mut deleted = Vec::new();
    for (key, missing) in keys {
        if missing {
            if !ctx.p.on("ignore-not-found") {
                ctx.out.err(format!("{}\n", crate::api::errors::ApiError::not_found(key.kind, &key.name).render(None)));
                ctx.out.status = 1;
            }
            continue;
        }
        let req = DeleteRequest { key: key.clone(), grace_seconds: grace, propagation };
        let uid = ctx.sim.cluster.get(&key).map(|o| o.uid().to_string()).unwrap_or_default();
        match ctx.sim.cluster.write(Write::Delete(req)) {
            Ok(_) => {
                let word = if grace == Some(0) { "force deleted" } else { "deleted" };
                match ctx.p.get("output") {
                    Some("name") => ctx.out.out(format!("{}/{}\n", key.kind.resource_singular_group(), key.name)),
                    _ => ctx.out.out(format!("{} {} {word}\n", key.kind.resource_singular_group(), go_quote(&key.name))),
                }
                deleted.push((key, uid));
            }
            Err(e) => {
                ctx.out.err(format!("{}\n", e.render(None)));
                ctx.out.status = 1;
            }
        }
        let _ = ctx.sim.settle();
    }
    if wait && grace != Some(0) {
        wait_gone(ctx, &deleted, timeout_ms);
    }
}

/// parseCascadingFlag: a strategy, or a deprecated boolean with kubectl's warning.
pub fn cascade(ctx: &mut Ctx) -> Result<Propagation, String> {
    let v = ctx.p.get("cascade").unwrap_or("background").to_string();
    let (propagation, instead) = match v.as_str() {
        "background" => return Ok(Propagation::Background),
        "foreground" => return Ok(Propagation::Foreground),
        "orphan" => return Ok(Propagation::Orphan),
        "1" | "t" | "T" | "TRUE" | "true" | "True" => (Propagation::Background, "background"),
        "0" | "f" | "F" | "FALSE" | "false" | "False" => (Propagation::Orphan, "orphan"),
        other => return Err(format!("error: invalid cascade value ({other}). Must be \"background\", \"foreground\", or \"orphan\"")),
    };
    ctx.out.err(format!("warning: --cascade={v} is deprecated (boolean value) and can be replaced with --cascade={instead}.\n"));
    Ok(propagation)
}

/// Advances simulated time until every deleted object has left the store, as RunWait with
/// IsDeleted does: kubectl waits on the uid it deleted (a new object with the same name, a
/// StatefulSet's replacement pod, ends the wait), one object after another within one timeout.
fn wait_gone(ctx: &mut Ctx, keys: &[(ObjKey, String)], timeout_ms: i64) {
    let deadline = ctx.sim.cluster.now.plus_ms(timeout_ms);
    for (k, uid) in keys {
        if !super::wait::advance_until(ctx, deadline, |c| c.sim.cluster.get(k).is_none_or(|o| o.uid() != uid)) {
            return ctx.fail(format!("error: timed out waiting for the condition on {}/{}", k.kind.info().plural, k.name));
        }
    }
}

/// The flags' values (pflag's errors first), then Complete's and Validate's grace rules: the
/// grace period to send (`None`: the object's own), whether to wait, and for how long.
fn options(ctx: &mut Ctx) -> Result<(Option<i64>, bool, i64), String> {
    let command = "kubectl delete";
    let force = ctx.p.go_bool("force", false, command)?;
    let now = ctx.p.go_bool("now", false, command)?;
    let wait = ctx.p.go_bool("wait", true, command)?;
    let mut grace = ctx.p.go_int("grace-period", -1, command)?;
    let timeout_ms = ctx.p.go_duration_ms("timeout", command)?.filter(|t| *t != 0).unwrap_or(WAIT_FOREVER_MS);
    if now {
        if grace != -1 {
            return Err("error: --now and --grace-period cannot be specified together".into());
        }
        grace = 1;
    }
    // --grace-period=0 without --force becomes 1, so nothing is lost by accident.
    if grace == 0 && !force {
        grace = 1;
    }
    if force && grace < 0 {
        grace = 0;
    }
    if force && grace > 0 {
        return Err("error: --force and --grace-period greater than 0 cannot be specified together".into());
    }
    if force {
        ctx.out.err("Warning: Immediate deletion does not wait for confirmation that the running resource has been terminated. The resource may continue to run on the cluster indefinitely.\n");
    }
    Ok(((grace >= 0).then_some(grace), wait, timeout_ms))
}

/// The objects named on the command line, with a flag for the ones that do not exist.
fn keys_to_delete(ctx: &Ctx) -> Result<Vec<(ObjKey, bool)>, String> {
    let store = &ctx.sim.cluster.store;
    let ns = ctx.namespace.clone();
    let mut out = Vec::new();
    if !ctx.p.all("filename").is_empty() {
        for f in ctx.p.all("filename") {
            let sources = if f == "-" { vec![("STDIN".into(), ctx.stdin.clone().unwrap_or_default())] } else { ctx.sim.files.read_manifests(&f)? };
            for (_, text) in sources {
                for d in crate::yaml::parse_stream(&text) {
                    let v = d.value.map_err(|e| format!("error: error parsing {f}: error converting YAML to JSON: {e}"))?;
                    let kind = crate::api::kinds::kind_from_manifest(v["apiVersion"].as_str().unwrap_or(""), v["kind"].as_str().unwrap_or(""));
                    if let Some(kind) = kind {
                        let name = v.pointer("/metadata/name").and_then(|n| n.as_str()).unwrap_or("");
                        let ns = v.pointer("/metadata/namespace").and_then(|n| n.as_str()).unwrap_or(&ns);
                        let key = ObjKey::new(kind, ns, name);
                        let missing = store.get(&key).is_none();
                        out.push((key, missing));
                    }
                }
            }
        }
        return Ok(out);
    }
    let ts = targets(&ctx.p.args)?;
    if ts.is_empty() {
        return Err(super::resources::MISSING_RESOURCE.into());
    }
    let selector = ctx.p.get("selector").map(Selector::parse).transpose().map_err(|e| format!("error: {e}"))?;
    for t in ts {
        match &t.name {
            Some(name) => {
                let key = ObjKey::new(t.kind, &ns, name);
                let missing = store.get(&key).is_none();
                out.push((key, missing));
            }
            None if selector.is_some() || ctx.p.on("all") => {
                let ns_filter = if ctx.p.on("all-namespaces") { None } else { Some(ns.as_str()) };
                out.extend(
                    store.list(t.kind, ns_filter).filter(|o| selector.as_ref().is_none_or(|s| s.matches(o.labels()))).map(|o: &Object| (o.key(), false)),
                );
            }
            None => return Err("error: resource(s) were provided, but no name was specified".into()),
        }
    }
    Ok(out)
}
