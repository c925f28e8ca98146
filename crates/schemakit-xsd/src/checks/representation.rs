//! Representation constraints of XSD 1.0 on attribute combinations (the `src-*`
//! rules): `name` versus `ref`, `type` versus an inline type, `default` versus
//! `fixed`, and the like.

use crate::document::{is_xsd, SchemaDocument};
use crate::errors::Reporter;
use crate::names::XSI_NAMESPACE;
use schemakit_model::Code;

/// Reports the representation constraints that `node`, an `xs:` element called
/// `local` inside `parent`, breaks.
pub(crate) fn check_representation(
    node: roxmltree::Node<'_, '_>,
    local: &str,
    parent: &str,
    document: &SchemaDocument<'_>,
    reporter: &mut Reporter,
) {
    let mut problems: Vec<String> = Vec::new();
    let has = |name: &str| node.attribute(name).is_some();
    let has_child = |name: &str| node.children().any(|child| is_xsd(child, name));
    let top = parent == "schema";

    match local {
        "element" | "attribute" => {
            if !top {
                match (has("name"), has("ref")) {
                    (true, true) => {
                        problems.push(format!("`xs:{local}` has both `name` and `ref`: keep one"))
                    }
                    (false, false) => problems.push(format!(
                        "`xs:{local}` has neither `name` nor `ref`: add one"
                    )),
                    _ => {}
                }
                if has("ref") {
                    let excluded: &[&str] = if local == "element" {
                        &[
                            "type",
                            "nillable",
                            "default",
                            "fixed",
                            "form",
                            "block",
                            "complexType",
                            "simpleType",
                            "key",
                            "keyref",
                            "unique",
                        ]
                    } else {
                        &["type", "form", "simpleType"]
                    };
                    for name in excluded {
                        if has(name) || has_child(name) {
                            problems.push(format!("`xs:{local}` with `ref` cannot have `{name}`: move it to the referenced declaration or remove it"));
                        }
                    }
                }
            }
            if has("default") && has("fixed") {
                problems.push(format!(
                    "`xs:{local}` has both `default` and `fixed`: keep one"
                ));
            }
            if has("type") && (has_child("simpleType") || has_child("complexType")) {
                problems.push(format!(
                    "`xs:{local}` has both a `type` attribute and an inline type: keep one"
                ));
            }
            if local == "attribute" {
                let use_value = node.attribute("use").map(str::trim);
                if has("default") && use_value.is_some_and(|value| value != "optional") {
                    problems.push("an `xs:attribute` with `default` must be optional: remove `use` or the default".to_owned());
                }
                if node.attribute("name").map(str::trim) == Some("xmlns") {
                    problems.push("an attribute cannot be called `xmlns`, which declares namespaces: rename it".to_owned());
                }
                if in_xsi_namespace(node, top, document) {
                    problems.push(format!("an attribute cannot be declared in the namespace {XSI_NAMESPACE}, which is reserved for instance attributes: use another target namespace"));
                }
            }
        }
        "restriction" if parent == "simpleType" => match (has("base"), has_child("simpleType")) {
            (true, true) => problems.push(
                "`xs:restriction` has both `base` and an inline `xs:simpleType`: keep one"
                    .to_owned(),
            ),
            (false, false) => problems.push(
                "`xs:restriction` has neither `base` nor an inline `xs:simpleType`: add one"
                    .to_owned(),
            ),
            _ => {}
        },
        "list" => match (has("itemType"), has_child("simpleType")) {
            (true, true) => problems.push(
                "`xs:list` has both `itemType` and an inline `xs:simpleType`: keep one".to_owned(),
            ),
            (false, false) => problems.push(
                "`xs:list` has neither `itemType` nor an inline `xs:simpleType`: add one"
                    .to_owned(),
            ),
            _ => {}
        },
        "union" => {
            let members = node
                .attribute("memberTypes")
                .unwrap_or("")
                .split_ascii_whitespace()
                .count();
            if members == 0 && !has_child("simpleType") {
                problems.push(
                    "`xs:union` has no member types: add `memberTypes` or inline `xs:simpleType`s"
                        .to_owned(),
                );
            }
        }
        "import" => {
            let namespace = node.attribute("namespace");
            let own = document.schema().attribute("targetNamespace");
            if namespace == own {
                problems.push(match own {
                    Some(own) => format!("a schema cannot import its own target namespace `{own}`: use `xs:include` instead"),
                    None => "a schema without a target namespace cannot import names in no namespace: give `xs:import` a `namespace`".to_owned(),
                });
            }
        }
        _ => {}
    }

    for message in problems {
        let position = document.position(node.range().start);
        reporter.schema_error(Code::SchemaConstraint, message, &document.name, position);
    }

    report_unsupported(node, local, document, reporter);
}

/// Returns whether the attribute declared by `node` is in the XSI namespace.
fn in_xsi_namespace(
    node: roxmltree::Node<'_, '_>,
    top: bool,
    document: &SchemaDocument<'_>,
) -> bool {
    if document.target_namespace.as_deref() != Some(XSI_NAMESPACE)
        || node.attribute("ref").is_some()
    {
        return false;
    }
    let qualified = match node.attribute("form").map(str::trim) {
        Some(form) => form == "qualified",
        None => document.attribute_form_qualified,
    };
    top || qualified
}

/// Reports the XSD 1.0 constructs that the loader does not support.
fn report_unsupported(
    node: roxmltree::Node<'_, '_>,
    local: &str,
    document: &SchemaDocument<'_>,
    reporter: &mut Reporter,
) {
    let message = match local {
        "unique" | "key" | "keyref" => Some(format!("identity constraints (`xs:{local}`) are not supported: remove the constraint and check it in application code")),
        "element" if node.attribute("substitutionGroup").is_some() => Some("substitution groups (`substitutionGroup`) are not supported: use a choice of the member elements instead".to_owned()),
        _ => None,
    };
    if let Some(message) = message {
        let position = document.position(node.range().start);
        reporter.schema_error(
            Code::UnsupportedConstruct,
            message,
            &document.name,
            position,
        );
    }
}
