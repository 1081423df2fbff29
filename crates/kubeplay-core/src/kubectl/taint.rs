//! `kubectl taint nodes NAME key=value:Effect | key:Effect- | key-` (kubectl/pkg/cmd/taint,
//! taint.go and utils.go): parse and validate the taint arguments, refuse to overwrite a
//! key/effect pair without `--overwrite`, reorganize the node's taints (new ones first, as
//! reorganizeTaints appends the old ones after them) and patch; `tainted`, `untainted` or
//! `modified`.

use super::flags::{flag, switch, FlagSpec};
use super::printobj::{self, DryRun, DRY_RUN};
use super::Ctx;
use crate::api::errors::ApiError;
use crate::api::{Kind, ObjKey, Object};
use crate::cluster::Write;
use crate::selector::Selector;
use k8s_openapi::api::core::v1 as core;

pub const FLAGS: &[FlagSpec] = &[flag("selector", Some('l')), switch("overwrite", None), switch("all", None), flag("output", Some('o')), DRY_RUN, flag("validate", None), flag("field-manager", None)];

const USAGE: &str = "\nSee 'kubectl taint -h' for help and examples";

/// One taint argument as parseTaint reads it (`value` and `effect` may be empty).
#[derive(Debug, Clone, PartialEq)]
struct Spec {
    key: String,
    value: String,
    effect: String,
}

impl Spec {
    /// Taint.ToString.
    fn to_go_string(&self) -> String {
        match (self.effect.is_empty(), self.value.is_empty()) {
            (true, true) => self.key.clone(),
            (true, false) => format!("{}={}:", self.key, self.value),
            (false, true) => format!("{}:{}", self.key, self.effect),
            (false, false) => format!("{}={}:{}", self.key, self.value, self.effect),
        }
    }
}

/// One node's error as RunTaint's visitor returns it.
#[derive(Debug, PartialEq)]
enum NodeError {
    /// From the apiserver (the builder's NotFound, the patch's refusal).
    Api(ApiError),
    /// fmt.Errorf's.
    Msg(String),
    /// reorganizeTaints' aggregate of the taints not found.
    Aggregate(Vec<String>),
}

impl NodeError {
    /// Its Error() text.
    fn text(&self) -> String {
        match self {
            NodeError::Api(e) => e.message(),
            NodeError::Msg(m) => m.clone(),
            NodeError::Aggregate(errs) if errs.len() == 1 => errs[0].clone(),
            NodeError::Aggregate(errs) => format!("[{}]", errs.join(", ")),
        }
    }

    /// What CheckErr prints for it alone (an aggregate of one is unwrapped; of several, one
    /// error a line without a prefix).
    fn check_err(&self) -> String {
        match self {
            NodeError::Api(e) => e.render(None),
            NodeError::Aggregate(errs) if errs.len() > 1 => errs.join("\n"),
            _ => format!("error: {}", self.text()),
        }
    }
}

pub fn run(ctx: &mut Ctx) {
    if let Err(e) = taint(ctx) {
        ctx.fail(e);
    }
}

fn taint(ctx: &mut Ctx) -> Result<(), String> {
    // Complete: resources first, then taint changes.
    let (mut resources, mut changes) = (Vec::new(), Vec::new());
    for a in &ctx.p.args {
        let is_taint = a.contains('=') || a.ends_with('-');
        match (changes.is_empty(), is_taint) {
            (_, true) => changes.push(a.clone()),
            (true, false) => resources.push(a.clone()),
            (false, false) => return Err(format!("error: all resources must be specified before taint changes: {a}")),
        }
    }
    if resources.is_empty() {
        return Err("error: one or more resources must be specified as <resource> <name>".into());
    }
    if changes.is_empty() {
        return Err("error: at least one taint update is required".into());
    }
    let (add, remove) = parse_taints(&changes).map_err(|e| format!("error: {e}{USAGE}"))?;
    let dry = printobj::dry_run(ctx)?;
    let printer = printobj::printer(ctx)?;
    // Validate.
    if !matches!(resources[0].to_lowercase().as_str(), "node" | "nodes") {
        return Err(format!("error: invalid resource type {}, only [\"node\" \"nodes\"] are supported", resources[0]));
    }
    let mut conflicts = Vec::new();
    for a in &add {
        for r in remove.iter().filter(|r| r.key == a.key && (r.effect.is_empty() || r.effect == a.effect)) {
            conflicts.push(format!("{{\"{}\":\"{}\"}}", r.key, r.effect));
        }
    }
    if !conflicts.is_empty() {
        return Err(format!("error: can not both modify and remove the following taint(s) in the same command: {}", conflicts.join(", ")));
    }
    let selector = ctx.p.get("selector").unwrap_or("").to_string();
    let all = ctx.p.on("all");
    if all && !selector.is_empty() {
        return Err("error: setting 'all' parameter with a non empty selector is prohibited".into());
    }
    if !all && selector.is_empty() && resources.len() < 2 {
        return Err("error: at least one resource name must be specified since 'all' parameter is not set".into());
    }
    // RunTaint: the builder's nodes, each patched; errors are collected and the others go on.
    let store = &ctx.sim.cluster.store;
    let mut nodes: Vec<Result<Object, NodeError>> = Vec::new();
    if all || !selector.is_empty() {
        let sel = Selector::parse(&selector).map_err(|e| format!("error: {e}"))?;
        nodes.extend(store.list(Kind::Node, None).filter(|o| sel.matches(o.labels())).map(|o| Ok(o.clone())));
    } else {
        for name in &resources[1..] {
            nodes.push(store.get(&ObjKey::new(Kind::Node, "", name)).cloned().ok_or_else(|| NodeError::Api(ApiError::not_found(Kind::Node, name))));
        }
    }
    let overwrite = ctx.p.on("overwrite");
    let mut errors = Vec::new();
    for n in nodes {
        match n.and_then(|o| update(ctx, &o, &add, &remove, overwrite, dry, &printer)) {
            Ok(()) => {}
            Err(e) => errors.push(e),
        }
    }
    // The ContinueOnError visitor returns one error as it is, several as an aggregate, which
    // CheckErr prints one a line (each as its Error() says it).
    match errors.len() {
        0 => Ok(()),
        1 => Err(errors.remove(0).check_err()),
        _ => Err(errors.iter().map(NodeError::text).collect::<Vec<_>>().join("\n")),
    }
}

/// updateTaints and the patch of one node; prints `node/NAME <operation>`.
fn update(ctx: &mut Ctx, o: &Object, add: &[Spec], remove: &[Spec], overwrite: bool, dry: DryRun, printer: &printobj::Printer) -> Result<(), NodeError> {
    let Object::Node(n) = o else { return Ok(()) };
    let old: Vec<core::Taint> = n.spec.as_ref().and_then(|s| s.taints.clone()).unwrap_or_default();
    if !overwrite {
        let exists: Vec<&str> = add.iter().flat_map(|t| old.iter().filter(move |o| o.key == t.key && o.effect == t.effect).map(move |_| t.key.as_str())).collect();
        if !exists.is_empty() {
            return Err(NodeError::Msg(format!("node {} already has {} taint(s) with same effect(s) and --overwrite is false", o.name(), exists.join(","))));
        }
    }
    let (operation, taints) = reorganize(&old, overwrite, add, remove).map_err(NodeError::Aggregate)?;
    let mut node = n.as_ref().clone();
    node.spec.get_or_insert_with(Default::default).taints = (!taints.is_empty()).then_some(taints);
    let node = Object::Node(Box::new(node));
    let written = match dry {
        DryRun::Client => node,
        DryRun::Server => ctx.sim.cluster.dry_run_update(node).map_err(NodeError::Api)?,
        DryRun::None => {
            let w = ctx.sim.cluster.write(Write::Update(node)).map_err(NodeError::Api)?;
            let _ = ctx.sim.settle();
            w
        }
    };
    printobj::print(ctx, printer, Kind::Node, &written.to_value(), &printobj::operation(operation, dry));
    Ok(())
}

/// reorganizeTaints: the taints to add, then the old ones they do not replace, less the removed
/// ones; `modified` when taints were both added and removed or `--overwrite` is set.
fn reorganize(old: &[core::Taint], overwrite: bool, add: &[Spec], remove: &[Spec]) -> Result<(&'static str, Vec<core::Taint>), Vec<String>> {
    let mut taints: Vec<core::Taint> = add.iter().map(|t| core::Taint { key: t.key.clone(), value: (!t.value.is_empty()).then(|| t.value.clone()), effect: t.effect.clone(), time_added: None }).collect();
    for o in old {
        if !taints.iter().any(|t| t.key == o.key && t.effect == o.effect) {
            taints.push(o.clone());
        }
    }
    let added = old.len() != taints.len();
    let mut errors: Vec<String> = Vec::new();
    let mut deleted = false;
    for r in remove {
        let before = taints.len();
        taints.retain(|t| t.key != r.key || (!r.effect.is_empty() && t.effect != r.effect));
        deleted = taints.len() != before;
        if !deleted {
            errors.push(format!("taint {:?} not found", r.to_go_string()));
        }
    }
    if !errors.is_empty() {
        return Err(errors);
    }
    let op = if (added && deleted) || overwrite {
        "modified"
    } else if added {
        "tainted"
    } else {
        "untainted"
    };
    Ok((op, taints))
}

/// parseTaints: the taints to add (each needs an effect, no key/effect pair twice) and to remove.
fn parse_taints(specs: &[String]) -> Result<(Vec<Spec>, Vec<Spec>), String> {
    let (mut add, mut remove) = (Vec::new(), Vec::new());
    for s in specs {
        if let Some(r) = s.strip_suffix('-') {
            let t = parse_taint(r)?;
            remove.push(Spec { key: t.key, value: String::new(), effect: t.effect });
        } else {
            let t = parse_taint(s)?;
            if t.effect.is_empty() {
                return Err(format!("invalid taint spec: {s}"));
            }
            if add.iter().any(|a: &Spec| a.key == t.key && a.effect == t.effect) {
                return Err(format!("duplicated taints with the same key and effect: {{{} {} {} <nil>}}", t.key, t.value, t.effect));
            }
            add.push(t);
        }
    }
    Ok((add, remove))
}

/// parseTaint: `key=value:effect`, `key:effect` or `key`.
fn parse_taint(st: &str) -> Result<Spec, String> {
    let parts: Vec<&str> = st.split(':').collect();
    let (key, value, effect) = match parts.as_slice() {
        [key] => (key.to_string(), String::new(), String::new()),
        [kv, effect] => {
            if !matches!(*effect, "NoSchedule" | "PreferNoSchedule" | "NoExecute") {
                return Err(format!("invalid taint effect: {effect}, unsupported taint effect"));
            }
            let kv: Vec<&str> = kv.split('=').collect();
            if kv.len() > 2 {
                return Err(format!("invalid taint spec: {st}"));
            }
            let value = kv.get(1).map(|v| v.to_string()).unwrap_or_default();
            let errs = crate::api::names::label_value(&value);
            if !errs.is_empty() {
                return Err(format!("invalid taint spec: {st}, {}", errs.join("; ")));
            }
            (kv[0].to_string(), value, effect.to_string())
        }
        _ => return Err(format!("invalid taint spec: {st}")),
    };
    let errs = crate::api::names::qualified_name(&key);
    if !errs.is_empty() {
        return Err(format!("invalid taint spec: {st}, {}", errs.join("; ")));
    }
    Ok(Spec { key, value, effect })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn taint(key: &str, value: Option<&str>, effect: &str) -> core::Taint {
        core::Taint { key: key.into(), value: value.map(str::to_string), effect: effect.into(), time_added: None }
    }

    #[test]
    fn parses_as_utils_go_does() {
        assert_eq!(parse_taint("a=b:NoSchedule"), Ok(Spec { key: "a".into(), value: "b".into(), effect: "NoSchedule".into() }));
        assert_eq!(parse_taint("a:NoExecute"), Ok(Spec { key: "a".into(), value: String::new(), effect: "NoExecute".into() }));
        assert_eq!(parse_taint("a:Never"), Err("invalid taint effect: Never, unsupported taint effect".into()));
        assert_eq!(parse_taint("a=b=c:NoSchedule"), Err("invalid taint spec: a=b=c:NoSchedule".into()));
        assert_eq!(parse_taint("a:b:c"), Err("invalid taint spec: a:b:c".into()));
        assert_eq!(parse_taints(&["a=b".into()]).map(|_| ()).unwrap_err().split(',').next(), Some("invalid taint spec: a=b"));
        assert_eq!(parse_taints(&["a".into()]).unwrap_err(), "invalid taint spec: a");
        assert_eq!(parse_taints(&["a=1:NoSchedule".into(), "a=2:NoSchedule".into()]).unwrap_err(), "duplicated taints with the same key and effect: {a 2 NoSchedule <nil>}");
        let (add, remove) = parse_taints(&["a=1:NoSchedule".into(), "b-".into(), "c=x:NoExecute-".into()]).unwrap();
        assert_eq!(add.len(), 1);
        assert_eq!(remove.iter().map(Spec::to_go_string).collect::<Vec<_>>(), ["b", "c:NoExecute"]);
    }

    #[test]
    fn reorganizes_new_taints_first() {
        let old = [taint("node-role.kubernetes.io/control-plane", None, "NoSchedule"), taint("a", Some("1"), "NoSchedule")];
        let add = [Spec { key: "a".into(), value: "2".into(), effect: "NoSchedule".into() }];
        let (op, taints) = reorganize(&old, true, &add, &[]).unwrap();
        assert_eq!(op, "modified");
        assert_eq!(taints, [taint("a", Some("2"), "NoSchedule"), taint("node-role.kubernetes.io/control-plane", None, "NoSchedule")]);
        let remove = [Spec { key: "a".into(), value: String::new(), effect: String::new() }];
        assert_eq!(reorganize(&old, false, &[], &remove).unwrap(), ("untainted", vec![old[0].clone()]));
        let missing = [Spec { key: "z".into(), value: String::new(), effect: "NoExecute".into() }];
        assert_eq!(reorganize(&old, false, &[], &missing).unwrap_err(), ["taint \"z:NoExecute\" not found"]);
    }
}
