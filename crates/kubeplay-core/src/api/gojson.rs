//! Go's encoding/json wording for a manifest field of the wrong JSON type, as the apiserver reports
//! it: `json: cannot unmarshal number into Go struct field EnvVar.spec.containers.env.value of type
//! string`. serde says where decoding failed (serde_path_to_error) and what it expected; the Go
//! struct around the field is learnt by decoding again with a placeholder in place of an ancestor,
//! which makes k8s-openapi name the struct it expected there. Like Go, list indices and map keys are
//! not part of the field path, and the struct is the nearest struct (not map) around the field.

use super::{Kind, Object};
use serde_json::Value;
use serde_path_to_error::Segment;

/// The `json: cannot unmarshal ...` text for the first type error in `v`, if serde's error is one.
pub fn type_error(kind: Kind, v: &Value) -> Option<String> {
    let (path, msg) = Object::decode_error_at(kind, v)?;
    let segments: Vec<Segment> = path.iter().cloned().collect();
    let (found, expected) = parse_serde(&msg)?;
    let go_type = go_type(kind, v, &segments, expected)?;
    let value = match found {
        Found::Number(literal) if is_go_number(&go_type) => format!("number {literal}"),
        Found::Number(_) => "number".to_string(),
        Found::Other(word) => word.to_string(),
    };
    let (strukt, fields) = enclosing_struct(kind, v, &segments)?;
    Some(format!("json: cannot unmarshal {value} into Go struct field {strukt}.{} of type {go_type}", fields.join(".")))
}

enum Found {
    Number(String),
    Other(&'static str),
}

/// `invalid type: integer `5432`, expected a string` → (number 5432, "a string").
fn parse_serde(msg: &str) -> Option<(Found, &str)> {
    let rest = msg.strip_prefix("invalid type: ").or_else(|| msg.strip_prefix("invalid value: "))?;
    let (found, expected) = rest.split_once(", expected ")?;
    let literal = || found.split('`').nth(1).unwrap_or_default().to_string();
    let found = match found.split(' ').next()? {
        "integer" | "floating" => Found::Number(literal()),
        "boolean" => Found::Other("bool"),
        "string" => Found::Other("string"),
        "map" => Found::Other("object"),
        "sequence" => Found::Other("array"),
        _ => return None,
    };
    Some((found, expected))
}

fn is_go_number(t: &str) -> bool {
    t.starts_with("int") || t.starts_with("uint") || t.starts_with("float")
}

/// The Go type serde's "expected ..." stands for; containers are probed for their element type.
fn go_type(kind: Kind, v: &Value, at: &[Segment], expected: &str) -> Option<String> {
    let scalar = match expected {
        "a string" => "string",
        "a boolean" => "bool",
        "i32" => "int32",
        "i64" => "int64",
        "u32" => "uint32",
        "u64" => "uint64",
        "f64" => "float64",
        _ => "",
    };
    if !scalar.is_empty() {
        return Some(scalar.to_string());
    }
    match expected {
        "a sequence" => Some(format!("[]{}", element_type(kind, v, at, Value::Array(vec![Value::Bool(false)]))?)),
        "a map" => Some(format!("map[string]{}", element_type(kind, v, at, serde_json::json!({ "k": false }))?)),
        name if is_struct_name(name) => Some(format!("v1.{name}")),
        _ => None,
    }
}

/// What one element of the list or map at `at` must be, learnt by putting a `false` there.
fn element_type(kind: Kind, v: &Value, at: &[Segment], probe: Value) -> Option<String> {
    let mut doc = v.clone();
    *pointer_mut(&mut doc, at)? = probe;
    let (_, msg) = Object::decode_error_at(kind, &doc)?;
    let (_, expected) = parse_serde(&msg)?;
    match expected {
        "a string" => Some("string".into()),
        "i32" => Some("int32".into()),
        "i64" => Some("int64".into()),
        name if is_struct_name(name) => Some(format!("v1.{name}")),
        _ => None,
    }
}

/// The nearest struct around the failing field and the JSON names of the struct fields from the
/// root down to it (Go's errorContext: map keys and list indices are left out).
fn enclosing_struct(kind: Kind, v: &Value, segments: &[Segment]) -> Option<(String, Vec<String>)> {
    let mut fields = Vec::new();
    let mut strukt = kind.info().name.to_string();
    for (i, seg) in segments.iter().enumerate() {
        let Segment::Map { key } = seg else { continue };
        // Is the object holding `key` a struct (a field name) or a map (a key, which Go omits)?
        match container_name(kind, v, &segments[..i]) {
            Some(name) => {
                strukt = name;
                fields.push(key.clone());
            }
            None if i == 0 => fields.push(key.clone()),
            None => {}
        }
    }
    (!fields.is_empty()).then_some((strukt, fields))
}

/// The struct k8s-openapi expects at `at`, or None for a map (or the root, which is the kind).
fn container_name(kind: Kind, v: &Value, at: &[Segment]) -> Option<String> {
    if at.is_empty() {
        return Some(kind.info().name.to_string());
    }
    let mut doc = v.clone();
    *pointer_mut(&mut doc, at)? = Value::Bool(false);
    let (_, msg) = Object::decode_error_at(kind, &doc)?;
    let (_, expected) = parse_serde(&msg)?;
    is_struct_name(expected).then(|| expected.to_string())
}

/// k8s-openapi's visitors expect a bare type name (`EnvVar`); serde's own say "a map", "i32", ….
fn is_struct_name(s: &str) -> bool {
    s.chars().next().is_some_and(|c| c.is_ascii_uppercase()) && s.chars().all(|c| c.is_ascii_alphanumeric())
}

fn pointer_mut<'a>(doc: &'a mut Value, at: &[Segment]) -> Option<&'a mut Value> {
    let mut cur = doc;
    for seg in at {
        cur = match seg {
            Segment::Map { key } => cur.get_mut(key.as_str())?,
            Segment::Seq { index } => cur.get_mut(*index)?,
            _ => return None,
        };
    }
    Some(cur)
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    fn pod(container: Value) -> Value {
        json!({"apiVersion": "v1", "kind": "Pod", "metadata": {"name": "p"}, "spec": {"containers": [container]}})
    }

    #[test]
    fn scalars_name_the_enclosing_struct_and_the_json_path() {
        let v = pod(json!({"name": "c", "image": "busybox", "env": [{"name": "PORT", "value": 5432}]}));
        assert_eq!(type_error(Kind::Pod, &v).as_deref(), Some("json: cannot unmarshal number into Go struct field EnvVar.spec.containers.env.value of type string"));
        let v = pod(json!({"name": "c", "image": "busybox", "ports": [{"containerPort": "http"}]}));
        assert_eq!(type_error(Kind::Pod, &v).as_deref(), Some("json: cannot unmarshal string into Go struct field ContainerPort.spec.containers.ports.containerPort of type int32"));
        let v = pod(json!({"name": "c", "image": "busybox", "ports": [{"containerPort": 80.5}]}));
        assert_eq!(type_error(Kind::Pod, &v).as_deref(), Some("json: cannot unmarshal number 80.5 into Go struct field ContainerPort.spec.containers.ports.containerPort of type int32"));
    }

    #[test]
    fn map_keys_are_left_out_and_containers_get_their_element_type() {
        let v = json!({"apiVersion": "v1", "kind": "Pod", "metadata": {"name": "p", "labels": {"app": 5}}, "spec": {"containers": []}});
        assert_eq!(type_error(Kind::Pod, &v).as_deref(), Some("json: cannot unmarshal number into Go struct field ObjectMeta.metadata.labels of type string"));
        let v = json!({"apiVersion": "v1", "kind": "Pod", "metadata": {"name": "p"}, "spec": {"containers": {"name": "c"}}});
        assert_eq!(type_error(Kind::Pod, &v).as_deref(), Some("json: cannot unmarshal object into Go struct field PodSpec.spec.containers of type []v1.Container"));
        let v = pod(json!({"name": "c", "image": "busybox", "command": "sleep 10"}));
        assert_eq!(type_error(Kind::Pod, &v).as_deref(), Some("json: cannot unmarshal string into Go struct field Container.spec.containers.command of type []string"));
    }
}
