//! Job controller tests: the pure rules (index intervals, backoff delays, pod failure policy,
//! success policy) and whole simulations where the kubelet runs busybox pods for real.

use super::backoff;
use super::indexed::{self, Intervals};
use super::policy::{self, Action};
use crate::api::{Kind, ObjKey, Object};
use crate::controllers::replicaset::tests::{events, pods, sim_with};
use crate::Simulation;
use k8s_openapi::api::batch::v1 as batch;
use k8s_openapi::api::core::v1 as core;

fn job(sim: &Simulation, name: &str) -> batch::Job {
    match sim.cluster.get(&ObjKey::new(Kind::Job, "default", name)) {
        Some(Object::Job(j)) => j.as_ref().clone(),
        _ => panic!("no job {name}"),
    }
}

fn status(sim: &Simulation, name: &str) -> batch::JobStatus {
    job(sim, name).status.unwrap_or_default()
}

/// Condition types in order, with their reasons.
fn conditions(sim: &Simulation, name: &str) -> Vec<(String, String, String)> {
    status(sim, name).conditions.unwrap_or_default().into_iter().map(|c| (c.type_, c.status, c.reason.unwrap_or_default())).collect()
}

fn secs(t: &Option<k8s_openapi::apimachinery::pkg::apis::meta::v1::Time>) -> i64 {
    t.as_ref().map(|t| t.0.as_second()).expect("timestamp")
}

fn created_secs(p: &core::Pod) -> i64 {
    secs(&p.metadata.creation_timestamp)
}

fn finished_secs(p: &core::Pod) -> i64 {
    let cs = &p.status.as_ref().unwrap().container_statuses.as_ref().unwrap()[0];
    secs(&cs.state.as_ref().unwrap().terminated.as_ref().unwrap().finished_at)
}

/// A quoted delimiter: the commands' `$VAR` and `$(…)` are the container's, not the workstation's.
fn job_yaml(name: &str, spec_extra: &str, restart: &str, command: &str) -> String {
    format!("kubectl apply -f - <<'EOF'\napiVersion: batch/v1\nkind: Job\nmetadata:\n  name: {name}\nspec:\n{spec_extra}  template:\n    spec:\n      restartPolicy: {restart}\n      containers:\n      - name: main\n        image: busybox:1.36\n        command: ['sh', '-c', '{command}']\nEOF\n")
}

#[test]
fn intervals_parse_merge_and_print_like_upstream() {
    assert_eq!(Intervals::default().with_indexes([0, 1, 2, 4]).to_string(), "0-2,4");
    assert_eq!(Intervals::default().with_indexes([1, 3, 4, 5, 7]).to_string(), "1,3-5,7");
    assert_eq!(Intervals::default().with_indexes([0, 1]).to_string(), "0,1");
    assert_eq!(Intervals::parse("1,2", 10).0.len(), 1, "adjacent pieces merge");
    assert_eq!(Intervals::parse("0,x,3-20", 5).to_string(), "0,3,4", "corrupt pieces skipped, clipped to completions");
    assert_eq!(Intervals::parse("7", 5).total(), 0);
    assert_eq!(Intervals::parse("4-2,1", 5).to_string(), "1", "a reversed run is skipped, not counted negative");
    let a = Intervals::parse("0-2,6", 10).merge(&Intervals::parse("3,8-9", 10));
    assert_eq!(a.to_string(), "0-3,6,8,9");
    assert!(a.has(3) && !a.has(5) && a.has(9));
}

#[test]
fn first_pending_skips_succeeded_active_and_failed_indexes() {
    let succeeded = Intervals::parse("0,2", 6);
    let failed = Intervals::parse("4", 6);
    assert_eq!(indexed::first_pending(2, 6, &succeeded, Some(&failed), &[], &[]), vec![1, 3]);
    assert_eq!(indexed::first_pending(5, 6, &succeeded, Some(&failed), &[], &[]), vec![1, 3, 5]);
    assert_eq!(indexed::first_pending(0, 6, &succeeded, None, &[], &[]), Vec::<usize>::new());
    assert_eq!(indexed::generate_name("pi", 3), "pi-3-");
    assert_eq!(indexed::generate_name(&"a".repeat(60), 12).len(), 58);
}

#[test]
fn pod_failure_backoff_doubles_from_ten_seconds_up_to_ten_minutes() {
    let d: Vec<i64> = (1..=8).map(backoff::delay_ms).collect();
    assert_eq!(d, vec![10_000, 20_000, 40_000, 80_000, 160_000, 320_000, 600_000, 600_000]);
    let now = crate::clock::SimTime(100_000);
    assert_eq!(backoff::remaining_ms(2, Some(95_000), now), 15_000);
    assert_eq!(backoff::remaining_ms(1, Some(80_000), now), 0);
    assert_eq!(backoff::remaining_ms(0, Some(99_000), now), 0);
}

fn failed_pod(name: &str, container: &str, code: i32, conditions: &[(&str, &str)]) -> core::Pod {
    core::Pod {
        metadata: k8s_openapi::apimachinery::pkg::apis::meta::v1::ObjectMeta { name: Some(name.into()), namespace: Some("default".into()), ..Default::default() },
        spec: None,
        status: Some(core::PodStatus {
            phase: Some("Failed".into()),
            conditions: Some(conditions.iter().map(|(t, s)| core::PodCondition { type_: t.to_string(), status: s.to_string(), ..Default::default() }).collect()),
            container_statuses: Some(vec![core::ContainerStatus {
                name: container.into(),
                state: Some(core::ContainerState { terminated: Some(core::ContainerStateTerminated { exit_code: code, ..Default::default() }), ..Default::default() }),
                ..Default::default()
            }]),
            ..Default::default()
        }),
    }
}

fn rule(action: &str, container: Option<&str>, op: &str, values: &[i32]) -> batch::PodFailurePolicyRule {
    batch::PodFailurePolicyRule {
        action: action.into(),
        on_exit_codes: Some(batch::PodFailurePolicyOnExitCodesRequirement { container_name: container.map(str::to_string), operator: op.into(), values: values.to_vec() }),
        on_pod_conditions: None,
    }
}

#[test]
fn pod_failure_policy_first_matching_rule_wins() {
    let pfp = batch::PodFailurePolicy {
        rules: vec![
            rule("Ignore", None, "In", &[3]),
            rule("FailJob", Some("main"), "In", &[42]),
            rule("Count", None, "NotIn", &[42, 7]),
            batch::PodFailurePolicyRule { action: "Ignore".into(), on_exit_codes: None, on_pod_conditions: Some(vec![batch::PodFailurePolicyOnPodConditionsPattern { type_: "DisruptionTarget".into(), status: "True".into() }]) },
        ],
    };
    let m = policy::match_pod_failure_policy(&pfp, &failed_pod("p", "main", 3, &[]));
    assert_eq!((m.count_failed, m.action), (false, Some(Action::Ignore)));
    let m = policy::match_pod_failure_policy(&pfp, &failed_pod("p", "main", 42, &[]));
    assert_eq!(m.fail_job_message.as_deref(), Some("Container main for pod default/p failed with exit code 42 matching FailJob rule at index 1"));
    let m = policy::match_pod_failure_policy(&pfp, &failed_pod("p", "side", 42, &[]));
    assert_eq!(m.action, None, "the FailJob rule names another container; NotIn [42,7] excludes 42");
    let m = policy::match_pod_failure_policy(&pfp, &failed_pod("p", "side", 5, &[]));
    assert_eq!((m.count_failed, m.action), (true, Some(Action::Count)));
    let m = policy::match_pod_failure_policy(&pfp, &failed_pod("p", "side", 7, &[("DisruptionTarget", "True")]));
    assert_eq!(m.action, Some(Action::Ignore));
}

#[test]
fn success_policy_rules_match_indexes_or_counts() {
    let sp = |idx: Option<&str>, count: Option<i32>| batch::SuccessPolicy { rules: vec![batch::SuccessPolicyRule { succeeded_indexes: idx.map(str::to_string), succeeded_count: count }] };
    let done = Intervals::parse("0,2-3", 10);
    assert_eq!(indexed::match_success_policy(Some(&sp(Some("0,2-3"), None)), 10, &done).as_deref(), Some("Matched rules at index 0"));
    assert_eq!(indexed::match_success_policy(Some(&sp(Some("0-4"), None)), 10, &done), None);
    assert!(indexed::match_success_policy(Some(&sp(Some("0-4"), Some(3))), 10, &done).is_some());
    assert_eq!(indexed::match_success_policy(Some(&sp(Some("1-9"), Some(3))), 10, &done), None, "only 2 and 3 of 1-9 succeeded");
    let big = Intervals::parse("0-1999999999", 2_000_000_000);
    assert!(indexed::match_success_policy(Some(&sp(Some("0-1999999999"), None)), 2_000_000_000, &big).is_some(), "counted by interval overlap, not index by index");
    assert!(indexed::match_success_policy(Some(&sp(None, Some(3))), 10, &done).is_some());
    assert_eq!(indexed::match_success_policy(Some(&sp(None, Some(4))), 10, &done), None);
    assert_eq!(indexed::match_success_policy(None, 10, &done), None);
}

#[test]
fn never_pods_are_replaced_after_10_20_40s_then_backoff_limit_fails_the_job() {
    let mut sim = sim_with(&job_yaml("fail", "  backoffLimit: 3\n", "Never", "exit 1"));
    let p = &pods(&sim, "default")[0];
    assert!(p.metadata.finalizers.iter().flatten().any(|f| f == "batch.kubernetes.io/job-tracking"), "a new pod carries the tracking finalizer");
    sim.advance(300_000);
    let mut ps = pods(&sim, "default");
    ps.sort_by_key(created_secs);
    assert_eq!(ps.len(), 4, "backoffLimit 3 allows 4 pods");
    for (i, w) in ps.windows(2).enumerate() {
        assert_eq!(created_secs(&w[1]) - finished_secs(&w[0]), 10 << i, "replacement {} delayed from the failure", i + 1);
    }
    assert!(ps.iter().all(|p| p.metadata.finalizers.is_none()), "counted pods lose the finalizer");
    let st = status(&sim, "fail");
    assert_eq!((st.failed, st.active, st.succeeded), (Some(4), None, None));
    let c = conditions(&sim, "fail");
    assert_eq!(c, vec![("FailureTarget".into(), "True".into(), "BackoffLimitExceeded".into()), ("Failed".into(), "True".into(), "BackoffLimitExceeded".into())]);
    assert!(st.completion_time.is_none(), "a failed Job has no completionTime");
    assert!(events(&sim).contains(&"BackoffLimitExceeded Job has reached the specified backoff limit".to_string()));
    let why: Vec<String> = sim.cluster.reasons(&ObjKey::new(Kind::Job, "default", "fail")).into_iter().map(String::from).collect();
    assert!(why.iter().any(|w| w.contains("4 pod(s) failed, more than backoffLimit 3")), "{why:?}");
}

#[test]
fn the_backoff_explanation_names_the_next_creation_time() {
    let mut sim = sim_with(&job_yaml("fail", "  backoffLimit: 3\n", "Never", "exit 1"));
    sim.advance(5_000);
    let why: Vec<String> = sim.cluster.reasons(&ObjKey::new(Kind::Job, "default", "fail")).into_iter().map(String::from).collect();
    let finished = finished_secs(&pods(&sim, "default")[0]);
    let at = crate::timefmt::rfc3339_secs(finished + 10);
    assert_eq!(why, vec![format!("backoff: the next pod for fail is created at {at} (1 failure so far, delay 10s)")]);
}

#[test]
fn parallelism_caps_active_pods_until_completions_are_reached() {
    let mut sim = sim_with(&job_yaml("work", "  completions: 5\n  parallelism: 2\n", "Never", "sleep 3"));
    let mut max_active = 0;
    for _ in 0..60 {
        sim.advance(1_000);
        let active = pods(&sim, "default").iter().filter(|p| super::pods::is_active(p)).count();
        max_active = max_active.max(active);
        // The status follows the pods one batch period (1 s) later, never above parallelism.
        assert!(status(&sim, "work").active.unwrap_or(0) <= 2);
    }
    assert_eq!(max_active, 2);
    let st = status(&sim, "work");
    assert_eq!((st.succeeded, st.failed), (Some(5), None));
    assert_eq!(pods(&sim, "default").len(), 5);
    let c = conditions(&sim, "work");
    assert_eq!(c.iter().map(|c| c.0.as_str()).collect::<Vec<_>>(), vec!["SuccessCriteriaMet", "Complete"]);
    assert_eq!(c[1].2, "CompletionsReached");
    assert_eq!(st.completion_time, job(&sim, "work").status.unwrap().conditions.unwrap()[1].last_transition_time);
}

#[test]
fn work_queue_mode_completes_when_one_pod_succeeded_and_none_run() {
    let mut sim = sim_with(&job_yaml("queue", "  parallelism: 3\n", "Never", "sleep 2"));
    assert_eq!(pods(&sim, "default").len(), 3);
    sim.advance(30_000);
    assert_eq!(pods(&sim, "default").len(), 3, "no new pods once one succeeded");
    let st = status(&sim, "queue");
    assert_eq!(st.succeeded, Some(3));
    assert!(conditions(&sim, "queue").iter().any(|c| c.0 == "Complete"));
}

#[test]
fn on_failure_restarts_count_toward_the_limit_and_the_pod_is_deleted() {
    let mut sim = sim_with(&job_yaml("crash", "  backoffLimit: 2\n", "OnFailure", "exit 1"));
    sim.advance(120_000);
    assert!(pods(&sim, "default").is_empty(), "the failing pod was deleted");
    let st = status(&sim, "crash");
    assert_eq!((st.failed, st.terminating), (Some(1), Some(0)));
    let c = conditions(&sim, "crash");
    assert_eq!(c.iter().map(|c| (c.0.as_str(), c.2.as_str())).collect::<Vec<_>>(), vec![("FailureTarget", "BackoffLimitExceeded"), ("Failed", "BackoffLimitExceeded")]);
    assert!(events(&sim).iter().any(|e| e.starts_with("SuccessfulDelete Deleted pod: crash-")));
}

#[test]
fn active_deadline_fails_the_job_at_start_plus_deadline() {
    let mut sim = sim_with(&job_yaml("slow", "  activeDeadlineSeconds: 12\n", "Never", "sleep 100"));
    sim.advance(11_500);
    assert!(conditions(&sim, "slow").is_empty());
    sim.advance(600);
    let j = job(&sim, "slow");
    let st = j.status.clone().unwrap();
    let ft = &st.conditions.clone().unwrap()[0];
    assert_eq!((ft.type_.as_str(), ft.reason.as_deref(), ft.message.as_deref()), ("FailureTarget", Some("DeadlineExceeded"), Some("Job was active longer than specified deadline")));
    assert_eq!(secs(&ft.last_transition_time) - secs(&st.start_time), 12);
    assert!(sim.run_script("kubectl get job slow").text().contains("slow   FailureTarget   0/1"));
    assert_eq!(st.terminating, Some(1));
    sim.advance(60_000);
    let st = status(&sim, "slow");
    assert_eq!((st.failed, st.terminating), (Some(1), Some(0)));
    assert_eq!(conditions(&sim, "slow")[1].0, "Failed");
    assert!(pods(&sim, "default").is_empty());
}

#[test]
fn indexed_pods_carry_their_index_and_completed_indexes_are_intervals() {
    let mut sim = sim_with(&job_yaml("idx", "  completions: 3\n  parallelism: 3\n  completionMode: Indexed\n", "Never", "echo $JOB_COMPLETION_INDEX $(hostname)"));
    let mut ps = pods(&sim, "default");
    ps.sort_by_key(|p| p.metadata.name.clone());
    for (i, p) in ps.iter().enumerate() {
        let ix = i.to_string();
        assert!(p.metadata.name.as_deref().unwrap().starts_with(&format!("idx-{i}-")));
        assert_eq!(p.metadata.annotations.as_ref().unwrap()[indexed::COMPLETION_INDEX], ix);
        assert_eq!(p.metadata.labels.as_ref().unwrap()[indexed::COMPLETION_INDEX], ix);
        let spec = p.spec.as_ref().unwrap();
        assert_eq!(spec.hostname.as_deref(), Some(format!("idx-{i}").as_str()));
        let env = &spec.containers[0].env.as_ref().unwrap()[0];
        assert_eq!(env.value_from.as_ref().unwrap().field_ref.as_ref().unwrap().field_path, "metadata.labels['batch.kubernetes.io/job-completion-index']");
    }
    sim.advance(20_000);
    let st = status(&sim, "idx");
    assert_eq!((st.completed_indexes.as_deref(), st.succeeded), (Some("0-2"), Some(3)));
    let name = ps[1].metadata.name.clone().unwrap();
    let logs = sim.run_script(&format!("kubectl logs {name}")).text();
    assert_eq!(logs, "1 idx-1\n");
}

#[test]
fn backoff_limit_per_index_fails_only_that_index() {
    let mut sim = sim_with(&job_yaml("per", "  completions: 3\n  parallelism: 3\n  completionMode: Indexed\n  backoffLimitPerIndex: 1\n", "Never", "if [ $JOB_COMPLETION_INDEX = 1 ]; then exit 1; fi"));
    sim.advance(120_000);
    let st = status(&sim, "per");
    assert_eq!((st.completed_indexes.as_deref(), st.failed_indexes.as_deref(), st.failed), (Some("0,2"), Some("1"), Some(2)));
    let c = conditions(&sim, "per");
    assert_eq!(c.last().map(|c| (c.0.as_str(), c.2.as_str())), Some(("Failed", "FailedIndexes")));
    let retry = pods(&sim, "default").into_iter().filter(|p| p.metadata.name.as_deref().unwrap().starts_with("per-1-")).filter_map(|p| p.metadata.annotations.and_then(|a| a.get(indexed::INDEX_FAILURE_COUNT).cloned())).collect::<std::collections::BTreeSet<_>>();
    assert_eq!(retry, ["0".to_string(), "1".to_string()].into_iter().collect(), "the replacement carries the failure count");
}

#[test]
fn suspended_jobs_run_nothing_and_resuming_resets_start_time() {
    let mut sim = sim_with(&job_yaml("later", "  suspend: true\n", "Never", "sleep 5"));
    sim.advance(10_000);
    assert!(pods(&sim, "default").is_empty());
    assert!(status(&sim, "later").start_time.is_none());
    assert_eq!(conditions(&sim, "later"), vec![("Suspended".into(), "True".into(), "JobSuspended".into())]);
    assert!(events(&sim).contains(&"Suspended Job suspended".to_string()));
    let t = sim.run_script("kubectl patch job later --type=merge -p '{\"spec\":{\"suspend\":false}}'");
    assert_eq!(t.status, 0, "{}", t.text());
    assert_eq!(pods(&sim, "default").len(), 1);
    assert_eq!(secs(&status(&sim, "later").start_time), crate::controllers::replicaset::tests::START / 1000 + 10);
    assert_eq!(conditions(&sim, "later")[0], ("Suspended".into(), "False".into(), "JobResumed".into()));
    assert!(events(&sim).contains(&"Resumed Job resumed".to_string()));
    sim.advance(2_000);
    let t = sim.run_script("kubectl patch job later --type=merge -p '{\"spec\":{\"suspend\":true}}'");
    assert_eq!(t.status, 0, "{}", t.text());
    let p = &pods(&sim, "default")[0];
    assert!(p.metadata.deletion_timestamp.is_some() && p.metadata.finalizers.is_none(), "suspending deletes the pod without counting it");
    sim.advance(60_000);
    assert_eq!(status(&sim, "later").failed, None);
}

#[test]
fn ttl_after_finished_deletes_the_job_and_its_pods() {
    let mut sim = sim_with(&job_yaml("tmp", "  ttlSecondsAfterFinished: 30\n", "Never", "true"));
    sim.advance(10_000);
    let done = secs(&status(&sim, "tmp").completion_time) * 1000;
    sim.advance_to(crate::clock::SimTime(done + 29_000)).unwrap();
    assert!(sim.cluster.get(&ObjKey::new(Kind::Job, "default", "tmp")).is_some());
    sim.advance(2_000);
    assert!(sim.cluster.get(&ObjKey::new(Kind::Job, "default", "tmp")).is_none());
    assert!(pods(&sim, "default").is_empty());
}

#[test]
fn a_deleted_job_leaves_no_pod_stuck_on_its_finalizer() {
    let mut sim = sim_with(&job_yaml("gone", "", "Never", "sleep 1000"));
    sim.advance(5_000);
    let t = sim.run_script("kubectl delete job gone");
    assert_eq!(t.status, 0, "{}", t.text());
    let p = &pods(&sim, "default")[0];
    assert!(p.metadata.deletion_timestamp.is_some());
    assert!(p.metadata.finalizers.is_none(), "the orphan's tracking finalizer is removed");
    sim.advance(60_000);
    assert!(pods(&sim, "default").is_empty());
}

#[test]
fn pod_failure_policy_fail_job_names_the_pod_and_ignore_does_not_count() {
    let spec = "  backoffLimit: 0\n  podFailurePolicy:\n    rules:\n    - action: Ignore\n      onExitCodes:\n        operator: In\n        values: [3]\n    - action: FailJob\n      onExitCodes:\n        operator: In\n        values: [42]\n";
    let mut sim = sim_with(&job_yaml("ign", spec, "Never", "exit 3"));
    sim.advance(25_000);
    assert!(pods(&sim, "default").len() >= 2, "an ignored failure is replaced even with backoffLimit 0");
    assert_eq!(status(&sim, "ign").failed, None);
    let mut sim = sim_with(&job_yaml("fj", spec, "Never", "exit 42"));
    sim.advance(10_000);
    let p = pods(&sim, "default")[0].metadata.name.clone().unwrap();
    let st = status(&sim, "fj");
    let c = st.conditions.unwrap();
    assert_eq!(c[1].type_, "Failed");
    assert_eq!(c[1].message.clone().unwrap(), format!("Container main for pod default/{p} failed with exit code 42 matching FailJob rule at index 1"));
}
