//! The arithmetic of waits (`wait_for_run`, `wait_for_job`) over what a server sends and what
//! a caller sets: `retry-after`, `x-ratelimit-reset` and `-remaining`, `date` (any bytes), and
//! extreme intervals, backoffs, timeouts and clocks. Nothing may panic ("overflow when adding
//! durations" did, for `retry-after: 18446744073709551615`), and a wait that goes ahead ends
//! within the timeout.
//!
//! Input: 48 bytes of numbers, then the header values separated by `\n`.
#![no_main]

use std::time::{Duration, SystemTime};

use github_actions_client_runtime::{WaitOptions, __fuzz};
use libfuzzer_sys::fuzz_target;

const HEADERS: [&str; 5] = [
    "retry-after",
    "x-ratelimit-reset",
    "x-ratelimit-remaining",
    "x-ratelimit-limit",
    "date",
];

fuzz_target!(|data: &[u8]| {
    let Some((numbers, text)) = data.split_first_chunk::<48>() else {
        return;
    };
    let number = |i: usize| {
        let mut bytes = [0; 8];
        bytes.copy_from_slice(&numbers[i * 8..i * 8 + 8]);
        u64::from_le_bytes(bytes)
    };
    // Small values as often as huge ones: the low bit picks seconds or milliseconds.
    let duration = |i: usize| {
        let n = number(i);
        if n & 1 == 0 {
            Duration::from_secs(n >> 1)
        } else {
            Duration::from_millis(n >> 1)
        }
    };
    let headers: Vec<(&str, &[u8])> = HEADERS
        .iter()
        .copied()
        .zip(text.split(|&byte| byte == b'\n'))
        .collect();
    let selector = number(5);
    let status = [429, 403, 200, 500][(selector % 4) as usize];
    let attempt = (selector >> 8) as u32;
    let Some(now) = SystemTime::UNIX_EPOCH.checked_add(Duration::from_secs(selector >> 32)) else {
        return;
    };
    let timeout = duration(3);
    let options = WaitOptions::default()
        .poll_interval(duration(0))
        .max_interval(duration(1))
        .backoff(f64::from_bits(number(2)))
        .timeout(timeout);
    let waited = duration(4);
    let interval = duration(0).max(Duration::from_nanos(number(4) ^ number(1)));
    let (_, step) = __fuzz::wait_after(status, &headers, attempt, now, waited, interval, options);
    if let Some((wait, _next)) = step {
        assert!(
            waited.saturating_add(wait) <= timeout,
            "a wait of {wait:?} after {waited:?} ends past the timeout {timeout:?}"
        );
    }
});
