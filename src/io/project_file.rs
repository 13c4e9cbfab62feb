//! The RON project file: deterministic output, atomic saves, precise load errors.
//!
//! ```text
//! (
//!     format: "diptych-project",
//!     version: 1,
//!     name: "Seeds",
//!     corpus: "../seeds",
//!     labels: [(id: "claim", name: "Claim", color: "#e8a33d", key: Some(1)), ...],
//!     documents: [...],
//!     annotations: [...],
//!     links: [...],
//!     view: (open: ["a.txt", "b.txt"], sync_scroll: false),
//! )
//! ```
//!
//! Offsets (`span: (start, end)`) are UTF-8 byte offsets into the document's
//! decoded text (BOM stripped, newlines normalised to `\n`).

use std::collections::btree_map::Entry;
use std::collections::{BTreeMap, HashMap, HashSet};
use std::path::{Path, PathBuf};

use rayon::prelude::*;
use serde::{Deserialize, Serialize};

use super::atomic::{FileVersion, WriteError, write_atomic_unchanged_with, write_atomic_with};
use crate::model::{
    Annotation, DocRecord, DocumentId, Label, LabelId, LabelSchema, Link, MAX_ID, Project,
    Rejection, name_key, name_problem, score_is_valid,
};

mod maps;
mod position;
mod streamed;

use maps::annotation_map;
use position::{at_token, line_column};
pub use streamed::load_tagged;
use streamed::{STREAM_SIZES, size_checked, streamed_read};

/// The format version this build writes.
pub const FORMAT_VERSION: u32 = 1;
const FORMAT_TAG: &str = "diptych-project";

/// The largest project file [`load`] reads: 1 GiB, about two million
/// annotations of the usual size (a million take 550 MB). A larger file is
/// refused before it is read, so a wrong or hostile file cannot fill the
/// memory.
pub const MAX_FILE_BYTES: u64 = 1 << 30;

/// How deep values may nest. A project nests about six levels; the limit
/// stops hostile input (`[[[[…`) long before the parser's stack runs out.
pub const MAX_NESTING: usize = 64;

/// Why a project file could not be loaded. The file is never modified.
#[derive(Debug, thiserror::Error)]
pub enum LoadError {
    #[error("cannot read {}: {source}", path.display())]
    Read {
        path: PathBuf,
        #[source]
        source: std::io::Error,
    },
    #[error("{}:{line}:{column}: {message}", path.display())]
    Syntax {
        path: PathBuf,
        line: usize,
        column: usize,
        message: String,
    },
    #[error("{}: not a Diptych project (format is {found:?}, expected \"{FORMAT_TAG}\")", path.display())]
    NotAProject { path: PathBuf, found: String },
    #[error(
        "{}: format version {found} is newer than this Diptych understands (up to {FORMAT_VERSION}); update Diptych to open it",
        path.display()
    )]
    NewerVersion { path: PathBuf, found: u32 },
    #[error("{}: unknown format version {found}", path.display())]
    UnknownVersion { path: PathBuf, found: u32 },
    #[error("{}: {message}", path.display())]
    Invalid { path: PathBuf, message: String },
}

impl LoadError {
    /// The (line, column) the error points at, if it has one.
    pub fn position(&self) -> Option<(usize, usize)> {
        match self {
            Self::Syntax { line, column, .. } => Some((*line, *column)),
            _ => None,
        }
    }
}

/// Just enough of the file to know what it is and how to read the rest.
#[derive(Deserialize)]
struct Header {
    #[serde(default)]
    format: String,
    version: u32,
}

/// The file as written, version 1 (written through [`FileOut`]).
#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct FileV1 {
    format: String,
    version: u32,
    name: String,
    corpus: String,
    labels: Vec<Label>,
    documents: Vec<DocRecord>,
    annotations: Pieces<Annotation>,
    links: Vec<Link>,
    /// Rejected suggestions (left out while there are none).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    rejected: Vec<Rejection>,
    #[serde(default)]
    view: ViewState,
}

/// A list as read: one piece, or several when the fast reader read a long
/// list's pieces in parallel ([`fast_read`]). Kept in pieces up to the
/// building of the project, which moves them into its map one piece at a
/// time instead of joining them first (a million annotations are 330 MB).
#[derive(Default)]
struct Pieces<T>(Vec<Vec<T>>);

impl<'de, T: Deserialize<'de>> Deserialize<'de> for Pieces<T> {
    fn deserialize<D: serde::Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        Vec::<T>::deserialize(deserializer).map(|items| Pieces(vec![items]))
    }
}

impl<T> Pieces<T> {
    fn iter(&self) -> std::iter::Flatten<std::slice::Iter<'_, Vec<T>>> {
        self.0.iter().flatten()
    }

    fn len(&self) -> usize {
        self.0.iter().map(Vec::len).sum()
    }
}

/// View state worth keeping between sessions. It is not part of the
/// project model: the file layer saves it beside the project, in the same
/// file, and hands it back apart on loading.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default)]
pub struct ViewState {
    /// Documents open side by side, left to right.
    pub open: Vec<DocumentId>,
    /// Whether the panes scroll together.
    pub sync_scroll: bool,
    /// How the panes are arranged (splits, their sizes, tabs); none means
    /// side by side in equal widths.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub layout: Option<PaneLayout>,
}

/// The arrangement of the reader panes: rows and columns of the documents
/// in [`ViewState::open`], nested. Shares are thousandths of the row's width
/// (or the column's height), so that the file stays exact and diff-friendly.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub enum PaneLayout {
    /// The pane of `open[i]`.
    Pane(usize),
    /// Side by side, left to right: (share, part).
    Row(Vec<(u32, PaneLayout)>),
    /// Stacked, top to bottom: (share, part).
    Column(Vec<(u32, PaneLayout)>),
    /// Tabs, one shown at a time.
    Tabs {
        children: Vec<PaneLayout>,
        active: usize,
    },
}

/// Serialises a project to RON with an empty view. The same project always
/// gives the same bytes.
pub fn to_ron(project: &Project) -> String {
    to_ron_with_view(project, &ViewState::default())
}

/// Serialises a project and the view saved beside it to RON.
pub fn to_ron_with_view(project: &Project, view: &ViewState) -> String {
    let file = FileOut::of(project, view);
    // Room for the whole file up front (about 600 bytes an annotation):
    // growing it by doubling would copy it, the old and the new buffer
    // both held, and the room not written to is never given memory.
    let records = project.annotations.len() + project.links.len() + project.documents.len();
    let mut out = String::with_capacity((1 << 16) + 1024 * records);
    out.push_str(HEADER);
    match super::ron_fast::append_to(out, &file, LAYOUT) {
        Ok(mut text) => {
            text.push('\n');
            text
        }
        Err(_) => ron_text(&file),
    }
}

/// The first line of every project file.
const HEADER: &str =
    "// Diptych project. Spans are UTF-8 byte offsets into each document's decoded text.\n";

/// Depth 3 puts each annotation's fields on their own lines while small
/// values (quote, status) stay on one: a new annotation is one small hunk.
const LAYOUT: super::ron_fast::Layout = super::ron_fast::Layout { depth_limit: 3 };

/// The whole file, its body as `ron` writes it: what is written when the
/// fast writer refuses a project.
fn ron_text(file: &FileOut<'_>) -> String {
    format!("{HEADER}{}\n", ron_pretty(file))
}

/// The file as `ron` writes it with [`LAYOUT`]: what the fast writer
/// reproduces, and the way to write a value it does not write.
fn ron_pretty(file: &FileOut<'_>) -> String {
    let config = ron::ser::PrettyConfig::new()
        .depth_limit(LAYOUT.depth_limit)
        .indentor("  ")
        .struct_names(false)
        .escape_strings(true);
    ron::ser::to_string_pretty(file, config).expect("a project always serialises")
}

/// [`FileV1`] as written: the project's parts borrowed, not copied.
#[derive(Serialize)]
struct FileOut<'a> {
    format: &'static str,
    version: u32,
    name: &'a str,
    corpus: String,
    labels: &'a [Label],
    documents: Vec<&'a DocRecord>,
    annotations: Vec<&'a Annotation>,
    links: Vec<&'a Link>,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    rejected: Vec<&'a Rejection>,
    view: &'a ViewState,
}

impl<'a> FileOut<'a> {
    fn of(project: &'a Project, view: &'a ViewState) -> Self {
        Self {
            format: FORMAT_TAG,
            version: FORMAT_VERSION,
            name: &project.name,
            corpus: path_to_slashes(&project.corpus_root),
            labels: &project.labels.labels,
            documents: project.documents.values().collect(),
            annotations: project.annotations.values().collect(),
            links: project.links.values().collect(),
            rejected: project.rejected.iter().collect(),
            view,
        }
    }
}

/// Parses a project from RON text; `path` is only used in error messages.
pub fn from_ron(text: &str, path: &Path) -> Result<Project, LoadError> {
    from_ron_with_view(text, path).map(|(project, _)| project)
}

/// Parses a project and the view saved beside it from RON text.
pub fn from_ron_with_view(text: &str, path: &Path) -> Result<(Project, ViewState), LoadError> {
    build(read_checked(text, path)?, path)
}

/// The file parsed from RON text, its values and document ids checked:
/// what needs the text to say where a problem is.
fn read_checked(text: &str, path: &Path) -> Result<FileV1, LoadError> {
    if text.trim().is_empty() {
        return Err(LoadError::Invalid {
            path: path.to_owned(),
            message: "the file is empty (not a Diptych project)".to_owned(),
        });
    }
    let file = match fast_read(text) {
        Some(file) => file,
        None => ron_read(text, path)?,
    };
    if let Some((id, why)) = outside_corpus(&file) {
        let message = format!("document id {id:?} points outside the corpus folder: {why}");
        let at = text.find(&ron::to_string(id).unwrap_or_default());
        return Err(error_at(text, path, at, message));
    }
    if let Some((message, at)) = check_values(&file, text) {
        return Err(error_at(text, path, at, message));
    }
    Ok(file)
}

/// The first document id that does not name a file inside the corpus
/// folder, and why.
fn outside_corpus(file: &FileV1) -> Option<(&str, &str)> {
    file.documents.iter().find_map(|d| {
        super::corpus::outside_corpus_reason(d.id.as_str()).map(|why| (d.id.as_str(), why))
    })
}

/// The project (its cross-references checked) and view of a checked file.
fn build(mut file: FileV1, path: &Path) -> Result<(Project, ViewState), LoadError> {
    let view = std::mem::take(&mut file.view);
    let project = build_project(file).map_err(|message| LoadError::Invalid {
        path: path.to_owned(),
        message,
    })?;
    Ok((project, view))
}

/// How many bytes of the annotations' list the fast reader reads as one
/// piece, the pieces read in parallel: a project of a million annotations
/// is about 140 pieces; one under 4 MiB is read in one.
const PIECE_BYTES: usize = 4 << 20;

/// The file read by the fast reader, when it reads it and it is a project
/// of this version; `None` sends it to [`ron_read`].
fn fast_read(text: &str) -> Option<FileV1> {
    fast_read_in_pieces(text, PIECE_BYTES)
}

/// [`fast_read`], the annotations' list read in pieces of about
/// `piece_bytes` on all cores while the rest of the file is read
/// (`ron_fast::from_str_in_pieces`: the pieces are found by reading the
/// text, so they are whole items, and anything the fast reader does not
/// read in any of them sends the whole file to `ron`).
fn fast_read_in_pieces(text: &str, piece_bytes: usize) -> Option<FileV1> {
    let (mut file, pieces) = super::ron_fast::from_str_in_pieces::<FileV1, Annotation>(
        text,
        "annotations",
        piece_bytes,
        MAX_NESTING,
    )
    .ok()?;
    if let Some(pieces) = pieces {
        file.annotations = Pieces(pieces);
    }
    Some(file).filter(|file| file.format == FORMAT_TAG && file.version == FORMAT_VERSION)
}

/// The file read by the `ron` crate: what is not a project, another
/// version or wrong is said here, with line and column.
fn ron_read(text: &str, path: &Path) -> Result<FileV1, LoadError> {
    let syntax = |err: ron::error::SpannedError| {
        let (line, column) = at_token(text, err.span.start.line, err.span.start.col);
        LoadError::Syntax {
            path: path.to_owned(),
            line,
            column,
            message: describe_ron_error(&err.code),
        }
    };
    let options = ron::Options::default().with_recursion_limit(MAX_NESTING);
    let header: Header = options.from_str(text).map_err(syntax)?;
    if header.format != FORMAT_TAG {
        return Err(LoadError::NotAProject {
            path: path.to_owned(),
            found: header.format,
        });
    }
    let file = match header.version {
        FORMAT_VERSION => options.from_str::<FileV1>(text).map_err(syntax)?,
        newer if newer > FORMAT_VERSION => {
            return Err(LoadError::NewerVersion {
                path: path.to_owned(),
                found: newer,
            });
        }
        older => migrate(text, older).map_err(|found| LoadError::UnknownVersion {
            path: path.to_owned(),
            found,
        })?,
    };
    Ok(file)
}

/// The error `message` at byte `at` of `text` (line:column), or without a
/// place when the loader could not find one.
fn error_at(text: &str, path: &Path, at: Option<usize>, message: String) -> LoadError {
    match at {
        Some(at) => {
            let (line, column) = line_column(&text.as_bytes()[..at]);
            LoadError::Syntax {
                path: path.to_owned(),
                line,
                column,
                message,
            }
        }
        None => LoadError::Invalid {
            path: path.to_owned(),
            message,
        },
    }
}

/// The first label name, shortcut key, id or score of a parsed file that
/// Diptych refuses, with the byte where `text` has it when it can be found:
/// names blank or with control characters, names or keys used twice
/// (names compared case-insensitively), ids above [`MAX_ID`], suggestion
/// scores that are not numbers in 0..=1.
fn check_values(file: &FileV1, text: &str) -> Option<(String, Option<usize>)> {
    // Where each part begins, looked for only to place an error.
    let labels = || text.find("labels:").unwrap_or(0);
    let mut names: HashMap<String, &str> = HashMap::new();
    let mut keys: HashMap<u8, &str> = HashMap::new();
    for (i, label) in file.labels.iter().enumerate() {
        let earlier = &file.labels[..i];
        let name_at = || {
            let nth = earlier.iter().filter(|l| l.name == label.name).count();
            // As RON writes it (escaped), else as written raw.
            let escaped = ron::to_string(&label.name).unwrap_or_default();
            let raw = format!("\"{}\"", label.name);
            [escaped, raw]
                .iter()
                .find_map(|literal| nth_after(text, labels(), &format!("name: {literal}"), nth))
        };
        if let Some(reason) = name_problem(&label.name) {
            return Some((format!("label {:?}: {reason}", label.name), name_at()));
        }
        if let Some(first) = names.insert(name_key(&label.name), &label.name) {
            let message = format!(
                "label name {:?} is used twice (as {first:?} too; names are compared ignoring case)",
                label.name
            );
            return Some((message, name_at()));
        }
        if let Some(key) = label.key
            && let Some(first) = keys.insert(key, &label.name)
        {
            let message = format!(
                "key {key} is bound twice: to label {first:?} and to label {:?}",
                label.name
            );
            let nth = earlier.iter().filter(|l| l.key == Some(key)).count();
            return Some((
                message,
                nth_after(text, labels(), &format!("key: Some({key})"), nth),
            ));
        }
    }
    let annotations = || text.find("annotations:").unwrap_or(0);
    let too_large = |token: &str| token.parse::<u64>().is_ok_and(|id| id > MAX_ID);
    if let Some(a) = file.annotations.iter().find(|a| a.id.0 > MAX_ID) {
        let message = format!("annotation id {} is above the largest id, {MAX_ID}", a.id.0);
        return Some((message, value_after(text, annotations(), "id:", too_large)));
    }
    if let Some(a) = file.annotations.iter().find(|a| a.bad_score().is_some()) {
        let score = a.bad_score().unwrap_or_default();
        let message = format!(
            "annotation {}: suggestion score {score} is not a number between 0 and 1",
            a.id.0
        );
        let bad = |token: &str| ron::from_str::<f32>(token).is_ok_and(|s| !score_is_valid(s));
        return Some((message, value_after(text, annotations(), "score:", bad)));
    }
    let links = || text.find("links:").unwrap_or(0);
    file.links.iter().find(|l| l.id.0 > MAX_ID).map(|l| {
        let message = format!("link id {} is above the largest id, {MAX_ID}", l.id.0);
        (message, value_after(text, links(), "id:", too_large))
    })
}

/// The byte of the `nth` (from 0) occurrence of `literal` in `text` after byte `from`.
fn nth_after(text: &str, from: usize, literal: &str, nth: usize) -> Option<usize> {
    let rest = text.get(from..)?;
    rest.match_indices(literal)
        .nth(nth)
        .map(|(at, _)| from + at)
}

/// The byte of the first `key` after byte `from` whose value (the text up
/// to the next `,` or `)`) is one `bad` says is bad.
fn value_after(text: &str, from: usize, key: &str, bad: impl Fn(&str) -> bool) -> Option<usize> {
    let rest = text.get(from..)?;
    rest.match_indices(key).find_map(|(at, _)| {
        let value = &rest[at + key.len()..];
        let end = value.find([',', ')']).unwrap_or(value.len());
        bad(value[..end].trim()).then_some(from + at)
    })
}

/// The migration hook: reads an older format version as the current one.
/// There is no older version yet, so every `version` is unknown.
fn migrate(_text: &str, version: u32) -> Result<FileV1, u32> {
    // When version 2 comes, version 1 files are read here as `FileV1` and
    // converted; each step upgrades by one version.
    Err(version)
}

fn describe_ron_error(code: &ron::Error) -> String {
    match code {
        ron::Error::Eof => "unexpected end of file (is the file truncated?)".to_owned(),
        ron::Error::ExceededRecursionLimit => {
            format!("values nested more than {MAX_NESTING} levels deep (not a project file)")
        }
        other => other.to_string(),
    }
}

/// Checks the cross-references of a parsed file and builds the project.
fn build_project(file: FileV1) -> Result<Project, String> {
    let mut project = Project {
        name: file.name,
        corpus_root: PathBuf::from(file.corpus),
        labels: LabelSchema { labels: Vec::new() },
        documents: BTreeMap::new(),
        annotations: BTreeMap::new(),
        links: BTreeMap::new(),
        rejected: file.rejected.into_iter().collect(),
    };
    // Label ids looked up in a set, not by a scan per annotation: a file of
    // 200,000 labels and annotations checks in linear time.
    let mut label_ids: HashSet<LabelId> = HashSet::with_capacity(file.labels.len());
    for label in file.labels {
        if !label_ids.insert(label.id.clone()) {
            return Err(format!("label {:?} is defined twice", label.id.0));
        }
        if let Some(key) = label.key.filter(|k| !(1..=9).contains(k)) {
            return Err(format!(
                "label {:?} has key {key}; keys are 1 to 9",
                label.name
            ));
        }
        project.labels.labels.push(label);
    }
    if let Some(id) = first_twice(file.documents.iter().map(|d| &d.id)) {
        return Err(format!("document {:?} is listed twice", id.0));
    }
    // Maps built in one go from the lists (sorted as written): full B-tree
    // nodes, where inserting one by one leaves them about half empty.
    project.documents = file
        .documents
        .into_iter()
        .map(|d| (d.id.clone(), d))
        .collect();
    // Checked on every core; the problem told is the first in the file.
    let documents = &project.documents;
    let problem = (file.annotations.0.par_iter())
        .flat_map(|piece| piece.par_iter())
        .find_map_first(|a| {
            if !documents.contains_key(&a.document) {
                return Some(format!(
                    "annotation {} refers to document {:?}, which is not listed",
                    a.id.0, a.document.0
                ));
            }
            if !label_ids.contains(&a.label) {
                return Some(format!(
                    "annotation {} has label {:?}, which is not defined",
                    a.id.0, a.label.0
                ));
            }
            (a.span.start > a.span.end).then(|| {
                format!(
                    "annotation {} has a span that ends before it starts",
                    a.id.0
                )
            })
        });
    if let Some(problem) = problem {
        return Err(problem);
    }
    if let Some(id) = first_twice(file.annotations.iter().map(|a| &a.id)) {
        return Err(format!("annotation id {} is used twice", id.0));
    }
    let total = file.annotations.len();
    project.annotations = annotation_map(file.annotations.0, total);
    for link in file.links {
        for end in [link.from, link.to] {
            if !project.annotations.contains_key(&end) {
                return Err(format!(
                    "link {} refers to annotation {}, which does not exist",
                    link.id.0, end.0
                ));
            }
        }
        match project.links.entry(link.id) {
            Entry::Occupied(_) => return Err(format!("link id {} is used twice", link.id.0)),
            Entry::Vacant(slot) => slot.insert(link),
        };
    }
    Ok(project)
}

/// The first key listed twice, if any (a file lists them in order, so one
/// pass tells when none is).
fn first_twice<'a, K: Ord + std::hash::Hash + 'a>(
    keys: impl Iterator<Item = &'a K> + Clone,
) -> Option<&'a K> {
    if keys.clone().zip(keys.clone().skip(1)).all(|(a, b)| a < b) {
        return None;
    }
    let mut seen = HashSet::new();
    keys.into_iter().find(|k| !seen.insert(*k))
}

/// Reads a project file (without its view state).
pub fn load(path: &Path) -> Result<Project, LoadError> {
    load_with_view(path).map(|(project, _)| project)
}

/// Reads a project file and the view state saved beside the project.
pub fn load_with_view(path: &Path) -> Result<(Project, ViewState), LoadError> {
    load_versioned(path).map(|(project, view, _)| (project, view))
}

/// [`load_with_view`], with the version of the bytes read (for a save that
/// must not overwrite a newer file: [`save_unchanged`]).
pub fn load_versioned(path: &Path) -> Result<(Project, ViewState, FileVersion), LoadError> {
    read_project(path, true)
}

/// [`load_versioned`] without the annotations and links: the labels, the
/// documents and the view, for what asks nothing of the annotations (a
/// search without filters on them). When the file is read as it comes,
/// nothing of them is made: their list's items are read (their syntax, on
/// all cores) and skipped. A file not read that way is read whole, its
/// annotations checked as always, then dropped; a file that is wrong is
/// said to be wrong as [`load_versioned`] says it.
pub fn load_documents(path: &Path) -> Result<(Project, ViewState, FileVersion), LoadError> {
    read_project(path, false)
}

/// The file at `path` read whole and checked, with the version of its
/// bytes: for a file the streamed read does not read, which says what is
/// wrong and where. The text is freed before the project is built.
fn read_whole(path: &Path) -> Result<(FileV1, FileVersion), LoadError> {
    let bytes = std::fs::read(path).map_err(|source| LoadError::Read {
        path: path.to_owned(),
        source,
    })?;
    let version = FileVersion::of(&bytes);
    Ok((checked_from_bytes(&bytes, path)?, version))
}

/// [`load_versioned`], with its `annotations` and links or without them
/// ([`load_documents`]).
fn read_project(
    path: &Path,
    annotations: bool,
) -> Result<(Project, ViewState, FileVersion), LoadError> {
    let read_error = |source| LoadError::Read {
        path: path.to_owned(),
        source,
    };
    let size = size_checked(path)?;
    let started = std::time::Instant::now();
    let read = streamed_read(path, STREAM_SIZES, annotations).map_err(read_error)?;
    let (file, version) = match read {
        Some(read) => read,
        None => read_whole(path)?,
    };
    let (mut project, view) = build(file, path)?;
    if !annotations {
        // Read whole, the file's annotations were made and checked.
        project.annotations = Default::default();
        project.links = Default::default();
    }
    tracing::info!(
        path = %path.display(),
        bytes = size,
        documents = project.documents.len(),
        annotations = project.annotations.len(),
        links = project.links.len(),
        ms = started.elapsed().as_millis() as u64,
        "project file read"
    );
    Ok((project, view, version))
}

/// Logs a write of the project file `path` (what, its size, how long).
fn logged<T>(
    what: &str,
    project: &Project,
    path: &Path,
    started: std::time::Instant,
    result: Result<T, WriteError>,
) -> Result<T, WriteError> {
    match &result {
        Ok(_) => tracing::info!(
            path = %path.display(),
            bytes = std::fs::metadata(path).map(|m| m.len()).unwrap_or(0),
            annotations = project.annotations.len(),
            ms = started.elapsed().as_millis() as u64,
            "{what} written"
        ),
        Err(err) => tracing::warn!(path = %path.display(), "{what} not written: {err}"),
    }
    result
}

/// The corpus folder a project file names in its first lines (as written:
/// relative to the file's folder), read from its first 64 KiB without
/// parsing the rest, so that the corpus can be read while the file is
/// parsed; `None` when it cannot be told that way, or the file does not
/// begin as a Diptych project (no folder is read for any RON file that
/// names one). [`load`] still decides what the file is.
pub fn corpus_in_head(path: &Path) -> Option<String> {
    let head = head_text(path)?;
    is_project_head(&head).then_some(())?;
    super::ron_fast::leading_string_field(&head, "corpus")
}

/// The text of a file's first 64 KiB (a character cut at the end left out,
/// a leading byte-order mark skipped); `None` when it cannot be read or is
/// not UTF-8 before that.
pub(crate) fn head_text(path: &Path) -> Option<String> {
    use std::io::Read;
    let mut head = Vec::with_capacity(1 << 16);
    std::fs::File::open(path)
        .ok()?
        .take(1 << 16)
        .read_to_end(&mut head)
        .ok()?;
    let valid = match std::str::from_utf8(&head) {
        Ok(text) => text,
        Err(err) => std::str::from_utf8(&head[..err.valid_up_to()]).ok()?,
    };
    Some(valid.strip_prefix('\u{feff}').unwrap_or(valid).to_owned())
}

/// Whether a file's first lines say it is a Diptych project.
pub(crate) fn is_project_head(head: &str) -> bool {
    super::ron_fast::leading_string_field(head, "format").as_deref() == Some(FORMAT_TAG)
}

/// A project file's bytes (read from `path`, named in errors) as the
/// project and its view state: UTF-8 (a leading byte-order mark is
/// skipped), then [`from_ron_with_view`].
pub fn from_bytes(bytes: &[u8], path: &Path) -> Result<(Project, ViewState), LoadError> {
    build(checked_from_bytes(bytes, path)?, path)
}

/// [`read_checked`] of a file's bytes: UTF-8, a byte-order mark skipped.
fn checked_from_bytes(bytes: &[u8], path: &Path) -> Result<FileV1, LoadError> {
    let text = crate::io::decode::utf8(bytes).map_err(|err| {
        let (line, column) = line_column(&bytes[..err.valid_up_to()]);
        LoadError::Syntax {
            path: path.to_owned(),
            line,
            column,
            message: "the file is not valid UTF-8".to_owned(),
        }
    })?;
    let text = text.strip_prefix('\u{feff}').unwrap_or(text);
    read_checked(text, path)
}

/// Writes a project file with its view state atomically, keeping the
/// previous one as `NAME.ron.bak`. The text goes to the file as it is made
/// (a project of a million annotations is half a gigabyte of text, not
/// held whole); a project the fast writer does not write is written again
/// from `ron`'s text.
pub fn save(project: &Project, view: &ViewState, path: &Path) -> Result<(), WriteError> {
    let started = std::time::Instant::now();
    let result = write_file(&FileOut::of(project, view), |fill| {
        write_atomic_with(path, true, fill)
    });
    logged("project file", project, path, started, result)
}

/// [`save`], but only while the file on disk is still the version
/// `expected`; returns the version written.
pub fn save_unchanged(
    project: &Project,
    view: &ViewState,
    path: &Path,
    expected: FileVersion,
) -> Result<FileVersion, WriteError> {
    let started = std::time::Instant::now();
    let result = write_file(&FileOut::of(project, view), |fill| {
        write_atomic_unchanged_with(path, expected, fill)
    });
    logged("project file", project, path, started, result)
}

/// Writes `project` and `view` to `path` atomically, without a backup, as
/// [`save`] writes them but with `corpus` as its corpus path (the window's
/// recovery file): no copy of the project is made to change the path.
pub fn save_with_corpus(
    project: &Project,
    view: &ViewState,
    corpus: &Path,
    path: &Path,
) -> Result<(), WriteError> {
    let mut file = FileOut::of(project, view);
    file.corpus = path_to_slashes(corpus);
    let started = std::time::Instant::now();
    let result = write_file(&file, |fill| write_atomic_with(path, false, fill));
    logged("recovery file", project, path, started, result)
}

/// Writes `file` with `write` (an atomic write, given what fills the
/// file): as the fast writer makes it, or from `ron`'s text when the fast
/// writer refuses the project.
fn write_file<T>(
    file: &FileOut<'_>,
    write: impl Fn(&dyn Fn(&mut dyn std::io::Write) -> std::io::Result<()>) -> Result<T, WriteError>,
) -> Result<T, WriteError> {
    match write(&|w| write_fast(file, w)) {
        Err(err) if refused(&err) => {
            let text = ron_text(file);
            write(&|w| w.write_all(text.as_bytes()))
        }
        other => other,
    }
}

/// The text [`to_ron_with_view`] makes, written to `sink` by the fast
/// writer as it is made.
fn write_fast(file: &FileOut<'_>, sink: &mut dyn std::io::Write) -> std::io::Result<()> {
    super::ron_fast::write_to(sink, HEADER, file, "\n", LAYOUT)
}

/// Whether a write failed because the fast writer does not write this
/// project (rather than because of the disk).
fn refused(err: &WriteError) -> bool {
    err.source
        .get_ref()
        .is_some_and(|inner| inner.is::<super::ron_fast::Unsupported>())
}

/// `path` as a project file stores it: its parts joined by `/`, which every
/// system reads (`..\seeds` is `../seeds`, `C:\corpus` is `C:/corpus`).
fn path_to_slashes(path: &Path) -> String {
    use std::path::Component;
    let mut out = String::new();
    // A part after another needs a `/`; one after the root or a drive does not.
    let mut after_part = false;
    for component in path.components() {
        match component {
            // A `\\?\` path takes no `/`: it is kept as it is.
            Component::Prefix(prefix) if prefix.kind().is_verbatim() => {
                return path.to_string_lossy().into_owned();
            }
            Component::Prefix(prefix) => out.push_str(&prefix.as_os_str().to_string_lossy()),
            Component::RootDir => out.push('/'),
            part => {
                if after_part {
                    out.push('/');
                }
                out.push_str(&part.as_os_str().to_string_lossy());
                after_part = true;
            }
        }
    }
    if out.is_empty() { ".".to_owned() } else { out }
}

/// `target` as a path relative to the folder `base` (both made absolute
/// first); `target` made absolute when they share no root (another drive).
pub fn relative_path(base: &Path, target: &Path) -> PathBuf {
    let absolute = |p: &Path| {
        p.canonicalize()
            .or_else(|_| std::path::absolute(p))
            .unwrap_or_else(|_| p.to_owned())
    };
    let (base, resolved) = (absolute(base), absolute(target));
    let base_parts: Vec<_> = base.components().collect();
    let target_parts: Vec<_> = resolved.components().collect();
    let common = base_parts
        .iter()
        .zip(&target_parts)
        .take_while(|(a, b)| a == b)
        .count();
    if common == 0 {
        // Not the canonical form, which on Windows is a `\\?\D:\…` path.
        return std::path::absolute(target).unwrap_or(resolved);
    }
    let mut rel = PathBuf::new();
    for _ in common..base_parts.len() {
        rel.push("..");
    }
    for part in &target_parts[common..] {
        rel.push(part);
    }
    if rel.as_os_str().is_empty() {
        rel.push(".");
    }
    rel
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::io::ron_fast;
    use crate::model::testing::{annotation, base_project, edit_for, op};
    use crate::model::{Edit, History, LabelId, apply};
    use proptest::prelude::*;

    fn sample() -> Project {
        let mut project = base_project();
        for (id, start) in [(1, 0), (2, 20), (3, 40)] {
            let a = annotation(
                &project,
                id,
                (id % 2) as usize,
                start,
                12,
                &LabelId::from("claim"),
            );
            apply(&mut project, Edit::AddAnnotation(Box::new(a))).unwrap();
        }
        project
    }

    /// A project of `n` annotations (about 500 bytes of text each).
    fn with_annotations(n: u64) -> Project {
        let mut project = base_project();
        for id in 1..=n {
            let a = annotation(&project, id, id as usize, id as usize, 9, &"claim".into());
            project.annotations.insert(a.id, a);
        }
        project
    }

    /// A writer that takes `room` bytes, then fails as a full disk does.
    struct FullAfter {
        room: usize,
        taken: Vec<u8>,
    }

    impl std::io::Write for FullAfter {
        fn write(&mut self, buf: &[u8]) -> std::io::Result<usize> {
            if self.taken.len() + buf.len() > self.room {
                return Err(std::io::Error::new(
                    std::io::ErrorKind::StorageFull,
                    "no space left on device",
                ));
            }
            self.taken.extend_from_slice(buf);
            Ok(buf.len())
        }

        fn flush(&mut self) -> std::io::Result<()> {
            Ok(())
        }
    }

    #[test]
    fn the_file_written_as_it_is_made_is_the_text_made_whole() {
        // 10,000 annotations: several pieces of a megabyte go to the sink.
        for project in [sample(), with_annotations(10_000)] {
            let view = ViewState::default();
            let whole = to_ron_with_view(&project, &view);
            let mut streamed = Vec::new();
            write_fast(&FileOut::of(&project, &view), &mut streamed).unwrap();
            assert_eq!(String::from_utf8(streamed).unwrap(), whole);
        }
    }

    #[test]
    fn a_full_disk_while_streaming_is_the_disk_error_and_not_a_fallback() {
        let project = with_annotations(10_000);
        let view = ViewState::default();
        assert!(to_ron_with_view(&project, &view).len() > 3 << 20);
        let mut sink = FullAfter {
            room: 1 << 21,
            taken: Vec::new(),
        };
        let err = write_fast(&FileOut::of(&project, &view), &mut sink).unwrap_err();
        assert_eq!(err.kind(), std::io::ErrorKind::StorageFull);
        assert!(!refused(&WriteError {
            path: "p.ron".into(),
            source: err,
        }));
        assert!(sink.taken.len() >= 1 << 20, "pieces went out before it");
    }

    #[test]
    fn a_streamed_save_returns_the_version_of_the_bytes_on_disk() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("p.ron");
        let project = with_annotations(3_000);
        let view = ViewState::default();
        save(&project, &view, &path).unwrap();
        let first = FileVersion::of(&std::fs::read(&path).unwrap());
        let mut changed = project.clone();
        changed.name = "Renamed".into();
        let version = save_unchanged(&changed, &view, &path, first).unwrap();
        let bytes = std::fs::read(&path).unwrap();
        assert_eq!(version, FileVersion::of(&bytes));
        assert_eq!(
            String::from_utf8(bytes).unwrap(),
            to_ron_with_view(&changed, &view)
        );
        assert_eq!(load(&path).unwrap(), changed);
        // The file changed since: refused, and left as it is.
        let err = save_unchanged(&project, &view, &path, first).unwrap_err();
        assert!(err.changed_on_disk());
        assert_eq!(FileVersion::of(&std::fs::read(&path).unwrap()), version);
    }

    /// Lines that differ between two texts, after their common prefix and suffix.
    fn changed_lines(old: &str, new: &str) -> (usize, usize) {
        let (old, new): (Vec<_>, Vec<_>) = (old.lines().collect(), new.lines().collect());
        let prefix = old.iter().zip(&new).take_while(|(a, b)| a == b).count();
        let suffix = old[prefix..]
            .iter()
            .rev()
            .zip(new[prefix..].iter().rev())
            .take_while(|(a, b)| a == b)
            .count();
        (old.len() - prefix - suffix, new.len() - prefix - suffix)
    }

    #[test]
    fn the_sample_project_is_read_and_written_by_the_fast_path() {
        let path = Path::new(env!("CARGO_MANIFEST_DIR")).join("projects/seeds.ron");
        let text = std::fs::read_to_string(&path).unwrap();
        let file = fast_read(&text).expect("the fast reader reads the sample");
        let (project, view) = from_ron_with_view(&text, &path).unwrap();
        assert_eq!(view, file.view);
        assert_eq!(project.annotations.len(), file.annotations.len());
        assert_eq!(to_ron_with_view(&project, &view), text);
    }

    #[test]
    fn saving_twice_gives_identical_bytes() {
        let project = sample();
        let first = to_ron(&project);
        let reloaded = from_ron(&first, Path::new("p.ron")).unwrap();
        assert_eq!(to_ron(&reloaded), first);
    }

    #[test]
    fn one_new_annotation_is_one_small_hunk() {
        let mut project = sample();
        let before = to_ron(&project);
        let a = annotation(&project, 4, 1, 5, 10, &LabelId::from("disclaimer"));
        apply(&mut project, Edit::AddAnnotation(Box::new(a))).unwrap();
        let (removed, added) = changed_lines(&before, &to_ron(&project));
        assert_eq!(removed, 0);
        assert!(added <= 20, "{added} lines added for one annotation");
    }

    #[test]
    fn the_file_reads_as_documented() {
        let text = to_ron(&sample());
        assert!(text.starts_with("// Diptych project."), "{text}");
        for needle in [
            "format: \"diptych-project\"",
            "version: 1,",
            "corpus: \"corpus\"",
            "span: (",
            "color: \"#e8a33d\"",
            "quote: (exact: ",
        ] {
            assert!(text.contains(needle), "missing {needle} in\n{text}");
        }
    }

    #[test]
    fn files_from_before_suggested_by_load_and_save_unchanged() {
        // The sample project was written before accepted annotations kept their suggester.
        let text = include_str!("../../projects/seeds.ron");
        assert!(!text.contains("suggested_by"));
        let (project, view) = from_ron_with_view(text, Path::new("seeds.ron")).unwrap();
        assert!(!project.annotations.is_empty());
        assert!(
            project
                .annotations
                .values()
                .all(|a| a.suggested_by.is_none())
        );
        assert_eq!(to_ron_with_view(&project, &view), text);
    }

    #[test]
    fn an_accepted_suggestion_keeps_its_suggester_through_save_and_load() {
        let mut project = sample();
        let a = project.annotations.values_mut().next().unwrap();
        a.suggested_by = Some(crate::model::Suggestion {
            source: "rule:disclaimer".into(),
            score: 0.82,
        });
        let text = to_ron(&project);
        assert!(
            text.contains("suggested_by: Some((source: \"rule:disclaimer\", score: 0.82))"),
            "{text}"
        );
        // Only that annotation says so.
        assert_eq!(text.matches("suggested_by").count(), 1);
        assert_eq!(from_ron(&text, Path::new("p.ron")).unwrap(), project);
    }

    #[test]
    fn a_syntax_error_after_white_space_points_at_the_token() {
        let head = "(\n  format: \"diptych-project\",\n  version: 1,\n";
        for (tail, line, column) in [
            ("  name: ,\n", 4, 9),
            ("  name:,\n", 4, 8),
            ("  name:\n\t ,\n", 5, 3),
        ] {
            let text = format!("{head}{tail}");
            let err = from_ron(&text, Path::new("p.ron")).unwrap_err();
            assert_eq!(err.position(), Some((line, column)), "{tail:?}: {err}");
            assert!(
                err.to_string()
                    .starts_with(&format!("p.ron:{line}:{column}: "))
            );
        }
        // The end of the text stays where it is.
        assert_eq!(at_token("(a: 1,  ", 1, 7), (1, 7));
        assert_eq!(at_token("é  x", 1, 2), (1, 4));
    }

    #[test]
    fn truncated_file_reports_line_and_column() {
        let text = to_ron(&sample());
        let cut = &text[..text.len() / 2];
        let err = from_ron(cut, Path::new("cut.ron")).unwrap_err();
        let (line, column) = err.position().expect("a position");
        assert!(line > 1 && column >= 1, "{err}");
        assert!(
            err.to_string()
                .starts_with(&format!("cut.ron:{line}:{column}: ")),
            "{err}"
        );
    }

    #[test]
    fn wrong_type_reports_where() {
        let text = to_ron(&sample()).replacen("name: \"Test\"", "name: 42", 1);
        let err = from_ron(&text, Path::new("w.ron")).unwrap_err();
        let line = text.lines().position(|l| l.contains("name: 42")).unwrap() + 1;
        assert_eq!(err.position().map(|p| p.0), Some(line), "{err}");
        assert!(err.to_string().contains("string"), "{err}");
    }

    #[test]
    fn versions_newer_unknown_and_foreign_are_refused() {
        let text = to_ron(&sample());
        let newer = text.replacen("version: 1,", "version: 7,", 1);
        let err = from_ron(&newer, Path::new("n.ron")).unwrap_err();
        assert!(
            matches!(err, LoadError::NewerVersion { found: 7, .. }),
            "{err}"
        );
        assert!(err.to_string().contains("newer"), "{err}");
        let zero = text.replacen("version: 1,", "version: 0,", 1);
        assert!(matches!(
            from_ron(&zero, Path::new("z.ron")),
            Err(LoadError::UnknownVersion { found: 0, .. })
        ));
        let foreign = text.replacen("diptych-project", "other-tool", 1);
        assert!(matches!(
            from_ron(&foreign, Path::new("f.ron")),
            Err(LoadError::NotAProject { .. })
        ));
    }

    #[test]
    fn broken_references_are_named() {
        let text = to_ron(&sample()).replacen("label: \"claim\"", "label: \"ghost\"", 1);
        let err = from_ron(&text, Path::new("r.ron")).unwrap_err();
        assert_eq!(
            err.to_string(),
            "r.ron: annotation 1 has label \"ghost\", which is not defined"
        );
        let text = to_ron(&sample()).replacen("a/first.txt", "elsewhere.txt", 1);
        assert!(
            from_ron(&text, Path::new("r.ron"))
                .unwrap_err()
                .to_string()
                .contains("is not listed")
        );
    }

    /// The annotations are checked on all cores, and the one named is still
    /// the first wrong one in the file, over pieces of the list too.
    #[test]
    fn the_first_broken_annotation_is_named() {
        // Every annotation from 12,000 on is wrong, 12,000 in both ways: the
        // one named is the first, and its document is checked first.
        let mut project = with_annotations(30_000);
        for a in project
            .annotations
            .values_mut()
            .filter(|a| a.id.0 >= 12_000)
        {
            a.label = "ghost".into();
            if a.id.0 == 12_000 {
                a.document = DocumentId("elsewhere.txt".into());
            }
        }
        let text = to_ron(&project);
        assert!(text.len() > 3 * STREAM_SIZES.piece, "{} bytes", text.len());
        let expected = "annotation 12000 refers to document \"elsewhere.txt\", which is not listed";
        let err = from_ron(&text, Path::new("r.ron")).unwrap_err();
        assert_eq!(err.to_string(), format!("r.ron: {expected}"));
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("r.ron");
        std::fs::write(&path, &text).unwrap();
        let err = load(&path).unwrap_err();
        assert_eq!(err.to_string(), format!("{}: {expected}", path.display()));
    }

    #[test]
    fn every_truncation_is_an_error_with_a_position() {
        let text = to_ron(&sample());
        let end = text.rfind(')').unwrap();
        for cut in (1..end).filter(|&i| text.is_char_boundary(i)) {
            let err = from_ron(&text[..cut], Path::new("t.ron")).unwrap_err();
            let Some((line, column)) = err.position() else {
                panic!("cut at {cut}: no position in {err}");
            };
            assert!(
                err.to_string()
                    .starts_with(&format!("t.ron:{line}:{column}: ")),
                "{err}"
            );
        }
    }

    #[test]
    fn empty_and_blank_files_are_not_projects() {
        for text in ["", "  \n\t"] {
            let err = from_ron(text, Path::new("e.ron")).unwrap_err();
            assert_eq!(
                err.to_string(),
                "e.ron: the file is empty (not a Diptych project)"
            );
        }
    }

    /// Runs `f` on a thread with a 512 KiB stack (a quarter of a default thread's):
    /// unbounded recursion would overflow it.
    fn on_small_stack<T: Send + 'static>(f: impl FnOnce() -> T + Send + 'static) -> T {
        std::thread::Builder::new()
            .stack_size(512 << 10)
            .spawn(f)
            .unwrap()
            .join()
            .expect("no stack overflow or panic")
    }

    #[test]
    fn deep_nesting_is_an_error_not_a_stack_overflow() {
        for open in ["[", "(", "{", "Some(", "(a:"] {
            let text = format!(
                "(format: \"diptych-project\", version: 1, name: {})",
                open.repeat(100_000)
            );
            let err = on_small_stack(move || from_ron(&text, Path::new("deep.ron")).unwrap_err());
            assert!(err.position().is_some(), "{open}: {err}");
            assert!(
                err.to_string().contains("nested more than 64 levels"),
                "{open}: {err}"
            );
        }
    }

    #[test]
    fn nesting_inside_an_ignored_field_is_limited_too() {
        // The header read skips unknown fields; skipping must not recurse unboundedly.
        let text = format!(
            "(extra: {}, format: \"diptych-project\", version: 1)",
            "[".repeat(100_000)
        );
        let err = on_small_stack(move || from_ron(&text, Path::new("deep.ron")).unwrap_err());
        assert!(err.to_string().contains("nested more than"), "{err}");
    }

    #[test]
    fn load_refuses_huge_files_before_reading_them() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("huge.ron");
        // Sparse: no disk space or time spent, but the size says 1100 MiB.
        std::fs::File::create(&path)
            .unwrap()
            .set_len(1100 << 20)
            .unwrap();
        let err = load(&path).unwrap_err();
        assert!(matches!(err, LoadError::Invalid { .. }), "{err}");
        let message = err.to_string();
        assert!(
            message.starts_with(&path.display().to_string()),
            "{message}"
        );
        assert!(message.contains("over 1024 MiB are refused"), "{message}");
    }

    #[test]
    fn load_reports_non_utf8_and_directories_with_the_path() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("latin1.ron");
        std::fs::write(&path, b"(\n  name: \"Caf\xe9\",\n)").unwrap();
        let err = load(&path).unwrap_err();
        assert_eq!(err.position(), Some((2, 13)), "{err}");
        assert!(err.to_string().contains("not valid UTF-8"), "{err}");
        let err = load(dir.path()).unwrap_err();
        assert!(matches!(err, LoadError::Read { .. }), "{err}");
        assert!(
            err.to_string()
                .starts_with(&format!("cannot read {}", dir.path().display())),
            "{err}"
        );
    }

    #[test]
    fn relative_paths() {
        let dir = tempfile::tempdir().unwrap();
        let root = dir.path();
        std::fs::create_dir_all(root.join("projects")).unwrap();
        std::fs::create_dir_all(root.join("seeds/x")).unwrap();
        assert_eq!(
            relative_path(&root.join("projects"), &root.join("seeds")),
            PathBuf::from("../seeds")
        );
        assert_eq!(
            relative_path(root, &root.join("seeds/x")),
            PathBuf::from("seeds/x")
        );
        assert_eq!(relative_path(root, root), PathBuf::from("."));
    }

    #[test]
    fn stored_paths_use_slashes() {
        for (path, stored) in [
            ("", "."),
            ("../seeds", "../seeds"),
            ("/a/b", "/a/b"),
            ("/", "/"),
        ] {
            assert_eq!(path_to_slashes(Path::new(path)), stored, "{path}");
        }
        #[cfg(windows)]
        for (path, stored) in [
            (r"..\seeds", "../seeds"),
            (r"C:\a\b", "C:/a/b"),
            (r"\\?\C:\a", r"\\?\C:\a"),
        ] {
            assert_eq!(path_to_slashes(Path::new(path)), stored, "{path}");
        }
    }

    /// The base project renamed `name`, after the edits `ops` make.
    fn edited(ops: &[crate::model::testing::Op], name: String) -> Project {
        let mut project = base_project();
        project.name = name;
        let mut history = History::default();
        for op in ops {
            if let Some(edit) = edit_for(&project, op) {
                let _ = history.apply(&mut project, edit);
            }
        }
        project
    }

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(100))]
        /// Save then load gives back the same project, whatever edits made it.
        #[test]
        fn ron_round_trip_is_identity(ops in proptest::collection::vec(op(), 0..30), name in "\\PC{0,20}") {
            let project = edited(&ops, name);
            let text = to_ron(&project);
            let back = from_ron(&text, Path::new("p.ron")).map_err(|e| TestCaseError::fail(e.to_string()))?;
            prop_assert_eq!(&back, &project);
            prop_assert_eq!(to_ron(&back), text);
        }

        /// The fast writer writes `ron`'s bytes, and the fast reader reads
        /// them (it does not leave them to `ron`) as `ron` does.
        #[test]
        fn the_fast_reader_and_writer_agree_with_ron(ops in proptest::collection::vec(op(), 0..30), name in "\\PC{0,20}") {
            let project = edited(&ops, name);
            let view = ViewState { open: project.documents.keys().cloned().collect(), sync_scroll: true, layout: None };
            let file = FileOut::of(&project, &view);
            let text = crate::io::ron_fast::to_string(&file, LAYOUT).unwrap();
            prop_assert_eq!(&text, &ron_pretty(&file));
            let fast = fast_read(&text).expect("the fast reader reads what Diptych writes");
            let slow = ron_read(&text, Path::new("p.ron")).unwrap();
            prop_assert_eq!(&fast.view, &slow.view);
            prop_assert_eq!(build_project(fast).unwrap(), build_project(slow).unwrap());
        }

        /// A project file read as it is read, in pieces of any size, is
        /// the project written, with the version of its bytes; so is the
        /// file read from its text in pieces.
        #[test]
        fn a_file_read_in_pieces_is_the_project_written(
            ops in proptest::collection::vec(op(), 0..30),
            piece in 1usize..2000,
            block in 1usize..5000,
            in_flight in 0usize..3,
        ) {
            let project = edited(&ops, "p".into());
            let dir = tempfile::tempdir().unwrap();
            let path = dir.path().join("p.ron");
            save(&project, &ViewState::default(), &path).unwrap();
            let bytes = std::fs::read(&path).unwrap();
            let sizes = ron_fast::Sizes { piece, block, in_flight, helpers: Some(in_flight), expected: 0 };
            let (file, version) = streamed_read(&path, sizes, true).unwrap().expect("read as it is read");
            prop_assert_eq!(version, FileVersion::of(&bytes));
            prop_assert_eq!(&build_project(file).unwrap(), &project);
            let text = std::str::from_utf8(&bytes).unwrap();
            let file = fast_read_in_pieces(text, piece).expect("read in pieces");
            prop_assert_eq!(&build_project(file).unwrap(), &project);
        }
    }

    #[test]
    fn the_documents_alone_are_read_without_the_annotations() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("p.ron");
        save(&sample(), &ViewState::default(), &path).unwrap();
        let (whole, view, version) = load_versioned(&path).unwrap();
        let (docs, docs_view, docs_version) = load_documents(&path).unwrap();
        assert_eq!(whole.annotations.len(), 3);
        assert!(docs.annotations.is_empty() && docs.links.is_empty());
        assert_eq!(docs.documents, whole.documents);
        assert_eq!(docs.labels, whole.labels);
        assert_eq!(docs.corpus_root, whole.corpus_root);
        assert_eq!((docs_view, docs_version), (view, version));
        // Damage inside the annotations' list: said where, as the whole
        // read says it.
        let text = std::fs::read_to_string(&path).unwrap();
        std::fs::write(&path, text.replacen("span: (", "span: ((", 1)).unwrap();
        let err = load_documents(&path).unwrap_err();
        assert!(err.position().is_some(), "{err}");
        // A list the fast reader does not read (a comment in it): read
        // whole, its annotations dropped.
        let commented = text.replacen("  annotations: [", "  annotations: [ /* c */", 1);
        assert_ne!(commented, text);
        std::fs::write(&path, commented).unwrap();
        let (docs, ..) = load_documents(&path).unwrap();
        assert!(docs.annotations.is_empty());
        assert_eq!(docs.documents, whole.documents);
    }

    #[test]
    fn the_filters_tags_are_read_without_the_rest_of_the_annotations() {
        use crate::io::search::AnnotationTag;
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("p.ron");
        let mut project = sample();
        let first = project.annotations.values_mut().next().unwrap();
        first.sentiment = Some(crate::model::Sentiment::Negative);
        first.annotator = "Ada L".into();
        save(&project, &ViewState::default(), &path).unwrap();
        let (whole, ..) = load_versioned(&path).unwrap();
        let expected: Vec<AnnotationTag> =
            whole.annotations.values().map(AnnotationTag::of).collect();
        assert_eq!(expected.len(), 3);
        assert!(expected.iter().any(|t| t.sentiment.is_some()));
        assert!(expected.iter().any(|t| &*t.annotator == "Ada L"));
        let (tagged, tags) = load_tagged(&path).unwrap();
        assert!(tagged.annotations.is_empty() && tagged.links.is_empty());
        assert_eq!(tagged.documents, whole.documents);
        assert_eq!(tagged.labels, whole.labels);
        assert_eq!(tags, expected);
        // A list the fast reader does not read: read whole, the same tags.
        let text = std::fs::read_to_string(&path).unwrap();
        let commented = text.replacen("  annotations: [", "  annotations: [ /* c */", 1);
        assert_ne!(commented, text);
        std::fs::write(&path, commented).unwrap();
        assert_eq!(load_tagged(&path).unwrap().1, expected);
        // Damage inside an annotation: said where.
        std::fs::write(&path, text.replacen("span: (", "span: ((", 1)).unwrap();
        let err = load_tagged(&path).unwrap_err();
        assert!(err.position().is_some(), "{err}");
    }

    #[test]
    fn a_file_not_read_as_it_is_read_is_read_whole_with_its_errors() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("p.ron");
        let project = sample();
        save(&project, &ViewState::default(), &path).unwrap();
        let sizes = ron_fast::Sizes {
            piece: 1,
            block: 3,
            in_flight: 1,
            helpers: Some(0),
            expected: 0,
        };
        assert!(streamed_read(&path, sizes, true).unwrap().is_some());
        // A byte-order mark: read the same.
        let text = std::fs::read_to_string(&path).unwrap();
        std::fs::write(&path, format!("\u{feff}{text}")).unwrap();
        assert!(streamed_read(&path, sizes, true).unwrap().is_some());
        assert_eq!(load(&path).unwrap(), project);
        // A check that fails (an annotation's id too large) is left to the
        // whole read, which says where.
        let big = text.replacen("id: 1,", &format!("id: {},", MAX_ID + 1), 1);
        assert_ne!(big, text);
        std::fs::write(&path, &big).unwrap();
        assert!(streamed_read(&path, sizes, true).unwrap().is_none());
        let err = load(&path).unwrap_err();
        assert!(err.position().is_some(), "{err}");
        // Damage inside the annotations: the whole read's line and column.
        let cut = text.replacen("span: (", "span: ((", 1);
        std::fs::write(&path, &cut).unwrap();
        assert!(streamed_read(&path, sizes, true).unwrap().is_none());
        let err = load(&path).unwrap_err();
        let line = cut[..cut.find("span: ((").unwrap()].lines().count();
        // `ron` notices on the tuple's next line that its comma is missing.
        assert_eq!(err.position().map(|(l, _)| l), Some(line + 1), "{err}");
    }
}
