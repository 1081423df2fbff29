//! Everything that talks to the browser: the tick timer, the address bar (share links),
//! localStorage, the clipboard and global keyboard shortcuts. All of it runs in effects and event
//! handlers, never in render, so the app still renders natively for server-side tests.

use gloo_events::EventListener;
use gloo_storage::{LocalStorage, Storage};
use gloo_timers::callback::Interval;
use kubeplay_core::share::{self, Scenario};
use wasm_bindgen::JsCast;
use yew::prelude::*;

use crate::state::{Msg, State, TICK_MS};

/// localStorage keys: the session (a share payload) and the console's command history.
const SESSION_KEY: &str = "kubeplay.session";
const HISTORY_KEY: &str = "kubeplay.history";
/// Real milliseconds between two saves while the clock runs.
const SAVE_EVERY_MS: f64 = 1_000.0;

/// While `playing`, sends `Msg::Tick` every [`TICK_MS`] real milliseconds. The browser only
/// decides *when* to tick; how much simulated time a tick is worth is the reducer's business.
#[hook]
pub fn use_ticker(dispatch: UseReducerDispatcher<State>, playing: bool) {
    use_effect_with(playing, move |&playing| {
        let interval =
            playing.then(|| Interval::new(TICK_MS as u32, move || dispatch.dispatch(Msg::Tick)));
        move || drop(interval)
    });
}

/// On first render: a share link in the address bar wins; otherwise the last session from
/// localStorage comes back, so a reload loses nothing.
#[hook]
pub fn use_restore(dispatch: UseReducerDispatcher<State>) {
    use_effect_with((), move |_| {
        if let Ok(history) = LocalStorage::get::<Vec<String>>(HISTORY_KEY) {
            dispatch.dispatch(Msg::RestoreHistory(history));
        }
        let hash = window()
            .and_then(|w| w.location().hash().ok())
            .unwrap_or_default();
        if share::looks_like_link(&hash) {
            match share::from_link(&hash) {
                Ok(s) => dispatch.dispatch(Msg::Load(Box::new(s))),
                Err(e) => dispatch.dispatch(Msg::Note(e)),
            }
        } else if let Ok(payload) = LocalStorage::get::<String>(SESSION_KEY) {
            match share::decode(&payload) {
                Ok(s) => dispatch.dispatch(Msg::Load(Box::new(s))),
                Err(e) => dispatch.dispatch(Msg::Note(format!(
                    "The saved session could not be restored, so this is a fresh one. {e}"
                ))),
            }
        }
    });
}

/// Saves the session and history to localStorage when they change (at most once a second while
/// the clock runs, and always when the page is hidden or closed).
#[hook]
pub fn use_persist(state: &UseReducerHandle<State>) {
    let last_saved = use_mut_ref(|| 0.0_f64);
    let latest = use_mut_ref(|| None::<(String, Vec<String>)>);
    let key = (
        state.session.steps.len(),
        state.horizon_ms,
        state.now_ms,
        state.docs.clone(),
        state.history.len(),
    );
    {
        let state = state.clone();
        let latest = latest.clone();
        use_effect_with(key, move |_| {
            let payload = share::encode(&state.scenario());
            *latest.borrow_mut() = Some((payload, state.history.to_vec()));
            let now = js_sys::Date::now();
            if now - *last_saved.borrow() >= SAVE_EVERY_MS || !state.playing {
                *last_saved.borrow_mut() = now;
                save(&latest.borrow());
            }
        });
    }
    use_effect_with((), move |_| {
        let listener =
            window().map(|w| EventListener::new(&w, "pagehide", move |_| save(&latest.borrow())));
        move || drop(listener)
    });
}

fn save(latest: &Option<(String, Vec<String>)>) {
    if let Some((payload, history)) = latest {
        // A full or disabled storage only costs persistence; the session goes on.
        let _ = LocalStorage::set(SESSION_KEY, payload);
        let _ = LocalStorage::set(HISTORY_KEY, history);
    }
}

/// Puts a link to `scenario` in the address bar and on the clipboard, and says so.
pub fn share(scenario: &Scenario, dispatch: &UseReducerDispatcher<State>) {
    let Some(w) = window() else { return };
    let here = w.location().href().unwrap_or_default();
    let link = share::to_link(&here, scenario);
    if let Ok(history) = w.history() {
        let _ = history.replace_state_with_url(&wasm_bindgen::JsValue::NULL, "", Some(&link));
    }
    let copied = w.navigator().clipboard().write_text(&link);
    let dispatch = dispatch.clone();
    let len = link.len();
    wasm_bindgen_futures::spawn_local(async move {
        let done = wasm_bindgen_futures::JsFuture::from(copied).await;
        dispatch.dispatch(Msg::Shared {
            copied: done.is_ok(),
            length: len,
        });
    });
}

/// Space plays/pauses, `.` steps, Escape clears the selection — unless the user is typing.
#[hook]
pub fn use_shortcuts(dispatch: UseReducerDispatcher<State>) {
    use_effect_with((), move |_| {
        let listener = window().and_then(|w| w.document()).map(|doc| {
            EventListener::new(&doc, "keydown", move |e| {
                let Some(e) = e.dyn_ref::<web_sys::KeyboardEvent>() else {
                    return;
                };
                if typing(e) || e.ctrl_key() || e.meta_key() || e.alt_key() {
                    return;
                }
                let msg = match e.key().as_str() {
                    " " => Msg::TogglePlay,
                    "." => Msg::Step,
                    "Escape" => Msg::Select(None),
                    _ => return,
                };
                e.prevent_default();
                dispatch.dispatch(msg);
            })
        });
        move || drop(listener)
    });
}

/// Whether the key goes to a text field (or a focused button, which Space activates).
fn typing(e: &web_sys::KeyboardEvent) -> bool {
    let Some(el) = e
        .target()
        .and_then(|t| t.dyn_into::<web_sys::Element>().ok())
    else {
        return false;
    };
    matches!(
        el.tag_name().as_str(),
        "TEXTAREA" | "INPUT" | "SELECT" | "BUTTON"
    )
}

fn window() -> Option<web_sys::Window> {
    web_sys::window()
}
