//! `diptych search`: the corpus's full-text index (kept in the user's cache
//! folder, brought up to date first) queried from the command line.
//!
//! Only the project file is parsed and the corpus folder walked (each file's
//! size and time compared with the index's); files read are those that
//! changed since the index was written and those of the hits shown. A
//! query without filters on annotations (`label:`, `sentiment:`,
//! `annotator:`) makes none of them: their list is read and dropped.

use std::io::Write;
use std::path::Path;

use anyhow::Context;
use serde::Serialize;

use super::open::warn_outside;
use super::term::shown;
use crate::io::corpus::{ImportError, ImportOptions};
use crate::io::project_file;
use crate::io::search::{DiskTexts, Hit, Query, SearchIndex, cache_folder, reads_annotations};
use crate::io::workspace::{ParsedProject, corpus_root};

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
    // take about as long each on large projects.
    let base = path.parent().unwrap_or(Path::new(""));
    let early_root = project_file::corpus_in_head(path).map(|corpus| base.join(corpus));
    let (parsed, early) = std::thread::scope(|scope| {
        let syncing = (early_root.as_deref()).map(|root| scope.spawn(|| synced(root, options)));
        // A query without filters on annotations reads none of them.
        let parsed = if reads_annotations(query) {
            ParsedProject::read(path)
        } else {
            ParsedProject::read_documents(path)
        };
        let early = syncing.map(|s| s.join().unwrap_or_else(|p| std::panic::resume_unwind(p)));
        (parsed, early)
    });
    let parsed = super::open::kept_to_the_end(parsed?);
    warn_outside(&parsed);
    let parsed_query = Query::parse(query, &parsed.project)
        .with_context(|| format!("{}: bad query", path.display()))?;
    let root = corpus_root(&parsed.path, &parsed.project);
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
    let allowed = parsed_query.allowed(&parsed.project);
    let texts = DiskTexts {
        root,
        options: options.clone(),
    };
    let answer = index.search(&parsed_query, allowed.as_ref(), limit, &texts);
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
    let mut index = SearchIndex::open(&folder);
    index.sync_folder(root, options)?;
    Ok(index)
}
