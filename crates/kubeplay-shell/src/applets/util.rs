//! Small applets: echo, printf, basename, dirname, date (UTC calendar arithmetic), env,
//! printenv, expr, uname, which.

use crate::task::Cx;

pub fn echo(cx: &mut Cx, args: &[String]) -> i32 {
    let mut newline = true;
    let mut escapes = false;
    let mut i = 0;
    while i < args.len() {
        let a = &args[i];
        if a.len() > 1 && a.starts_with('-') && a[1..].chars().all(|c| matches!(c, 'n' | 'e' | 'E'))
        {
            for c in a[1..].chars() {
                match c {
                    'n' => newline = false,
                    'e' => escapes = true,
                    _ => escapes = false,
                }
            }
            i += 1;
        } else {
            break;
        }
    }
    let mut s = args[i..].join(" ");
    if escapes {
        let (t, stop) = unescape(&s);
        s = t;
        if stop {
            newline = false;
        }
    }
    if newline {
        s.push('\n');
    }
    cx.out(&s);
    0
}

/// Backslash escapes of `echo -e` and printf; the bool is `\c` (stop output).
pub fn unescape(s: &str) -> (String, bool) {
    let c: Vec<char> = s.chars().collect();
    let mut o = String::new();
    let mut i = 0;
    while i < c.len() {
        if c[i] != '\\' || i + 1 >= c.len() {
            o.push(c[i]);
            i += 1;
            continue;
        }
        i += 1;
        match c[i] {
            'n' => o.push('\n'),
            't' => o.push('\t'),
            'r' => o.push('\r'),
            'a' => o.push('\x07'),
            'b' => o.push('\x08'),
            'f' => o.push('\x0c'),
            'v' => o.push('\x0b'),
            'e' => o.push('\x1b'),
            '\\' => o.push('\\'),
            'c' => return (o, true),
            '0' => {
                let mut v = 0u32;
                let mut k = 0;
                while k < 3 && i + 1 < c.len() && c[i + 1].is_digit(8) {
                    v = v * 8 + c[i + 1].to_digit(8).unwrap_or(0);
                    i += 1;
                    k += 1;
                }
                o.push(char::from_u32(v).unwrap_or('?'));
            }
            // `\xHH`: one or two hex digits.
            'x' if c.get(i + 1).is_some_and(char::is_ascii_hexdigit) => {
                let mut v = 0u32;
                let mut k = 0;
                while k < 2 && i + 1 < c.len() && c[i + 1].is_ascii_hexdigit() {
                    v = v * 16 + c[i + 1].to_digit(16).unwrap_or(0);
                    i += 1;
                    k += 1;
                }
                o.push(char::from_u32(v).unwrap_or('?'));
            }
            other => {
                o.push('\\');
                o.push(other);
            }
        }
        i += 1;
    }
    (o, false)
}

pub fn printf(cx: &mut Cx, args: &[String]) -> i32 {
    let Some(fmt) = args.first() else {
        cx.err("printf: usage: printf FORMAT [ARGUMENT...]\n");
        return 1;
    };
    let mut rest: &[String] = &args[1..];
    let mut out = String::new();
    let mut status = 0;
    // The format is reused while arguments remain (bounded: each pass consumes one or more).
    for _ in 0..10_000 {
        let (s, used, st) = format_once(fmt, rest);
        out.push_str(&s);
        if st != 0 {
            status = st;
        }
        if used == 0 || used >= rest.len() {
            break;
        }
        rest = &rest[used..];
    }
    cx.out(&out);
    status
}

fn format_once(fmt: &str, args: &[String]) -> (String, usize, i32) {
    let c: Vec<char> = fmt.chars().collect();
    let mut o = String::new();
    let mut used = 0;
    let mut status = 0;
    let mut i = 0;
    while i < c.len() {
        if c[i] == '\\' {
            let mut j = i + 1;
            while j < c.len() && j < i + 4 && c[j].is_digit(8) && c[i + 1] == '0' {
                j += 1;
            }
            let end = if j > i + 1 { j } else { (i + 2).min(c.len()) };
            let seq: String = c[i..end].iter().collect();
            o.push_str(&unescape(&seq).0);
            i = end;
            continue;
        }
        if c[i] != '%' {
            o.push(c[i]);
            i += 1;
            continue;
        }
        if i + 1 < c.len() && c[i + 1] == '%' {
            o.push('%');
            i += 2;
            continue;
        }
        let mut j = i + 1;
        let mut flags = String::new();
        while j < c.len() && "-+ 0#".contains(c[j]) {
            flags.push(c[j]);
            j += 1;
        }
        let mut width = String::new();
        while j < c.len() && c[j].is_ascii_digit() {
            width.push(c[j]);
            j += 1;
        }
        let mut prec: Option<usize> = None;
        if j < c.len() && c[j] == '.' {
            j += 1;
            let mut p = String::new();
            while j < c.len() && c[j].is_ascii_digit() {
                p.push(c[j]);
                j += 1;
            }
            prec = Some(p.parse().unwrap_or(0));
        }
        let Some(&conv) = c.get(j) else {
            o.push_str(&c[i..].iter().collect::<String>());
            break;
        };
        let arg = args.get(used).cloned();
        if arg.is_some() {
            used += 1;
        }
        let arg = arg.unwrap_or_default();
        let body = match conv {
            's' => match prec {
                Some(p) => arg.chars().take(p).collect(),
                None => arg,
            },
            'b' => unescape(&arg).0,
            'c' => arg.chars().next().map(String::from).unwrap_or_default(),
            'd' | 'i' | 'u' => {
                let n = parse_int_arg(&arg, &mut status);
                if flags.contains('+') && n >= 0 {
                    format!("+{n}")
                } else {
                    n.to_string()
                }
            }
            'x' => format!("{:x}", parse_int_arg(&arg, &mut status)),
            'X' => format!("{:X}", parse_int_arg(&arg, &mut status)),
            'o' => format!("{:o}", parse_int_arg(&arg, &mut status)),
            'f' | 'e' | 'g' => {
                let v: f64 = if arg.is_empty() {
                    0.0
                } else {
                    arg.trim().parse().unwrap_or(0.0)
                };
                format!("{:.*}", prec.unwrap_or(6), v)
            }
            _ => {
                o.push_str(&c[i..=j].iter().collect::<String>());
                i = j + 1;
                continue;
            }
        };
        let w: usize = width.parse().unwrap_or(0).min(4096);
        let len = body.chars().count();
        if len < w {
            let pad = w - len;
            if flags.contains('-') {
                o.push_str(&body);
                o.push_str(&" ".repeat(pad));
            } else if flags.contains('0') && "diuxXof".contains(conv) {
                let (sign, digits) = if let Some(d) = body.strip_prefix('-') {
                    ("-", d)
                } else {
                    ("", body.as_str())
                };
                o.push_str(sign);
                o.push_str(&"0".repeat(pad));
                o.push_str(digits);
            } else {
                o.push_str(&" ".repeat(pad));
                o.push_str(&body);
            }
        } else {
            o.push_str(&body);
        }
        i = j + 1;
    }
    (o, used, status)
}

fn parse_int_arg(a: &str, status: &mut i32) -> i64 {
    let t = a.trim();
    if t.is_empty() {
        return 0;
    }
    if let Some(ch) = t.strip_prefix('\'').or_else(|| t.strip_prefix('"')) {
        return ch.chars().next().map(|c| c as i64).unwrap_or(0);
    }
    match t.parse::<i64>() {
        Ok(n) => n,
        Err(_) => {
            *status = 1;
            0
        }
    }
}

pub fn basename(cx: &mut Cx, args: &[String]) -> i32 {
    let Some(p) = args.first() else {
        cx.err("basename: missing operand\n");
        return 1;
    };
    let mut b = crate::path::basename(p);
    if let Some(suf) = args.get(1) {
        if b.len() > suf.len() && b.ends_with(suf.as_str()) {
            b.truncate(b.len() - suf.len());
        }
    }
    cx.out(&format!("{b}\n"));
    0
}

pub fn dirname(cx: &mut Cx, args: &[String]) -> i32 {
    let Some(p) = args.first() else {
        cx.err("dirname: missing operand\n");
        return 1;
    };
    let d = crate::path::dirname(p);
    cx.out(&format!("{d}\n"));
    0
}

/// (year, month 1-12, day, hour, minute, second, weekday 0=Sunday, day of year 1-366) in UTC.
pub fn civil(ms: i64) -> (i64, u32, u32, u32, u32, u32, u32, u32) {
    let secs = ms.div_euclid(1000);
    let days = secs.div_euclid(86_400);
    let sod = secs.rem_euclid(86_400);
    // Howard Hinnant's days-to-civil.
    let z = days + 719_468;
    let era = z.div_euclid(146_097);
    let doe = z.rem_euclid(146_097);
    let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
    let y = yoe + era * 400;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let d = (doy - (153 * mp + 2) / 5 + 1) as u32;
    let m = if mp < 10 { mp + 3 } else { mp - 9 } as u32;
    let y = if m <= 2 { y + 1 } else { y };
    let wd = (days + 4).rem_euclid(7) as u32;
    let leap = (y % 4 == 0 && y % 100 != 0) || y % 400 == 0;
    let cum = [0, 31, 59, 90, 120, 151, 181, 212, 243, 273, 304, 334];
    let yday = cum[(m - 1) as usize] + d + if leap && m > 2 { 1 } else { 0 };
    (
        y,
        m,
        d,
        (sod / 3600) as u32,
        (sod % 3600 / 60) as u32,
        (sod % 60) as u32,
        wd,
        yday,
    )
}

const DAYS: [&str; 7] = ["Sun", "Mon", "Tue", "Wed", "Thu", "Fri", "Sat"];
const MONTHS: [&str; 12] = [
    "Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec",
];

/// strftime in UTC for the conversions busybox date users reach for.
pub fn strftime(fmt: &str, ms: i64) -> String {
    let (y, mo, d, h, mi, s, wd, yd) = civil(ms);
    let mut o = String::new();
    let mut it = fmt.chars();
    while let Some(c) = it.next() {
        if c != '%' {
            o.push(c);
            continue;
        }
        match it.next() {
            Some('Y') => o.push_str(&y.to_string()),
            Some('y') => o.push_str(&format!("{:02}", y.rem_euclid(100))),
            Some('m') => o.push_str(&format!("{mo:02}")),
            Some('d') => o.push_str(&format!("{d:02}")),
            Some('e') => o.push_str(&format!("{d:>2}")),
            Some('H') => o.push_str(&format!("{h:02}")),
            Some('I') => o.push_str(&format!("{:02}", if h % 12 == 0 { 12 } else { h % 12 })),
            Some('p') => o.push_str(if h < 12 { "AM" } else { "PM" }),
            Some('M') => o.push_str(&format!("{mi:02}")),
            Some('S') => o.push_str(&format!("{s:02}")),
            Some('s') => o.push_str(&ms.div_euclid(1000).to_string()),
            Some('N') => o.push_str(&format!("{:09}", ms.rem_euclid(1000) * 1_000_000)),
            Some('F') => o.push_str(&format!("{y}-{mo:02}-{d:02}")),
            Some('T') => o.push_str(&format!("{h:02}:{mi:02}:{s:02}")),
            Some('R') => o.push_str(&format!("{h:02}:{mi:02}")),
            Some('D') => o.push_str(&format!("{mo:02}/{d:02}/{:02}", y.rem_euclid(100))),
            Some('a') => o.push_str(DAYS[wd as usize]),
            Some('A') => o.push_str(
                [
                    "Sunday",
                    "Monday",
                    "Tuesday",
                    "Wednesday",
                    "Thursday",
                    "Friday",
                    "Saturday",
                ][wd as usize],
            ),
            Some('b') | Some('h') => o.push_str(MONTHS[(mo - 1) as usize]),
            Some('B') => o.push_str(
                [
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
                ][(mo - 1) as usize],
            ),
            Some('j') => o.push_str(&format!("{yd:03}")),
            Some('u') => o.push_str(&(if wd == 0 { 7 } else { wd }).to_string()),
            Some('w') => o.push_str(&wd.to_string()),
            Some('Z') => o.push_str("UTC"),
            Some('z') => o.push_str("+0000"),
            Some('n') => o.push('\n'),
            Some('t') => o.push('\t'),
            Some('%') => o.push('%'),
            Some(x) => {
                o.push('%');
                o.push(x);
            }
            None => o.push('%'),
        }
    }
    o
}

pub fn date(cx: &mut Cx, args: &[String]) -> i32 {
    let now = cx.host.now_ms();
    let mut fmt = "%a %b %e %H:%M:%S %Z %Y".to_string();
    for a in args {
        if let Some(f) = a.strip_prefix('+') {
            fmt = f.to_string();
        } else if a == "-u" || a == "--utc" {
        } else if a == "-I" || a == "--iso-8601" {
            fmt = "%F".to_string();
        } else if a == "-R" {
            fmt = "%a, %d %b %Y %H:%M:%S %z".to_string();
        } else {
            cx.err(&format!("date: invalid date '{a}'\n"));
            return 1;
        }
    }
    let s = strftime(&fmt, now);
    cx.out(&format!("{s}\n"));
    0
}

pub fn env(cx: &mut Cx, name: &str, args: &[String]) -> i32 {
    if name == "printenv" && !args.is_empty() {
        let mut st = 0;
        for a in args {
            match cx.env.get(a).map(|v| v.to_string()) {
                Some(v) => cx.out(&format!("{v}\n")),
                None => st = 1,
            }
        }
        return st;
    }
    let mut text = String::new();
    for (k, v) in &cx.env.vars {
        text.push_str(&format!("{k}={v}\n"));
    }
    cx.out(&text);
    0
}

/// `expr`: arithmetic, comparisons, `length`, `:` (anchored match length) — the common forms.
pub fn expr(cx: &mut Cx, args: &[String]) -> i32 {
    let r = match args {
        [a] => Ok(a.clone()),
        [k, s] if k == "length" => Ok(s.chars().count().to_string()),
        [a, op, b] => {
            let ni = |x: &str| x.trim().parse::<i64>();
            match op.as_str() {
                "+" | "-" | "*" | "/" | "%" => match (ni(a), ni(b)) {
                    (Ok(x), Ok(y)) => match op.as_str() {
                        "+" => Ok(x.wrapping_add(y).to_string()),
                        "-" => Ok(x.wrapping_sub(y).to_string()),
                        "*" => Ok(x.wrapping_mul(y).to_string()),
                        _ if y == 0 => Err("division by zero".to_string()),
                        "/" => Ok(x.wrapping_div(y).to_string()),
                        _ => Ok(x.wrapping_rem(y).to_string()),
                    },
                    _ => Err("non-numeric argument".to_string()),
                },
                "=" | "!=" | "<" | ">" | "<=" | ">=" => {
                    let ord = match (ni(a), ni(b)) {
                        (Ok(x), Ok(y)) => x.cmp(&y),
                        _ => a.cmp(b),
                    };
                    let t = match op.as_str() {
                        "=" => ord.is_eq(),
                        "!=" => ord.is_ne(),
                        "<" => ord.is_lt(),
                        ">" => ord.is_gt(),
                        "<=" => ord.is_le(),
                        _ => ord.is_ge(),
                    };
                    Ok((t as i32).to_string())
                }
                ":" => match super::regex::Regex::new(&format!("^{b}"), false, false) {
                    Ok(re) => Ok(re.match_len(a).unwrap_or(0).to_string()),
                    Err(e) => Err(e),
                },
                _ => Err("syntax error".to_string()),
            }
        }
        _ => Err("syntax error".to_string()),
    };
    match r {
        Ok(v) => {
            cx.out(&format!("{v}\n"));
            if v == "0" || v.is_empty() {
                1
            } else {
                0
            }
        }
        Err(m) => {
            cx.err(&format!("expr: {m}\n"));
            2
        }
    }
}

pub fn uname(cx: &mut Cx, args: &[String]) -> i32 {
    let s = if args.iter().any(|a| a == "-a") {
        format!("Linux {} 5.15.0 #1 SMP x86_64 Linux\n", cx.host.hostname())
    } else if args.iter().any(|a| a == "-r") {
        "5.15.0\n".to_string()
    } else if args.iter().any(|a| a == "-m") {
        "x86_64\n".to_string()
    } else if args.iter().any(|a| a == "-n") {
        format!("{}\n", cx.host.hostname())
    } else {
        "Linux\n".to_string()
    };
    cx.out(&s);
    0
}

pub fn which(cx: &mut Cx, args: &[String]) -> i32 {
    let mut st = 0;
    for a in args {
        if cx.host.has_program(a) {
            let p = if crate::programs::is_program(a) {
                format!("/usr/local/bin/{a}\n")
            } else {
                format!("/bin/{a}\n")
            };
            cx.out(&p);
        } else {
            st = 1;
        }
    }
    st
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn calendar() {
        // 2025-01-01 00:00:00 UTC was a Wednesday.
        let ms = 1_735_689_600_000;
        assert_eq!(
            strftime("%a %b %e %H:%M:%S %Z %Y", ms),
            "Wed Jan  1 00:00:00 UTC 2025"
        );
        assert_eq!(
            strftime("%F %T %j %s", ms + 86_400_000 * 59 + 3_723_000),
            "2025-03-01 01:02:03 060 1740790923"
        );
        assert_eq!(civil(951_782_400_000).1, 2); // 2000-02-29
        assert_eq!(civil(951_782_400_000).2, 29);
    }

    #[test]
    fn printf_formats() {
        assert_eq!(
            format_once(
                "%s-%5d|%-3s|%03d\\n",
                &["a".into(), "42".into(), "b".into(), "7".into()]
            )
            .0,
            "a-   42|b  |007\n"
        );
        assert_eq!(format_once("%x %%", &["255".into()]).0, "ff %");
    }
}
