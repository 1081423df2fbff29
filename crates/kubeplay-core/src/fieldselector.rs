//! Field selectors (`--field-selector status.phase=Running,metadata.name!=x`): the apiserver's
//! syntax, the field labels each kind supports, and its error for the others.

use crate::api::{Kind, Object};

#[derive(Debug, Clone, PartialEq)]
pub struct FieldSelector {
    terms: Vec<(String, bool, String)>,
}

/// Field labels the apiserver accepts per kind, beyond metadata.name and metadata.namespace.
fn supported(kind: Kind) -> &'static [&'static str] {
    match kind {
        Kind::Pod => &["spec.nodeName", "spec.restartPolicy", "spec.schedulerName", "spec.serviceAccountName", "spec.hostNetwork", "status.phase", "status.podIP", "status.nominatedNodeName"],
        Kind::Event => &["involvedObject.kind", "involvedObject.namespace", "involvedObject.name", "involvedObject.uid", "involvedObject.apiVersion", "involvedObject.resourceVersion", "involvedObject.fieldPath", "reason", "reportingComponent", "source", "type"],
        Kind::Secret => &["type"],
        Kind::Namespace => &["status.phase"],
        Kind::Node => &["spec.unschedulable"],
        Kind::Job => &["status.successful"],
        Kind::ReplicaSet => &["status.replicas"],
        _ => &[],
    }
}

impl FieldSelector {
    pub fn parse(s: &str) -> Result<FieldSelector, String> {
        let mut terms = Vec::new();
        for part in s.split(',').map(str::trim).filter(|p| !p.is_empty()) {
            let (k, neg, v) = if let Some((k, v)) = part.split_once("!=") {
                (k, true, v)
            } else if let Some((k, v)) = part.split_once("==") {
                (k, false, v)
            } else if let Some((k, v)) = part.split_once('=') {
                (k, false, v)
            } else {
                return Err(format!("invalid selector: '{s}'; can't understand '{part}'"));
            };
            terms.push((k.trim().to_string(), neg, v.trim().to_string()));
        }
        Ok(FieldSelector { terms })
    }

    /// The apiserver's error when a field label is not supported for `kind`.
    pub fn check(&self, kind: Kind, raw: &str) -> Result<(), String> {
        for (k, _, _) in &self.terms {
            if k != "metadata.name" && k != "metadata.namespace" && !supported(kind).contains(&k.as_str()) {
                let gv = kind.api_version();
                let gvr = if gv.contains('/') { format!("{gv}, Resource={}", kind.info().plural) } else { format!("/{gv}, Resource={}", kind.info().plural) };
                return Err(format!("Error from server (BadRequest): Unable to find \"{gvr}\" that match label selector \"\", field selector \"{raw}\": field label not supported: {k}"));
            }
        }
        Ok(())
    }

    pub fn matches(&self, obj: &Object) -> bool {
        let v = obj.to_value();
        self.terms.iter().all(|(k, neg, want)| {
            let got = match k.as_str() {
                "source" => v.pointer("/source/component").cloned(),
                _ => v.pointer(&format!("/{}", k.replace('.', "/"))).cloned(),
            };
            let got = match got {
                Some(serde_json::Value::String(s)) => s,
                Some(serde_json::Value::Null) | None => String::new(),
                Some(other) => other.to_string(),
            };
            (got == *want) != *neg
        })
    }
}
