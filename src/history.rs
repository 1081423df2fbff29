//! Shell-style command history recall (↑/↓) for the console, as pure logic.

/// Where the user is while walking back through history with ↑/↓.
///
/// Like bash: ↑ from a half-typed line keeps that draft, ↓ past the newest entry brings it back.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Recall {
    /// Index into the history being shown, `None` while editing the draft.
    pos: Option<usize>,
    /// What was in the input before the first ↑.
    draft: String,
}

impl Recall {
    /// ↑: the previous (older) entry, or `None` when there is nothing older to show.
    pub fn older(&mut self, history: &[String], current: &str) -> Option<String> {
        let pos = match self.pos {
            None if history.is_empty() => return None,
            None => {
                self.draft = current.to_owned();
                history.len() - 1
            }
            Some(0) => return None,
            Some(p) => p - 1,
        };
        self.pos = Some(pos);
        history.get(pos).cloned()
    }

    /// ↓: the next (newer) entry, then the draft; `None` when already on the draft.
    pub fn newer(&mut self, history: &[String]) -> Option<String> {
        let pos = self.pos?;
        if pos + 1 < history.len() {
            self.pos = Some(pos + 1);
            return history.get(pos + 1).cloned();
        }
        self.pos = None;
        Some(std::mem::take(&mut self.draft))
    }

    /// Forgets the walk, e.g. after a command was run or the user typed.
    pub fn reset(&mut self) {
        *self = Recall::default();
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn h(items: &[&str]) -> Vec<String> {
        items.iter().map(|s| s.to_string()).collect()
    }

    #[test]
    fn up_walks_back_and_stops_at_the_oldest() {
        let hist = h(&["a", "b", "c"]);
        let mut r = Recall::default();
        assert_eq!(r.older(&hist, "").as_deref(), Some("c"));
        assert_eq!(r.older(&hist, "c").as_deref(), Some("b"));
        assert_eq!(r.older(&hist, "b").as_deref(), Some("a"));
        assert_eq!(r.older(&hist, "a"), None);
    }

    #[test]
    fn down_returns_to_the_draft_then_does_nothing() {
        let hist = h(&["a", "b"]);
        let mut r = Recall::default();
        r.older(&hist, "half typed");
        r.older(&hist, "b");
        assert_eq!(r.newer(&hist).as_deref(), Some("b"));
        assert_eq!(r.newer(&hist).as_deref(), Some("half typed"));
        assert_eq!(r.newer(&hist), None);
    }

    #[test]
    fn empty_history_recalls_nothing() {
        let mut r = Recall::default();
        assert_eq!(r.older(&[], "x"), None);
        assert_eq!(r.newer(&[]), None);
    }

    #[test]
    fn reset_starts_from_the_newest_again() {
        let hist = h(&["a", "b"]);
        let mut r = Recall::default();
        r.older(&hist, "");
        r.older(&hist, "");
        r.reset();
        assert_eq!(r.older(&hist, "").as_deref(), Some("b"));
    }
}
