//! `diptych suggest`: compute suggestions, print them, optionally store them.

use std::io::Write;
use std::path::Path;
use std::process::ExitCode;
use std::sync::atomic::AtomicBool;
use std::time::Duration;

use anyhow::bail;
use serde::Serialize;

use super::{is_project_file, no_progress, write};
use crate::analysis::suggest::{Suggestion, suggest, suggestions_edit};
use crate::io::corpus::ImportOptions;
use crate::io::workspace::Workspace;
use crate::model::{OffsetUnit, apply, short_quote};

/// The annotator name of stored suggestions.
const ANNOTATOR: &str = "diptych";

/// Runs `diptych suggest PROJECT [--json] [--write]`; with `--write`,
/// `write` is how long to wait for the project's lock.
pub(super) fn run(
    path: &Path,
    json: bool,
    write: Option<Duration>,
    options: &ImportOptions,
) -> anyhow::Result<ExitCode> {
    let cancel = AtomicBool::new(false);
    let mut writing = None;
    let mut workspace = if let (true, Some(wait)) = (is_project_file(path), write) {
        let (workspace, _, lock) =
            write::open_for_writing(path, "diptych suggest --write", wait, options)?;
        writing = Some(lock);
        workspace
    } else if is_project_file(path) {
        super::open::open_project(path, options)?.0
    } else if path.is_dir() && write.is_none() {
        Workspace::from_folder(path, options, &no_progress, &cancel)?
    } else if path.is_dir() {
        bail!(
            "--write needs a .ron project (make one with `diptych new {} -o project.ron`)",
            path.display()
        );
    } else {
        bail!("{} is neither a folder nor a .ron project", path.display());
    };
    let suggestions = suggest(&workspace.project, &workspace.corpus.documents);
    let mut saved = false;
    if let Some(writing) = writing
        && let Some(edit) = suggestions_edit(
            &workspace.project,
            &workspace.corpus.documents,
            &suggestions,
            ANNOTATOR,
            jiff::Timestamp::now(),
        )
    {
        let undo = apply(&mut workspace.project, edit)?;
        writing.save(&mut workspace, path, undo)?;
        saved = true;
    }
    let mut out = std::io::stdout().lock();
    if json {
        writeln!(
            out,
            "{}",
            serde_json::to_string_pretty(&to_json(&workspace, &suggestions))?
        )?;
        return Ok(ExitCode::SUCCESS);
    }
    for s in &suggestions {
        let Some(doc) = workspace.corpus.get(&s.document) else {
            continue;
        };
        let (start, end) = code_points(&workspace, s);
        let quote = short_quote(&doc.text()[s.span.range()].replace('\n', " ⏎ "), 81);
        writeln!(
            out,
            "{} {start}..{end} {} {:.2} {}: {quote}",
            s.document,
            workspace.project.labels.name_of(&s.label),
            s.score,
            s.source
        )?;
    }
    let n = suggestions.len();
    match (write.is_some(), saved) {
        (true, true) => writeln!(out, "{n} suggestion(s) stored in {}", path.display())?,
        (true, false) => writeln!(out, "nothing to suggest; {} not changed", path.display())?,
        (false, _) => writeln!(out, "{n} suggestion(s); --write stores them in the project")?,
    }
    Ok(ExitCode::SUCCESS)
}

/// Code-point offsets of a suggestion (Python string indices).
fn code_points(workspace: &Workspace, s: &Suggestion) -> (usize, usize) {
    let Some(doc) = workspace.corpus.get(&s.document) else {
        return (0, 0);
    };
    let index = doc.offsets();
    let at = |b| index.from_byte(&doc.text(), b, OffsetUnit::Codepoint);
    (at(s.span.start), at(s.span.end))
}

/// `{"suggestions": [...]}`, keys in this order.
#[derive(Serialize)]
struct Report<'a> {
    suggestions: Vec<Item<'a>>,
}

/// One suggestion as printed: code-point offsets, the label's name.
#[derive(Serialize)]
struct Item<'a> {
    document: &'a str,
    start: usize,
    end: usize,
    label: &'a str,
    score: f64,
    source: &'a str,
}

fn to_json<'a>(workspace: &'a Workspace, suggestions: &'a [Suggestion]) -> Report<'a> {
    let suggestions = suggestions
        .iter()
        .map(|s| {
            let (start, end) = code_points(workspace, s);
            Item {
                document: s.document.as_str(),
                start,
                end,
                label: workspace.project.labels.name_of(&s.label),
                // Two decimals, so that 0.9 prints as 0.9 and not as a widened f32.
                score: (f64::from(s.score) * 100.0).round() / 100.0,
                source: &s.source,
            }
        })
        .collect();
    Report { suggestions }
}
