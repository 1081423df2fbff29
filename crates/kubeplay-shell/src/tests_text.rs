//! The text applets as a pipe feeds them, on a busybox host and on a GNU workstation host:
//! same lines, GNU's own error wording and `wc` layout.

use crate::fake::{FakeHost, MemFs};
use crate::{
    Fs, Host, HttpResponse, NetError, Peer, Process, Protocol, Resolution, Step, Userland,
};

/// A FakeHost whose tools are GNU's.
struct Gnu(FakeHost);

impl Host for Gnu {
    fn now_ms(&self) -> i64 {
        self.0.now_ms()
    }
    fn random(&mut self) -> u32 {
        self.0.random()
    }
    fn stdout(&mut self, text: &str) {
        self.0.stdout(text)
    }
    fn stderr(&mut self, text: &str) {
        self.0.stderr(text)
    }
    fn fs(&mut self) -> &mut dyn Fs {
        self.0.fs()
    }
    fn hostname(&self) -> String {
        self.0.hostname()
    }
    fn resolve(&self, name: &str) -> Resolution {
        self.0.resolve(name)
    }
    fn connect(&mut self, host: &str, port: u16) -> Result<Peer, NetError> {
        self.0.connect(host, port)
    }
    fn peer_fs(
        &mut self,
        host: &str,
        port: u16,
        f: &mut dyn FnMut(&mut dyn Fs),
    ) -> Result<Peer, NetError> {
        self.0.peer_fs(host, port, f)
    }
    fn http_get(&mut self, host: &str, port: u16, path: &str) -> Result<HttpResponse, NetError> {
        self.0.http_get(host, port, path)
    }
    fn listen(&mut self, port: u16, protocol: Protocol) {
        self.0.listen(port, protocol)
    }
    fn has_program(&self, name: &str) -> bool {
        self.0.has_program(name)
    }
    fn userland(&self) -> Userland {
        Userland::Gnu
    }
}

fn files() -> MemFs {
    let mut fs = MemFs::default();
    fs.add_file("/w/pods.txt", "NAME READY\nweb-0 1/1\nweb-1 0/1\n", 0o644);
    fs.add_file("/w/one.txt", "a b\nc\n", 0o644);
    fs.add_dir("/w/dir");
    fs
}

/// (status, stdout, stderr) of `line` (split on spaces) with `stdin`, on either host.
fn run(gnu: bool, line: &str, stdin: &str) -> (i32, String, String) {
    let argv: Vec<String> = line.split(' ').map(str::to_string).collect();
    let mut p = Process::spawn(argv, vec![], "/w").with_stdin(stdin.to_string());
    let mut fake = FakeHost::new();
    fake.fs = files();
    if gnu {
        let mut h = Gnu(fake);
        let s = loop {
            match p.resume(&mut h) {
                Step::Exit(s) => break s,
                Step::Sleep(_) => continue,
                Step::Block => break -1,
            }
        };
        (s, h.0.out, h.0.err)
    } else {
        let Step::Exit(s) = fake.run(&mut p) else {
            panic!("{line} did not exit")
        };
        (s, fake.out, fake.err)
    }
}

fn gnu(line: &str, stdin: &str) -> (i32, String, String) {
    run(true, line, stdin)
}

fn ok(out: &str) -> (i32, String, String) {
    (0, out.to_string(), String::new())
}

fn err(status: i32, e: &str) -> (i32, String, String) {
    (status, String::new(), e.to_string())
}

const PODS: &str = "NAME READY STATUS\nweb-0 1/1 Running\nweb-1 0/1 Pending\ndb-0 1/1 Running\n";

#[test]
fn a_pipe_feeds_stdin() {
    for g in [false, true] {
        assert_eq!(
            run(g, "grep Running", PODS),
            ok("web-0 1/1 Running\ndb-0 1/1 Running\n")
        );
        assert_eq!(run(g, "grep -c -v Running", PODS), ok("2\n"));
        assert_eq!(
            run(g, "head -n 2", PODS),
            ok("NAME READY STATUS\nweb-0 1/1 Running\n")
        );
        assert_eq!(run(g, "head -c 7", PODS), ok("NAME RE"));
        assert_eq!(run(g, "tail -n 1", PODS), ok("db-0 1/1 Running\n"));
        assert_eq!(
            run(g, "tail -n +3", PODS),
            ok("web-1 0/1 Pending\ndb-0 1/1 Running\n")
        );
        assert_eq!(run(g, "head -n -3", PODS), ok("NAME READY STATUS\n"));
        assert_eq!(run(g, "tail -c 4", "abcdef\n"), ok("def\n"));
        assert_eq!(run(g, "cut -d/ -f1", "1/1\n0/1\n"), ok("1\n0\n"));
        assert_eq!(run(g, "sort -r", "a\nc\nb\n"), ok("c\nb\na\n"));
        // " STATUS" sorts after " Running" in byte order: the header does not stay on top.
        assert_eq!(
            run(g, "sort -k3 -k1,1", PODS),
            ok("web-1 0/1 Pending\ndb-0 1/1 Running\nweb-0 1/1 Running\nNAME READY STATUS\n")
        );
        assert_eq!(run(g, "sort -t/ -k2n", "a/10\nb/9\n"), ok("b/9\na/10\n"));
        assert_eq!(run(g, "uniq -c", "a\na\nb\n"), ok("      2 a\n      1 b\n"));
        assert_eq!(run(g, "tr a-z A-Z", "web\n"), ok("WEB\n"));
        assert_eq!(run(g, "tr -d \\n", "a\nb\n"), ok("ab"));
        assert_eq!(run(g, "tr -cd [:digit:]", "a1b2\n"), ok("12"));
        assert_eq!(run(g, "base64", "kiamol"), ok("a2lhbW9s\n"));
        assert_eq!(run(g, "base64 -w0", "kiamol"), ok("a2lhbW9s"));
        assert_eq!(run(g, "base64 -d", "a2lhbW9s"), ok("kiamol"));
        assert_eq!(run(g, "cat - one.txt", "x\n"), ok("x\na b\nc\n"));
        assert_eq!(run(g, "grep -n 1/1 pods.txt", ""), ok("2:web-0 1/1\n"));
    }
}

#[test]
fn grep_context_only_matching_and_words() {
    let text = "a\nx1\nb\nc\nd\nx2\ne\n";
    assert_eq!(gnu("grep -A1 x", text), ok("x1\nb\n--\nx2\ne\n"));
    assert_eq!(gnu("grep -B1 -n x2", text), ok("5-d\n6:x2\n"));
    assert_eq!(gnu("grep -C1 x", "x1\nx2\nq\n"), ok("x1\nx2\nq\n"));
    assert_eq!(gnu("grep -o web-[0-9]", PODS), ok("web-0\nweb-1\n"));
    assert_eq!(gnu("grep -w web", "web-0\nwebapp\n"), ok("web-0\n"));
    assert_eq!(gnu("grep -x db-0", "db-0\ndb-01\n"), ok("db-0\n"));
    assert_eq!(gnu("grep -m1 Running", PODS), ok("web-0 1/1 Running\n"));
    assert_eq!(
        gnu("grep -E ^(web|db)-0", PODS),
        ok("web-0 1/1 Running\ndb-0 1/1 Running\n")
    );
    assert_eq!(gnu("grep -i pending", PODS), ok("web-1 0/1 Pending\n"));
    assert_eq!(gnu("grep nope", PODS), (1, String::new(), String::new()));
}

#[test]
fn wc_lays_out_counts_as_gnu_does() {
    assert_eq!(gnu("wc", "a b\nc\n"), ok("      2       3       6\n"));
    assert_eq!(gnu("wc -l", "a b\nc\n"), ok("2\n"));
    assert_eq!(gnu("wc -lw", "a b\nc\n"), ok("      2       3\n"));
    assert_eq!(gnu("wc one.txt", ""), ok("2 3 6 one.txt\n"));
    assert_eq!(gnu("wc -l one.txt", ""), ok("2 one.txt\n"));
    assert_eq!(
        gnu("wc -l one.txt pods.txt", ""),
        ok(" 2 one.txt\n 3 pods.txt\n 5 total\n")
    );
    assert_eq!(
        gnu("wc -c - one.txt", "xy"),
        ok("      2 -\n      6 one.txt\n      8 total\n")
    );
    assert_eq!(
        run(false, "wc", "a b\nc\n"),
        ok("      2       3       6\n"),
        "busybox as before"
    );
}

#[test]
fn errors_in_gnu_words() {
    let nf = "No such file or directory";
    assert_eq!(gnu("cat nope", ""), err(1, &format!("cat: nope: {nf}\n")));
    assert_eq!(
        gnu("grep x nope", ""),
        err(2, &format!("grep: nope: {nf}\n"))
    );
    assert_eq!(gnu("grep -s x nope", ""), err(2, ""));
    assert_eq!(
        gnu("head nope", ""),
        err(1, &format!("head: cannot open 'nope' for reading: {nf}\n"))
    );
    assert_eq!(
        gnu("tail dir", ""),
        err(1, "tail: error reading 'dir': Is a directory\n")
    );
    assert_eq!(gnu("wc -l nope", ""), err(1, &format!("wc: nope: {nf}\n")));
    assert_eq!(
        gnu("sort nope", ""),
        err(2, &format!("sort: cannot read: nope: {nf}\n"))
    );
    assert_eq!(gnu("uniq nope", ""), err(1, &format!("uniq: nope: {nf}\n")));
    assert_eq!(
        gnu("head -n x", ""),
        err(1, "head: invalid number of lines: \u{2018}x\u{2019}\n")
    );
    assert_eq!(
        gnu("head -c x", ""),
        err(1, "head: invalid number of bytes: \u{2018}x\u{2019}\n")
    );
    assert_eq!(
        gnu("grep", ""),
        err(
            2,
            "Usage: grep [OPTION]... PATTERNS [FILE]...\nTry 'grep --help' for more information.\n"
        )
    );
    assert_eq!(
        gnu("grep [a", "x"),
        err(2, "grep: Unmatched [, [^, [:, [., or [=\n")
    );
    assert_eq!(
        gnu("base64 -d", "YWJj*"),
        (1, "abc".into(), "base64: invalid input\n".into())
    );
    assert_eq!(
        gnu("cut -f0", "x"),
        err(
            1,
            "cut: fields are numbered from 1\nTry 'cut --help' for more information.\n"
        )
    );
    assert_eq!(gnu("cut", "x"), err(1, "cut: you must specify a list of bytes, characters, or fields\nTry 'cut --help' for more information.\n"));
    assert_eq!(gnu("tr a", "x"), err(1, "tr: missing operand after \u{2018}a\u{2019}\nTwo strings must be given when translating.\nTry 'tr --help' for more information.\n"));
    // busybox's words stay busybox's.
    assert_eq!(
        run(false, "cat nope", ""),
        err(1, &format!("cat: can't open 'nope': {nf}\n"))
    );
    assert_eq!(
        run(false, "head -n x", ""),
        err(1, "head: invalid number 'x'\n")
    );
    assert_eq!(
        run(false, "base64 -d", "YWJj*"),
        (0, "abc".into(), String::new())
    );
}
