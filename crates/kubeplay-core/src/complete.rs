//! Tab completion for the console: the word before the caret, completed bash-style from the tables
//! the commands dispatch through (`commands::COMMANDS`, kubectl's command table with its flags and
//! subcommands, `api::kinds::KINDS`) and from the names in the store, the session's files and the
//! shell's variables.

use std::collections::BTreeSet;

use crate::api::kinds::{kind_from_resource, KINDS};
use crate::api::{Kind, ObjKey, Object};
use crate::kubectl::flags::{flag, FlagSpec, GLOBAL};
use crate::kubectl::{command_names, subcommand, Args, COMMANDS as KUBECTL};
use crate::Simulation;

/// Bound on the candidates one completion lists.
pub const MAX_CANDIDATES: usize = 200;

/// `why` reads only `-n`/`--namespace` (see `why.rs`).
const WHY_FLAGS: &[FlagSpec] = &[flag("namespace", Some('n'))];

/// Completion of the last word of `line` (the text before the caret), bash-style.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Completion {
    /// Byte offset in `line` where the word the candidates replace starts.
    pub start: usize,
    /// Whole words that can replace `line[start..]` (each starts with it), sorted, at most
    /// [`MAX_CANDIDATES`].
    pub candidates: Vec<String>,
    /// The longest common prefix of the candidates (of all of them, also those past the bound).
    pub common: String,
}

impl Simulation {
    /// Completes the last word of `line`, the text before the caret. See [`complete`].
    pub fn complete(&self, line: &str) -> Completion {
        complete(self, line)
    }
}

/// Completes the last word of `line`, the text before the caret: command names first, then
/// kubectl verbs, subcommands, flags, resource types, object names (`TYPE NAME`, `TYPE/NAME`,
/// pods for `logs`/`exec`, in the `-n` namespace), namespaces after `-n`, files after `-f`, after
/// `<` or `>` and for the workstation's tools, variables after `$`. Inside `$(` a new command
/// starts. Nothing inside quotes, comments or heredoc bodies. Deterministic and never panics.
pub fn complete(sim: &Simulation, line: &str) -> Completion {
    let Some(cmd) = current_command(line) else { return Completion { start: line.len(), ..Completion::default() } };
    let mut found = BTreeSet::new();
    if let Some(prefix) = cmd.word.strip_prefix('$') {
        found.extend(sim.shell.names().filter(|n| n.starts_with(prefix)).map(|n| format!("${n}")));
    } else if cmd.target {
        files(sim, &cmd.word, &mut found);
    } else {
        candidates(sim, &cmd.words, &cmd.word, &mut found);
    }
    found.retain(|c| c.starts_with(cmd.word.as_str()));
    let common = match (found.first(), found.last()) {
        (Some(first), Some(last)) => common_prefix(first, last).to_string(),
        _ => String::new(),
    };
    Completion { start: cmd.start, candidates: found.into_iter().take(MAX_CANDIDATES).collect(), common }
}

/// In byte order, the common prefix of the smallest and the largest string is everyone's.
fn common_prefix<'a>(a: &'a str, b: &str) -> &'a str {
    let mut end = 0;
    for ((i, x), y) in a.char_indices().zip(b.chars()) {
        if x != y {
            break;
        }
        end = i + x.len_utf8();
    }
    &a[..end]
}

/// The simple command the caret is in: its finished words (quotes removed) and the word being
/// typed, which starts at byte `start`.
#[derive(Debug, PartialEq)]
struct Current {
    words: Vec<String>,
    word: String,
    start: usize,
    /// The word is a redirection's file (`> FILE`, `< FILE`).
    target: bool,
}

/// A word being read: where it starts, its text after quote removal, and whether it was typed
/// plainly (no quotes, escapes or continuations), so that replacing its source text is safe.
struct Partial {
    start: usize,
    text: String,
    plain: bool,
}

/// Reads `text` the way `script.rs` does (`;` `|` `&&` `||` and newlines separate commands, `\`
/// continues a line, `#` comments, heredoc bodies are skipped), leniently: `None` when the caret
/// is in something completion should leave alone (a quote, a comment, a heredoc, an escaped word).
fn current_command(text: &str) -> Option<Current> {
    let chars: Vec<(usize, char)> = text.char_indices().collect();
    let at = |i: usize| chars.get(i).map(|&(_, c)| c);
    let mut words: Vec<String> = Vec::new();
    let mut word: Option<Partial> = None;
    let mut heredocs: Vec<(String, bool)> = Vec::new();
    // After `<<` (`Some(strip_tabs)`): the next word is a heredoc delimiter.
    let mut delimiter: Option<bool> = None;
    // After `<` or `>`: the next word is a file, not an argument.
    let mut target = false;
    let end_word = |word: &mut Option<Partial>, words: &mut Vec<String>, heredocs: &mut Vec<(String, bool)>, delimiter: &mut Option<bool>, target: &mut bool| {
        if let Some(w) = word.take() {
            match delimiter.take() {
                Some(strip_tabs) => heredocs.push((w.text, strip_tabs)),
                None if std::mem::take(target) => {}
                None => words.push(w.text),
            }
        }
    };
    let mut i = 0;
    while let Some(&(pos, c)) = chars.get(i) {
        match c {
            ' ' | '\t' | '\r' => {
                end_word(&mut word, &mut words, &mut heredocs, &mut delimiter, &mut target);
                i += 1;
            }
            '&' if at(i + 1) == Some('>') => i += 1, // `&>`: read as `>`
            '\n' | ';' | '|' | '&' | '(' | ')' | '`' => {
                end_word(&mut word, &mut words, &mut heredocs, &mut delimiter, &mut target);
                words.clear();
                delimiter = None;
                target = false;
                i += 1;
                if c == '\n' && !heredocs.is_empty() {
                    i = skip_heredocs(&chars, i, &heredocs)?;
                    heredocs.clear();
                }
            }
            // `$(` starts a command, like the start of a line.
            '$' if at(i + 1) == Some('(') => {
                end_word(&mut word, &mut words, &mut heredocs, &mut delimiter, &mut target);
                words.clear();
                i += 2;
            }
            '>' => {
                // `2>`: the descriptor's digits are not a word.
                if word.as_ref().is_some_and(|w| w.plain && !w.text.is_empty() && w.text.chars().all(|d| d.is_ascii_digit())) {
                    word = None;
                }
                end_word(&mut word, &mut words, &mut heredocs, &mut delimiter, &mut target);
                i += 1;
                while matches!(at(i), Some('>' | '|' | '&')) {
                    i += 1;
                }
                target = true;
            }
            '#' if word.is_none() => {
                // A comment runs to the end of the line; the caret in one completes nothing.
                i += chars[i..].iter().position(|&(_, c)| c == '\n')?;
            }
            '<' => {
                end_word(&mut word, &mut words, &mut heredocs, &mut delimiter, &mut target);
                i += 1;
                if at(i) == Some('<') && at(i + 1) == Some('<') {
                    i += 2; // a here-string: its word is text
                    target = true;
                } else if at(i) == Some('<') {
                    i += 1;
                    let strip_tabs = at(i) == Some('-');
                    i += usize::from(strip_tabs);
                    delimiter = Some(strip_tabs);
                } else {
                    target = true;
                }
            }
            '\\' => {
                let w = word.get_or_insert(Partial { start: pos, text: String::new(), plain: true });
                w.plain = false;
                match at(i + 1) {
                    // A continuation between words joins the lines and leaves no word behind.
                    Some('\n') if w.text.is_empty() && w.start == pos => word = None,
                    Some('\n') => {}
                    Some(next) => w.text.push(next),
                    None => {}
                }
                i += 2;
            }
            '\'' | '"' => {
                let w = word.get_or_insert(Partial { start: pos, text: String::new(), plain: true });
                w.plain = false;
                i += 1;
                loop {
                    match at(i)? {
                        q if q == c => break,
                        '\\' if c == '"' && matches!(at(i + 1), Some('"' | '\\' | '$' | '`')) => {
                            w.text.push(at(i + 1)?);
                            i += 2;
                        }
                        other => {
                            w.text.push(other);
                            i += 1;
                        }
                    }
                }
                i += 1;
            }
            _ => {
                word.get_or_insert(Partial { start: pos, text: String::new(), plain: true }).text.push(c);
                i += 1;
            }
        }
    }
    if delimiter.is_some() {
        return None; // typing a heredoc's delimiter
    }
    match word {
        Some(w) if w.plain => Some(Current { words, word: w.text, start: w.start, target }),
        Some(_) => None,
        None => Some(Current { words, word: String::new(), start: text.len(), target }),
    }
}

/// Skips the bodies of `heredocs` starting at char index `i` (the line after their command);
/// `None` when the text ends inside one (the caret is in a heredoc body).
fn skip_heredocs(chars: &[(usize, char)], mut i: usize, heredocs: &[(String, bool)]) -> Option<usize> {
    for (delim, strip_tabs) in heredocs {
        loop {
            let len = chars[i.min(chars.len())..].iter().position(|&(_, c)| c == '\n')?;
            let line: String = chars[i..i + len].iter().map(|&(_, c)| c).collect();
            i += len + 1;
            let line = if *strip_tabs { line.trim_start_matches('\t') } else { line.as_str() };
            if line == delim {
                break;
            }
        }
    }
    Some(i)
}

fn candidates(sim: &Simulation, words: &[String], word: &str, out: &mut BTreeSet<String>) {
    let Some((first, args)) = words.split_first() else {
        out.extend(crate::commands::COMMANDS.iter().map(|c| c.to_string()));
        return;
    };
    match crate::commands::resolve(first) {
        Some("kubectl") => kubectl(sim, args, word, out),
        Some("why") => why(sim, args, word, out),
        Some("unset") => out.extend(sim.shell.names().map(str::to_string)),
        Some(tool) if crate::workstation::is_tool(tool) && !word.starts_with('-') => files(sim, word, out),
        _ => {}
    }
}

fn kubectl(sim: &Simulation, args: &[String], word: &str, out: &mut BTreeSet<String>) {
    let globals: Vec<&'static FlagSpec> = GLOBAL.iter().collect();
    // The verb as `kubectl::run` finds it (global flags and their values may come first).
    let Some(at) = crate::kubectl::verb_index(args) else {
        let read = read_args(args, &globals);
        if read.pending.is_none() {
            if word.starts_with('-') {
                flags(&globals, word, out);
            } else {
                out.extend(command_names().into_iter().map(str::to_string));
            }
        }
        return;
    };
    let Some(cmd) = KUBECTL.iter().find(|c| c.name == args[at]) else { return };
    let rest: Vec<String> = args[..at].iter().chain(&args[at + 1..]).cloned().collect();
    // The subcommand's flags once one is named, as `kubectl::run` parses them.
    let own = crate::kubectl::flags_for(cmd, &rest).map_or(&[][..], |(f, _)| f);
    let specs: Vec<&'static FlagSpec> = own.iter().chain(GLOBAL).collect();
    let read = read_args(&rest, &specs);
    if read.after_dash {
        return; // the command to run in the container
    }
    after_flags(sim, &specs, &read, &cmd.args, word, out);
}

fn why(sim: &Simulation, args: &[String], word: &str, out: &mut BTreeSet<String>) {
    let specs: Vec<&'static FlagSpec> = WHY_FLAGS.iter().collect();
    after_flags(sim, &specs, &read_args(args, &specs), &Args::Resources, word, out);
}

/// Completes a flag, a flag's value or a positional argument.
fn after_flags(sim: &Simulation, specs: &[&'static FlagSpec], read: &Read, args: &Args, word: &str, out: &mut BTreeSet<String>) {
    let ns = read.namespace.as_deref().unwrap_or("default");
    if let Some(spec) = read.pending {
        return values(sim, spec, word, ns, read, args, out);
    }
    if let Some((name, value)) = word.strip_prefix("--").and_then(|w| w.split_once('=')) {
        if let Some(spec) = specs.iter().find(|s| s.long == name && s.takes_value) {
            let mut found = BTreeSet::new();
            values(sim, spec, value, ns, read, args, &mut found);
            out.extend(found.into_iter().map(|v| format!("--{name}={v}")));
        }
        return;
    }
    if word.starts_with('-') {
        return flags(specs, word, out);
    }
    positional(sim, args, &read.positional, word, ns, out);
}

/// `--long` for every flag, and a short flag typed whole (`-n`) as it is.
fn flags(specs: &[&'static FlagSpec], word: &str, out: &mut BTreeSet<String>) {
    for s in specs {
        out.insert(format!("--{}", s.long));
        if s.short.is_some_and(|c| word == format!("-{c}")) {
            out.insert(word.to_string());
        }
    }
}

/// A command line's arguments read against flag specs the way `flags::parse` reads them, leniently
/// (unknown flags are skipped, not errors).
#[derive(Default)]
struct Read {
    positional: Vec<String>,
    namespace: Option<String>,
    /// `--` was given: what follows is not kubectl's.
    after_dash: bool,
    /// The last argument is a flag waiting for its value: the word being typed is that value.
    pending: Option<&'static FlagSpec>,
}

fn read_args(args: &[String], specs: &[&'static FlagSpec]) -> Read {
    let mut read = Read::default();
    let mut it = args.iter();
    let take = |spec: &'static FlagSpec, inline: Option<&str>, it: &mut std::slice::Iter<String>, read: &mut Read| {
        match inline.map(str::to_string).or_else(|| it.next().cloned()) {
            Some(v) if spec.long == "namespace" => read.namespace = Some(v),
            Some(_) => {}
            None => read.pending = Some(spec),
        }
    };
    while let Some(a) = it.next() {
        if a == "--" {
            read.after_dash = true;
            break;
        }
        if let Some(body) = a.strip_prefix("--") {
            let (name, inline) = match body.split_once('=') {
                Some((n, v)) => (n, Some(v)),
                None => (body, None),
            };
            if let Some(spec) = specs.iter().find(|s| s.long == name && s.takes_value) {
                take(spec, inline, &mut it, &mut read);
            }
        } else if let Some(shorts) = a.strip_prefix('-').filter(|s| !s.is_empty() && !s.chars().all(|c| c.is_ascii_digit())) {
            for (j, c) in shorts.char_indices() {
                if let Some(spec) = specs.iter().find(|s| s.short == Some(c) && s.takes_value) {
                    let rest = &shorts[j + c.len_utf8()..];
                    let inline = if rest.is_empty() { None } else { Some(rest.strip_prefix('=').unwrap_or(rest)) };
                    take(spec, inline, &mut it, &mut read);
                    break;
                }
            }
        } else {
            read.positional.push(a.clone());
        }
    }
    read
}

/// Values for a flag: namespaces for `-n`, the session's files for `-f`, a pod's containers for `-c`.
fn values(sim: &Simulation, spec: &FlagSpec, word: &str, ns: &str, read: &Read, args: &Args, out: &mut BTreeSet<String>) {
    match spec.long {
        "namespace" => names(sim, Kind::Namespace, "", word, out),
        "filename" => files(sim, word, out),
        "container" if matches!(args, Args::Pod) => {
            let Some(pod) = read.positional.first() else { return };
            if let Some(Object::Pod(p)) = sim.cluster.get(&ObjKey::new(Kind::Pod, ns, pod)) {
                let spec = p.spec.as_ref();
                let all = spec.into_iter().flat_map(|s| s.containers.iter().chain(s.init_containers.iter().flatten()));
                out.extend(all.map(|c| c.name.clone()));
            }
        }
        _ => {}
    }
}

fn positional(sim: &Simulation, args: &Args, given: &[String], word: &str, ns: &str, out: &mut BTreeSet<String>) {
    match args {
        Args::Nothing => {}
        Args::Resources => resources(sim, given, word, ns, out),
        Args::Pod if !given.is_empty() => {}
        Args::Pod if word.contains('/') => type_names(sim, word, ns, out),
        Args::Pod => names(sim, Kind::Pod, ns, word, out),
        Args::Nodes => names(sim, Kind::Node, ns, word, out),
        Args::Subcommands(table) => match given.split_first() {
            None => out.extend(table.iter().map(|s| s.name.to_string())),
            Some((name, rest)) => {
                if let Some(sub) = subcommand(table, name) {
                    positional(sim, &sub.args, rest, word, ns, out);
                }
            }
        },
    }
}

/// `TYPE[,TYPE]`, then names of that type; or `TYPE/NAME`. `KEY=VALUE` words (label, set image)
/// are not resources.
fn resources(sim: &Simulation, given: &[String], word: &str, ns: &str, out: &mut BTreeSet<String>) {
    if word.contains('=') {
        return;
    }
    if word.contains('/') {
        return type_names(sim, word, ns, out);
    }
    match given.iter().find(|a| !a.contains('=')) {
        None => types(word, out),
        // Once one argument is TYPE/NAME, all must be (resources.rs).
        Some(ty) if ty.contains('/') => {}
        Some(ty) => {
            for kind in ty.split(',').filter_map(kind_from_resource) {
                names(sim, kind, ns, word, out);
            }
        }
    }
}

/// Plural resource names, as kubectl completes them; after a comma, the next type of a list.
fn types(word: &str, out: &mut BTreeSet<String>) {
    let (head, last) = word.split_at(word.rfind(',').map_or(0, |i| i + 1));
    let before = out.len();
    out.extend(KINDS.iter().filter(|k| k.plural.starts_with(last)).map(|k| format!("{head}{}", k.plural)));
    if out.len() == before && !last.is_empty() && kind_from_resource(last).is_some() {
        out.insert(word.to_string()); // a short name or singular (`sts`, `pod`) is complete as typed
    }
}

/// `TYPE/NAME` for the names of TYPE that start with what follows the slash.
fn type_names(sim: &Simulation, word: &str, ns: &str, out: &mut BTreeSet<String>) {
    let Some((ty, prefix)) = word.split_once('/') else { return };
    let Some(kind) = kind_from_resource(ty) else { return };
    let mut found = BTreeSet::new();
    names(sim, kind, ns, prefix, &mut found);
    out.extend(found.into_iter().map(|n| format!("{ty}/{n}")));
}

/// Names of `kind` in `ns` (cluster-scoped kinds ignore it) that start with `prefix`.
fn names(sim: &Simulation, kind: Kind, ns: &str, prefix: &str, out: &mut BTreeSet<String>) {
    let ns = if kind.namespaced() { ns } else { "" };
    out.extend(sim.cluster.store.list_prefix(kind, ns, prefix).map(|o| o.name().to_string()));
}

/// The session's files and directories under `word`, bash-style: a directory completes to `dir/`.
fn files(sim: &Simulation, word: &str, out: &mut BTreeSet<String>) {
    let (dot, prefix) = match word.strip_prefix("./") {
        Some(rest) => ("./", rest),
        None => ("", word),
    };
    for path in sim.files.paths().filter(|p| p.starts_with(prefix)) {
        let shown = match path[prefix.len()..].find('/') {
            Some(slash) => &path[..prefix.len() + slash + 1],
            None => path,
        };
        out.insert(format!("{dot}{shown}"));
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn sim() -> Simulation {
        let mut sim = Simulation::new(1, 1_735_689_600_000);
        let t = sim.run_script(
            "kubectl apply -f - <<EOF\n\
             apiVersion: apps/v1\nkind: StatefulSet\nmetadata:\n  name: web\nspec:\n  serviceName: web\n  replicas: 2\n  \
             selector:\n    matchLabels: {app: web}\n  template:\n    metadata:\n      labels: {app: web}\n    spec:\n      \
             containers: [{name: nginx, image: nginx}]\n\
             ---\n\
             apiVersion: v1\nkind: Pod\nmetadata:\n  name: todo-web\nspec:\n  \
             initContainers: [{name: wait, image: busybox, command: [sh, -c, 'sleep 1']}]\n  \
             containers: [{name: app, image: busybox, command: [sleep, '3600']}, {name: sidecar, image: busybox, command: [sleep, '3600']}]\n\
             ---\n\
             apiVersion: v1\nkind: Namespace\nmetadata:\n  name: team\n\
             EOF\n\
             kubectl apply -f - <<EOF\n\
             apiVersion: v1\nkind: Pod\nmetadata:\n  name: todo-api\n  namespace: team\nspec:\n  containers: [{name: api, image: busybox, command: [sleep, '3600']}]\n\
             EOF\n\
             sleep 2m\n",
        );
        assert_eq!(t.status, 0, "{}", t.text());
        assert!(sim.files.add("todo-list/db/todo-db.yaml", "a"));
        assert!(sim.files.add("todo-list/web/todo-web.yaml", "b"));
        assert!(sim.files.add("pi.yaml", "c"));
        sim
    }

    fn words(sim: &Simulation, line: &str) -> Vec<String> {
        sim.complete(line).candidates
    }

    #[test]
    fn first_word_is_a_command_from_the_dispatch_table() {
        let sim = sim();
        assert_eq!(words(&sim, ""), crate::commands::COMMANDS);
        assert_eq!(sim.complete("k"), Completion { start: 0, candidates: vec!["kubectl".into()], common: "kubectl".into() });
        assert_eq!(words(&sim, "  ec"), ["echo"]);
        assert_eq!(sim.complete("  ec").start, 2);
        assert_eq!(words(&sim, "kubectl get pods; sl"), ["sleep"]);
        assert_eq!(words(&sim, "echo hi && kubectl get pods | c"), ["cat", "continue", "cut"]);
        assert!(words(&sim, "nope ").is_empty());
    }

    #[test]
    fn kubectl_verbs_subcommands_and_types() {
        let sim = sim();
        let mut verbs = command_names();
        verbs.sort_unstable();
        assert_eq!(words(&sim, "kubectl "), verbs);
        assert_eq!(words(&sim, "kubectl ge"), ["get"]);
        assert_eq!(words(&sim, "kubectl -n team ge"), ["get"], "global flags before the verb");
        assert_eq!(words(&sim, "kubectl -n team get pods "), ["todo-api"]);
        assert_eq!(sim.complete("k get po"), Completion { start: 6, candidates: vec!["pods".into()], common: "pods".into() });
        let c = sim.complete("kubectl get p");
        assert_eq!(c.candidates, ["persistentvolumeclaims", "persistentvolumes", "pods", "priorityclasses"]);
        assert_eq!(c.common, "p");
        assert_eq!(words(&sim, "kubectl describe stat"), ["statefulsets"]);
        assert_eq!(words(&sim, "kubectl get pods,se"), ["pods,secrets", "pods,serviceaccounts", "pods,services"]);
        assert_eq!(words(&sim, "kubectl get sts"), ["sts"], "a short name is complete as typed");
        assert!(words(&sim, "kubectl get bogus").is_empty());
        assert_eq!(words(&sim, "kubectl rollout "), ["history", "pause", "restart", "resume", "status", "undo"]);
        assert_eq!(words(&sim, "kubectl rollout undo --to"), ["--to-revision"]);
        assert_eq!(words(&sim, "kubectl set "), ["env", "image", "resources"]);
        assert_eq!(words(&sim, "kubectl set env deploy/web --pre"), ["--prefix"], "set env's own flags");
        assert_eq!(words(&sim, "kubectl create "), ["configmap", "cronjob", "deployment", "job", "namespace", "priorityclass", "secret", "service", "serviceaccount"]);
        assert_eq!(words(&sim, "kubectl create secret "), ["generic"]);
        assert_eq!(words(&sim, "kubectl create deployment web --im"), ["--image"], "a subcommand's own flags");
        assert_eq!(words(&sim, "kubectl create deploy web --rep"), ["--replicas"], "found by its alias too");
        assert!(words(&sim, "kubectl create deployment web --filen").is_empty(), "create's -f is not the subcommand's");
        assert_eq!(words(&sim, "kubectl create secret generic s --from-l"), ["--from-literal"]);
        assert_eq!(words(&sim, "kubectl run x --im"), ["--image", "--image-pull-policy"]);
        assert!(words(&sim, "kubectl create job ").is_empty(), "a new job's name");
        assert!(words(&sim, "kubectl version ").is_empty());
        assert!(words(&sim, "kubectl bogus ").is_empty());
    }

    #[test]
    fn object_names_from_the_store() {
        let sim = sim();
        assert_eq!(words(&sim, "kubectl get pods "), ["todo-web", "web-0", "web-1"]);
        assert_eq!(words(&sim, "kubectl get pods todo-"), ["todo-web"]);
        let c = sim.complete("kubectl delete pod web-0 we");
        assert_eq!((c.start, c.candidates, c.common.as_str()), (25, vec!["web-0".to_string(), "web-1".into()], "web-"));
        assert_eq!(words(&sim, "kubectl get sts,po w"), ["web", "web-0", "web-1"]);
        assert_eq!(words(&sim, "kubectl get sts/"), ["sts/web"]);
        assert_eq!(words(&sim, "kubectl describe statefulset.apps/w"), ["statefulset.apps/web"]);
        assert!(words(&sim, "kubectl get sts/web po").is_empty(), "TYPE/NAME only once one is given");
        assert_eq!(words(&sim, "kubectl get ns t"), ["team"]);
        assert_eq!(words(&sim, "kubectl get nodes kind-w"), ["kind-worker", "kind-worker2"]);
        assert_eq!(words(&sim, "kubectl label pods app=x todo"), ["todo-web"]);
        assert_eq!(words(&sim, "kubectl set image sts/"), ["sts/web"]);
        assert_eq!(words(&sim, "kubectl rollout status statefulsets w"), ["web"]);
        assert_eq!(words(&sim, "why sts/"), ["sts/web"]);
        assert_eq!(words(&sim, "why statefulset "), ["web"]);
        assert_eq!(words(&sim, "why st"), ["statefulsets", "storageclasses"]);
    }

    #[test]
    fn pods_for_logs_and_exec_and_their_containers() {
        let sim = sim();
        assert_eq!(words(&sim, "kubectl logs "), ["todo-web", "web-0", "web-1"]);
        assert_eq!(words(&sim, "kubectl logs -f --tail 5 w"), ["web-0", "web-1"]);
        assert_eq!(words(&sim, "kubectl exec -it t"), ["todo-web"]);
        assert_eq!(words(&sim, "kubectl logs sts/"), ["sts/web"]);
        assert!(words(&sim, "kubectl exec todo-web -- ").is_empty());
        assert!(words(&sim, "kubectl logs todo-web ").is_empty());
        assert_eq!(words(&sim, "kubectl logs todo-web -c "), ["app", "sidecar", "wait"]);
        assert_eq!(words(&sim, "kubectl exec todo-web --container=s"), ["--container=sidecar"]);
    }

    #[test]
    fn namespaces_flags_and_files() {
        let sim = sim();
        assert_eq!(words(&sim, "kubectl get pods -n team "), ["todo-api"]);
        assert_eq!(words(&sim, "kubectl get pods --namespace=team t"), ["todo-api"]);
        assert_eq!(words(&sim, "kubectl -nteam logs "), ["todo-api"]);
        assert_eq!(words(&sim, "why -n team pod "), ["todo-api"]);
        assert_eq!(words(&sim, "kubectl get pods -n t"), ["team"]);
        assert_eq!(words(&sim, "kubectl get pods --namespace=kube-"), ["--namespace=kube-node-lease", "--namespace=kube-public", "--namespace=kube-system"]);
        assert_eq!(words(&sim, "kubectl get pods -n kube-system -l"), ["-l"]);
        assert_eq!(words(&sim, "kubectl logs --ta"), ["--tail"]);
        assert!(words(&sim, "kubectl logs --").contains(&"--container".to_string()));
        assert!(words(&sim, "kubectl logs --").contains(&"--namespace".to_string()), "global flags too");
        assert_eq!(sim.complete("kubectl get -").common, "--");
        assert_eq!(words(&sim, "kubectl --kube"), ["--kubeconfig"]);
        assert!(words(&sim, "kubectl -n ").is_empty(), "kubeplay takes the first non-flag word as the verb");
        assert_eq!(words(&sim, "why --n"), ["--namespace"]);
        assert_eq!(words(&sim, "kubectl apply -f "), ["pi.yaml", "todo-list/"]);
        assert_eq!(words(&sim, "kubectl apply -f todo-list/"), ["todo-list/db/", "todo-list/web/"]);
        assert_eq!(words(&sim, "kubectl apply -f ./todo-list/db/t"), ["./todo-list/db/todo-db.yaml"]);
        assert!(words(&sim, "kubectl create -f=p").is_empty(), "a flag with its value in one word is not completed");
    }

    #[test]
    fn lines_heredocs_quotes_and_comments() {
        let sim = sim();
        assert_eq!(words(&sim, "kubectl get \\\n  po"), ["pods"]);
        assert_eq!(words(&sim, "cat <<EOF\nkubectl get po\nEOF\nkubectl get po"), ["pods"]);
        assert_eq!(words(&sim, "cat <<-EOF\n\tx\n\tEOF\nech"), ["echo"]);
        assert!(words(&sim, "kubectl apply -f - <<EOF\nkind: Po").is_empty(), "in a heredoc body");
        assert!(words(&sim, "kubectl apply -f - <<EOF\nEOF").is_empty(), "the delimiter line is not finished");
        assert!(words(&sim, "cat <<EO").is_empty());
        assert!(words(&sim, "kubectl get 'po").is_empty());
        assert!(words(&sim, "kubectl get \"po\"").is_empty());
        assert!(words(&sim, "kubectl get p\\o").is_empty());
        assert!(words(&sim, "echo \"a b").is_empty());
        assert!(words(&sim, "# kub").is_empty());
        assert_eq!(words(&sim, "# a comment\nkub"), ["kubectl"]);
        assert_eq!(words(&sim, "echo 'a b' \"c\" && kubectl get po"), ["pods"]);
        let c = sim.complete("echo ü; kubectl get po");
        assert_eq!(c.start, "echo ü; kubectl get ".len());
    }

    #[test]
    fn files_for_tools_and_redirections_variables_after_a_dollar() {
        let mut sim = sim();
        sim.run_script("POD=todo-api; PORT=80");
        assert_eq!(words(&sim, "grep -c Running p"), ["pi.yaml"]);
        assert_eq!(words(&sim, "kubectl apply -f - < todo-list/d"), ["todo-list/db/"]);
        assert_eq!(words(&sim, "kubectl get pods -o yaml >p"), ["pi.yaml"]);
        assert_eq!(words(&sim, "kubectl get pods 2>/dev/null >> p"), ["pi.yaml"]);
        assert_eq!(words(&sim, "kubectl get pods &> p"), ["pi.yaml"]);
        assert_eq!(words(&sim, "kubectl get pods 2>&1 | wc -l; kubectl get po"), ["pods"]);
        assert_eq!(words(&sim, "kubectl get pods 2>/dev/null | gr"), ["grep"]);
        assert_eq!(words(&sim, "echo $P"), ["$POD", "$PORT"]);
        assert_eq!(words(&sim, "unset PO"), ["POD", "PORT"]);
        assert_eq!(words(&sim, "POD=$(kubectl get po"), ["pods"]);
        assert_eq!(words(&sim, "echo \"$(kubectl get po"), Vec::<String>::new(), "inside double quotes: left alone");
        assert_eq!(words(&sim, "kubectl logs $(kubectl get pods -o name) -c "), Vec::<String>::new());
    }

    #[test]
    fn never_panics_and_keeps_its_promises() {
        let sim = sim();
        let lines = [
            "kubectl get pods -n team todo-api -o wide",
            "echo 'ü\"' \"a\\\"b\" c\\ d; why sts/web -n=default --namespace",
            "kubectl logs -c -- -n -f -- x",
            "cat <<'E O'\n\tbody ✓\nE O\nkubectl exec todo-web -c app -- sh -c 'echo $HOSTNAME'",
            "kubectl apply -f - <<-EOF\n\tkind: Pod\n\tEOF\n\\\n\\",
            "a|b||c&&d&e;f<g<<h\r\n#x\n-\n--=\n-=\n---\n/\n//a\nkubectl get ,,/,",
            "kubectl get pods,,sts/ -nteam -n -- -ü -1 --namespace=",
            "why -n team -h sts w e b",
        ];
        for line in lines {
            let mut ends: Vec<usize> = line.char_indices().map(|(i, _)| i).collect();
            ends.push(line.len());
            for end in ends {
                let before = &line[..end];
                let c = sim.complete(before);
                assert!(c.start <= before.len() && before.is_char_boundary(c.start), "{before:?}");
                assert!(c.candidates.len() <= MAX_CANDIDATES);
                assert!(c.candidates.windows(2).all(|w| w[0] < w[1]), "sorted: {before:?}");
                let word = &before[c.start..];
                for cand in &c.candidates {
                    assert!(cand.starts_with(word) && cand.starts_with(&c.common), "{before:?}: {cand} vs {word:?}/{:?}", c.common);
                }
                assert_eq!(c, sim.complete(before), "deterministic");
            }
        }
    }

    #[test]
    fn at_most_two_hundred_candidates() {
        let mut sim = Simulation::new(1, 1_735_689_600_000);
        let docs: Vec<String> = (0..250).map(|i| format!("apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: cm-{i:03}\n")).collect();
        let t = sim.run_script(&format!("kubectl apply -f - <<EOF\n{}EOF\n", docs.join("---\n")));
        assert_eq!(t.status, 0, "{}", t.text());
        // (Every namespace also has kube-root-ca.crt, so the names are narrowed to `c`.)
        let c = sim.complete("kubectl get cm c");
        assert_eq!(c.candidates.len(), MAX_CANDIDATES);
        assert_eq!((c.candidates[0].as_str(), c.candidates[199].as_str(), c.common.as_str()), ("cm-000", "cm-199", "cm-"));
        let c = sim.complete("kubectl get configmaps cm-24");
        assert_eq!(c.candidates.len(), 10);
        assert_eq!(c.common, "cm-24");
    }
}
