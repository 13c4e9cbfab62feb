//! Files: folder import and decoding, the RON project file, atomic writes,
//! and where a writer may write (`target`).
//! Nothing here knows about windows.

pub mod atomic;
pub mod corpus;
pub mod decode;
pub mod export;
pub mod html;
pub mod import;
pub mod lock;
pub mod preview;
pub mod project_file;
pub mod project_watch;
mod ron_fast;
pub mod sample;
pub mod search;
pub mod target;
pub mod watch;
pub mod workspace;

use std::fmt;

/// Why a file (or a record in it) was not loaded as a document.
#[derive(Clone, Debug, PartialEq, Eq, serde::Serialize)]
#[serde(tag = "kind", content = "detail", rename_all = "kebab-case")]
pub enum SkipReason {
    /// The file has no bytes (or only whitespace / a BOM).
    Empty,
    /// NUL bytes or mostly control characters: not text.
    Binary,
    /// Larger than the configured limit.
    TooLarge { size: u64, limit: u64 },
    /// The extension is not one Diptych reads.
    UnsupportedFormat(String),
    /// The OS refused to read it (the error text).
    Unreadable(String),
    /// A symbolic link that leads back into a folder being walked.
    SymlinkLoop,
    /// A .json/.jsonl file that is not a list of {"text": ...} records.
    NotRecords(String),
    /// A file name that is not valid UTF-8 (ids must be text).
    InvalidName,
    /// A symbolic link whose target is outside the corpus folder: not followed.
    SymlinkOutside,
    /// A symbolic link whose target does not exist.
    BrokenSymlink,
    /// A file name with control characters (newline, escape ...): its path is
    /// shown with them escaped, and it is not loaded, so that ids are always
    /// printable.
    ControlCharsInName,
}

impl fmt::Display for SkipReason {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Self::Empty => f.write_str("empty file"),
            Self::Binary => f.write_str("binary file (not text)"),
            Self::TooLarge { size, limit } => {
                write!(f, "too large: {size} bytes, the limit is {limit} bytes")
            }
            Self::UnsupportedFormat(ext) if ext.is_empty() => {
                f.write_str("unsupported format (no extension)")
            }
            Self::UnsupportedFormat(ext) => write!(f, "unsupported format .{ext}"),
            Self::Unreadable(err) => write!(f, "cannot read: {err}"),
            Self::SymlinkLoop => f.write_str("symbolic link loop"),
            Self::NotRecords(why) => write!(f, "not a list of {{\"text\": ...}} records: {why}"),
            Self::InvalidName => f.write_str("file name is not valid UTF-8"),
            Self::SymlinkOutside => f.write_str("symlink points outside the corpus folder"),
            Self::BrokenSymlink => f.write_str("broken symbolic link (its target does not exist)"),
            Self::ControlCharsInName => f.write_str("file name contains control characters"),
        }
    }
}
