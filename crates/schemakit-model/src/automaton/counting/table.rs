//! Precomputed transitions of small content models without counters.
//!
//! Without counters a configuration is only a position, and an unambiguous model
//! has one configuration at a time, so the step from each position over each name
//! can be computed once when the model compiles. A step then looks the next position
//! up instead of walking the model tree.

use super::transitions::{Configuration, Cursor};
use super::tree::ModelTree;
use super::{advance, Configurations};
use crate::Symbol;
use std::collections::BTreeMap;

/// The maximum number of (position, name) pairs precomputed for one model. A larger
/// model is matched by walking the tree at each step, which gives the same results.
/// NOTE: the cap is an estimate; compile time for models near it was not measured.
const MAX_TABLE_CELLS: usize = 1 << 14;

/// The next position after each position and name, for a model without counters
/// whose every step leads to at most one configuration.
#[derive(Debug, Clone)]
pub(super) struct TransitionTable {
    /// One row per cursor (the start, then each position), listing the names that
    /// may follow with the position each leads to, sorted by name.
    rows: Vec<Vec<(Symbol, usize)>>,
}

impl TransitionTable {
    /// Builds the table, or returns `None` when the model has counters, is past
    /// [`MAX_TABLE_CELLS`], or has a step that leads to several configurations.
    pub(super) fn build(
        tree: &ModelTree,
        by_symbol: &BTreeMap<Symbol, Vec<usize>>,
    ) -> Option<TransitionTable> {
        if tree.counters > 0 {
            return None;
        }
        let cursors = tree.positions.len().checked_add(1)?;
        if cursors.saturating_mul(by_symbol.len()) > MAX_TABLE_CELLS {
            return None;
        }

        let mut rows = Vec::with_capacity(cursors);
        for index in 0..cursors {
            let cursor = match index.checked_sub(1) {
                None => Cursor::Start,
                Some(position) => Cursor::At(position),
            };
            let from = [Configuration {
                cursor,
                counts: Vec::new(),
            }];
            let mut row = Vec::new();
            for (symbol, targets) in by_symbol {
                let Some(next) = advance(tree, &from, targets) else {
                    continue;
                };
                match next.as_slice() {
                    [Configuration {
                        cursor: Cursor::At(position),
                        counts,
                    }] if counts.is_empty() => row.push((*symbol, *position)),
                    _ => return None,
                }
            }
            rows.push(row);
        }
        Some(TransitionTable { rows })
    }

    /// Returns the configurations after `symbol` from `configurations`: `Some(None)`
    /// when the model does not allow it, `None` when the table does not cover this
    /// state and the caller must compute the step.
    pub(super) fn step(
        &self,
        configurations: &[Configuration],
        symbol: Symbol,
    ) -> Option<Option<Configurations>> {
        let index = row_index(configurations)?;
        let row = self.rows.get(index)?;

        let next = next_position(row, symbol).map(|position| {
            let mut next = Configurations::new();
            next.push(Configuration {
                cursor: Cursor::At(position),
                counts: Vec::new(),
            });
            next
        });
        Some(next)
    }

    /// Moves the only configuration of `configurations` over `symbol` in place.
    /// Returns the row of the state before the step, or `None`, leaving
    /// `configurations` unchanged, when the table does not cover the state or the
    /// model does not allow `symbol` there.
    pub(super) fn step_in_place(
        &self,
        configurations: &mut [Configuration],
        symbol: Symbol,
    ) -> Option<usize> {
        let index = row_index(configurations)?;
        let position = next_position(self.rows.get(index)?, symbol)?;
        let configuration = configurations.first_mut()?;
        configuration.cursor = Cursor::At(position);
        Some(index)
    }

    /// Returns the row of `configurations` when the table covers that state.
    pub(super) fn row_of(&self, configurations: &[Configuration]) -> Option<usize> {
        row_index(configurations).filter(|index| *index < self.rows.len())
    }
}

/// Returns the row of a state of one configuration without counts: 0 for the start,
/// `p + 1` for position `p`. Other states have no row.
fn row_index(configurations: &[Configuration]) -> Option<usize> {
    let [Configuration { cursor, counts }] = configurations else {
        return None;
    };
    if !counts.is_empty() {
        return None;
    }
    match cursor {
        Cursor::Start => Some(0),
        Cursor::At(position) => position.checked_add(1),
    }
}

/// Returns the position that `symbol` leads to from `row`, if the row lists it.
fn next_position(row: &[(Symbol, usize)], symbol: Symbol) -> Option<usize> {
    let found = row.binary_search_by_key(&symbol, |(name, _)| *name).ok()?;
    row.get(found).map(|(_, position)| *position)
}
