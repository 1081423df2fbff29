//! The app's function components. Each takes plain props and callbacks; none holds the model.

pub mod clock;
pub mod console;
pub mod details;
pub mod editor;
pub mod timeline;
pub mod tour;

pub use clock::ClockBar;
pub use console::Console;
pub use details::DetailsPanel;
pub use editor::Editor;
pub use timeline::Timeline;
pub use tour::{TourPanel, TourPicker};
