//! Port of robfig/cron v3.0.1 `SpecSchedule.Next` (spec.go:58-188) and
//! `ConstantDelaySchedule.Next` (constantdelay.go:25-27).
//!
//! The search walks month → day → hour → minute → second with Go's calendar
//! operations, including its daylight-saving quirks (skipped gap times,
//! doubled overlap times, whole days skipped when midnight does not exist),
//! and gives up after five years. Line numbers refer to v3.0.1's spec.go.

use crate::gotime::{date, Civil, Time, WallTime};
use crate::zone::{Location, Zone};

/// Set in a field when it was written with `*` or `?` (spec.go:51-54).
pub(crate) const STAR_BIT: u64 = 1 << 63;

/// The bit sets of a parsed crontab line (spec.go:7-12).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) struct Spec {
    pub second: u64,
    pub minute: u64,
    pub hour: u64,
    pub dom: u64,
    pub month: u64,
    pub dow: u64,
}

/// The two schedule types `ParseStandard` can return.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum Kind {
    Spec(Spec),
    /// `@every`: a whole number of seconds, at least one.
    Every {
        delay_nanos: i64,
    },
}

/// robfig's `Next`: the first activation strictly after `t`, shown in `t`'s
/// zone, or None where robfig returns the zero time.
pub(crate) fn next(kind: &Kind, loc: Location, t: Time) -> Option<Time> {
    match kind {
        // constantdelay.go:25-27: absolute time, not aligned to the clock.
        Kind::Every { delay_nanos } => t.add_nanos(delay_nanos - i64::from(t.nanos())),
        Kind::Spec(spec) => spec_next(spec, loc, t),
    }
}

fn spec_next(s: &Spec, loc: Location, t: Time) -> Option<Time> {
    if s.never_matches() {
        return None;
    }
    let orig_zone = t.zone();
    // spec.go:72-79: a Local schedule is evaluated in t's own zone.
    let zone = match loc {
        Location::Local => orig_zone,
        Location::Fixed(z) => z,
    };
    let t = t.in_zone(zone)?;
    // spec.go:82: start at the next whole second.
    let t = t.add_nanos(1_000_000_000 - i64::from(t.nanos()))?;
    let year_limit = t.civil().year + 5;
    let found = Search {
        s,
        zone,
        t,
        civil: None,
        added: false,
        year_limit,
        budget: STEP_BUDGET,
    }
    .run()?;
    found.in_zone(orig_zone)
}

/// Loop iterations allowed for one `Next`. A search that robfig completes
/// takes at most a few hundred thousand (5 years of days times 24 hours);
/// only the cases where robfig itself never returns come near this.
const STEP_BUDGET: u32 = 2_000_000;

/// What one pass over the fields ended with.
enum Step {
    /// A field rolled over: start again at the month (robfig's `goto WRAP`).
    Wrap,
    /// The field matches; go on to the next one.
    Matched,
}

/// The mutable state of robfig's `Next` between `WRAP` jumps.
struct Search<'a> {
    s: &'a Spec,
    zone: Zone,
    t: Time,
    /// `t`'s calendar fields, computed when first asked for after `t` moved.
    civil: Option<Civil>,
    /// Whether a field has been incremented (spec.go:85).
    added: bool,
    year_limit: i64,
    /// Iterations left before giving up (see [`STEP_BUDGET`]).
    budget: u32,
}

impl Search<'_> {
    /// The `WRAP:` loop (spec.go:90-174). Ordinarily every step moves `t`
    /// forward and the five-year limit ends the search. Where a calendar day
    /// does not exist (Pacific/Apia skipped 2011-12-30), `AddDate` can hand
    /// back the same time and robfig v3.0.1 spins forever; such a fixed
    /// point, or running out of [`STEP_BUDGET`], gives None ("never").
    fn run(mut self) -> Option<Time> {
        loop {
            if self.civil().year > self.year_limit {
                return None;
            }
            let steps: [fn(&mut Self) -> Option<Step>; 5] = [
                Self::month,
                Self::day,
                Self::hour,
                Self::minute,
                Self::second,
            ];
            let mut wrapped = false;
            for step in steps {
                if let Step::Wrap = step(&mut self)? {
                    wrapped = true;
                    break;
                }
            }
            if !wrapped {
                return Some(self.t);
            }
        }
    }

    /// spec.go:97-110: months via `AddDate(0, 1, 0)` from the 1st, midnight.
    fn month(&mut self) -> Option<Step> {
        while !bit(self.s.month, self.civil().month) {
            let before = self.tick()?;
            if !self.added {
                self.added = true;
                let c = self.civil();
                self.set(self.wall(c.year, c.month, 1, 0)?);
            }
            self.set(self.t.add_date(0, 1, 0)?);
            self.progressed(before)?;
            if self.civil().month == 1 {
                return Some(Step::Wrap);
            }
        }
        Some(Step::Matched)
    }

    /// spec.go:117-136: days via `AddDate(0, 0, 1)`, then robfig's fix-up
    /// for a midnight moved by DST: hour > 12 rolls forward to the next
    /// midnight, otherwise back to this day's 00:00.
    fn day(&mut self) -> Option<Step> {
        while !day_matches(self.s, &self.civil()) {
            let before = self.tick()?;
            if !self.added {
                self.added = true;
                let c = self.civil();
                self.set(self.wall(c.year, c.month, c.day, 0)?);
            }
            self.set(self.t.add_date(0, 0, 1)?);
            let hour = i64::from(self.civil().hour);
            if hour != 0 {
                let shift = if hour > 12 { 24 - hour } else { -hour };
                self.set(self.t.add_secs(shift * 3600)?);
            }
            self.progressed(before)?;
            if self.civil().day == 1 {
                return Some(Step::Wrap);
            }
        }
        Some(Step::Matched)
    }

    /// spec.go:138-148: hours by absolute `Add(time.Hour)`.
    fn hour(&mut self) -> Option<Step> {
        while !bit(self.s.hour, self.civil().hour) {
            self.tick()?;
            if !self.added {
                self.added = true;
                let c = self.civil();
                self.set(self.wall(c.year, c.month, c.day, c.hour)?);
            }
            self.set(self.t.add_secs(3600)?);
            if self.civil().hour == 0 {
                return Some(Step::Wrap);
            }
        }
        Some(Step::Matched)
    }

    /// spec.go:150-160: minutes, after truncating to the minute.
    fn minute(&mut self) -> Option<Step> {
        self.unit_loop(60, |c| c.minute, |s| s.minute)
    }

    /// spec.go:162-172: seconds (always {0} for the standard parser).
    fn second(&mut self) -> Option<Step> {
        self.unit_loop(1, |c| c.second, |s| s.second)
    }

    /// The minute and second loops: truncate to `unit` seconds once, then step by `unit` until
    /// the field matches or wraps to 0. The field is tracked by counting rather than recomputing
    /// the calendar each step (the hot path of every CronJob sync); a step across a change of the
    /// zone's UTC offset falls back to the calendar, so the result is robfig's exactly.
    fn unit_loop(
        &mut self,
        unit: i64,
        field: fn(&Civil) -> u32,
        set: fn(&Spec) -> u64,
    ) -> Option<Step> {
        let mut value = field(&self.civil());
        while !bit(set(self.s), value) {
            self.tick()?;
            if !self.added {
                self.added = true;
                self.set(self.t.truncate_secs(unit)?);
                value = field(&self.civil());
            }
            if self.zone.fixed_offset().is_some() {
                // Nothing can shift the wall clock: take every step up to the match or the wrap at once.
                let steps = steps_to_match_or_wrap(set(self.s), value);
                self.budget = self.budget.checked_sub(steps - 1)?;
                self.set(self.t.add_secs(unit * i64::from(steps))?);
                value = (value + steps) % 60;
                if value == 0 {
                    return Some(Step::Wrap);
                }
                continue;
            }
            let offset = self.t.utc_offset_secs();
            self.set(self.t.add_secs(unit)?);
            value = if self.t.utc_offset_secs() == offset {
                (value + 1) % 60
            } else {
                field(&self.civil())
            };
            if value == 0 {
                return Some(Step::Wrap);
            }
        }
        Some(Step::Matched)
    }

    /// Moves the search to `t`.
    fn set(&mut self, t: Time) {
        self.t = t;
        self.civil = None;
    }

    /// The calendar fields of the current `t`.
    fn civil(&mut self) -> Civil {
        *self.civil.get_or_insert_with(|| self.t.civil())
    }

    /// Spends one iteration; returns the state to compare with afterwards.
    fn tick(&mut self) -> Option<(Time, bool)> {
        self.budget = self.budget.checked_sub(1)?;
        Some((self.t, self.added))
    }

    /// None when an iteration that started with `added` already set left
    /// `t` where it was: robfig would repeat it forever.
    fn progressed(&self, (t, added): (Time, bool)) -> Option<()> {
        (!(added && self.t == t)).then_some(())
    }

    /// `time.Date(year, month, day, hour, 0, 0, 0, loc)`.
    fn wall(&self, year: i64, month: u32, day: u32, hour: u32) -> Option<Time> {
        let w = WallTime {
            year,
            month: month.into(),
            day: day.into(),
            hour: hour.into(),
            minute: 0,
            second: 0,
        };
        date(w, 0, self.zone)
    }
}

/// How many single steps from `value` (0..60) the minute or second loop takes
/// before the field is in `set` or wraps to 0: at least one, at most 60 - value.
fn steps_to_match_or_wrap(set: u64, value: u32) -> u32 {
    (1..60 - value)
        .find(|j| bit(set, value + j))
        .unwrap_or(60 - value)
}

fn bit(set: u64, value: u32) -> bool {
    value < 64 && set & (1 << value) != 0
}

/// `dayMatches` (spec.go:179-188): if either day field was written with a
/// star both must match, otherwise either may.
fn day_matches(s: &Spec, c: &Civil) -> bool {
    let dom = bit(s.dom, c.day);
    let dow = bit(s.dow, c.weekday);
    if s.dom & STAR_BIT != 0 || s.dow & STAR_BIT != 0 {
        dom && dow
    } else {
        dom || dow
    }
}

impl Spec {
    /// True when no time can ever match, e.g. an empty field such as `,`.
    /// robfig would search five years and return the zero time; the answer
    /// is the same, only found without the (up to millions of) steps.
    fn never_matches(&self) -> bool {
        const VALUES: u64 = !STAR_BIT;
        let empty = |set: u64| set & VALUES == 0;
        let any_day = !empty(self.dom & (0xFFFF_FFFE)) || !empty(self.dow & 0x7F);
        let star = (self.dom | self.dow) & STAR_BIT != 0;
        let both_days = !empty(self.dom) && !empty(self.dow);
        [self.second, self.minute, self.hour, self.month]
            .iter()
            .any(|&f| empty(f))
            || !any_day
            || (star && !both_days)
    }
}
