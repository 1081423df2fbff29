//! PersistentVolumeClaims: phase, capacity, storage class, bound volume, and the files the
//! claim holds.

use yew::prelude::*;

use super::workloads::group_head;
use super::Ctx;
use crate::view::{ClaimView, ObjRef};

pub fn claim(ctx: &Ctx, c: &ClaimView) -> Html {
    let r = ObjRef::new("persistentvolumeclaim", &c.namespace, &c.name);
    let summary = html! {
        <>
            <span class={classes!("badge", format!("pvc-{}", c.status.to_ascii_lowercase()))}>{&c.status}</span>
            if !c.capacity.is_empty() { <span class="meta" title="CAPACITY">{&c.capacity}</span> }
            if !c.storage_class.is_empty() { <span class="meta" title="STORAGECLASS">{&c.storage_class}</span> }
        </>
    };
    let n_files = c.files.len() + c.more_files;
    html! {
        <div key={c.uid.clone()} class={classes!("group", "claim", format!("phase-{}", c.phase.to_ascii_lowercase()))}
            data-testid="pvc" data-name={c.name.clone()} data-phase={c.phase.clone()} data-status={c.status.clone()}>
            {group_head(ctx, r, summary)}
            if !c.volume.is_empty() {
                <div class="volume" title="VOLUME">{"⛁ "}{&c.volume}</div>
            }
            if n_files == 0 {
                <p class="files-empty">{if c.phase == "Bound" { "empty" } else { "no volume yet" }}</p>
            } else {
                <ul class="files" aria-label={format!("{n_files} files")}>
                    {for c.files.iter().map(|f| html! {
                        <li key={f.path.clone()} data-testid="pvc-file" data-path={f.path.clone()}>
                            <span class="file-path">{&f.path}</span>
                            <span class="file-size">{human_bytes(f.size)}</span>
                        </li>
                    })}
                </ul>
                if c.more_files > 0 {
                    <p class="cl-more">{format!("+{} more files", c.more_files)}</p>
                }
            }
        </div>
    }
}

/// `802 B`, `1.5 KiB`, `3.0 MiB`.
pub fn human_bytes(n: u64) -> String {
    const UNITS: [&str; 4] = ["KiB", "MiB", "GiB", "TiB"];
    if n < 1024 {
        return format!("{n} B");
    }
    let mut v = n as f64 / 1024.0;
    let mut unit = 0;
    while v >= 1024.0 && unit + 1 < UNITS.len() {
        v /= 1024.0;
        unit += 1;
    }
    format!("{v:.1} {}", UNITS[unit])
}
