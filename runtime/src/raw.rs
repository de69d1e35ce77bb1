//! A way out: requests for endpoints the spec does not describe (or not yet), sent the way the
//! generated operations are sent.
//!
//! [`Core::request`] takes a method and a path template (`/repos/{owner}/{repo}/…`, as in
//! GitHub's docs); [`RawRequest`] fills in path values (each percent-encoded as one segment),
//! query values and a JSON body, and sends it through the same client: the token, GitHub's
//! headers, retries, rate limits, [`Error`]s and `Link` pagination are those of every generated
//! operation.

use std::fmt::{self, Display};
use std::marker::PhantomData;

use bytes::Bytes;
use reqwest::Method;
use serde::de::{self, DeserializeOwned, DeserializeSeed, IgnoredAny, MapAccess, Visitor};
use serde::Serialize;

use crate::client::Core;
use crate::error::Error;
use crate::pagination::{Items, Page, Pages};
use crate::request::{path_segment, Request};
use crate::response::RawResponse;
use crate::sending::Sending;

impl Core {
    /// A request to any endpoint of GitHub's REST API, for what this crate has no method for.
    ///
    /// `path` is a template as GitHub's docs write it, `/repos/{owner}/{repo}/actions/caches`:
    /// each `{name}` is filled in by [`RawRequest::path`], percent-encoded as one path segment.
    /// Query values ([`RawRequest::query`]) and a JSON body ([`RawRequest::json`]) are optional.
    /// The request goes to the client's base URL with its token and GitHub's headers, and is
    /// retried and rate-limited like every generated operation (a POST or PATCH is not retried
    /// after a server error). Finish it with [`send`](RawRequest::send) for a typed body,
    /// [`send_empty`](RawRequest::send_empty) for none, [`send_bytes`](RawRequest::send_bytes)
    /// for the bytes as they came, or [`pages`](RawRequest::pages) /
    /// [`stream`](RawRequest::stream) / [`stream_field`](RawRequest::stream_field) for a list
    /// that GitHub pages with `Link` headers.
    ///
    /// ```no_run
    /// use futures::TryStreamExt;
    /// use github_actions_client::{Client, Method};
    /// use serde::Deserialize;
    ///
    /// #[derive(Deserialize)]
    /// struct Cache {
    ///     id: u64,
    ///     key: String,
    ///     size_in_bytes: u64,
    /// }
    ///
    /// # async fn run(client: Client) -> Result<(), github_actions_client::Error> {
    /// // Every cache of a repository, across pages: the items are in the `actions_caches` field.
    /// let mut caches = client
    ///     .request(Method::GET, "/repos/{owner}/{repo}/actions/caches")
    ///     .path("owner", "octo-org")
    ///     .path("repo", "octo-repo")
    ///     .query("per_page", 100)
    ///     .stream_field::<Cache>("actions_caches");
    /// while let Some(cache) = caches.try_next().await? {
    ///     println!("{} {} ({} bytes)", cache.id, cache.key, cache.size_in_bytes);
    /// }
    ///
    /// // Re-run the failed jobs of a run: a POST with a JSON body and no answer body.
    /// client
    ///     .request(Method::POST, "/repos/{owner}/{repo}/actions/runs/{run_id}/rerun-failed-jobs")
    ///     .path("owner", "octo-org")
    ///     .path("repo", "octo-repo")
    ///     .path("run_id", 30433642)
    ///     .json(&serde_json::json!({ "enable_debug_logging": true }))
    ///     .send_empty()
    ///     .await?;
    /// # Ok(())
    /// # }
    /// ```
    pub fn request(&self, method: Method, path: impl Into<String>) -> RawRequest {
        RawRequest {
            client: self.clone(),
            method,
            template: path.into(),
            path_values: Vec::new(),
            query: String::new(),
            body: None,
        }
    }
}

/// A request built by hand: see [`Core::request`]. Nothing is checked or sent until it is
/// finished with `send…`, `pages`, `stream…`; a path template that cannot be filled in is then
/// an [`Error::PathTemplate`], a dot or empty path value an [`Error::InvalidPathParameter`],
/// and nothing is sent.
#[must_use = "a request does nothing until it is sent"]
pub struct RawRequest {
    client: Core,
    method: Method,
    template: String,
    /// `(placeholder, value)`, not yet encoded.
    path_values: Vec<(&'static str, String)>,
    /// The query string so far, encoded as the generated operations encode theirs.
    query: String,
    /// The JSON body, or why it could not be encoded.
    body: Option<Result<Vec<u8>, String>>,
}

impl fmt::Debug for RawRequest {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("RawRequest")
            .field("method", &self.method)
            .field("template", &self.template)
            .field("path_values", &self.path_values)
            .finish_non_exhaustive()
    }
}

impl RawRequest {
    /// The value of the placeholder `{name}` of the path template, percent-encoded as one path
    /// segment (a `/` in it stays part of the value). Given twice, the last value counts.
    pub fn path(mut self, name: &'static str, value: impl Display) -> Self {
        self.path_values.push((name, value.to_string()));
        self
    }

    /// Adds the query parameter `name=value`; a name may be added more than once.
    pub fn query(mut self, name: &str, value: impl Display) -> Self {
        url::form_urlencoded::Serializer::for_suffix(&mut self.query, 0)
            .append_pair(name, &value.to_string());
        self
    }

    /// Sends `body` as JSON (`Content-Type: application/json`).
    pub fn json(mut self, body: &impl Serialize) -> Self {
        self.body = Some(serde_json::to_vec(body).map_err(|error| error.to_string()));
        self
    }

    /// Sends the request and decodes a success (`2xx`) body as JSON into `T` (a type of your
    /// own, a model of this crate, or `serde_json::Value`). A body that does not decode is an
    /// [`Error::Decode`] naming the JSON path that failed.
    pub fn send<T: DeserializeOwned>(self) -> Sending<T> {
        self.sending(|response| success(response)?.json())
    }

    /// Sends the request and checks that it succeeded (`2xx`, such as `204 No Content`),
    /// ignoring any body.
    pub fn send_empty(self) -> Sending<()> {
        self.sending(|response| success(response).map(drop))
    }

    /// Sends the request and returns the body of a success (`2xx`) as it came.
    pub fn send_bytes(self) -> Sending<Bytes> {
        self.sending(|response| success(response).map(|response| response.body))
    }

    /// Every page of a list, one request per page, following GitHub's `Link: rel="next"`
    /// header; each page decoded into `P` (a list model of this crate, a type of your own,
    /// `Vec<T>` for a list that is a plain JSON array, or `serde_json::Value`).
    pub fn pages<P: DeserializeOwned>(self) -> Pages<P> {
        let first = self.build();
        self.client.pages(first)
    }

    /// Every item of a list across its pages (see [`RawRequest::pages`]), for a page type
    /// that implements [`Page`]: `Vec<T>` for a list that is a plain JSON array, a list model
    /// of this crate, or a type of your own. For a list whose items are in a field of an
    /// object, see [`RawRequest::stream_field`].
    pub fn stream<P>(self) -> Items<P::Item>
    where
        P: Page + DeserializeOwned + 'static,
    {
        let first = self.build();
        self.client
            .items_from(first, Box::new(|raw| raw.json::<P>().map(P::into_items)))
    }

    /// Every item of a list across its pages (see [`RawRequest::pages`]), for a list whose
    /// pages are objects holding the items in the field `field`, as GitHub's Actions lists
    /// do: `{"total_count": 2, "workflow_runs": […]}` is `stream_field::<Run>("workflow_runs")`.
    /// The other fields are skipped; a page without the field is an [`Error::Decode`].
    pub fn stream_field<T>(self, field: &str) -> Items<T>
    where
        T: DeserializeOwned + 'static,
    {
        let first = self.build();
        let field = field.to_owned();
        self.client.items_from(
            first,
            Box::new(move |raw| {
                raw.json_seed(FieldItems {
                    field: &field,
                    items: PhantomData,
                })
            }),
        )
    }

    fn sending<T>(self, finish: fn(RawResponse) -> Result<T, Error>) -> Sending<T> {
        self.client.sending(self.build(), finish)
    }

    /// The request, with the path template filled in and the query and body attached.
    fn build(&self) -> Result<Request, Error> {
        let mut path =
            expand(&self.template, &self.path_values).map_err(|problem| match problem {
                Problem::Template(problem) => Error::PathTemplate {
                    method: self.method.to_string(),
                    template: self.template.clone(),
                    problem,
                },
                Problem::Value(error) => error,
            })?;
        if !self.query.is_empty() {
            // The path is the part of the URL after the base URL; the client appends it as
            // it is, so the query string can ride along.
            path.push('?');
            path.push_str(&self.query);
        }
        let mut request = Request::new(self.method.clone(), path);
        request.body = self.body.clone();
        Ok(request)
    }
}

/// What is wrong with a path template and its values.
enum Problem {
    /// The template, or which placeholders have values: the message.
    Template(String),
    /// A value that cannot be a path segment.
    Value(Error),
}

/// `template` with each `{name}` replaced by the last value given for `name`, percent-encoded.
fn expand(template: &str, values: &[(&'static str, String)]) -> Result<String, Problem> {
    if !template.starts_with('/') {
        return Err(Problem::Template(
            "the path must start with `/`, as in `/repos/{owner}/{repo}`".to_owned(),
        ));
    }
    let mut path = String::with_capacity(template.len());
    let mut used = Vec::new();
    let mut rest = template;
    while let Some(open) = rest.find(['{', '}']) {
        let literal = &rest[..open];
        check_literal(literal)?;
        path.push_str(literal);
        if rest[open..].starts_with('}') {
            return Err(Problem::Template(
                "a `}` without its `{`; write placeholders as `{name}`".to_owned(),
            ));
        }
        let after = &rest[open + 1..];
        let Some(close) = after.find('}') else {
            return Err(Problem::Template(
                "a `{` without its `}`; write placeholders as `{name}`".to_owned(),
            ));
        };
        let name = &after[..close];
        let Some((parameter, value)) = values.iter().rev().find(|(given, _)| *given == name) else {
            return Err(Problem::Template(format!(
                "the placeholder `{{{name}}}` has no value; give it one with `.path(\"{name}\", …)`"
            )));
        };
        path.push_str(&path_segment(parameter, value).map_err(Problem::Value)?);
        used.push(name);
        rest = &after[close + 1..];
    }
    check_literal(rest)?;
    path.push_str(rest);
    for (name, _) in values {
        if !used.contains(name) {
            return Err(Problem::Template(format!(
                "`.path(\"{name}\", …)` names no placeholder of the template"
            )));
        }
    }
    Ok(path)
}

/// The text of the template between placeholders: it is sent as it is, so it must not hold a
/// query or fragment.
fn check_literal(literal: &str) -> Result<(), Problem> {
    if literal.contains(['?', '#']) {
        return Err(Problem::Template(
            "the path holds a `?` or `#`; give query parameters with `.query(name, value)`"
                .to_owned(),
        ));
    }
    Ok(())
}

/// Decodes the list in the field `field` of a page object, skipping the other fields.
struct FieldItems<'f, T> {
    field: &'f str,
    items: PhantomData<fn() -> T>,
}

impl<'de, T: DeserializeOwned> DeserializeSeed<'de> for FieldItems<'_, T> {
    type Value = Vec<T>;

    fn deserialize<D: de::Deserializer<'de>>(self, decoder: D) -> Result<Vec<T>, D::Error> {
        decoder.deserialize_map(self)
    }
}

impl<'de, T: DeserializeOwned> Visitor<'de> for FieldItems<'_, T> {
    type Value = Vec<T>;

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "an object with the list `{}`", self.field)
    }

    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<Vec<T>, A::Error> {
        let mut items = None;
        while let Some(key) = map.next_key::<String>()? {
            if key == self.field && items.is_none() {
                items = Some(map.next_value::<Vec<T>>()?);
            } else {
                map.next_value::<IgnoredAny>()?;
            }
        }
        items.ok_or_else(|| de::Error::custom(format_args!("missing field `{}`", self.field)))
    }
}

/// The response, if its status is a success (`2xx`).
fn success(response: RawResponse) -> Result<RawResponse, Error> {
    if (200..300).contains(&response.status()) {
        Ok(response)
    } else {
        Err(response.unexpected_status())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn expanded(template: &str, values: &[(&'static str, &str)]) -> Result<String, String> {
        let values: Vec<_> = values
            .iter()
            .map(|(name, value)| (*name, (*value).to_owned()))
            .collect();
        expand(template, &values).map_err(|problem| match problem {
            Problem::Template(message) => message,
            Problem::Value(error) => error.to_string(),
        })
    }

    #[test]
    fn fills_in_and_encodes_placeholders() {
        assert_eq!(
            expanded(
                "/repos/{owner}/{repo}/actions/caches",
                &[("repo", "a b/c"), ("owner", "o")]
            ),
            Ok("/repos/o/a%20b%2Fc/actions/caches".to_owned())
        );
        assert_eq!(
            expanded("/x/{id}", &[("id", "1"), ("id", "2")]),
            Ok("/x/2".to_owned())
        );
        assert_eq!(expanded("/meta", &[]), Ok("/meta".to_owned()));
    }

    #[test]
    fn reports_what_is_wrong() {
        for (template, values, expected) in [
            ("/repos/{owner}", &[][..], "`{owner}` has no value"),
            (
                "/repos/{owner",
                &[("owner", "o")][..],
                "a `{` without its `}`",
            ),
            ("/repos/owner}", &[][..], "a `}` without its `{`"),
            ("repos", &[][..], "must start with `/`"),
            ("/repos?x=1", &[][..], "`.query(name, value)`"),
            ("/meta", &[("owner", "o")][..], "names no placeholder"),
            (
                "/repos/{owner}",
                &[("owner", "..")][..],
                "`owner` is \"..\"",
            ),
        ] {
            let error = expanded(template, values).unwrap_err();
            assert!(error.contains(expected), "{template}: {error}");
        }
    }
}
