//! The generated corpora and projects of issue 14's scale workloads, shared
//! by `benches/scale.rs`, `benches/search.rs` and `examples/make_scale.rs`:
//! news-like articles of about 3 KB in 100 sub-folders, and projects with a
//! given number of annotations spread over them.

use std::fs;
use std::path::{Path, PathBuf};

use diptych::io::workspace::Workspace;
use diptych::model::text::floor_char_boundary;
use diptych::model::{Annotation, AnnotationId, LabelId, Sentiment, Span};

const HEADLINES: [&str; 6] = [
    "OpenAI and AWS sign agreement to sell AI to government employees",
    "Markets steady as chipmakers report record quarterly revenue",
    "City council approves plan to expand night bus service",
    "Regulators open inquiry into cloud contracts with federal agencies",
    "Café chain in São Paulo expands to twelve new neighbourhoods",
    "Analysts divided over the outlook for enterprise software spending",
];

const SENTENCES: [&str; 12] = [
    "The company signed the contract last Friday, according to two people familiar with the matter. ",
    "Its “strategic path” runs through government contracts — a springboard into enterprise sales. ",
    "Mobile uninstalls surged {n}% on the day after the announcement, a research firm said. ",
    "Analysts said the deal was worth “several million dollars” over {n} months 📈. ",
    "The agency declined to comment on the terms, citing an ongoing review. ",
    "Shares rose {n} cents in early trading before giving up most of the gain. ",
    "Critics called the plan unrealistic and said it ignored the cost of maintenance. ",
    "Officials expect the first results in the spring, about {n} weeks from now. ",
    "This article is for information only and does not constitute investment advice. ",
    "市场有风险，投资需谨慎。本文不构成个人投资建议。 ",
    "Café owners reacted with a shrug; the naïve view is that nothing changes. ",
    "Word {n} of the glossary: token{n} appears in few articles. ",
];

/// A news-like article of about 3 KB: a headline carrying its number, a
/// byline, and paragraphs of 2-4 sentences (curly quotes, dashes, emoji,
/// CJK, accented Latin, and rare words `token{n}` for selective queries).
pub fn article(i: usize) -> String {
    let mut text = format!(
        "{i:06} {}\n\nBy a staff reporter · November {}, 2026\n\n",
        HEADLINES[i % HEADLINES.len()],
        1 + i % 28
    );
    let mut k = i.wrapping_mul(2_654_435_761);
    let mut p = 0;
    while text.len() < 2900 {
        for _ in 0..2 + (k >> 7) % 3 {
            let n = 3 + (k >> 3) % 997;
            text.push_str(&SENTENCES[k % SENTENCES.len()].replace("{n}", &n.to_string()));
            k = k.wrapping_mul(31).wrapping_add(7 + p);
        }
        text.push_str("\n\n");
        p += 1;
    }
    text
}

/// Writes `n` articles into `root`, spread over 100 sub-folders.
pub fn write_corpus(root: &Path, n: usize) {
    write_articles(root, n, article);
}

/// Writes articles `make(0)` to `make(n - 1)` into `root`, spread over 100
/// sub-folders.
fn write_articles(root: &Path, n: usize, make: fn(usize) -> String) {
    let per_folder = n.div_ceil(100).max(1);
    for i in 0..n {
        let dir = root.join(format!("folder-{:03}", i / per_folder));
        if i % per_folder == 0 {
            fs::create_dir_all(&dir).unwrap();
        }
        fs::write(dir.join(format!("{i:06}.txt")), make(i)).unwrap();
    }
}

/// Writes the corpus of `articles` articles into `dir/corpus` and a project
/// `dir/project.ron` over it with `annotations` annotations of 40-160
/// bytes (claims, disclaimers, boilerplate; every third with a sentiment),
/// spread evenly over the documents. Returns the project file's path.
pub fn write_project(dir: &Path, articles: usize, annotations: usize) -> PathBuf {
    write_project_of(dir, articles, annotations, article)
}

/// [`write_project`] over the articles `make` writes.
fn write_project_of(
    dir: &Path,
    articles: usize,
    annotations: usize,
    make: fn(usize) -> String,
) -> PathBuf {
    let corpus = dir.join("corpus");
    write_articles(&corpus, articles, make);
    let mut ws = Workspace::from_folder_blocking(&corpus).unwrap();
    annotate(&mut ws, annotations);
    let path = dir.join("project.ron");
    ws.save_as(&path).unwrap();
    path
}

/// Adds `annotations` annotations of 40-160 bytes (claims, disclaimers,
/// boilerplate; every third with a sentiment) to `ws`, spread evenly over
/// its documents.
pub fn annotate(ws: &mut Workspace, annotations: usize) {
    let labels = ["claim", "disclaimer", "boilerplate"].map(LabelId::from);
    let when: jiff::Timestamp = "2026-11-30T08:00:00Z".parse().unwrap();
    let docs: Vec<_> = ws.corpus.documents.values().collect();
    let mut id = 0usize;
    for (d, doc) in docs.iter().enumerate() {
        let per_doc = annotations / docs.len() + usize::from(d < annotations % docs.len());
        let text = doc.text();
        let len = text.len();
        for j in 0..per_doc {
            id += 1;
            let start = floor_char_boundary(&text, len * j / per_doc + (id * 13) % 40);
            let end = floor_char_boundary(&text, (start + 40 + (id * 37) % 120).min(len));
            let Ok(span) = Span::new(&text, start, end) else {
                continue;
            };
            let label = labels[id % labels.len()].clone();
            let a = AnnotationId(id as u64);
            let mut annotation =
                Annotation::new(a, doc.id.clone(), &text, span, label, "bench", when);
            if id.is_multiple_of(3) {
                annotation.sentiment = Some(Sentiment::Negative);
            }
            ws.project.annotations.insert(a, annotation);
        }
    }
}

/// Function words, the most frequent of [`story`]'s vocabulary.
const FUNCTION_WORDS: [&str; 48] = [
    "the", "of", "and", "to", "a", "in", "that", "is", "for", "it", "on", "was", "with", "he",
    "as", "at", "by", "this", "had", "not", "are", "but", "from", "or", "have", "an", "they",
    "which", "one", "you", "were", "her", "all", "she", "there", "would", "their", "we", "him",
    "been", "has", "when", "who", "will", "more", "no", "if", "out",
];

const SYLLABLES: [&str; 24] = [
    "ka", "lo", "mi", "ne", "ru", "sa", "ti", "vo", "be", "da", "fi", "go", "ha", "je", "ku", "la",
    "mo", "ni", "po", "re", "su", "to", "ve", "zu",
];

/// Words in [`story`]'s vocabulary: the function words, then made-up words.
const VOCABULARY: usize = 60_000;

/// SplitMix64: a small deterministic generator for the workloads.
struct Mix(u64);

impl Mix {
    fn next(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        z ^ (z >> 31)
    }

    fn below(&mut self, n: usize) -> usize {
        (self.next() % n as u64) as usize
    }
}

/// The vocabulary's word of rank `r` (0 the most frequent).
fn word(r: usize) -> String {
    if let Some(w) = FUNCTION_WORDS.get(r) {
        return (*w).to_owned();
    }
    let mut k = r - FUNCTION_WORDS.len() + SYLLABLES.len();
    let mut w = String::new();
    while k > 0 {
        w.push_str(SYLLABLES[k % SYLLABLES.len()]);
        k /= SYLLABLES.len();
    }
    w
}

/// A word rank drawn with Zipf's law (exponent 1), as word frequencies in
/// news text fall: the cumulative weights are built once.
fn zipf(rng: &mut Mix) -> usize {
    static CUMULATIVE: std::sync::OnceLock<Vec<f64>> = std::sync::OnceLock::new();
    let table = CUMULATIVE.get_or_init(|| {
        let mut sum = 0.0;
        (0..VOCABULARY)
            .map(|r| {
                sum += 1.0 / (r as f64 + 1.0);
                sum
            })
            .collect()
    });
    let x = (rng.next() >> 11) as f64 / (1u64 << 53) as f64 * table[VOCABULARY - 1];
    table.partition_point(|&c| c < x).min(VOCABULARY - 1)
}

/// A paragraph of 2-4 sentences of 8-24 words: each word one of the
/// story's own 40 (names, places, its subject) one time in six, otherwise
/// drawn from the whole vocabulary by frequency.
fn paragraph(rng: &mut Mix, topic: &[usize]) -> String {
    let mut out = String::new();
    for _ in 0..2 + rng.below(3) {
        let n = 8 + rng.below(17);
        for k in 0..n {
            let r = if rng.below(6) == 0 {
                topic[rng.below(topic.len())]
            } else {
                zipf(rng)
            };
            let w = word(r);
            if k == 0 {
                let mut chars = w.chars();
                out.extend(chars.next().map(|c| c.to_ascii_uppercase()));
                out.push_str(chars.as_str());
            } else {
                out.push(' ');
                out.push_str(&w);
            }
        }
        out.push_str(". ");
    }
    out.pop();
    out
}

/// Article `i` of `suggest`'s workload, about 3 KB: unlike [`article`],
/// whose articles all share their sentences, two stories share about as
/// many words as two unrelated news articles do (word frequencies by
/// Zipf's law, and 40 words of each story's own), and every tenth article
/// (`i % 10 == 9`) is a later version of the one before it: its second
/// paragraph rewritten and one paragraph added at the end.
pub fn story(i: usize) -> String {
    let (base, version) = if i % 10 == 9 {
        (i - 1, true)
    } else {
        (i, false)
    };
    let mut rng = Mix(base as u64);
    let topic: Vec<usize> = (0..40).map(|_| 200 + rng.below(VOCABULARY - 200)).collect();
    let mut paragraphs = vec![format!("{base:06} {}", paragraph(&mut rng, &topic))];
    let mut length = paragraphs[0].len();
    while length < 2900 {
        let p = paragraph(&mut rng, &topic);
        length += p.len() + 2;
        paragraphs.push(p);
    }
    if version {
        let mut edits = Mix(!(i as u64));
        paragraphs[1] = paragraph(&mut edits, &topic);
        paragraphs.push(paragraph(&mut edits, &topic));
    }
    paragraphs.join("\n\n") + "\n"
}

/// Writes [`story`] articles and a project over them, as
/// [`write_project`] does with [`article`].
pub fn write_story_project(dir: &Path, articles: usize, annotations: usize) -> PathBuf {
    write_project_of(dir, articles, annotations, story)
}
