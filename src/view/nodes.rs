//! Nodes as `kubectl get nodes` shows them, with how many of the learner's unfinished pods each one
//! runs (the system namespaces' pods are left out, as everywhere in the picture).

use std::collections::BTreeMap;

use kubeplay_core::api::{Kind, Object};
use kubeplay_core::kubectl::printers_pod::node_row;
use kubeplay_core::store::Store;

use super::NodeView;

pub fn nodes(store: &Store) -> Vec<NodeView> {
    let mut running: BTreeMap<&str, usize> = BTreeMap::new();
    for o in super::user_objects(store, Kind::Pod) {
        let Object::Pod(p) = o else { continue };
        let finished = matches!(
            p.status.as_ref().and_then(|s| s.phase.as_deref()),
            Some("Succeeded" | "Failed")
        );
        if let Some(node) = p.spec.as_ref().and_then(|s| s.node_name.as_deref()) {
            if !finished {
                *running.entry(node).or_default() += 1;
            }
        }
    }
    store
        .list(Kind::Node, None)
        .filter_map(|o| match o {
            Object::Node(n) => {
                let (cells, wide) = node_row(n, o.name(), String::new());
                Some(NodeView {
                    name: o.name().to_string(),
                    ready: cells[1].split(',').next() == Some("Ready"),
                    status: cells[1].clone(),
                    roles: cells[2].clone(),
                    internal_ip: wide[0].clone(),
                    pods: running.get(o.name()).copied().unwrap_or(0),
                })
            }
            _ => None,
        })
        .collect()
}
