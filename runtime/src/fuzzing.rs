//! Entry points for the fuzz targets in `fuzz/` (`cargo +nightly fuzz`), which reach private
//! parts of the runtime through these thin wrappers. **Not for users**: compiled only under
//! `--cfg fuzzing` (which `cargo fuzz` passes), hidden from the docs, and free to change in
//! any release.

use reqwest::header::{HeaderMap, HeaderName, HeaderValue, LINK};

/// The `next` target of a `Link` header value, as pagination reads it on a page of
/// `https://api.github.com/repos/o/r/actions/runs?page=1` (relative targets resolve there).
pub fn next_link(value: &str) -> Option<String> {
    let mut headers = HeaderMap::new();
    headers.insert(LINK, HeaderValue::from_str(value).ok()?);
    let page = url::Url::parse("https://api.github.com/repos/o/r/actions/runs?page=1").ok()?;
    super::pagination::next_link(&headers, &page).map(String::from)
}

/// [`next_link`], and whether the walk would stop with an error instead (a `next` link it
/// cannot read): `Err` holds the reason.
pub fn next_page(value: &[u8]) -> Result<Option<String>, String> {
    let mut headers = HeaderMap::new();
    let Ok(value) = HeaderValue::from_bytes(value) else {
        return Ok(None);
    };
    headers.insert(LINK, value);
    let page = url::Url::parse("https://api.github.com/repos/o/r/actions/runs?page=1")
        .map_err(|error| error.to_string())?;
    super::pagination::next_page(&headers, &page)
        .map(|next| next.map(String::from))
        .map_err(|(_, reason)| reason)
}

/// A path parameter encoded as one path segment, as requests do; `None` for the values that
/// are refused before sending (empty, `.` and `..`).
pub fn path_segment(value: &str) -> Option<String> {
    super::request::path_segment("value", &value).ok()
}

/// What a wait for a run or job does after a poll GitHub answered with `status` and `headers`
/// (`retry-after`, `x-ratelimit-*`, `date`: any bytes), `attempt` rate-limit retries in, at
/// `now`, after `waited` in all: the wait GitHub asks for (as the client reads it), then the
/// wait's next step from the current `interval`, `(sleep, next interval)`, or `None` when it
/// would time out. Every number may be extreme; nothing may panic.
#[allow(clippy::too_many_arguments)]
pub fn wait_after(
    status: u16,
    headers: &[(&str, &[u8])],
    attempt: u32,
    now: std::time::SystemTime,
    waited: std::time::Duration,
    interval: std::time::Duration,
    options: super::wait::WaitOptions,
) -> (
    Option<std::time::Duration>,
    Option<(std::time::Duration, std::time::Duration)>,
) {
    let mut map = HeaderMap::new();
    for (name, value) in headers {
        if let (Ok(name), Ok(value)) = (
            HeaderName::from_bytes(name.as_bytes()),
            HeaderValue::from_bytes(value),
        ) {
            map.append(name, value);
        }
    }
    let asked = super::retry::rate_limit_wait(status, &map, "", attempt, now);
    let pace = super::rate_limit::RateLimit::from_headers(&map, now)
        .map(|limit| super::wait::pacing(&limit, now));
    let step = super::wait::next_poll(&options, interval, asked, pace, waited)
        .map(|step| (step.wait, step.next_interval));
    (asked, step)
}
