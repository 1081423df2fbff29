//! The `kubeplay_shell::Host` a container's processes run against: its filesystem, the cluster DNS
//! with the pod's search path, connections to Services and pod IPs (answered by whatever listens
//! there), `$RANDOM` from the simulation's PRNG, and stdout into the container log or an exec session.

use super::images;
use super::runtime::{LogLine, PodRuntime, MAX_LOG_LINES};
use super::vfs::{ContainerFs, Layer, Ref, VolumeId};
use crate::api::{Kind, Object};
use crate::clock::SimTime;
use crate::rng::{Fnv1a, Prng};
use crate::store::Store;
use kubeplay_shell::{Fs, HttpResponse, NetError, Peer, Protocol, Resolution};
use std::collections::{BTreeMap, BTreeSet};

/// Where a process's unredirected output goes.
pub enum Sink<'a> {
    /// The container log (the main process).
    Log(&'a mut Vec<LogLine>),
    /// A `kubectl exec` session: (stream is stderr?, text) in order.
    Exec(&'a mut Vec<(bool, String)>),
}

pub struct CtrHost<'a> {
    pub now: SimTime,
    pub rng: &'a mut Prng,
    pub store: &'a Store,
    /// Every other pod's runtime (this pod's is taken out while it runs).
    pub pods: &'a BTreeMap<String, Box<PodRuntime>>,
    pub namespace: &'a str,
    pub hostname: &'a str,
    pub pod_ip: &'a str,
    pub image: &'a str,
    /// `image`'s row in the catalogue (`images::lookup`), looked up once per image.
    pub catalogued: Option<&'static images::Image>,
    pub fs: ContainerFs<'a>,
    pub listening: &'a mut BTreeSet<u16>,
    pub sink: Sink<'a>,
    /// Requests this container's processes made that a server logs (nginx's access log); the
    /// kubelet writes them into the serving container once the processes have run.
    pub served: Vec<Served>,
    /// Connections opened so far in this run: with the pod and the time, what picks the endpoint
    /// behind a Service (kube-proxy picks one at random per connection).
    pub connections: u64,
}

/// One request a server answered: which container (pod IP and port) and its access-log line.
pub struct Served {
    pub ip: String,
    pub port: u16,
    pub line: String,
}

/// nginx's `main` log format: `$remote_addr - $remote_user [$time_local] "$request" $status
/// $body_bytes_sent "$http_referer" "$http_user_agent" "$http_x_forwarded_for"`, as busybox wget
/// (HTTP/1.1, User-Agent `Wget`) or the kubelet's prober (`kube-probe/1.33`) makes it.
pub(crate) fn access_line(client: &str, now: SimTime, path: &str, r: &HttpResponse, agent: &str) -> String {
    const MONTHS: [&str; 12] = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"];
    let c = crate::timefmt::civil(now.secs());
    let month = MONTHS[(c.month as usize).saturating_sub(1) % 12];
    let path = if path.is_empty() { "/" } else { path };
    format!("{client} - - [{:02}/{month}/{}:{:02}:{:02}:{:02} +0000] \"GET {path} HTTP/1.1\" {} {} \"-\" \"{agent}\" \"-\"\n", c.day, c.year, c.hour, c.minute, c.second, r.status, r.body.len())
}

impl CtrHost<'_> {
    fn emit(&mut self, stderr: bool, text: &str) {
        match &mut self.sink {
            Sink::Log(lines) => {
                for line in text.split_inclusive('\n') {
                    match lines.last_mut() {
                        Some(last) if !last.text.ends_with('\n') => last.text.push_str(line),
                        _ => {
                            if lines.len() >= MAX_LOG_LINES {
                                lines.remove(0);
                            }
                            lines.push(LogLine { at_ms: self.now.ms(), text: line.to_string() });
                        }
                    }
                }
            }
            Sink::Exec(out) => out.push((stderr, text.to_string())),
        }
    }

    fn ip_of(&self, host: &str) -> Result<String, NetError> {
        if crate::dns::is_ip(host) {
            return Ok(host.to_string());
        }
        if host == "localhost" {
            return Ok("127.0.0.1".into());
        }
        let (_, answer) = crate::dns::resolve(self.store, self.namespace, host);
        answer.and_then(|a| a.addresses.first().map(|(ip, _)| ip.clone())).ok_or(NetError::UnknownHost)
    }

    /// Follows a ClusterIP to one of its ready endpoints (`pick` chooses which, as kube-proxy's
    /// random rule does), on the target port the Service names for that pod.
    fn route(&self, ip: &str, port: u16, pick: u64) -> Result<(String, u16), NetError> {
        // kube-proxy's rules: a cluster IP on a Service port, or any node's IP on a node port.
        let on_node = crate::bootstrap::NODES.iter().any(|n| n.1 == ip);
        let svc = self.store.list(Kind::Service, None).find_map(|o| match o {
            Object::Service(s) if s.spec.as_ref().and_then(|sp| sp.cluster_ip.as_deref()) == Some(ip) => Some(s.as_ref()),
            Object::Service(s) if on_node && s.spec.iter().flat_map(|sp| sp.ports.iter().flatten()).any(|p| p.node_port == Some(i32::from(port))) => Some(s.as_ref()),
            _ => None,
        });
        let Some(svc) = svc else { return Ok((ip.to_string(), port)) };
        let ns = svc.metadata.namespace.clone().unwrap_or_default();
        let name = svc.metadata.name.clone().unwrap_or_default();
        let wanted = |p: &&k8s_openapi::api::core::v1::ServicePort| if on_node { p.node_port == Some(i32::from(port)) } else { p.port == i32::from(port) };
        let sp = svc.spec.iter().flat_map(|s| s.ports.iter().flatten()).find(wanted).ok_or(NetError::Timeout)?;
        let endpoints = crate::dns::ready_endpoints(self.store, &ns, &name);
        if endpoints.is_empty() {
            return Err(NetError::Refused);
        }
        let (ep_ip, _) = &endpoints[(pick % endpoints.len() as u64) as usize];
        let pod = self.store.list(Kind::Pod, Some(&ns)).find_map(|o| match o {
            Object::Pod(p) if p.status.as_ref().and_then(|s| s.pod_ip.as_deref()) == Some(ep_ip.as_str()) => Some(p.as_ref()),
            _ => None,
        });
        let target = pod.and_then(|p| crate::controllers::endpointslice::target_port(sp, p)).unwrap_or(sp.port);
        Ok((ep_ip.clone(), u16::try_from(target).unwrap_or(0)))
    }

    /// Where a connection to `host:port` lands: the address itself, or through a Service's
    /// cluster IP to one of its ready endpoints on the target port (which may be this pod).
    fn resolve(&mut self, host: &str, port: u16) -> Result<(String, u16), NetError> {
        let ip = self.ip_of(host)?;
        if self.is_self(&ip) {
            return Ok((ip, port));
        }
        self.connections += 1;
        // A stream of its own, so a request draws nothing from the cluster's random numbers.
        let pick = Fnv1a::default().write(self.pod_ip.bytes()).write(self.now.ms().to_le_bytes()).write(self.connections.to_le_bytes()).value();
        self.route(&ip, port, pick)
    }

    /// What listens at `ip:port`, this container or another pod's.
    fn peer(&self, ip: String, port: u16) -> Result<Peer, NetError> {
        if self.is_self(&ip) {
            return if self.listening.contains(&port) {
                Ok(Peer { ip, server: images::repository(self.image).to_string() })
            } else {
                Err(NetError::Refused)
            };
        }
        match self.listener(&ip, port) {
            Some((pod, i)) => Ok(Peer { ip, server: images::repository(pod.containers[i].spec.image.as_deref().unwrap_or("")).to_string() }),
            None => Err(NetError::Refused),
        }
    }

    fn is_self(&self, ip: &str) -> bool {
        ip == "127.0.0.1" || ip == self.pod_ip
    }

    fn listener(&self, ip: &str, port: u16) -> Option<(&PodRuntime, usize)> {
        let pod = self.pods.values().find(|p| p.ip.as_deref() == Some(ip))?;
        let i = pod.containers.iter().position(|c| c.listening.contains(&port))?;
        Some((pod, i))
    }
}

impl kubeplay_shell::Host for CtrHost<'_> {
    fn now_ms(&self) -> i64 {
        self.now.ms()
    }
    fn random(&mut self) -> u32 {
        (self.rng.next_u64() >> 33) as u32
    }
    fn stdout(&mut self, text: &str) {
        self.emit(false, text);
    }
    fn stderr(&mut self, text: &str) {
        self.emit(true, text);
    }
    fn fs(&mut self) -> &mut dyn Fs {
        &mut self.fs
    }
    fn hostname(&self) -> String {
        self.hostname.to_string()
    }
    fn resolve(&self, name: &str) -> Resolution {
        let (_, answer) = crate::dns::resolve(self.store, self.namespace, name);
        Resolution {
            server: (crate::dns::SERVER_IP.into(), crate::dns::SERVER_NAME.into()),
            fqdn: answer.as_ref().map(|a| a.fqdn.clone()),
            addresses: answer.map(|a| a.addresses).unwrap_or_default(),
        }
    }
    fn connect(&mut self, host: &str, port: u16) -> Result<Peer, NetError> {
        let (ip, port) = self.resolve(host, port)?;
        self.peer(ip, port)
    }
    fn peer_fs(&mut self, host: &str, port: u16, f: &mut dyn FnMut(&mut dyn Fs)) -> Result<Peer, NetError> {
        let (ip, port) = self.resolve(host, port)?;
        let peer = self.peer(ip.clone(), port)?;
        if self.is_self(&peer.ip) {
            f(&mut self.fs);
            return Ok(peer);
        }
        let volumes = match &self.fs.volumes {
            Ref::Mut(v) => &**v,
            Ref::Shared(v) => *v,
        };
        let (pod, i) = self.listener(&ip, port).ok_or(NetError::Refused)?;
        let k = &pod.containers[i];
        let mut fs = ContainerFs { root: Ref::Shared(&k.root), mounts: &k.mounts, volumes: Ref::Shared(volumes as &BTreeMap<VolumeId, Layer>), now_ms: self.now.ms() };
        f(&mut fs);
        Ok(peer)
    }
    fn http_get(&mut self, host: &str, port: u16, path: &str) -> Result<HttpResponse, NetError> {
        let (ip, port) = self.resolve(host, port)?;
        let peer = self.peer(ip.clone(), port)?;
        if peer.server != "nginx" {
            return Ok(HttpResponse { status: 200, body: String::new() });
        }
        let response = self.nginx_at(&ip, port, path);
        let line = access_line(self.pod_ip, self.now, path, &response, "Wget");
        self.served.push(Served { ip, port, line });
        Ok(response)
    }
    fn listen(&mut self, port: u16, _protocol: Protocol) {
        self.listening.insert(port);
    }
    fn has_program(&self, name: &str) -> bool {
        match self.catalogued {
            Some(img) => img.programs.iter().any(|set| set.contains(&name)),
            // An image kubeplay does not know is assumed to carry a shell and busybox's applets.
            None => ["sh", "ash", "bash"].contains(&name) || kubeplay_shell::BUSYBOX_APPLETS.contains(&name),
        }
    }
}

impl CtrHost<'_> {
    /// What the nginx listening at `ip:port` (this container, or another pod's) answers.
    fn nginx_at(&self, ip: &str, port: u16, path: &str) -> HttpResponse {
        if self.is_self(ip) {
            return kubeplay_shell::nginx_response(&self.fs, path);
        }
        let volumes = match &self.fs.volumes {
            Ref::Mut(v) => &**v,
            Ref::Shared(v) => *v,
        };
        let empty = Layer::default();
        let (root, mounts): (&Layer, &[super::vfs::Mount]) = match self.listener(ip, port) {
            Some((pod, i)) => (&pod.containers[i].root, &pod.containers[i].mounts),
            None => (&empty, &[]),
        };
        let fs = ContainerFs { root: Ref::Shared(root), mounts, volumes: Ref::Shared(volumes as &BTreeMap<VolumeId, Layer>), now_ms: self.now.ms() };
        kubeplay_shell::nginx_response(&fs, path)
    }
}
