//! The hand-written runtime over real HTTP on loopback: pagination, downloads, retries and rate
//! limits. Waits go through a recording sleeper, so no test sleeps for real seconds.

use std::future::Future;
use std::pin::Pin;
use std::sync::{Arc, Mutex};
use std::time::{Duration, SystemTime, UNIX_EPOCH};

use futures::{StreamExt, TryStreamExt};
use github_actions_client::{Client, Error, RetryPolicy};
use wiremock::matchers::{header_exists, method, path, query_param};
use wiremock::{Mock, MockServer, Request, ResponseTemplate};

/// Records every wait the client asks for and returns at once.
#[derive(Clone, Default)]
struct Waits(Arc<Mutex<Vec<Duration>>>);

impl Waits {
    fn sleeper(
        &self,
    ) -> impl Fn(Duration) -> Pin<Box<dyn Future<Output = ()> + Send>> + Send + Sync + 'static {
        let waits = self.0.clone();
        move |duration| {
            waits.lock().unwrap().push(duration);
            Box::pin(async {})
        }
    }

    fn all(&self) -> Vec<Duration> {
        self.0.lock().unwrap().clone()
    }
}

/// A client whose waits are recorded and return at once. The clock does not move through them,
/// so the throttle's spacing of a retried write would be a wait of its own: off here, where the
/// waits are the retries' (`throttle.rs` tests the throttle).
fn client(server: &MockServer, waits: &Waits, policy: RetryPolicy) -> Client {
    Client::builder()
        .base_url(&server.uri())
        .unwrap()
        .token("secret-token")
        .retry_policy(policy)
        .throttle_policy(github_actions_client::ThrottlePolicy::disabled())
        .sleeper(waits.sleeper())
        .build()
        .unwrap()
}

fn artifact(id: i64) -> serde_json::Value {
    serde_json::json!({
        "id": id, "node_id": "n", "name": format!("a{id}"), "size_in_bytes": 1, "url": "u",
        "archive_download_url": "u", "expired": false, "created_at": null, "expires_at": null
    })
}

fn page_of(ids: &[i64]) -> ResponseTemplate {
    let body = serde_json::json!({"total_count": 5, "artifacts": ids.iter().map(|&id| artifact(id)).collect::<Vec<_>>()});
    ResponseTemplate::new(200).set_body_json(body)
}

/// Three pages, linked as GitHub links them; the stream follows `next`, keeps `per_page`, and
/// sends each request once.
async fn three_pages() -> MockServer {
    let server = MockServer::start().await;
    let base = format!("{}/repositories/42/actions/artifacts", server.uri());
    let link = |page: u32| {
        format!("<{base}?per_page=2&page={page}>; rel=\"next\", <{base}?per_page=2&page=3>; rel=\"last\"")
    };
    Mock::given(method("GET"))
        .and(path("/repos/o/r/actions/artifacts"))
        .and(query_param("per_page", "2"))
        .respond_with(page_of(&[1, 2]).insert_header("link", link(2)))
        .expect(1)
        .mount(&server)
        .await;
    Mock::given(method("GET"))
        .and(path("/repositories/42/actions/artifacts"))
        .and(query_param("page", "2"))
        .and(query_param("per_page", "2"))
        .respond_with(page_of(&[3, 4]).insert_header("link", link(3)))
        .expect(1)
        .mount(&server)
        .await;
    Mock::given(method("GET"))
        .and(path("/repositories/42/actions/artifacts"))
        .and(query_param("page", "3"))
        .respond_with(
            page_of(&[5])
                .insert_header("link", format!("<{base}?per_page=2&page=1>; rel=\"first\"")),
        )
        .expect(1)
        .mount(&server)
        .await;
    server
}

#[tokio::test]
async fn stream_follows_next_links_across_three_pages() {
    let server = three_pages().await;
    let client = client(&server, &Waits::default(), RetryPolicy::none());
    let ids: Vec<u64> = client
        .list_artifacts_for_repo("o", "r")
        .per_page(2)
        .stream()
        .map_ok(|artifact| artifact.id.0)
        .try_collect()
        .await
        .unwrap();
    assert_eq!(ids, [1, 2, 3, 4, 5]);
    for request in server.received_requests().await.unwrap() {
        assert_eq!(
            request.headers.get("authorization").unwrap(),
            "Bearer secret-token",
            "same origin keeps the token"
        );
    }
}

#[tokio::test]
async fn pages_yields_whole_pages() {
    let server = three_pages().await;
    let client = client(&server, &Waits::default(), RetryPolicy::none());
    let sizes: Vec<usize> = client
        .list_artifacts_for_repo("o", "r")
        .per_page(2)
        .pages()
        .map_ok(|page| page.artifacts.len())
        .try_collect()
        .await
        .unwrap();
    assert_eq!(sizes, [2, 2, 1]);
}

#[tokio::test]
async fn a_failing_page_ends_the_stream_with_its_error() {
    let server = MockServer::start().await;
    let next = format!("<{}/next>; rel=\"next\"", server.uri());
    Mock::given(path("/repos/o/r/actions/artifacts"))
        .respond_with(page_of(&[1]).insert_header("link", next))
        .mount(&server)
        .await;
    Mock::given(path("/next"))
        .respond_with(ResponseTemplate::new(404))
        .mount(&server)
        .await;
    let client = client(&server, &Waits::default(), RetryPolicy::none());
    let results: Vec<Result<_, Error>> = client
        .list_artifacts_for_repo("o", "r")
        .stream()
        .collect()
        .await;
    assert_eq!(results.len(), 2);
    assert_eq!(results[0].as_ref().unwrap().id, 1);
    assert_eq!(results[1].as_ref().unwrap_err().status(), Some(404));
}

#[tokio::test]
async fn a_download_never_sends_the_token_to_the_storage_host() {
    let github = MockServer::start().await;
    let storage = MockServer::start().await;
    let body: Vec<u8> = (0..200_000u32).map(|i| (i % 251) as u8).collect();
    Mock::given(method("GET"))
        .and(path("/repos/o/r/actions/runs/7/logs"))
        .respond_with(
            ResponseTemplate::new(302)
                .insert_header("location", format!("{}/hop?sig=abc", storage.uri())),
        )
        .expect(1)
        .mount(&github)
        .await;
    // The storage host redirects once more, as blob stores do.
    Mock::given(path("/hop"))
        .respond_with(
            ResponseTemplate::new(307).insert_header("location", "/blob/logs.zip?sig=abc"),
        )
        .expect(1)
        .mount(&storage)
        .await;
    Mock::given(path("/blob/logs.zip"))
        .respond_with(ResponseTemplate::new(200).set_body_bytes(body.clone()))
        .expect(1)
        .mount(&storage)
        .await;

    let client = client(&github, &Waits::default(), RetryPolicy::none());
    let download = client
        .download_workflow_run_logs("o", "r", 7)
        .download()
        .await
        .unwrap();
    assert_eq!(download.content_length(), Some(body.len() as u64));
    let mut received = Vec::new();
    let written = download.write_to(&mut received).await.unwrap();
    assert_eq!(written, body.len() as u64);
    assert_eq!(received, body);

    let github_requests = github.received_requests().await.unwrap();
    assert_eq!(
        github_requests[0].headers.get("authorization").unwrap(),
        "Bearer secret-token"
    );
    for request in storage.received_requests().await.unwrap() {
        assert!(
            request.headers.get("authorization").is_none(),
            "the token went to the storage host: {}",
            request.url
        );
        assert!(
            request.headers.get("x-github-api-version").is_none(),
            "GitHub headers went to the storage host"
        );
    }
}

#[tokio::test]
async fn a_download_saves_to_a_file() {
    let github = MockServer::start().await;
    let storage = MockServer::start().await;
    Mock::given(path("/repos/o/r/actions/artifacts/5/zip"))
        .respond_with(
            ResponseTemplate::new(302)
                .insert_header("location", format!("{}/a.zip", storage.uri())),
        )
        .mount(&github)
        .await;
    Mock::given(path("/a.zip"))
        .respond_with(ResponseTemplate::new(200).set_body_bytes(b"PK\x03\x04zip".to_vec()))
        .mount(&storage)
        .await;
    let client = client(&github, &Waits::default(), RetryPolicy::none());
    let redirect = client
        .download_artifact(
            "o",
            "r",
            5,
            github_actions_client::models::ArtifactArchiveFormat::Zip,
        )
        .send()
        .await
        .unwrap();
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("a.zip");
    let written = client
        .download(&redirect)
        .await
        .unwrap()
        .save(&file)
        .await
        .unwrap();
    assert_eq!(written, 7);
    assert_eq!(std::fs::read(&file).unwrap(), b"PK\x03\x04zip");
}

#[tokio::test]
async fn idempotent_requests_retry_server_errors_with_backoff() {
    let server = MockServer::start().await;
    Mock::given(method("GET"))
        .respond_with(ResponseTemplate::new(502))
        .up_to_n_times(2)
        .with_priority(1)
        .mount(&server)
        .await;
    Mock::given(method("GET"))
        .respond_with(page_of(&[1]))
        .mount(&server)
        .await;
    let waits = Waits::default();
    let policy = RetryPolicy::default().initial_backoff(Duration::from_secs(1));
    let page = client(&server, &waits, policy)
        .list_artifacts_for_repo("o", "r")
        .send()
        .await
        .unwrap();
    assert_eq!(page.artifacts.len(), 1);
    assert_eq!(server.received_requests().await.unwrap().len(), 3);
    let waits = waits.all();
    assert_eq!(waits.len(), 2);
    assert!(
        waits[0] >= Duration::from_millis(500) && waits[0] <= Duration::from_secs(1),
        "{waits:?}"
    );
    assert!(
        waits[1] >= Duration::from_secs(1) && waits[1] <= Duration::from_secs(2),
        "{waits:?}"
    );
}

#[tokio::test]
async fn retries_are_bounded() {
    let server = MockServer::start().await;
    Mock::given(method("DELETE"))
        .respond_with(ResponseTemplate::new(503))
        .mount(&server)
        .await;
    let waits = Waits::default();
    let error = client(&server, &waits, RetryPolicy::default().max_retries(2))
        .delete_artifact("o", "r", 1)
        .send()
        .await
        .unwrap_err();
    assert_eq!(error.status(), Some(503));
    assert_eq!(server.received_requests().await.unwrap().len(), 3);
    assert_eq!(waits.all().len(), 2);
}

#[tokio::test]
async fn posts_are_not_retried_blindly() {
    let server = MockServer::start().await;
    Mock::given(method("POST"))
        .respond_with(ResponseTemplate::new(502))
        .mount(&server)
        .await;
    let waits = Waits::default();
    let error = client(&server, &waits, RetryPolicy::default())
        .re_run_workflow("o", "r", 1)
        .send()
        .await
        .unwrap_err();
    assert_eq!(error.status(), Some(502));
    assert_eq!(server.received_requests().await.unwrap().len(), 1);
    assert!(waits.all().is_empty());
}

#[tokio::test]
async fn connection_failures_are_retried_then_reported() {
    // A port nothing listens on: bind, note the port, close.
    let port = std::net::TcpListener::bind("127.0.0.1:0")
        .unwrap()
        .local_addr()
        .unwrap()
        .port();
    let waits = Waits::default();
    let client = Client::builder()
        .base_url(&format!("http://127.0.0.1:{port}"))
        .unwrap()
        .retry_policy(RetryPolicy::default().max_retries(2))
        .sleeper(waits.sleeper())
        .build()
        .unwrap();
    let error = client.get_artifact("o", "r", 1).send().await.unwrap_err();
    assert!(matches!(error, Error::Transport(_)), "{error:?}");
    assert_eq!(waits.all().len(), 2);
}

#[tokio::test]
async fn a_429_waits_retry_after_then_succeeds() {
    let server = MockServer::start().await;
    Mock::given(method("POST"))
        .respond_with(ResponseTemplate::new(429).insert_header("retry-after", "7"))
        .up_to_n_times(1)
        .with_priority(1)
        .mount(&server)
        .await;
    Mock::given(method("POST"))
        .respond_with(ResponseTemplate::new(201))
        .mount(&server)
        .await;
    let waits = Waits::default();
    // Even a POST: a rate-limited request was not processed.
    client(&server, &waits, RetryPolicy::default())
        .re_run_workflow("o", "r", 1)
        .send()
        .await
        .unwrap();
    assert_eq!(waits.all(), [Duration::from_secs(7)]);
}

fn secondary_limit() -> ResponseTemplate {
    ResponseTemplate::new(403).set_body_json(serde_json::json!({
        "message": "You have exceeded a secondary rate limit. Please wait a few minutes before you try again.",
        "documentation_url": "https://docs.github.com/rest/overview/rate-limits-for-the-rest-api"
    }))
}

#[tokio::test]
async fn a_secondary_limit_waits_a_minute_then_longer() {
    let server = MockServer::start().await;
    Mock::given(method("GET"))
        .respond_with(secondary_limit())
        .up_to_n_times(2)
        .with_priority(1)
        .mount(&server)
        .await;
    Mock::given(method("GET"))
        .respond_with(page_of(&[]))
        .mount(&server)
        .await;
    let waits = Waits::default();
    client(&server, &waits, RetryPolicy::default())
        .list_artifacts_for_repo("o", "r")
        .send()
        .await
        .unwrap();
    assert_eq!(
        waits.all(),
        [Duration::from_secs(60), Duration::from_secs(120)]
    );
}

#[tokio::test]
async fn a_wait_beyond_the_cap_is_an_error_and_clones_hold_back() {
    let server = MockServer::start().await;
    Mock::given(method("GET"))
        .respond_with(secondary_limit().insert_header("x-github-request-id", "ID:1"))
        .mount(&server)
        .await;
    let waits = Waits::default();
    let client = client(
        &server,
        &waits,
        RetryPolicy::default().max_rate_limit_wait(Duration::from_secs(30)),
    );
    let error = client
        .list_artifacts_for_repo("o", "r")
        .send()
        .await
        .unwrap_err();
    let Error::RateLimited(limited) = &error else {
        panic!("{error:?}")
    };
    assert_eq!(limited.status, Some(403));
    assert_eq!(limited.wait, Duration::from_secs(60));
    assert_eq!(error.request_id(), Some("ID:1"));
    let shown = error.to_string();
    assert!(
        shown.contains("secondary rate limit") && shown.contains("max_rate_limit_wait"),
        "{shown}"
    );
    assert!(waits.all().is_empty());

    // A clone learned it too: it does not even send.
    let clone = client.clone();
    let error = clone.get_artifact("o", "r", 1).send().await.unwrap_err();
    let Error::RateLimited(limited) = &error else {
        panic!("{error:?}")
    };
    assert_eq!(limited.status, None);
    assert_eq!(server.received_requests().await.unwrap().len(), 1);
}

#[tokio::test]
async fn an_exhausted_primary_limit_waits_until_reset() {
    let server = MockServer::start().await;
    let reset = SystemTime::now()
        .duration_since(UNIX_EPOCH)
        .unwrap()
        .as_secs()
        + 40;
    Mock::given(method("GET"))
        .respond_with(
            ResponseTemplate::new(403)
                .insert_header("x-ratelimit-limit", "60")
                .insert_header("x-ratelimit-remaining", "0")
                .insert_header("x-ratelimit-used", "60")
                .insert_header("x-ratelimit-reset", reset.to_string())
                .set_body_json(
                    serde_json::json!({"message": "API rate limit exceeded for 127.0.0.1."}),
                ),
        )
        .up_to_n_times(1)
        .with_priority(1)
        .mount(&server)
        .await;
    Mock::given(method("GET"))
        .respond_with(
            page_of(&[])
                .insert_header("x-ratelimit-limit", "60")
                .insert_header("x-ratelimit-remaining", "59")
                .insert_header("x-ratelimit-used", "1")
                .insert_header("x-ratelimit-reset", (reset + 3600).to_string()),
        )
        .mount(&server)
        .await;
    let waits = Waits::default();
    let client = client(&server, &waits, RetryPolicy::default());
    client
        .list_artifacts_for_repo("o", "r")
        .send()
        .await
        .unwrap();
    let waits = waits.all();
    assert_eq!(waits.len(), 1, "{waits:?}");
    assert!(
        waits[0] >= Duration::from_secs(39) && waits[0] <= Duration::from_secs(42),
        "{waits:?}"
    );
    let limit = client
        .clone()
        .rate_limit_for("core")
        .expect("clones read what the client learned");
    assert_eq!((limit.limit, limit.remaining, limit.used), (60, 59, 1));
    assert_eq!(limit.resource, "core");
}

#[tokio::test]
async fn retries_can_be_switched_off() {
    let server = MockServer::start().await;
    Mock::given(method("GET"))
        .respond_with(ResponseTemplate::new(429).insert_header("retry-after", "1"))
        .mount(&server)
        .await;
    let waits = Waits::default();
    let error = client(&server, &waits, RetryPolicy::none())
        .get_artifact("o", "r", 1)
        .send()
        .await
        .unwrap_err();
    assert!(matches!(error, Error::RateLimited(_)), "{error:?}");
    assert_eq!(server.received_requests().await.unwrap().len(), 1);
}

#[tokio::test]
async fn validation_errors_are_listed() {
    let server = MockServer::start().await;
    Mock::given(method("POST"))
        .respond_with(ResponseTemplate::new(422).set_body_json(serde_json::json!({
            "message": "Validation Failed",
            "errors": [{"resource": "Workflow", "field": "ref", "code": "invalid"}, "No ref found for: nope"],
            "documentation_url": "https://docs.github.com/rest"
        })))
        .mount(&server)
        .await;
    let error = client(&server, &Waits::default(), RetryPolicy::none())
        .create_workflow_dispatch("o", "r", "main.yml", "nope")
        .send()
        .await
        .unwrap_err();
    let Error::Api(api) = &error else {
        panic!("{error:?}")
    };
    assert_eq!(api.errors.len(), 2);
    assert_eq!(api.errors[0].field.as_deref(), Some("ref"));
    assert_eq!(
        api.errors[1].message.as_deref(),
        Some("No ref found for: nope")
    );
    let shown = error.to_string();
    assert!(
        shown.contains("field `ref`, code invalid") && shown.contains("No ref found"),
        "{shown}"
    );
}

#[tokio::test]
async fn query_values_are_encoded() {
    let server = MockServer::start().await;
    Mock::given(method("GET"))
        .and(path("/repos/o/r/actions/runs"))
        .and(query_param("branch", "feature/x y&z"))
        .and(header_exists("user-agent"))
        .respond_with(
            ResponseTemplate::new(200)
                .set_body_json(serde_json::json!({"total_count": 0, "workflow_runs": []})),
        )
        .expect(1)
        .mount(&server)
        .await;
    client(&server, &Waits::default(), RetryPolicy::none())
        .list_workflow_runs_for_repo("o", "r")
        .branch("feature/x y&z")
        .send()
        .await
        .unwrap();
    let requests: Vec<Request> = server.received_requests().await.unwrap();
    assert_eq!(requests[0].url.query(), Some("branch=feature%2Fx+y%26z"));
}

#[tokio::test]
async fn workflow_ids_are_numbers_or_file_names() {
    let server = MockServer::start().await;
    Mock::given(path("/repos/o/r/actions/workflows/161335/dispatches"))
        .respond_with(ResponseTemplate::new(204))
        .expect(1)
        .mount(&server)
        .await;
    Mock::given(path("/repos/o/r/actions/workflows/main.yml/dispatches"))
        .respond_with(ResponseTemplate::new(204))
        .expect(1)
        .mount(&server)
        .await;
    let client = client(&server, &Waits::default(), RetryPolicy::none());
    client
        .create_workflow_dispatch("o", "r", 161335, "main")
        .send()
        .await
        .unwrap();
    client
        .create_workflow_dispatch("o", "r", "main.yml", "main")
        .send()
        .await
        .unwrap();
    let bodies: Vec<serde_json::Value> = server
        .received_requests()
        .await
        .unwrap()
        .iter()
        .map(|r| serde_json::from_slice(&r.body).unwrap())
        .collect();
    assert_eq!(bodies[0], serde_json::json!({"ref": "main"}));
}

#[tokio::test]
async fn a_custom_api_version_and_user_agent_are_sent() {
    let server = MockServer::start().await;
    Mock::given(method("GET"))
        .and(wiremock::matchers::header(
            "x-github-api-version",
            "2026-03-10",
        ))
        .and(wiremock::matchers::header("user-agent", "my-ci-bot"))
        .respond_with(page_of(&[]))
        .expect(1)
        .mount(&server)
        .await;
    let client = Client::builder()
        .base_url(&server.uri())
        .unwrap()
        .api_version("2026-03-10")
        .user_agent("my-ci-bot")
        .build()
        .unwrap();
    client
        .list_artifacts_for_repo("o", "r")
        .send()
        .await
        .unwrap();
    assert!(
        server.received_requests().await.unwrap()[0]
            .headers
            .get("authorization")
            .is_none(),
        "no token, no header"
    );
}

#[tokio::test]
async fn deprecated_endpoints_are_logged() {
    use tracing_subscriber::layer::SubscriberExt;
    let server = MockServer::start().await;
    Mock::given(method("GET"))
        .respond_with(
            page_of(&[])
                .insert_header("deprecation", "@1700000000")
                .insert_header("sunset", "Wed, 11 Nov 2026 11:11:11 GMT"),
        )
        .mount(&server)
        .await;
    let logs = Arc::new(Mutex::new(Vec::<u8>::new()));
    let writer = {
        let logs = logs.clone();
        move || LogWriter(logs.clone())
    };
    let subscriber = tracing_subscriber::registry().with(
        tracing_subscriber::fmt::layer()
            .with_writer(writer)
            .with_ansi(false),
    );
    let _guard = tracing::subscriber::set_default(subscriber);
    client(&server, &Waits::default(), RetryPolicy::none())
        .list_artifacts_for_repo("o", "r")
        .send()
        .await
        .unwrap();
    let logs = String::from_utf8(logs.lock().unwrap().clone()).unwrap();
    assert!(
        logs.contains("deprecated") && logs.contains("Wed, 11 Nov 2026"),
        "{logs}"
    );
}

struct LogWriter(Arc<Mutex<Vec<u8>>>);

impl std::io::Write for LogWriter {
    fn write(&mut self, buf: &[u8]) -> std::io::Result<usize> {
        self.0.lock().unwrap().extend_from_slice(buf);
        Ok(buf.len())
    }

    fn flush(&mut self) -> std::io::Result<()> {
        Ok(())
    }
}

#[tokio::test]
async fn a_custom_http_client_still_sends_the_user_agent() {
    let server = MockServer::start().await;
    Mock::given(method("GET"))
        .and(wiremock::matchers::header(
            "user-agent",
            concat!("github-actions-client/", "0.1.0"),
        ))
        .respond_with(page_of(&[]))
        .expect(1)
        .mount(&server)
        .await;
    let http = reqwest::Client::builder()
        .redirect(reqwest::redirect::Policy::none())
        .build()
        .unwrap();
    let client = Client::builder()
        .base_url(&server.uri())
        .unwrap()
        .http_client(http)
        .build()
        .unwrap();
    client
        .list_artifacts_for_repo("o", "r")
        .send()
        .await
        .unwrap();
}

#[tokio::test]
async fn a_missing_required_field_is_named() {
    let server = MockServer::start().await;
    let mut artifact = artifact(1);
    artifact.as_object_mut().unwrap().remove("name");
    let body = serde_json::json!({"total_count": 1, "artifacts": [artifact]});
    let (path, message) =
        artifact_list_decode_error(&server, ResponseTemplate::new(200).set_body_json(body)).await;
    assert_eq!(message, "missing field `name`");
    assert_eq!(path, "artifacts[0]");
}

/// The path and message of the `Error::Decode` that listing artifacts fails with when the
/// server answers `response`.
async fn artifact_list_decode_error(
    server: &MockServer,
    response: ResponseTemplate,
) -> (String, String) {
    Mock::given(method("GET"))
        .respond_with(response)
        .mount(server)
        .await;
    let error = client(server, &Waits::default(), RetryPolicy::none())
        .list_artifacts_for_repo("o", "r")
        .send()
        .await
        .unwrap_err();
    match error {
        Error::Decode { path, message, .. } => (path, message),
        error => panic!("{error:?}"),
    }
}

/// `send()` returns a `Sending` future that owns what it needs: it can be spawned, and nothing
/// is sent until it is polled.
#[tokio::test]
async fn a_sending_request_is_lazy_and_can_be_spawned() {
    let server = MockServer::start().await;
    Mock::given(method("GET"))
        .respond_with(ResponseTemplate::new(200).set_body_json(artifact(7)))
        .expect(1)
        .mount(&server)
        .await;
    let client = client(&server, &Waits::default(), RetryPolicy::none());
    let sending = client.get_artifact("o", "r", 7).send();
    tokio::task::yield_now().await;
    assert!(server.received_requests().await.unwrap().is_empty());
    let artifact = tokio::spawn(sending).await.unwrap().unwrap();
    assert_eq!(artifact.id, 7);
}

/// The body is checked as UTF-8 as a whole before decoding (see `RawResponse::json`): a bad
/// byte is a decode error that still names the value it is in.
#[tokio::test]
async fn a_body_that_is_not_utf8_is_a_decode_error_with_its_path() {
    let server = MockServer::start().await;
    let body = serde_json::to_vec(&serde_json::json!({
        "total_count": 1,
        "artifacts": [artifact(1)],
    }))
    .unwrap();
    let name = b"\"name\":\"";
    let at = body.windows(name.len()).position(|w| w == name).unwrap() + name.len();
    let mut body = body;
    body[at] = 0xff;
    let response = ResponseTemplate::new(200).set_body_raw(body, "application/json");
    let (path, message) = artifact_list_decode_error(&server, response).await;
    assert_eq!(message, "invalid UTF-8");
    assert_eq!(path, "artifacts[0].name");
}

/// A strange response never panics the client: an absurd `retry-after` is a clear error.
#[tokio::test]
async fn an_absurd_retry_after_is_an_error_not_a_panic() {
    let server = MockServer::start().await;
    Mock::given(method("GET"))
        .respond_with(ResponseTemplate::new(429).insert_header("retry-after", u64::MAX.to_string()))
        .mount(&server)
        .await;
    let waits = Waits::default();
    let error = client(&server, &waits, RetryPolicy::default())
        .get_artifact("o", "r", 1)
        .send()
        .await
        .unwrap_err();
    let Error::RateLimited(limited) = &error else {
        panic!("{error:?}")
    };
    assert_eq!(limited.wait, Duration::from_secs(u64::MAX));
    assert!(waits.all().is_empty());
}
