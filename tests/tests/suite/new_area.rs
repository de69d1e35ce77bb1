//! Adding an area is one new spec file: in a scratch copy of the workspace, `spec/billing.yaml`
//! is added and nothing else is edited; `cargo xtask codegen` writes the area's files, its Cargo
//! feature, the crate docs' and the README's lists; the client crate then builds without a
//! warning, and a program calls the new method against a loopback server.

use std::fs;
use std::path::Path;
use std::process::Command;

use xtask::codegen::{run, Mode};

use crate::xtask_codegen::scratch;

/// The new area: one operation, one model (an Actions billing endpoint, outside the Actions
/// API the spec covers).
const BILLING_SPEC: &str = include_str!("new_area_billing.yaml");

/// A program using the new method: it serves one answer on a loopback port, calls
/// `get_github_actions_billing_org` against it and prints the request line and the decoded answer.
const PROBE: &str = r##"
use std::io::{Read, Write};

#[tokio::main(flavor = "current_thread")]
async fn main() {
    let listener = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
    let url = format!("http://{}", listener.local_addr().unwrap());
    let server = std::thread::spawn(move || {
        let (mut stream, _) = listener.accept().unwrap();
        let mut request = Vec::new();
        let mut buffer = [0; 4096];
        while !request.windows(4).any(|w| w == b"\r\n\r\n") {
            let n = stream.read(&mut buffer).unwrap();
            if n == 0 {
                break;
            }
            request.extend_from_slice(&buffer[..n]);
        }
        let body = r#"{"total_minutes_used":305,"total_paid_minutes_used":0,"included_minutes":3000}"#;
        write!(
            stream,
            "HTTP/1.1 200 OK\r\ncontent-type: application/json\r\ncontent-length: {}\r\nconnection: close\r\n\r\n{body}",
            body.len()
        )
        .unwrap();
        String::from_utf8_lossy(&request).lines().next().unwrap_or_default().to_owned()
    });
    let client = github_actions_client::Client::builder()
        .base_url(&url)
        .unwrap()
        .build()
        .unwrap();
    let usage = client
        .get_github_actions_billing_org("octo-org")
        .send()
        .await
        .unwrap();
    println!("request: {}", server.join().unwrap());
    println!("used: {}", usage.total_minutes_used);
    println!("included: {}", usage.included_minutes);
}
"##;

#[test]
fn a_new_area_is_one_spec_file() {
    let (_dir, root) = scratch();
    fs::write(root.join("spec/billing.yaml"), BILLING_SPEC).unwrap();

    let summary = run(&root, Mode::Write).unwrap_or_else(|message| panic!("{message}"));
    assert!(
        summary
            .contains("compatible  operation `Client::get_github_actions_billing_org(org)` added"),
        "{summary}"
    );
    assert!(summary.contains(" 0 removed"), "{summary}");
    run(&root, Mode::Check).expect("fresh after one run");

    // What the hand-written files now say, written by codegen.
    let manifest = fs::read_to_string(root.join("generated/Cargo.toml")).unwrap();
    assert!(
        manifest.contains("\n    \"billing\",\n"),
        "default features: {manifest}"
    );
    assert!(manifest.contains("\nbilling = []\n"), "{manifest}");
    let readme = fs::read_to_string(root.join("README.md")).unwrap();
    assert!(
        readme.contains(
            "| [Billing](https://docs.github.com/en/rest/billing/billing) | `billing` | 1 | 1 |"
        ),
        "README table"
    );
    let lib = fs::read_to_string(root.join("generated/src/lib.rs")).unwrap();
    assert!(
        lib.contains("feature = \"billing\""),
        "the all-features allow"
    );
    assert!(
        lib.contains("//! - `billing`: [Billing]"),
        "the crate docs' feature list"
    );

    // Build the client and the probe (a workspace of the two) and run the probe.
    trim_workspace(&root);
    let probe = root.join("probe");
    fs::create_dir_all(probe.join("src")).unwrap();
    fs::write(
        probe.join("Cargo.toml"),
        "[package]\nname = \"probe\"\nversion = \"0.0.0\"\nedition = \"2021\"\npublish = false\n\n\
         [dependencies]\ngithub-actions-client = { path = \"../generated\" }\n\
         tokio = { workspace = true, features = [\"rt\", \"macros\", \"net\"] }\n",
    )
    .unwrap();
    fs::write(probe.join("src/main.rs"), PROBE).unwrap();

    let cargo = std::env::var("CARGO").unwrap_or_else(|_| "cargo".to_owned());
    let output = Command::new(cargo)
        .current_dir(&root)
        .args(["run", "--offline", "--quiet", "-p", "probe"])
        .env("CARGO_TARGET_DIR", scratch_target_dir())
        .output()
        .expect("cargo runs");
    let stdout = String::from_utf8_lossy(&output.stdout);
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert!(
        output.status.success(),
        "the probe failed:\n{stderr}\n{stdout}"
    );
    assert!(!stderr.contains("warning"), "the build warned:\n{stderr}");
    assert!(
        stdout.contains("request: GET /orgs/octo-org/settings/billing/actions HTTP/1.1"),
        "{stdout}"
    );
    assert!(stdout.contains("used: 305"), "{stdout}");
    assert!(stdout.contains("included: 3000"), "{stdout}");
}

/// The scratch copy's root manifest with only the client crate and the probe as members, and
/// without the real workspace's per-package profiles (they name packages not built here).
fn trim_workspace(root: &Path) {
    let manifest = fs::read_to_string(root.join("Cargo.toml")).unwrap();
    let members = manifest
        .lines()
        .find(|line| line.starts_with("members = ["))
        .expect("a members line");
    let manifest = manifest.replace(members, r#"members = ["runtime", "generated", "probe"]"#);
    let manifest = match manifest.find("\n[profile.") {
        Some(at) => manifest[..at].to_owned(),
        None => manifest,
    };
    fs::write(root.join("Cargo.toml"), manifest).unwrap();
}

/// A target directory kept between runs (beside the suite's own), so that the client's
/// dependencies are compiled once, not on every run.
fn scratch_target_dir() -> std::path::PathBuf {
    let target = std::env::var_os("CARGO_TARGET_DIR")
        .map(std::path::PathBuf::from)
        .unwrap_or_else(|| tests::workspace_root().join("target"));
    target.join("scratch-workspace")
}
