//! Unique Particle Attribution checks, wildcards included, and the limit on tracked
//! configurations.

use super::tree::{Leaf, ModelTree, NodeKind};
use crate::{NamespaceConstraint, Symbol, Wildcard};
use std::collections::{BTreeSet, HashMap};

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
        if let Some(symbol) = position.leaf.symbol() {
            by_symbol.entry(symbol).or_default().push(index);
        }
    }

    // `marks[p]` is the symbol round and the position that last marked predecessor
    // `p`; the last slot stands for the start of the model.
    let start_slot = tree.positions.len();
    let mut marks: Vec<Option<(usize, usize)>> = vec![None; start_slot + 1];
    let mut competing = Vec::new();
    for (round, position) in tree.positions.iter().enumerate() {
        let Some(symbol) = position.leaf.symbol() else {
            continue;
        };
        let Some(targets) = by_symbol.get(&symbol) else {
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
                        competing.push(symbol);
                        break 'targets;
                    }
                    _ => *mark = Some((round, *target)),
                }
            }
        }
    }
    competing
}

/// Finds the pairs of wildcard positions that can match one child at the same point:
/// both start the model or both may follow one position, and their namespace
/// constraints share a namespace. Counter guards are ignored. Each pair is listed
/// once, as (earlier, later) position, sorted.
pub(super) fn competing_wildcards(tree: &ModelTree) -> Vec<(usize, usize)> {
    let followers = wildcard_followers(tree);

    let mut pairs = BTreeSet::new();
    for wildcards in &followers {
        for (index, first) in wildcards.iter().enumerate() {
            for second in wildcards.get(index + 1..).unwrap_or(&[]) {
                let (Some(a), Some(b)) = (wildcard_at(tree, *first), wildcard_at(tree, *second))
                else {
                    continue;
                };
                if constraints_intersect(&a.namespaces, &b.namespaces) {
                    pairs.insert((*first.min(second), *first.max(second)));
                }
            }
        }
    }
    pairs.into_iter().collect()
}

/// Finds the pairs of an element position and a wildcard position that can match one
/// child at the same point. Both start the model or both may follow one position, and
/// the wildcard allows the namespace that `namespace_of` returns for the element's
/// name. Counter guards are ignored. Each pair is listed once, as (element, wildcard)
/// position, sorted.
///
/// A model without wildcards returns at once. Otherwise the work is the number of
/// (element position, predecessor) pairs times the wildcards that follow each
/// predecessor, which can be quadratic in the number of positions.
pub(super) fn competing_elements_and_wildcards(
    tree: &ModelTree,
    namespace_of: &dyn Fn(Symbol) -> Option<String>,
) -> Vec<(usize, usize)> {
    if tree.wildcards.is_empty() {
        return Vec::new();
    }
    let followers = wildcard_followers(tree);
    let start_slot = tree.positions.len();

    let mut namespaces: HashMap<Symbol, Option<String>> = HashMap::new();
    let mut pairs = BTreeSet::new();
    for (element, position) in tree.positions.iter().enumerate() {
        let Some(symbol) = position.leaf.symbol() else {
            continue;
        };
        let namespace = namespaces
            .entry(symbol)
            .or_insert_with(|| namespace_of(symbol))
            .as_deref();

        for predecessor in predecessors(tree, element, start_slot) {
            for wildcard in followers.get(predecessor).map_or(&[][..], Vec::as_slice) {
                let allows =
                    wildcard_at(tree, *wildcard).is_some_and(|wildcard| wildcard.allows(namespace));
                if allows {
                    pairs.insert((element, *wildcard));
                }
            }
        }
    }
    pairs.into_iter().collect()
}

/// Lists, for each position and then the start of the model, the wildcard positions
/// that may follow it, each once, in model order.
fn wildcard_followers(tree: &ModelTree) -> Vec<Vec<usize>> {
    let start_slot = tree.positions.len();
    let mut followers: Vec<Vec<usize>> = vec![Vec::new(); start_slot + 1];
    for (target, position) in tree.positions.iter().enumerate() {
        if position.leaf.symbol().is_some() {
            continue;
        }
        for predecessor in predecessors(tree, target, start_slot) {
            let Some(list) = followers.get_mut(predecessor) else {
                continue;
            };
            // `predecessors` may list a position twice, but only `target` is added now.
            if list.last() != Some(&target) {
                list.push(target);
            }
        }
    }
    followers
}

/// Returns the wildcard of a wildcard position.
pub(super) fn wildcard_at(tree: &ModelTree, position: usize) -> Option<&Wildcard> {
    match tree.positions.get(position)?.leaf {
        Leaf::Wildcard(index) => tree.wildcards.get(index),
        Leaf::Element(_) => None,
    }
}

/// Returns whether some namespace, or no namespace, is allowed by both constraints.
fn constraints_intersect(a: &NamespaceConstraint, b: &NamespaceConstraint) -> bool {
    match (a, b) {
        (NamespaceConstraint::Set(allowed), other) | (other, NamespaceConstraint::Set(allowed)) => {
            allowed
                .iter()
                .any(|namespace| other.allows(namespace.as_deref()))
        }
        // `##any` or `##other` with `##any` or `##other`: each `##other` excludes one
        // namespace, and infinitely many namespaces remain.
        _ => true,
    }
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
