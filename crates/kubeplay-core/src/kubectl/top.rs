//! `kubectl top pod|node` (staging/src/k8s.io/kubectl/pkg/cmd/top): a kind cluster has no
//! metrics-server, so the metrics.k8s.io API is not served and kubectl says so.

use super::flags::{flag, switch, FlagSpec};
use super::{subcommand, Args, Ctx, Subcommand};

pub const FLAGS: &[FlagSpec] = &[];
const POD_FLAGS: &[FlagSpec] = &[switch("all-namespaces", Some('A')), flag("selector", Some('l')), switch("containers", None), flag("sort-by", None), switch("no-headers", None), switch("sum", None), flag("field-selector", None)];
const NODE_FLAGS: &[FlagSpec] = &[flag("selector", Some('l')), flag("sort-by", None), switch("no-headers", None), switch("show-capacity", None)];

pub const SUBCOMMANDS: &[Subcommand] = &[
    Subcommand { name: "node", aliases: &["nodes", "no"], flags: NODE_FLAGS, args: Args::Resources, run: unavailable },
    Subcommand { name: "pod", aliases: &["pods", "po"], flags: POD_FLAGS, args: Args::Resources, run: unavailable },
];

/// `kubectl top` alone prints its help on stderr and exits 1 (cmdutil.DefaultSubCommandRun).
const HELP: &str = "Display resource (CPU/memory) usage.

 The top command allows you to see the resource consumption for nodes or pods.

 This command requires Metrics Server to be correctly configured and working on the server.

Available Commands:
  node        Display resource (CPU/memory) usage of nodes
  pod         Display resource (CPU/memory) usage of pods

Usage:
  kubectl top [flags] [options]

Use \"kubectl top <command> --help\" for more information about a given command.
Use \"kubectl options\" for a list of global command-line options (applies to all commands).
";

pub fn run(ctx: &mut Ctx) {
    let args = ctx.p.args.clone();
    match args.first().map(|a| (a, subcommand(SUBCOMMANDS, a))) {
        Some((_, Some(sub))) => (sub.run)(ctx, &args[1..]),
        // RequireNoArguments: a word that is no subcommand is a usage error.
        Some(_) => ctx.fail(format!("error: unknown command {}\nSee 'kubectl top -h' for help and examples", crate::api::errors::go_quote(&args.join(" ")))),
        None => ctx.fail(HELP.trim_end()),
    }
}

/// top_pod.go / top_node.go: without metrics.k8s.io in discovery, `Metrics API not available`.
fn unavailable(ctx: &mut Ctx, _args: &[String]) {
    ctx.fail("error: Metrics API not available");
}
