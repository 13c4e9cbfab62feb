//! Corpora outside their project's folder: the window asks before it reads
//! one ([`crate::ui::corpus_question`]), never for the bundled sample, and
//! remembers each yes (the project file and its corpus folder, resolved) in
//! `corpus_consents.ron` in the data folder, so that it asks once.

use std::collections::BTreeSet;
use std::path::{Path, PathBuf};

use super::DiptychApp;
use crate::io::atomic::{read_settings, write_settings};
use crate::io::sample::is_sample;
use crate::io::workspace::{Outside, ParsedProject};
use crate::ui::command::StatusMessage;
use crate::ui::corpus_question::CorpusQuestion;

/// The (project file, corpus folder) pairs the user agreed to read, both resolved.
pub(super) struct Consents {
    file: PathBuf,
    pairs: BTreeSet<(PathBuf, PathBuf)>,
}

impl Consents {
    /// Reads the consents (a missing or unreadable file holds none).
    pub(super) fn load(data_dir: &Path) -> Self {
        let file = data_dir.join("corpus_consents.ron");
        let pairs = read_settings(&file).unwrap_or_default();
        Self { file, pairs }
    }

    fn allows(&self, project: &Path, corpus: &Path) -> bool {
        self.pairs
            .contains(&(project.to_owned(), corpus.to_owned()))
    }

    /// Remembers a yes and saves the list (best effort: a failure only
    /// means the question is asked again next time).
    fn grant(&mut self, project: PathBuf, corpus: PathBuf) {
        self.pairs.insert((project, corpus));
        let _ = write_settings(&self.file, &self.pairs);
    }
}

/// `path` resolved, as consents keep it.
fn resolved(path: &Path) -> PathBuf {
    path.canonicalize()
        .or_else(|_| std::path::absolute(path))
        .unwrap_or_else(|_| path.to_owned())
}

impl DiptychApp {
    /// A project file was parsed whose corpus lies outside its folder: its
    /// corpus is read at once for the sample or a pair agreed to before;
    /// otherwise the user is asked, and nothing of it is read meanwhile.
    pub(super) fn corpus_outside(&mut self, parsed: ParsedProject, outside: Outside) {
        let project = resolved(&parsed.path);
        if is_sample(&project, &outside.corpus, &self.config.data_dir)
            || self.consents.allows(&project, &outside.corpus)
        {
            self.start_read(parsed);
            return;
        }
        self.ui.corpus_question = Some(CorpusQuestion {
            project,
            corpus: outside.corpus,
            project_folder: outside.project_folder,
        });
        self.jobs.waiting = Some(parsed);
    }

    /// The user's answer: read the corpus (and remember the yes), or open
    /// nothing and keep the project shown now.
    pub(super) fn answer_corpus_question(&mut self, read: bool) {
        let (Some(question), Some(parsed)) =
            (self.ui.corpus_question.take(), self.jobs.waiting.take())
        else {
            return;
        };
        if read {
            self.consents.grant(question.project, question.corpus);
            self.start_read(parsed);
        } else {
            self.say(StatusMessage::info(format!(
                "Not opened: {} (its articles in {} were not read)",
                question.project.display(),
                question.corpus.display()
            )));
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_consent_is_kept_for_that_project_and_folder_only() {
        let dir = tempfile::tempdir().unwrap();
        let mut consents = Consents::load(dir.path());
        let (project, corpus) = (PathBuf::from("/p/p.ron"), PathBuf::from("/etc"));
        assert!(!consents.allows(&project, &corpus));
        consents.grant(project.clone(), corpus.clone());
        let again = Consents::load(dir.path());
        assert!(again.allows(&project, &corpus));
        assert!(!again.allows(&project, Path::new("/")));
        assert!(!again.allows(Path::new("/q/q.ron"), &corpus));
    }
}
