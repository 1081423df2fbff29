//! YAML → JSON the way kubectl does it: split the stream into documents on `---` lines, then
//! convert each with YAML 1.1 scalar rules (go-yaml v2: `yes`/`on` are booleans, `0400` is octal).

use serde_json::{Map, Number, Value};
use yaml_rust2::parser::{Event, MarkedEventReceiver, Parser};
use yaml_rust2::scanner::{Marker, TScalarStyle};

/// Bound on the size of one manifest stream, so a pasted megabyte cannot stall the browser.
pub const MAX_YAML_BYTES: usize = 1 << 20;

/// One document of a stream: its JSON value, or the kubectl-style syntax error.
#[derive(Debug, Clone, PartialEq)]
pub struct Document {
    /// 1-based line in the whole stream where the document's text starts.
    pub first_line: usize,
    pub value: Result<Value, String>,
}

/// Splits like k8s.io/apimachinery's YAMLReader: a line starting with `---` followed only by
/// blanks or a comment ends a document. Documents that hold nothing (only comments) are dropped.
pub fn split_documents(text: &str) -> Vec<(usize, String)> {
    let mut docs = Vec::new();
    let mut current = String::new();
    let mut start = 1;
    for (i, line) in text.split_inclusive('\n').enumerate() {
        if let Some(rest) = line.strip_prefix("---") {
            let rest = rest.trim();
            if rest.is_empty() || rest.starts_with('#') {
                docs.push((start, std::mem::take(&mut current)));
                start = i + 2;
                continue;
            }
        }
        current.push_str(line);
    }
    docs.push((start, current));
    docs.into_iter().filter(|(_, d)| has_content(d)).collect()
}

fn has_content(doc: &str) -> bool {
    doc.lines().any(|l| {
        let t = l.trim();
        !t.is_empty() && !t.starts_with('#') && t != "..."
    })
}

/// Parses every document of a stream.
pub fn parse_stream(text: &str) -> Vec<Document> {
    split_documents(text)
        .into_iter()
        .map(|(first_line, doc)| Document { first_line, value: parse_document(&doc) })
        .collect()
}

/// Parses one document into JSON; errors read like go-yaml's (`yaml: line 3: ...`).
pub fn parse_document(doc: &str) -> Result<Value, String> {
    let mut builder = Builder::default();
    let mut parser = Parser::new_from_str(doc);
    match parser.load(&mut builder, false) {
        Ok(()) => builder.error.map_or(Ok(builder.root.unwrap_or(Value::Null)), Err),
        Err(e) => Err(format!("yaml: line {}: {}", e.marker().line(), e.info())),
    }
}

#[derive(Default)]
struct Builder {
    stack: Vec<Frame>,
    root: Option<Value>,
    anchors: Vec<(usize, Value)>,
    error: Option<String>,
}

enum Frame {
    Seq(Vec<Value>, usize),
    Map(Map<String, Value>, Option<String>, usize),
}

impl MarkedEventReceiver for Builder {
    fn on_event(&mut self, ev: Event, mark: Marker) {
        if self.error.is_some() {
            return;
        }
        match ev {
            Event::Scalar(text, style, anchor, tag) => {
                let v = resolve_scalar(&text, style, tag.as_ref().map(|t| t.suffix.as_str()));
                self.remember(anchor, &v);
                self.push_value(v, mark);
            }
            Event::SequenceStart(anchor, _) => self.stack.push(Frame::Seq(Vec::new(), anchor)),
            Event::MappingStart(anchor, _) => self.stack.push(Frame::Map(Map::new(), None, anchor)),
            Event::SequenceEnd | Event::MappingEnd => self.close(mark),
            Event::Alias(id) => {
                let v = self.anchors.iter().rev().find(|(a, _)| *a == id).map(|(_, v)| v.clone());
                self.push_value(v.unwrap_or(Value::Null), mark);
            }
            _ => {}
        }
    }
}

impl Builder {
    fn remember(&mut self, anchor: usize, v: &Value) {
        if anchor > 0 {
            self.anchors.push((anchor, v.clone()));
        }
    }

    fn close(&mut self, mark: Marker) {
        let (v, anchor) = match self.stack.pop() {
            Some(Frame::Seq(items, a)) => (Value::Array(items), a),
            Some(Frame::Map(m, _, a)) => (Value::Object(m), a),
            None => return,
        };
        self.remember(anchor, &v);
        self.push_value(v, mark);
    }

    fn push_value(&mut self, v: Value, mark: Marker) {
        match self.stack.last_mut() {
            None => self.root = Some(v),
            Some(Frame::Seq(items, _)) => items.push(v),
            Some(Frame::Map(m, key, _)) => match key.take() {
                None => *key = Some(key_string(&v)),
                Some(k) => {
                    if m.contains_key(&k) {
                        self.error = Some(format!("yaml: line {}: key {:?} already set in map", mark.line(), k));
                    }
                    m.insert(k, v);
                }
            },
        }
    }
}

/// sigs.k8s.io/yaml turns non-string keys into their text.
fn key_string(v: &Value) -> String {
    match v {
        Value::String(s) => s.clone(),
        Value::Null => "null".into(),
        other => other.to_string(),
    }
}

fn resolve_scalar(text: &str, style: TScalarStyle, tag: Option<&str>) -> Value {
    match tag {
        Some("str") => return Value::String(text.into()),
        Some("int") | Some("float") | Some("bool") | Some("null") => {}
        _ if style != TScalarStyle::Plain => return Value::String(text.into()),
        _ => {}
    }
    resolve_plain(text)
}

/// go-yaml v2's resolve table for plain scalars.
pub fn resolve_plain(t: &str) -> Value {
    match t {
        "" | "~" | "null" | "Null" | "NULL" => return Value::Null,
        "y" | "Y" | "yes" | "Yes" | "YES" | "true" | "True" | "TRUE" | "on" | "On" | "ON" => return Value::Bool(true),
        "n" | "N" | "no" | "No" | "NO" | "false" | "False" | "FALSE" | "off" | "Off" | "OFF" => return Value::Bool(false),
        ".inf" | ".Inf" | ".INF" | "+.inf" | "+.Inf" | "+.INF" | "-.inf" | "-.Inf" | "-.INF" | ".nan" | ".NaN" | ".NAN" => {
            return Value::String(t.into()) // JSON has no infinities; go-yaml → JSON fails too. Keep text.
        }
        _ => {}
    }
    if let Some(i) = parse_int(t) {
        return Value::Number(i.into());
    }
    if looks_like_float(t) {
        if let Ok(f) = t.replace('_', "").parse::<f64>() {
            // JSON numbers carry no type: an integral float prints as an integer, as Go's encoder does.
            if f.fract() == 0.0 && f.abs() < 9.0e15 {
                return Value::Number((f as i64).into());
            }
            if let Some(n) = Number::from_f64(f) {
                return Value::Number(n);
            }
        }
    }
    Value::String(t.into())
}

fn parse_int(t: &str) -> Option<i64> {
    let (neg, body) = match t.as_bytes().first()? {
        b'-' => (true, &t[1..]),
        b'+' => (false, &t[1..]),
        _ => (false, t),
    };
    let body = body.replace('_', "");
    if body.is_empty() {
        return None;
    }
    let v = if let Some(h) = body.strip_prefix("0x") {
        i64::from_str_radix(h, 16).ok()?
    } else if let Some(b) = body.strip_prefix("0b") {
        i64::from_str_radix(b, 2).ok()?
    } else if body.len() > 1 && body.starts_with('0') {
        i64::from_str_radix(&body[1..], 8).ok()?
    } else if body.bytes().all(|c| c.is_ascii_digit()) {
        body.parse::<i64>().ok()?
    } else {
        return None;
    };
    Some(if neg { -v } else { v })
}

fn looks_like_float(t: &str) -> bool {
    let b = t.trim_start_matches(['-', '+']);
    !b.is_empty()
        && b.bytes().all(|c| c.is_ascii_digit() || matches!(c, b'.' | b'e' | b'E' | b'-' | b'+' | b'_'))
        && b.bytes().next().is_some_and(|c| c.is_ascii_digit() || c == b'.')
        && b.bytes().any(|c| c.is_ascii_digit())
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn yaml_1_1_scalars_as_go_yaml_resolves_them() {
        let v = parse_document("a: 0400\nb: yes\nc: '0400'\nd: 1.5\ne: ~\nf: 5Mi\ng: \"on\"\nh: 08\n").unwrap();
        assert_eq!(v, json!({"a": 256, "b": true, "c": "0400", "d": 1.5, "e": null, "f": "5Mi", "g": "on", "h": 8}));
    }

    #[test]
    fn splits_on_separator_lines_only() {
        let docs = split_documents("a: 1\n---\nb: 2\n--- # x\n# only a comment\n---\nc: |\n  ---x\n");
        assert_eq!(docs.len(), 3);
        assert_eq!(docs[1].0, 3);
        assert_eq!(docs[2].0, 7);
    }

    #[test]
    fn syntax_errors_name_the_line() {
        let err = parse_document("a: 1\nb: c: d\n").unwrap_err();
        assert!(err.starts_with("yaml: line 2: mapping values are not allowed"), "{err}");
    }

    #[test]
    fn anchors_and_aliases() {
        let v = parse_document("a: &x {k: v}\nb: *x\n").unwrap();
        assert_eq!(v["b"], json!({"k": "v"}));
    }
}

/// The 1-based line of a field in one document, given the path the apiserver names in an error
/// (`spec.template.spec.containers[0].image`). When the field itself is absent (a `Required
/// value`), the line of its nearest present parent; `None` if not even the first key is there.
/// The playground's editor marks errors on the line this returns.
pub fn locate(doc: &str, path: &str) -> Option<usize> {
    let want = path_segments(path);
    let mut finder = Locator { want, ..Locator::default() };
    let mut parser = Parser::new_from_str(doc);
    let _ = parser.load(&mut finder, false); // a syntax error later in the text still leaves what was found
    finder.best.map(|(_, line)| line)
}

/// `a.b[0].c` → `["a", "b", "0", "c"]`; bracketed keys may hold dots (`annotations[x.io/y]`).
fn path_segments(path: &str) -> Vec<String> {
    let mut out = Vec::new();
    let mut cur = String::new();
    let mut chars = path.chars();
    while let Some(c) = chars.next() {
        match c {
            '.' => out.push(std::mem::take(&mut cur)),
            '[' => {
                out.push(std::mem::take(&mut cur));
                cur.extend(chars.by_ref().take_while(|&c| c != ']'));
            }
            _ => cur.push(c),
        }
    }
    out.push(cur);
    out.retain(|s| !s.is_empty());
    out
}

#[derive(Default)]
struct Locator {
    want: Vec<String>,
    /// Where we are: one entry per open collection, with the key or index being read.
    stack: Vec<Place>,
    /// Longest matching prefix so far and its line.
    best: Option<(usize, usize)>,
}

enum Place {
    /// In a mapping; `Some(key)` once its key was read and its value is awaited.
    Map(Option<String>),
    Seq(usize),
}

impl Locator {
    /// The path of the value about to be read, if it still matches what we look for.
    fn matched_depth(&self) -> Option<usize> {
        let mut depth = 0;
        for place in &self.stack {
            let seg = match place {
                Place::Map(Some(k)) => k.clone(),
                Place::Map(None) => return None,
                Place::Seq(i) => i.to_string(),
            };
            if self.want.get(depth) != Some(&seg) {
                return None;
            }
            depth += 1;
        }
        Some(depth)
    }

    /// A value (scalar or whole collection) was read: move to the next key or index.
    fn value_done(&mut self) {
        match self.stack.last_mut() {
            Some(Place::Map(key)) => *key = None,
            Some(Place::Seq(i)) => *i += 1,
            None => {}
        }
    }

    fn note(&mut self, line: usize) {
        if let Some(depth) = self.matched_depth() {
            if self.best.is_none_or(|(d, _)| depth > d) {
                self.best = Some((depth, line));
            }
        }
    }
}

impl MarkedEventReceiver for Locator {
    fn on_event(&mut self, ev: Event, mark: Marker) {
        let line = mark.line();
        if matches!(self.stack.last(), Some(Place::Seq(_))) && !matches!(ev, Event::SequenceEnd) {
            self.note(line); // a sequence item starts here: its path ends with its index
        }
        let reading_key = matches!(self.stack.last(), Some(Place::Map(None)));
        match ev {
            Event::Scalar(text, ..) if reading_key => {
                if let Some(Place::Map(key)) = self.stack.last_mut() {
                    *key = Some(text);
                }
                self.note(line);
            }
            Event::Scalar(..) | Event::Alias(_) => self.value_done(),
            // A complex key (a mapping or sequence as key) is read like a value: no path names it.
            Event::MappingStart(..) => self.stack.push(Place::Map(None)),
            Event::SequenceStart(..) => self.stack.push(Place::Seq(0)),
            Event::MappingEnd | Event::SequenceEnd => {
                self.stack.pop();
                self.value_done();
            }
            _ => {}
        }
    }
}

#[cfg(test)]
mod locate_tests {
    use super::locate;

    const STS: &str = "apiVersion: apps/v1\nkind: StatefulSet\nmetadata:\n  name: web\n  annotations:\n    a.io/b: x\nspec:\n  replica: 2\n  template:\n    spec:\n      containers:\n      - name: a\n        image: nginx\n      - name: b\n        image: busybox\n        ports:\n        - containerPort: 99999\n";

    #[test]
    fn finds_fields_by_the_apiservers_path() {
        assert_eq!(locate(STS, "spec.replica"), Some(8));
        assert_eq!(locate(STS, "metadata.name"), Some(4));
        assert_eq!(locate(STS, "spec.template.spec.containers[1].image"), Some(15));
        assert_eq!(locate(STS, "spec.template.spec.containers[0].name"), Some(12));
        assert_eq!(locate(STS, "spec.template.spec.containers[1].ports[0].containerPort"), Some(17));
        assert_eq!(locate(STS, "metadata.annotations[a.io/b]"), Some(6));
    }

    #[test]
    fn a_missing_field_points_at_its_parent() {
        assert_eq!(locate(STS, "spec.selector"), Some(7));
        assert_eq!(locate(STS, "spec.template.spec.containers[1].resources"), Some(14));
        assert_eq!(locate(STS, "status.x"), None);
    }

    #[test]
    fn flow_style_and_broken_documents() {
        assert_eq!(locate("metadata: {name: x, labels: {a: b}}\n", "metadata.labels.a"), Some(1));
        assert_eq!(locate("spec:\n  a: 1\n  b: [\n", "spec.a"), Some(2));
    }
}
