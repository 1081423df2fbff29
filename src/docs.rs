//! The editor's documents (tabs of YAML) and the `kubectl apply` command an Apply runs.

use crate::diagnostics::Diagnostic;

/// Tabs kept at most, and the size of one document (the apiserver's own request limit is 3 MiB;
/// kubectl's stream reader stops at 1 MiB, as ours does).
pub const MAX_DOCS: usize = 12;

/// One editor tab.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Doc {
    pub name: String,
    pub text: String,
}

/// What the last Apply of a tab printed, and where its errors belong.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct ApplyResult {
    /// Index of the tab that was applied.
    pub doc: usize,
    /// kubectl's output lines, stderr ones flagged.
    pub lines: Vec<(bool, String)>,
    pub diagnostics: Vec<Diagnostic>,
}

/// The script line an Apply runs: the tab's text as a quoted heredoc, exactly what a learner
/// would type in a terminal. The delimiter is `EOF` unless the text has such a line itself.
pub fn apply_command(text: &str) -> String {
    let mut delim = "EOF".to_owned();
    let mut n = 0;
    while text.lines().any(|l| l == delim) {
        n += 1;
        delim = format!("EOF{n}");
    }
    let body = text.trim_end_matches('\n');
    format!("kubectl apply -f - <<'{delim}'\n{body}\n{delim}")
}

/// A name for a new tab that no other tab has: `untitled.yaml`, `untitled-2.yaml`, …
pub fn fresh_name(docs: &[Doc]) -> String {
    (1..)
        .map(|i| match i {
            1 => "untitled.yaml".to_owned(),
            i => format!("untitled-{i}.yaml"),
        })
        .find(|n| docs.iter().all(|d| &d.name != n))
        .unwrap_or_default()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn apply_runs_a_quoted_heredoc() {
        assert_eq!(
            apply_command("kind: Pod\n\n"),
            "kubectl apply -f - <<'EOF'\nkind: Pod\nEOF"
        );
        assert!(apply_command("a: |\n  EOF\nEOF\n").ends_with("\nEOF1"));
    }

    #[test]
    fn the_heredoc_is_one_complete_command() {
        let cmd = apply_command("metadata:\n  name: \"it's\"\n");
        assert!(kubeplay_core::script::is_complete(&cmd));
    }

    #[test]
    fn new_tabs_get_unused_names() {
        let doc = |n: &str| Doc {
            name: n.into(),
            text: String::new(),
        };
        assert_eq!(fresh_name(&[]), "untitled.yaml");
        assert_eq!(
            fresh_name(&[doc("untitled.yaml"), doc("untitled-2.yaml")]),
            "untitled-3.yaml"
        );
    }
}
