//! Doc comments: spec prose made safe for rustdoc, emitted as one `#[doc]` per line so that
//! prettyplease prints `///` lines and a one-line spec change is a one-line diff.
//!
//! Like prost-build, descriptions are sanitised: bare URLs are wrapped in `<…>` (rustdoc warns
//! on bare URLs), square brackets that are not Markdown links are escaped (they would be
//! intra-doc links), stray `<` is escaped (it would be an HTML tag), and code fences become
//! `text` blocks so that nothing in a description runs as a doctest.

use proc_macro2::{Literal, TokenStream};
use quote::quote;

use super::literal;

/// Doc text under construction: paragraphs separated by blank lines.
#[derive(Default)]
pub(crate) struct Docs {
    lines: Vec<String>,
}

impl Docs {
    pub(crate) fn new() -> Self {
        Self::default()
    }

    /// Adds spec prose, sanitised, as a paragraph of its own.
    pub(crate) fn prose(&mut self, text: &str) -> &mut Self {
        let text = sanitize(text.trim());
        if !text.is_empty() {
            self.markdown(&text);
        }
        self
    }

    /// Adds prose when there is some.
    pub(crate) fn maybe_prose(&mut self, text: Option<&str>) -> &mut Self {
        if let Some(text) = text {
            self.prose(text);
        }
        self
    }

    /// Adds Markdown the generator wrote itself (already safe) as a paragraph of its own.
    pub(crate) fn markdown(&mut self, text: &str) -> &mut Self {
        if !self.lines.is_empty() {
            self.lines.push(String::new());
        }
        self.lines.extend(text.lines().map(str::to_owned));
        self
    }

    /// Adds one line to the current paragraph (a list item, say).
    pub(crate) fn line(&mut self, text: &str) -> &mut Self {
        self.lines.push(text.to_owned());
        self
    }

    /// Outer attributes: `/// line` in the printed output.
    pub(crate) fn outer(&self) -> TokenStream {
        let lines = self.lines.iter().map(|line| doc_line(line));
        quote! { #(#[doc = #lines])* }
    }

    /// Inner attributes: `//! line` in the printed output.
    pub(crate) fn inner(&self) -> TokenStream {
        let lines = self.lines.iter().map(|line| doc_line(line));
        quote! { #(#![doc = #lines])* }
    }
}

/// prettyplease prints `#[doc = "x"]` as `///x`; the leading space gives `/// x`. It prints
/// the literal's value, so the literal may be raw, which is cheaper to make and to read.
fn doc_line(line: &str) -> Literal {
    if line.is_empty() {
        literal::string("")
    } else {
        literal::string(&format!(" {line}"))
    }
}

/// "an" before text that starts with a vowel sound (`UpdateRunnerGroup`, "integer", `HtmlUrl`
/// read as "HTML"), else "a" (`Runner`, `UsageStats`, `UrlTemplate`, "one-of"); Markdown
/// around a name (`` [`…`] ``) is skipped. Decided by the first word, as a reader says it.
pub(crate) fn article(text: &str) -> &'static str {
    let start = text.trim_start_matches(|c: char| !c.is_alphanumeric());
    let mut chars = start.chars();
    let Some(first) = chars.next() else {
        return "a";
    };
    // The first word: up to the next capital, digit or non-letter (`Usage` of `UsageStats`).
    let word: String = std::iter::once(first)
        .chain(chars.take_while(|c| c.is_lowercase()))
        .collect::<String>()
        .to_lowercase();
    // Letters read one by one (`HTML`, `SSH`, `URL`, `X25519`) in an initialism.
    let initialism = [
        "html", "http", "https", "ssh", "sha", "url", "uri", "svg", "mit", "id",
    ];
    let alone = word.len() == 1 || start.chars().take(2).all(char::is_uppercase);
    if alone || initialism.contains(&word.as_str()) {
        return if "aefhilmnorsx".contains(first.to_ascii_lowercase()) {
            "an"
        } else {
            "a"
        };
    }
    // Vowel letters with a consonant sound: "a usage", "a unique", "a one-of", "a European".
    let consonant_sound = ["use", "usa", "usu", "uni", "uti", "one", "once", "eu"];
    if consonant_sound
        .iter()
        .any(|prefix| word.starts_with(prefix))
    {
        return "a";
    }
    if "aeiou".contains(first.to_ascii_lowercase()) {
        "an"
    } else {
        "a"
    }
}

/// Makes spec prose safe for rustdoc (see the module docs).
pub(crate) fn sanitize(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    let mut in_fence = false;
    for (index, line) in text.lines().enumerate() {
        if index > 0 {
            out.push('\n');
        }
        let trimmed = line.trim_start();
        if trimmed.starts_with("```") {
            // Opening fences become `text`, so descriptions never compile as doctests.
            if in_fence {
                out.push_str(line);
            } else {
                out.push_str(&line[..line.len() - trimmed.len()]);
                out.push_str("```text");
            }
            in_fence = !in_fence;
            continue;
        }
        if in_fence {
            out.push_str(line);
        } else {
            sanitize_line(line, &mut out);
        }
    }
    out
}

fn sanitize_line(line: &str, out: &mut String) {
    let mut rest = line;
    let mut in_code = false;
    while let Some(c) = rest.chars().next() {
        if c == '`' {
            in_code = !in_code;
        }
        if in_code || c == '`' {
            out.push(c);
            rest = &rest[c.len_utf8()..];
            continue;
        }
        // A Markdown link `[text](url)` stays as it is.
        if c == '[' {
            if let Some(len) = markdown_link_len(rest) {
                out.push_str(&rest[..len]);
                rest = &rest[len..];
                continue;
            }
        }
        // An autolink `<https://…>` stays as it is.
        if c == '<' {
            if let Some(end) = rest.find('>') {
                if is_url_start(&rest[1..]) && !rest[1..end].contains(char::is_whitespace) {
                    out.push_str(&rest[..=end]);
                    rest = &rest[end + 1..];
                    continue;
                }
            }
        }
        if is_url_start(rest) {
            let len = url_len(rest);
            out.push('<');
            out.push_str(&rest[..len]);
            out.push('>');
            rest = &rest[len..];
            continue;
        }
        match c {
            '[' => out.push_str("\\["),
            ']' => out.push_str("\\]"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            _ => out.push(c),
        }
        rest = &rest[c.len_utf8()..];
    }
}

fn is_url_start(text: &str) -> bool {
    text.starts_with("https://") || text.starts_with("http://")
}

/// Length of a URL at the start of `text`, without trailing punctuation.
fn url_len(text: &str) -> usize {
    let end = text
        .find(|c: char| c.is_whitespace() || c == '"' || c == '<' || c == '>')
        .unwrap_or(text.len());
    let url = text[..end].trim_end_matches(['.', ',', ';', ':', ')', '!', '?', '\'']);
    url.len()
}

/// Length of a Markdown link `[text](target)` at the start of `text`.
fn markdown_link_len(text: &str) -> Option<usize> {
    let close = text.find(']')?;
    if text[1..close].contains('[') || !text[close + 1..].starts_with('(') {
        return None;
    }
    let target_end = text[close + 1..].find(')')? + close + 1;
    Some(target_end + 1)
}

#[cfg(test)]
mod tests {
    use super::{article, sanitize};

    #[test]
    fn articles_follow_the_sound() {
        for (text, expected) in [
            ("UpdateRunnerGroup", "an"),
            ("[`Runner`]", "a"),
            ("`ActionsCacheUsage`", "an"),
            ("integer", "an"),
            ("UsageStats", "a"),
            ("`UniqueName`", "a"),
            ("one-of", "a"),
            ("HtmlUrl", "an"),
            ("URL", "a"),
            ("SSH key", "an"),
            ("X25519 key", "an"),
            ("Artifact", "an"),
            ("", "a"),
        ] {
            assert_eq!(article(text), expected, "{text}");
        }
    }

    #[test]
    fn bare_urls_are_wrapped() {
        assert_eq!(
            sanitize("See https://docs.github.com/en/rest. Then go."),
            "See <https://docs.github.com/en/rest>. Then go."
        );
        assert_eq!(sanitize("(https://a.b/c)"), "(<https://a.b/c>)");
    }

    #[test]
    fn links_and_autolinks_are_kept() {
        assert_eq!(sanitize("[docs](https://a.b/c)"), "[docs](https://a.b/c)");
        assert_eq!(sanitize("<https://a.b/c>"), "<https://a.b/c>");
    }

    #[test]
    fn brackets_and_tags_are_escaped() {
        assert_eq!(sanitize("an array [1, 2]"), "an array \\[1, 2\\]");
        assert_eq!(sanitize("Bearer <YOUR-TOKEN>"), "Bearer &lt;YOUR-TOKEN&gt;");
    }

    #[test]
    fn code_is_left_alone() {
        assert_eq!(
            sanitize("use `Vec<u8>` and `[a]`"),
            "use `Vec<u8>` and `[a]`"
        );
        assert_eq!(
            sanitize("```\nlet x = [1];\n```"),
            "```text\nlet x = [1];\n```"
        );
        assert_eq!(sanitize("```js\nx\n```"), "```text\nx\n```");
    }
}
