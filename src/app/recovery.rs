//! Autosave: unsaved work goes to a recovery file beside the project.

use std::path::{Path, PathBuf};
use std::time::SystemTime;

use crate::io::atomic::WriteError;
use crate::io::project_file::{self, ViewState};
use crate::model::Project;

/// Seconds between autosaves while there are unsaved changes.
pub const AUTOSAVE_SECONDS: f64 = 30.0;

/// The recovery file of a project file: `NAME.ron.recovery`. A project that
/// was never saved recovers into the data folder, named after its corpus.
pub fn recovery_path(project_path: Option<&Path>, data_dir: &Path, corpus_root: &Path) -> PathBuf {
    match project_path {
        Some(path) => crate::io::target::recovery_sibling(path),
        None => {
            let key = blake3::hash(corpus_root.to_string_lossy().as_bytes()).to_hex();
            data_dir
                .join("recovery")
                .join(format!("untitled-{}.ron", &key[..16]))
        }
    }
}

/// Writes the recovery file (atomically, no backup), with the panes open
/// (`view`), so that a restore shows what was being read. The corpus path
/// is made absolute so the file opens from anywhere.
pub fn write_recovery(
    path: &Path,
    project: &Project,
    view: &ViewState,
    corpus_root: &Path,
) -> Result<(), WriteError> {
    if let Some(parent) = path.parent() {
        let _ = std::fs::create_dir_all(parent);
    }
    let corpus = std::path::absolute(corpus_root).unwrap_or_else(|_| corpus_root.to_owned());
    project_file::save_with_corpus(project, view, &corpus, path)
}

/// True when a recovery file exists and is newer than the project file.
pub fn has_newer_recovery(project_path: &Path, recovery: &Path) -> bool {
    let modified = |p: &Path| std::fs::metadata(p).and_then(|m| m.modified()).ok();
    match (modified(recovery), modified(project_path)) {
        (Some(r), Some(p)) => r > p,
        (Some(_), None) => true,
        _ => false,
    }
}

/// Reads a recovery file as a project (its corpus path is absolute).
pub fn read_recovery(path: &Path) -> Result<Project, project_file::LoadError> {
    project_file::load(path)
}

/// [`read_recovery`], with the panes that were open (none in a file
/// written before they were kept).
pub fn read_recovery_with_view(
    path: &Path,
) -> Result<(Project, ViewState), project_file::LoadError> {
    project_file::load_with_view(path)
}

/// Removes a recovery file after a save or a discard (a missing file is fine).
pub fn remove_recovery(path: &Path) {
    let _ = std::fs::remove_file(path);
}

/// Moves a recovery file the user discarded aside, to
/// [`crate::io::target::discarded_name`] stamped with the local date and
/// time, so that a wrong click loses nothing: the file opens as a
/// project. Never over another file (a second discard in the same second
/// gets `-2`). Returns where it went.
pub fn set_aside_recovery(recovery: &Path) -> std::io::Result<PathBuf> {
    let now = jiff::Zoned::now().strftime("%Y%m%d-%H%M%S").to_string();
    for n in 1..=100 {
        let stamp = match n {
            1 => now.clone(),
            n => format!("{now}-{n}"),
        };
        let aside = crate::io::target::discarded_name(recovery, &stamp);
        // A hard link is made only where no file is: the file's new name
        // taken without a race, then its old one given up.
        match std::fs::hard_link(recovery, &aside) {
            Ok(()) => {
                std::fs::remove_file(recovery)?;
                return Ok(aside);
            }
            Err(err) if err.kind() == std::io::ErrorKind::AlreadyExists => {}
            // A file system without hard links: renamed, its name checked
            // free just before.
            Err(_) if recovery.exists() && !aside.exists() => {
                std::fs::rename(recovery, &aside)?;
                return Ok(aside);
            }
            Err(err) => return Err(err),
        }
    }
    Err(std::io::Error::new(
        std::io::ErrorKind::AlreadyExists,
        "every name to set the recovery file aside is taken",
    ))
}

/// Local wall-clock time as `hh:mm`.
pub fn clock_hhmm(now: SystemTime) -> String {
    let Ok(ts) = jiff::Timestamp::try_from(now) else {
        return "--:--".to_owned();
    };
    let zoned = ts.to_zoned(jiff::tz::TimeZone::system());
    format!("{:02}:{:02}", zoned.hour(), zoned.minute())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn recovery_sits_beside_the_project_and_is_newer() {
        let dir = tempfile::tempdir().unwrap();
        let project_path = dir.path().join("p.ron");
        std::fs::write(&project_path, "old").unwrap();
        let recovery = recovery_path(Some(&project_path), dir.path(), dir.path());
        assert_eq!(recovery, dir.path().join("p.ron.recovery"));
        assert!(!has_newer_recovery(&project_path, &recovery));
        std::thread::sleep(std::time::Duration::from_millis(20));
        let project = crate::model::Project::new("R", "corpus");
        write_recovery(&recovery, &project, &ViewState::default(), dir.path()).unwrap();
        assert!(has_newer_recovery(&project_path, &recovery));
        let back = read_recovery(&recovery).unwrap();
        assert_eq!(back.name, "R");
        assert!(back.corpus_root.is_absolute());
        remove_recovery(&recovery);
        assert!(!recovery.exists());
    }

    #[test]
    fn a_discarded_recovery_is_set_aside_beside_the_ones_before_and_still_opens() {
        let dir = tempfile::tempdir().unwrap();
        let recovery = dir.path().join("p.ron.recovery");
        let none = ViewState::default();
        write_recovery(
            &recovery,
            &Project::new("First", "corpus"),
            &none,
            dir.path(),
        )
        .unwrap();
        let first = set_aside_recovery(&recovery).unwrap();
        assert!(!recovery.exists());
        let name = first.file_name().unwrap().to_string_lossy().into_owned();
        assert!(
            name.starts_with("p.discarded-") && name.ends_with(".ron"),
            "{name}"
        );
        // Discarded again at once (the same second): another name, the
        // first kept.
        write_recovery(
            &recovery,
            &Project::new("Second", "corpus"),
            &none,
            dir.path(),
        )
        .unwrap();
        let second = set_aside_recovery(&recovery).unwrap();
        assert_ne!(second, first);
        assert_eq!(read_recovery(&first).unwrap().name, "First");
        assert_eq!(read_recovery(&second).unwrap().name, "Second");
        assert!(
            set_aside_recovery(&recovery).is_err(),
            "nothing to set aside"
        );
    }

    #[test]
    fn the_recovery_file_is_the_project_with_its_corpus_path_made_absolute() {
        use crate::model::testing::{annotation, base_project};
        let dir = tempfile::tempdir().unwrap();
        let mut project = base_project();
        for id in 1..=3 {
            let a = annotation(&project, id, id as usize, 4, 9, &"claim".into());
            project.annotations.insert(a.id, a);
        }
        let recovery = dir.path().join("p.ron.recovery");
        write_recovery(
            &recovery,
            &project,
            &Default::default(),
            Path::new("corpus"),
        )
        .unwrap();
        let mut expected = project.clone();
        expected.corpus_root = std::path::absolute("corpus").unwrap();
        assert_eq!(
            std::fs::read_to_string(&recovery).unwrap(),
            project_file::to_ron(&expected)
        );
        assert_eq!(read_recovery(&recovery).unwrap(), expected);
    }

    #[test]
    fn untitled_projects_recover_into_the_data_folder() {
        let a = recovery_path(None, Path::new("/data"), Path::new("/corpus/a"));
        let b = recovery_path(None, Path::new("/data"), Path::new("/corpus/b"));
        assert!(a.starts_with("/data/recovery") && a != b);
    }
}
