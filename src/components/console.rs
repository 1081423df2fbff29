//! The console: scrollback of commands and their output, and a prompt that takes a line or a
//! pasted multi-line script. Enter runs (or adds a line while a heredoc or quote is still open),
//! Shift+Enter adds a line, ↑/↓ recall history, Ctrl+L clears.

use std::cell::RefCell;
use std::rc::Rc;

use kubeplay_core::script::is_complete;
use kubeplay_core::Stream;
use web_sys::{Element, HtmlTextAreaElement};
use yew::prelude::*;

use crate::history::Recall;
use crate::state::Entry;
use crate::time::UtcParts;

/// The prompt grows with its content up to this many lines, then scrolls.
const MAX_INPUT_ROWS: usize = 12;

#[derive(Properties, PartialEq)]
pub struct ConsoleProps {
    pub entries: Rc<Vec<Entry>>,
    pub history: Rc<Vec<String>>,
    pub on_run: Callback<String>,
    pub on_clear: Callback<()>,
}

#[component]
pub fn Console(props: &ConsoleProps) -> Html {
    let input = use_node_ref();
    let output = use_node_ref();
    let recall = use_mut_ref(Recall::default);
    use_scroll_to_bottom(&output, &props.entries);
    use_focus_on_mount(&input);

    let onkeydown = {
        let ctx = KeyContext {
            input: input.clone(),
            recall,
            history: props.history.clone(),
            on_run: props.on_run.clone(),
            on_clear: props.on_clear.clone(),
        };
        Callback::from(move |e: KeyboardEvent| ctx.handle(e))
    };
    let oninput = {
        let input = input.clone();
        Callback::from(move |_: InputEvent| fit_rows(&input))
    };
    let focus_prompt = {
        let input = input.clone();
        Callback::from(move |_: MouseEvent| focus(&input))
    };

    html! {
        <section class="console" aria-label="Console">
            <div class="console-output" data-testid="console-output" ref={output}
                role="log" aria-live="polite">
                {for props.entries.iter().map(entry_view)}
            </div>
            <div class="console-prompt" onclick={focus_prompt}>
                <span class="prompt" aria-hidden="true">{"$"}</span>
                <textarea ref={input} class="console-input" data-testid="console-input" rows="1"
                    aria-label="Command" placeholder="kubectl get pods"
                    spellcheck="false" autocomplete="off" autocapitalize="off"
                    {onkeydown} {oninput} />
            </div>
            <p class="console-hint">
                <kbd>{"Enter"}</kbd>{" run · "}<kbd>{"Shift"}</kbd>{"+"}<kbd>{"Enter"}</kbd>
                {" new line · "}<kbd>{"↑"}</kbd><kbd>{"↓"}</kbd>{" history · "}
                <kbd>{"Ctrl"}</kbd>{"+"}<kbd>{"L"}</kbd>{" clear"}
            </p>
        </section>
    }
}

fn entry_view(entry: &Entry) -> Html {
    match entry {
        Entry::Note(text) => html! { <p class="entry note">{text}</p> },
        Entry::Command { text, at_ms } => {
            let at = UtcParts::from_ms(*at_ms);
            // A pasted script shows its first line as the command, the rest (heredoc bodies,
            // further lines) quieter beneath it.
            let (head, body) = match text.split_once('\n') {
                Some((head, body)) => (head, Some(body)),
                None => (text.as_str(), None),
            };
            html! {
                <div class="entry cmd">
                    <div class="cmd-line">
                        <span class="prompt" aria-hidden="true">{"$"}</span>
                        <pre class="cmd-text">{head}</pre>
                        <time class="cmd-at" datetime={at.iso()} title={at.iso()}>{at.time()}</time>
                    </div>
                    if let Some(body) = body {
                        <pre class="cmd-body">{body}</pre>
                    }
                </div>
            }
        }
        Entry::Output { stream, text } => {
            let stream = match stream {
                Stream::Stdout => "stdout",
                Stream::Stderr => "stderr",
            };
            html! { <pre class={classes!("entry", "out", stream)} data-stream={stream}>{text}</pre> }
        }
        Entry::Status(code) => {
            html! { <p class="entry status">{format!("exit status {code}")}</p> }
        }
    }
}

/// Everything a key press on the prompt may need.
struct KeyContext {
    input: NodeRef,
    recall: Rc<RefCell<Recall>>,
    history: Rc<Vec<String>>,
    on_run: Callback<String>,
    on_clear: Callback<()>,
}

impl KeyContext {
    fn handle(&self, e: KeyboardEvent) {
        let Some(ta) = self.input.cast::<HtmlTextAreaElement>() else {
            return;
        };
        let plain = !(e.alt_key() || e.ctrl_key() || e.meta_key());
        match e.key().as_str() {
            "Enter" if plain && !e.shift_key() && !e.is_composing() => {
                let text = ta.value();
                if !is_complete(&text) {
                    return; // open heredoc, quote or `\`: Enter adds a line, like bash's PS2
                }
                e.prevent_default();
                self.recall.borrow_mut().reset();
                set_value(&self.input, &ta, "");
                self.on_run.emit(text);
            }
            "ArrowUp" if plain && caret_on_first_line(&ta) => {
                let recalled = self.recall.borrow_mut().older(&self.history, &ta.value());
                if let Some(text) = recalled {
                    e.prevent_default();
                    set_value(&self.input, &ta, &text);
                }
            }
            "ArrowDown" if plain && caret_on_last_line(&ta) => {
                let recalled = self.recall.borrow_mut().newer(&self.history);
                if let Some(text) = recalled {
                    e.prevent_default();
                    set_value(&self.input, &ta, &text);
                }
            }
            "l" | "L" if e.ctrl_key() && !e.alt_key() && !e.meta_key() => {
                e.prevent_default();
                self.on_clear.emit(());
            }
            _ => {}
        }
    }
}

/// Replaces the prompt's text and puts the caret at its end, as a shell does on recall.
fn set_value(input: &NodeRef, ta: &HtmlTextAreaElement, text: &str) {
    ta.set_value(text);
    let end = utf16_len(text);
    let _ = ta.set_selection_range(end, end);
    fit_rows(input);
}

/// `selectionStart`/`selectionEnd` count UTF-16 code units, so lines are found in those units.
fn caret_on_first_line(ta: &HtmlTextAreaElement) -> bool {
    let start = ta.selection_start().ok().flatten().unwrap_or(0) as usize;
    !ta.value()
        .encode_utf16()
        .take(start)
        .any(|u| u == u16::from(b'\n'))
}

fn caret_on_last_line(ta: &HtmlTextAreaElement) -> bool {
    let end = ta.selection_end().ok().flatten().unwrap_or(0) as usize;
    !ta.value()
        .encode_utf16()
        .skip(end)
        .any(|u| u == u16::from(b'\n'))
}

fn utf16_len(text: &str) -> u32 {
    u32::try_from(text.encode_utf16().count()).unwrap_or(u32::MAX)
}

/// Grows the prompt with its content (pasted scripts stay visible), up to [`MAX_INPUT_ROWS`].
fn fit_rows(input: &NodeRef) {
    if let Some(ta) = input.cast::<HtmlTextAreaElement>() {
        let lines = ta.value().lines().count().max(1) + usize::from(ta.value().ends_with('\n'));
        ta.set_rows(lines.min(MAX_INPUT_ROWS) as u32);
    }
}

fn focus(input: &NodeRef) {
    if let Some(ta) = input.cast::<HtmlTextAreaElement>() {
        let _ = ta.focus();
    }
}

/// Keeps the newest output in view whenever the scrollback changes.
#[hook]
fn use_scroll_to_bottom(output: &NodeRef, entries: &Rc<Vec<Entry>>) {
    let output = output.clone();
    use_effect_with(entries.clone(), move |_| {
        if let Some(el) = output.cast::<Element>() {
            el.set_scroll_top(el.scroll_height());
        }
    });
}

/// The prompt is where the keyboard should be when the page opens.
#[hook]
fn use_focus_on_mount(input: &NodeRef) {
    let input = input.clone();
    use_effect_with((), move |_| focus(&input));
}
