//! Matching children against wildcards (`xs:any`), and the Unique Particle
//! Attribution conflicts that wildcards take part in.

use super::transitions::Cursor;
use super::{
    advance, ambiguity, Configurations, CountingAutomaton, CountingState, Model, StateRepr,
};
use crate::{Symbol, Wildcard};
use std::collections::HashSet;

/// The particle that a child element matched.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ChildMatch<'a> {
    /// An element particle with this name.
    Element(Symbol),
    /// A wildcard particle.
    Wildcard(&'a Wildcard),
}

/// A Unique Particle Attribution violation: two particles of a content model that can
/// match the same child at the same point.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub enum Conflict {
    /// Two element particles with this name.
    Elements(Symbol),
    /// An element particle with this name and a wildcard that allows its namespace.
    ElementAndWildcard(Symbol, Wildcard),
    /// Two wildcards that allow a common namespace, the earlier one in the model first.
    Wildcards(Wildcard, Wildcard),
}

impl CountingAutomaton {
    /// Advances `state` over a child element. `symbol` is the child's name in Clark
    /// notation as a symbol of the schema's table (`None` when the table does not have
    /// it) and `namespace` its namespace URI (`None`: no namespace).
    ///
    /// The element positions called `symbol` are tried first. Only when none of them
    /// may come next are the wildcards that allow `namespace` tried, so an element
    /// declaration takes precedence over a wildcard, as in XSD 1.1. When several
    /// wildcards match, the first one in model order is returned. Returns `None`,
    /// leaving `state` unchanged, when nothing allows the child here (or `state`
    /// belongs to another automaton).
    pub fn step_child<'a>(
        &'a self,
        state: &mut CountingState,
        symbol: Option<Symbol>,
        namespace: Option<&str>,
    ) -> Option<ChildMatch<'a>> {
        if let Some(symbol) = symbol {
            if self.step(state, symbol) {
                return Some(ChildMatch::Element(symbol));
            }
        }

        let (next, matched) = self.stepped_wildcard(state, namespace)?;
        *state = next;
        Some(matched)
    }

    /// Returns the state after a child element in `state`, with what matched it, or
    /// `None` when nothing allows the child here. Like [`step_child`](Self::step_child),
    /// but `state` is left as it is, so a caller that keeps the state before the child
    /// does not need to clone it.
    pub fn stepped_child<'a>(
        &'a self,
        state: &CountingState,
        symbol: Option<Symbol>,
        namespace: Option<&str>,
    ) -> Option<(CountingState, ChildMatch<'a>)> {
        if let Some(symbol) = symbol {
            if let Some(next) = self.stepped(state, symbol) {
                return Some((next, ChildMatch::Element(symbol)));
            }
        }

        self.stepped_wildcard(state, namespace)
    }

    /// Returns the state after a child in `namespace` that a wildcard matches, with
    /// the first such wildcard in model order.
    fn stepped_wildcard<'a>(
        &'a self,
        state: &CountingState,
        namespace: Option<&str>,
    ) -> Option<(CountingState, ChildMatch<'a>)> {
        let (
            Model::Counting {
                tree,
                wildcard_positions,
                ..
            },
            StateRepr::Configurations(configurations),
        ) = (&self.model, &state.0)
        else {
            return None;
        };
        if wildcard_positions.is_empty() {
            return None;
        }

        let allowing: Vec<usize> = wildcard_positions
            .iter()
            .copied()
            .filter(|position| {
                ambiguity::wildcard_at(tree, *position)
                    .is_some_and(|wildcard| wildcard.allows(namespace))
            })
            .collect();
        let next = advance(tree, configurations, &allowing)?;

        // Configurations are sorted by position, so the first is the earliest wildcard.
        let wildcard = next
            .iter()
            .find_map(|configuration| match configuration.cursor {
                Cursor::At(position) => ambiguity::wildcard_at(tree, position),
                Cursor::Start => None,
            })?;
        Some((
            CountingState(StateRepr::Configurations(next)),
            ChildMatch::Wildcard(wildcard),
        ))
    }

    /// Returns the distinct wildcards allowed next in `state`, counter guards included,
    /// in the order they appear in the model. Equal wildcards are listed once.
    pub fn expected_wildcards(&self, state: &CountingState) -> Vec<&Wildcard> {
        let (
            Model::Counting {
                tree,
                wildcard_positions,
                ..
            },
            StateRepr::Configurations(configurations),
        ) = (&self.model, &state.0)
        else {
            return Vec::new();
        };

        let mut listed = HashSet::new();
        let mut expected = Vec::new();
        let mut scratch = Configurations::new();
        for target in wildcard_positions {
            let Some(wildcard) = ambiguity::wildcard_at(tree, *target) else {
                continue;
            };
            if listed.contains(wildcard) {
                continue;
            }
            scratch.clear();
            for configuration in configurations {
                if tree.follow_window(configuration.cursor).contains(target) {
                    tree.successors(configuration, *target, &mut scratch);
                }
            }
            if !scratch.is_empty() {
                listed.insert(wildcard);
                expected.push(wildcard);
            }
        }
        expected
    }

    /// Returns the Unique Particle Attribution violations, wildcards included.
    /// `namespace_of` returns the namespace URI of an element name (`None`: no
    /// namespace).
    ///
    /// The element conflicts of [`ambiguities`](Self::ambiguities) come first, then
    /// each element name with a wildcard that allows its namespace at the same point,
    /// then each pair of wildcards whose namespace constraints share a namespace. Each
    /// conflict is listed once, in model order within its kind. Counter guards are
    /// ignored, as XSD 1.0 does for this rule. All-groups have no wildcards.
    ///
    /// NOTE: XSD 1.0 counts an element that a wildcard also matches as a violation,
    /// while XSD 1.1 lets the element win. [`step_child`](Self::step_child) matches as
    /// XSD 1.1 does, so such a model still validates deterministically.
    pub fn ambiguities_with(
        &self,
        namespace_of: &dyn Fn(Symbol) -> Option<String>,
    ) -> Vec<Conflict> {
        let mut conflicts: Vec<Conflict> = self
            .ambiguities
            .iter()
            .map(|ambiguity| Conflict::Elements(ambiguity.symbol))
            .collect();
        let Model::Counting { tree, .. } = &self.model else {
            return conflicts;
        };
        let mut listed: HashSet<Conflict> = HashSet::new();

        for (element, wildcard) in ambiguity::competing_elements_and_wildcards(tree, namespace_of) {
            let symbol = tree
                .positions
                .get(element)
                .and_then(|position| position.leaf.symbol());
            let wildcard = ambiguity::wildcard_at(tree, wildcard);
            if let (Some(symbol), Some(wildcard)) = (symbol, wildcard) {
                let conflict = Conflict::ElementAndWildcard(symbol, wildcard.clone());
                if listed.insert(conflict.clone()) {
                    conflicts.push(conflict);
                }
            }
        }

        for (first, second) in &self.wildcard_conflicts {
            let first = ambiguity::wildcard_at(tree, *first);
            let second = ambiguity::wildcard_at(tree, *second);
            if let (Some(first), Some(second)) = (first, second) {
                let conflict = Conflict::Wildcards(first.clone(), second.clone());
                if listed.insert(conflict.clone()) {
                    conflicts.push(conflict);
                }
            }
        }
        conflicts
    }
}
