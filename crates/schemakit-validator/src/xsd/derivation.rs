//! Type derivation for `xsi:type`: whether the type an instance names may replace
//! the declared type (XSD 1.0 Part 1, sections 3.4.6 and 3.14.6).

use schemakit_datatypes::Variety;
use schemakit_model::xsd::{Derivation, DerivationSet, TypeDefinition, TypeId, XsdComponents};

/// The reason a type cannot replace the declared type.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(super) enum DerivationFault {
    /// The type is not derived from the declared type.
    NotDerived,
    /// The type is derived, but by a method that the element's or the declared
    /// type's `block` forbids.
    Blocked(Derivation),
}

/// Checks that `derived` is `base` or derived from it by a chain of extensions and
/// restrictions none of which is in `blocked`. A simple type also replaces a union
/// whose member it is, or derives from.
///
/// A complex type without a base and a simple type without a base other than
/// `xs:anySimpleType` derive from `xs:anyType` by restriction.
pub(super) fn check_derivation(
    components: &XsdComponents,
    derived: TypeId,
    base: TypeId,
    blocked: DerivationSet,
) -> Result<(), DerivationFault> {
    let mut methods = DerivationSet::default();
    let mut current = derived;

    // Every step moves up one base, so a chain longer than the number of types has a
    // cycle. The loader reports cycles, and the walk gives up on one.
    for _ in 0..=components.types.len() {
        if current == base || is_union_member(components, current, base) {
            return match blocked_method(methods, blocked) {
                Some(method) => Err(DerivationFault::Blocked(method)),
                None => Ok(()),
            };
        }

        let Some((next, method)) = base_of(components, current) else {
            return Err(DerivationFault::NotDerived);
        };
        match method {
            Derivation::Extension => methods.extension = true,
            Derivation::Restriction => methods.restriction = true,
        }
        current = next;
    }
    Err(DerivationFault::NotDerived)
}

/// Returns the base type of `id` and the method it was derived by; `None` for
/// `xs:anyType` or a missing type.
fn base_of(components: &XsdComponents, id: TypeId) -> Option<(TypeId, Derivation)> {
    if id == XsdComponents::ANY_TYPE {
        return None;
    }
    match components.type_definition(id)? {
        TypeDefinition::Complex(complex) => Some(
            complex
                .base
                .unwrap_or((XsdComponents::ANY_TYPE, Derivation::Restriction)),
        ),
        TypeDefinition::Simple(simple) => Some((
            simple.base.unwrap_or(XsdComponents::ANY_TYPE),
            Derivation::Restriction,
        )),
    }
}

fn blocked_method(used: DerivationSet, blocked: DerivationSet) -> Option<Derivation> {
    if used.extension && blocked.extension {
        return Some(Derivation::Extension);
    }
    if used.restriction && blocked.restriction {
        return Some(Derivation::Restriction);
    }
    None
}

/// Tells whether the simple type `member` is a member type of the union `union`.
///
/// NOTE: the members of a union are stored as datatypes without their type ids, so
/// a member is recognized by its local name. Two member types with the same local
/// name in different namespaces are not distinguished.
fn is_union_member(components: &XsdComponents, member: TypeId, union: TypeId) -> bool {
    let Some(TypeDefinition::Simple(union)) = components.type_definition(union) else {
        return false;
    };
    let Variety::Union { members } = &union.simple.variety else {
        return false;
    };
    let Some(TypeDefinition::Simple(member)) = components.type_definition(member) else {
        return false;
    };
    let Some(local) = member.name.as_ref().map(|name| name.local.as_str()) else {
        return false;
    };
    members
        .iter()
        .any(|candidate| candidate.name.as_deref() == Some(local))
}

#[cfg(test)]
mod tests {
    use super::*;
    use schemakit_datatypes::{BuiltinType, SimpleType};
    use schemakit_model::xsd::{
        ComplexContent, ComplexTypeDefinition, QName, SimpleTypeDefinition,
    };
    use schemakit_model::{ProcessContents, Wildcard};

    fn complex(base: Option<(TypeId, Derivation)>) -> TypeDefinition {
        TypeDefinition::Complex(ComplexTypeDefinition {
            name: None,
            base,
            content: ComplexContent::Empty,
            attributes: Vec::new(),
            attribute_wildcard: None,
            is_abstract: false,
            block: DerivationSet::default(),
            span: None,
            doc: None,
        })
    }

    fn simple(name: &str, base: Option<TypeId>, simple: SimpleType) -> TypeDefinition {
        TypeDefinition::Simple(SimpleTypeDefinition {
            name: Some(QName::new(None, name)),
            base,
            simple,
            span: None,
            doc: None,
        })
    }

    /// Types: 0 anyType, 1 base, 2 extension of 1, 3 restriction of 2, 4 unrelated,
    /// 5 decimal, 6 int (restriction of decimal), 7 union of int and string.
    fn components() -> XsdComponents {
        let mut any_type = complex(None);
        if let TypeDefinition::Complex(complex) = &mut any_type {
            complex.content = ComplexContent::Any;
            complex.attribute_wildcard = Some(Wildcard::any(ProcessContents::Lax));
        }
        let union = SimpleType {
            name: Some("intOrString".to_owned()),
            variety: Variety::Union {
                members: vec![
                    SimpleType::builtin(BuiltinType::Int),
                    SimpleType::builtin(BuiltinType::String),
                ],
            },
            facets: SimpleType::builtin(BuiltinType::String).facets,
        };
        XsdComponents {
            target_namespace: None,
            elements: Vec::new(),
            global_elements: Default::default(),
            types: vec![
                any_type,
                complex(None),
                complex(Some((TypeId(1), Derivation::Extension))),
                complex(Some((TypeId(2), Derivation::Restriction))),
                complex(None),
                simple("decimal", None, SimpleType::builtin(BuiltinType::Decimal)),
                simple(
                    "int",
                    Some(TypeId(5)),
                    SimpleType::builtin(BuiltinType::Int),
                ),
                simple("intOrString", None, union),
            ],
            named_types: Default::default(),
            global_attributes: Default::default(),
            notations: Default::default(),
        }
    }

    const NONE: DerivationSet = DerivationSet {
        extension: false,
        restriction: false,
        substitution: false,
    };
    const NO_EXTENSION: DerivationSet = DerivationSet {
        extension: true,
        restriction: false,
        substitution: false,
    };
    const NO_RESTRICTION: DerivationSet = DerivationSet {
        extension: false,
        restriction: true,
        substitution: false,
    };

    #[test]
    fn derivation_cases() {
        let components = components();
        let cases = [
            ("same type", 1, 1, NO_EXTENSION, Ok(())),
            ("extension", 2, 1, NONE, Ok(())),
            ("extension then restriction", 3, 1, NONE, Ok(())),
            (
                "extension blocked",
                2,
                1,
                NO_EXTENSION,
                Err(DerivationFault::Blocked(Derivation::Extension)),
            ),
            (
                "restriction blocked along the chain",
                3,
                1,
                NO_RESTRICTION,
                Err(DerivationFault::Blocked(Derivation::Restriction)),
            ),
            ("unrelated", 4, 1, NONE, Err(DerivationFault::NotDerived)),
            (
                "base from derived",
                1,
                2,
                NONE,
                Err(DerivationFault::NotDerived),
            ),
            ("anything from anyType", 4, 0, NONE, Ok(())),
            ("simple from anyType", 6, 0, NONE, Ok(())),
            ("simple restriction", 6, 5, NONE, Ok(())),
            (
                "simple restriction blocked",
                6,
                5,
                NO_RESTRICTION,
                Err(DerivationFault::Blocked(Derivation::Restriction)),
            ),
            ("union member", 6, 7, NONE, Ok(())),
            (
                "not a union member",
                5,
                7,
                NONE,
                Err(DerivationFault::NotDerived),
            ),
            (
                "complex from simple",
                1,
                5,
                NONE,
                Err(DerivationFault::NotDerived),
            ),
        ];
        for (case, derived, base, blocked, expected) in cases {
            assert_eq!(
                check_derivation(&components, TypeId(derived), TypeId(base), blocked),
                expected,
                "{case}"
            );
        }
    }
}
