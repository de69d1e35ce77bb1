//! `Client::request`, the way out for endpoints the spec lacks, against a real HTTP server on
//! loopback (wiremock): path and query encoding, headers (and those refused), JSON bodies,
//! empty and byte answers, whole responses, downloads behind a redirect, `Link` pagination,
//! GitHub's errors, and templates that cannot be filled in.

use futures::TryStreamExt;
use github_actions_client::{Client, Error, Method, RetryPolicy, StatusCode};
use serde::Deserialize;
use serde_json::{json, Value};
use wiremock::matchers::{body_json, header, method, path, query_param};
use wiremock::{Mock, MockServer, Request, ResponseTemplate};

fn client(server: &MockServer) -> Client {
    Client::builder()
        .base_url(&server.uri())
        .unwrap()
        .token("secret-token")
        .retry_policy(RetryPolicy::none())
        .build()
        .unwrap()
}

#[derive(Debug, Deserialize, PartialEq)]
struct Cache {
    id: u64,
    key: String,
}

#[tokio::test]
async fn a_typed_get_encodes_path_and_query_values() {
    let server = MockServer::start().await;
    Mock::given(method("GET"))
        .and(path("/repos/octo%20org/repo%2Fx/actions/caches"))
        .and(query_param("key", "Linux & macOS/=?"))
        .and(query_param("per_page", "100"))
        .and(header("authorization", "Bearer secret-token"))
        .and(header("accept", "application/vnd.github+json"))
        .and(header("x-github-api-version", "2022-11-28"))
        .respond_with(ResponseTemplate::new(200).set_body_json(json!({
            "total_count": 1,
            "actions_caches": [{"id": 505, "key": "Linux-node-abc", "size_in_bytes": 1024}],
        })))
        .expect(1)
        .mount(&server)
        .await;

    #[derive(Deserialize)]
    struct Caches {
        total_count: u64,
        actions_caches: Vec<Cache>,
    }
    let caches: Caches = client(&server)
        .request(Method::GET, "/repos/{owner}/{repo}/actions/caches")
        .path("owner", "octo org")
        .path("repo", "repo/x")
        .query("key", "Linux & macOS/=?")
        .query("per_page", 100)
        .send()
        .await
        .unwrap();
    assert_eq!(caches.total_count, 1);
    assert_eq!(
        caches.actions_caches,
        [Cache {
            id: 505,
            key: "Linux-node-abc".into()
        }]
    );
    // The raw query string: the value is form-encoded, as the generated operations encode theirs.
    let requests = server.received_requests().await.unwrap();
    assert_eq!(
        requests[0].url.query(),
        Some("key=Linux+%26+macOS%2F%3D%3F&per_page=100")
    );
}

#[tokio::test]
async fn a_post_sends_its_json_body() {
    let server = MockServer::start().await;
    Mock::given(method("POST"))
        .and(path("/repos/o/r/actions/oidc/customization/sub"))
        .and(header("content-type", "application/json"))
        .and(body_json(
            json!({"use_default": false, "include_claim_keys": ["repo", "context"]}),
        ))
        .respond_with(ResponseTemplate::new(201).set_body_json(json!({"ok": true})))
        .expect(1)
        .mount(&server)
        .await;
    let answer: Value = client(&server)
        .request(
            Method::POST,
            "/repos/{owner}/{repo}/actions/oidc/customization/sub",
        )
        .path("owner", "o")
        .path("repo", "r")
        .json(&json!({"use_default": false, "include_claim_keys": ["repo", "context"]}))
        .send()
        .await
        .unwrap();
    assert_eq!(answer, json!({"ok": true}));
}

#[tokio::test]
async fn no_content_is_unit_and_bytes_come_as_they_are() {
    let server = MockServer::start().await;
    Mock::given(method("DELETE"))
        .and(path("/repos/o/r/actions/caches/505"))
        .respond_with(ResponseTemplate::new(204))
        .expect(1)
        .mount(&server)
        .await;
    Mock::given(method("GET"))
        .and(path("/repos/o/r/contents/README.md"))
        .respond_with(ResponseTemplate::new(200).set_body_bytes(b"\x00\xffnot json".to_vec()))
        .expect(1)
        .mount(&server)
        .await;
    let client = client(&server);
    client
        .request(
            Method::DELETE,
            "/repos/{owner}/{repo}/actions/caches/{cache_id}",
        )
        .path("owner", "o")
        .path("repo", "r")
        .path("cache_id", 505)
        .send_empty()
        .await
        .unwrap();
    let bytes = client
        .request(Method::GET, "/repos/o/r/contents/README.md")
        .send_bytes()
        .await
        .unwrap();
    assert_eq!(&bytes[..], b"\x00\xffnot json");
}

/// Three pages of caches, each pointing at the next with `Link: rel="next"`, as GitHub does.
async fn three_pages(server: &MockServer) {
    for page in 1..=3u64 {
        let mut response = ResponseTemplate::new(200).set_body_json(json!({
            "total_count": 5,
            "actions_caches": (0..if page == 3 { 1 } else { 2 })
                .map(|i| json!({"id": page * 10 + i, "key": format!("k{page}-{i}")}))
                .collect::<Vec<_>>(),
        }));
        if page < 3 {
            let next = format!(
                "<{}/repositories/1/actions/caches?per_page=2&page={}>; rel=\"next\"",
                server.uri(),
                page + 1
            );
            response = response.insert_header("link", next.as_str());
        }
        let mut mock = Mock::given(method("GET"));
        mock = if page == 1 {
            mock.and(path("/repos/o/r/actions/caches"))
        } else {
            mock.and(path("/repositories/1/actions/caches"))
                .and(query_param("page", page.to_string()))
        };
        mock.and(query_param("per_page", "2"))
            .and(header("authorization", "Bearer secret-token"))
            .respond_with(response)
            .expect(1)
            .mount(server)
            .await;
    }
}

#[tokio::test]
async fn stream_field_follows_link_headers_across_three_pages() {
    let server = MockServer::start().await;
    three_pages(&server).await;
    let ids: Vec<u64> = client(&server)
        .request(Method::GET, "/repos/{owner}/{repo}/actions/caches")
        .path("owner", "o")
        .path("repo", "r")
        .query("per_page", 2)
        .stream_field::<Cache>("actions_caches")
        .map_ok(|cache| cache.id)
        .try_collect()
        .await
        .unwrap();
    assert_eq!(ids, [10, 11, 20, 21, 30]);
}

#[tokio::test]
async fn pages_and_a_page_type_of_ones_own() {
    #[derive(Deserialize)]
    struct CachePage {
        actions_caches: Vec<Cache>,
    }
    impl github_actions_client::Page for CachePage {
        type Item = Cache;
        fn items(&self) -> &[Cache] {
            &self.actions_caches
        }
        fn into_items(self) -> Vec<Cache> {
            self.actions_caches
        }
    }

    let server = MockServer::start().await;
    three_pages(&server).await;
    let request = || {
        client(&server)
            .request(Method::GET, "/repos/{owner}/{repo}/actions/caches")
            .path("owner", "o")
            .path("repo", "r")
            .query("per_page", 2)
    };
    let pages: Vec<Value> = request().pages::<Value>().try_collect().await.unwrap();
    let counts: Vec<usize> = pages
        .iter()
        .map(|page| page["actions_caches"].as_array().unwrap().len())
        .collect();
    assert_eq!(counts, [2, 2, 1]);

    // Served once each above; the second walk needs the pages again.
    server.reset().await;
    three_pages(&server).await;
    let keys: Vec<String> = request()
        .stream::<CachePage>()
        .map_ok(|cache| cache.key)
        .try_collect()
        .await
        .unwrap();
    assert_eq!(keys, ["k1-0", "k1-1", "k2-0", "k2-1", "k3-0"]);
}

#[tokio::test]
async fn a_plain_array_list_streams_as_vec() {
    let server = MockServer::start().await;
    Mock::given(method("GET"))
        .and(path("/repos/o/r/branches"))
        .respond_with(
            ResponseTemplate::new(200).set_body_json(json!([{"name": "main"}, {"name": "dev"}])),
        )
        .expect(1)
        .mount(&server)
        .await;
    #[derive(Deserialize)]
    struct Branch {
        name: String,
    }
    let names: Vec<String> = client(&server)
        .request(Method::GET, "/repos/{owner}/{repo}/branches")
        .path("owner", "o")
        .path("repo", "r")
        .stream::<Vec<Branch>>()
        .map_ok(|branch| branch.name)
        .try_collect()
        .await
        .unwrap();
    assert_eq!(names, ["main", "dev"]);
}

#[tokio::test]
async fn a_github_error_is_an_api_error() {
    let server = MockServer::start().await;
    Mock::given(method("GET"))
        .respond_with(
            ResponseTemplate::new(404)
                .insert_header("x-github-request-id", "AB:CD")
                .set_body_json(json!({
                    "message": "Not Found",
                    "documentation_url": "https://docs.github.com/rest",
                })),
        )
        .expect(2)
        .mount(&server)
        .await;
    let client = client(&server);
    let error = client
        .request(Method::GET, "/repos/{owner}/{repo}/actions/caches")
        .path("owner", "o")
        .path("repo", "r")
        .send::<Value>()
        .await
        .unwrap_err();
    let Error::Api(api) = &error else {
        panic!("{error:?}")
    };
    assert_eq!(
        (api.status, api.message.as_str(), api.request_id.as_deref()),
        (404, "Not Found", Some("AB:CD"))
    );
    // The same through a list.
    let error = client
        .request(Method::GET, "/repos/o/r/actions/caches")
        .stream_field::<Cache>("actions_caches")
        .try_next()
        .await
        .unwrap_err();
    assert_eq!(error.status(), Some(404), "{error:?}");
}

#[tokio::test]
async fn a_page_without_the_field_is_a_decode_error() {
    let server = MockServer::start().await;
    Mock::given(method("GET"))
        .respond_with(
            ResponseTemplate::new(200)
                .set_body_json(json!({"total_count": 0, "caches": [{"id": "x"}]})),
        )
        .mount(&server)
        .await;
    let error = client(&server)
        .request(Method::GET, "/repos/o/r/actions/caches")
        .stream_field::<Cache>("actions_caches")
        .try_next()
        .await
        .unwrap_err();
    let Error::Decode { message, .. } = &error else {
        panic!("{error:?}")
    };
    assert!(
        message.contains("missing field `actions_caches`"),
        "{message}"
    );
}

/// Records every request it receives; answers 200.
async fn counting_server() -> MockServer {
    let server = MockServer::start().await;
    Mock::given(|_: &Request| true)
        .respond_with(ResponseTemplate::new(200).set_body_json(json!({})))
        .mount(&server)
        .await;
    server
}

#[tokio::test]
async fn a_placeholder_without_a_value_is_an_error_before_sending() {
    let server = counting_server().await;
    let client = client(&server);
    let error = client
        .request(Method::GET, "/repos/{owner}/{repo}/actions/caches")
        .path("owner", "o")
        .send::<Value>()
        .await
        .unwrap_err();
    let Error::PathTemplate { problem, .. } = &error else {
        panic!("{error:?}")
    };
    assert!(problem.contains("`{repo}` has no value"), "{problem}");
    assert_eq!(
        error.to_string(),
        "cannot build the path of GET /repos/{owner}/{repo}/actions/caches: the placeholder \
         `{repo}` has no value; give it one with `.path(\"repo\", …)`; nothing was sent"
    );

    // A value for a placeholder the template lacks (a typo), a dot segment, and the same
    // through a list: all refused, nothing sent.
    let typo = client
        .request(Method::DELETE, "/repos/{owner}/{repo}")
        .path("owner", "o")
        .path("repo", "r")
        .path("rpeo", "r")
        .send_empty()
        .await
        .unwrap_err();
    assert!(
        typo.to_string()
            .contains("`.path(\"rpeo\", …)` names no placeholder"),
        "{typo}"
    );
    let dots = client
        .request(Method::DELETE, "/repos/{owner}/{repo}")
        .path("owner", "o")
        .path("repo", "..")
        .send_empty()
        .await
        .unwrap_err();
    assert!(
        matches!(
            dots,
            Error::InvalidPathParameter {
                parameter: "repo",
                ..
            }
        ),
        "{dots:?}"
    );
    let listed = client
        .request(Method::GET, "/repos/{owner}/caches")
        .stream_field::<Cache>("actions_caches")
        .try_collect::<Vec<_>>()
        .await
        .unwrap_err();
    assert!(matches!(listed, Error::PathTemplate { .. }), "{listed:?}");
    assert_eq!(server.received_requests().await.unwrap().len(), 0);
}

#[tokio::test]
async fn server_errors_are_retried_like_generated_operations() {
    let server = MockServer::start().await;
    Mock::given(method("GET"))
        .respond_with(ResponseTemplate::new(502))
        .up_to_n_times(1)
        .expect(1)
        .mount(&server)
        .await;
    Mock::given(method("GET"))
        .respond_with(ResponseTemplate::new(200).set_body_json(json!({"id": 1, "key": "k"})))
        .expect(1)
        .mount(&server)
        .await;
    let client = Client::builder()
        .base_url(&server.uri())
        .unwrap()
        .retry_policy(RetryPolicy::default())
        .sleeper(|_| Box::pin(async {}))
        .build()
        .unwrap();
    let cache: Cache = client
        .request(Method::GET, "/repos/o/r/actions/caches/1")
        .send()
        .await
        .unwrap();
    assert_eq!(cache.id, 1);
}

#[tokio::test]
async fn a_header_reaches_the_server_in_place_of_the_clients_own() {
    let server = MockServer::start().await;
    Mock::given(method("GET"))
        .and(path("/repos/o/r/readme"))
        .and(header("accept", "application/vnd.github.raw"))
        .and(header("x-github-api-version", "2026-03-10"))
        .and(header("x-trace", "42"))
        .and(header("authorization", "Bearer secret-token"))
        .respond_with(ResponseTemplate::new(200).set_body_string("# Hello\n"))
        .expect(1)
        .mount(&server)
        .await;
    let text = client(&server)
        .request(Method::GET, "/repos/{owner}/{repo}/readme")
        .path("owner", "o")
        .path("repo", "r")
        .header("Accept", "application/vnd.github.raw")
        .header("X-GitHub-Api-Version", "2026-03-10")
        .header("x-trace", "41")
        // Given twice, in another case: the last value counts.
        .header("X-Trace", 42)
        .send_bytes()
        .await
        .unwrap();
    assert_eq!(&text[..], b"# Hello\n");
    let requests = server.received_requests().await.unwrap();
    let headers = &requests[0].headers;
    // One value each: the client's own `Accept` and API version were replaced, not added to.
    for name in ["accept", "x-github-api-version", "x-trace"] {
        assert_eq!(
            headers.get_all(name).iter().count(),
            1,
            "{name}: {headers:?}"
        );
    }
}

#[tokio::test]
async fn a_header_the_client_owns_is_refused_before_sending() {
    let server = counting_server().await;
    let client = client(&server);
    for name in [
        "Authorization",
        "host",
        "Content-Length",
        "Transfer-Encoding",
        "Accept-Encoding",
        "If-None-Match",
        "Cookie",
    ] {
        let error = client
            .request(Method::GET, "/repos/o/r")
            .header(name, "Bearer stolen-token")
            .send_empty()
            .await
            .unwrap_err();
        let Error::InvalidHeader { name: shown, .. } = &error else {
            panic!("{name}: {error:?}");
        };
        assert_eq!(shown, name);
        let message = error.to_string();
        assert!(!message.contains("stolen-token"), "{message}");
        assert!(message.contains("nothing was sent"), "{message}");
    }
    // Every way to finish a request checks its headers.
    let refused = || {
        client
            .request(Method::GET, "/repos/o/r")
            .header("authorization", "Bearer stolen-token")
    };
    let errors = [
        refused().send_response().await.unwrap_err(),
        refused().download().await.unwrap_err(),
        refused()
            .stream_field::<Cache>("actions_caches")
            .try_next()
            .await
            .unwrap_err(),
        refused().pages::<Value>().try_next().await.unwrap_err(),
    ];
    for error in errors {
        assert!(matches!(error, Error::InvalidHeader { .. }), "{error:?}");
    }
    // A value that would add a header of its own, and a name that is no header name.
    let split = client
        .request(Method::GET, "/repos/o/r")
        .header("x-note", "a\r\nAuthorization: Bearer stolen-token")
        .send_bytes()
        .await
        .unwrap_err();
    assert!(split.to_string().contains("cannot carry"), "{split}");
    assert!(!split.to_string().contains("stolen-token"), "{split}");
    let bad_name = client
        .request(Method::GET, "/repos/o/r")
        .header("x note", "v")
        .send_bytes()
        .await
        .unwrap_err();
    assert!(
        matches!(bad_name, Error::InvalidHeader { .. }),
        "{bad_name:?}"
    );
    assert_eq!(server.received_requests().await.unwrap().len(), 0);
}

#[tokio::test]
async fn send_response_reads_status_headers_and_body() {
    let server = MockServer::start().await;
    Mock::given(method("POST"))
        .and(path("/repos/o/r/things"))
        .respond_with(
            ResponseTemplate::new(201)
                .insert_header("x-custom", "a")
                .insert_header("etag", "\"v1\"")
                .set_body_json(json!({"count": 2})),
        )
        .expect(1)
        .mount(&server)
        .await;
    Mock::given(method("GET"))
        .and(path("/repos/o/r/tarball/main"))
        .respond_with(
            ResponseTemplate::new(302).insert_header("location", "https://storage.test/a.tgz"),
        )
        .expect(2)
        .mount(&server)
        .await;
    Mock::given(method("GET"))
        .and(path("/repos/o/r/contents/blob"))
        .respond_with(ResponseTemplate::new(200).set_body_bytes(b"ok \xff".to_vec()))
        .expect(1)
        .mount(&server)
        .await;
    let client = client(&server);
    let response = client
        .request(Method::POST, "/repos/{owner}/{repo}/things")
        .path("owner", "o")
        .path("repo", "r")
        .json(&json!({"name": "x"}))
        .send_response()
        .await
        .unwrap();
    assert_eq!(response.status(), StatusCode::CREATED);
    assert_eq!(response.headers()["x-custom"], "a");
    assert_eq!(response.headers()["etag"], "\"v1\"");
    assert_eq!(response.json::<Value>().unwrap(), json!({"count": 2}));
    assert_eq!(response.text().unwrap(), r#"{"count":2}"#);
    assert_eq!(response.url(), format!("{}/repos/o/r/things", server.uri()));
    assert_eq!(&response.into_body()[..], br#"{"count":2}"#);

    // A redirect is an answer too, as it came: its `Location` is for the caller.
    let redirect = client
        .request(Method::GET, "/repos/o/r/tarball/main")
        .send_response()
        .await
        .unwrap();
    assert_eq!(redirect.status(), StatusCode::FOUND);
    assert_eq!(redirect.headers()["location"], "https://storage.test/a.tgz");
    // Where a body is expected, a redirect is an error that says what to do.
    let error = client
        .request(Method::GET, "/repos/o/r/tarball/main")
        .send_bytes()
        .await
        .unwrap_err();
    let Error::UnexpectedResponse { status, detail, .. } = &error else {
        panic!("{error:?}");
    };
    assert_eq!(*status, 302);
    assert!(detail.contains("`.download()` follows it"), "{detail}");

    // A body that is not text: its bytes are there; `text` and `json` say what is wrong.
    let blob = client
        .request(Method::GET, "/repos/o/r/contents/blob")
        .send_response()
        .await
        .unwrap();
    assert_eq!(&blob.body()[..], b"ok \xff");
    let error = blob.text().unwrap_err();
    let Error::Decode { message, .. } = &error else {
        panic!("{error:?}");
    };
    assert!(message.contains("not UTF-8 (at byte 3)"), "{message}");
    assert!(matches!(blob.json::<Value>(), Err(Error::Decode { .. })));
}

#[tokio::test]
async fn download_follows_a_302_to_another_origin_without_the_token() {
    let github = MockServer::start().await;
    let storage = MockServer::start().await;
    let body: Vec<u8> = (0..100_000u32).map(|i| (i % 251) as u8).collect();
    Mock::given(method("GET"))
        .and(path("/repos/o/r/tarball/main"))
        .and(header("authorization", "Bearer secret-token"))
        .and(header("x-trace", "7"))
        .respond_with(
            ResponseTemplate::new(302)
                .insert_header("location", format!("{}/archive.tgz?sig=1", storage.uri())),
        )
        .expect(1)
        .mount(&github)
        .await;
    Mock::given(method("GET"))
        .and(path("/archive.tgz"))
        .respond_with(ResponseTemplate::new(200).set_body_bytes(body.clone()))
        .expect(1)
        .mount(&storage)
        .await;
    let client = client(&github);
    let download = client
        .request(Method::GET, "/repos/{owner}/{repo}/tarball/{ref}")
        .path("owner", "o")
        .path("repo", "r")
        .path("ref", "main")
        .header("x-trace", "7")
        .download()
        .await
        .unwrap();
    assert_eq!(download.url().path(), "/archive.tgz");
    assert_eq!(download.content_length(), Some(body.len() as u64));
    let mut received = Vec::new();
    download.write_to(&mut received).await.unwrap();
    assert_eq!(received, body);

    // The file is asked for as it is stored, from GitHub and from storage.
    let asked = &github.received_requests().await.unwrap()[0];
    assert_eq!(asked.headers["accept-encoding"], "identity");
    let stored = storage.received_requests().await.unwrap();
    assert_eq!(stored.len(), 1);
    for name in ["authorization", "x-github-api-version", "x-trace"] {
        assert!(
            stored[0].headers.get(name).is_none(),
            "`{name}` went to the storage host"
        );
    }
    assert_eq!(stored[0].headers["accept-encoding"], "identity");

    // An answer without a redirect is the file itself.
    Mock::given(method("GET"))
        .and(path("/repos/o/r/contents/big.bin"))
        .respond_with(ResponseTemplate::new(200).set_body_bytes(b"PK\x03\x04".to_vec()))
        .expect(1)
        .mount(&github)
        .await;
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("big.bin");
    let written = client
        .request(Method::GET, "/repos/o/r/contents/big.bin")
        .header("accept", "application/vnd.github.raw")
        .download()
        .await
        .unwrap()
        .save(&file)
        .await
        .unwrap();
    assert_eq!(written, 4);
    assert_eq!(std::fs::read(&file).unwrap(), b"PK\x03\x04");
}

#[tokio::test]
async fn a_404_is_an_api_error_for_a_response_and_a_download() {
    let server = MockServer::start().await;
    Mock::given(method("GET"))
        .respond_with(ResponseTemplate::new(404).set_body_json(json!({
            "message": "Not Found",
            "documentation_url": "https://docs.github.com/rest",
        })))
        .expect(2)
        .mount(&server)
        .await;
    let client = client(&server);
    let request = || client.request(Method::GET, "/repos/o/r/tarball/gone");
    let errors = [
        request().send_response().await.unwrap_err(),
        request().download().await.unwrap_err(),
    ];
    for error in errors {
        let Error::Api(api) = &error else {
            panic!("{error:?}")
        };
        assert_eq!((api.status, api.message.as_str()), (404, "Not Found"));
    }
}

#[tokio::test]
async fn a_header_goes_with_every_page() {
    let server = MockServer::start().await;
    three_pages(&server).await;
    let ids: Vec<u64> = client(&server)
        .request(Method::GET, "/repos/{owner}/{repo}/actions/caches")
        .path("owner", "o")
        .path("repo", "r")
        .query("per_page", 2)
        .header("accept", "application/vnd.github.star+json")
        .stream_field::<Cache>("actions_caches")
        .map_ok(|cache| cache.id)
        .try_collect()
        .await
        .unwrap();
    assert_eq!(ids, [10, 11, 20, 21, 30]);
    let requests = server.received_requests().await.unwrap();
    assert_eq!(requests.len(), 3);
    for request in requests {
        let accept: Vec<_> = request.headers.get_all("accept").iter().collect();
        assert_eq!(
            accept,
            ["application/vnd.github.star+json"],
            "{}",
            request.url
        );
    }
}

/// A GET's answer is kept for conditional requests per URL and headers: an answer in another
/// media type is never made the condition of, or given back for, a request without the header.
#[tokio::test]
async fn an_answer_in_another_media_type_is_cached_apart() {
    let server = MockServer::start().await;
    Mock::given(method("GET"))
        .and(path("/repos/o/r/readme"))
        .respond_with(
            ResponseTemplate::new(200)
                .insert_header("etag", "\"raw\"")
                .set_body_string("# Hello"),
        )
        .mount(&server)
        .await;
    let client = client(&server);
    let readme = || client.request(Method::GET, "/repos/o/r/readme");
    let raw = || readme().header("accept", "application/vnd.github.raw");
    raw().send_bytes().await.unwrap();
    readme().send_bytes().await.unwrap();
    raw().send_bytes().await.unwrap();
    let requests = server.received_requests().await.unwrap();
    let conditions: Vec<_> = requests
        .iter()
        .map(|request| request.headers.get("if-none-match").cloned())
        .collect();
    assert_eq!(
        conditions,
        [None, None, Some("\"raw\"".parse().unwrap())],
        "only the second request with the header is conditional"
    );
}
