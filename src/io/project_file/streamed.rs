//! The project file read as it comes off the disk (`ron_fast::stream`),
//! never holding its text whole: the whole project, or its documents alone.

use std::path::Path;

use super::{
    FORMAT_TAG, FORMAT_VERSION, FileV1, LoadError, MAX_FILE_BYTES, MAX_NESTING, PIECE_BYTES,
    Pieces, ViewState, build, check_values, load_versioned, outside_corpus,
};
use crate::io::atomic::FileVersion;
use crate::io::ron_fast;
use crate::model::{Annotation, Project};

/// The sizes [`streamed_read`] reads a project file with: the annotations in
/// pieces of about 4 MiB, read 1 MiB at a time, at most four pieces handed
/// to the other cores and not yet read (so about 16 MiB of the list's text
/// is held at once).
pub(super) const STREAM_SIZES: ron_fast::Sizes = ron_fast::Sizes {
    piece: PIECE_BYTES,
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
/// plus its text.
pub(super) fn streamed_read(
    path: &Path,
    sizes: ron_fast::Sizes,
) -> std::io::Result<Option<(FileV1, FileVersion)>> {
    let Some((mut file, version, pieces)) = streamed::<Annotation>(path, sizes)? else {
        return Ok(None);
    };
    file.annotations = Pieces(pieces);
    Ok(checked(file).map(|file| (file, version)))
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

/// [`load_versioned`] without the annotations and links: the labels, the
/// documents and the view, for what asks nothing of the annotations (a
/// search without filters on them). The annotations' list is read (its
/// syntax, on all cores) and not kept: nothing of it is made. A file not
/// read that way is read whole, its annotations then dropped; a file that
/// is wrong is said to be wrong as [`load_versioned`] says it.
pub fn load_documents(path: &Path) -> Result<(Project, ViewState, FileVersion), LoadError> {
    let read_error = |source| LoadError::Read {
        path: path.to_owned(),
        source,
    };
    let size = std::fs::metadata(path).map_err(read_error)?.len();
    if size <= MAX_FILE_BYTES
        && let Some((mut file, version, _)) =
            streamed::<serde::de::IgnoredAny>(path, STREAM_SIZES).map_err(read_error)?
    {
        file.links = Vec::new();
        if let Some(file) = checked(file) {
            let (project, view) = build(file, path)?;
            return Ok((project, view, version));
        }
    }
    let (mut project, view, version) = load_versioned(path)?;
    project.annotations = Default::default();
    project.links = Default::default();
    Ok((project, view, version))
}
