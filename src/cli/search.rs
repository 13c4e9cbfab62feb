//! `diptych search`: the corpus's full-text index (kept in the user's cache
//! folder, brought up to date first) queried from the command line.
//!
//! Only the project file is parsed and the corpus folder walked (each file's
//! size and time compared with the index's); files read are those that
//! changed since the index was written and those of the hits shown. A
//! query without filters on annotations (`label:`, `sentiment:`,
//! `annotator:`) makes none of them: their list is read and dropped; one
//! with such filters makes only what the filters test of each. A
//! query of words and phrases only (no filter at all) reads only the
//! corpus folder from the file's first lines; the rest of the file is not
//! read (`diptych check` says whether it is sound).

use std::io::Write;
use std::path::Path;

use anyhow::Context;
use serde::Serialize;

use super::open::warn_root_outside;
use super::term::shown;
use crate::io::corpus::{ImportError, ImportOptions};
use crate::io::project_file;
use crate::io::search::{
    AnnotationTag, DiskTexts, Hit, Query, SearchIndex, Tags, cache_folder, place_on_annotations,
    reads_annotations, reads_documents,
};
use crate::io::workspace::corpus_root;
use crate::model::Project;

/// What a query reads of the project file: nothing but the corpus folder
/// in its first lines (a query without filters), its labels and documents
/// (filters on documents), or those and what the filters read of each
/// annotation.
enum Read {
    Head,
    Documents(Project),
    /// The project, its filters' tags, and what they read of each
    /// annotation (where a hit of filters only is put).
    Tagged(Project, Box<Tags>, Vec<AnnotationTag>),
}

/// The project a query without filters is parsed against: it asks
/// nothing of it.
static NO_PROJECT: std::sync::LazyLock<Project> =
    std::sync::LazyLock::new(|| Project::new("", "."));

/// What `--json` prints.
#[derive(Serialize)]
struct Printed<'a> {
    query: &'a str,
    total: usize,
    hits: &'a [Hit],
}

/// Runs `diptych search PROJECT QUERY [--limit N] [--json]`.
pub(super) fn run(
    path: &Path,
    query: &str,
    limit: usize,
    json: bool,
    options: &ImportOptions,
) -> anyhow::Result<()> {
    // The corpus named in the file's first lines is walked (and the index
    // brought up to date) while the rest of the file is parsed: the two
    // take about as long each on large projects. A query without filters
    // needs nothing else of the file: it is not parsed then.
    let base = path.parent().unwrap_or(Path::new(""));
    let early_root = project_file::corpus_in_head(path).map(|corpus| base.join(corpus));
    let head_only = early_root.is_some() && !reads_documents(query);
    let (read, early) = std::thread::scope(|scope| {
        let syncing = (early_root.as_deref()).map(|root| scope.spawn(|| synced(root, options)));
        let read = if head_only {
            Ok(Read::Head)
        } else if reads_annotations(query) {
            // Of the annotations, only what the filters read of them.
            project_file::load_tagged(path).map(|(project, annotations)| {
                let mut tags = Tags::of(&project);
                tags.add(&annotations);
                Read::Tagged(project, Box::new(tags), annotations)
            })
        } else {
            project_file::load_documents(path).map(|(project, _, _)| Read::Documents(project))
        };
        let early = syncing.map(|s| s.join().unwrap_or_else(|p| std::panic::resume_unwind(p)));
        (read, early)
    });
    let read = super::open::kept_to_the_end(read?);
    let (project, tags) = match &*read {
        Read::Head => (&*NO_PROJECT, None),
        Read::Documents(project) => (project, None),
        Read::Tagged(project, tags, _) => (project, Some(&**tags)),
    };
    let root = match &*read {
        Read::Head => early_root.clone().expect("read from the file's head"),
        _ => corpus_root(path, project),
    };
    warn_root_outside(path, &root);
    let parsed_query =
        Query::parse(query, project).with_context(|| format!("{}: bad query", path.display()))?;
    let index = match early {
        Some(early) if early_root.as_ref() == Some(&root) => early,
        _ => synced(&root, options),
    }
    .with_context(|| format!("{}: cannot read its corpus", path.display()))?;
    let index = super::open::kept_to_the_end(index);
    if let Some(problem) = index.problem() {
        eprintln!(
            "warning: the search index cannot be used ({}); every article is scanned",
            shown(problem)
        );
    }
    let allowed = match tags {
        Some(tags) => tags.allowed(&parsed_query.filters),
        None => parsed_query.allowed(project),
    };
    let texts = DiskTexts {
        root,
        options: options.clone(),
    };
    let mut answer = index.search(&parsed_query, allowed.as_ref(), limit, &texts);
    if let Read::Tagged(_, _, annotations) = &*read {
        place_on_annotations(&mut answer, &parsed_query, annotations, &texts);
    }
    let mut out = std::io::stdout().lock();
    if json {
        let printed = Printed {
            query,
            total: answer.total,
            hits: &answer.hits,
        };
        serde_json::to_writer(&mut out, &printed)?;
        writeln!(out)?;
    } else {
        for hit in &answer.hits {
            writeln!(
                out,
                "{}\t{}-{}\t{}",
                shown(hit.document.as_str()),
                hit.start.0,
                hit.end.0,
                shown(&hit.snippet)
            )?;
        }
        eprintln!(
            "{} matching document(s), {} shown",
            answer.total,
            answer.hits.len()
        );
    }
    Ok(())
}

/// The index of the corpus at `root`, in the user's cache folder (or the
/// temporary folder when there is none), brought up to date with the files.
fn synced(root: &Path, options: &ImportOptions) -> Result<SearchIndex, ImportError> {
    let folder = cache_folder(root)
        .unwrap_or_else(|| crate::io::search::cache_folder_in(&std::env::temp_dir(), root));
    SearchIndex::open_synced(&folder, root, options)
}
