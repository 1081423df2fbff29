//! nginx: the official image's /docker-entrypoint.sh (its configuration scripts' messages, the
//! IPv6 listen added to default.conf), then nginx itself: its start-up notices, port 80 until
//! SIGTERM (exit 0); the HTTP answers come from [`nginx_response`], which the kubelet calls with
//! the container's filesystem.

use super::Started;
use crate::run::{launch, Launched};
use crate::task::{Cx, Outcome, Program};
use crate::{Fs, HttpResponse, Protocol, Signal};

/// nginx's document root in the official image.
pub const HTML_ROOT: &str = "/usr/share/nginx/html";

pub struct Nginx {
    listening: bool,
}

/// The version the image's NGINX_VERSION names when it names none.
const DEFAULT_VERSION: &str = "1.27.5";

/// The packaged /etc/nginx/conf.d/default.conf, before the entrypoint adds its IPv6 listen.
pub const DEFAULT_CONF: &str = "server {\n    listen       80;\n    server_name  localhost;\n\n    #access_log  /var/log/nginx/host.access.log  main;\n\n    location / {\n        root   /usr/share/nginx/html;\n        index  index.html index.htm;\n    }\n\n    #error_page  404              /404.html;\n\n    # redirect server error pages to the static page /50x.html\n    #\n    error_page   500 502 503 504  /50x.html;\n    location = /50x.html {\n        root   /usr/share/nginx/html;\n    }\n\n    # proxy the PHP scripts to Apache listening on 127.0.0.1:80\n    #\n    #location ~ \\.php$ {\n    #    proxy_pass   http://127.0.0.1;\n    #}\n\n    # pass the PHP scripts to FastCGI server listening on 127.0.0.1:9000\n    #\n    #location ~ \\.php$ {\n    #    root           html;\n    #    fastcgi_pass   127.0.0.1:9000;\n    #    fastcgi_index  index.php;\n    #    fastcgi_param  SCRIPT_FILENAME  /scripts$fastcgi_script_name;\n    #    include        fastcgi_params;\n    #}\n\n    # deny access to .htaccess files, if Apache's document root\n    # concurs with nginx's one\n    #\n    #location ~ /\\.ht {\n    #    deny  all;\n    #}\n}\n\n";

/// The official image's /docker-entrypoint.sh: for `nginx` or `nginx-debug` it runs the scripts
/// of /docker-entrypoint.d (only 10-listen-on-ipv6-by-default.sh has anything to say or do
/// without their environment variables), then `exec "$@"`.
pub struct Entrypoint {
    arg0: String,
    argv: Vec<String>,
}

impl Entrypoint {
    pub fn new(argv: &[String]) -> Entrypoint {
        Entrypoint { arg0: argv.first().cloned().unwrap_or_default(), argv: argv.get(1..).unwrap_or(&[]).to_vec() }
    }
}

impl Program for Entrypoint {
    fn resume(&mut self, cx: &mut Cx, _child: Option<i32>) -> Outcome {
        let configure = matches!(self.argv.first().map(String::as_str), Some("nginx") | Some("nginx-debug"));
        // entrypoint_log stays quiet when NGINX_ENTRYPOINT_QUIET_LOGS is set.
        let quiet = cx.var("NGINX_ENTRYPOINT_QUIET_LOGS").is_some_and(|v| !v.is_empty());
        if configure {
            let a0 = self.arg0.clone();
            let log = |cx: &mut Cx, text: String| {
                if !quiet {
                    cx.out(&format!("{text}\n"));
                }
            };
            log(cx, format!("{a0}: /docker-entrypoint.d/ is not empty, will attempt to perform configuration"));
            log(cx, format!("{a0}: Looking for shell scripts in /docker-entrypoint.d/"));
            log(cx, format!("{a0}: Launching /docker-entrypoint.d/10-listen-on-ipv6-by-default.sh"));
            let checked = listen_on_ipv6(cx);
            let goes_on = checked.starts_with("Getting the checksum");
            log(cx, format!("10-listen-on-ipv6-by-default.sh: info: {checked}"));
            if let Some(enabled) = listen_on_ipv6_done(cx).filter(|_| goes_on) {
                log(cx, format!("10-listen-on-ipv6-by-default.sh: info: {enabled}"));
            }
            log(cx, format!("{a0}: Sourcing /docker-entrypoint.d/15-local-resolvers.envsh"));
            log(cx, format!("{a0}: Launching /docker-entrypoint.d/20-envsubst-on-templates.sh"));
            log(cx, format!("{a0}: Launching /docker-entrypoint.d/30-tune-worker-processes.sh"));
            log(cx, format!("{a0}: Configuration complete; ready for start up"));
        }
        if self.argv.is_empty() {
            return Outcome::Exit(0);
        }
        let mut cost = 0;
        let env = cx.env.clone();
        let cwd = cx.cwd.to_string();
        match launch(cx.host, cx.io, cx.buf, cx.logged, &env, &cwd, &self.argv, &mut cost) {
            Launched::Task(t) => Outcome::Exec(t),
            Launched::Done(s) => Outcome::Exit(s),
            Launched::NotFound => {
                cx.err(&format!("{}: 47: exec: {}: not found\n", self.arg0, self.argv[0]));
                Outcome::Exit(127)
            }
            Launched::Denied => Outcome::Exit(126),
        }
    }
    fn signal(&mut self, _sig: Signal, _cx: &mut Cx) -> Option<i32> {
        Some(143)
    }
    fn describe(&self) -> String {
        "nginx's docker-entrypoint.sh".into()
    }
}

const CONF_PATH: &str = "/etc/nginx/conf.d/default.conf";

/// 10-listen-on-ipv6-by-default.sh up to its checksum: why it stops, or that it checks the file.
/// (The pod network has IPv6 in its kernel, and the image is Debian's.)
fn listen_on_ipv6(cx: &mut Cx) -> String {
    let fs = cx.host.fs();
    let content = match fs.stat(CONF_PATH) {
        Ok(st) if !st.is_dir => fs.read(CONF_PATH).unwrap_or_default(),
        _ => return format!("{CONF_PATH} is not a file or does not exist"),
    };
    // `touch`: a file it cannot write (a configMap volume is read-only) is left alone.
    if fs.write(CONF_PATH, &[], true).is_err() {
        return format!("can not modify {CONF_PATH} (read-only file system?)");
    }
    if String::from_utf8_lossy(&content).contains("listen  [::]:80;") {
        return "IPv6 listen already enabled".into();
    }
    format!("Getting the checksum of {CONF_PATH}")
}

/// The rest of 10-listen-on-ipv6-by-default.sh, when it got to the checksum: the packaged file
/// gains `listen  [::]:80;`; any other is left as it is.
fn listen_on_ipv6_done(cx: &mut Cx) -> Option<String> {
    let fs = cx.host.fs();
    let content = String::from_utf8_lossy(&fs.read(CONF_PATH).ok()?).into_owned();
    if content.contains("listen  [::]:80;") {
        return None;
    }
    if content != DEFAULT_CONF {
        return Some(format!("{CONF_PATH} differs from the packaged version"));
    }
    let edited = content.replacen("listen       80;", "listen       80;\n    listen  [::]:80;", 1);
    fs.write(CONF_PATH, edited.as_bytes(), false).ok()?;
    Some(format!("Enabled listen on IPv6 in {CONF_PATH}"))
}

/// The version nginx reports: the image's NGINX_VERSION.
fn version(cx: &Cx) -> String {
    cx.var("NGINX_VERSION").filter(|v| !v.is_empty()).unwrap_or(DEFAULT_VERSION).to_string()
}

pub fn start(cx: &mut Cx, argv: &[String]) -> Started {
    if argv.iter().any(|a| a == "-v") {
        let v = version(cx);
        cx.err(&format!("nginx version: nginx/{v}\n"));
        return Started::Done(0);
    }
    if argv.iter().any(|a| a == "-t") {
        cx.err("nginx: the configuration file /etc/nginx/nginx.conf syntax is ok\nnginx: configuration file /etc/nginx/nginx.conf test is successful\n");
        return Started::Done(0);
    }
    Started::Run(Box::new(Nginx { listening: false }))
}

impl Program for Nginx {
    fn resume(&mut self, cx: &mut Cx, _child: Option<i32>) -> Outcome {
        if !self.listening {
            self.listening = true;
            open_logs(cx);
            notices(cx);
            cx.host.listen(80, Protocol::Tcp);
        }
        Outcome::Block
    }
    fn signal(&mut self, _sig: Signal, _cx: &mut Cx) -> Option<i32> {
        // SIGTERM is nginx's fast shutdown: it exits 0 at once.
        Some(0)
    }
    fn describe(&self) -> String {
        "nginx server".into()
    }
}

/// nginx opens its logs as it starts: the image's links to the container's output stay as they
/// are, and where a volume hides them, empty files are created.
fn open_logs(cx: &mut Cx) {
    for log in ["/var/log/nginx/access.log", "/var/log/nginx/error.log"] {
        if cx.host.fs().lstat(log).is_err() {
            let _ = cx.host.fs().write(log, b"", true);
        }
    }
}

/// What nginx logs at start-up to its error log (the container's stderr in the official image):
/// its build, the kind node's kernel and open-files limit, a worker per CPU (the nodes have 8).
fn notices(cx: &mut Cx) {
    let (y, m, d, hh, mm, ss, _, _) = crate::applets::util::civil(cx.host.now_ms());
    let stamp = format!("{y:04}/{m:02}/{d:02} {hh:02}:{mm:02}:{ss:02}");
    let v = version(cx);
    let mut text = String::new();
    let mut line = |s: &str| text.push_str(&format!("{stamp} [notice] 1#1: {s}\n"));
    line("using the \"epoll\" event method");
    line(&format!("nginx/{v}"));
    line("built by gcc 12.2.0 (Debian 12.2.0-14) ");
    line("OS: Linux 6.8.0-50-generic");
    line("getrlimit(RLIMIT_NOFILE): 1048576:1048576");
    line("start worker processes");
    for pid in 29..37 {
        line(&format!("start worker process {pid}"));
    }
    let log = "/var/log/nginx/error.log";
    match cx.host.fs().lstat(log) {
        Ok(st) if st.link.as_deref() == Some("/dev/stderr") => cx.err(&text),
        Ok(_) => {
            let _ = cx.host.fs().write(log, text.as_bytes(), true);
        }
        Err(_) => {}
    }
}

fn page(status: u16, title: &str) -> String {
    format!("<html>\r\n<head><title>{status} {title}</title></head>\r\n<body>\r\n<center><h1>{status} {title}</h1></center>\r\n<hr><center>nginx/{DEFAULT_VERSION}</center>\r\n</body>\r\n</html>\r\n")
}

/// How nginx answers `GET path` from the files under /usr/share/nginx/html: `index.html` for
/// directories, 404 / 403 pages in nginx's own HTML otherwise.
pub fn nginx_response(fs: &dyn Fs, path: &str) -> HttpResponse {
    let clean = path.split(['?', '#']).next().unwrap_or("/");
    let full = crate::path::join(HTML_ROOT, clean.trim_start_matches('/'));
    if !full.starts_with(HTML_ROOT) {
        return HttpResponse {
            status: 404,
            body: page(404, "Not Found"),
        };
    }
    let target = match fs.stat(&full) {
        Ok(st) if st.is_dir => crate::path::join(&full, "index.html"),
        Ok(_) => full,
        Err(_) => {
            return HttpResponse {
                status: 404,
                body: page(404, "Not Found"),
            }
        }
    };
    match fs.read(&target) {
        Ok(b) => HttpResponse {
            status: 200,
            body: String::from_utf8_lossy(&b).into_owned(),
        },
        Err(crate::FsError::NotFound) if target.ends_with("/index.html") => HttpResponse {
            status: 403,
            body: page(403, "Forbidden"),
        },
        Err(crate::FsError::NotFound) => HttpResponse {
            status: 404,
            body: page(404, "Not Found"),
        },
        Err(_) => HttpResponse {
            status: 403,
            body: page(403, "Forbidden"),
        },
    }
}
