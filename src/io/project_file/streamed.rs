//! The project file read as it comes off the disk (`ron_fast::stream`),
//! never holding its text whole: the whole project, or all but its
//! annotations and links.

use std::path::Path;

use super::{
    FORMAT_TAG, FORMAT_VERSION, FileV1, MAX_NESTING, Pieces, check_values, outside_corpus,
};
use crate::io::atomic::FileVersion;
use crate::io::ron_fast;
use crate::model::Annotation;

/// The sizes [`streamed_read`] reads a project file with: the annotations in
/// pieces of about 1 MiB, read 1 MiB at a time, at most four pieces handed
/// to the other cores and not yet read (so about 4 MiB of the list's text
/// is held at once). Pieces of 4 MiB left the last one read on one core
/// for about 0.1 s at the end of a 56 MB file: 1 MiB took `check` of 10,000
/// articles and 100,000 annotations from 0.57 to 0.51 s (medians of 11,
/// alternating) and of a million annotations from 3.27 to 3.18 s.
pub(super) const STREAM_SIZES: ron_fast::Sizes = ron_fast::Sizes {
    piece: 1 << 20,
    block: 1 << 20,
    in_flight: 4,
    helpers: None,
    expected: 0,
};

/// The file at `path` read as it is read (`ron_fast::from_reader_in_pieces`),
/// never holding its text whole, and checked, with the version of its
/// bytes; `None` when it is not read that way or a check finds something
/// wrong: then the caller reads it whole, which says what is wrong and
/// where. A large project's peak memory is what is read from it, not that
/// plus its text. Without `annotations`, their list's items are read (their
/// syntax, on all cores) and skipped, and the links dropped: nothing of
/// them is made.
pub(super) fn streamed_read(
    path: &Path,
    sizes: ron_fast::Sizes,
    annotations: bool,
) -> std::io::Result<Option<(FileV1, FileVersion)>> {
    let read = if annotations {
        streamed::<Annotation>(path, sizes)?.map(|(mut file, version, pieces)| {
            file.annotations = Pieces(pieces);
            (file, version)
        })
    } else {
        streamed::<serde::de::IgnoredAny>(path, sizes)?.map(|(mut file, version, _)| {
            file.links = Vec::new();
            (file, version)
        })
    };
    Ok(read.and_then(|(file, version)| checked(file).map(|file| (file, version))))
}

/// The file at `path` read as it is read, its annotations' list read in
/// pieces as `E`s; `None` when it is not read that way.
type StreamedFile<E> = (FileV1, FileVersion, Vec<Vec<E>>);

fn streamed<E: serde::de::DeserializeOwned + Send>(
    path: &Path,
    sizes: ron_fast::Sizes,
) -> std::io::Result<Option<StreamedFile<E>>> {
    let mut hasher = blake3::Hasher::new();
    let input = std::fs::File::open(path)?;
    let expected = usize::try_from(input.metadata()?.len()).unwrap_or(0);
    let sizes = ron_fast::Sizes { expected, ..sizes };
    let read = ron_fast::from_reader_in_pieces::<FileV1, E>(
        input,
        "annotations",
        sizes,
        MAX_NESTING,
        &mut |bytes| {
            hasher.update(bytes);
        },
    )?;
    let ron_fast::Streamed::Read(file, pieces) = read else {
        return Ok(None);
    };
    Ok(Some((
        file,
        FileVersion::from_hash(hasher.finalize()),
        pieces,
    )))
}

/// `file` when it is a project of this version that its checks pass.
fn checked(file: FileV1) -> Option<FileV1> {
    let valid = file.format == FORMAT_TAG
        && file.version == FORMAT_VERSION
        && outside_corpus(&file).is_none()
        && check_values(&file, "").is_none();
    valid.then_some(file)
}
