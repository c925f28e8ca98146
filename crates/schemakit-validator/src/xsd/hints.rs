//! Schema location hints on the root element: `xsi:noNamespaceSchemaLocation` and
//! `xsi:schemaLocation` (XSD 1.0 Part 1, section 4.3.2).

use super::namespaces::InScopeNamespaces;
use super::XSI_NAMESPACE;
use crate::event::Attribute;

/// The schema location a document's root element names for its own namespace.
#[derive(Clone, Debug, PartialEq, Eq)]
pub(crate) struct SchemaHint {
    /// The location as written: a URI reference, relative to the document.
    pub(crate) location: String,
    /// The attribute it came from, as written (e.g. `xsi:schemaLocation`).
    pub(crate) attribute: String,
}

/// Finds the hint for the root element `root`: `xsi:noNamespaceSchemaLocation` when
/// the root is in no namespace, otherwise the `xsi:schemaLocation` pair whose
/// namespace is the root's. Pairs for other namespaces are ignored, because the
/// schema for the root's namespace imports what it needs.
pub(crate) fn schema_hint(root: &str, attributes: &[Attribute]) -> Option<SchemaHint> {
    let mut scopes = InScopeNamespaces::default();
    scopes.push_element(attributes);
    let root_namespace = scopes.element_name(root).namespace;

    let xsi_attributes = attributes.iter().filter(|attribute| {
        scopes.attribute_name(&attribute.name).namespace.as_deref() == Some(XSI_NAMESPACE)
    });
    for attribute in xsi_attributes {
        let local = scopes.attribute_name(&attribute.name).local;
        let location = match (local.as_str(), &root_namespace) {
            ("noNamespaceSchemaLocation", None) => Some(attribute.value.trim().to_owned()),
            ("schemaLocation", Some(namespace)) => location_for(&attribute.value, namespace),
            _ => None,
        };
        if let Some(location) = location.filter(|location| !location.is_empty()) {
            return Some(SchemaHint {
                location,
                attribute: attribute.name.to_string(),
            });
        }
    }
    None
}

/// Returns the location paired with `namespace` in an `xsi:schemaLocation` value
/// (whitespace-separated namespace and location pairs). An unpaired last token is
/// ignored.
fn location_for(value: &str, namespace: &str) -> Option<String> {
    let tokens: Vec<&str> = value.split_whitespace().collect();
    tokens.chunks_exact(2).find_map(|pair| match pair {
        [listed, location] if *listed == namespace => Some((*location).to_owned()),
        _ => None,
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use schemakit_model::Position;

    fn attribute(name: &str, value: &str) -> Attribute<'static> {
        Attribute {
            name: name.to_owned().into(),
            value: value.to_owned().into(),
            position: Position::START,
            value_had_references: false,
        }
    }

    const XSI: (&str, &str) = ("xmlns:xsi", XSI_NAMESPACE);

    /// A case: its name, the root element, the root's attributes and the hint found.
    type HintCase<'a> = (&'a str, &'a str, &'a [(&'a str, &'a str)], Option<&'a str>);

    #[test]
    fn hint_cases() {
        let cases: &[HintCase] = &[
            (
                "no namespace",
                "R",
                &[XSI, ("xsi:noNamespaceSchemaLocation", " r.xsd ")],
                Some("r.xsd"),
            ),
            (
                "pair for the root's namespace",
                "p:R",
                &[
                    XSI,
                    ("xmlns:p", "urn:p"),
                    ("xsi:schemaLocation", "urn:q q.xsd\n urn:p p.xsd"),
                ],
                Some("p.xsd"),
            ),
            (
                "default namespace",
                "R",
                &[
                    XSI,
                    ("xmlns", "urn:p"),
                    ("xsi:schemaLocation", "urn:p p.xsd"),
                ],
                Some("p.xsd"),
            ),
            (
                "no pair for the root's namespace",
                "R",
                &[
                    XSI,
                    ("xmlns", "urn:p"),
                    ("xsi:schemaLocation", "urn:q q.xsd"),
                ],
                None,
            ),
            (
                "no-namespace hint on a namespaced root",
                "R",
                &[
                    XSI,
                    ("xmlns", "urn:p"),
                    ("xsi:noNamespaceSchemaLocation", "r.xsd"),
                ],
                None,
            ),
            (
                "prefix bound to another namespace",
                "R",
                &[
                    ("xmlns:xsi", "urn:other"),
                    ("xsi:noNamespaceSchemaLocation", "r.xsd"),
                ],
                None,
            ),
            (
                "unpaired token",
                "R",
                &[XSI, ("xmlns", "urn:p"), ("xsi:schemaLocation", "urn:p")],
                None,
            ),
            (
                "empty location",
                "R",
                &[XSI, ("xsi:noNamespaceSchemaLocation", "  ")],
                None,
            ),
        ];
        for (case, root, attributes, expected) in cases {
            let attributes: Vec<Attribute> = attributes
                .iter()
                .map(|(name, value)| attribute(name, value))
                .collect();
            let hint = schema_hint(root, &attributes);
            assert_eq!(
                hint.as_ref().map(|hint| hint.location.as_str()),
                *expected,
                "{case}"
            );
        }
    }

    #[test]
    fn hint_names_its_attribute() {
        let attributes = [
            attribute("xmlns:i", XSI_NAMESPACE),
            attribute("i:noNamespaceSchemaLocation", "r.xsd"),
        ];
        let hint = schema_hint("R", &attributes);
        assert_eq!(
            hint.map(|hint| hint.attribute),
            Some("i:noNamespaceSchemaLocation".to_owned())
        );
    }
}
