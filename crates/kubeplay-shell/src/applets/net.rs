//! Network applets: nslookup (busybox ≥1.30's own resolver and output), wget, nc -z.
//!
//! nslookup follows busybox's networking/nslookup.c: it prints `Server:\t\t<ns>` and
//! `Address:\t<ns>:53` and a blank line, then one block per query — an A and an AAAA query for
//! each name tried — each block ending with a blank line: `Name:\t<name>` / `Address: <ip>` lines
//! for answers, nothing for an empty (NOERROR) AAAA answer, and `** server can't find <name>:
//! NXDOMAIN` for a failed one, all on stdout. Any NXDOMAIN makes the exit status 1. Busybox's
//! own resolver does not apply `ndots`: a name with a dot is asked as is, and only a dotless
//! name gets the `search` domains of /etc/resolv.conf (one query per domain, failures printed).
//! The host resolves with the pod's search path like libc, so a query counts as answered only
//! when the host's matching fqdn is exactly the name asked.

use crate::task::Cx;
use crate::{NetError, Resolution};

fn strip_dot(s: &str) -> &str {
    s.strip_suffix('.').unwrap_or(s)
}

/// The `search` (or `domain`) line of /etc/resolv.conf, if the container has one.
fn search_domains(cx: &mut Cx) -> Option<Vec<String>> {
    let text = cx.host.fs().read("/etc/resolv.conf").ok()?;
    let text = String::from_utf8_lossy(&text).into_owned();
    let mut search = None;
    let mut domain = None;
    for line in text.lines() {
        let mut w = line.split_whitespace();
        match w.next() {
            Some("search") => search = Some(w.map(|s| s.to_string()).collect::<Vec<_>>()),
            Some("domain") => domain = w.next().map(|d| vec![d.to_string()]),
            _ => {}
        }
    }
    search.or(domain)
}

pub fn nslookup(cx: &mut Cx, args: &[String]) -> i32 {
    let names: Vec<&String> = args.iter().filter(|a| !a.starts_with('-')).collect();
    let Some(name) = names.first().map(|s| s.as_str()) else {
        cx.err("BusyBox v1.36.1 (2023-06-02 00:42:02 UTC) multi-call binary.\n\nUsage: nslookup [-type=QUERY_TYPE] [-debug] HOST [DNS_SERVER]\n\nQuery DNS about HOST\n\nQUERY_TYPE: soa,ns,a,aaaa,cname,mx,txt,ptr,srv,any\n");
        return 1;
    };
    let first = cx.host.resolve(name);
    let server = names
        .get(1)
        .map(|s| s.to_string())
        .unwrap_or_else(|| first.server.0.clone());
    let candidates: Vec<String> = if name.contains('.') {
        vec![name.to_string()]
    } else {
        match search_domains(cx) {
            Some(d) if !d.is_empty() => d
                .iter()
                .map(|dom| format!("{name}.{}", strip_dot(dom)))
                .collect(),
            // Without a resolv.conf to read, take the host's answer as the one name tried.
            _ => vec![first
                .fqdn
                .clone()
                .map(|f| strip_dot(&f).to_string())
                .unwrap_or_else(|| name.to_string())],
        }
    };
    let answers: Vec<(String, Resolution)> = candidates
        .iter()
        .map(|c| {
            (
                c.clone(),
                if c == name {
                    first.clone()
                } else {
                    cx.host.resolve(c)
                },
            )
        })
        .collect();
    let mut out = format!("Server:\t\t{server}\nAddress:\t{server}:53\n\n");
    let mut failed = false;
    for aaaa in [false, true] {
        for (q, r) in &answers {
            let found =
                r.fqdn.as_deref().map(strip_dot) == Some(strip_dot(q)) && !r.addresses.is_empty();
            if !found {
                out.push_str(&format!("** server can't find {q}: NXDOMAIN\n\n"));
                failed = true;
            } else if !aaaa {
                for (ip, _) in &r.addresses {
                    out.push_str(&format!("Name:\t{q}\nAddress: {ip}\n"));
                }
                out.push('\n');
            } else {
                // The cluster has no IPv6 records: an empty answer prints just the separator.
                out.push('\n');
            }
        }
    }
    cx.out(&out);
    failed as i32
}

struct Url {
    host: String,
    port: u16,
    path: String,
}

fn parse_url(u: &str) -> Option<Url> {
    let (rest, default_port) = if let Some(r) = u.strip_prefix("http://") {
        (r, 80)
    } else if let Some(r) = u.strip_prefix("https://") {
        (r, 443)
    } else if u.contains("://") {
        return None;
    } else {
        (u, 80)
    };
    let (hostport, path) = match rest.find('/') {
        Some(i) => (&rest[..i], rest[i..].to_string()),
        None => (rest, "/".to_string()),
    };
    let (host, port) = match hostport.rsplit_once(':') {
        Some((h, p)) => (h.to_string(), p.parse().ok()?),
        None => (hostport.to_string(), default_port),
    };
    if host.is_empty() {
        return None;
    }
    Some(Url { host, port, path })
}

fn is_ip(s: &str) -> bool {
    let parts: Vec<&str> = s.split('.').collect();
    parts.len() == 4 && parts.iter().all(|p| p.parse::<u8>().is_ok())
}

fn reason(status: u16) -> &'static str {
    match status {
        200 => "OK",
        201 => "Created",
        204 => "No Content",
        301 => "Moved Permanently",
        302 => "Found",
        400 => "Bad Request",
        401 => "Unauthorized",
        403 => "Forbidden",
        404 => "Not Found",
        405 => "Method Not Allowed",
        500 => "Internal Server Error",
        502 => "Bad Gateway",
        503 => "Service Unavailable",
        504 => "Gateway Timeout",
        _ => "",
    }
}

/// `wget [-q] [-O FILE|-] [--spider] [-T SEC] URL`.
pub fn wget(cx: &mut Cx, args: &[String]) -> i32 {
    let (mut quiet, mut spider) = (false, false);
    let mut out_file: Option<String> = None;
    let mut timeout_s: u64 = 10;
    let mut url = None;
    let mut i = 0;
    while i < args.len() {
        let a = &args[i];
        if a == "--spider" {
            spider = true;
        } else if a == "-q" || a == "--quiet" {
            quiet = true;
        } else if a == "-O" || a == "-T" {
            let v = args.get(i + 1).cloned().unwrap_or_default();
            if a == "-O" {
                out_file = Some(v);
            } else {
                timeout_s = v.parse().unwrap_or(10);
            }
            i += 1;
        } else if let Some(v) = a.strip_prefix("--output-document=") {
            out_file = Some(v.to_string());
        } else if a.starts_with('-') && a.len() > 1 && !a.starts_with("--") {
            // combined short flags: -qO- / -qO FILE
            let flags = &a[1..];
            if let Some(pos) = flags.find('O') {
                quiet |= flags[..pos].contains('q');
                let rest = &flags[pos + 1..];
                if rest.is_empty() {
                    out_file = args.get(i + 1).cloned();
                    i += 1;
                } else {
                    out_file = Some(rest.to_string());
                }
            } else {
                quiet |= flags.contains('q');
                spider |= false;
            }
        } else if !a.starts_with("--") {
            url = Some(a.clone());
        }
        i += 1;
    }
    let Some(url) = url else {
        cx.err("BusyBox v1.36.1 (2023-06-02 00:42:02 UTC) multi-call binary.\n\nUsage: wget [-cqS] [--spider] [-O FILE] [-o LOGFILE] [--header STR]\n\t[--post-data STR | --post-file FILE] [-Y on/off]\n\t[-P DIR] [-U AGENT] [-T SEC] URL...\n");
        return 1;
    };
    let Some(u) = parse_url(&url) else {
        cx.err(&format!("wget: not an http or ftp url: {url}\n"));
        return 1;
    };
    let ip = if is_ip(&u.host) {
        u.host.clone()
    } else {
        match cx.host.resolve(&u.host).addresses.first() {
            Some((ip, _)) => ip.clone(),
            None => {
                cx.err(&format!("wget: bad address '{}'\n", u.host));
                return 1;
            }
        }
    };
    if !quiet {
        cx.err(&format!("Connecting to {} ({ip}:{})\n", u.host, u.port));
    }
    let resp = match cx.host.http_get(&u.host, u.port, &u.path) {
        Ok(r) => r,
        Err(NetError::Refused) => {
            cx.err(&format!(
                "wget: can't connect to remote host ({ip}): Connection refused\n"
            ));
            return 1;
        }
        Err(NetError::UnknownHost) => {
            cx.err(&format!("wget: bad address '{}'\n", u.host));
            return 1;
        }
        Err(NetError::Timeout) => {
            cx.cost_ms = cx.cost_ms.saturating_add(timeout_s.saturating_mul(1000));
            cx.err("wget: download timed out\n");
            return 1;
        }
    };
    if resp.status >= 400 {
        cx.err(&format!(
            "wget: server returned error: HTTP/1.1 {} {}\n",
            resp.status,
            reason(resp.status)
        ));
        return 1;
    }
    if spider {
        if !quiet {
            cx.err("remote file exists\n");
        }
        return 0;
    }
    let file = out_file.unwrap_or_else(|| {
        let b = crate::path::basename(u.path.split('?').next().unwrap_or(""));
        if b.is_empty() || b == "/" {
            "index.html".to_string()
        } else {
            b
        }
    });
    if file == "-" {
        if !quiet {
            cx.err("writing to stdout\n");
        }
        cx.out(&resp.body);
        if !quiet {
            cx.err(&format!("-                    100% |********************************| {:>5}  0:00:00 ETA\nwritten to stdout\n", resp.body.len()));
        }
        return 0;
    }
    if !quiet {
        cx.err(&format!("saving to '{file}'\n"));
    }
    let p = cx.abs(&file);
    if let Err(e) = cx.host.fs().write(&p, resp.body.as_bytes(), false) {
        cx.err(&format!(
            "wget: can't open '{file}': {}\n",
            crate::path::fs_error_text(e)
        ));
        return 1;
    }
    if !quiet {
        let shown: String = file.chars().take(20).collect();
        cx.err(&format!("{shown:<20} 100% |********************************| {:>5}  0:00:00 ETA\n'{file}' saved\n", resp.body.len()));
    }
    0
}

/// `nc -z [-v] HOST PORT`: whether something listens (no data is exchanged).
pub fn nc(cx: &mut Cx, args: &[String]) -> i32 {
    let verbose = args.iter().any(|a| a.starts_with('-') && a.contains('v'));
    let rest: Vec<&String> = args.iter().filter(|a| !a.starts_with('-')).collect();
    let (Some(host), Some(port)) = (rest.first(), rest.get(1)) else {
        cx.err("BusyBox v1.36.1 (2023-06-02 00:42:02 UTC) multi-call binary.\n\nUsage: nc [OPTIONS] HOST PORT  - connect\n");
        return 1;
    };
    let Ok(port) = port.parse::<u16>() else {
        cx.err(&format!("nc: bad port '{port}'\n"));
        return 1;
    };
    match cx.host.connect(host, port) {
        Ok(p) => {
            if verbose {
                cx.err(&format!("{host} ({}:{port}) open\n", p.ip));
            }
            0
        }
        Err(NetError::UnknownHost) => {
            cx.err(&format!("nc: bad address '{host}'\n"));
            1
        }
        Err(NetError::Timeout) => {
            cx.cost_ms = cx.cost_ms.saturating_add(10_000);
            if verbose {
                cx.err("nc: timeout\n");
            }
            1
        }
        Err(NetError::Refused) => {
            if verbose {
                cx.err(&format!("nc: {host} ({host}:{port}): Connection refused\n"));
            }
            1
        }
    }
}
