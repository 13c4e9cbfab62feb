//! The command line: every headless operation, and the entry to the window.

use std::io::Write;
use std::path::{Path, PathBuf};
use std::process::ExitCode;
use std::sync::atomic::AtomicBool;
use std::time::Duration;

use anyhow::bail;
use clap::{Parser, Subcommand};
use serde_json::json;

use crate::io::corpus::{Corpus, ImportOptions, Skipped, load_folder};
use crate::io::export::{ExportOptions, Format as ExportFormat};
use crate::io::import::{ImportAs, ImportFormat, ImportSettings, ImportUnit};
use crate::io::target::TargetGuard;
use crate::io::workspace::{Consistency, Workspace};
use crate::model::OffsetUnit;
use crate::model::{AnnotationId, DocStatus, DocumentId, Project};

mod agree;
mod align;
mod failure;
mod manual;
mod merge;
mod open;
mod reanchor;
mod search;
mod suggest;
mod term;
mod write;

use failure::report_failure;
pub use manual::{EXIT_CODES, subcommand_names};
use open::{kept_to_the_end, open_project};
pub use term::error_text;
use term::shown;

/// Diptych: read news articles side by side, annotate their claims, export datasets.
#[derive(Debug, Parser)]
#[command(
    name = "diptych",
    version = crate::version::LINE,
    about,
    // `diptych PATH` opens the window; a first word that names a
    // subcommand is that subcommand. The global options may come first
    // (`diptych -v stats P`, `diptych --wait 5 import …`).
    subcommand_precedence_over_arg = true
)]
pub struct Cli {
    /// A folder of articles or a .ron project to open in the window
    /// (without it, the bundled sample project opens).
    pub path: Option<PathBuf>,
    /// Skip files larger than this many bytes when reading a folder.
    #[arg(long, global = true, default_value_t = ImportOptions::DEFAULT_MAX_FILE_SIZE)]
    pub max_file_size: u64,
    /// Stop reading a folder that holds more files than this.
    #[arg(long, global = true, default_value_t = ImportOptions::DEFAULT_MAX_FILES)]
    pub max_files: usize,
    /// Stop reading a folder whose files add up to more bytes than this.
    #[arg(long, global = true, default_value_t = ImportOptions::DEFAULT_MAX_TOTAL_BYTES)]
    pub max_total_bytes: u64,
    /// Commands that save a project: while another writer has it locked,
    /// wait up to this many seconds for it (default: fail at once, exit code 3).
    #[arg(long, global = true, value_name = "SECONDS", default_value_t = 0.0, value_parser = parse_wait)]
    pub wait: f64,
    /// Your name as annotator: written on the spans an import brings that do
    /// not say who made them, and on the window's annotations
    /// (default: $DIPTYCH_ANNOTATOR; the window: its Preferences).
    #[arg(long, global = true, value_name = "NAME", value_parser = parse_annotator)]
    pub annotator: Option<String>,
    /// Say more on standard error: -v what was read and written (sizes,
    /// counts, durations), -vv the steps inside. RUST_LOG overrides.
    #[arg(short, long, global = true, action = clap::ArgAction::Count)]
    pub verbose: u8,
    /// Say nothing on standard error but the command's own messages and errors.
    #[arg(short, long, global = true, conflicts_with = "verbose")]
    pub quiet: bool,
    #[command(subcommand)]
    pub command: Option<Command>,
}

#[derive(Debug, Subcommand)]
pub enum Command {
    /// Create a project over a folder of articles.
    New {
        /// The folder of articles (read recursively).
        folder: PathBuf,
        /// The project file to write.
        #[arg(short, long)]
        output: PathBuf,
        /// Project name (default: the folder's name).
        #[arg(long)]
        name: Option<String>,
        /// Replace an existing project file (the old one is kept as .bak).
        #[arg(long)]
        force: bool,
    },
    /// Count documents, characters, words, annotations and links of a folder or project.
    Stats {
        /// A folder or a .ron project.
        path: PathBuf,
        /// Print one JSON object.
        #[arg(long)]
        json: bool,
    },
    /// Load and validate a project; exit 0 when consistent, 1 when something needs attention
    /// (changed or missing documents, quote mismatches, orphaned annotations), 2 when it cannot be loaded.
    /// With --reanchor: exit 0 when every annotation was kept or moved, 1 when orphans exist.
    Check {
        /// The .ron project.
        project: PathBuf,
        /// Print one JSON object.
        #[arg(long)]
        json: bool,
        /// Re-anchor the annotations of documents whose text changed and report each one
        /// (kept, moved, orphaned); nothing is written without --write.
        #[arg(long)]
        reanchor: bool,
        /// With --reanchor: store the result (saved atomically, the old file kept as .bak).
        #[arg(long, requires = "reanchor")]
        write: bool,
    },
    /// Export annotations as a dataset (see docs/formats.md).
    Export {
        /// The .ron project.
        project: PathBuf,
        /// jsonl, pairs, csv, label-studio, doccano, spacy, brat, conll, w3c or parquet.
        #[arg(long, value_parser = parse_export_format)]
        format: ExportFormat,
        /// The file to write (a folder for brat); `-` for standard output
        /// (single-file formats; the report then goes to standard error).
        #[arg(short, long)]
        output: PathBuf,
        /// Offset unit: codepoint (Python string indices), utf16 or byte.
        /// Default: codepoint; utf16 for doccano.
        #[arg(long, value_parser = parse_offset_unit)]
        offsets: Option<OffsetUnit>,
        /// Only these labels (names or ids), comma-separated.
        #[arg(long, value_delimiter = ',')]
        labels: Vec<String>,
        /// Only the annotations of these annotators, comma-separated (e.g. the gold layer).
        #[arg(long, value_delimiter = ',')]
        annotators: Vec<String>,
        /// Also export suggestions (as predictions where the format has them).
        #[arg(long)]
        include_suggestions: bool,
        /// Only these documents: comma-separated ids or globs (`*`, `?`).
        #[arg(long)]
        documents: Option<String>,
        /// doccano: write the entities/relations form (with links).
        #[arg(long)]
        relations: bool,
        /// Print the report as one JSON object.
        #[arg(long)]
        json: bool,
    },
    /// Import annotations from a file into a project (saved atomically, the old file kept as .bak).
    /// Exit 0 when everything was imported, 1 when some records or spans were not (listed), 2 on error.
    Import {
        /// The .ron project.
        project: PathBuf,
        /// jsonl, label-studio, doccano or w3c.
        #[arg(long, value_parser = parse_import_format)]
        format: ImportFormat,
        /// The file to import.
        file: PathBuf,
        /// annotations (as the file has them) or suggestions.
        #[arg(long = "as", value_parser = parse_import_as, default_value = "annotations")]
        mode: ImportAs,
        /// Offset unit of the file: codepoint, utf16, byte or grapheme.
        /// Default: what the file says, else utf16 for doccano and codepoint for the others.
        #[arg(long, value_parser = parse_import_unit)]
        offsets: Option<ImportUnit>,
        /// Report what would be imported without saving.
        #[arg(long)]
        dry_run: bool,
        /// Print the report as one JSON object.
        #[arg(long)]
        json: bool,
    },
    /// Align two versions of an article: which paragraphs (or sentences) correspond.
    Align(align::AlignArgs),
    /// How far annotators agree: span F1 (exact, overlap), Cohen's and Fleiss' kappa and
    /// Krippendorff's alpha per label and per pair, sentiment agreement, and a per-document table.
    Agree(agree::AgreeArgs),
    /// Three-way merge of project files, for git (`diptych merge %O %A %B -o %A`): annotations
    /// and links matched by id; one changed differently on both sides is kept twice (theirs
    /// marked as conflicting, listed by `check`). Exit 0 clean, 1 conflicts kept, 2 error.
    Merge(merge::MergeArgs),
    /// Search the corpus's text: words (all must occur), "quoted phrases",
    /// and filters label:NAME, sentiment:S, status:S, annotator:NAME,
    /// path:PREFIX (see docs/search.md). The index is kept in the user's
    /// cache folder and brought up to date first (only changed files are read).
    Search {
        /// The .ron project.
        project: PathBuf,
        /// The query, e.g. 'minister "the plan" label:Claim'.
        query: String,
        /// Show at most this many documents, best first.
        #[arg(long, default_value_t = 50)]
        limit: usize,
        /// Print `{"query", "total", "hits": [{"document", "start", "end", "snippet"}]}`
        /// with code-point offsets.
        #[arg(long)]
        json: bool,
    },
    /// Suggest disclaimers, boilerplate, claim candidates and counterparts (never applied silently).
    Suggest {
        /// The .ron project (or a folder, without --write).
        project: PathBuf,
        /// Print `{"suggestions": [...]}` with code-point offsets.
        #[arg(long)]
        json: bool,
        /// Store them in the project as suggested annotations (one edit, saved atomically).
        #[arg(long)]
        write: bool,
    },
    /// Print the shell completion script for bash, zsh, fish, elvish or powershell
    /// (e.g. `diptych completions bash > ~/.local/share/bash-completion/completions/diptych`).
    Completions {
        /// The shell.
        shell: clap_complete::Shell,
    },
    /// Print the manual page diptych(1) (roff; `diptych manpage | man -l -`), or with
    /// --dir write it and one page per subcommand there.
    Manpage {
        /// Write diptych.1 and diptych-SUBCOMMAND.1 into this folder.
        #[arg(long, value_name = "DIR")]
        dir: Option<PathBuf>,
    },
}

fn parse_wait(s: &str) -> Result<f64, String> {
    match s.parse::<f64>() {
        Ok(seconds) if seconds.is_finite() && (0.0..=86_400.0).contains(&seconds) => Ok(seconds),
        _ => Err(format!("{s:?} is not a number of seconds from 0 to 86400")),
    }
}

fn parse_export_format(s: &str) -> Result<ExportFormat, String> {
    s.parse()
}

fn parse_import_format(s: &str) -> Result<ImportFormat, String> {
    s.parse()
}

fn parse_import_as(s: &str) -> Result<ImportAs, String> {
    s.parse()
}

fn parse_import_unit(s: &str) -> Result<ImportUnit, String> {
    s.parse()
}

fn parse_offset_unit(s: &str) -> Result<OffsetUnit, String> {
    match s {
        "codepoint" => Ok(OffsetUnit::Codepoint),
        "utf16" => Ok(OffsetUnit::Utf16),
        "byte" => Ok(OffsetUnit::Byte),
        _ => Err(format!(
            "unknown offset unit {s:?} (codepoint, utf16 or byte)"
        )),
    }
}

/// What `main` should do after parsing.
pub enum Outcome {
    /// Open the window on this path (or on the sample project), with the
    /// annotator's name given on the command line and how much to log on
    /// standard error.
    Gui(Option<PathBuf>, Option<String>, crate::logging::Verbosity),
    /// A command ran; exit with this code.
    Exit(ExitCode),
}

impl Cli {
    /// How long, in milliseconds, the allocator keeps freed memory before it
    /// gives it back to the system (mimalloc's purge delay), set once at
    /// start. 0 for the window and for the commands whose peak is a goal
    /// (a project's load within twice its file, `suggest` within 1.5 GB):
    /// loading a project frees its file's bytes and parse buffers while it
    /// builds the project, and the peak would otherwise hold both. 10 ms for
    /// `export` and `import`, which make and drop a batch of output or a
    /// parse buffer after another: given back at once, each was asked of the
    /// system again, a page fault per 4 KiB page. A JSONL export of 10,000
    /// articles: 52,000 faults and 656 ms of CPU, now 26,000 and 568 ms
    /// (with the text's faster escaping), for a peak 35–42 MB higher (94 →
    /// 131 MB; the import of 50,000 spans 187 → 229 MB); neither has a goal
    /// for its peak (BENCHMARKS.md, twentieth session).
    pub fn purge_delay_ms(&self) -> i32 {
        match self.command {
            Some(Command::Export { .. } | Command::Import { .. }) => 10,
            _ => 0,
        }
    }
}

/// Runs a parsed command line. Errors are printed here, once.
pub fn run(cli: Cli) -> Outcome {
    let options = ImportOptions {
        max_file_size: cli.max_file_size,
        max_files: cli.max_files,
        max_total_bytes: cli.max_total_bytes,
        pack_texts: false,
    };
    let wait = Duration::from_secs_f64(cli.wait);
    let verbosity = crate::logging::Verbosity::of(cli.quiet, cli.verbose);
    let annotator = match annotator_given(cli.annotator.clone()) {
        Ok(annotator) => annotator,
        Err(err) => {
            eprintln!("diptych: error: {}", shown(&err));
            return Outcome::Exit(ExitCode::from(2));
        }
    };
    let Some(command) = cli.command else {
        if let Some(path) = cli.path.as_ref().filter(|p| !p.exists()) {
            eprintln!("diptych: error: {} does not exist", path.display());
            return Outcome::Exit(ExitCode::from(2));
        }
        return Outcome::Gui(cli.path, annotator, verbosity);
    };
    crate::logging::init_cli(verbosity);
    let json = command.json();
    let result = match command {
        Command::New {
            folder,
            output,
            name,
            force,
        } => new_project(&folder, &output, name, force, wait, &options).map(|()| ExitCode::SUCCESS),
        Command::Stats { path, json } => stats(&path, json, &options).map(|()| ExitCode::SUCCESS),
        Command::Check {
            project,
            json,
            reanchor: true,
            write,
        } => reanchor::run(&project, json, write.then_some(wait), &options),
        Command::Check { project, json, .. } => check(&project, json, &options),
        Command::Export {
            project,
            format,
            output,
            offsets,
            labels,
            annotators,
            include_suggestions,
            documents,
            relations,
            json,
        } => {
            let export_options = ExportOptions {
                offsets,
                labels,
                annotators,
                include_suggestions,
                documents,
                relations,
            };
            export(&project, format, &export_options, &output, json, &options)
                .map(|()| ExitCode::SUCCESS)
        }
        Command::Import {
            project,
            format,
            file,
            mode,
            offsets,
            dry_run,
            json,
        } => {
            let settings = ImportSettings {
                mode,
                offsets,
                annotator,
            };
            let write = (!dry_run).then_some(wait);
            import(&project, format, &file, &settings, write, json, &options)
        }
        Command::Align(args) => align::run(&args, &options),
        Command::Agree(args) => agree::run(&args, &options).map(|()| ExitCode::SUCCESS),
        Command::Merge(args) => merge::run(&args),
        Command::Search {
            project,
            query,
            limit,
            json,
        } => search::run(&project, &query, limit, json, &options).map(|()| ExitCode::SUCCESS),
        Command::Suggest {
            project,
            json,
            write,
        } => suggest::run(&project, json, write.then_some(wait), &options),
        Command::Completions { shell } => {
            manual::completions(shell, &mut std::io::stdout().lock()).map(|()| ExitCode::SUCCESS)
        }
        Command::Manpage { dir } => manual::manpage(dir.as_deref(), &mut std::io::stdout().lock())
            .map(|()| ExitCode::SUCCESS),
    };
    Outcome::Exit(result.unwrap_or_else(|err| report_failure(&err, json)))
}

fn no_progress(_: crate::io::corpus::Progress) {}

/// `--annotator` as typed (trimmed; it must be a usable name).
fn parse_annotator(name: &str) -> Result<String, String> {
    let name = name.trim();
    match crate::model::annotator_problem(name) {
        None => Ok(name.to_owned()),
        Some(problem) => Err(problem.to_owned()),
    }
}

/// The annotator's name: `--annotator`, else `$DIPTYCH_ANNOTATOR` (which
/// must be a usable name too), else none.
fn annotator_given(flag: Option<String>) -> Result<Option<String>, String> {
    if flag.is_some() {
        return Ok(flag);
    }
    match std::env::var("DIPTYCH_ANNOTATOR") {
        Ok(name) if !name.trim().is_empty() => parse_annotator(&name)
            .map(Some)
            .map_err(|problem| format!("DIPTYCH_ANNOTATOR: {problem}")),
        _ => Ok(None),
    }
}

fn new_project(
    folder: &Path,
    output: &Path,
    name: Option<String>,
    force: bool,
    wait: Duration,
    options: &ImportOptions,
) -> anyhow::Result<()> {
    if output.exists() && !force {
        bail!(
            "{} already exists (use --force to replace it; the old file is kept as .bak)",
            output.display()
        );
    }
    TargetGuard::for_new_project(folder).check(output)?;
    // Held until the new project is saved: no other writer is between
    // loading and saving the file this replaces.
    let _lock = write::lock(output, "diptych new", wait)?;
    let mut workspace =
        Workspace::from_folder(folder, options, &no_progress, &AtomicBool::new(false))?;
    if let Some(name) = name {
        workspace.project.name = name;
    }
    workspace.save_as(output)?;
    report_skipped(&workspace.corpus.skipped);
    println!(
        "created {} with {} documents from {}",
        output.display(),
        workspace.project.documents.len(),
        folder.display()
    );
    Ok(())
}

fn report_skipped(skipped: &[Skipped]) {
    for skip in skipped {
        eprintln!(
            "skipped {}: {}",
            shown(&skip.path),
            shown(&skip.reason.to_string())
        );
    }
}

/// True when `path` names a project file rather than a folder.
fn is_project_file(path: &Path) -> bool {
    !path.is_dir()
        && path
            .extension()
            .is_some_and(|e| e.eq_ignore_ascii_case("ron"))
}

fn stats(path: &Path, json: bool, options: &ImportOptions) -> anyhow::Result<()> {
    let cancel = AtomicBool::new(false);
    let (project, corpus) = if is_project_file(path) {
        let (workspace, _, _) = open_project(path, options)?;
        (workspace.project, workspace.corpus)
    } else if path.is_dir() {
        let corpus = load_folder(path, options, &no_progress, &cancel)?;
        let mut project = Project::new("", path);
        for doc in corpus.documents.values() {
            project
                .documents
                .insert(doc.id.clone(), crate::model::DocRecord::of(doc));
        }
        (project, corpus)
    } else {
        bail!("{} is neither a folder nor a .ron project", path.display());
    };
    let kept = kept_to_the_end((project, corpus));
    let (project, corpus) = (&kept.0, &kept.1);
    let counts = Counts::of(project, corpus);
    let orphans = project.annotations.values().filter(|a| a.orphaned).count();
    let mut out = std::io::stdout().lock();
    if json {
        let skipped: Vec<_> = corpus
            .skipped
            .iter()
            .map(|s| json!({"path": s.path, "reason": s.reason.to_string()}))
            .collect();
        let mut value = json!({
            "documents": counts.documents,
            "characters": counts.characters,
            "words": counts.words,
            "annotations": project.counts_by_label(),
            "suggestions": project.suggestion_counts_by_label(),
            "links": project.links.len(),
            "skipped": skipped,
        });
        if is_project_file(path) {
            // Annotations that re-anchoring could not place (a project has them, a folder not).
            value["orphaned"] = orphans.into();
        }
        writeln!(out, "{}", serde_json::to_string_pretty(&value)?)?;
        return Ok(());
    }
    writeln!(out, "documents:   {}", counts.documents)?;
    writeln!(out, "characters:  {}", counts.characters)?;
    writeln!(out, "words:       {}", counts.words)?;
    for (name, counts) in [
        ("annotations:", project.counts_by_label()),
        ("suggestions:", project.suggestion_counts_by_label()),
    ] {
        writeln!(out, "{name} {}", counts.values().sum::<usize>())?;
        for (label, n) in counts {
            writeln!(out, "  {}: {n}", shown(&label))?;
        }
    }
    writeln!(out, "orphaned:    {orphans}")?;
    writeln!(out, "links:       {}", project.links.len())?;
    writeln!(out, "status:")?;
    for status in DocStatus::ALL {
        let n = project
            .documents
            .values()
            .filter(|d| d.fields.status == status)
            .count();
        writeln!(out, "  {}: {n}", status.name())?;
    }
    writeln!(out, "skipped:     {}", corpus.skipped.len())?;
    for skip in &corpus.skipped {
        let reason = skip.reason.to_string();
        writeln!(out, "  {}: {}", shown(&skip.path), shown(&reason))?;
    }
    Ok(())
}

/// Size of the documents of a project that are present in its corpus.
struct Counts {
    documents: usize,
    characters: usize,
    words: usize,
}

impl Counts {
    fn of(project: &Project, corpus: &Corpus) -> Self {
        use rayon::prelude::*;
        let docs: Vec<_> = project
            .documents
            .keys()
            .filter_map(|id| corpus.get(id))
            .collect();
        let (characters, words) = docs
            .par_iter()
            .map(|d| {
                // Code points counted directly: the document's offset
                // index (built on first use) is not needed for a count.
                (
                    d.text().chars().count(),
                    crate::model::words::word_count(&d.text()),
                )
            })
            .reduce(|| (0, 0), |a, b| (a.0 + b.0, a.1 + b.1));
        Self {
            documents: project.documents.len(),
            characters,
            words,
        }
    }
}

fn check(path: &Path, json: bool, options: &ImportOptions) -> anyhow::Result<ExitCode> {
    let (workspace, report, _) = open_project(path, options)?;
    let workspace = kept_to_the_end(workspace);
    let conflicts = conflict_pairs(&workspace.project);
    let ok = report.is_clean() && conflicts.is_empty();
    if json {
        let value = json!({
            "ok": ok,
            "documents": workspace.project.documents.len(),
            "annotations": workspace.project.annotations.len(),
            "links": workspace.project.links.len(),
            "changed": report.changed,
            "missing": report.missing,
            "new_documents": report.new_documents,
            "quote_mismatches": report.quote_mismatches,
            "orphans": report.orphans.iter().map(|id| {
                let a = &workspace.project.annotations[id];
                json!({"annotation": id.0, "document": a.document, "quote": a.quote.exact()})
            }).collect::<Vec<_>>(),
            "skipped": workspace.corpus.skipped,
            "conflicts": conflicts.iter().map(|(a, other, document)| {
                json!({"annotation": a.0, "conflicts_with": other.0, "document": document})
            }).collect::<Vec<_>>(),
        });
        println!(
            "{}",
            serde_json::to_string_pretty(&value).unwrap_or_default()
        );
    } else {
        print_check(path, &workspace, &report);
        for (a, other, document) in &conflicts {
            println!(
                "conflict: annotation {a} in {} conflicts with {other} (both kept by a merge; keep one in the window)",
                shown(document.as_str())
            );
        }
        println!("{}", if ok { "ok" } else { "needs attention" });
    }
    Ok(if ok {
        ExitCode::SUCCESS
    } else {
        ExitCode::from(1)
    })
}

/// The annotations a merge marked as conflicting: (marked, the one it
/// conflicts with, their document), by id.
fn conflict_pairs(project: &Project) -> Vec<(AnnotationId, AnnotationId, DocumentId)> {
    crate::model::merge::conflicts(project)
        .into_iter()
        .map(|(a, other)| (a.id, other, a.document.clone()))
        .collect()
}

fn print_check(path: &Path, workspace: &Workspace, report: &Consistency) {
    let project = &workspace.project;
    println!(
        "{}: {} documents, {} annotations, {} links",
        path.display(),
        project.documents.len(),
        project.annotations.len(),
        project.links.len()
    );
    for id in &report.changed {
        println!(
            "changed: {} (text differs from the stored hash; `diptych check --reanchor` re-anchors its annotations)",
            shown(id.as_str())
        );
    }
    for id in &report.missing {
        println!(
            "missing: {} (not found in {})",
            shown(id.as_str()),
            shown(&workspace.corpus.root.display().to_string())
        );
    }
    for id in &report.new_documents {
        println!(
            "new: {} (in the folder, not yet in the project)",
            shown(id.as_str())
        );
    }
    for m in &report.quote_mismatches {
        let found = m
            .found
            .as_deref()
            .map_or_else(|| misplaced_span(workspace, m), |f| format!("{f:?}"));
        println!(
            "quote mismatch: annotation {} in {} at {}..{}: stored {:?}, text has {found}",
            m.annotation.0,
            shown(m.document.as_str()),
            m.start,
            m.end,
            m.expected
        );
    }
    for id in &report.orphans {
        let a = &project.annotations[id];
        println!(
            "orphaned: annotation {} in {}: {:?} (no place found in the changed text; kept, not exported)",
            id.0,
            shown(a.document.as_str()),
            a.quote.exact()
        );
    }
    for skip in &workspace.corpus.skipped {
        let reason = skip.reason.to_string();
        println!("skipped: {}: {}", shown(&skip.path), shown(&reason));
    }
}

/// Why a quote mismatch's span has no text: it ends past the text, or one
/// of its ends is inside a character.
fn misplaced_span(workspace: &Workspace, m: &crate::io::workspace::QuoteMismatch) -> String {
    let held = workspace.corpus.get(&m.document).map(|d| d.text());
    let text = held.as_deref().unwrap_or("");
    let span = crate::model::Span {
        start: crate::model::ByteOffset(m.start),
        end: crate::model::ByteOffset(m.end),
    };
    match span.check(text) {
        Err(err) => format!("no text there: {err}"),
        Ok(()) => "no text there".to_owned(),
    }
}

fn export(
    project: &Path,
    format: ExportFormat,
    export_options: &ExportOptions,
    output: &Path,
    json: bool,
    options: &ImportOptions,
) -> anyhow::Result<()> {
    if !is_project_file(project) {
        bail!("{} is not a .ron project", project.display());
    }
    let workspace = kept_to_the_end(open_project(project, options)?.0);
    let to_stdout = output == Path::new("-");
    let report = if to_stdout {
        crate::io::export::export_to_stdout(&workspace, format, export_options, &|_, _| {})?
    } else {
        crate::io::export::export(&workspace, format, export_options, output, &|_, _| {})?
    };
    // With `-o -` the data owns standard output; the report goes beside it.
    let mut out: Box<dyn Write> = if to_stdout {
        Box::new(std::io::stderr().lock())
    } else {
        Box::new(std::io::stdout().lock())
    };
    if json {
        writeln!(out, "{}", serde_json::to_string_pretty(&report)?)?;
        return Ok(());
    }
    let unit = report
        .offset_unit
        .map_or_else(String::new, |u| format!(", offsets in {u}"));
    writeln!(
        out,
        "exported {} span(s) ({} suggestion(s)) and {} link(s) of {} document(s) as {format}{unit}",
        report.spans, report.suggestions, report.links, report.documents
    )?;
    for file in &report.files {
        writeln!(out, "  {}", file.display())?;
    }
    for warning in &report.warnings {
        eprintln!("warning: {}", shown(&warning.to_string()));
    }
    Ok(())
}

fn import(
    project: &Path,
    format: ImportFormat,
    file: &Path,
    settings: &ImportSettings,
    write: Option<Duration>,
    json: bool,
    options: &ImportOptions,
) -> anyhow::Result<ExitCode> {
    if !is_project_file(project) {
        bail!("{} is not a .ron project", project.display());
    }
    let dry_run = write.is_none();
    // The import file is read and parsed while the project and its corpus
    // are; an error opening the project is still the one told.
    let (opened, parsed) = std::thread::scope(|scope| {
        let parsed = scope.spawn(|| crate::io::import::parse(format, file));
        let opened = match write {
            Some(wait) => write::open_for_writing(project, "diptych import", wait, options)
                .map(|(workspace, _, writing)| (workspace, Some(writing))),
            None => open_project(project, options)
                .map(|(workspace, ..)| (workspace, None))
                .map_err(anyhow::Error::from),
        };
        let parsed = parsed
            .join()
            .unwrap_or_else(|panic| std::panic::resume_unwind(panic));
        (opened, parsed)
    });
    let (workspace, writing) = opened?;
    let mut workspace = kept_to_the_end(workspace);
    let plan = parsed?.plan(&workspace, settings);
    let report = plan.report;
    let changes = matches!(&plan.edit, crate::model::Edit::Batch(edits) if !edits.is_empty());
    if let Some(writing) = writing.filter(|_| changes) {
        let undo = crate::model::apply(&mut workspace.project, plan.edit)?;
        writing.save(&mut workspace, project, undo)?;
    }
    let mut out = std::io::stdout().lock();
    if json {
        let mut value = serde_json::to_value(&report)?;
        value["saved"] = (changes && !dry_run).into();
        writeln!(out, "{}", serde_json::to_string_pretty(&value)?)?;
    } else {
        writeln!(
            out,
            "{}: {} record(s), {} matched by id or path, {} by text; {} annotation(s) ({} suggestion(s)) and {} link(s) imported, {} already present",
            file.display(),
            report.records,
            report.matched_by_id,
            report.matched_by_text,
            report.annotations,
            report.suggestions,
            report.links,
            report.duplicates
        )?;
        if !report.labels_added.is_empty() {
            let names: Vec<_> = report.labels_added.iter().map(|n| shown(n)).collect();
            writeln!(out, "new labels: {}", names.join(", "))?;
        }
        if report.document_fields > 0 {
            writeln!(out, "document fields set: {}", report.document_fields)?;
        }
        for item in &report.unmatched {
            writeln!(out, "unmatched: {}", shown(&item.to_string()))?;
        }
        for item in &report.skipped {
            writeln!(out, "not imported: {}", shown(&item.to_string()))?;
        }
        match (changes, dry_run) {
            (true, false) => writeln!(out, "saved {}", project.display())?,
            (true, true) => writeln!(out, "dry run: {} not changed", project.display())?,
            (false, _) => writeln!(out, "nothing to import; {} not changed", project.display())?,
        }
    }
    Ok(if report.is_complete() {
        ExitCode::SUCCESS
    } else {
        ExitCode::from(1)
    })
}

#[cfg(test)]
mod tests {
    use clap::Parser;

    use super::Cli;

    #[test]
    fn only_exports_and_imports_keep_freed_memory_a_while() {
        let delay = |args: &[&str]| Cli::try_parse_from(args).unwrap().purge_delay_ms();
        assert_eq!(
            delay(&["diptych", "export", "p.ron", "--format", "jsonl", "-o", "x"]),
            10
        );
        assert_eq!(
            delay(&[
                "diptych",
                "import",
                "p.ron",
                "ls.json",
                "--format",
                "label-studio"
            ]),
            10
        );
        // Loads whose peak is a goal, and the window.
        assert_eq!(delay(&["diptych", "check", "p.ron"]), 0);
        assert_eq!(delay(&["diptych", "suggest", "p.ron"]), 0);
        assert_eq!(delay(&["diptych"]), 0);
        assert_eq!(delay(&["diptych", "p.ron"]), 0);
    }
}
