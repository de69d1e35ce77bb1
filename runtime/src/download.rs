//! Downloads: artifact archives and logs, streamed from where GitHub redirects to.

use std::future::Future;
use std::path::Path;

use bytes::Bytes;
use futures::stream::{Stream, TryStreamExt};
use reqwest::header::HeaderMap;
use tokio::io::{AsyncWrite, AsyncWriteExt};
use url::Url;

use crate::client::Core;
use crate::error::Error;
use crate::redirect::Redirect;
use crate::request::{Request, Target};
use crate::response::{header, RawResponse};

/// Storage may redirect again; more hops than this is a loop.
const MAX_REDIRECTS: usize = 10;

/// A download in progress: the response that carries the file (the storage host's, after a
/// redirect), its body not yet read.
///
/// Read it with [`write_to`](Self::write_to), [`save`](Self::save) or
/// [`into_stream`](Self::into_stream); each holds one chunk in memory at a time, however large
/// the file.
#[derive(Debug)]
pub struct Download {
    response: reqwest::Response,
}

impl Download {
    /// The size of the body, when the storage host says.
    pub fn content_length(&self) -> Option<u64> {
        self.response.content_length()
    }

    /// The headers of the response that carries the file (`Content-Type`,
    /// `Content-Disposition`, …).
    pub fn headers(&self) -> &HeaderMap {
        self.response.headers()
    }

    /// Where the bytes come from, after all redirects.
    pub fn url(&self) -> &Url {
        self.response.url()
    }

    /// The body as a stream of chunks.
    pub fn into_stream(self) -> impl Stream<Item = Result<Bytes, Error>> + Send {
        self.response.bytes_stream().map_err(Error::Transport)
    }

    /// Copies the body into `writer` (a file, a socket, a buffer), returning the bytes written.
    pub async fn write_to<W: AsyncWrite + Unpin + ?Sized>(
        mut self,
        writer: &mut W,
    ) -> Result<u64, Error> {
        let mut written = 0;
        while let Some(chunk) = self.response.chunk().await? {
            writer.write_all(&chunk).await?;
            written += chunk.len() as u64;
        }
        writer.flush().await?;
        Ok(written)
    }

    /// Writes the body to a new file at `path` (replacing one that exists), returning the bytes
    /// written.
    pub async fn save(self, path: impl AsRef<Path>) -> Result<u64, Error> {
        let mut file = tokio::fs::File::create(path).await?;
        let written = self.write_to(&mut file).await?;
        file.sync_all().await?;
        Ok(written)
    }
}

impl Core {
    /// What every download operation's `download()` does: sends `request`, whose answer is a
    /// redirect, then starts downloading where it points ([`Core::download`]). One function
    /// for all of them, so that every download operation reads its redirect the same way.
    #[doc(hidden)]
    pub fn send_and_download(
        &self,
        request: Result<Request, Error>,
    ) -> impl Future<Output = Result<Download, Error>> + Send + 'static {
        let sent = self.sending(request, RawResponse::redirect);
        let client = self.clone();
        async move { client.download(&sent.await?).await }
    }

    /// Starts downloading what a download operation redirected to (see [`Redirect`]).
    ///
    /// The token is never sent to the storage host: it only goes to the API's own origin.
    /// (Clients that let their HTTP library follow the redirect leak it there, and storage
    /// answers 403.) Further redirects by the storage host are followed the same way.
    ///
    /// ```no_run
    /// # async fn run(client: github_actions_client::Client) -> Result<(), github_actions_client::Error> {
    /// let redirect = client.download_workflow_run_logs("octo-org", "octo-repo", 30433642).send().await?;
    /// let bytes = client.download(&redirect).await?.save("logs.zip").await?;
    /// # Ok(())
    /// # }
    /// ```
    pub async fn download(&self, redirect: &Redirect) -> Result<Download, Error> {
        self.download_from(Request::download(redirect.location().clone()))
            .await
    }

    /// Sends `request` and follows its redirects (at most [`MAX_REDIRECTS`]) to the response
    /// that carries the file, whose body is left unread. Each hop is a plain GET of the
    /// `Location`, resolved against the URL that answered; the token and the request's own
    /// headers go only to the API's origin (see [`Core::execute`]).
    pub(crate) async fn download_from(&self, first: Request) -> Result<Download, Error> {
        let mut request = first;
        for _ in 0..=MAX_REDIRECTS {
            let response = self.execute(&request, true).await?;
            if !response.status().is_redirection() {
                return Ok(Download { response });
            }
            let url = response.url();
            let location = header(response.headers(), "location");
            let Some(next) = location.and_then(|location| url.join(location).ok()) else {
                return Err(Error::UnexpectedResponse {
                    method: request.method.to_string(),
                    url: url.as_str().to_owned(),
                    status: response.status().as_u16(),
                    detail: "a redirect without a usable Location header".to_owned(),
                });
            };
            request = Request::download(next);
        }
        Err(Error::UnexpectedResponse {
            method: request.method.to_string(),
            url: request_url(&request),
            status: 302,
            detail: format!("more than {MAX_REDIRECTS} redirects"),
        })
    }
}

/// The URL of a download hop (always an absolute URL), for an error message.
fn request_url(request: &Request) -> String {
    match &request.target {
        Target::Url(url) => url.as_str().to_owned(),
        Target::Path(path) => path.clone(),
    }
}
