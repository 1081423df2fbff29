//! `$((...))` and `expr`-free arithmetic: 64-bit integers with C precedence, wrapping like ash,
//! variables by name; errors in ash's words.

/// Evaluates an (already parameter-expanded) arithmetic expression.
pub fn eval(expr: &str, var: &dyn Fn(&str) -> Option<String>) -> Result<i64, String> {
    let toks = lex(expr)?;
    let mut p = P {
        t: toks,
        i: 0,
        var,
        depth: 0,
    };
    if p.t.is_empty() {
        return Ok(0);
    }
    let v = p.ternary()?;
    if p.i < p.t.len() {
        return Err("arithmetic syntax error".into());
    }
    Ok(v)
}

#[derive(Debug, Clone, PartialEq)]
enum T {
    Num(i64),
    Name(String),
    Op(&'static str),
}

const OPS: [&str; 24] = [
    "<<", ">>", "<=", ">=", "==", "!=", "&&", "||", "+", "-", "*", "/", "%", "(", ")", "<", ">",
    "!", "~", "&", "|", "^", "?", ":",
];

fn lex(s: &str) -> Result<Vec<T>, String> {
    let c: Vec<char> = s.chars().collect();
    let mut i = 0;
    let mut out = Vec::new();
    while i < c.len() {
        let ch = c[i];
        if ch.is_whitespace() {
            i += 1;
        } else if ch.is_ascii_digit() {
            let st = i;
            while i < c.len() && c[i].is_ascii_alphanumeric() {
                i += 1;
            }
            let txt: String = c[st..i].iter().collect();
            out.push(T::Num(parse_num(&txt)?));
        } else if ch == '_' || ch.is_ascii_alphabetic() {
            let st = i;
            while i < c.len() && (c[i] == '_' || c[i].is_ascii_alphanumeric()) {
                i += 1;
            }
            out.push(T::Name(c[st..i].iter().collect()));
        } else {
            let mut found = false;
            for op in OPS {
                let n = op.len();
                if i + n <= c.len() && c[i..i + n].iter().collect::<String>() == op {
                    out.push(T::Op(op));
                    i += n;
                    found = true;
                    break;
                }
            }
            if !found {
                return Err("arithmetic syntax error".into());
            }
        }
    }
    Ok(out)
}

fn parse_num(txt: &str) -> Result<i64, String> {
    let r = if let Some(h) = txt.strip_prefix("0x").or_else(|| txt.strip_prefix("0X")) {
        i64::from_str_radix(h, 16)
    } else if txt.len() > 1 && txt.starts_with('0') {
        i64::from_str_radix(&txt[1..], 8)
    } else {
        txt.parse::<i64>()
    };
    r.map_err(|_| "arithmetic syntax error".to_string())
}

struct P<'a> {
    t: Vec<T>,
    i: usize,
    var: &'a dyn Fn(&str) -> Option<String>,
    depth: usize,
}

const LEVELS: [&[&str]; 10] = [
    &["||"],
    &["&&"],
    &["|"],
    &["^"],
    &["&"],
    &["==", "!="],
    &["<", ">", "<=", ">="],
    &["<<", ">>"],
    &["+", "-"],
    &["*", "/", "%"],
];

impl P<'_> {
    fn op(&self) -> Option<&'static str> {
        match self.t.get(self.i) {
            Some(T::Op(o)) => Some(o),
            _ => None,
        }
    }
    fn ternary(&mut self) -> Result<i64, String> {
        let c = self.binary(0)?;
        if self.op() == Some("?") {
            self.i += 1;
            let a = self.ternary()?;
            if self.op() != Some(":") {
                return Err("arithmetic syntax error".into());
            }
            self.i += 1;
            let b = self.ternary()?;
            return Ok(if c != 0 { a } else { b });
        }
        Ok(c)
    }
    fn binary(&mut self, level: usize) -> Result<i64, String> {
        if level == LEVELS.len() {
            return self.unary();
        }
        let mut l = self.binary(level + 1)?;
        while let Some(o) = self.op() {
            if !LEVELS[level].contains(&o) {
                break;
            }
            self.i += 1;
            let r = self.binary(level + 1)?;
            l = apply(o, l, r)?;
        }
        Ok(l)
    }
    fn unary(&mut self) -> Result<i64, String> {
        self.depth += 1;
        if self.depth > 200 {
            return Err("arithmetic expression nested too deeply".into());
        }
        let r = match self.t.get(self.i).cloned() {
            Some(T::Op("-")) => {
                self.i += 1;
                self.unary().map(i64::wrapping_neg)
            }
            Some(T::Op("+")) => {
                self.i += 1;
                self.unary()
            }
            Some(T::Op("!")) => {
                self.i += 1;
                self.unary().map(|v| (v == 0) as i64)
            }
            Some(T::Op("~")) => {
                self.i += 1;
                self.unary().map(|v| !v)
            }
            Some(T::Op("(")) => {
                self.i += 1;
                let v = self.ternary()?;
                if self.op() != Some(")") {
                    return Err("arithmetic syntax error".into());
                }
                self.i += 1;
                Ok(v)
            }
            Some(T::Num(n)) => {
                self.i += 1;
                Ok(n)
            }
            Some(T::Name(n)) => {
                self.i += 1;
                let v = (self.var)(&n).unwrap_or_default();
                let v = v.trim();
                if v.is_empty() {
                    Ok(0)
                } else {
                    parse_num(v).or_else(|_| eval(v, self.var))
                }
            }
            _ => Err("arithmetic syntax error".into()),
        };
        self.depth -= 1;
        r
    }
}

fn apply(o: &str, l: i64, r: i64) -> Result<i64, String> {
    Ok(match o {
        "||" => (l != 0 || r != 0) as i64,
        "&&" => (l != 0 && r != 0) as i64,
        "|" => l | r,
        "^" => l ^ r,
        "&" => l & r,
        "==" => (l == r) as i64,
        "!=" => (l != r) as i64,
        "<" => (l < r) as i64,
        ">" => (l > r) as i64,
        "<=" => (l <= r) as i64,
        ">=" => (l >= r) as i64,
        "<<" => l.wrapping_shl(r as u32),
        ">>" => l.wrapping_shr(r as u32),
        "+" => l.wrapping_add(r),
        "-" => l.wrapping_sub(r),
        "*" => l.wrapping_mul(r),
        "/" | "%" if r == 0 => return Err("divide by zero".into()),
        "/" => l.wrapping_div(r),
        "%" => l.wrapping_rem(r),
        _ => return Err("arithmetic syntax error".into()),
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn ev(s: &str) -> Result<i64, String> {
        eval(s, &|n| if n == "x" { Some("7".into()) } else { None })
    }

    #[test]
    fn precedence_and_variables() {
        assert_eq!(ev("1 + 2 * 3"), Ok(7));
        assert_eq!(ev("(1 + 2) * 3"), Ok(9));
        assert_eq!(ev("x % 4 == 3"), Ok(1));
        assert_eq!(ev("-x + y"), Ok(-7));
        assert_eq!(ev("x > 5 ? 10 : 20"), Ok(10));
        assert_eq!(ev("010 + 0x10"), Ok(24));
    }

    #[test]
    fn errors() {
        assert_eq!(ev("1 / 0"), Err("divide by zero".into()));
        assert!(ev("1 +").is_err());
        assert!(ev("2 $ 3").is_err());
    }
}
