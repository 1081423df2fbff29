//! The parser: tokens to a syntax tree (POSIX grammar, recursive descent with a depth bound),
//! and raw words to their parts. Errors carry busybox ash's wording.

use std::sync::Arc;

use super::ast::{Node, Param, ParamOp, Part, Redir, RedirKind, Simple, Word};
use super::lex::{tokenize, LexError, Tok, Token, MAX_SCRIPT_BYTES};

/// Deepest nesting of compound commands and `$(...)` the parser follows (keeps the Rust stack
/// small in the browser).
pub const MAX_NESTING: usize = 64;

#[derive(Debug, Clone, PartialEq)]
pub struct SyntaxError {
    pub line: usize,
    pub msg: String,
}

impl From<LexError> for SyntaxError {
    fn from(e: LexError) -> Self {
        SyntaxError {
            line: e.line,
            msg: unexpected_msg(&e.unexpected, e.expecting.as_deref()),
        }
    }
}

fn unexpected_msg(what: &str, expecting: Option<&str>) -> String {
    match expecting {
        Some(x) => format!("syntax error: unexpected {what} (expecting {x})"),
        None => format!("syntax error: unexpected {what}"),
    }
}

pub fn parse_program(src: &str) -> Result<Node, SyntaxError> {
    parse_at_depth(src, 0)
}

fn parse_at_depth(src: &str, depth: usize) -> Result<Node, SyntaxError> {
    if src.len() > MAX_SCRIPT_BYTES {
        return Err(SyntaxError {
            line: 1,
            msg: format!("script too long (over {MAX_SCRIPT_BYTES} bytes)"),
        });
    }
    if depth > MAX_NESTING {
        return Err(SyntaxError {
            line: 1,
            msg: format!("nested too deeply (over {MAX_NESTING} levels)"),
        });
    }
    let toks = tokenize(src)?;
    let mut p = Parser {
        t: toks,
        i: 0,
        depth,
    };
    let node = p.list(&[])?;
    match &p.cur().tok {
        Tok::Eof => Ok(node),
        _ => Err(p.unexpected(None)),
    }
}

struct Parser {
    t: Vec<Token>,
    i: usize,
    depth: usize,
}

impl Parser {
    fn cur(&self) -> &Token {
        // The token list always ends with Eof, and `i` never passes it.
        &self.t[self.i.min(self.t.len() - 1)]
    }
    fn line(&self) -> usize {
        self.cur().line
    }
    fn bump(&mut self) -> Token {
        let t = self.cur().clone();
        if self.i < self.t.len() - 1 {
            self.i += 1;
        }
        t
    }
    fn is_word(&self, w: &str) -> bool {
        matches!(&self.cur().tok, Tok::Word(x) if x == w)
    }
    fn is_op(&self, o: &str) -> bool {
        matches!(&self.cur().tok, Tok::Op(x) if *x == o)
    }
    fn describe(tok: &Tok) -> String {
        match tok {
            Tok::Eof => "end of file".into(),
            Tok::Newline => "newline".into(),
            Tok::Word(w) => format!("\"{w}\""),
            Tok::Op(o) => format!("\"{o}\""),
            Tok::IoNum(n) => format!("\"{n}\""),
            Tok::HereDoc { .. } => "\"<<\"".into(),
        }
    }
    fn unexpected(&self, expecting: Option<&str>) -> SyntaxError {
        let what = Self::describe(&self.cur().tok);
        SyntaxError {
            line: self.line(),
            msg: unexpected_msg(&what, expecting.map(|e| format!("\"{e}\"")).as_deref()),
        }
    }
    fn skip_newlines(&mut self) {
        while matches!(self.cur().tok, Tok::Newline) {
            self.bump();
        }
    }
    fn expect_word(&mut self, w: &str) -> Result<(), SyntaxError> {
        self.skip_newlines();
        if self.is_word(w) {
            self.bump();
            Ok(())
        } else {
            Err(self.unexpected(Some(w)))
        }
    }
    fn enter(&mut self) -> Result<(), SyntaxError> {
        self.depth += 1;
        if self.depth > MAX_NESTING {
            return Err(SyntaxError {
                line: self.line(),
                msg: format!("nested too deeply (over {MAX_NESTING} levels)"),
            });
        }
        Ok(())
    }

    /// A list of and-or commands up to one of `stop` (keywords) or `)`/`;;`/EOF.
    fn list(&mut self, stop: &[&str]) -> Result<Node, SyntaxError> {
        let mut items = Vec::new();
        loop {
            self.skip_newlines();
            match &self.cur().tok {
                Tok::Eof => break,
                Tok::Op(o) if *o == ")" || *o == ";;" => break,
                Tok::Word(w) if stop.contains(&w.as_str()) => break,
                _ => {}
            }
            let cmd = self.and_or()?;
            match &self.cur().tok {
                Tok::Op("&") => {
                    self.bump();
                    items.push(Node::Background(Box::new(cmd)));
                }
                Tok::Op(";") | Tok::Newline => {
                    self.bump();
                    items.push(cmd);
                }
                _ => {
                    items.push(cmd);
                    break;
                }
            }
        }
        Ok(if items.len() == 1 {
            items.pop().unwrap_or_else(Node::empty)
        } else {
            Node::Seq(items)
        })
    }

    fn and_or(&mut self) -> Result<Node, SyntaxError> {
        let first = self.pipeline()?;
        let mut rest = Vec::new();
        loop {
            let is_and = if self.is_op("&&") {
                true
            } else if self.is_op("||") {
                false
            } else {
                break;
            };
            self.bump();
            self.skip_newlines();
            rest.push((is_and, self.pipeline()?));
        }
        Ok(if rest.is_empty() {
            first
        } else {
            Node::AndOr {
                first: Box::new(first),
                rest,
            }
        })
    }

    fn pipeline(&mut self) -> Result<Node, SyntaxError> {
        let mut bang = false;
        if self.is_word("!") {
            self.bump();
            bang = true;
        }
        let mut cmds = vec![self.command()?];
        while self.is_op("|") {
            self.bump();
            self.skip_newlines();
            cmds.push(self.command()?);
        }
        Ok(if cmds.len() == 1 && !bang {
            cmds.pop().unwrap_or_else(Node::empty)
        } else {
            Node::Pipeline { bang, cmds }
        })
    }

    fn command(&mut self) -> Result<Node, SyntaxError> {
        let tok = self.cur().tok.clone();
        match tok {
            Tok::Word(w) => match w.as_str() {
                "if" => self.compound(Self::if_clause),
                "while" => self.compound(|p| p.loop_clause(false)),
                "until" => self.compound(|p| p.loop_clause(true)),
                "for" => self.compound(Self::for_clause),
                "case" => self.compound(Self::case_clause),
                "{" => self.compound(|p| {
                    p.bump();
                    let body = p.list(&["}"])?;
                    p.expect_word("}")?;
                    Ok(Node::Group {
                        body: Box::new(body),
                        redirs: Vec::new(),
                    })
                }),
                "then" | "elif" | "else" | "fi" | "do" | "done" | "esac" | "}" | "in" => {
                    Err(self.unexpected(None))
                }
                _ => {
                    // `name()` starts a function definition.
                    if is_name(&w)
                        && matches!(self.t.get(self.i + 1).map(|t| &t.tok), Some(Tok::Op("(")))
                    {
                        return self.func_def(w);
                    }
                    self.simple()
                }
            },
            Tok::Op("(") => self.compound(|p| {
                p.bump();
                let body = p.list(&[])?;
                if !p.is_op(")") {
                    return Err(p.unexpected(Some(")")));
                }
                p.bump();
                Ok(Node::Subshell {
                    body: Box::new(body),
                    redirs: Vec::new(),
                })
            }),
            Tok::IoNum(_)
            | Tok::Op("<")
            | Tok::Op(">")
            | Tok::Op(">>")
            | Tok::Op(">&")
            | Tok::Op("<&")
            | Tok::Op(">|")
            | Tok::HereDoc { .. } => self.simple(),
            _ => Err(self.unexpected(None)),
        }
    }

    /// Parses a compound command, then any redirections after it.
    fn compound(
        &mut self,
        f: impl FnOnce(&mut Self) -> Result<Node, SyntaxError>,
    ) -> Result<Node, SyntaxError> {
        self.enter()?;
        let mut node = f(self)?;
        self.depth -= 1;
        let mut extra = Vec::new();
        while let Some(r) = self.redirect()? {
            extra.push(r);
        }
        if !extra.is_empty() {
            node = match node {
                Node::Group { body, mut redirs } => {
                    redirs.extend(extra);
                    Node::Group { body, redirs }
                }
                Node::Subshell { body, mut redirs } => {
                    redirs.extend(extra);
                    Node::Subshell { body, redirs }
                }
                other => Node::Group {
                    body: Box::new(other),
                    redirs: extra,
                },
            };
        }
        Ok(node)
    }

    fn func_def(&mut self, name: String) -> Result<Node, SyntaxError> {
        self.bump(); // name
        self.bump(); // (
        if !self.is_op(")") {
            return Err(self.unexpected(Some(")")));
        }
        self.bump();
        self.skip_newlines();
        let body = self.command()?;
        Ok(Node::FuncDef {
            name,
            body: Arc::new(body),
        })
    }

    fn if_clause(&mut self) -> Result<Node, SyntaxError> {
        self.bump(); // if
        let mut arms = Vec::new();
        let mut els = None;
        loop {
            let cond = self.list(&["then"])?;
            self.expect_word("then")?;
            let body = self.list(&["elif", "else", "fi"])?;
            arms.push((cond, body));
            self.skip_newlines();
            if self.is_word("elif") {
                self.bump();
                continue;
            }
            if self.is_word("else") {
                self.bump();
                els = Some(Box::new(self.list(&["fi"])?));
            }
            self.expect_word("fi")?;
            break;
        }
        Ok(Node::If { arms, els })
    }

    fn loop_clause(&mut self, until: bool) -> Result<Node, SyntaxError> {
        self.bump();
        let cond = self.list(&["do"])?;
        self.expect_word("do")?;
        let body = self.list(&["done"])?;
        self.expect_word("done")?;
        Ok(Node::Loop {
            until,
            cond: Box::new(cond),
            body: Box::new(body),
        })
    }

    fn for_clause(&mut self) -> Result<Node, SyntaxError> {
        let line = self.line();
        self.bump();
        let var = match &self.cur().tok {
            Tok::Word(w) if is_name(w) => w.clone(),
            _ => return Err(self.unexpected(None)),
        };
        self.bump();
        let mut items = None;
        // `for x in a b c ;` or `for x ;`/newline (the positional parameters)
        while matches!(self.cur().tok, Tok::Newline) {
            self.bump();
        }
        if self.is_word("in") {
            self.bump();
            let mut v = Vec::new();
            while let Tok::Word(w) = &self.cur().tok {
                v.push(parse_word(w, self.depth)?);
                self.bump();
            }
            items = Some(v);
        }
        if self.is_op(";") {
            self.bump();
        }
        self.expect_word("do")?;
        let body = self.list(&["done"])?;
        self.expect_word("done")?;
        Ok(Node::For {
            var,
            items,
            body: Box::new(body),
            line,
        })
    }

    fn case_clause(&mut self) -> Result<Node, SyntaxError> {
        self.bump();
        let word = match &self.cur().tok {
            Tok::Word(w) => parse_word(w, self.depth)?,
            _ => return Err(self.unexpected(None)),
        };
        self.bump();
        self.expect_word("in")?;
        let mut arms = Vec::new();
        loop {
            self.skip_newlines();
            if self.is_word("esac") {
                self.bump();
                break;
            }
            if self.is_op("(") {
                self.bump();
            }
            let mut pats = Vec::new();
            loop {
                match &self.cur().tok {
                    Tok::Word(w) => {
                        pats.push(parse_word(w, self.depth)?);
                        self.bump();
                    }
                    _ => return Err(self.unexpected(None)),
                }
                if self.is_op("|") {
                    self.bump();
                    continue;
                }
                break;
            }
            if !self.is_op(")") {
                return Err(self.unexpected(Some(")")));
            }
            self.bump();
            let body = self.list(&["esac"])?;
            arms.push((pats, body));
            self.skip_newlines();
            if self.is_op(";;") {
                self.bump();
                continue;
            }
            self.expect_word("esac")?;
            break;
        }
        Ok(Node::Case { word, arms })
    }

    fn redirect(&mut self) -> Result<Option<Redir>, SyntaxError> {
        let mut fd = None;
        if let Tok::IoNum(n) = self.cur().tok {
            fd = Some(n);
            self.bump();
        }
        let tok = self.cur().tok.clone();
        let (kind, default_fd) = match tok {
            Tok::Op(">") | Tok::Op(">|") => (RedirKind::Out, 1),
            Tok::Op(">>") => (RedirKind::Append, 1),
            Tok::Op("<") => (RedirKind::In, 0),
            Tok::Op(">&") => (RedirKind::DupOut, 1),
            Tok::Op("<&") => (RedirKind::DupIn, 0),
            Tok::HereDoc { quoted, body, .. } => {
                self.bump();
                let target = if quoted {
                    vec![Part::Quoted(body)]
                } else {
                    parse_heredoc(&body, self.depth)?
                };
                return Ok(Some(Redir {
                    fd: fd.unwrap_or(0),
                    kind: RedirKind::HereDoc,
                    target,
                }));
            }
            _ => {
                if fd.is_some() {
                    return Err(self.unexpected(None));
                }
                return Ok(None);
            }
        };
        self.bump();
        let target = match &self.cur().tok {
            Tok::Word(w) => parse_word(w, self.depth)?,
            _ => return Err(self.unexpected(None)),
        };
        self.bump();
        Ok(Some(Redir {
            fd: fd.unwrap_or(default_fd),
            kind,
            target,
        }))
    }

    fn simple(&mut self) -> Result<Node, SyntaxError> {
        let line = self.line();
        let mut s = Simple {
            assigns: Vec::new(),
            words: Vec::new(),
            redirs: Vec::new(),
            line,
        };
        loop {
            if let Some(r) = self.redirect()? {
                s.redirs.push(r);
                continue;
            }
            let Tok::Word(w) = &self.cur().tok else { break };
            let w = w.clone();
            if s.words.is_empty() {
                if let Some(eq) = w.find('=') {
                    if is_name(&w[..eq]) {
                        s.assigns
                            .push((w[..eq].to_string(), parse_word(&w[eq + 1..], self.depth)?));
                        self.bump();
                        continue;
                    }
                }
            }
            s.words.push(parse_word(&w, self.depth)?);
            self.bump();
        }
        if s.words.is_empty() && s.assigns.is_empty() && s.redirs.is_empty() {
            return Err(self.unexpected(None));
        }
        Ok(Node::Simple(s))
    }
}

pub fn is_name(s: &str) -> bool {
    let mut cs = s.chars();
    matches!(cs.next(), Some(c) if c == '_' || c.is_ascii_alphabetic())
        && cs.all(|c| c == '_' || c.is_ascii_alphanumeric())
}

/// Splits a raw word into parts: quotes removed and marked, expansions parsed.
pub fn parse_word(raw: &str, depth: usize) -> Result<Word, SyntaxError> {
    let c: Vec<char> = raw.chars().collect();
    let mut wp = WordParser {
        c,
        i: 0,
        depth,
        parts: Vec::new(),
    };
    wp.run(false)?;
    Ok(wp.parts)
}

/// A here-document body: `$`, backquotes and `\` work, quotes are plain characters.
fn parse_heredoc(body: &str, depth: usize) -> Result<Word, SyntaxError> {
    let c: Vec<char> = body.chars().collect();
    let mut wp = WordParser {
        c,
        i: 0,
        depth,
        parts: Vec::new(),
    };
    wp.run(true)?;
    // Everything in a here-doc is quoted: no splitting, no globbing.
    Ok(wp
        .parts
        .into_iter()
        .map(|p| match p {
            Part::Lit(s) => Part::Quoted(s),
            Part::Param(x, _) => Part::Param(x, true),
            Part::CmdSub(x, _) => Part::CmdSub(x, true),
            Part::Arith(x, _) => Part::Arith(x, true),
            q => q,
        })
        .collect())
}

struct WordParser {
    c: Vec<char>,
    i: usize,
    depth: usize,
    parts: Vec<Part>,
}

impl WordParser {
    fn peek(&self, k: usize) -> Option<char> {
        self.c.get(self.i + k).copied()
    }
    fn lit(&mut self, ch: char, quoted: bool) {
        match (self.parts.last_mut(), quoted) {
            (Some(Part::Lit(s)), false) | (Some(Part::Quoted(s)), true) => s.push(ch),
            _ => self.parts.push(if quoted {
                Part::Quoted(ch.to_string())
            } else {
                Part::Lit(ch.to_string())
            }),
        }
    }

    fn run(&mut self, heredoc: bool) -> Result<(), SyntaxError> {
        while let Some(ch) = self.peek(0) {
            match ch {
                '\\' if heredoc => match self.peek(1) {
                    Some(n @ ('$' | '`' | '\\')) => {
                        self.lit(n, true);
                        self.i += 2;
                    }
                    Some('\n') => self.i += 2,
                    _ => {
                        self.lit('\\', true);
                        self.i += 1;
                    }
                },
                '\\' => {
                    self.i += 1;
                    if let Some(n) = self.peek(0) {
                        self.lit(n, true);
                        self.i += 1;
                    }
                }
                '\'' if !heredoc => {
                    self.i += 1;
                    let mut s = String::new();
                    while let Some(q) = self.peek(0) {
                        self.i += 1;
                        if q == '\'' {
                            break;
                        }
                        s.push(q);
                    }
                    self.quoted_str(s);
                }
                '"' if !heredoc => {
                    self.i += 1;
                    self.dquoted()?;
                }
                '$' => self.dollar(false)?,
                '`' => self.backtick(false)?,
                _ => {
                    self.lit(ch, heredoc);
                    self.i += 1;
                }
            }
        }
        Ok(())
    }

    /// A quoted string, even an empty one (which still makes a field).
    fn quoted_str(&mut self, s: String) {
        match self.parts.last_mut() {
            Some(Part::Quoted(q)) => q.push_str(&s),
            _ => self.parts.push(Part::Quoted(s)),
        }
    }

    fn dquoted(&mut self) -> Result<(), SyntaxError> {
        self.quoted_str(String::new());
        while let Some(ch) = self.peek(0) {
            match ch {
                '"' => {
                    self.i += 1;
                    return Ok(());
                }
                '\\' => match self.peek(1) {
                    Some(n @ ('$' | '`' | '"' | '\\')) => {
                        self.lit(n, true);
                        self.i += 2;
                    }
                    Some('\n') => self.i += 2,
                    _ => {
                        self.lit('\\', true);
                        self.i += 1;
                    }
                },
                '$' => self.dollar(true)?,
                '`' => self.backtick(true)?,
                _ => {
                    self.lit(ch, true);
                    self.i += 1;
                }
            }
        }
        Ok(())
    }

    fn backtick(&mut self, quoted: bool) -> Result<(), SyntaxError> {
        self.i += 1;
        let mut inner = String::new();
        while let Some(ch) = self.peek(0) {
            self.i += 1;
            match ch {
                '`' => break,
                '\\' => match self.peek(0) {
                    Some(n @ ('$' | '`' | '\\')) => {
                        inner.push(n);
                        self.i += 1;
                    }
                    _ => inner.push('\\'),
                },
                _ => inner.push(ch),
            }
        }
        let node = parse_at_depth(&inner, self.depth + 1)?;
        self.parts.push(Part::CmdSub(Arc::new(node), quoted));
        Ok(())
    }

    /// Text from the current position to the matching close (nesting, skipping quotes).
    fn balanced(&mut self, open: char, close: char) -> String {
        let mut depth = 1usize;
        let mut s = String::new();
        while let Some(ch) = self.peek(0) {
            self.i += 1;
            match ch {
                '\\' => {
                    s.push(ch);
                    if let Some(n) = self.peek(0) {
                        s.push(n);
                        self.i += 1;
                    }
                }
                '\'' if open == '(' => {
                    s.push(ch);
                    while let Some(q) = self.peek(0) {
                        self.i += 1;
                        s.push(q);
                        if q == '\'' {
                            break;
                        }
                    }
                }
                '"' => {
                    s.push(ch);
                    while let Some(q) = self.peek(0) {
                        self.i += 1;
                        s.push(q);
                        if q == '\\' {
                            if let Some(n) = self.peek(0) {
                                s.push(n);
                                self.i += 1;
                            }
                        } else if q == '"' {
                            break;
                        }
                    }
                }
                c if c == open => {
                    depth += 1;
                    s.push(c);
                }
                c if c == close => {
                    depth -= 1;
                    if depth == 0 {
                        return s;
                    }
                    s.push(c);
                }
                c => s.push(c),
            }
        }
        s
    }

    fn dollar(&mut self, quoted: bool) -> Result<(), SyntaxError> {
        match self.peek(1) {
            Some('(') if self.peek(2) == Some('(') => {
                self.i += 3;
                let inner = self.balanced('(', ')');
                // `$((` opened two parens: `balanced` consumed the first `)`, take the second.
                if self.peek(0) == Some(')') {
                    self.i += 1;
                }
                let expr = inner;
                let c: Vec<char> = expr.chars().collect();
                let mut wp = WordParser {
                    c,
                    i: 0,
                    depth: self.depth,
                    parts: Vec::new(),
                };
                wp.run(true)?;
                self.parts.push(Part::Arith(wp.parts, quoted));
            }
            Some('(') => {
                self.i += 2;
                let inner = self.balanced('(', ')');
                let node = parse_at_depth(&inner, self.depth + 1)?;
                self.parts.push(Part::CmdSub(Arc::new(node), quoted));
            }
            Some('{') => {
                self.i += 2;
                let inner = self.balanced('{', '}');
                let p = parse_braced(&inner, self.depth)?;
                self.parts.push(Part::Param(Box::new(p), quoted));
            }
            Some(c) if c == '_' || c.is_ascii_alphabetic() => {
                self.i += 1;
                let mut name = String::new();
                while let Some(c) = self.peek(0) {
                    if c == '_' || c.is_ascii_alphanumeric() {
                        name.push(c);
                        self.i += 1;
                    } else {
                        break;
                    }
                }
                self.parts.push(Part::Param(
                    Box::new(Param {
                        name,
                        op: ParamOp::Plain,
                        arg: Vec::new(),
                    }),
                    quoted,
                ));
            }
            Some(c) if c.is_ascii_digit() || "?$#@*!-".contains(c) => {
                self.i += 2;
                self.parts.push(Part::Param(
                    Box::new(Param {
                        name: c.to_string(),
                        op: ParamOp::Plain,
                        arg: Vec::new(),
                    }),
                    quoted,
                ));
            }
            _ => {
                self.lit('$', quoted);
                self.i += 1;
            }
        }
        Ok(())
    }
}

fn parse_braced(inner: &str, depth: usize) -> Result<Param, SyntaxError> {
    let bad = || SyntaxError {
        line: 1,
        msg: format!("syntax error: bad substitution: ${{{inner}}}"),
    };
    if let Some(rest) = inner.strip_prefix('#') {
        if !rest.is_empty()
            && (is_name(rest) || rest.chars().all(|c| c.is_ascii_digit()) || rest.len() == 1)
        {
            return Ok(Param {
                name: rest.to_string(),
                op: ParamOp::Len,
                arg: Vec::new(),
            });
        }
    }
    let name_len = if inner.starts_with(|c: char| c.is_ascii_digit()) {
        inner.chars().take_while(|c| c.is_ascii_digit()).count()
    } else if inner.starts_with(|c: char| "?$#@*!-".contains(c)) {
        1
    } else {
        inner
            .chars()
            .take_while(|c| *c == '_' || c.is_ascii_alphanumeric())
            .count()
    };
    if name_len == 0 {
        return Err(bad());
    }
    let name: String = inner.chars().take(name_len).collect();
    let rest: String = inner.chars().skip(name_len).collect();
    if rest.is_empty() {
        return Ok(Param {
            name,
            op: ParamOp::Plain,
            arg: Vec::new(),
        });
    }
    let (op, arg) = if let Some(a) = rest.strip_prefix(":-") {
        (ParamOp::Default(true), a)
    } else if let Some(a) = rest.strip_prefix(":=") {
        (ParamOp::Assign(true), a)
    } else if let Some(a) = rest.strip_prefix(":+") {
        (ParamOp::Alt(true), a)
    } else if let Some(a) = rest.strip_prefix(":?") {
        (ParamOp::Error(true), a)
    } else if let Some(a) = rest.strip_prefix('-') {
        (ParamOp::Default(false), a)
    } else if let Some(a) = rest.strip_prefix('=') {
        (ParamOp::Assign(false), a)
    } else if let Some(a) = rest.strip_prefix('+') {
        (ParamOp::Alt(false), a)
    } else if let Some(a) = rest.strip_prefix('?') {
        (ParamOp::Error(false), a)
    } else if let Some(a) = rest.strip_prefix("##") {
        (ParamOp::TrimPrefix(true), a)
    } else if let Some(a) = rest.strip_prefix('#') {
        (ParamOp::TrimPrefix(false), a)
    } else if let Some(a) = rest.strip_prefix("%%") {
        (ParamOp::TrimSuffix(true), a)
    } else if let Some(a) = rest.strip_prefix('%') {
        (ParamOp::TrimSuffix(false), a)
    } else {
        return Err(bad());
    };
    Ok(Param {
        name,
        op,
        arg: parse_word(arg, depth)?,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn err(src: &str) -> String {
        parse_program(src).unwrap_err().msg
    }

    #[test]
    fn parses_the_kiamol_wait_loop() {
        let n =
            parse_program("until nslookup ${X}; do echo Waiting for ${X}; sleep 1; done").unwrap();
        assert!(matches!(n, Node::Loop { until: true, .. }));
    }

    #[test]
    fn syntax_errors_use_ash_wording() {
        assert_eq!(err("fi"), "syntax error: unexpected \"fi\"");
        assert_eq!(
            err("if true; then echo"),
            "syntax error: unexpected end of file (expecting \"fi\")"
        );
        assert_eq!(
            err("echo 'x"),
            "syntax error: unexpected end of file (expecting \"'\")"
        );
        assert_eq!(err("; ls"), "syntax error: unexpected \";\"");
    }

    #[test]
    fn words_keep_quoting() {
        let w = parse_word("a\"$B c\"'d'", 0).unwrap();
        assert_eq!(w[0], Part::Lit("a".into()));
        assert!(matches!(&w[2], Part::Param(p, true) if p.name == "B"));
        assert_eq!(w[3], Part::Quoted(" cd".into()));
    }

    #[test]
    fn braced_parameters() {
        let w = parse_word("${A:-x}${#B}${C##*/}", 0).unwrap();
        assert!(matches!(&w[0], Part::Param(p, false) if p.op == ParamOp::Default(true)));
        assert!(matches!(&w[1], Part::Param(p, false) if p.op == ParamOp::Len));
        assert!(matches!(&w[2], Part::Param(p, false) if p.op == ParamOp::TrimPrefix(true)));
    }
}
