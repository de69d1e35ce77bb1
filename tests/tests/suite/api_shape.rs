//! One concept, one type, checked on the generated crate itself (parsed with `syn`), whatever
//! the spec says: no two string enums of the models with the same values, no `*_id` field or
//! argument left an integer where its kind has a newtype, no two public types of the models'
//! modules with one name (they are all re-exported at `models::`, where one would shadow the
//! other). The spec's lints (`codegen/src/lower/lint.rs`) keep the first two from being written;
//! this sees what was written. Each check prints its counts.

use std::collections::{BTreeMap, BTreeSet};
use std::path::{Path, PathBuf};

use syn::{Fields, FnArg, ImplItem, Item, Pat, Type};
use tests::workspace_root;

/// Every `.rs` file under `dir` of the generated crate's `src` (`""` for all of it), parsed,
/// with its path, in path order.
pub(super) fn parse_dir(dir: &str) -> Vec<(String, syn::File)> {
    fn rust_files(dir: &Path, out: &mut Vec<PathBuf>) {
        for entry in std::fs::read_dir(dir).unwrap_or_else(|e| panic!("{}: {e}", dir.display())) {
            let path = entry.expect("a directory entry").path();
            if path.is_dir() {
                rust_files(&path, out);
            } else if path.extension().is_some_and(|ext| ext == "rs") {
                out.push(path);
            }
        }
    }
    let mut paths = Vec::new();
    rust_files(
        &workspace_root().join("generated/src").join(dir),
        &mut paths,
    );
    paths.sort();
    paths.iter().map(|path| (name(path), parse(path))).collect()
}

fn name(path: &Path) -> String {
    let generated = workspace_root().join("generated");
    path.strip_prefix(&generated)
        .unwrap_or(path)
        .display()
        .to_string()
}

fn parse(path: &Path) -> syn::File {
    let text = std::fs::read_to_string(path).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
    syn::parse_file(&text).unwrap_or_else(|e| panic!("{}: {e}", path.display()))
}

/// The models' files, `mod.rs` aside (it only re-exports).
fn models() -> Vec<(String, syn::File)> {
    parse_dir("models")
        .into_iter()
        .filter(|(path, _)| !path.ends_with("mod.rs"))
        .collect()
}

/// Items of a file, those of inline modules included.
pub(super) fn items(file: &syn::File) -> Vec<&Item> {
    fn walk<'a>(items: &'a [Item], out: &mut Vec<&'a Item>) {
        for item in items {
            out.push(item);
            if let Item::Mod(module) = item {
                if let Some((_, inner)) = &module.content {
                    walk(inner, out);
                }
            }
        }
    }
    let mut out = Vec::new();
    walk(&file.items, &mut out);
    out
}

pub(super) fn is_pub(vis: &syn::Visibility) -> bool {
    matches!(vis, syn::Visibility::Public(_))
}

/// A string enum of the models: its unit variants (one per value GitHub sends, named after
/// it), beside the `Unknown(String)` that keeps a value the spec does not list.
fn string_enum_values(item: &syn::ItemEnum) -> Option<BTreeSet<String>> {
    let unknown = item
        .variants
        .iter()
        .any(|variant| variant.ident == "Unknown" && matches!(variant.fields, Fields::Unnamed(_)));
    unknown.then(|| {
        item.variants
            .iter()
            .filter(|variant| matches!(variant.fields, Fields::Unit))
            .map(|variant| variant.ident.to_string())
            .collect()
    })
}

#[test]
fn no_two_string_enums_have_the_same_values() {
    let mut by_values: BTreeMap<BTreeSet<String>, Vec<String>> = BTreeMap::new();
    for (path, file) in models() {
        for item in items(&file) {
            if let Item::Enum(item) = item {
                if let Some(values) = string_enum_values(item) {
                    by_values
                        .entry(values)
                        .or_default()
                        .push(format!("{} ({path})", item.ident));
                }
            }
        }
    }
    let enums: usize = by_values.values().map(Vec::len).sum();
    let shared: Vec<_> = by_values.values().filter(|names| names.len() > 1).collect();
    println!(
        "string enums: {enums}; value sets: {}; sets held by more than one enum: {}",
        by_values.len(),
        shared.len()
    );
    assert!(
        shared.is_empty(),
        "enums with the same values (one concept, one type: define it once in the spec and \
         `ref:` it): {shared:#?}"
    );
    assert!(
        enums > 30,
        "found only {enums} string enums: is the parse right?"
    );
}

/// The id newtypes of the models: `pub struct RunId(pub i64)`, serde-transparent.
fn newtypes() -> BTreeSet<String> {
    let mut names = BTreeSet::new();
    for (_, file) in models() {
        for item in items(&file) {
            let Item::Struct(item) = item else { continue };
            let one_field = matches!(&item.fields, Fields::Unnamed(f) if f.unnamed.len() == 1);
            if is_pub(&item.vis) && one_field && item.ident.to_string().ends_with("Id") {
                names.insert(item.ident.to_string());
            }
        }
    }
    names
}

/// The newtype a field or argument name says it holds, by codegen's own rule
/// (`codegen::lower::id_kind`, which the lint applies to the spec): `id` of `Runner` →
/// `RunnerId`; `head_repository_id` → `RepositoryId` (its longest suffix that has one);
/// `runner_ids` → `RunnerId`. The rule reads spec names (`repository-id`); a kind is a newtype
/// here when its Rust name is one.
fn id_kind<'n>(name: &str, owner: &str, newtypes: &'n BTreeSet<String>) -> Option<&'n String> {
    let rust = |kind: &str| codegen::ident::camel(kind);
    let owner = (!owner.is_empty()).then_some(owner);
    let kind = codegen::lower::id_kind(name.trim_start_matches("r#"), owner, |kind| {
        newtypes.contains(&rust(kind))
    })?;
    newtypes.get(&rust(&kind))
}

/// Whether a type holds a bare integer anywhere: `i64`, `Option<i64>`, `Vec<i64>`,
/// `impl Into<i64>`.
fn holds_integer(ty: &Type) -> bool {
    fn path_holds(path: &syn::Path) -> bool {
        path.segments.iter().any(|segment| {
            let name = segment.ident.to_string();
            matches!(
                name.as_str(),
                "i8" | "i16" | "i32" | "i64" | "u8" | "u16" | "u32" | "u64"
            ) || match &segment.arguments {
                syn::PathArguments::AngleBracketed(arguments) => {
                    arguments.args.iter().any(|argument| match argument {
                        syn::GenericArgument::Type(ty) => holds_integer(ty),
                        _ => false,
                    })
                }
                _ => false,
            }
        })
    }
    match ty {
        Type::Path(path) => path_holds(&path.path),
        Type::Reference(reference) => holds_integer(&reference.elem),
        Type::Slice(slice) => holds_integer(&slice.elem),
        Type::Array(array) => holds_integer(&array.elem),
        Type::ImplTrait(bounds) => bounds.bounds.iter().any(|bound| match bound {
            syn::TypeParamBound::Trait(bound) => path_holds(&bound.path),
            _ => false,
        }),
        _ => false,
    }
}

#[test]
fn no_id_of_a_newtype_kind_is_an_integer() {
    let newtypes = newtypes();
    let mut checked = 0;
    let mut integers = Vec::new();
    let mut files = models();
    files.extend(parse_dir("operations"));
    files.push((
        "src/client.rs".into(),
        parse(&workspace_root().join("generated/src/client.rs")),
    ));
    for (path, file) in &files {
        for item in items(file) {
            match item {
                Item::Struct(item) if is_pub(&item.vis) => {
                    let owner = item.ident.to_string();
                    let Fields::Named(fields) = &item.fields else {
                        continue;
                    };
                    for field in fields.named.iter().filter(|field| is_pub(&field.vis)) {
                        let Some(ident) = &field.ident else { continue };
                        let Some(kind) = id_kind(&ident.to_string(), &owner, &newtypes) else {
                            continue;
                        };
                        checked += 1;
                        if holds_integer(&field.ty) {
                            integers.push(format!("{path}: field {owner}::{ident} (a {kind})"));
                        }
                    }
                }
                Item::Impl(item) => {
                    for member in &item.items {
                        let ImplItem::Fn(function) = member else {
                            continue;
                        };
                        if !is_pub(&function.vis) {
                            continue;
                        }
                        let method = function.sig.ident.to_string();
                        for input in &function.sig.inputs {
                            let FnArg::Typed(argument) = input else {
                                continue;
                            };
                            let Pat::Ident(name) = &*argument.pat else {
                                continue;
                            };
                            let name = name.ident.to_string();
                            // A setter's argument is named after the setter.
                            let Some(kind) = id_kind(&name, "", &newtypes)
                                .or_else(|| id_kind(&method, "", &newtypes))
                            else {
                                continue;
                            };
                            checked += 1;
                            if holds_integer(&argument.ty) {
                                integers.push(format!(
                                    "{path}: argument {name} of {method} (a {kind})"
                                ));
                            }
                        }
                    }
                }
                _ => {}
            }
        }
    }
    println!(
        "id newtypes: {}; `*_id` fields and arguments of their kinds: {checked}; left integers: {}",
        newtypes.len(),
        integers.len()
    );
    assert!(
        integers.is_empty(),
        "ids of a kind with a newtype that are integers: {integers:#?}"
    );
    assert!(
        newtypes.len() >= 10 && checked > 50,
        "found too little: is the parse right?"
    );
}

#[test]
fn no_two_models_modules_define_one_public_name() {
    let mut defined: BTreeMap<String, Vec<String>> = BTreeMap::new();
    for (path, file) in models() {
        for item in &file.items {
            let name = match item {
                Item::Struct(item) if is_pub(&item.vis) => item.ident.to_string(),
                Item::Enum(item) if is_pub(&item.vis) => item.ident.to_string(),
                Item::Type(item) if is_pub(&item.vis) => item.ident.to_string(),
                _ => continue,
            };
            defined.entry(name).or_default().push(path.clone());
        }
    }
    let duplicates: Vec<_> = defined
        .iter()
        .filter(|(_, paths)| paths.len() > 1)
        .collect();
    println!(
        "public model types: {}; names defined in more than one module: {}",
        defined.len(),
        duplicates.len()
    );
    assert!(
        duplicates.is_empty(),
        "public types defined in several models modules (re-exported at one root): {duplicates:#?}"
    );
    assert!(
        defined.len() > 100,
        "found only {} types: is the parse right?",
        defined.len()
    );
}

/// What the newtypes buy: an id read from one answer goes into the next call as it is.
#[test]
fn ids_read_from_an_answer_are_the_types_calls_take() {
    use github_actions_client::models::{
        AttemptNumber, CheckSuiteId, RepositoryId, WorkflowIdOrFile, WorkflowRun,
    };
    // The docs' example of a run (`get-workflow-run`), as the spec holds it.
    let spec = std::fs::read_to_string(workspace_root().join("spec/workflow-runs.yaml"))
        .expect("the spec");
    let spec: serde_json::Value = serde_yaml::from_str(&spec).expect("YAML");
    let example = spec["operations"]
        .as_array()
        .and_then(|operations| {
            operations
                .iter()
                .find(|operation| operation["name"] == "get-workflow-run")
        })
        .map(|operation| operation["responses"]["200"]["example"].clone())
        .expect("get-workflow-run's example");
    let run: WorkflowRun = serde_json::from_value(example).expect("the example decodes");
    // `get_workflow`, `list_workflow_runs`, … take `impl Into<WorkflowIdOrFile>`.
    let workflow: WorkflowIdOrFile = run.workflow_id.into();
    assert_eq!(workflow.to_string(), run.workflow_id.0.to_string());
    assert_eq!(run.check_suite_id, Some(CheckSuiteId::from(42)));
    assert_eq!(run.run_attempt, Some(AttemptNumber::from(1)));
    // Lists of ids in bodies hold the newtype: a repository's id goes in as it is.
    let selected: Vec<RepositoryId> = vec![run.repository.id, 32.into()];
    assert_eq!(selected[1], RepositoryId::from(32));
}
