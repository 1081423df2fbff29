//! Browser entry point: mounts the root component. Everything else lives in the library (`lib.rs`).

fn main() {
    yew::Renderer::<kubeplay_web::App>::new().render();
}
