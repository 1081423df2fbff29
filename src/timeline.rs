//! The timeline's items: what the user ran, the Events the cluster recorded, and the
//! controllers' explanations (the trace's `why` lines), each at its simulated time.

use kubeplay_core::api::{Kind, Object};
use kubeplay_core::Simulation;

use crate::session::{Session, Step};

/// Items kept for the timeline; older ones drop off (a year of CronJob runs is bounded).
pub const MAX_ITEMS: usize = 400;

#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum ItemKind {
    Command,
    Normal,
    Warning,
    Why,
}

impl ItemKind {
    pub fn class(self) -> &'static str {
        match self {
            ItemKind::Command => "command",
            ItemKind::Normal => "normal",
            ItemKind::Warning => "warning",
            ItemKind::Why => "why",
        }
    }
}

/// One mark on the time axis.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Item {
    pub at_ms: i64,
    pub kind: ItemKind,
    /// `pod/todo-db-0`, or the command's first line.
    pub subject: String,
    /// `Scheduled: Successfully assigned …`, or empty for a command.
    pub text: String,
}

/// Every item up to the simulation's now, oldest first, at most [`MAX_ITEMS`] (the newest).
pub fn items(sim: &Simulation, session: &Session) -> Vec<Item> {
    let mut out = Vec::new();
    commands(session, sim.now_ms(), &mut out);
    events(sim, &mut out);
    explanations(sim, session.start_ms, &mut out);
    out.sort_by_key(|i| (i.at_ms, i.kind));
    let excess = out.len().saturating_sub(MAX_ITEMS);
    out.drain(..excess);
    out
}

fn commands(session: &Session, now: i64, out: &mut Vec<Item>) {
    for step in &session.steps {
        if let Step::Run { at_ms, text, .. } = step {
            if *at_ms <= now {
                let first = text.lines().next().unwrap_or_default();
                out.push(Item {
                    at_ms: *at_ms,
                    kind: ItemKind::Command,
                    subject: first.to_owned(),
                    text: String::new(),
                });
            }
        }
    }
}

/// Kubernetes Event objects, at their last occurrence (the apiserver keeps one per series).
/// Those of the cluster's boot, before the session began, are left out.
fn events(sim: &Simulation, out: &mut Vec<Item>) {
    let began = sim.cluster().start.ms();
    for o in sim.cluster().store.list(Kind::Event, None) {
        let Object::Event(e) = o else { continue };
        let Some(at) = e.last_timestamp.as_ref().or(e.first_timestamp.as_ref()) else {
            continue;
        };
        if at.0.as_millisecond() < began {
            continue;
        }
        let kind = if e.type_.as_deref() == Some("Warning") {
            ItemKind::Warning
        } else {
            ItemKind::Normal
        };
        let involved = &e.involved_object;
        let what = involved.kind.as_deref().unwrap_or_default().to_lowercase();
        let count = e
            .count
            .filter(|&c| c > 1)
            .map(|c| format!(" (×{c})"))
            .unwrap_or_default();
        out.push(Item {
            at_ms: at.0.as_millisecond(),
            kind,
            subject: format!("{what}/{}", involved.name.as_deref().unwrap_or_default()),
            text: format!(
                "{}: {}{count}",
                e.reason.as_deref().unwrap_or_default(),
                e.message.as_deref().unwrap_or_default()
            ),
        });
    }
}

/// Trace lines `000000012000 why pod/default/web-0 waiting for …`: only the first line of each
/// run of identical explanations (a controller repeats itself on every resync).
fn explanations(sim: &Simulation, start_ms: i64, out: &mut Vec<Item>) {
    let mut last: std::collections::BTreeMap<&str, &str> = Default::default();
    for line in sim.trace() {
        let Some((offset, rest)) = line.split_once(' ') else {
            continue;
        };
        let Some(rest) = rest.strip_prefix("why ") else {
            continue;
        };
        let Some((subject, text)) = rest.split_once(' ') else {
            continue;
        };
        if last.insert(subject, text) == Some(text) {
            continue;
        }
        let Ok(offset) = offset.parse::<i64>() else {
            continue;
        };
        out.push(Item {
            at_ms: start_ms + offset,
            kind: ItemKind::Why,
            subject: short_subject(subject),
            text: text.to_owned(),
        });
    }
}

/// `pod/default/web-0` → `pod/web-0` (the namespace is nearly always `default` here).
fn short_subject(s: &str) -> String {
    match s.split('/').collect::<Vec<_>>().as_slice() {
        [kind, "default", name] => format!("{kind}/{name}"),
        [kind, ns, name] => format!("{kind}/{name} -n {ns}"),
        _ => s.to_owned(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const START: i64 = 1_735_689_600_000;

    #[test]
    fn commands_events_and_explanations_in_time_order() {
        let mut session = Session::new(1, START);
        let mut sim = session.fresh();
        let text = "kubectl create job hello --image=busybox -- echo hi";
        sim.run_script(text);
        session.record_run(START, sim.now_ms(), text.into());
        sim.advance(60_000);
        session.record_advance(sim.now_ms());
        let items = items(&sim, &session);
        assert_eq!(items[0].kind, ItemKind::Command);
        assert!(items.windows(2).all(|w| w[0].at_ms <= w[1].at_ms));
        let created = items.iter().find(|i| {
            i.subject == "job/hello" && i.text.starts_with("SuccessfulCreate: Created pod: hello-")
        });
        assert!(created.is_some(), "{items:#?}");
        assert!(
            items
                .iter()
                .any(|i| i.text.starts_with("Completed: Job completed")),
            "{items:#?}"
        );
        assert!(items
            .iter()
            .any(|i| i.kind == ItemKind::Normal && i.text.starts_with("Scheduled: ")));
    }

    #[test]
    fn subjects_drop_the_default_namespace() {
        assert_eq!(short_subject("pod/default/web-0"), "pod/web-0");
        assert_eq!(short_subject("pod/kube-system/x"), "pod/x -n kube-system");
    }
}
