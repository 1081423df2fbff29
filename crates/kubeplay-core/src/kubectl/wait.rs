//! `kubectl wait` and `kubectl rollout status`: both advance the virtual clock, event by event,
//! until the condition holds or the timeout passes, as waiting at a real terminal would.

use super::flags::{flag, switch, FlagSpec};
use super::resources::targets;
use super::Ctx;
use crate::api::{ObjKey, Object};
use crate::clock::SimTime;
use crate::selector::Selector;
use serde_json::Value;

pub const WAIT_FLAGS: &[FlagSpec] = &[flag("for", None), flag("timeout", None), flag("selector", Some('l')), switch("all", None), multi_f()];
pub const ROLLOUT_STATUS_FLAGS: &[FlagSpec] = &[flag("timeout", None), switch("watch", Some('w')), flag("revision", None)];

const fn multi_f() -> FlagSpec {
    super::flags::multi("filename", Some('f'))
}

/// `rollout status` waits "forever" by default; kubeplay stops after a simulated day.
const FOREVER_MS: i64 = 86_400_000;

/// `kubectl wait --timeout`: zero checks once without waiting, a negative value waits a week.
const WAIT_NEGATIVE_MS: i64 = 7 * 86_400_000;

/// `--timeout` in milliseconds: a Go duration (pflag's DurationVar: `30s`, `2m`, `1h30m`; a bare
/// number other than 0 is refused for its missing unit), or pflag's error for `command`.
/// `wait` (zero_is_forever false): 0 checks once, negative waits a week. `rollout status`
/// (zero_is_forever true): 0 waits forever, and so does a negative value (ContextWithOptionalTimeout
/// treats it as 0); kubeplay's forever is a simulated day.
fn timeout_ms(s: Option<&str>, default_ms: i64, command: &str, zero_is_forever: bool) -> Result<i64, String> {
    let Some(t) = s else { return Ok(default_ms) };
    let ns = kubeplay_cron::go_parse_duration(t).map_err(|e| format!("error: invalid argument \"{t}\" for \"--timeout\" flag: {e}\nSee 'kubectl {command} --help' for usage."))?;
    let ms = ns / 1_000_000;
    Ok(match (ns, zero_is_forever) {
        (..=0, true) => FOREVER_MS,
        (0, false) => 0,
        (..0, false) => WAIT_NEGATIVE_MS,
        _ => ms,
    })
}

/// Advances until `done` holds or `deadline` passes; true if it held.
pub(crate) fn advance_until(ctx: &mut Ctx, deadline: SimTime, mut done: impl FnMut(&Ctx) -> bool) -> bool {
    loop {
        if done(ctx) {
            return true;
        }
        let next = ctx.sim.cluster.queue.next_time().filter(|t| *t <= deadline);
        let target = next.unwrap_or(deadline);
        if ctx.sim.advance_to(target).is_err() || (next.is_none() && ctx.sim.cluster.now >= deadline) {
            return done(ctx);
        }
    }
}

enum WaitFor {
    Condition(String, String),
    Delete,
    JsonPath(String, Option<String>),
}

fn parse_for(s: &str) -> Result<WaitFor, String> {
    if s == "delete" {
        return Ok(WaitFor::Delete);
    }
    if let Some(c) = s.strip_prefix("condition=") {
        let (name, value) = c.split_once('=').unwrap_or((c, "true"));
        return Ok(WaitFor::Condition(name.to_string(), value.to_string()));
    }
    if let Some(j) = s.strip_prefix("jsonpath=") {
        let (path, value) = match j.rfind("}=") {
            Some(i) => (j[..=i].to_string(), Some(j[i + 2..].to_string())),
            None => (j.to_string(), None),
        };
        return Ok(WaitFor::JsonPath(path, value));
    }
    Err(format!("error: unrecognized condition: \"{s}\""))
}

fn holds(obj: Option<&Object>, w: &WaitFor) -> bool {
    let Some(o) = obj else { return matches!(w, WaitFor::Delete) };
    let v = o.to_value();
    match w {
        WaitFor::Delete => false,
        WaitFor::Condition(name, want) => v
            .pointer("/status/conditions")
            .and_then(Value::as_array)
            .into_iter()
            .flatten()
            .any(|c| c["type"].as_str().is_some_and(|t| t.eq_ignore_ascii_case(name)) && c["status"].as_str().is_some_and(|s| s.eq_ignore_ascii_case(want))),
        WaitFor::JsonPath(path, want) => match super::jsonpath::evaluate(path, &v) {
            Ok(got) => want.as_ref().map_or(!got.is_empty(), |w| &got == w),
            Err(_) => false,
        },
    }
}

pub fn wait(ctx: &mut Ctx) {
    // pflag reads --timeout with the command line, before --for is looked at.
    let timeout = match timeout_ms(ctx.p.get("timeout"), 30_000, "wait", false) {
        Ok(t) => t,
        Err(e) => return ctx.fail(e),
    };
    let Some(for_s) = ctx.p.get("for").map(str::to_string) else {
        return ctx.fail("error: --for must be specified");
    };
    let cond = match parse_for(&for_s) {
        Ok(c) => c,
        Err(e) => return ctx.fail(e),
    };
    let keys = match wait_keys(ctx) {
        Ok(k) => k,
        Err(e) => return ctx.fail(e),
    };
    let deadline = ctx.sim.cluster.now.plus_ms(timeout);
    for key in keys {
        let met = advance_until(ctx, deadline, |c| holds(c.sim.cluster.get(&key), &cond));
        let res = format!("{}/{}", key.kind.resource_singular_group(), key.name);
        if met {
            let word = if matches!(cond, WaitFor::Delete) { "deleted" } else { "condition met" };
            ctx.out.out(format!("{res} {word}\n"));
        } else {
            // The resource's plural alone (Mapping.Resource.Resource), without its group.
            ctx.fail(format!("error: timed out waiting for the condition on {}/{}", key.kind.info().plural, key.name));
        }
    }
}

fn wait_keys(ctx: &Ctx) -> Result<Vec<ObjKey>, String> {
    let ts = targets(&ctx.p.args)?;
    let selector = ctx.p.get("selector").map(Selector::parse).transpose().map_err(|e| format!("error: {e}"))?;
    let mut keys = Vec::new();
    for t in ts {
        match t.name {
            Some(n) => {
                let key = ObjKey::new(t.kind, &ctx.namespace, &n);
                if ctx.sim.cluster.get(&key).is_none() {
                    return Err(crate::api::errors::ApiError::not_found(t.kind, &n).render(None));
                }
                keys.push(key);
            }
            None => keys.extend(
                ctx.sim.cluster.store.list(t.kind, Some(&ctx.namespace)).filter(|o| selector.as_ref().is_none_or(|s| s.matches(o.labels()))).map(Object::key),
            ),
        }
    }
    if keys.is_empty() {
        return Err("error: no matching resources found".into());
    }
    Ok(keys)
}

/// `kubectl rollout status TYPE/NAME`: the rollout status viewer, run on every change until done.
pub(crate) fn rollout_status(ctx: &mut Ctx, args: &[String]) {
    // pflag parses --revision with the command line; Validate checks its sign before the lookup.
    let revision = match ctx.p.get("revision").map(|r| (r, r.parse::<i64>())) {
        None => 0,
        Some((_, Ok(r))) => r,
        Some((r, Err(_))) => {
            return ctx.fail(format!("error: invalid argument \"{r}\" for \"--revision\" flag: strconv.ParseInt: parsing \"{r}\": invalid syntax\nSee 'kubectl rollout status --help' for usage."))
        }
    };
    // pflag reads --timeout with the command line, before the resource is looked at.
    let timeout = match timeout_ms(ctx.p.get("timeout"), FOREVER_MS, "rollout status", true) {
        Ok(t) => t,
        Err(e) => return ctx.fail(e),
    };
    let ts = match targets(args) {
        Ok(t) => t,
        Err(e) => return ctx.fail(e),
    };
    let Some(t) = ts.into_iter().next().filter(|t| t.name.is_some()) else {
        return ctx.fail("error: required resource not specified");
    };
    if revision < 0 {
        return ctx.fail(format!("error: revision must be a positive integer: {revision}"));
    }
    let key = ObjKey::new(t.kind, &ctx.namespace, t.name.as_deref().unwrap_or(""));
    if ctx.sim.cluster.get(&key).is_none() {
        return ctx.fail(crate::api::errors::ApiError::not_found(t.kind, &key.name).render(None));
    }
    let watch = match ctx.p.go_bool("watch", true, "rollout status") {
        Ok(w) => w,
        Err(e) => return ctx.fail(e),
    };
    if !watch {
        // --watch=false: the viewer's message for the object as it is now, and exit 0 even when
        // the rollout is not done.
        let status = ctx.sim.cluster.get(&key).map(|o| status_line(o, revision));
        match status {
            Some(Ok((msg, _))) => ctx.out.out(format!("{msg}\n")),
            Some(Err(e)) => ctx.fail(e),
            None => {}
        }
        return;
    }
    let deadline = ctx.sim.cluster.now.plus_ms(timeout);
    // Like kubectl's watch (UntilWithSync): the viewer runs on the initial object and on every
    // modification, printing its message each time. kubeplay sees the object once per simulated
    // instant, so several writes at one instant print one line.
    let mut lines: Vec<String> = Vec::new();
    let mut seen_rv: Option<String> = None;
    let mut error = None;
    let done = advance_until(ctx, deadline, |c| {
        let Some(o) = c.sim.cluster.get(&key) else {
            error = Some("error: object has been deleted".to_string());
            return true;
        };
        if seen_rv.is_some() && seen_rv == o.meta().resource_version {
            return false;
        }
        seen_rv = o.meta().resource_version.clone();
        match status_line(o, revision) {
            Ok((msg, done)) => {
                lines.push(msg);
                done
            }
            Err(e) => {
                error = Some(e);
                true
            }
        }
    });
    for l in lines {
        ctx.out.out(format!("{l}\n"));
    }
    if let Some(e) = error {
        return ctx.fail(e);
    }
    if !done {
        ctx.fail("error: timed out waiting for the condition");
    }
}

/// The rollout status viewer's message and whether the rollout is done (ROLLOUT in the reference).
fn status_line(o: &Object, revision: i64) -> Result<(String, bool), String> {
    match o {
        Object::StatefulSet(s) => {
            let spec = s.spec.clone().unwrap_or_default();
            let st = s.status.clone().unwrap_or_default();
            let strategy = spec.update_strategy.clone().unwrap_or_default();
            if strategy.type_.as_deref() != Some("RollingUpdate") {
                return Err("error: rollout status is only available for RollingUpdate strategy type".into());
            }
            let replicas = spec.replicas.unwrap_or(1);
            if st.observed_generation.unwrap_or(0) == 0 || s.metadata.generation.unwrap_or(0) > st.observed_generation.unwrap_or(0) {
                return Ok(("Waiting for statefulset spec update to be observed...".into(), false));
            }
            let ready = st.ready_replicas.unwrap_or(0);
            if ready < replicas {
                return Ok((format!("Waiting for {} pods to be ready...", replicas - ready), false));
            }
            let partition = strategy.rolling_update.and_then(|r| r.partition).unwrap_or(0);
            let updated = st.updated_replicas.unwrap_or(0);
            if updated < replicas - partition {
                return Ok((format!("Waiting for partitioned roll out to finish: {} out of {} new pods have been updated...", updated, replicas - partition), false));
            }
            Ok((format!("partitioned roll out complete: {updated} new pods have been updated..."), true))
        }
        Object::Deployment(d) => {
            // DeploymentStatusViewer.Status (polymorphichelpers/rollout_status.go).
            let spec = d.spec.clone().unwrap_or_default();
            let st = d.status.clone().unwrap_or_default();
            let name = d.metadata.name.clone().unwrap_or_default();
            if revision > 0 {
                // deploymentutil.Revision: the annotation, 0 when absent.
                let text = d.metadata.annotations.as_ref().and_then(|a| a.get("deployment.kubernetes.io/revision"));
                match text.map_or(Ok(0), |r| r.parse::<i64>()) {
                    Ok(r) if r != revision => return Err(format!("error: desired revision ({revision}) is different from the running revision ({r})")),
                    Ok(_) => {}
                    Err(_) => {
                        let q = crate::api::errors::go_quote(text.map_or("", String::as_str));
                        return Err(format!("error: cannot get the revision of deployment \"{name}\": strconv.ParseInt: parsing {q}: invalid syntax"));
                    }
                }
            }
            if d.metadata.generation.unwrap_or(0) > st.observed_generation.unwrap_or(0) {
                return Ok(("Waiting for deployment spec update to be observed...".into(), false));
            }
            let timed_out = st.conditions.iter().flatten().any(|c| c.type_ == "Progressing" && c.reason.as_deref() == Some("ProgressDeadlineExceeded"));
            if timed_out {
                return Err(format!("error: deployment \"{name}\" exceeded its progress deadline"));
            }
            let updated = st.updated_replicas.unwrap_or(0);
            if let Some(replicas) = spec.replicas {
                if updated < replicas {
                    return Ok((format!("Waiting for deployment \"{name}\" rollout to finish: {updated} out of {replicas} new replicas have been updated..."), false));
                }
            }
            if st.replicas.unwrap_or(0) > updated {
                return Ok((format!("Waiting for deployment \"{name}\" rollout to finish: {} old replicas are pending termination...", st.replicas.unwrap_or(0) - updated), false));
            }
            let available = st.available_replicas.unwrap_or(0);
            if available < updated {
                return Ok((format!("Waiting for deployment \"{name}\" rollout to finish: {available} of {updated} updated replicas are available..."), false));
            }
            Ok((format!("deployment \"{name}\" successfully rolled out"), true))
        }
        Object::DaemonSet(d) => {
            // DaemonSetStatusViewer.Status.
            let st = d.status.clone().unwrap_or_default();
            let name = d.metadata.name.clone().unwrap_or_default();
            if d.spec.as_ref().and_then(|s| s.update_strategy.as_ref()).and_then(|u| u.type_.as_deref()) != Some("RollingUpdate") {
                return Err("error: rollout status is only available for RollingUpdate strategy type".into());
            }
            if d.metadata.generation.unwrap_or(0) > st.observed_generation.unwrap_or(0) {
                return Ok(("Waiting for daemon set spec update to be observed...".into(), false));
            }
            let (updated, desired, available) = (st.updated_number_scheduled.unwrap_or(0), st.desired_number_scheduled, st.number_available.unwrap_or(0));
            if updated < desired {
                return Ok((format!("Waiting for daemon set \"{name}\" rollout to finish: {updated} out of {desired} new pods have been updated..."), false));
            }
            if available < desired {
                return Ok((format!("Waiting for daemon set \"{name}\" rollout to finish: {available} of {desired} updated pods are available..."), false));
            }
            Ok((format!("daemon set \"{name}\" successfully rolled out"), true))
        }
        other => Err(format!("error: no status viewer has been implemented for {}", other.kind().info().name)),
    }
}

