//! A minimal `psql` (PostgreSQL 11): connects like libpq, runs `-c`, `-f` or stdin statement by
//! statement and prints what psql prints: command tags, `pg_is_in_recovery()` as an aligned table,
//! errors with `ON_ERROR_STOP`. Roles it creates on a local server land in the data directory.

use super::pg_conn::{connect, Login, Session};
use super::pg_data::{read_roles, write_roles, Role};
use super::pg_tools::{host_of, opt, port_of};
use crate::task::Cx;

/// The command tags psql prints for each statement (`CREATE ROLE`, `INSERT 0 1`, …).
pub fn command_tags(sql: &str) -> String {
    let mut out = String::new();
    for stmt in sql.split(';') {
        if let Some(tag) = tag_of(stmt) {
            out.push_str(tag.trim_end());
            out.push('\n');
        }
    }
    out
}

fn tag_of(stmt: &str) -> Option<String> {
    let words: Vec<String> = stmt
        .split_whitespace()
        .take(2)
        .map(|w| w.to_ascii_uppercase())
        .collect();
    Some(match words.first().map(|s| s.as_str()) {
        None => return None,
        Some("CREATE") | Some("DROP") | Some("ALTER") => {
            format!("{} {}", words[0], words.get(1).cloned().unwrap_or_default())
        }
        Some("INSERT") => "INSERT 0 1".to_string(),
        Some("UPDATE") => "UPDATE 0".to_string(),
        Some("DELETE") => "DELETE 0".to_string(),
        Some("SELECT") => "(0 rows)\n".to_string(),
        Some("GRANT") => "GRANT".to_string(),
        Some(w) if w.starts_with('\\') || w.starts_with("--") => return None,
        Some(w) => w.to_string(),
    })
}

/// psql's aligned output of a one-column result (header centred, `(n row)` footer, blank line).
fn aligned(column: &str, values: &[&str], tuples_only: bool, unaligned: bool) -> String {
    if unaligned {
        let mut s = if tuples_only {
            String::new()
        } else {
            format!("{column}\n")
        };
        for v in values {
            s.push_str(v);
            s.push('\n');
        }
        if !tuples_only {
            s.push_str(&format!("({} row{})\n", values.len(), if values.len() == 1 { "" } else { "s" }));
        }
        return s;
    }
    let width = values.iter().map(|v| v.len()).chain([column.len()]).max().unwrap_or(0);
    let mut s = String::new();
    if !tuples_only {
        let left = (width - column.len()) / 2;
        let right = width - column.len() - left;
        s.push_str(&format!(" {}{column}{} \n", " ".repeat(left), " ".repeat(right)));
        s.push_str(&format!("{}\n", "-".repeat(width + 2)));
    }
    for v in values {
        s.push_str(&format!(" {v}\n"));
    }
    if !tuples_only {
        s.push_str(&format!("({} row{})\n", values.len(), if values.len() == 1 { "" } else { "s" }));
    }
    s.push('\n');
    s
}

/// A role statement's effect: (name, attributes) for CREATE ROLE/USER.
fn parse_create_role(stmt: &str) -> Option<Role> {
    let words: Vec<&str> = stmt.split_whitespace().collect();
    let kind = words.get(1)?.to_ascii_uppercase();
    if kind != "ROLE" && kind != "USER" {
        return None;
    }
    let name = words.get(2)?.trim_matches('"').to_string();
    let mut role = Role {
        name,
        superuser: false,
        replication: false,
        login: kind == "USER",
        password: None,
    };
    let mut i = 3;
    while i < words.len() {
        match words[i].to_ascii_uppercase().as_str() {
            "SUPERUSER" => role.superuser = true,
            "REPLICATION" => role.replication = true,
            "NOREPLICATION" => role.replication = false,
            "LOGIN" => role.login = true,
            "NOLOGIN" => role.login = false,
            "PASSWORD" => {
                // The quoted password may hold spaces: take it from the statement text.
                let rest = stmt.split_once('\'').map_or("", |(_, r)| r);
                role.password = rest.split('\'').next().map(str::to_string);
            }
            _ => {}
        }
        i += 1;
    }
    Some(role)
}

/// Runs one statement; Ok(output) or Err(server error text).
fn run_statement(cx: &mut Cx, s: &Session, stmt: &str, tuples_only: bool, unaligned: bool) -> Result<String, String> {
    let flat = stmt.split_whitespace().collect::<Vec<_>>().join(" ").to_ascii_lowercase();
    if flat.starts_with("select pg_is_in_recovery()") {
        let v = if s.server.standby { "t" } else { "f" };
        return Ok(aligned("pg_is_in_recovery", &[v], tuples_only, unaligned));
    }
    let tag = tag_of(stmt).unwrap_or_default();
    let writes = ["CREATE", "DROP", "ALTER", "INSERT", "UPDATE", "DELETE", "GRANT"]
        .iter()
        .any(|w| tag.starts_with(w));
    if writes && s.server.standby {
        return Err(format!(
            "ERROR:  cannot execute {} in a read-only transaction\n",
            tag.split(" 0").next().unwrap_or(&tag)
        ));
    }
    if let Some(role) = parse_create_role(stmt) {
        if s.local {
            let dir = s.server.data_dir.clone();
            let mut roles = read_roles(cx.host.fs(), &dir);
            if roles.iter().any(|r| r.name == role.name) {
                return Err(format!("ERROR:  role \"{}\" already exists\n", role.name));
            }
            roles.push(role);
            if write_roles(cx.host.fs(), &dir, &roles).is_err() {
                return Err("ERROR:  could not write to file \"global/1260\"\n".into());
            }
        }
    }
    Ok(format!("{}\n", tag.trim_end()))
}

fn on_error_stop(argv: &[String]) -> bool {
    argv.iter().enumerate().any(|(i, a)| {
        let v = if a == "-v" || a == "--set" || a == "--variable" {
            argv.get(i + 1).map(String::as_str).unwrap_or("")
        } else {
            a.strip_prefix("--set=")
                .or_else(|| a.strip_prefix("--variable="))
                .or_else(|| a.strip_prefix("-v"))
                .unwrap_or("")
        };
        v.eq_ignore_ascii_case("ON_ERROR_STOP=1") || v.eq_ignore_ascii_case("ON_ERROR_STOP=on")
    })
}

/// `psql`: 0, 1 (a `-c` statement failed), 2 (no connection) or 3 (stopped on error).
pub fn psql(cx: &mut Cx, argv: &[String]) -> i32 {
    let positional: Vec<String> = {
        let with_value = ["-c", "-f", "-U", "-d", "-h", "-p", "-v", "--set", "--variable", "-o", "-F", "-R"];
        let mut out = Vec::new();
        let mut i = 1;
        while i < argv.len() {
            let a = &argv[i];
            if with_value.contains(&a.as_str()) || (a.starts_with("--") && !a.contains('=') && ["--command", "--file", "--username", "--dbname", "--host", "--port"].contains(&a.as_str())) {
                i += 2;
                continue;
            }
            if !a.starts_with('-') {
                out.push(a.clone());
            }
            i += 1;
        }
        out
    };
    let user = opt(argv, "-U", "--username")
        .filter(|u| !u.is_empty())
        .or_else(|| positional.get(1).cloned())
        .or_else(|| cx.var("PGUSER").map(str::to_string))
        .unwrap_or_else(|| "root".into());
    let db = opt(argv, "-d", "--dbname")
        .filter(|d| !d.is_empty())
        .or_else(|| positional.first().cloned())
        .or_else(|| cx.var("PGDATABASE").map(str::to_string))
        .unwrap_or_else(|| user.clone());
    let host = host_of(argv, cx);
    let password = cx.var("PGPASSWORD").map(str::to_string);
    let login = Login {
        host: host.as_deref(),
        port: port_of(argv, cx),
        user: &user,
        db: &db,
        replication: false,
        password: password.as_deref(),
    };
    let session = match connect(cx, &login) {
        Ok(s) => s,
        Err(e) => {
            let m = format!("psql: {e}");
            cx.err(&m);
            return 2;
        }
    };
    let (sql, source) = if let Some(c) = opt(argv, "-c", "--command") {
        (c, None)
    } else if let Some(f) = opt(argv, "-f", "--file") {
        let p = cx.abs(&f);
        match cx.host.fs().read(&p) {
            Ok(b) => (String::from_utf8_lossy(&b).into_owned(), Some(f)),
            Err(e) => {
                let m = format!("psql: {f}: {}\n", crate::path::fs_error_text(e));
                cx.err(&m);
                return 1;
            }
        }
    } else {
        (cx.io.stdin.clone(), Some("<stdin>".to_string()))
    };
    let tuples_only = argv.iter().any(|a| a == "-t" || a == "--tuples-only" || a == "-At" || a == "-tA");
    let unaligned = argv.iter().any(|a| a == "-A" || a == "--no-align" || a == "-At" || a == "-tA");
    let stop = on_error_stop(argv);
    let mut failed = false;
    let mut offset = 0usize;
    for stmt in sql.split(';') {
        let start = offset;
        offset += stmt.len() + 1;
        if stmt.trim().is_empty() || tag_of(stmt).is_none() && !stmt.trim_start().to_ascii_lowercase().starts_with("select") {
            continue;
        }
        cx.cost_ms += 20;
        match run_statement(cx, &session, stmt, tuples_only, unaligned) {
            Ok(out) => cx.out(&out),
            Err(e) => {
                failed = true;
                let m = match &source {
                    Some(src) => {
                        let end = start + stmt.trim_end().len();
                        let line = sql[..end.min(sql.len())].matches('\n').count() + 1;
                        format!("psql:{src}:{line}: {e}")
                    }
                    None => e,
                };
                cx.err(&m);
                if stop {
                    return if source.is_some() { 3 } else { 1 };
                }
            }
        }
    }
    if failed && source.is_none() {
        1
    } else {
        0
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn one_column_results_print_like_psql() {
        assert_eq!(
            aligned("pg_is_in_recovery", &["t"], false, false),
            " pg_is_in_recovery \n-------------------\n t\n(1 row)\n\n"
        );
        assert_eq!(aligned("pg_is_in_recovery", &["f"], true, true), "f\n");
        let r = parse_create_role("\n  CREATE ROLE replication WITH REPLICATION PASSWORD 'kiamol-2*2*' LOGIN\n").unwrap();
        assert!(r.replication && r.login && !r.superuser);
        assert_eq!(r.password.as_deref(), Some("kiamol-2*2*"));
    }
}
