//! The cluster's own daemons (kind's control plane, kube-proxy, kindnet, CoreDNS, the local-path
//! provisioner): each listens on its ports and runs until stopped. Only CoreDNS's start-up lines
//! are written out; the others' klog lines are not modelled, so their logs stay empty.

use super::Started;
use crate::task::{Cx, Outcome, Program};
use crate::{Protocol, Signal};

/// The daemons' program names (argv[0]'s base name) in kind's images.
pub const SYSTEM_PROGRAMS: &[&str] = &[
    "coredns",
    "etcd",
    "kube-apiserver",
    "kube-controller-manager",
    "kube-scheduler",
    "kube-proxy",
    "kindnetd",
    "local-path-provisioner",
];

/// The ports each daemon listens on (kubeadm's and the images' defaults).
fn ports(name: &str) -> &'static [(u16, Protocol)] {
    match name {
        // dns, dns-tcp, metrics, and the health (8080) and ready (8181) endpoints its probes use.
        "coredns" => &[
            (53, Protocol::Udp),
            (53, Protocol::Tcp),
            (9153, Protocol::Tcp),
            (8080, Protocol::Tcp),
            (8181, Protocol::Tcp),
        ],
        // Clients, peers, and the metrics/health listener kubeadm probes.
        "etcd" => &[
            (2379, Protocol::Tcp),
            (2380, Protocol::Tcp),
            (2381, Protocol::Tcp),
        ],
        "kube-apiserver" => &[(6443, Protocol::Tcp)],
        "kube-controller-manager" => &[(10257, Protocol::Tcp)],
        "kube-scheduler" => &[(10259, Protocol::Tcp)],
        // Metrics and healthz.
        "kube-proxy" => &[(10249, Protocol::Tcp), (10256, Protocol::Tcp)],
        _ => &[],
    }
}

/// SHA-512 of the Corefile kubeadm v1.33 writes for cluster.local, which CoreDNS's reload plugin
/// prints at start (worked out once: the ConfigMap is fixed at boot and reloads are not modelled).
const COREFILE_SHA512: &str = "c35a0471224db80ad6f2c01a8ee2158e00ac67f9894da0707fe9267278a918901a5b98890c7cc765725ab46a5bf009ee04f98f78e33459712318fd74e132404d";

pub struct Daemon {
    name: &'static str,
    started: bool,
}

pub fn start(name: &str) -> Started {
    match SYSTEM_PROGRAMS.iter().find(|n| **n == name) {
        Some(name) => Started::Run(Box::new(Daemon {
            name,
            started: false,
        })),
        None => Started::Done(127),
    }
}

impl Program for Daemon {
    fn resume(&mut self, cx: &mut Cx, _child: Option<i32>) -> Outcome {
        if !self.started {
            self.started = true;
            if self.name == "coredns" {
                // automaxprocs sees no CPU limit on the pod; the node has 8 CPUs.
                cx.out(&format!("maxprocs: Leaving GOMAXPROCS=8: CPU quota undefined\n.:53\n[INFO] plugin/reload: Running configuration SHA512 = {COREFILE_SHA512}\nCoreDNS-1.12.0\nlinux/amd64, go1.23.3, 51e11f1\n"));
            }
            for (port, protocol) in ports(self.name) {
                cx.host.listen(*port, *protocol);
            }
        }
        Outcome::Block
    }
    fn signal(&mut self, _sig: Signal, cx: &mut Cx) -> Option<i32> {
        if self.name == "coredns" {
            cx.out("[INFO] SIGTERM: Shutting down servers then terminating\n[INFO] plugin/health: Going into lameduck mode for 5s\n");
        }
        Some(0)
    }
    fn describe(&self) -> String {
        self.name.to_string()
    }
}
