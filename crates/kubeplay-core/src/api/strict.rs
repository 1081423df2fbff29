//! Strict field validation (`kubectl apply --validate=strict`, the default): unknown and duplicate
//! fields are found by decoding into the typed object and comparing what comes back out.

use serde_json::Value;

/// Paths (`spec.replica`, `spec.template.spec.containers[0].imagePullPolicyy`) present in `input`
/// but dropped by the typed round trip `output`. Explicit nulls are not unknown fields.
pub fn unknown_fields(input: &Value, output: &Value) -> Vec<String> {
    let mut found = Vec::new();
    walk(input, output, "", &mut found);
    found
}

fn walk(input: &Value, output: &Value, path: &str, found: &mut Vec<String>) {
    match (input, output) {
        (Value::Object(i), Value::Object(o)) => {
            for (k, v) in i {
                let p = if path.is_empty() { k.clone() } else { format!("{path}.{k}") };
                match o.get(k) {
                    Some(ov) => walk(v, ov, &p, found),
                    None if v.is_null() || is_free_form(path) => {}
                    None => found.push(p),
                }
            }
        }
        (Value::Array(i), Value::Array(o)) => {
            for (n, (iv, ov)) in i.iter().zip(o).enumerate() {
                walk(iv, ov, &format!("{path}[{n}]"), found);
            }
        }
        _ => {}
    }
}

/// Maps whose keys are data, not schema (labels, data, …): their entries always survive the round
/// trip unless they are empty, so nothing under them is "unknown".
fn is_free_form(path: &str) -> bool {
    let last = path.rsplit('.').next().unwrap_or(path);
    matches!(last, "labels" | "annotations" | "data" | "stringData" | "binaryData" | "matchLabels" | "parameters" | "nodeSelector")
}

/// Formats the apiserver's strict decoding message.
pub fn strict_error(kind: &str, version: &str, unknown: &[String]) -> String {
    let list: Vec<String> = unknown.iter().map(|p| format!("unknown field {}", super::errors::go_quote(p))).collect();
    format!("{kind} in version {} cannot be handled as a {kind}: strict decoding error: {}", super::errors::go_quote(version), list.join(", "))
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn finds_unknown_nested_fields_with_indexes() {
        let input = json!({"spec": {"replica": 2, "template": {"spec": {"containers": [{"name": "a", "imagee": "x"}]}}}, "metadata": {"labels": {"a": "b"}, "creationTimestamp": null}});
        let output = json!({"spec": {"template": {"spec": {"containers": [{"name": "a"}]}}}, "metadata": {"labels": {"a": "b"}}});
        assert_eq!(unknown_fields(&input, &output), vec!["spec.replica", "spec.template.spec.containers[0].imagee"]);
        assert_eq!(
            strict_error("StatefulSet", "v1", &["spec.replica".into()]),
            "StatefulSet in version \"v1\" cannot be handled as a StatefulSet: strict decoding error: unknown field \"spec.replica\""
        );
    }
}
