//! The outcome several operations share: a write that created something or replaced it.

/// What a create-or-update did, by the success status GitHub answered with: `201 Created` for
/// something new, `204 No Content` when it replaced what was there. Every operation whose two
/// successes are exactly these answers it (the `create_or_update_…_secret` operations), and so
/// do the secret round trips of the `secrets` feature (`Core::set_repo_secret` and its
/// siblings).
///
/// Exhaustive on purpose, unlike the crate's other enums: its two cases are its name, and an
/// operation with another success answers an enum of its own.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum CreatedOrUpdated {
    /// `201`: it is new.
    Created,
    /// `204`: it existed and now has the new value.
    Updated,
}
