//! Terminal colour codes in command output (`kubectl cluster-info` colours its names and URLs as
//! go-colortext does): SGR sequences `ESC[…m` become spans with a colour class, so the console
//! shows what a terminal would instead of the raw escapes.

use yew::prelude::*;

/// Pieces of `text` with the foreground colour (30-37) in force, None after a reset.
pub fn pieces(text: &str) -> Vec<(Option<u8>, &str)> {
    let mut out = Vec::new();
    let mut colour = None;
    let mut rest = text;
    while let Some(at) = rest.find("\u{1b}[") {
        if at > 0 {
            out.push((colour, &rest[..at]));
        }
        let after = &rest[at + 2..];
        // A sequence ends at its first letter; one without an end is shown as it is.
        let Some(end) = after.find(|c: char| c.is_ascii_alphabetic()) else {
            out.push((colour, &rest[at..]));
            return out;
        };
        if after.as_bytes()[end] == b'm' {
            for param in after[..end].split(';') {
                match param {
                    "" | "0" | "39" => colour = None,
                    p => {
                        if let Ok(n @ 30..=37) = p.parse::<u8>() {
                            colour = Some(n);
                        }
                    }
                }
            }
        }
        rest = &after[end + 1..];
    }
    if !rest.is_empty() {
        out.push((colour, rest));
    }
    out
}

/// `text` as console markup: plain text, with coloured runs in `ansi-3N` spans.
pub fn render(text: &str) -> Html {
    if !text.contains('\u{1b}') {
        return html! { {text.to_string()} };
    }
    pieces(text)
        .into_iter()
        .map(|(colour, s)| match colour {
            Some(n) => html! { <span class={format!("ansi-{n}")}>{s.to_string()}</span> },
            None => html! { {s.to_string()} },
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn colours_run_until_reset_and_escapes_disappear() {
        let text = "\u{1b}[0;32mKubernetes control plane\u{1b}[0m is running at \u{1b}[0;33mhttps://127.0.0.1:6443\u{1b}[0m\n";
        assert_eq!(
            pieces(text),
            vec![
                (Some(32), "Kubernetes control plane"),
                (None, " is running at "),
                (Some(33), "https://127.0.0.1:6443"),
                (None, "\n"),
            ]
        );
        assert_eq!(pieces("plain"), vec![(None, "plain")]);
        assert_eq!(
            pieces("cut \u{1b}[0;3"),
            vec![(None, "cut "), (None, "\u{1b}[0;3")]
        );
    }
}
