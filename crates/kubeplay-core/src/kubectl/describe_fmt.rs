//! The machinery under kubectl's describers (staging/src/k8s.io/kubectl/pkg/describe/describe.go):
//! PrefixWriter levels over Go's text/tabwriter (minwidth 0, padding 2, spaces), and the shared
//! printers for labels, annotations, tolerations, selectors, timestamps and the Events table.

use super::humanize::human_duration;
use super::Ctx;
use crate::api::{Kind, Object};
use crate::clock::SimTime;
use k8s_openapi::apimachinery::pkg::apis::meta::v1::{LabelSelector, Time};
use std::collections::BTreeMap;

/// A PrefixWriter over a tabwriter: `w(level, text)` writes `text` after `2*level` spaces; cells are
/// `\t`-terminated; `flush` aligns what was written so far (as `w.Flush()` does before Events).
#[derive(Default)]
pub struct Tab {
    out: String,
    buf: String,
}

impl Tab {
    pub fn w(&mut self, level: usize, text: &str) {
        self.buf.push_str(&"  ".repeat(level));
        self.buf.push_str(text);
    }
    pub fn flush(&mut self) {
        let text = std::mem::take(&mut self.buf);
        self.out.push_str(&tabwriter(&text));
    }
    pub fn finish(mut self) -> String {
        self.flush();
        self.out
    }
    /// What was written, unaligned: a bare PrefixWriter over a buffer (rollout history's
    /// printTemplate writes the tabs as they are).
    pub fn raw(self) -> String {
        self.out + &self.buf
    }
}

/// Go's text/tabwriter with minwidth 0, padding 2, padchar ' ' and no flags: a column block is a run
/// of consecutive lines that have a tab-terminated cell in that column; each cell is padded to the
/// block's widest cell plus two; the last cell of a line is never padded.
pub fn tabwriter(text: &str) -> String {
    let ends_nl = text.ends_with('\n');
    let body = if ends_nl { &text[..text.len() - 1] } else { text };
    if text.is_empty() {
        return String::new();
    }
    let lines: Vec<Vec<&str>> = body.split('\n').map(|l| l.split('\t').collect()).collect();
    let mut out = String::new();
    let mut widths = Vec::new();
    format(&lines, 0, lines.len(), &mut widths, &mut out);
    if !ends_nl {
        out.pop();
    }
    out
}

fn format(lines: &[Vec<&str>], mut line0: usize, line1: usize, widths: &mut Vec<usize>, out: &mut String) {
    let column = widths.len();
    let mut this = line0;
    while this < line1 {
        if column + 1 >= lines[this].len() {
            this += 1;
            continue;
        }
        write_lines(lines, line0, this, widths, out);
        line0 = this;
        let mut width = 0;
        while this < line1 && column + 1 < lines[this].len() {
            width = width.max(lines[this][column].chars().count() + 2);
            this += 1;
        }
        widths.push(width);
        format(lines, line0, this, widths, out);
        widths.pop();
        line0 = this;
    }
    write_lines(lines, line0, line1, widths, out);
}

fn write_lines(lines: &[Vec<&str>], from: usize, to: usize, widths: &[usize], out: &mut String) {
    for line in &lines[from..to] {
        for (j, cell) in line.iter().enumerate() {
            out.push_str(cell);
            if j < widths.len() {
                out.push_str(&" ".repeat(widths[j].saturating_sub(cell.chars().count())));
            }
        }
        out.push('\n');
    }
}

/// time.RFC1123Z as describe prints timestamps: `Wed, 01 Jan 2025 00:00:00 +0000`.
pub fn rfc1123z(t: &Time) -> String {
    let c = crate::timefmt::civil(t.0.as_second());
    const DAYS: [&str; 7] = ["Sun", "Mon", "Tue", "Wed", "Thu", "Fri", "Sat"];
    const MONTHS: [&str; 12] = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"];
    format!("{}, {:02} {} {} {:02}:{:02}:{:02} +0000", DAYS[c.weekday as usize % 7], c.day, MONTHS[(c.month as usize + 11) % 12], c.year, c.hour, c.minute, c.second)
}

/// translateTimestampSince: HumanDuration of now - t, `<unknown>` without a timestamp.
pub fn since(now: SimTime, t: Option<&Time>) -> String {
    match t {
        Some(t) => human_duration(now.ms() - t.0.as_millisecond()),
        None => "<unknown>".into(),
    }
}

/// printLabelsMultilineWithIndent with the default indents (`printLabelsMultiline`).
pub fn labels(w: &mut Tab, title: &str, labels: Option<&BTreeMap<String, String>>) {
    labels_indent(w, "", title, labels)
}

/// printLabelsMultilineWithIndent(w, indent, title, "\t", ...).
pub fn labels_indent(w: &mut Tab, indent: &str, title: &str, labels: Option<&BTreeMap<String, String>>) {
    w.w(0, &format!("{indent}{title}:\t"));
    let Some(m) = labels.filter(|m| !m.is_empty()) else {
        return w.w(0, "<none>\n");
    };
    for (i, (k, v)) in m.iter().enumerate() {
        if i != 0 {
            w.w(0, &format!("{indent}\t"));
        }
        w.w(0, &format!("{k}={v}\n"));
    }
}

/// printAnnotationsMultiline: last-applied-configuration skipped, long or multi-line values
/// folded under the key and shortened to 138 characters.
pub fn annotations(w: &mut Tab, title: &str, annotations: Option<&BTreeMap<String, String>>) {
    const MAX: usize = 140;
    w.w(0, &format!("{title}:\t"));
    let keys: Vec<(&String, &String)> = annotations.into_iter().flatten().filter(|(k, _)| k.as_str() != "kubectl.kubernetes.io/last-applied-configuration").collect();
    if keys.is_empty() {
        return w.w(0, "<none>\n");
    }
    for (i, (k, v)) in keys.into_iter().enumerate() {
        if i != 0 {
            w.w(0, "\t");
        }
        let value = v.strip_suffix('\n').unwrap_or(v);
        if value.len() + k.len() + 2 > MAX || value.contains('\n') {
            w.w(0, &format!("{k}:\n"));
            for s in value.split('\n') {
                let short = if s.len() > MAX - 2 { format!("{}...", s.chars().take(MAX - 2).collect::<String>()) } else { s.to_string() };
                w.w(0, &format!("\t  {short}\n"));
            }
        } else {
            w.w(0, &format!("{k}: {value}\n"));
        }
    }
}

/// printTolerationsMultilineWithIndent (also used for node taints' layout).
pub fn tolerations(w: &mut Tab, title: &str, ts: &[k8s_openapi::api::core::v1::Toleration]) {
    w.w(0, &format!("{title}:\t"));
    if ts.is_empty() {
        return w.w(0, "<none>\n");
    }
    let mut ts = ts.to_vec();
    ts.sort_by(|a, b| a.key.cmp(&b.key));
    for (i, t) in ts.iter().enumerate() {
        if i != 0 {
            w.w(0, "\t");
        }
        let mut s = t.key.clone().unwrap_or_default();
        let value = t.value.clone().unwrap_or_default();
        if !value.is_empty() {
            s.push_str(&format!("={value}"));
        }
        if let Some(e) = t.effect.as_deref().filter(|e| !e.is_empty()) {
            s.push_str(&format!(":{e}"));
        }
        if t.operator.as_deref() == Some("Exists") && value.is_empty() {
            let key_or_effect = t.key.as_deref().is_some_and(|k| !k.is_empty()) || t.effect.as_deref().is_some_and(|e| !e.is_empty());
            s.push_str(if key_or_effect { " op=Exists" } else { "op=Exists" });
        }
        if let Some(secs) = t.toleration_seconds {
            s.push_str(&format!(" for {secs}s"));
        }
        w.w(0, &format!("{s}\n"));
    }
}

/// metav1.FormatLabelSelector / LabelSelectorAsSelector(..).String(): requirements sorted by key.
pub fn selector(sel: Option<&LabelSelector>) -> String {
    let Some(sel) = sel else { return "<none>".into() };
    let mut reqs: Vec<(String, String)> = sel.match_labels.iter().flatten().map(|(k, v)| (k.clone(), format!("{k}={v}"))).collect();
    for e in sel.match_expressions.iter().flatten() {
        let mut vals = e.values.clone().unwrap_or_default();
        vals.sort();
        let vals = vals.join(",");
        let r = match e.operator.as_str() {
            "In" => format!("{} in ({vals})", e.key),
            "NotIn" => format!("{} notin ({vals})", e.key),
            "Exists" => e.key.clone(),
            _ => format!("!{}", e.key),
        };
        reqs.push((e.key.clone(), r));
    }
    reqs.sort_by(|a, b| a.0.cmp(&b.0));
    if reqs.is_empty() { "<none>".into() } else { reqs.into_iter().map(|r| r.1).collect::<Vec<_>>().join(",") }
}

/// printController: `Kind/name` of the controller ownerReference.
pub fn controlled_by(o: &Object) -> Option<String> {
    o.meta().owner_references.iter().flatten().find(|r| r.controller == Some(true)).map(|r| format!("{}/{}", r.kind, r.name))
}

/// DescribeEvents for the events whose involvedObject is `o` (searchEvents by uid).
pub fn events(w: &mut Tab, ctx: &Ctx, o: &Object) {
    let ns = if o.namespace().is_empty() { "default" } else { o.namespace() };
    let evs: Vec<&k8s_openapi::api::core::v1::Event> = ctx
        .sim
        .cluster
        .store
        .list(Kind::Event, Some(ns))
        .filter_map(|e| if let Object::Event(e) = e { Some(e.as_ref()) } else { None })
        .filter(|e| e.involved_object.uid.as_deref() == Some(o.uid()))
        .collect();
    event_table(w, ctx.sim.cluster.now, evs);
}

/// DescribeEvents: `Events:  <none>`, or a flushed table sorted by last timestamp.
pub fn event_table(w: &mut Tab, now: SimTime, mut evs: Vec<&k8s_openapi::api::core::v1::Event>) {
    if evs.is_empty() {
        return w.w(0, "Events:\t<none>\n");
    }
    w.flush();
    evs.sort_by_key(|e| e.last_timestamp.as_ref().map_or(0, |t| t.0.as_millisecond()));
    w.w(0, "Events:\n  Type\tReason\tAge\tFrom\tMessage\n");
    w.w(1, "----\t------\t----\t----\t-------\n");
    for e in evs {
        let first = since(now, e.first_timestamp.as_ref());
        let count = e.count.unwrap_or(1);
        let interval = if count > 1 { format!("{} (x{count} over {first})", since(now, e.last_timestamp.as_ref())) } else { first };
        let source = e.source.as_ref().and_then(|s| s.component.clone()).filter(|c| !c.is_empty()).or_else(|| e.reporting_component.clone()).unwrap_or_default();
        w.w(1, &format!("{}\t{}\t{}\t{}\t{}\n", e.type_.clone().unwrap_or_default(), e.reason.clone().unwrap_or_default(), interval, source, e.message.clone().unwrap_or_default().trim()));
    }
}

/// The header most describers start with.
pub fn name_namespace(w: &mut Tab, o: &Object) {
    w.w(0, &format!("Name:\t{}\n", o.name()));
    if o.kind().namespaced() {
        w.w(0, &format!("Namespace:\t{}\n", o.namespace()));
    }
}

/// `<none>` for an empty string (stringOrNone).
pub fn or_none(s: &str) -> String {
    if s.is_empty() { "<none>".into() } else { s.to_string() }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn tabwriter_aligns_blocks_like_go() {
        let t = "Name:\tweb\nNamespace:\tdefault\nContainers:\n  c:\n    Image:\tnginx\n    Port:\t<none>\n";
        assert_eq!(tabwriter(t), "Name:       web\nNamespace:  default\nContainers:\n  c:\n    Image:  nginx\n    Port:   <none>\n");
        // A second column aligns only among lines that have it.
        let t = "A:\tx\tOptional: false\nBB:\tyy\tOptional: true\nC:\tz\n";
        assert_eq!(tabwriter(t), "A:   x   Optional: false\nBB:  yy  Optional: true\nC:   z\n");
    }
}
