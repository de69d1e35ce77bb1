//! Decoding response models from bytes, as the client does (`decode_json`): any body decodes or
//! fails with a `DecodeError`, never a panic; and a value that decodes, encoded and decoded
//! again, is equal to itself. The first byte picks the model, the rest is the body.
#![no_main]

use std::fmt::Debug;

use bytes::Bytes;
use github_actions_client::decode_json;
use github_actions_client::models::{Artifact, Job, Runner, WorkflowRun};
use libfuzzer_sys::fuzz_target;
use serde::de::DeserializeOwned;
use serde::Serialize;

fn round_trip<T: DeserializeOwned + Serialize + PartialEq + Debug>(body: &[u8]) {
    let Ok(value) = decode_json::<T>(&Bytes::copy_from_slice(body)) else {
        return;
    };
    let encoded = serde_json::to_vec(&value).expect("a decoded model encodes");
    let again: T = decode_json(&Bytes::from(encoded.clone())).unwrap_or_else(|error| {
        panic!(
            "the encoding does not decode: {error}\n{}",
            String::from_utf8_lossy(&encoded)
        )
    });
    assert_eq!(value, again, "{}", String::from_utf8_lossy(&encoded));
}

fuzz_target!(|data: &[u8]| {
    let Some((&which, body)) = data.split_first() else {
        return;
    };
    match which % 4 {
        0 => round_trip::<WorkflowRun>(body),
        1 => round_trip::<Job>(body),
        2 => round_trip::<Artifact>(body),
        _ => round_trip::<Runner>(body),
    }
});
