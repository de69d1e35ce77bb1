//! Naming: every Rust identifier the generator emits is decided here.
//!
//! Spec names are kebab or snake case (`list-artifacts-for-repo`, `node_id`); values of string
//! enums are anything GitHub sends (`in_progress`, `ubuntu-latest`, `2.0`). This module turns
//! them into Rust names with heck, escapes keywords as raw identifiers, and gives the few
//! keywords that cannot be raw (`self`, `Self`, `super`, `crate`) a trailing underscore.

use heck::{ToSnakeCase, ToUpperCamelCase};
use proc_macro2::{Ident, Span};

/// Keywords of every edition (strict and reserved), which need `r#` to be identifiers.
const KEYWORDS: &[&str] = &[
    "abstract", "as", "async", "await", "become", "box", "break", "const", "continue", "do", "dyn",
    "else", "enum", "extern", "false", "final", "fn", "for", "gen", "if", "impl", "in", "let",
    "loop", "macro", "match", "mod", "move", "mut", "override", "priv", "pub", "ref", "return",
    "static", "struct", "trait", "true", "try", "type", "typeof", "unsafe", "unsized", "use",
    "virtual", "where", "while", "yield",
];

/// Keywords that cannot be raw identifiers.
const NOT_RAW: &[&str] = &["self", "Self", "super", "crate", "_"];

/// `snake_case` for functions, fields, setters and modules, as it is written in source
/// (`r#type` for the keyword `type`).
pub fn snake(name: &str) -> String {
    escape(prefix_digit(name.to_snake_case(), "n"))
}

/// `snake_case` for struct fields, which users type and read: a keyword gets a trailing
/// underscore instead of a raw prefix (`type` → `type_`, `ref` → `ref_`); the model keeps the
/// JSON name with `#[serde(rename)]`.
pub fn field(name: &str) -> String {
    let name = snake(name);
    match name.strip_prefix("r#") {
        Some(keyword) => format!("{keyword}_"),
        None => name,
    }
}

/// `UpperCamelCase` for types and variants.
pub fn camel(name: &str) -> String {
    escape(prefix_digit(name.to_upper_camel_case(), "V"))
}

/// A variant name for an enum value: like [`camel`], but values made of symbols only (`+1`)
/// still get a name.
pub fn variant(value: &str) -> String {
    let name = camel(value);
    if name.is_empty() {
        let spelled: String = value.chars().map(|c| format!("U{:X}", c as u32)).collect();
        return spelled;
    }
    name
}

/// The identifier token for a name returned by [`snake`] or [`camel`].
pub fn ident(name: &str) -> Ident {
    match name.strip_prefix("r#") {
        Some(raw) => Ident::new_raw(raw, Span::call_site()),
        None => Ident::new(name, Span::call_site()),
    }
}

/// The name without its raw prefix: for messages and format strings.
pub fn plain(name: &str) -> &str {
    name.strip_prefix("r#").unwrap_or(name)
}

fn prefix_digit(name: String, prefix: &str) -> String {
    if name.starts_with(|c: char| c.is_ascii_digit()) {
        format!("{prefix}{name}")
    } else {
        name
    }
}

fn escape(name: String) -> String {
    if NOT_RAW.contains(&name.as_str()) {
        format!("{name}_")
    } else if KEYWORDS.contains(&name.as_str()) {
        format!("r#{name}")
    } else {
        name
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn operation_names() {
        assert_eq!(snake("list-artifacts-for-repo"), "list_artifacts_for_repo");
        assert_eq!(camel("list-artifacts-for-repo"), "ListArtifactsForRepo");
        assert_eq!(snake("re-run-workflow"), "re_run_workflow");
    }

    #[test]
    fn keywords_become_raw() {
        assert_eq!(snake("type"), "r#type");
        assert_eq!(snake("ref"), "r#ref");
        assert_eq!(snake("async"), "r#async");
        assert_eq!(snake("gen"), "r#gen");
        assert_eq!(ident("r#ref").to_string(), "r#ref");
    }

    #[test]
    fn field_names_never_need_a_raw_prefix() {
        assert_eq!(field("type"), "type_");
        assert_eq!(field("ref"), "ref_");
        assert_eq!(field("self"), "self_");
        assert_eq!(field("node_id"), "node_id");
        assert_eq!(field("head-branch"), "head_branch");
    }

    #[test]
    fn keywords_that_cannot_be_raw_get_a_suffix() {
        assert_eq!(snake("self"), "self_");
        assert_eq!(snake("crate"), "crate_");
        assert_eq!(snake("super"), "super_");
        assert_eq!(camel("self"), "Self_");
    }

    #[test]
    fn leading_digits() {
        assert_eq!(snake("2fa"), "n2fa");
        assert_eq!(camel("2.0"), "V20");
        assert_eq!(variant("3"), "V3");
    }

    #[test]
    fn enum_values() {
        assert_eq!(variant("in_progress"), "InProgress");
        assert_eq!(variant("ubuntu-latest"), "UbuntuLatest");
        assert_eq!(variant("action_required"), "ActionRequired");
        assert_eq!(variant("+"), "U2B");
    }

    #[test]
    fn plain_strips_raw() {
        assert_eq!(plain("r#type"), "type");
        assert_eq!(plain("owner"), "owner");
    }
}
