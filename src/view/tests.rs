//! Snapshots of real simulated clusters (kiamol ch08 manifests): StatefulSet slots and claims,
//! statuses identical to `kubectl get`, DNS records, files on claims, bounds and determinism.

use kubeplay_core::Simulation;

use super::{snapshot, ClusterView, MAX_PER_GROUP};

const START_MS: i64 = 1_735_689_600_000;

/// A fresh simulation with the kiamol manifests the tests apply, under `manifests/`.
pub fn sim() -> Simulation {
    let mut sim = Simulation::new(1, START_MS);
    let files: [(&str, &str); 10] = [
        ("todo-db-replicated/01-secret.yaml", include_str!("../../crates/kubeplay-core/tests/scenarios/manifests/todo-db-replicated/01-secret.yaml")),
        ("todo-db-replicated/02-service.yaml", include_str!("../../crates/kubeplay-core/tests/scenarios/manifests/todo-db-replicated/02-service.yaml")),
        ("todo-db-replicated/03-config.yaml", include_str!("../../crates/kubeplay-core/tests/scenarios/manifests/todo-db-replicated/03-config.yaml")),
        ("todo-db-replicated/04-env.yaml", include_str!("../../crates/kubeplay-core/tests/scenarios/manifests/todo-db-replicated/04-env.yaml")),
        ("todo-db-replicated/05-scripts.yaml", include_str!("../../crates/kubeplay-core/tests/scenarios/manifests/todo-db-replicated/05-scripts.yaml")),
        ("todo-db-pvc/todo-db-pvc.yaml", include_str!("../../crates/kubeplay-core/tests/scenarios/manifests/todo-db-replicated-update/todo-db-pvc.yaml")),
        ("sleep-with-pvc.yaml", include_str!("../../crates/kubeplay-core/tests/scenarios/manifests/sleep-with-pvc/sleep-with-pvc.yaml")),
        ("sleep.yaml", include_str!("../../crates/kubeplay-core/tests/scenarios/manifests/sleep/deployment.yaml")),
        ("pi-job.yaml", include_str!("../../crates/kubeplay-core/tests/scenarios/manifests/pi/pi-job.yaml")),
        ("hello-cronjob.yaml", include_str!("../../crates/kubeplay-core/tests/scenarios/manifests/cronjob/hello.yaml")),
    ];
    for (path, text) in files {
        assert!(sim.files.add(&format!("manifests/{path}"), text));
    }
    sim
}

/// Runs `script` and fails the test on a non-zero exit.
pub fn run(sim: &mut Simulation, script: &str) {
    let t = sim.run_script(script);
    assert_eq!(t.status, 0, "{script}\n{}", t.text());
}

/// The replicated todo-db with its data on claims (volumeClaimTemplates), as kiamol ch08 runs it.
const TODO_DB: &str =
    "kubectl apply -f manifests/todo-db-replicated/ -f manifests/todo-db-pvc/todo-db-pvc.yaml\n";

/// `kubectl get pods -A`'s rows as (namespace/name, READY, STATUS, restarts number), outside
/// the system namespaces the picture leaves out.
fn kubectl_pods(sim: &mut Simulation) -> Vec<(String, String, String, i32)> {
    let out = sim.run_script("kubectl get pods -A").text();
    out.lines()
        .skip(1)
        .filter(|l| !super::is_system_namespace(l.split_whitespace().next().unwrap_or("")))
        .filter_map(|l| {
            let c: Vec<&str> = l.split_whitespace().collect();
            let restarts = c.get(4)?.parse().ok()?;
            Some((
                format!("{}/{}", c[0], c[1]),
                c[2].to_string(),
                c[3].to_string(),
                restarts,
            ))
        })
        .collect()
}

#[test]
fn statefulset_pods_by_ordinal_with_bound_claims_and_dns_names() {
    let mut sim = sim();
    run(&mut sim, TODO_DB);
    run(&mut sim, "sleep 2m");
    let v = snapshot(&sim);
    let set = &v.statefulsets.items[0];
    assert_eq!(
        (set.name.as_str(), set.namespace.as_str()),
        ("todo-db", "default")
    );
    assert_eq!(
        (set.replicas, set.ready, set.service.as_str()),
        (2, 2, "todo-db")
    );
    let ordinals: Vec<i32> = set.slots.iter().map(|s| s.ordinal).collect();
    assert_eq!(ordinals, [0, 1]);
    for slot in set.slots.iter() {
        let pod = slot.pod.as_ref().expect("pod created");
        assert_eq!(pod.name, format!("todo-db-{}", slot.ordinal));
        assert_eq!(
            (pod.phase.as_str(), pod.status.as_str(), pod.ready.as_str()),
            ("Running", "Running", "1/1")
        );
        assert!(pod.is_ready && !pod.terminating && slot.in_spec);
        assert_eq!((pod.init_done, pod.init_total), (2, 2));
        assert!(pod.ip.starts_with("10.244."), "{}", pod.ip);
        assert!(pod.node.starts_with("kind-worker"), "{}", pod.node);
        let claim = format!("data-todo-db-{}", slot.ordinal);
        assert_eq!(pod.claims, std::slice::from_ref(&claim));
        assert_eq!(slot.claims.len(), 1);
        assert_eq!(slot.claims[0].name, claim);
        assert_eq!(slot.claims[0].phase.as_deref(), Some("Bound"));
    }
    // Both claims, bound, and postgres' data directory on each.
    let names: Vec<&str> = v.pvcs.iter().map(|c| c.name.as_str()).collect();
    assert_eq!(names, ["data-todo-db-0", "data-todo-db-1"]);
    for c in v.pvcs.iter() {
        assert_eq!(
            (c.phase.as_str(), c.status.as_str(), c.capacity.as_str()),
            ("Bound", "Bound", "50Mi")
        );
        assert!(c.volume.starts_with("pvc-"), "{}", c.volume);
        assert_eq!(
            (c.access_modes.as_str(), c.storage_class.as_str()),
            ("RWO", "standard")
        );
        assert!(!c.files.is_empty(), "{} holds postgres' files", c.name);
        assert!(c.files.len() <= super::MAX_FILES_PER_CLAIM);
    }
    // DNS: the headless service's per-pod names, each with its pod's IP, after the service's own.
    let pod0 = set.slots.items[0].pod.clone().unwrap();
    let rec = v
        .dns
        .iter()
        .find(|r| r.name == "todo-db-0.todo-db.default.svc.cluster.local")
        .expect("record for pod 0");
    assert_eq!(
        (rec.ip.as_str(), rec.hostname.as_deref(), rec.headless),
        (pod0.ip.as_str(), Some("todo-db-0"), true)
    );
    let todo: Vec<(&str, Option<&str>)> = v
        .dns
        .iter()
        .filter(|r| r.service == "todo-db")
        .map(|r| (r.name.as_str(), r.hostname.as_deref()))
        .collect();
    assert_eq!(
        todo[..2],
        [
            ("todo-db.default.svc.cluster.local", None),
            ("todo-db.default.svc.cluster.local", None)
        ]
    );
    assert_eq!(
        todo[2..],
        [
            (
                "todo-db-0.todo-db.default.svc.cluster.local",
                Some("todo-db-0")
            ),
            (
                "todo-db-1.todo-db.default.svc.cluster.local",
                Some("todo-db-1")
            )
        ]
    );
    let k8s = v.dns.iter().find(|r| r.service == "kubernetes").unwrap();
    assert_eq!(
        (k8s.name.as_str(), k8s.ip.as_str(), k8s.headless),
        ("kubernetes.default.svc.cluster.local", "10.96.0.1", false)
    );
    // Nothing else: no standalone pods, three Ready nodes carrying the two pods.
    assert!(
        v.pods.is_empty() && v.deployments.is_empty() && v.jobs.is_empty() && v.cronjobs.is_empty()
    );
    assert_eq!(
        v.nodes.iter().map(|n| n.name.as_str()).collect::<Vec<_>>(),
        ["kind-control-plane", "kind-worker", "kind-worker2"]
    );
    assert!(v.nodes.iter().all(|n| n.ready && n.status == "Ready"));
    assert_eq!(v.nodes[0].roles, "control-plane");
    assert_eq!(v.nodes.iter().map(|n| n.pods).sum::<usize>(), 2);
}

#[test]
fn statuses_match_kubectl_get_pods_at_every_second_of_a_start() {
    let mut sim = sim();
    run(&mut sim, TODO_DB);
    let mut seen = std::collections::BTreeSet::new();
    for _ in 0..60 {
        let v = snapshot(&sim);
        let mut ours: Vec<(String, String, String, i32)> = v
            .all_pods()
            .map(|p| {
                (
                    format!("{}/{}", p.namespace, p.name),
                    p.ready.clone(),
                    p.status.clone(),
                    p.restarts,
                )
            })
            .collect();
        ours.sort();
        assert_eq!(ours, kubectl_pods(&mut sim), "at {}", sim.now_ms());
        seen.extend(ours.into_iter().map(|p| p.2));
        run(&mut sim, "sleep 1");
    }
    // The view went through the init containers before running.
    assert!(seen.contains("Init:0/2"), "{seen:?}");
    assert!(seen.contains("Running"), "{seen:?}");
}

#[test]
fn missing_ordinals_are_empty_slots_until_created() {
    let mut sim = sim();
    run(&mut sim, TODO_DB);
    let v = snapshot(&sim);
    let slots = &v.statefulsets.items[0].slots;
    assert_eq!(
        slots
            .iter()
            .map(|s| s.pod_name.as_str())
            .collect::<Vec<_>>(),
        ["todo-db-0", "todo-db-1"]
    );
    // OrderedReady: pod 1 waits for pod 0, and its claim does not exist yet either.
    assert!(slots.items[0].pod.is_some());
    assert!(slots.items[1].pod.is_none());
    assert_eq!(slots.items[1].claims[0].phase, None);
    assert_eq!(slots.items[0].pod.as_ref().unwrap().phase, "Pending");
}

#[test]
fn a_replaced_pod_keeps_its_name_and_gets_a_new_uid() {
    let mut sim = sim();
    run(
        &mut sim,
        "kubectl apply -f manifests/sleep-with-pvc.yaml\nsleep 30",
    );
    let pod0 = |v: &ClusterView| v.statefulsets.items[0].slots.items[0].pod.clone();
    let before = pod0(&snapshot(&sim)).unwrap();
    assert_eq!(before.status, "Running");
    run(
        &mut sim,
        "kubectl exec sleep-with-pvc-0 -- sh -c 'echo Pod 0 > /data/pod0.txt'",
    );
    run(&mut sim, "kubectl delete pod sleep-with-pvc-0 --wait=false");
    let during = pod0(&snapshot(&sim)).unwrap();
    assert_eq!(
        (
            during.uid.as_str(),
            during.status.as_str(),
            during.terminating
        ),
        (before.uid.as_str(), "Terminating", true)
    );
    run(&mut sim, "sleep 60");
    let after = pod0(&snapshot(&sim)).unwrap();
    assert_eq!(
        (after.name.as_str(), after.status.as_str()),
        ("sleep-with-pvc-0", "Running")
    );
    assert_ne!(after.uid, before.uid);
    // The file written by the first pod is still on its claim.
    let v = snapshot(&sim);
    let claim = v
        .pvcs
        .iter()
        .find(|c| c.name == "data-sleep-with-pvc-0")
        .unwrap();
    assert_eq!(
        claim.files,
        [super::FileEntry {
            path: "pod0.txt".into(),
            size: 6
        }]
    );
    assert!(v
        .pvcs
        .iter()
        .find(|c| c.name == "data-sleep-with-pvc-1")
        .unwrap()
        .files
        .is_empty());
}

#[test]
fn a_file_a_container_writes_is_listed_under_its_claim() {
    let mut sim = sim();
    run(
        &mut sim,
        r#"kubectl apply -f - <<'YAML'
apiVersion: v1
kind: PersistentVolumeClaim
metadata:
  name: data
spec:
  accessModes: [ReadWriteOnce]
  resources:
    requests:
      storage: 5Mi
---
apiVersion: v1
kind: Pod
metadata:
  name: writer
spec:
  restartPolicy: Never
  containers:
  - name: w
    image: busybox:1.36
    command: ['sh', '-c', 'mkdir -p /data/logs; echo hello > /data/logs/first.txt; echo written']
    volumeMounts:
    - name: data
      mountPath: /data
  volumes:
  - name: data
    persistentVolumeClaim:
      claimName: data
YAML
"#,
    );
    let pending = snapshot(&sim);
    assert_eq!(pending.pvcs.items[0].phase, "Pending");
    assert!(pending.pvcs.items[0].files.is_empty());
    run(&mut sim, "sleep 30");
    let v = snapshot(&sim);
    let claim = &v.pvcs.items[0];
    assert_eq!(
        (claim.name.as_str(), claim.phase.as_str()),
        ("data", "Bound")
    );
    assert_eq!(
        claim.files,
        [super::FileEntry {
            path: "logs/first.txt".into(),
            size: 6
        }]
    );
    assert_eq!(
        sim.claim_files("default", "data"),
        [("logs/first.txt".to_string(), 6)]
    );
    assert!(sim.claim_files("default", "nope").is_empty());
    // A bare pod is standalone, and shows as kubectl shows a finished pod.
    let writer = &v.pods.items[0];
    assert_eq!(
        (
            writer.name.as_str(),
            writer.phase.as_str(),
            writer.status.as_str(),
            writer.ready.as_str()
        ),
        ("writer", "Succeeded", "Completed", "0/1")
    );
    assert_eq!(writer.claims, ["data"]);
}

#[test]
fn deployment_replicasets_and_their_pods() {
    let mut sim = sim();
    run(&mut sim, "kubectl apply -f manifests/sleep.yaml\nsleep 30");
    let v = snapshot(&sim);
    let d = &v.deployments.items[0];
    assert_eq!(
        (
            d.name.as_str(),
            d.replicas,
            d.ready,
            d.up_to_date,
            d.available
        ),
        ("sleep", 1, 1, 1, 1)
    );
    let rs = &d.replicasets.items[0];
    assert!(rs.name.starts_with("sleep-"), "{}", rs.name);
    assert_eq!(
        (rs.revision.as_str(), rs.desired, rs.current, rs.ready),
        ("1", 1, 1, 1)
    );
    assert_eq!(rs.pods.items.len(), 1);
    assert!(rs.pods.items[0].name.starts_with(&rs.name));
    assert_eq!(rs.pods.items[0].status, "Running");
    assert!(v.pods.is_empty() && v.replicasets.is_empty());
    // A new template: a second ReplicaSet, listed first (newest revision).
    run(
        &mut sim,
        "kubectl set image deployment/sleep sleep=kiamol/ch03-sleep:v2\nsleep 60",
    );
    let v = snapshot(&sim);
    let revisions: Vec<&str> = v.deployments.items[0]
        .replicasets
        .iter()
        .map(|r| r.revision.as_str())
        .collect();
    assert_eq!(revisions, ["2", "1"]);
}

#[test]
fn groups_are_capped_and_count_the_rest() {
    let mut sim = sim();
    run(&mut sim, "kubectl apply -f manifests/sleep.yaml\nkubectl scale deployment sleep --replicas=205\nsleep 5");
    let v = snapshot(&sim);
    let pods = &v.deployments.items[0].replicasets.items[0].pods;
    assert_eq!(
        (pods.items.len(), pods.more, pods.total()),
        (MAX_PER_GROUP, 5, 205)
    );
    // Pods beyond the cap are not shown again as standalone.
    assert!(v.pods.is_empty());
}

#[test]
fn the_same_cluster_gives_the_same_view() {
    let build = || {
        let mut sim = sim();
        run(&mut sim, TODO_DB);
        run(
            &mut sim,
            "kubectl apply -f manifests/hello-cronjob.yaml -f manifests/pi-job.yaml\nsleep 3m",
        );
        sim
    };
    let (a, b) = (build(), build());
    assert_eq!(snapshot(&a), snapshot(&a));
    assert_eq!(snapshot(&a), snapshot(&b));
    assert_ne!(snapshot(&a), ClusterView::default());
}
#[test]
fn file_lists_are_capped_per_claim() {
    let mut sim = sim();
    run(
        &mut sim,
        "kubectl apply -f manifests/sleep-with-pvc.yaml\nsleep 30",
    );
    run(&mut sim, "kubectl exec sleep-with-pvc-1 -- sh -c 'i=0; while [ $i -lt 205 ]; do echo $i > /data/f$i; i=$((i+1)); done'");
    let v = snapshot(&sim);
    let claim = v
        .pvcs
        .iter()
        .find(|c| c.name == "data-sleep-with-pvc-1")
        .unwrap();
    assert_eq!(
        (claim.files.len(), claim.more_files),
        (super::MAX_FILES_PER_CLAIM, 5)
    );
    assert_eq!(
        claim.files[0],
        super::FileEntry {
            path: "f0".into(),
            size: 2
        }
    );
}
