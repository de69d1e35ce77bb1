//! GitHub's rate-limit headers, and what a client (and its clones) learned from them.

use std::time::{Duration, SystemTime};

use chrono::{DateTime, Utc};
use reqwest::header::HeaderMap;

use crate::response::header;

/// The rate limit GitHub reported on a response (`x-ratelimit-*` headers).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RateLimit {
    /// Requests allowed per window.
    pub limit: u64,
    /// Requests left in this window.
    pub remaining: u64,
    /// Requests used in this window.
    pub used: u64,
    /// When the window resets.
    pub reset: DateTime<Utc>,
    /// Which limit this is (`core`, `search`, …).
    pub resource: String,
    /// When the client read these headers.
    pub read_at: SystemTime,
}

impl RateLimit {
    /// Reads the headers, received at `read_at`; `None` when GitHub did not send them (or
    /// sent nonsense).
    pub(crate) fn from_headers(headers: &HeaderMap, read_at: SystemTime) -> Option<Self> {
        let number = |name: &str| header(headers, name)?.trim().parse::<u64>().ok();
        let reset = DateTime::from_timestamp(i64::try_from(number("x-ratelimit-reset")?).ok()?, 0)?;
        Some(Self {
            limit: number("x-ratelimit-limit")?,
            remaining: number("x-ratelimit-remaining")?,
            used: number("x-ratelimit-used").unwrap_or_default(),
            reset,
            resource: header(headers, "x-ratelimit-resource")
                .unwrap_or("core")
                .to_owned(),
            read_at,
        })
    }

    /// How long until the window resets, from `now`.
    pub(crate) fn until_reset(&self, now: SystemTime) -> Duration {
        let reset = SystemTime::from(self.reset);
        reset.duration_since(now).unwrap_or_default()
    }
}

/// What all clones of a client know about rate limits.
#[derive(Debug, Default)]
pub(crate) struct RateLimitState {
    /// The last rate limit GitHub reported, unless a later success showed it used up no
    /// longer (see [`RateLimitState::learn`]).
    pub(crate) last: Option<RateLimit>,
    /// No request should be sent before this time (a secondary limit asked us to wait).
    pub(crate) blocked_until: Option<SystemTime>,
}

impl RateLimitState {
    /// Records what a response with `status`, received at `now`, says about the rate limit:
    /// its headers, when it has them. A success without them (a proxy's, or a test server's)
    /// proves a limit reported as used up is not used up any more: that report is dropped, so
    /// that neither [`Core::rate_limit`](crate::Core::rate_limit) nor the next request
    /// goes on believing it.
    pub(crate) fn learn(&mut self, status: u16, headers: &HeaderMap, now: SystemTime) {
        if let Some(limit) = RateLimit::from_headers(headers, now) {
            self.last = Some(limit);
        } else if status < 400 && self.last.as_ref().is_some_and(|last| last.remaining == 0) {
            self.last = None;
        }
    }

    /// Until when requests must wait before they may be sent, and why; `None` when they may go.
    pub(crate) fn hold_until(&self, now: SystemTime) -> Option<(SystemTime, &'static str)> {
        let blocked = match self.blocked_until {
            Some(until) if until > now => Some((
                until,
                "GitHub asked the client to slow down (secondary rate limit)",
            )),
            _ => None,
        };
        let exhausted = match &self.last {
            Some(limit) if limit.remaining == 0 => {
                let reset = SystemTime::from(limit.reset);
                (reset > now)
                    .then_some((reset, "the primary rate limit is used up until it resets"))
            }
            _ => None,
        };
        match (blocked, exhausted) {
            (Some(a), Some(b)) => Some(if a.0 >= b.0 { a } else { b }),
            (a, b) => a.or(b),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn headers(pairs: &[(&'static str, &str)]) -> HeaderMap {
        let mut map = HeaderMap::new();
        for (name, value) in pairs {
            map.insert(*name, value.parse().unwrap());
        }
        map
    }

    #[test]
    fn parses_github_headers() {
        let limit = RateLimit::from_headers(
            &headers(&[
                ("x-ratelimit-limit", "5000"),
                ("x-ratelimit-remaining", "4999"),
                ("x-ratelimit-used", "1"),
                ("x-ratelimit-reset", "1700000000"),
                ("x-ratelimit-resource", "core"),
            ]),
            SystemTime::UNIX_EPOCH,
        )
        .unwrap();
        assert_eq!((limit.limit, limit.remaining, limit.used), (5000, 4999, 1));
        assert_eq!(limit.reset.timestamp(), 1_700_000_000);
        assert_eq!(limit.resource, "core");
        assert_eq!(limit.read_at, SystemTime::UNIX_EPOCH);
    }

    #[test]
    fn a_success_without_headers_drops_a_used_up_limit() {
        let now = SystemTime::now();
        let used_up = headers(&[
            ("x-ratelimit-limit", "60"),
            ("x-ratelimit-remaining", "0"),
            ("x-ratelimit-reset", "4000000000"),
        ]);
        let mut state = RateLimitState::default();
        state.learn(429, &used_up, now);
        assert_eq!(state.last.as_ref().unwrap().remaining, 0);
        // An error without headers says nothing new.
        state.learn(500, &HeaderMap::new(), now);
        assert_eq!(state.last.as_ref().unwrap().remaining, 0);
        assert!(state.hold_until(now).is_some());
        state.learn(200, &HeaderMap::new(), now);
        assert_eq!(state.last, None);
        assert_eq!(state.hold_until(now), None);
        // A limit with requests left stays what GitHub last said.
        let left = headers(&[
            ("x-ratelimit-limit", "60"),
            ("x-ratelimit-remaining", "7"),
            ("x-ratelimit-reset", "4000000000"),
        ]);
        state.learn(200, &left, now);
        state.learn(200, &HeaderMap::new(), now);
        assert_eq!(state.last.as_ref().unwrap().remaining, 7);
    }

    #[test]
    fn missing_or_garbled_headers_are_none() {
        assert_eq!(
            RateLimit::from_headers(&headers(&[]), SystemTime::now()),
            None
        );
        assert_eq!(
            RateLimit::from_headers(
                &headers(&[
                    ("x-ratelimit-limit", "lots"),
                    ("x-ratelimit-remaining", "1"),
                    ("x-ratelimit-reset", "1700000000"),
                ]),
                SystemTime::now()
            ),
            None
        );
    }

    #[test]
    fn an_exhausted_limit_holds_requests_until_reset() {
        let now = SystemTime::UNIX_EPOCH + Duration::from_secs(1_700_000_000);
        let mut state = RateLimitState::default();
        assert_eq!(state.hold_until(now), None);
        state.last = Some(RateLimit {
            limit: 60,
            remaining: 0,
            used: 60,
            reset: DateTime::from_timestamp(1_700_000_030, 0).unwrap(),
            resource: "core".into(),
            read_at: now,
        });
        assert_eq!(
            state.hold_until(now).unwrap().0,
            now + Duration::from_secs(30)
        );
        state.blocked_until = Some(now + Duration::from_secs(90));
        assert_eq!(
            state.hold_until(now).unwrap().0,
            now + Duration::from_secs(90)
        );
    }
}
