//! The spec loader and checker (load + lower) on one YAML file: any text gives a model or
//! diagnostics, never a panic, a hang or a stack overflow.
#![no_main]

use libfuzzer_sys::fuzz_target;

fuzz_target!(|text: &str| {
    let file = codegen::SourceFile {
        name: "spec/fuzz.yaml".to_owned(),
        text: text.to_owned(),
    };
    let _ = codegen::check(vec![file]);
});
