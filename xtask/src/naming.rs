//! The spec's name of an operation of GitHub's official description (and so its `Client`
//! method): what `cargo xtask draft` writes and what `cargo xtask audit` accepts.
//!
//! An official `operationId` is `CATEGORY/NAME` (`actions/get-artifact`, `repos/get`,
//! `checks/list-for-ref`). NAME alone is the spec's name when it says what it acts on
//! (`get-artifact` → `Client::get_artifact`). Many do not: they lean on the category
//! (`repos/get`, `pulls/list`, `checks/list-for-ref`), and as a method of one `Client` beside
//! every other they would read `client.get(…)`, `client.list_for_ref(…)`. The rule:
//!
//! 1. **A generic name** (one word, or a verb followed by a preposition: `get`, `list`,
//!    `list-for-ref`, `get-by-slug`, `create-from-manifest`) gets the category's noun after its
//!    verb, plural after `list`, singular after any other verb: `repos/get` → `get-repo`,
//!    `pulls/list` → `list-pull-requests`, `checks/list-for-ref` → `list-check-runs-for-ref`,
//!    `apps/get-by-slug` → `get-app-by-slug`. A one-word name that is not a verb is the object
//!    itself and follows the category: `search/code` → `search-code`, `meta/root` → `meta-root`.
//! 2. **The category's noun** is the category with a trailing `s` dropped for the singular
//!    (`repos` → `repo`, `gists` → `gist`, `enterprise-teams` → `enterprise-team`), except where
//!    the category is an abbreviation or covers several kinds of things: `pulls` →
//!    `pull-request(s)`, `checks` → `check-run(s)` or `check-suite(s)` (by the operation's
//!    `x-github.subcategory`), and categories that are no count noun (`meta`, `search`,
//!    `markdown`, `emojis`, `rate-limit`, `credentials`) stay as they are.
//! 3. **A name that another operation already has** (in `spec/`, or earlier in the same draft:
//!    `dependabot/list-org-secrets` beside the Actions one) gets the category's singular noun
//!    after its verb: `list-dependabot-org-secrets`, `pulls/list-commits` →
//!    `list-pull-request-commits`, `git/get-commit` → `get-git-commit`.
//!
//! Every other name is kept (`git/get-ref` → `get-ref`, `repos/get-content` → `get-content`).

/// Words that, right after the verb, show the name has no object (`list-for-ref`).
const PREPOSITIONS: &[&str] = &[
    "for", "in", "on", "by", "from", "with", "to", "into", "of", "at", "as", "using",
];

/// First words that are verbs (the rest of a one-word name is its object: `search/code`).
const VERBS: &[&str] = &[
    "get",
    "list",
    "create",
    "update",
    "delete",
    "add",
    "remove",
    "set",
    "merge",
    "fork",
    "star",
    "unstar",
    "lock",
    "unlock",
    "transfer",
    "follow",
    "unfollow",
    "block",
    "unblock",
    "render",
    "revoke",
    "start",
    "stop",
    "export",
    "publish",
    "replace",
    "check",
    "cancel",
    "approve",
    "rerun",
    "review",
    "submit",
    "dismiss",
    "request",
    "enable",
    "disable",
    "download",
    "upload",
    "redeliver",
    "ping",
    "test",
    "sync",
    "accept",
    "decline",
    "archive",
    "unarchive",
    "pin",
    "unpin",
    "hide",
    "unhide",
    "mark",
    "move",
    "restore",
    "suspend",
    "unsuspend",
    "install",
    "uninstall",
    "bulk",
];

/// The category's noun, singular and plural, for an operation of category `category` (the
/// `operationId`'s part before `/`) and `x-github.subcategory` `subcategory`.
pub fn category_noun(category: &str, subcategory: Option<&str>) -> (String, String) {
    let both = |singular: &str, plural: &str| (singular.to_owned(), plural.to_owned());
    match (category, subcategory) {
        ("pulls", _) => both("pull-request", "pull-requests"),
        ("checks", Some("suites")) => both("check-suite", "check-suites"),
        ("checks", _) => both("check-run", "check-runs"),
        ("meta" | "search" | "markdown" | "emojis" | "rate-limit" | "credentials" | "git", _) => {
            both(category, category)
        }
        _ => match category.strip_suffix('s') {
            Some(singular) if !singular.ends_with('s') && !singular.is_empty() => {
                both(singular, category)
            }
            _ => both(category, category),
        },
    }
}

/// Whether an operation name (`NAME` of `CATEGORY/NAME`) says nothing of what it acts on.
pub fn is_generic(name: &str) -> bool {
    let mut words = name.split('-');
    let _verb = words.next();
    match words.next() {
        None => true,
        Some(second) => PREPOSITIONS.contains(&second),
    }
}

/// The spec's name for the official `operation_id` (rules 1 and 2 of the module docs).
pub fn operation_name(operation_id: &str, subcategory: Option<&str>) -> String {
    let Some((category, name)) = operation_id.split_once('/') else {
        return operation_id.to_owned();
    };
    if !is_generic(name) {
        return name.to_owned();
    }
    let (singular, plural) = category_noun(category, subcategory);
    let (verb, rest) = match name.split_once('-') {
        Some((verb, rest)) => (verb, Some(rest)),
        None => (name, None),
    };
    if !VERBS.contains(&verb) && rest.is_none() {
        // `search/code`, `meta/root`: the word is the object, the category says what it is.
        if name == singular || name == plural {
            return name.to_owned();
        }
        return format!("{singular}-{name}");
    }
    let noun = if verb == "list" { plural } else { singular };
    match rest {
        Some(rest) => format!("{verb}-{noun}-{rest}"),
        None => format!("{verb}-{noun}"),
    }
}

/// The name for `operation_id` when [`operation_name`] is taken by another operation (rule 3):
/// the category's singular noun after the verb, unless rule 1 put a noun there already.
pub fn qualified_name(operation_id: &str, subcategory: Option<&str>) -> String {
    let name = operation_name(operation_id, subcategory);
    let Some((category, official)) = operation_id.split_once('/') else {
        return name;
    };
    if is_generic(official) {
        // Rule 1 named the category already; say it once more, in full.
        return format!("{category}-{name}");
    }
    let (singular, _) = category_noun(category, subcategory);
    match name.split_once('-') {
        Some((verb, rest)) => format!("{verb}-{singular}-{rest}"),
        None => format!("{singular}-{name}"),
    }
}

/// The names the spec may give the official operation: its `NAME`, and the names of the rules.
pub fn accepted_names(operation_id: &str, subcategory: Option<&str>) -> [String; 3] {
    let plain = operation_id
        .split_once('/')
        .map_or(operation_id, |(_, name)| name)
        .to_owned();
    [
        plain,
        operation_name(operation_id, subcategory),
        qualified_name(operation_id, subcategory),
    ]
}

/// A path template with its parameter names left out (`/repos/{}/{}/git/ref/{}`): two paths
/// of the same shape are the same endpoint whatever their parameters are called (`{ref}` or
/// `{git_ref}`).
pub fn path_shape(path: &str) -> String {
    let mut out = String::with_capacity(path.len());
    let mut in_name = false;
    for c in path.chars() {
        match c {
            '{' => {
                in_name = true;
                out.push_str("{}");
            }
            '}' => in_name = false,
            _ if in_name => {}
            _ => out.push(c),
        }
    }
    out
}

#[cfg(test)]
mod tests {
    #[test]
    fn path_shapes_leave_names_out() {
        assert_eq!(
            path_shape("/repos/{owner}/{repo}/git/ref/{ref}"),
            path_shape("/repos/{owner}/{repo}/git/ref/{git_ref}")
        );
        assert_eq!(path_shape("/a/{b}/c{d}"), "/a/{}/c{}");
        assert_ne!(path_shape("/a/{b}"), path_shape("/a/{b}/c"));
    }

    use super::*;

    #[test]
    fn generic_names_say_what_they_act_on() {
        for (id, subcategory, expected) in [
            ("repos/get", Some("repos"), "get-repo"),
            ("repos/update", Some("repos"), "update-repo"),
            ("repos/list-for-org", Some("repos"), "list-repos-for-org"),
            (
                "checks/list-for-ref",
                Some("runs"),
                "list-check-runs-for-ref",
            ),
            ("checks/get", Some("runs"), "get-check-run"),
            (
                "checks/list-for-suite",
                Some("runs"),
                "list-check-runs-for-suite",
            ),
            ("pulls/list", Some("pulls"), "list-pull-requests"),
            ("pulls/merge", Some("pulls"), "merge-pull-request"),
            ("apps/get-by-slug", Some("apps"), "get-app-by-slug"),
            ("gists/star", Some("gists"), "star-gist"),
            (
                "issues/list-for-repo",
                Some("issues"),
                "list-issues-for-repo",
            ),
            ("meta/get", Some("meta"), "get-meta"),
            ("meta/root", Some("meta"), "meta-root"),
            ("search/code", Some("search"), "search-code"),
            ("emojis/get", Some("emojis"), "get-emojis"),
            ("rate-limit/get", Some("rate-limit"), "get-rate-limit"),
            ("markdown/render", Some("markdown"), "render-markdown"),
            (
                "enterprise-team-memberships/add",
                Some("enterprise-team-members"),
                "add-enterprise-team-membership",
            ),
        ] {
            assert_eq!(operation_name(id, subcategory), expected, "{id}");
        }
    }

    #[test]
    fn names_that_say_it_are_kept() {
        for id in [
            "git/get-ref",
            "repos/get-content",
            "actions/get-artifact",
            "repos/get-all-topics",
            "orgs/revoke-all-org-roles-team",
        ] {
            assert_eq!(operation_name(id, None), id.split_once('/').unwrap().1);
        }
    }

    #[test]
    fn a_taken_name_is_qualified_by_the_category() {
        assert_eq!(
            qualified_name("dependabot/list-org-secrets", None),
            "list-dependabot-org-secrets"
        );
        assert_eq!(
            qualified_name("pulls/list-commits", None),
            "list-pull-request-commits"
        );
        assert_eq!(qualified_name("git/get-commit", None), "get-git-commit");
        assert_eq!(qualified_name("repos/get", None), "repos-get-repo");
    }

    #[test]
    fn the_audit_accepts_each_name() {
        assert_eq!(
            accepted_names("checks/list-for-ref", Some("runs")),
            [
                "list-for-ref",
                "list-check-runs-for-ref",
                "checks-list-check-runs-for-ref"
            ]
        );
    }
}
