//! Properties of element and attribute declarations: nillable and the default or
//! fixed value.

use crate::change::{ChangeKind, Compatibility, Verdict};
use schemakit_model::xsd::{ValueConstraint, XsdElement};

/// Lists the changes to the nillable property and to the value constraint of the
/// element declaration at `path`.
pub fn compare_element(
    path: &str,
    old: &XsdElement,
    new: &XsdElement,
) -> Vec<(ChangeKind, Compatibility)> {
    let mut changes = Vec::new();

    if old.nillable != new.nillable {
        let witness = format!("`{path}` with xsi:nil=\"true\"");
        let compatibility = if new.nillable {
            Compatibility::breaks_forward(format!("{witness} is now valid and was not"))
        } else {
            Compatibility::breaks_backward(format!("{witness} was valid and is not any more"))
        };
        changes.push((
            ChangeKind::ElementNillableChanged {
                nillable: new.nillable,
            },
            compatibility,
        ));
    }

    if old.value_constraint != new.value_constraint {
        let subject = format!("`{path}` with text");
        changes.push((
            ChangeKind::ElementValueChanged {
                old: constraint_syntax(&old.value_constraint),
                new: constraint_syntax(&new.value_constraint),
            },
            constraint_verdicts(&subject, &old.value_constraint, &new.value_constraint),
        ));
    }

    changes
}

/// Decides the verdicts of a changed value constraint of the value named by
/// `subject`. A fixed value restricts the values a document may give, so adding or
/// changing one is not backward compatible and removing or changing one is not
/// forward compatible. A default value changes only the value that a validator
/// fills in when the document gives none, so it keeps validity both ways.
///
/// NOTE: fixed values are compared by their text, so `fixed "1"` and `fixed "1.0"`
/// on a decimal count as different values.
pub fn constraint_verdicts(
    subject: &str,
    old: &Option<ValueConstraint>,
    new: &Option<ValueConstraint>,
) -> Compatibility {
    let fixed = |constraint: &Option<ValueConstraint>| match constraint {
        Some(ValueConstraint::Fixed(value)) => Some(value.clone()),
        _ => None,
    };
    let (old_fixed, new_fixed) = (fixed(old), fixed(new));

    let backward = match &new_fixed {
        Some(value) if old_fixed.as_ref() != Some(value) => Verdict::Incompatible {
            witness: format!("{subject} other than \"{value}\" was valid and is not any more"),
        },
        _ => Verdict::Compatible,
    };
    let forward = match &old_fixed {
        Some(value) if new_fixed.as_ref() != Some(value) => Verdict::Incompatible {
            witness: format!("{subject} other than \"{value}\" is now valid and was not"),
        },
        _ => Verdict::Compatible,
    };
    Compatibility { backward, forward }
}

/// Writes a value constraint, e.g. `fixed "1"`, or "none".
pub fn constraint_syntax(constraint: &Option<ValueConstraint>) -> String {
    match constraint {
        Some(ValueConstraint::Default(value)) => format!("default \"{value}\""),
        Some(ValueConstraint::Fixed(value)) => format!("fixed \"{value}\""),
        None => "none".to_owned(),
    }
}
