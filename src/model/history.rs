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
}

impl History {
    /// Applies `edit` as one undo step. A refused edit leaves project and history unchanged.
    pub fn apply(&mut self, project: &mut Project, edit: Edit) -> Result<(), EditError> {
        let name = edit.describe(project);
        let inverse = apply(project, edit)?;
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
        Self::step(project, &mut self.undo, &mut self.redo, &mut self.revision)
    }

    /// Redoes the last undone step; returns its name, or `None` when there is nothing to redo.
    pub fn redo(&mut self, project: &mut Project) -> Result<Option<String>, EditError> {
        Self::step(project, &mut self.redo, &mut self.undo, &mut self.revision)
    }

    fn step(
        project: &mut Project,
        from: &mut Vec<Step>,
        to: &mut Vec<Step>,
        revision: &mut u64,
    ) -> Result<Option<String>, EditError> {
        let Some(step) = from.pop() else {
            return Ok(None);
        };
        match apply(project, step.edit.clone()) {
            Ok(back) => {
                let name = step.name.clone();
                to.push(Step {
                    name: step.name,
                    edit: back,
                });
                *revision += 1;
                Ok(Some(name))
            }
            Err(err) => {
                from.push(step);
                Err(err)
            }
        }
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
