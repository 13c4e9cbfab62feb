//! The window's background threads (a project's load, an export, the search
//! index, the agreement, the watchers of the corpus and of the project
//! file) run below the UI thread's priority, so that the window answers a
//! key or a click at once while they work; the threads they start (the
//! project file's readers, the index's writers) inherit it.
//! On Linux a thread's nice value is its own: 10 here. While a million
//! annotations load beside a thread that wakes every 14 ms for 2 ms of work
//! (`benches/wakeups.rs`), one wake-up in twenty came 4.0 ms late, now
//! 2.8–3.0 ms, and one frame's work in twenty was cut off for 3.6–3.8 ms,
//! now under one in twenty; the loads run as fast (BENCHMARKS.md, twentieth
//! session). rayon's pool stays at the UI's priority: the UI thread waits
//! for the work it hands it (the compare view's diff).

/// The nice value of a background thread.
#[cfg(target_os = "linux")]
const NICE: libc::c_int = 10;

/// Lowers the calling thread's priority to a background thread's, or
/// leaves it where it is lower already (a window started with `nice`);
/// nothing where threads have no nice value of their own. Best effort: a
/// refusal leaves it as it was.
pub fn lower_priority() {
    #[cfg(target_os = "linux")]
    // SAFETY: integer arguments; on Linux, PRIO_PROCESS with a thread id
    // reads and sets that thread's nice value, and raising it needs no
    // privilege.
    unsafe {
        let tid = libc::gettid() as libc::id_t;
        let now = libc::getpriority(libc::PRIO_PROCESS, tid);
        libc::setpriority(libc::PRIO_PROCESS, tid, now.max(NICE));
    }
}

#[cfg(all(test, target_os = "linux"))]
mod tests {
    #[test]
    fn a_background_thread_runs_at_nice_10_and_its_threads_too() {
        let nice = || {
            // SAFETY: reads the calling thread's nice value.
            unsafe { libc::getpriority(libc::PRIO_PROCESS, libc::gettid() as libc::id_t) }
        };
        let before = nice();
        let (own, child) = std::thread::spawn(move || {
            super::lower_priority();
            let own = nice();
            (own, std::thread::spawn(nice).join().unwrap())
        })
        .join()
        .unwrap();
        // 10, or the test's own when it runs lower already.
        let expected = before.max(10);
        assert_eq!((own, child), (expected, expected));
        // Other threads are left as they were.
        assert_eq!(nice(), before);
    }
}
