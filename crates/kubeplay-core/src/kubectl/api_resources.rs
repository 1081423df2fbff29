//! `kubectl api-resources` (pkg/cmd/apiresources): what the simulated apiserver's discovery
//! serves, sorted by group then name (or `--sort-by=name|kind`), filtered by `--api-group`,
//! `--namespaced` and `--categories`, as a table or `-o name`.

use super::flags::{flag, multi, switch, FlagSpec};
use super::printers::layout;
use super::Ctx;
use crate::api::kinds::{KindInfo, KINDS};
use crate::api::Kind;

pub const FLAGS: &[FlagSpec] = &[
    flag("output", Some('o')),
    switch("no-headers", None),
    flag("api-group", None),
    switch("namespaced", None),
    flag("sort-by", None),
    switch("cached", None),
    multi("categories", None),
    multi("verbs", None),
];

/// The kinds in the `all` category (kubectl get all), as discovery lists them.
const ALL: &[Kind] = &[Kind::Pod, Kind::Service, Kind::DaemonSet, Kind::Deployment, Kind::ReplicaSet, Kind::StatefulSet, Kind::Job, Kind::CronJob];

pub fn run(ctx: &mut Ctx) {
    if !ctx.p.args.is_empty() {
        return ctx.fail(format!("error: unexpected arguments: [{}]\nSee 'kubectl api-resources -h' for help and examples", ctx.p.args.join(" ")));
    }
    let output = ctx.p.get("output").unwrap_or("").to_string();
    match output.as_str() {
        "" | "name" => {}
        "wide" | "json" | "yaml" => return ctx.fail(format!("kubeplay: \"kubectl api-resources -o {output}\" is not simulated yet (it lists each resource's verbs); use the default output or -o name")),
        other => return ctx.fail(format!("error: unable to match a printer suitable for the output format \"{other}\", allowed formats are: json,name,wide,yaml")),
    }
    let sort_by = ctx.p.get("sort-by").unwrap_or("").to_string();
    if !matches!(sort_by.as_str(), "" | "name" | "kind") {
        return ctx.fail("error: --sort-by accepts only name or kind");
    }
    if ctx.p.has("verbs") {
        return ctx.fail("kubeplay: \"kubectl api-resources --verbs\" is not simulated yet");
    }
    let group = ctx.p.get("api-group").map(str::to_string);
    let namespaced = ctx.p.has("namespaced").then(|| ctx.p.on("namespaced"));
    let categories: Vec<String> = super::gen::slice(ctx.p.all("categories"));
    let mut rows: Vec<&KindInfo> = KINDS
        .iter()
        .filter(|k| group.as_deref().is_none_or(|g| g == k.group))
        .filter(|k| namespaced.is_none_or(|n| n == k.namespaced))
        .filter(|k| categories.iter().all(|c| c == "all" && ALL.contains(&k.kind)))
        .collect();
    // sortableResource: by group (or name, or kind), then by name; a stable sort.
    rows.sort_by(|a, b| {
        let key = |k: &KindInfo| match sort_by.as_str() {
            "name" => k.plural.to_string(),
            "kind" => k.name.to_string(),
            _ => k.group.to_string(),
        };
        key(a).cmp(&key(b)).then_with(|| a.plural.cmp(b.plural))
    });
    if output == "name" {
        let names: String = rows.iter().map(|k| if k.group.is_empty() { format!("{}\n", k.plural) } else { format!("{}.{}\n", k.plural, k.group) }).collect();
        return ctx.out.out(names);
    }
    let mut table: Vec<Vec<String>> = Vec::new();
    if !ctx.p.on("no-headers") {
        table.push(["NAME", "SHORTNAMES", "APIVERSION", "NAMESPACED", "KIND"].iter().map(|s| s.to_string()).collect());
    }
    for k in rows {
        table.push(vec![k.plural.to_string(), k.short.join(","), k.kind.api_version(), k.namespaced.to_string(), k.name.to_string()]);
    }
    ctx.out.out(layout(&table));
}
