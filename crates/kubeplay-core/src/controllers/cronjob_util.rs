//! The CronJob controller's time and Job helpers (pkg/controller/cronjob/utils.go): `mostRecentScheduleTime`,
//! `nextScheduleTimeDuration`, `getJobFromTemplate2`, the finished-Job tests and the history sort order.

use super::owners::controller_ref;
use crate::api::Object;
use k8s_openapi::api::batch::v1 as batch;
use k8s_openapi::apimachinery::pkg::apis::meta::v1::{ObjectMeta, Time};
use kubeplay_cron::{ControllerError, CronJobSchedule};
use std::cmp::Ordering;
use std::collections::BTreeMap;

/// Go's zero `time.Time` (0001-01-01T00:00:00Z) in Unix ms: what robfig's `Next` returns for "never".
pub const GO_ZERO_MS: i64 = -62_135_596_800_000;

/// cronjob_controllerv2.go `nextScheduleDelta`: requeues land this long after the schedule time.
pub const NEXT_SCHEDULE_DELTA_MS: i64 = 100;

/// utils.go: more missed schedules than this is "many" (the TooManyMissedTimes event).
pub const MANY_MISSED: i64 = 100;

/// Bound on the walk to the most recent time. Upstream walks from one interval before it (so at
/// most a few steps for any regular schedule); an irregular schedule that stops firing would spin
/// Go forever, here the walk stops.
const MAX_WALK: usize = 10_000;

/// `annotation batch.kubernetes.io/cronjob-scheduled-timestamp` (CronJobsScheduledAnnotation, on since 1.28).
pub const SCHEDULED_TIMESTAMP_ANNOTATION: &str = "batch.kubernetes.io/cronjob-scheduled-timestamp";

/// Largest `time.Duration` in whole seconds: Go's `t.Sub(u)` saturates there.
const MAX_DURATION_SECS: i64 = i64::MAX / 1_000_000_000;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Missed {
    None,
    Few,
    Many,
}

/// What `mostRecentScheduleTime` returns besides its error.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct MostRecent {
    /// lastScheduleTime, else creationTimestamp, moved up to `now - startingDeadlineSeconds`.
    pub earliest: i64,
    /// The most recent schedule time at or before now, if any.
    pub time: Option<i64>,
    pub missed: Missed,
    /// A schedule time and the one after it, found on the way (`Next` is the costly part of a
    /// sync, and `nextScheduleTimeDuration` asks for one of these again).
    pub known_next: Option<(i64, i64)>,
}

/// The error text of a schedule whose next two times are less than a second apart (in practice: never fires).
pub const ERR_LESS_THAN_A_SECOND: &str = "time difference between two schedules is less than 1 second";

/// Bound on the schedules [`parse`] remembers; the memo starts over when it is full.
const PARSED_KEPT: usize = 64;

/// A parsed schedule with the (schedule, timeZone) it was parsed from.
type Parsed = (String, Option<String>, Result<CronJobSchedule, ControllerError>);

std::thread_local! {
    /// Schedules already parsed, by (schedule, timeZone): every sync of a CronJob needs its parse,
    /// a pure function of those two strings, so the answer is the same whether cached or not.
    static PARSED: std::cell::RefCell<Vec<Parsed>> = const { std::cell::RefCell::new(Vec::new()) };
}

/// `CronJobSchedule::new`, remembered (a sync parses the schedule; a CronJob syncs several times a run).
pub fn parse(schedule: &str, time_zone: Option<&str>) -> Result<CronJobSchedule, ControllerError> {
    PARSED.with_borrow_mut(|memo| {
        if let Some((_, _, parsed)) = memo.iter().find(|(s, tz, _)| s == schedule && tz.as_deref() == time_zone) {
            return parsed.clone();
        }
        if memo.len() >= PARSED_KEPT {
            memo.clear();
        }
        let parsed = CronJobSchedule::new(schedule, time_zone);
        memo.push((schedule.to_string(), time_zone.map(str::to_string), parsed.clone()));
        parsed
    })
}

/// A few answers of a pure function of (schedule, Unix ms), the oldest replaced first.
struct Memo<T> {
    kept: Vec<(CronJobSchedule, i64, T)>,
    /// Where the next answer goes once `kept` is full.
    next: usize,
}

/// Bound on the answers each [`Memo`] keeps.
const MEMO_KEPT: usize = 8;

impl<T: Clone> Memo<T> {
    const fn new() -> Self {
        Memo { kept: Vec::new(), next: 0 }
    }

    fn get(&self, sched: &CronJobSchedule, t: i64) -> Option<T> {
        self.kept.iter().find(|(s, at, _)| *at == t && s == sched).map(|(_, _, v)| v.clone())
    }

    fn put(&mut self, sched: &CronJobSchedule, t: i64, v: T) {
        let entry = (sched.clone(), t, v);
        if self.kept.len() < MEMO_KEPT {
            self.kept.push(entry);
        } else {
            self.kept[self.next % MEMO_KEPT] = entry;
            self.next = (self.next + 1) % MEMO_KEPT;
        }
    }
}

std::thread_local! {
    /// robfig `Next` answers: each sync of a CronJob asks about lastScheduleTime and the time after
    /// it, which the syncs before it asked about too, and `Next` is the costly part of a sync.
    static NEXTS: std::cell::RefCell<Memo<i64>> = const { std::cell::RefCell::new(Memo::new()) };
    /// Scheduled times as RFC 3339 text in the schedule's zone: the same "next run" is shown by
    /// every sync until it comes, then written in the created Job's annotation.
    static RFC3339: std::cell::RefCell<Memo<Option<String>>> = const { std::cell::RefCell::new(Memo::new()) };
}

/// robfig `Next` on Unix ms, with Go's zero time for "never" (remembered: see `NEXTS`).
pub fn next(sched: &CronJobSchedule, t: i64) -> i64 {
    if let Some(n) = NEXTS.with_borrow(|m| m.get(sched, t)) {
        return n;
    }
    let n = sched.next_after_unix_ms(t).unwrap_or(GO_ZERO_MS);
    NEXTS.with_borrow_mut(|m| m.put(sched, t, n));
    n
}

/// `CronJobSchedule::format_rfc3339`, remembered (see `RFC3339`).
pub fn format_rfc3339(sched: &CronJobSchedule, ms: i64) -> Option<String> {
    if let Some(s) = RFC3339.with_borrow(|m| m.get(sched, ms)) {
        return s;
    }
    let s = sched.format_rfc3339(ms);
    RFC3339.with_borrow_mut(|m| m.put(sched, ms, s.clone()));
    s
}

pub fn time_ms(t: &Time) -> i64 {
    t.0.as_millisecond()
}

pub fn ms_time(ms: i64) -> Time {
    Time(k8s_openapi::jiff::Timestamp::from_millisecond(ms).unwrap_or_default())
}

/// Go's `int64(d.Seconds())` of `a.Sub(b)` (truncated, saturating like `Sub`).
fn sub_secs(a: i64, b: i64) -> i64 {
    ((i128::from(a) - i128::from(b)) / 1000).clamp(-i128::from(MAX_DURATION_SECS), i128::from(MAX_DURATION_SECS)) as i64
}

/// utils.go `mostRecentScheduleTime`: counts from lastScheduleTime (else creationTimestamp), never
/// earlier than `now - startingDeadlineSeconds` when asked to, and returns only the most recent
/// unmet time (the controller never backfills).
pub fn most_recent_schedule_time(cj: &batch::CronJob, now: i64, sched: &CronJobSchedule, include_starting_deadline: bool) -> Result<MostRecent, &'static str> {
    most_recent_schedule_time_with(cj, cj.status.as_ref(), now, sched, include_starting_deadline)
}

/// [`most_recent_schedule_time`] with `status` (a sync's new one, not yet written) in place of the
/// CronJob's stored status, so the sync need not copy the CronJob to ask.
pub fn most_recent_schedule_time_with(cj: &batch::CronJob, status: Option<&batch::CronJobStatus>, now: i64, sched: &CronJobSchedule, include_starting_deadline: bool) -> Result<MostRecent, &'static str> {
    let mut earliest = cj.metadata.creation_timestamp.as_ref().map_or(GO_ZERO_MS, time_ms);
    if let Some(t) = status.and_then(|s| s.last_schedule_time.as_ref()) {
        earliest = time_ms(t);
    }
    let sds = cj.spec.as_ref().and_then(|s| s.starting_deadline_seconds);
    if let (true, Some(sds)) = (include_starting_deadline, sds) {
        let deadline = now.saturating_sub(sds.saturating_mul(1000));
        if deadline > earliest {
            earliest = deadline;
        }
    }
    let t1 = next(sched, earliest);
    if now < t1 {
        return Ok(MostRecent { earliest, time: None, missed: Missed::None, known_next: Some((earliest, t1)) });
    }
    // Upstream computes t2 before the first test; nothing depends on it until here.
    let t2 = next(sched, t1);
    if now < t2 {
        return Ok(MostRecent { earliest, time: Some(t1), missed: Missed::None, known_next: Some((t1, t2)) });
    }
    // Both times are whole seconds, so Go's Round(time.Second) changes nothing.
    let between = sub_secs(t2, t1);
    if between < 1 {
        return Err(ERR_LESS_THAN_A_SECOND);
    }
    let elapsed = sub_secs(now, t1);
    let number_missed = elapsed / between + 1;
    // One interval before the estimated last one, then let the schedule walk to it: exact for
    // irregular schedules such as `30 6-16/4 * * 1-5` and for `@every`.
    let potential_earliest = t1.saturating_add((number_missed - 2).saturating_mul(between).saturating_mul(1000));
    let mut most_recent = None;
    let mut t = next(sched, potential_earliest);
    for _ in 0..MAX_WALK {
        if t > now || t == GO_ZERO_MS {
            break;
        }
        most_recent = Some(t);
        t = next(sched, t);
    }
    let missed = if number_missed > MANY_MISSED { Missed::Many } else if number_missed > 0 { Missed::Few } else { Missed::None };
    let known_next = most_recent.filter(|_| t > now).map(|m| (m, t));
    Ok(MostRecent { earliest, time: most_recent, missed, known_next })
}

/// utils.go `nextScheduleTimeDuration`: how long until the next schedule time (+100ms), counted from
/// the most recent one (not from the deadline). None when robfig finds no next time at all (Go
/// would requeue at once, forever).
pub fn next_schedule_time_duration(cj: &batch::CronJob, now: i64, sched: &CronJobSchedule) -> Option<i64> {
    next_schedule_after(most_recent_schedule_time(cj, now, sched, false), now, sched)
}

/// [`next_schedule_time_duration`] from its `mostRecentScheduleTime(..., false)` result, for a sync
/// that has it already (without a startingDeadlineSeconds, it is the one the sync computed).
pub fn next_schedule_after(recent: Result<MostRecent, &'static str>, now: i64, sched: &CronJobSchedule) -> Option<i64> {
    let base = match recent {
        Err(_) => now,
        Ok(MostRecent { time: Some(t), .. }) => t,
        Ok(MostRecent { time: None, missed: Missed::None, earliest, .. }) => earliest,
        Ok(MostRecent { time: None, .. }) => now,
    };
    let n = match recent {
        Ok(MostRecent { known_next: Some((t, n)), .. }) if t == base => n,
        _ => next(sched, base),
    };
    (n != GO_ZERO_MS).then(|| n + NEXT_SCHEDULE_DELTA_MS - now)
}

/// cronjob_controllerv2.go `getJobName`: `<cronjob>-<scheduled time in minutes since the epoch>`.
pub fn job_name(cj_name: &str, scheduled_ms: i64) -> String {
    // Go's Unix() / 60 truncates toward zero, as Rust's `/` does.
    format!("{}-{}", cj_name, scheduled_ms.div_euclid(1000) / 60)
}

/// utils.go `getJobFromTemplate2`: labels and annotations from the job template, the scheduled-time
/// annotation in the CronJob's zone, a controller ownerReference, and the template's spec.
pub fn job_from_template(owner: &Object, cj: &batch::CronJob, scheduled_ms: i64, sched: &CronJobSchedule) -> batch::Job {
    let template = cj.spec.as_ref().map(|s| s.job_template.clone()).unwrap_or_default();
    let tm = template.metadata.unwrap_or_default();
    let labels: BTreeMap<String, String> = tm.labels.unwrap_or_default();
    let mut annotations: BTreeMap<String, String> = tm.annotations.unwrap_or_default();
    if let Some(ts) = format_rfc3339(sched, scheduled_ms) {
        annotations.insert(SCHEDULED_TIMESTAMP_ANNOTATION.into(), ts);
    }
    batch::Job {
        metadata: ObjectMeta {
            name: Some(job_name(owner.name(), scheduled_ms)),
            namespace: Some(owner.namespace().to_string()),
            labels: (!labels.is_empty()).then_some(labels),
            annotations: (!annotations.is_empty()).then_some(annotations),
            owner_references: Some(vec![controller_ref(owner)]),
            ..Default::default()
        },
        spec: template.spec,
        status: None,
    }
}

/// jobutil.FinishedCondition: the first Complete or Failed condition that is True.
pub fn finished_condition(j: &batch::Job) -> Option<&'static str> {
    j.status.iter().flat_map(|s| s.conditions.iter().flatten()).find_map(|c| match (c.type_.as_str(), c.status.as_str()) {
        ("Complete", "True") => Some("Complete"),
        ("Failed", "True") => Some("Failed"),
        _ => None,
    })
}

/// jobutil.IsJobSucceeded: a Complete condition that is True (wherever it is in the list).
pub fn is_succeeded(j: &batch::Job) -> bool {
    j.status.iter().flat_map(|s| s.conditions.iter().flatten()).any(|c| c.type_ == "Complete" && c.status == "True")
}

/// utils.go `byJobStartTime`: by status.startTime (unset last), ties by name.
pub fn by_start_time(a: &batch::Job, b: &batch::Job) -> Ordering {
    let st = |j: &batch::Job| j.status.as_ref().and_then(|s| s.start_time.as_ref()).map(time_ms);
    match (st(a), st(b)) {
        (None, Some(_)) => Ordering::Greater,
        (Some(_), None) => Ordering::Less,
        (x, y) if x == y => a.metadata.name.cmp(&b.metadata.name),
        (x, y) => x.cmp(&y),
    }
}
