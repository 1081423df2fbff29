//! kubeplay's web app: the only code that knows about the browser.
//!
//! The simulation itself is `kubeplay_core::Simulation`; this crate holds it in one reducer
//! ([`state`]), renders it with Yew function components ([`app`], [`components`]) and decides how
//! much simulated time passes per browser tick. Nothing here is needed to run a scenario headless.

pub mod app;
pub mod components;
pub mod history;
pub mod state;
pub mod time;
pub mod view;

pub use app::App;
