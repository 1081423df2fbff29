//! Compiles a syntax tree to a flat list of instructions with jumps, so the shell can stop after
//! any command (a `sleep`, a child process) and carry on from a program counter: no Rust
//! recursion is live across a suspension.

use std::sync::Arc;

use super::ast::{Node, Part, Redir, Simple, Word};

#[derive(Debug, Clone)]
pub enum Op {
    /// Run a simple command; the bool says whether `set -e` applies to its status.
    Simple(Arc<Simple>, bool),
    /// Run a pipeline (all but the last element synchronously, feeding stdin along).
    Pipeline(Arc<Vec<Node>>, bool),
    Jmp(usize),
    /// Jump if `$?` is zero.
    Jz(usize),
    /// Jump if `$?` is non-zero.
    Jnz(usize),
    /// `!`: invert `$?`.
    Not,
    SetStatus(i32),
    /// Counts one loop iteration against the busy-loop bound.
    LoopTick,
    /// Expand the items (None: the positional parameters) into for-slot `slot`.
    ForStart {
        slot: usize,
        items: Option<Arc<Vec<Word>>>,
    },
    /// Set `var` to the next item of the slot, or jump to `end`.
    ForNext {
        slot: usize,
        var: String,
        end: usize,
    },
    /// Expand the case subject into case-slot `slot`.
    CaseStart {
        slot: usize,
        word: Word,
    },
    /// Jump to `next` unless the subject matches one of the patterns.
    CaseTest {
        slot: usize,
        pats: Arc<Vec<Word>>,
        next: usize,
    },
    DefFunc(String, Arc<Code>),
    /// Run a `( ... )` subshell synchronously.
    Subshell(Arc<Node>, Arc<Vec<Redir>>),
    /// Apply redirections for a `{ ...; }` group until the matching PopIo.
    PushIo(Arc<Vec<Redir>>),
    PopIo,
}

#[derive(Debug, Clone, Default)]
pub struct Code {
    pub ops: Vec<Op>,
    /// For-slots and case-slots this code needs (its static nesting depth of each).
    pub for_slots: usize,
    pub case_slots: usize,
}

struct LoopCtx {
    /// Where `continue` goes.
    cont: usize,
    /// Jumps to patch with the loop's end.
    breaks: Vec<usize>,
}

struct Compiler {
    ops: Vec<Op>,
    loops: Vec<LoopCtx>,
    fors: usize,
    cases: usize,
    max_fors: usize,
    max_cases: usize,
}

pub fn compile(node: &Node) -> Code {
    let mut c = Compiler {
        ops: Vec::new(),
        loops: Vec::new(),
        fors: 0,
        cases: 0,
        max_fors: 0,
        max_cases: 0,
    };
    c.node(node, true);
    Code {
        ops: c.ops,
        for_slots: c.max_fors,
        case_slots: c.max_cases,
    }
}

/// A literal word's text, if it has no expansions (for `break`/`continue` recognition).
fn literal(w: &Word) -> Option<String> {
    let mut s = String::new();
    for p in w {
        match p {
            Part::Lit(t) | Part::Quoted(t) => s.push_str(t),
            _ => return None,
        }
    }
    Some(s)
}

impl Compiler {
    fn here(&self) -> usize {
        self.ops.len()
    }
    fn emit(&mut self, op: Op) -> usize {
        self.ops.push(op);
        self.ops.len() - 1
    }
    fn patch(&mut self, at: usize, target: usize) {
        match &mut self.ops[at] {
            Op::Jmp(t) | Op::Jz(t) | Op::Jnz(t) => *t = target,
            Op::ForNext { end, .. } => *end = target,
            Op::CaseTest { next, .. } => *next = target,
            _ => {}
        }
    }

    /// `errexit`: whether `set -e` applies to commands here (not in conditions or `&&` lists).
    fn node(&mut self, node: &Node, errexit: bool) {
        match node {
            Node::Simple(s) => {
                if let Some(word) = s.words.first().and_then(literal) {
                    let is_jump = (word == "break" || word == "continue")
                        && s.assigns.is_empty()
                        && s.redirs.is_empty();
                    if is_jump && self.loop_jump(word == "break", s.words.get(1).and_then(literal))
                    {
                        return;
                    }
                }
                self.emit(Op::Simple(Arc::new(s.clone()), errexit));
            }
            Node::Pipeline { bang, cmds } => {
                if cmds.len() == 1 {
                    self.node(&cmds[0], errexit && !bang);
                } else {
                    self.emit(Op::Pipeline(Arc::new(cmds.clone()), errexit && !bang));
                }
                if *bang {
                    self.emit(Op::Not);
                }
            }
            Node::AndOr { first, rest } => {
                self.node(first, false);
                let n = rest.len();
                for (k, (is_and, cmd)) in rest.iter().enumerate() {
                    let j = self.emit(if *is_and { Op::Jnz(0) } else { Op::Jz(0) });
                    self.node(cmd, errexit && k + 1 == n);
                    let t = self.here();
                    self.patch(j, t);
                }
            }
            Node::Seq(items) => {
                for it in items {
                    self.node(it, errexit);
                }
            }
            Node::Background(inner) => self.node(inner, errexit),
            Node::If { arms, els } => {
                let mut to_end = Vec::new();
                for (cond, body) in arms {
                    self.node(cond, false);
                    let skip = self.emit(Op::Jnz(0));
                    self.node(body, errexit);
                    to_end.push(self.emit(Op::Jmp(0)));
                    let t = self.here();
                    self.patch(skip, t);
                }
                match els {
                    Some(e) => self.node(e, errexit),
                    None => {
                        self.emit(Op::SetStatus(0));
                    }
                }
                let end = self.here();
                for j in to_end {
                    self.patch(j, end);
                }
            }
            Node::Loop { until, cond, body } => {
                // Status of a loop whose body never ran is 0; set it before the test.
                self.emit(Op::SetStatus(0));
                let top = self.here();
                self.emit(Op::LoopTick);
                self.loops.push(LoopCtx {
                    cont: top,
                    breaks: Vec::new(),
                });
                self.node(cond, false);
                let exit = self.emit(if *until { Op::Jz(0) } else { Op::Jnz(0) });
                self.node(body, errexit);
                self.emit(Op::Jmp(top));
                let end = self.here();
                self.patch(exit, end);
                self.emit(Op::SetStatus(0));
                let after = self.here();
                if let Some(l) = self.loops.pop() {
                    for b in l.breaks {
                        self.patch(b, after);
                    }
                }
            }
            Node::For {
                var, items, body, ..
            } => {
                let slot = self.fors;
                self.fors += 1;
                self.max_fors = self.max_fors.max(self.fors);
                self.emit(Op::ForStart {
                    slot,
                    items: items.as_ref().map(|v| Arc::new(v.clone())),
                });
                self.emit(Op::SetStatus(0));
                let next = self.emit(Op::ForNext {
                    slot,
                    var: var.clone(),
                    end: 0,
                });
                self.emit(Op::LoopTick);
                self.loops.push(LoopCtx {
                    cont: next,
                    breaks: Vec::new(),
                });
                self.node(body, errexit);
                self.emit(Op::Jmp(next));
                let end = self.here();
                self.patch(next, end);
                if let Some(l) = self.loops.pop() {
                    for b in l.breaks {
                        self.patch(b, end);
                    }
                }
                self.fors -= 1;
            }
            Node::Case { word, arms } => {
                let slot = self.cases;
                self.cases += 1;
                self.max_cases = self.max_cases.max(self.cases);
                self.emit(Op::CaseStart {
                    slot,
                    word: word.clone(),
                });
                let mut to_end = Vec::new();
                for (pats, body) in arms {
                    let test = self.emit(Op::CaseTest {
                        slot,
                        pats: Arc::new(pats.clone()),
                        next: 0,
                    });
                    self.emit(Op::SetStatus(0));
                    self.node(body, errexit);
                    to_end.push(self.emit(Op::Jmp(0)));
                    let t = self.here();
                    self.patch(test, t);
                }
                self.emit(Op::SetStatus(0));
                let end = self.here();
                for j in to_end {
                    self.patch(j, end);
                }
                self.cases -= 1;
            }
            Node::Group { body, redirs } => {
                if redirs.is_empty() {
                    self.node(body, errexit);
                } else {
                    self.emit(Op::PushIo(Arc::new(redirs.clone())));
                    self.node(body, errexit);
                    self.emit(Op::PopIo);
                }
            }
            Node::Subshell { body, redirs } => {
                self.emit(Op::Subshell(
                    Arc::new((**body).clone()),
                    Arc::new(redirs.clone()),
                ));
            }
            Node::FuncDef { name, body } => {
                let code = compile(body);
                self.emit(Op::DefFunc(name.clone(), Arc::new(code)));
            }
        }
    }

    /// `break N` / `continue N` inside a loop of this code; false outside any loop (then it
    /// runs as a builtin that does nothing, as in ash).
    fn loop_jump(&mut self, is_break: bool, n: Option<String>) -> bool {
        let n = n.and_then(|s| s.parse::<usize>().ok()).unwrap_or(1).max(1);
        if self.loops.is_empty() {
            return false;
        }
        let idx = self.loops.len().saturating_sub(n);
        if is_break {
            let j = self.emit(Op::Jmp(0));
            self.loops[idx].breaks.push(j);
        } else {
            let cont = self.loops[idx].cont;
            self.emit(Op::Jmp(cont));
        }
        true
    }
}
