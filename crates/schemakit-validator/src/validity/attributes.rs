//! Attribute checks: declared names, required attributes, #FIXED values, defaults,
//! token normalization and the declared types, including ID and IDREF bookkeeping.
//!
//! Findings are located at the element's start tag (as xmllint reports them) and
//! name the attribute in the message.

use super::ids::IdTable;
use super::messages::quote_list;
use super::Site;
use crate::event::Attribute;
use crate::report::Findings;
use schemakit_model::{
    chars, AttributeDecl, AttributeType, Code, DefaultDecl, Diagnostic, DiagnosticKind,
    ElementDecl, EntityValue, Position, Schema,
};
use std::borrow::Cow;

/// Checks the attributes of a start tag at `site` against `element`'s declarations.
#[inline]
pub(crate) fn check_attributes(
    element: &ElementDecl,
    attributes: &[Attribute],
    site: &Site,
    ids: &mut IdTable,
    findings: &mut Findings,
) {
    if attributes.is_empty() && element.attributes.is_empty() {
        return;
    }
    check_present_and_absent(element, attributes, site, ids, findings);
}

// Out of line, so that the check of an element without attributes costs only the
// test above.
#[inline(never)]
fn check_present_and_absent(
    element: &ElementDecl,
    attributes: &[Attribute],
    site: &Site,
    ids: &mut IdTable,
    findings: &mut Findings,
) {
    let element_name = site.schema.name(element.name);

    for attribute in attributes {
        match declaration(element, &attribute.name) {
            Some(decl) => check_value(decl, attribute, element_name, site, ids, findings),
            None => findings.push(undeclared(element, attribute, site)),
        }
    }

    for decl in element.attributes.values() {
        if attributes
            .iter()
            .any(|attribute| attribute.name == decl.name)
        {
            continue;
        }
        check_absent(decl, element_name, site, ids, findings);
    }
}

/// How many attribute declarations an element may have for its attributes to be
/// found by a linear scan, which is cheaper than hashing the name for a short list.
const MAX_SCANNED_DECLARATIONS: usize = 8;

/// Returns the declaration of the attribute `name` of `element`.
fn declaration<'e>(element: &'e ElementDecl, name: &str) -> Option<&'e AttributeDecl> {
    if element.attributes.len() > MAX_SCANNED_DECLARATIONS {
        return element.attributes.get(name);
    }
    element
        .attributes
        .iter()
        .find(|(declared, _)| declared.as_str() == name)
        .map(|(_, decl)| decl)
}

/// Applies token normalization (XML 1.0 section 3.3.3) for every declared type but
/// CDATA: leading and trailing spaces are removed and runs of spaces become one.
pub(crate) fn normalize<'v>(ty: &AttributeType, value: &'v str) -> Cow<'v, str> {
    if !ty.is_tokenized() || is_token_normalized(value) {
        return Cow::Borrowed(value);
    }
    let normalized = value
        .split(' ')
        .filter(|token| !token.is_empty())
        .collect::<Vec<_>>()
        .join(" ");
    if normalized == value {
        Cow::Borrowed(value)
    } else {
        Cow::Owned(normalized)
    }
}

/// Returns whether `value` has no leading, trailing or repeated space, so token
/// normalization would leave it unchanged.
fn is_token_normalized(value: &str) -> bool {
    let bytes = value.as_bytes();
    if bytes.first() == Some(&b' ') || bytes.last() == Some(&b' ') {
        return false;
    }
    !bytes.windows(2).any(|pair| pair == b"  ")
}

fn check_value(
    decl: &AttributeDecl,
    attribute: &Attribute,
    element_name: &str,
    site: &Site,
    ids: &mut IdTable,
    findings: &mut Findings,
) {
    let value = normalize(&decl.ty, &attribute.value);

    if site.standalone && decl.external_markup && value != attribute.value.as_ref() {
        let message = format!(
            "the value of attribute `{}` changes under token normalization, which a document declared standalone=\"yes\" may not rely on because `{}` is declared in external markup",
            decl.name, decl.name
        );
        findings.push(
            attribute_error(Code::StandaloneViolation, message, site, attribute.position)
                .with_found(attribute.value.clone())
                .with_expected(value.to_string())
                .with_help("write the value without leading, trailing or repeated spaces, or remove standalone=\"yes\""),
        );
    }

    if let DefaultDecl::Fixed(fixed) = &decl.default {
        let fixed = normalize(&decl.ty, fixed);
        if value != fixed {
            let message = format!(
                "attribute `{}` of `{element_name}` must have the #FIXED value \"{fixed}\"",
                decl.name
            );
            findings.push(
                attribute_error(
                    Code::FixedAttributeMismatch,
                    message,
                    site,
                    attribute.position,
                )
                .with_expected(fixed.to_string())
                .with_found(value.to_string())
                .with_help(format!(
                    "set `{}` to \"{fixed}\" or leave it out",
                    decl.name
                )),
            );
            return;
        }
    }

    let problem = type_problem(&decl.ty, &value, site.schema).or_else(|| {
        site.namespaces
            .then(|| namespace_problem(&decl.ty, &value))
            .flatten()
    });
    if let Some(problem) = problem {
        let message = format!(
            "invalid value \"{value}\" for attribute `{}` of `{element_name}`: {}",
            decl.name, problem.reason
        );
        let mut diagnostic = attribute_error(
            Code::InvalidAttributeValue,
            message,
            site,
            attribute.position,
        )
        .with_expected(problem.expected)
        .with_found(value.to_string());
        if let Some(help) = problem.help {
            diagnostic = diagnostic.with_help(help);
        }
        findings.push(diagnostic);
        return;
    }

    record_ids(decl, &value, site.position, site, ids, findings);
}

/// Records ID values and IDREF(S) references of a value that passed the type check.
fn record_ids(
    decl: &AttributeDecl,
    value: &str,
    position: Position,
    site: &Site,
    ids: &mut IdTable,
    findings: &mut Findings,
) {
    match decl.ty {
        AttributeType::Id => {
            if let Err(first) = ids.define(value, position) {
                let message = format!(
                    "ID \"{value}\" is already used by another element (first at {}:{})",
                    first.line, first.column
                );
                findings.push(
                    attribute_error(Code::DuplicateId, message, site, position)
                        .with_found(value.to_owned())
                        .with_help("give each element a unique ID value"),
                );
            }
        }
        AttributeType::IdRef | AttributeType::IdRefs => {
            for target in value.split(' ').filter(|token| !token.is_empty()) {
                ids.reference(target, &decl.name, position, || site.path.render());
            }
        }
        _ => {}
    }
}

fn check_absent(
    decl: &AttributeDecl,
    element_name: &str,
    site: &Site,
    ids: &mut IdTable,
    findings: &mut Findings,
) {
    match &decl.default {
        DefaultDecl::Required => {
            let message = format!(
                "missing required attribute `{}` on `{element_name}`",
                decl.name
            );
            findings.push(
                attribute_error(Code::MissingRequiredAttribute, message, site, site.position)
                    .with_expected(format!(
                        "{}=\"...\" ({})",
                        decl.name,
                        decl.ty.to_dtd_syntax()
                    ))
                    .with_help(format!(
                        "add the attribute `{}` to the start tag",
                        decl.name
                    )),
            );
        }
        DefaultDecl::Implied => {}
        DefaultDecl::Default(default) | DefaultDecl::Fixed(default) => {
            if site.standalone && decl.external_markup {
                let message = format!(
                    "attribute `{}` of `{element_name}` takes its default value from external markup, which a document declared standalone=\"yes\" may not rely on",
                    decl.name
                );
                findings.push(
                    attribute_error(Code::StandaloneViolation, message, site, site.position)
                        .with_expected(format!("{}=\"{default}\"", decl.name))
                        .with_help(format!(
                            "write {}=\"{default}\" in the start tag, or remove standalone=\"yes\"",
                            decl.name
                        )),
                );
            }

            // A defaulted IDREF must still name an existing ID.
            if matches!(decl.ty, AttributeType::IdRef | AttributeType::IdRefs) {
                let value = normalize(&decl.ty, default);
                for target in value.split(' ').filter(|token| !token.is_empty()) {
                    ids.reference(target, &decl.name, site.position, || site.path.render());
                }
            }
        }
    }
}

/// The reason a value does not match its declared type.
struct TypeProblem {
    reason: String,
    expected: String,
    help: Option<String>,
}

impl TypeProblem {
    fn new(reason: impl Into<String>, expected: impl Into<String>) -> Self {
        TypeProblem {
            reason: reason.into(),
            expected: expected.into(),
            help: None,
        }
    }
}

/// Checks a normalized value against its declared type. ID and IDREF values are
/// checked as names here; their uniqueness and targets are checked by the caller.
fn type_problem(ty: &AttributeType, value: &str, schema: &Schema) -> Option<TypeProblem> {
    if matches!(ty, AttributeType::Cdata) {
        return None;
    }

    let tokens: Vec<&str> = value.split(' ').filter(|token| !token.is_empty()).collect();
    match ty {
        AttributeType::Cdata => None,
        AttributeType::Id | AttributeType::IdRef => (!chars::is_name(value)).then(|| {
            TypeProblem::new(
                format!("{} values must be XML names", ty.to_dtd_syntax()),
                "a Name",
            )
        }),
        AttributeType::IdRefs => names_problem(&tokens, "IDREFS"),
        AttributeType::NmToken => (!chars::is_nmtoken(value)).then(|| {
            TypeProblem::new(
                "NMTOKEN values may contain only name characters",
                "an Nmtoken",
            )
        }),
        AttributeType::NmTokens => {
            if tokens.is_empty() || !tokens.iter().all(|token| chars::is_nmtoken(token)) {
                return Some(TypeProblem::new(
                    "NMTOKENS values are name tokens separated by spaces",
                    "Nmtokens",
                ));
            }
            None
        }
        AttributeType::Entity => entities_problem(&[value], schema, "ENTITY"),
        AttributeType::Entities => entities_problem(&tokens, schema, "ENTITIES"),
        AttributeType::Enumeration(allowed) => {
            (!allowed.iter().any(|candidate| candidate == value)).then(|| {
                let allowed: Vec<&str> = allowed.iter().map(String::as_str).collect();
                TypeProblem::new(
                    format!("allowed values are {}", quote_list(&allowed, "and")),
                    allowed.join(" | "),
                )
            })
        }
        AttributeType::Notation(allowed) => {
            let names: Vec<&str> = allowed.iter().map(String::as_str).collect();
            if !allowed.iter().any(|candidate| candidate == value) {
                return Some(TypeProblem::new(
                    format!("allowed notations are {}", quote_list(&names, "and")),
                    names.join(" | "),
                ));
            }
            if !schema.notations.contains_key(value) {
                let mut problem = TypeProblem::new(
                    format!("notation `{value}` is not declared"),
                    names.join(" | "),
                );
                problem.help = Some(format!(
                    "declare it with <!NOTATION {value} SYSTEM \"...\">"
                ));
                return Some(problem);
            }
            None
        }
        _ => None,
    }
}

/// Namespaces in XML 1.0 (section 7) requires the values of ID, IDREF(S),
/// ENTITY(IES) and NOTATION attributes to be NCNames: names without a colon.
fn namespace_problem(ty: &AttributeType, value: &str) -> Option<TypeProblem> {
    let names_only = matches!(
        ty,
        AttributeType::Id
            | AttributeType::IdRef
            | AttributeType::IdRefs
            | AttributeType::Entity
            | AttributeType::Entities
            | AttributeType::Notation(_)
    );
    (names_only && value.contains(':')).then(|| {
        let mut problem = TypeProblem::new(
            format!(
                "{} values may not contain a colon when namespaces are checked",
                ty.to_dtd_syntax()
            ),
            "an NCName (a name without a colon)",
        );
        problem.help =
            Some("rename the value, or check without namespaces (--no-namespaces)".to_owned());
        problem
    })
}

fn names_problem(tokens: &[&str], type_name: &str) -> Option<TypeProblem> {
    if tokens.is_empty() || !tokens.iter().all(|token| chars::is_name(token)) {
        return Some(TypeProblem::new(
            format!("{type_name} values are XML names separated by spaces"),
            "Names",
        ));
    }
    None
}

/// ENTITY and ENTITIES values must name declared unparsed entities.
fn entities_problem(tokens: &[&str], schema: &Schema, type_name: &str) -> Option<TypeProblem> {
    if let Some(problem) = names_problem(tokens, type_name) {
        return Some(problem);
    }
    for token in tokens {
        let unparsed = matches!(
            schema
                .general_entities
                .get(*token)
                .map(|entity| &entity.value),
            Some(EntityValue::External {
                notation: Some(_),
                ..
            })
        );
        if !unparsed {
            let mut problem = TypeProblem::new(
                format!("`{token}` is not a declared unparsed entity"),
                "the name of an unparsed entity",
            );
            problem.help = Some(format!(
                "declare it with <!ENTITY {token} SYSTEM \"...\" NDATA notation>"
            ));
            return Some(problem);
        }
    }
    None
}

fn attribute_error(code: Code, message: String, site: &Site, position: Position) -> Diagnostic {
    Diagnostic::error(DiagnosticKind::Validity, code, message)
        .at(Some(site.file), position)
        .with_path(site.path.render())
}

fn undeclared(element: &ElementDecl, attribute: &Attribute, site: &Site) -> Diagnostic {
    let element_name = site.schema.name(element.name);
    let declared: Vec<&str> = element.attributes.keys().map(String::as_str).collect();
    let message = format!(
        "attribute `{}` is not declared for element `{element_name}`",
        attribute.name
    );
    let (expected, help) = if declared.is_empty() {
        (
            "no attributes".to_owned(),
            format!(
                "`{element_name}` declares no attributes, so remove `{}`",
                attribute.name
            ),
        )
    } else {
        (
            declared.join(", "),
            format!(
                "`{element_name}` declares {}; check the spelling or remove `{}`",
                quote_list(&declared, "and"),
                attribute.name
            ),
        )
    };
    attribute_error(Code::UndeclaredAttribute, message, site, attribute.position)
        .with_expected(expected)
        .with_found(attribute.name.clone())
        .with_help(help)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn normalize_collapses_spaces_for_tokens_only() {
        assert_eq!(normalize(&AttributeType::NmTokens, "  a   b "), "a b");
        assert_eq!(normalize(&AttributeType::Cdata, "  a   b "), "  a   b ");
        assert!(matches!(
            normalize(&AttributeType::Id, "a"),
            Cow::Borrowed(_)
        ));
    }

    #[test]
    fn type_checks_table() {
        let schema = Schema::new(schemakit_model::SchemaKind::Dtd);
        let enumeration = AttributeType::Enumeration(vec!["yes".to_owned(), "no".to_owned()]);
        let cases: &[(&AttributeType, &str, bool)] = &[
            (&AttributeType::Id, "a1", true),
            (&AttributeType::Id, "1a", false),
            (&AttributeType::IdRef, "a:b", true),
            (&AttributeType::IdRefs, "a b c", true),
            (&AttributeType::IdRefs, "", false),
            (&AttributeType::IdRefs, "a 2", false),
            (&AttributeType::NmToken, "2a", true),
            (&AttributeType::NmToken, "a b", false),
            (&AttributeType::NmTokens, "1 2", true),
            (&AttributeType::NmTokens, "", false),
            (&enumeration, "yes", true),
            (&enumeration, "maybe", false),
            (&AttributeType::Entity, "pic", false),
            (&AttributeType::Cdata, "", true),
        ];
        for (ty, value, ok) in cases {
            assert_eq!(
                type_problem(ty, value, &schema).is_none(),
                *ok,
                "{} {value:?}",
                ty.to_dtd_syntax()
            );
        }
    }
}
