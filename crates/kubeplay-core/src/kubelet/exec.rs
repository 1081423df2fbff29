//! `kubectl exec` and `kubectl logs` against the kubelet: running a command in a container's
//! filesystem and environment, and reading container logs.

use super::runtime::{LogLine, PodRuntime};
use crate::api::ObjKey;
use crate::cluster::Cluster;
use kubeplay_shell::{Process, Step};

/// The pod runtime for `key`, if its kubelet runs it.
pub fn runtime<'a>(c: &'a Cluster, key: &ObjKey) -> Option<&'a PodRuntime> {
    c.kubelet.pod(key)
}

/// Which container `name` is in the runtime: (init?, index).
pub fn find_container(rt: &PodRuntime, name: &str) -> Option<(bool, usize)> {
    if let Some(i) = rt.containers.iter().position(|k| k.name() == name) {
        return Some((false, i));
    }
    rt.init.iter().position(|k| k.name() == name).map(|i| (true, i))
}

/// Logs of a container (`previous`: of the instance before the last restart).
pub fn logs(rt: &PodRuntime, init: bool, i: usize, previous: bool) -> &[LogLine] {
    let k = if init { &rt.init[i] } else { &rt.containers[i] };
    if previous { &k.previous_logs } else { &k.logs }
}

/// Starts `argv` in the container and runs it one step; the caller advances the clock on Sleep.
pub fn spawn(c: &Cluster, key: &ObjKey, init: bool, i: usize, argv: Vec<String>) -> Option<Process> {
    let rt = c.kubelet.pod(key)?;
    let k = if init { rt.init.get(i)? } else { rt.containers.get(i)? };
    let cwd = k.spec.working_dir.clone().unwrap_or_else(|| "/".into());
    Some(Process::spawn_shared(argv, k.env.clone(), &cwd))
}

/// One step of an exec'd process; output is appended to `out` as (stderr?, text).
pub fn step(c: &mut Cluster, key: &ObjKey, init: bool, i: usize, process: &mut Process, out: &mut Vec<(bool, String)>) -> Option<Step> {
    let uid = c.kubelet.uids_of(key).next()?.clone();
    let mut rt = c.kubelet.pods.remove(&uid)?;
    let step = super::lifecycle::exec_step(c, &mut rt, init, i, process, out);
    c.kubelet.pods.insert(uid, rt);
    Some(step)
}

/// The runtime's error if `argv0` cannot be executed in the container.
pub fn entrypoint_error(c: &mut Cluster, key: &ObjKey, init: bool, i: usize, argv0: &str) -> Option<String> {
    let uid = c.kubelet.uids_of(key).next()?.clone();
    let mut rt = c.kubelet.pods.remove(&uid)?;
    let err = super::lifecycle::entrypoint_error(c, &mut rt, init, i, argv0);
    c.kubelet.pods.insert(uid, rt);
    err
}
