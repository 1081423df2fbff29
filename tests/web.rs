//! Browser tests: the real app, mounted in headless Chromium, driven through the DOM.
//! Run by `./dev test` (wasm-bindgen-test-runner + chromedriver). Native builds compile nothing.
#![cfg(target_arch = "wasm32")]

use std::time::Duration;

use gloo_timers::future::sleep;
use kubeplay_web::App;
use wasm_bindgen::JsCast;
use wasm_bindgen_test::*;
use web_sys::{Element, HtmlElement, HtmlTextAreaElement, KeyboardEvent, KeyboardEventInit};

wasm_bindgen_test_configure!(run_in_browser);

/// Mounts a fresh app in its own element (tests share one page) and waits for the first render.
async fn mount() -> Element {
    // Tests share one page, and the app restores the last session from localStorage.
    web_sys::window()
        .unwrap()
        .local_storage()
        .unwrap()
        .unwrap()
        .clear()
        .unwrap();
    let document = web_sys::window().unwrap().document().unwrap();
    let root = document.create_element("div").unwrap();
    document.body().unwrap().append_child(&root).unwrap();
    yew::Renderer::<App>::with_root(root.clone()).render();
    settle().await;
    root
}

/// Lets Yew's scheduler run (renders and effects are queued, not synchronous).
async fn settle() {
    sleep(Duration::from_millis(30)).await;
}

fn by_testid(root: &Element, id: &str) -> Element {
    root.query_selector(&format!("[data-testid=\"{id}\"]"))
        .unwrap()
        .unwrap_or_else(|| panic!("no element with data-testid={id}"))
}

fn text(root: &Element, id: &str) -> String {
    by_testid(root, id).text_content().unwrap_or_default()
}

async fn click(root: &Element, id: &str) {
    by_testid(root, id).unchecked_into::<HtmlElement>().click();
    settle().await;
}

/// Types `line` into the console and presses Enter, as a user would.
async fn run(root: &Element, line: &str) {
    let input: HtmlTextAreaElement = by_testid(root, "console-input").unchecked_into();
    input.set_value(line);
    let init = KeyboardEventInit::new();
    init.set_key("Enter");
    init.set_bubbles(true);
    init.set_cancelable(true);
    let event = KeyboardEvent::new_with_keyboard_event_init_dict("keydown", &init).unwrap();
    input.dispatch_event(&event).unwrap();
    settle().await;
}

/// Puts `text` in the prompt with the caret at its end and presses `key` there; returns whether
/// the page let the key do its default (a Tab that moved focus would).
async fn press(root: &Element, text: Option<&str>, key: &str) -> bool {
    let input: HtmlTextAreaElement = by_testid(root, "console-input").unchecked_into();
    if let Some(text) = text {
        input.set_value(text);
        let end = text.encode_utf16().count() as u32;
        input.set_selection_range(end, end).unwrap();
    }
    let init = KeyboardEventInit::new();
    init.set_key(key);
    init.set_bubbles(true);
    init.set_cancelable(true);
    let event = KeyboardEvent::new_with_keyboard_event_init_dict("keydown", &init).unwrap();
    let default = input.dispatch_event(&event).unwrap();
    settle().await;
    default
}

#[wasm_bindgen_test]
async fn mounts_paused_at_the_default_start() {
    let root = mount().await;
    assert_eq!(text(&root, "clock"), "2025-01-01 00:00:00 UTC");
    by_testid(&root, "play");
    assert!(root
        .query_selector("[data-testid=pause]")
        .unwrap()
        .is_none());
    assert!(text(&root, "console-output").contains("Welcome to kubeplay"));
}

#[wasm_bindgen_test]
async fn enter_runs_the_line_and_clears_the_prompt() {
    let root = mount().await;
    run(&root, "kubectl version").await;
    // A debug build renders slowly: wait for the echo (up to 3 s) rather than a fixed time.
    for _ in 0..100 {
        if text(&root, "console-output").contains("kubectl version") {
            break;
        }
        settle().await;
    }
    let shown = text(&root, "console-output");
    assert!(shown.contains("kubectl version"), "{shown}");
    let input: HtmlTextAreaElement = by_testid(&root, "console-input").unchecked_into();
    assert_eq!(input.value(), "");
}

#[wasm_bindgen_test]
async fn output_and_errors_land_on_their_own_streams() {
    let root = mount().await;
    run(&root, "kubectl version").await;
    let stdout = root.query_selector("[data-stream=stdout]").unwrap();
    assert!(stdout.is_some(), "kubectl version prints to stdout");
    run(&root, "kubectl gett pods").await;
    let stderr = root.query_selector("[data-stream=stderr]").unwrap();
    assert!(stderr.is_some(), "an unknown command prints to stderr");
    assert!(text(&root, "console-output").contains("exit status 1"));
}

#[wasm_bindgen_test]
async fn enter_inside_an_open_heredoc_does_not_run() {
    let root = mount().await;
    run(&root, "kubectl apply -f - <<EOF\nkind: ConfigMap").await;
    assert!(!text(&root, "console-output").contains("kind: ConfigMap"));
    let input: HtmlTextAreaElement = by_testid(&root, "console-input").unchecked_into();
    assert_eq!(input.value(), "kubectl apply -f - <<EOF\nkind: ConfigMap");
}

#[wasm_bindgen_test]
async fn arrow_up_recalls_the_last_command() {
    let root = mount().await;
    run(&root, "kubectl get pods").await;
    let input: HtmlTextAreaElement = by_testid(&root, "console-input").unchecked_into();
    let init = KeyboardEventInit::new();
    init.set_key("ArrowUp");
    init.set_bubbles(true);
    init.set_cancelable(true);
    let up = KeyboardEvent::new_with_keyboard_event_init_dict("keydown", &init).unwrap();
    input.dispatch_event(&up).unwrap();
    settle().await;
    assert_eq!(input.value(), "kubectl get pods");
}

#[wasm_bindgen_test]
async fn play_runs_the_clock_at_the_chosen_speed_and_pause_stops_it() {
    let root = mount().await;
    click(&root, "speed-600").await;
    assert_eq!(
        by_testid(&root, "speed")
            .get_attribute("data-speed")
            .as_deref(),
        Some("600")
    );
    click(&root, "play").await;
    // At 600× each 100 ms tick is one simulated minute.
    sleep(Duration::from_millis(450)).await;
    click(&root, "pause").await;
    let stopped = text(&root, "clock");
    assert_ne!(stopped, "2025-01-01 00:00:00 UTC");
    assert!(
        stopped.starts_with("2025-01-01 00:"),
        "minutes, not hours, passed: {stopped}"
    );
    sleep(Duration::from_millis(300)).await;
    assert_eq!(text(&root, "clock"), stopped, "paused time must not move");
    by_testid(&root, "play");
}

#[wasm_bindgen_test]
async fn apply_creates_the_first_ordinal_and_step_moves_to_the_next_event() {
    let root = mount().await;
    click(&root, "apply").await;
    assert!(text(&root, "apply-output").contains("statefulset.apps/todo-db created"));
    let pod = root
        .query_selector("[data-testid=pod][data-name=todo-db-0]")
        .unwrap()
        .expect("todo-db-0 drawn right after the apply");
    assert_eq!(pod.get_attribute("data-phase").as_deref(), Some("Pending"));
    assert!(root
        .query_selector("[data-testid=pod][data-name=todo-db-1]")
        .unwrap()
        .is_none());
    click(&root, "step").await;
    assert_ne!(text(&root, "clock"), "2025-01-01 00:00:00 UTC");
}

#[wasm_bindgen_test]
async fn selecting_a_pod_shows_its_describe() {
    let root = mount().await;
    click(&root, "apply").await;
    click(&root, "jump-1m").await;
    root.query_selector("[data-testid=pod][data-name=todo-db-0]")
        .unwrap()
        .unwrap()
        .unchecked_into::<HtmlElement>()
        .click();
    settle().await;
    assert!(text(&root, "details-describe").starts_with("Name:"));
}

#[wasm_bindgen_test]
async fn tab_completes_like_bash() {
    let root = mount().await;
    let input: HtmlTextAreaElement = by_testid(&root, "console-input").unchecked_into();
    let completions = || root.query_selector("[data-testid=completions]").unwrap();
    let moved_focus = press(&root, Some("kubectl get po"), "Tab").await;
    assert!(!moved_focus, "Tab stays in the prompt");
    assert_eq!(input.value(), "kubectl get pods ");
    // persistentvolumeclaims and persistentvolumes: their common prefix.
    press(&root, Some("kubectl get persistentv"), "Tab").await;
    assert_eq!(input.value(), "kubectl get persistentvolume");
    // Several candidates with nothing in common to add: a second Tab lists them, the next key
    // clears the list.
    press(&root, Some("kubectl get p"), "Tab").await;
    assert_eq!(input.value(), "kubectl get p");
    assert!(completions().is_none());
    press(&root, None, "Tab").await;
    let listed = text(&root, "completions");
    assert!(
        listed.contains("pods") && listed.contains("persistentvolumes"),
        "{listed}"
    );
    press(&root, None, "o").await;
    assert!(completions().is_none());
    assert_eq!(input.value(), "kubectl get p", "the prompt is unchanged");
}
