//! The DNS panel: every A record the cluster DNS serves, grouped by service (the service's own
//! name first, then its pods' names when it is headless). Rows are keyed by name and IP, so a new
//! record is a new row and fades in (`static/cluster.css`).

use std::rc::Rc;

use yew::prelude::*;

use crate::view::{DnsRecord, ObjRef};

#[derive(Properties, PartialEq)]
pub struct DnsPanelProps {
    pub records: Rc<Vec<DnsRecord>>,
    /// Records left out past the view's bound.
    #[prop_or_default]
    pub more: usize,
    /// When set, a service's heading is a button selecting `service/<name>`.
    #[prop_or_default]
    pub on_select: Option<Callback<ObjRef>>,
}

#[component]
pub fn DnsPanel(props: &DnsPanelProps) -> Html {
    // Consecutive records of one service form one group (the view sorts them that way).
    let mut groups: Vec<&[DnsRecord]> = Vec::new();
    let mut rest: &[DnsRecord] = &props.records;
    while let Some(first) = rest.first() {
        let n = rest
            .iter()
            .take_while(|r| r.namespace == first.namespace && r.service == first.service)
            .count();
        let (group, tail) = rest.split_at(n);
        groups.push(group);
        rest = tail;
    }
    html! {
        <section class="dns-panel" aria-label="Cluster DNS" data-testid="dns">
            <h3 class="cl-title">{"DNS"}<span class="cl-count">{props.records.len() + props.more}</span></h3>
            <table class="dns-table">
                <thead><tr><th scope="col">{"Name"}</th><th scope="col">{"Address"}</th></tr></thead>
                {for groups.into_iter().map(|g| group(g, props.on_select.as_ref()))}
            </table>
            if props.more > 0 {
                <p class="cl-more">{format!("+{} more records", props.more)}</p>
            }
        </section>
    }
}

fn group(records: &[DnsRecord], on_select: Option<&Callback<ObjRef>>) -> Html {
    let first = &records[0];
    let key = format!("{}/{}", first.namespace, first.service);
    let kind = if first.headless {
        "headless"
    } else {
        "ClusterIP"
    };
    let label = format!("svc/{}", first.service);
    let name = match on_select {
        Some(cb) => {
            let r = ObjRef::new("service", &first.namespace, &first.service);
            let onclick = cb.reform(move |_: MouseEvent| r.clone());
            html! { <button type="button" class="dns-svc-button" {onclick}>{label}</button> }
        }
        None => html! { {label} },
    };
    html! {
        <tbody key={key} class="dns-group" data-service={first.service.clone()} data-namespace={first.namespace.clone()}>
            <tr class="dns-service">
                <th colspan="2" scope="rowgroup">
                    {name}
                    if first.namespace != "default" { <span class="group-ns">{&first.namespace}</span> }
                    <span class="dns-kind">{kind}</span>
                </th>
            </tr>
            {for records.iter().map(row)}
        </tbody>
    }
}

fn row(r: &DnsRecord) -> Html {
    // `todo-db-0.` | `todo-db.default` | `.svc.cluster.local`: the part that varies stands out.
    let domain = format!(".svc.{}", kubeplay_core::dns::DOMAIN);
    let base = r.name.strip_suffix(&domain).unwrap_or(&r.name);
    let (host, service) = match &r.hostname {
        Some(h) => (
            format!("{h}."),
            base.strip_prefix(&format!("{h}.")).unwrap_or(base),
        ),
        None => (String::new(), base),
    };
    let tail = if base.len() < r.name.len() {
        domain.as_str()
    } else {
        ""
    };
    html! {
        <tr key={format!("{} {}", r.name, r.ip)} class={classes!("dns-record", r.hostname.is_some().then_some("per-pod"))}
            data-testid="dns-record" data-name={r.name.clone()} data-ip={r.ip.clone()}>
            <td class="dns-name">
                if !host.is_empty() { <span class="dns-host">{host}</span> }
                <span class="dns-svc">{service.to_string()}</span>
                <span class="dns-domain">{tail}</span>
            </td>
            <td class="dns-ip">{&r.ip}</td>
        </tr>
    }
}
