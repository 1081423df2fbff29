//! The app's function components. Each takes plain props and callbacks; none holds the model.

pub mod clock;
pub mod cluster;
pub mod console;
pub mod dns;

pub use clock::ClockBar;
pub use console::Console;
