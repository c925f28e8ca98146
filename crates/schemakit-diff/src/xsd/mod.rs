//! Comparison of two XSDs: global elements, the complex types reached from them,
//! attribute uses and simple types.
//!
//! The walk starts at the global element declarations present in both schemas and
//! follows the child elements that both content models name. A change is listed
//! under the path of every element that reaches it (`ROOT/CHILD`), whether it lies
//! in a simple or in a shared complex type. Each pair of type definitions is
//! compared once and its changes are repeated at its later uses. A type that
//! contains itself is not compared again inside itself, so its changes are listed
//! at its outermost use only.

mod content;
mod inclusion;
mod pattern;
mod properties;
mod range;
mod simple;

use crate::change::{Change, ChangeKind, Compatibility, SchemaDiff, SchemaLanguage, Verdict};
use properties::constraint_syntax;
use schemakit_model::xsd::{
    AttributeUse, ComplexContent, TypeDefinition, TypeId, XsdComponents, XsdElement,
};
use schemakit_model::Schema;
use simple::Subject;
use std::collections::{HashMap, HashSet};

/// One schema with its XSD components.
#[derive(Clone, Copy)]
pub(crate) struct Side<'a> {
    pub schema: &'a Schema,
    pub components: &'a XsdComponents,
}

impl<'a> Side<'a> {
    fn type_definition(&self, id: TypeId) -> Option<&'a TypeDefinition> {
        self.components.type_definition(id)
    }

    /// Names a type for reports: its name, or how an anonymous type is built.
    fn type_name(&self, id: TypeId) -> String {
        match self.type_definition(id) {
            Some(TypeDefinition::Simple(simple)) => simple.simple.describe(),
            Some(TypeDefinition::Complex(complex)) => complex.name.as_ref().map_or_else(
                || "an anonymous complex type".to_owned(),
                ToString::to_string,
            ),
            None => "an unknown type".to_owned(),
        }
    }
}

/// Lists the changes from `old` to `new`, two loaded XSDs.
pub(crate) fn diff(old: Side, new: Side) -> SchemaDiff {
    let mut walk = Walk {
        old,
        new,
        by_type_pair: HashMap::new(),
        in_progress: HashSet::new(),
        diff: SchemaDiff {
            language: SchemaLanguage::Xsd,
            ..SchemaDiff::default()
        },
    };

    for (name, old_id) in &old.components.global_elements {
        let path = name.to_string();
        let old_element = old.components.element(*old_id);
        let new_element = new.components.global_element(name);
        match (old_element, new_element) {
            (Some(old_element), Some(new_element)) => walk.element(&path, old_element, new_element),
            (Some(old_element), None) => walk.push(
                &path,
                ChangeKind::ElementRemoved {
                    model: old.type_name(old_element.type_id),
                },
                Compatibility::breaks_backward(format!(
                    "a document with root `{path}` was valid and is not any more"
                )),
            ),
            _ => {}
        }
    }
    for (name, new_id) in &new.components.global_elements {
        if old.components.global_elements.contains_key(name) {
            continue;
        }
        let path = name.to_string();
        if let Some(new_element) = new.components.element(*new_id) {
            walk.push(
                &path,
                ChangeKind::ElementDeclared {
                    model: new.type_name(new_element.type_id),
                },
                Compatibility::breaks_forward(format!(
                    "a document with root `{path}` is now valid and was not"
                )),
            );
        }
    }

    tracing::debug!(changes = walk.diff.changes.len(), "XSD diff finished");
    walk.diff
}

struct Walk<'a> {
    old: Side<'a>,
    new: Side<'a>,
    /// The changes found for each pair of type definitions compared so far, with
    /// the path of the element where they were found.
    by_type_pair: HashMap<(TypeId, TypeId), (String, Vec<Change>)>,
    /// The pairs of type definitions being compared, which ends recursion.
    in_progress: HashSet<(TypeId, TypeId)>,
    diff: SchemaDiff,
}

impl Walk<'_> {
    fn push(&mut self, path: &str, kind: ChangeKind, compatibility: Compatibility) {
        self.diff.changes.push(Change {
            element: path.to_owned(),
            kind,
            compatibility,
        });
    }

    fn element(&mut self, path: &str, old: &XsdElement, new: &XsdElement) {
        for (kind, compatibility) in properties::compare_element(path, old, new) {
            self.push(path, kind, compatibility);
        }

        let key = (old.type_id, new.type_id);
        if self.in_progress.contains(&key) {
            // A type that contains itself: its changes are listed at the outer use.
            return;
        }
        if let Some((origin, cached)) = self.by_type_pair.get(&key) {
            let replayed: Vec<Change> = cached
                .iter()
                .map(|change| relocate(change, origin, path))
                .collect();
            self.diff.changes.extend(replayed);
            return;
        }

        self.in_progress.insert(key);
        let first = self.diff.changes.len();
        self.compare_types(path, old, new);
        self.in_progress.remove(&key);

        // Every change pushed since `first` lies at or below `path`.
        let found = self.diff.changes[first..].to_vec();
        self.by_type_pair.insert(key, (path.to_owned(), found));
    }

    /// Compares the types of two declarations of the element at `path`.
    fn compare_types(&mut self, path: &str, old: &XsdElement, new: &XsdElement) {
        let old_type = self.old.type_definition(old.type_id);
        let new_type = self.new.type_definition(new.type_id);

        match (old_type, new_type) {
            (
                Some(TypeDefinition::Simple(old_simple)),
                Some(TypeDefinition::Simple(new_simple)),
            ) => {
                let subject = Subject {
                    element: path,
                    attribute: None,
                };
                for (kind, compatibility) in
                    simple::compare(&subject, &old_simple.simple, &new_simple.simple)
                {
                    self.push(path, kind, compatibility);
                }
            }
            (
                Some(TypeDefinition::Complex(old_complex)),
                Some(TypeDefinition::Complex(new_complex)),
            ) => {
                self.attributes(path, &old_complex.attributes, &new_complex.attributes);
                self.content(path, &old_complex.content, &new_complex.content);
            }
            _ => {
                let simple = ComplexContent::Simple(old.type_id);
                let old_content = match old_type {
                    Some(TypeDefinition::Complex(complex)) => &complex.content,
                    _ => &simple,
                };
                let new_simple = ComplexContent::Simple(new.type_id);
                let new_content = match new_type {
                    Some(TypeDefinition::Complex(complex)) => &complex.content,
                    _ => &new_simple,
                };
                self.content(path, old_content, new_content);
            }
        }
    }

    fn content(&mut self, path: &str, old: &ComplexContent, new: &ComplexContent) {
        if let (ComplexContent::Simple(old_id), ComplexContent::Simple(new_id)) = (old, new) {
            let old_simple = self.old.type_definition(*old_id);
            let new_simple = self.new.type_definition(*new_id);
            if let (
                Some(TypeDefinition::Simple(old_simple)),
                Some(TypeDefinition::Simple(new_simple)),
            ) = (old_simple, new_simple)
            {
                let subject = Subject {
                    element: path,
                    attribute: None,
                };
                for (kind, compatibility) in
                    simple::compare(&subject, &old_simple.simple, &new_simple.simple)
                {
                    self.push(path, kind, compatibility);
                }
            }
            return;
        }

        if let Some((kind, compatibility)) =
            content::compare(path, (old, self.old), (new, self.new))
        {
            self.push(path, kind, compatibility);
        }

        // Children that both content models name are compared below this element.
        let (
            ComplexContent::Elements {
                children: old_children,
                ..
            },
            ComplexContent::Elements {
                children: new_children,
                ..
            },
        ) = (old, new)
        else {
            return;
        };
        for (old_symbol, old_id) in old_children {
            let name = self.old.schema.name(*old_symbol);
            let Some(new_symbol) = self.new.schema.symbols.get(name) else {
                continue;
            };
            let old_child = self.old.components.element(*old_id);
            let new_child = new_children
                .get(&new_symbol)
                .and_then(|id| self.new.components.element(*id));
            if let (Some(old_child), Some(new_child)) = (old_child, new_child) {
                let child_path = format!("{path}/{}", old_child.name);
                self.element(&child_path, old_child, new_child);
            }
        }
    }

    fn attributes(&mut self, path: &str, old: &[AttributeUse], new: &[AttributeUse]) {
        for old_use in old {
            let attribute = old_use.name.to_string();
            let Some(new_use) = new.iter().find(|new_use| new_use.name == old_use.name) else {
                let compatibility = if old_use.required {
                    Compatibility::breaks_both(
                        format!(
                            "`{path}` with attribute `{attribute}` was valid and is not any more"
                        ),
                        format!(
                            "`{path}` without attribute `{attribute}` is now valid and was not"
                        ),
                    )
                } else {
                    Compatibility::breaks_backward(format!(
                        "`{path}` with attribute `{attribute}` was valid and is not any more"
                    ))
                };
                let declaration = self.attribute_syntax(self.old, old_use);
                self.push(
                    path,
                    ChangeKind::AttributeRemoved {
                        attribute,
                        declaration,
                    },
                    compatibility,
                );
                continue;
            };
            self.attribute(path, old_use, new_use);
        }

        for new_use in new {
            if old.iter().any(|old_use| old_use.name == new_use.name) {
                continue;
            }
            let attribute = new_use.name.to_string();
            let compatibility = if new_use.required {
                Compatibility::breaks_backward(format!(
                    "`{path}` without attribute `{attribute}` was valid and is not any more"
                ))
            } else {
                Compatibility::breaks_forward(format!(
                    "`{path}` with attribute `{attribute}` is now valid and was not"
                ))
            };
            let declaration = self.attribute_syntax(self.new, new_use);
            self.push(
                path,
                ChangeKind::AttributeAdded {
                    attribute,
                    declaration,
                },
                compatibility,
            );
        }
    }

    fn attribute(&mut self, path: &str, old: &AttributeUse, new: &AttributeUse) {
        let attribute = old.name.to_string();

        if !old.required && new.required {
            self.push(
                path,
                ChangeKind::AttributeMadeRequired {
                    attribute: attribute.clone(),
                },
                Compatibility::breaks_backward(format!(
                    "`{path}` without attribute `{attribute}` was valid and is not any more"
                )),
            );
        }
        if old.required && !new.required {
            self.push(
                path,
                ChangeKind::AttributeMadeOptional {
                    attribute: attribute.clone(),
                },
                Compatibility::breaks_forward(format!(
                    "`{path}` without attribute `{attribute}` is now valid and was not"
                )),
            );
        }

        if old.value_constraint != new.value_constraint {
            let subject = format!("`{path}` with attribute `{attribute}`");
            let compatibility = properties::constraint_verdicts(
                &subject,
                &old.value_constraint,
                &new.value_constraint,
            );
            self.push(
                path,
                ChangeKind::AttributeDefaultChanged {
                    attribute: attribute.clone(),
                    old: constraint_syntax(&old.value_constraint),
                    new: constraint_syntax(&new.value_constraint),
                },
                compatibility,
            );
        }

        // Attribute types are simple, so each attribute that uses a changed type is
        // reported, not only the first one.
        let old_type = self.old.type_definition(old.type_id);
        let new_type = self.new.type_definition(new.type_id);
        if let (
            Some(TypeDefinition::Simple(old_simple)),
            Some(TypeDefinition::Simple(new_simple)),
        ) = (old_type, new_type)
        {
            let subject = Subject {
                element: path,
                attribute: Some(&attribute),
            };
            for (kind, compatibility) in
                simple::compare(&subject, &old_simple.simple, &new_simple.simple)
            {
                self.push(path, kind, compatibility);
            }
        }
    }

    /// Writes an attribute use for reports, e.g. `id xs:string required`.
    fn attribute_syntax(&self, side: Side, attribute: &AttributeUse) -> String {
        let usage = if attribute.required {
            "required"
        } else {
            "optional"
        };
        let mut text = format!(
            "{} {} {usage}",
            attribute.name,
            side.type_name(attribute.type_id)
        );
        if attribute.value_constraint.is_some() {
            text.push(' ');
            text.push_str(&constraint_syntax(&attribute.value_constraint));
        }
        text
    }
}

/// Moves a change found below the element at `origin` to the element at `path`,
/// in its path and in the paths that its witness or reason quotes.
fn relocate(change: &Change, origin: &str, path: &str) -> Change {
    let element = match change.element.strip_prefix(origin) {
        Some(rest) => format!("{path}{rest}"),
        None => change.element.clone(),
    };
    let quoted = |text: &str| {
        text.replace(&format!("`{origin}`"), &format!("`{path}`"))
            .replace(&format!("`{origin}/"), &format!("`{path}/"))
    };
    let relocate_verdict = |verdict: &Verdict| match verdict {
        Verdict::Compatible => Verdict::Compatible,
        Verdict::Incompatible { witness } => Verdict::Incompatible {
            witness: quoted(witness),
        },
        Verdict::Undecided { reason } => Verdict::Undecided {
            reason: quoted(reason),
        },
    };
    Change {
        element,
        kind: change.kind.clone(),
        compatibility: Compatibility {
            backward: relocate_verdict(&change.compatibility.backward),
            forward: relocate_verdict(&change.compatibility.forward),
        },
    }
}
