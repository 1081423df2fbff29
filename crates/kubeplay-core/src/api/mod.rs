//! The API surface: kinds, typed objects, defaulting, validation and strict decoding, as a v1.33 apiserver does them.

pub mod defaults;
pub mod errors;
pub mod gocmp;
pub mod gojson;
pub mod gospew;
pub mod goip;
pub mod kinds;
pub mod names;
pub mod object;
pub mod pod_gotypes;
pub mod pod_update;
pub mod quantity;
pub mod strict;
pub mod validate;
pub mod warnings;

pub use kinds::Kind;
pub use object::{ObjKey, Object, Status};
