//! `why [TYPE/NAME | TYPE NAME] [-n NS]`: the controllers' latest reasons for not acting on an
//! object (waiting for web-1 to be Ready before creating web-2, a claim kept after scale-down), in
//! plain words tied to the rule. Not a kubectl verb: kubectl has nothing like it.

use crate::api::kinds::kind_from_resource;
use crate::api::ObjKey;
use crate::{Simulation, Transcript};

pub const USAGE: &str = "usage: why TYPE/NAME | why TYPE NAME [-n NAMESPACE] | why (every object with a reason)\n";

/// Runs `why` with its arguments.
pub fn run(sim: &Simulation, args: &[String]) -> Transcript {
    let mut t = Transcript::default();
    let (namespace, words) = match split_namespace(args) {
        Ok(x) => x,
        Err(e) => return fail(t, e),
    };
    if words.is_empty() {
        let all = &sim.cluster.explanations;
        if all.is_empty() {
            t.out("nothing is waiting: every controller has done what the objects it watches ask for\n");
        }
        for key in all.keys().filter(|k| namespace.as_deref().is_none_or(|ns| k.namespace == ns)) {
            print(&mut t, key, &sim.cluster.reasons(key));
        }
        return t;
    }
    let key = match target(&words, namespace.as_deref().unwrap_or("default")) {
        Ok(k) => k,
        Err(e) => return fail(t, e),
    };
    if sim.cluster.get(&key).is_none() && !sim.cluster.explanations.contains_key(&key) {
        return fail(t, format!("Error from server (NotFound): {} \"{}\" not found\n", key.kind.resource_plural_group(), key.name));
    }
    let reasons = sim.cluster.reasons(&key);
    if reasons.is_empty() {
        t.out(format!("{}: nothing is held back: the controllers have acted on everything they saw\n", display(&key)));
    }
    print(&mut t, &key, &reasons);
    t
}

fn fail(mut t: Transcript, msg: String) -> Transcript {
    t.err(msg);
    t.status = 1;
    t
}

fn split_namespace(args: &[String]) -> Result<(Option<String>, Vec<String>), String> {
    let mut ns = None;
    let mut words = Vec::new();
    let mut it = args.iter();
    while let Some(a) = it.next() {
        if a == "-n" || a == "--namespace" {
            ns = Some(it.next().ok_or_else(|| "error: flag needs an argument: 'n' in -n\n".to_string())?.clone());
        } else if let Some(v) = a.strip_prefix("--namespace=").or_else(|| a.strip_prefix("-n=")) {
            ns = Some(v.to_string());
        } else if a == "-h" || a == "--help" {
            return Err(USAGE.into());
        } else if a.starts_with('-') {
            return Err(format!("error: unknown flag: {a}\n{USAGE}"));
        } else {
            words.push(a.clone());
        }
    }
    Ok((ns, words))
}

fn target(words: &[String], ns: &str) -> Result<ObjKey, String> {
    let (ty, name) = match words {
        [one] => one.split_once('/').ok_or_else(|| USAGE.to_string())?,
        [ty, name] => (ty.as_str(), name.as_str()),
        _ => return Err(USAGE.into()),
    };
    let kind = kind_from_resource(ty).ok_or_else(|| format!("error: the server doesn't have a resource type \"{ty}\"\n"))?;
    Ok(ObjKey::new(kind, if kind.namespaced() { ns } else { "" }, name))
}

fn display(key: &ObjKey) -> String {
    let ns = if key.namespace.is_empty() || key.namespace == "default" { String::new() } else { format!(" -n {}", key.namespace) };
    format!("{}/{}{ns}", key.kind.info().singular, key.name)
}

fn print(t: &mut Transcript, key: &ObjKey, reasons: &[&str]) {
    for r in reasons {
        t.out(format!("{}: {r}\n", display(key)));
    }
}
