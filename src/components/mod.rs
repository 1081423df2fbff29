//! The app's function components. Each takes plain props and callbacks; none holds the model.

pub mod ansi;
pub mod clock;
pub mod cluster;
pub mod console;
pub mod details;
pub mod dns;
pub mod editor;
pub mod timeline;
pub mod tour;

pub use clock::ClockBar;
pub use cluster::ClusterPanel;
pub use console::Console;
pub use details::DetailsPanel;
pub use dns::DnsPanel;
pub use editor::Editor;
pub use timeline::Timeline;
pub use tour::{TourPanel, TourPicker};
