//! Snapshots of Jobs and CronJobs: STATUS and counters as `kubectl get jobs` shows them, the
//! schedule in words, the next runs, and the Jobs a CronJob owns.

use super::tests::{run, sim};
use super::{snapshot, JobView};

/// `kubectl get jobs -A`: (namespace/name, STATUS, COMPLETIONS).
fn kubectl_jobs(sim: &mut kubeplay_core::Simulation) -> Vec<(String, String, String)> {
    let out = sim.run_script("kubectl get jobs -A").text();
    out.lines()
        .skip(1)
        .map(|l| {
            let c: Vec<&str> = l.split_whitespace().collect();
            (
                format!("{}/{}", c[0], c[1]),
                c[2].to_string(),
                c[3].to_string(),
            )
        })
        .collect()
}

fn all_jobs(v: &super::ClusterView) -> Vec<&JobView> {
    let mut out: Vec<&JobView> = v.jobs.iter().collect();
    out.extend(v.cronjobs.iter().flat_map(|c| c.jobs.iter()));
    out.sort_by_key(|j| (j.namespace.clone(), j.name.clone()));
    out
}

const FAILING_JOB: &str = r#"kubectl apply -f - <<'YAML'
apiVersion: batch/v1
kind: Job
metadata:
  name: fails
spec:
  backoffLimit: 1
  template:
    spec:
      restartPolicy: Never
      containers:
      - name: f
        image: busybox
        command: ['sh', '-c', 'echo no; exit 1']
YAML
"#;

#[test]
fn jobs_show_kubectl_status_counts_and_pods() {
    let mut sim = sim();
    run(&mut sim, "kubectl apply -f manifests/pi-job.yaml");
    run(&mut sim, FAILING_JOB);
    let v = snapshot(&sim);
    let pi = v.jobs.iter().find(|j| j.name == "pi-job").unwrap();
    assert_eq!(
        (
            pi.status.as_str(),
            pi.completions_text.as_str(),
            pi.completions,
            pi.parallelism
        ),
        ("Running", "0/1", Some(1), 1)
    );
    for _ in 0..24 {
        run(&mut sim, "sleep 5");
        let v = snapshot(&sim);
        let ours: Vec<(String, String, String)> = all_jobs(&v)
            .iter()
            .map(|j| {
                (
                    format!("{}/{}", j.namespace, j.name),
                    j.status.clone(),
                    j.completions_text.clone(),
                )
            })
            .collect();
        assert_eq!(ours, kubectl_jobs(&mut sim), "at {}", sim.now_ms());
    }
    let v = snapshot(&sim);
    let pi = v.jobs.iter().find(|j| j.name == "pi-job").unwrap();
    assert_eq!(
        (pi.status.as_str(), pi.succeeded, pi.failed, pi.active),
        ("Complete", 1, 0, 0)
    );
    assert_eq!(pi.pods.items.len(), 1);
    let pod = &pi.pods.items[0];
    assert!(pod.name.starts_with("pi-job-"), "{}", pod.name);
    assert_eq!(
        (pod.phase.as_str(), pod.status.as_str()),
        ("Succeeded", "Completed")
    );
    let fails = v.jobs.iter().find(|j| j.name == "fails").unwrap();
    assert_eq!(
        (
            fails.status.as_str(),
            fails.succeeded,
            fails.failed,
            fails.active
        ),
        ("Failed", 0, 2, 0)
    );
    assert!(
        fails
            .pods
            .iter()
            .all(|p| p.phase == "Failed" && p.status == "Error"),
        "{:?}",
        fails.pods
    );
    // Job pods are drawn under their Job only.
    assert!(v.pods.is_empty());
    assert_eq!(v.all_pods().count(), 3);
}

#[test]
fn cronjob_schedule_in_words_next_runs_and_owned_jobs() {
    let mut sim = sim();
    run(&mut sim, "kubectl apply -f manifests/hello-cronjob.yaml");
    let v = snapshot(&sim);
    let c = &v.cronjobs.items[0];
    assert_eq!(
        (c.name.as_str(), c.schedule.as_str(), c.words.as_str()),
        ("hello", "*/2 * * * *", "every 2 minutes")
    );
    assert_eq!(
        (
            c.time_zone.as_deref(),
            c.suspend,
            c.active,
            c.last_schedule_ms
        ),
        (None, false, 0, None)
    );
    assert_eq!(
        c.next_runs,
        [
            "2025-01-01T00:02:00Z",
            "2025-01-01T00:04:00Z",
            "2025-01-01T00:06:00Z"
        ]
    );
    assert!(c.jobs.is_empty() && c.schedule_error.is_none());

    run(&mut sim, "sleep 4m30s");
    let v = snapshot(&sim);
    let c = &v.cronjobs.items[0];
    assert_eq!(
        c.next_runs,
        [
            "2025-01-01T00:06:00Z",
            "2025-01-01T00:08:00Z",
            "2025-01-01T00:10:00Z"
        ]
    );
    assert_eq!(c.last_schedule_ms, Some(1_735_689_600_000 + 4 * 60_000));
    // Default concurrencyPolicy Allow: both runs are still sleeping.
    let names: Vec<&str> = c.jobs.iter().map(|j| j.name.as_str()).collect();
    assert_eq!(names, ["hello-28928162", "hello-28928164"]);
    assert_eq!(c.active, 2);
    for j in c.jobs.iter() {
        assert_eq!(
            (j.status.as_str(), j.active, j.completions_text.as_str()),
            ("Running", 1, "0/1")
        );
        assert_eq!(j.pods.items[0].status, "Running");
    }
    // Owned Jobs are not listed again on their own.
    assert!(v.jobs.is_empty() && v.pods.is_empty());

    run(&mut sim, "kubectl patch cronjob hello -p '{\"spec\":{\"suspend\":true,\"timeZone\":\"Europe/Paris\",\"schedule\":\"30 7 * * *\"}}'");
    let c = snapshot(&sim).cronjobs.items[0].clone();
    assert_eq!(
        (c.suspend, c.time_zone.as_deref(), c.words.as_str()),
        (true, Some("Europe/Paris"), "at 07:30 every day")
    );
    assert_eq!(
        c.next_runs,
        [
            "2025-01-01T07:30:00+01:00",
            "2025-01-02T07:30:00+01:00",
            "2025-01-03T07:30:00+01:00"
        ]
    );
}
