//! Glushkov (position) automaton construction.
//!
//! Position 0 is the start; positions 1..=n stand for the element names of the model
//! in order. `follow[0]` is the model's first set, and a position is accepting when
//! the model may end after it (position 0 when the model is nullable).

use super::{Ambiguity, AutomatonError, MAX_NESTING, MAX_POSITIONS};
use crate::bitset::BitSet;
use crate::{MaxOccurs, Particle, Symbol, Term};

#[derive(Debug, Clone)]
pub(super) struct Glushkov {
    /// The name each position matches; index 0 (the start) is a placeholder.
    pub(super) symbols: Vec<Symbol>,
    pub(super) follow: Vec<BitSet>,
    pub(super) accepting: BitSet,
    pub(super) ambiguity: Option<Ambiguity>,
}

/// First and last positions of a sub-model and whether it matches nothing.
struct Fragment {
    first: BitSet,
    last: BitSet,
    nullable: bool,
}

impl Fragment {
    fn empty() -> Self {
        Fragment {
            first: BitSet::default(),
            last: BitSet::default(),
            nullable: true,
        }
    }
}

impl Glushkov {
    pub(super) fn build(particle: &Particle) -> Result<Self, AutomatonError> {
        let mut glushkov = Glushkov {
            symbols: vec![Symbol(u32::MAX)],
            follow: vec![BitSet::default()],
            accepting: BitSet::default(),
            ambiguity: None,
        };

        let fragment = glushkov.particle(particle, 0)?;

        glushkov.follow[0] = fragment.first;
        glushkov.accepting = fragment.last;
        if fragment.nullable {
            glushkov.accepting.insert(0);
        }
        glushkov.ambiguity = glushkov.find_ambiguity();
        Ok(glushkov)
    }

    fn particle(&mut self, particle: &Particle, depth: usize) -> Result<Fragment, AutomatonError> {
        if depth > MAX_NESTING {
            return Err(AutomatonError::TooDeep);
        }

        let occurs = particle.occurs;
        if occurs.max == MaxOccurs::Bounded(0) {
            return Ok(Fragment::empty());
        }
        let repeats = match (occurs.min, occurs.max) {
            (0 | 1, MaxOccurs::Bounded(1)) => false,
            (0 | 1, MaxOccurs::Unbounded) => true,
            (min, max) => {
                let max = match max {
                    MaxOccurs::Bounded(max) => max.to_string(),
                    MaxOccurs::Unbounded => "unbounded".to_owned(),
                };
                return Err(AutomatonError::UnsupportedOccurs { min, max });
            }
        };

        let mut fragment = self.term(&particle.term, depth)?;

        if repeats {
            for position in fragment.last.iter().collect::<Vec<_>>() {
                self.follow[position].union_with(&fragment.first);
            }
        }
        if occurs.min == 0 {
            fragment.nullable = true;
        }
        Ok(fragment)
    }

    fn term(&mut self, term: &Term, depth: usize) -> Result<Fragment, AutomatonError> {
        match term {
            Term::Wildcard(_) => Err(AutomatonError::UnsupportedWildcard),
            Term::Element(symbol) => {
                if self.symbols.len() > MAX_POSITIONS {
                    return Err(AutomatonError::TooManyPositions);
                }
                let position = self.symbols.len();
                self.symbols.push(*symbol);
                self.follow.push(BitSet::default());
                let mut only = BitSet::default();
                only.insert(position);
                Ok(Fragment {
                    first: only.clone(),
                    last: only,
                    nullable: false,
                })
            }
            Term::Sequence(items) => {
                let mut sequence = Fragment::empty();
                for item in items {
                    let next = self.particle(item, depth + 1)?;
                    for position in sequence.last.iter().collect::<Vec<_>>() {
                        self.follow[position].union_with(&next.first);
                    }
                    if sequence.nullable {
                        sequence.first.union_with(&next.first);
                    }
                    if next.nullable {
                        sequence.last.union_with(&next.last);
                    } else {
                        sequence.last = next.last;
                    }
                    sequence.nullable &= next.nullable;
                }
                Ok(sequence)
            }
            Term::Choice(items) => {
                // An empty choice matches nothing at all, not even the empty sequence.
                let mut choice = Fragment {
                    nullable: false,
                    ..Fragment::empty()
                };
                for item in items {
                    let next = self.particle(item, depth + 1)?;
                    choice.first.union_with(&next.first);
                    choice.last.union_with(&next.last);
                    choice.nullable |= next.nullable;
                }
                Ok(choice)
            }
            Term::All(_) => Err(AutomatonError::UnsupportedAllGroup),
        }
    }

    /// Looks for a follow set (or the first set) in which two positions match the
    /// same name.
    fn find_ambiguity(&self) -> Option<Ambiguity> {
        for follow in &self.follow {
            let mut seen: Vec<Symbol> = Vec::new();
            for position in follow.iter() {
                let symbol = self.symbols[position];
                if seen.contains(&symbol) {
                    return Some(Ambiguity { symbol });
                }
                seen.push(symbol);
            }
        }
        None
    }

    pub(super) fn start_set(&self) -> BitSet {
        let mut start = BitSet::default();
        start.insert(0);
        start
    }

    /// Returns the positions reachable from `from` by one child called `symbol`.
    pub(super) fn step(&self, from: &BitSet, symbol: Symbol) -> BitSet {
        let mut next = BitSet::default();
        for position in from.iter() {
            for candidate in self.follow[position].iter() {
                if self.symbols[candidate] == symbol {
                    next.insert(candidate);
                }
            }
        }
        next
    }

    /// Returns the positions that may come next from `from`.
    pub(super) fn candidates(&self, from: &BitSet) -> BitSet {
        let mut candidates = BitSet::default();
        for position in from.iter() {
            candidates.union_with(&self.follow[position]);
        }
        candidates
    }

    pub(super) fn accepts(&self, positions: &BitSet) -> bool {
        positions
            .iter()
            .any(|position| self.accepting.contains(position))
    }

    pub(super) fn expected(&self, from: &BitSet) -> Vec<Symbol> {
        let mut expected = Vec::new();
        for position in self.candidates(from).iter() {
            let symbol = self.symbols[position];
            if !expected.contains(&symbol) {
                expected.push(symbol);
            }
        }
        expected
    }
}
