//! The resource types the simulated apiserver serves: kind, group/version, resource names, short names.

/// Every kind the simulation stores. Declaration order is the order `kubectl get` lists mixed kinds in.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Kind {
    Namespace,
    Node,
    Pod,
    Service,
    Endpoints,
    EndpointSlice,
    Secret,
    ConfigMap,
    ServiceAccount,
    PersistentVolume,
    PersistentVolumeClaim,
    StorageClass,
    PriorityClass,
    DaemonSet,
    Deployment,
    ReplicaSet,
    StatefulSet,
    ControllerRevision,
    Job,
    CronJob,
    Lease,
    Event,
}

/// What discovery says about a kind.
pub struct KindInfo {
    pub kind: Kind,
    pub name: &'static str,
    pub group: &'static str,
    pub version: &'static str,
    /// The plural resource name (`statefulsets`).
    pub plural: &'static str,
    pub singular: &'static str,
    pub short: &'static [&'static str],
    pub namespaced: bool,
}

macro_rules! info {
    ($k:ident, $g:expr, $v:expr, $p:expr, $s:expr, [$($sh:expr),*], $ns:expr) => {
        KindInfo { kind: Kind::$k, name: stringify!($k), group: $g, version: $v, plural: $p, singular: $s, short: &[$($sh),*], namespaced: $ns }
    };
}

pub const KINDS: &[KindInfo] = &[
    info!(Namespace, "", "v1", "namespaces", "namespace", ["ns"], false),
    info!(Node, "", "v1", "nodes", "node", ["no"], false),
    info!(Pod, "", "v1", "pods", "pod", ["po"], true),
    info!(Service, "", "v1", "services", "service", ["svc"], true),
    info!(Endpoints, "", "v1", "endpoints", "endpoints", ["ep"], true),
    info!(EndpointSlice, "discovery.k8s.io", "v1", "endpointslices", "endpointslice", [], true),
    info!(Secret, "", "v1", "secrets", "secret", [], true),
    info!(ConfigMap, "", "v1", "configmaps", "configmap", ["cm"], true),
    info!(ServiceAccount, "", "v1", "serviceaccounts", "serviceaccount", ["sa"], true),
    info!(PersistentVolume, "", "v1", "persistentvolumes", "persistentvolume", ["pv"], false),
    info!(PersistentVolumeClaim, "", "v1", "persistentvolumeclaims", "persistentvolumeclaim", ["pvc"], true),
    info!(StorageClass, "storage.k8s.io", "v1", "storageclasses", "storageclass", ["sc"], false),
    info!(PriorityClass, "scheduling.k8s.io", "v1", "priorityclasses", "priorityclass", ["pc"], false),
    info!(DaemonSet, "apps", "v1", "daemonsets", "daemonset", ["ds"], true),
    info!(Deployment, "apps", "v1", "deployments", "deployment", ["deploy"], true),
    info!(ReplicaSet, "apps", "v1", "replicasets", "replicaset", ["rs"], true),
    info!(StatefulSet, "apps", "v1", "statefulsets", "statefulset", ["sts"], true),
    info!(ControllerRevision, "apps", "v1", "controllerrevisions", "controllerrevision", [], true),
    info!(Job, "batch", "v1", "jobs", "job", [], true),
    info!(CronJob, "batch", "v1", "cronjobs", "cronjob", ["cj"], true),
    info!(Lease, "coordination.k8s.io", "v1", "leases", "lease", [], true),
    info!(Event, "", "v1", "events", "event", ["ev"], true),
];

impl Kind {
    pub fn info(self) -> &'static KindInfo {
        KINDS.iter().find(|i| i.kind == self).expect("every Kind has a KINDS row")
    }

    /// `apps/v1`, or `v1` for the core group.
    pub fn api_version(self) -> String {
        let i = self.info();
        // Pieces rather than `format!`: every Event's reference spells its object's apiVersion.
        if i.group.is_empty() { i.version.to_string() } else { [i.group, "/", i.version].concat() }
    }

    /// `*v1.CronJob`: Go's `%T` of the typed object kubectl decodes, in its error messages.
    pub fn go_type(self) -> String {
        let i = self.info();
        format!("*{}.{}", i.version, i.name)
    }

    /// `statefulset.apps`, `pod`: the prefix of `kubectl apply` result lines and `-o name`.
    pub fn resource_singular_group(self) -> String {
        let i = self.info();
        if i.group.is_empty() { i.singular.to_string() } else { format!("{}.{}", i.singular, i.group) }
    }

    /// `statefulsets.apps`, `pods`: how NotFound/AlreadyExists errors name the resource.
    pub fn resource_plural_group(self) -> String {
        let i = self.info();
        if i.group.is_empty() { i.plural.to_string() } else { format!("{}.{}", i.plural, i.group) }
    }

    pub fn namespaced(self) -> bool {
        self.info().namespaced
    }
}

/// Resolves what a user typed after `kubectl get` (`sts`, `statefulsets.apps`, `Pod`, `po`).
pub fn kind_from_resource(arg: &str) -> Option<Kind> {
    let lower = arg.to_ascii_lowercase();
    let (name, group) = match lower.split_once('.') {
        Some((n, g)) => (n.to_string(), Some(g.to_string())),
        None => (lower.clone(), None),
    };
    KINDS
        .iter()
        .find(|i| {
            let name_ok = i.plural == name || i.singular == name || i.short.contains(&name.as_str());
            let group_ok = match &group {
                None => true,
                Some(g) => g == i.group || *g == format!("{}.{}", i.version, i.group) || (i.group.is_empty() && g == i.version),
            };
            name_ok && group_ok
        })
        .map(|i| i.kind)
}

/// Resolves `apiVersion` + `kind` from a manifest.
pub fn kind_from_manifest(api_version: &str, kind: &str) -> Option<Kind> {
    KINDS.iter().find(|i| i.name == kind && Kind::api_version(i.kind) == api_version).map(|i| i.kind)
}

/// API versions Kubernetes has stopped serving, and the version that replaced them.
pub fn removed_version_hint(api_version: &str, kind: &str) -> Option<&'static str> {
    const REMOVED: &[(&str, &str, &str)] = &[
        ("batch/v1beta1", "CronJob", "batch/v1"),
        ("batch/v2alpha1", "CronJob", "batch/v1"),
        ("extensions/v1beta1", "Deployment", "apps/v1"),
        ("extensions/v1beta1", "ReplicaSet", "apps/v1"),
        ("extensions/v1beta1", "DaemonSet", "apps/v1"),
        ("extensions/v1beta1", "Ingress", "networking.k8s.io/v1"),
        ("apps/v1beta1", "Deployment", "apps/v1"),
        ("apps/v1beta1", "StatefulSet", "apps/v1"),
        ("apps/v1beta2", "Deployment", "apps/v1"),
        ("apps/v1beta2", "StatefulSet", "apps/v1"),
        ("apps/v1beta2", "ReplicaSet", "apps/v1"),
        ("apps/v1beta2", "DaemonSet", "apps/v1"),
        ("discovery.k8s.io/v1beta1", "EndpointSlice", "discovery.k8s.io/v1"),
        ("storage.k8s.io/v1beta1", "StorageClass", "storage.k8s.io/v1"),
        ("events.k8s.io/v1beta1", "Event", "events.k8s.io/v1"),
        ("policy/v1beta1", "PodDisruptionBudget", "policy/v1"),
        ("networking.k8s.io/v1beta1", "Ingress", "networking.k8s.io/v1"),
    ];
    REMOVED.iter().find(|(v, k, _)| *v == api_version && *k == kind).map(|(_, _, to)| *to)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn resolves_what_users_type() {
        assert_eq!(kind_from_resource("sts"), Some(Kind::StatefulSet));
        assert_eq!(kind_from_resource("statefulsets.apps"), Some(Kind::StatefulSet));
        assert_eq!(kind_from_resource("Pods"), Some(Kind::Pod));
        assert_eq!(kind_from_resource("cj"), Some(Kind::CronJob));
        assert_eq!(kind_from_resource("sa"), Some(Kind::ServiceAccount));
        assert_eq!(kind_from_resource("pods.apps"), None);
        assert_eq!(kind_from_manifest("batch/v1", "CronJob"), Some(Kind::CronJob));
        assert_eq!(kind_from_manifest("batch/v1beta1", "CronJob"), None);
        assert_eq!(Kind::StatefulSet.resource_singular_group(), "statefulset.apps");
    }
}
