//! `kubectl get`: tables (with -A, --show-labels, -L, --no-headers, --sort-by, -o wide) and the
//! name/json/yaml/jsonpath outputs.

use super::flags::{flag, multi, switch, FlagSpec};
use super::output::{self, Format};
use super::printers::{headers, layout, row};
use super::resources::{targets, Target};
use super::Ctx;
use crate::api::errors::ApiError;
use crate::api::{Kind, ObjKey, Object};
use crate::selector::Selector;

pub const FLAGS: &[FlagSpec] = &[
    flag("output", Some('o')),
    flag("selector", Some('l')),
    switch("all-namespaces", Some('A')),
    switch("show-labels", None),
    switch("no-headers", None),
    flag("sort-by", None),
    multi("label-columns", Some('L')),
    switch("watch", Some('w')),
    switch("watch-only", None),
    switch("output-watch-events", None),
    multi("filename", Some('f')),
    flag("field-selector", None),
    switch("ignore-not-found", None),
    switch("show-kind", None),
    // Paging only: kubeplay lists in one piece, which prints the same.
    flag("chunk-size", None),
];

pub fn run(ctx: &mut Ctx) {
    let format = match Format::parse(ctx.p.get("output")) {
        Ok(f) => f,
        Err(e) => return ctx.fail(e),
    };
    if ctx.p.on("watch") || ctx.p.on("watch-only") {
        return super::watch::run(ctx, &format);
    }
    // The custom-columns printer is made (and its spec or file read) before anything is fetched.
    let columns = match custom_columns(ctx, &format) {
        Ok(c) => c,
        Err(e) => return ctx.fail(e),
    };
    let ts = match targets(&ctx.p.args) {
        Ok(t) if t.is_empty() => {
            return ctx.fail("You must specify the type of resource to get. Use \"kubectl api-resources\" for a complete list of supported resources.\n\nerror: Required resource not specified.\nUse \"kubectl explain <resource>\" for a detailed description of that resource (e.g. kubectl explain pods).\nSee 'kubectl get -h' for help and examples");
        }
        Ok(t) => t,
        Err(e) => return ctx.fail(e),
    };
    let selector = match ctx.p.get("selector").map(Selector::parse).transpose() {
        Ok(s) => s,
        Err(e) => return ctx.fail(format!("error: {e}")),
    };
    let all_ns = ctx.p.on("all-namespaces");
    ts.iter().for_each(|t| ctx.requesting(t.kind));
    let (mut objects, errors) = collect(ctx, &ts, selector.as_ref(), all_ns);
    if let Some(raw) = ctx.p.get("field-selector").map(str::to_string) {
        let fs = match crate::fieldselector::FieldSelector::parse(&raw) {
            Ok(f) => f,
            Err(e) => return ctx.fail(format!("error: {e}")),
        };
        for t in &ts {
            if let Err(e) = fs.check(t.kind, &raw) {
                return ctx.fail(e);
            }
        }
        objects.retain(|o| fs.matches(o));
    }
    let named = ts.iter().all(|t| t.name.is_some());
    if let Some(expr) = ctx.p.get("sort-by") {
        if let Err(e) = output::sort_by(&mut objects, expr) {
            return ctx.fail(e);
        }
    }
    let kinds: Vec<Kind> = dedup(ts.iter().map(|t| t.kind).collect());
    let is_table = matches!(format, Format::Table { .. });
    match format {
        Format::Table { wide } => print_tables(ctx, &objects, kinds.len() > 1 || ctx.p.on("show-kind"), wide, all_ns),
        Format::CustomColumns(_) | Format::CustomColumnsFile(_) if named && ts.len() == 1 && objects.is_empty() && !errors.is_empty() => {}
        Format::CustomColumns(_) | Format::CustomColumnsFile(_) => {
            let (cols, no_headers) = columns.unwrap_or_default();
            match super::custom_columns::render(&cols, &objects, no_headers) {
                Ok(s) => ctx.out.out(s),
                Err(e) => return ctx.fail(e),
            }
        }
        // printGeneric: a single named object that is missing returns the error alone.
        _ if named && ts.len() == 1 && objects.is_empty() && !errors.is_empty() => {}
        other => {
            let single = named && ts.len() == 1 && objects.len() == 1;
            match output::render(&other, &objects, single) {
                Ok(s) => ctx.out.out(s),
                Err(e) => ctx.fail(e),
            }
        }
    }
    if objects.is_empty() && errors.is_empty() && !named && is_table {
        let cluster_scoped = kinds.iter().all(|k| !k.namespaced());
        ctx.out.err(if all_ns || cluster_scoped { "No resources found\n".to_string() } else { format!("No resources found in {} namespace.\n", ctx.namespace) });
    }
    for e in &errors {
        ctx.out.err(format!("{e}\n"));
    }
    if !errors.is_empty() {
        ctx.out.status = 1;
    }
}

/// The columns of `-o custom-columns[-file]` and whether headers are left out (the file form
/// always prints them).
fn custom_columns(ctx: &Ctx, format: &Format) -> Result<Option<(Vec<super::custom_columns::Column>, bool)>, String> {
    let words = |e: String| if e.starts_with("error: ") { e } else { format!("error: {e}") };
    match format {
        Format::CustomColumns(spec) => super::custom_columns::from_spec(spec).map(|c| Some((c, ctx.p.on("no-headers")))).map_err(words),
        Format::CustomColumnsFile(path) => {
            let Some(text) = ctx.sim.files.get(path) else {
                return Err(format!("error: error reading template {path}, open {path}: no such file or directory\n"));
            };
            super::custom_columns::from_template(text).map(|c| Some((c, false))).map_err(words)
        }
        _ => Ok(None),
    }
}

fn dedup(mut v: Vec<Kind>) -> Vec<Kind> {
    let mut out = Vec::new();
    for k in v.drain(..) {
        if !out.contains(&k) {
            out.push(k);
        }
    }
    out
}

/// The objects the targets name, in the order kubectl would print them, plus NotFound errors.
pub fn collect(ctx: &Ctx, ts: &[Target], selector: Option<&Selector>, all_ns: bool) -> (Vec<Object>, Vec<String>) {
    let store = &ctx.sim.cluster.store;
    let mut objects = Vec::new();
    let mut errors = Vec::new();
    for t in ts {
        match &t.name {
            Some(name) => match store.get(&ObjKey::new(t.kind, &ctx.namespace, name)) {
                Some(o) => objects.push(o.clone()),
                None if ctx.p.on("ignore-not-found") => {}
                None => errors.push(ApiError::not_found(t.kind, name).render(None)),
            },
            None => {
                let ns = if all_ns { None } else { Some(ctx.namespace.as_str()) };
                objects.extend(store.list(t.kind, ns).filter(|o| selector.is_none_or(|s| s.matches(o.labels()))).cloned());
            }
        }
    }
    (objects, errors)
}

fn print_tables(ctx: &mut Ctx, objects: &[Object], with_kind: bool, wide: bool, all_ns: bool) {
    let now = ctx.sim.cluster.now;
    let mut kinds: Vec<Kind> = Vec::new();
    for o in objects {
        if !kinds.contains(&o.kind()) {
            kinds.push(o.kind());
        }
    }
    let columns = Columns::of(ctx, wide, all_ns);
    let mut blocks = Vec::new();
    for kind in kinds {
        let mut rows: Vec<Vec<String>> = Vec::new();
        if !ctx.p.on("no-headers") {
            rows.push(columns.header(kind));
        }
        for o in objects.iter().filter(|o| o.kind() == kind) {
            let name = if with_kind { format!("{}/{}", kind.resource_singular_group(), o.name()) } else { o.name().to_string() };
            rows.push(columns.row(o, &name, now));
        }
        blocks.push(layout(&rows));
    }
    ctx.out.out(blocks.join("\n"));
}

/// The table columns `get`'s flags ask for: -o wide, -A's NAMESPACE, -L and --show-labels.
pub struct Columns {
    wide: bool,
    all_ns: bool,
    label_cols: Vec<String>,
    show_labels: bool,
}

impl Columns {
    pub fn of(ctx: &Ctx, wide: bool, all_ns: bool) -> Columns {
        let label_cols = ctx.p.all("label-columns").iter().flat_map(|s| s.split(',').map(str::to_string).collect::<Vec<_>>()).collect();
        Columns { wide, all_ns, label_cols, show_labels: ctx.p.on("show-labels") }
    }

    pub fn header(&self, kind: Kind) -> Vec<String> {
        let (head, wide_head) = headers(kind);
        let mut h: Vec<String> = head.iter().map(|s| s.to_string()).collect();
        if self.wide {
            let wide: Vec<String> = wide_head.iter().map(|s| s.to_string()).collect();
            h = if kind == Kind::Event { super::printers_pod::event_wide(h, wide) } else { [h, wide].concat() };
        }
        if self.all_ns && kind.namespaced() {
            h.insert(0, "NAMESPACE".into());
        }
        h.extend(self.label_cols.iter().map(|l| l.rsplit('/').next().unwrap_or(l).to_uppercase()));
        if self.show_labels {
            h.push("LABELS".into());
        }
        h
    }

    /// `o`'s cells (`name` as the NAME cell), its age taken at `now`.
    pub fn row(&self, o: &Object, name: &str, now: crate::clock::SimTime) -> Vec<String> {
        let (mut cells, wide_cells) = row(o, name, now);
        if self.wide {
            cells = if o.kind() == Kind::Event { super::printers_pod::event_wide(cells, wide_cells) } else { [cells, wide_cells].concat() };
        }
        if self.all_ns && o.kind().namespaced() {
            cells.insert(0, o.namespace().to_string());
        }
        let labels = o.labels();
        cells.extend(self.label_cols.iter().map(|l| labels.get(l).cloned().unwrap_or_default()));
        if self.show_labels {
            let l: Vec<String> = labels.iter().map(|(k, v)| format!("{k}={v}")).collect();
            cells.push(if l.is_empty() { "<none>".into() } else { l.join(",") });
        }
        cells
    }
}
