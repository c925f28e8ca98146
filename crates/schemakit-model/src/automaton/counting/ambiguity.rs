//! Unique Particle Attribution checks and the limit on tracked configurations.

use super::tree::{ModelTree, NodeKind};
use crate::Symbol;
use std::collections::HashMap;

/// Finds the names that two different positions can match at the same point: both
/// start the model, or both may follow one position. Counter guards are ignored, as
/// XSD 1.0 ignores them for Unique Particle Attribution. Each name is listed once, in
/// model order.
///
/// Only names that more than one position has are checked. For each of their
/// positions the predecessors are marked, and a predecessor already marked by another
/// position of the same name makes the name competing. The work is linear in the
/// number of positions for each position whose name repeats.
pub(super) fn competing_symbols(tree: &ModelTree) -> Vec<Symbol> {
    let mut by_symbol: HashMap<Symbol, Vec<usize>> = HashMap::new();
    for (index, position) in tree.positions.iter().enumerate() {
        by_symbol.entry(position.symbol).or_default().push(index);
    }

    // `marks[p]` is the symbol round and the position that last marked predecessor
    // `p`; the last slot stands for the start of the model.
    let start_slot = tree.positions.len();
    let mut marks: Vec<Option<(usize, usize)>> = vec![None; start_slot + 1];
    let mut competing = Vec::new();
    for (round, position) in tree.positions.iter().enumerate() {
        let Some(targets) = by_symbol.get(&position.symbol) else {
            continue;
        };
        let is_first_of_name = targets.first() == Some(&round);
        if targets.len() < 2 || !is_first_of_name {
            continue;
        }

        'targets: for target in targets {
            for predecessor in predecessors(tree, *target, start_slot) {
                let Some(mark) = marks.get_mut(predecessor) else {
                    continue;
                };
                match *mark {
                    Some((marked_round, marker)) if marked_round == round && marker != *target => {
                        competing.push(position.symbol);
                        break 'targets;
                    }
                    _ => *mark = Some((round, *target)),
                }
            }
        }
    }
    competing
}

/// Lists the positions that `target` may follow, ignoring counter guards, with
/// `start_slot` standing for the start of the model. A position may be listed twice.
fn predecessors(tree: &ModelTree, target: usize, start_slot: usize) -> Vec<usize> {
    let Some(position) = tree.positions.get(target) else {
        return Vec::new();
    };
    let mut found = Vec::new();
    if position.first_top == 0 {
        found.push(start_slot);
    }

    // Walk up through the nodes whose first positions include `target`.
    let mut current = Some(position.node);
    while let Some(id) = current {
        let Some(node) = tree.node(id) else { break };
        if node.depth < position.first_top {
            break;
        }

        if node.occurs.is_repeatable() {
            found.extend(tree.last_positions(id));
        }

        let parent = node.parent.and_then(|parent| tree.node(parent));
        if let Some(parent) = parent.filter(|parent| parent.kind == NodeKind::Sequence) {
            let earlier = parent.children.get(..node.index_in_parent).unwrap_or(&[]);
            for sibling in earlier.iter().rev() {
                found.extend(tree.last_positions(*sibling));
                if !tree.node(*sibling).is_some_and(|sibling| sibling.nullable) {
                    break;
                }
            }
        }
        current = node.parent;
    }
    found
}

/// Returns whether one configuration can have two successors on the same position
/// with different counts.
///
/// That happens when a child can follow another through two constructs, at nodes
/// `inner` and `outer` (`outer` a repetition containing `inner`), and a counted node
/// lies between them, both included. Both constructs apply to one pair of positions
/// only when `inner` can make up a whole occurrence of `outer`, which this checks for
/// each repeated or all-nullable sequence node and the repetitions above it.
pub(super) fn has_counter_ambiguity(tree: &ModelTree) -> bool {
    for (id, inner) in tree.nodes.iter().enumerate() {
        // A sequence whose items are all nullable lets a child of a later item follow
        // one of an earlier item, while both may also end and start a repetition of
        // the sequence or of a node above it.
        let sequence_construct = inner.kind == NodeKind::Sequence
            && inner
                .children
                .iter()
                .all(|child| tree.node(*child).is_some_and(|child| child.nullable))
            && inner
                .children
                .iter()
                .filter(|child| {
                    tree.node(**child)
                        .is_some_and(|child| child.has_positions())
                })
                .count()
                >= 2;
        let repeat_construct = inner.occurs.is_repeatable() && inner.has_positions();
        if !sequence_construct && !repeat_construct {
            continue;
        }

        let mut counted_between = false;
        let mut current = Some(id);
        while let Some(outer_id) = current {
            let Some(outer) = tree.node(outer_id) else {
                break;
            };
            counted_between |= outer.counted;

            let is_other_construct = outer_id != id || sequence_construct;
            if is_other_construct && outer.occurs.is_repeatable() && counted_between {
                return true;
            }

            if !(outer.leads && outer.ends) {
                break;
            }
            current = outer.parent;
        }
    }
    false
}

/// Returns an upper bound on the number of distinct configurations: the start, plus
/// for each position the product of the counter ranges on its counted path.
pub(super) fn configuration_bound(tree: &ModelTree) -> u64 {
    let mut bound: u64 = 1;
    for position in &tree.positions {
        let mut product: u64 = 1;
        for id in &position.counted_path {
            let range = tree.node(*id).map_or(1, |node| node.counter_range());
            product = product.saturating_mul(u64::from(range.max(1)));
        }
        bound = bound.saturating_add(product);
    }
    bound
}
