//! The StatefulSet controller (pkg/controller/statefulset: stateful_set.go sync,
//! stateful_set_control.go UpdateStatefulSet, stateful_pod_control.go): stable pod names and
//! claims, OrderedReady and Parallel pod management, scale-down from the highest ordinal, rolling
//! updates with partitions and OnDelete, retention-policy ownerReferences on claims, and a plain
//! reason whenever a rule holds it back.

use super::owners::{controller_of, controller_ref, is_controlled_by};
use super::replicaset::{pod_available, pod_ready};
use super::statefulset_history::{self as history, Revisions};
use super::statefulset_identity::{self as identity, Owners, REVISION_LABEL};
use super::Reconciled;
use crate::api::{Kind, ObjKey, Object};
use crate::clock::SimTime;
use crate::cluster::{DeleteRequest, Write};
use crate::selector::matches_label_selector;
use crate::store::Store;
use k8s_openapi::api::apps::v1 as apps;
use k8s_openapi::api::core::v1 as core;

/// The set itself; the controlling set of a changed pod; for a pod without a controller, the sets
/// that may adopt it; the sets whose claim names a changed claim could be.
pub fn watch(store: &Store, obj: &Object, out: &mut Vec<ObjKey>) {
    match obj {
        Object::StatefulSet(_) => out.push(obj.key()),
        Object::Pod(_) => {
            if let Some(k) = controller_of(obj, Kind::StatefulSet) {
                return out.push(k);
            }
            if obj.meta().owner_references.iter().flatten().any(|r| r.controller == Some(true)) {
                return;
            }
            let labels = obj.labels();
            out.extend(sets(store, obj.namespace()).filter(|(o, s)| identity::is_member(o.name(), obj.name()) && selects(s, labels)).map(|(o, _)| o.key()))
        }
        Object::PersistentVolumeClaim(_) => out.extend(
            sets(store, obj.namespace())
                .filter(|(o, s)| s.spec.iter().flat_map(|sp| sp.volume_claim_templates.iter().flatten()).any(|t| obj.name().starts_with(&format!("{}-{}-", t.metadata.name.as_deref().unwrap_or(""), o.name()))))
                .map(|(o, _)| o.key()),
        ),
        _ => {}
    }
}

fn sets<'a>(store: &'a Store, ns: &'a str) -> impl Iterator<Item = (&'a Object, &'a apps::StatefulSet)> + 'a {
    store.list(Kind::StatefulSet, Some(ns)).filter_map(|o| if let Object::StatefulSet(s) = o { Some((o, s.as_ref())) } else { None })
}

fn selects(set: &apps::StatefulSet, labels: &std::collections::BTreeMap<String, String>) -> bool {
    let Some(sel) = set.spec.as_ref().map(|s| &s.selector) else { return false };
    let empty = sel.match_labels.as_ref().is_none_or(|m| m.is_empty()) && sel.match_expressions.as_ref().is_none_or(|e| e.is_empty());
    !empty && matches_label_selector(sel, labels)
}

pub fn reconcile(store: &Store, key: &ObjKey, now: SimTime) -> Reconciled {
    let mut r = Reconciled::default();
    let Some(owner @ Object::StatefulSet(set)) = store.get(key) else { return r };
    if set.spec.is_none() {
        return r;
    }
    let pods = claim_pods(store, owner, set, &mut r);
    let revs = history::resolve(store, owner, set, &mut r);
    let monotonic = set.spec.as_ref().and_then(|s| s.pod_management_policy.as_deref()) != Some("Parallel");
    let mut sync = Sync { store, owner, set, revs: &revs, now, r, monotonic, fixed_claims: Default::default() };
    let status = sync.update(&pods);
    sync.write_status(status);
    let mut r = sync.r;
    history::truncate(set, &pods, &revs, &mut r);
    requeue_for_min_ready(set, &pods, now, &mut r);
    r
}

/// getPodsForStatefulSet (ClaimPods with the isMemberOf filter): keeps the pods it controls that
/// still match, adopts matching orphans, releases the rest.
fn claim_pods<'a>(store: &'a Store, owner: &'a Object, set: &apps::StatefulSet, r: &mut Reconciled) -> Vec<&'a core::Pod> {
    let deleting = set.metadata.deletion_timestamp.is_some();
    let mut out = Vec::new();
    for o in store.list(Kind::Pod, Some(owner.namespace())) {
        let Object::Pod(p) = o else { continue };
        let matches = selects(set, o.labels()) && identity::is_member(owner.name(), o.name());
        if is_controlled_by(o, owner.uid()) {
            if matches {
                out.push(p.as_ref());
            } else if !deleting {
                let mut released = p.as_ref().clone();
                if let Some(refs) = released.metadata.owner_references.as_mut() {
                    refs.retain(|x| x.uid != owner.uid());
                }
                r.writes.push(Write::Update(Object::Pod(Box::new(released))));
            }
        } else if matches && !deleting && p.metadata.deletion_timestamp.is_none() && !o.meta().owner_references.iter().flatten().any(|x| x.controller == Some(true)) {
            let mut adopted = p.as_ref().clone();
            adopted.metadata.owner_references.get_or_insert_with(Vec::new).push(controller_ref(owner));
            r.writes.push(Write::Update(Object::Pod(Box::new(adopted))));
            out.push(p.as_ref());
        }
    }
    out
}

/// stateful_set.go syncStatefulSet: with minReadySeconds, look again when the next ready pod
/// becomes available (1ms past the line: availability is "strictly after").
fn requeue_for_min_ready(set: &apps::StatefulSet, pods: &[&core::Pod], now: SimTime, r: &mut Reconciled) {
    let min_ready = set.spec.as_ref().and_then(|s| s.min_ready_seconds).unwrap_or(0);
    if min_ready <= 0 {
        return;
    }
    let due = pods
        .iter()
        .filter(|p| pod_ready(p) && !pod_available(p, min_ready, now))
        .filter_map(|p| ready_since(p).map(|t| t + i64::from(min_ready) * 1000 + 1))
        .min();
    if let Some(t) = due {
        r.requeue_after_ms = Some((t - now.ms()).max(1));
    }
}

fn ready_since(p: &core::Pod) -> Option<i64> {
    let c = p.status.as_ref()?.conditions.as_ref()?.iter().find(|c| c.type_ == "Ready")?;
    c.last_transition_time.as_ref().map(|t| t.0.as_millisecond())
}

/// A replica slot: the pod with that ordinal, or none yet.
#[derive(Clone, Copy)]
enum Slot<'a> {
    Pod(&'a core::Pod),
    Missing,
}

/// One run of updateStatefulSet over a snapshot of the store.
struct Sync<'a> {
    store: &'a Store,
    owner: &'a Object,
    set: &'a apps::StatefulSet,
    revs: &'a Revisions,
    now: SimTime,
    r: Reconciled,
    monotonic: bool,
    /// Claims whose owners this sync already rewrote (the store shows them only after the writes).
    fixed_claims: std::collections::BTreeSet<String>,
}

fn phase(p: &core::Pod) -> &str {
    p.status.as_ref().and_then(|s| s.phase.as_deref()).unwrap_or("")
}

fn name(p: &core::Pod) -> &str {
    p.metadata.name.as_deref().unwrap_or("")
}

fn revision(p: &core::Pod) -> &str {
    p.metadata.labels.as_ref().and_then(|l| l.get(REVISION_LABEL)).map_or("", String::as_str)
}

fn terminating(p: &core::Pod) -> bool {
    p.metadata.deletion_timestamp.is_some()
}

/// isRunningAndReady.
fn running_and_ready(p: &core::Pod) -> bool {
    phase(p) == "Running" && pod_ready(p)
}

/// isHealthy: running and ready and not terminating (a slot without a pod is not healthy).
fn healthy(s: Slot<'_>) -> bool {
    matches!(s, Slot::Pod(p) if running_and_ready(p) && !terminating(p))
}

impl<'a> Sync<'a> {
    fn spec(&self) -> &'a apps::StatefulSetSpec {
        self.set.spec.as_ref().expect("reconcile checked spec")
    }

    fn set_name(&self) -> &'a str {
        self.owner.name()
    }

    fn min_ready(&self) -> i32 {
        self.spec().min_ready_seconds.unwrap_or(0)
    }

    fn start(&self) -> i32 {
        identity::start_ordinal(self.spec())
    }

    /// newVersionedStatefulSetPod's choice: ordinals below the partition stay at the current
    /// revision, the others get the update revision.
    fn versioned(&self, ord: i32) -> &'a history::Rev {
        let strategy = self.revs.current.set.spec.as_ref().and_then(|s| s.update_strategy.as_ref());
        let rolling = strategy.and_then(|s| s.type_.as_deref()) == Some("RollingUpdate");
        let partition = strategy.and_then(|s| s.rolling_update.as_ref()).and_then(|r| r.partition);
        let current_replicas = self.set.status.as_ref().and_then(|s| s.current_replicas).unwrap_or(0);
        let below = match partition {
            Some(p) => ord < self.start().saturating_add(p),
            None => rolling && ord < self.start().saturating_add(current_replicas),
        };
        if below {
            &self.revs.current
        } else {
            &self.revs.update
        }
    }

    fn slot_revision(&self, s: Slot<'a>, index: usize) -> &'a str {
        match s {
            Slot::Pod(p) => revision(p),
            Slot::Missing => &self.versioned(self.start() + index as i32).name,
        }
    }

    fn slot_name(&self, s: Slot<'_>, index: usize) -> String {
        match s {
            Slot::Pod(p) => name(p).to_string(),
            Slot::Missing => identity::pod_name(self.set_name(), self.start() + index as i32),
        }
    }

    /// updateStatefulSet: replicas in ordinal order, then condemned pods from the highest ordinal,
    /// then the rolling update; in OrderedReady mode the first step that blocks ends the sync.
    fn update(&mut self, pods: &[&'a core::Pod]) -> apps::StatefulSetStatus {
        let spec = self.spec();
        let n = identity::replicas(spec) as usize;
        let mut replicas: Vec<Slot<'a>> = vec![Slot::Missing; n];
        let mut condemned: Vec<&'a core::Pod> = Vec::new();
        for p in pods {
            let ord = identity::ordinal(p);
            if identity::in_range(ord, spec) {
                replicas[(ord - self.start()) as usize] = Slot::Pod(p);
            } else if ord >= 0 {
                condemned.push(p);
            }
        }
        condemned.sort_by_key(|p| std::cmp::Reverse(identity::ordinal(p)));
        let first_unhealthy = replicas
            .iter()
            .enumerate()
            .find(|(_, s)| !healthy(**s))
            .map(|(i, s)| self.slot_name(*s, i))
            .or_else(|| condemned.iter().rev().find(|p| !healthy(Slot::Pod(p))).map(|p| name(p).to_string()));
        let existing = || replicas.iter().filter_map(|s| if let Slot::Pod(p) = s { Some(*p) } else { None }).chain(condemned.iter().copied()).collect::<Vec<_>>();

        if self.set.metadata.deletion_timestamp.is_some() {
            self.r.waiting.push("the StatefulSet is being deleted: the controller only reports status; the garbage collector deletes its pods, in no particular order".into());
            return self.status(&existing(), 0);
        }
        for i in 0..n {
            if self.process_replica(&replicas, i) && self.monotonic {
                return self.status(&existing(), 0);
            }
        }
        for p in &condemned {
            self.fix_claims(p);
        }
        for i in 0..condemned.len() {
            // In OrderedReady a deletion, or a pod it must wait for, ends the sync.
            if self.process_condemned(&condemned, i, first_unhealthy.as_deref()) && self.monotonic {
                return self.status(&existing(), 0);
            }
        }
        let status_pods = existing();
        let strategy = spec.update_strategy.as_ref();
        if strategy.and_then(|s| s.type_.as_deref()) == Some("OnDelete") {
            self.explain_on_delete(&status_pods);
            return self.status(&status_pods, 0);
        }
        let update_min = strategy.and_then(|s| s.rolling_update.as_ref()).and_then(|r| r.partition).unwrap_or(0).max(0) as usize;
        let deleted = self.rolling_update(&replicas, update_min);
        self.status(&status_pods, deleted)
    }

    /// processReplica; true when the sync must stop here (in OrderedReady mode).
    fn process_replica(&mut self, replicas: &[Slot<'a>], i: usize) -> bool {
        let ord = self.start() + i as i32;
        let pod = match replicas[i] {
            Slot::Missing => return self.create_missing(ord),
            Slot::Pod(p) => p,
        };
        let n = name(pod);
        if matches!(phase(pod), "Failed" | "Succeeded") {
            if !terminating(pod) {
                self.delete_pod(pod);
            }
            self.r.waiting.push(format!("{n} ended (phase {}): the controller deletes it and creates a new {n}, with the same name and claims, once the old one is gone", phase(pod)));
            return true;
        }
        if phase(pod) == "Pending" {
            self.create_claims(pod, ord, true);
        }
        let blocked = |why: String| (self.monotonic).then_some(why);
        let why = if terminating(pod) {
            blocked(format!("{n} is terminating; OrderedReady waits until it is gone before re-creating it or touching higher ordinals"))
        } else if !running_and_ready(pod) {
            blocked(format!("{n} is not Running and Ready yet{}", self.held_back(replicas, i)))
        } else if !pod_available(pod, self.min_ready(), self.now) {
            blocked(format!("{n} has not been Ready for minReadySeconds ({}s) yet{}", self.min_ready(), self.held_back(replicas, i)))
        } else {
            None
        };
        if let Some(why) = why {
            self.r.waiting.push(why);
            return true;
        }
        self.update_pod_if_needed(pod, ord);
        false
    }

    /// What an unready pod at `i` holds back under OrderedReady, in words (empty if nothing).
    fn held_back(&self, replicas: &[Slot<'a>], i: usize) -> String {
        match replicas.iter().enumerate().skip(i + 1).find(|(_, s)| matches!(s, Slot::Missing)) {
            Some((j, s)) => format!(": podManagementPolicy OrderedReady creates {} only after every lower ordinal is Running and Ready", self.slot_name(*s, j)),
            None => String::new(),
        }
    }

    fn create_missing(&mut self, ord: i32) -> bool {
        let rev = self.versioned(ord);
        let pod = identity::new_pod(self.owner, &rev.set, ord, &rev.name);
        let pn = name(&pod).to_string();
        if let Some(claim) = self.stale_claim(&pod, ord) {
            self.r.waiting.push(format!("{pn} is not created yet: claim {claim} still belongs to the deleted {pn} (whenScaled: Delete), so the controller waits for the garbage collector to delete it rather than give the new pod a claim about to vanish"));
            return true;
        }
        if !self.create_claims(&pod, ord, false) {
            return true;
        }
        if let Some(other) = self.pod_object(&pn) {
            let terminating = if other.meta().deletion_timestamp.is_some() { "terminating " } else { "" };
            self.r.waiting.push(format!("{pn} cannot be created yet: a {terminating}pod named {pn} that this set does not own still exists; the controller creates its own once that one is gone"));
        }
        self.r.write_with_events(
            Write::Create(Object::Pod(Box::new(pod))),
            ("SuccessfulCreate", format!("create Pod {pn} in StatefulSet {} successful", self.set_name())),
            ("FailedCreate", format!("create Pod {pn} in StatefulSet {} failed error: ", self.set_name())),
        );
        if let Some(e) = self.r.write_events.last_mut() {
            e.quiet_if_exists = true;
        }
        self.update_claims_for_retention(&pn, "", ord, None);
        self.monotonic
    }

    fn owners<'b>(&'b self, pod_name: &'b str, pod_uid: &'b str, ord: i32) -> Owners<'b> {
        Owners { set: self.owner, pod_name, pod_uid, scaled_down: !identity::in_range(ord, self.spec()), policy: identity::retention(self.spec()) }
    }

    fn claim(&self, name: &str) -> Option<&'a core::PersistentVolumeClaim> {
        match self.store.get(&ObjKey::new(Kind::PersistentVolumeClaim, self.owner.namespace(), name)) {
            Some(Object::PersistentVolumeClaim(c)) => Some(c),
            _ => None,
        }
    }

    /// PodClaimIsStale: under whenScaled=Delete, a claim still owned by an earlier pod of this name.
    fn stale_claim(&self, pod: &core::Pod, ord: i32) -> Option<String> {
        if !identity::retention(self.spec()).delete_when_scaled {
            return None;
        }
        identity::claims(self.set, ord).into_iter().find_map(|(_, c)| {
            let cname = c.metadata.name.clone().unwrap_or_default();
            let existing = self.claim(&cname)?;
            self.owners(name(pod), "", ord).stale_pod_ref(existing).then_some(cname)
        })
    }

    /// createPersistentVolumeClaims: creates the missing claims (event per claim); a claim being
    /// deleted fails the pod's creation. False when the pod must not be created.
    fn create_claims(&mut self, pod: &core::Pod, ord: i32, pending: bool) -> bool {
        let (pn, sn) = (name(pod).to_string(), self.set_name().to_string());
        let mut errs = Vec::new();
        for (_, claim) in identity::claims(self.set, ord) {
            let cname = claim.metadata.name.clone().unwrap_or_default();
            match self.claim(&cname) {
                None => self.r.write_with_events(
                    Write::Create(Object::PersistentVolumeClaim(Box::new(claim))),
                    ("SuccessfulCreate", format!("create Claim {cname} Pod {pn} in StatefulSet {sn} success")),
                    ("FailedCreate", format!("create Claim {cname} for Pod {pn} in StatefulSet {sn} failed error: ")),
                ),
                Some(c) if c.metadata.deletion_timestamp.is_some() => errs.push(format!("pvc {cname} is being deleted")),
                Some(_) if !pending => self.note_claim(&cname, format!("reused by {pn}: a StatefulSet never re-creates a claim that exists, so {pn} sees the files written to it before")),
                Some(_) => {}
            }
        }
        if pending && errs.is_empty() {
            self.update_claims_for_retention(&pn, pod.metadata.uid.as_deref().unwrap_or(""), ord, None);
        }
        if errs.is_empty() {
            return true;
        }
        let err = if errs.len() == 1 { errs.remove(0) } else { format!("[{}]", errs.join(", ")) };
        if !pending {
            self.r.event("Warning", "FailedCreate", format!("create Pod {pn} in StatefulSet {sn} failed error: {err}"));
            self.r.waiting.push(format!("{pn} is not created: {err}; the controller tries again once the claim is gone"));
        }
        false
    }

    fn note_claim(&mut self, claim: &str, why: String) {
        self.r.notes.push((ObjKey::new(Kind::PersistentVolumeClaim, self.owner.namespace(), claim), why));
    }

    fn pod_object(&self, pod_name: &str) -> Option<&'a Object> {
        self.store.get(&ObjKey::new(Kind::Pod, self.owner.namespace(), pod_name))
    }

    /// ClaimsMatchRetentionPolicy (claims not in the store yet count as matching).
    fn claims_match(&self, pod_name: &str, pod_uid: &str, ord: i32) -> bool {
        let owners = self.owners(pod_name, pod_uid, ord);
        identity::claims(&self.revs.update.set, ord).iter().all(|(_, c)| {
            let cname = c.metadata.name.as_deref().unwrap_or("");
            self.fixed_claims.contains(cname) || self.claim(cname).is_none_or(|pvc| owners.up_to_date(pvc))
        })
    }

    /// UpdatePodClaimForRetentionPolicy: rewrites the ownerReferences of the pod's claims that the
    /// policy wants otherwise.
    fn update_claims_for_retention(&mut self, pod_name: &str, pod_uid: &str, ord: i32, pod: Option<&Object>) {
        let pod = pod.or_else(|| self.pod_object(pod_name).filter(|o| o.uid() == pod_uid && !pod_uid.is_empty()));
        for (_, c) in identity::claims(&self.revs.update.set, ord) {
            let cname = c.metadata.name.clone().unwrap_or_default();
            let Some(existing) = self.claim(&cname) else { continue };
            let owners = self.owners(pod_name, pod_uid, ord);
            if owners.up_to_date(existing) {
                continue;
            }
            let mut updated = existing.clone();
            owners.update(&mut updated, pod);
            self.r.writes.push(Write::Update(Object::PersistentVolumeClaim(Box::new(updated))));
            self.fixed_claims.insert(cname);
        }
    }

    /// processReplica's last step (UpdateStatefulPod): restore identity, storage and claim owners.
    fn update_pod_if_needed(&mut self, pod: &'a core::Pod, ord: i32) {
        let uid = pod.metadata.uid.as_deref().unwrap_or("");
        let identity_ok = identity::identity_matches(self.set_name(), self.owner.namespace(), pod);
        let storage_ok = identity::storage_matches(self.set, pod);
        let claims_ok = self.claims_match(name(pod), uid, ord);
        if identity_ok && storage_ok && claims_ok {
            return;
        }
        let mut updated = pod.clone();
        if !identity_ok {
            identity::update_identity(self.set_name(), &mut updated);
        }
        if !storage_ok {
            identity::update_storage(&self.revs.update.set, &mut updated);
            self.create_claims(pod, ord, true);
        }
        if !claims_ok {
            let obj = self.pod_object(name(pod));
            self.update_claims_for_retention(name(pod), uid, ord, obj);
        }
        let pn = name(pod).to_string();
        self.r.write_with_events(
            Write::Update(Object::Pod(Box::new(updated))),
            ("SuccessfulUpdate", format!("update Pod {pn} in StatefulSet {} successful", self.set_name())),
            ("FailedUpdate", format!("update Pod {pn} in StatefulSet {} failed error: ", self.set_name())),
        );
    }

    /// The fixPodClaim step: a condemned pod's claims get the owners the policy wants (with
    /// whenScaled=Delete, the pod itself, so they go when it goes).
    fn fix_claims(&mut self, pod: &'a core::Pod) {
        let ord = identity::ordinal(pod);
        let uid = pod.metadata.uid.as_deref().unwrap_or("");
        if !self.claims_match(name(pod), uid, ord) {
            let obj = self.pod_object(name(pod));
            self.update_claims_for_retention(name(pod), uid, ord, obj);
        }
    }

    /// processCondemned; true when this sync must stop (every deletion stops it in OrderedReady).
    fn process_condemned(&mut self, condemned: &[&'a core::Pod], i: usize, first_unhealthy: Option<&str>) -> bool {
        let pod = condemned[i];
        let n = name(pod);
        if terminating(pod) {
            if self.monotonic {
                if let Some(next) = condemned.get(i + 1) {
                    self.r.waiting.push(format!("scale-down: {} is deleted only after {n} has terminated (OrderedReady removes pods one at a time, highest ordinal first)", name(next)));
                }
                return true;
            }
            return false;
        }
        let is_first = first_unhealthy == Some(n);
        if self.monotonic && !is_first && !running_and_ready(pod) {
            self.r.waiting.push(format!("scale-down of {n} waits: {} is not Running and Ready, and OrderedReady deletes only healthy pods or the first unhealthy one", first_unhealthy.unwrap_or(n)));
            return true;
        }
        if self.monotonic && !is_first && !pod_available(pod, self.min_ready(), self.now) {
            self.r.waiting.push(format!("scale-down of {n} waits: it has not been Ready for minReadySeconds ({}s) yet", self.min_ready()));
            return true;
        }
        self.delete_pod(pod);
        self.note_retained_claims(pod);
        true
    }

    /// Why a scaled-down pod's claims stay (whenScaled: Retain, the default).
    fn note_retained_claims(&mut self, pod: &core::Pod) {
        if identity::retention(self.spec()).delete_when_scaled {
            return;
        }
        for (_, c) in identity::claims(self.set, identity::ordinal(pod)) {
            let cname = c.metadata.name.clone().unwrap_or_default();
            if self.claim(&cname).is_some() {
                self.note_claim(&cname, format!("kept after {} was scaled away: persistentVolumeClaimRetentionPolicy.whenScaled is Retain, so the claim and its files wait for the set to scale back up", name(pod)));
            }
        }
    }

    fn delete_pod(&mut self, pod: &core::Pod) {
        let pn = name(pod).to_string();
        self.r.write_with_events(
            Write::Delete(DeleteRequest::new(ObjKey::new(Kind::Pod, self.owner.namespace(), &pn))),
            ("SuccessfulDelete", format!("delete Pod {pn} in StatefulSet {} successful", self.set_name())),
            ("FailedDelete", format!("delete Pod {pn} in StatefulSet {} failed error: ", self.set_name())),
        );
    }

    /// The RollingUpdate loop: from the highest ordinal down to the partition, delete the first pod
    /// not at the update revision, or stop at the first unhealthy one. Returns pods deleted (0/1).
    fn rolling_update(&mut self, replicas: &[Slot<'a>], update_min: usize) -> i32 {
        let update = self.revs.update.name.as_str();
        for target in (update_min..replicas.len()).rev() {
            let slot = replicas[target];
            let stale = self.slot_revision(slot, target) != update;
            if let (true, Slot::Pod(p)) = (stale, slot) {
                if !terminating(p) {
                    self.delete_pod(p);
                    return 1;
                }
            }
            if !healthy(slot) {
                if let Some(next) = (update_min..target).rev().find(|j| self.slot_revision(replicas[*j], *j) != update) {
                    self.r.waiting.push(format!(
                        "rolling update: {} is updated only after {} is Running and Ready (highest ordinal first, one at a time)",
                        self.slot_name(replicas[next], next),
                        self.slot_name(slot, target)
                    ));
                }
                return 0;
            }
        }
        let held: Vec<String> = (0..update_min.min(replicas.len())).filter(|j| self.slot_revision(replicas[*j], *j) != update).map(|j| self.slot_name(replicas[j], j)).collect();
        if !held.is_empty() {
            self.r.waiting.push(format!("partition {update_min}: {} stay{} at revision {} until the partition is lowered", held.join(", "), if held.len() == 1 { "s" } else { "" }, self.revs.current.name));
        }
        0
    }

    fn explain_on_delete(&mut self, pods: &[&core::Pod]) {
        let update = &self.revs.update.name;
        let old: Vec<&str> = pods.iter().filter(|p| revision(p) != update && !terminating(p)).map(|p| name(p)).collect();
        if !old.is_empty() {
            self.r.waiting.push(format!("updateStrategy OnDelete: {} keep{} the old template until deleted; a re-created pod gets revision {update}", old.join(", "), if old.len() == 1 { "s" } else { "" }));
        }
    }

    /// computeReplicaStatus over the pods that exist, minus the pod a rolling update just deleted.
    fn status(&self, pods: &[&core::Pod], deleted: i32) -> apps::StatefulSetStatus {
        let (cur, upd) = (self.revs.current.name.as_str(), self.revs.update.name.as_str());
        let min_ready = self.min_ready();
        let count = |f: &dyn Fn(&core::Pod) -> bool| pods.iter().filter(|p| f(p)).count() as i32;
        let created = |p: &core::Pod| !phase(p).is_empty();
        let live = |p: &core::Pod| created(p) && !terminating(p);
        let nz = |n: i32| (n != 0).then_some(n);
        apps::StatefulSetStatus {
            observed_generation: self.set.metadata.generation,
            replicas: count(&created),
            ready_replicas: nz(count(&running_and_ready)),
            available_replicas: Some(count(&|p| running_and_ready(p) && pod_available(p, min_ready, self.now))),
            current_replicas: nz(count(&|p| live(p) && revision(p) == cur) - deleted),
            updated_replicas: nz(count(&|p| live(p) && revision(p) == upd)),
            current_revision: Some(cur.to_string()),
            update_revision: Some(upd.to_string()),
            collision_count: Some(self.revs.collision_count),
            conditions: self.set.status.as_ref().and_then(|s| s.conditions.clone()),
        }
    }

    /// updateStatefulSetStatus: completeRollingUpdate, then write only if something changed.
    fn write_status(&mut self, mut st: apps::StatefulSetStatus) {
        let spec = self.spec();
        let want = identity::replicas(spec);
        let rolling = spec.update_strategy.as_ref().and_then(|s| s.type_.as_deref()) == Some("RollingUpdate");
        let n = |v: Option<i32>| v.unwrap_or(0);
        if rolling && n(st.updated_replicas) == want && n(st.ready_replicas) == want && st.replicas == want {
            st.current_replicas = st.updated_replicas;
            st.current_revision = st.update_revision.clone();
        }
        if self.set.status.as_ref() == Some(&st) {
            return;
        }
        self.r.writes.push(Write::UpdateStatus { key: ObjKey::of(Kind::StatefulSet, &self.set.metadata), status: st.into() });
    }
}

#[cfg(test)]
#[path = "statefulset_tests.rs"]
mod tests;
