//! The Deployment controller (pkg/controller/deployment: deployment_controller.go syncDeployment,
//! sync.go, rolling.go, recreate.go, progress.go): owns ReplicaSets named `<deploy>-<pod-template-hash>`,
//! scales them for RollingUpdate (maxSurge/maxUnavailable) or Recreate, proportionally on scaling
//! events, keeps revisionHistoryLimit old sets, and reports status with the Available and
//! Progressing conditions.

use super::deployment_util::*;
use super::owners::{controller_of, controller_ref, is_controlled_by};
use super::Reconciled;
use crate::api::{Kind, ObjKey, Object};
use crate::clock::SimTime;
use crate::cluster::{DeleteRequest, Write};
use crate::selector::matches_label_selector;
use crate::store::Store;
use k8s_openapi::api::apps::v1 as apps;
use k8s_openapi::apimachinery::pkg::apis::meta::v1::ObjectMeta;

/// The Deployment itself; the Deployment controlling a changed ReplicaSet (or, for an orphan, the
/// Deployments that select it); for Recreate, the Deployment whose old pods changed.
pub fn watch(store: &Store, obj: &Object, out: &mut Vec<ObjKey>) {
    match obj {
        Object::Deployment(_) => out.push(obj.key()),
        Object::ReplicaSet(_) => {
            if let Some(k) = controller_of(obj, Kind::Deployment) {
                return out.push(k);
            }
            if obj.meta().owner_references.iter().flatten().any(|r| r.controller == Some(true)) {
                return;
            }
            let labels = obj.labels();
            out.extend(
                store
                    .list(Kind::Deployment, Some(obj.namespace()))
                    .filter(|o| matches!(o, Object::Deployment(d) if d.spec.as_ref().is_some_and(|s| matches_label_selector(&s.selector, labels))))
                    .map(Object::key),
            )
        }
        Object::Pod(_) => {
            let Some(rs) = controller_of(obj, Kind::ReplicaSet).and_then(|k| store.get(&k)) else { return };
            let Some(dk) = controller_of(rs, Kind::Deployment) else { return };
            if let Some(Object::Deployment(d)) = store.get(&dk) {
                if !is_rolling(d) {
                    out.push(dk);
                }
            }
        }
        _ => {}
    }
}

pub fn reconcile(store: &Store, key: &ObjKey, now: SimTime) -> Reconciled {
    let Some(obj @ Object::Deployment(d)) = store.get(key) else { return Reconciled::default() };
    let mut s = Sync { store, obj, d: d.as_ref().clone(), rss: Vec::new(), r: Reconciled::default(), now, abort: false };
    s.claim_replica_sets();
    if s.d.metadata.deletion_timestamp.is_some() {
        let new = s.new_and_old(false);
        s.sync_status(new);
    } else {
        s.check_paused_conditions();
        let paused = s.d.spec.as_ref().and_then(|sp| sp.paused).unwrap_or(false);
        if paused || s.is_scaling_event() {
            s.sync(paused);
        } else if is_rolling(&s.d) {
            s.rollout_rolling();
        } else {
            s.rollout_recreate();
        }
    }
    s.finish(d)
}

/// One sync: the Deployment as the controller sees it (mutated in memory like upstream's copy),
/// its ReplicaSets (local copies of what it writes), and what it decided.
struct Sync<'a> {
    store: &'a Store,
    obj: &'a Object,
    d: apps::Deployment,
    rss: Vec<apps::ReplicaSet>,
    r: Reconciled,
    now: SimTime,
    /// An apiserver error ends the sync early (hash collision); status is still written.
    abort: bool,
}

impl Sync<'_> {
    fn ns(&self) -> String {
        self.obj.namespace().to_string()
    }
    fn name(&self) -> String {
        self.obj.name().to_string()
    }

    /// getReplicaSetsForDeployment: the sets it controls, plus matching orphans it adopts.
    fn claim_replica_sets(&mut self) {
        let selector = self.d.spec.clone().unwrap_or_default().selector;
        let deleting = self.d.metadata.deletion_timestamp.is_some();
        for o in self.store.list(Kind::ReplicaSet, Some(self.obj.namespace())) {
            let Object::ReplicaSet(rs) = o else { continue };
            let matches = matches_label_selector(&selector, o.labels());
            if is_controlled_by(o, self.obj.uid()) {
                self.rss.push(rs.as_ref().clone());
            } else if matches && !deleting && rs.metadata.deletion_timestamp.is_none() && !o.meta().owner_references.iter().flatten().any(|x| x.controller == Some(true)) {
                let mut adopted = rs.as_ref().clone();
                adopted.metadata.owner_references.get_or_insert_with(Vec::new).push(controller_ref(self.obj));
                self.r.writes.push(Write::Update(Object::ReplicaSet(Box::new(adopted.clone()))));
                self.rss.push(adopted);
            }
        }
    }

    fn template(&self) -> k8s_openapi::api::core::v1::PodTemplateSpec {
        self.d.spec.clone().unwrap_or_default().template
    }

    /// FindNewReplicaSet: the oldest set whose template equals the Deployment's (ignoring the hash).
    fn find_new(&self) -> Option<usize> {
        let t = self.template();
        let mut idx: Vec<usize> = (0..self.rss.len()).collect();
        idx.sort_by(|a, b| by_creation(&self.rss[*a], &self.rss[*b]));
        idx.into_iter().find(|i| self.rss[*i].spec.as_ref().and_then(|s| s.template.as_ref()).is_some_and(|rt| equal_ignore_hash(rt, &t)))
    }

    fn olds(&self, new: Option<usize>) -> Vec<usize> {
        (0..self.rss.len()).filter(|i| Some(*i) != new).collect()
    }

    fn update_rs(&mut self, i: usize, rs: apps::ReplicaSet) {
        self.rss[i] = rs.clone();
        self.r.writes.push(Write::Update(Object::ReplicaSet(Box::new(rs))));
    }

    fn set_revision(&mut self, rev: &str) {
        let a = self.d.metadata.annotations.get_or_insert_with(Default::default);
        if a.get(REVISION).map(String::as_str) != Some(rev) {
            a.insert(REVISION.into(), rev.to_string());
        }
    }

    /// getAllReplicaSetsAndSyncRevision / getNewReplicaSet: the new set's index, syncing its
    /// annotations and the Deployment's revision; creates it when `create` and it is missing.
    fn new_and_old(&mut self, create: bool) -> Option<usize> {
        let new = self.find_new();
        let max_old = self.olds(new).iter().map(|i| revision(&self.rss[*i])).max().unwrap_or(0);
        let new_revision = max_old + 1;
        if let Some(i) = new {
            let mut rs = self.rss[i].clone();
            let annotations = set_new_rs_annotations(&self.d, &mut rs, new_revision, true);
            let min_ready = self.d.spec.as_ref().and_then(|s| s.min_ready_seconds).unwrap_or(0);
            let spec = rs.spec.get_or_insert_with(Default::default);
            if annotations || spec.min_ready_seconds.unwrap_or(0) != min_ready {
                spec.min_ready_seconds = (min_ready != 0).then_some(min_ready);
                self.update_rs(i, rs);
                return Some(i);
            }
            let rev = annotation(&rs, REVISION).unwrap_or("").to_string();
            self.set_revision(&rev);
            let no_progressing = self.d.status.as_ref().is_none_or(|st| condition(st, "Progressing").is_none());
            if has_progress_deadline(&self.d) && no_progressing {
                let msg = format!("Found new replica set \"{}\"", rs.metadata.name.clone().unwrap_or_default());
                set_condition(self.d.status.get_or_insert_with(Default::default), new_condition("Progressing", "True", "FoundNewReplicaSet", msg, self.now));
            }
            return Some(i);
        }
        if !create {
            return None;
        }
        let collision = self.d.status.as_ref().and_then(|s| s.collision_count);
        let mut template = self.template();
        let hash = compute_hash(&template, collision);
        template.metadata.get_or_insert_with(Default::default).labels.get_or_insert_with(Default::default).insert(HASH_LABEL.into(), hash.clone());
        let mut selector = self.d.spec.clone().unwrap_or_default().selector;
        selector.match_labels.get_or_insert_with(Default::default).insert(HASH_LABEL.into(), hash.clone());
        let rs_name = format!("{}-{}", self.name(), hash);
        let mut rs = apps::ReplicaSet {
            metadata: ObjectMeta {
                name: Some(rs_name.clone()),
                namespace: Some(self.ns()),
                owner_references: Some(vec![controller_ref(self.obj)]),
                labels: template.metadata.as_ref().and_then(|m| m.labels.clone()),
                ..Default::default()
            },
            spec: Some(apps::ReplicaSetSpec {
                replicas: Some(0),
                min_ready_seconds: self.d.spec.as_ref().and_then(|s| s.min_ready_seconds).filter(|m| *m != 0),
                selector,
                template: Some(template),
            }),
            status: None,
        };
        let want = self.new_rs_new_replicas(None, &rs);
        if let Some(spec) = rs.spec.as_mut() {
            spec.replicas = Some(want);
        }
        set_new_rs_annotations(&self.d, &mut rs, new_revision, false);
        if self.store.get(&ObjKey::new(Kind::ReplicaSet, &self.ns(), &rs_name)).is_some() {
            // Another set already has this name: a hash collision. Bump collisionCount and let the
            // status update requeue the Deployment (a new count gives a new hash).
            let st = self.d.status.get_or_insert_with(Default::default);
            st.collision_count = Some(st.collision_count.unwrap_or(0) + 1);
            self.r.waiting.push(format!("replica set {rs_name} exists with another template; retrying with collisionCount {}", st.collision_count.unwrap_or(0)));
            self.abort = true;
            return None;
        }
        self.r.writes.push(Write::Create(Object::ReplicaSet(Box::new(rs.clone()))));
        self.rss.push(rs);
        if want > 0 {
            self.r.event("Normal", "ScalingReplicaSet", format!("Scaled up replica set {rs_name} from 0 to {want}"));
        }
        self.set_revision(&new_revision.to_string());
        if has_progress_deadline(&self.d) {
            let c = new_condition("Progressing", "True", "NewReplicaSetCreated", format!("Created new replica set \"{rs_name}\""), self.now);
            set_condition(self.d.status.get_or_insert_with(Default::default), c);
        }
        Some(self.rss.len() - 1)
    }

    /// NewRSNewReplicas: how big the new set may be now (`new` indexes `rss`, or the set being made).
    fn new_rs_new_replicas(&self, new: Option<usize>, made: &apps::ReplicaSet) -> i32 {
        let want = replicas(&self.d);
        if !is_rolling(&self.d) {
            return want;
        }
        let new_rs = new.map_or(made, |i| &self.rss[i]);
        let ru = self.d.spec.as_ref().and_then(|s| s.strategy.as_ref()).and_then(|s| s.rolling_update.as_ref());
        let surge = scaled(ru.and_then(|r| r.max_surge.as_ref()), want, true);
        let mut current: i32 = self.rss.iter().map(rs_replicas).sum();
        if new.is_none() {
            current += rs_replicas(made);
        }
        let max_total = want + surge;
        if current >= max_total {
            return rs_replicas(new_rs);
        }
        let up = (max_total - current).min(want - rs_replicas(new_rs));
        rs_replicas(new_rs) + up
    }

    /// scaleReplicaSet: new size and replica annotations; `ScalingReplicaSet` when the size changes.
    fn scale_rs(&mut self, i: usize, to: i32, op: &str) -> bool {
        let mut rs = self.rss[i].clone();
        let from = rs_replicas(&rs);
        let size_changes = from != to;
        let ann = set_replicas_annotations(&mut rs, replicas(&self.d), replicas(&self.d) + max_surge(&self.d));
        if !size_changes && !ann {
            return false;
        }
        rs.spec.get_or_insert_with(Default::default).replicas = Some(to);
        let name = rs.metadata.name.clone().unwrap_or_default();
        self.update_rs(i, rs);
        if size_changes {
            self.r.event("Normal", "ScalingReplicaSet", format!("Scaled {op} replica set {name} from {from} to {to}"));
        }
        size_changes
    }

    /// scaleReplicaSetAndRecordEvent.
    fn scale_and_record(&mut self, i: usize, to: i32) -> bool {
        let from = rs_replicas(&self.rss[i]);
        if from == to {
            return false;
        }
        self.scale_rs(i, to, if from < to { "up" } else { "down" })
    }

    /// isScalingEvent: an active set's desired-replicas annotation disagrees with spec.replicas.
    fn is_scaling_event(&mut self) -> bool {
        let _ = self.new_and_old(false);
        let want = replicas(&self.d);
        self.rss.iter().filter(|rs| rs_replicas(rs) > 0).any(|rs| annotation(rs, DESIRED_REPLICAS).and_then(|v| v.parse::<i32>().ok()).is_some_and(|d| d != want))
    }

    /// sync: scaling (and paused Deployments) without rolling anything out.
    fn sync(&mut self, paused: bool) {
        let new = self.new_and_old(false);
        if self.abort {
            return;
        }
        self.scale(new);
        if paused {
            self.cleanup(new);
        }
        self.sync_status(new);
    }

    /// scale: one active set takes all replicas; otherwise proportional scaling of the active sets.
    fn scale(&mut self, new: Option<usize>) {
        let want = replicas(&self.d);
        let mut olds = self.olds(new);
        olds.sort_by(|a, b| by_creation(&self.rss[*b], &self.rss[*a]));
        let mut all: Vec<usize> = olds.clone();
        all.extend(new);
        let active: Vec<usize> = all.iter().copied().filter(|i| rs_replicas(&self.rss[*i]) > 0).collect();
        let active_or_latest = match active.len() {
            0 => new.or(olds.first().copied()),
            1 => Some(active[0]),
            _ => None,
        };
        if let Some(i) = active_or_latest {
            if rs_replicas(&self.rss[i]) != want {
                self.scale_and_record(i, want);
            }
            return;
        }
        if new.is_some_and(|i| self.saturated(i)) {
            for i in olds {
                if rs_replicas(&self.rss[i]) > 0 {
                    self.scale_and_record(i, 0);
                }
            }
            return;
        }
        if !is_rolling(&self.d) {
            return;
        }
        let mut active = active;
        let total: i32 = active.iter().map(|i| rs_replicas(&self.rss[*i])).sum();
        let allowed = if want > 0 { want + max_surge(&self.d) } else { 0 };
        let to_add = allowed - total;
        let op = if to_add > 0 {
            active.sort_by(|a, b| by_size_newer(&self.rss[*a], &self.rss[*b]));
            "up"
        } else {
            active.sort_by(|a, b| by_size_older(&self.rss[*a], &self.rss[*b]));
            "down"
        };
        let mut added = 0;
        let mut sizes = Vec::new();
        for i in &active {
            let rs = &self.rss[*i];
            if to_add != 0 {
                let p = self.proportion(rs, to_add, added);
                sizes.push(rs_replicas(rs) + p);
                added += p;
            } else {
                sizes.push(rs_replicas(rs));
            }
        }
        for (k, i) in active.into_iter().enumerate() {
            if k == 0 && to_add != 0 {
                sizes[0] = (sizes[0] + to_add - added).max(0);
            }
            self.scale_rs(i, sizes[k], op);
        }
    }

    /// IsSaturated: the new set has all replicas, wants them, and all are available.
    fn saturated(&self, i: usize) -> bool {
        let rs = &self.rss[i];
        let want = replicas(&self.d);
        let desired = annotation(rs, DESIRED_REPLICAS).and_then(|v| v.parse::<i32>().ok());
        desired == Some(want) && rs_replicas(rs) == want && available(rs) == want
    }

    /// GetProportion / getReplicaSetFraction, rounding half away from zero like math.Round.
    fn proportion(&self, rs: &apps::ReplicaSet, to_add: i32, added: i32) -> i32 {
        let size = rs_replicas(rs);
        if size == 0 || to_add == 0 || to_add == added {
            return 0;
        }
        let frac = if replicas(&self.d) == 0 {
            -size
        } else {
            let dr = i64::from(replicas(&self.d) + max_surge(&self.d));
            let annotated = annotation(rs, MAX_REPLICAS).and_then(|v| v.parse::<i64>().ok()).unwrap_or_else(|| i64::from(self.d.status.as_ref().and_then(|s| s.replicas).unwrap_or(0)));
            if annotated == 0 {
                return 0;
            }
            let num = i64::from(size) * dr;
            ((2 * num + annotated).div_euclid(2 * annotated)) as i32 - size
        };
        let allowed = to_add - added;
        if to_add > 0 { frac.min(allowed) } else { frac.max(allowed) }
    }

    /// rolloutRolling: scale the new set up within maxSurge, old ones down within maxUnavailable.
    fn rollout_rolling(&mut self) {
        let Some(new) = self.new_and_old(true) else { return self.finish_status(None) };
        if self.reconcile_new(new) || self.reconcile_old(new) {
            return self.sync_rollout_status(Some(new));
        }
        if complete(&self.d, &self.d.status.clone().unwrap_or_default()) {
            self.cleanup(Some(new));
        }
        self.sync_rollout_status(Some(new));
    }

    fn finish_status(&mut self, new: Option<usize>) {
        if !self.abort {
            self.sync_rollout_status(new);
        }
    }

    fn reconcile_new(&mut self, new: usize) -> bool {
        let want = replicas(&self.d);
        let have = rs_replicas(&self.rss[new]);
        if have == want {
            return false;
        }
        if have > want {
            return self.scale_and_record(new, want);
        }
        let to = self.new_rs_new_replicas(Some(new), &self.rss[new].clone());
        self.scale_and_record(new, to)
    }

    /// reconcileOldReplicaSets: unhealthy old replicas first, then as many as availability allows.
    fn reconcile_old(&mut self, new: usize) -> bool {
        let mut olds: Vec<usize> = self.olds(Some(new)).into_iter().filter(|i| rs_replicas(&self.rss[*i]) > 0).collect();
        if olds.is_empty() {
            return false;
        }
        let all_pods: i32 = self.rss.iter().map(rs_replicas).sum();
        let min_available = replicas(&self.d) - max_unavailable(&self.d);
        let new_unavailable = rs_replicas(&self.rss[new]) - available(&self.rss[new]);
        let max_scaled_down = all_pods - min_available - new_unavailable;
        if max_scaled_down <= 0 {
            return false;
        }
        olds.sort_by(|a, b| by_creation(&self.rss[*a], &self.rss[*b]));
        let mut cleaned = 0;
        for &i in &olds {
            if cleaned >= max_scaled_down {
                break;
            }
            let (size, avail) = (rs_replicas(&self.rss[i]), available(&self.rss[i]));
            if size == 0 || size == avail {
                continue;
            }
            let down = (max_scaled_down - cleaned).min(size - avail);
            self.scale_and_record(i, size - down);
            cleaned += down;
        }
        // scaleDownOldReplicaSetsForRollingUpdate over the active old sets and the new one.
        let mut scaled = 0;
        let avail: i32 = olds.iter().chain(std::iter::once(&new)).map(|i| available(&self.rss[*i])).sum();
        if avail > min_available {
            let total = avail - min_available;
            for &i in &olds {
                if scaled >= total {
                    break;
                }
                let size = rs_replicas(&self.rss[i]);
                if size == 0 {
                    continue;
                }
                let down = size.min(total - scaled);
                self.scale_and_record(i, size - down);
                scaled += down;
            }
        }
        cleaned + scaled > 0
    }

    /// rolloutRecreate: all old pods gone before the new set is scaled up.
    fn rollout_recreate(&mut self) {
        let mut new = self.new_and_old(false);
        if self.abort {
            return;
        }
        let mut scaled_down = false;
        for i in self.olds(new) {
            if rs_replicas(&self.rss[i]) > 0 {
                self.scale_and_record(i, 0);
                scaled_down = true;
            }
        }
        if scaled_down || self.old_pods_running(new) {
            self.r.waiting.push("Recreate: waiting for the old pods to be gone before scaling up the new replica set".into());
            return self.sync_rollout_status(new);
        }
        if new.is_none() {
            new = self.new_and_old(true);
            if self.abort {
                return;
            }
        }
        if let Some(i) = new {
            self.scale_and_record(i, replicas(&self.d));
        }
        if complete(&self.d, &self.d.status.clone().unwrap_or_default()) {
            self.cleanup(new);
        }
        self.sync_rollout_status(new);
    }

    /// oldPodsRunning: old sets still report replicas, or a pod of theirs is not terminal.
    fn old_pods_running(&self, new: Option<usize>) -> bool {
        let olds = self.olds(new);
        if olds.iter().map(|i| status_replicas(&self.rss[*i])).sum::<i32>() > 0 {
            return true;
        }
        let uids: Vec<String> = olds.iter().filter_map(|i| self.rss[*i].metadata.uid.clone()).collect();
        self.store.list(Kind::Pod, Some(self.obj.namespace())).any(|o| {
            let Object::Pod(p) = o else { return false };
            let phase = p.status.as_ref().and_then(|s| s.phase.as_deref());
            uids.iter().any(|u| is_controlled_by(o, u)) && !matches!(phase, Some("Succeeded") | Some("Failed"))
        })
    }

    /// cleanupDeployment: delete the oldest idle old sets beyond revisionHistoryLimit.
    fn cleanup(&mut self, new: Option<usize>) {
        let Some(limit) = self.d.spec.as_ref().and_then(|s| s.revision_history_limit).filter(|l| *l != i32::MAX) else { return };
        let mut cleanable: Vec<usize> = self.olds(new).into_iter().filter(|i| self.rss[*i].metadata.deletion_timestamp.is_none()).collect();
        let diff = cleanable.len() as i64 - i64::from(limit);
        if diff <= 0 {
            return;
        }
        cleanable.sort_by(|a, b| by_revision(&self.rss[*a], &self.rss[*b]));
        for &i in cleanable.iter().take(diff as usize) {
            let rs = &self.rss[i];
            let observed = rs.status.as_ref().and_then(|s| s.observed_generation).unwrap_or(0);
            if status_replicas(rs) != 0 || rs_replicas(rs) != 0 || rs.metadata.generation.unwrap_or(0) > observed {
                continue;
            }
            let name = rs.metadata.name.clone().unwrap_or_default();
            self.r.writes.push(Write::Delete(DeleteRequest::new(ObjKey::new(Kind::ReplicaSet, &self.ns(), &name))));
        }
    }

    /// checkPausedConditions: Progressing Unknown DeploymentPaused / DeploymentResumed.
    fn check_paused_conditions(&mut self) {
        if !has_progress_deadline(&self.d) {
            return;
        }
        let paused = self.d.spec.as_ref().and_then(|s| s.paused).unwrap_or(false);
        let st = self.d.status.get_or_insert_with(Default::default);
        let reason = condition(st, "Progressing").and_then(|c| c.reason.clone());
        if reason.as_deref() == Some("ProgressDeadlineExceeded") {
            return;
        }
        let paused_exists = reason.as_deref() == Some("DeploymentPaused");
        if paused && !paused_exists {
            set_condition(st, new_condition("Progressing", "Unknown", "DeploymentPaused", "Deployment is paused".into(), self.now));
        } else if !paused && paused_exists {
            set_condition(st, new_condition("Progressing", "Unknown", "DeploymentResumed", "Deployment is resumed".into(), self.now));
        }
    }

    /// syncDeploymentStatus: counts and Available only.
    fn sync_status(&mut self, new: Option<usize>) {
        let all: Vec<&apps::ReplicaSet> = self.rss.iter().collect();
        let st = calculate_status(&all, new.map(|i| &self.rss[i]), &self.d, self.now);
        self.d.status = Some(st);
    }

    /// syncRolloutStatus: counts, Available, and Progressing (progress, completion, deadline).
    fn sync_rollout_status(&mut self, new: Option<usize>) {
        let all: Vec<&apps::ReplicaSet> = self.rss.iter().collect();
        let new_rs = new.map(|i| &self.rss[i]);
        let mut st = calculate_status(&all, new_rs, &self.d, self.now);
        let old = self.d.status.clone().unwrap_or_default();
        let pd = has_progress_deadline(&self.d);
        if !pd {
            remove_condition(&mut st, "Progressing");
        }
        let cur = condition(&old, "Progressing").cloned();
        let done = st.replicas == st.updated_replicas && cur.as_ref().and_then(|c| c.reason.as_deref()) == Some("NewReplicaSetAvailable");
        let what = match new_rs.and_then(|r| r.metadata.name.clone()) {
            Some(n) => format!("ReplicaSet \"{n}\""),
            None => format!("Deployment \"{}\"", self.name()),
        };
        if pd && !done {
            if complete(&self.d, &st) {
                set_condition(&mut st, new_condition("Progressing", "True", "NewReplicaSetAvailable", format!("{what} has successfully progressed."), self.now));
            } else if progressing(&self.d, &st) {
                let mut c = new_condition("Progressing", "True", "ReplicaSetUpdated", format!("{what} is progressing."), self.now);
                if let Some(cur) = &cur {
                    if cur.status == "True" {
                        c.last_transition_time = cur.last_transition_time.clone();
                    }
                    remove_condition(&mut st, "Progressing");
                }
                set_condition(&mut st, c);
            } else if timed_out(&self.d, &st, self.now) {
                set_condition(&mut st, new_condition("Progressing", "False", "ProgressDeadlineExceeded", format!("{what} has timed out progressing."), self.now));
            }
        }
        if st == old {
            self.requeue_stuck(&st);
            return;
        }
        self.d.status = Some(st);
    }

    /// requeueStuckDeployment: look again when the progress deadline would pass.
    fn requeue_stuck(&mut self, st: &apps::DeploymentStatus) {
        let old = self.d.status.clone().unwrap_or_default();
        let Some(cur) = condition(&old, "Progressing").filter(|_| has_progress_deadline(&self.d)) else { return };
        if complete(&self.d, st) || cur.reason.as_deref() == Some("ProgressDeadlineExceeded") {
            return;
        }
        let from = cur.last_update_time.as_ref().map_or(0, |t| t.0.as_millisecond());
        let deadline = i64::from(self.d.spec.as_ref().and_then(|s| s.progress_deadline_seconds).unwrap_or(600)) * 1000;
        let after = from + deadline - self.now.ms();
        // Under a second: upstream requeues rate-limited (5ms first).
        self.r.requeue_after_ms = Some(if after < 1000 { 5 } else { after });
        self.r.waiting.push(format!("waiting for the new replica set's pods to become available (progress deadline in {}s)", after.max(0) / 1000));
    }

    /// Writes the Deployment's revision annotation and status if they changed.
    fn finish(mut self, orig: &apps::Deployment) -> Reconciled {
        if self.d.metadata.annotations != orig.metadata.annotations {
            let mut m = orig.clone();
            m.metadata.annotations = self.d.metadata.annotations.clone();
            self.r.writes.push(Write::Update(Object::Deployment(Box::new(m))));
        }
        if self.d.status != orig.status {
            self.r.writes.push(Write::UpdateStatus { key: ObjKey::of(Kind::Deployment, &orig.metadata), status: self.d.status.take().into() });
        }
        self.r
    }
}

#[cfg(test)]
#[path = "deployment_tests.rs"]
mod tests;
