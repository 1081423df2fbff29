//! `Object`: one stored API object, typed with k8s-openapi, plus the key the store files it under.

use super::kinds::Kind;
use k8s_openapi::api::apps::v1 as apps;
use k8s_openapi::api::batch::v1 as batch;
use k8s_openapi::api::coordination::v1 as coordination;
use k8s_openapi::api::core::v1 as core;
use k8s_openapi::api::discovery::v1 as discovery;
use k8s_openapi::api::scheduling::v1 as scheduling;
use k8s_openapi::api::storage::v1 as storage;
use k8s_openapi::apimachinery::pkg::apis::meta::v1::ObjectMeta;
use serde_json::Value;

/// Where the store files an object: kind, namespace ("" for cluster-scoped), name.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct ObjKey {
    pub kind: Kind,
    pub namespace: String,
    pub name: String,
}

impl ObjKey {
    pub fn new(kind: Kind, namespace: &str, name: &str) -> Self {
        let namespace = if kind.namespaced() { namespace } else { "" };
        ObjKey { kind, namespace: namespace.to_string(), name: name.to_string() }
    }
    /// The key of the `kind` object with this metadata (as `Object::key` gives it), for a writer
    /// that holds a typed object rather than an `Object`.
    pub fn of(kind: Kind, meta: &ObjectMeta) -> Self {
        ObjKey::new(kind, meta.namespace.as_deref().unwrap_or(""), meta.name.as_deref().unwrap_or(""))
    }
}

impl std::fmt::Display for ObjKey {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        // Piece by piece rather than `write!`: every trace line formats a key.
        f.write_str(self.kind.info().singular)?;
        f.write_str("/")?;
        if !self.namespace.is_empty() {
            f.write_str(&self.namespace)?;
            f.write_str("/")?;
        }
        f.write_str(&self.name)
    }
}

/// Decodes a k8s-openapi type from JSON. Every such decode goes through this one deserializer
/// (serde_path_to_error's, which `decode_error_at` needs for Go-style type errors), so the wasm
/// bundle carries one copy of each type's Deserialize code rather than two.
pub fn decode<T: serde::de::DeserializeOwned>(v: &Value) -> Result<T, serde_json::Error> {
    serde_path_to_error::deserialize(v).map_err(serde_path_to_error::Error::into_inner)
}

macro_rules! objects {
    ($($k:ident => $t:ty),* $(,)?) => {
        /// A stored object of any served kind.
        #[derive(Debug, Clone, PartialEq)]
        pub enum Object { $($k(Box<$t>)),* }

        impl Object {
            pub fn kind(&self) -> Kind {
                match self { $(Object::$k(_) => Kind::$k),* }
            }
            pub fn meta(&self) -> &ObjectMeta {
                match self { $(Object::$k(o) => &o.metadata),* }
            }
            pub fn meta_mut(&mut self) -> &mut ObjectMeta {
                match self { $(Object::$k(o) => &mut o.metadata),* }
            }
            /// The object as the apiserver would serialize it (keys sorted, as kubectl prints them).
            pub fn to_value(&self) -> Value {
                let v = match self { $(Object::$k(o) => serde_json::to_value(o)),* };
                v.unwrap_or(Value::Null)
            }
            /// Decodes a manifest of a known kind (unknown fields are ignored here; see `strict`).
            pub fn from_value(kind: Kind, v: Value) -> Result<Object, serde_json::Error> {
                Ok(match kind { $(Kind::$k => Object::$k(Box::new(decode(&v)?))),* })
            }
            /// Decodes only to learn where decoding fails: the failing field's path and serde's message.
            pub(crate) fn decode_error_at(kind: Kind, v: &Value) -> Option<(serde_path_to_error::Path, String)> {
                let failed = |e: serde_path_to_error::Error<serde_json::Error>| (e.path().clone(), e.into_inner().to_string());
                match kind { $(Kind::$k => serde_path_to_error::deserialize::<_, $t>(v).err().map(failed)),* }
            }
        }
    };
}

objects! {
    Namespace => core::Namespace,
    Node => core::Node,
    Pod => core::Pod,
    Service => core::Service,
    Endpoints => core::Endpoints,
    EndpointSlice => discovery::EndpointSlice,
    Secret => core::Secret,
    ConfigMap => core::ConfigMap,
    ServiceAccount => core::ServiceAccount,
    PersistentVolume => core::PersistentVolume,
    PersistentVolumeClaim => core::PersistentVolumeClaim,
    StorageClass => storage::StorageClass,
    PriorityClass => scheduling::PriorityClass,
    DaemonSet => apps::DaemonSet,
    Deployment => apps::Deployment,
    ReplicaSet => apps::ReplicaSet,
    StatefulSet => apps::StatefulSet,
    ControllerRevision => apps::ControllerRevision,
    Job => batch::Job,
    CronJob => batch::CronJob,
    Lease => coordination::Lease,
    Event => core::Event,
}

impl Object {
    pub fn name(&self) -> &str {
        self.meta().name.as_deref().unwrap_or("")
    }
    pub fn namespace(&self) -> &str {
        self.meta().namespace.as_deref().unwrap_or("")
    }
    pub fn key(&self) -> ObjKey {
        ObjKey::new(self.kind(), self.namespace(), self.name())
    }
    pub fn labels(&self) -> &std::collections::BTreeMap<String, String> {
        static NONE: std::collections::BTreeMap<String, String> = std::collections::BTreeMap::new();
        self.meta().labels.as_ref().unwrap_or(&NONE)
    }
    pub fn uid(&self) -> &str {
        self.meta().uid.as_deref().unwrap_or("")
    }
}

/// The kinds with a status subresource: the object type and its status type.
macro_rules! statuses {
    ($($k:ident => $o:ty, $t:ty);* $(;)?) => {
        /// What a status write carries: the new status of one object (`None` clears it), never a
        /// copy of the metadata and spec the apiserver keeps. Boxed, so a write stays small.
        #[derive(Debug, Clone, PartialEq)]
        pub enum Status { $($k(Option<Box<$t>>)),* }

        $(
            impl From<$t> for Status {
                fn from(s: $t) -> Status { Status::$k(Some(Box::new(s))) }
            }
            impl From<Option<$t>> for Status {
                fn from(s: Option<$t>) -> Status { Status::$k(s.map(Box::new)) }
            }
        )*

        impl Status {
            pub fn kind(&self) -> Kind {
                match self { $(Status::$k(_) => Kind::$k),* }
            }
        }

        impl Object {
            /// Whether both objects are of a kind with a spec (every kind with a status has one)
            /// and their specs are equal.
            pub(crate) fn spec_kept(&self, old: &Object) -> bool {
                match (self, old) {
                    $((Object::$k(a), Object::$k(b)) => a.spec == b.spec,)*
                    _ => false,
                }
            }

            /// Takes `from`'s status (an object of the same kind); false for kinds without one. A
            /// status already equal is kept rather than copied (an update usually sends the status
            /// it read, and comparing costs less than copying one and dropping the other).
            pub(crate) fn set_status_from(&mut self, from: &Object) -> bool {
                match (self, from) {
                    $((Object::$k(a), Object::$k(b)) => {
                        if a.status != b.status {
                            a.status.clone_from(&b.status);
                        }
                        true
                    })*
                    _ => false,
                }
            }

            /// Whether `status` is the status this object has (false for a status of another kind).
            pub(crate) fn has_status(&self, status: &Status) -> bool {
                match (self, status) {
                    $((Object::$k(o), Status::$k(s)) => o.status.as_ref() == s.as_deref(),)*
                    _ => false,
                }
            }

            /// Drops whatever status a create request carried (each strategy's PrepareForCreate
            /// starts the status afresh).
            pub(crate) fn clear_status(&mut self) {
                match self {
                    $(Object::$k(o) => o.status = None,)*
                    _ => {}
                }
            }

            /// Puts `status` in place of this object's own (a status of another kind is ignored).
            pub(crate) fn put_status(&mut self, status: Status) {
                match (self, status) {
                    $((Object::$k(o), Status::$k(s)) => o.status = s.map(|s| *s),)*
                    _ => {}
                }
            }
        }
    };
}

statuses! {
    Namespace => core::Namespace, core::NamespaceStatus;
    Node => core::Node, core::NodeStatus;
    Pod => core::Pod, core::PodStatus;
    Service => core::Service, core::ServiceStatus;
    PersistentVolume => core::PersistentVolume, core::PersistentVolumeStatus;
    PersistentVolumeClaim => core::PersistentVolumeClaim, core::PersistentVolumeClaimStatus;
    DaemonSet => apps::DaemonSet, apps::DaemonSetStatus;
    Deployment => apps::Deployment, apps::DeploymentStatus;
    ReplicaSet => apps::ReplicaSet, apps::ReplicaSetStatus;
    StatefulSet => apps::StatefulSet, apps::StatefulSetStatus;
    Job => batch::Job, batch::JobStatus;
    CronJob => batch::CronJob, batch::CronJobStatus;
}

