//! The generated client against a real HTTP server on loopback (wiremock).

use github_actions_client::models::ArtifactArchiveFormat;
use github_actions_client::{Client, Error};
use wiremock::matchers::{header, method, path, query_param};
use wiremock::{Mock, MockServer, ResponseTemplate};

const ARTIFACT: &str = r#"{"id": 11, "node_id": "MDg6QXJ0aWZhY3QxMQ==", "name": "Rails", "size_in_bytes": 556, "url": "https://api.github.com/repos/octo-org/octo-docs/actions/artifacts/11", "archive_download_url": "https://api.github.com/repos/octo-org/octo-docs/actions/artifacts/11/zip", "expired": false, "created_at": "2020-01-10T14:59:22Z", "expires_at": null, "updated_at": "2020-01-21T14:59:22Z"}"#;

async fn client(server: &MockServer) -> Client {
    Client::builder()
        .base_url(&server.uri())
        .unwrap()
        .token("secret-token")
        .build()
        .unwrap()
}

fn json(body: &str) -> ResponseTemplate {
    ResponseTemplate::new(200).set_body_raw(body.as_bytes().to_vec(), "application/json")
}

#[tokio::test]
async fn sends_github_headers_query_and_decodes() {
    let server = MockServer::start().await;
    Mock::given(method("GET"))
        .and(path("/repos/octo-org/octo-repo/actions/artifacts"))
        .and(query_param("per_page", "100"))
        .and(query_param("name", "Rails"))
        .and(header("accept", "application/vnd.github+json"))
        .and(header("x-github-api-version", "2022-11-28"))
        .and(header("authorization", "Bearer secret-token"))
        .and(header(
            "user-agent",
            concat!("github-actions-client/", "0.1.0"),
        ))
        .respond_with(json(&format!(
            r#"{{"total_count": 1, "artifacts": [{ARTIFACT}]}}"#
        )))
        .expect(1)
        .mount(&server)
        .await;

    let page = client(&server)
        .await
        .list_artifacts_for_repo("octo-org", "octo-repo")
        .per_page(100)
        .name("Rails")
        .send()
        .await
        .unwrap();
    assert_eq!(page.total_count, 1);
    let artifact = &page.artifacts[0];
    assert_eq!(artifact.name, "Rails");
    assert_eq!(
        artifact.created_at.unwrap().to_rfc3339(),
        "2020-01-10T14:59:22+00:00"
    );
    assert_eq!(artifact.expires_at, None);
    assert_eq!(artifact.workflow_run, None, "absent, not null");
}

#[tokio::test]
async fn path_parameters_are_percent_encoded() {
    let server = MockServer::start().await;
    Mock::given(method("GET"))
        .and(path(
            "/repos/octo%20org/repo%2Fwith%2Fslashes/actions/artifacts/11",
        ))
        .respond_with(json(ARTIFACT))
        .expect(1)
        .mount(&server)
        .await;
    let artifact = client(&server)
        .await
        .get_artifact("octo org", "repo/with/slashes", 11)
        .send()
        .await
        .unwrap();
    assert_eq!(artifact.id, 11);
}

#[tokio::test]
async fn a_base_url_with_a_path_is_kept() {
    let server = MockServer::start().await;
    Mock::given(method("DELETE"))
        .and(path("/api/v3/repos/o/r/actions/artifacts/5"))
        .respond_with(ResponseTemplate::new(204))
        .expect(1)
        .mount(&server)
        .await;
    let client = Client::builder()
        .base_url(&format!("{}/api/v3", server.uri()))
        .unwrap()
        .build()
        .unwrap();
    client.delete_artifact("o", "r", 5).send().await.unwrap();
}

#[tokio::test]
async fn github_errors_keep_status_message_and_request_id() {
    let server = MockServer::start().await;
    Mock::given(method("GET"))
        .respond_with(
            ResponseTemplate::new(404)
                .insert_header("x-github-request-id", "ABCD:1234")
                .set_body_raw(
                    r#"{"message": "Not Found", "documentation_url": "https://docs.github.com/rest"}"#,
                    "application/json",
                ),
        )
        .mount(&server)
        .await;
    let error = client(&server)
        .await
        .get_artifact("o", "r", 1)
        .send()
        .await
        .unwrap_err();
    let Error::Api(api) = &error else {
        panic!("{error:?}")
    };
    assert_eq!(api.status, 404);
    assert_eq!(api.message, "Not Found");
    assert_eq!(
        api.documentation_url.as_deref(),
        Some("https://docs.github.com/rest")
    );
    assert_eq!(api.request_id.as_deref(), Some("ABCD:1234"));
    let shown = error.to_string();
    assert!(
        shown.starts_with("GitHub answered 404 to GET http://"),
        "{shown}"
    );
    assert!(shown.contains("[request id ABCD:1234]"), "{shown}");
    assert!(!shown.contains("secret-token"));
}

#[tokio::test]
async fn an_html_error_page_is_still_an_api_error() {
    let server = MockServer::start().await;
    Mock::given(method("GET"))
        .respond_with(
            ResponseTemplate::new(502)
                .set_body_raw("<html><body>Bad gateway</body></html>", "text/html"),
        )
        .mount(&server)
        .await;
    let error = client(&server)
        .await
        .get_artifact("o", "r", 1)
        .send()
        .await
        .unwrap_err();
    let Error::Api(api) = &error else {
        panic!("{error:?}")
    };
    assert_eq!(api.status, 502);
    assert!(api.message.contains("Bad gateway"), "{}", api.message);
}

#[tokio::test]
async fn a_body_that_does_not_decode_names_the_json_path() {
    let server = MockServer::start().await;
    let broken = ARTIFACT.replace(r#""size_in_bytes": 556"#, r#""size_in_bytes": "big""#);
    Mock::given(method("GET"))
        .respond_with(json(&format!(
            r#"{{"total_count": 1, "artifacts": [{broken}]}}"#
        )))
        .mount(&server)
        .await;
    let error = client(&server)
        .await
        .list_artifacts_for_repo("o", "r")
        .send()
        .await
        .unwrap_err();
    let Error::Decode { path, excerpt, .. } = &error else {
        panic!("{error:?}")
    };
    assert_eq!(path, "artifacts[0].size_in_bytes");
    assert!(excerpt.starts_with(r#"{"total_count""#), "{excerpt}");
}

#[tokio::test]
async fn a_download_returns_the_redirect_location() {
    let server = MockServer::start().await;
    Mock::given(method("GET"))
        .and(path("/repos/o/r/actions/artifacts/11/zip"))
        .respond_with(
            ResponseTemplate::new(302)
                .insert_header("location", "https://blob.example.com/a.zip?sig=x"),
        )
        .expect(1)
        .mount(&server)
        .await;
    let redirect = client(&server)
        .await
        .download_artifact("o", "r", 11, ArtifactArchiveFormat::Zip)
        .send()
        .await
        .unwrap();
    assert_eq!(
        redirect.location().as_str(),
        "https://blob.example.com/a.zip?sig=x"
    );
}

#[tokio::test]
async fn an_expired_artifact_is_a_410() {
    let server = MockServer::start().await;
    Mock::given(method("GET"))
        .respond_with(
            ResponseTemplate::new(410)
                .set_body_raw(r#"{"message": "Artifact has expired"}"#, "application/json"),
        )
        .mount(&server)
        .await;
    let error = client(&server)
        .await
        .download_artifact("o", "r", 11, ArtifactArchiveFormat::Zip)
        .send()
        .await
        .unwrap_err();
    assert_eq!(error.status(), Some(410));
    assert!(error.to_string().contains("Artifact has expired"));
}

#[test]
fn the_token_never_prints() {
    let client = Client::builder().token("ghp_supersecret").build().unwrap();
    assert!(!format!("{client:?}").contains("supersecret"));
    let builder = Client::builder().token("ghp_supersecret");
    assert!(!format!("{builder:?}").contains("supersecret"));
}

#[test]
fn enums_keep_unknown_values() {
    let known: ArtifactArchiveFormat = serde_json::from_str(r#""zip""#).unwrap();
    assert_eq!(known, ArtifactArchiveFormat::Zip);
    let unknown: ArtifactArchiveFormat = serde_json::from_str(r#""tar.gz""#).unwrap();
    assert_eq!(unknown, ArtifactArchiveFormat::Unknown("tar.gz".to_owned()));
    assert_eq!(serde_json::to_string(&unknown).unwrap(), r#""tar.gz""#);
}

#[test]
fn a_bad_base_url_is_a_clear_error() {
    let error = Client::builder().base_url("not a url").unwrap_err();
    assert!(
        error.to_string().contains("invalid base URL `not a url`"),
        "{error}"
    );
    let error = Client::builder().base_url("ftp://example.com").unwrap_err();
    assert!(
        error.to_string().contains("must be an http or https URL"),
        "{error}"
    );
}
