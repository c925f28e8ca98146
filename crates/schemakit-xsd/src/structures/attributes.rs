//! Attribute declarations and the attribute uses of types and attribute groups.

use super::{Builder, BuiltAttributes, Cached, Space, ValueCheck, XNode};
use crate::document::{documentation, is_xsd, xsd_child};
use crate::wildcards::{describe, intersection};
use schemakit_model::xsd::{AttributeUse, QName, TypeId, ValueConstraint};
use schemakit_model::{Code, Wildcard};

impl<'a, 'i> Builder<'a, 'i> {
    /// Returns the global attribute declaration `name`, building it when first asked.
    pub(super) fn global_attribute(&mut self, name: &QName) -> Option<AttributeUse> {
        match self.global_attributes.get(name) {
            Some(Cached::Done(found)) => return found.clone(),
            // A global attribute refers to no other attribute, so this is unreachable
            // in practice; treat it as unusable.
            Some(Cached::InProgress) => return None,
            None => {}
        }
        let at = *self.index.attributes.get(name)?;
        self.global_attributes
            .insert(name.clone(), Cached::InProgress);
        let built = self.attribute_declaration(at, name.clone());
        self.global_attributes
            .insert(name.clone(), Cached::Done(built.clone()));
        built
    }

    /// Collects the attribute uses of the `xs:attribute` and `xs:attributeGroup`
    /// children of `container`, reporting names used twice, and its complete
    /// attribute wildcard.
    pub(super) fn attribute_uses(&mut self, container: XNode<'a, 'i>) -> BuiltAttributes {
        let mut built = BuiltAttributes::default();
        let mut group_wildcards = Vec::new();
        for child in container.node.children().filter(|child| child.is_element()) {
            let at = container.with(child);
            if is_xsd(child, "attribute") {
                let prohibited = child.attribute("use").map(str::trim) == Some("prohibited");
                let Some(attribute) = self.local_attribute(at) else {
                    continue;
                };
                if prohibited {
                    built.prohibited.push(attribute.name);
                } else {
                    self.add_attribute_use(&mut built, attribute, at);
                }
            } else if is_xsd(child, "attributeGroup") {
                let Some(name) = self.resolve_reference(at, "ref") else {
                    continue;
                };
                let group = match self.redefined_original(at, Space::AttributeGroup, &name) {
                    Some(original) => self.attribute_uses(original),
                    None => match self.attribute_group_at(&name, at) {
                        Some(group) => group,
                        None => continue,
                    },
                };
                for attribute in group.uses {
                    self.add_attribute_use(&mut built, attribute, at);
                }
                // XSD 1.0 leaves prohibited uses out of an attribute group's attribute
                // uses, so a group cannot prohibit an attribute that a base type declares.
                group_wildcards.extend(group.wildcard);
            }
        }

        let local =
            xsd_child(container.node, "anyAttribute").map(|any| self.wildcard(container.with(any)));
        built.wildcard = self.complete_wildcard(container, local, group_wildcards);
        built
    }

    /// Intersects the local wildcard with the wildcards of the attribute groups,
    /// keeping the local `processContents` (or the first group's without a local
    /// one). Reports an intersection that XSD 1.0 cannot express.
    fn complete_wildcard(
        &mut self,
        container: XNode<'a, 'i>,
        local: Option<Wildcard>,
        groups: Vec<Wildcard>,
    ) -> Option<Wildcard> {
        let mut wildcards = local.into_iter().chain(groups);
        let mut complete = wildcards.next()?;
        for other in wildcards {
            let Some(namespaces) = intersection(&complete.namespaces, &other.namespaces) else {
                self.error(
                    container,
                    Code::SchemaConstraint,
                    format!(
                        "the attribute wildcards {} and {} have no intersection that XSD 1.0 can express: make one `namespace` a list of namespaces",
                        describe(&complete.namespaces),
                        describe(&other.namespaces)
                    ),
                );
                return None;
            };
            complete.namespaces = namespaces;
        }
        Some(complete)
    }

    /// Adds `attribute` to `built`, reporting a second use of its name.
    pub(super) fn add_attribute_use(
        &mut self,
        built: &mut BuiltAttributes,
        attribute: AttributeUse,
        at: XNode<'a, 'i>,
    ) {
        if built.uses.iter().any(|known| known.name == attribute.name) {
            self.error(
                at,
                Code::DuplicateDeclaration,
                format!(
                    "attribute `{}` is used twice in one type or attribute group: remove one use",
                    attribute.name
                ),
            );
            return;
        }
        built.uses.push(attribute);
    }

    /// Builds the attribute use of the local `xs:attribute` at `at`: a reference to a
    /// global declaration, or a local declaration.
    fn local_attribute(&mut self, at: XNode<'a, 'i>) -> Option<AttributeUse> {
        let required = at.node.attribute("use").map(str::trim) == Some("required");
        let own_constraint = value_constraint(at.node);

        if at.node.attribute("ref").is_some() {
            let name = self.resolve_reference(at, "ref")?;
            let Some(mut attribute) = self.global_attribute(&name) else {
                self.error_at_attribute(
                    at,
                    "ref",
                    Code::UnresolvedReference,
                    format!(
                        "attribute `{name}` named in `ref` is not declared{}",
                        self.missing_component_fix(
                            &name,
                            "declare it globally or correct the name"
                        )
                    ),
                );
                return None;
            };
            if let Some(ValueConstraint::Fixed(fixed)) = &attribute.value_constraint {
                let conflicts = match &own_constraint {
                    Some(ValueConstraint::Fixed(own)) => own != fixed,
                    Some(ValueConstraint::Default(_)) => true,
                    None => false,
                };
                if conflicts {
                    self.error(
                        at,
                        Code::SchemaConstraint,
                        format!("attribute `{name}` is declared with fixed value `{fixed}`, which this use cannot change: use the same fixed value or none"),
                    );
                }
            }
            if let Some(constraint) = own_constraint {
                self.queue_value_check(at, &constraint, attribute.type_id);
                attribute.value_constraint = Some(constraint);
            }
            attribute.required = required;
            attribute.span = self.span(at);
            return Some(attribute);
        }

        let local = at.node.attribute("name")?;
        let qualified = match at.node.attribute("form").map(str::trim) {
            Some(form) => form == "qualified",
            None => self
                .document(at)
                .is_some_and(|document| document.attribute_form_qualified),
        };
        let name = self.declared_name(at, local, qualified);
        let mut attribute = self.attribute_declaration(at, name)?;
        attribute.required = required;
        Some(attribute)
    }

    /// Builds the declaration at `at` (global or local) called `name`.
    fn attribute_declaration(&mut self, at: XNode<'a, 'i>, name: QName) -> Option<AttributeUse> {
        let type_id = self.attribute_type(at)?;
        self.typed_declarations.push((at, type_id));
        let value_constraint = value_constraint(at.node);
        if let Some(constraint) = &value_constraint {
            self.queue_value_check(at, constraint, type_id);
        }
        Some(AttributeUse {
            name,
            type_id,
            required: false,
            value_constraint,
            span: self.span(at),
            doc: documentation(at.node),
        })
    }

    fn queue_value_check(
        &mut self,
        at: XNode<'a, 'i>,
        constraint: &ValueConstraint,
        type_id: TypeId,
    ) {
        let (attribute, value) = match constraint {
            ValueConstraint::Default(value) => ("default", value.clone()),
            ValueConstraint::Fixed(value) => ("fixed", value.clone()),
        };
        self.value_checks.push(ValueCheck {
            at,
            attribute,
            value,
            type_id,
            of_element: false,
        });
    }

    /// Returns the simple type of the attribute declaration at `at`.
    fn attribute_type(&mut self, at: XNode<'a, 'i>) -> Option<TypeId> {
        if at.node.attribute("type").is_some() {
            let name = self.resolve_reference(at, "type")?;
            let Some(id) = self.named_type_id(&name) else {
                self.error_at_attribute(
                    at,
                    "type",
                    Code::UnresolvedReference,
                    format!(
                        "type `{name}` named in `type` is not defined{}",
                        self.missing_component_fix(&name, "define it or correct the name")
                    ),
                );
                return None;
            };
            if !self.is_simple_type(id) {
                self.error_at_attribute(
                    at,
                    "type",
                    Code::SchemaConstraint,
                    format!("attribute type `{name}` is not a simple type: name a simple type"),
                );
                return None;
            }
            return Some(id);
        }
        if let Some(simple) = xsd_child(at.node, "simpleType") {
            return Some(self.anonymous_simple_type(at.with(simple)));
        }
        Some(self.any_simple_type_id())
    }
}

fn value_constraint(node: roxmltree::Node<'_, '_>) -> Option<ValueConstraint> {
    match (node.attribute("default"), node.attribute("fixed")) {
        (Some(value), _) => Some(ValueConstraint::Default(value.to_owned())),
        (None, Some(value)) => Some(ValueConstraint::Fixed(value.to_owned())),
        (None, None) => None,
    }
}
