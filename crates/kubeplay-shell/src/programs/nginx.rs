//! nginx: listens on port 80 and runs until SIGTERM (exit 0); the HTTP answers come from
//! [`nginx_response`], which the kubelet calls with the container's filesystem.

use super::Started;
use crate::task::{Cx, Outcome, Program};
use crate::{Fs, HttpResponse, Protocol, Signal};

/// nginx's document root in the official image.
pub const HTML_ROOT: &str = "/usr/share/nginx/html";

pub struct Nginx {
    listening: bool,
}

pub fn start(cx: &mut Cx, argv: &[String]) -> Started {
    if argv.iter().any(|a| a == "-v") {
        cx.err("nginx version: nginx/1.25.3\n");
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

fn page(status: u16, title: &str) -> String {
    format!("<html>\r\n<head><title>{status} {title}</title></head>\r\n<body>\r\n<center><h1>{status} {title}</h1></center>\r\n<hr><center>nginx/1.25.3</center>\r\n</body>\r\n</html>\r\n")
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
