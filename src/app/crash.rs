//! A panic never costs work. The panic hook writes a crash report (message,
//! backtrace, version and commit, system, the log's last lines) to the
//! state folder as the panic happens, on whatever thread; a panic in the
//! window's frame is then caught (`DiptychApp::frame`), the project as it
//! stood after the last edit applied goes to the recovery file, and a note
//! (`pending.ron`) tells the next start to offer it back and to say where
//! the report is. A panic in a background job leaves the window up: the job
//! ends, and its error (with the report's place) reaches the status bar.

use std::backtrace::Backtrace;
use std::fmt::Write as _;
use std::panic::PanicHookInfo;
use std::path::{Path, PathBuf};
use std::sync::{Mutex, Once};

use serde::{Deserialize, Serialize};

use crate::version;

/// The app's state folder: `$XDG_STATE_HOME/diptych` (usually
/// `~/.local/state/diptych`), where the log and the crash reports go; the
/// local data folder on systems without a state folder.
pub fn state_dir() -> PathBuf {
    dirs::state_dir()
        .or_else(dirs::data_local_dir)
        .unwrap_or_else(std::env::temp_dir)
        .join("diptych")
}

/// The folder of crash reports in a state folder.
pub fn reports_dir(state_dir: &Path) -> PathBuf {
    state_dir.join("crashes")
}

/// The folder of logs in a state folder.
pub fn logs_dir(state_dir: &Path) -> PathBuf {
    state_dir.join("logs")
}

/// A panic as the hook saw it.
#[derive(Clone, Debug, PartialEq)]
pub struct Panicked {
    /// The panic's message and where in the code it was raised.
    pub message: String,
    /// The crash report written, when it could be.
    pub report: Option<PathBuf>,
}

/// Where the hook writes reports (set by each window; tests use their own).
static REPORTS: Mutex<Option<PathBuf>> = Mutex::new(None);
/// The last panic the hook saw, taken by whoever handles it.
static LAST: Mutex<Option<Panicked>> = Mutex::new(None);

/// Installs the panic hook (once per process) and sends reports to
/// `reports` from now on.
pub fn install_hook(reports: &Path) {
    if let Ok(mut dir) = REPORTS.lock() {
        *dir = Some(reports.to_owned());
    }
    static ONCE: Once = Once::new();
    ONCE.call_once(|| std::panic::set_hook(Box::new(on_panic)));
}

/// The last panic seen since the last call, if any.
pub fn take_last() -> Option<Panicked> {
    LAST.lock().ok().and_then(|mut last| last.take())
}

fn on_panic(info: &PanicHookInfo<'_>) {
    let payload = info.payload();
    let text = payload
        .downcast_ref::<&str>()
        .map(|s| (*s).to_owned())
        .or_else(|| payload.downcast_ref::<String>().cloned())
        .unwrap_or_else(|| "(no message)".to_owned());
    let text = redacted(&text);
    let message = match info.location() {
        Some(at) => format!("{text} (at {}:{})", at.file(), at.line()),
        None => text,
    };
    let thread = std::thread::current()
        .name()
        .unwrap_or("a background thread")
        .to_owned();
    let backtrace = Backtrace::force_capture();
    let dir = REPORTS.lock().ok().and_then(|dir| dir.clone());
    let report = dir.and_then(|dir| write_report(&dir, &message, &thread, &backtrace).ok());
    tracing::error!(thread, report = ?report, "panic: {message}");
    eprintln!("diptych: internal error in {thread}: {message}");
    if let Some(path) = &report {
        eprintln!("diptych: crash report: {}", path.display());
    }
    if let Ok(mut last) = LAST.lock() {
        *last = Some(Panicked { message, report });
    }
}

/// A panic message without what it quotes between backticks: the
/// standard library's messages about slicing a string quote the string,
/// which may be an article's text.
fn redacted(message: &str) -> String {
    let mut out = String::with_capacity(message.len());
    for (n, part) in message.split('`').enumerate() {
        match n {
            0 => out.push_str(part),
            n if n % 2 == 1 => out.push_str("`…"),
            _ => {
                out.push('`');
                out.push_str(part);
            }
        }
    }
    out
}

/// What the window says when a background job's thread ended without an
/// answer: the panic's message and its report, when the hook saw one.
pub fn job_stopped(what: &str) -> String {
    match take_last() {
        Some(panicked) => format!(
            "{what} stopped by an internal error: {}{}",
            panicked.message,
            panicked
                .report
                .map(|report| format!(" (crash report: {})", report.display()))
                .unwrap_or_default()
        ),
        None => format!("{what} stopped unexpectedly"),
    }
}

/// Writes `crash-TIME-PID.txt` in `dir`.
fn write_report(
    dir: &Path,
    message: &str,
    thread: &str,
    backtrace: &Backtrace,
) -> std::io::Result<PathBuf> {
    std::fs::create_dir_all(dir)?;
    let now = jiff::Timestamp::now();
    let name = format!(
        "crash-{}-{}.txt",
        now.strftime("%Y%m%dT%H%M%SZ"),
        std::process::id()
    );
    let mut text = String::new();
    let _ = writeln!(text, "Diptych crash report");
    let _ = writeln!(text, "time: {now}");
    let _ = writeln!(text, "version: {}", version::LINE);
    let _ = writeln!(
        text,
        "system: {} {} ({})",
        std::env::consts::OS,
        std::env::consts::ARCH,
        std::env::consts::FAMILY
    );
    let _ = writeln!(text, "thread: {thread}");
    let _ = writeln!(text, "message: {message}");
    let _ = writeln!(text, "\nbacktrace:\n{backtrace}");
    let _ = writeln!(text, "\nlast log lines:");
    for line in crate::logging::recent_lines() {
        let _ = writeln!(text, "{line}");
    }
    let path = dir.join(name);
    std::fs::write(&path, text)?;
    Ok(path)
}

/// What the next start offers after a window ended in a panic.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct Pending {
    /// The project file that was open (`None`: a project never saved).
    pub project: Option<PathBuf>,
    /// The recovery file holding the unsaved work (`None`: nothing was unsaved).
    pub recovery: Option<PathBuf>,
    /// True when the recovery file holds the last autosave rather than
    /// every edit (the panic struck while an edit was being applied).
    pub autosaved_only: bool,
    /// The crash report.
    pub report: Option<PathBuf>,
    /// The panic's message.
    pub message: String,
}

fn pending_path(reports: &Path) -> PathBuf {
    reports.join("pending.ron")
}

/// Writes the note the next start reads.
pub fn write_pending(reports: &Path, pending: &Pending) -> std::io::Result<()> {
    std::fs::create_dir_all(reports)?;
    let text = ron::ser::to_string_pretty(pending, ron::ser::PrettyConfig::default())
        .map_err(std::io::Error::other)?;
    std::fs::write(pending_path(reports), text)
}

/// The note a crashed window left, if any (a note that cannot be read is
/// dropped: the recovery file is still offered when its project opens).
pub fn read_pending(reports: &Path) -> Option<Pending> {
    let text = std::fs::read_to_string(pending_path(reports)).ok()?;
    ron::from_str(&text).ok()
}

/// Forgets the note (once it was answered).
pub fn clear_pending(reports: &Path) {
    let _ = std::fs::remove_file(pending_path(reports));
}

/// Appends a line to a crash report (what became of the unsaved work).
pub fn append_to_report(report: &Path, line: &str) {
    use std::io::Write;
    if let Ok(mut file) = std::fs::OpenOptions::new().append(true).open(report) {
        let _ = writeln!(file, "\n{line}");
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn quoted_text_is_left_out_of_panic_messages() {
        assert_eq!(
            redacted(
                "byte index 5 is not a char boundary; it is inside 'é' (bytes 4..6) of `Café society`"
            ),
            "byte index 5 is not a char boundary; it is inside 'é' (bytes 4..6) of `…`"
        );
        assert_eq!(redacted("a `b` c `d` e"), "a `…` c `…` e");
        assert_eq!(redacted("no quotes"), "no quotes");
    }

    #[test]
    fn the_pending_note_round_trips_and_clears() {
        let dir = tempfile::tempdir().unwrap();
        assert_eq!(read_pending(dir.path()), None);
        let pending = Pending {
            project: Some(PathBuf::from("/p/project.ron")),
            recovery: Some(PathBuf::from("/p/project.ron.recovery")),
            autosaved_only: false,
            report: Some(PathBuf::from("/s/crashes/crash-1.txt")),
            message: "boom (at src/x.rs:1)".to_owned(),
        };
        write_pending(dir.path(), &pending).unwrap();
        assert_eq!(read_pending(dir.path()), Some(pending));
        clear_pending(dir.path());
        assert_eq!(read_pending(dir.path()), None);
    }
}
