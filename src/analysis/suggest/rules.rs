//! The rules behind suggestions: disclaimers, boilerplate and claim
//! candidates, as pure functions over one document's text.
//!
//! A document is read as units (see `units`: paragraphs without code
//! fences, a heading glued to its body split off). [`find`] runs
//! the passes below in this order; each marks units with a score (a
//! [`Marks`]) or proposes spans, and a later pass sees what the earlier
//! ones marked:
//!
//! 1. disclaimers: [`disclaimer_units`], [`disclaimer_headings`],
//!    [`disclaimer_continuations`];
//! 2. boilerplate: [`notices`], [`related_lists`], [`menu_runs`], joined
//!    into spans by [`boilerplate_runs`];
//! 3. claim candidates: [`claims`], in units that are neither.
//!
//! The phrases they match are in `phrases`.

use std::borrow::Cow;
use std::collections::BTreeSet;
use std::sync::LazyLock;

use aho_corasick::{AhoCorasick, AhoCorasickKind};

use super::phrases::{
    ATTRIBUTION, BOILERPLATE_PATTERNS, COMPARATIVE, DATES, DISCLAIMER_HEADINGS, DISCLAIMER_STRONG,
    DISCLAIMER_WEAK, LINK_SEPARATOR_MIDS, LINK_SEPARATORS, MONEY, RELATED_HEADINGS,
};
use super::units::{Unit, sentences_in, units};
use crate::analysis::{FNV1A_START, fnv1a_more};
use crate::model::Span;
use crate::model::words::{word_count, words};

/// What a rule found.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Kind {
    Claim,
    Disclaimer,
    Boilerplate,
}

impl Kind {
    /// The label name this kind is proposed as.
    pub fn label_name(self) -> &'static str {
        match self {
            Self::Claim => "Claim",
            Self::Disclaimer => "Disclaimer",
            Self::Boilerplate => "Boilerplate",
        }
    }

    /// The suggestion source written in the project ("rule:disclaimer").
    pub fn source(self) -> &'static str {
        match self {
            Self::Claim => "rule:claim",
            Self::Disclaimer => "rule:disclaimer",
            Self::Boilerplate => "rule:boilerplate",
        }
    }
}

/// One span a rule proposes.
#[derive(Clone, Debug, PartialEq)]
pub struct Found {
    pub span: Span,
    pub kind: Kind,
    pub score: f32,
}

/// Lower-cases and folds curly apostrophes, so patterns are written once.
fn fold(s: &str) -> String {
    s.to_lowercase().replace(['’', '‘'], "'")
}

/// Whether the match `start..end` of a phrase in `hay` stands on word
/// boundaries: a phrase that starts (ends) with a letter or digit must not
/// be preceded (followed) by one.
fn on_word_boundaries(hay: &str, start: usize, end: usize, phrase: &str) -> bool {
    let alphanumeric = |c: Option<char>| c.is_some_and(char::is_alphanumeric);
    (!alphanumeric(phrase.chars().next()) || !alphanumeric(hay[..start].chars().next_back()))
        && (!alphanumeric(phrase.chars().next_back()) || !alphanumeric(hay[end..].chars().next()))
}

/// True when `phrase` occurs in `hay` on word boundaries (both already
/// folded), at any of its occurrences, overlapping ones included: the
/// reference the automata are tested against.
#[cfg(test)]
fn has(hay: &str, phrase: &str) -> bool {
    let mut from = 0;
    while let Some(i) = hay[from..].find(phrase).map(|i| from + i) {
        if on_word_boundaries(hay, i, i + phrase.len(), phrase) {
            return true;
        }
        from = i + hay[i..].chars().next().map_or(1, char::len_utf8);
    }
    false
}

/// One of the phrase lists, searched in one pass over the text (an
/// Aho-Corasick automaton over all its phrases) instead of once per
/// phrase: the suggestions' rules search every sentence of the corpus.
struct PhraseSet {
    phrases: &'static [&'static str],
    automaton: AhoCorasick,
}

impl PhraseSet {
    fn new(phrases: &'static [&'static str]) -> Self {
        PhraseSet {
            phrases,
            automaton: automaton(phrases),
        }
    }

    /// True when one of the phrases occurs in `hay` on word boundaries, as
    /// [`has`] finds it.
    fn in_text(&self, hay: &str) -> bool {
        self.automaton.find_overlapping_iter(hay).any(|m| {
            on_word_boundaries(
                hay,
                m.start(),
                m.end(),
                self.phrases[m.pattern().as_usize()],
            )
        })
    }
}

/// An automaton over `phrases`, built as a DFA: every sentence of the
/// corpus goes through some of them, and a DFA makes one table lookup a
/// byte where the automaton `AhoCorasick::new` picks for lists of this
/// size (an NFA) does more (the lists are small: the DFA's tables are a few
/// hundred kilobytes at most).
fn automaton(phrases: &[&str]) -> AhoCorasick {
    AhoCorasick::builder()
        .kind(Some(AhoCorasickKind::DFA))
        .build(phrases)
        .expect("the phrase lists are small")
}

macro_rules! phrase_sets {
    ($($set:ident = $list:ident;)*) => {
        $(static $set: LazyLock<PhraseSet> = LazyLock::new(|| PhraseSet::new($list));)*
    };
}

phrase_sets! {
    BOILERPLATE_SET = BOILERPLATE_PATTERNS;
    DISCLAIMER_HEADINGS_SET = DISCLAIMER_HEADINGS;
    DISCLAIMER_WEAK_SET = DISCLAIMER_WEAK;
    RELATED_HEADINGS_SET = RELATED_HEADINGS;
}

/// The cues of a claim that are phrases, as the bits [`claim_cues`] sets.
mod cue {
    pub const ATTRIBUTION: u8 = 1;
    pub const PERCENT: u8 = 2;
    pub const MONEY: u8 = 4;
    pub const DATE: u8 = 8;
    pub const COMPARATIVE: u8 = 16;
    pub const ALL: u8 = 31;
}

/// The phrases of every cue in one automaton, each with the bits of the
/// cues it belongs to: a claim candidate's sentence is searched once
/// instead of once per cue (every sentence of the corpus is).
struct ClaimCues {
    automaton: AhoCorasick,
    phrases: Vec<&'static str>,
    bits: Vec<u8>,
}

static CLAIM_CUES: LazyLock<ClaimCues> = LazyLock::new(|| {
    let lists: [(&[&'static str], u8); 6] = [
        (ATTRIBUTION, cue::ATTRIBUTION),
        (&["percent", "per cent"], cue::PERCENT),
        (MONEY, cue::MONEY),
        (DATES, cue::DATE),
        (COMPARATIVE, cue::COMPARATIVE),
        (&["than"], cue::COMPARATIVE),
    ];
    let mut phrases: Vec<&'static str> = Vec::new();
    let mut bits: Vec<u8> = Vec::new();
    for (list, bit) in lists {
        for &phrase in list {
            match phrases.iter().position(|&p| p == phrase) {
                Some(i) => bits[i] |= bit,
                None => {
                    phrases.push(phrase);
                    bits.push(bit);
                }
            }
        }
    }
    ClaimCues {
        automaton: automaton(&phrases),
        phrases,
        bits,
    }
});

/// The [`cue`]s whose phrases occur in `folded` on word boundaries (as
/// [`has`] finds each), in one pass.
fn claim_cues(folded: &str) -> u8 {
    let cues = &*CLAIM_CUES;
    let mut found = 0;
    for m in cues.automaton.find_overlapping_iter(folded) {
        let p = m.pattern().as_usize();
        if found & cues.bits[p] != cues.bits[p]
            && on_word_boundaries(folded, m.start(), m.end(), cues.phrases[p])
        {
            found |= cues.bits[p];
            if found == cue::ALL {
                break;
            }
        }
    }
    found
}

/// True when a (folded) sentence reads as a disclaimer by itself: it
/// contains every part of one of [`DISCLAIMER_STRONG`]'s phrases.
fn is_strong_disclaimer(folded: &str) -> bool {
    let strong = &*STRONG_PARTS;
    let mut found = 0u128;
    for m in strong.automaton.find_overlapping_iter(folded) {
        found |= 1 << m.pattern().as_usize();
    }
    strong.phrases.iter().any(|&parts| parts & !found == 0)
}

/// The parts of [`DISCLAIMER_STRONG`]'s phrases, found in one pass over a
/// text instead of one search per part (every unit of the corpus is
/// looked at).
struct StrongParts {
    /// Every distinct part; its pattern index is its bit below.
    automaton: AhoCorasick,
    /// Each phrase as the bits of its parts.
    phrases: Vec<u128>,
}

static STRONG_PARTS: LazyLock<StrongParts> = LazyLock::new(|| {
    let mut parts: Vec<&str> = Vec::new();
    let phrases = DISCLAIMER_STRONG
        .iter()
        .map(|phrase| {
            phrase.iter().fold(0u128, |bits, part| {
                let index = parts.iter().position(|p| p == part).unwrap_or_else(|| {
                    parts.push(part);
                    parts.len() - 1
                });
                assert!(index < 128, "more than 128 parts of strong disclaimers");
                bits | 1 << index
            })
        })
        .collect();
    StrongParts {
        automaton: automaton(&parts),
        phrases,
    }
});

/// True when a line ends like a sentence.
fn ends_sentence(s: &str) -> bool {
    const CLOSERS: &str = "\"”’)…。";
    // Emoji and other symbols after the full stop do not count.
    let is_symbol = |c: char| {
        c.is_whitespace()
            || !(c.is_alphanumeric() || c.is_ascii_punctuation() || CLOSERS.contains(c))
    };
    s.trim_end_matches(is_symbol)
        .chars()
        .next_back()
        .is_some_and(|c| {
            matches!(
                c,
                '.' | '!' | '?' | ';' | ':' | '"' | '”' | '’' | ')' | '…' | '。'
            )
        })
}

/// A line that reads like a menu item: short, no sentence punctuation.
/// `words` is the line's [`word_count`].
fn is_nav_like(s: &str, words: usize) -> bool {
    words <= 8 && s.chars().count() <= 60 && (!ends_sentence(s) || s.ends_with('?'))
}

/// A line that names a story in a list of links: short, no full stop.
fn is_link_title(s: &str, words: usize) -> bool {
    words <= 15 && (!ends_sentence(s) || s.ends_with('?'))
}

/// A byline or dateline: "By Jane Doe | 3 May 2026", "Updated 12:00 CET".
fn is_byline(folded: &str) -> bool {
    let lead = ["by ", "published ", "updated ", "last updated", "posted "];
    lead.iter().any(|l| folded.starts_with(l)) && word_count(folded) <= 14 && !ends_sentence(folded)
}

/// A paragraph of running text: long, ending like a sentence.
fn is_body(line: &str, words: usize) -> bool {
    words >= 15 && ends_sentence(line)
}

/// Words (lower-cased) of the article's own paragraphs: long lines that end
/// like sentences and are neither disclaimer nor boilerplate (`counts`:
/// each unit's word count).
fn body_vocabulary(
    text: &str,
    units: &[Unit],
    counts: &[usize],
    excluded: &dyn Fn(usize) -> bool,
) -> BTreeSet<String> {
    units
        .iter()
        .enumerate()
        .filter(|(i, u)| {
            let line = &text[u.span.range()];
            !excluded(*i) && is_body(line, counts[*i])
        })
        .flat_map(|(_, u)| {
            words(&text[u.span.range()])
                .into_iter()
                .map(str::to_lowercase)
        })
        .collect()
}

/// A headline or subheading rather than a menu item: most of its longer
/// words come back in the article's own paragraphs.
fn is_article_heading(line: &str, body: &BTreeSet<String>) -> bool {
    let words: Vec<String> = words(line)
        .into_iter()
        .map(str::to_lowercase)
        .filter(|w| w.chars().count() >= 4 || w.chars().any(|c| c.is_ascii_digit()))
        .collect();
    if words.len() < 3 {
        return false;
    }
    let shared = words.iter().filter(|w| body.contains(*w)).count();
    shared * 2 >= words.len()
}

/// A line of links: several short items between separators.
fn is_link_list(s: &str, words: usize) -> bool {
    // Each separator is a character between two spaces: fewer than two
    // of those characters, fewer than two separators.
    let mids = s
        .chars()
        .filter(|c| LINK_SEPARATOR_MIDS.contains(c))
        .take(2);
    if mids.count() < 2 {
        return false;
    }
    let seps: usize = LINK_SEPARATORS
        .iter()
        .map(|sep| s.matches(sep).count())
        .sum();
    seps >= 2 && !ends_sentence(s) && words <= 6 * (seps + 1)
}

/// Normalised text of a line for finding the same line in other
/// documents: its folded words joined by spaces (the reference
/// [`line_hash`] is tested against).
#[cfg(test)]
fn line_key(s: &str) -> String {
    words(&fold(s)).join(" ")
}

/// The [`fnv1a`](crate::analysis::fnv1a) of a line's normalised text (its
/// folded words joined by spaces), made without the folded copy of an
/// ASCII line (whose words are where the folded line's are) or the joined
/// text; `None` for a line without words. Every line of the corpus gets
/// one (two different lines of a corpus sharing a hash: about one chance
/// in 10^7 at a hundred million lines).
pub fn line_hash(s: &str) -> Option<u64> {
    // A folded line has no ASCII capitals left: lower-casing its bytes
    // again changes nothing, so both kinds of line hash alike.
    let hash_words = |list: Vec<&str>| {
        let mut hash = FNV1A_START;
        for (i, w) in list.iter().enumerate() {
            if i > 0 {
                hash = fnv1a_more(hash, std::iter::once(b' '));
            }
            hash = fnv1a_more(hash, w.bytes().map(|b| b.to_ascii_lowercase()));
        }
        (!list.is_empty()).then_some(hash)
    };
    if s.is_ascii() {
        hash_words(words(s))
    } else {
        hash_words(words(&fold(s)))
    }
}

/// A score per unit from one kind of rule; `None` where it does not apply.
type Marks = Vec<Option<f32>>;

/// A document read as units, with each unit's folded text.
struct Reading<'t> {
    text: &'t str,
    units: Vec<Unit>,
    /// `fold` of each unit's text.
    folded: Vec<String>,
    /// [`word_count`] of each unit's text.
    words: Vec<usize>,
    /// Whether each unit's folded text is a strong disclaimer: a sentence
    /// can be one only in a unit that is (the phrases are ASCII, and `fold`
    /// maps a sentence's characters as it maps them in its unit), so the
    /// other units are never cut into sentences to look for one.
    strong: Vec<bool>,
}

impl<'t> Reading<'t> {
    fn new(text: &'t str) -> Self {
        let units = units(text);
        let folded: Vec<String> = units.iter().map(|u| fold(&text[u.span.range()])).collect();
        let strong = folded.iter().map(|f| is_strong_disclaimer(f)).collect();
        let words = units
            .iter()
            .map(|u| word_count(&text[u.span.range()]))
            .collect();
        Self {
            text,
            units,
            folded,
            words,
            strong,
        }
    }

    /// The text of unit `i`.
    fn line(&self, i: usize) -> &'t str {
        &self.text[self.units[i].span.range()]
    }

    /// `fold` of `span`, a part of unit `i`: a slice of the unit's folded
    /// text when the unit is ASCII (folding maps each byte to one byte
    /// there), made anew otherwise.
    fn folded_within(&self, i: usize, span: Span) -> Cow<'_, str> {
        let unit = self.units[i].span;
        if self.line(i).is_ascii() && unit.start <= span.start && span.end <= unit.end {
            let at = span.start.0 - unit.start.0;
            Cow::Borrowed(&self.folded[i][at..at + span.len()])
        } else {
            Cow::Owned(fold(&self.text[span.range()]))
        }
    }

    /// True when `unit` starts in the second half of the text.
    fn in_tail(&self, unit: &Unit) -> bool {
        unit.span.start.0 as f32 / self.text.len().max(1) as f32 >= 0.5
    }
}

/// Everything the rules find in `text`. `repeated(p)` says whether paragraph
/// `p` (a non-blank line, counted from 0) also appears in unrelated documents
/// of the corpus. Sorted by start, then kind.
pub fn find(text: &str, repeated: &dyn Fn(usize) -> bool) -> Vec<Found> {
    let doc = Reading::new(text);
    let (mut disclaimer, mut found) = disclaimer_units(&doc);
    disclaimer_headings(&doc, &mut disclaimer);
    disclaimer_continuations(&doc, &mut disclaimer);
    found.extend(marked_units(&doc, &disclaimer, Kind::Disclaimer));
    let mut boiler = notices(&doc, &disclaimer, repeated);
    related_lists(&doc, &disclaimer, &mut boiler);
    menu_runs(&doc, &disclaimer, &mut boiler);
    found.extend(boilerplate_runs(&doc, &boiler));
    found.extend(claims(&doc, &disclaimer, &boiler));
    found.sort_by_key(|f| (f.span, f.kind));
    found
}

/// Disclaimers, whole units or single sentences: a unit with a strong
/// disclaimer sentence whose disclaimer sentences (strong or weak) make up
/// at least half of it is marked whole; otherwise its strong sentences are
/// proposed alone (a disclaimer in the middle of an article). Scores are
/// higher in the second half of the text.
fn disclaimer_units(doc: &Reading) -> (Marks, Vec<Found>) {
    let mut disclaimer: Marks = vec![None; doc.units.len()];
    let mut found = Vec::new();
    for (i, unit) in doc.units.iter().enumerate() {
        if !doc.strong[i] {
            continue;
        }
        let sentences = sentences_in(doc.text, unit.span);
        let marks: Vec<(Span, bool, bool)> = sentences
            .iter()
            .map(|s| {
                let f = fold(&doc.text[s.range()]);
                (
                    *s,
                    is_strong_disclaimer(&f),
                    DISCLAIMER_WEAK_SET.in_text(&f),
                )
            })
            .collect();
        if !marks.iter().any(|m| m.1) {
            continue;
        }
        let covered: usize = marks.iter().filter(|m| m.1 || m.2).map(|m| m.0.len()).sum();
        let share = covered as f32 / unit.span.len().max(1) as f32;
        if share >= 0.5 {
            disclaimer[i] = Some(if doc.in_tail(unit) { 0.9 } else { 0.75 });
        } else {
            let score = if doc.in_tail(unit) { 0.7 } else { 0.6 };
            for m in marks.iter().filter(|m| m.1) {
                found.push(Found {
                    span: m.0,
                    kind: Kind::Disclaimer,
                    score,
                });
            }
        }
    }
    (disclaimer, found)
}

/// A short disclaimer heading ("Risk Warning") is a disclaimer when the
/// next unit is one, when it was glued to its body, or in the second half
/// of the text.
fn disclaimer_headings(doc: &Reading, disclaimer: &mut Marks) {
    for i in 0..doc.units.len() {
        if disclaimer[i].is_some() {
            continue;
        }
        let words = doc.words[i];
        let heading = words <= 6 && DISCLAIMER_HEADINGS_SET.in_text(&doc.folded[i]);
        let next_is = disclaimer.get(i + 1).copied().flatten().is_some();
        if heading && (next_is || doc.units[i].glued_heading || doc.in_tail(&doc.units[i])) {
            disclaimer[i] = Some(0.9);
        }
    }
}

/// In the second half of the text, a sentence-like unit with weak
/// disclaimer words right after a disclaimer continues it.
fn disclaimer_continuations(doc: &Reading, disclaimer: &mut Marks) {
    for i in 1..doc.units.len() {
        if disclaimer[i].is_none()
            && disclaimer[i - 1].is_some()
            && doc.in_tail(&doc.units[i])
            && DISCLAIMER_WEAK_SET.in_text(&doc.folded[i])
            && ends_sentence(doc.line(i))
        {
            disclaimer[i] = Some(0.7);
        }
    }
}

/// The units marked in `marks`, each proposed whole as `kind`.
fn marked_units(doc: &Reading, marks: &Marks, kind: Kind) -> Vec<Found> {
    doc.units
        .iter()
        .zip(marks)
        .filter_map(|(unit, score)| {
            score.map(|score| Found {
                span: unit.span,
                kind,
                score,
            })
        })
        .collect()
}

/// Boilerplate lines on their own: code fences, notices (cookies,
/// subscriptions, copyright, ...), link lists, bylines, and short lines
/// repeated in unrelated documents. Disclaimers are left alone.
fn notices(doc: &Reading, disclaimer: &Marks, repeated: &dyn Fn(usize) -> bool) -> Marks {
    doc.units
        .iter()
        .enumerate()
        .map(|(i, unit)| {
            if disclaimer[i].is_some() {
                return None;
            }
            let line = doc.line(i);
            let words = doc.words[i];
            if unit.fence {
                Some(0.7)
            } else if (words <= 40 && BOILERPLATE_SET.in_text(&doc.folded[i]))
                || is_link_list(line, words)
                || is_byline(&doc.folded[i])
            {
                Some(0.8)
            } else if words <= 15 && repeated(unit.paragraph) {
                Some(0.75)
            } else {
                None
            }
        })
        .collect()
}

/// The list of story titles under a "Related articles" heading.
fn related_lists(doc: &Reading, disclaimer: &Marks, boiler: &mut Marks) {
    let mut i = 0;
    while i < doc.units.len() {
        let heading =
            RELATED_HEADINGS_SET.in_text(&doc.folded[i]) && word_count(&doc.folded[i]) <= 5;
        i += 1;
        if !heading {
            continue;
        }
        while i < doc.units.len()
            && disclaimer[i].is_none()
            && is_link_title(doc.line(i), doc.words[i])
        {
            boiler[i] = Some(boiler[i].unwrap_or(0.0).max(0.75));
            i += 1;
        }
    }
}

/// Runs of menu items, around boilerplate lines or on their own: three or
/// more such lines in a row, or two with one marked already, are all
/// boilerplate.
fn menu_runs(doc: &Reading, disclaimer: &Marks, boiler: &mut Marks) {
    let nav = menu_lines(doc, disclaimer, boiler);
    let mut i = 0;
    while i < doc.units.len() {
        if !(nav[i] || boiler[i].is_some()) {
            i += 1;
            continue;
        }
        let start = i;
        while i < doc.units.len() && (nav[i] || boiler[i].is_some()) {
            i += 1;
        }
        let anchored = boiler[start..i].iter().any(Option::is_some);
        if i - start >= 3 || (i - start == 2 && anchored) {
            for slot in &mut boiler[start..i] {
                *slot = Some(slot.unwrap_or(0.0).max(0.7));
            }
        }
    }
}

/// Which units read like menu items: short, no sentence punctuation, and
/// neither the headline nor a heading whose words come back in the
/// article's own paragraphs.
fn menu_lines(doc: &Reading, disclaimer: &Marks, boiler: &Marks) -> Vec<bool> {
    let flagged = |i: usize| disclaimer[i].is_some() || boiler[i].is_some();
    // Made only if a line reads like a menu item.
    let body = std::cell::OnceCell::new();
    // The headline: the last line before the first article paragraph, bylines
    // and disclaimers aside.
    let first_body =
        (0..doc.units.len()).find(|i| !flagged(*i) && is_body(doc.line(*i), doc.words[*i]));
    let headline = first_body.and_then(|f| (0..f).rev().find(|i| !flagged(*i)));
    (0..doc.units.len())
        .map(|i| {
            let line = doc.line(i);
            disclaimer[i].is_none()
                && Some(i) != headline
                && is_nav_like(line, doc.words[i])
                && !is_article_heading(
                    line,
                    body.get_or_init(|| {
                        body_vocabulary(doc.text, &doc.units, &doc.words, &flagged)
                    }),
                )
        })
        .collect()
}

/// Each run of boilerplate units as one span, scored by its best line.
fn boilerplate_runs(doc: &Reading, boiler: &Marks) -> Vec<Found> {
    let mut found = Vec::new();
    let mut i = 0;
    while i < doc.units.len() {
        let Some(first) = boiler[i] else {
            i += 1;
            continue;
        };
        let start = i;
        let mut score = first;
        while i < doc.units.len()
            && let Some(s) = boiler[i]
        {
            score = score.max(s);
            i += 1;
        }
        found.push(Found {
            span: Span::from((doc.units[start].span.start.0, doc.units[i - 1].span.end.0)),
            kind: Kind::Boilerplate,
            score,
        });
    }
    found
}

/// Claim candidates: sentences of article paragraphs (units neither
/// disclaimer nor boilerplate) with attribution, or with two cues among
/// figures, percentages, money, dates and comparisons.
fn claims(doc: &Reading, disclaimer: &Marks, boiler: &Marks) -> Vec<Found> {
    let mut found = Vec::new();
    for (i, unit) in doc.units.iter().enumerate() {
        if disclaimer[i].is_some() || boiler[i].is_some() {
            continue;
        }
        for sentence in sentences_in(doc.text, unit.span) {
            let s = &doc.text[sentence.range()];
            if word_count(s) < 6 || s.ends_with('?') {
                continue;
            }
            let f = doc.folded_within(i, sentence);
            if doc.strong[i] && is_strong_disclaimer(&f) {
                continue;
            }
            let phrases = claim_cues(&f);
            let attribution = phrases & cue::ATTRIBUTION != 0;
            let number = f.bytes().any(|c| c.is_ascii_digit());
            let percent = f.contains('%') || phrases & cue::PERCENT != 0;
            let money = phrases & cue::MONEY != 0;
            let date = phrases & cue::DATE != 0;
            let comparative = phrases & cue::COMPARATIVE != 0;
            let cues = [attribution, number, percent, money, date, comparative]
                .iter()
                .filter(|c| **c)
                .count();
            if !(attribution || cues >= 2) {
                continue;
            }
            found.push(Found {
                span: sentence,
                kind: Kind::Claim,
                score: (0.3 + 0.12 * cues as f32).min(0.9),
            });
        }
    }
    found
}

#[cfg(test)]
mod tests {
    use proptest::prelude::*;

    use super::*;

    proptest! {
        /// The one-pass search finds a phrase exactly where searching for
        /// each phrase of the list does.
        #[test]
        fn a_phrase_set_finds_what_each_phrase_finds(
            parts in prop::collection::vec(
                prop_oneof![
                    prop::sample::select(ATTRIBUTION).prop_map(str::to_owned),
                    prop::sample::select(DATES).prop_map(str::to_owned),
                    "[a-z]{0,3}",
                    prop::sample::select(&[" ", "", ".", "é", "1", "'s "][..]).prop_map(str::to_owned),
                ],
                0..8,
            )
        ) {
            let hay = parts.concat();
            for (set, list) in [(&*BOILERPLATE_SET, BOILERPLATE_PATTERNS), (&*DISCLAIMER_WEAK_SET, DISCLAIMER_WEAK)] {
                let each = list.iter().any(|p| has(&hay, p));
                prop_assert_eq!(set.in_text(&hay), each, "{:?}", hay);
            }
        }

        /// A line's hash is the hash of its normalised text, made in pieces,
        /// and a line without words has none.
        #[test]
        fn a_line_hash_is_the_hash_of_its_key(
            parts in prop::collection::vec(
                prop::sample::select(&[
                    "The Plan", "ROSE", ". ", " ", "İ", "ΟΔΟΣ", "’s", "don't", "x1", "…", "--",
                ][..]),
                0..10,
            )
        ) {
            let line = parts.concat();
            let key = line_key(&line);
            let expected = (!key.is_empty()).then(|| crate::analysis::fnv1a(key.as_bytes()));
            prop_assert_eq!(line_hash(&line), expected, "{:?}", line);
        }

        /// The claim cues found in one pass are those found by searching
        /// for each phrase of each cue's list.
        #[test]
        fn the_claim_cues_are_what_each_phrase_finds(
            parts in prop::collection::vec(
                prop_oneof![
                    prop::sample::select(ATTRIBUTION).prop_map(str::to_owned),
                    prop::sample::select(DATES).prop_map(str::to_owned),
                    prop::sample::select(MONEY).prop_map(str::to_owned),
                    prop::sample::select(COMPARATIVE).prop_map(str::to_owned),
                    prop::sample::select(&["than", "percent", "per cent", "thanks", "1.5"][..]).prop_map(str::to_owned),
                    "[a-z]{0,3}",
                    prop::sample::select(&[" ", "", ".", "é", "1", "'s "][..]).prop_map(str::to_owned),
                ],
                0..10,
            )
        ) {
            let hay = parts.concat();
            let any = |list: &[&str]| list.iter().any(|p| has(&hay, p));
            let each = [
                (cue::ATTRIBUTION, any(ATTRIBUTION)),
                (cue::PERCENT, any(&["percent", "per cent"])),
                (cue::MONEY, any(MONEY)),
                (cue::DATE, any(DATES)),
                (cue::COMPARATIVE, any(COMPARATIVE) || has(&hay, "than")),
            ]
            .iter()
            .filter(|(_, found)| *found)
            .fold(0, |bits, (bit, _)| bits | bit);
            prop_assert_eq!(claim_cues(&hay), each, "{:?}", hay);
        }

        /// A sentence's fold read from its unit's folded text is the
        /// sentence folded on its own (ASCII units or not).
        #[test]
        fn a_sentence_folded_within_its_unit_is_the_sentence_folded(
            parts in prop::collection::vec(
                prop::sample::select(&[
                    "The Plan", "ROSE", ". ", "! ", "\n", "\n\n", "İ", "ΟΔΟΣ", "’", "Σ. ", "x", " ",
                ][..]),
                0..14,
            )
        ) {
            let text = parts.concat();
            let doc = Reading::new(&text);
            for (i, unit) in doc.units.iter().enumerate() {
                for sentence in sentences_in(&text, unit.span) {
                    let (within, alone) = (doc.folded_within(i, sentence), fold(&text[sentence.range()]));
                    prop_assert_eq!(within.as_ref(), alone.as_str(), "{:?} in {:?}", sentence, text);
                }
            }
        }

        /// A sentence is a strong disclaimer only inside a unit that is one,
        /// which lets the rules skip cutting the other units into sentences:
        /// glued headings, curly quotes and a final sigma (the one letter
        /// whose lower case depends on its neighbours) included.
        #[test]
        fn a_strong_sentence_lies_in_a_strong_unit(
            parts in prop::collection::vec(
                prop_oneof![
                    prop::sample::select(DISCLAIMER_STRONG).prop_map(|p| p.join(" ")),
                    prop::sample::select(&[
                        "Not Investment Advice", "DisclaimerThe", "İ", "ΟΔΟΣ", "Σ", "’", ". ",
                        "! ", "\n", "\n\n", "Risk WarningThe ", "Disclosure:", " ", "e.g. ",
                    ][..]).prop_map(str::to_owned),
                    "[a-zA-Z ]{0,6}",
                ],
                0..10,
            )
        ) {
            let text = parts.concat();
            let doc = Reading::new(&text);
            for (i, unit) in doc.units.iter().enumerate() {
                for sentence in sentences_in(&text, unit.span) {
                    let strong = is_strong_disclaimer(&fold(&text[sentence.range()]));
                    prop_assert!(!strong || doc.strong[i], "{:?} in {:?}", sentence, text);
                }
            }
        }
    }

    /// `is_link_list` skips lines with fewer than two of these characters.
    #[test]
    fn each_link_separator_is_its_character_between_spaces() {
        let made: Vec<String> = LINK_SEPARATOR_MIDS
            .iter()
            .map(|c| format!(" {c} "))
            .collect();
        assert_eq!(made, LINK_SEPARATORS);
        assert!(is_link_list("Home | World | Markets", 3));
        assert!(!is_link_list("Home | World", 2));
    }

    /// One pass finds what searching for each part finds.
    #[test]
    fn strong_disclaimers_are_found_as_each_part_is() {
        let by_parts = |folded: &str| {
            DISCLAIMER_STRONG
                .iter()
                .any(|parts| parts.iter().all(|p| folded.contains(p)))
        };
        let mut texts: Vec<String> = Vec::new();
        for phrase in DISCLAIMER_STRONG {
            texts.push(phrase.join(" "));
            texts.push(format!("so {} and more", phrase.concat()));
            texts.push(phrase[..phrase.len() - 1].join(" "));
            texts.push(phrase.iter().rev().copied().collect::<Vec<_>>().join("|"));
            let first = phrase[0];
            texts.push(first[..first.len() - 1].to_owned());
        }
        texts.push(String::new());
        let mut strong = 0;
        for text in &texts {
            assert_eq!(is_strong_disclaimer(text), by_parts(text), "{text:?}");
            strong += usize::from(by_parts(text));
        }
        assert!(strong >= 2 * DISCLAIMER_STRONG.len(), "{strong}");
    }

    #[test]
    fn the_strong_disclaimer_phrases_are_ascii() {
        // What `Reading::strong` relies on: an ASCII phrase found in a
        // folded sentence is found in its folded unit.
        for part in DISCLAIMER_STRONG.iter().flat_map(|p| p.iter()) {
            assert!(part.is_ascii(), "{part:?}");
        }
    }

    #[test]
    fn phrases_count_only_on_word_boundaries_at_any_occurrence() {
        assert!(has("he said it", "said"));
        assert!(!has("unsaid", "said"));
        assert!(!has("saidx", "said"));
        // The first occurrence is inside a word, the second is not.
        assert!(has("xon. on. on", "on. on"));
        assert!(has("1.5 per cent", "per cent"));
        assert_eq!(claim_cues("unsaid things"), 0);
        assert_eq!(
            claim_cues("officials said on monday"),
            cue::ATTRIBUTION | cue::DATE
        );
    }

    fn found_of(text: &str, kind: Kind) -> Vec<&str> {
        find(text, &|_| false)
            .into_iter()
            .filter(|f| f.kind == kind)
            .map(|f| &text[f.span.range()])
            .collect()
    }

    #[test]
    fn a_glued_heading_and_its_body_are_two_disclaimers_without_the_fence() {
        let text = "Title of a story\nThe company said sales rose 5% in March, citing demand.\n\
                    Risk Warning and DisclaimerThe market carries risks; investment requires caution. \
                    This article does not constitute investment advice. ```";
        assert_eq!(
            found_of(text, Kind::Disclaimer),
            [
                "Risk Warning and Disclaimer",
                "The market carries risks; investment requires caution. This article does not constitute investment advice."
            ]
        );
        assert_eq!(
            found_of(text, Kind::Claim),
            ["The company said sales rose 5% in March, citing demand."]
        );
    }

    #[test]
    fn a_run_of_menu_lines_is_one_boilerplate_span_and_the_headline_is_not() {
        let text = "Futures\nAccess hundreds of perpetual contracts\nTradFi\nGold\n\
                    Markets Rally as Investors Shrug Off the Worries of Another Long Week\n\
                    Stocks rose on Monday.";
        assert_eq!(
            found_of(text, Kind::Boilerplate),
            ["Futures\nAccess hundreds of perpetual contracts\nTradFi\nGold"]
        );
    }

    #[test]
    fn isolated_headings_and_plain_sentences_are_left_alone() {
        let text = "A heading without a full stop\nThis is a plain sentence about nothing much at all.\n\
                    Another heading here\nShe walked home slowly in the rain.";
        assert!(find(text, &|_| false).is_empty());
    }

    #[test]
    fn notices_and_link_lists_are_boilerplate() {
        let text = "Home | News | Markets | Opinion\nThe story starts here and goes on.\n\
                    We use cookies to improve your experience.";
        assert_eq!(
            found_of(text, Kind::Boilerplate),
            [
                "Home | News | Markets | Opinion",
                "We use cookies to improve your experience."
            ]
        );
    }
}
