//! `kubectl create priorityclass NAME [--value=N] [--global-default[=BOOL]] [--description=TEXT]
//! [--preemption-policy=POLICY]` (alias `pc`; pkg/cmd/create/create_priorityclass.go).

use super::create_workload::{complete, name_arg, send};
use super::flags::{flag, switch, FlagSpec};
use super::gen::{meta, object, string};
use super::printobj;
use super::Ctx;
use crate::api::Kind;
use serde_json::Value;
use std::collections::BTreeMap;

pub const FLAGS: &[FlagSpec] = &[
    flag("value", None),
    switch("global-default", None),
    flag("description", None),
    flag("preemption-policy", None),
    printobj::OUTPUT,
    printobj::DRY_RUN,
    flag("validate", None),
    switch("save-config", None),
    flag("field-manager", None),
];

const COMMAND: &str = "kubectl create priorityclass";

pub fn run(ctx: &mut Ctx, args: &[String]) {
    // pflag parses every flag before Complete runs, so a bad value is reported first.
    let value = match ctx.p.get("value") {
        None => 0,
        Some(v) => match v.parse::<i32>() {
            Ok(n) => n,
            Err(e) => {
                let why = if matches!(e.kind(), std::num::IntErrorKind::PosOverflow | std::num::IntErrorKind::NegOverflow) { "value out of range" } else { "invalid syntax" };
                return ctx.fail(format!("error: invalid argument \"{v}\" for \"--value\" flag: strconv.ParseInt: parsing \"{v}\": {why}\nSee '{COMMAND} --help' for usage."));
            }
        },
    };
    let global_default = match ctx.p.go_bool("global-default", false, COMMAND) {
        Ok(b) => b,
        Err(e) => return ctx.fail(e),
    };
    let name = match name_arg(args, "priorityclass") {
        Ok(n) => n,
        Err(e) => return ctx.fail(e),
    };
    let (printer, dry) = match complete(ctx) {
        Ok(x) => x,
        Err(e) => return ctx.fail(e),
    };
    let description = ctx.p.get("description").unwrap_or("").to_string();
    // The flag's default; an empty value is sent as given, for the apiserver to refuse.
    let policy = ctx.p.get("preemption-policy").unwrap_or("PreemptLowerPriority").to_string();
    // createPriorityClass: Go's field order, globalDefault and description `omitempty`, the
    // policy always sent.
    let pc = object(
        Kind::PriorityClass,
        vec![
            ("metadata", Some(meta(&name, "", &BTreeMap::new(), &BTreeMap::new()))),
            ("value", Some(Value::from(value))),
            ("globalDefault", global_default.then_some(Value::Bool(true))),
            ("description", string(&description)),
            ("preemptionPolicy", Some(Value::String(policy))),
        ],
    );
    send(ctx, Kind::PriorityClass, &pc, dry, &printer, "priorityclass");
}
