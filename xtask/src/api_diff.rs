//! What changed in the client's public API, in words: `cargo xtask codegen` (and `--check`)
//! print it for the generated files they replace, so a reviewer, a CI log or a pull request's
//! description can say "one operation added, one field now required (breaking)".
//!
//! It works from the generated Rust, not from the spec: both versions of the files are parsed
//! with `syn` into an [`ApiDescription`] (structs and their public fields, enums and their
//! variants, `impl Client` methods — the operations — and the public methods of other types,
//! such as request builders' setters), and the two descriptions are compared. Types are
//! compared by their token text (`Option<DateTime<Utc>>`), so whatever shape the models take,
//! a change of type is seen.
//!
//! What counts as breaking, for a user of the crate:
//! - anything removed (an operation, a setter, a type, a field, an enum value);
//! - a changed signature (an argument added, removed or retyped; a new return type);
//! - a field's type changing (`Option<T>` → `T`: "now required");
//! - a field added that is required (not an `Option`): responses without it no longer decode;
//! - an optional field or an enum value added to a type that is not `#[non_exhaustive]`
//!   (struct literals and exhaustive `match`es stop compiling).
//!
//! Not breaking: an operation, a type, a setter or any other method added; an optional field or
//! an enum value added to a `#[non_exhaustive]` type.
//!
//! Each change is counted once: a field (or an enum value) renamed in place, with the same type
//! in the same position and neither name on the other side, is one change, "renamed", not a
//! removal and an addition. (It breaks code that names it.)
//!
//! `cargo xtask api-diff [BASE]` ([`run`]) prints the same summary between the generated files
//! committed at `BASE` (default: the merge base with `main`) and those of the work tree, for a
//! reviewer or a pull request (`scripts/api-review.sh`).

use std::collections::BTreeMap;
use std::fmt;
use std::path::{Path, PathBuf};
use std::process::Command;

use quote::ToTokens;
use syn::{Fields, FnArg, ImplItem, Item, ReturnType, Type, Visibility};

/// The public surface of some generated files.
#[derive(Debug, Default, Clone, PartialEq, Eq)]
pub struct ApiDescription {
    /// `impl Client` methods (one per operation): name → signature.
    pub operations: BTreeMap<String, Signature>,
    /// Public types by name.
    pub types: BTreeMap<String, TypeShape>,
    /// Public methods of types other than `Client` (builders' setters, `send`, …), by type
    /// then method name.
    pub methods: BTreeMap<String, BTreeMap<String, Signature>>,
}

/// A method's arguments (`name: type`, without `self`) and return type, as token text.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Signature {
    /// Generic parameters, `<T: Into<String>>`, or empty.
    pub generics: String,
    /// `name: type` per argument after the receiver.
    pub arguments: Vec<(String, String)>,
    /// The return type, `()` when none.
    pub returns: String,
}

/// What a public type is.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum TypeShape {
    /// A struct: its public fields (name, type), in declaration order.
    Struct {
        /// Whether it is `#[non_exhaustive]`.
        non_exhaustive: bool,
        /// Public fields, in order; a builder has none.
        fields: Vec<(String, String)>,
    },
    /// An enum: its variants (name → payload text, empty for a unit variant).
    Enum {
        /// Whether it is `#[non_exhaustive]`.
        non_exhaustive: bool,
        /// Variants in declaration order.
        variants: Vec<(String, String)>,
    },
    /// A type alias: what it names.
    Alias(String),
    /// A type of another crate re-exported under this name (`pub use other::Name;`): its
    /// path. Its shape is the other crate's, which cargo-semver-checks compares.
    Reexport(String),
}

/// One change to the API.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord)]
pub struct Change {
    /// What kind of item changed: the order changes are listed in.
    pub kind: Kind,
    /// The item (`Client::get_artifact`, `Artifact::digest`, …), for sorting.
    pub item: String,
    /// Whether code using the old API may stop compiling (or decoding).
    pub breaking: bool,
    /// The change, in words.
    pub text: String,
}

/// The kinds of changes, in the order they are listed.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum Kind {
    /// An `impl Client` method.
    Operation,
    /// A method of another type (a setter, `send`).
    Method,
    /// A type.
    Type,
    /// A struct field.
    Field,
    /// An enum value.
    Variant,
}

/// The changes between two versions of the API, sorted (kind, item), so the summary is stable.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct ApiDiff {
    /// Every change.
    pub changes: Vec<Change>,
}

impl ApiDiff {
    /// Whether the public API is the same.
    pub fn is_empty(&self) -> bool {
        self.changes.is_empty()
    }

    /// How many changes are breaking.
    pub fn breaking(&self) -> usize {
        self.changes.iter().filter(|change| change.breaking).count()
    }
}

impl fmt::Display for ApiDiff {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        if self.changes.is_empty() {
            return write!(f, "public API: unchanged");
        }
        let breaking = self.breaking();
        write!(
            f,
            "public API: {} change{}, {breaking} breaking",
            self.changes.len(),
            if self.changes.len() == 1 { "" } else { "s" },
        )?;
        for change in &self.changes {
            let mark = if change.breaking {
                "breaking    "
            } else {
                "compatible  "
            };
            write!(f, "\n  {mark}{}", change.text)?;
        }
        Ok(())
    }
}

/// `cargo xtask api-diff [BASE]`: the public API change from the generated files committed at
/// `BASE` (default: the merge base of `HEAD` with `main`) to those of the work tree, in the
/// git repository around the current directory (else the workspace at `root`).
pub fn run(root: &Path, args: &[&str]) -> Result<String, String> {
    let here = std::env::current_dir().unwrap_or_else(|_| root.to_owned());
    let root = git(&here, &["rev-parse", "--show-toplevel"])
        .map(|top| PathBuf::from(top.trim()))
        .unwrap_or_else(|_| root.to_owned());
    let (base, label) = match args {
        [] => (merge_base(&root)?, "the merge base with main".to_owned()),
        [base] if !base.starts_with('-') => ((*base).to_owned(), (*base).to_owned()),
        _ => return Err("usage: cargo xtask api-diff [BASE]".to_owned()),
    };
    let commit = git(
        &root,
        &["rev-parse", "--verify", &format!("{base}^{{commit}}")],
    )
    .map_err(|error| format!("`{base}` is not a commit: {error}"))?;
    let commit = commit.trim();
    let mut old = Vec::new();
    let mut new = Vec::new();
    for dir in crate::codegen::described_dirs() {
        // What the base commit has under `dir` (nothing, if the directory is new).
        let listed = git(&root, &["ls-tree", "-r", "--name-only", commit, "--", &dir])?;
        for path in listed.lines().filter(|path| path.ends_with(".rs")) {
            old.push(git(&root, &["show", &format!("{commit}:{path}")])?);
        }
        let here = root.join(&dir);
        if here.is_dir() {
            let mut paths: Vec<PathBuf> = std::fs::read_dir(&here)
                .map_err(|e| format!("cannot read {}: {e}", here.display()))?
                .filter_map(|entry| entry.ok().map(|entry| entry.path()))
                .filter(|path| path.extension().is_some_and(|ext| ext == "rs"))
                .collect();
            paths.sort();
            for path in paths {
                new.push(
                    std::fs::read_to_string(&path)
                        .map_err(|e| format!("cannot read {}: {e}", path.display()))?,
                );
            }
        }
    }
    let diff = diff_sources(&old, &new)?;
    let short = &commit[..commit.len().min(12)];
    Ok(format!(
        "{diff}\n(generated files at {label} ({short}) → the work tree; the hand-written \
         runtime is not described here: cargo-semver-checks covers it)"
    ))
}

/// The merge base of `HEAD` with `main` (or `origin/main`).
fn merge_base(root: &Path) -> Result<String, String> {
    for main in ["main", "origin/main"] {
        if let Ok(base) = git(root, &["merge-base", "HEAD", main]) {
            return Ok(base.trim().to_owned());
        }
    }
    Err(
        "no merge base with `main` or `origin/main`: name the base, `cargo xtask api-diff BASE`"
            .to_owned(),
    )
}

/// Runs `git ARGS` in `root`; its output, or what went wrong.
fn git(root: &Path, args: &[&str]) -> Result<String, String> {
    let output = Command::new("git")
        .current_dir(root)
        .args(args)
        .output()
        .map_err(|e| format!("cannot run git: {e}"))?;
    if !output.status.success() {
        return Err(format!(
            "`git {}` failed: {}",
            args.join(" "),
            String::from_utf8_lossy(&output.stderr).trim()
        ));
    }
    String::from_utf8(output.stdout).map_err(|e| format!("git printed non-UTF-8 text: {e}"))
}

/// The public API change from the `old` generated files to the `new` ones (file contents; the
/// files' names do not matter, items are matched by name). A file that does not parse is an
/// error.
pub fn diff_sources(old: &[String], new: &[String]) -> Result<ApiDiff, String> {
    Ok(diff(&describe(old)?, &describe(new)?))
}

/// The public API of some generated files.
pub fn describe(files: &[String]) -> Result<ApiDescription, String> {
    let mut api = ApiDescription::default();
    for text in files {
        let file = syn::parse_file(text).map_err(|error| {
            let first = text.lines().next().unwrap_or_default();
            format!("cannot read the API of a generated file ({first}): {error}")
        })?;
        for item in &file.items {
            add_item(&mut api, item);
        }
    }
    Ok(api)
}

fn add_item(api: &mut ApiDescription, item: &Item) {
    match item {
        Item::Struct(item) if is_pub(&item.vis) => {
            let fields = match &item.fields {
                Fields::Named(named) => named
                    .named
                    .iter()
                    .filter(|field| is_pub(&field.vis))
                    .filter_map(|field| Some((field.ident.as_ref()?.to_string(), text(&field.ty))))
                    .collect(),
                // A newtype's public field is `0` (`RunId(pub u64)`).
                Fields::Unnamed(unnamed) => unnamed
                    .unnamed
                    .iter()
                    .enumerate()
                    .filter(|(_, field)| is_pub(&field.vis))
                    .map(|(index, field)| (index.to_string(), text(&field.ty)))
                    .collect(),
                Fields::Unit => Vec::new(),
            };
            let non_exhaustive = non_exhaustive(&item.attrs);
            let shape = TypeShape::Struct {
                non_exhaustive,
                fields,
            };
            api.types.insert(item.ident.to_string(), shape);
        }
        Item::Enum(item) if is_pub(&item.vis) => {
            let variants = item
                .variants
                .iter()
                .map(|variant| {
                    let payload = match &variant.fields {
                        Fields::Unit => String::new(),
                        fields => text(fields),
                    };
                    (variant.ident.to_string(), payload)
                })
                .collect();
            let shape = TypeShape::Enum {
                non_exhaustive: non_exhaustive(&item.attrs),
                variants,
            };
            api.types.insert(item.ident.to_string(), shape);
        }
        Item::Type(item) if is_pub(&item.vis) => {
            let shape = TypeShape::Alias(text(&item.ty));
            api.types.insert(item.ident.to_string(), shape);
        }
        Item::Impl(item) if item.trait_.is_none() => {
            let Type::Path(self_ty) = &*item.self_ty else {
                return;
            };
            let Some(name) = self_ty.path.segments.last().map(|s| s.ident.to_string()) else {
                return;
            };
            for member in &item.items {
                let ImplItem::Fn(function) = member else {
                    continue;
                };
                if !is_pub(&function.vis) {
                    continue;
                }
                let signature = signature(&function.sig);
                let method = function.sig.ident.to_string();
                if name == "Client" {
                    api.operations.insert(method, signature);
                } else {
                    api.methods
                        .entry(name.clone())
                        .or_default()
                        .insert(method, signature);
                }
            }
        }
        Item::Mod(module) => {
            for item in module.content.iter().flat_map(|(_, items)| items) {
                add_item(api, item);
            }
        }
        // `pub use other_crate::Name;`: a type written elsewhere (the runtime's hand-written
        // models). Glob re-exports of the crate's own modules add nothing new.
        Item::Use(item) if is_pub(&item.vis) => reexports(&item.tree, String::new(), api),
        _ => {}
    }
}

/// Records each name a `pub use` tree re-exports (globs aside) as a [`TypeShape::Reexport`],
/// unless a declaration of that name is already known.
fn reexports(tree: &syn::UseTree, prefix: String, api: &mut ApiDescription) {
    let mut add = |name: String, path: String| {
        api.types.entry(name).or_insert(TypeShape::Reexport(path));
    };
    match tree {
        syn::UseTree::Path(path) => {
            let prefix = format!("{prefix}{}::", path.ident);
            reexports(&path.tree, prefix, api);
        }
        syn::UseTree::Name(name) => add(name.ident.to_string(), format!("{prefix}{}", name.ident)),
        syn::UseTree::Rename(rename) => add(
            rename.rename.to_string(),
            format!("{prefix}{}", rename.ident),
        ),
        syn::UseTree::Group(group) => {
            for tree in &group.items {
                reexports(tree, prefix.clone(), api);
            }
        }
        syn::UseTree::Glob(_) => {}
    }
}

fn signature(sig: &syn::Signature) -> Signature {
    let arguments = sig
        .inputs
        .iter()
        .filter_map(|input| match input {
            FnArg::Typed(typed) => Some((text(&typed.pat), text(&typed.ty))),
            FnArg::Receiver(_) => None,
        })
        .collect();
    let returns = match &sig.output {
        ReturnType::Default => "()".to_owned(),
        ReturnType::Type(_, ty) => text(ty),
    };
    let mut generics = text(&sig.generics);
    if let Some(clause) = &sig.generics.where_clause {
        generics.push(' ');
        generics.push_str(&text(clause));
    }
    Signature {
        generics,
        arguments,
        returns,
    }
}

fn is_pub(vis: &Visibility) -> bool {
    matches!(vis, Visibility::Public(_))
}

fn non_exhaustive(attrs: &[syn::Attribute]) -> bool {
    attrs
        .iter()
        .any(|attr| attr.path().is_ident("non_exhaustive"))
}

/// Token text as a person writes it: `Option<Vec<String>>`, `impl Into<String>`, `&str`,
/// `serde_json::Value`, `name: Type` (`to_string` puts a space between every two tokens).
fn text(tokens: &impl ToTokens) -> String {
    let raw = tokens.to_token_stream().to_string();
    let mut out = String::with_capacity(raw.len());
    let mut chars = raw.chars().peekable();
    while let Some(c) = chars.next() {
        if c == ' ' {
            let after = chars.peek().copied();
            let tight_before =
                matches!(out.chars().last(), Some('<' | '&' | '(' | '[')) || out.ends_with("::");
            let tight_after = matches!(after, Some('<' | '>' | ',' | ')' | ']' | ':'));
            if tight_before || tight_after {
                continue;
            }
        }
        out.push(c);
    }
    out
}

/// Compares two descriptions.
pub fn diff(old: &ApiDescription, new: &ApiDescription) -> ApiDiff {
    let mut changes = Vec::new();
    let mut push = |kind, item: String, breaking, text: String| {
        changes.push(Change {
            kind,
            item,
            breaking,
            text,
        });
    };

    // Operations. The request builder of an operation added or removed is part of that one
    // change, not a type added or removed besides.
    let builder = |signature: &Signature, types: &BTreeMap<String, TypeShape>| {
        Some(signature.returns.clone()).filter(|name| types.contains_key(name))
    };
    let mut builders = Vec::new();
    for (name, signature) in &old.operations {
        let item = format!("Client::{name}");
        match new.operations.get(name) {
            None => {
                let with = match builder(signature, &old.types) {
                    Some(ty) if !new.types.contains_key(&ty) => {
                        let text = format!(" (with its builder `{ty}`)");
                        builders.push(ty);
                        text
                    }
                    _ => String::new(),
                };
                push(
                    Kind::Operation,
                    item.clone(),
                    true,
                    format!("operation `{item}` removed{with}"),
                )
            }
            Some(now) => {
                for (breaking, text) in signature_changes(&item, signature, now) {
                    push(Kind::Operation, item.clone(), breaking, text);
                }
            }
        }
    }
    for (name, signature) in &new.operations {
        if !old.operations.contains_key(name) {
            let item = format!("Client::{name}");
            let with = match builder(signature, &new.types) {
                Some(ty) if !old.types.contains_key(&ty) => {
                    let text = format!(" (with its builder `{ty}`)");
                    builders.push(ty);
                    text
                }
                _ => String::new(),
            };
            let text = format!("operation `{item}({})` added{with}", arguments(signature));
            push(Kind::Operation, item, false, text);
        }
    }

    // Other types' methods: only for types that exist on both sides (a type added or removed
    // is one change, not one per method).
    for (ty, methods) in &old.methods {
        let Some(now) = new.methods.get(ty) else {
            continue;
        };
        for (name, signature) in methods {
            let item = format!("{ty}::{name}");
            match now.get(name) {
                None => push(
                    Kind::Method,
                    item.clone(),
                    true,
                    format!("method `{item}` removed"),
                ),
                Some(then) => {
                    for (breaking, text) in signature_changes(&item, signature, then) {
                        push(Kind::Method, item.clone(), breaking, text);
                    }
                }
            }
        }
        for (name, signature) in now {
            if !methods.contains_key(name) {
                let item = format!("{ty}::{name}");
                let text = format!("method `{item}({})` added", arguments(signature));
                push(Kind::Method, item, false, text);
            }
        }
    }

    // Types, fields, variants.
    for (name, shape) in &old.types {
        if builders.contains(name) {
            continue;
        }
        match new.types.get(name) {
            None => push(
                Kind::Type,
                name.clone(),
                true,
                format!("type `{name}` removed"),
            ),
            Some(now) => type_changes(name, shape, now, &mut push),
        }
    }
    for (name, shape) in &new.types {
        if !old.types.contains_key(name) && !builders.contains(name) {
            let what = match shape {
                TypeShape::Struct { .. } => "struct",
                TypeShape::Enum { .. } => "enum",
                TypeShape::Alias(_) => "type alias",
                TypeShape::Reexport(_) => "re-exported type",
            };
            push(
                Kind::Type,
                name.clone(),
                false,
                format!("{what} `{name}` added"),
            );
        }
    }

    changes.sort();
    ApiDiff { changes }
}

fn arguments(signature: &Signature) -> String {
    let names: Vec<&str> = signature
        .arguments
        .iter()
        .map(|(name, _)| name.as_str())
        .collect();
    names.join(", ")
}

/// How a method's signature changed; every change of a signature is breaking but one: an
/// argument renamed in its place, with its type, which callers (passing it by position) do not
/// see.
fn signature_changes(item: &str, old: &Signature, new: &Signature) -> Vec<(bool, String)> {
    let mut changes = Vec::new();
    if old.generics != new.generics {
        changes.push((
            true,
            format!(
                "`{item}`: generics `{}` → `{}`",
                or_none(&old.generics),
                or_none(&new.generics)
            ),
        ));
    }
    let position = |list: &[(String, String)], name: &str| list.iter().position(|(n, _)| n == name);
    let renamed = |index: usize| {
        let (Some((was, ty)), Some((now, new_ty))) =
            (old.arguments.get(index), new.arguments.get(index))
        else {
            return false;
        };
        old.arguments.len() == new.arguments.len()
            && ty == new_ty
            && was != now
            && position(&new.arguments, was).is_none()
            && position(&old.arguments, now).is_none()
    };
    for (index, (name, ty)) in old.arguments.iter().enumerate() {
        if renamed(index) {
            let now = &new.arguments[index].0;
            changes.push((
                false,
                format!("`{item}`: argument `{name}: {ty}` renamed `{now}`"),
            ));
            continue;
        }
        match position(&new.arguments, name) {
            None => changes.push((true, format!("`{item}`: argument `{name}: {ty}` removed"))),
            Some(at) if new.arguments[at].1 != *ty => {
                let now = &new.arguments[at].1;
                changes.push((
                    true,
                    format!("`{item}`: argument `{name}`: `{ty}` → `{now}`"),
                ));
            }
            Some(_) => {}
        }
    }
    for (index, (name, ty)) in new.arguments.iter().enumerate() {
        if position(&old.arguments, name).is_none() && !renamed(index) {
            changes.push((
                true,
                format!(
                    "`{item}`: argument `{name}: {ty}` added (position {})",
                    index + 1
                ),
            ));
        }
    }
    // The arguments both have, in a different order.
    let kept = |from: &[(String, String)], other: &[(String, String)]| -> Vec<String> {
        from.iter()
            .filter(|(name, _)| position(other, name).is_some())
            .map(|(name, _)| name.clone())
            .collect()
    };
    let (before, after) = (
        kept(&old.arguments, &new.arguments),
        kept(&new.arguments, &old.arguments),
    );
    if before != after {
        changes.push((
            true,
            format!(
                "`{item}`: arguments reordered: `{}` → `{}`",
                before.join(", "),
                after.join(", ")
            ),
        ));
    }
    if old.returns != new.returns {
        changes.push((
            true,
            format!("`{item}`: returns `{}` → `{}`", old.returns, new.returns),
        ));
    }
    changes
}

fn or_none(text: &str) -> &str {
    if text.is_empty() {
        "(none)"
    } else {
        text
    }
}

fn type_changes(
    name: &str,
    old: &TypeShape,
    new: &TypeShape,
    push: &mut impl FnMut(Kind, String, bool, String),
) {
    // Made `#[non_exhaustive]`: other crates can no longer build it with a literal (a struct)
    // or match it without a wildcard (an enum).
    let exhaustive = |shape: &TypeShape| match shape {
        TypeShape::Struct { non_exhaustive, .. } | TypeShape::Enum { non_exhaustive, .. } => {
            Some(!non_exhaustive)
        }
        _ => None,
    };
    if exhaustive(old) == Some(true) && exhaustive(new) == Some(false) {
        push(
            Kind::Type,
            name.to_owned(),
            true,
            format!(
                "type `{name}` is now #[non_exhaustive] (no struct literals or exhaustive \
                 matches outside the crate)"
            ),
        );
    }
    match (old, new) {
        (
            TypeShape::Struct { fields: before, .. },
            TypeShape::Struct {
                non_exhaustive,
                fields: after,
            },
        ) => {
            let renames = renamed_in_place(before, after);
            for (index, (field, ty)) in before.iter().enumerate() {
                let item = format!("{name}::{field}");
                if let Some((_, now)) = renames.iter().find(|(at, _)| *at == index) {
                    push(
                        Kind::Field,
                        item.clone(),
                        true,
                        format!("field `{item}: {ty}` renamed `{now}`"),
                    );
                    continue;
                }
                match find(after, field) {
                    None => push(
                        Kind::Field,
                        item.clone(),
                        true,
                        format!("field `{item}` removed"),
                    ),
                    Some(now) if now != *ty => {
                        let note = if option_inner(ty) == Some(now.as_str()) {
                            " (now required)"
                        } else if option_inner(&now) == Some(ty.as_str()) {
                            " (now optional)"
                        } else {
                            ""
                        };
                        push(
                            Kind::Field,
                            item.clone(),
                            true,
                            format!("field `{item}`: `{ty}` → `{now}`{note}"),
                        );
                    }
                    Some(_) => {}
                }
            }
            for (index, (field, ty)) in after.iter().enumerate() {
                let renamed = renames
                    .iter()
                    .any(|(at, _)| *at == index && before.len() > index);
                if find(before, field).is_some() || renamed {
                    continue;
                }
                let item = format!("{name}::{field}");
                let (breaking, note) = if option_inner(ty).is_none() {
                    (true, " (required: a body without it no longer decodes)")
                } else if !non_exhaustive {
                    (
                        true,
                        " (the struct is not #[non_exhaustive]: struct literals must name it)",
                    )
                } else {
                    (false, "")
                };
                push(
                    Kind::Field,
                    item.clone(),
                    breaking,
                    format!("field `{item}: {ty}` added{note}"),
                );
            }
        }
        (
            TypeShape::Enum {
                variants: before, ..
            },
            TypeShape::Enum {
                non_exhaustive,
                variants: after,
            },
        ) => {
            let renames = renamed_in_place(before, after);
            for (index, (variant, payload)) in before.iter().enumerate() {
                let item = format!("{name}::{variant}");
                if let Some((_, now)) = renames.iter().find(|(at, _)| *at == index) {
                    push(
                        Kind::Variant,
                        item.clone(),
                        true,
                        format!("enum value `{item}` renamed `{now}`"),
                    );
                    continue;
                }
                match find(after, variant) {
                    None => push(
                        Kind::Variant,
                        item.clone(),
                        true,
                        format!("enum value `{item}` removed"),
                    ),
                    Some(now) if &now != payload => push(
                        Kind::Variant,
                        item.clone(),
                        true,
                        format!("enum value `{item}`: `{payload}` → `{now}`"),
                    ),
                    Some(_) => {}
                }
            }
            for (index, (variant, payload)) in after.iter().enumerate() {
                if find(before, variant).is_some() || renames.iter().any(|(at, _)| *at == index) {
                    continue;
                }
                let item = format!("{name}::{variant}");
                let note = if *non_exhaustive {
                    ""
                } else {
                    " (the enum is not #[non_exhaustive]: exhaustive matches must handle it)"
                };
                push(
                    Kind::Variant,
                    item.clone(),
                    !non_exhaustive,
                    format!("enum value `{item}{payload}` added{note}"),
                );
            }
        }
        // A generated type moved to the runtime crate and re-exported under the same name:
        // users' code names it the same way; whether its shape changed is the runtime's API,
        // which cargo-semver-checks compares.
        (TypeShape::Struct { .. } | TypeShape::Enum { .. }, TypeShape::Reexport(path)) => push(
            Kind::Type,
            name.to_owned(),
            false,
            format!(
                "type `{name}`: {} → re-exported from `{path}` (same name and path for users)",
                shape_name(old)
            ),
        ),
        (old, new) if old != new => push(
            Kind::Type,
            name.to_owned(),
            true,
            format!("type `{name}`: {} → {}", shape_name(old), shape_name(new)),
        ),
        _ => {}
    }
}

/// The type (or payload) of `name` in a list of (name, type).
fn find(list: &[(String, String)], name: &str) -> Option<String> {
    list.iter()
        .find(|(item, _)| item == name)
        .map(|(_, ty)| ty.clone())
}

/// The members renamed in place from `before` to `after`: (position, new name) where the two
/// lists have the same type at the same position under two names, neither of which the other
/// list has.
fn renamed_in_place(
    before: &[(String, String)],
    after: &[(String, String)],
) -> Vec<(usize, String)> {
    before
        .iter()
        .zip(after)
        .enumerate()
        .filter(|(_, ((was, ty), (now, new_ty)))| {
            ty == new_ty && was != now && find(after, was).is_none() && find(before, now).is_none()
        })
        .map(|(index, (_, (now, _)))| (index, now.clone()))
        .collect()
}

fn shape_name(shape: &TypeShape) -> String {
    match shape {
        TypeShape::Struct { .. } => "a struct".to_owned(),
        TypeShape::Enum { .. } => "an enum".to_owned(),
        TypeShape::Alias(ty) => format!("an alias of `{ty}`"),
        TypeShape::Reexport(path) => format!("a re-export of `{path}`"),
    }
}

/// `T` of `Option<T>`.
fn option_inner(ty: &str) -> Option<&str> {
    ty.strip_prefix("Option<")?.strip_suffix('>')
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn token_text_reads_like_code() {
        let ty: Type = syn::parse_str("Option < Option < DateTime < Utc > > >").unwrap();
        assert_eq!(text(&ty), "Option<Option<DateTime<Utc>>>");
        let ty: Type = syn::parse_str("impl Into<String>").unwrap();
        assert_eq!(text(&ty), "impl Into<String>");
        let ty: Type =
            syn::parse_str("std::collections::BTreeMap<String, serde_json::Value>").unwrap();
        assert_eq!(
            text(&ty),
            "std::collections::BTreeMap<String, serde_json::Value>"
        );
        let ty: Type = syn::parse_str("&'static str").unwrap();
        assert_eq!(text(&ty), "&'static str");
        let ty: Type = syn::parse_str("impl Into<RunId>").unwrap();
        assert_eq!(text(&ty), "impl Into<RunId>");
    }

    /// With `#[non_exhaustive]` models (as the generator will emit them), an optional field or
    /// an enum value added breaks nobody.
    #[test]
    fn additions_to_non_exhaustive_types_are_compatible() {
        let old = "#[non_exhaustive] pub struct Run { pub id: RunId }
            #[non_exhaustive] pub enum Status { Queued, Unknown(String) }";
        let new = "#[non_exhaustive] pub struct Run { pub id: RunId, pub title: Option<String> }
            #[non_exhaustive] pub enum Status { Queued, Waiting, Unknown(String) }";
        let diff = diff_sources(&[old.to_owned()], &[new.to_owned()]).unwrap();
        assert_eq!(
            diff.to_string(),
            "public API: 2 changes, 0 breaking
  compatible  field `Run::title: Option<String>` added
  compatible  enum value `Status::Waiting` added"
        );
    }

    #[test]
    fn an_argument_renamed_in_place_breaks_nobody() {
        let old = "impl Client { pub fn get_variable(&self, owner: impl Into<String>, name: impl Into<String>) -> GetVariable { GetVariable } }";
        let new = "impl Client { pub fn get_variable(&self, owner: impl Into<String>, variable_name: impl Into<String>) -> GetVariable { GetVariable } }";
        let diff = diff_sources(&[old.to_owned()], &[new.to_owned()]).unwrap();
        assert_eq!(
            diff.to_string(),
            "public API: 1 change, 0 breaking
  compatible  `Client::get_variable`: argument `name: impl Into<String>` renamed `variable_name`"
        );
        // Renamed and retyped, or moved: breaking, as before.
        let retyped = "impl Client { pub fn get_variable(&self, owner: impl Into<String>, variable_name: i64) -> GetVariable { GetVariable } }";
        let diff = diff_sources(&[old.to_owned()], &[retyped.to_owned()]).unwrap();
        assert!(diff.to_string().contains("2 changes, 2 breaking"), "{diff}");
    }

    /// A field (or enum value) renamed in place is one change, not a removal and an addition.
    #[test]
    fn a_field_renamed_in_place_is_one_change() {
        let old = "#[non_exhaustive] pub struct Run { pub id: RunId, pub name: String, pub note: Option<String> }
            #[non_exhaustive] pub enum Status { Queued, Waiting, Unknown(String) }";
        let new = "#[non_exhaustive] pub struct Run { pub id: RunId, pub title: String, pub note: Option<String> }
            #[non_exhaustive] pub enum Status { Queued, Pending, Unknown(String) }";
        let diff = diff_sources(&[old.to_owned()], &[new.to_owned()]).unwrap();
        assert_eq!(
            diff.to_string(),
            "public API: 2 changes, 2 breaking
  breaking    field `Run::name: String` renamed `title`
  breaking    enum value `Status::Waiting` renamed `Pending`"
        );
        // Retyped as well, or moved: a removal and an addition, as before.
        let moved = "#[non_exhaustive] pub struct Run { pub title: String, pub id: RunId, pub note: Option<String> }
            #[non_exhaustive] pub enum Status { Queued, Waiting, Unknown(String) }";
        let diff = diff_sources(&[old.to_owned()], &[moved.to_owned()]).unwrap();
        assert_eq!(
            diff.to_string(),
            "public API: 2 changes, 2 breaking
  breaking    field `Run::name` removed
  breaking    field `Run::title: String` added (required: a body without it no longer decodes)"
        );
    }

    #[test]
    fn a_type_moved_to_the_runtime_is_a_re_export_not_a_removal() {
        let before = describe(&["pub struct Key { pub id: String }".to_owned()]).unwrap();
        let after = describe(&[
            "pub use runtime::Key; pub use runtime::{Other as Renamed}; pub use areas::*;"
                .to_owned(),
        ])
        .unwrap();
        assert_eq!(
            after.types.get("Renamed"),
            Some(&TypeShape::Reexport("runtime::Other".into()))
        );
        let changes = diff(&before, &after).changes;
        assert_eq!(changes.len(), 2, "{changes:#?}");
        let moved = changes.iter().find(|c| c.item == "Key").unwrap();
        assert!(!moved.breaking, "{moved:?}");
        assert!(
            moved.text.contains("re-exported from `runtime::Key`"),
            "{}",
            moved.text
        );
    }

    #[test]
    fn a_newtypes_inner_type_and_non_exhaustive_are_changes() {
        let before = describe(&[
            "pub struct RunId(pub i64); pub enum Outcome { Created } pub struct Key { pub id: u8 }"
                .to_owned(),
        ])
        .unwrap();
        let after = describe(&[
            "pub struct RunId(pub u64); #[non_exhaustive] pub enum Outcome { Created } \
             pub struct Key { pub id: u8 }"
                .to_owned(),
        ])
        .unwrap();
        let changes = diff(&before, &after).changes;
        let texts: Vec<&str> = changes.iter().map(|c| c.text.as_str()).collect();
        assert_eq!(changes.len(), 2, "{texts:#?}");
        assert!(changes.iter().all(|c| c.breaking), "{texts:#?}");
        assert!(texts.iter().any(|t| t.contains("RunId::0")), "{texts:#?}");
        assert!(
            texts
                .iter()
                .any(|t| t.contains("`Outcome` is now #[non_exhaustive]")),
            "{texts:#?}"
        );
    }

    #[test]
    fn signatures_compare_by_token_text() {
        let old = "impl Client { pub fn get_run(&self, owner: impl Into<String>, run_id: i64) -> GetRun { GetRun } }";
        let new = "impl Client { pub fn get_run(&self, owner: impl Into<String>, run_id: impl Into<RunId>) -> GetRun { GetRun } }";
        let diff = diff_sources(&[old.to_owned()], &[new.to_owned()]).unwrap();
        assert_eq!(
            diff.to_string(),
            "public API: 1 change, 1 breaking
  breaking    `Client::get_run`: argument `run_id`: `i64` → `impl Into<RunId>`"
        );
    }
}
