//! `test` and `[` as bash's builtin (test.c) runs them: the POSIX rules by argument count (one
//! to four arguments), the full grammar with `!`, `-a`, `-o` and parentheses beyond, strings,
//! integers (`-eq` …, with bash's "integer expression expected"), and file tests against the
//! workstation's files. Errors are bash's words and status 2.

use crate::files::Files;

/// Runs `test ARGS` (`bracket` false) or `[ ARGS ]`; returns the status and the error message
/// (without `bash: line N: `).
pub fn run(files: &Files, vars: &dyn Fn(&str) -> bool, argv: &[String]) -> (i32, Option<String>) {
    let Some(name) = argv.first() else { return (1, None) };
    let mut args = &argv[1..];
    if name == "[" {
        match args.split_last() {
            Some((last, rest)) if last == "]" => args = rest,
            _ => return (2, Some(format!("{name}: missing `]'"))),
        }
    }
    let mut t = Test { args, pos: 0, files, vars };
    let r = t.posix().and_then(|v| match t.args.get(t.pos) {
        None => Ok(v),
        Some(a) if a.starts_with('-') => Err(format!("syntax error: `{a}' unexpected")),
        Some(_) => Err("too many arguments".into()),
    });
    match r {
        Ok(v) => (i32::from(!v), None),
        Err(m) => (2, Some(format!("{name}: {m}"))),
    }
}

struct Test<'a> {
    args: &'a [String],
    pos: usize,
    files: &'a Files,
    vars: &'a dyn Fn(&str) -> bool,
}

const UNARY: &[&str] = &["-a", "-b", "-c", "-d", "-e", "-f", "-g", "-h", "-k", "-n", "-o", "-p", "-r", "-s", "-t", "-u", "-v", "-w", "-x", "-z", "-G", "-L", "-N", "-O", "-R", "-S"];
const BINARY: &[&str] = &["=", "==", "!=", "<", ">", "-eq", "-ne", "-lt", "-le", "-gt", "-ge", "-nt", "-ot", "-ef"];

fn is_binary(s: &str) -> bool {
    BINARY.contains(&s)
}

impl Test<'_> {
    fn arg(&self, k: usize) -> &str {
        self.args.get(self.pos + k).map_or("", String::as_str)
    }

    fn left(&self) -> usize {
        self.args.len() - self.pos
    }

    /// bash's `posixtest`: the answer by the number of arguments, else the full grammar.
    fn posix(&mut self) -> Result<bool, String> {
        let v = match self.left() {
            0 => false,
            1 => !self.arg(0).is_empty(),
            2 => self.two()?,
            3 => self.three()?,
            4 if self.arg(0) == "!" => {
                self.pos += 1;
                return self.three().map(|v| !v);
            }
            4 if self.arg(0) == "(" && self.arg(3) == ")" => {
                self.pos += 1;
                let v = self.two()?;
                self.pos = self.args.len();
                return Ok(v);
            }
            _ => return self.or(),
        };
        self.pos = self.args.len();
        Ok(v)
    }

    fn two(&mut self) -> Result<bool, String> {
        let (a, b) = (self.arg(0), self.arg(1));
        if a == "!" {
            return Ok(b.is_empty());
        }
        if UNARY.contains(&a) {
            return Ok(self.unary(a, b));
        }
        Err(format!("{a}: unary operator expected"))
    }

    fn three(&mut self) -> Result<bool, String> {
        let (a, op, b) = (self.arg(0), self.arg(1), self.arg(2));
        let v = if is_binary(op) {
            self.binary(a, op, b)?
        } else if op == "-a" {
            !a.is_empty() && !b.is_empty()
        } else if op == "-o" {
            !a.is_empty() || !b.is_empty()
        } else if a == "!" {
            self.pos += 1;
            !self.two()?
        } else if a == "(" && b == ")" {
            !op.is_empty()
        } else {
            return Err(format!("{op}: binary operator expected"));
        };
        self.pos = self.args.len();
        Ok(v)
    }

    fn or(&mut self) -> Result<bool, String> {
        let mut v = self.and()?;
        while self.arg(0) == "-o" && self.left() > 0 {
            self.pos += 1;
            let r = self.and()?;
            v = v || r;
        }
        Ok(v)
    }

    fn and(&mut self) -> Result<bool, String> {
        let mut v = self.term()?;
        while self.arg(0) == "-a" && self.left() > 0 {
            self.pos += 1;
            let r = self.term()?;
            v = v && r;
        }
        Ok(v)
    }

    fn term(&mut self) -> Result<bool, String> {
        if self.left() == 0 {
            return Err("argument expected".into());
        }
        // Bounded by the arguments: each `!` or `(` takes one.
        if self.arg(0) == "!" && self.left() > 1 {
            self.pos += 1;
            return self.term().map(|v| !v);
        }
        if self.arg(0) == "(" && self.left() > 1 {
            self.pos += 1;
            let v = self.or()?;
            if self.arg(0) != ")" || self.left() == 0 {
                return Err(match self.args.get(self.pos) {
                    Some(a) => format!("`)' expected, found {a}"),
                    None => "`)' expected".into(),
                });
            }
            self.pos += 1;
            return Ok(v);
        }
        if self.left() >= 3 && is_binary(self.arg(1)) {
            let (a, op, b) = (self.arg(0).to_string(), self.arg(1).to_string(), self.arg(2).to_string());
            self.pos += 3;
            return self.binary(&a, &op, &b);
        }
        let a = self.arg(0).to_string();
        if UNARY.contains(&a.as_str()) {
            if self.left() < 2 {
                return Err("argument expected".into());
            }
            let b = self.arg(1).to_string();
            self.pos += 2;
            return Ok(self.unary(&a, &b));
        }
        self.pos += 1;
        Ok(!a.is_empty())
    }

    fn binary(&self, a: &str, op: &str, b: &str) -> Result<bool, String> {
        Ok(match op {
            "=" | "==" => a == b,
            "!=" => a != b,
            "<" => a < b,
            ">" => a > b,
            "-nt" | "-ot" | "-ef" => {
                // The workstation's files all date from the session's start: none is newer.
                op == "-ef" && a == b && self.exists(a)
            }
            _ => {
                let (x, y) = (integer(a)?, integer(b)?);
                match op {
                    "-eq" => x == y,
                    "-ne" => x != y,
                    "-lt" => x < y,
                    "-le" => x <= y,
                    "-gt" => x > y,
                    _ => x >= y,
                }
            }
        })
    }

    fn exists(&self, path: &str) -> bool {
        let key = path.strip_prefix("./").unwrap_or(path);
        matches!(key, "." | "/dev/null") || self.files.get(key).is_some() || self.files.is_dir(key)
    }

    fn unary(&self, op: &str, a: &str) -> bool {
        let key = a.strip_prefix("./").unwrap_or(a).trim_end_matches('/');
        let file = self.files.get(key).filter(|_| !a.ends_with('/'));
        let dir = key == "." || self.files.is_dir(key);
        match op {
            "-z" => a.is_empty(),
            "-n" => !a.is_empty(),
            "-v" => (self.vars)(a),
            "-e" | "-a" => file.is_some() || dir,
            "-f" => file.is_some(),
            "-d" => dir,
            "-s" => file.is_some_and(|t| !t.is_empty()) || dir,
            // The learner owns the files they wrote; none is executable.
            "-r" | "-w" | "-O" | "-G" => file.is_some() || dir,
            "-x" => dir,
            _ => false,
        }
    }
}

/// An integer operand as bash reads one: blanks around it allowed, 64 bits.
fn integer(s: &str) -> Result<i64, String> {
    s.trim_matches([' ', '\t', '\n']).parse::<i64>().map_err(|_| format!("{s}: integer expression expected"))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn t(files: &Files, s: &str) -> (i32, Option<String>) {
        let argv: Vec<String> = s.split(' ').map(str::to_string).collect();
        run(files, &|n| n == "SET", &argv)
    }

    #[test]
    fn bash_rules_and_words() {
        let mut files = Files::default();
        files.add("a.txt", "x\n");
        files.add("dir/b.txt", "");
        let ok = |s: &str| (0, None::<String>, s.to_string());
        let no = |s: &str| (1, None::<String>, s.to_string());
        let err = |s: &str, m: &str| (2, Some(m.to_string()), s.to_string());
        let cases = [
            err("[", "[: missing `]'"), no("test"), ok("[ a ]"), no("[ ]"), ok("[ -n ]"), ok("[ 3 -eq 3 ]"), ok("[ 08 -eq 8 ]"), no("[ a = b ]"), ok("[ ! a = b ]"),
            no("[ a = a -a b = c ]"), ok("test ( a )"), ok("[ 1 -gt 2 -o x ]"), ok("[ -f a.txt ]"), no("[ -f dir ]"), ok("[ -d dir ]"),
            ok("[ -e ./dir/b.txt ]"), no("[ -s dir/b.txt ]"), no("[ -f nope ]"), ok("[ -v SET ]"), ok("test ! ( a = b )"), ok("test !"),
            err("[ -eq 1 ]", "[: -eq: unary operator expected"), err("[ abc -eq 1 ]", "[: abc: integer expression expected"),
            err("[ a = b", "[: missing `]'"), err("test 1 2 3 4 5", "test: too many arguments"), err("[ a b ]", "[: a: unary operator expected"),
            err("[ a b c ]", "[: b: binary operator expected"), err("[ -x a b ]", "[: a: binary operator expected"),
            err("test a -lt", "test: a: unary operator expected"), err("[ 3x -eq 3 ]", "[: 3x: integer expression expected"),
            err("test ( a", "test: (: unary operator expected"), err("[ a = b c d ]", "[: too many arguments"),
            err("[ ( a b c d ]", "[: `)' expected, found b"),
        ];
        for (status, msg, line) in cases {
            assert_eq!(t(&files, &line), (status, msg), "{line}");
        }
    }
}
