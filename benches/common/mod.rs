//! Timing shared by the bench binaries (plain `harness = false` benches).

use std::time::{Duration, Instant};

/// Runs `f` once to warm up, then `runs` times, and prints the median, min and max.
pub fn measure(name: &str, runs: usize, mut f: impl FnMut()) {
    f(); // Warm-up (file cache, allocator).
    let mut times: Vec<Duration> = (0..runs)
        .map(|_| {
            let t = Instant::now();
            f();
            t.elapsed()
        })
        .collect();
    times.sort();
    println!(
        "{name:<56} median {:>8.1} ms   min {:>8.1} ms   max {:>8.1} ms   ({runs} runs)",
        times[runs / 2].as_secs_f64() * 1e3,
        times[0].as_secs_f64() * 1e3,
        times[runs - 1].as_secs_f64() * 1e3
    );
}
