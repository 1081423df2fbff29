//! Determinism and invariants: a random workload (applies, scales, patches, deletes, sleeps) run on
//! 64 seeds; each seed twice must give byte-identical output and trace, and the store must satisfy
//! the API invariants after every command. Failures print the seed to reproduce.

use kubeplay_core::api::{Kind, Object};
use kubeplay_core::rng::Prng;
use kubeplay_core::Simulation;
use std::collections::BTreeSet;

const START: i64 = 1_735_689_600_000;

/// A random script of `n` commands over a small set of names, so commands collide and conflict.
fn workload(seed: u64, n: usize) -> Vec<String> {
    let mut r = Prng::new(seed ^ 0x5eed);
    let names = ["web", "db", "cache"];
    let mut out = Vec::new();
    for _ in 0..n {
        let name = names[r.below(3) as usize];
        let replicas = r.below(5);
        let cmd = match r.below(12) {
            0 => format!("kubectl apply -f - <<EOF\napiVersion: apps/v1\nkind: StatefulSet\nmetadata:\n  name: {name}\nspec:\n  serviceName: {name}\n  replicas: {replicas}\n  selector:\n    matchLabels: {{app: {name}}}\n  template:\n    metadata:\n      labels: {{app: {name}}}\n    spec:\n      containers:\n      - name: c\n        image: nginx:1.25\nEOF"),
            1 => format!("kubectl apply -f - <<EOF\napiVersion: v1\nkind: Service\nmetadata:\n  name: {name}\nspec:\n  clusterIP: None\n  selector: {{app: {name}}}\nEOF"),
            2 => format!("kubectl apply -f - <<EOF\napiVersion: v1\nkind: Secret\nmetadata:\n  name: {name}-secret\nstringData:\n  k: v{replicas}\nEOF"),
            3 => format!("kubectl scale sts {name} --replicas={replicas}"),
            4 => format!("kubectl delete sts {name}"),
            5 => format!("kubectl delete svc {name} --cascade=foreground"),
            6 => format!("kubectl label svc {name} n={replicas} --overwrite"),
            7 => format!("sleep {}s", r.below(600)),
            9 => {
                let policy = if r.below(2) == 0 { "Never" } else { "OnFailure" };
                let mode = if r.below(3) == 0 { "  completionMode: Indexed\n" } else { "" };
                let (sleep, code) = (r.below(20), r.below(3));
                format!("kubectl apply -f - <<EOF\napiVersion: batch/v1\nkind: Job\nmetadata:\n  name: {name}-job\nspec:\n  completions: {}\n  parallelism: {}\n  backoffLimit: {}\n  activeDeadlineSeconds: {}\n{mode}  template:\n    spec:\n      restartPolicy: {policy}\n      containers:\n      - name: c\n        image: busybox:1.36\n        command: ['sh', '-c', 'sleep {sleep}; exit {code}']\nEOF", 1 + replicas, 1 + r.below(3), r.below(4), 30 + r.below(300))
            }
            10 => format!("kubectl patch job {name}-job --type=merge -p '{{\"spec\":{{\"suspend\":{}}}}}'", r.below(2) == 0),
            11 => format!("kubectl delete job {name}-job"),
            _ => "kubectl get all -A -o wide".to_string(),
        };
        out.push(cmd);
    }
    out
}

/// Invariants the store must hold at every step.
fn check_invariants(sim: &Simulation, seed: u64, step: usize) {
    let store = &sim.cluster().store;
    let mut uids = BTreeSet::new();
    let mut ips = BTreeSet::new();
    let mut last_rv = 0u64;
    for o in store.all() {
        let m = o.meta();
        assert!(m.uid.is_some() && m.resource_version.is_some() && m.creation_timestamp.is_some(), "seed {seed} step {step}: {} lacks server metadata", o.key());
        assert!(uids.insert(o.uid().to_string()), "seed {seed} step {step}: duplicate uid {}", o.uid());
        let rv: u64 = m.resource_version.as_deref().unwrap_or("0").parse().unwrap_or(0);
        last_rv = last_rv.max(rv);
        if o.kind().namespaced() {
            assert!(!o.namespace().is_empty(), "seed {seed} step {step}: {} has no namespace", o.key());
        }
        if let Object::Service(s) = o {
            let ip = s.spec.as_ref().and_then(|sp| sp.cluster_ip.clone()).unwrap_or_default();
            if ip != "None" {
                assert!(ips.insert(ip.clone()), "seed {seed} step {step}: ClusterIP {ip} allocated twice");
            }
        }
        if let Object::Job(j) = o {
            let spec = j.spec.clone().unwrap_or_default();
            let st = j.status.clone().unwrap_or_default();
            let has = |t: &str| st.conditions.iter().flatten().any(|c| c.type_ == t && c.status == "True");
            assert!(!(has("Complete") && has("Failed")), "seed {seed} step {step}: {} is both Complete and Failed", o.key());
            assert_eq!(has("Complete"), st.completion_time.is_some(), "seed {seed} step {step}: {} completionTime without Complete or the reverse", o.key());
            assert!(st.active.unwrap_or(0) <= spec.parallelism.unwrap_or(1), "seed {seed} step {step}: {} has more active pods than parallelism", o.key());
            if has("Failed") {
                assert!(has("FailureTarget"), "seed {seed} step {step}: {} Failed without FailureTarget first", o.key());
            }
            if (has("Complete") || has("Failed")) && st.terminating.unwrap_or(0) > 0 {
                panic!("seed {seed} step {step}: {} finished with terminating pods", o.key());
            }
        }
        if let Object::Pod(p) = o {
            if p.metadata.finalizers.iter().flatten().any(|f| f == "batch.kubernetes.io/job-tracking") {
                let owner = m.owner_references.iter().flatten().find(|r| r.controller == Some(true)).map(|r| r.uid.clone()).unwrap_or_default();
                let job = store.list(Kind::Job, Some(o.namespace())).find(|j| j.uid() == owner);
                let live = matches!(job, Some(Object::Job(j)) if !j.status.iter().flat_map(|s| s.conditions.iter().flatten()).any(|c| (c.type_ == "Complete" || c.type_ == "Failed") && c.status == "True"));
                assert!(live, "seed {seed} step {step}: {} keeps the job-tracking finalizer without a running Job", o.key());
            }
        }
        if let Object::StatefulSet(s) = o {
            assert!(s.spec.as_ref().and_then(|sp| sp.replicas).unwrap_or(0) >= 0);
            assert!(m.generation.unwrap_or(0) >= 1, "seed {seed} step {step}: generation missing");
        }
    }
    assert!(store.list(Kind::Namespace, None).count() >= 4, "seed {seed}: system namespaces vanished");
    for set in store.list(Kind::StatefulSet, None) {
        check_stateful_set(sim, set, seed, step);
    }
}

/// StatefulSet invariants: the pods a set controls are named `<set>-<ordinal>` with ordinals
/// 0..n contiguous (OrderedReady, no manual pod deletes in this workload), and each pod n > 0 was
/// created only after pod n-1 had become Ready. Claims are one per name by construction of the store.
fn check_stateful_set(sim: &Simulation, set: &Object, seed: u64, step: usize) {
    let store = &sim.cluster().store;
    let mut ords: Vec<(i64, &k8s_openapi::api::core::v1::Pod)> = Vec::new();
    for o in store.list(Kind::Pod, Some(set.namespace())) {
        let Object::Pod(p) = o else { continue };
        if !o.meta().owner_references.iter().flatten().any(|r| r.controller == Some(true) && r.uid == set.uid()) {
            continue;
        }
        let ord = o.name().strip_prefix(&format!("{}-", set.name())).and_then(|n| n.parse::<i64>().ok());
        let Some(ord) = ord else { panic!("seed {seed} step {step}: pod {} of {} has no ordinal", o.name(), set.name()) };
        ords.push((ord, p));
    }
    ords.sort_by_key(|(o, _)| *o);
    for (i, (ord, _)) in ords.iter().enumerate() {
        assert_eq!(*ord, i as i64, "seed {seed} step {step}: ordinals of {} are not contiguous: {:?}", set.name(), ords.iter().map(|(o, _)| *o).collect::<Vec<_>>());
    }
    let ready_since = |p: &k8s_openapi::api::core::v1::Pod| {
        let c = p.status.as_ref()?.conditions.as_ref()?.iter().find(|c| c.type_ == "Ready" && c.status == "True")?;
        c.last_transition_time.as_ref().map(|t| t.0.as_millisecond())
    };
    for w in ords.windows(2) {
        let (prev, next) = (w[0].1, w[1].1);
        let created = next.metadata.creation_timestamp.as_ref().map(|t| t.0.as_millisecond()).unwrap_or(0);
        let ready = ready_since(prev);
        assert!(ready.is_some_and(|t| t <= created), "seed {seed} step {step}: {} was created while {} was not Ready", next.metadata.name.as_deref().unwrap_or(""), prev.metadata.name.as_deref().unwrap_or(""));
    }
}

fn run(seed: u64) -> (String, Vec<String>) {
    let mut sim = Simulation::new(seed, START);
    let mut out = String::new();
    for (i, cmd) in workload(seed, 40).iter().enumerate() {
        out.push_str(&sim.run_script(cmd).text());
        check_invariants(&sim, seed, i);
    }
    (out, sim.trace().to_vec())
}

#[test]
fn sixty_four_seeds_are_deterministic_and_keep_invariants() {
    for seed in 0..64 {
        let (a_out, a_trace) = run(seed);
        let (b_out, b_trace) = run(seed);
        assert_eq!(a_out, b_out, "non-determinism detected in output, seed {seed}");
        assert_eq!(a_trace, b_trace, "non-determinism detected in trace, seed {seed}");
    }
}

#[test]
fn different_seeds_give_different_uids() {
    let uid = |seed| {
        let mut sim = Simulation::new(seed, START);
        sim.run_script("kubectl apply -f - <<EOF\napiVersion: v1\nkind: ConfigMap\nmetadata: {name: x}\nEOF\n");
        sim.run_script("kubectl get cm x -o jsonpath={.metadata.uid}").text()
    };
    assert_eq!(uid(1), uid(1));
    assert_ne!(uid(1), uid(2));
}

