//! Server-side renders the whole app natively: proves `create`/`view` touch no browser API and
//! that the elements tests and users rely on are in the first paint.

#![cfg(not(target_arch = "wasm32"))]

use kubeplay_web::App;

async fn render() -> String {
    yew::ServerRenderer::<App>::new()
        .hydratable(false)
        .render()
        .await
}

#[tokio::test]
async fn first_paint_shows_the_start_time_paused() {
    let html = render().await;
    assert!(
        html.contains(r#"datetime="2025-01-01T00:00:00Z""#),
        "{html}"
    );
    assert!(html.contains("2025-01-01"), "{html}");
    assert!(html.contains("00:00:00"), "{html}");
    assert!(
        html.contains(r#"data-testid="play""#),
        "starts paused: {html}"
    );
    assert!(!html.contains(r#"data-testid="pause""#), "{html}");
}

#[tokio::test]
async fn first_paint_has_every_stable_test_id() {
    let html = render().await;
    for id in [
        "clock",
        "play",
        "speed",
        "speed-1",
        "speed-600",
        "speed-max",
        "step",
        "jump-1m",
        "console-input",
        "console-output",
        "editor",
        "apply",
        "share",
        "timeline",
        "scenario-picker",
        "node",
    ] {
        assert!(
            html.contains(&format!(r#"data-testid="{id}""#)),
            "missing {id}: {html}"
        );
    }
}

#[tokio::test]
async fn first_paint_greets_and_selects_real_time() {
    let html = render().await;
    assert!(html.contains("Welcome to kubeplay"), "{html}");
    let selected = html
        .find(r#"aria-checked="true""#)
        .expect("a selected speed");
    let label_1x = html[selected..].find("1×").expect("label after selection");
    let label_10x = html[selected..].find("10×").expect("10× after");
    assert!(label_1x < label_10x, "1× is the selected speed: {html}");
}

#[tokio::test]
async fn first_paint_has_the_seed_yaml_in_the_editor() {
    let html = render().await;
    assert!(html.contains("todo-db.yaml"), "{html}");
    assert!(html.contains("kind: StatefulSet"), "{html}");
}
