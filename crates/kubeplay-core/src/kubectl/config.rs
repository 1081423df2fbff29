//! `kubectl config` over kind's kubeconfig: one cluster, user and context, all `kind-kind`.
//! `set-context --current --namespace=NS` changes the namespace every later command defaults to
//! (the simulation keeps it, so a replay gets it back); `current-context`, `get-contexts`,
//! `use-context` and `view` read it as kubectl does.

use super::flags::{flag, switch, FlagSpec};
use super::{subcommand, subcommand_names, Args, Ctx, Subcommand};
use serde_json::json;

/// kind's names for the cluster, the user and the context.
pub const CONTEXT: &str = "kind-kind";
/// The apiserver address in the kubeconfig (kind publishes it on a localhost port; kubeplay's is fixed).
pub const SERVER: &str = "https://127.0.0.1:6443";

pub const FLAGS: &[FlagSpec] = &[];
const SET_CONTEXT_FLAGS: &[FlagSpec] = &[switch("current", None), flag("cluster", None), flag("user", None)];
const GET_CONTEXTS_FLAGS: &[FlagSpec] = &[flag("output", Some('o')), switch("no-headers", None)];
const VIEW_FLAGS: &[FlagSpec] = &[flag("output", Some('o')), switch("minify", None), switch("raw", None), switch("flatten", None)];

pub const SUBCOMMANDS: &[Subcommand] = &[
    Subcommand { name: "current-context", aliases: &[], flags: &[], args: Args::Nothing, run: current_context },
    Subcommand { name: "get-contexts", aliases: &[], flags: GET_CONTEXTS_FLAGS, args: Args::Nothing, run: get_contexts },
    Subcommand { name: "set-context", aliases: &[], flags: SET_CONTEXT_FLAGS, args: Args::Nothing, run: set_context },
    Subcommand { name: "use-context", aliases: &["use"], flags: &[], args: Args::Nothing, run: use_context },
    Subcommand { name: "view", aliases: &[], flags: VIEW_FLAGS, args: Args::Nothing, run: view },
];

pub fn run(ctx: &mut Ctx) {
    let args = ctx.p.args.clone();
    match args.first().map(|a| (a, subcommand(SUBCOMMANDS, a))) {
        Some((_, Some(sub))) => (sub.run)(ctx, &args[1..]),
        Some((other, None)) => ctx.fail(format!("kubeplay: \"kubectl config {other}\" is not simulated yet; supported: {}", subcommand_names(SUBCOMMANDS))),
        None => ctx.fail("error: Required subcommand: kubectl config current-context|get-contexts|set-context|use-context|view"),
    }
}

fn current_context(ctx: &mut Ctx, _args: &[String]) {
    ctx.out.out(format!("{CONTEXT}\n"));
}

fn get_contexts(ctx: &mut Ctx, args: &[String]) {
    if let Some(name) = args.first().filter(|n| *n != CONTEXT) {
        return ctx.fail(format!("error: context {name} not found"));
    }
    match ctx.p.get("output") {
        Some("name") => ctx.out.out(format!("{CONTEXT}\n")),
        Some(o) if !o.is_empty() => ctx.fail(format!("error: output must be one of '' or 'name': {o}")),
        _ => {
            let ns = ctx.sim.context_namespace.clone().unwrap_or_default();
            let mut rows = Vec::new();
            if !ctx.p.on("no-headers") {
                rows.push(["CURRENT", "NAME", "CLUSTER", "AUTHINFO", "NAMESPACE"].map(String::from).to_vec());
            }
            rows.push(vec!["*".into(), CONTEXT.into(), CONTEXT.into(), CONTEXT.into(), ns]);
            ctx.out.out(super::printers::layout(&rows));
        }
    }
}

/// `set-context [NAME | --current] --namespace=NS`: kind's context is the only one kubeplay has.
fn set_context(ctx: &mut Ctx, args: &[String]) {
    let name = match (args.first(), ctx.p.on("current")) {
        (Some(_), true) => return ctx.fail("error: you cannot specify both a context name and --current"),
        (None, true) => CONTEXT.to_string(),
        (Some(n), false) => n.clone(),
        (None, false) => return ctx.fail("error: you must specify a non-empty context name or --current"),
    };
    if name != CONTEXT || ctx.p.has("cluster") || ctx.p.has("user") {
        return ctx.fail(format!("kubeplay: kubeplay's kubeconfig has one context, {CONTEXT}; only its namespace can be set (`kubectl config set-context --current --namespace=NS`)"));
    }
    if let Some(ns) = ctx.p.get("namespace") {
        ctx.sim.context_namespace = (!ns.is_empty()).then(|| ns.to_string());
    }
    ctx.out.out(format!("Context \"{CONTEXT}\" modified.\n"));
}

fn use_context(ctx: &mut Ctx, args: &[String]) {
    match args {
        [name] if name == CONTEXT => ctx.out.out(format!("Switched to context \"{CONTEXT}\".\n")),
        [name] => ctx.fail(format!("error: no context exists with the name: \"{name}\"")),
        _ => ctx.fail(format!("error: Unexpected args: {args:?}\nSee 'kubectl config use-context -h' for help and examples")),
    }
}

/// The kubeconfig with its secrets shown as DATA+OMITTED (REDACTED with --raw is not simulated).
fn view(ctx: &mut Ctx, _args: &[String]) {
    let mut context = json!({"cluster": CONTEXT, "user": CONTEXT});
    if let Some(ns) = &ctx.sim.context_namespace {
        context["namespace"] = json!(ns);
    }
    let config = json!({
        "apiVersion": "v1",
        "clusters": [{"cluster": {"certificate-authority-data": "DATA+OMITTED", "server": SERVER}, "name": CONTEXT}],
        "contexts": [{"context": context, "name": CONTEXT}],
        "current-context": CONTEXT,
        "kind": "Config",
        "preferences": {},
        "users": [{"name": CONTEXT, "user": {"client-certificate-data": "DATA+OMITTED", "client-key-data": "DATA+OMITTED"}}],
    });
    let printer = match ctx.p.get("output") {
        None | Some("") => super::printobj::Printer::Yaml,
        _ => match super::printobj::printer(ctx) {
            Ok(p) => p,
            Err(e) => return ctx.fail(e),
        },
    };
    super::printobj::print(ctx, &printer, crate::api::Kind::ConfigMap, &config, "");
}
