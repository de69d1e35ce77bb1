//! Webhook deliveries: the signature check and the decoding of a verified body, for any
//! payload type. The typed events (`WebhookEvent` and its payload structs) are generated from
//! the spec in `crate::webhooks`, which re-exports what is here.
//!
//! The order is the one `@octokit/webhooks` and go-github's `ValidatePayload` use: verify the
//! HMAC of the raw body first, decode only a body that verified. The raw bytes are what GitHub
//! signed; JSON decoded and encoded again does not verify.

use std::fmt;

/// The request headers [`verify_request`] reads (the `http` crate's map, as hyper, axum and
/// reqwest use it).
pub use reqwest::header::HeaderMap;
use ring::hmac;
use serde::de::DeserializeOwned;

use crate::response::decode_json;

/// The header of the HMAC-SHA256 signature, `sha256=<64 hex digits>`.
pub const SIGNATURE_HEADER: &str = "x-hub-signature-256";
/// The header naming the event (`workflow_job`).
pub const EVENT_HEADER: &str = "x-github-event";
/// The header with the delivery's unique id (a GUID), for logs and redelivery.
pub const DELIVERY_HEADER: &str = "x-github-delivery";
/// The header of the legacy HMAC-SHA1 signature, which is never accepted on its own.
const SHA1_SIGNATURE_HEADER: &str = "x-hub-signature";

/// What was wrong with a webhook delivery. No variant holds the secret, and none is built
/// from it, so neither `Display` nor `Debug` can show it.
#[derive(Debug, Clone, PartialEq, Eq)]
#[non_exhaustive]
pub enum WebhookError {
    /// The secret to verify with is empty: nothing could be verified with it.
    EmptySecret,
    /// A header the delivery needs is missing (or is not text).
    MissingHeader {
        /// The header's name (`X-Hub-Signature-256`).
        header: &'static str,
    },
    /// The signature header is not `sha256=` and 64 hex digits.
    MalformedSignature {
        /// What is wrong with it (never the header's value).
        reason: &'static str,
    },
    /// The signature does not match the body and secret: the body was changed, or signed with
    /// another secret.
    SignatureMismatch,
    /// The verified body does not decode as the event the header names.
    Decode {
        /// The `X-GitHub-Event` name (`workflow_job`).
        event: String,
        /// The JSON path of the value that failed (`workflow_job.labels[0]`), or `.` for the
        /// whole body.
        path: String,
        /// What serde reported.
        message: String,
    },
}

impl fmt::Display for WebhookError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            WebhookError::EmptySecret => f.write_str(
                "the webhook secret is empty; give the secret configured on the webhook",
            ),
            WebhookError::MissingHeader { header } => {
                write!(f, "the webhook delivery has no `{header}` header")
            }
            WebhookError::MalformedSignature { reason } => write!(
                f,
                "the `X-Hub-Signature-256` header is malformed ({reason}); it must be `sha256=` and 64 hex digits"
            ),
            WebhookError::SignatureMismatch => f.write_str(
                "the webhook signature does not match the body: the body was changed, or the webhook uses another secret",
            ),
            WebhookError::Decode {
                event,
                path,
                message,
            } => write!(
                f,
                "the `{event}` webhook payload does not decode at `{path}`: {message}"
            ),
        }
    }
}

impl std::error::Error for WebhookError {}

/// Checks that `signature_header` (the `X-Hub-Signature-256` header, `sha256=<hex>`) is the
/// HMAC-SHA256 of the raw `body` under `secret`, comparing in constant time (`ring`).
///
/// ```
/// use github_actions_client::webhooks::{verify_signature, WebhookError};
///
/// // GitHub's documented test vector.
/// let signature = "sha256=757107ea0eb2509fc211221cce984b8a37570b6d7586c22c46f4379c8b043e17";
/// verify_signature(b"It's a Secret to Everybody", signature, b"Hello, World!")?;
/// assert_eq!(
///     verify_signature(b"It's a Secret to Everybody", signature, b"Hello, World?"),
///     Err(WebhookError::SignatureMismatch)
/// );
/// # Ok::<(), WebhookError>(())
/// ```
///
/// # Errors
///
/// [`WebhookError::EmptySecret`] for an empty secret; [`WebhookError::MalformedSignature`] for a
/// header that is not `sha256=` and 64 hex digits (a `sha1=` signature included: SHA-1 is
/// refused); [`WebhookError::SignatureMismatch`] when the signature is not the body's.
pub fn verify_signature(
    secret: &[u8],
    signature_header: &str,
    body: &[u8],
) -> Result<(), WebhookError> {
    if secret.is_empty() {
        return Err(WebhookError::EmptySecret);
    }
    let malformed = |reason| WebhookError::MalformedSignature { reason };
    let header = signature_header.trim();
    if header.is_empty() {
        return Err(malformed("it is empty"));
    }
    let Some((algorithm, hex)) = header.split_once('=') else {
        return Err(malformed("it has no `sha256=` prefix"));
    };
    if algorithm.eq_ignore_ascii_case("sha1") {
        return Err(malformed(
            "it is a SHA-1 signature, which is refused: use `X-Hub-Signature-256`",
        ));
    }
    if algorithm != "sha256" {
        return Err(malformed("its algorithm is not `sha256`"));
    }
    let signature = decode_hex(hex).ok_or(malformed("the signature is not 64 hex digits"))?;
    let key = hmac::Key::new(hmac::HMAC_SHA256, secret);
    hmac::verify(&key, body, &signature).map_err(|_| WebhookError::SignatureMismatch)
}

/// The 32 bytes of a 64-digit hex string, or `None`.
fn decode_hex(hex: &str) -> Option<[u8; 32]> {
    let digits = hex.as_bytes();
    if digits.len() != 64 {
        return None;
    }
    let mut bytes = [0u8; 32];
    for (byte, pair) in bytes.iter_mut().zip(digits.chunks_exact(2)) {
        let high = (pair[0] as char).to_digit(16)?;
        let low = (pair[1] as char).to_digit(16)?;
        *byte = u8::try_from(high * 16 + low).ok()?;
    }
    Some(bytes)
}

/// Decodes a verified body as the payload of `event` (for a message naming it on failure).
///
/// # Errors
///
/// [`WebhookError::Decode`], with the JSON path of the value that failed.
pub fn decode_payload<T: DeserializeOwned>(event: &str, body: &[u8]) -> Result<T, WebhookError> {
    decode_json(body).map_err(|error| WebhookError::Decode {
        event: event.to_owned(),
        path: error.path,
        message: error.message,
    })
}

/// A delivery whose signature verified: its event name and delivery id, from the headers.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
#[non_exhaustive]
pub struct VerifiedDelivery<'h> {
    /// The `X-GitHub-Event` header (`workflow_job`).
    pub event: &'h str,
    /// The `X-GitHub-Delivery` header, when present.
    pub delivery: Option<&'h str>,
}

/// Verifies a delivery from its request headers and raw body: the `X-Hub-Signature-256` header
/// against `secret` (a `X-Hub-Signature` SHA-1 header alone is refused), then that
/// `X-GitHub-Event` is there. Decode the body only after this succeeded;
/// `WebhookEvent::from_request` does both.
///
/// # Errors
///
/// [`WebhookError::MissingHeader`] without a signature or event header; otherwise what
/// [`verify_signature`] returns.
pub fn verify_request<'h>(
    secret: &[u8],
    headers: &'h HeaderMap,
    body: &[u8],
) -> Result<VerifiedDelivery<'h>, WebhookError> {
    let text = |name: &str| headers.get(name).and_then(|value| value.to_str().ok());
    let Some(signature) = text(SIGNATURE_HEADER) else {
        if headers.contains_key(SHA1_SIGNATURE_HEADER) {
            return Err(WebhookError::MalformedSignature {
                reason: "only a SHA-1 `X-Hub-Signature` was sent, which is refused",
            });
        }
        return Err(WebhookError::MissingHeader {
            header: "X-Hub-Signature-256",
        });
    };
    verify_signature(secret, signature, body)?;
    let event = text(EVENT_HEADER).ok_or(WebhookError::MissingHeader {
        header: "X-GitHub-Event",
    })?;
    Ok(VerifiedDelivery {
        event,
        delivery: text(DELIVERY_HEADER),
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn hex_is_exactly_64_digits() {
        assert_eq!(decode_hex(&"0f".repeat(32)), Some([0x0f; 32]));
        assert_eq!(decode_hex(&"AB".repeat(32)), Some([0xab; 32]));
        assert_eq!(decode_hex(&"0f".repeat(31)), None);
        assert_eq!(decode_hex(&"0f".repeat(33)), None);
        assert_eq!(decode_hex(&format!("{}zz", "0f".repeat(31))), None);
        assert_eq!(decode_hex(&format!("{}+f", "0f".repeat(31))), None);
    }
}
