//! How late the window's UI thread wakes while a project loads beside it,
//! with the loading thread at the UI's priority and lowered as the window
//! lowers its background threads (`io::background::lower_priority`); in
//! both, rayon's pool is at the UI's priority, as in the window.
//!
//! `cargo bench --bench wakeups -- PROJECT.ron [SECONDS]`: a thread loads
//! the project again and again (as the window's load job does, its readers
//! started from it), while this thread does what a frame does: 2 ms of work,
//! then a sleep of 14 ms. For each way it prints how late the sleeps ended
//! (median, p95, p99, max) and how long the 2 ms of work took, and how many
//! loads were done (the background's own speed). Without a project it
//! prints how to run it. BENCHMARKS.md records the figures.

use std::path::PathBuf;
use std::sync::Arc;
use std::sync::atomic::{AtomicBool, Ordering};
use std::time::{Duration, Instant};

use diptych::io::workspace::Workspace;

fn main() {
    let args: Vec<String> = std::env::args()
        .skip(1)
        .filter(|a| a != "--bench")
        .collect();
    let Some(project) = args.first().map(PathBuf::from) else {
        println!("usage: cargo bench --bench wakeups -- PROJECT.ron [SECONDS]");
        return;
    };
    let seconds = args.get(1).and_then(|s| s.parse().ok()).unwrap_or(12);
    // As the window does: rayon's pool at this thread's priority, whichever
    // way the loader runs.
    diptych::io::background::start_rayon_at_ui_priority();
    for round in 0..2 {
        for lowered in [false, true] {
            run(&project, lowered, Duration::from_secs(seconds), round);
        }
    }
}

fn run(project: &std::path::Path, lowered: bool, length: Duration, round: usize) {
    let stop = Arc::new(AtomicBool::new(false));
    let stopped = stop.clone();
    let path = project.to_owned();
    let loader = std::thread::spawn(move || {
        if lowered {
            diptych::io::background::lower_priority();
        }
        let mut loads = 0;
        while !stopped.load(Ordering::Relaxed) {
            Workspace::open_blocking(&path).expect("the project loads");
            loads += 1;
        }
        loads
    });
    let (mut late, mut work) = (Vec::new(), Vec::new());
    let start = Instant::now();
    while start.elapsed() < length {
        let began = Instant::now();
        let mut x = 0u64;
        while began.elapsed() < Duration::from_millis(2) {
            x = std::hint::black_box(x.wrapping_mul(6_364_136_223_846_793_005).wrapping_add(1));
        }
        work.push(began.elapsed());
        let slept = Instant::now();
        std::thread::sleep(Duration::from_millis(14));
        late.push(slept.elapsed().saturating_sub(Duration::from_millis(14)));
    }
    stop.store(true, Ordering::Relaxed);
    let loads: usize = loader.join().unwrap();
    let way = if lowered { "lowered" } else { "as the UI" };
    println!(
        "round {round}, loader {way}: {loads} loads; woke late {}; 2 ms of work took {}",
        spread(late),
        spread(work)
    );
}

/// Median, p95, p99 and max, in milliseconds.
fn spread(mut times: Vec<Duration>) -> String {
    times.sort_unstable();
    let at = |q: usize| times[(times.len() - 1) * q / 100].as_secs_f64() * 1e3;
    format!(
        "median {:.2} p95 {:.2} p99 {:.2} max {:.2} ms",
        at(50),
        at(95),
        at(99),
        at(100)
    )
}
