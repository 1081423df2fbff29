//! The root component: owns the one reducer, runs the tick timer, lays out the page.

use gloo_timers::callback::Interval;
use yew::prelude::*;

use crate::components::{ClockBar, Console};
use crate::state::{Msg, Speed, State, TICK_MS};

#[component]
pub fn App() -> Html {
    let state = use_reducer(State::default);
    use_ticker(state.dispatcher(), state.playing);

    // Callbacks built once from the (stable) dispatcher, so children only re-render when their
    // own props change — not on every tick.
    let dispatch = state.dispatcher();
    let on_run = use_callback(dispatch.clone(), |line: String, d| {
        d.dispatch(Msg::Run(line))
    });
    let on_clear = use_callback(dispatch.clone(), |(), d| d.dispatch(Msg::ClearConsole));
    let on_toggle = use_callback(dispatch.clone(), |(), d| d.dispatch(Msg::TogglePlay));
    let on_speed = use_callback(dispatch, |speed: Speed, d| d.dispatch(Msg::SetSpeed(speed)));

    html! {
        <div class="app">
            <header class="topbar">
                <div class="brand">
                    <span class="brand-mark" aria-hidden="true">{"⎈"}</span>
                    <span class="brand-name">{"kubeplay"}</span>
                    <span class="brand-tag">{"a Kubernetes cluster, simulated in your browser"}</span>
                </div>
                <ClockBar now_ms={state.now_ms} playing={state.playing} speed={state.speed}
                    {on_toggle} {on_speed} />
            </header>
            <main class="workspace">
                <Console entries={state.entries.clone()} history={state.history.clone()}
                    {on_run} {on_clear} />
            </main>
        </div>
    }
}

/// While `playing`, sends `Msg::Tick` every [`TICK_MS`] real milliseconds. The timer lives in an
/// effect (never in render), so the component also renders natively for server-side tests.
/// The browser only decides *when* to tick; how much simulated time a tick is worth is the
/// reducer's business, so a session stays a replayable list of messages.
#[hook]
fn use_ticker(dispatch: UseReducerDispatcher<State>, playing: bool) {
    use_effect_with(playing, move |&playing| {
        let interval =
            playing.then(|| Interval::new(TICK_MS as u32, move || dispatch.dispatch(Msg::Tick)));
        move || drop(interval)
    });
}
