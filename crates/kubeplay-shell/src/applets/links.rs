//! Symlink applets: busybox `readlink` (and `-f`, which resolves every link along the path).

use crate::task::Cx;

/// `readlink [-fnv] FILE`: the link's target, or with -f the path with every symlink resolved
/// (its last component need not exist). Errors are silent unless -v, as in busybox; the status
/// is 1 when there is nothing to print.
pub fn readlink(cx: &mut Cx, args: &[String]) -> i32 {
    let mut flags = String::new();
    let mut files = Vec::new();
    for a in args {
        match a.strip_prefix('-') {
            Some(f) if !f.is_empty() && files.is_empty() => flags.push_str(f),
            _ => files.push(a.clone()),
        }
    }
    if files.len() != 1 || flags.chars().any(|c| !"fnvsq".contains(c)) {
        cx.err("BusyBox v1.36.1 (2023-06-02 00:42:02 UTC) multi-call binary.\n\nUsage: readlink [-fnv] FILE\n\nDisplay the value of a symlink\n\n\t-f\tCanonicalize by following all symlinks\n\t-n\tDon't add newline\n\t-v\tVerbose\n");
        return 1;
    }
    let file = &files[0];
    let abs = cx.abs(file);
    let fs = cx.host.fs();
    let target = if flags.contains('f') {
        let resolved = crate::path::resolve(&abs, true, &|p| fs.readlink(p).ok());
        // realpath: everything but the last component must exist as a directory.
        resolved.and_then(|r| {
            let parent = crate::path::dirname(&r);
            match fs.stat(&parent) {
                Ok(s) if s.is_dir => Ok(r),
                Ok(_) => Err(crate::FsError::NotADirectory),
                Err(e) => Err(e),
            }
        })
    } else {
        fs.readlink(&abs)
    };
    match target {
        Ok(t) => {
            let newline = if flags.contains('n') { "" } else { "\n" };
            cx.out(&format!("{t}{newline}"));
            0
        }
        Err(e) => {
            if flags.contains('v') {
                // xmalloc_readlink_or_warn words EINVAL so as not to puzzle.
                let why = match e {
                    crate::FsError::Invalid => "not a symlink",
                    e => crate::path::fs_error_text(e),
                };
                cx.err(&format!("readlink: {file}: cannot read link: {why}\n"));
            }
            1
        }
    }
}
