//! Arithmetic as bash's expr.c evaluates `$((…))` and `((…))`: 64-bit integers that wrap, C
//! precedence with `**` (right-associative, below unary minus: `-2**2` is 4), assignments and
//! `++`/`--`, `&&` `||` `?:` that do not evaluate the side not taken, constants in bases 8, 16 and
//! `BASE#DIGITS`, and variables whose values are expressions themselves. Errors are bash's words
//! with its "error token": the rest of the expression from the token where it gave up.

use super::expand::Env;

/// Bound on nested parentheses and variables whose values refer to others (`a=b b=a`); bash's
/// own limit (1024) is for the variables only, but each level costs stack here.
const MAX_DEPTH: usize = 100;

#[derive(Debug, Clone, PartialEq)]
enum Tok {
    Num(i64),
    /// A variable's name.
    Name(String),
    Op(&'static str),
    End,
}

/// Operators, longest first so that the lexer takes `<<=` before `<<` before `<`.
const OPS: &[&str] = &[
    "<<=", ">>=", "**", "<<", ">>", "<=", ">=", "==", "!=", "&&", "||", "*=", "/=", "%=", "+=", "-=", "&=", "^=", "|=", "++", "--", "+", "-",
    "*", "/", "%", "(", ")", "<", ">", "!", "~", "&", "|", "^", "?", ":", "=", ",",
];

const ASSIGN_OPS: &[&str] = &["=", "*=", "/=", "%=", "+=", "-=", "<<=", ">>=", "&=", "^=", "|="];

/// Binary operators from the loosest to the tightest; `**` and the unary ones come after.
const LEVELS: &[&[&str]] = &[&["||"], &["&&"], &["|"], &["^"], &["&"], &["==", "!="], &["<", ">", "<=", ">="], &["<<", ">>"], &["+", "-"], &["*", "/", "%"]];

/// An evaluation error, printed by bash as `EXPR: MSG (error token is "TOKEN")`.
#[derive(Debug, Clone, PartialEq)]
pub struct ArithError {
    pub expr: String,
    pub msg: String,
    pub token: String,
}

impl std::fmt::Display for ArithError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{}: {} (error token is \"{}\")", self.expr, self.msg, self.token)
    }
}

/// Evaluates `expr` (already expanded) against the shell's variables.
pub fn eval(expr: &str, env: &mut dyn Env) -> Result<i64, ArithError> {
    eval_at(expr, env, 0)
}

fn eval_at(expr: &str, env: &mut dyn Env, depth: usize) -> Result<i64, ArithError> {
    let text = expr.trim_start();
    let mut a = Arith { c: text.chars().collect(), pos: 0, tok: Tok::End, tok_at: 0, noeval: 0, depth, env };
    if depth > MAX_DEPTH {
        return Err(a.error("expression recursion level exceeded"));
    }
    if a.c.iter().all(|c| c.is_whitespace()) {
        return Ok(0);
    }
    a.next()?;
    let v = a.comma()?;
    if a.tok != Tok::End {
        return Err(a.error("syntax error in expression"));
    }
    Ok(v)
}

struct Arith<'e> {
    c: Vec<char>,
    /// Where the lexer goes on.
    pos: usize,
    /// The token being looked at.
    tok: Tok,
    /// Where the last token that was not the end started (bash's `lasttp`).
    tok_at: usize,
    /// Inside the side of `&&`, `||` or `?:` that is not taken: nothing is assigned or fails.
    noeval: usize,
    depth: usize,
    env: &'e mut dyn Env,
}

impl Arith<'_> {
    fn error(&self, msg: &str) -> ArithError {
        let token: String = self.c.get(self.tok_at..).unwrap_or_default().iter().collect();
        ArithError { expr: self.c.iter().collect(), msg: msg.to_string(), token }
    }

    fn op(&self) -> Option<&'static str> {
        match self.tok {
            Tok::Op(o) => Some(o),
            _ => None,
        }
    }

    /// Reads the next token (bash's `readtok`).
    fn next(&mut self) -> Result<(), ArithError> {
        while self.c.get(self.pos).is_some_and(|c| c.is_whitespace()) {
            self.pos += 1;
        }
        let prev = std::mem::replace(&mut self.tok, Tok::End);
        let Some(&ch) = self.c.get(self.pos) else { return Ok(()) };
        self.tok_at = self.pos;
        let start = self.pos;
        let tok = if ch.is_ascii_digit() {
            while self.c.get(self.pos).is_some_and(|&c| c.is_ascii_alphanumeric() || matches!(c, '#' | '@' | '_')) {
                self.pos += 1;
            }
            let text: String = self.c[start..self.pos].iter().collect();
            Tok::Num(self.constant(&text)?)
        } else if ch.is_ascii_alphabetic() || ch == '_' {
            while self.c.get(self.pos).is_some_and(|&c| c.is_ascii_alphanumeric() || c == '_') {
                self.pos += 1;
            }
            Tok::Name(self.c[start..self.pos].iter().collect())
        } else {
            let rest: String = self.c[start..self.c.len().min(start + 3)].iter().collect();
            let Some(op) = OPS.iter().copied().find(|o| rest.starts_with(o)) else {
                return Err(self.error("syntax error: invalid arithmetic operator"));
            };
            self.pos += op.chars().count();
            Tok::Op(self.incdec(op, &prev))
        };
        self.tok = tok;
        Ok(())
    }

    /// `++`/`--` is a postfix operator after a name, a prefix one before a name, and otherwise
    /// two signs (`1--2` is 3), as bash's lexer decides.
    fn incdec(&mut self, op: &'static str, prev: &Tok) -> &'static str {
        if op != "++" && op != "--" || matches!(prev, Tok::Name(_)) {
            return op;
        }
        let mut k = self.pos;
        while self.c.get(k).is_some_and(|c| c.is_whitespace()) {
            k += 1;
        }
        if self.c.get(k).is_some_and(|&c| c.is_ascii_alphabetic() || c == '_') {
            return if op == "++" { "pre++" } else { "pre--" };
        }
        self.pos -= 1;
        if op == "++" { "+" } else { "-" }
    }

    /// A constant: decimal, `0x` hex, `0` octal or `BASE#DIGITS` (bash's `strlong`).
    fn constant(&self, text: &str) -> Result<i64, ArithError> {
        let mut s = text.chars().peekable();
        let mut base: i64 = 10;
        let mut found_base = false;
        if s.peek() == Some(&'0') {
            s.next();
            match s.peek() {
                None => return Ok(0),
                Some('x' | 'X') => {
                    s.next();
                    base = 16;
                }
                _ => base = 8,
            }
            found_base = true;
        }
        let mut val: i64 = 0;
        while let Some(ch) = s.next() {
            if ch == '#' {
                if found_base {
                    return Err(self.error("invalid number"));
                }
                if !(2..=64).contains(&val) {
                    return Err(self.error("invalid arithmetic base"));
                }
                base = val;
                val = 0;
                found_base = true;
                if !s.peek().is_some_and(|&c| c.is_ascii_alphanumeric() || c == '_' || c == '@') {
                    return Err(self.error("invalid integer constant"));
                }
                continue;
            }
            let d = match ch {
                '0'..='9' => ch as i64 - '0' as i64,
                'a'..='z' => ch as i64 - 'a' as i64 + 10,
                'A'..='Z' => ch as i64 - 'A' as i64 + if base <= 36 { 10 } else { 36 },
                '@' => 62,
                _ => 63,
            };
            if d >= base {
                return Err(self.error("value too great for base"));
            }
            val = val.wrapping_mul(base).wrapping_add(d);
        }
        Ok(val)
    }

    /// A variable's value as a number: empty or unset is 0, else it is evaluated in turn.
    fn value(&mut self, name: &str) -> Result<i64, ArithError> {
        if self.noeval > 0 {
            return Ok(0);
        }
        match self.env.var(name) {
            Some(v) if !v.trim().is_empty() => eval_at(&v, &mut *self.env, self.depth + 1),
            _ => Ok(0),
        }
    }

    fn assign(&mut self, name: &str, v: i64) -> Result<(), ArithError> {
        if self.noeval == 0 {
            if let Err(e) = self.env.assign(name, v.to_string()) {
                return Err(ArithError { expr: self.c.iter().collect(), msg: e, token: name.to_string() });
            }
        }
        Ok(())
    }

    fn comma(&mut self) -> Result<i64, ArithError> {
        let mut v = self.assignment()?;
        while self.op() == Some(",") {
            self.next()?;
            v = self.assignment()?;
        }
        Ok(v)
    }

    fn assignment(&mut self) -> Result<i64, ArithError> {
        if let (Tok::Name(name), Some(op)) = (self.tok.clone(), self.assign_op_ahead()) {
            self.next()?;
            let at = self.pos;
            self.next()?;
            let rhs = self.assignment()?;
            let new = match op.strip_suffix('=').filter(|o| !o.is_empty()) {
                Some(base) => {
                    let old = self.value(&name)?;
                    self.binary(base, old, rhs, at)?
                }
                None => rhs,
            };
            self.assign(&name, new)?;
            return Ok(new);
        }
        let v = self.conditional()?;
        if self.op().is_some_and(|o| ASSIGN_OPS.contains(&o)) {
            return Err(self.error("attempted assignment to non-variable"));
        }
        Ok(v)
    }

    /// The assignment operator that follows the current token, if one does (`x = …`, `x += …`).
    fn assign_op_ahead(&self) -> Option<&'static str> {
        let mut k = self.pos;
        while self.c.get(k).is_some_and(|c| c.is_whitespace()) {
            k += 1;
        }
        let rest: String = self.c[k.min(self.c.len())..self.c.len().min(k + 3)].iter().collect();
        OPS.iter().copied().find(|o| rest.starts_with(o)).filter(|o| ASSIGN_OPS.contains(o))
    }

    fn conditional(&mut self) -> Result<i64, ArithError> {
        let cond = self.level(0)?;
        if self.op() != Some("?") {
            return Ok(cond);
        }
        self.next()?;
        if matches!(self.tok, Tok::End | Tok::Op(":")) {
            return Err(self.error("expression expected"));
        }
        let a = self.suppressed(cond == 0, Self::comma)?;
        if self.op() != Some(":") {
            return Err(self.error("`:' expected for conditional expression"));
        }
        self.next()?;
        if self.tok == Tok::End {
            return Err(self.error("expression expected"));
        }
        let b = self.suppressed(cond != 0, Self::conditional)?;
        Ok(if cond != 0 { a } else { b })
    }

    /// Parses with evaluation suppressed when `skip` (the side of `&&`, `||`, `?:` not taken).
    fn suppressed(&mut self, skip: bool, f: fn(&mut Self) -> Result<i64, ArithError>) -> Result<i64, ArithError> {
        self.noeval += usize::from(skip);
        let r = f(self);
        self.noeval -= usize::from(skip);
        r
    }

    /// Binary operators binding at least as tightly as level `min` of [`LEVELS`] (precedence
    /// climbing: one frame per level actually written, not one per level of the table).
    fn level(&mut self, min: usize) -> Result<i64, ArithError> {
        let mut l = self.power()?;
        while let Some((op, n)) = self.op().and_then(|o| LEVELS.iter().position(|l| l.contains(&o)).map(|n| (o, n))) {
            if n < min {
                break;
            }
            let at = self.pos;
            self.next()?;
            let r = match op {
                "&&" => self.suppressed(l == 0, |a| a.level(2))?,
                "||" => self.suppressed(l != 0, |a| a.level(1))?,
                _ => self.nested(n + 1, Self::level)?,
            };
            l = self.binary(op, l, r, at)?;
        }
        Ok(l)
    }

    /// Applies a binary operator; `at` is where its right operand starts (for `division by 0`).
    fn binary(&mut self, op: &str, l: i64, r: i64, at: usize) -> Result<i64, ArithError> {
        Ok(match op {
            "||" => i64::from(l != 0 || r != 0),
            "&&" => i64::from(l != 0 && r != 0),
            "|" => l | r,
            "^" => l ^ r,
            "&" => l & r,
            "==" => i64::from(l == r),
            "!=" => i64::from(l != r),
            "<" => i64::from(l < r),
            ">" => i64::from(l > r),
            "<=" => i64::from(l <= r),
            ">=" => i64::from(l >= r),
            "<<" => l.wrapping_shl(r as u32),
            ">>" => l.wrapping_shr(r as u32),
            "+" => l.wrapping_add(r),
            "-" => l.wrapping_sub(r),
            "*" => l.wrapping_mul(r),
            "/" | "%" if r == 0 => {
                if self.noeval > 0 {
                    return Ok(0);
                }
                let mut at = at;
                while self.c.get(at).is_some_and(|c| c.is_whitespace()) {
                    at += 1;
                }
                self.tok_at = at;
                return Err(self.error("division by 0"));
            }
            "/" => l.wrapping_div(r),
            _ => l.wrapping_rem(r),
        })
    }

    fn power(&mut self) -> Result<i64, ArithError> {
        let base = self.unary()?;
        if self.op() != Some("**") {
            return Ok(base);
        }
        self.next()?;
        let exp = self.nested((), |a, ()| a.power())?;
        if exp < 0 {
            if self.noeval > 0 {
                return Ok(0);
            }
            return Err(self.error("exponent less than 0"));
        }
        let (mut result, mut b, mut e) = (1i64, base, exp as u64);
        while e > 0 {
            if e & 1 == 1 {
                result = result.wrapping_mul(b);
            }
            b = b.wrapping_mul(b);
            e >>= 1;
        }
        Ok(result)
    }

    /// Counts a level of nesting (parentheses, unary operators, `**`) against [`MAX_DEPTH`].
    fn nested<A>(&mut self, arg: A, f: fn(&mut Self, A) -> Result<i64, ArithError>) -> Result<i64, ArithError> {
        self.depth += 1;
        if self.depth > MAX_DEPTH {
            return Err(self.error("expression recursion level exceeded"));
        }
        let r = f(self, arg);
        self.depth -= 1;
        r
    }

    fn unary(&mut self) -> Result<i64, ArithError> {
        let Some(op @ ("!" | "~" | "-" | "+")) = self.op() else { return self.operand() };
        self.next()?;
        let v = self.nested((), |a, ()| a.unary())?;
        Ok(match op {
            "!" => i64::from(v == 0),
            "~" => !v,
            "-" => v.wrapping_neg(),
            _ => v,
        })
    }

    fn operand(&mut self) -> Result<i64, ArithError> {
        match self.tok.clone() {
            Tok::Op(op @ ("pre++" | "pre--")) => {
                self.next()?;
                let Tok::Name(name) = self.tok.clone() else {
                    return Err(self.error("identifier expected after pre-increment or pre-decrement"));
                };
                let v = self.value(&name)?.wrapping_add(if op == "pre++" { 1 } else { -1 });
                self.assign(&name, v)?;
                self.next()?;
                Ok(v)
            }
            Tok::Op("(") => {
                self.next()?;
                let v = self.nested((), |a, ()| a.comma())?;
                if self.op() != Some(")") {
                    return Err(self.error("missing `)'"));
                }
                self.next()?;
                Ok(v)
            }
            Tok::Num(n) => {
                self.next()?;
                Ok(n)
            }
            Tok::Name(name) => {
                let v = self.value(&name)?;
                self.next()?;
                if let Some(op @ ("++" | "--")) = self.op() {
                    self.assign(&name, v.wrapping_add(if op == "++" { 1 } else { -1 }))?;
                    self.next()?;
                }
                Ok(v)
            }
            _ => Err(self.error("syntax error: operand expected")),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::script::ShellState;

    struct Vars(ShellState);

    impl Env for Vars {
        fn var(&self, name: &str) -> Option<String> {
            self.0.get(name).map(str::to_string)
        }
        fn assign(&mut self, name: &str, value: String) -> Result<(), String> {
            self.0.set(name, value)
        }
        fn unset_is_fatal(&mut self) {}
        fn subst(&mut self, _: &[crate::script::Line]) -> Result<String, String> {
            Ok(String::new())
        }
    }

    fn ev(vars: &mut Vars, s: &str) -> Result<i64, String> {
        eval(s, vars).map_err(|e| e.to_string())
    }

    #[test]
    fn precedence_and_operators_as_bash() {
        let mut v = Vars(ShellState::default());
        let cases = [
            ("1 + 2 * 3", 7), ("(1 + 2) * 3", 9), ("2**10", 1024), ("2**3**2", 512), ("-2**2", 4), ("7 % 3", 1), ("-7 / 2", -3),
            ("1 < 2 && 2 > 3", 0), ("1 || 0", 1), ("5 > 3 ? 10 : 20", 10), ("0x10 + 010", 24), ("2#101", 5), ("64#_", 63), ("1--2", 3),
            ("- -3", 3), ("++3", 3), ("9223372036854775807 + 1", i64::MIN), ("99999999999999999999", 7766279631452241919), ("", 0),
            ("0 && 1/0", 0), ("1 || 1/0", 1), ("0 ? 1/0 : 5", 5), ("!5 + ~0", -1), ("1 << 4 | 1", 17), ("6 ^ 3 & 2", 4),
        ];
        for (expr, want) in cases {
            assert_eq!(ev(&mut v, expr), Ok(want), "{expr}");
        }
    }

    #[test]
    fn variables_assignments_and_increments() {
        let mut v = Vars(ShellState::default());
        v.0.set("x", "3".into()).unwrap();
        v.0.set("y", "3+4".into()).unwrap();
        v.0.set("s", " 3 ".into()).unwrap();
        v.0.set("w", "abc".into()).unwrap();
        assert_eq!(ev(&mut v, "x++ + ++x"), Ok(8));
        assert_eq!(v.0.get("x"), Some("5"));
        assert_eq!(ev(&mut v, "y * 2 + s + w + unset"), Ok(17), "a value is an expression; empty or unset is 0");
        assert_eq!(ev(&mut v, "a = 4, b = a ** 2"), Ok(16));
        assert_eq!(v.0.get("b"), Some("16"));
        assert_eq!(ev(&mut v, "a += 5"), Ok(9));
        assert_eq!(ev(&mut v, "0 && (a = 100)"), Ok(0));
        assert_eq!(v.0.get("a"), Some("9"), "the side not taken assigns nothing");
        assert_eq!(ev(&mut v, "i--"), Ok(0));
        assert_eq!(v.0.get("i"), Some("-1"));
    }

    #[test]
    fn errors_in_bash_words() {
        let mut v = Vars(ShellState::default());
        v.0.set("z", "z".into()).unwrap();
        v.0.set("half", "1 +".into()).unwrap();
        let cases = [
            ("1/0", "1/0: division by 0 (error token is \"0\")"),
            ("1/0 + 2", "1/0 + 2: division by 0 (error token is \"0 + 2\")"),
            ("1+", "1+: syntax error: operand expected (error token is \"+\")"),
            ("1 2", "1 2: syntax error in expression (error token is \"2\")"),
            ("a b c", "a b c: syntax error in expression (error token is \"b c\")"),
            ("2**-1", "2**-1: exponent less than 0 (error token is \"1\")"),
            ("08", "08: value too great for base (error token is \"08\")"),
            ("1a", "1a: value too great for base (error token is \"1a\")"),
            ("1 +* 2", "1 +* 2: syntax error: operand expected (error token is \"* 2\")"),
            (" 1 == ", "1 == : syntax error: operand expected (error token is \"== \")"),
            ("x=", "x=: syntax error: operand expected (error token is \"=\")"),
            ("3=4", "3=4: attempted assignment to non-variable (error token is \"=4\")"),
            ("1 @ 2", "1 @ 2: syntax error: invalid arithmetic operator (error token is \"@ 2\")"),
            ("5 ? : 3", "5 ? : 3: expression expected (error token is \": 3\")"),
            ("5 ? 1 3", "5 ? 1 3: `:' expected for conditional expression (error token is \"3\")"),
            ("half", "1 +: syntax error: operand expected (error token is \"+\")"),
            ("z + 1", "z: expression recursion level exceeded (error token is \"z\")"),
            ("(1", "(1: missing `)' (error token is \"1\")"),
        ];
        for (expr, want) in cases {
            assert_eq!(ev(&mut v, expr), Err(want.to_string()), "{expr}");
        }
        let deep = format!("{}1{}", "(".repeat(5000), ")".repeat(5000));
        assert!(ev(&mut v, &deep).unwrap_err().contains("recursion level exceeded"), "bounded, no stack overflow");
    }
}
