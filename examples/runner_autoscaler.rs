//! A runner autoscaler: a webhook endpoint that answers every queued `workflow_job` whose
//! labels it serves with a just-in-time runner for the job (`generate_runner_jitconfig_for_org`).
//!
//! ```sh
//! GITHUB_TOKEN=ghp_… WEBHOOK_SECRET=… cargo run --example runner_autoscaler -- ORG RUNNER_GROUP_ID [ADDR]
//! ```
//!
//! Point the organization's webhook (content type `application/json`, the same secret, the
//! "Workflow jobs" event) at `http://ADDR/` (default `127.0.0.1:8080`). Each delivery is
//! verified (`X-Hub-Signature-256`) before its body is decoded; a queued job that asks for
//! `self-hosted` gets a just-in-time runner with the job's labels, registered to
//! `RUNNER_GROUP_ID`. Starting the runner application with the configuration
//! (`./run.sh --jitconfig …`) is the launcher's job; this prints the runner's name only, never
//! the configuration, which is a credential. The integration tests run [`serve`] against a
//! loopback fake GitHub.

use std::convert::Infallible;
use std::sync::Arc;

use github_actions_client::models::RunnerGroupId;
use github_actions_client::webhooks::{WebhookError, WebhookEvent, WorkflowJobAction};
use github_actions_client::Client;
use http_body_util::{BodyExt, Full, Limited};
use hyper::body::{Bytes, Incoming};
use hyper::server::conn::http1;
use hyper::service::service_fn;
use hyper::{Request, Response, StatusCode};
use hyper_util::rt::TokioIo;
use tokio::net::TcpListener;

/// Any error of the program, with a message that says what to do.
type BoxError = Box<dyn std::error::Error + Send + Sync>;

/// GitHub's deliveries are at most 25 MB; a larger body is refused unread.
const MAX_BODY: usize = 25 * 1024 * 1024;

/// The label a job asks for to run on a self-hosted runner.
const SELF_HOSTED: &str = "self-hosted";

#[tokio::main]
async fn main() -> Result<(), BoxError> {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let (Some(org), Some(Ok(runner_group_id))) = (
        args.first(),
        args.get(1).map(|id| id.parse::<RunnerGroupId>()),
    ) else {
        eprintln!("usage: runner_autoscaler ORG RUNNER_GROUP_ID [ADDR]");
        std::process::exit(2);
    };
    let addr = args.get(2).map_or("127.0.0.1:8080", String::as_str);
    let secret = std::env::var("WEBHOOK_SECRET")
        .map_err(|_| "set WEBHOOK_SECRET to the webhook's secret")?
        .into_bytes();

    let mut builder = Client::builder().user_agent("github-actions-client-example");
    if let Ok(url) = std::env::var("GITHUB_API_URL") {
        builder = builder.base_url(&url)?;
    }
    if let Ok(token) = std::env::var("GITHUB_TOKEN") {
        builder = builder.token(token);
    }
    let scaler = Autoscaler {
        client: builder.build()?,
        org: org.clone(),
        runner_group_id,
        secret,
    };
    let listener = TcpListener::bind(addr).await?;
    println!("listening on http://{}/", listener.local_addr()?);
    serve(listener, Arc::new(scaler)).await
}

/// What the autoscaler needs: a client, where to register runners, and the webhook's secret.
pub struct Autoscaler {
    /// The client, with a token that may create runners for `org`.
    pub client: Client,
    /// The organization the runners are registered to.
    pub org: String,
    /// The runner group of the new runners.
    pub runner_group_id: RunnerGroupId,
    /// The webhook's secret.
    pub secret: Vec<u8>,
}

/// What became of one delivery.
#[derive(Debug, PartialEq, Eq)]
pub enum Handled {
    /// A just-in-time runner was created for a queued job: its name.
    RunnerCreated(String),
    /// A verified delivery that needs no runner (another event or action, or a job that is
    /// not for a self-hosted runner).
    Ignored,
}

impl Autoscaler {
    /// Handles one delivery: verify, decode, and for a queued self-hosted job, create a
    /// just-in-time runner with the job's labels.
    pub async fn handle(
        &self,
        headers: &hyper::HeaderMap,
        body: &[u8],
    ) -> Result<Handled, HandleError> {
        let event = WebhookEvent::from_request(&self.secret, headers, body)?;
        let WebhookEvent::WorkflowJob(event) = event else {
            return Ok(Handled::Ignored);
        };
        let job = &event.workflow_job;
        let labels = job.labels.clone().unwrap_or_default();
        if event.action != WorkflowJobAction::Queued || !labels.iter().any(|l| l == SELF_HOSTED) {
            return Ok(Handled::Ignored);
        }
        let name = format!("jit-{}-{}", job.run_id, job.id);
        let config = self
            .client
            .generate_runner_jitconfig_for_org(&self.org, &name, self.runner_group_id, labels)
            .send()
            .await
            .map_err(HandleError::GitHub)?;
        Ok(Handled::RunnerCreated(config.runner.name))
    }
}

/// Why a delivery was not handled.
#[derive(Debug)]
pub enum HandleError {
    /// The delivery was not verified or did not decode.
    Webhook(WebhookError),
    /// GitHub refused to create the runner.
    GitHub(github_actions_client::Error),
}

impl From<WebhookError> for HandleError {
    fn from(error: WebhookError) -> Self {
        HandleError::Webhook(error)
    }
}

/// Serves deliveries on `listener` until the task is dropped, one connection per task.
pub async fn serve(listener: TcpListener, scaler: Arc<Autoscaler>) -> Result<(), BoxError> {
    loop {
        let (stream, _) = listener.accept().await?;
        let scaler = scaler.clone();
        tokio::spawn(async move {
            let service = service_fn(move |request| {
                let scaler = scaler.clone();
                async move { Ok::<_, Infallible>(respond(&scaler, request).await) }
            });
            if let Err(error) = http1::Builder::new()
                .serve_connection(TokioIo::new(stream), service)
                .await
            {
                eprintln!("connection failed: {error}");
            }
        });
    }
}

/// The answer to one request: `202` when handled, `401` for a delivery that did not verify,
/// `400` for one that did not decode, `502` when GitHub refused the runner.
async fn respond(scaler: &Autoscaler, request: Request<Incoming>) -> Response<Full<Bytes>> {
    let (parts, body) = request.into_parts();
    // The raw bytes, as GitHub signed them.
    let body = match Limited::new(body, MAX_BODY).collect().await {
        Ok(collected) => collected.to_bytes(),
        Err(_) => return answer(StatusCode::PAYLOAD_TOO_LARGE, "body too large or cut off"),
    };
    match scaler.handle(&parts.headers, &body).await {
        Ok(Handled::RunnerCreated(name)) => {
            println!("created just-in-time runner {name}");
            answer(StatusCode::ACCEPTED, "runner created")
        }
        Ok(Handled::Ignored) => answer(StatusCode::ACCEPTED, "ignored"),
        Err(HandleError::Webhook(error @ WebhookError::Decode { .. })) => {
            answer(StatusCode::BAD_REQUEST, &error.to_string())
        }
        Err(HandleError::Webhook(error)) => {
            eprintln!("refused a delivery: {error}");
            answer(StatusCode::UNAUTHORIZED, "signature not verified")
        }
        Err(HandleError::GitHub(error)) => {
            eprintln!("could not create a runner: {error}");
            answer(StatusCode::BAD_GATEWAY, "GitHub refused the runner")
        }
    }
}

fn answer(status: StatusCode, text: &str) -> Response<Full<Bytes>> {
    let mut response = Response::new(Full::new(Bytes::from(format!("{text}\n"))));
    *response.status_mut() = status;
    response
}
