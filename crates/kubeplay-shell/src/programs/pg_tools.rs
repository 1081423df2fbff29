//! PostgreSQL 11 client tools pg_isready and pg_dump, and the option parsing the others share.
//! Failures use libpq's wording on musl.

use super::pg_conn::{first_ip, tcp_error};
use crate::task::Cx;
use crate::NetError;

pub(super) fn opt(argv: &[String], short: &str, long: &str) -> Option<String> {
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

/// Connects to a postgres server's port (no login, as pg_isready does); Err(text) in libpq's words.
fn connect_pg(cx: &mut Cx, host: &str, port: u16) -> Result<(), String> {
    let ip = first_ip(cx, host);
    match cx.host.connect(host, port) {
        Ok(p) if p.server == "postgres" => Ok(()),
        Ok(p) => Err(format!("server closed the connection unexpectedly\n\tThis probably means the server terminated abnormally\n\tbefore or while processing the request. ({} is not postgres)\n", p.server)),
        Err(e) => {
            if e == NetError::Timeout {
                cx.cost_ms += 3000;
            }
            Err(tcp_error(host, port, &e, ip))
        }
    }
}

pub(super) fn port_of(argv: &[String], cx: &Cx) -> u16 {
    opt(argv, "-p", "--port")
        .or_else(|| cx.var("PGPORT").map(|s| s.to_string()))
        .and_then(|p| p.parse().ok())
        .unwrap_or(5432)
}

pub(super) fn host_of(argv: &[String], cx: &Cx) -> Option<String> {
    opt(argv, "-h", "--host").or_else(|| cx.var("PGHOST").map(|s| s.to_string()))
}

/// `pg_isready`: `HOST:PORT - accepting connections` (0) or `- no response` (2).
pub fn pg_isready(cx: &mut Cx, argv: &[String]) -> i32 {
    let port = port_of(argv, cx);
    let host = host_of(argv, cx);
    let shown = host
        .clone()
        .unwrap_or_else(|| "/var/run/postgresql".to_string());
    let quiet = argv.iter().any(|a| a == "-q" || a == "--quiet");
    // Without a host it asks the Unix socket, which a server that is still initialising (the
    // entrypoint's socket-only temporary server) already answers on.
    let up = match host.filter(|h| !h.starts_with('/')) {
        Some(h) => connect_pg(cx, &h, port).is_ok(),
        None => super::pg_data::running(cx.host.fs(), port).is_some(),
    };
    let (text, st) = if up { ("accepting connections", 0) } else { ("no response", 2) };
    if !quiet {
        let m = format!("{shown}:{port} - {text}\n");
        cx.out(&m);
    }
    st
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
