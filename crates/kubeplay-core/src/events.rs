//! Kubernetes `Event` objects (what `kubectl get events` lists), written through the store's write path.
//! Not to be confused with `SimEvent`, the simulator's own queue entries.

use crate::api::{Kind, ObjKey, Object};
use crate::cluster::{Cluster, Write};
use k8s_openapi::api::core::v1 as core;
use k8s_openapi::apimachinery::pkg::apis::meta::v1::{ObjectMeta, Time};

/// Bound on Event objects per namespace; the oldest are dropped first, as the apiserver's TTL would.
pub const MAX_EVENTS: usize = 2_000;

pub(crate) fn record(c: &mut Cluster, involved: &Object, type_: &str, reason: &str, message: &str, component: &str) {
    let ns = if involved.namespace().is_empty() { "default".to_string() } else { involved.namespace().to_string() };
    let now = Time(k8s_openapi::jiff::Timestamp::from_second(c.now.secs()).unwrap_or_default());
    let index_key = (ns.clone(), involved.uid().to_string(), reason.to_string(), message.to_string());
    let existing = c.event_index.get(&index_key).and_then(|k| c.store.get(k)).and_then(|o| match o {
        Object::Event(e) if e.involved_object.uid.as_deref() == Some(involved.uid()) && e.reason.as_deref() == Some(reason) && e.message.as_deref() == Some(message) => Some(e.clone()),
        _ => None,
    });
    let write = match existing {
        Some(mut e) => {
            e.count = Some(e.count.unwrap_or(1) + 1);
            e.last_timestamp = Some(now);
            Write::Update(Object::Event(e))
        }
        None => {
            trim(c, &ns);
            // client-go names events `<object>.<UnixNano in hex>`, so names sort by time per object.
            let mut nanos = c.now.ms().saturating_mul(1_000_000);
            while c.store.get(&ObjKey::new(Kind::Event, &ns, &format!("{}.{:x}", involved.name(), nanos))).is_some() {
                nanos += 1;
            }
            let name = format!("{}.{:x}", involved.name(), nanos);
            if c.event_index.len() >= 4 * MAX_EVENTS {
                // Forget entries whose Event was trimmed (the correlator's LRU does the same).
                let store = &c.store;
                c.event_index.retain(|_, k| store.get(k).is_some());
            }
            c.event_index.insert(index_key, ObjKey::new(Kind::Event, &ns, &name));
            Write::Create(Object::Event(Box::new(core::Event {
                metadata: ObjectMeta { name: Some(name), namespace: Some(ns), ..Default::default() },
                involved_object: reference(involved),
                reason: Some(reason.into()),
                message: Some(message.into()),
                type_: Some(type_.into()),
                count: Some(1),
                first_timestamp: Some(now.clone()),
                last_timestamp: Some(now),
                source: Some(core::EventSource { component: Some(component.into()), host: None }),
                reporting_component: Some(component.into()),
                reporting_instance: Some(String::new()),
                ..Default::default()
            })))
        }
    };
    let _ = c.write(write);
    c.trace.record(c.now.ms(), "event", &involved.key().to_string(), &format!("{type_} {reason}: {message}"));
}

fn trim(c: &mut Cluster, ns: &str) {
    if c.store.count(Kind::Event, ns) < MAX_EVENTS {
        return;
    }
    let events: Vec<ObjKey> = c.store.list(Kind::Event, Some(ns)).map(|o| o.key()).collect();
    if events.len() >= MAX_EVENTS {
        let mut by_time: Vec<(i64, ObjKey)> = events
            .into_iter()
            .map(|k| {
                let t = c.store.get(&k).and_then(|o| o.meta().creation_timestamp.clone()).map(|t| t.0.as_second()).unwrap_or(0);
                (t, k)
            })
            .collect();
        by_time.sort();
        for (_, k) in by_time.into_iter().take(MAX_EVENTS / 10) {
            let _ = c.remove(&k);
        }
    }
}

/// The ObjectReference an Event points at.
pub fn reference(o: &Object) -> core::ObjectReference {
    core::ObjectReference {
        api_version: Some(o.kind().api_version()),
        kind: Some(o.kind().info().name.into()),
        name: Some(o.name().into()),
        namespace: if o.namespace().is_empty() { None } else { Some(o.namespace().into()) },
        uid: Some(o.uid().into()),
        resource_version: o.meta().resource_version.clone(),
        field_path: None,
    }
}
