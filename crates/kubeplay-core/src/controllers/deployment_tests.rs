//! Deployment controller tests through a whole `Simulation`: the ReplicaSet it makes, scaling,
//! a rolling update within maxSurge/maxUnavailable, Recreate, status and conditions.

use super::super::replicaset::tests::{events, make_ready, pods, sim_with};
use crate::api::{Kind, ObjKey, Object};
use crate::Simulation;
use k8s_openapi::api::apps::v1 as apps;

/// Its pods never schedule (no node matches), so the kubelet leaves their status to the tests.
const DEPLOY: &str = "kubectl apply -f - <<EOF
apiVersion: apps/v1
kind: Deployment
metadata:
  name: web
  annotations:
    team: blue
spec:
  replicas: 2
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

fn deploy(sim: &Simulation) -> apps::Deployment {
    match sim.cluster.get(&ObjKey::new(Kind::Deployment, "default", "web")) {
        Some(Object::Deployment(d)) => d.as_ref().clone(),
        _ => panic!("no deployment"),
    }
}

fn sets(sim: &Simulation) -> Vec<apps::ReplicaSet> {
    sim.cluster.store.list(Kind::ReplicaSet, Some("default")).filter_map(|o| if let Object::ReplicaSet(r) = o { Some(r.as_ref().clone()) } else { None }).collect()
}

fn ready_all(sim: &mut Simulation) {
    for p in pods(sim, "default") {
        let ready = p.status.as_ref().and_then(|s| s.conditions.as_ref()).is_some_and(|cs| cs.iter().any(|c| c.type_ == "Ready" && c.status == "True"));
        if !ready && p.metadata.deletion_timestamp.is_none() {
            make_ready(sim, p.metadata.name.as_deref().unwrap_or(""));
        }
    }
}

fn conditions(d: &apps::Deployment) -> Vec<(String, String, String, String)> {
    d.status.iter().flat_map(|s| s.conditions.iter().flatten()).map(|c| (c.type_.clone(), c.status.clone(), c.reason.clone().unwrap_or_default(), c.message.clone().unwrap_or_default())).collect()
}

#[test]
fn creates_a_hashed_replica_set_with_annotations_and_events() {
    let sim = sim_with(DEPLOY);
    let rss = sets(&sim);
    assert_eq!(rss.len(), 1);
    let rs = &rss[0];
    let hash = rs.metadata.labels.as_ref().unwrap()["pod-template-hash"].clone();
    assert_eq!(rs.metadata.name.as_deref(), Some(format!("web-{hash}").as_str()));
    let spec = rs.spec.as_ref().unwrap();
    assert_eq!(spec.selector.match_labels.as_ref().unwrap()["pod-template-hash"], hash);
    assert_eq!(spec.template.as_ref().unwrap().metadata.as_ref().unwrap().labels.as_ref().unwrap()["pod-template-hash"], hash);
    let a = rs.metadata.annotations.as_ref().unwrap();
    assert_eq!((a["deployment.kubernetes.io/revision"].as_str(), a["deployment.kubernetes.io/desired-replicas"].as_str(), a["deployment.kubernetes.io/max-replicas"].as_str(), a["team"].as_str()), ("1", "2", "3", "blue"));
    assert!(!a.contains_key("kubectl.kubernetes.io/last-applied-configuration"));
    let d = deploy(&sim);
    assert_eq!(d.metadata.annotations.as_ref().unwrap()["deployment.kubernetes.io/revision"], "1");
    assert!(events(&sim).contains(&format!("ScalingReplicaSet Scaled up replica set web-{hash} from 0 to 2")), "{:?}", events(&sim));
    assert_eq!(pods(&sim, "default").len(), 2);
    for p in pods(&sim, "default") {
        assert!(p.metadata.name.unwrap().starts_with(&format!("web-{hash}-")));
        assert_eq!(p.metadata.labels.unwrap()["pod-template-hash"], hash);
    }
    let st = d.status.clone().unwrap();
    assert_eq!((st.replicas, st.updated_replicas, st.ready_replicas, st.unavailable_replicas, st.observed_generation), (Some(2), Some(2), None, Some(2), Some(1)));
    assert_eq!(
        conditions(&d),
        vec![
            ("Available".into(), "False".into(), "MinimumReplicasUnavailable".into(), "Deployment does not have minimum availability.".into()),
            ("Progressing".into(), "True".into(), "ReplicaSetUpdated".into(), format!("ReplicaSet \"web-{hash}\" is progressing.")),
        ]
    );
}

#[test]
fn becomes_available_and_complete_when_pods_are_ready() {
    let mut sim = sim_with(DEPLOY);
    ready_all(&mut sim);
    let d = deploy(&sim);
    let rs = sets(&sim)[0].metadata.name.clone().unwrap();
    let st = d.status.clone().unwrap();
    assert_eq!((st.ready_replicas, st.available_replicas, st.unavailable_replicas), (Some(2), Some(2), None));
    assert_eq!(
        conditions(&d),
        vec![
            ("Available".into(), "True".into(), "MinimumReplicasAvailable".into(), "Deployment has minimum availability.".into()),
            ("Progressing".into(), "True".into(), "NewReplicaSetAvailable".into(), format!("ReplicaSet \"{rs}\" has successfully progressed.")),
        ]
    );
    let t = sim.run_script("kubectl rollout status deploy/web");
    assert_eq!(t.text(), "deployment \"web\" successfully rolled out\n");
}

#[test]
fn the_hash_is_stable_for_an_unchanged_template() {
    let a = sim_with(DEPLOY);
    let mut b = sim_with(DEPLOY);
    assert_eq!(sets(&a)[0].metadata.name, sets(&b)[0].metadata.name);
    let t = b.run_script(DEPLOY);
    assert_eq!(t.status, 0);
    assert_eq!(sets(&b).len(), 1, "re-applying the same template makes no new ReplicaSet");
}

#[test]
fn scaling_scales_the_one_active_replica_set() {
    let mut sim = sim_with(DEPLOY);
    let rs = sets(&sim)[0].metadata.name.clone().unwrap();
    let t = sim.run_script("kubectl scale deploy web --replicas=4");
    assert_eq!(t.status, 0, "{}", t.text());
    assert!(events(&sim).contains(&format!("ScalingReplicaSet Scaled up replica set {rs} from 2 to 4")));
    assert_eq!(pods(&sim, "default").len(), 4);
    let a = sets(&sim)[0].metadata.annotations.clone().unwrap();
    assert_eq!((a["deployment.kubernetes.io/desired-replicas"].as_str(), a["deployment.kubernetes.io/max-replicas"].as_str()), ("4", "5"));
    sim.run_script("kubectl scale deploy web --replicas=1");
    assert!(events(&sim).contains(&format!("ScalingReplicaSet Scaled down replica set {rs} from 4 to 1")));
    assert_eq!(deploy(&sim).status.unwrap().observed_generation, Some(3));
}

#[test]
fn rolling_update_respects_surge_and_unavailability() {
    let mut sim = sim_with(&DEPLOY.replace("replicas: 2", "replicas: 4"));
    ready_all(&mut sim);
    let old = sets(&sim)[0].metadata.name.clone().unwrap();
    sim.run_script(&DEPLOY.replace("replicas: 2", "replicas: 4").replace("nginx:1.27", "nginx:1.28"));
    let rss = sets(&sim);
    assert_eq!(rss.len(), 2);
    let new = rss.iter().find(|r| r.metadata.name.as_deref() != Some(old.as_str())).unwrap().clone();
    let new_name = new.metadata.name.clone().unwrap();
    // 4 replicas, 25%/25%: surge 1, unavailable 1 → new 0→1, old 4→3, then (total 4 < 5) new 1→2;
    // nothing more until new pods are available.
    assert_eq!(new.spec.as_ref().unwrap().replicas, Some(2));
    assert_eq!(new.metadata.annotations.as_ref().unwrap()["deployment.kubernetes.io/revision"], "2");
    let ev = events(&sim);
    assert!(ev.contains(&format!("ScalingReplicaSet Scaled up replica set {new_name} from 0 to 1")), "{ev:?}");
    assert!(ev.contains(&format!("ScalingReplicaSet Scaled down replica set {old} from 4 to 3")), "{ev:?}");
    assert!(ev.contains(&format!("ScalingReplicaSet Scaled up replica set {new_name} from 1 to 2")), "{ev:?}");
    assert!(!ev.contains(&format!("ScalingReplicaSet Scaled down replica set {old} from 3 to 2")), "{ev:?}");
    // Drive it to the end: each round of readiness lets the rollout take another step.
    for _ in 0..10 {
        ready_all(&mut sim);
    }
    let old_rs = sets(&sim).into_iter().find(|r| r.metadata.name.as_deref() == Some(old.as_str())).unwrap();
    assert_eq!(old_rs.spec.unwrap().replicas, Some(0));
    assert_eq!(deploy(&sim).metadata.annotations.unwrap()["deployment.kubernetes.io/revision"], "2");
    let t = sim.run_script("kubectl rollout status deploy/web --timeout=1m");
    assert!(t.text().ends_with("deployment \"web\" successfully rolled out\n"), "{}", t.text());
}

#[test]
fn recreate_scales_old_to_zero_before_the_new_one() {
    let spec = DEPLOY.replace("  replicas: 2\n", "  replicas: 2\n  strategy:\n    type: Recreate\n");
    let mut sim = sim_with(&spec);
    ready_all(&mut sim);
    let old = sets(&sim)[0].metadata.name.clone().unwrap();
    sim.run_script(&spec.replace("nginx:1.27", "nginx:1.28"));
    // Unscheduled pods go at once (nothing runs them), so the new set follows in the same instant.
    let ev = events(&sim);
    let down = ev.iter().position(|e| e == &format!("ScalingReplicaSet Scaled down replica set {old} from 2 to 0")).expect("old scaled down");
    let up = ev.iter().position(|e| e.starts_with("ScalingReplicaSet Scaled up replica set") && e.ends_with("from 0 to 2") && !e.contains(&old)).expect("new scaled up");
    assert!(down < up || sets(&sim).len() == 2, "{ev:?}");
    let rss = sets(&sim);
    assert_eq!(rss.len(), 2);
    assert_eq!(pods(&sim, "default").len(), 2);
    assert!(pods(&sim, "default").iter().all(|p| p.spec.as_ref().unwrap().containers[0].image.as_deref() == Some("nginx:1.28")));
}

#[test]
fn progress_deadline_times_out_without_ready_pods() {
    let mut sim = sim_with(&DEPLOY.replace("  replicas: 2\n", "  replicas: 2\n  progressDeadlineSeconds: 60\n"));
    sim.advance(61_000);
    let d = deploy(&sim);
    let rs = sets(&sim)[0].metadata.name.clone().unwrap();
    assert!(conditions(&d).contains(&("Progressing".into(), "False".into(), "ProgressDeadlineExceeded".into(), format!("ReplicaSet \"{rs}\" has timed out progressing."))), "{:?}", conditions(&d));
    let t = sim.run_script("kubectl rollout status deploy/web");
    assert_eq!(t.text(), "error: deployment \"web\" exceeded its progress deadline\n");
}

#[test]
fn revision_history_limit_deletes_the_oldest_idle_sets() {
    let base = DEPLOY.replace("  replicas: 2\n", "  replicas: 1\n  revisionHistoryLimit: 1\n");
    let mut sim = sim_with(&base);
    for tag in ["1.28", "1.29", "1.30"] {
        ready_all(&mut sim);
        sim.run_script(&base.replace("nginx:1.27", &format!("nginx:{tag}")));
        for _ in 0..4 {
            ready_all(&mut sim);
        }
    }
    let rss = sets(&sim);
    assert_eq!(rss.len(), 2, "{:?}", rss.iter().map(|r| r.metadata.name.clone()).collect::<Vec<_>>());
}
