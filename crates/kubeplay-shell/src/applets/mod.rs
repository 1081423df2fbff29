//! Busybox applets (1.36 behaviour and messages): the list the image catalogue uses, and the
//! dispatch from a name to its function. Each applet is a function of its args, stdin and host.
//! On a host whose userland is GNU (a workstation), the text applets word their errors and lay
//! out `wc` as GNU coreutils and grep do.

pub mod base64;
pub mod files;
pub mod grep;
pub mod links;
pub mod ls;
pub mod net;
pub mod regex;
pub mod sleep;
pub mod sort;
pub mod tar;
pub mod test;
pub mod text;
pub mod util;

use crate::task::Cx;

/// Busybox applets kubeplay models, for the image catalogue (which decides what an image has).
pub const BUSYBOX_APPLETS: &[&str] = &[
    "base64", "basename", "cat", "chmod", "chown", "cp", "cut", "date", "df", "dirname", "du", "echo",
    "env", "expr", "false", "grep", "head", "hostname", "id", "ls", "mkdir", "mv", "nc",
    "nslookup", "printenv", "printf", "pwd", "readlink", "rm", "rmdir", "seq", "sleep", "sort",
    "tail", "tar", "test", "[", "[[", "touch", "tr", "true", "uniq", "wc", "wget", "whoami", "which",
    "uname", "yes",
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
        "du" => files::du(cx, args),
        "chmod" => files::chmod(cx, args),
        "chown" => 0,
        "df" => files::df(cx, args),
        "grep" => grep::grep(cx, args),
        "base64" => base64::base64(cx, args),
        "head" => text::head_tail(cx, args, true),
        "tail" => text::head_tail(cx, args, false),
        "wc" => text::wc(cx, args),
        "tr" => text::tr(cx, args),
        "cut" => text::cut(cx, args),
        "sort" => sort::sort(cx, args),
        "uniq" => sort::uniq(cx, args),
        "nslookup" => net::nslookup(cx, args),
        "wget" => net::wget(cx, args),
        "nc" => net::nc(cx, args),
        "tar" => tar::tar(cx, args),
        _ => {
            let m = format!("{name}: applet not found\n");
            cx.err(&m);
            127
        }
    }
}

/// Reads a file argument (`-` is stdin) or reports the error as the applet would (busybox's
/// `can't open 'x'`, or GNU's wording, see [`open_error`]).
pub fn read_input(cx: &mut Cx, applet: &str, file: &str) -> Option<String> {
    if file == "-" {
        return Some(cx.io.stdin.clone());
    }
    match read_file(cx, file) {
        Ok(t) => Some(t),
        Err(e) => {
            let m = open_error(cx, applet, file, e);
            cx.err(&m);
            None
        }
    }
}

/// A file's text, relative to the working directory.
pub fn read_file(cx: &mut Cx, file: &str) -> Result<String, crate::FsError> {
    let p = cx.abs(file);
    cx.host
        .fs()
        .read(&p)
        .map(|b| String::from_utf8_lossy(&b).into_owned())
}

/// The message for a file an applet cannot read. busybox: `APPLET: can't open 'FILE': REASON`.
/// GNU: most tools print `TOOL: FILE: REASON`; head and tail `cannot open 'FILE' for reading`
/// (`error reading` for a directory); sort checks its inputs first (`cannot read: FILE`); wc
/// says `FILE: read` for a directory.
pub fn open_error(cx: &Cx, applet: &str, file: &str, e: crate::FsError) -> String {
    let why = crate::path::fs_error_text(e);
    if !cx.gnu() {
        return format!("{applet}: can't open '{file}': {why}\n");
    }
    let dir = e == crate::FsError::IsADirectory;
    match applet {
        "head" | "tail" if dir => format!("{applet}: error reading {}: {why}\n", quoteaf(file)),
        "head" | "tail" => format!(
            "{applet}: cannot open {} for reading: {why}\n",
            quoteaf(file)
        ),
        "sort" if dir => format!("sort: read failed: {}: {why}\n", quotef(file)),
        "sort" => format!("sort: cannot read: {}: {why}\n", quotef(file)),
        "wc" if dir => format!("wc: {}: read: {why}\n", quotef(file)),
        _ => format!("{applet}: {}: {why}\n", quotef(file)),
    }
}

/// GNU's `quoteaf`: a file name always in shell single quotes (`'pod.yaml'`).
pub fn quoteaf(s: &str) -> String {
    format!("'{}'", s.replace('\'', "'\\''"))
}

/// GNU's `quotef`: a file name as is, or shell-quoted when it holds characters a shell would
/// treat specially (a space, a quote, `$`, `*`, …).
pub fn quotef(s: &str) -> String {
    let plain = !s.is_empty()
        && s.chars()
            .all(|c| c.is_alphanumeric() || "_-./,:@%+=^".contains(c));
    if plain {
        s.to_string()
    } else {
        quoteaf(s)
    }
}

/// GNU's `quote` in a UTF-8 locale: ‘x’ (number and operand errors use it).
pub fn quote(s: &str) -> String {
    format!("\u{2018}{s}\u{2019}")
}
