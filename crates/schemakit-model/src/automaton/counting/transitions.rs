//! Transitions between configurations of the counting automaton.
//!
//! A configuration is a position with the counts of its counted ancestors. A child
//! `q` may follow a child `p` by one of two constructs, as in a Glushkov automaton:
//!
//! - a sequence, when `p` ends one item and `q` starts a later one, with only
//!   nullable items between them;
//! - a repetition of a particle `E` with `maxOccurs` above 1, when `p` ends one
//!   occurrence of `E` and `q` starts the next.
//!
//! Taking a construct at node `C` changes the counts in three steps:
//!
//! - the counted nodes below `C` that contain `p` are left, and each must have
//!   reached its `minOccurs`;
//! - the counted nodes containing `C` keep their counts, except that a repetition of
//!   a counted `C` adds one, which must not pass `maxOccurs`;
//! - the counted nodes below `C` that contain `q` are entered with a count of 1.
//!
//! One pair of positions can follow each other through several constructs, each with
//! its own effect on the counts.

use super::tree::{ModelTree, NodeKind};
use super::Configurations;

/// The place of a configuration: before the first child, or on a position.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub(super) enum Cursor {
    Start,
    At(usize),
}

/// One way the children read so far can match the model.
#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub(super) struct Configuration {
    pub(super) cursor: Cursor,
    /// The counts of the counted nodes on the position's counted path, in that order.
    pub(super) counts: Vec<u32>,
}

impl Configuration {
    pub(super) fn start() -> Self {
        Configuration {
            cursor: Cursor::Start,
            counts: Vec::new(),
        }
    }
}

/// A construct through which one position follows another, at the node it names.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Construct {
    Sequence(usize),
    Repeat(usize),
}

impl ModelTree {
    /// Appends to `out` every configuration that reading position `target` from
    /// `from` leads to, with the counter guards checked.
    pub(super) fn successors(&self, from: &Configuration, target: usize, out: &mut Configurations) {
        let Some(position) = self.positions.get(target) else {
            return;
        };

        let source = match from.cursor {
            Cursor::Start => {
                if position.first_top == 0 {
                    out.push(Configuration {
                        cursor: Cursor::At(target),
                        counts: vec![1; position.counted_path.len()],
                    });
                }
                return;
            }
            Cursor::At(source) => source,
        };

        self.for_each_construct(source, target, |construct| {
            if let Some(counts) = self.fire(&from.counts, source, target, construct) {
                out.push(Configuration {
                    cursor: Cursor::At(target),
                    counts,
                });
            }
        });
    }

    /// Returns whether the element may end in `configuration`: its position ends the
    /// model and every counted node it leaves has reached its `minOccurs`.
    pub(super) fn accepts(&self, configuration: &Configuration) -> bool {
        let source = match configuration.cursor {
            Cursor::Start => return self.is_nullable(),
            Cursor::At(source) => source,
        };
        let Some(position) = self.positions.get(source) else {
            return false;
        };
        position.last_top == 0 && self.may_leave(&configuration.counts, &position.counted_path)
    }

    /// Calls `visit` with each construct through which `target` may follow `source`:
    /// the sequence first, then the repetitions from the lowest node up. A callback
    /// instead of a returned list keeps this per-child step free of allocation.
    fn for_each_construct(&self, source: usize, target: usize, mut visit: impl FnMut(Construct)) {
        let (Some(from), Some(to)) = (self.positions.get(source), self.positions.get(target))
        else {
            return;
        };

        let lowest = self.common_ancestor(from.node, to.node);
        let Some(lowest_node) = self.node(lowest) else {
            return;
        };

        if lowest_node.kind == NodeKind::Sequence {
            let item_depth = lowest_node.depth + 1;
            let from_item = self.ancestor_at(from.node, item_depth);
            let to_item = self.ancestor_at(to.node, item_depth);
            if let (Some(from_node), Some(to_node)) = (self.node(from_item), self.node(to_item)) {
                let required_between = to_node
                    .required_before
                    .saturating_sub(from_node.required_before)
                    .saturating_sub(usize::from(!from_node.nullable));
                if from_node.index_in_parent < to_node.index_in_parent
                    && required_between == 0
                    && from.last_top <= item_depth
                    && to.first_top <= item_depth
                {
                    visit(Construct::Sequence(lowest));
                }
            }
        }

        // Repetitions of the common ancestor or a node above it, while `source` is
        // still among its last positions and `target` among its first.
        let top = from.last_top.max(to.first_top);
        let mut current = Some(lowest);
        while let Some(id) = current {
            let Some(node) = self.node(id) else { break };
            if node.depth < top {
                break;
            }
            if node.occurs.is_repeatable() {
                visit(Construct::Repeat(id));
            }
            current = node.parent;
        }
    }

    /// Applies `construct` to the counts of a configuration on `source`, returning the
    /// counts on `target`, or `None` when a counter guard fails.
    fn fire(
        &self,
        counts: &[u32],
        source: usize,
        target: usize,
        construct: Construct,
    ) -> Option<Vec<u32>> {
        let (Construct::Sequence(at) | Construct::Repeat(at)) = construct;
        let node = self.node(at)?;
        let outer_counters = node.counted_depth;
        let from = self.positions.get(source)?;
        let to = self.positions.get(target)?;

        let left_counts = counts.get(outer_counters..)?;
        let left_nodes = from.counted_path.get(outer_counters..)?;
        if !self.may_leave(left_counts, left_nodes) {
            return None;
        }

        let mut next = counts.get(..outer_counters)?.to_vec();
        if let Construct::Repeat(_) = construct {
            if node.counted {
                let count = next.last_mut()?;
                if !node.may_repeat(*count) {
                    return None;
                }
                *count = node.next_count(*count);
            }
        }

        let entered = to.counted_path.len().checked_sub(outer_counters)?;
        next.extend(std::iter::repeat_n(1, entered));
        Some(next)
    }

    /// Returns whether every node of `nodes` may be left with the matching count.
    fn may_leave(&self, counts: &[u32], nodes: &[usize]) -> bool {
        counts.len() == nodes.len()
            && nodes
                .iter()
                .zip(counts)
                .all(|(id, count)| self.node(*id).is_some_and(|node| *count >= node.exit_min()))
    }
}
