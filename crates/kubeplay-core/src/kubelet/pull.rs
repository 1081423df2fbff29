//! The kubelet's image manager for one container about to start (pkg/kubelet/images,
//! EnsureImageExists): the reference check (InvalidImageName), the pull policy against what the
//! node holds (ErrImageNeverPull, "already present"), the per-image pull backoff
//! (ImagePullBackOff) and the pull, which fails (ErrImagePull) when the catalogue knows the
//! registry has no such tag.
//!
//! A failed attempt leaves the container waiting with the error as its reason, and the pod worker
//! syncs the pod again after its error backoff (10 s; the kubelet adds up to 50 % jitter, which
//! kubeplay leaves out). The image backoff is the same flowcontrol.Backoff as crash loops:
//! 10 s doubling to 300 s, checked against the time of the last failed pull.

use super::lifecycle::{container_event, ctr, BACKOFF_INITIAL_MS, BACKOFF_MAX_MS, RESYNC_MS};
use super::runtime::{CState, ImageBackoff, PodRuntime};
use super::images;
use crate::clock::SimTime;
use crate::cluster::Cluster;

/// What the image manager said about a container's image.
pub(crate) enum Pull {
    /// On the node: the container can be created.
    Ready,
    /// A pull is under way, or the attempt failed and the container waits for the next sync.
    NotYet,
}

/// EnsureImageExists for container `i`. Events are the kubelet's, in its order; their texts
/// come from the image's facts, worked out once per reference.
pub(crate) fn ensure(c: &mut Cluster, rt: &mut PodRuntime, init: bool, i: usize) -> Pull {
    let now = c.now;
    let k = ctr(rt, init, i);
    if let Some(done) = k.pull_done_at {
        if done > now {
            return Pull::NotYet;
        }
        k.pull_done_at = None;
        return finish_pull(c, rt, init, i);
    }
    let spec = k.spec.clone();
    let key = rt.key.clone();
    let image = spec.image.clone().unwrap_or_default();
    let facts = c.kubelet.image_facts(&image);
    let q = &facts.quoted;
    if let Some(e) = &facts.invalid {
        let msg = format!("Failed to apply default image tag {q}: {e}");
        container_event(c, &key, init, &spec.name, "Warning", "InspectFailed", &msg);
        let why = format!("the image reference {q} does not parse ({e}); fix the image in the pod spec");
        return fail(c, rt, init, i, "InvalidImageName", msg, why);
    }
    // The apiserver always defaults the policy; a pod without one is not something it stores.
    let policy = spec.image_pull_policy.as_deref().unwrap_or("IfNotPresent");
    let present = c.kubelet.has_image(&rt.node, &facts.canonical);
    if policy == "Never" && !present {
        let msg = format!("Container image {q} is not present with pull policy of Never");
        container_event(c, &key, init, &spec.name, "Warning", "ErrImageNeverPull", &msg);
        let why = format!("imagePullPolicy is Never and node {} has not pulled {q}; only a pod with another pull policy on this node would bring it", rt.node);
        return fail(c, rt, init, i, "ErrImageNeverPull", msg, why);
    }
    if policy != "Always" && present {
        container_event(c, &key, init, &spec.name, "Normal", "Pulled", &format!("Container image {q} already present on machine"));
        return Pull::Ready;
    }
    if let Some(b) = rt.image_backoff.get(&image).filter(|b| in_backoff_since_update(b, now)) {
        let msg = format!("Back-off pulling image {q}");
        let status = format!("{msg}: {}", b.last_error);
        let until = b.last_update.plus_ms(b.period_ms);
        container_event(c, &key, init, &spec.name, "Normal", "BackOff", &msg);
        let period = crate::kubectl::humanize::go_duration_ms(b.period_ms);
        let why = format!("the last pull of {q} failed; the image backoff ({period}) lets the kubelet pull again at its first sync at or after {}", until.rfc3339());
        return fail(c, rt, init, i, "ImagePullBackOff", status, why);
    }
    container_event(c, &key, init, &spec.name, "Normal", "Pulling", &super::setup::cat(&["Pulling image ", q]));
    let takes = if facts.pull_error.is_some() { images::REGISTRY_RTT_MS } else { facts.pull_ms };
    ctr(rt, init, i).pull_done_at = Some(now.plus_ms(takes));
    Pull::NotYet
}

/// The pull's outcome once its time has passed.
fn finish_pull(c: &mut Cluster, rt: &mut PodRuntime, init: bool, i: usize) -> Pull {
    let now = c.now;
    let key = rt.key.clone();
    let image = ctr(rt, init, i).spec.image.clone().unwrap_or_default();
    let name = ctr(rt, init, i).name().to_string();
    let facts = c.kubelet.image_facts(&image);
    let q = &facts.quoted;
    if let Some(err) = &facts.pull_error {
        container_event(c, &key, init, &name, "Warning", "Failed", &format!("Failed to pull image {q}: {err}"));
        next(rt, &image, now, format!("ErrImagePull: {err}"));
        let tags = images::lookup(&image).and_then(|i| i.tags).unwrap_or_default().join(", ");
        let why = format!("the registry has no {q}: {} has only the tags {tags}; fix the image in the pod spec", images::repository(&image));
        return fail(c, rt, init, i, "ErrImagePull", err.clone(), why);
    }
    container_event(c, &key, init, &name, "Normal", "Pulled", &facts.pulled);
    if !c.kubelet.has_image(&rt.node, &facts.canonical) {
        c.kubelet.images.entry(rt.node.clone()).or_default().insert(facts.canonical.clone());
    }
    Pull::Ready
}

/// startContainer's answer to a failed EnsureImageExists: the `Error: <reason>` event, the waiting
/// reason with the image manager's message, and a retry at the next sync.
fn fail(c: &mut Cluster, rt: &mut PodRuntime, init: bool, i: usize, reason: &str, message: String, why: String) -> Pull {
    let now = c.now;
    let key = rt.key.clone();
    let k = ctr(rt, init, i);
    let name = k.name().to_string();
    k.state = CState::Waiting { reason: reason.into(), message: Some(message) };
    k.restart_at = Some(now.plus_ms(RESYNC_MS));
    container_event(c, &key, init, &name, "Warning", "Failed", &format!("Error: {reason}"));
    c.explain(&key, &super::lifecycle::explain_source(&name), &[format!("kubelet: container {name} is {reason}: {why}")]);
    Pull::NotYet
}

/// hasExpired: an entry untouched for twice the maximum starts over.
fn expired(event_time: SimTime, last_update: SimTime) -> bool {
    event_time.ms() - last_update.ms() > 2 * BACKOFF_MAX_MS
}

/// IsInBackOffSinceUpdate(key, now).
fn in_backoff_since_update(b: &ImageBackoff, now: SimTime) -> bool {
    !expired(now, b.last_update) && now.ms() - b.last_update.ms() < b.period_ms
}

/// Backoff.Next(key, now), keeping the failed pull's error for the ImagePullBackOff message.
fn next(rt: &mut PodRuntime, image: &str, now: SimTime, last_error: String) {
    let period_ms = match rt.image_backoff.get(image) {
        Some(b) if !expired(now, b.last_update) => (b.period_ms * 2).min(BACKOFF_MAX_MS),
        _ => BACKOFF_INITIAL_MS,
    };
    rt.image_backoff.insert(image.to_string(), ImageBackoff { period_ms, last_update: now, last_error });
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The image backoff against a sync every RESYNC_MS after each failure: pulls at 0, 10 s, 30 s,
    /// 70 s, 150 s, 310 s, then every 300 s; ImagePullBackOff at the syncs in between.
    #[test]
    fn pulls_follow_the_doubling_backoff() {
        let mut b: Option<ImageBackoff> = None;
        let mut pulls = Vec::new();
        let mut t = 0;
        while t <= 1_000_000 {
            let now = SimTime(t);
            if !b.as_ref().is_some_and(|b| in_backoff_since_update(b, now)) {
                pulls.push(t / 1000);
                let period_ms = match &b {
                    Some(b) if !expired(now, b.last_update) => (b.period_ms * 2).min(BACKOFF_MAX_MS),
                    _ => BACKOFF_INITIAL_MS,
                };
                b = Some(ImageBackoff { period_ms, last_update: now, last_error: String::new() });
            }
            t += RESYNC_MS;
        }
        assert_eq!(pulls, vec![0, 10, 30, 70, 150, 310, 610, 910]);
    }

    #[test]
    fn an_entry_untouched_for_ten_minutes_starts_over() {
        let b = ImageBackoff { period_ms: BACKOFF_MAX_MS, last_update: SimTime(0), last_error: String::new() };
        assert!(in_backoff_since_update(&b, SimTime(299_999)));
        assert!(!in_backoff_since_update(&b, SimTime(300_000)));
        assert!(!expired(SimTime(600_000), SimTime(0)) && expired(SimTime(600_001), SimTime(0)));
    }
}
