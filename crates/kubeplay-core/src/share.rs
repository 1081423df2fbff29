//! Share links: a whole scenario (seed, start time, script, the files it reads, editor tabs) packed
//! into a URL fragment, so a run can be replayed byte for byte with no server.
//!
//! The payload is `v1.` + base64url (no padding) of raw deflate of a JSON object
//! `{"v":1,"seed":…,"start_ms":…,"script":…,"files":[[path,content],…],"docs":[[name,yaml],…]}`,
//! plus `"guide":ID` when the playground is following a guided scenario.
//! A link is `BASE#s=PAYLOAD`. Fragments never reach a server, and every payload character is
//! URL-safe, so the link needs no escaping.

use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use base64::Engine as _;
use serde::{Deserialize, Serialize};

/// Everything needed to replay a run.
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
pub struct Scenario {
    pub seed: u64,
    /// Simulated start, milliseconds since the Unix epoch.
    pub start_ms: i64,
    /// What runs, in order: kubectl lines, heredocs, `sleep 90.5`, as a script file holds them.
    pub script: String,
    /// Files the script reads with `-f PATH`: (path as written in the script, content).
    pub files: Vec<(String, String)>,
    /// Editor tabs (name, YAML): shown, not run.
    pub docs: Vec<(String, String)>,
    /// The playground's guided scenario being followed (its id): shown, not run. Written only
    /// when set, so links without one are unchanged.
    pub guide: Option<String>,
}

/// Where the playground is served by `./dev serve`; the CLI's default link base.
pub const DEFAULT_BASE: &str = "http://127.0.0.1:8080/";

/// The format this kubeplay writes, and the only one it reads.
pub const FORMAT: u32 = 1;

/// Bound on the text of a link or payload (browsers and chat tools give up well before this).
pub const MAX_LINK_BYTES: usize = 2 << 20;

/// Bound on the JSON a payload unpacks to, so a small "zip bomb" link cannot eat the memory.
pub const MAX_JSON_BYTES: usize = 8 << 20;

/// Deflate level: links are written once and read often, so pay for the smallest output.
const LEVEL: u8 = 9;

/// The JSON written: the version first, then the scenario. Field names are part of the format.
#[derive(Serialize)]
struct WireOut<'a> {
    v: u32,
    seed: u64,
    start_ms: i64,
    script: &'a str,
    files: &'a [(String, String)],
    docs: &'a [(String, String)],
    #[serde(skip_serializing_if = "Option::is_none")]
    guide: Option<&'a str>,
}

/// Read first, alone, so a payload with a different JSON version is refused by its number
/// rather than by whatever field it happens to lack.
#[derive(Deserialize)]
struct WireVersion {
    v: u32,
}

/// The JSON read. Unknown fields are ignored: a later v1 writer may add fields that do not change
/// the replay (a title, say); anything that would change it must bump the format.
#[derive(Deserialize)]
struct WireIn {
    seed: u64,
    start_ms: i64,
    script: String,
    #[serde(default)]
    files: Vec<(String, String)>,
    #[serde(default)]
    docs: Vec<(String, String)>,
    #[serde(default)]
    guide: Option<String>,
}

/// The payload for `s`: `v1.` + base64url-nopad(deflate(json)). Same scenario, same string.
pub fn encode(s: &Scenario) -> String {
    let wire = WireOut {
        v: FORMAT,
        seed: s.seed,
        start_ms: s.start_ms,
        script: &s.script,
        files: &s.files,
        docs: &s.docs,
        guide: s.guide.as_deref(),
    };
    // Serializing plain strings, integers and arrays into a Vec cannot fail.
    let json = serde_json::to_vec(&wire).unwrap_or_default();
    let packed = miniz_oxide::deflate::compress_to_vec(&json, LEVEL);
    format!("v{FORMAT}.{}", URL_SAFE_NO_PAD.encode(packed))
}

/// A link to `base` (any fragment it has is dropped) that carries `s`.
pub fn to_link(base: &str, s: &Scenario) -> String {
    let base = base.split('#').next().unwrap_or(base);
    format!("{base}#s={}", encode(s))
}

/// Whether a command-line argument is meant as a link rather than a file name: an http(s) URL
/// whose fragment has an `s=` parameter, or a bare `#s=` fragment.
pub fn looks_like_link(arg: &str) -> bool {
    let arg = arg.trim();
    if arg.starts_with("#s=") {
        return true;
    }
    let is_url = arg.starts_with("http://") || arg.starts_with("https://");
    is_url && fragment_payload(arg).is_some()
}

/// The scenario in a link: a full URL, `#s=PAYLOAD`, `s=PAYLOAD` or the bare payload.
pub fn from_link(link: &str) -> Result<Scenario, String> {
    let link = link.trim();
    check_size(link)?;
    let payload = if link.contains('#') {
        fragment_payload(link).ok_or_else(|| not_a_link("it has no #s= part"))?
    } else {
        link.strip_prefix("s=").unwrap_or(link)
    };
    decode(payload)
}

/// The `s=` parameter of the fragment of `link` (parameters are `&`-separated).
fn fragment_payload(link: &str) -> Option<&str> {
    let (_, fragment) = link.split_once('#')?;
    fragment.split('&').find_map(|p| p.strip_prefix("s="))
}

/// The scenario in a payload made by [`encode`]. Never panics; errors are in plain words.
pub fn decode(payload: &str) -> Result<Scenario, String> {
    let payload = payload.trim();
    check_size(payload)?;
    let body = check_version(payload)?;
    // The base64 crate's own message (a symbol and offset) means nothing to the person who
    // pasted the link; what helps is knowing the text itself is damaged.
    let packed = URL_SAFE_NO_PAD
        .decode(body)
        .map_err(|_| not_a_link("its text is not valid base64url; was it cut short or changed?"))?;
    let json = unpack(&packed)?;
    from_json(&json)
}

fn check_size(text: &str) -> Result<(), String> {
    if text.len() > MAX_LINK_BYTES {
        return Err(format!(
            "kubeplay: share link too large: {} bytes, more than the {} MiB a link may hold",
            text.len(),
            MAX_LINK_BYTES >> 20
        ));
    }
    Ok(())
}

/// Strips the `vN.` prefix, refusing every N but [`FORMAT`]; returns the base64 part.
fn check_version(payload: &str) -> Result<&str, String> {
    let Some((prefix, body)) = payload.split_once('.') else {
        return Err(not_a_link(
            "it does not start with a format version like `v1.`",
        ));
    };
    let digits = prefix
        .strip_prefix('v')
        .filter(|d| !d.is_empty() && d.bytes().all(|b| b.is_ascii_digit()));
    let Some(digits) = digits else {
        return Err(not_a_link(
            "it does not start with a format version like `v1.`",
        ));
    };
    // Too many digits to parse is still "a newer format" as far as this reader can tell.
    let version = digits.parse::<u64>().unwrap_or(u64::MAX);
    version_ok(version)?;
    Ok(body)
}

fn version_ok(version: u64) -> Result<(), String> {
    if version == u64::from(FORMAT) {
        Ok(())
    } else if version > u64::from(FORMAT) {
        let shown = if version == u64::MAX {
            "unknown".to_string()
        } else {
            format!("v{version}")
        };
        Err(format!(
            "kubeplay: this link was made by a newer kubeplay (format {shown}); this one reads format v{FORMAT} only: update kubeplay to open it"
        ))
    } else {
        Err(not_a_link(&format!("format v{version} does not exist")))
    }
}

/// Inflates, refusing output past [`MAX_JSON_BYTES`].
fn unpack(packed: &[u8]) -> Result<Vec<u8>, String> {
    // An empty stream is never valid deflate; refusing it here also keeps the inflater from
    // starting with a zero-sized buffer.
    if packed.is_empty() {
        return Err(not_a_link("it is empty"));
    }
    use miniz_oxide::inflate::{decompress_to_vec_with_limit, TINFLStatus};
    decompress_to_vec_with_limit(packed, MAX_JSON_BYTES).map_err(|e| {
        if e.status == TINFLStatus::HasMoreOutput {
            not_a_link(&format!(
                "it unpacks to more than {} MiB",
                MAX_JSON_BYTES >> 20
            ))
        } else {
            not_a_link("its compressed data is damaged; was it cut short?")
        }
    })
}

fn from_json(json: &[u8]) -> Result<Scenario, String> {
    let bad = |e: serde_json::Error| {
        not_a_link(&format!("its contents are not a kubeplay scenario ({e})"))
    };
    let head: WireVersion = serde_json::from_slice(json).map_err(bad)?;
    version_ok(u64::from(head.v))?;
    let w: WireIn = serde_json::from_slice(json).map_err(bad)?;
    Ok(Scenario {
        seed: w.seed,
        start_ms: w.start_ms,
        script: w.script,
        files: w.files,
        docs: w.docs,
        guide: w.guide,
    })
}

fn not_a_link(why: &str) -> String {
    format!("kubeplay: not a kubeplay share link: {why}")
}

#[cfg(test)]
mod tests {
    use super::*;

    fn sample() -> Scenario {
        Scenario {
            seed: 42,
            start_ms: 1_735_689_600_000,
            script: "kubectl apply -f manifests/todo-db/\nkubectl apply -f - <<EOF\napiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: ünï-✓\nEOF\nsleep 90.5\n".into(),
            files: vec![
                ("manifests/todo-db/01-secret.yaml".into(), "kind: Secret # 秘密\n".into()),
                ("manifests/todo-db/02-service.yaml".into(), "kind: Service\n".into()),
            ],
            docs: vec![("pod.yaml".into(), "kind: Pod\n\tname: \"q\" 🚀\n".into())],
            guide: None,
        }
    }

    fn json_payload(json: &str) -> String {
        let packed = miniz_oxide::deflate::compress_to_vec(json.as_bytes(), LEVEL);
        format!("v1.{}", URL_SAFE_NO_PAD.encode(packed))
    }

    #[test]
    fn round_trips_unicode_heredocs_files_and_docs() {
        let s = sample();
        let p = encode(&s);
        assert!(p.starts_with("v1."));
        assert!(
            p.bytes()
                .all(|b| b.is_ascii_alphanumeric() || b"-_.".contains(&b)),
            "{p}"
        );
        assert_eq!(decode(&p).unwrap(), s);
        let empty = Scenario::default();
        assert_eq!(decode(&encode(&empty)).unwrap(), empty);
        let extreme = Scenario {
            seed: u64::MAX,
            start_ms: i64::MIN,
            ..sample()
        };
        assert_eq!(decode(&encode(&extreme)).unwrap(), extreme);
        let guided = Scenario { guide: Some("todo-db".into()), ..sample() };
        assert_eq!(decode(&encode(&guided)).unwrap(), guided);
        assert!(encode(&guided).len() > encode(&sample()).len(), "the guide is written only when set");
    }

    #[test]
    fn links_in_every_accepted_spelling() {
        let s = sample();
        let link = to_link("https://example.test/play/?x=1#old", &s);
        assert!(
            link.starts_with("https://example.test/play/?x=1#s=v1."),
            "{link}"
        );
        let payload = encode(&s);
        for form in [
            link.clone(),
            format!("#s={payload}"),
            format!("s={payload}"),
            payload.clone(),
            format!("  {link}\n"),
        ] {
            assert_eq!(from_link(&form).unwrap(), s, "{form}");
        }
        assert_eq!(
            from_link(&format!("{DEFAULT_BASE}#tab=2&s={payload}")).unwrap(),
            s
        );
        assert!(looks_like_link(&link));
        assert!(looks_like_link(&to_link(DEFAULT_BASE, &s)));
        assert!(looks_like_link(&format!("#s={payload}")));
        for not in [
            "scenario.sh",
            "-",
            "https://example.test/",
            "http://x/#t=1",
            "s=v1.abc",
            "manifests/#s=x",
        ] {
            assert!(!looks_like_link(not), "{not}");
        }
    }

    #[test]
    fn same_scenario_same_string() {
        let a = encode(&sample());
        for _ in 0..3 {
            assert_eq!(encode(&sample()), a);
        }
        assert_eq!(
            to_link(DEFAULT_BASE, &sample()),
            format!("{DEFAULT_BASE}#s={a}")
        );
        assert_ne!(
            encode(&Scenario {
                seed: 43,
                ..sample()
            }),
            a
        );
    }

    #[test]
    fn each_error_in_plain_words() {
        let cases: Vec<(String, &str)> = vec![
            (
                "".into(),
                "not a kubeplay share link: it does not start with a format version",
            ),
            (
                "hello".into(),
                "not a kubeplay share link: it does not start with a format version",
            ),
            (
                "vx.abc".into(),
                "not a kubeplay share link: it does not start with a format version",
            ),
            (
                "v0.abc".into(),
                "not a kubeplay share link: format v0 does not exist",
            ),
            (
                "v2.abc".into(),
                "this link was made by a newer kubeplay (format v2); this one reads format v1 only",
            ),
            (
                "v99999999999999999999999.a".into(),
                "newer kubeplay (format unknown)",
            ),
            (
                "v1.!!!".into(),
                "not a kubeplay share link: its text is not valid base64url",
            ),
            ("v1.".into(), "not a kubeplay share link: it is empty"),
            (
                "v1.AAAA".into(),
                "not a kubeplay share link: its compressed data is damaged",
            ),
            (
                json_payload("[1,2]"),
                "not a kubeplay share link: its contents are not a kubeplay scenario",
            ),
            (
                json_payload("{\"v\":1,\"seed\":1}"),
                "missing field `start_ms`",
            ),
            (
                json_payload("{\"v\":1,\"seed\":-1,\"start_ms\":0,\"script\":\"\"}"),
                "its contents are not a kubeplay scenario",
            ),
            (
                json_payload("{\"v\":3,\"seed\":1}"),
                "this link was made by a newer kubeplay (format v3)",
            ),
            (
                "https://example.test/#t=1".into(),
                "not a kubeplay share link: it has no #s= part",
            ),
        ];
        for (input, want) in cases {
            let err = from_link(&input).unwrap_err();
            assert!(err.starts_with("kubeplay: "), "{input:?}: {err}");
            assert!(err.contains(want), "{input:?}: {err}");
        }
    }

    #[test]
    fn unknown_fields_are_ignored_and_lists_optional() {
        let p = json_payload(
            "{\"v\":1,\"title\":\"t\",\"seed\":7,\"start_ms\":5,\"script\":\"echo hi\\n\"}",
        );
        assert_eq!(
            decode(&p).unwrap(),
            Scenario {
                seed: 7,
                start_ms: 5,
                script: "echo hi\n".into(),
                ..Default::default()
            }
        );
    }

    #[test]
    fn size_bounds() {
        let big = "v1.".to_string() + &"A".repeat(MAX_LINK_BYTES);
        assert!(decode(&big).unwrap_err().contains("share link too large"));
        assert!(from_link(&format!("#s={big}"))
            .unwrap_err()
            .contains("share link too large"));
        // 9 MiB of spaces deflates to a few KiB: the unpacked bound is what stops it.
        let bomb = json_payload(&format!("{{\"v\":1,{}\"seed\":1}}", " ".repeat(9 << 20)));
        assert!(bomb.len() < MAX_LINK_BYTES);
        assert!(decode(&bomb)
            .unwrap_err()
            .contains("it unpacks to more than 8 MiB"));
    }

    #[test]
    fn truncated_and_mutated_payloads_never_panic() {
        let p = encode(&sample());
        let bytes = p.as_bytes();
        for cut in 0..bytes.len() {
            let _ = decode(&p[..cut]);
        }
        // Deterministic "random" mutations: a SplitMix-style walk over positions and replacements.
        let alphabet = b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_.=#v";
        let mut x: u64 = 0x9E37_79B9_7F4A_7C15;
        let mut seen = std::collections::BTreeSet::new();
        for _ in 0..3_000 {
            x = x
                .wrapping_mul(6_364_136_223_846_793_005)
                .wrapping_add(1_442_695_040_888_963_407);
            let mut m = bytes.to_vec();
            for k in 0..1 + (x >> 60) as usize {
                let pos = ((x >> (8 + k)) as usize) % m.len();
                m[pos] = alphabet[((x >> (20 + k)) as usize) % alphabet.len()];
            }
            let text = String::from_utf8(m).unwrap();
            match decode(&text) {
                // A mutation the checks cannot see must still give a usable scenario.
                Ok(s) => drop(encode(&s)),
                Err(e) => drop(seen.insert(e.split(" (").next().unwrap_or_default().to_string())),
            }
            let _ = from_link(&text);
        }
        // The mutations reach every stage: the prefix, base64, the inflater.
        for stage in ["format version", "base64url", "compressed data is damaged"] {
            assert!(
                seen.iter().any(|e| e.contains(stage)),
                "no mutation reached {stage}: {seen:?}"
            );
        }
        // Arbitrary bytes behind a valid prefix, through the inflater and the JSON parser.
        for n in 0..400u64 {
            let junk: Vec<u8> = (0..(n % 97))
                .map(|i| (n.wrapping_mul(31).wrapping_add(i * 17) % 251) as u8)
                .collect();
            let _ = decode(&format!("v1.{}", URL_SAFE_NO_PAD.encode(&junk)));
        }
    }
}
