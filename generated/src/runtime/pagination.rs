//! Paginated list responses.

/// A page of a paginated list: GitHub wraps the items in an object (`total_count` and a field
/// such as `artifacts` or `workflow_runs`). The spec names the field; the generated models
/// implement this trait to reach it.
pub trait Page {
    /// The type of one item.
    type Item;

    /// The items of this page.
    fn items(&self) -> &[Self::Item];

    /// The items of this page, by value.
    fn into_items(self) -> Vec<Self::Item>;
}
