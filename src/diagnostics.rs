//! Editor markers: which line of the user's YAML an error belongs to. YAML syntax errors are
//! found as the user types; apiserver errors come from the stderr of `kubectl apply` and are
//! placed by matching the object's kind and name, then the field path the apiserver names.

use kubeplay_core::yaml::{locate, parse_document, split_documents};

/// One marker: a 1-based line in the editor's text and the message, in kubectl's words.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Diagnostic {
    pub line: usize,
    pub message: String,
}

/// One document of the editor text, as far as markers need it.
struct Doc {
    first_line: usize,
    text: String,
    kind: String,
    name: String,
    syntax_error: Option<String>,
}

fn documents(text: &str) -> Vec<Doc> {
    split_documents(text)
        .into_iter()
        .map(|(first_line, doc_text)| {
            let field = |v: &serde_json::Value, p: &str| {
                v.pointer(p)
                    .and_then(|x| x.as_str())
                    .unwrap_or_default()
                    .to_owned()
            };
            let (kind, name, syntax_error) = match &parse_document(&doc_text) {
                Ok(v) => (field(v, "/kind"), field(v, "/metadata/name"), None),
                Err(e) => (String::new(), String::new(), Some(e.clone())),
            };
            Doc {
                first_line,
                text: doc_text,
                kind,
                name,
                syntax_error,
            }
        })
        .collect()
}

/// YAML syntax errors, one per broken document, on the line go-yaml names.
pub fn syntax(text: &str) -> Vec<Diagnostic> {
    documents(text)
        .into_iter()
        .filter_map(|d| {
            let e = d.syntax_error?;
            Some(Diagnostic {
                line: d.first_line + yaml_line(&e).unwrap_or(1) - 1,
                message: e,
            })
        })
        .collect()
}

/// `yaml: line 6: mapping values…` → 6.
fn yaml_line(e: &str) -> Option<usize> {
    let rest = e.split("line ").nth(1)?;
    rest.split(|c: char| !c.is_ascii_digit())
        .next()?
        .parse()
        .ok()
}

/// Markers for what `kubectl apply` wrote to stderr about `text`. Lines that name no document
/// (a bad flag, say) are not markers; the editor shows them with the rest of the output.
pub fn from_apply(text: &str, stderr: &str) -> Vec<Diagnostic> {
    let docs = documents(text);
    let mut out = Vec::new();
    let mut invalid: Option<&Doc> = None; // inside a `The X "n" is invalid:` bulleted list
    for line in stderr.lines() {
        if let (Some(doc), Some(item)) = (invalid, line.strip_prefix("* ")) {
            out.push(at_field(doc, item));
            continue;
        }
        invalid = None;
        if let Some((doc, rest)) = invalid_object(&docs, line) {
            match rest {
                "" => invalid = Some(doc),
                field_error => out.push(at_field(doc, field_error)),
            }
        } else if line.contains("error converting YAML to JSON") {
            if let Some(d) = docs.iter().find(|d| d.syntax_error.is_some()) {
                let e = d.syntax_error.clone().unwrap_or_default();
                let line_in_doc = yaml_line(&e).unwrap_or(1);
                out.push(marker(d.first_line + line_in_doc - 1, line));
            }
        } else if let Some(d) = strict_error_doc(&docs, line) {
            for field in quoted_after(line, "unknown field ") {
                let l = locate(&d.text, &field).unwrap_or(1);
                out.push(marker(d.first_line + l - 1, line));
            }
        } else if let Some(d) = named_doc(&docs, line) {
            out.push(marker(d.first_line, line));
        }
    }
    out.sort_by_key(|d| d.line);
    out.dedup();
    out
}

fn marker(line: usize, message: &str) -> Diagnostic {
    Diagnostic {
        line,
        message: message.to_owned(),
    }
}

/// `The StatefulSet "web" is invalid: REST` → the document and REST (empty before a list).
fn invalid_object<'d>(docs: &'d [Doc], line: &'d str) -> Option<(&'d Doc, &'d str)> {
    let rest = line.strip_prefix("The ")?;
    let (kind, rest) = rest.split_once(" \"")?;
    let (name, rest) = rest.split_once("\" is invalid:")?;
    let doc = docs.iter().find(|d| d.kind == kind && d.name == name)?;
    Some((doc, rest.trim()))
}

/// `spec.replicas: Invalid value: …` → the line of `spec.replicas` in the document.
fn at_field(doc: &Doc, error: &str) -> Diagnostic {
    let path = error.split(": ").next().unwrap_or_default();
    let l = locate(&doc.text, path).unwrap_or(1);
    marker(doc.first_line + l - 1, error)
}

/// `… StatefulSet in version "v1" cannot be handled as a StatefulSet: strict decoding error: …`:
/// the first document of that kind that has the unknown field.
fn strict_error_doc<'d>(docs: &'d [Doc], line: &str) -> Option<&'d Doc> {
    let (_, tail) = line.split_once("cannot be handled as a ")?;
    let kind = tail.split(':').next()?;
    let fields = quoted_after(line, "unknown field ");
    let of_kind = || docs.iter().filter(move |d| d.kind == kind);
    of_kind()
        .find(|d| {
            let lines = |f: &String| locate(&d.text, f);
            fields
                .iter()
                .any(|f| lines(f).is_some_and(|l| field_line_is_exact(&d.text, l, f)))
        })
        .or_else(|| of_kind().next())
}

/// Whether line `l` of `doc` is the field's own key, not just a parent of it.
fn field_line_is_exact(doc: &str, l: usize, field: &str) -> bool {
    let last = field.rsplit(['.', '[']).next().unwrap_or(field);
    let last = last.trim_end_matches(']');
    doc.lines().nth(l - 1).is_some_and(|t| t.contains(last))
}

/// Every `"…"` that follows `marker` in `line`.
fn quoted_after(line: &str, marker: &str) -> Vec<String> {
    line.split(marker)
        .skip(1)
        .filter_map(|s| s.strip_prefix('"')?.split('"').next().map(str::to_owned))
        .collect()
}

/// An error that names a document by `name: "x"` or `"x"`: the first document with that name.
fn named_doc<'d>(docs: &'d [Doc], line: &str) -> Option<&'d Doc> {
    if !(line.starts_with("error") || line.starts_with("Error")) {
        return None;
    }
    docs.iter()
        .filter(|d| !d.name.is_empty())
        .find(|d| line.contains(&format!("\"{}\"", d.name)))
}

#[cfg(test)]
mod tests {
    use super::*;

    const TEXT: &str = "apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: ok\n---\napiVersion: apps/v1\nkind: StatefulSet\nmetadata:\n  name: web\nspec:\n  replica: 2\n  template:\n    spec:\n      restartPolicy: Never\n---\napiVersion: batch/v1beta1\nkind: CronJob\nmetadata:\n  name: backup\n";

    #[test]
    fn syntax_errors_land_on_the_line_in_the_whole_text() {
        let text =
            "kind: ConfigMap\n---\nkind: Service\nmetadata:\n  name: s\n  labels: [\nspec: {}\n";
        let d = syntax(text);
        assert_eq!(d.len(), 1, "{d:?}");
        assert!(d[0].message.starts_with("yaml: line "), "{d:?}");
        assert!(d[0].line >= 6, "{d:?}");
        assert!(syntax(TEXT).is_empty());
    }

    #[test]
    fn strict_decoding_errors_mark_the_unknown_field() {
        let err = "Error from server (BadRequest): error when creating \"STDIN\": StatefulSet in version \"v1\" cannot be handled as a StatefulSet: strict decoding error: unknown field \"spec.replica\"";
        assert_eq!(from_apply(TEXT, err), vec![marker(11, err)]);
    }

    #[test]
    fn invalid_lists_mark_each_field() {
        let err = "The StatefulSet \"web\" is invalid: \n* spec.selector: Required value\n* spec.template.spec.restartPolicy: Unsupported value: \"Never\": supported values: \"Always\"";
        let d = from_apply(TEXT, err);
        assert_eq!(
            d.iter().map(|d| d.line).collect::<Vec<_>>(),
            [10, 14],
            "{d:?}"
        );
        assert_eq!(d[1].message, "spec.template.spec.restartPolicy: Unsupported value: \"Never\": supported values: \"Always\"");
        let one = "The StatefulSet \"web\" is invalid: spec.replica: Invalid value: 1";
        assert_eq!(from_apply(TEXT, one)[0].line, 11);
    }

    #[test]
    fn errors_naming_an_object_mark_its_document() {
        let err = "error: resource mapping not found for name: \"backup\" namespace: \"\" from \"STDIN\": no matches for kind \"CronJob\" in version \"batch/v1beta1\"";
        assert_eq!(from_apply(TEXT, err), vec![marker(16, err)]);
        assert!(from_apply(TEXT, "error: unknown flag: --bogus").is_empty());
    }

    #[test]
    fn yaml_errors_from_apply_use_the_broken_document() {
        let text = "kind: ConfigMap\nmetadata:\n  name: a\n---\nkind: Service\nmetadata:\n  name: s\n  labels: [\nspec: {}\n";
        let want = syntax(text)[0].line;
        let err = format!(
            "error: error parsing STDIN: error converting YAML to JSON: {}",
            syntax(text)[0].message
        );
        assert_eq!(from_apply(text, &err)[0].line, want);
    }
}
