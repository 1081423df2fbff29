//! GNU getopt_long as the workstation's tools parse their arguments: options anywhere before
//! `--` (GNU permutes them ahead of the operands), clustered short options, values attached or
//! separate, long options by any unambiguous prefix, and GNU's words for a bad option. Options
//! GNU has but kubeplay does not model are refused in plain words rather than ignored.

/// One tool's options.
struct Spec {
    name: &'static str,
    /// GNU's short options, getopt style (`x:` takes a value).
    known: &'static str,
    /// Those kubeplay models.
    modelled: &'static str,
    /// `-5` is an option (a count of lines or of context).
    digits: bool,
    /// Long options and the short option each stands for (`'\0'`: accepted and ignored).
    longs: &'static [(&'static str, char)],
    /// Exit status of a usage error.
    usage_status: i32,
    /// What GNU prints before `Try 'TOOL --help'…` on a usage error.
    usage: &'static str,
}

const SPECS: &[Spec] = &[
    Spec { name: "base64", known: "diw:", modelled: "diw:", digits: false, longs: &[("decode", 'd'), ("ignore-garbage", 'i'), ("wrap", 'w')], usage_status: 1, usage: "" },
    Spec { name: "cat", known: "AbeEnstTuv", modelled: "u", digits: false, longs: &[("number", 'n'), ("show-all", 'A'), ("squeeze-blank", 's')], usage_status: 1, usage: "" },
    Spec {
        name: "cut",
        known: "b:c:d:f:nsz",
        modelled: "b:c:d:f:ns",
        digits: false,
        longs: &[("bytes", 'b'), ("characters", 'c'), ("delimiter", 'd'), ("fields", 'f'), ("only-delimited", 's')],
        usage_status: 1,
        usage: "",
    },
    Spec {
        name: "grep",
        known: "A:B:C:D:EFGHIPTUVX:abcd:e:f:hiLlm:noqRrsuvwxyZz",
        modelled: "A:B:C:EFGHLce:f:hilm:noqsvwxy",
        digits: true,
        longs: &[
            ("after-context", 'A'),
            ("basic-regexp", 'G'),
            ("before-context", 'B'),
            ("color", '\0'),
            ("colour", '\0'),
            ("context", 'C'),
            ("count", 'c'),
            ("extended-regexp", 'E'),
            ("file", 'f'),
            ("files-with-matches", 'l'),
            ("files-without-match", 'L'),
            ("fixed-strings", 'F'),
            ("ignore-case", 'i'),
            ("invert-match", 'v'),
            ("line-number", 'n'),
            ("line-regexp", 'x'),
            ("max-count", 'm'),
            ("no-filename", 'h'),
            ("no-messages", 's'),
            ("only-matching", 'o'),
            ("perl-regexp", 'P'),
            ("quiet", 'q'),
            ("recursive", 'r'),
            ("regexp", 'e'),
            ("silent", 'q'),
            ("with-filename", 'H'),
            ("word-regexp", 'w'),
        ],
        usage_status: 2,
        usage: "Usage: grep [OPTION]... PATTERNS [FILE]...\n",
    },
    Spec { name: "head", known: "c:n:qvz", modelled: "c:n:qv", digits: true, longs: &[("bytes", 'c'), ("lines", 'n'), ("quiet", 'q'), ("silent", 'q'), ("verbose", 'v')], usage_status: 1, usage: "" },
    Spec {
        name: "sort",
        known: "bcCdfghik:mMno:rRsS:t:T:uVy:z",
        modelled: "bfk:nrt:u",
        digits: false,
        longs: &[
            ("field-separator", 't'),
            ("human-numeric-sort", 'h'),
            ("ignore-case", 'f'),
            ("ignore-leading-blanks", 'b'),
            ("key", 'k'),
            ("numeric-sort", 'n'),
            ("reverse", 'r'),
            ("unique", 'u'),
            ("version-sort", 'V'),
        ],
        usage_status: 2,
        usage: "",
    },
    Spec {
        name: "tail",
        known: "c:n:fFqs:vz",
        modelled: "c:n:fFqv",
        digits: true,
        longs: &[("bytes", 'c'), ("follow", 'f'), ("lines", 'n'), ("quiet", 'q'), ("silent", 'q'), ("verbose", 'v')],
        usage_status: 1,
        usage: "",
    },
    Spec { name: "tr", known: "cCdst", modelled: "cCds", digits: false, longs: &[("complement", 'c'), ("delete", 'd'), ("squeeze-repeats", 's')], usage_status: 1, usage: "" },
    Spec { name: "uniq", known: "cdDf:is:uw:z", modelled: "cdiu", digits: false, longs: &[("count", 'c'), ("ignore-case", 'i'), ("repeated", 'd'), ("unique", 'u')], usage_status: 1, usage: "" },
    Spec { name: "wc", known: "clLmw", modelled: "clLmw", digits: false, longs: &[("bytes", 'c'), ("chars", 'm'), ("lines", 'l'), ("max-line-length", 'L'), ("words", 'w')], usage_status: 1, usage: "" },
];

fn takes_value(optstring: &str, c: char) -> bool {
    optstring.find(c).is_some_and(|i| optstring[i + c.len_utf8()..].starts_with(':'))
}

fn usage_error(spec: &Spec, first: String) -> (String, i32) {
    (format!("{}: {first}\n{}Try '{} --help' for more information.\n", spec.name, spec.usage, spec.name), spec.usage_status)
}

fn not_modelled(spec: &Spec, opt: &str) -> (String, i32) {
    let mut known: Vec<String> = spec.modelled.chars().filter(|c| *c != ':').map(|c| format!("-{c}")).collect();
    if spec.digits {
        known.push("-NUM".into());
    }
    (format!("kubeplay: `{} {opt}` is not modelled (kubeplay's {} knows {})\n", spec.name, spec.name, known.join(" ")), 2)
}

/// The arguments with options first (each short option its own argument, its value the next),
/// then `--` if an operand looks like an option, then the operands. Err: (message, status).
pub fn normalize(name: &str, args: &[String]) -> Result<Vec<String>, (String, i32)> {
    let Some(spec) = SPECS.iter().find(|s| s.name == name) else { return Ok(args.to_vec()) };
    let mut opts: Vec<String> = Vec::new();
    let mut operands: Vec<String> = Vec::new();
    let push = |opts: &mut Vec<String>, c: char, value: Option<String>| {
        opts.push(format!("-{c}"));
        opts.extend(value);
    };
    let mut i = 0;
    while i < args.len() {
        let a = &args[i];
        i += 1;
        if a == "--" {
            operands.extend(args[i..].iter().cloned());
            break;
        }
        if let Some(long) = a.strip_prefix("--") {
            let (lname, inline) = match long.split_once('=') {
                Some((n, v)) => (n, Some(v.to_string())),
                None => (long, None),
            };
            let exact = spec.longs.iter().find(|(l, _)| *l == lname);
            let mut cands: Vec<&(&str, char)> = spec.longs.iter().filter(|(l, _)| l.starts_with(lname)).collect();
            cands.dedup_by_key(|e| e.1);
            let (full, c) = match (exact, cands.as_slice()) {
                (Some(e), _) => *e,
                (None, [e]) => **e,
                (None, []) => return Err(usage_error(spec, format!("unrecognized option '{a}'"))),
                (None, many) => {
                    let names: Vec<String> = many.iter().map(|(l, _)| format!("'--{l}'")).collect();
                    return Err(usage_error(spec, format!("option '--{lname}' is ambiguous; possibilities: {}", names.join(" "))));
                }
            };
            if c == '\0' {
                continue; // --color: a pipe gets no colours anyway
            }
            let value = if takes_value(spec.known, c) {
                match inline {
                    Some(v) => Some(v),
                    None if i < args.len() => {
                        i += 1;
                        Some(args[i - 1].clone())
                    }
                    None => return Err(usage_error(spec, format!("option '--{full}' requires an argument"))),
                }
            } else if inline.is_some() {
                return Err(usage_error(spec, format!("option '--{full}' doesn't allow an argument")));
            } else {
                None
            };
            if !spec.modelled.contains(c) {
                return Err(not_modelled(spec, &format!("--{full}")));
            }
            push(&mut opts, c, value);
            continue;
        }
        if a.len() < 2 || !a.starts_with('-') {
            operands.push(a.clone());
            continue;
        }
        let chars: Vec<char> = a[1..].chars().collect();
        let mut k = 0;
        while k < chars.len() {
            let c = chars[k];
            k += 1;
            if spec.digits && c.is_ascii_digit() {
                let n: String = chars[k - 1..].iter().take_while(|d| d.is_ascii_digit()).collect();
                k += n.len() - 1;
                opts.push(format!("-{n}"));
                continue;
            }
            if c == ':' || !spec.known.contains(c) {
                return Err(usage_error(spec, format!("invalid option -- '{c}'")));
            }
            let value = if takes_value(spec.known, c) {
                let v = if k < chars.len() {
                    chars[k..].iter().collect()
                } else if i < args.len() {
                    i += 1;
                    args[i - 1].clone()
                } else {
                    return Err(usage_error(spec, format!("option requires an argument -- '{c}'")));
                };
                k = chars.len();
                Some(v)
            } else {
                None
            };
            if !spec.modelled.contains(c) {
                return Err(not_modelled(spec, &format!("-{c}")));
            }
            push(&mut opts, c, value);
        }
    }
    let follows = opts.iter().any(|o| o == "-f" || o == "-F");
    if name == "tail" && follows && operands.iter().any(|o| o != "-") {
        let msg = "kubeplay: `tail -f FILE` waits for the file to grow until interrupted; kubeplay does not model following a file (`kubectl logs -f` follows a pod)\n";
        return Err((msg.to_string(), 2));
    }
    if operands.iter().any(|o| o.len() > 1 && o.starts_with('-')) {
        opts.push("--".into());
    }
    opts.extend(operands);
    Ok(opts)
}

/// The operands of arguments `normalize` gave.
pub fn operands(name: &str, normalized: &[String]) -> Vec<String> {
    let Some(spec) = SPECS.iter().find(|s| s.name == name) else { return normalized.to_vec() };
    let mut out = Vec::new();
    let mut i = 0;
    while i < normalized.len() {
        let a = &normalized[i];
        i += 1;
        if a == "--" {
            out.extend(normalized[i..].iter().cloned());
            break;
        }
        match a.strip_prefix('-').and_then(|o| o.chars().next()) {
            Some(c) if a.len() == 2 && takes_value(spec.known, c) => i += 1,
            Some(_) => {}
            None => out.push(a.clone()),
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn n(name: &str, line: &str) -> Result<Vec<String>, (String, i32)> {
        let args: Vec<String> = line.split(' ').filter(|s| !s.is_empty()).map(str::to_string).collect();
        normalize(name, &args)
    }

    #[test]
    fn permutes_clusters_and_longs() {
        assert_eq!(n("grep", "Running -ci pods.txt").unwrap(), ["-c", "-i", "Running", "pods.txt"]);
        assert_eq!(n("grep", "-A3 -e x").unwrap(), ["-A", "3", "-e", "x"]);
        assert_eq!(n("grep", "-5 x").unwrap(), ["-5", "x"]);
        assert_eq!(n("head", "-n -3").unwrap(), ["-n", "-3"]);
        assert_eq!(n("head", "--lines=2 f").unwrap(), ["-n", "2", "f"]);
        assert_eq!(n("base64", "--dec -w0").unwrap(), ["-d", "-w", "0"]);
        assert_eq!(n("grep", "--color=auto x").unwrap(), ["x"]);
        assert_eq!(n("cut", "-d: -f1 -- -file").unwrap(), ["-d", ":", "-f", "1", "--", "-file"]);
        assert_eq!(operands("cut", &n("cut", "-d : -f 1 a b").unwrap()), ["a", "b"]);
    }

    #[test]
    fn gnu_words_for_bad_options() {
        assert_eq!(n("head", "-z -j").unwrap_err().0, "kubeplay: `head -z` is not modelled (kubeplay's head knows -c -n -q -v -NUM)\n");
        assert_eq!(n("head", "-j").unwrap_err(), ("head: invalid option -- 'j'\nTry 'head --help' for more information.\n".into(), 1));
        assert_eq!(
            n("grep", "-j x").unwrap_err(),
            ("grep: invalid option -- 'j'\nUsage: grep [OPTION]... PATTERNS [FILE]...\nTry 'grep --help' for more information.\n".into(), 2)
        );
        assert_eq!(n("wc", "--nope").unwrap_err().0, "wc: unrecognized option '--nope'\nTry 'wc --help' for more information.\n");
        assert_eq!(n("cut", "-f").unwrap_err().0, "cut: option requires an argument -- 'f'\nTry 'cut --help' for more information.\n");
        assert_eq!(n("sort", "--key").unwrap_err().0, "sort: option '--key' requires an argument\nTry 'sort --help' for more information.\n");
        assert!(n("grep", "--i x").unwrap_err().0.contains("is ambiguous"));
        assert!(n("tail", "-f pods.txt").unwrap_err().0.contains("does not model following a file"));
        assert_eq!(n("tail", "-f").unwrap(), ["-f"]);
    }
}
