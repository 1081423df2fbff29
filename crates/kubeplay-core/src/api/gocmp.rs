//! go-cmp's `cmp.Diff` report (github.com/google/go-cmp as Kubernetes v1.33 vendors it), ported
//! over a model of Go values (`G`): the text the apiserver appends to "pod updates may not change
//! fields other than …".
//!
//! The port follows report_compare.go, report_reflect.go and report_text.go: the value tree with
//! its same/diff counts, `... // N identical fields` elision with two records of context, the
//! verbosity limits (4 entries per level for identical values, `...` beyond), types printed for
//! composite values in a diff and elided for identical ones and inside slices and maps, `&` for
//! pointers, backquoted strings when quoting would escape, key alignment, and lines forced apart
//! for a removed or inserted value longer than 80 columns.
//!
//! What is approximated, and why:
//! - go-cmp varies its output on purpose, so no byte-for-byte reproduction exists: after a `-`/`+`
//!   marker it writes regular or non-breaking spaces at random (this writes regular spaces, one of
//!   the two real outputs), and its slice edit script starts its search from a random corner (this
//!   uses a longest common subsequence of equal elements, pairing unmatched ones in order).
//! - go-cmp's specialised diff of strings of 32 bytes or more and of slices of numbers
//!   (`strings.Join({…}, "")`, FormatDiffSlice) is not reproduced: such values print as whole
//!   `-`/`+` lines.
//! - Pointer cycles and addresses cannot occur in API objects and are not modelled.

use std::fmt::Write as _;
use kubeplay_cron::{go_is_print, go_quote};

/// A Go value as go-cmp walks it. Type names are Go's (`core.PodSpec`, `[]string`).
#[derive(Clone, Debug, PartialEq)]
pub enum G {
    Str(String),
    Int(i64),
    Bool(bool),
    /// A pointer; None is nil. Pointer types are unnamed, so go-cmp prints the pointee's type.
    Ptr(Option<Box<G>>),
    /// A slice of the named type; None is nil (an empty slice is not nil).
    Slice(String, Option<Vec<G>>),
    /// A map with keys in Go's sorted order; `stringer_keys` when the key type has a String
    /// method (core.ResourceName), which go-cmp prints as `s"cpu"`.
    Map { ty: String, stringer_keys: bool, entries: Option<Vec<(String, G)>> },
    /// A struct with all its fields, zero values included, in declaration order.
    Struct(String, Vec<(String, G)>),
    /// A value cmp compares with its own Equal method (resource.Quantity): one leaf, printed as
    /// the value inside.
    Leaf(Box<G>),
}

impl G {
    /// reflect.Value.IsZero.
    pub fn is_zero(&self) -> bool {
        match self {
            G::Str(s) => s.is_empty(),
            G::Int(n) => *n == 0,
            G::Bool(b) => !*b,
            G::Ptr(p) => p.is_none(),
            G::Slice(_, s) => s.is_none(),
            G::Map { entries, .. } => entries.is_none(),
            G::Struct(_, fields) => fields.iter().all(|(_, v)| v.is_zero()),
            G::Leaf(inner) => inner.is_zero(),
        }
    }

    /// The Go type name, and whether the kind is composite (struct, slice, map), which is when
    /// go-cmp prints it.
    fn type_name(&self) -> (&str, bool) {
        match self {
            G::Struct(t, _) | G::Slice(t, _) | G::Map { ty: t, .. } => (t, true),
            G::Leaf(inner) => inner.type_name(),
            G::Ptr(_) => ("", false),
            G::Str(_) | G::Int(_) | G::Bool(_) => ("", false),
        }
    }
}

/// apiequality.Semantic.DeepEqual: like reflect.DeepEqual, except that a nil and an empty slice or
/// map are equal (and quantities compare by value, which the caller's Leaf already normalises).
pub fn semantic_eq(a: &G, b: &G) -> bool {
    fn items(s: &Option<Vec<G>>) -> &[G] {
        s.as_deref().unwrap_or(&[])
    }
    match (a, b) {
        (G::Slice(_, x), G::Slice(_, y)) => items(x).len() == items(y).len() && items(x).iter().zip(items(y)).all(|(p, q)| semantic_eq(p, q)),
        (G::Map { entries: x, .. }, G::Map { entries: y, .. }) => {
            let (x, y) = (x.as_deref().unwrap_or(&[]), y.as_deref().unwrap_or(&[]));
            x.len() == y.len() && x.iter().zip(y).all(|((k1, v1), (k2, v2))| k1 == k2 && semantic_eq(v1, v2))
        }
        (G::Ptr(Some(x)), G::Ptr(Some(y))) => semantic_eq(x, y),
        (G::Struct(_, x), G::Struct(_, y)) => x.len() == y.len() && x.iter().zip(y).all(|((_, p), (_, q))| semantic_eq(p, q)),
        (G::Leaf(x), G::Leaf(y)) => semantic_eq(x, y),
        _ => a == b,
    }
}

/// cmp.Diff(x, y): empty when cmp finds them equal, else the report with its trailing newline.
pub fn diff(x: &G, y: &G) -> String {
    let root = compare(Some(x), Some(y));
    if root.diff == 0 {
        return String::new();
    }
    let text = format_diff(&root, Opts::root()).unwrap_or(Text::Line("nil".into()));
    text.render()
}

// ---- the value tree (report_value.go) -------------------------------------------------------

#[derive(Clone, Copy, PartialEq)]
enum Kind {
    Leaf,
    Struct,
    Slice,
    Map,
    Ptr,
}

struct Node<'a> {
    x: Option<&'a G>,
    y: Option<&'a G>,
    kind: Kind,
    /// Struct fields, slice elements or map entries, each with the key go-cmp prints.
    recs: Vec<(String, Node<'a>)>,
    /// A pointer's pointee.
    child: Option<Box<Node<'a>>>,
    same: usize,
    diff: usize,
    /// Transitive descendants, counting from zero.
    children: usize,
    /// Depth of the tree below, counting from zero.
    depth: usize,
}

fn leaf<'a>(x: Option<&'a G>, y: Option<&'a G>, equal: bool) -> Node<'a> {
    Node { x, y, kind: Kind::Leaf, recs: Vec::new(), child: None, same: usize::from(equal), diff: usize::from(!equal), children: 0, depth: 0 }
}

fn parent<'a>(x: &'a G, y: &'a G, kind: Kind, recs: Vec<(String, Node<'a>)>, child: Option<Box<Node<'a>>>) -> Node<'a> {
    let mut n = Node { x: Some(x), y: Some(y), kind, recs, child, same: 0, diff: 0, children: 0, depth: 0 };
    let kids: Vec<(usize, usize, usize, usize)> =
        n.recs.iter().map(|(_, c)| c).chain(n.child.as_deref()).map(|c| (c.same, c.diff, c.children, c.depth)).collect();
    for (same, diff, children, depth) in kids {
        n.same += same;
        n.diff += diff;
        n.children += children + 1;
        n.depth = n.depth.max(depth + 1);
    }
    n
}

/// The edit script of two slices above which elements are paired by index instead (an API
/// object's lists are short; this only bounds the work).
const MAX_EDIT_CELLS: usize = 250_000;

fn compare<'a>(x: Option<&'a G>, y: Option<&'a G>) -> Node<'a> {
    let (Some(gx), Some(gy)) = (x, y) else { return leaf(x, y, x.is_none() && y.is_none()) };
    match (gx, gy) {
        (G::Ptr(Some(a)), G::Ptr(Some(b))) => parent(gx, gy, Kind::Ptr, Vec::new(), Some(Box::new(compare(Some(a), Some(b))))),
        (G::Struct(_, fa), G::Struct(_, fb)) if fa.len() == fb.len() => {
            let recs = fa.iter().zip(fb).map(|((name, a), (_, b))| (name.clone(), compare(Some(a), Some(b)))).collect();
            parent(gx, gy, Kind::Struct, recs, None)
        }
        (G::Slice(_, Some(a)), G::Slice(_, Some(b))) => {
            let recs = edit_script(a, b).into_iter().map(|(i, j)| (String::new(), compare(i.map(|i| &a[i]), j.map(|j| &b[j])))).collect();
            parent(gx, gy, Kind::Slice, recs, None)
        }
        (G::Map { entries: Some(a), stringer_keys, .. }, G::Map { entries: Some(b), .. }) => {
            let mut keys: Vec<&String> = a.iter().chain(b).map(|(k, _)| k).collect();
            keys.sort();
            keys.dedup();
            let find = |m: &'a [(String, G)], k: &str| m.iter().find(|(mk, _)| mk == k).map(|(_, v)| v);
            let recs = keys.into_iter().map(|k| (map_key(k, *stringer_keys), compare(find(a, k), find(b, k)))).collect();
            parent(gx, gy, Kind::Map, recs, None)
        }
        (G::Leaf(_), G::Leaf(_)) => leaf(x, y, semantic_eq(gx, gy)),
        _ => leaf(x, y, gx == gy),
    }
}

/// Pairs of indexes (None on the side an element is missing from): equal elements matched by a
/// longest common subsequence, the unmatched ones between them paired in order as modified when
/// go-cmp would call them similar, else removed then inserted.
fn edit_script(a: &[G], b: &[G]) -> Vec<(Option<usize>, Option<usize>)> {
    let (n, m) = (a.len(), b.len());
    let anchors: Vec<(usize, usize)> = if n.saturating_mul(m) > MAX_EDIT_CELLS {
        (0..n.min(m)).filter(|&i| a[i] == b[i]).map(|i| (i, i)).collect()
    } else {
        let mut lcs = vec![vec![0u32; m + 1]; n + 1];
        for i in (0..n).rev() {
            for j in (0..m).rev() {
                lcs[i][j] = if a[i] == b[j] { lcs[i + 1][j + 1] + 1 } else { lcs[i + 1][j].max(lcs[i][j + 1]) };
            }
        }
        let (mut i, mut j, mut out) = (0, 0, Vec::new());
        while i < n && j < m {
            if a[i] == b[j] {
                out.push((i, j));
                i += 1;
                j += 1;
            } else if lcs[i + 1][j] >= lcs[i][j + 1] {
                i += 1;
            } else {
                j += 1;
            }
        }
        out
    };
    let mut script = Vec::new();
    let (mut i, mut j) = (0, 0);
    for (ai, bj) in anchors.into_iter().chain(std::iter::once((n, m))) {
        let (xs, ys): (Vec<usize>, Vec<usize>) = ((i..ai).collect(), (j..bj).collect());
        let paired = xs.len().min(ys.len());
        let mut removed = Vec::new();
        let mut inserted = Vec::new();
        for k in 0..paired {
            let node = compare(Some(&a[xs[k]]), Some(&b[ys[k]]));
            // diff.Result.Similar: NumSame+1 >= NumDiff.
            if node.same + 1 >= node.diff {
                script.push((Some(xs[k]), Some(ys[k])));
            } else {
                removed.push(xs[k]);
                inserted.push(ys[k]);
            }
        }
        removed.extend(&xs[paired..]);
        inserted.extend(&ys[paired..]);
        script.extend(removed.into_iter().map(|x| (Some(x), None)));
        script.extend(inserted.into_iter().map(|y| (None, Some(y))));
        if ai < n && bj < m {
            script.push((Some(ai), Some(bj)));
        }
        (i, j) = (ai + 1, bj + 1);
    }
    script
}

// ---- formatting (report_compare.go, report_reflect.go) ---------------------------------------

/// diffMode: 0 (unknown), ' ' (identical), '-' (removed), '+' (inserted); records OR them as Go does.
const UNKNOWN: u8 = 0;
const IDENTICAL: u8 = b' ';
const REMOVED: u8 = b'-';
const INSERTED: u8 = b'+';

#[derive(Clone, Copy, PartialEq)]
enum Types {
    Emit,
    Elide,
    Auto,
}

#[derive(Clone, Copy)]
struct Opts {
    mode: u8,
    types: Types,
    verbosity: i32,
    limit: bool,
}

impl Opts {
    /// formatOptions{}: emitType is the zero value, so the root prints its type.
    fn root() -> Self {
        Opts { mode: UNKNOWN, types: Types::Emit, verbosity: 0, limit: false }
    }
    fn mode(self, mode: u8) -> Self {
        Opts { mode, ..self }
    }
    fn types(self, types: Types) -> Self {
        Opts { types, ..self }
    }
    fn level(self) -> u32 {
        self.verbosity.clamp(0, 16) as u32
    }
    fn with_verbosity(self, v: i32) -> Self {
        Opts { verbosity: v, limit: true, ..self }
    }
}

const MAX_VERBOSITY_PRESET: i32 = 6;
const CONTEXT_RECORDS: usize = 2;
const MAX_COLUMN: usize = 80;

#[derive(Clone, Debug, Default, PartialEq)]
struct Stats {
    name: &'static str,
    ignored: usize,
    identical: usize,
    removed: usize,
    inserted: usize,
    modified: usize,
}

impl Stats {
    fn is_zero(&self) -> bool {
        self.ignored + self.identical + self.removed + self.inserted + self.modified == 0
    }
    fn num_diff(&self) -> usize {
        self.removed + self.inserted + self.modified
    }
    fn append(&self, o: &Stats) -> Stats {
        Stats {
            name: self.name,
            ignored: self.ignored + o.ignored,
            identical: self.identical + o.identical,
            removed: self.removed + o.removed,
            inserted: self.inserted + o.inserted,
            modified: self.modified + o.modified,
        }
    }
}

impl std::fmt::Display for Stats {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        let counts = [(self.ignored, "ignored"), (self.identical, "identical"), (self.removed, "removed"), (self.inserted, "inserted"), (self.modified, "modified")];
        let ss: Vec<String> = counts.iter().filter(|(n, _)| *n > 0).map(|(n, l)| format!("{n} {l}")).collect();
        let sum: usize = counts.iter().map(|(n, _)| n).sum();
        let mut name = self.name.to_string();
        if sum > 1 {
            name.push('s');
            if let Some(stem) = name.strip_suffix("ys") {
                name = format!("{stem}ies");
            }
        }
        match ss.len() {
            0 => Ok(()),
            1 | 2 => write!(f, "{} {name}", ss.join(" and ")),
            n => write!(f, "{}, and {} {name}", ss[..n - 1].join(", "), ss[n - 1]),
        }
    }
}

#[derive(Clone, Debug, PartialEq)]
enum Comment {
    Stats(Stats),
    Text(String),
}

#[derive(Clone, Debug, PartialEq)]
enum Text {
    Line(String),
    Wrap(String, Box<Text>, String),
    List(Vec<Rec>),
}

#[derive(Clone, Debug, PartialEq)]
struct Rec {
    diff: u8,
    key: String,
    value: Text,
    elide_comma: bool,
    comment: Option<Comment>,
}

fn rec(key: impl Into<String>, value: Text) -> Rec {
    Rec { diff: UNKNOWN, key: key.into(), value, elide_comma: false, comment: None }
}

fn wrap(prefix: &str, value: Text, suffix: &str) -> Text {
    Text::Wrap(prefix.to_string(), Box::new(value), suffix.to_string())
}

fn ellipsis() -> Text {
    Text::Line("...".into())
}

/// textList.AppendEllipsis.
fn append_ellipsis(list: &mut Vec<Rec>, ds: Option<Stats>) {
    let ds = ds.filter(|d| !d.is_zero());
    match list.last_mut() {
        Some(last) if last.value == ellipsis() => {
            if let Some(ds) = ds {
                last.comment = Some(Comment::Stats(match &last.comment {
                    Some(Comment::Stats(prev)) => prev.append(&ds),
                    _ => ds,
                }));
            }
        }
        _ => list.push(Rec { diff: UNKNOWN, key: String::new(), value: ellipsis(), elide_comma: true, comment: ds.map(Comment::Stats) }),
    }
}

/// FormatDiff.
fn format_diff(v: &Node, o: Opts) -> Option<Text> {
    let o = if o.mode == IDENTICAL {
        o.with_verbosity(1)
    } else if o.level() < 3 {
        o.with_verbosity(3)
    } else {
        o
    };
    if v.depth == 0 {
        return match o.mode {
            UNKNOWN | IDENTICAL if v.diff == 0 => {
                let (ox, oy) = (format_value(v.x, o), format_value(v.y, o));
                if text_len(&ox) < text_len(&oy) {
                    ox
                } else {
                    oy
                }
            }
            UNKNOWN | IDENTICAL => {
                let mut ox = format_value(v.x, o.types(Types::Elide));
                let mut oy = format_value(v.y, o.types(Types::Elide));
                let mut i = 0;
                while i <= MAX_VERBOSITY_PRESET && ox.is_some() && ox == oy {
                    let o2 = preset(o, i).types(Types::Elide);
                    ox = format_value(v.x, o2);
                    oy = format_value(v.y, o2);
                    i += 1;
                }
                let mut list = Vec::new();
                list.extend(ox.map(|t| Rec { diff: REMOVED, ..rec("", t) }));
                list.extend(oy.map(|t| Rec { diff: INSERTED, ..rec("", t) }));
                let (ty, composite) = v.x.or(v.y).map_or(("", false), G::type_name);
                Some(format_type(ty, composite, Text::List(list), o.types(Types::Emit)))
            }
            REMOVED => format_value(v.x, o),
            _ => format_value(v.y, o),
        };
    }
    let (ty, composite) = v.x.or(v.y).map_or(("", false), G::type_name);
    Some(match v.kind {
        Kind::Ptr => wrap("&", v.child.as_deref().and_then(|c| format_diff(c, o)).unwrap_or(Text::Line("nil".into())), ""),
        kind => format_type(ty, composite, format_diff_list(&v.recs, kind, o), o),
    })
}

fn preset(o: Opts, i: i32) -> Opts {
    Opts { verbosity: o.level() as i32 + 2 * i, ..o }
}

/// formatDiffList.
fn format_diff_list(recs: &[(String, Node)], kind: Kind, o: Opts) -> Text {
    let (name, mut o) = match kind {
        Kind::Struct => ("field", o.types(Types::Auto)),
        Kind::Map => ("entry", o.types(Types::Elide)),
        _ => ("element", o.types(Types::Elide)),
    };
    let mut max_len: Option<usize> = None;
    if o.limit {
        let v = o.level();
        max_len = Some(if o.mode == IDENTICAL { ((1usize << v) >> 1) << 2 } else { (1usize << v) << 1 });
        o.verbosity -= 1;
    }

    if o.mode != UNKNOWN {
        let mut list = Vec::new();
        let mut deferred = false;
        for (key, r) in recs {
            if Some(list.len()) == max_len {
                deferred = true;
                break;
            }
            if kind == Kind::Struct {
                let zero = |g: Option<&G>| g.is_none_or(G::is_zero);
                let is_zero = match o.mode {
                    IDENTICAL => zero(r.x) || zero(r.y),
                    REMOVED => zero(r.x),
                    _ => zero(r.y),
                };
                if is_zero {
                    continue;
                }
            }
            if let Some(out) = format_diff(r, o) {
                list.push(rec(key.clone(), out));
            }
        }
        if deferred {
            append_ellipsis(&mut list, None);
        }
        return wrap("{", Text::List(list), "}");
    }

    let mut list: Vec<Rec> = Vec::new();
    let mut num_diffs = 0;
    let groups = coalesce(name, recs);
    let mut max_group = Stats { name, ..Default::default() };
    let mut rest = recs;
    let ngroups = groups.len();
    for (i, mut ds) in groups.into_iter().enumerate() {
        if max_len.is_some_and(|m| num_diffs >= m) {
            max_group = max_group.append(&ds);
            continue;
        }
        if ds.num_diff() == 0 {
            let num_equal = ds.ignored + ds.identical;
            let (mut lo, mut hi) = (0, 0);
            while lo < CONTEXT_RECORDS && lo + hi < num_equal && i != 0 {
                lo += 1;
            }
            while hi < CONTEXT_RECORDS && lo + hi < num_equal && i != ngroups - 1 {
                hi += 1;
            }
            if num_equal - (lo + hi) == 1 && ds.ignored == 0 {
                hi += 1;
            }
            for (key, r) in &rest[..lo] {
                list.push(rec(key.clone(), format_diff(r, o.mode(IDENTICAL)).unwrap_or(ellipsis())));
            }
            if num_equal > lo + hi {
                ds.identical -= lo + hi;
                append_ellipsis(&mut list, Some(ds));
            }
            for (key, r) in &rest[num_equal - hi..num_equal] {
                list.push(rec(key.clone(), format_diff(r, o.mode(IDENTICAL)).unwrap_or(ellipsis())));
            }
            rest = &rest[num_equal..];
            continue;
        }
        let n = ds.num_diff();
        for (key, r) in &rest[..n] {
            if r.children == r.depth {
                let mut ox = format_diff(r, o.mode(REMOVED));
                let mut oy = format_diff(r, o.mode(INSERTED));
                let mut k = 0;
                while k <= MAX_VERBOSITY_PRESET && ox.is_some() && ox == oy {
                    let o2 = preset(o, k);
                    ox = format_diff(r, o2.mode(REMOVED));
                    oy = format_diff(r, o2.mode(INSERTED));
                    k += 1;
                }
                list.extend(ox.map(|t| Rec { diff: REMOVED, ..rec(key.clone(), t) }));
                list.extend(oy.map(|t| Rec { diff: INSERTED, ..rec(key.clone(), t) }));
            } else {
                list.push(rec(key.clone(), format_diff(r, o).unwrap_or(ellipsis())));
            }
        }
        rest = &rest[n..];
        num_diffs += n;
    }
    if !max_group.is_zero() {
        append_ellipsis(&mut list, Some(max_group));
    }
    wrap("{", Text::List(list), "}")
}

/// coalesceAdjacentRecords: runs of equal records and runs of differing ones.
fn coalesce(name: &'static str, recs: &[(String, Node)]) -> Vec<Stats> {
    let mut groups: Vec<Stats> = Vec::new();
    let mut prev = 0;
    for (_, r) in recs {
        let case = if r.diff == 0 { 1 } else { 2 };
        if prev != case {
            groups.push(Stats { name, ..Default::default() });
            prev = case;
        }
        let Some(g) = groups.last_mut() else { continue };
        match (r.diff == 0, r.x.is_some(), r.y.is_some()) {
            (true, _, _) => g.identical += 1,
            (false, true, false) => g.removed += 1,
            (false, false, true) => g.inserted += 1,
            _ => g.modified += 1,
        }
    }
    groups
}

/// FormatType.
fn format_type(ty: &str, composite: bool, s: Text, o: Opts) -> Text {
    match o.types {
        Types::Auto if !composite || s == Text::Line("nil".into()) || o.mode == IDENTICAL => return s,
        Types::Elide => return s,
        _ => {}
    }
    if ty.is_empty() {
        return s;
    }
    let name = if ty.starts_with('*') { format!("({ty})") } else { ty.to_string() };
    let inner = match &s {
        Text::Wrap(p, _, x) if (p.starts_with('{') && x.ends_with('}')) || (p.starts_with('(') && x.ends_with(')')) => s,
        _ => wrap("(", s, ")"),
    };
    wrap(&name, inner, "")
}

/// FormatValue.
fn format_value(g: Option<&G>, o: Opts) -> Option<Text> {
    let g = g?;
    let limited = |o: Opts| -> (Option<usize>, Opts) {
        if o.limit {
            (Some(((1usize << o.level()) >> 1) << 2), Opts { verbosity: o.verbosity - 1, ..o })
        } else {
            (None, o)
        }
    };
    Some(match g {
        G::Bool(b) => Text::Line(b.to_string()),
        G::Int(n) => Text::Line(n.to_string()),
        G::Str(s) => format_string("", s, o),
        G::Leaf(inner) => return format_value(Some(inner), o),
        G::Ptr(None) => Text::Line("nil".into()),
        G::Ptr(Some(inner)) => wrap("&", format_value(Some(inner), o)?, ""),
        G::Slice(ty, None) | G::Map { ty, entries: None, .. } => format_type(ty, true, Text::Line("nil".into()), o),
        G::Slice(ty, Some(items)) => {
            let (max, o2) = limited(o);
            let mut list = Vec::new();
            for item in items {
                if Some(list.len()) == max {
                    append_ellipsis(&mut list, None);
                    break;
                }
                list.push(rec("", format_value(Some(item), o2.types(Types::Elide))?));
            }
            format_type(ty, true, wrap("{", Text::List(list), "}"), o)
        }
        G::Map { ty, stringer_keys, entries: Some(entries) } => {
            let (max, o2) = limited(o);
            let mut list = Vec::new();
            for (k, v) in entries {
                if Some(list.len()) == max {
                    append_ellipsis(&mut list, None);
                    break;
                }
                list.push(rec(map_key(k, *stringer_keys), format_value(Some(v), o2.types(Types::Elide))?));
            }
            format_type(ty, true, wrap("{", Text::List(list), "}"), o)
        }
        G::Struct(ty, fields) => {
            let (max, o2) = limited(o);
            let mut list = Vec::new();
            for (name, v) in fields {
                if v.is_zero() {
                    continue;
                }
                if Some(list.len()) == max {
                    append_ellipsis(&mut list, None);
                    break;
                }
                list.push(rec(name.clone(), format_value(Some(v), o2.types(Types::Auto))?));
            }
            format_type(ty, true, wrap("{", Text::List(list), "}"), o)
        }
    })
}

/// formatMapKey: a string key as a quoted string (with the `s` prefix of a Stringer key type).
fn map_key(k: &str, stringer: bool) -> String {
    format!("{}{}", if stringer { "s" } else { "" }, go_literal(k))
}

/// formatOptions.formatString: quoted (or triple-quoted when removed or inserted and four lines
/// or more), cut to the verbosity's length with `...`.
fn format_string(prefix: &str, s: &str, o: Opts) -> Text {
    let (max_len, max_lines) = if o.limit { ((1usize << o.level()) << 5, (1usize << o.level()) << 2) } else { (s.len(), s.matches('\n').count() + 1) };
    let body = s.strip_suffix('\n').unwrap_or(s);
    let mut lines: Vec<&str> = body.split('\n').collect();
    let mut triple = lines.len() >= 4 && (o.mode == REMOVED || o.mode == INSERTED);
    for line in lines.iter_mut() {
        if !triple {
            break;
        }
        let l = line.strip_suffix('\r').unwrap_or(line);
        *line = l.strip_prefix('\r').unwrap_or(l);
        let after_prefix = line.strip_prefix(prefix).unwrap_or(line);
        triple = !after_prefix.starts_with("\"\"\"") && !line.starts_with("...") && line.chars().all(|c| go_is_print(c) || c == '\t') && line.len() <= max_len;
    }
    if triple {
        let line = |t: &str| Rec { diff: o.mode, key: String::new(), value: Text::Line(t.to_string()), elide_comma: true, comment: None };
        let mut list = vec![line(&format!("{prefix}\"\"\""))];
        for (i, l) in lines.iter().enumerate() {
            let elided = lines.len() - i;
            if i + 1 == max_lines && elided > 1 {
                list.push(Rec { comment: Some(Comment::Text(format!("{elided} elided lines"))), ..line("...") });
                break;
            }
            list.push(line(l));
        }
        list.push(line(&format!("{prefix}\"\"\"")));
        return wrap("(", Text::List(list), ")");
    }
    if s.len() > max_len + 3 {
        let mut cut = max_len;
        while !s.is_char_boundary(cut) {
            cut -= 1;
        }
        return Text::Line(format!("{prefix}{}...", go_literal(&s[..cut])));
    }
    Text::Line(format!("{prefix}{}", go_literal(s)))
}

/// formatString: a double-quoted literal, or a backquoted one when quoting would escape something
/// a raw string can hold.
fn go_literal(s: &str) -> String {
    let q = go_quote(s);
    if q.len() == s.len() + 2 {
        return q;
    }
    if s.chars().all(|c| c != '`' && c != '\n' && (go_is_print(c) || c == '\t')) {
        return format!("`{s}`");
    }
    q
}

fn text_len(t: &Option<Text>) -> usize {
    t.as_ref().map_or(0, Text::len)
}

// ---- text layout (report_text.go) ---------------------------------------------------------

impl Text {
    fn len(&self) -> usize {
        match self {
            Text::Line(s) => s.len(),
            Text::Wrap(p, v, s) => p.len() + v.len() + s.len(),
            Text::List(recs) => recs
                .iter()
                .enumerate()
                .map(|(i, r)| r.key.len() + if r.key.is_empty() { 0 } else { 2 } + r.value.len() + if i + 1 < recs.len() { 2 } else { 0 })
                .sum(),
        }
    }

    /// textWrap.String: compact what fits on one line, expand the rest, with a trailing newline.
    fn render(&self) -> String {
        let (_, t) = self.compact(UNKNOWN);
        let mut b = String::new();
        indent(&mut b, 0, UNKNOWN);
        t.expand(&mut b, UNKNOWN, 0);
        b.push('\n');
        b
    }

    /// formatCompactTo: the single-line form, and the node with every part that fits on one line
    /// replaced by that line.
    fn compact(&self, d: u8) -> (String, Text) {
        match self {
            Text::Line(s) => (s.clone(), self.clone()),
            Text::Wrap(p, v, s) => {
                let (inner, nv) = v.compact(d);
                let line = format!("{p}{inner}{s}");
                if matches!(nv, Text::Line(_)) {
                    (line.clone(), Text::Line(line))
                } else {
                    (line, Text::Wrap(p.clone(), Box::new(nv), s.clone()))
                }
            }
            Text::List(recs) => {
                let mut b = String::new();
                let mut multi = false;
                let mut out = Vec::with_capacity(recs.len());
                for (i, r) in recs.iter().enumerate() {
                    if r.diff == INSERTED || r.diff == REMOVED {
                        multi = true;
                    }
                    b.push_str(&r.key);
                    if !r.key.is_empty() {
                        b.push_str(": ");
                    }
                    let (s, nv) = r.value.compact(d | r.diff);
                    b.push_str(&s);
                    if !matches!(nv, Text::Line(_)) || r.comment.is_some() {
                        multi = true;
                    }
                    if i + 1 < recs.len() {
                        b.push_str(", ");
                    }
                    out.push(Rec { value: nv, ..r.clone() });
                }
                if (d == INSERTED || d == REMOVED) && b.len() > MAX_COLUMN {
                    multi = true;
                }
                if multi {
                    (b, Text::List(out))
                } else {
                    (b.clone(), Text::Line(b))
                }
            }
        }
    }

    /// formatExpandedTo.
    fn expand(&self, b: &mut String, d: u8, n: usize) {
        match self {
            Text::Line(s) => b.push_str(s),
            Text::Wrap(p, v, s) => {
                b.push_str(p);
                v.expand(b, d, n);
                b.push_str(s);
            }
            Text::List(recs) => expand_list(recs, b, d, n),
        }
    }
}

fn expand_list(recs: &[Rec], b: &mut String, d: u8, n: usize) {
    let line_len = |r: &Rec| match &r.value {
        Text::Line(s) => s.chars().count(),
        _ => 0,
    };
    let key_pad = align(recs, |r| r.key.is_empty() || !matches!(r.value, Text::Line(_)), |r| r.key.chars().count());
    let value_pad = align(recs, |r| !matches!(r.value, Text::Line(_)) || r.value == ellipsis() || r.comment.is_none(), line_len);

    let simple = recs.iter().all(|r| r.diff == UNKNOWN && r.key.is_empty() && matches!(r.value, Text::Line(_)) && r.comment.is_none());
    if simple && !recs.is_empty() {
        let mut batch = String::new();
        let emit = |b: &mut String, batch: &mut String| {
            if !batch.is_empty() {
                b.push('\n');
                indent(b, n + 1, d);
                b.push_str(batch.trim_end_matches(' '));
                batch.clear();
            }
        };
        for r in recs {
            let Text::Line(line) = &r.value else { continue };
            if batch.len() + line.len() + 2 > MAX_COLUMN {
                emit(b, &mut batch);
            }
            batch.push_str(line);
            batch.push_str(", ");
        }
        emit(b, &mut batch);
        b.push('\n');
        indent(b, n, d);
        return;
    }
    for (i, r) in recs.iter().enumerate() {
        b.push('\n');
        indent(b, n + 1, d | r.diff);
        if !r.key.is_empty() {
            b.push_str(&r.key);
            b.push_str(": ");
        }
        b.extend(std::iter::repeat_n(' ', key_pad[i]));
        r.value.expand(b, d | r.diff, n + 1);
        if !r.elide_comma {
            b.push(',');
        }
        b.extend(std::iter::repeat_n(' ', value_pad[i]));
        match &r.comment {
            Some(Comment::Stats(s)) => {
                let _ = write!(b, " // {s}");
            }
            Some(Comment::Text(t)) => {
                let _ = write!(b, " // {t}");
            }
            None => {}
        }
    }
    b.push('\n');
    indent(b, n, d);
}

/// textList.alignLens: padding that lines up each run of records not skipped.
fn align(recs: &[Rec], skip: impl Fn(&Rec) -> bool, len: impl Fn(&Rec) -> usize) -> Vec<usize> {
    let mut pads = vec![0; recs.len()];
    let (mut start, mut end, mut max) = (0, 0, 0);
    for (i, r) in recs.iter().enumerate() {
        if skip(r) {
            for j in start..end {
                pads[j] = max - len(&recs[j]);
            }
            (start, end, max) = (i + 1, i + 1, 0);
        } else {
            max = max.max(len(r));
            end = i + 1;
        }
    }
    for j in start..end {
        pads[j] = max - len(&recs[j]);
    }
    pads
}

/// indentMode.appendIndent: the two-column marker, then one tab per level.
fn indent(b: &mut String, n: usize, d: u8) {
    match d {
        UNKNOWN | IDENTICAL => b.push_str("  "),
        REMOVED => b.push_str("- "),
        INSERTED => b.push_str("+ "),
        _ => {}
    }
    b.extend(std::iter::repeat_n('\t', n));
}

#[cfg(test)]
#[path = "gocmp_tests.rs"]
mod tests;
