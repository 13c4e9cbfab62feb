//! The corpus search (issue 14, point 2) at 10,000 and 100,000 articles of
//! ~3 KB (`common/scale.rs`): building the index from nothing, bringing it
//! up to date when nothing changed (the command line's check: a walk and a
//! stat per file), queries in process over the window's documents in
//! memory, and whole `diptych search` processes on an existing index.
//!
//! `cargo bench --bench search` runs both sizes; `SEARCH_SIZES=10000` only
//! one. The corpora are written under `SEARCH_BENCH_DIR` (default: a temp
//! folder) and kept there between runs when that is given. BENCHMARKS.md
//! records the figures. Run without `--bench` (`cargo test --benches`), it
//! only says so.

mod common;
#[path = "common/scale.rs"]
#[allow(dead_code)] // The story workload serves benches/scale.rs.
mod scale;

use std::path::{Path, PathBuf};
use std::process::Command;
use std::time::Instant;

use common::measure;
use diptych::io::corpus::ImportOptions;
use diptych::io::search::{Query, SearchIndex, Tags, cache_folder_in};
use diptych::io::workspace::Workspace;

/// The queries timed: a rare word, a common one, a phrase, two words, a
/// filter with a word, and a filter alone.
const QUERIES: [&str; 6] = [
    "token123",
    "contract",
    "\"critics called the plan\"",
    "café shrug",
    "label:claim contract",
    "status:todo",
];

fn main() {
    if !std::env::args().any(|a| a == "--bench") {
        println!("search: run with `cargo bench --bench search`");
        return;
    }
    let sizes: Vec<usize> = std::env::var("SEARCH_SIZES")
        .unwrap_or_else(|_| "10000,100000".to_owned())
        .split(',')
        .filter_map(|s| s.trim().parse().ok())
        .collect();
    let temp = tempfile::tempdir().unwrap();
    let base =
        std::env::var_os("SEARCH_BENCH_DIR").map_or_else(|| temp.path().to_owned(), PathBuf::from);
    for n in sizes {
        run(&base.join(format!("search-{n}")), n);
    }
}

/// The corpus and project of `n` articles (one annotation each) in `dir`,
/// written unless already there.
fn workload(dir: &Path, n: usize) -> PathBuf {
    let project = dir.join("project.ron");
    if !project.exists() {
        std::fs::create_dir_all(dir).unwrap();
        let t = Instant::now();
        scale::write_project(dir, n, n);
        println!("wrote {n} articles in {:.1} s", t.elapsed().as_secs_f64());
    }
    project
}

fn run(dir: &Path, n: usize) {
    let project = workload(dir, n);
    let root = dir.join("corpus");
    let cache = dir.join("cache");
    let folder = cache_folder_in(&cache, &root);
    let options = ImportOptions::default();
    // Built from nothing: the folder walked, every file read and indexed.
    let _ = std::fs::remove_dir_all(&folder);
    let t = Instant::now();
    let mut index = SearchIndex::open(&folder);
    index.sync_folder(&root, &options).unwrap();
    println!(
        "{:<56} {:>8.1} ms   (1 run, {} documents)",
        format!("index build, {n} articles"),
        t.elapsed().as_secs_f64() * 1e3,
        index.len()
    );
    measure(
        &format!("up to date, nothing changed, {n} articles"),
        5,
        || {
            // As `diptych search` does: the index opened while the folder is walked.
            SearchIndex::open_synced(&folder, &root, &options).unwrap();
        },
    );
    // Read as the window reads it: each text packed.
    let ws = Workspace::open(
        &project,
        &ImportOptions::window(),
        &|_| {},
        &std::sync::atomic::AtomicBool::new(false),
    )
    .unwrap()
    .0;
    // What the window's search thread holds: each document's filter tests,
    // kept up to date as annotations change (made once here).
    let tags = Tags::of(&ws.project);
    for q in QUERIES {
        let query = Query::parse(q, &ws.project).unwrap();
        if !query.filters.is_empty() {
            // The command line's way: the filters' documents listed from
            // every annotation of the project.
            let mut listed = 0;
            measure(
                &format!("filters of {q}, {n} articles (from the project)"),
                11,
                || {
                    listed = query.allowed(&ws.project).map_or(0, |a| a.len());
                },
            );
            println!("    {listed} documents pass the filters");
            // The window's way: from the tags.
            let mut from_tags = 0;
            measure(
                &format!("filters of {q}, {n} articles (window, tags)"),
                11,
                || {
                    from_tags = tags.allowed(&query.filters).map_or(0, |a| a.len());
                },
            );
            assert_eq!(from_tags, listed, "{q}: the tags and the project differ");
        }
        let mut total = 0;
        measure(&format!("query {q}, {n} articles (window)"), 11, || {
            let allowed = tags.allowed(&query.filters);
            total = index
                .search(&query, allowed.as_ref(), 500, &ws.corpus)
                .total;
        });
        println!("    {total} documents match");
    }
    let binary = env!("CARGO_BIN_EXE_diptych");
    for q in ["token123", "contract", "label:claim contract"] {
        measure(
            &format!("diptych search {q} --json, {n} articles"),
            5,
            || {
                let out = Command::new(binary)
                    .args(["search", project.to_str().unwrap(), q, "--json"])
                    .env("XDG_CACHE_HOME", &cache)
                    .output()
                    .unwrap();
                assert!(
                    out.status.success(),
                    "{}",
                    String::from_utf8_lossy(&out.stderr)
                );
            },
        );
    }
}
