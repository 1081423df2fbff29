//! A CronJob schedule in plain words ("every 2 minutes", "at 00:00 every day"), for the common
//! shapes only: anything else is shown as the expression itself.

const DAYS: [&str; 7] = [
    "Sunday",
    "Monday",
    "Tuesday",
    "Wednesday",
    "Thursday",
    "Friday",
    "Saturday",
];
const MONTHS: [&str; 12] = [
    "January",
    "February",
    "March",
    "April",
    "May",
    "June",
    "July",
    "August",
    "September",
    "October",
    "November",
    "December",
];

/// The schedule in words, or None when it is not one of the shapes described (the caller then
/// shows the expression). Times are in the CronJob's zone (`spec.timeZone`, else UTC).
pub fn describe_schedule(expr: &str) -> Option<String> {
    let expr = expr.trim();
    if let Some(d) = expr.strip_prefix('@') {
        return descriptor(d);
    }
    let f: Vec<&str> = expr.split_whitespace().collect();
    let [min, hour, dom, mon, dow] = f[..] else {
        return None;
    };
    let any = |s: &str| s == "*" || s == "?";
    let (dom_any, mon_any, dow_any) = (any(dom), any(mon), any(dow));
    let every_day = dom_any && mon_any && dow_any;
    // Minute-level shapes: "*", "*/N" with every hour of every day.
    if let Some(n) = step(min, 59) {
        if any(hour) && every_day {
            return Some(plural(n, "minute"));
        }
        return None;
    }
    let m = number(min, 59)?;
    if any(hour) && every_day {
        return Some(if m == 0 {
            "every hour".into()
        } else {
            format!("every hour at :{m:02}")
        });
    }
    if let Some(n) = step(hour, 23) {
        if !every_day {
            return None;
        }
        let at = if m == 0 {
            String::new()
        } else {
            format!(" at :{m:02}")
        };
        return Some(format!("{}{at}", plural(n, "hour")));
    }
    let hours: Vec<u32> = hour
        .split(',')
        .map(|h| number(h, 23))
        .collect::<Option<_>>()?;
    let times = join_and(
        &hours
            .iter()
            .map(|h| format!("{h:02}:{m:02}"))
            .collect::<Vec<_>>(),
    );
    let when = match (dom_any, mon_any, dow_any) {
        (true, true, true) => "every day".to_string(),
        (true, true, false) => weekdays(dow)?,
        (false, true, true) => format!(
            "on day {} of every month",
            number(dom, 31).filter(|&d| d >= 1)?
        ),
        (false, false, true) => {
            let d = number(dom, 31).filter(|&d| d >= 1)?;
            format!("on {d} {} every year", MONTHS[month(mon)? - 1])
        }
        _ => return None,
    };
    Some(format!("at {times} {when}"))
}

fn descriptor(d: &str) -> Option<String> {
    Some(match d {
        "yearly" | "annually" => "at 00:00 on 1 January every year".into(),
        "monthly" => "at 00:00 on day 1 of every month".into(),
        "weekly" => "at 00:00 every Sunday".into(),
        "daily" | "midnight" => "at 00:00 every day".into(),
        "hourly" => "every hour".into(),
        _ => format!("every {}", d.strip_prefix("every ")?.trim()),
    })
}

/// `*` → 1, `*/N` → N.
fn step(field: &str, max: u32) -> Option<u32> {
    match field {
        "*" => Some(1),
        _ => field
            .strip_prefix("*/")?
            .parse()
            .ok()
            .filter(|&n| n >= 1 && n <= max),
    }
}

fn number(field: &str, max: u32) -> Option<u32> {
    field.parse().ok().filter(|&n| n <= max)
}

fn plural(n: u32, unit: &str) -> String {
    if n == 1 {
        format!("every {unit}")
    } else {
        format!("every {n} {unit}s")
    }
}

fn month(field: &str) -> Option<usize> {
    if let Some(i) = MONTHS
        .iter()
        .position(|m| m[..3].eq_ignore_ascii_case(field))
    {
        return Some(i + 1);
    }
    number(field, 12).filter(|&m| m >= 1).map(|m| m as usize)
}

fn day(field: &str) -> Option<usize> {
    if let Some(i) = DAYS.iter().position(|d| d[..3].eq_ignore_ascii_case(field)) {
        return Some(i);
    }
    number(field, 6).map(|d| d as usize)
}

/// The day-of-week field: one day, a list, `1-5` (weekdays) or `0,6` (weekends).
fn weekdays(field: &str) -> Option<String> {
    if let Some((a, b)) = field.split_once('-') {
        return (day(a)? == 1 && day(b)? == 5).then(|| "on weekdays".into());
    }
    let mut days: Vec<usize> = field.split(',').map(day).collect::<Option<_>>()?;
    days.sort_unstable();
    days.dedup();
    match days[..] {
        [d] => Some(format!("every {}", DAYS[d])),
        [0, 6] => Some("at weekends".into()),
        _ => Some(format!(
            "on {}",
            join_and(
                &days
                    .iter()
                    .map(|&d| DAYS[d].to_string())
                    .collect::<Vec<_>>()
            )
        )),
    }
}

fn join_and(items: &[String]) -> String {
    match items {
        [] => String::new(),
        [one] => one.clone(),
        [init @ .., last] => format!("{} and {last}", init.join(", ")),
    }
}

#[cfg(test)]
mod tests {
    use super::describe_schedule as d;

    #[test]
    fn common_shapes_read_as_words() {
        assert_eq!(d("* * * * *").as_deref(), Some("every minute"));
        assert_eq!(d("*/1 * * * *").as_deref(), Some("every minute"));
        assert_eq!(d("*/2 * * * *").as_deref(), Some("every 2 minutes"));
        assert_eq!(d("0 * * * *").as_deref(), Some("every hour"));
        assert_eq!(d("15 * * * *").as_deref(), Some("every hour at :15"));
        assert_eq!(d("0 */6 * * *").as_deref(), Some("every 6 hours"));
        assert_eq!(d("0 0 * * *").as_deref(), Some("at 00:00 every day"));
        assert_eq!(
            d("30 8,20 * * *").as_deref(),
            Some("at 08:30 and 20:30 every day")
        );
        assert_eq!(d("0 9 * * 1-5").as_deref(), Some("at 09:00 on weekdays"));
        assert_eq!(d("0 9 * * MON").as_deref(), Some("at 09:00 every Monday"));
        assert_eq!(d("0 9 * * 6,0").as_deref(), Some("at 09:00 at weekends"));
        assert_eq!(
            d("0 9 * * 1,3,5").as_deref(),
            Some("at 09:00 on Monday, Wednesday and Friday")
        );
        assert_eq!(
            d("0 3 1 * *").as_deref(),
            Some("at 03:00 on day 1 of every month")
        );
        assert_eq!(
            d("0 0 25 12 *").as_deref(),
            Some("at 00:00 on 25 December every year")
        );
        assert_eq!(d("@daily").as_deref(), Some("at 00:00 every day"));
        assert_eq!(d("@hourly").as_deref(), Some("every hour"));
        assert_eq!(d("@every 90s").as_deref(), Some("every 90s"));
    }

    #[test]
    fn other_shapes_fall_back() {
        for expr in [
            "5-10 * * * *",
            "0 0 1 * 1",
            "*/5 9-17 * * *",
            "TZ=UTC 0 0 * * *",
            "0 0 * JAN *",
            "@reboot",
            "x",
            "61 * * * *",
        ] {
            assert_eq!(d(expr), None, "{expr}");
        }
    }
}
