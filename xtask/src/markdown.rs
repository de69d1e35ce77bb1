//! Official prose as the spec writes it: plain Markdown that reads the same in the YAML and in
//! the generated docs.
//!
//! GitHub's description writes Markdown for its docs site: GitHub alerts in block quotes
//! (`> [!NOTE]`), backslash escapes (`\_`), now and then an HTML entity (`&gt;`). rustdoc knows
//! none of the alerts, and the generator escapes `>` and `[` in prose (so that they are not
//! HTML or intra-doc links), so such text came out as `&gt; \[!NOTE\]`. [`plain`] turns it into
//! Markdown that needs no escape: entities and escapes decoded (outside code), an alert into a
//! paragraph that starts with its name in bold (`**Note:** …`), other block quotes unwrapped,
//! and each paragraph on one line, paragraphs apart by a blank line, list items, headings and
//! table rows each on their own line.

/// The kinds of GitHub alerts, and the words they become.
const ALERTS: &[(&str, &str)] = &[
    ("[!NOTE]", "**Note:**"),
    ("[!TIP]", "**Tip:**"),
    ("[!IMPORTANT]", "**Important:**"),
    ("[!WARNING]", "**Warning:**"),
    ("[!CAUTION]", "**Caution:**"),
];

/// `text` (official prose) as plain Markdown (see the module docs).
pub fn plain(text: &str) -> String {
    // Lines with block quotes unwrapped, escapes decoded; `None` for a paragraph break.
    let mut lines: Vec<Option<String>> = Vec::new();
    let mut in_fence = false;
    let mut was_quoted = false;
    for raw in text.lines() {
        let raw = raw.replace('\t', "    ");
        let trimmed = raw.trim();
        if trimmed.starts_with("```") {
            in_fence = !in_fence;
            lines.push(Some(trimmed.to_owned()));
            continue;
        }
        if in_fence {
            lines.push(Some(raw.trim_end().to_owned()));
            continue;
        }
        let mut line = trimmed;
        let mut quoted = false;
        while let Some(rest) = line.strip_prefix('>') {
            line = rest.trim_start();
            quoted = true;
        }
        if quoted != was_quoted {
            // A quote is a block of its own: never run on into the text around it.
            lines.push(None);
            was_quoted = quoted;
        }
        let line = decode(line);
        if line.is_empty() {
            lines.push(None);
            continue;
        }
        match ALERTS.iter().find(|(marker, _)| line.starts_with(marker)) {
            Some((marker, word)) => {
                let rest = line[marker.len()..].trim();
                lines.push(Some(format!("{word} {rest}").trim_end().to_owned()));
            }
            None => lines.push(Some(line)),
        }
    }

    // Paragraphs: a block's lines joined, except those that start a line of their own.
    let mut blocks: Vec<Vec<String>> = Vec::new();
    let mut block: Vec<String> = Vec::new();
    let mut in_fence = false;
    for line in lines {
        let Some(line) = line else {
            if !in_fence && !block.is_empty() {
                blocks.push(std::mem::take(&mut block));
            }
            continue;
        };
        let fence = line.trim_start().starts_with("```");
        if in_fence || fence {
            block.push(line);
            in_fence ^= fence;
            continue;
        }
        let own_line = starts_own_line(&line);
        match block.last_mut() {
            Some(last) if !own_line && !is_verbatim(last) => {
                last.push(' ');
                last.push_str(&line);
            }
            _ => block.push(line),
        }
    }
    if !block.is_empty() {
        blocks.push(block);
    }
    blocks
        .iter()
        .map(|block| block.join("\n"))
        .collect::<Vec<_>>()
        .join("\n\n")
}

/// Whether a line starts a line of its own in a paragraph: a list item, a heading, a table row.
pub fn starts_own_line(line: &str) -> bool {
    list_marker(line).is_some() || is_verbatim(line)
}

/// Whether a line is kept as it is (not wrapped, nothing joined to it): a heading, a table row,
/// a code fence.
pub fn is_verbatim(line: &str) -> bool {
    line.starts_with('#') || line.starts_with('|') || line.starts_with("```")
}

/// The marker of a list item (`- `, `* `, `1. `), with its space.
pub fn list_marker(line: &str) -> Option<&str> {
    if line.starts_with("- ") || line.starts_with("* ") || line.starts_with("+ ") {
        return Some(&line[..2]);
    }
    let digits = line.chars().take_while(char::is_ascii_digit).count();
    if digits > 0 && line[digits..].starts_with(". ") {
        return Some(&line[..digits + 2]);
    }
    None
}

/// One line with HTML entities and backslash escapes decoded, except in code spans, and its
/// whitespace collapsed.
fn decode(line: &str) -> String {
    let mut out = String::with_capacity(line.len());
    let mut rest = line;
    let mut in_code = false;
    while let Some(c) = rest.chars().next() {
        if c == '`' {
            in_code = !in_code;
        } else if !in_code {
            if c == '\\' {
                if let Some(next) = rest[1..].chars().next().filter(char::is_ascii_punctuation) {
                    out.push(next);
                    rest = &rest[1 + next.len_utf8()..];
                    continue;
                }
            } else if c == '&' {
                if let Some((decoded, len)) = entity(rest) {
                    out.push(decoded);
                    rest = &rest[len..];
                    continue;
                }
            }
        }
        out.push(c);
        rest = &rest[c.len_utf8()..];
    }
    out.split_whitespace().collect::<Vec<_>>().join(" ")
}

/// The character of an HTML entity at the start of `text` (`&gt;`, `&#39;`, `&#x27;`) and the
/// entity's length.
fn entity(text: &str) -> Option<(char, usize)> {
    let end = text.find(';').filter(|&end| end <= 10)?;
    let name = &text[1..end];
    let decoded = match name {
        "amp" => '&',
        "lt" => '<',
        "gt" => '>',
        "quot" => '"',
        "apos" => '\'',
        "nbsp" => ' ',
        _ => {
            let code = match name.strip_prefix("#x").or_else(|| name.strip_prefix("#X")) {
                Some(hex) => u32::from_str_radix(hex, 16).ok()?,
                None => name.strip_prefix('#')?.parse().ok()?,
            };
            char::from_u32(code)?
        }
    };
    Some((decoded, end + 1))
}

#[cfg(test)]
mod tests {
    use super::plain;

    #[test]
    fn alerts_become_paragraphs_that_name_them() {
        let text = "Lists check runs.\n\n> [!NOTE]\n> The endpoints only look for pushes.\n\nMore.";
        assert_eq!(
            plain(text),
            "Lists check runs.\n\n**Note:** The endpoints only look for pushes.\n\nMore."
        );
        let list = "> [!NOTE]\n> - In order to see it.\n> - To view merge-related settings.";
        assert_eq!(
            plain(list),
            "**Note:**\n- In order to see it.\n- To view merge-related settings."
        );
    }

    #[test]
    fn entities_and_escapes_are_decoded_outside_code() {
        assert_eq!(
            plain("&gt; \\[!NOTE\\] a \\_b\\_ &amp; &#39;c&#x27;"),
            "> [!NOTE] a _b_ & 'c'"
        );
        assert_eq!(
            plain("Defaults to `\\A|[^0-9]` and `&gt;`."),
            "Defaults to `\\A|[^0-9]` and `&gt;`."
        );
        assert_eq!(plain("a & b; c &unknown; d"), "a & b; c &unknown; d");
    }

    #[test]
    fn paragraphs_are_one_line_and_lists_keep_their_items() {
        let text = "One\nparagraph.\n\nThe types:\n\n- **`raw`**: the\n  raw file.\n- `html`: HTML.\n\nLast.";
        assert_eq!(
            plain(text),
            "One paragraph.\n\nThe types:\n\n- **`raw`**: the raw file.\n- `html`: HTML.\n\nLast."
        );
        assert_eq!(plain("1. one\n2. two"), "1. one\n2. two");
    }

    #[test]
    fn code_blocks_are_kept() {
        let text = "Example:\n\n```json\n{\n  \"a\": 1\n}\n```";
        assert_eq!(plain(text), "Example:\n\n```json\n{\n  \"a\": 1\n}\n```");
    }
}
