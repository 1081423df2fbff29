//! `kubectl rollout`: the subcommand table (`status` lives with `wait`, which shares its clock
//! handling).

use super::flags::FlagSpec;
use super::{subcommand, subcommand_names, Args, Ctx, Subcommand};

/// `rollout` itself takes no flags of its own; each subcommand has its set.
pub const FLAGS: &[FlagSpec] = &[];

/// The `kubectl rollout` subcommands kubeplay simulates; `rollout` dispatches through this table.
pub const SUBCOMMANDS: &[Subcommand] = &[Subcommand { name: "status", aliases: &[], flags: super::wait::ROLLOUT_STATUS_FLAGS, args: Args::Resources, run: super::wait::rollout_status }];

pub fn run(ctx: &mut Ctx) {
    let args = ctx.p.args.clone();
    match args.first().map(|a| (a, subcommand(SUBCOMMANDS, a))) {
        Some((_, Some(sub))) => (sub.run)(ctx, &args[1..]),
        Some((other, None)) => ctx.fail(format!("kubeplay: \"kubectl rollout {other}\" is not simulated yet; supported: {}", subcommand_names(SUBCOMMANDS))),
        None => ctx.fail("error: Required subcommand: kubectl rollout status|history|pause|restart|resume|undo"),
    }
}
