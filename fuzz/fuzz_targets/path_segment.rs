//! Path-segment encoding: any value becomes text of unreserved characters and `%XX` escapes
//! only (so no `/`, `?` or `#` reaches the path), which decodes back to the value.
#![no_main]

use github_actions_client_runtime::__fuzz;
use libfuzzer_sys::fuzz_target;

fuzz_target!(|value: &str| {
    let Some(segment) = __fuzz::path_segment(value) else {
        assert!(matches!(value, "" | "." | ".."), "{value:?} refused");
        return;
    };
    let bytes = segment.as_bytes();
    let mut decoded = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while i < bytes.len() {
        match bytes[i] {
            b'%' => {
                let hex = segment.get(i + 1..i + 3).expect("two hex digits after %");
                decoded.push(u8::from_str_radix(hex, 16).expect("hex digits after %"));
                i += 3;
            }
            c if c.is_ascii_alphanumeric() || b"-._~".contains(&c) => {
                decoded.push(c);
                i += 1;
            }
            c => panic!("`{}` in the segment {segment:?}", c as char),
        }
    }
    assert_eq!(decoded, value.as_bytes(), "{segment:?}");
});
