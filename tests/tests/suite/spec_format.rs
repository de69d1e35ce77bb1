//! The spec diffs line by line: no line of `spec/*.yaml` is over 120 characters, except where
//! a URL, which cannot be broken, makes it longer. `python3 scripts/format-spec.py` rewrites a
//! pasted one-line JSON example as block YAML and wraps long descriptions.

/// The widest a spec line may be, not counting its URLs.
const MAX_WIDTH: usize = 120;

/// `line` without its URLs (`http://…` or `https://…` up to a space or a quote).
fn without_urls(line: &str) -> String {
    let mut rest = line;
    let mut out = String::new();
    while let Some(start) = ["http://", "https://"]
        .iter()
        .filter_map(|scheme| rest.find(scheme))
        .min()
    {
        out.push_str(&rest[..start]);
        let end = rest[start..]
            .find([' ', '"', '\''])
            .map_or(rest.len(), |len| start + len);
        rest = &rest[end..];
    }
    out.push_str(rest);
    out
}

#[test]
fn spec_lines_fit_in_120_columns() {
    let mut too_long = Vec::new();
    for source in tests::spec_sources() {
        for (index, line) in source.text.lines().enumerate() {
            let width = without_urls(line).chars().count();
            if width > MAX_WIDTH {
                too_long.push(format!("{}:{}: {width} characters", source.name, index + 1));
            }
        }
    }
    assert!(
        too_long.is_empty(),
        "spec lines over {MAX_WIDTH} characters (URLs aside); run `python3 scripts/format-spec.py`:\n{}",
        too_long.join("\n")
    );
}

#[test]
fn urls_do_not_count() {
    let url = format!("https://example.com/{}", "a".repeat(200));
    assert_eq!(without_urls(&format!("docs_url: {url}")), "docs_url: ");
    assert_eq!(
        without_urls(&format!("x: {{\"u\": \"{url}\", \"v\": \"http://b\"}}")),
        "x: {\"u\": \"\", \"v\": \"\"}"
    );
    assert_eq!(without_urls("no url here"), "no url here");
}
