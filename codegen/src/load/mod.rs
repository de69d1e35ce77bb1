//! Stage 1, load: YAML text → [`spec::SpecFile`] values.
//!
//! Each file is parsed on its own; a syntax or shape error in one does not hide the errors in
//! the others.

pub(crate) mod locate;
pub mod spec;

use crate::diagnostics::Reporter;

/// A spec file handed to the pipeline: a display name and its text. The caller reads files;
/// this library never touches the file system.
#[derive(Debug, Clone)]
pub struct SourceFile {
    /// How errors name the file, e.g. `spec/artifacts.yaml`.
    pub name: String,
    /// The YAML text.
    pub text: String,
}

/// Index of a source in [`Sources`].
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub(crate) struct SourceId(pub(crate) usize);

/// The files of one run, in the order the caller gave them.
pub(crate) struct Sources(pub(crate) Vec<SourceFile>);

impl Sources {
    pub(crate) fn name(&self, id: SourceId) -> &str {
        &self.0[id.0].name
    }

    pub(crate) fn text(&self, id: SourceId) -> &str {
        &self.0[id.0].text
    }

    pub(crate) fn len(&self) -> usize {
        self.0.len()
    }
}

/// A parsed file and where it came from.
pub(crate) struct Loaded {
    pub(crate) source: SourceId,
    pub(crate) spec: spec::SpecFile,
}

/// Parses every source, reporting each file's first syntax or shape error.
///
/// Errors are reported in the caller's order of files.
pub(crate) fn load(sources: &Sources, reporter: &mut Reporter<'_>) -> Vec<Loaded> {
    let mut loaded = Vec::new();
    for (index, file) in sources.0.iter().enumerate() {
        let source = SourceId(index);
        match serde_yaml::from_str::<spec::SpecFile>(&file.text) {
            Ok(spec) => loaded.push(Loaded { source, spec }),
            Err(error) => {
                let (line, column) = error.location().map_or((1, 1), |l| (l.line(), l.column()));
                reporter.at_position(source, line, column, bare_message(&error));
            }
        }
    }
    loaded
}

/// serde_yaml ends its messages with " at line L column C"; the diagnostic shows the position
/// in front, so it is cut here.
fn bare_message(error: &serde_yaml::Error) -> String {
    let message = error.to_string();
    match message.rfind(" at line ") {
        Some(cut) if message[cut..].contains(" column ") => message[..cut].to_owned(),
        _ => message,
    }
}
