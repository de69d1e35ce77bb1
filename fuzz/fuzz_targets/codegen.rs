//! The whole pipeline (load, lower, emit, render) on one YAML file beside the real
//! `spec/shared.yaml`, so that an area file of the seed corpus resolves its references and gets
//! as far as emitting: any text gives Rust files or diagnostics, never a panic.
#![no_main]

use libfuzzer_sys::fuzz_target;

const SHARED: &str = include_str!("../../spec/shared.yaml");

fuzz_target!(|text: &str| {
    let files = vec![
        codegen::SourceFile {
            name: "spec/shared.yaml".to_owned(),
            text: SHARED.to_owned(),
        },
        codegen::SourceFile {
            name: "spec/fuzz.yaml".to_owned(),
            text: text.to_owned(),
        },
    ];
    if let Ok(generated) = codegen::generate(files) {
        assert!(!generated.files.is_empty());
    }
});
