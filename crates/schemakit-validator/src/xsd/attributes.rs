//! Attribute checks against a complex type's attribute uses: declared names,
//! required attributes, fixed values, values against their simple types and ID
//! bookkeeping. Namespace declarations and `xsi:` attributes are allowed on every
//! element.
//!
//! Findings are located at the attribute's name, or at the start tag for a missing
//! attribute.

use super::checker::{record_ids, Site};
use super::namespaces::{is_namespace_declaration, InScopeNamespaces, NameRef};
use super::values::{check_text, check_value, id_kind, simple_type, IdKind, ValueOwner};
use super::wildcards::describe_attribute_wildcard;
use super::XSI_NAMESPACE;
use crate::event::Attribute;
use crate::report::Findings;
use crate::validity::{quote_list, IdTable};
use schemakit_datatypes::SimpleType;
use schemakit_model::xsd::{
    AttributeUse, ComplexTypeDefinition, QName, ValueConstraint, XsdComponents,
};
use schemakit_model::{Code, ProcessContents, Wildcard};

/// The `xsi:type` and `xsi:nil` attributes of a start tag.
#[derive(Debug, Default)]
pub(super) struct XsiAttributes {
    pub(super) type_name: Option<String>,
    /// The value of `xsi:nil`, whitespace trimmed.
    pub(super) nil: Option<String>,
}

impl XsiAttributes {
    pub(super) fn read(attributes: &[Attribute], namespaces: &InScopeNamespaces) -> XsiAttributes {
        let mut xsi = XsiAttributes::default();
        for attribute in attributes {
            let name = namespaces.attribute_name_ref(&attribute.name);
            if name.namespace != Some(XSI_NAMESPACE) {
                continue;
            }
            match name.local {
                "type" => xsi.type_name = Some(attribute.value.trim().to_owned()),
                "nil" => xsi.nil = Some(attribute.value.trim().to_owned()),
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
    if attributes.is_empty() && !uses.iter().any(|used| used.required) {
        return;
    }

    let wildcard = complex.and_then(|complex| complex.attribute_wildcard.as_ref());
    // Attributes of type ID that the wildcard admitted, by name as written.
    let mut wildcard_ids: Vec<&str> = Vec::new();
    // Bit `i` is set when the start tag has the attribute of `uses[i]`, for the first
    // 64 uses. The check for missing required attributes looks the others up.
    let mut present_uses: u64 = 0;

    for attribute in attributes {
        let Some(name) = checked_name(attribute, namespaces) else {
            continue;
        };
        let attribute_site = Site {
            file: site.file,
            position: attribute.position,
            path: site.path,
        };

        let own_use = uses.iter().position(|used| name.is(&used.name));
        let declared = match own_use {
            Some(index) => {
                if let Some(bit) = use_bit(index) {
                    present_uses |= bit;
                }
                uses.get(index)
            }
            None => match wildcard.filter(|wildcard| wildcard.allows(name.namespace)) {
                Some(wildcard) => {
                    match wildcard_attribute(wildcard, components, &name.to_qname()) {
                        Ok(global) => global,
                        Err(()) => {
                            findings.push(strict_undeclared(
                                wildcard,
                                &name.to_qname(),
                                attribute,
                                element,
                                &attribute_site,
                            ));
                            None
                        }
                    }
                }
                None => {
                    findings.push(undeclared(
                        uses,
                        wildcard,
                        attribute,
                        element,
                        &attribute_site,
                    ));
                    None
                }
            },
        };
        // The declaration came through the wildcard when none of the type's own
        // attribute uses has the attribute's name.
        let by_wildcard = own_use.is_none() && declared.is_some();
        if by_wildcard && declared.is_some_and(|used| is_id(components, used)) {
            wildcard_ids.push(attribute.name.as_ref());
        }
        if let Some(used) = declared {
            let mut scope = AttributeScope {
                components,
                namespaces,
                site: &attribute_site,
                ids,
                findings,
            };
            check_attribute_value(used, attribute, element, &mut scope);
        }
    }

    if let Some(fault) = wildcard_id_fault(&wildcard_ids, uses, components) {
        findings.push(
            site.validity(
                Code::MultipleIdAttributes,
                format!("element `{element}` has more than one attribute of type ID: {fault}"),
            )
            .with_help("keep one ID attribute on the element and remove the others"),
        );
    }

    for (index, used) in uses.iter().enumerate() {
        if !used.required {
            continue;
        }
        let seen = use_bit(index).is_some_and(|bit| present_uses & bit != 0);
        let present = seen
            || attributes.iter().any(|attribute| {
                checked_name(attribute, namespaces).is_some_and(|name| name.is(&used.name))
            });
        if present {
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

/// Returns the bit of the attribute use at `index` in a set of the first 64 uses.
fn use_bit(index: usize) -> Option<u64> {
    u32::try_from(index)
        .ok()
        .and_then(|index| 1u64.checked_shl(index))
}

/// Resolves the name of `attribute` when the attribute is checked against the
/// type: namespace declarations and `xsi:` attributes are not.
fn checked_name<'a>(
    attribute: &'a Attribute,
    namespaces: &'a InScopeNamespaces,
) -> Option<NameRef<'a>> {
    if is_namespace_declaration(&attribute.name) {
        return None;
    }
    let name = namespaces.attribute_name_ref(&attribute.name);
    (name.namespace != Some(XSI_NAMESPACE)).then_some(name)
}

/// Returns the global declaration that an attribute `name` matched by `wildcard` is
/// checked against: required under `processContents="strict"` (`Err` when missing),
/// used when present under `lax`, and never looked up under `skip`.
fn wildcard_attribute<'c>(
    wildcard: &Wildcard,
    components: &'c XsdComponents,
    name: &QName,
) -> Result<Option<&'c AttributeUse>, ()> {
    match wildcard.process_contents {
        ProcessContents::Skip => Ok(None),
        ProcessContents::Lax => Ok(components.global_attributes.get(name)),
        ProcessContents::Strict => components.global_attributes.get(name).map(Some).ok_or(()),
    }
}

fn strict_undeclared(
    wildcard: &Wildcard,
    name: &QName,
    attribute: &Attribute,
    element: &str,
    site: &Site,
) -> schemakit_model::Diagnostic {
    let allowed = describe_attribute_wildcard(wildcard);
    site.validity(
        Code::UndeclaredAttribute,
        format!(
            "attribute `{}` of element `{element}` matches the wildcard for {allowed} with processContents=\"strict\", but the XSD declares no global attribute `{}`",
            attribute.name,
            name.clark()
        ),
    )
    .with_found(attribute.name.clone())
    .with_help(format!(
        "declare `{}` as a global attribute in the XSD, or remove the attribute",
        name.local
    ))
}

/// Tells whether the type of `used` is ID or derived from it.
fn is_id(components: &XsdComponents, used: &AttributeUse) -> bool {
    simple_type(components, used.type_id).and_then(id_kind) == Some(IdKind::Id)
}

/// Describes a breach of the rule that a wildcard may admit at most one attribute of
/// type ID, and only on a type whose attribute uses have none (XSD 1.0 Part 1,
/// section 3.4.4, clause 5).
fn wildcard_id_fault(
    wildcard_ids: &[&str],
    uses: &[AttributeUse],
    components: &XsdComponents,
) -> Option<String> {
    if wildcard_ids.is_empty() {
        return None;
    }

    let admitted = wildcard_ids
        .iter()
        .map(|name| format!("`{name}`"))
        .collect::<Vec<_>>()
        .join(", ");
    if wildcard_ids.len() > 1 {
        return Some(format!("the attribute wildcard admits {admitted}"));
    }
    let declared = uses.iter().find(|used| is_id(components, used))?;
    Some(format!(
        "the attribute wildcard admits {admitted}, and the type declares `{}` of type ID",
        declared.name.clark()
    ))
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
        ids: _,
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
    let fixed = match &used.value_constraint {
        Some(ValueConstraint::Fixed(fixed)) => Some(fixed),
        _ => None,
    };
    let Some(fixed) = fixed else {
        let checked = check_text(
            simple,
            &attribute.value,
            components,
            namespaces,
            owner,
            site,
        );
        match checked {
            Ok(()) => record_attribute_ids(simple, attribute, element, scope),
            Err(diagnostic) => findings.push(diagnostic),
        }
        return;
    };

    let value = match check_value(
        simple,
        &attribute.value,
        components,
        namespaces,
        owner,
        site,
    ) {
        Ok(value) => value,
        Err(diagnostic) => {
            findings.push(diagnostic);
            return;
        }
    };

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

    record_attribute_ids(simple, attribute, element, scope);
}

/// Records the ID or ID references in the valid value of `attribute`, of type
/// `simple`; `scope.site` is the attribute's.
fn record_attribute_ids(
    simple: &SimpleType,
    attribute: &Attribute,
    element: &str,
    scope: &mut AttributeScope,
) {
    if let Some(kind) = id_kind(simple) {
        let owner = format!("attribute `{}` of element `{element}`", attribute.name);
        record_ids(
            kind,
            &attribute.value,
            &owner,
            scope.site,
            scope.ids,
            scope.findings,
        );
    }
}

/// Reports an attribute that neither an attribute use nor `wildcard` allows.
fn undeclared(
    uses: &[AttributeUse],
    wildcard: Option<&Wildcard>,
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
        (None, true) if wildcard.is_some() => {
            "remove the attribute or put it in a namespace that the wildcard allows".to_owned()
        }
        (None, true) => format!("remove the attribute: `{element}` allows none"),
        (None, false) => format!(
            "remove the attribute or use one that `{element}` allows: {}",
            quote_list(&names, "or")
        ),
    };
    let message = match wildcard {
        Some(wildcard) => format!(
            "attribute `{}` is not declared for element `{element}`, whose attribute wildcard allows only {}",
            attribute.name,
            describe_attribute_wildcard(wildcard)
        ),
        None => format!(
            "attribute `{}` is not declared for element `{element}`",
            attribute.name
        ),
    };
    let mut diagnostic = site
        .validity(Code::UndeclaredAttribute, message)
        .with_found(attribute.name.clone())
        .with_help(help);
    if !names.is_empty() {
        diagnostic = diagnostic.with_expected(quote_list(&names, "or"));
    }
    diagnostic
}
