//! Wildcard namespace constraints: reading `namespace` and `processContents`, and
//! the subset, union and intersection operations of XSD 1.0 Part 1, section 3.10.6.
//!
//! A `##other` constraint (`Not`) never allows names in no namespace, as XSD 1.0
//! defines it, so `Not(Some(x))` excludes `x` and no namespace, and `Not(None)`
//! excludes only no namespace.

use schemakit_model::{NamespaceConstraint, ProcessContents, Wildcard};

/// Reads a wildcard from the `namespace` and `processContents` attributes of an
/// `xs:any` or `xs:anyAttribute`, with `##targetNamespace` and `##other` taken
/// relative to `target_namespace`. Invalid values were reported by the structure
/// check; an unknown `##` token is ignored.
pub(crate) fn read_wildcard(
    namespace: Option<&str>,
    process_contents: Option<&str>,
    target_namespace: Option<&str>,
) -> Wildcard {
    let process_contents = match process_contents.map(str::trim) {
        Some("lax") => ProcessContents::Lax,
        Some("skip") => ProcessContents::Skip,
        _ => ProcessContents::Strict,
    };
    let namespaces = match namespace.map(str::trim) {
        None | Some("##any") => NamespaceConstraint::Any,
        Some("##other") => NamespaceConstraint::Not(target_namespace.map(str::to_owned)),
        Some(list) => {
            let mut members: Vec<Option<String>> = Vec::new();
            for token in list.split_ascii_whitespace() {
                let member = match token {
                    "##local" => None,
                    "##targetNamespace" => target_namespace.map(str::to_owned),
                    _ if token.starts_with("##") => continue,
                    uri => Some(uri.to_owned()),
                };
                if !members.contains(&member) {
                    members.push(member);
                }
            }
            NamespaceConstraint::Set(members)
        }
    };
    Wildcard {
        namespaces,
        process_contents,
    }
}

/// Returns whether every namespace that `sub` allows is allowed by `sup`
/// (Wildcard Subset, `cos-ns-subset`).
pub(crate) fn is_subset(sub: &NamespaceConstraint, sup: &NamespaceConstraint) -> bool {
    use NamespaceConstraint::{Any, Not, Set};
    match (sub, sup) {
        (_, Any) => true,
        (Any, _) => false,
        // XSD 1.0 accepts only the same negation, although `##other` of a namespace
        // allows less than `##other` of no namespace.
        (Not(a), Not(b)) => a == b,
        (Not(_), Set(_)) => false,
        (Set(members), sup) => members.iter().all(|member| sup.allows(member.as_deref())),
    }
}

/// Returns the constraint that allows what either constraint allows (Attribute
/// Wildcard Union, `cos-aw-union`), or `None` when XSD 1.0 cannot express it: a
/// `##other` of namespace `x` united with a list that has no namespace but not `x`.
pub(crate) fn union(
    first: &NamespaceConstraint,
    second: &NamespaceConstraint,
) -> Option<NamespaceConstraint> {
    use NamespaceConstraint::{Any, Not, Set};
    if first == second {
        return Some(first.clone());
    }
    match (first, second) {
        (Any, _) | (_, Any) => Some(Any),
        (Set(a), Set(b)) => {
            let mut members = a.clone();
            for member in b {
                if !members.contains(member) {
                    members.push(member.clone());
                }
            }
            Some(Set(members))
        }
        // Two different `##other`s: only names in no namespace stay excluded.
        (Not(_), Not(_)) => Some(Not(None)),
        (Not(excluded), Set(members)) | (Set(members), Not(excluded)) => {
            let has_absent = members.contains(&None);
            match excluded {
                None if has_absent => Some(Any),
                None => Some(Not(None)),
                Some(_) => {
                    let has_excluded = members.contains(excluded);
                    match (has_excluded, has_absent) {
                        (true, true) => Some(Any),
                        (true, false) => Some(Not(None)),
                        (false, true) => None,
                        (false, false) => Some(Not(excluded.clone())),
                    }
                }
            }
        }
    }
}

/// Returns the constraint that allows what both constraints allow (Attribute
/// Wildcard Intersection, `cos-aw-intersect`), or `None` when XSD 1.0 cannot
/// express it: two `##other`s of two different namespaces.
pub(crate) fn intersection(
    first: &NamespaceConstraint,
    second: &NamespaceConstraint,
) -> Option<NamespaceConstraint> {
    use NamespaceConstraint::{Any, Not, Set};
    if first == second {
        return Some(first.clone());
    }
    match (first, second) {
        (Any, other) | (other, Any) => Some(other.clone()),
        (Set(a), Set(b)) => Some(Set(a
            .iter()
            .filter(|member| b.contains(member))
            .cloned()
            .collect())),
        (Not(_), Set(members)) | (Set(members), Not(_)) => {
            let negation = if matches!(first, Not(_)) {
                first
            } else {
                second
            };
            Some(Set(members
                .iter()
                .filter(|member| negation.allows(member.as_deref()))
                .cloned()
                .collect()))
        }
        (Not(None), Not(other)) | (Not(other), Not(None)) => Some(Not(other.clone())),
        (Not(Some(_)), Not(Some(_))) => None,
    }
}

/// Returns whether `derived` processes contents at least as strictly as `base`
/// requires: any value when `base` is `skip`, otherwise `strict` over `lax` over
/// `skip`.
pub(crate) fn process_contents_allowed(derived: ProcessContents, base: ProcessContents) -> bool {
    fn strength(process_contents: ProcessContents) -> u8 {
        match process_contents {
            ProcessContents::Skip => 0,
            ProcessContents::Lax => 1,
            ProcessContents::Strict => 2,
        }
    }
    base == ProcessContents::Skip || strength(derived) >= strength(base)
}

/// Describes a constraint as XSD writes it, for messages.
pub(crate) fn describe(constraint: &NamespaceConstraint) -> String {
    match constraint {
        NamespaceConstraint::Any => "`##any`".to_owned(),
        NamespaceConstraint::Not(Some(namespace)) => format!("`##other` (not `{namespace}`)"),
        NamespaceConstraint::Not(None) => "`##other` (any namespace)".to_owned(),
        NamespaceConstraint::Set(members) if members.is_empty() => "no namespace at all".to_owned(),
        NamespaceConstraint::Set(members) => {
            let names: Vec<&str> = members
                .iter()
                .map(|member| member.as_deref().unwrap_or("##local"))
                .collect();
            format!("`{}`", names.join(" "))
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use NamespaceConstraint::{Any, Not, Set};

    fn set(members: &[Option<&str>]) -> NamespaceConstraint {
        Set(members
            .iter()
            .map(|member| member.map(str::to_owned))
            .collect())
    }

    fn not(namespace: Option<&str>) -> NamespaceConstraint {
        Not(namespace.map(str::to_owned))
    }

    /// Sorts the members of a list, whose order does not change what it allows.
    fn normalized(constraint: Option<NamespaceConstraint>) -> Option<NamespaceConstraint> {
        match constraint {
            Some(Set(mut members)) => {
                members.sort();
                Some(Set(members))
            }
            other => other,
        }
    }

    #[test]
    fn read_wildcard_table() {
        let cases = [
            (None, Any),
            (Some("##any"), Any),
            (Some("##other"), not(Some("urn:t"))),
            (
                Some("##local ##targetNamespace"),
                set(&[None, Some("urn:t")]),
            ),
            (
                Some(" urn:a  urn:a urn:b "),
                set(&[Some("urn:a"), Some("urn:b")]),
            ),
            (Some(""), set(&[])),
        ];
        for (namespace, expected) in cases {
            let wildcard = read_wildcard(namespace, None, Some("urn:t"));
            assert_eq!(wildcard.namespaces, expected, "{namespace:?}");
            assert_eq!(wildcard.process_contents, ProcessContents::Strict);
        }
        let lax = read_wildcard(None, Some("lax"), None);
        assert_eq!(lax.process_contents, ProcessContents::Lax);
        let other = read_wildcard(Some("##other"), Some("skip"), None);
        assert_eq!(other.namespaces, not(None));
        assert_eq!(other.process_contents, ProcessContents::Skip);
    }

    #[test]
    fn subset_table() {
        let cases = [
            (set(&[Some("a")]), Any, true),
            (Any, set(&[Some("a")]), false),
            (not(Some("a")), not(Some("a")), true),
            (not(Some("a")), not(None), false),
            (not(None), not(Some("a")), false),
            (not(Some("a")), not(Some("b")), false),
            (set(&[Some("b")]), not(Some("a")), true),
            (set(&[Some("a")]), not(Some("a")), false),
            (set(&[None]), not(Some("a")), false),
            (set(&[Some("a")]), set(&[Some("a"), None]), true),
            (set(&[Some("a"), None]), set(&[Some("a")]), false),
            (set(&[]), set(&[]), true),
            (not(Some("a")), set(&[Some("b")]), false),
        ];
        for (sub, sup, expected) in cases {
            assert_eq!(is_subset(&sub, &sup), expected, "{sub:?} within {sup:?}");
        }
    }

    #[test]
    fn union_table() {
        let cases = [
            (Any, set(&[Some("a")]), Some(Any)),
            (
                set(&[Some("a")]),
                set(&[None]),
                Some(set(&[Some("a"), None])),
            ),
            (not(Some("a")), not(Some("b")), Some(not(None))),
            (not(Some("a")), set(&[Some("a"), None]), Some(Any)),
            (not(Some("a")), set(&[Some("a")]), Some(not(None))),
            (not(Some("a")), set(&[None]), None),
            (not(Some("a")), set(&[Some("b")]), Some(not(Some("a")))),
            (set(&[None]), not(None), Some(Any)),
            (set(&[Some("b")]), not(None), Some(not(None))),
            (not(Some("a")), not(Some("a")), Some(not(Some("a")))),
        ];
        for (first, second, expected) in cases {
            let expected = normalized(expected);
            assert_eq!(
                normalized(union(&first, &second)),
                expected,
                "{first:?} | {second:?}"
            );
            assert_eq!(
                normalized(union(&second, &first)),
                expected,
                "{second:?} | {first:?}"
            );
        }
    }

    #[test]
    fn intersection_table() {
        let cases = [
            (Any, set(&[Some("a")]), Some(set(&[Some("a")]))),
            (
                set(&[Some("a"), None]),
                set(&[Some("a"), Some("b")]),
                Some(set(&[Some("a")])),
            ),
            (
                not(Some("a")),
                set(&[Some("a"), Some("b"), None]),
                Some(set(&[Some("b")])),
            ),
            (not(None), not(Some("a")), Some(not(Some("a")))),
            (not(Some("a")), not(Some("b")), None),
            (not(Some("a")), not(Some("a")), Some(not(Some("a")))),
        ];
        for (first, second, expected) in cases {
            let expected = normalized(expected);
            assert_eq!(
                normalized(intersection(&first, &second)),
                expected,
                "{first:?} & {second:?}"
            );
            assert_eq!(
                normalized(intersection(&second, &first)),
                expected,
                "{second:?} & {first:?}"
            );
        }
    }

    #[test]
    fn process_contents_strength() {
        use ProcessContents::{Lax, Skip, Strict};
        let cases = [
            (Skip, Skip, true),
            (Strict, Skip, true),
            (Skip, Lax, false),
            (Lax, Lax, true),
            (Strict, Lax, true),
            (Lax, Strict, false),
            (Strict, Strict, true),
        ];
        for (derived, base, expected) in cases {
            assert_eq!(
                process_contents_allowed(derived, base),
                expected,
                "{derived:?} restricting {base:?}"
            );
        }
    }
}
