//! Naming: every Rust identifier the generator emits is decided here.
//!
//! Spec names are kebab or snake case (`list-artifacts-for-repo`, `node_id`); values of string
//! enums are anything GitHub sends (`in_progress`, `ubuntu-latest`, `2.0`). Every text, even
//! `$`, `²` or the empty one, becomes an ASCII identifier by these rules, in this order (each
//! has a test below):
//!
//! 1. **Case**: heck splits words at case changes and at anything that is not a letter or a
//!    digit, then joins them in `snake_case` or `UpperCamelCase` (`node-id` → `node_id`,
//!    `NodeId`).
//! 2. **Non-ASCII letters and digits** are spelled as a word of their code point, `u` and
//!    lower-case hex (`x²` → `x_u00b2`, `XU00b2`; the Arabic-Indic digit `٣` → `u0663`), so
//!    that generated code is ASCII: no look-alike letters, no normalization questions, and
//!    module names that are file names anywhere.
//! 3. **No letter or digit at all** (`$`, `-`, `+1` has one): the name is its code points
//!    (`$` → `u24`, `U24`; `-` → `u2d`, `U2D`), and the empty text is `empty`, `Empty`.
//! 4. **A leading digit** gets a prefix: `n` in snake case, `V` in camel case (`2fa` → `n2fa`).
//! 5. **Keywords** become raw identifiers (`type` → `r#type`), and the few that cannot be raw
//!    (`self`, `Self`, `super`, `crate`, `_`) get a trailing underscore.
//!
//! Two names that end up the same (`$` and `u24`) are reported where they clash: fields of one
//! object, values of one enum, schemas, operations.

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
    let mut snake = ascii_words(name).to_snake_case();
    if snake.is_empty() {
        snake = spelled(name, "u", "_", "empty");
    }
    escape(prefix_digit(snake, "n"))
}

/// `snake_case` for struct fields and for parameters (arguments and setters), which users type
/// and read: a keyword gets a trailing underscore instead of a raw prefix (`type` → `type_`,
/// `ref` → `ref_`); the model keeps the JSON name with `#[serde(rename)]`, the request the
/// parameter's own.
pub fn field(name: &str) -> String {
    let name = snake(name);
    match name.strip_prefix("r#") {
        Some(keyword) => format!("{keyword}_"),
        None => name,
    }
}

/// `UpperCamelCase` for types and variants.
pub fn camel(name: &str) -> String {
    let mut camel = ascii_words(name).to_upper_camel_case();
    if camel.is_empty() {
        camel = spelled(name, "U", "", "Empty");
    }
    escape(prefix_digit(camel, "V"))
}

/// A variant name for an enum value: [`camel`] (values made of symbols only, such as `+`,
/// still get a name by rule 3).
pub fn variant(value: &str) -> String {
    camel(value)
}

/// Rule 2: each non-ASCII letter or digit becomes a word of its own, `u` and its code point.
fn ascii_words(name: &str) -> std::borrow::Cow<'_, str> {
    if name.is_ascii() {
        return name.into();
    }
    let mut words = String::with_capacity(name.len() + 8);
    for c in name.chars() {
        if c.is_ascii() || !c.is_alphanumeric() {
            words.push(c);
        } else {
            words.push_str(&format!(" u{:04x} ", c as u32));
        }
    }
    words.into()
}

/// Rule 3: a name of symbols only, spelled by its code points (`U` and upper-case hex in camel
/// case, as enum values always were); `empty` for the empty text.
fn spelled(name: &str, prefix: &str, separator: &str, empty: &str) -> String {
    if name.is_empty() {
        return empty.to_owned();
    }
    let words: Vec<String> = name
        .chars()
        .map(|c| {
            if prefix == "U" {
                format!("{prefix}{:X}", c as u32)
            } else {
                format!("{prefix}{:x}", c as u32)
            }
        })
        .collect();
    words.join(separator)
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

/// Whether `name` is a Rust keyword (of any edition, strict or reserved, raw-able or not): such a
/// name can only be written raw (`r#type`) or not at all (`self`), so it cannot name a file.
pub fn is_keyword(name: &str) -> bool {
    KEYWORDS.contains(&name) || NOT_RAW.contains(&name)
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

    /// Rule 1, case.
    #[test]
    fn operation_names() {
        assert_eq!(snake("list-artifacts-for-repo"), "list_artifacts_for_repo");
        assert_eq!(camel("list-artifacts-for-repo"), "ListArtifactsForRepo");
        assert_eq!(snake("re-run-workflow"), "re_run_workflow");
    }

    /// Rule 5, keywords.
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

    /// Rule 4, leading digits.
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

    /// Rule 2, non-ASCII letters and digits (each of these made `Ident::new` panic).
    #[test]
    fn non_ascii_is_spelled() {
        assert_eq!(snake("²"), "u00b2");
        assert_eq!(camel("x²"), "XU00b2");
        assert_eq!(snake("x²"), "x_u00b2");
        assert_eq!(snake("٣"), "u0663");
        assert_eq!(camel("é"), "U00e9");
        assert_eq!(snake("café-au-lait"), "caf_u00e9_au_lait");
    }

    /// Rule 3, no letter or digit at all.
    #[test]
    fn symbols_only() {
        assert_eq!(snake("$"), "u24");
        assert_eq!(camel("$"), "U24");
        assert_eq!(snake("-"), "u2d");
        assert_eq!(camel("-"), "U2D");
        assert_eq!(snake("--"), "u2d_u2d");
        assert_eq!(snake(""), "empty");
        assert_eq!(camel(""), "Empty");
        assert_eq!(snake("_"), "u5f");
    }

    /// Every output of every rule is an identifier `ident` accepts.
    #[test]
    fn every_name_is_an_identifier() {
        for name in [
            "", "$", "-", "_", "²", "٣", "x²", "2fa", "self", "type", "é", "+1", "-1", "🦀", "a b",
            "Self", "__", "0", "r#x",
        ] {
            ident(&snake(name));
            ident(&camel(name));
            ident(&variant(name));
        }
    }

    #[test]
    fn keywords_are_recognised() {
        assert!(is_keyword("type"));
        assert!(is_keyword("mod"));
        assert!(is_keyword("self"));
        assert!(!is_keyword("types"));
        assert!(!is_keyword("r#type"));
    }

    #[test]
    fn plain_strips_raw() {
        assert_eq!(plain("r#type"), "type");
        assert_eq!(plain("owner"), "owner");
    }
}
