//! `pg_basebackup` (PostgreSQL 11, plain format, WAL streamed): logs in as a replication
//! connection, copies the server's data directory into `-D`, adds the streamed WAL segment and
//! backup_label, writes recovery.conf with `-R`, and reports `-P` progress the way it does when
//! stderr is not a terminal (one line per report, as in a container log).

use super::pg_conn::{connect, Login};
use super::pg_data::{lsn, read_control, walk, write_control, Control, SEGMENT};
use super::pg_tools::{host_of, opt, port_of};
use crate::task::Cx;
use crate::Fs;

/// Most entries copied from a data directory (the simulated clusters hold a few dozen).
const MAX_ENTRIES: usize = 2000;

/// What the server leaves out of a base backup (PG 11 basebackup.c's exclude lists): its lock
/// files, and the contents of directories rebuilt at startup; pg_wal's segments are streamed.
fn excluded(rel: &str) -> bool {
    const FILES: &[&str] = &["postmaster.pid", "postmaster.opts", "backup_label", "tablespace_map"];
    const EMPTIED: &[&str] = &[
        "pg_wal/", "pg_replslot/", "pg_stat_tmp/", "pg_dynshmem/", "pg_notify/", "pg_serial/",
        "pg_snapshots/", "pg_subtrans/",
    ];
    FILES.contains(&rel) || EMPTIED.iter().any(|d| rel.starts_with(d) && rel != "pg_wal/archive_status")
}

/// libpq's conninfo value quoting (appendConnStrVal): bare unless empty or holding spaces, quotes
/// or backslashes.
fn conn_val(v: &str) -> String {
    if !v.is_empty() && !v.chars().any(|c| c == ' ' || c == '\'' || c == '\\') {
        return v.to_string();
    }
    format!("'{}'", v.replace('\\', "\\\\").replace('\'', "\\'"))
}

/// recovery.conf as GenerateRecoveryConf writes it: the connection's non-empty options in libpq's
/// order. The alpine image is built without GSSAPI, so there is no `krbsrvname`.
pub fn recovery_conf(user: &str, password: Option<&str>, host: &str, port: u16) -> String {
    let mut parts = vec![format!("user={}", conn_val(user))];
    if let Some(p) = password.filter(|p| !p.is_empty()) {
        parts.push(format!("password={}", conn_val(p)));
    }
    parts.push(format!("host={}", conn_val(host)));
    parts.push(format!("port={port}"));
    parts.push("sslmode=prefer sslcompression=0 target_session_attrs=any".into());
    let conninfo = parts.join(" ").replace('\'', "''");
    format!("standby_mode = 'on'\nprimary_conninfo = '{conninfo}'\n")
}

/// The files of the server's data directory, read through the connection: (relative path,
/// contents, or None for a directory).
type Copied = Vec<(String, Option<Vec<u8>>)>;

fn read_cluster(cx: &mut Cx, host: Option<&str>, port: u16, data_dir: &str) -> (Copied, Option<Control>) {
    let mut files: Copied = Vec::new();
    let mut control = None;
    let mut read = |fs: &mut dyn Fs| {
        control = read_control(fs, data_dir);
        for (rel, is_dir) in walk(fs, data_dir, MAX_ENTRIES) {
            if excluded(&rel) {
                continue;
            }
            let data = if is_dir { None } else { Some(fs.read(&format!("{data_dir}/{rel}")).unwrap_or_default()) };
            files.push((rel, data));
        }
    };
    match host {
        Some(h) if !h.starts_with('/') => {
            // The connection just succeeded; should the server vanish in between, nothing is copied.
            let _ = cx.host.peer_fs(h, port, &mut read);
        }
        _ => read(cx.host.fs()),
    }
    (files, control)
}

fn create_dir(fs: &mut dyn Fs, dir: &str) -> Result<(), crate::FsError> {
    // pg_mkdir_p: parents too.
    let mut cur = String::new();
    for seg in dir.split('/').filter(|s| !s.is_empty()) {
        cur.push('/');
        cur.push_str(seg);
        if fs.stat(&cur).is_err() {
            fs.mkdir(&cur)?;
            fs.chmod(&cur, 0o700)?;
        }
    }
    Ok(())
}

/// `pg_basebackup -h HOST -D DIR [-R] [-P] [-U USER]`.
pub fn pg_basebackup(cx: &mut Cx, argv: &[String]) -> i32 {
    let Some(dir) = opt(argv, "-D", "--pgdata") else {
        cx.err("pg_basebackup: no target directory specified\nTry \"pg_basebackup --help\" for more information.\n");
        return 1;
    };
    let dir = cx.abs(&dir);
    let port = port_of(argv, cx);
    let host = host_of(argv, cx);
    let user = opt(argv, "-U", "--username")
        .or_else(|| cx.var("PGUSER").map(str::to_string))
        .unwrap_or_else(|| "root".to_string());
    let write_recovery = argv.iter().any(|a| a == "-R" || a == "--write-recovery-conf");
    let progress = argv.iter().any(|a| a == "-P" || a == "--progress");
    let never_prompt = argv.iter().any(|a| a == "-w" || a == "--no-password");
    let password = cx.var("PGPASSWORD").map(str::to_string);
    let login = Login {
        host: host.as_deref(),
        port,
        user: &user,
        db: "replication",
        replication: true,
        password: password.as_deref(),
    };
    let session = match connect(cx, &login) {
        Ok(s) => s,
        Err(e) => {
            if e.starts_with("fe_sendauth") && !never_prompt {
                // No terminal in a container: the prompt goes to stderr and reads an empty line.
                cx.err("Password: \n");
            }
            let m = format!("pg_basebackup: could not connect to server: {e}");
            cx.err(&m);
            return 1;
        }
    };
    // verify_dir_is_empty_or_create, after connecting.
    match cx.host.fs().list(&dir) {
        Ok(entries) if !entries.is_empty() => {
            let m = format!("pg_basebackup: directory \"{dir}\" exists but is not empty\n");
            cx.err(&m);
            return 1;
        }
        Ok(_) => {}
        Err(_) => {
            if let Err(e) = create_dir(cx.host.fs(), &dir) {
                let m = format!("pg_basebackup: could not create directory \"{dir}\": {}\n", crate::path::fs_error_text(e));
                cx.err(&m);
                return 1;
            }
        }
    }
    if progress {
        cx.err("waiting for checkpoint\n");
    }
    let (files, control) = read_cluster(cx, host.as_deref(), port, &session.server.data_dir);
    // The backup's checkpoint starts a new WAL segment; the backup ends in it and the server
    // switches to the next one (a fresh primary: redo 0/2000028, streaming resumes at 0/3000000).
    let seg = control.as_ref().map_or(1, |c| c.checkpoint / SEGMENT) + 1;
    let start = seg * SEGMENT + 0x28;
    let now = cx.host.now_ms();
    let fs = cx.host.fs();
    let mut failed = None;
    for (rel, data) in &files {
        let p = format!("{dir}/{rel}");
        let r = match data {
            None => fs.mkdir(&p).or_else(|e| if e == crate::FsError::Exists { Ok(()) } else { Err(e) }).and_then(|()| fs.chmod(&p, 0o700)),
            Some(d) => fs.write(&p, d, false).and_then(|()| fs.chmod(&p, 0o600)),
        };
        if let Err(e) = r {
            failed = Some(format!(
                "pg_basebackup: could not {} \"{p}\": {}\n",
                if data.is_none() { "create directory" } else { "create file" },
                crate::path::fs_error_text(e)
            ));
            break;
        }
    }
    let label = format!(
        "START WAL LOCATION: {} (file 00000001{:016X})\nCHECKPOINT LOCATION: {}\nBACKUP METHOD: streamed\nBACKUP FROM: master\nSTART TIME: {}\nLABEL: pg_basebackup base backup\nSTART TIMELINE: 1\n",
        lsn(start),
        seg,
        lsn(start + 0x38),
        super::pg_data::log_time(now)
    );
    let mut extra: Vec<(String, String)> = vec![
        ("backup_label".into(), label),
        (format!("pg_wal/00000001{seg:016X}"), "WAL segment (kubeplay placeholder)\n".into()),
    ];
    if write_recovery {
        let host_name = host.clone().unwrap_or_else(|| "/var/run/postgresql".into());
        extra.push(("recovery.conf".into(), recovery_conf(&user, password.as_deref(), &host_name, port)));
    }
    if failed.is_none() {
        for (name, body) in &extra {
            let p = format!("{dir}/{name}");
            if let Err(e) = fs.write(&p, body.as_bytes(), false).and_then(|()| fs.chmod(&p, 0o600)) {
                failed = Some(format!("pg_basebackup: could not create file \"{p}\": {}\n", crate::path::fs_error_text(e)));
                break;
            }
        }
    }
    if failed.is_none() {
        let c = Control {
            state: "in production".into(),
            checkpoint: start + 0x38,
            redo: start,
            time: super::pg_data::log_time(now),
            checkpoint_time: super::pg_data::log_time(now),
        };
        if let Err(e) = write_control(fs, &dir, &c) {
            failed = Some(format!("pg_basebackup: could not create file \"{dir}/global/pg_control\": {}\n", crate::path::fs_error_text(e)));
        }
    }
    if let Some(m) = failed {
        cx.err(&m);
        let m = format!("pg_basebackup: removing contents of data directory \"{dir}\"\n");
        cx.err(&m);
        let fs = cx.host.fs();
        for (rel, _) in walk(fs, &dir, MAX_ENTRIES).into_iter().rev() {
            let _ = fs.remove(&format!("{dir}/{rel}"));
        }
        return 1;
    }
    // A small database streams in a couple of seconds.
    cx.cost_ms += 2000;
    if progress {
        cx.err("    0/24652 kB (0%), 0/1 tablespace\n24661/24661 kB (100%), 0/1 tablespace\n24661/24661 kB (100%), 1/1 tablespace\n");
    }
    0
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn recovery_conf_lists_the_connection_options() {
        assert_eq!(
            recovery_conf("replication", Some("kiamol-2*2*"), "todo-db-0.todo-db", 5432),
            "standby_mode = 'on'\nprimary_conninfo = 'user=replication password=kiamol-2*2* host=todo-db-0.todo-db port=5432 sslmode=prefer sslcompression=0 target_session_attrs=any'\n"
        );
        assert_eq!(conn_val("a b"), "'a b'");
        assert!(excluded("postmaster.pid") && excluded("pg_wal/000000010000000000000001"));
        assert!(!excluded("pg_wal") && !excluded("pg_wal/archive_status") && !excluded("global/pg_control"));
    }
}
