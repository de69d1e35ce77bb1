//! The client against adversarial servers and inputs, over real HTTP on loopback: `Link`
//! headers that loop or leave the API's origin, `Link` forms RFC 8288 allows, path values that
//! would climb out of their endpoint, stale rate limits, transport errors' causes, and TLS with
//! a private certificate authority. Every walk is bounded, so a regression fails rather than
//! hangs.

use std::future::Future;
use std::sync::{Arc, Mutex};
use std::time::{Duration, SystemTime};

use futures::{Stream, StreamExt};
use github_actions_client::models::ArtifactArchiveFormat;
use github_actions_client::{Client, Error, RetryPolicy};
use tokio::io::{AsyncRead, AsyncReadExt, AsyncWriteExt};
use tokio::net::TcpListener;
use tokio_rustls::rustls;
use tokio_rustls::rustls::pki_types::PrivatePkcs8KeyDer;
use tokio_rustls::TlsAcceptor;
use wiremock::matchers::{method, path, query_param};
use wiremock::{Mock, MockServer, ResponseTemplate};

/// No test here waits longer for the client.
const PATIENCE: Duration = Duration::from_secs(20);

/// At most this many items are taken from a stream, so a walk that loops still ends.
const MAX_ITEMS: usize = 50;

fn client(uri: &str) -> Client {
    Client::builder()
        .base_url(uri)
        .unwrap()
        .token("secret-token")
        .retry_policy(RetryPolicy::none())
        .build()
        .unwrap()
}

/// `future`, or a panic after [`PATIENCE`].
async fn bounded<T>(future: impl Future<Output = T>) -> T {
    tokio::time::timeout(PATIENCE, future)
        .await
        .expect("the client did not finish in time")
}

fn artifact(id: i64) -> serde_json::Value {
    serde_json::json!({
        "id": id, "node_id": "n", "name": format!("a{id}"), "size_in_bytes": 1, "url": "u",
        "archive_download_url": "u", "expired": false, "created_at": null, "expires_at": null
    })
}

fn page_of(ids: &[i64]) -> ResponseTemplate {
    let artifacts: Vec<_> = ids.iter().map(|&id| artifact(id)).collect();
    let body = serde_json::json!({"total_count": 5, "artifacts": artifacts});
    ResponseTemplate::new(200).set_body_json(body)
}

/// The names of the items a stream yields (at most [`MAX_ITEMS`]), and the error it ended
/// with, if any.
async fn walk<T: ToString>(
    stream: impl Stream<Item = Result<T, Error>>,
) -> (Vec<String>, Option<Error>) {
    let results: Vec<_> = bounded(stream.take(MAX_ITEMS).collect()).await;
    let mut names = Vec::new();
    let mut error = None;
    for result in results {
        match result {
            Ok(item) => names.push(item.to_string()),
            Err(e) => {
                assert!(error.is_none(), "a second error after {:?}: {e}", error);
                error = Some(e);
            }
        }
    }
    (names, error)
}

/// The names of the artifacts `list_artifacts_for_repo("o", "r")` streams, and its error.
async fn artifact_names(client: &Client) -> (Vec<String>, Option<Error>) {
    let stream = client
        .list_artifacts_for_repo("o", "r")
        .per_page(2)
        .stream()
        .map(|artifact| artifact.map(|artifact| artifact.name.to_string()));
    walk(stream).await
}

#[tokio::test]
async fn a_next_link_back_to_a_fetched_page_ends_the_walk_with_an_error() {
    let server = MockServer::start().await;
    let first = format!("{}/repos/o/r/actions/artifacts?per_page=2", server.uri());
    let second = format!("{}/repositories/42/actions/artifacts?page=2", server.uri());
    Mock::given(method("GET"))
        .and(path("/repos/o/r/actions/artifacts"))
        .respond_with(page_of(&[1, 2]).insert_header("link", format!("<{second}>; rel=\"next\"")))
        .expect(1)
        .mount(&server)
        .await;
    // Page 2 says the next page is page 1 again.
    Mock::given(method("GET"))
        .and(path("/repositories/42/actions/artifacts"))
        .respond_with(page_of(&[3, 4]).insert_header("link", format!("<{first}>; rel=\"next\"")))
        .expect(1)
        .mount(&server)
        .await;
    let (names, error) = artifact_names(&client(&server.uri())).await;
    assert_eq!(names, ["a1", "a2", "a3", "a4"]);
    let error = error.expect("the walk ends with an error");
    let Error::Pagination { url, next, .. } = &error else {
        panic!("{error:?}");
    };
    assert_eq!(
        (url.as_str(), next.as_str()),
        (second.as_str(), first.as_str())
    );
    let message = error.to_string();
    assert!(message.contains(&first), "{message}");
    assert!(message.contains("already fetched"), "{message}");
}

/// A `Link` back to the first page written another way than the first request (its query
/// parameters in another order, `page=1` added) is a page already fetched: the walk ends with
/// `Error::Pagination` after page 2, and page 1 is neither fetched nor yielded twice. It used
/// to yield page 1's items again before the error.
#[tokio::test]
async fn a_next_link_to_the_first_page_written_another_way_is_not_fetched_again() {
    let server = MockServer::start().await;
    let second = format!(
        "{}/repositories/42/actions/artifacts?page=2&per_page=2",
        server.uri()
    );
    let first_again = format!(
        "{}/repos/o/r/actions/artifacts?page=1&per_page=2",
        server.uri()
    );
    Mock::given(method("GET"))
        .and(path("/repos/o/r/actions/artifacts"))
        .respond_with(page_of(&[1, 2]).insert_header("link", format!("<{second}>; rel=\"next\"")))
        .expect(1)
        .mount(&server)
        .await;
    Mock::given(method("GET"))
        .and(path("/repositories/42/actions/artifacts"))
        .respond_with(
            page_of(&[3, 4]).insert_header("link", format!("<{first_again}>; rel=\"next\"")),
        )
        .expect(1)
        .mount(&server)
        .await;
    let (names, error) = artifact_names(&client(&server.uri())).await;
    assert_eq!(names, ["a1", "a2", "a3", "a4"]);
    let error = error.expect("the walk ends with an error");
    let Error::Pagination {
        url, next, reason, ..
    } = &error
    else {
        panic!("{error:?}");
    };
    assert_eq!(
        (url.as_str(), next.as_str()),
        (second.as_str(), first_again.as_str())
    );
    assert!(reason.contains("already fetched"), "{reason}");
    // The first request was `?per_page=2`, exactly once.
    let requests = server.received_requests().await.unwrap();
    let queries: Vec<_> = requests.iter().map(|r| r.url.query()).collect();
    assert_eq!(queries, [Some("per_page=2"), Some("page=2&per_page=2")]);
}

#[tokio::test]
async fn a_page_that_links_to_itself_is_fetched_once() {
    let server = MockServer::start().await;
    let first = format!("{}/repos/o/r/actions/artifacts?per_page=2", server.uri());
    Mock::given(method("GET"))
        .and(path("/repos/o/r/actions/artifacts"))
        .respond_with(page_of(&[1, 2]).insert_header("link", format!("<{first}>; rel=\"next\"")))
        .expect(1)
        .mount(&server)
        .await;
    let pages: Vec<_> = bounded(
        client(&server.uri())
            .list_artifacts_for_repo("o", "r")
            .per_page(2)
            .pages()
            .take(MAX_ITEMS)
            .collect(),
    )
    .await;
    assert_eq!(pages.len(), 2, "one page, then the error");
    assert!(pages[0].is_ok());
    assert!(
        matches!(&pages[1], Err(Error::Pagination { next, .. }) if *next == first),
        "{:?}",
        pages[1]
    );
}

#[tokio::test]
async fn a_next_link_to_another_origin_ends_the_walk_unfollowed() {
    let server = MockServer::start().await;
    let elsewhere = MockServer::start().await;
    Mock::given(method("GET"))
        .respond_with(page_of(&[3, 4]))
        .mount(&elsewhere)
        .await;
    let next = format!(
        "{}/repositories/42/actions/artifacts?page=2",
        elsewhere.uri()
    );
    Mock::given(method("GET"))
        .and(path("/repos/o/r/actions/artifacts"))
        .respond_with(page_of(&[1, 2]).insert_header("link", format!("<{next}>; rel=\"next\"")))
        .expect(1)
        .mount(&server)
        .await;
    let (names, error) = artifact_names(&client(&server.uri())).await;
    assert_eq!(names, ["a1", "a2"]);
    let error = error.expect("the walk ends with an error");
    assert!(matches!(&error, Error::Pagination { .. }), "{error:?}");
    let message = error.to_string();
    assert!(message.contains(&next), "{message}");
    assert!(message.contains("another origin"), "{message}");
    assert!(elsewhere.received_requests().await.unwrap().is_empty());
}

/// `Link` values GitHub does not send today but RFC 8288 allows: each must lead to page 2.
#[tokio::test]
async fn link_forms_rfc_8288_allows_are_followed() {
    let forms = [
        r#"<{base}?page=2>; REL="NEXT""#,
        r#"<{base}?page=2> ; rel = "next""#,
        "<{base}?page=2>;rel=next",
        r#"<{base}?page=2>; rel="last next""#,
        r#"</repositories/42/actions/artifacts?page=2>; rel="next""#,
        r#"<?page=2>; rel="next""#,
        r#"<{base}?page=2>; title="one, two; three"; rel="next""#,
        r#"<{base}?q=a,b;c&page=2>; rel="next""#,
        r#"<{base}?page=9>; rel="last", <{base}?page=2>; rel="next""#,
    ];
    for form in forms {
        let server = MockServer::start().await;
        let base = format!("{}/repositories/42/actions/artifacts", server.uri());
        let link = form.replace("{base}", &base);
        // `<?page=2>` resolves against page 1's own path.
        let page_two_path = if form.starts_with("<?") {
            "/repos/o/r/actions/artifacts"
        } else {
            "/repositories/42/actions/artifacts"
        };
        Mock::given(method("GET"))
            .and(path("/repos/o/r/actions/artifacts"))
            .and(query_param("per_page", "2"))
            .respond_with(page_of(&[1, 2]).insert_header("link", link.as_str()))
            .expect(1)
            .mount(&server)
            .await;
        Mock::given(method("GET"))
            .and(path(page_two_path))
            .and(query_param("page", "2"))
            .respond_with(page_of(&[3]))
            .expect(1)
            .mount(&server)
            .await;
        let stream = client(&server.uri())
            .list_artifacts_for_repo("o", "r")
            .per_page(2)
            .stream();
        let (names, error) = walk(stream.map(|a| a.map(|a| a.name.to_string()))).await;
        assert!(error.is_none(), "Link: {link}: {error:?}");
        assert_eq!(names, ["a1", "a2", "a3"], "Link: {link}");
    }
}

/// The parameter an [`Error::InvalidPathParameter`] names, or a panic for any other result.
fn refused_parameter<T: std::fmt::Debug>(result: Result<T, Error>) -> &'static str {
    let error = result.expect_err("the request is refused");
    let Error::InvalidPathParameter { parameter, .. } = &error else {
        panic!("{error:?}");
    };
    let message = error.to_string();
    assert!(message.contains(&format!("`{parameter}`")), "{message}");
    parameter
}

#[tokio::test]
async fn dot_segments_and_empty_path_values_are_refused_before_sending() {
    let server = MockServer::start().await;
    Mock::given(method("GET"))
        .respond_with(ResponseTemplate::new(204))
        .mount(&server)
        .await;
    let client = client(&server.uri());
    // Today's main sent `DELETE /orgs/actions/secrets/TOKEN` and `GET /actions/secrets/X`.
    let deleted = bounded(client.delete_repo_secret("..", "orgs", "TOKEN").send()).await;
    assert_eq!(refused_parameter(deleted), "owner");
    let got = bounded(client.get_repo_secret("..", ".", "X").send()).await;
    assert_eq!(refused_parameter(got), "owner");
    let got = bounded(client.get_repo_secret("o", ".", "X").send()).await;
    assert_eq!(refused_parameter(got), "repo");
    let got = bounded(client.get_repo_secret("o", "r", "").send()).await;
    assert_eq!(refused_parameter(got), "secret_name");
    let stream = client.list_artifacts_for_repo("o", "..").stream();
    let (names, error) = walk(stream.map(|a| a.map(|a| a.name.to_string()))).await;
    assert!(names.is_empty());
    assert_eq!(refused_parameter::<()>(Err(error.unwrap())), "repo");
    let download = client
        .download_artifact("o", "r/..", 1, ArtifactArchiveFormat::Zip)
        .download();
    // `r/..` is one segment (`r%2F..`), not a dot segment: this one is sent, and 404s.
    assert!(bounded(download).await.is_err());
    let download = client
        .download_artifact(".", "r", 1, ArtifactArchiveFormat::Zip)
        .download();
    assert_eq!(refused_parameter(bounded(download).await), "owner");
    let sent: Vec<String> = server
        .received_requests()
        .await
        .unwrap()
        .iter()
        .map(|request| request.url.path().to_owned())
        .collect();
    assert_eq!(sent, ["/repos/o/r%2F../actions/artifacts/1/zip"]);
}

/// Reads a request's head; its first line, or `None` when the connection ends first.
pub(crate) async fn request_line(socket: &mut (impl AsyncRead + Unpin)) -> Option<String> {
    let mut head = Vec::new();
    let mut buffer = [0; 4096];
    while !head.windows(4).any(|window| window == b"\r\n\r\n") {
        match socket.read(&mut buffer).await {
            Ok(0) | Err(_) => return None,
            Ok(n) => head.extend_from_slice(&buffer[..n]),
        }
    }
    let head = String::from_utf8_lossy(&head);
    Some(head.lines().next().unwrap_or_default().to_owned())
}

/// A loopback HTTP/1.1 server that answers every request with `response` and records each
/// request line exactly as it arrived.
async fn recording_server(response: &'static str) -> (String, Arc<Mutex<Vec<String>>>) {
    let listener = TcpListener::bind("127.0.0.1:0").await.unwrap();
    let uri = format!("http://{}", listener.local_addr().unwrap());
    let lines = Arc::new(Mutex::new(Vec::new()));
    let recorded = lines.clone();
    tokio::spawn(async move {
        while let Ok((mut socket, _)) = listener.accept().await {
            let recorded = recorded.clone();
            tokio::spawn(async move {
                let Some(line) = request_line(&mut socket).await else {
                    return;
                };
                recorded.lock().unwrap().push(line);
                let _ = socket.write_all(response.as_bytes()).await;
            });
        }
    });
    (uri, lines)
}

/// Values that look like dot segments once decoded, or hold `/`, `\`, `?` or `#`: each reaches
/// the server as exactly one segment, with nothing re-normalized on the way.
#[tokio::test]
async fn other_path_values_arrive_as_exactly_one_segment() {
    let (uri, lines) =
        recording_server("HTTP/1.1 204 No Content\r\nconnection: close\r\n\r\n").await;
    let client = client(&uri);
    let cases = [
        ("%2E%2E", "%252E%252E"),
        ("%2e", "%252e"),
        (".%2E", ".%252E"),
        ("...", "..."),
        (".github", ".github"),
        ("a/../b", "a%2F..%2Fb"),
        ("../", "..%2F"),
        ("..\\", "..%5C"),
        (".. ", "..%20"),
        ("?x#y", "%3Fx%23y"),
        (";", "%3B"),
        ("ü", "%C3%BC"),
    ];
    for (value, _) in cases {
        bounded(client.delete_repo_secret("o", "r", value).send())
            .await
            .unwrap_or_else(|error| panic!("{value:?}: {error}"));
    }
    let lines = lines.lock().unwrap().clone();
    let expected: Vec<String> = cases
        .iter()
        .map(|(_, segment)| format!("DELETE /repos/o/r/actions/secrets/{segment} HTTP/1.1"))
        .collect();
    assert_eq!(lines, expected);
}

fn rate_limit_headers(response: ResponseTemplate, remaining: u64) -> ResponseTemplate {
    let reset = SystemTime::now()
        .duration_since(SystemTime::UNIX_EPOCH)
        .unwrap()
        .as_secs()
        + 3600;
    response
        .insert_header("x-ratelimit-limit", "60")
        .insert_header("x-ratelimit-remaining", remaining.to_string().as_str())
        .insert_header("x-ratelimit-used", (60 - remaining).to_string().as_str())
        .insert_header("x-ratelimit-reset", reset.to_string().as_str())
}

/// A 403 reporting the primary limit used up for the next hour, waited out, then a successful
/// retry without rate-limit headers (a proxy's, or a cache's): the success shows the limit is
/// not used up, so `rate_limit()` does not say it is. Today's main kept `remaining 0`.
#[tokio::test]
async fn a_successful_retry_without_headers_clears_a_used_up_limit() {
    let server = MockServer::start().await;
    Mock::given(method("GET"))
        .and(path("/repos/o/r/actions/artifacts/1"))
        .respond_with(rate_limit_headers(
            ResponseTemplate::new(403)
                .set_body_json(serde_json::json!({"message": "API rate limit exceeded"})),
            0,
        ))
        .up_to_n_times(1)
        .mount(&server)
        .await;
    Mock::given(method("GET"))
        .and(path("/repos/o/r/actions/artifacts/1"))
        .respond_with(ResponseTemplate::new(200).set_body_json(artifact(1)))
        .mount(&server)
        .await;
    let waits = Arc::new(Mutex::new(Vec::new()));
    let recorded = waits.clone();
    let client = Client::builder()
        .base_url(&server.uri())
        .unwrap()
        .retry_policy(RetryPolicy::default().max_rate_limit_wait(Duration::from_secs(7200)))
        .sleeper(move |wait| {
            recorded.lock().unwrap().push(wait);
            // Yields, so that a client that waited in a loop would still time out.
            Box::pin(tokio::task::yield_now())
        })
        .build()
        .unwrap();
    let artifact = bounded(client.get_artifact("o", "r", 1).send())
        .await
        .unwrap();
    assert_eq!(artifact.name.to_string(), "a1");
    assert_eq!(waits.lock().unwrap().len(), 1, "waited for the reset once");
    assert_eq!(
        client.rate_limit_for("core"),
        None,
        "no used-up limit after a success"
    );
    // The next call waits out what is left of the block the 403 set (no time passed here:
    // the sleeper returns at once), once, and goes.
    bounded(client.get_artifact("o", "r", 1).send())
        .await
        .unwrap();
    assert_eq!(
        waits.lock().unwrap().len(),
        2,
        "{:?}",
        waits.lock().unwrap()
    );
    assert_eq!(server.received_requests().await.unwrap().len(), 3);
}

#[tokio::test]
async fn the_rate_limit_is_the_latest_reported_and_says_when_it_was_read() {
    let server = MockServer::start().await;
    Mock::given(method("GET"))
        .and(path("/repos/o/r/actions/artifacts/1"))
        .respond_with(rate_limit_headers(
            ResponseTemplate::new(200).set_body_json(artifact(1)),
            41,
        ))
        .mount(&server)
        .await;
    Mock::given(method("GET"))
        .and(path("/repos/o/r/actions/artifacts/2"))
        .respond_with(rate_limit_headers(ResponseTemplate::new(404), 40))
        .mount(&server)
        .await;
    Mock::given(method("GET"))
        .and(path("/repos/o/r/actions/artifacts/3"))
        .respond_with(ResponseTemplate::new(200).set_body_json(artifact(3)))
        .mount(&server)
        .await;
    let client = client(&server.uri());
    let before = SystemTime::now();
    bounded(client.get_artifact("o", "r", 1).send())
        .await
        .unwrap();
    let first = client.rate_limit_for("core").unwrap();
    assert_eq!((first.limit, first.remaining, first.used), (60, 41, 19));
    assert!(before <= first.read_at && first.read_at <= SystemTime::now());
    bounded(client.get_artifact("o", "r", 2).send())
        .await
        .unwrap_err();
    let second = client.rate_limit_for("core").unwrap();
    assert_eq!(second.remaining, 40, "an error status's headers count too");
    assert!(second.read_at >= first.read_at);
    // A response without the headers leaves what GitHub last said.
    bounded(client.get_artifact("o", "r", 3).send())
        .await
        .unwrap();
    assert_eq!(client.rate_limit(), vec![second]);
}

#[tokio::test]
async fn a_refused_connection_says_so() {
    let listener = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
    let uri = format!("http://{}", listener.local_addr().unwrap());
    drop(listener);
    let error = bounded(client(&uri).get_artifact("o", "r", 1).send())
        .await
        .unwrap_err();
    assert!(matches!(error, Error::Transport(_)), "{error:?}");
    let message = error.to_string();
    assert!(
        message.to_lowercase().contains("connection refused"),
        "{message}"
    );
}

#[tokio::test]
async fn a_timeout_says_so() {
    // Accepts the connection, never answers.
    let listener = TcpListener::bind("127.0.0.1:0").await.unwrap();
    let uri = format!("http://{}", listener.local_addr().unwrap());
    let server = tokio::spawn(async move {
        let mut sockets = Vec::new();
        while let Ok((socket, _)) = listener.accept().await {
            sockets.push(socket);
        }
    });
    let client = Client::builder()
        .base_url(&uri)
        .unwrap()
        .timeout(Duration::from_millis(300))
        .retry_policy(RetryPolicy::none())
        .build()
        .unwrap();
    let error = bounded(client.get_artifact("o", "r", 1).send())
        .await
        .unwrap_err();
    server.abort();
    let message = error.to_string();
    assert!(message.contains("timed out"), "{message}");
}

/// A private certificate authority, and a server certificate for `127.0.0.1` it signed, as a
/// company's GitHub Enterprise Server might have.
struct PrivateAuthority {
    ca_pem: String,
    ca_der: Vec<u8>,
    server: Arc<rustls::ServerConfig>,
}

fn private_authority() -> PrivateAuthority {
    let ca_key = rcgen::KeyPair::generate().unwrap();
    let mut ca = rcgen::CertificateParams::new(Vec::<String>::new()).unwrap();
    ca.is_ca = rcgen::IsCa::Ca(rcgen::BasicConstraints::Unconstrained);
    ca.distinguished_name
        .push(rcgen::DnType::CommonName, "Hardening Test CA");
    let ca = ca.self_signed(&ca_key).unwrap();
    let server_key = rcgen::KeyPair::generate().unwrap();
    let server_certificate = rcgen::CertificateParams::new(vec!["127.0.0.1".to_owned()])
        .unwrap()
        .signed_by(&server_key, &ca, &ca_key)
        .unwrap();
    let key = PrivatePkcs8KeyDer::from(server_key.serialize_der());
    let provider = Arc::new(rustls::crypto::ring::default_provider());
    let server = rustls::ServerConfig::builder_with_provider(provider)
        .with_safe_default_protocol_versions()
        .unwrap()
        .with_no_client_auth()
        .with_single_cert(vec![server_certificate.der().clone()], key.into())
        .unwrap();
    PrivateAuthority {
        ca_pem: ca.pem(),
        ca_der: ca.der().to_vec(),
        server: Arc::new(server),
    }
}

/// A loopback HTTPS server: artifact downloads (`…/zip`) answer a redirect to a storage host,
/// everything else an artifact.
async fn https_server(config: Arc<rustls::ServerConfig>) -> String {
    let listener = TcpListener::bind("127.0.0.1:0").await.unwrap();
    let uri = format!("https://{}", listener.local_addr().unwrap());
    let acceptor = TlsAcceptor::from(config);
    tokio::spawn(async move {
        while let Ok((socket, _)) = listener.accept().await {
            let acceptor = acceptor.clone();
            tokio::spawn(async move {
                // A client that does not trust the certificate ends the handshake here.
                let Ok(mut tls) = acceptor.accept(socket).await else {
                    return;
                };
                let Some(line) = request_line(&mut tls).await else {
                    return;
                };
                let response = if line.contains("/zip ") {
                    "HTTP/1.1 302 Found\r\nlocation: https://storage.invalid/archive.zip\r\ncontent-length: 0\r\nconnection: close\r\n\r\n".to_owned()
                } else {
                    let body = artifact(1).to_string();
                    format!(
                        "HTTP/1.1 200 OK\r\ncontent-type: application/json\r\ncontent-length: {}\r\nconnection: close\r\n\r\n{body}",
                        body.len()
                    )
                };
                let _ = tls.write_all(response.as_bytes()).await;
                let _ = tls.shutdown().await;
            });
        }
    });
    uri
}

fn tls_client(uri: &str) -> github_actions_client::ClientBuilder {
    Client::builder()
        .base_url(uri)
        .unwrap()
        .token("secret-token")
        .retry_policy(RetryPolicy::none())
}

#[tokio::test]
async fn a_private_ca_is_trusted_only_when_added() {
    let authority = private_authority();
    let uri = https_server(authority.server.clone()).await;

    let untrusting = tls_client(&uri).build().unwrap();
    let error = bounded(untrusting.get_artifact("o", "r", 1).send())
        .await
        .unwrap_err();
    assert!(matches!(error, Error::Transport(_)), "{error:?}");
    let message = error.to_string();
    assert!(
        message.contains("certificate"),
        "the TLS error shows: {message}"
    );

    let with_pem = tls_client(&uri)
        .root_certificates_pem(authority.ca_pem.as_bytes())
        .unwrap()
        .build()
        .unwrap();
    let artifact = bounded(with_pem.get_artifact("o", "r", 1).send())
        .await
        .unwrap();
    assert_eq!(artifact.name.to_string(), "a1");

    let with_der = tls_client(&uri)
        .root_certificate_der(&authority.ca_der)
        .unwrap()
        .build()
        .unwrap();
    bounded(with_der.get_artifact("o", "r", 1).send())
        .await
        .unwrap();

    // Redirects are still the client's: a download's 302 is returned, not followed.
    let redirect = bounded(
        with_pem
            .download_artifact("o", "r", 1, ArtifactArchiveFormat::Zip)
            .send(),
    )
    .await
    .unwrap();
    assert_eq!(
        redirect.location().as_str(),
        "https://storage.invalid/archive.zip"
    );
}

#[test]
fn root_certificates_that_do_not_parse_are_config_errors() {
    let error = Client::builder()
        .root_certificates_pem(b"not a certificate")
        .unwrap_err();
    assert!(matches!(error, Error::Config(_)), "{error:?}");
    let error = Client::builder()
        .root_certificate_der(b"not DER")
        .and_then(|builder| builder.build())
        .unwrap_err();
    assert!(matches!(error, Error::Config(_)), "{error:?}");
    let error = Client::builder()
        .root_certificates_pem(private_authority().ca_pem.as_bytes())
        .unwrap()
        .http_client(reqwest::Client::new())
        .build()
        .unwrap_err();
    assert!(error.to_string().contains("http_client"), "{error}");
}

/// Set for the child process of [`platform_roots_trust_the_platform_store`]: the server's URL.
const PLATFORM_ROOTS_URI: &str = "HARDENING_PLATFORM_ROOTS_URI";

/// `platform_roots(true)` trusts the platform's store. On Linux that store is the file
/// `SSL_CERT_FILE` names, when set; an environment variable is the whole process's, so the
/// check runs in a child process of this test binary (the ignored test below) with it set to
/// the private CA.
#[tokio::test]
async fn platform_roots_trust_the_platform_store() {
    let authority = private_authority();
    let uri = https_server(authority.server.clone()).await;
    let directory = tempfile::tempdir().unwrap();
    let ca_file = directory.path().join("ca.pem");
    std::fs::write(&ca_file, &authority.ca_pem).unwrap();
    let child = tokio::task::spawn_blocking(move || {
        std::process::Command::new(std::env::current_exe().unwrap())
            .args([
                "--exact",
                "hardening::platform_roots_child",
                "--include-ignored",
                "--test-threads=1",
            ])
            .env("SSL_CERT_FILE", &ca_file)
            .env_remove("SSL_CERT_DIR")
            .env(PLATFORM_ROOTS_URI, &uri)
            .output()
            .unwrap()
    });
    let output = bounded(child).await.unwrap();
    let stdout = String::from_utf8_lossy(&output.stdout);
    assert!(
        output.status.success(),
        "{stdout}{}",
        String::from_utf8_lossy(&output.stderr)
    );
    assert!(
        stdout.contains("1 passed"),
        "the child ran the check: {stdout}"
    );
}

#[tokio::test]
#[ignore = "run by platform_roots_trust_the_platform_store, in a child process"]
async fn platform_roots_child() {
    let Ok(uri) = std::env::var(PLATFORM_ROOTS_URI) else {
        return;
    };
    let without = tls_client(&uri).build().unwrap();
    let error = bounded(without.get_artifact("o", "r", 1).send())
        .await
        .unwrap_err();
    assert!(error.to_string().contains("certificate"), "{error}");
    let with = tls_client(&uri).platform_roots(true).build().unwrap();
    let artifact = bounded(with.get_artifact("o", "r", 1).send())
        .await
        .unwrap();
    assert_eq!(artifact.name.to_string(), "a1");
}
