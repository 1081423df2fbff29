//! Kubernetes `Event` objects (what `kubectl get events` lists), written through the store's write path.
//! Not to be confused with `SimEvent`, the simulator's own queue entries.

use crate::api::{Kind, ObjKey, Object};
use crate::cluster::Cluster;
use k8s_openapi::api::core::v1 as core;
use k8s_openapi::apimachinery::pkg::apis::meta::v1::{ObjectMeta, Time};
use std::borrow::Cow;
use std::rc::{Rc, Weak};

/// Bound on Event objects in the cluster; past it the oldest are deleted before their hour is up.
pub const MAX_EVENTS: usize = 5_000;

/// The apiserver's `--event-ttl` default: an Event is deleted an hour after its last write.
pub const EVENT_TTL_SECS: i64 = 3_600;
/// etcd3's lease manager reuses one lease for writes within min(60 s, 5% of the TTL) and grants
/// it that much extra life (staging/src/k8s.io/apiserver/pkg/storage/etcd3/lease_manager.go).
const LEASE_REUSE_SECS: i64 = 60;

/// When Events expire: the etcd lease each write of an Event is attached to, and a queue of
/// (expiry, version written) in write order. The version is the stored object itself, held weakly:
/// a later write of the same Event (or its deletion) replaces it in the store, which drops it, so
/// a stale entry is known without a search of the store, and a live one names its Event without a
/// key copied for the queue. A version a reader still holds is checked against the store.
#[derive(Debug, Default)]
pub(crate) struct Expiry {
    lease_expires_ms: i64,
    queue: std::collections::VecDeque<(i64, Weak<Object>)>,
}

impl Expiry {
    /// `leaseManager.GetLease`: the current lease if it still covers now + TTL and is not too far
    /// beyond it, else a new one of TTL + reuse seconds.
    fn lease(&mut self, now_ms: i64) -> i64 {
        let ttl_ms = EVENT_TTL_SECS * 1000;
        let valid = now_ms + ttl_ms < self.lease_expires_ms;
        let sufficient = now_ms + ttl_ms + LEASE_REUSE_SECS * 1000 > self.lease_expires_ms;
        if !(valid && sufficient) {
            self.lease_expires_ms = now_ms + ttl_ms + LEASE_REUSE_SECS * 1000;
        }
        self.lease_expires_ms
    }

    /// Notes a write of the Event `stored` (as the store now holds it) at `now_ms` (called from
    /// the cluster's one write path).
    pub(crate) fn written(&mut self, now_ms: i64, stored: &Rc<Object>) {
        let at = self.lease(now_ms);
        self.queue.push_back((at, Rc::downgrade(stored)));
    }

    /// The oldest entry if it is due at `now_ms`, or any entry when `force` (the count bound).
    fn pop(&mut self, now_ms: i64, force: bool) -> Option<Weak<Object>> {
        if !force && self.queue.front().is_none_or(|(at, _)| *at > now_ms) {
            return None;
        }
        self.queue.pop_front().map(|(_, version)| version)
    }
}

/// Deletes the Events whose lease ran out by now, as etcd does; and, past [`MAX_EVENTS`], the
/// oldest ones early so a runaway workload cannot fill memory.
pub(crate) fn expire(c: &mut Cluster) {
    let now = c.now.ms();
    loop {
        let force = c.store.count_kind(Kind::Event) > MAX_EVENTS;
        let Some(written) = c.event_expiry.pop(now, force) else { return };
        // Gone from the store and from every reader: written again or deleted since.
        let Some(version) = written.upgrade() else { continue };
        if let Some((key, gone)) = c.store.remove_event_version(&version) {
            c.removed(&key, &gone);
        }
    }
}

/// The recorder's EventSource.Host: the kubelet's recorder carries its node's name; the
/// controllers' recorders carry none.
fn host_of(involved: &Object, component: &str) -> Option<String> {
    if component != "kubelet" {
        return None;
    }
    match involved {
        Object::Pod(p) => p.spec.as_ref().and_then(|s| s.node_name.clone()),
        Object::Node(_) => Some(involved.name().to_string()),
        _ => None,
    }
}

/// The scheduler's recorder: `<controller>-<hostname>`, its pod on kind-control-plane's network.
const SCHEDULER_INSTANCE: &str = "default-scheduler-kind-control-plane";

/// ReportingInstance: record.EventRecorder copies the source's host; the scheduler's events.k8s.io
/// recorder names itself `<controller>-<hostname>`, its pod running on the control plane's network.
fn reporting_instance(involved: &Object, component: &str) -> String {
    match component {
        "default-scheduler" => SCHEDULER_INSTANCE.to_string(),
        _ => host_of(involved, component).unwrap_or_default(),
    }
}

/// Records an Event about `involved`: an object the caller holds outside the cluster (an `Rc`
/// from the store, not a copy), which stays the caller's for more Events about it. Nothing is
/// copied from it unless a new Event is created, which takes a reference to it.
pub(crate) fn record(c: &mut Cluster, involved: &Object, type_: &str, reason: &str, message: &str, component: &str) {
    record_as(c, involved, api_version(involved.kind()), type_, reason, message, component);
}

/// [`record`] with the reference's apiVersion as the recorder was given it (empty: none, as in
/// the kubelet's nodeRef).
pub(crate) fn record_as(c: &mut Cluster, involved: &Object, api_version: Cow<'static, str>, type_: &str, reason: &str, message: &str, component: &str) {
    record_full(c, involved, api_version, "", type_, reason, message, component);
}

/// [`record`] about one part of the object: the kubelet's container references carry
/// `spec.containers{NAME}` (or `spec.initContainers{NAME}`) as their fieldPath.
pub(crate) fn record_field(c: &mut Cluster, involved: &Object, field_path: &str, type_: &str, reason: &str, message: &str, component: &str) {
    record_full(c, involved, api_version(involved.kind()), field_path, type_, reason, message, component);
}

#[allow(clippy::too_many_arguments)] // the EventRecorder's inputs, one for one
fn record_full(c: &mut Cluster, involved: &Object, api_version: Cow<'static, str>, field_path: &str, type_: &str, reason: &str, message: &str, component: &str) {
    let kind = involved.kind();
    // As `ObjKey::new` files it: a cluster-scoped object has no namespace, its Events go to `default`.
    let key_ns = if kind.namespaced() { involved.namespace() } else { "" };
    let ns = if key_ns.is_empty() { "default" } else { key_ns };
    let object = [kind.info().name, ns, involved.name(), involved.uid(), &api_version];
    let incoming = crate::correlator::Incoming { component, object, field_path, type_, reason, message };
    let seen = c.correlator.correlate(c.now.ms(), &incoming);
    let message = seen.combined.as_deref().unwrap_or(message);
    let about = (kind, key_ns, involved.name());
    if !seen.write {
        // The spam filter drops the write; the correlator's count still grew.
        c.trace.record_about(c.now.ms(), "event", about, &[type_, " ", reason, ": ", message, " (not written: spam filter)"]);
        expire(c);
        return;
    }
    let at = |secs: i64| Time(k8s_openapi::jiff::Timestamp::from_second(secs).unwrap_or_default());
    let now = at(c.now.secs());
    let stored = seen.existing.as_ref().filter(|(name, _, _)| matches!(c.store.lookup(Kind::Event, ns, name), Some(Object::Event(_))));
    match stored {
        Some((name, _, _)) => {
            // Counted up where it lies (`Cluster::update_event`), not on a copy sent as an update.
            let _ = c.update_event(ObjKey::new(Kind::Event, ns, name), seen.count, message, now);
        }
        None => {
            let event = core::Event {
                metadata: ObjectMeta { namespace: Some(ns.to_string()), ..Default::default() },
                involved_object: reference_as(involved, api_version.into_owned(), field_path),
                reason: Some(reason.into()),
                message: Some(message.to_string()),
                type_: Some(type_.into()),
                count: Some(seen.count),
                first_timestamp: Some(at(seen.first_secs)),
                last_timestamp: Some(now),
                source: Some(core::EventSource { component: Some(component.into()), host: host_of(involved, component) }),
                reporting_component: Some(component.into()),
                reporting_instance: Some(reporting_instance(involved, component)),
                ..Default::default()
            };
            // A repeat whose Event expired is created again under its old name with the count so
            // far (recordEvent falls back to Create; the name was just looked up and found free);
            // otherwise client-go names it `<object>.<UnixNano in hex>`, so names sort by time per
            // object.
            let names = match seen.existing {
                Some((name, _, _)) => Names::Given(Some(name)),
                None => Names::Generated { object: involved.name(), nanos: c.now.ms().saturating_mul(1_000_000) as u64 },
            };
            match c.create_event(ns, Object::Event(Box::new(event)), names) {
                Ok(stored) => c.correlator.created(seen.key, stored.name()),
                Err(Some(name)) => c.correlator.created(seen.key, &name),
                Err(None) => {}
            }
        }
    }
    c.trace.record_about(c.now.ms(), "event", about, &[type_, " ", reason, ": ", message]);
    expire(c);
}

/// The names a new Event may take, the first free one: the one it had before it expired, or
/// `<object>.<UnixNano in hex>` moved on by a nanosecond while taken.
enum Names<'a> {
    Given(Option<String>),
    Generated { object: &'a str, nanos: u64 },
}

impl Iterator for Names<'_> {
    type Item = String;

    fn next(&mut self) -> Option<String> {
        match self {
            Names::Given(name) => name.take(),
            Names::Generated { object, nanos } => {
                let name = hex_name(object, *nanos);
                *nanos = nanos.wrapping_add(1);
                Some(name)
            }
        }
    }
}

/// `format!("{object}.{nanos:x}")` (an i64's `{:x}` is its bits' as a u64), written by hand: every
/// Event is named so, and the formatting machinery cost more than the rest of the name.
fn hex_name(object: &str, nanos: u64) -> String {
    let mut digits = [0u8; 16];
    let mut i = digits.len();
    let mut n = nanos;
    loop {
        i -= 1;
        digits[i] = b"0123456789abcdef"[(n & 0xf) as usize];
        n >>= 4;
        if n == 0 {
            break;
        }
    }
    let mut name = String::with_capacity(object.len() + 1 + digits.len() - i);
    name.push_str(object);
    name.push('.');
    // The digits as one piece (pushing them a char at a time cost more than the rest).
    name.push_str(std::str::from_utf8(&digits[i..]).unwrap_or_default());
    name
}

/// The ObjectReference an Event points at.
pub fn reference(o: &Object) -> core::ObjectReference {
    reference_as(o, o.kind().api_version(), "")
}

/// The apiVersion of `kind`, borrowed when it is the version alone (the core group's: pods, most
/// Events' objects), so that only a new Event's reference copies it.
fn api_version(kind: Kind) -> Cow<'static, str> {
    let info = kind.info();
    if info.group.is_empty() { Cow::Borrowed(info.version) } else { Cow::Owned(kind.api_version()) }
}

/// [`reference`] with the object's apiVersion already spelled.
fn reference_as(o: &Object, api_version: String, field_path: &str) -> core::ObjectReference {
    core::ObjectReference {
        api_version: (!api_version.is_empty()).then_some(api_version),
        kind: Some(o.kind().info().name.into()),
        name: Some(o.name().into()),
        namespace: if o.namespace().is_empty() { None } else { Some(o.namespace().into()) },
        // A reference built from a name alone (an object already gone) has no uid.
        uid: (!o.uid().is_empty()).then(|| o.uid().into()),
        resource_version: o.meta().resource_version.clone(),
        field_path: (!field_path.is_empty()).then(|| field_path.to_string()),
    }
}

#[cfg(test)]
mod tests {
    #[test]
    fn hex_names_are_formatted_names() {
        for n in [0i64, 1, 15, 16, 0x1816_6f0b_27be_2100, i64::MAX, -1, i64::MIN] {
            assert_eq!(super::hex_name("pod-a", n as u64), format!("pod-a.{n:x}"));
        }
    }
}
