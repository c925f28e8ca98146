//! Language inclusion between two XSD content models, on their counting automata.
//!
//! A model whose particle tree has the same shape as the other's is decided without
//! a search: widening any particle's occurrence bounds only adds documents, so when
//! every bound of `sup` contains the matching bound of `sub`, inclusion holds. When
//! a bound was narrowed, a sequence that repeats that particle just outside the new
//! bound is built from the tree and confirmed on both automata. It is a witness,
//! though not always a shortest one. In every other case a breadth-first search runs
//! over pairs of automaton states. The states carry concrete counter values, so the
//! search is bounded by [`MAX_SEARCH_PAIRS`] and reports `Undecided` past it instead
//! of guessing.

use crate::language::{Inclusion, Witness, MAX_SEARCH_PAIRS};
use schemakit_model::{
    CountingAutomaton, CountingState, MaxOccurs, Occurs, Particle, Schema, Term,
};
use std::collections::{HashMap, VecDeque};

/// A compiled content model with the schema whose symbols it uses.
pub struct Model<'a> {
    pub particle: &'a Particle,
    pub automaton: CountingAutomaton,
    pub schema: &'a Schema,
}

/// Decides whether every child sequence `sub` accepts is accepted by `sup`.
pub fn includes(sub: &Model, sup: &Model) -> Inclusion {
    if bounds_contain(sup.particle, sup.schema, sub.particle, sub.schema) {
        return Inclusion::Holds;
    }

    // With matching shapes, a sequence that takes a narrowed bound just outside the
    // new range is a witness whenever the automata confirm it, found without
    // stepping through every counter value.
    if same_shape_ignoring_bounds(sub.particle, sub.schema, sup.particle, sup.schema) {
        let mut children = Vec::new();
        let targeted = emit(sub.particle, Some(sup.particle), sub.schema, &mut children);
        if targeted == Some(true) && confirms(sub, sup, &children) {
            return Inclusion::Fails(Witness::Children(children));
        }
    }

    search(sub, sup, MAX_SEARCH_PAIRS)
}

/// The maximum length of a witness built from the particle trees.
const MAX_WITNESS_CHILDREN: usize = 1_000_000;

/// Appends to `children` a sequence that `sub` accepts. Where `sup` is given and
/// does not contain a bound of `sub`, that particle repeats just outside `sup`'s
/// bound. Returns whether such a bound was used, `None` past
/// [`MAX_WITNESS_CHILDREN`].
fn emit(
    sub: &Particle,
    sup: Option<&Particle>,
    schema: &Schema,
    children: &mut Vec<String>,
) -> Option<bool> {
    let narrowed = sup.filter(|sup| !occurs_contain(sup.occurs, sub.occurs));
    if let Some(sup) = narrowed {
        let count = match sup.occurs.max {
            _ if sub.occurs.min < sup.occurs.min => sub.occurs.min,
            MaxOccurs::Bounded(max) => max.saturating_add(1),
            MaxOccurs::Unbounded => return Some(false),
        };
        for _ in 0..count {
            emit_term(sub, None, schema, children)?;
        }
        return Some(true);
    }

    // One occurrence that uses a narrowed bound inside, then the rest at minimum.
    let mut first = Vec::new();
    let targeted = match sup {
        Some(_) => emit_term(sub, sup, schema, &mut first)?,
        None => false,
    };
    if targeted {
        children.extend(first);
        for _ in 1..sub.occurs.min.max(1) {
            emit_term(sub, None, schema, children)?;
        }
        return Some(true);
    }

    for _ in 0..sub.occurs.min {
        emit_term(sub, None, schema, children)?;
    }
    Some(false)
}

/// Appends one occurrence of `sub`'s term. Returns whether a narrowed bound of
/// `sup` was used inside it.
fn emit_term(
    sub: &Particle,
    sup: Option<&Particle>,
    schema: &Schema,
    children: &mut Vec<String>,
) -> Option<bool> {
    if children.len() > MAX_WITNESS_CHILDREN {
        return None;
    }

    let sup_items = |sup: Option<&Particle>| match sup.map(|sup| &sup.term) {
        Some(Term::Sequence(items) | Term::Choice(items) | Term::All(items)) => Some(items.clone()),
        _ => None,
    };
    match &sub.term {
        Term::Element(symbol) => {
            children.push(schema.name(*symbol).to_owned());
            Some(false)
        }
        Term::Sequence(items) | Term::All(items) => {
            let sup_items = sup_items(sup);
            let mut targeted = false;
            for (index, item) in items.iter().enumerate() {
                let sup_item = sup_items
                    .as_ref()
                    .and_then(|sup_items| sup_items.get(index));
                let sup_item = if targeted { None } else { sup_item };
                targeted |= emit(item, sup_item, schema, children)?;
            }
            Some(targeted)
        }
        Term::Choice(items) => {
            let sup_items = sup_items(sup);
            for (index, item) in items.iter().enumerate() {
                let Some(sup_item) = sup_items
                    .as_ref()
                    .and_then(|sup_items| sup_items.get(index))
                else {
                    continue;
                };
                let mut attempt = Vec::new();
                if emit(item, Some(sup_item), schema, &mut attempt)? {
                    children.extend(attempt);
                    return Some(true);
                }
            }
            match items.first() {
                Some(first) => emit(first, None, schema, children),
                None => Some(false),
            }
        }
        _ => None,
    }
}

/// Checks that `sub` accepts `children` and `sup` rejects them.
fn confirms(sub: &Model, sup: &Model, children: &[String]) -> bool {
    let run = |model: &Model| -> bool {
        let mut state = model.automaton.start();
        for name in children {
            let Some(symbol) = model.schema.symbols.get(name) else {
                return false;
            };
            if !model.automaton.step(&mut state, symbol) {
                return false;
            }
        }
        model.automaton.accepts_end(&state)
    };
    run(sub) && !run(sup)
}

/// Checks whether both particle trees have the same groups and element names in
/// the same order, whatever their bounds.
fn same_shape_ignoring_bounds(
    left: &Particle,
    left_schema: &Schema,
    right: &Particle,
    right_schema: &Schema,
) -> bool {
    match (&left.term, &right.term) {
        (Term::Element(left_symbol), Term::Element(right_symbol)) => {
            left_schema.name(*left_symbol) == right_schema.name(*right_symbol)
        }
        (Term::Sequence(left_items), Term::Sequence(right_items))
        | (Term::Choice(left_items), Term::Choice(right_items))
        | (Term::All(left_items), Term::All(right_items)) => {
            left_items.len() == right_items.len()
                && left_items
                    .iter()
                    .zip(right_items)
                    .all(|(left_item, right_item)| {
                        same_shape_ignoring_bounds(left_item, left_schema, right_item, right_schema)
                    })
        }
        _ => false,
    }
}

/// Checks whether both particle trees have the same shape and bounds.
pub fn same_shape(
    left: &Particle,
    left_schema: &Schema,
    right: &Particle,
    right_schema: &Schema,
) -> bool {
    bounds_contain(left, left_schema, right, right_schema)
        && bounds_contain(right, right_schema, left, left_schema)
}

/// Checks whether both particle trees have the same shape (the same groups and
/// element names in the same order) and every bound of `sup` contains the matching
/// bound of `sub`.
fn bounds_contain(
    sup: &Particle,
    sup_schema: &Schema,
    sub: &Particle,
    sub_schema: &Schema,
) -> bool {
    if !occurs_contain(sup.occurs, sub.occurs) {
        return false;
    }

    match (&sup.term, &sub.term) {
        (Term::Element(sup_symbol), Term::Element(sub_symbol)) => {
            sup_schema.name(*sup_symbol) == sub_schema.name(*sub_symbol)
        }
        (Term::Sequence(sup_items), Term::Sequence(sub_items))
        | (Term::Choice(sup_items), Term::Choice(sub_items))
        | (Term::All(sup_items), Term::All(sub_items)) => {
            sup_items.len() == sub_items.len()
                && sup_items.iter().zip(sub_items).all(|(sup_item, sub_item)| {
                    bounds_contain(sup_item, sup_schema, sub_item, sub_schema)
                })
        }
        (Term::Wildcard(sup_wildcard), Term::Wildcard(sub_wildcard)) => {
            sup_wildcard == sub_wildcard
        }
        _ => false,
    }
}

fn occurs_contain(sup: Occurs, sub: Occurs) -> bool {
    let max_contains = match (sup.max, sub.max) {
        (MaxOccurs::Unbounded, _) => true,
        (MaxOccurs::Bounded(_), MaxOccurs::Unbounded) => false,
        (MaxOccurs::Bounded(sup_max), MaxOccurs::Bounded(sub_max)) => sup_max >= sub_max,
    };
    sup.min <= sub.min && max_contains
}

/// Searches breadth first over pairs (state in `sub`, state in `sup` or dead) for a
/// shortest child sequence that `sub` accepts and `sup` rejects.
fn search(sub: &Model, sup: &Model, max_pairs: usize) -> Inclusion {
    type Pair = (CountingState, Option<CountingState>);

    // Each visited pair keeps its parent's index and the child that led to it, so
    // the witness is rebuilt by walking back.
    let start: Pair = (sub.automaton.start(), Some(sup.automaton.start()));
    let mut visited: HashMap<Pair, usize> = HashMap::new();
    let mut trail: Vec<Option<(usize, String)>> = vec![None];
    let mut queue = VecDeque::new();
    visited.insert(start.clone(), 0);
    queue.push_back((start, 0));

    while let Some(((sub_state, sup_state), index)) = queue.pop_front() {
        let sup_accepts = sup_state
            .as_ref()
            .is_some_and(|state| sup.automaton.accepts_end(state));
        if sub.automaton.accepts_end(&sub_state) && !sup_accepts {
            return Inclusion::Fails(Witness::Children(rebuild_path(&trail, index)));
        }

        for symbol in sub.automaton.expected(&sub_state) {
            let name = sub.schema.name(symbol);
            let mut sub_next = sub_state.clone();
            if !sub.automaton.step(&mut sub_next, symbol) {
                continue;
            }
            let sup_next = sup_state.as_ref().and_then(|state| {
                let sup_symbol = sup.schema.symbols.get(name)?;
                let mut next = state.clone();
                sup.automaton.step(&mut next, sup_symbol).then_some(next)
            });

            let pair = (sub_next, sup_next);
            if visited.contains_key(&pair) {
                continue;
            }
            if visited.len() >= max_pairs {
                tracing::warn!(
                    limit = max_pairs,
                    "XSD content model inclusion search stopped at its limit"
                );
                return Inclusion::Undecided;
            }

            let next_index = trail.len();
            trail.push(Some((index, name.to_owned())));
            visited.insert(pair.clone(), next_index);
            queue.push_back((pair, next_index));
        }
    }

    Inclusion::Holds
}

fn rebuild_path(trail: &[Option<(usize, String)>], mut index: usize) -> Vec<String> {
    let mut path = Vec::new();
    while let Some(Some((parent, name))) = trail.get(index) {
        path.push(name.clone());
        index = *parent;
    }
    path.reverse();
    path
}
