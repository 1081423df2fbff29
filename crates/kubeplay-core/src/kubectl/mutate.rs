//! `kubectl scale|patch|label|annotate`.
use super::flags::FlagSpec;
use super::Ctx;
pub const SCALE_FLAGS: &[FlagSpec] = &[];
pub const PATCH_FLAGS: &[FlagSpec] = &[];
pub const META_FLAGS: &[FlagSpec] = &[];
pub fn scale(ctx: &mut Ctx) { ctx.fail("error: not yet"); }
pub fn patch(ctx: &mut Ctx) { ctx.fail("error: not yet"); }
pub fn label(ctx: &mut Ctx) { ctx.fail("error: not yet"); }
pub fn annotate(ctx: &mut Ctx) { ctx.fail("error: not yet"); }
