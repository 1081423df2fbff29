//! File applets over the container filesystem: cat, mkdir, rm, rmdir, cp, mv, touch, chmod, df
//! (ls is in ls.rs). Tree walks use explicit stacks with an entry bound.

use super::read_input;
use crate::path::fs_error_text;
use crate::task::Cx;
use crate::FsError;

/// Most entries one recursive `cp -r` / `rm -r` visits.
pub const MAX_TREE_ENTRIES: usize = 10_000;

pub(super) fn split_flags(args: &[String]) -> (String, Vec<String>) {
    let mut flags = String::new();
    let mut rest = Vec::new();
    let mut done = false;
    for a in args {
        if !done && a == "--" {
            done = true;
        } else if !done && a.len() > 1 && a.starts_with('-') {
            flags.push_str(&a[1..]);
        } else {
            rest.push(a.clone());
        }
    }
    (flags, rest)
}

pub fn cat(cx: &mut Cx, args: &[String]) -> i32 {
    let (_, files) = split_flags(args);
    if files.is_empty() {
        let s = cx.io.stdin.clone();
        cx.out(&s);
        return 0;
    }
    let mut st = 0;
    for f in &files {
        match read_input(cx, "cat", f) {
            Some(t) => cx.out(&t),
            None => st = 1,
        }
    }
    st
}

pub fn mkdir(cx: &mut Cx, args: &[String]) -> i32 {
    let (flags, dirs) = split_flags(args);
    let parents = flags.contains('p');
    let mut st = 0;
    for d in &dirs {
        let abs = cx.abs(d);
        if parents {
            let mut cur = String::new();
            for seg in abs.split('/').filter(|s| !s.is_empty()) {
                cur.push('/');
                cur.push_str(seg);
                match cx.host.fs().stat(&cur) {
                    Ok(s) if s.is_dir => continue,
                    Ok(_) => {
                        let m = format!("mkdir: can't create directory '{d}': File exists\n");
                        cx.err(&m);
                        st = 1;
                        break;
                    }
                    Err(_) => {
                        if let Err(e) = cx.host.fs().mkdir(&cur) {
                            let m = format!(
                                "mkdir: can't create directory '{d}': {}\n",
                                fs_error_text(e)
                            );
                            cx.err(&m);
                            st = 1;
                            break;
                        }
                    }
                }
            }
        } else if let Err(e) = cx.host.fs().mkdir(&abs) {
            let m = format!(
                "mkdir: can't create directory '{d}': {}\n",
                fs_error_text(e)
            );
            cx.err(&m);
            st = 1;
        }
    }
    st
}

/// Removes `abs` and, with `recursive`, everything under it (children first).
fn remove_tree(cx: &mut Cx, abs: &str) -> Result<(), FsError> {
    let mut order = Vec::new();
    let mut stack = vec![abs.to_string()];
    while let Some(p) = stack.pop() {
        if order.len() >= MAX_TREE_ENTRIES {
            return Err(FsError::NoSpace);
        }
        // lstat: a symlink to a directory is removed itself, never what it points to.
        if let Ok(s) = cx.host.fs().lstat(&p) {
            if s.is_dir && s.link.is_none() {
                for e in cx.host.fs().list(&p).unwrap_or_default() {
                    stack.push(crate::path::join(&p, &e));
                }
            }
        }
        order.push(p);
    }
    for p in order.iter().rev() {
        cx.host.fs().remove(p)?;
    }
    Ok(())
}

pub fn rm(cx: &mut Cx, args: &[String]) -> i32 {
    let (flags, paths) = split_flags(args);
    let force = flags.contains('f');
    let recursive = flags.contains('r') || flags.contains('R');
    let mut st = 0;
    for p in &paths {
        let abs = cx.abs(p);
        match cx.host.fs().lstat(&abs) {
            Err(e) => {
                if !force {
                    let m = format!("rm: can't remove '{p}': {}\n", fs_error_text(e));
                    cx.err(&m);
                    st = 1;
                }
            }
            Ok(s) if s.is_dir && s.link.is_none() && !recursive => {
                let m = format!("rm: '{p}' is a directory\n");
                cx.err(&m);
                st = 1;
            }
            Ok(_) => {
                if let Err(e) = remove_tree(cx, &abs) {
                    let m = format!("rm: can't remove '{p}': {}\n", fs_error_text(e));
                    cx.err(&m);
                    st = 1;
                }
            }
        }
    }
    st
}

pub fn rmdir(cx: &mut Cx, args: &[String]) -> i32 {
    let (_, paths) = split_flags(args);
    let mut st = 0;
    for p in &paths {
        let abs = cx.abs(p);
        if let Err(e) = cx.host.fs().remove(&abs) {
            let m = format!("rmdir: '{p}': {}\n", fs_error_text(e));
            cx.err(&m);
            st = 1;
        }
    }
    st
}

/// Copies a file or (recursively) a directory; keeps the source mode.
fn copy_tree(cx: &mut Cx, src: &str, dst: &str) -> Result<(), FsError> {
    let mut stack = vec![(src.to_string(), dst.to_string())];
    let mut n = 0;
    while let Some((s, d)) = stack.pop() {
        n += 1;
        if n > MAX_TREE_ENTRIES {
            return Err(FsError::NoSpace);
        }
        let st = cx.host.fs().stat(&s)?;
        if st.is_dir {
            if cx.host.fs().stat(&d).is_err() {
                cx.host.fs().mkdir(&d)?;
            }
            for e in cx.host.fs().list(&s)? {
                stack.push((crate::path::join(&s, &e), crate::path::join(&d, &e)));
            }
        } else {
            let data = cx.host.fs().read(&s)?;
            cx.host.fs().write(&d, &data, false)?;
            let _ = cx.host.fs().chmod(&d, st.mode);
        }
    }
    Ok(())
}

fn cp_mv(cx: &mut Cx, args: &[String], is_mv: bool) -> i32 {
    let applet = if is_mv { "mv" } else { "cp" };
    let (flags, paths) = split_flags(args);
    let recursive = is_mv || flags.contains('r') || flags.contains('R') || flags.contains('a');
    if paths.len() < 2 {
        cx.err(&format!("{applet}: missing destination file operand\n"));
        return 1;
    }
    let (srcs, dst) = paths.split_at(paths.len() - 1);
    let dst_abs = cx.abs(&dst[0]);
    let dst_is_dir = cx
        .host
        .fs()
        .stat(&dst_abs)
        .map(|s| s.is_dir)
        .unwrap_or(false);
    let mut st = 0;
    for s in srcs {
        let s_abs = cx.abs(s);
        let target = if dst_is_dir {
            crate::path::join(&dst_abs, &crate::path::basename(&s_abs))
        } else {
            dst_abs.clone()
        };
        match cx.host.fs().stat(&s_abs) {
            Err(e) => {
                let m = format!("{applet}: can't stat '{s}': {}\n", fs_error_text(e));
                cx.err(&m);
                st = 1;
                continue;
            }
            Ok(x) if x.is_dir && !recursive => {
                let m = format!("{applet}: omitting directory '{s}'\n");
                cx.err(&m);
                st = 1;
                continue;
            }
            Ok(_) => {}
        }
        let r = copy_tree(cx, &s_abs, &target).and_then(|_| {
            if is_mv {
                remove_tree(cx, &s_abs)
            } else {
                Ok(())
            }
        });
        if let Err(e) = r {
            let m = format!(
                "{applet}: can't create '{}': {}\n",
                dst[0],
                fs_error_text(e)
            );
            cx.err(&m);
            st = 1;
        }
    }
    st
}

pub fn cp(cx: &mut Cx, args: &[String]) -> i32 {
    cp_mv(cx, args, false)
}

pub fn mv(cx: &mut Cx, args: &[String]) -> i32 {
    cp_mv(cx, args, true)
}

pub fn touch(cx: &mut Cx, args: &[String]) -> i32 {
    let (_, paths) = split_flags(args);
    let mut st = 0;
    for p in &paths {
        let abs = cx.abs(p);
        if let Err(e) = cx.host.fs().write(&abs, b"", true) {
            let m = format!("touch: {p}: {}\n", fs_error_text(e));
            cx.err(&m);
            st = 1;
        }
    }
    st
}

/// Applies an octal or symbolic (`+x`, `u+w`, `go-r`, `a=rx`) mode.
fn apply_mode(spec: &str, old: u32) -> Option<u32> {
    if !spec.is_empty() && spec.chars().all(|c| c.is_digit(8)) {
        return u32::from_str_radix(spec, 8).ok();
    }
    let mut mode = old;
    for clause in spec.split(',') {
        let who_end = clause.find(['+', '-', '=']).unwrap_or(clause.len());
        let who = &clause[..who_end];
        let mask = if who.is_empty() || who.contains('a') {
            0o777
        } else {
            (if who.contains('u') { 0o700 } else { 0 })
                | (if who.contains('g') { 0o070 } else { 0 })
                | (if who.contains('o') { 0o007 } else { 0 })
        };
        let op = clause[who_end..].chars().next()?;
        let perms = &clause[who_end + 1..];
        let mut bits = 0;
        for c in perms.chars() {
            bits |= match c {
                'r' => 0o444,
                'w' => 0o222,
                'x' => 0o111,
                _ => return None,
            };
        }
        bits &= mask;
        mode = match op {
            '+' => mode | bits,
            '-' => mode & !bits,
            _ => (mode & !mask) | bits,
        };
    }
    Some(mode)
}

pub fn chmod(cx: &mut Cx, args: &[String]) -> i32 {
    let rest: Vec<String> = args.iter().filter(|a| *a != "-R").cloned().collect();
    let Some((spec, paths)) = rest.split_first() else {
        cx.err("chmod: missing operand\n");
        return 1;
    };
    let mut st = 0;
    for p in paths {
        let abs = cx.abs(p);
        let old = match cx.host.fs().stat(&abs) {
            Ok(s) => s.mode,
            Err(e) => {
                let m = format!("chmod: {p}: {}\n", fs_error_text(e));
                cx.err(&m);
                st = 1;
                continue;
            }
        };
        let Some(new) = apply_mode(spec, old) else {
            let m = format!("chmod: invalid mode '{spec}'\n");
            cx.err(&m);
            return 1;
        };
        if let Err(e) = cx.host.fs().chmod(&abs, new) {
            let m = format!("chmod: {p}: {}\n", fs_error_text(e));
            cx.err(&m);
            st = 1;
        }
    }
    st
}

/// busybox `du [-a] [-s] [-c] [-h|-k|-m] [FILE]...`: allocated blocks of each tree, directories
/// after their contents, in 1K units unless `-h` (one decimal and a suffix) or `-m`.
pub fn du(cx: &mut Cx, args: &[String]) -> i32 {
    let (mut all, mut summary, mut total, mut unit) = (false, false, false, 1024u64);
    let mut paths = Vec::new();
    for a in args {
        match a.strip_prefix('-').filter(|f| !f.is_empty()) {
            Some(flags) => {
                for f in flags.chars() {
                    match f {
                        'a' => all = true,
                        's' => summary = true,
                        'c' => total = true,
                        'h' => unit = 0,
                        'k' => unit = 1024,
                        'm' => unit = 1024 * 1024,
                        // One filesystem, hard links, symlinks: nothing here to tell apart.
                        'x' | 'l' | 'H' | 'L' => {}
                        _ => {
                            let m = format!("du: invalid option -- '{f}'\n");
                            cx.err(&m);
                            return 1;
                        }
                    }
                }
            }
            None => paths.push(a.clone()),
        }
    }
    if paths.is_empty() {
        paths.push(".".into());
    }
    let mut du = Du { all, summary, unit, failed: false };
    let mut sum = 0;
    for p in &paths {
        let abs = cx.abs(p);
        sum += du.walk(cx, &abs, p, 0);
    }
    if total {
        du.print(cx, sum, "total");
    }
    i32::from(du.failed)
}

struct Du {
    all: bool,
    summary: bool,
    unit: u64,
    failed: bool,
}

impl Du {
    /// The 512-byte blocks under `abs` (shown as `name`), printing as busybox's du_main does.
    fn walk(&mut self, cx: &mut Cx, abs: &str, name: &str, depth: usize) -> u64 {
        let st = match cx.host.fs().lstat(abs) {
            Ok(st) => st,
            Err(e) => {
                let m = format!("du: {name}: {}\n", fs_error_text(e));
                cx.err(&m);
                self.failed = true;
                return 0;
            }
        };
        let mut sum = st.blocks;
        if st.is_dir && st.link.is_none() && depth < 64 {
            for entry in cx.host.fs().list(abs).unwrap_or_default() {
                let child = crate::path::join(abs, &entry);
                let shown = format!("{}/{entry}", name.trim_end_matches('/'));
                sum += self.walk(cx, &child, &shown, depth + 1);
            }
        }
        if depth == 0 || (!self.summary && (st.is_dir || self.all)) {
            self.print(cx, sum, name);
        }
        sum
    }

    fn print(&self, cx: &mut Cx, blocks: u64, name: &str) {
        let line = format!("{}\t{name}\n", human_size(blocks, self.unit));
        cx.out(&line);
    }
}

/// libbb's make_human_readable_str(blocks, 512, unit): a whole number of `unit`s rounded to the
/// nearest, or with unit 0 one decimal and K/M/G.
fn human_size(blocks: u64, unit: u64) -> String {
    if blocks == 0 {
        return "0".into();
    }
    let mut val = blocks.saturating_mul(512);
    if let Some(units) = val.saturating_add(unit / 2).checked_div(unit) {
        return units.to_string();
    }
    let (mut frac, mut u) = (0u64, 0usize);
    while val >= 1024 {
        u += 1;
        frac = ((val % 1024) * 10 + 512) / 1024;
        val /= 1024;
    }
    if frac >= 10 {
        val += 1;
        frac = 0;
    }
    match u {
        0 => val.to_string(),
        _ => format!("{val}.{frac}{}", ["", "K", "M", "G", "T", "P", "E"][u.min(6)]),
    }
}

pub fn df(cx: &mut Cx, _args: &[String]) -> i32 {
    cx.out(
        "Filesystem           1K-blocks      Used Available Use% Mounted on\n\
         overlay               61255492  12345678  45765432  21% /\n\
         tmpfs                    65536         0     65536   0% /dev\n\
         /dev/sda1             61255492  12345678  45765432  21% /etc/hosts\n",
    );
    0
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn modes() {
        assert_eq!(apply_mode("755", 0), Some(0o755));
        assert_eq!(apply_mode("+x", 0o644), Some(0o755));
        assert_eq!(apply_mode("go-r", 0o644), Some(0o600));
        assert_eq!(apply_mode("u=rwx", 0o644), Some(0o744));
        assert_eq!(apply_mode("q", 0o644), None);
    }

    #[test]
    fn du_sizes_read_like_busybox() {
        assert_eq!(human_size(0, 0), "0");
        assert_eq!(human_size(8, 0), "4.0K");
        assert_eq!(human_size(64, 0), "32.0K");
        assert_eq!(human_size(3, 0), "1.5K");
        assert_eq!(human_size(1, 0), "512");
        assert_eq!(human_size(8, 1024), "4");
        assert_eq!(human_size(2048 * 3, 1024 * 1024), "3");
    }
}
