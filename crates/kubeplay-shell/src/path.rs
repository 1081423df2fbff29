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
    fn basename_and_dirname_follow_coreutils() {
        assert_eq!(basename("/a/b.sh"), "b.sh");
        assert_eq!(basename("/a/b/"), "b");
        assert_eq!(basename("/"), "/");
        assert_eq!(dirname("/a/b.sh"), "/a");
        assert_eq!(dirname("b.sh"), ".");
        assert_eq!(dirname("/b"), "/");
    }
}
