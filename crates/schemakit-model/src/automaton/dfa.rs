//! Subset construction of a DFA from a Glushkov automaton.
//!
//! For a deterministic content model the DFA has at most one state per position, so
//! it is always built. A non-deterministic model can need exponentially many states;
//! past [`MAX_DFA_STATES`] the construction stops and matching falls back to
//! position sets.

use super::glushkov::Glushkov;
use crate::bitset::BitSet;
use crate::Symbol;
use std::collections::HashMap;

/// The most DFA states built for one content model.
pub(super) const MAX_DFA_STATES: usize = 4096;

#[derive(Debug, Clone)]
pub(super) struct Dfa {
    /// The Glushkov positions each state stands for; state 0 is the start.
    states: Vec<BitSet>,
    /// Transitions of each state, sorted by symbol.
    transitions: Vec<Vec<(Symbol, u32)>>,
    accepting: Vec<bool>,
    index: HashMap<BitSet, u32>,
}

impl Dfa {
    pub(super) fn build(glushkov: &Glushkov) -> Option<Dfa> {
        let start = glushkov.start_set().normalized();
        let mut dfa = Dfa {
            states: vec![start.clone()],
            transitions: vec![Vec::new()],
            accepting: vec![glushkov.accepts(&start)],
            index: HashMap::from([(start, 0)]),
        };

        let mut next_unexplored = 0;
        while next_unexplored < dfa.states.len() {
            let from = dfa.states[next_unexplored].clone();
            let candidates = glushkov.candidates(&from);

            let mut by_symbol: Vec<(Symbol, BitSet)> = Vec::new();
            for position in candidates.iter() {
                let symbol = glushkov.symbols[position];
                match by_symbol.iter_mut().find(|(known, _)| *known == symbol) {
                    Some((_, set)) => set.insert(position),
                    None => {
                        let mut set = BitSet::default();
                        set.insert(position);
                        by_symbol.push((symbol, set));
                    }
                }
            }

            let mut transitions = Vec::with_capacity(by_symbol.len());
            for (symbol, target) in by_symbol {
                let target = target.normalized();
                let id = match dfa.index.get(&target) {
                    Some(id) => *id,
                    None => {
                        if dfa.states.len() >= MAX_DFA_STATES {
                            return None;
                        }
                        let id = dfa.states.len() as u32;
                        dfa.accepting.push(glushkov.accepts(&target));
                        dfa.states.push(target.clone());
                        dfa.transitions.push(Vec::new());
                        dfa.index.insert(target, id);
                        id
                    }
                };
                transitions.push((symbol, id));
            }
            transitions.sort_unstable_by_key(|(symbol, _)| *symbol);
            dfa.transitions[next_unexplored] = transitions;
            next_unexplored += 1;
        }
        Some(dfa)
    }

    pub(super) fn next(&self, state: u32, symbol: Symbol) -> Option<u32> {
        let transitions = self.transitions.get(state as usize)?;
        transitions
            .binary_search_by_key(&symbol, |(known, _)| *known)
            .ok()
            .map(|index| transitions[index].1)
    }

    pub(super) fn is_accepting(&self, state: u32) -> bool {
        self.accepting.get(state as usize).copied().unwrap_or(false)
    }

    pub(super) fn positions(&self, state: u32) -> &BitSet {
        &self.states[state as usize]
    }

    pub(super) fn id_of(&self, positions: &BitSet) -> Option<u32> {
        self.index.get(positions).copied()
    }
}
