//! StatefulSet controller tests: identity rules, revision hashing, retention owners, and the
//! controller driven through a whole `Simulation` (pods never schedule, so the tests set readiness).

use crate::controllers::statefulset_history::{hash, patch};
use crate::controllers::statefulset_identity::{claim_name, parent_and_ordinal};
use crate::api::{Kind, ObjKey, Object};
use crate::controllers::replicaset::tests::{events, make_ready, pods, sim_with};

#[test]
fn ordinals_follow_the_upstream_regex() {
    assert_eq!(parent_and_ordinal("web-0"), Some(("web", 0)));
    assert_eq!(parent_and_ordinal("a-1-12"), Some(("a-1", 12)));
    assert_eq!(parent_and_ordinal("web-x"), None);
    assert_eq!(parent_and_ordinal("web"), None);
    assert_eq!(parent_and_ordinal("web-99999999999"), Some(("web", -1)));
    assert_eq!(claim_name("data", "sleep-with-pvc", 0), "data-sleep-with-pvc-0");
}

#[test]
fn revision_hash_is_fnv1_then_the_collision_count() {
    // FNV-1 32 of "" then "0": offset basis 0x811c9dc5, multiply then xor.
    let h = 0x811c_9dc5u32.wrapping_mul(0x0100_0193) ^ u32::from(b'0');
    let json = serde_json::json!({});
    let expected: String = {
        let bytes = serde_json::to_vec(&json).unwrap();
        let mut x: u32 = 0x811c_9dc5;
        for b in bytes.iter().chain(b"0") {
            x = x.wrapping_mul(0x0100_0193) ^ u32::from(*b);
        }
        x.to_string().bytes().map(|b| b"bcdfghjklmnpqrstvwxz2456789"[b as usize % 27] as char).collect()
    };
    assert_ne!(h, 0);
    assert_eq!(hash(&json, 0), expected);
    assert_ne!(hash(&json, 0), hash(&json, 1), "the collision count changes the name");
    let p = patch(&Default::default());
    assert_eq!(p["spec"]["template"]["$patch"], "replace");
    assert!(p["spec"]["template"]["metadata"]["creationTimestamp"].is_null());
}

/// Its pods never schedule, so each becomes Ready only when the test says so.
const STS: &str = "kubectl apply -f - <<EOF
apiVersion: apps/v1
kind: StatefulSet
metadata:
  name: web
spec:
  serviceName: web
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
        kubeplay.test/never: \"true\"
      containers:
      - name: c
        image: nginx:1.27
  volumeClaimTemplates:
  - metadata:
      name: data
      labels:
        tier: db
    spec:
      accessModes: [ReadWriteOnce]
      resources:
        requests:
          storage: 1Gi
EOF";

fn names(sim: &crate::Simulation) -> Vec<String> {
    pods(sim, "default").into_iter().map(|p| p.metadata.name.unwrap_or_default()).collect()
}

#[test]
fn ordered_ready_creates_one_pod_at_a_time_with_its_claim_first() {
    let mut sim = sim_with(STS);
    assert_eq!(names(&sim), ["web-0"]);
    let ev: Vec<String> = events(&sim).into_iter().filter(|e| e.starts_with("SuccessfulCreate")).collect();
    assert_eq!(ev, ["SuccessfulCreate create Claim data-web-0 Pod web-0 in StatefulSet web success", "SuccessfulCreate create Pod web-0 in StatefulSet web successful"]);
    let p = &pods(&sim, "default")[0];
    let labels = p.metadata.labels.clone().unwrap_or_default();
    assert_eq!(labels.get("statefulset.kubernetes.io/pod-name").map(String::as_str), Some("web-0"));
    assert_eq!(labels.get("apps.kubernetes.io/pod-index").map(String::as_str), Some("0"));
    assert!(labels.get("controller-revision-hash").is_some_and(|h| h.starts_with("web-")));
    let spec = p.spec.clone().unwrap_or_default();
    assert_eq!((spec.hostname.as_deref(), spec.subdomain.as_deref()), (Some("web-0"), Some("web")));
    let claim = sim.cluster.get(&ObjKey::new(Kind::PersistentVolumeClaim, "default", "data-web-0")).cloned();
    let Some(Object::PersistentVolumeClaim(c)) = claim else { panic!("no claim") };
    let cl = c.metadata.labels.clone().unwrap_or_default();
    assert_eq!((cl.get("tier").map(String::as_str), cl.get("app").map(String::as_str)), (Some("db"), Some("web")), "template labels plus the selector's");
    assert!(sim.cluster.reasons(&ObjKey::new(Kind::StatefulSet, "default", "web")).iter().any(|r| r.contains("web-0 is not Running and Ready")));
    make_ready(&mut sim, "web-0");
    assert_eq!(names(&sim), ["web-0", "web-1"]);
    make_ready(&mut sim, "web-1");
    make_ready(&mut sim, "web-2");
    assert_eq!(names(&sim), ["web-0", "web-1", "web-2"]);
    assert!(sim.cluster.reasons(&ObjKey::new(Kind::StatefulSet, "default", "web")).is_empty());
}

#[test]
fn scale_down_halts_behind_an_unhealthy_lower_pod() {
    let mut sim = sim_with(STS);
    for n in ["web-0", "web-1", "web-2"] {
        make_ready(&mut sim, n);
    }
    // web-0 stops being ready: firstUnhealthyPod is web-0, so web-2 is not deleted.
    let key = ObjKey::new(Kind::Pod, "default", "web-0");
    let Some(Object::Pod(p)) = sim.cluster.get(&key).cloned() else { panic!() };
    let mut p = *p;
    crate::kubelet::status::set_condition(p.status.get_or_insert_with(Default::default), "Ready", "False", None, None, sim.cluster.now);
    sim.cluster.write(crate::cluster::Write::UpdateStatus { key, status: p.status.into() }).unwrap();
    let t = sim.run_script("kubectl scale sts web --replicas=1");
    assert_eq!(t.status, 0, "{}", t.text());
    assert_eq!(names(&sim), ["web-0", "web-1", "web-2"], "scale-down waits for web-0");
    assert!(sim.cluster.reasons(&ObjKey::new(Kind::StatefulSet, "default", "web")).iter().any(|r| r.contains("web-0 is not Running and Ready")));
    make_ready(&mut sim, "web-0");
    // Unscheduled pods go at once, so both deletions happen now, highest ordinal first.
    let after: Vec<String> = events(&sim).into_iter().filter(|e| e.starts_with("SuccessfulDelete")).collect();
    assert_eq!(after, ["SuccessfulDelete delete Pod web-2 in StatefulSet web successful", "SuccessfulDelete delete Pod web-1 in StatefulSet web successful"]);
    assert_eq!(names(&sim), ["web-0"]);
}
