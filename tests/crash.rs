//! Crash-safe saving, proven by trying to break it.
//!
//! - The real binary (`diptych import`) is killed with SIGKILL at random
//!   moments while it saves a project: hundreds of times on a project of
//!   ~700 annotations, a few times on one of 30,000 (100,000 with
//!   `DIPTYCH_CRASH_BIG_ANNOTATIONS=100000`). After every kill the
//!   project loads (`project_file::load`) as exactly the old or the new
//!   version, `diptych check` passes, the `.bak` is the old version, and
//!   the leftovers of killed writers never break the next save.
//! - The project folder is made read-only (`chattr +i`, else a read-only
//!   bind mount) and the disk full (a small tmpfs filled up): the CLI and the
//!   window's save and autosave fail with a message naming the file, and the
//!   project, its backup and the previous recovery file stay byte-identical.
//!   Where the machine allows neither (no root), an injected writer error
//!   runs instead and the test says so.
//! - The window's autosave (`DiptychApp::autosave_now`, the recovery file)
//!   is killed at random moments in a child process: the recovery file is
//!   always absent, the old version or the new one, and the reopened window
//!   offers it and restores the lost edit as one undoable step.
//!
//! Knobs: `DIPTYCH_CRASH_SEED` (default 6), `DIPTYCH_CRASH_KILLS` (kills on
//! the small project, default 180), `DIPTYCH_CRASH_BIG_KILLS` (default 3),
//! `DIPTYCH_CRASH_BIG_ANNOTATIONS` (default 30,000),
//! `DIPTYCH_CRASH_AUTOSAVE_KILLS` (default 60).
#![cfg(target_os = "linux")]

mod common;

use common::{describe, diptych, diptych_command};
use std::collections::BTreeMap;
use std::fs;
use std::io::{BufRead, BufReader, Write};
use std::os::unix::process::ExitStatusExt;
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Output, Stdio};
use std::time::{Duration, Instant, SystemTime};

use diptych::app::dialogs::NoDialogs;
use diptych::app::recovery;
use diptych::app::{AppConfig, DiptychApp};
use diptych::io::atomic::{backup_path, write_atomic_with};
use diptych::io::project_file;
use diptych::io::workspace::Workspace;
use diptych::model::{Annotation, AnnotationId, DocumentId, Edit, LabelId, Project, Span};

// ---------------------------------------------------------------- helpers

/// A small deterministic generator (splitmix64): the same seed, the same run.
struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9e37_79b9_7f4a_7c15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xbf58_476d_1ce4_e5b9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94d0_49bb_1331_11eb);
        z ^ (z >> 31)
    }

    fn below(&mut self, n: usize) -> usize {
        (self.next() % n.max(1) as u64) as usize
    }

    /// A duration uniformly in `0..=max`.
    fn upto(&mut self, max: Duration) -> Duration {
        let nanos = max.as_nanos().max(1) as u64;
        Duration::from_nanos(self.next() % (nanos + 1))
    }
}

fn env_number(name: &str, default: u64) -> u64 {
    std::env::var(name)
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(default)
}

fn seed() -> u64 {
    env_number("DIPTYCH_CRASH_SEED", 6)
}

fn open_workspace(project: &Path) -> Workspace {
    Workspace::open_blocking(project)
        .unwrap_or_else(|err| panic!("{} opens: {err}", project.display()))
        .0
}

/// A fixed time, so that a project's bytes depend only on its content.
fn fixed_time(n: u64) -> jiff::Timestamp {
    jiff::Timestamp::from_second(1_750_000_000 + (n % 1_000_000) as i64).expect("a valid time")
}

/// An accepted annotation of `text` (ASCII) at `start..end`.
fn annotation(id: u64, doc: &DocumentId, text: &str, start: usize, end: usize) -> Annotation {
    Annotation::new(
        AnnotationId(id),
        doc.clone(),
        text,
        Span::from((start, end)),
        LabelId("claim".into()),
        "crash-test",
        fixed_time(id),
    )
}

/// Names in `dir`, sorted.
fn names_in(dir: &Path) -> Vec<String> {
    let mut names: Vec<String> = fs::read_dir(dir)
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .collect();
    names.sort();
    names
}

/// Files a writer with process id `pid` left beside `path` (temp or backup staging).
fn leftovers_of(path: &Path, pid: u32) -> Vec<PathBuf> {
    let name = path.file_name().unwrap().to_string_lossy().into_owned();
    let prefixes = [format!("{name}.tmp-{pid}-"), format!("{name}.bak-{pid}-")];
    let mut found: Vec<PathBuf> = fs::read_dir(path.parent().unwrap())
        .unwrap()
        .filter_map(Result::ok)
        .filter(|e| {
            let file = e.file_name().to_string_lossy().into_owned();
            prefixes.iter().any(|p| file.starts_with(p.as_str()))
        })
        .map(|e| e.path())
        .collect();
    found.sort();
    found
}

/// Every leftover of any writer beside `path`.
fn all_leftovers(path: &Path) -> Vec<PathBuf> {
    let name = path.file_name().unwrap().to_string_lossy().into_owned();
    let mut found: Vec<PathBuf> = fs::read_dir(path.parent().unwrap())
        .unwrap()
        .filter_map(Result::ok)
        .filter(|e| {
            let file = e.file_name().to_string_lossy().into_owned();
            file.starts_with(&format!("{name}.tmp-")) || file.starts_with(&format!("{name}.bak-"))
        })
        .map(|e| e.path())
        .collect();
    found.sort();
    found
}

/// True when the process whose id is in a leftover's name (`NAME.tmp-PID-N`) runs.
fn pid_is_running(leftover: &Path) -> bool {
    let name = leftover.file_name().unwrap().to_string_lossy().into_owned();
    let pid = name
        .rsplit_once(['-'])
        .and_then(|(head, _)| head.rsplit_once('-'))
        .map(|(_, pid)| pid.to_owned())
        .unwrap_or_default();
    !pid.is_empty() && Path::new("/proc").join(pid).exists()
}

/// Puts `bytes` at `path` the way a user's copy would (not through the code under test).
fn restore(path: &Path, bytes: &[u8]) {
    let staging = path.with_file_name("restore.partial");
    fs::write(&staging, bytes).unwrap();
    fs::rename(&staging, path).unwrap();
}

// ---------------------------------------------------------------- fixture

/// A corpus, a project with `old_annotations` annotations, and a JSONL file
/// of `added` more spans for `diptych import`.
///
/// ```text
/// dir/corpus/doc000.txt ...
/// dir/project/p.ron        the old version (and p.ron.bak, the same bytes)
/// dir/add.jsonl
/// ```
struct Fixture {
    dir: tempfile::TempDir,
    project: PathBuf,
    additions: PathBuf,
    old: Vec<u8>,
}

impl Fixture {
    fn new(docs: usize, old_annotations: usize, added: usize, seed: u64) -> Self {
        const WORDS: [&str; 24] = [
            "the",
            "minister",
            "said",
            "on",
            "Tuesday",
            "that",
            "policy",
            "would",
            "change",
            "markets",
            "fell",
            "sharply",
            "after",
            "a",
            "report",
            "claimed",
            "officials",
            "denied",
            "any",
            "wrongdoing",
            "in",
            "Brussels",
            "and",
            "Kyiv",
        ];
        let mut rng = Rng(seed);
        let dir = tempfile::tempdir().unwrap();
        let corpus = dir.path().join("corpus");
        fs::create_dir_all(&corpus).unwrap();
        fs::create_dir_all(dir.path().join("project")).unwrap();
        for d in 0..docs {
            let mut text = String::new();
            for w in 0..900 {
                text.push_str(WORDS[rng.below(WORDS.len())]);
                text.push(if w % 17 == 16 { '\n' } else { ' ' });
            }
            text.push_str("end.\n");
            fs::write(corpus.join(format!("doc{d:03}.txt")), text).unwrap();
        }
        let project = dir.path().join("project/p.ron");
        let out = diptych(&[
            "new",
            corpus.to_str().unwrap(),
            "-o",
            project.to_str().unwrap(),
        ]);
        assert!(out.status.success(), "{}", describe(&out));

        let mut ws = open_workspace(&project);
        let ids: Vec<DocumentId> = ws.project.documents.keys().cloned().collect();
        for n in 0..old_annotations {
            let doc = &ids[n % ids.len()];
            let text = ws.corpus.get(doc).unwrap().shared_text();
            let start = rng.below(text.len() - 40);
            let end = start + 1 + rng.below(30);
            let a = annotation(n as u64 + 1, doc, &text, start, end);
            ws.project.annotations.insert(a.id, a);
        }
        ws.save_as(&project).unwrap();
        let old = fs::read(&project).unwrap();
        fs::write(backup_path(&project), &old).unwrap();

        // New spans carry another label, so none is a duplicate of an old one.
        let additions = dir.path().join("add.jsonl");
        let mut lines = String::new();
        for (d, doc) in ids.iter().enumerate() {
            let len = ws.corpus.get(doc).unwrap().byte_len();
            let count = added / ids.len() + usize::from(d < added % ids.len());
            let spans: Vec<_> = (0..count)
                .map(|i| {
                    let start = rng.below(len - 40);
                    serde_json::json!({
                        "id": format!("n{d}-{i}"),
                        "start": start,
                        "end": start + 1 + rng.below(30),
                        "label": "Disclaimer",
                    })
                })
                .collect();
            let line = serde_json::json!({"id": doc.0, "spans": spans});
            lines.push_str(&line.to_string());
            lines.push('\n');
        }
        fs::write(&additions, lines).unwrap();
        Self {
            dir,
            project,
            additions,
            old,
        }
    }

    fn folder(&self) -> PathBuf {
        self.dir.path().join("project")
    }

    /// Starts `diptych import` of the additions into the project.
    fn spawn_import(&self) -> Child {
        diptych_command()
            .args(["import", "--format", "jsonl"])
            .arg(&self.project)
            .arg(&self.additions)
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .spawn()
            .expect("the binary starts")
    }

    fn import_output(&self) -> Output {
        diptych_command()
            .args(["import", "--format", "jsonl"])
            .arg(&self.project)
            .arg(&self.additions)
            .output()
            .expect("the binary runs")
    }
}

/// A project's content with the import's clock taken out: imported
/// annotations get the time of the import, everything else is deterministic.
fn comparable(mut project: Project) -> String {
    for a in project.annotations.values_mut() {
        a.created = fixed_time(0);
        a.modified = fixed_time(0);
    }
    project_file::to_ron(&project)
}

fn check_passes(project: &Path) {
    let out = diptych(&["check", project.to_str().unwrap()]);
    assert!(
        out.status.success(),
        "diptych check after a kill: {}",
        describe(&out)
    );
}

// ---------------------------------------------------------------- SIGKILL harness

/// When to kill a run.
#[derive(Clone, Copy, Debug)]
enum KillAt {
    /// This long after the start.
    AfterStart(Duration),
    /// This long after the temporary file appeared (or at once if the run
    /// ended first).
    IntoWrite(Duration),
    /// Never: let it finish (calibration).
    Never,
}

/// What one run did.
struct Run {
    pid: u32,
    /// The signal killed it (false: it had finished first).
    killed: bool,
    success: bool,
    /// From the start until the temporary file was seen, and until exit.
    temp_seen: Option<Duration>,
    ended: Duration,
}

fn run_import(fx: &Fixture, at: KillAt) -> Run {
    let start = Instant::now();
    let mut child = fx.spawn_import();
    let pid = child.id();
    // Its first temp file: `-0` unless an earlier process with the same id
    // (ids wrap around) left that name behind.
    let temp = (0..)
        .map(|n| fx.project.with_file_name(format!("p.ron.tmp-{pid}-{n}")))
        .find(|p| !p.exists())
        .unwrap();
    let mut temp_seen = None;
    let mut deadline = match at {
        KillAt::AfterStart(d) => Some(start + d),
        _ => None,
    };
    let status = loop {
        if let Some(status) = child.try_wait().unwrap() {
            break status;
        }
        let now = Instant::now();
        if temp_seen.is_none() && temp.exists() {
            temp_seen = Some(now - start);
            if let KillAt::IntoWrite(d) = at {
                deadline = Some(now + d);
            }
        }
        if deadline.is_some_and(|d| now >= d) {
            let _ = child.kill();
            break child.wait().unwrap();
        }
        if deadline.is_some() {
            // Sleeps overshoot by milliseconds on a busy machine: spin instead.
            std::thread::yield_now();
        } else {
            std::thread::sleep(Duration::from_micros(100));
        }
    };
    Run {
        pid,
        killed: status.signal() == Some(9),
        success: status.success(),
        temp_seen,
        ended: start.elapsed(),
    }
}

/// Where the kills landed.
#[derive(Debug, Default)]
struct Tally {
    /// Killed before the new contents existed anywhere: the file is the old one.
    before_write: usize,
    /// Killed while the temporary file was written, synced or renamed: old file, temp left.
    during_write: usize,
    /// Of those, killed once the temporary file was whole: in its fsync,
    /// the backup's link and rename, or the rename itself.
    whole_temp: usize,
    /// Killed after the rename: the new file is in place.
    after_rename: usize,
    /// The run finished before the kill.
    finished: usize,
}

impl Tally {
    fn kills(&self) -> usize {
        self.before_write + self.during_write + self.after_rename
    }
}

/// Kills `kills` runs of `diptych import` on `fx` at random moments and
/// checks the project after each. Returns where the kills landed.
fn kill_harness(fx: &Fixture, kills: usize, seed: u64) -> Tally {
    project_file::load(&fx.project).unwrap();
    check_passes(&fx.project);

    // Calibration: one full run gives the new version and the timings.
    let full = run_import(fx, KillAt::Never);
    assert!(full.success, "the import runs");
    let new_bytes = fs::read(&fx.project).unwrap();
    assert_ne!(new_bytes, fx.old, "the import changes the project");
    let new_comparable = comparable(project_file::load(&fx.project).unwrap());
    check_passes(&fx.project);
    assert_eq!(fs::read(backup_path(&fx.project)).unwrap(), fx.old);
    let temp_at = full.temp_seen.unwrap_or(full.ended);
    let mut windows = vec![full.ended.saturating_sub(temp_at)];
    if full.ended < Duration::from_secs(1) {
        // Short runs vary more: the median of three.
        for _ in 0..2 {
            restore(&fx.project, &fx.old);
            let run = run_import(fx, KillAt::Never);
            assert!(run.success, "the import runs");
            windows.push(run.ended.saturating_sub(run.temp_seen.unwrap_or(run.ended)));
        }
        windows.sort();
    }
    let window = windows[windows.len() / 2].max(Duration::from_millis(1));
    eprintln!(
        "calibration: {} bytes -> {} bytes; temp file after {:?}, exit after {:?} (write window {:?})",
        fx.old.len(),
        new_bytes.len(),
        temp_at,
        full.ended,
        window
    );
    restore(&fx.project, &fx.old);

    let mut rng = Rng(seed);
    let mut tally = Tally::default();
    let mut leftovers_expected = 0;
    let mut i = 0;
    // Scales the write window to how this machine runs now: smaller after a
    // run finished before its kill, larger after each kill.
    let mut scale = 1.0_f64;
    while tally.kills() < kills {
        i += 1;
        assert!(i < kills * 4 + 10, "too few runs were killed: {tally:?}");
        // One run in four anywhere in the whole run, the others in the
        // write: temp file, write, fsync, backup, rename, exit.
        let into_write = i % 4 != 0;
        let at = if into_write {
            KillAt::IntoWrite(rng.upto(window.mul_f64(scale)))
        } else {
            KillAt::AfterStart(rng.upto(full.ended.mul_f64(1.1)))
        };
        let earlier = all_leftovers(&fx.project);
        let run = run_import(fx, at);
        let mut left = leftovers_of(&fx.project, run.pid);
        left.retain(|p| !earlier.contains(p));
        let bytes = fs::read(&fx.project).unwrap();
        let is_old = bytes == fx.old;
        if !is_old {
            // Not the old bytes: it must load and be the new version, whole.
            let loaded = project_file::load(&fx.project)
                .unwrap_or_else(|err| panic!("run {i} ({at:?}): the project does not load: {err}"));
            assert!(
                comparable(loaded) == new_comparable,
                "run {i} ({at:?}): the project is neither the old nor the new version"
            );
            check_passes(&fx.project);
        }
        // Else the old bytes: they loaded and passed `check` above.
        assert_eq!(
            fs::read(backup_path(&fx.project)).unwrap(),
            fx.old,
            "run {i} ({at:?}): the backup is not the old version"
        );
        match (run.killed, is_old, left.is_empty()) {
            (false, _, _) => {
                assert!(run.success && !is_old && left.is_empty(), "run {i} failed");
                tally.finished += 1;
            }
            (true, true, true) => tally.before_write += 1,
            (true, true, false) => {
                tally.during_write += 1;
                // The new file's length varies by a few bytes (import times).
                let whole = left
                    .iter()
                    .any(|p| fs::metadata(p).is_ok_and(|m| m.len() + 64 >= new_bytes.len() as u64));
                tally.whole_temp += usize::from(whole);
                leftovers_expected += left.len();
            }
            (true, false, _) => {
                tally.after_rename += 1;
                leftovers_expected += left.len();
            }
        }
        if into_write {
            scale = if run.killed {
                (scale * 1.05).min(2.0)
            } else {
                scale * 0.8
            };
        }
        if !is_old {
            restore(&fx.project, &fx.old);
        }
    }

    // The leftovers of killed writers never got in the way, and a later save
    // removes them once they are old enough to be surely abandoned (during
    // a long run, the first ones already were).
    let leftovers = all_leftovers(&fx.project);
    assert!(leftovers.len() <= leftovers_expected, "{leftovers:?}");
    let long_ago = SystemTime::now() - Duration::from_secs(600);
    for path in &leftovers {
        fs::File::options()
            .write(true)
            .open(path)
            .unwrap()
            .set_modified(long_ago)
            .unwrap();
    }
    let out = fx.import_output();
    assert!(out.status.success(), "{}", describe(&out));
    // Only files of a process id that is running again (ids wrap) are kept.
    let kept = all_leftovers(&fx.project);
    assert!(kept.iter().all(|p| pid_is_running(p)), "{kept:?}");
    let loaded = project_file::load(&fx.project).unwrap();
    assert!(comparable(loaded) == new_comparable);
    assert_eq!(fs::read(backup_path(&fx.project)).unwrap(), fx.old);
    tally
}

fn report(what: &str, tally: &Tally) {
    eprintln!(
        "{what}: {} kills: {} before the temp file, {} while writing/syncing before the rename ({} of them with the temp file whole), {} after the rename; {} runs finished before their kill",
        tally.kills(),
        tally.before_write,
        tally.during_write,
        tally.whole_temp,
        tally.after_rename,
        tally.finished
    );
}

#[test]
fn sigkill_while_importing_never_leaves_a_mixed_project() {
    let kills = env_number("DIPTYCH_CRASH_KILLS", 180) as usize;
    let seed = seed();
    // Two independent folders, one per core.
    let halves = [kills / 2, kills - kills / 2];
    let tallies: Vec<Tally> = std::thread::scope(|scope| {
        let workers: Vec<_> = halves
            .iter()
            .enumerate()
            .map(|(w, &n)| {
                scope.spawn(move || {
                    let fx = Fixture::new(8, 600, 100, seed + w as u64);
                    kill_harness(&fx, n, seed * 31 + w as u64)
                })
            })
            .collect();
        workers.into_iter().map(|w| w.join().unwrap()).collect()
    });
    let mut total = Tally::default();
    for t in &tallies {
        total.before_write += t.before_write;
        total.during_write += t.during_write;
        total.whole_temp += t.whole_temp;
        total.after_rename += t.after_rename;
        total.finished += t.finished;
    }
    report(&format!("~700-annotation project (seed {seed})"), &total);
    assert_eq!(total.kills(), kills);
    // The kills were spread over the save, not all on one side of it.
    assert!(total.during_write > 0, "{total:?}");
    assert!(total.after_rename > 0, "{total:?}");
    assert!(total.before_write > 0, "{total:?}");
}

#[test]
fn sigkill_while_saving_a_large_project() {
    // 30,000 annotations (a 13 MB file) keep CI fast in a debug build;
    // DIPTYCH_CRASH_BIG_ANNOTATIONS=100000 runs the 100,000 of the issue.
    let annotations = env_number("DIPTYCH_CRASH_BIG_ANNOTATIONS", 30_000) as usize;
    let kills = env_number("DIPTYCH_CRASH_BIG_KILLS", 3) as usize;
    let seed = seed();
    let started = Instant::now();
    let docs = annotations.div_ceil(500);
    let fx = Fixture::new(docs, annotations, 200, seed + 100);
    eprintln!(
        "{annotations}-annotation fixture made in {:?}",
        started.elapsed()
    );
    let loaded = project_file::load(&fx.project).unwrap();
    assert_eq!(loaded.annotations.len(), annotations);
    let tally = kill_harness(&fx, kills, seed * 37);
    report(
        &format!("{annotations}-annotation project (seed {seed})"),
        &tally,
    );
    assert_eq!(tally.kills(), kills);
    assert!(tally.during_write + tally.after_rename > 0, "{tally:?}");
}

// ---------------------------------------------------------------- the window's autosave

/// The window on `project`, its recent-files list in `data_dir`.
fn window_on(project: &Path, data_dir: &Path) -> DiptychApp {
    let config = AppConfig {
        data_dir: data_dir.to_owned(),
        config_dir: data_dir.join("config"),
        annotator: Some("crash-test".to_owned()),
        cache_dir: data_dir.join("cache"),
        state_dir: data_dir.join("state"),
        test_panic: None,
    };
    DiptychApp::new(open_workspace(project), None, config, Box::new(NoDialogs))
}

/// One undo step adding `n` annotations to the first document, always the same ones.
fn add_in_window(app: &mut DiptychApp, n: usize) {
    let doc = app.ws.project.documents.keys().next().unwrap().clone();
    let text = app.ws.corpus.get(&doc).unwrap().shared_text();
    let first = app.ws.project.next_annotation_id().0;
    let edits = (0..n as u64)
        .map(|k| {
            let start = (k as usize * 37) % (text.len() - 40);
            let a = annotation(first + k, &doc, &text, start, start + 12);
            Edit::AddAnnotation(Box::new(a))
        })
        .collect();
    app.history
        .apply(&mut app.ws.project, Edit::Batch(edits))
        .unwrap();
}

/// The error message the window shows, if any.
fn window_error(app: &DiptychApp) -> Option<&str> {
    app.ui
        .message
        .as_ref()
        .filter(|m| m.level == diptych::ui::command::Level::Error)
        .map(|m| m.text.as_str())
}

fn recovery_of(project: &Path) -> PathBuf {
    recovery::recovery_path(Some(project), Path::new("unused"), Path::new("unused"))
}

const CHILD_ENV: &str = "DIPTYCH_CRASH_AUTOSAVE_CHILD";
/// What the child prints once its window is open (libtest may print before it on the line).
const READY: &str = "autosave-child-ready";

/// The child process of `autosave_killed_at_random_moments`: autosaves two
/// versions in turn (an edit, then its undo) until it is killed.
#[test]
#[ignore = "the child process of autosave_killed_at_random_moments, started by it"]
fn autosave_child() {
    let Some(project) = std::env::var_os(CHILD_ENV).map(PathBuf::from) else {
        return;
    };
    let data_dir = project.with_file_name("child-data");
    let mut app = window_on(&project, &data_dir);
    println!("{READY}");
    std::io::stdout().flush().unwrap();
    // A safety net should the parent die: stop after a while.
    let stop = Instant::now() + Duration::from_secs(30);
    while Instant::now() < stop {
        add_in_window(&mut app, 100);
        app.autosave_now();
        assert_eq!(window_error(&app), None);
        app.history.undo(&mut app.ws.project).unwrap();
        app.autosave_now();
        assert_eq!(window_error(&app), None);
    }
}

/// Starts `autosave_child` on `project` and waits until its window is open.
fn start_autosave_child(project: &Path) -> Child {
    let mut child = Command::new(std::env::current_exe().unwrap())
        .args(["--ignored", "--exact", "autosave_child", "--nocapture"])
        .args(["--test-threads", "1"])
        .env(CHILD_ENV, project)
        .stdout(Stdio::piped())
        .stderr(Stdio::null())
        .spawn()
        .unwrap();
    let mut lines = BufReader::new(child.stdout.take().unwrap()).lines();
    assert!(
        lines.any(|l| l.is_ok_and(|l| l.ends_with(READY))),
        "the child started"
    );
    child
}

#[test]
fn a_killed_window_is_offered_its_work_back() {
    let fx = Fixture::new(2, 200, 0, seed() + 500);
    let recovery = recovery_of(&fx.project);
    // The version with the unsaved edit, as the child autosaves it.
    let mut app = window_on(&fx.project, &fx.dir.path().join("data"));
    add_in_window(&mut app, 100);
    app.autosave_now();
    let unsaved = fs::read(&recovery).unwrap();
    fs::remove_file(&recovery).unwrap();
    drop(app);

    // Kill the autosaving window until it dies with that version on disk.
    let mut rng = Rng(seed() * 43);
    let mut tries = 0;
    while fs::read(&recovery).ok().as_ref() != Some(&unsaved) {
        tries += 1;
        assert!(tries <= 50, "no kill left the edited version");
        let mut child = start_autosave_child(&fx.project);
        std::thread::sleep(rng.upto(Duration::from_millis(150)));
        child.kill().unwrap();
        assert_eq!(child.wait().unwrap().signal(), Some(9));
    }

    // Reopened, the window offers the recovery file; restoring brings the
    // edit back as one undoable step, and the project file is untouched.
    let mut app = window_on(&fx.project, &fx.dir.path().join("data"));
    assert_eq!(app.ui.recovery_offer.as_deref(), Some(recovery.as_path()));
    assert_eq!(app.ws.project.annotations.len(), 200);
    app.send(diptych::ui::command::UiCommand::Recover(true));
    let mut harness = egui_kittest::Harness::builder()
        .with_size(eframe::egui::vec2(1200.0, 800.0))
        .with_context_setup(diptych::ui::fonts::install)
        .build_ui_state(|ui, app: &mut DiptychApp| app.ui(ui), app);
    harness.run();
    let app = harness.state_mut();
    assert_eq!(app.ws.project.annotations.len(), 300);
    assert!(app.is_dirty());
    app.history.undo(&mut app.ws.project).unwrap();
    assert_eq!(app.ws.project.annotations.len(), 200);
    assert_eq!(fs::read(&fx.project).unwrap(), fx.old);
    eprintln!("recovery offered and restored after {tries} kill(s)");
}

#[test]
fn autosave_killed_at_random_moments() {
    let kills = env_number("DIPTYCH_CRASH_AUTOSAVE_KILLS", 60) as usize;
    let fx = Fixture::new(4, 400, 0, seed() + 200);
    let recovery = recovery_of(&fx.project);

    // The two versions the child writes, made the same way here.
    let mut app = window_on(&fx.project, &fx.dir.path().join("data"));
    let started = Instant::now();
    app.autosave_now();
    let version_a = fs::read(&recovery).unwrap();
    add_in_window(&mut app, 100);
    app.autosave_now();
    let version_b = fs::read(&recovery).unwrap();
    let cycle = started.elapsed();
    app.history.undo(&mut app.ws.project).unwrap();
    app.autosave_now();
    assert_eq!(fs::read(&recovery).unwrap(), version_a);
    assert_eq!(window_error(&app), None);
    assert_ne!(version_a, version_b);
    let a = recovery::read_recovery(&recovery).unwrap();
    assert_eq!(a.annotations.len(), 400);
    eprintln!(
        "autosave calibration: recovery file {} / {} bytes, one cycle of two autosaves {cycle:?}",
        version_a.len(),
        version_b.len()
    );
    fs::remove_file(&recovery).unwrap();

    let mut rng = Rng(seed() * 41);
    let (mut absent, mut old, mut new, mut mid_write) = (0, 0, 0, 0);
    for i in 0..kills {
        if i % 5 == 0 {
            let _ = fs::remove_file(&recovery);
        }
        let before = fs::read(&recovery).ok();
        let earlier = all_leftovers(&recovery);
        let mut child = start_autosave_child(&fx.project);
        let pid = child.id();
        if i % 2 == 0 {
            // Anywhere in the autosave cycle.
            std::thread::sleep(rng.upto(cycle.mul_f64(1.5)));
        } else {
            // Into a write: once a new temp file of this child shows, within 0.8 ms.
            let delay = rng.upto(Duration::from_micros(800));
            let give_up = Instant::now() + cycle.mul_f64(3.0);
            while Instant::now() < give_up
                && leftovers_of(&recovery, pid)
                    .iter()
                    .all(|p| earlier.contains(p))
            {
                std::thread::yield_now();
            }
            let deadline = Instant::now() + delay;
            while Instant::now() < deadline {
                std::thread::yield_now();
            }
        }
        child.kill().unwrap();
        let status = child.wait().unwrap();
        assert_eq!(status.signal(), Some(9), "the child was still autosaving");
        if leftovers_of(&recovery, pid)
            .iter()
            .any(|p| !earlier.contains(p))
        {
            mid_write += 1;
        }
        match fs::read(&recovery).ok() {
            None => {
                assert_eq!(before, None, "kill {i}: the recovery file vanished");
                absent += 1;
            }
            Some(bytes) => {
                let loaded = recovery::read_recovery(&recovery).unwrap_or_else(|err| {
                    panic!("kill {i}: the recovery file does not load: {err}")
                });
                if bytes == version_a {
                    assert_eq!(loaded.annotations.len(), 400);
                } else {
                    assert!(bytes == version_b, "kill {i}: neither version");
                    assert_eq!(loaded.annotations.len(), 500);
                }
                if Some(&bytes) == before.as_ref() {
                    old += 1;
                } else {
                    new += 1;
                }
            }
        }
        assert_eq!(
            fs::read(&fx.project).unwrap(),
            fx.old,
            "the project is untouched"
        );
    }
    eprintln!(
        "autosave: {kills} kills: recovery file absent {absent}, unchanged {old}, replaced by a new version {new}; {mid_write} kills left a half-written temp file"
    );
    assert!(mid_write > 0 && new > 0, "the kills missed the writes");
}

// ---------------------------------------------------------------- read-only folder, full disk

/// Commands that undo a change to the machine, run when dropped (also when
/// a test fails).
struct Undo(Vec<Vec<String>>);

impl Drop for Undo {
    fn drop(&mut self) {
        for command in &self.0 {
            let _ = Command::new(&command[0])
                .args(&command[1..])
                .stdout(Stdio::null())
                .stderr(Stdio::null())
                .status();
        }
    }
}

fn run_quietly(args: &[&str]) -> bool {
    Command::new(args[0])
        .args(&args[1..])
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .status()
        .is_ok_and(|s| s.success())
}

fn undo(args: &[&str]) -> Undo {
    Undo(vec![args.iter().map(|a| (*a).to_owned()).collect()])
}

/// True when no file can be created in `dir`.
fn refuses_new_files(dir: &Path) -> bool {
    let probe = dir.join("probe");
    match fs::File::create(&probe) {
        Ok(_) => {
            let _ = fs::remove_file(&probe);
            false
        }
        Err(_) => true,
    }
}

/// Makes `dir` read-only even for root: `chattr +i`, else a read-only bind
/// mount. `None` where neither is allowed.
fn make_read_only(dir: &Path) -> Option<(&'static str, Undo)> {
    let d = dir.to_str().unwrap();
    if run_quietly(&["chattr", "+i", d]) {
        let guard = undo(&["chattr", "-i", d]);
        if refuses_new_files(dir) {
            return Some(("chattr +i (immutable folder)", guard));
        }
    }
    if run_quietly(&["mount", "--bind", d, d]) {
        let guard = undo(&["umount", d]);
        if run_quietly(&["mount", "-o", "remount,bind,ro", d]) && refuses_new_files(dir) {
            return Some(("read-only bind mount", guard));
        }
    }
    None
}

/// What a failed save must leave: the same files with the same bytes.
fn snapshot(dir: &Path) -> BTreeMap<String, Vec<u8>> {
    names_in(dir)
        .into_iter()
        .map(|name| {
            let bytes = fs::read(dir.join(&name)).unwrap_or_default();
            (name, bytes)
        })
        .collect()
}

/// With the folder unwritable: the CLI import, the window's autosave and
/// its save all fail with a message naming the file, and change nothing.
fn failures_change_nothing(fx: &Fixture, app: &mut DiptychApp, reason: &str) {
    let folder = fx.folder();
    let recovery = recovery_of(&fx.project);
    let before = snapshot(&folder);
    assert_eq!(before["p.ron"], fx.old);
    assert_eq!(before["p.ron.bak"], fx.old);
    assert!(before.contains_key("p.ron.recovery"));

    let out = fx.import_output();
    assert_eq!(out.status.code(), Some(2), "{}", describe(&out));
    let stderr = common::stderr(&out);
    let named = format!("cannot save {}", fx.project.display());
    assert!(
        stderr.contains(&named) && stderr.contains(reason),
        "{stderr}"
    );
    assert!(snapshot(&folder) == before, "the import changed the folder");

    app.autosave_now();
    let message = window_error(app).expect("the autosave failure is shown");
    assert!(message.starts_with("Autosave failed"), "{message}");
    assert!(
        message.contains(&recovery.display().to_string()) && message.contains(reason),
        "{message}"
    );
    app.save_to(&fx.project);
    let message = window_error(app).expect("the save failure is shown");
    assert!(
        message.contains(&named) && message.contains("still open"),
        "{message}"
    );
    assert!(app.is_dirty());
    assert!(snapshot(&folder) == before, "the window changed the folder");
}

/// The window with two unsaved edits, the first of them autosaved.
fn window_with_unsaved_work(fx: &Fixture) -> DiptychApp {
    let mut app = window_on(&fx.project, &fx.dir.path().join("data"));
    add_in_window(&mut app, 3);
    app.autosave_now();
    assert_eq!(window_error(&app), None);
    add_in_window(&mut app, 2);
    app
}

/// After the folder is writable again, the window saves all its work.
fn saves_everything_afterwards(fx: &Fixture, app: &mut DiptychApp) {
    let expected = app.ws.project.annotations.len();
    app.save_to(&fx.project);
    assert_eq!(window_error(app), None);
    assert!(!app.is_dirty());
    let saved = project_file::load(&fx.project).unwrap();
    assert_eq!(saved.annotations.len(), expected);
    assert_eq!(fs::read(backup_path(&fx.project)).unwrap(), fx.old);
    assert!(
        !recovery_of(&fx.project).exists(),
        "a save removes the recovery file"
    );
}

#[test]
fn a_read_only_folder_keeps_the_project_and_says_so() {
    let fx = Fixture::new(3, 300, 60, seed() + 300);
    let mut app = window_with_unsaved_work(&fx);
    let folder = fx.folder();
    match make_read_only(&folder) {
        Some((mechanism, guard)) => {
            eprintln!("read-only folder: {mechanism}");
            let reason = if mechanism.starts_with("chattr") {
                "Operation not permitted"
            } else {
                "Read-only file system"
            };
            failures_change_nothing(&fx, &mut app, reason);
            drop(guard);
            saves_everything_afterwards(&fx, &mut app);
        }
        None => {
            eprintln!(
                "read-only folder: neither chattr +i nor a read-only bind mount is allowed here; ran an injected EROFS writer error instead"
            );
            let before = snapshot(&folder);
            let err = write_atomic_with(&fx.project, true, |_| {
                Err(std::io::Error::from_raw_os_error(30))
            })
            .unwrap_err();
            assert!(
                err.to_string().contains(&fx.project.display().to_string()),
                "{err}"
            );
            assert!(snapshot(&folder) == before);
        }
    }
}

#[test]
fn a_full_disk_keeps_the_project_and_says_so() {
    let fx = Fixture::new(3, 300, 60, seed() + 400);
    let folder = fx.folder();
    let size = (fx.old.len() * 5).next_multiple_of(4096) + 64 * 1024;
    let d = folder.to_str().unwrap();
    if !run_quietly(&[
        "mount",
        "-t",
        "tmpfs",
        "-o",
        &format!("size={size}"),
        "tmpfs",
        d,
    ]) {
        eprintln!(
            "full disk: mounting a tmpfs is not allowed here; ran an injected ENOSPC writer error (/dev/full) instead"
        );
        let before = snapshot(&folder);
        let err = write_atomic_with(&fx.project, true, |w| {
            let mut full = fs::OpenOptions::new().write(true).open("/dev/full")?;
            full.write_all(&fx.old)?;
            w.write_all(&fx.old)
        })
        .unwrap_err();
        assert_eq!(err.source.raw_os_error(), Some(28));
        assert!(snapshot(&folder) == before);
        return;
    }
    let _mounted = undo(&["umount", d]);
    eprintln!("full disk: a {size}-byte tmpfs, filled up");
    // The tmpfs hides the folder's files: put the project back on it.
    fs::write(&fx.project, &fx.old).unwrap();
    fs::write(backup_path(&fx.project), &fx.old).unwrap();
    let mut app = window_with_unsaved_work(&fx);
    let filler = folder.join("filler");
    {
        let mut file = fs::File::create(&filler).unwrap();
        let chunk = vec![b'x'; 4096];
        let err = loop {
            if let Err(err) = file.write_all(&chunk) {
                break err;
            }
        };
        assert_eq!(err.raw_os_error(), Some(28), "{err}");
    }
    failures_change_nothing(&fx, &mut app, "No space left on device");
    fs::remove_file(&filler).unwrap();
    saves_everything_afterwards(&fx, &mut app);
}
