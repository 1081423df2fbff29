//! What kubectl's PrintFlags print for an object a command made or changed (cli-runtime's
//! NamePrinter, JSON/YAML/JSONPath printers): `TYPE/NAME <operation>` by default, `-o name|json|
//! yaml|jsonpath=...`, and the `--dry-run` strategies with the suffixes they add to the operation.

use super::flags::{flag, FlagSpec};
use super::output::{to_json_pretty, to_yaml};
use super::Ctx;
use crate::api::Kind;
use serde_json::Value;

/// PrintFlags' own flags, as every creating command has them.
pub const OUTPUT: FlagSpec = flag("output", Some('o'));
pub const DRY_RUN: FlagSpec = flag("dry-run", None);

/// `--dry-run`: none, client (nothing is sent) or server (sent, validated, not stored).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum DryRun {
    None,
    Client,
    Server,
}

/// GetDryRunStrategy: the flag's value, with its error for anything else.
pub fn dry_run(ctx: &Ctx) -> Result<DryRun, String> {
    match ctx.p.get("dry-run") {
        None | Some("none") | Some("false") => Ok(DryRun::None),
        Some("client") | Some("true") => Ok(DryRun::Client),
        Some("server") => Ok(DryRun::Server),
        Some(other) => Err(format!("error: Invalid dry-run value ({other}). Must be \"none\", \"server\", or \"client\".")),
    }
}

/// One of PrintFlags' printers.
#[derive(Debug, Clone, PartialEq)]
pub enum Printer {
    /// The NamePrinter with the command's operation (`created`, `exposed`, ...).
    Operation,
    Name,
    Json,
    Yaml,
    JsonPath(String),
    /// `-o jsonpath-as-json=`: each expression's results as a JSON array.
    JsonPathAsJson(String),
}

/// PrintFlags.ToPrinter: the printer `-o` names, or kubectl's error for one it does not know.
pub fn printer(ctx: &Ctx) -> Result<Printer, String> {
    Ok(match ctx.p.get("output") {
        None | Some("") => Printer::Operation,
        Some("name") => Printer::Name,
        Some("json") => Printer::Json,
        Some("yaml") => Printer::Yaml,
        Some(s) if s.starts_with("jsonpath=") => Printer::JsonPath(s["jsonpath=".len()..].to_string()),
        Some(s) if s.starts_with("jsonpath-as-json=") => Printer::JsonPathAsJson(s["jsonpath-as-json=".len()..].to_string()),
        Some(s) if s.starts_with("jsonpath") => return Err("error: template format specified but no template given".into()),
        Some(other) => {
            return Err(format!(
                "error: unable to match a printer suitable for the output format \"{other}\", allowed formats are: go-template,go-template-file,json,jsonpath,jsonpath-as-json,jsonpath-file,name,template,templatefile,yaml"
            ))
        }
    })
}

/// PrintFlagsWithDryRunStrategy: the operation as the NamePrinter words it.
pub fn operation(op: &str, dry: DryRun) -> String {
    match dry {
        DryRun::None => op.to_string(),
        DryRun::Client => format!("{op} (dry run)"),
        DryRun::Server => format!("{op} (server dry run)"),
    }
}

/// Prints `object` (its JSON as kubectl holds it) with `printer`; `op` is the whole operation text.
pub fn print(ctx: &mut Ctx, printer: &Printer, kind: Kind, object: &Value, op: &str) {
    let name = object.pointer("/metadata/name").and_then(Value::as_str).unwrap_or("");
    let res = kind.resource_singular_group();
    match printer {
        Printer::Operation if op.is_empty() => ctx.out.out(format!("{res}/{name}\n")),
        Printer::Operation => ctx.out.out(format!("{res}/{name} {op}\n")),
        Printer::Name => ctx.out.out(format!("{res}/{name}\n")),
        Printer::Json => ctx.out.out(format!("{}\n", to_json_pretty(object))),
        Printer::Yaml => ctx.out.out(to_yaml(object)),
        Printer::JsonPath(t) => match super::jsonpath::evaluate(t, object) {
            Ok(s) => ctx.out.out(s),
            Err(e) => ctx.fail(format!("error: error executing jsonpath {}: {e}", crate::api::errors::go_quote(t))),
        },
        Printer::JsonPathAsJson(t) => match super::jsonpath::evaluate_as_json(t, object) {
            Ok(s) => ctx.out.out(s),
            Err(e) => ctx.fail(format!("error: error executing jsonpath {}: {e}", crate::api::errors::go_quote(t))),
        },
    }
}
