//! Waiting for a workflow run or a job to finish: the polling loop people otherwise write by
//! hand, with conditional requests and a backoff that respects the rate limit.

use std::future::{Future, IntoFuture};
use std::pin::Pin;
use std::time::{Duration, Instant, SystemTime};

use super::client::Client;
use super::error::Error;
use super::rate_limit::RateLimit;
#[cfg(feature = "workflow-jobs")]
use crate::models::{Job, JobId, JobStatus};
#[cfg(feature = "workflow-runs")]
use crate::models::{RunId, WorkflowRun, WorkflowRunStatus};

/// How [`Client::wait_for_run`] and [`Client::wait_for_job`] poll.
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
/// [`Client::wait_for_run`] and [`Client::wait_for_job`]; set [`WaitOptions`] with
/// [`options`](Self::options) first.
#[must_use = "a wait does nothing unless you `.await` it"]
#[derive(Debug, Clone)]
pub struct Wait<T> {
    client: Client,
    owner: String,
    repo: String,
    id: i64,
    options: WaitOptions,
    kind: Kind<T>,
}

/// What is waited for: its name in messages, how to fetch it, when it is finished.
#[derive(Debug)]
struct Kind<T> {
    name: &'static str,
    fetch: fn(&Client, &str, &str, i64) -> super::sending::Sending<T>,
    finished: fn(&T) -> bool,
}

impl<T> Clone for Kind<T> {
    fn clone(&self) -> Self {
        *self
    }
}

impl<T> Copy for Kind<T> {}

impl<T> Wait<T> {
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
            owner,
            repo,
            id,
            options,
            kind,
        } = self;
        let started = Instant::now();
        // The time waited, as the sleeps asked for it: with a sleeper that does not really
        // sleep (tests), the timeout still counts.
        let mut slept = Duration::ZERO;
        let mut interval = options.poll_interval;
        loop {
            let asked = match (kind.fetch)(&client, &owner, &repo, id).await {
                Ok(value) if (kind.finished)(&value) => return Ok(value),
                Ok(_) => None,
                // GitHub asked to wait longer than the client's retry policy allows one request
                // to wait: the poll waits it out, within its own timeout.
                Err(Error::RateLimited(limited)) => Some(limited.wait),
                Err(error) => return Err(error),
            };
            let pace = client
                .rate_limit()
                .map(|limit| pacing(&limit, SystemTime::now()));
            let waited = started.elapsed().max(slept);
            let Some(PollStep {
                wait,
                next_interval,
            }) = next_poll(&options, interval, asked, pace, waited)
            else {
                return Err(Error::WaitTimedOut {
                    what: format!("{} {id} in {owner}/{repo}", kind.name),
                    waited,
                });
            };
            tracing::debug!(
                what = kind.name,
                id,
                wait_ms = wait.as_millis() as u64,
                "not finished yet; polling again"
            );
            client.sleep(wait).await;
            slept = slept.saturating_add(wait);
            interval = next_interval;
        }
    }
}

/// What to do after a poll that did not find the wait over.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) struct PollStep {
    /// How long to sleep before the next poll.
    pub(crate) wait: Duration,
    /// The interval after that one (the backoff applied).
    pub(crate) next_interval: Duration,
}

/// The wait before the next poll, after `waited` in all: the current `interval`, or longer
/// when GitHub `asked` for a longer wait (`retry-after`, a rate limit's reset) or the rate
/// limit's `pace` needs it; `None` when that wait would end past the timeout.
///
/// Every duration here can come from a server (`retry-after: 18446744073709551615`) or from
/// the caller's options (`Duration::MAX`), so every sum saturates and the backoff's product is
/// capped: nothing here can panic.
pub(crate) fn next_poll(
    options: &WaitOptions,
    interval: Duration,
    asked: Option<Duration>,
    pace: Option<Duration>,
    waited: Duration,
) -> Option<PollStep> {
    let wait = interval
        .max(asked.unwrap_or_default())
        .max(pace.unwrap_or_default());
    if waited.saturating_add(wait) > options.timeout {
        return None;
    }
    // `mul_f64` panics when the product overflows a `Duration`; the backoff is finite and at
    // least 1 (see `WaitOptions::backoff`), so an overflow is the only failure.
    let grown = Duration::try_from_secs_f64(interval.as_secs_f64() * options.backoff)
        .unwrap_or(Duration::MAX);
    Some(PollStep {
        wait,
        next_interval: grown.min(options.max_interval).max(options.poll_interval),
    })
}

/// The shortest wait between polls that keeps requests within the rate limit: the time until
/// it resets, shared out over the requests left.
pub(crate) fn pacing(limit: &RateLimit, now: SystemTime) -> Duration {
    let until_reset = limit.until_reset(now);
    until_reset.div_f64(limit.remaining.max(1) as f64)
}

impl Client {
    /// Waits for a workflow run to finish (`status` `completed`) and returns it, polling
    /// [`get_workflow_run`](Client::get_workflow_run) as [`WaitOptions`] says; fails with
    /// [`Error::WaitTimedOut`] when it takes longer than their timeout.
    ///
    /// ```no_run
    /// # async fn run(client: github_actions_client::Client) -> Result<(), github_actions_client::Error> {
    /// use std::time::Duration;
    /// use github_actions_client::WaitOptions;
    ///
    /// let run = client
    ///     .wait_for_run("octo-org", "octo-repo", 30433642)
    ///     .options(WaitOptions::default().timeout(Duration::from_secs(30 * 60)))
    ///     .await?;
    /// println!("{:?}", run.conclusion);
    /// # Ok(())
    /// # }
    /// ```
    #[cfg(feature = "workflow-runs")]
    pub fn wait_for_run(
        &self,
        owner: impl Into<String>,
        repo: impl Into<String>,
        run_id: impl Into<RunId>,
    ) -> Wait<WorkflowRun> {
        Wait {
            client: self.clone(),
            owner: owner.into(),
            repo: repo.into(),
            id: run_id.into().0,
            options: WaitOptions::default(),
            kind: Kind {
                name: "workflow run",
                fetch: |client, owner, repo, id| client.get_workflow_run(owner, repo, id).send(),
                finished: |run| matches!(run.status, Some(WorkflowRunStatus::Completed)),
            },
        }
    }

    /// Waits for a job to finish (`status` `completed`) and returns it, polling
    /// [`get_job_for_workflow_run`](Client::get_job_for_workflow_run) as [`WaitOptions`]
    /// says; fails with [`Error::WaitTimedOut`] when it takes longer than their timeout.
    #[cfg(feature = "workflow-jobs")]
    pub fn wait_for_job(
        &self,
        owner: impl Into<String>,
        repo: impl Into<String>,
        job_id: impl Into<JobId>,
    ) -> Wait<Job> {
        Wait {
            client: self.clone(),
            owner: owner.into(),
            repo: repo.into(),
            id: job_id.into().0,
            options: WaitOptions::default(),
            kind: Kind {
                name: "job",
                fetch: |client, owner, repo, id| {
                    client.get_job_for_workflow_run(owner, repo, id).send()
                },
                finished: |job| matches!(job.status, JobStatus::Completed),
            },
        }
    }
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

    /// Durations from a server (`retry-after: 18446744073709551615`) or from the caller
    /// (`Duration::MAX`) saturate: "overflow when adding durations" was a panic.
    #[test]
    fn the_next_poll_never_overflows() {
        let huge = WaitOptions::default()
            .poll_interval(Duration::MAX)
            .max_interval(Duration::MAX)
            .backoff(f64::MAX)
            .timeout(Duration::MAX);
        let step = next_poll(
            &huge,
            Duration::MAX,
            Some(Duration::MAX),
            Some(Duration::MAX),
            Duration::MAX,
        )
        .unwrap();
        assert_eq!(step.wait, Duration::MAX);
        assert_eq!(step.next_interval, Duration::MAX);
        let hour = WaitOptions::default().timeout(Duration::from_secs(3600));
        let asked = Some(Duration::from_secs(u64::MAX));
        let waited = Duration::from_secs(2);
        assert_eq!(
            next_poll(&hour, Duration::from_secs(5), asked, None, waited),
            None
        );
        let step = next_poll(&hour, Duration::from_secs(5), None, None, waited).unwrap();
        assert_eq!(step.wait, Duration::from_secs(5));
        assert_eq!(step.next_interval, Duration::from_millis(7500));
    }

    #[test]
    fn the_backoff_factor_is_at_least_one() {
        assert_eq!(WaitOptions::default().backoff(0.5).backoff, 1.0);
        assert_eq!(WaitOptions::default().backoff(f64::NAN).backoff, 1.0);
        assert_eq!(WaitOptions::default().backoff(2.0).backoff, 2.0);
    }
}
