//! Waiting for a workflow run or a job to finish: the polling loop people otherwise write by
//! hand, with conditional requests and a backoff that respects the rate limit.

use std::fmt;
use std::future::{Future, IntoFuture};
use std::pin::Pin;
use std::sync::Arc;
use std::time::{Duration, Instant, SystemTime};

use crate::client::Core;
use crate::error::Error;
use crate::rate_limit::RateLimit;
use crate::sending::Sending;

/// How a [`Wait`] (`Client::wait_for_run`, `Client::wait_for_job`) polls.
///
/// The first poll goes out at once; after each answer that is not finished yet, the wait before
/// the next grows from `poll_interval` by the `backoff` factor up to `max_interval`. A wait is
/// never shorter than the rate limit allows (the requests left, spread over the time until the
/// limit resets), nor than a `retry-after` GitHub asked for. Each poll is a conditional
/// request (unless [switched off](crate::ClientBuilder::conditional_requests)): while the
/// resource is unchanged, GitHub answers `304 Not Modified`, which costs no rate limit.
#[derive(Debug, Clone, PartialEq)]
pub struct WaitOptions {
    poll_interval: Duration,
    max_interval: Duration,
    backoff: f64,
    timeout: Duration,
}

impl Default for WaitOptions {
    /// Polls after 5 s, then up to every 60 s (backoff ×1.5), for up to 6 hours (the longest
    /// a job may run on a GitHub-hosted runner).
    fn default() -> Self {
        Self {
            poll_interval: Duration::from_secs(5),
            max_interval: Duration::from_secs(60),
            backoff: 1.5,
            timeout: Duration::from_secs(6 * 60 * 60),
        }
    }
}

impl WaitOptions {
    /// The wait after the first poll (default 5 s).
    pub fn poll_interval(mut self, interval: Duration) -> Self {
        self.poll_interval = interval;
        self
    }

    /// The longest wait between two polls that the backoff reaches (default 60 s).
    pub fn max_interval(mut self, interval: Duration) -> Self {
        self.max_interval = interval;
        self
    }

    /// How much longer each wait is than the one before (default 1.5; 1.0 polls at a steady
    /// interval). Values below 1 count as 1.
    pub fn backoff(mut self, factor: f64) -> Self {
        self.backoff = if factor.is_finite() {
            factor.max(1.0)
        } else {
            1.0
        };
        self
    }

    /// How long to wait in all before giving up with [`Error::WaitTimedOut`] (default 6 h).
    pub fn timeout(mut self, timeout: Duration) -> Self {
        self.timeout = timeout;
        self
    }
}

/// A wait for a run or a job: `.await` it for the finished run or job. Returned by
/// `Client::wait_for_run` and `Client::wait_for_job`; set [`WaitOptions`] with
/// [`options`](Self::options) first.
#[must_use = "a wait does nothing unless you `.await` it"]
pub struct Wait<T> {
    client: Core,
    /// What is waited for, for messages: `workflow run 42 in octo-org/octo-repo`.
    what: String,
    options: WaitOptions,
    /// One poll: the request that fetches the run or job.
    poll: Arc<dyn Fn() -> Sending<T> + Send + Sync>,
    /// Whether what a poll returned is finished.
    finished: fn(&T) -> bool,
}

impl<T> Clone for Wait<T> {
    fn clone(&self) -> Self {
        Self {
            client: self.client.clone(),
            what: self.what.clone(),
            options: self.options.clone(),
            poll: Arc::clone(&self.poll),
            finished: self.finished,
        }
    }
}

impl<T> fmt::Debug for Wait<T> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Wait")
            .field("what", &self.what)
            .field("options", &self.options)
            .finish_non_exhaustive()
    }
}

impl<T> Wait<T> {
    /// A wait that polls with `poll` until `finished` says so; `what` names it in messages
    /// (`workflow run 42 in octo-org/octo-repo`). The generated `wait_for_…` methods build
    /// theirs with it.
    pub fn new(
        client: Core,
        what: String,
        poll: impl Fn() -> Sending<T> + Send + Sync + 'static,
        finished: fn(&T) -> bool,
    ) -> Self {
        Self {
            client,
            what,
            options: WaitOptions::default(),
            poll: Arc::new(poll),
            finished,
        }
    }

    /// How to poll (see [`WaitOptions`]).
    pub fn options(mut self, options: WaitOptions) -> Self {
        self.options = options;
        self
    }
}

impl<T: Send + 'static> IntoFuture for Wait<T> {
    type Output = Result<T, Error>;
    type IntoFuture = Pin<Box<dyn Future<Output = Result<T, Error>> + Send>>;

    fn into_future(self) -> Self::IntoFuture {
        Box::pin(self.run())
    }
}

impl<T: Send + 'static> Wait<T> {
    async fn run(self) -> Result<T, Error> {
        let Self {
            client,
            what,
            options,
            poll,
            finished,
        } = self;
        let started = Instant::now();
        // The time waited, as the sleeps asked for it: with a sleeper that does not really
        // sleep (tests), the timeout still counts.
        let mut slept = Duration::ZERO;
        let mut interval = options.poll_interval;
        loop {
            let mut wait = interval;
            match poll().await {
                Ok(value) if finished(&value) => return Ok(value),
                Ok(_) => {}
                // GitHub asked to wait longer than the client's retry policy allows one request
                // to wait: the poll waits it out, within its own timeout.
                Err(Error::RateLimited(limited)) => wait = wait.max(limited.wait),
                Err(error) => return Err(error),
            }
            if let Some(limit) = client.rate_limit() {
                wait = wait.max(pacing(&limit, SystemTime::now()));
            }
            let waited = started.elapsed().max(slept);
            if waited + wait > options.timeout {
                return Err(Error::WaitTimedOut { what, waited });
            }
            tracing::debug!(
                what,
                wait_ms = wait.as_millis() as u64,
                "not finished yet; polling again"
            );
            client.sleep(wait).await;
            slept += wait;
            interval = interval
                .mul_f64(options.backoff)
                .min(options.max_interval)
                .max(options.poll_interval);
        }
    }
}

/// The shortest wait between polls that keeps requests within the rate limit: the time until
/// it resets, shared out over the requests left.
fn pacing(limit: &RateLimit, now: SystemTime) -> Duration {
    let until_reset = limit.until_reset(now);
    until_reset.div_f64(limit.remaining.max(1) as f64)
}

#[cfg(test)]
mod tests {
    use super::*;
    use chrono::DateTime;

    #[test]
    fn pacing_spreads_the_requests_left_until_the_reset() {
        let now = SystemTime::UNIX_EPOCH + Duration::from_secs(1_700_000_000);
        let mut limit = RateLimit {
            limit: 5000,
            remaining: 4000,
            used: 1000,
            reset: DateTime::from_timestamp(1_700_003_600, 0).unwrap(),
            resource: "core".into(),
            read_at: now,
        };
        assert_eq!(pacing(&limit, now), Duration::from_millis(900));
        limit.remaining = 10;
        assert_eq!(pacing(&limit, now), Duration::from_secs(360));
        limit.remaining = 0;
        assert_eq!(pacing(&limit, now), Duration::from_secs(3600));
    }

    #[test]
    fn the_backoff_factor_is_at_least_one() {
        assert_eq!(WaitOptions::default().backoff(0.5).backoff, 1.0);
        assert_eq!(WaitOptions::default().backoff(f64::NAN).backoff, 1.0);
        assert_eq!(WaitOptions::default().backoff(2.0).backoff, 2.0);
    }
}
