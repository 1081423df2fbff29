//! kubectl's HumanDuration (k8s.io/apimachinery/pkg/util/duration) for AGE and other columns.

/// Renders a duration in milliseconds the way `kubectl get` prints AGE.
pub fn human_duration(ms: i64) -> String {
    let secs = ms.div_euclid(1000);
    if secs < -1 {
        return "<invalid>".into();
    }
    if secs < 0 {
        return "0s".into();
    }
    let minutes = secs / 60;
    let hours = secs / 3600;
    if secs < 120 {
        return format!("{secs}s");
    }
    if minutes < 10 {
        let s = secs % 60;
        return if s == 0 { format!("{minutes}m") } else { format!("{minutes}m{s}s") };
    }
    if minutes < 180 {
        return format!("{minutes}m");
    }
    if hours < 8 {
        let m = minutes % 60;
        return if m == 0 { format!("{hours}h") } else { format!("{hours}h{m}m") };
    }
    if hours < 48 {
        return format!("{hours}h");
    }
    if hours < 192 {
        let h = hours % 24;
        return if h == 0 { format!("{}d", hours / 24) } else { format!("{}d{}h", hours / 24, h) };
    }
    if hours < 24 * 365 * 2 {
        return format!("{}d", hours / 24);
    }
    if hours < 24 * 365 * 8 {
        let d = (hours / 24) % 365;
        return if d == 0 { format!("{}y", hours / 24 / 365) } else { format!("{}y{}d", hours / 24 / 365, d) };
    }
    format!("{}y", hours / 24 / 365)
}

#[cfg(test)]
mod tests {
    use super::human_duration as h;

    #[test]
    fn matches_apimachinery() {
        assert_eq!(h(-5000), "<invalid>");
        assert_eq!(h(-500), "0s");
        assert_eq!(h(45_000), "45s");
        assert_eq!(h(119_000), "119s");
        assert_eq!(h(302_000), "5m2s");
        assert_eq!(h(300_000), "5m");
        assert_eq!(h(125 * 60_000), "125m");
        assert_eq!(h((3 * 60 + 5) * 60_000), "3h5m");
        assert_eq!(h(30 * 3_600_000), "30h");
        assert_eq!(h(51 * 3_600_000), "2d3h");
        assert_eq!(h(400 * 86_400_000), "400d");
        assert_eq!(h(800 * 86_400_000), "2y70d");
    }
}

/// Go's `time.Duration.String()` for whole milliseconds: `313ms`, `1.234s`, `1m20s`, `5m0s`, `1h0m0s`.
pub fn go_duration_ms(ms: i64) -> String {
    if ms == 0 {
        return "0s".into();
    }
    let neg = if ms < 0 { "-" } else { "" };
    let ms = ms.unsigned_abs();
    if ms < 1000 {
        return format!("{neg}{ms}ms");
    }
    let (h, m, s, frac) = (ms / 3_600_000, ms / 60_000 % 60, ms / 1000 % 60, ms % 1000);
    let secs = if frac == 0 { format!("{s}s") } else { format!("{s}.{}s", format!("{frac:03}").trim_end_matches('0')) };
    match (h, m) {
        (0, 0) => format!("{neg}{secs}"),
        (0, m) => format!("{neg}{m}m{secs}"),
        (h, m) => format!("{neg}{h}h{m}m{secs}"),
    }
}

/// Go's `time.Duration.String()` for whole seconds.
pub fn go_duration_secs(secs: i64) -> String {
    go_duration_ms(secs.saturating_mul(1000))
}

#[cfg(test)]
mod go_duration_tests {
    use super::*;

    #[test]
    fn matches_go_duration_string() {
        assert_eq!(go_duration_ms(313), "313ms");
        assert_eq!(go_duration_ms(1234), "1.234s");
        assert_eq!(go_duration_ms(1500), "1.5s");
        assert_eq!(go_duration_secs(10), "10s");
        assert_eq!(go_duration_secs(80), "1m20s");
        assert_eq!(go_duration_secs(300), "5m0s");
        assert_eq!(go_duration_secs(3600), "1h0m0s");
    }
}
