//! The real spec, and synthetic specs that are whole copies of it under new names.

use codegen::SourceFile;
use serde_yaml::Value;

/// The files of `spec/`, read as `cargo xtask codegen` reads them.
pub fn spec_sources() -> Vec<SourceFile> {
    let root = xtask::codegen::workspace_root();
    xtask::codegen::read_spec(&root, &root.join("spec")).expect("spec/ is readable")
}

/// A spec `times` the size of `sources`: the original, then `times - 1` copies of every file in
/// which areas, schemas and operations are renamed (`artifact` → `artifact-c2`), references
/// follow the renames, and paths get a prefix of their own. Shared parameters are defined once,
/// by the original.
pub fn scaled(sources: &[SourceFile], times: usize) -> Vec<SourceFile> {
    let mut out = sources.to_vec();
    for copy in 2..=times {
        let suffix = format!("-c{copy}");
        for source in sources {
            let mut value: Value = serde_yaml::from_str(&source.text).expect("spec files are YAML");
            rename_file(&mut value, &suffix);
            let stem = source.name.trim_end_matches(".yaml");
            out.push(SourceFile {
                name: format!("{stem}{suffix}.yaml"),
                text: serde_yaml::to_string(&value).expect("YAML encodes"),
            });
        }
    }
    out
}

fn rename_file(file: &mut Value, suffix: &str) {
    let Value::Mapping(file) = file else { return };
    if let Some(Value::String(area)) = file.get_mut("area") {
        area.push_str(suffix);
    }
    file.remove("parameters");
    {
        if let Some(Value::Mapping(map)) = file.get_mut("schemas") {
            let renamed = map
                .iter()
                .map(|(key, value)| {
                    let key = match key {
                        Value::String(name) => Value::String(format!("{name}{suffix}")),
                        other => other.clone(),
                    };
                    (key, value.clone())
                })
                .collect();
            *map = renamed;
        }
    }
    if let Some(Value::Sequence(operations)) = file.get_mut("operations") {
        for operation in operations {
            let Value::Mapping(operation) = operation else {
                continue;
            };
            if let Some(Value::String(name)) = operation.get_mut("name") {
                name.push_str(suffix);
            }
            if let Some(Value::String(path)) = operation.get_mut("path") {
                *path = format!("/c{}{path}", suffix.trim_start_matches("-c"));
            }
        }
    }
    for (_, value) in file.iter_mut() {
        rename_references(value, suffix);
    }
}

/// Appends `suffix` to every `ref:` outside examples.
fn rename_references(value: &mut Value, suffix: &str) {
    match value {
        Value::Mapping(map) => {
            for (key, value) in map.iter_mut() {
                match key.as_str() {
                    Some("example" | "request_example") => {}
                    Some("ref") => {
                        if let Value::String(name) = value {
                            name.push_str(suffix);
                        }
                    }
                    _ => rename_references(value, suffix),
                }
            }
        }
        Value::Sequence(items) => {
            for item in items {
                rename_references(item, suffix);
            }
        }
        _ => {}
    }
}
