//! The timeline: every command, Event and explanation on a time axis from the session's start to
//! the latest moment it reached. Dragging the handle back shows the cluster as it was then.

use std::rc::Rc;

use web_sys::HtmlInputElement;
use yew::prelude::*;

use crate::time::{duration_label, UtcParts};
use crate::timeline::Item;

/// Items listed under the axis, newest first (all of them are marked on the axis).
const LISTED: usize = 80;

#[derive(Properties, PartialEq)]
pub struct TimelineProps {
    pub items: Rc<Vec<Item>>,
    pub start_ms: i64,
    pub now_ms: i64,
    pub horizon_ms: i64,
    pub on_seek: Callback<i64>,
}

#[component]
pub fn Timeline(props: &TimelineProps) -> Html {
    let span = (props.horizon_ms - props.start_ms).max(1);
    let pct = |t: i64| ((t - props.start_ms) as f64 / span as f64 * 100.0).clamp(0.0, 100.0);
    let start = props.start_ms;
    let onchange = props.on_seek.reform(move |e: Event| {
        let v = e
            .target_unchecked_into::<HtmlInputElement>()
            .value_as_number();
        start + if v.is_finite() { v as i64 } else { 0 }
    });
    let marks = props.items.iter().map(|i| {
        let style = format!("left: {:.3}%", pct(i.at_ms));
        let title = format!(
            "{} {} {}",
            UtcParts::from_ms(i.at_ms).time(),
            i.subject,
            i.text
        );
        html! { <span class={classes!("mark", i.kind.class())} {style} {title} /> }
    });
    let past = props.now_ms < props.horizon_ms;
    let to_now = {
        let horizon = props.horizon_ms;
        props.on_seek.reform(move |_: MouseEvent| horizon)
    };
    html! {
        <section class={classes!("timeline", past.then_some("in-past"))} aria-label="Timeline">
            <div class="timeline-head">
                <span class="timeline-title">{"Timeline"}</span>
                <span class="timeline-span">
                    {format!("{} of {}", duration_label(props.now_ms - start), duration_label(span))}
                </span>
                if past {
                    <span class="timeline-past" role="status">
                        {"Viewing the past: play re-enacts what came next; a new command or Apply starts a new future from here. "}
                        <button type="button" class="link" onclick={to_now} data-testid="timeline-now">
                            {"Back to the latest"}
                        </button>
                    </span>
                }
            </div>
            <div class="timeline-axis">
                <div class="timeline-marks" aria-hidden="true">{for marks}</div>
                <input type="range" class="timeline-range" data-testid="timeline"
                    aria-label="Simulated time: drag back to see the cluster as it was"
                    min="0" max={span.to_string()} step="100"
                    value={(props.now_ms - start).to_string()} {onchange} />
            </div>
            <ol class="timeline-list">
                {for props.items.iter().rev().take(LISTED).map(|i| item_view(i, &props.on_seek))}
            </ol>
        </section>
    }
}

fn item_view(item: &Item, on_seek: &Callback<i64>) -> Html {
    let at = item.at_ms;
    let onclick = on_seek.reform(move |_: MouseEvent| at);
    let t = UtcParts::from_ms(at);
    html! {
        <li class={classes!("timeline-item", item.kind.class())}>
            <button type="button" class="timeline-at" title={format!("Show the cluster at {}", t.iso())}
                {onclick}>{t.time()}</button>
            <span class="timeline-subject">{&item.subject}</span>
            <span class="timeline-text">{&item.text}</span>
        </li>
    }
}
