//! `test` / `[`: files, strings, integers, `!`, `-a`, `-o`, parentheses; busybox accepts `==`.
//! Errors print busybox's wording and return 2.

use crate::task::Cx;

pub fn test(cx: &mut Cx, args: &[String], bracket: bool) -> i32 {
    let name = if bracket { "[" } else { "test" };
    let mut a: Vec<String> = args.to_vec();
    if bracket {
        match a.last().map(|s| s.as_str()) {
            Some("]") | Some("]]") => {
                a.pop();
            }
            _ => {
                cx.err("sh: missing ]\n");
                return 2;
            }
        }
    }
    let _ = name;
    if a.is_empty() {
        return 1;
    }
    let mut p = T {
        a: &a,
        i: 0,
        depth: 0,
    };
    match p.or(cx) {
        Ok(v) if p.i == a.len() => (!v) as i32,
        Ok(_) => {
            let extra = a.get(p.i).cloned().unwrap_or_default();
            cx.err(&format!("sh: {extra}: unknown operand\n"));
            2
        }
        Err(m) => {
            cx.err(&format!("sh: {m}\n"));
            2
        }
    }
}

struct T<'a> {
    a: &'a [String],
    i: usize,
    depth: usize,
}

const UNARY: [&str; 17] = [
    "-e", "-f", "-d", "-x", "-r", "-w", "-s", "-z", "-n", "-L", "-h", "-b", "-c", "-p", "-S", "-t",
    "-g",
];
const BINARY: [&str; 12] = [
    "=", "==", "!=", "-eq", "-ne", "-lt", "-le", "-gt", "-ge", "<", ">", "-nt",
];

impl T<'_> {
    fn peek(&self, k: usize) -> Option<&str> {
        self.a.get(self.i + k).map(|s| s.as_str())
    }
    fn or(&mut self, cx: &mut Cx) -> Result<bool, String> {
        let mut v = self.and(cx)?;
        while self.peek(0) == Some("-o") {
            self.i += 1;
            let r = self.and(cx)?;
            v = v || r;
        }
        Ok(v)
    }
    fn and(&mut self, cx: &mut Cx) -> Result<bool, String> {
        let mut v = self.not(cx)?;
        while self.peek(0) == Some("-a") {
            self.i += 1;
            let r = self.not(cx)?;
            v = v && r;
        }
        Ok(v)
    }
    fn not(&mut self, cx: &mut Cx) -> Result<bool, String> {
        self.depth += 1;
        if self.depth > 100 {
            return Err("expression too deep".into());
        }
        let r = if self.peek(0) == Some("!") && self.a.len() - self.i > 1 {
            self.i += 1;
            self.not(cx).map(|v| !v)
        } else {
            self.primary(cx)
        };
        self.depth -= 1;
        r
    }
    fn primary(&mut self, cx: &mut Cx) -> Result<bool, String> {
        let Some(first) = self.peek(0).map(|s| s.to_string()) else {
            return Err("argument expected".into());
        };
        // A binary operator in second position wins (`[ "-n" = "-n" ]`).
        if let Some(op) = self.peek(1) {
            if BINARY.contains(&op) && self.peek(2).is_some() {
                let op = op.to_string();
                let rhs = self.peek(2).unwrap_or("").to_string();
                self.i += 3;
                return binary(cx, &first, &op, &rhs);
            }
        }
        if first == "(" {
            self.i += 1;
            let v = self.or(cx)?;
            if self.peek(0) != Some(")") {
                return Err("closing paren expected".into());
            }
            self.i += 1;
            return Ok(v);
        }
        if UNARY.contains(&first.as_str()) {
            if let Some(arg) = self.peek(1).map(|s| s.to_string()) {
                self.i += 2;
                return Ok(unary(cx, &first, &arg));
            }
        }
        self.i += 1;
        Ok(!first.is_empty())
    }
}

fn int(s: &str) -> Result<i64, String> {
    s.trim()
        .parse::<i64>()
        .map_err(|_| format!("invalid number '{s}'"))
}

fn binary(cx: &mut Cx, l: &str, op: &str, r: &str) -> Result<bool, String> {
    Ok(match op {
        "=" | "==" => l == r,
        "!=" => l != r,
        "<" => l < r,
        ">" => l > r,
        "-eq" => int(l)? == int(r)?,
        "-ne" => int(l)? != int(r)?,
        "-lt" => int(l)? < int(r)?,
        "-le" => int(l)? <= int(r)?,
        "-gt" => int(l)? > int(r)?,
        "-ge" => int(l)? >= int(r)?,
        "-nt" => {
            let (a, b) = (cx.abs(l), cx.abs(r));
            let fs = cx.host.fs();
            match (fs.stat(&a), fs.stat(&b)) {
                (Ok(x), Ok(y)) => x.mtime_ms > y.mtime_ms,
                (Ok(_), Err(_)) => true,
                _ => false,
            }
        }
        _ => false,
    })
}

fn unary(cx: &mut Cx, op: &str, arg: &str) -> bool {
    match op {
        "-z" => return arg.is_empty(),
        "-n" => return !arg.is_empty(),
        "-t" => return false,
        _ => {}
    }
    let p = cx.abs(arg);
    if op == "-L" || op == "-h" {
        return cx.host.fs().lstat(&p).is_ok_and(|st| st.link.is_some());
    }
    let Ok(st) = cx.host.fs().stat(&p) else {
        return false;
    };
    match op {
        "-e" => true,
        "-f" => !st.is_dir,
        "-d" => st.is_dir,
        // The shell runs as root: read and write need no bit (but a read-only mount refuses
        // writes), execute needs any x bit.
        "-r" => true,
        "-w" => !st.read_only,
        "-x" => st.mode & 0o111 != 0,
        "-s" => st.size > 0,
        _ => false,
    }
}
