//! The project's benchmarks, printed as one table: `cargo bench -p benches` (or
//! `cargo xtask bench`). See `BENCHMARKS.md` for what each figure means and the targets.
//!
//! `cargo test --all-targets` builds this file and runs it without `--bench`: it then returns at
//! once. Network benchmarks run their client in a child process (this binary again, with
//! `--child …`) so that its peak memory is its own, against a loopback server in this process.

use std::ffi::OsString;
use std::hint::black_box;
use std::process::Command;
use std::time::{Duration, Instant};

use benches::measure::{mb_per_s, median, median_time, peak_rss_kib};
use benches::pages;
use benches::server::{self, Content};
use benches::shaped::{self, Profile};
use benches::spec::spec_sources;
use bytes::Bytes;
use futures::TryStreamExt;
use github_actions_client::models::{ArtifactArchiveFormat, JobList, WorkflowRunList};
use github_actions_client::{Client, ThrottlePolicy};
use serde::de::IgnoredAny;

/// Runs per page and pages per listing in the streaming benchmark.
const RUNS_PER_PAGE: usize = 100;
const PAGES: usize = 100;
/// The download's size: 1 GiB.
const DOWNLOAD_BYTES: u64 = 1 << 30;

/// One line of the table.
struct Row {
    benchmark: String,
    result: String,
    baseline: String,
    target: String,
    met: Option<bool>,
}

fn main() {
    let args: Vec<String> = std::env::args().skip(1).collect();
    if let Some(index) = args.iter().position(|arg| arg == "--child") {
        child(&args[index + 1..]);
        return;
    }
    if !args.iter().any(|arg| arg == "--bench") {
        println!("benchmarks run only under `cargo bench -p benches` (or `cargo xtask bench`)");
        return;
    }
    let only: Vec<&str> = args
        .iter()
        .map(String::as_str)
        .filter(|arg| !arg.starts_with("--"))
        .collect();
    let wanted = |section: &str| only.is_empty() || only.contains(&section);

    let mut rows = Vec::new();
    if wanted("codegen") {
        codegen(&mut rows);
    }
    let api = codegen::check(spec_sources()).expect("the spec is valid");
    let run = pages::schema_example(&api, "workflow-run");
    let run_page = pages::page(
        &run,
        "workflow_runs",
        RUNS_PER_PAGE,
        1,
        RUNS_PER_PAGE * PAGES,
    );
    if wanted("decode") {
        let job = pages::schema_example(&api, "job");
        let job_page = pages::page(&job, "jobs", 100, 1, 100);
        decode(&mut rows, &run_page, &job_page);
    }
    if wanted("network") {
        let quick = args.iter().any(|arg| arg == "--quick");
        let run = serde_json::to_vec(&run).expect("JSON encodes");
        network(&mut rows, &run_page, &run, quick);
    }
    // Part of `network`; `fanout` alone runs only it.
    if wanted("network") || wanted("fanout") {
        let quick = args.iter().any(|arg| arg == "--quick");
        let run = serde_json::to_vec(&run).expect("JSON encodes");
        fan_out(&mut rows, &run, quick);
    }
    if wanted("mock") {
        mock(&mut rows, &run);
    }
    if wanted("stream") || wanted("download") {
        let port = server::start(Content {
            page: run_page.clone(),
        });
        if wanted("stream") {
            stream(&mut rows, port, run_page.len());
        }
        if wanted("download") {
            download(&mut rows, port);
        }
    }
    print_table(&rows);
}

/// The fake GitHub (`mock` feature): how long `MockGitHub::start()` takes, one stubbed call's
/// round trip over loopback, and the README's user test (dispatch → wait → download) written
/// with the fake beside the same test written with wiremock by hand.
fn mock(rows: &mut Vec<Row>, run: &serde_json::Value) {
    use github_actions_client::mock::MockGitHub;
    use github_actions_client::models::WorkflowRun;

    let runtime = tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
        .expect("a Tokio runtime");
    let budget = Duration::from_secs(2);
    // Started and dropped (which stops it): what each test pays.
    let start = median_time(budget, 20, || {
        runtime.block_on(async { black_box(MockGitHub::start().await) });
    });
    rows.push(Row {
        benchmark: "start the fake GitHub (`MockGitHub::start()`, then drop)".to_owned(),
        result: format!("{:.3} ms", start.as_secs_f64() * 1e3),
        baseline: "-".to_owned(),
        target: "< 5 ms".to_owned(),
        met: Some(start < Duration::from_millis(5)),
    });

    let github = runtime.block_on(MockGitHub::start());
    let run: WorkflowRun = serde_json::from_value(run.clone()).expect("the example decodes");
    github.get_workflow_run("o", "r", 42).returns(run);
    // Every call a full `200` (the fake's `ETag`s would make repeats `304`s).
    let client = Client::builder()
        .base_url(github.url())
        .expect("the fake's URL")
        .token("t")
        .conditional_requests(false)
        .build()
        .expect("a client");
    let call = median_time(budget, 100, || {
        runtime.block_on(async {
            black_box(client.get_workflow_run("o", "r", 42).send().await).expect("answered");
        });
    });
    rows.push(Row {
        benchmark:
            "one stubbed call through the fake (`get_workflow_run`, docs' example run, loopback)"
                .to_owned(),
        result: format!("{:.3} ms", call.as_secs_f64() * 1e3),
        baseline: "-".to_owned(),
        target: "< 1 ms".to_owned(),
        met: Some(call < Duration::from_millis(1)),
    });
    drop(github);

    let (fake, wiremock) = test_lines();
    rows.push(Row {
        benchmark: "README's user test of dispatch → wait → download: lines of code".to_owned(),
        result: format!("{fake} lines with `mock::MockGitHub`"),
        baseline: format!("{wiremock} lines with wiremock by hand (benches/fixtures/)"),
        target: "-".to_owned(),
        met: None,
    });
}

/// Lines of code (not blank, not comments, not `use` or `mod` lines) of the user test written
/// with the fake (the test and the helper it calls, in `tests/tests/suite/mock.rs`) and with
/// wiremock (`benches/fixtures/dispatch_wait_wiremock.rs`, helpers included).
fn test_lines() -> (usize, usize) {
    let suite = include_str!("../../tests/tests/suite/mock.rs");
    let wiremock = include_str!("../fixtures/dispatch_wait_wiremock.rs");
    // An item: from the line that starts it to the first `}` at the start of a line.
    let item = |start: &str| -> Vec<&str> {
        let lines: Vec<&str> = suite.lines().collect();
        let first = lines
            .iter()
            .position(|line| line.starts_with(start))
            .unwrap_or_else(|| panic!("mock.rs has `{start}`"));
        let length = lines[first..]
            .iter()
            .position(|line| *line == "}")
            .expect("the item ends");
        lines[first..=first + length].to_vec()
    };
    let code = |lines: &[&str]| {
        lines
            .iter()
            .map(|line| line.trim())
            .filter(|line| {
                !line.is_empty()
                    && !line.starts_with("//")
                    && !line.starts_with("use ")
                    && !line.starts_with("mod ")
                    && !line.starts_with("#[allow")
                    && !line.starts_with("#[path")
            })
            .count()
    };
    let mut fake = item("fn run(");
    fake.extend(item("async fn dispatch_wait_download_with_the_fake"));
    // The `#[tokio::test]` line above the test counts, as in the fixture.
    let fake = code(&fake) + 1;
    let wiremock: Vec<&str> = wiremock.lines().collect();
    (fake, code(&wiremock))
}

/// The codegen rows, measured by the `codegen-bench` binary (a process of its own, as
/// `cargo xtask codegen` is).
fn codegen(rows: &mut Vec<Row>) {
    let output = Command::new(env!("CARGO_BIN_EXE_codegen-bench"))
        .output()
        .expect("codegen-bench runs");
    assert!(output.status.success(), "codegen-bench failed: {output:?}");
    for line in String::from_utf8_lossy(&output.stdout).lines() {
        let [benchmark, result, baseline, target, met] = line
            .splitn(5, '\t')
            .collect::<Vec<_>>()
            .try_into()
            .unwrap_or_else(|_| panic!("codegen-bench printed an odd row: {line}"));
        rows.push(Row {
            benchmark: benchmark.to_owned(),
            result: result.to_owned(),
            baseline: baseline.to_owned(),
            target: target.to_owned(),
            met: match met {
                "yes" => Some(true),
                "no" => Some(false),
                _ => None,
            },
        });
    }
}

/// Decodes `body` with the function the client decodes responses with
/// ([`decode_json`](github_actions_client::decode_json)): the body checked as UTF-8 as a whole,
/// then `serde_json::from_str`. The `serde_json::Value` and `IgnoredAny` baselines go through it
/// too, so all three rows read the same input the same way and differ only in the type decoded.
fn client_decode<T: serde::de::DeserializeOwned>(body: &Bytes) -> T {
    github_actions_client::decode_json(body).expect("the page decodes")
}

fn decode(rows: &mut Vec<Row>, run_page: &[u8], job_page: &[u8]) {
    // Bodies as the client holds them: `Bytes`, as `reqwest` reads them.
    let run_page = &Bytes::copy_from_slice(run_page);
    let job_page = &Bytes::copy_from_slice(job_page);
    let budget = Duration::from_secs(3);
    let value = median_time(budget, 10, || {
        black_box(client_decode::<serde_json::Value>(black_box(run_page)));
    });
    let scan = median_time(budget, 10, || {
        black_box(client_decode::<IgnoredAny>(black_box(run_page)));
    });
    let typed = median_time(budget, 10, || {
        black_box(client_decode::<WorkflowRunList>(black_box(run_page)));
    });
    // The same type decoded by serde_json alone, as a program that skips `decode_json` would.
    let text = std::str::from_utf8(run_page).expect("the page is UTF-8");
    let copied = median_time(budget, 10, || {
        black_box(serde_json::from_str::<WorkflowRunList>(black_box(text)).expect("it decodes"));
    });
    let baseline = format!(
        "serde_json::Value {:.0} MB/s; IgnoredAny scan {:.0} MB/s; serde_json::from_str into the same type {:.0} MB/s",
        mb_per_s(run_page.len(), value),
        mb_per_s(run_page.len(), scan),
        mb_per_s(run_page.len(), copied),
    );
    let typed_mb = mb_per_s(run_page.len(), typed);
    rows.push(Row {
        benchmark: format!(
            "decode 100-run page ({:.2} MB) into WorkflowRunList",
            run_page.len() as f64 / 1e6
        ),
        result: format!("{typed_mb:.0} MB/s ({:.2} ms)", typed.as_secs_f64() * 1e3),
        baseline,
        // The target is relative: ≥ 0.9× the reference client's typed decode in the same run
        // (`scripts/reference-decode.sh`). Here it is a regression guard.
        target: "guard; see scripts/reference-decode.sh".to_owned(),
        met: None,
    });

    // Encoding the decoded page again (what a program caching runs does), beside the same
    // page as a `serde_json::Value`: no target, a regression guard.
    let runs: WorkflowRunList = client_decode(run_page);
    let as_value: serde_json::Value = client_decode(run_page);
    let encoded_len = serde_json::to_vec(&runs).expect("the page encodes").len();
    let encode = median_time(budget, 10, || {
        black_box(serde_json::to_vec(black_box(&runs)).expect("the page encodes"));
    });
    let encode_value = median_time(budget, 10, || {
        black_box(serde_json::to_vec(black_box(&as_value)).expect("the value encodes"));
    });
    rows.push(Row {
        benchmark: format!(
            "encode the 100-run page ({:.2} MB) from WorkflowRunList with serde_json::to_vec",
            encoded_len as f64 / 1e6
        ),
        result: format!(
            "{:.0} MB/s ({:.2} ms)",
            mb_per_s(encoded_len, encode),
            encode.as_secs_f64() * 1e3
        ),
        baseline: format!(
            "serde_json::Value {:.0} MB/s",
            mb_per_s(encoded_len, encode_value)
        ),
        target: "-".to_owned(),
        met: None,
    });

    let value = median_time(budget, 10, || {
        black_box(client_decode::<serde_json::Value>(black_box(job_page)));
    });
    let scan = median_time(budget, 10, || {
        black_box(client_decode::<IgnoredAny>(black_box(job_page)));
    });
    let typed = median_time(budget, 10, || {
        black_box(client_decode::<JobList>(black_box(job_page)));
    });
    rows.push(Row {
        benchmark: format!(
            "decode 100-job page ({:.2} MB) into JobList",
            job_page.len() as f64 / 1e6
        ),
        result: format!(
            "{:.0} MB/s ({:.2} ms)",
            mb_per_s(job_page.len(), typed),
            typed.as_secs_f64() * 1e3
        ),
        baseline: format!(
            "serde_json::Value {:.0} MB/s; IgnoredAny scan {:.0} MB/s",
            mb_per_s(job_page.len(), value),
            mb_per_s(job_page.len(), scan)
        ),
        target: "-".to_owned(),
        met: None,
    });
}

/// A child's report: seconds, peak RSS in KiB, and how many items or bytes it got.
struct ChildReport {
    seconds: f64,
    rss_kib: u64,
    count: u64,
}

fn run_child(args: &[String]) -> ChildReport {
    let exe = std::env::current_exe().expect("the bench binary");
    let output = Command::new(exe)
        .arg("--child")
        .args(args)
        .output()
        .expect("the child runs");
    let stdout = String::from_utf8_lossy(&output.stdout);
    assert!(
        output.status.success(),
        "child {args:?} failed: {stdout}{}",
        String::from_utf8_lossy(&output.stderr)
    );
    let fields: Vec<&str> = stdout.split_whitespace().collect();
    ChildReport {
        seconds: fields[0].parse().expect("seconds"),
        rss_kib: fields[1].parse().expect("KiB"),
        count: fields[2].parse().expect("a count"),
    }
}

fn stream(rows: &mut Vec<Row>, port: u16, page_bytes: usize) {
    let port = port.to_string();
    let pages = PAGES.to_string();
    let runs = |mode: &str, pages: &str| -> Vec<ChildReport> {
        (0..3)
            .map(|_| run_child(&[mode.to_owned(), port.clone(), pages.to_owned()]))
            .collect()
    };
    let mut client = runs("stream-client", &pages);
    let mut plain = runs("stream-plain", &pages);
    let small = runs("stream-client", "10");
    for report in client.iter().chain(&plain) {
        assert_eq!(report.count as usize, RUNS_PER_PAGE * PAGES);
    }
    let time = |reports: &mut [ChildReport]| {
        let mut times: Vec<Duration> = reports
            .iter()
            .map(|r| Duration::from_secs_f64(r.seconds))
            .collect();
        median(&mut times)
    };
    let rss = |reports: &[ChildReport]| reports.iter().map(|r| r.rss_kib).max().unwrap_or(0);
    let client_time = time(&mut client);
    let plain_time = time(&mut plain);
    let ratio = client_time.as_secs_f64() / plain_time.as_secs_f64();
    rows.push(Row {
        benchmark: format!(
            "stream 10,000 runs in {PAGES} pages ({:.0} MB) over loopback with .stream()",
            (page_bytes * PAGES) as f64 / 1e6
        ),
        result: format!(
            "{:.0} ms ({ratio:.2}× the plain loop)",
            client_time.as_secs_f64() * 1e3
        ),
        baseline: format!(
            "plain reqwest + serde_json loop {:.0} ms",
            plain_time.as_secs_f64() * 1e3
        ),
        target: "≤ 1.2× the plain loop".to_owned(),
        met: Some(ratio <= 1.2),
    });
    let (small_rss, big_rss, plain_rss) = (rss(&small), rss(&client), rss(&plain));
    rows.push(Row {
        benchmark: "stream: peak RSS, 10 pages vs 100 pages".to_owned(),
        result: format!(
            "{:.1} MiB (10 pages), {:.1} MiB (100 pages)",
            small_rss as f64 / 1024.0,
            big_rss as f64 / 1024.0
        ),
        baseline: format!(
            "plain loop {:.1} MiB (100 pages)",
            plain_rss as f64 / 1024.0
        ),
        target: "flat in pages".to_owned(),
        // Flat: ten times the pages may not cost more than one more page's worth and a margin.
        met: Some(big_rss <= small_rss + (page_bytes as u64 * 4) / 1024 + 2048),
    });
}

fn download(rows: &mut Vec<Row>, port: u16) {
    let report = run_child(&[
        "download".to_owned(),
        port.to_string(),
        DOWNLOAD_BYTES.to_string(),
    ]);
    assert_eq!(report.count, DOWNLOAD_BYTES);
    let mib = report.rss_kib as f64 / 1024.0;
    rows.push(Row {
        benchmark: "download 1 GiB to a file through .download().save()".to_owned(),
        result: format!("peak RSS {mib:.1} MiB"),
        baseline: format!("{:.0} MB/s", DOWNLOAD_BYTES as f64 / report.seconds / 1e6),
        target: "< 50 MiB peak RSS".to_owned(),
        met: Some(mib < 50.0),
    });
}

/// The shaped-link rows (see `benches/src/shaped.rs`): for each profile, list 10,000 runs, poll
/// one unchanged run 30 times, download 100 MB through the `302`; this client beside a plain
/// reqwest + gzip + serde_json loop, this client as it was before gzip and conditional requests,
/// octokit.js and octocrab (each where it can run here), and the network floor (round trips +
/// compressed bytes / bandwidth), all in the same run.
/// `--quick`: 10 pages and 10 MB instead, for a check that the rows still work.
fn network(rows: &mut Vec<Row>, run_page: &[u8], run: &[u8], quick: bool) {
    let (pages, blob_bytes): (u64, u64) = match quick {
        true => (10, 10_000_000),
        false => (PAGES as u64, 100_000_000),
    };
    const POLLS: u64 = 30;
    let page_gzip = shaped::gzip(run_page).len() as u64;
    let run_gzip = shaped::gzip(run).len() as u64;
    let profiles = [
        Profile {
            rtt: Duration::from_millis(50),
            bits_per_second: 50_000_000,
        },
        Profile {
            rtt: Duration::from_millis(150),
            bits_per_second: 20_000_000,
        },
    ];
    // The other clients, each a program of its own, when it can run here.
    let others: Vec<(&str, Vec<OsString>)> = [("octokit.js", octokit()), ("octocrab", octocrab())]
        .into_iter()
        .filter_map(|(name, program)| Some((name, program?)))
        .collect();
    for profile in profiles {
        let (port, stats) = shaped::start(
            profile,
            shaped::Content {
                page: run_page.to_vec(),
                pages: pages as usize,
                run: run.to_vec(),
                blob_bytes,
            },
        );
        let name = profile.name();
        let rtt = |trips: u64| profile.rtt * trips as u32;
        // Runs one child; returns its seconds and what crossed the link.
        let measure = |mode: &str, amount: u64| {
            stats.take();
            let report = run_child(&[mode.to_owned(), port.to_string(), amount.to_string()]);
            (report, stats.take())
        };
        let seconds = |secs: f64| format!("{secs:.2} s");
        let wire = |counts: &shaped::Counts| {
            format!(
                "{} × 200 + {} × 304, {:.1} kB, {} connection(s)",
                counts.ok,
                counts.not_modified,
                counts.bytes as f64 / 1e3,
                counts.connections
            )
        };

        // The other clients doing the same job.
        let other_clients = |mode: &str, amount: u64| {
            let mut text = String::new();
            for (name, program) in &others {
                stats.take();
                let report = run_other(name, program, mode, port, amount);
                let counts = stats.take();
                text += &format!(
                    "; {name} {} ({}, peak RSS {:.1} MiB)",
                    seconds(report.seconds),
                    wire(&counts),
                    report.rss_kib as f64 / 1024.0
                );
            }
            text
        };

        // List: two handshakes, one round trip per page, the gzipped pages at the bandwidth.
        let floor = (rtt(2 + pages) + profile.transfer(pages * page_gzip)).as_secs_f64();
        let (client, client_wire) = measure("net-list-client", pages);
        let (plain, plain_wire) = measure("net-list-plain", pages);
        let (before, before_wire) = measure("net-list-before", pages);
        let others_list = other_clients("list", pages);
        for report in [&client, &plain, &before] {
            assert_eq!(report.count, pages * RUNS_PER_PAGE as u64);
        }
        let ratio = client.seconds / floor;
        rows.push(Row {
            benchmark: format!(
                "list {} runs ({pages} pages), {name}",
                pages * RUNS_PER_PAGE as u64
            ),
            result: format!(
                "{} ({ratio:.2}× the floor); {}",
                seconds(client.seconds),
                wire(&client_wire)
            ),
            baseline: format!(
                "reqwest + gzip loop {} ({}); network floor {}; this client before gzip {} ({}){others_list}",
                seconds(plain.seconds),
                wire(&plain_wire),
                seconds(floor),
                seconds(before.seconds),
                wire(&before_wire)
            ),
            target: "≤ 1.1× the floor, ≤ the loop".to_owned(),
            met: Some(ratio <= 1.1 && client.seconds <= plain.seconds * 1.02),
        });

        // Poll: two handshakes, one round trip per poll, the run's body once.
        let floor = (rtt(2 + POLLS) + profile.transfer(run_gzip)).as_secs_f64();
        let (client, client_wire) = measure("net-poll-client", POLLS);
        let (plain, plain_wire) = measure("net-poll-plain", POLLS);
        let (before, before_wire) = measure("net-poll-before", POLLS);
        let others_poll = other_clients("poll", POLLS);
        rows.push(Row {
            benchmark: format!("poll one unchanged run {POLLS} times, {name}"),
            result: format!("{}; {}", seconds(client.seconds), wire(&client_wire)),
            baseline: format!(
                "reqwest + gzip loop with ETags {} ({}); network floor {}; this client before {} ({}){others_poll}",
                seconds(plain.seconds),
                wire(&plain_wire),
                seconds(floor),
                seconds(before.seconds),
                wire(&before_wire)
            ),
            target: format!("1 × 200 + {} × 304", POLLS - 1),
            met: Some(client_wire.ok == 1 && client_wire.not_modified == POLLS - 1),
        });

        // Download: two handshakes, the 302 and the file's round trips, the file.
        let floor = (rtt(4) + profile.transfer(blob_bytes)).as_secs_f64();
        let (client, client_wire) = measure("net-download-client", blob_bytes);
        let (plain, _) = measure("net-download-plain", blob_bytes);
        let others_download = other_clients("download", blob_bytes);
        assert_eq!(client.count, blob_bytes);
        assert_eq!(plain.count, blob_bytes);
        let ratio = client.seconds / floor;
        let mib = client.rss_kib as f64 / 1024.0;
        rows.push(Row {
            benchmark: format!(
                "download {:.0} MB through the 302, {name}",
                blob_bytes as f64 / 1e6
            ),
            result: format!(
                "{} ({ratio:.2}× the floor), peak RSS {mib:.1} MiB, {:.1} MB on the wire",
                seconds(client.seconds),
                client_wire.bytes as f64 / 1e6
            ),
            baseline: format!(
                "plain reqwest streaming to a file {}; network floor {}{others_download}",
                seconds(plain.seconds),
                seconds(floor)
            ),
            target: "streamed: ≤ 1.1× the floor, < 50 MiB".to_owned(),
            met: Some(ratio <= 1.1 && mib < 50.0),
        });
    }
}

/// The fan-out job, against a server that enforces GitHub's secondary rate limits scaled down
/// in time (`benches/src/fanout.rs`: a minute lasts 6 s): the latest run of each of 500
/// repositories and 50 workflow dispatches, interleaved, made 200 at a time
/// (`buffer_unordered(200)`); this client as it is (throttled, its policy scaled like the
/// server's limits), with throttling off, and octokit.js with `@octokit/plugin-throttling`
/// (its write group scaled the same way); each beside the least time the limits allow. Then
/// the search case of issue 23: the core request after a search that used up the `search`
/// limit. `--quick`: 100 repositories and 10 dispatches.
fn fan_out(rows: &mut Vec<Row>, run: &[u8], quick: bool) {
    use benches::fanout;
    let repos: u64 = if quick { 100 } else { 500 };
    let dispatches = repos / 10;
    let (port, stats, limits) = fanout::start(run);
    let floor = fanout::floor(repos, dispatches).as_secs_f64();
    let job = |report: &ChildReport, counts: &fanout::Counts| {
        let mut tripped = counts.tripped.clone();
        tripped.dedup();
        let tripped = match tripped.is_empty() {
            true => String::new(),
            false => format!(" (tripped: {})", tripped.join(", ")),
        };
        format!(
            "{:.2} s ({:.2}× the floor), {} secondary-limit answers{tripped}, {} of {} calls failed, at most {} in flight",
            report.seconds,
            report.seconds / floor,
            counts.secondary,
            repos + dispatches - report.count,
            repos + dispatches,
            counts.most_in_flight
        )
    };
    let measure = |mode: &str| {
        limits.reset();
        stats.take();
        let report = run_child(&[mode.to_owned(), port.to_string(), repos.to_string()]);
        let counts = stats.take();
        (report, counts)
    };
    let (client, client_counts) = measure("fanout-client");
    let (off, off_counts) = measure("fanout-off");
    let octokit = octokit().map(|program| {
        limits.reset();
        stats.take();
        let report = run_other("octokit.js", &program, "fanout", port, repos);
        (report, stats.take())
    });
    let octokit = match &octokit {
        Some((report, counts)) => {
            format!("; octokit.js + plugin-throttling {}", job(report, counts))
        }
        None => String::new(),
    };
    rows.push(Row {
        benchmark: format!(
            "fan-out: latest run of {repos} repositories + {dispatches} dispatches, buffer_unordered(200), GitHub's secondary limits ×{} faster",
            fanout::SCALE
        ),
        result: job(&client, &client_counts),
        baseline: format!(
            "floor {floor:.2} s; throttling off {}{octokit}",
            job(&off, &off_counts)
        ),
        target: "0 secondary-limit answers, ≤ 1.2× the floor".to_owned(),
        met: Some(
            client_counts.secondary == 0
                && client.count == repos + dispatches
                && client.seconds <= 1.2 * floor,
        ),
    });

    limits.reset();
    let search = run_child(&["search-core".to_owned(), port.to_string(), "1".to_owned()]);
    let latency = search.seconds * 1e3;
    rows.push(Row {
        benchmark: "a core request after a search used up the `search` limit (reset in 20 s)"
            .to_owned(),
        result: format!("left after {latency:.1} ms"),
        baseline: "before per-resource limits: held until the reset (about 20 s)".to_owned(),
        target: "< 50 ms".to_owned(),
        met: Some(latency < 50.0),
    });
}

/// Where octokit.js is installed for the benchmark (`benches/octokit`, pinned by its
/// package-lock.json).
fn octokit_dir() -> std::path::PathBuf {
    std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("octokit")
}

/// octokit.js's side of the jobs (`node benches/octokit/bench.mjs MODE PORT AMOUNT`): installs
/// it with `npm ci` when Node.js is there and it is not installed yet. Without Node.js, its
/// figures are left out (and this says so).
fn octokit() -> Option<Vec<OsString>> {
    let dir = octokit_dir();
    let installed = dir.join("node_modules/@octokit/plugin-throttling").exists()
        || Command::new("npm")
            .args(["ci", "--no-audit", "--no-fund"])
            .current_dir(&dir)
            .status()
            .is_ok_and(|status| status.success());
    if !installed {
        eprintln!(
            "octokit.js: `npm ci` in {} failed; its figures are left out",
            dir.display()
        );
        return None;
    }
    Some(vec!["node".into(), dir.join("bench.mjs").into()])
}

/// octocrab's side of the jobs: the first-build benchmark's octocrab program
/// (`benches/first-build/octocrab`, its own project and lock file), built here in release as
/// the benchmark is. Left out (and this says so) when it does not build.
fn octocrab() -> Option<Vec<OsString>> {
    let bench = std::path::Path::new(env!("CARGO_MANIFEST_DIR"));
    let manifest = bench.join("first-build/octocrab/Cargo.toml");
    let target = bench.join("../target/first-build-release");
    let cargo = std::env::var("CARGO").unwrap_or_else(|_| "cargo".to_owned());
    let built = Command::new(cargo)
        .args([
            "build",
            "--release",
            "--quiet",
            "--locked",
            "--manifest-path",
        ])
        .arg(&manifest)
        .env("CARGO_TARGET_DIR", &target)
        .status()
        .is_ok_and(|status| status.success());
    if !built {
        eprintln!(
            "octocrab: `cargo build` of {} failed; its figures are left out",
            manifest.display()
        );
        return None;
    }
    Some(vec![target.join("release/first-build-octocrab").into()])
}

/// Runs another client's side of a job (`PROGRAM… MODE PORT AMOUNT`, printing
/// `seconds peak_rss_kib count` as the Rust children do).
fn run_other(name: &str, program: &[OsString], mode: &str, port: u16, amount: u64) -> ChildReport {
    let output = Command::new(&program[0])
        .args(&program[1..])
        .args([mode, &port.to_string(), &amount.to_string()])
        .output()
        .expect("the program runs");
    let stdout = String::from_utf8_lossy(&output.stdout);
    assert!(
        output.status.success(),
        "{name} {mode} failed: {stdout}{}",
        String::from_utf8_lossy(&output.stderr)
    );
    let fields: Vec<&str> = stdout.split_whitespace().collect();
    ChildReport {
        seconds: fields[0].parse().expect("seconds"),
        rss_kib: fields[1].parse().expect("KiB"),
        count: fields[2].parse().expect("a count"),
    }
}

/// The client side of a network benchmark, in its own process: prints
/// `seconds peak_rss_kib count`.
fn child(args: &[String]) {
    let mode = args[0].as_str();
    let port: u16 = args[1].parse().expect("a port");
    let amount: u64 = args[2].parse().expect("a number");
    let runtime = tokio::runtime::Builder::new_multi_thread()
        .worker_threads(2)
        .enable_all()
        .build()
        .expect("a runtime");
    let base = format!("http://127.0.0.1:{port}");
    if mode == "search-core" {
        let latency = runtime.block_on(search_core_child(&base));
        println!("{} {} 1", latency.as_secs_f64(), peak_rss_kib());
        return;
    }
    let start = Instant::now();
    let count = runtime.block_on(async {
        match mode {
            "fanout-client" => fan_out_child(&base, amount, ThrottlePolicy::default()).await,
            "fanout-off" => fan_out_child(&base, amount, ThrottlePolicy::disabled()).await,
            "stream-client" => {
                let client = Client::builder()
                    .base_url(&base)
                    .expect("a base URL")
                    .build()
                    .expect("a client");
                let mut runs = client
                    .list_workflow_runs_for_repo(format!("p{amount}"), "r")
                    .per_page(100)
                    .stream();
                let mut count = 0;
                while let Some(run) = runs.try_next().await.expect("a run") {
                    black_box(&run);
                    count += 1;
                }
                count
            }
            "stream-plain" => {
                let http = reqwest::Client::new();
                let mut next = Some(format!(
                    "{base}/repos/p{amount}/r/actions/runs?per_page=100"
                ));
                let mut count = 0;
                while let Some(url) = next {
                    let response = http
                        .get(&url)
                        .header("accept", "application/vnd.github+json")
                        .send()
                        .await
                        .expect("a response");
                    next = response
                        .headers()
                        .get("link")
                        .and_then(|link| link.to_str().ok())
                        .and_then(next_link);
                    let body = response.bytes().await.expect("a body");
                    let page: WorkflowRunList = serde_json::from_slice(&body).expect("a page");
                    for run in page.workflow_runs {
                        black_box(&run);
                        count += 1;
                    }
                }
                count
            }
            "download" => {
                let client = Client::builder()
                    .base_url(&base)
                    .expect("a base URL")
                    .build()
                    .expect("a client");
                let path = std::env::temp_dir()
                    .join(format!("benches-download-{}.bin", std::process::id()));
                let written = client
                    .download_artifact(format!("b{amount}"), "r", 1, ArtifactArchiveFormat::Zip)
                    .download()
                    .await
                    .expect("a download")
                    .save(&path)
                    .await
                    .expect("saved");
                std::fs::remove_file(&path).expect("the file is removed");
                written
            }
            other => shaped_child(other, &base, amount).await,
        }
    });
    let seconds = start.elapsed().as_secs_f64();
    println!("{seconds} {} {count}", peak_rss_kib());
}

/// The client side of the fan-out job ([`fan_out`]): `repos` GETs of a repository's latest run
/// and a dispatch after every tenth, 200 at a time; returns how many succeeded.
async fn fan_out_child(base: &str, repos: u64, policy: ThrottlePolicy) -> u64 {
    use benches::fanout::{MINUTE, WRITE_SPACING};
    use futures::StreamExt;
    let policy = match policy.is_enabled() {
        // GitHub's second between writes and 80 a minute, on the server's clock.
        true => policy
            .write_interval(WRITE_SPACING)
            .write_budget(80, MINUTE),
        false => policy,
    };
    let client = Client::builder()
        .base_url(base)
        .expect("a base URL")
        .token("t")
        .throttle_policy(policy)
        .build()
        .expect("a client");
    let calls = repos + repos / 10;
    let results: Vec<bool> = futures::stream::iter(0..calls)
        .map(|call| {
            let client = client.clone();
            async move {
                let repo = format!("r{}", call / 11);
                let result = match call % 11 {
                    10 => client
                        .create_workflow_dispatch("o", repo, "ci.yml", "main")
                        .send()
                        .await
                        .map(drop),
                    _ => client
                        .list_workflow_runs_for_repo("o", repo)
                        .per_page(1)
                        .send()
                        .await
                        .map(|page| {
                            black_box(page);
                        }),
                };
                result.is_ok()
            }
        })
        .buffer_unordered(200)
        .collect()
        .await;
    results.into_iter().filter(|ok| *ok).count() as u64
}

/// The search case of issue 23: a search uses up the `search` limit, then a core request is
/// timed. Prints its seconds as the child's.
async fn search_core_child(base: &str) -> Duration {
    let client = Client::builder()
        .base_url(base)
        .expect("a base URL")
        .token("t")
        .build()
        .expect("a client");
    client
        .request(github_actions_client::Method::GET, "/search/code")
        .query("q", "x")
        .send_bytes()
        .await
        .expect("a search");
    assert_eq!(
        client.rate_limit_for("search").map(|limit| limit.remaining),
        Some(0)
    );
    let start = Instant::now();
    let run = client
        .get_workflow_run("o", "r", 1)
        .send()
        .await
        .expect("a run");
    let latency = start.elapsed();
    black_box(run);
    latency
}

/// The children of the shaped-link rows ([`network`]): returns the runs listed, the polls
/// made, or the bytes downloaded.
async fn shaped_child(mode: &str, base: &str, amount: u64) -> u64 {
    // This client as it was before gzip and conditional requests.
    let before = || {
        let http = reqwest::Client::builder()
            .redirect(reqwest::redirect::Policy::none())
            .no_gzip()
            .build()
            .expect("a reqwest client");
        Client::builder()
            .base_url(base)
            .expect("a base URL")
            .http_client(http)
            .conditional_requests(false)
            .build()
            .expect("a client")
    };
    let client = || {
        Client::builder()
            .base_url(base)
            .expect("a base URL")
            .build()
            .expect("a client")
    };
    // The hand-written loop: reqwest with gzip, serde_json, following `Link`.
    let plain = reqwest::Client::builder()
        .gzip(true)
        .redirect(reqwest::redirect::Policy::none())
        .build()
        .expect("a reqwest client");
    match mode {
        "net-list-client" | "net-list-before" => {
            let client = if mode == "net-list-client" {
                client()
            } else {
                before()
            };
            let mut runs = client
                .list_workflow_runs_for_repo("o", "r")
                .per_page(100)
                .stream();
            let mut count = 0;
            while let Some(run) = runs.try_next().await.expect("a run") {
                black_box(&run);
                count += 1;
            }
            count
        }
        "net-list-plain" => {
            let mut next = Some(format!("{base}/repos/o/r/actions/runs?per_page=100"));
            let mut count = 0;
            while let Some(url) = next {
                let response = plain
                    .get(&url)
                    .header("accept", "application/vnd.github+json")
                    .send()
                    .await
                    .expect("a response");
                next = response
                    .headers()
                    .get("link")
                    .and_then(|link| link.to_str().ok())
                    .and_then(next_link);
                let body = response.bytes().await.expect("a body");
                let page: WorkflowRunList = serde_json::from_slice(&body).expect("a page");
                for run in page.workflow_runs {
                    black_box(&run);
                    count += 1;
                }
            }
            count
        }
        "net-poll-client" | "net-poll-before" => {
            let client = if mode == "net-poll-client" {
                client()
            } else {
                before()
            };
            for _ in 0..amount {
                black_box(
                    client
                        .get_workflow_run("o", "r", 1)
                        .send()
                        .await
                        .expect("a run"),
                );
            }
            amount
        }
        "net-poll-plain" => {
            let url = format!("{base}/repos/o/r/actions/runs/1");
            let mut cached: Option<(String, Bytes)> = None;
            for _ in 0..amount {
                let mut request = plain
                    .get(&url)
                    .header("accept", "application/vnd.github+json");
                if let Some((etag, _)) = &cached {
                    request = request.header("if-none-match", etag);
                }
                let response = request.send().await.expect("a response");
                let body = if response.status() == reqwest::StatusCode::NOT_MODIFIED {
                    cached.as_ref().expect("a cached body").1.clone()
                } else {
                    let etag = response
                        .headers()
                        .get("etag")
                        .and_then(|etag| etag.to_str().ok())
                        .map(str::to_owned);
                    let body = response.bytes().await.expect("a body");
                    cached = etag.map(|etag| (etag, body.clone()));
                    body
                };
                let run: github_actions_client::models::WorkflowRun =
                    serde_json::from_slice(&body).expect("a run");
                black_box(run);
            }
            amount
        }
        "net-download-client" => {
            let path =
                std::env::temp_dir().join(format!("benches-download-{}.bin", std::process::id()));
            let written = client()
                .download_artifact("o", "r", 1, ArtifactArchiveFormat::Zip)
                .download()
                .await
                .expect("a download")
                .save(&path)
                .await
                .expect("saved");
            std::fs::remove_file(&path).expect("the file is removed");
            written
        }
        "net-download-plain" => {
            use tokio::io::AsyncWriteExt;
            let redirect = plain
                .get(format!("{base}/repos/o/r/actions/artifacts/1/zip"))
                .send()
                .await
                .expect("a redirect");
            let location = redirect.headers()["location"]
                .to_str()
                .expect("a location")
                .to_owned();
            let mut response = reqwest::Client::new()
                .get(location)
                .send()
                .await
                .expect("a response");
            let path = std::env::temp_dir()
                .join(format!("benches-download-plain-{}.bin", std::process::id()));
            let mut file = tokio::fs::File::create(&path).await.expect("a file");
            let mut written = 0;
            while let Some(chunk) = response.chunk().await.expect("a chunk") {
                file.write_all(&chunk).await.expect("written");
                written += chunk.len() as u64;
            }
            file.sync_all().await.expect("synced");
            std::fs::remove_file(&path).expect("the file is removed");
            written
        }
        other => panic!("unknown child mode {other}"),
    }
}

/// The `rel="next"` target of a `Link` header, the simple way a hand-written loop would.
fn next_link(link: &str) -> Option<String> {
    link.split(',').find_map(|part| {
        let (target, rel) = part.split_once(';')?;
        rel.contains("rel=\"next\"").then(|| {
            target
                .trim()
                .trim_start_matches('<')
                .trim_end_matches('>')
                .to_owned()
        })
    })
}

fn print_table(rows: &[Row]) {
    println!();
    println!("| benchmark | result | baseline (same run) | target | met |");
    println!("| --- | --- | --- | --- | --- |");
    for row in rows {
        let met = match row.met {
            Some(true) => "yes",
            Some(false) => "**no**",
            None => "-",
        };
        println!(
            "| {} | {} | {} | {} | {met} |",
            row.benchmark, row.result, row.baseline, row.target
        );
    }
}
