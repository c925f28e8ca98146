//! Attribute-list declarations.

use crate::change::{ChangeKind, Compatibility, Verdict};
use schemakit_model::{AttributeDecl, AttributeType, DefaultDecl};

/// Lists the changes between two definitions of one attribute of `element`.
pub fn compare_attribute(
    element: &str,
    old: &AttributeDecl,
    new: &AttributeDecl,
) -> Vec<(ChangeKind, Compatibility)> {
    let mut changes = Vec::new();
    let attribute = old.name.clone();
    let subject = format!("`{element}` with attribute `{attribute}`");

    compare_types(&attribute, &subject, &old.ty, &new.ty, &mut changes);

    let was_required = old.default == DefaultDecl::Required;
    let is_required = new.default == DefaultDecl::Required;
    if !was_required && is_required {
        changes.push((
            ChangeKind::AttributeMadeRequired {
                attribute: attribute.clone(),
            },
            Compatibility::breaks_backward(format!(
                "`{element}` without attribute `{attribute}` was valid and is not any more"
            )),
        ));
    }
    if was_required && !is_required {
        changes.push((
            ChangeKind::AttributeMadeOptional {
                attribute: attribute.clone(),
            },
            Compatibility::breaks_forward(format!(
                "`{element}` without attribute `{attribute}` is now valid and was not"
            )),
        ));
    }

    let old_value = default_syntax(&old.default);
    let new_value = default_syntax(&new.default);
    // Both are `None` when neither side gives a value, so any difference is a change.
    if old_value != new_value {
        let compatibility = fixed_value_compatibility(&subject, &old.default, &new.default);
        changes.push((
            ChangeKind::AttributeDefaultChanged {
                attribute,
                old: old_value.unwrap_or_else(|| "none".to_owned()),
                new: new_value.unwrap_or_else(|| "none".to_owned()),
            },
            compatibility,
        ));
    }

    changes
}

/// Writes the default declaration in DTD syntax when it gives a value, e.g.
/// `#FIXED "1"`.
fn default_syntax(default: &DefaultDecl) -> Option<String> {
    match default {
        DefaultDecl::Fixed(value) => Some(format!("#FIXED \"{value}\"")),
        DefaultDecl::Default(value) => Some(format!("\"{value}\"")),
        DefaultDecl::Required | DefaultDecl::Implied => None,
    }
}

/// Decides the verdicts of a changed default. A plain default value changes the
/// infoset but not validity, while a `#FIXED` value restricts the values a document
/// may give.
fn fixed_value_compatibility(subject: &str, old: &DefaultDecl, new: &DefaultDecl) -> Compatibility {
    let backward = match new {
        DefaultDecl::Fixed(value) if *old != DefaultDecl::Fixed(value.clone()) => {
            Verdict::Incompatible {
                witness: format!("{subject} other than \"{value}\" was valid and is not any more"),
            }
        }
        _ => Verdict::Compatible,
    };
    let forward = match old {
        DefaultDecl::Fixed(value) if *new != DefaultDecl::Fixed(value.clone()) => {
            Verdict::Incompatible {
                witness: format!("{subject} other than \"{value}\" is now valid and was not"),
            }
        }
        _ => Verdict::Compatible,
    };
    Compatibility { backward, forward }
}

fn compare_types(
    attribute: &str,
    subject: &str,
    old: &AttributeType,
    new: &AttributeType,
    changes: &mut Vec<(ChangeKind, Compatibility)>,
) {
    if old == new {
        return;
    }

    let value_lists = match (old, new) {
        (AttributeType::Enumeration(old_values), AttributeType::Enumeration(new_values))
        | (AttributeType::Notation(old_values), AttributeType::Notation(new_values)) => {
            Some((old_values, new_values))
        }
        _ => None,
    };
    if let Some((old_values, new_values)) = value_lists {
        compare_values(attribute, subject, old_values, new_values, changes);
        return;
    }

    let backward = if type_includes(new, old) {
        Verdict::Compatible
    } else {
        Verdict::Incompatible {
            witness: format!(
                "{subject} of type {} may no longer be valid",
                old.to_dtd_syntax()
            ),
        }
    };
    let forward = if type_includes(old, new) {
        Verdict::Compatible
    } else {
        Verdict::Incompatible {
            witness: format!(
                "{subject} of type {} may not have been valid",
                new.to_dtd_syntax()
            ),
        }
    };
    changes.push((
        ChangeKind::AttributeTypeChanged {
            attribute: attribute.to_owned(),
            old: old.to_dtd_syntax(),
            new: new.to_dtd_syntax(),
        },
        Compatibility { backward, forward },
    ));
}

/// Checks whether every value valid for `sub` is valid for `sup`. ID, IDREF and ENTITY
/// values carry constraints beyond their lexical form, so they include only
/// themselves.
fn type_includes(sup: &AttributeType, sub: &AttributeType) -> bool {
    match (sup, sub) {
        (AttributeType::Cdata, _) => true,
        (AttributeType::NmToken, AttributeType::Enumeration(_)) => true,
        (AttributeType::NmTokens, AttributeType::NmToken | AttributeType::Enumeration(_)) => true,
        (AttributeType::IdRefs, AttributeType::IdRef) => true,
        (AttributeType::Entities, AttributeType::Entity) => true,
        _ => sup == sub,
    }
}

fn compare_values(
    attribute: &str,
    subject: &str,
    old_values: &[String],
    new_values: &[String],
    changes: &mut Vec<(ChangeKind, Compatibility)>,
) {
    let added: Vec<String> = new_values
        .iter()
        .filter(|value| !old_values.contains(value))
        .cloned()
        .collect();
    let removed: Vec<String> = old_values
        .iter()
        .filter(|value| !new_values.contains(value))
        .cloned()
        .collect();

    if let Some(first) = removed.first() {
        let witness = format!("{subject} = \"{first}\" was valid and is not any more");
        changes.push((
            ChangeKind::EnumerationValuesRemoved {
                attribute: attribute.to_owned(),
                values: removed.clone(),
            },
            Compatibility::breaks_backward(witness),
        ));
    }
    if let Some(first) = added.first() {
        let witness = format!("{subject} = \"{first}\" is now valid and was not");
        changes.push((
            ChangeKind::EnumerationValuesAdded {
                attribute: attribute.to_owned(),
                values: added.clone(),
            },
            Compatibility::breaks_forward(witness),
        ));
    }
}

/// Builds the change for an attribute that only the new schema defines. When the old
/// schema does not declare `element`, no old document carries it, so a required
/// attribute does not break backward compatibility.
pub fn added(
    element: &str,
    attribute: &AttributeDecl,
    element_declared_in_old: bool,
) -> (ChangeKind, Compatibility) {
    let name = &attribute.name;
    let compatibility = if attribute.default == DefaultDecl::Required && element_declared_in_old {
        Compatibility::breaks_backward(format!(
            "`{element}` without attribute `{name}` was valid and is not any more"
        ))
    } else {
        Compatibility::breaks_forward(format!(
            "`{element}` with attribute `{name}` is now valid and was not"
        ))
    };
    (
        ChangeKind::AttributeAdded {
            attribute: name.clone(),
            declaration: declaration_syntax(attribute),
        },
        compatibility,
    )
}

/// Builds the change for an attribute that only the old schema defines. When the new
/// schema does not declare `element`, no new document carries it, so removing a
/// required attribute does not break forward compatibility.
pub fn removed(
    element: &str,
    attribute: &AttributeDecl,
    element_declared_in_new: bool,
) -> (ChangeKind, Compatibility) {
    let name = &attribute.name;
    let backward = format!("`{element}` with attribute `{name}` was valid and is not any more");
    let compatibility = if attribute.default == DefaultDecl::Required && element_declared_in_new {
        Compatibility::breaks_both(
            backward,
            format!("`{element}` without attribute `{name}` is now valid and was not"),
        )
    } else {
        Compatibility::breaks_backward(backward)
    };
    (
        ChangeKind::AttributeRemoved {
            attribute: name.clone(),
            declaration: declaration_syntax(attribute),
        },
        compatibility,
    )
}

/// Writes the attribute definition as it appears in an `<!ATTLIST>`, e.g. `id CDATA #REQUIRED`.
fn declaration_syntax(attribute: &AttributeDecl) -> String {
    let default = match &attribute.default {
        DefaultDecl::Required => "#REQUIRED".to_owned(),
        DefaultDecl::Implied => "#IMPLIED".to_owned(),
        DefaultDecl::Fixed(value) => format!("#FIXED \"{value}\""),
        DefaultDecl::Default(value) => format!("\"{value}\""),
    };
    format!(
        "{} {} {default}",
        attribute.name,
        attribute.ty.to_dtd_syntax()
    )
}
