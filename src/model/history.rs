//! Undo and redo: a history of applied edits and their inverses.

use super::edit::{Edit, EditError, apply};
use super::project::Project;

#[derive(Clone, Debug)]
struct Step {
    /// What the step did, for menus ("add Claim").
    name: String,
    /// The edit that takes the step back (on the undo stack) or forward again (on the redo stack).
    edit: Edit,
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
}

impl History {
    /// Applies `edit` as one undo step. A refused edit leaves project and history unchanged.
    pub fn apply(&mut self, project: &mut Project, edit: Edit) -> Result<(), EditError> {
        let name = edit.describe(project);
        let inverse = apply(project, edit)?;
        self.since_mark.push(inverse.clone());
        self.undo.push(Step {
            name,
            edit: inverse,
        });
        self.redo.clear();
        self.revision += 1;
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
        let back = apply(project, step.edit)?;
        self.since_mark.push(back.clone());
        self.revision += 1;
        Ok(Step {
            name: step.name,
            edit: back,
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
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::LabelId;
    use crate::model::testing::{annotation, base_project};

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
