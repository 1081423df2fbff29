//! Tests of the root reducer: time, commands, the editor, going back in time, scenarios.

use super::*;

fn reduce(state: State, msgs: impl IntoIterator<Item = Msg>) -> Rc<State> {
    msgs.into_iter().fold(Rc::new(state), Reducible::reduce)
}

fn again(s: &Rc<State>, msgs: impl IntoIterator<Item = Msg>) -> Rc<State> {
    msgs.into_iter().fold(s.clone(), Reducible::reduce)
}

fn pod_status(s: &State, name: &str) -> Option<String> {
    s.view
        .all_pods()
        .find(|p| p.name == name)
        .map(|p| p.status.clone())
}

/// The starter tab (the seed's todo-db) applied, then two simulated minutes.
fn todo_db_running() -> Rc<State> {
    reduce(State::default(), [Msg::Apply, Msg::Jump(120_000)])
}

#[test]
fn starts_paused_at_the_default_instant_with_the_seed_yaml() {
    let s = State::default();
    assert_eq!(s.now_ms, START_MS);
    assert!(!s.playing);
    assert_eq!(s.speed, Speed::X1);
    assert_eq!(*s.entries, vec![Entry::Note(WELCOME.to_owned())]);
    assert_eq!(s.docs[0].name, "todo-db.yaml");
    assert!(s.docs[0].text.contains("kind: StatefulSet"));
    assert_eq!(s.view.nodes.len(), 3, "{:?}", s.view.nodes);
}

#[test]
fn ticks_do_nothing_while_paused() {
    let s0 = Rc::new(State::default());
    let s1 = Reducible::reduce(s0.clone(), Msg::Tick);
    assert!(
        Rc::ptr_eq(&s0, &s1),
        "a paused tick must not even re-render"
    );
}

#[test]
fn each_tick_advances_tick_ms_times_speed() {
    let s = reduce(State::default(), [Msg::TogglePlay, Msg::Tick, Msg::Tick]);
    assert_eq!(s.now_ms, START_MS + 200);
    let s = again(&s, [Msg::SetSpeed(Speed::X600), Msg::Tick]);
    assert_eq!(s.now_ms, START_MS + 200 + 60_000);
    let s = again(&s, [Msg::TogglePlay, Msg::Tick]);
    assert_eq!(s.now_ms, START_MS + 200 + 60_000);
    assert_eq!(s.session.steps, vec![Step::Advance { to_ms: s.now_ms }]);
}

#[test]
fn max_speed_goes_from_event_to_event_and_stops_when_nothing_is_left() {
    let s = reduce(
        State::default(),
        [Msg::Apply, Msg::SetSpeed(Speed::Max), Msg::TogglePlay],
    );
    let mut s = s;
    for _ in 0..200 {
        if !s.playing {
            break;
        }
        s = again(&s, [Msg::Tick]);
    }
    assert_eq!(pod_status(&s, "todo-db-1").as_deref(), Some("Running"));
    assert!(
        !s.playing,
        "the cluster went quiet, so Max paused by itself at {}",
        s.now_ms
    );
    assert_eq!(s.sim.borrow().next_event_ms(), None);
}

#[test]
fn step_goes_to_the_next_event() {
    let s = reduce(State::default(), [Msg::Apply]);
    let next = s
        .sim
        .borrow()
        .next_event_ms()
        .expect("something to do after an apply");
    let s = again(&s, [Msg::Step]);
    assert_eq!(s.now_ms, next);
}

#[test]
fn apply_runs_kubectl_apply_and_records_it() {
    let s = reduce(State::default(), [Msg::Apply]);
    let r = s.apply_result.as_ref().expect("a result");
    let lines: Vec<&str> = r.lines.iter().map(|(_, l)| l.as_str()).collect();
    assert_eq!(
        lines,
        [
            "secret/todo-db-secret created",
            "service/todo-db created",
            "statefulset.apps/todo-db created"
        ]
    );
    assert!(r.diagnostics.is_empty());
    assert!(
        matches!(&s.session.steps[0], Step::Run { text, .. } if text.starts_with("kubectl apply -f - <<'EOF'\n"))
    );
    assert!(matches!(s.entries.last(), Some(Entry::Output { .. })));
}

#[test]
fn apply_errors_are_marked_on_their_line() {
    let yaml = "apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: a\ndata:\n  k: v\nbogus: 1\n";
    let s = reduce(State::default(), [Msg::Edit(yaml.into()), Msg::Apply]);
    let r = s.apply_result.as_ref().expect("a result");
    assert_eq!(r.diagnostics.len(), 1, "{r:?}");
    assert_eq!(r.diagnostics[0].line, 7, "{r:?}");
    assert!(
        r.diagnostics[0].message.contains("unknown field \"bogus\""),
        "{r:?}"
    );
}

#[test]
fn tabs_open_select_and_close() {
    let s = reduce(
        State::default(),
        [Msg::NewDoc, Msg::Edit("kind: Pod".into())],
    );
    assert_eq!(s.docs.len(), 2);
    assert_eq!(s.active_doc, 1);
    assert_eq!(s.docs[1].text, "kind: Pod");
    let s = again(&s, [Msg::SelectDoc(0), Msg::CloseDoc(1)]);
    assert_eq!(s.docs.len(), 1);
    assert_eq!(s.active_doc, 0);
    let s = again(&s, [Msg::CloseDoc(0)]);
    assert_eq!(s.docs.len(), 1, "the last tab stays");
}

#[test]
fn seeking_back_shows_the_past_and_playing_on_re_enacts_it() {
    let s = reduce(
        State::default(),
        [Msg::Jump(10_000), Msg::Apply, Msg::Jump(120_000)],
    );
    let latest = s.view.clone();
    assert_eq!(pod_status(&s, "todo-db-1").as_deref(), Some("Running"));

    let past = again(&s, [Msg::Seek(START_MS + 5_000)]);
    assert!(past.in_past());
    assert_eq!(past.now_ms, START_MS + 5_000);
    assert!(
        pod_status(&past, "todo-db-0").is_none(),
        "nothing applied yet at +5s"
    );
    assert!(past
        .entries
        .iter()
        .all(|e| !matches!(e, Entry::Command { .. })));

    let replayed = again(&past, [Msg::Jump(125_000)]);
    assert!(!replayed.in_past());
    assert_eq!(replayed.now_ms, s.now_ms);
    assert_eq!(replayed.view, latest, "the same cluster, re-enacted");
    assert_eq!(
        replayed.session, s.session,
        "re-enacting does not rewrite history"
    );
}

#[test]
fn a_command_in_the_past_starts_a_new_future() {
    let s = todo_db_running();
    let s = again(
        &s,
        [
            Msg::Seek(START_MS + 1_000),
            Msg::Run("kubectl get pods".into()),
        ],
    );
    assert!(!s.in_past());
    assert_eq!(s.horizon_ms, START_MS + 1_000);
    assert_eq!(s.session.steps.len(), 3, "{:?}", s.session.steps);
}

#[test]
fn a_scenario_replays_to_the_identical_cluster() {
    let s = todo_db_running();
    let s = again(
        &s,
        [
            Msg::Run("kubectl delete pod todo-db-0".into()),
            Msg::Jump(30_000),
        ],
    );
    let scenario = s.scenario();
    let loaded = reduce(State::default(), [Msg::Load(Box::new(scenario.clone()))]);
    assert_eq!(loaded.now_ms, s.now_ms);
    assert_eq!(loaded.view, s.view);
    assert_eq!(loaded.sim.borrow().trace(), s.sim.borrow().trace());
    assert_eq!(loaded.docs, s.docs);
    // And what `kubeplay run` would do with the same script.
    let mut cli = Simulation::new(scenario.seed, scenario.start_ms);
    kubeplay_core::script::run(&mut cli, &scenario.script);
    assert_eq!(cli.trace(), s.sim.borrow().trace());
}

#[test]
fn a_scenario_from_the_past_ends_there() {
    let s = todo_db_running();
    let past = again(&s, [Msg::Seek(START_MS + 30_000)]);
    let loaded = reduce(State::default(), [Msg::Load(Box::new(past.scenario()))]);
    assert_eq!(loaded.now_ms, START_MS + 30_000);
    assert_eq!(loaded.view, past.view);
}

#[test]
fn selecting_shows_describe_and_why() {
    let s = todo_db_running();
    let sel = ObjRef::new("pod", "default", "todo-db-0");
    let s = again(&s, [Msg::Select(Some(sel))]);
    assert!(
        s.details
            .describe
            .starts_with("Name:             todo-db-0\n"),
        "{}",
        s.details.describe
    );
    let trace_before = s.sim.borrow().trace().len();
    let s = again(&s, [Msg::Select(None)]);
    assert_eq!(*s.details, Details::default());
    assert_eq!(
        s.sim.borrow().trace().len(),
        trace_before,
        "describing is not an input"
    );
    assert_eq!(s.session.steps.len(), 2);
}

#[test]
fn tours_start_on_a_fresh_cluster_with_their_tabs() {
    let s = todo_db_running();
    let s = again(&s, [Msg::StartTour(Some(2))]);
    assert_eq!(s.tour, Some(2));
    assert_eq!(s.now_ms, START_MS);
    assert!(s.session.steps.is_empty());
    assert_eq!(s.docs[0].name, "pi-job.yaml");
    let loaded = reduce(State::default(), [Msg::Load(Box::new(s.scenario()))]);
    assert_eq!(loaded.tour, Some(2), "a link or a reload keeps the guide");
    let s = again(&s, [Msg::StartTour(None)]);
    assert_eq!(s.tour, None);
    assert_eq!(s.scenario().guide, None);
}

#[test]
fn running_echoes_the_command_at_the_current_time() {
    let s = reduce(
        State::default(),
        [Msg::Jump(100), Msg::Run("kubectl get pods\n".into())],
    );
    let echoed = s.entries.iter().find_map(|e| match e {
        Entry::Command { text, at_ms } => Some((text.clone(), *at_ms)),
        _ => None,
    });
    assert_eq!(
        echoed,
        Some(("kubectl get pods".to_owned(), START_MS + 100))
    );
    assert_eq!(*s.history, vec!["kubectl get pods".to_owned()]);
}

#[test]
fn empty_lines_echo_but_are_not_history_or_session() {
    let s = reduce(State::default(), [Msg::Run("   ".into())]);
    assert!(matches!(s.entries.last(), Some(Entry::Command { .. })));
    assert!(s.history.is_empty());
    assert!(s.session.steps.is_empty());
}

#[test]
fn history_skips_consecutive_duplicates_and_is_bounded() {
    let runs = ["echo a", "echo a", "echo b", "echo a"].map(|t| Msg::Run(t.into()));
    let s = reduce(State::default(), runs);
    assert_eq!(*s.history, ["echo a", "echo b", "echo a"].map(String::from));
    let restored = (0..MAX_HISTORY + 10).map(|i| format!("echo {i}")).collect();
    let s = reduce(State::default(), [Msg::RestoreHistory(restored)]);
    assert_eq!(s.history.len(), MAX_HISTORY);
    assert_eq!(s.history.last().map(String::as_str), Some("echo 509"));
}

#[test]
fn clear_empties_the_console_but_keeps_history() {
    let s = reduce(
        State::default(),
        [Msg::Run("echo x".into()), Msg::ClearConsole],
    );
    assert!(s.entries.is_empty());
    assert_eq!(s.history.len(), 1);
}

#[test]
fn tab_completion_reads_the_cluster() {
    let s = todo_db_running();
    assert_eq!(s.complete("kubectl get po").candidates, ["pods"]);
    let c = s.complete("kubectl logs todo-db-");
    assert!(c.candidates.contains(&"todo-db-0".to_owned()), "{c:?}");
    assert_eq!(c.start, "kubectl logs ".len());
}

#[test]
fn a_long_console_sleep_moves_the_clock_a_day_per_tick_then_records_itself() {
    let day = 86_400_000;
    let s = reduce(
        State::default(),
        [Msg::Run("sleep 3d".into()), Msg::Run("echo after".into())],
    );
    assert_eq!(s.now_ms, START_MS, "nothing runs until the ticks come");
    assert!(s.sleeping.is_some());
    let s = again(&s, [Msg::Tick, Msg::Tick, Msg::Jump(day)]);
    assert_eq!(
        s.now_ms,
        START_MS + 2 * day,
        "a tick moves a day; a jump waits"
    );
    let s = again(&s, [Msg::Tick]);
    assert_eq!(s.now_ms, START_MS + 3 * day);
    assert!(s.sleeping.is_none());
    let echoed = s
        .entries
        .iter()
        .any(|e| matches!(e, Entry::Output { text, .. } if text == "after\n"));
    assert!(echoed, "the line typed meanwhile ran after the sleep");
    // Recorded as one command that took three days: a replay gets to the same instant.
    let (sim, ran) = s.session.replay(None);
    assert_eq!(sim.now_ms(), s.now_ms);
    assert_eq!(ran.len(), 2);
}

#[test]
fn a_sleep_within_a_tick_slice_runs_at_once() {
    let s = reduce(State::default(), [Msg::Run("sleep 2h".into())]);
    assert_eq!(s.now_ms, START_MS + 7_200_000);
    assert!(s.sleeping.is_none());
}
