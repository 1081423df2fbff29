//! The YAML editor: tabs, a line-number gutter, error markers on the lines they belong to
//! (syntax errors as you type, the apiserver's errors after Apply) and the Apply button.

use std::rc::Rc;

use wasm_bindgen::JsCast;
use web_sys::{Element, HtmlElement, HtmlTextAreaElement};
use yew::prelude::*;

use crate::diagnostics::{self, Diagnostic};
use crate::docs::{ApplyResult, Doc};

#[derive(Properties, PartialEq)]
pub struct EditorProps {
    pub docs: Rc<Vec<Doc>>,
    pub active: usize,
    pub result: Option<Rc<ApplyResult>>,
    pub on_edit: Callback<String>,
    pub on_apply: Callback<()>,
    pub on_select: Callback<usize>,
    pub on_new: Callback<()>,
    pub on_close: Callback<usize>,
}

#[component]
pub fn Editor(props: &EditorProps) -> Html {
    let text = props
        .docs
        .get(props.active)
        .map(|d| d.text.clone())
        .unwrap_or_default();
    let syntax = use_memo(text.clone(), |t| diagnostics::syntax(t));
    // The apiserver's markers belong to the text that was applied; once edited they may be stale,
    // but they stay until the next Apply, as an IDE's last build errors do.
    let applied: Vec<Diagnostic> = props
        .result
        .as_ref()
        .filter(|r| r.doc == props.active)
        .map(|r| r.diagnostics.clone())
        .unwrap_or_default();
    let marks: Vec<Diagnostic> = syntax.iter().cloned().chain(applied).collect();

    let area = use_node_ref();
    let gutter = use_node_ref();
    let onscroll = {
        let (area, gutter) = (area.clone(), gutter.clone());
        Callback::from(move |_: Event| sync_scroll(&area, &gutter))
    };
    let oninput = props
        .on_edit
        .reform(|e: InputEvent| e.target_unchecked_into::<HtmlTextAreaElement>().value());
    let onkeydown = {
        let on_apply = props.on_apply.clone();
        Callback::from(move |e: KeyboardEvent| {
            if e.key() == "Enter" && (e.ctrl_key() || e.meta_key()) {
                e.prevent_default();
                on_apply.emit(());
            } else if e.key() == "Tab" && !e.shift_key() && !e.ctrl_key() && !e.meta_key() {
                e.prevent_default(); // YAML wants spaces, and Tab should not leave the editor
                insert_spaces(&e);
            }
        })
    };
    let go_to = {
        let (area, gutter) = (area.clone(), gutter.clone());
        Callback::from(move |line: usize| select_line(&area, &gutter, line))
    };
    let lines = text.lines().count().max(1) + usize::from(text.ends_with('\n'));

    html! {
        <section class="editor panel" aria-label="YAML editor">
            <Tabs docs={props.docs.clone()} active={props.active}
                on_select={props.on_select.clone()} on_new={props.on_new.clone()}
                on_close={props.on_close.clone()} />
            <div class="editor-body">
                <div class="editor-gutter" ref={gutter} aria-hidden="true">
                    {for (1..=lines).map(|n| gutter_line(n, &marks))}
                </div>
                <textarea ref={area} class="editor-text" data-testid="editor" value={text}
                    spellcheck="false" autocomplete="off" autocapitalize="off" wrap="off"
                    aria-label="YAML to apply" placeholder="Paste the YAML you would kubectl apply"
                    {oninput} {onkeydown} {onscroll} />
            </div>
            <div class="editor-actions">
                <button type="button" class="apply primary" data-testid="apply"
                    title="kubectl apply -f - (Ctrl+Enter)"
                    onclick={props.on_apply.reform(|_: MouseEvent| ())}>
                    {"Apply"}
                </button>
                <span class="editor-hint"><kbd>{"Ctrl"}</kbd>{"+"}<kbd>{"Enter"}</kbd>{" runs "}
                    <code>{"kubectl apply -f -"}</code></span>
            </div>
            <Problems marks={marks.clone()} {go_to} />
            if let Some(r) = props.result.as_ref().filter(|r| r.doc == props.active) {
                <ApplyOutput result={r.clone()} />
            }
        </section>
    }
}

fn gutter_line(n: usize, marks: &[Diagnostic]) -> Html {
    let bad = marks.iter().find(|d| d.line == n);
    let class = classes!("gutter-line", bad.map(|_| "error"));
    let title = bad.map(|d| d.message.clone());
    html! { <div {class} {title}>{n}</div> }
}

#[derive(Properties, PartialEq)]
struct TabsProps {
    docs: Rc<Vec<Doc>>,
    active: usize,
    on_select: Callback<usize>,
    on_new: Callback<()>,
    on_close: Callback<usize>,
}

#[component]
fn Tabs(props: &TabsProps) -> Html {
    let closable = props.docs.len() > 1;
    let tabs = props.docs.iter().enumerate().map(|(i, doc)| {
        let selected = i == props.active;
        let onclick = props.on_select.reform(move |_: MouseEvent| i);
        let close = props.on_close.reform(move |e: MouseEvent| {
            e.stop_propagation();
            i
        });
        html! {
            <div role="tab" class={classes!("tab", selected.then_some("selected"))}
                aria-selected={selected.to_string()} data-testid="editor-tab" {onclick}>
                <span class="tab-name">{&doc.name}</span>
                if closable {
                    <button type="button" class="tab-close" title={format!("Close {}", doc.name)}
                        aria-label={format!("Close {}", doc.name)} onclick={close}>{"×"}</button>
                }
            </div>
        }
    });
    html! {
        <div class="tabs" role="tablist">
            {for tabs}
            <button type="button" class="tab-new" title="New document" aria-label="New document"
                data-testid="editor-new" onclick={props.on_new.reform(|_: MouseEvent| ())}>{"+"}</button>
        </div>
    }
}

#[derive(Properties, PartialEq)]
struct ProblemsProps {
    marks: Vec<Diagnostic>,
    go_to: Callback<usize>,
}

/// The markers as a list: line number and message; clicking selects the line.
#[component]
fn Problems(props: &ProblemsProps) -> Html {
    if props.marks.is_empty() {
        return html! {};
    }
    let items = props.marks.iter().map(|d| {
        let line = d.line;
        let onclick = props.go_to.reform(move |_: MouseEvent| line);
        html! {
            <li class="problem" data-testid="problem" data-line={line.to_string()}>
                <button type="button" class="problem-line" {onclick}>{format!("line {line}")}</button>
                <span class="problem-text">{&d.message}</span>
            </li>
        }
    });
    html! { <ul class="problems" aria-label="Problems">{for items}</ul> }
}

#[derive(Properties, PartialEq)]
struct ApplyOutputProps {
    result: Rc<ApplyResult>,
}

#[component]
fn ApplyOutput(props: &ApplyOutputProps) -> Html {
    let lines = props.result.lines.iter().map(|(err, l)| {
        html! { <div class={classes!("apply-line", err.then_some("stderr"))}>{l}</div> }
    });
    html! { <div class="apply-output" data-testid="apply-output" role="status">{for lines}</div> }
}

/// Keeps the gutter aligned with the text as it scrolls.
fn sync_scroll(area: &NodeRef, gutter: &NodeRef) {
    if let (Some(a), Some(g)) = (area.cast::<Element>(), gutter.cast::<Element>()) {
        g.set_scroll_top(a.scroll_top());
    }
}

/// Tab inserts two spaces at the caret (YAML forbids tab indentation).
fn insert_spaces(e: &KeyboardEvent) {
    let Some(ta) = e.target_dyn_into::<HtmlTextAreaElement>() else {
        return;
    };
    let start = ta.selection_start().ok().flatten().unwrap_or(0);
    let end = ta.selection_end().ok().flatten().unwrap_or(start);
    let _ = ta.set_range_text_with_start_and_end_and_mode("  ", start, end, "end");
    // setRangeText does not fire `input`: tell the app ourselves.
    if let Ok(ev) = web_sys::InputEvent::new("input") {
        let _ = ta.dispatch_event(&ev);
    }
}

/// Selects line `line` (1-based) of the editor and scrolls it into view.
fn select_line(area: &NodeRef, gutter: &NodeRef, line: usize) {
    let Some(ta) = area.cast::<HtmlTextAreaElement>() else {
        return;
    };
    let text = ta.value();
    let mut start = 0u32;
    let mut end = 0u32;
    for (i, l) in text.split('\n').enumerate() {
        let len = l.encode_utf16().count() as u32;
        if i + 1 == line {
            end = start + len;
            break;
        }
        start += len + 1;
    }
    let _ = ta.focus();
    let _ = ta.set_selection_range(start, end);
    // Every gutter line is one text line high: measure one rather than guess the font.
    let line_px = gutter
        .cast::<Element>()
        .and_then(|g| g.first_element_child())
        .and_then(|c| c.dyn_into::<HtmlElement>().ok())
        .map_or(20, |c| c.offset_height());
    ta.set_scroll_top(line.saturating_sub(3) as i32 * line_px);
    sync_scroll(area, gutter);
}
