//! Imports: annotations from other tools' files into a project, as one edit.
//!
//! [`plan`] reads a file, matches its records to the project's documents (by
//! id or path, failing that by identical text), converts offsets to bytes
//! (every unit, grapheme clusters included, through
//! [`OffsetIndex`](crate::model::OffsetIndex)), checks each span's text where
//! the file carries it, and returns one
//! [`Edit::Batch`](crate::model::Edit::Batch) with a report of what was
//! matched and what was not. Nothing is changed until the caller applies
//! the edit (the window pushes it on its history: one undo step), and the
//! command line then saves the project atomically.
//!
//! Every record or span that is not imported is listed in the report with
//! the reason; nothing is dropped silently.
//!
//! The parts, one per file:
//! - `settings`: the formats, the offset unit, annotations or suggestions;
//! - one reader per format (`jsonl`, `label_studio`, `doccano`, `w3c`),
//!   each turning a file into `records` (offsets still in the file's unit);
//! - `planner`: records matched to documents and turned into edits;
//! - `quotes`: a drifted W3C quote found among its occurrences by context;
//! - `report`: what was imported and what was not, and the plan carrying it;
//! - here: the entry points [`plan`] and [`plan_bytes`], and [`ImportError`].

mod doccano;
mod jsonl;
mod label_studio;
mod planner;
mod quotes;
mod records;
mod report;
mod settings;
mod w3c;

use std::path::{Path, PathBuf};

pub use planner::{parse_link_kind, to_byte};
use records::{InLink, InSpan, Record, json_lines};
pub use report::{ImportPlan, ImportReport, NotImported};
pub use settings::{ImportAs, ImportFormat, ImportSettings, ImportUnit};

use super::workspace::Workspace;
use planner::Planner;

/// Why a file could not be imported at all. The project is unchanged.
#[derive(Debug, thiserror::Error)]
pub enum ImportError {
    #[error("cannot read {}: {source}", path.display())]
    Read {
        path: PathBuf,
        #[source]
        source: std::io::Error,
    },
    #[error("{}:{line}:{column}: {message}", path.display())]
    Json {
        path: PathBuf,
        line: usize,
        column: usize,
        message: String,
    },
    #[error("{}: {message}", path.display())]
    Shape { path: PathBuf, message: String },
}

impl ImportError {
    /// The error for a serde_json error in `path`; `line_offset` is added to
    /// its line (for JSONL, the line the record is on minus one).
    pub(crate) fn json(path: &Path, err: &serde_json::Error, line_offset: usize) -> Self {
        let message = err.to_string();
        // serde_json appends " at line L column C"; the position is in front already.
        let message = message
            .rsplit_once(" at line ")
            .map_or(message.as_str(), |(m, _)| m)
            .to_owned();
        Self::Json {
            path: path.to_owned(),
            line: err.line() + line_offset,
            column: err.column(),
            message,
        }
    }

    /// The (line, column) the error points at, if it has one.
    pub fn position(&self) -> Option<(usize, usize)> {
        match self {
            Self::Json { line, column, .. } => Some((*line, *column)),
            _ => None,
        }
    }
}

/// Reads `file` as `format` and plans its import into `workspace`.
pub fn plan(
    workspace: &Workspace,
    format: ImportFormat,
    file: &Path,
    settings: &ImportSettings,
) -> Result<ImportPlan, ImportError> {
    Ok(parse(format, file)?.plan(workspace, settings))
}

/// An import file read and parsed, not yet matched to a project: the
/// first half of [`plan`], which needs no workspace (the command line does
/// it while the project and its corpus are read).
pub struct ParsedImport {
    format: ImportFormat,
    records: Vec<Record>,
}

impl ParsedImport {
    /// Plans the import of these records into `workspace`.
    pub fn plan(self, workspace: &Workspace, settings: &ImportSettings) -> ImportPlan {
        Planner::new(workspace, self.format, settings).run(self.records)
    }
}

/// Reads and parses `file` as `format`.
pub fn parse(format: ImportFormat, file: &Path) -> Result<ParsedImport, ImportError> {
    let read_error = |source| ImportError::Read {
        path: file.to_owned(),
        source,
    };
    // Its size checked before it is read, so a huge file is refused
    // without filling memory.
    let bytes = crate::io::read_at_most(file, MAX_IMPORT_BYTES)
        .map_err(read_error)?
        .map_err(|size| too_large(file, size))?;
    parse_bytes(format, &bytes, file)
}

/// The largest import file read: 512 MiB (parsing takes several times that in memory).
pub const MAX_IMPORT_BYTES: u64 = 512 << 20;

fn too_large(file: &Path, size: u64) -> ImportError {
    ImportError::Shape {
        path: file.to_owned(),
        message: format!(
            "the file is {size} bytes; import files over {} MiB are refused",
            MAX_IMPORT_BYTES >> 20
        ),
    }
}

/// Plans the import of `bytes`, the content of `file` (named in errors and
/// never opened): what [`plan`] does once the file is read. Pure, for tests
/// and fuzzing.
pub fn plan_bytes(
    workspace: &Workspace,
    format: ImportFormat,
    bytes: &[u8],
    file: &Path,
    settings: &ImportSettings,
) -> Result<ImportPlan, ImportError> {
    Ok(parse_bytes(format, bytes, file)?.plan(workspace, settings))
}

/// Parses `bytes`, the content of `file` (named in errors), as `format`.
fn parse_bytes(
    format: ImportFormat,
    bytes: &[u8],
    file: &Path,
) -> Result<ParsedImport, ImportError> {
    if bytes.len() as u64 > MAX_IMPORT_BYTES {
        return Err(too_large(file, bytes.len() as u64));
    }
    let text = crate::io::decode::utf8(bytes).map_err(|err| ImportError::Shape {
        path: file.to_owned(),
        message: format!(
            "not UTF-8 text (invalid byte at offset {})",
            err.valid_up_to()
        ),
    })?;
    let text = text.strip_prefix('\u{feff}').unwrap_or(text);
    if text.trim().is_empty() {
        return Err(ImportError::Shape {
            path: file.to_owned(),
            message: format!("the file is empty (no {format} records)"),
        });
    }
    let records = match format {
        ImportFormat::Jsonl => jsonl::read(text, file)?,
        ImportFormat::LabelStudio => label_studio::read(text, file)?,
        ImportFormat::Doccano => doccano::read(text, file)?,
        ImportFormat::W3c => w3c::read(text, file)?,
    };
    Ok(ParsedImport { format, records })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::Project;

    #[test]
    fn empty_and_non_utf8_bytes_are_errors_naming_the_file() {
        let workspace = Workspace {
            path: None,
            project: Project::new("p", "/nowhere"),
            corpus: crate::io::corpus::Corpus {
                root: "/nowhere".into(),
                ..Default::default()
            },
            view: Default::default(),
        };
        let file = Path::new("in.json");
        let error = |bytes: &[u8], format| {
            plan_bytes(&workspace, format, bytes, file, &ImportSettings::default())
                .unwrap_err()
                .to_string()
        };
        for format in ImportFormat::ALL {
            assert_eq!(
                error(b"\xef\xbb\xbf \n", format),
                format!("in.json: the file is empty (no {format} records)")
            );
            assert_eq!(
                error(b"[1, \xff]", format),
                "in.json: not UTF-8 text (invalid byte at offset 4)"
            );
        }
    }
}
