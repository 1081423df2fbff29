//! ReplicaSet controller tests, driven through a whole `Simulation` (apply, scale, pods made Ready
//! by writing their status as the kubelet would).

use crate::api::{Kind, ObjKey, Object};
use crate::cluster::Write;
use crate::Simulation;
use k8s_openapi::api::core::v1 as core;

pub(crate) const START: i64 = 1_735_689_600_000;

pub(crate) fn sim_with(script: &str) -> Simulation {
    let mut sim = Simulation::new(1, START);
    let t = sim.run_script(script);
    assert_eq!(t.status, 0, "{}", t.text());
    sim
}

pub(crate) fn pods(sim: &Simulation, ns: &str) -> Vec<core::Pod> {
    sim.cluster.store.list(Kind::Pod, Some(ns)).filter_map(|o| if let Object::Pod(p) = o { Some(p.as_ref().clone()) } else { None }).collect()
}

/// The Events of the default namespace (the tests' objects; kube-system has the boot's).
pub(crate) fn events(sim: &Simulation) -> Vec<String> {
    sim.cluster
        .store
        .list(Kind::Event, Some("default"))
        .filter_map(|o| if let Object::Event(e) = o { Some(format!("{} {}", e.reason.clone().unwrap_or_default(), e.message.clone().unwrap_or_default())) } else { None })
        .collect()
}

/// What the kubelet will report for a started, ready pod: Running, Ready, containers ready.
pub(crate) fn make_ready(sim: &mut Simulation, name: &str) {
    let key = ObjKey::new(Kind::Pod, "default", name);
    let Some(Object::Pod(p)) = sim.cluster.get(&key).cloned() else { panic!("no pod {name}") };
    let mut p = *p;
    let now = sim.cluster.now;
    let st = p.status.get_or_insert_with(Default::default);
    st.phase = Some("Running".into());
    crate::kubelet::status::set_condition(st, "Ready", "True", None, None, now);
    crate::kubelet::status::set_condition(st, "ContainersReady", "True", None, None, now);
    st.container_statuses = Some(
        p.spec.iter().flat_map(|s| s.containers.iter()).map(|c| core::ContainerStatus { name: c.name.clone(), image: c.image.clone().unwrap_or_default(), ready: true, started: Some(true), state: Some(core::ContainerState { running: Some(Default::default()), ..Default::default() }), ..Default::default() }).collect(),
    );
    sim.cluster.write(Write::UpdateStatus { key, status: p.status.into() }).expect("status write");
    sim.settle().expect("settle");
}

/// Its pods never schedule, so the kubelet leaves their status to the tests.
const RS: &str = "kubectl apply -f - <<EOF
apiVersion: apps/v1
kind: ReplicaSet
metadata:
  name: web
spec:
  replicas: 3
  selector:
    matchLabels:
      app: web
  template:
    metadata:
      labels:
        app: web
    spec:
      nodeSelector:
        kubeplay.test/no-such-node: \"true\"
      containers:
      - name: web
        image: nginx:1.27
EOF
";

fn rs_status(sim: &Simulation) -> k8s_openapi::api::apps::v1::ReplicaSetStatus {
    match sim.cluster.get(&ObjKey::new(Kind::ReplicaSet, "default", "web")) {
        Some(Object::ReplicaSet(r)) => r.status.clone().unwrap_or_default(),
        _ => panic!("no rs"),
    }
}

#[test]
fn creates_pods_from_the_template_with_events() {
    let sim = sim_with(RS);
    let ps = pods(&sim, "default");
    assert_eq!(ps.len(), 3);
    for p in &ps {
        let name = p.metadata.name.clone().unwrap();
        assert!(name.starts_with("web-") && name.len() == 9, "{name}");
        assert_eq!(p.metadata.generate_name.as_deref(), Some("web-"));
        assert_eq!(p.metadata.labels.as_ref().unwrap()["app"], "web");
        let owner = &p.metadata.owner_references.as_ref().unwrap()[0];
        assert_eq!((owner.kind.as_str(), owner.name.as_str(), owner.controller), ("ReplicaSet", "web", Some(true)));
        assert!(events(&sim).contains(&format!("SuccessfulCreate Created pod: {name}")));
    }
    let st = rs_status(&sim);
    assert_eq!((st.replicas, st.fully_labeled_replicas, st.ready_replicas, st.observed_generation), (3, Some(3), None, Some(1)));
}

#[test]
fn ready_and_available_counts_follow_pods_and_min_ready_seconds() {
    let mut sim = sim_with(&RS.replace("  replicas: 3\n", "  replicas: 2\n  minReadySeconds: 10\n"));
    let names: Vec<String> = pods(&sim, "default").iter().map(|p| p.metadata.name.clone().unwrap()).collect();
    for n in &names {
        make_ready(&mut sim, n);
    }
    let st = rs_status(&sim);
    assert_eq!((st.ready_replicas, st.available_replicas), (Some(2), None));
    sim.advance(10_000);
    assert_eq!(rs_status(&sim).available_replicas, None, "available only strictly after minReadySeconds");
    sim.advance(1_000);
    assert_eq!(rs_status(&sim).available_replicas, Some(2));
}

#[test]
fn scale_down_deletes_unscheduled_and_unready_pods_first() {
    let mut sim = sim_with(RS);
    let names: Vec<String> = pods(&sim, "default").iter().map(|p| p.metadata.name.clone().unwrap()).collect();
    make_ready(&mut sim, &names[0]);
    make_ready(&mut sim, &names[2]);
    let t = sim.run_script("kubectl scale rs web --replicas=2");
    assert_eq!(t.status, 0, "{}", t.text());
    assert!(events(&sim).contains(&format!("SuccessfulDelete Deleted pod: {}", names[1])), "{:?}", events(&sim));
    let left: Vec<core::Pod> = pods(&sim, "default").into_iter().filter(|p| p.metadata.deletion_timestamp.is_none()).collect();
    assert_eq!(left.len(), 2);
    assert_eq!(rs_status(&sim).replicas, 2);
}

#[test]
fn a_deleted_pod_is_replaced_and_terminal_pods_do_not_count() {
    let mut sim = sim_with(RS);
    let victim = pods(&sim, "default")[0].metadata.name.clone().unwrap();
    let t = sim.run_script(&format!("kubectl delete pod {victim} --wait=false"));
    assert_eq!(t.status, 0, "{}", t.text());
    let active = pods(&sim, "default").into_iter().filter(|p| p.metadata.deletion_timestamp.is_none()).count();
    assert_eq!(active, 3);
}

#[test]
fn orphans_matching_the_selector_are_adopted() {
    let sim = sim_with(&format!(
        "kubectl apply -f - <<EOF\napiVersion: v1\nkind: Pod\nmetadata:\n  name: stray\n  labels:\n    app: web\nspec:\n  containers:\n  - name: c\n    image: nginx\nEOF\n{RS}"
    ));
    let ps = pods(&sim, "default");
    assert_eq!(ps.len(), 3);
    let stray = ps.iter().find(|p| p.metadata.name.as_deref() == Some("stray")).unwrap();
    assert_eq!(stray.metadata.owner_references.as_ref().unwrap()[0].name, "web");
}
