//! busybox `ls`: one name per line (the output is not a terminal), `-l`'s columns and `total`,
//! symlinks shown as `name -> target`, `-a`/`-A`, `-d`, `-L`/`-H`, `-n`, and `-R`'s depth-first walk.

use super::files::{split_flags, MAX_TREE_ENTRIES};
use super::util::civil;
use crate::path::fs_error_text;
use crate::task::Cx;
use crate::Stat;

/// `drwxrwxrwt` (bb_mode_string): setuid, setgid and sticky show in the execute columns as
/// `s`/`S`, `s`/`S` and `t`/`T` (lower case when the execute bit is set too); a symlink is `l`.
fn mode_string(st: &Stat) -> String {
    let mut s = String::with_capacity(10);
    s.push(if st.link.is_some() {
        'l'
    } else if st.is_dir {
        'd'
    } else {
        '-'
    });
    for (shift, special, set) in [(6, 0o4000, 's'), (3, 0o2000, 's'), (0, 0o1000, 't')] {
        let bits = (st.mode >> shift) & 7;
        s.push(if bits & 4 != 0 { 'r' } else { '-' });
        s.push(if bits & 2 != 0 { 'w' } else { '-' });
        let x = bits & 1 != 0;
        s.push(match (st.mode & special != 0, x) {
            (true, true) => set,
            (true, false) => set.to_ascii_uppercase(),
            (false, true) => 'x',
            (false, false) => '-',
        });
    }
    s
}

/// `Jan  1 00:00` for the last six months (and up to 15 minutes ahead), else `Jan  1  2024`,
/// as busybox's display_single decides from the age in seconds.
fn ls_time(mtime: i64, now: i64) -> String {
    let (y, mo, d, h, mi, ..) = civil(mtime);
    let mon = [
        "Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec",
    ][(mo - 1) as usize];
    let age = now.div_euclid(1000) - mtime.div_euclid(1000);
    if age < 3600 * 24 * 365 / 2 && age > -15 * 60 {
        format!("{mon} {d:>2} {h:02}:{mi:02}")
    } else {
        format!("{mon} {d:>2}  {y}")
    }
}

/// Which of busybox ls's options are set.
#[derive(Default)]
struct LsOpts {
    long: bool,
    numeric: bool,
    all: bool,
    almost_all: bool,
    dir_only: bool,
    recursive: bool,
    /// -L: every symlink is followed.
    follow: bool,
    /// -H: symlinks named on the command line are followed.
    follow_args: bool,
}

fn long_line(name: &str, st: &Stat, now: i64, o: &LsOpts) -> String {
    let owner = if o.numeric {
        format!("{:<8} {:<8}", 0, 0)
    } else {
        format!("{:<8} {:<8}", "root", "root")
    };
    let mut line = format!(
        "{} {:>4} {} {:>9} {} {}",
        mode_string(st),
        st.nlink,
        owner,
        st.size,
        ls_time(st.mtime_ms, now),
        name
    );
    if let Some(target) = &st.link {
        line.push_str(" -> ");
        line.push_str(target);
    }
    line.push('\n');
    line
}

/// busybox's calculate_blocks: 512-byte blocks summed, shown in KiB rounded up.
fn total(shown: &[(String, Stat)]) -> u64 {
    (1 + shown.iter().map(|(_, s)| s.blocks).sum::<u64>()) >> 1
}

/// busybox's concat_path_file: no doubled slash when `dir` already ends in one.
fn concat_path(dir: &str, name: &str) -> String {
    if dir.ends_with('/') {
        format!("{dir}{name}")
    } else {
        format!("{dir}/{name}")
    }
}

fn ls_opts(flags: &str) -> LsOpts {
    let has = |c| flags.contains(c);
    LsOpts {
        long: has('l') || has('n') || has('g'),
        numeric: has('n'),
        all: has('a'),
        almost_all: has('A'),
        dir_only: has('d'),
        // -d wins over -R, as in ls_main.
        recursive: has('R') && !has('d'),
        follow: has('L'),
        follow_args: has('H'),
    }
}

/// busybox ls (non-tty: one name per line): command-line files first, then each directory's
/// entries sorted by name, `-R` walking subdirectories depth first (symlinks to directories are
/// listed, not entered, unless -L). Symlinks named on the command line are followed unless -l
/// (or -H/-L say otherwise); those inside directories are shown as links.
pub fn ls(cx: &mut Cx, args: &[String]) -> i32 {
    let (flags, mut paths) = split_flags(args);
    let o = ls_opts(&flags);
    if paths.is_empty() {
        paths.push(".".into());
    }
    let show_dirname = paths.len() > 1;
    let follow_args = !o.long || o.follow || o.follow_args;
    let now = cx.host.now_ms();
    let mut code = 0;
    let mut out = String::new();
    let mut files: Vec<(String, Stat)> = Vec::new();
    let mut dirs: Vec<String> = Vec::new();
    for p in &paths {
        let abs = cx.abs(p);
        // A trailing slash makes the kernel resolve a link to a directory (`ls -l link/`).
        let st = if follow_args || p.ends_with('/') {
            cx.host.fs().stat(&abs)
        } else {
            cx.host.fs().lstat(&abs)
        };
        match st {
            Ok(s) if s.is_dir && s.link.is_none() && !o.dir_only => dirs.push(p.clone()),
            Ok(s) => files.push((p.clone(), s)),
            Err(e) => {
                cx.err(&format!("ls: {p}: {}\n", fs_error_text(e)));
                code = 1;
            }
        }
    }
    files.sort_by(|a, b| a.0.cmp(&b.0));
    for (name, s) in &files {
        out.push_str(&entry_line(name, s, now, &o));
    }
    dirs.sort();
    // Directories still to list, the next one last: a stack gives -R's depth-first order.
    let mut stack: Vec<String> = dirs.into_iter().rev().collect();
    let mut first = files.is_empty();
    let mut visited = 0;
    while let Some(dir) = stack.pop() {
        visited += 1;
        if visited > MAX_TREE_ENTRIES {
            cx.out(&out);
            cx.err("ls: too many directories\n");
            return 1;
        }
        if show_dirname || o.recursive {
            if !first {
                out.push('\n');
            }
            out.push_str(&format!("{dir}:\n"));
        }
        first = false;
        let (shown, failed) = scan_dir(cx, &dir, &o);
        if failed {
            code = 1;
        }
        if o.long {
            out.push_str(&format!("total {}\n", total(&shown)));
        }
        for (name, s) in &shown {
            out.push_str(&entry_line(name, s, now, &o));
        }
        if o.recursive {
            let subdirs = shown
                .iter()
                .filter(|(n, s)| s.is_dir && s.link.is_none() && n != "." && n != "..");
            let mut subdirs: Vec<String> = subdirs.map(|(n, _)| concat_path(&dir, n)).collect();
            subdirs.reverse();
            stack.extend(subdirs);
        }
    }
    cx.out(&out);
    code
}

fn entry_line(name: &str, st: &Stat, now: i64, o: &LsOpts) -> String {
    if o.long {
        long_line(name, st, now, o)
    } else {
        format!("{name}\n")
    }
}

/// One directory's entries as scan_one_dir reads them (`.` and `..` with -a, other dotfiles
/// with -a or -A), each with its lstat (stat with -L), sorted by name; and whether an error was
/// reported.
fn scan_dir(cx: &mut Cx, dir: &str, o: &LsOpts) -> (Vec<(String, Stat)>, bool) {
    let abs = cx.abs(dir);
    let mut names = match cx.host.fs().list(&abs) {
        Ok(e) => e,
        Err(e) => {
            cx.err(&format!("ls: can't open '{dir}': {}\n", fs_error_text(e)));
            return (Vec::new(), true);
        }
    };
    if o.all {
        names.push(".".into());
        names.push("..".into());
    }
    names.sort();
    let mut shown = Vec::new();
    let mut failed = false;
    for name in names {
        if name.starts_with('.') && !o.all && !o.almost_all {
            continue;
        }
        let full = concat_path(dir, &name);
        let p = cx.abs(&full);
        let st = if o.follow {
            cx.host.fs().stat(&p)
        } else {
            cx.host.fs().lstat(&p)
        };
        match st {
            Ok(s) => shown.push((name, s)),
            Err(e) => {
                cx.err(&format!("ls: {full}: {}\n", fs_error_text(e)));
                failed = true;
            }
        }
    }
    (shown, failed)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn long_listing_matches_busybox_columns() {
        let st = Stat::file(0o644, 12, 1_735_689_600_000, false);
        let o = LsOpts::default();
        assert_eq!(
            long_line("name", &st, 1_735_689_600_000, &o),
            "-rw-r--r--    1 root     root            12 Jan  1 00:00 name\n"
        );
        let mut link = Stat::file(0o777, 24, 1_735_689_600_000, true);
        link.link = Some("..data/postgres_password".into());
        assert_eq!(
            long_line("postgres_password", &link, 1_735_689_600_000, &o),
            "lrwxrwxrwx    1 root     root            24 Jan  1 00:00 postgres_password -> ..data/postgres_password\n"
        );
        // More than half a year old, or more than 15 minutes ahead: the year instead of the time.
        assert_eq!(
            ls_time(1_735_689_600_000, 1_735_689_600_000 + 183 * 86_400_000),
            "Jan  1  2025"
        );
        assert_eq!(
            ls_time(1_735_689_600_000 + 16 * 60_000, 1_735_689_600_000),
            "Jan  1  2025"
        );
        assert_eq!(
            ls_time(1_735_689_600_000 + 14 * 60_000, 1_735_689_600_000),
            "Jan  1 00:14"
        );
    }
}
