//! The seed tour: built-in scenarios from chapter 8 of *Kubernetes in a Month of Lunches*
//! (sixeyed/kiamol `ch08/`), each a set of editor tabs and guided steps whose checks run against
//! the cluster view in the browser.
//!
//! The manifests are the ones the golden scenarios test (crates/kubeplay-core/tests/scenarios/
//! manifests), included rather than copied so the tour and the tests cannot drift apart.

use crate::docs::Doc;
use crate::timeline::Item;
use crate::view::ClusterView;

macro_rules! manifest {
    ($path:literal) => {
        include_str!(concat!(
            "../crates/kubeplay-core/tests/scenarios/manifests/",
            $path
        ))
    };
}

/// A check: is this step done, judging by the cluster and its timeline?
pub type Check = fn(&ClusterView, &[Item]) -> bool;

/// One guided step.
pub struct Step {
    pub title: &'static str,
    /// What to do and what to watch for.
    pub text: &'static str,
    /// A command the learner can run with one click (or type themselves).
    pub command: Option<&'static str>,
    pub check: Check,
}

/// One built-in scenario.
pub struct Tour {
    pub id: &'static str,
    pub title: &'static str,
    pub summary: &'static str,
    pub docs: &'static [(&'static str, &'static str)],
    pub steps: &'static [Step],
}

impl Tour {
    pub fn docs(&self) -> Vec<Doc> {
        self.docs
            .iter()
            .map(|(name, text)| Doc {
                name: (*name).to_owned(),
                text: (*text).to_owned(),
            })
            .collect()
    }

    /// Which steps are done now.
    pub fn progress(&self, view: &ClusterView, timeline: &[Item]) -> Vec<bool> {
        self.steps
            .iter()
            .map(|s| (s.check)(view, timeline))
            .collect()
    }
}

const TODO_DB: &str = concat!(
    manifest!("todo-db/01-secret.yaml"),
    "---\n",
    manifest!("todo-db/02-service.yaml"),
    "---\n",
    manifest!("todo-db/03-statefulset.yaml"),
);

const TODO_DB_REPLICATED: &str = concat!(
    manifest!("todo-db-replicated/01-secret.yaml"),
    "---\n",
    manifest!("todo-db-replicated/02-service.yaml"),
    "---\n",
    manifest!("todo-db-replicated/03-config.yaml"),
    "---\n",
    manifest!("todo-db-replicated/04-env.yaml"),
    "---\n",
    manifest!("todo-db-replicated/05-scripts.yaml"),
    "---\n",
    manifest!("todo-db-replicated/06-statefulset.yaml"),
);

const BACKUP: &str = concat!(
    manifest!("todo-db-backup/todo-db-backup-pvc.yaml"),
    "---\n",
    manifest!("todo-db-backup/todo-db-backup-cronjob.yaml"),
);

/// The editor's content on a first visit: the seed's todo-db.
pub fn starter_docs() -> Vec<Doc> {
    TOURS[0].docs()
}

pub static TOURS: &[Tour] = &[
    Tour {
        id: "todo-db",
        title: "todo-db: a StatefulSet with a Secret and a headless Service",
        summary: "Pods created one at a time with stable names, and a DNS name for each.",
        docs: &[("todo-db.yaml", TODO_DB)],
        steps: &[
            Step {
                title: "Apply the Secret, the headless Service and the StatefulSet",
                text: "Press Apply (Ctrl+Enter), then Play. todo-db-0 starts first; todo-db-1 is \
                       created only once todo-db-0 is Running and Ready.",
                command: None,
                check: |v, _| running(v, "todo-db-0") && running(v, "todo-db-1"),
            },
            Step {
                title: "Find each pod's own DNS name",
                text: "A headless Service gives every pod of the set a name of its own: \
                       todo-db-0.todo-db.default.svc.cluster.local. Watch the DNS panel.",
                command: Some("kubectl exec todo-db-1 -- nslookup todo-db-0.todo-db"),
                check: |v, _| has_dns(v, "todo-db-0.todo-db.default.svc.cluster.local"),
            },
            Step {
                title: "Delete todo-db-0 and watch it come back",
                text: "The StatefulSet replaces it with a pod of the same name (a new uid) and \
                       the same DNS name, at a new IP.",
                command: Some("kubectl delete pod todo-db-0"),
                check: |v, t| recreated(t, "todo-db", "todo-db-0") && running(v, "todo-db-0"),
            },
        ],
    },
    Tour {
        id: "sleep-with-pvc",
        title: "sleep-with-pvc: each pod keeps its own PersistentVolumeClaim",
        summary: "volumeClaimTemplates give every ordinal a claim that outlives its pod.",
        docs: &[(
            "sleep-with-pvc.yaml",
            manifest!("sleep-with-pvc/sleep-with-pvc.yaml"),
        )],
        steps: &[
            Step {
                title: "Apply and watch the claims bind",
                text: "Each pod gets a claim named data-sleep-with-pvc-<ordinal>; the volume is \
                       provisioned when the pod is scheduled (WaitForFirstConsumer).",
                command: None,
                check: |v, _| {
                    bound(v, "data-sleep-with-pvc-0") && running(v, "sleep-with-pvc-1")
                },
            },
            Step {
                title: "Write a file onto pod 0's claim",
                text: "The file lands on the claim, not in the container: see it under the \
                       claim in the cluster view.",
                command: Some(
                    "kubectl exec sleep-with-pvc-0 -- sh -c 'echo Pod 0 initialized at $(date) > /data/pod0.txt'",
                ),
                check: |v, _| claim_has_file(v, "data-sleep-with-pvc-0", "pod0.txt"),
            },
            Step {
                title: "Replace the pod: the data stays",
                text: "Delete sleep-with-pvc-0. Its replacement mounts the same claim, so \
                       `cat /data/pod0.txt` still works.",
                command: Some("kubectl delete pod sleep-with-pvc-0"),
                check: |v, t| {
                    recreated(t, "sleep-with-pvc", "sleep-with-pvc-0")
                        && running(v, "sleep-with-pvc-0")
                },
            },
        ],
    },
    Tour {
        id: "pi-job",
        title: "pi-job: a Job that computes π",
        summary: "One pod runs to completion; the Job records it.",
        docs: &[("pi-job.yaml", manifest!("pi/pi-job.yaml"))],
        steps: &[
            Step {
                title: "Apply and play until the Job completes",
                text: "The pod computes π to 50 decimal places and exits 0: COMPLETIONS 1/1.",
                command: None,
                check: |v, _| job_status(v, "pi-job") == Some("Complete"),
            },
            Step {
                title: "Read the result",
                text: "The digits are in the pod's log.",
                command: Some("kubectl logs -l job-name=pi-job"),
                check: |v, _| job_status(v, "pi-job") == Some("Complete"),
            },
        ],
    },
    Tour {
        id: "pi-job-random",
        title: "pi-job-random: completions, parallelism and $RANDOM",
        summary: "Three pods at once, each with an init container picking a random precision.",
        docs: &[("pi-job-random.yaml", manifest!("pi/pi-job-random.yaml"))],
        steps: &[
            Step {
                title: "Apply and watch three pods run in parallel",
                text: "Each init container writes $RANDOM to /init/dp; larger numbers take \
                       longer, so the pods finish at different times.",
                command: None,
                check: |v, _| job_succeeded(v, "pi-job-random") >= 1,
            },
            Step {
                title: "Wait for 3/3 completions",
                text: "The Job is Complete when all three pods succeeded.",
                command: Some("kubectl get jobs pi-job-random"),
                check: |v, _| job_status(v, "pi-job-random") == Some("Complete"),
            },
        ],
    },
    Tour {
        id: "todo-db-backup",
        title: "todo-db-backup: a CronJob dumping the database every two minutes",
        summary: "The replicated todo-db, a backup claim, and dumps piling up on it.",
        docs: &[
            ("todo-db-replicated.yaml", TODO_DB_REPLICATED),
            ("todo-db-backup.yaml", BACKUP),
        ],
        steps: &[
            Step {
                title: "Apply the replicated todo-db (first tab)",
                text: "The primary and a standby: init containers wait for DNS and for the \
                       primary, then the standby copies it with pg_basebackup.",
                command: None,
                check: |v, _| running(v, "todo-db-0") && running(v, "todo-db-1"),
            },
            Step {
                title: "Apply the backup CronJob (second tab)",
                text: "The book's file says batch/v1beta1, which Kubernetes removed in 1.25: \
                       this tab is already converted to batch/v1.",
                command: None,
                check: |v, _| v.cronjobs.iter().any(|c| c.name == "todo-db-backup"),
            },
            Step {
                title: "Let two schedules pass and look at the claim",
                text: "Every two minutes a Job runs pg_dump onto todo-db-backup-pvc; the .tar \
                       files pile up under the claim.",
                command: Some("kubectl get cronjob,jobs"),
                check: |v, _| claim_files(v, "todo-db-backup-pvc") >= 2,
            },
        ],
    },
];

fn running(v: &ClusterView, pod: &str) -> bool {
    v.all_pods()
        .any(|p| p.name == pod && p.status == "Running" && p.is_ready)
}

fn bound(v: &ClusterView, claim: &str) -> bool {
    v.pvcs.iter().any(|c| c.name == claim && c.phase == "Bound")
}

fn claim_has_file(v: &ClusterView, claim: &str, file: &str) -> bool {
    v.pvcs
        .iter()
        .any(|c| c.name == claim && c.files.iter().any(|f| f.path.ends_with(file)))
}

fn claim_files(v: &ClusterView, claim: &str) -> usize {
    v.pvcs
        .iter()
        .find(|c| c.name == claim)
        .map_or(0, |c| c.files.len() + c.more_files)
}

fn has_dns(v: &ClusterView, name: &str) -> bool {
    v.dns.iter().any(|r| r.name == name)
}

fn job_status<'v>(v: &'v ClusterView, job: &str) -> Option<&'v str> {
    v.all_jobs()
        .find(|j| j.name == job)
        .map(|j| j.status.as_str())
}

fn job_succeeded(v: &ClusterView, job: &str) -> i32 {
    v.all_jobs()
        .find(|j| j.name == job)
        .map_or(0, |j| j.succeeded)
}

/// The StatefulSet created this pod more than once: the Event counts up (`(×2)`).
fn recreated(timeline: &[Item], set: &str, pod: &str) -> bool {
    let msg = format!("SuccessfulCreate: create Pod {pod} in StatefulSet {set} successful (×");
    timeline.iter().any(|i| i.text.starts_with(&msg))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::session::Session;
    use crate::view::snapshot;

    /// Applies a tour's tabs, runs its commands, and checks every step turns done.
    fn walk(tour: &Tour, wait: &str) -> Vec<bool> {
        let session = Session::new(1, 1_735_689_600_000);
        let mut sim = session.fresh();
        for doc in tour.docs() {
            let t = sim.run_script(&crate::docs::apply_command(&doc.text));
            assert_eq!(t.status, 0, "{}: {}", doc.name, t.text());
            sim.run_script(wait);
        }
        for step in tour.steps {
            if let Some(c) = step.command {
                sim.run_script(c);
                sim.run_script(wait);
            }
        }
        let view = snapshot(&sim);
        tour.progress(&view, &crate::timeline::items(&sim, &session))
    }

    #[test]
    fn every_tour_can_be_completed() {
        for tour in TOURS {
            let wait = if tour.id == "todo-db-backup" {
                "sleep 5m"
            } else {
                "sleep 2m"
            };
            let done = walk(tour, wait);
            assert!(done.iter().all(|d| *d), "{}: {done:?}", tour.id);
        }
    }

    #[test]
    fn nothing_is_done_before_anything_was_applied() {
        let view = ClusterView::default();
        for tour in TOURS {
            assert!(tour.progress(&view, &[]).iter().all(|d| !d), "{}", tour.id);
        }
    }
}
