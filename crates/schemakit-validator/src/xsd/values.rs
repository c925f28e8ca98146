//! Simple-type values: element text and attribute values checked against their
//! simple types, and the ID types whose values the ID table tracks.

use super::checker::Site;
use schemakit_datatypes::{
    BuiltinType, FacetKind, NamespaceLookup, SimpleType, Value, ValueError, Variety,
};
use schemakit_model::xsd::{QName, TypeDefinition, TypeId, XsdComponents};
use schemakit_model::{Code, Diagnostic};

/// The owner of a value, for messages.
#[derive(Clone, Copy, Debug)]
pub(super) enum ValueOwner<'a> {
    /// The text of the element with this name.
    Element(&'a str),
    /// The attribute `attribute` of the element `element`.
    Attribute {
        element: &'a str,
        attribute: &'a str,
    },
}

/// The ID types of XSD 1.0 Part 2, whose values are unique (`ID`) or must name an
/// ID of the document (`IDREF`, `IDREFS`).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(super) enum IdKind {
    Id,
    IdRef,
    IdRefs,
}

/// Returns the simple type defined at `id`; `None` for a complex or missing type.
pub(super) fn simple_type(components: &XsdComponents, id: TypeId) -> Option<&SimpleType> {
    match components.type_definition(id)? {
        TypeDefinition::Simple(simple) => Some(&simple.simple),
        TypeDefinition::Complex(_) => None,
    }
}

/// Tells whether values of `simple` are IDs or references to IDs, by its nearest
/// built-in ancestor (a list of `IDREF` counts as `IDREFS`).
#[inline]
pub(super) fn id_kind(simple: &SimpleType) -> Option<IdKind> {
    match &simple.variety {
        Variety::Atomic { builtin } => atomic_id_kind(*builtin),
        Variety::List { item } => list_id_kind(item),
        Variety::Union { .. } => None,
    }
}

fn atomic_id_kind(builtin: BuiltinType) -> Option<IdKind> {
    match builtin {
        BuiltinType::Id => Some(IdKind::Id),
        BuiltinType::IdRef => Some(IdKind::IdRef),
        BuiltinType::IdRefs => Some(IdKind::IdRefs),
        _ => None,
    }
}

/// Returns the ID kind of a list of `item`: `IDREFS` for a list of `IDREF`.
fn list_id_kind(item: &SimpleType) -> Option<IdKind> {
    match id_kind(item) {
        Some(IdKind::IdRef) => Some(IdKind::IdRefs),
        _ => None,
    }
}

/// Checks `text` against `simple`, and each NOTATION in it against the notations of
/// `components`. Returns the value, or the finding that names the facet the value
/// broke or the undeclared notation.
pub(super) fn check_value(
    simple: &SimpleType,
    text: &str,
    components: &XsdComponents,
    namespaces: &dyn NamespaceLookup,
    owner: ValueOwner,
    site: &Site,
) -> Result<Value, Diagnostic> {
    let value = simple
        .validate(text, namespaces)
        .map_err(|error| invalid_value(simple, text, &error, owner, site))?;

    match undeclared_notation(&value, components) {
        Some(notation) => Err(undeclared_notation_finding(
            &notation, text, components, owner, site,
        )),
        None => Ok(value),
    }
}

/// Checks `text` as [`check_value`] does, building no value where the type's facets
/// can be checked on the text.
pub(super) fn check_text(
    simple: &SimpleType,
    text: &str,
    components: &XsdComponents,
    namespaces: &dyn NamespaceLookup,
    owner: ValueOwner,
    site: &Site,
) -> Result<(), Diagnostic> {
    if may_hold_notation(simple) {
        return check_value(simple, text, components, namespaces, owner, site).map(drop);
    }
    simple
        .check(text, namespaces)
        .map_err(|error| invalid_value(simple, text, &error, owner, site))
}

/// Tells whether values of `simple` can contain a NOTATION, whose declaration
/// [`check_value`] looks up.
#[inline]
fn may_hold_notation(simple: &SimpleType) -> bool {
    match &simple.variety {
        Variety::Atomic { builtin } => *builtin == BuiltinType::Notation,
        _ => members_may_hold_notation(simple),
    }
}

/// Tells whether the item or member types of a list or union type can contain a
/// NOTATION.
fn members_may_hold_notation(simple: &SimpleType) -> bool {
    match &simple.variety {
        Variety::Atomic { builtin } => *builtin == BuiltinType::Notation,
        Variety::List { item } => may_hold_notation(item),
        Variety::Union { members } => members.iter().any(may_hold_notation),
    }
}

/// Returns the first NOTATION in `value` that names no notation declaration.
fn undeclared_notation(value: &Value, components: &XsdComponents) -> Option<QName> {
    match value {
        Value::Notation { namespace, local } => {
            let name = QName::new(namespace.as_deref(), local);
            (!components.notations.contains_key(&name)).then_some(name)
        }
        Value::List(items) => items
            .iter()
            .find_map(|item| undeclared_notation(item, components)),
        _ => None,
    }
}

fn undeclared_notation_finding(
    notation: &QName,
    text: &str,
    components: &XsdComponents,
    owner: ValueOwner,
    site: &Site,
) -> Diagnostic {
    let name = notation.clark();
    let message = match owner {
        ValueOwner::Element(element) => format!(
            "element `{element}` names the notation `{name}`, which the XSD does not declare"
        ),
        ValueOwner::Attribute { element, attribute } => format!(
            "attribute `{attribute}` of element `{element}` names the notation `{name}`, which the XSD does not declare"
        ),
    };
    let declared: Vec<String> = components.notations.keys().map(QName::clark).collect();
    let help = match declared.is_empty() {
        true => "declare the notation with xs:notation in the XSD".to_owned(),
        false => format!(
            "name a declared notation ({}) or declare this one with xs:notation",
            declared.join(", ")
        ),
    };
    site.validity(Code::UndeclaredNotation, message)
        .with_found(text)
        .with_help(help)
}

fn invalid_value(
    simple: &SimpleType,
    text: &str,
    error: &ValueError,
    owner: ValueOwner,
    site: &Site,
) -> Diagnostic {
    let message = match owner {
        ValueOwner::Element(element) => {
            format!(
                "element `{element}` has an invalid value: {}",
                error.message
            )
        }
        ValueOwner::Attribute { element, attribute } => format!(
            "attribute `{attribute}` of element `{element}` has an invalid value: {}",
            error.message
        ),
    };
    let mut diagnostic = site
        .validity(Code::InvalidValue, message)
        .with_found(text)
        .with_help(value_help(simple, error));
    if let Some(expected) = &error.expected {
        diagnostic = diagnostic.with_expected(expected.clone());
    }
    diagnostic
}

/// Suggests a fix for a value that broke `error.facet`.
fn value_help(simple: &SimpleType, error: &ValueError) -> String {
    let type_name = simple.name.as_deref().map_or_else(
        || "the declared type".to_owned(),
        |name| format!("type `{name}`"),
    );
    let expected = error
        .expected
        .as_deref()
        .unwrap_or("what the schema allows");
    match error.facet {
        None => format!("write a value of {type_name}"),
        // The message lists the allowed values already.
        Some(FacetKind::Enumeration) => format!("use one of the allowed values of {type_name}"),
        Some(FacetKind::Pattern) => format!("change the value to match the pattern {expected}"),
        Some(FacetKind::Length | FacetKind::MinLength | FacetKind::MaxLength) => {
            format!("change the value's length to {expected}")
        }
        Some(
            FacetKind::MinInclusive
            | FacetKind::MinExclusive
            | FacetKind::MaxInclusive
            | FacetKind::MaxExclusive,
        ) => format!("use a value {expected}"),
        Some(FacetKind::TotalDigits | FacetKind::FractionDigits) => {
            format!("write the number with {expected}")
        }
        Some(FacetKind::WhiteSpace) => format!("write a value of {type_name}"),
    }
}
