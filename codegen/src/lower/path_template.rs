//! Parses a path template (`/repos/{owner}/{repo}`) into literal text and parameters.
//!
//! A parameter may be named like a Rust keyword (`{ref}`, `{type}`, `{self}`, as GitHub names
//! them), or with a hyphen (`{enterprise-team}`): the path keeps GitHub's name, and the
//! generated code binds the value to the parameter's Rust name (`ref_`, `enterprise_team`), as
//! arguments and setters are named ([`crate::ident::field`]).

use super::model::{PathSegment, PathTemplate};

/// Splits `raw` into segments, or says what is wrong with it.
pub(crate) fn parse(raw: &str) -> Result<PathTemplate, String> {
    if !raw.starts_with('/') {
        return Err(format!("path `{raw}` must start with `/`"));
    }
    let mut segments = Vec::new();
    let mut rest = raw;
    while !rest.is_empty() {
        match rest.find(['{', '}']) {
            None => {
                segments.push(PathSegment::Literal(rest.to_owned()));
                rest = "";
            }
            Some(start) if rest[start..].starts_with('}') => {
                return Err(format!("path `{raw}` has a `}}` without a matching `{{`"));
            }
            Some(start) => {
                if start > 0 {
                    segments.push(PathSegment::Literal(rest[..start].to_owned()));
                }
                let after = &rest[start + 1..];
                let end = after
                    .find(['{', '}'])
                    .filter(|&end| after[end..].starts_with('}'))
                    .ok_or_else(|| format!("path `{raw}` has a `{{` without a matching `}}`"))?;
                let name = &after[..end];
                let valid = name.starts_with(|c: char| c.is_ascii_lowercase() || c == '_')
                    && name.chars().all(|c| {
                        c.is_ascii_lowercase() || c.is_ascii_digit() || c == '_' || c == '-'
                    });
                if !valid {
                    return Err(format!(
                        "path parameter `{{{name}}}` must be a lowercase name (letters, digits, `_`, `-`)"
                    ));
                }
                segments.push(PathSegment::Parameter(name.to_owned()));
                rest = &after[end + 1..];
            }
        }
    }
    Ok(PathTemplate {
        raw: raw.to_owned(),
        segments,
    })
}

impl PathTemplate {
    /// The parameter names, in path order.
    pub fn parameters(&self) -> impl Iterator<Item = &str> {
        self.segments.iter().filter_map(|segment| match segment {
            PathSegment::Parameter(name) => Some(name.as_str()),
            PathSegment::Literal(_) => None,
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn names(raw: &str) -> Vec<String> {
        parse(raw)
            .unwrap()
            .parameters()
            .map(str::to_owned)
            .collect()
    }

    #[test]
    fn table() {
        assert_eq!(
            names("/repos/{owner}/{repo}/actions/artifacts"),
            ["owner", "repo"]
        );
        assert_eq!(names("/orgs/{org}/actions/secrets/public-key"), ["org"]);
        assert_eq!(
            names("/repos/{owner}/{repo}/actions/artifacts/{artifact_id}/{archive_format}"),
            ["owner", "repo", "artifact_id", "archive_format"]
        );
        assert_eq!(names("/meta"), Vec::<String>::new());
        let template = parse("/a/{b}c").unwrap();
        assert_eq!(
            template.segments,
            [
                PathSegment::Literal("/a/".into()),
                PathSegment::Parameter("b".into()),
                PathSegment::Literal("c".into())
            ]
        );
    }

    /// GitHub names path parameters `ref` (`/repos/{owner}/{repo}/git/ref/{ref}`) and the like:
    /// keywords, strict or not, raw-able or not, are names like any other.
    #[test]
    fn keywords_are_parameter_names() {
        assert_eq!(
            names("/repos/{owner}/{repo}/git/ref/{ref}"),
            ["owner", "repo", "ref"]
        );
        assert_eq!(
            names("/things/{type}/{self}/{crate}"),
            ["type", "self", "crate"]
        );
    }

    #[test]
    fn errors() {
        assert!(parse("repos").unwrap_err().contains("must start with `/`"));
        assert!(parse("/repos/{owner")
            .unwrap_err()
            .contains("without a matching `}`"));
        assert!(parse("/repos/owner}")
            .unwrap_err()
            .contains("without a matching `{`"));
        assert!(parse("/repos/{Owner}")
            .unwrap_err()
            .contains("lowercase name"));
        assert!(parse("/repos/{}").unwrap_err().contains("lowercase name"));
        assert!(parse("/repos/{a{b}}")
            .unwrap_err()
            .contains("without a matching"));
    }
}
