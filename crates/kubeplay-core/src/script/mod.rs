//! Scenario scripts as bash reads them: logical lines with `\` continuations (and quotes that
//! span lines), `#` comments, quoting, heredocs (`<<EOF` expands, `<<'EOF'` does not, `<<-EOF`),
//! `;` `&&` `||` `|` `!`, redirections (`<`, `>`, `>>`, `2>&1`, `&>`, `<<<`), shell variables,
//! `$(…)` and `$((…))`, compound commands (`for NAME in WORDS`, `while`, `until`, `if`/`elif`/
//! `else`, `((…))`, with `break`/`continue [N]`) on one line or across lines, and the commands a
//! learner types: `kubectl …`, `sleep 2m` (advances the virtual clock, in a loop too), `echo`,
//! `test`/`[`, the text tools of the workstation (`grep`, `head`, `wc`, `base64`, `seq`, …).
//! Not modelled, and refused by name: `case`, `select`, functions, `{ …; }`, `( … )`, `[[ … ]]`.
//!
//! `lex.rs` reads words with their quoting, `parse.rs` builds commands from the tokens,
//! `expand.rs` holds the variables and expands words when a command runs, `arith.rs` evaluates
//! arithmetic, `exec.rs` runs lists, pipelines, loops and redirections, `test.rs` is `[`.

mod arith;
mod exec;
mod expand;
mod lex;
mod parse;
pub(crate) mod test;

pub use expand::{ShellState, MAX_ARG_BYTES, MAX_VARS, MAX_VARS_BYTES, MAX_VAR_BYTES};
pub use exec::{MAX_CAPTURE_BYTES, MAX_FILE_BYTES};
pub use lex::MAX_SUBST_DEPTH;
use lex::{Lexer, Part, Redir, RedirOp, Token, Word};
pub use parse::{Assign, Simple};
use parse::{List, Nesting, ParseError, Tok};

use crate::{Simulation, Transcript};

/// Bound on the number of commands one script may run (those in `$(…)` and in loops included).
pub const MAX_COMMANDS: usize = 10_000;

/// A top-level command (a compound one may span lines) with its 1-based first line number and
/// its source text (its lines as written, heredoc bodies left out).
#[derive(Debug, Clone, PartialEq)]
pub struct Line {
    pub number: usize,
    pub text: String,
    list: List,
}

/// Parses a whole script. Errors name the line, as bash does.
pub fn parse(text: &str) -> Result<Vec<Line>, String> {
    parse_at_depth(text, 0)
}

/// Parses the script of a command substitution `depth` levels deep.
fn parse_at_depth(text: &str, depth: usize) -> Result<Vec<Line>, String> {
    Ok(parse_spans(text, depth)?.into_iter().map(|(line, _)| line).collect())
}

/// Each top-level command line of a script as its source text: `\` continuations as written and
/// heredoc bodies included, comments and blank lines dropped. Running the pieces one after another
/// with [`Simulation::run_script`] does what running the whole text does (variables and `$?` live
/// in the simulation), except that `set -e` does not carry over and `bash: line N:` messages count
/// lines from the start of the piece.
/// A script that does not parse gives the error running it would print (without `kubeplay: `).
pub fn split(text: &str) -> Result<Vec<String>, String> {
    let lines: Vec<&str> = text.lines().collect();
    let pieces = parse_spans(text, 0)?.into_iter().map(|(_, span)| {
        let mut piece = lines[span].join("\n");
        piece.push('\n');
        piece
    });
    Ok(pieces.collect())
}

/// Parses a whole script, keeping with each command line the range of source lines it came from
/// (its continuations, lines inside quotes, heredoc bodies and the lines of a compound command),
/// 0-based.
fn parse_spans(text: &str, depth: usize) -> Result<Vec<(Line, std::ops::Range<usize>)>, String> {
    let lines: Vec<&str> = text.lines().collect();
    let lexer = Lexer { depth };
    let mut out = Vec::new();
    let mut i = 0;
    while i < lines.len() {
        let start = i;
        let number = i + 1;
        let mut source: Vec<String> = Vec::new();
        let mut toks: Vec<Tok> = Vec::new();
        let mut nesting = Nesting::new();
        // Lines are read until the command is complete: no compound command open, no `|`, `&&`
        // or `||` waiting for its right side (bash reads on as its PS2 prompt would).
        let list = loop {
            let at = i + 1;
            let (logical, tokens, next) = read_logical(&lexer, &lines, i)?;
            i = next;
            source.push(logical);
            if matches!(toks.last().map(|t| &t.token), Some(Token::Pipe | Token::And | Token::Or)) || toks.is_empty() {
                // A newline after an operator (or before the first command) separates nothing.
            } else if !tokens.is_empty() {
                nesting.feed(&Token::Newline);
                toks.push(Tok { token: Token::Newline, line: at });
            }
            for mut token in tokens {
                if let Token::Redir(Redir { op: RedirOp::HereDoc { delim, strip_tabs, expand }, target, .. }) = &mut token {
                    let (body, after) = read_heredoc(&lines, i, delim, *strip_tabs)
                        .ok_or_else(|| format!("line {at}: warning: here-document delimited by end-of-file (wanted `{delim}')"))?;
                    *target = lex::heredoc_body(&body, *expand, depth).map_err(|e| format!("line {at}: {e}"))?;
                    i = after;
                }
                nesting.feed(&token);
                toks.push(Tok { token, line: at });
            }
            let waiting = matches!(toks.last().map(|t| &t.token), Some(Token::Pipe | Token::And | Token::Or));
            if (nesting.depth > 0 || waiting) && i < lines.len() {
                continue;
            }
            if toks.is_empty() {
                break List::default();
            }
            match parse::program(&toks) {
                Ok(list) => break list,
                // Something else is open (`!` at the end of a line): read on.
                Err(ParseError::Eof) if i < lines.len() => {}
                // bash names the line after the last, where it met the end of the input.
                Err(ParseError::Eof) => return Err(format!("line {}: syntax error: unexpected end of file", lines.len() + 1)),
                Err(ParseError::Msg(line, e)) => return Err(format!("line {line}: {e}")),
            }
        };
        if list.0.is_empty() {
            continue;
        }
        let text = source.join("\n").trim().to_string();
        out.push((Line { number, text, list }, start..i));
    }
    Ok(out)
}

/// One logical line from `i`: `\` continuations joined, and lines added while a quote or `$(`
/// is open. Gives its text, its tokens and the index of the next line.
fn read_logical(lexer: &Lexer, lines: &[&str], mut i: usize) -> Result<(String, Vec<Token>, usize), String> {
    let number = i + 1;
    let (mut logical, next) = join_continuations(lines, i);
    i = next;
    loop {
        match lexer.tokens(&logical) {
            Ok(t) => return Ok((logical, t, i)),
            Err(e) if e.contains("unexpected EOF") && i < lines.len() => {
                let (more, next) = join_continuations(lines, i);
                logical.push('\n');
                logical.push_str(&more);
                i = next;
            }
            Err(e) => return Err(format!("line {number}: {e}")),
        }
    }
}

fn join_continuations(lines: &[&str], mut i: usize) -> (String, usize) {
    let mut s = String::new();
    loop {
        let l = lines[i];
        i += 1;
        if let Some(stripped) = l.strip_suffix('\\').filter(|_| !ends_in_comment(l)) {
            s.push_str(stripped);
            if i < lines.len() {
                continue;
            }
        } else {
            s.push_str(l);
        }
        return (s, i);
    }
}

fn ends_in_comment(l: &str) -> bool {
    l.trim_start().starts_with('#')
}

fn read_heredoc(lines: &[&str], start: usize, delim: &str, strip_tabs: bool) -> Option<(String, usize)> {
    let mut body = String::new();
    for (j, l) in lines.iter().enumerate().skip(start) {
        let l = if strip_tabs { l.trim_start_matches('\t') } else { l };
        if l == delim {
            return Some((body, j + 1));
        }
        body.push_str(l);
        body.push('\n');
    }
    None
}

/// Whether `text` is a complete command (no open quote or `$(`, no unfinished heredoc or
/// continuation, no trailing `|`, `&&` or `||`); the console uses it to ask for more lines, like
/// bash's PS2.
pub fn is_complete(text: &str) -> bool {
    match parse(text) {
        Ok(_) => !text.trim_end_matches('\n').ends_with('\\'),
        Err(e) => !(e.contains("unexpected EOF") || e.contains("here-document") || e.ends_with(": syntax error: unexpected end of file")),
    }
}

/// Runs a script against a simulation and returns what a terminal would show.
pub fn run(sim: &mut Simulation, text: &str) -> Transcript {
    run_with(sim, text, false)
}

/// Runs a script; with `echo`, each command line is printed first as `$ <line>` (for transcripts).
pub fn run_with(sim: &mut Simulation, text: &str, echo: bool) -> Transcript {
    match parse(text) {
        Ok(lines) => exec::run(sim, &lines, echo),
        Err(e) => {
            let mut t = Transcript::default();
            t.err(format!("kubeplay: {e}\n"));
            t.status = 2;
            t
        }
    }
}

/// Paths a script reads from the working directory, so a host can load those files into the
/// session before running it: those kubectl reads (`-f PATH` except `-`, `--from-file=[KEY=]PATH`,
/// `--from-env-file=PATH`, `-o custom-columns-file=PATH`), `< PATH`, `>> PATH` (appended to), and
/// the file operands of the workstation's tools (`grep PAT FILE`, `cat FILE`, …). Only words
/// written literally count: a path in a variable is not known before the script runs.
pub fn referenced_files(text: &str) -> Vec<String> {
    fn add(p: String, out: &mut Vec<String>) {
        if p != "-" && !p.is_empty() && !p.starts_with("/dev/") && !out.contains(&p) {
            out.push(p);
        }
    }
    fn substs(w: &Word, out: &mut Vec<String>) {
        // What `$(…)` runs reads files too.
        for part in &w.parts {
            match part {
                Part::Subst { lines, .. } => visit(lines, out),
                Part::Arith { expr, .. } => substs(expr, out),
                _ => {}
            }
        }
    }
    fn visit(lines: &[Line], out: &mut Vec<String>) {
        let mut simple = |cmd: &Simple| {
            for r in &cmd.redirs {
                if matches!(r.op, RedirOp::In | RedirOp::Append | RedirOp::BothAppend) {
                    if let Some(p) = r.target.literal() {
                        add(p, out);
                    }
                }
            }
            let argv: Vec<String> = cmd.words.iter().map_while(Word::literal).collect();
            for p in command_files(&argv) {
                add(p, out);
            }
            let words = cmd.words.iter().chain(cmd.assigns.iter().map(|a| &a.value)).chain(cmd.redirs.iter().map(|r| &r.target));
            words.for_each(|w| substs(w, out));
        };
        let mut found = Vec::new();
        for l in lines {
            l.list.walk(&mut simple, &mut |w| found.push(w.clone()));
        }
        found.iter().for_each(|w| substs(w, out));
    }
    let mut out = Vec::new();
    visit(&parse(text).unwrap_or_default(), &mut out);
    out
}

/// The files a command line names: kubectl's `-f PATH`, `--from-file=[KEY=]PATH`,
/// `--from-env-file=PATH` and `-o custom-columns-file=PATH`, or a workstation tool's file operands.
fn command_files(argv: &[String]) -> Vec<String> {
    let Some(cmd) = argv.first() else { return Vec::new() };
    if crate::commands::resolve(cmd) != Some("kubectl") {
        return crate::workstation::file_operands(argv);
    }
    let mut paths = crate::kubectl::files_read(&argv[1..]);
    let mut args = argv[1..].iter().peekable();
    while let Some(a) = args.next() {
        if a == "-f" || a == "--filename" {
            paths.extend(args.next().cloned());
        } else if let Some(p) = a.strip_prefix("--filename=").or_else(|| a.strip_prefix("-f=")).or_else(|| a.strip_prefix("-f").filter(|r| !r.is_empty())) {
            paths.push(p.to_string());
        } else if a == "--from-file" || a == "--from-env-file" {
            paths.extend(args.next().map(|v| data_sources(v)).unwrap_or_default());
        } else if let Some(v) = a.strip_prefix("--from-file=").or_else(|| a.strip_prefix("--from-env-file=")) {
            paths.extend(data_sources(v));
        } else if a == "-o" || a == "--output" {
            paths.extend(args.peek().and_then(|v| v.strip_prefix("custom-columns-file=")).map(str::to_string));
        } else if let Some(p) = a.strip_prefix("--output=").or_else(|| a.strip_prefix("-o")).and_then(|v| v.trim_start_matches('=').strip_prefix("custom-columns-file=")) {
            paths.push(p.to_string());
        }
    }
    paths
}

/// The paths of a `--from-file` value: comma-separated sources, each `PATH` or `KEY=PATH`.
fn data_sources(v: &str) -> Vec<String> {
    v.split(',').map(|s| s.split_once('=').map_or(s, |(_, p)| p).to_string()).collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_lone_redirect_is_an_error_not_a_hang() {
        for s in ["<", "cat <", "echo >", "cat <<", "echo a >&", "echo 2>"] {
            let e = parse(s).unwrap_err();
            assert!(e.contains("syntax error"), "{s}: {e}");
            assert!(is_complete(s), "{s}: an error is complete, so the console runs it and shows it");
        }
    }

    fn argv(s: &Simple) -> Vec<String> {
        s.words.iter().map(|w| w.literal().unwrap()).collect()
    }

    /// The first simple command of a line's step `k`.
    fn cmd(line: &Line, k: usize) -> &Simple {
        match &line.list.0[k].pipeline.cmds[0] {
            parse::Command::Simple(s) => s,
            c => panic!("{c:?}"),
        }
    }

    #[test]
    fn heredocs_continuations_quotes_and_comments() {
        let s = "# comment\nkubectl apply -f - <<EOF\nkind: X\nEOF\necho 'a b' \"c\\\"d\" e\\ f # trailing\nkubectl get \\\n  pods\n";
        let lines = parse(s).unwrap();
        assert_eq!(lines.len(), 3);
        assert_eq!(cmd(&lines[0], 0).redirs[0].target.literal().as_deref(), Some("kind: X\n"));
        assert_eq!(argv(cmd(&lines[1], 0)), vec!["echo", "a b", "c\"d", "e f"]);
        assert_eq!(argv(cmd(&lines[2], 0)), vec!["kubectl", "get", "pods"]);
        assert_eq!(lines[2].number, 6);
    }

    #[test]
    fn quotes_and_substitutions_may_span_lines() {
        let lines = parse("echo 'a\nb' c\nX=$(echo x\n)\necho done").unwrap();
        assert_eq!(lines.len(), 3);
        assert_eq!(argv(cmd(&lines[0], 0)), ["echo", "a\nb", "c"]);
        assert_eq!(lines[0].text, "echo 'a\nb' c");
        assert_eq!(lines[2].number, 5);
        assert!(!is_complete("X=$(kubectl get pods"));
        let lines = parse("kubectl get pods |\n  # which run\n  grep Running &&\n  echo ok\nkubectl get ns").unwrap();
        assert_eq!(lines.len(), 2);
        assert_eq!(lines[0].list.0.len(), 2);
        assert_eq!(lines[1].number, 5);
        assert_eq!(parse("echo a |").unwrap_err(), "line 2: syntax error: unexpected end of file", "bash names the line after the last");
        assert_eq!(parse("echo a\ncase $p in a) echo;; esac").unwrap_err(), "line 2: `case`: `case` statements are not supported by kubeplay's scripts");
        assert_eq!(parse("{ echo a; }").unwrap_err(), "line 1: `{`: command groups are not supported by kubeplay's scripts");
        assert!(parse("echo for if { done").is_ok(), "only in a command's place");
    }

    fn sim() -> Simulation {
        Simulation::new(1, 1_735_689_600_000)
    }

    fn out(sim: &mut Simulation, s: &str) -> String {
        sim.run_script(s).text()
    }

    #[test]
    fn variables_and_status_outlive_a_line() {
        let mut sim = sim();
        assert_eq!(out(&mut sim, "NS=default\nexport APP=todo\n"), "");
        assert_eq!(out(&mut sim, "echo \"$NS/$APP\" ${NS}x '$NS' \\$NS $UNSET."), "default/todo defaultx $NS $NS .\n");
        assert_eq!(out(&mut sim, "false"), "");
        sim.inspect("kubectl get pods");
        assert_eq!(out(&mut sim, "echo $?; echo $?"), "1\n0\n", "a view's command leaves `$?` alone");
        assert_eq!(out(&mut sim, "kubectl get nope 2>/dev/null; echo $?"), "1\n");
        assert_eq!(out(&mut sim, "X=$(false); echo $?"), "1\n", "an assignment's status is its substitution's");
        assert_eq!(out(&mut sim, "export -p"), "declare -x APP=\"todo\"\n");
        assert_eq!(out(&mut sim, "unset NS; echo \"[$NS]\""), "[]\n");
        assert_eq!(out(&mut sim, "X='a  b'; printf=1 echo $X \"$X\""), "a b a  b\n");
        let t = sim.run_script("export 1X=2");
        assert_eq!((t.status, t.text()), (1, "bash: line 1: export: `1X=2': not a valid identifier\n".into()));
        let t = sim.run_script("echo ${MISSING:?set it first}; echo not reached");
        assert_eq!((t.status, t.text()), (1, "bash: line 1: MISSING: set it first\n".into()), "the script ends there");
        let t = sim.run_script("echo a; set -e; false && echo no; echo b; true && false; echo not reached");
        assert_eq!((t.status, t.text()), (1, "a\nb\n".into()), "`set -e` stops at a failure that ends its list");
        let t = sim.run_script("set -e; set -x; false; echo not reached");
        assert_eq!(t.text(), "", "another option leaves -e on");
    }

    #[test]
    fn command_substitution_captures_stdout_only() {
        let mut sim = sim();
        assert_eq!(out(&mut sim, "echo \"$(echo a; echo b) and `echo c`\""), "a\nb and c\n");
        assert_eq!(out(&mut sim, "echo $(echo a; echo b)"), "a b\n");
        assert_eq!(out(&mut sim, "N=$(kubectl get ns -o name | wc -l); echo \"$N namespaces\""), "5 namespaces\n");
        assert_eq!(out(&mut sim, "echo \"<$(kubectl get nope)>\""), "error: the server doesn't have a resource type \"nope\"\n<>\n");
        assert_eq!(out(&mut sim, "Y=1; Z=$(Y=2; echo $Y); echo $Y $Z"), "1 2\n", "a substitution is a subshell");
        assert_eq!(out(&mut sim, "echo $(echo $(echo deep))"), "deep\n");
    }

    #[test]
    fn heredocs_expand_unless_the_delimiter_is_quoted() {
        let mut sim = sim();
        out(&mut sim, "NAME=web");
        assert_eq!(out(&mut sim, "cat <<EOF\nname: $NAME \\$NAME $(echo x) \"q\"\nEOF"), "name: web $NAME x \"q\"\n");
        assert_eq!(out(&mut sim, "cat <<'EOF'\nname: $NAME $(echo x)\nEOF"), "name: $NAME $(echo x)\n");
        assert_eq!(out(&mut sim, "cat <<\\EOF\n$NAME\nEOF"), "$NAME\n");
        assert_eq!(out(&mut sim, "cat <<< \"$NAME here\""), "web here\n");
    }

    #[test]
    fn redirections_write_and_read_workstation_files() {
        let mut sim = sim();
        assert_eq!(out(&mut sim, "kubectl get ns default -o name > ns.txt; cat ns.txt"), "namespace/default\n");
        assert_eq!(out(&mut sim, "echo more >> ns.txt; wc -l < ns.txt"), "2\n");
        assert_eq!(sim.files.get("ns.txt"), Some("namespace/default\nmore\n"));
        assert_eq!(out(&mut sim, "kubectl get nope > err.txt 2>&1; cat err.txt"), "error: the server doesn't have a resource type \"nope\"\n");
        assert_eq!(out(&mut sim, "kubectl get nope 2>&1 >/dev/null | wc -l"), "1\n", "2>&1 first: stderr into the pipe");
        assert_eq!(out(&mut sim, "kubectl get pod nope -o yaml > pod.yaml; wc -c pod.yaml"), "Error from server (NotFound): pods \"nope\" not found\n0 pod.yaml\n");
        let t = sim.run_script("cat < missing.txt; echo $?");
        assert_eq!(t.text(), "bash: line 1: missing.txt: No such file or directory\n1\n");
        sim.files.add("manifests/cm.yaml", "apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: c\n");
        assert_eq!(out(&mut sim, "kubectl apply -f - < manifests/cm.yaml"), "configmap/c created\n");
        assert_eq!(out(&mut sim, "echo > manifests"), "bash: line 1: manifests: Is a directory\n");
        assert_eq!(out(&mut sim, "F='a b'; echo x > $F"), "bash: line 1: $F: ambiguous redirect\n");
    }

    #[test]
    fn never_panics_on_odd_input() {
        let alphabet: Vec<char> = "$(){}'\"`\\|&;<> \n\tabE=#-12:?+%*".chars().collect();
        let mut sim = sim();
        let mut x: u64 = 42;
        let mut next = || {
            x = x.wrapping_mul(6_364_136_223_846_793_005).wrapping_add(1_442_695_040_888_963_407);
            (x >> 33) as usize
        };
        for _ in 0..3000 {
            let len = next() % 24;
            let s: String = (0..len).map(|_| alphabet[next() % alphabet.len()]).collect();
            let _ = (parse(&s), split(&s), is_complete(&s), referenced_files(&s));
            let _ = sim.run_script(&s);
            let _ = sim.complete(&s);
        }
    }

    #[test]
    fn never_panics_on_odd_control_flow() {
        let pieces = [
            "for ", "x ", "in ", "do ", "done", "if ", "then ", "elif ", "else ", "fi", "while ", "until ", "! ", "break ", "continue 2 ", "$((",
            "((", "))", ")", "1/0", "x++", "**", "[ ", "] ", "-eq ", "test ", "seq 3 ", "; ", "\n", "| ", "&& ", "<<E\n", "E\n", "true ", "'",
        ];
        let mut sim = sim();
        let mut x: u64 = 7;
        let mut next = || {
            x = x.wrapping_mul(6_364_136_223_846_793_005).wrapping_add(1_442_695_040_888_963_407);
            (x >> 33) as usize
        };
        for _ in 0..3000 {
            let len = next() % 16;
            let s: String = (0..len).map(|_| pieces[next() % pieces.len()]).collect();
            let _ = (parse(&s), split(&s), is_complete(&s), referenced_files(&s));
            let _ = sim.run_script(&s);
        }
    }

    #[test]
    fn referenced_files_follow_redirections_tools_and_substitutions() {
        let s = "kubectl apply -f a.yaml\nkubectl apply -f - < b.yaml\ngrep -c x c.txt - | head -n 2 d.txt\necho >> e.log\nX=$(cat f.txt)\nkubectl get pod -o yaml > out.yaml\ncat $X\n";
        assert_eq!(referenced_files(s), ["a.yaml", "b.yaml", "c.txt", "d.txt", "e.log", "f.txt"]);
    }

    #[test]
    fn split_keeps_each_command_line_as_written() {
        let s = "# setup\n\nkubectl get \\\n  pods # all\necho 'a;b' && echo c\nkubectl apply -f - <<EOF\nkind: X\n# not a comment here\n\nEOF\n\tcat <<-END\n\tx\n\tEND\nsleep 90.5";
        let pieces = split(s).unwrap();
        assert_eq!(
            pieces,
            vec![
                "kubectl get \\\n  pods # all\n",
                "echo 'a;b' && echo c\n",
                "kubectl apply -f - <<EOF\nkind: X\n# not a comment here\n\nEOF\n",
                "\tcat <<-END\n\tx\n\tEND\n",
                "sleep 90.5\n",
            ]
        );
        assert_eq!(split("# only a comment\n\n").unwrap(), Vec::<String>::new());
        assert_eq!(split("echo ok\necho 'open\n").unwrap_err(), "line 2: unexpected EOF while looking for matching `''");
        assert_eq!(split("cat <<EOF\nx\n").unwrap_err(), parse("cat <<EOF\nx\n").unwrap_err());
    }

    #[test]
    fn running_the_pieces_does_what_the_whole_script_does() {
        let script = "kubectl apply -f - <<EOF\napiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: web\nspec:\n  replicas: 2\n  \
            selector:\n    matchLabels: {app: web}\n  template:\n    metadata:\n      labels: {app: web}\n    spec:\n      \
            containers: [{name: web, image: nginx}]\nEOF\n\
            kubectl apply -f - <<EOF\napiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: cfg\ndata:\n  k: v\nEOF\n\
            sleep 30\n# a comment\nkubectl get \\\n  pods -o wide\nkubectl get cm cfg -o jsonpath='{.data.k}' && echo\n\
            kubectl get nope || echo failed\nsleep 2m\nkubectl get deploy,rs\n";
        let mut whole = Simulation::new(3, 1_735_689_600_000);
        let expected = whole.run_script(script);
        let mut pieces = Simulation::new(3, 1_735_689_600_000);
        let mut got = Transcript::default();
        for piece in split(script).unwrap() {
            got.extend(pieces.run_script(&piece));
        }
        assert!(expected.text().contains("deployment.apps/web created") && expected.text().contains("Running"), "{}", expected.text());
        assert_eq!(got, expected);
        assert_eq!(pieces.trace(), whole.trace());
        assert_eq!(pieces.now_ms(), whole.now_ms());
    }

    #[test]
    fn incomplete_input_is_detected() {
        assert!(!is_complete("kubectl apply -f - <<EOF\nkind: X\n"));
        assert!(!is_complete("echo 'open"));
        assert!(!is_complete("kubectl get \\"));
        assert!(!is_complete("kubectl get pods |"));
        assert!(!is_complete("kubectl get pods &&\n"));
        assert!(is_complete("kubectl get pods |\n  grep Running"));
        assert!(is_complete("kubectl get pods"));
    }
}

#[cfg(test)]
mod flow_tests {
    use super::*;

    fn run(s: &str) -> (i32, String) {
        let t = Simulation::new(1, 1_735_689_600_000).run_script(s);
        (t.status, t.text())
    }

    #[test]
    fn loops_and_conditionals_on_one_line_or_many() {
        assert_eq!(run("for i in a 'b c'; do echo \"<$i>\"; done"), (0, "<a>\n<b c>\n".into()));
        assert_eq!(run("i=0\nwhile [ $i -lt 3 ]\ndo\n  i=$((i+1))\n  echo $i\ndone"), (0, "1\n2\n3\n".into()));
        assert_eq!(run("until ((n >= 2)); do ((n++)); done; echo $n"), (0, "2\n".into()));
        assert_eq!(run("if false; then echo a; elif [ x = y ]; then echo b; else echo c; fi"), (0, "c\n".into()));
        assert_eq!(run("if false; then echo a; fi; echo $?"), (0, "0\n".into()));
        assert_eq!(run("for i in 1 2 3; do for j in 1 2; do [ $j = 2 ] && continue 2; [ $i = 3 ] && break 2; echo $i$j; done; done"), (0, "11\n21\n".into()));
        assert_eq!(run("for i in 1 2; do echo $i; done | wc -l; for i in x; do echo $i; done > f; cat f"), (0, "2\nx\n".into()));
        assert_eq!(run("if ! false; then echo yes; fi; ! true; echo $?"), (0, "yes\n1\n".into()));
        assert_eq!(run("for w in $(echo a b); do echo $w; done"), (0, "a\nb\n".into()));
        assert_eq!(run("echo done for if"), (0, "done for if\n".into()), "reserved only in a command's place");
    }

    #[test]
    fn errors_in_bash_words() {
        assert_eq!(parse("do echo").unwrap_err(), "line 1: syntax error near unexpected token `do'");
        assert_eq!(parse("echo a; done").unwrap_err(), "line 1: syntax error near unexpected token `done'");
        assert_eq!(parse("for x in a; echo").unwrap_err(), "line 1: syntax error near unexpected token `echo'");
        assert_eq!(parse("while; do :; done").unwrap_err(), "line 1: syntax error near unexpected token `;'");
        assert_eq!(parse("if true; then fi").unwrap_err(), "line 1: syntax error near unexpected token `fi'");
        assert_eq!(parse("echo ok\nif true; then\n  echo a\n").unwrap_err(), "line 4: syntax error: unexpected end of file");
        assert!(!is_complete("for i in 1 2; do"), "the console asks for the rest");
        assert!(!is_complete("if true; then\n  echo a"));
        assert!(is_complete("if true; then\n  echo a\nfi"));
        assert_eq!(run("break; echo $?"), (0, "bash: line 1: break: only meaningful in a `for', `while', or `until' loop\n0\n".into()));
        assert_eq!(run("for 1x in a; do echo; done"), (1, "bash: line 1: `1x': not a valid identifier\n".into()));
        assert_eq!(run("for i in 1; do\n  echo $((1/0)); echo no\ndone; echo no\necho $?"), (0, "bash: line 2: 1/0: division by 0 (error token is \"0\")\n1\n".into()));
        assert_eq!(run("((1/0)); echo $?"), (0, "bash: line 1: ((: 1/0: division by 0 (error token is \"0\")\n1\n".into()));
        assert_eq!(run("[ -eq 1 ]; echo $?"), (0, "bash: line 1: [: -eq: unary operator expected\n2\n".into()));
    }

    #[test]
    fn set_e_spares_conditions_as_bash_does() {
        assert_eq!(run("set -e; if false; then :; fi; while false; do :; done; ! true; false || true; echo ok; for i in 1 2; do echo $i; false; echo no; done"), (1, "ok\n1\n".into()));
        assert_eq!(run("set -e; for i in 1; do false && true; done; echo after"), (0, "after\n".into()));
        assert_eq!(run("set -e; x=0; ((x++)); echo no"), (1, String::new()));
    }

    #[test]
    fn runaway_loops_are_stopped_in_plain_words() {
        let (status, text) = run("while true; do :; done; echo not reached");
        assert_eq!((status, text.as_str()), (1, "kubeplay: stopped: a script may run at most 10000 commands\n"));
        let (_, text) = run("for i in $(seq 1 20000); do echo $i; done | tail -n 1");
        assert!(text.contains("at most 10000 commands"), "{text}");
    }

    #[test]
    fn sleep_in_a_loop_advances_the_clock() {
        let mut sim = Simulation::new(1, 1_735_689_600_000);
        let t = sim.run_script("for i in 1 2 3; do sleep 10; done");
        assert_eq!(t.status, 0);
        assert_eq!(sim.now_ms(), 1_735_689_600_000 + 30_000);
    }

    #[test]
    fn a_compound_command_is_one_piece_and_echoed_as_its_lines() {
        let s = "for i in 1 2; do\n  # each\n  cat <<EOF\n$i\nEOF\ndone\necho end\n";
        assert_eq!(split(s).unwrap(), ["for i in 1 2; do\n  # each\n  cat <<EOF\n$i\nEOF\ndone\n", "echo end\n"]);
        let mut sim = Simulation::new(1, 1_735_689_600_000);
        let t = run_with(&mut sim, s, true);
        assert_eq!(t.text(), "$ for i in 1 2; do\n  # each\n  cat <<EOF\ndone\n1\n2\n$ echo end\nend\n");
        assert_eq!(referenced_files("for f in a; do kubectl apply -f x.yaml; done < in.txt\nwhile grep -q x y.txt; do :; done"), ["x.yaml", "y.txt"]);
    }
}

#[cfg(test)]
mod referenced_tests {
    use super::referenced_files;

    #[test]
    fn manifests_data_files_and_column_specs() {
        let s = "kubectl apply -f a.yaml -f -\nkubectl create configmap c --from-file=k=conf/app.ini,b.txt --from-file dir/\n\
                 kubectl create secret generic s --from-env-file=.env\nkubectl get pods -o custom-columns-file=cols.txt\n\
                 kubectl get pods -ocustom-columns-file=c2.txt\n";
        assert_eq!(referenced_files(s), ["a.yaml", "conf/app.ini", "b.txt", "dir/", ".env", "cols.txt", "c2.txt"]);
    }
}
