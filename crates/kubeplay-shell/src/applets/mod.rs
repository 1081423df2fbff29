//! Busybox applets (1.36 behaviour and messages): the list the image catalogue uses, and the
//! dispatch from a name to its function. Each applet is a function of its args, stdin and host.

pub mod files;
pub mod links;
pub mod ls;
pub mod net;
pub mod sleep;
pub mod test;
pub mod text;
pub mod util;

use crate::task::Cx;

/// Busybox applets kubeplay models, for the image catalogue (which decides what an image has).
pub const BUSYBOX_APPLETS: &[&str] = &[
    "basename", "cat", "chmod", "chown", "cp", "cut", "date", "df", "dirname", "echo", "env",
    "expr", "false", "grep", "head", "hostname", "id", "ls", "mkdir", "mv", "nc", "nslookup",
    "printenv", "printf", "pwd", "readlink", "rm", "rmdir", "seq", "sleep", "sort", "tail", "test",
    "[", "[[", "touch", "tr", "true", "uniq", "wc", "wget", "whoami", "which", "uname", "yes",
];

pub fn is_applet(name: &str) -> bool {
    BUSYBOX_APPLETS.contains(&name)
}

/// Runs applet `name` (argv[0] as typed is `argv[0]`); returns its exit status.
pub fn run(name: &str, cx: &mut Cx, argv: &[String]) -> i32 {
    let args = &argv[1..];
    match name {
        "true" => 0,
        "false" => 1,
        "echo" => util::echo(cx, args),
        "printf" => util::printf(cx, args),
        "test" => test::test(cx, args, false),
        "[" => test::test(cx, args, true),
        "[[" => test::test(cx, args, true),
        "pwd" => {
            let d = format!("{}\n", cx.cwd);
            cx.out(&d);
            0
        }
        "basename" => util::basename(cx, args),
        "dirname" => util::dirname(cx, args),
        "date" => util::date(cx, args),
        "env" | "printenv" => util::env(cx, name, args),
        "expr" => util::expr(cx, args),
        "hostname" => {
            let h = format!("{}\n", cx.host.hostname());
            cx.out(&h);
            0
        }
        "id" => {
            cx.out("uid=0(root) gid=0(root) groups=0(root),1(bin),2(daemon),3(sys),4(adm),6(disk),10(wheel),11(floppy),20(dialout),26(tape),27(video)\n");
            0
        }
        "whoami" => {
            cx.out("root\n");
            0
        }
        "uname" => util::uname(cx, args),
        "which" => util::which(cx, args),
        "seq" => text::seq(cx, args),
        "yes" => text::yes(cx, args),
        "cat" => files::cat(cx, args),
        "ls" => ls::ls(cx, args),
        "readlink" => links::readlink(cx, args),
        "mkdir" => files::mkdir(cx, args),
        "rm" => files::rm(cx, args),
        "rmdir" => files::rmdir(cx, args),
        "cp" => files::cp(cx, args),
        "mv" => files::mv(cx, args),
        "touch" => files::touch(cx, args),
        "chmod" => files::chmod(cx, args),
        "chown" => 0,
        "df" => files::df(cx, args),
        "grep" => text::grep(cx, args),
        "head" => text::head_tail(cx, args, true),
        "tail" => text::head_tail(cx, args, false),
        "wc" => text::wc(cx, args),
        "tr" => text::tr(cx, args),
        "cut" => text::cut(cx, args),
        "sort" => text::sort(cx, args),
        "uniq" => text::uniq(cx, args),
        "nslookup" => net::nslookup(cx, args),
        "wget" => net::wget(cx, args),
        "nc" => net::nc(cx, args),
        _ => {
            let m = format!("{name}: applet not found\n");
            cx.err(&m);
            127
        }
    }
}

/// Reads a file argument (`-` is stdin) or reports busybox's `can't open` error.
pub fn read_input(cx: &mut Cx, applet: &str, file: &str) -> Option<String> {
    if file == "-" {
        return Some(cx.io.stdin.clone());
    }
    let p = cx.abs(file);
    match cx.host.fs().read(&p) {
        Ok(b) => Some(String::from_utf8_lossy(&b).into_owned()),
        Err(e) => {
            let m = format!(
                "{applet}: can't open '{file}': {}\n",
                crate::path::fs_error_text(e)
            );
            cx.err(&m);
            None
        }
    }
}
