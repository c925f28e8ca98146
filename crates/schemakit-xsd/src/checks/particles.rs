//! Unique Particle Attribution: a content model must let every child element match
//! exactly one particle, without looking ahead.

use schemakit_model::{ContentAutomaton, MaxOccurs, Occurs, Particle, Symbol, Term};

/// The largest occurrence bound that is expanded into copies for the check; models
/// with larger bounds are not checked.
const MAX_EXPANDED_BOUND: u32 = 64;

/// The maximum number of element positions in the expanded model.
const MAX_EXPANDED_POSITIONS: usize = 5_000;

/// Returns an element name that two particles of `particle` could both match at the
/// same point, if there is one.
///
/// Occurrence bounds other than `?`, `*` and `+` are expanded into copies, e.g.
/// `a{2,3}` into `a, a, a?`, so that the position automaton can check the model.
/// NOTE: models with a bound above 64 or more than 5,000 expanded positions are not
/// checked, and all-groups are only checked for a name used twice.
pub(crate) fn unique_particle_attribution(particle: &Particle) -> Option<Symbol> {
    if let Term::All(items) = &particle.term {
        return repeated_name(items);
    }
    if contains_all(particle) {
        return None;
    }

    let mut budget = MAX_EXPANDED_POSITIONS;
    let expanded = expand(particle, &mut budget)?;
    let automaton = ContentAutomaton::compile(&expanded).ok()?;
    automaton.ambiguity().map(|ambiguity| ambiguity.symbol)
}

fn repeated_name(items: &[Particle]) -> Option<Symbol> {
    let mut seen = Vec::new();
    for item in items {
        if let Term::Element(symbol) = item.term {
            if seen.contains(&symbol) {
                return Some(symbol);
            }
            seen.push(symbol);
        }
    }
    None
}

fn contains_all(particle: &Particle) -> bool {
    match &particle.term {
        Term::All(_) => true,
        Term::Element(_) => false,
        Term::Sequence(items) | Term::Choice(items) => items.iter().any(contains_all),
        // A term this check does not know is treated like an all-group: not checked.
        _ => true,
    }
}

/// Rewrites counted bounds into copies with `?`, `*` and `+` only; `None` when the
/// result would exceed `budget` positions or a bound exceeds the limit.
fn expand(particle: &Particle, budget: &mut usize) -> Option<Particle> {
    let term = match &particle.term {
        Term::Element(symbol) => {
            *budget = budget.checked_sub(1)?;
            Term::Element(*symbol)
        }
        Term::Sequence(items) => Term::Sequence(expand_all(items, budget)?),
        Term::Choice(items) => Term::Choice(expand_all(items, budget)?),
        _ => return None,
    };
    let Occurs { min, max } = particle.occurs;
    let simple = matches!(
        (min, max),
        (0 | 1, MaxOccurs::Bounded(1)) | (0 | 1, MaxOccurs::Unbounded)
    );
    if simple {
        return Some(Particle::new(term, particle.occurs));
    }
    // Copies of a term that can match nothing compete with each other although
    // they are one particle, so such a term is checked as repeatable instead.
    let nullable = Particle::new(term.clone(), Occurs::ONCE).is_nullable();
    if nullable {
        return Some(Particle::new(term, Occurs::ZERO_OR_MORE));
    }
    if min > MAX_EXPANDED_BOUND {
        return None;
    }

    let once = Particle::new(term.clone(), Occurs::ONCE);
    let mut items = Vec::new();
    match max {
        MaxOccurs::Unbounded => {
            for _ in 1..min {
                items.push(copy(&once, budget)?);
            }
            items.push(Particle::new(term, Occurs::ONE_OR_MORE));
        }
        MaxOccurs::Bounded(max) => {
            if max > MAX_EXPANDED_BOUND {
                return None;
            }
            for _ in 0..min {
                items.push(copy(&once, budget)?);
            }
            // The optional copies nest, (a, (a)?)?, so that each copy can only be
            // entered after the previous one and the expansion stays deterministic.
            let mut optional: Option<Particle> = None;
            for _ in min..max {
                let mut chain = vec![copy(&once, budget)?];
                chain.extend(optional.take());
                optional = Some(Particle::new(Term::Sequence(chain), Occurs::OPTIONAL));
            }
            items.extend(optional);
        }
    }
    Some(Particle::new(Term::Sequence(items), Occurs::ONCE))
}

fn expand_all(items: &[Particle], budget: &mut usize) -> Option<Vec<Particle>> {
    items.iter().map(|item| expand(item, budget)).collect()
}

/// Returns a copy of an already expanded particle, charging its positions to `budget`.
fn copy(particle: &Particle, budget: &mut usize) -> Option<Particle> {
    let mut positions = 0;
    particle.for_each_element(&mut |_| positions += 1);
    *budget = budget.checked_sub(positions)?;
    Some(particle.clone())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn element(symbol: u32, min: u32, max: MaxOccurs) -> Particle {
        Particle::new(Term::Element(Symbol(symbol)), Occurs { min, max })
    }

    #[test]
    fn counted_bounds_table() {
        use MaxOccurs::{Bounded, Unbounded};
        let cases = [
            // (a{2,3}) alone is deterministic.
            (vec![element(0, 2, Bounded(3))], None),
            // (a{0,2}, a) cannot tell which particle the first a matches.
            (
                vec![element(0, 0, Bounded(2)), element(0, 1, Bounded(1))],
                Some(Symbol(0)),
            ),
            // (a{1,2}, b) is deterministic.
            (
                vec![element(0, 1, Bounded(2)), element(1, 1, Bounded(1))],
                None,
            ),
            // (a{3,}, a) is ambiguous.
            (
                vec![element(0, 3, Unbounded), element(0, 1, Bounded(1))],
                Some(Symbol(0)),
            ),
        ];
        for (items, expected) in cases {
            let model = Particle::new(Term::Sequence(items.clone()), Occurs::ONCE);
            assert_eq!(unique_particle_attribution(&model), expected, "{items:?}");
        }
    }

    #[test]
    fn all_group_with_repeated_name() {
        let model = Particle::new(
            Term::All(vec![
                element(0, 1, MaxOccurs::Bounded(1)),
                element(0, 0, MaxOccurs::Bounded(1)),
            ]),
            Occurs::ONCE,
        );
        assert_eq!(unique_particle_attribution(&model), Some(Symbol(0)));
    }
}
