//! Connecting to a PostgreSQL 11 server as libpq does: over TCP through the host, or over the
//! Unix socket in /var/run/postgresql; then the server's pg_hba.conf and roles decide. Errors are
//! libpq's text (PG 11 on musl), without the program's prefix.

use super::pg_data::{read_roles, running, Role, Running, SOCKET_DIR};
use crate::task::Cx;
use crate::{Fs, NetError};

/// Who connects to what.
pub struct Login<'a> {
    /// None or a directory: the Unix socket.
    pub host: Option<&'a str>,
    pub port: u16,
    pub user: &'a str,
    pub db: &'a str,
    /// A walsender connection (pg_basebackup, a standby's WAL receiver).
    pub replication: bool,
    pub password: Option<&'a str>,
}

/// A connection the server accepted.
#[derive(Debug, Clone)]
pub struct Session {
    pub server: Running,
    /// Over the local socket: the server's files are this container's.
    pub local: bool,
}

/// libpq's text for a TCP failure (PG 11, musl resolver wording).
pub fn tcp_error(host: &str, port: u16, e: &NetError, ip: Option<String>) -> String {
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

const CLOSED: &str = "server closed the connection unexpectedly\n\tThis probably means the server terminated abnormally\n\tbefore or while processing the request.\n";

/// This container's IP, from the /etc/hosts line the kubelet writes for the pod's hostname.
pub fn own_ip(cx: &mut Cx) -> String {
    let hostname = cx.host.hostname();
    let hosts = cx
        .host
        .fs()
        .read("/etc/hosts")
        .map(|b| String::from_utf8_lossy(&b).into_owned())
        .unwrap_or_default();
    hosts
        .lines()
        .filter(|l| !l.trim_start().starts_with('#'))
        .find_map(|l| {
            let mut f = l.split_whitespace();
            let ip = f.next()?;
            f.any(|n| n == hostname).then(|| ip.to_string())
        })
        .unwrap_or_else(|| "127.0.0.1".to_string())
}

/// Opens a session, or Err(libpq's message).
pub fn connect(cx: &mut Cx, l: &Login) -> Result<Session, String> {
    let local = l.host.is_none_or(|h| h.starts_with('/') || h.is_empty());
    if local {
        let server = running(cx.host.fs(), l.port).ok_or_else(|| {
            format!("could not connect to server: No such file or directory\n\tIs the server running locally and accepting\n\tconnections on Unix domain socket \"{SOCKET_DIR}/.s.PGSQL.{}\"?\n", l.port)
        })?;
        authenticate(cx.host.fs(), &server, None, l)?;
        return Ok(Session {
            server,
            local: true,
        });
    }
    let host = l.host.unwrap_or("localhost");
    let client_ip = own_ip(cx);
    let ip = first_ip(cx, host);
    let mut verdict: Option<Result<Running, String>> = None;
    let peer = cx.host.peer_fs(host, l.port, &mut |fs| {
        verdict = Some(match running(fs, l.port) {
            Some(server) => authenticate(fs, &server, Some(&client_ip), l).map(|()| server),
            None => Err(CLOSED.to_string()),
        });
    });
    match peer {
        Err(e) => {
            if e == NetError::Timeout {
                cx.cost_ms += 3000;
            }
            Err(tcp_error(host, l.port, &e, ip))
        }
        Ok(p) if p.server != "postgres" => Err(CLOSED.to_string()),
        Ok(_) => {
            let server = verdict.unwrap_or_else(|| Err(CLOSED.to_string()))?;
            let local = p_is_local(host);
            Ok(Session { server, local })
        }
    }
}

fn p_is_local(host: &str) -> bool {
    host == "localhost" || host == "127.0.0.1"
}

/// The server's side: pg_hba.conf picks a method, then the role and password are checked.
fn authenticate(fs: &dyn Fs, s: &Running, client: Option<&str>, l: &Login) -> Result<(), String> {
    let hba_path = s
        .hba_file
        .clone()
        .unwrap_or_else(|| format!("{}/pg_hba.conf", s.data_dir));
    let hba = fs
        .read(&hba_path)
        .map(|b| String::from_utf8_lossy(&b).into_owned())
        .unwrap_or_default();
    let shown = client.unwrap_or("[local]");
    let Some(method) = hba_method(&hba, client, l) else {
        return Err(if l.replication {
            format!("FATAL:  no pg_hba.conf entry for replication connection from host \"{shown}\", user \"{}\", SSL off\n", l.user)
        } else {
            format!("FATAL:  no pg_hba.conf entry for host \"{shown}\", user \"{}\", database \"{}\", SSL off\n", l.user, l.db)
        });
    };
    let roles = read_roles(fs, &s.data_dir);
    let role: Option<&Role> = roles.iter().find(|r| r.name == l.user);
    match method.as_str() {
        "reject" => {
            return Err(if l.replication {
                format!("FATAL:  pg_hba.conf rejects replication connection for host \"{shown}\", user \"{}\", SSL off\n", l.user)
            } else {
                format!("FATAL:  pg_hba.conf rejects connection for host \"{shown}\", user \"{}\", database \"{}\", SSL off\n", l.user, l.db)
            })
        }
        "md5" | "password" | "scram-sha-256" => {
            let Some(pw) = l.password.filter(|p| !p.is_empty()) else {
                return Err("fe_sendauth: no password supplied\n".into());
            };
            // A missing role fails like a wrong password, so as not to reveal which roles exist.
            if role.and_then(|r| r.password.as_deref()) != Some(pw) {
                return Err(format!(
                    "FATAL:  password authentication failed for user \"{}\"\n",
                    l.user
                ));
            }
        }
        // trust, and methods kubeplay does not model (peer, ident, ...), let the role in.
        _ => {
            if role.is_none() {
                return Err(format!("FATAL:  role \"{}\" does not exist\n", l.user));
            }
        }
    }
    let role = role.ok_or_else(|| format!("FATAL:  role \"{}\" does not exist\n", l.user))?;
    if !role.login {
        return Err(format!(
            "FATAL:  role \"{}\" is not permitted to log in\n",
            l.user
        ));
    }
    if l.replication && !(role.superuser || role.replication) {
        return Err("FATAL:  must be superuser or replication role to start walsender\n".into());
    }
    Ok(())
}

fn ipv4(s: &str) -> Option<u32> {
    let parts: Vec<u32> = s.split('.').map(|p| p.parse::<u8>().ok().map(u32::from)).collect::<Option<_>>()?;
    (parts.len() == 4).then(|| parts.iter().fold(0, |a, p| (a << 8) | p))
}

fn addr_matches(addr: &str, mask: Option<&str>, client: &str) -> bool {
    match addr {
        "all" | "samenet" => true,
        "samehost" => client == "127.0.0.1",
        _ => {
            let (net, bits) = match (addr.split_once('/'), mask) {
                (Some((n, b)), _) => (n, b.parse::<u32>().ok()),
                (None, Some(m)) => (addr, ipv4(m).map(u32::count_ones)),
                (None, None) => return false,
            };
            match (ipv4(net), ipv4(client), bits) {
                (Some(n), Some(c), Some(b)) if b <= 32 => {
                    let m = if b == 0 { 0 } else { u32::MAX << (32 - b) };
                    n & m == c & m
                }
                _ => false,
            }
        }
    }
}

/// The method of the first pg_hba.conf line that matches, as PostgreSQL reads it top down.
fn hba_method(hba: &str, client: Option<&str>, l: &Login) -> Option<String> {
    for line in hba.lines() {
        let line = line.split('#').next().unwrap_or("");
        let f: Vec<&str> = line.split_whitespace().collect();
        if f.len() < 4 {
            continue;
        }
        let (db, user) = (f[1], f[2]);
        let method = match (f[0], client) {
            ("local", None) => f[3],
            ("host" | "hostnossl", Some(ip)) if f.len() >= 5 => {
                let has_mask = !f[3].contains('/') && ipv4(f[3]).is_some() && f.len() >= 6;
                let mask = has_mask.then(|| f[4]);
                if !addr_matches(f[3], mask, ip) {
                    continue;
                }
                if has_mask {
                    f[5]
                } else {
                    f[4]
                }
            }
            _ => continue,
        };
        let db_ok = db.split(',').any(|d| match d {
            "replication" => l.replication,
            "all" => !l.replication,
            "sameuser" | "samerole" => !l.replication && l.db == l.user,
            name => !l.replication && name == l.db,
        });
        let user_ok = user.split(',').any(|u| u == "all" || u == l.user);
        if db_ok && user_ok {
            return Some(method.to_string());
        }
    }
    None
}

/// The first address `host` resolves to (what libpq shows in its connection errors).
pub(crate) fn first_ip(cx: &mut Cx, host: &str) -> Option<String> {
    cx.host.resolve(host).addresses.first().map(|(ip, _)| ip.clone())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn login(replication: bool) -> Login<'static> {
        Login {
            host: Some("db"),
            port: 5432,
            user: "replication",
            db: "replication",
            replication,
            password: None,
        }
    }

    #[test]
    fn hba_lines_match_top_down_and_all_excludes_replication() {
        let hba = "local all all trust\nhost replication all 127.0.0.1/32 trust\nhost replication replication all md5\nhost all all all md5\n";
        assert_eq!(hba_method(hba, Some("10.244.0.7"), &login(true)).as_deref(), Some("md5"));
        assert_eq!(hba_method(hba, Some("127.0.0.1"), &login(true)).as_deref(), Some("trust"));
        assert_eq!(hba_method("host all all all md5\n", Some("10.1.1.1"), &login(true)), None);
        assert_eq!(hba_method(hba, None, &login(false)).as_deref(), Some("trust"));
        assert!(addr_matches("10.0.0.0", Some("255.0.0.0"), "10.9.9.9"));
        assert!(!addr_matches("::1/128", None, "10.9.9.9"));
    }
}
