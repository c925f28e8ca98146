//! Unique Particle Attribution: a content model must let every child element match
//! exactly one particle, without looking ahead.

use crate::structures::{Builder, XNode};
use crate::wildcards::describe;
use schemakit_model::{
    AutomatonError, Code, Conflict, CountingAutomaton, MaxOccurs, Occurs, Particle, Symbol, Term,
};

impl<'a, 'i> Builder<'a, 'i> {
    /// Reports each Unique Particle Attribution conflict of `particle`, the content
    /// model of the complex type at `at`. A conflict is two particles that can match
    /// the same child at one point: elements of one name, an element and a wildcard
    /// that allows its namespace, or two wildcards that share a namespace.
    pub(crate) fn check_unique_attribution(&mut self, at: XNode<'a, 'i>, particle: &Particle) {
        let conflicts = match unique_particle_attribution(particle, &|symbol| {
            clark_namespace(self.symbols.name(symbol))
        }) {
            Ok(conflicts) => conflicts,
            Err(error @ AutomatonError::AmbiguityTooCostly { .. }) => {
                self.error(at, Code::NonDeterministicContent, error.to_string());
                return;
            }
            Err(error @ (AutomatonError::TooManyPositions | AutomatonError::TooDeep)) => {
                self.error(at, Code::LimitExceeded, error.to_string());
                return;
            }
            // Misplaced all-groups and invalid bounds were reported where they are
            // written.
            Err(_) => return,
        };

        for conflict in conflicts {
            let message = self.conflict_message(&conflict);
            self.error(at, Code::NonDeterministicContent, message);
        }
    }

    fn conflict_message(&self, conflict: &Conflict) -> String {
        match conflict {
            Conflict::Elements(symbol) => {
                let name = self.symbols.name(*symbol);
                format!("the content model can match element `{name}` with two different particles (Unique Particle Attribution): make the particles for `{name}` distinct, e.g. by changing their order or bounds")
            }
            Conflict::ElementAndWildcard(symbol, wildcard) => {
                let name = self.symbols.name(*symbol);
                format!(
                    "the content model can match element `{name}` with its element particle and with the wildcard {} (Unique Particle Attribution): exclude the namespace from the wildcard or separate them with a required element",
                    describe(&wildcard.namespaces)
                )
            }
            Conflict::Wildcards(first, second) => format!(
                "the content model has two wildcards, {} and {}, that can match the same element at one point (Unique Particle Attribution): make their namespaces disjoint or separate them with a required element",
                describe(&first.namespaces),
                describe(&second.namespaces)
            ),
        }
    }
}

/// Returns the Unique Particle Attribution conflicts of `particle`, in the order
/// [`CountingAutomaton::ambiguities_with`] lists them. `namespace_of` returns the
/// namespace of an element name. Fails when the model cannot be compiled.
///
/// The automaton ignores counter guards, so it would report `(b{2}, b)`, although
/// the count decides which particle each `b` matches. A particle with a fixed count
/// above one is therefore unrolled into copies first.
pub(crate) fn unique_particle_attribution(
    particle: &Particle,
    namespace_of: &dyn Fn(Symbol) -> Option<String>,
) -> Result<Vec<Conflict>, AutomatonError> {
    let mut budget = MAX_UNROLLED_POSITIONS;
    let unrolled = unroll_fixed_counts(particle, &mut budget);
    let automaton = CountingAutomaton::compile(&unrolled)?;
    Ok(automaton.ambiguities_with(namespace_of))
}

/// The maximum number of positions that unrolling fixed counts may add to a model.
const MAX_UNROLLED_POSITIONS: usize = 5_000;

/// Rewrites each particle with `minOccurs` equal to `maxOccurs` above one, whose
/// term cannot match an empty sequence, into that many copies in a sequence. Copies
/// of a term that matches nothing would compete with each other, so such particles
/// keep their counter.
///
/// NOTE: once `budget` positions are spent, the remaining fixed counts stay counters,
/// so a very large model may report a conflict that its counts rule out.
fn unroll_fixed_counts(particle: &Particle, budget: &mut usize) -> Particle {
    let term = match &particle.term {
        Term::Sequence(items) => Term::Sequence(unroll_items(items, budget)),
        Term::Choice(items) => Term::Choice(unroll_items(items, budget)),
        other => other.clone(),
    };

    let Occurs { min, max } = particle.occurs;
    let fixed = max == MaxOccurs::Bounded(min) && min > 1;
    let once = Particle::new(term, Occurs::ONCE);
    if !fixed || once.is_nullable() {
        return Particle::new(once.term, particle.occurs);
    }

    let size = position_count(&once);
    let added = size.saturating_mul(min as usize - 1);
    if added > *budget {
        return Particle::new(once.term, particle.occurs);
    }
    *budget -= added;
    let copies = vec![once; min as usize];
    Particle::new(Term::Sequence(copies), Occurs::ONCE)
}

fn unroll_items(items: &[Particle], budget: &mut usize) -> Vec<Particle> {
    items
        .iter()
        .map(|item| unroll_fixed_counts(item, budget))
        .collect()
}

/// Returns the number of element and wildcard particles in `particle`.
fn position_count(particle: &Particle) -> usize {
    match &particle.term {
        Term::Sequence(items) | Term::Choice(items) | Term::All(items) => {
            items.iter().map(position_count).sum()
        }
        _ => 1,
    }
}

/// Returns the namespace of a name in Clark notation (`{namespace}local`).
fn clark_namespace(name: &str) -> Option<String> {
    let rest = name.strip_prefix('{')?;
    let (namespace, _) = rest.split_once('}')?;
    Some(namespace.to_owned())
}

#[cfg(test)]
mod tests {
    use super::*;
    use schemakit_model::{NamespaceConstraint, ProcessContents, Wildcard};

    fn element(symbol: u32, min: u32, max: MaxOccurs) -> Particle {
        Particle::new(Term::Element(Symbol(symbol)), Occurs { min, max })
    }

    fn any(namespaces: NamespaceConstraint, min: u32, max: MaxOccurs) -> Particle {
        Particle::new(
            Term::Wildcard(Wildcard {
                namespaces,
                process_contents: ProcessContents::Lax,
            }),
            Occurs { min, max },
        )
    }

    /// Symbol 0 is `{urn:a}x`; every other symbol is in no namespace.
    fn namespace_of(symbol: Symbol) -> Option<String> {
        (symbol.0 == 0).then(|| "urn:a".to_owned())
    }

    #[test]
    fn conflict_table() {
        use MaxOccurs::{Bounded, Unbounded};
        let any_lax = Wildcard::any(ProcessContents::Lax);
        let other = NamespaceConstraint::Not(Some("urn:t".to_owned()));
        let cases: Vec<(Vec<Particle>, Vec<Conflict>)> = vec![
            (vec![element(0, 2, Bounded(3))], vec![]),
            (
                vec![element(0, 0, Bounded(1)), element(0, 1, Bounded(1))],
                vec![Conflict::Elements(Symbol(0))],
            ),
            (
                vec![element(0, 1, Bounded(2)), element(1, 1, Bounded(1))],
                vec![],
            ),
            (
                vec![
                    element(0, 0, Bounded(1)),
                    any(NamespaceConstraint::Any, 1, Bounded(1)),
                ],
                vec![Conflict::ElementAndWildcard(Symbol(0), any_lax.clone())],
            ),
            // `##other` never allows names in no namespace, such as symbol 1.
            (
                vec![element(1, 0, Unbounded), any(other, 1, Bounded(1))],
                vec![],
            ),
            (
                vec![
                    any(NamespaceConstraint::Any, 0, Bounded(1)),
                    any(NamespaceConstraint::Any, 0, Bounded(1)),
                ],
                vec![Conflict::Wildcards(any_lax.clone(), any_lax.clone())],
            ),
            (vec![any(NamespaceConstraint::Any, 0, Unbounded)], vec![]),
            // The count decides: the first two b match the first particle.
            (
                vec![element(1, 2, Bounded(2)), element(1, 1, Bounded(1))],
                vec![],
            ),
            // After two b, a third may match either particle.
            (
                vec![element(1, 2, Bounded(3)), element(1, 1, Bounded(1))],
                vec![Conflict::Elements(Symbol(1))],
            ),
            // An optional b before a fixed count competes with its first copy.
            (
                vec![element(1, 0, Bounded(1)), element(1, 2, Bounded(2))],
                vec![Conflict::Elements(Symbol(1))],
            ),
        ];
        for (items, expected) in cases {
            let model = Particle::new(Term::Sequence(items.clone()), Occurs::ONCE);
            let conflicts = unique_particle_attribution(&model, &namespace_of).unwrap();
            assert_eq!(conflicts, expected, "{items:?}");
        }
    }

    #[test]
    fn clark_namespace_table() {
        let cases = [
            ("{urn:a}x", Some("urn:a".to_owned())),
            ("x", None),
            ("{}x", Some(String::new())),
        ];
        for (name, expected) in cases {
            assert_eq!(clark_namespace(name), expected, "{name}");
        }
    }
}
