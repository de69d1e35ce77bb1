//! The pull-request API review (`.github/workflows/api-review.yml`), run as the workflow runs
//! it, on a scratch git repository with two commits and no network:
//!
//! - `scripts/api-review.sh BASE` on a test pull request that adds a field, removes an
//!   operation and changes a runtime method: the report (the file, the job summary, stdout)
//!   names the first two, each once, from `cargo xtask api-diff`; the runtime method is for
//!   cargo-semver-checks, which is run when it is installed (the verdict is then checked), and
//!   else is reported as not run.
//! - `scripts/sticky-comment.py` against a loopback server that answers as GitHub's REST API
//!   does: the first run creates the comment, the second updates it; one comment in the end.
//!
//! Not covered here: GitHub itself (the workflow's permissions, the `pull_request` event's
//! context), and, where cargo-semver-checks is missing, its verdict.

use std::fs;
use std::io::{BufRead, BufReader, Read, Write};
use std::net::TcpListener;
use std::path::{Path, PathBuf};
use std::process::Command;
use std::sync::{Arc, Mutex};

use xtask::codegen::{run, workspace_root, Mode};

use crate::xtask_codegen::scratch;

fn git(root: &Path, args: &[&str]) -> String {
    let output = Command::new("git")
        .current_dir(root)
        .args(args)
        .output()
        .expect("git runs");
    assert!(
        output.status.success(),
        "git {args:?}: {}",
        String::from_utf8_lossy(&output.stderr)
    );
    String::from_utf8(output.stdout).unwrap().trim().to_owned()
}

/// Whether `cargo semver-checks` is installed.
fn semver_checks_installed() -> bool {
    Command::new("cargo")
        .args(["semver-checks", "--version"])
        .output()
        .is_ok_and(|output| output.status.success())
}

/// The scratch copy's root manifest with only the members it has (the client crate and the
/// runtime, wherever it is), without the real workspace's per-package profiles.
fn trim_members(root: &Path) {
    let manifest = fs::read_to_string(root.join("Cargo.toml")).unwrap();
    let line = manifest
        .lines()
        .find(|line| line.starts_with("members = ["))
        .expect("a members line");
    let present: Vec<String> = line["members = [".len()..line.len() - 1]
        .split(',')
        .map(|member| member.trim().trim_matches('"').to_owned())
        .filter(|member| !member.is_empty() && member != "tests/fixture-crate")
        .filter(|member| root.join(member).join("Cargo.toml").is_file())
        .map(|member| format!("\"{member}\""))
        .collect();
    let manifest = manifest.replace(line, &format!("members = [{}]", present.join(", ")));
    let manifest = match manifest.find("\n[profile.") {
        Some(at) => manifest[..at].to_owned(),
        None => manifest,
    };
    fs::write(root.join("Cargo.toml"), manifest).unwrap();
}

/// The `.rs` files of the hand-written runtime in `root` (in `generated/src/runtime/` or, once
/// it is a crate of its own, `runtime/src/`).
fn runtime_files(root: &Path) -> Vec<PathBuf> {
    let mut files = Vec::new();
    let mut stack: Vec<PathBuf> = ["generated/src/runtime", "runtime/src"]
        .iter()
        .map(|dir| root.join(dir))
        .filter(|dir| dir.is_dir())
        .collect();
    while let Some(dir) = stack.pop() {
        for entry in fs::read_dir(&dir).unwrap() {
            let path = entry.unwrap().path();
            if path.is_dir() {
                stack.push(path);
            } else if path.extension().is_some_and(|ext| ext == "rs") {
                files.push(path);
            }
        }
    }
    files
}

/// Copies a directory and everything under it (but a `target/`).
fn copy_dir(from: &Path, to: &Path) {
    fs::create_dir_all(to).unwrap();
    for entry in fs::read_dir(from).unwrap() {
        let path = entry.unwrap().path();
        let name = path.file_name().unwrap();
        if path.is_dir() {
            if name != "target" {
                copy_dir(&path, &to.join(name));
            }
        } else {
            fs::copy(&path, to.join(name)).unwrap();
        }
    }
}

#[test]
fn the_review_of_a_test_pull_request_names_each_change_once() {
    let real = workspace_root();
    let (_dir, root) = scratch();
    // The hand-written runtime, once it is a crate of its own beside `generated/`.
    if real.join("runtime/Cargo.toml").is_file() && !root.join("runtime").exists() {
        copy_dir(&real.join("runtime"), &root.join("runtime"));
    }
    fs::create_dir_all(root.join("scripts")).unwrap();
    fs::copy(
        real.join("scripts/api-review.sh"),
        root.join("scripts/api-review.sh"),
    )
    .unwrap();
    trim_members(&root);
    git(&root, &["init", "--quiet", "--initial-branch=main"]);
    git(&root, &["config", "user.email", "test@example.com"]);
    git(&root, &["config", "user.name", "Test"]);
    git(&root, &["add", "-A"]);
    git(&root, &["commit", "--quiet", "-m", "base"]);
    let base = git(&root, &["rev-parse", "HEAD"]);
    git(&root, &["checkout", "--quiet", "-b", "pull-request"]);

    // The pull request: a field added, an operation removed (regenerated), a runtime method
    // renamed.
    let artifacts = root.join("spec/artifacts.yaml");
    let text = fs::read_to_string(&artifacts).unwrap();
    let field = "      node_id:\n        type: string\n        description: The GraphQL node id of the artifact.\n";
    assert!(text.contains(field), "spec/artifacts.yaml changed");
    let text = text.replacen(
        field,
        &format!("{field}      label:\n        type: string\n        optional: true\n        description: A label.\n"),
        1,
    );
    let start = text
        .find("  - name: delete-artifact\n")
        .expect("delete-artifact");
    let end = start + text[start..].find("  - name: download-artifact\n").unwrap();
    let text = format!("{}{}", &text[..start], &text[end..]);
    fs::write(&artifacts, text).unwrap();
    run(&root, Mode::Write).unwrap_or_else(|message| panic!("{message}"));
    let mut renamed = false;
    for file in runtime_files(&root) {
        let text = fs::read_to_string(&file).unwrap();
        let changed = text
            .replace(
                "pub fn rate_limit(&self)",
                "pub fn latest_rate_limit(&self)",
            )
            .replace(".rate_limit()", ".latest_rate_limit()");
        if changed != text {
            renamed |= changed.contains("pub fn latest_rate_limit(&self)");
            fs::write(&file, changed).unwrap();
        }
    }
    assert!(renamed, "the runtime's `Client::rate_limit` was not found");
    git(
        &root,
        &["commit", "--quiet", "-am", "the test pull request"],
    );

    let cargo = std::env::var("CARGO").unwrap_or_else(|_| "cargo".to_owned());
    let xtask = format!(
        "{cargo} run --quiet --manifest-path {} -p xtask --",
        real.join("Cargo.toml").display()
    );
    let semver = semver_checks_installed();
    let report = root.join("target/api-review.md");
    let job_summary = root.join("job-summary.md");
    fs::write(&job_summary, "earlier steps\n").unwrap();
    let output = Command::new("bash")
        .arg("scripts/api-review.sh")
        .arg(&base)
        .current_dir(&root)
        .env("XTASK", &xtask)
        .env(
            "SEMVER_CHECKS",
            if semver {
                "cargo semver-checks"
            } else {
                "cargo-semver-checks-is-not-installed"
            },
        )
        .env("GITHUB_STEP_SUMMARY", &job_summary)
        .env_remove("REPORT")
        .output()
        .expect("bash runs");
    let stdout = String::from_utf8_lossy(&output.stdout);
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert!(output.status.success(), "{stdout}\n{stderr}");

    let text = fs::read_to_string(&report).unwrap();
    // Shown with `--nocapture`: the report of the test pull request.
    eprintln!("{text}");
    assert_eq!(stdout, text, "the report is printed");
    let summary = fs::read_to_string(&job_summary).unwrap();
    assert_eq!(
        summary,
        format!("earlier steps\n{text}"),
        "and appended to the job summary"
    );
    assert!(text.starts_with("<!-- api-review: generated by scripts/api-review.sh -->\n"));
    assert!(
        text.contains(&format!("From `{}` (base)", &base[..12])),
        "{text}"
    );
    // The generated API: the two changes, each once, with their verdicts.
    assert!(
        text.contains("public API: 2 changes, 1 breaking\n"),
        "{text}"
    );
    assert_eq!(
        text.matches("compatible  field `Artifact::label: Option<String>` added")
            .count(),
        1,
        "{text}"
    );
    assert_eq!(
        text.matches(
            "breaking    operation `Client::delete_artifact` removed (with its builder `DeleteArtifact`)"
        )
        .count(),
        1,
        "{text}"
    );
    // The generated API's section: the runtime's rename is cargo-semver-checks' to report.
    let generated = text
        .split("### cargo-semver-checks")
        .next()
        .unwrap_or_default();
    assert!(
        !generated.contains("rate_limit"),
        "the runtime is not generated: {text}"
    );
    if semver {
        assert!(
            text.contains("**Verdict:** semver requires new major version"),
            "{text}"
        );
        assert!(text.contains("rate_limit"), "{text}");
    } else {
        assert!(
            text.contains("**Verdict:** not run: cargo-semver-checks is not installed"),
            "{text}"
        );
    }
}

/// The request lines the stand-in received.
type Requests = Arc<Mutex<Vec<String>>>;

/// The stand-in's comments: (id, body).
type Comments = Arc<Mutex<Vec<(u64, String)>>>;

/// A loopback stand-in for the three calls of GitHub's REST API the sticky comment makes:
/// list a pull request's comments, create one, update one. It records each request line.
fn comments_server() -> (String, Requests, Comments) {
    let listener = TcpListener::bind("127.0.0.1:0").unwrap();
    let url = format!("http://{}", listener.local_addr().unwrap());
    let requests = Arc::new(Mutex::new(Vec::new()));
    let comments: Arc<Mutex<Vec<(u64, String)>>> =
        Arc::new(Mutex::new(vec![(7, "an unrelated comment".to_owned())]));
    let (log, stored) = (requests.clone(), comments.clone());
    std::thread::spawn(move || {
        // Two runs of the script make four calls; a few more are refused by the test's asserts.
        for stream in listener.incoming().take(8) {
            let Ok(mut stream) = stream else { break };
            let mut reader = BufReader::new(stream.try_clone().unwrap());
            let mut line = String::new();
            reader.read_line(&mut line).unwrap();
            let mut length = 0;
            let mut authorized = false;
            loop {
                let mut header = String::new();
                reader.read_line(&mut header).unwrap();
                let header = header.trim_end().to_ascii_lowercase();
                if header.is_empty() {
                    break;
                }
                if let Some(value) = header.strip_prefix("content-length:") {
                    length = value.trim().parse().unwrap();
                }
                authorized |= header == "authorization: bearer test-token";
            }
            let mut body = vec![0; length];
            reader.read_exact(&mut body).unwrap();
            let line = line.trim_end().to_owned();
            log.lock().unwrap().push(line.clone());
            let sent: serde_json::Value = serde_json::from_slice(&body).unwrap_or_default();
            let mut comments = stored.lock().unwrap();
            let (status, answer) = if !authorized {
                (
                    "401 Unauthorized",
                    serde_json::json!({"message": "Bad credentials"}),
                )
            } else if line.starts_with("GET /repos/octo/repo/issues/42/comments?") {
                let list: Vec<_> = comments
                    .iter()
                    .map(|(id, body)| serde_json::json!({"id": id, "body": body}))
                    .collect();
                ("200 OK", serde_json::Value::Array(list))
            } else if line.starts_with("POST /repos/octo/repo/issues/42/comments ") {
                let id = 100 + comments.len() as u64;
                comments.push((id, sent["body"].as_str().unwrap().to_owned()));
                ("201 Created", serde_json::json!({"id": id}))
            } else if let Some(rest) = line.strip_prefix("PATCH /repos/octo/repo/issues/comments/")
            {
                let id: u64 = rest.split(' ').next().unwrap().parse().unwrap();
                let comment = comments.iter_mut().find(|(known, _)| *known == id).unwrap();
                comment.1 = sent["body"].as_str().unwrap().to_owned();
                ("200 OK", serde_json::json!({"id": id}))
            } else {
                ("404 Not Found", serde_json::json!({"message": "Not Found"}))
            };
            let answer = answer.to_string();
            let _ = write!(
                stream,
                "HTTP/1.1 {status}\r\ncontent-type: application/json\r\ncontent-length: {}\r\nconnection: close\r\n\r\n{answer}",
                answer.len()
            );
        }
    });
    (url, requests, comments)
}

#[test]
fn the_report_is_one_sticky_comment() {
    // Python 3 runs the script; never skipped under CI (`tools` says so).
    if !crate::tools::python() {
        return;
    }
    let (url, requests, comments) = comments_server();
    let dir = tempfile::tempdir().unwrap();
    let report = dir.path().join("api-review.md");
    let post = |text: &str| {
        fs::write(&report, text).unwrap();
        let output = Command::new("python3")
            .arg(workspace_root().join("scripts/sticky-comment.py"))
            .arg(&report)
            .env("GITHUB_TOKEN", "test-token")
            .env("GITHUB_REPOSITORY", "octo/repo")
            .env("PR_NUMBER", "42")
            .env("GITHUB_API_URL", &url)
            .output()
            .expect("python3 runs");
        assert!(
            output.status.success(),
            "{}",
            String::from_utf8_lossy(&output.stderr)
        );
        String::from_utf8_lossy(&output.stdout).trim().to_owned()
    };
    let marker = "<!-- api-review: generated by scripts/api-review.sh -->";
    assert_eq!(post(&format!("{marker}\nfirst")), "created comment 101");
    assert_eq!(post(&format!("{marker}\nsecond")), "updated comment 101");
    let comments = comments.lock().unwrap().clone();
    assert_eq!(
        comments,
        [
            (7, "an unrelated comment".to_owned()),
            (101, format!("{marker}\nsecond"))
        ]
    );
    let requests = requests.lock().unwrap().clone();
    let verbs: Vec<&str> = requests
        .iter()
        .map(|line| line.split(' ').next().unwrap())
        .collect();
    assert_eq!(verbs, ["GET", "POST", "GET", "PATCH"], "{requests:?}");
}
