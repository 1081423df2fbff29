//! Non-table outputs: `-o name|json|yaml|jsonpath=...`, the YAML emitter (sigs.k8s.io/yaml style),
//! and `--sort-by`.

use crate::api::Object;
use serde_json::{json, Value};

#[derive(Debug, Clone, PartialEq)]
pub enum Format {
    Table { wide: bool },
    Name,
    Json,
    Yaml,
    JsonPath(String),
    /// `jsonpath-as-json=TEMPLATE`.
    JsonPathAsJson(String),
    /// `custom-columns=SPEC` (the spec as given).
    CustomColumns(String),
    /// `custom-columns-file=PATH`.
    CustomColumnsFile(String),
}

impl Format {
    pub fn parse(o: Option<&str>) -> Result<Format, String> {
        Ok(match o {
            None | Some("") => Format::Table { wide: false },
            Some("wide") => Format::Table { wide: true },
            Some("name") => Format::Name,
            Some("json") => Format::Json,
            Some("yaml") => Format::Yaml,
            Some(s) if s.starts_with("jsonpath=") => Format::JsonPath(s["jsonpath=".len()..].to_string()),
            Some(s) if s.starts_with("jsonpath-as-json=") => Format::JsonPathAsJson(s["jsonpath-as-json=".len()..].to_string()),
            Some(s) if s.starts_with("jsonpath-file=") || s.starts_with("go-template") || s.starts_with("template") => {
                let name = s.split('=').next().unwrap_or(s);
                return Err(format!("kubeplay: -o {name} is not simulated yet; -o jsonpath=TEMPLATE and -o custom-columns=SPEC are"));
            }
            Some(s) if s.starts_with("jsonpath") => return Err("error: template format specified but no template given".into()),
            Some(s) if s.starts_with("custom-columns-file=") => Format::CustomColumnsFile(s["custom-columns-file=".len()..].to_string()),
            Some(s) if s.starts_with("custom-columns=") => Format::CustomColumns(s["custom-columns=".len()..].to_string()),
            Some("custom-columns") | Some("custom-columns-file") => return Err("error: custom-columns format specified but no custom columns given".into()),
            Some(other) => {
                return Err(format!(
                    "error: unable to match a printer suitable for the output format \"{other}\", allowed formats are: custom-columns,custom-columns-file,go-template,go-template-file,json,jsonpath,jsonpath-as-json,jsonpath-file,name,template,templatefile,wide,yaml"
                ))
            }
        })
    }
}

/// The object as `-o yaml/json` shows it: its JSON, plus the zero times Go writes as `null`
/// where k8s-openapi leaves an unset field out (a PodCondition's lastProbeTime is a metav1.Time,
/// not a pointer, so omitempty never drops it; the kubelet never sets it).
pub fn object_value(o: &Object) -> Value {
    let mut v = o.to_value();
    if let (Object::Pod(_), Some(conditions)) = (o, v.pointer_mut("/status/conditions").and_then(Value::as_array_mut)) {
        for c in conditions.iter_mut() {
            if let Some(m) = c.as_object().filter(|m| !m.contains_key("lastProbeTime")) {
                // kubectl get prints unstructured maps, keys sorted.
                let mut entries: Vec<(String, Value)> = m.iter().map(|(k, v)| (k.clone(), v.clone())).collect();
                entries.push(("lastProbeTime".into(), Value::Null));
                entries.sort_by(|a, b| a.0.cmp(&b.0));
                *c = Value::Object(entries.into_iter().collect());
            }
        }
    }
    v
}

fn list_value(objects: &[Object]) -> Value {
    json!({"apiVersion": "v1", "items": objects.iter().map(object_value).collect::<Vec<_>>(), "kind": "List", "metadata": {"resourceVersion": ""}})
}

/// Renders objects in a non-table format; `single` means one named object (no List wrapper).
pub fn render(format: &Format, objects: &[Object], single: bool) -> Result<String, String> {
    let value = || if single { object_value(&objects[0]) } else { list_value(objects) };
    Ok(match format {
        Format::Name => objects.iter().map(|o| format!("{}/{}\n", o.kind().resource_singular_group(), o.name())).collect(),
        Format::Json => format!("{}\n", to_json_pretty(&value())),
        Format::Yaml => to_yaml(&value()),
        Format::JsonPath(t) => super::jsonpath::evaluate(t, &value()).map_err(|e| format!("error: error executing jsonpath {}: {e}", crate::api::errors::go_quote(t)))?,
        Format::JsonPathAsJson(t) => super::jsonpath::evaluate_as_json(t, &value()).map_err(|e| format!("error: error executing jsonpath {}: {e}", crate::api::errors::go_quote(t)))?,
        Format::Table { .. } | Format::CustomColumns(_) | Format::CustomColumnsFile(_) => String::new(),
    })
}

/// kubectl's JSON: four-space indentation, keys as the object has them.
pub fn to_json_pretty(v: &Value) -> String {
    let mut buf = Vec::new();
    let fmt = serde_json::ser::PrettyFormatter::with_indent(b"    ");
    let mut ser = serde_json::Serializer::with_formatter(&mut buf, fmt);
    let _ = serde::Serialize::serialize(v, &mut ser);
    String::from_utf8(buf).unwrap_or_default()
}

/// YAML as sigs.k8s.io/yaml (go-yaml v2) writes it: sorted keys, 2-space indent, sequences at
/// the key's indentation, quoting only when needed, literal blocks for multi-line strings.
pub fn to_yaml(v: &Value) -> String {
    let mut out = String::new();
    match v {
        Value::Object(m) if !m.is_empty() => emit_map(v, 0, &mut out),
        Value::Array(a) if !a.is_empty() => emit_seq(v, 0, &mut out),
        other => {
            out.push_str(&scalar(other, 0, 0));
            out.push('\n');
        }
    }
    out
}

fn sorted_entries(v: &Value) -> Vec<(&String, &Value)> {
    let mut e: Vec<(&String, &Value)> = v.as_object().map(|m| m.iter().collect()).unwrap_or_default();
    e.sort_by(|a, b| a.0.cmp(b.0));
    e
}

fn emit_map(v: &Value, indent: usize, out: &mut String) {
    for (k, val) in sorted_entries(v) {
        out.push_str(&" ".repeat(indent));
        let k = key(k);
        out.push_str(&k);
        out.push(':');
        emit_value_after_key(val, indent, indent + k.chars().count() + 2, out);
    }
}

/// `col` is the column the value starts at (after `key: `), for go-yaml's line folding.
fn emit_value_after_key(val: &Value, indent: usize, col: usize, out: &mut String) {
    match val {
        Value::Object(m) if !m.is_empty() => {
            out.push('\n');
            emit_map(val, indent + 2, out);
        }
        Value::Array(a) if !a.is_empty() => {
            out.push('\n');
            emit_seq(val, indent, out);
        }
        other => {
            out.push(' ');
            out.push_str(&scalar(other, indent + 2, col));
            out.push('\n');
        }
    }
}

fn emit_seq(v: &Value, indent: usize, out: &mut String) {
    for item in v.as_array().into_iter().flatten() {
        out.push_str(&" ".repeat(indent));
        out.push('-');
        match item {
            Value::Object(m) if !m.is_empty() => {
                let mut inner = String::new();
                emit_map(item, indent + 2, &mut inner);
                out.push(' ');
                out.push_str(&inner[indent + 2..]);
            }
            Value::Array(a) if !a.is_empty() => {
                out.push('\n');
                emit_seq(item, indent + 2, out);
            }
            other => {
                out.push(' ');
                out.push_str(&scalar(other, indent + 2, indent + 2));
                out.push('\n');
            }
        }
    }
}

fn key(k: &str) -> String {
    if plain_ok(k) && !resolves_to_non_string(k) { k.to_string() } else { quote(k) }
}

/// A scalar that starts at column `col`; continuation lines of a folded one start at `indent`.
fn scalar(v: &Value, indent: usize, col: usize) -> String {
    match v {
        Value::Null => "null".into(),
        Value::Bool(b) => b.to_string(),
        Value::Number(n) => n.to_string(),
        Value::String(s) if s.contains('\n') => literal(s, indent),
        Value::String(s) if resolves_to_non_string(s) => format!("\"{s}\""),
        Value::String(s) if plain_ok(s) => fold(s, col, indent, false),
        Value::String(s) if !s.chars().any(|c| c.is_control()) => fold(&quote(s), col, indent, true),
        Value::String(s) => quote(s),
        Value::Object(_) => "{}".into(),
        Value::Array(_) => "[]".into(),
    }
}

/// go-yaml v2's emitter folds long plain and single-quoted scalars (best_width 80): a single space
/// met past column 80, not followed by another space, becomes a line break and the indentation
/// (inside the quotes, never at their edges).
fn fold(s: &str, col: usize, indent: usize, quoted: bool) -> String {
    const BEST_WIDTH: usize = 80;
    let chars: Vec<char> = s.chars().collect();
    let mut out = String::with_capacity(s.len());
    let mut column = col;
    let mut spaces = false;
    for (i, &c) in chars.iter().enumerate() {
        if c == ' ' {
            let inner = !quoted || (i > 1 && i + 2 < chars.len());
            if !spaces && column > BEST_WIDTH && inner && chars.get(i + 1) != Some(&' ') {
                out.push('\n');
                out.push_str(&" ".repeat(indent));
                column = indent;
            } else {
                out.push(c);
                column += 1;
            }
            spaces = true;
        } else {
            out.push(c);
            column += 1;
            spaces = false;
        }
    }
    out
}

fn literal(s: &str, indent: usize) -> String {
    let chomp = if s.ends_with('\n') { "" } else { "-" };
    let pad = " ".repeat(indent);
    let body: Vec<String> = s.trim_end_matches('\n').split('\n').map(|l| if l.is_empty() { String::new() } else { format!("{pad}{l}") }).collect();
    format!("|{chomp}\n{}", body.join("\n"))
}

/// Strings go-yaml would read back as something else get double quotes.
fn resolves_to_non_string(s: &str) -> bool {
    looks_like_timestamp(s) || !matches!(crate::yaml::resolve_plain(s), Value::String(_))
}

/// YAML 1.1 timestamps (`2025-01-01`, `2025-01-01T00:00:00Z`) are quoted by go-yaml.
fn looks_like_timestamp(s: &str) -> bool {
    let b = s.as_bytes();
    b.len() >= 10 && b[..4].iter().all(u8::is_ascii_digit) && b[4] == b'-' && b[5..7].iter().all(u8::is_ascii_digit) && b[7] == b'-' && b[8..10].iter().all(u8::is_ascii_digit)
        && (b.len() == 10 || matches!(b[10], b'T' | b't' | b' '))
}

fn plain_ok(s: &str) -> bool {
    if s.is_empty() || s.starts_with(' ') || s.ends_with(' ') || s.ends_with(':') {
        return false;
    }
    let first = s.chars().next().unwrap_or(' ');
    if "!&*{}[],#|>'\"%@`".contains(first) {
        return false;
    }
    if (first == '-' || first == '?' || first == ':') && s.chars().nth(1).is_none_or(|c| c == ' ') {
        return false;
    }
    !(s.contains(": ") || s.contains(" #") || s.chars().any(|c| c.is_control()))
}

fn quote(s: &str) -> String {
    if s.chars().any(|c| c.is_control()) {
        return serde_json::to_string(s).unwrap_or_default();
    }
    format!("'{}'", s.replace('\'', "''"))
}

/// `--sort-by` (kubectl/pkg/cmd/get/sorter.go): Go's `sort.Sort`, which is not stable, over
/// isLess of the first value the JSONPath finds in each object; an object without one sorts first.
pub fn sort_by(objects: &mut [Object], expr: &str) -> Result<(), String> {
    let template = if expr.starts_with('{') { expr.to_string() } else { format!("{{{expr}}}") };
    let mut keyed: Vec<(Option<Value>, Object)> = Vec::new();
    for o in objects.iter() {
        let first = super::jsonpath::find_results(&template, &object_value(o)).map_err(|e| format!("error: {e}"))?.into_iter().next();
        keyed.push((first, o.clone()));
    }
    super::gosort::sort(&mut keyed, |a, b| match (&a.0, &b.0) {
        (None, _) => true,
        (_, None) => false,
        (Some(x), Some(y)) => is_less(x, y),
    });
    for (slot, (_, o)) in objects.iter_mut().zip(keyed) {
        *slot = o;
    }
    Ok(())
}

/// isLess on an unstructured object's values: nil first, numbers by value, two strings that both
/// parse as quantities by quantity, other strings in natural order. Values Go cannot order (maps,
/// lists, mixed types) end kubectl with a klog fatal line; here they compare as not less.
fn is_less(i: &Value, j: &Value) -> bool {
    match (i, j) {
        (Value::Null, Value::Null) => false,
        (Value::Null, _) => true,
        (_, Value::Null) => false,
        (Value::Number(x), Value::Number(y)) => match (x.as_i64(), y.as_i64()) {
            (Some(a), Some(b)) => a < b,
            _ => x.as_f64().unwrap_or(0.0) < y.as_f64().unwrap_or(0.0),
        },
        (Value::String(x), Value::String(y)) => match (crate::api::quantity::Qty::parse(x), crate::api::quantity::Qty::parse(y)) {
            (Some(a), Some(b)) => a.cmp_value(b).is_lt(),
            _ => natural_less(x, y),
        },
        _ => false,
    }
}

/// sortorder.NaturalLess (github.com/fvbommel/sortorder): digit runs compare as numbers (fewer
/// leading zeros first on a tie), other bytes bytewise, digits before other characters.
fn natural_less(a: &str, b: &str) -> bool {
    let (x, y) = (a.as_bytes(), b.as_bytes());
    let (mut i, mut j) = (0, 0);
    while i < x.len() && j < y.len() {
        let (dx, dy) = (x[i].is_ascii_digit(), y[j].is_ascii_digit());
        if dx != dy {
            return dx;
        }
        if !dx {
            if x[i] != y[j] {
                return x[i] < y[j];
            }
            i += 1;
            j += 1;
            continue;
        }
        while i < x.len() && x[i] == b'0' {
            i += 1;
        }
        while j < y.len() && y[j] == b'0' {
            j += 1;
        }
        let (nz_x, nz_y) = (i, j);
        while i < x.len() && x[i].is_ascii_digit() {
            i += 1;
        }
        while j < y.len() && y[j].is_ascii_digit() {
            j += 1;
        }
        if i - nz_x != j - nz_y {
            return i - nz_x < j - nz_y;
        }
        if x[nz_x..i] != y[nz_y..j] {
            return x[nz_x..i] < y[nz_y..j];
        }
        if nz_x != nz_y {
            return nz_x < nz_y;
        }
    }
    x.len() < y.len()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn natural_order_as_sortorder_has_it() {
        assert!(natural_less("web-9", "web-10"));
        assert!(!natural_less("web-10", "web-9"));
        assert!(natural_less("a2", "a02"), "fewer leading zeros first");
        assert!(natural_less("1x", "x"), "digits before other characters");
        assert!(natural_less("abc", "abcd"));
        assert!(!natural_less("abc", "abc"));
        assert!(is_less(&json!("500Mi"), &json!("1Gi")), "quantities by value");
        assert!(is_less(&Value::Null, &json!("a")));
    }

    #[test]
    fn yaml_like_kubectl() {
        let v = json!({"kind": "Pod", "apiVersion": "v1", "metadata": {"name": "a", "labels": {"x": "1"}, "annotations": {"k": "{\"a\":1}\n"}},
            "spec": {"containers": [{"name": "c", "args": ["sh", "-c", "*/2 * * * *"]}], "volumes": [], "securityContext": {}}});
        let y = to_yaml(&v);
        assert_eq!(
            y,
            "apiVersion: v1\nkind: Pod\nmetadata:\n  annotations:\n    k: |\n      {\"a\":1}\n  labels:\n    x: \"1\"\n  name: a\nspec:\n  containers:\n  - args:\n    - sh\n    - -c\n    - '*/2 * * * *'\n    name: c\n  securityContext: {}\n  volumes: []\n"
        );
        // The root CA ConfigMap's description, as `kubectl get cm kube-root-ca.crt -o yaml` folds it.
        let v = json!({"metadata": {"annotations": {"kubernetes.io/description": crate::controllers::rootca::DESCRIPTION}}});
        assert_eq!(
            to_yaml(&v),
            "metadata:\n  annotations:\n    kubernetes.io/description: Contains a CA bundle that can be used to verify the\n      kube-apiserver when using internal endpoints such as the internal service IP\n      or kubernetes.default.svc. No other usage is guaranteed across distributions\n      of Kubernetes clusters.\n"
        );
    }
}
