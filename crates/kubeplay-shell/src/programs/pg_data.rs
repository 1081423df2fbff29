//! A PostgreSQL 11 data directory as kubeplay keeps it: the files initdb leaves, the roles
//! (global/1260, pg_authid's file), the control file (global/pg_control) and the lock files of a
//! running postmaster. Real clusters keep the catalog and control file as binary pages; kubeplay
//! writes them as readable text (pg_controldata's wording for the control file), so the state a
//! server leaves behind (roles, clean or unclean shutdown, WAL positions) lives in the files.

use crate::{Fs, FsError};

/// The socket directory (the alpine image moves DEFAULT_PGSOCKET_DIR there).
pub const SOCKET_DIR: &str = "/var/run/postgresql";
/// Bytes in one WAL segment (16 MB).
pub const SEGMENT: u64 = 0x100_0000;

/// One row of pg_authid, as far as connecting goes.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Role {
    pub name: String,
    pub superuser: bool,
    pub replication: bool,
    pub login: bool,
    pub password: Option<String>,
}

const ROLES_HEADER: &str = "# pg_authid (kubeplay keeps it as text; PostgreSQL writes binary heap pages)\n# rolname\trolsuper\trolreplication\trolcanlogin\trolpassword\n";
const MAX_ROLES: usize = 1000;

fn flag(b: bool) -> &'static str {
    if b {
        "t"
    } else {
        "f"
    }
}

pub fn read_roles(fs: &dyn Fs, dir: &str) -> Vec<Role> {
    let Ok(bytes) = fs.read(&format!("{dir}/global/1260")) else {
        return Vec::new();
    };
    String::from_utf8_lossy(&bytes)
        .lines()
        .filter(|l| !l.starts_with('#'))
        .take(MAX_ROLES)
        .filter_map(|l| {
            let f: Vec<&str> = l.splitn(5, '\t').collect();
            (f.len() == 5).then(|| Role {
                name: f[0].to_string(),
                superuser: f[1] == "t",
                replication: f[2] == "t",
                login: f[3] == "t",
                password: Some(f[4].to_string()).filter(|p| !p.is_empty()),
            })
        })
        .collect()
}

pub fn write_roles(fs: &mut dyn Fs, dir: &str, roles: &[Role]) -> Result<(), FsError> {
    let mut text = ROLES_HEADER.to_string();
    for r in roles.iter().take(MAX_ROLES) {
        text.push_str(&format!(
            "{}\t{}\t{}\t{}\t{}\n",
            r.name,
            flag(r.superuser),
            flag(r.replication),
            flag(r.login),
            r.password.as_deref().unwrap_or("")
        ));
    }
    fs.write(&format!("{dir}/global/1260"), text.as_bytes(), false)
}

/// What pg_control says about the cluster.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Control {
    /// pg_controldata's words: `shut down`, `shut down in recovery`, `in production`,
    /// `in archive recovery`.
    pub state: String,
    pub checkpoint: u64,
    pub redo: u64,
    /// When pg_control was last written (`2025-01-01 00:00:04 UTC`, as log messages print it):
    /// "shut down at", "last known up at".
    pub time: String,
    /// When the latest checkpoint was taken: a standby's "in recovery at log time".
    pub checkpoint_time: String,
}

pub fn lsn(v: u64) -> String {
    format!("{:X}/{:X}", v >> 32, v & 0xffff_ffff)
}

fn parse_lsn(s: &str) -> Option<u64> {
    let (hi, lo) = s.trim().split_once('/')?;
    Some((u64::from_str_radix(hi, 16).ok()? << 32) | u64::from_str_radix(lo, 16).ok()?)
}

pub fn read_control(fs: &dyn Fs, dir: &str) -> Option<Control> {
    let bytes = fs.read(&format!("{dir}/global/pg_control")).ok()?;
    let text = String::from_utf8_lossy(&bytes).into_owned();
    let field = |name: &str| {
        text.lines()
            .find_map(|l| l.strip_prefix(name).map(|v| v.trim().to_string()))
    };
    Some(Control {
        state: field("Database cluster state:")?,
        checkpoint: parse_lsn(&field("Latest checkpoint location:")?)?,
        redo: parse_lsn(&field("Latest checkpoint's REDO location:")?)?,
        time: field("pg_control last modified:")?,
        checkpoint_time: field("Time of latest checkpoint:")?,
    })
}

pub fn write_control(fs: &mut dyn Fs, dir: &str, c: &Control) -> Result<(), FsError> {
    let text = format!(
        "pg_control version number:            1100\nCatalog version number:               201809051\nDatabase cluster state:               {}\npg_control last modified:             {}\nLatest checkpoint location:           {}\nLatest checkpoint's REDO location:    {}\nLatest checkpoint's TimeLineID:       1\nTime of latest checkpoint:            {}\n",
        c.state,
        c.time,
        lsn(c.checkpoint),
        lsn(c.redo),
        c.checkpoint_time
    );
    fs.write(&format!("{dir}/global/pg_control"), text.as_bytes(), false)
}

/// `2025-01-01 00:00:04 UTC`.
pub fn log_time(ms: i64) -> String {
    format!("{} UTC", crate::applets::util::strftime("%F %T", ms))
}

/// Writes a fresh PostgreSQL 11 data directory (what initdb leaves), small but plausible, with
/// the bootstrap superuser `user` and its password.
pub fn write_cluster(
    fs: &mut dyn Fs,
    dir: &str,
    user: &str,
    password: Option<&str>,
    now_ms: i64,
) -> Result<(), FsError> {
    for d in [
        "",
        "/base",
        "/base/1",
        "/base/13066",
        "/base/13067",
        "/global",
        "/pg_commit_ts",
        "/pg_dynshmem",
        "/pg_logical",
        "/pg_multixact",
        "/pg_notify",
        "/pg_replslot",
        "/pg_serial",
        "/pg_snapshots",
        "/pg_stat",
        "/pg_stat_tmp",
        "/pg_subtrans",
        "/pg_tblspc",
        "/pg_twophase",
        "/pg_wal",
        "/pg_wal/archive_status",
        "/pg_xact",
    ] {
        let p = format!("{dir}{d}");
        if fs.stat(&p).is_err() {
            fs.mkdir(&p)?;
            fs.chmod(&p, 0o700)?;
        }
    }
    let files: [(&str, &str); 8] = [
        ("PG_VERSION", "11\n"),
        ("base/1/PG_VERSION", "11\n"),
        ("base/13066/PG_VERSION", "11\n"),
        ("base/13067/PG_VERSION", "11\n"),
        ("pg_wal/000000010000000000000001", "WAL segment (kubeplay placeholder)\n"),
        ("pg_xact/0000", "\n"),
        ("postgresql.auto.conf", "# Do not edit this file manually!\n# It will be overwritten by the ALTER SYSTEM command.\n"),
        (
            "pg_hba.conf",
            "# TYPE  DATABASE        USER            ADDRESS                 METHOD\n\n# \"local\" is for Unix domain socket connections only\nlocal   all             all                                     trust\n# IPv4 local connections:\nhost    all             all             127.0.0.1/32            trust\n# IPv6 local connections:\nhost    all             all             ::1/128                 trust\n# Allow replication connections from localhost, by a user with the\n# replication privilege.\nlocal   replication     all                                     trust\nhost    replication     all             127.0.0.1/32            trust\nhost    replication     all             ::1/128                 trust\n",
        ),
    ];
    for (name, body) in files {
        let p = format!("{dir}/{name}");
        fs.write(&p, body.as_bytes(), false)?;
        fs.chmod(&p, 0o600)?;
    }
    let conf = "listen_addresses = '*'\nmax_connections = 100\nshared_buffers = 128MB\ndynamic_shared_memory_type = posix\nmax_wal_size = 1GB\nmin_wal_size = 80MB\nlog_timezone = 'UTC'\ndatestyle = 'iso, mdy'\ntimezone = 'UTC'\nlc_messages = 'en_US.utf8'\nlc_monetary = 'en_US.utf8'\nlc_numeric = 'en_US.utf8'\nlc_time = 'en_US.utf8'\ndefault_text_search_config = 'pg_catalog.english'\n";
    fs.write(&format!("{dir}/postgresql.conf"), conf.as_bytes(), false)?;
    fs.chmod(&format!("{dir}/postgresql.conf"), 0o600)?;
    let su = Role {
        name: user.to_string(),
        superuser: true,
        replication: true,
        login: true,
        password: password.map(str::to_string),
    };
    write_roles(fs, dir, &[su])?;
    write_control(
        fs,
        dir,
        &Control {
            state: "shut down".into(),
            checkpoint: 0x1652D08,
            redo: 0x1652D08,
            time: log_time(now_ms),
            checkpoint_time: log_time(now_ms),
        },
    )
}

/// Whether `dir` holds a cluster (the entrypoint's `[ -s "$PGDATA/PG_VERSION" ]`).
pub fn has_database(fs: &dyn Fs, dir: &str) -> bool {
    fs.stat(&format!("{dir}/PG_VERSION"))
        .map(|s| s.size > 0)
        .unwrap_or(false)
}

/// A running postmaster as its lock files describe it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Running {
    pub pid: u32,
    pub data_dir: String,
    /// `hba_file=` from the server's command line, if given.
    pub hba_file: Option<String>,
    /// Whether it is a standby (recovery.conf in its data directory).
    pub standby: bool,
}

fn socket_lock(port: u16) -> String {
    format!("{SOCKET_DIR}/.s.PGSQL.{port}.lock")
}

/// The lock files a postmaster writes as it starts: postmaster.pid and postmaster.opts in the data
/// directory, the socket and its lock in /var/run/postgresql. `opts` is its argv after `postgres`.
pub fn write_lock_files(
    fs: &mut dyn Fs,
    dir: &str,
    pid: u32,
    port: u16,
    opts: &[String],
    now_ms: i64,
    listen: &str,
) {
    let head = format!(
        "{pid}\n{dir}\n{}\n{port}\n{SOCKET_DIR}\n",
        now_ms.div_euclid(1000)
    );
    let pidfile = format!("{head}{listen}\n  5432001    196608\nready   \n");
    let mut cmd = "/usr/local/bin/postgres".to_string();
    for a in opts {
        cmd.push_str(&format!(" \"{a}\""));
    }
    cmd.push('\n');
    // Failures here are the server's own business; a read-only or full disk shows elsewhere.
    let _ = fs.write(&format!("{dir}/postmaster.pid"), pidfile.as_bytes(), false);
    let _ = fs.chmod(&format!("{dir}/postmaster.pid"), 0o600);
    let _ = fs.write(&format!("{dir}/postmaster.opts"), cmd.as_bytes(), false);
    let _ = fs.chmod(&format!("{dir}/postmaster.opts"), 0o600);
    let sock = format!("{SOCKET_DIR}/.s.PGSQL.{port}");
    let _ = fs.write(&sock, b"", false);
    let _ = fs.chmod(&sock, 0o777);
    let _ = fs.write(&socket_lock(port), head.as_bytes(), false);
    let _ = fs.chmod(&socket_lock(port), 0o600);
}

/// What a clean shutdown removes (postmaster.opts stays, as in PostgreSQL).
pub fn remove_lock_files(fs: &mut dyn Fs, dir: &str, port: u16) {
    let _ = fs.remove(&format!("{dir}/postmaster.pid"));
    let _ = fs.remove(&format!("{SOCKET_DIR}/.s.PGSQL.{port}"));
    let _ = fs.remove(&socket_lock(port));
}

/// The postmaster serving `port` in this filesystem, from its socket lock file.
pub fn running(fs: &dyn Fs, port: u16) -> Option<Running> {
    let lock = fs.read(&socket_lock(port)).ok()?;
    let lock = String::from_utf8_lossy(&lock).into_owned();
    let mut lines = lock.lines();
    let pid = lines.next()?.trim().parse().ok()?;
    let data_dir = lines.next()?.trim().to_string();
    let opts = fs
        .read(&format!("{data_dir}/postmaster.opts"))
        .map(|b| String::from_utf8_lossy(&b).into_owned())
        .unwrap_or_default();
    let hba_file = opts
        .split('"')
        .find_map(|a| a.strip_prefix("hba_file=").map(str::to_string));
    let standby = fs.stat(&format!("{data_dir}/recovery.conf")).is_ok();
    Some(Running {
        pid,
        data_dir,
        hba_file,
        standby,
    })
}

/// Every file and directory under `dir` (relative paths, directories first in path order), for
/// copying a cluster; at most `limit` entries.
pub fn walk(fs: &dyn Fs, dir: &str, limit: usize) -> Vec<(String, bool)> {
    let mut out = Vec::new();
    let mut stack = vec![String::new()];
    while let Some(rel) = stack.pop() {
        let path = if rel.is_empty() {
            dir.to_string()
        } else {
            format!("{dir}/{rel}")
        };
        let Ok(names) = fs.list(&path) else { continue };
        let mut subdirs = Vec::new();
        for n in names {
            if out.len() >= limit {
                return out;
            }
            let r = if rel.is_empty() {
                n.clone()
            } else {
                format!("{rel}/{n}")
            };
            let is_dir = fs.stat(&format!("{dir}/{r}")).map(|s| s.is_dir).unwrap_or(false);
            out.push((r.clone(), is_dir));
            if is_dir {
                subdirs.push(r);
            }
        }
        stack.extend(subdirs.into_iter().rev());
    }
    out
}
