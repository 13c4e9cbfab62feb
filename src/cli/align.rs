//! `diptych align A B`: which paragraphs (or sentences) of two versions of an
//! article correspond, as a side-by-side report or one JSON object.

use std::io::Write;
use std::path::{Path, PathBuf};
use std::process::ExitCode;

use anyhow::{Context, anyhow, bail};
use clap::Args;
use serde::Serialize;

use crate::analysis::align::{Alignment, align};
use crate::analysis::segment;
use crate::io::corpus::ImportOptions;
use crate::io::decode::decode;
use crate::io::html::html_to_text;
use crate::model::{Document, DocumentId, SourceFormat, Span, short_quote};

/// The arguments of `diptych align`.
#[derive(Debug, Args)]
pub struct AlignArgs {
    /// The first version: a file (.txt, .md, .html ...), or a document id with --project.
    pub a: String,
    /// The second version: a file, or a document id with --project.
    pub b: String,
    /// Read A and B as document ids of this .ron project.
    #[arg(long)]
    pub project: Option<PathBuf>,
    /// Align sentences instead of paragraphs.
    #[arg(long)]
    pub sentences: bool,
    /// Print one JSON object with code-point offsets.
    #[arg(long)]
    pub json: bool,
}

/// Runs `diptych align`. Unreadable input is an error (exit 2, naming the file).
pub fn run(args: &AlignArgs, options: &ImportOptions) -> anyhow::Result<ExitCode> {
    let (a, b) = match &args.project {
        Some(project) => {
            let (workspace, _, _) = super::open::open_project(project, options)?;
            let get = |id: &str| {
                workspace
                    .corpus
                    .get(&DocumentId::from(id))
                    .cloned()
                    .ok_or_else(|| anyhow!("{}: no document {id:?}", project.display()))
            };
            (get(&args.a)?, get(&args.b)?)
        }
        None => (
            read_document(Path::new(&args.a), options)?,
            read_document(Path::new(&args.b), options)?,
        ),
    };
    let segments = |doc: &Document| {
        if args.sentences {
            segment::sentences(&doc.text())
        } else {
            segment::paragraphs(&doc.text())
        }
    };
    let (a_segments, b_segments) = (segments(&a), segments(&b));
    let alignment = align(&a.text(), &a_segments, &b.text(), &b_segments);
    let sides = [
        Side {
            name: &args.a,
            doc: &a,
            segments: &a_segments,
        },
        Side {
            name: &args.b,
            doc: &b,
            segments: &b_segments,
        },
    ];
    let mut out = std::io::stdout().lock();
    if args.json {
        let report = JsonReport::new(&sides, &alignment);
        writeln!(out, "{}", serde_json::to_string(&report)?)?;
    } else {
        let unit = if args.sentences {
            "sentences"
        } else {
            "paragraphs"
        };
        write_report(&mut out, &sides, &alignment, unit)?;
    }
    Ok(ExitCode::SUCCESS)
}

/// Reads and decodes one file; HTML becomes its readable text.
fn read_document(path: &Path, options: &ImportOptions) -> anyhow::Result<Document> {
    let size = std::fs::metadata(path)
        .with_context(|| format!("cannot read {}", path.display()))?
        .len();
    if size > options.max_file_size {
        bail!(
            "{}: too large: {size} bytes, the limit is {} bytes",
            path.display(),
            options.max_file_size
        );
    }
    let bytes = std::fs::read(path).with_context(|| format!("cannot read {}", path.display()))?;
    let decoded = decode(&bytes).map_err(|reason| anyhow!("{}: {reason}", path.display()))?;
    let format = path
        .extension()
        .and_then(|e| SourceFormat::from_extension(&e.to_string_lossy().to_lowercase()))
        .unwrap_or_default();
    let text = if format == SourceFormat::Html {
        html_to_text(&decoded.text).text
    } else {
        decoded.text.into_owned()
    };
    let id = DocumentId(path.to_string_lossy().into());
    Ok(Document::new(
        id,
        String::new(),
        text,
        format,
        decoded.encoding,
    ))
}

/// One document as named on the command line, with its segments.
struct Side<'a> {
    name: &'a str,
    doc: &'a Document,
    segments: &'a [Span],
}

impl Side<'_> {
    /// Code-point offsets of the span from the first to the last of `indices`.
    fn codepoints(&self, indices: &[usize]) -> [usize; 2] {
        let (Some(&first), Some(&last)) = (indices.first(), indices.last()) else {
            return [0, 0];
        };
        let offsets = self.doc.offsets();
        [
            offsets
                .byte_to_char(&self.doc.text(), self.segments[first].start)
                .0,
            offsets
                .byte_to_char(&self.doc.text(), self.segments[last].end)
                .0,
        ]
    }

    /// The segments' text on one line, cut to `width` characters.
    fn excerpt(&self, indices: &[usize], width: usize) -> String {
        let doc_text = self.doc.text();
        let text: Vec<&str> = indices
            .iter()
            .flat_map(|&i| self.segments[i].slice(&doc_text))
            .collect();
        short_quote(&text.join(" ¶ "), width)
    }
}

#[derive(Serialize)]
struct JsonPair {
    a: [usize; 2],
    b: [usize; 2],
    score: f64,
}

/// What `--json` prints, keys in this order.
#[derive(Serialize)]
struct JsonReport<'a> {
    a: &'a str,
    b: &'a str,
    unit: &'static str,
    pairs: Vec<JsonPair>,
    only_a: Vec<[usize; 2]>,
    only_b: Vec<[usize; 2]>,
}

impl<'a> JsonReport<'a> {
    fn new(sides: &[Side<'a>; 2], alignment: &Alignment) -> Self {
        let [a, b] = sides;
        Self {
            a: a.name,
            b: b.name,
            unit: "codepoint",
            pairs: alignment
                .pairs
                .iter()
                .map(|pair| JsonPair {
                    a: a.codepoints(&pair.a),
                    b: b.codepoints(&pair.b),
                    score: (f64::from(pair.score) * 1000.0).round() / 1000.0,
                })
                .collect(),
            only_a: alignment
                .only_a
                .iter()
                .map(|&i| a.codepoints(&[i]))
                .collect(),
            only_b: alignment
                .only_b
                .iter()
                .map(|&j| b.codepoints(&[j]))
                .collect(),
        }
    }
}

/// One line of the side-by-side report: segments of A, of B, and the score of a pair.
struct Row<'r> {
    a: &'r [usize],
    b: &'r [usize],
    score: Option<f32>,
}

/// The report's lines in text order: each pair, with the one-sided
/// segments that come before it on either side.
fn rows(alignment: &Alignment) -> Vec<Row<'_>> {
    let mut rows = Vec::new();
    let (mut ia, mut ib) = (0, 0);
    let (only_a, only_b) = (&alignment.only_a, &alignment.only_b);
    for pair in &alignment.pairs {
        while ia < only_a.len() && pair.a.first().is_some_and(|&f| only_a[ia] < f) {
            rows.push(Row {
                a: &only_a[ia..=ia],
                b: &[],
                score: None,
            });
            ia += 1;
        }
        while ib < only_b.len() && pair.b.first().is_some_and(|&f| only_b[ib] < f) {
            rows.push(Row {
                a: &[],
                b: &only_b[ib..=ib],
                score: None,
            });
            ib += 1;
        }
        rows.push(Row {
            a: &pair.a,
            b: &pair.b,
            score: Some(pair.score),
        });
    }
    rows.extend((ia..only_a.len()).map(|k| Row {
        a: &only_a[k..=k],
        b: &[],
        score: None,
    }));
    rows.extend((ib..only_b.len()).map(|k| Row {
        a: &[],
        b: &only_b[k..=k],
        score: None,
    }));
    rows
}

/// Column width of each side's text in the report, in characters.
const COLUMN: usize = 44;

fn write_report(
    out: &mut impl Write,
    sides: &[Side; 2],
    alignment: &Alignment,
    unit: &str,
) -> std::io::Result<()> {
    let [a, b] = sides;
    writeln!(out, "A: {} ({} {unit})", a.name, a.segments.len())?;
    writeln!(out, "B: {} ({} {unit})", b.name, b.segments.len())?;
    let merged = alignment
        .pairs
        .iter()
        .filter(|p| p.a.len() + p.b.len() > 2)
        .count();
    writeln!(
        out,
        "{} pairs ({merged} of them 1-2 or 2-1), {} only in A, {} only in B",
        alignment.pairs.len(),
        alignment.only_a.len(),
        alignment.only_b.len()
    )?;
    writeln!(out)?;
    writeln!(
        out,
        "{:>5} {:<COLUMN$} │ {:>5} {:<COLUMN$} score",
        "#A", "A", "#B", "B"
    )?;
    let numbers = |indices: &[usize]| {
        indices
            .iter()
            .map(ToString::to_string)
            .collect::<Vec<_>>()
            .join("+")
    };
    for row in rows(alignment) {
        let score = row.score.map_or_else(String::new, |s| format!("{s:.2}"));
        let line = format!(
            "{:>5} {:<COLUMN$} │ {:>5} {:<COLUMN$} {score}",
            numbers(row.a),
            a.excerpt(row.a, COLUMN),
            numbers(row.b),
            b.excerpt(row.b, COLUMN),
        );
        writeln!(out, "{}", line.trim_end())?;
    }
    Ok(())
}
