//! The session's files: manifests a script or the editor refers to with `kubectl apply -f PATH`.
//! The core never reads the OS filesystem; the CLI and the browser load files into this map.

use std::collections::BTreeMap;

/// Bound on the files one session holds.
pub const MAX_FILES: usize = 2_000;

#[derive(Debug, Default, Clone)]
pub struct Files {
    files: BTreeMap<String, String>,
}

fn normalize(path: &str) -> String {
    let p = path.trim_start_matches("./");
    p.trim_end_matches('/').to_string()
}

impl Files {
    /// Adds or replaces a file. Returns false when the bound is reached.
    pub fn add(&mut self, path: &str, content: &str) -> bool {
        if self.files.len() >= MAX_FILES && !self.files.contains_key(&normalize(path)) {
            return false;
        }
        self.files.insert(normalize(path), content.to_string());
        true
    }

    pub fn get(&self, path: &str) -> Option<&str> {
        self.files.get(&normalize(path)).map(String::as_str)
    }

    /// Whether `path` is a directory: the working directory, or a prefix of some file's path.
    pub fn is_dir(&self, path: &str) -> bool {
        let p = normalize(path);
        if p.is_empty() || p == "." {
            return true;
        }
        let prefix = format!("{p}/");
        self.files.range(prefix.clone()..).next().is_some_and(|(k, _)| k.starts_with(&prefix))
    }

    /// Every file's path (normalized: no `./`, no trailing `/`), sorted.
    pub fn paths(&self) -> impl Iterator<Item = &str> {
        self.files.keys().map(String::as_str)
    }

    /// A file, or the `.yaml`/`.yml`/`.json` files directly in a directory (sorted, as kubectl walks them).
    pub fn read_manifests(&self, path: &str) -> Result<Vec<(String, String)>, String> {
        let p = normalize(path);
        if let Some(c) = self.files.get(&p) {
            return Ok(vec![(path.to_string(), c.clone())]);
        }
        let prefix = if p.is_empty() || p == "." { String::new() } else { format!("{p}/") };
        let in_dir: Vec<(String, String)> = self
            .files
            .iter()
            .filter(|(k, _)| k.starts_with(&prefix) && !k[prefix.len()..].contains('/'))
            .filter(|(k, _)| k.ends_with(".yaml") || k.ends_with(".yml") || k.ends_with(".json"))
            .map(|(k, v)| (format!("{}{}", if path.ends_with('/') { path.to_string() } else if prefix.is_empty() { String::new() } else { format!("{path}/") }, &k[prefix.len()..]), v.clone()))
            .collect();
        let is_dir = self.files.keys().any(|k| k.starts_with(&prefix));
        if in_dir.is_empty() && !is_dir {
            return Err(format!("error: the path \"{path}\" does not exist"));
        }
        Ok(in_dir)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn files_and_directories() {
        let mut f = Files::default();
        f.add("todo-list/db/todo-db.yaml", "a");
        f.add("todo-list/db/secret.yaml", "b");
        f.add("todo-list/db/nested/x.yaml", "c");
        f.add("pi.yaml", "d");
        let d = f.read_manifests("todo-list/db/").unwrap();
        assert_eq!(d.iter().map(|x| x.0.as_str()).collect::<Vec<_>>(), vec!["todo-list/db/secret.yaml", "todo-list/db/todo-db.yaml"]);
        assert_eq!(f.read_manifests("pi.yaml").unwrap()[0].1, "d");
        assert_eq!(f.read_manifests("nope.yaml").unwrap_err(), "error: the path \"nope.yaml\" does not exist");
    }
}
