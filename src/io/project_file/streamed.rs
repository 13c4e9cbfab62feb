//! The project file read as it comes off the disk (`ron_fast::stream`),
//! never holding its text whole: the whole project, all but its
//! annotations and links, or that and what a search's filters read of each
//! annotation.

use std::path::Path;

use super::{
    FORMAT_TAG, FORMAT_VERSION, FileV1, LoadError, MAX_FILE_BYTES, MAX_NESTING, Pieces, build,
    check_values, outside_corpus, read_whole,
};
use crate::io::atomic::FileVersion;
use crate::io::ron_fast;
use crate::io::search::AnnotationTag;
use crate::model::{Annotation, AnnotationId, DocumentId, LabelId, Project, Sentiment, Span};

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

/// What a search's filters read of an annotation ([`AnnotationTag`]),
/// with its place; the other fields (the quote, the times, the note) are
/// skipped, not made.
#[derive(serde::Deserialize)]
struct TagOnly {
    id: AnnotationId,
    document: DocumentId,
    label: LabelId,
    #[serde(default)]
    sentiment: Option<Sentiment>,
    #[serde(default, deserialize_with = "crate::model::deserialize_annotator")]
    annotator: std::sync::Arc<str>,
    span: Span,
    #[serde(default)]
    orphaned: bool,
}

/// [`streamed_read`] without the annotations and links, but with what a
/// search's filters read of each annotation (a fifth of what reading them
/// whole takes: their quotes are most of their text).
pub(super) fn streamed_tags(
    path: &Path,
    sizes: ron_fast::Sizes,
) -> std::io::Result<Option<(FileV1, FileVersion, Vec<AnnotationTag>)>> {
    let read = streamed::<TagOnly>(path, sizes)?;
    Ok(read.and_then(|(mut file, version, pieces)| {
        file.links = Vec::new();
        let tags = pieces
            .into_iter()
            .flatten()
            .map(|t| AnnotationTag {
                id: t.id,
                document: t.document,
                label: t.label,
                sentiment: t.sentiment,
                annotator: t.annotator,
                span: t.span,
                orphaned: t.orphaned,
            })
            .collect();
        checked(file).map(|file| (file, version, tags))
    }))
}

/// [`load_documents`](super::load_documents), with what a search's filters read of each
/// annotation ([`AnnotationTag`]: its document, label, sentiment and
/// annotator), for a search that filters on them. When the file is read
/// as it comes, only those fields of the annotations are made (the others
/// are read for their syntax and skipped) and the annotations are not
/// checked against the documents; a file not read that way is read whole
/// and checked as [`load_versioned`](super::load_versioned) checks it.
pub fn load_tagged(path: &Path) -> Result<(Project, Vec<AnnotationTag>), LoadError> {
    size_checked(path)?;
    let read = streamed_tags(path, STREAM_SIZES).map_err(|source| LoadError::Read {
        path: path.to_owned(),
        source,
    })?;
    if let Some((file, _, tags)) = read {
        return Ok((build(file, path)?.0, tags));
    }
    // Not streamed again: read whole, the annotations made and checked.
    let (mut project, _) = build(read_whole(path)?.0, path)?;
    let tags = project
        .annotations
        .values()
        .map(AnnotationTag::of)
        .collect();
    project.annotations = Default::default();
    project.links = Default::default();
    Ok((project, tags))
}

/// The size of the file at `path`, refused past [`MAX_FILE_BYTES`].
pub(super) fn size_checked(path: &Path) -> Result<u64, LoadError> {
    let size = std::fs::metadata(path)
        .map_err(|source| LoadError::Read {
            path: path.to_owned(),
            source,
        })?
        .len();
    if size > MAX_FILE_BYTES {
        return Err(LoadError::Invalid {
            path: path.to_owned(),
            message: format!(
                "the file is {size} bytes; project files over {} MiB are refused",
                MAX_FILE_BYTES >> 20
            ),
        });
    }
    Ok(size)
}

/// `file` when it is a project of this version that its checks pass.
fn checked(file: FileV1) -> Option<FileV1> {
    let valid = file.format == FORMAT_TAG
        && file.version == FORMAT_VERSION
        && outside_corpus(&file).is_none()
        && check_values(&file, "").is_none();
    valid.then_some(file)
}
