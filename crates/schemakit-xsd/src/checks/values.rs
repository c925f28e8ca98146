//! Lexical checks of attribute values on `xs:` elements.

use crate::names::{is_ncname, is_qname};

/// Checks the value of the attribute `name` of the `xs:` element `element` (whose
/// parent is `parent`), and returns what is wrong with it.
pub(crate) fn check_attribute_value(
    element: &str,
    parent: &str,
    name: &str,
    value: &str,
) -> Option<String> {
    let trimmed = value.trim_matches(|ch: char| matches!(ch, ' ' | '\t' | '\n' | '\r'));
    match name {
        "id" | "name" => (!is_ncname(trimmed)).then(|| "is not an NCName".to_owned()),
        "ref" | "type" | "base" | "itemType" | "refer" | "substitutionGroup" => {
            (!is_qname(trimmed)).then(|| "is not a QName".to_owned())
        }
        "memberTypes" => trimmed
            .split_ascii_whitespace()
            .any(|item| !is_qname(item))
            .then(|| "is not a list of QNames".to_owned()),
        "minOccurs" => check_min_occurs(element, parent, trimmed),
        "maxOccurs" => check_max_occurs(element, parent, trimmed),
        "abstract" | "nillable" | "mixed" => check_boolean(trimmed),
        "fixed" if element != "element" && element != "attribute" => check_boolean(trimmed),
        "form" | "elementFormDefault" | "attributeFormDefault" => {
            one_of(trimmed, &["qualified", "unqualified"])
        }
        "use" => one_of(trimmed, &["optional", "prohibited", "required"]),
        "processContents" => one_of(trimmed, &["skip", "lax", "strict"]),
        "block" => match element {
            "complexType" => derivation_set(trimmed, &["extension", "restriction"]),
            _ => derivation_set(trimmed, &["extension", "restriction", "substitution"]),
        },
        "blockDefault" => derivation_set(trimmed, &["extension", "restriction", "substitution"]),
        "final" => match element {
            "simpleType" => derivation_set(trimmed, &["list", "union", "restriction"]),
            _ => derivation_set(trimmed, &["extension", "restriction"]),
        },
        "finalDefault" => derivation_set(trimmed, &["extension", "restriction", "list", "union"]),
        "targetNamespace" if value.is_empty() => {
            Some("is empty: omit `targetNamespace` for a schema without a namespace".to_owned())
        }
        "namespace" if element == "import" && value.is_empty() => {
            Some("is empty: omit `namespace` to import names in no namespace".to_owned())
        }
        "namespace" if element == "any" || element == "anyAttribute" => {
            check_namespace_constraint(trimmed)
        }
        _ => None,
    }
}

/// Parses a nonNegativeInteger as XSD writes it (an optional `+`, digits), saturating
/// at `u32::MAX`.
pub(crate) fn parse_occurs(text: &str) -> Option<u32> {
    let digits = text.trim().strip_prefix('+').unwrap_or(text.trim());
    if digits.is_empty() || !digits.bytes().all(|byte| byte.is_ascii_digit()) {
        return None;
    }
    let significant = digits.trim_start_matches('0');
    if significant.len() > 10 {
        return Some(u32::MAX);
    }
    Some(
        significant
            .parse::<u64>()
            .map(|value| u32::try_from(value).unwrap_or(u32::MAX))
            .unwrap_or(0),
    )
}

fn check_min_occurs(element: &str, parent: &str, value: &str) -> Option<String> {
    let Some(min) = parse_occurs(value) else {
        return Some("is not a non-negative integer".to_owned());
    };
    let in_all = element == "all" || parent == "all";
    (in_all && min > 1).then(|| "must be 0 or 1 in an all-group".to_owned())
}

fn check_max_occurs(element: &str, parent: &str, value: &str) -> Option<String> {
    let in_all = element == "all" || parent == "all";
    if value == "unbounded" {
        return in_all.then(|| "must be 0 or 1 in an all-group, not unbounded".to_owned());
    }
    let Some(max) = parse_occurs(value) else {
        return Some("is neither a non-negative integer nor `unbounded`".to_owned());
    };
    if element == "all" && max != 1 {
        return Some("must be 1 on an all-group".to_owned());
    }
    (in_all && max > 1).then(|| "must be 0 or 1 in an all-group".to_owned())
}

fn check_boolean(value: &str) -> Option<String> {
    one_of(value, &["true", "false", "1", "0"])
}

fn one_of(value: &str, allowed: &[&str]) -> Option<String> {
    if allowed.contains(&value) {
        return None;
    }
    Some(format!("is not one of {}", quote_list(allowed)))
}

fn derivation_set(value: &str, allowed: &[&str]) -> Option<String> {
    if value == "#all" {
        return None;
    }
    let valid = value
        .split_ascii_whitespace()
        .all(|item| allowed.contains(&item));
    if valid {
        return None;
    }
    Some(format!(
        "is neither `#all` nor a list of {}",
        quote_list(allowed)
    ))
}

fn check_namespace_constraint(value: &str) -> Option<String> {
    if value == "##any" || value == "##other" {
        return None;
    }
    let valid = value
        .split_ascii_whitespace()
        .all(|item| !item.starts_with("##") || item == "##targetNamespace" || item == "##local");
    (!valid).then(|| {
        "is not `##any`, `##other` or a list of URIs, `##targetNamespace` and `##local`".to_owned()
    })
}

fn quote_list(items: &[&str]) -> String {
    items
        .iter()
        .map(|item| format!("`{item}`"))
        .collect::<Vec<_>>()
        .join(", ")
}

/// Returns whether `value` is `true` or `1`; the value was checked to be a boolean.
pub(crate) fn is_true(value: Option<&str>) -> bool {
    matches!(value.map(str::trim), Some("true" | "1"))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn attribute_value_table() {
        let cases = [
            ("element", "sequence", "minOccurs", "0", true),
            ("element", "sequence", "minOccurs", "-1", false),
            ("element", "sequence", "minOccurs", "+3", true),
            ("element", "sequence", "maxOccurs", "unbounded", true),
            ("element", "sequence", "maxOccurs", "x", false),
            ("element", "all", "maxOccurs", "2", false),
            ("element", "all", "maxOccurs", "unbounded", false),
            ("all", "complexType", "maxOccurs", "1", true),
            ("all", "complexType", "minOccurs", "2", false),
            ("element", "schema", "nillable", "yes", false),
            ("element", "schema", "nillable", "1", true),
            ("element", "schema", "name", "a:b", false),
            ("element", "schema", "id", "", false),
            ("element", "schema", "type", "xs:int", true),
            ("attribute", "complexType", "use", "mandatory", false),
            ("element", "schema", "final", "#all", true),
            ("simpleType", "schema", "final", "extension", false),
            ("minLength", "restriction", "fixed", "maybe", false),
            ("element", "schema", "fixed", "maybe", true),
            ("schema", "", "targetNamespace", "", false),
            ("union", "simpleType", "memberTypes", "a b:c", true),
            ("union", "simpleType", "memberTypes", "a 1b", false),
        ];
        for (element, parent, name, value, valid) in cases {
            let result = check_attribute_value(element, parent, name, value);
            assert_eq!(
                result.is_none(),
                valid,
                "{element}/@{name}={value:?}: {result:?}"
            );
        }
    }

    #[test]
    fn parse_occurs_table() {
        let cases = [
            ("0", Some(0)),
            ("+7", Some(7)),
            ("007", Some(7)),
            ("99999999999999", Some(u32::MAX)),
            ("-1", None),
            ("", None),
            ("1.0", None),
        ];
        for (text, expected) in cases {
            assert_eq!(parse_occurs(text), expected, "{text:?}");
        }
    }
}
