//! Paginated lists: whole pages, or every item across pages, following GitHub's `Link` header.

use std::marker::PhantomData;
use std::pin::Pin;
use std::task::{ready, Context, Poll};

use futures::stream::{self, Stream};
use reqwest::header::{HeaderMap, LINK};
use serde::de::DeserializeOwned;
use url::Url;

use super::client::Client;
use super::error::Error;
use super::request::Request;
use super::response::RawResponse;

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
/// request-following stream is compiled once rather than once per list.
type RawPages = Pin<Box<dyn Stream<Item = Result<RawResponse, Error>> + Send>>;

/// Every page of a list, one request per page, following `Link: <…>; rel="next"` until GitHub
/// gives no next page. Only the current page is held in memory. Returned by the `pages()`
/// method of list operations.
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

impl Client {
    /// The pages of a list, starting with `first`.
    pub(crate) fn pages<P: DeserializeOwned>(&self, first: Request) -> Pages<P> {
        self.pages_from(Ok(first))
    }

    /// The pages of a list, starting with `first`, or only its error when the first request
    /// could not be built.
    pub(crate) fn pages_from<P: DeserializeOwned>(
        &self,
        first: Result<Request, Error>,
    ) -> Pages<P> {
        Pages {
            raw: self.raw_pages(first),
            page: PhantomData,
        }
    }

    /// The items of a list across its pages, starting with `first`.
    pub(crate) fn items<P>(&self, first: Request) -> Items<P::Item>
    where
        P: Page + DeserializeOwned + 'static,
    {
        self.items_from(
            Ok(first),
            Box::new(|raw| raw.json::<P>().map(P::into_items)),
        )
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

    /// The responses of every page, starting with `first`, each asked for once the one
    /// before it has been taken.
    fn raw_pages(&self, first: Result<Request, Error>) -> RawPages {
        let state = (self.clone(), Some(first));
        Box::pin(stream::try_unfold(state, |(client, next)| async move {
            let Some(request) = next else { return Ok(None) };
            let raw = client.send_raw(request?).await?;
            let next = next_link(&raw.headers).map(|url| Ok(Request::get_url(url)));
            Ok(Some((raw, (client, next))))
        }))
    }
}

/// The `rel="next"` target of a `Link` header (RFC 8288), as GitHub sends it:
/// `<https://api.github.com/…&page=2>; rel="next", <…>; rel="last"`.
///
/// Plain loops rather than iterator adapters: each adapter with its closure is one more
/// generic instance to compile, and this runs once per page.
pub(crate) fn next_link(headers: &HeaderMap) -> Option<Url> {
    for value in headers.get_all(LINK) {
        let Ok(value) = value.to_str() else { continue };
        for link in value.split(',') {
            let Some((target, params)) = link.split_once(';') else {
                continue;
            };
            let target = target.trim();
            let Some(target) = target.strip_prefix('<').and_then(|t| t.strip_suffix('>')) else {
                continue;
            };
            if is_next(params) {
                if let Ok(url) = Url::parse(target) {
                    return Some(url);
                }
            }
        }
    }
    None
}

/// Whether a link's parameters (`rel="next"`, `rel="next last"`) give it the `next` relation.
fn is_next(params: &str) -> bool {
    for param in params.split(';') {
        let Some(rel) = param.trim().strip_prefix("rel=") else {
            continue;
        };
        for relation in rel.trim_matches('"').split_whitespace() {
            if relation == "next" {
                return true;
            }
        }
    }
    false
}

#[cfg(test)]
mod tests {
    use super::*;

    fn link(value: &str) -> HeaderMap {
        let mut headers = HeaderMap::new();
        headers.insert(LINK, value.parse().unwrap());
        headers
    }

    #[test]
    fn finds_the_next_link() {
        let headers = link(
            r#"<https://api.github.com/repositories/1/actions/runs?page=2>; rel="next", <https://api.github.com/repositories/1/actions/runs?page=5>; rel="last""#,
        );
        assert_eq!(
            next_link(&headers).unwrap().as_str(),
            "https://api.github.com/repositories/1/actions/runs?page=2"
        );
    }

    #[test]
    fn next_may_come_last_or_share_a_rel() {
        let headers =
            link(r#"<https://x.test/?page=1>; rel="prev", <https://x.test/?page=3>; rel="next""#);
        assert_eq!(
            next_link(&headers).unwrap().as_str(),
            "https://x.test/?page=3"
        );
        let headers = link(r#"<https://x.test/?page=3>; rel="next last""#);
        assert_eq!(
            next_link(&headers).unwrap().as_str(),
            "https://x.test/?page=3"
        );
    }

    #[test]
    fn no_next_on_the_last_page() {
        let headers =
            link(r#"<https://x.test/?page=1>; rel="first", <https://x.test/?page=4>; rel="prev""#);
        assert_eq!(next_link(&headers), None);
        assert_eq!(next_link(&HeaderMap::new()), None);
        assert_eq!(next_link(&link("garbage")), None);
    }
}
