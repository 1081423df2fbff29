//! kubectl's GenericDescriber, for kinds without a describer of their own (Lease): name,
//! namespace, labels and annotations, then every other field of the object as the dynamic client
//! reads it (printUnstructuredContent: keys sorted, labels from smartLabelFor), then the events.

use super::describe_fmt::{self as f, Tab};
use super::Ctx;
use crate::api::Object;
use serde_json::{Map, Value};

/// What printUnstructuredContent leaves out (they are printed above, or not at all).
const SKIP: &[&str] = &[".metadata.managedFields", ".metadata.name", ".metadata.namespace", ".metadata.labels", ".metadata.annotations"];

pub fn describe(ctx: &Ctx, o: &Object) -> String {
    let mut w = Tab::default();
    w.w(0, &format!("Name:\t{}\n", o.name()));
    w.w(0, &format!("Namespace:\t{}\n", o.namespace()));
    f::labels(&mut w, "Labels", o.meta().labels.as_ref());
    f::annotations(&mut w, "Annotations", o.meta().annotations.as_ref());
    // The dynamic client's object: kind and apiVersion included.
    let mut v = o.to_value();
    if let Some(m) = v.as_object_mut() {
        m.insert("apiVersion".into(), Value::String(o.kind().api_version()));
        m.insert("kind".into(), Value::String(o.kind().info().name.into()));
    }
    if let Some(m) = v.as_object() {
        content(&mut w, 0, m, "");
    }
    f::events(&mut w, ctx, o);
    w.finish()
}

/// printUnstructuredContent.
fn content(w: &mut Tab, level: usize, m: &Map<String, Value>, prefix: &str) {
    let mut keys: Vec<&String> = m.keys().collect();
    keys.sort();
    for key in keys {
        let path = format!("{prefix}.{key}");
        if SKIP.contains(&path.as_str()) {
            continue;
        }
        match &m[key] {
            Value::Object(child) => {
                w.w(level, &format!("{}:\n", smart_label(key)));
                content(w, level + 1, child, &path);
            }
            Value::Array(items) => {
                w.w(level, &format!("{}:\n", smart_label(key)));
                for item in items {
                    match item {
                        Value::Object(child) => content(w, level + 1, child, &path),
                        other => w.w(level + 1, &format!("{}\n", go_value(other))),
                    }
                }
            }
            other => w.w(level, &format!("{}:\t{}\n", smart_label(key), go_value(other))),
        }
    }
}

/// `%v` of an unstructured scalar: strings bare, numbers and booleans as Go prints them, null as `<nil>`.
fn go_value(v: &Value) -> String {
    match v {
        Value::String(s) => s.clone(),
        Value::Null => "<nil>".into(),
        other => other.to_string(),
    }
}

/// smartLabelFor: a camelCase field split into Title Case words, common acronyms upper-cased;
/// a field with characters other than letters and `-` is kept as it is.
fn smart_label(field: &str) -> String {
    if field.chars().any(|c| !c.is_alphabetic() && c != '-') {
        return field.to_string();
    }
    const ACRONYMS: &[&str] = &["API", "URL", "UID", "OSB", "GUID"];
    camel_split(field)
        .into_iter()
        .map(|part| {
            let upper = part.to_uppercase();
            if ACRONYMS.contains(&upper.as_str()) {
                upper
            } else {
                let mut c = part.chars();
                c.next().map(|first| first.to_uppercase().chain(c).collect()).unwrap_or_default()
            }
        })
        .collect::<Vec<_>>()
        .join(" ")
}

/// fatih/camelcase.Split for letters and `-`: runs of lower case, upper case and other
/// characters; an upper-case run followed by lower case gives its last letter to the next word
/// (`APIVersion` → `API`, `Version`; `leaseDuration` → `lease`, `Duration`).
fn camel_split(s: &str) -> Vec<String> {
    #[derive(PartialEq, Clone, Copy)]
    enum Class {
        Lower,
        Upper,
        Other,
    }
    let class = |c: char| if c.is_lowercase() { Class::Lower } else if c.is_uppercase() { Class::Upper } else { Class::Other };
    let mut runs: Vec<Vec<char>> = Vec::new();
    let mut last = None;
    for c in s.chars() {
        let k = class(c);
        match runs.last_mut() {
            Some(run) if Some(k) == last => run.push(c),
            _ => runs.push(vec![c]),
        }
        last = Some(k);
    }
    for i in 0..runs.len().saturating_sub(1) {
        let upper_then_lower = runs[i].iter().all(|c| c.is_uppercase()) && runs[i + 1].first().is_some_and(|c| c.is_lowercase());
        if upper_then_lower {
            if let Some(c) = runs[i].pop() {
                runs[i + 1].insert(0, c);
            }
        }
    }
    runs.into_iter().filter(|r| !r.is_empty()).map(|r| r.into_iter().collect()).collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn labels_are_smart() {
        assert_eq!(smart_label("apiVersion"), "API Version");
        assert_eq!(smart_label("leaseDurationSeconds"), "Lease Duration Seconds");
        assert_eq!(smart_label("uid"), "UID");
        assert_eq!(smart_label("ownerReferences"), "Owner References");
        assert_eq!(smart_label("APIVersion"), "API Version");
        assert_eq!(smart_label("kind"), "Kind");
        assert_eq!(smart_label("ca.crt"), "ca.crt");
    }
}
