//! Simple types: value-space inclusion decided from facets.
//!
//! Each changed facet is one change. Its verdicts follow from the facet alone, e.g.
//! a lower maxLength rejects values the old type accepted. When the type whose
//! values are in question has an enumeration, every listed value is checked against
//! the other type instead, which decides that direction exactly. Patterns are compared by text,
//! so a changed pattern is undecided unless an enumeration decides it.

use crate::change::{ChangeKind, Compatibility, Verdict};
use schemakit_datatypes::{Bound, NoNamespaces, SimpleType, Variety};
use std::cmp::Ordering;

/// The value a simple type constrains: the text of `element`, or its attribute.
pub struct Subject<'a> {
    pub element: &'a str,
    pub attribute: Option<&'a str>,
}

impl Subject<'_> {
    /// Writes a witness, e.g. `` `E` with attribute `a` of length 41 ``.
    fn with(&self, detail: &str) -> String {
        match self.attribute {
            Some(attribute) => format!("`{}` with attribute `{attribute}` {detail}", self.element),
            None => format!("`{}` with text {detail}", self.element),
        }
    }
}

const WAS_VALID: &str = "was valid and is not any more";
const NOW_VALID: &str = "is now valid and was not";

/// Lists the changes between two simple types of one value.
pub fn compare(
    subject: &Subject,
    old: &SimpleType,
    new: &SimpleType,
) -> Vec<(ChangeKind, Compatibility)> {
    let mut changes = Vec::new();

    if !same_variety(old, new) {
        let compatibility = Compatibility {
            backward: decided_by_enumeration(subject, old, new, WAS_VALID).unwrap_or_else(|| {
                undecided(format!(
                    "values of {} are not compared with values of {}",
                    old.describe(),
                    new.describe()
                ))
            }),
            forward: decided_by_enumeration(subject, new, old, NOW_VALID).unwrap_or_else(|| {
                undecided(format!(
                    "values of {} are not compared with values of {}",
                    new.describe(),
                    old.describe()
                ))
            }),
        };
        changes.push((
            ChangeKind::SimpleTypeChanged {
                attribute: subject.attribute.map(str::to_owned),
                old: old.describe(),
                new: new.describe(),
            },
            compatibility,
        ));
        return changes;
    }

    compare_enumerations(subject, old, new, &mut changes);

    let facets: [(&str, Limit, Option<u64>, Option<u64>); 5] = [
        (
            "length",
            Limit::Exact,
            old.facets.length(),
            new.facets.length(),
        ),
        (
            "minLength",
            Limit::Lower,
            old.facets.min_length(),
            new.facets.min_length(),
        ),
        (
            "maxLength",
            Limit::Upper,
            old.facets.max_length(),
            new.facets.max_length(),
        ),
        (
            "totalDigits",
            Limit::Upper,
            old.facets.total_digits(),
            new.facets.total_digits(),
        ),
        (
            "fractionDigits",
            Limit::Upper,
            old.facets.fraction_digits(),
            new.facets.fraction_digits(),
        ),
    ];
    for (facet, limit, old_value, new_value) in facets {
        if old_value == new_value {
            continue;
        }
        let (backward, forward) = count_verdicts(subject, facet, limit, old_value, new_value);
        push_facet(
            subject,
            facet,
            text(old_value),
            text(new_value),
            (backward, forward),
            old,
            new,
            &mut changes,
        );
    }

    let bounds = [
        (
            "minInclusive",
            Limit::Lower,
            old.facets.min_inclusive(),
            new.facets.min_inclusive(),
        ),
        (
            "minExclusive",
            Limit::Lower,
            old.facets.min_exclusive(),
            new.facets.min_exclusive(),
        ),
        (
            "maxInclusive",
            Limit::Upper,
            old.facets.max_inclusive(),
            new.facets.max_inclusive(),
        ),
        (
            "maxExclusive",
            Limit::Upper,
            old.facets.max_exclusive(),
            new.facets.max_exclusive(),
        ),
    ];
    for (facet, limit, old_bound, new_bound) in bounds {
        let old_text = old_bound.map(|bound| bound.written.clone());
        let new_text = new_bound.map(|bound| bound.written.clone());
        if old_text == new_text {
            continue;
        }
        let verdicts = bound_verdicts(subject, limit, old_bound, new_bound);
        push_facet(
            subject,
            facet,
            old_text.unwrap_or_else(none),
            new_text.unwrap_or_else(none),
            verdicts,
            old,
            new,
            &mut changes,
        );
    }

    let mut old_patterns = old.facets.pattern_sources();
    let mut new_patterns = new.facets.pattern_sources();
    old_patterns.sort();
    new_patterns.sort();
    if old_patterns != new_patterns {
        let reason = "patterns are compared by their text only";
        let verdicts = (undecided(reason.to_owned()), undecided(reason.to_owned()));
        push_facet(
            subject,
            "pattern",
            patterns_text(&old_patterns),
            patterns_text(&new_patterns),
            verdicts,
            old,
            new,
            &mut changes,
        );
    }

    changes
}

/// Whether a facet bounds a value from below, from above or exactly.
#[derive(Clone, Copy)]
enum Limit {
    Lower,
    Upper,
    Exact,
}

fn none() -> String {
    "none".to_owned()
}

fn text(value: Option<u64>) -> String {
    value.map_or_else(none, |value| value.to_string())
}

fn patterns_text(steps: &[Vec<&str>]) -> String {
    if steps.is_empty() {
        return none();
    }
    steps
        .iter()
        .map(|step| step.join(" | "))
        .collect::<Vec<_>>()
        .join(" and ")
}

fn undecided(reason: String) -> Verdict {
    Verdict::Undecided { reason }
}

fn incompatible(witness: String) -> Verdict {
    Verdict::Incompatible { witness }
}

/// Pushes a facet change, letting an enumeration on the accepting side override
/// the facet's own verdicts.
#[allow(clippy::too_many_arguments)]
fn push_facet(
    subject: &Subject,
    facet: &str,
    old_text: String,
    new_text: String,
    verdicts: (Verdict, Verdict),
    old: &SimpleType,
    new: &SimpleType,
    changes: &mut Vec<(ChangeKind, Compatibility)>,
) {
    let (backward, forward) = verdicts;
    let backward = decided_by_enumeration(subject, old, new, WAS_VALID).unwrap_or(backward);
    let forward = decided_by_enumeration(subject, new, old, NOW_VALID).unwrap_or(forward);
    changes.push((
        ChangeKind::FacetChanged {
            attribute: subject.attribute.map(str::to_owned),
            facet: facet.to_owned(),
            old: old_text,
            new: new_text,
        },
        Compatibility { backward, forward },
    ));
}

/// Decides whether every value of `sub` is valid for `sup` when `sub` lists its
/// values. Returns `None` when `sub` has no enumeration.
fn decided_by_enumeration(
    subject: &Subject,
    sub: &SimpleType,
    sup: &SimpleType,
    outcome: &str,
) -> Option<Verdict> {
    let values = sub.facets.enumeration()?;
    let rejected = values
        .iter()
        .find(|value| sup.validate(value, &NoNamespaces).is_err());
    Some(match rejected {
        Some(value) => incompatible(format!(
            "{} {outcome}",
            subject.with(&format!("= \"{value}\""))
        )),
        None => Verdict::Compatible,
    })
}

/// Checks whether both types share their built-in ancestor, or for lists and
/// unions their item or member types by name. Facets of list items and union
/// members are not compared.
fn same_variety(old: &SimpleType, new: &SimpleType) -> bool {
    match (&old.variety, &new.variety) {
        (
            Variety::Atomic {
                builtin: old_builtin,
            },
            Variety::Atomic {
                builtin: new_builtin,
            },
        ) => old_builtin == new_builtin,
        (Variety::List { item: old_item }, Variety::List { item: new_item }) => {
            old_item.describe() == new_item.describe()
        }
        (
            Variety::Union {
                members: old_members,
            },
            Variety::Union {
                members: new_members,
            },
        ) => {
            let describe = |members: &[SimpleType]| {
                members.iter().map(SimpleType::describe).collect::<Vec<_>>()
            };
            describe(old_members) == describe(new_members)
        }
        _ => false,
    }
}

fn compare_enumerations(
    subject: &Subject,
    old: &SimpleType,
    new: &SimpleType,
    changes: &mut Vec<(ChangeKind, Compatibility)>,
) {
    let (old_values, new_values) = match (old.facets.enumeration(), new.facets.enumeration()) {
        (None, None) => return,
        (Some(old_values), Some(new_values)) => (old_values, new_values),
        (old_values, new_values) => {
            // One side lists its values and the other does not, so the listing side
            // accepts only those values.
            let list =
                |values: Option<&[String]>| values.map_or_else(none, |values| values.join(", "));
            let backward =
                decided_by_enumeration(subject, old, new, WAS_VALID).unwrap_or_else(|| {
                    incompatible(format!(
                        "{} {WAS_VALID}",
                        subject.with("outside the listed values")
                    ))
                });
            let forward =
                decided_by_enumeration(subject, new, old, NOW_VALID).unwrap_or_else(|| {
                    incompatible(format!(
                        "{} {NOW_VALID}",
                        subject.with("outside the listed values")
                    ))
                });
            changes.push((
                ChangeKind::FacetChanged {
                    attribute: subject.attribute.map(str::to_owned),
                    facet: "enumeration".to_owned(),
                    old: list(old_values),
                    new: list(new_values),
                },
                Compatibility { backward, forward },
            ));
            return;
        }
    };

    let removed: Vec<String> = old_values
        .iter()
        .filter(|value| !new_values.contains(value))
        .cloned()
        .collect();
    let added: Vec<String> = new_values
        .iter()
        .filter(|value| !old_values.contains(value))
        .cloned()
        .collect();

    if let Some(first) = removed.first() {
        let witness = format!("{} {WAS_VALID}", subject.with(&format!("= \"{first}\"")));
        let kind = match subject.attribute {
            Some(attribute) => ChangeKind::EnumerationValuesRemoved {
                attribute: attribute.to_owned(),
                values: removed.clone(),
            },
            None => ChangeKind::TextValuesRemoved {
                values: removed.clone(),
            },
        };
        changes.push((kind, Compatibility::breaks_backward(witness)));
    }
    if let Some(first) = added.first() {
        let witness = format!("{} {NOW_VALID}", subject.with(&format!("= \"{first}\"")));
        let kind = match subject.attribute {
            Some(attribute) => ChangeKind::EnumerationValuesAdded {
                attribute: attribute.to_owned(),
                values: added.clone(),
            },
            None => ChangeKind::TextValuesAdded {
                values: added.clone(),
            },
        };
        changes.push((kind, Compatibility::breaks_forward(witness)));
    }
}

/// Decides a changed length or digits facet. A missing lower limit is 0 and a
/// missing upper limit is unlimited.
fn count_verdicts(
    subject: &Subject,
    facet: &str,
    limit: Limit,
    old: Option<u64>,
    new: Option<u64>,
) -> (Verdict, Verdict) {
    let unit = match facet {
        "totalDigits" => "total digits",
        "fractionDigits" => "fraction digits",
        _ => "characters or items",
    };
    let witness = |count: u64, outcome: &str| {
        incompatible(format!(
            "{} {outcome}",
            subject.with(&format!("of {count} {unit}"))
        ))
    };

    // `sub` lost values to `sup` when sup's limit excludes a count sub allowed.
    let lost = |sub: Option<u64>, sup: Option<u64>, outcome: &str| -> Verdict {
        match limit {
            Limit::Upper => match (sub, sup) {
                (_, None) => Verdict::Compatible,
                (None, Some(sup)) => witness(sup.saturating_add(1), outcome),
                (Some(sub), Some(sup)) if sub > sup => witness(sup.saturating_add(1), outcome),
                _ => Verdict::Compatible,
            },
            Limit::Lower => {
                let (sub, sup) = (sub.unwrap_or(0), sup.unwrap_or(0));
                if sub < sup {
                    witness(sub, outcome)
                } else {
                    Verdict::Compatible
                }
            }
            Limit::Exact => match (sub, sup) {
                (_, None) => Verdict::Compatible,
                (Some(sub), Some(sup)) if sub == sup => Verdict::Compatible,
                (Some(sub), Some(_)) => witness(sub, outcome),
                (None, Some(sup)) => witness(sup.saturating_add(1), outcome),
            },
        }
    };
    (lost(old, new, WAS_VALID), lost(new, old, NOW_VALID))
}

/// Decides a changed value bound (minInclusive, maxExclusive, ...). Bounds of
/// different primitive types cannot be ordered and stay undecided.
///
/// NOTE: each facet is judged on its own, so trading maxInclusive 9 for
/// maxExclusive 10 on an integer type is reported as two incompatible changes
/// although the value space stays the same.
fn bound_verdicts(
    subject: &Subject,
    limit: Limit,
    old: Option<&Bound>,
    new: Option<&Bound>,
) -> (Verdict, Verdict) {
    let lost = |sub: Option<&Bound>, sup: Option<&Bound>, outcome: &str| -> Verdict {
        let Some(sup) = sup else {
            return Verdict::Compatible;
        };
        let Some(sub) = sub else {
            let side = if matches!(limit, Limit::Lower) {
                "below"
            } else {
                "above"
            };
            return incompatible(format!(
                "{} {outcome}",
                subject.with(&format!("{side} {}", sup.written))
            ));
        };
        let tighter = match (limit, sub.value.partial_cmp(&sup.value)) {
            (_, None) => {
                return undecided(format!(
                    "bounds {} and {} cannot be ordered",
                    sub.written, sup.written
                ))
            }
            (Limit::Lower, Some(ordering)) => ordering == Ordering::Less,
            (_, Some(ordering)) => ordering == Ordering::Greater,
        };
        if tighter {
            incompatible(format!(
                "{} {outcome}",
                subject.with(&format!("between {} and {}", sub.written, sup.written))
            ))
        } else {
            Verdict::Compatible
        }
    };
    (lost(old, new, WAS_VALID), lost(new, old, NOW_VALID))
}
