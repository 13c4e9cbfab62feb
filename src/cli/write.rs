//! Load, change and save a project without losing anyone's work: the
//! writers' lock is held from the load to the save, and a file that changed
//! on disk meanwhile (a writer that takes no lock) gets this change merged
//! onto it, or is left alone.

use std::path::Path;
use std::process::ExitCode;
use std::sync::atomic::AtomicBool;
use std::time::Duration;

use anyhow::Context;

use super::no_progress;
use crate::io::atomic::FileVersion;
use crate::io::corpus::ImportOptions;
use crate::io::lock::{LockError, ProjectLock};
use crate::io::workspace::{Consistency, Workspace};
use crate::model::merge::{MergeConflict, rebase};
use crate::model::{Edit, apply};

/// Exit code when another writer holds the project's lock.
pub const EXIT_LOCKED: u8 = 3;
/// Exit code when the project changed on disk and this change cannot be merged.
pub const EXIT_CONFLICT: u8 = 4;

/// The project changed on disk while this command ran, in a way this
/// change cannot be merged with; the file was left as it is.
#[derive(Debug, thiserror::Error)]
#[error("{} changed on disk while this command ran and {reason}; nothing was saved (run the command again)", path.display())]
pub struct Conflict {
    path: std::path::PathBuf,
    reason: String,
}

/// The exit code for an error of a command: 3 for a held lock, 4 for a
/// conflict, 2 for anything else.
pub fn exit_code(err: &anyhow::Error) -> ExitCode {
    if matches!(err.downcast_ref(), Some(LockError::Held { .. })) {
        ExitCode::from(EXIT_LOCKED)
    } else if err.is::<Conflict>() {
        ExitCode::from(EXIT_CONFLICT)
    } else {
        ExitCode::from(2)
    }
}

/// A project opened to be changed: its lock, and the version of the file
/// as loaded. (The project as loaded is not kept: at a million annotations
/// that copy is a gigabyte; when it is needed, to merge onto a file that
/// changed meanwhile, it is the project with the change undone.)
pub struct Writing {
    _lock: ProjectLock,
    options: ImportOptions,
    version: FileVersion,
}

/// Takes the lock of the project file `path` for `program`, waiting up to
/// `wait`; says on stderr when it was taken over from a writer that is gone.
pub fn lock(path: &Path, program: &str, wait: Duration) -> anyhow::Result<ProjectLock> {
    let lock = ProjectLock::acquire(path, program, wait).map_err(|err| {
        let held = matches!(err, LockError::Held { .. });
        let waited = format!(
            "waited {} s for the lock (--wait SECONDS queues longer)",
            wait.as_secs_f64()
        );
        let err = anyhow::Error::new(err);
        if held { err.context(waited) } else { err }
    })?;
    if let Some(holder) = lock.took_over() {
        eprintln!(
            "diptych: took over the lock {} left by {holder}, which is gone",
            lock.path().display()
        );
    }
    Ok(lock)
}

/// Takes the lock of `path` (waiting up to `wait`), then opens it.
pub fn open_for_writing(
    path: &Path,
    program: &str,
    wait: Duration,
    options: &ImportOptions,
) -> anyhow::Result<(Workspace, Consistency, Writing)> {
    let lock = lock(path, program, wait)?;
    let (workspace, report, version) = super::open::open_project(path, options)?;
    let writing = Writing {
        _lock: lock,
        options: options.clone(),
        version,
    };
    Ok((workspace, report, writing))
}

impl Writing {
    /// Saves `workspace` to `path` if the file is still the one loaded;
    /// otherwise merges its change onto the newer file (and `workspace`
    /// becomes that merge), or fails with a [`Conflict`].
    ///
    /// `undo` undoes this command's change: the inverse edit that `apply`
    /// returned for it (the project as loaded is `workspace.project` with
    /// `undo` applied).
    pub fn save(self, workspace: &mut Workspace, path: &Path, undo: Edit) -> anyhow::Result<()> {
        match workspace.save_unchanged(path, self.version) {
            Err(err) if err.changed_on_disk() => self.merge(workspace, path, undo),
            other => other.map(|_| ()).map_err(Into::into),
        }
    }

    fn merge(self, workspace: &mut Workspace, path: &Path, undo: Edit) -> anyhow::Result<()> {
        let conflict = |reason: String| Conflict {
            path: path.to_owned(),
            reason,
        };
        let mut base = workspace.project.clone();
        apply(&mut base, undo).context("undoing this change to merge it onto the newer file")?;
        let (mut theirs, _, version) =
            Workspace::open_versioned(path, &self.options, &no_progress, &AtomicBool::new(false))?;
        theirs.project = rebase(&base, &workspace.project, &theirs.project)
            .map_err(|MergeConflict(what)| conflict(format!("both changed {what}")))?;
        match theirs.save_unchanged(path, version) {
            Err(err) if err.changed_on_disk() => {
                return Err(conflict("keeps changing".to_owned()).into());
            }
            other => other?,
        };
        eprintln!(
            "diptych: {} changed on disk while this command ran; this change was merged onto the newer file",
            path.display()
        );
        *workspace = theirs;
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use std::path::PathBuf;

    use super::*;
    use crate::io::project_file;
    use crate::model::AnnotationId;

    /// A copy of the sample project and its articles.
    fn sample_copy() -> (tempfile::TempDir, PathBuf) {
        let repo = Path::new(env!("CARGO_MANIFEST_DIR"));
        let dir = tempfile::tempdir().unwrap();
        std::fs::create_dir_all(dir.path().join("projects")).unwrap();
        std::fs::create_dir_all(dir.path().join("seeds")).unwrap();
        for entry in std::fs::read_dir(repo.join("seeds")).unwrap() {
            let entry = entry.unwrap();
            let to = dir.path().join("seeds").join(entry.file_name());
            std::fs::copy(entry.path(), to).unwrap();
        }
        let project = dir.path().join("projects/seeds.ron");
        std::fs::copy(repo.join("projects/seeds.ron"), &project).unwrap();
        (dir, project)
    }

    /// Another program (which takes no lock) changes annotation `id`'s note.
    fn change_underneath(path: &Path, id: AnnotationId, note: &str) -> Vec<u8> {
        let (mut project, view) = project_file::load_with_view(path).unwrap();
        project.annotations.get_mut(&id).unwrap().note = note.to_owned();
        project_file::save(&project, &view, path).unwrap();
        std::fs::read(path).unwrap()
    }

    /// This command's change: annotation `id`'s note, as an edit; returns
    /// its inverse.
    fn set_note(workspace: &mut Workspace, id: AnnotationId, note: &str) -> Edit {
        let mut changed = workspace.project.annotations[&id].clone();
        changed.note = note.to_owned();
        apply(
            &mut workspace.project,
            Edit::UpdateAnnotation(Box::new(changed)),
        )
        .unwrap()
    }

    fn first_two(workspace: &Workspace) -> (AnnotationId, AnnotationId) {
        let mut ids = workspace.project.annotations.keys().copied();
        (ids.next().unwrap(), ids.next().unwrap())
    }

    #[test]
    fn a_file_changed_meanwhile_gets_this_change_merged_onto_it() {
        let (_dir, path) = sample_copy();
        let options = ImportOptions::default();
        let (mut ws, _, writing) =
            open_for_writing(&path, "test", Duration::ZERO, &options).unwrap();
        let (theirs, mine) = first_two(&ws);
        change_underneath(&path, theirs, "their note");
        let undo = set_note(&mut ws, mine, "my note");
        writing.save(&mut ws, &path, undo).unwrap();
        let last = project_file::load(&path).unwrap();
        assert_eq!(last.annotations[&theirs].note, "their note");
        assert_eq!(last.annotations[&mine].note, "my note");
        assert_eq!(ws.project, last, "the workspace is what was saved");
    }

    #[test]
    fn a_conflicting_change_meanwhile_is_left_alone_with_exit_code_4() {
        let (_dir, path) = sample_copy();
        let options = ImportOptions::default();
        let (mut ws, _, writing) =
            open_for_writing(&path, "test", Duration::ZERO, &options).unwrap();
        let (id, _) = first_two(&ws);
        let theirs = change_underneath(&path, id, "their note");
        let undo = set_note(&mut ws, id, "my note");
        let err = writing.save(&mut ws, &path, undo).unwrap_err();
        assert_eq!(exit_code(&err), ExitCode::from(EXIT_CONFLICT));
        let message = err.to_string();
        assert!(message.contains("seeds.ron changed on disk"), "{message}");
        assert!(
            message.contains(&format!("both changed annotation {id}")),
            "{message}"
        );
        assert!(
            std::fs::read(&path).unwrap() == theirs,
            "their file was replaced"
        );
    }
}
