//! The content model as a tree of particles, with the facts the counting automaton
//! looks up while it matches. Element and wildcard leaves are both positions.
//!
//! Every particle becomes a node, in pre-order, so a parent always comes before its
//! children. Particles with `maxOccurs="0"` are dropped from their group, as XSD 1.0
//! does: such a particle corresponds to no schema component, so `(A | B{0,0})` is
//! `(A)` and does not match the empty sequence.
//!
//! Particles whose term can match no sequence at all (an empty choice, a wildcard with
//! an empty namespace list, or a group that requires one) are pruned too. With
//! `minOccurs` 0 such a particle matches only the empty sequence, so it is dropped and
//! a choice that contains it matches the empty sequence. Otherwise it is no
//! alternative of a choice. When the whole model matches nothing, no position is left,
//! so every position that a step reaches can still lead to a valid end.

use super::super::{AutomatonError, MAX_NESTING, MAX_POSITIONS};
use super::transitions::Cursor;
use crate::{MaxOccurs, NamespaceConstraint, Occurs, Particle, Symbol, Term, Wildcard};
use std::ops::Range;

/// The shape of a node: one element name or wildcard, or a group of its children.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum NodeKind {
    Leaf(Leaf),
    Sequence,
    Choice,
}

/// The term of one position: an element name or a wildcard.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum Leaf {
    /// A child element with this name.
    Element(Symbol),
    /// A child element that the wildcard at this index of [`ModelTree::wildcards`]
    /// allows.
    Wildcard(usize),
}

impl Leaf {
    /// Returns the element name, or `None` for a wildcard.
    pub(super) fn symbol(self) -> Option<Symbol> {
        match self {
            Leaf::Element(symbol) => Some(symbol),
            Leaf::Wildcard(_) => None,
        }
    }
}

/// One particle of the model.
#[derive(Debug, Clone)]
pub(super) struct Node {
    pub(super) kind: NodeKind,
    pub(super) occurs: Occurs,
    pub(super) parent: Option<usize>,
    pub(super) children: Vec<usize>,
    /// The number of groups above the node; the root has depth 0.
    pub(super) depth: usize,
    /// The index of the node among its parent's children.
    pub(super) index_in_parent: usize,
    /// The number of non-nullable siblings before this node.
    pub(super) required_before: usize,
    /// Whether one occurrence of the term matches the empty sequence.
    pub(super) body_nullable: bool,
    /// Whether a choice had an item that was pruned but matches the empty sequence.
    pub(super) empty_alternative: bool,
    /// Whether the particle as a whole matches the empty sequence.
    pub(super) nullable: bool,
    /// The positions inside the node: `positions_start..positions_end`.
    pub(super) positions_start: usize,
    pub(super) positions_end: usize,
    /// Whether the node's bounds are checked with a counter.
    pub(super) counted: bool,
    /// The number of counted nodes from the root down to this node, both included.
    pub(super) counted_depth: usize,
    /// Whether the first positions of this node are first positions of its parent.
    pub(super) leads: bool,
    /// Whether the last positions of this node are last positions of its parent.
    pub(super) ends: bool,
    /// The end of the positions that may follow this node's last positions within
    /// its parent: the later siblings of a sequence up to the first non-nullable one,
    /// or else the node's own `positions_end`.
    pub(super) follow_end: usize,
}

impl Node {
    /// Returns the count an occurrence of this node must reach before the match may
    /// leave it. A node whose term matches the empty sequence may always be left,
    /// because the missing occurrences can match nothing.
    pub(super) fn exit_min(&self) -> u32 {
        if self.body_nullable {
            0
        } else {
            self.occurs.min
        }
    }

    /// Returns whether a counted node with `count` occurrences may start another one.
    pub(super) fn may_repeat(&self, count: u32) -> bool {
        match self.occurs.max {
            MaxOccurs::Bounded(max) => count < max,
            MaxOccurs::Unbounded => true,
        }
    }

    /// Returns the count after one more occurrence. An unbounded counter stops at
    /// `minOccurs`, because larger counts satisfy the same guards.
    pub(super) fn next_count(&self, count: u32) -> u32 {
        let next = count.saturating_add(1);
        match self.occurs.max {
            MaxOccurs::Bounded(_) => next,
            MaxOccurs::Unbounded => next.min(self.occurs.min),
        }
    }

    pub(super) fn has_positions(&self) -> bool {
        self.positions_start < self.positions_end
    }

    /// Returns the number of values the node's counter can take.
    pub(super) fn counter_range(&self) -> u32 {
        match self.occurs.max {
            MaxOccurs::Bounded(max) => max,
            MaxOccurs::Unbounded => self.occurs.min,
        }
    }
}

/// A position: one element or wildcard leaf of the model.
#[derive(Debug, Clone)]
pub(super) struct Position {
    pub(super) node: usize,
    pub(super) leaf: Leaf,
    /// The smallest depth of an ancestor whose first positions include this one.
    pub(super) first_top: usize,
    /// The smallest depth of an ancestor whose last positions include this one.
    pub(super) last_top: usize,
    /// The counted nodes containing the position, from the root down, the leaf included.
    pub(super) counted_path: Vec<usize>,
    /// The positions that may follow this one all lie in this range.
    pub(super) follow_window: Range<usize>,
}

/// The normalized model: nodes in pre-order and positions in model order.
#[derive(Debug, Clone)]
pub(super) struct ModelTree {
    pub(super) nodes: Vec<Node>,
    pub(super) positions: Vec<Position>,
    /// The wildcard of each wildcard position, in model order.
    pub(super) wildcards: Vec<Wildcard>,
    /// The root node, or `None` when the whole model was dropped or pruned.
    pub(super) root: Option<usize>,
    /// Whether the model matches no sequence, not even the empty one.
    pub(super) matches_nothing: bool,
    pub(super) counters: usize,
}

impl ModelTree {
    /// Builds the tree of `particle`. An all-group in it is an error.
    pub(super) fn build(particle: &Particle) -> Result<ModelTree, AutomatonError> {
        let mut tree = ModelTree {
            nodes: Vec::new(),
            positions: Vec::new(),
            wildcards: Vec::new(),
            root: None,
            matches_nothing: false,
            counters: 0,
        };

        if is_satisfiable(particle) {
            tree.root = tree.add(particle, None, 0)?;
        } else {
            tree.matches_nothing = true;
        }

        tree.compute_nullability();
        tree.compute_locations();
        tree.compute_positions();
        tree.counters = tree.nodes.iter().filter(|node| node.counted).count();
        Ok(tree)
    }

    fn add(
        &mut self,
        particle: &Particle,
        parent: Option<usize>,
        depth: usize,
    ) -> Result<Option<usize>, AutomatonError> {
        if depth > MAX_NESTING {
            return Err(AutomatonError::TooDeep);
        }

        let occurs = particle.occurs;
        check_bounds(occurs)?;
        // A particle whose term matches nothing is dropped: with minOccurs 0 it matches
        // only the empty sequence, which a parent choice records, and otherwise it is
        // no alternative of a choice. A sequence that requires one matches nothing
        // itself, so it was dropped before this.
        if occurs.max == MaxOccurs::Bounded(0) || !is_term_satisfiable(&particle.term, depth) {
            return Ok(None);
        }

        let (kind, items) = match &particle.term {
            Term::Element(symbol) => (NodeKind::Leaf(Leaf::Element(*symbol)), &[][..]),
            Term::Wildcard(wildcard) => {
                let leaf = Leaf::Wildcard(self.wildcards.len());
                self.wildcards.push(wildcard.clone());
                (NodeKind::Leaf(leaf), &[][..])
            }
            Term::Sequence(items) => (NodeKind::Sequence, items.as_slice()),
            Term::Choice(items) => (NodeKind::Choice, items.as_slice()),
            Term::All(_) => return Err(AutomatonError::NestedAllGroup),
        };
        let positions_start = self.positions.len();
        if let NodeKind::Leaf(leaf) = kind {
            if self.positions.len() >= MAX_POSITIONS {
                return Err(AutomatonError::TooManyPositions);
            }
            self.positions.push(Position {
                node: self.nodes.len(),
                leaf,
                first_top: depth,
                last_top: depth,
                counted_path: Vec::new(),
                follow_window: 0..0,
            });
        }

        let id = self.nodes.len();
        self.nodes.push(Node {
            kind,
            occurs,
            parent,
            children: Vec::new(),
            depth,
            index_in_parent: 0,
            required_before: 0,
            body_nullable: false,
            empty_alternative: false,
            nullable: false,
            positions_start,
            positions_end: positions_start,
            counted: is_counted(occurs),
            counted_depth: 0,
            leads: true,
            ends: true,
            follow_end: positions_start,
        });

        let mut children = Vec::with_capacity(items.len());
        let mut empty_alternative = false;
        for item in items {
            match self.add(item, Some(id), depth + 1)? {
                Some(child) => children.push(child),
                None => empty_alternative |= matches_only_empty(item),
            }
        }
        let node = &mut self.nodes[id];
        node.children = children;
        node.empty_alternative = empty_alternative && kind == NodeKind::Choice;
        node.positions_end = self.positions.len();
        node.follow_end = node.positions_end;
        Ok(Some(id))
    }

    /// Fills in `body_nullable` and `nullable`, children first.
    fn compute_nullability(&mut self) {
        for id in (0..self.nodes.len()).rev() {
            let node = &self.nodes[id];
            let mut children = node.children.iter().map(|child| &self.nodes[*child]);
            let body_nullable = match node.kind {
                NodeKind::Leaf(_) => false,
                NodeKind::Sequence => children.all(|child| child.nullable),
                // An empty choice matches nothing at all, not even the empty sequence.
                NodeKind::Choice => node.empty_alternative || children.any(|child| child.nullable),
            };

            let node = &mut self.nodes[id];
            node.body_nullable = body_nullable;
            node.nullable = node.occurs.min == 0 || body_nullable;
        }
    }

    /// Fills in where each node sits in its parent, parents first.
    fn compute_locations(&mut self) {
        for id in 0..self.nodes.len() {
            let parent_counted_depth = match self.nodes[id].parent {
                Some(parent) => self.nodes[parent].counted_depth,
                None => 0,
            };
            let node = &mut self.nodes[id];
            node.counted_depth = parent_counted_depth + usize::from(node.counted);

            let is_sequence = node.kind == NodeKind::Sequence;
            let children = node.children.clone();
            let nullable: Vec<bool> = children
                .iter()
                .map(|child| self.nodes[*child].nullable)
                .collect();
            let required_total = nullable.iter().filter(|each| !**each).count();
            let mut required_before = 0;
            for (index, child) in children.iter().enumerate() {
                let is_nullable = nullable.get(index).copied().unwrap_or(true);
                let required_after = required_total
                    .saturating_sub(required_before)
                    .saturating_sub(usize::from(!is_nullable));

                let child_node = &mut self.nodes[*child];
                child_node.index_in_parent = index;
                child_node.required_before = required_before;
                child_node.leads = !is_sequence || required_before == 0;
                child_node.ends = !is_sequence || required_after == 0;

                if !is_nullable {
                    required_before += 1;
                }
            }

            if is_sequence {
                let mut run_end = None;
                for (index, child) in children.iter().enumerate().rev() {
                    let child_node = &mut self.nodes[*child];
                    child_node.follow_end = run_end.unwrap_or(child_node.positions_end);
                    let is_nullable = nullable.get(index).copied().unwrap_or(true);
                    if !is_nullable || run_end.is_none() {
                        run_end = Some(child_node.positions_end);
                    }
                }
            }
        }
    }

    /// Fills in the first and last reach and the counted path of each position.
    fn compute_positions(&mut self) {
        for index in 0..self.positions.len() {
            let leaf = self.positions[index].node;

            let mut first_top = self.nodes[leaf].depth;
            let mut last_top = first_top;
            let mut leading = true;
            let mut ending = true;
            let mut counted_path = Vec::new();
            let mut current = Some(leaf);
            while let Some(id) = current {
                let node = &self.nodes[id];
                if leading {
                    first_top = node.depth;
                }
                if ending {
                    last_top = node.depth;
                }
                leading &= node.leads;
                ending &= node.ends;
                if node.counted {
                    counted_path.push(id);
                }
                current = node.parent;
            }
            counted_path.reverse();

            // Every construct through which a position follows this one sits inside
            // the highest node that this position ends, or in the sequence containing it.
            let highest_ended = self.ancestor_at(leaf, last_top);
            let follow_window = match self.nodes.get(highest_ended) {
                Some(node) => node.positions_start..node.follow_end,
                None => 0..0,
            };

            let position = &mut self.positions[index];
            position.follow_window = follow_window;
            position.first_top = first_top;
            position.last_top = last_top;
            position.counted_path = counted_path;
        }
    }

    pub(super) fn node(&self, id: usize) -> Option<&Node> {
        self.nodes.get(id)
    }

    /// Returns the ancestor of `id` at `depth`, or `id` itself when it is not deeper.
    pub(super) fn ancestor_at(&self, mut id: usize, depth: usize) -> usize {
        while let Some(node) = self.nodes.get(id) {
            match node.parent {
                Some(parent) if node.depth > depth => id = parent,
                _ => break,
            }
        }
        id
    }

    /// Returns the lowest node that contains both `a` and `b`.
    pub(super) fn common_ancestor(&self, a: usize, b: usize) -> usize {
        let depth_of = |id: usize| self.nodes.get(id).map_or(0, |node| node.depth);
        let depth = depth_of(a).min(depth_of(b));
        let mut a = self.ancestor_at(a, depth);
        let mut b = self.ancestor_at(b, depth);
        while a != b {
            match (self.parent_of(a), self.parent_of(b)) {
                (Some(parent_a), Some(parent_b)) => {
                    a = parent_a;
                    b = parent_b;
                }
                _ => break,
            }
        }
        a
    }

    /// Returns the range of positions that may follow `cursor`.
    pub(super) fn follow_window(&self, cursor: Cursor) -> Range<usize> {
        match cursor {
            Cursor::Start => 0..self.positions.len(),
            Cursor::At(source) => self
                .positions
                .get(source)
                .map_or(0..0, |position| position.follow_window.clone()),
        }
    }

    /// Returns the positions inside `id` that are last positions of it.
    pub(super) fn last_positions(&self, id: usize) -> impl Iterator<Item = usize> + '_ {
        let (range, depth) = match self.nodes.get(id) {
            Some(node) => (node.positions_start..node.positions_end, node.depth),
            None => (0..0, 0),
        };
        range.filter(move |position| {
            self.positions
                .get(*position)
                .is_some_and(|position| position.last_top <= depth)
        })
    }

    pub(super) fn parent_of(&self, id: usize) -> Option<usize> {
        self.nodes.get(id).and_then(|node| node.parent)
    }

    /// Returns whether the model matches the empty sequence.
    pub(super) fn is_nullable(&self) -> bool {
        match self.root.and_then(|root| self.nodes.get(root)) {
            Some(root) => root.nullable,
            None => !self.matches_nothing,
        }
    }
}

/// Rejects bounds with `minOccurs` above `maxOccurs`.
pub(in crate::automaton) fn check_bounds(occurs: Occurs) -> Result<(), AutomatonError> {
    match occurs.max {
        MaxOccurs::Bounded(max) if occurs.min > max => {
            Err(AutomatonError::InvalidOccurs { occurs })
        }
        _ => Ok(()),
    }
}

/// Returns whether `particle` matches at least one sequence, maybe the empty one.
/// A particle with `maxOccurs="0"` matches the empty sequence.
fn is_satisfiable(particle: &Particle) -> bool {
    particle.occurs.min == 0 || is_term_satisfiable(&particle.term, 0)
}

/// Returns whether one occurrence of `term` matches at least one sequence. Items with
/// `maxOccurs="0"` are no alternative of a choice. Past [`MAX_NESTING`] it returns
/// true without looking, because building the tree rejects that depth anyway.
fn is_term_satisfiable(term: &Term, depth: usize) -> bool {
    if depth > MAX_NESTING {
        return true;
    }
    let is_item_satisfiable =
        |item: &Particle| item.occurs.min == 0 || is_term_satisfiable(&item.term, depth + 1);
    match term {
        Term::Element(_) | Term::All(_) => true,
        // `namespace=""` is an empty list, which allows no element at all.
        Term::Wildcard(wildcard) => {
            !matches!(&wildcard.namespaces, NamespaceConstraint::Set(allowed) if allowed.is_empty())
        }
        Term::Sequence(items) => items.iter().all(is_item_satisfiable),
        Term::Choice(items) => items
            .iter()
            .any(|item| item.occurs.max != MaxOccurs::Bounded(0) && is_item_satisfiable(item)),
    }
}

/// Returns whether a particle that building the tree dropped matches the empty
/// sequence: it has `minOccurs` 0 and is not removed by `maxOccurs="0"`.
fn matches_only_empty(particle: &Particle) -> bool {
    particle.occurs.min == 0 && particle.occurs.max != MaxOccurs::Bounded(0)
}

/// Returns whether bounds need a counter: every bound except `?`, `*`, `+` and none.
fn is_counted(occurs: Occurs) -> bool {
    !matches!(
        (occurs.min, occurs.max),
        (0 | 1, MaxOccurs::Bounded(1) | MaxOccurs::Unbounded)
    )
}
