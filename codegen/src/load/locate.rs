//! Turns a [`SpecPath`] back into a line and column.
//!
//! serde_yaml reports positions for syntax and shape errors only; errors found later (an
//! unknown reference, a duplicate name) are recorded as paths. This module re-reads the source
//! with yaml-rust2's marked event parser, remembering where each key and value starts. It runs
//! only when there is an error to show, so a clean spec never pays for it.

use std::collections::HashMap;

use yaml_rust2::parser::{Event, MarkedEventReceiver, Parser};
use yaml_rust2::scanner::Marker;

use crate::diagnostics::{Anchor, SpecPath};

/// Line and column of every key and value of one YAML document.
pub(crate) struct Locator {
    keys: HashMap<SpecPath, (usize, usize)>,
    /// Scalar values.
    values: HashMap<SpecPath, (usize, usize)>,
    /// Where mappings and sequences start. Used last: the key above a block collection is
    /// where a reader looks, and the parser marks a block mapping's start after its first key.
    collections: HashMap<SpecPath, (usize, usize)>,
}

impl Locator {
    pub(crate) fn new(text: &str) -> Self {
        let mut recorder = Recorder::default();
        // A document serde_yaml accepted parses here too; if the two parsers ever disagree, the
        // positions found before the disagreement are still right, and `locate` falls back to
        // the nearest known parent.
        let _ = Parser::new_from_str(text).load(&mut recorder, false);
        Self {
            keys: recorder.keys,
            values: recorder.values,
            collections: recorder.collections,
        }
    }

    /// The 1-based line and column of `path`, or of its nearest parent that exists in the
    /// document (an error about a missing key points at the mapping that lacks it).
    pub(crate) fn locate(&self, path: &SpecPath, anchor: Anchor) -> (usize, usize) {
        let exact = match anchor {
            Anchor::Key => self.keys.get(path).or_else(|| self.values.get(path)),
            Anchor::Value => self.values.get(path).or_else(|| self.keys.get(path)),
        };
        if let Some(&position) = exact.or_else(|| self.collections.get(path)) {
            return position;
        }
        // The path does not exist (a required key is missing, say): point at the key of the
        // nearest parent that does.
        let mut parent = path.clone();
        while parent.0.pop().is_some() {
            let found = self
                .keys
                .get(&parent)
                .or_else(|| self.values.get(&parent))
                .or_else(|| self.collections.get(&parent));
            if let Some(&position) = found {
                return position;
            }
        }
        (1, 1)
    }
}

/// One open collection while walking the events.
enum Frame {
    Mapping {
        path: SpecPath,
        pending_key: Option<String>,
    },
    Sequence {
        path: SpecPath,
        next_index: usize,
    },
}

#[derive(Default)]
struct Recorder {
    stack: Vec<Frame>,
    keys: HashMap<SpecPath, (usize, usize)>,
    values: HashMap<SpecPath, (usize, usize)>,
    collections: HashMap<SpecPath, (usize, usize)>,
}

impl Recorder {
    /// The path of the node that starts now, or `None` when the event is a mapping key.
    fn next_node_path(&mut self, scalar: Option<&str>, mark: Marker) -> Option<SpecPath> {
        let position = (mark.line(), mark.col() + 1);
        match self.stack.last_mut() {
            None => Some(SpecPath::root()),
            Some(Frame::Sequence { path, next_index }) => {
                let node = path.index(*next_index);
                *next_index += 1;
                Some(node)
            }
            Some(Frame::Mapping { path, pending_key }) => match pending_key.take() {
                Some(key) => Some(path.key(&key)),
                None => {
                    // This node is a key. Only scalar keys name anything in our spec format.
                    let key = scalar.unwrap_or_default().to_owned();
                    self.keys.insert(path.key(&key), position);
                    *pending_key = Some(key);
                    None
                }
            },
        }
    }
}

impl MarkedEventReceiver for Recorder {
    fn on_event(&mut self, event: Event, mark: Marker) {
        let position = (mark.line(), mark.col() + 1);
        match event {
            Event::Scalar(value, ..) => {
                if let Some(path) = self.next_node_path(Some(&value), mark) {
                    self.values.insert(path, position);
                }
            }
            Event::Alias(_) => {
                if let Some(path) = self.next_node_path(None, mark) {
                    self.values.insert(path, position);
                }
            }
            Event::MappingStart(..) => {
                let path = self.next_node_path(None, mark).unwrap_or_default();
                self.collections.insert(path.clone(), position);
                self.stack.push(Frame::Mapping {
                    path,
                    pending_key: None,
                });
            }
            Event::SequenceStart(..) => {
                let path = self.next_node_path(None, mark).unwrap_or_default();
                self.collections.insert(path.clone(), position);
                self.stack.push(Frame::Sequence {
                    path,
                    next_index: 0,
                });
            }
            Event::MappingEnd | Event::SequenceEnd => {
                self.stack.pop();
            }
            _ => {}
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn finds_keys_and_values() {
        let text = "a:\n  b: 1\n  list:\n    - x\n    - {c: 2}\n";
        let locator = Locator::new(text);
        let path = SpecPath::root().key("a").key("b");
        assert_eq!(locator.locate(&path, Anchor::Key), (2, 3));
        assert_eq!(locator.locate(&path, Anchor::Value), (2, 6));
        let path = SpecPath::root().key("a").key("list").index(1).key("c");
        assert_eq!(locator.locate(&path, Anchor::Value), (5, 11));
        // A missing key falls back to its parent.
        let path = SpecPath::root().key("a").key("missing");
        assert_eq!(locator.locate(&path, Anchor::Value), (1, 1));
        let path = SpecPath::root()
            .key("a")
            .key("list")
            .index(1)
            .key("missing");
        assert_eq!(locator.locate(&path, Anchor::Value), (5, 7));
    }
}
