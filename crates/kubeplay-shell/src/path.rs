//! Path arithmetic (normalising `..` and `.`, joining to the working directory) and the libc
//! wording of filesystem errors, shared by the shell and the applets.

use crate::FsError;

/// `p` made absolute against `cwd` and normalised (`a/./b/../c` → `/a/c`); never above `/`.
pub fn join(cwd: &str, p: &str) -> String {
    let full = if p.starts_with('/') {
        p.to_string()
    } else {
        format!("{cwd}/{p}")
    };
    normalize(&full)
}

pub fn normalize(p: &str) -> String {
    let mut parts: Vec<&str> = Vec::new();
    for seg in p.split('/') {
        match seg {
            "" | "." => {}
            ".." => {
                parts.pop();
            }
            s => parts.push(s),
        }
    }
    if parts.is_empty() {
        "/".to_string()
    } else {
        format!("/{}", parts.join("/"))
    }
}

/// The last component, as `basename` prints it.
pub fn basename(p: &str) -> String {
    let t = p.trim_end_matches('/');
    if t.is_empty() {
        return if p.is_empty() {
            String::new()
        } else {
            "/".to_string()
        };
    }
    t.rsplit('/').next().unwrap_or(t).to_string()
}

/// Everything before the last component, as `dirname` prints it.
pub fn dirname(p: &str) -> String {
    let t = p.trim_end_matches('/');
    if t.is_empty() {
        return if p.starts_with('/') {
            "/".to_string()
        } else {
            ".".to_string()
        };
    }
    match t.rfind('/') {
        None => ".".to_string(),
        Some(i) => {
            let d = t[..i].trim_end_matches('/');
            if d.is_empty() {
                "/".to_string()
            } else {
                d.to_string()
            }
        }
    }
}

/// Most symlinks one lookup follows before it fails with ELOOP (the kernel's MAXSYMLINKS).
pub const MAX_SYMLINKS: usize = 40;

/// `path` (absolute) with the symlinks along it replaced by their targets, as the kernel's path
/// walk does: a relative target continues from the link's directory, an absolute one from `/`,
/// and `..` after a link climbs from where the link led. The last component is followed only when
/// `follow_last`. `link(p)` is the target of the symlink at the already-resolved absolute path
/// `p`, or None when `p` is not a symlink (or does not exist).
pub fn resolve(
    path: &str,
    follow_last: bool,
    link: &dyn Fn(&str) -> Option<String>,
) -> Result<String, FsError> {
    // Components still to walk, the next one last.
    let mut todo: Vec<String> = path.split('/').rev().map(str::to_string).collect();
    let mut done: Vec<String> = Vec::new();
    let mut hops = 0;
    while let Some(c) = todo.pop() {
        match c.as_str() {
            "" | "." => continue,
            ".." => {
                done.pop();
                continue;
            }
            _ => {}
        }
        let last = todo.iter().all(|t| t.is_empty() || t == ".");
        let candidate: String = done
            .iter()
            .chain([&c])
            .flat_map(|d| ["/", d.as_str()])
            .collect();
        let target = if last && !follow_last {
            None
        } else {
            link(&candidate)
        };
        match target {
            None => done.push(c),
            Some(t) => {
                hops += 1;
                if hops > MAX_SYMLINKS {
                    return Err(FsError::Loop);
                }
                if t.starts_with('/') {
                    done.clear();
                }
                todo.extend(t.split('/').rev().map(str::to_string));
            }
        }
    }
    Ok(format!("/{}", done.join("/")))
}

/// strerror() text for an Fs error, as busybox prints it after `can't open 'x': `.
pub fn fs_error_text(e: FsError) -> &'static str {
    match e {
        FsError::NotFound => "No such file or directory",
        FsError::NotADirectory => "Not a directory",
        FsError::IsADirectory => "Is a directory",
        FsError::NotEmpty => "Directory not empty",
        FsError::ReadOnly => "Read-only file system",
        FsError::PermissionDenied => "Permission denied",
        FsError::Exists => "File exists",
        FsError::NoSpace => "No space left on device",
        FsError::Loop => "Symbolic link loop",
        FsError::Invalid => "Invalid argument",
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn joins_and_normalises() {
        assert_eq!(join("/", "a/./b/../c"), "/a/c");
        assert_eq!(join("/x", "/../y/"), "/y");
        assert_eq!(join("/x", ".."), "/");
    }

    #[test]
    fn resolve_follows_links_like_the_kernel() {
        let links = |p: &str| match p {
            "/v/key" => Some("..data/key".to_string()),
            "/v/..data" => Some("..2025_01_01_00_00_00.1".to_string()),
            "/v/abs" => Some("/etc".to_string()),
            "/v/up" => Some("../x".to_string()),
            "/loop" => Some("/loop".to_string()),
            _ => None,
        };
        assert_eq!(
            resolve("/v/key", true, &links).unwrap(),
            "/v/..2025_01_01_00_00_00.1/key"
        );
        assert_eq!(resolve("/v/key", false, &links).unwrap(), "/v/key");
        assert_eq!(
            resolve("/v/..data/key", false, &links).unwrap(),
            "/v/..2025_01_01_00_00_00.1/key"
        );
        assert_eq!(resolve("/v/abs/hosts", true, &links).unwrap(), "/etc/hosts");
        assert_eq!(resolve("/v/up/y", true, &links).unwrap(), "/x/y");
        assert_eq!(resolve("/", true, &links).unwrap(), "/");
        assert_eq!(resolve("/loop", true, &links), Err(FsError::Loop));
    }

    #[test]
    fn basename_and_dirname_follow_coreutils() {
        assert_eq!(basename("/a/b.sh"), "b.sh");
        assert_eq!(basename("/a/b/"), "b");
        assert_eq!(basename("/"), "/");
        assert_eq!(dirname("/a/b.sh"), "/a");
        assert_eq!(dirname("b.sh"), ".");
        assert_eq!(dirname("/b"), "/");
    }
}
