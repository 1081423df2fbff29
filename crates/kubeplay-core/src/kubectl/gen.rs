//! The objects kubectl's generators build (run, create deployment/namespace/configmap/secret,
//! expose), as the JSON Go would marshal them: fields in struct order (what `-o json` shows),
//! `omitempty` fields left out, and the fields Go always writes (`creationTimestamp: null`,
//! `resources: {}`, `status: {}`) kept, so `--dry-run=client -o yaml` reads as kubectl's.

use crate::api::{Kind, Object};
use serde_json::{Map, Value};
use std::collections::BTreeMap;

/// A JSON object in the given field order; `None` fields are omitted (Go's `omitempty`).
pub fn fields(pairs: Vec<(&str, Option<Value>)>) -> Value {
    let mut m = Map::new();
    for (k, v) in pairs {
        if let Some(v) = v {
            m.insert(k.to_string(), v);
        }
    }
    Value::Object(m)
}

/// A string map (Go marshals map keys sorted), or `None` when empty (`omitempty`).
pub fn string_map(m: &BTreeMap<String, String>) -> Option<Value> {
    (!m.is_empty()).then(|| Value::Object(m.iter().map(|(k, v)| (k.clone(), Value::String(v.clone()))).collect()))
}

/// A non-empty string, or `None` (`omitempty`).
pub fn string(s: &str) -> Option<Value> {
    (!s.is_empty()).then(|| Value::String(s.to_string()))
}

/// ObjectMeta in Go's field order: name, namespace, creationTimestamp (always written, null),
/// labels, annotations.
pub fn meta(name: &str, namespace: &str, labels: &BTreeMap<String, String>, annotations: &BTreeMap<String, String>) -> Value {
    fields(vec![
        ("name", string(name)),
        ("namespace", string(namespace)),
        ("creationTimestamp", Some(Value::Null)),
        ("labels", string_map(labels)),
        ("annotations", string_map(annotations)),
    ])
}

/// TypeMeta first, as the typed object marshals: kind, apiVersion, then the rest.
pub fn object(kind: Kind, rest: Vec<(&str, Option<Value>)>) -> Value {
    let mut pairs = vec![("kind", Some(Value::from(kind.info().name))), ("apiVersion", Some(Value::from(kind.api_version())))];
    pairs.extend(rest);
    fields(pairs)
}

/// A generated object as the typed value the apiserver would decode; status is dropped because
/// the apiserver ignores it on create.
pub fn to_object(kind: Kind, v: &Value) -> Result<Object, String> {
    let mut v = v.clone();
    if let Some(m) = v.as_object_mut() {
        m.remove("status");
    }
    Object::from_value(kind, v).map_err(|e| format!("error: {e}"))
}

/// `k=v,k2=v2` (generate.ParseLabels / expose's parseLabels): kubectl's errors for a bad spec.
pub fn parse_labels(spec: &str) -> Result<BTreeMap<String, String>, String> {
    if spec.is_empty() {
        return Err("no label spec passed".into());
    }
    let mut out = BTreeMap::new();
    for part in spec.split(',') {
        let kv: Vec<&str> = part.split('=').collect();
        if kv.len() != 2 {
            return Err(format!("unexpected label spec: {part}"));
        }
        if kv[0].is_empty() {
            return Err("unexpected empty label key".into());
        }
        out.insert(kv[0].to_string(), kv[1].to_string());
    }
    Ok(out)
}

/// cobra's StringSlice: each value of a repeated flag split at commas.
pub fn slice(values: Vec<String>) -> Vec<String> {
    values.iter().flat_map(|v| v.split(',').map(str::to_string).collect::<Vec<_>>()).collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn go_field_order_and_omitempty() {
        let labels = BTreeMap::from([("run".to_string(), "x".to_string())]);
        let m = meta("x", "", &labels, &BTreeMap::new());
        assert_eq!(serde_json::to_string(&m).unwrap(), r#"{"name":"x","creationTimestamp":null,"labels":{"run":"x"}}"#);
        assert_eq!(parse_labels("a=b,c=d").unwrap().len(), 2);
        assert_eq!(parse_labels("a").unwrap_err(), "unexpected label spec: a");
        assert_eq!(parse_labels("=b").unwrap_err(), "unexpected empty label key");
    }
}
