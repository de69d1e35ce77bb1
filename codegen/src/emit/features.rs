//! Cargo features, one per area with operations: a feature compiles its area's operations and
//! the models they need, found by following the types they use (their own area's models,
//! `shared`, and any other area's models they reach). The `webhooks` feature does the same from
//! the webhook events' payloads. Nothing is listed by hand.

use std::collections::BTreeSet;

use proc_macro2::TokenStream;
use quote::quote;

use crate::lower::model::{Api, Operation, SchemaKind, Success, Type};

pub(crate) use crate::fragments::WEBHOOKS_FEATURE;

/// For each area (by index), the names of the features that need its models, sorted; empty for
/// an area no feature needs (it is then always compiled). `schemas_by_area` and
/// `operations_by_area` group the API by area, so that each area's walk starts from what the
/// area holds rather than a scan of the whole API (which made this quadratic in areas).
pub(crate) fn model_features<'a>(
    api: &'a Api,
    schemas_by_area: &[Vec<usize>],
    operations_by_area: &[Vec<&Operation>],
) -> Vec<BTreeSet<&'a str>> {
    let mut features = vec![BTreeSet::new(); api.areas.len()];
    for (area, operations) in operations_by_area.iter().enumerate() {
        if operations.is_empty() {
            continue;
        }
        let name = api.areas[area].name.as_str();
        // The area's own models, and every schema its operations use, then what those use.
        let mut pending: Vec<usize> = schemas_by_area[area].clone();
        for operation in operations {
            for parameter in &operation.parameters {
                schemas_in(&parameter.ty, &mut pending);
            }
            if let Some(body) = &operation.body {
                pending.push(body.schema.0);
            }
            match &operation.success {
                Success::Json { ty, .. } => schemas_in(ty, &mut pending),
                Success::Outcomes { outcomes, .. } => {
                    for ty in outcomes.iter().filter_map(|outcome| outcome.body.as_ref()) {
                        schemas_in(ty, &mut pending);
                    }
                }
                Success::Empty { .. } | Success::Redirect { .. } => {}
            }
        }
        for index in reach_whole_modules(api, schemas_by_area, pending) {
            features[api.schemas[index].area.0].insert(name);
        }
    }
    // The `webhooks` feature compiles the event payloads and every model they use.
    if !api.webhooks.is_empty() {
        let pending = api
            .webhooks
            .iter()
            .map(|webhook| webhook.payload.0)
            .collect();
        for index in reach_whole_modules(api, schemas_by_area, pending) {
            features[api.schemas[index].area.0].insert(WEBHOOKS_FEATURE);
        }
    }
    features
}

/// Every schema reachable from `pending`, and from every schema of each area's models module it
/// reaches.
fn reach_whole_modules(
    api: &Api,
    schemas_by_area: &[Vec<usize>],
    pending: Vec<usize>,
) -> BTreeSet<usize> {
    // An area's models are one module, compiled whole: reaching one of them compiles all
    // of them, and so reaches what each of them uses (a runner group's area reaches the
    // runners' module, whose registration token lists repositories of another area).
    let mut reached = reachable(api, pending);
    loop {
        let areas: BTreeSet<usize> = reached.iter().map(|&i| api.schemas[i].area.0).collect();
        let more: Vec<usize> = areas
            .iter()
            .flat_map(|&area| schemas_by_area[area].iter().copied())
            .filter(|index| !reached.contains(index))
            .collect();
        if more.is_empty() {
            return reached;
        }
        reached.extend(reachable(api, more));
    }
}

/// Every schema reachable from `pending` through fields, items, values and alternatives.
pub(crate) fn reachable(api: &Api, mut pending: Vec<usize>) -> BTreeSet<usize> {
    let mut seen = BTreeSet::new();
    while let Some(index) = pending.pop() {
        if !seen.insert(index) {
            continue;
        }
        match &api.schemas[index].kind {
            SchemaKind::Object(fields) => {
                for field in fields {
                    schemas_in(&field.ty, &mut pending);
                }
            }
            SchemaKind::OneOf(variants) => {
                for variant in variants {
                    schemas_in(&variant.ty, &mut pending);
                }
            }
            SchemaKind::Alias(ty) | SchemaKind::Newtype(ty) => schemas_in(ty, &mut pending),
            SchemaKind::Enum(_) => {}
        }
    }
    seen
}

/// The schemas a type names, directly or as items or values.
pub(crate) fn schemas_in(ty: &Type, out: &mut Vec<usize>) {
    match ty {
        Type::Schema(id) => out.push(id.0),
        Type::Array(item) | Type::Map(item) => schemas_in(item, out),
        _ => {}
    }
}

/// `#[cfg(feature = "a")]` or `#[cfg(any(feature = "a", feature = "b"))]`; nothing for no
/// features (always compiled).
pub(crate) fn cfg(features: &BTreeSet<&str>) -> TokenStream {
    let features: Vec<&str> = features.iter().copied().collect();
    match features.as_slice() {
        [] => quote!(),
        [one] => quote!(#[cfg(feature = #one)]),
        many => quote!(#[cfg(any(#(feature = #many),*))]),
    }
}

/// The docs.rs badge of a gated area file, as an inner attribute:
/// `#![cfg_attr(docsrs, doc(cfg(feature = "a")))]` (or `any(…)`); nothing for no features.
/// On docs.rs (`--cfg docsrs`, nightly `doc_cfg`) every item of the file shows the feature it
/// needs.
pub(crate) fn doc_cfg(features: &BTreeSet<&str>) -> TokenStream {
    let features: Vec<&str> = features.iter().copied().collect();
    match features.as_slice() {
        [] => quote!(),
        [one] => quote!(#![cfg_attr(docsrs, doc(cfg(feature = #one)))]),
        many => quote!(#![cfg_attr(docsrs, doc(cfg(any(#(feature = #many),*))))]),
    }
}
