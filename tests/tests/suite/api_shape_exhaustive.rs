//! The compatibility promise, checked on the generated crate's source with `syn`: every public
//! struct and enum that may grow is `#[non_exhaustive]`, so that a field, an enum value or an
//! outcome GitHub adds is not a breaking change.
//!
//! Not counted, because nothing outside the crate can build or destructure them (so growing
//! them breaks nobody): structs without a public field (request builders, `MockGitHub`,
//! `Received`). Allowed to stay exhaustive, each for its reason, in [`EXHAUSTIVE`].

use syn::{Fields, Item};

use super::api_shape::{is_pub, items, parse_dir};

/// The public types allowed without `#[non_exhaustive]`, by rule, each with its reason.
const EXHAUSTIVE: &[(&str, &str)] = &[(
    "newtypes: a tuple struct with one public field (an id such as `RunId`, or a named value \
     such as `Days`)",
    "a newtype is its value: it never grows, and `RunId(42)`, `Days(90)` and `let RunId(n) = \
     id` stay available",
)];

/// One public struct or enum that may grow but does not say `#[non_exhaustive]`.
#[derive(Debug, PartialEq)]
struct Finding {
    file: String,
    name: String,
}

/// What [`check_file`] saw: public types checked, types allowed by [`EXHAUSTIVE`], findings.
#[derive(Debug, Default)]
struct Report {
    checked: usize,
    allowed: Vec<String>,
    findings: Vec<Finding>,
}

fn non_exhaustive(attrs: &[syn::Attribute]) -> bool {
    attrs
        .iter()
        .any(|attr| attr.path().is_ident("non_exhaustive"))
}

/// A newtype: `pub struct RunId(pub u64);`, `pub struct Days(pub i64);`.
fn is_newtype(item: &syn::ItemStruct) -> bool {
    let Fields::Unnamed(fields) = &item.fields else {
        return false;
    };
    fields.unnamed.len() == 1 && fields.unnamed.iter().all(|field| is_pub(&field.vis))
}

/// Checks the items of `file` ([`items`]: those of inline modules too).
fn check_file(file: &str, parsed: &syn::File, report: &mut Report) {
    for item in items(parsed) {
        match item {
            Item::Struct(item) if is_pub(&item.vis) => {
                let has_public_field = item.fields.iter().any(|field| is_pub(&field.vis));
                if !has_public_field {
                    continue;
                }
                report.checked += 1;
                if non_exhaustive(&item.attrs) {
                    continue;
                }
                if is_newtype(item) {
                    report.allowed.push(item.ident.to_string());
                    continue;
                }
                report.findings.push(Finding {
                    file: file.to_owned(),
                    name: item.ident.to_string(),
                });
            }
            Item::Enum(item) if is_pub(&item.vis) => {
                report.checked += 1;
                if !non_exhaustive(&item.attrs) {
                    report.findings.push(Finding {
                        file: file.to_owned(),
                        name: item.ident.to_string(),
                    });
                }
            }
            _ => {}
        }
    }
}

#[test]
fn every_public_type_that_may_grow_is_non_exhaustive() {
    let mut report = Report::default();
    for (path, parsed) in parse_dir("") {
        check_file(&path, &parsed, &mut report);
    }
    let listed: Vec<String> = report
        .findings
        .iter()
        .map(|finding| format!("{}: {}", finding.file, finding.name))
        .collect();
    assert!(
        report.findings.is_empty(),
        "{} of {} public structs and enums of the generated crate may grow but are not \
         `#[non_exhaustive]` (add it in codegen/src/emit, or a rule with its reason to \
         EXHAUSTIVE):\n  {}",
        report.findings.len(),
        report.checked,
        listed.join("\n  ")
    );
    // The rule lets through what it names, and only that: the spec's id newtypes.
    assert!(report.checked > 100, "checked only {}", report.checked);
    assert!(
        report.allowed.iter().any(|name| name == "RunId"),
        "{:?}",
        report.allowed
    );
    println!(
        "{} public structs and enums checked, 0 without #[non_exhaustive]; exhaustive by rule \
         ({}): {}",
        report.checked,
        EXHAUSTIVE[0].0,
        report.allowed.join(", ")
    );
}

#[test]
fn the_check_finds_an_exhaustive_type() {
    let source = r#"
        /// Grows.
        pub struct Grows { pub a: u8 }
        /// Grows too.
        pub enum Outcome { Created, Updated }
        /// Fine.
        #[non_exhaustive]
        pub struct Fine { pub a: u8 }
        /// No public field: nothing to break.
        pub struct Builder { client: u8 }
        /// An id.
        pub struct RunId(pub u64);
        /// A named value.
        pub struct Days(pub i64);
        /// Not a newtype: a tuple of two may grow a third.
        pub struct Pair(pub u64, pub u64);
        mod inner {
            /// Inside a module.
            pub enum Nested { A }
        }
    "#;
    let mut report = Report::default();
    let parsed = syn::parse_file(source).expect("the test source parses");
    check_file("test.rs", &parsed, &mut report);
    let names: Vec<&str> = report.findings.iter().map(|f| f.name.as_str()).collect();
    assert_eq!(names, ["Grows", "Outcome", "Pair", "Nested"]);
    assert_eq!(report.allowed, ["RunId", "Days"]);
    assert_eq!(report.checked, 7);
}
