//! rayon's pool in the window runs at the UI thread's priority even when a
//! lowered background thread is the first to hand it work (its threads
//! would inherit the nice value of the thread that starts them). A test
//! binary of its own: the pool is one per process.

#[cfg(target_os = "linux")]
#[test]
fn a_lowered_thread_does_not_lower_rayons_pool_started_first() {
    use diptych::io::background::{lower_priority, start_rayon_at_ui_priority};
    fn nice() -> i32 {
        // SAFETY: reads the calling thread's nice value.
        unsafe { libc::getpriority(libc::PRIO_PROCESS, 0) }
    }
    let ui = nice();
    assert!(start_rayon_at_ui_priority(), "nothing started it before");
    let (lowered, pool) = std::thread::spawn(|| {
        let lowered = lower_priority();
        (lowered, rayon::broadcast(|_| nice()))
    })
    .join()
    .unwrap();
    if !lowered {
        return; // a sandbox that refuses setpriority
    }
    assert!(!pool.is_empty());
    assert!(pool.iter().all(|&n| n == ui), "pool {pool:?}, UI {ui}");
}
