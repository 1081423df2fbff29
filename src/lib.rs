//! kubeplay's web app: the only code that knows about the browser.
//!
//! The simulation itself is `kubeplay_core::Simulation`; this crate holds it in one reducer
//! ([`state`]), renders it with Yew function components ([`app`], [`components`]) and decides how
//! much simulated time passes per browser tick. Nothing here is needed to run a scenario headless.

pub mod app;
pub mod browser;
pub mod components;
pub mod diagnostics;
pub mod docs;
pub mod history;
pub mod session;
pub mod state;
pub mod time;
pub mod timeline;
pub mod tour;
pub mod view;

pub use app::App;
