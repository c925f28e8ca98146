//! Attribute checks against a complex type's attribute uses: declared names,
//! required attributes, fixed values, values against their simple types and ID
//! bookkeeping. Namespace declarations and `xsi:` attributes are allowed on every
//! element.
//!
//! Findings are located at the attribute's name, or at the start tag for a missing
//! attribute.

use super::checker::{record_ids, Site};
use super::namespaces::{is_namespace_declaration, InScopeNamespaces};
use super::values::{check_value, id_kind, simple_type, ValueOwner};
use super::XSI_NAMESPACE;
use crate::event::Attribute;
use crate::report::Findings;
use crate::validity::{quote_list, IdTable};
use schemakit_model::xsd::{
    AttributeUse, ComplexTypeDefinition, QName, ValueConstraint, XsdComponents,
};
use schemakit_model::Code;

/// The `xsi:type` and `xsi:nil` attributes of a start tag.
#[derive(Debug, Default)]
pub(super) struct XsiAttributes {
    pub(super) type_name: Option<String>,
    /// `Some(true)` for `xsi:nil="true"` or `"1"`.
    pub(super) nil: Option<bool>,
}

impl XsiAttributes {
    pub(super) fn read(attributes: &[Attribute], namespaces: &InScopeNamespaces) -> XsiAttributes {
        let mut xsi = XsiAttributes::default();
        for attribute in attributes {
            let name = namespaces.attribute_name(&attribute.name);
            if name.namespace.as_deref() != Some(XSI_NAMESPACE) {
                continue;
            }
            match name.local.as_str() {
                "type" => xsi.type_name = Some(attribute.value.trim().to_owned()),
                "nil" => xsi.nil = Some(matches!(attribute.value.trim(), "true" | "1")),
                _ => {}
            }
        }
        xsi
    }
}

/// The components and state that the attribute checks of one start tag use.
pub(super) struct AttributeScope<'a, 'f> {
    pub(super) components: &'a XsdComponents,
    pub(super) namespaces: &'a InScopeNamespaces,
    /// The start tag.
    pub(super) site: &'a Site<'a>,
    pub(super) ids: &'a mut IdTable,
    pub(super) findings: &'f mut Findings,
}

/// Checks the attributes of the start tag of `element` against `complex`, its type;
/// `None` for a simple type, which allows no attributes.
pub(super) fn check_attributes(
    complex: Option<&ComplexTypeDefinition>,
    attributes: &[Attribute],
    element: &str,
    scope: &mut AttributeScope,
) {
    let AttributeScope {
        components,
        namespaces,
        site,
        ids,
        findings,
    } = scope;
    let (components, namespaces, site) = (*components, *namespaces, *site);
    let uses: &[AttributeUse] = complex.map_or(&[], |complex| complex.attributes.as_slice());
    let any_attribute = complex.is_some_and(|complex| complex.attribute_wildcard.is_some());
    let mut present: Vec<QName> = Vec::with_capacity(attributes.len());

    for attribute in attributes {
        if is_namespace_declaration(&attribute.name) {
            continue;
        }
        let name = namespaces.attribute_name(&attribute.name);
        if name.namespace.as_deref() == Some(XSI_NAMESPACE) {
            continue;
        }
        let attribute_site = Site {
            file: site.file,
            position: attribute.position,
            path: site.path,
        };

        let declared = uses.iter().find(|used| used.name == name).or_else(|| {
            // A wildcard admits any attribute; one with a global declaration is
            // still checked against it.
            any_attribute
                .then(|| components.global_attributes.get(&name))
                .flatten()
        });
        match declared {
            Some(used) => {
                let mut scope = AttributeScope {
                    components,
                    namespaces,
                    site: &attribute_site,
                    ids,
                    findings,
                };
                check_attribute_value(used, attribute, element, &mut scope);
            }
            None if any_attribute => {}
            None => findings.push(undeclared(uses, attribute, element, &attribute_site)),
        }
        present.push(name);
    }

    for used in uses.iter().filter(|used| used.required) {
        if present.contains(&used.name) {
            continue;
        }
        let name = used.name.clark();
        findings.push(
            site.validity(
                Code::MissingRequiredAttribute,
                format!("element `{element}` lacks the required attribute `{name}`"),
            )
            .with_expected(format!("`{name}`"))
            .with_help(format!("add {}=\"...\" to `{element}`", used.name.local)),
        );
    }
}

/// Checks the value of `attribute` against `used`; `scope.site` is the attribute's.
fn check_attribute_value(
    used: &AttributeUse,
    attribute: &Attribute,
    element: &str,
    scope: &mut AttributeScope,
) {
    let AttributeScope {
        components,
        namespaces,
        site,
        ids,
        findings,
    } = scope;
    let (components, namespaces, site) = (*components, *namespaces, *site);
    let Some(simple) = simple_type(components, used.type_id) else {
        return;
    };
    let owner = ValueOwner::Attribute {
        element,
        attribute: &attribute.name,
    };
    let value = match check_value(simple, &attribute.value, namespaces, owner, site) {
        Ok(value) => value,
        Err(diagnostic) => {
            findings.push(diagnostic);
            return;
        }
    };

    if let Some(ValueConstraint::Fixed(fixed)) = &used.value_constraint {
        // A fixed value outside its type is the schema's fault, reported by the loader.
        let fixed_value = simple.validate(fixed, namespaces);
        if fixed_value.is_ok_and(|fixed_value| fixed_value != value) {
            findings.push(
                site.validity(
                    Code::FixedAttributeMismatch,
                    format!(
                        "attribute `{}` of element `{element}` must have the fixed value \"{fixed}\"",
                        attribute.name
                    ),
                )
                .with_expected(fixed.clone())
                .with_found(attribute.value.clone())
                .with_help(format!(
                    "change the value to \"{fixed}\" or remove the attribute"
                )),
            );
        }
    }

    if let Some(kind) = id_kind(simple) {
        let owner = format!("attribute `{}` of element `{element}`", attribute.name);
        record_ids(kind, &attribute.value, &owner, site, ids, findings);
    }
}

fn undeclared(
    uses: &[AttributeUse],
    attribute: &Attribute,
    element: &str,
    site: &Site,
) -> schemakit_model::Diagnostic {
    let names: Vec<String> = uses.iter().map(|used| used.name.clark()).collect();
    let names: Vec<&str> = names.iter().map(String::as_str).collect();
    let similar = names
        .iter()
        .find(|candidate| candidate.eq_ignore_ascii_case(&attribute.name));
    let help = match (similar, names.is_empty()) {
        (Some(candidate), _) => {
            format!("attribute names are case-sensitive: did you mean `{candidate}`?")
        }
        (None, true) => format!("remove the attribute: `{element}` allows none"),
        (None, false) => format!(
            "remove the attribute or use one that `{element}` allows: {}",
            quote_list(&names, "or")
        ),
    };
    let mut diagnostic = site
        .validity(
            Code::UndeclaredAttribute,
            format!(
                "attribute `{}` is not declared for element `{element}`",
                attribute.name
            ),
        )
        .with_found(attribute.name.clone())
        .with_help(help);
    if !names.is_empty() {
        diagnostic = diagnostic.with_expected(quote_list(&names, "or"));
    }
    diagnostic
}
