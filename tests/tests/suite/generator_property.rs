//! A property of the generator: any spec either gets a diagnostic or generates code that
//! compiles. Specs are made from a seed, with names from a hostile alphabet (keywords, prelude
//! names, the runtime's names, names that differ only in `-` and `_`, Unicode, symbols).
//!
//! Two parts:
//!
//! - **fast** (always): `GENERATOR_CASES` specs (default 1000): generating never panics, and the
//!   output of an accepted spec passes the checks that stand in for the compiler's name rules
//!   (each `mod` has its file, feature names are kebab case, no type, `Client` method or
//!   builder method is defined twice or takes a name the runtime or the prelude has).
//! - **compile** (with `GENERATOR_COMPILE=1`): the accepted specs of a fixed seed set
//!   (`GENERATOR_COMPILE_CASES`, default 12, from seed 0) are each written into a scratch crate
//!   (`generator-property/` in the target directory) beside the real runtime, as
//!   `tests/fixture-crate` is, and `cargo check`ed. With
//!   `GENERATOR_COMPILE_SECONDS=600` it keeps going through seeds for that long instead.
//!
//! Each part prints how many cases it ran, how many were accepted, and how many were refused
//! with a diagnostic.

use std::collections::{BTreeMap, BTreeSet};
use std::fmt::Write as _;
use std::panic::{catch_unwind, AssertUnwindSafe};
use std::path::Path;
use std::process::Command;
use std::time::{Duration, Instant};

use codegen::lower::reserved;
use codegen::Generated;
use tests::source;

/// Names that have broken generators: keywords, prelude and imported names, the runtime's
/// methods and types, near-duplicates, Unicode and symbols, and a few plain ones so that some
/// specs are accepted. (Not the real areas `secrets`, `workflow-runs` and `workflow-jobs`,
/// whose features turn on runtime code written for the real models.)
const ALPHABET: &[&str] = &[
    // plain
    "widget",
    "thing",
    "name",
    "id",
    "gadget",
    "list-things",
    "get-thing",
    "state",
    // keywords
    "type",
    "mod",
    "self",
    "Self",
    "crate",
    "super",
    "async",
    "fn",
    "ref",
    "gen",
    "try",
    "_",
    // prelude and imports
    "option",
    "string",
    "result",
    "box",
    "vec",
    "some",
    "none",
    "ok",
    "err",
    "value",
    "page",
    "serialize",
    "deserialize",
    "date-time",
    "utc",
    "b-tree-map",
    "future",
    "request",
    // the runtime
    "client",
    "error",
    "items",
    "pages",
    "sending",
    "download",
    "redirect",
    "send",
    "stream",
    "into-future",
    "clone",
    "wait-for-run",
    "base-url",
    "rate-limit",
    "body",
    "installation",
    "default",
    "native-roots",
    "std",
    "serde",
    "str",
    "u8",
    // the same Rust name twice
    "list-a",
    "list_a",
    "List-A",
    "a-b",
    "a_b",
    "a--b",
    "clear-name",
    "clear_name",
    "unknown",
    // Unicode and symbols
    "café",
    "²",
    "٣",
    "🦀",
    "a b",
    "",
    "-",
    "$",
    "u24",
    "2fa",
    "0",
    "x²",
    "Página",
];

/// splitmix64: a small, well-mixed generator, so that a seed means the same spec everywhere.
struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        z ^ (z >> 31)
    }

    fn below(&mut self, n: usize) -> usize {
        (self.next() % n as u64) as usize
    }

    fn chance(&mut self, percent: u64) -> bool {
        self.next() % 100 < percent
    }

    /// A name: mostly from the alphabet, sometimes two of its words joined.
    fn name(&mut self) -> String {
        let first = ALPHABET[self.below(ALPHABET.len())];
        if self.chance(20) {
            let second = ALPHABET[self.below(ALPHABET.len())];
            let joiner = ["-", "_", ""][self.below(3)];
            format!("{first}{joiner}{second}")
        } else {
            first.to_owned()
        }
    }
}

/// A YAML scalar for `text`: JSON's double-quoted string is one.
fn q(text: &str) -> String {
    serde_json::to_string(text).expect("a string")
}

/// The spec files of case `seed`.
fn spec(seed: u64) -> Vec<codegen::SourceFile> {
    let mut rng = Rng(seed);
    let areas = 1 + rng.below(2);
    let mut files = Vec::new();
    // Schemas of earlier files, for `ref:`s.
    let mut known: Vec<String> = Vec::new();
    for index in 0..areas {
        let area = if rng.chance(60) {
            ["widgets", "gadgets"][index].to_owned()
        } else {
            rng.name()
        };
        let mut text = format!(
            "area: {}\ntitle: T\ndocs_url: https://example.com\n",
            q(&area)
        );
        let schemas = rng.below(4);
        if schemas > 0 {
            text.push_str("schemas:\n");
        }
        let mut here = Vec::new();
        for _ in 0..schemas {
            let name = rng.name();
            let _ = writeln!(text, "  {}:", q(&name));
            schema(&mut rng, &mut text, "    ", &known);
            here.push(name);
        }
        known.extend(here);
        let operations = rng.below(3);
        if operations > 0 {
            text.push_str("operations:\n");
        }
        for number in 0..operations {
            operation(&mut rng, &mut text, &format!("/{index}/{number}"), &known);
        }
        files.push(source(&format!("spec/area{index}.yaml"), &text));
    }
    files
}

/// A schema's body at `indent`.
fn schema(rng: &mut Rng, text: &mut String, indent: &str, known: &[String]) {
    match rng.below(5) {
        0 | 1 => {
            let _ = writeln!(text, "{indent}type: object\n{indent}properties:");
            for _ in 0..1 + rng.below(3) {
                let field = rng.name();
                let _ = writeln!(text, "{indent}  {}:", q(&field));
                property(rng, text, &format!("{indent}    "), known);
            }
        }
        2 => {
            let values: Vec<String> = (0..1 + rng.below(3)).map(|_| q(&rng.name())).collect();
            let _ = writeln!(
                text,
                "{indent}type: string\n{indent}enum: [{}]",
                values.join(", ")
            );
        }
        3 => {
            let (a, b) = (rng.name(), rng.name());
            let _ = writeln!(
                text,
                "{indent}one_of:\n{indent}  {}:\n{indent}    type: integer\n{indent}  {}:\n{indent}    type: string",
                q(&a),
                q(&b)
            );
        }
        _ => {
            let _ = writeln!(text, "{indent}type: integer\n{indent}newtype: true");
        }
    }
}

/// A property's type at `indent`, with a description and sometimes `optional`/`nullable`.
fn property(rng: &mut Rng, text: &mut String, indent: &str, known: &[String]) {
    match rng.below(5) {
        0 if !known.is_empty() => {
            let _ = writeln!(text, "{indent}ref: {}", q(&known[rng.below(known.len())]));
        }
        1 => {
            let values: Vec<String> = (0..1 + rng.below(2)).map(|_| q(&rng.name())).collect();
            let _ = writeln!(
                text,
                "{indent}type: string\n{indent}enum: [{}]",
                values.join(", ")
            );
        }
        2 => {
            let _ = writeln!(text, "{indent}type: integer");
        }
        _ => {
            let _ = writeln!(text, "{indent}type: string");
        }
    }
    let _ = writeln!(text, "{indent}description: A property.");
    if rng.chance(40) {
        let _ = writeln!(text, "{indent}optional: true");
    }
    if rng.chance(30) {
        let _ = writeln!(text, "{indent}nullable: true");
    }
}

/// An operation at `path`: query parameters, sometimes a body, one or two success statuses.
fn operation(rng: &mut Rng, text: &mut String, path: &str, known: &[String]) {
    let patch = rng.chance(40);
    let _ = writeln!(
        text,
        "  - name: {}\n    summary: S\n    docs_url: https://example.com\n    method: {}\n    path: {path}",
        q(&rng.name()),
        if patch { "PATCH" } else { "GET" }
    );
    let parameters = rng.below(3);
    if parameters > 0 {
        text.push_str("    parameters:\n");
    }
    for _ in 0..parameters {
        let _ = writeln!(
            text,
            "      - name: {}\n        in: query\n        type: string\n        required: {}\n        description: A parameter.",
            q(&rng.name()),
            rng.chance(30)
        );
    }
    if patch {
        text.push_str("    request_body:\n      type: object\n      properties:\n");
        for _ in 0..1 + rng.below(3) {
            let _ = writeln!(text, "        {}:", q(&rng.name()));
            property(rng, text, "          ", known);
        }
    }
    text.push_str("    responses:\n");
    let body = |rng: &mut Rng, text: &mut String| {
        if !known.is_empty() && rng.chance(50) {
            let _ = writeln!(
                text,
                "        body:\n          ref: {}",
                q(&known[rng.below(known.len())])
            );
        }
    };
    if rng.chance(30) {
        let (a, b) = (rng.name(), rng.name());
        let _ = writeln!(
            text,
            "      200:\n        description: OK\n        outcome: {}",
            q(&a)
        );
        body(rng, text);
        let _ = writeln!(
            text,
            "      204:\n        description: No Content\n        outcome: {}",
            q(&b)
        );
    } else if rng.chance(50) {
        // With a body, or without one (a 200 with nothing to decode is valid too).
        text.push_str("      200:\n        description: OK\n");
        body(rng, text);
    } else {
        text.push_str("      204:\n        description: No Content\n");
    }
}

/// What one case came to.
enum Outcome {
    Accepted(Box<Generated>),
    Refused,
}

fn run_case(seed: u64) -> Outcome {
    let files = spec(seed);
    let shown = files
        .iter()
        .map(|f| format!("# {}\n{}", f.name, f.text))
        .collect::<String>();
    let result = catch_unwind(AssertUnwindSafe(|| codegen::generate(files)));
    match result {
        Ok(Ok(generated)) => {
            if let Err(problem) = check_output(&generated) {
                panic!("seed {seed}: the output would not compile: {problem}\n{shown}");
            }
            Outcome::Accepted(Box::new(generated))
        }
        Ok(Err(diagnostics)) => {
            assert!(!diagnostics.0.is_empty(), "seed {seed}: an empty error");
            for diagnostic in &diagnostics.0 {
                assert!(
                    diagnostic.line >= 1 && diagnostic.column >= 1,
                    "{diagnostic}"
                );
            }
            Outcome::Refused
        }
        Err(_) => panic!("seed {seed}: the generator panicked on\n{shown}"),
    }
}

/// The compiler's name rules, checked on the text: `mod`s have their files, features are
/// kebab case, and no type, `Client` method or builder method is defined twice or takes a
/// name the runtime, an import or the prelude has.
fn check_output(generated: &Generated) -> Result<(), String> {
    let paths: BTreeSet<&str> = generated.files.iter().map(|f| f.path.as_str()).collect();
    for area in &generated.areas {
        let kebab = area.name.split('-').all(|word| {
            !word.is_empty()
                && word
                    .bytes()
                    .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit())
        });
        if !kebab {
            return Err(format!("area `{}` is no Cargo feature name", area.name));
        }
    }
    let mut types: BTreeMap<String, String> = BTreeMap::new();
    let mut methods: BTreeMap<String, BTreeSet<String>> = BTreeMap::new();
    // `client.rs` is where `Client` and `ClientBuilder` are defined, once per crate.
    for file in generated
        .files
        .iter()
        .filter(|file| file.path != "client.rs")
    {
        let dir = file.path.rsplit_once('/').map_or("", |(dir, _)| dir);
        let mut target: Option<String> = None;
        for line in file.contents.lines() {
            if let Some(module) = line.strip_prefix("mod ").and_then(|m| m.strip_suffix(';')) {
                let expected = format!("{dir}/{module}.rs");
                if !paths.contains(expected.as_str()) {
                    return Err(format!("`mod {module};` has no file {expected}"));
                }
            }
            for keyword in ["pub struct ", "pub enum ", "pub type "] {
                if let Some(rest) = line.strip_prefix(keyword) {
                    let name: String = rest
                        .chars()
                        .take_while(|c| c.is_alphanumeric() || *c == '_' || *c == '#')
                        .collect();
                    if reserved::PRELUDE.contains(&name.as_str())
                        || reserved::CRATE_ROOT_TYPES.contains(&name.as_str())
                        || reserved::IMPORTED.iter().any(|(n, _)| *n == name)
                    {
                        return Err(format!("type `{name}` in {} is taken", file.path));
                    }
                    if let Some(first) = types.insert(name.clone(), file.path.clone()) {
                        return Err(format!("type `{name}` in {first} and {}", file.path));
                    }
                }
            }
            if let Some(rest) = line.strip_prefix("impl ") {
                target = rest
                    .strip_suffix(" {")
                    .filter(|t| !t.contains(" for "))
                    .map(str::to_owned);
            } else if line.starts_with('}') {
                target = None;
            } else if let Some(target) = &target {
                let rest = line
                    .strip_prefix("    pub fn ")
                    .or_else(|| line.strip_prefix("    fn "));
                if let Some(rest) = rest {
                    let name: String = rest
                        .chars()
                        .take_while(|c| c.is_alphanumeric() || *c == '_' || *c == '#')
                        .collect();
                    let name = name.trim_start_matches("r#").to_owned();
                    if target == "Client" && reserved::CLIENT_METHODS.contains(&name.as_str()) {
                        return Err(format!("`Client::{name}` is the runtime's"));
                    }
                    if !methods
                        .entry(target.clone())
                        .or_default()
                        .insert(name.clone())
                    {
                        return Err(format!("`{target}::{name}` is defined twice"));
                    }
                }
            }
        }
    }
    Ok(())
}

fn env_number(name: &str, default: u64) -> u64 {
    std::env::var(name)
        .ok()
        .and_then(|value| value.parse().ok())
        .unwrap_or(default)
}

#[test]
fn hostile_specs_are_refused_or_generate_sound_code() {
    let cases = env_number("GENERATOR_CASES", 1000);
    let (mut accepted, mut refused) = (0, 0);
    for seed in 0..cases {
        match run_case(seed) {
            Outcome::Accepted(_) => accepted += 1,
            Outcome::Refused => refused += 1,
        }
    }
    println!(
        "generator property: {cases} cases (seeds 0..{cases}): {accepted} generated, {refused} refused with diagnostics"
    );
    // The alphabet must leave room for both outcomes, or the property says little.
    assert!(
        accepted >= cases / 20,
        "only {accepted} of {cases} generated"
    );
    assert!(
        refused >= cases / 20,
        "only {refused} of {cases} were refused"
    );
}

/// The compile part: see the module docs. Off unless `GENERATOR_COMPILE=1`.
#[test]
fn accepted_hostile_specs_compile() {
    if std::env::var("GENERATOR_COMPILE").as_deref() != Ok("1") {
        println!("generator compile property not run (GENERATOR_COMPILE=1 runs it)");
        return;
    }
    let budget = std::env::var("GENERATOR_COMPILE_SECONDS")
        .ok()
        .and_then(|s| s.parse().ok())
        .map(Duration::from_secs);
    let wanted = env_number("GENERATOR_COMPILE_CASES", 12);
    let root = tests::workspace_root();
    // Under the target directory in use (its dependencies are built once, then each case is
    // one crate's check).
    let scratch = std::env::var_os("CARGO_TARGET_DIR")
        .map_or_else(|| root.join("target"), std::path::PathBuf::from)
        .join("generator-property");
    let started = Instant::now();
    let (mut compiled, mut refused, mut seed) = (0u64, 0u64, 0u64);
    loop {
        let done = match budget {
            Some(budget) => started.elapsed() >= budget,
            None => compiled >= wanted,
        };
        if done {
            break;
        }
        match run_case(seed) {
            Outcome::Refused => refused += 1,
            Outcome::Accepted(generated) => {
                write_crate(&root, &scratch, &generated);
                let output = Command::new(env!("CARGO"))
                    .args(["check", "--quiet", "--offline", "--lib"])
                    .current_dir(&scratch)
                    .env("CARGO_TARGET_DIR", scratch.join("target"))
                    .output()
                    .expect("cargo runs");
                assert!(
                    output.status.success(),
                    "seed {seed}: accepted, but the output does not compile:\n{}\n{}",
                    String::from_utf8_lossy(&output.stderr),
                    spec(seed)
                        .iter()
                        .map(|f| format!("# {}\n{}", f.name, f.text))
                        .collect::<String>()
                );
                compiled += 1;
            }
        }
        seed += 1;
    }
    println!(
        "generator compile property: {seed} cases (seeds 0..{seed}) in {:?}: {compiled} generated and compiled, {refused} refused with diagnostics",
        started.elapsed()
    );
}

/// Writes `generated` into a crate at `dir` that compiles it against the real runtime crate, as
/// `tests/fixture-crate` does (its own workspace, the dependency versions of this one).
fn write_crate(root: &Path, dir: &Path, generated: &Generated) {
    let _ = std::fs::remove_dir_all(dir.join("src"));
    std::fs::create_dir_all(dir.join("src")).expect("scratch crate");
    let manifest = std::fs::read_to_string(root.join("Cargo.toml")).expect("Cargo.toml");
    let mut dependencies = format!(
        "github-actions-client-runtime = {{ path = {:?} }}\n",
        root.join("runtime").display().to_string()
    );
    for name in ["serde", "serde_json", "chrono"] {
        let line = manifest
            .lines()
            .find(|line| line.starts_with(&format!("{name} = ")))
            .unwrap_or_else(|| panic!("{name} in the workspace's dependencies"));
        dependencies.push_str(line);
        dependencies.push('\n');
    }
    let features: Vec<&str> = generated
        .areas
        .iter()
        .filter(|area| area.is_feature())
        .map(|area| area.name.as_str())
        .collect();
    let mut feature_lines = format!(
        "default = [{}]\n",
        features
            .iter()
            .map(|f| format!("{f:?}"))
            .collect::<Vec<_>>()
            .join(", ")
    );
    for feature in &features {
        let _ = writeln!(feature_lines, "{feature} = []");
    }
    let cargo_toml = format!(
        "[package]\nname = \"generator-property-case\"\nversion = \"0.0.0\"\nedition = \"2021\"\npublish = false\n\n[workspace]\n\n[dependencies]\n{dependencies}tokio = {{ version = \"1\", features = [\"rt\", \"time\", \"fs\", \"io-util\", \"macros\", \"rt-multi-thread\"] }}\n\n[features]\n{feature_lines}\n[lints.rust]\nunexpected_cfgs = {{ level = \"allow\" }}\n"
    );
    std::fs::write(dir.join("Cargo.toml"), cargo_toml).expect("Cargo.toml");
    if !dir.join("Cargo.lock").exists() {
        std::fs::copy(root.join("Cargo.lock"), dir.join("Cargo.lock")).expect("Cargo.lock");
    }
    let lib = std::fs::read_to_string(root.join("tests/fixture-crate/src/lib.rs"))
        .expect("the fixture crate's lib.rs");
    std::fs::write(dir.join("src/lib.rs"), lib).expect("lib.rs");
    for file in &generated.files {
        let path = dir.join("src").join(&file.path);
        std::fs::create_dir_all(path.parent().expect("a directory")).expect("directory");
        std::fs::write(path, &file.contents).expect("generated file");
    }
}
