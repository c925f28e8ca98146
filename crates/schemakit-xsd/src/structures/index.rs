//! The global components of all schema documents by symbol space.

use super::XNode;
use crate::document::{is_xsd, SchemaDocument};
use crate::errors::Reporter;
use indexmap::IndexMap;
use schemakit_model::xsd::QName;
use schemakit_model::Code;

/// Global declarations and definitions by name, one map per XSD symbol space.
#[derive(Default)]
pub(crate) struct GlobalIndex<'a, 'i> {
    pub(crate) elements: IndexMap<QName, XNode<'a, 'i>>,
    /// Simple and complex types share one symbol space.
    pub(crate) types: IndexMap<QName, XNode<'a, 'i>>,
    pub(crate) groups: IndexMap<QName, XNode<'a, 'i>>,
    pub(crate) attribute_groups: IndexMap<QName, XNode<'a, 'i>>,
    pub(crate) attributes: IndexMap<QName, XNode<'a, 'i>>,
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
        index
    }
}
