//! PostgreSQL 11 client tools: pg_isready, pg_basebackup (with -R's recovery.conf), pg_dump and
//! a minimal psql that prints command tags. Failures use libpq's wording on musl.

use super::postgres::write_cluster;
use crate::task::Cx;
use crate::NetError;

fn opt(argv: &[String], short: &str, long: &str) -> Option<String> {
    let mut i = 1;
    while i < argv.len() {
        let a = &argv[i];
        if a == short || a == long {
            return argv.get(i + 1).cloned();
        }
        if let Some(v) = a.strip_prefix(&format!("{long}=")) {
            return Some(v.to_string());
        }
        if short.len() == 2 && a.starts_with(short) && a.len() > 2 {
            return Some(a[2..].to_string());
        }
        i += 1;
    }
    None
}

/// libpq's connection failure text for a host (PG 11, musl resolver wording).
fn conn_error(host: &str, port: u16, e: &NetError, ip: Option<String>) -> String {
    match e {
        NetError::UnknownHost => {
            format!("could not translate host name \"{host}\" to address: Name does not resolve\n")
        }
        NetError::Refused | NetError::Timeout => {
            let what = if *e == NetError::Refused {
                "Connection refused"
            } else {
                "Operation timed out"
            };
            format!(
                "could not connect to server: {what}\n\tIs the server running on host \"{host}\" ({}) and accepting\n\tTCP/IP connections on port {port}?\n",
                ip.unwrap_or_else(|| host.to_string())
            )
        }
    }
}

/// Connects to a postgres server; Err(text) in libpq's words.
fn connect_pg(cx: &mut Cx, host: &str, port: u16) -> Result<(), String> {
    let ip = cx
        .host
        .resolve(host)
        .addresses
        .first()
        .map(|(ip, _)| ip.clone());
    match cx.host.connect(host, port) {
        Ok(p) if p.server == "postgres" => Ok(()),
        Ok(p) => Err(format!("server closed the connection unexpectedly\n\tThis probably means the server terminated abnormally\n\tbefore or while processing the request. ({} is not postgres)\n", p.server)),
        Err(e) => {
            if e == NetError::Timeout {
                cx.cost_ms += 3000;
            }
            Err(conn_error(host, port, &e, ip))
        }
    }
}

fn port_of(argv: &[String], cx: &Cx) -> u16 {
    opt(argv, "-p", "--port")
        .or_else(|| cx.var("PGPORT").map(|s| s.to_string()))
        .and_then(|p| p.parse().ok())
        .unwrap_or(5432)
}

fn host_of(argv: &[String], cx: &Cx) -> Option<String> {
    opt(argv, "-h", "--host").or_else(|| cx.var("PGHOST").map(|s| s.to_string()))
}

/// `pg_isready`: `HOST:PORT - accepting connections` (0) or `- no response` (2).
pub fn pg_isready(cx: &mut Cx, argv: &[String]) -> i32 {
    let port = port_of(argv, cx);
    let host = host_of(argv, cx);
    let shown = host
        .clone()
        .unwrap_or_else(|| "/var/run/postgresql".to_string());
    let target = host.unwrap_or_else(|| "localhost".to_string());
    let quiet = argv.iter().any(|a| a == "-q" || a == "--quiet");
    let (text, st) = match connect_pg(cx, &target, port) {
        Ok(()) => ("accepting connections", 0),
        Err(_) => ("no response", 2),
    };
    if !quiet {
        let m = format!("{shown}:{port} - {text}\n");
        cx.out(&m);
    }
    st
}

/// `pg_basebackup -h HOST -D DIR [-R] [-P] [-U USER]`: copies the primary's cluster into DIR.
pub fn pg_basebackup(cx: &mut Cx, argv: &[String]) -> i32 {
    let Some(dir) = opt(argv, "-D", "--pgdata") else {
        cx.err("pg_basebackup: no target directory specified\nTry \"pg_basebackup --help\" for more information.\n");
        return 1;
    };
    let dir = cx.abs(&dir);
    let port = port_of(argv, cx);
    let host = host_of(argv, cx).unwrap_or_else(|| "localhost".to_string());
    let user = opt(argv, "-U", "--username").unwrap_or_else(|| "root".to_string());
    let write_recovery = argv
        .iter()
        .any(|a| a == "-R" || a == "--write-recovery-conf");
    let progress = argv.iter().any(|a| a == "-P" || a == "--progress");
    if let Ok(entries) = cx.host.fs().list(&dir) {
        if !entries.is_empty() {
            let m = format!("pg_basebackup: directory \"{dir}\" exists but is not empty\n");
            cx.err(&m);
            return 1;
        }
    }
    if let Err(e) = connect_pg(cx, &host, port) {
        let m = format!("pg_basebackup: could not connect to server: {e}");
        cx.err(&m);
        return 1;
    }
    let mut extra = Vec::new();
    if write_recovery {
        let pw = cx
            .var("PGPASSWORD")
            .map(|p| format!("password={p} "))
            .unwrap_or_default();
        extra.push((
            "recovery.conf",
            format!("standby_mode = 'on'\nprimary_conninfo = 'user={user} {pw}host={host} port={port} sslmode=prefer sslcompression=0 krbsrvname=postgres target_session_attrs=any'\n"),
        ));
    }
    if let Err(e) = write_cluster(cx, &dir, &extra) {
        let m = format!(
            "pg_basebackup: could not create directory \"{dir}\": {}\n",
            crate::path::fs_error_text(e)
        );
        cx.err(&m);
        return 1;
    }
    // A small database streams in a couple of seconds.
    cx.cost_ms += 2000;
    if progress {
        cx.err("    0/24652 kB (0%), 0/1 tablespace\r24661/24661 kB (100%), 1/1 tablespace\n");
    }
    0
}

/// The command tags psql prints for each statement (`CREATE ROLE`, `INSERT 0 1`, …).
pub fn command_tags(sql: &str) -> String {
    let mut out = String::new();
    for stmt in sql.split(';') {
        let words: Vec<String> = stmt
            .split_whitespace()
            .take(2)
            .map(|w| w.to_ascii_uppercase())
            .collect();
        let tag = match words.first().map(|s| s.as_str()) {
            None => continue,
            Some("CREATE") | Some("DROP") | Some("ALTER") => {
                format!("{} {}", words[0], words.get(1).cloned().unwrap_or_default())
            }
            Some("INSERT") => "INSERT 0 1".to_string(),
            Some("UPDATE") => "UPDATE 0".to_string(),
            Some("DELETE") => "DELETE 0".to_string(),
            Some("SELECT") => "(0 rows)\n".to_string(),
            Some("GRANT") => "GRANT".to_string(),
            Some(w) if w.starts_with('\\') || w.starts_with("--") => continue,
            Some(w) => w.to_string(),
        };
        out.push_str(tag.trim_end());
        out.push('\n');
    }
    out
}

/// Minimal `psql`: runs `-c`, `-f` or stdin and prints command tags.
pub fn psql(cx: &mut Cx, argv: &[String]) -> i32 {
    if let Some(host) = host_of(argv, cx) {
        let port = port_of(argv, cx);
        if let Err(e) = connect_pg(cx, &host, port) {
            let m = format!("psql: {e}");
            cx.err(&m);
            return 2;
        }
    }
    let sql = if let Some(c) = opt(argv, "-c", "--command") {
        c
    } else if let Some(f) = opt(argv, "-f", "--file") {
        let p = cx.abs(&f);
        match cx.host.fs().read(&p) {
            Ok(b) => String::from_utf8_lossy(&b).into_owned(),
            Err(e) => {
                let m = format!("psql: {f}: {}\n", crate::path::fs_error_text(e));
                cx.err(&m);
                return 1;
            }
        }
    } else {
        cx.io.stdin.clone()
    };
    let tags = command_tags(&sql);
    cx.out(&tags);
    cx.cost_ms += 20;
    0
}

/// `pg_dump -h HOST -U USER [-d DB] [-f FILE]`: a plain-format dump of a small database.
pub fn pg_dump(cx: &mut Cx, argv: &[String]) -> i32 {
    let host = host_of(argv, cx).unwrap_or_else(|| "localhost".to_string());
    let port = port_of(argv, cx);
    let user = opt(argv, "-U", "--username")
        .or_else(|| cx.var("PGUSER").map(|s| s.to_string()))
        .unwrap_or_else(|| "postgres".into());
    let positional_db = argv
        .iter()
        .skip(1)
        .rev()
        .find(|a| !a.starts_with('-'))
        .cloned();
    let db = opt(argv, "-d", "--dbname")
        .or(positional_db)
        .unwrap_or_else(|| user.clone());
    if let Err(e) = connect_pg(cx, &host, port) {
        let m = format!("pg_dump: [archiver (db)] connection to database \"{db}\" failed: {e}");
        cx.err(&m);
        return 1;
    }
    let dump = format!(
        "--\n-- PostgreSQL database dump\n--\n\n-- Dumped from database version 11.6\n-- Dumped by pg_dump version 11.6\n\nSET statement_timeout = 0;\nSET lock_timeout = 0;\nSET idle_in_transaction_session_timeout = 0;\nSET client_encoding = 'UTF8';\nSET standard_conforming_strings = on;\nSELECT pg_catalog.set_config('search_path', '', false);\nSET check_function_bodies = false;\nSET xmloption = content;\nSET client_min_messages = warning;\nSET row_security = off;\n\nSET default_tablespace = '';\n\nSET default_with_oids = false;\n\n--\n-- Name: ToDos; Type: TABLE; Schema: public; Owner: {user}\n--\n\nCREATE TABLE public.\"ToDos\" (\n    \"ToDoId\" integer NOT NULL,\n    \"Item\" text,\n    \"DateAdded\" timestamp without time zone NOT NULL\n);\n\n\nALTER TABLE public.\"ToDos\" OWNER TO {user};\n\n--\n-- PostgreSQL database dump complete\n--\n\n"
    );
    cx.cost_ms += 500;
    match opt(argv, "-f", "--file") {
        Some(f) => {
            let p = cx.abs(&f);
            if let Err(e) = cx.host.fs().write(&p, dump.as_bytes(), false) {
                let m = format!(
                    "pg_dump: could not open output file \"{f}\": {}\n",
                    crate::path::fs_error_text(e)
                );
                cx.err(&m);
                return 1;
            }
        }
        None => cx.out(&dump),
    }
    0
}
