//! Complex type definitions: plain content, simpleContent and complexContent
//! derivations, and the attribute uses they inherit.

use super::types::set_contains;
use super::{Builder, BuiltAttributes, Children, XNode};
use crate::checks::values::is_true;
use crate::document::{documentation, is_xsd, xsd_child, xsd_children};
use schemakit_model::xsd::{
    AttributeUse, ComplexContent, ComplexTypeDefinition, Derivation, DerivationSet, QName,
    SimpleTypeDefinition, TypeDefinition, TypeId, ValueConstraint,
};
use schemakit_model::{Code, Occurs, Particle, Term, Wildcard};

/// The base type of a derivation, resolved and built.
struct Base {
    name: QName,
    id: TypeId,
    method: Derivation,
}

impl<'a, 'i> Builder<'a, 'i> {
    /// Builds the `xs:complexType` at `at`, whose id is `id`.
    pub(super) fn build_complex_type(
        &mut self,
        id: TypeId,
        at: XNode<'a, 'i>,
        name: Option<QName>,
    ) -> Option<ComplexTypeDefinition> {
        let type_mixed = is_true(at.node.attribute("mixed"));
        let mut definition = ComplexTypeDefinition {
            // A type's `block` concerns only extension and restriction.
            block: DerivationSet {
                substitution: false,
                ..self.block_of(at)
            },
            name,
            base: None,
            content: ComplexContent::Empty,
            attributes: Vec::new(),
            attribute_wildcard: None,
            is_abstract: is_true(at.node.attribute("abstract")),
            span: self.span(at),
            doc: documentation(at.node),
        };

        if let Some(simple_content) = xsd_child(at.node, "simpleContent") {
            self.simple_content(&mut definition, at.with(simple_content))?;
        } else if let Some(complex_content) = xsd_child(at.node, "complexContent") {
            let mixed = match complex_content.attribute("mixed") {
                Some(value) => is_true(Some(value)),
                None => type_mixed,
            };
            self.complex_content(&mut definition, at.with(complex_content), mixed)?;
        } else {
            let mut children = Children::new();
            let particle = xsd_children(at.node)
                .find(|child| is_model_group(*child))
                .and_then(|group| self.particle(at.with(group), &mut children, true));
            definition.content = content_of(particle, type_mixed, children);
            let own = self.attribute_uses(at);
            definition.attribute_wildcard = own.wildcard;
            definition.attributes = own.uses;
        }

        self.built_complex_types.push((id, at));
        Some(definition)
    }

    /// Resolves and builds the `base` of the derivation element `at`.
    fn derivation_base(&mut self, at: XNode<'a, 'i>) -> Option<Base> {
        let method = if is_xsd(at.node, "extension") {
            Derivation::Extension
        } else {
            Derivation::Restriction
        };
        let name = self.resolve_reference(at, "base")?;
        let Some(id) = self.referenced_type_id(at, &name) else {
            self.error_at_attribute(
                at,
                "base",
                Code::UnresolvedReference,
                format!(
                    "base type `{name}` is not defined{}",
                    self.missing_component_fix(&name, "define it or correct the name")
                ),
            );
            return None;
        };
        if !self.ensure_base_built(id, at, &name) {
            return None;
        }

        let method_name = match method {
            Derivation::Extension => "extension",
            Derivation::Restriction => "restriction",
        };
        if !self.is_simple_type(id) && set_contains(self.final_of(&name), method_name) {
            self.error_at_attribute(
                at,
                "base",
                Code::SchemaConstraint,
                format!("base type `{name}` is final for {method_name}: derive from another type or remove `{method_name}` from its `final`"),
            );
            return None;
        }
        Some(Base { name, id, method })
    }

    fn simple_content(
        &mut self,
        definition: &mut ComplexTypeDefinition,
        at: XNode<'a, 'i>,
    ) -> Option<()> {
        let derivation = at.with(xsd_children(at.node).next()?);
        let base = self.derivation_base(derivation)?;
        definition.base = Some((base.id, base.method));
        let own = self.attribute_uses(derivation);

        let base_definition = self.components.types.get(base.id.0 as usize)?.clone();
        match (base_definition, base.method) {
            (TypeDefinition::Simple(_), Derivation::Extension) => {
                definition.content = ComplexContent::Simple(base.id);
                definition.attribute_wildcard = own.wildcard;
                definition.attributes = own.uses;
            }
            (TypeDefinition::Simple(_), Derivation::Restriction) => {
                self.error_at_attribute(
                    derivation,
                    "base",
                    Code::SchemaConstraint,
                    format!("a simpleContent restriction needs a complex base type with simple content, and `{}` is a simple type: use `xs:extension`", base.name),
                );
                return None;
            }
            (TypeDefinition::Complex(complex), Derivation::Extension) => {
                let ComplexContent::Simple(content) = complex.content else {
                    self.error_at_attribute(
                        derivation,
                        "base",
                        Code::SchemaConstraint,
                        format!("a simpleContent extension needs a base type with simple content, and `{}` has none: use `xs:complexContent` or another base", base.name),
                    );
                    return None;
                };
                definition.content = ComplexContent::Simple(content);
                definition.attribute_wildcard = self.extend_wildcard(
                    derivation,
                    complex.attribute_wildcard,
                    own.wildcard.clone(),
                );
                definition.attributes = self.extend_attributes(derivation, complex.attributes, own);
            }
            (TypeDefinition::Complex(complex), Derivation::Restriction) => {
                let inline = xsd_child(derivation.node, "simpleType");
                let (content_base, content_simple) = match (&complex.content, inline) {
                    (_, Some(inline)) if allows_simple_restriction(&complex.content) => {
                        let id = self.anonymous_simple_type(derivation.with(inline));
                        (id, self.simple_type_of(id))
                    }
                    (ComplexContent::Simple(content), None) => {
                        (*content, self.simple_type_of(*content))
                    }
                    _ => {
                        self.error_at_attribute(
                            derivation,
                            "base",
                            Code::SchemaConstraint,
                            format!("a simpleContent restriction needs a base type with simple content, and `{}` has none: use `xs:complexContent` or another base", base.name),
                        );
                        return None;
                    }
                };
                let restricted = self.restrict_with_facets(derivation, &content_simple?, None)?;
                let content = self.add_anonymous_simple(restricted, content_base, derivation);
                definition.content = ComplexContent::Simple(content);
                definition.attribute_wildcard = self.restrict_wildcard(
                    derivation,
                    &base.name,
                    complex.attribute_wildcard.as_ref(),
                    own.wildcard.clone(),
                );
                definition.attributes = self.restrict_attributes(
                    derivation,
                    &base.name,
                    complex.attributes,
                    own,
                    complex.attribute_wildcard.as_ref(),
                );
            }
        }
        Some(())
    }

    fn complex_content(
        &mut self,
        definition: &mut ComplexTypeDefinition,
        at: XNode<'a, 'i>,
        mixed: bool,
    ) -> Option<()> {
        let derivation = at.with(xsd_children(at.node).next()?);
        let base = self.derivation_base(derivation)?;
        let Some(TypeDefinition::Complex(complex)) =
            self.components.types.get(base.id.0 as usize).cloned()
        else {
            self.error_at_attribute(
                derivation,
                "base",
                Code::SchemaConstraint,
                format!("the complexContent base `{}` is a simple type: use `xs:simpleContent` to derive from it", base.name),
            );
            return None;
        };
        definition.base = Some((base.id, base.method));

        let mut children = Children::new();
        let own_particle = xsd_children(derivation.node)
            .find(|child| is_model_group(*child))
            .and_then(|group| self.particle(derivation.with(group), &mut children, true))
            .filter(|particle| !is_empty_group(particle));
        let own = self.attribute_uses(derivation);

        match base.method {
            Derivation::Extension => {
                definition.content = self.extend_content(
                    derivation,
                    &base.name,
                    complex.content,
                    own_particle,
                    mixed,
                    children,
                );
                definition.attribute_wildcard = self.extend_wildcard(
                    derivation,
                    complex.attribute_wildcard,
                    own.wildcard.clone(),
                );
                definition.attributes = self.extend_attributes(derivation, complex.attributes, own);
            }
            Derivation::Restriction => {
                if let ComplexContent::Elements { mixed: false, .. } | ComplexContent::Empty =
                    complex.content
                {
                    if mixed {
                        self.error(
                            derivation,
                            Code::SchemaConstraint,
                            format!("a restriction of `{}`, which is not mixed, cannot be mixed: remove `mixed`", base.name),
                        );
                    }
                }
                definition.content = content_of(own_particle, mixed, children);
                if matches!(definition.content, ComplexContent::Empty)
                    && !is_nullable_content(&complex.content)
                {
                    self.error(
                        derivation,
                        Code::SchemaConstraint,
                        format!("`{}` requires child elements, so a restriction of it cannot have empty content: keep the required particles", base.name),
                    );
                }
                definition.attribute_wildcard = self.restrict_wildcard(
                    derivation,
                    &base.name,
                    complex.attribute_wildcard.as_ref(),
                    own.wildcard.clone(),
                );
                definition.attributes = self.restrict_attributes(
                    derivation,
                    &base.name,
                    complex.attributes,
                    own,
                    complex.attribute_wildcard.as_ref(),
                );
            }
        }
        Some(())
    }

    /// Returns the content of an extension: the base particle followed by the own one.
    fn extend_content(
        &mut self,
        at: XNode<'a, 'i>,
        base_name: &QName,
        base: ComplexContent,
        own: Option<Particle>,
        mixed: bool,
        mut children: Children,
    ) -> ComplexContent {
        match base {
            ComplexContent::Empty | ComplexContent::Any => {
                if own.is_none() && matches!(base, ComplexContent::Any) {
                    return ComplexContent::Any;
                }
                content_of(own, mixed, children)
            }
            ComplexContent::Simple(content) => {
                if own.is_some() {
                    self.error(
                        at,
                        Code::SchemaConstraint,
                        format!("`{base_name}` has simple content, which an extension cannot add elements to: derive from a type with element content"),
                    );
                }
                ComplexContent::Simple(content)
            }
            ComplexContent::Elements {
                particle: base_particle,
                mixed: base_mixed,
                children: base_children,
            } => {
                if mixed != base_mixed && (own.is_some() || mixed) {
                    self.error(
                        at,
                        Code::SchemaConstraint,
                        format!("an extension of `{base_name}` must keep its content {}: set `mixed` to {base_mixed}", if base_mixed { "mixed" } else { "element-only" }),
                    );
                }
                let Some(own) = own else {
                    return ComplexContent::Elements {
                        particle: base_particle,
                        mixed: base_mixed,
                        children: base_children,
                    };
                };
                if matches!(own.term, Term::All(_)) || matches!(base_particle.term, Term::All(_)) {
                    self.error(
                        at,
                        Code::SchemaConstraint,
                        format!("an extension of `{base_name}` cannot combine an all-group with other particles: use a sequence"),
                    );
                }
                let mut merged = base_children;
                for (symbol, id) in children.drain(..) {
                    self.merge_child(&mut merged, symbol, id, at);
                }
                ComplexContent::Elements {
                    particle: Particle::new(Term::Sequence(vec![base_particle, own]), Occurs::ONCE),
                    mixed: base_mixed,
                    children: merged,
                }
            }
        }
    }

    /// Returns the base's attribute uses followed by the extension's own.
    fn extend_attributes(
        &mut self,
        at: XNode<'a, 'i>,
        base: Vec<AttributeUse>,
        own: BuiltAttributes,
    ) -> Vec<AttributeUse> {
        let mut built = BuiltAttributes {
            uses: base,
            prohibited: Vec::new(),
            wildcard: None,
        };
        for attribute in own.uses {
            self.add_attribute_use(&mut built, attribute, at);
        }
        built.uses
    }

    /// Returns the base's attribute uses as the restriction at `at` changes them:
    /// replaced by a use of the same name, removed when prohibited.
    fn restrict_attributes(
        &mut self,
        at: XNode<'a, 'i>,
        base_name: &QName,
        base: Vec<AttributeUse>,
        own: BuiltAttributes,
        base_wildcard: Option<&Wildcard>,
    ) -> Vec<AttributeUse> {
        let mut result = base;
        for name in &own.prohibited {
            if result
                .iter()
                .any(|known| &known.name == name && known.required)
            {
                self.error(
                    at,
                    Code::SchemaConstraint,
                    format!("attribute `{name}` is required in `{base_name}`, so a restriction cannot prohibit it: keep it required"),
                );
            }
            result.retain(|known| &known.name != name);
        }
        for attribute in own.uses {
            match result.iter_mut().find(|known| known.name == attribute.name) {
                Some(known) => {
                    if let Some(ValueConstraint::Fixed(fixed)) = &known.value_constraint {
                        if attribute.value_constraint.as_ref() != Some(&ValueConstraint::Fixed(fixed.clone())) {
                            self.error(
                                at,
                                Code::SchemaConstraint,
                                format!("attribute `{}` has fixed value `{fixed}` in `{base_name}`, which a restriction must keep: set `fixed=\"{fixed}\"`", attribute.name),
                            );
                        }
                    }
                    if known.required && !attribute.required {
                        self.error(
                            at,
                            Code::SchemaConstraint,
                            format!("attribute `{}` is required in `{base_name}`, so a restriction must keep it required: add `use=\"required\"`", attribute.name),
                        );
                    }
                    *known = attribute;
                }
                None if base_wildcard
                    .is_some_and(|wildcard| wildcard.allows(attribute.name.namespace.as_deref())) =>
                {
                    result.push(attribute)
                }
                None => self.error(
                    at,
                    Code::SchemaConstraint,
                    format!("attribute `{}` is not in `{base_name}` nor allowed by its attribute wildcard, and a restriction cannot add other attributes: declare it in the base type or derive by extension", attribute.name),
                ),
            }
        }
        result
    }

    /// Adds a simple type built from a `simpleContent` restriction.
    fn add_anonymous_simple(
        &mut self,
        simple: schemakit_datatypes::SimpleType,
        base: TypeId,
        at: XNode<'a, 'i>,
    ) -> TypeId {
        let definition = TypeDefinition::Simple(SimpleTypeDefinition {
            base: Some(base),
            name: None,
            simple,
            span: self.span(at),
            doc: None,
        });
        self.add_built_type(definition)
    }
}

fn is_model_group(node: roxmltree::Node<'_, '_>) -> bool {
    ["group", "all", "choice", "sequence"]
        .iter()
        .any(|name| is_xsd(node, name))
}

/// Returns whether `particle` is a sequence or all-group without members, which
/// matches only empty content.
fn is_empty_group(particle: &Particle) -> bool {
    matches!(&particle.term, Term::Sequence(items) | Term::All(items) if items.is_empty())
}

/// Returns whether a simpleContent restriction with an inline simple type may
/// restrict a base with this content: simple content, or mixed content that may be
/// empty.
fn allows_simple_restriction(content: &ComplexContent) -> bool {
    match content {
        ComplexContent::Simple(_) | ComplexContent::Any => true,
        ComplexContent::Elements {
            particle, mixed, ..
        } => *mixed && particle.is_nullable(),
        ComplexContent::Empty => false,
    }
}

/// Returns the content type for a particle: empty without one (or with an empty
/// sequence), element content otherwise. Mixed content keeps an empty particle.
fn content_of(particle: Option<Particle>, mixed: bool, children: Children) -> ComplexContent {
    let particle = particle.filter(|particle| !is_empty_group(particle));
    match particle {
        Some(particle) => ComplexContent::Elements {
            particle,
            mixed,
            children,
        },
        None if mixed => ComplexContent::Elements {
            particle: Particle::new(Term::Sequence(Vec::new()), Occurs::ONCE),
            mixed: true,
            children,
        },
        None => ComplexContent::Empty,
    }
}

/// Returns whether element content of this type may have no children.
fn is_nullable_content(content: &ComplexContent) -> bool {
    match content {
        ComplexContent::Elements { particle, .. } => particle.is_nullable(),
        ComplexContent::Empty | ComplexContent::Any => true,
        ComplexContent::Simple(_) => false,
    }
}
