//! The tar format as busybox's `tar` and Go's archive/tar both read it: 512-byte ustar headers,
//! data padded to a block, two zero blocks at the end, and GNU `././@LongLink` entries for names
//! past 100 bytes. An archive travels as text (a process's stdout and stdin are strings), which
//! holds: headers are ASCII and NULs, and file contents are the text the filesystem gave.

/// Size of a header and of the unit data is padded to.
pub const BLOCK: usize = 512;

/// Most entries one archive holds (a tree walk past it stops with an error).
pub const MAX_ENTRIES: usize = 10_000;

/// Most bytes one archive may hold, headers included.
pub const MAX_ARCHIVE_BYTES: usize = 16 << 20;

/// What an entry is.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Body {
    File(String),
    Dir,
    Symlink(String),
}

/// One member: its name as stored (no leading `/`; a directory's ends in `/`), mode bits, body.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Entry {
    pub name: String,
    pub mode: u32,
    pub mtime_s: i64,
    pub body: Body,
}

/// Why an archive could not be read: the header checksum failed (a corrupted or truncated stream).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct BadHeader;

/// Appends `e` to `out` (a long name first gets its GNU LongLink entry).
pub fn push(out: &mut String, e: &Entry) {
    let (flag, size, link) = match &e.body {
        Body::File(t) => (b'0', t.len(), ""),
        Body::Dir => (b'5', 0, ""),
        Body::Symlink(target) => (b'2', 0, target.as_str()),
    };
    if e.name.len() > 100 {
        let long = format!("{}\0", e.name);
        out.push_str(&header("././@LongLink", 0, 0, b'L', long.len(), ""));
        push_data(out, &long);
    }
    out.push_str(&header(&e.name, e.mode, e.mtime_s, flag, size, link));
    if let Body::File(t) = &e.body {
        push_data(out, t);
    }
}

/// The end-of-archive marker: two zero blocks.
pub fn finish(out: &mut String) {
    out.push_str(&"\0".repeat(2 * BLOCK));
}

fn push_data(out: &mut String, data: &str) {
    out.push_str(data);
    let pad = (BLOCK - data.len() % BLOCK) % BLOCK;
    out.push_str(&"\0".repeat(pad));
}

/// A ustar header block for a name that fits in 100 bytes (longer ones are cut: the LongLink
/// entry before carries them).
fn header(name: &str, mode: u32, mtime_s: i64, flag: u8, size: usize, link: &str) -> String {
    let mut h = vec![0u8; BLOCK];
    let mut put = |at: usize, len: usize, s: &[u8]| {
        let n = s.len().min(len);
        h[at..at + n].copy_from_slice(&s[..n]);
    };
    put(0, 100, cut(name, 100).as_bytes());
    put(100, 8, format!("{:07o}", mode & 0o7777).as_bytes());
    put(108, 8, b"0000000");
    put(116, 8, b"0000000");
    put(124, 12, format!("{:011o}", size).as_bytes());
    put(136, 12, format!("{:011o}", mtime_s.max(0)).as_bytes());
    put(148, 8, b"        ");
    put(156, 1, &[flag]);
    put(157, 100, cut(link, 100).as_bytes());
    put(257, 8, b"ustar\x0000");
    put(265, 32, b"root");
    put(297, 32, b"root");
    let sum: u32 = h.iter().map(|&b| u32::from(b)).sum();
    h[148..156].copy_from_slice(format!("{:06o}\0 ", sum).as_bytes());
    // Every byte is ASCII or a NUL (the name was cut on a character boundary).
    String::from_utf8_lossy(&h).into_owned()
}

/// The longest prefix of `s` within `max` bytes that ends on a character boundary.
fn cut(s: &str, max: usize) -> &str {
    let mut end = s.len().min(max);
    while !s.is_char_boundary(end) {
        end -= 1;
    }
    &s[..end]
}

/// Reads every entry up to the end marker (or the end of the text, as a truncated stream ends).
pub fn read(archive: &str) -> Result<Vec<Entry>, BadHeader> {
    let bytes = archive.as_bytes();
    let mut entries = Vec::new();
    let mut at = 0;
    let mut long_name: Option<String> = None;
    while at + BLOCK <= bytes.len() && entries.len() < MAX_ENTRIES {
        let h = &bytes[at..at + BLOCK];
        if h.iter().all(|&b| b == 0) {
            break;
        }
        let mut sum: u32 = h.iter().map(|&b| u32::from(b)).sum();
        sum = sum - h[148..156].iter().map(|&b| u32::from(b)).sum::<u32>() + 8 * u32::from(b' ');
        if octal(&h[148..156]) != Some(u64::from(sum)) {
            return Err(BadHeader);
        }
        let size = usize::try_from(octal(&h[124..136]).ok_or(BadHeader)?).unwrap_or(usize::MAX);
        let start = at + BLOCK;
        let end = start.saturating_add(size).min(bytes.len());
        let data = String::from_utf8_lossy(&bytes[start..end]).into_owned();
        at = start.saturating_add(size.div_ceil(BLOCK).saturating_mul(BLOCK));
        let flag = h[156];
        if flag == b'L' {
            long_name = Some(data.trim_end_matches('\0').to_string());
            continue;
        }
        let name = long_name.take().unwrap_or_else(|| field(&h[0..100]));
        let body = match flag {
            b'5' => Body::Dir,
            b'2' => Body::Symlink(field(&h[157..257])),
            _ => Body::File(data),
        };
        let mode = octal(&h[100..108]).unwrap_or(0o644) as u32;
        let mtime_s = octal(&h[136..148]).unwrap_or(0) as i64;
        entries.push(Entry {
            name,
            mode,
            mtime_s,
            body,
        });
    }
    Ok(entries)
}

/// A NUL-terminated text field.
fn field(b: &[u8]) -> String {
    let end = b.iter().position(|&c| c == 0).unwrap_or(b.len());
    String::from_utf8_lossy(&b[..end]).into_owned()
}

/// An octal number field, NUL- or space-terminated.
fn octal(b: &[u8]) -> Option<u64> {
    let s = field(b);
    let s = s.trim();
    if s.is_empty() {
        return Some(0);
    }
    u64::from_str_radix(s, 8).ok()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn entries_round_trip() {
        let long = format!("d/{}", "x".repeat(120));
        let entries = vec![
            Entry {
                name: "d/".into(),
                mode: 0o755,
                mtime_s: 5,
                body: Body::Dir,
            },
            Entry {
                name: "d/a.txt".into(),
                mode: 0o644,
                mtime_s: 5,
                body: Body::File("héllo\n".into()),
            },
            Entry {
                name: long.clone(),
                mode: 0o600,
                mtime_s: 5,
                body: Body::File("x".repeat(700)),
            },
            Entry {
                name: "d/l".into(),
                mode: 0o777,
                mtime_s: 5,
                body: Body::Symlink("/dev/stdout".into()),
            },
        ];
        let mut s = String::new();
        for e in &entries {
            push(&mut s, e);
        }
        finish(&mut s);
        assert_eq!(s.len() % BLOCK, 0);
        assert_eq!(read(&s), Ok(entries));
        assert_eq!(read(""), Ok(Vec::new()));
        let mut bad = s.clone();
        bad.replace_range(0..1, "e");
        assert_eq!(read(&bad), Err(BadHeader));
    }
}
