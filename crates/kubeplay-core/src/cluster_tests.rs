//! Tests of the write path's rules: what a status write may change, and when it writes nothing.

use super::*;
use k8s_openapi::api::core::v1 as core;

/// A namespace: a kind with a spec and a status that needs nothing else to exist.
fn namespace(c: &mut Cluster, name: &str) -> ObjKey {
    let manifest = serde_json::json!({"metadata": {"name": name, "labels": {"team": "a"}}, "spec": {"finalizers": ["kubernetes"]}});
    let obj = Object::from_value(Kind::Namespace, manifest).expect("namespace");
    c.submit(Write::Create(obj)).expect("create")
}

fn terminating() -> core::NamespaceStatus {
    let condition = core::NamespaceCondition { type_: "NamespaceContentRemaining".into(), status: "True".into(), ..Default::default() };
    core::NamespaceStatus { phase: Some("Terminating".into()), conditions: Some(vec![condition]) }
}

#[test]
fn a_status_write_changes_only_the_status() {
    let mut c = Cluster::new(1, SimTime(0));
    let key = namespace(&mut c, "team");
    let Some(Object::Namespace(before)) = c.get(&key).cloned() else { panic!("no namespace") };
    let lines = c.trace.lines().len();
    let Object::Namespace(after) = c.write(Write::UpdateStatus { key: key.clone(), status: terminating().into() }).expect("status") else { panic!("not a namespace") };
    assert_eq!(after.status, Some(terminating()));
    assert_eq!(after.spec, before.spec, "the spec is the stored one");
    let mut meta = after.metadata.clone();
    assert_ne!(meta.resource_version, before.metadata.resource_version, "a change moves the resourceVersion");
    meta.resource_version.clone_from(&before.metadata.resource_version);
    assert_eq!(meta, before.metadata, "nothing else in the metadata moves");
    assert_eq!(c.trace.lines().len(), lines + 1);
    assert!(c.trace.lines()[lines].contains("status"), "{}", c.trace.lines()[lines]);
    // None clears the status, as a status write of an object without one did.
    c.submit(Write::UpdateStatus { key: key.clone(), status: Option::<core::NamespaceStatus>::None.into() }).expect("clear");
    assert!(matches!(c.get(&key), Some(Object::Namespace(p)) if p.status.is_none()));
}

#[test]
fn an_unchanged_status_writes_nothing() {
    let mut c = Cluster::new(1, SimTime(0));
    let key = namespace(&mut c, "team");
    c.submit(Write::UpdateStatus { key: key.clone(), status: terminating().into() }).expect("status");
    let stored = c.store.get_shared(&key).expect("stored");
    let (lines, queued) = (c.trace.lines().len(), c.queue.len());
    let rv = c.store.next_resource_version();
    c.submit(Write::UpdateStatus { key: key.clone(), status: terminating().into() }).expect("same status");
    assert!(Rc::ptr_eq(&stored, &c.store.get_shared(&key).expect("stored")), "the stored object is untouched");
    assert_eq!((c.trace.lines().len(), c.queue.len()), (lines, queued), "no trace line, nobody woken");
    let next: u64 = c.store.next_resource_version().parse().expect("number");
    assert_eq!(next, rv.parse::<u64>().expect("number") + 1, "no resourceVersion was used");
}

#[test]
fn a_status_write_to_a_missing_object_or_of_another_kind_is_refused() {
    let mut c = Cluster::new(1, SimTime(0));
    let missing = ObjKey::new(Kind::Pod, "default", "nope");
    let err = c.write(Write::UpdateStatus { key: missing, status: core::PodStatus::default().into() }).expect_err("missing");
    assert_eq!(err, ApiError::not_found(Kind::Pod, "nope"));
    let key = namespace(&mut c, "team");
    let before = c.store.get_shared(&key).expect("stored");
    let err = c.write(Write::UpdateStatus { key: key.clone(), status: k8s_openapi::api::batch::v1::JobStatus::default().into() }).expect_err("wrong kind");
    assert!(matches!(err, ApiError::BadRequest(_)), "{err:?}");
    assert!(Rc::ptr_eq(&before, &c.store.get_shared(&key).expect("stored")), "nothing written");
}

#[test]
fn an_update_that_keeps_the_spec_checks_the_metadata_and_keeps_the_generation() {
    let mut c = Cluster::new(1, SimTime(0));
    let manifest = serde_json::json!({"metadata": {"name": "tick", "namespace": "default"}, "spec": {"schedule": "*/2 * * * *", "jobTemplate": {"spec": {"template": {"spec": {"restartPolicy": "Never", "containers": [{"name": "c", "image": "busybox"}]}}}}}});
    let key = c.submit(Write::Create(Object::from_value(Kind::CronJob, manifest).expect("cronjob"))).expect("create");
    let stored = || c.get(&key).cloned().expect("stored");
    let rv = |o: &Object| o.meta().resource_version.clone().expect("rv");
    let before = stored();
    let mut labelled = before.clone();
    labelled.meta_mut().labels = Some([("team".to_string(), "a".to_string())].into());
    let after = c.write(Write::Update(labelled.clone())).expect("label");
    assert_eq!((after.meta().generation, after.labels().get("team").map(String::as_str)), (Some(1), Some("a")));
    assert_ne!(rv(&after), rv(&before));
    assert_eq!(rv(&c.write(Write::Update(labelled.clone())).expect("again")), rv(&after), "the same object again writes nothing");
    let mut bad = after.clone();
    bad.meta_mut().labels = Some([("bad label".to_string(), "a".to_string())].into());
    let err = c.write(Write::Update(bad)).expect_err("invalid label");
    assert!(matches!(&err, ApiError::Invalid { causes, .. } if causes.iter().any(|e| e.to_string().starts_with("metadata.labels"))), "{err:?}");
    let Object::CronJob(mut cj) = after else { panic!("not a cronjob") };
    if let Some(s) = cj.spec.as_mut() {
        s.schedule = "*/5 * * * *".into();
    }
    assert_eq!(c.write(Write::Update(Object::CronJob(cj))).expect("schedule").meta().generation, Some(2), "a spec change moves the generation");
}
