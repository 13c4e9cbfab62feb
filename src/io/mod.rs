//! Files: folder import and decoding, the RON project file, atomic writes,
//! and where a writer may write (`target`).
//! Nothing here knows about windows.

pub mod atomic;
pub mod background;
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
use std::io::Read as _;
use std::path::Path;

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

/// The bytes of the file at `path`, or its size when that is over `limit`
/// (then it is not read, or not read further): a corpus file's or an
/// import file's. The size is asked of the
/// opened file: asked by the path first, as `fs::metadata` and then
/// `fs::read` did, the kernel looked the path up twice and stat'ed the file
/// twice (30,000 statx calls to read 10,000 articles). The size told is
/// read in one call, as `fs::read` does, then one more read finds the end:
/// `File::read_to_end` would ask size and position again (statx, lseek),
/// and `Read::read_to_end` without a size starts at 8 KiB and doubles. A
/// file that grows while it is read, or tells no size (`/proc`), is read on
/// up to the limit.
pub(crate) fn read_at_most(path: &Path, limit: u64) -> std::io::Result<Result<Vec<u8>, u64>> {
    let mut file = std::fs::File::open(path)?;
    let size = file.metadata()?.len();
    if size > limit {
        return Ok(Err(size));
    }
    let told = usize::try_from(size).map_err(std::io::Error::other)?;
    let mut bytes = Vec::new();
    bytes.try_reserve_exact(told)?;
    bytes.resize(told, 0);
    let mut filled = 0;
    while filled < told {
        match file.read(&mut bytes[filled..]) {
            Ok(0) => break,
            Ok(n) => filled += n,
            Err(err) if err.kind() == std::io::ErrorKind::Interrupted => {}
            Err(err) => return Err(err),
        }
    }
    bytes.truncate(filled);
    if filled == told {
        // Anything past the size told, up to one byte past the limit.
        (&mut file)
            .take((limit - size).saturating_add(1))
            .read_to_end(&mut bytes)?;
        let read = bytes.len() as u64;
        if read > limit {
            return Ok(Err(read));
        }
    }
    Ok(Ok(bytes))
}

#[cfg(test)]
mod tests {
    use std::fs;

    use super::*;

    #[test]
    fn a_file_is_read_whole_and_one_that_tells_no_size_up_to_the_limit() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("a.txt");
        let text: Vec<u8> = (0..300_000u32).map(|i| (i % 251) as u8).collect();
        fs::write(&path, &text).unwrap();
        assert_eq!(read_at_most(&path, 300_000).unwrap(), Ok(text.clone()));
        assert_eq!(read_at_most(&path, 299_999).unwrap(), Err(300_000));
        assert_eq!(read_at_most(&path, u64::MAX).unwrap(), Ok(text));
        assert_eq!(
            read_at_most(&dir.path().join("gone"), 10)
                .unwrap_err()
                .kind(),
            std::io::ErrorKind::NotFound
        );
        // /proc's files say 0 bytes and have more.
        #[cfg(target_os = "linux")]
        {
            let status = Path::new("/proc/self/status");
            assert_eq!(fs::metadata(status).unwrap().len(), 0);
            let whole = read_at_most(status, 1 << 20).unwrap().unwrap();
            assert!(String::from_utf8(whole).unwrap().contains("VmRSS"));
            assert_eq!(read_at_most(status, 10).unwrap(), Err(11));
        }
    }
}
