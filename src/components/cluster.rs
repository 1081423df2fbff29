//! The animated cluster panel: nodes, StatefulSets (pods by ordinal with their claims),
//! Deployments → ReplicaSets, Jobs, CronJobs, standalone pods and claims with their files, drawn
//! from a [`ClusterView`] snapshot. Pods are keyed by uid, so a pod replaced under the same name
//! is a new element (and plays the "appear" animation); styles are in `static/cluster.css`.

mod batch;
mod cards;
mod storage;
mod workloads;

use std::rc::Rc;

use yew::prelude::*;

use crate::view::{ClusterView, ObjRef};

#[derive(Properties, PartialEq)]
pub struct ClusterPanelProps {
    pub view: Rc<ClusterView>,
    #[prop_or_default]
    pub selected: Option<ObjRef>,
    pub on_select: Callback<ObjRef>,
}

/// What every card needs to know: which object is selected, and whom to tell about a click.
pub(crate) struct Ctx<'a> {
    pub selected: Option<&'a ObjRef>,
    pub on_select: &'a Callback<ObjRef>,
    pub now_ms: i64,
}

impl Ctx<'_> {
    pub fn is_selected(&self, r: &ObjRef) -> bool {
        self.selected == Some(r)
    }

    pub fn click(&self, r: ObjRef) -> Callback<MouseEvent> {
        self.on_select.reform(move |_: MouseEvent| r.clone())
    }
}

/// The whole panel; a section appears only when it has something to show.
#[component]
pub fn ClusterPanel(props: &ClusterPanelProps) -> Html {
    let v = &*props.view;
    let ctx = Ctx {
        selected: props.selected.as_ref(),
        on_select: &props.on_select,
        now_ms: v.now_ms,
    };
    let workloads_empty = v.statefulsets.is_empty()
        && v.deployments.is_empty()
        && v.replicasets.is_empty()
        && v.jobs.is_empty()
        && v.cronjobs.is_empty()
        && v.pods.is_empty()
        && v.pvcs.is_empty();
    html! {
        <section class="cluster-panel" aria-label="Cluster" data-testid="cluster">
            if !v.nodes.is_empty() {
                {section("Nodes", "nodes", v.nodes.len(), 0, html! {
                    <div class="cl-row">{for v.nodes.iter().map(|n| cards::node(&ctx, n))}</div>
                })}
            }
            if !v.statefulsets.is_empty() {
                {section("StatefulSets", "statefulsets", v.statefulsets.items.len(), v.statefulsets.more,
                    v.statefulsets.iter().map(|s| workloads::statefulset(&ctx, s)).collect::<Html>())}
            }
            if !v.deployments.is_empty() || !v.replicasets.is_empty() {
                {section("Deployments", "deployments", v.deployments.items.len(), v.deployments.more, html! {
                    <>
                        {for v.deployments.iter().map(|d| workloads::deployment(&ctx, d))}
                        {for v.replicasets.iter().map(|r| workloads::replicaset(&ctx, r))}
                        {more_line(v.replicasets.more, "ReplicaSets")}
                    </>
                })}
            }
            if !v.jobs.is_empty() {
                {section("Jobs", "jobs", v.jobs.items.len(), v.jobs.more,
                    v.jobs.iter().map(|j| batch::job(&ctx, j)).collect::<Html>())}
            }
            if !v.cronjobs.is_empty() {
                {section("CronJobs", "cronjobs", v.cronjobs.items.len(), v.cronjobs.more,
                    v.cronjobs.iter().map(|c| batch::cronjob(&ctx, c)).collect::<Html>())}
            }
            if !v.pods.is_empty() {
                {section("Pods", "pods", v.pods.items.len(), v.pods.more, cards::pod_row(&ctx, &v.pods))}
            }
            if !v.pvcs.is_empty() {
                {section("PersistentVolumeClaims", "pvcs", v.pvcs.items.len(), v.pvcs.more,
                    html! { <div class="cl-claims">{for v.pvcs.iter().map(|c| storage::claim(&ctx, c))}</div> })}
            }
            if workloads_empty {
                <p class="cl-empty">{"No workloads yet. Apply a manifest and watch it come up here."}</p>
            }
        </section>
    }
}

fn section(title: &str, id: &str, count: usize, more: usize, body: Html) -> Html {
    html! {
        <section class={classes!("cl-section", format!("cl-section-{id}"))} aria-label={title.to_string()}>
            <h3 class="cl-title">{title}<span class="cl-count">{count + more}</span></h3>
            {body}
            {more_line(more, title)}
        </section>
    }
}

/// "+N more" after a capped list.
pub(crate) fn more_line(more: usize, what: &str) -> Html {
    if more == 0 {
        return Html::default();
    }
    html! { <p class="cl-more">{format!("+{more} more {what}")}</p> }
}
