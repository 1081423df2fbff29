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
    flag("wait", None),
    switch("ignore-not-found", None),
    flag("timeout", None),
    switch("all-namespaces", Some('A')),
    flag("output", Some('o')),
];

/// How long `--wait` may sit before kubeplay gives up (simulated time).
const MAX_WAIT_MS: i64 = 3_600_000;

pub fn run(ctx: &mut Ctx) {
    let keys = match keys_to_delete(ctx) {
        Ok(k) => k,
        Err(e) => return ctx.fail(e),
    };
    if keys.is_empty() {
        ctx.out.err(format!("No resources found in {} namespace.\n", ctx.namespace));
        return;
    }
    let propagation = match cascade(ctx) {
        Ok(p) => p,
        Err(e) => return ctx.fail(e),
    };
    let force = ctx.p.on("force");
    let mut grace = match ctx.p.get("grace-period").map(str::parse::<i64>).transpose() {
        Ok(g) => g,
        Err(_) => return ctx.fail("error: invalid argument for --grace-period: must be an integer"),
    };
    if ctx.p.on("now") {
        grace = Some(1);
    }
    if force && grace.is_none_or(|g| g <= 0) {
        grace = Some(0);
        ctx.out.err("Warning: Immediate deletion does not wait for confirmation that the running resource has been terminated. The resource may continue to run on the cluster indefinitely.\n");
    }
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
                let word = if force { "force deleted" } else { "deleted" };
                ctx.out.out(format!("{} {} {word}\n", key.kind.resource_singular_group(), go_quote(&key.name)));
                deleted.push((key, uid));
            }
            Err(e) => {
                ctx.out.err(format!("{}\n", e.render(None)));
                ctx.out.status = 1;
            }
        }
        let _ = ctx.sim.settle();
    }
    if ctx.p.get("wait").is_none_or(|w| w != "false") && !force {
        wait_gone(ctx, &deleted);
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

/// Advances simulated time until every deleted object has left the store. kubectl waits on the
/// uid it deleted: a new object with the same name (a StatefulSet's replacement pod) ends the wait.
fn wait_gone(ctx: &mut Ctx, keys: &[(ObjKey, String)]) {
    let deadline = ctx.sim.cluster.now.plus_ms(MAX_WAIT_MS);
    while keys.iter().any(|(k, uid)| ctx.sim.cluster.get(k).is_some_and(|o| o.uid() == uid)) {
        let next = ctx.sim.cluster.queue.next_time();
        match next {
            Some(t) if t <= deadline => {
                if ctx.sim.advance_to(t).is_err() {
                    break;
                }
            }
            _ => break,
        }
    }
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
        return Err("error: You must provide one or more resources by argument or filename.\nExample resource specifications include:\n   '-f rsrc.yaml'\n   '--filename=rsrc.json'\n   '<resource> <name>'\n   '<resource>'".into());
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
