//! `xsi:type`: the type an element names for itself, which replaces its declared type
//! when the XSD defines it, it is not abstract, and it is validly derived from the
//! declared type by methods the declarations do not block.

use super::checker::Site;
use super::derivation::{check_derivation, DerivationFault};
use crate::report::Findings;
use schemakit_datatypes::NamespaceLookup;
use schemakit_model::xsd::{
    Derivation, DerivationSet, QName, TypeDefinition, TypeId, XsdComponents, XsdElement,
};
use schemakit_model::{Code, Diagnostic};

/// The element whose `xsi:type` is checked, with what the check reads.
pub(super) struct XsiTypeCheck<'a> {
    pub(super) components: &'a XsdComponents,
    pub(super) namespaces: &'a dyn NamespaceLookup,
    /// The element's start tag.
    pub(super) site: &'a Site<'a>,
    /// The element's name as written.
    pub(super) name: &'a str,
}

impl XsiTypeCheck<'_> {
    /// Returns the type that `value`, the element's `xsi:type`, selects in place of
    /// the type of `element`, or of `xs:anyType` for an element without a declaration.
    /// Reports why and returns `None` when it cannot be used.
    pub(super) fn select(
        &self,
        value: &str,
        element: Option<&XsdElement>,
        findings: &mut Findings,
    ) -> Option<TypeId> {
        let type_name = match self.resolve(value) {
            Ok(type_name) => type_name,
            Err(diagnostic) => {
                findings.push(*diagnostic);
                return None;
            }
        };

        let Some(&type_id) = self.components.named_types.get(&type_name) else {
            findings.push(self.invalid(
                value,
                format!(
                    "names the type `{}`, which the XSD does not define",
                    type_name.clark()
                ),
                "name a type that the XSD defines, or remove xsi:type".to_owned(),
            ));
            return None;
        };

        if let Some(TypeDefinition::Complex(complex)) = self.components.type_definition(type_id) {
            if complex.is_abstract {
                findings.push(self.invalid(
                    value,
                    format!("names the type `{}`, which is abstract", type_name.clark()),
                    "name a concrete type derived from it".to_owned(),
                ));
                return None;
            }
        }

        let (declared, blocked) = match element {
            Some(element) => (element.type_id, self.blocked(element)),
            None => (XsdComponents::ANY_TYPE, DerivationSet::default()),
        };
        match check_derivation(self.components, type_id, declared, blocked) {
            Ok(()) => Some(type_id),
            Err(DerivationFault::NotDerived) => {
                findings.push(self.invalid(
                    value,
                    format!(
                        "names the type `{}`, which is not derived from the declared type of the element",
                        type_name.clark()
                    ),
                    "name the declared type or a type derived from it, or remove xsi:type".to_owned(),
                ));
                None
            }
            Err(DerivationFault::Blocked(method)) => {
                let method = match method {
                    Derivation::Extension => "extension",
                    Derivation::Restriction => "restriction",
                };
                findings.push(self.invalid(
                    value,
                    format!(
                        "names the type `{}`, which is derived by {method}, and the element's declaration or type blocks that derivation",
                        type_name.clark()
                    ),
                    format!("name a type that is not derived by {method}, or remove {method} from the `block` attribute in the XSD"),
                ));
                None
            }
        }
    }

    /// Resolves the QName `value` with the namespace bindings in scope: an unprefixed
    /// name is in the default namespace, as for every QName value.
    fn resolve(&self, value: &str) -> Result<QName, Box<Diagnostic>> {
        let (prefix, local) = value.split_once(':').unwrap_or(("", value));
        let empty_prefix = prefix.is_empty() && value.contains(':');
        if local.is_empty() || local.contains(':') || empty_prefix {
            return Err(Box::new(self.invalid(
                value,
                "is not a qualified name".to_owned(),
                "write the type's name as `prefix:name` or `name`".to_owned(),
            )));
        }

        let namespace = self.namespaces.namespace(prefix);
        if namespace.is_none() && !prefix.is_empty() {
            return Err(Box::new(self.invalid(
                value,
                format!("uses the prefix `{prefix}`, which is not bound to a namespace"),
                format!(
                    "declare xmlns:{prefix} on the element or an ancestor, or correct the prefix"
                ),
            )));
        }
        Ok(QName::new(namespace.as_deref(), local))
    }

    /// Returns the derivations that neither the element's `block` nor its declared
    /// type's `block` allows.
    fn blocked(&self, element: &XsdElement) -> DerivationSet {
        let type_block = match self.components.type_definition(element.type_id) {
            Some(TypeDefinition::Complex(complex)) => complex.block,
            _ => DerivationSet::default(),
        };
        DerivationSet {
            extension: element.block.extension || type_block.extension,
            restriction: element.block.restriction || type_block.restriction,
            substitution: element.block.substitution || type_block.substitution,
        }
    }

    fn invalid(&self, value: &str, fault: String, help: String) -> Diagnostic {
        let name = self.name;
        self.site
            .validity(
                Code::InvalidAttributeValue,
                format!("xsi:type=\"{value}\" of element `{name}` {fault}"),
            )
            .with_found(value)
            .with_help(help)
    }
}
