//! Three-way merges of a project: re-applying one writer's change onto a
//! project that another writer changed in the meantime ([`rebase`], which
//! refuses records both changed), and merging two branches of a project
//! file ([`merge3`], the git merge driver, which keeps both versions).
//!
//! `base` is the project both started from, `mine` what this writer made of
//! it, `theirs` what is on disk now. Every record this writer changed
//! (document, annotation, link, label, rejection; the name, the corpus
//! path) is taken into `theirs` when the other writer left that record as
//! it was in `base`, or made the very same change; when both changed it
//! differently, that is a conflict and nothing is merged.
//!
//! Both writers take the next free id for what they add, so the two often
//! add different annotations (or links) under one new id. That is no
//! conflict: this writer's addition gets a fresh id above every id either
//! side uses, and its links follow it. The same addition made by both
//! (same id, same record) is kept once.

use std::collections::{BTreeMap, HashSet};
use std::fmt::{self, Display};

use super::annotation::{Annotation, AnnotationId, LinkId};
use super::edit::{Edit, EditError, apply, edits_between};
use super::label::{Label, LabelId, name_key};
use super::project::Project;

/// Why two changes of one project cannot both be kept.
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
#[error("both changed {0}")]
pub struct MergeConflict(pub String);

/// `theirs` with this writer's change (`base` to `mine`) brought onto it,
/// or the first record both changed differently. The result is checked:
/// it is `theirs` with the edits between them applied.
pub fn rebase(base: &Project, mine: &Project, theirs: &Project) -> Result<Project, MergeConflict> {
    let mine = &renumber_clashes(base, mine, theirs);
    let mut merged = theirs.clone();
    if !merge_value(&base.name, &mine.name, &mut merged.name) {
        return Err(MergeConflict("the project name".to_owned()));
    }
    if !merge_value(
        &base.corpus_root,
        &mine.corpus_root,
        &mut merged.corpus_root,
    ) {
        return Err(MergeConflict("the corpus folder".to_owned()));
    }
    let documents = merge_map(&base.documents, &mine.documents, &mut merged.documents);
    refuse("document", &documents)?;
    let annotations = merge_map(
        &base.annotations,
        &mine.annotations,
        &mut merged.annotations,
    );
    refuse("annotation", &annotations)?;
    refuse(
        "link",
        &merge_map(&base.links, &mine.links, &mut merged.links),
    )?;
    refuse("label", &merge_labels(base, mine, &mut merged))?;
    merge_rejected(base, mine, &mut merged);
    let mut result = theirs.clone();
    apply(&mut result, Edit::Batch(edits_between(theirs, &merged)))
        .map_err(|err| MergeConflict(format!("the project so that it does not fit: {err}")))?;
    Ok(result)
}

/// The first of `clashes` as a conflict of `what` ("annotation a1").
fn refuse<K: Display, V>(what: &str, clashes: &[Clash<K, V>]) -> Result<(), MergeConflict> {
    match clashes.first() {
        Some(clash) => Err(MergeConflict(format!("{what} {}", clash.key))),
        None => Ok(()),
    }
}

/// The result of [`merge3`]: the merged project and every conflict it
/// kept, in the order found (project fields, labels, documents,
/// annotations by id, links by id, records kept for another's sake).
#[derive(Clone, Debug, PartialEq)]
pub struct Merged {
    pub project: Project,
    pub conflicts: Vec<Conflict>,
}

/// A record both branches changed differently, and what the merge kept:
/// `annotation a12 in a/first.txt: changed differently on both sides; theirs kept as a57`.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Conflict {
    /// The record: `annotation a12 in a.txt`, `label claim`, `the project name`.
    pub subject: String,
    /// What happened and what was kept.
    pub resolution: String,
}

impl Display for Conflict {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}: {}", self.subject, self.resolution)
    }
}

/// Merges two branches (`ours`, `theirs`) of the project `base`: records
/// matched by id; added on either side, kept; removed on one side and
/// unchanged on the other, removed; changed on one side, that change.
/// Nothing either side made is lost:
/// - an annotation both changed differently stays as ours under its id,
///   and theirs is added under a fresh id with `conflict_with` set to ours;
/// - a record one side removed and the other changed is kept as changed;
/// - a label, document, link or project field both changed differently
///   keeps ours (reported);
/// - an annotation, label or document removed on one side but still used
///   by the other's links or annotations is kept;
/// - a label of theirs whose name or key ours also took (under another
///   id) gets the name with " (theirs)" appended, or loses its key.
///
/// Additions both made under one new id are both kept (theirs renumbered,
/// its links following), as [`rebase`] does. Every such case is listed in
/// [`Merged::conflicts`]; the result is the same for the same inputs.
pub fn merge3(base: &Project, ours: &Project, theirs: &Project) -> Merged {
    let theirs = &renumber_clashes(base, theirs, ours);
    let mut merged = ours.clone();
    let mut conflicts = Vec::new();
    let mut note = |subject: String, resolution: &str| {
        conflicts.push(Conflict {
            subject,
            resolution: resolution.to_owned(),
        });
    };
    let both = "changed differently on both sides; ours kept";
    if !merge_value(&base.name, &theirs.name, &mut merged.name) {
        note("the project name".to_owned(), both);
    }
    if !merge_value(
        &base.corpus_root,
        &theirs.corpus_root,
        &mut merged.corpus_root,
    ) {
        note("the corpus folder".to_owned(), both);
    }
    for clash in merge_labels(base, theirs, &mut merged) {
        note(format!("label {}", clash.key), clash.resolution(both));
    }
    for clash in merge_map(&base.documents, &theirs.documents, &mut merged.documents) {
        note(format!("document {}", clash.key), clash.resolution(both));
    }
    for conflict in merge_annotations(base, ours, theirs, &mut merged) {
        note(conflict.subject, &conflict.resolution);
    }
    for clash in merge_map(&base.links, &theirs.links, &mut merged.links) {
        note(format!("link {}", clash.key), clash.resolution(both));
    }
    merge_rejected(base, theirs, &mut merged);
    for (subject, resolution) in keep_what_is_used(&mut merged, [ours, theirs, base]) {
        note(subject, resolution);
    }
    for (subject, resolution) in unique_label_names_and_keys(&mut merged) {
        note(subject, &resolution);
    }
    Merged {
        project: merged,
        conflicts,
    }
}

/// Takes `theirs`' changes of annotations into `merged` (which starts as
/// `ours`); of an annotation both changed differently, theirs is added
/// beside ours under a fresh id, marked as conflicting with ours. Returns
/// the conflicts, by id.
fn merge_annotations(
    base: &Project,
    ours: &Project,
    theirs: &Project,
    merged: &mut Project,
) -> Vec<Conflict> {
    let mut conflicts = Vec::new();
    let mut next = [base, ours, theirs]
        .map(|p| p.next_annotation_id().0)
        .into_iter()
        .max()
        .unwrap_or(1);
    for clash in merge_map(
        &base.annotations,
        &theirs.annotations,
        &mut merged.annotations,
    ) {
        let Some(kept) = merged.annotations.get(&clash.key) else {
            continue;
        };
        let subject = format!("annotation {} in {}", clash.key, kept.document);
        match (clash.kind, clash.theirs) {
            (ClashKind::BothChanged, Some(their)) => {
                let copy = Annotation {
                    id: AnnotationId(next),
                    conflict_with: Some(clash.key),
                    ..their
                };
                next += 1;
                conflicts.push(Conflict {
                    subject,
                    resolution: format!(
                        "changed differently on both sides; theirs kept as {}",
                        copy.id
                    ),
                });
                merged.annotations.insert(copy.id, copy);
            }
            (kind, _) => conflicts.push(Conflict {
                subject,
                resolution: kind
                    .resolution("changed differently on both sides; ours kept")
                    .to_owned(),
            }),
        }
    }
    conflicts
}

/// The annotation `other` conflicts with `id` (or `id` with it): the one
/// `id`'s `conflict_with` names, else the first that names `id`. Only
/// annotations that exist count.
pub fn conflict_partner(project: &Project, id: AnnotationId) -> Option<AnnotationId> {
    let this = project.annotations.get(&id)?;
    this.conflict_with
        .filter(|other| project.annotations.contains_key(other))
        .or_else(|| {
            (project.annotations.values())
                .find(|a| a.conflict_with == Some(id))
                .map(|a| a.id)
        })
}

/// Every conflict pair of `project`, by the id of the annotation marked
/// (`conflict_with` set, naming an annotation that exists): (marked, the
/// one it conflicts with).
pub fn conflicts(project: &Project) -> Vec<(&Annotation, AnnotationId)> {
    (project.annotations.values())
        .filter_map(|a| {
            let other = a.conflict_with?;
            project
                .annotations
                .contains_key(&other)
                .then_some((a, other))
        })
        .collect()
}

/// The one edit that settles the conflict between `keep` and `drop`:
/// `drop` removed (with its links), `keep` no longer marked as
/// conflicting with it. Undone as one step.
pub fn keep_one_edit(
    project: &Project,
    keep: AnnotationId,
    drop: AnnotationId,
) -> Result<Edit, EditError> {
    let kept = project
        .annotations
        .get(&keep)
        .ok_or(EditError::NoAnnotation(keep))?;
    if !project.annotations.contains_key(&drop) {
        return Err(EditError::NoAnnotation(drop));
    }
    let mut edits = vec![Edit::RemoveAnnotation(drop)];
    if kept.conflict_with == Some(drop) {
        edits.push(Edit::UpdateAnnotation(Box::new(Annotation {
            conflict_with: None,
            ..kept.clone()
        })));
    }
    Ok(Edit::Batch(edits))
}

/// Puts back, from the first of `sources` that has it, each annotation a
/// link of `merged` points at, then each label and document an annotation
/// uses, that one side removed while the other used it. Returns what it
/// kept (subject, resolution).
fn keep_what_is_used(merged: &mut Project, sources: [&Project; 3]) -> Vec<(String, &'static str)> {
    let mut kept = Vec::new();
    let ends: Vec<AnnotationId> = (merged.links.values())
        .flat_map(|l| [l.from, l.to])
        .collect();
    for id in ends {
        if merged.annotations.contains_key(&id) {
            continue;
        }
        if let Some(a) = sources.iter().find_map(|p| p.annotations.get(&id)) {
            let subject = format!("annotation {id} in {}", a.document);
            kept.push((subject, "removed on one side, linked on the other; kept"));
            merged.annotations.insert(id, a.clone());
        }
    }
    let used: Vec<_> = (merged.annotations.values())
        .map(|a| (a.label.clone(), a.document.clone()))
        .collect();
    for (label, document) in used {
        if merged.labels.get(&label).is_none()
            && let Some(l) = sources.iter().find_map(|p| p.labels.get(&label))
        {
            kept.push((
                format!("label {label}"),
                "removed on one side, used on the other; kept",
            ));
            merged.labels.labels.push(l.clone());
        }
        if !merged.documents.contains_key(&document)
            && let Some(d) = sources.iter().find_map(|p| p.documents.get(&document))
        {
            let subject = format!("document {document}");
            kept.push((subject, "removed on one side, annotated on the other; kept"));
            merged.documents.insert(document, d.clone());
        }
    }
    kept
}

/// Makes label names (ignoring case) and keys unique again after a merge:
/// a later label whose name an earlier one has gets " (theirs)" appended
/// (until unique); one whose key an earlier one has loses its key.
fn unique_label_names_and_keys(merged: &mut Project) -> Vec<(String, String)> {
    let (mut names, mut keys) = (HashSet::new(), HashSet::new());
    let mut changed = Vec::new();
    for label in &mut merged.labels.labels {
        let name = label.name.clone();
        while !names.insert(name_key(&label.name)) {
            label.name.push_str(" (theirs)");
        }
        if label.name != name {
            let resolution = format!(
                "name {name:?} taken by another label; renamed {:?}",
                label.name
            );
            changed.push((format!("label {}", label.id), resolution));
        }
        if let Some(key) = label.key
            && !keys.insert(key)
        {
            label.key = None;
            let resolution = format!("key {key} taken by another label; key removed");
            changed.push((format!("label {}", label.id), resolution));
        }
    }
    changed
}

/// `mine` with each annotation and link it added under an id that `theirs`
/// also added, with other content, moved to a fresh id (counting on from
/// the largest id of the three projects, so that the next id a project
/// hands out stays free), and its links pointed at the moved annotations.
fn renumber_clashes(base: &Project, mine: &Project, theirs: &Project) -> Project {
    let mut mine = mine.clone();
    let moved = fresh_ids(
        clashes(&base.annotations, &mine.annotations, &theirs.annotations)
            .into_iter()
            .map(|id| id.0),
        [base, &mine, theirs].map(|p| p.next_annotation_id().0),
    );
    for (&old, &new) in &moved {
        if let Some(mut a) = mine.annotations.remove(&AnnotationId(old)) {
            a.id = AnnotationId(new);
            mine.annotations.insert(a.id, a);
        }
    }
    let moved_to = |id: &mut AnnotationId| {
        if let Some(&new) = moved.get(&id.0) {
            *id = AnnotationId(new);
        }
    };
    for link in mine.links.values_mut() {
        moved_to(&mut link.from);
        moved_to(&mut link.to);
    }
    let moved_links = fresh_ids(
        clashes(&base.links, &mine.links, &theirs.links)
            .into_iter()
            .map(|id| id.0),
        [base, &mine, theirs].map(|p| p.next_link_id().0),
    );
    for (&old, &new) in &moved_links {
        if let Some(mut link) = mine.links.remove(&LinkId(old)) {
            link.id = LinkId(new);
            mine.links.insert(link.id, link);
        }
    }
    mine
}

/// The keys `mine` and `theirs` both added (absent from `base`) with
/// different values, in order.
fn clashes<K: Ord + Copy, V: PartialEq>(
    base: &BTreeMap<K, V>,
    mine: &BTreeMap<K, V>,
    theirs: &BTreeMap<K, V>,
) -> Vec<K> {
    mine.iter()
        .filter(|(key, value)| {
            !base.contains_key(key) && theirs.get(key).is_some_and(|other| other != *value)
        })
        .map(|(key, _)| *key)
        .collect()
}

/// A new id for each of `ids` (in their order), counting up from the
/// largest of `next`, the ids the projects would hand out next. Ids past
/// [`super::MAX_ID`] are refused when the merge is checked.
fn fresh_ids(ids: impl Iterator<Item = u64>, next: [u64; 3]) -> BTreeMap<u64, u64> {
    let first = next.into_iter().max().unwrap_or(1);
    ids.zip(first..).collect()
}

/// Takes `mine`'s change of one value into `merged` (which starts as
/// theirs); false, leaving `merged`, when both changed it differently.
fn merge_value<T: PartialEq + Clone>(base: &T, mine: &T, merged: &mut T) -> bool {
    if base == mine || merged == mine {
        true
    } else if merged == base {
        *merged = mine.clone();
        true
    } else {
        false
    }
}

/// How both sides changed one record.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum ClashKind {
    /// Both changed it (or added it under one id), differently.
    BothChanged,
    /// `merged`'s side removed it, `mine` changed it: mine's is kept.
    MergedRemoved,
    /// `mine` removed it, `merged`'s side changed it: that is kept.
    MineRemoved,
}

impl ClashKind {
    /// What the merge kept, said from `merged`'s side (ours); `both` for
    /// [`ClashKind::BothChanged`].
    fn resolution(self, both: &'static str) -> &'static str {
        match self {
            Self::BothChanged => both,
            Self::MergedRemoved => "removed on our side, changed on theirs; their version kept",
            Self::MineRemoved => "removed on their side, changed on ours; our version kept",
        }
    }
}

/// A record both sides changed differently: its key, how, and `mine`'s
/// version (`None` when mine removed it).
struct Clash<K, V> {
    key: K,
    kind: ClashKind,
    theirs: Option<V>,
}

impl<K, V> Clash<K, V> {
    fn resolution(&self, both: &'static str) -> &'static str {
        self.kind.resolution(both)
    }
}

/// Takes into `merged` (which starts as the other side) each entry
/// changed, added or removed from `base` to `mine`; returns the entries
/// both changed differently, in key order. Of those, one that `merged`'s
/// side removed gets mine's version (nothing changed is lost); the others
/// keep `merged`'s.
fn merge_map<K: Ord + Clone, V: PartialEq + Clone>(
    base: &BTreeMap<K, V>,
    mine: &BTreeMap<K, V>,
    merged: &mut BTreeMap<K, V>,
) -> Vec<Clash<K, V>> {
    let mut clashes = Vec::new();
    let keys = base
        .keys()
        .chain(mine.keys().filter(|k| !base.contains_key(*k)));
    for key in keys {
        let (old, new) = (base.get(key), mine.get(key));
        let theirs = merged.get(key);
        if old == new || theirs == new {
            continue;
        }
        let kind = match (theirs, new) {
            _ if theirs == old => {
                match new {
                    Some(value) => merged.insert(key.clone(), value.clone()),
                    None => merged.remove(key),
                };
                continue;
            }
            (None, Some(value)) => {
                merged.insert(key.clone(), value.clone());
                ClashKind::MergedRemoved
            }
            (Some(_), None) => ClashKind::MineRemoved,
            _ => ClashKind::BothChanged,
        };
        clashes.push(Clash {
            key: key.clone(),
            kind,
            theirs: new.cloned(),
        });
    }
    clashes
}

/// Takes the suggestions `mine` rejected or forgot into `merged`.
fn merge_rejected(base: &Project, mine: &Project, merged: &mut Project) {
    for gone in base.rejected.difference(&mine.rejected) {
        merged.rejected.remove(gone);
    }
    merged
        .rejected
        .extend(mine.rejected.difference(&base.rejected).cloned());
}

/// [`merge_map`] for the label list, which keeps its order: labels this
/// writer added go at the end of theirs.
/// A label both writers added under one id is one label when its name and
/// key agree (theirs is kept, colour included), and a clash otherwise.
fn merge_labels(
    base: &Project,
    mine: &Project,
    merged: &mut Project,
) -> Vec<Clash<LabelId, Label>> {
    let by_id = |p: &Project| -> BTreeMap<LabelId, Label> {
        p.labels
            .labels
            .iter()
            .map(|l| (l.id.clone(), l.clone()))
            .collect()
    };
    let (old, mut new, mut labels) = (by_id(base), by_id(mine), by_id(merged));
    for (id, label) in new.iter_mut() {
        if let Some(their) = labels.get(id)
            && !old.contains_key(id)
            && (&their.name, their.key) == (&label.name, label.key)
        {
            label.clone_from(their);
        }
    }
    let clashes = merge_map(&old, &new, &mut labels);
    let schema = &mut merged.labels.labels;
    schema.retain(|l| labels.contains_key(&l.id));
    for label in schema.iter_mut() {
        label.clone_from(&labels[&label.id]);
    }
    for label in &mine.labels.labels {
        if !schema.iter().any(|l| l.id == label.id) && labels.contains_key(&label.id) {
            schema.push(labels[&label.id].clone());
        }
    }
    clashes
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::testing::{Op, annotation, base_project, edit_for, op};
    use crate::model::{Annotation, Link, LinkKind};
    use proptest::prelude::*;
    use std::collections::BTreeMap;

    fn claim(project: &Project, id: u64, start: usize) -> crate::model::Annotation {
        annotation(project, id, 0, start, 5, &LabelId("claim".into()))
    }

    /// A project with annotations 1 and 2.
    fn sample() -> Project {
        let mut project = base_project();
        for (id, start) in [(1, 0), (2, 10)] {
            let a = claim(&project, id, start);
            project.annotations.insert(a.id, a);
        }
        project
    }

    #[test]
    fn changes_to_different_records_are_both_kept() {
        let base = sample();
        let (mut mine, mut theirs) = (base.clone(), base.clone());
        mine.annotations.remove(&AnnotationId(1));
        theirs
            .annotations
            .insert(AnnotationId(3), claim(&base, 3, 20));
        let result = rebase(&base, &mine, &theirs).unwrap();
        let ids: Vec<u64> = result.annotations.keys().map(|id| id.0).collect();
        assert_eq!(ids, [2, 3]);
    }

    #[test]
    fn two_different_changes_of_one_record_conflict() {
        let base = sample();
        let (mut mine, mut theirs) = (base.clone(), base.clone());
        mine.annotations.get_mut(&AnnotationId(1)).unwrap().note = "mine".into();
        theirs.annotations.get_mut(&AnnotationId(1)).unwrap().note = "theirs".into();
        let err = rebase(&base, &mine, &theirs).unwrap_err();
        assert_eq!(err.to_string(), "both changed annotation a1");
        // One deleted what the other changed.
        mine.annotations.remove(&AnnotationId(1));
        let err = rebase(&base, &mine, &theirs).unwrap_err();
        assert_eq!(err.to_string(), "both changed annotation a1");
        // The same change made twice is no conflict, and nothing is left to do.
        assert_eq!(rebase(&base, &mine, &mine), Ok(mine.clone()));
    }

    fn link(id: u64, from: u64, to: u64) -> Link {
        Link {
            id: LinkId(id),
            from: AnnotationId(from),
            to: AnnotationId(to),
            kind: LinkKind::Supports,
            note: String::new(),
        }
    }

    #[test]
    fn additions_under_one_new_id_are_both_kept_with_mine_renumbered() {
        // Both took the next id, 3 (and link id 1): theirs keeps them, mine
        // moves above every id used, and mine's links follow.
        let base = sample();
        let (mut mine, mut theirs) = (base.clone(), base.clone());
        for (id, start) in [(3, 20), (4, 25)] {
            mine.annotations
                .insert(AnnotationId(id), claim(&base, id, start));
        }
        mine.links.insert(LinkId(1), link(1, 3, 4));
        mine.links.insert(LinkId(2), link(2, 1, 3));
        theirs
            .annotations
            .insert(AnnotationId(3), claim(&base, 3, 30));
        theirs
            .annotations
            .insert(AnnotationId(7), claim(&base, 7, 35));
        theirs.links.insert(LinkId(1), link(1, 2, 3));
        let result = rebase(&base, &mine, &theirs).unwrap();
        let spans: Vec<(u64, _)> = result
            .annotations
            .values()
            .map(|a| (a.id.0, a.span))
            .collect();
        let at = |start| claim(&base, 1, start).span;
        let expected = [(1, 0), (2, 10), (3, 30), (4, 25), (7, 35), (8, 20)];
        assert_eq!(spans, expected.map(|(id, start)| (id, at(start))));
        assert_eq!(result.annotations[&AnnotationId(8)].id, AnnotationId(8));
        let links: Vec<(u64, u64, u64)> = result
            .links
            .values()
            .map(|l| (l.id.0, l.from.0, l.to.0))
            .collect();
        assert_eq!(links, [(1, 2, 3), (2, 1, 8), (3, 8, 4)]);
        // The next ids handed out are free.
        assert_eq!(result.next_annotation_id(), AnnotationId(9));
        assert_eq!(result.next_link_id(), LinkId(4));
    }

    #[test]
    fn the_same_addition_made_by_both_is_kept_once() {
        let base = sample();
        let (mut mine, mut theirs) = (base.clone(), base.clone());
        for project in [&mut mine, &mut theirs] {
            project
                .annotations
                .insert(AnnotationId(3), claim(&base, 3, 20));
            project.links.insert(LinkId(1), link(1, 1, 3));
        }
        mine.annotations
            .insert(AnnotationId(4), claim(&base, 4, 25));
        let result = rebase(&base, &mine, &theirs).unwrap();
        let ids: Vec<u64> = result.annotations.keys().map(|id| id.0).collect();
        assert_eq!(ids, [1, 2, 3, 4]);
        assert_eq!(result.links.len(), 1);
    }

    #[test]
    fn labels_added_by_both_under_one_id_are_one_when_name_and_key_agree() {
        let base = sample();
        let hedge = |color, key| Label {
            id: LabelId::from("hedge"),
            name: "Hedge".into(),
            color: crate::model::Rgb(color),
            key,
        };
        let (mut mine, mut theirs) = (base.clone(), base.clone());
        mine.labels.labels.push(hedge([1, 2, 3], Some(4)));
        theirs.labels.labels.push(hedge([9, 9, 9], Some(4)));
        let result = rebase(&base, &mine, &theirs).unwrap();
        assert_eq!(result.labels, theirs.labels);
        // Another key, or another name, under the same id: a conflict.
        mine.labels.labels[3].key = Some(5);
        let err = rebase(&base, &mine, &theirs).unwrap_err();
        assert_eq!(err.to_string(), "both changed label hedge");
        mine.labels.labels[3] = Label {
            name: "Hedging".into(),
            ..hedge([9, 9, 9], Some(4))
        };
        let err = rebase(&base, &mine, &theirs).unwrap_err();
        assert_eq!(err.to_string(), "both changed label hedge");
    }

    #[test]
    fn a_change_that_no_longer_fits_is_a_conflict() {
        // Mine adds a link to annotation 2, theirs removed annotation 2.
        let base = sample();
        let (mut mine, mut theirs) = (base.clone(), base.clone());
        mine.links.insert(LinkId(1), link(1, 1, 2));
        theirs.annotations.remove(&AnnotationId(2));
        let err = rebase(&base, &mine, &theirs).unwrap_err();
        assert!(
            err.to_string().contains("there is no annotation a2"),
            "{err}"
        );
    }

    /// Applies the ops a writer may make without touching the other
    /// writer's records: additions (annotations, batches, links), updates of
    /// the base annotations with ids of `parity`, and removal of its own
    /// additions. Returns the project it made.
    fn write(base: &Project, ops: &[Op], parity: u64) -> Project {
        branch(base, ops, Some(parity), "tester").0
    }

    /// [`write`] by annotator `who` (its additions carry that name), and
    /// the edits it applied. With `parity` `None`, any change of
    /// annotations and links is allowed (removals and updates of anything).
    fn branch(base: &Project, ops: &[Op], parity: Option<u64>, who: &str) -> (Project, Vec<Edit>) {
        let mut project = base.clone();
        let mut applied = Vec::new();
        for op in ops {
            let Some(edit) = edit_for(&project, op) else {
                continue;
            };
            let allowed = match (op, &edit, parity) {
                (Op::Add { .. } | Op::BatchAdds { .. } | Op::AddLink { .. }, _, _) => true,
                (Op::Update { .. }, Edit::UpdateAnnotation(a), Some(parity)) => {
                    base.annotations.contains_key(&a.id) && a.id.0 % 2 == parity
                }
                (Op::Remove { .. }, Edit::RemoveAnnotation(id), Some(_)) => {
                    !base.annotations.contains_key(id)
                }
                (Op::Update { .. } | Op::Remove { .. }, _, None) => true,
                (Op::RemoveLink { .. } | Op::UpdateLink { .. }, _, None) => true,
                _ => false,
            };
            let edit = signed(edit, who);
            if allowed && apply(&mut project, edit.clone()).is_ok() {
                applied.push(edit);
            }
        }
        (project, applied)
    }

    /// `edit` with the annotations it adds made by `who`, and the links
    /// it adds noted as `who`'s.
    fn signed(edit: Edit, who: &str) -> Edit {
        match edit {
            Edit::AddLink(link) => Edit::AddLink(Link {
                note: who.to_owned(),
                ..link
            }),
            Edit::AddAnnotation(a) => Edit::AddAnnotation(Box::new(Annotation {
                annotator: who.into(),
                ..*a
            })),
            Edit::Batch(edits) => Edit::Batch(edits.into_iter().map(|e| signed(e, who)).collect()),
            other => other,
        }
    }

    /// `edits` (made on another project) applied to `onto`, the
    /// annotations and links they add given the next free ids there.
    fn replay(onto: &Project, edits: &[Edit]) -> Project {
        let mut project = onto.clone();
        let mut moved = BTreeMap::new();
        for edit in edits {
            let edit = renumbered(&project, edit.clone(), &mut moved);
            apply(&mut project, edit).unwrap();
        }
        project
    }

    fn renumbered(project: &Project, edit: Edit, moved: &mut BTreeMap<u64, u64>) -> Edit {
        let to = |moved: &BTreeMap<u64, u64>, id: AnnotationId| {
            AnnotationId(*moved.get(&id.0).unwrap_or(&id.0))
        };
        match edit {
            Edit::AddAnnotation(mut a) => {
                let next = project.next_annotation_id().0;
                let id = (next..)
                    .find(|id| !moved.values().any(|v| v == id))
                    .unwrap();
                moved.insert(a.id.0, id);
                a.id = AnnotationId(id);
                Edit::AddAnnotation(a)
            }
            Edit::RemoveAnnotation(id) => Edit::RemoveAnnotation(to(moved, id)),
            Edit::AddLink(mut l) => {
                l.id = project.next_link_id();
                (l.from, l.to) = (to(moved, l.from), to(moved, l.to));
                Edit::AddLink(l)
            }
            Edit::Batch(edits) => Edit::Batch(
                edits
                    .into_iter()
                    .map(|e| renumbered(project, e, moved))
                    .collect(),
            ),
            other => other,
        }
    }

    /// What a project holds, without ids: each annotation (all fields but
    /// the id and the conflict mark) and each link (its ends by content),
    /// sorted.
    fn summary(project: &Project) -> (Vec<String>, Vec<String>) {
        let full = |a: &Annotation| {
            format!(
                "{:?}",
                Annotation {
                    id: AnnotationId(0),
                    conflict_with: None,
                    ..a.clone()
                }
            )
        };
        let mut annotations: Vec<String> = project.annotations.values().map(full).collect();
        let end = |id: &AnnotationId| full(&project.annotations[id]);
        let mut links: Vec<String> = (project.links.values())
            .map(|l| format!("{} -> {} {:?} {}", end(&l.from), end(&l.to), l.kind, l.note))
            .collect();
        annotations.sort();
        links.sort();
        (annotations, links)
    }

    /// A base project made by `ops` (anything they make).
    fn base_of(ops: &[Op]) -> Project {
        let mut base = base_project();
        for op in ops {
            if let Some(edit) = edit_for(&base, op) {
                let _ = apply(&mut base, edit);
            }
        }
        base
    }

    /// An annotation without its id (and times), to compare by content.
    fn content(a: &Annotation) -> String {
        format!(
            "{} {:?} {} {:?} {:?} {}",
            a.document, a.span, a.label, a.status, a.sentiment, a.note
        )
    }

    /// The content of every annotation and link that `changed` holds and
    /// `base` did not hold as it is; a link's ends are named by their id
    /// when they are in `base` (the other writer may change them), by
    /// their content when they are new.
    fn changes(base: &Project, changed: &Project) -> Vec<String> {
        let mut out: Vec<String> = (changed.annotations.values())
            .filter(|a| base.annotations.get(&a.id) != Some(*a))
            .map(content)
            .collect();
        let ends = |id: &AnnotationId| match base.annotations.contains_key(id) {
            true => id.to_string(),
            false => content(&changed.annotations[id]),
        };
        out.extend(
            (changed.links.values())
                .filter(|l| base.links.get(&l.id) != Some(*l))
                .map(|l| format!("{} -> {} {:?}", ends(&l.from), ends(&l.to), l.kind)),
        );
        out
    }

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(200))]
        /// Two writers making disjoint changes from one base: the rebase
        /// succeeds, and the result holds every annotation and link either
        /// added or changed (by content), and as many annotations as both
        /// made, same additions counted once.
        #[test]
        fn disjoint_changes_of_two_writers_are_all_kept(
            common in proptest::collection::vec(op(), 0..12),
            left in proptest::collection::vec(op(), 0..15),
            right in proptest::collection::vec(op(), 0..15),
        ) {
            // The base may hold anything the ops make.
            let mut base = base_project();
            for op in &common {
                if let Some(edit) = edit_for(&base, op) {
                    let _ = apply(&mut base, edit);
                }
            }
            let mine = write(&base, &left, 0);
            let theirs = write(&base, &right, 1);
            let result = rebase(&base, &mine, &theirs)
                .map_err(|e| TestCaseError::fail(e.to_string()))?;
            let held = changes(&base, &result);
            for change in changes(&base, &mine).iter().chain(&changes(&base, &theirs)) {
                prop_assert!(held.contains(change), "lost {}", change);
            }
            let same = (mine.annotations.iter())
                .filter(|(id, a)| !base.annotations.contains_key(id) && theirs.annotations.get(id) == Some(*a))
                .count();
            let added = |p: &Project| p.annotations.keys().filter(|id| !base.annotations.contains_key(id)).count();
            prop_assert_eq!(
                result.annotations.len(),
                theirs.annotations.len() + added(&mine) - same
            );
        }
    }

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(200))]
        /// Two branches changing different annotations: the merge is what
        /// applying both branches' edits one after the other makes (by
        /// content: additions may get other ids), with no conflict.
        #[test]
        fn merge3_of_disjoint_branches_is_both_edit_sequences(
            common in proptest::collection::vec(op(), 0..12),
            left in proptest::collection::vec(op(), 0..15),
            right in proptest::collection::vec(op(), 0..15),
        ) {
            let base = base_of(&common);
            let (ours, _) = branch(&base, &left, Some(0), "ours");
            let (theirs, their_edits) = branch(&base, &right, Some(1), "theirs");
            let merged = merge3(&base, &ours, &theirs);
            prop_assert_eq!(&merged.conflicts, &Vec::new());
            prop_assert_eq!(summary(&merged.project), summary(&replay(&ours, &their_edits)));
        }

        /// Two branches changing, removing and linking any annotations:
        /// every annotation either branch added or changed is in the
        /// merge (by content), and the merge is a valid project.
        #[test]
        fn merge3_of_conflicting_branches_loses_nothing(
            common in proptest::collection::vec(op(), 0..12),
            left in proptest::collection::vec(op(), 0..15),
            right in proptest::collection::vec(op(), 0..15),
        ) {
            let base = base_of(&common);
            let (ours, _) = branch(&base, &left, None, "ours");
            let (theirs, _) = branch(&base, &right, None, "theirs");
            let merged = merge3(&base, &ours, &theirs);
            let (held, _) = summary(&merged.project);
            for side in [&ours, &theirs] {
                for a in side.annotations.values() {
                    if base.annotations.get(&a.id) != Some(a) {
                        let (one, _) = summary(&Project {
                            annotations: BTreeMap::from([(a.id, a.clone())]),
                            ..Project::default()
                        });
                        prop_assert!(held.contains(&one[0]), "lost {:?}", a);
                    }
                }
            }
            let edit = Edit::Batch(edits_between(&base, &merged.project));
            let mut rebuilt = base.clone();
            apply(&mut rebuilt, edit).map_err(|e| TestCaseError::fail(e.to_string()))?;
            prop_assert_eq!(&rebuilt, &merged.project);
        }
    }

    #[test]
    fn merge3_keeps_both_versions_of_an_annotation_changed_differently() {
        let base = sample();
        let (mut ours, mut theirs) = (base.clone(), base.clone());
        ours.annotations.get_mut(&AnnotationId(1)).unwrap().note = "ours".into();
        theirs.annotations.get_mut(&AnnotationId(1)).unwrap().note = "theirs".into();
        theirs
            .annotations
            .insert(AnnotationId(3), claim(&base, 3, 20));
        let merged = merge3(&base, &ours, &theirs);
        let notes: Vec<(u64, &str, Option<AnnotationId>)> = (merged.project.annotations.values())
            .map(|a| (a.id.0, a.note.as_str(), a.conflict_with))
            .collect();
        assert_eq!(
            notes,
            [
                (1, "ours", None),
                (2, "", None),
                (3, "", None),
                (4, "theirs", Some(AnnotationId(1)))
            ]
        );
        let said: Vec<String> = merged.conflicts.iter().map(ToString::to_string).collect();
        assert_eq!(
            said,
            ["annotation a1 in a/first.txt: changed differently on both sides; theirs kept as a4"]
        );
        assert_eq!(conflicts(&merged.project).len(), 1);
        assert_eq!(
            conflict_partner(&merged.project, AnnotationId(1)),
            Some(AnnotationId(4))
        );
        assert_eq!(
            conflict_partner(&merged.project, AnnotationId(4)),
            Some(AnnotationId(1))
        );
        assert_eq!(conflict_partner(&merged.project, AnnotationId(2)), None);
    }

    #[test]
    fn merge3_keeps_what_one_side_removed_and_the_other_changed_or_used() {
        let base = sample();
        let (mut ours, mut theirs) = (base.clone(), base.clone());
        ours.annotations.remove(&AnnotationId(1));
        theirs.annotations.get_mut(&AnnotationId(1)).unwrap().note = "theirs".into();
        // Theirs links to annotation 2, which ours removed unchanged.
        ours.annotations.remove(&AnnotationId(2));
        theirs.links.insert(LinkId(1), link(1, 1, 2));
        let merged = merge3(&base, &ours, &theirs);
        assert_eq!(merged.project.annotations[&AnnotationId(1)].note, "theirs");
        assert!(merged.project.annotations.contains_key(&AnnotationId(2)));
        assert_eq!(merged.project.links.len(), 1);
        let said: Vec<String> = merged.conflicts.iter().map(ToString::to_string).collect();
        assert_eq!(
            said,
            [
                "annotation a1 in a/first.txt: removed on our side, changed on theirs; their version kept",
                "annotation a2 in a/first.txt: removed on one side, linked on the other; kept",
            ]
        );
        // The other way round.
        let merged = merge3(&base, &theirs, &ours);
        assert_eq!(merged.project.annotations[&AnnotationId(1)].note, "theirs");
        assert_eq!(
            merged.conflicts[0].to_string(),
            "annotation a1 in a/first.txt: removed on their side, changed on ours; our version kept"
        );
    }

    #[test]
    fn merge3_keeps_our_label_and_gives_theirs_a_free_name_and_key() {
        let base = sample();
        let (mut ours, mut theirs) = (base.clone(), base.clone());
        ours.labels.labels[0].name = "Ours".into();
        theirs.labels.labels[0].name = "Theirs".into();
        let hedge = |id: &str, key| Label {
            id: LabelId::from(id),
            name: "Hedge".into(),
            color: crate::model::Rgb([1, 2, 3]),
            key,
        };
        ours.labels.labels.push(hedge("hedge", Some(4)));
        theirs.labels.labels.push(hedge("hedge2", Some(4)));
        let merged = merge3(&base, &ours, &theirs);
        let labels = &merged.project.labels.labels;
        assert_eq!(labels[0].name, "Ours");
        let last = labels.last().unwrap();
        assert_eq!((last.name.as_str(), last.key), ("Hedge (theirs)", None));
        let said: Vec<String> = merged.conflicts.iter().map(ToString::to_string).collect();
        assert_eq!(
            said,
            [
                format!(
                    "label {}: changed differently on both sides; ours kept",
                    labels[0].id
                ),
                "label hedge2: name \"Hedge\" taken by another label; renamed \"Hedge (theirs)\""
                    .to_owned(),
                "label hedge2: key 4 taken by another label; key removed".to_owned(),
            ]
        );
    }

    #[test]
    fn keeping_one_of_a_conflict_is_one_edit_undone_at_once() {
        let base = sample();
        let (mut ours, mut theirs) = (base.clone(), base.clone());
        ours.annotations.get_mut(&AnnotationId(1)).unwrap().note = "ours".into();
        theirs.annotations.get_mut(&AnnotationId(1)).unwrap().note = "theirs".into();
        let mut project = merge3(&base, &ours, &theirs).project;
        let before = project.clone();
        // Keep theirs (a3, marked): ours goes, the mark is cleared.
        let edit = keep_one_edit(&project, AnnotationId(3), AnnotationId(1)).unwrap();
        let undo = apply(&mut project, edit).unwrap();
        let kept = &project.annotations[&AnnotationId(3)];
        assert_eq!((kept.note.as_str(), kept.conflict_with), ("theirs", None));
        assert!(!project.annotations.contains_key(&AnnotationId(1)));
        assert!(conflicts(&project).is_empty());
        apply(&mut project, undo).unwrap();
        assert_eq!(project, before);
        // Keep ours: their copy goes.
        let edit = keep_one_edit(&project, AnnotationId(1), AnnotationId(3)).unwrap();
        apply(&mut project, edit).unwrap();
        assert_eq!(project.annotations[&AnnotationId(1)].note, "ours");
        assert_eq!(project.annotations.len(), 2);
    }
}
