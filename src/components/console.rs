//! The console: scrollback of commands and their output, and a prompt that takes a line or a
//! pasted multi-line script. Enter runs (or adds a line while a heredoc or quote is still open),
//! Shift+Enter adds a line, Tab completes (bash-style), ↑/↓ recall history, Ctrl+L clears.

use std::cell::RefCell;
use std::rc::Rc;

use kubeplay_core::complete::Completion;
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
    /// What Tab asks for the completion of the text before the caret.
    pub completer: Completer,
}

/// Completion of the prompt's text before the caret (the core's [`Completion`]). Compared by
/// pointer: a completer made once never makes the console re-render.
#[derive(Clone)]
pub struct Completer(Rc<dyn Fn(&str) -> Completion>);

impl Completer {
    pub fn new(complete: impl Fn(&str) -> Completion + 'static) -> Self {
        Completer(Rc::new(complete))
    }

    pub fn complete(&self, line: &str) -> Completion {
        (self.0)(line)
    }
}

impl PartialEq for Completer {
    fn eq(&self, other: &Self) -> bool {
        Rc::ptr_eq(&self.0, &other.0)
    }
}

#[component]
pub fn Console(props: &ConsoleProps) -> Html {
    let input = use_node_ref();
    let output = use_node_ref();
    let recall = use_mut_ref(Recall::default);
    let tabbed = use_mut_ref(|| false);
    let listed = use_state(Vec::<String>::new);
    use_scroll_to_bottom(&output, &props.entries);
    use_focus_on_mount(&input);

    let onkeydown = {
        let ctx = KeyContext {
            input: input.clone(),
            recall,
            history: props.history.clone(),
            on_run: props.on_run.clone(),
            on_clear: props.on_clear.clone(),
            completer: props.completer.clone(),
            tabbed,
            listed: listed.clone(),
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
            if !listed.is_empty() {
                <div class="completions" data-testid="completions" aria-live="polite">
                    {for listed.iter().map(|c| html! { <span class="completion">{c}</span> })}
                </div>
            }
            <p class="console-hint">
                <kbd>{"Enter"}</kbd>{" run · "}<kbd>{"Shift"}</kbd>{"+"}<kbd>{"Enter"}</kbd>
                {" new line · "}<kbd>{"Tab"}</kbd>{" complete · "}
                <kbd>{"↑"}</kbd><kbd>{"↓"}</kbd>{" history · "}
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
            html! { <pre class={classes!("entry", "out", stream)} data-stream={stream}>{super::ansi::render(text)}</pre> }
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
    completer: Completer,
    /// Whether the last key pressed was a Tab that changed nothing (the next one lists the
    /// candidates, as readline does).
    tabbed: Rc<RefCell<bool>>,
    /// The candidates a second Tab listed under the prompt; the next key clears them.
    listed: UseStateHandle<Vec<String>>,
}

impl KeyContext {
    fn handle(&self, e: KeyboardEvent) {
        let Some(ta) = self.input.cast::<HtmlTextAreaElement>() else {
            return;
        };
        let plain = !(e.alt_key() || e.ctrl_key() || e.meta_key());
        let key = e.key();
        let tab = key == "Tab" && plain && !e.shift_key() && !e.is_composing();
        if !tab && !matches!(key.as_str(), "Shift" | "Control" | "Alt" | "Meta") {
            *self.tabbed.borrow_mut() = false;
            if !self.listed.is_empty() {
                self.listed.set(Vec::new());
            }
        }
        match key.as_str() {
            "Tab" if tab => {
                e.prevent_default(); // Tab completes; it never moves focus out of the prompt
                self.complete(&ta);
            }
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

impl KeyContext {
    /// Bash-style: one candidate replaces the word (plus a space, unless it ends in `/`, like a
    /// directory, and needs more); several extend it to their common prefix, and a second Tab in
    /// a row that has nothing to add lists them.
    fn complete(&self, ta: &HtmlTextAreaElement) {
        let text = ta.value();
        let caret = byte_offset(&text, ta.selection_start().ok().flatten().unwrap_or(0));
        let after = byte_offset(&text, ta.selection_end().ok().flatten().unwrap_or(0)).max(caret);
        let before = &text[..caret];
        let c = self.completer.complete(before);
        let again = std::mem::replace(&mut *self.tabbed.borrow_mut(), true);
        let Some(word) = before.get(c.start..) else {
            return;
        };
        let insert = match c.candidates.as_slice() {
            [] => return,
            [only] if only.ends_with('/') => only.clone(),
            [only] => format!("{only} "),
            _ if c.common.len() > word.len() => c.common,
            _ => {
                if again {
                    self.listed.set(c.candidates);
                }
                return;
            }
        };
        *self.tabbed.borrow_mut() = false;
        let value = format!("{}{insert}{}", &text[..c.start], &text[after..]);
        let end = utf16_len(&value[..c.start + insert.len()]);
        ta.set_value(&value);
        let _ = ta.set_selection_range(end, end);
        fit_rows(&self.input);
    }
}

/// The byte offset of a `selectionStart`-style position, which counts UTF-16 code units.
fn byte_offset(text: &str, utf16: u32) -> usize {
    let mut units = 0;
    for (i, c) in text.char_indices() {
        if units >= utf16 as usize {
            return i;
        }
        units += c.len_utf16();
    }
    text.len()
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
