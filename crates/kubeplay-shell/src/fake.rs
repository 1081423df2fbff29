//! A test host: in-memory filesystem on a BTreeMap, scripted DNS answers that can change after
//! N lookups, listeners by name, a clock the test advances, and captured output.

use std::collections::BTreeMap;

use crate::{
    Fs, FsError, Host, HttpResponse, NetError, Peer, Process, Protocol, Resolution, Stat, Step,
};

#[derive(Debug, Clone)]
pub struct Node {
    pub dir: bool,
    pub data: Vec<u8>,
    pub mode: u32,
    pub mtime: i64,
    pub ro: bool,
    /// A symlink's target.
    pub link: Option<String>,
}

impl Node {
    fn new(dir: bool, data: Vec<u8>, mode: u32, mtime: i64) -> Node {
        Node {
            dir,
            data,
            mode,
            mtime,
            ro: false,
            link: None,
        }
    }
}

#[derive(Default)]
pub struct MemFs {
    pub nodes: BTreeMap<String, Node>,
    pub now: i64,
}

impl MemFs {
    fn parent(p: &str) -> String {
        crate::path::dirname(p)
    }
    pub fn add_file(&mut self, p: &str, data: &str, mode: u32) {
        let mut cur = String::new();
        for seg in crate::path::dirname(p).split('/').filter(|s| !s.is_empty()) {
            cur.push('/');
            cur.push_str(seg);
            self.nodes
                .entry(cur.clone())
                .or_insert(Node::new(true, vec![], 0o755, 0));
        }
        let node = Node::new(false, data.as_bytes().to_vec(), mode, self.now);
        self.nodes.insert(p.to_string(), node);
    }
    pub fn add_dir(&mut self, p: &str) {
        self.add_file(&format!("{p}/.x"), "", 0);
        self.nodes.remove(&format!("{p}/.x"));
    }
    /// A symlink at `p` (its parent must exist) pointing at `target`.
    pub fn add_link(&mut self, p: &str, target: &str) {
        let mut node = Node::new(false, vec![], 0o777, self.now);
        node.link = Some(target.to_string());
        self.nodes.insert(p.to_string(), node);
    }
    pub fn text(&self, p: &str) -> Option<String> {
        self.nodes
            .get(p)
            .map(|n| String::from_utf8_lossy(&n.data).into_owned())
    }
    /// `path` with its symlinks followed (the last one only when `follow_last`).
    fn real(&self, path: &str, follow_last: bool) -> Result<String, FsError> {
        crate::path::resolve(path, follow_last, &|p| {
            self.nodes.get(p).and_then(|n| n.link.clone())
        })
    }
    fn stat_of(&self, path: &str) -> Result<Stat, FsError> {
        if path == "/" {
            return Ok(Stat::dir(0o755, 0, 0, false));
        }
        let n = self.nodes.get(path).ok_or(FsError::NotFound)?;
        let mut st = if n.dir {
            Stat::dir(n.mode, 0, n.mtime, n.ro)
        } else {
            Stat::file(n.mode, n.data.len() as u64, n.mtime, n.ro)
        };
        if let Some(t) = &n.link {
            st.size = t.len() as u64;
            st.blocks = 0;
            st.link = Some(t.clone());
        }
        Ok(st)
    }
}

impl Fs for MemFs {
    fn read(&self, path: &str) -> Result<Vec<u8>, FsError> {
        let path = self.real(path, true)?;
        match self.nodes.get(&path) {
            Some(n) if n.dir => Err(FsError::IsADirectory),
            Some(n) => Ok(n.data.clone()),
            None => Err(FsError::NotFound),
        }
    }
    fn write(&mut self, path: &str, data: &[u8], append: bool) -> Result<(), FsError> {
        let path = self.real(path, true)?;
        let parent = Self::parent(&path);
        if parent != "/" && !self.nodes.get(&parent).is_some_and(|n| n.dir) {
            return Err(FsError::NotFound);
        }
        if self.nodes.get(&parent).is_some_and(|n| n.ro) {
            return Err(FsError::ReadOnly);
        }
        let now = self.now;
        let n = self
            .nodes
            .entry(path.to_string())
            .or_insert(Node::new(false, vec![], 0o644, now));
        if n.dir {
            return Err(FsError::IsADirectory);
        }
        if !append {
            n.data.clear();
        }
        n.data.extend_from_slice(data);
        n.mtime = now;
        Ok(())
    }
    fn stat(&self, path: &str) -> Result<Stat, FsError> {
        self.stat_of(&self.real(path, true)?)
    }
    fn lstat(&self, path: &str) -> Result<Stat, FsError> {
        self.stat_of(&self.real(path, false)?)
    }
    fn list(&self, path: &str) -> Result<Vec<String>, FsError> {
        let path = self.real(path, true)?;
        if path != "/" && !self.nodes.get(&path).is_some_and(|n| n.dir) {
            return Err(if self.nodes.contains_key(&path) {
                FsError::NotADirectory
            } else {
                FsError::NotFound
            });
        }
        let prefix = if path == "/" {
            "/".to_string()
        } else {
            format!("{path}/")
        };
        Ok(self
            .nodes
            .keys()
            .filter_map(|k| k.strip_prefix(&prefix))
            .filter(|rest| !rest.is_empty() && !rest.contains('/'))
            .map(|s| s.to_string())
            .collect())
    }
    fn mkdir(&mut self, path: &str) -> Result<(), FsError> {
        let path = self.real(path, false)?;
        if self.nodes.contains_key(&path) {
            return Err(FsError::Exists);
        }
        let parent = Self::parent(&path);
        if parent != "/" && !self.nodes.get(&parent).is_some_and(|n| n.dir) {
            return Err(FsError::NotFound);
        }
        self.nodes
            .insert(path, Node::new(true, vec![], 0o755, self.now));
        Ok(())
    }
    fn remove(&mut self, path: &str) -> Result<(), FsError> {
        let path = self.real(path, false)?;
        if !self.nodes.contains_key(&path) {
            return Err(FsError::NotFound);
        }
        let is_dir = self.nodes.get(&path).is_some_and(|n| n.dir);
        if is_dir && self.list(&path).map(|l| !l.is_empty()).unwrap_or(false) {
            return Err(FsError::NotEmpty);
        }
        self.nodes.remove(&path);
        Ok(())
    }
    fn chmod(&mut self, path: &str, mode: u32) -> Result<(), FsError> {
        let path = self.real(path, true)?;
        self.nodes
            .get_mut(&path)
            .map(|n| n.mode = mode)
            .ok_or(FsError::NotFound)
    }
}

/// A DNS name's answer: (lookups before it resolves, ip).
pub struct FakeHost {
    pub now: i64,
    pub fs: MemFs,
    pub out: String,
    pub err: String,
    /// Everything, interleaved as the log would have it.
    pub log: String,
    pub hostname: String,
    pub programs: Vec<String>,
    /// fqdn → (lookups that fail first, ip)
    pub dns: BTreeMap<String, (u32, String)>,
    pub lookups: std::cell::Cell<u32>,
    pub search: Vec<String>,
    /// host or ip:port → server name
    pub listeners: BTreeMap<String, String>,
    pub listening: Vec<u16>,
    pub rng: u32,
    pub http: BTreeMap<String, HttpResponse>,
    /// fqdn → the filesystem of the container listening there (for `peer_fs`).
    pub peers: BTreeMap<String, MemFs>,
}

pub const BUSYBOX_IMAGE: &[&str] = &["sh", "ash"];

impl FakeHost {
    pub fn new() -> FakeHost {
        let mut programs: Vec<String> = crate::BUSYBOX_APPLETS
            .iter()
            .map(|s| s.to_string())
            .collect();
        programs.extend(BUSYBOX_IMAGE.iter().map(|s| s.to_string()));
        FakeHost {
            now: 1_735_689_600_000,
            fs: MemFs {
                now: 1_735_689_600_000,
                ..MemFs::default()
            },
            out: String::new(),
            err: String::new(),
            log: String::new(),
            hostname: "sleep-1".into(),
            programs,
            dns: BTreeMap::new(),
            lookups: std::cell::Cell::new(0),
            search: vec![
                "default.svc.cluster.local".into(),
                "svc.cluster.local".into(),
                "cluster.local".into(),
            ],
            listeners: BTreeMap::new(),
            listening: Vec::new(),
            rng: 12345,
            http: BTreeMap::new(),
            peers: BTreeMap::new(),
        }
    }
    pub fn postgres_image() -> FakeHost {
        let mut h = FakeHost::new();
        h.programs.push("bash".into());
        h.programs
            .extend(crate::POSTGRES_PROGRAMS.iter().map(|s| s.to_string()));
        h
    }
    pub fn advance(&mut self, ms: u64) {
        self.now += ms as i64;
        self.fs.now = self.now;
    }
    /// Drives a process until it exits or blocks (bounded), advancing the clock on sleeps.
    pub fn run(&mut self, p: &mut Process) -> Step {
        for _ in 0..10_000 {
            match p.resume(self) {
                Step::Sleep(ms) => self.advance(ms),
                other => return other,
            }
        }
        panic!("process did not finish");
    }
    /// Drives a process for at most `ms` of simulated time: a server that polls (a streaming
    /// standby) keeps sleeping, so this stops at the deadline with its last `Sleep`.
    pub fn run_for(&mut self, p: &mut Process, ms: u64) -> Step {
        let end = self.now + ms as i64;
        for _ in 0..100_000 {
            match p.resume(self) {
                Step::Sleep(d) if self.now + (d as i64) <= end => self.advance(d),
                other => return other,
            }
        }
        panic!("process did not settle");
    }
    pub fn run_sh(&mut self, script: &str) -> Step {
        let mut p = Process::spawn(vec!["sh".into(), "-c".into(), script.into()], vec![], "/");
        self.run(&mut p)
    }
}

impl Host for FakeHost {
    fn now_ms(&self) -> i64 {
        self.now
    }
    fn random(&mut self) -> u32 {
        self.rng = self.rng.wrapping_mul(1_103_515_245).wrapping_add(12345);
        self.rng >> 8
    }
    fn stdout(&mut self, text: &str) {
        self.out.push_str(text);
        self.log.push_str(text);
    }
    fn stderr(&mut self, text: &str) {
        self.err.push_str(text);
        self.log.push_str(text);
    }
    fn fs(&mut self) -> &mut dyn Fs {
        &mut self.fs
    }
    fn hostname(&self) -> String {
        self.hostname.clone()
    }
    fn resolve(&self, name: &str) -> Resolution {
        let n = self.lookups.get() + 1;
        self.lookups.set(n);
        let server = (
            "10.96.0.10".to_string(),
            "kube-dns.kube-system.svc.cluster.local".to_string(),
        );
        let name = name.trim_end_matches('.');
        let mut cands: Vec<String> = self.search.iter().map(|s| format!("{name}.{s}")).collect();
        cands.push(name.to_string());
        for c in cands {
            if let Some((fail_first, ip)) = self.dns.get(&c) {
                if n > *fail_first {
                    return Resolution {
                        server,
                        fqdn: Some(c.clone()),
                        addresses: vec![(ip.clone(), c.clone())],
                    };
                }
            }
        }
        Resolution {
            server,
            fqdn: None,
            addresses: vec![],
        }
    }
    fn connect(&mut self, host: &str, _port: u16) -> Result<Peer, NetError> {
        // An IP reaches whatever listens behind the name that resolves to it.
        let by_ip = self.dns.iter().find(|(_, (_, ip))| ip == host).map(|(n, _)| n.clone());
        let r = self.resolve(by_ip.as_deref().unwrap_or(host));
        let Some(fqdn) = r.fqdn else {
            return Err(NetError::UnknownHost);
        };
        match self.listeners.get(&fqdn) {
            Some(s) => Ok(Peer {
                ip: r.addresses[0].0.clone(),
                server: s.clone(),
            }),
            None => Err(NetError::Refused),
        }
    }
    fn peer_fs(
        &mut self,
        host: &str,
        port: u16,
        f: &mut dyn FnMut(&mut dyn Fs),
    ) -> Result<Peer, NetError> {
        if host == "localhost" || host == "127.0.0.1" {
            if !self.listening.contains(&port) {
                return Err(NetError::Refused);
            }
            f(&mut self.fs);
            return Ok(Peer {
                ip: "127.0.0.1".into(),
                server: "postgres".into(),
            });
        }
        let peer = self.connect(host, port)?;
        let fqdn = self.resolve(host).fqdn.unwrap_or_default();
        let mut empty = MemFs::default();
        f(self.peers.get_mut(&fqdn).unwrap_or(&mut empty));
        Ok(peer)
    }
    fn http_get(&mut self, host: &str, port: u16, path: &str) -> Result<HttpResponse, NetError> {
        self.connect(host, port)?;
        Ok(self.http.get(path).cloned().unwrap_or(HttpResponse {
            status: 404,
            body: String::new(),
        }))
    }
    fn listen(&mut self, port: u16, _protocol: Protocol) {
        self.listening.push(port);
    }
    fn has_program(&self, name: &str) -> bool {
        self.programs.iter().any(|p| p == name)
    }
}
