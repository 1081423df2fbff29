//! The files a script reads (`-f PATH` and kubectl's other file flags, `< FILE`, `>> FILE`, the
//! file operands of `grep`, `cat`, `wc`, …; see `kubeplay_core::script::referenced_files`), read
//! from the working directory as bash would resolve them: what `kubeplay run SCRIPT` loads into
//! the session and what `kubeplay share` packs.

use std::path::Path;

/// Bound on files loaded for one script, and on their total size.
const MAX_LOADED_BYTES: u64 = 16 << 20;

/// Bound on how deep a `-f DIR` is walked (kubectl reads only the top level; the rest is for
/// `-R`-style layouts and costs nothing when absent).
const MAX_DEPTH: usize = 8;

/// (path as the script would name it, content) for every file and directory the script reads, in
/// the order the script names them, directories walked in sorted order, each file once.
/// Unreadable paths are skipped: the run itself then reports them as kubectl or bash would.
pub fn referenced(text: &str) -> Vec<(String, String)> {
    let mut out = Vec::new();
    let mut budget = MAX_LOADED_BYTES;
    for p in kubeplay_core::script::referenced_files(text) {
        load_path(Path::new(&p), &p, &mut budget, 0, &mut out);
    }
    out
}

fn load_path(path: &Path, name: &str, budget: &mut u64, depth: usize, out: &mut Vec<(String, String)>) {
    if depth > MAX_DEPTH {
        return;
    }
    if path.is_dir() {
        let Ok(rd) = std::fs::read_dir(path) else { return };
        let mut entries: Vec<_> = rd.flatten().map(|e| e.path()).collect();
        entries.sort();
        for e in entries {
            let child = format!("{}/{}", name.trim_end_matches('/'), e.file_name().map(|f| f.to_string_lossy().into_owned()).unwrap_or_default());
            load_path(&e, &child, budget, depth + 1, out);
        }
    } else if out.iter().any(|(n, _)| n == name) {
        // Named twice (a directory's file, and the same file for `grep`): loaded once.
    } else if let Ok(meta) = path.metadata() {
        if meta.len() <= *budget {
            if let Ok(content) = std::fs::read_to_string(path) {
                *budget -= meta.len();
                out.push((name.to_string(), content));
            }
        }
    }
}
