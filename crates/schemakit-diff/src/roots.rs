//! Possible root elements of a DTD.
//!
//! A DTD does not name its root: the DOCTYPE of each document does. By the usual
//! convention the root is an element that no other element's content model names,
//! so those elements are the possible roots compared here.

use crate::change::{Change, ChangeKind, Compatibility};
use schemakit_model::{ContentSpec, Schema};
use std::collections::BTreeSet;

/// Lists the declared elements that no other declared element names as a child.
pub fn possible_roots(schema: &Schema) -> BTreeSet<String> {
    let mut named_by_others = BTreeSet::new();
    for (symbol, element) in &schema.elements {
        match &element.content {
            Some(ContentSpec::Children(particle)) => particle.for_each_element(&mut |child| {
                if child != *symbol {
                    named_by_others.insert(child);
                }
            }),
            Some(ContentSpec::Mixed(children)) => {
                named_by_others.extend(children.iter().copied().filter(|child| child != symbol));
            }
            // ANY allows every declared element as a child.
            Some(ContentSpec::Any) => {
                named_by_others.extend(
                    schema
                        .elements
                        .keys()
                        .copied()
                        .filter(|child| child != symbol),
                );
            }
            _ => {}
        }
    }

    schema
        .elements
        .iter()
        .filter(|(symbol, element)| element.content.is_some() && !named_by_others.contains(*symbol))
        .map(|(symbol, _)| schema.name(*symbol).to_owned())
        .collect()
}

/// Builds the change of the possible roots, `None` when they are the same.
///
/// Any declared element may be the root of a valid document, so this change does
/// not affect validity and is fully compatible. Declarations that do affect it are
/// listed as their own changes.
pub fn compare(old: &Schema, new: &Schema) -> Option<Change> {
    let old_roots = possible_roots(old);
    let new_roots = possible_roots(new);
    if old_roots == new_roots {
        return None;
    }

    Some(Change {
        element: "#document".to_owned(),
        kind: ChangeKind::RootElementsChanged {
            added: new_roots.difference(&old_roots).cloned().collect(),
            removed: old_roots.difference(&new_roots).cloned().collect(),
        },
        compatibility: Compatibility::FULL,
    })
}
