//! Secrets end to end: sealing a plaintext with a public key (it opens with the matching secret
//! key only), interoperability with PyNaCl (libsodium, an independent implementation), clear
//! errors for bad keys, and the set-secret flow against a loopback HTTP server (wiremock).
//!
//! The PyNaCl test installs what it needs: a venv under `target/tmp/` with a pinned PyNaCl from
//! PyPI. It runs whenever `python3` (with `venv`) is on `PATH`, and always under CI, where a
//! missing Python fails it with how to install it; without Python, outside CI, it returns at
//! once and the suite prints one line saying so (see `tools`). Outside CI,
//! `SKIP_PYNACL_INTEROP=1` also skips it.

use std::io::Write as _;
use std::path::{Path, PathBuf};
use std::process::{Command, Output, Stdio};
use std::sync::OnceLock;

use base64::engine::general_purpose::STANDARD;
use base64::Engine as _;
use crypto_box::aead::OsRng;
use crypto_box::SecretKey;
use github_actions_client::models::{ActionsPublicKey, OrgVisibility};
use github_actions_client::{seal_secret, Client, CreatedOrUpdated, Error, SealError, SecretValue};
use serde_json::{json, Value};
use wiremock::matchers::{method, path};
use wiremock::{Mock, MockServer, Request, ResponseTemplate};

/// The PyNaCl release the interoperability test installs.
const PYNACL_VERSION: &str = "1.6.2";

/// A fresh X25519 key pair, the public half as GitHub's public-key endpoints return it.
fn keypair(key_id: &str) -> (SecretKey, ActionsPublicKey) {
    let secret = SecretKey::generate(&mut OsRng);
    let public = public_key(key_id, STANDARD.encode(secret.public_key().as_bytes()));
    (secret, public)
}

/// A public key as GitHub's public-key endpoints return it.
fn public_key(key_id: impl Into<String>, key: impl Into<String>) -> ActionsPublicKey {
    let mut public = ActionsPublicKey::default();
    public.key_id = key_id.into();
    public.key = key.into();
    public
}

/// Opens a Base64 sealed box with a secret key (`crypto_box_seal_open`).
fn open(secret: &SecretKey, encrypted_value: &str) -> Option<Vec<u8>> {
    let sealed = STANDARD
        .decode(encrypted_value)
        .expect("encrypted_value is Base64");
    secret.unseal(&sealed).ok()
}

/// Plaintexts of every shape: empty, ASCII, multi-byte UTF-8, multi-line, binary and long.
fn plaintexts() -> Vec<Vec<u8>> {
    vec![
        Vec::new(),
        b"hunter2".to_vec(),
        "ünïcödé sëcret ✓ 🔑".as_bytes().to_vec(),
        b"-----BEGIN KEY-----\nMIIB\n-----END KEY-----\n".to_vec(),
        (0..=255u8).collect(),
        (0..5000u32).map(|i| (i * 31 % 251) as u8).collect(),
    ]
}

#[test]
fn a_sealed_value_opens_with_the_matching_secret_key_only() {
    let (secret, public) = keypair("568250167242549743");
    let others: Vec<SecretKey> = (0..4).map(|_| SecretKey::generate(&mut OsRng)).collect();
    for plaintext in plaintexts() {
        let sealed = seal_secret(&public, &SecretValue::from_bytes(plaintext.clone())).unwrap();
        assert_eq!(sealed.key_id, "568250167242549743");
        let raw = STANDARD.decode(&sealed.encrypted_value).unwrap();
        assert_eq!(
            raw.len(),
            32 + 16 + plaintext.len(),
            "ephemeral key + tag + text"
        );
        assert_eq!(
            open(&secret, &sealed.encrypted_value),
            Some(plaintext.clone())
        );
        for other in &others {
            assert_eq!(
                open(other, &sealed.encrypted_value),
                None,
                "opened with another key"
            );
        }
        // A flipped bit anywhere is refused, not decrypted to garbage.
        for at in [0, 32, raw.len() - 1] {
            let mut tampered = raw.clone();
            tampered[at] ^= 1;
            assert!(
                secret.unseal(&tampered).is_err(),
                "tampered byte {at} opened"
            );
        }
    }
}

#[test]
fn sealing_is_randomised() {
    let (secret, public) = keypair("k");
    let value = SecretValue::new("same plaintext");
    let a = seal_secret(&public, &value).unwrap();
    let b = seal_secret(&public, &value).unwrap();
    assert_ne!(a.encrypted_value, b.encrypted_value);
    assert_eq!(
        open(&secret, &a.encrypted_value).unwrap(),
        b"same plaintext"
    );
    assert_eq!(
        open(&secret, &b.encrypted_value).unwrap(),
        b"same plaintext"
    );
}

/// Made once with PyNaCl 1.6.2 (`SealedBox(PrivateKey(bytes(range(1, 33))).public_key)`), so
/// libsodium's output is checked even where Python is not at hand.
#[test]
fn a_value_sealed_by_pynacl_opens_with_crypto_box() {
    let secret = SecretKey::from_bytes(core::array::from_fn(|i| i as u8 + 1));
    assert_eq!(
        STANDARD.encode(secret.public_key().as_bytes()),
        "B6N8vBQgk8i3VdwbEOhstCY3StFqqFPtC9/AsrhtHHw=",
        "the same X25519 public key as libsodium derives"
    );
    let sealed = "q3qzGPng8wsxNjCWplOx67TBf3xGSaLRQCZn08/8203zTJl4JEtjNoOOUde876pSkwPfEOJm67i44Yyfic2R9pQgSipf+e9Z3PM=";
    assert_eq!(
        open(&secret, sealed).unwrap(),
        "sealed by PyNaCl 1.6.2 ✓".as_bytes()
    );
    let other = SecretKey::generate(&mut OsRng);
    assert_eq!(open(&other, sealed), None);
}

#[test]
fn interoperates_with_pynacl() {
    let Some(python) = pynacl_python() else {
        return;
    };
    let plaintexts = plaintexts();
    let encoded: Vec<String> = plaintexts.iter().map(|p| STANDARD.encode(p)).collect();

    // Ours → PyNaCl: seal with a key libsodium made, as GitHub's is, and PyNaCl opens it.
    let pair = run_pynacl(&python, "keypair", &json!({}));
    let key = public_key("pynacl", pair["public_key"].as_str().unwrap());
    let sealed: Vec<String> = plaintexts
        .iter()
        .map(|p| {
            seal_secret(&key, &SecretValue::from_bytes(p.clone()))
                .unwrap()
                .encrypted_value
        })
        .collect();
    let opened = run_pynacl(
        &python,
        "open",
        &json!({"secret_key": pair["secret_key"], "sealed": sealed}),
    );
    assert_eq!(
        opened["plaintexts"],
        json!(encoded),
        "PyNaCl opened what we sealed"
    );

    // PyNaCl → ours: PyNaCl seals to our key; it opens with ours and not with another.
    let (secret, public) = keypair("ours");
    let sealed = run_pynacl(
        &python,
        "seal",
        &json!({"public_key": public.key, "plaintexts": encoded}),
    );
    let sealed = sealed["sealed"].as_array().unwrap();
    assert_eq!(sealed.len(), plaintexts.len());
    let other = SecretKey::generate(&mut OsRng);
    for (sealed, plaintext) in sealed.iter().zip(&plaintexts) {
        let sealed = sealed.as_str().unwrap();
        assert_eq!(open(&secret, sealed).as_ref(), Some(plaintext));
        assert_eq!(open(&other, sealed), None);
    }
}

#[test]
fn a_bad_base64_key_is_a_clear_error() {
    let value = SecretValue::new("x");
    for bad in [
        "not base64!",
        "B6N8vBQgk8i3VdwbEOhstCY3StFqqFPtC9/AsrhtHHw",
        "%%%%",
    ] {
        let key = public_key("568250167242549743", bad);
        let err = seal_secret(&key, &value).unwrap_err();
        assert!(
            matches!(&err, SealError::InvalidBase64 { key_id, .. } if key_id == "568250167242549743"),
            "{err:?}"
        );
        let message = err.to_string();
        assert!(
            message.starts_with("the public key `568250167242549743` is not valid Base64: "),
            "{message}"
        );
        let err = Error::from(err);
        assert!(matches!(err, Error::Seal(SealError::InvalidBase64 { .. })));
        assert!(
            err.to_string()
                .starts_with("could not encrypt the secret: the public key"),
            "{err}"
        );
    }
}

#[test]
fn a_key_of_the_wrong_length_is_a_clear_error() {
    let value = SecretValue::new("x");
    for length in [0, 16, 31, 33, 64] {
        let key = public_key("k1", STANDARD.encode(vec![7u8; length]));
        let err = seal_secret(&key, &value).unwrap_err();
        assert_eq!(
            err,
            SealError::WrongKeyLength {
                key_id: "k1".into(),
                length
            }
        );
        assert_eq!(
            err.to_string(),
            format!(
                "the public key `k1` decodes to {length} bytes; an X25519 public key is 32 bytes"
            )
        );
    }
}

#[test]
fn the_plaintext_never_prints() {
    let value = SecretValue::new("hunter2");
    assert_eq!(format!("{value:?}"), "SecretValue([REDACTED])");
    assert_eq!(format!("{value:#?}"), "SecretValue([REDACTED])");
    let client = Client::builder().token("t").build().unwrap();
    let request = client.set_repo_secret("o", "r", "NAME", "hunter2");
    let printed = format!("{request:?}");
    assert!(!printed.contains("hunter2"), "{printed}");
    assert!(printed.contains("[REDACTED]"), "{printed}");
    let request = client.set_org_secret("o", "NAME", "hunter2", OrgVisibility::All);
    assert!(!format!("{request:?}").contains("hunter2"));
}

// ---- the whole flow over loopback HTTP ----

async fn client(server: &MockServer) -> Client {
    Client::builder()
        .base_url(&server.uri())
        .unwrap()
        .token("secret-token")
        .build()
        .unwrap()
}

/// Serves `key` at a public-key endpoint.
async fn serve_public_key(server: &MockServer, at: &str, key: &ActionsPublicKey) {
    Mock::given(method("GET"))
        .and(path(at))
        .respond_with(ResponseTemplate::new(200).set_body_json(key))
        .expect(1..)
        .mount(server)
        .await;
}

/// Answers PUTs to `at` with 201 once, then 204.
async fn serve_create_then_update(server: &MockServer, at: &str) {
    Mock::given(method("PUT"))
        .and(path(at))
        .respond_with(ResponseTemplate::new(201))
        .up_to_n_times(1)
        .mount(server)
        .await;
    Mock::given(method("PUT"))
        .and(path(at))
        .respond_with(ResponseTemplate::new(204))
        .mount(server)
        .await;
}

/// The JSON bodies of the PUTs the server received, in order.
async fn put_bodies(server: &MockServer) -> Vec<Value> {
    let requests: Vec<Request> = server.received_requests().await.unwrap();
    requests
        .iter()
        .filter(|r| r.method.as_str() == "PUT")
        .map(|r| {
            assert_eq!(
                r.headers.get("content-type").unwrap(),
                "application/json",
                "PUT body is JSON"
            );
            serde_json::from_slice(&r.body).unwrap()
        })
        .collect()
}

#[tokio::test]
async fn set_repo_secret_fetches_the_key_seals_and_puts() {
    let server = MockServer::start().await;
    let (secret, public) = keypair("568250167242549743");
    serve_public_key(
        &server,
        "/repos/octo-org/octo-repo/actions/secrets/public-key",
        &public,
    )
    .await;
    let at = "/repos/octo-org/octo-repo/actions/secrets/DEPLOY_TOKEN";
    serve_create_then_update(&server, at).await;
    let client = client(&server).await;

    let first = client
        .set_repo_secret("octo-org", "octo-repo", "DEPLOY_TOKEN", "hunter2")
        .send()
        .await
        .unwrap();
    assert_eq!(first, CreatedOrUpdated::Created);
    let second = client
        .set_repo_secret(
            "octo-org",
            "octo-repo",
            "DEPLOY_TOKEN",
            SecretValue::new(String::from("hunter3 ✓")),
        )
        .send()
        .await
        .unwrap();
    assert_eq!(second, CreatedOrUpdated::Updated);

    let bodies = put_bodies(&server).await;
    assert_eq!(bodies.len(), 2);
    for (body, plaintext) in bodies.iter().zip(["hunter2", "hunter3 ✓"]) {
        let object = body.as_object().unwrap();
        let mut keys: Vec<&str> = object.keys().map(String::as_str).collect();
        keys.sort_unstable();
        assert_eq!(keys, ["encrypted_value", "key_id"], "{body}");
        assert_eq!(body["key_id"], "568250167242549743");
        let encrypted_value = body["encrypted_value"].as_str().unwrap();
        assert!(!encrypted_value.contains(plaintext));
        assert_eq!(
            open(&secret, encrypted_value).unwrap(),
            plaintext.as_bytes()
        );
    }
}

#[tokio::test]
async fn set_environment_secret_fetches_the_environments_key_seals_and_puts() {
    let server = MockServer::start().await;
    let (secret, public) = keypair("3380204578043523366");
    // The environment's name is one path segment, `/` included.
    serve_public_key(
        &server,
        "/repos/octo-org/octo-repo/environments/prod%2Feu/secrets/public-key",
        &public,
    )
    .await;
    let at = "/repos/octo-org/octo-repo/environments/prod%2Feu/secrets/DEPLOY_TOKEN";
    serve_create_then_update(&server, at).await;
    let client = client(&server).await;

    let first = client
        .set_environment_secret(
            "octo-org",
            "octo-repo",
            "prod/eu",
            "DEPLOY_TOKEN",
            "hunter2",
        )
        .send()
        .await
        .unwrap();
    assert_eq!(first, CreatedOrUpdated::Created);
    // With a key given, none is fetched: the public-key mock expects one GET at least, and
    // the request count below shows only the first call fetched it.
    let second = client
        .set_environment_secret(
            "octo-org",
            "octo-repo",
            "prod/eu",
            "DEPLOY_TOKEN",
            "hunter3",
        )
        .public_key(public.clone())
        .send()
        .await
        .unwrap();
    assert_eq!(second, CreatedOrUpdated::Updated);

    let requests = server.received_requests().await.unwrap();
    let gets = requests
        .iter()
        .filter(|r| r.method.as_str() == "GET")
        .count();
    assert_eq!(gets, 1);
    let bodies = put_bodies(&server).await;
    assert_eq!(bodies.len(), 2);
    for (body, plaintext) in bodies.iter().zip(["hunter2", "hunter3"]) {
        assert_eq!(body["key_id"], "3380204578043523366");
        let encrypted_value = body["encrypted_value"].as_str().unwrap();
        assert_eq!(
            open(&secret, encrypted_value).unwrap(),
            plaintext.as_bytes()
        );
    }
    let printed = format!(
        "{:?}",
        client.set_environment_secret("o", "r", "e", "N", "hunter2")
    );
    assert!(!printed.contains("hunter2"), "{printed}");
}

#[tokio::test]
async fn set_org_secret_sends_visibility_and_selected_repositories() {
    let server = MockServer::start().await;
    let (secret, public) = keypair("012345678912345678");
    serve_public_key(
        &server,
        "/orgs/octo-org/actions/secrets/public-key",
        &public,
    )
    .await;
    let at = "/orgs/octo-org/actions/secrets/NPM_TOKEN";
    serve_create_then_update(&server, at).await;
    let client = client(&server).await;

    let first = client
        .set_org_secret("octo-org", "NPM_TOKEN", "npm_abc", OrgVisibility::Selected)
        .selected_repository_ids(vec![1296269, 1296280])
        .send()
        .await
        .unwrap();
    assert_eq!(first, CreatedOrUpdated::Created);
    let second = client
        .set_org_secret("octo-org", "NPM_TOKEN", "npm_def", OrgVisibility::Private)
        .send()
        .await
        .unwrap();
    assert_eq!(second, CreatedOrUpdated::Updated);

    let bodies = put_bodies(&server).await;
    assert_eq!(bodies.len(), 2);
    assert_eq!(bodies[0]["key_id"], "012345678912345678");
    assert_eq!(bodies[0]["visibility"], "selected");
    assert_eq!(
        bodies[0]["selected_repository_ids"],
        json!([1296269, 1296280])
    );
    assert_eq!(
        open(&secret, bodies[0]["encrypted_value"].as_str().unwrap()).unwrap(),
        b"npm_abc"
    );
    assert_eq!(bodies[1]["visibility"], "private");
    assert!(
        bodies[1].get("selected_repository_ids").is_none(),
        "{}",
        bodies[1]
    );
    assert_eq!(
        open(&secret, bodies[1]["encrypted_value"].as_str().unwrap()).unwrap(),
        b"npm_def"
    );
}

#[tokio::test]
async fn a_given_public_key_is_used_without_fetching_one() {
    let server = MockServer::start().await;
    Mock::given(method("GET"))
        .respond_with(ResponseTemplate::new(500))
        .expect(0)
        .mount(&server)
        .await;
    serve_create_then_update(&server, "/repos/o/r/actions/secrets/A").await;
    serve_create_then_update(&server, "/orgs/o/actions/secrets/B").await;
    let (secret, public) = keypair("given");
    let client = client(&server).await;

    client
        .set_repo_secret("o", "r", "A", "one")
        .public_key(public.clone())
        .send()
        .await
        .unwrap();
    client
        .set_org_secret("o", "B", "two", OrgVisibility::All)
        .public_key(public)
        .send()
        .await
        .unwrap();
    let bodies = put_bodies(&server).await;
    assert_eq!(bodies.len(), 2);
    for (body, plaintext) in bodies.iter().zip([b"one", b"two"]) {
        assert_eq!(body["key_id"], "given");
        let encrypted_value = body["encrypted_value"].as_str().unwrap();
        assert_eq!(open(&secret, encrypted_value).unwrap(), plaintext);
    }
}

#[tokio::test]
async fn a_bad_public_key_from_github_stops_before_the_put() {
    let server = MockServer::start().await;
    let short = public_key("k1", STANDARD.encode([1u8; 31]));
    serve_public_key(&server, "/repos/o/r/actions/secrets/public-key", &short).await;
    Mock::given(method("PUT"))
        .respond_with(ResponseTemplate::new(201))
        .expect(0)
        .mount(&server)
        .await;

    let err = client(&server)
        .await
        .set_repo_secret("o", "r", "A", "one")
        .send()
        .await
        .unwrap_err();
    assert!(
        matches!(
            &err,
            Error::Seal(SealError::WrongKeyLength { length: 31, key_id }) if key_id == "k1"
        ),
        "{err:?}"
    );
    assert_eq!(err.status(), None);
}

#[tokio::test]
async fn an_error_answer_to_the_put_is_an_api_error() {
    let server = MockServer::start().await;
    let (_, public) = keypair("k");
    serve_public_key(&server, "/orgs/o/actions/secrets/public-key", &public).await;
    Mock::given(method("PUT"))
        .and(path("/orgs/o/actions/secrets/A"))
        .respond_with(ResponseTemplate::new(422).set_body_json(json!({
            "message": "Selected repository ids can only be set with selected visibility",
            "documentation_url": "https://docs.github.com/rest/actions/secrets"
        })))
        .expect(1)
        .mount(&server)
        .await;

    let err = client(&server)
        .await
        .set_org_secret("o", "A", "one", OrgVisibility::All)
        .selected_repository_ids(vec![1])
        .send()
        .await
        .unwrap_err();
    assert_eq!(err.status(), Some(422), "{err:?}");
    assert!(matches!(err, Error::Api(_)));
}

// ---- PyNaCl, installed into a venv under target/ ----

/// The venv's Python with the pinned PyNaCl, made on first use; `None` when the test is skipped
/// (no Python, or `SKIP_PYNACL_INTEROP=1`; never in CI). Panics, saying what to install, when
/// it cannot.
fn pynacl_python() -> Option<PathBuf> {
    if !crate::tools::python() {
        return None;
    }
    let in_ci = crate::tools::in_ci();
    if !in_ci && std::env::var_os("SKIP_PYNACL_INTEROP").is_some_and(|v| v == "1") {
        eprintln!("SKIP_PYNACL_INTEROP=1: not checking interoperability with PyNaCl");
        return None;
    }
    static PYTHON: OnceLock<PathBuf> = OnceLock::new();
    Some(PYTHON.get_or_init(install_pynacl).clone())
}

fn install_pynacl() -> PathBuf {
    let venv = Path::new(env!("CARGO_TARGET_TMPDIR")).join(format!("pynacl-{PYNACL_VERSION}-venv"));
    let python = if cfg!(windows) {
        venv.join("Scripts").join("python.exe")
    } else {
        venv.join("bin").join("python")
    };
    if python.exists() && pynacl_version(&python).as_deref() == Some(PYNACL_VERSION) {
        return python;
    }

    let how_to_install = "this test runs PyNaCl (libsodium) from PyPI in a venv it makes under \
        target/tmp/, and needs Python 3 with the venv module: install it (Debian/Ubuntu: \
        `apt-get install python3 python3-venv`; macOS: `brew install python`) and make sure \
        PyPI is reachable; outside CI, SKIP_PYNACL_INTEROP=1 skips this test";
    let system_python = ["python3", "python"]
        .into_iter()
        .find(|name| {
            Command::new(name)
                .args(["-c", "import sys, venv; assert sys.version_info >= (3, 8)"])
                .output()
                .is_ok_and(|out| out.status.success())
        })
        .unwrap_or_else(|| panic!("no usable python3 found: {how_to_install}"));

    let created = Command::new(system_python)
        .args(["-m", "venv", "--clear"])
        .arg(&venv)
        .output();
    check(
        created,
        &format!("`{system_python} -m venv` failed; {how_to_install}"),
    );
    let pip = Command::new(&python)
        .args([
            "-m",
            "pip",
            "install",
            "--disable-pip-version-check",
            "--no-input",
            "--quiet",
        ])
        .arg(format!("pynacl=={PYNACL_VERSION}"))
        .output();
    check(
        pip,
        &format!("`pip install pynacl=={PYNACL_VERSION}` failed; {how_to_install}"),
    );
    assert_eq!(
        pynacl_version(&python).as_deref(),
        Some(PYNACL_VERSION),
        "PyNaCl is not importable in {} after installing it",
        venv.display()
    );
    python
}

/// Panics with `what` and the command's output unless it ran and succeeded.
fn check(output: std::io::Result<Output>, what: &str) {
    match output {
        Ok(out) if out.status.success() => {}
        Ok(out) => panic!(
            "{what}\n--- stdout\n{}\n--- stderr\n{}",
            String::from_utf8_lossy(&out.stdout),
            String::from_utf8_lossy(&out.stderr)
        ),
        Err(e) => panic!("{what}: {e}"),
    }
}

fn pynacl_version(python: &Path) -> Option<String> {
    let out = pynacl_command(python, "version").output().ok()?;
    if !out.status.success() {
        return None;
    }
    let answer: Value = serde_json::from_slice(&out.stdout).ok()?;
    answer["version"].as_str().map(str::to_owned)
}

fn pynacl_command(python: &Path, command: &str) -> Command {
    let script = Path::new(env!("CARGO_MANIFEST_DIR")).join("support/pynacl_interop.py");
    let mut cmd = Command::new(python);
    cmd.arg(script)
        .arg(command)
        .env("PYTHONDONTWRITEBYTECODE", "1");
    cmd
}

/// Runs one command of `tests/support/pynacl_interop.py`: `request` on stdin, JSON answer.
fn run_pynacl(python: &Path, command: &str, request: &Value) -> Value {
    let mut child = pynacl_command(python, command)
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("start the PyNaCl helper");
    child
        .stdin
        .take()
        .unwrap()
        .write_all(request.to_string().as_bytes())
        .unwrap();
    let out = child.wait_with_output().unwrap();
    assert!(
        out.status.success(),
        "pynacl_interop.py {command} failed:\n{}",
        String::from_utf8_lossy(&out.stderr)
    );
    serde_json::from_slice(&out.stdout).expect("the helper answers JSON")
}
