//! kubectl as a table of commands: tokenized argv → command table → executor → printers.
//! `help` and completion read the same table.

mod api_resources;
mod apply;
mod attach;
mod cluster_info;
mod config;
mod cordon;
mod cp;
mod create_data;
mod custom_columns;
mod create_job;
mod create_priorityclass;
mod create_service;
mod create_workload;
mod delete;
mod describe;
mod describe_fmt;
mod describe_generic;
mod describe_network;
mod describe_node;
mod describe_pod;
mod describe_storage;
mod describe_workloads;
mod drain;
mod events;
mod exec;
mod expose;
pub mod flags;
mod gen;
mod gosort;
mod get;
pub mod humanize;
pub mod jsonpath;
mod label;
mod logs;
mod mutate;
pub mod output;
mod podref;
mod printers;
mod printobj;
mod replace_force;
pub mod printers_batch;
pub mod printers_pod;
pub mod printers_storage;
mod resources;
mod rollout;
mod rollout_history;
mod run;
mod select;
mod send;
mod set;
mod set_env;
mod set_image;
mod set_resources;
mod taint;
mod top;
mod wait;
mod watch;

use crate::{Simulation, Transcript};
use flags::{FlagSpec, Parsed};

/// What a command handler gets: the simulation, the parsed line, stdin, and the namespace in effect.
pub struct Ctx<'a> {
    pub sim: &'a mut Simulation,
    pub p: Parsed,
    pub stdin: Option<String>,
    pub namespace: String,
    pub out: Transcript,
    /// The apiserver warnings this command printed (kubectl prints each text once).
    warned: Vec<String>,
}

impl Ctx<'_> {
    pub fn fail(&mut self, msg: impl AsRef<str>) {
        let m = msg.as_ref();
        self.out.err(if m.ends_with('\n') { m.to_string() } else { format!("{m}\n") });
        self.out.status = 1;
    }

    /// The apiserver's warnings on a write that went through (`old`: the object an update
    /// replaced), printed as kubectl's warning handler does: `Warning: …` on stderr, each text
    /// once per command.
    pub fn warn(&mut self, old: Option<&crate::api::Object>, new: &crate::api::Object) {
        self.requesting(new.kind());
        let texts = match old {
            None => crate::api::warnings::on_create(new),
            Some(o) => crate::api::warnings::on_update(o, new),
        };
        for w in texts {
            self.warn_text(w);
        }
    }

    /// A request for resources of `kind` is about to go out: the deprecation warning every
    /// response for a deprecated resource carries (v1 Endpoints), once per command.
    pub fn requesting(&mut self, kind: crate::api::Kind) {
        if let Some(w) = crate::api::warnings::deprecated(kind) {
            self.warn_text(w.to_string());
        }
    }

    fn warn_text(&mut self, w: String) {
        if !self.warned.contains(&w) {
            self.out.err(format!("Warning: {w}\n"));
            self.warned.push(w);
        }
    }

    /// An error from the apiserver as kubectl's CheckErr prints it: always one newline after the
    /// message (MultilineError), so a message that ends in one (a refused pod update's diff) is
    /// followed by an empty line.
    pub fn fail_api(&mut self, e: &crate::api::errors::ApiError) {
        self.out.err(format!("{}\n", e.render(None)));
        self.out.status = 1;
    }
}

/// One row of the command table.
pub struct Command {
    pub name: &'static str,
    pub about: &'static str,
    pub flags: &'static [FlagSpec],
    /// What the positional arguments are (for completion; subcommands also for dispatch).
    pub args: Args,
    pub run: fn(&mut Ctx),
}

/// What a command's positional arguments are.
pub enum Args {
    /// None that name anything (`apply -f`, `version`, a new object's name).
    Nothing,
    /// `TYPE[,TYPE...] [NAME...]` or `TYPE/NAME...`, with `KEY=VALUE` words mixed in for some verbs.
    Resources,
    /// One pod as `POD` or `TYPE/NAME` (`logs`, `exec`), resolved by `podref.rs`.
    Pod,
    /// Node names (`cordon`, `drain`).
    Nodes,
    /// A subcommand from this table first (its handler dispatches through the same table).
    Subcommands(&'static [Subcommand]),
}

/// One subcommand (`set image`, `rollout status`, `create job`): its flags, its arguments and its
/// handler, which gets the positional arguments after the subcommand's name.
pub struct Subcommand {
    pub name: &'static str,
    /// Other names cobra accepts (`create deploy`, `create ns`); completion offers `name` only.
    pub aliases: &'static [&'static str],
    /// The subcommand's own flags: cobra gives a subcommand its parent's persistent flags only,
    /// so `kubectl create deployment -f x` is an unknown flag.
    pub flags: &'static [FlagSpec],
    pub args: Args,
    pub run: fn(&mut Ctx, &[String]),
}

/// The row of `table` named (or aliased) `name`.
pub fn subcommand<'a>(table: &'a [Subcommand], name: &str) -> Option<&'a Subcommand> {
    table.iter().find(|s| s.name == name || s.aliases.contains(&name))
}

/// The positional words of a command line, skipping flags and the values of any flag in `specs`
/// that takes one, the way cobra's `Find` strips flags before looking up subcommands.
fn positionals<'a>(args: &'a [String], specs: &[&FlagSpec]) -> Vec<&'a str> {
    let takes_value = |long: Option<&str>, short: Option<char>| specs.iter().any(|f| f.takes_value && (long.is_some_and(|l| f.long == l) || short.is_some_and(|c| f.short == Some(c))));
    let mut out = Vec::new();
    let mut i = 0;
    while let Some(a) = args.get(i) {
        i += 1;
        if a == "--" {
            break;
        }
        if let Some(body) = a.strip_prefix("--") {
            if !body.contains('=') && takes_value(Some(body), None) {
                i += 1;
            }
        } else if let Some(shorts) = a.strip_prefix('-').filter(|s| !s.is_empty()) {
            // `-n x` takes the next word; `-nx` and `-it` do not.
            let mut chars = shorts.chars();
            while let Some(c) = chars.next() {
                if takes_value(None, Some(c)) {
                    if chars.as_str().is_empty() {
                        i += 1;
                    }
                    break;
                }
            }
        } else {
            out.push(a.as_str());
        }
    }
    out
}

/// Every flag of a subcommand tree, for finding its positional words.
fn tree_flags(args: &Args, out: &mut Vec<&'static FlagSpec>) {
    if let Args::Subcommands(table) = args {
        for s in table.iter() {
            out.extend(s.flags.iter());
            tree_flags(&s.args, out);
        }
    }
}

/// The flags a command line is parsed against and the command path for pflag's "See '... --help'"
/// line: the deepest subcommand it names (`create secret generic`), else the command's own.
/// `None` for a subcommand kubeplay does not simulate, so its handler can say so whatever flags
/// the line has.
pub fn flags_for(cmd: &Command, args: &[String]) -> Option<(&'static [FlagSpec], String)> {
    let mut specs: Vec<&'static FlagSpec> = cmd.flags.iter().chain(flags::GLOBAL).collect();
    tree_flags(&cmd.args, &mut specs);
    let words = positionals(args, &specs);
    let mut path = format!("kubectl {}", cmd.name);
    let (mut flags, mut node) = (cmd.flags, &cmd.args);
    for (depth, w) in words.iter().enumerate() {
        let Args::Subcommands(table) = node else { break };
        match subcommand(table, w) {
            Some(sub) => {
                path = format!("{path} {}", sub.name);
                flags = sub.flags;
                node = &sub.args;
            }
            // `create` reads `-f` without a subcommand; others need one.
            None if depth == 0 && !cmd.flags.is_empty() => break,
            None => return None,
        }
    }
    Some((flags, path))
}

/// `a, b`: a subcommand table's names, for "supported: …" messages.
pub fn subcommand_names(table: &[Subcommand]) -> String {
    table.iter().map(|s| s.name).collect::<Vec<_>>().join(", ")
}

/// The command table, in `kubectl --help` order.
pub const COMMANDS: &[Command] = &[
    Command { name: "create", about: "Create a resource from a file or from stdin", flags: apply::CREATE_FLAGS, args: Args::Subcommands(apply::CREATE_SUBCOMMANDS), run: apply::create },
    Command { name: "expose", about: "Take a replication controller, service, deployment or pod and expose it as a new Kubernetes service", flags: expose::FLAGS, args: Args::Resources, run: expose::run },
    Command { name: "run", about: "Run a particular image on the cluster", flags: run::FLAGS, args: Args::Nothing, run: run::run },
    Command { name: "get", about: "Display one or many resources", flags: get::FLAGS, args: Args::Resources, run: get::run },
    Command { name: "delete", about: "Delete resources by file names, stdin, resources and names, or by resources and label selector", flags: delete::FLAGS, args: Args::Resources, run: delete::run },
    Command { name: "rollout", about: "Manage the rollout of a resource", flags: rollout::FLAGS, args: Args::Subcommands(rollout::SUBCOMMANDS), run: rollout::run },
    Command { name: "scale", about: "Set a new size for a deployment, replica set, or stateful set", flags: mutate::SCALE_FLAGS, args: Args::Resources, run: mutate::scale },
    Command { name: "describe", about: "Show details of a specific resource or group of resources", flags: describe::FLAGS, args: Args::Resources, run: describe::run },
    Command { name: "events", about: "List events", flags: events::FLAGS, args: Args::Nothing, run: events::run },
    Command { name: "logs", about: "Print the logs for a container in a pod", flags: logs::FLAGS, args: Args::Pod, run: logs::run },
    Command { name: "exec", about: "Execute a command in a container", flags: exec::FLAGS, args: Args::Pod, run: exec::run },
    Command { name: "cp", about: "Copy files and directories to and from containers", flags: cp::FLAGS, args: Args::Nothing, run: cp::run },
    Command { name: "apply", about: "Apply a configuration to a resource by file name or stdin", flags: apply::APPLY_FLAGS, args: Args::Nothing, run: apply::apply },
    Command { name: "patch", about: "Update fields of a resource", flags: mutate::PATCH_FLAGS, args: Args::Resources, run: mutate::patch },
    Command { name: "replace", about: "Replace a resource by file name or stdin", flags: apply::REPLACE_FLAGS, args: Args::Nothing, run: apply::replace },
    Command { name: "set", about: "Set specific features on objects", flags: set::FLAGS, args: Args::Subcommands(set::SUBCOMMANDS), run: set::run },
    Command { name: "label", about: "Update the labels on a resource", flags: label::FLAGS, args: Args::Resources, run: label::label },
    Command { name: "annotate", about: "Update the annotations on a resource", flags: label::FLAGS, args: Args::Resources, run: label::annotate },
    Command { name: "wait", about: "Experimental: Wait for a specific condition on one or many resources", flags: wait::WAIT_FLAGS, args: Args::Resources, run: wait::wait },
    Command { name: "api-resources", about: "Print the supported API resources on the server", flags: api_resources::FLAGS, args: Args::Nothing, run: api_resources::run },
    Command { name: "cluster-info", about: "Display cluster information", flags: &[], args: Args::Nothing, run: cluster_info::run },
    Command { name: "top", about: "Display resource (CPU/memory) usage", flags: top::FLAGS, args: Args::Subcommands(top::SUBCOMMANDS), run: top::run },
    Command { name: "cordon", about: "Mark node as unschedulable", flags: cordon::FLAGS, args: Args::Nodes, run: cordon::cordon },
    Command { name: "uncordon", about: "Mark node as schedulable", flags: cordon::FLAGS, args: Args::Nodes, run: cordon::uncordon },
    Command { name: "drain", about: "Drain node in preparation for maintenance", flags: drain::FLAGS, args: Args::Nodes, run: drain::run },
    Command { name: "taint", about: "Update the taints on one or more nodes", flags: taint::FLAGS, args: Args::Resources, run: taint::run },
    Command { name: "config", about: "Modify kubeconfig files", flags: config::FLAGS, args: Args::Subcommands(config::SUBCOMMANDS), run: config::run },
    Command { name: "version", about: "Print the client and server version information", flags: &[flags::flag("output", Some('o')), flags::switch("client", None)], args: Args::Nothing, run: version },
];

/// Runs `kubectl <args>`.
pub fn run(sim: &mut Simulation, args: &[String], stdin: Option<String>) -> Transcript {
    let mut t = Transcript::default();
    let Some(verb_at) = verb_index(args) else {
        t.out(help());
        return t;
    };
    let name = args[verb_at].clone();
    let Some(cmd) = COMMANDS.iter().find(|c| c.name == name) else {
        if KUBECTL_COMMANDS.contains(&name.as_str()) {
            t.err(format!("kubeplay: \"kubectl {name}\" is not simulated yet; supported: {}\n", command_names().join(", ")));
        } else {
            t.err(unknown_command(&name));
        }
        t.status = 1;
        return t;
    };
    let rest: Vec<String> = args[..verb_at].iter().chain(args[verb_at + 1..].iter()).cloned().collect();
    if let Some(sub) = not_simulated(cmd, &rest) {
        t.err(format!("kubeplay: \"kubectl {} {sub}\" is not simulated yet\n", cmd.name));
        t.status = 1;
        return t;
    }
    let parsed = match flags_for(cmd, &rest) {
        Some((specs, path)) => flags::parse(&rest, specs, &path),
        None => Ok(flags::parse_lenient(&rest)),
    };
    let p = match parsed {
        Ok(p) => p,
        Err(e) => {
            t.err(format!("{e}\n"));
            t.status = 1;
            return t;
        }
    };
    // -n, else the current context's namespace (`kubectl config set-context --current --namespace`).
    let namespace = p.get("namespace").map(str::to_string).or_else(|| sim.context_namespace.clone()).unwrap_or_else(|| "default".into());
    if crate::leases::named_in(&p.args) {
        crate::leases::catch_up(&mut sim.cluster);
    }
    let mut ctx = Ctx { sim, p, stdin, namespace, out: t, warned: Vec::new() };
    (cmd.run)(&mut ctx);
    let _ = ctx.sim.settle();
    ctx.out
}

/// Subcommands of a simulated command that kubeplay does not simulate and whose flags it does not
/// list, refused before flag parsing (cobra would parse their own flags): `cluster-info dump`
/// writes every namespace's objects and logs.
const NOT_SIMULATED: &[(&str, &str)] = &[("cluster-info", "dump")];

fn not_simulated(cmd: &Command, args: &[String]) -> Option<&'static str> {
    let specs: Vec<&FlagSpec> = cmd.flags.iter().chain(flags::GLOBAL).collect();
    let first = *positionals(args, &specs).first()?;
    NOT_SIMULATED.iter().find(|(c, s)| *c == cmd.name && *s == first).map(|(_, s)| *s)
}

/// The workstation files a kubectl line reads besides `-f` and the data flags: `cp`'s local source.
pub(crate) fn files_read(args: &[String]) -> Vec<String> {
    match verb_index(args) {
        Some(i) if args[i] == "cp" => {
            let rest: Vec<String> = args[..i].iter().chain(&args[i + 1..]).cloned().collect();
            cp::local_source(&rest).into_iter().collect()
        }
        _ => Vec::new(),
    }
}

/// Global flags that take a value as the next argument, so `kubectl -n kube-system get pods` finds
/// `get` as the verb (cobra parses persistent flags before the subcommand name too).
const GLOBAL_VALUE_FLAGS: &[&str] = &["-n", "--namespace", "--context", "--cluster", "--user", "--kubeconfig", "-s", "--server", "--request-timeout", "-v", "--v"];

/// Where the verb is: the first argument that is neither a flag nor a global flag's value.
pub(crate) fn verb_index(args: &[String]) -> Option<usize> {
    let mut i = 0;
    while i < args.len() {
        let a = args[i].as_str();
        if GLOBAL_VALUE_FLAGS.contains(&a) {
            i += 2;
        } else if a.starts_with('-') {
            i += 1;
        } else {
            return Some(i);
        }
    }
    None
}

fn unknown_command(name: &str) -> String {
    let mut s = format!("error: unknown command \"{name}\" for \"kubectl\"");
    let close: Vec<&str> = KUBECTL_COMMANDS.iter().copied().filter(|c| levenshtein(c, name) <= 2 || c.starts_with(name)).collect();
    if !close.is_empty() {
        s.push_str("\n\nDid you mean this?\n");
        for c in close {
            s.push_str(&format!("\t{c}\n"));
        }
    } else {
        s.push('\n');
    }
    s
}

/// Every top-level command of kubectl v1.33, in cobra's order (for "Did you mean this?").
const KUBECTL_COMMANDS: &[&str] = &[
    "create", "expose", "run", "set", "explain", "get", "edit", "delete", "rollout", "scale", "autoscale", "certificate",
    "cluster-info", "top", "cordon", "uncordon", "drain", "taint", "describe", "logs", "attach", "exec", "port-forward", "proxy",
    "cp", "auth", "debug", "events", "diff", "apply", "patch", "replace", "wait", "kustomize", "label", "annotate", "completion",
    "alpha", "api-resources", "api-versions", "config", "plugin", "version", "options",
];

fn levenshtein(a: &str, b: &str) -> usize {
    let b: Vec<char> = b.chars().collect();
    let mut prev: Vec<usize> = (0..=b.len()).collect();
    for (i, ca) in a.chars().enumerate() {
        let mut cur = vec![i + 1];
        for (j, cb) in b.iter().enumerate() {
            cur.push((prev[j] + usize::from(ca != *cb)).min(prev[j + 1] + 1).min(cur[j] + 1));
        }
        prev = cur;
    }
    prev[b.len()]
}

fn help() -> String {
    let mut s = String::from("kubectl controls the Kubernetes cluster manager.\n\nCommands supported by kubeplay:\n");
    for c in COMMANDS {
        s.push_str(&format!("  {:<13} {}\n", c.name, c.about));
    }
    s.push_str("\nUsage:\n  kubectl [flags] [options]\n");
    s
}

fn version(ctx: &mut Ctx) {
    let client = "Client Version: v1.33.1\nKustomize Version: v5.6.0\n";
    if ctx.p.on("client") {
        ctx.out.out(client);
    } else {
        ctx.out.out(format!("{client}Server Version: v1.33.1\n"));
    }
}

/// Names a tab completion could offer after `kubectl ` (the command table's names).
pub fn command_names() -> Vec<&'static str> {
    COMMANDS.iter().map(|c| c.name).collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn kubectl(sim: &mut Simulation, line: &[&str]) -> String {
        run(sim, &line.iter().map(|a| a.to_string()).collect::<Vec<_>>(), None).text()
    }

    #[test]
    fn subcommand_tables_are_what_the_verbs_dispatch() {
        let mut sim = Simulation::new(1, 1_735_689_600_000);
        for c in COMMANDS {
            let Args::Subcommands(table) = c.args else { continue };
            assert!(!table.is_empty(), "{}", c.name);
            for sub in table {
                let nested: Vec<&str> = match sub.args {
                    Args::Subcommands(t) => t.iter().map(|n| n.name).collect(),
                    _ => vec![""],
                };
                for n in nested {
                    let line: Vec<&str> = [c.name, sub.name, n].into_iter().filter(|w| !w.is_empty()).collect();
                    let out = kubectl(&mut sim, &line);
                    assert!(!out.contains("not simulated") && !out.contains("Required subcommand"), "kubectl {}: {out}", line.join(" "));
                }
            }
            let out = kubectl(&mut sim, &[c.name, "bogus"]);
            if c.name == "top" {
                // Every `top` subcommand is there, so a bogus one is kubectl's own usage error.
                assert!(out.contains("unknown command \"bogus\""), "kubectl top bogus: {out}");
            } else if c.name != "create" {
                assert!(out.contains(&format!("not simulated yet; supported: {}", subcommand_names(table))), "kubectl {} bogus: {out}", c.name);
            }
        }
        let mut names = command_names();
        names.sort_unstable();
        names.dedup();
        assert_eq!(names.len(), COMMANDS.len(), "command names are unique");
    }
}
