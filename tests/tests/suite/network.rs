//! What the client costs on the network, over real HTTP on loopback: compression for API calls
//! (never for downloads), conditional requests answered `304`, and connections kept and reused.

use std::hash::{Hash, Hasher};
use std::io::Write;
use std::net::SocketAddr;
use std::sync::atomic::{AtomicU64, AtomicUsize, Ordering};
use std::sync::Arc;

use futures::TryStreamExt;
use github_actions_client::Client;
use wiremock::matchers::{method, path};
use wiremock::{Mock, MockServer, Request, Respond, ResponseTemplate};

use crate::hardening::request_line;

/// The `head_sha` of the run in the docs' example.
const HEAD_SHA: &str = "acb5820ced9479c074f688cc328bf03f341a511d";

/// A JSON value from the docs' examples in `spec/`: the example of schema `schema` in `file`.
pub(crate) fn spec_example(file: &str, schema: &str) -> serde_json::Value {
    let path = xtask::codegen::workspace_root().join("spec").join(file);
    let text = std::fs::read_to_string(&path).unwrap();
    let yaml: serde_yaml::Value = serde_yaml::from_str(&text).unwrap();
    let example = &yaml["schemas"][schema]["example"];
    assert!(!example.is_null(), "{file} has an example of `{schema}`");
    serde_json::to_value(example).unwrap()
}

fn client(base: &str, token: &str) -> Client {
    Client::builder()
        .base_url(base)
        .unwrap()
        .token(token)
        .build()
        .unwrap()
}

fn gzip(bytes: &[u8]) -> Vec<u8> {
    let mut encoder = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::default());
    encoder.write_all(bytes).unwrap();
    encoder.finish().unwrap()
}

fn header<'r>(request: &'r Request, name: &str) -> Option<&'r str> {
    request.headers.get(name).and_then(|v| v.to_str().ok())
}

/// Answers with the body gzipped when the request allows it, as GitHub does, and plain
/// otherwise.
struct GzipWhenAsked(Vec<u8>);

impl Respond for GzipWhenAsked {
    fn respond(&self, request: &Request) -> ResponseTemplate {
        let accepts = header(request, "accept-encoding").unwrap_or_default();
        if accepts.split(',').any(|coding| coding.trim() == "gzip") {
            ResponseTemplate::new(200)
                .insert_header("content-encoding", "gzip")
                .set_body_raw(gzip(&self.0), "application/json")
        } else {
            ResponseTemplate::new(200).set_body_raw(self.0.clone(), "application/json")
        }
    }
}

#[tokio::test]
async fn api_calls_ask_for_gzip_and_decode_it() {
    let server = MockServer::start().await;
    let run = spec_example("workflow-runs.yaml", "workflow-run");
    let body = serde_json::to_vec(&run).unwrap();
    Mock::given(method("GET"))
        .and(path("/repos/o/r/actions/runs/30433642"))
        .respond_with(GzipWhenAsked(body.clone()))
        .expect(1)
        .mount(&server)
        .await;

    let run = client(&server.uri(), "t")
        .get_workflow_run("o", "r", 30433642)
        .send()
        .await
        .unwrap();
    assert_eq!(run.id, 30433642);
    assert_eq!(run.head_sha, HEAD_SHA);

    let requests = server.received_requests().await.unwrap();
    assert_eq!(header(&requests[0], "accept-encoding"), Some("gzip"));
    assert!(gzip(&body).len() * 4 < body.len(), "gzip pays on a run");
}

#[tokio::test]
async fn downloads_do_not_ask_for_gzip_and_arrive_byte_identical() {
    let server = MockServer::start().await;
    // An archive that its storage host labels `Content-Encoding: gzip` (as blob stores do for
    // files uploaded with that metadata): the client must hand on the bytes as stored.
    let archive = gzip(&(0..300_000u32).map(|i| (i % 7) as u8).collect::<Vec<_>>());
    Mock::given(path("/repos/o/r/actions/runs/7/logs"))
        .respond_with(
            ResponseTemplate::new(302)
                .insert_header("location", format!("{}/blob/logs.zip", server.uri())),
        )
        .expect(1)
        .mount(&server)
        .await;
    Mock::given(path("/blob/logs.zip"))
        .respond_with(
            ResponseTemplate::new(200)
                .insert_header("content-encoding", "gzip")
                .set_body_raw(archive.clone(), "application/zip"),
        )
        .expect(1)
        .mount(&server)
        .await;

    let download = client(&server.uri(), "t")
        .download_workflow_run_logs("o", "r", 7)
        .download()
        .await
        .unwrap();
    assert_eq!(download.content_length(), Some(archive.len() as u64));
    let mut received = Vec::new();
    download.write_to(&mut received).await.unwrap();
    assert!(received == archive, "the archive arrived changed");

    let requests = server.received_requests().await.unwrap();
    assert_eq!(header(&requests[0], "accept-encoding"), Some("gzip"));
    let blob = &requests[1];
    assert_eq!(blob.url.path(), "/blob/logs.zip");
    assert_eq!(header(blob, "accept-encoding"), Some("identity"));
}

/// A resource that answers as GitHub does: `200` with an `ETag`, `304 Not Modified` (no body)
/// when `If-None-Match` matches it; only a `200` counts against the rate limit. Counts both.
#[derive(Clone)]
struct Resource(Arc<ResourceState>);

struct ResourceState {
    body: Vec<u8>,
    ok: AtomicUsize,
    not_modified: AtomicUsize,
    used: AtomicU64,
    /// The `If-None-Match` of each request, in order.
    conditions: std::sync::Mutex<Vec<Option<String>>>,
}

impl Resource {
    fn new(body: &serde_json::Value) -> Self {
        Self(Arc::new(ResourceState {
            body: serde_json::to_vec(body).unwrap(),
            ok: AtomicUsize::new(0),
            not_modified: AtomicUsize::new(0),
            used: AtomicU64::new(0),
            conditions: Default::default(),
        }))
    }

    /// `(200s, 304s)` sent so far.
    fn counts(&self) -> (usize, usize) {
        (
            self.0.ok.load(Ordering::SeqCst),
            self.0.not_modified.load(Ordering::SeqCst),
        )
    }

    fn conditions(&self) -> Vec<Option<String>> {
        self.0.conditions.lock().unwrap().clone()
    }
}

impl Respond for Resource {
    fn respond(&self, request: &Request) -> ResponseTemplate {
        // Different for each token and each URL (GitHub's vary with `Authorization`), the
        // same each time for one of them.
        let token = header(request, "authorization").unwrap_or("anonymous");
        let mut hasher = std::collections::hash_map::DefaultHasher::new();
        (token, request.url.path()).hash(&mut hasher);
        let etag = format!("W/\"{:x}\"", hasher.finish());
        let condition = header(request, "if-none-match").map(str::to_owned);
        self.0.conditions.lock().unwrap().push(condition.clone());
        let unchanged = condition.as_deref() == Some(etag.as_str());
        let used = if unchanged {
            self.0.not_modified.fetch_add(1, Ordering::SeqCst);
            self.0.used.load(Ordering::SeqCst)
        } else {
            self.0.ok.fetch_add(1, Ordering::SeqCst);
            self.0.used.fetch_add(1, Ordering::SeqCst) + 1
        };
        let template = match unchanged {
            true => ResponseTemplate::new(304),
            false => ResponseTemplate::new(200)
                .set_body_raw(self.0.body.clone(), "application/json")
                .insert_header("last-modified", "Wed, 22 Jan 2020 19:33:08 GMT"),
        };
        template
            .insert_header("etag", etag.as_str())
            .insert_header("x-ratelimit-limit", "5000")
            .insert_header("x-ratelimit-remaining", (5000 - used).to_string().as_str())
            .insert_header("x-ratelimit-used", used.to_string().as_str())
            .insert_header("x-ratelimit-reset", "4102444800")
            .insert_header("x-ratelimit-resource", "core")
    }
}

async fn run_resource(server: &MockServer) -> Resource {
    let resource = Resource::new(&spec_example("workflow-runs.yaml", "workflow-run"));
    Mock::given(method("GET"))
        .and(path("/repos/o/r/actions/runs/30433642"))
        .respond_with(resource.clone())
        .mount(server)
        .await;
    resource
}

#[tokio::test]
async fn polling_an_unchanged_run_30_times_is_one_200_and_29_304s() {
    let server = MockServer::start().await;
    let resource = run_resource(&server).await;
    let client = client(&server.uri(), "t");
    for poll in 0..30 {
        // Clones share what was cached.
        let run = client
            .clone()
            .get_workflow_run("o", "r", 30433642)
            .send()
            .await
            .unwrap();
        assert_eq!(run.id, 30433642, "poll {poll}");
        assert_eq!(run.head_sha, HEAD_SHA, "poll {poll}");
    }
    assert_eq!(resource.counts(), (1, 29));
    let conditions = resource.conditions();
    assert_eq!(conditions[0], None);
    let etag = conditions[1]
        .clone()
        .expect("the second poll is conditional");
    assert!(conditions[1..].iter().all(|c| c.as_deref() == Some(&*etag)));
    // The 304s did not use the budget: the last response (a 304) reports what the 200 left.
    let limit = client.rate_limit_for("core").unwrap();
    assert_eq!((limit.remaining, limit.used), (4999, 1));
}

#[tokio::test]
async fn conditional_requests_can_be_switched_off() {
    let server = MockServer::start().await;
    let resource = run_resource(&server).await;
    let client = Client::builder()
        .base_url(&server.uri())
        .unwrap()
        .token("t")
        .conditional_requests(false)
        .build()
        .unwrap();
    for _ in 0..30 {
        client
            .get_workflow_run("o", "r", 30433642)
            .send()
            .await
            .unwrap();
    }
    assert_eq!(resource.counts(), (30, 0));
    assert!(resource.conditions().iter().all(Option::is_none));
    assert_eq!(client.rate_limit_for("core").unwrap().remaining, 4970);
}

#[tokio::test]
async fn clients_with_different_tokens_share_nothing() {
    let server = MockServer::start().await;
    let resource = run_resource(&server).await;
    let alice = client(&server.uri(), "alice");
    let bob = client(&server.uri(), "bob");
    for client in [&alice, &bob, &alice, &bob] {
        client
            .get_workflow_run("o", "r", 30433642)
            .send()
            .await
            .unwrap();
    }
    assert_eq!(resource.counts(), (2, 2));
    let conditions = resource.conditions();
    assert_eq!(
        conditions[..2],
        [None, None],
        "bob's first request is not alice's"
    );
    assert!(conditions[2].is_some() && conditions[3].is_some());
    assert_ne!(conditions[2], conditions[3]);
}

#[tokio::test]
async fn the_cache_keeps_within_its_bound() {
    let server = MockServer::start().await;
    let resource = Resource::new(&spec_example("workflow-runs.yaml", "workflow-run"));
    Mock::given(method("GET"))
        .respond_with(resource.clone())
        .mount(&server)
        .await;
    let client = Client::builder()
        .base_url(&server.uri())
        .unwrap()
        .token("t")
        .response_cache_capacity(2, 1 << 20)
        .build()
        .unwrap();
    let get = |id: u64| client.get_workflow_run("o", "r", id).send();
    for id in [1, 2, 3] {
        get(id).await.unwrap();
    }
    assert_eq!(resource.counts(), (3, 0));
    get(3).await.unwrap();
    get(2).await.unwrap();
    assert_eq!(resource.counts(), (3, 2), "the two most recent are kept");
    get(1).await.unwrap();
    assert_eq!(resource.counts(), (4, 2), "the oldest was dropped");

    // A bound in bytes smaller than one answer keeps none.
    let small = Client::builder()
        .base_url(&server.uri())
        .unwrap()
        .token("t")
        .response_cache_capacity(100, 1000)
        .build()
        .unwrap();
    for _ in 0..3 {
        small.get_workflow_run("o", "r", 9).send().await.unwrap();
    }
    assert_eq!(resource.counts(), (7, 2));
}

/// A TCP proxy in front of `target` that counts the connections it accepts.
async fn counting_proxy(target: SocketAddr) -> (String, Arc<AtomicUsize>) {
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let address = listener.local_addr().unwrap();
    let accepted = Arc::new(AtomicUsize::new(0));
    let counter = accepted.clone();
    tokio::spawn(async move {
        while let Ok((mut inbound, _)) = listener.accept().await {
            counter.fetch_add(1, Ordering::SeqCst);
            tokio::spawn(async move {
                let mut outbound = tokio::net::TcpStream::connect(target).await.unwrap();
                let _ = tokio::io::copy_bidirectional(&mut inbound, &mut outbound).await;
            });
        }
    });
    (format!("http://{address}"), accepted)
}

/// Pages `1..=last` of a list of artifacts, one artifact each, linked by `rel="next"` under
/// `base`, each with an `ETag` (`304` when it matches).
struct LinkedPages {
    base: String,
    last: u32,
}

impl Respond for LinkedPages {
    fn respond(&self, request: &Request) -> ResponseTemplate {
        let page: u32 = request
            .url
            .query_pairs()
            .find(|(name, _)| name == "page")
            .map_or(1, |(_, value)| value.parse().unwrap());
        let artifact = serde_json::json!({
            "id": page, "node_id": "n", "name": format!("a{page}"), "size_in_bytes": 1,
            "url": "u", "archive_download_url": "u", "expired": false,
        });
        let body = serde_json::json!({"total_count": self.last, "artifacts": [artifact]});
        let etag = format!("\"page-{page}\"");
        if header(request, "if-none-match") == Some(etag.as_str()) {
            return ResponseTemplate::new(304).insert_header("etag", etag.as_str());
        }
        let mut template = ResponseTemplate::new(200)
            .set_body_json(body)
            .insert_header("etag", etag.as_str());
        if page < self.last {
            let next = format!(
                "<{}/repos/o/r/actions/artifacts?per_page=1&page={}>; rel=\"next\"",
                self.base,
                page + 1
            );
            template = template.insert_header("link", next.as_str());
        }
        template
    }
}

#[tokio::test]
async fn one_connection_serves_100_sequential_pages_and_the_clients_clones() {
    let server = MockServer::start().await;
    let (base, accepted) = counting_proxy(*server.address()).await;
    Mock::given(path("/repos/o/r/actions/artifacts"))
        .respond_with(LinkedPages {
            base: base.clone(),
            last: 100,
        })
        .mount(&server)
        .await;
    let client = client(&base, "t");
    let names: Vec<String> = client
        .list_artifacts_for_repo("o", "r")
        .per_page(1)
        .stream()
        .map_ok(|artifact| artifact.name.to_string())
        .try_collect()
        .await
        .unwrap();
    assert_eq!(names.len(), 100);
    assert_eq!((names[0].as_str(), names[99].as_str()), ("a1", "a100"));
    // A clone, and the same list again: the same connection.
    let again = client
        .clone()
        .list_artifacts_for_repo("o", "r")
        .per_page(1)
        .pages()
        .try_collect::<Vec<_>>()
        .await
        .unwrap();
    assert_eq!(again.len(), 100);
    let requests = server.received_requests().await.unwrap();
    assert_eq!(requests.len(), 200);
    // Only the first page is kept in the cache (the pages a stream follows are not, so that
    // memory stays flat): the second listing's first page is a 304, whose cached answer still
    // links to page 2.
    let conditional: Vec<_> = requests
        .iter()
        .enumerate()
        .filter(|(_, request)| header(request, "if-none-match").is_some())
        .map(|(index, _)| index)
        .collect();
    assert_eq!(conditional, [100]);
    assert_eq!(accepted.load(Ordering::SeqCst), 1);
}

#[tokio::test]
async fn the_next_page_is_requested_when_the_link_header_arrives() {
    use tokio::io::AsyncWriteExt;
    // Page 1's headers and the first half of its body go out; the second half is held until
    // page 2 has been requested (or 10 s have passed). A client that waited for the whole of
    // page 1 before asking for page 2 gets it late, and the test sees that.
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let base = format!("http://{}", listener.local_addr().unwrap());
    let page_two_asked = Arc::new(tokio::sync::Notify::new());
    let early = Arc::new(std::sync::atomic::AtomicBool::new(false));
    let (asked, was_early, link_base) = (page_two_asked, early.clone(), base.clone());
    tokio::spawn(async move {
        while let Ok((mut stream, _)) = listener.accept().await {
            let (asked, was_early, link_base) =
                (asked.clone(), was_early.clone(), link_base.clone());
            tokio::spawn(async move {
                while let Some(line) = request_line(&mut stream).await {
                    let page = if line.contains("page=2") { 2 } else { 1 };
                    let artifact = |id: i64| {
                        serde_json::json!({
                            "id": id, "node_id": "n", "name": format!("a{id}"),
                            "size_in_bytes": 1, "url": "u", "archive_download_url": "u",
                            "expired": false,
                        })
                    };
                    let body = serde_json::json!({"total_count": 2, "artifacts": [artifact(page)]})
                        .to_string();
                    let link = match page {
                        1 => format!(
                            "link: <{link_base}/repos/o/r/actions/artifacts?page=2>; rel=\"next\"\r\n"
                        ),
                        _ => String::new(),
                    };
                    let head = format!(
                        "HTTP/1.1 200 OK\r\ncontent-type: application/json\r\n\
                         content-length: {}\r\n{link}\r\n",
                        body.len()
                    );
                    let (first, second) = body.as_bytes().split_at(body.len() / 2);
                    if page == 2 {
                        asked.notify_one();
                    }
                    stream.write_all(head.as_bytes()).await.unwrap();
                    stream.write_all(first).await.unwrap();
                    stream.flush().await.unwrap();
                    if page == 1 {
                        let wait = asked.notified();
                        let held = tokio::time::timeout(std::time::Duration::from_secs(10), wait);
                        was_early.store(held.await.is_ok(), Ordering::SeqCst);
                    }
                    stream.write_all(second).await.unwrap();
                }
            });
        }
    });
    let names: Vec<String> = client(&base, "t")
        .list_artifacts_for_repo("o", "r")
        .stream()
        .map_ok(|artifact| artifact.name.to_string())
        .try_collect()
        .await
        .unwrap();
    assert_eq!(names, ["a1", "a2"]);
    assert!(
        early.load(Ordering::SeqCst),
        "page 2 was requested only after page 1's body had arrived"
    );
}

/// A run that changes as real runs do: each poll sees the next of `statuses` (the last one
/// stays). Answers `304` when the status is the one the client already has (the `ETag` is the
/// status), and counts `(200s, 304s)`.
#[derive(Clone)]
struct RunLifecycle(Arc<LifecycleState>);

struct LifecycleState {
    run: serde_json::Value,
    statuses: Vec<&'static str>,
    polls: AtomicUsize,
    ok: AtomicUsize,
    not_modified: AtomicUsize,
    /// Extra headers on every answer (a rate limit running low).
    headers: Vec<(&'static str, String)>,
}

impl RunLifecycle {
    fn new(id: i64, statuses: Vec<&'static str>, headers: Vec<(&'static str, String)>) -> Self {
        let mut run = spec_example("workflow-runs.yaml", "workflow-run");
        run["id"] = id.into();
        Self(Arc::new(LifecycleState {
            run,
            statuses,
            polls: AtomicUsize::new(0),
            ok: AtomicUsize::new(0),
            not_modified: AtomicUsize::new(0),
            headers,
        }))
    }

    fn counts(&self) -> (usize, usize) {
        (
            self.0.ok.load(Ordering::SeqCst),
            self.0.not_modified.load(Ordering::SeqCst),
        )
    }
}

impl Respond for RunLifecycle {
    fn respond(&self, request: &Request) -> ResponseTemplate {
        let state = &self.0;
        let poll = state.polls.fetch_add(1, Ordering::SeqCst);
        let status = state.statuses[poll.min(state.statuses.len() - 1)];
        let etag = format!("\"{status}\"");
        let mut template = if header(request, "if-none-match") == Some(etag.as_str()) {
            state.not_modified.fetch_add(1, Ordering::SeqCst);
            ResponseTemplate::new(304)
        } else {
            state.ok.fetch_add(1, Ordering::SeqCst);
            let mut run = state.run.clone();
            run["status"] = status.into();
            run["conclusion"] = match status {
                "completed" => "success".into(),
                _ => serde_json::Value::Null,
            };
            ResponseTemplate::new(200).set_body_json(run)
        };
        template = template.insert_header("etag", etag.as_str());
        for (name, value) in &state.headers {
            template = template.insert_header(*name, value.as_str());
        }
        template
    }
}

/// Polls fast: the tests wait milliseconds, not seconds.
fn quick() -> github_actions_client::WaitOptions {
    github_actions_client::WaitOptions::default()
        .poll_interval(std::time::Duration::from_millis(1))
        .max_interval(std::time::Duration::from_millis(4))
        .timeout(std::time::Duration::from_secs(20))
}

// The example program's flow (dispatch → wait → download) is tested against the fake GitHub
// in `mock.rs`; the same test written with wiremock is a benchmark fixture
// (`benches/fixtures/dispatch_wait_wiremock.rs`) for the line count.

#[tokio::test]
async fn a_wait_that_outlasts_its_timeout_is_an_error() {
    let server = MockServer::start().await;
    let run = RunLifecycle::new(7, vec!["in_progress"], Vec::new());
    Mock::given(path("/repos/o/r/actions/runs/7"))
        .respond_with(run.clone())
        .mount(&server)
        .await;
    let error = client(&server.uri(), "t")
        .wait_for_run("o", "r", 7)
        .options(quick().timeout(std::time::Duration::from_millis(60)))
        .await
        .unwrap_err();
    let github_actions_client::Error::WaitTimedOut { what, waited, .. } = &error else {
        panic!("{error:?}");
    };
    assert_eq!(what, "workflow run 7 in o/r");
    assert!(*waited < std::time::Duration::from_secs(5), "{waited:?}");
    assert!(error.to_string().contains("was not finished after waiting"));
    let (ok, not_modified) = run.counts();
    assert_eq!(
        ok, 1,
        "the unchanged run was fetched once, then answered 304"
    );
    assert!(not_modified >= 1, "{not_modified} polls");
}

/// Records the waits the client asks for, returning at once.
#[derive(Clone, Default)]
struct Waits(Arc<std::sync::Mutex<Vec<std::time::Duration>>>);

impl Waits {
    fn sleeper(
        &self,
    ) -> impl Fn(
        std::time::Duration,
    ) -> std::pin::Pin<Box<dyn std::future::Future<Output = ()> + Send>>
           + Send
           + Sync
           + 'static {
        let waits = self.0.clone();
        move |duration| {
            waits.lock().unwrap().push(duration);
            Box::pin(async {})
        }
    }
}

#[tokio::test]
async fn waits_spread_a_low_rate_limit() {
    use std::time::{Duration, SystemTime, UNIX_EPOCH};
    let server = MockServer::start().await;
    let reset = SystemTime::now()
        .duration_since(UNIX_EPOCH)
        .unwrap()
        .as_secs()
        + 100;
    // Ten requests left for the next 100 s: a poll every 10 s at most.
    let low = vec![
        ("x-ratelimit-limit", "5000".to_owned()),
        ("x-ratelimit-remaining", "10".to_owned()),
        ("x-ratelimit-reset", reset.to_string()),
    ];
    let run = RunLifecycle::new(9, vec!["queued", "queued", "completed"], low);
    Mock::given(path("/repos/o/r/actions/runs/9"))
        .respond_with(run.clone())
        .mount(&server)
        .await;
    let waits = Waits::default();
    let client = Client::builder()
        .base_url(&server.uri())
        .unwrap()
        .token("t")
        .sleeper(waits.sleeper())
        .build()
        .unwrap();
    let finished = client
        .wait_for_run("o", "r", 9)
        .options(quick().timeout(Duration::from_secs(3600)))
        .await
        .unwrap();
    assert_eq!(finished.id, 9);
    assert_eq!(run.counts(), (2, 1));
    let waits = waits.0.lock().unwrap().clone();
    assert_eq!(waits.len(), 2, "{waits:?}");
    for wait in waits {
        assert!(
            wait >= Duration::from_secs(9) && wait <= Duration::from_secs(10),
            "the rate limit's pace, not the 1 ms interval: {wait:?}"
        );
    }
}

#[tokio::test]
async fn a_wait_honours_retry_after_beyond_the_retry_policy() {
    use std::time::Duration;
    let server = MockServer::start().await;
    // The first poll is turned away with a `retry-after` longer than the client's retry
    // policy lets one request wait (here: not at all); the wait for the run waits it out.
    Mock::given(path("/repos/o/r/actions/runs/9"))
        .respond_with(ResponseTemplate::new(429).insert_header("retry-after", "1"))
        .up_to_n_times(1)
        .mount(&server)
        .await;
    let run = RunLifecycle::new(9, vec!["completed"], Vec::new());
    Mock::given(path("/repos/o/r/actions/runs/9"))
        .respond_with(run.clone())
        .mount(&server)
        .await;
    let waits = Waits::default();
    let recorded = waits.0.clone();
    let client = Client::builder()
        .base_url(&server.uri())
        .unwrap()
        .token("t")
        .retry_policy(
            github_actions_client::RetryPolicy::default().max_rate_limit_wait(Duration::ZERO),
        )
        // Records each wait and really waits it: the client holds requests back by the clock.
        .sleeper(move |duration| {
            recorded.lock().unwrap().push(duration);
            Box::pin(tokio::time::sleep(duration))
        })
        .build()
        .unwrap();
    let finished = client
        .wait_for_run("o", "r", 9)
        .options(quick())
        .await
        .unwrap();
    assert_eq!(finished.id, 9);
    assert_eq!(run.counts(), (1, 0));
    let waits = waits.0.lock().unwrap().clone();
    assert!(
        waits.iter().any(|wait| *wait >= Duration::from_millis(900)),
        "waited for retry-after: {waits:?}"
    );
}

#[tokio::test]
async fn the_next_page_is_requested_while_the_caller_holds_the_current_one() {
    let server = MockServer::start().await;
    Mock::given(path("/repos/o/r/actions/artifacts"))
        .respond_with(LinkedPages {
            base: server.uri(),
            last: 3,
        })
        .mount(&server)
        .await;
    let requests = || async { server.received_requests().await.unwrap().len() };
    let client = client(&server.uri(), "t");
    let mut pages = client.list_artifacts_for_repo("o", "r").per_page(1).pages();
    tokio::time::sleep(std::time::Duration::from_millis(50)).await;
    assert_eq!(
        requests().await,
        0,
        "nothing is sent before the stream is polled"
    );
    let first = pages.try_next().await.unwrap().unwrap();
    assert_eq!(first.artifacts[0].name, "a1");
    // Page 2 goes out while page 1 is in hand; page 3 only once page 2 has been taken.
    for _ in 0..500 {
        if requests().await == 2 {
            break;
        }
        tokio::time::sleep(std::time::Duration::from_millis(10)).await;
    }
    tokio::time::sleep(std::time::Duration::from_millis(100)).await;
    assert_eq!(requests().await, 2);
    let second = pages.try_next().await.unwrap().unwrap();
    assert_eq!(second.artifacts[0].name, "a2");
    // Dropping the stream cancels the request ahead, or it had been sent already: nothing more.
    drop(pages);
    tokio::time::sleep(std::time::Duration::from_millis(100)).await;
    assert!(requests().await <= 3);
}
