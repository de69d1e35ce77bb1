//! The JSON path of a decode error, worked out from where serde_json stopped.
//!
//! serde_json reports a line and column; the caller wants `artifacts[3].created_at`. Rather
//! than decoding the body a second time with a path-tracking deserializer (which would compile
//! every model's decoder twice), this scans the body up to the error position, keeping a stack
//! of the objects and arrays it is inside: the key it is under in each object, the index in
//! each array.

/// One open container while scanning.
enum Frame {
    Object {
        /// The key whose value is being read, once its `:` has been seen.
        key: Option<String>,
        /// The next string is a key (after `{` and `,`).
        expecting_key: bool,
    },
    Array {
        index: usize,
    },
}

/// The path of the value at 1-based `line` / `column` (serde_json's error position) in `body`,
/// as `artifacts[3].created_at`, or `.` for the whole body.
pub(crate) fn path_at(body: &[u8], line: usize, column: usize) -> String {
    path_at_offset(body, offset(body, line, column))
}

/// The path of the value that the byte at `end` is in (see [`path_at`]).
pub(crate) fn path_at_offset(body: &[u8], end: usize) -> String {
    let end = end.min(body.len());
    let mut stack: Vec<Frame> = Vec::new();
    let mut i = 0;
    while i < end {
        match body[i] {
            b'"' => {
                let start = i + 1;
                i = string_end(body, start);
                if let Some(Frame::Object { key, expecting_key }) = stack.last_mut() {
                    if *expecting_key {
                        let raw = &body[start..i.min(end).min(body.len())];
                        *key = Some(unescape(raw));
                        *expecting_key = false;
                    }
                }
            }
            b'{' => stack.push(Frame::Object {
                key: None,
                expecting_key: true,
            }),
            b'[' => stack.push(Frame::Array { index: 0 }),
            b'}' | b']' => {
                stack.pop();
            }
            b',' => match stack.last_mut() {
                Some(Frame::Object { key, expecting_key }) => {
                    *key = None;
                    *expecting_key = true;
                }
                Some(Frame::Array { index }) => *index += 1,
                None => {}
            },
            _ => {}
        }
        i += 1;
    }
    render(&stack)
}

/// The byte offset of serde_json's position: the bytes of `line - 1` lines, then `column`.
fn offset(body: &[u8], line: usize, column: usize) -> usize {
    let mut start = 0;
    for _ in 1..line {
        match body[start..].iter().position(|&b| b == b'\n') {
            Some(newline) => start += newline + 1,
            None => return body.len(),
        }
    }
    start + column
}

/// The index of the `"` that closes the string starting at `start` (or the end of the body).
fn string_end(body: &[u8], start: usize) -> usize {
    let mut i = start;
    while i < body.len() {
        match body[i] {
            b'\\' => i += 2,
            b'"' => return i,
            _ => i += 1,
        }
    }
    body.len()
}

/// A key's text: JSON escapes decoded when the key is complete, else taken as it is.
fn unescape(raw: &[u8]) -> String {
    // Read as a `Value`: serde_json's own decoder, already compiled, rather than one more
    // compiled into this crate for keys.
    let decoded = std::str::from_utf8(raw)
        .ok()
        .and_then(|raw| format!("\"{raw}\"").parse().ok());
    match decoded {
        Some(serde_json::Value::String(key)) => key,
        _ => String::from_utf8_lossy(raw).into_owned(),
    }
}

fn render(stack: &[Frame]) -> String {
    let mut path = String::new();
    for frame in stack {
        match frame {
            Frame::Object { key: Some(key), .. } => {
                if !path.is_empty() {
                    path.push('.');
                }
                path.push_str(key);
            }
            // Inside an object but between its fields: the object itself is the place.
            Frame::Object { key: None, .. } => break,
            Frame::Array { index } => path.push_str(&format!("[{index}]")),
        }
    }
    if path.is_empty() {
        ".".to_owned()
    } else {
        path
    }
}

#[cfg(test)]
mod tests {
    use serde::Deserialize;

    use super::path_at;

    #[derive(Debug, Deserialize)]
    #[allow(dead_code)]
    struct Page {
        total_count: i64,
        artifacts: Vec<Artifact>,
    }

    #[derive(Debug, Deserialize)]
    #[allow(dead_code)]
    struct Artifact {
        id: i64,
        name: String,
        labels: Vec<Label>,
    }

    #[derive(Debug, Deserialize)]
    #[allow(dead_code)]
    struct Label {
        name: String,
    }

    /// Our path and serde_path_to_error's, for the same broken body.
    fn both(body: &str) -> (String, String) {
        let error = serde_json::from_str::<Page>(body).unwrap_err();
        let ours = path_at(body.as_bytes(), error.line(), error.column());
        let deserializer = &mut serde_json::Deserializer::from_str(body);
        let theirs = serde_path_to_error::deserialize::<_, Page>(deserializer)
            .unwrap_err()
            .path()
            .to_string();
        (ours, theirs)
    }

    #[test]
    fn agrees_with_a_path_tracking_decoder() {
        let good = r#"{"total_count": 2, "artifacts": [{"id": 1, "name": "a", "labels": [{"name": "x"}]}, {"id": 2, "name": "b", "labels": [{"name": "y"}, {"name": "z"}]}]}"#;
        let broken = [
            good.replace(r#""total_count": 2"#, r#""total_count": "two""#),
            good.replace(r#""id": 2"#, r#""id": "two""#),
            good.replace(r#""name": "z""#, r#""name": 26"#),
            good.replace(r#""name": "b""#, r#""name": {"nested": [1, 2]}"#),
            good.replace(r#"{"name": "y"}"#, "[]"),
            good.replace(r#""artifacts": ["#, r#""artifacts": 7, "x": ["#),
            good.replace(r#"{"id": 1, "name": "a", "#, r#"{"name": "a", "#),
            // Pretty-printed, with the error on a later line.
            good.replace(", ", ",\n  ")
                .replace(r#""id": 2"#, r#""id": null"#),
            // Escapes in keys and strings before the error.
            good.replace(r#""name": "a""#, r#""name": "a\"b\\", "\u0078y": 1"#)
                .replace(r#""id": 2"#, r#""id": 2.5"#),
        ];
        for body in &broken {
            let (ours, theirs) = both(body);
            assert_eq!(ours, theirs, "for {body}");
        }
    }

    #[test]
    fn names_places() {
        assert_eq!(
            both(r#"{"total_count": true, "artifacts": []}"#).0,
            "total_count"
        );
        assert_eq!(
            both(r#"{"total_count": 1, "artifacts": [{"id": 1, "name": 5, "labels": []}]}"#).0,
            "artifacts[0].name"
        );
        assert_eq!(both("[]").0, ".");
        assert_eq!(
            both(r#"{"total_count": 1, "artifacts": [1, {"id": 1}]}"#).0,
            "artifacts[0]"
        );
    }
}
