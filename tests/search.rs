//! The corpus search (`io::search`) against a plain scan of the texts, on a
//! generated corpus: words, phrases, each filter, a changed file indexed
//! again, a removed one gone, a damaged cache and a busy writer.

use std::collections::BTreeSet;
use std::fs;
use std::path::Path;

use diptych::io::corpus::ImportOptions;
use diptych::io::search::{Answer, DiskTexts, Query, SearchIndex};
use diptych::io::workspace::Workspace;
use diptych::model::{
    Annotation, AnnotationId, DocStatus, DocumentId, LabelId, Project, Sentiment, Span,
};

const WORDS: [&str; 16] = [
    "the", "plan", "minister", "said", "Café", "budget", "critics", "called", "rash", "deal",
    "signed", "Friday", "naïve", "growth", "THE", "cafe",
];

/// Writes `n` articles of pseudo-random words in four folders.
fn write_corpus(root: &Path, n: usize) {
    let mut seed: u64 = 7;
    for i in 0..n {
        let folder = root.join(format!("f{}", i % 4));
        fs::create_dir_all(&folder).unwrap();
        let mut text = format!("Article {i}\n");
        for w in 0..40 {
            seed = seed
                .wrapping_mul(6_364_136_223_846_793_005)
                .wrapping_add(1_442_695_040_888_963_407);
            let word = WORDS[(seed >> 33) as usize % WORDS.len()];
            text.push_str(word);
            text.push_str(if w % 9 == 8 { ".\n" } else { " " });
        }
        fs::write(folder.join(format!("a{i:03}.txt")), text).unwrap();
    }
}

/// The plain scan: a text's words, lower-cased, accents dropped.
fn plain_words(text: &str) -> Vec<String> {
    text.split(|c: char| !c.is_alphanumeric())
        .filter(|w| !w.is_empty())
        .map(|w| w.to_lowercase().replace('é', "e").replace('ï', "i"))
        .collect()
}

/// The documents whose text holds every sequence (space-separated words).
fn scan(ws: &Workspace, sequences: &[&str]) -> BTreeSet<DocumentId> {
    ws.corpus
        .documents
        .values()
        .filter(|d| {
            let words = plain_words(&d.text());
            sequences.iter().all(|s| {
                let seq = plain_words(s);
                words.windows(seq.len()).any(|w| w == seq.as_slice())
            })
        })
        .map(|d| d.id.clone())
        .collect()
}

struct Fixture {
    _dir: tempfile::TempDir,
    root: std::path::PathBuf,
    cache: std::path::PathBuf,
    ws: Workspace,
}

fn fixture(n: usize) -> Fixture {
    let dir = tempfile::tempdir().unwrap();
    let root = dir.path().join("corpus");
    write_corpus(&root, n);
    let mut ws = Workspace::from_folder_blocking(&root).unwrap();
    annotate(&mut ws.project, &ws.corpus);
    let cache = dir.path().join("cache");
    Fixture {
        _dir: dir,
        root,
        cache,
        ws,
    }
}

/// Every third document gets a Claim by ada (negative), every fifth a
/// Disclaimer by bo; every seventh is done, every eleventh positive.
fn annotate(project: &mut Project, corpus: &diptych::io::corpus::Corpus) {
    let ids: Vec<DocumentId> = corpus.documents.keys().cloned().collect();
    let at = jiff::Timestamp::from_second(1_700_000_000).unwrap();
    for (i, id) in ids.iter().enumerate() {
        let text = &corpus.documents[id].text();
        let mut add = |label: &str, who: &str, sentiment| {
            let n = project.annotations.len() as u64 + 1;
            let mut a = Annotation::new(
                AnnotationId(n),
                id.clone(),
                text,
                Span::from((0, 7)),
                LabelId(label.into()),
                who,
                at,
            );
            a.sentiment = sentiment;
            project.annotations.insert(a.id, a);
        };
        if i % 3 == 0 {
            add("claim", "ada", Some(Sentiment::Negative));
        }
        if i % 5 == 0 {
            add("disclaimer", "Bo", None);
        }
        let fields = &mut project.documents.get_mut(id).unwrap().fields;
        if i % 7 == 0 {
            fields.status = DocStatus::Done;
        }
        if i % 11 == 0 {
            fields.sentiment = Some(Sentiment::Positive);
        }
    }
}

fn search(index: &SearchIndex, f: &Fixture, q: &str, limit: usize) -> Answer {
    let query = Query::parse(q, &f.ws.project).unwrap();
    let allowed = query.allowed(&f.ws.project);
    let texts = DiskTexts {
        root: f.root.clone(),
        options: ImportOptions::default(),
    };
    index.search(&query, allowed.as_ref(), limit, &texts)
}

fn found(answer: &Answer) -> BTreeSet<DocumentId> {
    answer.hits.iter().map(|h| h.document.clone()).collect()
}

/// The answer holds exactly `expected`, and each hit's code-point range
/// covers the earliest occurrence of one of `sequences`.
fn check(f: &Fixture, answer: &Answer, expected: &BTreeSet<DocumentId>, sequences: &[&str]) {
    assert_eq!(answer.total, expected.len());
    assert_eq!(&found(answer), expected);
    for hit in &answer.hits {
        let text = &f.ws.corpus.documents[&hit.document].text();
        let chars: Vec<char> = text.chars().collect();
        let covered: String = chars[hit.start.0..hit.end.0].iter().collect();
        let covered = plain_words(&covered).join(" ");
        assert!(
            sequences
                .iter()
                .any(|s| plain_words(s).join(" ") == covered),
            "{}: {covered:?}",
            hit.document
        );
        let before: String = chars[..hit.start.0].iter().collect();
        let earlier = plain_words(&before);
        for s in sequences {
            let seq = plain_words(s);
            assert!(!earlier.windows(seq.len()).any(|w| w == seq.as_slice()));
        }
        let snippet = hit.snippet.trim_matches('…');
        assert!(text.replace('\n', " ").contains(snippet), "{snippet:?}");
    }
}

#[test]
fn words_and_phrases_match_a_plain_scan_case_and_accents_ignored() {
    // More files than the index writes at a time (256): the first build
    // reads and writes them in three batches.
    let f = fixture(600);
    let mut index = SearchIndex::open(&f.cache);
    let progress = std::sync::Arc::<diptych::io::search::Progress>::default();
    index.count_on(std::sync::Arc::clone(&progress));
    assert_eq!(progress.get(), (0, 0));
    index
        .sync_folder(&f.root, &ImportOptions::default())
        .unwrap();
    assert_eq!(index.problem(), None);
    assert_eq!(index.len(), 600);
    assert_eq!(progress.get(), (600, 600), "every file counted");
    for q in [
        &["minister"][..],
        &["cafe"],
        &["CAFÉ", "naive"],
        &["the plan", "budget"],
        &["critics called"],
        &["friday deal signed"],
        &["nothing"],
    ] {
        let typed = q
            .iter()
            .map(|s| {
                if s.contains(' ') {
                    format!("\"{s}\"")
                } else {
                    (*s).to_owned()
                }
            })
            .collect::<Vec<_>>()
            .join(" ");
        let expected = scan(&f.ws, q);
        check(&f, &search(&index, &f, &typed, 1000), &expected, q);
    }
    assert!(
        !scan(&f.ws, &["the plan"]).is_empty(),
        "the corpus has phrases to find"
    );
    let limited = search(&index, &f, "minister", 3);
    assert_eq!(limited.hits.len(), 3);
    assert_eq!(limited.total, scan(&f.ws, &["minister"]).len());
    let scores: Vec<f32> = limited.hits.iter().map(|h| h.score).collect();
    assert!(scores.windows(2).all(|w| w[0] >= w[1]), "{scores:?}");
}

#[test]
fn each_filter_matches_the_project_and_combines_with_words() {
    let f = fixture(60);
    let mut index = SearchIndex::open(&f.cache);
    index.sync_documents(
        &f.root,
        &f.ws.corpus.documents.values().cloned().collect::<Vec<_>>(),
    );
    let p = &f.ws.project;
    let docs = |test: &dyn Fn(&DocumentId) -> bool| -> BTreeSet<DocumentId> {
        p.documents.keys().filter(|id| test(id)).cloned().collect()
    };
    let annotated = |test: &dyn Fn(&Annotation) -> bool| -> BTreeSet<DocumentId> {
        p.annotations
            .values()
            .filter(|a| test(a))
            .map(|a| a.document.clone())
            .collect()
    };
    let cases: Vec<(&str, BTreeSet<DocumentId>)> = vec![
        ("label:Claim", annotated(&|a| &*a.label.0 == "claim")),
        (
            "label:disclaimer",
            annotated(&|a| &*a.label.0 == "disclaimer"),
        ),
        ("annotator:bo", annotated(&|a| &*a.annotator == "Bo")),
        (
            "sentiment:negative",
            annotated(&|a| a.sentiment == Some(Sentiment::Negative)),
        ),
        (
            "sentiment:positive",
            docs(&|id| p.documents[id].fields.sentiment == Some(Sentiment::Positive)),
        ),
        (
            "status:done",
            docs(&|id| p.documents[id].fields.status == DocStatus::Done),
        ),
        ("path:f2/", docs(&|id| id.as_str().starts_with("f2/"))),
    ];
    for (q, expected) in cases {
        assert!(!expected.is_empty(), "{q}");
        let answer = search(&index, &f, q, 1000);
        assert_eq!(answer.total, expected.len(), "{q}");
        assert_eq!(found(&answer), expected, "{q}");
        let with_word = format!("{q} minister");
        let both: BTreeSet<DocumentId> = scan(&f.ws, &["minister"])
            .intersection(&expected)
            .cloned()
            .collect();
        check(
            &f,
            &search(&index, &f, &with_word, 1000),
            &both,
            &["minister"],
        );
    }
    let both = search(&index, &f, "label:claim path:f0/", 1000);
    assert!(found(&both).iter().all(|id| id.as_str().starts_with("f0/")));
    assert_eq!(both.total, found(&both).len());
}

#[test]
fn chinese_and_japanese_are_found_by_the_character_inside_a_run() {
    let f = fixture(4);
    fs::write(f.root.join("zh.txt"), "新闻\n今天的新闻报道了市场的变化。").unwrap();
    fs::write(f.root.join("ja.txt"), "東京\n東京タワーで会議が行われた。").unwrap();
    let mut index = SearchIndex::open(&f.cache);
    index
        .sync_folder(&f.root, &ImportOptions::default())
        .unwrap();
    let ws = Workspace::from_folder_blocking(&f.root).unwrap();
    for (query, doc, needle) in [
        ("报道", "zh.txt", "报道"),
        ("市", "zh.txt", "市"),
        ("\"新闻报道\"", "zh.txt", "新闻报道"),
        ("タワー", "ja.txt", "タワー"),
        ("会議", "ja.txt", "会議"),
    ] {
        let answer = search(&index, &f, query, 10);
        assert_eq!(
            found(&answer),
            BTreeSet::from([DocumentId::from(doc)]),
            "{query}"
        );
        // The offsets are those of the first hit, in code points.
        let text = ws
            .corpus
            .get(&DocumentId::from(doc))
            .unwrap()
            .text()
            .to_string();
        let at = text.find(needle).unwrap();
        let start = text[..at].chars().count();
        let hit = &answer.hits[0];
        assert_eq!(hit.start.0, start, "{query}");
        assert_eq!(hit.end.0, start + needle.chars().count(), "{query}");
    }
    // Characters in another order are not the run.
    assert_eq!(search(&index, &f, "道报", 10).total, 0);
}

#[test]
fn a_changed_file_is_indexed_again_and_a_removed_one_is_gone() {
    let f = fixture(300);
    let mut index = SearchIndex::open(&f.cache);
    index
        .sync_folder(&f.root, &ImportOptions::default())
        .unwrap();
    let changed = f.root.join("f1/a001.txt");
    fs::write(
        &changed,
        "Zebra crossing\nThe zebra said nothing about the plan.",
    )
    .unwrap();
    fs::remove_file(f.root.join("f2/a002.txt")).unwrap();
    // A new process: the index is opened from the cache folder again.
    let mut index = SearchIndex::open(&f.cache);
    index
        .sync_folder(&f.root, &ImportOptions::default())
        .unwrap();
    let zebra = search(&index, &f, "zebra", 10);
    assert_eq!(
        found(&zebra),
        BTreeSet::from([DocumentId::from("f1/a001.txt")])
    );
    assert_eq!((zebra.hits[0].start.0, zebra.hits[0].end.0), (0, 5));
    assert_eq!(index.len(), 299);
    let everywhere = search(&index, &f, "the", 1000);
    assert!(!found(&everywhere).contains(&DocumentId::from("f2/a002.txt")));
    assert!(found(&everywhere).contains(&DocumentId::from("f1/a001.txt")));
    let minister = search(&index, &f, "minister", 1000);
    assert!(!found(&minister).contains(&DocumentId::from("f1/a001.txt")));
    // The window's path: documents in memory, the watcher's change.
    // Its texts are held packed: each is unpacked by the writer's thread.
    let a003 = DocumentId::from("f3/a003.txt");
    assert!(found(&search(&index, &f, "the", 1000)).contains(&a003));
    let mut doc = diptych::model::Document::new(
        a003.clone(),
        "t".into(),
        "Okapi sighting",
        diptych::model::SourceFormat::Text,
        "UTF-8",
    );
    doc.pack();
    index.update(&f.root, &[doc], &[DocumentId::from("f1/a001.txt")]);
    assert_eq!(search(&index, &f, "zebra", 10).total, 0);
    let okapi = search(&index, &f, "okapi", 10);
    assert_eq!(found(&okapi), BTreeSet::from([a003.clone()]));
    // Its earlier text is gone from the index, not only from the manifest.
    let the = search(&index, &f, "the", 1000);
    assert!(!found(&the).contains(&a003));
    assert_eq!(the.total, found(&the).len());
    assert_eq!(index.len(), 298);
}

#[test]
fn a_damaged_cache_is_built_again_and_a_busy_writer_falls_back_to_a_scan() {
    let f = fixture(30);
    let mut index = SearchIndex::open(&f.cache);
    index
        .sync_folder(&f.root, &ImportOptions::default())
        .unwrap();
    let expected = scan(&f.ws, &["budget"]);
    // Damaged: garbage in the index's files and the manifest.
    for entry in fs::read_dir(f.cache.join("index")).unwrap() {
        fs::write(entry.unwrap().path(), b"garbage").unwrap();
    }
    fs::write(f.cache.join("manifest.tsv"), "nonsense").unwrap();
    let mut index = SearchIndex::open(&f.cache);
    index
        .sync_folder(&f.root, &ImportOptions::default())
        .unwrap();
    assert_eq!(index.problem(), None);
    check(
        &f,
        &search(&index, &f, "budget", 1000),
        &expected,
        &["budget"],
    );
    // Busy: another writer holds the lock while a file changes.
    let other = tantivy::Index::open_in_dir(f.cache.join("index")).unwrap();
    let lock: tantivy::IndexWriter = other.writer(15_000_000).unwrap();
    fs::write(f.root.join("f0/a000.txt"), "Budget talk\nA giraffe budget.").unwrap();
    let mut index = SearchIndex::open(&f.cache);
    index
        .sync_folder(&f.root, &ImportOptions::default())
        .unwrap();
    assert_eq!(search(&index, &f, "giraffe", 10).total, 1);
    let mut now = expected.clone();
    now.insert(DocumentId::from("f0/a000.txt"));
    assert_eq!(found(&search(&index, &f, "budget", 1000)), now);
    assert_eq!(search(&index, &f, "budget", 1000).total, now.len());
    drop(lock);
    index
        .sync_folder(&f.root, &ImportOptions::default())
        .unwrap();
    assert_eq!(search(&index, &f, "giraffe", 10).total, 1);
    assert_eq!(search(&index, &f, "budget", 1000).total, now.len());
}

#[test]
fn hits_of_equal_score_come_in_the_order_of_their_ids() {
    let dir = tempfile::tempdir().unwrap();
    let root = dir.path().join("corpus");
    fs::create_dir_all(root.join("b")).unwrap();
    fs::create_dir_all(root.join("a")).unwrap();
    let names = ["b/x1.txt", "a/x2.txt", "a/x1.txt", "b/x0.txt", "a/x10.txt"];
    for name in names {
        fs::write(root.join(name), "Alpha beta gamma\n").unwrap();
    }
    let ws = Workspace::from_folder_blocking(&root).unwrap();
    let f = Fixture {
        root: root.clone(),
        cache: dir.path().join("cache"),
        ws,
        _dir: dir,
    };
    let mut index = SearchIndex::open(&f.cache);
    index
        .sync_folder(&f.root, &ImportOptions::default())
        .unwrap();
    // The smallest id written again (same words, same length: the same
    // score): it goes to a segment of its own, after the others'.
    fs::write(root.join("a/x1.txt"), "Gamma beta alpha\n").unwrap();
    index
        .sync_folder(&f.root, &ImportOptions::default())
        .unwrap();
    let ids = |answer: &Answer| -> Vec<String> {
        (answer.hits.iter())
            .map(|h| h.document.as_str().to_owned())
            .collect()
    };
    // It was indexed again (not left as it was: a time stamp too coarse).
    assert_eq!(
        found(&search(&index, &f, "\"gamma beta\"", 10)),
        BTreeSet::from([DocumentId::from("a/x1.txt")])
    );
    let all = search(&index, &f, "alpha", 10);
    assert_eq!(
        ids(&all),
        ["a/x1.txt", "a/x10.txt", "a/x2.txt", "b/x0.txt", "b/x1.txt"]
    );
    // The cut at the limit keeps the smallest ids.
    assert_eq!(
        ids(&search(&index, &f, "beta", 2)),
        ["a/x1.txt", "a/x10.txt"]
    );
    // A fresh build gives the same order.
    let fresh = tempfile::tempdir().unwrap();
    let mut again = SearchIndex::open(fresh.path());
    again
        .sync_folder(&f.root, &ImportOptions::default())
        .unwrap();
    assert_eq!(ids(&search(&again, &f, "alpha", 10)), ids(&all));
}
