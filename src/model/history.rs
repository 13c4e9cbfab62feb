//! Undo and redo: a history of applied edits and their inverses.

use std::collections::{BTreeSet, HashMap, VecDeque};

use super::annotation::{Annotation, AnnotationId, Link};
use super::document::DocumentId;
use super::edit::{Edit, EditError, apply};
use super::project::Project;

/// The steps whose changes are kept for the window's caches.
const CHANGES_KEPT: usize = 64;

/// An edit above this many annotations and links is not kept one by one:
/// its [`Change`] says `other` (the caches derive everything again).
const LARGEST_KEPT: usize = 10_000;

/// What one step changed, as the window's caches need it to bring their
/// values up to date instead of deriving them from every annotation again
/// (see [`History::changes_since`]).
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Change {
    /// The annotations the step removed or replaced, as they were.
    pub before: Vec<Annotation>,
    /// The annotations the step added or replaced, as they are now.
    pub after: Vec<Annotation>,
    /// The links it added, removed or replaced (each version).
    pub links: Vec<Link>,
    /// The documents whose record it changed (their fields: status,
    /// sentiment, note; or the hash their annotations were made on), each
    /// once. Setting a record moves no annotation; the step may list
    /// annotations too (the first annotation of a document that starts it,
    /// a re-anchoring with the new hash).
    pub records: Vec<DocumentId>,
    /// It changed labels, added or removed documents, or too much to list:
    /// anything may have changed.
    pub other: bool,
}

/// A step's change while it is applied: the annotations it touches and
/// what they were before it.
struct Pending {
    ids: BTreeSet<AnnotationId>,
    change: Change,
}

impl Change {
    /// What the step that applies `edit` to `project` touches, as it is
    /// before (taken before it is applied; [`Pending::after`] completes it).
    fn applying(edit: &Edit, project: &Project) -> Pending {
        let mut ids = BTreeSet::new();
        let mut change = Change::default();
        change.other = touched(edit, &mut ids, &mut change.links, &mut change.records);
        change.other |= ids.len() + change.links.len() + change.records.len() > LARGEST_KEPT;
        if change.other {
            return Pending {
                ids: BTreeSet::new(),
                change: Change::other(),
            };
        }
        change.before = (ids.iter())
            .filter_map(|id| project.annotations.get(id))
            .cloned()
            .collect();
        Pending { ids, change }
    }

    fn other() -> Self {
        Change {
            other: true,
            ..Change::default()
        }
    }

    /// The documents whose annotations (or their links) this change
    /// touched, given the project after it (for a link's ends); `None` when
    /// that cannot be told (`other`, or a link end not found).
    pub fn documents<'a>(&'a self, project: &'a Project) -> Option<Vec<&'a DocumentId>> {
        if self.other {
            return None;
        }
        let of_step: HashMap<AnnotationId, &Annotation> = (self.before.iter().chain(&self.after))
            .map(|a| (a.id, a))
            .collect();
        let mut docs: Vec<&DocumentId> = of_step.values().map(|a| &a.document).collect();
        for link in &self.links {
            for end in [link.from, link.to] {
                let a = (of_step.get(&end).copied()).or_else(|| project.annotations.get(&end))?;
                docs.push(&a.document);
            }
        }
        Some(docs)
    }
}

impl Pending {
    /// The change, once the step is applied to `project` and `inverse`
    /// takes it back: the touched annotations as they are now, and the
    /// links the inverse would put back (those removed with an annotation
    /// too).
    fn after(mut self, inverse: &Edit, project: &Project) -> Change {
        if self.change.other {
            return self.change;
        }
        let mut same = BTreeSet::new();
        // The inverse sets the same records back.
        let mut records = Vec::new();
        if touched(inverse, &mut same, &mut self.change.links, &mut records)
            || self.change.links.len() + self.ids.len() + self.change.records.len() > LARGEST_KEPT
        {
            return Change::other();
        }
        self.change.records.sort();
        self.change.records.dedup();
        self.change.after = (self.ids.iter())
            .filter_map(|id| project.annotations.get(id))
            .cloned()
            .collect();
        self.change
    }
}

/// Gathers the annotations `edit` adds, replaces or removes (by id), the
/// links it adds or replaces (what it removes is in its inverse) and the
/// documents whose record it sets; true when it changes anything else.
fn touched(
    edit: &Edit,
    ids: &mut BTreeSet<AnnotationId>,
    links: &mut Vec<Link>,
    records: &mut Vec<DocumentId>,
) -> bool {
    match edit {
        Edit::AddAnnotation(a) | Edit::UpdateAnnotation(a) => {
            ids.insert(a.id);
            false
        }
        Edit::RemoveAnnotation(id) => {
            ids.insert(*id);
            false
        }
        Edit::AddLink(link) | Edit::UpdateLink(link) => {
            links.push(link.clone());
            false
        }
        Edit::RemoveLink(_) | Edit::AddRejection(_) | Edit::RemoveRejection(_) => false,
        Edit::SetDocFields { document, .. } | Edit::SetDocHash { document, .. } => {
            records.push(document.clone());
            false
        }
        Edit::AddLabel { .. }
        | Edit::RemoveLabel(_)
        | Edit::UpdateLabel(_)
        | Edit::AddDocument(_)
        | Edit::RemoveDocument(_) => true,
        Edit::Batch(edits) => {
            let mut other = false;
            for edit in edits {
                other |= touched(edit, ids, links, records);
            }
            other
        }
    }
}

#[derive(Clone, Debug)]
struct Step {
    /// What the step did, for menus ("add Claim").
    name: String,
    /// The edit that takes the step back (on the undo stack) or forward again (on the redo stack).
    edit: Edit,
    /// The [`History::state`] the step leads to when it is done; kept
    /// through undo and redo.
    state: u64,
}

/// Undo/redo stacks. One user gesture is one [`History::apply`] call and one undo step.
#[derive(Clone, Debug, Default)]
pub struct History {
    undo: Vec<Step>,
    redo: Vec<Step>,
    /// Counts every change to the project, for caches and the unsaved marker.
    revision: u64,
    /// The inverse of every change since [`History::mark`], oldest first:
    /// the way back to the project as it was at the mark, whatever was
    /// applied, undone or redone since.
    since_mark: Vec<Edit>,
    /// The changes of the last steps, each with the revision it made.
    changes: VecDeque<(u64, Change)>,
}

impl History {
    /// Applies `edit` as one undo step. A refused edit leaves project and history unchanged.
    pub fn apply(&mut self, project: &mut Project, edit: Edit) -> Result<(), EditError> {
        let name = edit.describe(project);
        let pending = Change::applying(&edit, project);
        let inverse = apply(project, edit)?;
        self.since_mark.push(inverse.clone());
        self.redo.clear();
        self.revision += 1;
        self.log(pending.after(&inverse, project));
        self.undo.push(Step {
            name,
            edit: inverse,
            state: self.revision,
        });
        Ok(())
    }

    /// Undoes the last step; returns its name, or `None` when there is nothing to undo.
    pub fn undo(&mut self, project: &mut Project) -> Result<Option<String>, EditError> {
        let Some(step) = self.undo.last().cloned() else {
            return Ok(None);
        };
        let back = self.take(project, step)?;
        self.undo.pop();
        let name = back.name.clone();
        self.redo.push(back);
        Ok(Some(name))
    }

    /// Redoes the last undone step; returns its name, or `None` when there is nothing to redo.
    pub fn redo(&mut self, project: &mut Project) -> Result<Option<String>, EditError> {
        let Some(step) = self.redo.last().cloned() else {
            return Ok(None);
        };
        let back = self.take(project, step)?;
        self.redo.pop();
        let name = back.name.clone();
        self.undo.push(back);
        Ok(Some(name))
    }

    /// Applies `step` (a copy of the top of one stack, which the caller
    /// pops once it is applied); returns the step that takes it back. A
    /// refused step changes nothing.
    fn take(&mut self, project: &mut Project, step: Step) -> Result<Step, EditError> {
        let pending = Change::applying(&step.edit, project);
        let back = apply(project, step.edit)?;
        self.since_mark.push(back.clone());
        self.revision += 1;
        self.log(pending.after(&back, project));
        Ok(Step {
            name: step.name,
            edit: back,
            state: step.state,
        })
    }

    /// Remembers the project as it is now (loaded or saved): see
    /// [`History::at_mark`].
    pub fn mark(&mut self) {
        self.since_mark.clear();
    }

    /// The project as it was at the last [`History::mark`] (or when the
    /// history began), given `project` as it is now: a copy with every
    /// change since taken back, newest first. Keeping the way back instead
    /// of a copy costs memory in proportion to the changes, not to the
    /// project.
    pub fn at_mark(&self, project: &Project) -> Result<Project, EditError> {
        let mut then = project.clone();
        for edit in self.since_mark.iter().rev() {
            apply(&mut then, edit.clone())?;
        }
        Ok(then)
    }

    /// Name of the step Undo would take back.
    pub fn undo_name(&self) -> Option<&str> {
        self.undo.last().map(|s| s.name.as_str())
    }

    /// Name of the step Redo would do again.
    pub fn redo_name(&self) -> Option<&str> {
        self.redo.last().map(|s| s.name.as_str())
    }

    /// Counter that changes with every applied, undone or redone step.
    pub fn revision(&self) -> u64 {
        self.revision
    }

    /// Names the project's content as the steps made it: the same after
    /// undoing back to a point (or redoing forward to it) as it was there,
    /// so a project undone back to where it was saved is not unsaved. Two
    /// different contents never share it: each applied step gets a new one.
    pub fn state(&self) -> u64 {
        self.undo.last().map_or(0, |step| step.state)
    }

    /// The changes of the steps after `revision`, oldest first; `None` when
    /// they are no longer all kept (or `revision` is not one of this history's).
    pub fn changes_since(&self, revision: u64) -> Option<impl Iterator<Item = &Change>> {
        let kept_from = self.changes.front().map_or(self.revision, |(r, _)| r - 1);
        (kept_from <= revision && revision <= self.revision).then(|| {
            (self.changes.iter())
                .filter(move |(r, _)| *r > revision)
                .map(|(_, c)| c)
        })
    }

    /// [`History::changes_since`], when each of them lists what it changed
    /// (none is `other`): what a value kept at `revision` can be brought up
    /// to date with instead of being made again.
    pub fn listed_changes_since(&self, revision: u64) -> Option<Vec<&Change>> {
        let changes: Vec<&Change> = self.changes_since(revision)?.collect();
        (!changes.iter().any(|c| c.other)).then_some(changes)
    }

    /// Keeps the change of the step just taken.
    fn log(&mut self, change: Change) {
        if self.changes.len() == CHANGES_KEPT {
            self.changes.pop_front();
        }
        self.changes.push_back((self.revision, change));
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_changes_of_the_last_steps_are_kept_in_order() {
        use crate::model::testing::{annotation, base_project};
        let mut project = base_project();
        let mut history = History::default();
        let claim = crate::model::LabelId::from("claim");
        assert_eq!(history.changes_since(0).unwrap().count(), 0);
        for id in 1..=70 {
            let a = annotation(&project, id, 0, 0, 4, &claim);
            history
                .apply(&mut project, Edit::AddAnnotation(Box::new(a)))
                .unwrap();
        }
        history.undo(&mut project).unwrap();
        let now = history.revision();
        assert_eq!(now, 71);
        assert!(history.changes_since(0).is_none(), "the oldest are gone");
        assert!(history.changes_since(now + 1).is_none());
        assert_eq!(history.changes_since(now).unwrap().count(), 0);
        let last: Vec<&Change> = history.changes_since(now - 2).unwrap().collect();
        // The 70th added, then taken back.
        assert_eq!(last[0].after[0].id, crate::model::AnnotationId(70));
        assert!(last[0].before.is_empty());
        assert_eq!(last[1].before[0].id, crate::model::AnnotationId(70));
        assert!(last[1].after.is_empty());
        assert_eq!(history.changes_since(now - 64).unwrap().count(), 64);
        assert!(history.changes_since(now - 65).is_none());
        // One step that touches an annotation twice lists it once, as it
        // was before the step and as it is after.
        let mut a = annotation(&project, 100, 1, 0, 4, &claim);
        let first = Edit::AddAnnotation(Box::new(a.clone()));
        a.note = "then changed".into();
        let then = Edit::UpdateAnnotation(Box::new(a.clone()));
        let at = history.revision();
        history
            .apply(&mut project, Edit::Batch(vec![first, then]))
            .unwrap();
        let step: Vec<&Change> = history.changes_since(at).unwrap().collect();
        assert!(step[0].before.is_empty());
        assert_eq!(step[0].after, [a]);
        let now = history.revision();
        // A label's edit may change anything.
        let label = project.labels.labels[0].clone();
        history
            .apply(&mut project, Edit::UpdateLabel(label))
            .unwrap();
        assert!(history.changes_since(now).unwrap().all(|c| c.other));
    }
    use crate::model::LabelId;
    use crate::model::testing::{annotation, base_project};

    #[test]
    fn a_documents_record_is_named_not_taken_as_anything() {
        let mut project = base_project();
        let mut history = History::default();
        let doc = project.documents.keys().next().unwrap().clone();
        let mut fields = project.documents[&doc].fields.clone();
        fields.status = crate::model::DocStatus::Done;
        let set = Edit::SetDocFields {
            document: doc.clone(),
            fields: fields.clone(),
        };
        // Set twice in one step: named once.
        history
            .apply(&mut project, Edit::Batch(vec![set.clone(), set]))
            .unwrap();
        history.undo(&mut project).unwrap();
        let a = annotation(&project, 1, 0, 0, 4, &LabelId::from("claim"));
        let hash = crate::model::ContentHash::of("another text");
        let rehashed = Edit::Batch(vec![
            Edit::AddAnnotation(Box::new(a.clone())),
            Edit::SetDocHash {
                document: a.document.clone(),
                hash,
            },
        ]);
        history.apply(&mut project, rehashed).unwrap();
        let steps: Vec<&Change> = history.changes_since(0).unwrap().collect();
        assert_eq!(steps.len(), 3);
        for step in &steps[..2] {
            assert!(!step.other, "a status is not a change of anything");
            assert_eq!(step.records, std::slice::from_ref(&doc));
            assert!(step.before.is_empty() && step.after.is_empty());
            assert_eq!(step.documents(&project), Some(vec![]));
        }
        assert!(!steps[2].other);
        assert_eq!(steps[2].after, std::slice::from_ref(&a));
        assert_eq!(steps[2].records, std::slice::from_ref(&a.document));
    }

    #[test]
    fn undoing_and_redoing_back_to_a_point_names_it_as_it_was() {
        let mut project = base_project();
        let mut history = History::default();
        let claim = LabelId::from("claim");
        let base = project.clone();
        let add = |id| Edit::AddAnnotation(Box::new(annotation(&base, id, 0, 0, 6, &claim)));
        let loaded = history.state();
        history.apply(&mut project, add(1)).unwrap();
        let one = history.state();
        assert_ne!(one, loaded);
        history.apply(&mut project, add(2)).unwrap();
        let two = history.state();
        assert_ne!(two, one);
        history.undo(&mut project).unwrap();
        assert_eq!(history.state(), one);
        history.undo(&mut project).unwrap();
        assert_eq!(history.state(), loaded);
        history.redo(&mut project).unwrap();
        history.redo(&mut project).unwrap();
        assert_eq!(history.state(), two);
        // Back to one and a different second step: a new content, a new name.
        history.undo(&mut project).unwrap();
        history.apply(&mut project, add(3)).unwrap();
        assert_ne!(history.state(), two);
        assert_ne!(history.state(), one);
        // A refused step names nothing new.
        let now = history.state();
        assert!(history.apply(&mut project, add(3)).is_err());
        assert_eq!(history.state(), now);
    }

    #[test]
    fn the_project_at_the_mark_comes_back_after_edits_undos_and_redos() {
        let mut project = base_project();
        let mut history = History::default();
        let claim = LabelId::from("claim");
        let base = project.clone();
        let add = |id| Edit::AddAnnotation(Box::new(annotation(&base, id, 0, 0, 6, &claim)));
        history.apply(&mut project, add(1)).unwrap();
        history.mark();
        let marked = project.clone();
        // Past the mark: undone below it, redone, and a new branch.
        history.undo(&mut project).unwrap();
        history.apply(&mut project, add(2)).unwrap();
        history.apply(&mut project, add(3)).unwrap();
        history.undo(&mut project).unwrap();
        history.redo(&mut project).unwrap();
        assert_ne!(project, marked);
        assert_eq!(history.at_mark(&project).unwrap(), marked);
        // The mark moves: no change since is no way back.
        history.mark();
        assert_eq!(history.at_mark(&project).unwrap(), project);
        // A fresh history's mark is where it began.
        let fresh = History::default();
        assert_eq!(fresh.at_mark(&marked).unwrap(), marked);
    }
}
