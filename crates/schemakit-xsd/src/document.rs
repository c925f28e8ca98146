//! One parsed schema document with its namespace context.

use crate::errors::LineIndex;
use crate::names::XSD_NAMESPACE;
use schemakit_model::{Position, SourceId};

/// A schema document, parsed, with the namespace it contributes components to.
pub(crate) struct SchemaDocument<'i> {
    pub(crate) document: roxmltree::Document<'i>,
    /// The file name in messages.
    pub(crate) name: String,
    pub(crate) source_id: SourceId,
    pub(crate) line_index: LineIndex,
    /// The target namespace of the document's components: its own `targetNamespace`,
    /// or the including document's when it is a chameleon include.
    pub(crate) target_namespace: Option<String>,
    /// Whether the document has no `targetNamespace` and takes its includer's.
    pub(crate) chameleon: bool,
    pub(crate) element_form_qualified: bool,
    pub(crate) attribute_form_qualified: bool,
    /// The `finalDefault` attribute of `xs:schema`, `""` when absent.
    pub(crate) final_default: String,
    /// The `blockDefault` attribute of `xs:schema`, `""` when absent.
    pub(crate) block_default: String,
    /// The namespaces this document imports (`None` for an import without
    /// `namespace`, which imports names in no namespace).
    pub(crate) imported: Vec<Option<String>>,
}

impl<'i> SchemaDocument<'i> {
    /// Wraps a parsed document whose root element is `xs:schema`.
    pub(crate) fn new(
        document: roxmltree::Document<'i>,
        name: String,
        source_id: SourceId,
        chameleon_namespace: Option<String>,
    ) -> Self {
        let line_index = LineIndex::new(document.input_text());
        let schema = document.root_element();
        let own_namespace = schema.attribute("targetNamespace").map(str::to_owned);
        let chameleon = own_namespace.is_none() && chameleon_namespace.is_some();
        let target_namespace = own_namespace.or(chameleon_namespace);
        let element_form_qualified = schema.attribute("elementFormDefault") == Some("qualified");
        let attribute_form_qualified =
            schema.attribute("attributeFormDefault") == Some("qualified");
        let final_default = schema.attribute("finalDefault").unwrap_or("").to_owned();
        let block_default = schema.attribute("blockDefault").unwrap_or("").to_owned();
        let imported = schema
            .children()
            .filter(|child| is_xsd(*child, "import"))
            .map(|import| import.attribute("namespace").map(str::to_owned))
            .collect();
        SchemaDocument {
            document,
            name,
            source_id,
            line_index,
            target_namespace,
            chameleon,
            element_form_qualified,
            attribute_form_qualified,
            final_default,
            block_default,
            imported,
        }
    }

    /// Returns the `xs:schema` element.
    pub(crate) fn schema<'a>(&'a self) -> roxmltree::Node<'a, 'i> {
        self.document.root_element()
    }

    /// Returns the position of byte `offset` of the document text.
    pub(crate) fn position(&self, offset: usize) -> Position {
        self.line_index.position(self.document.input_text(), offset)
    }

    /// Returns the namespace an unprefixed reference in no namespace moves to: the
    /// includer's target namespace for a chameleon include.
    pub(crate) fn chameleon_namespace(&self) -> Option<&str> {
        if self.chameleon {
            self.target_namespace.as_deref()
        } else {
            None
        }
    }
}

/// Returns whether `node` is the XSD element `local`.
pub(crate) fn is_xsd(node: roxmltree::Node<'_, '_>, local: &str) -> bool {
    node.is_element()
        && node.tag_name().name() == local
        && node.tag_name().namespace() == Some(XSD_NAMESPACE)
}

/// Returns the element children of `node` in the XSD namespace, without
/// `xs:annotation`.
pub(crate) fn xsd_children<'a, 'i>(
    node: roxmltree::Node<'a, 'i>,
) -> impl Iterator<Item = roxmltree::Node<'a, 'i>> {
    node.children().filter(|child| {
        child.is_element()
            && child.tag_name().namespace() == Some(XSD_NAMESPACE)
            && child.tag_name().name() != "annotation"
    })
}

/// Returns the first XSD child of `node` called `local`.
pub(crate) fn xsd_child<'a, 'i>(
    node: roxmltree::Node<'a, 'i>,
    local: &str,
) -> Option<roxmltree::Node<'a, 'i>> {
    node.children().find(|child| is_xsd(*child, local))
}

/// Returns the text of the `xs:documentation` elements of the annotation of `node`,
/// joined by blank lines, or `None` when there is none.
pub(crate) fn documentation(node: roxmltree::Node<'_, '_>) -> Option<String> {
    let annotation = xsd_child(node, "annotation")?;
    let texts: Vec<String> = annotation
        .children()
        .filter(|child| is_xsd(*child, "documentation"))
        .map(|documentation| {
            let text: String = documentation
                .descendants()
                .filter(|node| node.is_text())
                .filter_map(|node| node.text())
                .collect();
            text.trim().to_owned()
        })
        .filter(|text| !text.is_empty())
        .collect();
    if texts.is_empty() {
        None
    } else {
        Some(texts.join("\n\n"))
    }
}

/// Parses schema text; DTDs are allowed because W3C suite schemas use them.
pub(crate) fn parse(text: &str) -> Result<roxmltree::Document<'_>, roxmltree::Error> {
    let options = roxmltree::ParsingOptions {
        allow_dtd: true,
        nodes_limit: 5_000_000,
        ..roxmltree::ParsingOptions::default()
    };
    roxmltree::Document::parse_with_options(text, options)
}
