//! Image references as the kubelet parses them before pulling (distribution/reference v0.6
//! `ParseNormalizedNamed`, called by pkg/util/parsers.ParseImageName): the grammar, the Docker Hub
//! normalisation (`busybox` → `docker.io/library/busybox`) and the exact error texts, which end up
//! in the kubelet's `InvalidImageName` status and its `InspectFailed` event.

/// A reference that parsed: `domain/path[:tag][@digest]`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Named {
    pub domain: String,
    pub path: String,
    pub tag: Option<String>,
    pub digest: Option<String>,
}

impl Named {
    /// The fully qualified reference containerd pulls (`docker.io/library/busybox:latest`).
    pub fn full(&self) -> String {
        let mut s = format!("{}/{}", self.domain, self.path);
        match (&self.tag, &self.digest) {
            (Some(t), _) => s.push_str(&format!(":{t}")),
            (None, None) => s.push_str(":latest"),
            (None, Some(_)) => {}
        }
        if let Some(d) = &self.digest {
            s.push_str(&format!("@{d}"));
        }
        s
    }
}

/// Bound from distribution/reference (RepositoryNameTotalLengthMax).
const NAME_MAX: usize = 255;

/// `ParseImageName`: Ok, or the kubelet's error (`couldn't parse image name "X": ...`).
pub fn parse_image_name(image: &str) -> Result<Named, String> {
    parse_normalized_named(image).map_err(|e| format!("couldn't parse image name {}: {e}", crate::api::errors::go_quote(image)))
}

/// distribution/reference `ParseNormalizedNamed`.
pub fn parse_normalized_named(s: &str) -> Result<Named, String> {
    if s.len() == 64 && s.bytes().all(|b| b.is_ascii_digit() || (b'a'..=b'f').contains(&b)) {
        return Err(format!("invalid repository name ({s}), cannot specify 64-byte hexadecimal strings"));
    }
    let (domain, library, remainder) = split_docker_domain(s);
    let remote = remainder.split(':').next().unwrap_or("");
    if lowercasing_changes(remote) {
        let library = if library { "library/" } else { "" };
        return Err(format!("invalid reference format: repository name ({library}{remote}) must be lowercase"));
    }
    let prefix = if library { "/library/" } else { "/" };
    let mut full = String::with_capacity(domain.len() + prefix.len() + remainder.len());
    full.push_str(domain);
    full.push_str(prefix);
    full.push_str(remainder);
    parse(&full)
}

/// Whether Go's `strings.ToLower` would change `s` (without building the lower-case copy for the
/// ASCII names image references nearly always are).
fn lowercasing_changes(s: &str) -> bool {
    if s.is_ascii() {
        s.bytes().any(|b| b.is_ascii_uppercase())
    } else {
        s.to_lowercase() != s
    }
}

/// splitDockerDomain: whether the first path element is a registry, and Docker Hub's `library/`
/// (returned as a flag: the remainder is then `library/` followed by the third part).
fn split_docker_domain(name: &str) -> (&str, bool, &str) {
    let Some((first, rest)) = name.split_once('/') else {
        return ("docker.io", true, name);
    };
    let (domain, remote) = if first == "index.docker.io" {
        ("docker.io", rest)
    } else if first == "localhost" || first.contains(['.', ':']) || lowercasing_changes(first) {
        // A registry: localhost, anything with a dot or port, or an uppercase first element
        // (namespaces are lowercase, so that must be a host).
        (first, rest)
    } else {
        ("docker.io", name)
    };
    (domain, domain == "docker.io" && !remote.contains('/'), remote)
}

/// `Parse`: the anchored reference grammar, then the digest.
fn parse(s: &str) -> Result<Named, String> {
    if s.is_empty() {
        return Err("repository name must have at least one component".into());
    }
    let Some(parts) = matches(s) else {
        let lower = s.to_lowercase();
        if lower != s && matches(&lower).is_some() {
            return Err("repository name must be lowercase".into());
        }
        return Err("invalid reference format".into());
    };
    if parts.path.len() > NAME_MAX {
        return Err(format!("repository name must not be more than {NAME_MAX} characters"));
    }
    if let Some(d) = &parts.digest {
        validate_digest(d)?;
    }
    Ok(parts)
}

/// Whether `s` matches ReferenceRegexp as written, without normalisation (what `kubectl run`
/// checks `--image` against).
pub(crate) fn is_reference(s: &str) -> bool {
    matches(s).is_some()
}

/// The reference regexp: `name [":" tag] ["@" digest]`, or None if it does not match.
fn matches(s: &str) -> Option<Named> {
    let (rest, digest) = match s.split_once('@') {
        Some((r, d)) => (r, Some(d)),
        None => (s, None),
    };
    if digest.is_some_and(|d| !digest_shape(d)) {
        return None;
    }
    let last_slash = rest.rfind('/').map_or(0, |i| i + 1);
    let (name, tag) = match rest[last_slash..].find(':') {
        Some(i) => (&rest[..last_slash + i], Some(&rest[last_slash + i + 1..])),
        None => (rest, None),
    };
    if tag.is_some_and(|t| !tag_ok(t)) {
        return None;
    }
    // The first segment is the domain when more follow and it reads as one.
    let (domain, path) = match name.split_once('/') {
        Some((first, rest)) if domain_ok(first) => (first, rest),
        _ => ("", name),
    };
    if !path.split('/').all(path_component_ok) {
        return None;
    }
    Some(Named { domain: domain.into(), path: path.into(), tag: tag.map(str::to_string), digest: digest.map(str::to_string) })
}

fn alnum_lower(b: u8) -> bool {
    b.is_ascii_lowercase() || b.is_ascii_digit()
}

/// `[a-z0-9]+(?:(?:[._]|__|[-]+)[a-z0-9]+)*`
fn path_component_ok(c: &str) -> bool {
    let b = c.as_bytes();
    if b.is_empty() || !alnum_lower(b[0]) || !alnum_lower(b[b.len() - 1]) {
        return false;
    }
    let mut i = 0;
    while i < b.len() {
        if alnum_lower(b[i]) {
            i += 1;
            continue;
        }
        let start = i;
        while i < b.len() && !alnum_lower(b[i]) {
            i += 1;
        }
        let sep = &c[start..i];
        if !(sep == "." || sep == "_" || sep == "__" || sep.bytes().all(|x| x == b'-')) {
            return false;
        }
    }
    true
}

/// `host [":" port]`, host being dotted domain components or a bracketed IPv6 address.
fn domain_ok(d: &str) -> bool {
    let (host, port) = if let Some(rest) = d.strip_prefix('[') {
        let Some((v6, after)) = rest.split_once(']') else { return false };
        if v6.is_empty() || !v6.bytes().all(|b| b.is_ascii_hexdigit() || b == b':') {
            return false;
        }
        match after {
            "" => return true,
            p => ("", p.strip_prefix(':').unwrap_or("x")),
        }
    } else {
        match d.split_once(':') {
            Some((h, p)) => (h, p),
            None => (d, ""),
        }
    };
    let port_ok = (port.is_empty() && !d.ends_with(':')) || (!port.is_empty() && port.bytes().all(|b| b.is_ascii_digit()));
    let host_ok = d.starts_with('[')
        || (!host.is_empty()
            && host.split('.').all(|c| {
                let b = c.as_bytes();
                !b.is_empty() && b[0].is_ascii_alphanumeric() && b[b.len() - 1].is_ascii_alphanumeric() && b.iter().all(|x| x.is_ascii_alphanumeric() || *x == b'-')
            }));
    host_ok && port_ok
}

/// `[\w][\w.-]{0,127}`
fn tag_ok(t: &str) -> bool {
    let word = |b: u8| b.is_ascii_alphanumeric() || b == b'_';
    let b = t.as_bytes();
    !b.is_empty() && b.len() <= 128 && word(b[0]) && b.iter().all(|x| word(*x) || *x == b'.' || *x == b'-')
}

/// `[A-Za-z][A-Za-z0-9]*(?:[-_+.][A-Za-z][A-Za-z0-9]*)*:[0-9a-fA-F]{32,}`
fn digest_shape(d: &str) -> bool {
    let Some((alg, hex)) = d.split_once(':') else { return false };
    let alg_ok = alg.split(['-', '_', '+', '.']).all(|c| c.as_bytes().first().is_some_and(u8::is_ascii_alphabetic) && c.bytes().all(|b| b.is_ascii_alphanumeric()));
    alg_ok && hex.len() >= 32 && hex.bytes().all(|b| b.is_ascii_hexdigit())
}

/// go-digest `Digest.Validate` for the algorithms a kubelet links in.
fn validate_digest(d: &str) -> Result<(), String> {
    let (alg, hex) = d.split_once(':').unwrap_or((d, ""));
    let len = match alg {
        "sha256" => 64,
        "sha384" => 96,
        "sha512" => 128,
        _ => return Err("unsupported digest algorithm".into()),
    };
    if hex.len() != len {
        return Err("invalid checksum digest length".into());
    }
    if !hex.bytes().all(|b| b.is_ascii_digit() || (b'a'..=b'f').contains(&b)) {
        return Err("invalid checksum digest format".into());
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn full(s: &str) -> String {
        parse_normalized_named(s).map(|n| n.full()).unwrap_or_else(|e| format!("ERR {e}"))
    }

    #[test]
    fn familiar_names_normalise_to_docker_hub() {
        assert_eq!(full("busybox"), "docker.io/library/busybox:latest");
        assert_eq!(full("busybox:1.36"), "docker.io/library/busybox:1.36");
        assert_eq!(full("kiamol/ch05-pi"), "docker.io/kiamol/ch05-pi:latest");
        assert_eq!(full("docker.io/nginx:1.27"), "docker.io/library/nginx:1.27");
        assert_eq!(full("index.docker.io/library/nginx"), "docker.io/library/nginx:latest");
        assert_eq!(full("localhost:5000/app:v1"), "localhost:5000/app:v1");
        assert_eq!(full("registry.k8s.io/pause:3.10"), "registry.k8s.io/pause:3.10");
        let sha = "a".repeat(64);
        assert_eq!(full(&format!("busybox@sha256:{sha}")), format!("docker.io/library/busybox@sha256:{sha}"));
    }

    #[test]
    fn invalid_references_fail_in_the_librarys_words() {
        assert_eq!(full("Busybox"), "ERR invalid reference format: repository name (library/Busybox) must be lowercase");
        assert_eq!(full("kiamol/Ch05-pi:latest"), "ERR invalid reference format: repository name (kiamol/Ch05-pi) must be lowercase");
        assert_eq!(full("nginx:"), "ERR invalid reference format");
        assert_eq!(full("nginx:1.27:x"), "ERR invalid reference format");
        assert_eq!(full("ngi nx"), "ERR invalid reference format");
        assert_eq!(full("busybox@sha256:abc"), "ERR invalid reference format");
        assert_eq!(full(&format!("busybox@sha256:{}", "a".repeat(40))), "ERR invalid checksum digest length");
        assert_eq!(full(&format!("busybox@md5:{}", "a".repeat(32))), "ERR unsupported digest algorithm");
        assert_eq!(full(&"a".repeat(64)), format!("ERR invalid repository name ({}), cannot specify 64-byte hexadecimal strings", "a".repeat(64)));
        assert_eq!(
            parse_image_name("Busybox").unwrap_err(),
            "couldn't parse image name \"Busybox\": invalid reference format: repository name (library/Busybox) must be lowercase"
        );
    }

    #[test]
    fn path_components_and_domains() {
        assert!(path_component_ok("ch05-pi") && path_component_ok("a__b") && path_component_ok("a---b") && path_component_ok("a.b"));
        assert!(!path_component_ok("a..b") && !path_component_ok("-a") && !path_component_ok("a_") && !path_component_ok("a___b"));
        assert!(domain_ok("example.com:5000") && domain_ok("[::1]:5000") && domain_ok("Kiamol"));
        assert!(!domain_ok("example.com:") && !domain_ok("-bad.com"));
    }

    #[test]
    fn the_reference_grammar_as_kubectl_run_checks_it() {
        for ok in ["busybox", "busybox:1.36", "nginx:1.27-alpine", "kiamol/ch03-sleep", "docker.io/library/nginx:latest", "localhost:5000/app", "Registry.Example/app", "a__b", "a---b"] {
            assert!(is_reference(ok), "{ok}");
        }
        for bad in ["Nginx", "nginx:", ":tag", "a/", "-a", "nginx@sha256:abc", "a..b", "a b", ""] {
            assert!(!is_reference(bad), "{bad}");
        }
    }
}
