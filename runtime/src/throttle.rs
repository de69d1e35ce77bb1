//! Throttling as GitHub asks integrators to pace themselves, before GitHub has to say so: a cap
//! on the requests in flight, and mutating requests one at a time, spaced, within a budget per
//! minute. What GitHub said (a secondary limit's pause, a used-up primary limit) is in
//! [`rate_limit`](super::rate_limit); both are checked before each request is sent.
//!
//! GitHub documents the secondary limits in "Rate limits for the REST API": no more than 100
//! concurrent requests, 900 points a minute per endpoint (a GET is 1 point, other methods 5),
//! 80 content-creating requests a minute and 500 an hour; and it advises making mutating
//! requests serially, at least a second apart. `@octokit/plugin-throttling` paces octokit.js the
//! same way (a global group of 10 in flight, a write group one at a time 1 s apart).

use std::collections::VecDeque;
use std::sync::Arc;
use std::time::Duration;

use reqwest::Method;
use tokio::sync::{Mutex, OwnedMutexGuard, OwnedSemaphorePermit, Semaphore};
use tokio::time::Instant;

use crate::client::Sleeper;
use crate::error::Error;

/// GitHub's limit on concurrent requests; [`ThrottlePolicy::max_in_flight`] stays below it.
const GITHUB_MAX_CONCURRENT: usize = 100;

/// How a client paces its requests so that GitHub's secondary rate limits are not hit. On by
/// default; one limiter per client, shared by its clones (build one client per token and clone
/// it, so that everything sent with the token is paced together).
///
/// - At most [`max_in_flight`](Self::max_in_flight) requests to the API at once (default 10,
///   at most 100); the others wait for a free slot, in order. One of the slots is kept for
///   the mutating request in flight, so that a write never queues behind a fan-out of reads.
/// - Mutating requests (`POST`, `PATCH`, `PUT`, `DELETE`) go one at a time, each at least
///   [`write_interval`](Self::write_interval) after the one before (default 1 s), and at most
///   80 in any minute ([`write_budget`](Self::write_budget)).
/// - A request that would wait longer than [`max_wait`](Self::max_wait) for its turn (default
///   5 minutes) is not sent: it fails with [`Error::Throttled`], which says why, rather than
///   hanging a service.
///
/// Every wait is a `tracing` event (`debug` level) with its length and reason. Downloads from
/// the storage hosts GitHub redirects to are not paced: they are not API requests.
///
/// Independently of this policy, even [`disabled`](Self::disabled), the client never sends a
/// request into a block GitHub announced: after a secondary rate limit, every request of the
/// client and its clones waits until GitHub's `retry-after` (or a minute, the documented
/// minimum, when it gave none), and a request whose primary limit (its resource: `core`,
/// `search`, …) is used up waits for the reset; see
/// [`RetryPolicy`](crate::RetryPolicy) for how long it may wait.
///
/// ```
/// use std::time::Duration;
/// use github_actions_client::{Client, ThrottlePolicy};
///
/// let client = Client::builder()
///     .token("ghp_…")
///     .throttle_policy(
///         ThrottlePolicy::default()
///             .max_in_flight(20)
///             .max_wait(Duration::from_secs(60)),
///     )
///     .build()?;
/// # Ok::<(), github_actions_client::Error>(())
/// ```
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ThrottlePolicy {
    enabled: bool,
    max_in_flight: usize,
    write_interval: Duration,
    write_budget: usize,
    write_window: Duration,
    max_wait: Duration,
}

impl Default for ThrottlePolicy {
    /// 10 requests in flight; writes one at a time, 1 s apart, at most 80 a minute; a request
    /// waits at most 5 minutes for its turn.
    fn default() -> Self {
        Self {
            enabled: true,
            max_in_flight: 10,
            write_interval: Duration::from_secs(1),
            write_budget: 80,
            write_window: Duration::from_secs(60),
            max_wait: Duration::from_secs(5 * 60),
        }
    }
}

impl ThrottlePolicy {
    /// No pacing: requests go as soon as they are made, as many at once as the caller makes.
    /// GitHub's own answers are still obeyed (see the type's docs).
    pub fn disabled() -> Self {
        Self {
            enabled: false,
            ..Self::default()
        }
    }

    /// Whether requests are paced ([`disabled`](Self::disabled) is the only way to switch it
    /// off).
    pub fn is_enabled(&self) -> bool {
        self.enabled
    }

    /// The most requests to the API in flight at once, from sending to the end of the
    /// response's body (default 10). Taken between 1 and 100, GitHub's limit. With 2 or more,
    /// reads use all but one: the last is the mutating request's (writes go one at a time).
    pub fn max_in_flight(mut self, requests: usize) -> Self {
        self.max_in_flight = requests.clamp(1, GITHUB_MAX_CONCURRENT);
        self
    }

    /// The least time between the starts of two mutating requests (default 1 s, as GitHub
    /// advises). Mutating requests also go one at a time: the next starts after the one
    /// before has been answered.
    pub fn write_interval(mut self, interval: Duration) -> Self {
        self.write_interval = interval;
        self
    }

    /// At most `writes` mutating requests start within any `window` (default 80 a minute,
    /// GitHub's limit on content-creating requests). `writes` is at least 1.
    pub fn write_budget(mut self, writes: usize, window: Duration) -> Self {
        self.write_budget = writes.max(1);
        self.write_window = window;
        self
    }

    /// The longest a request waits for its turn (a free slot, the write before it, its write
    /// interval and budget) before it fails with [`Error::Throttled`] instead (default 5
    /// minutes). A turn known to come later than that fails at once.
    pub fn max_wait(mut self, wait: Duration) -> Self {
        self.max_wait = wait;
        self
    }
}

/// The limiter of a [`ThrottlePolicy`]: one per client, shared by its clones.
pub(crate) struct Throttle {
    policy: ThrottlePolicy,
    /// One permit per read that may be in flight: all slots but the write's, or the only one.
    slots: Arc<Semaphore>,
    /// Whether writes take a slot too: only when there is one slot in all, else they have
    /// their own (the write lane lets one in at a time).
    writes_take_slots: bool,
    /// Held by the mutating request in flight; remembers when the latest ones started.
    writes: Arc<Mutex<WriteLane>>,
}

impl std::fmt::Debug for Throttle {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Throttle")
            .field("policy", &self.policy)
            .finish_non_exhaustive()
    }
}

/// When the latest mutating requests started (at most a budget's worth), newest last.
#[derive(Debug, Default)]
struct WriteLane {
    starts: VecDeque<Instant>,
}

impl WriteLane {
    /// The earliest a mutating request may start, from `now`: a write interval after the
    /// latest start, and a window after the start a budget ago.
    fn next_start(&self, now: Instant, policy: &ThrottlePolicy) -> Instant {
        let mut at = now;
        if let Some(latest) = self.starts.back() {
            at = at.max(*latest + policy.write_interval);
        }
        if self.starts.len() >= policy.write_budget {
            let budget_ago = self.starts[self.starts.len() - policy.write_budget];
            at = at.max(budget_ago + policy.write_window);
        }
        at
    }

    fn record(&mut self, start: Instant, budget: usize) {
        self.starts.push_back(start);
        while self.starts.len() > budget {
            self.starts.pop_front();
        }
    }
}

/// What lets one request go: while it lives, the request counts as in flight (and, for a
/// mutating request, as the one write in flight). Kept with the response until its body has
/// been read; cheap to clone (the response's extensions want that).
#[derive(Clone, Default)]
pub(crate) struct Pass(#[allow(dead_code)] Option<Arc<Held>>);

/// The permits a [`Pass`] holds; released when dropped.
struct Held {
    _slot: Option<OwnedSemaphorePermit>,
    _write: Option<OwnedMutexGuard<WriteLane>>,
}

/// Whether GitHub counts a request as mutating: anything but a read.
fn is_write(method: &Method) -> bool {
    !matches!(*method, Method::GET | Method::HEAD | Method::OPTIONS)
}

impl Throttle {
    pub(crate) fn new(policy: ThrottlePolicy) -> Self {
        let writes_take_slots = policy.max_in_flight < 2;
        let reads = match writes_take_slots {
            true => policy.max_in_flight,
            false => policy.max_in_flight - 1,
        };
        Self {
            slots: Arc::new(Semaphore::new(reads)),
            writes_take_slots,
            writes: Arc::new(Mutex::new(WriteLane::default())),
            policy,
        }
    }

    /// Waits for the request's turn as the policy says, and returns the pass to hold while
    /// it is in flight; [`Error::Throttled`] when the turn would come later than
    /// `max_wait`. `what` names the request in events.
    pub(crate) async fn admit(
        &self,
        method: &Method,
        what: &str,
        sleeper: &Sleeper,
    ) -> Result<Pass, Error> {
        if !self.policy.enabled {
            return Ok(Pass::default());
        }
        let started = Instant::now();
        let mut write = match is_write(method) {
            true => Some(self.write_turn(started, method, what, sleeper).await?),
            false => None,
        };
        let takes_slot = write.is_none() || self.writes_take_slots;
        let slot = match takes_slot {
            true => self.slot(started, method, what).await?,
            false => None,
        };
        if let Some((lane, start)) = &mut write {
            // When it really starts: the next write's turn counts from here.
            lane.record(Instant::now().max(*start), self.policy.write_budget);
        }
        let write = write.map(|(lane, _)| lane);
        Ok(Pass(Some(Arc::new(Held {
            _slot: slot,
            _write: write,
        }))))
    }

    /// A slot among the requests in flight, waited for in order when all are taken.
    async fn slot(
        &self,
        started: Instant,
        method: &Method,
        what: &str,
    ) -> Result<Option<OwnedSemaphorePermit>, Error> {
        if let Ok(slot) = Arc::clone(&self.slots).try_acquire_owned() {
            return Ok(Some(slot));
        }
        let free = Arc::clone(&self.slots).acquire_owned();
        let slot = self
            .within(
                started,
                free,
                "a free slot: the most requests in flight (ThrottlePolicy::max_in_flight) were",
            )
            .await?;
        tracing::debug!(
            %method,
            what,
            waited_ms = started.elapsed().as_millis() as u64,
            max_in_flight = self.policy.max_in_flight,
            "throttle: waited for a free slot (requests in flight at the limit)"
        );
        // The semaphore is never closed: an error cannot happen, and would only let the
        // request go without a slot.
        Ok(slot.ok())
    }

    /// A mutating request's turn: the write before it answered, then its start time, a
    /// write interval after the one before and within the budget. Returns the lane, to hold
    /// while the request is in flight, and the start time it waited for (recorded by the
    /// caller when the request goes).
    async fn write_turn(
        &self,
        started: Instant,
        method: &Method,
        what: &str,
        sleeper: &Sleeper,
    ) -> Result<(OwnedMutexGuard<WriteLane>, Instant), Error> {
        let lane = match Arc::clone(&self.writes).try_lock_owned() {
            Ok(lane) => lane,
            Err(_) => {
                let lock = Arc::clone(&self.writes).lock_owned();
                let lane = self
                    .within(started, lock, "the mutating request before it (writes go one at a time) to be answered; it was still")
                    .await?;
                tracing::debug!(
                    %method,
                    what,
                    waited_ms = started.elapsed().as_millis() as u64,
                    "throttle: waited for the write before it (writes go one at a time)"
                );
                lane
            }
        };
        let now = Instant::now();
        let start = lane.next_start(now, &self.policy);
        let wait = start - now;
        let waited = now - started;
        if waited + wait > self.policy.max_wait {
            return Err(Error::Throttled {
                reason: format!(
                    "its write slot comes in {} ms (writes are spaced {} ms apart, at most {} per {} s)",
                    wait.as_millis(),
                    self.policy.write_interval.as_millis(),
                    self.policy.write_budget,
                    self.policy.write_window.as_secs_f64()
                ),
                waited: waited + wait,
                max_wait: self.policy.max_wait,
            });
        }
        // Later than the write interval alone asks: the budget is spent.
        let budget = lane
            .starts
            .back()
            .is_some_and(|latest| start > *latest + self.policy.write_interval && start > now);
        if !wait.is_zero() {
            tracing::debug!(
                %method,
                what,
                wait_ms = wait.as_millis() as u64,
                why = if budget { "the write budget per window is spent" } else { "writes are spaced by the write interval" },
                "throttle: holding a mutating request back"
            );
            sleeper(wait).await;
        }
        Ok((lane, start))
    }

    /// `future`, unless it takes longer than what is left of `max_wait` since `started`.
    async fn within<T>(
        &self,
        started: Instant,
        future: impl std::future::Future<Output = T>,
        waiting_for: &str,
    ) -> Result<T, Error> {
        let left = self.policy.max_wait.saturating_sub(started.elapsed());
        tokio::time::timeout(left, future)
            .await
            .map_err(|_| Error::Throttled {
                reason: format!("it waited for {waiting_for} busy"),
                waited: started.elapsed(),
                max_wait: self.policy.max_wait,
            })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn writes_are_spaced_and_budgeted() {
        let policy = ThrottlePolicy::default()
            .write_interval(Duration::from_secs(1))
            .write_budget(3, Duration::from_secs(10));
        let mut lane = WriteLane::default();
        let t0 = Instant::now();
        assert_eq!(lane.next_start(t0, &policy), t0);
        lane.record(t0, 3);
        assert_eq!(lane.next_start(t0, &policy), t0 + Duration::from_secs(1));
        lane.record(t0 + Duration::from_secs(1), 3);
        lane.record(t0 + Duration::from_secs(2), 3);
        // Three in the window: the fourth waits until the first is 10 s old.
        assert_eq!(
            lane.next_start(t0 + Duration::from_secs(3), &policy),
            t0 + Duration::from_secs(10)
        );
        lane.record(t0 + Duration::from_secs(10), 3);
        assert_eq!(lane.starts.len(), 3);
        assert_eq!(
            lane.next_start(t0 + Duration::from_secs(10), &policy),
            t0 + Duration::from_secs(11)
        );
    }

    #[test]
    fn the_cap_stays_within_githubs_limit() {
        assert_eq!(
            ThrottlePolicy::default().max_in_flight(500).max_in_flight,
            100
        );
        assert_eq!(ThrottlePolicy::default().max_in_flight(0).max_in_flight, 1);
        assert_eq!(
            ThrottlePolicy::default()
                .write_budget(0, Duration::ZERO)
                .write_budget,
            1
        );
        assert!(!ThrottlePolicy::disabled().is_enabled());
        assert!(ThrottlePolicy::default().is_enabled());
    }

    #[test]
    fn reads_are_not_writes() {
        assert!(!is_write(&Method::GET));
        assert!(!is_write(&Method::HEAD));
        for method in [Method::POST, Method::PUT, Method::PATCH, Method::DELETE] {
            assert!(is_write(&method));
        }
    }
}
