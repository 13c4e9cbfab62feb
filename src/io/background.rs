//! The window's background threads (a project's load, an export, the search
//! index, the agreement, the watchers of the corpus and of the project
//! file) run below the UI thread's priority, so that the window answers a
//! key or a click sooner while they work; the plain threads they start (the
//! project file's readers, tantivy's writers) inherit it. On Linux a
//! thread's nice value is its own: 10 here. While a million annotations
//! load beside a thread that wakes every 14 ms for 2 ms of work
//! (`benches/wakeups.rs`), one frame's work in twenty was cut off for
//! 3.6–3.8 ms, now under one in twenty (BENCHMARKS.md, twentieth session).
//!
//! rayon's pool stays at the UI's priority: the UI thread waits for the
//! work it hands it (the compare view's diff, suggestions, re-anchoring),
//! and a pool's threads take the nice value of the thread that starts them,
//! so [`start_rayon_at_ui_priority`] starts it from the UI thread before
//! any background thread can. The rayon work of a background job (a load's
//! corpus read and checks, an export's lines) is therefore not lowered.

/// The nice value of a background thread.
#[cfg(target_os = "linux")]
const NICE: libc::c_int = 10;

/// Lowers the calling thread's priority to a background thread's, or
/// leaves it where it is lower already (a window started with `nice`);
/// nothing where threads have no nice value of their own. Best effort:
/// returns whether the thread now runs at a background thread's priority
/// or lower.
pub fn lower_priority() -> bool {
    #[cfg(target_os = "linux")]
    // SAFETY: integer arguments; on Linux, PRIO_PROCESS with 0 reads and
    // sets the calling thread's own nice value (not the whole process's),
    // and raising it needs no privilege.
    unsafe {
        let now = libc::getpriority(libc::PRIO_PROCESS, 0);
        libc::setpriority(libc::PRIO_PROCESS, 0, now.max(NICE)) == 0
    }
    #[cfg(not(target_os = "linux"))]
    false
}

/// Starts rayon's pool from the calling thread, which should be the UI
/// thread, so that its threads run at the UI's priority (they inherit the
/// nice value of the thread that starts them). Returns false when the pool
/// was started already.
pub fn start_rayon_at_ui_priority() -> bool {
    rayon::ThreadPoolBuilder::new()
        .thread_name(|i| format!("rayon-{i}"))
        .build_global()
        .is_ok()
}

#[cfg(all(test, target_os = "linux"))]
mod tests {
    #[test]
    fn a_background_thread_runs_at_nice_10_and_its_threads_too() {
        let nice = || {
            // SAFETY: reads the calling thread's nice value.
            unsafe { libc::getpriority(libc::PRIO_PROCESS, 0) }
        };
        let before = nice();
        let (lowered, own, child) = std::thread::spawn(move || {
            let lowered = super::lower_priority();
            let own = nice();
            (lowered, own, std::thread::spawn(nice).join().unwrap())
        })
        .join()
        .unwrap();
        if !lowered {
            // A sandbox that refuses setpriority: nothing to check.
            return;
        }
        // 10, or the test's own when it runs lower already.
        let expected = before.max(10);
        assert_eq!((own, child), (expected, expected));
        // Other threads are left as they were.
        assert_eq!(nice(), before);
    }
}
