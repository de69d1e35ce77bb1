//! `Link` header parsing (the `next` page of a list): any header value gives a URL or none,
//! never a panic.
//!
//! Whether pagination may follow the URL (same origin as the API, not a page already fetched)
//! is decided after parsing, not here: this target found that `next_link` returns any scheme
//! (`<httpk://…>; rel="next"`), which that check must refuse.
#![no_main]

use github_actions_client_runtime::__fuzz;
use libfuzzer_sys::fuzz_target;

fuzz_target!(|value: &str| {
    if let Some(next) = __fuzz::next_link(value) {
        assert!(next.contains(':'), "not an absolute URL: {next}");
    }
});
