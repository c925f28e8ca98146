//! Element wildcards (`xs:any`): which declaration a child that a wildcard matched is
//! checked against, and how a wildcard reads in messages.

use super::checker::Site;
use super::content::ChildDeclaration;
use schemakit_model::xsd::{QName, XsdComponents};
use schemakit_model::{
    Code, Diagnostic, NamespaceConstraint, Particle, ProcessContents, Term, Wildcard,
};

/// Describes the elements `wildcard` allows, e.g. "any element in namespace `urn:a`".
pub(super) fn describe_wildcard(wildcard: &Wildcard) -> String {
    describe_namespaces(&wildcard.namespaces, "element")
}

/// Describes the attributes `wildcard` allows, e.g. "any attribute in no namespace".
pub(super) fn describe_attribute_wildcard(wildcard: &Wildcard) -> String {
    describe_namespaces(&wildcard.namespaces, "attribute")
}

fn describe_namespaces(namespaces: &NamespaceConstraint, item: &str) -> String {
    match namespaces {
        NamespaceConstraint::Any => format!("any {item}"),
        NamespaceConstraint::Not(Some(excluded)) => {
            format!("any {item} in a namespace other than `{excluded}`")
        }
        NamespaceConstraint::Not(None) => format!("any {item} in a namespace"),
        NamespaceConstraint::Set(allowed) if allowed.is_empty() => format!("no {item}"),
        NamespaceConstraint::Set(allowed) => {
            let names: Vec<String> = allowed
                .iter()
                .map(|namespace| match namespace {
                    Some(namespace) => format!("namespace `{namespace}`"),
                    None => "no namespace".to_owned(),
                })
                .collect();
            format!("any {item} in {}", names.join(" or "))
        }
    }
}

/// Finds the first wildcard of `particle`, in model order, that allows `namespace`.
/// Used where the position in the model is unknown: the model could not be compiled,
/// or the order check stopped after an earlier fault.
pub(super) fn first_allowing<'p>(
    particle: &'p Particle,
    namespace: Option<&str>,
) -> Option<&'p Wildcard> {
    match &particle.term {
        Term::Wildcard(wildcard) if wildcard.allows(namespace) => Some(wildcard),
        Term::Sequence(items) | Term::Choice(items) | Term::All(items) => items
            .iter()
            .find_map(|item| first_allowing(item, namespace)),
        _ => None,
    }
}

/// Collects the distinct wildcards of `particle`, in model order.
pub(super) fn all_wildcards(particle: &Particle) -> Vec<&Wildcard> {
    let mut found: Vec<&Wildcard> = Vec::new();
    collect_wildcards(particle, &mut found);
    found
}

fn collect_wildcards<'p>(particle: &'p Particle, found: &mut Vec<&'p Wildcard>) {
    match &particle.term {
        Term::Wildcard(wildcard) if !found.contains(&wildcard) => found.push(wildcard),
        Term::Sequence(items) | Term::Choice(items) | Term::All(items) => {
            for item in items {
                collect_wildcards(item, found);
            }
        }
        _ => {}
    }
}

/// Returns the declaration that a child `qname` matched by `wildcard` is checked
/// against, per the wildcard's `processContents`:
///
/// - strict: its global declaration, which must exist unless `xsi:type` names the
///   child's type;
/// - lax: its global declaration when there is one, otherwise none, but its own
///   children are still assessed laxly;
/// - skip: none, for the whole subtree.
pub(super) fn wildcard_declaration(
    wildcard: &Wildcard,
    components: &XsdComponents,
    qname: &QName,
) -> ChildDeclaration {
    let global = components.global_elements.get(qname).copied();
    match (wildcard.process_contents, global) {
        (ProcessContents::Skip, _) => ChildDeclaration::Unchecked,
        (_, Some(id)) => ChildDeclaration::Declared(id),
        (ProcessContents::Lax, None) => ChildDeclaration::Lax,
        (ProcessContents::Strict, None) => ChildDeclaration::Required(Some(wildcard.clone())),
    }
}

/// Builds the finding for a child `qname` (written `name`) that a strict `wildcard`
/// matched, which has no global declaration and no `xsi:type`.
pub(super) fn undeclared_for_wildcard(
    wildcard: &Wildcard,
    qname: &QName,
    name: &str,
    site: &Site,
) -> Diagnostic {
    let allowed = describe_wildcard(wildcard);
    site.validity(
        Code::UndeclaredElement,
        format!(
            "element `{name}` matches the wildcard for {allowed} with processContents=\"strict\", but the XSD declares no global element `{}`",
            qname.clark()
        ),
    )
    .with_found(name)
    .with_help(format!(
        "declare `{}` as a global element in the XSD, give the element an xsi:type, or correct its name or namespace",
        qname.local
    ))
}

#[cfg(test)]
mod tests {
    use super::*;
    use schemakit_model::Occurs;

    fn set(namespaces: &[Option<&str>]) -> Wildcard {
        Wildcard {
            namespaces: NamespaceConstraint::Set(
                namespaces
                    .iter()
                    .map(|namespace| namespace.map(str::to_owned))
                    .collect(),
            ),
            process_contents: ProcessContents::Strict,
        }
    }

    #[test]
    fn wildcard_descriptions() {
        let cases = [
            (Wildcard::any(ProcessContents::Lax), "any element"),
            (
                Wildcard {
                    namespaces: NamespaceConstraint::Not(Some("urn:t".to_owned())),
                    process_contents: ProcessContents::Lax,
                },
                "any element in a namespace other than `urn:t`",
            ),
            (
                Wildcard {
                    namespaces: NamespaceConstraint::Not(None),
                    process_contents: ProcessContents::Lax,
                },
                "any element in a namespace",
            ),
            (set(&[Some("urn:a")]), "any element in namespace `urn:a`"),
            (
                set(&[Some("urn:a"), None]),
                "any element in namespace `urn:a` or no namespace",
            ),
            (set(&[]), "no element"),
        ];
        for (wildcard, expected) in cases {
            assert_eq!(describe_wildcard(&wildcard), expected);
        }
        assert_eq!(
            describe_attribute_wildcard(&set(&[None])),
            "any attribute in no namespace"
        );
    }

    #[test]
    fn first_allowing_follows_model_order() {
        let first = set(&[Some("urn:a")]);
        let second = Wildcard::any(ProcessContents::Skip);
        let particle = Particle::new(
            Term::Sequence(vec![
                Particle::new(Term::Wildcard(first.clone()), Occurs::ONCE),
                Particle::new(
                    Term::Choice(vec![Particle::new(
                        Term::Wildcard(second.clone()),
                        Occurs::ONCE,
                    )]),
                    Occurs::ONCE,
                ),
            ]),
            Occurs::ONCE,
        );

        assert_eq!(first_allowing(&particle, Some("urn:a")), Some(&first));
        assert_eq!(first_allowing(&particle, Some("urn:b")), Some(&second));
        assert_eq!(first_allowing(&particle, None), Some(&second));
        assert_eq!(all_wildcards(&particle), vec![&first, &second]);
    }
}
