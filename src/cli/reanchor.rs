//! `diptych check PROJECT --reanchor [--write] [--json]`: re-anchors the
//! annotations of every document whose text changed on disk, reports each
//! one (kept, moved, orphaned) and, with `--write`, stores the result.

use std::io::Write;
use std::path::Path;
use std::process::ExitCode;
use std::time::Duration;

use serde_json::json;

use crate::analysis::reanchor::{AnchorReport, Anchoring, reanchor_document};
use crate::io::corpus::ImportOptions;
use crate::model::{ByteOffset, Document, DocumentId, Edit, Project, Span, apply, short_quote};

/// One changed document and what happened to its annotations.
struct DocOutcome {
    id: DocumentId,
    reports: Vec<AnchorReport>,
}

/// Runs the command. Exit 0 when every annotation is kept or moved (and no
/// document is missing), 1 when orphans exist in the project afterwards (or a
/// document is missing); an error (the project cannot be loaded or saved:
/// exit 2; with `--write`, `write` is how long to wait for the project's
/// lock: exit 3 when it stays held, 4 when the file changed beyond a merge)
/// is told by the caller.
pub fn run(
    path: &Path,
    json: bool,
    write: Option<Duration>,
    options: &ImportOptions,
) -> anyhow::Result<ExitCode> {
    let (mut workspace, consistency, writing) = match write {
        Some(wait) => {
            let program = "diptych check --reanchor --write";
            let (workspace, report, writing) =
                super::write::open_for_writing(path, program, wait, options)?;
            (workspace, report, Some(writing))
        }
        None => {
            let (workspace, report, _) = super::open::open_project(path, options)?;
            (workspace, report, None)
        }
    };
    let mut outcomes = Vec::new();
    let mut edits = Vec::new();
    for id in &consistency.changed {
        let Some(doc) = workspace.corpus.get(id) else {
            continue;
        };
        let (reports, edit) = reanchor_document(&workspace.project, id, &doc.text());
        edits.push(edit);
        outcomes.push(DocOutcome {
            id: id.clone(),
            reports,
        });
    }
    let edit = Edit::Batch(edits);
    let before = workspace.project.clone();
    let undo = apply(&mut workspace.project, edit)?;
    let changed = workspace.project != before;
    let written = write.is_some() && changed;
    if let Some(writing) = writing.filter(|_| changed) {
        writing.save(&mut workspace, path, undo)?;
    }
    let orphans = workspace
        .project
        .annotations
        .values()
        .filter(|a| a.orphaned)
        .count();
    let ok = orphans == 0 && consistency.missing.is_empty();
    let count = |name: &str| {
        outcomes
            .iter()
            .flat_map(|d| &d.reports)
            .filter(|r| r.anchoring.name() == name)
            .count()
    };
    let (kept, moved, orphaned) = (count("kept"), count("moved"), count("orphaned"));
    let mut out = std::io::stdout().lock();
    if json {
        let documents: Vec<_> = outcomes
            .iter()
            .map(|d| {
                let doc = workspace.corpus.get(&d.id);
                let annotations: Vec<_> = d
                    .reports
                    .iter()
                    .map(|r| report_json(&before, doc, r))
                    .collect();
                json!({"document": d.id, "annotations": annotations})
            })
            .collect();
        let value = json!({
            "ok": ok,
            "written": written,
            "kept": kept,
            "moved": moved,
            "orphaned": orphaned,
            "orphans_in_project": orphans,
            "missing": consistency.missing,
            "documents": documents,
        });
        writeln!(out, "{}", serde_json::to_string_pretty(&value)?)?;
    } else {
        for d in &outcomes {
            writeln!(
                out,
                "{}: text changed, {} annotation(s)",
                d.id,
                d.reports.len()
            )?;
            let doc = workspace.corpus.get(&d.id);
            for r in &d.reports {
                writeln!(out, "  {}", report_line(&before, doc, r))?;
            }
        }
        for id in &consistency.missing {
            writeln!(out, "missing: {id} (not found in the corpus folder)")?;
        }
        writeln!(
            out,
            "{} changed document(s): {kept} kept, {moved} moved, {orphaned} orphaned",
            outcomes.len()
        )?;
        if orphans > orphaned {
            writeln!(
                out,
                "{} older orphan(s) in unchanged documents",
                orphans - orphaned
            )?;
        }
        match (write.is_some(), changed) {
            (true, true) => writeln!(
                out,
                "saved {} (previous version kept as .bak)",
                path.display()
            )?,
            (false, true) => writeln!(out, "not saved: run again with --write to store this")?,
            (_, false) => writeln!(out, "nothing to store; {} not changed", path.display())?,
        }
    }
    Ok(if ok {
        ExitCode::SUCCESS
    } else {
        ExitCode::from(1)
    })
}

/// Code-point offsets of `span` in the new text of `doc`.
fn chars(doc: Option<&Document>, span: Span) -> Option<(usize, usize)> {
    let doc = doc?;
    span.check(&doc.text()).ok()?;
    let index = doc.offsets();
    let at = |b: ByteOffset| index.byte_to_char(&doc.text(), b).0;
    Some((at(span.start), at(span.end)))
}

fn quote_of(project: &Project, r: &AnchorReport) -> String {
    project
        .annotations
        .get(&r.annotation)
        .map(|a| a.quote.exact().to_owned())
        .unwrap_or_default()
}

/// One readable line. The old span is in bytes of the old text, which is not
/// stored, so it cannot be given in code points; new offsets are code points.
fn report_line(project: &Project, doc: Option<&Document>, r: &AnchorReport) -> String {
    let quote = short_quote(&quote_of(project, r), 58);
    let id = r.annotation.0;
    let (old_start, old_end) = (r.old.start.0, r.old.end.0);
    match r.anchoring {
        Anchoring::Kept => {
            let (s, e) = chars(doc, r.old).unwrap_or((old_start, old_end));
            format!("kept     annotation {id} at {s}..{e} {quote:?}")
        }
        Anchoring::Moved { span, score, how } => {
            let (s, e) = chars(doc, span).unwrap_or_default();
            format!(
                "moved    annotation {id} bytes {old_start}..{old_end} -> {s}..{e} (score {score:.2}, {}) {quote:?}",
                match how {
                    crate::analysis::reanchor::Method::Exact => "exact",
                    crate::analysis::reanchor::Method::Fuzzy => "fuzzy",
                }
            )
        }
        Anchoring::Orphaned { best_score } => format!(
            "orphaned annotation {id} (was bytes {old_start}..{old_end}; best candidate {best_score:.2}) {quote:?}"
        ),
    }
}

fn report_json(project: &Project, doc: Option<&Document>, r: &AnchorReport) -> serde_json::Value {
    let mut value = json!({
        "annotation": r.annotation.0,
        "outcome": r.anchoring.name(),
        "quote": quote_of(project, r),
        "old_bytes": [r.old.start.0, r.old.end.0],
    });
    match r.anchoring {
        Anchoring::Kept => {
            value["new"] = json!(chars(doc, r.old));
        }
        Anchoring::Moved { span, score, how } => {
            value["new"] = json!(chars(doc, span));
            value["new_bytes"] = json!([span.start.0, span.end.0]);
            value["score"] = json!(score);
            value["how"] = json!(how);
        }
        Anchoring::Orphaned { best_score } => {
            value["best_score"] = json!(best_score);
        }
    }
    value
}
