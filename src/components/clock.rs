//! The clock bar: simulated date and time (UTC), play/pause, and the speed selector.

use yew::prelude::*;

use crate::state::Speed;
use crate::time::UtcParts;

#[derive(Properties, PartialEq)]
pub struct ClockBarProps {
    pub now_ms: i64,
    pub playing: bool,
    pub speed: Speed,
    pub on_toggle: Callback<()>,
    pub on_speed: Callback<Speed>,
    pub on_step: Callback<()>,
    pub on_jump: Callback<i64>,
}

/// The forward jumps offered, as (label, simulated milliseconds).
pub const JUMPS: [(&str, i64); 4] = [
    ("1m", 60_000),
    ("10m", 600_000),
    ("1h", 3_600_000),
    ("1d", 86_400_000),
];

/// Always visible: the simulation's own time is the one thing a learner must never lose track of.
#[component]
pub fn ClockBar(props: &ClockBarProps) -> Html {
    html! {
        <div class="clockbar">
            <PlayButton playing={props.playing} on_toggle={props.on_toggle.clone()} />
            <SimClock now_ms={props.now_ms} playing={props.playing} />
            <SpeedSelector speed={props.speed} on_speed={props.on_speed.clone()} />
            <button type="button" class="step" data-testid="step" title="Step to the next event (.)"
                onclick={props.on_step.reform(|_: MouseEvent| ())}>
                <svg class="icon" viewBox="0 0 16 16" aria-hidden="true"><path d="M3 2.5v11l7-5.5z" /><rect x="11" y="2.5" width="2.5" height="11" rx="0.5" /></svg>
                <span class="step-label">{"Step"}</span>
            </button>
            <div class="jumps" role="group" aria-label="Jump forward">
                {for JUMPS.iter().map(|&(label, ms)| html! {
                    <button type="button" class="jump" data-testid={format!("jump-{label}")}
                        title={format!("Jump forward {label} of simulated time")}
                        onclick={props.on_jump.reform(move |_: MouseEvent| ms)}>
                        {format!("+{label}")}
                    </button>
                })}
            </div>
        </div>
    }
}

#[derive(Properties, PartialEq)]
struct SimClockProps {
    now_ms: i64,
    playing: bool,
}

#[component]
fn SimClock(props: &SimClockProps) -> Html {
    let t = UtcParts::from_ms(props.now_ms);
    let class = classes!("clock", props.playing.then_some("running"));
    // Spaces are real text nodes so the element's text reads `2025-01-01 00:00:00 UTC`.
    html! {
        <time {class} datetime={t.iso()} data-testid="clock" title="Simulated time (UTC)">
            <span class="clock-date">{t.date()}</span>{" "}
            <span class="clock-time">{t.time()}</span>{" "}
            <span class="clock-tz">{"UTC"}</span>
        </time>
    }
}

#[derive(Properties, PartialEq)]
struct PlayButtonProps {
    playing: bool,
    on_toggle: Callback<()>,
}

/// One button whose test id and label follow the state: `play` while paused, `pause` while playing.
#[component]
fn PlayButton(props: &PlayButtonProps) -> Html {
    let onclick = props.on_toggle.reform(|_: MouseEvent| ());
    let (testid, label, icon) = if props.playing {
        ("pause", "Pause", pause_icon())
    } else {
        ("play", "Play", play_icon())
    };
    html! {
        <button type="button" class="play-toggle" data-testid={testid} aria-pressed={props.playing.to_string()}
            title={format!("{label} simulated time")} {onclick}>
            {icon}<span class="play-label">{label}</span>
        </button>
    }
}

fn play_icon() -> Html {
    html! {
        <svg class="icon" viewBox="0 0 16 16" aria-hidden="true"><path d="M4 2.5v11l9-5.5z" /></svg>
    }
}

fn pause_icon() -> Html {
    html! {
        <svg class="icon" viewBox="0 0 16 16" aria-hidden="true">
            <rect x="3.5" y="2.5" width="3" height="11" rx="0.5" />
            <rect x="9.5" y="2.5" width="3" height="11" rx="0.5" />
        </svg>
    }
}

#[derive(Properties, PartialEq)]
struct SpeedSelectorProps {
    speed: Speed,
    on_speed: Callback<Speed>,
}

/// A segmented control (radio group semantics) rather than a `<select>`: every choice stays visible.
#[component]
fn SpeedSelector(props: &SpeedSelectorProps) -> Html {
    let buttons = Speed::ALL.iter().map(|&speed| {
        let checked = speed == props.speed;
        let onclick = props.on_speed.reform(move |_: MouseEvent| speed);
        html! {
            <button type="button" role="radio" aria-checked={checked.to_string()}
                class={classes!("speed-option", checked.then_some("selected"))}
                data-testid={format!("speed-{}", speed.id())}
                title={speed.describe()} {onclick}>
                {speed.label()}
            </button>
        }
    });
    html! {
        <div class="speed" role="radiogroup" aria-label="Simulation speed" data-testid="speed"
            data-speed={props.speed.id()}>
            {for buttons}
        </div>
    }
}
