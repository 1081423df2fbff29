//! Server-side renders the cluster and DNS panels from a snapshot of a real simulated cluster:
//! proves they touch no browser API, and that the test ids, names and phases end-to-end tests
//! rely on are in the markup, one element per object.

#![cfg(not(target_arch = "wasm32"))]

use std::rc::Rc;

use kubeplay_core::Simulation;
use kubeplay_web::components::cluster::{ClusterPanel, ClusterPanelProps};
use kubeplay_web::components::dns::{DnsPanel, DnsPanelProps};
use kubeplay_web::view::{snapshot, ClusterView, ObjRef, PodView};
use yew::Callback;

const START_MS: i64 = 1_735_689_600_000;

macro_rules! manifest {
    ($path:literal) => {
        include_str!(concat!(
            "../crates/kubeplay-core/tests/scenarios/manifests/",
            $path
        ))
    };
}

const WRITER: &str = r#"kubectl apply -f - <<'YAML'
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
    command: ['sh', '-c', 'date > /data/first-write']
    volumeMounts:
    - name: data
      mountPath: /data
  volumes:
  - name: data
    persistentVolumeClaim:
      claimName: data
YAML
"#;

/// kiamol ch08: the replicated todo-db on claims, a CronJob, a Job, a Deployment, a bare pod
/// writing to a claim; `wait` of simulated time after applying.
fn cluster(wait: &str) -> Simulation {
    let mut sim = Simulation::new(1, START_MS);
    let files = [
        (
            "db/01-secret.yaml",
            manifest!("todo-db-replicated/01-secret.yaml"),
        ),
        (
            "db/02-service.yaml",
            manifest!("todo-db-replicated/02-service.yaml"),
        ),
        (
            "db/03-config.yaml",
            manifest!("todo-db-replicated/03-config.yaml"),
        ),
        (
            "db/04-env.yaml",
            manifest!("todo-db-replicated/04-env.yaml"),
        ),
        (
            "db/05-scripts.yaml",
            manifest!("todo-db-replicated/05-scripts.yaml"),
        ),
        (
            "db/06-statefulset.yaml",
            manifest!("todo-db-replicated-update/todo-db-pvc.yaml"),
        ),
        ("hello.yaml", manifest!("cronjob/hello.yaml")),
        ("pi.yaml", manifest!("pi/pi-job.yaml")),
        ("sleep.yaml", manifest!("sleep/deployment.yaml")),
    ];
    for (path, text) in files {
        sim.files.add(path, text);
    }
    let t = sim.run_script(&format!(
        "kubectl apply -f db/ -f hello.yaml -f pi.yaml -f sleep.yaml\n{WRITER}sleep {wait}\n"
    ));
    assert_eq!(t.status, 0, "{}", t.text());
    sim
}

async fn render_cluster(view: ClusterView, selected: Option<ObjRef>) -> String {
    yew::ServerRenderer::<ClusterPanel>::with_props(move || ClusterPanelProps {
        view: Rc::new(view),
        selected,
        on_select: Callback::noop(),
    })
    .hydratable(false)
    .render()
    .await
}

async fn render_dns(view: &ClusterView, selectable: bool) -> String {
    let records = view.dns.clone();
    yew::ServerRenderer::<DnsPanel>::with_props(move || DnsPanelProps {
        records: Rc::new(records),
        more: 0,
        on_select: selectable.then(Callback::noop),
    })
    .hydratable(false)
    .render()
    .await
}

/// The opening tags carrying `data-testid="{id}"`.
fn tags<'a>(html: &'a str, id: &str) -> Vec<&'a str> {
    let needle = format!(r#"data-testid="{id}""#);
    html.match_indices(&needle)
        .map(|(i, _)| {
            let start = html[..i].rfind('<').unwrap();
            let end = i + html[i..].find('>').unwrap();
            &html[start..=end]
        })
        .collect()
}

fn attr<'a>(tag: &'a str, name: &str) -> Option<&'a str> {
    let needle = format!(r#" {name}=""#);
    let i = tag.find(&needle)? + needle.len();
    Some(&tag[i..i + tag[i..].find('"')?])
}

/// The one tag with test id `id` and `data-name` `name`.
fn one<'a>(html: &'a str, id: &str, name: &str) -> &'a str {
    let found: Vec<&str> = tags(html, id)
        .into_iter()
        .filter(|t| attr(t, "data-name") == Some(name))
        .collect();
    assert_eq!(found.len(), 1, "{id} {name}: {found:?}\n{html}");
    found[0]
}

fn pods(v: &ClusterView) -> Vec<&PodView> {
    let mut out: Vec<&PodView> = v.pods.iter().collect();
    out.extend(
        v.statefulsets
            .iter()
            .flat_map(|s| s.slots.iter().filter_map(|s| s.pod.as_ref())),
    );
    out.extend(
        v.deployments
            .iter()
            .flat_map(|d| d.replicasets.iter())
            .flat_map(|r| r.pods.iter()),
    );
    out.extend(v.jobs.iter().flat_map(|j| j.pods.iter()));
    out.extend(
        v.cronjobs
            .iter()
            .flat_map(|c| c.jobs.iter())
            .flat_map(|j| j.pods.iter()),
    );
    out
}

#[tokio::test]
async fn every_pod_renders_once_with_its_phase_and_kubectl_status() {
    let view = snapshot(&cluster("2m30s"));
    let html = render_cluster(view.clone(), None).await;
    let expected = pods(&view);
    assert_eq!(tags(&html, "pod").len(), expected.len(), "{html}");
    assert!(
        expected.len() >= 6,
        "two db pods, pi, writer, sleep, a hello run: {expected:?}"
    );
    for p in expected {
        let tag = one(&html, "pod", &p.name);
        assert_eq!(attr(tag, "data-phase"), Some(p.phase.as_str()), "{tag}");
        assert_eq!(attr(tag, "data-status"), Some(p.status.as_str()), "{tag}");
    }
    for name in ["todo-db-0", "todo-db-1"] {
        let tag = one(&html, "pod", name);
        assert_eq!(
            (attr(tag, "data-phase"), attr(tag, "data-status")),
            (Some("Running"), Some("Running"))
        );
    }
    let writer = one(&html, "pod", "writer");
    assert_eq!(
        (attr(writer, "data-phase"), attr(writer, "data-status")),
        (Some("Succeeded"), Some("Completed"))
    );
    assert!(tags(&html, "pod-missing").is_empty(), "{html}");
}

#[tokio::test]
async fn claims_jobs_cronjobs_and_nodes_render_with_names_and_phases() {
    let view = snapshot(&cluster("2m30s"));
    let html = render_cluster(view, None).await;
    for name in ["data-todo-db-0", "data-todo-db-1", "data"] {
        assert_eq!(attr(one(&html, "pvc", name), "data-phase"), Some("Bound"));
    }
    assert_eq!(tags(&html, "pvc").len(), 3);
    // The claim chips under the StatefulSet's pods are not counted as claims.
    assert_eq!(tags(&html, "pvc-chip").len(), 2);
    assert!(
        tags(&html, "pvc-file")
            .iter()
            .any(|t| attr(t, "data-path") == Some("first-write")),
        "{html}"
    );
    assert_eq!(
        attr(one(&html, "job", "pi-job"), "data-status"),
        Some("Complete")
    );
    assert_eq!(
        attr(one(&html, "job", "hello-28928162"), "data-status"),
        Some("Running")
    );
    let hello = one(&html, "cronjob", "hello");
    assert_eq!(attr(hello, "data-suspend"), Some("false"));
    assert!(html.contains("every 2 minutes"), "{html}");
    for node in ["kind-control-plane", "kind-worker", "kind-worker2"] {
        assert_eq!(attr(one(&html, "node", node), "data-status"), Some("Ready"));
    }
    one(&html, "statefulset", "todo-db");
    one(&html, "deployment", "sleep");
}

#[tokio::test]
async fn ordinals_not_yet_created_render_as_missing_slots() {
    let view = snapshot(&cluster("1s"));
    let html = render_cluster(view, None).await;
    one(&html, "pod", "todo-db-0");
    one(&html, "pod-missing", "todo-db-1");
    // WaitForFirstConsumer: provisioned a moment after the pod is scheduled.
    let pending = one(&html, "pvc", "data-todo-db-0");
    assert_eq!(attr(pending, "data-phase"), Some("Pending"));
    assert!(attr(one(&html, "pvc-chip", "data-todo-db-1"), "data-phase") == Some("Missing"));
}

#[tokio::test]
async fn the_selected_object_is_marked() {
    let view = snapshot(&cluster("2m30s"));
    let html = render_cluster(view, Some(ObjRef::new("pod", "default", "todo-db-1"))).await;
    assert_eq!(
        attr(one(&html, "pod", "todo-db-1"), "aria-pressed"),
        Some("true")
    );
    assert_eq!(
        attr(one(&html, "pod", "todo-db-0"), "aria-pressed"),
        Some("false")
    );
}

#[tokio::test]
async fn an_empty_cluster_shows_only_its_nodes() {
    let view = snapshot(&Simulation::new(1, START_MS));
    let html = render_cluster(view.clone(), None).await;
    assert_eq!(tags(&html, "node").len(), 3);
    for id in ["pod", "pvc", "job", "cronjob", "statefulset", "deployment"] {
        assert!(tags(&html, id).is_empty(), "{id}: {html}");
    }
    assert!(html.contains("No workloads yet"), "{html}");
    let html = render_cluster(ClusterView::default(), None).await;
    assert!(!html.contains("Nodes"), "{html}");
}

#[tokio::test]
async fn dns_rows_carry_fqdn_and_ip() {
    let view = snapshot(&cluster("2m30s"));
    let html = render_dns(&view, false).await;
    assert!(!html.contains("dns-svc-button"), "{html}");
    assert_eq!(tags(&html, "dns-record").len(), view.dns.len());
    let pod0 = view.statefulsets.items[0].slots.items[0]
        .pod
        .clone()
        .unwrap();
    let row = one(
        &html,
        "dns-record",
        "todo-db-0.todo-db.default.svc.cluster.local",
    );
    assert_eq!(attr(row, "data-ip"), Some(pod0.ip.as_str()));
    let api = one(&html, "dns-record", "kubernetes.default.svc.cluster.local");
    assert_eq!(attr(api, "data-ip"), Some("10.96.0.1"));
    one(
        &html,
        "dns-record",
        "kube-dns.kube-system.svc.cluster.local",
    );
}
