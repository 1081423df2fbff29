//! The shell's syntax tree: commands, words (with their quoting kept, so expansion knows what
//! to split and glob) and redirections.

use std::sync::Arc;

/// One piece of a word. `quoted` parts are never field-split or globbed.
#[derive(Debug, Clone, PartialEq)]
pub enum Part {
    /// Unquoted literal text (globbing applies).
    Lit(String),
    /// Text from quotes or a backslash: taken as is.
    Quoted(String),
    Param(Box<Param>, bool),
    CmdSub(Arc<Node>, bool),
    /// `$((expr))`: the raw expression, expanded then evaluated.
    Arith(Word, bool),
}

pub type Word = Vec<Part>;

#[derive(Debug, Clone, PartialEq)]
pub enum ParamOp {
    Plain,
    /// `${#x}`
    Len,
    /// `${x-w}` / `${x:-w}` (the bool is the colon: also when empty)
    Default(bool),
    Assign(bool),
    Alt(bool),
    Error(bool),
    /// `${x#p}` / `${x##p}` (bool: longest)
    TrimPrefix(bool),
    TrimSuffix(bool),
}

#[derive(Debug, Clone, PartialEq)]
pub struct Param {
    pub name: String,
    pub op: ParamOp,
    pub arg: Word,
}

#[derive(Debug, Clone, PartialEq)]
pub enum RedirKind {
    /// `>` (also `>|`)
    Out,
    /// `>>`
    Append,
    /// `<`
    In,
    /// `>&N` / `N>&M`
    DupOut,
    /// `<&N`
    DupIn,
    /// `<<` / `<<-`: the body (expanded unless the delimiter was quoted)
    HereDoc,
}

#[derive(Debug, Clone, PartialEq)]
pub struct Redir {
    pub fd: u32,
    pub kind: RedirKind,
    pub target: Word,
}

#[derive(Debug, Clone, PartialEq)]
pub struct Simple {
    pub assigns: Vec<(String, Word)>,
    pub words: Vec<Word>,
    pub redirs: Vec<Redir>,
    pub line: usize,
}

#[derive(Debug, Clone, PartialEq)]
pub enum Node {
    Simple(Simple),
    Pipeline {
        bang: bool,
        cmds: Vec<Node>,
    },
    /// `first && a || b`: (is_and, command) pairs.
    AndOr {
        first: Box<Node>,
        rest: Vec<(bool, Node)>,
    },
    Seq(Vec<Node>),
    If {
        arms: Vec<(Node, Node)>,
        els: Option<Box<Node>>,
    },
    Loop {
        until: bool,
        cond: Box<Node>,
        body: Box<Node>,
    },
    For {
        var: String,
        items: Option<Vec<Word>>,
        body: Box<Node>,
        line: usize,
    },
    Case {
        word: Word,
        arms: Vec<(Vec<Word>, Node)>,
    },
    Group {
        body: Box<Node>,
        redirs: Vec<Redir>,
    },
    Subshell {
        body: Box<Node>,
        redirs: Vec<Redir>,
    },
    FuncDef {
        name: String,
        body: Arc<Node>,
    },
    /// `cmd &`: modelled as running in the foreground (see the crate docs).
    Background(Box<Node>),
}

impl Node {
    pub fn empty() -> Node {
        Node::Seq(Vec::new())
    }
}
