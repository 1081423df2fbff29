//! kubeplay-core: a deterministic, single-threaded simulation of a Kubernetes cluster and kubectl.
//!
//! The one entry point is [`Simulation`]: plain text in (scripts, kubectl lines, durations),
//! plain data out ([`Transcript`], trace lines). No wall clock, no platform RNG, no browser.

mod sim;

pub use sim::{Chunk, Simulation, Stream, Transcript};
