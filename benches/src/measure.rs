//! Timing and peak memory.

use std::time::{Duration, Instant};

/// Runs `f` until `budget` is spent (at least `min_runs` times) and returns the median time of
/// one run. The first run is a warm-up and is not counted.
pub fn median_time(budget: Duration, min_runs: usize, mut f: impl FnMut()) -> Duration {
    f();
    let start = Instant::now();
    let mut times = Vec::new();
    while times.len() < min_runs || start.elapsed() < budget {
        let run = Instant::now();
        f();
        times.push(run.elapsed());
    }
    median(&mut times)
}

/// The median of some durations (the lower middle one for an even count).
pub fn median(times: &mut [Duration]) -> Duration {
    times.sort();
    times[(times.len() - 1) / 2]
}

/// The peak resident set size of this process so far, in KiB (`VmHWM` in `/proc/self/status`;
/// 0 where there is no `/proc`).
pub fn peak_rss_kib() -> u64 {
    let status = std::fs::read_to_string("/proc/self/status").unwrap_or_default();
    status
        .lines()
        .find_map(|line| line.strip_prefix("VmHWM:"))
        .and_then(|value| value.trim().trim_end_matches("kB").trim().parse().ok())
        .unwrap_or(0)
}

/// Megabytes (10^6 bytes) per second.
pub fn mb_per_s(bytes: usize, time: Duration) -> f64 {
    bytes as f64 / time.as_secs_f64() / 1e6
}
