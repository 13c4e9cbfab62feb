//! What the user can ask for: commands sent by panels, and the named actions
//! (with their menu text and key binding) that menus, shortcuts and the Help
//! window all read from one table.

use std::path::PathBuf;

use eframe::egui::{Key, KeyboardShortcut, Modifiers};

use crate::model::{
    Annotation, AnnotationId, DocFields, DocumentId, Edit, LabelId, LinkId, Sentiment,
};

/// A request from the UI, applied by the app once per frame after the panels are drawn.
#[derive(Clone, Debug)]
pub enum Command {
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
    /// Complete a link from the annotation being linked to this one.
    LinkTo(AnnotationId),
    RemoveLink(LinkId),
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
    /// Restore the recovery file offered at opening (true) or discard it (false).
    Recover(bool),
    /// Answer to "save changes before closing?".
    CloseAnswer(CloseAnswer),
    /// Export in the background (File > Export…).
    Export {
        format: crate::io::export::Format,
        options: Box<crate::io::export::ExportOptions>,
        output: PathBuf,
    },
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

/// Named actions: one place for their text, key and menu.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Action {
    NewFromFolder,
    OpenProject,
    Save,
    SaveAs,
    Export,
    Import,
    Quit,
    Undo,
    Redo,
    DeleteAnnotation,
    NextAnnotation,
    PreviousAnnotation,
    ClearSelection,
    StartLink,
    Suggest,
    AcceptSuggestion,
    RejectSuggestion,
    AcceptAllOfLabel,
    SentimentPositive,
    SentimentNegative,
    SentimentNeutral,
    SentimentMixed,
    AddPane,
    ToggleSyncScroll,
    ToggleCompare,
    ToggleTheme,
    ZoomIn,
    ZoomOut,
    ZoomReset,
    EditLabels,
    FocusFilter,
    ShowSkipped,
    ShowOrphans,
    ShowShortcuts,
}

const CTRL: Modifiers = Modifiers::COMMAND;
const CTRL_SHIFT: Modifiers = Modifiers {
    alt: false,
    ctrl: false,
    shift: true,
    mac_cmd: false,
    command: true,
};
const NONE: Modifiers = Modifiers::NONE;

impl Action {
    /// Every action, in Help-window order.
    pub const ALL: [Self; 34] = [
        Self::NewFromFolder,
        Self::OpenProject,
        Self::Save,
        Self::SaveAs,
        Self::Export,
        Self::Import,
        Self::Quit,
        Self::Undo,
        Self::Redo,
        Self::DeleteAnnotation,
        Self::NextAnnotation,
        Self::PreviousAnnotation,
        Self::ClearSelection,
        Self::StartLink,
        Self::Suggest,
        Self::AcceptSuggestion,
        Self::RejectSuggestion,
        Self::AcceptAllOfLabel,
        Self::SentimentPositive,
        Self::SentimentNegative,
        Self::SentimentNeutral,
        Self::SentimentMixed,
        Self::AddPane,
        Self::ToggleSyncScroll,
        Self::ToggleCompare,
        Self::ToggleTheme,
        Self::ZoomIn,
        Self::ZoomOut,
        Self::ZoomReset,
        Self::EditLabels,
        Self::FocusFilter,
        Self::ShowSkipped,
        Self::ShowOrphans,
        Self::ShowShortcuts,
    ];

    /// Menu and Help text.
    pub fn text(self) -> &'static str {
        match self {
            Self::NewFromFolder => "New project from folder…",
            Self::OpenProject => "Open project…",
            Self::Save => "Save",
            Self::SaveAs => "Save as…",
            Self::Export => "Export…",
            Self::Import => "Import…",
            Self::Quit => "Quit",
            Self::Undo => "Undo",
            Self::Redo => "Redo",
            Self::DeleteAnnotation => "Delete annotation",
            Self::NextAnnotation => "Next annotation",
            Self::PreviousAnnotation => "Previous annotation",
            Self::ClearSelection => "Clear selection",
            Self::StartLink => "Link…",
            Self::Suggest => "Suggest annotations",
            Self::AcceptSuggestion => "Accept suggestion",
            Self::RejectSuggestion => "Reject suggestion",
            Self::AcceptAllOfLabel => "Accept all suggestions of this label in this document",
            Self::SentimentPositive => "Sentiment: positive",
            Self::SentimentNegative => "Sentiment: negative",
            Self::SentimentNeutral => "Sentiment: neutral",
            Self::SentimentMixed => "Sentiment: mixed",
            Self::AddPane => "Add pane",
            Self::ToggleSyncScroll => "Synchronised scrolling",
            Self::ToggleCompare => "Compare the first two panes",
            Self::ToggleTheme => "Switch light/dark theme",
            Self::ZoomIn => "Zoom in",
            Self::ZoomOut => "Zoom out",
            Self::ZoomReset => "Reset zoom",
            Self::EditLabels => "Labels…",
            Self::FocusFilter => "Filter the library",
            Self::ShowSkipped => "Skipped files",
            Self::ShowOrphans => "Orphaned annotations",
            Self::ShowShortcuts => "Keyboard shortcuts",
        }
    }

    /// The primary key binding.
    pub fn shortcut(self) -> Option<KeyboardShortcut> {
        let k = |modifiers, key| Some(KeyboardShortcut::new(modifiers, key));
        match self {
            Self::NewFromFolder => k(CTRL_SHIFT, Key::O),
            Self::OpenProject => k(CTRL, Key::O),
            Self::Save => k(CTRL, Key::S),
            Self::SaveAs => k(CTRL_SHIFT, Key::S),
            Self::Export => k(CTRL, Key::E),
            Self::Import => k(CTRL, Key::I),
            Self::Quit => k(CTRL, Key::Q),
            Self::Undo => k(CTRL, Key::Z),
            Self::Redo => k(CTRL_SHIFT, Key::Z),
            Self::DeleteAnnotation => k(NONE, Key::Delete),
            Self::NextAnnotation => k(NONE, Key::Tab),
            Self::PreviousAnnotation => k(Modifiers::SHIFT, Key::Tab),
            Self::ClearSelection => k(NONE, Key::Escape),
            Self::StartLink => k(NONE, Key::L),
            Self::Suggest => k(CTRL, Key::G),
            Self::AcceptSuggestion => k(NONE, Key::A),
            Self::RejectSuggestion => k(NONE, Key::R),
            Self::AcceptAllOfLabel => k(Modifiers::SHIFT, Key::A),
            Self::SentimentPositive => k(NONE, Key::P),
            Self::SentimentNegative => k(NONE, Key::N),
            Self::SentimentNeutral => k(NONE, Key::U),
            Self::SentimentMixed => k(NONE, Key::M),
            Self::AddPane => k(CTRL, Key::T),
            Self::ToggleSyncScroll => k(CTRL_SHIFT, Key::Y),
            Self::ToggleCompare => k(CTRL, Key::K),
            Self::ToggleTheme => k(CTRL_SHIFT, Key::D),
            Self::ZoomIn => k(CTRL, Key::Equals),
            Self::ZoomOut => k(CTRL, Key::Minus),
            Self::ZoomReset => k(CTRL, Key::Num0),
            Self::EditLabels => k(CTRL_SHIFT, Key::L),
            Self::FocusFilter => k(CTRL, Key::F),
            Self::ShowSkipped => k(CTRL_SHIFT, Key::K),
            Self::ShowOrphans => k(CTRL_SHIFT, Key::H),
            Self::ShowShortcuts => k(NONE, Key::F1),
        }
    }

    /// Further bindings that do the same (Ctrl+Y for redo, Backspace for delete).
    pub fn alternative(self) -> Option<KeyboardShortcut> {
        match self {
            Self::Redo => Some(KeyboardShortcut::new(CTRL, Key::Y)),
            Self::DeleteAnnotation => Some(KeyboardShortcut::new(NONE, Key::Backspace)),
            _ => None,
        }
    }

    /// True for single-key shortcuts, which must not fire while typing in a text field.
    pub fn is_plain_key(self) -> bool {
        self.shortcut()
            .is_some_and(|s| s.modifiers.is_none() || s.modifiers == Modifiers::SHIFT)
            && !matches!(self, Self::ShowShortcuts)
    }

    /// The sentiment this action sets, if it is a sentiment action.
    pub fn sentiment(self) -> Option<Sentiment> {
        match self {
            Self::SentimentPositive => Some(Sentiment::Positive),
            Self::SentimentNegative => Some(Sentiment::Negative),
            Self::SentimentNeutral => Some(Sentiment::Neutral),
            Self::SentimentMixed => Some(Sentiment::Mixed),
            _ => None,
        }
    }
}

/// Keys 1-9 as label shortcuts.
pub const LABEL_KEYS: [Key; 9] = [
    Key::Num1,
    Key::Num2,
    Key::Num3,
    Key::Num4,
    Key::Num5,
    Key::Num6,
    Key::Num7,
    Key::Num8,
    Key::Num9,
];
