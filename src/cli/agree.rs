//! `diptych agree`: how far annotators agree, from one project holding
//! several annotators or several project files over the same corpus.

use std::collections::{BTreeMap, BTreeSet};
use std::path::PathBuf;

use anyhow::{Context as _, bail};

use super::term::shown;
use crate::analysis::agreement::{Input, Mark, Report, Unit, Verdict, agreement, marks_of};
use crate::io::corpus::ImportOptions;
use crate::io::export::glob_match;
use crate::io::workspace::Workspace;
use crate::model::{DocStatus, DocumentId, TextRef};

/// What `diptych agree` was asked.
#[derive(Debug, clap::Args)]
pub struct AgreeArgs {
    /// Project files: one holding several annotators, or several over the
    /// same corpus (documents matched by id).
    #[arg(required = true)]
    pub projects: Vec<PathBuf>,
    /// Only these annotators (comma-separated; default: everyone who annotated).
    #[arg(long, value_delimiter = ',')]
    pub annotators: Vec<String>,
    /// Only these labels, by name (comma-separated; default: all).
    #[arg(long, value_delimiter = ',')]
    pub labels: Vec<String>,
    /// Only documents whose id matches this pattern (`*` any text, `?` one character).
    #[arg(long, value_name = "GLOB")]
    pub documents: Option<String>,
    /// What a unit of agreement is: every non-space character, or every word (UAX #29).
    #[arg(long, value_enum, default_value = "char")]
    pub unit: UnitArg,
    /// Print one JSON object.
    #[arg(long)]
    pub json: bool,
}

/// `--unit`.
#[derive(Clone, Copy, Debug, clap::ValueEnum)]
pub enum UnitArg {
    Char,
    Token,
}

/// Runs `diptych agree`.
pub fn run(args: &AgreeArgs, options: &ImportOptions) -> anyhow::Result<()> {
    let mut workspaces = Vec::new();
    for path in &args.projects {
        let (ws, _, _) = super::open::open_project(path, options)
            .with_context(|| format!("cannot compare {}", path.display()))?;
        workspaces.push(ws);
    }
    let unit = match args.unit {
        UnitArg::Char => Unit::Char,
        UnitArg::Token => Unit::Token,
    };
    let documents = documents(&workspaces, args.documents.as_deref());
    let held: Vec<(DocumentId, TextRef<'_>)> = documents
        .iter()
        .filter_map(|id| Some((id.clone(), workspaces[0].corpus.get(id)?.text())))
        .collect();
    let texts: BTreeMap<DocumentId, &str> = held.iter().map(|(id, t)| (id.clone(), &**t)).collect();
    let per_file: Vec<Vec<Mark>> = workspaces
        .iter()
        .map(|ws| marks_of(&ws.project, &texts))
        .collect();
    warn_shared_annotators(&args.projects, &per_file);
    let marks: Vec<Mark> = per_file.into_iter().flatten().collect();
    let annotators = chosen(
        "annotator",
        marks.iter().map(|m| m.annotator.clone()).collect(),
        &args.annotators,
    )?;
    if annotators.len() < 2 {
        bail!(
            "agreement needs two annotators; the projects have {}",
            match annotators.first() {
                Some(one) => format!("only {}", shown(one)),
                None => "no accepted annotations".to_owned(),
            }
        );
    }
    let names: Vec<String> = label_names(&workspaces);
    let labels = chosen("label", names.iter().cloned().collect(), &args.labels)?;
    let labels: Vec<String> = names.into_iter().filter(|n| labels.contains(n)).collect();
    let input = Input {
        unit,
        annotators,
        labels,
        verdicts: verdicts(&workspaces, &texts),
        texts,
        marks,
    };
    let report = agreement(&input);
    if args.json {
        println!("{}", serde_json::to_string_pretty(&report)?);
    } else {
        print!("{}", table(&report));
    }
    Ok(())
}

/// The documents every project has, matching `glob`.
fn documents(workspaces: &[Workspace], glob: Option<&str>) -> Vec<DocumentId> {
    workspaces[0]
        .project
        .documents
        .keys()
        .filter(|id| {
            workspaces[1..]
                .iter()
                .all(|ws| ws.project.documents.contains_key(*id))
        })
        .filter(|id| glob.is_none_or(|g| glob_match(g, id.as_str())))
        .cloned()
        .collect()
}

/// Says on stderr when one annotator's name has spans in two of the files:
/// their spans are pooled (a copy of another analyst's file counts twice).
fn warn_shared_annotators(paths: &[PathBuf], per_file: &[Vec<Mark>]) {
    let mut seen: BTreeMap<&str, &PathBuf> = BTreeMap::new();
    for (path, marks) in paths.iter().zip(per_file) {
        let names: BTreeSet<&str> = marks.iter().map(|m| m.annotator.as_str()).collect();
        for name in names {
            if let Some(first) = seen.insert(name, path) {
                eprintln!(
                    "warning: annotator {} has spans in both {} and {}; they are counted together",
                    shown(name),
                    shown(&first.display().to_string()),
                    shown(&path.display().to_string())
                );
            }
        }
    }
}

/// Label names of all the projects, the first project's order first.
fn label_names(workspaces: &[Workspace]) -> Vec<String> {
    let mut names: Vec<String> = Vec::new();
    for ws in workspaces {
        for label in &ws.project.labels.labels {
            if !names.contains(&label.name) {
                names.push(label.name.clone());
            }
        }
    }
    names
}

/// Document verdicts of the projects that hold one annotator's work: its
/// documents' status and sentiment are that annotator's.
fn verdicts(workspaces: &[Workspace], texts: &BTreeMap<DocumentId, &str>) -> Vec<Verdict> {
    let mut verdicts = Vec::new();
    for ws in workspaces {
        let who: BTreeSet<&str> = ws
            .project
            .annotations
            .values()
            .filter(|a| !a.status.is_suggested())
            .map(|a| &*a.annotator)
            .collect();
        let [annotator] = who.into_iter().collect::<Vec<_>>()[..] else {
            continue;
        };
        for (id, record) in &ws.project.documents {
            // A document left as it came (to do, no sentiment) has no verdict.
            let untouched =
                record.fields.status == DocStatus::ToDo && record.fields.sentiment.is_none();
            if texts.contains_key(id) && !untouched {
                verdicts.push(Verdict {
                    annotator: annotator.to_owned(),
                    document: id.clone(),
                    status: record.fields.status,
                    sentiment: record.fields.sentiment,
                });
            }
        }
    }
    verdicts
}

/// `found`, or the ones `wanted` of them (an unknown one is an error naming those found).
fn chosen(what: &str, found: BTreeSet<String>, wanted: &[String]) -> anyhow::Result<Vec<String>> {
    if wanted.is_empty() {
        return Ok(found.into_iter().collect());
    }
    if let Some(unknown) = wanted.iter().find(|w| !found.contains(*w)) {
        let known: Vec<String> = found.iter().map(|f| shown(f).into_owned()).collect();
        bail!(
            "no {what} {} in the projects (there are: {})",
            shown(unknown),
            known.join(", ")
        );
    }
    let wanted: BTreeSet<String> = wanted.iter().cloned().collect();
    Ok(wanted.into_iter().collect())
}

/// The report as a readable table.
fn table(report: &Report) -> String {
    let figure = |x: Option<f64>| x.map_or_else(|| "–".to_owned(), |x| format!("{x:.3}"));
    let annotators: Vec<String> = report
        .annotators
        .iter()
        .map(|a| shown(a).into_owned())
        .collect();
    let units = report.labels.values().next().map_or(0, |l| l.units);
    let mut out = format!(
        "Agreement of {} over {} documents ({units} {} units)\n\n",
        annotators.join(", "),
        report.documents,
        match report.unit {
            Unit::Char => "character",
            Unit::Token => "word",
        }
    );
    out.push_str(&format!(
        "{:<24} {:>9} {:>10} {:>8} {:>8} {:>8}\n",
        "label", "F1 exact", "F1 overlap", "Cohen κ", "Fleiss κ", "Kripp. α"
    ));
    for (name, l) in &report.labels {
        out.push_str(&format!(
            "{:<24} {:>9} {:>10} {:>8} {:>8} {:>8}\n",
            shown(name),
            figure(l.f1_exact),
            figure(l.f1_overlap),
            figure(l.cohen_kappa),
            figure(l.fleiss_kappa),
            figure(l.krippendorff_alpha)
        ));
    }
    for pair in &report.pairs {
        out.push_str(&format!("\n{} – {}\n", shown(&pair.a), shown(&pair.b)));
        for (name, l) in &pair.labels {
            out.push_str(&format!(
                "  {:<22} {:>9} {:>10} {:>8} {:>8} {:>8}\n",
                shown(name),
                figure(l.f1_exact),
                figure(l.f1_overlap),
                figure(l.cohen_kappa),
                "",
                figure(l.krippendorff_alpha)
            ));
        }
    }
    out.push_str("\nSentiment (Cohen κ):\n");
    for (what, list) in [
        ("spans matched by overlap", &report.sentiment.spans),
        ("document sentiment", &report.sentiment.documents),
        ("document status", &report.sentiment.status),
    ] {
        for p in list.iter().filter(|p| p.items > 0) {
            out.push_str(&format!(
                "  {what}, {} – {}: {} over {} items\n",
                shown(&p.a),
                shown(&p.b),
                figure(p.cohen_kappa),
                p.items
            ));
        }
    }
    let mut docs: Vec<_> = report.per_document.iter().collect();
    docs.sort_by(|x, y| {
        y.disagreements
            .cmp(&x.disagreements)
            .then(x.document.cmp(&y.document))
    });
    out.push_str("\nDocuments, most disagreement first:\n");
    for d in docs {
        out.push_str(&format!(
            "  {:<40} {:>6} units  F1 overlap {:>6}  {} unmatched spans\n",
            shown(d.document.as_str()),
            d.units,
            figure(d.f1_overlap),
            d.disagreements
        ));
    }
    out
}
