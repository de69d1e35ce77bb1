//! A loopback HTTP/1.1 server that is just enough for the benchmarks: pages of workflow runs
//! linked with `Link: rel="next"`, a `302` download, and a body of any size made on the fly.
//!
//! - `GET /repos/pP/r/actions/runs?per_page=100[&page=N]`: page `N` (1 by default) of `P`
//!   pages, every page the same bytes, with a `next` link until the last page.
//! - `GET /repos/bN/r/actions/artifacts/1/zip`: `302` to `/blob?size=N`.
//! - `GET /blob?size=N`: `N` bytes, written from one small buffer (nothing is kept in memory).

use std::sync::Arc;

use tokio::io::{AsyncBufReadExt, AsyncWriteExt, BufReader};
use tokio::net::{TcpListener, TcpStream};

/// What the server answers with.
pub struct Content {
    /// The bytes of every page of runs.
    pub page: Vec<u8>,
}

/// Starts the server on a runtime thread of its own; returns its port.
pub fn start(content: Content) -> u16 {
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
            let content = Arc::new(content);
            loop {
                let Ok((stream, _)) = listener.accept().await else {
                    continue;
                };
                let content = Arc::clone(&content);
                tokio::spawn(async move {
                    // A client that hangs up mid-body is not the server's problem.
                    let _ = serve(stream, &content).await;
                });
            }
        });
    });
    port_rx.recv().expect("the server starts")
}

async fn serve(stream: TcpStream, content: &Content) -> std::io::Result<()> {
    let (read, mut write) = stream.into_split();
    let mut read = BufReader::new(read);
    let mut line = String::new();
    loop {
        line.clear();
        if read.read_line(&mut line).await? == 0 {
            return Ok(());
        }
        let target = line.split_whitespace().nth(1).unwrap_or("/").to_owned();
        let mut host = String::new();
        loop {
            let mut header = String::new();
            if read.read_line(&mut header).await? == 0 {
                return Ok(());
            }
            if header == "\r\n" || header == "\n" {
                break;
            }
            if let Some(value) = header
                .strip_prefix("host: ")
                .or_else(|| header.strip_prefix("Host: "))
            {
                host = value.trim().to_owned();
            }
        }
        let (path, query) = target.split_once('?').unwrap_or((&target, ""));
        let param = |name: &str| {
            query
                .split('&')
                .find_map(|pair| pair.strip_prefix(name)?.strip_prefix('='))
                .and_then(|value| value.parse::<usize>().ok())
        };
        let mut segments = path.split('/').skip(1);
        let owner = segments.nth(1).unwrap_or("");
        let number = owner
            .get(1..)
            .and_then(|n| n.parse::<usize>().ok())
            .unwrap_or(0);
        let rest: Vec<&str> = segments.collect();
        match (path.starts_with("/repos/"), rest.as_slice()) {
            (true, ["r", "actions", "runs"]) => {
                let page = param("page").unwrap_or(1);
                let pages = number;
                let mut head = format!(
                    "HTTP/1.1 200 OK\r\ncontent-type: application/json\r\ncontent-length: {}\r\n",
                    content.page.len()
                );
                if page < pages {
                    head.push_str(&format!(
                        "link: <http://{host}/repos/{owner}/r/actions/runs?per_page=100&page={}>; rel=\"next\"\r\n",
                        page + 1
                    ));
                }
                head.push_str("\r\n");
                write.write_all(head.as_bytes()).await?;
                write.write_all(&content.page).await?;
            }
            (true, ["r", "actions", "artifacts", "1", "zip"]) => {
                let size = number;
                let head = format!(
                    "HTTP/1.1 302 Found\r\nlocation: http://{host}/blob?size={size}\r\ncontent-length: 0\r\n\r\n"
                );
                write.write_all(head.as_bytes()).await?;
            }
            (false, _) if path == "/blob" => {
                let size = param("size").unwrap_or(0);
                let head = format!(
                    "HTTP/1.1 200 OK\r\ncontent-type: application/zip\r\ncontent-length: {size}\r\n\r\n"
                );
                write.write_all(head.as_bytes()).await?;
                let chunk = vec![0x5a_u8; 256 * 1024];
                let mut left = size;
                while left > 0 {
                    let n = left.min(chunk.len());
                    write.write_all(&chunk[..n]).await?;
                    left -= n;
                }
            }
            _ => {
                write
                    .write_all(b"HTTP/1.1 404 Not Found\r\ncontent-length: 0\r\n\r\n")
                    .await?;
            }
        }
    }
}
