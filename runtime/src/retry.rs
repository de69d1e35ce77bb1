//! When to retry and how long to wait: GitHub's documented rules for rate limits, exponential
//! backoff with jitter for server errors.

use std::time::Duration;

use reqwest::header::HeaderMap;

use crate::rate_limit::RateLimit;
use crate::response::header;

/// How the client retries. Clones of a client share one policy.
///
/// - Rate limits (429, and 403 for a secondary limit): wait as GitHub documents (`retry-after`;
///   else until `x-ratelimit-reset` when no requests remain; else at least a minute, doubling
///   each time), at most [`max_rate_limit_retries`](Self::max_rate_limit_retries) times and
///   never longer than [`max_rate_limit_wait`](Self::max_rate_limit_wait) per wait. These apply
///   to every method: a rate-limited request was not processed.
/// - Server errors (500, 502, 503, 504) and connection failures: retried for idempotent
///   requests only (GET, PUT, DELETE), with exponential backoff and jitter, at most
///   [`max_retries`](Self::max_retries) times. A POST or PATCH is never retried blindly.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RetryPolicy {
    max_retries: u32,
    initial_backoff: Duration,
    max_backoff: Duration,
    max_rate_limit_retries: u32,
    max_rate_limit_wait: Duration,
}

impl Default for RetryPolicy {
    fn default() -> Self {
        Self {
            max_retries: 3,
            initial_backoff: Duration::from_millis(500),
            max_backoff: Duration::from_secs(30),
            max_rate_limit_retries: 3,
            max_rate_limit_wait: Duration::from_secs(5 * 60),
        }
    }
}

impl RetryPolicy {
    /// No retries at all: every failure and rate limit is returned at once.
    pub fn none() -> Self {
        Self {
            max_retries: 0,
            max_rate_limit_retries: 0,
            max_rate_limit_wait: Duration::ZERO,
            ..Self::default()
        }
    }

    /// Retries of idempotent requests after a server error or connection failure (default 3).
    pub fn max_retries(mut self, retries: u32) -> Self {
        self.max_retries = retries;
        self
    }

    /// The first backoff (default 500 ms); each retry doubles it, up to `max_backoff`.
    pub fn initial_backoff(mut self, backoff: Duration) -> Self {
        self.initial_backoff = backoff;
        self
    }

    /// The longest backoff between server-error retries (default 30 s).
    pub fn max_backoff(mut self, backoff: Duration) -> Self {
        self.max_backoff = backoff;
        self
    }

    /// How many times a rate-limited request is retried (default 3).
    pub fn max_rate_limit_retries(mut self, retries: u32) -> Self {
        self.max_rate_limit_retries = retries;
        self
    }

    /// The longest the client waits out a rate limit (default 5 minutes); GitHub asking for a
    /// longer wait is returned as [`Error::RateLimited`](crate::Error::RateLimited).
    pub fn max_rate_limit_wait(mut self, wait: Duration) -> Self {
        self.max_rate_limit_wait = wait;
        self
    }

    pub(crate) fn retries(&self) -> u32 {
        self.max_retries
    }

    pub(crate) fn rate_limit_retries(&self) -> u32 {
        self.max_rate_limit_retries
    }

    pub(crate) fn rate_limit_cap(&self) -> Duration {
        self.max_rate_limit_wait
    }

    /// The backoff before retry number `attempt` (0-based): `initial × 2^attempt`, capped, then
    /// "equal jitter" (a random point in its upper half) so that many clients do not retry in
    /// step.
    pub(crate) fn backoff(&self, attempt: u32) -> Duration {
        let exponential = self
            .initial_backoff
            .saturating_mul(2u32.saturating_pow(attempt));
        let capped = exponential.min(self.max_backoff);
        let half = capped / 2;
        half.saturating_add(half.mul_f64(fastrand::f64()))
    }
}

/// Server errors worth retrying: the request may not have been processed.
pub(crate) fn is_retryable_status(status: u16) -> bool {
    matches!(status, 500 | 502 | 503 | 504)
}

/// The shortest wait GitHub asks for after a secondary rate limit without `retry-after`.
const SECONDARY_MINIMUM: Duration = Duration::from_secs(60);

/// If the response is a rate limit, how long GitHub asks the client to wait. `attempt` counts
/// the rate-limit retries so far (the wait grows when GitHub gives no time).
pub(crate) fn rate_limit_wait(
    status: u16,
    headers: &HeaderMap,
    message: &str,
    attempt: u32,
    now: std::time::SystemTime,
) -> Option<Duration> {
    let retry_after =
        header(headers, "retry-after").and_then(|value| value.trim().parse::<u64>().ok());
    let limit = RateLimit::from_headers(headers, now);
    let exhausted = limit.as_ref().is_some_and(|limit| limit.remaining == 0);
    let says_rate_limit = mentions_rate_limit(message);
    let is_rate_limit =
        status == 429 || (status == 403 && (retry_after.is_some() || exhausted || says_rate_limit));
    if !is_rate_limit {
        return None;
    }
    if let Some(seconds) = retry_after {
        return Some(Duration::from_secs(seconds));
    }
    if let Some(limit) = limit.filter(|limit| limit.remaining == 0) {
        // Wait until the reset, plus a second for clock skew.
        return Some(
            limit
                .until_reset(now)
                .saturating_add(Duration::from_secs(1)),
        );
    }
    Some(SECONDARY_MINIMUM.saturating_mul(2u32.saturating_pow(attempt)))
}

/// Whether GitHub's message says "rate limit", in any case.
fn mentions_rate_limit(message: &str) -> bool {
    message.to_ascii_lowercase().contains("rate limit")
}

#[cfg(test)]
mod tests {
    use std::time::SystemTime;

    use super::*;

    fn headers(pairs: &[(&'static str, String)]) -> HeaderMap {
        let mut map = HeaderMap::new();
        for (name, value) in pairs {
            map.insert(*name, value.parse().unwrap());
        }
        map
    }

    #[test]
    fn backoff_grows_is_capped_and_jittered() {
        let policy = RetryPolicy::default()
            .initial_backoff(Duration::from_secs(1))
            .max_backoff(Duration::from_secs(8));
        for _ in 0..100 {
            let first = policy.backoff(0);
            assert!(
                first >= Duration::from_millis(500) && first <= Duration::from_secs(1),
                "{first:?}"
            );
            let third = policy.backoff(2);
            assert!(
                third >= Duration::from_secs(2) && third <= Duration::from_secs(4),
                "{third:?}"
            );
            let late = policy.backoff(30);
            assert!(
                late >= Duration::from_secs(4) && late <= Duration::from_secs(8),
                "{late:?}"
            );
        }
    }

    #[test]
    fn retry_after_wins() {
        let h = headers(&[("retry-after", "7".into())]);
        let wait = rate_limit_wait(429, &h, "", 0, SystemTime::now());
        assert_eq!(wait, Some(Duration::from_secs(7)));
        let wait = rate_limit_wait(403, &h, "whatever", 0, SystemTime::now());
        assert_eq!(wait, Some(Duration::from_secs(7)));
    }

    #[test]
    fn an_exhausted_primary_limit_waits_until_reset() {
        let now = SystemTime::UNIX_EPOCH + Duration::from_secs(1_700_000_000);
        let h = headers(&[
            ("x-ratelimit-limit", "5000".into()),
            ("x-ratelimit-remaining", "0".into()),
            ("x-ratelimit-reset", "1700000042".into()),
        ]);
        let wait = rate_limit_wait(403, &h, "API rate limit exceeded", 0, now);
        assert_eq!(wait, Some(Duration::from_secs(43)));
    }

    #[test]
    fn a_secondary_limit_without_times_waits_a_minute_then_longer() {
        let h = headers(&[]);
        let message = "You have exceeded a secondary rate limit";
        assert_eq!(
            rate_limit_wait(403, &h, message, 0, SystemTime::now()),
            Some(Duration::from_secs(60))
        );
        assert_eq!(
            rate_limit_wait(403, &h, message, 1, SystemTime::now()),
            Some(Duration::from_secs(120))
        );
        assert_eq!(
            rate_limit_wait(429, &h, "", 2, SystemTime::now()),
            Some(Duration::from_secs(240))
        );
    }

    #[test]
    fn a_plain_403_is_not_a_rate_limit() {
        let h = headers(&[("x-ratelimit-remaining", "4000".into())]);
        assert_eq!(
            rate_limit_wait(
                403,
                &h,
                "Resource not accessible by integration",
                0,
                SystemTime::now()
            ),
            None
        );
        assert_eq!(
            rate_limit_wait(404, &headers(&[]), "Not Found", 0, SystemTime::now()),
            None
        );
    }
}
