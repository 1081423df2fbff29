//! Jobs (a completions bar: succeeded, failed, active against the target) and CronJobs (schedule
//! in words, next runs, and the Jobs they own).

use yew::prelude::*;

use super::cards::pod_row;
use super::workloads::group_head;
use super::{more_line, Ctx};
use crate::time::UtcParts;
use crate::view::{CronJobView, JobView, ObjRef};

pub fn job(ctx: &Ctx, j: &JobView) -> Html {
    let r = ObjRef::new("job", &j.namespace, &j.name);
    let summary = html! {
        <>
            <span class={classes!("badge", format!("job-{}", j.status.to_ascii_lowercase()))}>{&j.status}</span>
            <span class="ready-count" title="COMPLETIONS">{&j.completions_text}</span>
        </>
    };
    html! {
        <div key={j.uid.clone()} class="group job" data-testid="job" data-name={j.name.clone()}
            data-status={j.status.clone()}>
            {group_head(ctx, r, summary)}
            {completions_bar(j)}
            {pod_row(ctx, &j.pods)}
        </div>
    }
}

/// Segments for succeeded, failed and active pods, against the completions target (or, for a
/// work queue without one, against what has run so far).
fn completions_bar(j: &JobView) -> Html {
    let target = j.completions.unwrap_or(1).max(1);
    let total = (j.succeeded + j.failed + j.active).max(target).max(1) as f64;
    let pct = |n: i32| format!("width: {:.2}%", 100.0 * f64::from(n.max(0)) / total);
    let label = format!(
        "{} succeeded, {} failed, {} active of {} completions",
        j.succeeded, j.failed, j.active, target
    );
    html! {
        <div class="bar" role="img" aria-label={label.clone()} title={label}>
            <span class="seg succeeded" style={pct(j.succeeded)}></span>
            <span class="seg failed" style={pct(j.failed)}></span>
            <span class="seg active" style={pct(j.active)}></span>
        </div>
    }
}

pub fn cronjob(ctx: &Ctx, c: &CronJobView) -> Html {
    let r = ObjRef::new("cronjob", &c.namespace, &c.name);
    let summary = html! {
        <>
            if c.suspend { <span class="badge suspended">{"Suspended"}</span> }
            <span class="meta" title="ACTIVE">{format!("{} active", c.active)}</span>
        </>
    };
    let zone = c.time_zone.clone().unwrap_or_else(|| "UTC".into());
    html! {
        <div key={c.uid.clone()} class={classes!("group", "cronjob", c.suspend.then_some("suspended"))}
            data-testid="cronjob" data-name={c.name.clone()} data-suspend={c.suspend.to_string()}>
            {group_head(ctx, r, summary)}
            <div class="schedule">
                <code class="cron-expr">{&c.schedule}</code>
                <span class="cron-words">{&c.words}</span>
                <span class="cron-zone">{zone}</span>
            </div>
            <div class="runs">
                if let Some(ms) = c.last_schedule_ms {
                    <span class="last-run">{"last "}{when(ctx.now_ms, &UtcParts::from_ms(ms).iso())}</span>
                }
                if let Some(err) = &c.schedule_error {
                    <span class="cron-error">{err}</span>
                } else {
                    <span class="next-runs">{"next "}
                        {for c.next_runs.iter().map(|t| when(ctx.now_ms, t))}
                    </span>
                }
            </div>
            <div class="nested">{for c.jobs.iter().map(|j| job(ctx, j))}</div>
            {more_line(c.jobs.more, "Jobs")}
        </div>
    }
}

/// An RFC 3339 time as `HH:MM` (with `:SS` when not on the minute), prefixed by `MM-DD` when not
/// on the snapshot's UTC day; the full string is the tooltip and `datetime`.
fn when(now_ms: i64, rfc: &str) -> Html {
    let today = UtcParts::from_ms(now_ms).date();
    let (date, rest) = rfc.split_once('T').unwrap_or(("", rfc));
    let clock = rest.get(..8).unwrap_or(rest);
    let clock = clock.strip_suffix(":00").unwrap_or(clock);
    let text = if date == today || date.is_empty() {
        clock.to_string()
    } else {
        format!("{} {clock}", date.get(5..).unwrap_or(date))
    };
    html! { <time datetime={rfc.to_string()} title={rfc.to_string()}>{text}</time> }
}
