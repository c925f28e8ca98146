//! Element declarations, global and local.

use super::{Builder, ValueCheck, XNode};
use crate::checks::values::is_true;
use crate::document::{documentation, xsd_child};
use schemakit_model::xsd::{ElementId, QName, TypeId, ValueConstraint, XsdComponents, XsdElement};
use schemakit_model::Code;

impl<'a, 'i> Builder<'a, 'i> {
    /// Adds a declaration called `name` with `xs:anyType`, to be completed by
    /// [`Builder::complete_element`].
    pub(super) fn allocate_element(
        &mut self,
        name: QName,
        at: &XNode<'a, 'i>,
        global: bool,
    ) -> ElementId {
        let symbol = self.symbol(&name);
        self.components.elements.push(XsdElement {
            block: schemakit_model::xsd::DerivationSet::default(),
            name,
            symbol,
            type_id: XsdComponents::ANY_TYPE,
            nillable: false,
            value_constraint: None,
            is_abstract: false,
            global,
            span: self.span(*at),
            doc: documentation(at.node),
        });
        ElementId(u32::try_from(self.components.elements.len() - 1).unwrap_or(u32::MAX))
    }

    /// Completes the global declaration `id` from the `xs:element` at `at`.
    pub(super) fn build_global_element(&mut self, id: ElementId, at: XNode<'a, 'i>) {
        self.complete_element(id, at);
    }

    /// Builds the element particle term at `at` (an `xs:element` inside a model
    /// group): the referenced global declaration, or a new local one.
    pub(super) fn local_element(&mut self, at: XNode<'a, 'i>) -> Option<ElementId> {
        if at.node.attribute("ref").is_some() {
            let name = self.resolve_reference(at, "ref")?;
            let found = self.components.global_elements.get(&name).copied();
            if found.is_none() {
                self.error_at_attribute(
                    at,
                    "ref",
                    Code::UnresolvedReference,
                    format!(
                        "element `{name}` named in `ref` is not declared{}",
                        self.missing_component_fix(
                            &name,
                            "declare it globally or correct the name"
                        )
                    ),
                );
            }
            return found;
        }

        let local = at.node.attribute("name")?;
        let qualified = match at.node.attribute("form").map(str::trim) {
            Some(form) => form == "qualified",
            None => self
                .document(at)
                .is_some_and(|document| document.element_form_qualified),
        };
        let name = self.declared_name(at, local, qualified);
        let id = self.allocate_element(name, &at, false);
        self.complete_element(id, at);
        Some(id)
    }

    /// Sets the type, flags and value constraint of the declaration `id`.
    fn complete_element(&mut self, id: ElementId, at: XNode<'a, 'i>) {
        let type_id = self.element_type(at);
        if let Some(type_id) = type_id {
            self.typed_declarations.push((at, type_id));
        }
        let nillable = is_true(at.node.attribute("nillable"));
        let is_abstract = is_true(at.node.attribute("abstract"));
        let block = self.block_of(at);
        let value_constraint = match (at.node.attribute("default"), at.node.attribute("fixed")) {
            (Some(value), _) => Some(ValueConstraint::Default(value.to_owned())),
            (None, Some(value)) => Some(ValueConstraint::Fixed(value.to_owned())),
            (None, None) => None,
        };

        if let (Some(type_id), Some(constraint)) = (type_id, &value_constraint) {
            let (attribute, value) = match constraint {
                ValueConstraint::Default(value) => ("default", value.clone()),
                ValueConstraint::Fixed(value) => ("fixed", value.clone()),
            };
            self.value_checks.push(ValueCheck {
                at,
                attribute,
                value,
                type_id,
                of_element: true,
            });
        }

        if let Some(element) = self.components.elements.get_mut(id.0 as usize) {
            element.type_id = type_id.unwrap_or(XsdComponents::ANY_TYPE);
            element.nillable = nillable;
            element.is_abstract = is_abstract;
            element.value_constraint = value_constraint;
            element.block = block;
        }
    }

    /// Returns the type of the `xs:element` at `at`: named by `type`, defined inline,
    /// or `xs:anyType`. `None` after reporting an unresolved type.
    fn element_type(&mut self, at: XNode<'a, 'i>) -> Option<TypeId> {
        if at.node.attribute("type").is_some() {
            let name = self.resolve_reference(at, "type")?;
            let found = self.named_type_id(&name);
            if found.is_none() {
                self.error_at_attribute(
                    at,
                    "type",
                    Code::UnresolvedReference,
                    format!(
                        "type `{name}` named in `type` is not defined{}",
                        self.missing_component_fix(&name, "define it or correct the name")
                    ),
                );
            }
            return found;
        }
        if let Some(complex) = xsd_child(at.node, "complexType") {
            return Some(self.allocate_type(at.with(complex), None));
        }
        if let Some(simple) = xsd_child(at.node, "simpleType") {
            return Some(self.anonymous_simple_type(at.with(simple)));
        }
        Some(XsdComponents::ANY_TYPE)
    }
}
