//! Throttling and rate limits per resource, over real HTTP on loopback: a server that records
//! when each request arrived and was answered, and how many were in flight at once. One test
//! per rule of `ThrottlePolicy`, the per-resource holds (the search case of issue 23), and the
//! bounds of `wait_for_run`.
//!
//! Timed rules are checked with small configured intervals and lower bounds only (a request
//! never goes early); nothing here asserts how fast the machine is.

use std::future::Future;
use std::pin::Pin;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::{Arc, Mutex};
use std::time::{Duration, SystemTime, UNIX_EPOCH};

use futures::StreamExt;
use github_actions_client::{Client, Error, Method, RetryPolicy, ThrottlePolicy, WaitOptions};
use tokio::io::{AsyncBufReadExt, AsyncReadExt, AsyncWriteExt, BufReader};
use tokio::net::{TcpListener, TcpStream};
use tokio::time::Instant;

/// A request as the server saw it.
#[derive(Debug, Clone)]
struct Hit {
    method: String,
    path: String,
    arrived: Instant,
    /// When its response started to be written.
    answered: Option<Instant>,
}

/// What the server answers to one request.
struct Reply {
    status: u16,
    headers: Vec<(&'static str, String)>,
    body: String,
    /// Awaited before answering (a barrier, a gate, a delay).
    hold: Option<Pin<Box<dyn Future<Output = ()> + Send>>>,
}

impl Reply {
    fn ok(body: impl Into<String>) -> Self {
        Self {
            status: 200,
            headers: Vec::new(),
            body: body.into(),
            hold: None,
        }
    }

    fn status(status: u16, body: impl Into<String>) -> Self {
        Self {
            status,
            ..Self::ok(body)
        }
    }

    fn header(mut self, name: &'static str, value: impl ToString) -> Self {
        self.headers.push((name, value.to_string()));
        self
    }

    fn after(mut self, hold: impl Future<Output = ()> + Send + 'static) -> Self {
        self.hold = Some(Box::pin(hold));
        self
    }

    fn delayed(self, delay: Duration) -> Self {
        self.after(tokio::time::sleep(delay))
    }
}

/// What the server saw: every request, and the most in flight at once (all, and mutating).
#[derive(Default)]
struct Seen {
    hits: Mutex<Vec<Hit>>,
    in_flight: AtomicUsize,
    most_in_flight: AtomicUsize,
    writes_in_flight: AtomicUsize,
    most_writes_in_flight: AtomicUsize,
}

impl Seen {
    fn hits(&self) -> Vec<Hit> {
        self.hits.lock().unwrap().clone()
    }

    fn writes(&self) -> Vec<Hit> {
        self.hits()
            .into_iter()
            .filter(|hit| hit.method != "GET")
            .collect()
    }
}

type Handler = Arc<dyn Fn(&str, &str) -> Reply + Send + Sync>;

/// Starts the server; `handler` gets each request's method and path (with its query).
async fn serve(
    handler: impl Fn(&str, &str) -> Reply + Send + Sync + 'static,
) -> (String, Arc<Seen>) {
    let listener = TcpListener::bind("127.0.0.1:0").await.unwrap();
    let base = format!("http://{}", listener.local_addr().unwrap());
    let seen = Arc::new(Seen::default());
    let handler: Handler = Arc::new(handler);
    let server_seen = Arc::clone(&seen);
    tokio::spawn(async move {
        while let Ok((stream, _)) = listener.accept().await {
            let seen = Arc::clone(&server_seen);
            let handler = Arc::clone(&handler);
            tokio::spawn(async move {
                let _ = connection(stream, &seen, &handler).await;
            });
        }
    });
    (base, seen)
}

/// Answers the requests of one kept-alive connection, in turn.
async fn connection(stream: TcpStream, seen: &Seen, handler: &Handler) -> std::io::Result<()> {
    let (read, mut write) = stream.into_split();
    let mut read = BufReader::new(read);
    loop {
        let mut line = String::new();
        if read.read_line(&mut line).await? == 0 {
            return Ok(());
        }
        let mut parts = line.split_whitespace();
        let method = parts.next().unwrap_or_default().to_owned();
        let path = parts.next().unwrap_or_default().to_owned();
        let mut length = 0;
        loop {
            let mut header = String::new();
            if read.read_line(&mut header).await? == 0 {
                return Ok(());
            }
            if header.trim().is_empty() {
                break;
            }
            if let Some((name, value)) = header.split_once(':') {
                if name.eq_ignore_ascii_case("content-length") {
                    length = value.trim().parse().unwrap_or(0);
                }
            }
        }
        let mut body = vec![0; length];
        read.read_exact(&mut body).await?;

        let write_request = method != "GET";
        let now = seen.in_flight.fetch_add(1, Ordering::SeqCst) + 1;
        seen.most_in_flight.fetch_max(now, Ordering::SeqCst);
        if write_request {
            let now = seen.writes_in_flight.fetch_add(1, Ordering::SeqCst) + 1;
            seen.most_writes_in_flight.fetch_max(now, Ordering::SeqCst);
        }
        let index = {
            let mut hits = seen.hits.lock().unwrap();
            hits.push(Hit {
                method: method.clone(),
                path: path.clone(),
                arrived: Instant::now(),
                answered: None,
            });
            hits.len() - 1
        };
        let reply = handler(&method, &path);
        if let Some(hold) = reply.hold {
            hold.await;
        }
        // Out of flight once the answer starts: the client counts it until it has read it.
        seen.hits.lock().unwrap()[index].answered = Some(Instant::now());
        if write_request {
            seen.writes_in_flight.fetch_sub(1, Ordering::SeqCst);
        }
        seen.in_flight.fetch_sub(1, Ordering::SeqCst);
        let mut head = format!(
            "HTTP/1.1 {} X\r\ncontent-type: application/json\r\ncontent-length: {}\r\n",
            reply.status,
            reply.body.len()
        );
        for (name, value) in &reply.headers {
            head.push_str(&format!("{name}: {value}\r\n"));
        }
        head.push_str("\r\n");
        write.write_all(head.as_bytes()).await?;
        write.write_all(reply.body.as_bytes()).await?;
    }
}

/// The docs' example of a workflow run, with `status`.
fn run(status: &str) -> String {
    let mut run = crate::network::spec_example("workflow-runs.yaml", "workflow-run");
    run["status"] = status.into();
    run.to_string()
}

fn client(base: &str, policy: ThrottlePolicy) -> Client {
    Client::builder()
        .base_url(base)
        .unwrap()
        .token("t")
        .throttle_policy(policy)
        .build()
        .unwrap()
}

/// A GET of a path through the raw API.
async fn get(client: &Client, path: &str) -> Result<(), Error> {
    client
        .request(Method::GET, path)
        .send_bytes()
        .await
        .map(drop)
}

/// A POST (a mutating request) of a path through the raw API.
async fn post(client: &Client, path: &str) -> Result<(), Error> {
    client.request(Method::POST, path).send_empty().await
}

/// Seconds since the epoch, `from_now` from now: a rate limit's reset.
fn epoch_in(from_now: Duration) -> u64 {
    (SystemTime::now() + from_now)
        .duration_since(UNIX_EPOCH)
        .unwrap()
        .as_secs()
}

/// Records the waits the client asks its sleeper for; `real` waits them too, else they return
/// at once. Each wait is also sent on the channel, for a test to act once it began.
#[derive(Clone)]
struct Waits {
    all: Arc<Mutex<Vec<Duration>>>,
    began: tokio::sync::mpsc::UnboundedSender<Duration>,
}

impl Waits {
    fn new() -> (Self, tokio::sync::mpsc::UnboundedReceiver<Duration>) {
        let (began, receiver) = tokio::sync::mpsc::unbounded_channel();
        let waits = Self {
            all: Arc::default(),
            began,
        };
        (waits, receiver)
    }

    fn all(&self) -> Vec<Duration> {
        self.all.lock().unwrap().clone()
    }

    fn sleeper(
        &self,
        real: bool,
    ) -> impl Fn(Duration) -> Pin<Box<dyn Future<Output = ()> + Send>> + Send + Sync + 'static {
        let waits = self.clone();
        move |duration| {
            waits.all.lock().unwrap().push(duration);
            let _ = waits.began.send(duration);
            match real {
                true => Box::pin(tokio::time::sleep(duration)),
                false => Box::pin(async {}),
            }
        }
    }
}

/// Makes `count` GETs at once, as `buffer_unordered` does in a fan-out.
async fn fan_out(client: &Client, count: usize) {
    let results: Vec<_> = futures::stream::iter(0..count)
        .map(|i| {
            let client = client.clone();
            async move { get(&client, &format!("/repos/o/r{i}/actions/runs")).await }
        })
        .buffer_unordered(200)
        .collect()
        .await;
    assert!(results.iter().all(Result::is_ok), "{results:?}");
}

#[tokio::test]
async fn at_most_max_in_flight_requests_are_in_flight() {
    let (base, seen) = serve(|_, _| Reply::ok("{}").delayed(Duration::from_millis(30))).await;
    fan_out(
        &client(&base, ThrottlePolicy::default().max_in_flight(4)),
        40,
    )
    .await;
    let most = seen.most_in_flight.load(Ordering::SeqCst);
    assert!(most <= 4, "{most} in flight");
    assert!(most > 1, "requests still overlap: {most}");
    assert_eq!(seen.hits().len(), 40);
}

#[tokio::test]
async fn ten_in_flight_by_default_and_unbounded_when_disabled() {
    let (base, seen) = serve(|_, _| Reply::ok("{}").delayed(Duration::from_millis(30))).await;
    fan_out(&client(&base, ThrottlePolicy::default()), 60).await;
    let most = seen.most_in_flight.load(Ordering::SeqCst);
    assert!(most <= 10, "{most} in flight");

    // Switched off, all twenty go at once: the server answers none until all have arrived.
    let barrier = Arc::new(tokio::sync::Barrier::new(20));
    let (base, seen) = serve(move |_, _| {
        let barrier = Arc::clone(&barrier);
        Reply::ok("{}").after(async move {
            barrier.wait().await;
        })
    })
    .await;
    let unthrottled = client(&base, ThrottlePolicy::disabled());
    let fan = fan_out(&unthrottled, 20);
    tokio::time::timeout(Duration::from_secs(60), fan)
        .await
        .expect("all twenty were in flight at once");
    assert_eq!(seen.most_in_flight.load(Ordering::SeqCst), 20);
}

#[tokio::test]
async fn writes_go_one_at_a_time_and_spaced() {
    let (base, seen) = serve(|method, _| match method {
        "GET" => Reply::ok("{}"),
        _ => Reply::status(204, "").delayed(Duration::from_millis(20)),
    })
    .await;
    let interval = Duration::from_millis(150);
    let client = client(&base, ThrottlePolicy::default().write_interval(interval));
    // A connection is open before the writes: their times differ by no connection set-up.
    get(&client, "/warm-up").await.unwrap();
    let results: Vec<_> = futures::stream::iter(0..5)
        .map(|i| {
            let client = client.clone();
            async move { post(&client, &format!("/repos/o/r{i}/dispatches")).await }
        })
        .buffer_unordered(200)
        .collect()
        .await;
    assert!(results.iter().all(Result::is_ok), "{results:?}");
    assert_eq!(seen.most_writes_in_flight.load(Ordering::SeqCst), 1);
    let writes = seen.writes();
    assert_eq!(writes.len(), 5);
    for pair in writes.windows(2) {
        assert!(
            pair[1].arrived >= pair[0].answered.unwrap(),
            "the next write goes once the one before was answered"
        );
        let gap = pair[1].arrived - pair[0].arrived;
        // Spaced on the client's clock; the few milliseconds are the loopback's jitter.
        assert!(gap >= interval - Duration::from_millis(10), "{gap:?}");
    }
}

/// One slot is the write's: a mutating request does not queue behind a fan-out of reads.
#[tokio::test]
async fn a_write_does_not_queue_behind_reads() {
    // Reads are answered once the gate opens.
    let gate = Arc::new(tokio::sync::Semaphore::new(0));
    let (base, seen) = serve({
        let gate = Arc::clone(&gate);
        move |method, _| {
            let gate = Arc::clone(&gate);
            match method {
                "GET" => Reply::ok("{}").after(async move {
                    let _open = gate.acquire().await;
                }),
                _ => Reply::status(204, ""),
            }
        }
    })
    .await;
    let client = client(&base, ThrottlePolicy::default().max_in_flight(2));
    let reads = tokio::spawn({
        let client = client.clone();
        async move {
            let (a, b) = tokio::join!(get(&client, "/slow"), get(&client, "/queued"));
            a.and(b)
        }
    });
    while seen.hits().is_empty() {
        tokio::time::sleep(Duration::from_millis(1)).await;
    }
    // The one read slot is taken and a second read waits for it; the write goes.
    post(&client, "/write").await.unwrap();
    let paths: Vec<String> = seen.hits().into_iter().map(|hit| hit.path).collect();
    assert_eq!(paths, ["/slow", "/write"]);
    gate.add_permits(2);
    reads.await.unwrap().unwrap();
    assert_eq!(seen.hits().len(), 3);
    assert_eq!(seen.most_in_flight.load(Ordering::SeqCst), 2);
}

#[tokio::test]
async fn the_write_budget_holds_writes_to_a_window() {
    let (base, seen) = serve(|_, _| Reply::status(204, "")).await;
    let window = Duration::from_secs(10);
    // The sleeper returns at once: the waits asked for are the turns the budget gave.
    let (waits, _began) = Waits::new();
    let client = Client::builder()
        .base_url(&base)
        .unwrap()
        .sleeper(waits.sleeper(false))
        .throttle_policy(
            ThrottlePolicy::default()
                .write_interval(Duration::ZERO)
                .write_budget(3, window),
        )
        .build()
        .unwrap();
    for i in 0..7 {
        post(&client, &format!("/repos/o/r{i}/dispatches"))
            .await
            .unwrap();
    }
    assert_eq!(seen.writes().len(), 7);
    // Writes 0 to 2 go at once; 3 to 5 each wait for the write three before to be 10 s old;
    // 6 for write 3's turn, 10 s later.
    let waits = waits.all();
    assert_eq!(waits.len(), 4, "{waits:?}");
    let near =
        |wait: Duration, want: Duration| wait <= want && wait > want - Duration::from_secs(1);
    assert!(
        waits[..3].iter().all(|wait| near(*wait, window)),
        "{waits:?}"
    );
    assert!(near(waits[3], window * 2), "{waits:?}");
}

/// The first request to `/a` is answered with a secondary rate limit.
fn secondary_limit_once(retry_after: Option<u64>) -> impl Fn(&str, &str) -> Reply + Send + Sync {
    let first = AtomicUsize::new(0);
    move |_, path| {
        if path == "/a" && first.fetch_add(1, Ordering::SeqCst) == 0 {
            let reply = Reply::status(
                403,
                r#"{"message": "You have exceeded a secondary rate limit. Please wait a few minutes before you try again."}"#,
            );
            return match retry_after {
                Some(seconds) => reply.header("retry-after", seconds),
                None => reply,
            };
        }
        Reply::ok("{}")
    }
}

#[tokio::test]
async fn after_a_secondary_limit_every_request_waits_for_retry_after() {
    let (base, seen) = serve(secondary_limit_once(Some(1))).await;
    let (waits, mut began) = Waits::new();
    let client = Client::builder()
        .base_url(&base)
        .unwrap()
        .token("t")
        .sleeper(waits.sleeper(true))
        .build()
        .unwrap();
    let first = tokio::spawn({
        let client = client.clone();
        async move { get(&client, "/a").await }
    });
    // Once the first request waits out the limit, two more (a read and a write) are made.
    let wait = began.recv().await.unwrap();
    assert_eq!(wait, Duration::from_secs(1));
    let (read, write) = tokio::join!(get(&client, "/b"), post(&client, "/c"));
    read.unwrap();
    write.unwrap();
    first.await.unwrap().unwrap();

    let hits = seen.hits();
    assert_eq!(hits.len(), 4, "{hits:?}");
    let limited = hits[0].answered.unwrap();
    for hit in &hits[1..] {
        // Nothing was sent into the block: each request went a second after it began.
        assert!(
            hit.arrived - limited >= Duration::from_millis(990),
            "{} {} went {:?} after the secondary limit",
            hit.method,
            hit.path,
            hit.arrived - limited
        );
    }
    assert!(
        waits.all().len() >= 3,
        "each request waited: {:?}",
        waits.all()
    );
}

#[tokio::test]
async fn without_retry_after_a_secondary_limit_pauses_a_minute() {
    let (base, seen) = serve(secondary_limit_once(None)).await;
    let (waits, _began) = Waits::new();
    let client = Client::builder()
        .base_url(&base)
        .unwrap()
        .token("t")
        .sleeper(waits.sleeper(false))
        .build()
        .unwrap();
    get(&client, "/a").await.unwrap();
    assert_eq!(waits.all(), [Duration::from_secs(60)]);
    // The pause holds the next request too (the sleeper returned at once: no time passed).
    get(&client, "/b").await.unwrap();
    let waits = waits.all();
    assert_eq!(waits.len(), 2, "{waits:?}");
    assert!(waits[1] > Duration::from_secs(59), "{waits:?}");
    assert_eq!(seen.hits().len(), 3);
}

#[tokio::test]
async fn a_request_that_would_wait_too_long_fails_and_says_why() {
    let gate = Arc::new(tokio::sync::Notify::new());
    let (base, seen) = serve({
        let gate = Arc::clone(&gate);
        move |_, path| {
            let gate = Arc::clone(&gate);
            match path {
                "/slow" => Reply::ok("{}").after(async move { gate.notified().await }),
                _ => Reply::ok("{}"),
            }
        }
    })
    .await;
    let max_wait = Duration::from_millis(100);
    let client = client(
        &base,
        ThrottlePolicy::default()
            .max_in_flight(1)
            .max_wait(max_wait),
    );
    let slow = tokio::spawn({
        let client = client.clone();
        async move { get(&client, "/slow").await }
    });
    while seen.hits().is_empty() {
        tokio::time::sleep(Duration::from_millis(1)).await;
    }
    let started = Instant::now();
    let error = get(&client, "/queued").await.unwrap_err();
    assert!(started.elapsed() >= max_wait);
    let Error::Throttled {
        waited,
        max_wait: bound,
        ..
    } = &error
    else {
        panic!("{error:?}");
    };
    assert!(*waited >= max_wait && *bound == max_wait, "{error:?}");
    let message = error.to_string();
    assert!(
        message.contains("max_in_flight") && message.contains("ThrottlePolicy::max_wait"),
        "{message}"
    );
    gate.notify_one();
    slow.await.unwrap().unwrap();
    assert_eq!(
        seen.hits()
            .iter()
            .map(|hit| hit.path.as_str())
            .collect::<Vec<_>>(),
        ["/slow"],
        "the request that gave up was not sent"
    );

    // A write whose slot is known to come too late fails at once.
    let client = Client::builder()
        .base_url(&base)
        .unwrap()
        .throttle_policy(
            ThrottlePolicy::default()
                .write_interval(Duration::from_secs(30))
                .max_wait(Duration::from_secs(5)),
        )
        .build()
        .unwrap();
    post(&client, "/first").await.unwrap();
    let error = post(&client, "/second").await.unwrap_err();
    assert!(
        matches!(&error, Error::Throttled { reason, .. } if reason.contains("write slot")),
        "{error:?}"
    );
    assert!(!seen.hits().iter().any(|hit| hit.path == "/second"));
}

#[tokio::test]
async fn every_wait_is_a_tracing_event() {
    use tracing_subscriber::layer::SubscriberExt;
    let logs = Arc::new(Mutex::new(Vec::<u8>::new()));
    let subscriber = tracing_subscriber::registry().with(
        tracing_subscriber::fmt::layer()
            .with_writer({
                let logs = Arc::clone(&logs);
                move || LogWriter(Arc::clone(&logs))
            })
            .with_ansi(false),
    );
    // Tests on other threads may hit these events first, with no subscriber. With one
    // dispatcher alive, tracing would ask only that thread's and cache "never"; with two, it
    // asks every live one, this test's included.
    let _second = tracing::Dispatch::new(tracing_subscriber::registry());
    let _guard = tracing::subscriber::set_default(subscriber);
    let (base, _seen) =
        serve(|_, _| Reply::status(204, "").delayed(Duration::from_millis(20))).await;
    // The second write's turn comes 10 s after the first's: the sleeper returns at once.
    let (waits, _began) = Waits::new();
    let client = Client::builder()
        .base_url(&base)
        .unwrap()
        .sleeper(waits.sleeper(false))
        .throttle_policy(
            ThrottlePolicy::default()
                .max_in_flight(1)
                .write_interval(Duration::from_secs(10)),
        )
        .build()
        .unwrap();
    // Polled in order: the first write takes the one slot and the write lane; the second
    // waits for the lane, then for its turn; the read waits for the slot.
    let (a, b, c) = tokio::join!(
        post(&client, "/one"),
        post(&client, "/two"),
        get(&client, "/three")
    );
    a.unwrap();
    b.unwrap();
    c.unwrap();
    let logs = String::from_utf8(logs.lock().unwrap().clone()).unwrap();
    for expected in [
        "waited for the write before it",
        "holding a mutating request back",
        "writes are spaced by the write interval",
        "waited for a free slot",
        "wait_ms=",
        "waited_ms=",
    ] {
        assert!(logs.contains(expected), "no `{expected}` in:\n{logs}");
    }
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

/// A used-up limit's headers: `resource` (when given) has none left until 20 s from now.
fn used_up(reply: Reply, resource: Option<&str>) -> Reply {
    let reply = reply
        .header("x-ratelimit-limit", 30)
        .header("x-ratelimit-remaining", 0)
        .header("x-ratelimit-used", 30)
        .header("x-ratelimit-reset", epoch_in(Duration::from_secs(20)));
    match resource {
        Some(resource) => reply.header("x-ratelimit-resource", resource),
        None => reply,
    }
}

fn core_left(reply: Reply) -> Reply {
    reply
        .header("x-ratelimit-limit", 5000)
        .header("x-ratelimit-remaining", 4999)
        .header("x-ratelimit-used", 1)
        .header("x-ratelimit-reset", epoch_in(Duration::from_secs(3600)))
        .header("x-ratelimit-resource", "core")
}

/// Issue 23's case: a search uses up the `search` limit; the next core request goes at once.
#[tokio::test]
async fn a_used_up_search_limit_does_not_hold_core_requests() {
    let (base, seen) = serve(|_, path| {
        if path.starts_with("/search/") {
            used_up(
                Reply::ok(r#"{"total_count": 0, "items": []}"#),
                Some("search"),
            )
        } else {
            core_left(Reply::ok(run("completed")))
        }
    })
    .await;
    let (waits, _began) = Waits::new();
    let client = Client::builder()
        .base_url(&base)
        .unwrap()
        .token("t")
        .sleeper(waits.sleeper(false))
        .retry_policy(RetryPolicy::default().max_rate_limit_wait(Duration::from_secs(5)))
        .build()
        .unwrap();
    client
        .request(Method::GET, "/search/code")
        .query("q", "x")
        .send_bytes()
        .await
        .unwrap();
    let run = client
        .get_workflow_run("o", "r", 30433642)
        .send()
        .await
        .unwrap();
    assert_eq!(run.id, 30433642);
    assert_eq!(
        waits.all(),
        Vec::<Duration>::new(),
        "the core request was not held back"
    );

    let resources: Vec<_> = client
        .rate_limit()
        .into_iter()
        .map(|limit| (limit.resource, limit.remaining))
        .collect();
    assert_eq!(
        resources,
        [("core".to_owned(), 4999), ("search".to_owned(), 0)]
    );
    assert_eq!(client.rate_limit_for("search").unwrap().remaining, 0);

    // Another search is held back: the wait (20 s) is longer than the policy allows, so it
    // fails at once, unsent.
    let error = get(&client, "/search/issues").await.unwrap_err();
    let Error::RateLimited(limited) = &error else {
        panic!("{error:?}");
    };
    assert_eq!(limited.status, None, "not sent");
    assert!(limited.wait > Duration::from_secs(5), "{limited:?}");
    assert_eq!(seen.hits().len(), 2);
}

/// The runner registration token counts against `actions_runner_registration`, as the spec
/// says: a response without `x-ratelimit-resource` is recorded there, and holds back only
/// another registration token.
#[tokio::test]
async fn an_operation_counts_against_the_resource_its_spec_names() {
    let (base, seen) = serve(|_, path| {
        if path.ends_with("/registration-token") {
            used_up(
                Reply::status(
                    201,
                    r#"{"token": "LLBF3", "expires_at": "2020-01-22T12:13:35.123-08:00"}"#,
                ),
                None,
            )
        } else {
            core_left(Reply::ok(run("completed")))
        }
    })
    .await;
    let (waits, _began) = Waits::new();
    let client = Client::builder()
        .base_url(&base)
        .unwrap()
        .token("t")
        .sleeper(waits.sleeper(false))
        .retry_policy(RetryPolicy::default().max_rate_limit_wait(Duration::from_secs(5)))
        .build()
        .unwrap();
    let token = client
        .create_registration_token_for_org("o")
        .send()
        .await
        .unwrap();
    assert_eq!(token.token, "LLBF3");
    let limit = client
        .rate_limit_for("actions_runner_registration")
        .expect("recorded under the operation's resource");
    assert_eq!(limit.remaining, 0);
    assert_eq!(client.rate_limit_for("core"), None);

    client.get_workflow_run("o", "r", 1).send().await.unwrap();
    assert_eq!(waits.all(), Vec::<Duration>::new());
    let error = client
        .create_registration_token_for_repo("o", "r")
        .send()
        .await
        .unwrap_err();
    assert!(
        matches!(&error, Error::RateLimited(limited) if limited.status.is_none()),
        "{error:?}"
    );
    assert_eq!(seen.hits().len(), 2);
}

/// A wait whose timeout is shorter than its poll interval still polls again when the timeout
/// ends, and says how long it really waited and what it last saw.
#[tokio::test]
async fn a_wait_polls_until_its_timeout_is_spent() {
    let (base, seen) = serve(|_, _| core_left(Reply::ok(run("in_progress")))).await;
    let client = client(&base, ThrottlePolicy::default());
    let timeout = Duration::from_secs(1);
    let started = Instant::now();
    let error = client
        .wait_for_run("o", "r", 30433642)
        .options(
            WaitOptions::default()
                .poll_interval(Duration::from_secs(5))
                .timeout(timeout),
        )
        .await
        .unwrap_err();
    let Error::WaitTimedOut {
        waited,
        polls,
        last_state,
        ..
    } = &error
    else {
        panic!("{error:?}");
    };
    assert!(*waited >= timeout, "the real time waited: {waited:?}");
    assert!(*waited <= started.elapsed());
    assert_eq!(*polls, 2, "the first poll, and one when the timeout ended");
    assert_eq!(seen.hits().len(), 2);
    assert_eq!(last_state.as_deref(), Some("status in_progress"));
    let message = error.to_string();
    assert!(
        message.contains("2 polls") && message.contains("last seen: status in_progress"),
        "{message}"
    );
}
