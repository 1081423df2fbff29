//! What `kind create cluster` (v0.29, Kubernetes v1.33.1) puts in kube-system and
//! local-path-storage: kubeadm's CoreDNS and kube-proxy (cmd/kubeadm/app/phases/addons), kind's
//! kindnet and local-path provisioner (pkg/build/nodeimage/const_cni.go, const_storage.go), and the
//! control plane's static pods, which the control-plane kubelet mirrors into the API.

use crate::api::Object;

/// Applied once the control-plane node exists, in kubeadm's then kind's order. The controllers
/// make the pods; the scheduler places CoreDNS and the provisioner on the control plane, the only
/// node when they come (the workers join later, see `bootstrap::boot`).
pub(crate) const ADDONS: &[&str] = &[
    "apiVersion: v1\nkind: ServiceAccount\nmetadata: {name: coredns, namespace: kube-system}",
    COREDNS_CONFIGMAP,
    COREDNS_DEPLOYMENT,
    "apiVersion: v1\nkind: ServiceAccount\nmetadata: {name: kube-proxy, namespace: kube-system}",
    KUBE_PROXY_CONFIGMAP,
    KUBE_PROXY_DAEMONSET,
    "apiVersion: v1\nkind: ServiceAccount\nmetadata: {name: kindnet, namespace: kube-system}",
    KINDNET_DAEMONSET,
    "apiVersion: v1\nkind: Namespace\nmetadata: {name: local-path-storage}",
    "apiVersion: v1\nkind: ServiceAccount\nmetadata: {name: local-path-provisioner-service-account, namespace: local-path-storage}",
    LOCAL_PATH_DEPLOYMENT,
    LOCAL_PATH_CONFIGMAP,
];

const COREDNS_CONFIGMAP: &str = "apiVersion: v1
kind: ConfigMap
metadata: {name: coredns, namespace: kube-system}
data:
  Corefile: |
    .:53 {
        errors
        health {
           lameduck 5s
        }
        ready
        kubernetes cluster.local in-addr.arpa ip6.arpa {
           pods insecure
           fallthrough in-addr.arpa ip6.arpa
           ttl 30
        }
        prometheus :9153
        forward . /etc/resolv.conf {
           max_concurrent 1000
        }
        cache 30 {
           disable success cluster.local
           disable denial cluster.local
        }
        loop
        reload
        loadbalance
    }
";

/// kubeadm v1.33's template: the probes name ports 8080 and 8181 by number (named ports came with a
/// later kubeadm). Its pod-template-hash, `674b8bbfcf`, is a real cluster's, so it is the check.
const COREDNS_DEPLOYMENT: &str = "apiVersion: apps/v1
kind: Deployment
metadata:
  name: coredns
  namespace: kube-system
  labels: {k8s-app: kube-dns}
spec:
  replicas: 2
  strategy:
    type: RollingUpdate
    rollingUpdate: {maxUnavailable: 1}
  selector:
    matchLabels: {k8s-app: kube-dns}
  template:
    metadata:
      labels: {k8s-app: kube-dns}
    spec:
      priorityClassName: system-cluster-critical
      serviceAccountName: coredns
      affinity:
        podAntiAffinity:
          preferredDuringSchedulingIgnoredDuringExecution:
          - weight: 100
            podAffinityTerm:
              labelSelector:
                matchExpressions:
                - {key: k8s-app, operator: In, values: [kube-dns]}
              topologyKey: kubernetes.io/hostname
      tolerations:
      - {key: CriticalAddonsOnly, operator: Exists}
      - {key: node-role.kubernetes.io/control-plane, effect: NoSchedule}
      nodeSelector: {kubernetes.io/os: linux}
      containers:
      - name: coredns
        image: registry.k8s.io/coredns/coredns:v1.12.0
        imagePullPolicy: IfNotPresent
        resources:
          limits: {memory: 170Mi}
          requests: {cpu: 100m, memory: 70Mi}
        args: [-conf, /etc/coredns/Corefile]
        volumeMounts:
        - {name: config-volume, mountPath: /etc/coredns, readOnly: true}
        ports:
        - {containerPort: 53, name: dns, protocol: UDP}
        - {containerPort: 53, name: dns-tcp, protocol: TCP}
        - {containerPort: 9153, name: metrics, protocol: TCP}
        livenessProbe:
          httpGet: {path: /health, port: 8080, scheme: HTTP}
          initialDelaySeconds: 60
          timeoutSeconds: 5
          successThreshold: 1
          failureThreshold: 5
        readinessProbe:
          httpGet: {path: /ready, port: 8181, scheme: HTTP}
        securityContext:
          allowPrivilegeEscalation: false
          capabilities:
            add: [NET_BIND_SERVICE]
            drop: [ALL]
          readOnlyRootFilesystem: true
      dnsPolicy: Default
      volumes:
      - name: config-volume
        configMap:
          name: coredns
          items:
          - {key: Corefile, path: Corefile}
";

const KUBE_PROXY_CONFIGMAP: &str = "apiVersion: v1
kind: ConfigMap
metadata:
  name: kube-proxy
  namespace: kube-system
  labels: {app: kube-proxy}
data:
  kubeconfig.conf: |-
    apiVersion: v1
    kind: Config
    clusters:
    - cluster:
        certificate-authority: /var/run/secrets/kubernetes.io/serviceaccount/ca.crt
        server: https://kind-control-plane:6443
      name: default
    contexts:
    - context:
        cluster: default
        namespace: default
        user: default
      name: default
    current-context: default
    users:
    - name: default
      user:
        tokenFile: /var/run/secrets/kubernetes.io/serviceaccount/token
  config.conf: |-
    apiVersion: kubeproxy.config.k8s.io/v1alpha1
    bindAddress: 0.0.0.0
    clientConnection:
      kubeconfig: /var/lib/kube-proxy/kubeconfig.conf
    clusterCIDR: 10.244.0.0/16
    conntrack:
      maxPerCore: 0
    iptables:
      minSyncPeriod: 1s
    kind: KubeProxyConfiguration
    mode: iptables
";

const KUBE_PROXY_DAEMONSET: &str = "apiVersion: apps/v1
kind: DaemonSet
metadata:
  name: kube-proxy
  namespace: kube-system
  labels: {k8s-app: kube-proxy}
spec:
  selector:
    matchLabels: {k8s-app: kube-proxy}
  updateStrategy: {type: RollingUpdate}
  template:
    metadata:
      labels: {k8s-app: kube-proxy}
    spec:
      priorityClassName: system-node-critical
      containers:
      - name: kube-proxy
        image: registry.k8s.io/kube-proxy:v1.33.1
        imagePullPolicy: IfNotPresent
        command: [/usr/local/bin/kube-proxy, --config=/var/lib/kube-proxy/config.conf, --hostname-override=$(NODE_NAME)]
        securityContext: {privileged: true}
        volumeMounts:
        - {mountPath: /var/lib/kube-proxy, name: kube-proxy}
        - {mountPath: /run/xtables.lock, name: xtables-lock, readOnly: false}
        - {mountPath: /lib/modules, name: lib-modules, readOnly: true}
        env:
        - name: NODE_NAME
          valueFrom:
            fieldRef: {fieldPath: spec.nodeName}
      hostNetwork: true
      serviceAccountName: kube-proxy
      volumes:
      - name: kube-proxy
        configMap: {name: kube-proxy}
      - name: xtables-lock
        hostPath: {path: /run/xtables.lock, type: FileOrCreate}
      - name: lib-modules
        hostPath: {path: /lib/modules}
      tolerations:
      - {key: CriticalAddonsOnly, operator: Exists}
      - {operator: Exists}
      nodeSelector: {kubernetes.io/os: linux}
";

const KINDNET_DAEMONSET: &str = "apiVersion: apps/v1
kind: DaemonSet
metadata:
  name: kindnet
  namespace: kube-system
  labels: {tier: node, app: kindnet, k8s-app: kindnet}
spec:
  selector:
    matchLabels: {app: kindnet}
  template:
    metadata:
      labels: {tier: node, app: kindnet, k8s-app: kindnet}
    spec:
      hostNetwork: true
      tolerations:
      - {operator: Exists}
      serviceAccountName: kindnet
      containers:
      - name: kindnet-cni
        image: docker.io/kindest/kindnetd:v20250512-df8de77b
        env:
        - name: HOST_IP
          valueFrom:
            fieldRef: {fieldPath: status.hostIP}
        - name: POD_IP
          valueFrom:
            fieldRef: {fieldPath: status.podIP}
        - {name: POD_SUBNET, value: 10.244.0.0/16}
        volumeMounts:
        - {name: cni-cfg, mountPath: /etc/cni/net.d}
        - {name: xtables-lock, mountPath: /run/xtables.lock, readOnly: false}
        - {name: lib-modules, mountPath: /lib/modules, readOnly: true}
        resources:
          requests: {cpu: 100m, memory: 50Mi}
          limits: {cpu: 100m, memory: 50Mi}
        securityContext:
          privileged: false
          capabilities:
            add: [NET_RAW, NET_ADMIN]
      volumes:
      - name: cni-cfg
        hostPath: {path: /etc/cni/net.d}
      - name: xtables-lock
        hostPath: {path: /run/xtables.lock, type: FileOrCreate}
      - name: lib-modules
        hostPath: {path: /lib/modules}
";

/// kind v0.29's const_storage.go, with the CONFIG_MOUNT_PATH variable its provisioner image reads:
/// the template that hashes to a real kind cluster's `7dc846544d`.
const LOCAL_PATH_DEPLOYMENT: &str = "apiVersion: apps/v1
kind: Deployment
metadata:
  name: local-path-provisioner
  namespace: local-path-storage
spec:
  replicas: 1
  selector:
    matchLabels: {app: local-path-provisioner}
  template:
    metadata:
      labels: {app: local-path-provisioner}
    spec:
      nodeSelector: {kubernetes.io/os: linux}
      tolerations:
      - {key: node-role.kubernetes.io/control-plane, operator: Equal, effect: NoSchedule}
      - {key: node-role.kubernetes.io/master, operator: Equal, effect: NoSchedule}
      serviceAccountName: local-path-provisioner-service-account
      containers:
      - name: local-path-provisioner
        image: docker.io/kindest/local-path-provisioner:v20250214-acbabc1a
        imagePullPolicy: IfNotPresent
        command: [local-path-provisioner, --debug, start, --helper-image, docker.io/kindest/local-path-helper:v20241212-8ac705d0, --config, /etc/config/config.json]
        volumeMounts:
        - {name: config-volume, mountPath: /etc/config/}
        env:
        - name: POD_NAMESPACE
          valueFrom:
            fieldRef: {fieldPath: metadata.namespace}
        - {name: CONFIG_MOUNT_PATH, value: /etc/config/}
      volumes:
      - name: config-volume
        configMap: {name: local-path-config}
";

const LOCAL_PATH_CONFIGMAP: &str = "apiVersion: v1
kind: ConfigMap
metadata: {name: local-path-config, namespace: local-path-storage}
data:
  config.json: |-
    {
            \"nodePathMap\":[
            {
                    \"node\":\"DEFAULT_PATH_FOR_NON_LISTED_NODES\",
                    \"paths\":[\"/var/local-path-provisioner\"]
            }
            ]
    }
  setup: |-
    #!/bin/sh
    set -eu
    mkdir -m 0777 -p \"$VOL_DIR\"
  teardown: |-
    #!/bin/sh
    set -eu
    rm -rf \"$VOL_DIR\"
  helperPod.yaml: |-
    apiVersion: v1
    kind: Pod
    metadata:
      name: helper-pod
    spec:
      containers:
      - name: helper-pod
        image: docker.io/kindest/local-path-helper:v20241212-8ac705d0
        imagePullPolicy: IfNotPresent
";

/// The control plane's static pods as kubeadm v1.33 writes them to /etc/kubernetes/manifests on a
/// kind node whose address is `ip` (pod spec only; the kubelet adds the mirror's metadata).
pub(crate) fn static_pods(ip: &str) -> Vec<(&'static str, String)> {
    let probe = |host: &str, path: &str, port: &str, scheme: &str, period: u32, threshold: u32, delay: u32| {
        let delay = if delay > 0 { format!(", initialDelaySeconds: {delay}") } else { String::new() };
        format!("{{httpGet: {{host: {host}, path: {path}, port: {port}, scheme: {scheme}}}, failureThreshold: {threshold}, periodSeconds: {period}, timeoutSeconds: 15{delay}}}")
    };
    let pki = "  - {hostPath: {path: /etc/ssl/certs, type: DirectoryOrCreate}, name: ca-certs}\n  - {hostPath: {path: /etc/ca-certificates, type: DirectoryOrCreate}, name: etc-ca-certificates}\n  - {hostPath: {path: /etc/kubernetes/pki, type: DirectoryOrCreate}, name: k8s-certs}\n  - {hostPath: {path: /usr/local/share/ca-certificates, type: DirectoryOrCreate}, name: usr-local-share-ca-certificates}\n  - {hostPath: {path: /usr/share/ca-certificates, type: DirectoryOrCreate}, name: usr-share-ca-certificates}\n";
    let pki_mounts = "    - {mountPath: /etc/ssl/certs, name: ca-certs, readOnly: true}\n    - {mountPath: /etc/ca-certificates, name: etc-ca-certificates, readOnly: true}\n    - {mountPath: /etc/kubernetes/pki, name: k8s-certs, readOnly: true}\n    - {mountPath: /usr/local/share/ca-certificates, name: usr-local-share-ca-certificates, readOnly: true}\n    - {mountPath: /usr/share/ca-certificates, name: usr-share-ca-certificates, readOnly: true}\n";
    let pod = |component: &str, annotations: String, image: &str, command: &[String], requests: &str, probes: String, mounts: &str, volumes: &str| {
        let command: String = command.iter().map(|a| format!("    - {a}\n")).collect();
        format!("apiVersion: v1\nkind: Pod\nmetadata:\n  name: {component}\n  namespace: kube-system\n  labels: {{component: {component}, tier: control-plane}}\n  annotations:\n{annotations}spec:\n  containers:\n  - name: {component}\n    image: {image}\n    imagePullPolicy: IfNotPresent\n    command:\n{command}    resources:\n      requests: {{{requests}}}\n{probes}    volumeMounts:\n{mounts}  hostNetwork: true\n  priorityClassName: system-node-critical\n  securityContext:\n    seccompProfile: {{type: RuntimeDefault}}\n  volumes:\n{volumes}")
    };
    let args = |bin: &str, flags: &[&str]| std::iter::once(bin.to_string()).chain(flags.iter().map(|f| format!("--{f}").replace("%IP%", ip))).collect::<Vec<_>>();
    let apiserver = args("kube-apiserver", &["advertise-address=%IP%", "allow-privileged=true", "authorization-mode=Node,RBAC", "client-ca-file=/etc/kubernetes/pki/ca.crt", "enable-admission-plugins=NodeRestriction", "enable-bootstrap-token-auth=true", "etcd-cafile=/etc/kubernetes/pki/etcd/ca.crt", "etcd-certfile=/etc/kubernetes/pki/apiserver-etcd-client.crt", "etcd-keyfile=/etc/kubernetes/pki/apiserver-etcd-client.key", "etcd-servers=https://127.0.0.1:2379", "kubelet-client-certificate=/etc/kubernetes/pki/apiserver-kubelet-client.crt", "kubelet-client-key=/etc/kubernetes/pki/apiserver-kubelet-client.key", "kubelet-preferred-address-types=InternalIP,ExternalIP,Hostname", "proxy-client-cert-file=/etc/kubernetes/pki/front-proxy-client.crt", "proxy-client-key-file=/etc/kubernetes/pki/front-proxy-client.key", "requestheader-allowed-names=front-proxy-client", "requestheader-client-ca-file=/etc/kubernetes/pki/front-proxy-ca.crt", "requestheader-extra-headers-prefix=X-Remote-Extra-", "requestheader-group-headers=X-Remote-Group", "requestheader-username-headers=X-Remote-User", "runtime-config=", "secure-port=6443", "service-account-issuer=https://kubernetes.default.svc.cluster.local", "service-account-key-file=/etc/kubernetes/pki/sa.pub", "service-account-signing-key-file=/etc/kubernetes/pki/sa.key", "service-cluster-ip-range=10.96.0.0/16", "tls-cert-file=/etc/kubernetes/pki/apiserver.crt", "tls-private-key-file=/etc/kubernetes/pki/apiserver.key"]);
    let etcd = args("etcd", &["advertise-client-urls=https://%IP%:2379", "cert-file=/etc/kubernetes/pki/etcd/server.crt", "client-cert-auth=true", "data-dir=/var/lib/etcd", "experimental-initial-corrupt-check=true", "experimental-watch-progress-notify-interval=5s", "initial-advertise-peer-urls=https://%IP%:2380", "initial-cluster=kind-control-plane=https://%IP%:2380", "key-file=/etc/kubernetes/pki/etcd/server.key", "listen-client-urls=https://127.0.0.1:2379,https://%IP%:2379", "listen-metrics-urls=http://127.0.0.1:2381", "listen-peer-urls=https://%IP%:2380", "name=kind-control-plane", "peer-cert-file=/etc/kubernetes/pki/etcd/peer.crt", "peer-client-cert-auth=true", "peer-key-file=/etc/kubernetes/pki/etcd/peer.key", "peer-trusted-ca-file=/etc/kubernetes/pki/etcd/ca.crt", "snapshot-count=10000", "trusted-ca-file=/etc/kubernetes/pki/etcd/ca.crt"]);
    let cm = args("kube-controller-manager", &["allocate-node-cidrs=true", "authentication-kubeconfig=/etc/kubernetes/controller-manager.conf", "authorization-kubeconfig=/etc/kubernetes/controller-manager.conf", "bind-address=127.0.0.1", "client-ca-file=/etc/kubernetes/pki/ca.crt", "cluster-cidr=10.244.0.0/16", "cluster-name=kind", "cluster-signing-cert-file=/etc/kubernetes/pki/ca.crt", "cluster-signing-key-file=/etc/kubernetes/pki/ca.key", "controllers=*,bootstrapsigner,tokencleaner", "enable-hostpath-provisioner=true", "kubeconfig=/etc/kubernetes/controller-manager.conf", "leader-elect=true", "requestheader-client-ca-file=/etc/kubernetes/pki/front-proxy-ca.crt", "root-ca-file=/etc/kubernetes/pki/ca.crt", "service-account-private-key-file=/etc/kubernetes/pki/sa.key", "service-cluster-ip-range=10.96.0.0/16", "use-service-account-credentials=true"]);
    let sched = args("kube-scheduler", &["authentication-kubeconfig=/etc/kubernetes/scheduler.conf", "authorization-kubeconfig=/etc/kubernetes/scheduler.conf", "bind-address=127.0.0.1", "kubeconfig=/etc/kubernetes/scheduler.conf", "leader-elect=true"]);
    let three = |host: &str, live: &str, ready: Option<&str>, port: &str, scheme: &str, live_threshold: u32| {
        let mut s = format!("    livenessProbe: {}\n", probe(host, live, port, scheme, 10, live_threshold, 10));
        if let Some(ready) = ready {
            s.push_str(&format!("    readinessProbe: {}\n", probe(host, ready, port, scheme, 1, 3, 0)));
        }
        s.push_str(&format!("    startupProbe: {}\n", probe(host, ready.map_or(live, |_| live), port, scheme, 10, 24, 10)));
        s
    };
    let etcd_probes = format!("    livenessProbe: {}\n    readinessProbe: {}\n    startupProbe: {}\n", probe("127.0.0.1", "/livez", "2381", "HTTP", 10, 8, 10), probe("127.0.0.1", "/readyz", "2381", "HTTP", 1, 3, 0), probe("127.0.0.1", "/readyz", "2381", "HTTP", 10, 24, 10));
    let kubeconfig = |name: &str| format!("  - {{hostPath: {{path: /etc/kubernetes/{name}.conf, type: FileOrCreate}}, name: kubeconfig}}\n");
    let kubeconfig_mount = "    - {mountPath: /etc/kubernetes/KIND.conf, name: kubeconfig, readOnly: true}\n";
    vec![
        ("etcd", pod("etcd", format!("    kubeadm.kubernetes.io/etcd.advertise-client-urls: https://{ip}:2379\n"), "registry.k8s.io/etcd:3.5.21-0", &etcd, "cpu: 100m, memory: 100Mi", etcd_probes, "    - {mountPath: /var/lib/etcd, name: etcd-data}\n    - {mountPath: /etc/kubernetes/pki/etcd, name: etcd-certs}\n", "  - {hostPath: {path: /etc/kubernetes/pki/etcd, type: DirectoryOrCreate}, name: etcd-certs}\n  - {hostPath: {path: /var/lib/etcd, type: DirectoryOrCreate}, name: etcd-data}\n")),
        ("kube-apiserver", pod("kube-apiserver", format!("    kubeadm.kubernetes.io/kube-apiserver.advertise-address.endpoint: {ip}:6443\n"), "registry.k8s.io/kube-apiserver:v1.33.1", &apiserver, "cpu: 250m", three(ip, "/livez", Some("/readyz"), "6443", "HTTPS", 8), pki_mounts, pki)),
        ("kube-controller-manager", pod("kube-controller-manager", String::new(), "registry.k8s.io/kube-controller-manager:v1.33.1", &cm, "cpu: 200m", three("127.0.0.1", "/healthz", None, "10257", "HTTPS", 8), &format!("{pki_mounts}{}", kubeconfig_mount.replace("KIND", "controller-manager")), &format!("{pki}{}", kubeconfig("controller-manager")))),
        ("kube-scheduler", pod("kube-scheduler", String::new(), "registry.k8s.io/kube-scheduler:v1.33.1", &sched, "cpu: 100m", three("127.0.0.1", "/livez", Some("/readyz"), "10259", "HTTPS", 8), &kubeconfig_mount.replace("KIND", "scheduler"), &kubeconfig("scheduler"))),
    ]
}

/// A static pod as its kubelet mirrors it: named after the node, owned by it, with the config
/// annotations (the hash is the md5 of the manifest, as the kubelet hashes the pod it read).
pub(crate) fn mirror_pod(manifest: &str, node: &str, node_uid: &str, seen: &str) -> Option<Object> {
    let hash = format!("{:x}", md5::compute(manifest.as_bytes()));
    let annotations = format!("    kubernetes.io/config.hash: {hash}\n    kubernetes.io/config.mirror: {hash}\n    kubernetes.io/config.seen: \"{seen}\"\n    kubernetes.io/config.source: file\n");
    let doc = manifest.replacen("  annotations:\n", &format!("  annotations:\n{annotations}"), 1);
    let doc = doc.replacen("\n  namespace: kube-system\n", &format!("\n  namespace: kube-system\n  ownerReferences: [{{apiVersion: v1, controller: true, kind: Node, name: {node}, uid: {node_uid}}}]\n"), 1);
    let doc = doc.replacen("spec:\n", &format!("spec:\n  nodeName: {node}\n  tolerations: [{{effect: NoExecute, operator: Exists}}]\n"), 1);
    let mut value = crate::yaml::parse_document(&doc).ok()?;
    let name = format!("{}-{node}", value["metadata"]["name"].as_str().unwrap_or(""));
    value["metadata"]["name"] = serde_json::Value::String(name);
    Object::from_value(crate::api::Kind::Pod, value).ok()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_static_pod_becomes_a_mirror_pod() {
        for (name, manifest) in static_pods("172.18.0.2") {
            let doc = crate::yaml::parse_document(&manifest);
            assert!(doc.is_ok(), "{name}: {doc:?}\n{manifest}");
            let v = doc.unwrap();
            let obj = Object::from_value(crate::api::Kind::Pod, v);
            assert!(obj.is_ok(), "{name}: {:?}\n{manifest}", obj.err());
            let pod = mirror_pod(&manifest, "kind-control-plane", "u", "2025-01-01T00:00:00Z");
            assert!(pod.is_some(), "{name}");
        }
    }
}
