//! Indexed Jobs (pkg/controller/job/indexed_job_utils.go, success_policy.go): completion indexes
//! as ordered intervals (`0-2,4`), the lowest pending indexes, failed indexes with
//! backoffLimitPerIndex, and successPolicy rules.

use super::policy;
use super::pods::{has_tracking_finalizer, is_pod_failed};
use k8s_openapi::api::batch::v1 as batch;
use k8s_openapi::api::core::v1 as core;
use std::collections::BTreeSet;

pub const COMPLETION_INDEX: &str = "batch.kubernetes.io/job-completion-index";
pub const INDEX_FAILURE_COUNT: &str = "batch.kubernetes.io/job-index-failure-count";
pub const INDEX_IGNORED_FAILURE_COUNT: &str = "batch.kubernetes.io/job-index-ignored-failure-count";
pub const COMPLETION_INDEX_ENV: &str = "JOB_COMPLETION_INDEX";
/// names.MaxGeneratedNameLength: a generated name is at most 63 characters, 5 of them random.
const MAX_GENERATED_NAME_LENGTH: usize = 58;

pub fn is_indexed(job: &batch::Job) -> bool {
    job.spec.as_ref().and_then(|s| s.completion_mode.as_deref()) == Some("Indexed")
}

pub fn has_backoff_limit_per_index(job: &batch::Job) -> bool {
    job.spec.as_ref().is_some_and(|s| s.backoff_limit_per_index.is_some())
}

/// getCompletionIndex: the annotation as a non-negative integer, else None (unknownCompletionIndex).
pub fn completion_index(p: &core::Pod) -> Option<usize> {
    let v = p.metadata.annotations.as_ref()?.get(COMPLETION_INDEX)?;
    let i: i64 = v.parse().ok()?;
    usize::try_from(i).ok()
}

/// One inclusive run of indexes.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Interval {
    pub first: usize,
    pub last: usize,
}

/// orderedIntervals: sorted, non-overlapping, non-adjacent runs.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Intervals(pub Vec<Interval>);

impl Intervals {
    /// parseIndexesFromString: corrupt pieces are skipped, indexes at or past `completions` dropped.
    pub fn parse(s: &str, completions: usize) -> Intervals {
        let mut out: Vec<Interval> = Vec::new();
        if s.is_empty() {
            return Intervals(out);
        }
        for piece in s.split(',') {
            let mut limits = piece.split('-');
            let Some(first) = limits.next().and_then(|f| f.parse::<usize>().ok()) else { continue };
            if first >= completions {
                break;
            }
            let last = match limits.next() {
                Some(l) => match l.parse::<usize>() {
                    Ok(l) => l.min(completions.saturating_sub(1)),
                    Err(_) => continue,
                },
                None => first,
            };
            if last < first {
                // Upstream would keep a reversed interval; validation rejects one in a spec, and
                // kubeplay skips it rather than count a negative run.
                continue;
            }
            match out.last_mut() {
                Some(prev) if prev.last + 1 == first => prev.last = last,
                _ => out.push(Interval { first, last }),
            }
        }
        Intervals(out)
    }

    /// merge: the union of two interval lists.
    pub fn merge(&self, other: &Intervals) -> Intervals {
        let mut all: Vec<Interval> = self.0.iter().chain(other.0.iter()).copied().collect();
        all.sort_by_key(|i| i.first);
        let mut out: Vec<Interval> = Vec::new();
        for iv in all {
            match out.last_mut() {
                Some(last) if iv.first <= last.last + 1 => last.last = last.last.max(iv.last),
                _ => out.push(iv),
            }
        }
        Intervals(out)
    }

    /// withOrderedIndexes.
    pub fn with_indexes(&self, indexes: impl IntoIterator<Item = usize>) -> Intervals {
        self.merge(&Intervals(indexes.into_iter().map(|i| Interval { first: i, last: i }).collect()))
    }

    pub fn total(&self) -> usize {
        self.0.iter().map(|i| i.last - i.first + 1).sum()
    }

    pub fn has(&self, ix: usize) -> bool {
        self.0.iter().any(|i| i.first <= ix && ix <= i.last)
    }

}

/// orderedIntervals.String(): runs of three or more as `a-b`, two as `a,b`.
impl std::fmt::Display for Intervals {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        for (n, iv) in self.0.iter().enumerate() {
            if n > 0 {
                f.write_str(",")?;
            }
            write!(f, "{}", iv.first)?;
            if iv.last > iv.first {
                write!(f, "{}{}", if iv.last == iv.first + 1 { ',' } else { '-' }, iv.last)?;
            }
        }
        Ok(())
    }
}

/// calculateSucceededIndexes: (indexes in status.completedIndexes, those plus the indexes of
/// succeeded pods not yet counted).
pub fn succeeded_indexes(job: &batch::Job, pods: &[&core::Pod], completions: usize) -> (Intervals, Intervals) {
    let prev = Intervals::parse(job.status.as_ref().and_then(|s| s.completed_indexes.as_deref()).unwrap_or(""), completions);
    let new: BTreeSet<usize> = pods
        .iter()
        .filter(|p| phase(p) == Some("Succeeded") && has_tracking_finalizer(p))
        .filter_map(|p| completion_index(p))
        .filter(|ix| *ix < completions)
        .collect();
    let all = prev.with_indexes(new);
    (prev, all)
}

/// calculateFailedIndexes: status.failedIndexes plus indexes whose uncounted failed pod used up
/// backoffLimitPerIndex (or matched a FailIndex rule).
pub fn failed_indexes(job: &batch::Job, pods: &[&core::Pod], completions: usize) -> Intervals {
    let prev = Intervals::parse(job.status.as_ref().and_then(|s| s.failed_indexes.as_deref()).unwrap_or(""), completions);
    let new: BTreeSet<usize> = pods
        .iter()
        .filter(|p| has_tracking_finalizer(p) && is_index_failed(job, p))
        .filter_map(|p| completion_index(p))
        .filter(|ix| *ix < completions)
        .collect();
    prev.with_indexes(new)
}

fn is_index_failed(job: &batch::Job, p: &core::Pod) -> bool {
    if !is_pod_failed(p, job) {
        return false;
    }
    let counted = match job.spec.as_ref().and_then(|s| s.pod_failure_policy.as_ref()) {
        Some(pfp) => {
            let m = policy::match_pod_failure_policy(pfp, p);
            if m.action == Some(policy::Action::FailIndex) {
                return true;
            }
            m.count_failed
        }
        None => true,
    };
    let limit = job.spec.as_ref().and_then(|s| s.backoff_limit_per_index).unwrap_or(0);
    counted && annotation_count(p, INDEX_FAILURE_COUNT) >= limit
}

/// parseIndexFailureCountAnnotation (0 when missing or invalid).
pub fn annotation_count(p: &core::Pod, name: &str) -> i32 {
    p.metadata.annotations.as_ref().and_then(|a| a.get(name)).and_then(|v| v.parse::<i64>().ok()).filter(|v| (0..=i64::from(i32::MAX)).contains(v)).map_or(0, |v| v as i32)
}

/// getIndexAbsoluteFailureCount: counted plus ignored failures of the index so far.
pub fn absolute_failure_count(p: &core::Pod) -> i32 {
    annotation_count(p, INDEX_FAILURE_COUNT).saturating_add(annotation_count(p, INDEX_IGNORED_FAILURE_COUNT))
}

/// getNewIndexFailureCounts: the (failure, ignored failure) counts of the pod replacing `replaced`.
pub fn new_index_failure_counts(job: &batch::Job, replaced: Option<&core::Pod>) -> (i32, i32) {
    let Some(p) = replaced else { return (0, 0) };
    let (mut failed, mut ignored) = (annotation_count(p, INDEX_FAILURE_COUNT), annotation_count(p, INDEX_IGNORED_FAILURE_COUNT));
    let counted = job.spec.as_ref().and_then(|s| s.pod_failure_policy.as_ref()).is_none_or(|pfp| policy::match_pod_failure_policy(pfp, p).count_failed);
    if counted {
        failed = failed.saturating_add(1);
    } else {
        ignored = ignored.saturating_add(1);
    }
    (failed, ignored)
}

/// firstPendingIndexes: up to `count` indexes below `completions` that no active pod, succeeded
/// index or failed index covers (nor a terminating pod, when only failed pods are replaced).
pub fn first_pending(count: usize, completions: usize, succeeded: &Intervals, failed: Option<&Intervals>, active: &[&core::Pod], terminating: &[&core::Pod]) -> Vec<usize> {
    let mut non_pending = succeeded.with_indexes(active.iter().filter_map(|p| completion_index(p)));
    non_pending = non_pending.with_indexes(terminating.iter().filter_map(|p| completion_index(p)));
    if let Some(f) = failed {
        non_pending = non_pending.merge(f);
    }
    let mut out = Vec::new();
    let mut candidate = 0;
    for iv in &non_pending.0 {
        while candidate < completions && out.len() < count && candidate < iv.first {
            out.push(candidate);
            candidate += 1;
        }
        candidate = candidate.max(iv.last + 1);
    }
    while candidate < completions && out.len() < count {
        out.push(candidate);
        candidate += 1;
    }
    out
}

/// podGenerateNameWithIndex: `<job>-<index>-`, the job name cut so the whole stays generatable.
pub fn generate_name(job: &str, index: usize) -> String {
    let suffix = format!("-{index}-");
    let prefix = format!("{job}{suffix}");
    if prefix.len() <= MAX_GENERATED_NAME_LENGTH {
        return prefix;
    }
    let keep = MAX_GENERATED_NAME_LENGTH.saturating_sub(suffix.len());
    let cut: String = job.chars().take(keep).collect();
    format!("{cut}{suffix}")
}

/// matchSuccessPolicy: the message `Matched rules at index N` of the first rule met.
pub fn match_success_policy(sp: Option<&batch::SuccessPolicy>, completions: usize, succeeded: &Intervals) -> Option<String> {
    let sp = sp?;
    if succeeded.0.is_empty() {
        return None;
    }
    for (i, rule) in sp.rules.iter().enumerate() {
        if let Some(s) = &rule.succeeded_indexes {
            let required = Intervals::parse(s, completions);
            if required.0.is_empty() {
                continue;
            }
            let contained: usize = required.0.iter().flat_map(|r| succeeded.0.iter().map(move |s| (r.last.min(s.last) + 1).saturating_sub(r.first.max(s.first)))).sum();
            let count_met = rule.succeeded_count.is_some_and(|c| contained >= usize::try_from(c).unwrap_or(usize::MAX));
            if contained == required.total() || count_met {
                return Some(format!("Matched rules at index {i}"));
            }
        } else if let Some(c) = rule.succeeded_count {
            if succeeded.total() >= usize::try_from(c).unwrap_or(usize::MAX) {
                return Some(format!("Matched rules at index {i}"));
            }
        }
    }
    None
}

fn phase(p: &core::Pod) -> Option<&str> {
    p.status.as_ref().and_then(|s| s.phase.as_deref())
}
