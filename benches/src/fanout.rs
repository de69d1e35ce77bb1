//! A loopback HTTP/1.1 server that enforces GitHub's documented secondary rate limits, scaled
//! down in time ([`SCALE`]: a minute lasts 6 s here, a second 100 ms), for the fan-out
//! benchmark: many reads and some dispatches made at once, as a service over an organization
//! does. Each response leaves one round trip ([`RTT`]) after its request.
//!
//! The limits ("Rate limits for the REST API", "Best practices for using the REST API"):
//! - at most 100 requests in flight;
//! - at most 900 points per endpoint per minute (a GET is 1 point, other methods 5);
//! - at most 80 content-creating (mutating) requests per minute, and 500 per hour;
//! - mutating requests one at a time, at least a second apart (GitHub's advice to avoid the
//!   secondary limits; enforced here as one), with [`JITTER`] of tolerance for the loopback.
//!
//! A request over a limit is answered `403` "You have exceeded a secondary rate limit" with
//! `retry-after: 6` (GitHub's documented minute), and every request of the next 6 s is answered
//! the same (with what is left of the pause), as GitHub blocks a token that tripped a limit.
//!
//! Routes: `GET /repos/o/{repo}/actions/runs` (a list of one run), `POST
//! /repos/o/{repo}/actions/workflows/{id}/dispatches` (`204`), `GET /search/code` (an empty
//! result, with the `search` limit used up for 20 s), `GET /repos/o/r/actions/runs/1` (a run);
//! the last two answer at once, without the round trip.

use std::collections::{HashMap, VecDeque};
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::{Arc, Mutex};
use std::time::{Duration, SystemTime, UNIX_EPOCH};

use tokio::io::{AsyncBufReadExt, AsyncReadExt, AsyncWriteExt, BufReader};
use tokio::net::{TcpListener, TcpStream};
use tokio::time::Instant;

/// How much faster time runs here than at GitHub.
pub const SCALE: u32 = 10;
/// GitHub's minute, scaled.
pub const MINUTE: Duration = Duration::from_secs(60 / SCALE as u64);
/// GitHub's second between mutating requests, scaled.
pub const WRITE_SPACING: Duration = Duration::from_millis(1000 / SCALE as u64);
/// The round trip of each request.
pub const RTT: Duration = Duration::from_millis(50);
/// What the spacing of writes tolerates: a quarter of the (scaled) second, for the jitter
/// between when a client sends a request and when it arrives (a new connection for the
/// first write, a busy runtime); on the internet that jitter is tens of milliseconds.
pub const JITTER: Duration = Duration::from_millis(25);
/// GitHub's limit on requests in flight.
pub const MAX_CONCURRENT: usize = 100;
/// Points per endpoint per minute.
pub const POINTS_PER_MINUTE: u64 = 900;
/// Content-creating requests per minute, and per hour.
pub const WRITES_PER_MINUTE: usize = 80;
pub const WRITES_PER_HOUR: usize = 500;

/// The least time the limits allow for `reads` GETs of one endpoint and `writes` mutating
/// requests of another, made as fast as the limits let them: the reads 100 at a time, at
/// most 900 a minute; the writes one after another a second apart, at most 80 a minute; both
/// at once. (The hour's 500 writes are not reached by the job.)
pub fn floor(reads: u64, writes: u64) -> Duration {
    let batches = reads.div_ceil(MAX_CONCURRENT as u64) as u32;
    let read_minutes = reads.div_ceil(POINTS_PER_MINUTE).saturating_sub(1) as u32;
    let reads_floor = (RTT * batches).max(MINUTE * read_minutes + RTT);
    let spaced = WRITE_SPACING * writes.saturating_sub(1) as u32;
    let write_minutes = writes.div_ceil(WRITES_PER_MINUTE as u64).saturating_sub(1) as u32;
    let writes_floor = spaced.max(MINUTE * write_minutes) + RTT;
    match writes {
        0 => reads_floor,
        _ => reads_floor.max(writes_floor),
    }
}

/// What the server answered since the last [`Stats::take`].
#[derive(Debug, Default)]
pub struct Stats {
    ok: AtomicU64,
    secondary: AtomicU64,
    most_in_flight: AtomicU64,
    tripped: Mutex<Vec<&'static str>>,
}

/// A snapshot of [`Stats`].
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Counts {
    /// Requests answered with success.
    pub ok: u64,
    /// Requests answered with a secondary rate limit.
    pub secondary: u64,
    /// The most requests in flight at once.
    pub most_in_flight: u64,
    /// The limits tripped (each starting a pause), in order.
    pub tripped: Vec<&'static str>,
}

impl Stats {
    /// The counts so far, resetting them (and the server's limits: a new client is a new
    /// token).
    pub fn take(&self) -> Counts {
        Counts {
            ok: self.ok.swap(0, Ordering::SeqCst),
            secondary: self.secondary.swap(0, Ordering::SeqCst),
            most_in_flight: self.most_in_flight.swap(0, Ordering::SeqCst),
            tripped: std::mem::take(&mut *self.tripped.lock().expect("the stats")),
        }
    }
}

/// Why a request in the pause after a tripped limit is refused.
const PAUSED: &str = "paused after a secondary limit";

/// What the server tracks of the token's use.
#[derive(Default)]
struct Limits {
    in_flight: usize,
    writes_in_flight: usize,
    /// Per endpoint: when points were spent, and how many.
    points: HashMap<String, VecDeque<(Instant, u64)>>,
    /// When the mutating requests of the last hour started.
    writes: VecDeque<Instant>,
    /// The pause after a tripped limit.
    blocked_until: Option<Instant>,
}

impl Limits {
    /// Admits a request, or says which limit it trips.
    fn admit(&mut self, endpoint: &str, write: bool, now: Instant) -> Result<(), &'static str> {
        if self.blocked_until.is_some_and(|until| until > now) {
            return Err(PAUSED);
        }
        let points = if write { 5 } else { 1 };
        let spent = self.points.entry(endpoint.to_owned()).or_default();
        while spent.front().is_some_and(|(at, _)| now - *at >= MINUTE) {
            spent.pop_front();
        }
        let used: u64 = spent.iter().map(|(_, points)| points).sum();
        let hour = MINUTE * 60;
        while self.writes.front().is_some_and(|at| now - *at >= hour) {
            self.writes.pop_front();
        }
        let verdict = if self.in_flight + 1 > MAX_CONCURRENT {
            Err("more than 100 requests in flight")
        } else if used + points > POINTS_PER_MINUTE {
            Err("more than 900 points a minute on one endpoint")
        } else if write && self.writes_in_flight > 0 {
            Err("mutating requests at the same time")
        } else if write
            && self
                .writes
                .back()
                .is_some_and(|last| now - *last + JITTER < WRITE_SPACING)
        {
            Err("mutating requests less than a second apart")
        } else if write
            && self.writes.iter().filter(|at| now - **at < MINUTE).count() >= WRITES_PER_MINUTE
        {
            Err("more than 80 content-creating requests a minute")
        } else if write && self.writes.len() >= WRITES_PER_HOUR {
            Err("more than 500 content-creating requests an hour")
        } else {
            Ok(())
        };
        match verdict {
            Ok(()) => {
                spent.push_back((now, points));
                if write {
                    self.writes.push_back(now);
                    self.writes_in_flight += 1;
                }
            }
            Err(_) => self.blocked_until = Some(now + MINUTE),
        }
        verdict
    }
}

/// The bodies the server answers with.
struct Bodies {
    list: Vec<u8>,
    run: Vec<u8>,
}

/// Starts the server on a runtime thread of its own, answering with `run` (a workflow run's
/// JSON); returns its port, its counters, and a handle that resets the limits (for the next
/// client: another token).
pub fn start(run: &[u8]) -> (u16, Arc<Stats>, Reset) {
    let mut list = b"{\"total_count\":1,\"workflow_runs\":[".to_vec();
    list.extend_from_slice(run);
    list.extend_from_slice(b"]}");
    let bodies = Arc::new(Bodies {
        list,
        run: run.to_vec(),
    });
    let stats = Arc::new(Stats::default());
    let limits = Arc::new(Mutex::new(Limits::default()));
    let reset = Reset(Arc::clone(&limits));
    let server_stats = Arc::clone(&stats);
    let (port_tx, port_rx) = std::sync::mpsc::channel();
    std::thread::spawn(move || {
        let runtime = tokio::runtime::Builder::new_multi_thread()
            .worker_threads(1)
            .enable_all()
            .build()
            .expect("a runtime");
        runtime.block_on(async move {
            let listener = TcpListener::bind("127.0.0.1:0").await.expect("a port");
            port_tx
                .send(listener.local_addr().expect("an address").port())
                .expect("the caller waits");
            loop {
                let Ok((stream, _)) = listener.accept().await else {
                    continue;
                };
                stream.set_nodelay(true).expect("TCP_NODELAY");
                let state = (
                    Arc::clone(&bodies),
                    Arc::clone(&server_stats),
                    Arc::clone(&limits),
                );
                tokio::spawn(async move {
                    // A client that hangs up is not the server's problem.
                    let _ = serve(stream, &state.0, &state.1, &state.2).await;
                });
            }
        });
    });
    (port_rx.recv().expect("the server starts"), stats, reset)
}

/// Forgets what the server knows of the token (its pause, points and writes).
pub struct Reset(Arc<Mutex<Limits>>);

impl Reset {
    /// Forgets it.
    pub fn reset(&self) {
        let mut limits = self.0.lock().expect("the limits");
        limits.points.clear();
        limits.writes.clear();
        limits.blocked_until = None;
    }
}

/// The endpoint of a path, for the points: the repository's name left out.
fn endpoint(method: &str, path: &str) -> String {
    let path = path.split('?').next().unwrap_or_default();
    let segments: Vec<&str> = path.split('/').collect();
    let mut key = method.to_owned();
    for (index, segment) in segments.iter().enumerate() {
        key.push('/');
        key.push_str(match (segments.get(1), index) {
            (Some(&"repos"), 3) => "{repo}",
            _ => segment,
        });
    }
    key
}

fn epoch_in(from_now: Duration) -> u64 {
    (SystemTime::now() + from_now)
        .duration_since(UNIX_EPOCH)
        .expect("after 1970")
        .as_secs()
}

async fn serve(
    stream: TcpStream,
    bodies: &Bodies,
    stats: &Stats,
    limits: &Mutex<Limits>,
) -> std::io::Result<()> {
    let (read, mut write) = stream.into_split();
    let mut read = BufReader::new(read);
    loop {
        let mut line = String::new();
        if read.read_line(&mut line).await? == 0 {
            return Ok(());
        }
        let mut parts = line.split_whitespace();
        let method = parts.next().unwrap_or_default().to_owned();
        let target = parts.next().unwrap_or_default().to_owned();
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

        let is_write = method != "GET";
        let arrived = Instant::now();
        let verdict = {
            let mut limits = limits.lock().expect("the limits");
            let verdict = limits.admit(&endpoint(&method, &target), is_write, arrived);
            if let Err(why) = verdict {
                if why != PAUSED {
                    stats.tripped.lock().expect("the stats").push(why);
                }
            }
            limits.in_flight += 1;
            stats
                .most_in_flight
                .fetch_max(limits.in_flight as u64, Ordering::SeqCst);
            verdict
        };
        let path = target.split('?').next().unwrap_or_default();
        // The search case's routes answer at once: what is timed there is the client's own
        // hold, not a round trip.
        let search_case = path == "/search/code" || path == "/repos/o/r/actions/runs/1";
        if !search_case {
            tokio::time::sleep(RTT).await;
        }
        let core = format!(
            "x-ratelimit-limit: 5000\r\nx-ratelimit-remaining: 4000\r\nx-ratelimit-used: 1000\r\nx-ratelimit-reset: {}\r\nx-ratelimit-resource: core\r\n",
            epoch_in(Duration::from_secs(3600))
        );
        let (head, body): (String, &[u8]) = match verdict {
            Err(why) => {
                stats.secondary.fetch_add(1, Ordering::SeqCst);
                let body = format!(
                    "{{\"message\":\"You have exceeded a secondary rate limit ({why}). Please wait a few minutes before you try again.\",\"documentation_url\":\"https://docs.github.com/rest/overview/rate-limits-for-the-rest-api#about-secondary-rate-limits\"}}"
                );
                let retry_after = {
                    let limits = limits.lock().expect("the limits");
                    limits.blocked_until.map_or(MINUTE, |until| {
                        until.saturating_duration_since(Instant::now())
                    })
                };
                let head = format!(
                    "HTTP/1.1 403 Forbidden\r\ncontent-type: application/json\r\ncontent-length: {}\r\nretry-after: {}\r\n{core}\r\n",
                    body.len(),
                    retry_after.as_secs_f64().ceil() as u64
                );
                finish(limits, is_write, false);
                write.write_all(head.as_bytes()).await?;
                write.write_all(body.as_bytes()).await?;
                continue;
            }
            Ok(()) => {
                stats.ok.fetch_add(1, Ordering::SeqCst);
                if is_write {
                    (
                        "HTTP/1.1 204 No Content\r\n".to_owned() + &core + "\r\n",
                        &[],
                    )
                } else if path == "/search/code" {
                    let body: &[u8] =
                        b"{\"total_count\":0,\"incomplete_results\":false,\"items\":[]}";
                    let head = format!(
                        "HTTP/1.1 200 OK\r\ncontent-type: application/json\r\ncontent-length: {}\r\nx-ratelimit-limit: 10\r\nx-ratelimit-remaining: 0\r\nx-ratelimit-used: 10\r\nx-ratelimit-reset: {}\r\nx-ratelimit-resource: search\r\n\r\n",
                        body.len(),
                        epoch_in(Duration::from_secs(20))
                    );
                    (head, body)
                } else if path.ends_with("/actions/runs") {
                    let head = format!(
                        "HTTP/1.1 200 OK\r\ncontent-type: application/json\r\ncontent-length: {}\r\n{core}\r\n",
                        bodies.list.len()
                    );
                    (head, &bodies.list)
                } else {
                    let head = format!(
                        "HTTP/1.1 200 OK\r\ncontent-type: application/json\r\ncontent-length: {}\r\n{core}\r\n",
                        bodies.run.len()
                    );
                    (head, &bodies.run)
                }
            }
        };
        finish(limits, is_write, true);
        write.write_all(head.as_bytes()).await?;
        write.write_all(body).await?;
    }
}

/// A request leaves flight (as its answer starts).
fn finish(limits: &Mutex<Limits>, is_write: bool, admitted: bool) {
    let mut limits = limits.lock().expect("the limits");
    limits.in_flight -= 1;
    if is_write && admitted {
        limits.writes_in_flight -= 1;
    }
}
