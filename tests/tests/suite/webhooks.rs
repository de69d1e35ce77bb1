//! Webhooks: the signature check (GitHub's documented test vector, and every one-byte change to
//! it), verify-before-decode, every example payload of the pinned `@octokit/webhooks-examples`
//! for the spec's events (decoded, and re-encoded without losing a field the model has), and
//! the runner autoscaler example against a loopback fake GitHub.

use std::collections::BTreeSet;
use std::io::Write;
use std::path::PathBuf;
use std::sync::Arc;

use codegen::model::{Api, SchemaKind, Type};
use github_actions_client::webhooks::{
    verify_request, verify_signature, WebhookError, WebhookEvent, WorkflowJobAction,
};
use github_actions_client::Client;
use reqwest::header::{HeaderMap, HeaderValue};
use serde_json::{json, Value};
use tests::workspace_root;
use wiremock::matchers::{method, path};
use wiremock::{Mock, MockServer, ResponseTemplate};

/// GitHub's documented test vector
/// (<https://docs.github.com/en/webhooks/using-webhooks/validating-webhook-deliveries>).
const SECRET: &[u8] = b"It's a Secret to Everybody";
const PAYLOAD: &[u8] = b"Hello, World!";
const SIGNATURE: &str = "sha256=757107ea0eb2509fc211221cce984b8a37570b6d7586c22c46f4379c8b043e17";

/// `sha256=<hex>` of `body` under `secret`, as GitHub signs a delivery.
fn sign(secret: &[u8], body: &[u8]) -> String {
    let key = ring::hmac::Key::new(ring::hmac::HMAC_SHA256, secret);
    let tag = ring::hmac::sign(&key, body);
    let hex: String = tag.as_ref().iter().map(|b| format!("{b:02x}")).collect();
    format!("sha256={hex}")
}

fn headers(pairs: &[(&'static str, &str)]) -> HeaderMap {
    let mut headers = HeaderMap::new();
    for (name, value) in pairs {
        headers.insert(*name, HeaderValue::from_str(value).unwrap());
    }
    headers
}

#[test]
fn githubs_test_vector_verifies() {
    assert_eq!(sign(SECRET, PAYLOAD), SIGNATURE);
    verify_signature(SECRET, SIGNATURE, PAYLOAD).unwrap();
}

#[test]
fn every_one_byte_change_to_body_signature_or_secret_fails() {
    let mut failures = 0;
    for index in 0..PAYLOAD.len() {
        let mut body = PAYLOAD.to_vec();
        body[index] ^= 0x01;
        assert_eq!(
            verify_signature(SECRET, SIGNATURE, &body),
            Err(WebhookError::SignatureMismatch),
            "body byte {index}"
        );
        failures += 1;
    }
    let hex_start = "sha256=".len();
    for index in hex_start..SIGNATURE.len() {
        let mut signature = SIGNATURE.as_bytes().to_vec();
        // Another hex digit, so the header stays well formed and only the value is wrong.
        signature[index] = if signature[index] == b'0' { b'1' } else { b'0' };
        let signature = String::from_utf8(signature).unwrap();
        assert_eq!(
            verify_signature(SECRET, &signature, PAYLOAD),
            Err(WebhookError::SignatureMismatch),
            "signature digit {index}"
        );
        failures += 1;
    }
    for index in 0..SECRET.len() {
        let mut secret = SECRET.to_vec();
        secret[index] ^= 0x01;
        assert_eq!(
            verify_signature(&secret, SIGNATURE, PAYLOAD),
            Err(WebhookError::SignatureMismatch),
            "secret byte {index}"
        );
        failures += 1;
    }
    // One more byte, or one fewer, is a change too.
    let mut longer = PAYLOAD.to_vec();
    longer.push(b'\n');
    assert!(verify_signature(SECRET, SIGNATURE, &longer).is_err());
    assert!(verify_signature(SECRET, SIGNATURE, &PAYLOAD[..PAYLOAD.len() - 1]).is_err());
    assert_eq!(failures, 13 + 64 + 26);
}

#[test]
fn sha1_and_malformed_signatures_are_refused() {
    let malformed = |header: &str| match verify_signature(SECRET, header, PAYLOAD) {
        Err(WebhookError::MalformedSignature { reason }) => reason,
        other => panic!("{header:?}: {other:?}"),
    };
    // What GitHub sends in `X-Hub-Signature` for the same delivery.
    let sha1 = "sha1=01dc10d0c83e72ed246219cdd91669667fe2ca59";
    assert!(malformed(sha1).contains("SHA-1"));
    for header in [
        "",
        "757107ea0eb2509fc211221cce984b8a37570b6d7586c22c46f4379c8b043e17",
        "sha256=",
        "sha256=757107ea",
        "sha512=757107ea0eb2509fc211221cce984b8a37570b6d7586c22c46f4379c8b043e17",
        "sha256=757107ea0eb2509fc211221cce984b8a37570b6d7586c22c46f4379c8b043e1g",
        "sha256=757107ea0eb2509fc211221cce984b8a37570b6d7586c22c46f4379c8b043e17ab",
    ] {
        malformed(header);
    }
    assert_eq!(
        verify_signature(b"", SIGNATURE, PAYLOAD),
        Err(WebhookError::EmptySecret)
    );

    // From the headers: only the SHA-1 header is refused, not ignored; none is "missing".
    let only_sha1 = headers(&[("x-hub-signature", sha1), ("x-github-event", "ping")]);
    assert!(matches!(
        verify_request(SECRET, &only_sha1, PAYLOAD),
        Err(WebhookError::MalformedSignature { .. })
    ));
    let none = headers(&[("x-github-event", "ping")]);
    assert_eq!(
        verify_request(SECRET, &none, PAYLOAD),
        Err(WebhookError::MissingHeader {
            header: "X-Hub-Signature-256"
        })
    );
    let no_event = headers(&[("x-hub-signature-256", SIGNATURE)]);
    assert_eq!(
        verify_request(SECRET, &no_event, PAYLOAD),
        Err(WebhookError::MissingHeader {
            header: "X-GitHub-Event"
        })
    );
    let both = headers(&[
        ("x-hub-signature-256", SIGNATURE),
        ("x-hub-signature", sha1),
        ("x-github-event", "ping"),
        ("x-github-delivery", "72d3162e-cc78-11e3-81ab-4c9367dc0958"),
    ]);
    let delivery = verify_request(SECRET, &both, PAYLOAD).unwrap();
    assert_eq!(delivery.event, "ping");
    assert_eq!(
        delivery.delivery,
        Some("72d3162e-cc78-11e3-81ab-4c9367dc0958")
    );
}

#[test]
fn errors_never_show_the_secret() {
    let secret = "s3cr3t-value-never-printed";
    let body = br#"{"action": "queued", "workflow_job": 7}"#;
    let mut errors = vec![
        verify_signature(secret.as_bytes(), SIGNATURE, body).unwrap_err(),
        verify_signature(secret.as_bytes(), "sha1=00", body).unwrap_err(),
        verify_signature(secret.as_bytes(), &format!("sha256={secret}"), body).unwrap_err(),
    ];
    let signed = headers(&[
        ("x-hub-signature-256", &sign(secret.as_bytes(), body)),
        ("x-github-event", "workflow_job"),
    ]);
    errors.push(WebhookEvent::from_request(secret.as_bytes(), &signed, body).unwrap_err());
    for error in errors {
        for text in [error.to_string(), format!("{error:?}")] {
            assert!(!text.contains(secret), "{text}");
            assert!(!text.contains("s3cr3t"), "{text}");
        }
    }
}

#[test]
fn nothing_is_decoded_before_the_signature_verified() {
    // Not JSON at all: with a wrong signature, the error is the signature's.
    let body = b"{not json";
    let wrong = headers(&[
        ("x-hub-signature-256", SIGNATURE),
        ("x-github-event", "workflow_job"),
    ]);
    assert_eq!(
        WebhookEvent::from_request(SECRET, &wrong, body),
        Err(WebhookError::SignatureMismatch)
    );
    let right = headers(&[
        ("x-hub-signature-256", &sign(SECRET, body)),
        ("x-github-event", "workflow_job"),
    ]);
    assert!(matches!(
        WebhookEvent::from_request(SECRET, &right, body),
        Err(WebhookError::Decode { .. })
    ));
}

/// A `workflow_job` payload as GitHub sends it (fields of the models, and some they lack).
fn queued_job(labels: &[&str]) -> Value {
    json!({
        "action": "queued",
        "workflow_job": {
            "id": 2832853555u64,
            "run_id": 940463255,
            "workflow_name": "CI",
            "head_branch": "main",
            "run_url": "https://api.github.com/repos/octo-org/example-workflow/actions/runs/940463255",
            "run_attempt": 1,
            "node_id": "MDg6Q2hlY2tSdW4yODMyODUzNTU1",
            "head_sha": "e3103f8eb03e1ad7f2331c5446b23c070fc54055",
            "url": "https://api.github.com/repos/octo-org/example-workflow/actions/jobs/2832853555",
            "html_url": "https://github.com/octo-org/example-workflow/runs/2832853555",
            "status": "queued",
            "conclusion": null,
            "created_at": "2021-06-15T19:22:27Z",
            "started_at": "2021-06-15T19:22:27Z",
            "completed_at": null,
            "name": "Test workflow",
            "steps": [],
            "check_run_url": "https://api.github.com/repos/octo-org/example-workflow/check-runs/2832853555",
            "labels": labels,
            "runner_id": null,
            "runner_name": null,
            "runner_group_id": null,
            "runner_group_name": null
        },
        "repository": repository(),
        "organization": {
            "login": "octo-org",
            "id": 33435682,
            "node_id": "MDEyOk9yZ2FuaXphdGlvbjMzNDM1Njgy",
            "url": "https://api.github.com/orgs/octo-org",
            "repos_url": "https://api.github.com/orgs/octo-org/repos",
            "events_url": "https://api.github.com/orgs/octo-org/events",
            "hooks_url": "https://api.github.com/orgs/octo-org/hooks",
            "issues_url": "https://api.github.com/orgs/octo-org/issues",
            "members_url": "https://api.github.com/orgs/octo-org/members{/member}",
            "public_members_url": "https://api.github.com/orgs/octo-org/public_members{/member}",
            "avatar_url": "https://avatars.githubusercontent.com/u/33435682?v=4",
            "description": ""
        },
        "sender": user("octocat"),
        "installation": {"id": 2, "node_id": "MDIzOkludGVncmF0aW9uSW5zdGFsbGF0aW9uMg=="}
    })
}

/// A repository as webhooks embed it: what `minimal-repository` requires.
fn repository() -> Value {
    let mut repository = json!({
        "id": 376034443,
        "node_id": "MDEwOlJlcG9zaXRvcnkzNzYwMzQ0NDM=",
        "name": "example-workflow",
        "full_name": "octo-org/example-workflow",
        "private": true,
        "owner": user("octo-org"),
        "html_url": "https://github.com/octo-org/example-workflow",
        "description": "Test workflow",
        "fork": false,
        "url": "https://api.github.com/repos/octo-org/example-workflow",
    });
    for what in [
        "archive",
        "assignees",
        "blobs",
        "branches",
        "collaborators",
        "comments",
        "commits",
        "compare",
        "contents",
        "contributors",
        "deployments",
        "downloads",
        "events",
        "forks",
        "git_commits",
        "git_refs",
        "git_tags",
        "issue_comment",
        "issue_events",
        "issues",
        "keys",
        "labels",
        "languages",
        "merges",
        "milestones",
        "notifications",
        "pulls",
        "releases",
        "stargazers",
        "statuses",
        "subscribers",
        "subscription",
        "tags",
        "teams",
        "trees",
    ] {
        repository[format!("{what}_url")] = json!(format!(
            "https://api.github.com/repos/octo-org/example-workflow/{what}"
        ));
    }
    repository
}

fn user(login: &str) -> Value {
    json!({
        "login": login,
        "id": 21031067,
        "node_id": "MDQ6VXNlcjIxMDMxMDY3",
        "avatar_url": "https://avatars.githubusercontent.com/u/21031067?v=4",
        "gravatar_id": "",
        "url": format!("https://api.github.com/users/{login}"),
        "html_url": format!("https://github.com/{login}"),
        "followers_url": format!("https://api.github.com/users/{login}/followers"),
        "following_url": format!("https://api.github.com/users/{login}/following{{/other_user}}"),
        "gists_url": format!("https://api.github.com/users/{login}/gists{{/gist_id}}"),
        "starred_url": format!("https://api.github.com/users/{login}/starred{{/owner}}{{/repo}}"),
        "subscriptions_url": format!("https://api.github.com/users/{login}/subscriptions"),
        "organizations_url": format!("https://api.github.com/users/{login}/orgs"),
        "repos_url": format!("https://api.github.com/users/{login}/repos"),
        "events_url": format!("https://api.github.com/users/{login}/events{{/privacy}}"),
        "received_events_url": format!("https://api.github.com/users/{login}/received_events"),
        "type": "User",
        "site_admin": false
    })
}

#[test]
fn events_decode_by_header_with_open_actions_and_paths_in_errors() {
    let body = serde_json::to_vec(&queued_job(&["self-hosted", "gpu"])).unwrap();
    let WebhookEvent::WorkflowJob(event) = WebhookEvent::parse("workflow_job", &body).unwrap()
    else {
        panic!("not a workflow_job");
    };
    assert_eq!(event.action, WorkflowJobAction::Queued);
    assert_eq!(
        event.workflow_job.labels.as_deref(),
        Some(&["self-hosted".to_owned(), "gpu".to_owned()][..])
    );
    assert_eq!(event.installation.as_ref().map(|i| i.id), Some(2.into()));

    // An action GitHub adds later is kept, and sent back as it came.
    let mut payload = queued_job(&[]);
    payload["action"] = json!("requeued");
    let body = serde_json::to_vec(&payload).unwrap();
    let WebhookEvent::WorkflowJob(event) = WebhookEvent::parse("workflow_job", &body).unwrap()
    else {
        panic!("not a workflow_job");
    };
    assert_eq!(
        event.action,
        WorkflowJobAction::Unknown("requeued".to_owned())
    );
    assert_eq!(serde_json::to_value(&event).unwrap()["action"], "requeued");

    // An event the spec does not describe is kept as JSON.
    let other = WebhookEvent::parse("push", br#"{"ref": "refs/heads/main"}"#).unwrap();
    assert_eq!(other.event(), "push");
    assert_eq!(
        other,
        WebhookEvent::Other {
            event: "push".to_owned(),
            payload: json!({"ref": "refs/heads/main"})
        }
    );

    // A field of the wrong type: which event, and where.
    let mut payload = queued_job(&[]);
    payload["workflow_job"]["labels"] = json!(["self-hosted", 7]);
    let body = serde_json::to_vec(&payload).unwrap();
    let error = WebhookEvent::parse("workflow_job", &body).unwrap_err();
    let WebhookError::Decode { event, path, .. } = &error else {
        panic!("{error:?}");
    };
    assert_eq!(event, "workflow_job");
    assert_eq!(path, "workflow_job.labels[1]");
    assert!(
        error.to_string().contains("`workflow_job` webhook payload")
            && error.to_string().contains("workflow_job.labels[1]"),
        "{error}"
    );
}

/// The example payloads, installing the pinned npm packages when they are missing; `None`
/// when Node.js is missing outside CI (see `tools`).
fn examples() -> Option<Vec<Value>> {
    if !crate::tools::node() {
        return None;
    }
    let root = workspace_root();
    let file: PathBuf = root.join(xtask::audit::WEBHOOK_EXAMPLES);
    // The one installer of the suite's npm packages (one `npm ci` at a time).
    xtask::audit::ensure_npm_packages(&root).unwrap_or_else(|e| panic!("{e}"));
    let text = std::fs::read_to_string(&file)
        .unwrap_or_else(|e| panic!("{}: {e}; run `cd tests && npm ci`", file.display()));
    Some(serde_json::from_str(&text).expect("the examples are JSON"))
}

/// What the model-aware comparison found.
#[derive(Default)]
struct Comparison {
    /// Values of fields the model has that did not come back the same.
    lost: Vec<String>,
    /// Fields of the payload the model does not have (`schema.field`), kept by nothing.
    unmodelled: BTreeSet<String>,
    /// Fields of the model that came back the same.
    kept: usize,
}

/// Compares a payload with its re-encoding, field by field of the model (`ty`): every field
/// the model has must come back the same (dates by instant, numbers by value); a field it does
/// not have is counted, not an error.
fn compare(
    api: &Api,
    ty: &Type,
    original: &Value,
    encoded: &Value,
    at: &str,
    out: &mut Comparison,
) {
    match ty {
        Type::Schema(id) => {
            let schema = api.schema(*id);
            match &schema.kind {
                SchemaKind::Object(fields) => {
                    let (Some(original), Some(encoded)) =
                        (original.as_object(), encoded.as_object())
                    else {
                        out.lost.push(format!("{at}: {original} became {encoded}"));
                        return;
                    };
                    for field in fields {
                        let here = format!("{at}.{}", field.name);
                        match (original.get(&field.name), encoded.get(&field.name)) {
                            (None | Some(Value::Null), None | Some(Value::Null)) => {}
                            (Some(a), Some(b)) => {
                                out.kept += 1;
                                compare(api, &field.ty, a, b, &here, out);
                            }
                            (Some(a), None) => out.lost.push(format!("{here}: {a} lost")),
                            (None, Some(b)) => out.lost.push(format!("{here}: {b} added")),
                        }
                    }
                    for key in original.keys() {
                        if !fields.iter().any(|field| &field.name == key) {
                            out.unmodelled.insert(format!("{}.{key}", schema.name));
                        }
                    }
                }
                SchemaKind::Alias(inner) | SchemaKind::Newtype(inner) => {
                    compare(api, inner, original, encoded, at, out)
                }
                SchemaKind::Enum(_) | SchemaKind::OneOf(_) => {
                    same(original, encoded, at, out);
                }
            }
        }
        Type::Array(item) => match (original.as_array(), encoded.as_array()) {
            (Some(a), Some(b)) if a.len() == b.len() => {
                for (index, (a, b)) in a.iter().zip(b).enumerate() {
                    compare(api, item, a, b, &format!("{at}[{index}]"), out);
                }
            }
            _ => out.lost.push(format!("{at}: {original} became {encoded}")),
        },
        _ => same(original, encoded, at, out),
    }
}

/// Whole values: equal, numbers by value, date-times by instant.
fn same(a: &Value, b: &Value, at: &str, out: &mut Comparison) {
    let equal = match (a, b) {
        (Value::Number(x), Value::Number(y)) => x.as_f64() == y.as_f64(),
        (Value::String(x), Value::String(y)) => {
            x == y
                || matches!(
                    (
                        chrono::DateTime::parse_from_rfc3339(x),
                        chrono::DateTime::parse_from_rfc3339(y)
                    ),
                    (Ok(x), Ok(y)) if x == y
                )
        }
        _ => a == b,
    };
    if !equal {
        out.lost.push(format!("{at}: {a} became {b}"));
    }
}

/// Decodes `payload` as `event`, checks the variant, and compares its re-encoding.
fn round_trip(api: &Api, event: &str, payload: &Value, origin: &str, out: &mut Comparison) {
    let body = serde_json::to_vec(payload).unwrap();
    let decoded =
        WebhookEvent::parse(event, &body).unwrap_or_else(|error| panic!("{origin}: {error}"));
    assert_eq!(decoded.event(), event, "{origin}");
    let encoded = match &decoded {
        WebhookEvent::WorkflowRun(e) => serde_json::to_value(e),
        WebhookEvent::WorkflowJob(e) => serde_json::to_value(e),
        WebhookEvent::WorkflowDispatch(e) => serde_json::to_value(e),
        WebhookEvent::DeploymentProtectionRule(e) => serde_json::to_value(e),
        WebhookEvent::Ping(e) => serde_json::to_value(e),
        other => panic!("{origin}: decoded as {other:?}"),
    }
    .unwrap();
    let webhook = api
        .webhooks
        .iter()
        .find(|webhook| webhook.event == event)
        .expect("the event is in the spec");
    compare(
        api,
        &Type::Schema(webhook.payload),
        payload,
        &encoded,
        origin,
        out,
    );
}

#[test]
fn every_example_payload_decodes_and_keeps_what_the_model_has() {
    let Some(examples) = examples() else {
        return;
    };
    let api = codegen::check(tests::spec_sources()).expect("the spec checks");
    let mut comparison = Comparison::default();
    let mut counts = Vec::new();
    for event in WebhookEvent::EVENTS {
        let payloads: Vec<&Value> = examples
            .iter()
            .filter(|entry| entry["name"] == *event)
            .flat_map(|entry| entry["examples"].as_array().into_iter().flatten())
            .collect();
        for (index, payload) in payloads.iter().enumerate() {
            let origin = format!("{event} example {}", index + 1);
            round_trip(&api, event, payload, &origin, &mut comparison);
        }
        counts.push((*event, payloads.len()));
    }
    // The package has no `deployment_protection_rule` example: one assembled from the parts
    // the other examples have (GitHub's envelope, a deployment of a `workflow_job` example).
    let job_with_deployment = examples
        .iter()
        .filter(|entry| entry["name"] == "workflow_job")
        .flat_map(|entry| entry["examples"].as_array().into_iter().flatten())
        .find(|payload| payload.get("deployment").is_some())
        .expect("a workflow_job example with a deployment");
    let assembled = json!({
        "action": "requested",
        "environment": "production",
        "event": "push",
        "ref": "refs/heads/main",
        "sha": "e3103f8eb03e1ad7f2331c5446b23c070fc54055",
        "deployment_callback_url": "https://api.github.com/repos/octo-org/example-workflow/actions/runs/940463255/deployment_protection_rule",
        "deployment": job_with_deployment["deployment"],
        "pull_requests": [],
        "repository": job_with_deployment["repository"],
        "installation": job_with_deployment["installation"],
        "sender": job_with_deployment["sender"],
    });
    round_trip(
        &api,
        "deployment_protection_rule",
        &assembled,
        "deployment_protection_rule (assembled)",
        &mut comparison,
    );

    assert!(
        comparison.lost.is_empty(),
        "re-encoding lost or changed fields the model has:\n{}",
        comparison.lost.join("\n")
    );
    let total: usize = counts.iter().map(|(_, n)| n).sum();
    let line = format!(
        "webhooks: {total} example payloads of @octokit/webhooks-examples decode and re-encode ({}); {} fields of the models kept, {} payload fields not modelled\n",
        counts
            .iter()
            .map(|(event, n)| format!("{event} {n}"))
            .collect::<Vec<_>>()
            .join(", "),
        comparison.kept,
        comparison.unmodelled.len()
    );
    // Straight to stderr: the harness captures `eprintln!`.
    let _ = std::io::stderr().write_all(line.as_bytes());
    for (event, count) in &counts {
        if *event != "deployment_protection_rule" {
            assert!(*count > 0, "no example of `{event}` in the package");
        }
    }
    assert!(total >= 19, "{line}");
}

#[test]
fn the_model_aware_comparison_catches_a_lost_field() {
    let api = codegen::check(tests::spec_sources()).expect("the spec checks");
    let webhook = api
        .webhooks
        .iter()
        .find(|webhook| webhook.event == "workflow_job")
        .unwrap();
    let mut original = queued_job(&["self-hosted"]);
    let mut encoded = original.clone();
    original["workflow_job"]["not_in_the_spec"] = json!(1);
    encoded["workflow_job"]
        .as_object_mut()
        .unwrap()
        .remove("labels");
    encoded["sender"]["login"] = json!("someone-else");
    let mut out = Comparison::default();
    compare(
        &api,
        &Type::Schema(webhook.payload),
        &original,
        &encoded,
        "$",
        &mut out,
    );
    assert_eq!(
        out.lost,
        [
            r#"$.workflow_job.labels: ["self-hosted"] lost"#,
            r#"$.sender.login: "octocat" became "someone-else""#,
        ]
    );
    assert_eq!(
        out.unmodelled,
        BTreeSet::from(["job.not_in_the_spec".to_owned()])
    );
}

// The example program, compiled into the suite so that it runs against loopback here.
#[allow(dead_code)] // its `main` is the example's, not the suite's
#[path = "../../../examples/runner_autoscaler.rs"]
mod runner_autoscaler;

#[tokio::test]
async fn the_runner_autoscaler_creates_a_jit_runner_with_the_jobs_labels() {
    let github = MockServer::start().await;
    let jit = Mock::given(method("POST"))
        .and(path("/orgs/octo-org/actions/runners/generate-jitconfig"))
        .respond_with(ResponseTemplate::new(201).set_body_json(json!({
            "runner": {
                "id": 23, "name": "jit-940463255-2832853555", "os": "unknown",
                "status": "offline", "busy": false,
                "labels": [{"id": 5, "name": "self-hosted", "type": "read-only"}]
            },
            "encoded_jit_config": "abc123"
        })))
        .expect(1)
        .named("generate-jitconfig")
        .mount_as_scoped(&github)
        .await;
    let secret = b"autoscaler secret".to_vec();
    let scaler = runner_autoscaler::Autoscaler {
        client: Client::builder()
            .base_url(&github.uri())
            .unwrap()
            .token("t")
            .build()
            .unwrap(),
        org: "octo-org".to_owned(),
        runner_group_id: 3.into(),
        secret: secret.clone(),
    };
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let endpoint = format!("http://{}/", listener.local_addr().unwrap());
    let server = tokio::spawn(runner_autoscaler::serve(listener, Arc::new(scaler)));

    let http = reqwest::Client::new();
    let deliver = |event: &'static str, body: Vec<u8>, signature: String| {
        http.post(&endpoint)
            .header("x-github-event", event)
            .header("x-hub-signature-256", signature)
            .header("content-type", "application/json")
            .body(body)
            .send()
    };

    // A queued job, signed: one JIT runner, with the job's labels.
    let body = serde_json::to_vec(&queued_job(&["self-hosted", "linux", "gpu"])).unwrap();
    let response = deliver("workflow_job", body.clone(), sign(&secret, &body))
        .await
        .unwrap();
    assert_eq!(response.status(), 202);
    assert_eq!(response.text().await.unwrap(), "runner created\n");

    // The same delivery with a wrong signature, a completed job, a job for GitHub's hosted
    // runners, a ping: no runner.
    let response = deliver("workflow_job", body.clone(), sign(b"another secret", &body))
        .await
        .unwrap();
    assert_eq!(response.status(), 401);
    let mut completed = queued_job(&["self-hosted"]);
    completed["action"] = json!("completed");
    let hosted = queued_job(&["ubuntu-latest"]);
    for (event, payload) in [
        ("workflow_job", completed),
        ("workflow_job", hosted),
        (
            "ping",
            json!({"zen": "Keep it logically awesome.", "hook_id": 1}),
        ),
    ] {
        let body = serde_json::to_vec(&payload).unwrap();
        let response = deliver(event, body.clone(), sign(&secret, &body))
            .await
            .unwrap();
        assert_eq!(response.status(), 202, "{event}");
        assert_eq!(response.text().await.unwrap(), "ignored\n");
    }
    // Signed but not a job: a decode error names the field.
    let broken = br#"{"action": "queued", "workflow_job": {"id": "x"}}"#.to_vec();
    let response = deliver("workflow_job", broken.clone(), sign(&secret, &broken))
        .await
        .unwrap();
    assert_eq!(response.status(), 400);
    assert!(response.text().await.unwrap().contains("workflow_job.id"));

    let requests = jit.received_requests().await;
    assert_eq!(requests.len(), 1, "one JIT runner");
    let request: Value = serde_json::from_slice(&requests[0].body).unwrap();
    assert_eq!(
        request,
        json!({
            "name": "jit-940463255-2832853555",
            "runner_group_id": 3,
            "labels": ["self-hosted", "linux", "gpu"]
        })
    );
    assert_eq!(
        requests[0].headers.get("authorization").unwrap(),
        "Bearer t"
    );
    server.abort();
}

/// What `codegen::check` reports for a spec, as one string.
fn diagnostics(spec: &str) -> String {
    let shared = tests::source(
        "spec/shared.yaml",
        "area: shared\ntitle: Shared\ndocs_url: https://example.com\nschemas:\n  thing:\n    type: object\n    properties:\n      id: { type: integer, description: The id. }\n",
    );
    match codegen::check(vec![tests::source("spec/events.yaml", spec), shared]) {
        Ok(_) => String::new(),
        Err(diagnostics) => diagnostics.to_string(),
    }
}

#[test]
fn broken_webhook_specs_are_reported_where_they_are() {
    let header = "area: events\ntitle: Events\ndocs_url: https://example.com\nwebhooks:\n";
    let event = |name: &str, payload: &str| {
        format!(
            "  - event: {name}\n    summary: S\n    docs_url: https://example.com\n    actions: [created]\n    payload:\n{payload}"
        )
    };
    let good = "      type: object\n      properties:\n        thing: { ref: thing, description: The thing. }\n";
    assert_eq!(
        diagnostics(&format!("{header}{}", event("thing_event", good))),
        ""
    );

    let with_action = "      type: object\n      properties:\n        action: { type: string, description: A. }\n";
    let message = diagnostics(&format!("{header}{}", event("thing_event", with_action)));
    assert!(message.contains("spec/events.yaml:"), "{message}");
    assert!(
        message.contains("`action` is added from the event's `actions:`"),
        "{message}"
    );

    let by_ref = "      ref: thing\n";
    let message = diagnostics(&format!("{header}{}", event("thing_event", by_ref)));
    assert!(
        message.contains("a webhook's `payload` is an inline object"),
        "{message}"
    );

    let twice = format!(
        "{header}{}{}",
        event("thing_event", good),
        event("thing_event", good)
    );
    let message = diagnostics(&twice);
    assert!(
        message.contains("webhook event `thing_event` is defined twice"),
        "{message}"
    );

    let message = diagnostics(&format!("{header}{}", event("Thing-Event", good)));
    assert!(message.contains("is not a webhook event name"), "{message}");

    let misspelt = format!(
        "{header}{}",
        event("thing_event", good).replace("actions:", "action:")
    );
    let message = diagnostics(&misspelt);
    assert!(message.contains("unknown field `action`"), "{message}");
}

#[test]
fn strange_bodies_are_errors_not_panics() {
    let body = serde_json::to_vec(&queued_job(&["self-hosted"])).unwrap();
    // Cut anywhere (every fifth byte, and just before the end): each prefix is an error.
    for end in (0..body.len()).step_by(5).chain([body.len() - 1]) {
        assert!(
            WebhookEvent::parse("workflow_job", &body[..end]).is_err(),
            "a body cut at {end} decoded"
        );
    }
    // Every byte replaced by a quote or a brace, a sample of bytes made invalid UTF-8.
    for index in (0..body.len()).step_by(7) {
        for byte in [b'"', b'{', 0xff] {
            let mut changed = body.clone();
            changed[index] = byte;
            let _ = WebhookEvent::parse("workflow_job", &changed);
        }
    }
    // Deep nesting stops at serde_json's recursion limit, with an error.
    let deep = format!("{}{}", "[".repeat(100_000), "]".repeat(100_000));
    for event in ["workflow_job", "push"] {
        assert!(matches!(
            WebhookEvent::parse(event, deep.as_bytes()),
            Err(WebhookError::Decode { .. })
        ));
    }
    // A huge signature header is refused without reading it as hex.
    let huge = format!("sha256={}", "a".repeat(1 << 20));
    assert!(matches!(
        verify_signature(SECRET, &huge, PAYLOAD),
        Err(WebhookError::MalformedSignature { .. })
    ));
}

#[test]
fn codegen_describes_a_webhook_change_and_keeps_the_feature_honest() {
    let (_dir, root) = crate::xtask_codegen::scratch();
    let spec = root.join("spec/webhooks.yaml");
    let text = std::fs::read_to_string(&spec).unwrap();
    let cut = text.find("  - event: ping").expect("the ping event");
    std::fs::write(&spec, &text[..cut]).unwrap();
    let message = xtask::codegen::run(&root, xtask::codegen::Mode::Check).unwrap_err();
    assert!(
        message.contains("generated/src/webhooks.rs (differs"),
        "{message}"
    );
    assert!(message.contains("PingEvent"), "{message}");
    assert!(message.contains("WebhookEvent"), "{message}");

    // Without any event, the `webhooks` feature's dependencies name a feature that is gone.
    std::fs::remove_file(&spec).unwrap();
    let message = xtask::codegen::run(&root, xtask::codegen::Mode::Write).unwrap_err();
    assert!(message.contains("feature `webhooks`"), "{message}");
    assert!(
        root.join("generated/src/webhooks.rs").is_file(),
        "nothing was written"
    );
}
