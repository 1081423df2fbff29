//! The scenario language's lexer: one logical line into words (their quoting kept, so that
//! `$VAR`, `${…}`, `$(…)` and backquotes expand when the command runs, as bash does), operators,
//! redirections and heredoc openers. Command substitutions are parsed here too, so a syntax
//! error inside one is reported with its line before anything runs.

use super::Line;

/// Deepest nesting of command substitutions (`$(… $(…) …)`) a script may write.
pub const MAX_SUBST_DEPTH: usize = 16;

/// A piece of a word. Quoted text (and text a backslash escapes) is never split into fields.
#[derive(Debug, Clone, PartialEq)]
pub enum Part {
    Lit { text: String, quoted: bool },
    Param { name: String, op: Op, quoted: bool },
    /// `$(…)` or `` `…` ``, parsed.
    Subst { lines: Vec<Line>, quoted: bool },
    /// `$((…))`: the expression, expanded (as inside double quotes) before it is evaluated.
    Arith { expr: Word, quoted: bool },
}

/// What a `${NAME…}` does beyond giving the value.
#[derive(Debug, Clone, PartialEq)]
pub enum Op {
    Plain,
    /// `${#NAME}`
    Length,
    /// `${NAME:-WORD}` (`colon`) or `${NAME-WORD}`
    Default(bool, Word),
    /// `${NAME:=WORD}` / `${NAME=WORD}`
    Assign(bool, Word),
    /// `${NAME:+WORD}` / `${NAME+WORD}`
    Alt(bool, Word),
    /// `${NAME:?WORD}` / `${NAME?WORD}`
    Error(bool, Word),
}

/// A shell word before expansion.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct Word {
    pub parts: Vec<Part>,
}

impl Word {
    /// The word's text when nothing in it expands (quote removal only).
    pub fn literal(&self) -> Option<String> {
        let mut s = String::new();
        for p in &self.parts {
            match p {
                Part::Lit { text, .. } => s.push_str(text),
                _ => return None,
            }
        }
        Some(s)
    }

    fn push_char(&mut self, c: char, quoted: bool) {
        match self.parts.last_mut() {
            Some(Part::Lit { text, quoted: q }) if *q == quoted => text.push(c),
            _ => self.parts.push(Part::Lit { text: c.to_string(), quoted }),
        }
    }

    /// Whether the word was written with quotes or a backslash somewhere (a heredoc delimiter
    /// written so leaves the body unexpanded).
    fn any_quoted(&self) -> bool {
        self.parts.iter().any(|p| matches!(p, Part::Lit { quoted: true, .. }))
    }
}

/// Redirection operators; `fd` is the descriptor redirected (0, 1 or 2).
#[derive(Debug, Clone, PartialEq)]
pub enum RedirOp {
    /// `< FILE`
    In,
    /// `> FILE`, `>| FILE`
    Out,
    /// `>> FILE`
    Append,
    /// `>&N`, `<&N` (or `>&FILE`, which is `&>FILE`)
    Dup,
    /// `&> FILE`
    Both,
    /// `&>> FILE`
    BothAppend,
    /// `<<< WORD`
    HereString,
    /// `<<DELIM`: the body (filled in after the line is read) expands unless the delimiter was quoted.
    HereDoc { delim: String, strip_tabs: bool, expand: bool },
}

#[derive(Debug, Clone, PartialEq)]
pub struct Redir {
    pub fd: u32,
    pub op: RedirOp,
    /// The file, descriptor or here-string word; a heredoc's body.
    pub target: Word,
}

#[derive(Debug, Clone, PartialEq)]
pub enum Token {
    Word(Word),
    Pipe,
    And,
    Or,
    Semi,
    /// A newline between commands (bash allows it where `;` is refused: after `then`, `do`, …).
    Newline,
    /// `((…))` in a command's place: the expression as a word, and its text as written.
    Arith(Word, String),
    Redir(Redir),
}

/// What double-quoted text is being read.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Dq {
    /// `"…"`
    Quote,
    /// A heredoc body with an unquoted delimiter.
    Heredoc,
    /// The word of `"${NAME:-WORD}"`.
    Brace,
}

pub struct Lexer {
    /// How many command substitutions enclose the text being read.
    pub depth: usize,
}

fn eof(close: &str) -> String {
    format!("unexpected EOF while looking for matching `{close}'")
}

fn is_name_start(c: char) -> bool {
    c.is_ascii_alphabetic() || c == '_'
}

fn is_name(c: char) -> bool {
    c.is_ascii_alphanumeric() || c == '_'
}

/// Index just past the `'` closing a single-quoted string that starts at `i` (after the `'`).
fn skip_single(c: &[char], i: usize) -> Result<usize, String> {
    c[i..].iter().position(|&x| x == '\'').map(|p| i + p + 1).ok_or_else(|| eof("'"))
}

/// Index just past the closing backquote, from `i` after the opening one.
fn skip_backquote(c: &[char], mut i: usize) -> Result<usize, String> {
    while i < c.len() {
        match c[i] {
            '\\' => i += 2,
            '`' => return Ok(i + 1),
            _ => i += 1,
        }
    }
    Err(eof("`"))
}

/// Index just past the `"` closing a double-quoted string, from `i` after the opening one.
fn skip_double(c: &[char], mut i: usize) -> Result<usize, String> {
    while i < c.len() {
        match c[i] {
            '\\' => i += 2,
            '"' => return Ok(i + 1),
            '`' => i = skip_backquote(c, i + 1)?,
            '$' if c.get(i + 1) == Some(&'(') => i = find_close(c, i + 2, '(', ')')? + 1,
            '$' if c.get(i + 1) == Some(&'{') => i = find_close(c, i + 2, '{', '}')? + 1,
            _ => i += 1,
        }
    }
    Err(eof("\""))
}

/// The index of the `close` matching an `open` just before `i`, skipping quotes and nested
/// substitutions.
fn find_close(c: &[char], mut i: usize, open: char, close: char) -> Result<usize, String> {
    let mut depth = 1;
    while i < c.len() {
        match c[i] {
            '\\' => i += 2,
            '\'' if open == '(' => i = skip_single(c, i + 1)?,
            '"' => i = skip_double(c, i + 1)?,
            '`' => i = skip_backquote(c, i + 1)?,
            '$' if matches!(c.get(i + 1), Some('(' | '{')) => {
                let (o, cl) = if c[i + 1] == '(' { ('(', ')') } else { ('{', '}') };
                i = find_close(c, i + 2, o, cl)? + 1;
            }
            x if x == open => {
                depth += 1;
                i += 1;
            }
            x if x == close => {
                depth -= 1;
                if depth == 0 {
                    return Ok(i);
                }
                i += 1;
            }
            _ => i += 1,
        }
    }
    Err(eof(&close.to_string()))
}

impl Lexer {
    /// The tokens of one logical line (which may span physical lines inside quotes).
    pub fn tokens(&self, s: &str) -> Result<Vec<Token>, String> {
        let c: Vec<char> = s.chars().collect();
        let mut tokens = Vec::new();
        let mut i = 0;
        while i < c.len() {
            let at = |k: usize| c.get(i + k).copied();
            match c[i] {
                ' ' | '\t' | '\r' => i += 1,
                '#' => {
                    // A comment runs to the end of the physical line.
                    i += c[i..].iter().position(|&x| x == '\n').unwrap_or(c.len() - i);
                }
                // A newline after `|`, `&&` or `||` continues the command.
                '\n' if matches!(tokens.last(), Some(Token::Pipe | Token::And | Token::Or)) => i += 1,
                ';' => {
                    tokens.push(Token::Semi);
                    i += 1;
                }
                '\n' => {
                    tokens.push(Token::Newline);
                    i += 1;
                }
                '(' if at(1) == Some('(') => match arith_close(&c, i + 1) {
                    Some(close) => {
                        let text: String = c[i + 2..close].iter().collect();
                        tokens.push(Token::Arith(self.arith_word(&c[i + 2..close])?, text));
                        i = close + 2;
                    }
                    None => {
                        let (w, next) = self.word(&c, i, true)?;
                        tokens.push(Token::Word(w));
                        i = next;
                    }
                },
                '|' if at(1) == Some('|') => {
                    tokens.push(Token::Or);
                    i += 2;
                }
                '|' => {
                    tokens.push(Token::Pipe);
                    i += 1;
                }
                '&' if at(1) == Some('&') => {
                    tokens.push(Token::And);
                    i += 2;
                }
                '&' if at(1) == Some('>') => {
                    let append = at(2) == Some('>');
                    let op = if append { RedirOp::BothAppend } else { RedirOp::Both };
                    i = self.redirect(&c, i + if append { 3 } else { 2 }, 1, op, &mut tokens)?;
                }
                '&' => return Err("kubeplay runs commands in the foreground only: `&` is not supported".into()),
                '<' | '>' => i = self.operator(&c, i, None, &mut tokens)?,
                d if d.is_ascii_digit() => {
                    let digits = c[i..].iter().take_while(|x| x.is_ascii_digit()).count();
                    match c.get(i + digits) {
                        Some('<' | '>') => {
                            let fd: String = c[i..i + digits].iter().collect();
                            i = self.operator(&c, i + digits, Some(fd), &mut tokens)?;
                        }
                        _ => {
                            let (w, next) = self.word(&c, i, true)?;
                            tokens.push(Token::Word(w));
                            i = next;
                        }
                    }
                }
                _ => {
                    let (w, next) = self.word(&c, i, true)?;
                    tokens.push(Token::Word(w));
                    i = next;
                }
            }
        }
        Ok(tokens)
    }

    /// A redirection operator at `i` (`fd` if digits came before it).
    fn operator(&self, c: &[char], i: usize, fd: Option<String>, tokens: &mut Vec<Token>) -> Result<usize, String> {
        let rest: String = c[i..c.len().min(i + 3)].iter().collect();
        let (op, len, default_fd) = if rest.starts_with("<<<") {
            (RedirOp::HereString, 3, 0)
        } else if rest.starts_with("<<") {
            let strip_tabs = rest.starts_with("<<-");
            let mut j = i + if strip_tabs { 3 } else { 2 };
            while matches!(c.get(j), Some(' ' | '\t')) {
                j += 1;
            }
            let (w, next) = self.word(c, j, true)?;
            if w.parts.is_empty() {
                return Err("syntax error near unexpected token `newline'".into());
            }
            // The delimiter is the word after quote removal, with nothing expanded.
            let raw: String = c[j..next].iter().collect();
            let delim = delimiter_text(&raw);
            let fd = parse_fd(fd, 0)?;
            let op = RedirOp::HereDoc { delim, strip_tabs, expand: !w.any_quoted() };
            tokens.push(Token::Redir(Redir { fd, op, target: Word::default() }));
            return Ok(next);
        } else if rest.starts_with("<&") {
            (RedirOp::Dup, 2, 0)
        } else if rest.starts_with("<>") {
            return Err("`<>` (open for reading and writing) is not supported by kubeplay".into());
        } else if rest.starts_with('<') {
            (RedirOp::In, 1, 0)
        } else if rest.starts_with(">>") {
            (RedirOp::Append, 2, 1)
        } else if rest.starts_with(">&") {
            (RedirOp::Dup, 2, 1)
        } else if rest.starts_with(">|") {
            (RedirOp::Out, 2, 1)
        } else {
            (RedirOp::Out, 1, 1)
        };
        let fd = parse_fd(fd, default_fd)?;
        self.redirect(c, i + len, fd, op, tokens)
    }

    fn redirect(&self, c: &[char], mut i: usize, fd: u32, op: RedirOp, tokens: &mut Vec<Token>) -> Result<usize, String> {
        while matches!(c.get(i), Some(' ' | '\t')) {
            i += 1;
        }
        let (target, next) = self.word(c, i, true)?;
        if target.parts.is_empty() {
            let tok = match c.get(i) {
                None | Some('\n') => "newline".to_string(),
                Some(&x) => {
                    let two: String = c[i..c.len().min(i + 2)].iter().collect();
                    if matches!(two.as_str(), "&&" | "||" | ">>" | "<<") { two } else { x.to_string() }
                }
            };
            return Err(format!("syntax error near unexpected token `{tok}'"));
        }
        tokens.push(Token::Redir(Redir { fd, op, target }));
        Ok(next)
    }

    /// One word from `i`: up to a blank or an operator (`until_blank`), or the whole text.
    pub fn word(&self, c: &[char], mut i: usize, until_blank: bool) -> Result<(Word, usize), String> {
        let mut w = Word::default();
        while i < c.len() {
            match c[i] {
                ' ' | '\t' | '\n' | ';' | '|' | '&' | '<' | '>' if until_blank => break,
                '\\' => {
                    match c.get(i + 1) {
                        Some('\n') | None => {}
                        Some(&x) => w.push_char(x, true),
                    }
                    i += 2;
                }
                '\'' => {
                    let end = skip_single(c, i + 1)?;
                    let text: String = c[i + 1..end - 1].iter().collect();
                    w.parts.push(Part::Lit { text, quoted: true });
                    i = end;
                }
                '"' => i = self.double(c, i + 1, &mut w, Dq::Quote)?,
                '`' => i = self.backquote(c, i + 1, false, &mut w)?,
                '$' => i = self.dollar(c, i, false, &mut w)?,
                x => {
                    w.push_char(x, false);
                    i += 1;
                }
            }
        }
        Ok((w, i))
    }

    /// Double-quoted text from `i`: up to the closing `"` ([`Dq::Quote`]; returns the index after
    /// it), or to the end of `c` for a heredoc body (where `"` is an ordinary character) or the
    /// word of a `"${NAME:-WORD}"` (where `"…"` quotes again).
    pub fn double(&self, c: &[char], mut i: usize, w: &mut Word, mode: Dq) -> Result<usize, String> {
        // An empty "" is still a (quoted, empty) word.
        w.parts.push(Part::Lit { text: String::new(), quoted: true });
        let specials: &[char] = if mode == Dq::Heredoc { &['$', '`', '\\', '\n'] } else { &['$', '`', '"', '\\', '\n'] };
        loop {
            let Some(&x) = c.get(i) else {
                return match mode {
                    Dq::Quote => Err(eof("\"")),
                    _ => Ok(i),
                };
            };
            match x {
                '"' if mode == Dq::Quote => return Ok(i + 1),
                '"' if mode == Dq::Brace => i = self.double(c, i + 1, w, Dq::Quote)?,
                '\\' if c.get(i + 1).is_some_and(|n| specials.contains(n)) => {
                    if c[i + 1] != '\n' {
                        w.push_char(c[i + 1], true);
                    }
                    i += 2;
                }
                '`' => i = self.backquote(c, i + 1, true, w)?,
                '$' => i = self.dollar(c, i, true, w)?,
                _ => {
                    w.push_char(x, true);
                    i += 1;
                }
            }
        }
    }

    fn backquote(&self, c: &[char], i: usize, quoted: bool, w: &mut Word) -> Result<usize, String> {
        let end = skip_backquote(c, i)?;
        // Inside backquotes a backslash escapes only `$`, `` ` `` and `\`.
        let mut text = String::new();
        let mut k = i;
        while k < end - 1 {
            if c[k] == '\\' && matches!(c.get(k + 1), Some('$' | '`' | '\\')) {
                k += 1;
            }
            text.push(c[k]);
            k += 1;
        }
        let lines = self.subst(&text)?;
        w.parts.push(Part::Subst { lines, quoted });
        Ok(end)
    }

    /// The inside of `$((…))` or `((…))`: expanded as double-quoted text is, but `"` is removed
    /// too (bash accepts `$(( "1" + 2 ))`).
    fn arith_word(&self, c: &[char]) -> Result<Word, String> {
        let mut w = Word::default();
        let mut i = 0;
        while i < c.len() {
            match c[i] {
                '"' => i = self.double(c, i + 1, &mut w, Dq::Quote)?,
                '\\' if i + 1 < c.len() => {
                    w.push_char(c[i + 1], true);
                    i += 2;
                }
                '`' => i = self.backquote(c, i + 1, true, &mut w)?,
                '$' => i = self.dollar(c, i, true, &mut w)?,
                x => {
                    w.push_char(x, true);
                    i += 1;
                }
            }
        }
        Ok(w)
    }

    fn subst(&self, text: &str) -> Result<Vec<Line>, String> {
        if self.depth + 1 >= MAX_SUBST_DEPTH {
            return Err(format!("command substitutions nest at most {MAX_SUBST_DEPTH} deep in kubeplay"));
        }
        let lines = super::parse_at_depth(text, self.depth + 1).map_err(|e| match e.split_once(": ") {
            // Inside a substitution, bash names the construct rather than a line.
            Some((l, rest)) if l.starts_with("line ") => format!("command substitution: {rest}"),
            _ => e,
        })?;
        Ok(lines)
    }

    /// `$…` at `i`; returns the index after it.
    fn dollar(&self, c: &[char], i: usize, quoted: bool, w: &mut Word) -> Result<usize, String> {
        let Some(&n) = c.get(i + 1) else {
            w.push_char('$', quoted);
            return Ok(i + 1);
        };
        match n {
            '(' => {
                if let Some(close) = arith_close(c, i + 2).filter(|_| c.get(i + 2) == Some(&'(')) {
                    let expr = self.arith_word(&c[i + 3..close])?;
                    w.parts.push(Part::Arith { expr, quoted });
                    return Ok(close + 2);
                }
                let close = find_close(c, i + 2, '(', ')')?;
                let text: String = c[i + 2..close].iter().collect();
                let lines = self.subst(&text)?;
                w.parts.push(Part::Subst { lines, quoted });
                Ok(close + 1)
            }
            '{' => {
                let close = find_close(c, i + 2, '{', '}')?;
                let inner: String = c[i + 2..close].iter().collect();
                w.parts.push(self.brace(&inner, quoted)?);
                Ok(close + 1)
            }
            x if is_name_start(x) => {
                let len = c[i + 1..].iter().take_while(|&&x| is_name(x)).count();
                let name: String = c[i + 1..i + 1 + len].iter().collect();
                w.parts.push(Part::Param { name, op: Op::Plain, quoted });
                Ok(i + 1 + len)
            }
            x if x.is_ascii_digit() || matches!(x, '?' | '#' | '@' | '*') => {
                w.parts.push(Part::Param { name: x.to_string(), op: Op::Plain, quoted });
                Ok(i + 2)
            }
            '$' | '!' | '-' => Err(format!("`${n}` is not supported by kubeplay")),
            '\'' if !quoted => {
                let (text, end) = ansi_c(c, i + 2)?;
                w.parts.push(Part::Lit { text, quoted: true });
                Ok(end)
            }
            // $"…" is a translatable string: the same as "…" without a message catalogue.
            '"' if !quoted => self.double(c, i + 2, w, Dq::Quote),
            _ => {
                w.push_char('$', quoted);
                Ok(i + 1)
            }
        }
    }

    /// `${…}` with its inside `inner`.
    fn brace(&self, inner: &str, quoted: bool) -> Result<Part, String> {
        let unsupported = || {
            format!(
                "`${{{inner}}}`: kubeplay does not support this parameter expansion (it has ${{NAME}}, ${{#NAME}}, \
                 ${{NAME:-WORD}}, ${{NAME:=WORD}}, ${{NAME:+WORD}} and ${{NAME:?WORD}})"
            )
        };
        let ch: Vec<char> = inner.chars().collect();
        if let Some(rest) = inner.strip_prefix('#') {
            if !rest.is_empty() && (rest.chars().all(is_name) && rest.starts_with(is_name_start) || rest == "?") {
                return Ok(Part::Param { name: rest.to_string(), op: Op::Length, quoted });
            }
        }
        let name_len = match ch.first() {
            Some(&x) if is_name_start(x) => ch.iter().take_while(|&&x| is_name(x)).count(),
            Some(x) if x.is_ascii_digit() => ch.iter().take_while(|x| x.is_ascii_digit()).count(),
            Some('?' | '#' | '@' | '*') => 1,
            _ => return Err(if inner.is_empty() { "${}: bad substitution".into() } else { unsupported() }),
        };
        let name: String = ch[..name_len].iter().collect();
        let rest = &ch[name_len..];
        if rest.is_empty() {
            return Ok(Part::Param { name, op: Op::Plain, quoted });
        }
        let colon = rest[0] == ':';
        let rest = if colon { &rest[1..] } else { rest };
        let Some((&kind, word_chars)) = rest.split_first() else { return Err(unsupported()) };
        // The word: in double quotes it reads as the inside of double quotes, else as a word
        // whose blanks are kept (and split later, as bash splits an unquoted expansion).
        let mut word = Word::default();
        if quoted {
            self.double(word_chars, 0, &mut word, Dq::Brace)?;
        } else {
            word = self.word(word_chars, 0, false)?.0;
        }
        let op = match kind {
            '-' => Op::Default(colon, word),
            '=' => Op::Assign(colon, word),
            '+' => Op::Alt(colon, word),
            '?' => Op::Error(colon, word),
            _ => return Err(unsupported()),
        };
        Ok(Part::Param { name, op, quoted })
    }
}

/// For `((` whose second `(` is at `open`: the index of the first `)` of the `))` closing it,
/// or None when the parentheses close otherwise (`$((a) b)` is a substitution of a subshell).
fn arith_close(c: &[char], open: usize) -> Option<usize> {
    let close = find_close(c, open + 1, '(', ')').ok()?;
    (c.get(close + 1) == Some(&')')).then_some(close)
}

fn parse_fd(fd: Option<String>, default: u32) -> Result<u32, String> {
    match fd {
        None => Ok(default),
        Some(d) => match d.parse::<u32>() {
            Ok(n) if n <= 2 => Ok(n),
            _ => Err(format!("file descriptor {d} is not supported by kubeplay (only 0, 1 and 2)")),
        },
    }
}

/// A heredoc delimiter as written, after quote removal.
fn delimiter_text(raw: &str) -> String {
    let c: Vec<char> = raw.chars().collect();
    let mut out = String::new();
    let mut i = 0;
    let mut quote: Option<char> = None;
    while i < c.len() {
        match (quote, c[i]) {
            (None, '\'' | '"') => quote = Some(c[i]),
            (Some(q), x) if x == q => quote = None,
            (None, '\\') | (Some('"'), '\\') if i + 1 < c.len() => {
                i += 1;
                out.push(c[i]);
            }
            (_, x) => out.push(x),
        }
        i += 1;
    }
    out
}

/// `$'…'` from `i` (after the quote): the text with ANSI-C escapes, and the index after it.
fn ansi_c(c: &[char], mut i: usize) -> Result<(String, usize), String> {
    let mut s = String::new();
    while i < c.len() {
        match c[i] {
            '\'' => return Ok((s, i + 1)),
            '\\' if i + 1 < c.len() => {
                i += 1;
                match c[i] {
                    'n' => s.push('\n'),
                    't' => s.push('\t'),
                    'r' => s.push('\r'),
                    'a' => s.push('\x07'),
                    'b' => s.push('\x08'),
                    'e' | 'E' => s.push('\x1b'),
                    'f' => s.push('\x0c'),
                    'v' => s.push('\x0b'),
                    'x' => {
                        let hex: String = c[i + 1..].iter().take(2).take_while(|x| x.is_ascii_hexdigit()).collect();
                        if let Some(ch) = u32::from_str_radix(&hex, 16).ok().and_then(char::from_u32) {
                            s.push(ch);
                            i += hex.len();
                        } else {
                            s.push_str("\\x");
                        }
                    }
                    x @ '0'..='7' => {
                        let oct: String = std::iter::once(x).chain(c[i + 1..].iter().copied().take(2).take_while(|x| ('0'..='7').contains(x))).collect();
                        i += oct.len() - 1;
                        s.push(u32::from_str_radix(&oct, 8).ok().and_then(char::from_u32).unwrap_or('?'));
                    }
                    x @ ('\\' | '\'' | '"' | '?') => s.push(x),
                    x => {
                        s.push('\\');
                        s.push(x);
                    }
                }
                i += 1;
            }
            x => {
                s.push(x);
                i += 1;
            }
        }
    }
    Err(eof("'"))
}

/// A heredoc body as bash reads it: with an unquoted delimiter, `$…` and backquotes expand and a
/// backslash escapes only `$`, `` ` ``, `\` and a newline; with a quoted one, literal text.
pub fn heredoc_body(body: &str, expand: bool, depth: usize) -> Result<Word, String> {
    if !expand {
        return Ok(Word { parts: vec![Part::Lit { text: body.to_string(), quoted: true }] });
    }
    let c: Vec<char> = body.chars().collect();
    let mut w = Word::default();
    Lexer { depth }.double(&c, 0, &mut w, Dq::Heredoc)?;
    Ok(w)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn lit(text: &str, quoted: bool) -> Part {
        Part::Lit { text: text.into(), quoted }
    }

    fn words(s: &str) -> Vec<Word> {
        Lexer { depth: 0 }
            .tokens(s)
            .unwrap()
            .into_iter()
            .filter_map(|t| match t {
                Token::Word(w) => Some(w),
                _ => None,
            })
            .collect()
    }

    #[test]
    fn quoting_is_kept_for_expansion() {
        let w = words("a'b c'\"$X\"\\ $Y ${Z:-d e}");
        assert_eq!(w.len(), 2);
        assert_eq!(
            w[0].parts,
            vec![
                lit("a", false),
                lit("b c", true),
                lit("", true),
                Part::Param { name: "X".into(), op: Op::Plain, quoted: true },
                lit(" ", true),
                Part::Param { name: "Y".into(), op: Op::Plain, quoted: false },
            ]
        );
        let Part::Param { op: Op::Default(true, d), .. } = &w[1].parts[0] else { panic!("{:?}", w[1]) };
        assert_eq!(d.parts, vec![lit("d e", false)]);
        assert_eq!(words("'$X' \"\\$X\" $ a$")[0].literal().as_deref(), Some("$X"));
        assert_eq!(words("\"\\$X\"")[0].literal().as_deref(), Some("$X"));
        assert_eq!(words("$ a$")[0].literal().as_deref(), Some("$"));
        assert_eq!(words("$'a\\tb\\x41\\''")[0].literal().as_deref(), Some("a\tbA'"));
        assert_eq!(words("\"a\\b\"")[0].literal().as_deref(), Some("a\\b"), "a backslash before other characters stays");
    }

    #[test]
    fn substitutions_parse_their_insides() {
        let w = words("POD=$(kubectl get pods -o jsonpath='{.items[0].metadata.name}') `echo \\`x\\``");
        let Part::Subst { lines, quoted: false } = &w[0].parts[1] else { panic!("{:?}", w[0]) };
        assert_eq!(lines.len(), 1);
        assert!(matches!(&w[1].parts[0], Part::Subst { .. }));
        let e = Lexer { depth: 0 }.tokens("echo $(echo 'a)").unwrap_err();
        assert_eq!(e, "unexpected EOF while looking for matching `''", "the innermost open quote, as bash says");
        let e = Lexer { depth: 0 }.tokens("echo $(echo a").unwrap_err();
        assert_eq!(e, "unexpected EOF while looking for matching `)'");
        let e = Lexer { depth: 0 }.tokens("echo $(kubectl get |)").unwrap_err();
        assert_eq!(e, "command substitution: syntax error: unexpected end of file");
        let deep = format!("{}x{}", "$(echo ".repeat(20), ")".repeat(20));
        assert!(Lexer { depth: 0 }.tokens(&deep).unwrap_err().contains("nest at most 16 deep in kubeplay"));
        assert!(matches!(&words("echo $((1+2))")[1].parts[0], Part::Arith { quoted: false, .. }));
        assert!(Lexer { depth: 0 }.tokens("echo ${X/a/b}").unwrap_err().contains("kubeplay does not support this parameter expansion"));
    }

    #[test]
    fn redirections() {
        let t = Lexer { depth: 0 }.tokens("kubectl get pod x -o yaml >pod.yaml 2>&1 <in &>>log 2> /dev/null").unwrap();
        let ops: Vec<(u32, RedirOp, Option<String>)> = t
            .iter()
            .filter_map(|t| match t {
                Token::Redir(r) => Some((r.fd, r.op.clone(), r.target.literal())),
                _ => None,
            })
            .collect();
        assert_eq!(
            ops,
            vec![
                (1, RedirOp::Out, Some("pod.yaml".into())),
                (2, RedirOp::Dup, Some("1".into())),
                (0, RedirOp::In, Some("in".into())),
                (1, RedirOp::BothAppend, Some("log".into())),
                (2, RedirOp::Out, Some("/dev/null".into())),
            ]
        );
        assert_eq!(Lexer { depth: 0 }.tokens("cat >").unwrap_err(), "syntax error near unexpected token `newline'");
        assert!(Lexer { depth: 0 }.tokens("cat 3>x").unwrap_err().contains("file descriptor 3"));
        let t = Lexer { depth: 0 }.tokens("cat <<'E O' <<-\"X\" <<Y").unwrap();
        let docs: Vec<RedirOp> = t.into_iter().filter_map(|t| match t { Token::Redir(r) => Some(r.op), _ => None }).collect();
        assert_eq!(
            docs,
            vec![
                RedirOp::HereDoc { delim: "E O".into(), strip_tabs: false, expand: false },
                RedirOp::HereDoc { delim: "X".into(), strip_tabs: true, expand: false },
                RedirOp::HereDoc { delim: "Y".into(), strip_tabs: false, expand: true },
            ]
        );
    }

    #[test]
    fn heredoc_bodies_expand_as_bash_does() {
        let w = heredoc_body("a \"$X\" \\$Y \\\" `b`\n", true, 0).unwrap();
        assert_eq!(w.parts[0], lit("a \"", true));
        assert!(matches!(&w.parts[1], Part::Param { name, quoted: true, .. } if name == "X"));
        assert_eq!(w.parts[2], lit("\" $Y \\\" ", true));
        assert!(matches!(&w.parts[3], Part::Subst { .. }));
        assert_eq!(heredoc_body("$X `y`", false, 0).unwrap().literal().as_deref(), Some("$X `y`"));
    }
}
