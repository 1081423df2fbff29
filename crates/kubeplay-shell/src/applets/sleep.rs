//! `sleep`: busybox's duration syntax (`1`, `1.5`, `2m`, `1h`, `1d`, `infinity`), as a program
//! that yields the time to the simulation and, as PID 1, ignores SIGTERM like any process there.

use crate::task::{Cx, Outcome, Program};
use crate::Signal;

/// Longest single sleep (about 30 years): busybox accepts more, the simulation has no use for it.
pub const MAX_SLEEP_MS: u64 = 1_000_000_000_000;

pub struct Sleep {
    /// None: `sleep infinity`.
    ms: Option<u64>,
    started: bool,
}

/// Parses one duration argument into milliseconds (None: infinity).
pub fn parse_duration(arg: &str) -> Result<Option<u64>, ()> {
    if arg == "inf" || arg == "infinity" {
        return Ok(None);
    }
    let (num, mult) = match arg.chars().last() {
        Some('s') => (&arg[..arg.len() - 1], 1000u64),
        Some('m') => (&arg[..arg.len() - 1], 60_000),
        Some('h') => (&arg[..arg.len() - 1], 3_600_000),
        Some('d') => (&arg[..arg.len() - 1], 86_400_000),
        _ => (arg, 1000),
    };
    if num.is_empty()
        || !num.chars().all(|c| c.is_ascii_digit() || c == '.')
        || num.matches('.').count() > 1
    {
        return Err(());
    }
    let (int, frac) = match num.find('.') {
        Some(i) => (&num[..i], &num[i + 1..]),
        None => (num, ""),
    };
    let int: u64 = if int.is_empty() {
        0
    } else {
        int.parse().map_err(|_| ())?
    };
    let mut ms = int.saturating_mul(mult);
    // Fractions to the millisecond: each decimal digit is a tenth of the previous weight.
    let mut weight = mult;
    for d in frac.chars().take(9) {
        weight /= 10;
        ms = ms.saturating_add(u64::from(d.to_digit(10).unwrap_or(0)) * weight);
    }
    Ok(Some(ms.min(MAX_SLEEP_MS)))
}

/// `sleep ARGS`: Ok(program) or Err(status) after busybox's message.
pub fn start(cx: &mut Cx, argv: &[String]) -> Result<Sleep, i32> {
    let args = &argv[1..];
    if args.is_empty() {
        cx.err("BusyBox v1.36.1 (2023-06-02 00:42:02 UTC) multi-call binary.\n\nUsage: sleep [N]...\n\nPause for a time equal to the total of the args given, where each arg can\nhave an optional suffix of (s)econds, (m)inutes, (h)ours, or (d)ays\n");
        return Err(1);
    }
    let mut total: u64 = 0;
    for a in args {
        match parse_duration(a) {
            Ok(Some(ms)) => total = total.saturating_add(ms),
            Ok(None) => {
                return Ok(Sleep {
                    ms: None,
                    started: false,
                })
            }
            Err(()) => {
                let m = format!("sleep: invalid number '{a}'\n");
                cx.err(&m);
                return Err(1);
            }
        }
    }
    Ok(Sleep {
        ms: Some(total.min(MAX_SLEEP_MS)),
        started: false,
    })
}

impl Program for Sleep {
    fn resume(&mut self, _cx: &mut Cx, _child: Option<i32>) -> Outcome {
        match (self.ms, self.started) {
            (None, _) => Outcome::Block,
            (Some(ms), false) if ms > 0 => {
                self.started = true;
                Outcome::Sleep(ms)
            }
            _ => Outcome::Exit(0),
        }
    }
    fn signal(&mut self, _sig: Signal, _cx: &mut Cx) -> Option<i32> {
        // Only reached for SIGTERM (the process handles SIGKILL): PID 1 has no default action.
        None
    }
    fn describe(&self) -> String {
        match self.ms {
            None => "sleep infinity (busybox)".into(),
            Some(ms) => format!("sleep {} (busybox)", fmt_secs(ms)),
        }
    }
}

fn fmt_secs(ms: u64) -> String {
    if ms.is_multiple_of(1000) {
        format!("{}", ms / 1000)
    } else {
        format!("{}.{:03}", ms / 1000, ms % 1000)
            .trim_end_matches('0')
            .to_string()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn durations() {
        assert_eq!(parse_duration("30"), Ok(Some(30_000)));
        assert_eq!(parse_duration("1.5"), Ok(Some(1500)));
        assert_eq!(parse_duration("2m"), Ok(Some(120_000)));
        assert_eq!(parse_duration("1h"), Ok(Some(3_600_000)));
        assert_eq!(parse_duration("1d"), Ok(Some(86_400_000)));
        assert_eq!(parse_duration("0.25s"), Ok(Some(250)));
        assert_eq!(parse_duration("infinity"), Ok(None));
        assert_eq!(parse_duration("x"), Err(()));
        assert_eq!(parse_duration("1.2.3"), Err(()));
    }
}
