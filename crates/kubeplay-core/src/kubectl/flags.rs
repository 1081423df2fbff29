//! kubectl's flag syntax (pflag): `--name=value`, `--name value`, `-n value`, `-nvalue`, bool
//! shorthands, `--` ending flags; errors in pflag's words.

use std::collections::BTreeMap;

/// One flag a command accepts.
#[derive(Debug, Clone, Copy)]
pub struct FlagSpec {
    pub long: &'static str,
    pub short: Option<char>,
    pub takes_value: bool,
    /// Whether the flag may be given several times (values accumulate).
    pub repeated: bool,
}

pub const fn flag(long: &'static str, short: Option<char>) -> FlagSpec {
    FlagSpec { long, short, takes_value: true, repeated: false }
}
pub const fn switch(long: &'static str, short: Option<char>) -> FlagSpec {
    FlagSpec { long, short, takes_value: false, repeated: false }
}
pub const fn multi(long: &'static str, short: Option<char>) -> FlagSpec {
    FlagSpec { long, short, takes_value: true, repeated: true }
}

/// Flags every command accepts.
pub const GLOBAL: &[FlagSpec] = &[
    flag("namespace", Some('n')),
    flag("context", None),
    flag("kubeconfig", None),
    flag("request-timeout", None),
    flag("v", Some('v')),
];

/// Parsed command line: flag values by long name, positional arguments, and what followed `--`.
#[derive(Debug, Default, Clone)]
pub struct Parsed {
    pub values: BTreeMap<&'static str, Vec<String>>,
    pub args: Vec<String>,
    pub after_dash: Option<Vec<String>>,
}

impl Parsed {
    pub fn get(&self, long: &str) -> Option<&str> {
        self.values.get(long).and_then(|v| v.last()).map(String::as_str)
    }
    pub fn all(&self, long: &str) -> Vec<String> {
        self.values.get(long).cloned().unwrap_or_default()
    }
    pub fn has(&self, long: &str) -> bool {
        self.values.contains_key(long)
    }
    /// A boolean switch: present without value, or `--x=true|false`.
    pub fn on(&self, long: &str) -> bool {
        self.get(long).is_some_and(|v| v != "false")
    }

    /// A pflag bool (`default` when absent): strconv.ParseBool's spellings, or pflag's error for
    /// `command` (`kubectl delete`).
    pub fn go_bool(&self, long: &str, default: bool, command: &str) -> Result<bool, String> {
        match self.get(long) {
            None => Ok(default),
            Some("1" | "t" | "T" | "TRUE" | "true" | "True") => Ok(true),
            Some("0" | "f" | "F" | "FALSE" | "false" | "False") => Ok(false),
            Some(v) => Err(format!("error: invalid argument \"{v}\" for \"--{long}\" flag: strconv.ParseBool: parsing \"{v}\": invalid syntax\nSee '{command} --help' for usage.")),
        }
    }

    /// A pflag int (`default` when absent), or pflag's strconv.ParseInt error for `command`.
    pub fn go_int(&self, long: &str, default: i64, command: &str) -> Result<i64, String> {
        let Some(v) = self.get(long) else { return Ok(default) };
        v.parse::<i64>().map_err(|e| {
            let why = if matches!(e.kind(), std::num::IntErrorKind::PosOverflow | std::num::IntErrorKind::NegOverflow) { "value out of range" } else { "invalid syntax" };
            format!("error: invalid argument \"{v}\" for \"--{long}\" flag: strconv.ParseInt: parsing \"{v}\": {why}\nSee '{command} --help' for usage.")
        })
    }

    /// A pflag duration in milliseconds (`None` when absent), or pflag's error for `command`.
    pub fn go_duration_ms(&self, long: &str, command: &str) -> Result<Option<i64>, String> {
        let Some(v) = self.get(long) else { return Ok(None) };
        let ns = kubeplay_cron::go_parse_duration(v).map_err(|e| format!("error: invalid argument \"{v}\" for \"--{long}\" flag: {e}\nSee '{command} --help' for usage."))?;
        Ok(Some(ns / 1_000_000))
    }
}

/// Parses `args` against the command's flags plus the global ones.
pub fn parse(args: &[String], specs: &[FlagSpec], command_path: &str) -> Result<Parsed, String> {
    let all: Vec<&FlagSpec> = specs.iter().chain(GLOBAL.iter()).collect();
    let usage = format!("See '{command_path} --help' for usage.");
    let mut p = Parsed::default();
    let mut i = 0;
    while i < args.len() {
        let a = &args[i];
        i += 1;
        if a == "--" {
            p.after_dash = Some(args[i..].to_vec());
            break;
        }
        if let Some(body) = a.strip_prefix("--") {
            let (name, inline) = match body.split_once('=') {
                Some((n, v)) => (n, Some(v.to_string())),
                None => (body, None),
            };
            let spec = all.iter().find(|s| s.long == name).ok_or_else(|| format!("error: unknown flag: --{name}\n{usage}"))?;
            let value = match (spec.takes_value, inline) {
                (_, Some(v)) => v,
                (false, None) => "true".to_string(),
                (true, None) => {
                    let v = args.get(i).ok_or_else(|| format!("error: flag needs an argument: --{name}\n{usage}"))?;
                    i += 1;
                    v.clone()
                }
            };
            p.values.entry(spec.long).or_default().push(value);
        } else if a.len() > 1 && a.starts_with('-') && !is_negative_number(a) {
            let chars: Vec<char> = a[1..].chars().collect();
            let mut j = 0;
            while j < chars.len() {
                let c = chars[j];
                let spec = all
                    .iter()
                    .find(|s| s.short == Some(c))
                    .ok_or_else(|| format!("error: unknown shorthand flag: '{c}' in {a}\n{usage}"))?;
                if spec.takes_value {
                    let rest: String = chars[j + 1..].iter().collect();
                    let value = if !rest.is_empty() {
                        rest.strip_prefix('=').unwrap_or(&rest).to_string()
                    } else {
                        let v = args.get(i).ok_or_else(|| format!("error: flag needs an argument: '{c}' in -{c}\n{usage}"))?;
                        i += 1;
                        v.clone()
                    };
                    p.values.entry(spec.long).or_default().push(value);
                    break;
                }
                // pflag's '-f=arg' form works for switches too (`-w=false`).
                if chars.get(j + 1) == Some(&'=') && chars.len() > j + 2 {
                    p.values.entry(spec.long).or_default().push(chars[j + 2..].iter().collect());
                    break;
                }
                p.values.entry(spec.long).or_default().push("true".into());
                j += 1;
            }
        } else {
            p.args.push(a.clone());
        }
    }
    Ok(p)
}

/// A line for a subcommand kubeplay does not simulate: its words, flags taken as switches, so the
/// dispatcher can name what is missing instead of failing on a flag.
pub fn parse_lenient(args: &[String]) -> Parsed {
    let mut p = Parsed::default();
    for (i, a) in args.iter().enumerate() {
        if a == "--" {
            p.after_dash = Some(args[i + 1..].to_vec());
            break;
        }
        if !a.starts_with('-') || a == "-" {
            p.args.push(a.clone());
        }
    }
    p
}

fn is_negative_number(a: &str) -> bool {
    a[1..].chars().all(|c| c.is_ascii_digit())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn s(v: &[&str]) -> Vec<String> {
        v.iter().map(|x| x.to_string()).collect()
    }

    #[test]
    fn long_short_inline_and_dashdash() {
        let specs = [flag("output", Some('o')), switch("watch", Some('w')), flag("selector", Some('l'))];
        let p = parse(&s(&["pods", "-owide", "-l", "app=x", "--watch", "-n", "kube-system", "--", "sh"]), &specs, "kubectl get").unwrap();
        assert_eq!(p.get("output"), Some("wide"));
        assert_eq!(p.get("selector"), Some("app=x"));
        assert!(p.on("watch"));
        assert!(!parse(&s(&["-w=false"]), &specs, "kubectl get").unwrap().on("watch"), "pflag's -f=arg form for a switch");
        assert_eq!(p.get("namespace"), Some("kube-system"));
        assert_eq!(p.args, vec!["pods"]);
        assert_eq!(p.after_dash, Some(vec!["sh".to_string()]));
        let e = parse(&s(&["--bogus"]), &specs, "kubectl get").unwrap_err();
        assert_eq!(e, "error: unknown flag: --bogus\nSee 'kubectl get --help' for usage.");
        let e = parse(&s(&["-x"]), &specs, "kubectl get").unwrap_err();
        assert_eq!(e, "error: unknown shorthand flag: 'x' in -x\nSee 'kubectl get --help' for usage.");
    }
}
