//! `kubectl describe`: the header every kind shares (Name, Namespace, Labels, Annotations), the
//! kind's own section where kubeplay knows kubectl's layout, and the Events table.

use super::flags::{flag, switch, FlagSpec};
use super::printers::{age, layout};
use super::resources::targets;
use super::Ctx;
use crate::api::{Kind, ObjKey, Object};
use crate::selector::Selector;
use std::collections::BTreeMap;

pub const FLAGS: &[FlagSpec] = &[flag("selector", Some('l')), switch("all-namespaces", Some('A')), switch("show-events", None)];

pub fn run(ctx: &mut Ctx) {
    let ts = match targets(&ctx.p.args) {
        Ok(t) if t.is_empty() => return ctx.fail("error: You must specify the type of resource to describe. Use \"kubectl api-resources\" for a complete list of supported resources."),
        Ok(t) => t,
        Err(e) => return ctx.fail(e),
    };
    let selector = match ctx.p.get("selector").map(Selector::parse).transpose() {
        Ok(s) => s,
        Err(e) => return ctx.fail(format!("error: {e}")),
    };
    let all_ns = ctx.p.on("all-namespaces");
    ts.iter().for_each(|t| ctx.requesting(t.kind));
    let ns_filter = if all_ns { None } else { Some(ctx.namespace.clone()) };
    let mut objs = Vec::new();
    let mut failed = false;
    for t in ts {
        match &t.name {
            Some(n) => match ctx.sim.cluster.get(&ObjKey::new(t.kind, &ctx.namespace, n)) {
                Some(o) => objs.push(o.clone()),
                // describe matches names by prefix when there is no exact match.
                None => {
                    let prefixed: Vec<Object> = ctx.sim.cluster.store.list(t.kind, Some(&ctx.namespace)).filter(|o| o.name().starts_with(n.as_str())).cloned().collect();
                    if prefixed.is_empty() {
                        failed = true;
                        ctx.fail(crate::api::errors::ApiError::not_found(t.kind, n).render(None));
                    }
                    objs.extend(prefixed);
                }
            },
            None => objs.extend(ctx.sim.cluster.store.list(t.kind, ns_filter.as_deref()).filter(|o| selector.as_ref().is_none_or(|s| s.matches(o.labels()))).cloned()),
        }
    }
    // describe.go: "if we wrote no output, and had no errors, be sure we output something".
    if objs.is_empty() && !failed {
        ctx.out.err(if all_ns { "No resources found\n".to_string() } else { format!("No resources found in {} namespace.\n", ctx.namespace) });
        return;
    }
    let texts: Vec<String> = objs.iter().map(|o| describe(ctx, o)).collect();
    // Each description ends in a newline and the next is printed after "\n\n" (describe.go's
    // `fmt.Fprintf(o.Out, "\n\n%s", s)`): two blank lines between objects.
    ctx.out.out(texts.join("\n\n\n"));
    if !texts.is_empty() {
        ctx.out.out("\n");
    }
}

/// The full describe text of one object.
pub fn describe(ctx: &Ctx, o: &Object) -> String {
    // Kinds with their own describer (describe.go's layout, through the Go tabwriter).
    let own = match o {
        Object::Pod(p) => Some(super::describe_pod::describe_pod(ctx, o, p)),
        Object::Deployment(d) => Some(super::describe_workloads::deployment(ctx, o, d)),
        Object::ReplicaSet(r) => Some(super::describe_workloads::replica_set(ctx, o, r)),
        Object::StatefulSet(s) => Some(super::describe_workloads::stateful_set(ctx, o, s)),
        Object::DaemonSet(d) => Some(super::describe_workloads::daemon_set(ctx, o, d)),
        Object::Job(j) => Some(super::describe_workloads::job(ctx, o, j)),
        Object::CronJob(c) => Some(super::describe_workloads::cron_job(ctx, o, c)),
        Object::PersistentVolumeClaim(c) => Some(super::describe_storage::pvc(ctx, o, c)),
        Object::PersistentVolume(v) => Some(super::describe_storage::pv(ctx, o, v)),
        Object::StorageClass(sc) => Some(super::describe_storage::storage_class(ctx, o, sc)),
        Object::PriorityClass(pc) => Some(super::describe_storage::priority_class(ctx, o, pc)),
        // kubectl has no Lease describer: the generic one prints it.
        Object::Lease(_) => Some(super::describe_generic::describe(ctx, o)),
        Object::Namespace(n) => Some(super::describe_storage::namespace(o, n)),
        Object::Node(n) => Some(super::describe_node::node(ctx, o, n)),
        Object::ServiceAccount(sa) => Some(super::describe_storage::service_account(ctx, o, sa)),
        Object::Service(s) => Some(super::describe_network::service(ctx, o, s)),
        Object::Endpoints(e) => Some(super::describe_network::endpoints(ctx, o, e)),
        Object::EndpointSlice(e) => Some(super::describe_network::endpoint_slice(ctx, o, e)),
        _ => None,
    };
    if let Some(text) = own {
        return text.trim_end_matches('\n').to_string();
    }
    let mut w = Writer::default();
    w.field("Name", o.name());
    if o.kind().namespaced() {
        w.field("Namespace", o.namespace());
    }
    if let Some(t) = &o.meta().creation_timestamp {
        if !matches!(o.kind(), Kind::Secret | Kind::ConfigMap) {
            w.field("CreationTimestamp", &go_time(t.0.as_second()));
        }
    }
    w.map("Labels", o.labels());
    let mut ann = o.meta().annotations.clone().unwrap_or_default();
    ann.remove("kubectl.kubernetes.io/last-applied-configuration");
    w.map("Annotations", &ann);
    body(&mut w, o);
    if o.kind() != Kind::Secret {
        w.events(ctx, o);
    }
    w.flush();
    w.0.trim_end().to_string()
}

/// Go's time.RFC1123Z as describe prints timestamps: `Wed, 01 Jan 2025 00:00:00 +0000`.
fn go_time(secs: i64) -> String {
    let c = crate::timefmt::civil(secs);
    const DAYS: [&str; 7] = ["Sun", "Mon", "Tue", "Wed", "Thu", "Fri", "Sat"];
    const MONTHS: [&str; 12] = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"];
    format!("{}, {:02} {} {} {:02}:{:02}:{:02} +0000", DAYS[c.weekday as usize], c.day, MONTHS[(c.month - 1) as usize], c.year, c.hour, c.minute, c.second)
}

/// Describe output as kubectl's tabwriter lays it out: consecutive `Key:  value` rows are aligned
/// to the longest key of their block plus two spaces.
#[derive(Default)]
struct Writer(String, Vec<(String, String)>);

impl Writer {
    fn field(&mut self, k: &str, v: &str) {
        self.1.push((format!("{k}:"), v.to_string()));
    }
    fn flush(&mut self) {
        let width = self.1.iter().map(|(k, _)| k.chars().count()).max().unwrap_or(0) + 2;
        for (k, v) in std::mem::take(&mut self.1) {
            if k.is_empty() {
                self.0.push_str(&format!("{:width$}{v}\n", ""));
            } else {
                self.0.push_str(&format!("{k:<width$}{v}\n"));
            }
        }
    }
    fn map(&mut self, k: &str, m: &BTreeMap<String, String>) {
        if m.is_empty() {
            return self.field(k, "<none>");
        }
        for (i, (mk, mv)) in m.iter().enumerate() {
            let sep = if k == "Annotations" { ": " } else { "=" };
            // printAnnotationsMultiline: a long or multi-line value goes under its key, each line
            // indented two spaces and cut at 138 characters.
            let value = mv.strip_suffix('\n').unwrap_or(mv);
            let fold = k == "Annotations" && (value.len() + mk.len() + 2 > 140 || value.contains('\n'));
            let first = if fold { format!("{mk}:") } else { format!("{mk}{sep}{mv}") };
            if i == 0 {
                self.field(k, &first);
            } else {
                self.1.push((String::new(), first));
            }
            if fold {
                for line in value.split('\n') {
                    let short = if line.len() > 138 { format!("{}...", line.chars().take(138).collect::<String>()) } else { line.to_string() };
                    self.1.push((String::new(), format!("  {short}")));
                }
            }
        }
    }
    fn line(&mut self, s: &str) {
        self.flush();
        self.0.push_str(s);
        self.0.push('\n');
    }

    fn events(&mut self, ctx: &Ctx, o: &Object) {
        let now = ctx.sim.cluster.now;
        let mut rows = vec![vec!["Type".to_string(), "Reason".into(), "Age".into(), "From".into(), "Message".into()]];
        rows.push(rows[0].iter().map(|h| "-".repeat(h.len())).collect());
        for e in ctx.sim.cluster.store.list(Kind::Event, Some(if o.namespace().is_empty() { "default" } else { o.namespace() })) {
            let Object::Event(e) = e else { continue };
            if e.involved_object.uid.as_deref() != Some(o.uid()) {
                continue;
            }
            let mut a = age(now, e.last_timestamp.as_ref());
            if e.count.unwrap_or(1) > 1 {
                a = format!("{} (x{} over {})", a, e.count.unwrap_or(1), age(now, e.first_timestamp.as_ref()));
            }
            let from = e.source.as_ref().and_then(|s| s.component.clone()).unwrap_or_default();
            rows.push(vec![e.type_.clone().unwrap_or_default(), e.reason.clone().unwrap_or_default(), a, from, e.message.clone().unwrap_or_default()]);
        }
        if rows.len() == 2 {
            self.field("Events", "<none>");
            self.flush();
            return;
        }
        self.line("Events:");
        for l in layout(&rows).lines() {
            self.line(&format!("  {}", l.trim_end()));
        }
    }
}

fn body(w: &mut Writer, o: &Object) {
    match o {
        Object::Secret(s) => {
            w.line("");
            w.line(&format!("Type:  {}", s.type_.clone().unwrap_or_else(|| "Opaque".into())));
            w.line("");
            w.line("Data");
            w.line("====");
            for (k, v) in s.data.iter().flatten() {
                w.line(&format!("{k}:  {} bytes", v.0.len()));
            }
            w.line("");
        }
        Object::ConfigMap(c) => {
            w.line("");
            w.line("Data");
            w.line("====");
            for (k, v) in c.data.iter().flatten() {
                w.line(&format!("{k}:"));
                w.line("----");
                w.line(v);
                w.line("");
            }
            w.line("");
            w.line("BinaryData");
            w.line("====");
            w.line("");
        }
        Object::StatefulSet(s) => {
            let spec = s.spec.clone().unwrap_or_default();
            let st = s.status.clone().unwrap_or_default();
            w.field("Selector", &super::printers::selector_text(&spec.selector));
            w.field("Replicas", &format!("{} desired | {} total", spec.replicas.unwrap_or(1), st.replicas));
            w.field("Update Strategy", spec.update_strategy.as_ref().and_then(|u| u.type_.as_deref()).unwrap_or("RollingUpdate"));
            if let Some(p) = spec.update_strategy.as_ref().and_then(|u| u.rolling_update.as_ref()).and_then(|r| r.partition) {
                w.line(&format!("  Partition:        {p}"));
            }
            w.field("Pods Status", &format!("{} Running / {} Waiting / {} Succeeded / {} Failed", st.ready_replicas.unwrap_or(0), 0, 0, 0));
            generic_spec(w, o);
        }
        _ => generic_spec(w, o),
    }
}

/// For kinds whose describe layout kubeplay does not reproduce yet: spec and status as YAML.
fn generic_spec(w: &mut Writer, o: &Object) {
    let v = o.to_value();
    for section in ["spec", "status"] {
        if let Some(s) = v.get(section).filter(|s| s.as_object().is_some_and(|m| !m.is_empty())) {
            let title = format!("{}{}:", section[..1].to_uppercase(), &section[1..]);
            w.line(&title);
            for l in super::output::to_yaml(s).lines() {
                w.line(&format!("  {l}"));
            }
        }
    }
}

