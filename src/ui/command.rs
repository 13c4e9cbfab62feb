//! What panels ask for: [`UiCommand`]s, queued while the panels draw and
//! applied by the app once a frame, after drawing; and the status message
//! the app answers with.

use std::path::PathBuf;

use super::actions::Action;
use crate::model::Sentiment;
use crate::model::{Annotation, AnnotationId, DocFields, DocumentId, Edit, LabelId, LinkId};

/// A request from the UI, applied by the app once per frame after the panels are drawn.
#[derive(Clone, Debug)]
pub enum UiCommand {
    /// A named action (menu item or shortcut).
    Action(Action),
    /// Open a folder (new project) or a .ron project.
    OpenPath(PathBuf),
    /// Save to this path (from Save as).
    SaveTo(PathBuf),
    /// Label the active pane's selection.
    LabelSelection(LabelId),
    /// Set the sentiment of the selected annotation.
    SetSentiment(Option<Sentiment>),
    /// Replace the selected annotation's editable fields (one undo step).
    UpdateAnnotation(Box<Annotation>),
    /// Any other edit of the project (labels window, links).
    Edit(Edit),
    /// Select an annotation (and scroll its pane to it).
    Select(Option<AnnotationId>),
    /// An annotation clicked in a reader: selected where it is, never scrolled.
    Pick(AnnotationId),
    /// Complete a link from the annotation being linked to this one.
    LinkTo(AnnotationId),
    RemoveLink(LinkId),
    /// Settle a conflict a merge left: keep `keep`, remove `drop` (one edit).
    KeepOneOf {
        keep: AnnotationId,
        drop: AnnotationId,
    },
    /// Give an orphaned annotation the active pane's selection as its new span.
    PlaceOrphan(AnnotationId),
    /// Scroll to an annotation, opening its document in another pane if needed.
    Reveal(AnnotationId),
    SetDocFields(DocumentId, DocFields),
    /// Open a document in the active pane, or in a new pane.
    OpenDocument {
        doc: DocumentId,
        new_pane: bool,
    },
    /// Open a document at a span (a search hit), revealing it; the hit of
    /// a query of filters only may be an annotation, then selected.
    OpenAt {
        doc: DocumentId,
        span: crate::model::Span,
        annotation: Option<AnnotationId>,
    },
    /// Show a document in pane `pane`.
    SetPaneDocument {
        pane: usize,
        doc: DocumentId,
    },
    ClosePane(usize),
    /// Move a pane one place left (-1) or right (+1).
    MovePane {
        pane: usize,
        by: isize,
    },
    ActivatePane(usize),
    /// Compare pane `pane` on side `side` (0 or 1) of Compare mode.
    CompareWith {
        side: usize,
        pane: usize,
    },
    /// Restore the recovery file offered at opening (true) or discard it (false).
    Recover(bool),
    /// The answer to the question after a crash.
    CrashAnswer(super::about::CrashAnswer),
    /// Show a folder in the system's file manager (the log's, the crash reports').
    OpenFolder(PathBuf),
    /// Show (or hide) one annotator's annotations in the readers; `None`: everyone's.
    ShowLayer {
        annotator: Option<String>,
        shown: bool,
    },
    /// What the Adjudication window asks.
    Adjudicate(super::adjudicate::AdjudicateCommand),
    /// Compute the Agreement window's figures by this unit.
    ComputeAgreement(crate::analysis::agreement::Unit),
    /// Use this name as the annotator's (Preferences, or the first-run question).
    SetAnnotator(String),
    /// What to do about the project file another program saved.
    OnDisk(super::disk::DiskAnswer),
    /// Answer to "save changes before closing?".
    CloseAnswer(CloseAnswer),
    /// Answer to "read articles from outside the project's folder?" (true: read them).
    CorpusAnswer(bool),
    /// Stop loading the folder or project being loaded.
    CancelLoad,
    /// Export in the background (File > Export…).
    Export {
        format: crate::io::export::Format,
        options: Box<crate::io::export::ExportOptions>,
        output: PathBuf,
    },
    /// Ask where to export as `format` (the Export window's Browse…),
    /// starting at `current`: a native dialog, or the path field.
    BrowseExport {
        format: crate::io::export::Format,
        current: PathBuf,
    },
    /// Put this path in the Export window's output field (from Browse…).
    ChooseExportOutput(PathBuf),
    /// Import a file as one undoable step (File > Import…).
    Import {
        format: crate::io::import::ImportFormat,
        file: PathBuf,
        settings: Box<crate::io::import::ImportSettings>,
    },
}

/// Answers to the unsaved-changes question.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum CloseAnswer {
    Save,
    Discard,
    Cancel,
}

/// What to do once the unsaved-changes question is answered.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum AfterClose {
    Quit,
    Open(PathBuf),
}

/// How the status bar shows a message.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Level {
    /// Something done, or a hint.
    Info,
    /// Something failed or needs the user's attention (shown in the error colour).
    Error,
}

/// The status bar's message. Two messages are equal when they say the same
/// thing; each one made is told apart by its [`StatusMessage::serial`].
#[derive(Clone, Debug)]
pub struct StatusMessage {
    pub text: String,
    pub level: Level,
    /// Counts the messages made: the same words said again are a new
    /// message, shown for as long as the first.
    serial: u64,
}

impl PartialEq for StatusMessage {
    fn eq(&self, other: &Self) -> bool {
        (&self.text, self.level) == (&other.text, other.level)
    }
}

impl Eq for StatusMessage {}

impl StatusMessage {
    fn new(text: String, level: Level) -> Self {
        static MADE: std::sync::atomic::AtomicU64 = std::sync::atomic::AtomicU64::new(0);
        let serial = MADE.fetch_add(1, std::sync::atomic::Ordering::Relaxed);
        Self {
            text,
            level,
            serial,
        }
    }

    /// Something done, or a hint.
    pub fn info(text: impl Into<String>) -> Self {
        Self::new(text.into(), Level::Info)
    }

    /// Something failed.
    pub fn error(text: impl Into<String>) -> Self {
        Self::new(text.into(), Level::Error)
    }

    /// Which message this is, of all made.
    pub fn serial(&self) -> u64 {
        self.serial
    }

    /// An error when `problem`, else info: for reports that are news when
    /// all went well and need attention when something was left behind.
    pub fn info_or_error(text: impl Into<String>, problem: bool) -> Self {
        if problem {
            Self::error(text)
        } else {
            Self::info(text)
        }
    }
}
