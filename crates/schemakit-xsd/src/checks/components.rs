//! Checks that need every type built: default and fixed values, ID attributes and
//! Unique Particle Attribution.

use crate::names::NodeNamespaces;
use crate::structures::is_notation;
use crate::structures::{Builder, ValueCheck};
use schemakit_datatypes::{BuiltinType, SimpleType, Variety};
use schemakit_model::xsd::{ComplexContent, TypeDefinition};
use schemakit_model::Code;

impl<'a, 'i> Builder<'a, 'i> {
    /// Runs the checks on the complete components.
    pub(crate) fn check_components(&mut self) {
        self.check_group_redefinitions();
        let checks = std::mem::take(&mut self.value_checks);
        for check in &checks {
            self.check_value(check);
        }
        self.check_complex_types();
        self.check_notation_types();
    }

    /// Reports declarations whose type is NOTATION without an enumeration, which
    /// XSD 1.0 forbids because the value space must list the allowed notations.
    fn check_notation_types(&mut self) {
        let declarations = std::mem::take(&mut self.typed_declarations);
        for (at, type_id) in declarations {
            let Some(simple) = self.simple_type_of(type_id) else {
                continue;
            };
            if !is_notation(&simple) || simple.facets.enumeration().is_some() {
                continue;
            }
            let type_name = self.describe_type(Some(type_id));
            self.error_at_attribute(
                at,
                "type",
                Code::SchemaConstraint,
                format!("type {type_name} is NOTATION without an enumeration, which a declaration cannot use: derive a type from NOTATION that enumerates the allowed notations"),
            );
        }
    }

    fn check_value(&mut self, check: &ValueCheck<'a, 'i>) {
        let simple = match self.components.types.get(check.type_id.0 as usize) {
            Some(TypeDefinition::Simple(simple)) => Some(simple.simple.clone()),
            Some(TypeDefinition::Complex(complex)) => match &complex.content {
                ComplexContent::Simple(_) => self.simple_type_of(check.type_id),
                ComplexContent::Elements {
                    particle,
                    mixed: true,
                    ..
                } if particle.is_nullable() => None,
                ComplexContent::Any => None,
                _ => {
                    self.error_at_attribute(
                        check.at,
                        check.attribute,
                        Code::SchemaConstraint,
                        format!("an element with element-only or empty content cannot have a `{}` value: remove it or give the element a simple or mixed type", check.attribute),
                    );
                    return;
                }
            },
            None => None,
        };
        let Some(simple) = simple else {
            return;
        };

        let what = if check.of_element {
            "an element"
        } else {
            "an attribute"
        };
        if is_id(&simple) {
            self.error_at_attribute(
                check.at,
                check.attribute,
                Code::SchemaConstraint,
                format!(
                    "{what} of type ID cannot have a `{}` value: remove it",
                    check.attribute
                ),
            );
            return;
        }
        let namespaces = NodeNamespaces {
            node: check.at.node,
        };
        if let Err(error) = simple.validate(&check.value, &namespaces) {
            let type_name = self.describe_type(Some(check.type_id));
            self.error_at_attribute(
                check.at,
                check.attribute,
                Code::SchemaConstraint,
                format!("the {} value `{}` is not valid for type {type_name}: {}; correct the value or the type", check.attribute, check.value, error.message),
            );
        }
    }

    fn check_complex_types(&mut self) {
        let built = std::mem::take(&mut self.built_complex_types);
        for (id, at) in built {
            let Some(TypeDefinition::Complex(complex)) =
                self.components.types.get(id.0 as usize).cloned()
            else {
                continue;
            };

            let id_attributes: Vec<String> = complex
                .attributes
                .iter()
                .filter(|attribute| {
                    self.simple_type_of(attribute.type_id)
                        .is_some_and(|simple| is_id(&simple))
                })
                .map(|attribute| format!("`{}`", attribute.name))
                .collect();
            if id_attributes.len() > 1 {
                self.error(
                    at,
                    Code::SchemaConstraint,
                    format!("a type can have only one attribute of type ID, and this one has {}: keep one", id_attributes.join(", ")),
                );
            }

            if let ComplexContent::Elements { particle, .. } = &complex.content {
                self.check_unique_attribution(at, particle);
            }
        }
    }
}

/// Returns whether `simple` is `xs:ID` or derived from it by restriction.
fn is_id(simple: &SimpleType) -> bool {
    matches!(
        simple.variety,
        Variety::Atomic {
            builtin: BuiltinType::Id
        }
    )
}
