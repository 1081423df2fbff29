//! kubectl's JSONPath template dialect (k8s.io/client-go/util/jsonpath): text with `{.path}`
//! expressions, `{range ...}{end}`, `[*]`, `[n]`, `[a:b]`, `..`, `[?(@.x=="y")]`, string literals.

use serde_json::Value;

#[derive(Debug, Clone, PartialEq)]
enum Node {
    Text(String),
    Path(Vec<Step>),
    Range(Vec<Step>, Vec<Node>),
}

#[derive(Debug, Clone, PartialEq)]
enum Step {
    Field(String),
    Wildcard,
    Index(i64),
    Slice(Option<i64>, Option<i64>),
    Recursive,
    Filter(Vec<Step>, Option<(String, Value)>),
}

/// Bound on template output, so `{range}` over a huge list stays small.
const MAX_OUTPUT: usize = 1 << 20;

/// Evaluates a template against `root`.
pub fn evaluate(template: &str, root: &Value) -> Result<String, String> {
    let nodes = parse(template)?;
    let mut out = String::new();
    run(&nodes, root, &mut out)?;
    Ok(out)
}

/// `-o jsonpath-as-json`: each top-level node's results as one JSON array, indented four spaces
/// and ended by a newline (JSONPath with EnableJSONOutput: a text node is an array of its text; a
/// `{range}` is not walked here, its results printed as nothing).
pub fn evaluate_as_json(template: &str, root: &Value) -> Result<String, String> {
    let mut out = String::new();
    for n in parse(template)? {
        let values: Vec<Value> = match n {
            Node::Text(t) => vec![Value::String(t)],
            Node::Path(steps) => match select(&steps, root) {
                Ok(vals) => vals.into_iter().cloned().collect(),
                Err(e) if e.starts_with("array index out of bounds") => Vec::new(),
                Err(e) => return Err(e),
            },
            Node::Range(..) => Vec::new(),
        };
        out.push_str(&super::output::to_json_pretty(&Value::Array(values)));
        out.push('\n');
        if out.len() > MAX_OUTPUT {
            return Err("kubeplay: jsonpath output exceeds 1 MiB".into());
        }
    }
    Ok(out)
}

/// FindResults with AllowMissingKeys, for custom columns: the values the template's expressions
/// select (text outside `{}` is ignored); a missing key or an index out of range selects nothing.
pub fn find_results(template: &str, root: &Value) -> Result<Vec<Value>, String> {
    let mut out = Vec::new();
    for n in parse(template)? {
        if let Node::Path(steps) | Node::Range(steps, _) = n {
            match select(&steps, root) {
                Ok(vals) => out.extend(vals.into_iter().cloned()),
                Err(e) if e.starts_with("array index out of bounds") => {}
                Err(e) => return Err(e),
            }
        }
    }
    Ok(out)
}

fn parse(t: &str) -> Result<Vec<Node>, String> {
    let mut stack: Vec<(Vec<Step>, Vec<Node>)> = vec![(Vec::new(), Vec::new())];
    let mut rest = t;
    while !rest.is_empty() {
        match rest.find('{') {
            None => {
                push(&mut stack, Node::Text(rest.to_string()));
                break;
            }
            Some(i) => {
                if i > 0 {
                    push(&mut stack, Node::Text(rest[..i].to_string()));
                }
                let end = find_close(&rest[i..]).ok_or_else(|| "unclosed action".to_string())?;
                let inner = rest[i + 1..i + end].trim();
                rest = &rest[i + end + 1..];
                if let Some(p) = inner.strip_prefix("range ") {
                    stack.push((parse_path(p.trim())?, Vec::new()));
                } else if inner == "end" {
                    if stack.len() < 2 {
                        return Err("not in range, nothing to end".into());
                    }
                    let (path, body) = stack.pop().unwrap_or_default();
                    push(&mut stack, Node::Range(path, body));
                } else if inner.starts_with('"') {
                    push(&mut stack, Node::Text(unquote(inner)?));
                } else {
                    push(&mut stack, Node::Path(parse_path(inner)?));
                }
            }
        }
    }
    if stack.len() != 1 {
        return Err("unclosed range".into());
    }
    Ok(stack.pop().map(|s| s.1).unwrap_or_default())
}

fn push(stack: &mut [(Vec<Step>, Vec<Node>)], n: Node) {
    if let Some(top) = stack.last_mut() {
        top.1.push(n);
    }
}

fn find_close(s: &str) -> Option<usize> {
    let mut in_str = false;
    let mut prev = ' ';
    for (i, c) in s.char_indices() {
        match c {
            '"' if prev != '\\' => in_str = !in_str,
            '}' if !in_str => return Some(i),
            _ => {}
        }
        prev = c;
    }
    None
}

fn unquote(s: &str) -> Result<String, String> {
    let body = s.strip_prefix('"').and_then(|s| s.strip_suffix('"')).ok_or("unterminated string")?;
    Ok(body.replace("\\n", "\n").replace("\\t", "\t").replace("\\\"", "\"").replace("\\\\", "\\"))
}

fn parse_path(p: &str) -> Result<Vec<Step>, String> {
    let p = p.strip_prefix('$').unwrap_or(p);
    let p = p.strip_prefix('@').unwrap_or(p);
    let chars: Vec<char> = p.chars().collect();
    let mut steps = Vec::new();
    let mut i = 0;
    while i < chars.len() {
        match chars[i] {
            '.' if chars.get(i + 1) == Some(&'.') => {
                steps.push(Step::Recursive);
                i += 2;
            }
            '.' => i += 1,
            '[' => {
                let close = chars[i..].iter().position(|&c| c == ']').ok_or("unterminated array")? + i;
                let inner: String = chars[i + 1..close].iter().collect();
                steps.push(bracket(&inner)?);
                i = close + 1;
            }
            '*' => {
                steps.push(Step::Wildcard);
                i += 1;
            }
            _ => {
                // A field name runs to the next unescaped `.` or `[`; `\.` is a literal dot
                // (`{.metadata.labels.apps\.kubernetes\.io/pod-index}`).
                let mut field = String::new();
                while i < chars.len() && chars[i] != '.' && chars[i] != '[' {
                    if chars[i] == '\\' && chars.get(i + 1) == Some(&'.') {
                        i += 1;
                    }
                    field.push(chars[i]);
                    i += 1;
                }
                steps.push(Step::Field(field));
            }
        }
    }
    Ok(steps)
}

fn bracket(inner: &str) -> Result<Step, String> {
    let inner = inner.trim();
    if inner == "*" {
        return Ok(Step::Wildcard);
    }
    if let Some(f) = inner.strip_prefix("?(").and_then(|f| f.strip_suffix(')')) {
        for op in ["==", "!="] {
            if let Some((l, r)) = f.split_once(op) {
                let r = r.trim();
                let v = if r.starts_with('"') || r.starts_with('\'') { Value::String(r[1..r.len() - 1].to_string()) } else { serde_json::from_str(r).unwrap_or(Value::String(r.into())) };
                return Ok(Step::Filter(parse_path(l.trim())?, Some((op.to_string(), v))));
            }
        }
        return Ok(Step::Filter(parse_path(f.trim())?, None));
    }
    if let Some(s) = inner.strip_prefix('\'').and_then(|s| s.strip_suffix('\'')) {
        return Ok(Step::Field(s.to_string()));
    }
    if let Some((a, b)) = inner.split_once(':') {
        let n = |s: &str| if s.trim().is_empty() { Ok(None) } else { s.trim().parse::<i64>().map(Some).map_err(|_| format!("invalid array index {s}")) };
        return Ok(Step::Slice(n(a)?, n(b)?));
    }
    inner.parse::<i64>().map(Step::Index).map_err(|_| format!("invalid array index {inner}"))
}

fn select<'a>(steps: &[Step], cur: &'a Value) -> Result<Vec<&'a Value>, String> {
    let mut set = vec![cur];
    for s in steps {
        let mut next = Vec::new();
        for v in set {
            apply(s, v, &mut next)?;
        }
        set = next;
    }
    Ok(set)
}

fn apply<'a>(s: &Step, v: &'a Value, next: &mut Vec<&'a Value>) -> Result<(), String> {
    match s {
        Step::Field(f) => {
            if let Some(x) = v.get(f) {
                next.push(x);
            }
        }
        Step::Wildcard => match v {
            Value::Array(a) => next.extend(a.iter()),
            Value::Object(m) => next.extend(m.values()),
            _ => {}
        },
        Step::Index(i) => {
            if let Value::Array(a) = v {
                let idx = if *i < 0 { a.len() as i64 + i } else { *i };
                match a.get(idx as usize).filter(|_| idx >= 0) {
                    Some(x) => next.push(x),
                    None => return Err("array index out of bounds".into()),
                }
            }
        }
        Step::Slice(a, b) => {
            if let Value::Array(arr) = v {
                let len = arr.len() as i64;
                let fix = |x: i64| if x < 0 { (len + x).max(0) } else { x.min(len) };
                let (s, e) = (fix(a.unwrap_or(0)), fix(b.unwrap_or(len)));
                if s < e {
                    next.extend(arr[s as usize..e as usize].iter());
                }
            }
        }
        Step::Recursive => recurse(v, next),
        Step::Filter(path, cmp) => {
            let items: Vec<&Value> = match v {
                Value::Array(a) => a.iter().collect(),
                other => vec![other],
            };
            for item in items {
                let found = select(path, item)?;
                let keep = match cmp {
                    None => !found.is_empty(),
                    Some((op, want)) => {
                        let eq = found.contains(&want);
                        if op == "==" { eq } else { !eq && !found.is_empty() }
                    }
                };
                if keep {
                    next.push(item);
                }
            }
        }
    }
    Ok(())
}

fn recurse<'a>(v: &'a Value, out: &mut Vec<&'a Value>) {
    out.push(v);
    match v {
        Value::Array(a) => a.iter().for_each(|x| recurse(x, out)),
        Value::Object(m) => m.values().for_each(|x| recurse(x, out)),
        _ => {}
    }
}

fn text_of(v: &Value) -> String {
    match v {
        Value::String(s) => s.clone(),
        Value::Null => String::new(),
        other => super::apply::compact_sorted(other),
    }
}

fn run(nodes: &[Node], cur: &Value, out: &mut String) -> Result<(), String> {
    for n in nodes {
        if out.len() > MAX_OUTPUT {
            return Err("kubeplay: jsonpath output exceeds 1 MiB".into());
        }
        match n {
            Node::Text(t) => out.push_str(t),
            Node::Path(steps) => {
                let vals = select(steps, cur)?;
                let texts: Vec<String> = vals.iter().map(|v| text_of(v)).collect();
                out.push_str(&texts.join(" "));
            }
            Node::Range(steps, body) => {
                for v in select(steps, cur)? {
                    run(body, v, out)?;
                }
            }
        }
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn templates() {
        let v = json!({"items": [{"metadata": {"name": "a"}, "status": {"conditions": [{"type": "Ready", "status": "True"}]}}, {"metadata": {"name": "b"}}]});
        assert_eq!(evaluate("{.items[*].metadata.name}", &v).unwrap(), "a b");
        assert_eq!(evaluate("{range .items[*]}{.metadata.name}{\"\\n\"}{end}", &v).unwrap(), "a\nb\n");
        let labelled = serde_json::json!({"metadata": {"labels": {"apps.kubernetes.io/pod-index": "2"}}});
        assert_eq!(evaluate("{.metadata.labels.apps\\.kubernetes\\.io/pod-index}", &labelled).unwrap(), "2");
        assert_eq!(evaluate("{.items[0].status.conditions[?(@.type==\"Ready\")].status}", &v).unwrap(), "True");
        assert_eq!(evaluate("x={.items[1].metadata}", &v).unwrap(), "x={\"name\":\"b\"}");
        assert_eq!(evaluate("{..name}", &v).unwrap(), "a b");
        assert!(evaluate("{range .items[*]}", &v).is_err());
    }
}
