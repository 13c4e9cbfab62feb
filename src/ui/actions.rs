//! The action table: every named thing the user can do, with its menu text,
//! tooltip, key binding and the context the key works in. Menus
//! ([`MENUS`]), the app's shortcut reader, the reader's own keys and the
//! Help window all read from here; the list of actions is derived from the
//! enum ([`Action::iter`]), and the tests below fail on two actions bound to
//! one key in one context, or on an action that nothing reaches.

use eframe::egui::{Key, KeyboardShortcut, Modifiers};
use strum::{EnumIter, IntoEnumIterator};

use crate::model::Sentiment;

/// Named actions: one place for their text, key and menu.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, EnumIter)]
pub enum Action {
    /// Label the selection with the label on key 1 (and so on to 9).
    Label1,
    Label2,
    Label3,
    Label4,
    Label5,
    Label6,
    Label7,
    Label8,
    Label9,
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
    ToggleLibrary,
    ToggleInspector,
    ReaderTextLarger,
    ReaderTextSmaller,
    ReaderTextReset,
    LongerLines,
    ShorterLines,
    EditLabels,
    Preferences,
    FindInDocument,
    FindNext,
    FindPrevious,
    CommandPalette,
    FocusFilter,
    ShowSkipped,
    ShowOrphans,
    ShowAgreement,
    Adjudicate,
    AdjudicateAcceptA,
    AdjudicateAcceptB,
    AdjudicateAcceptBoth,
    AdjudicateReject,
    AdjudicateFromSelection,
    AdjudicateNext,
    AdjudicatePrevious,
    ShowShortcuts,
    /// Help > About: version, commit and the app's folders.
    About,
    /// Help > Open log folder (the system's file manager).
    OpenLogFolder,
    /// The reader's own keys and gestures (handled by the focused reader).
    ReaderSelectDrag,
    ReaderSelectWordOrParagraph,
    ReaderClickHighlight,
    ReaderMoveCaret,
    ReaderMoveByWord,
    ReaderTextStartEnd,
    ReaderSelectSentence,
    ReaderSelectParagraph,
    ReaderSelectAll,
    ReaderCopy,
}

/// Where a key binding works.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum KeyContext {
    /// Anywhere in the window (read by the app once a frame).
    Window,
    /// In the reader pane that has keyboard focus (read by the reader).
    Reader,
}

impl KeyContext {
    /// True when a key bound in both contexts would be ambiguous.
    pub fn overlaps(self, other: Self) -> bool {
        self == Self::Window || other == Self::Window || self == other
    }
}

/// One entry of a menu.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum MenuItem {
    Action(Action),
    Separator,
    /// File › Recent projects (a submenu of paths).
    RecentProjects,
    /// One "Label as …" item per label of the project.
    ProjectLabels,
    /// View › Annotators: a shown/hidden tick per annotator of the project.
    AnnotatorLayers,
}

/// The menu bar, top to bottom, as the window draws it.
pub const MENUS: &[(&str, &[MenuItem])] = {
    use Action as A;
    use MenuItem::{Action as I, AnnotatorLayers, ProjectLabels, RecentProjects, Separator};
    &[
        (
            "File",
            &[
                I(A::NewFromFolder),
                I(A::OpenProject),
                RecentProjects,
                Separator,
                I(A::Save),
                I(A::SaveAs),
                Separator,
                I(A::Import),
                I(A::Export),
                Separator,
                I(A::Quit),
            ],
        ),
        (
            "Edit",
            &[
                I(A::Undo),
                I(A::Redo),
                Separator,
                I(A::FindInDocument),
                I(A::FindNext),
                I(A::FindPrevious),
                Separator,
                I(A::DeleteAnnotation),
                I(A::EditLabels),
                I(A::Preferences),
            ],
        ),
        (
            "Annotate",
            &[
                ProjectLabels,
                Separator,
                I(A::SentimentPositive),
                I(A::SentimentNegative),
                I(A::SentimentNeutral),
                I(A::SentimentMixed),
                I(A::StartLink),
                I(A::AcceptSuggestion),
                I(A::RejectSuggestion),
                I(A::AcceptAllOfLabel),
                Separator,
                I(A::Suggest),
                I(A::Adjudicate),
                I(A::NextAnnotation),
                I(A::PreviousAnnotation),
                I(A::ClearSelection),
            ],
        ),
        (
            "View",
            &[
                I(A::AddPane),
                I(A::ToggleSyncScroll),
                I(A::ToggleCompare),
                I(A::FocusFilter),
                I(A::ShowSkipped),
                I(A::ShowOrphans),
                AnnotatorLayers,
                I(A::ShowAgreement),
                I(A::CommandPalette),
                Separator,
                I(A::ToggleTheme),
                I(A::ZoomIn),
                I(A::ZoomOut),
                I(A::ZoomReset),
                Separator,
                I(A::ToggleLibrary),
                I(A::ToggleInspector),
                I(A::ReaderTextLarger),
                I(A::ReaderTextSmaller),
                I(A::ReaderTextReset),
                I(A::LongerLines),
                I(A::ShorterLines),
            ],
        ),
        (
            "Help",
            &[I(A::ShowShortcuts), I(A::OpenLogFolder), I(A::About)],
        ),
    ]
};

const CTRL: Modifiers = Modifiers::COMMAND;
const CTRL_SHIFT: Modifiers = Modifiers {
    alt: false,
    ctrl: false,
    shift: true,
    mac_cmd: false,
    command: true,
};
const CTRL_ALT: Modifiers = Modifiers {
    alt: true,
    ctrl: false,
    shift: false,
    mac_cmd: false,
    command: true,
};
const NONE: Modifiers = Modifiers::NONE;
const SHIFT: Modifiers = Modifiers::SHIFT;
const ALT: Modifiers = Modifiers::ALT;

impl Action {
    /// Every action, in Help-window order (the enum's order).
    pub fn iter() -> impl Iterator<Item = Self> {
        <Self as IntoEnumIterator>::iter()
    }

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
            Self::ToggleCompare => "Compare two panes",
            Self::ToggleTheme => "Switch light/dark theme",
            Self::ZoomIn => "Zoom in",
            Self::ZoomOut => "Zoom out",
            Self::ZoomReset => "Reset zoom",
            Self::ToggleLibrary => "Show or fold the library",
            Self::ToggleInspector => "Show or fold the inspector",
            Self::ReaderTextLarger => "Larger reader text",
            Self::ReaderTextSmaller => "Smaller reader text",
            Self::ReaderTextReset => "Normal reader text",
            Self::LongerLines => "Longer lines",
            Self::ShorterLines => "Shorter lines",
            Self::EditLabels => "Labels…",
            Self::Preferences => "Preferences…",
            Self::FindInDocument => "Find in document…",
            Self::FindNext => "Find next",
            Self::FindPrevious => "Find previous",
            Self::CommandPalette => "Command palette…",
            Self::FocusFilter => "Filter the library",
            Self::ShowSkipped => "Skipped files",
            Self::ShowOrphans => "Orphaned annotations",
            Self::ShowAgreement => "Agreement…",
            Self::Adjudicate => "Adjudicate…",
            Self::AdjudicateAcceptA => "Accept A",
            Self::AdjudicateAcceptB => "Accept B",
            Self::AdjudicateAcceptBoth => "Accept both",
            Self::AdjudicateReject => "Reject",
            Self::AdjudicateFromSelection => "Gold from selection",
            Self::AdjudicateNext => "Next disagreement",
            Self::AdjudicatePrevious => "Previous disagreement",
            Self::ShowShortcuts => "Keyboard shortcuts",
            Self::About => "About Diptych",
            Self::OpenLogFolder => "Open log folder",
            Self::Label1
            | Self::Label2
            | Self::Label3
            | Self::Label4
            | Self::Label5
            | Self::Label6
            | Self::Label7
            | Self::Label8
            | Self::Label9 => "Label the selection with the label on this key",
            Self::ReaderSelectDrag => "Select text / extend the selection",
            Self::ReaderSelectWordOrParagraph => "Select a word / a paragraph",
            Self::ReaderClickHighlight => "Select its annotation (again: the next overlapping one)",
            Self::ReaderMoveCaret => "Move the caret (Shift: extend the selection)",
            Self::ReaderMoveByWord => "Move by word (Shift: extend)",
            Self::ReaderTextStartEnd => "Start / end of the text",
            Self::ReaderSelectSentence => "Select the sentence at the caret",
            Self::ReaderSelectParagraph => "Select the paragraph at the caret",
            Self::ReaderSelectAll => "Select the whole text",
            Self::ReaderCopy => "Copy the selection",
        }
    }

    /// A longer explanation, shown on hover.
    pub fn tooltip(self) -> &'static str {
        match self {
            Self::NewFromFolder => "Make a new project of every article in a folder",
            Self::OpenProject => "Open a saved .ron project",
            Self::Save => "Write the project file (the previous version is kept as .bak)",
            Self::SaveAs => "Write the project to a new file",
            Self::Export => "Write a dataset in one of the export formats",
            Self::Import => "Add annotations from a file of another tool, as one undo step",
            Self::Quit => "Close the window (asks first about unsaved changes)",
            Self::Undo => "Take back the last change",
            Self::Redo => "Do the last undone change again",
            Self::DeleteAnnotation => "Remove the selected annotation and its links",
            Self::NextAnnotation => "Select the next annotation of the active pane",
            Self::PreviousAnnotation => "Select the previous annotation of the active pane",
            Self::ClearSelection => {
                "Close the palette, the find bar or a window, or cancel linking, or clear the text selection, or deselect"
            }
            Self::StartLink => "Link the selected annotation to one you click next",
            Self::Suggest => "Propose disclaimers, boilerplate, claims and counterparts",
            Self::AcceptSuggestion => "Accept the selected suggestion, or the one under the caret",
            Self::RejectSuggestion => "Reject the selected suggestion; it is not proposed again",
            Self::AcceptAllOfLabel => "Accept every suggestion of this label in this document",
            Self::SentimentPositive
            | Self::SentimentNegative
            | Self::SentimentNeutral
            | Self::SentimentMixed => "Set the selected annotation's sentiment (again: clear it)",
            Self::AddPane => "Open another document beside the others",
            Self::ToggleSyncScroll => "Scroll the panes together",
            Self::ToggleCompare => {
                "Line up the paragraphs of two panes (the first two, or those chosen in the toolbar) and mark the words that differ"
            }
            Self::ToggleTheme => "Switch between the light and the dark theme",
            Self::ZoomIn | Self::ZoomOut => "Make everything larger or smaller",
            Self::ZoomReset => "Back to the normal size",
            Self::ToggleLibrary | Self::ToggleInspector => {
                "Fold the side panel to a thin strip, or bring it back"
            }
            Self::ReaderTextLarger | Self::ReaderTextSmaller | Self::ReaderTextReset => {
                "Change the size of the articles' text only"
            }
            Self::LongerLines | Self::ShorterLines => {
                "The most characters a reader line holds (wider panes centre the text)"
            }
            Self::EditLabels => "Add, rename, recolour and remove labels",
            Self::Preferences => "Your name as annotator",
            Self::FindInDocument => {
                "Find text in the active pane: every match is outlined, the current one selected"
            }
            Self::FindNext | Self::FindPrevious => {
                "Select the next / previous match of the find bar (Enter works while it is open)"
            }
            Self::CommandPalette => "Search every action by name and run it",
            Self::FocusFilter => "Type to filter the library by title, path or text",
            Self::ShowSkipped => "The files of the folder that were not loaded, and why",
            Self::ShowOrphans => "Annotations whose text was not found after their article changed",
            Self::ShowAgreement => "How far the annotators agree, per label, pair and document",
            Self::Adjudicate => "Settle two annotators' disagreements into a gold layer",
            Self::AdjudicateAcceptA => "Adjudication: copy A's annotation into the gold layer",
            Self::AdjudicateAcceptB => "Adjudication: copy B's annotation into the gold layer",
            Self::AdjudicateAcceptBoth => "Adjudication: copy both annotations into the gold layer",
            Self::AdjudicateReject => "Adjudication: neither goes into the gold layer",
            Self::AdjudicateFromSelection => {
                "Adjudication: a gold annotation over the reader's selection, with A's label (or B's)"
            }
            Self::AdjudicateNext => "Adjudication: the next disagreement",
            Self::AdjudicatePrevious => "Adjudication: the previous disagreement",
            Self::ShowShortcuts => "Every key and gesture",
            Self::About => {
                "Version, commit, and where Diptych keeps its settings, data, logs and caches"
            }
            Self::OpenLogFolder => {
                "The folder of the log and the crash reports, in the file manager"
            }
            Self::Label1
            | Self::Label2
            | Self::Label3
            | Self::Label4
            | Self::Label5
            | Self::Label6
            | Self::Label7
            | Self::Label8
            | Self::Label9 => "Labels get their keys in the Labels window",
            Self::ReaderSelectDrag
            | Self::ReaderSelectWordOrParagraph
            | Self::ReaderClickHighlight
            | Self::ReaderMoveCaret
            | Self::ReaderMoveByWord
            | Self::ReaderTextStartEnd
            | Self::ReaderSelectSentence
            | Self::ReaderSelectParagraph
            | Self::ReaderSelectAll
            | Self::ReaderCopy => "In the reader pane that has the keyboard focus",
        }
    }

    /// Where the key binding works. Every action is listed, so that a new
    /// one gets its context decided, not defaulted.
    pub fn context(self) -> KeyContext {
        match self {
            Self::ReaderSelectDrag
            | Self::ReaderSelectWordOrParagraph
            | Self::ReaderClickHighlight
            | Self::ReaderMoveCaret
            | Self::ReaderMoveByWord
            | Self::ReaderTextStartEnd
            | Self::ReaderSelectSentence
            | Self::ReaderSelectParagraph
            | Self::ReaderSelectAll
            | Self::ReaderCopy => KeyContext::Reader,
            Self::Label1
            | Self::Label2
            | Self::Label3
            | Self::Label4
            | Self::Label5
            | Self::Label6
            | Self::Label7
            | Self::Label8
            | Self::Label9
            | Self::NewFromFolder
            | Self::OpenProject
            | Self::Save
            | Self::SaveAs
            | Self::Export
            | Self::Import
            | Self::Quit
            | Self::Undo
            | Self::Redo
            | Self::DeleteAnnotation
            | Self::NextAnnotation
            | Self::PreviousAnnotation
            | Self::ClearSelection
            | Self::StartLink
            | Self::Suggest
            | Self::AcceptSuggestion
            | Self::RejectSuggestion
            | Self::AcceptAllOfLabel
            | Self::SentimentPositive
            | Self::SentimentNegative
            | Self::SentimentNeutral
            | Self::SentimentMixed
            | Self::AddPane
            | Self::ToggleSyncScroll
            | Self::ToggleCompare
            | Self::ToggleTheme
            | Self::ZoomIn
            | Self::ZoomOut
            | Self::ZoomReset
            | Self::ToggleLibrary
            | Self::ToggleInspector
            | Self::ReaderTextLarger
            | Self::ReaderTextSmaller
            | Self::ReaderTextReset
            | Self::LongerLines
            | Self::ShorterLines
            | Self::EditLabels
            | Self::Preferences
            | Self::FindInDocument
            | Self::FindNext
            | Self::FindPrevious
            | Self::CommandPalette
            | Self::FocusFilter
            | Self::ShowSkipped
            | Self::ShowOrphans
            | Self::ShowAgreement
            | Self::Adjudicate
            | Self::AdjudicateAcceptA
            | Self::AdjudicateAcceptB
            | Self::AdjudicateAcceptBoth
            | Self::AdjudicateReject
            | Self::AdjudicateFromSelection
            | Self::AdjudicateNext
            | Self::AdjudicatePrevious
            | Self::ShowShortcuts
            | Self::About
            | Self::OpenLogFolder => KeyContext::Window,
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
            Self::PreviousAnnotation => k(SHIFT, Key::Tab),
            Self::ClearSelection => k(NONE, Key::Escape),
            Self::StartLink => k(NONE, Key::L),
            Self::Suggest => k(CTRL, Key::G),
            Self::AcceptSuggestion => k(NONE, Key::A),
            Self::RejectSuggestion => k(NONE, Key::R),
            Self::AcceptAllOfLabel => k(SHIFT, Key::A),
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
            Self::ToggleLibrary => k(CTRL, Key::B),
            Self::ToggleInspector => k(CTRL_ALT, Key::B),
            Self::ReaderTextLarger => k(CTRL_ALT, Key::Equals),
            Self::ReaderTextSmaller => k(CTRL_ALT, Key::Minus),
            Self::ReaderTextReset => k(CTRL_ALT, Key::Num0),
            Self::LongerLines => k(CTRL_ALT, Key::CloseBracket),
            Self::ShorterLines => k(CTRL_ALT, Key::OpenBracket),
            Self::EditLabels => k(CTRL_SHIFT, Key::L),
            Self::Preferences => k(CTRL, Key::Comma),
            Self::FindInDocument => k(CTRL, Key::F),
            Self::FindNext => k(NONE, Key::F3),
            Self::FindPrevious => k(SHIFT, Key::F3),
            Self::CommandPalette => k(CTRL_SHIFT, Key::P),
            Self::FocusFilter => k(CTRL_SHIFT, Key::F),
            Self::ShowSkipped => k(CTRL_SHIFT, Key::K),
            Self::ShowOrphans => k(CTRL_SHIFT, Key::H),
            Self::ShowAgreement => k(CTRL_SHIFT, Key::G),
            Self::Adjudicate => k(CTRL_SHIFT, Key::J),
            Self::AdjudicateAcceptA => k(ALT, Key::Num1),
            Self::AdjudicateAcceptB => k(ALT, Key::Num2),
            Self::AdjudicateAcceptBoth => k(ALT, Key::Num3),
            Self::AdjudicateReject => k(ALT, Key::Num0),
            Self::AdjudicateFromSelection => k(ALT, Key::Num4),
            Self::AdjudicateNext => k(ALT, Key::J),
            Self::AdjudicatePrevious => k(ALT, Key::K),
            Self::ShowShortcuts => k(NONE, Key::F1),
            Self::Label1 => k(NONE, Key::Num1),
            Self::Label2 => k(NONE, Key::Num2),
            Self::Label3 => k(NONE, Key::Num3),
            Self::Label4 => k(NONE, Key::Num4),
            Self::Label5 => k(NONE, Key::Num5),
            Self::Label6 => k(NONE, Key::Num6),
            Self::Label7 => k(NONE, Key::Num7),
            Self::Label8 => k(NONE, Key::Num8),
            Self::Label9 => k(NONE, Key::Num9),
            Self::ReaderSelectSentence => k(ALT, Key::S),
            Self::ReaderSelectParagraph => k(ALT, Key::P),
            Self::ReaderSelectAll => k(CTRL, Key::A),
            // egui turns the platform's copy key into `Event::Copy`, which the reader handles.
            Self::ReaderCopy => k(CTRL, Key::C),
            Self::ReaderSelectDrag
            | Self::ReaderSelectWordOrParagraph
            | Self::ReaderClickHighlight
            | Self::ReaderMoveCaret
            | Self::ReaderMoveByWord
            | Self::ReaderTextStartEnd
            | Self::About
            | Self::OpenLogFolder => None,
        }
    }

    /// Further bindings that do the same (Ctrl+Y for redo, Backspace for
    /// delete, Enter for the next match while the find bar is open).
    pub fn alternative(self) -> Option<KeyboardShortcut> {
        match self {
            Self::Redo => Some(KeyboardShortcut::new(CTRL, Key::Y)),
            Self::DeleteAnnotation => Some(KeyboardShortcut::new(NONE, Key::Backspace)),
            Self::FindNext => Some(KeyboardShortcut::new(NONE, Key::Enter)),
            Self::FindPrevious => Some(KeyboardShortcut::new(SHIFT, Key::Enter)),
            _ => None,
        }
    }

    /// Every key binding of the action.
    pub fn bindings(self) -> impl Iterator<Item = KeyboardShortcut> {
        [self.shortcut(), self.alternative()].into_iter().flatten()
    }

    /// Mouse gestures and key groups that are not one shortcut, as Help shows them.
    pub fn gesture(self) -> Option<&'static str> {
        Some(match self {
            Self::ReaderSelectDrag => "Drag / Shift+click",
            Self::ReaderSelectWordOrParagraph => "Double click / triple click",
            Self::ReaderClickHighlight => "Click a highlight",
            Self::ReaderMoveCaret => "Arrows, Home, End, PageUp, PageDown",
            Self::ReaderMoveByWord => "Ctrl+Left / Ctrl+Right",
            Self::ReaderTextStartEnd => "Ctrl+Home / Ctrl+End",
            _ => return None,
        })
    }

    /// True when the primary key is a single key (see [`is_plain`]).
    pub fn is_plain_key(self) -> bool {
        self.shortcut().is_some_and(is_plain)
    }

    /// True when the action works while a project file is read and nothing
    /// of it is shown yet: opening, quitting and how the window looks;
    /// nothing that changes or saves a project.
    pub fn works_while_loading(self) -> bool {
        matches!(
            self,
            Self::NewFromFolder
                | Self::OpenProject
                | Self::Quit
                | Self::ClearSelection
                | Self::ToggleTheme
                | Self::ZoomIn
                | Self::ZoomOut
                | Self::ZoomReset
                | Self::ToggleLibrary
                | Self::ToggleInspector
                | Self::ReaderTextLarger
                | Self::ReaderTextSmaller
                | Self::ReaderTextReset
                | Self::LongerLines
                | Self::ShorterLines
                | Self::Preferences
                | Self::CommandPalette
                | Self::ShowShortcuts
                | Self::About
                | Self::OpenLogFolder
        )
    }

    /// True when the key binding works only while the find bar is open
    /// (Enter must stay Enter everywhere else).
    pub fn needs_find_bar(self) -> bool {
        matches!(self, Self::FindNext | Self::FindPrevious)
    }

    /// True when the command palette lists the action: every action the
    /// window runs, except the label keys (the palette lists the labels by
    /// name instead) and the palette itself. The reader's own keys and
    /// gestures act on the reader that has the keyboard, which the palette
    /// has taken, so they are not listed.
    pub fn in_palette(self) -> bool {
        self.context() == KeyContext::Window
            && self.label_key().is_none()
            && self != Self::CommandPalette
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

    /// The label key (1–9) this action applies, if it is a label action.
    pub fn label_key(self) -> Option<u8> {
        Some(match self {
            Self::Label1 => 1,
            Self::Label2 => 2,
            Self::Label3 => 3,
            Self::Label4 => 4,
            Self::Label5 => 5,
            Self::Label6 => 6,
            Self::Label7 => 7,
            Self::Label8 => 8,
            Self::Label9 => 9,
            _ => return None,
        })
    }

    /// The action of label key `key` (1–9).
    pub fn for_label_key(key: u8) -> Option<Self> {
        Self::iter().find(|a| a.label_key() == Some(key))
    }

    /// True when a menu lists the action.
    pub fn in_menu(self) -> bool {
        MENUS
            .iter()
            .flat_map(|(_, items)| items.iter())
            .any(|item| *item == MenuItem::Action(self))
    }
}

/// True for a binding that must not fire while typing in a text field: a
/// single key, with or without Shift, other than a function key (F1 and F3
/// work in text fields too).
pub fn is_plain(shortcut: KeyboardShortcut) -> bool {
    let function_key = matches!(
        shortcut.logical_key,
        Key::F1
            | Key::F2
            | Key::F3
            | Key::F4
            | Key::F5
            | Key::F6
            | Key::F7
            | Key::F8
            | Key::F9
            | Key::F10
            | Key::F11
            | Key::F12
    );
    (shortcut.modifiers.is_none() || shortcut.modifiers == Modifiers::SHIFT) && !function_key
}

/// True when `shortcut` was pressed with exactly its modifiers (Alt+P is not P,
/// Ctrl+Shift+Z is not Ctrl+Z; Ctrl and Cmd count as one).
pub fn same_modifiers(pressed: Modifiers, bound: Modifiers) -> bool {
    pressed.alt == bound.alt
        && pressed.shift == bound.shift
        && (pressed.ctrl || pressed.command) == (bound.ctrl || bound.command)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn no_two_actions_share_a_key_in_one_context() {
        let all: Vec<Action> = Action::iter().collect();
        for (i, a) in all.iter().enumerate() {
            for b in &all[i + 1..] {
                if !a.context().overlaps(b.context()) {
                    continue;
                }
                for ka in a.bindings() {
                    for kb in b.bindings() {
                        let clash = ka.logical_key == kb.logical_key
                            && same_modifiers(ka.modifiers, kb.modifiers);
                        assert!(!clash, "{a:?} and {b:?} are both bound to {ka:?}");
                    }
                }
            }
        }
    }

    #[test]
    fn every_action_is_reachable_from_a_menu_a_key_or_a_gesture() {
        for action in Action::iter() {
            let reachable =
                action.in_menu() || action.shortcut().is_some() || action.gesture().is_some();
            assert!(reachable, "{action:?} is in no menu and has no key");
        }
    }

    #[test]
    fn every_action_has_text_and_a_tooltip() {
        for action in Action::iter() {
            assert!(!action.text().is_empty(), "{action:?}");
            assert!(!action.tooltip().is_empty(), "{action:?}");
        }
    }

    #[test]
    fn the_derived_list_holds_every_variant_once() {
        let all: Vec<Action> = Action::iter().collect();
        let unique: std::collections::HashSet<_> = all.iter().collect();
        assert_eq!(unique.len(), all.len());
        // A variant added to the enum shows up without any list to update.
        assert!(all.contains(&Action::ReaderCopy) && all.contains(&Action::Label9));
    }

    #[test]
    fn label_keys_one_to_nine_map_both_ways() {
        for key in 1..=9 {
            let action = Action::for_label_key(key).unwrap();
            assert_eq!(action.label_key(), Some(key));
            assert!(action.is_plain_key());
        }
        assert_eq!(Action::for_label_key(0), None);
        assert_eq!(Action::Save.label_key(), None);
    }

    #[test]
    fn menus_list_each_action_at_most_once() {
        let mut seen = std::collections::HashSet::new();
        for (_, items) in MENUS {
            for item in *items {
                if let MenuItem::Action(a) = item {
                    assert!(seen.insert(*a), "{a:?} is in two menus");
                }
            }
        }
    }

    #[test]
    fn find_and_palette_keys_and_the_library_filter_on_ctrl_shift_f() {
        let key = |a: Action| a.shortcut().map(|s| (s.modifiers, s.logical_key));
        assert_eq!(key(Action::FindInDocument), Some((CTRL, Key::F)));
        assert_eq!(key(Action::FocusFilter), Some((CTRL_SHIFT, Key::F)));
        assert_eq!(key(Action::CommandPalette), Some((CTRL_SHIFT, Key::P)));
        // F3 works while typing in the find bar; Enter only outside text fields.
        assert!(!Action::FindNext.is_plain_key() && !Action::FindPrevious.is_plain_key());
        assert!(Action::FindNext.alternative().is_some_and(is_plain));
        assert!(Action::FindNext.needs_find_bar() && !Action::FindInDocument.needs_find_bar());
        assert!(!Action::ShowShortcuts.is_plain_key() && Action::StartLink.is_plain_key());
    }

    #[test]
    fn the_palette_lists_window_actions_but_not_label_keys_or_itself() {
        let listed: Vec<Action> = Action::iter().filter(|a| a.in_palette()).collect();
        assert!(listed.contains(&Action::Export) && listed.contains(&Action::FindNext));
        assert!(!listed.contains(&Action::Label1) && !listed.contains(&Action::CommandPalette));
        assert!(!listed.contains(&Action::ReaderSelectAll));
    }

    #[test]
    fn only_reader_keys_work_in_the_reader_context() {
        assert_eq!(Action::ReaderSelectAll.context(), KeyContext::Reader);
        assert_eq!(Action::Save.context(), KeyContext::Window);
        assert!(KeyContext::Window.overlaps(KeyContext::Reader));
        assert!(!Action::ReaderSelectSentence.in_menu());
    }
}
