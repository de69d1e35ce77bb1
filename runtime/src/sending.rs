//! The future that every request builder's `send()` returns.

use std::fmt;
use std::future::Future;
use std::pin::Pin;
use std::task::{ready, Context, Poll};

use crate::client::Core;
use crate::error::Error;
use crate::request::Request;
use crate::response::RawResponse;

/// A request on its way: `.await` it for the operation's result. Returned by `send()` on every
/// request builder.
///
/// It owns what it needs (`Send + 'static`), so it can be spawned or stored:
///
/// ```no_run
/// # async fn run(client: github_actions_client::Client) {
/// let sending = client.get_artifact("octo-org", "octo-repo", 42).send();
/// let artifact = tokio::spawn(sending).await.unwrap();
/// # }
/// ```
///
/// Every operation shares one implementation: the request is sent and its response read by
/// one boxed future (retries, rate limits and errors included), and only the last step, turning
/// the response into the operation's result, differs. A named type rather than an
/// `impl Future`, so that it can be kept in a struct; and `Send`, `Unpin` and `'static` whatever
/// the result type, since all it holds of `T` is the function that makes one.
#[must_use = "futures do nothing unless you `.await` or poll them"]
pub struct Sending<T> {
    response: ResponseFuture,
    finish: fn(RawResponse) -> Result<T, Error>,
}

/// The shared part of every [`Sending`]: the request sent and its response read.
type ResponseFuture = Pin<Box<dyn Future<Output = Result<RawResponse, Error>> + Send>>;

impl<T> Future for Sending<T> {
    type Output = Result<T, Error>;

    fn poll(mut self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<Self::Output> {
        let response = ready!(self.response.as_mut().poll(cx));
        Poll::Ready(response.and_then(self.finish))
    }
}

// Nothing in `Sending` is pinned in place (the response future is boxed), so it may move
// whatever its output type.
impl<T> Unpin for Sending<T> {}

impl<T> fmt::Debug for Sending<T> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Sending").finish_non_exhaustive()
    }
}

impl Core {
    /// Sends `request` (unless it is an error: a parameter that cannot be sent); `finish`
    /// turns the response into the operation's result.
    #[doc(hidden)]
    pub fn sending<T>(
        &self,
        request: Result<Request, Error>,
        finish: fn(RawResponse) -> Result<T, Error>,
    ) -> Sending<T> {
        Sending {
            response: self.send_owned(request),
            finish,
        }
    }

    /// [`Core::send_raw`] as a future that owns the client (a clone: clones share everything).
    fn send_owned(&self, request: Result<Request, Error>) -> ResponseFuture {
        let client = self.clone();
        Box::pin(async move { client.send_raw(request?).await })
    }
}
