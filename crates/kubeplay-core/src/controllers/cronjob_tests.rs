//! CronJob controller tests through a whole `Simulation`: job names and metadata, the three
//! concurrency policies, missed schedules (never backfilled, >100, startingDeadlineSeconds),
//! suspend/resume, history cleanup, time zones. Job status is written by hand, as the Job
//! controller would (its pods never schedule, so nothing else touches them).

use super::super::cronjob_util as util;
use super::super::replicaset::tests::{events, START};
use crate::api::{Kind, ObjKey, Object};
use crate::cluster::Write;
use crate::Simulation;
use k8s_openapi::api::batch::v1 as batch;

const MIN: i64 = 60_000;
/// 2025-01-01T00:00:00Z in minutes since the epoch: the suffix of a job scheduled then.
const START_MIN: i64 = START / MIN;

fn cronjob(name: &str, schedule: &str, extra_spec: &str) -> String {
    format!(
        "kubectl apply -f - <<EOF
apiVersion: batch/v1
kind: CronJob
metadata:
  name: {name}
spec:
  schedule: \"{schedule}\"
{extra_spec}  jobTemplate:
    metadata:
      labels:
        team: blue
      annotations:
        note: nightly
    spec:
      template:
        spec:
          restartPolicy: Never
          nodeSelector:
            kubeplay.test/no-such-node: \"true\"
          containers:
          - name: c
            image: busybox
EOF
"
    )
}

fn sim(script: &str) -> Simulation {
    let mut sim = Simulation::new(1, START);
    let t = sim.run_script(script);
    assert_eq!(t.status, 0, "{}", t.text());
    sim
}

fn run(sim: &mut Simulation, script: &str) {
    let t = sim.run_script(script);
    assert_eq!(t.status, 0, "{}", t.text());
}

/// Advances the clock to `ms` after START.
fn at(sim: &mut Simulation, ms: i64) {
    sim.advance_to(crate::clock::SimTime(START + ms)).expect("advance");
}

fn cj(sim: &Simulation, name: &str) -> batch::CronJob {
    match sim.cluster.get(&ObjKey::new(Kind::CronJob, "default", name)) {
        Some(Object::CronJob(c)) => c.as_ref().clone(),
        _ => panic!("no cronjob {name}"),
    }
}

fn job_names(sim: &Simulation) -> Vec<String> {
    sim.cluster.store.list(Kind::Job, Some("default")).map(|o| o.name().to_string()).collect()
}

fn active(sim: &Simulation, name: &str) -> Vec<String> {
    cj(sim, name).status.and_then(|s| s.active).unwrap_or_default().into_iter().filter_map(|r| r.name).collect()
}

fn last_schedule(sim: &Simulation, name: &str) -> Option<i64> {
    cj(sim, name).status.and_then(|s| s.last_schedule_time).map(|t| util::time_ms(&t) - START)
}

fn job_at(min_after_start: i64) -> String {
    format!("hello-{}", START_MIN + min_after_start)
}

/// Finishes a job as the Job controller would: started `started_ms` after START, condition `cond`.
fn finish(sim: &mut Simulation, name: &str, cond: &str, started_ms: i64) {
    let Some(Object::Job(j)) = sim.cluster.get(&ObjKey::new(Kind::Job, "default", name)).cloned() else { panic!("no job {name}") };
    let mut j = *j;
    let now = sim.cluster.now.ms();
    let st = j.status.get_or_insert_with(Default::default);
    st.start_time = Some(util::ms_time(START + started_ms));
    if cond == "Complete" {
        st.completion_time = Some(util::ms_time(now));
        st.succeeded = Some(1);
    } else {
        st.failed = Some(1);
    }
    st.conditions = Some(vec![batch::JobCondition { type_: cond.into(), status: "True".into(), ..Default::default() }]);
    sim.cluster.write(Write::UpdateStatus { key: ObjKey::of(Kind::Job, &j.metadata), status: j.status.into() }).expect("job status");
    sim.settle().expect("settle");
}

fn count(sim: &Simulation, needle: &str) -> usize {
    events(sim).iter().filter(|e| e.contains(needle)).count()
}

#[test]
fn first_job_is_named_after_its_minute_and_starts_100ms_after_the_schedule_time() {
    let mut sim = sim(&cronjob("hello", "*/2 * * * *", ""));
    at(&mut sim, 2 * MIN + 99);
    assert!(job_names(&sim).is_empty(), "not before the +100ms requeue");
    at(&mut sim, 2 * MIN + 100);
    assert_eq!(job_names(&sim), vec![job_at(2)]);
    let Some(Object::Job(j)) = sim.cluster.get(&ObjKey::new(Kind::Job, "default", &job_at(2))).cloned() else { panic!() };
    let ann = j.metadata.annotations.clone().unwrap_or_default();
    assert_eq!(ann.get(util::SCHEDULED_TIMESTAMP_ANNOTATION).map(String::as_str), Some("2025-01-01T00:02:00Z"));
    assert_eq!(ann.get("note").map(String::as_str), Some("nightly"));
    assert_eq!(j.metadata.labels.as_ref().and_then(|l| l.get("team")).map(String::as_str), Some("blue"));
    let owner = &j.metadata.owner_references.clone().unwrap_or_default()[0];
    assert_eq!((owner.kind.as_str(), owner.name.as_str(), owner.controller, owner.block_owner_deletion), ("CronJob", "hello", Some(true), Some(true)));
    let c = cj(&sim, "hello");
    let a = &c.status.clone().unwrap_or_default().active.unwrap_or_default()[0];
    assert_eq!(a.uid, j.metadata.uid, "the active reference carries the created job's uid");
    assert_eq!((a.kind.as_deref(), a.api_version.as_deref()), (Some("Job"), Some("batch/v1")));
    assert_eq!(last_schedule(&sim, "hello"), Some(2 * MIN));
    assert_eq!(count(&sim, &format!("SuccessfulCreate Created job {}", job_at(2))), 1);
}

#[test]
fn allow_runs_jobs_side_by_side() {
    let mut sim = sim(&cronjob("hello", "*/2 * * * *", ""));
    at(&mut sim, 6 * MIN + 100);
    assert_eq!(active(&sim, "hello"), vec![job_at(2), job_at(4), job_at(6)]);
}

#[test]
fn forbid_skips_while_a_job_runs_and_starts_the_missed_run_late_when_it_finishes() {
    let mut sim = sim(&cronjob("hello", "*/2 * * * *", "  concurrencyPolicy: Forbid\n"));
    at(&mut sim, 4 * MIN + 100);
    assert_eq!(job_names(&sim), vec![job_at(2)]);
    assert_eq!(count(&sim, "JobAlreadyActive Not starting job because prior execution is running and concurrency policy is Forbid"), 1);
    assert_eq!(last_schedule(&sim, "hello"), Some(2 * MIN), "lastScheduleTime does not move");
    let why = sim.cluster.reasons(&ObjKey::new(Kind::CronJob, "default", "hello")).join("; ");
    assert!(why.contains(&format!("job {} is still running", job_at(2))), "{why}");
    at(&mut sim, 5 * MIN);
    finish(&mut sim, &job_at(2), "Complete", 2 * MIN);
    assert_eq!(job_names(&sim), vec![job_at(2), job_at(4)], "the 00:04 run starts at once, late");
    assert_eq!(active(&sim, "hello"), vec![job_at(4)]);
    assert_eq!(count(&sim, &format!("SawCompletedJob Saw completed job: {}, condition: Complete", job_at(2))), 1);
    assert_eq!(cj(&sim, "hello").status.and_then(|s| s.last_successful_time).map(|t| util::time_ms(&t) - START), Some(5 * MIN));
}

#[test]
fn replace_deletes_the_running_job_before_starting_the_next() {
    let mut sim = sim(&cronjob("hello", "*/2 * * * *", "  concurrencyPolicy: Replace\n"));
    at(&mut sim, 4 * MIN + 100);
    assert_eq!(job_names(&sim), vec![job_at(4)]);
    assert_eq!(active(&sim, "hello"), vec![job_at(4)]);
    assert_eq!(count(&sim, &format!("SuccessfulDelete Deleted job {}", job_at(2))), 1);
}

#[test]
fn a_resumed_cronjob_runs_only_the_most_recent_missed_time() {
    let mut sim = sim(&cronjob("hello", "*/2 * * * *", "  suspend: true\n"));
    at(&mut sim, 11 * MIN);
    assert!(job_names(&sim).is_empty());
    let why = sim.cluster.reasons(&ObjKey::new(Kind::CronJob, "default", "hello")).join("; ");
    assert!(why.contains("suspended"), "{why}");
    run(&mut sim, "kubectl patch cronjob hello -p '{\"spec\":{\"suspend\":false}}'");
    assert_eq!(job_names(&sim), vec![job_at(10)], "no backfill of 00:02..00:08");
    assert_eq!(last_schedule(&sim, "hello"), Some(10 * MIN));
    at(&mut sim, 12 * MIN + 100);
    assert_eq!(job_names(&sim), vec![job_at(10), job_at(12)]);
}

#[test]
fn starting_deadline_skips_runs_that_are_too_late_without_an_event() {
    let mut sim = sim(&cronjob("hello", "*/2 * * * *", "  suspend: true\n  startingDeadlineSeconds: 30\n"));
    at(&mut sim, 11 * MIN + 30_000);
    run(&mut sim, "kubectl patch cronjob hello -p '{\"spec\":{\"suspend\":false}}'");
    assert!(job_names(&sim).is_empty(), "00:10 is 90s late, more than 30s");
    assert_eq!(count(&sim, "MissSchedule"), 0, "the deadline clamp makes MissSchedule unreachable");
    let why = sim.cluster.reasons(&ObjKey::new(Kind::CronJob, "default", "hello")).join("; ");
    assert!(why.contains("2025-01-01T00:10:00Z was skipped"), "{why}");
    at(&mut sim, 12 * MIN + 100);
    assert_eq!(job_names(&sim), vec![job_at(12)]);
}

#[test]
fn starting_deadline_lets_a_run_within_it_start_late() {
    let mut sim = sim(&cronjob("hello", "*/2 * * * *", "  suspend: true\n  startingDeadlineSeconds: 100\n"));
    at(&mut sim, 11 * MIN + 30_000);
    run(&mut sim, "kubectl patch cronjob hello -p '{\"spec\":{\"suspend\":false}}'");
    assert_eq!(job_names(&sim), vec![job_at(10)]);
}

#[test]
fn more_than_100_missed_times_warn_and_still_run_the_most_recent() {
    let mut sim = sim(&cronjob("hello", "*/2 * * * *", "  suspend: true\n"));
    at(&mut sim, 300 * MIN + 30_000);
    run(&mut sim, "kubectl patch cronjob hello -p '{\"spec\":{\"suspend\":false}}'");
    assert_eq!(count(&sim, "TooManyMissedTimes too many missed start times. Set or decrease .spec.startingDeadlineSeconds or check clock skew"), 1);
    assert_eq!(job_names(&sim), vec![job_at(300)]);
}

#[test]
fn exactly_100_missed_times_do_not_warn() {
    // From 00:00, t1 = 00:02; at 03:20:30 (elapsed 198.5 min) 99 intervals fit: 100 missed.
    let mut sim = sim(&cronjob("hello", "*/2 * * * *", "  suspend: true\n"));
    at(&mut sim, 200 * MIN + 30_000);
    run(&mut sim, "kubectl patch cronjob hello -p '{\"spec\":{\"suspend\":false}}'");
    assert_eq!(count(&sim, "TooManyMissedTimes"), 0);
    assert_eq!(job_names(&sim), vec![job_at(200)]);
}

#[test]
fn history_limits_delete_the_oldest_finished_jobs() {
    let mut sim = sim(&cronjob("hello", "*/2 * * * *", "  successfulJobsHistoryLimit: 2\n  failedJobsHistoryLimit: 1\n"));
    at(&mut sim, 10 * MIN + 100);
    assert_eq!(job_names(&sim).len(), 5);
    at(&mut sim, 11 * MIN);
    for (i, m) in [2, 4, 6].into_iter().enumerate() {
        finish(&mut sim, &job_at(m), "Complete", m * MIN + i as i64);
    }
    for m in [8, 10] {
        finish(&mut sim, &job_at(m), "Failed", m * MIN);
    }
    assert_eq!(job_names(&sim), vec![job_at(4), job_at(6), job_at(10)]);
    assert_eq!(count(&sim, &format!("SuccessfulDelete Deleted job {}", job_at(2))), 1);
    assert_eq!(count(&sim, &format!("SuccessfulDelete Deleted job {}", job_at(8))), 1);
    assert!(active(&sim, "hello").is_empty());
}

#[test]
fn time_zone_moves_the_schedule_and_the_annotation_shows_it() {
    let mut sim = sim(&cronjob("hello", "30 5 * * *", "  timeZone: Asia/Kolkata\n"));
    // 05:30 in Kolkata is 00:00 UTC; the creation instant itself does not count.
    at(&mut sim, 24 * 60 * MIN + 100);
    assert_eq!(job_names(&sim), vec![job_at(24 * 60)]);
    let Some(Object::Job(j)) = sim.cluster.get(&ObjKey::new(Kind::Job, "default", &job_at(24 * 60))).cloned() else { panic!() };
    assert_eq!(j.metadata.annotations.unwrap_or_default().get(util::SCHEDULED_TIMESTAMP_ANNOTATION).map(String::as_str), Some("2025-01-02T05:30:00+05:30"));
}

#[test]
fn a_schedule_that_never_fires_warns_once_and_stops() {
    let mut sim = sim(&cronjob("hello", "0 0 30 2 *", ""));
    at(&mut sim, 365 * 24 * 60 * MIN);
    assert!(job_names(&sim).is_empty());
    // Counted in the trace: the Event itself expired after an hour (the apiserver's event TTL).
    let warned = sim.trace().iter().filter(|l| l.contains(" event ") && l.contains("InvalidSchedule: invalid schedule: 0 0 30 2 * : time difference between two schedules is less than 1 second")).count();
    assert_eq!(warned, 1);
}

#[test]
fn an_active_job_deleted_by_hand_goes_missing() {
    let mut sim = sim(&cronjob("hello", "*/2 * * * *", ""));
    at(&mut sim, 2 * MIN + 100);
    run(&mut sim, &format!("kubectl delete job {}", job_at(2)));
    assert!(active(&sim, "hello").is_empty());
    assert_eq!(count(&sim, &format!("MissingJob Active job went missing: {}", job_at(2))), 1);
}

#[test]
fn most_recent_schedule_time_matches_upstream_vectors() {
    // utils_test.go TestMostRecentScheduleTime shapes: hourly, last scheduled at 10:00.
    let sched = kubeplay_cron::CronJobSchedule::new("0 * * * *", None).expect("schedule");
    let h = 3_600_000;
    let mut c = batch::CronJob { spec: Some(batch::CronJobSpec { schedule: "0 * * * *".into(), ..Default::default() }), ..Default::default() };
    c.metadata.creation_timestamp = Some(util::ms_time(START - 10 * h));
    c.status = Some(batch::CronJobStatus { last_schedule_time: Some(util::ms_time(START)), ..Default::default() });
    let m = |c: &batch::CronJob, now| util::most_recent_schedule_time(c, now, &sched, true).expect("ok");
    assert_eq!(m(&c, START + h / 2).time, None, "before the next hour");
    assert_eq!(m(&c, START + h).time, Some(START + h), "exactly at it");
    assert_eq!(m(&c, START + 3 * h + 1).time, Some(START + 3 * h), "several missed: the latest");
    assert_eq!(m(&c, START + 3 * h + 1).missed, util::Missed::Few);
    assert_eq!(m(&c, START + 200 * h).missed, util::Missed::Many);
    c.spec.as_mut().expect("spec").starting_deadline_seconds = Some(60);
    assert_eq!(m(&c, START + 3 * h + 61_000).time, None, "the deadline moves the earliest time past 03:00");
    assert_eq!(util::next_schedule_time_duration(&c, START + 3 * h + 61_000, &sched), Some(h - 61_000 + 100));
}

/// The CronJob syncs on every event of its Job, giving the same reason each time; the trace
/// records a reason when it changes, once.
#[test]
fn a_repeated_reason_is_traced_once() {
    let mut sim = sim(&cronjob("hello", "*/2 * * * *", ""));
    at(&mut sim, 3 * MIN);
    let why = |sim: &Simulation, text: &str| sim.trace().iter().filter(|l| l.contains(" why cronjob/default/hello ") && l.ends_with(text)).count();
    assert_eq!(why(&sim, "next run at 2025-01-01T00:04:00Z"), 1, "{:#?}", sim.trace());
    assert_eq!(sim.cluster.reasons(&ObjKey::new(Kind::CronJob, "default", "hello")), vec!["next run at 2025-01-01T00:04:00Z"]);
}

/// The next schedule time found while looking for the most recent one is the one `Next` gives.
#[test]
fn known_next_times_agree_with_the_schedule() {
    let h = 3_600_000;
    for expr in ["0 * * * *", "*/2 * * * *", "30 6-16/4 * * 1-5", "@every 90s", "0 0 29 2 *"] {
        let sched = kubeplay_cron::CronJobSchedule::new(expr, None).expect("schedule");
        let mut c = batch::CronJob { spec: Some(batch::CronJobSpec { schedule: expr.into(), ..Default::default() }), ..Default::default() };
        c.metadata.creation_timestamp = Some(util::ms_time(START));
        for last in [None, Some(START + h)] {
            c.status = last.map(|t| batch::CronJobStatus { last_schedule_time: Some(util::ms_time(t)), ..Default::default() });
            for now in [START + 1, START + h + 59_000, START + 3 * h + 7, START + 500 * h, START + 9_000 * h] {
                let recent = util::most_recent_schedule_time(&c, now, &sched, false);
                let forgotten = recent.map(|m| util::MostRecent { known_next: None, ..m });
                if let Ok(util::MostRecent { known_next: Some((t, n)), .. }) = recent {
                    assert_eq!(util::next(&sched, t), n, "{expr} at {now}");
                }
                assert_eq!(util::next_schedule_after(recent, now, &sched), util::next_schedule_after(forgotten, now, &sched), "{expr} at {now}");
            }
        }
    }
}
