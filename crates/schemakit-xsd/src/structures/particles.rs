//! Particles: element particles, model groups and group references, with their
//! occurrence bounds.

use super::{Builder, Children, Space, XNode};
use crate::checks::values::parse_occurs;
use crate::document::{is_xsd, xsd_children};
use crate::wildcards::read_wildcard;
use schemakit_model::xsd::{ElementId, TypeDefinition, TypeId};
use schemakit_model::{Code, MaxOccurs, Occurs, Particle, Symbol, Term, Wildcard};

impl<'a, 'i> Builder<'a, 'i> {
    /// Builds the particle at `at`, recording the element declarations it uses in
    /// `children`. `top` is true for the particle that is the whole content model,
    /// the only place an all-group may appear. Returns `None` for a particle that
    /// matches nothing (`maxOccurs="0"` or a broken reference).
    pub(super) fn particle(
        &mut self,
        at: XNode<'a, 'i>,
        children: &mut Children,
        top: bool,
    ) -> Option<Particle> {
        let occurs = occurs(at.node);
        let local = at.node.tag_name().name();

        let term = match local {
            "element" => {
                let id = self.local_element(at)?;
                let symbol = self.components.elements.get(id.0 as usize)?.symbol;
                self.merge_child(children, symbol, id, at);
                Term::Element(symbol)
            }
            "sequence" | "choice" => {
                let mut items = Vec::new();
                for child in xsd_children(at.node) {
                    if let Some(item) = self.particle(at.with(child), children, false) {
                        items.push(item);
                    }
                }
                if local == "sequence" {
                    Term::Sequence(items)
                } else {
                    Term::Choice(items)
                }
            }
            "all" => {
                if !top {
                    self.error(
                        at,
                        Code::SchemaConstraint,
                        "an all-group must be the whole content model of a type: move it out of the enclosing group".to_owned(),
                    );
                }
                let mut items = Vec::new();
                for child in xsd_children(at.node).filter(|child| is_xsd(*child, "element")) {
                    if let Some(item) = self.particle(at.with(child), children, false) {
                        items.push(item);
                    }
                }
                Term::All(items)
            }
            "group" => {
                let name = self.resolve_reference(at, "ref")?;
                let group = match self.redefined_original(at, Space::Group, &name) {
                    Some(original) => self.build_model_group(original)?,
                    None => self.model_group_at(&name, at)?,
                };
                for (symbol, id) in &group.children {
                    self.merge_child(children, *symbol, *id, at);
                }
                let particle = group.particle?;
                if matches!(particle.term, Term::All(_))
                    && (!top || occurs.max != MaxOccurs::Bounded(1))
                {
                    self.error(
                        at,
                        Code::SchemaConstraint,
                        format!("model group `{name}` is an all-group, which may only be the whole content model with maxOccurs 1: reference it directly from the type"),
                    );
                }
                particle.term
            }
            "any" => Term::Wildcard(self.wildcard(at)),
            _ => return None,
        };

        if occurs.max == MaxOccurs::Bounded(0) {
            return None;
        }
        Some(Particle::new(term, occurs))
    }

    /// Reads the wildcard of the `xs:any` or `xs:anyAttribute` at `at`, relative to
    /// the target namespace of its document.
    pub(super) fn wildcard(&self, at: XNode<'a, 'i>) -> Wildcard {
        let target_namespace = self
            .document(at)
            .and_then(|document| document.target_namespace.as_deref());
        read_wildcard(
            at.node.attribute("namespace"),
            at.node.attribute("processContents"),
            target_namespace,
        )
    }

    /// Records that `symbol` stands for the declaration `id` in one content model,
    /// reporting two declarations of one name with different types there.
    pub(super) fn merge_child(
        &mut self,
        children: &mut Children,
        symbol: Symbol,
        id: ElementId,
        at: XNode<'a, 'i>,
    ) {
        let Some(existing) = children.get(&symbol).copied() else {
            children.insert(symbol, id);
            return;
        };
        if existing == id {
            return;
        }
        let first = self.element_type_id(existing);
        let second = self.element_type_id(id);
        if first != second {
            let name = self.symbols.name(symbol).to_owned();
            let message = format!(
                "two declarations of element `{name}` in one content model have different types, {} and {}: give them the same named type",
                self.describe_type(first),
                self.describe_type(second)
            );
            self.error(at, Code::SchemaConstraint, message);
        }
    }

    fn element_type_id(&self, id: ElementId) -> Option<TypeId> {
        self.components
            .elements
            .get(id.0 as usize)
            .map(|element| element.type_id)
    }

    /// Describes a type for messages: its name in backquotes, or "an anonymous type".
    pub(crate) fn describe_type(&self, id: Option<TypeId>) -> String {
        let name = id
            .and_then(|id| self.components.types.get(id.0 as usize))
            .and_then(TypeDefinition::name);
        match name {
            Some(name) => format!("`{name}`"),
            None => "an anonymous type".to_owned(),
        }
    }
}

/// Reads `minOccurs` and `maxOccurs`; invalid values, reported by the structure
/// check, count as 1.
fn occurs(node: roxmltree::Node<'_, '_>) -> Occurs {
    let min = node
        .attribute("minOccurs")
        .and_then(parse_occurs)
        .unwrap_or(1);
    let max = match node.attribute("maxOccurs").map(str::trim) {
        Some("unbounded") => MaxOccurs::Unbounded,
        Some(text) => MaxOccurs::Bounded(parse_occurs(text).unwrap_or(1)),
        None => MaxOccurs::Bounded(1),
    };
    Occurs { min, max }
}
