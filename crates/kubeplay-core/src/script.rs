//! Scenario scripts as bash reads them: logical lines with `\` continuations, `#` comments, quoting,
//! heredocs (`<<EOF`, `<<'EOF'`, `<<-EOF`), `;` `&&` `||` `|`, and the commands a learner types:
//! `kubectl …`, `sleep 2m` (advances the virtual clock), `echo`, `cat`, `true`, `false`.

use crate::{Simulation, Transcript};

/// Bound on the number of commands one script may run.
pub const MAX_COMMANDS: usize = 10_000;

/// A word after quote removal.
type Word = String;

#[derive(Debug, Clone, PartialEq)]
enum Token {
    Word(Word),
    Pipe,
    And,
    Or,
    Semi,
    HereDoc { delim: String, strip_tabs: bool },
}

/// One simple command: its words, and a heredoc body as stdin if it had one.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct Simple {
    pub argv: Vec<String>,
    pub stdin: Option<String>,
}

/// A pipeline joined to the next by `&&`, `||` or `;`.
#[derive(Debug, Clone, PartialEq)]
struct Step {
    pipeline: Vec<Simple>,
    /// How this step relates to the previous one's status.
    join: Join,
}

#[derive(Debug, Clone, Copy, PartialEq)]
enum Join {
    Always,
    IfOk,
    IfFailed,
}

/// A parsed command line with its 1-based line number and source text.
#[derive(Debug, Clone, PartialEq)]
pub struct Line {
    pub number: usize,
    pub text: String,
    steps: Vec<Step>,
}

/// Parses a whole script. Errors name the line, as bash does.
pub fn parse(text: &str) -> Result<Vec<Line>, String> {
    Ok(parse_spans(text)?.into_iter().map(|(line, _)| line).collect())
}

/// Each top-level command line of a script as its source text: `\` continuations as written and
/// heredoc bodies included, comments and blank lines dropped. Running the pieces one after another
/// with [`Simulation::run_script`] does what running the whole text does, except that `set -e`
/// does not carry over and `bash: line N:` messages count lines from the start of the piece.
/// A script that does not parse gives the error running it would print (without `kubeplay: `).
pub fn split(text: &str) -> Result<Vec<String>, String> {
    let lines: Vec<&str> = text.lines().collect();
    let pieces = parse_spans(text)?.into_iter().map(|(_, span)| {
        let mut piece = lines[span].join("\n");
        piece.push('\n');
        piece
    });
    Ok(pieces.collect())
}

/// Parses a whole script, keeping with each command line the range of source lines it came from
/// (its continuations and heredoc bodies), 0-based.
fn parse_spans(text: &str) -> Result<Vec<(Line, std::ops::Range<usize>)>, String> {
    let lines: Vec<&str> = text.lines().collect();
    let mut out = Vec::new();
    let mut i = 0;
    while i < lines.len() {
        let start = i;
        let number = i + 1;
        let (logical, next) = join_continuations(&lines, i);
        i = next;
        let tokens = lex(&logical).map_err(|e| format!("line {number}: {e}"))?;
        if tokens.is_empty() {
            continue;
        }
        let mut bodies = Vec::new();
        for t in &tokens {
            if let Token::HereDoc { delim, strip_tabs } = t {
                let (body, after) = read_heredoc(&lines, i, delim, *strip_tabs)
                    .ok_or_else(|| format!("line {number}: warning: here-document delimited by end-of-file (wanted `{delim}')"))?;
                bodies.push(body);
                i = after;
            }
        }
        let steps = build_steps(tokens, bodies).map_err(|e| format!("line {number}: {e}"))?;
        out.push((Line { number, text: logical.trim().to_string(), steps }, start..i));
    }
    Ok(out)
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

fn lex(s: &str) -> Result<Vec<Token>, String> {
    let chars: Vec<char> = s.chars().collect();
    let mut tokens = Vec::new();
    let mut i = 0;
    while i < chars.len() {
        let c = chars[i];
        match c {
            ' ' | '\t' => i += 1,
            '#' => break,
            ';' => {
                tokens.push(Token::Semi);
                i += 1;
            }
            '|' if chars.get(i + 1) == Some(&'|') => {
                tokens.push(Token::Or);
                i += 2;
            }
            '|' => {
                tokens.push(Token::Pipe);
                i += 1;
            }
            '&' if chars.get(i + 1) == Some(&'&') => {
                tokens.push(Token::And);
                i += 2;
            }
            '&' => return Err("kubeplay runs commands in the foreground only: `&` is not supported".into()),
            '<' if chars.get(i + 1) == Some(&'<') => {
                let strip_tabs = chars.get(i + 2) == Some(&'-');
                i += if strip_tabs { 3 } else { 2 };
                while chars.get(i) == Some(&' ') {
                    i += 1;
                }
                let (word, next) = read_word(&chars, i)?;
                if word.is_empty() {
                    return Err("syntax error near unexpected token `newline'".into());
                }
                tokens.push(Token::HereDoc { delim: word, strip_tabs });
                i = next;
            }
            // read_word stops at `<` without consuming it: a lone one must not reach it.
            '<' => return Err("kubeplay scripts take stdin from heredocs (`<<EOF`) only: `<` redirection from a file is not supported (use `kubectl apply -f FILE`)".into()),
            _ => {
                let (word, next) = read_word(&chars, i)?;
                tokens.push(Token::Word(word));
                i = next;
            }
        }
    }
    Ok(tokens)
}

/// Reads one shell word with quote removal; stops at blanks and operators.
fn read_word(chars: &[char], mut i: usize) -> Result<(String, usize), String> {
    let mut w = String::new();
    while i < chars.len() {
        match chars[i] {
            ' ' | '\t' | ';' | '|' | '&' | '<' => break,
            '\'' => {
                let end = chars[i + 1..].iter().position(|&c| c == '\'').ok_or("unexpected EOF while looking for matching `''")?;
                w.extend(&chars[i + 1..i + 1 + end]);
                i += end + 2;
            }
            '"' => {
                i += 1;
                loop {
                    match chars.get(i) {
                        None => return Err("unexpected EOF while looking for matching `\"'".into()),
                        Some('"') => break,
                        Some('\\') if matches!(chars.get(i + 1), Some('"' | '\\' | '$' | '`')) => {
                            w.push(chars[i + 1]);
                            i += 2;
                        }
                        Some(&c) => {
                            w.push(c);
                            i += 1;
                        }
                    }
                }
                i += 1;
            }
            '\\' => {
                if let Some(&c) = chars.get(i + 1) {
                    w.push(c);
                }
                i += 2;
            }
            c => {
                w.push(c);
                i += 1;
            }
        }
    }
    Ok((w, i))
}

fn build_steps(tokens: Vec<Token>, bodies: Vec<String>) -> Result<Vec<Step>, String> {
    let mut bodies = bodies.into_iter();
    let mut steps = Vec::new();
    let mut pipeline = Vec::new();
    let mut cur = Simple::default();
    let mut join = Join::Always;
    let finish = |cur: &mut Simple, pipeline: &mut Vec<Simple>, op: &str| -> Result<(), String> {
        if cur.argv.is_empty() {
            return Err(format!("syntax error near unexpected token `{op}'"));
        }
        pipeline.push(std::mem::take(cur));
        Ok(())
    };
    for t in tokens {
        match t {
            Token::Word(w) => cur.argv.push(w),
            Token::HereDoc { .. } => cur.stdin = bodies.next(),
            Token::Pipe => finish(&mut cur, &mut pipeline, "|")?,
            Token::And | Token::Or | Token::Semi => {
                let op = match t { Token::And => "&&", Token::Or => "||", _ => ";" };
                finish(&mut cur, &mut pipeline, op)?;
                steps.push(Step { pipeline: std::mem::take(&mut pipeline), join });
                join = match t { Token::And => Join::IfOk, Token::Or => Join::IfFailed, _ => Join::Always };
            }
        }
    }
    if !cur.argv.is_empty() || cur.stdin.is_some() {
        pipeline.push(cur);
    }
    if !pipeline.is_empty() {
        steps.push(Step { pipeline, join });
    } else if join != Join::Always {
        return Err("syntax error: unexpected end of file".into());
    }
    Ok(steps)
}

/// Whether `text` is a complete command (no open quote, no unfinished heredoc or continuation);
/// the console uses it to ask for more lines, like bash's PS2.
pub fn is_complete(text: &str) -> bool {
    match parse(text) {
        Ok(_) => !text.trim_end_matches('\n').ends_with('\\'),
        Err(e) => !(e.contains("unexpected EOF") || e.contains("here-document")),
    }
}

/// Runs a script against a simulation and returns what a terminal would show.
pub fn run(sim: &mut Simulation, text: &str) -> Transcript {
    run_with(sim, text, false)
}

/// Runs a script; with `echo`, each command line is printed first as `$ <line>` (for transcripts).
pub fn run_with(sim: &mut Simulation, text: &str, echo: bool) -> Transcript {
    let mut t = Transcript::default();
    let lines = match parse(text) {
        Ok(l) => l,
        Err(e) => {
            t.err(format!("kubeplay: {e}\n"));
            t.status = 2;
            return t;
        }
    };
    let mut status = 0;
    let mut count = 0;
    let mut errexit = false;
    for line in lines {
        if echo {
            t.out(format!("$ {}\n", line.text));
        }
        for step in &line.steps {
            let run_it = match step.join {
                Join::Always => true,
                Join::IfOk => status == 0,
                Join::IfFailed => status != 0,
            };
            if !run_it {
                continue;
            }
            count += 1;
            if count > MAX_COMMANDS {
                t.err(format!("kubeplay: stopped: a script may run at most {MAX_COMMANDS} commands\n"));
                t.status = 1;
                return t;
            }
            if step.pipeline.len() == 1 && step.pipeline[0].argv.first().map(String::as_str) == Some("set") {
                errexit = step.pipeline[0].argv.iter().any(|a| a.starts_with('-') && a.contains('e'));
                status = 0;
                continue;
            }
            status = run_pipeline(sim, &step.pipeline, line.number, &mut t);
        }
        if errexit && status != 0 {
            break;
        }
    }
    t.status = status;
    t
}

fn run_pipeline(sim: &mut Simulation, pipeline: &[Simple], line: usize, t: &mut Transcript) -> i32 {
    let mut stdin: Option<String> = None;
    let mut status = 0;
    for (i, cmd) in pipeline.iter().enumerate() {
        let last = i + 1 == pipeline.len();
        let input = cmd.stdin.clone().or(stdin.take());
        let out = crate::commands::run(sim, &cmd.argv, input, line);
        status = out.status;
        if last {
            t.extend(out);
        } else {
            let mut piped = String::new();
            for c in out.chunks {
                match c.stream {
                    crate::Stream::Stdout => piped.push_str(&c.text),
                    crate::Stream::Stderr => t.err(c.text),
                }
            }
            stdin = Some(piped);
        }
    }
    t.status = status;
    status
}

/// Paths a script passes to kubectl as files: `-f PATH` (except `-`), `--from-file=[KEY=]PATH`,
/// `--from-env-file=PATH` and `-o custom-columns-file=PATH`, so a host can load those files into
/// the session before running it.
pub fn referenced_files(text: &str) -> Vec<String> {
    let mut out = Vec::new();
    for line in parse(text).unwrap_or_default() {
        for step in &line.steps {
            for cmd in &step.pipeline {
                let mut args = cmd.argv.iter().peekable();
                while let Some(a) = args.next() {
                    let mut paths = Vec::new();
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
                    for p in paths {
                        if p != "-" && !p.is_empty() && !out.contains(&p) {
                            out.push(p);
                        }
                    }
                }
            }
        }
    }
    out
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
        for s in ["echo a < b", "<", "cat <", "x <<< y"] {
            let e = parse(s).unwrap_err();
            assert!(e.contains("redirection") || e.contains("syntax error"), "{s}: {e}");
            assert!(is_complete(s), "{s}: an error is complete, so the console runs it and shows it");
        }
    }

    #[test]
    fn heredocs_continuations_quotes_and_comments() {
        let s = "# comment\nkubectl apply -f - <<EOF\nkind: X\nEOF\necho 'a b' \"c\\\"d\" e\\ f # trailing\nkubectl get \\\n  pods\n";
        let lines = parse(s).unwrap();
        assert_eq!(lines.len(), 3);
        assert_eq!(lines[0].steps[0].pipeline[0].stdin.as_deref(), Some("kind: X\n"));
        assert_eq!(lines[1].steps[0].pipeline[0].argv, vec!["echo", "a b", "c\"d", "e f"]);
        assert_eq!(lines[2].steps[0].pipeline[0].argv, vec!["kubectl", "get", "pods"]);
        assert_eq!(lines[2].number, 6);
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
        assert!(is_complete("kubectl get pods"));
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
