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
    let per_folder = n.div_ceil(100).max(1);
    for i in 0..n {
        let dir = root.join(format!("folder-{:03}", i / per_folder));
        if i % per_folder == 0 {
            fs::create_dir_all(&dir).unwrap();
        }
        fs::write(dir.join(format!("{i:06}.txt")), article(i)).unwrap();
    }
}

/// Writes the corpus of `articles` articles into `dir/corpus` and a project
/// `dir/project.ron` over it with `annotations` annotations of 40-160
/// bytes (claims, disclaimers, boilerplate; every third with a sentiment),
/// spread evenly over the documents. Returns the project file's path.
pub fn write_project(dir: &Path, articles: usize, annotations: usize) -> PathBuf {
    let corpus = dir.join("corpus");
    write_corpus(&corpus, articles);
    let mut ws = Workspace::from_folder_blocking(&corpus).unwrap();
    let labels = ["claim", "disclaimer", "boilerplate"].map(LabelId::from);
    let when: jiff::Timestamp = "2026-11-30T08:00:00Z".parse().unwrap();
    let docs: Vec<_> = ws.corpus.documents.values().collect();
    let mut id = 0usize;
    for (d, doc) in docs.iter().enumerate() {
        let per_doc = annotations / docs.len() + usize::from(d < annotations % docs.len());
        let len = doc.text.len();
        for j in 0..per_doc {
            id += 1;
            let start = floor_char_boundary(&doc.text, len * j / per_doc + (id * 13) % 40);
            let end = floor_char_boundary(&doc.text, (start + 40 + (id * 37) % 120).min(len));
            let Ok(span) = Span::new(&doc.text, start, end) else {
                continue;
            };
            let label = labels[id % labels.len()].clone();
            let a = AnnotationId(id as u64);
            let mut annotation =
                Annotation::new(a, doc.id.clone(), &doc.text, span, label, "bench", when);
            if id.is_multiple_of(3) {
                annotation.sentiment = Some(Sentiment::Negative);
            }
            ws.project.annotations.insert(a, annotation);
        }
    }
    let path = dir.join("project.ron");
    ws.save_as(&path).unwrap();
    path
}
