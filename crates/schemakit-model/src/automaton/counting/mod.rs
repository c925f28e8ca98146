//! Content-model automata for XSD: any occurrence bounds, and `xs:all` groups.
//!
//! A bound other than `?`, `*`, `+` or none is checked with a counter instead of by
//! unrolling the particle, so `maxOccurs="5000"` adds one counter, not 5000
//! positions. Matching keeps a set of configurations (a position with the counts of
//! its counted ancestors), in the manner of a Glushkov automaton with counters. For a
//! model that satisfies Unique Particle Attribution and has no counter ambiguity the
//! set never contains more than one configuration, and a step checks only the positions
//! of the child's name that lie in the window that can follow the current position.
//!
//! A wildcard (`xs:any`) is a position like an element name, and it takes part in
//! counters the same way. A child is matched against the positions of its name first
//! and against the wildcards that allow its namespace only when none of those fits
//! (see [`CountingAutomaton::step_child`]).
//!
//! An `xs:all` group compiles to the set of members seen so far (see
//! [`all_group`](super::all_group)).

mod ambiguity;
mod table;
mod transitions;
mod tree;
mod wildcards;

pub(super) use tree::check_bounds;
pub use wildcards::{ChildMatch, Conflict};

use super::all_group::AllGroup;
use super::{Ambiguity, AutomatonError};
use crate::bitset::BitSet;
use crate::{Occurs, Particle, Symbol, Term};
use smallvec::{smallvec, SmallVec};
use std::collections::{BTreeMap, HashSet};
use table::TransitionTable;
use transitions::{Configuration, Cursor};
use tree::ModelTree;

/// The maximum matching work per child that an ambiguous content model may need: the
/// number of configurations it could have to track at once times the number of
/// positions that share one name plus the number of wildcard positions. A model above
/// it is rejected when it compiles, because matching one child could check that many
/// transitions.
pub const MAX_AMBIGUOUS_WORK: u64 = 1 << 20;

/// A compiled XSD content model, with counters for occurrence bounds and member sets
/// for all-groups.
///
/// ```
/// use schemakit_model::{CountingAutomaton, MaxOccurs, Occurs, Particle, SymbolTable, Term};
///
/// let mut symbols = SymbolTable::new();
/// let item = symbols.intern("ITEM");
/// // ITEM{2,5000}
/// let model = Particle::new(Term::Element(item), Occurs { min: 2, max: MaxOccurs::Bounded(5000) });
/// let automaton = CountingAutomaton::compile(&model)?;
/// let mut state = automaton.start();
/// assert!(automaton.step(&mut state, item));
/// assert!(!automaton.accepts_end(&state));
/// assert!(automaton.step(&mut state, item));
/// assert!(automaton.accepts_end(&state));
/// # Ok::<(), schemakit_model::AutomatonError>(())
/// ```
#[derive(Debug, Clone)]
pub struct CountingAutomaton {
    model: Model,
    ambiguities: Vec<Ambiguity>,
    /// Pairs of wildcard positions that can match one child at the same point.
    wildcard_conflicts: Vec<(usize, usize)>,
}

#[derive(Debug, Clone)]
enum Model {
    Counting {
        tree: ModelTree,
        /// The element positions of each name, in model order. A B-tree, because it is
        /// looked up once per child and comparing a few integers costs less than SipHash.
        by_symbol: BTreeMap<Symbol, Vec<usize>>,
        /// The wildcard positions, in model order.
        wildcard_positions: Vec<usize>,
        /// The element steps precomputed, for a small model without counters.
        table: Option<TransitionTable>,
    },
    All(AllGroup),
}

/// The matching progress of a [`CountingAutomaton`] after the children read so far.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct CountingState(StateRepr);

/// The configurations of one state. An unambiguous model has one at a time, which
/// is stored inline, so a step of such a model without counters does not allocate.
type Configurations = SmallVec<[Configuration; 1]>;

/// A [`CountingState`] of a small model without counters, stored as the number of its
/// row in the model's transition table. It is `Copy`, so a caller can keep many
/// states cheaply. See [`CountingAutomaton::step_compact`].
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct CompactState(u32);

#[derive(Debug, Clone, PartialEq, Eq, Hash)]
enum StateRepr {
    /// Sorted and without duplicates, so that equal progress compares equal.
    Configurations(Configurations),
    /// The members of an all-group seen so far.
    Members(BitSet),
}

impl CountingAutomaton {
    /// Compiles `particle`, the content model of a complex type.
    ///
    /// An all-group must be the whole model, possibly inside groups of one item that
    /// occur once, and its members must be elements. Fails on an all-group elsewhere,
    /// on a wildcard or group in an all-group, on `minOccurs` above `maxOccurs`,
    /// past [`MAX_POSITIONS`](super::MAX_POSITIONS) or
    /// [`MAX_NESTING`](super::MAX_NESTING), and on an ambiguous model whose matching
    /// could exceed [`MAX_AMBIGUOUS_WORK`].
    pub fn compile(particle: &Particle) -> Result<CountingAutomaton, AutomatonError> {
        if let Some((occurs, items)) = whole_all_group(particle) {
            let group = AllGroup::compile(occurs, items)?;
            let ambiguities = to_ambiguities(group.duplicate_symbols());
            return Ok(CountingAutomaton {
                model: Model::All(group),
                ambiguities,
                wildcard_conflicts: Vec::new(),
            });
        }

        let tree = ModelTree::build(particle)?;
        let competing = ambiguity::competing_symbols(&tree);
        let wildcard_conflicts = ambiguity::competing_wildcards(&tree);

        let mut by_symbol: BTreeMap<Symbol, Vec<usize>> = BTreeMap::new();
        let mut wildcard_positions = Vec::new();
        for (index, position) in tree.positions.iter().enumerate() {
            match position.leaf.symbol() {
                Some(symbol) => by_symbol.entry(symbol).or_default().push(index),
                None => wildcard_positions.push(index),
            }
        }

        // An unambiguous model tracks one configuration, so only an ambiguous one can
        // cost more than one check per position of the child's name and per wildcard.
        // A child that fits both an element and a wildcard follows only the element,
        // so element/wildcard conflicts add no configurations.
        let ambiguous = !competing.is_empty()
            || !wildcard_conflicts.is_empty()
            || ambiguity::has_counter_ambiguity(&tree);
        if ambiguous {
            let widest = by_symbol.values().map(Vec::len).max().unwrap_or(0);
            let targets = widest.saturating_add(wildcard_positions.len());
            let work = ambiguity::configuration_bound(&tree).saturating_mul(targets as u64);
            if work > MAX_AMBIGUOUS_WORK {
                return Err(AutomatonError::AmbiguityTooCostly {
                    work,
                    limit: MAX_AMBIGUOUS_WORK,
                });
            }
        }

        let table = TransitionTable::build(&tree, &by_symbol);
        Ok(CountingAutomaton {
            model: Model::Counting {
                tree,
                by_symbol,
                wildcard_positions,
                table,
            },
            ambiguities: to_ambiguities(competing),
            wildcard_conflicts,
        })
    }

    /// Returns the state before any child.
    pub fn start(&self) -> CountingState {
        match &self.model {
            Model::Counting { .. } => {
                CountingState(StateRepr::Configurations(smallvec![Configuration::start()]))
            }
            Model::All(group) => CountingState(StateRepr::Members(group.start())),
        }
    }

    /// Advances `state` over a child called `symbol`. Returns false, leaving `state`
    /// unchanged, when the model does not allow that child here (or `state` belongs
    /// to another automaton). Wildcards never match here: use
    /// [`step_child`](Self::step_child) for models that have them.
    pub fn step(&self, state: &mut CountingState, symbol: Symbol) -> bool {
        if let (Model::All(group), StateRepr::Members(seen)) = (&self.model, &mut state.0) {
            return group.step(seen, symbol);
        }

        match self.stepped(state, symbol) {
            Some(next) => {
                *state = next;
                true
            }
            None => false,
        }
    }

    /// Returns the state after a child called `symbol` in `state`, or `None` when the
    /// model does not allow that child here (or `state` belongs to another automaton).
    /// Like [`step`](Self::step), but `state` is left as it is, so a caller that keeps
    /// the state before the child does not need to clone it.
    pub fn stepped(&self, state: &CountingState, symbol: Symbol) -> Option<CountingState> {
        match (&self.model, &state.0) {
            (
                Model::Counting {
                    tree,
                    by_symbol,
                    table,
                    ..
                },
                StateRepr::Configurations(configurations),
            ) => {
                if let Some(stepped) = table
                    .as_ref()
                    .and_then(|table| table.step(configurations, symbol))
                {
                    return stepped.map(|next| CountingState(StateRepr::Configurations(next)));
                }
                let targets = by_symbol.get(&symbol)?;
                let next = advance(tree, configurations, targets)?;
                Some(CountingState(StateRepr::Configurations(next)))
            }
            (Model::All(group), StateRepr::Members(seen)) => {
                let mut next = seen.clone();
                group
                    .step(&mut next, symbol)
                    .then_some(CountingState(StateRepr::Members(next)))
            }
            _ => None,
        }
    }

    /// Advances `state` over a child called `symbol` in place, like
    /// [`step`](Self::step), when the model's transition table covers `state`, and
    /// returns the state before the child in compact form. Returns `None`, leaving
    /// `state` unchanged, when the model has no table (it has counters, is
    /// ambiguous or is large), `state` is not in it, or the model does not allow the
    /// child here. Call [`step`](Self::step) or [`stepped`](Self::stepped) then.
    pub fn step_compact(&self, state: &mut CountingState, symbol: Symbol) -> Option<CompactState> {
        let (
            Model::Counting {
                table: Some(table), ..
            },
            StateRepr::Configurations(configurations),
        ) = (&self.model, &mut state.0)
        else {
            return None;
        };
        let before = table.step_in_place(configurations, symbol)?;
        Some(CompactState(u32::try_from(before).ok()?))
    }

    /// Returns `state` in compact form, when the model's transition table covers it.
    pub fn compact(&self, state: &CountingState) -> Option<CompactState> {
        let (
            Model::Counting {
                table: Some(table), ..
            },
            StateRepr::Configurations(configurations),
        ) = (&self.model, &state.0)
        else {
            return None;
        };
        let row = table.row_of(configurations)?;
        Some(CompactState(u32::try_from(row).ok()?))
    }

    /// Converts `compact`, which [`compact`](Self::compact) or
    /// [`step_compact`](Self::step_compact) of this automaton returned, back to the
    /// full state.
    pub fn expand(&self, compact: CompactState) -> CountingState {
        let cursor = match (compact.0 as usize).checked_sub(1) {
            None => Cursor::Start,
            Some(position) => Cursor::At(position),
        };
        CountingState(StateRepr::Configurations(smallvec![Configuration {
            cursor,
            counts: Vec::new(),
        }]))
    }

    /// Returns whether the element may end in `state`.
    pub fn accepts_end(&self, state: &CountingState) -> bool {
        match (&self.model, &state.0) {
            (Model::Counting { tree, .. }, StateRepr::Configurations(configurations)) => {
                configurations
                    .iter()
                    .any(|configuration| tree.accepts(configuration))
            }
            (Model::All(group), StateRepr::Members(seen)) => group.accepts_end(seen),
            _ => false,
        }
    }

    /// Returns the distinct names allowed next in `state`, counter guards included,
    /// in the order they appear in the model. Wildcards are listed by
    /// [`expected_wildcards`](Self::expected_wildcards).
    pub fn expected(&self, state: &CountingState) -> Vec<Symbol> {
        match (&self.model, &state.0) {
            (Model::Counting { tree, .. }, StateRepr::Configurations(configurations)) => {
                // Only positions inside some configuration's follow window can follow.
                let windows: Vec<_> = configurations
                    .iter()
                    .map(|configuration| tree.follow_window(configuration.cursor))
                    .collect();
                let low = windows.iter().map(|window| window.start).min().unwrap_or(0);
                let high = windows.iter().map(|window| window.end).max().unwrap_or(0);

                let mut listed = HashSet::new();
                let mut expected = Vec::new();
                let mut scratch = Configurations::new();
                for target in low..high {
                    let Some(position) = tree.positions.get(target) else {
                        break;
                    };
                    let Some(symbol) = position.leaf.symbol() else {
                        continue;
                    };
                    if listed.contains(&symbol) {
                        continue;
                    }
                    scratch.clear();
                    for configuration in configurations {
                        tree.successors(configuration, target, &mut scratch);
                    }
                    if !scratch.is_empty() {
                        listed.insert(symbol);
                        expected.push(symbol);
                    }
                }
                expected
            }
            (Model::All(group), StateRepr::Members(seen)) => group.expected(seen),
            _ => Vec::new(),
        }
    }

    /// Returns the Unique Particle Attribution violations: each name that two
    /// different particles can match at the same point, once, in model order.
    /// Counter guards are ignored, as XSD 1.0 does for this rule, so `(A{2}, A?)` is
    /// reported. In an all-group, a name that two members have is reported.
    /// Wildcards are left out: [`ambiguities_with`](Self::ambiguities_with) checks them.
    pub fn ambiguities(&self) -> Vec<Ambiguity> {
        self.ambiguities.clone()
    }

    /// Returns the number of element and wildcard positions (all-group members
    /// included).
    pub fn positions(&self) -> usize {
        match &self.model {
            Model::Counting { tree, .. } => tree.positions.len(),
            Model::All(group) => group.len(),
        }
    }

    /// Returns the number of counters: one per particle whose bounds are not `?`,
    /// `*`, `+` or none. An all-group uses none.
    pub fn counters(&self) -> usize {
        match &self.model {
            Model::Counting { tree, .. } => tree.counters,
            Model::All(_) => 0,
        }
    }
}

/// Finds an all-group that is the whole model: `particle` itself, or the only item
/// of groups that occur once. Returns its bounds and members.
fn whole_all_group(particle: &Particle) -> Option<(Occurs, &[Particle])> {
    let mut current = particle;
    loop {
        match &current.term {
            Term::All(items) => return Some((current.occurs, items)),
            Term::Sequence(items) | Term::Choice(items)
                if items.len() == 1 && current.occurs == Occurs::ONCE =>
            {
                current = items.first()?;
            }
            _ => return None,
        }
    }
}

/// Returns the configurations after reading one of the positions `targets` (sorted)
/// from `configurations`, sorted and without duplicates, or `None` when no target may
/// follow any configuration. Only targets inside a configuration's follow window are
/// tried.
fn advance(
    tree: &ModelTree,
    configurations: &[Configuration],
    targets: &[usize],
) -> Option<Configurations> {
    let mut next = Configurations::new();
    for configuration in configurations {
        let window = tree.follow_window(configuration.cursor);
        let low = targets.partition_point(|target| *target < window.start);
        let high = targets.partition_point(|target| *target < window.end);
        for target in targets.get(low..high).unwrap_or(&[]) {
            tree.successors(configuration, *target, &mut next);
        }
    }
    if next.is_empty() {
        return None;
    }

    next.sort_unstable();
    next.dedup();
    Some(next)
}

fn to_ambiguities(symbols: Vec<Symbol>) -> Vec<Ambiguity> {
    symbols
        .into_iter()
        .map(|symbol| Ambiguity { symbol })
        .collect()
}

#[cfg(test)]
mod tests;
