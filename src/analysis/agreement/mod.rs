//! How far annotators agree (docs/agreement.md has the definitions).
//!
//! Each document's text is cut into units: every code point that is not
//! white space ([`Unit::Char`]) or every UAX #29 word ([`Unit::Token`]). For
//! each label, annotator and unit the value is 1 when the unit lies wholly
//! inside one of the annotator's spans of that label, else 0; the units of
//! all documents are pooled. From those values come Cohen's kappa (two
//! annotators), Fleiss' kappa and Krippendorff's alpha (nominal). Span F1
//! compares the spans themselves: exact (same document, start, end and
//! label) and by overlap (same label, at least one unit in common, matched
//! one to one by a maximum matching).
//!
//! Every annotator codes every unit, so the binary figures depend only on
//! how many annotators marked each unit ([`Tally`]): nothing per unit is
//! kept beyond one document at a time.

mod figures;
mod matching;

use std::collections::BTreeMap;

use serde::Serialize;
use unicode_segmentation::UnicodeSegmentation;

use crate::model::{DocStatus, DocumentId, Project, Sentiment};
pub use figures::{Tally, cohen_kappa, cohen_kappa_of, fleiss_kappa, krippendorff_alpha};
pub use matching::max_matching;

/// What a unit of agreement is.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Unit {
    /// Every code point that is not white space (`char::is_whitespace`).
    Char,
    /// Every UAX #29 word (words with a letter or digit, as
    /// `unicode_segmentation`'s `unicode_words` cuts them).
    Token,
}

/// One annotator's labelled span, as agreement sees it.
#[derive(Clone, Debug, PartialEq)]
pub struct Mark {
    pub annotator: String,
    pub document: DocumentId,
    /// Byte offsets into the document's text.
    pub start: usize,
    pub end: usize,
    /// The label's name (labels of several files are matched by name).
    pub label: String,
    pub sentiment: Option<Sentiment>,
}

/// One annotator's verdict on a whole document.
#[derive(Clone, Debug, PartialEq)]
pub struct Verdict {
    pub annotator: String,
    pub document: DocumentId,
    pub status: DocStatus,
    pub sentiment: Option<Sentiment>,
}

/// What to compare.
#[derive(Clone, Debug)]
pub struct Input<'a> {
    pub unit: Unit,
    /// The annotators compared (at least two).
    pub annotators: Vec<String>,
    /// The labels compared, by name.
    pub labels: Vec<String>,
    /// The documents compared and their texts.
    pub texts: BTreeMap<DocumentId, &'a str>,
    /// Spans; those of other annotators, labels or documents are ignored.
    pub marks: Vec<Mark>,
    /// Document verdicts (none when the annotators share one project file).
    pub verdicts: Vec<Verdict>,
}

/// The figures of one label over all annotators.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct LabelFigures {
    pub f1_exact: Option<f64>,
    pub f1_overlap: Option<f64>,
    /// Only with exactly two annotators.
    pub cohen_kappa: Option<f64>,
    pub fleiss_kappa: Option<f64>,
    pub krippendorff_alpha: Option<f64>,
    pub units: u64,
}

/// The figures of one label for one pair of annotators.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct PairLabelFigures {
    pub f1_exact: Option<f64>,
    pub f1_overlap: Option<f64>,
    pub cohen_kappa: Option<f64>,
    pub krippendorff_alpha: Option<f64>,
    pub units: u64,
}

/// One pair of annotators.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct Pair {
    pub a: String,
    pub b: String,
    pub labels: BTreeMap<String, PairLabelFigures>,
}

/// Cohen's kappa of one pair over items both coded (matched spans, documents).
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct PairKappa {
    pub a: String,
    pub b: String,
    /// How many items both coded.
    pub items: u64,
    pub cohen_kappa: Option<f64>,
}

/// Sentiment and document agreement.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct SentimentFigures {
    /// Span sentiment ("none" when unset) over the spans matched by overlap.
    pub spans: Vec<PairKappa>,
    /// Document sentiment over the documents both gave a verdict on.
    pub documents: Vec<PairKappa>,
    /// Document status (to do, in progress, done), likewise.
    pub status: Vec<PairKappa>,
}

/// How one document fares.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct DocumentFigures {
    pub document: DocumentId,
    pub units: u64,
    /// Spans per annotator.
    pub spans: BTreeMap<String, u64>,
    /// Overlap F1 over all labels and pairs (2 × matched / spans).
    pub f1_overlap: Option<f64>,
    /// Spans left unmatched by overlap, summed over the pairs.
    pub disagreements: u64,
}

/// Everything `diptych agree` reports.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct Report {
    pub unit: Unit,
    pub annotators: Vec<String>,
    pub documents: usize,
    pub labels: BTreeMap<String, LabelFigures>,
    pub pairs: Vec<Pair>,
    pub sentiment: SentimentFigures,
    pub per_document: Vec<DocumentFigures>,
}

impl Report {
    /// The document with the most disagreement (first by id on a tie).
    pub fn most_disagreement(&self) -> Option<&DocumentId> {
        self.per_document
            .iter()
            .filter(|d| d.disagreements > 0)
            .max_by(|x, y| {
                x.disagreements
                    .cmp(&y.disagreements)
                    .then(y.document.cmp(&x.document))
            })
            .map(|d| &d.document)
    }
}

/// The spans agreement counts in `project`: accepted (not suggestions), not
/// orphaned, in the documents of `texts`, with their label's name.
pub fn marks_of(project: &Project, texts: &BTreeMap<DocumentId, &str>) -> Vec<Mark> {
    project
        .annotations
        .values()
        .filter(|a| !a.status.is_suggested() && !a.orphaned && texts.contains_key(&a.document))
        .filter_map(|a| {
            Some(Mark {
                annotator: a.annotator.to_string(),
                document: a.document.clone(),
                start: a.span.start.0,
                end: a.span.end.0,
                label: project.labels.get(&a.label)?.name.clone(),
                sentiment: a.sentiment,
            })
        })
        .collect()
}

/// What to compare in one project: every annotator and label it has, over
/// the documents of `texts`; `None` when fewer than two annotators made
/// spans that count.
pub fn project_input<'a>(
    project: &Project,
    texts: BTreeMap<DocumentId, &'a str>,
    unit: Unit,
) -> Option<Input<'a>> {
    let marks = marks_of(project, &texts);
    let annotators: std::collections::BTreeSet<String> =
        marks.iter().map(|m| m.annotator.clone()).collect();
    (annotators.len() >= 2).then(|| Input {
        unit,
        annotators: annotators.into_iter().collect(),
        labels: project
            .labels
            .labels
            .iter()
            .map(|l| l.name.clone())
            .collect(),
        texts,
        marks,
        verdicts: Vec::new(),
    })
}

/// The units of `text`, as byte ranges in order.
pub fn units(text: &str, unit: Unit) -> Vec<(usize, usize)> {
    match unit {
        Unit::Char => text
            .char_indices()
            .filter(|(_, c)| !c.is_whitespace())
            .map(|(i, c)| (i, i + c.len_utf8()))
            .collect(),
        Unit::Token => text
            .unicode_word_indices()
            .map(|(i, w)| (i, i + w.len()))
            .collect(),
    }
}

/// The range of indices of `units` that lie wholly inside `start..end`.
fn units_inside(units: &[(usize, usize)], start: usize, end: usize) -> (usize, usize) {
    let first = units.partition_point(|u| u.0 < start);
    let last = units.partition_point(|u| u.1 <= end);
    (first, last.max(first))
}

/// Counts gathered over all documents for one label.
#[derive(Clone, Debug, Default)]
struct LabelCounts {
    tally: Tally,
    /// Per pair (index into the pair list): the pair's tally.
    pairs: Vec<Tally>,
    /// Per pair: exact matches, overlap matches, spans of a, spans of b.
    spans: Vec<[u64; 4]>,
}

/// A span reduced to what matching needs: its unit range and sentiment.
#[derive(Clone, Debug)]
struct Reduced {
    start: usize,
    end: usize,
    units: (usize, usize),
    sentiment: Option<Sentiment>,
}

/// The pairs of codes one pair of annotators gave the same items.
type Coded = Vec<(String, String)>;

/// Computes every figure of the report.
pub fn agreement(input: &Input<'_>) -> Report {
    let annotators = &input.annotators;
    let pairs: Vec<(usize, usize)> = (0..annotators.len())
        .flat_map(|a| (a + 1..annotators.len()).map(move |b| (a, b)))
        .collect();
    let index = |name: &str| annotators.iter().position(|a| a == name);
    let label_index = |name: &str| input.labels.iter().position(|l| l == name);
    // document -> label -> annotator -> spans
    let mut grouped: BTreeMap<&DocumentId, Vec<Vec<Vec<Reduced>>>> = BTreeMap::new();
    for mark in &input.marks {
        let (Some(text), Some(a), Some(l)) = (
            input.texts.get(&mark.document),
            index(&mark.annotator),
            label_index(&mark.label),
        ) else {
            continue;
        };
        if mark.start > mark.end || mark.end > text.len() {
            continue;
        }
        let slot = grouped
            .entry(&mark.document)
            .or_insert_with(|| vec![vec![Vec::new(); annotators.len()]; input.labels.len()]);
        slot[l][a].push(Reduced {
            start: mark.start,
            end: mark.end,
            units: (0, 0),
            sentiment: mark.sentiment,
        });
    }
    let mut counts = vec![
        LabelCounts {
            tally: Tally::new(annotators.len()),
            pairs: vec![Tally::new(2); pairs.len()],
            spans: vec![[0; 4]; pairs.len()],
        };
        input.labels.len()
    ];
    let mut sentiment_pairs: Vec<Coded> = vec![Vec::new(); pairs.len()];
    let mut per_document = Vec::new();
    let empty = vec![vec![Vec::new(); annotators.len()]; input.labels.len()];
    for (doc, text) in &input.texts {
        let cut = units(text, input.unit);
        let mut by_label = grouped.remove(doc).unwrap_or_else(|| empty.clone());
        let mut figures = DocumentFigures {
            document: (*doc).clone(),
            units: cut.len() as u64,
            spans: annotators.iter().map(|a| (a.clone(), 0)).collect(),
            f1_overlap: None,
            disagreements: 0,
        };
        let (mut matched_all, mut spans_all) = (0u64, 0u64);
        for (l, spans) in by_label.iter_mut().enumerate() {
            for (a, list) in spans.iter_mut().enumerate() {
                for span in list.iter_mut() {
                    span.units = units_inside(&cut, span.start, span.end);
                }
                list.sort_by_key(|s| (s.start, s.end));
                *figures.spans.get_mut(&annotators[a]).expect("listed") += list.len() as u64;
            }
            let coverage: Vec<Vec<bool>> = spans.iter().map(|l| covered(l, cut.len())).collect();
            let all: Vec<&[bool]> = coverage.iter().map(Vec::as_slice).collect();
            counts[l].tally.add_units(&all);
            for (p, &(a, b)) in pairs.iter().enumerate() {
                counts[l].pairs[p].add_units(&[&coverage[a], &coverage[b]]);
                let (exact, overlap) = compare_spans(&spans[a], &spans[b], &mut sentiment_pairs[p]);
                let (na, nb) = (spans[a].len() as u64, spans[b].len() as u64);
                let c = &mut counts[l].spans[p];
                c[0] += exact;
                c[1] += overlap;
                c[2] += na;
                c[3] += nb;
                matched_all += overlap;
                spans_all += na + nb;
                figures.disagreements += na + nb - 2 * overlap;
            }
        }
        figures.f1_overlap = f1(matched_all, spans_all);
        per_document.push(figures);
    }
    let two = annotators.len() == 2;
    let labels = input
        .labels
        .iter()
        .zip(&counts)
        .map(|(name, c)| {
            let mean = |i: usize| mean(c.spans.iter().map(|s| f1(s[i], s[2] + s[3])));
            let figures = LabelFigures {
                f1_exact: mean(0),
                f1_overlap: mean(1),
                cohen_kappa: if two { cohen_kappa(&c.pairs[0]) } else { None },
                fleiss_kappa: fleiss_kappa(&c.tally),
                krippendorff_alpha: krippendorff_alpha(&c.tally),
                units: c.tally.units(),
            };
            (name.clone(), figures)
        })
        .collect();
    let pair_list = pairs
        .iter()
        .enumerate()
        .map(|(p, &(a, b))| Pair {
            a: annotators[a].clone(),
            b: annotators[b].clone(),
            labels: input
                .labels
                .iter()
                .zip(&counts)
                .map(|(name, c)| {
                    let s = c.spans[p];
                    let figures = PairLabelFigures {
                        f1_exact: f1(s[0], s[2] + s[3]),
                        f1_overlap: f1(s[1], s[2] + s[3]),
                        cohen_kappa: cohen_kappa(&c.pairs[p]),
                        krippendorff_alpha: krippendorff_alpha(&c.pairs[p]),
                        units: c.pairs[p].units(),
                    };
                    (name.clone(), figures)
                })
                .collect(),
        })
        .collect();
    let pair_kappas = |items: &[Coded]| -> Vec<PairKappa> {
        pairs
            .iter()
            .zip(items)
            .map(|(&(a, b), items)| PairKappa {
                a: annotators[a].clone(),
                b: annotators[b].clone(),
                items: items.len() as u64,
                cohen_kappa: cohen_kappa_of(items),
            })
            .collect()
    };
    let (documents, status) = verdict_pairs(input, &pairs);
    Report {
        unit: input.unit,
        annotators: annotators.clone(),
        documents: input.texts.len(),
        labels,
        pairs: pair_list,
        sentiment: SentimentFigures {
            spans: pair_kappas(&sentiment_pairs),
            documents: pair_kappas(&documents),
            status: pair_kappas(&status),
        },
        per_document,
    }
}

/// Which of `n` units lie inside one of `spans`.
fn covered(spans: &[Reduced], n: usize) -> Vec<bool> {
    let mut diff = vec![0i32; n + 1];
    for span in spans {
        let (first, last) = span.units;
        if first < last {
            diff[first] += 1;
            diff[last] -= 1;
        }
    }
    let mut depth = 0;
    diff[..n]
        .iter()
        .map(|d| {
            depth += d;
            depth > 0
        })
        .collect()
}

/// Exact matches and overlap matches (one to one, maximum) between two
/// annotators' spans of one label in one document; the sentiments of the
/// overlap-matched pairs are added to `sentiments`.
fn compare_spans(
    a: &[Reduced],
    b: &[Reduced],
    sentiments: &mut Vec<(String, String)>,
) -> (u64, u64) {
    // Exact: the multiset intersection of (start, end); both lists are sorted.
    let (mut i, mut j, mut exact) = (0, 0, 0);
    while i < a.len() && j < b.len() {
        match (a[i].start, a[i].end).cmp(&(b[j].start, b[j].end)) {
            std::cmp::Ordering::Less => i += 1,
            std::cmp::Ordering::Greater => j += 1,
            std::cmp::Ordering::Equal => {
                exact += 1;
                i += 1;
                j += 1;
            }
        }
    }
    let shares = |x: &Reduced, y: &Reduced| x.units.0.max(y.units.0) < x.units.1.min(y.units.1);
    let edges: Vec<Vec<usize>> = a
        .iter()
        .map(|x| (0..b.len()).filter(|&k| shares(x, &b[k])).collect())
        .collect();
    let matched = max_matching(&edges, b.len());
    for (x, y) in matched.iter().enumerate() {
        if let Some(y) = y {
            sentiments.push((
                sentiment_name(a[x].sentiment),
                sentiment_name(b[*y].sentiment),
            ));
        }
    }
    (exact, matched.iter().flatten().count() as u64)
}

fn sentiment_name(s: Option<Sentiment>) -> String {
    s.map_or("none", Sentiment::name).to_owned()
}

/// Document sentiment and status pairs of each pair of annotators, over the
/// documents compared that both gave a verdict on.
fn verdict_pairs(input: &Input<'_>, pairs: &[(usize, usize)]) -> (Vec<Coded>, Vec<Coded>) {
    let mut by: BTreeMap<(&str, &DocumentId), &Verdict> = BTreeMap::new();
    for v in &input.verdicts {
        if input.texts.contains_key(&v.document) {
            by.insert((&v.annotator, &v.document), v);
        }
    }
    let mut sentiment = vec![Vec::new(); pairs.len()];
    let mut status = vec![Vec::new(); pairs.len()];
    for (p, &(a, b)) in pairs.iter().enumerate() {
        for doc in input.texts.keys() {
            let (Some(x), Some(y)) = (
                by.get(&(input.annotators[a].as_str(), doc)),
                by.get(&(input.annotators[b].as_str(), doc)),
            ) else {
                continue;
            };
            sentiment[p].push((sentiment_name(x.sentiment), sentiment_name(y.sentiment)));
            status[p].push((x.status.name().to_owned(), y.status.name().to_owned()));
        }
    }
    (sentiment, status)
}

/// F1 as 2 × matched / (spans of both); `None` when neither has a span.
fn f1(matched: u64, spans: u64) -> Option<f64> {
    (spans > 0).then(|| 2.0 * matched as f64 / spans as f64)
}

/// The mean of the figures that exist; `None` when none does.
fn mean(values: impl Iterator<Item = Option<f64>>) -> Option<f64> {
    let (sum, n) = values
        .flatten()
        .fold((0.0, 0u32), |(s, n), v| (s + v, n + 1));
    (n > 0).then(|| sum / f64::from(n))
}

#[cfg(test)]
mod tests;
