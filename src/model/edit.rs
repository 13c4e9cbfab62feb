//! Edits: every change to a project, each applied in one place that returns its inverse.

use super::annotation::AnnotationStatus;
use super::annotation::{Annotation, AnnotationId, Link, LinkId, MAX_ID};
use super::document::{ContentHash, DocFields, DocRecord, DocStatus, DocumentId};
use super::label::{Label, LabelId, name_key, name_problem};
use super::project::{Project, Rejection};

/// One change to a project. [`apply`] performs it and returns the edit that undoes it.
#[derive(Clone, Debug, PartialEq)]
pub enum Edit {
    AddAnnotation(Box<Annotation>),
    /// Removes the annotation and every link that touches it.
    RemoveAnnotation(AnnotationId),
    /// Replaces the annotation with the same id.
    UpdateAnnotation(Box<Annotation>),
    AddLink(Link),
    RemoveLink(LinkId),
    /// Replaces the link with the same id.
    UpdateLink(Link),
    /// Inserts a label at `index` in the schema (clamped to its length).
    AddLabel {
        label: Label,
        index: usize,
    },
    /// Removes a label; refused while any annotation uses it.
    RemoveLabel(LabelId),
    /// Replaces the label with the same id (rename, recolour, rebind key).
    UpdateLabel(Label),
    SetDocFields {
        document: DocumentId,
        fields: DocFields,
    },
    /// Sets the hash of the text a document's annotations are anchored to
    /// (after re-anchoring them to a changed text).
    SetDocHash {
        document: DocumentId,
        hash: ContentHash,
    },
    /// Lists a document that appeared in the corpus folder.
    AddDocument(Box<DocRecord>),
    /// Forgets a document; refused while any annotation refers to it.
    RemoveDocument(DocumentId),
    /// Remembers a rejected suggestion.
    AddRejection(Rejection),
    /// Forgets a rejected suggestion.
    RemoveRejection(Rejection),
    /// Several edits as one step, applied in order (all or nothing).
    Batch(Vec<Edit>),
}

/// Why an edit was refused. A refused edit changes nothing.
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
pub enum EditError {
    #[error("annotation {0} already exists")]
    DuplicateAnnotation(AnnotationId),
    #[error("there is no annotation {0}")]
    NoAnnotation(AnnotationId),
    #[error("link {0} already exists")]
    DuplicateLink(LinkId),
    #[error("there is no link {0}")]
    NoLink(LinkId),
    #[error("a link cannot join annotation {0} to itself")]
    SelfLink(AnnotationId),
    #[error("there is no document {0}")]
    NoDocument(DocumentId),
    #[error("there is no label {0:?}")]
    NoLabel(LabelId),
    #[error("label {0:?} already exists")]
    DuplicateLabel(LabelId),
    #[error("label name {0:?} is already used")]
    DuplicateLabelName(String),
    #[error("{reason}: {name:?}")]
    BadLabelName { name: String, reason: String },
    #[error("id {0} is above the largest id, {MAX_ID}")]
    IdTooLarge(u64),
    #[error("annotation {id}: suggestion score {score} is not a number between 0 and 1")]
    BadScore { id: AnnotationId, score: String },
    #[error("key {key} is already bound to label {label:?}")]
    KeyInUse { key: u8, label: String },
    #[error("key {0} is not between 1 and 9")]
    BadKey(u8),
    #[error("this suggestion was already rejected")]
    DuplicateRejection,
    #[error("this suggestion was not rejected")]
    NoRejection,
    #[error("annotation {0} is not a suggestion")]
    NotASuggestion(AnnotationId),
    #[error("label {label:?} is used by {count} annotation(s): reassign or delete them first")]
    LabelInUse { label: String, count: usize },
    #[error("document {0} is already in the project")]
    DuplicateDocument(DocumentId),
    #[error("document {document} has {count} annotation(s): they are kept with it")]
    DocumentInUse { document: DocumentId, count: usize },
}

/// Applies `edit` to `project` and returns its inverse. On error the project is unchanged.
pub fn apply(project: &mut Project, edit: Edit) -> Result<Edit, EditError> {
    Ok(match edit {
        Edit::AddAnnotation(a) => {
            check_annotation(project, &a)?;
            if project.annotations.contains_key(&a.id) {
                return Err(EditError::DuplicateAnnotation(a.id));
            }
            let id = a.id;
            project.annotations.insert(id, *a);
            Edit::RemoveAnnotation(id)
        }
        Edit::RemoveAnnotation(id) => {
            let Some(a) = project.annotations.remove(&id) else {
                return Err(EditError::NoAnnotation(id));
            };
            let link_ids: Vec<LinkId> = project.links_of(id).iter().map(|l| l.id).collect();
            let mut undo = vec![Edit::AddAnnotation(Box::new(a))];
            for link_id in link_ids {
                if let Some(link) = project.links.remove(&link_id) {
                    undo.push(Edit::AddLink(link));
                }
            }
            single_or_batch(undo)
        }
        Edit::UpdateAnnotation(a) => {
            check_annotation(project, &a)?;
            let Some(slot) = project.annotations.get_mut(&a.id) else {
                return Err(EditError::NoAnnotation(a.id));
            };
            let old = std::mem::replace(slot, *a);
            Edit::UpdateAnnotation(Box::new(old))
        }
        Edit::AddLink(link) => {
            check_link(project, &link)?;
            if project.links.contains_key(&link.id) {
                return Err(EditError::DuplicateLink(link.id));
            }
            let id = link.id;
            project.links.insert(id, link);
            Edit::RemoveLink(id)
        }
        Edit::RemoveLink(id) => {
            let Some(link) = project.links.remove(&id) else {
                return Err(EditError::NoLink(id));
            };
            Edit::AddLink(link)
        }
        Edit::UpdateLink(link) => {
            check_link(project, &link)?;
            let Some(slot) = project.links.get_mut(&link.id) else {
                return Err(EditError::NoLink(link.id));
            };
            Edit::UpdateLink(std::mem::replace(slot, link))
        }
        Edit::AddLabel { label, index } => {
            if project.labels.get(&label.id).is_some() {
                return Err(EditError::DuplicateLabel(label.id));
            }
            check_label(project, &label)?;
            let id = label.id.clone();
            let index = index.min(project.labels.labels.len());
            project.labels.labels.insert(index, label);
            Edit::RemoveLabel(id)
        }
        Edit::RemoveLabel(id) => {
            let Some(index) = project.labels.labels.iter().position(|l| l.id == id) else {
                return Err(EditError::NoLabel(id));
            };
            let count = project.label_use_count(&id);
            if count > 0 {
                let label = project.labels.name_of(&id).to_owned();
                return Err(EditError::LabelInUse { label, count });
            }
            let label = project.labels.labels.remove(index);
            Edit::AddLabel { label, index }
        }
        Edit::UpdateLabel(label) => {
            check_label(project, &label)?;
            let Some(slot) = project.labels.labels.iter_mut().find(|l| l.id == label.id) else {
                return Err(EditError::NoLabel(label.id));
            };
            Edit::UpdateLabel(std::mem::replace(slot, label))
        }
        Edit::SetDocFields { document, fields } => {
            let Some(record) = project.documents.get_mut(&document) else {
                return Err(EditError::NoDocument(document));
            };
            let old = std::mem::replace(&mut record.fields, fields);
            Edit::SetDocFields {
                document,
                fields: old,
            }
        }
        Edit::SetDocHash { document, hash } => {
            let Some(record) = project.documents.get_mut(&document) else {
                return Err(EditError::NoDocument(document));
            };
            let old = std::mem::replace(&mut record.hash, hash);
            Edit::SetDocHash {
                document,
                hash: old,
            }
        }
        Edit::AddDocument(record) => {
            if project.documents.contains_key(&record.id) {
                return Err(EditError::DuplicateDocument(record.id));
            }
            let id = record.id.clone();
            project.documents.insert(id.clone(), *record);
            Edit::RemoveDocument(id)
        }
        Edit::RemoveDocument(id) => {
            let count = project
                .annotations
                .values()
                .filter(|a| a.document == id)
                .count();
            if count > 0 {
                return Err(EditError::DocumentInUse {
                    document: id,
                    count,
                });
            }
            let Some(record) = project.documents.remove(&id) else {
                return Err(EditError::NoDocument(id));
            };
            Edit::AddDocument(Box::new(record))
        }
        Edit::AddRejection(rejection) => {
            if !project.rejected.insert(rejection.clone()) {
                return Err(EditError::DuplicateRejection);
            }
            Edit::RemoveRejection(rejection)
        }
        Edit::RemoveRejection(rejection) => {
            if !project.rejected.remove(&rejection) {
                return Err(EditError::NoRejection);
            }
            Edit::AddRejection(rejection)
        }
        Edit::Batch(edits) => {
            let mut inverses = Vec::with_capacity(edits.len());
            for edit in edits {
                match apply(project, edit) {
                    Ok(inverse) => inverses.push(inverse),
                    Err(err) => {
                        // All or nothing: undo what this batch already did.
                        for inverse in inverses.into_iter().rev() {
                            apply(project, inverse).expect("inverse of an applied edit applies");
                        }
                        return Err(err);
                    }
                }
            }
            inverses.reverse();
            Edit::Batch(inverses)
        }
    })
}

fn single_or_batch(mut edits: Vec<Edit>) -> Edit {
    if edits.len() == 1 {
        edits.pop().expect("one edit")
    } else {
        Edit::Batch(edits)
    }
}

fn check_annotation(project: &Project, a: &Annotation) -> Result<(), EditError> {
    if a.id.0 > MAX_ID {
        return Err(EditError::IdTooLarge(a.id.0));
    }
    if !project.documents.contains_key(&a.document) {
        return Err(EditError::NoDocument(a.document.clone()));
    }
    if project.labels.get(&a.label).is_none() {
        return Err(EditError::NoLabel(a.label.clone()));
    }
    match a.bad_score() {
        Some(score) => Err(EditError::BadScore {
            id: a.id,
            score: score.to_string(),
        }),
        None => Ok(()),
    }
}

fn check_link(project: &Project, link: &Link) -> Result<(), EditError> {
    if link.id.0 > MAX_ID {
        return Err(EditError::IdTooLarge(link.id.0));
    }
    if link.from == link.to {
        return Err(EditError::SelfLink(link.from));
    }
    for end in [link.from, link.to] {
        if !project.annotations.contains_key(&end) {
            return Err(EditError::NoAnnotation(end));
        }
    }
    Ok(())
}

fn check_label(project: &Project, label: &Label) -> Result<(), EditError> {
    if let Some(reason) = name_problem(&label.name) {
        return Err(EditError::BadLabelName {
            name: label.name.clone(),
            reason,
        });
    }
    let name = name_key(&label.name);
    let others = project.labels.labels.iter().filter(|l| l.id != label.id);
    for other in others {
        if name_key(&other.name) == name {
            return Err(EditError::DuplicateLabelName(label.name.clone()));
        }
        if let Some(key) = label.key
            && other.key == Some(key)
        {
            return Err(EditError::KeyInUse {
                key,
                label: other.name.clone(),
            });
        }
    }
    match label.key {
        Some(key) if !(1..=9).contains(&key) => Err(EditError::BadKey(key)),
        _ => Ok(()),
    }
}

/// The suggested annotation `id`, or why it is not one.
fn suggestion(project: &Project, id: AnnotationId) -> Result<&Annotation, EditError> {
    let a = project
        .annotations
        .get(&id)
        .ok_or(EditError::NoAnnotation(id))?;
    if a.status.is_suggested() {
        Ok(a)
    } else {
        Err(EditError::NotASuggestion(id))
    }
}

/// The edit that accepts suggestion `id`: it becomes an accepted annotation
/// of `annotator` (the person accepting), modified `at`, that keeps what
/// suggested it in [`Annotation::suggested_by`]; `created` stays the time
/// it was suggested. Undo gives the suggestion back exactly.
pub fn accept_suggestion_edit(
    project: &Project,
    id: AnnotationId,
    annotator: &str,
    at: jiff::Timestamp,
) -> Result<Edit, EditError> {
    let a = suggestion(project, id)?;
    let mut accepted = a.clone();
    accepted.suggested_by = a.status.suggestion();
    accepted.status = AnnotationStatus::Accepted;
    accepted.annotator = annotator.into();
    accepted.modified = at;
    Ok(Edit::UpdateAnnotation(Box::new(accepted)))
}

/// `edit` (which adds or accepts an annotation of `document`) and, when
/// `document` is still "to do", the move to "in progress", as one step: the
/// status follows the work.
pub fn with_document_started(project: &Project, document: &DocumentId, edit: Edit) -> Edit {
    match project.documents.get(document) {
        Some(record) if record.fields.status == DocStatus::ToDo => {
            let fields = DocFields {
                status: DocStatus::InProgress,
                ..record.fields.clone()
            };
            let started = Edit::SetDocFields {
                document: document.clone(),
                fields,
            };
            Edit::Batch(vec![edit, started])
        }
        _ => edit,
    }
}

/// The edit that rejects suggestion `id`: it is removed and remembered, so
/// that the same suggestion is not proposed again.
pub fn reject_suggestion_edit(project: &Project, id: AnnotationId) -> Result<Edit, EditError> {
    let a = suggestion(project, id)?;
    let rejection = Rejection {
        document: a.document.clone(),
        span: a.span,
        label: a.label.clone(),
    };
    let mut edits = vec![Edit::RemoveAnnotation(id)];
    if !project.rejected.contains(&rejection) {
        edits.push(Edit::AddRejection(rejection));
    }
    Ok(single_or_batch(edits))
}

/// What to do with the annotations of a label that is being removed.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum LabelRemoval {
    /// Give them another label.
    Reassign(LabelId),
    /// Delete them (and their links).
    DeleteAnnotations,
}

/// The edit that removes `label` after dealing with its annotations as `policy` says.
pub fn remove_label_edit(project: &Project, label: &LabelId, policy: &LabelRemoval) -> Edit {
    let mut edits: Vec<Edit> = project
        .annotations
        .values()
        .filter(|a| &a.label == label)
        .map(|a| match policy {
            LabelRemoval::Reassign(to) => {
                let mut a = a.clone();
                a.label = to.clone();
                Edit::UpdateAnnotation(Box::new(a))
            }
            LabelRemoval::DeleteAnnotations => Edit::RemoveAnnotation(a.id),
        })
        .collect();
    edits.push(Edit::RemoveLabel(label.clone()));
    single_or_batch(edits)
}

/// The edits that turn `from` into `to` (documents, annotations, links,
/// labels, document fields), ordered so that each one applies: new documents
/// first, then stale links and annotations go, new labels come before the
/// annotations that use them, and documents that go are removed last.
pub fn edits_between(from: &Project, to: &Project) -> Vec<Edit> {
    let mut edits: Vec<Edit> = Vec::new();
    let new_documents = to
        .documents
        .values()
        .filter(|d| !from.documents.contains_key(&d.id));
    edits.extend(new_documents.map(|d| Edit::AddDocument(Box::new(d.clone()))));
    let changed_links = from
        .links
        .values()
        .filter(|l| to.links.get(&l.id) != Some(*l));
    edits.extend(changed_links.map(|l| Edit::RemoveLink(l.id)));
    let gone = from
        .annotations
        .keys()
        .filter(|id| !to.annotations.contains_key(id));
    edits.extend(gone.map(|id| Edit::RemoveAnnotation(*id)));
    // Labels that change or go first free their names and keys, so that new
    // and renamed labels never collide with them on the way: each takes a
    // name neither project uses.
    let mut taken: std::collections::HashSet<String> = (from.labels.labels.iter())
        .chain(&to.labels.labels)
        .map(|l| name_key(&l.name))
        .collect();
    for label in &from.labels.labels {
        if to.labels.get(&label.id) != Some(label) {
            let name = (0..)
                .map(|n| format!("(renaming {n})"))
                .find(|name| taken.insert(name_key(name)))
                .expect("some name is free");
            edits.push(Edit::UpdateLabel(Label {
                name,
                key: None,
                ..label.clone()
            }));
        }
    }
    for (i, label) in to.labels.labels.iter().enumerate() {
        match from.labels.get(&label.id) {
            None => edits.push(Edit::AddLabel {
                label: label.clone(),
                index: i,
            }),
            Some(old) if old != label => edits.push(Edit::UpdateLabel(label.clone())),
            Some(_) => {}
        }
    }
    for (id, a) in &to.annotations {
        match from.annotations.get(id) {
            None => edits.push(Edit::AddAnnotation(Box::new(a.clone()))),
            Some(old) if old != a => edits.push(Edit::UpdateAnnotation(Box::new(a.clone()))),
            Some(_) => {}
        }
    }
    let new_links = to
        .links
        .values()
        .filter(|l| from.links.get(&l.id) != Some(*l));
    edits.extend(new_links.map(|l| Edit::AddLink(l.clone())));
    let dropped_labels = from
        .labels
        .labels
        .iter()
        .filter(|l| to.labels.get(&l.id).is_none());
    edits.extend(dropped_labels.map(|l| Edit::RemoveLabel(l.id.clone())));
    edits.extend(
        from.rejected
            .difference(&to.rejected)
            .cloned()
            .map(Edit::RemoveRejection),
    );
    edits.extend(
        to.rejected
            .difference(&from.rejected)
            .cloned()
            .map(Edit::AddRejection),
    );
    for (id, record) in &to.documents {
        if let Some(old) = from.documents.get(id)
            && old.fields != record.fields
        {
            edits.push(Edit::SetDocFields {
                document: id.clone(),
                fields: record.fields.clone(),
            });
        }
        if let Some(old) = from.documents.get(id)
            && old.hash != record.hash
        {
            edits.push(Edit::SetDocHash {
                document: id.clone(),
                hash: record.hash.clone(),
            });
        }
    }
    let gone_documents = from
        .documents
        .keys()
        .filter(|id| !to.documents.contains_key(*id));
    edits.extend(gone_documents.map(|id| Edit::RemoveDocument(id.clone())));
    edits
}

impl Edit {
    /// A short name for menus: "add Claim", "remove link".
    pub fn describe(&self, project: &Project) -> String {
        let label_of = |id: &AnnotationId| {
            project
                .annotations
                .get(id)
                .map_or("annotation".to_owned(), |a| {
                    project.labels.name_of(&a.label).to_owned()
                })
        };
        match self {
            Self::AddAnnotation(a) => format!("add {}", project.labels.name_of(&a.label)),
            Self::RemoveAnnotation(id) => format!("remove {}", label_of(id)),
            Self::UpdateAnnotation(a) => format!("edit {}", project.labels.name_of(&a.label)),
            Self::AddLink(link) => format!("add {} link", link.kind.name()),
            Self::RemoveLink(_) => "remove link".to_owned(),
            Self::UpdateLink(_) => "edit link".to_owned(),
            Self::AddLabel { label, .. } => format!("add label {}", label.name),
            Self::RemoveLabel(id) => format!("remove label {}", project.labels.name_of(id)),
            Self::UpdateLabel(label) => format!("edit label {}", label.name),
            Self::SetDocFields { .. } => "edit document".to_owned(),
            Self::SetDocHash { .. } => "re-anchor document".to_owned(),
            Self::AddDocument(record) => format!("add document {}", record.id),
            Self::RemoveDocument(id) => format!("remove document {id}"),
            Self::AddRejection(_) => "reject suggestion".to_owned(),
            Self::RemoveRejection(_) => "forget rejection".to_owned(),
            Self::Batch(edits) => match edits.as_slice() {
                [one] => one.describe(project),
                // An edit and the status change that follows it: named after the edit.
                [one, Self::SetDocFields { .. }] => one.describe(project),
                _ => format!("{} changes", edits.len()),
            },
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::history::History;
    use crate::model::testing::{Op, annotation, base_project, edit_for, op};
    use crate::model::{LabelRemoval, LinkKind, Rgb};
    use proptest::prelude::*;

    fn claim() -> LabelId {
        LabelId::from("claim")
    }

    #[test]
    fn the_first_annotation_starts_a_to_do_document_in_the_same_step() {
        let mut project = base_project();
        let a = annotation(&project, 1, 0, 0, 5, &claim());
        let doc = a.document.clone();
        let before = project.clone();
        let edit = with_document_started(&project, &doc, Edit::AddAnnotation(Box::new(a)));
        assert_eq!(edit.describe(&project), "add Claim");
        let mut history = History::default();
        history.apply(&mut project, edit).unwrap();
        assert_eq!(project.documents[&doc].fields.status, DocStatus::InProgress);
        // A document already started (or done) keeps its status.
        let b = annotation(&project, 2, 0, 8, 5, &claim());
        let second = with_document_started(&project, &doc, Edit::AddAnnotation(Box::new(b)));
        assert!(matches!(second, Edit::AddAnnotation(_)));
        // One undo takes back both the annotation and the status.
        history.undo(&mut project).unwrap();
        assert_eq!(project, before);
    }

    #[test]
    fn accepting_names_the_person_keeps_the_suggester_and_undoes_exactly() {
        let mut project = base_project();
        let suggested_at = jiff::Timestamp::from_second(1_700_000_001).unwrap();
        let mut s = annotation(&project, 1, 0, 0, 5, &claim());
        s.annotator = "diptych".into();
        s.status = AnnotationStatus::Suggested {
            source: "rule:disclaimer".into(),
            score: 0.82,
        };
        project.annotations.insert(s.id, s.clone());
        let before = project.clone();
        let accepted_at = jiff::Timestamp::from_second(1_800_000_000).unwrap();
        let edit = accept_suggestion_edit(&project, s.id, "alice", accepted_at).unwrap();
        let mut history = History::default();
        history.apply(&mut project, edit).unwrap();
        let a = &project.annotations[&s.id];
        assert_eq!(a.status, AnnotationStatus::Accepted);
        assert_eq!(&*a.annotator, "alice");
        assert_eq!(
            a.suggested_by,
            Some(crate::model::Suggestion {
                source: "rule:disclaimer".into(),
                score: 0.82
            })
        );
        assert_eq!((a.created, a.modified), (suggested_at, accepted_at));
        // Everything else is the suggestion's.
        let same = Annotation {
            status: s.status.clone(),
            annotator: s.annotator.clone(),
            modified: s.modified,
            suggested_by: None,
            ..a.clone()
        };
        assert_eq!(same, s);
        // An accepted annotation is not accepted again.
        assert_eq!(
            accept_suggestion_edit(&project, s.id, "bob", accepted_at),
            Err(EditError::NotASuggestion(s.id))
        );
        history.undo(&mut project).unwrap();
        assert_eq!(project, before);
    }

    #[test]
    fn documents_come_and_go_as_edits_that_undo() {
        let mut project = base_project();
        let a = annotation(&project, 1, 0, 0, 5, &claim());
        project.annotations.insert(a.id, a);
        let before = project.clone();
        let record = DocRecord {
            id: DocumentId::from("new.txt"),
            ..project.documents.values().next().unwrap().clone()
        };
        let undo = apply(&mut project, Edit::AddDocument(Box::new(record.clone()))).unwrap();
        assert_eq!(project.documents.get(&record.id), Some(&record));
        assert_eq!(
            apply(&mut project, Edit::AddDocument(Box::new(record.clone()))),
            Err(EditError::DuplicateDocument(record.id.clone()))
        );
        assert_eq!(undo, Edit::RemoveDocument(record.id.clone()));
        apply(&mut project, undo).unwrap();
        assert_eq!(project, before);
        // A document with annotations stays, and nothing changes.
        let used = project
            .annotations
            .values()
            .next()
            .unwrap()
            .document
            .clone();
        let err = apply(&mut project, Edit::RemoveDocument(used.clone())).unwrap_err();
        assert!(
            matches!(err, EditError::DocumentInUse { ref document, count } if *document == used && count > 0)
        );
        assert_eq!(project, before);
    }

    #[test]
    fn edits_between_adds_documents_before_their_annotations() {
        let mut from = base_project();
        let a = annotation(&from, 1, 0, 0, 5, &claim());
        from.annotations.insert(a.id, a);
        let mut to = from.clone();
        let record = DocRecord {
            id: DocumentId::from("new.txt"),
            ..from.documents.values().next().unwrap().clone()
        };
        to.documents.insert(record.id.clone(), record.clone());
        let mut a = to.annotations.values().next().unwrap().clone();
        a.id = to.next_annotation_id();
        a.document = record.id.clone();
        to.annotations.insert(a.id, a);
        // The second document has no annotation: it may go.
        let gone = from
            .documents
            .keys()
            .find(|id| !from.annotations.values().any(|a| &a.document == *id))
            .unwrap();
        to.documents.remove(gone);
        let mut project = from.clone();
        apply(&mut project, Edit::Batch(edits_between(&from, &to))).unwrap();
        assert_eq!(project, to);
    }

    #[test]
    fn removing_an_annotation_removes_its_links_and_undo_restores_both() {
        let mut project = base_project();
        let mut history = History::default();
        for id in 1..=2 {
            let a = annotation(&project, id, 0, (id as usize - 1) * 10, 5, &claim());
            history
                .apply(&mut project, Edit::AddAnnotation(Box::new(a)))
                .unwrap();
        }
        let link = Link {
            id: LinkId(1),
            from: AnnotationId(1),
            to: AnnotationId(2),
            kind: LinkKind::SameClaim,
            note: String::new(),
        };
        history.apply(&mut project, Edit::AddLink(link)).unwrap();
        let before = project.clone();
        history
            .apply(&mut project, Edit::RemoveAnnotation(AnnotationId(1)))
            .unwrap();
        assert!(project.links.is_empty());
        assert_eq!(history.undo_name(), Some("remove Claim"));
        assert_eq!(
            history.undo(&mut project).unwrap().as_deref(),
            Some("remove Claim")
        );
        assert_eq!(project, before);
        assert_eq!(history.redo_name(), Some("remove Claim"));
    }

    #[test]
    fn a_label_in_use_is_not_removed_without_a_policy() {
        let mut project = base_project();
        let a = annotation(&project, 1, 0, 0, 5, &claim());
        apply(&mut project, Edit::AddAnnotation(Box::new(a))).unwrap();
        let before = project.clone();
        let err = apply(&mut project, Edit::RemoveLabel(claim())).unwrap_err();
        assert_eq!(
            err,
            EditError::LabelInUse {
                label: "Claim".into(),
                count: 1
            }
        );
        assert_eq!(project, before);
        let reassign = remove_label_edit(
            &project,
            &claim(),
            &LabelRemoval::Reassign(LabelId::from("disclaimer")),
        );
        let undo = apply(&mut project, reassign).unwrap();
        assert_eq!(
            project.annotations[&AnnotationId(1)].label,
            LabelId::from("disclaimer")
        );
        assert!(project.labels.get(&claim()).is_none());
        apply(&mut project, undo).unwrap();
        assert_eq!(project, before);
    }

    #[test]
    fn label_names_and_keys_stay_unique() {
        let mut project = base_project();
        let mut label = project.labels.labels[1].clone();
        label.name = "claim".into();
        assert_eq!(
            apply(&mut project, Edit::UpdateLabel(label.clone())),
            Err(EditError::DuplicateLabelName("claim".into()))
        );
        label.name = "Hedge".into();
        label.key = Some(1);
        assert_eq!(
            apply(&mut project, Edit::UpdateLabel(label.clone())),
            Err(EditError::KeyInUse {
                key: 1,
                label: "Claim".into()
            })
        );
        label.key = Some(12);
        assert_eq!(
            apply(&mut project, Edit::UpdateLabel(label.clone())),
            Err(EditError::BadKey(12))
        );
        label.key = Some(7);
        label.color = Rgb([0, 0, 0]);
        let undo = apply(&mut project, Edit::UpdateLabel(label)).unwrap();
        assert_eq!(
            project.labels.by_key(7).map(|l| l.name.as_str()),
            Some("Hedge")
        );
        apply(&mut project, undo).unwrap();
        assert_eq!(project, base_project());
    }

    #[test]
    fn label_names_must_be_printable_and_unique_ignoring_case() {
        let mut project = base_project();
        let mut label = project.labels.labels[1].clone();
        for bad in ["", "  ", "a\u{1b}[31m", "x\ny", "\u{202e}mialC"] {
            label.name = bad.into();
            let err = apply(&mut project, Edit::UpdateLabel(label.clone())).unwrap_err();
            assert!(
                matches!(&err, EditError::BadLabelName { name, .. } if name == bad),
                "{bad:?}: {err}"
            );
            let add = Edit::AddLabel {
                label: Label {
                    id: LabelId::from("new"),
                    ..label.clone()
                },
                index: 0,
            };
            assert!(apply(&mut project, add).is_err(), "{bad:?}");
        }
        label.name = " CLAIM ".into();
        assert_eq!(
            apply(&mut project, Edit::UpdateLabel(label)),
            Err(EditError::DuplicateLabelName(" CLAIM ".into()))
        );
        assert_eq!(project, base_project());
    }

    #[test]
    fn suggestion_scores_and_ids_are_checked() {
        let mut project = base_project();
        for score in [f32::NAN, f32::INFINITY, -5.0, 1.5] {
            let mut a = annotation(&project, 1, 0, 0, 5, &claim());
            a.status = AnnotationStatus::Suggested {
                source: "rule:x".into(),
                score,
            };
            let err = apply(&mut project, Edit::AddAnnotation(Box::new(a))).unwrap_err();
            assert!(matches!(err, EditError::BadScore { .. }), "{score}: {err}");
        }
        let mut a = annotation(&project, 1, 0, 0, 5, &claim());
        a.id = AnnotationId(MAX_ID + 1);
        assert_eq!(
            apply(&mut project, Edit::AddAnnotation(Box::new(a))),
            Err(EditError::IdTooLarge(MAX_ID + 1))
        );
        assert_eq!(project, base_project());
    }

    #[test]
    fn a_failing_batch_changes_nothing() {
        let mut project = base_project();
        let good = annotation(&project, 1, 0, 0, 5, &claim());
        let bad = annotation(&project, 2, 0, 0, 5, &LabelId::from("nope"));
        let batch = Edit::Batch(vec![
            Edit::AddAnnotation(Box::new(good)),
            Edit::AddAnnotation(Box::new(bad)),
        ]);
        assert_eq!(
            apply(&mut project, batch),
            Err(EditError::NoLabel(LabelId::from("nope")))
        );
        assert_eq!(project, base_project());
    }

    #[test]
    fn links_need_two_existing_different_ends() {
        let mut project = base_project();
        let a = annotation(&project, 1, 0, 0, 5, &claim());
        apply(&mut project, Edit::AddAnnotation(Box::new(a))).unwrap();
        let link = |to| Link {
            id: LinkId(1),
            from: AnnotationId(1),
            to: AnnotationId(to),
            kind: LinkKind::Supports,
            note: String::new(),
        };
        assert_eq!(
            apply(&mut project, Edit::AddLink(link(1))),
            Err(EditError::SelfLink(AnnotationId(1)))
        );
        assert_eq!(
            apply(&mut project, Edit::AddLink(link(9))),
            Err(EditError::NoAnnotation(AnnotationId(9)))
        );
    }

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(150))]
        /// `edits_between(from, to)` applied to `from` gives `to` (label order aside).
        #[test]
        fn edits_between_two_projects_turn_one_into_the_other(
            common in proptest::collection::vec(op(), 0..15),
            left in proptest::collection::vec(op(), 0..15),
            right in proptest::collection::vec(op(), 0..15),
        ) {
            let run = |start: &Project, ops: &[Op]| {
                let mut p = start.clone();
                for op in ops {
                    if let Some(edit) = edit_for(&p, op) {
                        let _ = apply(&mut p, edit);
                    }
                }
                p
            };
            let base = run(&base_project(), &common);
            let from = run(&base, &left);
            let to = run(&base, &right);
            let mut got = from.clone();
            let edits = edits_between(&from, &to);
            apply(&mut got, Edit::Batch(edits)).map_err(|e| TestCaseError::fail(e.to_string()))?;
            let sorted = |p: &Project| {
                let mut labels = p.labels.labels.clone();
                labels.sort_by(|a, b| a.id.cmp(&b.id));
                labels
            };
            prop_assert_eq!(sorted(&got), sorted(&to));
            got.labels = to.labels.clone();
            prop_assert_eq!(got, to);
        }
    }

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(300))]
        /// Any sequence of edits, undone step by step, gives back the start
        /// exactly; redone, it gives back the end exactly.
        #[test]
        fn random_edits_undo_to_the_start(ops in proptest::collection::vec(op(), 1..40)) {
            let start = base_project();
            let mut project = start.clone();
            let mut history = History::default();
            let mut applied = 0;
            for op in &ops {
                let Some(edit) = edit_for(&project, op) else { continue };
                let before = project.clone();
                match history.apply(&mut project, edit) {
                    Ok(()) => applied += 1,
                    // A refused edit leaves the project exactly as it was.
                    Err(_) => prop_assert_eq!(&project, &before),
                }
            }
            let end = project.clone();
            for _ in 0..applied {
                prop_assert!(history.undo(&mut project).unwrap().is_some());
            }
            prop_assert!(history.undo(&mut project).unwrap().is_none());
            prop_assert_eq!(&project, &start);
            for _ in 0..applied {
                prop_assert!(history.redo(&mut project).unwrap().is_some());
            }
            prop_assert_eq!(&project, &end);
            let _ = Op::Remove { pick: 0 };
        }
    }
}
