//! Tests of the go-cmp report port: the layouts cmp.Diff produces for structs, slices, maps and
//! strings (go-cmp's own testdata/diffs shows the same shapes).

use super::*;

fn s(v: &str) -> G {
    G::Str(v.into())
}

fn strings(v: &[&str]) -> G {
    G::Slice("[]string".into(), Some(v.iter().map(|x| s(x)).collect()))
}

fn st(name: &str, fields: Vec<(&str, G)>) -> G {
    G::Struct(name.into(), fields.into_iter().map(|(k, v)| (k.to_string(), v)).collect())
}

/// A struct of eight fields where only `field` differs.
fn eight(field: usize, value: G) -> G {
    let mut fields: Vec<(&str, G)> = vec![("A", s("a")), ("B", G::Int(2)), ("C", strings(&["x", "y"])), ("D", G::Bool(false)), ("E", G::Ptr(None)), ("F", s("")), ("G", G::Int(7)), ("H", s("h"))];
    fields[field].1 = value;
    st("pkg.T", fields)
}

#[test]
fn equal_values_have_no_report() {
    assert_eq!(diff(&eight(0, s("a")), &eight(0, s("a"))), "");
}

#[test]
fn a_changed_field_shows_two_records_of_context_and_counts_the_rest() {
    let got = diff(&eight(4, G::Ptr(None)), &eight(4, G::Ptr(Some(Box::new(G::Int(5))))));
    // Three equal records after it: two of context and the last, since one is never elided.
    let want = "  pkg.T{\n  \t... // 2 identical fields\n  \tC: {\"x\", \"y\"},\n  \tD: false,\n- \tE: nil,\n+ \tE: &5,\n  \tF: \"\",\n  \tG: 7,\n  \tH: \"h\",\n  }\n";
    assert_eq!(got, want);
}

#[test]
fn a_changed_slice_element_is_diffed_inside_the_slice() {
    let got = diff(&eight(2, strings(&["x", "y"])), &eight(2, strings(&["x", "z"])));
    let want = "  pkg.T{\n  \tA: \"a\",\n  \tB: 2,\n  \tC: []string{\n  \t\t\"x\",\n- \t\t\"y\",\n+ \t\t\"z\",\n  \t},\n  \tD: false,\n  \tE: nil,\n  \t... // 3 identical fields\n  }\n";
    assert_eq!(got, want);
}

#[test]
fn four_equal_records_after_a_change_elide_two() {
    let x = st("pkg.T", vec![("A", s("a")), ("B", s("b")), ("C", s("c")), ("D", s("d")), ("E", s("e"))]);
    let y = st("pkg.T", vec![("A", s("z")), ("B", s("b")), ("C", s("c")), ("D", s("d")), ("E", s("e"))]);
    assert_eq!(diff(&x, &y), "  pkg.T{\n- \tA: \"a\",\n+ \tA: \"z\",\n  \tB: \"b\",\n  \tC: \"c\",\n  \t... // 2 identical fields\n  }\n");
}

#[test]
fn strings_that_quoting_would_escape_are_backquoted() {
    assert_eq!(go_literal("plain"), "\"plain\"");
    assert_eq!(go_literal("echo \"hi\""), "`echo \"hi\"`");
    assert_eq!(go_literal("a\nb"), "\"a\\nb\"");
    assert_eq!(go_literal("back`tick\""), "\"back`tick\\\"\"");
}

#[test]
fn stringer_map_keys_and_inserted_entries() {
    let m = |e: Vec<(&str, &str)>| G::Map { ty: "core.ResourceList".into(), stringer_keys: true, entries: Some(e.into_iter().map(|(k, v)| (k.to_string(), s(v))).collect()) };
    let got = diff(&st("pkg.R", vec![("Limits", m(vec![("cpu", "1")]))]), &st("pkg.R", vec![("Limits", m(vec![("cpu", "1"), ("memory", "2")]))]));
    // Keys of one-line records line up.
    assert_eq!(got, "  pkg.R{\n  \tLimits: core.ResourceList{\n  \t\ts\"cpu\":    \"1\",\n+ \t\ts\"memory\": \"2\",\n  \t},\n  }\n");
}

#[test]
fn a_long_removed_value_is_broken_over_lines() {
    let item = |name: &str, value: &str| st("pkg.Item", vec![("Name", s(name)), ("Value", s(value))]);
    let long = item("a-rather-long-name-for-an-item", "and-an-even-longer-value-to-pass-eighty-columns");
    let x = G::Slice("[]pkg.Item".into(), Some(vec![long, item("b", "c")]));
    let y = G::Slice("[]pkg.Item".into(), Some(vec![item("b", "c")]));
    let got = diff(&st("pkg.T", vec![("Items", x)]), &st("pkg.T", vec![("Items", y)]));
    let want = "  pkg.T{\n  \tItems: []pkg.Item{\n- \t\t{\n- \t\t\tName:  \"a-rather-long-name-for-an-item\",\n- \t\t\tValue: \"and-an-even-longer-value-to-pass-eighty-columns\",\n- \t\t},\n  \t\t{Name: \"b\", Value: \"c\"},\n  \t},\n  }\n";
    assert_eq!(got, want);
}

#[test]
fn a_list_whose_only_change_is_one_element_is_shown_whole() {
    // One removed element is the list's only leaf: NumChildren == MaxDepth, so go-cmp prints the
    // list as removed and inserted values.
    let x = G::Slice("[]string".into(), Some(vec![s("a")]));
    let y = G::Slice("[]string".into(), Some(vec![]));
    assert_eq!(diff(&st("pkg.T", vec![("L", x)]), &st("pkg.T", vec![("L", y)])), "  pkg.T{\n- \tL: []string{\"a\"},\n+ \tL: []string{},\n  }\n");
}

#[test]
fn nil_and_empty_are_semantically_equal_but_not_to_cmp() {
    let (nil, empty) = (G::Slice("[]string".into(), None), G::Slice("[]string".into(), Some(vec![])));
    assert!(semantic_eq(&nil, &empty));
    assert_eq!(diff(&st("pkg.T", vec![("S", nil)]), &st("pkg.T", vec![("S", empty)])), "  pkg.T{\n- \tS: nil,\n+ \tS: []string{},\n  }\n");
}

#[test]
fn identical_values_are_cut_at_four_entries_per_level() {
    let many = strings(&["1", "2", "3", "4", "5"]);
    let got = diff(&st("pkg.T", vec![("L", many.clone()), ("X", s("a"))]), &st("pkg.T", vec![("L", many), ("X", s("b"))]));
    assert_eq!(got, "  pkg.T{\n  \tL: {\"1\", \"2\", \"3\", \"4\", ...},\n- \tX: \"a\",\n+ \tX: \"b\",\n  }\n");
}

#[test]
fn stats_read_as_english() {
    let st = |identical, modified| Stats { name: "entry", identical, modified, ..Default::default() };
    assert_eq!(st(1, 0).to_string(), "1 identical entry");
    assert_eq!(st(3, 0).to_string(), "3 identical entries");
    assert_eq!(st(2, 1).to_string(), "2 identical and 1 modified entries");
}
