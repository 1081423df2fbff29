//! The image catalogue: what well-known images do when the pod does not override their command, what
//! programs they carry, their size (pull time, the `Pulled` event) and default environment. Data, not
//! code: the processes themselves are kubeplay-shell's.

/// One image's behaviour as the kubelet needs it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Image {
    /// Repository names this row matches (`busybox`, `docker.io/library/busybox`), tag ignored.
    pub repos: &'static [&'static str],
    /// Every tag the registry has, for repositories whose tags are known exhaustively (the book's
    /// own images); None where any tag is assumed to exist (busybox, nginx, ... have too many).
    pub tags: Option<&'static [&'static str]>,
    pub entrypoint: &'static [&'static str],
    pub cmd: &'static [&'static str],
    /// Environment the image sets (`PGDATA`, `PATH`).
    pub env: &'static [(&'static str, &'static str)],
    /// Program sets in its PATH.
    pub programs: &'static [&'static [&'static str]],
    /// Compressed size in bytes, as containerd reports it in the `Pulled` event.
    pub size: u64,
    /// What kubeplay assumes it does, for `kubectl describe` and explanations.
    pub behaviour: &'static str,
    /// Files the image ships that scenarios look at: (path, contents, mode).
    pub files: &'static [(&'static str, &'static str, u32)],
    /// Directories the image creates (its Dockerfile's `mkdir`s and `VOLUME`s, which start empty):
    /// (path, mode).
    pub dirs: &'static [(&'static str, u32)],
    /// Symlinks the image ships: (path, target).
    pub links: &'static [(&'static str, &'static str)],
}

/// nginx's default page (/usr/share/nginx/html/index.html in the official image).
const NGINX_INDEX: &str = "<!DOCTYPE html>\n<html>\n<head>\n<title>Welcome to nginx!</title>\n<style>\nhtml { color-scheme: light dark; }\nbody { width: 35em; margin: 0 auto;\nfont-family: Tahoma, Verdana, Arial, sans-serif; }\n</style>\n</head>\n<body>\n<h1>Welcome to nginx!</h1>\n<p>If you see this page, the nginx web server is successfully installed and\nworking. Further configuration is required.</p>\n\n<p>For online documentation and support please refer to\n<a href=\"http://nginx.org/\">nginx.org</a>.<br/>\nCommercial support is available at\n<a href=\"http://nginx.com/\">nginx.com</a>.</p>\n\n<p><em>Thank you for using nginx.</em></p>\n</body>\n</html>\n";

const PATH: (&str, &str) = ("PATH", "/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin");
const SHELLS: &[&str] = &["sh", "ash", "bash"];
const PI: &[&str] = kubeplay_shell::PI_PROGRAMS;
const NGINX: &[&str] = kubeplay_shell::NGINX_PROGRAMS;

/// The tags sixeyed/kiamol builds for each of its images (docker-images/docker-compose.yml and the
/// per-architecture amd64.yml/arm64.yml of each chapter): a multi-arch `latest` and its parts.
const KIAMOL_TAGS: &[&str] = &["latest", "latest-linux-amd64", "latest-linux-arm64"];


/// kind's own images, preloaded on every node: distroless, with the one daemon and no shell.
const fn system(repo: &'static [&'static str], entrypoint: &'static [&'static str], programs: &'static [&'static [&'static str]], size: u64, behaviour: &'static str) -> Image {
    Image { repos: repo, tags: None, entrypoint, cmd: &[], env: &[("PATH", "/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin")], programs, size, behaviour, files: &[], dirs: &[], links: &[] }
}

/// The images of kind v0.29's node image for Kubernetes v1.33.1 (kubeadm's and kind's manifests).
pub const SYSTEM_IMAGES: &[&str] = &[
    "registry.k8s.io/coredns/coredns:v1.12.0",
    "registry.k8s.io/etcd:3.5.21-0",
    "registry.k8s.io/kube-apiserver:v1.33.1",
    "registry.k8s.io/kube-controller-manager:v1.33.1",
    "registry.k8s.io/kube-scheduler:v1.33.1",
    "registry.k8s.io/kube-proxy:v1.33.1",
    "docker.io/kindest/kindnetd:v20250512-df8de77b",
    "docker.io/kindest/local-path-provisioner:v20250214-acbabc1a",
];

pub const CATALOGUE: &[Image] = &[
    Image {
        repos: &["busybox"],
        tags: None,
        entrypoint: &[],
        cmd: &["sh"],
        env: &[PATH],
        programs: &[SHELLS, kubeplay_shell::BUSYBOX_APPLETS],
        size: 2_222_260,
        behaviour: "busybox: the shell and its applets; with no command, `sh` reads an empty stdin and exits 0",
        files: &[],
        dirs: &[],
        links: &[],
    },
    Image {
        repos: &["alpine"],
        tags: None,
        entrypoint: &[],
        cmd: &["/bin/sh"],
        env: &[PATH],
        programs: &[SHELLS, kubeplay_shell::BUSYBOX_APPLETS],
        size: 3_653_068,
        behaviour: "alpine: busybox's shell and applets; with no command, `/bin/sh` exits 0 at once",
        files: &[],
        dirs: &[],
        links: &[],
    },
    Image {
        repos: &["kiamol/ch03-sleep"],
        tags: Some(KIAMOL_TAGS),
        entrypoint: &[],
        // The image's CMD is `exec /bin/sh -c "trap : TERM INT; (while true; do sleep 1000; done) & wait"`:
        // it sleeps until stopped and exits at once (143) on SIGTERM, because `wait` is interruptible.
        // kubeplay-shell runs `&` in the foreground, where a trap waits for the child, so the loop
        // sleeps 1s at a time to end within a second of SIGTERM. TODO: background jobs + `wait`.
        cmd: &["/bin/sh", "-c", "trap 'exit 143' TERM INT; while true; do sleep 1; done"],
        env: &[PATH],
        programs: &[SHELLS, kubeplay_shell::BUSYBOX_APPLETS],
        size: 5_802_517,
        behaviour: "kiamol/ch03-sleep: alpine with curl; sleeps until stopped, exits on SIGTERM",
        files: &[],
        dirs: &[],
        links: &[],
    },
    Image {
        repos: &["postgres"],
        tags: None,
        entrypoint: &["docker-entrypoint.sh"],
        cmd: &["postgres"],
        env: &[PATH, ("PGDATA", "/var/lib/postgresql/data"), ("PG_MAJOR", "11"), ("PG_VERSION", "11.6"), ("LANG", "en_US.utf8")],
        programs: &[SHELLS, kubeplay_shell::BUSYBOX_APPLETS, kubeplay_shell::POSTGRES_PROGRAMS],
        size: 56_702_000,
        behaviour: "postgres: initialises PGDATA on first start (needs POSTGRES_PASSWORD or POSTGRES_PASSWORD_FILE), listens on 5432 after a few seconds",
        files: &[],
        // docker-library/postgres 11/alpine/Dockerfile: `mkdir /docker-entrypoint-initdb.d`,
        // /var/run/postgresql chmod 2777, PGDATA chmod 777 (700 once the entrypoint runs) and
        // `VOLUME /var/lib/postgresql/data`, which the runtime gives the container empty.
        dirs: &[("docker-entrypoint-initdb.d", 0o755), ("var/run/postgresql", 0o2777), ("var/lib/postgresql/data", 0o777)],
        links: &[],
    },
    Image {
        repos: &["nginx"],
        tags: None,
        // The image's ENTRYPOINT is its own /docker-entrypoint.sh (the configuration scripts),
        // which ends by exec'ing CMD.
        entrypoint: &["/docker-entrypoint.sh"],
        cmd: &["nginx", "-g", "daemon off;"],
        env: &[PATH, ("NGINX_VERSION", "1.27.5")],
        programs: &[SHELLS, NGINX, kubeplay_shell::BUSYBOX_APPLETS],
        size: 72_099_501,
        behaviour: "nginx: listens on port 80, ready once started, serves /usr/share/nginx/html",
        files: &[("usr/share/nginx/html/index.html", NGINX_INDEX, 0o644), ("usr/share/nginx/html/50x.html", "<!DOCTYPE html>\n<html>\n<head>\n<title>Error</title>\n</head>\n<body>\n<h1>An error occurred.</h1>\n</body>\n</html>\n", 0o644), ("etc/nginx/conf.d/default.conf", kubeplay_shell::NGINX_DEFAULT_CONF, 0o644)],
        dirs: &[],
        // The official image sends its logs to the container's output; a volume mounted over
        // /var/log/nginx hides these links, and nginx then writes real files there.
        links: &[("var/log/nginx/access.log", "/dev/stdout"), ("var/log/nginx/error.log", "/dev/stderr")],
    },
    Image {
        repos: &["kiamol/ch05-pi"],
        tags: Some(KIAMOL_TAGS),
        entrypoint: &["dotnet", "Pi.Web.dll"],
        cmd: &[],
        env: &[PATH],
        // The app runs on a Debian-based .NET image: a shell and the usual tools (pi-job-random's
        // `sh -c 'dotnet Pi.Web.dll -m console -dp $(cat /init/dp)'`).
        programs: &[SHELLS, kubeplay_shell::BUSYBOX_APPLETS, PI],
        size: 91_403_772,
        behaviour: "kiamol/ch05-pi: `-m console -dp N` computes π to N decimal places and prints it; otherwise a web server on port 80",
        files: &[],
        dirs: &[],
        links: &[],
    },
    system(&["registry.k8s.io/coredns/coredns"], &["/coredns"], &[&["coredns"]], 20_939_036, "CoreDNS: the cluster's DNS server (ports 53, 9153, 8080 /health, 8181 /ready)"),
    system(&["registry.k8s.io/etcd"], &[], &[&["etcd", "etcdctl", "etcdutl"]], 58_938_593, "etcd: the control plane's store (ports 2379, 2380, 2381)"),
    system(&["registry.k8s.io/kube-apiserver"], &[], &[&["kube-apiserver"]], 30_071_307, "kube-apiserver: the API server (port 6443)"),
    system(&["registry.k8s.io/kube-controller-manager"], &[], &[&["kube-controller-manager"]], 27_646_507, "kube-controller-manager: the built-in controllers (port 10257)"),
    system(&["registry.k8s.io/kube-scheduler"], &[], &[&["kube-scheduler"]], 21_785_428, "kube-scheduler: binds pods to nodes (port 10259)"),
    system(&["registry.k8s.io/kube-proxy"], &[], &[&["kube-proxy"]], 31_457_367, "kube-proxy: Service routing on its node (ports 10249, 10256)"),
    system(&["kindest/kindnetd"], &["/bin/kindnetd"], &[&["kindnetd"]], 44_375_501, "kindnetd: kind's pod network on its node"),
    system(&["kindest/local-path-provisioner"], &[], &[&["local-path-provisioner"]], 22_541_737, "local-path-provisioner: makes hostPath volumes for claims of the standard class"),
];

/// An image reference split the way the kubelet sees it.
pub fn repository(image: &str) -> &str {
    let no_digest = image.split('@').next().unwrap_or(image);
    let last_slash = no_digest.rfind('/').map_or(0, |i| i + 1);
    let repo = match no_digest[last_slash..].find(':') {
        Some(i) => &no_digest[..last_slash + i],
        None => no_digest,
    };
    repo.strip_prefix("docker.io/").map(|r| r.strip_prefix("library/").unwrap_or(r)).unwrap_or(repo)
}

/// The catalogue row for `image`, if kubeplay knows it.
pub fn lookup(image: &str) -> Option<&'static Image> {
    let repo = repository(image);
    CATALOGUE.iter().find(|i| i.repos.contains(&repo))
}

/// The registry round trip of a pull before any layer moves: resolving the tag. A pull of a tag
/// that does not exist takes just this.
pub const REGISTRY_RTT_MS: i64 = 400;

/// Simulated pull time: the registry round trip plus size at 40 MB/s.
pub fn pull_ms(image: &str) -> i64 {
    let size = lookup(image).map_or(30_000_000, |i| i.size);
    REGISTRY_RTT_MS + (size / 40_000) as i64
}

/// The runtime's error when the registry has no manifest for `image` (None: the pull works).
/// Only repositories whose tags the catalogue knows exhaustively can fail; any other image is
/// assumed to exist, and so is any digest (it cannot be checked against a tag list).
///
/// The text is containerd's as the kubelet shows it, gRPC status included. kind's node images run
/// containerd 2.x, whose CRI pulls through the transfer service: `failed to pull and unpack image
/// "<ref>": failed to resolve image: <ref>: not found` (containerd 1.7 said `failed to resolve
/// reference "<ref>": <ref>: not found` instead), `<ref>` being the normalised reference.
pub fn pull_error(image: &str) -> Option<String> {
    let tags = lookup(image)?.tags?;
    let named = super::imageref::parse_normalized_named(image).ok()?;
    if named.digest.is_some() {
        return None;
    }
    if tags.contains(&named.tag.as_deref().unwrap_or("latest")) {
        return None;
    }
    let full = named.full();
    Some(format!("rpc error: code = NotFound desc = failed to pull and unpack image \"{full}\": failed to resolve image: {full}: not found"))
}

/// Compressed size reported for an image kubeplay does not know.
pub const UNKNOWN_IMAGE_SIZE: u64 = 30_000_000;

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn references_resolve_to_catalogue_rows() {
        assert_eq!(repository("postgres:11.6-alpine"), "postgres");
        assert_eq!(repository("docker.io/library/busybox:1.36"), "busybox");
        assert_eq!(repository("kiamol/ch05-pi"), "kiamol/ch05-pi");
        assert_eq!(repository("localhost:5000/app:v1"), "localhost:5000/app");
        assert!(lookup("kiamol/ch03-sleep").is_some());
    }

    #[test]
    fn only_exhaustively_known_repositories_can_lack_a_tag() {
        assert_eq!(pull_error("kiamol/ch05-pi"), None);
        assert_eq!(pull_error("kiamol/ch03-sleep:latest-linux-arm64"), None);
        assert_eq!(
            pull_error("kiamol/ch05-pi:nope").as_deref(),
            Some("rpc error: code = NotFound desc = failed to pull and unpack image \"docker.io/kiamol/ch05-pi:nope\": failed to resolve image: docker.io/kiamol/ch05-pi:nope: not found")
        );
        assert!(pull_error("docker.io/kiamol/ch03-sleep:v2").is_some());
        assert_eq!(pull_error("busybox:no-such-tag"), None, "busybox's tags are not all known");
        assert_eq!(pull_error("example.com/anything:v9"), None, "images outside the catalogue are assumed to exist");
        assert_eq!(pull_error(&format!("kiamol/ch05-pi@sha256:{}", "0".repeat(64))), None);
    }
}
