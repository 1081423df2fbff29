//! A v1 PodSpec (and a PersistentVolumeClaimSpec) as the apiserver compares it: converted to the
//! internal `core.PodSpec` of pkg/apis/core (v1.33 field names, order and Go types) as a
//! `gocmp::G` value, for the go-cmp diff of a refused pod or claim update.
//!
//! The v1 → internal conversion is followed where it changes the shape: `hostNetwork`, `hostPID`,
//! `hostIPC`, `shareProcessNamespace` and `hostUsers` move into `SecurityContext` (always non-nil),
//! and the deprecated `serviceAccount` only stands in for an empty `serviceAccountName`.
//! Approximated: the types listed as `Any` (affinity, topology spread constraints, resource
//! claims, ephemeral containers, SELinux/Windows options, the volume sources kubeplay does not
//! run) are converted from their JSON with Go-style field names in JSON order, nested objects as
//! pointers named after their field; a quantity outside resource.ParseQuantity's int64 fast path
//! keeps only its string.

use super::gocmp::G;
use serde_json::Value;

/// A Go type of pkg/apis/core.
enum T {
    Str,
    Int,
    Bool,
    Quantity,
    IntOrString,
    Ptr(&'static T),
    Slice(&'static str, &'static T),
    /// A map type; the flag is true when its key type has a String method (core.ResourceName).
    Map(&'static str, bool, &'static T),
    Struct(&'static S),
    /// Converted from its JSON (see the module comment).
    Any(&'static str),
}

/// A struct: its Go name and fields (Go name, JSON key, type); an empty JSON key is an embedded
/// struct whose fields are inline in the JSON object.
struct S {
    name: &'static str,
    fields: &'static [(&'static str, &'static str, T)],
}

const STRINGS: T = T::Slice("[]string", &T::Str);
const I32P: T = T::Ptr(&T::Int);
const BOOLP: T = T::Ptr(&T::Bool);
const STRP: T = T::Ptr(&T::Str);
const RESOURCE_LIST: T = T::Map("core.ResourceList", true, &T::Quantity);

const LOCAL_OBJECT_REFERENCE: S = S { name: "core.LocalObjectReference", fields: &[("Name", "name", T::Str)] };
const KEY_TO_PATH: S = S { name: "core.KeyToPath", fields: &[("Key", "key", T::Str), ("Path", "path", T::Str), ("Mode", "mode", I32P)] };
const KEYS_TO_PATHS: T = T::Slice("[]core.KeyToPath", &T::Struct(&KEY_TO_PATH));
const OBJECT_FIELD_SELECTOR: S = S { name: "core.ObjectFieldSelector", fields: &[("APIVersion", "apiVersion", T::Str), ("FieldPath", "fieldPath", T::Str)] };
const RESOURCE_FIELD_SELECTOR: S =
    S { name: "core.ResourceFieldSelector", fields: &[("ContainerName", "containerName", T::Str), ("Resource", "resource", T::Str), ("Divisor", "divisor", T::Quantity)] };
const DOWNWARD_API_VOLUME_FILE: S = S {
    name: "core.DownwardAPIVolumeFile",
    fields: &[
        ("Path", "path", T::Str),
        ("FieldRef", "fieldRef", T::Ptr(&T::Struct(&OBJECT_FIELD_SELECTOR))),
        ("ResourceFieldRef", "resourceFieldRef", T::Ptr(&T::Struct(&RESOURCE_FIELD_SELECTOR))),
        ("Mode", "mode", I32P),
    ],
};
const DOWNWARD_API_FILES: T = T::Slice("[]core.DownwardAPIVolumeFile", &T::Struct(&DOWNWARD_API_VOLUME_FILE));

const VOLUME_SOURCE: S = S {
    name: "core.VolumeSource",
    fields: &[
        ("HostPath", "hostPath", T::Ptr(&T::Struct(&S { name: "core.HostPathVolumeSource", fields: &[("Path", "path", T::Str), ("Type", "type", STRP)] }))),
        ("EmptyDir", "emptyDir", T::Ptr(&T::Struct(&S { name: "core.EmptyDirVolumeSource", fields: &[("Medium", "medium", T::Str), ("SizeLimit", "sizeLimit", T::Ptr(&T::Quantity))] }))),
        ("GCEPersistentDisk", "gcePersistentDisk", T::Ptr(&T::Any("core.GCEPersistentDiskVolumeSource"))),
        ("AWSElasticBlockStore", "awsElasticBlockStore", T::Ptr(&T::Any("core.AWSElasticBlockStoreVolumeSource"))),
        ("GitRepo", "gitRepo", T::Ptr(&T::Any("core.GitRepoVolumeSource"))),
        (
            "Secret",
            "secret",
            T::Ptr(&T::Struct(&S {
                name: "core.SecretVolumeSource",
                fields: &[("SecretName", "secretName", T::Str), ("Items", "items", KEYS_TO_PATHS), ("DefaultMode", "defaultMode", I32P), ("Optional", "optional", BOOLP)],
            })),
        ),
        ("NFS", "nfs", T::Ptr(&T::Any("core.NFSVolumeSource"))),
        ("ISCSI", "iscsi", T::Ptr(&T::Any("core.ISCSIVolumeSource"))),
        ("Glusterfs", "glusterfs", T::Ptr(&T::Any("core.GlusterfsVolumeSource"))),
        (
            "PersistentVolumeClaim",
            "persistentVolumeClaim",
            T::Ptr(&T::Struct(&S { name: "core.PersistentVolumeClaimVolumeSource", fields: &[("ClaimName", "claimName", T::Str), ("ReadOnly", "readOnly", T::Bool)] })),
        ),
        ("RBD", "rbd", T::Ptr(&T::Any("core.RBDVolumeSource"))),
        ("Quobyte", "quobyte", T::Ptr(&T::Any("core.QuobyteVolumeSource"))),
        ("FlexVolume", "flexVolume", T::Ptr(&T::Any("core.FlexVolumeSource"))),
        ("Cinder", "cinder", T::Ptr(&T::Any("core.CinderVolumeSource"))),
        ("CephFS", "cephfs", T::Ptr(&T::Any("core.CephFSVolumeSource"))),
        ("Flocker", "flocker", T::Ptr(&T::Any("core.FlockerVolumeSource"))),
        (
            "DownwardAPI",
            "downwardAPI",
            T::Ptr(&T::Struct(&S { name: "core.DownwardAPIVolumeSource", fields: &[("Items", "items", DOWNWARD_API_FILES), ("DefaultMode", "defaultMode", I32P)] })),
        ),
        ("FC", "fc", T::Ptr(&T::Any("core.FCVolumeSource"))),
        ("AzureFile", "azureFile", T::Ptr(&T::Any("core.AzureFileVolumeSource"))),
        (
            "ConfigMap",
            "configMap",
            T::Ptr(&T::Struct(&S {
                name: "core.ConfigMapVolumeSource",
                fields: &[
                    ("LocalObjectReference", "", T::Struct(&LOCAL_OBJECT_REFERENCE)),
                    ("Items", "items", KEYS_TO_PATHS),
                    ("DefaultMode", "defaultMode", I32P),
                    ("Optional", "optional", BOOLP),
                ],
            })),
        ),
        ("VsphereVolume", "vsphereVolume", T::Ptr(&T::Any("core.VsphereVirtualDiskVolumeSource"))),
        ("AzureDisk", "azureDisk", T::Ptr(&T::Any("core.AzureDiskVolumeSource"))),
        ("PhotonPersistentDisk", "photonPersistentDisk", T::Ptr(&T::Any("core.PhotonPersistentDiskVolumeSource"))),
        ("Projected", "projected", T::Ptr(&T::Struct(&PROJECTED))),
        ("PortworxVolume", "portworxVolume", T::Ptr(&T::Any("core.PortworxVolumeSource"))),
        ("ScaleIO", "scaleIO", T::Ptr(&T::Any("core.ScaleIOVolumeSource"))),
        ("StorageOS", "storageos", T::Ptr(&T::Any("core.StorageOSVolumeSource"))),
        ("CSI", "csi", T::Ptr(&T::Any("core.CSIVolumeSource"))),
        ("Ephemeral", "ephemeral", T::Ptr(&T::Any("core.EphemeralVolumeSource"))),
        ("Image", "image", T::Ptr(&T::Any("core.ImageVolumeSource"))),
    ],
};

const PROJECTED: S = S {
    name: "core.ProjectedVolumeSource",
    fields: &[
        (
            "Sources",
            "sources",
            T::Slice(
                "[]core.VolumeProjection",
                &T::Struct(&S {
                    name: "core.VolumeProjection",
                    fields: &[
                        (
                            "Secret",
                            "secret",
                            T::Ptr(&T::Struct(&S {
                                name: "core.SecretProjection",
                                fields: &[("LocalObjectReference", "", T::Struct(&LOCAL_OBJECT_REFERENCE)), ("Items", "items", KEYS_TO_PATHS), ("Optional", "optional", BOOLP)],
                            })),
                        ),
                        ("DownwardAPI", "downwardAPI", T::Ptr(&T::Struct(&S { name: "core.DownwardAPIProjection", fields: &[("Items", "items", DOWNWARD_API_FILES)] }))),
                        (
                            "ConfigMap",
                            "configMap",
                            T::Ptr(&T::Struct(&S {
                                name: "core.ConfigMapProjection",
                                fields: &[("LocalObjectReference", "", T::Struct(&LOCAL_OBJECT_REFERENCE)), ("Items", "items", KEYS_TO_PATHS), ("Optional", "optional", BOOLP)],
                            })),
                        ),
                        (
                            "ServiceAccountToken",
                            "serviceAccountToken",
                            T::Ptr(&T::Struct(&S {
                                name: "core.ServiceAccountTokenProjection",
                                fields: &[("Audience", "audience", T::Str), ("ExpirationSeconds", "expirationSeconds", T::Int), ("Path", "path", T::Str)],
                            })),
                        ),
                        ("ClusterTrustBundle", "clusterTrustBundle", T::Ptr(&T::Any("core.ClusterTrustBundleProjection"))),
                    ],
                }),
            ),
        ),
        ("DefaultMode", "defaultMode", I32P),
    ],
};

const VOLUME: S = S { name: "core.Volume", fields: &[("Name", "name", T::Str), ("VolumeSource", "", T::Struct(&VOLUME_SOURCE))] };

const KEY_SELECTOR_FIELDS: &[(&str, &str, T)] = &[("LocalObjectReference", "", T::Struct(&LOCAL_OBJECT_REFERENCE)), ("Key", "key", T::Str), ("Optional", "optional", BOOLP)];
const ENV_VAR: S = S {
    name: "core.EnvVar",
    fields: &[
        ("Name", "name", T::Str),
        ("Value", "value", T::Str),
        (
            "ValueFrom",
            "valueFrom",
            T::Ptr(&T::Struct(&S {
                name: "core.EnvVarSource",
                fields: &[
                    ("FieldRef", "fieldRef", T::Ptr(&T::Struct(&OBJECT_FIELD_SELECTOR))),
                    ("ResourceFieldRef", "resourceFieldRef", T::Ptr(&T::Struct(&RESOURCE_FIELD_SELECTOR))),
                    ("ConfigMapKeyRef", "configMapKeyRef", T::Ptr(&T::Struct(&S { name: "core.ConfigMapKeySelector", fields: KEY_SELECTOR_FIELDS }))),
                    ("SecretKeyRef", "secretKeyRef", T::Ptr(&T::Struct(&S { name: "core.SecretKeySelector", fields: KEY_SELECTOR_FIELDS }))),
                ],
            })),
        ),
    ],
};
const ENV_SOURCE_FIELDS: &[(&str, &str, T)] = &[("LocalObjectReference", "", T::Struct(&LOCAL_OBJECT_REFERENCE)), ("Optional", "optional", BOOLP)];
const ENV_FROM_SOURCE: S = S {
    name: "core.EnvFromSource",
    fields: &[
        ("Prefix", "prefix", T::Str),
        ("ConfigMapRef", "configMapRef", T::Ptr(&T::Struct(&S { name: "core.ConfigMapEnvSource", fields: ENV_SOURCE_FIELDS }))),
        ("SecretRef", "secretRef", T::Ptr(&T::Struct(&S { name: "core.SecretEnvSource", fields: ENV_SOURCE_FIELDS }))),
    ],
};
const CONTAINER_PORT: S = S {
    name: "core.ContainerPort",
    fields: &[("Name", "name", T::Str), ("HostPort", "hostPort", T::Int), ("ContainerPort", "containerPort", T::Int), ("Protocol", "protocol", T::Str), ("HostIP", "hostIP", T::Str)],
};
const RESOURCE_REQUIREMENTS: S = S {
    name: "core.ResourceRequirements",
    fields: &[
        ("Limits", "limits", RESOURCE_LIST),
        ("Requests", "requests", RESOURCE_LIST),
        ("Claims", "claims", T::Slice("[]core.ResourceClaim", &T::Struct(&S { name: "core.ResourceClaim", fields: &[("Name", "name", T::Str), ("Request", "request", T::Str)] }))),
    ],
};
const VOLUME_MOUNT: S = S {
    name: "core.VolumeMount",
    fields: &[
        ("Name", "name", T::Str),
        ("ReadOnly", "readOnly", T::Bool),
        ("RecursiveReadOnly", "recursiveReadOnly", STRP),
        ("MountPath", "mountPath", T::Str),
        ("SubPath", "subPath", T::Str),
        ("MountPropagation", "mountPropagation", STRP),
        ("SubPathExpr", "subPathExpr", T::Str),
    ],
};
const EXEC_ACTION: S = S { name: "core.ExecAction", fields: &[("Command", "command", STRINGS)] };
const HTTP_GET_ACTION: S = S {
    name: "core.HTTPGetAction",
    fields: &[
        ("Path", "path", T::Str),
        ("Port", "port", T::IntOrString),
        ("Host", "host", T::Str),
        ("Scheme", "scheme", T::Str),
        ("HTTPHeaders", "httpHeaders", T::Slice("[]core.HTTPHeader", &T::Struct(&S { name: "core.HTTPHeader", fields: &[("Name", "name", T::Str), ("Value", "value", T::Str)] }))),
    ],
};
const TCP_SOCKET_ACTION: S = S { name: "core.TCPSocketAction", fields: &[("Port", "port", T::IntOrString), ("Host", "host", T::Str)] };
const PROBE: S = S {
    name: "core.Probe",
    fields: &[
        (
            "ProbeHandler",
            "",
            T::Struct(&S {
                name: "core.ProbeHandler",
                fields: &[
                    ("Exec", "exec", T::Ptr(&T::Struct(&EXEC_ACTION))),
                    ("HTTPGet", "httpGet", T::Ptr(&T::Struct(&HTTP_GET_ACTION))),
                    ("TCPSocket", "tcpSocket", T::Ptr(&T::Struct(&TCP_SOCKET_ACTION))),
                    ("GRPC", "grpc", T::Ptr(&T::Struct(&S { name: "core.GRPCAction", fields: &[("Port", "port", T::Int), ("Service", "service", STRP)] }))),
                ],
            }),
        ),
        ("InitialDelaySeconds", "initialDelaySeconds", T::Int),
        ("TimeoutSeconds", "timeoutSeconds", T::Int),
        ("PeriodSeconds", "periodSeconds", T::Int),
        ("SuccessThreshold", "successThreshold", T::Int),
        ("FailureThreshold", "failureThreshold", T::Int),
        ("TerminationGracePeriodSeconds", "terminationGracePeriodSeconds", T::Ptr(&T::Int)),
    ],
};
const LIFECYCLE_HANDLER: S = S {
    name: "core.LifecycleHandler",
    fields: &[
        ("Exec", "exec", T::Ptr(&T::Struct(&EXEC_ACTION))),
        ("HTTPGet", "httpGet", T::Ptr(&T::Struct(&HTTP_GET_ACTION))),
        ("TCPSocket", "tcpSocket", T::Ptr(&T::Struct(&TCP_SOCKET_ACTION))),
        ("Sleep", "sleep", T::Ptr(&T::Struct(&S { name: "core.SleepAction", fields: &[("Seconds", "seconds", T::Int)] }))),
    ],
};
const PROFILE: &[(&str, &str, T)] = &[("Type", "type", T::Str), ("LocalhostProfile", "localhostProfile", STRP)];
const SECURITY_CONTEXT: S = S {
    name: "core.SecurityContext",
    fields: &[
        ("Capabilities", "capabilities", T::Ptr(&T::Struct(&S { name: "core.Capabilities", fields: &[("Add", "add", T::Slice("[]core.Capability", &T::Str)), ("Drop", "drop", T::Slice("[]core.Capability", &T::Str))] }))),
        ("Privileged", "privileged", BOOLP),
        ("SELinuxOptions", "seLinuxOptions", T::Ptr(&T::Any("core.SELinuxOptions"))),
        ("WindowsOptions", "windowsOptions", T::Ptr(&T::Any("core.WindowsSecurityContextOptions"))),
        ("RunAsUser", "runAsUser", T::Ptr(&T::Int)),
        ("RunAsGroup", "runAsGroup", T::Ptr(&T::Int)),
        ("RunAsNonRoot", "runAsNonRoot", BOOLP),
        ("ReadOnlyRootFilesystem", "readOnlyRootFilesystem", BOOLP),
        ("AllowPrivilegeEscalation", "allowPrivilegeEscalation", BOOLP),
        ("ProcMount", "procMount", STRP),
        ("SeccompProfile", "seccompProfile", T::Ptr(&T::Struct(&S { name: "core.SeccompProfile", fields: PROFILE }))),
        ("AppArmorProfile", "appArmorProfile", T::Ptr(&T::Struct(&S { name: "core.AppArmorProfile", fields: PROFILE }))),
    ],
};

const CONTAINER: S = S {
    name: "core.Container",
    fields: &[
        ("Name", "name", T::Str),
        ("Image", "image", T::Str),
        ("Command", "command", STRINGS),
        ("Args", "args", STRINGS),
        ("WorkingDir", "workingDir", T::Str),
        ("Ports", "ports", T::Slice("[]core.ContainerPort", &T::Struct(&CONTAINER_PORT))),
        ("EnvFrom", "envFrom", T::Slice("[]core.EnvFromSource", &T::Struct(&ENV_FROM_SOURCE))),
        ("Env", "env", T::Slice("[]core.EnvVar", &T::Struct(&ENV_VAR))),
        ("Resources", "resources", T::Struct(&RESOURCE_REQUIREMENTS)),
        (
            "ResizePolicy",
            "resizePolicy",
            T::Slice("[]core.ContainerResizePolicy", &T::Struct(&S { name: "core.ContainerResizePolicy", fields: &[("ResourceName", "resourceName", T::Str), ("RestartPolicy", "restartPolicy", T::Str)] })),
        ),
        ("RestartPolicy", "restartPolicy", STRP),
        ("VolumeMounts", "volumeMounts", T::Slice("[]core.VolumeMount", &T::Struct(&VOLUME_MOUNT))),
        ("VolumeDevices", "volumeDevices", T::Slice("[]core.VolumeDevice", &T::Struct(&S { name: "core.VolumeDevice", fields: &[("Name", "name", T::Str), ("DevicePath", "devicePath", T::Str)] }))),
        ("LivenessProbe", "livenessProbe", T::Ptr(&T::Struct(&PROBE))),
        ("ReadinessProbe", "readinessProbe", T::Ptr(&T::Struct(&PROBE))),
        ("StartupProbe", "startupProbe", T::Ptr(&T::Struct(&PROBE))),
        ("Lifecycle", "lifecycle", T::Ptr(&T::Struct(&S { name: "core.Lifecycle", fields: &[("PostStart", "postStart", T::Ptr(&T::Struct(&LIFECYCLE_HANDLER))), ("PreStop", "preStop", T::Ptr(&T::Struct(&LIFECYCLE_HANDLER))), ("StopSignal", "stopSignal", STRP)] }))),
        ("TerminationMessagePath", "terminationMessagePath", T::Str),
        ("TerminationMessagePolicy", "terminationMessagePolicy", T::Str),
        ("ImagePullPolicy", "imagePullPolicy", T::Str),
        ("SecurityContext", "securityContext", T::Ptr(&T::Struct(&SECURITY_CONTEXT))),
        ("Stdin", "stdin", T::Bool),
        ("StdinOnce", "stdinOnce", T::Bool),
        ("TTY", "tty", T::Bool),
    ],
};

const POD_SECURITY_CONTEXT: S = S {
    name: "core.PodSecurityContext",
    fields: &[
        ("HostNetwork", "hostNetwork", T::Bool),
        ("HostPID", "hostPID", T::Bool),
        ("HostIPC", "hostIPC", T::Bool),
        ("ShareProcessNamespace", "shareProcessNamespace", BOOLP),
        ("HostUsers", "hostUsers", BOOLP),
        ("SELinuxOptions", "seLinuxOptions", T::Ptr(&T::Any("core.SELinuxOptions"))),
        ("WindowsOptions", "windowsOptions", T::Ptr(&T::Any("core.WindowsSecurityContextOptions"))),
        ("RunAsUser", "runAsUser", T::Ptr(&T::Int)),
        ("RunAsGroup", "runAsGroup", T::Ptr(&T::Int)),
        ("RunAsNonRoot", "runAsNonRoot", BOOLP),
        ("SupplementalGroups", "supplementalGroups", T::Slice("[]int64", &T::Int)),
        ("SupplementalGroupsPolicy", "supplementalGroupsPolicy", STRP),
        ("FSGroup", "fsGroup", T::Ptr(&T::Int)),
        ("FSGroupChangePolicy", "fsGroupChangePolicy", STRP),
        ("Sysctls", "sysctls", T::Slice("[]core.Sysctl", &T::Struct(&S { name: "core.Sysctl", fields: &[("Name", "name", T::Str), ("Value", "value", T::Str)] }))),
        ("SeccompProfile", "seccompProfile", T::Ptr(&T::Struct(&S { name: "core.SeccompProfile", fields: PROFILE }))),
        ("AppArmorProfile", "appArmorProfile", T::Ptr(&T::Struct(&S { name: "core.AppArmorProfile", fields: PROFILE }))),
        ("SELinuxChangePolicy", "seLinuxChangePolicy", STRP),
    ],
};

const TOLERATION: S = S {
    name: "core.Toleration",
    fields: &[("Key", "key", T::Str), ("Operator", "operator", T::Str), ("Value", "value", T::Str), ("Effect", "effect", T::Str), ("TolerationSeconds", "tolerationSeconds", T::Ptr(&T::Int))],
};

const POD_SPEC: S = S {
    name: "core.PodSpec",
    fields: &[
        ("Volumes", "volumes", T::Slice("[]core.Volume", &T::Struct(&VOLUME))),
        ("InitContainers", "initContainers", T::Slice("[]core.Container", &T::Struct(&CONTAINER))),
        ("Containers", "containers", T::Slice("[]core.Container", &T::Struct(&CONTAINER))),
        ("EphemeralContainers", "ephemeralContainers", T::Slice("[]core.EphemeralContainer", &T::Any("core.EphemeralContainer"))),
        ("RestartPolicy", "restartPolicy", T::Str),
        ("TerminationGracePeriodSeconds", "terminationGracePeriodSeconds", T::Ptr(&T::Int)),
        ("ActiveDeadlineSeconds", "activeDeadlineSeconds", T::Ptr(&T::Int)),
        ("DNSPolicy", "dnsPolicy", T::Str),
        ("NodeSelector", "nodeSelector", T::Map("map[string]string", false, &T::Str)),
        ("ServiceAccountName", "serviceAccountName", T::Str),
        ("AutomountServiceAccountToken", "automountServiceAccountToken", BOOLP),
        ("NodeName", "nodeName", T::Str),
        ("SecurityContext", "securityContext", T::Ptr(&T::Struct(&POD_SECURITY_CONTEXT))),
        ("ImagePullSecrets", "imagePullSecrets", T::Slice("[]core.LocalObjectReference", &T::Struct(&LOCAL_OBJECT_REFERENCE))),
        ("Hostname", "hostname", T::Str),
        ("Subdomain", "subdomain", T::Str),
        ("SetHostnameAsFQDN", "setHostnameAsFQDN", BOOLP),
        ("Affinity", "affinity", T::Ptr(&T::Any("core.Affinity"))),
        ("SchedulerName", "schedulerName", T::Str),
        ("Tolerations", "tolerations", T::Slice("[]core.Toleration", &T::Struct(&TOLERATION))),
        ("HostAliases", "hostAliases", T::Slice("[]core.HostAlias", &T::Struct(&S { name: "core.HostAlias", fields: &[("IP", "ip", T::Str), ("Hostnames", "hostnames", STRINGS)] }))),
        ("PriorityClassName", "priorityClassName", T::Str),
        ("Priority", "priority", I32P),
        ("PreemptionPolicy", "preemptionPolicy", STRP),
        (
            "DNSConfig",
            "dnsConfig",
            T::Ptr(&T::Struct(&S {
                name: "core.PodDNSConfig",
                fields: &[
                    ("Nameservers", "nameservers", STRINGS),
                    ("Searches", "searches", STRINGS),
                    ("Options", "options", T::Slice("[]core.PodDNSConfigOption", &T::Struct(&S { name: "core.PodDNSConfigOption", fields: &[("Name", "name", T::Str), ("Value", "value", STRP)] }))),
                ],
            })),
        ),
        ("ReadinessGates", "readinessGates", T::Slice("[]core.PodReadinessGate", &T::Struct(&S { name: "core.PodReadinessGate", fields: &[("ConditionType", "conditionType", T::Str)] }))),
        ("RuntimeClassName", "runtimeClassName", STRP),
        ("Overhead", "overhead", RESOURCE_LIST),
        ("EnableServiceLinks", "enableServiceLinks", BOOLP),
        ("TopologySpreadConstraints", "topologySpreadConstraints", T::Slice("[]core.TopologySpreadConstraint", &T::Any("core.TopologySpreadConstraint"))),
        ("OS", "os", T::Ptr(&T::Struct(&S { name: "core.PodOS", fields: &[("Name", "name", T::Str)] }))),
        ("SchedulingGates", "schedulingGates", T::Slice("[]core.PodSchedulingGate", &T::Struct(&S { name: "core.PodSchedulingGate", fields: &[("Name", "name", T::Str)] }))),
        ("ResourceClaims", "resourceClaims", T::Slice("[]core.PodResourceClaim", &T::Any("core.PodResourceClaim"))),
        ("Resources", "resources", T::Ptr(&T::Struct(&RESOURCE_REQUIREMENTS))),
    ],
};

const LABEL_SELECTOR: S = S {
    name: "v1.LabelSelector",
    fields: &[
        ("MatchLabels", "matchLabels", T::Map("map[string]string", false, &T::Str)),
        (
            "MatchExpressions",
            "matchExpressions",
            T::Slice(
                "[]v1.LabelSelectorRequirement",
                &T::Struct(&S { name: "v1.LabelSelectorRequirement", fields: &[("Key", "key", T::Str), ("Operator", "operator", T::Str), ("Values", "values", STRINGS)] }),
            ),
        ),
    ],
};
const PVC_SPEC: S = S {
    name: "core.PersistentVolumeClaimSpec",
    fields: &[
        ("AccessModes", "accessModes", T::Slice("[]core.PersistentVolumeAccessMode", &T::Str)),
        ("Selector", "selector", T::Ptr(&T::Struct(&LABEL_SELECTOR))),
        ("Resources", "resources", T::Struct(&S { name: "core.VolumeResourceRequirements", fields: &[("Limits", "limits", RESOURCE_LIST), ("Requests", "requests", RESOURCE_LIST)] })),
        ("VolumeName", "volumeName", T::Str),
        ("StorageClassName", "storageClassName", STRP),
        ("VolumeMode", "volumeMode", STRP),
        (
            "DataSource",
            "dataSource",
            T::Ptr(&T::Struct(&S { name: "core.TypedLocalObjectReference", fields: &[("APIGroup", "apiGroup", STRP), ("Kind", "kind", T::Str), ("Name", "name", T::Str)] })),
        ),
        (
            "DataSourceRef",
            "dataSourceRef",
            T::Ptr(&T::Struct(&S {
                name: "core.TypedObjectReference",
                fields: &[("APIGroup", "apiGroup", STRP), ("Kind", "kind", T::Str), ("Name", "name", T::Str), ("Namespace", "namespace", STRP)],
            })),
        ),
        ("VolumeAttributesClassName", "volumeAttributesClassName", STRP),
    ],
};

/// The internal core.PersistentVolumeClaimSpec of a v1 one's JSON.
pub fn pvc_spec(spec: &Value) -> G {
    convert(&T::Struct(&PVC_SPEC), Some(spec))
}

/// The v1 fields the internal PodSpec keeps in its SecurityContext.
const HOST_FIELDS: [&str; 5] = ["hostNetwork", "hostPID", "hostIPC", "shareProcessNamespace", "hostUsers"];

/// The internal core.PodSpec of a v1 PodSpec's JSON.
pub fn pod_spec(spec: &Value) -> G {
    let mut v = spec.clone();
    if let Some(m) = v.as_object_mut() {
        let account = m.remove("serviceAccount");
        if m.get("serviceAccountName").and_then(Value::as_str).is_none_or(str::is_empty) {
            if let Some(a) = account {
                m.insert("serviceAccountName".into(), a);
            }
        }
        let mut sc = match m.remove("securityContext") {
            Some(Value::Object(sc)) => sc,
            _ => Default::default(),
        };
        for f in HOST_FIELDS {
            match m.remove(f) {
                Some(x) => sc.insert(f.into(), x),
                None => sc.remove(f),
            };
        }
        m.insert("securityContext".into(), Value::Object(sc));
    }
    convert(&T::Struct(&POD_SPEC), Some(&v))
}

fn convert(t: &T, v: Option<&Value>) -> G {
    let v = v.filter(|v| !v.is_null());
    match t {
        T::Str => G::Str(v.and_then(Value::as_str).unwrap_or_default().to_string()),
        T::Int => G::Int(v.and_then(Value::as_i64).unwrap_or_default()),
        T::Bool => G::Bool(v.and_then(Value::as_bool).unwrap_or_default()),
        T::Quantity => quantity(v.map(|q| match q {
            Value::String(s) => s.clone(),
            other => other.to_string(),
        })),
        T::IntOrString => {
            let (ty, int, s) = match v {
                Some(Value::Number(n)) => (0, n.as_i64().unwrap_or_default(), String::new()),
                Some(Value::String(s)) => (1, 0, s.clone()),
                _ => (0, 0, String::new()),
            };
            G::Struct("intstr.IntOrString".into(), vec![("Type".into(), G::Int(ty)), ("IntVal".into(), G::Int(int)), ("StrVal".into(), G::Str(s))])
        }
        T::Ptr(inner) => G::Ptr(v.map(|v| Box::new(convert(inner, Some(v))))),
        T::Slice(name, elem) => G::Slice(name.to_string(), v.and_then(Value::as_array).map(|a| a.iter().map(|x| convert(elem, Some(x))).collect())),
        T::Map(name, stringer_keys, elem) => G::Map {
            ty: name.to_string(),
            stringer_keys: *stringer_keys,
            entries: v.and_then(Value::as_object).map(|m| {
                let mut e: Vec<(String, G)> = m.iter().map(|(k, x)| (k.clone(), convert(elem, Some(x)))).collect();
                e.sort_by(|a, b| a.0.cmp(&b.0));
                e
            }),
        },
        T::Struct(s) => G::Struct(
            s.name.to_string(),
            s.fields.iter().map(|(go, json, ft)| (go.to_string(), convert(ft, if json.is_empty() { v } else { v.and_then(|o| o.get(*json)) }))).collect(),
        ),
        T::Any(name) => any(name, v.unwrap_or(&Value::Null)),
    }
}

/// A value of a type kubeplay does not model, from its JSON.
fn any(name: &str, v: &Value) -> G {
    match v {
        Value::Object(m) => G::Struct(
            name.to_string(),
            m.iter()
                .map(|(k, x)| {
                    let field = go_name(k);
                    let value = match x {
                        Value::Object(_) => G::Ptr(Some(Box::new(any(&format!("core.{field}"), x)))),
                        other => any(&format!("core.{field}"), other),
                    };
                    (field, value)
                })
                .collect(),
        ),
        Value::Array(a) => {
            let elem = match a.first() {
                Some(Value::String(_)) => "string".to_string(),
                Some(Value::Number(_)) => "int64".to_string(),
                _ => name.strip_suffix('s').unwrap_or(name).to_string(),
            };
            G::Slice(format!("[]{elem}"), Some(a.iter().map(|x| any(&elem, x)).collect()))
        }
        Value::String(s) => G::Str(s.clone()),
        Value::Number(n) => G::Int(n.as_i64().unwrap_or_default()),
        Value::Bool(b) => G::Bool(*b),
        Value::Null => G::Ptr(None),
    }
}

/// A JSON key as Go spells the field: capitalised, with the initialisms Kubernetes uses.
fn go_name(key: &str) -> String {
    for (json, go) in [("apiVersion", "APIVersion"), ("fsType", "FSType"), ("ip", "IP"), ("uid", "UID"), ("url", "URL"), ("iqn", "IQN"), ("lun", "Lun"), ("wwids", "WWIDs")] {
        if key == json {
            return go.to_string();
        }
    }
    let mut out = String::with_capacity(key.len());
    let mut chars = key.chars();
    if let Some(first) = chars.next() {
        out.extend(first.to_uppercase());
    }
    out.extend(chars);
    out
}

/// resource.Quantity as ParseQuantity builds it (the int64 fast path): `{i: {value, scale}, s,
/// Format}`, the string kept when it is canonical. Compared with its Equal method, so one leaf.
fn quantity(s: Option<String>) -> G {
    let Some(s) = s else { return q(0, 0, "", "") };
    if s == "0" {
        return q(0, 0, &s, "DecimalSI");
    }
    match parse_quantity(&s) {
        Some((value, scale, format, canonical)) => q(value, scale, if canonical { &s } else { "" }, format),
        None => q(0, 0, &s, ""),
    }
}

fn q(value: i64, scale: i64, s: &str, format: &str) -> G {
    let amount = G::Struct("resource.int64Amount".into(), vec![("value".into(), G::Int(value)), ("scale".into(), G::Int(scale))]);
    let dec = G::Struct("resource.infDecAmount".into(), vec![("Dec".into(), G::Ptr(None))]);
    G::Leaf(Box::new(G::Struct(
        "resource.Quantity".into(),
        vec![("i".into(), amount), ("d".into(), dec), ("s".into(), G::Str(s.to_string())), ("Format".into(), G::Str(format.to_string()))],
    )))
}

/// ParseQuantity's fast path: (value, scale, format, whether the string is canonical); None
/// where the apiserver would take the inf.Dec path.
pub(crate) fn parse_quantity(s: &str) -> Option<(i64, i64, &'static str, bool)> {
    let (positive, rest) = match s.as_bytes().first()? {
        b'-' => (false, &s[1..]),
        b'+' => (true, &s[1..]),
        _ => (true, s),
    };
    let rest = rest.trim_start_matches('0');
    let num_end = rest.find(|c: char| !c.is_ascii_digit()).unwrap_or(rest.len());
    let num = if num_end == 0 { "0" } else { &rest[..num_end] };
    let mut rest = &rest[num_end..];
    let mut denom = "";
    if let Some(d) = rest.strip_prefix('.') {
        let end = d.find(|c: char| !c.is_ascii_digit()).unwrap_or(d.len());
        denom = &d[..end];
        rest = &d[end..];
    }
    let (base2, exponent, format): (bool, i64, &'static str) = match rest {
        "" => (false, 0, "DecimalSI"),
        "n" => (false, -9, "DecimalSI"),
        "u" => (false, -6, "DecimalSI"),
        "m" => (false, -3, "DecimalSI"),
        "k" => (false, 3, "DecimalSI"),
        "M" => (false, 6, "DecimalSI"),
        "G" => (false, 9, "DecimalSI"),
        "T" => (false, 12, "DecimalSI"),
        "P" => (false, 15, "DecimalSI"),
        "E" => (false, 18, "DecimalSI"),
        "Ki" => (true, 10, "BinarySI"),
        "Mi" => (true, 20, "BinarySI"),
        "Gi" => (true, 30, "BinarySI"),
        "Ti" => (true, 40, "BinarySI"),
        "Pi" => (true, 50, "BinarySI"),
        "Ei" => (true, 60, "BinarySI"),
        // quantitySuffixer.interpret reads the exponent as an int32.
        e if e.starts_with(['e', 'E']) => (false, i64::from(e[1..].parse::<i32>().ok()?), "DecimalExponent"),
        _ => return None,
    };
    let (mut scale, mantissa, precision) = if base2 {
        if !denom.is_empty() {
            return None;
        }
        (0, 1i64 << exponent, 15 - num.len() as i64 - (exponent * 3 / 10) - 1)
    } else {
        (exponent, 1, 18 - (num.len() + denom.len()) as i64)
    };
    if precision < 0 {
        return None;
    }
    scale -= denom.len() as i64;
    if scale < -9 {
        return None;
    }
    let shifted = format!("{num}{denom}");
    let value: i64 = shifted.parse().ok()?;
    let result = value.checked_mul(mantissa)?;
    let result = if positive { result } else { -result };
    let canonical = if base2 { exponent % 10 == 0 && value & 7 != 0 } else { scale % 3 == 0 && !shifted.ends_with("000") && !shifted.starts_with('0') };
    Some((result, scale, format, canonical))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn quantities_follow_parse_quantity() {
        assert_eq!(parse_quantity("100m"), Some((100, -3, "DecimalSI", true)));
        assert_eq!(parse_quantity("1"), Some((1, 0, "DecimalSI", true)));
        assert_eq!(parse_quantity("128Mi"), Some((134217728, 0, "BinarySI", false)));
        assert_eq!(parse_quantity("100Mi"), Some((104857600, 0, "BinarySI", true)));
        assert_eq!(parse_quantity("1.5"), Some((15, -1, "DecimalSI", false)));
        assert_eq!(parse_quantity("1000"), Some((1000, 0, "DecimalSI", false)));
        assert_eq!(parse_quantity("1.5Gi"), None);
        assert_eq!(parse_quantity("2e3"), Some((2, 3, "DecimalExponent", true)));
        assert_eq!(parse_quantity("1.5e-9223372036854775808"), None, "an exponent beyond int32 is refused, not overflowed");
    }

    #[test]
    fn host_fields_move_into_the_security_context() {
        let g = pod_spec(&serde_json::json!({"hostNetwork": true, "serviceAccount": "sa", "containers": []}));
        let G::Struct(_, fields) = g else { panic!("a struct") };
        let get = |n: &str| fields.iter().find(|(k, _)| k == n).map(|(_, v)| v.clone());
        assert_eq!(get("ServiceAccountName"), Some(G::Str("sa".into())));
        let Some(G::Ptr(Some(sc))) = get("SecurityContext") else { panic!("a security context") };
        let G::Struct(_, sc) = *sc else { panic!("a struct") };
        assert_eq!(sc[0], ("HostNetwork".to_string(), G::Bool(true)));
    }
}
