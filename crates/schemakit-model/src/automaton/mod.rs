//! Content-model automata.
//!
//! A content model compiles into its Glushkov position automaton: one position per
//! element name in the model, with the positions that may follow each one. Matching
//! keeps the set of positions the children read so far can end on, so a
//! non-deterministic model (`(A, B) | (A, C)`) still validates correctly, in time
//! linear in the number of children. When the subset construction stays small, the
//! sets are precomputed into a DFA and a step is one table lookup.
//!
//! Besides stepping, the automaton answers the questions diagnostics and recovery
//! need: which names may come next, the shortest run of missing children that would
//! let an out-of-place child fit ([`ContentAutomaton::repair`]), and the shortest run
//! that would let the element end ([`ContentAutomaton::completion`]).
//!
//! XSD content models compile into a [`CountingAutomaton`] instead, which checks
//! any `minOccurs`/`maxOccurs` with counters and `xs:all` groups with member sets, and
//! matches wildcards (`xs:any`).

mod all_group;
mod counting;
mod dfa;
mod glushkov;
mod search;

use crate::bitset::BitSet;
use crate::{MaxOccurs, Occurs, Particle, Symbol};
use dfa::Dfa;
use glushkov::Glushkov;

pub use counting::{
    ChildMatch, CompactState, Conflict, CountingAutomaton, CountingState, MAX_AMBIGUOUS_WORK,
};
pub use search::Repair;

/// The maximum number of positions (element names and wildcards, counted with
/// repetition) in one content model. Larger models are rejected instead of using quadratic memory.
pub const MAX_POSITIONS: usize = 10_000;

/// The maximum group nesting depth of a content model.
pub const MAX_NESTING: usize = 256;

/// The reason a content model could not be compiled.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[non_exhaustive]
pub enum AutomatonError {
    #[error("content model has more than {MAX_POSITIONS} element positions; split it into named groups or simplify it")]
    TooManyPositions,
    #[error("content model nests groups more than {MAX_NESTING} levels deep")]
    TooDeep,
    /// Raised by [`ContentAutomaton`] only: [`CountingAutomaton`] checks any bounds.
    #[error(
        "occurrence bounds {{{min},{max}}} are not supported yet; only ?, * and + (or none) are"
    )]
    UnsupportedOccurs { min: u32, max: String },
    /// Raised by [`ContentAutomaton`] only: [`CountingAutomaton`] compiles all-groups.
    #[error("all-groups (xs:all) are not supported yet")]
    UnsupportedAllGroup,
    /// Only [`CountingAutomaton`] matches wildcards; DTD content models have none.
    #[error("element wildcards (xs:any) need the counting automaton")]
    UnsupportedWildcard,
    #[error(
        "occurrence bounds {} are invalid because minOccurs is greater than maxOccurs; lower minOccurs or raise maxOccurs",
        bounds_text(.occurs)
    )]
    InvalidOccurs { occurs: Occurs },
    #[error("an all-group (xs:all) is nested in another group, but it may only be the whole content model; move it to the top of the content model or use a sequence or choice")]
    NestedAllGroup,
    #[error(
        "an all-group (xs:all) has {}, but it may occur at most once; set minOccurs to 0 or 1 and maxOccurs to 1",
        bounds_text(.occurs)
    )]
    AllGroupOccurs { occurs: Occurs },
    #[error("member {number} of an all-group (xs:all), counting from 1, is a group, but all-group members must be element declarations; replace the group with its elements or use a sequence")]
    AllGroupMemberNotElement { number: usize },
    /// XSD 1.0 allows only element declarations in an all-group; XSD 1.1 also allows
    /// wildcards, which this automaton does not support.
    #[error("member {number} of an all-group (xs:all), counting from 1, is a wildcard (xs:any), but XSD 1.0 all-group members must be element declarations; replace the all-group with a sequence or choice that contains the wildcard")]
    AllGroupMemberWildcard { number: usize },
    #[error(
        "member {number} of an all-group (xs:all), counting from 1, has {}, but all-group members may occur at most once; set minOccurs to 0 or 1 and maxOccurs to 1",
        bounds_text(.occurs)
    )]
    AllGroupMemberRepeats {
        number: usize,
        symbol: Symbol,
        occurs: Occurs,
    },
    #[error("content model is ambiguous, so matching one child could check up to {work} configurations and positions, more than the limit of {limit}; remove the ambiguity (one name that two particles can match at the same point) or lower maxOccurs")]
    AmbiguityTooCostly { work: u64, limit: u64 },
}

/// Formats bounds as XSD attributes, e.g. `minOccurs="2" maxOccurs="unbounded"`.
fn bounds_text(occurs: &Occurs) -> String {
    let max = match occurs.max {
        MaxOccurs::Bounded(max) => max.to_string(),
        MaxOccurs::Unbounded => "unbounded".to_owned(),
    };
    format!("minOccurs=\"{}\" maxOccurs=\"{max}\"", occurs.min)
}

/// A name that a content model lets two different positions match at the same
/// point, which XML 1.0 forbids for DTDs ("deterministic content models", appendix E)
/// and XSD forbids as a Unique Particle Attribution violation.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Ambiguity {
    pub symbol: Symbol,
}

/// A compiled content model.
#[derive(Debug, Clone)]
pub struct ContentAutomaton {
    glushkov: Glushkov,
    dfa: Option<Dfa>,
}

/// The matching progress after the children read so far.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct MatchState(Repr);

#[derive(Debug, Clone, PartialEq, Eq, Hash)]
enum Repr {
    Dfa(u32),
    Positions(BitSet),
}

impl ContentAutomaton {
    /// Compiles `particle`, the element content of an element declaration.
    pub fn compile(particle: &Particle) -> Result<Self, AutomatonError> {
        let glushkov = Glushkov::build(particle)?;
        let dfa = Dfa::build(&glushkov);
        Ok(ContentAutomaton { glushkov, dfa })
    }

    /// Returns the state before any child.
    pub fn start(&self) -> MatchState {
        match &self.dfa {
            Some(_) => MatchState(Repr::Dfa(0)),
            None => MatchState(Repr::Positions(self.glushkov.start_set())),
        }
    }

    /// Advances `state` over a child called `symbol`. Returns false, leaving `state`
    /// unchanged, when the model does not allow that child here.
    pub fn step(&self, state: &mut MatchState, symbol: Symbol) -> bool {
        match self.next(state, symbol) {
            Some(next) => {
                *state = next;
                true
            }
            None => false,
        }
    }

    /// Returns the state after a child called `symbol`, if the model allows it here.
    pub fn next(&self, state: &MatchState, symbol: Symbol) -> Option<MatchState> {
        if let (Some(dfa), Repr::Dfa(id)) = (&self.dfa, &state.0) {
            return dfa.next(*id, symbol).map(|id| MatchState(Repr::Dfa(id)));
        }

        let next = self.glushkov.step(&self.positions(state), symbol);
        if next.is_empty() {
            return None;
        }
        Some(self.state_for(next))
    }

    /// Returns whether the element may end in `state`.
    pub fn accepts_end(&self, state: &MatchState) -> bool {
        match (&self.dfa, &state.0) {
            (Some(dfa), Repr::Dfa(id)) => dfa.is_accepting(*id),
            _ => self.glushkov.accepts(&self.positions(state)),
        }
    }

    /// Returns the distinct names allowed next, in the order they appear in the model.
    pub fn expected(&self, state: &MatchState) -> Vec<Symbol> {
        self.glushkov.expected(&self.positions(state))
    }

    /// Finds the shortest run of children that, inserted before a child called `symbol`,
    /// would let the model accept it, with the state after that child. Returns `None`
    /// when `symbol` fits directly or cannot fit after any insertion.
    pub fn repair(&self, state: &MatchState, symbol: Symbol) -> Option<Repair> {
        let (skipped, positions) = search::repair(&self.glushkov, &self.positions(state), symbol)?;
        Some(Repair {
            skipped,
            state: self.state_for(positions),
        })
    }

    /// Finds the shortest run of children that would let the element end after `state`:
    /// empty when it may end already, `None` when no run can complete it.
    pub fn completion(&self, state: &MatchState) -> Option<Vec<Symbol>> {
        search::completion(&self.glushkov, &self.positions(state))
    }

    /// Returns the first non-determinism found in the model, if any.
    pub fn ambiguity(&self) -> Option<Ambiguity> {
        self.glushkov.ambiguity
    }

    /// Returns whether matching uses the precomputed DFA (a table lookup per child)
    /// rather than position sets.
    pub fn is_dfa(&self) -> bool {
        self.dfa.is_some()
    }

    fn positions(&self, state: &MatchState) -> BitSet {
        match (&self.dfa, &state.0) {
            (Some(dfa), Repr::Dfa(id)) => dfa.positions(*id).clone(),
            (None, Repr::Dfa(_)) => self.glushkov.start_set(),
            (_, Repr::Positions(positions)) => positions.clone(),
        }
    }

    fn state_for(&self, positions: BitSet) -> MatchState {
        let positions = positions.normalized();
        if let Some(id) = self.dfa.as_ref().and_then(|dfa| dfa.id_of(&positions)) {
            return MatchState(Repr::Dfa(id));
        }
        MatchState(Repr::Positions(positions))
    }
}

#[cfg(test)]
mod tests;
