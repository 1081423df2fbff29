//! `kubectl events` (staging/src/k8s.io/kubectl/pkg/cmd/events): the namespace's Events sorted by
//! time with Go's unstable sort.Sort, printed by the events printer (`OBJECT` as `Kind/name`,
//! LAST SEEN as `(xN over …)` for repeats), `--for TYPE/NAME`, `--types`, `-A`, `--no-headers`,
//! `-o`; `--watch` prints the Events there are, then each new or repeated one, until
//! `--request-timeout` (kubeplay's watch bound otherwise).

use super::flags::{flag, multi, switch, FlagSpec};
use super::printers::{age, layout_remembering};
use super::printobj::{self, Printer};
use super::Ctx;
use crate::api::kinds::kind_from_resource;
use crate::api::{Kind, Object};
use crate::clock::SimTime;
use k8s_openapi::api::core::v1 as core;
use serde_json::{json, Value};

pub const FLAGS: &[FlagSpec] = &[
    switch("watch", Some('w')),
    switch("all-namespaces", Some('A')),
    flag("for", None),
    multi("types", None),
    switch("no-headers", None),
    flag("chunk-size", None),
    flag("output", Some('o')),
];

/// What `--for` names: the involved object's kind and name.
struct For {
    kind: &'static str,
    name: String,
}

pub fn run(ctx: &mut Ctx) {
    if let Err(e) = events(ctx) {
        ctx.fail(e);
    }
}

fn events(ctx: &mut Ctx) -> Result<(), String> {
    let target = ctx.p.get("for").map(decode_for).transpose()?;
    let printer = match ctx.p.get("output") {
        Some(o) if !o.is_empty() => Some(printobj::printer(ctx)?),
        _ => None,
    };
    let types: Vec<String> = ctx.p.all("types").iter().flat_map(|t| t.split(',').map(str::to_string).collect::<Vec<_>>()).filter(|t| !t.is_empty()).collect();
    if types.iter().any(|t| !t.eq_ignore_ascii_case("Normal") && !t.eq_ignore_ascii_case("Warning")) {
        return Err("error: valid --types are Normal or Warning".into());
    }
    let all_ns = ctx.p.on("all-namespaces");
    let keep = |e: &core::Event| {
        (types.is_empty() || types.iter().any(|t| e.type_.as_deref().is_some_and(|et| t.eq_ignore_ascii_case(et))))
            && target.as_ref().is_none_or(|f| e.involved_object.kind.as_deref() == Some(f.kind) && e.involved_object.name.as_deref() == Some(f.name.as_str()))
    };
    let ns = (!all_ns).then(|| ctx.namespace.clone());
    let mut list: Vec<core::Event> = ctx.sim.cluster.store.list(Kind::Event, ns.as_deref()).filter_map(|o| if let Object::Event(e) = o { Some(e.as_ref().clone()) } else { None }).filter(|e| keep(e)).collect();
    if ctx.p.on("watch") {
        let timeout = super::watch::request_timeout_ms(ctx)?;
        return watch(ctx, &list, timeout, printer.as_ref(), all_ns, |e: &core::Event| ns.as_deref().is_none_or(|n| e.metadata.namespace.as_deref() == Some(n)) && keep(e));
    }
    if list.is_empty() {
        ctx.out.err(if all_ns { "No events found.\n".to_string() } else { format!("No events found in {} namespace.\n", ctx.namespace) });
        return Ok(());
    }
    super::gosort::sort(&mut list, |a, b| event_time(a) < event_time(b));
    match printer {
        Some(p) => print_list(ctx, &p, &list),
        None => print_table(ctx, &list, all_ns),
    }
    Ok(())
}

/// runWatch: a watch without a resourceVersion first delivers every Event there is (in list
/// order, unsorted), then each new or repeated one; deletions (the hour's expiry) are not shown.
fn watch(ctx: &mut Ctx, existing: &[core::Event], timeout: Option<i64>, printer: Option<&Printer>, all_ns: bool, wanted: impl Fn(&core::Event) -> bool) -> Result<(), String> {
    let mut widths = Vec::new();
    let mut header = !ctx.p.on("no-headers");
    let mut show = |ctx: &mut Ctx, e: &core::Event, now: SimTime| match printer {
        Some(p) if *p == Printer::Name => ctx.out.out(format!("event/{}\n", e.metadata.name.as_deref().unwrap_or_default())),
        Some(p) => printobj::print(ctx, p, Kind::Event, &Object::Event(Box::new(e.clone())).to_value(), ""),
        None => {
            let mut rows = Vec::new();
            if std::mem::take(&mut header) {
                rows.push(headings(all_ns));
            }
            let mut cells = row(e, now);
            if all_ns {
                cells.insert(0, e.metadata.namespace.clone().unwrap_or_default());
            }
            rows.push(cells);
            ctx.out.out(layout_remembering(&rows, &mut widths));
        }
    };
    let now = ctx.sim.cluster.now;
    for e in existing {
        show(ctx, e, now);
    }
    super::watch::follow(ctx, Kind::Event, timeout, |ctx, ev| {
        if let (false, Object::Event(e)) = (ev.kind == "DELETED", &*ev.object) {
            if wanted(e) {
                show(ctx, e, ev.at);
            }
        }
        Ok(())
    })
}

fn headings(all_ns: bool) -> Vec<String> {
    let mut h: Vec<String> = ["LAST SEEN", "TYPE", "REASON", "OBJECT", "MESSAGE"].map(String::from).into();
    if all_ns {
        h.insert(0, "NAMESPACE".into());
    }
    h
}

/// decodeResourceTypeName: `TYPE/NAME` with a type the cluster serves.
fn decode_for(s: &str) -> Result<For, String> {
    let Some((resource, name)) = s.split_once('/') else {
        return Err("error: --for must be in resource/name form".into());
    };
    if name.contains('/') {
        return Err("error: arguments in resource/name form may not have more than one slash".into());
    }
    let kind = kind_from_resource(resource).ok_or_else(|| format!("error: the server doesn't have a resource type \"{resource}\""))?;
    Ok(For { kind: kind.info().name, name: name.to_string() })
}

/// eventTime: the series' last observation, else lastTimestamp, else eventTime.
fn event_time(e: &core::Event) -> i64 {
    let t = e.series.as_ref().and_then(|s| s.last_observed_time.as_ref()).map(|t| t.0).or(e.last_timestamp.as_ref().map(|t| t.0)).or(e.event_time.as_ref().map(|t| t.0));
    t.map_or(i64::MIN, |t| t.as_millisecond())
}

fn print_table(ctx: &mut Ctx, list: &[core::Event], all_ns: bool) {
    let now = ctx.sim.cluster.now;
    let mut rows = Vec::new();
    if !ctx.p.on("no-headers") {
        rows.push(headings(all_ns));
    }
    for e in list {
        let mut cells = row(e, now);
        if all_ns {
            cells.insert(0, e.metadata.namespace.clone().unwrap_or_default());
        }
        rows.push(cells);
    }
    ctx.out.out(layout_remembering(&rows, &mut Vec::new()));
}

/// printOneEvent: the interval, type, reason, `Kind/name` and the trimmed message.
fn row(e: &core::Event, now: SimTime) -> Vec<String> {
    let first = age(now, e.first_timestamp.as_ref());
    let count = e.count.unwrap_or(1);
    let seen = if count > 1 { format!("{} (x{count} over {first})", age(now, e.last_timestamp.as_ref())) } else { first };
    let obj = format!("{}/{}", e.involved_object.kind.as_deref().unwrap_or_default(), e.involved_object.name.as_deref().unwrap_or_default());
    vec![seen, e.type_.clone().unwrap_or_default(), e.reason.clone().unwrap_or_default(), obj, e.message.as_deref().unwrap_or_default().trim().to_string()]
}

/// `-o`: the EventList (or each Event's name) through PrintFlags' printer.
fn print_list(ctx: &mut Ctx, printer: &Printer, list: &[core::Event]) {
    if *printer == Printer::Name {
        for e in list {
            ctx.out.out(format!("event/{}\n", e.metadata.name.as_deref().unwrap_or_default()));
        }
        return;
    }
    let items: Vec<Value> = list.iter().map(|e| Object::Event(Box::new(e.clone())).to_value()).collect();
    let v = json!({"apiVersion": "v1", "items": items, "kind": "EventList", "metadata": {"resourceVersion": ""}});
    printobj::print(ctx, printer, Kind::Event, &v, "");
}
