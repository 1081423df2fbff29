//! Tests of ValidatePodUpdate's rules, on pods and through the cluster's write path.

use super::*;
use crate::api::{Kind, Object};
use crate::clock::SimTime;
use crate::cluster::{Cluster, Write};
use serde_json::{json, Value};

/// A strategic merge patch as far as these tests need: objects merge, lists of named objects
/// merge by name, other lists are replaced, null removes.
fn merge(target: &mut Value, patch: &Value) {
    let (Some(t), Some(p)) = (target.as_object_mut(), patch.as_object()) else {
        *target = patch.clone();
        return;
    };
    for (k, pv) in p {
        match (t.get_mut(k), pv) {
            (_, Value::Null) => {
                t.remove(k);
            }
            (Some(tv), Value::Object(_)) if tv.is_object() => merge(tv, pv),
            (Some(Value::Array(ta)), Value::Array(pa)) if !pa.is_empty() && pa.iter().all(|x| x.get("name").is_some()) => {
                for item in pa {
                    match ta.iter_mut().find(|x| x.get("name") == item.get("name")) {
                        Some(existing) => merge(existing, item),
                        None => ta.push(item.clone()),
                    }
                }
            }
            _ => {
                t.insert(k.clone(), pv.clone());
            }
        }
    }
}

fn pod(spec: Value) -> core::Pod {
    serde_json::from_value(json!({"metadata": {"name": "p", "namespace": "default"}, "spec": spec})).expect("a pod")
}

/// A pod as the apiserver stores it (defaults filled in) with `change` merged into its spec.
fn pair(base: Value, change: Value) -> (core::Pod, core::Pod) {
    let mut new = base.clone();
    merge(&mut new, &change);
    (pod(base), pod(new))
}

fn base() -> Value {
    json!({
        "containers": [{"name": "c", "image": "busybox:1.36", "command": ["sleep", "1d"], "imagePullPolicy": "IfNotPresent"}],
        "restartPolicy": "Always",
        "terminationGracePeriodSeconds": 30,
        "dnsPolicy": "ClusterFirst",
        "tolerations": [{"key": "node.kubernetes.io/not-ready", "operator": "Exists", "effect": "NoExecute", "tolerationSeconds": 300}],
    })
}

fn errors(base: Value, change: Value) -> Vec<String> {
    let (old, new) = pair(base, change);
    validate_pod_update(&old, &new, Vec::new()).iter().map(ToString::to_string).collect()
}

const FORBIDDEN: &str = "spec: Forbidden: pod updates may not change fields other than `spec.containers[*].image`,`spec.initContainers[*].image`,`spec.activeDeadlineSeconds`,`spec.tolerations` (only additions to existing tolerations),`spec.terminationGracePeriodSeconds` (allow it to be set to 1 if it was previously negative)\n";

#[test]
fn the_updatable_fields_may_change() {
    assert!(errors(base(), json!({"containers": [{"name": "c", "image": "busybox:1.37"}]})).is_empty());
    assert!(errors(base(), json!({"activeDeadlineSeconds": 600})).is_empty());
    let mut with_deadline = base();
    with_deadline["activeDeadlineSeconds"] = json!(600);
    assert!(errors(with_deadline.clone(), json!({"activeDeadlineSeconds": 300})).is_empty(), "lowered");
    assert!(errors(with_deadline, json!({"activeDeadlineSeconds": 600})).is_empty(), "kept");
    let added = json!({"tolerations": [
        {"key": "node.kubernetes.io/not-ready", "operator": "Exists", "effect": "NoExecute", "tolerationSeconds": 60},
        {"key": "example.com/x", "operator": "Exists"},
    ]});
    assert!(errors(base(), added).is_empty(), "added, and tolerationSeconds changed");
    let mut negative = base();
    negative["terminationGracePeriodSeconds"] = json!(-1);
    assert!(errors(negative, json!({"terminationGracePeriodSeconds": 1})).is_empty());
}

#[test]
fn a_changed_command_is_forbidden_with_a_diff() {
    let errs = errors(base(), json!({"containers": [{"name": "c", "command": ["sleep", "2d"]}]}));
    assert_eq!(errs.len(), 1, "{errs:?}");
    let diff = "  core.PodSpec{\n  \tVolumes:        nil,\n  \tInitContainers: nil,\n  \tContainers: []core.Container{\n  \t\t{\n  \t\t\tName:  \"c\",\n  \t\t\tImage: \"busybox:1.36\",\n  \t\t\tCommand: []string{\n  \t\t\t\t\"sleep\",\n- \t\t\t\t\"1d\",\n+ \t\t\t\t\"2d\",\n  \t\t\t},\n  \t\t\tArgs:       nil,\n  \t\t\tWorkingDir: \"\",\n  \t\t\t... // 19 identical fields\n  \t\t},\n  \t},\n  \tEphemeralContainers: nil,\n  \tRestartPolicy:       \"Always\",\n  \t... // 29 identical fields\n  }\n";
    assert_eq!(errs[0], format!("{FORBIDDEN}{diff}"));
}

#[test]
fn an_image_change_with_another_change_shows_only_the_other() {
    let errs = errors(base(), json!({"containers": [{"name": "c", "image": "busybox:1.37", "workingDir": "/tmp"}]}));
    assert_eq!(errs.len(), 1);
    assert!(errs[0].contains("- \t\t\tWorkingDir: \"\",\n+ \t\t\tWorkingDir: \"/tmp\",\n"), "{}", errs[0]);
    assert!(!errs[0].contains("1.37"), "{}", errs[0]);
}

#[test]
fn a_changed_restart_policy_is_forbidden() {
    let errs = errors(base(), json!({"restartPolicy": "Never"}));
    assert_eq!(errs.len(), 1);
    assert!(errs[0].starts_with(FORBIDDEN));
    assert!(errs[0].contains("- \tRestartPolicy:                 \"Always\",\n+ \tRestartPolicy:                 \"Never\",\n"), "{}", errs[0]);
}

#[test]
fn active_deadline_seconds_may_not_grow_or_go() {
    let mut with_deadline = base();
    with_deadline["activeDeadlineSeconds"] = json!(600);
    assert_eq!(errors(with_deadline.clone(), json!({"activeDeadlineSeconds": 900})), ["spec.activeDeadlineSeconds: Invalid value: 900: must be less than or equal to previous value"]);
    assert_eq!(errors(with_deadline, json!({"activeDeadlineSeconds": null})), ["spec.activeDeadlineSeconds: Invalid value: \"null\": must not update from a positive integer to nil value"]);
    assert_eq!(errors(base(), json!({"activeDeadlineSeconds": -5, "restartPolicy": "Never"})), ["spec.activeDeadlineSeconds: Invalid value: -5: must be between 0 and 2147483647, inclusive"], "stops there");
}

#[test]
fn tolerations_may_not_be_removed_or_changed() {
    let msg = "spec.tolerations: Forbidden: existing toleration can not be modified except its tolerationSeconds";
    assert_eq!(errors(base(), json!({"tolerations": []})), [msg]);
    assert_eq!(errors(base(), json!({"tolerations": [{"key": "node.kubernetes.io/not-ready", "operator": "Exists", "effect": "NoSchedule"}]})), [msg]);
    let bad = errors(base(), json!({"tolerations": [
        {"key": "node.kubernetes.io/not-ready", "operator": "Exists", "effect": "NoExecute"},
        {"operator": "Equal", "value": "x"},
    ]}));
    assert_eq!(bad, ["spec.tolerations[1].operator: Invalid value: \"Equal\": operator must be Exists when `key` is empty, which means \"match all values and all keys\""]);
}

#[test]
fn scheduling_gates_may_only_be_removed() {
    let mut gated = base();
    gated["schedulingGates"] = json!([{"name": "example.com/a"}]);
    assert!(errors(gated.clone(), json!({"schedulingGates": []})).is_empty());
    assert_eq!(
        errors(gated.clone(), json!({"schedulingGates": [{"name": "example.com/a"}, {"name": "example.com/b"}]})),
        ["spec.schedulingGates[1].name: Forbidden: only deletion is allowed, but found new scheduling gate 'example.com/b'"]
    );
    // A gated pod may gain node selector entries, not change them.
    gated["nodeSelector"] = json!({"disk": "ssd"});
    assert!(errors(gated.clone(), json!({"nodeSelector": {"zone": "a"}})).is_empty());
    let errs = errors(gated, json!({"nodeSelector": {"disk": "hdd"}}));
    assert_eq!(errs, ["spec.nodeSelector: Invalid value: map[string]string{\"disk\":\"hdd\"}: only additions to spec.nodeSelector are allowed (no mutations or deletions)"]);
    // An ungated pod's node selector is like any other field.
    let errs = errors(base(), json!({"nodeSelector": {"zone": "a"}}));
    assert!(errs[0].contains("- \tNodeSelector:                 nil,\n+ \tNodeSelector:                 map[string]string{\"zone\": \"a\"},\n"), "{}", errs[0]);
}

#[test]
fn containers_may_not_be_added_or_removed() {
    let change = json!({"containers": [{"name": "c", "image": "busybox:1.36"}, {"name": "d", "image": "nginx"}], "restartPolicy": "Never"});
    assert_eq!(errors(base(), change), ["spec.containers: Forbidden: pod updates may not add or remove containers"]);
}

#[test]
fn an_image_needs_no_surrounding_space() {
    let errs = errors(base(), json!({"containers": [{"name": "c", "image": " busybox"}]}));
    assert_eq!(errs, ["spec.containers[0].image: Invalid value: \" busybox\": must not have leading or trailing whitespace"]);
}

#[test]
fn a_grace_period_changes_only_from_negative_to_one() {
    let errs = errors(base(), json!({"terminationGracePeriodSeconds": 10}));
    assert!(errs[0].contains("- \tTerminationGracePeriodSeconds: &30,\n+ \tTerminationGracePeriodSeconds: &10,\n"), "{}", errs[0]);
}

#[test]
fn mirror_and_apparmor_annotations_are_fixed() {
    let old = pod(base());
    let mut new = old.clone();
    new.metadata.annotations = Some([("kubernetes.io/config.mirror".to_string(), "x".to_string())].into());
    let errs: Vec<String> = validate_pod_update(&old, &new, Vec::new()).iter().map(ToString::to_string).collect();
    assert_eq!(errs, ["metadata.annotations[kubernetes.io/config.mirror]: Forbidden: may not add mirror pod annotation"]);
}

/// A running pod in a fresh cluster, as `kubectl apply` would create it.
fn cluster_with_pod() -> (Cluster, Object) {
    let mut c = Cluster::new(1, SimTime(0));
    let account = Object::from_value(Kind::ServiceAccount, json!({"metadata": {"name": "default", "namespace": "default"}})).expect("account");
    c.write(Write::Create(account)).expect("the default service account");
    let manifest = json!({"metadata": {"name": "p", "namespace": "default"}, "spec": {"containers": [{"name": "c", "image": "busybox:1.36", "command": ["sleep", "1d"]}]}});
    let obj = c.write(Write::Create(Object::from_value(Kind::Pod, manifest).expect("pod"))).expect("create");
    (c, obj)
}

fn changed(obj: &Object, patch: Value) -> Object {
    let mut v = obj.to_value();
    merge(&mut v, &patch);
    Object::from_value(Kind::Pod, v).expect("pod")
}

#[test]
fn the_write_path_refuses_a_spec_change_and_keeps_the_pod() {
    let (mut c, obj) = cluster_with_pod();
    let err = c.write(Write::Update(changed(&obj, json!({"spec": {"containers": [{"name": "c", "command": ["sleep", "2d"]}]}})))).expect_err("refused");
    let text = err.render(None);
    assert!(text.starts_with("The Pod \"p\" is invalid: spec: Forbidden: pod updates may not change fields other than "), "{text}");
    assert!(text.ends_with("  }\n"), "the diff ends the message with its newline: {text:?}");
    assert_eq!(c.get(&obj.key()), Some(&obj), "nothing written");
    let relabelled = changed(&obj, json!({"metadata": {"labels": {"tier": "web"}}}));
    assert!(c.write(Write::Update(relabelled)).is_ok(), "labels change freely");
    let reimaged = changed(c.get(&obj.key()).expect("pod"), json!({"spec": {"containers": [{"name": "c", "image": "busybox:1.37"}]}}));
    assert!(c.write(Write::Update(reimaged)).is_ok(), "images change");
}

#[test]
fn an_update_keeps_the_admitted_tolerations_and_priority() {
    let (mut c, obj) = cluster_with_pod();
    // A list replaced whole (a strategic merge patch of tolerations) loses the two default
    // tolerations; DefaultTolerationSeconds adds them back, so the change is an addition.
    let mut v = obj.to_value();
    v["spec"]["tolerations"] = json!([{"key": "example.com/x", "operator": "Exists", "effect": "NoSchedule"}]);
    v["spec"].as_object_mut().expect("spec").remove("priority");
    let stored = c.write(Write::Update(Object::from_value(Kind::Pod, v).expect("pod"))).expect("an addition");
    let Object::Pod(p) = stored else { panic!("a pod") };
    let spec = p.spec.expect("spec");
    let keys: Vec<&str> = spec.tolerations.iter().flatten().filter_map(|t| t.key.as_deref()).collect();
    assert_eq!(keys, ["example.com/x", "node.kubernetes.io/not-ready", "node.kubernetes.io/unreachable"]);
    assert_eq!(spec.priority, Some(0), "the stored priority is kept");
}
