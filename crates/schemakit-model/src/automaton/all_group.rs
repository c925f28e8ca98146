//! `xs:all` groups, matched with the set of members seen so far.
//!
//! Every member is an element that may appear at most once, in any order. Instead of
//! an automaton over the permutations, matching keeps one bit per member. A child
//! costs one hash lookup of its name and one bit set, whatever the size of the group.

use super::counting::check_bounds;
use super::{AutomatonError, MAX_POSITIONS};
use crate::bitset::BitSet;
use crate::{MaxOccurs, Occurs, Particle, Symbol, Term};
use std::collections::{HashMap, HashSet};

/// One member of an all-group.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
struct Member {
    symbol: Symbol,
    required: bool,
}

/// A compiled all-group: its members in model order.
#[derive(Debug, Clone)]
pub(super) struct AllGroup {
    members: Vec<Member>,
    /// Whether the whole group may be absent (`minOccurs="0"` on the group).
    optional: bool,
    /// The members of each name, required ones first, then in model order.
    by_symbol: HashMap<Symbol, Vec<usize>>,
}

impl AllGroup {
    /// Compiles an all-group with bounds `occurs` and members `items`. The group must
    /// occur at most once, and each member must be an element (not a group or
    /// wildcard) that occurs at most once.
    /// Members with `maxOccurs="0"` are dropped, and a group with `maxOccurs="0"` has
    /// no members.
    pub(super) fn compile(occurs: Occurs, items: &[Particle]) -> Result<AllGroup, AutomatonError> {
        check_bounds(occurs)?;
        let mut group = AllGroup {
            members: Vec::new(),
            optional: occurs.min == 0,
            by_symbol: HashMap::new(),
        };
        match (occurs.min, occurs.max) {
            (_, MaxOccurs::Bounded(0)) => return Ok(group),
            (0 | 1, MaxOccurs::Bounded(1)) => {}
            _ => return Err(AutomatonError::AllGroupOccurs { occurs }),
        }

        for (index, item) in items.iter().enumerate() {
            let number = index + 1;
            check_bounds(item.occurs)?;
            let symbol = match item.term {
                Term::Element(symbol) => symbol,
                Term::Wildcard(_) => return Err(AutomatonError::AllGroupMemberWildcard { number }),
                _ => return Err(AutomatonError::AllGroupMemberNotElement { number }),
            };
            match (item.occurs.min, item.occurs.max) {
                (_, MaxOccurs::Bounded(0)) => continue,
                (0 | 1, MaxOccurs::Bounded(1)) => {}
                _ => {
                    return Err(AutomatonError::AllGroupMemberRepeats {
                        number,
                        symbol,
                        occurs: item.occurs,
                    })
                }
            }
            if group.members.len() >= MAX_POSITIONS {
                return Err(AutomatonError::TooManyPositions);
            }
            group.members.push(Member {
                symbol,
                required: item.occurs.min == 1,
            });
        }

        for (index, member) in group.members.iter().enumerate() {
            group
                .by_symbol
                .entry(member.symbol)
                .or_default()
                .push(index);
        }
        for indexes in group.by_symbol.values_mut() {
            indexes.sort_by_key(|index| {
                let required = group
                    .members
                    .get(*index)
                    .is_some_and(|member| member.required);
                (!required, *index)
            });
        }
        Ok(group)
    }

    /// Returns the set of members seen before any child: none.
    pub(super) fn start(&self) -> BitSet {
        BitSet::with_capacity(self.members.len())
    }

    /// Marks a member called `symbol` as seen. When two members share the name (a
    /// Unique Particle Attribution violation), an unseen required one is taken first,
    /// so that matching still accepts exactly the sequences some assignment allows.
    pub(super) fn step(&self, seen: &mut BitSet, symbol: Symbol) -> bool {
        let unseen = self
            .by_symbol
            .get(&symbol)
            .and_then(|indexes| indexes.iter().find(|index| !seen.contains(**index)));
        match unseen {
            Some(index) => {
                seen.insert(*index);
                true
            }
            None => false,
        }
    }

    /// Returns whether the element may end: every required member was seen, or
    /// nothing was seen and the group may be absent.
    pub(super) fn accepts_end(&self, seen: &BitSet) -> bool {
        if self.optional && seen.is_empty() {
            return true;
        }
        self.members
            .iter()
            .enumerate()
            .all(|(index, member)| !member.required || seen.contains(index))
    }

    /// Returns the distinct names of the members not seen yet, in model order.
    pub(super) fn expected(&self, seen: &BitSet) -> Vec<Symbol> {
        let mut listed = HashSet::new();
        let mut expected = Vec::new();
        for (index, member) in self.members.iter().enumerate() {
            if !seen.contains(index) && listed.insert(member.symbol) {
                expected.push(member.symbol);
            }
        }
        expected
    }

    /// Returns the names that more than one member has, each once, in model order.
    pub(super) fn duplicate_symbols(&self) -> Vec<Symbol> {
        let mut duplicates = Vec::new();
        for member in &self.members {
            let shared = self
                .by_symbol
                .get(&member.symbol)
                .is_some_and(|indexes| indexes.len() > 1);
            if shared && !duplicates.contains(&member.symbol) {
                duplicates.push(member.symbol);
            }
        }
        duplicates
    }

    pub(super) fn len(&self) -> usize {
        self.members.len()
    }
}
