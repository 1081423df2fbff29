//! The image reference grammar kubectl checks `--image` against (github.com/distribution/reference's
//! ReferenceRegexp): `[domain[:port]/]path[/path...][:tag][@algo:hex]`, written as a matcher.

/// Whether `s` matches ReferenceRegexp.
pub fn valid(s: &str) -> bool {
    let (rest, digest) = match s.split_once('@') {
        Some((r, d)) => (r, Some(d)),
        None => (s, None),
    };
    if digest.is_some_and(|d| !valid_digest(d)) {
        return false;
    }
    let last_slash = rest.rfind('/');
    let (name, tag) = match rest.rfind(':') {
        Some(c) if last_slash.is_none_or(|sl| c > sl) => (&rest[..c], Some(&rest[c + 1..])),
        _ => (rest, None),
    };
    if tag.is_some_and(|t| !valid_tag(t)) {
        return false;
    }
    let parts: Vec<&str> = name.split('/').collect();
    if parts.iter().all(|p| path_component(p)) {
        return true;
    }
    parts.len() > 1 && domain_and_port(parts[0]) && parts[1..].iter().all(|p| path_component(p))
}

/// `[a-z0-9]+(?:(?:[._]|__|[-]+)[a-z0-9]+)*`
fn path_component(p: &str) -> bool {
    let b = p.as_bytes();
    let alnum = |c: u8| c.is_ascii_lowercase() || c.is_ascii_digit();
    if b.is_empty() || !alnum(b[0]) || !alnum(b[b.len() - 1]) {
        return false;
    }
    let mut i = 0;
    while i < b.len() {
        if alnum(b[i]) {
            i += 1;
            continue;
        }
        // A separator run: `.`, `_`, `__`, or any number of `-`.
        let start = i;
        while i < b.len() && !alnum(b[i]) {
            i += 1;
        }
        let sep = &p[start..i];
        if !(sep == "." || sep == "_" || sep == "__" || sep.bytes().all(|c| c == b'-')) {
            return false;
        }
    }
    true
}

/// `domain-component(\.domain-component)*(:[0-9]+)?`
fn domain_and_port(d: &str) -> bool {
    let (host, port) = match d.split_once(':') {
        Some((h, p)) => (h, Some(p)),
        None => (d, None),
    };
    if port.is_some_and(|p| p.is_empty() || !p.bytes().all(|c| c.is_ascii_digit())) {
        return false;
    }
    host.split('.').all(|c| {
        let b = c.as_bytes();
        !b.is_empty() && b[0].is_ascii_alphanumeric() && b[b.len() - 1].is_ascii_alphanumeric() && b.iter().all(|x| x.is_ascii_alphanumeric() || *x == b'-')
    })
}

/// `[\w][\w.-]{0,127}`
fn valid_tag(t: &str) -> bool {
    let word = |c: u8| c.is_ascii_alphanumeric() || c == b'_';
    let b = t.as_bytes();
    !b.is_empty() && b.len() <= 128 && word(b[0]) && b.iter().all(|c| word(*c) || *c == b'.' || *c == b'-')
}

/// `[A-Za-z][A-Za-z0-9]*(?:[-_+.][A-Za-z][A-Za-z0-9]*)*:[0-9a-fA-F]{32,}`
fn valid_digest(d: &str) -> bool {
    let Some((algo, hex)) = d.split_once(':') else { return false };
    let algo_ok = algo.split(['-', '_', '+', '.']).all(|c| c.as_bytes().first().is_some_and(u8::is_ascii_alphabetic) && c.bytes().all(|x| x.is_ascii_alphanumeric()));
    algo_ok && hex.len() >= 32 && hex.bytes().all(|c| c.is_ascii_hexdigit())
}

#[cfg(test)]
mod tests {
    use super::valid;

    #[test]
    fn references() {
        for ok in ["busybox", "busybox:1.36", "nginx:1.27-alpine", "kiamol/ch03-sleep", "docker.io/library/nginx:latest", "localhost:5000/app", "Registry.Example/app", "a__b", "a---b"] {
            assert!(valid(ok), "{ok}");
        }
        for bad in ["Nginx", "nginx:", ":tag", "a/", "-a", "nginx@sha256:abc", "a..b", "a b", ""] {
            assert!(!valid(bad), "{bad}");
        }
    }
}
