//! End-to-end tests of the shell and applets through `Process` and the fake host.

use crate::fake::FakeHost;
use crate::{Process, Signal, Step};

fn sh(script: &str) -> (Step, FakeHost) {
    let mut h = FakeHost::new();
    let s = h.run_sh(script);
    (s, h)
}

#[test]
fn exit_status_and_echo() {
    let (s, h) = sh("echo hello world; exit 2");
    assert_eq!(s, Step::Exit(2));
    assert_eq!(h.out, "hello world\n");
}

#[test]
fn random_goes_to_a_file() {
    let mut h = FakeHost::new();
    h.fs.add_dir("/init");
    assert_eq!(h.run_sh("echo $RANDOM > /init/dp"), Step::Exit(0));
    let v: u32 = h.fs.text("/init/dp").unwrap().trim().parse().unwrap();
    assert!(v < 32768);
}

#[test]
fn sleep_yields_then_exits() {
    let mut h = FakeHost::new();
    let mut p = Process::spawn(vec!["sleep".into(), "30".into()], vec![], "/");
    assert_eq!(p.resume(&mut h), Step::Sleep(30_000));
    assert_eq!(
        p.signal(Signal::Term, &mut h),
        None,
        "sleep as PID 1 ignores SIGTERM"
    );
    assert_eq!(p.resume(&mut h), Step::Exit(0));
    assert_eq!(p.describe(), "sleep 30 (busybox)");
}

#[test]
fn sleep_infinity_blocks_and_sigkill_ends() {
    let mut h = FakeHost::new();
    let mut p = Process::spawn(vec!["sleep".into(), "infinity".into()], vec![], "/");
    assert_eq!(p.resume(&mut h), Step::Block);
    assert_eq!(p.signal(Signal::Kill, &mut h), Some(137));
    assert_eq!(p.resume(&mut h), Step::Exit(137));
}

#[test]
fn loop_with_sleep_suspends_each_iteration() {
    let mut h = FakeHost::new();
    let mut p = Process::spawn(
        vec![
            "sh".into(),
            "-c".into(),
            "for i in 1 2 3; do echo $i; sleep 1; done; echo done".into(),
        ],
        vec![],
        "/",
    );
    assert_eq!(p.resume(&mut h), Step::Sleep(1000));
    assert_eq!(h.out, "1\n");
    assert_eq!(p.resume(&mut h), Step::Sleep(1000));
    assert_eq!(p.resume(&mut h), Step::Sleep(1000));
    assert_eq!(p.resume(&mut h), Step::Exit(0));
    assert_eq!(h.out, "1\n2\n3\ndone\n");
}

#[test]
fn busy_loop_is_bounded() {
    let (s, h) = sh("i=0; while true; do i=$((i+1)); done");
    assert_eq!(s, Step::Exit(1));
    assert!(
        h.err.contains("100000 iterations without sleeping"),
        "{}",
        h.err
    );
}

#[test]
fn a_loop_that_sleeps_is_not_bounded_across_resumes() {
    let mut h = FakeHost::new();
    let mut p = Process::spawn(
        vec![
            "sh".into(),
            "-c".into(),
            "while true; do sleep 1; done".into(),
        ],
        vec![],
        "/",
    );
    for _ in 0..200_000 {
        assert_eq!(p.resume(&mut h), Step::Sleep(1000));
    }
}

#[test]
fn sigterm_semantics_for_pid1_shell() {
    let mut h = FakeHost::new();
    let mut p = Process::spawn(
        vec!["sh".into(), "-c".into(), "sleep 100".into()],
        vec![],
        "/",
    );
    assert_eq!(p.resume(&mut h), Step::Sleep(100_000));
    assert_eq!(p.signal(Signal::Term, &mut h), None);
    assert_eq!(p.signal(Signal::Kill, &mut h), Some(137));

    // With a trap, TERM runs it once the foreground sleep ends (sh defers traps).
    let mut p = Process::spawn(
        vec![
            "sh".into(),
            "-c".into(),
            "trap 'echo bye; exit 3' TERM; while true; do sleep 1; done".into(),
        ],
        vec![],
        "/",
    );
    assert_eq!(p.resume(&mut h), Step::Sleep(1000));
    assert_eq!(p.signal(Signal::Term, &mut h), None);
    assert_eq!(p.resume(&mut h), Step::Exit(3));
    assert!(h.out.ends_with("bye\n"));

    // A trap while nothing runs in the foreground acts at once.
    let mut p = Process::spawn(
        vec![
            "sh".into(),
            "-c".into(),
            "trap 'exit 0' TERM; x=$(sleep 2)".into(),
        ],
        vec![],
        "/",
    );
    assert_eq!(p.resume(&mut h), Step::Sleep(2000));
    assert_eq!(p.signal(Signal::Term, &mut h), Some(0));
}

#[test]
fn exec_makes_the_program_pid1() {
    let mut h = FakeHost::new();
    h.programs.push("nginx".into());
    let mut p = Process::spawn(
        vec![
            "sh".into(),
            "-c".into(),
            "echo starting; exec nginx -g 'daemon off;'".into(),
        ],
        vec![],
        "/",
    );
    assert_eq!(p.resume(&mut h), Step::Block);
    assert_eq!(h.listening, vec![80]);
    assert_eq!(p.describe(), "nginx server");
    assert_eq!(p.signal(Signal::Term, &mut h), Some(0));
}

#[test]
fn quoting_expansion_and_splitting() {
    let (_, h) = sh(
        r#"A="a  b"; set -- x "y z"; echo $A "$A" $# "$@" ${B:-def} ${#A}; for w in "$@"; do echo "[$w]"; done"#,
    );
    assert_eq!(h.out, "a b a  b 2 x y z def 4\n[x]\n[y z]\n");
    let (_, h) = sh(
        "X=/a/b/c.tar.gz; echo ${X##*/} ${X%.*} ${X%%.*} ${X#/a}; echo $((3 + 4 * 2)) `echo bt`",
    );
    assert_eq!(h.out, "c.tar.gz /a/b/c.tar /a/b/c /b/c.tar.gz\n11 bt\n");
    let (_, h) = sh("echo 'single $X' \"dq \\$X\" a\\ b");
    assert_eq!(h.out, "single $X dq $X a b\n");
    let (_, h) = sh(": ${Z:=zed}; echo $Z");
    assert_eq!(h.out, "zed\n");
}

#[test]
fn control_flow() {
    let (_, h) = sh("if false; then echo a; elif true; then echo b; else echo c; fi; true && echo t || echo f; false && echo t || echo f; ! false && echo neg");
    assert_eq!(h.out, "b\nt\nf\nneg\n");
    let (_, h) =
        sh("case hello.sh in *.txt) echo txt;; *.sh|*.bash) echo shell;; *) echo other;; esac");
    assert_eq!(h.out, "shell\n");
    let (_, h) = sh("f() { echo \"in f: $1 $#\"; return 3; }; f a b; echo $?");
    assert_eq!(h.out, "in f: a 2\n3\n");
    let (_, h) = sh("i=0; while [ $i -lt 5 ]; do i=$((i+1)); if [ $i -eq 2 ]; then continue; fi; if [ $i -eq 4 ]; then break; fi; echo $i; done");
    assert_eq!(h.out, "1\n3\n");
    let (_, h) =
        sh("for a in 1 2; do for b in x y; do [ $b = y ] && continue 2; echo $a$b; done; done");
    assert_eq!(h.out, "1x\n2x\n");
    let (_, h) = sh("until [ \"$n\" = 111 ]; do n=1$n; done; echo $n");
    assert_eq!(h.out, "111\n");
}

#[test]
fn set_e_and_not_found() {
    let (s, h) = sh("set -e; echo one; false; echo two");
    assert_eq!(s, Step::Exit(1));
    assert_eq!(h.out, "one\n");
    let (s, h) = sh("set -e; if false; then :; fi; false || true; echo ok");
    assert_eq!(s, Step::Exit(0));
    assert_eq!(h.out, "ok\n");
    let (s, h) = sh("nosuch arg; echo $?");
    assert_eq!(s, Step::Exit(0));
    assert_eq!(h.err, "sh: nosuch: not found\n");
    assert_eq!(h.out, "127\n");
}

#[test]
fn syntax_errors_exit_2_with_ash_wording() {
    let (s, h) = sh("if true; then echo x");
    assert_eq!(s, Step::Exit(2));
    assert_eq!(
        h.err,
        "sh: syntax error: unexpected end of file (expecting \"fi\")\n"
    );
    let mut h = FakeHost::new();
    h.fs.add_file("/s.sh", "#!/bin/sh\necho a\nfi\n", 0o755);
    let mut p = Process::spawn(vec!["/s.sh".into()], vec![], "/");
    assert_eq!(h.run(&mut p), Step::Exit(2));
    assert_eq!(h.err, "/s.sh: line 3: syntax error: unexpected \"fi\"\n");
}

#[test]
fn redirections_pipes_and_heredocs() {
    let mut h = FakeHost::new();
    h.fs.add_dir("/tmp");
    let s = h.run_sh("echo one > /tmp/f; echo two >> /tmp/f; cat /tmp/f | grep -c o; wc -l < /tmp/f; ls /nope 2>/dev/null || echo gone; ls /nope 2>&1 | head -n 1");
    assert_eq!(s, Step::Exit(0));
    assert_eq!(h.fs.text("/tmp/f").unwrap(), "one\ntwo\n");
    assert_eq!(h.out, "2\n2\ngone\nls: /nope: No such file or directory\n");
    let (_, h) = sh("X=world; cat <<EOF\nhello $X\nEOF\ncat <<'EOF'\nraw $X\nEOF\n\tcat <<-E\n\t\ttabbed\n\tE\n");
    assert_eq!(h.out, "hello world\nraw $X\ntabbed\n");
    let (_, h) = sh("echo x > /nodir/f; echo $?");
    assert_eq!(h.err, "sh: can't create /nodir/f: nonexistent directory\n");
    assert_eq!(h.out, "1\n");
}

#[test]
fn glob_and_test() {
    let mut h = FakeHost::new();
    h.fs.add_file("/d/b.sh", "", 0o644);
    h.fs.add_file("/d/a.sh", "", 0o644);
    h.fs.add_file("/d/c.txt", "x", 0o644);
    h.run_sh("echo /d/*.sh; echo /d/*.none; [ -f /d/c.txt ] && [ -s /d/c.txt ] && [ ! -d /d/c.txt ] && echo file; [ -z \"$(ls -A /empty 2>/dev/null)\" ] && echo empty; [ \"a\" == \"a\" -a 3 -gt 2 ] && echo eq");
    assert_eq!(h.out, "/d/a.sh /d/b.sh\n/d/*.none\nfile\nempty\neq\n");
}

#[test]
fn applets_basics() {
    let mut h = FakeHost::new();
    h.fs.add_file("/f", "b\na\nb\nc\n", 0o644);
    h.run_sh("sort /f | uniq; cut -d: -f2 <<E\nx:y:z\nE\necho HeLLo | tr a-z A-Z; seq 3; basename /a/b.sh .sh; dirname /a/b.sh; date; date +%F_%T; expr 2 + 3; printf '%s=%03d\\n' n 7; echo -n no; echo -e 'a\\tb'");
    assert_eq!(h.out, "a\nb\nc\ny\nHELLO\n1\n2\n3\nb\n/a\nWed Jan  1 00:00:00 UTC 2025\n2025-01-01_00:00:00\n5\nn=007\nnoa\tb\n");
}

#[test]
fn ls_long_and_all() {
    let mut h = FakeHost::new();
    h.fs.add_file("/d/x.sh", "echo hi\n", 0o755);
    h.fs.add_file("/d/.hidden", "", 0o644);
    h.run_sh("ls /d; ls -A /d; ls -l /d");
    assert_eq!(h.out, "x.sh\n.hidden\nx.sh\ntotal 4\n-rwxr-xr-x    1 root     root             8 Jan  1 00:00 x.sh\n");
}

/// The kubelet's AtomicWriter layout: a key is a link to `..data/KEY`, `..data` a link to the
/// timestamped directory holding the files.
fn atomic_volume(h: &mut FakeHost) {
    h.fs.add_file("/cfg/..2025_01_01_00_00_00.42/app.conf", "a=1\n", 0o644);
    h.fs.add_file("/cfg/..2025_01_01_00_00_00.42/sub/x", "x\n", 0o600);
    h.fs.add_link("/cfg/..data", "..2025_01_01_00_00_00.42");
    h.fs.add_link("/cfg/app.conf", "..data/app.conf");
    h.fs.add_link("/cfg/sub", "..data/sub");
}

#[test]
fn symlinks_are_followed_by_cat_and_listed_by_ls() {
    let mut h = FakeHost::new();
    atomic_volume(&mut h);
    h.run_sh(
        "cat /cfg/app.conf /cfg/sub/x; ls /cfg; ls -l /cfg; ls -l /cfg/app.conf; ls /cfg/sub; ls -l /cfg/sub/",
    );
    assert_eq!(
        h.out,
        "a=1\nx\napp.conf\nsub\ntotal 0\n\
         lrwxrwxrwx    1 root     root            15 Jan  1 00:00 app.conf -> ..data/app.conf\n\
         lrwxrwxrwx    1 root     root            10 Jan  1 00:00 sub -> ..data/sub\n\
         lrwxrwxrwx    1 root     root            15 Jan  1 00:00 /cfg/app.conf -> ..data/app.conf\n\
         x\ntotal 4\n-rw-------    1 root     root             2 Jan  1 00:00 x\n"
    );
    let mut h = FakeHost::new();
    atomic_volume(&mut h);
    h.run_sh("readlink /cfg/app.conf; readlink -f /cfg/app.conf; readlink /cfg/..data/app.conf || echo not-a-link; [ -L /cfg/app.conf ] && [ -f /cfg/app.conf ] && [ ! -L /cfg/..data/app.conf ] && echo link; rm /cfg/sub; cat /cfg/..data/sub/x");
    assert_eq!(
        h.out,
        "..data/app.conf\n/cfg/..2025_01_01_00_00_00.42/app.conf\nnot-a-link\nlink\nx\n"
    );
}

#[test]
fn ls_recursive_walks_directories_depth_first_but_not_links() {
    let mut h = FakeHost::new();
    atomic_volume(&mut h);
    h.fs.add_file("/cfg/..2025_01_01_00_00_00.42/sub/deeper/y", "", 0o644);
    h.run_sh("ls -R /cfg; echo ---; ls -aR /cfg; echo ---; cd /cfg/..data; ls -R");
    assert_eq!(
        h.out,
        "/cfg:\napp.conf\nsub\n---\n\
         /cfg:\n.\n..\n..2025_01_01_00_00_00.42\n..data\napp.conf\nsub\n\n\
         /cfg/..2025_01_01_00_00_00.42:\n.\n..\napp.conf\nsub\n\n\
         /cfg/..2025_01_01_00_00_00.42/sub:\n.\n..\ndeeper\nx\n\n\
         /cfg/..2025_01_01_00_00_00.42/sub/deeper:\n.\n..\ny\n---\n\
         .:\napp.conf\nsub\n\n./sub:\ndeeper\nx\n\n./sub/deeper:\ny\n"
    );
}

#[test]
fn scripts_by_path_with_args_and_entrypoint_errors() {
    let mut h = FakeHost::new();
    h.fs.add_file(
        "/scripts/greet.sh",
        "#!/bin/sh\necho \"$0 says $1\"\n/scripts/inner.sh nested\n",
        0o755,
    );
    h.fs.add_file(
        "/scripts/inner.sh",
        "#!/usr/bin/env sh\necho inner $1; sleep 2; echo after\n",
        0o555,
    );
    h.fs.add_file("/scripts/noexec.sh", "echo no\n", 0o644);
    let mut p = Process::spawn(vec!["/scripts/greet.sh".into(), "hi".into()], vec![], "/");
    assert_eq!(p.resume(&mut h), Step::Sleep(2000));
    assert_eq!(p.resume(&mut h), Step::Exit(0));
    assert_eq!(h.out, "/scripts/greet.sh says hi\ninner nested\nafter\n");
    assert_eq!(p.describe(), "shell script /scripts/greet.sh (sh)");
    assert_eq!(
        crate::resolve_entrypoint("/scripts/noexec.sh", &mut h),
        Err("exec: \"/scripts/noexec.sh\": permission denied".into())
    );
    assert_eq!(
        crate::resolve_entrypoint("foo", &mut h),
        Err("exec: \"foo\": executable file not found in $PATH".into())
    );
    assert_eq!(
        crate::resolve_entrypoint("/scripts/greet.sh", &mut h),
        Ok(())
    );
    let mut p = Process::spawn(vec!["foo".into()], vec![], "/");
    assert_eq!(p.resume(&mut h), Step::Exit(127));
    let (_, h) = sh("/scripts/none.sh; echo $?");
    assert_eq!(h.err, "sh: /scripts/none.sh: not found\n");
}

#[test]
fn hostname_from_env_and_nslookup_format() {
    let mut h = FakeHost::new();
    h.dns.insert(
        "todo-db.default.svc.cluster.local".into(),
        (0, "10.96.100.7".into()),
    );
    let mut p = Process::spawn(vec!["sh".into(), "-c".into(), "echo $HOSTNAME; nslookup todo-db.default.svc.cluster.local; echo rc=$?; nslookup nope.default.svc.cluster.local; echo rc=$?".into()], vec![("HOSTNAME".into(), "todo-db-1".into())], "/");
    assert_eq!(h.run(&mut p), Step::Exit(0));
    assert_eq!(
        h.out,
        "todo-db-1\nServer:\t\t10.96.0.10\nAddress:\t10.96.0.10:53\n\nName:\ttodo-db.default.svc.cluster.local\nAddress: 10.96.100.7\n\n\nrc=0\n\
         Server:\t\t10.96.0.10\nAddress:\t10.96.0.10:53\n\n** server can't find nope.default.svc.cluster.local: NXDOMAIN\n\n** server can't find nope.default.svc.cluster.local: NXDOMAIN\n\nrc=1\n"
    );
}

#[test]
fn nslookup_short_name_tries_search_domains() {
    let mut h = FakeHost::new();
    h.fs.add_file("/etc/resolv.conf", "search default.svc.cluster.local svc.cluster.local cluster.local\nnameserver 10.96.0.10\noptions ndots:5\n", 0o644);
    h.dns.insert(
        "web.default.svc.cluster.local".into(),
        (0, "10.96.0.50".into()),
    );
    let s = h.run_sh("nslookup web");
    assert_eq!(
        s,
        Step::Exit(1),
        "busybox exits 1 when any search suffix got NXDOMAIN"
    );
    assert!(h.out.contains("Name:\tweb.default.svc.cluster.local\nAddress: 10.96.0.50\n\n** server can't find web.svc.cluster.local: NXDOMAIN\n"), "{}", h.out);
    // A dotted partial name is asked as is (busybox does not apply ndots).
    let mut h2 = FakeHost::new();
    h2.dns.insert(
        "web.default.svc.cluster.local".into(),
        (0, "10.96.0.50".into()),
    );
    assert_eq!(h2.run_sh("nslookup web.default"), Step::Exit(1));
}

#[test]
fn wget_messages() {
    let mut h = FakeHost::new();
    h.dns.insert(
        "web.default.svc.cluster.local".into(),
        (0, "10.96.1.2".into()),
    );
    h.http.insert(
        "/".into(),
        crate::HttpResponse {
            status: 200,
            body: "<h1>hi</h1>\n".into(),
        },
    );
    h.run_sh("wget -qO- http://web/; wget -q -O - http://nohost/; wget http://web:8080/missing");
    assert_eq!(h.out, "");
    assert!(h.err.contains("wget: bad address 'nohost'\n"), "{}", h.err);
    assert!(
        h.err
            .contains("wget: can't connect to remote host (10.96.1.2): Connection refused\n"),
        "{}",
        h.err
    );
    let mut h = FakeHost::new();
    h.dns.insert(
        "web.default.svc.cluster.local".into(),
        (0, "10.96.1.2".into()),
    );
    h.listeners
        .insert("web.default.svc.cluster.local".into(), "nginx".into());
    h.http.insert(
        "/".into(),
        crate::HttpResponse {
            status: 200,
            body: "<h1>hi</h1>\n".into(),
        },
    );
    h.run_sh("wget -qO- http://web/; wget -q http://web/missing; echo $?");
    assert_eq!(h.out, "<h1>hi</h1>\n1\n");
    assert_eq!(
        h.err,
        "wget: server returned error: HTTP/1.1 404 Not Found\n"
    );
}

#[test]
fn output_is_deterministic() {
    let run = || {
        let mut h = FakeHost::new();
        h.run_sh("for i in 1 2 3; do echo $RANDOM; done; echo $$");
        h.out
    };
    assert_eq!(run(), run());
}

#[test]
fn recursion_through_pipes_and_substitutions_is_bounded() {
    // The innermost level fails; the pipes around it still end with `cat`'s status, as in sh.
    let (s, h) = sh("f() { f | cat; }; f");
    assert_eq!(s, Step::Exit(0));
    assert!(h.err.contains("subshells nested too deeply"), "{}", h.err);
    let (_, h) = sh("g() { echo $(g); }; g");
    assert!(h.err.contains("subshells nested too deeply"), "{}", h.err);
    let (s, h) = sh("r() { r; }; r");
    assert_eq!(s, Step::Exit(2));
    assert!(h.err.contains("function nesting too deep"), "{}", h.err);
}

#[test]
fn garbage_input_never_panics() {
    let inputs = [
        "((((",
        "))))",
        "$((1/0))",
        "${",
        "${x",
        "`",
        "$(",
        "<<",
        "cat <<",
        "a=(",
        "case",
        "case x in",
        "for",
        "for x in; do",
        "if; then; fi",
        "f() ",
        "\\",
        "'",
        "\"$(\"",
        "echo ${#}",
        "echo ${x:?boom}",
        "[ 1 -eq x ]",
        "[ ( ]",
        "test -f",
        "printf %",
        "printf '%5.3q'",
        "expr 1 / 0",
        "cut -f0",
        "seq 1 0 5",
        "head -n x",
        "ls -l /",
        "cd /nope",
        "exec",
        "exec nope",
        "shift 5",
        "trap x BOGUS",
        "read",
        "set -o",
        "echo $((1 <<< 2))",
        "while :; do break 5; done",
        "x=$(( ))",
        "echo \x00",
    ];
    for src in inputs {
        let mut h = FakeHost::new();
        let _ = h.run_sh(src);
    }
}
