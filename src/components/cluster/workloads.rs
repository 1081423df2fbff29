//! StatefulSets (one slot per ordinal: the pod, or an empty "missing" outline, and the claims
//! below it), Deployments and their ReplicaSets.

use yew::prelude::*;

use super::cards::{claim_chip, pod, pod_row};
use super::{more_line, Ctx};
use crate::view::{DeploymentView, ObjRef, OrdinalSlot, ReplicaSetView, StatefulSetView};

/// A group's header: a button selecting the object, its name and a kubectl-style summary.
pub(super) fn group_head(ctx: &Ctx, r: ObjRef, summary: Html) -> Html {
    let class = classes!("group-head", ctx.is_selected(&r).then_some("selected"));
    html! {
        <button {class} type="button" aria-pressed={ctx.is_selected(&r).to_string()}
            title={format!("{}/{}", r.kind, r.name)} onclick={ctx.click(r.clone())}>
            <span class="group-kind">{short_kind(&r.kind)}</span>
            <span class="group-name">{&r.name}</span>
            if r.namespace != "default" && !r.namespace.is_empty() {
                <span class="group-ns">{&r.namespace}</span>
            }
            <span class="group-summary">{summary}</span>
        </button>
    }
}

pub(super) fn short_kind(kind: &str) -> &'static str {
    match kind {
        "statefulset" => "sts",
        "deployment" => "deploy",
        "replicaset" => "rs",
        "job" => "job",
        "cronjob" => "cronjob",
        "persistentvolumeclaim" => "pvc",
        _ => "",
    }
}

pub fn statefulset(ctx: &Ctx, s: &StatefulSetView) -> Html {
    let r = ObjRef::new("statefulset", &s.namespace, &s.name);
    let summary = html! {
        <>
            <span class="ready-count" title="READY">{format!("{}/{}", s.ready, s.replicas)}</span>
            if !s.service.is_empty() {
                <span class="svc" title="spec.serviceName">{format!("svc/{}", s.service)}</span>
            }
        </>
    };
    html! {
        <div key={s.uid.clone()} class="group sts" data-testid="statefulset" data-name={s.name.clone()}>
            {group_head(ctx, r, summary)}
            <div class="cl-slots">{for s.slots.iter().map(|slot| ordinal_slot(ctx, s, slot))}</div>
            {more_line(s.slots.more, "ordinals")}
        </div>
    }
}

fn ordinal_slot(ctx: &Ctx, s: &StatefulSetView, slot: &OrdinalSlot) -> Html {
    let class = classes!("slot", (!slot.in_spec).then_some("out-of-spec"));
    // The pod is a keyed list of at most one: a new uid under the same ordinal is a new element.
    let body = match &slot.pod {
        Some(p) => html! { {for std::iter::once(pod(ctx, p))} },
        None => html! {
            <div class="pod missing" data-testid="pod-missing" data-name={slot.pod_name.clone()}
                title={format!("{}: not created yet", slot.pod_name)}>
                <span class="pod-top"><span class="dot" aria-hidden="true"></span>
                    <span class="pod-name">{&slot.pod_name}</span></span>
                <span class="pod-status">{"—"}</span>
            </div>
        },
    };
    html! {
        <div key={slot.ordinal.to_string()} {class} data-ordinal={slot.ordinal.to_string()}>
            <span class="ordinal" aria-hidden="true">{slot.ordinal}</span>
            {body}
            <div class="slot-claims">
                {for slot.claims.iter().map(|c| claim_chip(ctx, &s.namespace, c))}
            </div>
        </div>
    }
}

pub fn deployment(ctx: &Ctx, d: &DeploymentView) -> Html {
    let r = ObjRef::new("deployment", &d.namespace, &d.name);
    let summary = html! {
        <>
            <span class="ready-count" title="READY">{format!("{}/{}", d.ready, d.replicas)}</span>
            <span class="meta" title="UP-TO-DATE / AVAILABLE">
                {format!("{} up-to-date · {} available", d.up_to_date, d.available)}
            </span>
        </>
    };
    html! {
        <div key={d.uid.clone()} class="group deploy" data-testid="deployment" data-name={d.name.clone()}>
            {group_head(ctx, r, summary)}
            <div class="nested">{for d.replicasets.iter().map(|rs| replicaset(ctx, rs))}</div>
            {more_line(d.replicasets.more, "ReplicaSets")}
        </div>
    }
}

pub fn replicaset(ctx: &Ctx, rs: &ReplicaSetView) -> Html {
    let r = ObjRef::new("replicaset", &rs.namespace, &rs.name);
    let idle = rs.desired == 0 && rs.current == 0;
    let summary = html! {
        <>
            if !rs.revision.is_empty() { <span class="meta">{format!("rev {}", rs.revision)}</span> }
            <span class="ready-count" title="READY / DESIRED">{format!("{}/{}", rs.ready, rs.desired)}</span>
        </>
    };
    html! {
        <div key={rs.uid.clone()} class={classes!("group", "rs", idle.then_some("idle"))}
            data-testid="replicaset" data-name={rs.name.clone()}>
            {group_head(ctx, r, summary)}
            {pod_row(ctx, &rs.pods)}
        </div>
    }
}
