//! The `webhooks` module: `WebhookEvent`, one variant per event of the spec's `webhooks:` and
//! `Other` for the rest, decoded by the `X-GitHub-Event` header; and the re-exports of the
//! payload structs (generated with the other models) and of the runtime's signature check.

use quote::quote;

use crate::ident;
use crate::lower::model::{Api, Type};

use super::docs::Docs;
use super::features::{doc_cfg, WEBHOOKS_FEATURE};
use super::types::TypeWriter;
use super::EmittedFile;

/// Where the module goes, relative to the client crate's `src`.
pub const WEBHOOKS_FILE: &str = "webhooks.rs";

/// The module's tokens; `None` when the spec describes no webhook event.
pub(crate) fn webhooks_file(api: &Api, source: String) -> Option<EmittedFile> {
    if api.webhooks.is_empty() {
        return None;
    }
    let mut types = TypeWriter::new(api, "crate::models", None);
    let mut variants = Vec::new();
    let mut parse_arms = Vec::new();
    let mut event_arms = Vec::new();
    let mut reexports = Vec::new();
    let mut names = Vec::new();
    for webhook in &api.webhooks {
        let variant = ident::ident(&webhook.variant);
        let payload = types.rust(&Type::Schema(webhook.payload));
        reexports.push(payload.clone());
        if let Some(action) = webhook.action {
            reexports.push(types.rust(&Type::Schema(action)));
        }
        let event = webhook.event.as_str();
        names.push(event);
        let mut docs = Docs::new();
        docs.markdown(&format!(
            "`{event}`: [{}]({}).",
            webhook.summary, webhook.docs_url
        ));
        docs.maybe_prose(webhook.description.as_deref());
        let docs = docs.outer();
        variants.push(quote! { #docs #variant(#payload), });
        parse_arms.push(quote! { #event => Self::#variant(decode_payload(event_header, body)?), });
        event_arms.push(quote! { Self::#variant(_) => #event, });
    }
    // The payloads are imported by name (re-exported), not with the models' glob.
    let reexports = quote! { pub use crate::models::{#(#reexports),*}; };

    let mut docs = Docs::new();
    docs.markdown("Webhook events: verify a delivery's signature, then decode its payload into a typed event.");
    docs.markdown("[`WebhookEvent::from_request`] does both, in that order, from the request's headers and raw body: it checks `X-Hub-Signature-256` (HMAC-SHA256 of the raw body, compared in constant time; a SHA-1 `X-Hub-Signature` alone is refused), and only then decodes the body as the event `X-GitHub-Event` names. [`verify_signature`] and [`WebhookEvent::parse`] are the two steps on their own. The payload structs reuse the REST models (a `workflow_job` event's job is a [`Job`](crate::models::Job)), and each `action` is an open enum: an action GitHub adds later decodes as `Unknown`.");
    docs.markdown(
        "```\n\
         use github_actions_client::webhooks::{HeaderMap, WebhookError, WebhookEvent, WorkflowJobAction};\n\
         \n\
         fn handle(secret: &[u8], headers: &HeaderMap, body: &[u8]) -> Result<(), WebhookError> {\n\
         \x20   match WebhookEvent::from_request(secret, headers, body)? {\n\
         \x20       WebhookEvent::WorkflowJob(event) if event.action == WorkflowJobAction::Queued => {\n\
         \x20           println!(\"queued: {:?}\", event.workflow_job.labels);\n\
         \x20       }\n\
         \x20       other => println!(\"ignored `{}`\", other.event()),\n\
         \x20   }\n\
         \x20   Ok(())\n\
         }\n\
         ```",
    );
    docs.markdown(&format!(
        "Compiled with the Cargo feature `{WEBHOOKS_FEATURE}`. The events: {}.",
        names
            .iter()
            .map(|name| format!("`{name}`"))
            .collect::<Vec<_>>()
            .join(", ")
    ));
    let module_docs = docs.inner();
    let badge = doc_cfg(&[WEBHOOKS_FEATURE].into());

    let tokens = quote! {
        #module_docs
        #badge

        use serde_json::Value;

        pub use github_actions_client_runtime::webhooks::{
            decode_payload, verify_request, verify_signature, HeaderMap, VerifiedDelivery, WebhookError,
            DELIVERY_HEADER, EVENT_HEADER, SIGNATURE_HEADER,
        };
        #reexports

        /// A webhook delivery's payload, decoded by its `X-GitHub-Event` header: one variant per
        /// event the spec describes, [`WebhookEvent::Other`] for any other.
        #[derive(Debug, Clone, PartialEq)]
        #[non_exhaustive]
        // The payloads are held inline (a job event is about 2 KB): one is decoded per delivery
        // and matched where it was decoded, and callers get the payload itself, not a `Box`.
        #[allow(clippy::large_enum_variant)]
        pub enum WebhookEvent {
            #(#variants)*
            /// An event the spec does not describe, as JSON.
            Other {
                /// The `X-GitHub-Event` name.
                event: String,
                /// The payload.
                payload: Value,
            },
        }

        impl WebhookEvent {
            /// The `X-GitHub-Event` names of the events with a variant of their own.
            pub const EVENTS: &'static [&'static str] = &[#(#names),*];

            /// Decodes `body` as the event `event_header` (the `X-GitHub-Event` header) names.
            /// Decode only a body whose signature verified ([`verify_signature`]), or use
            /// [`WebhookEvent::from_request`], which verifies first.
            ///
            /// # Errors
            ///
            /// [`WebhookError::Decode`], naming the event and the JSON path of the value that
            /// failed.
            pub fn parse(event_header: &str, body: &[u8]) -> Result<Self, WebhookError> {
                Ok(match event_header {
                    #(#parse_arms)*
                    _ => Self::Other {
                        event: event_header.to_owned(),
                        payload: decode_payload(event_header, body)?,
                    },
                })
            }

            /// Verifies a delivery from its request headers and raw body
            /// ([`verify_request`]: the `X-Hub-Signature-256` signature under `secret`), and
            /// only then decodes the body ([`WebhookEvent::parse`]).
            ///
            /// # Errors
            ///
            /// What [`verify_request`] returns for a missing, malformed or wrong signature or a
            /// missing event header; [`WebhookError::Decode`] for a verified body that does not
            /// decode.
            pub fn from_request(
                secret: &[u8],
                headers: &HeaderMap,
                body: &[u8],
            ) -> Result<Self, WebhookError> {
                let delivery = verify_request(secret, headers, body)?;
                Self::parse(delivery.event, body)
            }

            /// The `X-GitHub-Event` name of the event (`workflow_job`).
            pub fn event(&self) -> &str {
                match self {
                    #(#event_arms)*
                    Self::Other { event, .. } => event,
                }
            }
        }
    };
    Some(EmittedFile {
        path: WEBHOOKS_FILE.to_owned(),
        source,
        tokens,
    })
}
