//! kubeplay-core: a deterministic, single-threaded simulation of a Kubernetes cluster and kubectl.
//!
//! The one entry point is [`Simulation`]: plain text in (scripts, kubectl lines, durations),
//! plain data out ([`Transcript`], trace lines). No wall clock, no platform RNG, no browser.

mod admission;
pub mod api;
mod bootstrap;
mod bootstrap_addons;
mod bootstrap_kube_system;
pub mod commands;
pub mod complete;
pub mod dns;
pub mod fieldselector;
mod inspect;
pub mod clock;
pub mod cluster;
pub mod controllers;
mod correlator;
mod events;
pub mod files;
mod gc;
mod hashindex;
pub mod kubelet;
mod leases;
pub mod kubectl;
pub mod pki;
mod priorityclass;
pub mod rng;
pub mod script;
pub mod selector;
pub mod serviceaccount;
pub mod share;
mod sim;
pub mod store;
pub mod timefmt;
pub mod trace;
pub mod why;
pub mod workstation;
pub mod yaml;

pub use sim::{Chunk, Simulation, Stream, Transcript, MAX_EVENTS_PER_ADVANCE, MAX_EVENTS_PER_INSTANT};
