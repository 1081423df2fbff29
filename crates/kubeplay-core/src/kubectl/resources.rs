//! Resolving what users type for resources (`pods`, `sts/web`, `pods,svc`, `-f FILE`), and reading
//! manifests from the session's files or stdin.

use crate::api::kinds::kind_from_resource;
use crate::api::Kind;

/// The resource builder's missingResourceError, as CheckErr prints it.
pub const MISSING_RESOURCE: &str = "error: You must provide one or more resources by argument or filename.\nExample resource specifications include:\n   '-f rsrc.yaml'\n   '--filename=rsrc.json'\n   '<resource> <name>'\n   '<resource>'";

/// A requested resource: a kind and optionally one name.
#[derive(Debug, Clone, PartialEq)]
pub struct Target {
    pub kind: Kind,
    pub name: Option<String>,
}

/// Parses `TYPE [NAME...]`, `TYPE/NAME ...` or `TYPE1,TYPE2` forms.
pub fn targets(args: &[String]) -> Result<Vec<Target>, String> {
    let mut out = Vec::new();
    if args.is_empty() {
        return Ok(out);
    }
    if args.iter().any(|a| a.contains('/')) {
        for a in args {
            let (ty, name) = a.split_once('/').ok_or_else(|| {
                "error: there is no need to specify a resource type as a separate argument when passing arguments in resource/name form (e.g. 'kubectl get resource/<resource_name>' instead of 'kubectl get resource resource/<resource_name>'".to_string()
            })?;
            out.push(Target { kind: kind(ty)?, name: Some(name.to_string()) });
        }
        return Ok(out);
    }
    let mut kinds: Vec<Kind> = Vec::new();
    for ty in args[0].split(',') {
        if ty == "all" {
            kinds.extend([Kind::Pod, Kind::Service, Kind::DaemonSet, Kind::Deployment, Kind::ReplicaSet, Kind::StatefulSet, Kind::Job, Kind::CronJob]);
        } else {
            kinds.push(kind(ty)?);
        }
    }
    if args.len() == 1 {
        out.extend(kinds.into_iter().map(|k| Target { kind: k, name: None }));
    } else {
        for k in kinds {
            for n in &args[1..] {
                out.push(Target { kind: k, name: Some(n.clone()) });
            }
        }
    }
    Ok(out)
}

fn kind(ty: &str) -> Result<Kind, String> {
    kind_from_resource(ty).ok_or_else(|| format!("error: the server doesn't have a resource type \"{ty}\""))
}
