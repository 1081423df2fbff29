//! `kubectl delete` (placeholder flags until implemented below).
use super::flags::FlagSpec;
use super::Ctx;
pub const FLAGS: &[FlagSpec] = &[];
pub fn run(ctx: &mut Ctx) { ctx.fail("error: not yet"); }
