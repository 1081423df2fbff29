//! The objects a fresh kind cluster already has: namespaces, the system PriorityClasses, three
//! nodes (a control plane tainted NoSchedule and two workers, as a multi-node kind cluster), the
//! default StorageClass, the `kubernetes` Service with its Endpoints and EndpointSlice, and the
//! `kube-dns` Service; and the boot that brings up the control plane, then the workers (add-ons in
//! bootstrap_addons, kube-system's own objects in bootstrap_kube_system, leases in leases).

use crate::api::Object;
use crate::cluster::{Cluster, Write};
use crate::yaml::parse_document;

const BOOT: &[&str] = &[
    "apiVersion: v1\nkind: Namespace\nmetadata: {name: default}",
    "apiVersion: v1\nkind: Namespace\nmetadata: {name: kube-node-lease}",
    "apiVersion: v1\nkind: Namespace\nmetadata: {name: kube-public}",
    "apiVersion: v1\nkind: Namespace\nmetadata: {name: kube-system}",
    "apiVersion: storage.k8s.io/v1\nkind: StorageClass\nmetadata:\n  name: standard\n  annotations: {storageclass.kubernetes.io/is-default-class: \"true\"}\nprovisioner: rancher.io/local-path\nreclaimPolicy: Delete\nvolumeBindingMode: WaitForFirstConsumer",
    "apiVersion: v1\nkind: Service\nmetadata:\n  name: kube-dns\n  namespace: kube-system\n  labels: {k8s-app: kube-dns, kubernetes.io/cluster-service: \"true\", kubernetes.io/name: CoreDNS}\n  annotations: {prometheus.io/port: \"9153\", prometheus.io/scrape: \"true\"}\nspec:\n  clusterIP: 10.96.0.10\n  selector: {k8s-app: kube-dns}\n  ports:\n  - {name: dns, port: 53, protocol: UDP, targetPort: 53}\n  - {name: dns-tcp, port: 53, protocol: TCP, targetPort: 53}\n  - {name: metrics, port: 9153, protocol: TCP, targetPort: 9153}",
];

/// What the apiserver itself keeps: the `kubernetes` Service and its Endpoints and EndpointSlice
/// (pkg/controlplane/reconcilers/endpointsadapter.go), made again when deleted or changed.
const APISERVER: &[&str] = &[
    "apiVersion: v1\nkind: Service\nmetadata:\n  name: kubernetes\n  namespace: default\n  labels: {component: apiserver, provider: kubernetes}\nspec:\n  clusterIP: 10.96.0.1\n  ports: [{name: https, port: 443, protocol: TCP, targetPort: 6443}]",
    "apiVersion: v1\nkind: Endpoints\nmetadata:\n  name: kubernetes\n  namespace: default\n  labels: {endpointslice.kubernetes.io/skip-mirror: \"true\"}\nsubsets:\n- addresses: [{ip: 172.18.0.2}]\n  ports: [{name: https, port: 6443, protocol: TCP}]",
    "apiVersion: discovery.k8s.io/v1\nkind: EndpointSlice\nmetadata:\n  name: kubernetes\n  namespace: default\n  labels: {kubernetes.io/service-name: kubernetes}\naddressType: IPv4\nendpoints:\n- addresses: [172.18.0.2]\n  conditions: {ready: true}\nports: [{name: https, port: 6443, protocol: TCP}]",
];

/// The apiserver's own objects, as it writes them.
pub(crate) fn apiserver_objects() -> Vec<Object> {
    APISERVER.iter().filter_map(|doc| parse(doc)).collect()
}

pub(crate) fn parse(doc: &str) -> Option<Object> {
    let value = parse_document(doc).ok()?;
    let kind = crate::api::kinds::kind_from_manifest(value["apiVersion"].as_str().unwrap_or(""), value["kind"].as_str().unwrap_or(""))?;
    Object::from_value(kind, value).ok()
}

/// The simulated nodes: (name, internal IP, pod CIDR, control plane?). kind numbers pod ranges per node.
pub const NODES: &[(&str, &str, &str, bool)] = &[
    ("kind-control-plane", "172.18.0.2", "10.244.0.0/24", true),
    ("kind-worker", "172.18.0.3", "10.244.1.0/24", false),
    ("kind-worker2", "172.18.0.4", "10.244.2.0/24", false),
];

/// The kubelet version the nodes report (`kubectl get nodes` VERSION).
pub const KUBELET_VERSION: &str = "v1.33.1";

/// Each node container's own /etc/machine-id and the product_uuid kind mounts for it (fixed
/// values, so every run describes the same nodes).
const NODE_IDS: &[(&str, &str, &str)] = &[
    ("kind-control-plane", "5e6f33d199b1d244a573942498a4a201", "ad36101f-af4e-4616-9452-341f19d9de2b"),
    ("kind-worker", "b58708926c65a6f123a85c6403d4b041", "c5cd34a9-c134-460b-b2e9-7956c6eee6ce"),
    ("kind-worker2", "f69d17d38a27c10f08b2695eb5bc964d", "fe17c557-e956-4114-8796-99af26a4228a"),
];

/// kind nodes are containers on one host: they share its boot ID and kernel.
const HOST_BOOT_ID: &str = "80777b16-b279-49b5-a95c-798e76f1f242";

/// A node as kind's kubelet registers it. `now` (RFC 3339) stamps the conditions: the nodes are
/// Ready from the first moment of the simulation. kubeProxyVersion stays empty (the kubelet no
/// longer sets it since DisableNodeKubeProxyVersion went on by default).
fn node_yaml(name: &str, ip: &str, cidr: &str, control_plane: bool, now: &str) -> String {
    let (machine_id, system_uuid) = NODE_IDS.iter().find(|n| n.0 == name).map_or(("", ""), |n| (n.1, n.2));
    let times = format!("lastHeartbeatTime: \"{now}\", lastTransitionTime: \"{now}\"");
    let (role, taints) = if control_plane {
        ("\n    node-role.kubernetes.io/control-plane: \"\"\n    node.kubernetes.io/exclude-from-external-load-balancers: \"\"", "\n  taints:\n  - {effect: NoSchedule, key: node-role.kubernetes.io/control-plane}")
    } else {
        ("", "")
    };
    format!(
        "apiVersion: v1\nkind: Node\nmetadata:\n  name: {name}\n  labels:\n    beta.kubernetes.io/arch: amd64\n    beta.kubernetes.io/os: linux\n    kubernetes.io/arch: amd64\n    kubernetes.io/hostname: {name}\n    kubernetes.io/os: linux{role}\n  annotations:\n    node.alpha.kubernetes.io/ttl: \"0\"\n    volumes.kubernetes.io/controller-managed-attach-detach: \"true\"\nspec:\n  podCIDR: {cidr}\n  podCIDRs: [{cidr}]\n  providerID: kind://docker/kind/{name}{taints}\nstatus:\n  addresses:\n  - {{address: {ip}, type: InternalIP}}\n  - {{address: {name}, type: Hostname}}\n  allocatable: {{cpu: \"8\", ephemeral-storage: 263112772Ki, hugepages-1Gi: \"0\", hugepages-2Mi: \"0\", memory: 16311000Ki, pods: \"110\"}}\n  capacity: {{cpu: \"8\", ephemeral-storage: 263112772Ki, hugepages-1Gi: \"0\", hugepages-2Mi: \"0\", memory: 16311000Ki, pods: \"110\"}}\n  conditions:\n  - {{type: MemoryPressure, status: \"False\", {times}, reason: KubeletHasSufficientMemory, message: kubelet has sufficient memory available}}\n  - {{type: DiskPressure, status: \"False\", {times}, reason: KubeletHasNoDiskPressure, message: kubelet has no disk pressure}}\n  - {{type: PIDPressure, status: \"False\", {times}, reason: KubeletHasSufficientPID, message: kubelet has sufficient PID available}}\n  - {{type: Ready, status: \"True\", {times}, reason: KubeletReady, message: kubelet is posting ready status}}\n  daemonEndpoints: {{kubeletEndpoint: {{Port: 10250}}}}\n  nodeInfo:\n    architecture: amd64\n    bootID: {HOST_BOOT_ID}\n    containerRuntimeVersion: containerd://2.1.1\n    kernelVersion: 6.8.0-50-generic\n    kubeProxyVersion: \"\"\n    kubeletVersion: {KUBELET_VERSION}\n    machineID: {machine_id}\n    operatingSystem: linux\n    osImage: Debian GNU/Linux 12 (bookworm)\n    systemUUID: {system_uuid}\n"
    )
}

pub(crate) fn install(c: &mut Cluster) {
    install_nodes(c, NODES);
}

/// The base objects and the control-plane node (the boot's first step).
pub(crate) fn install_base(c: &mut Cluster) {
    install_nodes(c, &NODES[..1]);
}

/// The base objects and then `nodes`, all stamped now.
fn install_nodes(c: &mut Cluster, nodes: &[(&str, &str, &str, bool)]) {
    let now = c.now.rfc3339();
    let nodes: Vec<String> = nodes.iter().map(|(n, ip, cidr, cp)| node_yaml(n, ip, cidr, *cp, &now)).collect();
    // In the order the objects always had: namespaces, the system PriorityClasses, the storage
    // class, the apiserver's own, kube-dns, the nodes.
    let (namespaces, early) = BOOT.split_at(4);
    for obj in namespaces.iter().filter_map(|d| parse(d)) {
        let _ = c.submit(Write::Create(obj));
    }
    install_system_classes(c);
    let (early, late) = early.split_at(1);
    let docs = early.iter().map(|d| parse(d)).chain(apiserver_objects().into_iter().map(Some)).chain(late.iter().map(|d| parse(d))).chain(nodes.iter().map(|d| parse(d)));
    for obj in docs.flatten() {
        let _ = c.submit(Write::Create(obj));
    }
}

/// The system PriorityClasses, which the apiserver's post-start hook makes as it comes up.
fn install_system_classes(c: &mut Cluster) {
    create_aside(c, 0x7072_696f_7269_7479, crate::priorityclass::system_classes());
}

/// Creates `objs` with uids from a stream of their own, derived from the current one (with `tag`)
/// without moving it: these objects came to kubeplay later than the names the user's stream and
/// the boot's stream have always given, which stay as they were.
fn create_aside(c: &mut Cluster, tag: u64, objs: Vec<Object>) {
    aside(c, tag, |c| {
        for obj in objs {
            let _ = c.submit(Write::Create(obj));
        }
    });
}

/// Runs `f` with the cluster's stream replaced by one derived from it (see [`create_aside`]).
fn aside(c: &mut Cluster, tag: u64, f: impl FnOnce(&mut Cluster)) {
    let derived = crate::rng::Prng::new(c.rng.clone().next_u64() ^ tag);
    let stream = std::mem::replace(&mut c.rng, derived);
    f(c);
    c.rng = stream;
}

/// How long before the first command `kind create cluster` made the control plane.
pub const BOOT_MS: i64 = 60_000;
/// When the workers join, after the control plane.
pub const WORKERS_JOIN_MS: i64 = 15_000;

/// The control plane as kind brings it up: its node, its static pods mirrored by its kubelet, the
/// add-ons (bootstrap_addons), and kind's images already on every node (the node image preloads
/// them). The workers come later ([`join_workers`]); until then the control plane is the only node
/// the scheduler can use, which is where CoreDNS and the provisioner end up on a real kind cluster.
pub(crate) fn boot_control_plane(c: &mut Cluster) {
    for (node, ..) in NODES {
        let images = c.kubelet.images.entry(node.to_string()).or_default();
        for image in crate::kubelet::images::SYSTEM_IMAGES {
            images.insert(crate::kubelet::podstatus::canonical_image(image));
        }
    }
    // The apiserver's post-start hooks publish its authentication settings and the start of
    // legacy token tracking in kube-system.
    create_aside(c, 0x6b75_6265_2d63_6d73, crate::bootstrap_kube_system::apiserver_config_maps(c.now.secs()));
    let (node, ip, ..) = NODES[0];
    let node_uid = c.get(&crate::api::ObjKey::new(crate::api::Kind::Node, "", node)).and_then(|n| n.meta().uid.clone()).unwrap_or_default();
    // The kubelet stamps the time it read the manifest as RFC 3339 with nanoseconds, whose
    // trailing zeros Go drops.
    let seen = match c.now.ms().rem_euclid(1000) {
        0 => c.now.rfc3339(),
        ms => format!("{}.{}Z", c.now.rfc3339().trim_end_matches('Z'), format!("{ms:03}").trim_end_matches('0')),
    };
    for (_, manifest) in crate::bootstrap_addons::static_pods(ip) {
        if let Some(pod) = crate::bootstrap_addons::mirror_pod(&manifest, node, &node_uid, &seen) {
            let _ = c.submit(Write::Create(pod));
        }
    }
    // kube-controller-manager starts its controllers, each with its own account.
    create_aside(c, 0x6b63_6d2d_7361_7300, crate::bootstrap_kube_system::controller_service_accounts());
    // The control-plane kubelet's node lease; the controller manager and scheduler lead.
    aside(c, 0x6c65_6173_6573_0000, |c| {
        crate::leases::start_node_lease(c, node);
        crate::leases::start_leaders(c, node);
    });
    for doc in crate::bootstrap_addons::ADDONS {
        if let Some(obj) = parse(doc) {
            let _ = c.submit(Write::Create(obj));
        }
    }
}

/// The workers' kubelets register their nodes.
pub(crate) fn join_workers(c: &mut Cluster) {
    let now = c.now.rfc3339();
    for (n, ip, cidr, cp) in &NODES[1..] {
        if let Some(node) = parse(&node_yaml(n, ip, cidr, *cp, &now)) {
            let _ = c.submit(Write::Create(node));
            aside(c, 0x6c65_6173_6573_0001, |c| crate::leases::start_node_lease(c, n));
        }
    }
}
