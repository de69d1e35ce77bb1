//! Errors and warnings found in a spec, collected rather than thrown at the first one.
//!
//! Every stage pushes what it finds into a `Reporter`; the pipeline stops between stages when
//! an error was reported, so a user sees every problem of one kind in one run. Warnings (a
//! field without a description, say) do not stop it: the code is still generated, and the
//! caller shows them (`cargo xtask codegen` prints them; `--check` fails on them).

use std::fmt;

use crate::load::locate::Locator;
use crate::load::{SourceId, Sources};

/// One problem in a spec file, with the place it was found.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Diagnostic {
    /// The spec file, as the caller named it (for example `spec/artifacts.yaml`).
    pub file: String,
    /// 1-based line.
    pub line: usize,
    /// 1-based column.
    pub column: usize,
    /// What is wrong, in a sentence.
    pub message: String,
}

impl fmt::Display for Diagnostic {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "{}:{}:{}: {}",
            self.file, self.line, self.column, self.message
        )
    }
}

/// Everything that was wrong with a spec, in file order.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Diagnostics(pub Vec<Diagnostic>);

impl fmt::Display for Diagnostics {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        for diagnostic in &self.0 {
            writeln!(f, "error: {diagnostic}")?;
        }
        let count = self.0.len();
        write!(
            f,
            "{count} error{} in the spec",
            if count == 1 { "" } else { "s" }
        )
    }
}

impl std::error::Error for Diagnostics {}

/// Warnings about a spec that still generated, in file order: what to improve, not what is
/// broken.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Warnings(pub Vec<Diagnostic>);

impl Warnings {
    /// Whether there are none.
    pub fn is_empty(&self) -> bool {
        self.0.is_empty()
    }
}

impl fmt::Display for Warnings {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        for diagnostic in &self.0 {
            writeln!(f, "warning: {diagnostic}")?;
        }
        let count = self.0.len();
        write!(
            f,
            "{count} warning{} in the spec",
            if count == 1 { "" } else { "s" }
        )
    }
}

/// A step into a YAML document: a mapping key or a sequence index.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub enum Segment {
    /// A key of a mapping.
    Key(String),
    /// An index into a sequence.
    Index(usize),
}

/// Where a value sits in a YAML document, as the keys and indices leading to it
/// (`operations[2].parameters[0].ref`). Semantic errors are reported against a path, and
/// the path is turned into a line and column only when an error is shown.
#[derive(Debug, Clone, Default, PartialEq, Eq, Hash)]
pub struct SpecPath(pub Vec<Segment>);

impl SpecPath {
    /// The path of the document root.
    pub fn root() -> Self {
        Self::default()
    }

    /// This path, one mapping key deeper.
    pub fn key(&self, key: &str) -> Self {
        let mut path = self.clone();
        path.0.push(Segment::Key(key.to_owned()));
        path
    }

    /// This path, one sequence index deeper.
    pub fn index(&self, index: usize) -> Self {
        let mut path = self.clone();
        path.0.push(Segment::Index(index));
        path
    }
}

/// Whether an error points at a mapping key or at the value under it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Anchor {
    Key,
    Value,
}

#[derive(Clone)]
struct Pending {
    source: SourceId,
    path: SpecPath,
    anchor: Anchor,
    message: String,
}

/// Collects diagnostics during a stage (the `Ctxt` of serde_derive).
pub(crate) struct Reporter<'a> {
    sources: &'a Sources,
    located: Vec<Diagnostic>,
    pending: Vec<Pending>,
    /// Warnings of every stage so far; they never stop the pipeline.
    warnings: Vec<Pending>,
}

impl<'a> Reporter<'a> {
    pub(crate) fn new(sources: &'a Sources) -> Self {
        Self {
            sources,
            located: Vec::new(),
            pending: Vec::new(),
            warnings: Vec::new(),
        }
    }

    /// Reports a problem whose position the YAML parser already knows.
    pub(crate) fn at_position(
        &mut self,
        source: SourceId,
        line: usize,
        column: usize,
        message: String,
    ) {
        let file = self.sources.name(source).to_owned();
        self.located.push(Diagnostic {
            file,
            line,
            column,
            message,
        });
    }

    /// Reports a problem with the value at `path`.
    pub(crate) fn error(&mut self, source: SourceId, path: &SpecPath, message: impl Into<String>) {
        self.push(source, path, Anchor::Value, message.into());
    }

    /// Reports a problem with the key that ends `path` (a duplicate name, say).
    pub(crate) fn key_error(
        &mut self,
        source: SourceId,
        path: &SpecPath,
        message: impl Into<String>,
    ) {
        self.push(source, path, Anchor::Key, message.into());
    }

    /// Reports something to improve about the key that ends `path`, which does not stop code
    /// from being generated (a property without a description, say).
    pub(crate) fn key_warning(
        &mut self,
        source: SourceId,
        path: &SpecPath,
        message: impl Into<String>,
    ) {
        self.warnings.push(Pending {
            source,
            path: path.clone(),
            anchor: Anchor::Key,
            message: message.into(),
        });
    }

    fn push(&mut self, source: SourceId, path: &SpecPath, anchor: Anchor, message: String) {
        self.pending.push(Pending {
            source,
            path: path.clone(),
            anchor,
            message,
        });
    }

    /// Where the key that ends `path` is, as `file:line:column`: for a message that names a
    /// second place (the first definition of a name that clashes, say).
    pub(crate) fn place_of_key(&self, source: SourceId, path: &SpecPath) -> String {
        let (line, column) = Locator::new(self.sources.text(source)).locate(path, Anchor::Key);
        format!("{}:{line}:{column}", self.sources.name(source))
    }

    /// The name of a source file, as the caller gave it.
    pub(crate) fn source_name(&self, source: SourceId) -> &'a str {
        self.sources.name(source)
    }

    pub(crate) fn has_errors(&self) -> bool {
        !self.located.is_empty() || !self.pending.is_empty()
    }

    /// Ends a stage: `Ok` when no error was reported, else every error, located and sorted by
    /// file, line and column. Warnings are kept for [`Reporter::warnings`].
    pub(crate) fn finish(&mut self) -> Result<(), Diagnostics> {
        if !self.has_errors() {
            return Ok(());
        }
        let mut all = std::mem::take(&mut self.located);
        let pending = std::mem::take(&mut self.pending);
        all.extend(self.locate(pending));
        Err(Diagnostics(self.sorted(all)))
    }

    /// Every warning reported, located and sorted by file, line and column.
    pub(crate) fn warnings(self) -> Warnings {
        let warnings = self.locate(self.warnings.clone());
        Warnings(self.sorted(warnings))
    }

    fn locate(&self, pending: Vec<Pending>) -> Vec<Diagnostic> {
        let mut locators: Vec<Option<Locator>> = (0..self.sources.len()).map(|_| None).collect();
        pending
            .into_iter()
            .map(|pending| {
                let locator = locators[pending.source.0]
                    .get_or_insert_with(|| Locator::new(self.sources.text(pending.source)));
                let (line, column) = locator.locate(&pending.path, pending.anchor);
                Diagnostic {
                    file: self.sources.name(pending.source).to_owned(),
                    line,
                    column,
                    message: pending.message,
                }
            })
            .collect()
    }

    fn sorted(&self, mut all: Vec<Diagnostic>) -> Vec<Diagnostic> {
        // Sources keep the caller's order; within a file, diagnostics read top to bottom.
        all.sort_by_key(|d| {
            let index = (0..self.sources.len())
                .find(|&i| self.sources.name(SourceId(i)) == d.file)
                .unwrap_or(usize::MAX);
            (index, d.line, d.column)
        });
        all.dedup();
        all
    }
}
