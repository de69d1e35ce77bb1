//! What the spec decides outside the generated files: the Cargo features (one per area with
//! operations), the crate docs' list of them, the README's coverage table. Each is a text
//! fragment that the caller (`cargo xtask codegen`) splices between marker comments of a
//! hand-written file; this module only builds the text, from an [`AreaSummary`] per area.
//!
//! Fragments are whole lines (comment prefixes included), each ending in `\n`.

use std::collections::BTreeMap;
use std::fmt::Write as _;

use crate::lower::model::Api;

/// One area of the API, as the hand-written files list it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct AreaSummary {
    /// The spec name (`self-hosted-runners`), also the Cargo feature's name.
    pub name: String,
    /// The docs' title (`Self-hosted runners`).
    pub title: String,
    /// The area's docs page.
    pub docs_url: String,
    /// How many operations (client methods) the area has; with none, it has no feature.
    pub operations: usize,
    /// How many model types its models file holds.
    pub models: usize,
    /// How many webhook events it describes; with any, the crate has the `webhooks` feature.
    pub webhooks: usize,
}

impl AreaSummary {
    /// Whether the area is a Cargo feature: it is when it has operations (an area of models
    /// only is compiled with the features of the areas that use its models).
    pub fn is_feature(&self) -> bool {
        self.operations > 0
    }
}

/// Every area of the API, in spec order.
pub fn area_summaries(api: &Api) -> Vec<AreaSummary> {
    let mut summaries: Vec<AreaSummary> = api
        .areas
        .iter()
        .map(|area| AreaSummary {
            name: area.name.clone(),
            title: area.title.clone(),
            docs_url: area.docs_url.clone(),
            operations: 0,
            models: 0,
            webhooks: 0,
        })
        .collect();
    for operation in &api.operations {
        summaries[operation.area.0].operations += 1;
    }
    for schema in &api.schemas {
        summaries[schema.area.0].models += 1;
    }
    for webhook in &api.webhooks {
        summaries[webhook.area.0].webhooks += 1;
    }
    summaries
}

/// The area features, sorted by name.
fn features(areas: &[AreaSummary]) -> Vec<&AreaSummary> {
    let mut features: Vec<&AreaSummary> = areas.iter().filter(|a| a.is_feature()).collect();
    features.sort_by(|a, b| a.name.cmp(&b.name));
    features
}

/// The name of the feature of the webhook events (the `webhooks` module and its models).
pub const WEBHOOKS_FEATURE: &str = "webhooks";

/// How many webhook events the spec describes (the `webhooks` feature exists when any).
fn webhook_events(areas: &[AreaSummary]) -> usize {
    areas.iter().map(|area| area.webhooks).sum()
}

/// Every feature's name, sorted: the area features, and `webhooks` when the spec has events.
fn feature_names(areas: &[AreaSummary]) -> Vec<&str> {
    let mut names: Vec<&str> = features(areas).iter().map(|a| a.name.as_str()).collect();
    if webhook_events(areas) > 0 && !names.contains(&WEBHOOKS_FEATURE) {
        names.push(WEBHOOKS_FEATURE);
    }
    names.sort();
    names
}

/// The lines of a Cargo `[features]` table: `default = [ … ]` with every area feature, then one
/// line per area. `needs` gives a feature what it enables besides its area (the optional
/// dependencies its hand-written runtime uses: `secrets` → `dep:crypto_box`, …); naming an area
/// that is not a feature is an error, so a renamed area cannot silently lose its dependencies.
pub fn cargo_features(
    areas: &[AreaSummary],
    needs: &BTreeMap<String, Vec<String>>,
) -> Result<String, String> {
    let features = feature_names(areas);
    for name in needs.keys() {
        if !features.contains(&name.as_str()) {
            return Err(format!(
                "dependencies are given for the feature `{name}`, but no area with operations has that name (nor is it `{WEBHOOKS_FEATURE}` of a spec with webhook events)"
            ));
        }
    }
    let mut out = String::from("default = [\n");
    for name in &features {
        writeln!(out, "    \"{name}\",").unwrap();
    }
    out.push_str("]\n");
    for name in &features {
        let enables: Vec<String> = needs
            .get(*name)
            .map(|deps| {
                let mut deps = deps.clone();
                deps.sort();
                deps.iter().map(|dep| format!("\"{dep}\"")).collect()
            })
            .unwrap_or_default();
        writeln!(out, "{name} = [{}]", enables.join(", ")).unwrap();
    }
    Ok(out)
}

/// The crate attribute that silences dead-code and unused-import warnings unless every area
/// feature is on (with an area left out, parts of the runtime only it uses go unused), laid
/// out as rustfmt lays it out.
pub fn all_features_allow(areas: &[AreaSummary]) -> String {
    let features: Vec<String> = features(areas)
        .iter()
        .map(|area| format!("feature = \"{}\"", area.name))
        .collect();
    let allow = "allow(dead_code, unused_imports)";
    let condition = format!("not(all({}))", features.join(", "));
    let one_line = format!("#![cfg_attr({condition}, {allow})]\n");
    if one_line.len() <= 101 {
        return one_line;
    }
    // Four spaces, the condition and its comma within rustfmt's 100 columns.
    if 4 + condition.len() < 100 {
        return format!("#![cfg_attr(\n    {condition},\n    {allow}\n)]\n");
    }
    let mut out = String::from("#![cfg_attr(\n    not(all(\n");
    for (index, feature) in features.iter().enumerate() {
        let comma = if index + 1 < features.len() { "," } else { "" };
        writeln!(out, "        {feature}{comma}").unwrap();
    }
    writeln!(out, "    )),\n    {allow}\n)]").unwrap();
    out
}

/// The crate docs' list of features (`//!` lines): one item per area feature, with its title,
/// docs page and operation count.
pub fn feature_docs(areas: &[AreaSummary]) -> String {
    let mut out = String::new();
    for area in features(areas) {
        writeln!(
            out,
            "//! - `{}`: [{}]({}), {}",
            area.name,
            area.title,
            area.docs_url,
            count(area.operations, "operation")
        )
        .unwrap();
    }
    let events = webhook_events(areas);
    if events > 0 {
        writeln!(
            out,
            "//! - `{WEBHOOKS_FEATURE}`: [`webhooks`], {} and their signature check",
            count(events, "webhook event")
        )
        .unwrap();
    }
    out
}

/// The README's coverage table (Markdown): one row per area, then the totals.
pub fn readme_table(areas: &[AreaSummary]) -> String {
    let mut out =
        String::from("| area | Cargo feature | operations | models |\n| --- | --- | --- | --- |\n");
    for area in areas {
        let feature = if area.is_feature() {
            format!("`{}`", area.name)
        } else if area.webhooks > 0 {
            format!("`{WEBHOOKS_FEATURE}` ({})", count(area.webhooks, "event"))
        } else {
            "(with the areas that use it)".to_owned()
        };
        writeln!(
            out,
            "| [{}]({}) | {feature} | {} | {} |",
            area.title, area.docs_url, area.operations, area.models
        )
        .unwrap();
    }
    let operations: usize = areas.iter().map(|area| area.operations).sum();
    let models: usize = areas.iter().map(|area| area.models).sum();
    writeln!(out, "| **all** | | **{operations}** | **{models}** |").unwrap();
    out
}

fn count(n: usize, what: &str) -> String {
    if n == 1 {
        format!("1 {what}")
    } else {
        format!("{n} {what}s")
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn area(name: &str, operations: usize) -> AreaSummary {
        AreaSummary {
            name: name.to_owned(),
            title: name.to_uppercase(),
            docs_url: format!("https://example.com/{name}"),
            operations,
            models: 2,
            webhooks: 0,
        }
    }

    #[test]
    fn features_are_the_areas_with_operations_sorted_with_their_needs() {
        let areas = [area("b", 1), area("shared", 0), area("a", 3)];
        let needs = BTreeMap::from([("b".to_owned(), vec!["dep:z".into(), "dep:y".into()])]);
        assert_eq!(
            cargo_features(&areas, &needs).unwrap(),
            "default = [\n    \"a\",\n    \"b\",\n]\na = []\nb = [\"dep:y\", \"dep:z\"]\n"
        );
        let unknown = BTreeMap::from([("shared".to_owned(), vec!["dep:y".into()])]);
        let error = cargo_features(&areas, &unknown).unwrap_err();
        assert!(error.contains("`shared`"), "{error}");
    }

    #[test]
    fn the_allow_attribute_is_laid_out_as_rustfmt_does() {
        assert_eq!(
            all_features_allow(&[area("widgets", 1)]),
            "#![cfg_attr(not(all(feature = \"widgets\")), allow(dead_code, unused_imports))]\n"
        );
        let many: Vec<AreaSummary> = (0..7).map(|i| area(&format!("area-{i}"), 1)).collect();
        let text = all_features_allow(&many);
        assert!(text.starts_with("#![cfg_attr(\n    not(all(\n        feature = \"area-0\",\n"));
        assert!(text.ends_with(
            "        feature = \"area-6\"\n    )),\n    allow(dead_code, unused_imports)\n)]\n"
        ));
    }

    #[test]
    fn webhook_events_add_the_webhooks_feature() {
        let mut events = area("events", 0);
        events.webhooks = 2;
        let areas = [area("b", 1), events];
        let needs = BTreeMap::from([("webhooks".to_owned(), vec!["dep:ring".into()])]);
        assert_eq!(
            cargo_features(&areas, &needs).unwrap(),
            "default = [\n    \"b\",\n    \"webhooks\",\n]\nb = []\nwebhooks = [\"dep:ring\"]\n"
        );
        assert!(feature_docs(&areas).contains("`webhooks`: [`webhooks`], 2 webhook events"));
        assert!(readme_table(&areas).contains("| `webhooks` (2 events) |"));
        assert!(cargo_features(&areas[..1], &needs).is_err());
    }

    #[test]
    fn readme_table_has_totals() {
        let table = readme_table(&[area("a", 1), area("shared", 0)]);
        assert!(table.contains("| [A](https://example.com/a) | `a` | 1 | 2 |\n"));
        assert!(table.ends_with("| **all** | | **1** | **4** |\n"));
    }
}
