//! The cluster's credentials as kind's control plane issues them: the root CA certificate that the
//! root-ca-cert-publisher copies into every namespace's `kube-root-ca.crt` ConfigMap (a self-signed
//! `CN=kubernetes` X.509 v3 certificate in kubeadm's shape), and the bound service-account tokens
//! the kubelet writes into projected volumes (RS256 JWTs with the apiserver's claims).
//!
//! Nothing in the simulation verifies a signature, so key material and signatures are deterministic
//! filler from a generator seeded by a hash of what is signed: same inputs, same bytes, everywhere.

use crate::rng::Prng;
use base64::engine::general_purpose::{STANDARD, URL_SAFE_NO_PAD};
use base64::Engine as _;
use std::fmt::Write as _;

/// `--service-account-issuer` as kubeadm sets it (also the default API audience).
pub const ISSUER: &str = "https://kubernetes.default.svc.cluster.local";

/// ExpirationExtensionSeconds: a token asked for with 3607 s is valid for a year, but the apiserver
/// records when clients should have refreshed it (`warnafter`).
const EXTENSION_SECONDS: i64 = 365 * 24 * 60 * 60;

/// kubeadm's CA lifetime (pkiutil: ten years).
const CA_DAYS: i64 = 3650;

/// FNV-1a over the parts, as a seed: the same inputs always give the same filler bytes. The value
/// of `Fnv1a::of_parts` (each part then a 0xff separator), written a slice at a time because a
/// token's seed hashes the whole signing input.
fn seed(parts: &[&[u8]]) -> u64 {
    let mut h = crate::rng::Fnv1a::default();
    for p in parts {
        h.write(p.iter().copied()).write([0xff]);
    }
    h.value()
}

fn filler(rng: &mut Prng, n: usize) -> Vec<u8> {
    (0..n).map(|_| (rng.next_u64() >> 56) as u8).collect()
}

/// A DER tag-length-value.
fn tlv(tag: u8, content: &[u8]) -> Vec<u8> {
    let mut out = vec![tag];
    let n = content.len();
    if n < 0x80 {
        out.push(n as u8);
    } else {
        let bytes: Vec<u8> = n.to_be_bytes().iter().copied().skip_while(|b| *b == 0).collect();
        out.push(0x80 | bytes.len() as u8);
        out.extend(bytes);
    }
    out.extend_from_slice(content);
    out
}

fn seq(parts: &[Vec<u8>]) -> Vec<u8> {
    tlv(0x30, &parts.concat())
}

/// A positive INTEGER from big-endian bytes (a leading zero when the high bit is set).
fn int(bytes: &[u8]) -> Vec<u8> {
    let mut b: Vec<u8> = bytes.iter().copied().skip_while(|x| *x == 0).collect();
    if b.first().is_none_or(|x| x & 0x80 != 0) {
        b.insert(0, 0);
    }
    tlv(0x02, &b)
}

fn oid(encoded: &[u8]) -> Vec<u8> {
    tlv(0x06, encoded)
}

const SHA256_WITH_RSA: &[u8] = &[0x2a, 0x86, 0x48, 0x86, 0xf7, 0x0d, 0x01, 0x01, 0x0b];
const RSA_ENCRYPTION: &[u8] = &[0x2a, 0x86, 0x48, 0x86, 0xf7, 0x0d, 0x01, 0x01, 0x01];

fn algorithm(o: &[u8]) -> Vec<u8> {
    seq(&[oid(o), vec![0x05, 0x00]])
}

/// `CN=kubernetes` (Go writes printable strings as PrintableString).
fn name_cn(cn: &str) -> Vec<u8> {
    seq(&[tlv(0x31, &seq(&[oid(&[0x55, 0x04, 0x03]), tlv(0x13, cn.as_bytes())]))])
}

fn utc_time(secs: i64) -> Vec<u8> {
    let c = crate::timefmt::civil(secs);
    tlv(0x17, format!("{:02}{:02}{:02}{:02}{:02}{:02}Z", c.year.rem_euclid(100), c.month, c.day, c.hour, c.minute, c.second).as_bytes())
}

fn extension(o: &[u8], critical: bool, value: Vec<u8>) -> Vec<u8> {
    let mut parts = vec![oid(o)];
    if critical {
        parts.push(vec![0x01, 0x01, 0xff]);
    }
    parts.push(tlv(0x04, &value));
    seq(&parts)
}

/// The cluster CA as PEM: kubeadm's self-signed `CN=kubernetes` (keyEncipherment, digitalSignature,
/// certSign; CA:TRUE; DNS:kubernetes), valid from `not_before` (Unix seconds) for ten years.
pub fn root_ca_pem(not_before: i64) -> String {
    ca_pem("kubernetes", b"kubernetes-ca", not_before)
}

/// kubeadm's front-proxy CA (`CN=front-proxy-ca`, made beside the cluster CA, in the same shape),
/// which the apiserver publishes as the request-header client CA.
pub fn front_proxy_ca_pem(not_before: i64) -> String {
    ca_pem("front-proxy-ca", b"front-proxy-ca", not_before)
}

/// A self-signed CA as kubeadm's NewSelfSignedCACert makes one, named `cn` (also its one DNS
/// name); the key and signature are filler drawn from `key_seed`.
fn ca_pem(cn: &str, key_seed: &[u8], not_before: i64) -> String {
    let mut rng = Prng::new(seed(&[key_seed]));
    let serial = filler(&mut rng, 8);
    let modulus = {
        let mut m = filler(&mut rng, 256);
        m[0] |= 0x80;
        m
    };
    let key_id = filler(&mut rng, 20);
    let spki = seq(&[algorithm(RSA_ENCRYPTION), tlv(0x03, &[&[0u8][..], &seq(&[int(&modulus), int(&[0x01, 0x00, 0x01])])].concat())]);
    let extensions = seq(&[
        extension(&[0x55, 0x1d, 0x0f], true, vec![0x03, 0x02, 0x02, 0xa4]),
        extension(&[0x55, 0x1d, 0x13], true, seq(&[vec![0x01, 0x01, 0xff]])),
        extension(&[0x55, 0x1d, 0x0e], false, tlv(0x04, &key_id)),
        extension(&[0x55, 0x1d, 0x11], false, seq(&[tlv(0x82, cn.as_bytes())])),
    ]);
    let tbs = seq(&[
        tlv(0xa0, &int(&[2])),
        int(&serial),
        algorithm(SHA256_WITH_RSA),
        name_cn(cn),
        seq(&[utc_time(not_before), utc_time(not_before + CA_DAYS * 86_400)]),
        name_cn(cn),
        spki,
        tlv(0xa3, &extensions),
    ]);
    let mut sig_rng = Prng::new(seed(&[&tbs]));
    let signature = filler(&mut sig_rng, 256);
    let cert = seq(&[tbs, algorithm(SHA256_WITH_RSA), tlv(0x03, &[&[0u8][..], &signature].concat())]);
    let b64 = STANDARD.encode(cert);
    let mut pem = String::from("-----BEGIN CERTIFICATE-----\n");
    for chunk in b64.as_bytes().chunks(64) {
        pem.push_str(&String::from_utf8_lossy(chunk));
        pem.push('\n');
    }
    pem.push_str("-----END CERTIFICATE-----\n");
    pem
}

/// What a bound token names (pkg/serviceaccount/claims.go): its account, pod and node.
pub struct TokenClaims<'a> {
    pub namespace: &'a str,
    pub service_account: (&'a str, &'a str),
    pub pod: (&'a str, &'a str),
    /// The node the pod is bound to, when it is (ServiceAccountTokenPodNodeInfo).
    pub node: Option<(&'a str, &'a str)>,
    pub audiences: Vec<String>,
    /// Issue time, Unix seconds.
    pub issued_at: i64,
    pub expiration_seconds: i64,
}

/// The signing key's id (`kid`): filler drawn from the CA's seed, the same in every token, so it
/// is written out here instead of drawn per token (`the_kid_is_the_cas_filler` derives it). Tokens
/// carry it inside `HEADER_B64`, so only the tests read it by name.
#[cfg(test)]
const KID: &str = "cV1eAIHgJHQdnX02lGahAb9GQLtiOhbtwPOXpfoFhBk";

/// `{"alg":"RS256","kid":KID}` in base64url, the first part of every token: encoded once here
/// rather than per token (`the_header_is_the_kid_header_encoded` checks it).
const HEADER_B64: &str = "eyJhbGciOiJSUzI1NiIsImtpZCI6ImNWMWVBSUhnSkhRZG5YMDJsR2FoQWI5R1FMdGlPaGJ0d1BPWHBmb0ZoQmsifQ";

/// The token the kubelet gets from TokenRequest and writes to the volume: `header.claims.signature`.
/// A 3607-second request for the apiserver's own audience is extended to a year with `warnafter`
/// at the requested expiry; claims are JSON with sorted keys, as go-jose marshals them. The JSON is
/// written directly (serde_json's compact form and escapes), one token per pod start being common
/// enough that building `Value` trees for it showed in profiles.
pub fn service_account_token(t: &TokenClaims) -> String {
    let claims = claims_json(t);
    let mut token = String::with_capacity(HEADER_B64.len() + 4 * claims.len() / 3 + 350);
    token.push_str(HEADER_B64);
    token.push('.');
    URL_SAFE_NO_PAD.encode_string(claims, &mut token);
    let mut sig_rng = Prng::new(seed(&[token.as_bytes()]));
    token.push('.');
    URL_SAFE_NO_PAD.encode_string(filler(&mut sig_rng, 256), &mut token);
    token
}

/// The claims as serde_json would print `{"aud", "exp", "iat", "iss", "jti", "kubernetes.io", "nbf", "sub"}`.
fn claims_json(t: &TokenClaims) -> String {
    let own_audience = t.audiences.iter().all(|a| a == ISSUER);
    let (exp, warn_after) = if t.expiration_seconds == crate::serviceaccount::WARN_ONLY_EXPIRATION_SECONDS && own_audience {
        (t.issued_at + EXTENSION_SECONDS, Some(t.issued_at + t.expiration_seconds))
    } else {
        (t.issued_at + t.expiration_seconds, None)
    };
    let mut jti_rng = Prng::new(seed(&[t.pod.1.as_bytes(), t.issued_at.to_string().as_bytes(), t.service_account.1.as_bytes()]));
    let jti = jti_rng.uuid();
    let mut j = String::with_capacity(640);
    j.push_str("{\"aud\":[");
    for (i, a) in t.audiences.iter().enumerate() {
        if i > 0 {
            j.push(',');
        }
        json_str(&mut j, a);
    }
    let _ = write!(j, "],\"exp\":{exp},\"iat\":{},\"iss\":", t.issued_at);
    json_str(&mut j, ISSUER);
    j.push_str(",\"jti\":");
    json_str(&mut j, &jti);
    j.push_str(",\"kubernetes.io\":{\"namespace\":");
    json_str(&mut j, t.namespace);
    if let Some(node) = t.node {
        j.push_str(",\"node\":");
        name_uid(&mut j, node);
    }
    j.push_str(",\"pod\":");
    name_uid(&mut j, t.pod);
    j.push_str(",\"serviceaccount\":");
    name_uid(&mut j, t.service_account);
    if let Some(w) = warn_after {
        let _ = write!(j, ",\"warnafter\":{w}");
    }
    let _ = write!(j, "}},\"nbf\":{},\"sub\":\"system:serviceaccount:", t.issued_at);
    json_escape(&mut j, t.namespace);
    j.push(':');
    json_escape(&mut j, t.service_account.0);
    j.push_str("\"}");
    j
}

/// `{"name":…,"uid":…}`.
fn name_uid(j: &mut String, (name, uid): (&str, &str)) {
    j.push_str("{\"name\":");
    json_str(j, name);
    j.push_str(",\"uid\":");
    json_str(j, uid);
    j.push('}');
}

/// A JSON string as serde_json writes it: `"` and `\\` escaped, control characters as `\n`-style
/// short escapes where JSON has one and `\u00XX` otherwise, everything else as is.
fn json_str(j: &mut String, s: &str) {
    j.push('"');
    json_escape(j, s);
    j.push('"');
}

/// The inside of a JSON string, copied in runs between the (ASCII) characters that need escaping.
fn json_escape(j: &mut String, s: &str) {
    // Names, uids and audiences almost never need an escape: one scan, one copy.
    if !s.bytes().any(|b| b == b'"' || b == b'\\' || b < 0x20) {
        j.push_str(s);
        return;
    }
    let mut plain = 0;
    for (i, b) in s.bytes().enumerate() {
        let escape = match b {
            b'"' => "\\\"",
            b'\\' => "\\\\",
            b'\n' => "\\n",
            b'\r' => "\\r",
            b'\t' => "\\t",
            0x08 => "\\b",
            0x0c => "\\f",
            0..0x20 => "",
            _ => continue,
        };
        j.push_str(&s[plain..i]);
        plain = i + 1;
        if escape.is_empty() {
            let _ = write!(j, "\\u{b:04x}");
        } else {
            j.push_str(escape);
        }
    }
    j.push_str(&s[plain..]);
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_ca_is_a_der_certificate_in_pem() {
        let pem = root_ca_pem(1_735_689_600);
        assert!(pem.starts_with("-----BEGIN CERTIFICATE-----\nMII"));
        assert!(pem.ends_with("-----END CERTIFICATE-----\n"));
        assert!(pem.lines().all(|l| l.len() <= 64));
        let der = STANDARD.decode(pem.lines().filter(|l| !l.starts_with("-----")).collect::<String>()).expect("base64");
        // SEQUENCE with a two-byte long-form length covering the rest exactly.
        assert_eq!(der[0], 0x30);
        assert_eq!(der[1], 0x82);
        assert_eq!(usize::from(der[2]) << 8 | usize::from(der[3]), der.len() - 4);
        assert_eq!(pem, root_ca_pem(1_735_689_600));
        assert_ne!(pem, root_ca_pem(1_735_689_601));
    }

    #[test]
    fn tokens_carry_the_apiservers_claims() {
        let t = TokenClaims {
            namespace: "default",
            service_account: ("default", "sa-uid"),
            pod: ("web", "pod-uid"),
            node: Some(("kind-worker", "node-uid")),
            audiences: vec![ISSUER.into()],
            issued_at: 1_735_689_600,
            expiration_seconds: 3607,
        };
        let token = service_account_token(&t);
        let parts: Vec<&str> = token.split('.').collect();
        assert_eq!(parts.len(), 3);
        let claims: serde_json::Value = serde_json::from_slice(&URL_SAFE_NO_PAD.decode(parts[1]).expect("base64url")).expect("json");
        assert_eq!(claims["sub"], "system:serviceaccount:default:default");
        assert_eq!(claims["exp"], 1_735_689_600 + EXTENSION_SECONDS);
        assert_eq!(claims["kubernetes.io"]["warnafter"], 1_735_689_600 + 3607);
        assert_eq!(claims["kubernetes.io"]["node"]["name"], "kind-worker");
        assert_eq!(parts[2].len(), 342);
        assert_eq!(token, service_account_token(&t));
    }

    #[test]
    fn seeds_are_fnv_of_the_parts() {
        let parts: [&[u8]; 3] = [b"pod-uid", b"", b"1735689600"];
        assert_eq!(seed(&parts), crate::rng::Fnv1a::of_parts(parts.iter().copied()));
    }

    #[test]
    fn the_header_is_the_kid_header_encoded() {
        assert_eq!(HEADER_B64, URL_SAFE_NO_PAD.encode(format!("{{\"alg\":\"RS256\",\"kid\":\"{KID}\"}}")));
    }

    #[test]
    fn the_kid_is_the_cas_filler() {
        let mut rng = Prng::new(seed(&[b"kubernetes-ca"]));
        assert_eq!(KID, URL_SAFE_NO_PAD.encode(filler(&mut rng, 32)));
    }

    /// The token as it was first built, through serde_json values.
    fn token_via_serde_json(t: &TokenClaims) -> String {
        let header = serde_json::json!({"alg": "RS256", "kid": KID});
        let own_audience = t.audiences.iter().all(|a| a == ISSUER);
        let (exp, warn_after) = if t.expiration_seconds == crate::serviceaccount::WARN_ONLY_EXPIRATION_SECONDS && own_audience {
            (t.issued_at + EXTENSION_SECONDS, Some(t.issued_at + t.expiration_seconds))
        } else {
            (t.issued_at + t.expiration_seconds, None)
        };
        let jti = Prng::new(seed(&[t.pod.1.as_bytes(), t.issued_at.to_string().as_bytes(), t.service_account.1.as_bytes()])).uuid();
        let mut k8s = serde_json::Map::new();
        k8s.insert("namespace".into(), t.namespace.into());
        if let Some((name, uid)) = t.node {
            k8s.insert("node".into(), serde_json::json!({"name": name, "uid": uid}));
        }
        k8s.insert("pod".into(), serde_json::json!({"name": t.pod.0, "uid": t.pod.1}));
        k8s.insert("serviceaccount".into(), serde_json::json!({"name": t.service_account.0, "uid": t.service_account.1}));
        if let Some(w) = warn_after {
            k8s.insert("warnafter".into(), w.into());
        }
        let claims = serde_json::json!({
            "aud": t.audiences, "exp": exp, "iat": t.issued_at, "iss": ISSUER, "jti": jti, "kubernetes.io": k8s, "nbf": t.issued_at,
            "sub": format!("system:serviceaccount:{}:{}", t.namespace, t.service_account.0),
        });
        let signing_input = format!("{}.{}", URL_SAFE_NO_PAD.encode(header.to_string()), URL_SAFE_NO_PAD.encode(claims.to_string()));
        let mut sig_rng = Prng::new(seed(&[signing_input.as_bytes()]));
        format!("{signing_input}.{}", URL_SAFE_NO_PAD.encode(filler(&mut sig_rng, 256)))
    }

    #[test]
    fn tokens_are_byte_identical_to_serde_jsons() {
        let odd = "q\"b\\s\n\r\t\u{8}\u{c}\u{1}\u{1f}\u{7f}/é€😀";
        for (node, audiences, expiration, ns) in [
            (Some(("kind-worker", "node-uid")), vec![ISSUER.to_string()], 3607, "default"),
            (None, vec![ISSUER.to_string()], 3607, "default"),
            (Some(("kind-worker", "node-uid")), vec!["vault".to_string()], 3607, "team-a"),
            (None, vec!["a".to_string(), "b".to_string()], 600, odd),
            (Some((odd, odd)), vec![], 7200, ""),
        ] {
            let t = TokenClaims { namespace: ns, service_account: ("default", "sa-uid"), pod: (odd, "pod-uid"), node, audiences, issued_at: 1_735_689_600, expiration_seconds: expiration };
            assert_eq!(service_account_token(&t), token_via_serde_json(&t));
        }
    }
}
