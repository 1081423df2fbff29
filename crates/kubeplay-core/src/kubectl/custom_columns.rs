//! `kubectl get -o custom-columns=HEADER:PATH,...` and `-o custom-columns-file=FILE`
//! (pkg/cmd/get/customcolumn.go): headers as given, JSONPath with or without braces and leading
//! dot, every result of a column joined with commas and printed as Go's fmt.Sprint prints
//! unstructured values, `<none>` where a path finds nothing.

use super::printers::layout;
use crate::api::Object;
use serde_json::Value;

/// One column: its header and its JSONPath template (`{.metadata.name}`).
#[derive(Debug, Clone, PartialEq)]
pub struct Column {
    pub header: String,
    pub field: String,
}

/// NewCustomColumnsPrinterFromSpec.
pub fn from_spec(spec: &str) -> Result<Vec<Column>, String> {
    if spec.is_empty() {
        return Err("custom-columns format specified but no custom columns given".into());
    }
    spec.split(',')
        .map(|part| {
            let (header, path) = part.split_once(':').ok_or_else(|| format!("unexpected custom-columns spec: {part}, expected <header>:<json-path-expr>"))?;
            Ok(Column { header: header.to_string(), field: relaxed(path)? })
        })
        .collect()
}

/// NewCustomColumnsPrinterFromTemplate: a line of headers and a line of paths, both split at
/// whitespace.
pub fn from_template(text: &str) -> Result<Vec<Column>, String> {
    let mut lines = text.lines();
    let missing = |what: &str| format!("invalid template, missing {what} line. Expected format is one line of space separated headers, one line of space separated column specs.");
    let headers: Vec<&str> = lines.next().ok_or_else(|| missing("header"))?.split_whitespace().collect();
    let specs: Vec<&str> = lines.next().ok_or_else(|| missing("spec"))?.split_whitespace().collect();
    if headers.len() != specs.len() {
        return Err(format!("number of headers ({}) and field specifications ({}) don't match", headers.len(), specs.len()));
    }
    headers.iter().zip(specs).map(|(h, s)| Ok(Column { header: h.to_string(), field: relaxed(s)? })).collect()
}

/// RelaxedJSONPathExpression: `a.b`, `.a.b`, `{a.b}` and `{.a.b}` all become `{.a.b}`.
fn relaxed(path: &str) -> Result<String, String> {
    if path.is_empty() {
        return Ok(String::new());
    }
    let inner = match path.strip_prefix('{').and_then(|p| p.strip_suffix('}')) {
        Some(i) => i,
        None => path,
    };
    let body = inner.strip_prefix('.').unwrap_or(inner);
    if body.is_empty() || body.contains(['{', '}']) {
        return Err("unexpected path string, expected a 'name1.name2' or '.name1.name2' or '{name1.name2}' or '{.name1.name2}'".into());
    }
    Ok(format!("{{.{body}}}"))
}

/// The table: one header row (unless `no_headers`), one row per object.
pub fn render(columns: &[Column], objects: &[Object], no_headers: bool) -> Result<String, String> {
    let mut rows: Vec<Vec<String>> = Vec::new();
    if !no_headers {
        rows.push(columns.iter().map(|c| c.header.clone()).collect());
    }
    for o in objects {
        let v = o.to_value();
        let mut row = Vec::new();
        for c in columns {
            let found = super::jsonpath::find_results(&c.field, &v).map_err(|e| format!("error: {e}"))?;
            let cell = if found.is_empty() { "<none>".to_string() } else { found.iter().map(|x| escape(&sprint(x))).collect::<Vec<_>>().join(",") };
            row.push(cell);
        }
        rows.push(row);
    }
    Ok(layout(&rows))
}

/// printers.EscapeTerminal.
fn escape(s: &str) -> String {
    s.replace('\x1b', "^[").replace('\r', "\\r")
}

/// Go's fmt.Sprint of a decoded JSON value: maps as `map[k:v ...]` with sorted keys, slices as
/// `[a b]`, null as `<nil>`.
pub fn sprint(v: &Value) -> String {
    match v {
        Value::Null => "<nil>".into(),
        Value::Bool(b) => b.to_string(),
        Value::Number(n) => match (n.as_i64(), n.as_u64(), n.as_f64()) {
            (Some(i), _, _) => i.to_string(),
            (_, Some(u), _) => u.to_string(),
            (_, _, Some(f)) => go_float(f),
            _ => n.to_string(),
        },
        Value::String(s) => s.clone(),
        Value::Array(a) => format!("[{}]", a.iter().map(sprint).collect::<Vec<_>>().join(" ")),
        Value::Object(m) => {
            let mut keys: Vec<&String> = m.keys().collect();
            keys.sort();
            format!("map[{}]", keys.iter().map(|k| format!("{k}:{}", sprint(&m[*k]))).collect::<Vec<_>>().join(" "))
        }
    }
}

/// `%v` of a float64: the shortest representation, exponent form from 1e21 (as %g does).
fn go_float(f: f64) -> String {
    let abs = f.abs();
    if abs != 0.0 && !(1e-4..1e21).contains(&abs) {
        let s = format!("{f:e}");
        // Rust writes `1e21` and `1.5e-5`; Go writes `1e+21` and `1.5e-05`.
        let (mant, exp) = s.split_once('e').unwrap_or((&s, "0"));
        let (sign, digits) = exp.strip_prefix('-').map_or(("+", exp), |d| ("-", d));
        return format!("{mant}e{sign}{digits:0>2}");
    }
    format!("{f}")
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn specs_and_values_like_kubectl() {
        let cols = from_spec("NAME:.metadata.name,IMAGES:spec.containers[*].image,L:{.metadata.labels}").unwrap();
        assert_eq!(cols[1].field, "{.spec.containers[*].image}");
        assert_eq!(cols[2].field, "{.metadata.labels}");
        assert_eq!(from_spec("NAME").unwrap_err(), "unexpected custom-columns spec: NAME, expected <header>:<json-path-expr>");
        assert!(from_spec("A:{.a}{.b}").is_err());
        assert_eq!(sprint(&json!({"b": 1, "a": [true, null, "x"]})), "map[a:[true <nil> x] b:1]");
        assert_eq!(sprint(&json!(0.5)), "0.5");
        assert_eq!(sprint(&json!(1e21)), "1e+21");
        let t = from_template("NAME   IMAGE\n.metadata.name  {.spec.image}\n").unwrap();
        assert_eq!(t.len(), 2);
        assert_eq!(from_template("A B\n.a\n").unwrap_err(), "number of headers (2) and field specifications (1) don't match");
    }
}
