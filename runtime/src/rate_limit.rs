//! GitHub's rate-limit headers, and what a client (and its clones) learned from them.

use std::collections::BTreeMap;
use std::time::{Duration, SystemTime};

use chrono::{DateTime, Utc};
use reqwest::header::HeaderMap;

use crate::response::header;

/// The rate limit GitHub reported on a response (`x-ratelimit-*` headers).
#[derive(Debug, Clone, PartialEq, Eq)]
#[non_exhaustive]
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

/// The rate-limit resource a request counts against, known before it is sent: the one its
/// operation names in the spec (`explicit`: the runner registration and removal tokens count
/// against `actions_runner_registration`), else by its path under the API root: `/search/code`
/// is `code_search`, any other `/search/…` `search`, `/graphql` `graphql`; everything else
/// `core`.
pub(crate) fn resource_of(
    explicit: Option<&'static str>,
    url: &url::Url,
    base: &url::Url,
) -> &'static str {
    if let Some(resource) = explicit {
        return resource;
    }
    let root = base.path().trim_end_matches('/');
    let path = url.path().strip_prefix(root).unwrap_or(url.path());
    if path == "/search/code" {
        "code_search"
    } else if path.starts_with("/search/") {
        "search"
    } else if path == "/graphql" || path.starts_with("/graphql/") {
        "graphql"
    } else {
        "core"
    }
}

/// What all clones of a client know about rate limits: each resource's own limit, and the
/// pause a secondary limit asked for (which holds every request of the token back).
#[derive(Debug, Default)]
pub(crate) struct RateLimitState {
    /// The last rate limit GitHub reported for each resource (`core`, `search`, …), unless a
    /// later success showed it used up no longer (see [`RateLimitState::learn`]).
    pub(crate) limits: BTreeMap<String, RateLimit>,
    /// No request should be sent before this time (a secondary limit asked us to wait).
    pub(crate) blocked_until: Option<SystemTime>,
}

impl RateLimitState {
    /// Records what a response with `status` to a request counted against `resource`,
    /// received at `now`, says about the rate limit: its headers, when it has them, update the
    /// resource they name (`x-ratelimit-resource`, else `resource`) and no other. A success
    /// without them (a proxy's, or a test server's) proves the request's own resource is not
    /// used up any more: a report saying so is dropped, so that neither
    /// [`Client::rate_limit`](crate::Core::rate_limit) nor the next request goes on
    /// believing it.
    pub(crate) fn learn(
        &mut self,
        resource: &str,
        status: u16,
        headers: &HeaderMap,
        now: SystemTime,
    ) {
        if let Some(mut limit) = RateLimit::from_headers(headers, now) {
            if header(headers, "x-ratelimit-resource").is_none() {
                resource.clone_into(&mut limit.resource);
            }
            self.limits.insert(limit.resource.clone(), limit);
        } else if status < 400
            && self
                .limits
                .get(resource)
                .is_some_and(|last| last.remaining == 0)
        {
            self.limits.remove(resource);
        }
    }

    /// The limit last reported for `resource`.
    pub(crate) fn get(&self, resource: &str) -> Option<&RateLimit> {
        self.limits.get(resource)
    }

    /// Until when a request counted against `resource` must wait before it may be sent, and
    /// why; `None` when it may go. A secondary limit holds every request back; a used-up
    /// primary limit only those of its own resource.
    pub(crate) fn hold_until(
        &self,
        resource: &str,
        now: SystemTime,
    ) -> Option<(SystemTime, &'static str)> {
        let blocked = match self.blocked_until {
            Some(until) if until > now => Some((
                until,
                "GitHub asked the client to slow down (secondary rate limit)",
            )),
            _ => None,
        };
        let exhausted = match self.limits.get(resource) {
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
        state.learn("core", 429, &used_up, now);
        assert_eq!(state.get("core").unwrap().remaining, 0);
        // An error without headers says nothing new.
        state.learn("core", 500, &HeaderMap::new(), now);
        assert_eq!(state.get("core").unwrap().remaining, 0);
        assert!(state.hold_until("core", now).is_some());
        // Nor a success of another resource.
        state.learn("search", 200, &HeaderMap::new(), now);
        assert!(state.hold_until("core", now).is_some());
        state.learn("core", 200, &HeaderMap::new(), now);
        assert_eq!(state.get("core"), None);
        assert_eq!(state.hold_until("core", now), None);
        // A limit with requests left stays what GitHub last said.
        let left = headers(&[
            ("x-ratelimit-limit", "60"),
            ("x-ratelimit-remaining", "7"),
            ("x-ratelimit-reset", "4000000000"),
        ]);
        state.learn("core", 200, &left, now);
        state.learn("core", 200, &HeaderMap::new(), now);
        assert_eq!(state.get("core").unwrap().remaining, 7);
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
        assert_eq!(state.hold_until("core", now), None);
        let limit = RateLimit {
            limit: 60,
            remaining: 0,
            used: 60,
            reset: DateTime::from_timestamp(1_700_000_030, 0).unwrap(),
            resource: "core".into(),
            read_at: now,
        };
        state.limits.insert("core".into(), limit);
        assert_eq!(
            state.hold_until("core", now).unwrap().0,
            now + Duration::from_secs(30)
        );
        // Another resource's requests go.
        assert_eq!(state.hold_until("search", now), None);
        // A secondary limit holds back every resource.
        state.blocked_until = Some(now + Duration::from_secs(90));
        assert_eq!(
            state.hold_until("core", now).unwrap().0,
            now + Duration::from_secs(90)
        );
        assert_eq!(
            state.hold_until("search", now).unwrap().0,
            now + Duration::from_secs(90)
        );
    }

    #[test]
    fn each_response_updates_the_resource_it_names() {
        let now = SystemTime::now();
        let mut state = RateLimitState::default();
        let search = headers(&[
            ("x-ratelimit-limit", "30"),
            ("x-ratelimit-remaining", "0"),
            ("x-ratelimit-reset", "4000000000"),
            ("x-ratelimit-resource", "search"),
        ]);
        state.learn("search", 200, &search, now);
        let core = headers(&[
            ("x-ratelimit-limit", "5000"),
            ("x-ratelimit-remaining", "4999"),
            ("x-ratelimit-reset", "4000000000"),
        ]);
        // No `x-ratelimit-resource`: the request's own resource.
        state.learn("core", 200, &core, now);
        assert_eq!(state.get("search").unwrap().remaining, 0);
        assert_eq!(state.get("core").unwrap().remaining, 4999);
        assert!(state.hold_until("search", now).is_some());
        assert_eq!(state.hold_until("core", now), None);
    }

    #[test]
    fn requests_are_counted_against_their_resource() {
        let base = url::Url::parse("https://ghe.example.com/api/v3").unwrap();
        let at = |path: &str| base.join(&format!("/api/v3{path}")).unwrap();
        assert_eq!(
            resource_of(None, &at("/search/issues?q=x"), &base),
            "search"
        );
        assert_eq!(resource_of(None, &at("/search/code"), &base), "code_search");
        assert_eq!(resource_of(None, &at("/graphql"), &base), "graphql");
        assert_eq!(
            resource_of(None, &at("/repos/o/r/actions/runs"), &base),
            "core"
        );
        assert_eq!(resource_of(None, &at("/repos/o/search/x"), &base), "core");
        assert_eq!(
            resource_of(
                Some("actions_runner_registration"),
                &at("/orgs/o/actions/runners/registration-token"),
                &base
            ),
            "actions_runner_registration"
        );
    }
}
