//! Leases (coordination.k8s.io/v1): each kubelet's node Lease in kube-node-lease
//! (pkg/kubelet/nodelease with component-helpers/apimachinery/lease: named and held by the node,
//! 40 s, owned by the Node, renewed every 10 s with wait.Jitter's 4%) and the leader-election
//! Leases `kube-controller-manager` and `kube-scheduler` in kube-system (client-go
//! tools/leaderelection with LeaseLock: `<hostname>_<uuid>`, 15 s, renewed every 2 s).
//!
//! Renewals are not written as they fall due: hours of them would cost every long run, and only a
//! reader can tell. Each lease's renewal clock runs in `Cluster.lease_clocks`; before a kubectl
//! command that names leases, `catch_up` writes each lease's latest renewal once (a deleted lease
//! is made again, as its holder would on its next renewal). The resourceVersion then moves once
//! where a real cluster's would have moved once per renewal.

use crate::api::{Kind, ObjKey, Object};
use crate::cluster::{Cluster, Write};
use crate::rng::Prng;
use k8s_openapi::api::coordination::v1::{Lease, LeaseSpec};
use k8s_openapi::apimachinery::pkg::apis::meta::v1::{MicroTime, ObjectMeta, OwnerReference};

/// The kubelet's lease duration (NodeLeaseDurationSeconds) and renew interval (a quarter of it).
const NODE_LEASE_SECONDS: i32 = 40;
const NODE_RENEW_US: i64 = 10_000_000;
/// The kubelet lease controller's JitterUntil factor, 0.04, of the renew interval.
const NODE_SPREAD_US: i64 = NODE_RENEW_US / 25;
/// kube-controller-manager's and kube-scheduler's leader election: LeaseDuration and RetryPeriod.
const LEADER_LEASE_SECONDS: i32 = 15;
const LEADER_RETRY_US: i64 = 2_000_000;

/// When a lease is next renewed, and how its renewals are spaced.
#[derive(Debug, Clone)]
pub struct LeaseClock {
    /// The last renewal written, in microseconds since the epoch.
    last_us: i64,
    /// The renewal after it.
    next_us: i64,
    period_us: i64,
    /// How much longer than the period a wait may be (wait.Jitter's maxFactor times the period),
    /// drawn from the lease's own stream.
    spread_us: i64,
    rng: Prng,
    /// A leader's identity, which it keeps for the life of its process (None for node leases).
    holder: Option<String>,
}

impl LeaseClock {
    fn new(now_us: i64, period_us: i64, spread_us: i64, seed: u64) -> Self {
        let mut c = LeaseClock { last_us: now_us, next_us: now_us, period_us, spread_us, rng: Prng::new(seed), holder: None };
        c.next_us = now_us + c.wait_us();
        c
    }

    /// wait.Jitter(period, maxFactor): period + rand.Float64()*maxFactor*period, to the microsecond.
    fn wait_us(&mut self) -> i64 {
        if self.spread_us == 0 {
            return self.period_us;
        }
        self.period_us + self.rng.below(self.spread_us as u64 + 1) as i64
    }

    /// Moves to the latest renewal at or before `now_us`; whether there was one since the last.
    fn advance(&mut self, now_us: i64) -> bool {
        if self.next_us > now_us {
            return false;
        }
        while self.next_us <= now_us {
            self.last_us = self.next_us;
            self.next_us += self.wait_us();
        }
        true
    }
}

fn micro(us: i64) -> MicroTime {
    MicroTime(k8s_openapi::jiff::Timestamp::from_microsecond(us).unwrap_or_default())
}

fn seed_of(key: &ObjKey) -> u64 {
    let mut h = crate::rng::Fnv1a::default();
    h.write(key.namespace.bytes().chain([0xff])).write(key.name.bytes());
    h.value()
}

/// The node lease as newLease makes it, owned by its Node (setNodeOwnerFunc).
fn node_lease(node: &str, node_uid: &str, renew_us: i64) -> Object {
    let owner = OwnerReference { api_version: "v1".into(), kind: "Node".into(), name: node.into(), uid: node_uid.into(), ..Default::default() };
    let metadata = ObjectMeta { name: Some(node.into()), namespace: Some("kube-node-lease".into()), owner_references: Some(vec![owner]), ..Default::default() };
    let spec = LeaseSpec { holder_identity: Some(node.into()), lease_duration_seconds: Some(NODE_LEASE_SECONDS), renew_time: Some(micro(renew_us)), ..Default::default() };
    Object::Lease(Box::new(Lease { metadata, spec: Some(spec) }))
}

/// A leader-election lease as LeaseLock.Create writes LeaderElectionRecordToLeaseSpec.
fn leader_lease(name: &str, holder: &str, acquired_us: i64) -> Object {
    let metadata = ObjectMeta { name: Some(name.into()), namespace: Some("kube-system".into()), ..Default::default() };
    let spec = LeaseSpec {
        holder_identity: Some(holder.into()),
        lease_duration_seconds: Some(LEADER_LEASE_SECONDS),
        acquire_time: Some(micro(acquired_us)),
        renew_time: Some(micro(acquired_us)),
        lease_transitions: Some(0),
        ..Default::default()
    };
    Object::Lease(Box::new(Lease { metadata, spec: Some(spec) }))
}

fn now_us(c: &Cluster) -> i64 {
    c.now.ms() * 1000
}

/// A kubelet starts its lease controller: the node's lease, renewed at once and then every 10 s.
pub(crate) fn start_node_lease(c: &mut Cluster, node: &str) {
    let uid = c.get(&ObjKey::new(Kind::Node, "", node)).map(|n| n.uid().to_string()).unwrap_or_default();
    let now = now_us(c);
    let key = ObjKey::new(Kind::Lease, "kube-node-lease", node);
    c.lease_clocks.insert(key.clone(), LeaseClock::new(now, NODE_RENEW_US, NODE_SPREAD_US, seed_of(&key)));
    let _ = c.submit(Write::Create(node_lease(node, &uid, now)));
}

/// kube-controller-manager and kube-scheduler on `host` win their elections as they start; their
/// identities are the hostname and a random UUID (drawn from the caller's stream).
pub(crate) fn start_leaders(c: &mut Cluster, host: &str) {
    let now = now_us(c);
    for name in ["kube-controller-manager", "kube-scheduler"] {
        let holder = format!("{host}_{}", c.rng.uuid());
        let key = ObjKey::new(Kind::Lease, "kube-system", name);
        let mut clock = LeaseClock::new(now, LEADER_RETRY_US, 0, seed_of(&key));
        clock.holder = Some(holder.clone());
        c.lease_clocks.insert(key.clone(), clock);
        let _ = c.submit(Write::Create(leader_lease(name, &holder, now)));
    }
}

/// Writes each lease's latest renewal, if one fell due since the last written (see the module
/// comment); a lease deleted meanwhile is made again, a node's only while its Node exists.
pub(crate) fn catch_up(c: &mut Cluster) {
    let now = now_us(c);
    let due: Vec<(ObjKey, i64, Option<String>)> = c.lease_clocks.iter_mut().filter_map(|(k, clock)| clock.advance(now).then(|| (k.clone(), clock.last_us, clock.holder.clone()))).collect();
    for (key, renewed, holder) in due {
        match c.get(&key).cloned() {
            Some(Object::Lease(mut lease)) => {
                lease.spec.get_or_insert_with(Default::default).renew_time = Some(micro(renewed));
                let _ = c.submit(Write::Update(Object::Lease(lease)));
            }
            _ if key.namespace == "kube-node-lease" => match c.get(&ObjKey::new(Kind::Node, "", &key.name)).map(|n| n.uid().to_string()) {
                Some(uid) => {
                    let _ = c.submit(Write::Create(node_lease(&key.name, &uid, renewed)));
                }
                None => {
                    c.lease_clocks.remove(&key);
                }
            },
            // tryAcquireOrRenew finds no record and creates one under the same identity, acquired
            // at that renewal.
            _ => {
                let _ = c.submit(Write::Create(leader_lease(&key.name, holder.as_deref().unwrap_or(""), renewed)));
            }
        }
    }
}

/// Whether a kubectl line's resource arguments name leases (`leases`, `lease/NAME`, `lease,pods`),
/// so the renewals are brought up to date before it reads them.
pub(crate) fn named_in(args: &[String]) -> bool {
    args.iter().flat_map(|a| a.split(',')).any(|w| {
        let kind = w.split('/').next().unwrap_or(w);
        crate::api::kinds::kind_from_resource(kind) == Some(Kind::Lease)
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn renewals_are_ten_seconds_and_up_to_four_percent_apart() {
        let mut c = LeaseClock::new(0, NODE_RENEW_US, NODE_SPREAD_US, 7);
        let mut last = 0;
        for step in 1..200 {
            assert!(c.advance(step * 10_500_000) || c.last_us == last);
            let gap = c.next_us - c.last_us;
            assert!((10_000_000..=10_400_000).contains(&gap), "{gap}");
            last = c.last_us;
        }
        // Caught up at once or step by step, the renewals are the same.
        let mut once = LeaseClock::new(0, NODE_RENEW_US, NODE_SPREAD_US, 7);
        once.advance(199 * 10_500_000);
        assert_eq!((once.last_us, once.next_us), (c.last_us, c.next_us));
    }

    #[test]
    fn lease_arguments_are_recognized() {
        let args = |s: &[&str]| s.iter().map(|x| x.to_string()).collect::<Vec<_>>();
        assert!(named_in(&args(&["get", "leases"])));
        assert!(named_in(&args(&["get", "lease/kind-worker"])));
        assert!(named_in(&args(&["get", "pods,lease.coordination.k8s.io"])));
        assert!(!named_in(&args(&["get", "pods"])));
    }
}
