//! Writes one of issue 14's scale workloads to a folder, for timing whole
//! commands by hand: `cargo run --release --example make_scale -- DIR
//! ARTICLES ANNOTATIONS` writes `DIR/corpus/` (ARTICLES articles of about
//! 3 KB in 100 sub-folders) and `DIR/project.ron` with ANNOTATIONS
//! annotations over them. `benches/scale.rs` times the commands on them.
//! With `--stories` last, the articles are `suggest`'s workload instead
//! (`scale::story`: vocabularies as unrelated news articles have them,
//! every tenth article a version of the one before).

#[path = "../benches/common/scale.rs"]
#[allow(dead_code)] // The corpus writer alone serves the benches.
mod scale;

use std::path::{Path, PathBuf};

fn main() {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let (write, args): (fn(&Path, usize, usize) -> PathBuf, _) = match args.as_slice() {
        [rest @ .., last] if last == "--stories" => (scale::write_story_project, rest),
        all => (scale::write_project, all),
    };
    let [dir, articles, annotations] = args else {
        eprintln!("usage: make_scale DIR ARTICLES ANNOTATIONS [--stories]");
        std::process::exit(2);
    };
    let dir = PathBuf::from(dir);
    std::fs::create_dir_all(&dir).unwrap();
    let path = write(
        &dir,
        articles.parse().expect("ARTICLES: a number"),
        annotations.parse().expect("ANNOTATIONS: a number"),
    );
    println!("{}", path.display());
}
