//! The global components of all schema documents by symbol space.

use super::XNode;
use crate::document::{is_xsd, SchemaDocument};
use crate::errors::Reporter;
use crate::names::resolve_qname;
use indexmap::IndexMap;
use schemakit_model::xsd::QName;
use schemakit_model::Code;
use std::collections::HashMap;

/// Global declarations and definitions by name, one map per XSD symbol space.
#[derive(Default)]
pub(crate) struct GlobalIndex<'a, 'i> {
    pub(crate) elements: IndexMap<QName, XNode<'a, 'i>>,
    /// Simple and complex types share one symbol space.
    pub(crate) types: IndexMap<QName, XNode<'a, 'i>>,
    pub(crate) groups: IndexMap<QName, XNode<'a, 'i>>,
    pub(crate) attribute_groups: IndexMap<QName, XNode<'a, 'i>>,
    pub(crate) attributes: IndexMap<QName, XNode<'a, 'i>>,
    pub(crate) notations: IndexMap<QName, XNode<'a, 'i>>,
    /// The components that an `xs:redefine` replaced, by symbol space and name. The
    /// maps above hold the redefining components in their place.
    pub(crate) redefined: HashMap<(Space, QName), XNode<'a, 'i>>,
}

/// A symbol space that `xs:redefine` may redefine components of.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub(crate) enum Space {
    Type,
    Group,
    AttributeGroup,
}

impl<'a, 'i> GlobalIndex<'a, 'i> {
    /// Indexes the top-level components of `documents`, reporting names declared
    /// twice in one symbol space.
    pub(crate) fn build(documents: &'a [SchemaDocument<'i>], reporter: &mut Reporter) -> Self {
        let mut index = GlobalIndex::default();
        for (doc, document) in documents.iter().enumerate() {
            for node in document
                .schema()
                .children()
                .filter(|node| node.is_element())
            {
                let (map, space) = if is_xsd(node, "element") {
                    (&mut index.elements, "element")
                } else if is_xsd(node, "complexType") || is_xsd(node, "simpleType") {
                    (&mut index.types, "type")
                } else if is_xsd(node, "group") {
                    (&mut index.groups, "model group")
                } else if is_xsd(node, "attributeGroup") {
                    (&mut index.attribute_groups, "attribute group")
                } else if is_xsd(node, "attribute") {
                    (&mut index.attributes, "attribute")
                } else if is_xsd(node, "notation") {
                    (&mut index.notations, "notation")
                } else {
                    continue;
                };
                let Some(local) = node.attribute("name").map(str::trim) else {
                    continue;
                };
                let name = QName::new(document.target_namespace.as_deref(), local);
                if let Some(first) = map.get(&name) {
                    let first_at = documents
                        .get(first.doc)
                        .map(|first_document| {
                            let position = first_document.position(first.node.range().start);
                            format!(
                                "{}:{}:{}",
                                first_document.name, position.line, position.column
                            )
                        })
                        .unwrap_or_default();
                    let message = format!(
                        "{space} `{name}` is declared twice, first at {first_at}: rename or remove one declaration"
                    );
                    reporter.schema_error(
                        Code::DuplicateDeclaration,
                        message,
                        &document.name,
                        document.position(node.range().start),
                    );
                    continue;
                }
                map.insert(name, XNode { doc, node });
            }
        }
        for (doc, document) in documents.iter().enumerate() {
            for redefine in document
                .schema()
                .children()
                .filter(|node| is_xsd(*node, "redefine"))
            {
                for node in redefine.children().filter(|node| node.is_element()) {
                    index.redefine(XNode { doc, node }, document, reporter);
                }
            }
        }
        index
    }

    /// Puts the redefining component at `at` in the place of the component of the
    /// same name, which moves to `redefined`.
    fn redefine(
        &mut self,
        at: XNode<'a, 'i>,
        document: &SchemaDocument<'i>,
        reporter: &mut Reporter,
    ) {
        let node = at.node;
        let (space, map, what) = if is_xsd(node, "complexType") || is_xsd(node, "simpleType") {
            (Space::Type, &mut self.types, "type")
        } else if is_xsd(node, "group") {
            (Space::Group, &mut self.groups, "model group")
        } else if is_xsd(node, "attributeGroup") {
            (
                Space::AttributeGroup,
                &mut self.attribute_groups,
                "attribute group",
            )
        } else {
            return;
        };
        let Some(local) = node.attribute("name").map(str::trim) else {
            return;
        };
        let name = QName::new(document.target_namespace.as_deref(), local);

        let Some(original) = map.get(&name).copied() else {
            reporter.schema_error(
                Code::SchemaConstraint,
                format!("`xs:redefine` redefines {what} `{name}`, which the redefined schema does not declare: correct the name or declare it in the redefined schema"),
                &document.name,
                document.position(node.range().start),
            );
            return;
        };
        if self.redefined.contains_key(&(space, name.clone())) {
            reporter.schema_error(
                Code::DuplicateDeclaration,
                format!("{what} `{name}` is redefined twice: keep one redefinition"),
                &document.name,
                document.position(node.range().start),
            );
            return;
        }
        if let Some(problem) = redefinition_problem(node, space, &name, document) {
            reporter.schema_error(
                Code::SchemaConstraint,
                problem,
                &document.name,
                document.position(node.range().start),
            );
        }
        map.insert(name.clone(), at);
        self.redefined.insert((space, name), original);
    }
}

/// Returns what is wrong with the redefinition `node` of `name`, by the XSD 1.0
/// rule src-redefine. A type must be derived from the type it redefines. A group
/// may refer to the group it redefines at most once, and a model group's reference
/// must occur exactly once.
///
/// NOTE: a group without such a reference must be a valid restriction of the group
/// it redefines; only its element names are checked, after the build.
fn redefinition_problem(
    node: roxmltree::Node<'_, '_>,
    space: Space,
    name: &QName,
    document: &SchemaDocument<'_>,
) -> Option<String> {
    let refers_to_name = |candidate: roxmltree::Node<'_, '_>, attribute: &str| {
        candidate.attribute(attribute).is_some_and(|value| {
            resolve_qname(candidate, value, document.chameleon_namespace()).as_ref() == Ok(name)
        })
    };

    match space {
        Space::Type => {
            let derivation = node
                .descendants()
                .find(|child| is_xsd(*child, "restriction") || is_xsd(*child, "extension"));
            if derivation.is_some_and(|derivation| refers_to_name(derivation, "base")) {
                return None;
            }
            Some(format!("a redefinition of type `{name}` must be derived from it: set `base` of its restriction or extension to `{name}`"))
        }
        Space::Group | Space::AttributeGroup => {
            let local = if space == Space::Group {
                "group"
            } else {
                "attributeGroup"
            };
            let references: Vec<roxmltree::Node<'_, '_>> = node
                .descendants()
                .filter(|child| is_xsd(*child, local) && refers_to_name(*child, "ref"))
                .collect();
            match references.as_slice() {
                [] | [_] if space == Space::AttributeGroup => None,
                [] => None,
                [only] => {
                    let once = ["minOccurs", "maxOccurs"]
                        .iter()
                        .all(|bound| only.attribute(*bound).is_none_or(|value| value.trim() == "1"));
                    (!once).then(|| format!("the reference of model group `{name}` to the group it redefines must occur exactly once: remove `minOccurs` and `maxOccurs`"))
                }
                _ => Some(format!("a redefinition of `{name}` may refer to the group it redefines only once: remove the other references")),
            }
        }
    }
}
