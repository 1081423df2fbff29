//! The root component: owns the one reducer, lays out the page, and connects it to the browser
//! (the tick timer, the address bar, localStorage, the clipboard, keyboard shortcuts).

use yew::prelude::*;

use crate::browser;
use crate::components::console::Completer;
use crate::components::{
    ClockBar, ClusterPanel, Console, DetailsPanel, DnsPanel, Editor, Timeline, TourPanel,
    TourPicker,
};
use crate::state::{Msg, Speed, State};
use crate::view::ObjRef;

#[component]
pub fn App() -> Html {
    let state = use_reducer(State::default);
    // A long console `sleep` runs on the ticks too, playing or not.
    browser::use_ticker(
        state.dispatcher(),
        state.playing || state.sleeping.is_some(),
    );
    browser::use_restore(state.dispatcher());
    browser::use_persist(&state);
    browser::use_shortcuts(state.dispatcher());

    // Callbacks built once from the (stable) dispatcher, so children only re-render when their
    // own props change — not on every tick.
    let d = state.dispatcher();
    let on_toggle = use_callback(d.clone(), |(), d| d.dispatch(Msg::TogglePlay));
    let on_step = use_callback(d.clone(), |(), d| d.dispatch(Msg::Step));
    let on_clear = use_callback(d.clone(), |(), d| d.dispatch(Msg::ClearConsole));
    let on_apply = use_callback(d.clone(), |(), d| d.dispatch(Msg::Apply));
    let on_new = use_callback(d.clone(), |(), d| d.dispatch(Msg::NewDoc));
    let on_unselect = use_callback(d.clone(), |(), d| d.dispatch(Msg::Select(None)));
    let on_speed = use_callback(d.clone(), |s: Speed, d| d.dispatch(Msg::SetSpeed(s)));
    let on_jump = use_callback(d.clone(), |ms: i64, d| d.dispatch(Msg::Jump(ms)));
    let on_seek = use_callback(d.clone(), |t: i64, d| d.dispatch(Msg::Seek(t)));
    let on_run = use_callback(d.clone(), |line: String, d| d.dispatch(Msg::Run(line)));
    let on_edit = use_callback(d.clone(), |text: String, d| d.dispatch(Msg::Edit(text)));
    let on_select_doc = use_callback(d.clone(), |i: usize, d| d.dispatch(Msg::SelectDoc(i)));
    let on_close_doc = use_callback(d.clone(), |i: usize, d| d.dispatch(Msg::CloseDoc(i)));
    let on_select = use_callback(d.clone(), |o: ObjRef, d| d.dispatch(Msg::Select(Some(o))));
    let on_tour = use_callback(d.clone(), |t: Option<usize>, d| {
        d.dispatch(Msg::StartTour(t))
    });
    // Tab completion reads the newest state; the completer itself is made once, so the console
    // does not re-render on every tick.
    let newest = use_mut_ref(|| state.clone());
    *newest.borrow_mut() = state.clone();
    let completer = use_memo((), move |()| {
        Completer::new(move |line: &str| newest.borrow().complete(line))
    });
    let on_share = {
        let state = state.clone();
        Callback::from(move |_: MouseEvent| browser::share(&state.scenario(), &state.dispatcher()))
    };

    html! {
        <div class="app">
            <header class="topbar">
                <div class="brand">
                    <span class="brand-mark" aria-hidden="true">{"⎈"}</span>
                    <span class="brand-name">{"kubeplay"}</span>
                </div>
                <ClockBar now_ms={state.now_ms} playing={state.playing} speed={state.speed}
                    {on_toggle} {on_speed} {on_step} {on_jump} />
                <div class="topbar-end">
                    <TourPicker active={state.tour} on_pick={on_tour.clone()} />
                    <button type="button" class="share primary" data-testid="share"
                        title="Copy a link that replays this exact session" onclick={on_share}>
                        {"Share"}
                    </button>
                </div>
            </header>
            <main class="workspace">
                <div class="column left">
                    <Editor docs={state.docs.clone()} active={state.active_doc}
                        result={state.apply_result.clone()} {on_edit} {on_apply}
                        on_select={on_select_doc} {on_new} on_close={on_close_doc} />
                    <Console entries={state.entries.clone()} history={state.history.clone()}
                        on_run={on_run.clone()} {on_clear} completer={(*completer).clone()} />
                </div>
                <div class="column center">
                    <ClusterPanel view={state.view.clone()} selected={state.selected.clone()}
                        on_select={on_select.clone()} />
                    <DnsPanel records={state.dns.clone()} more={state.view.dns_more}
                        on_select={Some(on_select.clone())} />
                </div>
                <aside class="column right">
                    if let Some(i) = state.tour {
                        <TourPanel tour={i} view={state.view.clone()} timeline={state.timeline.clone()}
                            on_run={on_run.clone()} on_close={on_tour.reform(|()| None)} />
                    }
                    if let Some(selected) = state.selected.clone() {
                        <DetailsPanel {selected} details={state.details.clone()} on_close={on_unselect} />
                    }
                </aside>
            </main>
            <Timeline items={state.timeline.clone()} start_ms={state.session.start_ms}
                now_ms={state.now_ms} horizon_ms={state.horizon_ms} {on_seek} />
        </div>
    }
}
