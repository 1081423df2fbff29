//! busybox `tar` (archival/tar.c, 1.36) as `kubectl cp` runs it: `tar cf - PATH...` writes an
//! archive to stdout, `tar -xmf - [-C DIR]` extracts one from stdin, `tar tf -` lists one. Only
//! `f -` (stdin/stdout) is modelled; options busybox has but kubeplay does not are refused by name.
//! Messages are busybox's: `removing leading '/' from member names` once per run,
//! `PATH: No such file or directory` then `error exit delayed from previous errors` for a missing
//! input, `can't change directory to 'DIR': ...` and `can't open 'NAME': ...` when extracting.

use super::files::MAX_TREE_ENTRIES;
use crate::path::fs_error_text;
use crate::tarball::{self, Body, Entry};
use crate::task::Cx;

#[derive(Default)]
struct Opts {
    mode: Option<char>,
    file: Option<String>,
    dir: Option<String>,
    paths: Vec<String>,
}

pub fn tar(cx: &mut Cx, args: &[String]) -> i32 {
    let opts = match parse(args) {
        Ok(o) => o,
        Err(m) => {
            cx.err(&m);
            return 1;
        }
    };
    if opts.file.as_deref().is_some_and(|f| f != "-") {
        cx.err("kubeplay: `tar -f FILE` is not modelled (kubeplay's tar reads and writes only `-f -`, stdin and stdout)\n");
        return 1;
    }
    if let Some(d) = &opts.dir {
        let abs = cx.abs(d);
        match cx.host.fs().stat(&abs) {
            Ok(s) if s.is_dir => {}
            r => {
                let why = fs_error_text(r.err().unwrap_or(crate::FsError::NotADirectory));
                cx.err(&format!("tar: can't change directory to '{d}': {why}\n"));
                return 1;
            }
        }
    }
    let base = opts
        .dir
        .as_deref()
        .map_or_else(|| cx.cwd.to_string(), |d| cx.abs(d));
    match opts.mode {
        Some('c') => create(cx, &base, &opts.paths),
        Some('x') => extract(cx, &base),
        Some('t') => list(cx),
        // busybox prints its usage text here, which kubeplay does not reproduce.
        _ => {
            cx.err("kubeplay: tar needs one of c, x or t (busybox would print its usage)\n");
            1
        }
    }
}

/// busybox's option string: a first word without `-` is options too (`tar cf - x`).
fn parse(args: &[String]) -> Result<Opts, String> {
    let mut o = Opts::default();
    let mut i = 0;
    while i < args.len() {
        let a = &args[i];
        i += 1;
        if a == "--" {
            o.paths.extend(args[i..].iter().cloned());
            break;
        }
        if let Some(long) = a.strip_prefix("--") {
            match long {
                "no-same-permissions" | "no-same-owner" | "touch" => continue,
                _ => return Err(format!("kubeplay: `tar --{long}` is not modelled (kubeplay's tar knows -c -x -t -f -C -m -o -p --no-same-owner --no-same-permissions)\n")),
            }
        }
        // A first word without `-` is options too, its `f` moved to the end so `tar fx FILE`
        // takes FILE as f's value (tar_main's compat massage).
        let first_word;
        let bundle = match a.strip_prefix('-') {
            Some(b) if !b.is_empty() => b,
            _ if i == 1 && !a.is_empty() && !a.starts_with('-') => {
                let mut w: String = a.chars().filter(|&c| c != 'f').collect();
                if a.contains('f') {
                    w.push('f');
                }
                first_word = w;
                first_word.as_str()
            }
            _ => {
                o.paths.push(a.clone());
                continue;
            }
        };
        for (at, c) in bundle.char_indices() {
            match c {
                'c' | 'x' | 't' => o.mode = Some(c),
                'm' | 'o' | 'p' => {}
                'f' | 'C' => {
                    let rest = &bundle[at + c.len_utf8()..];
                    let value = if rest.is_empty() {
                        let v = args.get(i).cloned().ok_or_else(|| format!("tar: option requires an argument -- '{c}'\n"))?;
                        i += 1;
                        v
                    } else {
                        rest.to_string()
                    };
                    if c == 'f' { o.file = Some(value) } else { o.dir = Some(value) }
                    break;
                }
                _ if "ZzJjahvkOTXKSN".contains(c) => return Err(format!("kubeplay: `tar -{c}` is not modelled (kubeplay's tar knows -c -x -t -f -C -m -o -p --no-same-owner --no-same-permissions)\n")),
                _ => return Err(format!("tar: invalid option -- '{c}'\n")),
            }
        }
    }
    Ok(o)
}

/// strip_unsafe_prefix: leading `/`s go, with one message per run.
fn member_name(cx: &mut Cx, path: &str, warned: &mut bool) -> String {
    let stripped = path.trim_start_matches('/');
    if stripped.len() != path.len() && !*warned {
        *warned = true;
        cx.err("tar: removing leading '/' from member names\n");
    }
    stripped.to_string()
}

fn create(cx: &mut Cx, base: &str, paths: &[String]) -> i32 {
    if paths.is_empty() {
        cx.err("tar: empty archive\n");
        return 1;
    }
    let mut archive = String::new();
    let (mut failed, mut warned, mut count) = (false, false, 0usize);
    for p in paths {
        let abs = crate::path::join(base, p);
        if let Err(e) = cx.host.fs().lstat(&abs) {
            cx.err(&format!("tar: {p}: {}\n", fs_error_text(e)));
            failed = true;
            continue;
        }
        // recursive_action: a directory's header before its entries, which come in list order.
        let mut stack = vec![(abs, p.clone())];
        while let Some((abs, shown)) = stack.pop() {
            count += 1;
            if count > MAX_TREE_ENTRIES.min(tarball::MAX_ENTRIES)
                || archive.len() > tarball::MAX_ARCHIVE_BYTES
            {
                cx.err("kubeplay: tar stopped: the archive passed kubeplay's bound (10000 entries, 16 MiB)\n");
                return 1;
            }
            let st = match cx.host.fs().lstat(&abs) {
                Ok(s) => s,
                Err(e) => {
                    cx.err(&format!("tar: {shown}: {}\n", fs_error_text(e)));
                    failed = true;
                    continue;
                }
            };
            let name = member_name(cx, &shown, &mut warned);
            let mtime_s = st.mtime_ms.div_euclid(1000);
            let body = if let Some(target) = st.link.clone() {
                Body::Symlink(target)
            } else if st.is_dir {
                let mut children = cx.host.fs().list(&abs).unwrap_or_default();
                children.reverse();
                for c in children {
                    stack.push((
                        crate::path::join(&abs, &c),
                        format!("{}/{c}", shown.trim_end_matches('/')),
                    ));
                }
                Body::Dir
            } else {
                match cx.host.fs().read(&abs) {
                    Ok(b) => Body::File(String::from_utf8_lossy(&b).into_owned()),
                    Err(e) => {
                        cx.err(&format!(
                            "tar: can't open '{shown}': {}\n",
                            fs_error_text(e)
                        ));
                        failed = true;
                        continue;
                    }
                }
            };
            // writeFileToTarball skips a member whose name is empty once stripped (`/` itself).
            if name.is_empty() {
                continue;
            }
            let name = if body == Body::Dir {
                format!("{}/", name.trim_end_matches('/'))
            } else {
                name
            };
            tarball::push(
                &mut archive,
                &Entry {
                    name,
                    mode: st.mode,
                    mtime_s,
                    body,
                },
            );
        }
    }
    tarball::finish(&mut archive);
    cx.out(&archive);
    if failed {
        cx.err("tar: error exit delayed from previous errors\n");
        return 1;
    }
    0
}

fn read_archive(cx: &mut Cx) -> Option<Vec<Entry>> {
    let stdin = cx.io.stdin.clone();
    match tarball::read(&stdin) {
        Ok(e) => Some(e),
        Err(_) => {
            cx.err("tar: invalid tar header checksum\n");
            None
        }
    }
}

fn list(cx: &mut Cx) -> i32 {
    let Some(entries) = read_archive(cx) else {
        return 1;
    };
    // Zero headers is not a valid tarball: exit 1 without a word (tar_main's bb_got_signal).
    if entries.is_empty() {
        return 1;
    }
    for e in entries {
        cx.out(&format!("{}\n", e.name));
    }
    0
}

/// data_extract_all: leading directories made as needed, an old file unlinked first, a file
/// written then given the archive's mode (root keeps permissions); `-m` keeps the extraction time.
fn extract(cx: &mut Cx, base: &str) -> i32 {
    let Some(entries) = read_archive(cx) else {
        return 1;
    };
    if entries.is_empty() {
        return 1;
    }
    let mut warned = false;
    for e in entries {
        let name = member_name(cx, &e.name, &mut warned);
        let rel = name.trim_end_matches('/');
        if rel.is_empty() {
            continue;
        }
        let abs = crate::path::join(base, rel);
        make_parents(cx, base, rel);
        let fs = cx.host.fs();
        let result = match &e.body {
            // A directory that cannot be made is reported and skipped, not fatal.
            Body::Dir => {
                let made = match fs.stat(&abs) {
                    Ok(s) if s.is_dir => Ok(()),
                    _ => fs.mkdir(&abs),
                };
                match made {
                    Ok(()) => {
                        let _ = fs.chmod(&abs, e.mode);
                    }
                    Err(err) => cx.err(&format!(
                        "tar: can't make dir {rel}: {}\n",
                        fs_error_text(err)
                    )),
                }
                Ok(())
            }
            // kubeplay's filesystems make no symlinks but the kubelet's own.
            Body::Symlink(_) => Ok(()),
            Body::File(text) => {
                match fs.lstat(&abs) {
                    Ok(s) if s.is_dir => {
                        cx.err(&format!(
                            "tar: can't remove old file {rel}: Is a directory\n"
                        ));
                        return 1;
                    }
                    Ok(_) => {
                        if let Err(err) = fs.remove(&abs) {
                            cx.err(&format!(
                                "tar: can't remove old file {rel}: {}\n",
                                fs_error_text(err)
                            ));
                            return 1;
                        }
                    }
                    Err(_) => {}
                }
                let fs = cx.host.fs();
                fs.write(&abs, text.as_bytes(), false).map(|_| {
                    let _ = fs.chmod(&abs, e.mode);
                })
            }
        };
        if let Err(err) = result {
            cx.err(&format!(
                "tar: can't open '{rel}': {}\n",
                fs_error_text(err)
            ));
            return 1;
        }
    }
    0
}

/// bb_make_directory(dirname, FILEUTILS_RECUR): failures show up as the open that follows.
fn make_parents(cx: &mut Cx, base: &str, rel: &str) {
    let Some((parents, _)) = rel.rsplit_once('/') else {
        return;
    };
    let mut cur = base.to_string();
    for seg in parents.split('/').filter(|s| !s.is_empty()) {
        cur = crate::path::join(&cur, seg);
        if cx.host.fs().stat(&cur).is_err() {
            let _ = cx.host.fs().mkdir(&cur);
        }
    }
}

#[cfg(test)]
mod tests {
    use crate::fake::FakeHost;
    use crate::tarball::{self, Body};
    use crate::{Process, Step};

    fn run(h: &mut FakeHost, argv: &[&str], stdin: &str) -> Step {
        let argv = argv.iter().map(|s| s.to_string()).collect();
        let mut p = Process::spawn(argv, vec![], "/").with_stdin(stdin.to_string());
        h.run(&mut p)
    }

    #[test]
    fn create_notes_the_leading_slash_once_and_walks_directories() {
        let mut h = FakeHost::new();
        h.fs.add_dir("/srv");
        h.fs.add_dir("/srv/site");
        h.fs.add_file("/srv/site/b.txt", "b\n", 0o600);
        h.fs.add_file("/srv/site/a.txt", "a\n", 0o644);
        assert_eq!(
            run(&mut h, &["tar", "cf", "-", "/srv/site"], ""),
            Step::Exit(0)
        );
        assert_eq!(h.err, "tar: removing leading '/' from member names\n");
        let names: Vec<(String, u32)> = tarball::read(&h.out)
            .unwrap()
            .into_iter()
            .map(|e| (e.name, e.mode))
            .collect();
        assert_eq!(
            names,
            [
                ("srv/site/".to_string(), 0o755),
                ("srv/site/a.txt".into(), 0o644),
                ("srv/site/b.txt".into(), 0o600)
            ]
        );
    }

    #[test]
    fn a_missing_input_fails_after_the_archive() {
        let mut h = FakeHost::new();
        assert_eq!(
            run(&mut h, &["tar", "cf", "-", "/tmp/nope"], ""),
            Step::Exit(1)
        );
        assert_eq!(h.err, "tar: /tmp/nope: No such file or directory\ntar: error exit delayed from previous errors\n");
        assert_eq!(
            tarball::read(&h.out),
            Ok(Vec::new()),
            "an empty archive still ends"
        );
        assert_eq!(run(&mut h, &["tar", "cf", "-"], ""), Step::Exit(1));
        assert!(h.err.ends_with("tar: empty archive\n"));
    }

    #[test]
    fn extract_makes_leading_directories_and_refuses_a_missing_dir() {
        let mut archive = String::new();
        let file = |name: &str, text: &str| tarball::Entry {
            name: name.into(),
            mode: 0o640,
            mtime_s: 0,
            body: Body::File(text.into()),
        };
        tarball::push(&mut archive, &file("site/css/main.css", "h1{}\n"));
        tarball::push(&mut archive, &file("notes.txt", "hi\n"));
        tarball::finish(&mut archive);
        let mut h = FakeHost::new();
        h.fs.add_dir("/tmp");
        assert_eq!(
            run(&mut h, &["tar", "-xmf", "-", "-C", "/tmp"], &archive),
            Step::Exit(0)
        );
        assert_eq!(
            h.fs.text("/tmp/site/css/main.css").as_deref(),
            Some("h1{}\n")
        );
        assert_eq!(h.fs.text("/tmp/notes.txt").as_deref(), Some("hi\n"));
        assert_eq!(
            run(&mut h, &["tar", "-xmf", "-", "-C", "/no/dir"], &archive),
            Step::Exit(1)
        );
        assert_eq!(
            h.err,
            "tar: can't change directory to '/no/dir': No such file or directory\n"
        );
        assert_eq!(run(&mut h, &["tar", "tf", "-"], &archive), Step::Exit(0));
        assert_eq!(h.out, "site/css/main.css\nnotes.txt\n");
        assert_eq!(run(&mut h, &["tar", "-xzf", "-"], &archive), Step::Exit(1));
        assert!(h.err.contains("`tar -z` is not modelled"));
        let mut end = String::new();
        tarball::finish(&mut end);
        assert_eq!(
            run(&mut h, &["tar", "xf", "-"], &end),
            Step::Exit(1),
            "no header is no tarball"
        );
        assert_eq!(
            run(&mut h, &["tar", "fx", "-"], &archive),
            Step::Exit(0),
            "the first word's f takes the next word"
        );
    }
}
