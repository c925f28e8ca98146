//! Names in schema documents: the XSD namespace, NCName and QName syntax, and QName
//! resolution against a schema element's namespace bindings.

use schemakit_datatypes::NamespaceLookup;
use schemakit_model::xsd::QName;

/// The namespace of XSD 1.0 schema documents and built-in types.
pub(crate) const XSD_NAMESPACE: &str = "http://www.w3.org/2001/XMLSchema";

/// The namespace of `xsi:type`, `xsi:nil` and the other instance attributes.
pub(crate) const XSI_NAMESPACE: &str = "http://www.w3.org/2001/XMLSchema-instance";

/// Returns whether `text` is an NCName (a Name without a colon).
pub(crate) fn is_ncname(text: &str) -> bool {
    let mut chars = text.chars();
    match chars.next() {
        Some(first) if is_name_start(first) => chars.all(is_name_char),
        _ => false,
    }
}

/// Returns whether `text` is a QName: an NCName, or two NCNames joined by a colon.
pub(crate) fn is_qname(text: &str) -> bool {
    match text.split_once(':') {
        Some((prefix, local)) => is_ncname(prefix) && is_ncname(local),
        None => is_ncname(text),
    }
}

fn is_name_start(ch: char) -> bool {
    ch != ':' && schemakit_model::chars::is_name_start_char(ch)
}

fn is_name_char(ch: char) -> bool {
    ch != ':' && schemakit_model::chars::is_name_char(ch)
}

/// The namespace bindings in scope at one element of a schema document.
#[derive(Clone, Copy)]
pub(crate) struct NodeNamespaces<'a, 'i> {
    pub(crate) node: roxmltree::Node<'a, 'i>,
}

impl NamespaceLookup for NodeNamespaces<'_, '_> {
    fn namespace(&self, prefix: &str) -> Option<String> {
        let prefix = Some(prefix).filter(|prefix| !prefix.is_empty());
        self.node.lookup_namespace_uri(prefix).map(str::to_owned)
    }
}

/// The reason a QName value could not be resolved.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) enum QNameError {
    /// The value is not a QName.
    Syntax,
    /// The prefix is bound to no namespace.
    UnboundPrefix(String),
}

/// Resolves the QName `value`, written on `node`, to an expanded name. An unprefixed
/// name takes the default namespace, if one is in scope. `chameleon_namespace` is
/// the target namespace an included schema without one takes over: its names in no
/// namespace move into that namespace.
pub(crate) fn resolve_qname(
    node: roxmltree::Node<'_, '_>,
    value: &str,
    chameleon_namespace: Option<&str>,
) -> Result<QName, QNameError> {
    let value = value.trim();
    if !is_qname(value) {
        return Err(QNameError::Syntax);
    }

    let (prefix, local) = match value.split_once(':') {
        Some((prefix, local)) => (Some(prefix), local),
        None => (None, value),
    };
    let namespace = match prefix {
        Some("xml") => Some("http://www.w3.org/XML/1998/namespace".to_owned()),
        Some(prefix) => match node.lookup_namespace_uri(Some(prefix)) {
            Some(namespace) => Some(namespace.to_owned()),
            None => return Err(QNameError::UnboundPrefix(prefix.to_owned())),
        },
        None => node
            .lookup_namespace_uri(None)
            .filter(|namespace| !namespace.is_empty())
            .map(str::to_owned),
    };
    let namespace = namespace.or_else(|| chameleon_namespace.map(str::to_owned));
    Ok(QName {
        namespace,
        local: local.to_owned(),
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ncname_and_qname_syntax() {
        let cases = [
            ("a", true, true),
            ("_a.b-c", true, true),
            ("a:b", false, true),
            ("", false, false),
            ("0a", false, false),
            ("a:", false, false),
            (":a", false, false),
            ("a:b:c", false, false),
            ("é", true, true),
        ];
        for (text, ncname, qname) in cases {
            assert_eq!(is_ncname(text), ncname, "NCName {text:?}");
            assert_eq!(is_qname(text), qname, "QName {text:?}");
        }
    }

    #[test]
    fn resolve_qname_uses_bindings() {
        let text = r#"<s xmlns="urn:d" xmlns:p="urn:p"><e/></s>"#;
        let document = roxmltree::Document::parse(text).expect("well-formed");
        let node = document.root_element();
        let cases = [
            ("p:x", Ok(QName::new(Some("urn:p"), "x"))),
            ("x", Ok(QName::new(Some("urn:d"), "x"))),
            ("q:x", Err(QNameError::UnboundPrefix("q".to_owned()))),
            ("1x", Err(QNameError::Syntax)),
        ];
        for (value, expected) in cases {
            assert_eq!(resolve_qname(node, value, None), expected, "{value}");
        }
    }
}
