//! Requests one container made that another served: each access-log line goes to the serving
//! container's log file, or to its output where the file is the image's link to /dev/stdout
//! (nginx's default; a volume mounted over /var/log/nginx hides the link).

use super::host::Served;
use super::runtime::{Ctr, LogLine, PodRuntime, MAX_LOG_LINES};
use super::vfs::{ContainerFs, Ref};
use crate::cluster::Cluster;
use kubeplay_shell::Fs;

/// nginx's access log in the official image.
const ACCESS_LOG: &str = "/var/log/nginx/access.log";

/// Writes each served request's line where its server logs it; `rt` is the pod whose process
/// made the requests (it may have served itself).
pub(crate) fn log(c: &mut Cluster, rt: &mut PodRuntime, served: Vec<Served>) {
    let now = c.now.ms();
    for s in served {
        let own = rt.ip.as_deref() == Some(s.ip.as_str());
        let server = if own { Some(&mut *rt) } else { c.kubelet.pods.values_mut().find(|p| p.ip.as_deref() == Some(s.ip.as_str())).map(|p| &mut **p) };
        let Some(k) = server.and_then(|p| p.containers.iter_mut().find(|k| k.listening.contains(&s.port))) else { continue };
        write(k, &mut c.kubelet.volumes, &s.line, now);
    }
}

fn write(k: &mut Ctr, volumes: &mut std::collections::BTreeMap<super::vfs::VolumeId, super::vfs::Layer>, line: &str, now: i64) {
    let mut fs = ContainerFs { root: Ref::Mut(&mut k.root), mounts: &k.mounts, volumes: Ref::Mut(volumes), now_ms: now };
    match fs.lstat(ACCESS_LOG) {
        Ok(st) if st.link.as_deref() == Some("/dev/stdout") => {}
        Ok(_) => {
            let _ = fs.write(ACCESS_LOG, line.as_bytes(), true);
            return;
        }
        Err(_) => return,
    }
    if k.logs.len() >= MAX_LOG_LINES {
        k.logs.remove(0);
    }
    k.logs.push(LogLine { at_ms: now, text: line.to_string() });
}
