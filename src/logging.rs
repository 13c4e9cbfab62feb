//! Where the program's log goes (tracing): the command line logs to
//! standard error, quiet by default (warnings only; `-v` info, `-vv` debug,
//! `-q` nothing; `RUST_LOG` overrides); the window also logs to a file in
//! the user's state folder, size-capped and rotated ([`LogFile`]), whose
//! last lines a crash report quotes.
//!
//! What is logged is for support: what was opened, saved, imported,
//! exported, re-anchored or watched, with sizes, counts, durations and
//! paths, and every error the window shows. Never an article's text or an
//! annotation's content: ids and counts only.

use std::collections::VecDeque;
use std::fs::{self, File, OpenOptions};
use std::io::{self, Write};
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{Arc, Mutex, OnceLock};

use tracing_subscriber::EnvFilter;
use tracing_subscriber::Layer;
use tracing_subscriber::layer::SubscriberExt;
use tracing_subscriber::util::SubscriberInitExt;

/// How much the command line says on standard error (`-q`, `-v`, `-vv`).
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub enum Verbosity {
    /// `-q`: nothing but the commands' own messages.
    Quiet,
    /// Warnings.
    #[default]
    Normal,
    /// `-v`: what was read and written, with sizes and durations.
    Verbose,
    /// `-vv`: and the steps inside.
    Debug,
}

impl Verbosity {
    /// From the flags: `-q`, or the number of `-v`.
    pub fn of(quiet: bool, verbose: u8) -> Self {
        match (quiet, verbose) {
            (true, _) => Self::Quiet,
            (false, 0) => Self::Normal,
            (false, 1) => Self::Verbose,
            (false, _) => Self::Debug,
        }
    }

    /// The filter for standard error: our crate at this level, the
    /// libraries' warnings from `-vv` on.
    fn filter(self) -> &'static str {
        match self {
            Self::Quiet => "off",
            // The libraries' warnings (winit's about the display, say) are
            // not the user's business unless asked for.
            Self::Normal => "error,diptych=warn",
            Self::Verbose => "error,diptych=info",
            Self::Debug => "warn,diptych=debug",
        }
    }
}

/// `RUST_LOG` when set, else `default`.
fn filter_or(default: &str) -> EnvFilter {
    match std::env::var("RUST_LOG") {
        Ok(spec) if !spec.trim().is_empty() => EnvFilter::new(spec),
        _ => EnvFilter::new(default),
    }
}

fn stderr_layer<S>(verbosity: Verbosity) -> impl Layer<S>
where
    S: tracing::Subscriber + for<'a> tracing_subscriber::registry::LookupSpan<'a>,
{
    tracing_subscriber::fmt::layer()
        .with_writer(io::stderr)
        .with_ansi(false)
        .without_time()
        .with_target(false)
        .with_filter(filter_or(verbosity.filter()))
}

/// Whether `-q` asked for silence: warnings printed outside the logs (the
/// corpus outside the project's folder) are left out too.
static QUIET: AtomicBool = AtomicBool::new(false);

/// True when `-q` was given.
pub fn quiet() -> bool {
    QUIET.load(Ordering::Relaxed)
}

/// Logs of the command line: standard error only. Called once, at start.
pub fn init_cli(verbosity: Verbosity) {
    QUIET.store(verbosity == Verbosity::Quiet, Ordering::Relaxed);
    let _ = tracing_subscriber::registry()
        .with(stderr_layer(verbosity))
        .try_init();
}

/// Logs of the window: standard error as on the command line, and the log
/// file in `dir` (info and up, or `RUST_LOG`). Returns the file, or why it
/// could not be opened (then the window logs to standard error only).
pub fn init_window(verbosity: Verbosity, dir: &Path) -> io::Result<Arc<LogFile>> {
    let file = LogFile::open(dir, LogFile::CAP_BYTES, LogFile::KEEP)?;
    let _ = WINDOW_LOG.set(file.clone());
    let to_file = tracing_subscriber::fmt::layer()
        .with_writer(file.clone())
        .with_ansi(false)
        .with_target(true)
        .with_filter(filter_or("warn,diptych=info"));
    let _ = tracing_subscriber::registry()
        .with(stderr_layer(verbosity))
        .with(to_file)
        .try_init();
    Ok(file)
}

/// The window's log file, once [`init_window`] opened it.
static WINDOW_LOG: OnceLock<Arc<LogFile>> = OnceLock::new();

/// The last lines of the window's log (for a crash report); empty on the
/// command line.
pub fn recent_lines() -> Vec<String> {
    WINDOW_LOG.get().map(|log| log.recent()).unwrap_or_default()
}

/// A log file capped in size: when the next line would take `diptych.log`
/// past the cap, it becomes `diptych.log.1` (the older ones move up, the
/// oldest kept is dropped) and a new one starts. It also keeps its last
/// lines in memory for a crash report.
///
/// (tracing-appender rotates by time only; a support log must stay small
/// whatever the user does, so the cap is by size.)
pub struct LogFile {
    path: PathBuf,
    cap: u64,
    keep: usize,
    state: Mutex<State>,
}

struct State {
    file: Option<File>,
    size: u64,
    recent: VecDeque<String>,
}

impl LogFile {
    /// The current file's name in its folder.
    pub const FILE_NAME: &str = "diptych.log";
    /// The cap of one file: 1 MiB.
    pub const CAP_BYTES: u64 = 1 << 20;
    /// Older files kept beside it: `diptych.log.1` … `.3`.
    pub const KEEP: usize = 3;
    /// Lines kept in memory for a crash report.
    const RECENT: usize = 200;

    /// Opens (appends to) `dir/diptych.log`, creating `dir`.
    pub fn open(dir: &Path, cap: u64, keep: usize) -> io::Result<Arc<Self>> {
        fs::create_dir_all(dir)?;
        let path = dir.join(Self::FILE_NAME);
        let file = OpenOptions::new().create(true).append(true).open(&path)?;
        let size = file.metadata()?.len();
        Ok(Arc::new(Self {
            path,
            cap,
            keep,
            state: Mutex::new(State {
                file: Some(file),
                size,
                recent: VecDeque::new(),
            }),
        }))
    }

    /// The current file, `…/diptych.log`.
    pub fn path(&self) -> &Path {
        &self.path
    }

    /// The last lines written (at most 200), oldest first.
    pub fn recent(&self) -> Vec<String> {
        self.state
            .lock()
            .map(|state| state.recent.iter().cloned().collect())
            .unwrap_or_default()
    }

    /// `diptych.log.N`.
    fn older(&self, n: usize) -> PathBuf {
        let mut name = self.path.as_os_str().to_owned();
        name.push(format!(".{n}"));
        PathBuf::from(name)
    }

    /// Moves `.log` to `.log.1` (and each older one up) and starts a new file.
    fn rotate(&self, state: &mut State) -> io::Result<()> {
        state.file = None;
        let _ = fs::remove_file(self.older(self.keep));
        for n in (1..self.keep).rev() {
            let _ = fs::rename(self.older(n), self.older(n + 1));
        }
        if self.keep > 0 {
            fs::rename(&self.path, self.older(1))?;
        }
        state.file = Some(File::create(&self.path)?);
        state.size = 0;
        Ok(())
    }

    fn write_line(&self, bytes: &[u8]) -> io::Result<()> {
        let Ok(mut state) = self.state.lock() else {
            return Ok(());
        };
        let state = &mut *state;
        let len = bytes.len() as u64;
        if state.size > 0 && state.size + len > self.cap {
            self.rotate(state)?;
        }
        if let Some(file) = state.file.as_mut() {
            file.write_all(bytes)?;
            state.size += len;
        }
        for line in String::from_utf8_lossy(bytes).lines() {
            if state.recent.len() == Self::RECENT {
                state.recent.pop_front();
            }
            state.recent.push_back(line.to_owned());
        }
        Ok(())
    }
}

/// One event as the fmt layer formats it, written in one piece (an
/// `Arc<LogFile>` is the layer's writer through this).
impl Write for &LogFile {
    fn write(&mut self, buf: &[u8]) -> io::Result<usize> {
        self.write_line(buf)?;
        Ok(buf.len())
    }

    fn flush(&mut self) -> io::Result<()> {
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn files_in(dir: &Path) -> Vec<(String, u64)> {
        let mut files: Vec<(String, u64)> = fs::read_dir(dir)
            .unwrap()
            .map(|entry| {
                let entry = entry.unwrap();
                let name = entry.file_name().into_string().unwrap();
                (name, entry.metadata().unwrap().len())
            })
            .collect();
        files.sort();
        files
    }

    #[test]
    fn the_log_rotates_at_its_cap_and_keeps_so_many_files() {
        let dir = tempfile::tempdir().unwrap();
        let log = LogFile::open(dir.path(), 1000, 2).unwrap();
        let mut writer = &*log;
        // 100 lines of 50 bytes: 5000 bytes, five files' worth.
        for n in 0..100 {
            writer.write_all(format!("{n:>48}\n").as_bytes()).unwrap();
        }
        let files = files_in(dir.path());
        let names: Vec<&str> = files.iter().map(|(name, _)| name.as_str()).collect();
        assert_eq!(names, ["diptych.log", "diptych.log.1", "diptych.log.2"]);
        for (name, size) in &files {
            assert!(*size <= 1000, "{name}: {size} bytes");
        }
        // The newest lines are in the current file, the oldest are gone.
        let current = fs::read_to_string(dir.path().join("diptych.log")).unwrap();
        assert!(current.ends_with(&format!("{:>48}\n", 99)), "{current}");
        let all: String = ["diptych.log.2", "diptych.log.1", "diptych.log"]
            .iter()
            .map(|name| fs::read_to_string(dir.path().join(name)).unwrap())
            .collect();
        let numbers: Vec<u32> = all.lines().map(|l| l.trim().parse().unwrap()).collect();
        assert_eq!(numbers, (40..100).collect::<Vec<_>>());
        // The last lines are kept in memory, in order.
        let recent = log.recent();
        assert_eq!(recent.len(), 100);
        assert_eq!(recent.last().unwrap().trim(), "99");
    }

    #[test]
    fn a_reopened_log_counts_what_it_already_holds() {
        let dir = tempfile::tempdir().unwrap();
        fs::write(dir.path().join("diptych.log"), "x".repeat(900)).unwrap();
        let log = LogFile::open(dir.path(), 1000, 1).unwrap();
        (&*log).write_all(&[b'y'; 200]).unwrap();
        assert_eq!(
            files_in(dir.path()),
            [
                ("diptych.log".to_owned(), 200),
                ("diptych.log.1".to_owned(), 900)
            ]
        );
    }

    #[test]
    fn verbosity_follows_the_flags() {
        assert_eq!(Verbosity::of(false, 0), Verbosity::Normal);
        assert_eq!(Verbosity::of(false, 1), Verbosity::Verbose);
        assert_eq!(Verbosity::of(false, 3), Verbosity::Debug);
        assert_eq!(Verbosity::of(true, 2), Verbosity::Quiet);
    }
}
