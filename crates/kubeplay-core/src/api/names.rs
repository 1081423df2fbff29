//! Name and label syntax checks with apimachinery's exact messages (validation.go in k8s.io/apimachinery).

const DNS1123_LABEL_MSG: &str = "a lowercase RFC 1123 label must consist of lower case alphanumeric characters or '-', and must start and end with an alphanumeric character (e.g. 'my-name',  or '123-abc', regex used for validation is '[a-z0-9]([-a-z0-9]*[a-z0-9])?')";
const DNS1123_SUBDOMAIN_MSG: &str = "a lowercase RFC 1123 subdomain must consist of lower case alphanumeric characters, '-' or '.', and must start and end with an alphanumeric character (e.g. 'example.com', regex used for validation is '[a-z0-9]([-a-z0-9]*[a-z0-9])?(\\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*')";
const DNS1035_LABEL_MSG: &str = "a DNS-1035 label must consist of lower case alphanumeric characters or '-', start with an alphabetic character, and end with an alphanumeric character (e.g. 'my-name',  or 'abc-123', regex used for validation is '[a-z]([-a-z0-9]*[a-z0-9])?')";
const LABEL_VALUE_MSG: &str = "a valid label must be an empty string or consist of alphanumeric characters, '-', '_' or '.', and must start and end with an alphanumeric character (e.g. 'MyValue',  or 'my_value',  or '12345', regex used for validation is '(([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9])?')";
const ENV_VAR_NAME_MSG: &str = "a valid environment variable name must consist of alphabetic characters, digits, '_', '-', or '.', and must not start with a digit (e.g. 'my.env-name',  or 'MY_ENV.NAME',  or 'MyEnvName1', regex used for validation is '[-._a-zA-Z][-._a-zA-Z0-9]*')";
const QUALIFIED_NAME_MSG: &str = "name part must consist of alphanumeric characters, '-', '_' or '.', and must start and end with an alphanumeric character (e.g. 'MyName',  or 'my.name',  or '123-abc', regex used for validation is '([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9]')";

/// Byte classes for the checks below (one table lookup per byte: names and label keys are checked
/// on every create, so these run often).
const LOWER_DIGIT: u8 = 1;
const ALNUM: u8 = 2;
/// Lowercase alphanumerics and `-`: what a DNS label holds.
const LABEL: u8 = 8;
/// Alphanumerics, `-`, `_` and `.`: what a label value or a key's name part may hold.
const NAME: u8 = 4;
const CLASSES: [u8; 256] = {
    let mut t = [0u8; 256];
    let mut c = 0;
    while c < 256 {
        let b = c as u8;
        if b.is_ascii_lowercase() || b.is_ascii_digit() {
            t[c] |= LOWER_DIGIT | LABEL;
        }
        if b == b'-' {
            t[c] |= LABEL;
        }
        if b.is_ascii_alphanumeric() {
            t[c] |= ALNUM | NAME;
        }
        if matches!(b, b'-' | b'_' | b'.') {
            t[c] |= NAME;
        }
        c += 1;
    }
    t
};

fn is(b: u8, class: u8) -> bool {
    CLASSES[b as usize] & class != 0
}

fn is_label(s: &str) -> bool {
    let b = s.as_bytes();
    !b.is_empty()
        && b.iter().all(|c| is(*c, LABEL))
        && b[0] != b'-'
        && b[b.len() - 1] != b'-'
}

/// Whether every `.`-separated part of `s` is a label, in one pass: each part is a non-empty run
/// of label bytes that neither starts nor ends with `-`, and parts are joined by single dots.
fn is_subdomain(s: &str) -> bool {
    let b = s.as_bytes();
    let mut i = 0;
    loop {
        let start = i;
        while i < b.len() && is(b[i], LABEL) {
            i += 1;
        }
        if i == start || b[start] == b'-' || b[i - 1] == b'-' {
            return false;
        }
        if i == b.len() {
            return true;
        }
        if b[i] != b'.' {
            return false;
        }
        i += 1;
    }
}

/// IsDNS1123Label: the messages for an invalid value (empty when valid).
pub fn dns1123_label(s: &str) -> Vec<String> {
    let mut errs = Vec::new();
    if s.len() > 63 {
        errs.push("must be no more than 63 characters".to_string());
    }
    if !is_label(s) {
        // A valid subdomain that is not a label can only differ by its dots (the length was
        // checked above), so upstream names the dots rather than quoting the label regex.
        if is_subdomain(s) {
            errs.push("must not contain dots".to_string());
        } else {
            errs.push(DNS1123_LABEL_MSG.to_string());
        }
    }
    errs
}

/// IsDNS1123Subdomain.
pub fn dns1123_subdomain(s: &str) -> Vec<String> {
    let mut errs = Vec::new();
    if s.len() > 253 {
        errs.push("must be no more than 253 characters".to_string());
    }
    if !is_subdomain(s) {
        errs.push(DNS1123_SUBDOMAIN_MSG.to_string());
    }
    errs
}

/// IsDNS1035Label (Service names).
pub fn dns1035_label(s: &str) -> Vec<String> {
    let mut errs = Vec::new();
    if s.len() > 63 {
        errs.push("must be no more than 63 characters".to_string());
    }
    if !is_label(s) || !s.as_bytes()[0].is_ascii_lowercase() {
        errs.push(DNS1035_LABEL_MSG.to_string());
    }
    errs
}

fn is_name_part(s: &str) -> bool {
    let b = s.as_bytes();
    !b.is_empty()
        && b.iter().all(|c| is(*c, NAME))
        && is(b[0], ALNUM)
        && is(b[b.len() - 1], ALNUM)
}

/// IsEnvVarName: `[-._a-zA-Z][-._a-zA-Z0-9]*`.
pub fn env_var_name(s: &str) -> Vec<String> {
    let ok = |c: u8, first: bool| c.is_ascii_alphabetic() || matches!(c, b'-' | b'.' | b'_') || (!first && c.is_ascii_digit());
    if !s.is_empty() && s.bytes().enumerate().all(|(i, c)| ok(c, i == 0)) {
        Vec::new()
    } else {
        vec![ENV_VAR_NAME_MSG.to_string()]
    }
}

/// IsValidLabelValue.
pub fn label_value(s: &str) -> Vec<String> {
    let mut errs = Vec::new();
    if s.len() > 63 {
        errs.push("must be no more than 63 characters".to_string());
    }
    if !s.is_empty() && !is_name_part(s) {
        errs.push(LABEL_VALUE_MSG.to_string());
    }
    errs
}

/// Bound on the valid keys [`qualified_name`] remembers; the memo starts over when it is full.
const KEYS_KEPT: usize = 32;

std::thread_local! {
    /// Label and annotation keys found valid: a cluster uses a handful of keys over and over
    /// (`job-name`, `batch.kubernetes.io/controller-uid`, ...), and finding one here is a few
    /// comparisons where checking it again reads every byte three times.
    static VALID_KEYS: std::cell::RefCell<Vec<String>> = const { std::cell::RefCell::new(Vec::new()) };
}

/// IsQualifiedName (label and annotation keys): `[prefix/]name`.
pub fn qualified_name(s: &str) -> Vec<String> {
    if VALID_KEYS.with_borrow(|keys| keys.iter().any(|k| k == s)) {
        return Vec::new();
    }
    let errs = check_qualified_name(s);
    if errs.is_empty() {
        VALID_KEYS.with_borrow_mut(|keys| {
            if keys.len() >= KEYS_KEPT {
                keys.clear();
            }
            keys.push(s.to_string());
        });
    }
    errs
}

fn check_qualified_name(s: &str) -> Vec<String> {
    if s.bytes().filter(|b| *b == b'/').count() > 1 {
        let regex_error = QUALIFIED_NAME_MSG.trim_start_matches("name part ");
        return vec![format!("a qualified name {regex_error} with an optional DNS subdomain prefix and '/' (e.g. 'example.com/MyName')")];
    }
    // `/` is ASCII, so the byte position is a char boundary.
    let (prefix, name) = match s.bytes().position(|b| b == b'/') {
        Some(i) => (Some(&s[..i]), &s[i + 1..]),
        None => (None, s),
    };
    let mut errs = Vec::new();
    if let Some(p) = prefix {
        if p.is_empty() {
            errs.push("prefix part must be non-empty".to_string());
        } else if p.len() > 253 || !is_subdomain(p) {
            errs.extend(dns1123_subdomain(p).into_iter().map(|e| format!("prefix part {e}")));
        }
    }
    if name.is_empty() {
        errs.push("name part must be non-empty".to_string());
    } else {
        if name.len() > 63 {
            errs.push("name part must be no more than 63 characters".to_string());
        }
        if !is_name_part(name) {
            errs.push(QUALIFIED_NAME_MSG.to_string());
        }
    }
    errs
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names() {
        assert!(dns1123_label("web-0").is_empty());
        assert_eq!(dns1123_label("web.v1"), ["must not contain dots"]);
        assert_eq!(dns1123_label("Web.v1"), vec![DNS1123_LABEL_MSG.to_string()]);
        let long_dotted = format!("{}.b", "a".repeat(63));
        assert_eq!(dns1123_label(&long_dotted), ["must be no more than 63 characters", "must not contain dots"]);
        assert!(dns1123_subdomain("a.b-c").is_empty());
        assert!(!dns1123_subdomain("My_Job").is_empty());
        assert!(!dns1035_label("1abc").is_empty());
        assert!(label_value("").is_empty());
        assert!(!label_value("a b").is_empty());
        assert!(qualified_name("app.kubernetes.io/name").is_empty());
        assert!(!qualified_name("bad key").is_empty());
        assert_eq!(qualified_name("a/b/c"), vec!["a qualified name must consist of alphanumeric characters, '-', '_' or '.', and must start and end with an alphanumeric character (e.g. 'MyName',  or 'my.name',  or '123-abc', regex used for validation is '([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9]') with an optional DNS subdomain prefix and '/' (e.g. 'example.com/MyName')".to_string()]);
        // Asked twice: the second answer comes from the memo of valid keys.
        for _ in 0..2 {
            assert!(qualified_name("app.kubernetes.io/name").is_empty());
            assert_eq!(qualified_name("-x/y"), vec![format!("prefix part {DNS1123_SUBDOMAIN_MSG}")]);
        }
    }

    /// The one-pass subdomain check against its definition (every dot-separated part a label), on
    /// every string of up to six bytes over a small alphabet.
    #[test]
    fn subdomain_is_labels_joined_by_dots() {
        let alphabet = [b'a', b'0', b'-', b'.', b'A', b'_'];
        let mut words: Vec<Vec<u8>> = vec![vec![]];
        for _ in 0..6 {
            let longer: Vec<Vec<u8>> = words.iter().filter(|w| w.len() == words.last().map_or(0, Vec::len)).flat_map(|w| alphabet.iter().map(move |c| [w.as_slice(), &[*c]].concat())).collect();
            words.extend(longer);
        }
        for w in &words {
            let s = std::str::from_utf8(w).unwrap();
            assert_eq!(is_subdomain(s), s.split('.').all(is_label), "{s:?}");
        }
    }
}

/// IsValidPortName (apimachinery validation.go): an IANA_SVC_NAME, as container ports name them.
pub fn port_name(s: &str) -> Vec<String> {
    let mut errs = Vec::new();
    if s.len() > 15 {
        errs.push("must be no more than 15 characters".to_string());
    }
    if s.is_empty() || !s.bytes().all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'-') {
        errs.push("must contain only alpha-numeric characters (a-z, 0-9), and hyphens (-)".to_string());
    }
    if !s.bytes().any(|b| b.is_ascii_lowercase()) {
        errs.push("must contain at least one letter (a-z)".to_string());
    }
    if s.contains("--") {
        errs.push("must not contain consecutive hyphens".to_string());
    }
    if s.starts_with('-') || s.ends_with('-') {
        errs.push("must not begin or end with a hyphen".to_string());
    }
    errs
}

#[cfg(test)]
mod port_name_tests {
    use super::port_name;

    #[test]
    fn iana_service_names() {
        assert!(port_name("postgres").is_empty());
        assert!(port_name("http-2").is_empty());
        assert_eq!(port_name("8080"), ["must contain at least one letter (a-z)"]);
        assert_eq!(port_name("a--b"), ["must not contain consecutive hyphens"]);
        assert_eq!(port_name("-web"), ["must not begin or end with a hyphen"]);
        assert_eq!(port_name("Web"), ["must contain only alpha-numeric characters (a-z, 0-9), and hyphens (-)"]);
        assert_eq!(port_name("a-very-long-port-name"), ["must be no more than 15 characters"]);
    }
}
