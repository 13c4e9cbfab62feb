//! What the index holds, beside it: for each document its content hash and
//! its key in the index, for each file its size and modification time. The
//! index is updated from a comparison with it (only what changed is read
//! and indexed again), and only by the holder of the index's writer lock,
//! after its commit: a manifest never lists a version the index lacks.
//!
//! The file is plain lines, fields separated by a tab (shown `→`; ids never
//! hold a tab or a line break: such names are not loaded):
//!
//! ```text
//! diptych-search 2→NEXT_KEY
//! F→SIZE→MTIME_NS→FILE
//! D→KEY→HASH→ID
//! ```

use std::collections::BTreeMap;
use std::fs;
use std::path::Path;
use std::time::{SystemTime, UNIX_EPOCH};

use crate::io::atomic::{WriteError, write_atomic};
use crate::model::{ContentHash, DocumentId};

/// The first word of the file and the format's version: another version is
/// not read (the index is built again). 2: characters of the scripts
/// without spaces are words of their own.
const HEADER: &str = "diptych-search 2";

/// A file's size and modification time, what says cheaply that it changed.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(super) struct FileStamp {
    pub len: u64,
    /// Nanoseconds since 1970 (0 where the system does not say).
    pub modified_ns: u128,
}

impl FileStamp {
    /// The stamp of a file's metadata.
    pub fn of(meta: &fs::Metadata) -> Self {
        Self::new(meta.len(), meta.modified().ok())
    }

    /// The stamp of a file of `len` bytes modified at `modified`.
    pub fn new(len: u64, modified: Option<SystemTime>) -> Self {
        let modified_ns = modified
            .and_then(|t| t.duration_since(UNIX_EPOCH).ok())
            .map_or(0, |d| d.as_nanos());
        Self { len, modified_ns }
    }
}

/// A document in the index: its key there and the hash of the text indexed.
#[derive(Clone, Debug, PartialEq, Eq)]
pub(super) struct DocEntry {
    pub key: u64,
    pub hash: ContentHash,
}

/// What the index holds.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub(super) struct Manifest {
    /// The key the next new document gets.
    pub next_key: u64,
    /// Files read, by their path in the corpus (skipped files too, so that
    /// they are not read again while unchanged).
    pub files: BTreeMap<String, FileStamp>,
    pub docs: BTreeMap<DocumentId, DocEntry>,
}

impl Manifest {
    /// Reads the manifest at `path`; `None` when it is missing, of another
    /// version or damaged (the index is then built again).
    pub fn read(path: &Path) -> Option<Self> {
        let text = fs::read_to_string(path).ok()?;
        let mut lines = text.lines();
        let (header, next) = lines.next()?.split_once('\t')?;
        if header != HEADER {
            return None;
        }
        let next_key: u64 = next.parse().ok()?;
        // Written in order: the maps are built from the lists at once (a
        // search per insert was a tenth of a 100,000-file search).
        let (mut files, mut docs) = (Vec::new(), Vec::new());
        for line in lines {
            let mut fields = line.splitn(4, '\t');
            let (kind, a, b, name) = (
                fields.next()?,
                fields.next()?,
                fields.next()?,
                fields.next()?,
            );
            match kind {
                "F" => {
                    let stamp = FileStamp {
                        len: a.parse().ok()?,
                        modified_ns: b.parse().ok()?,
                    };
                    files.push((name.to_owned(), stamp));
                }
                "D" => {
                    let key: u64 = a.parse().ok()?;
                    if key >= next_key {
                        return None;
                    }
                    let entry = DocEntry {
                        key,
                        hash: ContentHash(b.to_owned()),
                    };
                    docs.push((DocumentId::from(name), entry));
                }
                _ => return None,
            }
        }
        Some(Self {
            next_key,
            files: files.into_iter().collect(),
            docs: docs.into_iter().collect(),
        })
    }

    /// Writes the manifest to `path` (atomically: a reader sees the old or the new).
    pub fn write(&self, path: &Path) -> Result<(), WriteError> {
        let mut out = format!("{HEADER}\t{}\n", self.next_key);
        for (file, stamp) in &self.files {
            out.push_str(&format!(
                "F\t{}\t{}\t{file}\n",
                stamp.len, stamp.modified_ns
            ));
        }
        for (id, entry) in &self.docs {
            out.push_str(&format!("D\t{}\t{}\t{id}\n", entry.key, entry.hash));
        }
        write_atomic(path, out.as_bytes())
    }

    /// The key for a new document.
    pub fn new_key(&mut self) -> u64 {
        self.next_key += 1;
        self.next_key - 1
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_manifest_reads_back_and_a_damaged_one_is_refused() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("manifest.tsv");
        let mut m = Manifest::default();
        let key = m.new_key();
        m.docs.insert(
            DocumentId::from("world/a b.jsonl#2"),
            DocEntry {
                key,
                hash: ContentHash::of("x"),
            },
        );
        m.files.insert(
            "world/a b.jsonl".into(),
            FileStamp {
                len: 12,
                modified_ns: 1_700_000_000_123_456_789,
            },
        );
        m.write(&path).unwrap();
        assert_eq!(Manifest::read(&path), Some(m));
        let text = fs::read_to_string(&path).unwrap();
        fs::write(&path, text.replace("\tworld/a b.jsonl\n", "\n")).unwrap();
        assert_eq!(Manifest::read(&path), None);
        // An older format (its words cut otherwise) is not read.
        fs::write(&path, "diptych-search 1\t1\n").unwrap();
        assert_eq!(Manifest::read(&path), None);
        fs::write(&path, format!("{HEADER}\t1\n")).unwrap();
        assert!(Manifest::read(&path).is_some());
        fs::write(&path, format!("{HEADER}\t0\nD\t0\th\tid\n")).unwrap();
        assert_eq!(Manifest::read(&path), None, "a key past next_key");
        assert_eq!(Manifest::read(&dir.path().join("none")), None);
    }
}
