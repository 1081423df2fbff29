//! `kubectl wait` and `kubectl rollout status`.
use super::flags::FlagSpec;
use super::Ctx;
pub const WAIT_FLAGS: &[FlagSpec] = &[];
pub const ROLLOUT_FLAGS: &[FlagSpec] = &[];
pub fn wait(ctx: &mut Ctx) { ctx.fail("error: not yet"); }
pub fn rollout(ctx: &mut Ctx) { ctx.fail("error: not yet"); }
