//! The seed tour: a picker for the built-in scenarios and the guided steps of the active one,
//! each ticked off when its check passes against the live cluster.

use std::rc::Rc;

use web_sys::HtmlSelectElement;
use yew::prelude::*;

use crate::timeline::Item;
use crate::tour::TOURS;
use crate::view::ClusterView;

#[derive(Properties, PartialEq)]
pub struct TourPickerProps {
    pub active: Option<usize>,
    pub on_pick: Callback<Option<usize>>,
}

/// A `<select>` of the built-in scenarios; picking one starts it on a fresh cluster.
#[component]
pub fn TourPicker(props: &TourPickerProps) -> Html {
    let onchange = props.on_pick.reform(|e: Event| {
        let v = e.target_unchecked_into::<HtmlSelectElement>().value();
        v.parse::<usize>().ok()
    });
    let selected = props.active.map(|i| i.to_string()).unwrap_or_default();
    html! {
        <label class="tour-picker">
            <span class="visually-hidden">{"Scenario"}</span>
            <select data-testid="scenario-picker" {onchange} title="Start a guided scenario on a fresh cluster">
                <option value="" selected={selected.is_empty()}>{"Scenarios…"}</option>
                {for TOURS.iter().enumerate().map(|(i, t)| html! {
                    <option value={i.to_string()} selected={selected == i.to_string()}>{t.title}</option>
                })}
            </select>
        </label>
    }
}

#[derive(Properties, PartialEq)]
pub struct TourPanelProps {
    pub tour: usize,
    pub view: Rc<ClusterView>,
    pub timeline: Rc<Vec<Item>>,
    pub on_run: Callback<String>,
    pub on_close: Callback<()>,
}

#[component]
pub fn TourPanel(props: &TourPanelProps) -> Html {
    let Some(tour) = TOURS.get(props.tour) else {
        return html! {};
    };
    let done = tour.progress(&props.view, &props.timeline);
    let current = done.iter().position(|d| !d);
    let steps = tour.steps.iter().enumerate().map(|(i, step)| {
        let state = if done[i] {
            "done"
        } else if Some(i) == current {
            "current"
        } else {
            "todo"
        };
        let run = step.command.map(|c| {
            let onclick = props.on_run.reform(move |_: MouseEvent| c.to_owned());
            html! {
                <div class="tour-command">
                    <code>{c}</code>
                    <button type="button" class="run" title="Run this in the console" {onclick}>{"Run"}</button>
                </div>
            }
        });
        html! {
            <li class={classes!("tour-step", state)} data-testid="tour-step" data-done={done[i].to_string()}>
                <span class="tour-tick" aria-hidden="true">{if done[i] { "✓" } else { "" }}</span>
                <div class="tour-step-body">
                    <h3>{step.title}</h3>
                    <p>{step.text}</p>
                    {for run}
                </div>
            </li>
        }
    });
    let finished = current.is_none();
    html! {
        <section class="tour panel" aria-label="Guided scenario" data-testid="tour">
            <header class="panel-head">
                <h2>{tour.title}</h2>
                <button type="button" class="icon-button" title="Leave the guide" aria-label="Close"
                    onclick={props.on_close.reform(|_: MouseEvent| ())}>{"×"}</button>
            </header>
            <p class="tour-summary">{tour.summary}</p>
            <ol class="tour-steps">{for steps}</ol>
            if finished {
                <p class="tour-finished" role="status">{"All steps done. Share the link, or try another scenario."}</p>
            }
        </section>
    }
}
