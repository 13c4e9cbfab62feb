//! Issue 14's scale workloads, timed as users meet them: whole `diptych`
//! processes (release build) on generated corpora of 10,000 and 100,000
//! news-like articles of ~3 KB in 100 folders, with projects of 100,000 and
//! 1,000,000 annotations (`benches/common/scale.rs`), plus the project
//! file's load and save in-process, and `suggest --write` on a corpus of
//! the same size whose articles share words as news articles do
//! (`scale::story`, every tenth a version of the one before: the articles
//! of the other workload all share their sentences, so every pair of them
//! would be two versions of one article).
//!
//! `cargo bench --bench scale` runs the 10,000-article workload;
//! `DIPTYCH_SCALE=100k` adds the 100,000-article one (about 300 MB of
//! articles and a 560 MB project file, written once to
//! `$DIPTYCH_SCALE_DIR`, default the system's temporary folder, and kept
//! there for the next run). Each command runs once to warm the file cache,
//! then `RUNS` times; the bench prints the median, min and max wall time
//! and the largest peak memory (the child's `VmHWM`), and checks each
//! command's exit code. BENCHMARKS.md records the figures.

#[path = "common/scale.rs"]
#[allow(dead_code)] // The corpus writer alone serves the window bench.
mod scale;

use std::path::{Path, PathBuf};
use std::process::Command;
use std::time::{Duration, Instant};

use diptych::io::project_file;

const RUNS: usize = 5;

fn main() {
    let base = std::env::var_os("DIPTYCH_SCALE_DIR")
        .map_or_else(|| std::env::temp_dir().join("diptych-scale"), PathBuf::from);
    let exe = release_binary();
    let mut sizes = vec![(10_000, 100_000)];
    if std::env::var("DIPTYCH_SCALE").is_ok_and(|s| s == "100k") {
        sizes.push((100_000, 1_000_000));
    }
    for (articles, annotations) in sizes {
        let dir = base.join(format!("a{articles}-n{annotations}"));
        let project = workload(&dir, articles, annotations);
        println!(
            "\n== {articles} articles, {annotations} annotations ({})",
            dir.display()
        );
        in_process(&project);
        whole_commands(&exe, &dir, &project, articles);
        suggest(&exe, &base, articles, annotations);
    }
}

/// `suggest --write` on [`scale::story`] articles with `annotations`
/// annotations, on a fresh copy of the project for each run.
fn suggest(exe: &Path, base: &Path, articles: usize, annotations: usize) {
    let dir = base.join(format!("stories{articles}-n{annotations}"));
    let done = dir.join("done");
    if !done.exists() {
        let _ = std::fs::remove_dir_all(&dir);
        std::fs::create_dir_all(&dir).unwrap();
        scale::write_story_project(&dir, articles, annotations);
        std::fs::write(&done, "").unwrap();
    }
    println!(
        "\n== suggest: {articles} stories, {annotations} annotations ({})",
        dir.display()
    );
    let (project, fresh) = (dir.join("project.ron"), dir.join("fresh.ron"));
    run_with(
        exe,
        "suggest --write",
        &["suggest", fresh.to_str().unwrap(), "--write"],
        &[0, 0],
        || {
            std::fs::copy(&project, &fresh).unwrap();
        },
    );
}

/// The release binary next to this bench's (`target/release/diptych`),
/// built by `cargo bench` as the package's binary.
fn release_binary() -> PathBuf {
    let me = std::env::current_exe().unwrap();
    let release = me.parent().and_then(Path::parent).unwrap();
    let exe = release.join("diptych");
    assert!(
        exe.exists(),
        "build it first: cargo build --release ({})",
        exe.display()
    );
    exe
}

/// The corpus and project in `dir`, written unless a finished one is there.
fn workload(dir: &Path, articles: usize, annotations: usize) -> PathBuf {
    let done = dir.join("done");
    if !done.exists() {
        let _ = std::fs::remove_dir_all(dir);
        std::fs::create_dir_all(dir).unwrap();
        let t = Instant::now();
        scale::write_project(dir, articles, annotations);
        std::fs::write(&done, "").unwrap();
        println!(
            "(generated {} in {:.1} s)",
            dir.display(),
            t.elapsed().as_secs_f64()
        );
    }
    dir.join("project.ron")
}

/// The project file's load (read, parse, checks) and save (write, fsync,
/// rename, .bak), in this process.
fn in_process(project: &Path) {
    let size = std::fs::metadata(project).unwrap().len();
    let (loaded, view) = project_file::load_with_view(project).unwrap();
    let copy = project.with_file_name("save-bench.ron");
    report(
        &format!("load, in-process ({:.1} MB)", size as f64 / 1e6),
        &times(|| {
            let (p, _) = project_file::load_with_view(project).unwrap();
            assert_eq!(p.annotations.len(), loaded.annotations.len());
        }),
        None,
    );
    report(
        "save, in-process (atomic: temp, fsync, rename, .bak)",
        &times(|| project_file::save(&loaded, &view, &copy).unwrap()),
        None,
    );
    assert_eq!(
        std::fs::metadata(&copy).unwrap().len(),
        size,
        "the save writes the same bytes"
    );
}

/// Whole processes: check, stats, exports, an import of pre-annotated
/// spans into a project without annotations.
fn whole_commands(exe: &Path, dir: &Path, project: &Path, articles: usize) {
    let p = project.to_str().unwrap();
    for (name, args, ok) in [
        ("check", vec!["check", p], [0, 1]),
        ("stats", vec!["stats", p], [0, 0]),
    ] {
        run(exe, name, &args, &ok);
    }
    let ls = dir.join("export-ls.json");
    let jsonl = dir.join("export.jsonl");
    let (ls_s, jsonl_s) = (ls.to_str().unwrap(), jsonl.to_str().unwrap());
    run(
        exe,
        "export label-studio",
        &["export", p, "--format", "label-studio", "-o", ls_s],
        &[0, 0],
    );
    run(
        exe,
        "export jsonl",
        &["export", p, "--format", "jsonl", "-o", jsonl_s],
        &[0, 0],
    );
    // The import: a project of the same corpus without annotations, fresh
    // for each run, importing a Label Studio file of 5 spans per article.
    let subset = dir.join("import-ls.json");
    if !subset.exists() {
        five_per_task(&ls, &subset);
    }
    let empty = dir.join("empty.ron");
    let fresh = dir.join("fresh.ron");
    if !empty.exists() {
        let corpus = dir.join("corpus");
        let status = Command::new(exe)
            .args([
                "new",
                corpus.to_str().unwrap(),
                "-o",
                empty.to_str().unwrap(),
            ])
            .status()
            .unwrap();
        assert!(status.success());
    }
    let import_args = [
        "import",
        fresh.to_str().unwrap(),
        subset.to_str().unwrap(),
        "--format",
        "label-studio",
    ];
    run_with(
        exe,
        &format!("import label-studio ({} spans)", articles * 5),
        &import_args,
        &[0, 0],
        || {
            std::fs::copy(&empty, &fresh).unwrap();
        },
    );
}

/// Keeps the first 5 predictions or annotations' results of each task of a
/// Label Studio export (the import workload of the issue: 50,000 spans
/// over 10,000 tasks).
fn five_per_task(from: &Path, to: &Path) {
    let mut tasks: Vec<serde_json::Value> =
        serde_json::from_slice(&std::fs::read(from).unwrap()).unwrap();
    for task in &mut tasks {
        for key in ["annotations", "predictions"] {
            if let Some(list) = task.get_mut(key).and_then(|v| v.as_array_mut()) {
                for entry in list {
                    if let Some(results) = entry.get_mut("result").and_then(|r| r.as_array_mut()) {
                        results.truncate(5);
                    }
                }
            }
        }
    }
    std::fs::write(to, serde_json::to_vec(&tasks).unwrap()).unwrap();
}

fn run(exe: &Path, name: &str, args: &[&str], ok: &[i32; 2]) {
    run_with(exe, name, args, ok, || {});
}

/// Runs `exe args` once to warm up and `RUNS` times, `before` each run
/// untimed; reports wall times and the largest peak memory.
fn run_with(exe: &Path, name: &str, args: &[&str], ok: &[i32; 2], before: impl Fn()) {
    let mut walls = Vec::new();
    let mut peak = 0;
    for i in 0..=RUNS {
        before();
        let (wall, rss, code) = spawn_measured(exe, args);
        assert!(ok.contains(&code), "{name}: exit code {code}");
        if i > 0 {
            walls.push(wall);
            peak = peak.max(rss);
        }
    }
    report(&format!("diptych {name}"), &walls, Some(peak));
}

/// Wall time, peak resident memory in KiB and exit code of one process.
/// The peak is the child's own `VmHWM` (`/proc/PID/status`), read every
/// 2 ms until it exits: `ru_maxrss` would count this bench's memory too
/// (Linux keeps the high-water mark of the process that spawned it across
/// `exec`).
fn spawn_measured(exe: &Path, args: &[&str]) -> (Duration, u64, i32) {
    let t = Instant::now();
    let mut child = Command::new(exe)
        .args(args)
        .env("DIPTYCH_ANNOTATOR", "bench")
        .stdout(std::process::Stdio::null())
        .stderr(std::process::Stdio::null())
        .spawn()
        .unwrap();
    let status = format!("/proc/{}/status", child.id());
    let mut peak = 0;
    loop {
        if let Ok(text) = std::fs::read_to_string(&status)
            && let Some(kib) = text
                .lines()
                .find_map(|l| l.strip_prefix("VmHWM:"))
                .and_then(|v| v.trim().trim_end_matches("kB").trim().parse::<u64>().ok())
        {
            peak = peak.max(kib);
        }
        if let Some(code) = child.try_wait().unwrap() {
            return (t.elapsed(), peak, code.code().unwrap_or(-1));
        }
        std::thread::sleep(Duration::from_millis(2));
    }
}

fn times(mut f: impl FnMut()) -> Vec<Duration> {
    f();
    (0..RUNS)
        .map(|_| {
            let t = Instant::now();
            f();
            t.elapsed()
        })
        .collect()
}

fn report(name: &str, times: &[Duration], peak_kib: Option<u64>) {
    let mut sorted = times.to_vec();
    sorted.sort();
    let ms = |d: Duration| d.as_secs_f64() * 1e3;
    let peak = peak_kib.map_or(String::new(), |k| {
        format!("   peak {:>7.1} MB", k as f64 / 1024.0)
    });
    println!(
        "{name:<58} median {:>8.1} ms   min {:>8.1} ms   max {:>8.1} ms{peak}",
        ms(sorted[sorted.len() / 2]),
        ms(sorted[0]),
        ms(sorted[sorted.len() - 1]),
    );
}
