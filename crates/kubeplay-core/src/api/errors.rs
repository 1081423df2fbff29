//! Field errors and API status errors, rendered in the apiserver's and kubectl's exact words.

use super::kinds::Kind;
use serde_json::Value;
use std::fmt;

/// `field.ErrorType` of apimachinery.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ErrorType {
    Invalid,
    Required,
    NotSupported,
    Duplicate,
    Forbidden,
    TooLong,
    NotFound,
}

/// One `field.Error`: `<path>: <type>[: <value>][: <detail>]`.
#[derive(Debug, Clone, PartialEq)]
pub struct FieldError {
    pub kind: ErrorType,
    pub path: String,
    pub value: Option<Value>,
    pub detail: String,
}

impl FieldError {
    pub fn invalid(path: impl Into<String>, value: Value, detail: impl Into<String>) -> Self {
        FieldError { kind: ErrorType::Invalid, path: path.into(), value: Some(value), detail: detail.into() }
    }
    pub fn required(path: impl Into<String>, detail: impl Into<String>) -> Self {
        FieldError { kind: ErrorType::Required, path: path.into(), value: None, detail: detail.into() }
    }
    pub fn forbidden(path: impl Into<String>, detail: impl Into<String>) -> Self {
        FieldError { kind: ErrorType::Forbidden, path: path.into(), value: None, detail: detail.into() }
    }
    pub fn not_found(path: impl Into<String>, value: Value) -> Self {
        FieldError { kind: ErrorType::NotFound, path: path.into(), value: Some(value), detail: String::new() }
    }
    pub fn duplicate(path: impl Into<String>, value: Value) -> Self {
        FieldError { kind: ErrorType::Duplicate, path: path.into(), value: Some(value), detail: String::new() }
    }
    /// `Unsupported value: "X": supported values: "A", "B"`.
    pub fn not_supported(path: impl Into<String>, value: &str, supported: &[&str]) -> Self {
        let list: Vec<String> = supported.iter().map(|s| go_quote(s)).collect();
        let detail = format!("supported values: {}", list.join(", "));
        FieldError { kind: ErrorType::NotSupported, path: path.into(), value: Some(Value::String(value.into())), detail }
    }
}

impl fmt::Display for FieldError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let ty = match self.kind {
            ErrorType::Invalid => "Invalid value",
            ErrorType::Required => "Required value",
            ErrorType::NotSupported => "Unsupported value",
            ErrorType::Duplicate => "Duplicate value",
            ErrorType::Forbidden => "Forbidden",
            ErrorType::TooLong => "Too long",
            ErrorType::NotFound => "Not found",
        };
        write!(f, "{}: {}", self.path, ty)?;
        let omit_value = matches!(self.kind, ErrorType::Required | ErrorType::Forbidden | ErrorType::TooLong);
        if let (false, Some(v)) = (omit_value, &self.value) {
            write!(f, ": {}", go_value(v))?;
        }
        if !self.detail.is_empty() {
            write!(f, ": {}", self.detail)?;
        }
        Ok(())
    }
}

/// Go's `%q` of a string (`strconv.Quote`).
pub use kubeplay_cron::go_quote;

/// How field.Error prints a value: strings quoted, numbers and bools plain, string maps as Go's `%#v`.
pub fn go_value(v: &Value) -> String {
    match v {
        Value::String(s) => go_quote(s),
        Value::Number(n) => n.to_string(),
        Value::Bool(b) => b.to_string(),
        Value::Null => "null".into(),
        Value::Object(m) if m.values().all(Value::is_string) => {
            let items: Vec<String> =
                m.iter().map(|(k, v)| format!("{}:{}", go_quote(k), go_quote(v.as_str().unwrap_or("")))).collect();
            format!("map[string]string{{{}}}", items.join(", "))
        }
        other => other.to_string(),
    }
}

/// An error the simulated apiserver returns, rendered as kubectl prints it.
#[derive(Debug, Clone, PartialEq)]
pub enum ApiError {
    /// 422: `The StatefulSet "web" is invalid: ...`.
    Invalid { kind: Kind, name: String, causes: Vec<FieldError> },
    /// 404: `pods "web-5" not found`.
    NotFound { resource: String, name: String },
    /// 409: `statefulsets.apps "web" already exists`.
    AlreadyExists { resource: String, name: String },
    /// 400 with the server's message.
    BadRequest(String),
    /// 409 conflict, e.g. an object being deleted.
    Conflict(String),
    /// 403 Forbidden with the server's message (e.g. namespace terminating, quota-like bounds).
    Forbidden(String),
}

impl ApiError {
    pub fn not_found(kind: Kind, name: &str) -> Self {
        ApiError::NotFound { resource: kind.resource_plural_group(), name: name.into() }
    }
    pub fn already_exists(kind: Kind, name: &str) -> Self {
        ApiError::AlreadyExists { resource: kind.resource_plural_group(), name: name.into() }
    }

    /// The status reason kubectl prints in `Error from server (<Reason>)`.
    pub fn reason(&self) -> &'static str {
        match self {
            ApiError::Invalid { .. } => "Invalid",
            ApiError::NotFound { .. } => "NotFound",
            ApiError::AlreadyExists { .. } => "AlreadyExists",
            ApiError::BadRequest(_) => "BadRequest",
            ApiError::Conflict(_) => "Conflict",
            ApiError::Forbidden(_) => "Forbidden",
        }
    }

    /// The status message alone.
    pub fn message(&self) -> String {
        match self {
            ApiError::Invalid { kind, name, causes } => invalid_message(kind.info().name, name, causes),
            ApiError::NotFound { resource, name } => format!("{} {} not found", resource, go_quote(name)),
            ApiError::AlreadyExists { resource, name } => format!("{} {} already exists", resource, go_quote(name)),
            ApiError::BadRequest(m) | ApiError::Conflict(m) | ApiError::Forbidden(m) => m.clone(),
        }
    }

    /// kubectl's rendering (StandardErrorMessage): Invalid errors print bare, others as
    /// `Error from server (<Reason>): [<context>: ]<message>`.
    pub fn render(&self, context: Option<&str>) -> String {
        match self {
            ApiError::Invalid { .. } => self.message(),
            _ => match context {
                Some(c) => format!("Error from server ({}): {}: {}", self.reason(), c, self.message()),
                None => format!("Error from server ({}): {}", self.reason(), self.message()),
            },
        }
    }
}

fn invalid_message(kind: &str, name: &str, causes: &[FieldError]) -> String {
    match causes {
        [one] => format!("The {} {} is invalid: {}", kind, go_quote(name), one),
        many => {
            let mut s = format!("The {} {} is invalid: \n", kind, go_quote(name));
            let lines: Vec<String> = many.iter().map(|c| format!("* {}", c)).collect();
            s.push_str(&lines.join("\n"));
            s
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn field_errors_render_like_apimachinery() {
        let e = FieldError::invalid("spec.template.metadata.labels", json!({"app": "nginx"}), "`selector` does not match template `labels`");
        assert_eq!(e.to_string(), "spec.template.metadata.labels: Invalid value: map[string]string{\"app\":\"nginx\"}: `selector` does not match template `labels`");
        let r = FieldError::required("spec.template.spec.restartPolicy", "valid values: \"OnFailure\", \"Never\"");
        assert_eq!(r.to_string(), "spec.template.spec.restartPolicy: Required value: valid values: \"OnFailure\", \"Never\"");
        let n = FieldError::not_supported("spec.template.spec.restartPolicy", "Never", &["Always"]);
        assert_eq!(n.to_string(), "spec.template.spec.restartPolicy: Unsupported value: \"Never\": supported values: \"Always\"");
        assert_eq!(FieldError::invalid("spec.replicas", json!(-1), "must be greater than or equal to 0").to_string(), "spec.replicas: Invalid value: -1: must be greater than or equal to 0");
    }

    #[test]
    fn several_causes_are_a_bulleted_list() {
        let e = ApiError::Invalid {
            kind: Kind::Job,
            name: "pi".into(),
            causes: vec![FieldError::required("a", ""), FieldError::required("b", "")],
        };
        assert_eq!(e.render(None), "The Job \"pi\" is invalid: \n* a: Required value\n* b: Required value");
        assert_eq!(ApiError::not_found(Kind::Pod, "web-5").render(None), "Error from server (NotFound): pods \"web-5\" not found");
    }
}
