//! Simple type definitions: restriction with facets, list and union.

use super::types::set_contains;
use super::{Builder, XNode};
use crate::document::{documentation, is_xsd, xsd_child};
use crate::names::NodeNamespaces;
use schemakit_datatypes::{BuiltinType, Facet, FacetKind, SimpleType, Value, Variety};
use schemakit_model::xsd::{QName, SimpleTypeDefinition, TypeId};
use schemakit_model::Code;

impl<'a, 'i> Builder<'a, 'i> {
    /// Builds the `xs:simpleType` at `at`.
    pub(super) fn build_simple_type(
        &mut self,
        at: XNode<'a, 'i>,
        name: Option<QName>,
    ) -> Option<SimpleTypeDefinition> {
        let local_name = name.as_ref().map(|name| name.local.clone());
        let (base, simple) = if let Some(restriction) = xsd_child(at.node, "restriction") {
            self.simple_restriction(at.with(restriction), local_name)?
        } else if let Some(list) = xsd_child(at.node, "list") {
            let simple = self.simple_list(at.with(list), local_name)?;
            (self.any_simple_type_id(), simple)
        } else if let Some(union) = xsd_child(at.node, "union") {
            let simple = self.simple_union(at.with(union), local_name)?;
            (self.any_simple_type_id(), simple)
        } else {
            // The structure check reported the missing derivation.
            return None;
        };
        Some(SimpleTypeDefinition {
            base: Some(base),
            name,
            simple,
            span: self.span(at),
            doc: documentation(at.node),
        })
    }

    /// Builds an anonymous `xs:simpleType` at `at` right away and returns its id.
    pub(crate) fn anonymous_simple_type(&mut self, at: XNode<'a, 'i>) -> TypeId {
        let id = self.allocate_type(at, None);
        self.ensure_built(id);
        id
    }

    /// Returns the simple type that the attribute `attribute` of `at` names, or
    /// else the one its inline `xs:simpleType` child defines. The `final` of a named
    /// type must allow `method` (`restriction`, `list` or `union`).
    fn referenced_simple_type(
        &mut self,
        at: XNode<'a, 'i>,
        attribute: &str,
        method: &str,
    ) -> Option<(TypeId, SimpleType)> {
        let id = if at.node.attribute(attribute).is_some() {
            let name = self.resolve_reference(at, attribute)?;
            let Some(id) = self.referenced_type_id(at, &name) else {
                self.error_at_attribute(
                    at,
                    attribute,
                    Code::UnresolvedReference,
                    format!(
                        "type `{name}` named in `{attribute}` is not defined{}",
                        self.missing_component_fix(&name, "define it or correct the name")
                    ),
                );
                return None;
            };
            if !self.is_simple_type(id) {
                self.error_at_attribute(
                    at,
                    attribute,
                    Code::SchemaConstraint,
                    format!("`{attribute}` names `{name}`, which is not a simple type: name a simple type"),
                );
                return None;
            }
            if !self.ensure_base_built(id, at, &name) {
                return None;
            }
            if set_contains(self.final_of(&name), method) {
                self.error_at_attribute(
                    at,
                    attribute,
                    Code::SchemaConstraint,
                    format!("type `{name}` is final for {method}: derive from another type or remove `{method}` from its `final`"),
                );
                return None;
            }
            id
        } else {
            let inline = xsd_child(at.node, "simpleType")?;
            self.anonymous_simple_type(at.with(inline))
        };
        let simple = self.simple_type_of(id)?;
        Some((id, simple))
    }

    fn simple_restriction(
        &mut self,
        at: XNode<'a, 'i>,
        name: Option<String>,
    ) -> Option<(TypeId, SimpleType)> {
        let (base_id, base) = self.referenced_simple_type(at, "base", "restriction")?;
        let simple = self.restrict_with_facets(at, &base, name)?;
        Some((base_id, simple))
    }

    fn simple_list(&mut self, at: XNode<'a, 'i>, name: Option<String>) -> Option<SimpleType> {
        let (_, item) = self.referenced_simple_type(at, "itemType", "list")?;
        match SimpleType::list(item, name) {
            Ok(simple) => Some(simple),
            Err(error) => {
                self.error(at, Code::SchemaConstraint, error.message);
                None
            }
        }
    }

    fn simple_union(&mut self, at: XNode<'a, 'i>, name: Option<String>) -> Option<SimpleType> {
        let mut members = Vec::new();
        let mut complete = true;
        let member_names: Vec<&str> = at
            .node
            .attribute("memberTypes")
            .unwrap_or("")
            .split_ascii_whitespace()
            .collect();
        for member in member_names {
            match self.union_member(at, member) {
                Some(simple) => members.push(simple),
                None => complete = false,
            }
        }
        for inline in at
            .node
            .children()
            .filter(|child| is_xsd(*child, "simpleType"))
        {
            let id = self.anonymous_simple_type(at.with(inline));
            match self.simple_type_of(id) {
                Some(simple) => members.push(simple),
                None => complete = false,
            }
        }
        if !complete {
            return None;
        }

        match SimpleType::union(members, name) {
            Ok(simple) => Some(simple),
            Err(error) => {
                self.error(at, Code::SchemaConstraint, error.message);
                None
            }
        }
    }

    fn union_member(&mut self, at: XNode<'a, 'i>, member: &str) -> Option<SimpleType> {
        let document = self.document(at)?;
        let chameleon = document.chameleon_namespace();
        let name = match crate::names::resolve_qname(at.node, member, chameleon) {
            Ok(name) => name,
            Err(_) => {
                self.error_at_attribute(
                    at,
                    "memberTypes",
                    Code::UnresolvedReference,
                    format!("member type `{member}` is not a QName with a bound prefix: correct it or declare its prefix"),
                );
                return None;
            }
        };
        let Some(id) = self.named_type_id(&name) else {
            self.error_at_attribute(
                at,
                "memberTypes",
                Code::UnresolvedReference,
                format!(
                    "member type `{name}` is not defined{}",
                    self.missing_component_fix(&name, "define it or correct the name")
                ),
            );
            return None;
        };
        if !self.is_simple_type(id) {
            self.error_at_attribute(
                at,
                "memberTypes",
                Code::SchemaConstraint,
                format!("member type `{name}` is not a simple type: name a simple type"),
            );
            return None;
        }
        if !self.ensure_base_built(id, at, &name) {
            return None;
        }
        if set_contains(self.final_of(&name), "union") {
            self.error_at_attribute(
                at,
                "memberTypes",
                Code::SchemaConstraint,
                format!("type `{name}` is final for union: remove `union` from its `final`"),
            );
            return None;
        }
        self.simple_type_of(id)
    }

    /// Derives a type called `name` from `base` with the facet children of the
    /// `xs:restriction` at `at`, reporting each facet error at its facet element.
    pub(crate) fn restrict_with_facets(
        &mut self,
        at: XNode<'a, 'i>,
        base: &SimpleType,
        name: Option<String>,
    ) -> Option<SimpleType> {
        let mut facets = Vec::new();
        let mut facet_nodes = Vec::new();
        for child in at.node.children().filter(|child| child.is_element()) {
            if let Some(kind) = facet_kind(child) {
                facets.push(Facet {
                    kind,
                    value: child.attribute("value").unwrap_or("").to_owned(),
                    fixed: crate::checks::values::is_true(child.attribute("fixed")),
                });
                facet_nodes.push(child);
            }
        }
        if facets.is_empty() && name.is_none() {
            return Some(base.clone());
        }
        let namespaces = NodeNamespaces { node: at.node };
        match SimpleType::restrict_with_namespaces(base, name, &facets, &namespaces) {
            Ok(simple) => {
                self.check_notation_enumeration(at, &simple, &facets, &facet_nodes);
                Some(simple)
            }
            Err(errors) => {
                for error in errors {
                    let node = error
                        .facet_index
                        .and_then(|index| facet_nodes.get(index).copied())
                        .unwrap_or(at.node);
                    self.error(at.with(node), Code::InvalidFacet, error.message);
                }
                None
            }
        }
    }
}

impl<'a, 'i> Builder<'a, 'i> {
    /// Reports each enumeration value of a NOTATION restriction at `at` that names
    /// no declared notation. Enumerations inherited from the base were checked
    /// where they were written.
    fn check_notation_enumeration(
        &mut self,
        at: XNode<'a, 'i>,
        simple: &SimpleType,
        facets: &[Facet],
        facet_nodes: &[roxmltree::Node<'a, 'i>],
    ) {
        if !is_notation(simple) {
            return;
        }
        let own_enumerations: Vec<(&Facet, roxmltree::Node<'a, 'i>)> = facets
            .iter()
            .zip(facet_nodes.iter().copied())
            .filter(|(facet, _)| facet.kind == FacetKind::Enumeration)
            .collect();
        let Some(values) = simple.facets.enumeration_values() else {
            return;
        };
        if own_enumerations.len() != values.len() {
            return;
        }

        for ((facet, node), value) in own_enumerations.into_iter().zip(values) {
            let Value::Notation { namespace, local } = value else {
                continue;
            };
            let name = QName::new(namespace.as_deref(), local);
            if !self.is_notation_declared(&name) {
                self.error_at_attribute(
                    at.with(node),
                    "value",
                    Code::UnresolvedReference,
                    format!("the enumeration value `{}` names notation `{name}`, which is not declared: declare it with `xs:notation` or correct the value", facet.value),
                );
            }
        }
    }
}

/// Returns whether `simple` is NOTATION or a restriction of it.
pub(crate) fn is_notation(simple: &SimpleType) -> bool {
    matches!(
        simple.variety,
        Variety::Atomic {
            builtin: BuiltinType::Notation
        }
    )
}

/// Returns the facet that the element `node` is, if it is one.
fn facet_kind(node: roxmltree::Node<'_, '_>) -> Option<FacetKind> {
    if node.tag_name().namespace() != Some(crate::names::XSD_NAMESPACE) {
        return None;
    }
    let kind = match node.tag_name().name() {
        "length" => FacetKind::Length,
        "minLength" => FacetKind::MinLength,
        "maxLength" => FacetKind::MaxLength,
        "pattern" => FacetKind::Pattern,
        "enumeration" => FacetKind::Enumeration,
        "whiteSpace" => FacetKind::WhiteSpace,
        "maxInclusive" => FacetKind::MaxInclusive,
        "maxExclusive" => FacetKind::MaxExclusive,
        "minExclusive" => FacetKind::MinExclusive,
        "minInclusive" => FacetKind::MinInclusive,
        "totalDigits" => FacetKind::TotalDigits,
        "fractionDigits" => FacetKind::FractionDigits,
        _ => return None,
    };
    Some(kind)
}
