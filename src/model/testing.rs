//! Builders and proptest strategies shared by the model's and io's tests.

use jiff::Timestamp;
use proptest::prelude::*;

use super::*;

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
    let mut project = Project::new("Test", "corpus");
    for (id, text) in TEXTS {
        let doc = Document::new(
            DocumentId::from(id),
            id.to_owned(),
            text,
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
    Annotation {
        id: AnnotationId(id),
        document: DocumentId::from(doc_id),
        span,
        label: label.clone(),
        sentiment: None,
        target: None,
        note: String::new(),
        annotator: "tester".to_owned(),
        created: Timestamp::from_second(1_700_000_000 + id as i64).expect("valid time"),
        modified: Timestamp::from_second(1_700_000_000 + id as i64).expect("valid time"),
        status: AnnotationStatus::Accepted,
        quote: Quote::capture(text, span),
        orphaned: false,
    }
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
                a.status = AnnotationStatus::Suggested {
                    source: "rule:test".into(),
                    score: 0.5,
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
            accept_suggestion_edit(project, nth_suggestion(project, *pick)?).ok()?
        }
        Op::Reject { pick } => {
            reject_suggestion_edit(project, nth_suggestion(project, *pick)?).ok()?
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
