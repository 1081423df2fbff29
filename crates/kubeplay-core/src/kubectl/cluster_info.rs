//! `kubectl cluster-info` (pkg/cmd/clusterinfo/clusterinfo.go): the control plane's address, then
//! every Service labelled `kubernetes.io/cluster-service=true` in kube-system (or `-n`), in the
//! ANSI colours go-colortext writes whether or not stdout is a terminal.

use super::Ctx;
use crate::api::{Kind, Object};
use k8s_openapi::api::core::v1 as core;

/// go-colortext's `ChangeColor(Green|Yellow, false, None, false)` and `ResetColor()` (ct_ansi.go).
const GREEN: &str = "\x1b[0;32m";
const YELLOW: &str = "\x1b[0;33m";
const RESET: &str = "\x1b[0m";

pub fn run(ctx: &mut Ctx) {
    // `dump`, cluster-info's one subcommand, is refused before this (`NOT_SIMULATED` in mod.rs).
    // Complete: only the -n flag counts, not the context's namespace (GetFlagString, else kube-system).
    let namespace = ctx.p.get("namespace").filter(|n| !n.is_empty()).unwrap_or("kube-system").to_string();
    let host = super::config::SERVER;
    // Run visits the one ServiceList the label selector returns, so the control plane line is
    // printed even when no Service matches; cobra ignores extra arguments (no Args validator).
    let mut text = service_line("Kubernetes control plane", host);
    let services: Vec<&core::Service> = ctx
        .sim
        .cluster
        .store
        .list(Kind::Service, Some(&namespace))
        .filter_map(|o| if let Object::Service(s) = o { Some(s.as_ref()) } else { None })
        .filter(|s| s.metadata.labels.as_ref().and_then(|l| l.get("kubernetes.io/cluster-service")).is_some_and(|v| v == "true"))
        .collect();
    for s in services {
        let name = s.metadata.labels.as_ref().and_then(|l| l.get("kubernetes.io/name")).filter(|n| !n.is_empty()).or(s.metadata.name.as_ref()).cloned().unwrap_or_default();
        text.push_str(&service_line(&name, &link(host, s)));
    }
    text.push_str("\nTo further debug and diagnose cluster problems, use 'kubectl cluster-info dump'.\n");
    ctx.out.out(text);
}

/// printService: the name in green, the link in yellow.
fn service_line(name: &str, link: &str) -> String {
    format!("{GREEN}{name}{RESET} is running at {YELLOW}{link}{RESET}\n")
}

/// A load balancer's first ingress on every port (each followed by a space, as kubectl builds it),
/// else the apiserver's service proxy path for the first port.
fn link(host: &str, s: &core::Service) -> String {
    let ports: Vec<&core::ServicePort> = s.spec.iter().flat_map(|sp| sp.ports.iter().flatten()).collect();
    let ingress = s.status.as_ref().and_then(|st| st.load_balancer.as_ref()).and_then(|lb| lb.ingress.as_ref()).and_then(|i| i.first());
    if let Some(ing) = ingress {
        let ip = ing.ip.clone().filter(|ip| !ip.is_empty()).or_else(|| ing.hostname.clone()).unwrap_or_default();
        return ports.iter().map(|p| format!("http://{ip}:{} ", p.port)).collect();
    }
    let svc = s.metadata.name.clone().unwrap_or_default();
    let ns = s.metadata.namespace.clone().unwrap_or_default();
    let name = match ports.first() {
        Some(p) => {
            let port_name = p.name.clone().unwrap_or_default();
            // A guess that the port speaks https, then utilnet.JoinSchemeNamePort.
            let scheme = if port_name == "https" || p.port == 443 { "https" } else { "" };
            join_scheme_name_port(scheme, &svc, &port_name)
        }
        None => svc,
    };
    format!("{host}/api/v1/namespaces/{ns}/services/{name}/proxy")
}

/// utilnet.JoinSchemeNamePort: `name`, `name:port`, `scheme:name:` or `scheme:name:port`.
fn join_scheme_name_port(scheme: &str, name: &str, port: &str) -> String {
    match (scheme.is_empty(), port.is_empty()) {
        (true, true) => name.to_string(),
        (true, false) => format!("{name}:{port}"),
        (false, _) => format!("{scheme}:{name}:{port}"),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn proxy_names_as_join_scheme_name_port_builds_them() {
        assert_eq!(join_scheme_name_port("", "kube-dns", "dns"), "kube-dns:dns");
        assert_eq!(join_scheme_name_port("", "kube-dns", ""), "kube-dns");
        assert_eq!(join_scheme_name_port("https", "dash", ""), "https:dash:");
        assert_eq!(join_scheme_name_port("https", "dash", "https"), "https:dash:https");
    }
}
