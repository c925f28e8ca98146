//! Pattern facets compared by language: whether every string that the patterns of
//! one type match is matched by the patterns of the other.
//!
//! Each derivation step's patterns (a value must match one of them) become one
//! deterministic automaton over UTF-8 bytes, built by `regex-automata` from the
//! `regex` translation of the XSD patterns. A breadth-first search over tuples of
//! states then looks for a shortest string that every step of one type matches and
//! some step of the other type rejects.

use regex_automata::dfa::{dense, Automaton, StartKind};
use regex_automata::util::primitives::StateID;
use regex_automata::util::start;
use regex_automata::Anchored;
use schemakit_datatypes::SimpleType;
use std::collections::{HashMap, VecDeque};

/// The maximum number of state tuples one inclusion search visits.
pub const MAX_PATTERN_STATES: usize = 100_000;

/// The maximum size in bytes of one pattern automaton, and of the memory used to
/// build it.
const MAX_AUTOMATON_BYTES: usize = 4 << 20;

/// The result of comparing the pattern languages of two types.
#[derive(Debug, PartialEq, Eq)]
pub enum PatternInclusion {
    /// Every string that the patterns of `sub` match is matched by those of `sup`.
    Holds,
    /// A string that the patterns of `sub` match and those of `sup` reject.
    Fails(String),
    /// No decision, with the reason.
    Undecided(String),
}

/// Decides whether the pattern language of `sub` is part of that of `sup`.
pub fn includes(sub: &SimpleType, sup: &SimpleType) -> PatternInclusion {
    let (sub_steps, sup_steps) = match (automata(sub), automata(sup)) {
        (Ok(sub_steps), Ok(sup_steps)) => (sub_steps, sup_steps),
        (Err(reason), _) | (_, Err(reason)) => return PatternInclusion::Undecided(reason),
    };

    for sup_step in &sup_steps {
        match search(&sub_steps, sup_step) {
            Search::NoWitness => {}
            Search::Witness(bytes) => {
                return match String::from_utf8(bytes) {
                    Ok(text) => PatternInclusion::Fails(text),
                    Err(_) => PatternInclusion::Undecided(
                        "the strings that tell the patterns apart are not valid UTF-8".to_owned(),
                    ),
                }
            }
            Search::LimitReached => {
                return PatternInclusion::Undecided(format!(
                    "patterns could not be compared within {MAX_PATTERN_STATES} automaton states"
                ))
            }
            Search::Failed(reason) => return PatternInclusion::Undecided(reason),
        }
    }
    PatternInclusion::Holds
}

/// Builds one anchored automaton for each derivation step's patterns.
fn automata(simple: &SimpleType) -> Result<Vec<dense::DFA<Vec<u32>>>, String> {
    let config = dense::Config::new()
        .start_kind(StartKind::Anchored)
        .dfa_size_limit(Some(MAX_AUTOMATON_BYTES))
        .determinize_size_limit(Some(MAX_AUTOMATON_BYTES));

    simple
        .facets
        .pattern_steps()
        .iter()
        .map(|step| {
            let alternatives: Vec<String> = step
                .iter()
                .map(|pattern| format!("(?:{})", pattern.regex_source()))
                .collect();
            dense::Builder::new()
                .configure(config.clone())
                .build(&alternatives.join("|"))
                .map_err(|error| {
                    let sources: Vec<&str> = step.iter().map(|pattern| pattern.source()).collect();
                    format!(
                        "pattern {} could not be compiled for comparison: {error}",
                        sources.join(" | ")
                    )
                })
        })
        .collect()
}

enum Search {
    NoWitness,
    Witness(Vec<u8>),
    LimitReached,
    Failed(String),
}

/// Searches for a shortest string that every automaton in `subs` matches and `sup`
/// rejects.
fn search(subs: &[dense::DFA<Vec<u32>>], sup: &dense::DFA<Vec<u32>>) -> Search {
    let config = start::Config::new().anchored(Anchored::Yes);
    let mut start = Vec::with_capacity(subs.len() + 1);
    for dfa in subs.iter().chain(std::iter::once(sup)) {
        match dfa.start_state(&config) {
            Ok(state) => start.push(state),
            Err(error) => {
                return Search::Failed(format!("a pattern automaton has no start state: {error}"))
            }
        }
    }
    let bytes = representative_bytes(subs, sup);

    // Each visited tuple maps to its parent tuple and the byte that led to it.
    let mut parents: HashMap<Vec<StateID>, Option<(Vec<StateID>, u8)>> = HashMap::new();
    parents.insert(start.clone(), None);
    let mut queue = VecDeque::from([start]);

    while let Some(tuple) = queue.pop_front() {
        let (sub_states, sup_state) = tuple.split_at(subs.len());
        let sub_matches = subs
            .iter()
            .zip(sub_states)
            .all(|(dfa, state)| dfa.is_match_state(dfa.next_eoi_state(*state)));
        let sup_matches = sup_state
            .first()
            .is_some_and(|state| sup.is_match_state(sup.next_eoi_state(*state)));
        if sub_matches && !sup_matches {
            return Search::Witness(path_to(&parents, &tuple));
        }

        for &byte in &bytes {
            let next: Vec<StateID> = subs
                .iter()
                .chain(std::iter::once(sup))
                .zip(&tuple)
                .map(|(dfa, state)| dfa.next_state(*state, byte))
                .collect();
            let sub_dead = subs
                .iter()
                .zip(&next)
                .any(|(dfa, state)| dfa.is_dead_state(*state));
            if sub_dead || parents.contains_key(&next) {
                continue;
            }
            if parents.len() >= MAX_PATTERN_STATES {
                return Search::LimitReached;
            }
            parents.insert(next.clone(), Some((tuple.clone(), byte)));
            queue.push_back(next);
        }
    }
    Search::NoWitness
}

/// Returns one byte of each class of bytes that no automaton distinguishes.
fn representative_bytes(subs: &[dense::DFA<Vec<u32>>], sup: &dense::DFA<Vec<u32>>) -> Vec<u8> {
    let all: Vec<&dense::DFA<Vec<u32>>> = subs.iter().chain(std::iter::once(sup)).collect();
    (0..=255u8)
        .filter(|&byte| {
            byte == 0
                || all.iter().any(|dfa| {
                    let classes = dfa.byte_classes();
                    classes.get(byte) != classes.get(byte - 1)
                })
        })
        .collect()
}

/// Rebuilds the bytes that lead from the start tuple to `tuple`.
fn path_to(
    parents: &HashMap<Vec<StateID>, Option<(Vec<StateID>, u8)>>,
    tuple: &[StateID],
) -> Vec<u8> {
    let mut bytes = Vec::new();
    let mut current = tuple.to_vec();
    while let Some(Some((parent, byte))) = parents.get(&current) {
        bytes.push(*byte);
        current = parent.clone();
    }
    bytes.reverse();
    bytes
}
