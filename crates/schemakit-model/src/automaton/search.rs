//! Shortest-path searches over positions, for error recovery and messages.

use super::glushkov::Glushkov;
use super::MatchState;
use crate::bitset::BitSet;
use crate::Symbol;
use std::collections::VecDeque;

/// The insertion that lets an out-of-place child fit.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Repair {
    /// The children that are missing before it, in order.
    pub skipped: Vec<Symbol>,
    /// The state after the out-of-place child, as if the missing children had been there.
    pub state: MatchState,
}

/// Breadth-first search from the candidates of `from`; each visited position stands
/// for one inserted child. Returns the path of inserted positions to the first
/// position for which `is_goal` holds, or `None`.
fn shortest_insertion(
    glushkov: &Glushkov,
    from: &BitSet,
    is_goal: impl Fn(usize) -> bool,
) -> Option<Vec<usize>> {
    let count = glushkov.symbols.len();
    let mut parent: Vec<Option<usize>> = vec![None; count];
    let mut visited = BitSet::with_capacity(count);
    let mut queue = VecDeque::new();

    for position in glushkov.candidates(from).iter() {
        visited.insert(position);
        queue.push_back(position);
    }

    while let Some(position) = queue.pop_front() {
        if is_goal(position) {
            let mut path = vec![position];
            let mut current = position;
            while let Some(previous) = parent[current] {
                path.push(previous);
                current = previous;
            }
            path.reverse();
            return Some(path);
        }
        for next in glushkov.follow[position].iter() {
            if !visited.contains(next) {
                visited.insert(next);
                parent[next] = Some(position);
                queue.push_back(next);
            }
        }
    }
    None
}

/// See [`super::ContentAutomaton::repair`].
pub(super) fn repair(
    glushkov: &Glushkov,
    from: &BitSet,
    symbol: Symbol,
) -> Option<(Vec<Symbol>, BitSet)> {
    if !glushkov.step(from, symbol).is_empty() {
        return None;
    }

    // The goal is an inserted position after which `symbol` can follow.
    let path = shortest_insertion(glushkov, from, |position| {
        glushkov.follow[position]
            .iter()
            .any(|next| glushkov.symbols[next] == symbol)
    })?;

    let skipped = path
        .iter()
        .map(|position| glushkov.symbols[*position])
        .collect();
    let mut last = BitSet::default();
    if let Some(position) = path.last() {
        last.insert(*position);
    }
    Some((skipped, glushkov.step(&last, symbol)))
}

/// See [`super::ContentAutomaton::completion`].
pub(super) fn completion(glushkov: &Glushkov, from: &BitSet) -> Option<Vec<Symbol>> {
    if glushkov.accepts(from) {
        return Some(Vec::new());
    }
    let path = shortest_insertion(glushkov, from, |position| {
        glushkov.accepting.contains(position)
    })?;
    Some(
        path.iter()
            .map(|position| glushkov.symbols[*position])
            .collect(),
    )
}
