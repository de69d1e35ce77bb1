//! Cycles between schemas: which are fine, which are broken with a `Box`, which are errors.
//!
//! Schemas may refer to each other in circles, and a JSON value of such a type is still finite
//! as long as each lap of the circle passes through an array, a map or an object. Rust then
//! needs one thing more: a struct cannot hold itself by value, nor can a type alias name
//! itself. The rules, each with an example:
//!
//! - **Through an array or a map**, a cycle is fine as it is (`node: {children: [node]}`
//!   is `Vec<Node>`, which is behind a pointer already).
//! - **Through an object field held by value** (`node: {properties: {parent: {ref: node}}}`,
//!   or `a` holds a `b` that holds an `a`), every such field of the cycle is boxed:
//!   `parent: Option<Box<Node>>`. Required or optional makes no difference: `Option<Node>`
//!   would be as infinite as `Node`.
//! - **Only through aliases** (`a: {ref: b}`, `b: {ref: a}`, `a: {ref: a}`, or
//!   `a: {type: array, items: {ref: a}}`), it is an error: a Rust type alias cannot refer to
//!   itself, and the first two describe no value at all.
//! - **Only through `one_of` alternatives and aliases, by value** (`a: {one_of: {self: {ref:
//!   a}, id: {type: integer}}}`), it is an error: the alternative adds nothing, and an enum
//!   cannot hold itself.
//!
//! Each error names the cycle and is reported once, at the first of its schemas in spec
//! order; its schemas then become `any` so that no later step walks the circle forever.
//! The walks here are iterative: a chain of a hundred thousand aliases needs no stack.

use crate::diagnostics::SpecPath;
use crate::load::Loaded;

use super::model::{Api, SchemaId, SchemaKind, Type};
use super::Lowerer;

/// One reference from a schema to another.
struct Edge {
    to: usize,
    /// Held as it is, not inside an array or a map.
    by_value: bool,
    /// The field that holds it, when the schema is an object.
    field: Option<usize>,
}

impl Lowerer<'_, '_> {
    /// Reports the cycles that cannot become Rust, making their schemas `any`. Runs once the
    /// named schemas are lowered, before anything walks from one schema into another.
    pub(crate) fn check_cycles(&mut self, loaded: &[Loaded]) {
        let edges = edges(&self.api);
        let schemas = &self.api.schemas;
        let is_alias = |s: usize| {
            matches!(
                schemas[s].kind,
                SchemaKind::Alias(_) | SchemaKind::Newtype(_)
            )
        };
        let is_object = |s: usize| matches!(schemas[s].kind, SchemaKind::Object(_));

        // Aliases among themselves, by value or not.
        let alias_graph = |s: usize| -> Vec<usize> {
            if !is_alias(s) {
                return Vec::new();
            }
            edges[s]
                .iter()
                .filter(|e| is_alias(e.to))
                .map(|e| e.to)
                .collect()
        };
        // Aliases and one-ofs holding what they refer to by value.
        let value_graph = |s: usize| -> Vec<usize> {
            if is_object(s) {
                return Vec::new();
            }
            edges[s]
                .iter()
                .filter(|e| e.by_value)
                .map(|e| e.to)
                .collect()
        };
        let mut errors: Vec<(Vec<usize>, String)> = Vec::new();
        for component in cycles(schemas.len(), alias_graph) {
            let lap = lap(&component, alias_graph);
            errors.push((
                component,
                format!(
                    "schema `{}` is an alias of itself ({}); a Rust type alias cannot refer to itself: make one of them an object, or refer to something else",
                    schemas[lap[0]].name,
                    self.names(&lap)
                ),
            ));
        }
        for component in cycles(schemas.len(), value_graph) {
            if component.iter().all(|&s| is_alias(s)) {
                continue; // reported above
            }
            let lap = lap(&component, value_graph);
            errors.push((
                component,
                format!(
                    "schema `{}` contains itself by value through `one_of` ({}), so a value of it could never end; refer to it inside an object, an array or a map instead",
                    schemas[lap[0]].name,
                    self.names(&lap)
                ),
            ));
        }

        for (mut component, message) in errors {
            component.sort_unstable();
            let first = &self.api.schemas[component[0]];
            let source = loaded[first.area.0].source;
            let path = SpecPath::root().key("schemas").key(&first.name);
            self.reporter.key_error(source, &path, message);
            for s in component {
                self.api.schemas[s].kind = SchemaKind::Alias(Type::Any);
            }
        }
    }

    /// `a → b → a`, with the spec's names.
    fn names(&self, lap: &[usize]) -> String {
        let mut text = String::new();
        for &s in lap.iter().chain(lap.first()) {
            if !text.is_empty() {
                text.push_str(" → ");
            }
            text.push_str(&self.api.schemas[s].name);
        }
        text
    }
}

/// Boxes every object field that holds, by value, a schema of its own cycle (see the module
/// docs). Runs after anything else that decides `boxed`, and after [`Lowerer::check_cycles`]
/// has turned the cycles that are errors into `any`.
pub(crate) fn box_cycles(api: &mut Api) {
    let edges = edges(api);
    let by_value = |s: usize| -> Vec<usize> {
        edges[s]
            .iter()
            .filter(|e| e.by_value)
            .map(|e| e.to)
            .collect()
    };
    let mut component_of = vec![usize::MAX; api.schemas.len()];
    for (index, component) in cycles(api.schemas.len(), by_value).into_iter().enumerate() {
        for s in component {
            component_of[s] = index;
        }
    }
    for (s, out) in edges.iter().enumerate() {
        for edge in out {
            let closes_a_cycle = edge.by_value
                && component_of[s] != usize::MAX
                && component_of[s] == component_of[edge.to];
            if let (Some(field), true) = (edge.field, closes_a_cycle) {
                if let SchemaKind::Object(fields) = &mut api.schemas[s].kind {
                    fields[field].boxed = true;
                }
            }
        }
    }
}

/// Every schema's references, in order.
fn edges(api: &Api) -> Vec<Vec<Edge>> {
    api.schemas
        .iter()
        .map(|schema| {
            let mut out = Vec::new();
            match &schema.kind {
                SchemaKind::Object(fields) => {
                    for (index, field) in fields.iter().enumerate() {
                        references(&field.ty, Some(index), &mut out);
                    }
                }
                SchemaKind::OneOf(variants) => {
                    for variant in variants {
                        references(&variant.ty, None, &mut out);
                    }
                }
                SchemaKind::Alias(ty) | SchemaKind::Newtype(ty) => references(ty, None, &mut out),
                SchemaKind::Enum(_) => {}
            }
            out
        })
        .collect()
}

/// The schemas `ty` refers to, marking the one it is directly.
fn references(ty: &Type, field: Option<usize>, out: &mut Vec<Edge>) {
    let mut ty = ty;
    let mut by_value = true;
    loop {
        match ty {
            Type::Schema(SchemaId(to)) => {
                out.push(Edge {
                    to: *to,
                    by_value,
                    field,
                });
                return;
            }
            Type::Array(inner) | Type::Map(inner) => {
                ty = inner;
                by_value = false;
            }
            _ => return,
        }
    }
}

/// The strongly connected components of a graph that contain a cycle (more than one node, or
/// one with an edge to itself), each in discovery order; Tarjan's algorithm without recursion.
fn cycles(nodes: usize, successors: impl Fn(usize) -> Vec<usize>) -> Vec<Vec<usize>> {
    const UNSEEN: usize = usize::MAX;
    let mut index = vec![UNSEEN; nodes];
    let mut low = vec![0; nodes];
    let mut on_stack = vec![false; nodes];
    let mut stack: Vec<usize> = Vec::new();
    let mut next = 0;
    let mut found = Vec::new();
    for root in 0..nodes {
        if index[root] != UNSEEN {
            continue;
        }
        // Each frame: a node, its successors, and how many of them are done.
        let mut frames: Vec<(usize, Vec<usize>, usize)> = Vec::new();
        index[root] = next;
        low[root] = next;
        next += 1;
        stack.push(root);
        on_stack[root] = true;
        frames.push((root, successors(root), 0));
        while let Some((node, out, done)) = frames.last_mut() {
            let node = *node;
            if let Some(&to) = out.get(*done) {
                *done += 1;
                if index[to] == UNSEEN {
                    index[to] = next;
                    low[to] = next;
                    next += 1;
                    stack.push(to);
                    on_stack[to] = true;
                    frames.push((to, successors(to), 0));
                } else if on_stack[to] {
                    low[node] = low[node].min(index[to]);
                }
                continue;
            }
            let self_loop = out.contains(&node);
            frames.pop();
            if let Some((parent, _, _)) = frames.last() {
                low[*parent] = low[*parent].min(low[node]);
            }
            if low[node] == index[node] {
                let mut component = Vec::new();
                loop {
                    let member = stack.pop().expect("the node is on the stack");
                    on_stack[member] = false;
                    component.push(member);
                    if member == node {
                        break;
                    }
                }
                if component.len() > 1 || self_loop {
                    component.reverse();
                    found.push(component);
                }
            }
        }
    }
    found
}

/// One lap around a component: from its first schema in spec order back to it, by a shortest
/// path (breadth first), without the return to the start.
fn lap(component: &[usize], successors: impl Fn(usize) -> Vec<usize>) -> Vec<usize> {
    let start = *component.iter().min().expect("a component is not empty");
    let mut previous: std::collections::HashMap<usize, usize> = Default::default();
    let mut queue = std::collections::VecDeque::from([start]);
    while let Some(node) = queue.pop_front() {
        for to in successors(node) {
            if !component.contains(&to) {
                continue;
            }
            if to == start {
                let mut lap = vec![node];
                let mut at = node;
                while at != start {
                    at = previous[&at];
                    lap.push(at);
                }
                lap.reverse();
                return lap;
            }
            if let std::collections::hash_map::Entry::Vacant(entry) = previous.entry(to) {
                entry.insert(node);
                queue.push_back(to);
            }
        }
    }
    vec![start]
}

#[cfg(test)]
mod tests {
    use super::{cycles, lap};

    fn graph(edges: &[(usize, usize)]) -> impl Fn(usize) -> Vec<usize> + '_ {
        move |node| {
            edges
                .iter()
                .filter(|(from, _)| *from == node)
                .map(|(_, to)| *to)
                .collect()
        }
    }

    #[test]
    fn components_with_a_cycle() {
        assert_eq!(
            cycles(3, graph(&[(0, 1), (1, 2)])),
            Vec::<Vec<usize>>::new()
        );
        assert_eq!(cycles(2, graph(&[(1, 1)])), vec![vec![1]]);
        let mut found = cycles(4, graph(&[(0, 1), (1, 0), (2, 3), (3, 2), (1, 2)]));
        for component in &mut found {
            component.sort_unstable();
        }
        found.sort();
        assert_eq!(found, vec![vec![0, 1], vec![2, 3]]);
    }

    #[test]
    fn a_long_chain_needs_no_stack() {
        let n = 200_000;
        let found = cycles(n, |node| vec![(node + 1) % n]);
        assert_eq!(found.len(), 1);
        assert_eq!(found[0].len(), n);
    }

    #[test]
    fn laps_are_shortest() {
        let edges = [(0, 1), (1, 2), (2, 0), (1, 0)];
        assert_eq!(lap(&[0, 1, 2], graph(&edges)), vec![0, 1]);
        assert_eq!(lap(&[3], graph(&[(3, 3)])), vec![3]);
    }
}
