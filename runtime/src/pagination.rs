//! Paginated lists: whole pages, or every item across pages, following GitHub's `Link` header.

use std::collections::HashSet;
use std::marker::PhantomData;
use std::pin::Pin;
use std::task::{ready, Context, Poll};

use futures::stream::{self, Stream};
use reqwest::header::{HeaderMap, LINK};
use serde::de::DeserializeOwned;
use url::Url;

use crate::client::{same_origin, Core, Head};
use crate::error::Error;
use crate::request::Request;
use crate::response::RawResponse;

/// A page of a paginated list: GitHub wraps the items in an object (`total_count` and a field
/// such as `artifacts` or `workflow_runs`). The spec names the field; the generated models
/// implement this trait to reach it.
pub trait Page {
    /// The type of one item.
    type Item;

    /// The items of this page.
    fn items(&self) -> &[Self::Item];

    /// The items of this page, by value.
    fn into_items(self) -> Vec<Self::Item>;
}

// A list that is a plain JSON array (`[…]`, as many GitHub lists outside Actions are) is a
// page of its own: `Vec<T>` yields its elements.
impl<T> Page for Vec<T> {
    type Item = T;

    fn items(&self) -> &[T] {
        self
    }

    fn into_items(self) -> Vec<T> {
        self
    }
}

/// Decodes a page and takes its items (`P::into_items` for the list's page type `P`).
pub(crate) type DecodeItems<T> = Box<dyn Fn(&RawResponse) -> Result<Vec<T>, Error> + Send + Sync>;

/// The responses of a list's pages, undecoded. One implementation serves every list type:
/// what differs per type (decoding a page, taking its items) is a small step on top, so the
/// request-following walk (its loop and origin checks) is written, tested and fuzzed once.
type RawPages = Pin<Box<dyn Stream<Item = Result<RawResponse, Error>> + Send>>;

/// Every page of a list, one request per page, following `Link: <…>; rel="next"` until GitHub
/// gives no next page. Only the current page is held in memory. Returned by the `pages()`
/// method of list operations.
///
/// No page is fetched twice: a `next` link to a page already fetched ends the walk with
/// [`Error::Pagination`] after the pages before it. Links are compared with their query
/// normalised (parameters in any order, `page=1` the same as no `page`), so a link back to
/// the first page written another way than the first request is caught too. So is a `next`
/// link to another origin than the API's, which is never followed.
#[must_use = "streams do nothing unless polled"]
pub struct Pages<P> {
    raw: RawPages,
    page: PhantomData<fn() -> P>,
}

/// Every item of a list across all its pages (see [`Pages`]). Returned by the `stream()`
/// method of list operations.
#[must_use = "streams do nothing unless polled"]
pub struct Items<T> {
    raw: RawPages,
    decode: DecodeItems<T>,
    /// The rest of the current page.
    current: std::vec::IntoIter<T>,
}

impl<P: DeserializeOwned> Stream for Pages<P> {
    type Item = Result<P, Error>;

    fn poll_next(mut self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<Option<Self::Item>> {
        self.raw
            .as_mut()
            .poll_next(cx)
            .map(|raw| raw.map(|raw| raw.and_then(|raw| raw.json())))
    }
}

// Nothing in `Items` is pinned in place (the stream of pages is boxed, the items are moved
// out), so it may move whatever its item type.
impl<T> Unpin for Items<T> {}

impl<T> Stream for Items<T> {
    type Item = Result<T, Error>;

    fn poll_next(self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<Option<Self::Item>> {
        let this = self.get_mut();
        loop {
            if let Some(item) = this.current.next() {
                return Poll::Ready(Some(Ok(item)));
            }
            match ready!(this.raw.as_mut().poll_next(cx)) {
                Some(Ok(raw)) => match (this.decode)(&raw) {
                    Ok(items) => this.current = items.into_iter(),
                    Err(error) => return Poll::Ready(Some(Err(error))),
                },
                Some(Err(error)) => return Poll::Ready(Some(Err(error))),
                None => return Poll::Ready(None),
            }
        }
    }
}

impl<P> std::fmt::Debug for Pages<P> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Pages").finish_non_exhaustive()
    }
}

impl<T> std::fmt::Debug for Items<T> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Items").finish_non_exhaustive()
    }
}

impl Core {
    /// The pages of a list, starting with `first`.
    #[doc(hidden)]
    pub fn pages<P: DeserializeOwned>(&self, first: Result<Request, Error>) -> Pages<P> {
        Pages {
            raw: self.raw_pages(first),
            page: PhantomData,
        }
    }

    /// The items of a list across its pages, starting with `first`.
    #[doc(hidden)]
    pub fn items<P>(&self, first: Result<Request, Error>) -> Items<P::Item>
    where
        P: Page + DeserializeOwned + 'static,
    {
        self.items_from(first, Box::new(|raw| raw.json::<P>().map(P::into_items)))
    }

    /// The items of a list across its pages, starting with `first` (or only its error), each
    /// page decoded by `decode`.
    pub(crate) fn items_from<T>(
        &self,
        first: Result<Request, Error>,
        decode: DecodeItems<T>,
    ) -> Items<T> {
        Items {
            raw: self.raw_pages(first),
            decode,
            current: Vec::new().into_iter(),
        }
    }

    /// The responses of every page, starting with `first` (sent when the stream is first
    /// polled). As soon as a page's headers arrive, the `Link` to the next page is followed:
    /// its request goes out in a task of its own while this page's body is still downloading
    /// and then while the caller works through it. One page ahead at most: the request after
    /// that waits until the caller asks for the next page and its headers are in (GitHub asks
    /// clients not to send many requests at a time). Dropping the stream cancels the request.
    ///
    /// The walk remembers every URL it fetched: a `next` link back to one of them (a server
    /// whose links loop) ends it with [`Error::Pagination`] instead of fetching forever, and so
    /// does a `next` link to another origin than the API's. The pages before are yielded, and
    /// no page twice: URLs are compared as [`page_key`] writes them, so a link to the first
    /// page written another way (its query parameters in another order, `page=1` added) is
    /// recognised as a page already fetched.
    ///
    /// The pages after the first carry the first request's own headers (a raw request's
    /// `.header()`, such as an `Accept` media type) and count against its rate-limit resource.
    fn raw_pages(&self, first: Result<Request, Error>) -> RawPages {
        let (headers, resource) = match &first {
            Ok(request) => (request.headers.clone(), request.resource),
            Err(_) => (Vec::new(), None),
        };
        let state = Walk {
            client: self.clone(),
            next: Some(Next::Request(first)),
            fetched: HashSet::new(),
            headers,
            resource,
        };
        Box::pin(stream::try_unfold(state, |mut walk| async move {
            let head = match walk.next.take() {
                None => return Ok(None),
                Some(Next::Request(request)) => walk.client.send_head(request?).await?,
                Some(Next::Sent(sent)) => sent.await?,
            };
            // A `304` answered from the cache carries the cached page's `Link`, not its own.
            let raw = if head.is_revalidation() {
                let raw = head.read().await?;
                walk.follow(&raw.url, &raw.headers);
                raw
            } else {
                walk.follow(head.url().as_str(), head.headers());
                head.read().await?
            };
            Ok(Some((raw, walk)))
        }))
    }
}

/// Where a walk over a list's pages is.
struct Walk {
    client: Core,
    /// The next page: its request (an error when the last page's `next` link must not be
    /// followed), or its response on the way; `None` after the last page.
    next: Option<Next>,
    /// The URLs fetched so far, as [`page_key`] writes them.
    fetched: HashSet<String>,
    /// The first request's own headers, sent again with every page.
    headers: Vec<(&'static str, String)>,
    /// The first request's rate-limit resource, if it names one.
    resource: Option<&'static str>,
}

impl Walk {
    /// Sends the request for the page after the one from `url`, if its `headers` name one.
    fn follow(&mut self, url: &str, headers: &HeaderMap) {
        self.next = self.next_request(url, headers).map(|next| match next {
            Ok(request) => {
                let client = self.client.clone();
                Next::Sent(Prefetch(tokio::spawn(async move {
                    client.send_head(request).await
                })))
            }
            Err(error) => Next::Request(Err(error)),
        });
    }

    /// The request for the page after the one from `url`, if its `Link` header names one.
    fn next_request(&mut self, url: &str, headers: &HeaderMap) -> Option<Result<Request, Error>> {
        // `url` came from a parsed `Url`, so this does not fail.
        let here = Url::parse(url).ok()?;
        self.fetched.insert(page_key(&here));
        let next = match next_page(headers, &here) {
            Ok(next) => next?,
            Err((next, reason)) => {
                return Some(Err(Error::Pagination {
                    url: url.to_owned(),
                    next,
                    reason,
                }))
            }
        };
        let base = self.client.base_url();
        let reason = if self.fetched.contains(&page_key(&next)) {
            "was already fetched in this walk (the server's `Link` headers loop; URLs are \
             compared with their query parameters sorted and `page=1` taken as no `page`)"
                .to_owned()
        } else if !same_origin(&next, base) {
            format!(
                "is on another origin than the API's base URL {base}; the client does not follow it"
            )
        } else {
            let mut request = Request::get_url(next);
            request.headers = self.headers.clone();
            request.resource = self.resource;
            return Some(Ok(request));
        };
        Some(Err(Error::Pagination {
            url: url.to_owned(),
            next: next.to_string(),
            reason,
        }))
    }
}

/// A page's URL as a walk compares it with the pages it fetched: without its fragment, its
/// query parameters decoded and sorted (by name, then value), and a `page=1` left out, as a
/// list's first page is the same with or without it. Two links that differ only in how they
/// write the query (`?per_page=2&page=1` and `?per_page=2`, `?a=1&b=2` and `?b=2&a=1`,
/// `%2C` and `,`) name the same page.
fn page_key(url: &Url) -> String {
    let mut pairs: Vec<(String, String)> = url
        .query_pairs()
        .filter(|(name, value)| !(name == "page" && value == "1"))
        .map(|(name, value)| (name.into_owned(), value.into_owned()))
        .collect();
    pairs.sort();
    let mut key = url.clone();
    key.set_fragment(None);
    key.set_query(None);
    if !pairs.is_empty() {
        key.query_pairs_mut().extend_pairs(&pairs);
    }
    key.into()
}

/// The next page of a list: the first page's request, not sent yet, or a later page already
/// on its way.
// One per walk, alive between two pages: its size costs nothing a user can feel.
#[allow(clippy::large_enum_variant)]
enum Next {
    Request(Result<Request, Error>),
    Sent(Prefetch),
}

/// A page requested ahead, in a task of its own, up to its headers; dropping it cancels the
/// request.
struct Prefetch(tokio::task::JoinHandle<Result<Head, Error>>);

impl std::future::Future for Prefetch {
    type Output = Result<Head, Error>;

    fn poll(mut self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<Self::Output> {
        match ready!(Pin::new(&mut self.0).poll(cx)) {
            Ok(result) => Poll::Ready(result),
            // The task panicked (it is only cancelled by dropping this): pass the panic on.
            Err(error) => std::panic::resume_unwind(error.into_panic()),
        }
    }
}

impl Drop for Prefetch {
    fn drop(&mut self) {
        self.0.abort();
    }
}

/// The target of the first link with the `next` relation in a response's `Link` headers, as
/// GitHub sends it (`<https://api.github.com/…&page=2>; rel="next", <…>; rel="last"`),
/// resolved against `request_url`, the URL of the page. `None` when there is no such link or
/// its target is not a URL. (For the tests and the fuzz target: the walk uses [`next_page`],
/// which also tells an unreadable `next` link apart.)
#[cfg(any(test, fuzzing))]
pub(crate) fn next_link(headers: &HeaderMap, request_url: &Url) -> Option<Url> {
    next_page(headers, request_url).ok().flatten()
}

/// [`next_link`], telling "no next page" from "a next page this cannot read": when no link
/// with the `next` relation could be read but a part of a header the parser had to skip
/// visibly names one (`rel="next"` or `rel=next`), or the target is no URL, the error holds
/// the header value and why, so that the walk stops with [`Error::Pagination`] instead of
/// ending quietly as if the list did.
///
/// Header values are read as UTF-8 (RFC 9110 lets quoted strings, such as a `title`, hold
/// non-ASCII text), not only as the visible ASCII `HeaderValue::to_str` accepts.
pub(crate) fn next_page(
    headers: &HeaderMap,
    request_url: &Url,
) -> Result<Option<Url>, (String, String)> {
    let mut unread = None;
    for value in headers.get_all(LINK) {
        let value = String::from_utf8_lossy(value.as_bytes());
        let mut skipped = Vec::new();
        for link in read_links(&value, &mut skipped) {
            if has_relation(&link.rel, "next") {
                return match request_url.join(link.target) {
                    Ok(next) => Ok(Some(next)),
                    Err(error) => Err((link.target.to_owned(), format!("is not a URL ({error})"))),
                };
            }
        }
        if unread.is_none() && skipped.iter().any(|part| names_next(part)) {
            unread = Some(value.to_string());
        }
    }
    match unread {
        Some(value) => Err((
            value,
            "is named in a `Link` header that cannot be read (RFC 8288)".to_owned(),
        )),
        None => Ok(None),
    }
}

/// Whether a `Link` header value visibly names a `next` relation: `rel`, optional spaces,
/// `=`, optional spaces, then `next` or `"next` (in any case) followed by no letter.
fn names_next(value: &str) -> bool {
    let lower = value.to_ascii_lowercase();
    let mut rest = lower.as_str();
    while let Some(at) = rest.find("rel") {
        rest = &rest[at + 3..];
        let after = rest.trim_start_matches(is_ows);
        let Some(after) = after.strip_prefix('=') else {
            continue;
        };
        let after = after.trim_start_matches(is_ows);
        let after = after.strip_prefix('"').unwrap_or(after);
        if let Some(tail) = after.strip_prefix("next") {
            if !tail.starts_with(|c: char| c.is_ascii_alphanumeric() || c == '-') {
                return true;
            }
        }
    }
    false
}

/// One link of a `Link` header: its target, as written between `<` and `>`, and its `rel`
/// parameter (unquoted, escapes removed; empty when it has none).
#[derive(Debug, PartialEq, Eq)]
pub(crate) struct Link<'a> {
    pub(crate) target: &'a str,
    pub(crate) rel: String,
}

/// The links of one `Link` header value, as RFC 8288 (section 3) writes them:
///
/// ```text
/// Link       = #link-value
/// link-value = "<" URI-Reference ">" *( OWS ";" OWS link-param )
/// link-param = token BWS [ "=" BWS ( token / quoted-string ) ]
/// ```
///
/// Parameter names are case-insensitive; whitespace may surround `;`, `,` and `=`; `,` and
/// `;` may appear inside `<…>` and inside quoted values; only the first `rel` of a link counts.
/// A malformed link is skipped up to the next `,` that separates links.
#[cfg(test)]
pub(crate) fn parse_link(value: &str) -> Vec<Link<'_>> {
    read_links(value, &mut Vec::new())
}

/// [`parse_link`], keeping the malformed parts it skipped in `skipped`.
fn read_links<'a>(value: &'a str, skipped: &mut Vec<&'a str>) -> Vec<Link<'a>> {
    let mut links = Vec::new();
    let mut rest = value;
    loop {
        rest = rest.trim_start_matches(|c: char| c == ',' || is_ows(c));
        if rest.is_empty() {
            return links;
        }
        let parsed = rest
            .strip_prefix('<')
            .and_then(|after| after.split_once('>'));
        let Some((target, after)) = parsed else {
            let after = skip_link(rest);
            skipped.push(&rest[..rest.len() - after.len()]);
            rest = after;
            continue;
        };
        rest = after;
        let mut rel = None;
        // The link's parameters, each after a `;`, up to the `,` that ends the link.
        loop {
            rest = rest.trim_start_matches(is_ows);
            let Some(after) = rest.strip_prefix(';') else {
                break;
            };
            let (name, param_value, after) = link_param(after);
            rest = after;
            if rel.is_none() && name.eq_ignore_ascii_case("rel") {
                rel = Some(param_value);
            }
        }
        if !(rest.is_empty() || rest.starts_with(',')) {
            // Something that is no parameter: the link is malformed.
            let after = skip_link(rest);
            skipped.push(&rest[..rest.len() - after.len()]);
            rest = after;
            continue;
        }
        links.push(Link {
            target: target.trim(),
            rel: rel.unwrap_or_default(),
        });
    }
}

/// One `link-param` after its `;`: its name, its value (unquoted), and what follows it.
fn link_param(text: &str) -> (&str, String, &str) {
    let text = text.trim_start_matches(is_ows);
    let name_end = text
        .find(|c: char| c == '=' || c == ';' || c == ',' || is_ows(c))
        .unwrap_or(text.len());
    let (name, rest) = text.split_at(name_end);
    let after_name = rest.trim_start_matches(is_ows);
    let Some(rest) = after_name.strip_prefix('=') else {
        return (name, String::new(), rest);
    };
    let rest = rest.trim_start_matches(is_ows);
    if let Some(quoted) = rest.strip_prefix('"') {
        // quoted-string: up to the next `"` that is not escaped by `\`.
        let mut value = String::new();
        let mut chars = quoted.char_indices();
        while let Some((at, c)) = chars.next() {
            match c {
                '"' => return (name, value, &quoted[at + 1..]),
                '\\' => {
                    if let Some((_, escaped)) = chars.next() {
                        value.push(escaped);
                    }
                }
                _ => value.push(c),
            }
        }
        // No closing quote: the value runs to the end.
        return (name, value, "");
    }
    let end = rest
        .find(|c: char| c == ';' || c == ',' || is_ows(c))
        .unwrap_or(rest.len());
    (name, rest[..end].to_owned(), &rest[end..])
}

/// Skips a malformed link: everything up to the next `,` outside a quoted string.
fn skip_link(text: &str) -> &str {
    let mut quoted = false;
    let mut escaped = false;
    for (at, c) in text.char_indices() {
        match c {
            _ if escaped => escaped = false,
            '\\' if quoted => escaped = true,
            '"' => quoted = !quoted,
            ',' if !quoted => return &text[at..],
            _ => {}
        }
    }
    ""
}

/// Optional whitespace (`OWS`, `BWS`): spaces and tabs.
fn is_ows(c: char) -> bool {
    c == ' ' || c == '\t'
}

/// Whether a `rel` value (one relation, or several separated by whitespace) includes
/// `relation`, compared case-insensitively.
fn has_relation(rel: &str, relation: &str) -> bool {
    for candidate in rel.split_ascii_whitespace() {
        if candidate.eq_ignore_ascii_case(relation) {
            return true;
        }
    }
    false
}

#[cfg(test)]
mod tests {
    use super::*;
    use reqwest::header::HeaderValue;

    fn link(values: &[&str]) -> HeaderMap {
        let mut headers = HeaderMap::new();
        for value in values {
            headers.append(LINK, value.parse().unwrap());
        }
        headers
    }

    fn page_url() -> Url {
        Url::parse("https://api.github.com/repositories/1/actions/runs?page=1").unwrap()
    }

    /// The `next` target each `Link` value gives, resolved against [`page_url`].
    #[test]
    fn finds_the_next_link() {
        let cases: &[(&str, Option<&str>)] = &[
            // As GitHub sends it.
            (
                r#"<https://api.github.com/repositories/1/actions/runs?page=2>; rel="next", <https://api.github.com/repositories/1/actions/runs?page=5>; rel="last""#,
                Some("https://api.github.com/repositories/1/actions/runs?page=2"),
            ),
            // `next` last, after other relations.
            (
                r#"<https://x.test/?page=1>; rel="prev", <https://x.test/?page=3>; rel="next""#,
                Some("https://x.test/?page=3"),
            ),
            // A list of relations.
            (
                r#"<https://x.test/?page=3>; rel="next last""#,
                Some("https://x.test/?page=3"),
            ),
            (
                r#"<https://x.test/?page=3>; rel="last  next""#,
                Some("https://x.test/?page=3"),
            ),
            // Case-insensitive names and values.
            (
                r#"<https://x.test/?page=3>; REL="NEXT""#,
                Some("https://x.test/?page=3"),
            ),
            (
                r#"<https://x.test/?page=3>; Rel=Next"#,
                Some("https://x.test/?page=3"),
            ),
            // Whitespace around `;`, `=` and `,`, tabs included.
            (
                r#"<https://x.test/?page=3> ; rel = "next""#,
                Some("https://x.test/?page=3"),
            ),
            (
                "<https://x.test/?page=3>\t;\trel\t=\tnext",
                Some("https://x.test/?page=3"),
            ),
            (
                r#"<https://x.test/?page=1>;rel=prev ,<https://x.test/?page=3>;rel=next"#,
                Some("https://x.test/?page=3"),
            ),
            // Unquoted, with other parameters before and after.
            (
                r#"<https://x.test/?page=3>; title="a; b, c"; rel=next; type="text/html""#,
                Some("https://x.test/?page=3"),
            ),
            // `,` and `;` inside the target.
            (
                r#"<https://x.test/?q=a,b;c&page=1>; rel="prev", <https://x.test/?q=a,b;c&page=3>; rel="next""#,
                Some("https://x.test/?q=a,b;c&page=3"),
            ),
            // `,` inside a quoted parameter of an earlier link.
            (
                r#"<https://x.test/?page=1>; rel="prev"; title="one, two", <https://x.test/?page=3>; rel="next""#,
                Some("https://x.test/?page=3"),
            ),
            // An escaped quote inside a quoted value.
            (
                r#"<https://x.test/?page=1>; title="say \"hi\", then"; rel="prev", <https://x.test/?page=3>; rel="next""#,
                Some("https://x.test/?page=3"),
            ),
            // Relative targets resolve against the page's URL.
            (
                "</repositories/1/actions/runs?page=2>; rel=next",
                Some("https://api.github.com/repositories/1/actions/runs?page=2"),
            ),
            (
                "<?page=2>; rel=next",
                Some("https://api.github.com/repositories/1/actions/runs?page=2"),
            ),
            // Only the first `rel` of a link counts (RFC 8288, section 3.3).
            (r#"<https://x.test/?page=3>; rel="last"; rel="next""#, None),
            // A malformed link is skipped; the next one is still found.
            (
                r#"garbage; rel="next", <https://x.test/?page=3>; rel="next""#,
                Some("https://x.test/?page=3"),
            ),
            (
                r#"<https://x.test/?page=1> junk; rel="next", <https://x.test/?page=3>; rel="next""#,
                Some("https://x.test/?page=3"),
            ),
            // No `next`.
            (
                r#"<https://x.test/?page=1>; rel="first", <https://x.test/?page=4>; rel="prev""#,
                None,
            ),
            (r#"<https://x.test/?page=1>; rel="nextpage""#, None),
            (r#"<https://x.test/?page=1>; title="rel=next""#, None),
            ("garbage", None),
            ("", None),
            ("<https://x.test/?page=2", None),
        ];
        for (value, expected) in cases {
            let next = next_link(&link(&[value]), &page_url());
            assert_eq!(next.as_ref().map(Url::as_str), *expected, "Link: {value}");
        }
        assert_eq!(next_link(&HeaderMap::new(), &page_url()), None);
    }

    #[test]
    fn next_may_be_in_a_second_link_header() {
        let headers = link(&[
            r#"<https://x.test/?page=1>; rel="prev""#,
            r#"<https://x.test/?page=3>; rel="next""#,
        ]);
        assert_eq!(
            next_link(&headers, &page_url()).unwrap().as_str(),
            "https://x.test/?page=3"
        );
    }

    /// RFC 9110 lets a quoted string hold non-ASCII text (`obs-text`); such a link was skipped
    /// whole, and the walk ended after the first page.
    #[test]
    fn non_ascii_in_a_quoted_value_is_read() {
        let mut headers = HeaderMap::new();
        let value = r#"<https://x.test/?page=2>; rel="next"; title="Página 2""#;
        headers.append(LINK, HeaderValue::from_bytes(value.as_bytes()).unwrap());
        assert_eq!(
            next_page(&headers, &page_url()),
            Ok(Some(Url::parse("https://x.test/?page=2").unwrap()))
        );
        // Not UTF-8 either (Latin-1): the title is not needed to find the link.
        let mut headers = HeaderMap::new();
        let value = b"<https://x.test/?page=2>; title=\"P\xe1gina 2\"; rel=next";
        headers.append(LINK, HeaderValue::from_bytes(value).unwrap());
        assert_eq!(
            next_link(&headers, &page_url()).map(String::from),
            Some("https://x.test/?page=2".to_owned())
        );
    }

    /// A `Link` the parser cannot read, while `rel="next"` is plainly in it, is an error, not
    /// the end of the list; a link that reads fine without a `next` relation is not.
    #[test]
    fn an_unreadable_next_link_is_an_error() {
        for value in [
            r#"<https://x.test/?page=1> junk; rel="next""#,
            r#"https://x.test/?page=2; rel="next""#,
            r#"<https://x.test/?page=1>; rel="prev", garbage; REL = next"#,
        ] {
            let result = next_page(&link(&[value]), &page_url());
            assert!(
                matches!(&result, Err((shown, _)) if shown == value),
                "Link: {value}: {result:?}"
            );
        }
        let unparsable_target = next_page(&link(&["<http://[::1>; rel=next"]), &page_url());
        assert!(unparsable_target.is_err(), "{unparsable_target:?}");
        for value in [
            r#"<https://x.test/?page=1>; title="rel=next""#,
            r#"<https://x.test/?page=1>; rel="last"; rel="next""#,
            r#"garbage; rel="nextpage""#,
            "garbage",
        ] {
            assert_eq!(
                next_page(&link(&[value]), &page_url()),
                Ok(None),
                "Link: {value}"
            );
        }
    }

    /// Which URLs a walk takes for the same page: equal keys are one page.
    #[test]
    fn page_keys_ignore_how_the_query_is_written() {
        let same: &[(&str, &str)] = &[
            // Parameters in another order.
            (
                "https://x.test/l?per_page=2&page=3",
                "https://x.test/l?page=3&per_page=2",
            ),
            (
                "https://x.test/l?a=1&b=2&c=3",
                "https://x.test/l?c=3&a=1&b=2",
            ),
            // `page=1` is the first page, as no `page` is.
            (
                "https://x.test/l?per_page=2",
                "https://x.test/l?per_page=2&page=1",
            ),
            (
                "https://x.test/l?per_page=2",
                "https://x.test/l?page=1&per_page=2",
            ),
            ("https://x.test/l", "https://x.test/l?page=1"),
            ("https://x.test/l?", "https://x.test/l"),
            // Encoded or not, `+` or `%20`.
            (
                "https://x.test/l?q=a,b&page=2",
                "https://x.test/l?page=2&q=a%2Cb",
            ),
            ("https://x.test/l?q=a+b", "https://x.test/l?q=a%20b"),
            // The fragment is not sent; the host's case and a default port are the URL's own.
            ("https://x.test/l?page=2#top", "https://x.test/l?page=2"),
            ("https://X.TEST:443/l?page=2", "https://x.test/l?page=2"),
        ];
        for (a, b) in same {
            let (a, b) = (Url::parse(a).unwrap(), Url::parse(b).unwrap());
            assert_eq!(page_key(&a), page_key(&b), "{a} and {b}");
        }
        let different: &[(&str, &str)] = &[
            ("https://x.test/l?page=2", "https://x.test/l?page=3"),
            ("https://x.test/l?page=2", "https://x.test/l"),
            ("https://x.test/l?per_page=2", "https://x.test/l?per_page=3"),
            ("https://x.test/l?page=1", "https://x.test/m?page=1"),
            ("https://x.test/l?a=1", "https://x.test/l?a=1&a=1"),
            ("https://x.test/l?a=", "https://x.test/l"),
            ("http://x.test/l", "https://x.test/l"),
            ("https://x.test:8443/l", "https://x.test/l"),
        ];
        for (a, b) in different {
            let (a, b) = (Url::parse(a).unwrap(), Url::parse(b).unwrap());
            assert_ne!(page_key(&a), page_key(&b), "{a} and {b}");
        }
    }

    #[test]
    fn parses_every_link_with_its_rel() {
        let links = parse_link(r#"<a>; rel="next last", <b;c,d> ;type=x, <e>, <f>; REL = "p\"q""#);
        let pairs: Vec<(&str, &str)> = links.iter().map(|l| (l.target, l.rel.as_str())).collect();
        assert_eq!(
            pairs,
            [("a", "next last"), ("b;c,d", ""), ("e", ""), ("f", "p\"q")]
        );
    }
}
