//! The scenario language's grammar: tokens into lists of `&&`/`||` pipelines whose commands are
//! simple commands or compound ones (`for`, `while`, `until`, `if`, `((…))`). Reserved words
//! count only in a command's place, as bash reads them (`echo done` is an echo), and syntax errors
//! are bash's: `syntax error near unexpected token `done'`, or at the end of the input
//! `syntax error: unexpected end of file`, which a reader takes as "read another line".

use super::lex::{Part, Redir, RedirOp, Token, Word};

/// `NAME=VALUE` (or `NAME+=VALUE`) before a command's words.
#[derive(Debug, Clone, PartialEq)]
pub struct Assign {
    pub name: String,
    pub append: bool,
    pub value: Word,
}

/// One simple command: assignments, words and redirections (a heredoc is one), unexpanded, and
/// the script line it is on (for `bash: line N:` messages).
#[derive(Debug, Clone, PartialEq, Default)]
pub struct Simple {
    pub assigns: Vec<Assign>,
    pub words: Vec<Word>,
    pub redirs: Vec<Redir>,
    pub line: usize,
}

impl Simple {
    fn is_empty(&self) -> bool {
        self.assigns.is_empty() && self.words.is_empty() && self.redirs.is_empty()
    }
}

#[derive(Debug, Clone, PartialEq)]
pub enum Command {
    Simple(Simple),
    /// A compound command with the redirections written after its end (`done > out.txt`).
    Compound(Box<Compound>, Vec<Redir>),
}

#[derive(Debug, Clone, PartialEq)]
pub enum Compound {
    /// `for NAME in WORDS; do BODY; done`; `name` as written (checked when it runs, as bash does).
    For { name: String, words: Vec<Word>, body: List, line: usize },
    /// `while COND; do BODY; done`, or `until` (`until` true).
    Loop { until: bool, cond: List, body: List },
    /// `if COND; then BODY; elif …; else …; fi`.
    If { arms: Vec<(List, List)>, otherwise: Option<List> },
    /// `((EXPR))`, with the expression as written for messages.
    Arith { expr: Word, line: usize },
}

/// A pipeline, `!` in front of it inverting its status.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct Pipeline {
    pub bang: bool,
    pub cmds: Vec<Command>,
}

/// A pipeline joined to the previous one by `&&`, `||` or `;` (or a newline).
#[derive(Debug, Clone, PartialEq)]
pub struct Step {
    pub pipeline: Pipeline,
    /// How this step relates to the previous one's status.
    pub join: Join,
}

#[derive(Debug, Clone, Copy, PartialEq)]
pub enum Join {
    Always,
    IfOk,
    IfFailed,
}

/// Commands run one after another.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct List(pub Vec<Step>);

impl List {
    /// Calls `simple` for every simple command, those inside compound commands included, and
    /// `word` for the other words (a `for` loop's list, `((…))`); not inside substitutions.
    pub fn walk(&self, simple: &mut dyn FnMut(&Simple), word: &mut dyn FnMut(&Word)) {
        for cmd in self.0.iter().flat_map(|s| &s.pipeline.cmds) {
            match cmd {
                Command::Simple(s) => simple(s),
                Command::Compound(c, redirs) => {
                    redirs.iter().for_each(|r| word(&r.target));
                    match &**c {
                        Compound::For { words, body, .. } => {
                            words.iter().for_each(&mut *word);
                            body.walk(simple, word);
                        }
                        Compound::Loop { cond, body, .. } => {
                            cond.walk(simple, word);
                            body.walk(simple, word);
                        }
                        Compound::If { arms, otherwise } => {
                            for (cond, body) in arms {
                                cond.walk(simple, word);
                                body.walk(simple, word);
                            }
                            if let Some(o) = otherwise {
                                o.walk(simple, word);
                            }
                        }
                        Compound::Arith { expr, .. } => word(expr),
                    }
                }
            }
        }
    }
}

/// A token and the script line it is on.
#[derive(Debug, Clone, PartialEq)]
pub struct Tok {
    pub token: Token,
    pub line: usize,
}

/// Why tokens do not parse: the input ended inside a command (more lines may finish it), or a
/// message.
#[derive(Debug, Clone, PartialEq)]
pub enum ParseError {
    Eof,
    /// The line of the token that does not fit, and the message.
    Msg(usize, String),
}

/// Words that open or close compound commands where a command starts.
const RESERVED: &[&str] = &["if", "then", "elif", "else", "fi", "for", "while", "until", "do", "done", "in", "!"];

/// The reserved word `w` is, if it is one written plainly (no quotes, nothing expanded).
fn reserved(w: &Word) -> Option<&str> {
    match w.parts.as_slice() {
        [Part::Lit { text, quoted: false }] => RESERVED.iter().copied().find(|r| r == text),
        _ => None,
    }
}

/// Counts, line by line, how many compound commands are open, so that a reader parses only once
/// they are closed (parsing after each line of a long loop would cost the square of its length).
#[derive(Debug, Default)]
pub struct Nesting {
    pub depth: i64,
    /// The next word is in a command's place.
    cmd_pos: bool,
}

impl Nesting {
    pub fn new() -> Self {
        Nesting { depth: 0, cmd_pos: true }
    }

    pub fn feed(&mut self, t: &Token) {
        match t {
            Token::Pipe | Token::And | Token::Or | Token::Semi | Token::Newline => self.cmd_pos = true,
            Token::Word(w) if self.cmd_pos => {
                let r = reserved(w);
                match r {
                    Some("if" | "while" | "until" | "for") => self.depth += 1,
                    Some("fi" | "done") => self.depth -= 1,
                    _ => {}
                }
                self.cmd_pos = matches!(r, Some("if" | "while" | "until" | "then" | "do" | "else" | "elif" | "!"));
            }
            Token::Word(_) | Token::Arith(..) => self.cmd_pos = false,
            Token::Redir(_) => {}
        }
    }
}

/// Parses a whole program: one list, every compound command closed.
pub fn program(toks: &[Tok]) -> Result<List, ParseError> {
    let mut p = Parser { toks, i: 0 };
    let list = p.list()?;
    match p.toks.get(p.i) {
        None => Ok(list),
        Some(_) => Err(p.unexpected()),
    }
}

struct Parser<'t> {
    toks: &'t [Tok],
    i: usize,
}

impl Parser<'_> {
    fn peek(&self) -> Option<&Token> {
        self.toks.get(self.i).map(|t| &t.token)
    }

    fn line(&self) -> usize {
        self.toks.get(self.i).or(self.toks.last()).map_or(0, |t| t.line)
    }

    fn peek_reserved(&self) -> Option<&str> {
        match self.peek() {
            Some(Token::Word(w)) => reserved(w),
            _ => None,
        }
    }

    /// The error for the token at the cursor: bash names it, or the end of the input.
    fn unexpected(&self) -> ParseError {
        let name = match self.peek() {
            None => return ParseError::Eof,
            Some(Token::Word(w)) => super::expand::source(w),
            Some(Token::Pipe) => "|".into(),
            Some(Token::And) => "&&".into(),
            Some(Token::Or) => "||".into(),
            Some(Token::Semi) => ";".into(),
            Some(Token::Newline) => "newline".into(),
            Some(Token::Arith(..)) => "(".into(),
            Some(Token::Redir(r)) => redir_name(r),
        };
        ParseError::Msg(self.line(), format!("syntax error near unexpected token `{name}'"))
    }

    fn skip_newlines(&mut self) {
        while self.peek() == Some(&Token::Newline) {
            self.i += 1;
        }
    }

    /// Takes the reserved word `word` or fails on what is there instead.
    fn expect(&mut self, word: &str) -> Result<(), ParseError> {
        if self.peek_reserved() == Some(word) {
            self.i += 1;
            Ok(())
        } else {
            Err(self.unexpected())
        }
    }

    /// Commands separated by `;` or newlines, up to the end or a word that closes a compound
    /// command (`then`, `do`, `done`, `fi`, …), which the caller takes.
    fn list(&mut self) -> Result<List, ParseError> {
        let mut steps = Vec::new();
        self.skip_newlines();
        while self.peek().is_some() && !matches!(self.peek_reserved(), Some("then" | "elif" | "else" | "fi" | "do" | "done")) {
            self.and_or(&mut steps)?;
            match self.peek() {
                Some(Token::Semi | Token::Newline) => {
                    self.i += 1;
                    self.skip_newlines();
                }
                None => break,
                Some(_) => return Err(self.unexpected()),
            }
        }
        Ok(List(steps))
    }

    /// A list that must hold a command (a condition, a body).
    fn nonempty_list(&mut self) -> Result<List, ParseError> {
        let list = self.list()?;
        if list.0.is_empty() {
            return Err(self.unexpected());
        }
        Ok(list)
    }

    fn and_or(&mut self, steps: &mut Vec<Step>) -> Result<(), ParseError> {
        let mut join = Join::Always;
        loop {
            steps.push(Step { pipeline: self.pipeline()?, join });
            join = match self.peek() {
                Some(Token::And) => Join::IfOk,
                Some(Token::Or) => Join::IfFailed,
                _ => return Ok(()),
            };
            self.i += 1;
            self.skip_newlines();
        }
    }

    fn pipeline(&mut self) -> Result<Pipeline, ParseError> {
        let bang = self.peek_reserved() == Some("!");
        if bang {
            self.i += 1;
        }
        let mut cmds = vec![self.command()?];
        while self.peek() == Some(&Token::Pipe) {
            self.i += 1;
            self.skip_newlines();
            cmds.push(self.command()?);
        }
        Ok(Pipeline { bang, cmds })
    }

    fn command(&mut self) -> Result<Command, ParseError> {
        let line = self.line();
        let compound = match (self.peek(), self.peek_reserved()) {
            (None, _) => return Err(ParseError::Eof),
            (_, Some("if")) => self.if_clause()?,
            (_, Some("for")) => self.for_clause(line)?,
            (_, Some(w @ ("while" | "until"))) => {
                let until = w == "until";
                self.i += 1;
                let cond = self.nonempty_list()?;
                let body = self.do_group()?;
                Compound::Loop { until, cond, body }
            }
            (_, Some("in")) | (Some(Token::Word(_) | Token::Redir(_)), None) => return self.simple().map(Command::Simple),
            (Some(Token::Arith(w, _)), _) => {
                let expr = w.clone();
                self.i += 1;
                Compound::Arith { expr, line }
            }
            _ => return Err(self.unexpected()),
        };
        let mut redirs = Vec::new();
        while let Some(Token::Redir(r)) = self.peek() {
            redirs.push(r.clone());
            self.i += 1;
        }
        if let Some(Token::Word(_) | Token::Arith(..)) = self.peek() {
            return Err(self.unexpected());
        }
        Ok(Command::Compound(Box::new(compound), redirs))
    }

    fn if_clause(&mut self) -> Result<Compound, ParseError> {
        self.i += 1;
        let mut arms = Vec::new();
        loop {
            let cond = self.nonempty_list()?;
            self.expect("then")?;
            arms.push((cond, self.nonempty_list()?));
            match self.peek_reserved() {
                Some("elif") => self.i += 1,
                Some("else") => {
                    self.i += 1;
                    let otherwise = self.nonempty_list()?;
                    self.expect("fi")?;
                    return Ok(Compound::If { arms, otherwise: Some(otherwise) });
                }
                _ => {
                    self.expect("fi")?;
                    return Ok(Compound::If { arms, otherwise: None });
                }
            }
        }
    }

    fn for_clause(&mut self, line: usize) -> Result<Compound, ParseError> {
        self.i += 1;
        let name = match self.peek() {
            Some(Token::Word(w)) => super::expand::source(w),
            _ => return Err(self.unexpected()),
        };
        self.i += 1;
        self.skip_newlines();
        let mut words = Vec::new();
        if self.peek_reserved() == Some("in") {
            self.i += 1;
            while let Some(Token::Word(w)) = self.peek() {
                words.push(w.clone());
                self.i += 1;
            }
            match self.peek() {
                Some(Token::Semi | Token::Newline) => self.i += 1,
                _ => return Err(self.unexpected()),
            }
        } else if self.peek() == Some(&Token::Semi) {
            // `for NAME; do` walks "$@", which a script run by kubeplay never has.
            self.i += 1;
        }
        self.skip_newlines();
        let body = self.do_group()?;
        Ok(Compound::For { name, words, body, line })
    }

    fn do_group(&mut self) -> Result<List, ParseError> {
        self.expect("do")?;
        let body = self.nonempty_list()?;
        self.expect("done")?;
        Ok(body)
    }

    fn simple(&mut self) -> Result<Simple, ParseError> {
        let mut cur = Simple { line: self.line(), ..Simple::default() };
        loop {
            match self.peek() {
                Some(Token::Word(w)) => {
                    match assignment(w).filter(|_| cur.words.is_empty()) {
                        Some(a) => cur.assigns.push(a),
                        None => {
                            if cur.words.is_empty() {
                                unsupported_syntax(w).map_err(|e| ParseError::Msg(self.line(), e))?;
                            }
                            cur.words.push(w.clone());
                        }
                    }
                    self.i += 1;
                }
                Some(Token::Redir(r)) => {
                    cur.redirs.push(r.clone());
                    self.i += 1;
                }
                Some(Token::Arith(..)) => return Err(self.unexpected()),
                _ => break,
            }
        }
        if cur.is_empty() {
            return Err(self.unexpected());
        }
        Ok(cur)
    }
}

/// How bash names a redirection operator in a syntax error.
fn redir_name(r: &Redir) -> String {
    match r.op {
        RedirOp::In => "<",
        RedirOp::Out => ">",
        RedirOp::Append => ">>",
        RedirOp::Dup => ">&",
        RedirOp::Both => "&>",
        RedirOp::BothAppend => "&>>",
        RedirOp::HereString => "<<<",
        RedirOp::HereDoc { .. } => "<<",
    }
    .to_string()
}

pub fn is_name(s: &str) -> bool {
    s.starts_with(|c: char| c.is_ascii_alphabetic() || c == '_') && s.chars().all(|c| c.is_ascii_alphanumeric() || c == '_')
}

/// `NAME=…` or `NAME+=…` written as a word: an assignment when it comes before the command.
pub fn assignment(w: &Word) -> Option<Assign> {
    let Some(Part::Lit { text, quoted: false }) = w.parts.first() else { return None };
    let eq = text.find('=')?;
    let (name, append) = match text[..eq].strip_suffix('+') {
        Some(n) => (n, true),
        None => (&text[..eq], false),
    };
    if !is_name(name) {
        return None;
    }
    let mut value = Word::default();
    if eq + 1 < text.len() {
        value.parts.push(Part::Lit { text: text[eq + 1..].to_string(), quoted: false });
    }
    value.parts.extend(w.parts[1..].iter().cloned());
    Some(Assign { name: name.to_string(), append, value })
}

/// bash syntax kubeplay's scripts do not run, named when it starts a command.
fn unsupported_syntax(w: &Word) -> Result<(), String> {
    let Some(Part::Lit { text, quoted: false }) = w.parts.first() else { return Ok(()) };
    let what = match text.as_str() {
        "case" | "esac" => "`case` statements",
        "select" => "`select` loops",
        "function" => "functions",
        "{" | "}" => "command groups",
        "[[" => "`[[ … ]]` tests",
        t if t.starts_with('(') => return Err("`(`: subshells are not supported by kubeplay's scripts".into()),
        t if t.ends_with("()") => "functions",
        _ => return Ok(()),
    };
    Err(format!("`{text}`: {what} are not supported by kubeplay's scripts"))
}
