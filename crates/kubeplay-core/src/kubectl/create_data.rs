//! `kubectl create configmap NAME` and `kubectl create secret generic NAME` with `--from-literal`,
//! `--from-file=[KEY=]PATH` (a file or a directory's files, from the session's files as `-f` reads
//! them) and `--from-env-file` (pkg/cmd/create/create_configmap.go, create_secret.go).

use super::create_workload::{complete, enforced_namespace, name_arg, send};
use super::flags::{flag, multi, switch, FlagSpec};
use super::gen::{meta, object, slice, string};
use super::printobj;
use super::{subcommand, Args, Ctx, Subcommand};
use crate::api::Kind;
use base64::engine::general_purpose::STANDARD;
use base64::Engine as _;
use std::collections::BTreeMap;

pub const CONFIGMAP_FLAGS: &[FlagSpec] = &[
    multi("from-file", None),
    multi("from-literal", None),
    multi("from-env-file", None),
    printobj::OUTPUT,
    printobj::DRY_RUN,
    flag("validate", None),
    switch("save-config", None),
    flag("field-manager", None),
];
pub const SECRET_FLAGS: &[FlagSpec] = &[
    multi("from-file", None),
    multi("from-literal", None),
    multi("from-env-file", None),
    flag("type", None),
    printobj::OUTPUT,
    printobj::DRY_RUN,
    flag("validate", None),
    switch("save-config", None),
    flag("field-manager", None),
];

/// The `kubectl create secret` subcommands kubeplay simulates.
pub const SECRET_SUBCOMMANDS: &[Subcommand] = &[Subcommand { name: "generic", aliases: &[], flags: SECRET_FLAGS, args: Args::Nothing, run: secret_generic }];

/// Bound on the keys one command gathers (a directory of many files).
const MAX_KEYS: usize = 1_000;

pub fn secret(ctx: &mut Ctx, args: &[String]) {
    match args.first().map(|a| (a, subcommand(SECRET_SUBCOMMANDS, a))) {
        Some((_, Some(sub))) => (sub.run)(ctx, &args[1..]),
        Some((other, None)) => ctx.fail(format!("kubeplay: \"kubectl create secret {other}\" is not simulated yet; supported: generic")),
        None => ctx.fail("error: Required subcommand: kubectl create secret docker-registry|generic|tls"),
    }
}

/// One key and its value (kubeplay's files are text, so nothing lands in binaryData).
struct Entry {
    key: String,
    value: String,
}

pub fn configmap(ctx: &mut Ctx, args: &[String]) {
    let name = match name_arg(args, "configmap") {
        Ok(n) => n,
        Err(e) => return ctx.fail(e),
    };
    let (printer, dry) = match complete(ctx) {
        Ok(x) => x,
        Err(e) => return ctx.fail(e),
    };
    if let Err(e) = check_sources(ctx) {
        return ctx.fail(e);
    }
    // createConfigMap: files, then literals, then env files.
    let mut data: BTreeMap<String, String> = BTreeMap::new();
    let add = |data: &mut BTreeMap<String, String>, e: Entry| -> Result<(), String> {
        let errs = config_key_errors(&e.key);
        if !errs.is_empty() {
            return Err(format!("{} is not a valid key name for a ConfigMap: {}", go_q(&e.key), errs.join(",")));
        }
        if data.contains_key(&e.key) {
            return Err(format!("cannot add key {}, another key by that name already exists in Data for ConfigMap {}", go_q(&e.key), go_q(&name)));
        }
        data.insert(e.key, e.value);
        Ok(())
    };
    let result = gather(ctx, &mut data, &add, false);
    if let Err(e) = result {
        return ctx.fail(format!("error: {e}"));
    }
    let ns = enforced_namespace(ctx);
    let cm = object(Kind::ConfigMap, vec![("metadata", Some(meta(&name, &ns, &BTreeMap::new(), &BTreeMap::new()))), ("data", super::gen::string_map(&data))]);
    send(ctx, Kind::ConfigMap, &cm, dry, &printer, "configmap");
}

fn secret_generic(ctx: &mut Ctx, args: &[String]) {
    let name = match name_arg(args, "secret generic") {
        Ok(n) => n,
        Err(e) => return ctx.fail(e),
    };
    let (printer, dry) = match complete(ctx) {
        Ok(x) => x,
        Err(e) => return ctx.fail(e),
    };
    if let Err(e) = check_sources(ctx) {
        return ctx.fail(e);
    }
    let mut data: BTreeMap<String, String> = BTreeMap::new();
    let add = |data: &mut BTreeMap<String, String>, e: Entry| -> Result<(), String> {
        let errs = config_key_errors(&e.key);
        if !errs.is_empty() {
            return Err(format!("{} is not valid key name for a Secret {}", go_q(&e.key), errs.join(";")));
        }
        if data.contains_key(&e.key) {
            return Err(format!("cannot add key {}, another key by that name already exists", e.key));
        }
        data.insert(e.key, e.value);
        Ok(())
    };
    // createSecret: literals, then files, then env files.
    if let Err(e) = gather(ctx, &mut data, &add, true) {
        return ctx.fail(format!("error: {e}"));
    }
    let encoded: BTreeMap<String, String> = data.iter().map(|(k, v)| (k.clone(), STANDARD.encode(v.as_bytes()))).collect();
    let ns = enforced_namespace(ctx);
    let s = object(
        Kind::Secret,
        vec![
            ("metadata", Some(meta(&name, &ns, &BTreeMap::new(), &BTreeMap::new()))),
            ("data", super::gen::string_map(&encoded)),
            ("type", string(ctx.p.get("type").unwrap_or(""))),
        ],
    );
    send(ctx, Kind::Secret, &s, dry, &printer, "secret");
}

/// Validate: an env file excludes the other sources.
fn check_sources(ctx: &Ctx) -> Result<(), String> {
    let has = |f: &str| !ctx.p.all(f).is_empty();
    if has("from-env-file") && (has("from-file") || has("from-literal")) {
        return Err("error: from-env-file cannot be combined with from-file or from-literal".into());
    }
    Ok(())
}

type Add<'a> = dyn Fn(&mut BTreeMap<String, String>, Entry) -> Result<(), String> + 'a;

/// Every source in the command's order (`literals_first` for secrets), each key through `add`.
fn gather(ctx: &Ctx, data: &mut BTreeMap<String, String>, add: &Add, literals_first: bool) -> Result<(), String> {
    let literals = || -> Result<Vec<Entry>, String> {
        ctx.p
            .all("from-literal")
            .iter()
            .map(|s| match s.split_once('=') {
                Some((k, v)) if !k.is_empty() => Ok(Entry { key: k.to_string(), value: v.to_string() }),
                _ => Err(format!("invalid literal source {s}, expected key=value")),
            })
            .collect()
    };
    let mut entries = Vec::new();
    if literals_first {
        entries.extend(literals()?);
        entries.extend(files(ctx)?);
    } else {
        entries.extend(files(ctx)?);
        entries.extend(literals()?);
    }
    entries.extend(env_files(ctx)?);
    for e in entries.into_iter().take(MAX_KEYS) {
        add(data, e)?;
    }
    Ok(())
}

fn normalize(path: &str) -> String {
    path.trim_start_matches("./").trim_end_matches('/').to_string()
}

/// `--from-file`: `PATH` (key = its base name) or `KEY=PATH`; a directory gives each file directly
/// in it, keyed by file name.
fn files(ctx: &Ctx) -> Result<Vec<Entry>, String> {
    let mut out = Vec::new();
    for source in slice(ctx.p.all("from-file")) {
        let (key, path) = parse_file_source(&source)?;
        let p = normalize(&path);
        if let Some(content) = ctx.sim.files.get(&p) {
            out.push(Entry { key, value: content.to_string() });
            continue;
        }
        let prefix = if p.is_empty() { String::new() } else { format!("{p}/") };
        let children: Vec<&str> = ctx.sim.files.paths().filter(|f| f.starts_with(&prefix)).collect();
        if children.is_empty() {
            return Err(format!("error reading {path}: no such file or directory"));
        }
        if source.contains('=') {
            return Err("cannot give a key name for a directory path".into());
        }
        for f in children.into_iter().filter(|f| !f[prefix.len()..].contains('/')).take(MAX_KEYS) {
            out.push(Entry { key: f[prefix.len()..].to_string(), value: ctx.sim.files.get(f).unwrap_or("").to_string() });
        }
    }
    Ok(out)
}

/// ParseFileSource.
fn parse_file_source(source: &str) -> Result<(String, String), String> {
    let n = source.matches('=').count();
    match n {
        0 => Ok((source.trim_end_matches('/').rsplit('/').next().unwrap_or(source).to_string(), source.to_string())),
        1 if source.starts_with('=') => Err(format!("key name for file path {} missing", &source[1..])),
        1 if source.ends_with('=') => Err(format!("file path for key name {} missing", &source[..source.len() - 1])),
        1 => {
            let (k, p) = source.split_once('=').unwrap_or((source, ""));
            Ok((k.to_string(), p.to_string()))
        }
        _ => Err("key names or file paths cannot contain '='".into()),
    }
}

/// `--from-env-file`: `KEY=value` lines; blank lines and `#` comments skipped, leading space
/// trimmed, a line without `=` takes its value from kubectl's environment (empty here).
fn env_files(ctx: &Ctx) -> Result<Vec<Entry>, String> {
    let mut out = Vec::new();
    for path in slice(ctx.p.all("from-env-file")) {
        let p = normalize(&path);
        let Some(content) = ctx.sim.files.get(&p) else {
            let is_dir = ctx.sim.files.paths().any(|f| f.starts_with(&format!("{p}/")));
            return Err(if is_dir { "env config file cannot be a directory".into() } else { format!("error reading {path}: no such file or directory") });
        };
        for (i, line) in content.lines().enumerate().take(MAX_KEYS) {
            let line = if i == 0 { line.trim_start_matches('\u{feff}') } else { line };
            let line = line.trim_start();
            if line.is_empty() || line.starts_with('#') {
                continue;
            }
            let (key, value) = line.split_once('=').unwrap_or((line, ""));
            if let Some(why) = crate::api::names::env_var_name(key).first() {
                return Err(format!("{} is not a valid key name: {why}", go_q(key)));
            }
            out.push(Entry { key: key.to_string(), value: value.to_string() });
        }
    }
    Ok(out)
}

/// validation.IsConfigMapKey.
fn config_key_errors(key: &str) -> Vec<String> {
    let mut errs = Vec::new();
    if key.len() > 253 {
        errs.push("must be no more than 253 characters".to_string());
    }
    if key.is_empty() || !key.bytes().all(|c| c.is_ascii_alphanumeric() || matches!(c, b'-' | b'_' | b'.')) {
        errs.push("a valid config key must consist of alphanumeric characters, '-', '_' or '.' (e.g. 'key.name',  or 'KEY_NAME',  or 'key-name', regex used for validation is '[-._a-zA-Z0-9]+')".to_string());
    }
    match key {
        "." => errs.push("must not be '.'".into()),
        ".." => errs.push("must not be '..'".into()),
        k if k.starts_with("..") => errs.push("must not start with '..'".into()),
        _ => {}
    }
    errs
}

fn go_q(s: &str) -> String {
    crate::api::errors::go_quote(s)
}
