//! The PostgreSQL 11 server (postmaster): starts from its data directory as the control file left
//! it (clean shutdown, crash, fresh base backup), as a primary or, with recovery.conf, as a hot
//! standby that streams WAL from the primary in primary_conninfo; PG 11's log lines; port 5432
//! once up; smart shutdown on SIGTERM.

use super::pg_conn::{connect, Login};
use super::pg_data::{
    self, has_database, lsn, read_control, remove_lock_files, write_control, write_lock_files,
    Control, SEGMENT,
};
use super::postgres::{log_prefix, pgdata};
use crate::task::{Cx, Outcome, Program};
use crate::{Protocol, Signal};

/// The startup process's and WAL receiver's PIDs in the log.
const STARTUP_PID: u32 = 20;
const CHECKPOINTER_PID: u32 = 21;
const FIRST_RECEIVER_PID: u32 = 24;
/// wal_retrieve_retry_interval: a standby retries its primary every 5 s.
const RETRY_MS: u64 = 5000;
/// How often a streaming standby notices its primary's connection dropped (a killed primary's
/// socket closes at once; kubeplay looks once a second).
const WATCH_MS: u64 = 1000;

enum Phase {
    Start,
    Boot,
    /// A standby connecting its WAL receiver (attempt number).
    Stream(u32),
    /// A standby streaming from its primary (the receiver's attempt number).
    Streaming(u32),
    Up,
}

/// Where a standby streams from (primary_conninfo).
struct Primary {
    host: String,
    port: u16,
    user: String,
    password: Option<String>,
}

pub struct Server {
    phase: Phase,
    standby: bool,
    pgdata: String,
    opts: Vec<String>,
    config_file: Option<String>,
    port: u16,
    primary: Option<Primary>,
    /// Where WAL streaming starts (a segment boundary).
    stream_from: u64,
    /// The address the WAL receiver's connection went to: the connection lives on while DNS
    /// changes (a terminating pod leaves its Service's records before its process dies).
    primary_ip: Option<String>,
    control: Option<Control>,
}

/// primary_conninfo's `key=value` pairs (values may be single-quoted).
fn conninfo_pairs(s: &str) -> Vec<(String, String)> {
    let mut out = Vec::new();
    let mut chars = s.chars().peekable();
    while out.len() < 64 {
        while chars.peek().is_some_and(|c| c.is_whitespace()) {
            chars.next();
        }
        let key: String = std::iter::from_fn(|| chars.next_if(|c| *c != '=' && !c.is_whitespace())).collect();
        if key.is_empty() || chars.next() != Some('=') {
            break;
        }
        let mut val = String::new();
        if chars.peek() == Some(&'\'') {
            chars.next();
            while let Some(c) = chars.next() {
                match c {
                    '\\' => val.extend(chars.next()),
                    '\'' => break,
                    c => val.push(c),
                }
            }
        } else {
            val = std::iter::from_fn(|| chars.next_if(|c| !c.is_whitespace())).collect();
        }
        out.push((key, val));
    }
    out
}

fn read_primary(cx: &mut Cx, dir: &str) -> Option<Primary> {
    let text = cx.host.fs().read(&format!("{dir}/recovery.conf")).ok()?;
    let text = String::from_utf8_lossy(&text).into_owned();
    let value = text.lines().find_map(|l| {
        let (k, v) = l.split_once('=')?;
        (k.trim() == "primary_conninfo").then(|| v.trim().trim_matches('\'').replace("''", "'"))
    })?;
    let pairs = conninfo_pairs(&value);
    let get = |k: &str| pairs.iter().find(|(n, _)| n == k).map(|(_, v)| v.clone());
    Some(Primary {
        host: get("host")?,
        port: get("port").and_then(|p| p.parse().ok()).unwrap_or(5432),
        user: get("user").unwrap_or_else(|| "postgres".into()),
        password: get("password"),
    })
}

/// Continuation lines of a multi-line message get a tab in the server's stderr log.
fn indent(msg: &str) -> String {
    msg.trim_end_matches('\n').replace('\n', "\n\t") + "\n"
}

impl Server {
    pub fn new(argv: &[String], cx: &mut Cx) -> Server {
        let mut pgdata = pgdata(cx);
        let mut config_file = None;
        let mut port = 5432;
        let mut i = 1;
        while i < argv.len() {
            let a = &argv[i];
            let next = argv.get(i + 1);
            match a.as_str() {
                "-D" => {
                    if let Some(d) = next {
                        pgdata = cx.abs(d);
                    }
                    i += 1;
                }
                "-p" => {
                    port = next.and_then(|p| p.parse().ok()).unwrap_or(5432);
                    i += 1;
                }
                "-c" => {
                    if let Some(f) = next.and_then(|kv| kv.strip_prefix("config_file=")) {
                        config_file = Some(f.to_string());
                    }
                    i += 1;
                }
                _ => {}
            }
            i += 1;
        }
        Server {
            phase: Phase::Start,
            standby: false,
            pgdata,
            opts: argv.iter().skip(1).cloned().collect(),
            config_file,
            port,
            primary: None,
            stream_from: 0,
            primary_ip: None,
            control: None,
        }
    }

    fn check(&mut self, cx: &mut Cx) -> Outcome {
        let now = cx.host.now_ms();
        if let Some(cf) = &self.config_file {
            let p = cx.abs(cf);
            if cx.host.fs().stat(&p).is_err() {
                let m = format!("postgres: could not access the server configuration file \"{cf}\": No such file or directory\n");
                cx.err(&m);
                return Outcome::Exit(2);
            }
        }
        if !has_database(cx.host.fs(), &self.pgdata) {
            let m = format!(
                "{}FATAL:  \"{}\" is not a valid data directory\n{}DETAIL:  File \"{}/PG_VERSION\" is missing.\n",
                log_prefix(now, 1),
                self.pgdata,
                log_prefix(now, 1),
                self.pgdata
            );
            cx.err(&m);
            return Outcome::Exit(1);
        }
        self.standby = cx.host.fs().stat(&format!("{}/recovery.conf", self.pgdata)).is_ok();
        self.phase = Phase::Boot;
        // Startup (shared memory, WAL replay) takes a moment before the port opens.
        Outcome::Sleep(2000)
    }

    /// The startup process's recovery lines, and the control file as it leaves it.
    fn recovery_log(&mut self, cx: &mut Cx, now: i64) -> String {
        let dir = self.pgdata.clone();
        let fs = cx.host.fs();
        let mut c = read_control(fs, &dir).unwrap_or(Control {
            state: "in production".into(),
            checkpoint: 0x1652D08,
            redo: 0x1652D08,
            time: pg_data::log_time(now - 60_000),
            checkpoint_time: pg_data::log_time(now - 60_000),
        });
        let p = |ms: i64| log_prefix(now + ms, STARTUP_PID);
        let label = fs.read(&format!("{dir}/backup_label")).ok();
        let mut log = match (c.state.as_str(), &label) {
            (_, Some(_)) | ("in production", None) => {
                format!("{}LOG:  database system was interrupted; last known up at {}\n", p(21), c.time)
            }
            ("in archive recovery", None) => format!(
                "{}LOG:  database system was interrupted while in recovery at log time {}\n{}HINT:  If this has occurred more than once some data might be corrupted and you might need to choose an earlier recovery target.\n",
                p(21),
                c.checkpoint_time,
                p(21)
            ),
            ("shut down in recovery", None) => {
                format!("{}LOG:  database system was shut down in recovery at {}\n", p(21), c.time)
            }
            _ => format!("{}LOG:  database system was shut down at {}\n", p(21), c.time),
        };
        if self.standby {
            let seg_start = c.redo / SEGMENT * SEGMENT;
            log.push_str(&format!("{}LOG:  entering standby mode\n", p(26)));
            if let Some(label) = label {
                // The base backup's end: recovery is consistent once its WAL is replayed.
                let _ = fs.write(&format!("{dir}/backup_label.old"), &label, false);
                let _ = fs.remove(&format!("{dir}/backup_label"));
                let consistent = seg_start + 0xF8;
                log.push_str(&format!(
                    "{}LOG:  redo starts at {}\n{}LOG:  consistent recovery state reached at {}\n",
                    p(30),
                    lsn(c.redo),
                    p(31),
                    lsn(consistent)
                ));
                self.stream_from = seg_start + SEGMENT;
            } else {
                // Restarting: replay what pg_wal holds (up to the streamed segment's first
                // records), then ask the primary for more from that segment.
                let end = seg_start + SEGMENT + 0x60;
                log.push_str(&format!(
                    "{}LOG:  redo starts at {}\n{}LOG:  consistent recovery state reached at {}\n{}LOG:  invalid record length at {}: wanted 24, got 0\n",
                    p(30),
                    lsn(c.redo),
                    p(31),
                    lsn(end),
                    p(31),
                    lsn(end)
                ));
                self.stream_from = seg_start + SEGMENT;
            }
            c.state = "in archive recovery".into();
        } else if c.state != "shut down" || label.is_some() {
            // Crash recovery from the last checkpoint, then an end-of-recovery checkpoint.
            let start = c.checkpoint + 0x70;
            let end = start + 0x38;
            log.push_str(&format!(
                "{}LOG:  database system was not properly shut down; automatic recovery in progress\n{}LOG:  redo starts at {}\n{}LOG:  invalid record length at {}: wanted 24, got 0\n{}LOG:  redo done at {}\n",
                p(24),
                p(27),
                lsn(start),
                p(27),
                lsn(end),
                p(27),
                lsn(start)
            ));
            c.checkpoint = end;
            c.redo = end;
            c.checkpoint_time = pg_data::log_time(now + 40);
            c.state = "in production".into();
        } else {
            c.state = "in production".into();
        }
        // StartupXLOG stamps pg_control as it changes the state.
        c.time = pg_data::log_time(now + 40);
        let _ = write_control(cx.host.fs(), &dir, &c);
        self.control = Some(c);
        log
    }

    fn boot(&mut self, cx: &mut Cx) -> Outcome {
        let now = cx.host.now_ms();
        let mut log = format!(
            "{}LOG:  listening on IPv4 address \"0.0.0.0\", port {port}\n{}LOG:  listening on IPv6 address \"::\", port {port}\n{}LOG:  listening on Unix socket \"/var/run/postgresql/.s.PGSQL.{port}\"\n",
            log_prefix(now, 1),
            log_prefix(now, 1),
            log_prefix(now + 4, 1),
            port = self.port
        );
        log.push_str(&self.recovery_log(cx, now));
        if self.standby {
            log.push_str(&format!(
                "{}LOG:  database system is ready to accept read only connections\n",
                log_prefix(now + 32, 1)
            ));
            let dir = self.pgdata.clone();
            self.primary = read_primary(cx, &dir);
        } else {
            log.push_str(&format!(
                "{}LOG:  database system is ready to accept connections\n",
                log_prefix(now + 50, 1)
            ));
        }
        cx.err(&log);
        let dir = self.pgdata.clone();
        write_lock_files(cx.host.fs(), &dir, 1, self.port, &self.opts, now, "*");
        cx.host.listen(self.port, Protocol::Tcp);
        if self.standby {
            self.phase = Phase::Stream(0);
            return Outcome::Sleep(40);
        }
        self.phase = Phase::Up;
        Outcome::Block
    }

    /// The WAL receiver: a replication login to the primary, retried every 5 s until it works.
    fn stream(&mut self, cx: &mut Cx, attempt: u32) -> Outcome {
        let now = cx.host.now_ms();
        let pid = FIRST_RECEIVER_PID + attempt.min(10_000);
        let Some(primary) = &self.primary else {
            // Standby without primary_conninfo: it replays archived WAL only, and waits.
            self.phase = Phase::Up;
            return Outcome::Block;
        };
        let login = Login {
            host: Some(&primary.host),
            port: primary.port,
            user: &primary.user,
            db: "replication",
            replication: true,
            password: primary.password.as_deref(),
        };
        match connect(cx, &login) {
            Ok(_) => {
                self.primary_ip = cx.host.resolve(&primary.host).addresses.first().map(|(ip, _)| ip.clone());
                let m = format!(
                    "{}LOG:  started streaming WAL from primary at {} on timeline 1\n",
                    log_prefix(now, pid),
                    lsn(self.stream_from)
                );
                cx.err(&m);
                self.phase = Phase::Streaming(attempt);
                Outcome::Sleep(WATCH_MS)
            }
            Err(e) => {
                let m = format!(
                    "{}FATAL:  could not connect to the primary server: {}",
                    log_prefix(now, pid),
                    indent(&e)
                );
                cx.err(&m);
                self.phase = Phase::Stream(attempt.saturating_add(1));
                Outcome::Sleep(RETRY_MS)
            }
        }
    }
}

impl Server {
    /// While streaming: the primary going away ends the WAL receiver; recovery waits at the end
    /// of the WAL it has and the receiver is retried.
    fn watch(&mut self, cx: &mut Cx, attempt: u32) -> Outcome {
        let Some(primary) = &self.primary else {
            self.phase = Phase::Up;
            return Outcome::Block;
        };
        let target = self.primary_ip.clone().unwrap_or_else(|| primary.host.clone());
        if cx.host.connect(&target, primary.port).is_ok() {
            return Outcome::Sleep(WATCH_MS);
        }
        let now = cx.host.now_ms();
        let m = format!(
            "{}FATAL:  could not receive data from WAL stream: {}{}LOG:  invalid record length at {}: wanted 24, got 0\n",
            log_prefix(now, FIRST_RECEIVER_PID + attempt.min(10_000)),
            indent("server closed the connection unexpectedly\n\tThis probably means the server terminated abnormally\n\tbefore or while processing the request.\n"),
            log_prefix(now + 1, STARTUP_PID),
            lsn(self.stream_from + 0x60)
        );
        cx.err(&m);
        self.phase = Phase::Stream(attempt.saturating_add(1));
        Outcome::Sleep(RETRY_MS)
    }
}

impl Program for Server {
    fn resume(&mut self, cx: &mut Cx, _child: Option<i32>) -> Outcome {
        match self.phase {
            Phase::Start => self.check(cx),
            Phase::Boot => self.boot(cx),
            Phase::Stream(n) => self.stream(cx, n),
            Phase::Streaming(n) => self.watch(cx, n),
            Phase::Up => Outcome::Block,
        }
    }

    fn signal(&mut self, _sig: Signal, cx: &mut Cx) -> Option<i32> {
        let now = cx.host.now_ms();
        let up = matches!(self.phase, Phase::Up | Phase::Stream(_) | Phase::Streaming(_));
        let mut log = format!("{}LOG:  received smart shutdown request\n", log_prefix(now, 1));
        if up && !self.standby {
            log.push_str(&format!(
                "{}LOG:  background worker \"logical replication launcher\" (PID 26) exited with exit code 1\n",
                log_prefix(now + 2, 1)
            ));
        }
        if let Phase::Streaming(n) = self.phase {
            log.push_str(&format!(
                "{}FATAL:  terminating walreceiver process due to administrator command\n",
                log_prefix(now + 1, FIRST_RECEIVER_PID + n.min(10_000))
            ));
        }
        log.push_str(&format!(
            "{}LOG:  shutting down\n{}LOG:  database system is shut down\n",
            log_prefix(now + 3, CHECKPOINTER_PID),
            log_prefix(now + 14, 1)
        ));
        cx.err(&log);
        if up {
            let dir = self.pgdata.clone();
            if let Some(mut c) = self.control.clone() {
                if self.standby {
                    c.state = "shut down in recovery".into();
                } else {
                    c.state = "shut down".into();
                    c.checkpoint += 0x70;
                    c.redo = c.checkpoint;
                    c.checkpoint_time = pg_data::log_time(now + 3);
                }
                c.time = pg_data::log_time(now + 3);
                let _ = write_control(cx.host.fs(), &dir, &c);
            }
            remove_lock_files(cx.host.fs(), &dir, self.port);
        }
        Some(0)
    }

    fn describe(&self) -> String {
        if self.standby {
            "postgres server (standby)".into()
        } else {
            "postgres server".into()
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn conninfo_values_may_be_quoted() {
        let p = conninfo_pairs("user=replication password='a b\\'c' host=db port=5432");
        assert_eq!(p[1], ("password".to_string(), "a b'c".to_string()));
        assert_eq!(p[3], ("port".to_string(), "5432".to_string()));
        assert_eq!(indent("a\n\tb\n"), "a\n\t\tb\n");
    }
}
