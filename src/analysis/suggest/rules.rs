//! The rules behind suggestions: disclaimers, boilerplate and claim
//! candidates, as pure functions over one document's text.
//!
//! A document is read as *units*: its paragraphs (non-blank lines) with code
//! fences trimmed off, a disclaimer heading glued to its body
//! ("Risk Warning and DisclaimerThe market …") split into two units.

use unicode_segmentation::UnicodeSegmentation;

use crate::analysis::segment;
use crate::model::Span;

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

/// Phrases that make a sentence a disclaimer; each entry needs all of its parts.
const DISCLAIMER_STRONG: &[&[&str]] = &[
    &["not investment advice"],
    &["not financial advice"],
    &["not constitute", "advice"],
    &["not constitute", "offer"],
    &["not constitute", "recommendation"],
    &["not constitute", "solicitation"],
    &["not constitute", "endorsement"],
    &["should not be construed"],
    &["should not be relied"],
    &["should not be considered", "advice"],
    &["not intended", "advice"],
    &["informational purposes only"],
    &["information purposes only"],
    &["educational purposes only"],
    &["for general information"],
    &["past performance", "not"],
    &["forward-looking statement"],
    &["forward looking statement"],
    &["risk warning"],
    &["disclaimer"],
    &["disclosure:"],
    &["affiliate link"],
    &["affiliate commission"],
    &["affiliate partner"],
    &["may earn a commission"],
    &["may receive a commission"],
    &["may receive compensation"],
    &["sponsored content"],
    &["sponsored post"],
    &["sponsored article"],
    &["this article is sponsored"],
    &["paid partnership"],
    &["press release", "responsible"],
    &["own risk"],
    &["do your own research"],
    &["dyor"],
    &["consult", "financial advis"],
    &["consult", "professional advi"],
    &["independent financial advice"],
    &["seek independent advice"],
    &["accepts no liability"],
    &["accept no liability"],
    &["not liable for"],
    &["not be held liable"],
    &["not responsible for any"],
    &["no responsibility for"],
    &["does not guarantee", "accuracy"],
    &["makes no representation"],
    &["views expressed", "author"],
    &["opinions expressed", "author"],
    &["not necessarily reflect"],
    &["author holds"],
    &["author does not hold"],
    &["holds no position"],
    &["has no position"],
    &["no financial interest"],
    &["investment involves risk"],
    &["investments involve risk"],
    &["investing involves risk"],
    &["investment involves risks"],
    &["market carries risk"],
    &["market risks exist"],
    &["market is risky"],
    &["investment requires caution"],
    &["investments should be cautious"],
    &["invest with caution"],
    &["capital is at risk"],
    &["capital at risk"],
    &["cfds are complex"],
    &["lose money rapidly"],
    &["not an offer to"],
    &["not a solicitation"],
    &["responsibility rests with"],
    &["high degree of risk"],
    &["highly volatile", "risk"],
];

/// Words that continue a disclaimer but do not make one on their own.
const DISCLAIMER_WEAK: &[&str] = &[
    "advice",
    "caution",
    "cautious",
    "circumstances",
    "consider whether",
    "financial situation",
    "investment objectives",
    "investor",
    "liability",
    "responsibility",
    "risk",
    "risks",
    "suitable",
];

/// Words of a short heading that opens a disclaimer.
const DISCLAIMER_HEADINGS: &[&str] = &[
    "disclaimer",
    "disclaimers",
    "disclosure",
    "disclosures",
    "risk warning",
    "risk disclosure",
    "important notice",
    "legal notice",
    "important information",
    "editorial note",
];

/// Phrases of cookie, subscription, sharing, copyright and navigation notices.
const BOILERPLATE_PATTERNS: &[&str] = &[
    "cookie",
    "cookies",
    "subscribe",
    "subscription",
    "newsletter",
    "sign up",
    "signup",
    "log in",
    "login",
    "sign in",
    "register now",
    "create an account",
    "all rights reserved",
    "©",
    "copyright",
    "follow us",
    "share this",
    "share on",
    "share article",
    "click here",
    "read more",
    "read next",
    "related articles",
    "related posts",
    "related news",
    "related stories",
    "recommended for you",
    "you may also like",
    "more from",
    "most read",
    "most popular",
    "trending now",
    "advertisement",
    "sponsored links",
    "download the app",
    "download our app",
    "get the app",
    "terms of use",
    "terms of service",
    "terms and conditions",
    "privacy policy",
    "skip to content",
    "skip to main content",
    "back to top",
    "accept all",
    "manage preferences",
    "join our community",
    "join our telegram",
    "join us on",
    "open in app",
    "listen to this article",
    "scan to download",
    "contact us",
    "about us",
    "copy link",
    "reporting by",
    "editing by",
    "writing by",
    "additional reporting",
    "our standards:",
    "best overall",
    "best budget",
    "best value",
    "our favourite",
    "our favorite",
    "our top pick",
    "prices checked",
    "check price",
    "shop now",
    "buy now",
    "view deal",
];

/// Headings of a list of links to other stories.
const RELATED_HEADINGS: &[&str] = &[
    "related articles",
    "related posts",
    "related news",
    "related stories",
    "related coverage",
    "related",
    "read more",
    "read next",
    "more from",
    "more on this",
    "more stories",
    "you may also like",
    "recommended",
    "most read",
    "most popular",
    "trending",
    "further reading",
    "see also",
];

/// Separators between the items of a link list ("Home | News | Markets").
const LINK_SEPARATORS: &[&str] = &[" | ", " • ", " · ", " » ", " › ", " / ", " > ", " — "];

/// Attribution cues of a claim.
const ATTRIBUTION: &[&str] = &[
    "according to",
    "said",
    "says",
    "say",
    "reported",
    "reports",
    "citing",
    "cited",
    "told",
    "announced",
    "stated",
    "claimed",
    "claims",
    "confirmed",
    "estimated",
    "estimates",
    "expects",
    "expected",
    "predicted",
    "forecast",
    "data show",
    "data showed",
    "survey",
    "admitted",
    "revealed",
    "disclosed",
    "warned",
];

/// Comparatives and changes.
const COMPARATIVE: &[&str] = &[
    "more than",
    "less than",
    "fewer than",
    "higher",
    "lower",
    "larger",
    "smaller",
    "largest",
    "biggest",
    "highest",
    "lowest",
    "compared",
    "surged",
    "soared",
    "jumped",
    "rose",
    "fell",
    "dropped",
    "plunged",
    "increase",
    "increased",
    "decrease",
    "decreased",
    "doubled",
    "record",
    "outpaced",
];

/// Money words.
const MONEY: &[&str] = &[
    "$", "€", "£", "¥", "dollar", "dollars", "usd", "euro", "euros", "yuan", "yen", "pounds",
    "revenue", "billion", "million", "trillion",
];

/// Dates.
const DATES: &[&str] = &[
    "january",
    "february",
    "march",
    "april",
    "june",
    "july",
    "august",
    "september",
    "october",
    "november",
    "december",
    "monday",
    "tuesday",
    "wednesday",
    "thursday",
    "friday",
    "saturday",
    "sunday",
    "yesterday",
    "today",
    "last week",
    "last month",
    "last year",
    "next week",
    "next month",
    "next year",
    "this year",
    "this month",
    "last autumn",
    "last fall",
    "last spring",
    "last summer",
    "quarter",
];

/// Lower-cases and folds curly apostrophes, so patterns are written once.
fn fold(s: &str) -> String {
    s.to_lowercase().replace(['’', '‘'], "'")
}

/// True when `phrase` occurs in `hay` on word boundaries (both already folded).
fn has(hay: &str, phrase: &str) -> bool {
    let starts_word = phrase.chars().next().is_some_and(char::is_alphanumeric);
    let ends_word = phrase
        .chars()
        .next_back()
        .is_some_and(char::is_alphanumeric);
    hay.match_indices(phrase).any(|(i, m)| {
        let before_ok = !starts_word
            || !hay[..i]
                .chars()
                .next_back()
                .is_some_and(char::is_alphanumeric);
        let after_ok = !ends_word
            || !hay[i + m.len()..]
                .chars()
                .next()
                .is_some_and(char::is_alphanumeric);
        before_ok && after_ok
    })
}

fn has_any(hay: &str, phrases: &[&str]) -> bool {
    phrases.iter().any(|p| has(hay, p))
}

/// True when a (folded) sentence reads as a disclaimer by itself.
fn is_strong_disclaimer(folded: &str) -> bool {
    DISCLAIMER_STRONG
        .iter()
        .any(|parts| parts.iter().all(|p| folded.contains(p)))
}

/// The span of `text[start..end]` without surrounding whitespace and code
/// fences (runs of backticks or tildes); `None` when nothing is left.
pub fn clean_span(text: &str, start: usize, end: usize) -> Option<Span> {
    let is_edge = |c: char| c.is_whitespace() || c == '`' || c == '~';
    let slice = &text[start..end];
    let trimmed_start = slice.trim_start_matches(is_edge);
    let s = start + (slice.len() - trimmed_start.len());
    let trimmed = trimmed_start.trim_end_matches(is_edge);
    (!trimmed.is_empty()).then(|| Span::from((s, s + trimmed.len())))
}

/// Where a disclaimer heading is glued to the body after it
/// ("Risk Warning and DisclaimerThe market"): the byte offset of the body.
fn glued_heading_end(text: &str, span: Span) -> Option<usize> {
    let body = &text[span.range()];
    let head_limit = body.char_indices().nth(60).map_or(body.len(), |(i, _)| i);
    let folded_head = body[..head_limit].to_lowercase();
    // Only ASCII folding is relied on below, so byte positions match.
    if folded_head.len() != head_limit {
        return None;
    }
    for word in [
        "disclaimer",
        "disclaimers",
        "disclosure",
        "disclosures",
        "warning",
        "notice",
    ] {
        for (i, _) in folded_head.match_indices(word) {
            let end = i + word.len();
            let next = body[end..].chars().next();
            if next.is_some_and(|c| c.is_uppercase()) {
                return Some(span.start.0 + end);
            }
        }
    }
    None
}

/// A unit of reading: a paragraph, or one side of a glued heading.
#[derive(Clone, Debug)]
struct Unit {
    span: Span,
    /// Index of the paragraph (non-blank line) it comes from.
    paragraph: usize,
    /// The heading half of a glued heading.
    glued_heading: bool,
    /// A line of nothing but a code fence ("```").
    fence: bool,
}

fn units(text: &str) -> Vec<Unit> {
    let mut out = Vec::new();
    for (paragraph, para) in segment::paragraphs(text).into_iter().enumerate() {
        let Some(span) = clean_span(text, para.start.0, para.end.0) else {
            out.push(Unit {
                span: para,
                paragraph,
                glued_heading: false,
                fence: true,
            });
            continue;
        };
        if let Some(cut) = glued_heading_end(text, span)
            && let (Some(head), Some(body)) = (
                clean_span(text, span.start.0, cut),
                clean_span(text, cut, span.end.0),
            )
        {
            out.push(Unit {
                span: head,
                paragraph,
                glued_heading: true,
                fence: false,
            });
            out.push(Unit {
                span: body,
                paragraph,
                glued_heading: false,
                fence: false,
            });
            continue;
        }
        out.push(Unit {
            span,
            paragraph,
            glued_heading: false,
            fence: false,
        });
    }
    out
}

/// Sentences of `span` (see `segment::sentences`), without code fences, as byte spans.
pub fn sentences_in(text: &str, span: Span) -> Vec<Span> {
    let base = span.start.0;
    segment::sentences(&text[span.range()])
        .into_iter()
        .filter_map(|s| clean_span(text, base + s.start.0, base + s.end.0))
        .collect()
}

fn word_count(s: &str) -> usize {
    s.unicode_words().count()
}

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
fn is_nav_like(s: &str) -> bool {
    let words = word_count(s);
    words <= 8 && s.chars().count() <= 60 && (!ends_sentence(s) || s.ends_with('?'))
}

/// A line that names a story in a list of links: short, no full stop.
fn is_link_title(s: &str) -> bool {
    word_count(s) <= 15 && (!ends_sentence(s) || s.ends_with('?'))
}

/// A byline or dateline: "By Jane Doe | 3 May 2026", "Updated 12:00 CET".
fn is_byline(folded: &str) -> bool {
    let lead = ["by ", "published ", "updated ", "last updated", "posted "];
    lead.iter().any(|l| folded.starts_with(l)) && word_count(folded) <= 14 && !ends_sentence(folded)
}

/// A paragraph of running text: long, ending like a sentence.
fn is_body(line: &str) -> bool {
    word_count(line) >= 15 && ends_sentence(line)
}

/// Words (lower-cased) of the article's own paragraphs: long lines that end
/// like sentences and are neither disclaimer nor boilerplate.
fn body_vocabulary(
    text: &str,
    units: &[Unit],
    excluded: &dyn Fn(usize) -> bool,
) -> std::collections::BTreeSet<String> {
    units
        .iter()
        .enumerate()
        .filter(|(i, u)| {
            let line = &text[u.span.range()];
            !excluded(*i) && is_body(line)
        })
        .flat_map(|(_, u)| text[u.span.range()].unicode_words().map(str::to_lowercase))
        .collect()
}

/// A headline or subheading rather than a menu item: most of its longer
/// words come back in the article's own paragraphs.
fn is_article_heading(line: &str, body: &std::collections::BTreeSet<String>) -> bool {
    let words: Vec<String> = line
        .unicode_words()
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
fn is_link_list(s: &str) -> bool {
    let seps: usize = LINK_SEPARATORS
        .iter()
        .map(|sep| s.matches(sep).count())
        .sum();
    seps >= 2 && !ends_sentence(s) && word_count(s) <= 6 * (seps + 1)
}

/// Normalised text of a line for finding the same line in other documents.
pub fn line_key(s: &str) -> String {
    fold(s).unicode_words().collect::<Vec<_>>().join(" ")
}

/// Everything the rules find in `text`. `repeated(p)` says whether paragraph
/// `p` (a non-blank line, counted from 0) also appears in unrelated documents
/// of the corpus. Sorted by start, then kind.
pub fn find(text: &str, repeated: &dyn Fn(usize) -> bool) -> Vec<Found> {
    let units = units(text);
    let len = text.len().max(1);
    let folded: Vec<String> = units.iter().map(|u| fold(&text[u.span.range()])).collect();
    let tail = |u: &Unit| u.span.start.0 as f32 / len as f32 >= 0.5;

    // Disclaimers: whole units, or single sentences in the middle of an article.
    let mut disclaimer: Vec<Option<f32>> = vec![None; units.len()];
    let mut found = Vec::new();
    for (i, unit) in units.iter().enumerate() {
        let sentences = sentences_in(text, unit.span);
        let marks: Vec<(Span, bool, bool)> = sentences
            .iter()
            .map(|s| {
                let f = fold(&text[s.range()]);
                (*s, is_strong_disclaimer(&f), has_any(&f, DISCLAIMER_WEAK))
            })
            .collect();
        if !marks.iter().any(|m| m.1) {
            continue;
        }
        let covered: usize = marks.iter().filter(|m| m.1 || m.2).map(|m| m.0.len()).sum();
        let share = covered as f32 / unit.span.len().max(1) as f32;
        if share >= 0.5 {
            disclaimer[i] = Some(if tail(unit) { 0.9 } else { 0.75 });
        } else {
            let score = if tail(unit) { 0.7 } else { 0.6 };
            for m in marks.iter().filter(|m| m.1) {
                found.push(Found {
                    span: m.0,
                    kind: Kind::Disclaimer,
                    score,
                });
            }
        }
    }
    // A heading right before a disclaimer, and weak continuations after one.
    for i in 0..units.len() {
        if disclaimer[i].is_some() {
            continue;
        }
        let words = word_count(&text[units[i].span.range()]);
        let heading = words <= 6 && has_any(&folded[i], DISCLAIMER_HEADINGS);
        let next_is = disclaimer.get(i + 1).copied().flatten().is_some();
        if heading && (next_is || units[i].glued_heading || tail(&units[i])) {
            disclaimer[i] = Some(0.9);
        }
    }
    for i in 1..units.len() {
        if disclaimer[i].is_none()
            && disclaimer[i - 1].is_some()
            && tail(&units[i])
            && has_any(&folded[i], DISCLAIMER_WEAK)
            && ends_sentence(&text[units[i].span.range()])
        {
            disclaimer[i] = Some(0.7);
        }
    }
    for (unit, score) in units.iter().zip(&disclaimer) {
        if let Some(score) = score {
            found.push(Found {
                span: unit.span,
                kind: Kind::Disclaimer,
                score: *score,
            });
        }
    }

    // Boilerplate: notices, link lists, bylines, fences, lines repeated
    // elsewhere, the list under a "Related articles" heading, and runs of
    // menu items (around such lines or on their own).
    let mut boiler: Vec<Option<f32>> = vec![None; units.len()];
    for (i, unit) in units.iter().enumerate() {
        if disclaimer[i].is_some() {
            continue;
        }
        let line = &text[unit.span.range()];
        let words = word_count(line);
        boiler[i] = if unit.fence {
            Some(0.7)
        } else if (words <= 40 && has_any(&folded[i], BOILERPLATE_PATTERNS))
            || is_link_list(line)
            || is_byline(&folded[i])
        {
            Some(0.8)
        } else if words <= 15 && repeated(unit.paragraph) {
            Some(0.75)
        } else {
            None
        };
    }
    let mut i = 0;
    while i < units.len() {
        let heading = word_count(&folded[i]) <= 5 && has_any(&folded[i], RELATED_HEADINGS);
        i += 1;
        if !heading {
            continue;
        }
        while i < units.len()
            && disclaimer[i].is_none()
            && is_link_title(&text[units[i].span.range()])
        {
            boiler[i] = Some(boiler[i].unwrap_or(0.0).max(0.75));
            i += 1;
        }
    }
    let flagged = |i: usize| disclaimer[i].is_some() || boiler[i].is_some();
    let body = body_vocabulary(text, &units, &flagged);
    // The headline: the last line before the first article paragraph, bylines
    // and disclaimers aside.
    let first_body =
        (0..units.len()).find(|i| !flagged(*i) && is_body(&text[units[*i].span.range()]));
    let headline = first_body.and_then(|f| (0..f).rev().find(|i| !flagged(*i)));
    let nav: Vec<bool> = units
        .iter()
        .enumerate()
        .map(|(i, u)| {
            let line = &text[u.span.range()];
            disclaimer[i].is_none()
                && Some(i) != headline
                && is_nav_like(line)
                && !is_article_heading(line, &body)
        })
        .collect();
    let mut i = 0;
    while i < units.len() {
        if !(nav[i] || boiler[i].is_some()) {
            i += 1;
            continue;
        }
        let start = i;
        while i < units.len() && (nav[i] || boiler[i].is_some()) {
            i += 1;
        }
        let anchored = boiler[start..i].iter().any(Option::is_some);
        if i - start >= 3 || (i - start == 2 && anchored) {
            for slot in &mut boiler[start..i] {
                *slot = Some(slot.unwrap_or(0.0).max(0.7));
            }
        }
    }
    let mut i = 0;
    while i < units.len() {
        let Some(first) = boiler[i] else {
            i += 1;
            continue;
        };
        let start = i;
        let mut score = first;
        while i < units.len()
            && let Some(s) = boiler[i]
        {
            score = score.max(s);
            i += 1;
        }
        found.push(Found {
            span: Span::from((units[start].span.start.0, units[i - 1].span.end.0)),
            kind: Kind::Boilerplate,
            score,
        });
    }

    // Claim candidates: sentences of article paragraphs with attribution, figures or dates.
    for (i, unit) in units.iter().enumerate() {
        if disclaimer[i].is_some() || boiler[i].is_some() {
            continue;
        }
        for sentence in sentences_in(text, unit.span) {
            let s = &text[sentence.range()];
            if word_count(s) < 6 || s.ends_with('?') {
                continue;
            }
            let f = fold(s);
            if is_strong_disclaimer(&f) {
                continue;
            }
            let attribution = has_any(&f, ATTRIBUTION);
            let number = f.chars().any(|c| c.is_ascii_digit());
            let percent = f.contains('%') || has(&f, "percent") || has(&f, "per cent");
            let money = has_any(&f, MONEY);
            let date = has_any(&f, DATES);
            let comparative = has_any(&f, COMPARATIVE) || has(&f, "than");
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
    found.sort_by_key(|f| (f.span, f.kind));
    found
}

#[cfg(test)]
mod tests {
    use super::*;

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

    #[test]
    fn clean_span_trims_fences_and_space() {
        let text = "  ```abc``` ";
        let span = clean_span(text, 0, text.len()).unwrap();
        assert_eq!(&text[span.range()], "abc");
        assert_eq!(clean_span("``` ", 0, 4), None);
    }
}
