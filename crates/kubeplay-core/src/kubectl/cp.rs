//! `kubectl cp` (pkg/cmd/cp/cp.go, filespec.go): files between the workstation and a container,
//! by running `tar` in the container as kubectl does. To a pod: `test -d DEST` (its output
//! discarded), then the archive makeTar builds from the workstation's files on the stdin of
//! `tar -xmf - -C DIR`. From a pod: `tar cf - SRC`, whose stderr kubectl sends to its own stdout,
//! unpacked by untarAll into the workstation's files. Every refusal is the exec's or tar's own.

use super::exec::{self, Ended};
use super::flags::{flag, switch, FlagSpec};
use super::{podref, Ctx};
use crate::api::errors::go_quote;
use kubeplay_shell::tarball::{self, Body, Entry};

pub const FLAGS: &[FlagSpec] = &[flag("container", Some('c')), switch("no-preserve", None), flag("retries", None)];

/// The working directory of the workstation (an absolute local path under it is a session path).
const CWD: &str = "/home/learner/";

/// `[[namespace/]pod:]file/path`, split as extractFileSpec does.
struct FileSpec {
    namespace: Option<String>,
    pod: Option<String>,
    /// The path without one trailing slash (newLocalPath/newRemotePath).
    file: String,
}

fn extract_file_spec(arg: &str) -> Result<FileSpec, String> {
    let bad = || "error: filespec must match the canonical format: [[namespace/]pod:]file/path".to_string();
    let Some(i) = arg.find(':') else { return Ok(FileSpec { namespace: None, pod: None, file: strip_trailing_slash(arg) }) };
    if i == 0 {
        return Err(bad());
    }
    let (pod, file) = (&arg[..i], strip_trailing_slash(&arg[i + 1..]));
    // An empty pod name makes the spec local (Run checks len(PodName)), and an empty namespace
    // is the command's (execute fills it in).
    let some = |s: &str| (!s.is_empty()).then(|| s.to_string());
    match pod.split('/').collect::<Vec<_>>()[..] {
        [p] => Ok(FileSpec { namespace: None, pod: some(p), file }),
        [ns, p] => Ok(FileSpec { namespace: some(ns), pod: some(p), file }),
        _ => Err(bad()),
    }
}

pub fn run(ctx: &mut Ctx) {
    if ctx.p.args.len() != 2 {
        return ctx.fail("error: source and destination are required");
    }
    match ctx.p.go_int("retries", 0, "kubectl cp") {
        Ok(0) => {}
        Ok(_) => return ctx.fail("kubeplay: \"kubectl cp --retries\" is not simulated yet (a simulated copy is never cut off)"),
        Err(e) => return ctx.fail(e),
    }
    let (src, dest) = match (extract_file_spec(&ctx.p.args[0]), extract_file_spec(&ctx.p.args[1])) {
        (Ok(s), Ok(d)) => (s, d),
        (Err(e), _) | (_, Err(e)) => return ctx.fail(e),
    };
    if src.pod.is_some() && dest.pod.is_some() {
        return ctx.fail("error: one of src or dest must be a local file specification");
    }
    if src.file.is_empty() || dest.file.is_empty() {
        return ctx.fail("error: filepath can not be empty");
    }
    if src.pod.is_some() {
        return copy_from_pod(ctx, &src, &dest.file);
    }
    if dest.pod.is_some() {
        return copy_to_pod(ctx, &src.file, &dest);
    }
    ctx.fail("error: one of src or dest must be a remote file specification")
}

/// The workstation path `kubectl cp ARGS` reads, if it copies to a pod (for
/// `script::referenced_files`, so a host loads the file or directory).
pub fn local_source(args: &[String]) -> Option<String> {
    let p = super::flags::parse(args, FLAGS, "kubectl cp").ok()?;
    match &p.args[..] {
        [src, dest] if !src.contains(':') && dest.contains(':') => Some(strip_trailing_slash(src)),
        _ => None,
    }
}

/// What one exec in the pod did: its output as (stderr?, text), how it ended, and the
/// "Defaulted container" note the exec printed on its error stream.
struct Execd {
    note: String,
    output: Vec<(bool, String)>,
    ended: Ended,
}

/// execute(): an ExecOptions for the spec's namespace (else the command's) and `-c`, run to its
/// end; Err is the line CheckErr prints.
fn execute(ctx: &mut Ctx, spec: &FileSpec, cmd: Vec<String>, stdin: Option<String>) -> Result<Execd, String> {
    let saved_ns = ctx.namespace.clone();
    if let Some(ns) = &spec.namespace {
        ctx.namespace = ns.clone();
    }
    // The container note goes to the exec's error stream, which cp points elsewhere: collect it.
    let saved_out = std::mem::take(&mut ctx.out);
    let result = execute_in(ctx, spec.pod.as_deref().unwrap_or_default(), cmd, stdin);
    let note = std::mem::replace(&mut ctx.out, saved_out).text();
    ctx.namespace = saved_ns;
    result.map(|(output, ended)| Execd { note, output, ended })
}

fn execute_in(ctx: &mut Ctx, pod: &str, cmd: Vec<String>, stdin: Option<String>) -> Result<(Vec<(bool, String)>, Ended), String> {
    let pod = podref::resolve(ctx, pod, podref::Purpose::Attach)?;
    if let Some(e) = exec::completed(&pod) {
        return Err(e);
    }
    let requested = ctx.p.get("container").filter(|c| !c.is_empty()).map(str::to_string);
    let container = podref::container(ctx, &pod, requested.as_deref())?;
    let mut running = exec::start(ctx, &pod, &container, cmd)?;
    if let Some(s) = stdin {
        running = exec::with_stdin(running, s);
    }
    Ok(exec::drive(ctx, running))
}

fn copy_to_pod(ctx: &mut Ctx, src: &str, dest: &FileSpec) {
    if !local_exists(ctx, src) {
        return ctx.fail(format!("error: {src} doesn't exist in local filesystem"));
    }
    // checkDestinationIsDir: any failure (no pod, no `test`, exit 1) means "not a directory".
    let is_dir = matches!(execute(ctx, dest, vec!["test".into(), "-d".into(), dest.file.clone()], None), Ok(Execd { ended: Ended::Exit(0), .. }));
    let dest_file = if is_dir { go_join(&dest.file, &go_base(&strip_trailing_slash(src))) } else { dest.file.clone() };
    let archive = match make_tar(ctx, src, &dest_file) {
        Ok(a) => a,
        Err(e) => return ctx.fail(e),
    };
    let mut cmd: Vec<String> = if ctx.p.on("no-preserve") { vec!["tar", "--no-same-permissions", "--no-same-owner", "-xmf", "-"] } else { vec!["tar", "-xmf", "-"] }.into_iter().map(String::from).collect();
    let dir = go_dir(&dest_file);
    if !dir.is_empty() {
        cmd.extend(["-C".to_string(), dir]);
    }
    match execute(ctx, dest, cmd, Some(archive)) {
        Err(e) => ctx.fail(e),
        Ok(x) => {
            ctx.out.err(x.note);
            for (stderr, text) in x.output {
                if stderr { ctx.out.err(text) } else { ctx.out.out(text) }
            }
            super::exec::report_end(ctx, x.ended, "");
        }
    }
}

/// makeTar + recursiveTar: the source's files under the destination's base name, a directory's
/// entries in name order (ioutil.ReadDir); the workstation has no empty directories or symlinks.
/// Bounded: a copy past tarball::MAX_ARCHIVE_BYTES is refused in plain words.
fn make_tar(ctx: &Ctx, src: &str, dest_file: &str) -> Result<String, String> {
    let src = go_clean(src);
    let dest = go_base(&go_clean(dest_file));
    let now_s = ctx.sim.now_ms().div_euclid(1000);
    let mut out = String::new();
    let mut stack = vec![(src, dest)];
    while let Some((s, d)) = stack.pop() {
        let key = local_key(&s);
        if let Some(text) = ctx.sim.files.get(&key) {
            if out.len() + text.len() > tarball::MAX_ARCHIVE_BYTES {
                return Err(format!("kubeplay: stopped the copy: it passed kubeplay's bound of {} MiB", tarball::MAX_ARCHIVE_BYTES >> 20));
            }
            tarball::push(&mut out, &Entry { name: d, mode: 0o644, mtime_s: now_s, body: Body::File(text.to_string()) });
            continue;
        }
        let mut children = local_children(ctx, &key);
        // An empty directory is one header under the destination's name (only the working
        // directory of a session without files can be empty).
        if children.is_empty() {
            tarball::push(&mut out, &Entry { name: d, mode: 0o755, mtime_s: now_s, body: Body::Dir });
            continue;
        }
        children.reverse();
        for c in children {
            stack.push((go_join(&s, &c), go_join(&d, &c)));
        }
    }
    tarball::finish(&mut out);
    Ok(out)
}

fn copy_from_pod(ctx: &mut Ctx, src: &FileSpec, dest: &str) {
    let x = match execute(ctx, src, vec!["tar".into(), "cf".into(), "-".into(), src.file.clone()], None) {
        Ok(x) => x,
        Err(e) => return ctx.fail(e),
    };
    // TarPipe: the exec's error stream is kubectl's stdout, its stdout the archive.
    ctx.out.out(x.note);
    let mut archive = String::new();
    for (stderr, text) in x.output {
        if stderr { ctx.out.out(text) } else { archive.push_str(&text) }
    }
    // A failed `tar cf` still ends its archive; untarAll reaches that end and Run returns nil
    // before the exec's goroutine reports the exit code, so kubectl exits 0 (kubernetes/kubectl#980).
    if let Ended::Gone | Ended::Forever = x.ended {
        return super::exec::report_end(ctx, x.ended, "");
    }
    let prefix = strip_path_shortcuts(&go_clean(src.file.trim_start_matches(['/', '\\'])));
    let ns = src.namespace.clone().unwrap_or_else(|| ctx.namespace.clone());
    let pod = src.pod.clone().unwrap_or_default();
    if let Err(e) = untar_all(ctx, &ns, &pod, &prefix, &src.file, dest, &archive) {
        ctx.fail(e);
    }
}

/// untarAll: each member's name past the prefix, joined to the destination; directories need
/// nothing on the workstation, symlinks are skipped with a warning, files are (re)written.
fn untar_all(ctx: &mut Ctx, ns: &str, pod: &str, prefix: &str, src: &str, dest: &str, archive: &str) -> Result<(), String> {
    let entries = tarball::read(archive).map_err(|_| "error: archive/tar: invalid tar header".to_string())?;
    let mut symlink_warned = false;
    for e in entries {
        let Some(rest) = e.name.strip_prefix(prefix) else { return Err("error: tar contents corrupted".into()) };
        let target = go_join(dest, &strip_trailing_slash(rest));
        if let Some(file) = file_ancestor(ctx, &go_dir(&target)) {
            return Err(format!("error: mkdir {file}: not a directory"));
        }
        match e.body {
            Body::Dir => {
                if ctx.sim.files.get(&local_key(&target)).is_some() {
                    return Err(format!("error: mkdir {target}: not a directory"));
                }
            }
            Body::Symlink(link) => {
                let msg = if symlink_warned {
                    format!("warning: skipping symlink: {} -> {}\n", go_quote(&target), go_quote(&link))
                } else {
                    symlink_warned = true;
                    format!("warning: skipping symlink: {} -> {} (consider using \"kubectl exec -n {} {} -- tar cf - {} | tar xf -\")\n", go_quote(&target), go_quote(&link), go_quote(ns), go_quote(pod), go_quote(src))
                };
                ctx.out.err(msg);
            }
            Body::File(text) => {
                let key = local_key(&target);
                if ctx.sim.files.is_dir(&key) {
                    return Err(format!("error: open {target}: is a directory"));
                }
                if text.len() > crate::script::MAX_FILE_BYTES || !ctx.sim.files.add(&key, &text) {
                    return Err(format!("kubeplay: cannot write {target}: the workstation holds at most {} files of {} bytes", crate::files::MAX_FILES, crate::script::MAX_FILE_BYTES));
                }
            }
        }
    }
    Ok(())
}

/// os.Stat on the workstation: a file, or a directory (the working directory, or a prefix of a file's path).
fn local_exists(ctx: &Ctx, path: &str) -> bool {
    let key = local_key(&go_clean(path));
    ctx.sim.files.get(&key).is_some() || ctx.sim.files.is_dir(&key)
}

/// The session's name for a local path: relative to the working directory.
fn local_key(path: &str) -> String {
    let p = path.strip_prefix(CWD).unwrap_or(path);
    if p == "/home/learner" { ".".into() } else { p.to_string() }
}

/// The names directly in a workstation directory, sorted.
fn local_children(ctx: &Ctx, key: &str) -> Vec<String> {
    let prefix = if key.is_empty() || key == "." { String::new() } else { format!("{key}/") };
    let mut names: Vec<String> = ctx.sim.files.paths().filter_map(|p| p.strip_prefix(prefix.as_str())).filter_map(|rest| rest.split('/').next()).filter(|n| !n.is_empty()).map(str::to_string).collect();
    names.sort();
    names.dedup();
    names
}

/// The first ancestor directory of a path (itself included) that is a file, as MkdirAll meets it.
fn file_ancestor(ctx: &Ctx, dir: &str) -> Option<String> {
    let mut cur = String::new();
    for seg in dir.split('/') {
        cur = if cur.is_empty() && dir.starts_with('/') { format!("/{seg}") } else if cur.is_empty() { seg.to_string() } else { format!("{cur}/{seg}") };
        if !seg.is_empty() && seg != "." && ctx.sim.files.get(&local_key(&cur)).is_some() {
            return Some(cur);
        }
    }
    None
}

fn strip_trailing_slash(p: &str) -> String {
    if p.len() > 1 && p.ends_with('/') { p[..p.len() - 1].to_string() } else { p.to_string() }
}

/// stripPathShortcuts: leading `../` removed, `.`/`..` left as nothing, one leading `/` dropped.
fn strip_path_shortcuts(p: &str) -> String {
    let mut s = p;
    while let Some(rest) = s.strip_prefix("../") {
        s = rest;
    }
    if s == "." || s == ".." {
        s = "";
    }
    s.strip_prefix('/').unwrap_or(s).to_string()
}

/// Go's path.Clean.
fn go_clean(p: &str) -> String {
    let rooted = p.starts_with('/');
    let mut parts: Vec<&str> = Vec::new();
    for seg in p.split('/') {
        match seg {
            "" | "." => {}
            ".." if parts.last().is_some_and(|l| *l != "..") => {
                parts.pop();
            }
            ".." if rooted => {}
            s => parts.push(s),
        }
    }
    let body = parts.join("/");
    match (rooted, body.is_empty()) {
        (true, _) => format!("/{body}"),
        (false, true) => ".".into(),
        (false, false) => body,
    }
}

fn go_join(a: &str, b: &str) -> String {
    match (a.is_empty(), b.is_empty()) {
        (true, true) => String::new(),
        (true, false) => go_clean(b),
        (false, true) => go_clean(a),
        (false, false) => go_clean(&format!("{a}/{b}")),
    }
}

fn go_dir(p: &str) -> String {
    let cut = p.rfind('/').map_or(0, |i| i + 1);
    go_clean(&p[..cut])
}

fn go_base(p: &str) -> String {
    if p.is_empty() {
        return ".".into();
    }
    let t = p.trim_end_matches('/');
    if t.is_empty() {
        return "/".into();
    }
    t.rsplit('/').next().unwrap_or(t).to_string()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::Simulation;

    #[test]
    fn paths_as_go_cleans_them() {
        assert_eq!(go_clean("./f.txt"), "f.txt");
        assert_eq!(go_clean("/tmp//a/../b/"), "/tmp/b");
        assert_eq!(go_clean(""), ".");
        assert_eq!(go_clean("../../x"), "../../x");
        assert_eq!(go_dir("x.txt"), ".");
        assert_eq!(go_dir("/tmp/x.txt"), "/tmp");
        assert_eq!(go_dir("/x"), "/");
        assert_eq!(go_base("/tmp/dir"), "dir");
        assert_eq!(go_base("/"), "/");
        assert_eq!(go_join("/tmp", "f.txt"), "/tmp/f.txt");
        assert_eq!(go_join("out", ""), "out");
        assert_eq!(strip_path_shortcuts("../../etc/x"), "etc/x");
        assert_eq!(strip_path_shortcuts("."), "");
    }

    #[test]
    fn file_specs_split_as_kubectl_does() {
        let s = extract_file_spec("ns/pod:/tmp/x/").unwrap();
        assert_eq!((s.namespace.as_deref(), s.pod.as_deref(), s.file.as_str()), (Some("ns"), Some("pod"), "/tmp/x"));
        let s = extract_file_spec("./f.txt").unwrap();
        assert_eq!((s.pod, s.file.as_str()), (None, "./f.txt"));
        assert!(extract_file_spec(":x").is_err());
        assert!(extract_file_spec("a/b/c:x").is_err());
        assert_eq!(extract_file_spec("pod:").unwrap().file, "");
        let s = extract_file_spec("ns/:/tmp").unwrap();
        assert_eq!((s.namespace.as_deref(), s.pod), (Some("ns"), None));
        assert_eq!(extract_file_spec("/web:/tmp").unwrap().namespace, None);
        let words = |s: &str| s.split(' ').map(str::to_string).collect::<Vec<_>>();
        assert_eq!(local_source(&words("-c nginx ./site/ web:/usr/share")), Some("./site".into()));
        assert_eq!(local_source(&words("web:/etc/hostname h")), None);
    }

    #[test]
    fn the_archive_holds_the_workstation_files_under_the_destination_name() {
        let mut sim = Simulation::new(1, 1_735_689_600_000);
        sim.files.add("site/index.html", "<h1>hi</h1>\n");
        sim.files.add("site/css/a.css", "a{}\n");
        sim.files.add("site.txt", "x");
        let ctx = Ctx { sim: &mut sim, p: Default::default(), stdin: None, namespace: "default".into(), out: Default::default(), warned: Vec::new() };
        let names: Vec<String> = tarball::read(&make_tar(&ctx, "./site/", "/usr/share/nginx/html").unwrap()).unwrap().into_iter().map(|e| e.name).collect();
        assert_eq!(names, ["html/css/a.css", "html/index.html"]);
        assert_eq!(local_children(&ctx, "."), ["site", "site.txt"]);
    }
}
