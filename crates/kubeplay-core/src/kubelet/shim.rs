//! Temporary bridge to kubeplay-shell while its `Process` lands: re-exports the interface and stands
//! in for the pieces not yet there. (Removed once kubeplay-shell exports them.)

pub use kubeplay_shell::{Fs, FsError, Host, HttpResponse, NetError, Peer, Protocol, Resolution, Signal, Stat, Step};

pub const BUSYBOX_APPLETS: &[&str] = &["echo", "cat", "ls", "sleep", "sh"];
pub const POSTGRES_PROGRAMS: &[&str] = &["postgres", "docker-entrypoint.sh", "pg_isready"];

pub struct Process;

impl Process {
    pub fn spawn(_argv: Vec<String>, _env: Vec<(String, String)>, _cwd: &str) -> Process {
        Process
    }
    pub fn resume(&mut self, _host: &mut dyn Host) -> Step {
        Step::Block
    }
    pub fn signal(&mut self, sig: Signal, _host: &mut dyn Host) -> Option<i32> {
        (sig == Signal::Kill).then_some(137)
    }
    pub fn describe(&self) -> String {
        String::new()
    }
}

pub fn nginx_response(_fs: &dyn Fs, _path: &str) -> HttpResponse {
    HttpResponse { status: 200, body: String::new() }
}
