//! A loopback HTTP/1.1 server shaped like a real link to api.github.com: each response waits one
//! round trip after its request, a new connection costs two more (TCP and TLS handshakes), and
//! bodies leave at the link's bandwidth, paced per connection. Like GitHub, it answers gzip
//! when the request allows it, sends `ETag`s, and answers `304 Not Modified` (no body) to an
//! `If-None-Match` that matches.
//!
//! - `GET /repos/o/r/actions/runs?per_page=100[&page=N]`: page `N` of [`Content::pages`],
//!   every page the same bytes, with a `next` link until the last page.
//! - `GET /repos/o/r/actions/runs/1`: one run.
//! - `GET /repos/o/r/actions/artifacts/1/zip`: `302` to `/blob`.
//! - `GET /blob`: [`Content::blob_bytes`] bytes (an archive: never gzipped), written from one
//!   small buffer.
//!
//! [`Stats`] counts what crossed the link.

use std::io::Write;
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::Arc;
use std::time::Duration;

use tokio::io::{AsyncBufReadExt, AsyncWriteExt, BufReader};
use tokio::net::tcp::OwnedWriteHalf;
use tokio::net::{TcpListener, TcpStream};
use tokio::time::Instant;

/// A link: its round-trip time and its bandwidth.
#[derive(Debug, Clone, Copy)]
pub struct Profile {
    /// The round-trip time.
    pub rtt: Duration,
    /// Bits per second, per connection.
    pub bits_per_second: u64,
}

impl Profile {
    /// How long `bytes` take to cross the link once sending has started.
    pub fn transfer(&self, bytes: u64) -> Duration {
        Duration::from_secs_f64(bytes as f64 * 8.0 / self.bits_per_second as f64)
    }

    /// The profile as the table names it: `50 ms / 50 Mbit/s`.
    pub fn name(&self) -> String {
        format!(
            "{} ms / {} Mbit/s",
            self.rtt.as_millis(),
            self.bits_per_second / 1_000_000
        )
    }
}

/// What the server answers with.
pub struct Content {
    /// The bytes of every page of runs.
    pub page: Vec<u8>,
    /// How many pages the list has.
    pub pages: usize,
    /// The bytes of the single run.
    pub run: Vec<u8>,
    /// The size of the download.
    pub blob_bytes: u64,
}

/// What crossed the link since the last [`Stats::take`].
#[derive(Debug, Default)]
pub struct Stats {
    connections: AtomicU64,
    ok: AtomicU64,
    not_modified: AtomicU64,
    /// Response bytes, heads included.
    bytes: AtomicU64,
}

/// A snapshot of [`Stats`].
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Counts {
    /// Connections accepted.
    pub connections: u64,
    /// `200` responses.
    pub ok: u64,
    /// `304` responses.
    pub not_modified: u64,
    /// Response bytes, heads included.
    pub bytes: u64,
}

impl Stats {
    /// The counts so far, resetting them.
    pub fn take(&self) -> Counts {
        Counts {
            connections: self.connections.swap(0, Ordering::SeqCst),
            ok: self.ok.swap(0, Ordering::SeqCst),
            not_modified: self.not_modified.swap(0, Ordering::SeqCst),
            bytes: self.bytes.swap(0, Ordering::SeqCst),
        }
    }
}

/// The bodies, and their gzipped forms, made once.
struct Prepared {
    content: Content,
    page_gzip: Vec<u8>,
    run_gzip: Vec<u8>,
}

/// gzip at the default level, as GitHub's front end compresses.
pub fn gzip(bytes: &[u8]) -> Vec<u8> {
    let mut encoder = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::default());
    encoder.write_all(bytes).expect("gzip into memory");
    encoder.finish().expect("gzip into memory")
}

/// Starts the server on a runtime thread of its own; returns its port and its counters.
pub fn start(profile: Profile, content: Content) -> (u16, Arc<Stats>) {
    let prepared = Arc::new(Prepared {
        page_gzip: gzip(&content.page),
        run_gzip: gzip(&content.run),
        content,
    });
    let stats = Arc::new(Stats::default());
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
                server_stats.connections.fetch_add(1, Ordering::SeqCst);
                let prepared = Arc::clone(&prepared);
                let stats = Arc::clone(&server_stats);
                tokio::spawn(async move {
                    // A client that hangs up mid-body is not the server's problem.
                    let _ = serve(stream, profile, &prepared, &stats).await;
                });
            }
        });
    });
    (port_rx.recv().expect("the server starts"), stats)
}

/// One request's line and the headers the server looks at.
#[derive(Default)]
struct Head {
    target: String,
    host: String,
    gzip: bool,
    if_none_match: Option<String>,
}

async fn read_head(
    read: &mut BufReader<tokio::net::tcp::OwnedReadHalf>,
) -> std::io::Result<Option<Head>> {
    let mut line = String::new();
    if read.read_line(&mut line).await? == 0 {
        return Ok(None);
    }
    let mut head = Head {
        target: line.split_whitespace().nth(1).unwrap_or("/").to_owned(),
        ..Head::default()
    };
    loop {
        let mut header = String::new();
        if read.read_line(&mut header).await? == 0 {
            return Ok(None);
        }
        if header == "\r\n" || header == "\n" {
            return Ok(Some(head));
        }
        let Some((name, value)) = header.split_once(':') else {
            continue;
        };
        let value = value.trim();
        match name.trim().to_ascii_lowercase().as_str() {
            "host" => head.host = value.to_owned(),
            "accept-encoding" => {
                head.gzip = value
                    .split(',')
                    .any(|coding| coding.split(';').next().map(str::trim) == Some("gzip"))
            }
            "if-none-match" => head.if_none_match = Some(value.to_owned()),
            _ => {}
        }
    }
}

async fn serve(
    stream: TcpStream,
    profile: Profile,
    prepared: &Prepared,
    stats: &Stats,
) -> std::io::Result<()> {
    let (read, write) = stream.into_split();
    let mut read = BufReader::new(read);
    let mut link = Link {
        write,
        profile,
        stats,
        // TCP's and TLS 1.3's handshakes, before the first request can arrive.
        handshakes: 2,
    };
    let content = &prepared.content;
    while let Some(head) = read_head(&mut read).await? {
        let (path, query) = head.target.split_once('?').unwrap_or((&head.target, ""));
        let page = query
            .split('&')
            .find_map(|pair| pair.strip_prefix("page="))
            .and_then(|value| value.parse::<usize>().ok())
            .unwrap_or(1);
        match path {
            "/repos/o/r/actions/runs" => {
                let next = (page < content.pages).then(|| {
                    format!(
                        "link: <http://{}/repos/o/r/actions/runs?per_page=100&page={}>; rel=\"next\"\r\n",
                        head.host,
                        page + 1
                    )
                });
                let etag = format!("W/\"page-{page}\"");
                let body = Body::json(&content.page, &prepared.page_gzip, head.gzip);
                link.answer(&head, &etag, &next.unwrap_or_default(), body)
                    .await?;
            }
            "/repos/o/r/actions/runs/1" => {
                let body = Body::json(&content.run, &prepared.run_gzip, head.gzip);
                link.answer(&head, "W/\"run-1\"", "", body).await?;
            }
            "/repos/o/r/actions/artifacts/1/zip" => {
                let response = format!(
                    "HTTP/1.1 302 Found\r\nlocation: http://{}/blob\r\ncontent-length: 0\r\n\r\n",
                    head.host
                );
                link.respond(response.as_bytes(), &[]).await?;
            }
            "/blob" => link.blob(content.blob_bytes).await?,
            _ => {
                link.respond(b"HTTP/1.1 404 Not Found\r\ncontent-length: 0\r\n\r\n", &[])
                    .await?
            }
        }
    }
    Ok(())
}

/// A body to send, and whether it is gzipped.
struct Body<'b> {
    bytes: &'b [u8],
    gzip: bool,
}

impl<'b> Body<'b> {
    fn json(plain: &'b [u8], gzipped: &'b [u8], gzip: bool) -> Self {
        match gzip {
            true => Self {
                bytes: gzipped,
                gzip,
            },
            false => Self { bytes: plain, gzip },
        }
    }
}

/// The server's end of one connection, shaped.
struct Link<'s> {
    write: OwnedWriteHalf,
    profile: Profile,
    stats: &'s Stats,
    /// Round trips still owed for setting the connection up.
    handshakes: u32,
}

impl Link<'_> {
    /// A JSON resource: `304` when the client has it, else `200` with its body.
    async fn answer(
        &mut self,
        head: &Head,
        etag: &str,
        extra: &str,
        body: Body<'_>,
    ) -> std::io::Result<()> {
        if head.if_none_match.as_deref() == Some(etag) {
            self.stats.not_modified.fetch_add(1, Ordering::SeqCst);
            let response = format!(
                "HTTP/1.1 304 Not Modified\r\netag: {etag}\r\n{extra}x-ratelimit-limit: 5000\r\nx-ratelimit-remaining: 4999\r\nx-ratelimit-reset: 4102444800\r\n\r\n"
            );
            return self.respond(response.as_bytes(), &[]).await;
        }
        self.stats.ok.fetch_add(1, Ordering::SeqCst);
        let encoding = if body.gzip {
            "content-encoding: gzip\r\n"
        } else {
            ""
        };
        let response = format!(
            "HTTP/1.1 200 OK\r\ncontent-type: application/json; charset=utf-8\r\ncontent-length: {}\r\n{encoding}etag: {etag}\r\nvary: Accept, Authorization, Accept-Encoding\r\n{extra}x-ratelimit-limit: 5000\r\nx-ratelimit-remaining: 4999\r\nx-ratelimit-reset: 4102444800\r\n\r\n",
            body.bytes.len()
        );
        self.respond(response.as_bytes(), body.bytes).await
    }

    /// An archive of `size` bytes, made on the fly.
    async fn blob(&mut self, size: u64) -> std::io::Result<()> {
        self.stats.ok.fetch_add(1, Ordering::SeqCst);
        let head = format!(
            "HTTP/1.1 200 OK\r\ncontent-type: application/zip\r\ncontent-length: {size}\r\n\r\n"
        );
        self.round_trip().await;
        let start = Instant::now();
        let mut sent = 0;
        self.paced(head.as_bytes(), start, &mut sent).await?;
        let chunk = vec![0x5a_u8; 64 * 1024];
        let mut left = size;
        while left > 0 {
            let n = left.min(chunk.len() as u64) as usize;
            self.paced(&chunk[..n], start, &mut sent).await?;
            left -= n as u64;
        }
        Ok(())
    }

    /// Sends a response one round trip after its request, at the link's bandwidth.
    async fn respond(&mut self, head: &[u8], body: &[u8]) -> std::io::Result<()> {
        self.round_trip().await;
        let start = Instant::now();
        let mut sent = 0;
        self.paced(head, start, &mut sent).await?;
        for chunk in body.chunks(16 * 1024) {
            self.paced(chunk, start, &mut sent).await?;
        }
        Ok(())
    }

    /// Waits out the round trip of a request (and of the handshakes of a new connection).
    async fn round_trip(&mut self) {
        let trips = 1 + std::mem::take(&mut self.handshakes);
        tokio::time::sleep(self.profile.rtt * trips).await;
    }

    /// Writes `bytes`, then waits until the link would have carried everything sent since
    /// `start`.
    async fn paced(&mut self, bytes: &[u8], start: Instant, sent: &mut u64) -> std::io::Result<()> {
        self.write.write_all(bytes).await?;
        *sent += bytes.len() as u64;
        self.stats
            .bytes
            .fetch_add(bytes.len() as u64, Ordering::SeqCst);
        tokio::time::sleep_until(start + self.profile.transfer(*sent)).await;
        Ok(())
    }
}
