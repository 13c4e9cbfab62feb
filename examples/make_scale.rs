//! Writes one of issue 14's scale workloads to a folder, for timing whole
//! commands by hand: `cargo run --release --example make_scale -- DIR
//! ARTICLES ANNOTATIONS` writes `DIR/corpus/` (ARTICLES articles of about
//! 3 KB in 100 sub-folders) and `DIR/project.ron` with ANNOTATIONS
//! annotations over them. `benches/scale.rs` times the commands on them.

#[path = "../benches/common/scale.rs"]
mod scale;

use std::path::PathBuf;

fn main() {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let [dir, articles, annotations] = args.as_slice() else {
        eprintln!("usage: make_scale DIR ARTICLES ANNOTATIONS");
        std::process::exit(2);
    };
    let dir = PathBuf::from(dir);
    std::fs::create_dir_all(&dir).unwrap();
    let path = scale::write_project(
        &dir,
        articles.parse().expect("ARTICLES: a number"),
        annotations.parse().expect("ANNOTATIONS: a number"),
    );
    println!("{}", path.display());
}
