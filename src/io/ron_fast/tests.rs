//! The fast reader and writer against `ron` itself: the writer's bytes are
//! `ron`'s, the reader reads `ron`'s output as `ron` does, and on any text
//! (mutated, truncated) the reader either gives up or agrees with `ron`.

use proptest::prelude::*;
use serde::{Deserialize, Serialize};

use super::{Layout, from_str, to_string};

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
enum Kind {
    Plain,
    Wrapped(u32),
    Pair(u8, String),
    Fields { source: String, score: f32 },
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
struct Inner {
    text: String,
    #[serde(default)]
    maybe: Option<Kind>,
    span: (usize, usize),
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    flag: bool,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
struct Shapes {
    name: String,
    count: u64,
    delta: i64,
    ratio: f64,
    key: Option<u8>,
    items: Vec<Inner>,
    kinds: Vec<Kind>,
    nested: Vec<Vec<(u32, Kind)>>,
    empty: Vec<String>,
}

fn config(depth: usize) -> ron::ser::PrettyConfig {
    ron::ser::PrettyConfig::new()
        .depth_limit(depth)
        .indentor("  ")
        .struct_names(false)
        .escape_strings(true)
}

/// Strings with what escaping must get right: quotes, backslashes,
/// control characters, combining marks, bidi marks, emoji, CJK.
fn text() -> impl Strategy<Value = String> {
    prop_oneof![
        "\\PC{0,12}",
        proptest::collection::vec(
            prop_oneof![
                Just('"'),
                Just('\''),
                Just('\\'),
                Just('\n'),
                Just('\t'),
                Just('\u{0}'),
                Just('\u{7f}'),
                Just('\u{301}'),
                Just('\u{200f}'),
                Just('\u{2028}'),
                Just('é'),
                Just('😀'),
                Just('市'),
                any::<char>(),
                Just(' '),
                Just('a'),
            ],
            0..12
        )
        .prop_map(|chars| chars.into_iter().collect()),
    ]
}

fn kind() -> impl Strategy<Value = Kind> {
    prop_oneof![
        Just(Kind::Plain),
        any::<u32>().prop_map(Kind::Wrapped),
        (any::<u8>(), text()).prop_map(|(n, s)| Kind::Pair(n, s)),
        (
            text(),
            any::<f32>().prop_filter("comparable", |f| !f.is_nan())
        )
            .prop_map(|(source, score)| Kind::Fields { source, score }),
    ]
}

fn inner() -> impl Strategy<Value = Inner> {
    (
        text(),
        proptest::option::of(kind()),
        any::<(usize, usize)>(),
        any::<bool>(),
    )
        .prop_map(|(text, maybe, span, flag)| Inner {
            text,
            maybe,
            span,
            flag,
        })
}

fn shapes() -> impl Strategy<Value = Shapes> {
    (
        text(),
        any::<u64>(),
        any::<i64>(),
        any::<f64>().prop_filter("comparable", |f| !f.is_nan()),
        proptest::option::of(any::<u8>()),
        proptest::collection::vec(inner(), 0..4),
        proptest::collection::vec(kind(), 0..3),
        proptest::collection::vec(
            proptest::collection::vec((any::<u32>(), kind()), 0..3),
            0..3,
        ),
    )
        .prop_map(
            |(name, count, delta, ratio, key, items, kinds, nested)| Shapes {
                name,
                count,
                delta,
                ratio,
                key,
                items,
                kinds,
                nested,
                empty: Vec::new(),
            },
        )
}

/// `value` as `ron` writes it, `with` inserted at a place `at` picks (the
/// text cut there first when `cut`).
fn damaged(value: &Shapes, at: prop::sample::Index, with: &str, cut: bool) -> String {
    let mut text = ron::ser::to_string_pretty(value, config(3)).unwrap();
    let mut i = at.index(text.len() + 1);
    while !text.is_char_boundary(i) {
        i -= 1;
    }
    if cut {
        text.truncate(i);
    }
    text.insert_str(i, with);
    text
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(300))]

    /// The writer's bytes are `ron`'s, at every depth limit.
    #[test]
    fn writes_what_ron_writes(value in shapes(), depth in 0usize..6) {
        let ours = to_string(&value, Layout { depth_limit: depth }).unwrap();
        let theirs = ron::ser::to_string_pretty(&value, config(depth)).unwrap();
        prop_assert_eq!(ours, theirs);
    }

    /// What `ron` writes, the reader reads as `ron` does (infinities and
    /// other forms it leaves to `ron` aside).
    #[test]
    fn reads_what_ron_reads(value in shapes(), depth in 0usize..6) {
        let text = ron::ser::to_string_pretty(&value, config(depth)).unwrap();
        let theirs: Shapes = ron::from_str(&text).unwrap();
        match from_str::<Shapes>(&text, 64) {
            Ok(ours) => prop_assert_eq!(ours, theirs),
            Err(why) => prop_assert!(text.contains("inf"), "refused {}: {}", text, why),
        }
    }

    /// On damaged text the reader gives up or agrees with `ron`: it never
    /// reads a value `ron` refuses, nor another value.
    #[test]
    fn damaged_text_is_refused_or_read_as_ron_reads_it(
        value in shapes(),
        at in any::<prop::sample::Index>(),
        with in prop_oneof![Just(""), Just(","), Just(")"), Just("]"), Just("\""), Just("\\"),
            Just("//"), Just("/*"), Just("r#"), Just("0x1"), Just("-"), Just("Some("), Just(" "),
            Just("1_0"), Just("5u8"), Just("."), Just("e"), Just("\\u{"), Just("None")],
        cut in any::<bool>(),
    ) {
        let text = damaged(&value, at, with, cut);
        if let Ok(ours) = from_str::<Shapes>(&text, 64) {
            let theirs = ron::from_str::<Shapes>(&text);
            prop_assert!(theirs.is_ok(), "read what ron refuses: {:?}", text);
            prop_assert_eq!(ours, theirs.unwrap());
        }
    }
}

#[test]
fn comments_white_space_and_trailing_commas_are_read() {
    let text = "// a project\n(\n  name: \"x\" , count: 1,delta: -2,\tratio: 0.5,\r\n key: None,\
                items: [ ( text: \"a\\u{e9}\\n\", span: (1, 2,), maybe: Some(Fields(source: \"s\", score: 1e-3)), ), ],\
                kinds: [Plain, Wrapped(7), Pair(3, \"\\\"\")], nested: [[(1, Plain)]], empty: [],\n)\n// end";
    let ours: Shapes = from_str(text, 64).unwrap();
    assert_eq!(ours, ron::from_str::<Shapes>(text).unwrap());
    assert_eq!(ours.items[0].text, "aé\n");
}

#[test]
fn runs_of_spaces_of_any_length_are_skipped() {
    // Runs shorter than, as long as and longer than the eight bytes skipped
    // at once, before a token, the end and a comment, near the text's end.
    for n in 0..20 {
        let pad = " ".repeat(n);
        for text in [
            format!("{pad}[{pad}1,{pad}\n{pad}2{pad},\t{pad}3{pad}]{pad}"),
            format!("[1,{pad}// {pad}note\n{pad}2]\n{pad}"),
        ] {
            let ours: Vec<u8> = from_str(&text, 64).unwrap();
            assert_eq!(ours, ron::from_str::<Vec<u8>>(&text).unwrap(), "{text:?}");
            assert!(!ours.is_empty());
        }
    }
}

#[test]
fn what_it_does_not_read_is_refused_not_misread() {
    let base = "(name: \"x\", count: 1, delta: 2, ratio: 0.5, key: None, items: [], kinds: [], nested: [], empty: [])";
    assert!(from_str::<Shapes>(base, 64).is_ok());
    for (from, to) in [
        ("\"x\"", "r\"x\""),
        ("count: 1", "count: 0x1"),
        ("count: 1", "count: 1_0"),
        ("count: 1", "count: 01"),
        ("count: 1", "count: 1u64"),
        ("count: 1", "/* c */ count: 1"),
        ("ratio: 0.5", "ratio: 5"),
        ("ratio: 0.5", "ratio: inf"),
        ("(name", "Shapes(name"),
        ("(name", "#![enable(implicit_some)] (name"),
        ("key: None", "key: 3"),
        ("empty: [])", "empty: []) x"),
    ] {
        let text = base.replacen(from, to, 1);
        assert!(from_str::<Shapes>(&text, 64).is_err(), "read {text}");
    }
    let deep = format!("{}{}", "[".repeat(70), "]".repeat(70));
    assert!(from_str::<Vec<serde::de::IgnoredAny>>(&deep, 64).is_err());
}

#[test]
fn a_leading_field_is_read_without_the_rest() {
    use super::leading_string_field as field;
    let text = "// c\n(\n  format: \"p\",\n  version: 1,\n  list: [(a: 1), \"x\"],\n  corpus: \"../a\\u{e9}\",\n  rest: [";
    assert_eq!(field(text, "corpus").as_deref(), Some("../a\u{e9}"));
    assert_eq!(field(text, "format").as_deref(), Some("p"));
    assert_eq!(field(text, "version"), None, "not a string");
    assert_eq!(field(text, "missing"), None, "the text ends first");
    assert_eq!(field("(corpus: r\"x\")", "corpus"), None);
}

#[test]
fn the_first_records_of_a_leading_list_are_read_without_the_rest() {
    use super::leading_list_strings as ids;
    let text = "(\n  corpus: \"c\",\n  labels: [(id: \"x\")],\n  documents: [\n    (\n      title: \"T, (1)\",\n      id: \"a.txt\",\n      fields: (note: \"id: \\\"no\\\"\"),\n    ),\n    (id: \"b\\u{e9}.txt\"),\n    (id: \"c.txt\", title: \"cut";
    assert_eq!(
        ids(text, "documents", "id", 5),
        ["a.txt", "b\u{e9}.txt"],
        "a cut record is left out"
    );
    assert_eq!(ids(text, "documents", "id", 1), ["a.txt"]);
    assert_eq!(ids(text, "labels", "id", 5), ["x"]);
    assert!(
        ids(text, "annotations", "id", 5).is_empty(),
        "the text ends first"
    );
    assert!(ids("(documents: [])", "documents", "id", 5).is_empty());
    assert!(ids("(documents: 3)", "documents", "id", 5).is_empty());
}

#[test]
fn a_trailing_field_is_read_from_the_end_alone() {
    use super::trailing_field as field;
    #[derive(Debug, PartialEq, serde::Deserialize)]
    struct View {
        open: Vec<String>,
        #[serde(default)]
        sync_scroll: bool,
    }
    let tail = "s\",\n  ],\n  view: (\n    open: [\n      \"a.txt\",\n      \"view: b\",\n    ],\n    sync_scroll: true,\n  ),\n)\n";
    let view = View {
        open: vec!["a.txt".into(), "view: b".into()],
        sync_scroll: true,
    };
    assert_eq!(field::<View>(tail, "view"), Some(view));
    // The field must end the struct, and the struct the text.
    assert_eq!(field::<View>("view: (open: []), other: 1)", "view"), None);
    assert_eq!(field::<View>("view: (open: []))\nmore", "view"), None);
    assert_eq!(
        field::<View>("view: (open: [\"a\"", "view"),
        None,
        "cut short"
    );
    assert_eq!(
        field::<View>("preview: (open: []))", "view"),
        None,
        "part of another name"
    );
    assert_eq!(
        field::<View>(" view: (open: [])\n)", "view"),
        Some(View {
            open: vec![],
            sync_scroll: false
        })
    );
}

/// Shapes with a longer `items` list, for reading it in pieces.
fn long_shapes() -> impl Strategy<Value = Shapes> {
    (shapes(), proptest::collection::vec(inner(), 0..30)).prop_map(|(mut shapes, items)| {
        shapes.items = items;
        shapes
    })
}

/// `text` read with its `items` in pieces, both ways: from the text
/// (`from_str_in_pieces`) and as it is read (`from_reader_in_pieces`, which
/// must be given every byte once, in order; with no helper thread, as on
/// one core, when `in_flight` is 2); the items put back in place.
fn read_in_pieces(text: &str, piece: usize, block: usize, in_flight: usize) -> [Option<Shapes>; 2] {
    let whole = |(mut value, pieces): (Shapes, Option<Vec<Vec<Inner>>>)| {
        if let Some(pieces) = pieces {
            assert!(value.items.is_empty());
            value.items = pieces.into_iter().flatten().collect();
        }
        value
    };
    let from_text = super::from_str_in_pieces::<Shapes, Inner>(text, "items", piece, 64)
        .ok()
        .map(whole);
    let mut seen = Vec::new();
    let sizes = super::Sizes {
        piece,
        block,
        in_flight,
        helpers: Some((in_flight + 1) % 3),
        expected: block,
    };
    let streamed = super::from_reader_in_pieces::<Shapes, Inner>(
        text.as_bytes(),
        "items",
        sizes,
        64,
        &mut |bytes| seen.extend_from_slice(bytes),
    )
    .unwrap();
    let from_input = match streamed {
        super::Streamed::Read(value, pieces) => {
            assert_eq!(seen, text.as_bytes(), "every byte seen once, in order");
            Some(whole((value, Some(pieces))))
        }
        super::Streamed::Refused => None,
    };
    [from_text, from_input]
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(300))]

    /// Read in pieces, from the text or as it is read, with any piece and
    /// block sizes, a list reads as it reads whole (and as `ron` reads it).
    #[test]
    fn a_list_in_pieces_reads_as_the_whole(
        value in long_shapes(),
        depth in 2usize..6,
        piece in 1usize..400,
        block in 1usize..300,
        in_flight in 0usize..3,
    ) {
        let text = ron::ser::to_string_pretty(&value, config(depth)).unwrap();
        let theirs: Shapes = ron::from_str(&text).unwrap();
        let whole = from_str::<Shapes>(&text, 64);
        for (how, ours) in ["text", "input"].into_iter().zip(read_in_pieces(&text, piece, block, in_flight)) {
            match (&whole, ours) {
                (Ok(whole), Some(ours)) => {
                    prop_assert_eq!(&ours, whole, "{}", how);
                    prop_assert_eq!(&ours, &theirs, "{}", how);
                }
                (Err(_), None) => {}
                // Laid out on one line (below the depth limit): not read
                // as it is read, but by the caller, whole.
                (Ok(_), None) if how == "input" && !text.contains("\n  ]") => {}
                (whole, ours) => prop_assert!(false, "{how}: whole {whole:?}, in pieces {ours:?}"),
            }
        }
    }

    /// On damaged text, reading in pieces gives up or reads what `ron`
    /// reads: a cut never lands inside a string or a comment unnoticed.
    #[test]
    fn damaged_text_in_pieces_is_refused_or_read_as_ron_reads_it(
        value in long_shapes(),
        at in any::<prop::sample::Index>(),
        with in prop_oneof![Just(""), Just(","), Just(")"), Just("]"), Just("\""), Just("\\"),
            Just("//"), Just("// c,\n    ("), Just(",\n    ("), Just("\n  ]"), Just("\"\n  ]\""),
            Just("\",\n    (\""), Just("/*"), Just("r#\""), Just("Some("), Just(" "), Just("\n")],
        cut in any::<bool>(),
        piece in 1usize..200,
        block in 1usize..100,
    ) {
        let text = damaged(&value, at, with, cut);
        for ours in read_in_pieces(&text, piece, block, 1).into_iter().flatten() {
            let theirs = ron::from_str::<Shapes>(&text);
            prop_assert!(theirs.is_ok(), "read what ron refuses: {:?}", text);
            prop_assert_eq!(ours, theirs.unwrap());
        }
    }
}

#[test]
fn a_comment_that_hides_the_comma_before_a_cut_is_refused() {
    let item = "    (\n      text: \"a\",\n      span: (1, 2),\n    )";
    let text = format!(
        "(\n  name: \"x\",\n  count: 1,\n  delta: 2,\n  ratio: 0.5,\n  key: None,\n  items: [\n{item} // c,\n{item},\n  ],\n  kinds: [],\n  nested: [],\n  empty: [],\n)"
    );
    assert!(
        ron::from_str::<Shapes>(&text).is_err(),
        "no comma between the items"
    );
    assert!(super::list_field_pieces(&text, "items", 1, 64).is_some_and(|l| l.pieces.len() == 2));
    assert_eq!(read_in_pieces(&text, 1, 7, 1), [None, None]);
    let fixed = text.replace(" // c,", ", // c");
    let theirs: Shapes = ron::from_str(&fixed).unwrap();
    assert_eq!(theirs.items.len(), 2);
    assert_eq!(
        read_in_pieces(&fixed, 1, 7, 1),
        [Some(theirs.clone()), Some(theirs)]
    );
}

#[test]
fn a_list_found_inside_a_string_is_refused_not_misread() {
    // A hand-written string with raw line breaks that look like the list's
    // own lines (an empty list): the place found for the list is inside the
    // string, where its pieces read, and so does the text around it, with
    // another string; only the check that the list was read as a list
    // refuses it.
    let item = "    (\n      text: \"a\",\n      span: (1, 2),\n    ),";
    let text = format!(
        "(\n  name: \"x\n  items: [\n  ]\",\n  count: 1,\n  delta: 2,\n  ratio: 0.5,\n  key: None,\n  items: [\n{item}\n{item}\n  ],\n  kinds: [],\n  nested: [],\n  empty: [],\n)"
    );
    let theirs: Shapes = ron::from_str(&text).unwrap();
    assert_eq!(theirs.items.len(), 2);
    assert!(theirs.name.contains("items: ["));
    for (piece, block) in [(1, 1), (1, 7), (40, 1000)] {
        let [from_text, from_input] = read_in_pieces(&text, piece, block, 1);
        for ours in [from_text, from_input].into_iter().flatten() {
            assert_eq!(ours, theirs);
        }
    }
}

#[test]
fn a_cut_that_does_not_hold_is_read_in_one_and_crlf_in_one_piece() {
    let item = |text: &str| format!("    (\n      text: {text:?},\n      span: (1, 2),\n    ),");
    // A hand-written string whose raw line break is followed by the
    // writer's item line: a cut there does not hold, the text is read in one.
    let text = format!(
        "(\n  name: \"x\",\n  count: 1,\n  delta: 2,\n  ratio: 0.5,\n  key: None,\n  items: [\n{}\n    (\n      text: \"a,\n    (b\",\n      span: (3, 4),\n    ),\n{}\n  ],\n  kinds: [],\n  nested: [],\n  empty: [],\n)",
        item("one"),
        item("two")
    );
    let theirs: Shapes = ron::from_str(&text).unwrap();
    assert_eq!(theirs.items.len(), 3);
    assert_eq!(theirs.items[1].text, "a,\n    (b");
    let [from_text, from_input] = read_in_pieces(&text, 1, 5, 1);
    assert_eq!(
        from_text.as_ref(),
        Some(&theirs),
        "read in one after the cut failed"
    );
    assert!(from_input.is_none_or(|ours| ours == theirs));
    // CRLF line ends: no item line is found, the list is one piece.
    let crlf = text.replace('\n', "\r\n");
    let theirs: Shapes = ron::from_str(&crlf).unwrap();
    let [from_text, from_input] = read_in_pieces(&crlf, 1, 5, 1);
    assert_eq!(from_text, Some(theirs.clone()));
    assert_eq!(from_input, Some(theirs));
}

#[test]
fn a_broken_unicode_escape_is_refused_not_a_panic() {
    for text in [
        "\"\\u}\"",
        "\"\\ué}\"",
        "\"\\u{}\"",
        "\"\\u{1234567}\"",
        "\"\\u{d800}\"",
    ] {
        assert!(from_str::<String>(text, 8).is_err(), "{text}");
    }
    assert_eq!(from_str::<String>("\"\\u{e9}\"", 8).unwrap(), "é");
}
