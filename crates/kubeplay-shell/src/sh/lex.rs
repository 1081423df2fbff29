//! The tokenizer: splits script text into words (raw, quotes kept), operators and newlines, and
//! reads here-document bodies when their line ends, as POSIX sh does.

/// Longest script the shell accepts (a ConfigMap is at most 1 MiB anyway).
pub const MAX_SCRIPT_BYTES: usize = 1 << 20;

#[derive(Debug, Clone, PartialEq)]
pub enum Tok {
    /// A word as written (quotes and escapes still in it).
    Word(String),
    /// A redirection's file descriptor number (`2` in `2>&1`).
    IoNum(u32),
    Op(&'static str),
    /// `<<DELIM` with its body already read.
    HereDoc {
        strip: bool,
        quoted: bool,
        body: String,
    },
    Newline,
    Eof,
}

#[derive(Debug, Clone, PartialEq)]
pub struct Token {
    pub tok: Tok,
    pub line: usize,
}

#[derive(Debug, Clone, PartialEq)]
pub struct LexError {
    pub line: usize,
    /// What was unexpected, in ash's words (`end of file`).
    pub unexpected: String,
    pub expecting: Option<String>,
}

const OPS: [&str; 14] = [
    "<<-", "&&", "||", ";;", "<<", ">>", ">&", "<&", ">|", ";", "&", "|", "<", ">",
];

pub fn tokenize(src: &str) -> Result<Vec<Token>, LexError> {
    let chars: Vec<char> = src.chars().collect();
    let mut lx = Lexer {
        c: chars,
        i: 0,
        line: 1,
        out: Vec::new(),
        pending: Vec::new(),
    };
    lx.run()?;
    Ok(lx.out)
}

struct Lexer {
    c: Vec<char>,
    i: usize,
    line: usize,
    out: Vec<Token>,
    /// Here-docs whose bodies start after the current line: (index in out, delimiter, strip).
    pending: Vec<(usize, String, bool)>,
}

impl Lexer {
    fn peek(&self, k: usize) -> Option<char> {
        self.c.get(self.i + k).copied()
    }

    fn run(&mut self) -> Result<(), LexError> {
        while let Some(ch) = self.peek(0) {
            match ch {
                ' ' | '\t' | '\r' => self.i += 1,
                '\\' if self.peek(1) == Some('\n') => {
                    self.i += 2;
                    self.line += 1;
                }
                '\n' => {
                    self.i += 1;
                    self.push(Tok::Newline);
                    self.line += 1;
                    self.read_heredocs()?;
                }
                '#' => {
                    while let Some(c) = self.peek(0) {
                        if c == '\n' {
                            break;
                        }
                        self.i += 1;
                    }
                }
                '(' => {
                    self.i += 1;
                    self.push(Tok::Op("("));
                }
                ')' => {
                    self.i += 1;
                    self.push(Tok::Op(")"));
                }
                c if is_op_start(c) => {
                    let op = self.read_op();
                    if op == "<<" || op == "<<-" {
                        self.heredoc_start(op == "<<-")?;
                    } else {
                        self.push(Tok::Op(op));
                    }
                }
                _ => {
                    let start_line = self.line;
                    let w = self.read_word()?;
                    let is_num = !w.is_empty() && w.chars().all(|c| c.is_ascii_digit());
                    if is_num && matches!(self.peek(0), Some('<') | Some('>')) {
                        let n = w.parse::<u32>().unwrap_or(u32::MAX);
                        self.out.push(Token {
                            tok: Tok::IoNum(n),
                            line: start_line,
                        });
                    } else {
                        self.out.push(Token {
                            tok: Tok::Word(w),
                            line: start_line,
                        });
                    }
                }
            }
        }
        if let Some((_, delim, _)) = self.pending.first() {
            // ash reads to end of file and takes what it got as the body; the delimiter is
            // simply never found. Keep the body (already empty) rather than fail.
            let _ = delim;
            self.read_heredocs()?;
        }
        self.push(Tok::Eof);
        Ok(())
    }

    fn push(&mut self, tok: Tok) {
        self.out.push(Token {
            tok,
            line: self.line,
        });
    }

    fn read_op(&mut self) -> &'static str {
        for op in OPS {
            let n = op.chars().count();
            let matches = op
                .chars()
                .enumerate()
                .all(|(k, oc)| self.peek(k) == Some(oc));
            if matches {
                self.i += n;
                return op;
            }
        }
        // is_op_start guarantees one of the single-character operators matched.
        self.i += 1;
        ";"
    }

    fn heredoc_start(&mut self, strip: bool) -> Result<(), LexError> {
        while matches!(self.peek(0), Some(' ') | Some('\t')) {
            self.i += 1;
        }
        let raw = self.read_word()?;
        if raw.is_empty() {
            return Err(LexError {
                line: self.line,
                unexpected: match self.peek(0) {
                    None => "end of file".into(),
                    Some('\n') => "newline".into(),
                    Some(c) => format!("\"{c}\""),
                },
                expecting: None,
            });
        }
        let quoted = raw.contains(['\'', '"', '\\']);
        let delim: String = raw
            .chars()
            .filter(|c| !matches!(c, '\'' | '"' | '\\'))
            .collect();
        let idx = self.out.len();
        self.push(Tok::HereDoc {
            strip,
            quoted,
            body: String::new(),
        });
        self.pending.push((idx, delim, strip));
        Ok(())
    }

    fn read_heredocs(&mut self) -> Result<(), LexError> {
        let pending = std::mem::take(&mut self.pending);
        for (idx, delim, strip) in pending {
            let mut body = String::new();
            loop {
                if self.i >= self.c.len() {
                    break;
                }
                let mut line = String::new();
                while let Some(c) = self.peek(0) {
                    self.i += 1;
                    if c == '\n' {
                        break;
                    }
                    line.push(c);
                }
                self.line += 1;
                let cmp = if strip {
                    line.trim_start_matches('\t')
                } else {
                    line.as_str()
                };
                if cmp == delim {
                    break;
                }
                body.push_str(cmp);
                body.push('\n');
            }
            if let Some(Token {
                tok: Tok::HereDoc { body: b, .. },
                ..
            }) = self.out.get_mut(idx)
            {
                *b = body;
            }
        }
        Ok(())
    }

    /// Reads one word up to an unquoted metacharacter, keeping quotes in the text.
    fn read_word(&mut self) -> Result<String, LexError> {
        let mut w = String::new();
        while let Some(c) = self.peek(0) {
            match c {
                ' ' | '\t' | '\n' | ';' | '&' | '|' | '<' | '>' | '(' | ')' | '\r' => break,
                '\\' => {
                    if self.peek(1) == Some('\n') {
                        self.i += 2;
                        self.line += 1;
                        continue;
                    }
                    w.push(c);
                    self.i += 1;
                    if let Some(n) = self.peek(0) {
                        w.push(n);
                        self.i += 1;
                    }
                }
                '\'' => {
                    let start = self.line;
                    w.push(c);
                    self.i += 1;
                    loop {
                        match self.peek(0) {
                            None => return Err(eof(start, "'")),
                            Some(q) => {
                                self.i += 1;
                                w.push(q);
                                if q == '\n' {
                                    self.line += 1;
                                }
                                if q == '\'' {
                                    break;
                                }
                            }
                        }
                    }
                }
                '"' => {
                    w.push(c);
                    self.i += 1;
                    self.read_dquoted(&mut w)?;
                }
                '`' => {
                    w.push(c);
                    self.i += 1;
                    self.read_backtick(&mut w)?;
                }
                '$' if self.peek(1) == Some('(') || self.peek(1) == Some('{') => {
                    w.push('$');
                    self.i += 1;
                    self.read_balanced(&mut w)?;
                }
                _ => {
                    w.push(c);
                    self.i += 1;
                }
            }
        }
        Ok(w)
    }

    fn read_dquoted(&mut self, w: &mut String) -> Result<(), LexError> {
        let start = self.line;
        loop {
            let Some(c) = self.peek(0) else {
                return Err(eof(start, "\""));
            };
            match c {
                '"' => {
                    w.push(c);
                    self.i += 1;
                    return Ok(());
                }
                '\\' => {
                    w.push(c);
                    self.i += 1;
                    if let Some(n) = self.peek(0) {
                        if n == '\n' {
                            self.line += 1;
                        }
                        w.push(n);
                        self.i += 1;
                    }
                }
                '`' => {
                    w.push(c);
                    self.i += 1;
                    self.read_backtick(w)?;
                }
                '$' if self.peek(1) == Some('(') || self.peek(1) == Some('{') => {
                    w.push('$');
                    self.i += 1;
                    self.read_balanced(w)?;
                }
                _ => {
                    if c == '\n' {
                        self.line += 1;
                    }
                    w.push(c);
                    self.i += 1;
                }
            }
        }
    }

    fn read_backtick(&mut self, w: &mut String) -> Result<(), LexError> {
        let start = self.line;
        loop {
            let Some(c) = self.peek(0) else {
                return Err(eof(start, "`"));
            };
            w.push(c);
            self.i += 1;
            match c {
                '`' => return Ok(()),
                '\\' => {
                    if let Some(n) = self.peek(0) {
                        w.push(n);
                        self.i += 1;
                    }
                }
                '\n' => self.line += 1,
                _ => {}
            }
        }
    }

    /// Reads `(...)` or `{...}` after a `$`, nesting and skipping quotes.
    fn read_balanced(&mut self, w: &mut String) -> Result<(), LexError> {
        let start = self.line;
        let open = self.peek(0).unwrap_or('(');
        let close = if open == '(' { ')' } else { '}' };
        let mut depth = 0usize;
        loop {
            let Some(c) = self.peek(0) else {
                return Err(eof(start, if close == ')' { ")" } else { "}" }));
            };
            match c {
                '\'' if open == '(' => {
                    w.push(c);
                    self.i += 1;
                    while let Some(q) = self.peek(0) {
                        w.push(q);
                        self.i += 1;
                        if q == '\n' {
                            self.line += 1;
                        }
                        if q == '\'' {
                            break;
                        }
                    }
                }
                '"' => {
                    w.push(c);
                    self.i += 1;
                    self.read_dquoted(w)?;
                }
                '\\' => {
                    w.push(c);
                    self.i += 1;
                    if let Some(n) = self.peek(0) {
                        w.push(n);
                        self.i += 1;
                    }
                }
                '`' => {
                    w.push(c);
                    self.i += 1;
                    self.read_backtick(w)?;
                }
                _ => {
                    if c == '\n' {
                        self.line += 1;
                    }
                    w.push(c);
                    self.i += 1;
                    if c == open {
                        depth += 1;
                    } else if c == close {
                        depth -= 1;
                        if depth == 0 {
                            return Ok(());
                        }
                    }
                }
            }
        }
    }
}

fn is_op_start(c: char) -> bool {
    matches!(c, ';' | '&' | '|' | '<' | '>')
}

fn eof(line: usize, closing: &str) -> LexError {
    LexError {
        line,
        unexpected: "end of file".into(),
        expecting: Some(format!("\"{closing}\"")),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn toks(s: &str) -> Vec<Tok> {
        tokenize(s).unwrap().into_iter().map(|t| t.tok).collect()
    }

    #[test]
    fn words_operators_and_io_numbers() {
        assert_eq!(
            toks("echo 'a b' \"c $(d e)\" 2>&1 >>f"),
            vec![
                Tok::Word("echo".into()),
                Tok::Word("'a b'".into()),
                Tok::Word("\"c $(d e)\"".into()),
                Tok::IoNum(2),
                Tok::Op(">&"),
                Tok::Word("1".into()),
                Tok::Op(">>"),
                Tok::Word("f".into()),
                Tok::Eof
            ]
        );
    }

    #[test]
    fn heredoc_body_is_read_after_the_line() {
        let t = toks("cat <<-EOF; echo x\n\tline $A\n\tEOF\necho y\n");
        assert_eq!(
            t[1],
            Tok::HereDoc {
                strip: true,
                quoted: false,
                body: "line $A\n".into()
            }
        );
        assert!(t.contains(&Tok::Word("y".into())));
    }

    #[test]
    fn unterminated_quote_is_an_error() {
        assert!(tokenize("echo 'abc").is_err());
    }
}
