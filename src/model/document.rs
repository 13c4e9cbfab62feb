//! Documents: decoded article text with its identity and hash.

use std::fmt;
use std::sync::{Arc, OnceLock};

use serde::{Deserialize, Deserializer, Serialize};

use super::intern::{Recent, deserialize_shared};

use super::packed::{Text, TextRef};
use super::text::OffsetIndex;

/// A document's id: its path relative to the corpus root, `/`-separated; a
/// record of a `.json`/`.jsonl` file adds `#N` (1-based record number).
///
/// Shared, not copied: a project's annotations name each document again and
/// again, and an id read from a file is shared with the same id read just
/// before it ([`super::intern`]).
#[derive(Clone, Debug, Default, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
#[serde(transparent)]
pub struct DocumentId(pub Arc<str>);

thread_local! {
    static DOCUMENT_IDS: Recent = const { Recent::new() };
}

impl<'de> Deserialize<'de> for DocumentId {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        deserialize_shared(deserializer, &DOCUMENT_IDS).map(Self)
    }
}

impl DocumentId {
    /// The id as a string.
    pub fn as_str(&self) -> &str {
        &self.0
    }

    /// The file part of the id: the id, or for a record of a file of
    /// records (`.json`, `.jsonl`, `.csv`: `news.jsonl#3`) the part before
    /// the record's number. A `#` elsewhere is part of a name
    /// (`Issue #12.md`, `C#/notes.txt`).
    pub fn file_path(&self) -> &str {
        record_file(&self.0)
    }
}

/// [`DocumentId::file_path`] of the id `id`.
pub fn record_file(id: &str) -> &str {
    match id.rsplit_once('#') {
        Some((file, number))
            if !number.is_empty()
                && number.bytes().all(|b| b.is_ascii_digit())
                && (file.rsplit_once('.')).is_some_and(|(_, ext)| {
                    ["json", "jsonl", "csv"].contains(&ext.to_ascii_lowercase().as_str())
                }) =>
        {
            file
        }
        _ => id,
    }
}

impl fmt::Display for DocumentId {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

impl From<&str> for DocumentId {
    fn from(s: &str) -> Self {
        Self(s.into())
    }
}

impl From<String> for DocumentId {
    fn from(s: String) -> Self {
        Self(s.into())
    }
}

/// blake3 hash of a document's decoded text, as lowercase hex.
#[derive(Clone, Debug, Default, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(transparent)]
pub struct ContentHash(pub String);

impl ContentHash {
    /// Hashes decoded text.
    pub fn of(text: &str) -> Self {
        Self(blake3::hash(text.as_bytes()).to_hex().to_string())
    }
}

impl fmt::Display for ContentHash {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

/// The kind of file a document was read from.
#[derive(
    Clone, Copy, Debug, Default, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize,
)]
pub enum SourceFormat {
    #[default]
    Text,
    Markdown,
    Html,
    Json,
    Jsonl,
}

impl SourceFormat {
    /// The format for a file extension (lowercase, without the dot).
    pub fn from_extension(ext: &str) -> Option<Self> {
        Some(match ext {
            "txt" | "text" => Self::Text,
            "md" | "markdown" => Self::Markdown,
            "html" | "htm" | "xhtml" => Self::Html,
            "json" => Self::Json,
            "jsonl" | "ndjson" => Self::Jsonl,
            _ => return None,
        })
    }
}

/// A document as loaded: id, title and the decoded text that all offsets refer to.
#[derive(Clone, Debug)]
pub struct Document {
    pub id: DocumentId,
    pub title: String,
    /// Decoded UTF-8 text, BOM stripped, newlines normalised to `\n`
    /// (packed in the window: read it with [`Document::text`]).
    text: Text,
    pub hash: ContentHash,
    pub format: SourceFormat,
    /// Name of the encoding the file was decoded from (e.g. "UTF-8", "windows-1252").
    pub encoding: &'static str,
    /// Built on first use: most documents of a large corpus are never
    /// shown or exported in a session, and the index costs about a
    /// quarter of the text's size.
    offsets: Arc<OnceLock<OffsetIndex>>,
}

impl Document {
    /// Makes a document from decoded text, computing its hash (its offset
    /// index is built when first asked for).
    pub fn new(
        id: DocumentId,
        title: String,
        text: impl Into<Arc<str>>,
        format: SourceFormat,
        encoding: &'static str,
    ) -> Self {
        let text: Arc<str> = text.into();
        Self {
            id,
            title,
            hash: ContentHash::of(&text),
            offsets: Arc::default(),
            text: text.into(),
            format,
            encoding,
        }
    }

    /// The decoded text (unpacked if it is held packed).
    pub fn text(&self) -> TextRef<'_> {
        self.text.get()
    }

    /// The decoded text as a shared string, for a job that outlives the borrow.
    pub fn shared_text(&self) -> Arc<str> {
        self.text.shared()
    }

    /// Holds the text packed ([`super::packed`]): the window does, for
    /// every article of its corpus.
    pub fn pack(&mut self) {
        self.text = self.text.packed();
    }

    /// Whether the text is held packed.
    pub fn is_packed(&self) -> bool {
        self.text.is_packed()
    }

    /// Length of the text in bytes.
    pub fn byte_len(&self) -> usize {
        self.text.len()
    }

    /// The offset index for converting between units.
    pub fn offsets(&self) -> &OffsetIndex {
        self.offsets.get_or_init(|| OffsetIndex::new(&self.text()))
    }
}

/// Where the analyst is with a document.
#[derive(
    Clone, Copy, Debug, Default, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize,
)]
pub enum DocStatus {
    #[default]
    ToDo,
    InProgress,
    Done,
}

impl DocStatus {
    /// All values, in display order.
    pub const ALL: [Self; 3] = [Self::ToDo, Self::InProgress, Self::Done];

    /// Name for display and the command line.
    pub fn name(self) -> &'static str {
        match self {
            Self::ToDo => "to do",
            Self::InProgress => "in progress",
            Self::Done => "done",
        }
    }
}

/// A sentiment, of a span or a whole document.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
pub enum Sentiment {
    Positive,
    Negative,
    Neutral,
    Mixed,
}

impl Sentiment {
    /// All values, in display order.
    pub const ALL: [Self; 4] = [Self::Positive, Self::Negative, Self::Neutral, Self::Mixed];

    /// Lowercase name, as written in exports.
    pub fn name(self) -> &'static str {
        match self {
            Self::Positive => "positive",
            Self::Negative => "negative",
            Self::Neutral => "neutral",
            Self::Mixed => "mixed",
        }
    }

    /// Parses a lowercase name.
    pub fn parse(name: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|s| s.name() == name)
    }
}

/// Document-level fields the analyst sets.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default)]
pub struct DocFields {
    pub sentiment: Option<Sentiment>,
    pub status: DocStatus,
    pub note: String,
}

/// What the project remembers of a document (its text lives in the corpus folder).
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct DocRecord {
    pub id: DocumentId,
    pub title: String,
    /// Hash of the text the annotations were made on.
    pub hash: ContentHash,
    pub format: SourceFormat,
    #[serde(default)]
    pub fields: DocFields,
}

impl DocRecord {
    /// The record for a freshly loaded document.
    pub fn of(doc: &Document) -> Self {
        Self {
            id: doc.id.clone(),
            title: doc.title.clone(),
            hash: doc.hash.clone(),
            format: doc.format,
            fields: DocFields::default(),
        }
    }
}
