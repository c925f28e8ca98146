//! Simple types: value-space inclusion decided from facets.
//!
//! Each changed facet is one change, except the bound facets, which are compared
//! as one value range (see the `range` module). A length or digits facet is judged
//! by its limit, e.g. a lower maxLength rejects values the old type accepted, and a
//! totalDigits facet also by the digits a bounded range allows. When the type whose
//! values are in question has an enumeration, every listed value is checked against
//! the other type instead, which decides that direction exactly. Changed patterns
//! are compared by the languages they match (see the `pattern` module).

use super::pattern::{self, PatternInclusion};
use super::range::{self, Range};
use crate::change::{ChangeKind, Compatibility, Verdict};
use schemakit_datatypes::{FacetKind, NoNamespaces, SimpleType, Variety};

/// The value a simple type constrains: the text of `element`, or its attribute.
pub struct Subject<'a> {
    pub element: &'a str,
    pub attribute: Option<&'a str>,
}

impl Subject<'_> {
    /// Writes a witness, e.g. `` `E` with attribute `a` of length 41 ``.
    pub(super) fn with(&self, detail: &str) -> String {
        match self.attribute {
            Some(attribute) => format!("`{}` with attribute `{attribute}` {detail}", self.element),
            None => format!("`{}` with text {detail}", self.element),
        }
    }
}

pub(super) const WAS_VALID: &str = "was valid and is not any more";
pub(super) const NOW_VALID: &str = "is now valid and was not";

/// Lists the changes between two simple types of one value. Returns no change when
/// both types accept the same values.
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
    let old_range = Range::of(old);
    let new_range = Range::of(new);
    let ranges_include_digits =
        old_range.includes_total_digits() && new_range.includes_total_digits();
    for (facet, limit, old_value, new_value) in facets {
        if old_value == new_value || (facet == "totalDigits" && ranges_include_digits) {
            continue;
        }
        let (mut backward, mut forward) =
            count_verdicts(subject, facet, limit, old_value, new_value);
        if facet == "totalDigits" {
            // A bounded range also limits how many digits a value can have.
            let old_digits = old_range.max_total_digits(old.facets.fraction_digits());
            let new_digits = new_range.max_total_digits(new.facets.fraction_digits());
            if digits_fit(old_digits, new_value) {
                backward = Verdict::Compatible;
            }
            if digits_fit(new_digits, old_value) {
                forward = Verdict::Compatible;
            }
        }
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

    range_change(subject, old, new, &mut changes);

    let mut old_patterns = old.facets.pattern_sources();
    let mut new_patterns = new.facets.pattern_sources();
    old_patterns.sort();
    new_patterns.sort();
    if old_patterns != new_patterns {
        let verdicts = (
            pattern_verdict(subject, old, new, WAS_VALID),
            pattern_verdict(subject, new, old, NOW_VALID),
        );
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

    // Facets that differ only in how they write one value space, e.g. a changed
    // pattern beside an unchanged enumeration, are no change.
    if changes
        .iter()
        .all(|(_, compatibility)| compatibility.is_full())
    {
        changes.clear();
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

/// Decides whether every string that the patterns of `sub` match is matched by
/// the patterns of `sup`. A string that distinguishes the patterns is a witness
/// only when `sub` accepts it as a whole and `sup` rejects it, because other facets
/// may reject it first.
fn pattern_verdict(
    subject: &Subject,
    sub: &SimpleType,
    sup: &SimpleType,
    outcome: &str,
) -> Verdict {
    match pattern::includes(sub, sup) {
        PatternInclusion::Holds => Verdict::Compatible,
        PatternInclusion::Fails(text) => {
            let accepted = sub.validate(&text, &NoNamespaces).is_ok();
            let rejected = sup.validate(&text, &NoNamespaces).is_err();
            if accepted && rejected {
                incompatible(format!(
                    "{} {outcome}",
                    subject.with(&format!("= \"{text}\""))
                ))
            } else {
                undecided(format!(
                    "the patterns differ on \"{text}\", but other facets decide that value"
                ))
            }
        }
        PatternInclusion::Undecided(reason) => undecided(reason),
    }
}

/// Tells whether values of at most `digits` total digits satisfy a totalDigits
/// facet of `limit`.
fn digits_fit(digits: Option<u64>, limit: Option<u64>) -> bool {
    match (digits, limit) {
        (_, None) => true,
        (Some(digits), Some(limit)) => digits <= limit,
        (None, Some(_)) => false,
    }
}

/// Pushes one change for the bound facets when the value ranges they allow differ.
/// Equal ranges written differently, such as maxInclusive 9 and maxExclusive 10 on
/// an integer type, are no change. One changed facet is reported by its name, and
/// several as `bounds` with every changed facet on each side.
fn range_change(
    subject: &Subject,
    old: &SimpleType,
    new: &SimpleType,
    changes: &mut Vec<(ChangeKind, Compatibility)>,
) {
    let old_range = Range::of(old);
    let new_range = Range::of(new);

    let bound_text = |simple: &SimpleType, kind: FacetKind| -> Option<String> {
        simple.facets.bound(kind).map(|bound| bound.written.clone())
    };
    let mut changed: Vec<(&str, Option<String>, Option<String>)> = [
        FacetKind::MinInclusive,
        FacetKind::MinExclusive,
        FacetKind::MaxInclusive,
        FacetKind::MaxExclusive,
    ]
    .into_iter()
    .map(|kind| (kind.name(), bound_text(old, kind), bound_text(new, kind)))
    .filter(|(_, old_text, new_text)| old_text != new_text)
    .collect();
    let digits = (old.facets.total_digits(), new.facets.total_digits());
    if old_range.includes_total_digits()
        && new_range.includes_total_digits()
        && digits.0 != digits.1
    {
        changed.push((
            "totalDigits",
            digits.0.map(|value| value.to_string()),
            digits.1.map(|value| value.to_string()),
        ));
    }
    if changed.is_empty() {
        return;
    }

    let verdicts = range::verdicts(subject, &old_range, &new_range);
    if verdicts.0.is_compatible() && verdicts.1.is_compatible() {
        return;
    }

    let (facet, old_text, new_text) = match changed.as_slice() {
        [(facet, old_text, new_text)] => (
            (*facet).to_owned(),
            old_text.clone().unwrap_or_else(none),
            new_text.clone().unwrap_or_else(none),
        ),
        _ => {
            let side = |use_new: bool| {
                let written: Vec<String> = changed
                    .iter()
                    .filter_map(|(facet, old_text, new_text)| {
                        let text = if use_new { new_text } else { old_text };
                        text.as_ref().map(|value| format!("{facet} {value}"))
                    })
                    .collect();
                if written.is_empty() {
                    none()
                } else {
                    written.join(", ")
                }
            };
            ("bounds".to_owned(), side(false), side(true))
        }
    };
    push_facet(
        subject, &facet, old_text, new_text, verdicts, old, new, changes,
    );
}
