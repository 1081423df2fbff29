//! The cluster state and its one write path: every change to the store (from kubectl, controllers or
//! the kubelet) goes through `Cluster::write`, which defaults, validates, stamps metadata, records the
//! trace line and wakes the controllers that watch the object.

use crate::api::defaults::apply_defaults;
use crate::api::errors::ApiError;
use crate::api::validate::{validate_create, validate_metadata, validate_update};
use crate::api::{Kind, ObjKey, Object, Status};
use crate::clock::{EventQueue, SimTime};
use crate::controllers::{self, Change, SimEvent};
use crate::rng::Prng;
use crate::store::{Edit, Store};
use crate::trace::Trace;
use std::rc::Rc;
use k8s_openapi::apimachinery::pkg::apis::meta::v1::Time;

/// Bound on objects in the store, so a runaway loop or a giant apply reports itself instead of eating memory.
pub const MAX_OBJECTS: usize = 50_000;

/// A change requested of the apiserver.
#[derive(Debug, Clone)]
pub enum Write {
    Create(Object),
    /// Replaces spec and metadata of an existing object (status is kept).
    Update(Object),
    /// Replaces only the status (the status subresource): the writer sends the new status alone,
    /// so it copies nothing it does not change, and the apiserver copies the stored metadata and
    /// spec once, only when the status differs.
    UpdateStatus { key: ObjKey, status: Status },
    /// POST pods/NAME/binding: one write sets spec.nodeName and the PodScheduled condition
    /// (pkg/registry/core/pod/storage/storage.go `setPodHostAndAnnotations`).
    Bind { pod: ObjKey, node: String },
    /// An update that only removes `finalizer` from the stored object (the Job controller's
    /// tracking finalizer on a finished pod): what an `Update` of the stored object without it
    /// does, written where it lies instead of on a copy sent in and compared field by field.
    RemoveFinalizer { key: ObjKey, finalizer: &'static str },
    Delete(DeleteRequest),
}

/// How dependents are treated when their owner is deleted (`--cascade`).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Propagation {
    Background,
    Foreground,
    Orphan,
}

#[derive(Debug, Clone)]
pub struct DeleteRequest {
    pub key: ObjKey,
    /// `--grace-period`; `None` uses the object's own (pods: terminationGracePeriodSeconds).
    pub grace_seconds: Option<i64>,
    pub propagation: Propagation,
}

impl DeleteRequest {
    pub fn new(key: ObjKey) -> Self {
        DeleteRequest { key, grace_seconds: None, propagation: Propagation::Background }
    }
}

/// What a write left behind: the stored object's key, or the object a delete removed.
enum Outcome {
    Stored(ObjKey),
    Removed(Rc<Object>),
}

pub struct Cluster {
    pub store: Store,
    pub now: SimTime,
    pub start: SimTime,
    pub rng: Prng,
    pub trace: Trace,
    pub(crate) queue: EventQueue<SimEvent>,
    next_service_ip: u32,
    /// The latest reasons each controller gave for not acting, per object (`kubeplay why`).
    pub explanations: std::collections::BTreeMap<ObjKey, std::collections::BTreeMap<String, Vec<String>>>,
    /// client-go's EventCorrelator: aggregation, repeat counts and the spam filter of the recorders.
    pub(crate) correlator: crate::correlator::Correlator,
    /// When each Event's etcd lease runs out (the apiserver's one-hour event TTL).
    pub(crate) event_expiry: crate::events::Expiry,
    /// The kubelets' private state: processes, container filesystems, volumes, logs.
    pub(crate) kubelet: crate::kubelet::Runtime,
    /// An open client watch (`kubectl get --watch`) and the writes it has seen.
    pub(crate) watch: Option<WatchTap>,
    /// The taint eviction controller's timed work queue: each pod's scheduled deletion (its
    /// tolerationSeconds count from when it was queued) or fired one.
    pub(crate) taint_evictions: std::collections::BTreeMap<ObjKey, crate::controllers::taint_eviction::Work>,
    /// Each Lease's renewal clock (`leases.rs`): renewals are written when a command reads leases.
    pub(crate) lease_clocks: std::collections::BTreeMap<ObjKey, crate::leases::LeaseClock>,
}

/// What a watch on one kind receives: every write to an object of that kind, as the watch event
/// a real watch delivers, with the object as it was written and when.
pub(crate) struct WatchTap {
    pub kind: Kind,
    pub events: Vec<WatchEvent>,
}

pub(crate) struct WatchEvent {
    /// `ADDED`, `MODIFIED` or `DELETED`.
    pub kind: &'static str,
    pub object: Rc<Object>,
    pub at: SimTime,
}

/// Mixed into the seed for the boot's own random stream.
const BOOT_STREAM: u64 = 0x6b69_6e64_626f_6f74;

impl Cluster {
    /// A cluster whose objects all exist at `start`: the namespaces, the apiserver's objects and
    /// the three nodes, with no pods (for tests of one part; a [`crate::Simulation`] boots the whole
    /// cluster instead, see [`Self::booting`]).
    pub fn new(seed: u64, start: SimTime) -> Self {
        let mut c = Self::empty(seed, start);
        crate::bootstrap::install(&mut c);
        c
    }

    /// A cluster at the moment kind made its control plane, `bootstrap::BOOT_MS` before `start`
    /// (see `Simulation::new`), and the stream the user's names come from, parked. The base
    /// objects draw from that stream as they always did; the rest of the boot draws from a stream
    /// of its own, so the user's objects are named as if there had been no boot.
    pub(crate) fn booting(seed: u64, start: SimTime) -> (Self, Prng) {
        let mut c = Self::empty(seed, start.plus_ms(-crate::bootstrap::BOOT_MS));
        crate::bootstrap::install_base(&mut c);
        let user = std::mem::replace(&mut c.rng, Prng::new(seed ^ BOOT_STREAM));
        crate::bootstrap::boot_control_plane(&mut c);
        (c, user)
    }

    /// The boot is over: the user's stream of names and the trace begin.
    pub(crate) fn booted(&mut self, user: Prng) {
        self.rng = user;
        self.start = self.now;
        self.trace = Trace::new(self.now.ms());
    }

    fn empty(seed: u64, start: SimTime) -> Self {
        Cluster {
            store: Store::default(),
            now: start,
            start,
            rng: Prng::new(seed),
            trace: Trace::new(start.ms()),
            queue: EventQueue::default(),
            next_service_ip: 0,
            explanations: Default::default(),
            correlator: Default::default(),
            event_expiry: Default::default(),
            kubelet: Default::default(),
            watch: None,
            taint_evictions: Default::default(),
            lease_clocks: Default::default(),
        }
    }

    pub fn get(&self, key: &ObjKey) -> Option<&Object> {
        self.store.get(key)
    }

    fn timestamp(&self) -> Time {
        Time(k8s_openapi::jiff::Timestamp::from_second(self.now.secs()).unwrap_or_default())
    }

    /// The one write path; hands back the object as stored (or as removed, for a delete).
    pub fn write(&mut self, w: Write) -> Result<Object, ApiError> {
        self.write_shared(w).map(|obj| Rc::try_unwrap(obj).unwrap_or_else(|shared| (*shared).clone()))
    }

    /// [`Self::write`] handing back the stored object itself (no copy) for a reader that only looks.
    pub fn write_shared(&mut self, w: Write) -> Result<Rc<Object>, ApiError> {
        match self.perform(w)? {
            Outcome::Stored(key) => self.store.get_shared(&key).ok_or_else(|| ApiError::not_found(key.kind, &key.name)),
            Outcome::Removed(obj) => Ok(obj),
        }
    }

    /// The one write path for writers that need no copy of the result (controllers, the kubelet,
    /// the event recorder): the key of the object written.
    pub(crate) fn submit(&mut self, w: Write) -> Result<ObjKey, ApiError> {
        match self.perform(w)? {
            Outcome::Stored(key) => Ok(key),
            Outcome::Removed(obj) => Ok(obj.key()),
        }
    }

    fn perform(&mut self, w: Write) -> Result<Outcome, ApiError> {
        match w {
            Write::Create(obj) => self.create(obj).map(Outcome::Stored),
            Write::Update(obj) => self.update(obj),
            Write::UpdateStatus { key, status } => self.update_status(key, status),
            Write::Bind { pod, node } => self.bind(pod, &node),
            Write::RemoveFinalizer { key, finalizer } => self.remove_finalizer(key, finalizer),
            Write::Delete(req) => self.delete(req),
        }
    }

    /// The binding subresource: refused for a pod being deleted or already on a node, in the
    /// registry's words (only the scheduler binds here, and only unbound pods, so no user sees
    /// them); otherwise the pod gets its node and PodScheduled=True in one write.
    fn bind(&mut self, key: ObjKey, node: &str) -> Result<Outcome, ApiError> {
        let Some(old) = self.store.get_shared(&key) else {
            return Err(ApiError::not_found(key.kind, &key.name));
        };
        let Object::Pod(pod) = &*old else { return Err(ApiError::not_found(key.kind, &key.name)) };
        if pod.metadata.deletion_timestamp.is_some() {
            return Err(ApiError::Conflict(format!("pod {} is being deleted, cannot be assigned to a host", key.name)));
        }
        let current = pod.spec.as_ref().and_then(|s| s.node_name.as_deref()).unwrap_or_default();
        if !current.is_empty() {
            return Err(ApiError::Conflict(format!("pod {} is already assigned to node {current:?}", key.name)));
        }
        let mut bound = pod.clone();
        bound.spec.get_or_insert_with(Default::default).node_name = Some(node.to_string());
        crate::kubelet::status::set_condition(bound.status.get_or_insert_with(Default::default), "PodScheduled", "True", None, None, self.now);
        bound.metadata.resource_version = Some(self.store.next_resource_version());
        let key = self.commit("update", key, Object::Pod(bound), Change::Updated { old: &old });
        drop(old);
        Ok(Outcome::Stored(key))
    }

    fn create(&mut self, obj: Object) -> Result<ObjKey, ApiError> {
        let (key, mut obj) = self.admit_create(obj)?;
        let rv = self.store.next_resource_version();
        obj.meta_mut().resource_version = Some(rv);
        Ok(self.commit("create", key, obj, Change::Added))
    }

    /// The event recorder's create of `event` in `namespace`, under the first of `names` free
    /// there: what `create` does to it, less what such an Event has no use for, with its name
    /// looked up and taken in one search (`Store::put_new_event`). No defaults or admission apply
    /// to Events, the name is never taken from generateName, and the recorder sets no labels or
    /// annotations, so `validate_create` would read the name alone. The stored Event, or else the
    /// name it would have had (`None`: none of `names` is free).
    pub(crate) fn create_event(&mut self, namespace: &str, mut event: Object, mut names: impl Iterator<Item = String>) -> Result<Rc<Object>, Option<String>> {
        if self.check_namespace(&event).is_err() || self.store.len() >= MAX_OBJECTS {
            return Err(names.find(|name| self.store.lookup(Kind::Event, namespace, name).is_none()));
        }
        let uid = self.rng.uuid();
        let created = self.timestamp();
        let stored = self.store.put_new_event(namespace, names, |name| {
            if !crate::api::names::dns1123_subdomain(name).is_empty() {
                return None;
            }
            let meta = event.meta_mut();
            meta.name = Some(name.to_string());
            meta.uid = Some(uid);
            meta.creation_timestamp = Some(created);
            Some(event)
        })?;
        let rv = stored.meta().resource_version.as_deref().unwrap_or_default();
        self.trace.record_about(self.now.ms(), "create", (Kind::Event, namespace, stored.name()), &["rv=", rv]);
        self.notify(Kind::Event, &stored, Change::Added);
        Ok(stored)
    }

    /// The event recorder's count-up of the repeated Event at `key`: what an `update` of the stored
    /// Event with this `count`, `message` and `last` timestamp does, written where it lies instead
    /// of on a copy compared field by field. No defaults or admission apply to Events and their
    /// validation reads only the metadata, which stays; nothing is written when nothing differs.
    /// No controller or kubelet watches Events, so no watcher needs the old version; and the
    /// expiry queue's hold on it is weak, so `Rc::make_mut` moves the Event to a new allocation
    /// as `put` would, and that queue's entry for the old version goes stale as it did.
    pub(crate) fn update_event(&mut self, key: ObjKey, count: i32, message: &str, last: Time) -> Result<(), ApiError> {
        debug_assert!(!controllers::watched(Kind::Event) && !crate::kubelet::watches(Kind::Event));
        let Some(old) = self.store.get(&key) else {
            return Err(ApiError::not_found(key.kind, &key.name));
        };
        let Object::Event(e) = old else { return Err(ApiError::not_found(key.kind, &key.name)) };
        let errs = validate_metadata(old);
        if !errs.is_empty() {
            return Err(ApiError::Invalid { kind: key.kind, name: key.name.clone(), causes: errs });
        }
        if e.count == Some(count) && e.message.as_deref() == Some(message) && e.last_timestamp.as_ref() == Some(&last) {
            return Ok(());
        }
        // The change is not read for an Event (nothing watches the kind); only metadata aside, it
        // is the body that changed.
        self.write_in_place("update", key, Change::MetadataUpdated, |o| {
            if let Object::Event(e) = o {
                e.count = Some(count);
                if e.message.as_deref() != Some(message) {
                    e.message = Some(message.to_string());
                }
                e.last_timestamp = Some(last);
            }
        })
        .map(drop)
    }

    /// A create as `--dry-run=server` sends it: defaulted, admitted and validated, with its uid,
    /// generated name and creation time, and no resourceVersion; nothing is stored, and the
    /// random stream and address allocator are left as they were, so a dry run changes nothing
    /// that follows.
    pub fn dry_run_create(&mut self, obj: Object) -> Result<Object, ApiError> {
        let (rng, next_ip) = (self.rng.clone(), self.next_service_ip);
        // Its own stream, so its uid and generated name are not the ones the next real create
        // will draw.
        self.rng = Prng::new(self.rng.clone().next_u64() ^ 0x6472_792d_7275_6e00);
        let result = self.admit_create(obj).map(|(_, o)| o);
        (self.rng, self.next_service_ip) = (rng, next_ip);
        result
    }

    /// Everything a create does before the object is stored: the object as it would be stored,
    /// but for its resourceVersion.
    fn admit_create(&mut self, mut obj: Object) -> Result<(ObjKey, Object), ApiError> {
        let kind = obj.kind();
        if kind.namespaced() && obj.namespace().is_empty() {
            obj.meta_mut().namespace = Some("default".into());
        }
        if !kind.namespaced() {
            obj.meta_mut().namespace = None;
        }
        self.check_namespace(&obj)?;
        // Admission sees the name the request gave: generateName's prefix when it is generated
        // (only pods' admission reads it, so only theirs is copied).
        let request_name = match obj.name() {
            _ if kind != Kind::Pod => String::new(),
            "" => obj.meta().generate_name.clone().unwrap_or_default(),
            name => name.to_string(),
        };
        self.generate_name(&mut obj);
        // Nothing below renames the object, so its key is taken once.
        let key = obj.key();
        if self.store.get(&key).is_some() {
            return Err(ApiError::already_exists(kind, obj.name()));
        }
        if self.store.len() >= MAX_OBJECTS {
            return Err(ApiError::Forbidden(format!("kubeplay holds at most {MAX_OBJECTS} objects; delete some before creating more")));
        }
        apply_defaults(&mut obj);
        obj.meta_mut().uid = Some(self.rng.uuid());
        crate::admission::on_create(self, &mut obj, &request_name)?;
        let errs = validate_create(&obj);
        if !errs.is_empty() {
            return Err(ApiError::Invalid { kind, name: obj.name().to_string(), causes: errs });
        }
        // Validating admission runs after validation.
        if let Object::PriorityClass(pc) = &obj {
            crate::priorityclass::admit_class(&self.store, pc, false)?;
        }
        let ts = self.timestamp();
        let meta = obj.meta_mut();
        meta.creation_timestamp = Some(ts);
        // The PriorityClass strategy's PrepareForCreate sets generation 1 too, and no update moves it.
        if has_generation(kind) || kind == Kind::PriorityClass {
            meta.generation = Some(1);
        }
        Ok((key, obj))
    }

    fn check_namespace(&self, obj: &Object) -> Result<(), ApiError> {
        if !obj.kind().namespaced() {
            return Ok(());
        }
        let ns = obj.namespace();
        match self.store.lookup(Kind::Namespace, "", ns) {
            None => Err(ApiError::not_found(Kind::Namespace, ns)),
            Some(n) if n.meta().deletion_timestamp.is_some() && obj.kind() != Kind::Event => Err(ApiError::Forbidden(format!(
                "{} {} is forbidden: unable to create new content in namespace {} because it is being terminated",
                obj.kind().resource_plural_group(),
                crate::api::errors::go_quote(obj.name()),
                ns
            ))),
            Some(_) => Ok(()),
        }
    }

    fn generate_name(&mut self, obj: &mut Object) {
        if obj.name().is_empty() {
            if let Some(prefix) = obj.meta().generate_name.clone() {
                // Bounded retry: a collision among 27^5 suffixes is rare; give up after a few tries.
                for _ in 0..8 {
                    let name = format!("{}{}", prefix, self.rng.name_suffix());
                    if self.store.lookup(obj.kind(), obj.namespace(), &name).is_none() {
                        obj.meta_mut().name = Some(name);
                        break;
                    }
                }
            }
        }
    }

    fn update(&mut self, obj: Object) -> Result<Outcome, ApiError> {
        let key = obj.key();
        let Some(old) = self.store.get_shared(&key) else {
            return Err(ApiError::not_found(key.kind, &key.name));
        };
        match self.admit_update(obj, &old)? {
            None => Ok(Outcome::Stored(key)),
            Some(obj) => self.store_update("update", key, obj, &old),
        }
    }

    /// An update as `--dry-run=server` sends it: the object as it would be stored (the stored
    /// one when nothing changes), with the stored resourceVersion; nothing is stored.
    pub fn dry_run_update(&mut self, obj: Object) -> Result<Object, ApiError> {
        let key = obj.key();
        let Some(old) = self.store.get_shared(&key) else {
            return Err(ApiError::not_found(key.kind, &key.name));
        };
        Ok(self.admit_update(obj, &old)?.unwrap_or_else(|| (*old).clone()))
    }

    /// Everything an update does before the object is stored over `old`: the new object, or
    /// `None` when it would change nothing.
    fn admit_update(&mut self, mut obj: Object, old: &Object) -> Result<Option<Object>, ApiError> {
        let key = obj.key();
        // A write that keeps the stored spec (a label, annotation or finalizer change) needs no
        // defaulting and no spec validation: the stored spec was defaulted and validated when it
        // was written, defaults only fill what is unset, and the spec rules read nothing else that
        // can change (the name cannot). Only the metadata is checked, and only it can differ.
        let spec_kept = obj.spec_kept(old);
        if !spec_kept {
            apply_defaults(&mut obj);
            crate::admission::on_update(self, old, &mut obj)?;
        }
        let errs = if spec_kept { validate_metadata(&obj) } else { validate_update(old, &obj) };
        if !errs.is_empty() {
            return Err(ApiError::Invalid { kind: key.kind, name: key.name.clone(), causes: errs });
        }
        if let Object::PriorityClass(pc) = &obj {
            crate::priorityclass::admit_class(&self.store, pc, true)?;
        }
        if !spec_kept {
            crate::admission::validate_update(self, old, &obj)?;
        }
        carry_server_fields(old, &mut obj);
        if spec_kept && old.meta() == obj.meta() {
            return Ok(None);
        }
        obj.set_status_from(old);
        if !spec_kept && *old == obj {
            return Ok(None);
        }
        // Compared again after defaulting: a spec that only spelled out defaults is the same spec.
        if !spec_kept && has_generation(key.kind) && !obj.spec_kept(old) {
            let g = old.meta().generation.unwrap_or(0) + 1;
            obj.meta_mut().generation = Some(g);
        }
        Ok(Some(obj))
    }

    /// The status subresource: the stored metadata and spec with the new status. An unchanged
    /// status writes nothing and moves no resourceVersion; the generation never moves.
    fn update_status(&mut self, key: ObjKey, status: Status) -> Result<Outcome, ApiError> {
        if status.kind() != key.kind {
            return Err(ApiError::BadRequest(format!("a {} status cannot be written to {key}", status.kind().info().singular)));
        }
        match self.store.get(&key) {
            None => return Err(ApiError::not_found(key.kind, &key.name)),
            Some(old) if old.has_status(&status) => return Ok(Outcome::Stored(key)),
            Some(_) => {}
        }
        // Written where it lies: metadata and spec are not copied unless a reader still holds the
        // old version, and watchers learn only that the status changed (nothing else can have).
        self.write_in_place("status", key, Change::StatusUpdated, |o| o.put_status(status))
    }

    /// Changes the stored object where it lies (`f`, then the next resourceVersion), announces
    /// the write, and removes the object when that write was the last thing its deletion waited for.
    fn write_in_place(&mut self, verb: &str, key: ObjKey, change: Change<'_>, f: impl FnOnce(&mut Object)) -> Result<Outcome, ApiError> {
        let rv = self.store.next_resource_version();
        let Some(stored) = self.store.modify(&key, |o| {
            f(o);
            o.meta_mut().resource_version = Some(rv);
        }) else {
            return Err(ApiError::not_found(key.kind, &key.name));
        };
        Ok(self.written_in_place(verb, key, &stored, change))
    }

    /// What follows a write made where the object lies: its announcement, and the object's
    /// removal when that write was the last thing its deletion waited for.
    fn written_in_place(&mut self, verb: &str, key: ObjKey, stored: &Rc<Object>, change: Change<'_>) -> Outcome {
        let deletable = self.deletable(stored);
        self.announce(verb, &key, stored, change);
        match deletable.then(|| self.remove(&key).ok()).flatten() {
            Some(gone) => Outcome::Removed(gone),
            None => Outcome::Stored(key),
        }
    }

    /// A status write the writer makes on the stored object itself (`edit` changes its status and
    /// says whether anything changed), for a status that is mostly what it was: what
    /// [`Write::UpdateStatus`] of the status `edit` leaves would do (nothing when it is unchanged;
    /// else the next resourceVersion, the trace line, the watchers), without building the whole
    /// status to compare it. `None`, and nothing done, when a reader still holds the stored object
    /// (or it is gone): the writer then sends the status as usual.
    pub(crate) fn edit_status(&mut self, key: ObjKey, edit: impl FnOnce(&mut Object) -> bool) -> Option<ObjKey> {
        match self.store.edit_unshared(&key, edit) {
            Edit::Shared => None,
            Edit::Unchanged => Some(key),
            Edit::Changed(stored) => match self.written_in_place("status", key, &stored, Change::StatusUpdated) {
                Outcome::Stored(key) => Some(key),
                Outcome::Removed(gone) => Some(gone.key()),
            },
        }
    }

    /// [`Write::RemoveFinalizer`]: as `update` would store the object without the finalizer (an
    /// emptied list dropped) — its metadata validated (the finalizers are not among what is
    /// checked), no write when it has no such finalizer, the same resourceVersion, trace line and
    /// removal once nothing holds it — but changed in place, and watchers learn that only the
    /// metadata changed (spec, status and generation kept, which is all they read of the old one).
    fn remove_finalizer(&mut self, key: ObjKey, finalizer: &str) -> Result<Outcome, ApiError> {
        let Some(old) = self.store.get(&key) else {
            return Err(ApiError::not_found(key.kind, &key.name));
        };
        let errs = validate_metadata(old);
        if !errs.is_empty() {
            return Err(ApiError::Invalid { kind: key.kind, name: key.name.clone(), causes: errs });
        }
        if !old.meta().finalizers.iter().flatten().any(|f| f == finalizer) {
            return Ok(Outcome::Stored(key));
        }
        self.write_in_place("update", key, Change::MetadataUpdated, |o| {
            let meta = o.meta_mut();
            if let Some(f) = meta.finalizers.as_mut() {
                f.retain(|f| f != finalizer);
                if f.is_empty() {
                    meta.finalizers = None;
                }
            }
        })
    }

    /// Stores a changed `obj` over `old` with the next resourceVersion; an object whose deletion
    /// waited for this write (its last finalizer gone) is removed.
    fn store_update(&mut self, verb: &str, key: ObjKey, mut obj: Object, old: &Object) -> Result<Outcome, ApiError> {
        obj.meta_mut().resource_version = Some(self.store.next_resource_version());
        // Judged on the object before it is stored: waking the watchers changes nothing in it.
        let deletable = self.deletable(&obj);
        let key = self.commit(verb, key, obj, Change::Updated { old });
        match deletable.then(|| self.remove(&key).ok()).flatten() {
            Some(gone) => Ok(Outcome::Removed(gone)),
            None => Ok(Outcome::Stored(key)),
        }
    }

    fn delete(&mut self, req: DeleteRequest) -> Result<Outcome, ApiError> {
        crate::priorityclass::check_delete(req.key.kind, &req.key.name)?;
        let Some(current) = self.store.get_shared(&req.key) else {
            return Err(ApiError::not_found(req.key.kind, &req.key.name));
        };
        if current.meta().deletion_timestamp.is_some() {
            drop(current);
            return self.delete_again(req);
        }
        let grace = crate::admission::grace_period(&current, req.grace_seconds);
        if req.propagation == Propagation::Orphan {
            crate::gc::orphan_dependents(self, &current);
        }
        let foreground = req.propagation == Propagation::Foreground;
        let needs_wait = foreground || current.meta().finalizers.as_ref().is_some_and(|f| !f.is_empty()) || grace > 0 || crate::admission::spec_finalized(&current).is_some_and(|done| !done);
        if !needs_wait {
            drop(current);
            return self.remove(&req.key).map(Outcome::Removed);
        }
        // Marked where it lies, like a status write: only metadata (and a namespace's phase)
        // change, so nothing is copied unless a reader still holds the object, and watchers learn
        // that spec and generation stayed as they were.
        if req.propagation == Propagation::Orphan && !self.store.get_shared(&req.key).is_some_and(|o| Rc::ptr_eq(&o, &current)) {
            // Orphaning rewrote the object itself (an ownerReference to its own uid): the deletion
            // is marked on the version read before, as it always was.
            self.store.put(&req.key, (*current).clone());
        }
        drop(current);
        let deletion = Time(k8s_openapi::jiff::Timestamp::from_second(self.now.secs() + grace).unwrap_or_default());
        let rv = self.store.next_resource_version();
        let Some(stored) = self.store.modify(&req.key, |obj| {
            let meta = obj.meta_mut();
            if foreground {
                meta.finalizers.get_or_insert_with(Vec::new).push("foregroundDeletion".into());
            }
            meta.deletion_timestamp = Some(deletion);
            meta.deletion_grace_period_seconds = Some(grace);
            meta.resource_version = Some(rv);
            if let Object::Namespace(ns) = obj {
                // The namespace registry marks it Terminating with the deletionTimestamp.
                ns.status.get_or_insert_with(Default::default).phase = Some("Terminating".into());
            }
        }) else {
            return Err(ApiError::not_found(req.key.kind, &req.key.name));
        };
        self.announce("terminate", &req.key, &stored, Change::Terminating);
        Ok(Outcome::Stored(req.key))
    }

    /// A delete of an object already being deleted (rest.BeforeDelete, then the store's
    /// updateForGracefulDeletionAndFinalizers): only a pod's grace period may change, and only to
    /// a shorter one, which moves deletionTimestamp back by the difference; a pod whose period is
    /// (or becomes) zero goes at once unless finalizers hold it. Otherwise the pending deletion
    /// stands and the object is returned as it is.
    fn delete_again(&mut self, req: DeleteRequest) -> Result<Outcome, ApiError> {
        let Some(Object::Pod(pod)) = self.store.get(&req.key) else { return Ok(Outcome::Stored(req.key)) };
        let finalizers = pod.metadata.finalizers.as_ref().is_some_and(|f| !f.is_empty());
        let current = pod.metadata.deletion_grace_period_seconds.unwrap_or(0);
        let grace = match req.grace_seconds {
            _ if current == 0 => 0,
            Some(g) if g < current => g,
            _ => return Ok(Outcome::Stored(req.key)),
        };
        if grace == 0 && !finalizers {
            return self.remove(&req.key).map(Outcome::Removed);
        }
        if current == 0 {
            // markAsDeleting: the period is already zero, the finalizers hold the pod.
            return Ok(Outcome::Stored(req.key));
        }
        let shift = grace - current;
        let rv = self.store.next_resource_version();
        let Some(stored) = self.store.modify(&req.key, |obj| {
            let meta = obj.meta_mut();
            if let Some(ts) = meta.deletion_timestamp.as_mut() {
                ts.0 = k8s_openapi::jiff::Timestamp::from_second(ts.0.as_second() + shift).unwrap_or(ts.0);
            }
            meta.deletion_grace_period_seconds = Some(grace);
            meta.resource_version = Some(rv);
        }) else {
            return Err(ApiError::not_found(req.key.kind, &req.key.name));
        };
        self.announce("terminate", &req.key, &stored, Change::Terminating);
        Ok(Outcome::Stored(req.key))
    }

    /// Whether `o` waits for nothing more before it leaves the store: its deletion was requested,
    /// no finalizer is left and its grace period is over.
    fn deletable(&self, o: &Object) -> bool {
        o.meta().deletion_timestamp.is_some() && o.meta().finalizers.as_ref().is_none_or(|f| f.is_empty()) && crate::admission::grace_period_over(o, self.now)
    }

    /// Final removal from the store (the kubelet confirmed, or nothing needed to wait).
    pub(crate) fn remove(&mut self, key: &ObjKey) -> Result<Rc<Object>, ApiError> {
        let obj = self.store.remove(key).ok_or_else(|| ApiError::not_found(key.kind, &key.name))?;
        self.removed(key, &obj);
        Ok(obj)
    }

    /// What follows an object's removal from the store: its trace line, the watchers, and the
    /// garbage collector for its dependents.
    pub(crate) fn removed(&mut self, key: &ObjKey, obj: &Object) {
        if key.kind == Kind::PersistentVolume {
            // The provisioner deletes the backing directory with the volume (reclaimPolicy Delete).
            self.kubelet.volumes.remove(&crate::kubelet::vfs::VolumeId::Persistent(key.name.clone()));
        }
        self.trace.record(self.now.ms(), "delete", key, &[]);
        if self.watch.as_ref().is_some_and(|w| w.kind == key.kind) {
            self.tap("DELETED", Rc::new(obj.clone()));
        }
        // Reasons about an object that is gone would only confuse `why`.
        self.explanations.remove(key);
        self.wake(obj, Change::Deleted);
        crate::gc::owner_removed(self, obj);
    }

    /// Stores `obj` under `key` (its own key, which the caller already has), records the trace
    /// line and wakes the watchers.
    fn commit(&mut self, verb: &str, key: ObjKey, obj: Object, change: Change<'_>) -> ObjKey {
        // A create's name was found free just before (nothing renames the object since).
        let stored = if matches!(change, Change::Added) { self.store.put_new(&key, obj) } else { self.store.put(&key, obj) };
        self.announce(verb, &key, &stored, change);
        key
    }

    /// What follows every stored write: its trace line, then [`Self::notify`].
    fn announce(&mut self, verb: &str, key: &ObjKey, stored: &Rc<Object>, change: Change<'_>) {
        let rv = stored.meta().resource_version.as_deref().unwrap_or_default();
        self.trace.record(self.now.ms(), verb, key, &["rv=", rv]);
        self.notify(key.kind, stored, change);
    }

    /// What follows a stored write's trace line: an open watch on its kind, an Event's expiry,
    /// and the watchers. `stored` is the object the store now holds.
    fn notify(&mut self, kind: Kind, stored: &Rc<Object>, change: Change<'_>) {
        if self.watch.as_ref().is_some_and(|w| w.kind == kind) {
            self.tap(if matches!(change, Change::Added) { "ADDED" } else { "MODIFIED" }, Rc::clone(stored));
        }
        if kind == Kind::Event {
            self.event_expiry.written(self.now.ms(), stored);
        }
        self.wake(stored, change);
    }

    fn tap(&mut self, kind: &'static str, object: Rc<Object>) {
        let at = self.now;
        if let Some(w) = self.watch.as_mut() {
            w.events.push(WatchEvent { kind, object, at });
        }
    }

    /// Queues a reconcile for every controller interested in `obj` (watch-style wake-up).
    fn wake(&mut self, obj: &Object, change: Change<'_>) {
        for (controller, key, delay_ms) in controllers::interested(&self.store, obj, change, self.now) {
            self.queue.schedule(self.now.plus_ms(delay_ms), SimEvent::Reconcile { controller, key });
        }
        if crate::kubelet::watches(obj.kind()) {
            for pod in crate::kubelet::interested(&self.store, &mut self.kubelet, obj, change) {
                self.queue.schedule(self.now, SimEvent::Kubelet { pod });
            }
        }
    }

    /// Schedules a simulator event at `at` (controllers' requeues and timers use it).
    pub(crate) fn schedule(&mut self, at: SimTime, ev: SimEvent) {
        self.queue.schedule(at, ev);
    }

    /// Keeps the latest "why not" of `source` (a controller or the kubelet) for `key`; empty clears
    /// it. Each source keeps its own, so one controller's quiet sync does not erase another's reason.
    pub(crate) fn explain(&mut self, key: &ObjKey, source: &str, waiting: &[String]) {
        if waiting.is_empty() {
            if let Some(m) = self.explanations.get_mut(key) {
                m.remove(source);
                if m.is_empty() {
                    self.explanations.remove(key);
                }
            }
        } else {
            self.explanations.entry(key.clone()).or_default().insert(source.to_string(), waiting.to_vec());
        }
    }

    /// What `source` last said about `key` (None when it said nothing).
    pub(crate) fn explanation(&self, key: &ObjKey, source: &str) -> Option<&[String]> {
        self.explanations.get(key).and_then(|m| m.get(source)).map(Vec::as_slice)
    }

    /// Every reason recorded for `key`, in source order.
    pub fn reasons(&self, key: &ObjKey) -> Vec<&str> {
        self.explanations.get(key).into_iter().flat_map(|m| m.values().flatten()).map(String::as_str).collect()
    }

    /// Allocates the next ClusterIP from 10.96.0.0/16 (10.96.0.1 and .10 are the well-known ones).
    pub(crate) fn allocate_service_ip(&mut self) -> String {
        loop {
            self.next_service_ip += 1;
            let n = self.next_service_ip;
            let candidate = 1 + (self.rng.below(65_000) as u32 + n) % 65_000;
            if candidate == 1 || candidate == 10 {
                continue;
            }
            let ip = format!("10.96.{}.{}", candidate / 256, candidate % 256);
            let taken = self.store.list(Kind::Service, None).any(|s| match s {
                Object::Service(s) => s.spec.as_ref().and_then(|sp| sp.cluster_ip.as_deref()) == Some(ip.as_str()),
                _ => false,
            });
            if !taken {
                return ip;
            }
        }
    }

    /// Records a Kubernetes Event about `involved` (deduplicated like the event recorder: same
    /// reason and message → count and lastTimestamp grow).
    pub fn record_event(&mut self, involved: &Object, type_: &str, reason: &str, message: &str, component: &str) {
        crate::events::record(self, involved, type_, reason, message, component);
    }

    /// [`Self::record_event`] about the stored object `key`, if it exists (held, not copied).
    pub(crate) fn record_event_about(&mut self, key: &ObjKey, type_: &str, reason: &str, message: &str, component: &str) {
        if let Some(involved) = self.store.get_shared(key) {
            crate::events::record(self, &involved, type_, reason, message, component);
        }
    }

    /// [`Cluster::record_event_about`] one part of the object (`field_path`, a container).
    pub(crate) fn record_event_about_field(&mut self, key: &ObjKey, field_path: &str, type_: &str, reason: &str, message: &str, component: &str) {
        if let Some(involved) = self.store.get_shared(key) {
            crate::events::record_field(self, &involved, field_path, type_, reason, message, component);
        }
    }
}

/// Kinds whose spec changes bump `metadata.generation`.
fn has_generation(kind: Kind) -> bool {
    matches!(kind, Kind::DaemonSet | Kind::Deployment | Kind::ReplicaSet | Kind::StatefulSet | Kind::Job | Kind::CronJob)
}

/// Fields only the server sets survive any update.
fn carry_server_fields(old: &Object, new: &mut Object) {
    let o = old.meta();
    let m = new.meta_mut();
    m.uid.clone_from(&o.uid);
    m.creation_timestamp.clone_from(&o.creation_timestamp);
    m.resource_version.clone_from(&o.resource_version);
    m.generation = o.generation;
    if m.deletion_timestamp.is_none() {
        m.deletion_timestamp.clone_from(&o.deletion_timestamp);
        m.deletion_grace_period_seconds = o.deletion_grace_period_seconds;
    }
    if m.namespace.is_none() {
        m.namespace.clone_from(&o.namespace);
    }
}

#[cfg(test)]
#[path = "cluster_tests.rs"]
mod tests;
