//! The small cards every section shares: a pod (phase colour, ready dot, restarts badge, init
//! pips), a claim chip, a node, and a row of pods keyed by uid.

use yew::prelude::*;

use super::{more_line, Ctx};
use crate::view::{Capped, ClaimChip, NodeView, ObjRef, PodView};

/// A row of pod cards, keyed by uid so Yew keeps each pod's element while it lives.
pub fn pod_row(ctx: &Ctx, pods: &Capped<PodView>) -> Html {
    html! {
        <>
            <div class="cl-pods">{for pods.iter().map(|p| pod(ctx, p))}</div>
            {more_line(pods.more, "pods")}
        </>
    }
}

/// One pod card. `data-phase` is `status.phase`; `data-status` the kubectl STATUS column.
pub fn pod(ctx: &Ctx, p: &PodView) -> Html {
    let r = ObjRef::new("pod", &p.namespace, &p.name);
    let class = classes!(
        "pod",
        format!("phase-{}", p.phase.to_ascii_lowercase()),
        p.is_ready.then_some("ready"),
        p.terminating.then_some("terminating"),
        troubled(p).then_some("troubled"),
        ctx.is_selected(&r).then_some("selected"),
    );
    let title = format!(
        "pod/{}\n{} · {} ready · {} restarts\n{}{}",
        p.name,
        p.status,
        p.ready,
        p.restarts,
        if p.node.is_empty() {
            "not scheduled".to_string()
        } else {
            format!("on {}", p.node)
        },
        if p.ip.is_empty() {
            String::new()
        } else {
            format!(" · {}", p.ip)
        },
    );
    html! {
        <button key={p.uid.clone()} {class} type="button" data-testid="pod" data-name={p.name.clone()}
            data-namespace={p.namespace.clone()} data-phase={p.phase.clone()} data-status={p.status.clone()}
            data-uid={p.uid.clone()} aria-pressed={ctx.is_selected(&r).to_string()} {title}
            onclick={ctx.click(r)}>
            <span class="pod-top">
                <span class="dot" aria-hidden="true"></span>
                <span class="pod-name">{short_name(&p.name)}</span>
            </span>
            <span class="pod-status">{&p.status}</span>
            <span class="pod-foot">
                <span class="pod-ready">{&p.ready}</span>
                {init_pips(p)}
                if p.restarts > 0 {
                    <span class="restarts" title={format!("{} restarts", p.restarts)}>{format!("↻{}", p.restarts)}</span>
                }
            </span>
        </button>
    }
}

/// Long generated names keep their distinctive end (`…95fdd4c5-6x2kq`); the card's tooltip and
/// `data-name` have the whole name.
pub fn short_name(name: &str) -> String {
    const MAX: usize = 17;
    let n = name.chars().count();
    if n <= MAX {
        return name.to_string();
    }
    let tail: String = name.chars().skip(n - (MAX - 1)).collect();
    format!("…{tail}")
}

/// Init containers as pips, filled when done; nothing for pods without init containers.
fn init_pips(p: &PodView) -> Html {
    if p.init_total == 0 {
        return Html::default();
    }
    let label = format!("init {}/{}", p.init_done, p.init_total);
    html! {
        <span class="pips" title={label.clone()} aria-label={label}>
            {for (0..p.init_total.min(8)).map(|i| html! {
                <span class={classes!("pip", (i < p.init_done).then_some("done"))}></span>
            })}
        </span>
    }
}

/// Whether the STATUS column says something went wrong (kubectl shows a reason, not a phase).
pub fn troubled(p: &PodView) -> bool {
    let s = p.status.strip_prefix("Init:").unwrap_or(&p.status);
    p.phase == "Failed"
        || [
            "Error",
            "BackOff",
            "ErrImage",
            "Invalid",
            "OOMKilled",
            "ExitCode",
            "Signal",
            "Unknown",
            "Evicted",
            "ContainerStatusUnknown",
        ]
        .iter()
        .any(|w| s.contains(w))
}

/// A claim named by a StatefulSet's volumeClaimTemplate, under its pod.
pub fn claim_chip(ctx: &Ctx, namespace: &str, c: &ClaimChip) -> Html {
    let r = ObjRef::new("persistentvolumeclaim", namespace, &c.name);
    let phase = c.phase.clone().unwrap_or_else(|| "Missing".into());
    let class = classes!(
        "claim-chip",
        format!("phase-{}", phase.to_ascii_lowercase()),
        ctx.is_selected(&r).then_some("selected"),
    );
    html! {
        <button key={c.name.clone()} {class} type="button" data-testid="pvc-chip" data-name={c.name.clone()}
            data-phase={phase.clone()} title={format!("persistentvolumeclaim/{} · {phase}", c.name)}
            onclick={ctx.click(r)}>
            <span class="chip-icon" aria-hidden="true">{"⛁"}</span>
            <span class="chip-name">{&c.name}</span>
        </button>
    }
}

pub fn node(ctx: &Ctx, n: &NodeView) -> Html {
    let r = ObjRef::new("node", "", &n.name);
    let class = classes!(
        "node",
        if n.ready { "ready" } else { "not-ready" },
        ctx.is_selected(&r).then_some("selected"),
    );
    html! {
        <button key={n.name.clone()} {class} type="button" data-testid="node" data-name={n.name.clone()}
            data-status={n.status.clone()} title={format!("node/{} · {} · {}", n.name, n.status, n.internal_ip)}
            onclick={ctx.click(r)}>
            <span class="dot" aria-hidden="true"></span>
            <span class="node-name">{&n.name}</span>
            <span class="node-meta">
                <span class="node-status">{&n.status}</span>
                if n.roles != "<none>" { <span class="node-role">{&n.roles}</span> }
                <span class="node-pods" title="pods not finished">{plural(n.pods, "pod")}</span>
            </span>
        </button>
    }
}

pub fn plural(n: usize, what: &str) -> String {
    if n == 1 {
        format!("1 {what}")
    } else {
        format!("{n} {what}s")
    }
}
