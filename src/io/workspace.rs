//! A project opened over its corpus: loading, checking consistency, saving.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::sync::atomic::AtomicBool;

use rayon::prelude::*;
use serde::Serialize;

use super::atomic::{FileVersion, WriteError};
use super::corpus::{Corpus, ImportError, ImportOptions, Progress, load_folder};
use super::project_file::{self, LoadError, ViewState, relative_path};

use crate::model::{Annotation, AnnotationId, ContentHash, DocRecord, DocumentId, Project, Span};

/// A project together with the text of its documents.
#[derive(Clone, Debug)]
pub struct Workspace {
    /// The project file, or `None` for a new project not saved yet.
    pub path: Option<PathBuf>,
    pub project: Project,
    pub corpus: Corpus,
    /// The view state saved beside the project (open panes), as loaded;
    /// the window sets it before it saves.
    pub view: ViewState,
}

/// Why a project could not be opened.
#[derive(Debug, thiserror::Error)]
pub enum OpenError {
    #[error(transparent)]
    Load(#[from] LoadError),
    /// The corpus could not be read. Its error is part of this message,
    /// not a source of it, so that a chain of causes does not repeat it.
    #[error("{}: {error}", project.display())]
    Corpus {
        project: PathBuf,
        error: ImportError,
    },
}

impl OpenError {
    /// True when the user cancelled the load.
    pub fn is_cancelled(&self) -> bool {
        matches!(
            self,
            Self::Corpus {
                error: ImportError::Cancelled,
                ..
            }
        )
    }
}

/// An annotation whose stored quote is not what its span covers now.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct QuoteMismatch {
    pub annotation: AnnotationId,
    pub document: DocumentId,
    pub start: usize,
    pub end: usize,
    /// The stored quote.
    pub expected: String,
    /// What the span covers in the current text, or `None` if it no longer fits.
    pub found: Option<String>,
}

/// How a project and its corpus folder disagree. Nothing is dropped or moved
/// because of it; re-anchoring is a separate, explicit step.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize)]
pub struct Consistency {
    /// Documents whose text no longer matches the stored hash.
    pub changed: Vec<DocumentId>,
    /// Documents of the project not found in the corpus folder.
    pub missing: Vec<DocumentId>,
    /// Documents in the folder that the project does not list yet.
    pub new_documents: Vec<DocumentId>,
    pub quote_mismatches: Vec<QuoteMismatch>,
    /// Annotations that re-anchoring could not place (kept with their quote;
    /// not checked against the text, not exported). Sorted by id.
    pub orphans: Vec<AnnotationId>,
}

impl Consistency {
    /// True when nothing needs the analyst's attention (new files are only news).
    pub fn is_clean(&self) -> bool {
        self.changed.is_empty()
            && self.missing.is_empty()
            && self.quote_mismatches.is_empty()
            && self.orphans.is_empty()
    }
}

/// A project file read and parsed, its corpus not read yet: the first
/// half of [`Workspace::open_versioned`].
#[derive(Clone, Debug)]
pub struct ParsedProject {
    /// The project file, as given.
    pub path: PathBuf,
    pub project: Project,
    pub view: ViewState,
    /// The version of the file read.
    pub version: FileVersion,
}

/// A corpus read while its project file was parsed: the folder read and
/// what reading it gave.
pub struct EarlyCorpus {
    root: PathBuf,
    corpus: Result<Corpus, ImportError>,
}

impl ParsedProject {
    /// Reads and checks the project file at `path` (no article is read).
    pub fn read(path: &Path) -> Result<Self, OpenError> {
        Ok(Self::read_from(path, project_file::load_versioned(path)?))
    }

    /// [`ParsedProject::read`] without the annotations and links
    /// ([`project_file::load_documents`]).
    pub fn read_documents(path: &Path) -> Result<Self, OpenError> {
        Ok(Self::read_from(path, project_file::load_documents(path)?))
    }

    /// The project, view and version read from the file at `path`.
    fn read_from(path: &Path, (project, view, version): (Project, ViewState, FileVersion)) -> Self {
        Self {
            path: path.to_owned(),
            project,
            view,
            version,
        }
    }

    /// [`ParsedProject::read`], and at the same time, on a second thread,
    /// the corpus folder the file names in its first lines
    /// ([`project_file::corpus_in_head`]), for the command line, which
    /// only warns about a folder outside the project's (the window asks
    /// first, and shows its first articles as soon as the file is parsed
    /// instead). [`Workspace::open_parsed`] uses the
    /// corpus read when the parsed project names the same folder. Parsing
    /// and reading articles take about as long each on large projects, so
    /// this halves the wait on two cores.
    pub fn read_with_corpus(
        path: &Path,
        options: &ImportOptions,
        progress: &(dyn Fn(Progress) + Sync),
        cancel: &AtomicBool,
    ) -> Result<(Self, Option<EarlyCorpus>), OpenError> {
        let base = path.parent().unwrap_or(Path::new(""));
        let root = project_file::corpus_in_head(path).map(|corpus| base.join(corpus));
        let Some(root) = root else {
            return Ok((Self::read(path)?, None));
        };
        std::thread::scope(|scope| {
            let reading = scope.spawn(|| load_folder(&root, options, progress, cancel));
            let parsed = Self::read(path);
            let corpus = reading
                .join()
                .unwrap_or_else(|panic| std::panic::resume_unwind(panic));
            let early = EarlyCorpus {
                root: root.clone(),
                corpus,
            };
            parsed.map(|parsed| (parsed, Some(early)))
        })
    }

    /// The documents a window shows first: the panes of the saved view
    /// that the project lists, or else its first two documents (as
    /// `UiState::restore_view` picks them).
    pub fn first_documents(&self) -> Vec<DocumentId> {
        let open: Vec<DocumentId> = (self.view.open.iter())
            .filter(|d| self.project.documents.contains_key(*d))
            .cloned()
            .collect();
        if open.is_empty() {
            self.project.documents.keys().take(2).cloned().collect()
        } else {
            open
        }
    }

    /// The folder of its corpus.
    pub fn corpus_root(&self) -> PathBuf {
        corpus_root(&self.path, &self.project)
    }

    /// Where its corpus lies, when outside the project file's folder
    /// (see [`corpus_outside`]).
    pub fn corpus_outside(&self) -> Option<Outside> {
        corpus_outside(&self.path, &self.project)
    }
}

/// A corpus folder that lies outside its project file's folder, both
/// resolved (see [`corpus_outside`]).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Outside {
    /// The corpus folder.
    pub corpus: PathBuf,
    /// The folder that holds the project file.
    pub project_folder: PathBuf,
}

impl Workspace {
    /// A new, unsaved project over every document of `folder`.
    pub fn from_folder(
        folder: &Path,
        options: &ImportOptions,
        progress: &(dyn Fn(Progress) + Sync),
        cancel: &AtomicBool,
    ) -> Result<Self, ImportError> {
        let corpus = load_folder(folder, options, progress, cancel)?;
        let name = folder
            .canonicalize()
            .ok()
            .and_then(|p| p.file_name().map(|n| n.to_string_lossy().into_owned()))
            .unwrap_or_else(|| "Untitled".to_owned());
        let mut project = Project::new(
            name,
            std::path::absolute(folder).unwrap_or_else(|_| folder.to_owned()),
        );
        for doc in corpus.documents.values() {
            project.documents.insert(doc.id.clone(), DocRecord::of(doc));
        }
        let view = ViewState {
            open: corpus.documents.keys().take(2).cloned().collect(),
            sync_scroll: false,
            layout: None,
        };
        Ok(Self {
            path: None,
            project,
            corpus,
            view,
        })
    }

    /// Opens a project file and reads its corpus. Documents found in the
    /// folder but not in the project are added to it (see [`Consistency`]).
    pub fn open(
        path: &Path,
        options: &ImportOptions,
        progress: &(dyn Fn(Progress) + Sync),
        cancel: &AtomicBool,
    ) -> Result<(Self, Consistency), OpenError> {
        Self::open_versioned(path, options, progress, cancel).map(|(ws, report, _)| (ws, report))
    }

    /// [`Workspace::open`], with the version of the project file read (for
    /// [`Workspace::save_unchanged`]).
    pub fn open_versioned(
        path: &Path,
        options: &ImportOptions,
        progress: &(dyn Fn(Progress) + Sync),
        cancel: &AtomicBool,
    ) -> Result<(Self, Consistency, FileVersion), OpenError> {
        let (parsed, early) = ParsedProject::read_with_corpus(path, options, progress, cancel)?;
        Self::open_parsed(parsed, early, options, progress, cancel)
    }

    /// Reads the corpus of a project file already parsed (the second half
    /// of [`Workspace::open_versioned`]), for callers that look at the
    /// project, [`ParsedProject::corpus_outside`] for one, before any
    /// article is read.
    ///
    /// `early` is the corpus read while the file was parsed, if it was
    /// ([`ParsedProject::read_with_corpus`]); it is used when it is the
    /// folder the project names, and the folder is read otherwise.
    pub fn open_parsed(
        parsed: ParsedProject,
        early: Option<EarlyCorpus>,
        options: &ImportOptions,
        progress: &(dyn Fn(Progress) + Sync),
        cancel: &AtomicBool,
    ) -> Result<(Self, Consistency, FileVersion), OpenError> {
        let ParsedProject {
            path,
            mut project,
            view,
            version,
        } = parsed;
        let root = corpus_root(&path, &project);
        let read = match early {
            Some(early) if early.root == root => early.corpus,
            _ => load_folder(&root, options, progress, cancel),
        };
        let corpus = match read {
            Ok(corpus) => corpus,
            Err(error) => {
                return Err(OpenError::Corpus {
                    project: path,
                    error,
                });
            }
        };
        let mut report = check(&project, &corpus);
        for id in &report.new_documents {
            if let Some(doc) = corpus.get(id) {
                project.documents.insert(id.clone(), DocRecord::of(doc));
            }
        }
        report.new_documents.sort();
        Ok((
            Self {
                path: Some(path),
                project,
                corpus,
                view,
            },
            report,
            version,
        ))
    }

    /// [`Workspace::open`] with the default [`ImportOptions`], no progress
    /// report and no way to cancel: for tests, benches and tools that wait
    /// for the whole corpus anyway.
    pub fn open_blocking(path: &Path) -> Result<(Self, Consistency), OpenError> {
        Self::open(
            path,
            &ImportOptions::default(),
            &|_| {},
            &AtomicBool::new(false),
        )
    }

    /// [`Workspace::from_folder`] with the default [`ImportOptions`], no
    /// progress report and no way to cancel.
    pub fn from_folder_blocking(folder: &Path) -> Result<Self, ImportError> {
        Self::from_folder(
            folder,
            &ImportOptions::default(),
            &|_| {},
            &AtomicBool::new(false),
        )
    }

    /// Saves to `path` (atomically), making the corpus path relative to it,
    /// and remembers `path` as the project's file.
    pub fn save_as(&mut self, path: &Path) -> Result<(), WriteError> {
        self.save_with(path, |project, view| {
            project_file::save(project, view, path)
        })
    }

    /// [`Workspace::save_as`], but only while the file at `path` is still the
    /// version `expected` (the one loaded or last saved); otherwise nothing
    /// is written ([`WriteError::changed_on_disk`]). Returns the version written.
    pub fn save_unchanged(
        &mut self,
        path: &Path,
        expected: FileVersion,
    ) -> Result<FileVersion, WriteError> {
        self.save_with(path, |project, view| {
            project_file::save_unchanged(project, view, path, expected)
        })
    }

    /// Saves through `write` the project with its corpus path made relative
    /// to `path`, and remembers `path` as the project's file.
    fn save_with<T>(
        &mut self,
        path: &Path,
        write: impl FnOnce(&Project, &ViewState) -> Result<T, WriteError>,
    ) -> Result<T, WriteError> {
        let folder = match path.parent() {
            Some(p) if !p.as_os_str().is_empty() => p.to_owned(),
            _ => PathBuf::from("."),
        };
        // The corpus path is swapped in place, not written from a copy of
        // the project (a gigabyte at a million annotations), and put back
        // when the write fails.
        let relative = relative_path(&folder, &self.corpus.root);
        let before = std::mem::replace(&mut self.project.corpus_root, relative);
        let written = write(&self.project, &self.view).inspect_err(|_| {
            self.project.corpus_root = before;
        })?;
        self.path = Some(path.to_owned());
        Ok(written)
    }

    /// The stored consistency of project and corpus, computed now.
    pub fn check(&self) -> Consistency {
        check(&self.project, &self.corpus)
    }
}

/// The absolute corpus folder of a project file.
pub fn corpus_root(project_path: &Path, project: &Project) -> PathBuf {
    let base = project_path.parent().unwrap_or(Path::new(""));
    base.join(&project.corpus_root)
}

/// Where the corpus of the project file at `project_path` lies when it is
/// outside the project file's folder; `None` when it is that folder or
/// inside it. Both are resolved first: made absolute, symbolic links
/// followed (a path that does not exist is resolved as far as it exists and
/// taken lexically from there, `..` included), so that `corpus: "/etc"`,
/// `corpus: "../seeds"` and a link that leads out all count as outside.
pub fn corpus_outside(project_path: &Path, project: &Project) -> Option<Outside> {
    root_outside(project_path, &corpus_root(project_path, project))
}

/// [`corpus_outside`] of the corpus folder `root` (as joined to the project
/// file's folder).
pub fn root_outside(project_path: &Path, root: &Path) -> Option<Outside> {
    let folder = match project_path.parent() {
        Some(p) if !p.as_os_str().is_empty() => p,
        _ => Path::new("."),
    };
    let project_folder = resolved(folder);
    let corpus = resolved(root);
    (!corpus.starts_with(&project_folder)).then_some(Outside {
        corpus,
        project_folder,
    })
}

/// `path` made absolute, with symbolic links resolved in the part of it
/// that exists and `.` and `..` taken lexically in the rest.
fn resolved(path: &Path) -> PathBuf {
    use std::path::Component;
    if let Ok(real) = path.canonicalize() {
        return real;
    }
    let absolute = std::path::absolute(path).unwrap_or_else(|_| path.to_owned());
    let mut out = PathBuf::new();
    for part in absolute.components() {
        match part {
            Component::CurDir => {}
            Component::ParentDir => {
                out.pop();
            }
            other => {
                out.push(other);
                if let Ok(real) = out.canonicalize() {
                    out = real;
                }
            }
        }
    }
    out
}

/// The folder a project's own files go to unless the user says otherwise
/// (Save as, exports), as an absolute path: the project file's folder; for a
/// project not saved yet, the folder that holds its corpus folder (a project
/// file among the articles would be listed as a skipped file).
pub fn project_folder(project_path: Option<&Path>, corpus_root: &Path) -> PathBuf {
    let folder = match project_path {
        Some(path) => path.parent().unwrap_or(Path::new("")),
        None => corpus_root.parent().unwrap_or(corpus_root),
    };
    let folder = if folder.as_os_str().is_empty() {
        Path::new(".")
    } else {
        folder
    };
    std::path::absolute(folder).unwrap_or_else(|_| folder.to_owned())
}

/// `name` (a project's) as a file name: characters that a file name cannot
/// hold on some system (`/ \ : * ? " < > |`, control characters) become
/// `_`, and a name with nothing left is `project`.
pub fn file_stem(name: &str) -> String {
    let stem: String = name
        .chars()
        .map(|c| {
            if c.is_control() || "/\\:*?\"<>|".contains(c) {
                '_'
            } else {
                c
            }
        })
        .collect();
    let stem = stem.trim_matches(|c: char| c == '.' || c.is_whitespace());
    if stem.is_empty() {
        "project".to_owned()
    } else {
        stem.to_owned()
    }
}

/// Compares a project with the documents of its corpus folder.
pub fn check(project: &Project, corpus: &Corpus) -> Consistency {
    let mut report = check_documents(
        project.documents.iter().map(|(id, r)| (id, &r.hash)),
        corpus,
    );
    report.new_documents = corpus
        .documents
        .keys()
        .filter(|id| !project.documents.contains_key(*id))
        .cloned()
        .collect();
    report.orphans = (project.annotations.values())
        .filter(|a| a.orphaned)
        .map(|a| a.id)
        .collect();
    // Each quote against its text on every core (a tenth of a second of one
    // core at 100,000 annotations), in the annotations' order.
    report.quote_mismatches = (project.annotations.par_iter())
        .filter(|(_, a)| !a.orphaned)
        .filter_map(|(_, a)| quote_mismatch(a, corpus))
        .collect();
    report
}

/// The documents of a project (by id and stored hash) that are missing
/// from `corpus` or changed in it.
fn check_documents<'a>(
    documents: impl Iterator<Item = (&'a DocumentId, &'a ContentHash)>,
    corpus: &Corpus,
) -> Consistency {
    let mut report = Consistency::default();
    for (id, hash) in documents {
        match corpus.get(id) {
            None => report.missing.push(id.clone()),
            Some(doc) if &doc.hash != hash => report.changed.push(id.clone()),
            Some(_) => {}
        }
    }
    report
}

/// How `a` (placed) no longer matches its document's text in `corpus`;
/// `None` when it matches or its document is not there.
fn quote_mismatch(a: &Annotation, corpus: &Corpus) -> Option<QuoteMismatch> {
    let doc = corpus.get(&a.document)?;
    let text = doc.text();
    let found = a.span.slice(&text);
    (found != Some(a.quote.exact())).then(|| QuoteMismatch {
        annotation: a.id,
        document: a.document.clone(),
        start: a.span.start.0,
        end: a.span.end.0,
        expected: a.quote.exact().to_owned(),
        found: found.map(str::to_owned),
    })
}

/// What [`check`] compares of a project, taken from it so that its corpus
/// can be read and checked on another thread while the project itself is
/// shown and edited (see [`Workspace::open_parsed`] for the whole check in
/// one go). Costs about 32 bytes an annotation.
#[derive(Clone, Debug, Default)]
pub struct CheckPlan {
    documents: Vec<(DocumentId, ContentHash)>,
    /// Each document's placed annotations: id, span and a hash of the quote.
    quotes: BTreeMap<DocumentId, Vec<(AnnotationId, Span, u64)>>,
    orphans: Vec<AnnotationId>,
}

/// What a [`CheckPlan`] found: [`Consistency`] but for its quote
/// mismatches, which are only suspected until [`Checked::against`] looks
/// at the project as it is then.
#[derive(Clone, Debug, Default)]
pub struct Checked {
    report: Consistency,
    suspects: Vec<AnnotationId>,
}

impl CheckPlan {
    /// The plan of `project`'s check.
    pub fn of(project: &Project) -> Self {
        let mut plan = Self {
            documents: (project.documents.iter())
                .map(|(id, r)| (id.clone(), r.hash.clone()))
                .collect(),
            ..Self::default()
        };
        let mut quotes: BTreeMap<&DocumentId, Vec<_>> = BTreeMap::new();
        // Annotations come by id, and ids mostly run through one document
        // after another: the list of the last document is kept at hand.
        let mut run: Option<(&DocumentId, Vec<_>)> = None;
        for a in project.annotations.values() {
            if a.orphaned {
                plan.orphans.push(a.id);
                continue;
            }
            let entry = (a.id, a.span, quote_hash(Some(a.quote.exact())));
            match &mut run {
                Some((doc, list)) if *doc == &a.document => list.push(entry),
                _ => {
                    if let Some((doc, list)) = run.replace((&a.document, vec![entry])) {
                        quotes.entry(doc).or_default().extend(list);
                    }
                }
            }
        }
        if let Some((doc, list)) = run {
            quotes.entry(doc).or_default().extend(list);
        }
        plan.quotes = quotes.into_iter().map(|(d, q)| (d.clone(), q)).collect();
        plan
    }

    /// Checks `corpus` against the project as it was planned.
    pub fn check(&self, corpus: &Corpus) -> Checked {
        let mut report = check_documents(self.documents.iter().map(|(d, h)| (d, h)), corpus);
        let listed: std::collections::BTreeSet<&DocumentId> =
            self.documents.iter().map(|(d, _)| d).collect();
        report.new_documents = (corpus.documents.keys())
            .filter(|id| !listed.contains(id))
            .cloned()
            .collect();
        report.orphans = self.orphans.clone();
        let mut suspects = Vec::new();
        for (doc, quotes) in &self.quotes {
            let Some(doc) = corpus.get(doc) else {
                continue;
            };
            for (id, span, hash) in quotes {
                if quote_hash(span.slice(&doc.text())) != *hash {
                    suspects.push(*id);
                }
            }
        }
        suspects.sort();
        Checked { report, suspects }
    }
}

impl Checked {
    /// The report, its quote mismatches taken from `project` as it is now
    /// (an annotation changed or deleted since the plan is looked at anew).
    pub fn against(self, project: &Project, corpus: &Corpus) -> Consistency {
        let mut report = self.report;
        report.quote_mismatches = (self.suspects.iter())
            .filter_map(|id| project.annotations.get(id))
            .filter(|a| !a.orphaned)
            .filter_map(|a| quote_mismatch(a, corpus))
            .collect();
        report
    }
}

/// A hash of a quote (or of no text at all, for a span that does not fit).
fn quote_hash(text: Option<&str>) -> u64 {
    use std::hash::{Hash, Hasher};
    let mut hasher = std::collections::hash_map::DefaultHasher::new();
    text.hash(&mut hasher);
    hasher.finish()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_save_writes_the_corpus_path_relative_to_the_file_and_a_failed_one_changes_nothing() {
        let dir = tempfile::tempdir().unwrap();
        let corpus = dir.path().join("articles");
        std::fs::create_dir(&corpus).unwrap();
        std::fs::write(corpus.join("a.txt"), "One article.").unwrap();
        let mut ws = Workspace::from_folder_blocking(&corpus).unwrap();
        let before = ws.project.corpus_root.clone();
        let missing = dir.path().join("no such folder").join("p.ron");
        assert!(ws.save_as(&missing).is_err());
        assert_eq!(ws.project.corpus_root, before);
        assert_eq!(ws.path, None);
        let saved = dir.path().join("projects").join("p.ron");
        std::fs::create_dir(saved.parent().unwrap()).unwrap();
        ws.save_as(&saved).unwrap();
        assert_eq!(ws.project.corpus_root, PathBuf::from("../articles"));
        assert_eq!(ws.path.as_deref(), Some(saved.as_path()));
        let text = std::fs::read_to_string(&saved).unwrap();
        assert!(text.contains("corpus: \"../articles\""), "{text}");
        assert!(text.starts_with("// Diptych project."), "{text}");
    }

    #[test]
    fn the_check_in_two_halves_finds_what_the_check_finds_in_the_project_as_it_is() {
        use crate::model::testing::{TEXTS, annotation, base_project};
        use crate::model::{Document, LabelId, SourceFormat};
        let mut project = base_project();
        let claim = LabelId::from("claim");
        let mut orphan = annotation(&project, 1, 0, 0, 6, &claim);
        orphan.orphaned = true;
        let matching = annotation(&project, 2, 1, 4, 4, &claim);
        let mut stale = annotation(&project, 3, 1, 0, 8, &claim);
        stale.quote =
            crate::model::Quote::new(stale.quote.prefix(), "Another", stale.quote.suffix());
        let mut gone = annotation(&project, 4, 1, 9, 3, &claim);
        gone.quote = crate::model::Quote::new(gone.quote.prefix(), "xyz", gone.quote.suffix());
        for a in [orphan, matching, stale, gone] {
            project.annotations.insert(a.id, a);
        }
        // The first text changed on disk, the second is as it was, and a
        // third file is new.
        let mut corpus = Corpus::default();
        let (second, text) = TEXTS[1];
        for (id, text) in [
            ("a/first.txt", "Changed."),
            (second, text),
            ("c/new.txt", "New."),
        ] {
            let doc = Document::new(id.into(), id.into(), text, SourceFormat::Text, "UTF-8");
            corpus.documents.insert(doc.id.clone(), doc);
        }
        let plan = CheckPlan::of(&project);
        let whole = check(&project, &corpus);
        assert_eq!(whole.changed, [DocumentId::from("a/first.txt")]);
        assert_eq!(whole.new_documents, [DocumentId::from("c/new.txt")]);
        assert_eq!(whole.orphans, [AnnotationId(1)]);
        let mismatched: Vec<AnnotationId> = whole
            .quote_mismatches
            .iter()
            .map(|m| m.annotation)
            .collect();
        assert_eq!(mismatched, [AnnotationId(3), AnnotationId(4)]);
        assert_eq!(plan.check(&corpus).against(&project, &corpus), whole);
        // Annotation 4 was deleted while the corpus was read: not reported.
        project.annotations.remove(&AnnotationId(4));
        let now = plan.check(&corpus).against(&project, &corpus);
        assert_eq!(now.quote_mismatches, whole.quote_mismatches[..1]);
        // A document gone from the folder is missing.
        corpus.documents.remove(&DocumentId::from(second));
        let missing = plan.check(&corpus).against(&project, &corpus);
        assert_eq!(missing.missing, [DocumentId::from(second)]);
        assert!(missing.quote_mismatches.is_empty());
    }

    #[test]
    fn a_project_folder_is_the_files_folder_or_beside_the_corpus() {
        let root = std::env::temp_dir();
        let saved = root.join("projects/seeds.ron");
        assert_eq!(
            project_folder(Some(&saved), &root.join("seeds")),
            root.join("projects")
        );
        assert_eq!(project_folder(None, &root.join("seeds")), root);
        // Relative paths become absolute.
        let here = std::path::absolute(".").unwrap();
        assert_eq!(project_folder(Some(Path::new("p.ron")), &root), here);
        assert_eq!(project_folder(None, Path::new("seeds")), here);
    }

    /// Where `corpus` lies for a project file `p.ron` in `dir`.
    fn outside(dir: &Path, corpus: &str) -> Option<Outside> {
        corpus_outside(&dir.join("p.ron"), &Project::new("p", corpus))
    }

    #[test]
    fn a_corpus_is_outside_unless_it_is_the_project_folder_or_below_it() {
        let tmp = tempfile::tempdir().unwrap();
        let dir = tmp.path().join("p");
        std::fs::create_dir_all(dir.join("articles")).unwrap();
        std::fs::create_dir_all(tmp.path().join("p2")).unwrap();
        let real = dir.canonicalize().unwrap();
        for inside in ["articles", ".", "", "articles/../articles", "not/there/yet"] {
            assert_eq!(outside(&dir, inside), None, "{inside:?}");
        }
        let etc = Outside {
            corpus: Path::new("/etc").canonicalize().unwrap(),
            project_folder: real.clone(),
        };
        assert_eq!(outside(&dir, "/etc"), Some(etc));
        assert_eq!(outside(&dir, "/").unwrap().corpus, Path::new("/"));
        // Beside, above, a sibling whose name starts alike, and `..` in a
        // path that does not exist.
        let parent = real.parent().unwrap();
        assert_eq!(outside(&dir, "..").unwrap().corpus, parent);
        assert_eq!(outside(&dir, "../p2").unwrap().corpus, parent.join("p2"));
        let climbed = outside(&dir, "gone/../../elsewhere").unwrap();
        assert_eq!(climbed.corpus, parent.join("elsewhere"));
        // A project file named without a folder is in the current one.
        let here = std::path::absolute(".").unwrap().canonicalize().unwrap();
        let bare = corpus_outside(Path::new("p.ron"), &Project::new("p", "/etc")).unwrap();
        assert_eq!(bare.project_folder, here);
    }

    #[cfg(unix)]
    #[test]
    fn a_link_inside_the_project_folder_that_leads_out_is_outside() {
        let tmp = tempfile::tempdir().unwrap();
        let dir = tmp.path().join("p");
        std::fs::create_dir_all(&dir).unwrap();
        std::os::unix::fs::symlink("/etc", dir.join("articles")).unwrap();
        let found = outside(&dir, "articles").unwrap();
        assert_eq!(found.corpus, Path::new("/etc").canonicalize().unwrap());
        // And a project folder reached through a link is the same folder.
        std::os::unix::fs::symlink(&dir, tmp.path().join("link")).unwrap();
        std::fs::create_dir_all(dir.join("inside")).unwrap();
        assert_eq!(outside(&tmp.path().join("link"), "inside"), None);
    }

    #[test]
    fn file_stems_keep_the_name_but_not_what_no_file_name_holds() {
        assert_eq!(
            file_stem("Seeds: OpenAI and AWS, two versions"),
            "Seeds_ OpenAI and AWS, two versions"
        );
        assert_eq!(file_stem("a/b\\c*?\"<>|\n"), "a_b_c_______");
        assert_eq!(file_stem("中文报道"), "中文报道");
        assert_eq!(file_stem(" .. "), "project");
        assert_eq!(file_stem(".hidden."), "hidden");
    }
}
