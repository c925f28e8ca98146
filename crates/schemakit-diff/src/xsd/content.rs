//! Content types of complex types: empty, simple, element-only, mixed or any.

use super::inclusion::{includes, Model};
use super::Side;
use crate::change::{ChangeKind, Compatibility, Verdict};
use crate::elements::describe;
use crate::language::{Inclusion, Witness, MAX_SEARCH_PAIRS};
use schemakit_model::xsd::ComplexContent;
use schemakit_model::{CountingAutomaton, Occurs, Particle, Term};

/// Compares the content types of the element at `path`. Returns `None` when both
/// accept the same content.
pub fn compare(
    path: &str,
    old: (&ComplexContent, Side),
    new: (&ComplexContent, Side),
) -> Option<(ChangeKind, Compatibility)> {
    let (old_content, old_side) = old;
    let (new_content, new_side) = new;
    let kind = ChangeKind::ContentModelChanged {
        old: syntax(old_content, old_side),
        new: syntax(new_content, new_side),
    };

    let backward = verdict(
        path,
        (old_content, old_side),
        (new_content, new_side),
        "was valid and is not any more",
    );
    let forward = verdict(
        path,
        (new_content, new_side),
        (old_content, old_side),
        "is now valid and was not",
    );
    if backward.is_compatible() && forward.is_compatible() {
        return None;
    }
    Some((kind, Compatibility { backward, forward }))
}

/// Writes a content type for reports: the content model in DTD syntax with XSD
/// bounds as `{min,max}`, prefixed with `mixed` when text may appear.
fn syntax(content: &ComplexContent, side: Side) -> String {
    match content {
        ComplexContent::Empty => "EMPTY".to_owned(),
        ComplexContent::Simple(id) => format!("text of type {}", side.type_name(*id)),
        ComplexContent::Elements {
            particle, mixed, ..
        } => {
            let model = particle.to_dtd_syntax(&side.schema.symbols);
            if *mixed {
                format!("mixed {model}")
            } else {
                model
            }
        }
        ComplexContent::Any => "ANY".to_owned(),
    }
}

/// Decides whether every content `sub` accepts is accepted by `sup`.
fn verdict(
    path: &str,
    sub: (&ComplexContent, Side),
    sup: (&ComplexContent, Side),
    outcome: &str,
) -> Verdict {
    let (sub_content, sub_side) = sub;
    let (sup_content, sup_side) = sup;
    let failed = |witness: Witness| Verdict::Incompatible {
        witness: format!("`{path}` {} {outcome}", describe(&witness)),
    };

    match (sub_content, sup_content) {
        (_, ComplexContent::Any) => Verdict::Compatible,
        (ComplexContent::Any, _) => failed(Witness::Text),
        (ComplexContent::Empty, ComplexContent::Empty) => Verdict::Compatible,
        // Simple content pairs are compared facet by facet by the caller.
        (ComplexContent::Simple(_), ComplexContent::Simple(_)) => Verdict::Compatible,
        (ComplexContent::Empty, ComplexContent::Simple(_)) => Verdict::Undecided {
            reason: "whether the empty string is a valid value is not checked".to_owned(),
        },
        (ComplexContent::Simple(_), _) => failed(Witness::Text),
        (ComplexContent::Empty, ComplexContent::Elements { particle, .. }) => {
            if particle.is_nullable() {
                Verdict::Compatible
            } else {
                failed(Witness::Children(Vec::new()))
            }
        }
        (
            ComplexContent::Elements { particle, .. },
            ComplexContent::Empty | ComplexContent::Simple(_),
        ) => only_no_children(path, particle, sub_side, outcome),
        (
            ComplexContent::Elements {
                particle: sub_particle,
                mixed: sub_mixed,
                ..
            },
            ComplexContent::Elements {
                particle: sup_particle,
                mixed: sup_mixed,
                ..
            },
        ) => {
            if *sub_mixed && !*sup_mixed {
                return failed(Witness::Text);
            }
            elements_verdict(
                path,
                (sub_particle, sub_side),
                (sup_particle, sup_side),
                outcome,
            )
        }
    }
}

fn elements_verdict(
    path: &str,
    sub: (&Particle, Side),
    sup: (&Particle, Side),
    outcome: &str,
) -> Verdict {
    let (sub_particle, sub_side) = sub;
    let (sup_particle, sup_side) = sup;

    let (sub_automaton, sup_automaton) = match (
        CountingAutomaton::compile(sub_particle),
        CountingAutomaton::compile(sup_particle),
    ) {
        (Ok(sub_automaton), Ok(sup_automaton)) => (sub_automaton, sup_automaton),
        (Err(error), _) | (_, Err(error)) => {
            return Verdict::Undecided {
                reason: error.to_string(),
            }
        }
    };
    let sub_model = Model {
        particle: sub_particle,
        automaton: sub_automaton,
        schema: sub_side.schema,
    };
    let sup_model = Model {
        particle: sup_particle,
        automaton: sup_automaton,
        schema: sup_side.schema,
    };

    let inclusion = includes(&sub_model, &sup_model);
    // The search follows element names only, so a wildcard's children are not
    // explored and only a structural match (which `includes` tries first) decides.
    if has_wildcard(sub_particle) || has_wildcard(sup_particle) {
        if inclusion == Inclusion::Holds
            && super::inclusion::same_shape(
                sub_particle,
                sub_side.schema,
                sup_particle,
                sup_side.schema,
            )
        {
            return Verdict::Compatible;
        }
        return Verdict::Undecided {
            reason:
                "content models with wildcards (xs:any) are compared only when their shapes match"
                    .to_owned(),
        };
    }

    match inclusion {
        Inclusion::Holds => Verdict::Compatible,
        Inclusion::Fails(witness) => Verdict::Incompatible {
            witness: format!("`{path}` {} {outcome}", describe(&witness)),
        },
        Inclusion::Undecided => Verdict::Undecided {
            reason: format!("could not decide within {MAX_SEARCH_PAIRS} states"),
        },
    }
}

fn has_wildcard(particle: &Particle) -> bool {
    match &particle.term {
        Term::Wildcard(_) => true,
        Term::Element(_) => false,
        Term::Sequence(items) | Term::Choice(items) | Term::All(items) => {
            items.iter().any(has_wildcard)
        }
        _ => true,
    }
}

/// Decides whether the element content `particle` allows only no children, the
/// one content an empty or simple content type accepts from it.
fn only_no_children(path: &str, particle: &Particle, side: Side, outcome: &str) -> Verdict {
    let empty = Particle::new(Term::Sequence(Vec::new()), Occurs::ONCE);
    elements_verdict(path, (particle, side), (&empty, side), outcome)
}
