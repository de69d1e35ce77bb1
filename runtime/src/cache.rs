//! Conditional requests: a bounded in-memory cache of GET responses and their validators
//! (`ETag`, `Last-Modified`).
//!
//! A GET whose earlier answer is cached is sent with `If-None-Match` (and `If-Modified-Since`).
//! When the resource did not change, GitHub answers `304 Not Modified` with no body and does
//! not count the request against the rate limit; the client then decodes the cached body as if
//! it had come again. Entries are keyed by the credential the request carried and its URL, so
//! an answer given to one token is never handed to a request made with another. The least
//! recently used entries go first when the cache is over its bounds.

use std::sync::Mutex;

use bytes::Bytes;
use lru::LruCache;
use reqwest::header::{
    HeaderMap, HeaderValue, CONTENT_ENCODING, CONTENT_LENGTH, ETAG, IF_MODIFIED_SINCE,
    IF_NONE_MATCH, LAST_MODIFIED, TRANSFER_ENCODING,
};

use crate::request::Request;
use crate::response::RawResponse;

/// Bounds of the response cache: see [`ClientBuilder::response_cache_capacity`].
///
/// [`ClientBuilder::response_cache_capacity`]: super::client::ClientBuilder::response_cache_capacity
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) struct CacheLimits {
    /// At most this many responses.
    pub(crate) entries: usize,
    /// At most this many bytes of bodies and headers, all entries together.
    pub(crate) bytes: usize,
}

impl Default for CacheLimits {
    fn default() -> Self {
        Self {
            entries: 1024,
            bytes: 16 * 1024 * 1024,
        }
    }
}

/// What identifies a cached response: the `Authorization` value the request carried (`None`
/// when it carried none) and everything else that shapes the answer: its URL and its own
/// headers. The client's other headers (`Accept`, the API version) are the same for every
/// request of one client, and each client has its own cache.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub(crate) struct CacheKey {
    credential: Option<HeaderValue>,
    url: String,
    headers: Vec<(&'static str, String)>,
}

impl CacheKey {
    pub(crate) fn new(credential: Option<&HeaderValue>, url: &str, request: &Request) -> Self {
        Self {
            credential: credential.cloned(),
            url: url.to_owned(),
            headers: request.headers.clone(),
        }
    }
}

/// A cached `200` and its validators.
#[derive(Debug, Clone)]
pub(crate) struct Cached {
    etag: Option<HeaderValue>,
    last_modified: Option<HeaderValue>,
    status: u16,
    headers: HeaderMap,
    body: Bytes,
}

impl Cached {
    /// The memory an entry holds, roughly: its body and its headers.
    fn size(&self) -> usize {
        let headers: usize = self
            .headers
            .iter()
            .map(|(name, value)| name.as_str().len() + value.len())
            .sum();
        self.body.len() + headers
    }

    /// Adds the validators to `request`, so that the server may answer `304`.
    pub(crate) fn make_conditional(&self, request: &mut Request) {
        if let Some(etag) = self.etag.as_ref().and_then(|v| v.to_str().ok()) {
            request
                .headers
                .push((IF_NONE_MATCH.as_str(), etag.to_owned()));
        }
        if let Some(date) = self.last_modified.as_ref().and_then(|v| v.to_str().ok()) {
            request
                .headers
                .push((IF_MODIFIED_SINCE.as_str(), date.to_owned()));
        }
    }

    /// The response to hand on after a `304`: the cached status and body, with the cached
    /// headers updated by those of the `304` (its rate limit, a new `ETag`), as RFC 9111
    /// §4.3.4 describes.
    pub(crate) fn revalidated(self, not_modified: RawResponse) -> RawResponse {
        let mut headers = self.headers;
        for name in not_modified.headers.keys() {
            if [CONTENT_LENGTH, CONTENT_ENCODING, TRANSFER_ENCODING].contains(name) {
                continue;
            }
            headers.remove(name);
            for value in not_modified.headers.get_all(name) {
                headers.append(name.clone(), value.clone());
            }
        }
        RawResponse {
            method: not_modified.method,
            url: not_modified.url,
            status: self.status,
            headers,
            body: self.body,
        }
    }
}

/// The cache shared by a client and its clones.
#[derive(Debug)]
pub(crate) struct ResponseCache {
    limits: CacheLimits,
    state: Mutex<State>,
}

#[derive(Debug)]
struct State {
    /// The entries, in the order they were used (`LruCache` bounds nothing here: both bounds,
    /// count and bytes, are kept by [`ResponseCache::store`]).
    entries: LruCache<CacheKey, Entry>,
    /// The sum of the entries' sizes.
    bytes: usize,
}

#[derive(Debug)]
struct Entry {
    cached: Cached,
    size: usize,
}

impl ResponseCache {
    pub(crate) fn new(limits: CacheLimits) -> Self {
        Self {
            limits,
            state: Mutex::new(State {
                entries: LruCache::unbounded(),
                bytes: 0,
            }),
        }
    }

    fn state(&self) -> std::sync::MutexGuard<'_, State> {
        // Every change leaves the state consistent; a panic elsewhere cannot corrupt it.
        self.state
            .lock()
            .unwrap_or_else(|poisoned| poisoned.into_inner())
    }

    /// The cached response for `key`, if any (marking it used).
    pub(crate) fn get(&self, key: &CacheKey) -> Option<Cached> {
        let mut state = self.state();
        state.entries.get(key).map(|entry| entry.cached.clone())
    }

    /// Keeps a `200` that carries a validator, evicting the least recently used entries to stay
    /// within bounds. Anything else, or an answer larger than the whole cache, is not kept (and
    /// an older answer for the same key is dropped).
    pub(crate) fn store(&self, key: CacheKey, response: &RawResponse) {
        let etag = response.headers.get(ETAG).cloned();
        let last_modified = response.headers.get(LAST_MODIFIED).cloned();
        let mut state = self.state();
        if let Some(old) = state.entries.pop(&key) {
            state.bytes -= old.size;
        }
        if response.status != 200 || (etag.is_none() && last_modified.is_none()) {
            return;
        }
        let cached = Cached {
            etag,
            last_modified,
            status: response.status,
            headers: response.headers.clone(),
            body: response.body.clone(),
        };
        let size = cached.size();
        if size > self.limits.bytes || self.limits.entries == 0 {
            return;
        }
        while state.entries.len() >= self.limits.entries || state.bytes + size > self.limits.bytes {
            let Some((_, evicted)) = state.entries.pop_lru() else {
                break;
            };
            state.bytes -= evicted.size;
        }
        state.bytes += size;
        state.entries.put(key, Entry { cached, size });
    }

    /// The cached URLs, least recently used first, and the size of all entries in bytes.
    #[cfg(test)]
    fn usage(&self) -> (Vec<String>, usize) {
        let state = self.state();
        let urls = state.entries.iter().rev().map(|(key, _)| key.url.clone());
        (urls.collect(), state.bytes)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn key(url: &str) -> CacheKey {
        let request = Request::get_url(url.parse().unwrap());
        CacheKey::new(None, url, &request)
    }

    fn ok(body: &'static str, etag: Option<&'static str>) -> RawResponse {
        let mut headers = HeaderMap::new();
        if let Some(etag) = etag {
            headers.insert(ETAG, HeaderValue::from_static(etag));
        }
        RawResponse {
            method: "GET".into(),
            url: "https://x.test/".into(),
            status: 200,
            headers,
            body: Bytes::from_static(body.as_bytes()),
        }
    }

    #[test]
    fn keeps_the_most_recently_used_within_the_entry_bound() {
        let cache = ResponseCache::new(CacheLimits {
            entries: 2,
            bytes: 1 << 20,
        });
        cache.store(key("https://x.test/1"), &ok("one", Some("\"1\"")));
        cache.store(key("https://x.test/2"), &ok("two", Some("\"2\"")));
        assert!(cache.get(&key("https://x.test/1")).is_some());
        cache.store(key("https://x.test/3"), &ok("three", Some("\"3\"")));
        assert!(
            cache.get(&key("https://x.test/2")).is_none(),
            "least recently used"
        );
        assert!(cache.get(&key("https://x.test/1")).is_some());
        assert!(cache.get(&key("https://x.test/3")).is_some());
        assert_eq!(cache.usage().0.len(), 2);
    }

    /// Entries leave in the order of their last use, a `get` and a `store` both counting as
    /// one, whichever bound (entries or bytes) is reached.
    #[test]
    fn evicts_in_the_order_of_last_use() {
        let url = |i: u32| format!("https://x.test/{i}");
        let cache = ResponseCache::new(CacheLimits {
            entries: 3,
            bytes: 1 << 20,
        });
        for i in 1..=3 {
            cache.store(key(&url(i)), &ok("body", Some("\"e\"")));
        }
        assert!(cache.get(&key(&url(1))).is_some());
        assert_eq!(cache.usage().0, [url(2), url(3), url(1)]);
        cache.store(key(&url(4)), &ok("body", Some("\"e\"")));
        assert_eq!(cache.usage().0, [url(3), url(1), url(4)]);
        // Storing an answer again for a cached URL uses it too.
        cache.store(key(&url(3)), &ok("body", Some("\"f\"")));
        assert_eq!(cache.usage().0, [url(1), url(4), url(3)]);
        // A large entry evicts as many of the least recently used as it needs, in order.
        let (_, bytes) = cache.usage();
        let cache = ResponseCache::new(CacheLimits {
            entries: 100,
            bytes,
        });
        for i in [1, 4, 3] {
            cache.store(key(&url(i)), &ok("body", Some("\"e\"")));
        }
        assert!(cache.get(&key(&url(1))).is_some());
        cache.store(key(&url(5)), &ok("a longer body", Some("\"e\"")));
        assert_eq!(cache.usage().0, [url(1), url(5)]);
    }

    #[test]
    fn stays_within_the_byte_bound() {
        let cache = ResponseCache::new(CacheLimits {
            entries: 100,
            bytes: 30,
        });
        // Each entry: its body plus "etag" and the value, 4 + 3 bytes.
        for i in 0..10 {
            cache.store(
                key(&format!("https://x.test/{i}")),
                &ok("0123456789", Some("\"e\"")),
            );
            assert!(cache.usage().1 <= 30);
        }
        assert_eq!(cache.usage(), (vec!["https://x.test/9".to_owned()], 17));
        let huge = ok("this body is larger than the whole cache", Some("\"h\""));
        cache.store(key("https://x.test/huge"), &huge);
        assert!(cache.get(&key("https://x.test/huge")).is_none());
    }

    #[test]
    fn answers_without_a_validator_are_not_kept_and_replace_older_ones() {
        let cache = ResponseCache::new(CacheLimits::default());
        cache.store(key("https://x.test/"), &ok("old", Some("\"1\"")));
        cache.store(key("https://x.test/"), &ok("new", None));
        assert!(cache.get(&key("https://x.test/")).is_none());
        assert_eq!(cache.usage(), (Vec::new(), 0));
    }

    #[test]
    fn a_304_updates_the_cached_headers() {
        let cache = ResponseCache::new(CacheLimits::default());
        let mut first = ok("body", Some("\"1\""));
        first
            .headers
            .insert("x-ratelimit-remaining", HeaderValue::from_static("10"));
        cache.store(key("https://x.test/"), &first);
        let cached = cache.get(&key("https://x.test/")).unwrap();
        let mut request = Request::get_url("https://x.test/".parse().unwrap());
        cached.make_conditional(&mut request);
        assert_eq!(request.headers, [("if-none-match", "\"1\"".to_owned())]);
        let mut not_modified = ok("", Some("\"1\""));
        not_modified.status = 304;
        not_modified
            .headers
            .insert("x-ratelimit-remaining", HeaderValue::from_static("10"));
        not_modified
            .headers
            .insert(CONTENT_LENGTH, HeaderValue::from_static("0"));
        let response = cached.revalidated(not_modified);
        assert_eq!(response.status, 200);
        assert_eq!(&response.body[..], b"body");
        assert_eq!(response.headers["x-ratelimit-remaining"], "10");
        assert!(response.headers.get(CONTENT_LENGTH).is_none());
    }
}
