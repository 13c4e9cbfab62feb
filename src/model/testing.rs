//! The test kit: builders, a span notation and proptest strategies shared by
//! the crate's unit tests, the integration tests (`tests/`), the benches and
//! the examples. Not for app code.
//!
//! It is compiled for `cfg(test)` and with the `testing` feature, which the
//! crate's dev-dependency on itself turns on for `cargo test` and `cargo
//! bench` only (see Cargo.toml); a normal build has no such module.

use jiff::Timestamp;
use proptest::prelude::*;

use super::*;

/// A text and its spans, written in one string with the spans in brackets,
/// as helix's tests mark selections:
///
/// ```text
/// marked("Critics [called the plan] unrealistic.")
///   == ("Critics called the plan unrealistic.", [Span 8..23])
///          0       8              23
/// ```
///
/// Any number of `[…]` pairs may appear, nested too; the spans come in the
/// order of their `[`, as byte offsets ([`Span`]) into the returned text.
/// `\[`, `\]` and `\\` stand for a literal `[`, `]` and `\` (write the
/// test text as a raw string: `r"a \[1\] [b]"`); any other `\` is itself.
///
/// # Panics
/// On a `]` that closes no `[`, or a `[` that is never closed, naming its
/// byte position in `s`.
#[track_caller]
pub fn marked(s: &str) -> (String, Vec<Span>) {
    let mut text = String::with_capacity(s.len());
    let mut spans: Vec<Span> = Vec::new();
    // Spans still open: (index in `spans`, byte position of the `[` in `s`).
    let mut open: Vec<(usize, usize)> = Vec::new();
    let mut chars = s.char_indices().peekable();
    while let Some((at, c)) = chars.next() {
        match c {
            '\\' => match chars.next_if(|(_, next)| matches!(next, '[' | ']' | '\\')) {
                Some((_, escaped)) => text.push(escaped),
                None => text.push('\\'),
            },
            '[' => {
                open.push((spans.len(), at));
                spans.push(Span::from((text.len(), text.len())));
            }
            ']' => {
                let Some((i, _)) = open.pop() else {
                    panic!("marked: the `]` at byte {at} closes no `[` in {s:?}");
                };
                spans[i].end = ByteOffset(text.len());
            }
            c => text.push(c),
        }
    }
    if let Some((_, at)) = open.first() {
        panic!("marked: the `[` at byte {at} is never closed in {s:?}");
    }
    (text, spans)
}

/// Two short documents with curly quotes, emoji and CJK.
pub const TEXTS: [(&str, &str); 2] = [
    (
        "a/first.txt",
        "OpenAI’s “deal” 👩‍👩‍👧 was signed.\nShares rose 5%.\n中文报道。",
    ),
    (
        "b/second.txt",
        "The deal was signed on Friday.\nCafe\u{301} owners said it was rash.",
    ),
];

/// A project over [`TEXTS`] with the default labels and no annotations.
pub fn base_project() -> Project {
    project_of("Test", "corpus", &TEXTS)
}

/// A project named `name` over the folder `corpus`, listing the documents
/// `(id, text)` (each titled with its id), without annotations.
pub fn project_of(name: &str, corpus: &str, documents: &[(&str, &str)]) -> Project {
    let mut project = Project::new(name, corpus);
    for (id, text) in documents {
        let doc = Document::new(
            DocumentId::from(*id),
            (*id).to_owned(),
            *text,
            SourceFormat::Text,
            "UTF-8",
        );
        project
            .documents
            .insert(doc.id.clone(), DocRecord::of(&doc));
    }
    project
}

/// An accepted annotation of `TEXTS[doc]` at a char-boundary span derived from `start`/`len`.
pub fn annotation(
    project: &Project,
    id: u64,
    doc: usize,
    start: usize,
    len: usize,
    label: &LabelId,
) -> Annotation {
    let (doc_id, text) = TEXTS[doc % TEXTS.len()];
    let start = text::floor_char_boundary(text, start % (text.len() + 1));
    let end = text::floor_char_boundary(text, (start + len).min(text.len()));
    let span = Span::from((start, end.max(start)));
    let _ = project;
    Annotation::new(
        AnnotationId(id),
        DocumentId::from(doc_id),
        text,
        span,
        label.clone(),
        "tester",
        Timestamp::from_second(1_700_000_000 + id as i64).expect("valid time"),
    )
}

/// An abstract operation, turned into a concrete [`Edit`] against the current project.
#[derive(Clone, Debug)]
pub enum Op {
    Add {
        doc: usize,
        start: usize,
        len: usize,
        label: usize,
        suggested: bool,
    },
    Remove {
        pick: usize,
    },
    Update {
        pick: usize,
        label: usize,
        sentiment: Option<u8>,
        note: String,
        target: Option<String>,
    },
    AddLink {
        a: usize,
        b: usize,
        kind: u8,
    },
    RemoveLink {
        pick: usize,
    },
    UpdateLink {
        pick: usize,
        kind: u8,
        note: String,
    },
    AddLabel {
        name: String,
        key: Option<u8>,
        index: usize,
    },
    RemoveLabel {
        pick: usize,
        policy: u8,
    },
    UpdateLabel {
        pick: usize,
        name: String,
        color: [u8; 3],
        key: Option<u8>,
    },
    SetDoc {
        doc: usize,
        status: u8,
        sentiment: Option<u8>,
        note: String,
    },
    BatchAdds {
        doc: usize,
        start: usize,
        label: usize,
    },
    Accept {
        pick: usize,
    },
    Reject {
        pick: usize,
    },
    /// Toggles an annotation's orphan flag and sets its document's hash, as
    /// accepting a re-anchoring does.
    Reanchor {
        pick: usize,
        hash: u8,
    },
    /// Lists a document that appeared in the corpus folder (as the watcher does).
    AddDocument {
        name: u8,
    },
    /// Forgets a document (refused while annotations refer to it).
    RemoveDocument {
        pick: usize,
    },
}

/// Any operation.
pub fn op() -> impl Strategy<Value = Op> {
    let note = "[a-z “”😀 ]{0,6}";
    prop_oneof![
        3 => (0..2usize, 0..80usize, 0..30usize, 0..6usize, any::<bool>())
            .prop_map(|(doc, start, len, label, suggested)| Op::Add { doc, start, len, label, suggested }),
        1 => any::<usize>().prop_map(|pick| Op::Remove { pick }),
        2 => (any::<usize>(), 0..6usize, proptest::option::of(0..4u8), note, proptest::option::of("[A-Z][a-z]{0,5}"))
            .prop_map(|(pick, label, sentiment, note, target)| Op::Update { pick, label, sentiment, note, target }),
        2 => (any::<usize>(), any::<usize>(), 0..3u8).prop_map(|(a, b, kind)| Op::AddLink { a, b, kind }),
        1 => any::<usize>().prop_map(|pick| Op::RemoveLink { pick }),
        1 => (any::<usize>(), 0..3u8, note).prop_map(|(pick, kind, note)| Op::UpdateLink { pick, kind, note }),
        1 => ("[A-Z][a-z]{0,6}", proptest::option::of(0..11u8), 0..5usize)
            .prop_map(|(name, key, index)| Op::AddLabel { name, key, index }),
        1 => (any::<usize>(), 0..3u8).prop_map(|(pick, policy)| Op::RemoveLabel { pick, policy }),
        1 => (any::<usize>(), "[A-Z][a-z]{0,6}", any::<[u8; 3]>(), proptest::option::of(1..10u8))
            .prop_map(|(pick, name, color, key)| Op::UpdateLabel { pick, name, color, key }),
        1 => (0..2usize, 0..3u8, proptest::option::of(0..4u8), note)
            .prop_map(|(doc, status, sentiment, note)| Op::SetDoc { doc, status, sentiment, note }),
        1 => (0..2usize, 0..60usize, 0..6usize).prop_map(|(doc, start, label)| Op::BatchAdds { doc, start, label }),
        1 => any::<usize>().prop_map(|pick| Op::Accept { pick }),
        1 => any::<usize>().prop_map(|pick| Op::Reject { pick }),
        1 => (any::<usize>(), any::<u8>()).prop_map(|(pick, hash)| Op::Reanchor { pick, hash }),
        1 => (0..4u8).prop_map(|name| Op::AddDocument { name }),
        1 => any::<usize>().prop_map(|pick| Op::RemoveDocument { pick }),
    ]
}

fn nth<T: Clone>(items: impl Iterator<Item = T>, pick: usize) -> Option<T> {
    let items: Vec<T> = items.collect();
    (!items.is_empty()).then(|| items[pick % items.len()].clone())
}

/// The `pick`-th suggestion of the project (modulo their number).
fn nth_suggestion(project: &Project, pick: usize) -> Option<AnnotationId> {
    let suggestions = project
        .annotations
        .values()
        .filter(|a| a.status.is_suggested());
    nth(suggestions.map(|a| a.id), pick)
}

fn label_at(project: &Project, i: usize) -> LabelId {
    // Index past the schema gives an unknown label: edits must refuse it.
    project
        .labels
        .labels
        .get(i)
        .map_or_else(|| LabelId::from("no-such-label"), |l| l.id.clone())
}

/// The concrete edit for `op` against `project` (possibly one that will be refused).
pub fn edit_for(project: &Project, op: &Op) -> Option<Edit> {
    let sentiment = |s: Option<u8>| s.map(|s| Sentiment::ALL[s as usize % 4]);
    Some(match op {
        Op::Add {
            doc,
            start,
            len,
            label,
            suggested,
        } => {
            let mut a = annotation(
                project,
                project.next_annotation_id().0,
                *doc,
                *start,
                *len,
                &label_at(project, *label),
            );
            if *suggested {
                // Scores that are not round in binary: saving must keep them exact.
                a.status = AnnotationStatus::Suggested {
                    source: format!("rule:test{}", label % 2).into(),
                    score: (*start % 100) as f32 / 99.0,
                };
            }
            Edit::AddAnnotation(Box::new(a))
        }
        Op::Remove { pick } => {
            Edit::RemoveAnnotation(nth(project.annotations.keys().copied(), *pick)?)
        }
        Op::Update {
            pick,
            label,
            sentiment: s,
            note,
            target,
        } => {
            let mut a = nth(project.annotations.values().cloned(), *pick)?;
            a.label = label_at(project, *label);
            a.sentiment = sentiment(*s);
            a.note = note.clone();
            a.target = target.clone();
            a.modified = Timestamp::from_second(1_800_000_000).expect("valid time");
            Edit::UpdateAnnotation(Box::new(a))
        }
        Op::AddLink { a, b, kind } => Edit::AddLink(Link {
            id: project.next_link_id(),
            from: nth(project.annotations.keys().copied(), *a)?,
            to: nth(project.annotations.keys().copied(), *b)?,
            kind: LinkKind::ALL[*kind as usize % 3],
            note: String::new(),
        }),
        Op::RemoveLink { pick } => Edit::RemoveLink(nth(project.links.keys().copied(), *pick)?),
        Op::UpdateLink { pick, kind, note } => {
            let mut link = nth(project.links.values().cloned(), *pick)?;
            link.kind = LinkKind::ALL[*kind as usize % 3];
            link.note = note.clone();
            Edit::UpdateLink(link)
        }
        Op::AddLabel { name, key, index } => Edit::AddLabel {
            label: Label {
                id: project.labels.fresh_id(name),
                name: name.clone(),
                color: Rgb([1, 2, 3]),
                key: *key,
            },
            index: *index,
        },
        Op::RemoveLabel { pick, policy } => {
            let label = nth(project.labels.labels.iter().map(|l| l.id.clone()), *pick)?;
            match policy {
                0 => Edit::RemoveLabel(label),
                1 => {
                    let other = project
                        .labels
                        .labels
                        .iter()
                        .find(|l| l.id != label)?
                        .id
                        .clone();
                    remove_label_edit(project, &label, &LabelRemoval::Reassign(other))
                }
                _ => remove_label_edit(project, &label, &LabelRemoval::DeleteAnnotations),
            }
        }
        Op::UpdateLabel {
            pick,
            name,
            color,
            key,
        } => {
            let mut label = nth(project.labels.labels.iter().cloned(), *pick)?;
            label.name = name.clone();
            label.color = Rgb(*color);
            label.key = *key;
            Edit::UpdateLabel(label)
        }
        Op::SetDoc {
            doc,
            status,
            sentiment: s,
            note,
        } => Edit::SetDocFields {
            document: DocumentId::from(TEXTS[*doc % 2].0),
            fields: DocFields {
                sentiment: sentiment(*s),
                status: DocStatus::ALL[*status as usize % 3],
                note: note.clone(),
            },
        },
        Op::Accept { pick } => {
            let at = Timestamp::from_second(1_900_000_000).expect("valid time");
            accept_suggestion_edit(project, nth_suggestion(project, *pick)?, "acceptor", at).ok()?
        }
        Op::Reject { pick } => {
            reject_suggestion_edit(project, nth_suggestion(project, *pick)?).ok()?
        }
        Op::AddDocument { name } => {
            let (_, text) = TEXTS[*name as usize % TEXTS.len()];
            let id = DocumentId::from(format!("c/extra-{name}.txt").as_str());
            let doc = Document::new(
                id,
                format!("Extra {name}"),
                text,
                SourceFormat::Text,
                "UTF-8",
            );
            Edit::AddDocument(Box::new(DocRecord::of(&doc)))
        }
        Op::RemoveDocument { pick } => {
            Edit::RemoveDocument(nth(project.documents.keys().cloned(), *pick)?)
        }
        Op::Reanchor { pick, hash } => {
            let mut a = nth(project.annotations.values().cloned(), *pick)?;
            a.orphaned = !a.orphaned;
            let document = a.document.clone();
            Edit::Batch(vec![
                Edit::UpdateAnnotation(Box::new(a)),
                Edit::SetDocHash {
                    document,
                    hash: crate::model::ContentHash(format!("{hash:02x}")),
                },
            ])
        }
        Op::BatchAdds { doc, start, label } => {
            let id = project.next_annotation_id().0;
            let label = label_at(project, *label);
            Edit::Batch(vec![
                Edit::AddAnnotation(Box::new(annotation(project, id, *doc, *start, 5, &label))),
                Edit::AddAnnotation(Box::new(annotation(
                    project,
                    id + 1,
                    *doc,
                    *start + 7,
                    9,
                    &label,
                ))),
                Edit::AddLink(Link {
                    id: project.next_link_id(),
                    from: AnnotationId(id),
                    to: AnnotationId(id + 1),
                    kind: LinkKind::Supports,
                    note: "batch".into(),
                }),
            ])
        }
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn spans(pairs: &[(usize, usize)]) -> Vec<Span> {
        pairs.iter().map(|&p| Span::from(p)).collect()
    }

    #[test]
    fn marked_takes_the_brackets_out_and_returns_their_spans() {
        let (text, found) = marked("Critics [called the plan] unrealistic.");
        assert_eq!(text, "Critics called the plan unrealistic.");
        assert_eq!(found, spans(&[(8, 23)]));
        assert_eq!(found[0].slice(&text), Some("called the plan"));
        let (text, found) = marked("[A] deal, [] and [the end]");
        assert_eq!(text, "A deal,  and the end");
        assert_eq!(found, spans(&[(0, 1), (8, 8), (13, 20)]));
        assert_eq!(marked("no spans"), ("no spans".to_owned(), Vec::new()));
    }

    #[test]
    fn marked_counts_bytes_of_multi_byte_text() {
        let (text, found) = marked("OpenAI’s [“deal”] 👩‍👩‍👧 [中文报道]。");
        assert_eq!(text, "OpenAI’s “deal” 👩‍👩‍👧 中文报道。");
        let quotes: Vec<&str> = found.iter().map(|s| s.slice(&text).unwrap()).collect();
        assert_eq!(quotes, ["“deal”", "中文报道"]);
        // "OpenAI’s " is 11 bytes (’ is 3), “deal” is 10, the family 18.
        assert_eq!(found, spans(&[(11, 21), (41, 53)]));
        for span in &found {
            span.check(&text).unwrap();
        }
    }

    #[test]
    fn marked_spans_may_nest_and_come_in_the_order_of_their_bracket() {
        let (text, found) = marked("[Shares [rose] 5%] and [[fell]]");
        assert_eq!(text, "Shares rose 5% and fell");
        assert_eq!(found, spans(&[(0, 14), (7, 11), (19, 23), (19, 23)]));
    }

    #[test]
    fn marked_escapes_brackets_and_backslashes() {
        let (text, found) = marked(r"see \[1\], [a\]b] and C:\\x\y");
        assert_eq!(text, r"see [1], a]b and C:\x\y");
        assert_eq!(found, spans(&[(9, 12)]));
    }

    #[test]
    #[should_panic(expected = "marked: the `]` at byte 3 closes no `[` in \"ab ]c\"")]
    fn marked_refuses_a_lone_closing_bracket() {
        marked("ab ]c");
    }

    #[test]
    #[should_panic(expected = "marked: the `[` at byte 2 is never closed in \"a [b [c] d\"")]
    fn marked_refuses_an_unclosed_bracket() {
        marked("a [b [c] d");
    }
}
