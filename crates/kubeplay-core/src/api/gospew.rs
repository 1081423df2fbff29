//! go-spew's `%#v` of a v1.PodTemplateSpec as hashutil.DeepHashObject prints it for
//! controller.ComputeHash (the `pod-template-hash` and `controller-revision-hash` labels), byte for
//! byte, written straight into the hasher.
//!
//! The value printed is the one kube-controller-manager holds: the stored, defaulted template as
//! its informer decoded it from protobuf. So an empty list or map is nil (protobuf does not carry
//! them), a pointer to an empty struct is not, and every quantity went through
//! resource.ParseQuantity of its canonical string. The Go types are k8s.io/api/core/v1 and
//! k8s.io/apimachinery as of release-1.33: struct fields in declaration order, with the Go type
//! names spew prints (`(v1.PullPolicy)IfNotPresent`, `(*int64)30`, `(map[string]string)map[a:b]`,
//! `([]v1.Volume)<nil>`). Approximated: a template `creationTimestamp` other than null prints as
//! the zero time (a real one carries the controller-manager's time.Location), and managedFields'
//! raw bytes are their compact JSON.

use super::quantity::Qty;
use serde_json::{Map, Value};
use std::fmt::{self, Write};

/// A Go type reachable from v1.PodTemplateSpec.
enum T {
    /// A string kind (`string`, `v1.PullPolicy`, `types.UID`), by its Go name.
    Str(&'static str),
    /// A signed integer kind (`int32`, `int64`).
    Int(&'static str),
    Bool,
    Ptr(&'static T),
    /// A slice type and its element.
    Slice(&'static str, &'static T),
    /// A map type with string keys, and its value.
    Map(&'static str, &'static T),
    Struct(&'static S),
    Quantity,
    IntOrString,
    Time,
    /// metav1.FieldsV1's `Raw []byte`.
    Bytes,
}

/// A struct: its Go name and fields (Go name, JSON key, type); an empty JSON key is an embedded
/// struct whose fields are inline in the JSON object.
struct S {
    name: &'static str,
    fields: &'static [(&'static str, &'static str, T)],
}

const STR: T = T::Str("string");
const I32: T = T::Int("int32");
const I64: T = T::Int("int64");
const STRP: T = T::Ptr(&STR);
const I32P: T = T::Ptr(&I32);
const I64P: T = T::Ptr(&I64);
const BOOLP: T = T::Ptr(&T::Bool);
const STRINGS: T = T::Slice("[]string", &STR);
const STRING_MAP: T = T::Map("map[string]string", &STR);
const RESOURCE_LIST: T = T::Map("v1.ResourceList", &T::Quantity);
const fn typed(name: &'static str) -> T {
    T::Str(name)
}
/// A pointer to a struct, the shape of most optional parts of a pod spec.
macro_rules! source {
    ($name:expr, $fields:expr $(,)?) => {
        T::Ptr(&T::Struct(&S { name: $name, fields: $fields }))
    };
}

// k8s.io/apimachinery/pkg/apis/meta/v1.

const LABEL_SELECTOR_REQUIREMENT: S = S {
    name: "v1.LabelSelectorRequirement",
    fields: &[("Key", "key", STR), ("Operator", "operator", typed("v1.LabelSelectorOperator")), ("Values", "values", STRINGS)],
};
const LABEL_SELECTOR: S = S {
    name: "v1.LabelSelector",
    fields: &[("MatchLabels", "matchLabels", STRING_MAP), ("MatchExpressions", "matchExpressions", T::Slice("[]v1.LabelSelectorRequirement", &T::Struct(&LABEL_SELECTOR_REQUIREMENT)))],
};
const LABEL_SELECTOR_P: T = T::Ptr(&T::Struct(&LABEL_SELECTOR));
const OWNER_REFERENCE: S = S {
    name: "v1.OwnerReference",
    fields: &[
        ("APIVersion", "apiVersion", STR),
        ("Kind", "kind", STR),
        ("Name", "name", STR),
        ("UID", "uid", typed("types.UID")),
        ("Controller", "controller", BOOLP),
        ("BlockOwnerDeletion", "blockOwnerDeletion", BOOLP),
    ],
};
const MANAGED_FIELDS_ENTRY: S = S {
    name: "v1.ManagedFieldsEntry",
    fields: &[
        ("Manager", "manager", STR),
        ("Operation", "operation", typed("v1.ManagedFieldsOperationType")),
        ("APIVersion", "apiVersion", STR),
        ("Time", "time", T::Ptr(&T::Time)),
        ("FieldsType", "fieldsType", STR),
        ("FieldsV1", "fieldsV1", T::Ptr(&T::Struct(&S { name: "v1.FieldsV1", fields: &[("Raw", "", T::Bytes)] }))),
        ("Subresource", "subresource", STR),
    ],
};
const OBJECT_META: S = S {
    name: "v1.ObjectMeta",
    fields: &[
        ("Name", "name", STR),
        ("GenerateName", "generateName", STR),
        ("Namespace", "namespace", STR),
        ("SelfLink", "selfLink", STR),
        ("UID", "uid", typed("types.UID")),
        ("ResourceVersion", "resourceVersion", STR),
        ("Generation", "generation", I64),
        ("CreationTimestamp", "creationTimestamp", T::Time),
        ("DeletionTimestamp", "deletionTimestamp", T::Ptr(&T::Time)),
        ("DeletionGracePeriodSeconds", "deletionGracePeriodSeconds", I64P),
        ("Labels", "labels", STRING_MAP),
        ("Annotations", "annotations", STRING_MAP),
        ("OwnerReferences", "ownerReferences", T::Slice("[]v1.OwnerReference", &T::Struct(&OWNER_REFERENCE))),
        ("Finalizers", "finalizers", STRINGS),
        ("ManagedFields", "managedFields", T::Slice("[]v1.ManagedFieldsEntry", &T::Struct(&MANAGED_FIELDS_ENTRY))),
    ],
};

// k8s.io/api/core/v1: volumes.

const LOCAL_OBJECT_REFERENCE: S = S { name: "v1.LocalObjectReference", fields: &[("Name", "name", STR)] };
const LOCAL_REF: T = T::Struct(&LOCAL_OBJECT_REFERENCE);
const LOCAL_REF_P: T = T::Ptr(&LOCAL_REF);
const KEY_TO_PATH: S = S { name: "v1.KeyToPath", fields: &[("Key", "key", STR), ("Path", "path", STR), ("Mode", "mode", I32P)] };
const KEYS_TO_PATHS: T = T::Slice("[]v1.KeyToPath", &T::Struct(&KEY_TO_PATH));
const OBJECT_FIELD_SELECTOR: S = S { name: "v1.ObjectFieldSelector", fields: &[("APIVersion", "apiVersion", STR), ("FieldPath", "fieldPath", STR)] };
const RESOURCE_FIELD_SELECTOR: S =
    S { name: "v1.ResourceFieldSelector", fields: &[("ContainerName", "containerName", STR), ("Resource", "resource", STR), ("Divisor", "divisor", T::Quantity)] };
const DOWNWARD_API_VOLUME_FILE: S = S {
    name: "v1.DownwardAPIVolumeFile",
    fields: &[
        ("Path", "path", STR),
        ("FieldRef", "fieldRef", T::Ptr(&T::Struct(&OBJECT_FIELD_SELECTOR))),
        ("ResourceFieldRef", "resourceFieldRef", T::Ptr(&T::Struct(&RESOURCE_FIELD_SELECTOR))),
        ("Mode", "mode", I32P),
    ],
};
const DOWNWARD_API_FILES: T = T::Slice("[]v1.DownwardAPIVolumeFile", &T::Struct(&DOWNWARD_API_VOLUME_FILE));
const TYPED_LOCAL_OBJECT_REFERENCE: S = S { name: "v1.TypedLocalObjectReference", fields: &[("APIGroup", "apiGroup", STRP), ("Kind", "kind", STR), ("Name", "name", STR)] };
const TYPED_OBJECT_REFERENCE: S =
    S { name: "v1.TypedObjectReference", fields: &[("APIGroup", "apiGroup", STRP), ("Kind", "kind", STR), ("Name", "name", STR), ("Namespace", "namespace", STRP)] };
const VOLUME_RESOURCE_REQUIREMENTS: S = S { name: "v1.VolumeResourceRequirements", fields: &[("Limits", "limits", RESOURCE_LIST), ("Requests", "requests", RESOURCE_LIST)] };
const PERSISTENT_VOLUME_CLAIM_SPEC: S = S {
    name: "v1.PersistentVolumeClaimSpec",
    fields: &[
        ("AccessModes", "accessModes", T::Slice("[]v1.PersistentVolumeAccessMode", &typed("v1.PersistentVolumeAccessMode"))),
        ("Selector", "selector", LABEL_SELECTOR_P),
        ("Resources", "resources", T::Struct(&VOLUME_RESOURCE_REQUIREMENTS)),
        ("VolumeName", "volumeName", STR),
        ("StorageClassName", "storageClassName", STRP),
        ("VolumeMode", "volumeMode", T::Ptr(&typed("v1.PersistentVolumeMode"))),
        ("DataSource", "dataSource", T::Ptr(&T::Struct(&TYPED_LOCAL_OBJECT_REFERENCE))),
        ("DataSourceRef", "dataSourceRef", T::Ptr(&T::Struct(&TYPED_OBJECT_REFERENCE))),
        ("VolumeAttributesClassName", "volumeAttributesClassName", STRP),
    ],
};
const EPHEMERAL_VOLUME_SOURCE: S = S {
    name: "v1.EphemeralVolumeSource",
    fields: &[(
        "VolumeClaimTemplate",
        "volumeClaimTemplate",
        T::Ptr(&T::Struct(&S {
            name: "v1.PersistentVolumeClaimTemplate",
            fields: &[("ObjectMeta", "metadata", T::Struct(&OBJECT_META)), ("Spec", "spec", T::Struct(&PERSISTENT_VOLUME_CLAIM_SPEC))],
        })),
    )],
};
const VOLUME_PROJECTION: S = S {
    name: "v1.VolumeProjection",
    fields: &[
        (
            "Secret",
            "secret",
            T::Ptr(&T::Struct(&S { name: "v1.SecretProjection", fields: &[("LocalObjectReference", "", LOCAL_REF), ("Items", "items", KEYS_TO_PATHS), ("Optional", "optional", BOOLP)] })),
        ),
        ("DownwardAPI", "downwardAPI", T::Ptr(&T::Struct(&S { name: "v1.DownwardAPIProjection", fields: &[("Items", "items", DOWNWARD_API_FILES)] }))),
        (
            "ConfigMap",
            "configMap",
            T::Ptr(&T::Struct(&S { name: "v1.ConfigMapProjection", fields: &[("LocalObjectReference", "", LOCAL_REF), ("Items", "items", KEYS_TO_PATHS), ("Optional", "optional", BOOLP)] })),
        ),
        (
            "ServiceAccountToken",
            "serviceAccountToken",
            T::Ptr(&T::Struct(&S {
                name: "v1.ServiceAccountTokenProjection",
                fields: &[("Audience", "audience", STR), ("ExpirationSeconds", "expirationSeconds", I64P), ("Path", "path", STR)],
            })),
        ),
        (
            "ClusterTrustBundle",
            "clusterTrustBundle",
            T::Ptr(&T::Struct(&S {
                name: "v1.ClusterTrustBundleProjection",
                fields: &[("Name", "name", STRP), ("SignerName", "signerName", STRP), ("LabelSelector", "labelSelector", LABEL_SELECTOR_P), ("Optional", "optional", BOOLP), ("Path", "path", STR)],
            })),
        ),
    ],
};
const VOLUME_SOURCE: S = S {
    name: "v1.VolumeSource",
    fields: &[
        ("HostPath", "hostPath", source!("v1.HostPathVolumeSource", &[("Path", "path", STR), ("Type", "type", T::Ptr(&typed("v1.HostPathType")))])),
        ("EmptyDir", "emptyDir", source!("v1.EmptyDirVolumeSource", &[("Medium", "medium", typed("v1.StorageMedium")), ("SizeLimit", "sizeLimit", T::Ptr(&T::Quantity))])),
        (
            "GCEPersistentDisk",
            "gcePersistentDisk",
            source!("v1.GCEPersistentDiskVolumeSource", &[("PDName", "pdName", STR), ("FSType", "fsType", STR), ("Partition", "partition", I32), ("ReadOnly", "readOnly", T::Bool)]),
        ),
        (
            "AWSElasticBlockStore",
            "awsElasticBlockStore",
            source!("v1.AWSElasticBlockStoreVolumeSource", &[("VolumeID", "volumeID", STR), ("FSType", "fsType", STR), ("Partition", "partition", I32), ("ReadOnly", "readOnly", T::Bool)]),
        ),
        ("GitRepo", "gitRepo", source!("v1.GitRepoVolumeSource", &[("Repository", "repository", STR), ("Revision", "revision", STR), ("Directory", "directory", STR)])),
        (
            "Secret",
            "secret",
            source!("v1.SecretVolumeSource", &[("SecretName", "secretName", STR), ("Items", "items", KEYS_TO_PATHS), ("DefaultMode", "defaultMode", I32P), ("Optional", "optional", BOOLP)]),
        ),
        ("NFS", "nfs", source!("v1.NFSVolumeSource", &[("Server", "server", STR), ("Path", "path", STR), ("ReadOnly", "readOnly", T::Bool)])),
        (
            "ISCSI",
            "iscsi",
            source!(
                "v1.ISCSIVolumeSource",
                &[
                    ("TargetPortal", "targetPortal", STR),
                    ("IQN", "iqn", STR),
                    ("Lun", "lun", I32),
                    ("ISCSIInterface", "iscsiInterface", STR),
                    ("FSType", "fsType", STR),
                    ("ReadOnly", "readOnly", T::Bool),
                    ("Portals", "portals", STRINGS),
                    ("DiscoveryCHAPAuth", "chapAuthDiscovery", T::Bool),
                    ("SessionCHAPAuth", "chapAuthSession", T::Bool),
                    ("SecretRef", "secretRef", LOCAL_REF_P),
                    ("InitiatorName", "initiatorName", STRP),
                ],
            ),
        ),
        ("Glusterfs", "glusterfs", source!("v1.GlusterfsVolumeSource", &[("EndpointsName", "endpoints", STR), ("Path", "path", STR), ("ReadOnly", "readOnly", T::Bool)])),
        ("PersistentVolumeClaim", "persistentVolumeClaim", source!("v1.PersistentVolumeClaimVolumeSource", &[("ClaimName", "claimName", STR), ("ReadOnly", "readOnly", T::Bool)])),
        (
            "RBD",
            "rbd",
            source!(
                "v1.RBDVolumeSource",
                &[
                    ("CephMonitors", "monitors", STRINGS),
                    ("RBDImage", "image", STR),
                    ("FSType", "fsType", STR),
                    ("RBDPool", "pool", STR),
                    ("RadosUser", "user", STR),
                    ("Keyring", "keyring", STR),
                    ("SecretRef", "secretRef", LOCAL_REF_P),
                    ("ReadOnly", "readOnly", T::Bool),
                ],
            ),
        ),
        (
            "FlexVolume",
            "flexVolume",
            source!(
                "v1.FlexVolumeSource",
                &[("Driver", "driver", STR), ("FSType", "fsType", STR), ("SecretRef", "secretRef", LOCAL_REF_P), ("ReadOnly", "readOnly", T::Bool), ("Options", "options", STRING_MAP)],
            ),
        ),
        (
            "Cinder",
            "cinder",
            source!("v1.CinderVolumeSource", &[("VolumeID", "volumeID", STR), ("FSType", "fsType", STR), ("ReadOnly", "readOnly", T::Bool), ("SecretRef", "secretRef", LOCAL_REF_P)]),
        ),
        (
            "CephFS",
            "cephfs",
            source!(
                "v1.CephFSVolumeSource",
                &[
                    ("Monitors", "monitors", STRINGS),
                    ("Path", "path", STR),
                    ("User", "user", STR),
                    ("SecretFile", "secretFile", STR),
                    ("SecretRef", "secretRef", LOCAL_REF_P),
                    ("ReadOnly", "readOnly", T::Bool),
                ],
            ),
        ),
        ("Flocker", "flocker", source!("v1.FlockerVolumeSource", &[("DatasetName", "datasetName", STR), ("DatasetUUID", "datasetUUID", STR)])),
        ("DownwardAPI", "downwardAPI", source!("v1.DownwardAPIVolumeSource", &[("Items", "items", DOWNWARD_API_FILES), ("DefaultMode", "defaultMode", I32P)])),
        (
            "FC",
            "fc",
            source!(
                "v1.FCVolumeSource",
                &[("TargetWWNs", "targetWWNs", STRINGS), ("Lun", "lun", I32P), ("FSType", "fsType", STR), ("ReadOnly", "readOnly", T::Bool), ("WWIDs", "wwids", STRINGS)],
            ),
        ),
        ("AzureFile", "azureFile", source!("v1.AzureFileVolumeSource", &[("SecretName", "secretName", STR), ("ShareName", "shareName", STR), ("ReadOnly", "readOnly", T::Bool)])),
        (
            "ConfigMap",
            "configMap",
            source!(
                "v1.ConfigMapVolumeSource",
                &[("LocalObjectReference", "", LOCAL_REF), ("Items", "items", KEYS_TO_PATHS), ("DefaultMode", "defaultMode", I32P), ("Optional", "optional", BOOLP)],
            ),
        ),
        (
            "VsphereVolume",
            "vsphereVolume",
            source!(
                "v1.VsphereVirtualDiskVolumeSource",
                &[("VolumePath", "volumePath", STR), ("FSType", "fsType", STR), ("StoragePolicyName", "storagePolicyName", STR), ("StoragePolicyID", "storagePolicyID", STR)],
            ),
        ),
        (
            "Quobyte",
            "quobyte",
            source!(
                "v1.QuobyteVolumeSource",
                &[("Registry", "registry", STR), ("Volume", "volume", STR), ("ReadOnly", "readOnly", T::Bool), ("User", "user", STR), ("Group", "group", STR), ("Tenant", "tenant", STR)],
            ),
        ),
        (
            "AzureDisk",
            "azureDisk",
            source!(
                "v1.AzureDiskVolumeSource",
                &[
                    ("DiskName", "diskName", STR),
                    ("DataDiskURI", "diskURI", STR),
                    ("CachingMode", "cachingMode", T::Ptr(&typed("v1.AzureDataDiskCachingMode"))),
                    ("FSType", "fsType", STRP),
                    ("ReadOnly", "readOnly", BOOLP),
                    ("Kind", "kind", T::Ptr(&typed("v1.AzureDataDiskKind"))),
                ],
            ),
        ),
        ("PhotonPersistentDisk", "photonPersistentDisk", source!("v1.PhotonPersistentDiskVolumeSource", &[("PdID", "pdID", STR), ("FSType", "fsType", STR)])),
        ("Projected", "projected", source!("v1.ProjectedVolumeSource", &[("Sources", "sources", T::Slice("[]v1.VolumeProjection", &T::Struct(&VOLUME_PROJECTION))), ("DefaultMode", "defaultMode", I32P)])),
        ("PortworxVolume", "portworxVolume", source!("v1.PortworxVolumeSource", &[("VolumeID", "volumeID", STR), ("FSType", "fsType", STR), ("ReadOnly", "readOnly", T::Bool)])),
        (
            "ScaleIO",
            "scaleIO",
            source!(
                "v1.ScaleIOVolumeSource",
                &[
                    ("Gateway", "gateway", STR),
                    ("System", "system", STR),
                    ("SecretRef", "secretRef", LOCAL_REF_P),
                    ("SSLEnabled", "sslEnabled", T::Bool),
                    ("ProtectionDomain", "protectionDomain", STR),
                    ("StoragePool", "storagePool", STR),
                    ("StorageMode", "storageMode", STR),
                    ("VolumeName", "volumeName", STR),
                    ("FSType", "fsType", STR),
                    ("ReadOnly", "readOnly", T::Bool),
                ],
            ),
        ),
        (
            "StorageOS",
            "storageos",
            source!(
                "v1.StorageOSVolumeSource",
                &[("VolumeName", "volumeName", STR), ("VolumeNamespace", "volumeNamespace", STR), ("FSType", "fsType", STR), ("ReadOnly", "readOnly", T::Bool), ("SecretRef", "secretRef", LOCAL_REF_P)],
            ),
        ),
        (
            "CSI",
            "csi",
            source!(
                "v1.CSIVolumeSource",
                &[
                    ("Driver", "driver", STR),
                    ("ReadOnly", "readOnly", BOOLP),
                    ("FSType", "fsType", STRP),
                    ("VolumeAttributes", "volumeAttributes", STRING_MAP),
                    ("NodePublishSecretRef", "nodePublishSecretRef", LOCAL_REF_P),
                ],
            ),
        ),
        ("Ephemeral", "ephemeral", T::Ptr(&T::Struct(&EPHEMERAL_VOLUME_SOURCE))),
        ("Image", "image", source!("v1.ImageVolumeSource", &[("Reference", "reference", STR), ("PullPolicy", "pullPolicy", typed("v1.PullPolicy"))])),
    ],
};
const VOLUME: S = S { name: "v1.Volume", fields: &[("Name", "name", STR), ("VolumeSource", "", T::Struct(&VOLUME_SOURCE))] };

// Containers.

const CONTAINER_PORT: S = S {
    name: "v1.ContainerPort",
    fields: &[("Name", "name", STR), ("HostPort", "hostPort", I32), ("ContainerPort", "containerPort", I32), ("Protocol", "protocol", typed("v1.Protocol")), ("HostIP", "hostIP", STR)],
};
const ENV_FROM_SOURCE: S = S {
    name: "v1.EnvFromSource",
    fields: &[
        ("Prefix", "prefix", STR),
        ("ConfigMapRef", "configMapRef", source!("v1.ConfigMapEnvSource", &[("LocalObjectReference", "", LOCAL_REF), ("Optional", "optional", BOOLP)])),
        ("SecretRef", "secretRef", source!("v1.SecretEnvSource", &[("LocalObjectReference", "", LOCAL_REF), ("Optional", "optional", BOOLP)])),
    ],
};
const ENV_VAR_SOURCE: S = S {
    name: "v1.EnvVarSource",
    fields: &[
        ("FieldRef", "fieldRef", T::Ptr(&T::Struct(&OBJECT_FIELD_SELECTOR))),
        ("ResourceFieldRef", "resourceFieldRef", T::Ptr(&T::Struct(&RESOURCE_FIELD_SELECTOR))),
        ("ConfigMapKeyRef", "configMapKeyRef", source!("v1.ConfigMapKeySelector", &[("LocalObjectReference", "", LOCAL_REF), ("Key", "key", STR), ("Optional", "optional", BOOLP)])),
        ("SecretKeyRef", "secretKeyRef", source!("v1.SecretKeySelector", &[("LocalObjectReference", "", LOCAL_REF), ("Key", "key", STR), ("Optional", "optional", BOOLP)])),
    ],
};
const ENV_VAR: S = S { name: "v1.EnvVar", fields: &[("Name", "name", STR), ("Value", "value", STR), ("ValueFrom", "valueFrom", T::Ptr(&T::Struct(&ENV_VAR_SOURCE)))] };
const RESOURCE_REQUIREMENTS: S = S {
    name: "v1.ResourceRequirements",
    fields: &[
        ("Limits", "limits", RESOURCE_LIST),
        ("Requests", "requests", RESOURCE_LIST),
        ("Claims", "claims", T::Slice("[]v1.ResourceClaim", &T::Struct(&S { name: "v1.ResourceClaim", fields: &[("Name", "name", STR), ("Request", "request", STR)] }))),
    ],
};
const CONTAINER_RESIZE_POLICY: S = S {
    name: "v1.ContainerResizePolicy",
    fields: &[("ResourceName", "resourceName", typed("v1.ResourceName")), ("RestartPolicy", "restartPolicy", typed("v1.ResourceResizeRestartPolicy"))],
};
const VOLUME_MOUNT: S = S {
    name: "v1.VolumeMount",
    fields: &[
        ("Name", "name", STR),
        ("ReadOnly", "readOnly", T::Bool),
        ("RecursiveReadOnly", "recursiveReadOnly", T::Ptr(&typed("v1.RecursiveReadOnlyMode"))),
        ("MountPath", "mountPath", STR),
        ("SubPath", "subPath", STR),
        ("MountPropagation", "mountPropagation", T::Ptr(&typed("v1.MountPropagationMode"))),
        ("SubPathExpr", "subPathExpr", STR),
    ],
};
const EXEC_ACTION: T = source!("v1.ExecAction", &[("Command", "command", STRINGS)]);
const HTTP_GET_ACTION: T = source!(
    "v1.HTTPGetAction",
    &[
        ("Path", "path", STR),
        ("Port", "port", T::IntOrString),
        ("Host", "host", STR),
        ("Scheme", "scheme", typed("v1.URIScheme")),
        ("HTTPHeaders", "httpHeaders", T::Slice("[]v1.HTTPHeader", &T::Struct(&S { name: "v1.HTTPHeader", fields: &[("Name", "name", STR), ("Value", "value", STR)] }))),
    ],
);
const TCP_SOCKET_ACTION: T = source!("v1.TCPSocketAction", &[("Port", "port", T::IntOrString), ("Host", "host", STR)]);
const PROBE: S = S {
    name: "v1.Probe",
    fields: &[
        (
            "ProbeHandler",
            "",
            T::Struct(&S {
                name: "v1.ProbeHandler",
                fields: &[
                    ("Exec", "exec", EXEC_ACTION),
                    ("HTTPGet", "httpGet", HTTP_GET_ACTION),
                    ("TCPSocket", "tcpSocket", TCP_SOCKET_ACTION),
                    ("GRPC", "grpc", source!("v1.GRPCAction", &[("Port", "port", I32), ("Service", "service", STRP)])),
                ],
            }),
        ),
        ("InitialDelaySeconds", "initialDelaySeconds", I32),
        ("TimeoutSeconds", "timeoutSeconds", I32),
        ("PeriodSeconds", "periodSeconds", I32),
        ("SuccessThreshold", "successThreshold", I32),
        ("FailureThreshold", "failureThreshold", I32),
        ("TerminationGracePeriodSeconds", "terminationGracePeriodSeconds", I64P),
    ],
};
const PROBE_P: T = T::Ptr(&T::Struct(&PROBE));
const LIFECYCLE_HANDLER: T = source!(
    "v1.LifecycleHandler",
    &[
        ("Exec", "exec", EXEC_ACTION),
        ("HTTPGet", "httpGet", HTTP_GET_ACTION),
        ("TCPSocket", "tcpSocket", TCP_SOCKET_ACTION),
        ("Sleep", "sleep", source!("v1.SleepAction", &[("Seconds", "seconds", I64)])),
    ],
);
const LIFECYCLE: T = source!("v1.Lifecycle", &[("PostStart", "postStart", LIFECYCLE_HANDLER), ("PreStop", "preStop", LIFECYCLE_HANDLER), ("StopSignal", "stopSignal", T::Ptr(&typed("v1.Signal")))]);
const SE_LINUX_OPTIONS: T = source!("v1.SELinuxOptions", &[("User", "user", STR), ("Role", "role", STR), ("Type", "type", STR), ("Level", "level", STR)]);
const WINDOWS_OPTIONS: T = source!(
    "v1.WindowsSecurityContextOptions",
    &[("GMSACredentialSpecName", "gmsaCredentialSpecName", STRP), ("GMSACredentialSpec", "gmsaCredentialSpec", STRP), ("RunAsUserName", "runAsUserName", STRP), ("HostProcess", "hostProcess", BOOLP)],
);
const SECCOMP_PROFILE: T = source!("v1.SeccompProfile", &[("Type", "type", typed("v1.SeccompProfileType")), ("LocalhostProfile", "localhostProfile", STRP)]);
const APP_ARMOR_PROFILE: T = source!("v1.AppArmorProfile", &[("Type", "type", typed("v1.AppArmorProfileType")), ("LocalhostProfile", "localhostProfile", STRP)]);
const SECURITY_CONTEXT: T = source!(
    "v1.SecurityContext",
    &[
        (
            "Capabilities",
            "capabilities",
            source!("v1.Capabilities", &[("Add", "add", T::Slice("[]v1.Capability", &typed("v1.Capability"))), ("Drop", "drop", T::Slice("[]v1.Capability", &typed("v1.Capability")))]),
        ),
        ("Privileged", "privileged", BOOLP),
        ("SELinuxOptions", "seLinuxOptions", SE_LINUX_OPTIONS),
        ("WindowsOptions", "windowsOptions", WINDOWS_OPTIONS),
        ("RunAsUser", "runAsUser", I64P),
        ("RunAsGroup", "runAsGroup", I64P),
        ("RunAsNonRoot", "runAsNonRoot", BOOLP),
        ("ReadOnlyRootFilesystem", "readOnlyRootFilesystem", BOOLP),
        ("AllowPrivilegeEscalation", "allowPrivilegeEscalation", BOOLP),
        ("ProcMount", "procMount", T::Ptr(&typed("v1.ProcMountType"))),
        ("SeccompProfile", "seccompProfile", SECCOMP_PROFILE),
        ("AppArmorProfile", "appArmorProfile", APP_ARMOR_PROFILE),
    ],
);
/// Container's fields, which EphemeralContainerCommon repeats in the same order.
const CONTAINER_FIELDS: &[(&str, &str, T)] = &[
    ("Name", "name", STR),
    ("Image", "image", STR),
    ("Command", "command", STRINGS),
    ("Args", "args", STRINGS),
    ("WorkingDir", "workingDir", STR),
    ("Ports", "ports", T::Slice("[]v1.ContainerPort", &T::Struct(&CONTAINER_PORT))),
    ("EnvFrom", "envFrom", T::Slice("[]v1.EnvFromSource", &T::Struct(&ENV_FROM_SOURCE))),
    ("Env", "env", T::Slice("[]v1.EnvVar", &T::Struct(&ENV_VAR))),
    ("Resources", "resources", T::Struct(&RESOURCE_REQUIREMENTS)),
    ("ResizePolicy", "resizePolicy", T::Slice("[]v1.ContainerResizePolicy", &T::Struct(&CONTAINER_RESIZE_POLICY))),
    ("RestartPolicy", "restartPolicy", T::Ptr(&typed("v1.ContainerRestartPolicy"))),
    ("VolumeMounts", "volumeMounts", T::Slice("[]v1.VolumeMount", &T::Struct(&VOLUME_MOUNT))),
    ("VolumeDevices", "volumeDevices", T::Slice("[]v1.VolumeDevice", &T::Struct(&S { name: "v1.VolumeDevice", fields: &[("Name", "name", STR), ("DevicePath", "devicePath", STR)] }))),
    ("LivenessProbe", "livenessProbe", PROBE_P),
    ("ReadinessProbe", "readinessProbe", PROBE_P),
    ("StartupProbe", "startupProbe", PROBE_P),
    ("Lifecycle", "lifecycle", LIFECYCLE),
    ("TerminationMessagePath", "terminationMessagePath", STR),
    ("TerminationMessagePolicy", "terminationMessagePolicy", typed("v1.TerminationMessagePolicy")),
    ("ImagePullPolicy", "imagePullPolicy", typed("v1.PullPolicy")),
    ("SecurityContext", "securityContext", SECURITY_CONTEXT),
    ("Stdin", "stdin", T::Bool),
    ("StdinOnce", "stdinOnce", T::Bool),
    ("TTY", "tty", T::Bool),
];
const CONTAINERS: T = T::Slice("[]v1.Container", &T::Struct(&S { name: "v1.Container", fields: CONTAINER_FIELDS }));
const EPHEMERAL_CONTAINER: S = S {
    name: "v1.EphemeralContainer",
    fields: &[("EphemeralContainerCommon", "", T::Struct(&S { name: "v1.EphemeralContainerCommon", fields: CONTAINER_FIELDS })), ("TargetContainerName", "targetContainerName", STR)],
};

// Scheduling.

const NODE_SELECTOR_TERM: S = S {
    name: "v1.NodeSelectorTerm",
    fields: &[("MatchExpressions", "matchExpressions", NODE_SELECTOR_REQUIREMENTS), ("MatchFields", "matchFields", NODE_SELECTOR_REQUIREMENTS)],
};
const NODE_SELECTOR_REQUIREMENTS: T = T::Slice(
    "[]v1.NodeSelectorRequirement",
    &T::Struct(&S { name: "v1.NodeSelectorRequirement", fields: &[("Key", "key", STR), ("Operator", "operator", typed("v1.NodeSelectorOperator")), ("Values", "values", STRINGS)] }),
);
const POD_AFFINITY_TERM: S = S {
    name: "v1.PodAffinityTerm",
    fields: &[
        ("LabelSelector", "labelSelector", LABEL_SELECTOR_P),
        ("Namespaces", "namespaces", STRINGS),
        ("TopologyKey", "topologyKey", STR),
        ("NamespaceSelector", "namespaceSelector", LABEL_SELECTOR_P),
        ("MatchLabelKeys", "matchLabelKeys", STRINGS),
        ("MismatchLabelKeys", "mismatchLabelKeys", STRINGS),
    ],
};
const POD_AFFINITY_FIELDS: &[(&str, &str, T)] = &[
    ("RequiredDuringSchedulingIgnoredDuringExecution", "requiredDuringSchedulingIgnoredDuringExecution", T::Slice("[]v1.PodAffinityTerm", &T::Struct(&POD_AFFINITY_TERM))),
    (
        "PreferredDuringSchedulingIgnoredDuringExecution",
        "preferredDuringSchedulingIgnoredDuringExecution",
        T::Slice("[]v1.WeightedPodAffinityTerm", &T::Struct(&S { name: "v1.WeightedPodAffinityTerm", fields: &[("Weight", "weight", I32), ("PodAffinityTerm", "podAffinityTerm", T::Struct(&POD_AFFINITY_TERM))] })),
    ),
];
const AFFINITY: T = source!(
    "v1.Affinity",
    &[
        (
            "NodeAffinity",
            "nodeAffinity",
            source!(
                "v1.NodeAffinity",
                &[
                    (
                        "RequiredDuringSchedulingIgnoredDuringExecution",
                        "requiredDuringSchedulingIgnoredDuringExecution",
                        source!("v1.NodeSelector", &[("NodeSelectorTerms", "nodeSelectorTerms", T::Slice("[]v1.NodeSelectorTerm", &T::Struct(&NODE_SELECTOR_TERM)))]),
                    ),
                    (
                        "PreferredDuringSchedulingIgnoredDuringExecution",
                        "preferredDuringSchedulingIgnoredDuringExecution",
                        T::Slice("[]v1.PreferredSchedulingTerm", &T::Struct(&S { name: "v1.PreferredSchedulingTerm", fields: &[("Weight", "weight", I32), ("Preference", "preference", T::Struct(&NODE_SELECTOR_TERM))] })),
                    ),
                ],
            ),
        ),
        ("PodAffinity", "podAffinity", source!("v1.PodAffinity", POD_AFFINITY_FIELDS)),
        ("PodAntiAffinity", "podAntiAffinity", source!("v1.PodAntiAffinity", POD_AFFINITY_FIELDS)),
    ],
);
const TOLERATION: S = S {
    name: "v1.Toleration",
    fields: &[
        ("Key", "key", STR),
        ("Operator", "operator", typed("v1.TolerationOperator")),
        ("Value", "value", STR),
        ("Effect", "effect", typed("v1.TaintEffect")),
        ("TolerationSeconds", "tolerationSeconds", I64P),
    ],
};
const TOPOLOGY_SPREAD_CONSTRAINT: S = S {
    name: "v1.TopologySpreadConstraint",
    fields: &[
        ("MaxSkew", "maxSkew", I32),
        ("TopologyKey", "topologyKey", STR),
        ("WhenUnsatisfiable", "whenUnsatisfiable", typed("v1.UnsatisfiableConstraintAction")),
        ("LabelSelector", "labelSelector", LABEL_SELECTOR_P),
        ("MinDomains", "minDomains", I32P),
        ("NodeAffinityPolicy", "nodeAffinityPolicy", T::Ptr(&typed("v1.NodeInclusionPolicy"))),
        ("NodeTaintsPolicy", "nodeTaintsPolicy", T::Ptr(&typed("v1.NodeInclusionPolicy"))),
        ("MatchLabelKeys", "matchLabelKeys", STRINGS),
    ],
};
const POD_SECURITY_CONTEXT: T = source!(
    "v1.PodSecurityContext",
    &[
        ("SELinuxOptions", "seLinuxOptions", SE_LINUX_OPTIONS),
        ("WindowsOptions", "windowsOptions", WINDOWS_OPTIONS),
        ("RunAsUser", "runAsUser", I64P),
        ("RunAsGroup", "runAsGroup", I64P),
        ("RunAsNonRoot", "runAsNonRoot", BOOLP),
        ("SupplementalGroups", "supplementalGroups", T::Slice("[]int64", &I64)),
        ("SupplementalGroupsPolicy", "supplementalGroupsPolicy", T::Ptr(&typed("v1.SupplementalGroupsPolicy"))),
        ("FSGroup", "fsGroup", I64P),
        ("Sysctls", "sysctls", T::Slice("[]v1.Sysctl", &T::Struct(&S { name: "v1.Sysctl", fields: &[("Name", "name", STR), ("Value", "value", STR)] }))),
        ("FSGroupChangePolicy", "fsGroupChangePolicy", T::Ptr(&typed("v1.PodFSGroupChangePolicy"))),
        ("SeccompProfile", "seccompProfile", SECCOMP_PROFILE),
        ("AppArmorProfile", "appArmorProfile", APP_ARMOR_PROFILE),
        ("SELinuxChangePolicy", "seLinuxChangePolicy", T::Ptr(&typed("v1.PodSELinuxChangePolicy"))),
    ],
);
const POD_DNS_CONFIG: T = source!(
    "v1.PodDNSConfig",
    &[
        ("Nameservers", "nameservers", STRINGS),
        ("Searches", "searches", STRINGS),
        ("Options", "options", T::Slice("[]v1.PodDNSConfigOption", &T::Struct(&S { name: "v1.PodDNSConfigOption", fields: &[("Name", "name", STR), ("Value", "value", STRP)] }))),
    ],
);

const POD_SPEC: S = S {
    name: "v1.PodSpec",
    fields: &[
        ("Volumes", "volumes", T::Slice("[]v1.Volume", &T::Struct(&VOLUME))),
        ("InitContainers", "initContainers", CONTAINERS),
        ("Containers", "containers", CONTAINERS),
        ("EphemeralContainers", "ephemeralContainers", T::Slice("[]v1.EphemeralContainer", &T::Struct(&EPHEMERAL_CONTAINER))),
        ("RestartPolicy", "restartPolicy", typed("v1.RestartPolicy")),
        ("TerminationGracePeriodSeconds", "terminationGracePeriodSeconds", I64P),
        ("ActiveDeadlineSeconds", "activeDeadlineSeconds", I64P),
        ("DNSPolicy", "dnsPolicy", typed("v1.DNSPolicy")),
        ("NodeSelector", "nodeSelector", STRING_MAP),
        ("ServiceAccountName", "serviceAccountName", STR),
        ("DeprecatedServiceAccount", "serviceAccount", STR),
        ("AutomountServiceAccountToken", "automountServiceAccountToken", BOOLP),
        ("NodeName", "nodeName", STR),
        ("HostNetwork", "hostNetwork", T::Bool),
        ("HostPID", "hostPID", T::Bool),
        ("HostIPC", "hostIPC", T::Bool),
        ("ShareProcessNamespace", "shareProcessNamespace", BOOLP),
        ("SecurityContext", "securityContext", POD_SECURITY_CONTEXT),
        ("ImagePullSecrets", "imagePullSecrets", T::Slice("[]v1.LocalObjectReference", &LOCAL_REF)),
        ("Hostname", "hostname", STR),
        ("Subdomain", "subdomain", STR),
        ("Affinity", "affinity", AFFINITY),
        ("SchedulerName", "schedulerName", STR),
        ("Tolerations", "tolerations", T::Slice("[]v1.Toleration", &T::Struct(&TOLERATION))),
        ("HostAliases", "hostAliases", T::Slice("[]v1.HostAlias", &T::Struct(&S { name: "v1.HostAlias", fields: &[("IP", "ip", STR), ("Hostnames", "hostnames", STRINGS)] }))),
        ("PriorityClassName", "priorityClassName", STR),
        ("Priority", "priority", I32P),
        ("DNSConfig", "dnsConfig", POD_DNS_CONFIG),
        ("ReadinessGates", "readinessGates", T::Slice("[]v1.PodReadinessGate", &T::Struct(&S { name: "v1.PodReadinessGate", fields: &[("ConditionType", "conditionType", typed("v1.PodConditionType"))] }))),
        ("RuntimeClassName", "runtimeClassName", STRP),
        ("EnableServiceLinks", "enableServiceLinks", BOOLP),
        ("PreemptionPolicy", "preemptionPolicy", T::Ptr(&typed("v1.PreemptionPolicy"))),
        ("Overhead", "overhead", RESOURCE_LIST),
        ("TopologySpreadConstraints", "topologySpreadConstraints", T::Slice("[]v1.TopologySpreadConstraint", &T::Struct(&TOPOLOGY_SPREAD_CONSTRAINT))),
        ("SetHostnameAsFQDN", "setHostnameAsFQDN", BOOLP),
        ("OS", "os", source!("v1.PodOS", &[("Name", "name", typed("v1.OSName"))])),
        ("HostUsers", "hostUsers", BOOLP),
        ("SchedulingGates", "schedulingGates", T::Slice("[]v1.PodSchedulingGate", &T::Struct(&S { name: "v1.PodSchedulingGate", fields: &[("Name", "name", STR)] }))),
        (
            "ResourceClaims",
            "resourceClaims",
            T::Slice(
                "[]v1.PodResourceClaim",
                &T::Struct(&S {
                    name: "v1.PodResourceClaim",
                    fields: &[("Name", "name", STR), ("ResourceClaimName", "resourceClaimName", STRP), ("ResourceClaimTemplateName", "resourceClaimTemplateName", STRP)],
                }),
            ),
        ),
        ("Resources", "resources", T::Ptr(&T::Struct(&RESOURCE_REQUIREMENTS))),
    ],
};
const POD_TEMPLATE_SPEC: S = S { name: "v1.PodTemplateSpec", fields: &[("ObjectMeta", "metadata", T::Struct(&OBJECT_META)), ("Spec", "spec", T::Struct(&POD_SPEC))] };

/// `%#v` of the v1.PodTemplateSpec whose JSON is `template`, as DeepHashObject prints it.
pub fn write_pod_template(out: &mut impl Write, template: &Value) -> fmt::Result {
    value(out, &T::Struct(&POD_TEMPLATE_SPEC), Some(template), true)
}

/// formatState.format: `(type)` first unless the caller already printed it (spew's
/// ignoreNextType: slice elements, map keys and values, a pointer's target), then the value.
fn value(out: &mut impl Write, t: &T, v: Option<&Value>, show_type: bool) -> fmt::Result {
    let v = v.filter(|v| !v.is_null());
    if let T::Ptr(inner) = t {
        return pointer(out, inner, v, show_type);
    }
    if show_type {
        out.write_char('(')?;
        type_name(out, t)?;
        out.write_char(')')?;
    }
    match t {
        T::Str(_) => out.write_str(v.and_then(Value::as_str).unwrap_or_default()),
        T::Int(_) => write!(out, "{}", v.and_then(Value::as_i64).unwrap_or_default()),
        T::Bool => write!(out, "{}", v.and_then(Value::as_bool).unwrap_or_default()),
        T::Slice(_, elem) => match v.and_then(Value::as_array).filter(|a| !a.is_empty()) {
            None => out.write_str("<nil>"),
            Some(items) => {
                out.write_char('[')?;
                for (i, x) in items.iter().enumerate() {
                    if i > 0 {
                        out.write_char(' ')?;
                    }
                    value(out, elem, Some(x), false)?;
                }
                out.write_char(']')
            }
        },
        T::Map(_, elem) => match v.and_then(Value::as_object).filter(|m| !m.is_empty()) {
            None => out.write_str("<nil>"),
            Some(m) => map(out, elem, m),
        },
        T::Struct(s) => fields(out, s, v),
        T::Quantity => quantity(out, v),
        T::IntOrString => int_or_string(out, v),
        // A template's creationTimestamp is null: the zero time.Time.
        T::Time => out.write_str("{Time:(time.Time){wall:(uint64)0 ext:(int64)0 loc:(*time.Location)<nil>}}"),
        T::Bytes => {
            let raw = v.map(Value::to_string).unwrap_or_default();
            out.write_char('[')?;
            for (i, b) in raw.bytes().enumerate() {
                write!(out, "{}{b}", if i > 0 { " " } else { "" })?;
            }
            out.write_char(']')
        }
        T::Ptr(_) => Ok(()),
    }
}

/// formatPtr: a nil pointer is `(*T)<nil>`, else `(*T)` and the pointee without its type.
/// Without the type (a pointer in a slice or map) spew prints `<nil>` or `<*>` and the pointee.
fn pointer(out: &mut impl Write, inner: &T, v: Option<&Value>, show_type: bool) -> fmt::Result {
    if show_type {
        out.write_str("(*")?;
        type_name(out, inner)?;
        out.write_char(')')?;
    } else if v.is_some() {
        out.write_str("<*>")?;
    }
    match v {
        None => out.write_str("<nil>"),
        Some(x) => value(out, inner, Some(x), false),
    }
}

/// `map[k:v k:v]` with keys sorted (SortKeys; string keys compare as Go strings, by bytes).
fn map(out: &mut impl Write, elem: &T, m: &Map<String, Value>) -> fmt::Result {
    let mut keys: Vec<&String> = m.keys().collect();
    keys.sort_unstable();
    out.write_str("map[")?;
    for (i, k) in keys.into_iter().enumerate() {
        if i > 0 {
            out.write_char(' ')?;
        }
        out.write_str(k)?;
        out.write_char(':')?;
        value(out, elem, m.get(k), false)?;
    }
    out.write_char(']')
}

/// `{Field:(type)value ...}`; an embedded struct reads its fields from the same JSON object.
fn fields(out: &mut impl Write, s: &S, v: Option<&Value>) -> fmt::Result {
    out.write_char('{')?;
    for (i, (go, json, t)) in s.fields.iter().enumerate() {
        if i > 0 {
            out.write_char(' ')?;
        }
        out.write_str(go)?;
        out.write_char(':')?;
        let field = if json.is_empty() { v } else { v.and_then(|o| o.get(*json)) };
        value(out, t, field, true)?;
    }
    out.write_char('}')
}

fn type_name(out: &mut impl Write, t: &T) -> fmt::Result {
    match t {
        T::Str(n) | T::Int(n) | T::Slice(n, _) | T::Map(n, _) => out.write_str(n),
        T::Bool => out.write_str("bool"),
        T::Ptr(inner) => {
            out.write_char('*')?;
            type_name(out, inner)
        }
        T::Struct(s) => out.write_str(s.name),
        T::Quantity => out.write_str("resource.Quantity"),
        T::IntOrString => out.write_str("intstr.IntOrString"),
        T::Time => out.write_str("v1.Time"),
        T::Bytes => out.write_str("[]uint8"),
    }
}

/// intstr.IntOrString{Type, IntVal, StrVal}: Type 0 for a number, 1 for a string.
fn int_or_string(out: &mut impl Write, v: Option<&Value>) -> fmt::Result {
    let (ty, int, s) = match v {
        Some(Value::String(s)) => (1, 0, s.as_str()),
        Some(n) => (0, n.as_i64().unwrap_or_default(), ""),
        None => (0, 0, ""),
    };
    write!(out, "{{Type:(intstr.Type){ty} IntVal:(int32){int} StrVal:(string){s}}}")
}

/// resource.Quantity{i int64Amount, d infDecAmount, s string, Format} as ParseQuantity builds it
/// from the canonical string the controller-manager decoded.
fn quantity(out: &mut impl Write, v: Option<&Value>) -> fmt::Result {
    let Some(text) = v.and_then(Value::as_str) else {
        return write_quantity(out, 0, 0, "<nil>", "", "");
    };
    let canonical = Qty::parse(text).map(|q| q.to_string()).unwrap_or_else(|| text.to_string());
    if canonical == "0" {
        return write_quantity(out, 0, 0, "<nil>", "0", "DecimalSI");
    }
    match super::pod_gotypes::parse_quantity(&canonical) {
        Some((value, scale, format, cached)) => write_quantity(out, value, scale, "<nil>", if cached { &canonical } else { "" }, format),
        None => dec_quantity(out, &canonical),
    }
}

fn write_quantity(out: &mut impl Write, value: i64, scale: i64, dec: &str, s: &str, format: &str) -> fmt::Result {
    write!(
        out,
        "{{i:(resource.int64Amount){{value:(int64){value} scale:(resource.Scale){scale}}} d:(resource.infDecAmount){{Dec:(*inf.Dec){dec}}} s:(string){s} Format:(resource.Format){format}}}"
    )
}

/// ParseQuantity's inf.Dec path (a canonical string beyond the int64 fast path: `100Ti`,
/// nineteen digits): the amount rounded up to nano scale (or capped at MaxInt64 for BinarySI), as
/// `inf.Dec{unscaled big.Int{neg, abs nat}, scale}` with abs in 64-bit words, low word first.
fn dec_quantity(out: &mut impl Write, canonical: &str) -> fmt::Result {
    let Some((negative, nanos, format)) = dec_amount(canonical) else {
        return write_quantity(out, 0, 0, "<nil>", "", "");
    };
    let (abs, scale) = if format == "BinarySI" && nanos > i64::MAX as u128 * 1_000_000_000 { (i64::MAX as u128, 0) } else { (nanos, 9) };
    let mut dec = String::new();
    let (low, high) = (abs as u64, (abs >> 64) as u64);
    let words = if high == 0 { format!("[{low}]") } else { format!("[{low} {high}]") };
    write!(dec, "{{unscaled:(big.Int){{neg:(bool){negative} abs:(big.nat){words}}} scale:(inf.Scale){scale}}}")?;
    write_quantity(out, 0, 0, &dec, "", format)
}

/// The sign, the magnitude in nano-units (rounded up) and the format of a canonical quantity
/// string; None beyond what 128 bits hold.
fn dec_amount(s: &str) -> Option<(bool, u128, &'static str)> {
    let (negative, rest) = match s.strip_prefix('-') {
        Some(r) => (true, r),
        None => (false, s),
    };
    let end = rest.find(|c: char| !c.is_ascii_digit()).unwrap_or(rest.len());
    let digits: u128 = rest[..end].parse().ok()?;
    let (mul2, exp10, format) = match &rest[end..] {
        "Ki" => (10, 0, "BinarySI"),
        "Mi" => (20, 0, "BinarySI"),
        "Gi" => (30, 0, "BinarySI"),
        "Ti" => (40, 0, "BinarySI"),
        "Pi" => (50, 0, "BinarySI"),
        "Ei" => (60, 0, "BinarySI"),
        "n" => (0, -9, "DecimalSI"),
        "u" => (0, -6, "DecimalSI"),
        "m" => (0, -3, "DecimalSI"),
        "" => (0, 0, "DecimalSI"),
        "k" => (0, 3, "DecimalSI"),
        "M" => (0, 6, "DecimalSI"),
        "G" => (0, 9, "DecimalSI"),
        "T" => (0, 12, "DecimalSI"),
        "P" => (0, 15, "DecimalSI"),
        "E" => (0, 18, "DecimalSI"),
        e => (0, e.get(1..)?.parse::<i32>().ok()?, "DecimalExponent"),
    };
    let shifted = digits.checked_mul(1u128.checked_shl(mul2)?)?;
    let to_nanos = exp10.checked_add(9)?;
    let pow = 10u128.checked_pow(to_nanos.unsigned_abs())?;
    let nanos = if to_nanos >= 0 { shifted.checked_mul(pow)? } else { shifted.div_ceil(pow) };
    Some((negative, nanos, format))
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    fn dump(t: &T, v: Value) -> String {
        let mut s = String::new();
        value(&mut s, t, Some(&v), true).unwrap();
        s
    }

    #[test]
    fn scalars_pointers_and_nil_print_as_spew_does() {
        const X: S = S { name: "v1.X", fields: &[("A", "a", STR), ("B", "b", I64P), ("C", "c", I64P), ("D", "d", STRINGS), ("E", "e", STRING_MAP), ("F", "f", typed("v1.PullPolicy"))] };
        let out = dump(&T::Struct(&X), json!({"a": "x y", "b": 30, "d": [], "e": {"z": "1", "a": "2"}, "f": "Always"}));
        assert_eq!(out, "(v1.X){A:(string)x y B:(*int64)30 C:(*int64)<nil> D:([]string)<nil> E:(map[string]string)map[a:2 z:1] F:(v1.PullPolicy)Always}");
    }

    #[test]
    fn quantities_keep_the_canonical_string_when_parse_quantity_does() {
        let q = |s: &str| dump(&T::Quantity, json!(s));
        assert_eq!(
            q("170Mi"),
            "(resource.Quantity){i:(resource.int64Amount){value:(int64)178257920 scale:(resource.Scale)0} d:(resource.infDecAmount){Dec:(*inf.Dec)<nil>} s:(string)170Mi Format:(resource.Format)BinarySI}"
        );
        assert!(q("128Mi").contains("value:(int64)134217728 scale:(resource.Scale)0} d:(resource.infDecAmount){Dec:(*inf.Dec)<nil>} s:(string) Format"));
        assert!(q("0.1").contains("value:(int64)100 scale:(resource.Scale)-3}") && q("0.1").contains("s:(string)100m "), "canonical first: 100m");
        assert!(q("0").contains("s:(string)0 Format:(resource.Format)DecimalSI"));
        assert!(q("1e2147483647").contains("Dec:(*inf.Dec)<nil>"), "an exponent beyond any amount does not overflow");
        assert!(q("100Ti").contains("Dec:(*inf.Dec){unscaled:(big.Int){neg:(bool)false abs:(big.nat)[8568098291072368640 5960]} scale:(inf.Scale)9}"));
    }

    #[test]
    fn int_or_string_and_slices_of_structs() {
        let probe = dump(&PROBE_P, json!({"httpGet": {"port": "http", "path": "/"}, "periodSeconds": 10}));
        assert!(probe.starts_with("(*v1.Probe){ProbeHandler:(v1.ProbeHandler){Exec:(*v1.ExecAction)<nil> HTTPGet:(*v1.HTTPGetAction){Path:(string)/ Port:(intstr.IntOrString){Type:(intstr.Type)1 IntVal:(int32)0 StrVal:(string)http}"), "{probe}");
        let ports = dump(&T::Slice("[]v1.ContainerPort", &T::Struct(&CONTAINER_PORT)), json!([{"containerPort": 53, "protocol": "UDP"}]));
        assert_eq!(ports, "([]v1.ContainerPort)[{Name:(string) HostPort:(int32)0 ContainerPort:(int32)53 Protocol:(v1.Protocol)UDP HostIP:(string)}]");
    }
}
