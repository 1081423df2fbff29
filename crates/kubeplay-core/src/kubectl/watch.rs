//! `kubectl get --watch`: the list as it stands, then a line for every write to a matching
//! object as the watch delivers it (ADDED, MODIFIED, DELETED), each flushed through a tab writer
//! that remembers column widths (liggitt/tabwriter's RememberWidths), until `--request-timeout`
//! runs out. A script cannot press Ctrl-C, so without a timeout kubeplay stops after five minutes
//! of simulated time and says so.

use super::get::{collect, Columns};
use super::output::{self, Format};
use super::printers::layout_remembering;
use super::resources::targets;
use super::Ctx;
use crate::api::{Kind, Object};
use crate::clock::SimTime;
use crate::cluster::{WatchEvent, WatchTap};
use crate::fieldselector::FieldSelector;
use crate::selector::Selector;
use serde_json::json;

/// How long kubeplay watches when no `--request-timeout` says (simulated time).
const DEFAULT_WATCH_MS: i64 = 5 * 60_000;

pub fn run(ctx: &mut Ctx, format: &Format) {
    if let Err(e) = watch(ctx, format) {
        ctx.fail(e);
    }
}

fn watch(ctx: &mut Ctx, format: &Format) -> Result<(), String> {
    if matches!(format, Format::CustomColumns(_) | Format::CustomColumnsFile(_)) {
        return Err("kubeplay: `kubectl get --watch` with custom columns is not simulated yet".into());
    }
    let timeout = request_timeout_ms(ctx)?;
    let filter = Filter::of(ctx)?;
    ctx.requesting(filter.kind);
    let all_ns = ctx.p.on("all-namespaces");
    let (objects, errors) = collect(ctx, &[super::resources::Target { kind: filter.kind, name: filter.name.clone() }], filter.selector.as_ref(), all_ns);
    if let Some(e) = errors.first() {
        return Err(e.clone());
    }
    let wide = matches!(format, Format::Table { wide: true });
    let mut out = Out { format, columns: Columns::of(ctx, wide, all_ns), widths: Vec::new(), header_done: ctx.p.on("no-headers"), events: ctx.p.on("output-watch-events"), printed: 0 };
    if !ctx.p.on("watch-only") {
        let now = ctx.sim.cluster.now;
        let initial: Vec<(&str, &Object, SimTime)> = objects.iter().filter(|o| filter.fields_match(o)).map(|o| ("ADDED", o, now)).collect();
        out.print(ctx, &initial)?;
    }
    let ns = ctx.namespace.clone();
    follow(ctx, filter.kind, timeout, |ctx, e| {
        if (all_ns || e.object.namespace() == ns || !filter.kind.namespaced()) && filter.matches(&e.object) {
            out.print(ctx, &[(e.kind, &e.object, e.at)])?;
        }
        Ok(())
    })
}

/// Opens a watch on `kind` and advances the clock event by event for `timeout` (or kubeplay's
/// five minutes, with a note saying so), handing each write to `on_event` as it lands.
pub(super) fn follow(ctx: &mut Ctx, kind: Kind, timeout: Option<i64>, mut on_event: impl FnMut(&mut Ctx, &WatchEvent) -> Result<(), String>) -> Result<(), String> {
    let deadline = ctx.sim.cluster.now.plus_ms(timeout.unwrap_or(DEFAULT_WATCH_MS));
    ctx.sim.cluster.watch = Some(WatchTap { kind, events: Vec::new() });
    let result = follow_until(ctx, deadline, &mut on_event);
    ctx.sim.cluster.watch = None;
    result?;
    if timeout.is_none() {
        ctx.out.err("kubeplay: stopped watching after 5m of simulated time; a real kubectl watches until you press Ctrl-C (--request-timeout=DURATION says how long)\n");
    }
    Ok(())
}

fn follow_until(ctx: &mut Ctx, deadline: SimTime, on_event: &mut impl FnMut(&mut Ctx, &WatchEvent) -> Result<(), String>) -> Result<(), String> {
    loop {
        let seen = ctx.sim.cluster.watch.as_mut().map(|w| std::mem::take(&mut w.events)).unwrap_or_default();
        for e in &seen {
            on_event(ctx, e)?;
        }
        let next = ctx.sim.cluster.queue.next_time().filter(|t| *t <= deadline);
        if next.is_none() && ctx.sim.cluster.now >= deadline {
            return Ok(());
        }
        if ctx.sim.advance_to(next.unwrap_or(deadline)).is_err() {
            return Ok(());
        }
    }
}

/// What the watch selects: one kind (SingleResourceType), a name, label and field selectors.
struct Filter {
    kind: Kind,
    name: Option<String>,
    selector: Option<Selector>,
    fields: Option<FieldSelector>,
}

impl Filter {
    fn of(ctx: &Ctx) -> Result<Filter, String> {
        let ts = targets(&ctx.p.args)?;
        let Some(first) = ts.first() else {
            return Err("You must specify the type of resource to get. Use \"kubectl api-resources\" for a complete list of supported resources.\n\nerror: Required resource not specified.\nUse \"kubectl explain <resource>\" for a detailed description of that resource (e.g. kubectl explain pods).\nSee 'kubectl get -h' for help and examples".into());
        };
        if ts.iter().any(|t| t.kind != first.kind) {
            return Err("error: you may only specify a single resource type".into());
        }
        if ts.len() > 1 {
            return Err("error: watch is only supported on individual resources and resource collections - more than 1 resource was found".into());
        }
        let selector = ctx.p.get("selector").map(Selector::parse).transpose().map_err(|e| format!("error: {e}"))?;
        let fields = match ctx.p.get("field-selector") {
            None => None,
            Some(raw) => {
                let fs = FieldSelector::parse(raw).map_err(|e| format!("error: {e}"))?;
                fs.check(first.kind, raw)?;
                Some(fs)
            }
        };
        Ok(Filter { kind: first.kind, name: first.name.clone(), selector, fields })
    }

    fn fields_match(&self, o: &Object) -> bool {
        self.fields.as_ref().is_none_or(|f| f.matches(o))
    }

    fn matches(&self, o: &Object) -> bool {
        self.name.as_deref().is_none_or(|n| o.name() == n) && self.selector.as_ref().is_none_or(|s| s.matches(o.labels())) && self.fields_match(o)
    }
}

/// The printer a watch keeps for its whole run: the widths its tab writer remembers, whether
/// the header is out, how many objects it printed (YAML separates documents).
struct Out<'a> {
    format: &'a Format,
    columns: Columns,
    widths: Vec<usize>,
    header_done: bool,
    /// `--output-watch-events`: each object as the watch event that carried it.
    events: bool,
    printed: usize,
}

impl Out<'_> {
    /// Prints one flush: the initial list, or one event (type, object, when it was written).
    fn print(&mut self, ctx: &mut Ctx, items: &[(&str, &Object, SimTime)]) -> Result<(), String> {
        if items.is_empty() {
            return Ok(());
        }
        match self.format {
            Format::Table { .. } => self.table(ctx, items),
            Format::Name => {
                for (_, o, _) in items {
                    ctx.out.out(format!("{}/{}\n", o.kind().resource_singular_group(), o.name()));
                }
            }
            other => {
                for (kind, o, _) in items {
                    let v = if self.events { json!({"type": kind, "object": output::object_value(o)}) } else { output::object_value(o) };
                    self.printed += 1;
                    match other {
                        Format::Json => ctx.out.out(format!("{}\n", output::to_json_pretty(&v))),
                        Format::Yaml => {
                            if self.printed > 1 {
                                ctx.out.out("---\n");
                            }
                            ctx.out.out(output::to_yaml(&v));
                        }
                        Format::JsonPath(t) => ctx.out.out(super::jsonpath::evaluate(t, &v).map_err(|e| format!("error: error executing jsonpath {}: {e}", crate::api::errors::go_quote(t)))?),
                        Format::JsonPathAsJson(t) => ctx.out.out(super::jsonpath::evaluate_as_json(t, &v).map_err(|e| format!("error: error executing jsonpath {}: {e}", crate::api::errors::go_quote(t)))?),
                        _ => {}
                    }
                }
            }
        }
        Ok(())
    }

    fn table(&mut self, ctx: &mut Ctx, items: &[(&str, &Object, SimTime)]) {
        let mut rows = Vec::new();
        if !self.header_done {
            let mut h = self.columns.header(items[0].1.kind());
            if self.events {
                h.insert(0, "EVENT".into());
            }
            rows.push(h);
            self.header_done = true;
        }
        for (kind, o, at) in items {
            let mut cells = self.columns.row(o, o.name(), *at);
            if self.events {
                cells.insert(0, (*kind).to_string());
            }
            rows.push(cells);
        }
        ctx.out.out(layout_remembering(&rows, &mut self.widths));
    }
}

/// `--request-timeout` (clientcmd's getTimeout): whole seconds, or a Go duration; 0 is none.
pub(super) fn request_timeout_ms(ctx: &Ctx) -> Result<Option<i64>, String> {
    let Some(v) = ctx.p.get("request-timeout") else { return Ok(None) };
    let invalid = || "error: Invalid timeout value. Timeout must be a single integer in seconds, or an integer followed by a corresponding time unit (e.g. 1s | 2m | 3h)".to_string();
    let ms = match v.parse::<i64>() {
        Ok(s) if s >= 0 => s.saturating_mul(1000),
        Ok(_) => return Err(invalid()),
        Err(_) => match kubeplay_cron::go_parse_duration(v) {
            Ok(ns) if ns >= 0 => ns / 1_000_000,
            _ => return Err(invalid()),
        },
    };
    Ok((ms > 0).then_some(ms))
}
