//! The objects a mutating command (`label`, `annotate`, `scale`) works on, chosen as kubectl's
//! resource builder chooses them with `ResourceTypeOrNameArgs(all, args...)`,
//! `LabelSelectorParam` and `ContinueOnError`: names are fetched one by one and a missing one is an
//! error kept for the end, while the others are still worked on.

use super::resources::targets;
use super::Ctx;
use crate::api::errors::ApiError;
use crate::api::{ObjKey, Object};
use crate::selector::Selector;
use std::collections::BTreeMap;

/// What the builder visited: the objects found, in order, and the errors met on the way.
pub struct Selected {
    pub objects: Vec<Object>,
    pub errors: Vec<VisitError>,
}

/// Resolves `args` (TYPE NAME..., TYPE/NAME..., or TYPE with `-l`/`--all`) in the command's
/// namespace, or every namespace with `-A`. An `Err` is a message for the whole command.
pub fn select(ctx: &Ctx, args: &[String]) -> Result<Selected, String> {
    let selector = ctx.p.get("selector").map(Selector::parse).transpose().map_err(|e| format!("error: {e}"))?;
    let all = ctx.p.on("all");
    let namespace = (!ctx.p.on("all-namespaces")).then_some(ctx.namespace.as_str());
    let mut out = Selected { objects: Vec::new(), errors: Vec::new() };
    let ts = targets(args)?;
    if ts.is_empty() {
        return Err(super::resources::MISSING_RESOURCE.into());
    }
    if selector.is_some() && ts.iter().any(|t| t.name.is_some()) {
        return Err("error: name cannot be provided when a selector is specified".into());
    }
    for t in ts {
        match &t.name {
            Some(name) => match ctx.sim.cluster.get(&ObjKey::new(t.kind, &ctx.namespace, name)) {
                Some(o) => out.objects.push(o.clone()),
                None => out.errors.push(VisitError::Api(ApiError::not_found(t.kind, name))),
            },
            None if selector.is_some() || all => {
                let matching = ctx.sim.cluster.store.list(t.kind, namespace).filter(|o| selector.as_ref().is_none_or(|s| s.matches(o.labels())));
                out.objects.extend(matching.cloned());
            }
            None => return Err("error: resource(s) were provided, but no name was specified".into()),
        }
    }
    Ok(out)
}

/// GetResourcesAndPairs: resources first, then pairs (`k=v` not starting with `=`, `k-` but not `-`).
pub fn resources_and_pairs(args: &[String], noun: &str) -> Result<(Vec<String>, Vec<String>), String> {
    let (mut resources, mut pairs) = (Vec::new(), Vec::new());
    for a in args {
        let pair = (a.contains('=') && !a.starts_with('=')) || (a.ends_with('-') && a != "-");
        match (pair, pairs.is_empty()) {
            (true, _) => pairs.push(a.clone()),
            (false, true) => resources.push(a.clone()),
            (false, false) => return Err(format!("error: all resources must be specified before {noun} changes: {a}")),
        }
    }
    Ok((resources, pairs))
}

/// cmdutil.ParsePairs: `KEY=VALUE` words (not starting with `=`), and with `support_remove`
/// `KEY-` words; the pairs (sorted: Go's map has no order) and the keys to remove. The error has
/// no `error: ` prefix, for callers that add their own.
pub fn parse_pairs(specs: &[String], noun: &str, support_remove: bool) -> Result<(BTreeMap<String, String>, Vec<String>), String> {
    let (mut set, mut remove, mut invalid) = (BTreeMap::new(), Vec::new(), Vec::new());
    for spec in specs {
        match spec.split_once('=') {
            Some((k, v)) if !spec.starts_with('=') => {
                set.insert(k.to_string(), v.to_string());
            }
            _ => match spec.strip_suffix('-').filter(|_| support_remove && spec != "-") {
                Some(key) => remove.push(key.to_string()),
                None => invalid.push(spec.as_str()),
            },
        }
    }
    if !invalid.is_empty() {
        return Err(format!("invalid {noun} format: {}", invalid.join(", ")));
    }
    Ok((set, remove))
}

/// An error met while visiting: the apiserver's (printed as `Error from server (Reason): …`) or
/// kubectl's own (a plain Go error).
pub enum VisitError {
    Api(ApiError),
    Plain(String),
}

impl VisitError {
    /// Go's `err.Error()`.
    pub fn message(&self) -> String {
        match self {
            VisitError::Api(e) => e.message(),
            VisitError::Plain(m) => m.clone(),
        }
    }
}

/// How `cmdutil.CheckErr` prints the error a ContinueOnError visit returns: an aggregate of one is
/// unwrapped and printed by StandardErrorMessage (plain errors get `error: `); several are printed
/// one per line by MultipleErrors, plain ones without the prefix.
pub fn render_errors(errors: &[VisitError]) -> String {
    match errors {
        [] => String::new(),
        [VisitError::Api(e)] => format!("{}\n", e.render(None)),
        [VisitError::Plain(m)] => {
            let m = if m.starts_with("error: ") { m.clone() } else { format!("error: {m}") };
            if m.ends_with('\n') { m } else { format!("{m}\n") }
        }
        many => many
            .iter()
            .map(|e| match e {
                VisitError::Api(e) => format!("{}\n", e.render(None)),
                VisitError::Plain(m) => format!("{m}\n"),
            })
            .collect(),
    }
}

/// `utilerrors.Aggregate`'s Error(): one message alone, several as `[a, b]` (duplicates dropped).
pub fn aggregate_message(errors: &[VisitError]) -> String {
    let mut seen: Vec<String> = Vec::new();
    for e in errors {
        let m = e.message();
        if !seen.contains(&m) {
            seen.push(m);
        }
    }
    match seen.as_slice() {
        [one] => one.clone(),
        many => format!("[{}]", many.join(", ")),
    }
}
