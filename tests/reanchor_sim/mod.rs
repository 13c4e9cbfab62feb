//! The re-anchoring evaluation shared by `tests/reanchor_eval.rs` (small,
//! seeded, asserts the floor) and `benches/reanchor.rs` (large, reports).
//!
//! Articles (the sample seeds with their real annotations from
//! `projects/seeds.ron`, plus generated news-like text) get many annotations
//! (whole sentences and sub-sentence spans). Random realistic edits are then
//! applied until a given fraction of the text has changed: sentences
//! inserted, deleted and replaced, typos fixed, lines re-wrapped, curly
//! quotes straightened. Every byte of the new text remembers which byte of
//! the old text it came from (or that it is new), so the ground truth of
//! where each annotated text went is known exactly:
//!
//! - text that survived (≥ 90 % of its bytes, ≤ 15 % new bytes inside) must
//!   be re-anchored onto its new place (overlap ≥ 80 % = right);
//! - text that was deleted or rewritten (< 50 % survived, or more new than
//!   old inside) must be orphaned;
//! - in between, orphaning or landing on the surviving part are both right.
//!
//! An annotation placed where its text is not (overlap < 50 % with where its
//! text went, or anywhere when its text is gone) landed on WRONG text.

#![allow(dead_code)]

use std::path::Path;

use diptych::analysis::reanchor::{Anchoring, reanchor_document};
use diptych::io::workspace::Workspace;
use diptych::model::{
    Annotation, AnnotationId, DocRecord, Document, DocumentId, LabelId, Project, SourceFormat, Span,
};

/// splitmix64: small, seeded, good enough for test data.
pub struct Rng(u64);

impl Rng {
    pub fn new(seed: u64) -> Self {
        Self(seed)
    }

    pub fn next(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        z ^ (z >> 31)
    }

    /// Uniform in `0..n` (`n > 0`).
    pub fn below(&mut self, n: usize) -> usize {
        (self.next() % n as u64) as usize
    }

    pub fn pick<'a, T>(&mut self, items: &'a [T]) -> &'a T {
        &items[self.below(items.len())]
    }

    pub fn pick_str(&mut self, items: &[&'static str]) -> &'static str {
        items[self.below(items.len())]
    }

    pub fn chance(&mut self, p: f64) -> bool {
        (self.next() >> 11) as f64 / (1u64 << 53) as f64 <= p
    }
}

const ORGS: &[&str] = &[
    "ministry",
    "company",
    "bank",
    "regulator",
    "council",
    "union",
    "airline",
    "agency",
    "committee",
    "court",
    "fund",
    "university",
    "hospital",
    "exchange",
    "insurer",
    "carmaker",
    "utility",
    "retailer",
    "broadcaster",
    "port authority",
];
const PLACES: &[&str] = &[
    "Brussels", "Ohio", "Lagos", "Osaka", "Lyon", "Quebec", "Bavaria", "Chile", "Kerala",
    "Tasmania", "Gdańsk", "Nairobi", "Seville", "Utrecht", "Manitoba", "Busan",
];
const ROLES: &[&str] = &[
    "A spokesperson for",
    "The head of",
    "Two people close to",
    "Analysts at",
    "Lawyers for",
    "A senior official at",
    "Critics of",
    "The board of",
    "Investors in",
    "Employees of",
];
const VERBS: &[&str] = &[
    "said",
    "warned",
    "confirmed",
    "denied",
    "estimated",
    "announced",
    "argued",
    "reported",
    "suggested",
    "insisted",
    "acknowledged",
    "predicted",
    "told reporters",
    "wrote",
];
const NOUNS: &[&str] = &[
    "revenue",
    "exports",
    "rents",
    "wages",
    "emissions",
    "tariffs",
    "subsidies",
    "pensions",
    "orders",
    "profits",
    "debts",
    "fares",
    "bonuses",
    "deliveries",
    "permits",
    "loans",
    "harvests",
    "imports",
    "vacancies",
    "claims",
    "savings",
    "royalties",
    "fees",
    "shipments",
];
const CHANGES: &[&str] = &[
    "would grow by {n}%",
    "fell {n}% in the first quarter",
    "had doubled since {y}",
    "could reach {n} million euros",
    "were cut by a third",
    "rose to a record {n}",
    "would be frozen until {y}",
    "had been understated by {n} million",
    "slipped below {n} for the first time",
    "stayed flat at about {n}",
];
const TAILS: &[&str] = &[
    "",
    " on Tuesday",
    " in a statement",
    ", according to a filing",
    " late on Friday",
    ", citing internal documents",
    " at a hearing in {p}",
    ", without giving details",
    " in an interview with a newspaper in {p}",
    ", a claim the {o} disputed",
];
/// Quoted remarks; `{…}` slots make each one mostly unique, as in real
/// articles (where a quote rarely appears twice).
const QUOTED: &[&str] = &[
    " “We’re not going to comment on rumours about {x},” the {o} added.",
    " “This is a turning point for {x} in {p},” one of them said.",
    " Critics called the {o}’s plan “a reckless gamble” for {x}.",
    " The report’s authors described the outlook for {x} as “fragile”.",
    " “Nobody in {p} expected {x} to move this fast,” a trader said.",
];

/// A new news-like sentence (with a trailing space): a random actor, verb,
/// claim and tail, sometimes a quoted remark.
pub fn sentence(rng: &mut Rng) -> String {
    let fill = |template: &str, rng: &mut Rng| {
        template
            .replace("{n}", &(rng.below(9000) + 10).to_string())
            .replace("{y}", &(1990 + rng.below(35)).to_string())
            .replace("{p}", rng.pick_str(PLACES))
            .replace("{o}", rng.pick_str(ORGS))
            .replace("{x}", rng.pick_str(NOUNS))
    };
    let subject = format!(
        "{} the {} in {}",
        rng.pick(ROLES),
        rng.pick(ORGS),
        rng.pick(PLACES)
    );
    let claim = fill(rng.pick_str(CHANGES), rng);
    let tail = fill(rng.pick_str(TAILS), rng);
    let mut s = format!(
        "{subject} {} that {} {claim}{tail}.",
        rng.pick(VERBS),
        rng.pick(NOUNS)
    );
    // About one sentence in six carries a quoted remark.
    if rng.chance(1.0 / 6.0) {
        s.push_str(&fill(rng.pick_str(QUOTED), rng));
    }
    s.push(' ');
    s
}

/// A generated article of about `bytes` bytes: paragraphs of 2-6 sentences,
/// some of them wrapped at about 80 columns.
pub fn article(rng: &mut Rng, bytes: usize) -> String {
    let mut text = String::new();
    while text.len() < bytes {
        let wrapped = rng.chance(0.3);
        let mut paragraph = String::new();
        for _ in 0..2 + rng.below(5) {
            paragraph.push_str(&sentence(rng));
        }
        let paragraph = paragraph.trim_end();
        if wrapped {
            let mut column = 0;
            for word in paragraph.split(' ') {
                if column > 0 && column + word.len() > 78 {
                    text.push('\n');
                    column = 0;
                } else if column > 0 {
                    text.push(' ');
                    column += 1;
                }
                text.push_str(word);
                column += word.len();
            }
        } else {
            text.push_str(paragraph);
        }
        text.push_str("\n\n");
    }
    text
}

/// Sentence ranges `[start, end)` of `text`, each with its trailing white space.
pub fn sentences(text: &str) -> Vec<(usize, usize)> {
    let bytes = text.as_bytes();
    let mut out = Vec::new();
    let mut start = 0;
    let mut i = 0;
    while i < bytes.len() {
        let end_of_sentence = matches!(bytes[i], b'.' | b'!' | b'?')
            && bytes.get(i + 1).is_none_or(|b| b.is_ascii_whitespace());
        let line_break = bytes[i] == b'\n' && bytes.get(i + 1) == Some(&b'\n');
        if end_of_sentence || line_break {
            let mut end = i + 1;
            while end < bytes.len() && bytes[end].is_ascii_whitespace() {
                end += 1;
            }
            if text[start..end].trim().len() > 1 {
                out.push((start, end));
            }
            start = end;
            i = end;
            continue;
        }
        i += 1;
    }
    if text[start..].trim().len() > 1 {
        out.push((start, text.len()));
    }
    out
}

/// Annotations on `text`: whole sentences (claims) and sub-sentence spans
/// (a clause, or a run of 3-10 words), about one per `every` bytes.
pub fn annotate(rng: &mut Rng, text: &str, every: usize) -> Vec<Span> {
    let sentences = sentences(text);
    let wanted = (text.len() / every).max(1);
    let mut spans = Vec::new();
    for _ in 0..wanted * 4 {
        if spans.len() >= wanted {
            break;
        }
        let (s, e) = *rng.pick(&sentences);
        let sentence = text[s..e].trim_end();
        if sentence.len() < 12 {
            continue;
        }
        let span = if rng.chance(0.4) {
            (s, s + sentence.len())
        } else {
            // Word boundaries inside the sentence.
            let words: Vec<(usize, usize)> = sentence
                .split_ascii_whitespace()
                .map(|w| {
                    let offset = w.as_ptr() as usize - sentence.as_ptr() as usize;
                    (s + offset, s + offset + w.len())
                })
                .collect();
            if words.len() < 4 {
                continue;
            }
            let n = 3 + rng.below(8).min(words.len() - 3);
            let first = rng.below(words.len() - n + 1);
            let last = (first + n - 1).min(words.len() - 1);
            let (start, mut end) = (words[first].0, words[last].1);
            // Leave sentence punctuation out, as an analyst selecting words would.
            while end > start && text[..end].ends_with([',', '.', ';']) {
                end -= 1;
            }
            (start, end)
        };
        if span.1 > span.0 && !spans.contains(&span) {
            spans.push(span);
        }
    }
    spans.into_iter().map(|(s, e)| Span::from((s, e))).collect()
}

const NEW: u32 = u32::MAX;

/// A text being edited, every byte knowing its origin in the old text.
pub struct Edited {
    pub text: String,
    /// For each byte of `text`: the old byte it came from, or `NEW`.
    origin: Vec<u32>,
    /// For each old byte: false once deleted or rewritten.
    alive: Vec<bool>,
    /// Bytes changed so far (inserted + deleted + replaced).
    pub changed: usize,
    pub counts: [usize; 6],
}

/// The kinds of edit, in `Edited::counts` order.
pub const EDIT_KINDS: [&str; 6] = [
    "insert sentence",
    "delete sentence",
    "replace sentence",
    "fix typo",
    "re-wrap line",
    "straighten quote",
];

impl Edited {
    pub fn new(old: &str) -> Self {
        Self {
            text: old.to_owned(),
            origin: (0..old.len() as u32).collect(),
            alive: vec![true; old.len()],
            changed: 0,
            counts: [0; 6],
        }
    }

    /// Replaces `range` with `insert`. `kill` marks the old bytes as gone;
    /// otherwise the new bytes stand for the first old byte of the range
    /// (a character changed in place).
    fn splice(&mut self, range: std::ops::Range<usize>, insert: &str, kill: bool) {
        let keep = self.origin[range.start];
        if kill {
            for &o in &self.origin[range.clone()] {
                if o != NEW {
                    self.alive[o as usize] = false;
                }
            }
        }
        let origin = if kill { NEW } else { keep };
        self.origin
            .splice(range.clone(), std::iter::repeat_n(origin, insert.len()));
        self.text.replace_range(range, insert);
    }

    /// Applies one random realistic edit; false when it found nothing to do.
    pub fn random_edit(&mut self, rng: &mut Rng) -> bool {
        let kind = match rng.below(100) {
            0..20 => 0,
            20..35 => 1,
            35..50 => 2,
            50..75 => 3,
            75..90 => 4,
            _ => 5,
        };
        let done = match kind {
            0 => self.insert_sentence(rng),
            1 => self.delete_sentence(rng),
            2 => self.replace_sentence(rng),
            3 => self.fix_typo(rng),
            4 => self.rewrap(rng),
            _ => self.straighten_quote(rng),
        };
        if done {
            self.counts[kind] += 1;
        }
        done
    }

    fn insert_sentence(&mut self, rng: &mut Rng) -> bool {
        let sentences = sentences(&self.text);
        let at = sentences
            .get(rng.below(sentences.len().max(1)))
            .map_or(0, |s| s.0);
        let new = sentence(rng);
        self.changed += new.len();
        self.splice(at..at, &new, true);
        true
    }

    fn delete_sentence(&mut self, rng: &mut Rng) -> bool {
        let sentences = sentences(&self.text);
        if sentences.len() < 3 {
            return false;
        }
        let (s, e) = *rng.pick(&sentences);
        self.changed += e - s;
        self.splice(s..e, "", true);
        true
    }

    fn replace_sentence(&mut self, rng: &mut Rng) -> bool {
        let sentences = sentences(&self.text);
        let Some(&(s, e)) = sentences.get(rng.below(sentences.len().max(1))) else {
            return false;
        };
        let end = s + self.text[s..e].trim_end().len();
        let new = sentence(rng);
        let new = new.trim_end();
        self.changed += (end - s) + new.len();
        self.splice(s..end, new, true);
        true
    }

    /// Changes one letter of a word of 5+ ASCII letters, or swaps two.
    fn fix_typo(&mut self, rng: &mut Rng) -> bool {
        for _ in 0..20 {
            let at = rng.below(self.text.len().max(1));
            let bytes = self.text.as_bytes();
            let mut s = at;
            while s > 0 && bytes[s - 1].is_ascii_alphabetic() {
                s -= 1;
            }
            let mut e = at;
            while e < bytes.len() && bytes[e].is_ascii_alphabetic() {
                e += 1;
            }
            if e - s < 5 {
                continue;
            }
            let i = s + 1 + rng.below(e - s - 2);
            if rng.chance(0.5) {
                let swapped: String = [bytes[i + 1] as char, bytes[i] as char].iter().collect();
                if swapped.as_bytes()[0] == bytes[i] {
                    continue;
                }
                let second = self.origin[i + 1];
                self.splice(i..i + 2, &swapped, false);
                // Both letters stay (swapped); keep the second one's origin too.
                self.origin[i + 1] = second;
                self.changed += 2;
            } else {
                let letter = (b'a' + rng.below(26) as u8) as char;
                if letter as u8 == bytes[i] {
                    continue;
                }
                self.splice(i..i + 1, &letter.to_string(), false);
                self.changed += 1;
            }
            return true;
        }
        false
    }

    /// Turns a space into a line break or a single line break into a space.
    fn rewrap(&mut self, rng: &mut Rng) -> bool {
        for _ in 0..20 {
            let at = rng.below(self.text.len().max(1));
            let bytes = self.text.as_bytes();
            let before = at.checked_sub(1).map(|i| bytes[i]);
            let after = bytes.get(at + 1).copied();
            let with = match bytes[at] {
                b' ' if before != Some(b'\n') && after != Some(b'\n') => "\n",
                b'\n' if before != Some(b'\n') && after != Some(b'\n') => " ",
                _ => continue,
            };
            self.splice(at..at + 1, with, false);
            self.changed += 1;
            return true;
        }
        false
    }

    /// ’ -> ' or “ ” -> ".
    fn straighten_quote(&mut self, rng: &mut Rng) -> bool {
        let curly: Vec<(usize, char)> = self
            .text
            .char_indices()
            .filter(|(_, c)| matches!(c, '’' | '“' | '”'))
            .collect();
        if curly.is_empty() {
            return false;
        }
        let (at, c) = *rng.pick(&curly);
        let with = if c == '’' { "'" } else { "\"" };
        self.splice(at..at + c.len_utf8(), with, false);
        self.changed += 1;
        true
    }

    /// Where the old span `[s, e)` went: the new range covering its
    /// surviving bytes, the fraction of it that survived, and the fraction of
    /// new bytes inside that range.
    pub fn truth(&self, span: Span) -> Truth {
        let (s, e) = (span.start.0, span.end.0);
        let len = (e - s).max(1);
        let survived = self.alive[s..e].iter().filter(|a| **a).count();
        let positions: Vec<usize> = self
            .origin
            .iter()
            .enumerate()
            .filter(|(_, o)| **o != NEW && (s..e).contains(&(**o as usize)))
            .map(|(i, _)| i)
            .collect();
        let (Some(&first), Some(&last)) = (positions.first(), positions.last()) else {
            return Truth {
                range: None,
                survived: 0.0,
                inserted: 0.0,
            };
        };
        let mut end = last + 1;
        while !self.text.is_char_boundary(end) {
            end += 1;
        }
        let inserted = self.origin[first..end]
            .iter()
            .filter(|o| **o == NEW)
            .count();
        Truth {
            range: Some((first, end)),
            survived: survived as f64 / len as f64,
            inserted: inserted as f64 / len as f64,
        }
    }
}

impl Edited {
    /// The new text that took the place of old `[s, e)`: from after the last
    /// surviving byte before `s` to the first surviving byte at or after `e`.
    pub fn place_of(&self, span: Span) -> (usize, usize) {
        let (s, e) = (span.start.0, span.end.0);
        let mut from = 0;
        let mut to = self.text.len();
        for (i, &o) in self.origin.iter().enumerate() {
            if o == NEW {
                continue;
            }
            let o = o as usize;
            if o < s && self.alive[o] {
                from = i + 1;
            } else if o >= e && self.alive[o] {
                to = i;
                break;
            }
        }
        (from, to.max(from))
    }
}

/// Where an annotated text went.
#[derive(Clone, Copy, Debug)]
pub struct Truth {
    pub range: Option<(usize, usize)>,
    pub survived: f64,
    pub inserted: f64,
}

impl Truth {
    pub fn present(&self) -> bool {
        self.range.is_some() && self.survived >= 0.9 && self.inserted <= 0.15
    }

    pub fn gone(&self) -> bool {
        self.range.is_none() || self.survived < 0.5 || self.inserted > 0.5
    }
}

/// Totals of an evaluation.
#[derive(Clone, Debug, Default)]
pub struct Score {
    pub annotations: usize,
    /// Text survived and was found at the right place.
    pub found: usize,
    /// Text gone (or half gone) and the annotation orphaned.
    pub orphaned_correctly: usize,
    /// Text gone, half gone or rewritten and the annotation placed on what survived.
    pub placed_on_remains: usize,
    /// Text survived but the annotation was orphaned (not wrong, but lost).
    pub orphaned_needlessly: usize,
    /// Placed overlapping its text by 50-80 %.
    pub imprecise: usize,
    /// Placed where its text is not.
    pub wrong: usize,
    /// Of those, placed on an identical copy of the quote (its own text gone).
    pub wrong_copies: usize,
    /// Its sentence was rewritten (replaced), the new one has the very same
    /// words where the old had them, and the annotation was placed on them:
    /// counted right, listed apart.
    pub same_words_in_rewrite: usize,
    pub kept: usize,
    pub moved_exact: usize,
    pub moved_fuzzy: usize,
    pub orphaned: usize,
    /// Of the annotations, how many had their text survive.
    pub survived: usize,
    pub edit_counts: [usize; 6],
    pub bytes_changed: usize,
    pub bytes: usize,
    pub seconds: f64,
    /// Examples of wrong placements (for the report).
    pub wrong_examples: Vec<String>,
}

impl Score {
    /// Right = found, or orphaned because the text is gone, or placed on what survived.
    pub fn right(&self) -> usize {
        self.found + self.orphaned_correctly + self.placed_on_remains + self.same_words_in_rewrite
    }

    pub fn percent(&self, n: usize) -> f64 {
        100.0 * n as f64 / self.annotations.max(1) as f64
    }

    fn add(&mut self, other: &Score) {
        self.annotations += other.annotations;
        self.found += other.found;
        self.orphaned_correctly += other.orphaned_correctly;
        self.placed_on_remains += other.placed_on_remains;
        self.orphaned_needlessly += other.orphaned_needlessly;
        self.imprecise += other.imprecise;
        self.wrong += other.wrong;
        self.wrong_copies += other.wrong_copies;
        self.same_words_in_rewrite += other.same_words_in_rewrite;
        self.kept += other.kept;
        self.moved_exact += other.moved_exact;
        self.moved_fuzzy += other.moved_fuzzy;
        self.orphaned += other.orphaned;
        self.survived += other.survived;
        for (a, b) in self.edit_counts.iter_mut().zip(other.edit_counts) {
            *a += b;
        }
        self.bytes_changed += other.bytes_changed;
        self.bytes += other.bytes;
        self.seconds += other.seconds;
        self.wrong_examples
            .extend(other.wrong_examples.iter().take(5).cloned());
    }

    /// A readable summary.
    pub fn summary(&self) -> String {
        let mut lines = vec![
            format!(
                "{} annotations, {:.1}% of {} bytes changed ({})",
                self.annotations,
                100.0 * self.bytes_changed as f64 / self.bytes.max(1) as f64,
                self.bytes,
                EDIT_KINDS
                    .iter()
                    .zip(self.edit_counts)
                    .map(|(k, n)| format!("{n} {k}"))
                    .collect::<Vec<_>>()
                    .join(", ")
            ),
            format!(
                "right: {:.2}% ({} found where their text went, {} orphaned because their text was deleted/rewritten, {} placed on what survived, {} on the same words of their rewritten sentence)",
                self.percent(self.right()),
                self.found,
                self.orphaned_correctly,
                self.placed_on_remains,
                self.same_words_in_rewrite
            ),
            format!(
                "text survived for {} ({:.1}%); of those {} found ({:.2}%), {} orphaned needlessly",
                self.survived,
                self.percent(self.survived),
                self.found,
                100.0 * self.found as f64 / self.survived.max(1) as f64,
                self.orphaned_needlessly
            ),
            format!(
                "outcomes: {} kept, {} moved exact, {} moved fuzzy, {} orphaned ({:.2}%)",
                self.kept,
                self.moved_exact,
                self.moved_fuzzy,
                self.orphaned,
                self.percent(self.orphaned)
            ),
            format!("imprecise (50-80% overlap): {}", self.imprecise),
            format!(
                "WRONG text: {} (of which {} on an identical copy of the quote elsewhere, its own text gone)",
                self.wrong, self.wrong_copies
            ),
            format!("re-anchoring time: {:.1} ms", self.seconds * 1e3),
        ];
        lines.extend(self.wrong_examples.iter().map(|e| format!("  wrong: {e}")));
        lines.join("\n")
    }
}

fn overlap(a: (usize, usize), b: (usize, usize)) -> f64 {
    let inter = a.1.min(b.1).saturating_sub(a.0.max(b.0));
    let union = a.1.max(b.1) - a.0.min(b.0);
    inter as f64 / union.max(1) as f64
}

/// Annotations on `old` (one per span) in a project of one document.
pub fn project_of(old: &str, spans: &[Span]) -> (Project, DocumentId) {
    let id = DocumentId::from("article.txt");
    let doc = Document::new(
        id.clone(),
        "article".into(),
        old,
        SourceFormat::Text,
        "UTF-8",
    );
    let mut project = Project::new("eval", ".");
    project.documents.insert(id.clone(), DocRecord::of(&doc));
    let when = jiff::Timestamp::UNIX_EPOCH;
    for (i, &span) in spans.iter().enumerate() {
        let a = Annotation::new(
            AnnotationId(i as u64 + 1),
            id.clone(),
            old,
            span,
            LabelId::from("claim"),
            "eval",
            when,
        );
        project.annotations.insert(a.id, a);
    }
    (project, id)
}

/// Edits `old` until `fraction` of it changed, re-anchors `spans` and scores the result.
pub fn evaluate(old: &str, spans: &[Span], fraction: f64, rng: &mut Rng) -> Score {
    let mut edited = Edited::new(old);
    let target = (old.len() as f64 * fraction) as usize;
    let mut tries = 0;
    while edited.changed < target && tries < 100_000 {
        edited.random_edit(rng);
        tries += 1;
    }
    let (project, id) = project_of(old, spans);
    let started = std::time::Instant::now();
    let (reports, _) = reanchor_document(&project, &id, &edited.text);
    let seconds = started.elapsed().as_secs_f64();
    let mut score = Score {
        annotations: reports.len(),
        edit_counts: edited.counts,
        bytes_changed: edited.changed,
        bytes: old.len(),
        seconds,
        ..Score::default()
    };
    for report in &reports {
        let truth = edited.truth(report.old);
        if truth.present() {
            score.survived += 1;
        }
        match report.anchoring {
            Anchoring::Kept => score.kept += 1,
            Anchoring::Moved { how, .. } => match how {
                diptych::analysis::reanchor::Method::Exact => score.moved_exact += 1,
                diptych::analysis::reanchor::Method::Fuzzy => score.moved_fuzzy += 1,
            },
            Anchoring::Orphaned { .. } => score.orphaned += 1,
        }
        match report.anchoring.span(report.old) {
            None if truth.present() => score.orphaned_needlessly += 1,
            None => score.orphaned_correctly += 1,
            Some(span) => {
                let got = (span.start.0, span.end.0);
                let o = truth.range.map_or(0.0, |r| overlap(got, r));
                if o >= 0.8 && truth.present() {
                    score.found += 1;
                } else if o >= 0.8 || (o >= 0.5 && !truth.present() && !truth.gone()) {
                    score.placed_on_remains += 1;
                } else if o >= 0.5 {
                    score.imprecise += 1;
                } else if edited.text[span.range()] == old[report.old.range()] && {
                    let (from, to) = edited.place_of(report.old);
                    from <= span.start.0 && span.end.0 <= to
                } {
                    score.same_words_in_rewrite += 1;
                } else {
                    score.wrong += 1;
                    if edited.text[span.range()] == old[report.old.range()] {
                        score.wrong_copies += 1;
                    }
                    let quote = &old[report.old.range()];
                    let around = |text: &str, at: usize, end: usize| {
                        let from =
                            diptych::model::text::floor_char_boundary(text, at.saturating_sub(60));
                        let to = diptych::model::text::floor_char_boundary(
                            text,
                            (end + 60).min(text.len()),
                        );
                        text[from..to].to_owned()
                    };
                    score.wrong_examples.push(format!(
                        "{quote:?} at {} -> {:?} at {} {:?} (truth {:?} at {:?}, survived {:.2}, inserted {:.2})\n    old: {:?}\n    new: {:?}",
                        report.old.start.0,
                        &edited.text[span.range()],
                        span.start.0,
                        report.anchoring,
                        truth.range.map(|(s, e)| &edited.text[s..e]),
                        truth.range,
                        truth.survived,
                        truth.inserted,
                        around(old, report.old.start.0, report.old.end.0),
                        around(&edited.text, span.start.0, span.end.0),
                    ));
                }
            }
        }
    }
    score
}

/// The sample articles and their real annotations (projects/seeds.ron).
pub fn seeds() -> Vec<(String, Vec<Span>)> {
    let path = Path::new(env!("CARGO_MANIFEST_DIR")).join("projects/seeds.ron");
    let (ws, _) = Workspace::open_blocking(&path).expect("the sample project opens");
    ws.corpus
        .documents
        .values()
        .map(|doc| {
            let spans = ws
                .project
                .annotations_of(&doc.id)
                .iter()
                .map(|a| a.span)
                .collect();
            (doc.text().to_string(), spans)
        })
        .collect()
}

/// Runs `trials` evaluations: each seed article (its own annotations plus
/// generated ones) and generated articles of `bytes` bytes.
pub fn run(trials: usize, bytes: usize, fraction: f64, seed: u64) -> Score {
    let mut rng = Rng::new(seed);
    let seeds = seeds();
    let mut total = Score::default();
    for trial in 0..trials {
        let (text, mut spans) = if trial % 3 == 0 {
            seeds[trial / 3 % seeds.len()].clone()
        } else {
            (article(&mut rng, bytes), Vec::new())
        };
        for span in annotate(&mut rng, &text, 150) {
            if !spans.contains(&span) {
                spans.push(span);
            }
        }
        let score = evaluate(&text, &spans, fraction, &mut rng);
        total.add(&score);
    }
    total
}

#[cfg(test)]
mod tests {
    #[test]
    fn the_place_of_a_rewritten_sentence_is_what_replaced_it() {
        use super::{Edited, Span};
        let old = "One here. The board of the firm said no. Three there.";
        let mut edited = Edited::new(old);
        let start = old.find("The board").unwrap();
        let end = old.find(" Three").unwrap();
        edited.splice(start..end, "The board of the court agreed.", true);
        let quote = Span::from((start, start + "The board of the".len()));
        assert!(edited.truth(quote).gone());
        let (from, to) = edited.place_of(quote);
        assert_eq!(&edited.text[from..to], "The board of the court agreed.");
        // Text that survived is its own place.
        let (from, to) = edited.place_of(Span::from((0, 3)));
        assert_eq!(&edited.text[from..to], "One");
    }
}
