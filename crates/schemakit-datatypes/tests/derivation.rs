//! Derivation faults: restrictions, lists and unions that XSD 1.0 Part 2 forbids,
//! as a table of (base, facets, expected messages).

#![allow(clippy::expect_used, clippy::unwrap_used)]

use schemakit_datatypes::{BuiltinType, Facet, FacetKind, SimpleType};

fn builtin(builtin: BuiltinType) -> SimpleType {
    SimpleType::builtin(builtin)
}

fn facets(specs: &[(FacetKind, &str)]) -> Vec<Facet> {
    specs
        .iter()
        .map(|(kind, value)| Facet::new(*kind, *value))
        .collect()
}

fn restricted(base: &SimpleType, specs: &[(FacetKind, &str)]) -> SimpleType {
    SimpleType::restrict(base, Some("base".to_owned()), &facets(specs))
        .unwrap_or_else(|errors| panic!("restriction failed: {errors:?}"))
}

/// Restricts `base` and returns every fault as (facet index, message).
fn faults(base: &SimpleType, specs: &[(FacetKind, &str)]) -> Vec<(Option<usize>, String)> {
    match SimpleType::restrict(base, None, &facets(specs)) {
        Ok(_) => Vec::new(),
        Err(errors) => errors
            .into_iter()
            .map(|error| (error.facet_index, error.message))
            .collect(),
    }
}

/// A case name, the base type, the facets of the restriction and the expected
/// faults as (facet index, message).
type FaultCase<'a> = (
    &'a str,
    &'a SimpleType,
    Vec<(FacetKind, &'a str)>,
    Vec<(Option<usize>, &'a str)>,
);

#[test]
fn derivation_error_table() {
    use FacetKind::*;

    let string = builtin(BuiltinType::String);
    let int = builtin(BuiltinType::Int);
    let integer = builtin(BuiltinType::Integer);
    let decimal = builtin(BuiltinType::Decimal);
    let date = builtin(BuiltinType::Date);
    let short_string = restricted(&string, &[(MaxLength, "10"), (MinLength, "2")]);
    let fixed_length = SimpleType::restrict(
        &string,
        None,
        &[Facet {
            kind: MaxLength,
            value: "10".to_owned(),
            fixed: true,
        }],
    )
    .expect("fixed maxLength");
    let percent = restricted(&int, &[(MinInclusive, "0"), (MaxInclusive, "100")]);
    let below_ten = restricted(&int, &[(MaxExclusive, "10")]);
    let above_ten = restricted(&int, &[(MinExclusive, "10")]);
    let money = restricted(&decimal, &[(TotalDigits, "10"), (FractionDigits, "2")]);
    let collapsed = restricted(&string, &[(WhiteSpace, "collapse")]);
    let five_characters = restricted(&string, &[(Length, "5")]);
    let unsigned_byte = builtin(BuiltinType::UnsignedByte);
    let any_simple_type = builtin(BuiltinType::AnySimpleType);
    let colors = restricted(&string, &[(Enumeration, "red"), (Enumeration, "green")]);

    let cases: Vec<FaultCase> = vec![
        (
            "facet not applicable to string",
            &string,
            vec![(TotalDigits, "5")],
            vec![(Some(0), r#"totalDigits="5" does not apply to string, whose facets are length, minLength, maxLength, pattern, enumeration, whiteSpace"#)],
        ),
        (
            "length facet on a number",
            &int,
            vec![(MaxLength, "5")],
            vec![(Some(0), r#"maxLength="5" does not apply to int, whose facets are totalDigits, fractionDigits, pattern, enumeration, whiteSpace, maxInclusive, maxExclusive, minInclusive, minExclusive"#)],
        ),
        (
            "bound not valid in the base",
            &int,
            vec![(MinInclusive, "abc")],
            vec![(Some(0), r#"minInclusive="abc" is not a valid int, expected an integer such as -42"#)],
        ),
        (
            "length not a number",
            &string,
            vec![(Length, "-1")],
            vec![(Some(0), r#"length="-1" is not valid, expected a non-negative integer"#)],
        ),
        (
            "totalDigits zero",
            &decimal,
            vec![(TotalDigits, "0")],
            vec![(Some(0), r#"totalDigits="0" is not valid, expected a positive integer"#)],
        ),
        (
            "minLength above maxLength",
            &string,
            vec![(MinLength, "5"), (MaxLength, "3")],
            vec![(Some(0), r#"minLength="5" is greater than maxLength="3", so lower minLength or raise maxLength"#)],
        ),
        (
            "length above the base's maxLength",
            &short_string,
            vec![(Length, "12")],
            vec![(Some(0), r#"length="12" is greater than maxLength="10", so lower length or raise maxLength"#)],
        ),
        (
            "length and minLength in one step",
            &string,
            vec![(Length, "5"), (MinLength, "1")],
            vec![(Some(1), r#"minLength="1" is given together with length 5, which XSD 1.0 allows only when the base type already has minLength 1, so remove minLength"#)],
        ),
        (
            "length and maxLength in one step",
            &string,
            vec![(MaxLength, "5"), (Length, "5")],
            vec![(Some(0), r#"maxLength="5" is given together with length 5, which XSD 1.0 allows only when the base type already has maxLength 5, so remove maxLength"#)],
        ),
        (
            "minLength above the base's length",
            &five_characters,
            vec![(MinLength, "6")],
            vec![
                (Some(0), r#"minLength="6" is given together with length 5, which XSD 1.0 allows only when the base type already has minLength 6, so remove minLength"#),
                (Some(0), r#"minLength="6" is greater than length="5", so lower minLength or raise length"#),
            ],
        ),
        (
            "maxLength widened",
            &short_string,
            vec![(MaxLength, "20")],
            vec![(Some(0), r#"maxLength="20" is greater than the base type's maxLength 10, but a restriction may only narrow its base"#)],
        ),
        (
            "minLength widened",
            &short_string,
            vec![(MinLength, "1")],
            vec![(Some(0), r#"minLength="1" is less than the base type's minLength 2, but a restriction may only narrow its base"#)],
        ),
        (
            "fixed facet changed",
            &fixed_length,
            vec![(MaxLength, "5")],
            vec![(Some(0), r#"maxLength="5" changes the value 10 that a restriction of string fixes, so remove the facet or give 10"#)],
        ),
        (
            "min inclusive and exclusive together",
            &int,
            vec![(MinInclusive, "1"), (MinExclusive, "0")],
            vec![(Some(1), "minInclusive and minExclusive are both given in one restriction, so keep one of them")],
        ),
        (
            "max inclusive and exclusive together",
            &int,
            vec![(MaxInclusive, "1"), (MaxExclusive, "5")],
            vec![(Some(1), "maxInclusive and maxExclusive are both given in one restriction, so keep one of them")],
        ),
        (
            "minInclusive above maxInclusive",
            &int,
            vec![(MinInclusive, "10"), (MaxInclusive, "5")],
            vec![(Some(0), r#"minInclusive="10" is greater than maxInclusive="5", so no value could be valid"#)],
        ),
        (
            "minInclusive equal to maxExclusive",
            &int,
            vec![(MinInclusive, "5"), (MaxExclusive, "5")],
            vec![(Some(0), r#"minInclusive="5" is not less than maxExclusive="5", so no value could be valid"#)],
        ),
        (
            "minExclusive equal to maxInclusive",
            &int,
            vec![(MinExclusive, "5"), (MaxInclusive, "5")],
            vec![(Some(0), r#"minExclusive="5" is not less than maxInclusive="5", so no value could be valid"#)],
        ),
        (
            "minExclusive above maxExclusive",
            &int,
            vec![(MinExclusive, "6"), (MaxExclusive, "5")],
            vec![(Some(0), r#"minExclusive="6" is greater than maxExclusive="5", so no value could be valid"#)],
        ),
        (
            "minExclusive equal to the base's maxExclusive",
            &below_ten,
            vec![(MinExclusive, "10")],
            vec![(Some(0), r#"minExclusive="10" is not less than the base type's maxExclusive 10, but a restriction may only narrow its base"#)],
        ),
        (
            "maxExclusive equal to the base's minExclusive",
            &above_ten,
            vec![(MaxExclusive, "10")],
            vec![(Some(0), r#"maxExclusive="10" is not greater than the base type's minExclusive 10, but a restriction may only narrow its base"#)],
        ),
        (
            "maxInclusive above the base's",
            &percent,
            vec![(MaxInclusive, "101")],
            vec![(Some(0), r#"maxInclusive="101" is greater than the base type's maxInclusive 100, but a restriction may only narrow its base"#)],
        ),
        (
            "maxExclusive above the base's maxInclusive",
            &percent,
            vec![(MaxExclusive, "102")],
            vec![(Some(0), r#"maxExclusive="102" is greater than the base type's maxInclusive 100, but a restriction may only narrow its base"#)],
        ),
        (
            "minInclusive below the base's",
            &percent,
            vec![(MinInclusive, "-1")],
            vec![(Some(0), r#"minInclusive="-1" is less than the base type's minInclusive 0, but a restriction may only narrow its base"#)],
        ),
        (
            "minInclusive above the base's maxInclusive",
            &percent,
            vec![(MinInclusive, "200")],
            vec![(Some(0), r#"minInclusive="200" is greater than the base type's maxInclusive 100, but a restriction may only narrow its base"#)],
        ),
        (
            "maxInclusive beyond a built-in range",
            &unsigned_byte,
            vec![(MaxInclusive, "256")],
            vec![(Some(0), r#"maxInclusive="256" is greater than the base type's maxInclusive 255, but a restriction may only narrow its base"#)],
        ),
        (
            "whiteSpace weaker than the base's",
            &collapsed,
            vec![(WhiteSpace, "preserve")],
            vec![(Some(0), r#"whiteSpace="preserve" is weaker than collapse of the base type base, so use collapse or leave the facet out"#)],
        ),
        (
            "whiteSpace changed on a fixed collapse type",
            &date,
            vec![(WhiteSpace, "replace")],
            vec![(Some(0), r#"whiteSpace="replace" changes the value collapse that date fixes, so remove the facet or give collapse"#)],
        ),
        (
            "fractionDigits above totalDigits",
            &decimal,
            vec![(TotalDigits, "2"), (FractionDigits, "3")],
            vec![(Some(1), r#"fractionDigits="3" is greater than totalDigits="2", so lower fractionDigits or raise totalDigits"#)],
        ),
        (
            "totalDigits widened",
            &money,
            vec![(TotalDigits, "12")],
            vec![(Some(0), r#"totalDigits="12" is greater than the base type's totalDigits 10, but a restriction may only narrow its base"#)],
        ),
        (
            "fractionDigits on an integer type",
            &integer,
            vec![(FractionDigits, "2")],
            vec![(Some(0), r#"fractionDigits="2" is not allowed on integer types, whose fractionDigits is fixed at 0"#)],
        ),
        (
            "enumeration value outside the base",
            &int,
            vec![(Enumeration, "1"), (Enumeration, "x")],
            vec![(Some(1), r#"the enumeration value "x" is not valid for the base type int because "x" is not a valid int, expected an integer such as -42"#)],
        ),
        (
            "enumeration value outside the base's enumeration",
            &colors,
            vec![(Enumeration, "blue")],
            vec![(Some(0), r#"the enumeration value "blue" is not valid for the base type base because "blue" is not one of the allowed values "red", "green""#)],
        ),
        (
            "facet given twice",
            &string,
            vec![(MaxLength, "3"), (MaxLength, "4")],
            vec![(Some(1), r#"maxLength="4" is the second maxLength facet of one restriction, so remove one of them"#)],
        ),
        (
            "unknown whiteSpace value",
            &string,
            vec![(WhiteSpace, "trim")],
            vec![(Some(0), r#"whiteSpace="trim" is not one of preserve, replace or collapse"#)],
        ),
        (
            "facets on anySimpleType",
            &any_simple_type,
            vec![(Length, "1")],
            vec![(Some(0), r#"length="1" cannot restrict anySimpleType, which takes no facets, so derive from a primitive type such as string"#)],
        ),
    ];

    for (case, base, specs, expected) in cases {
        let expected: Vec<(Option<usize>, String)> = expected
            .into_iter()
            .map(|(index, message)| (index, message.to_owned()))
            .collect();
        assert_eq!(faults(base, &specs), expected, "{case}");
    }
}

#[test]
fn every_fault_is_reported() {
    use FacetKind::*;

    let found = faults(
        &builtin(BuiltinType::Int),
        &[
            (MaxLength, "1"),
            (MinInclusive, "x"),
            (FractionDigits, "1"),
            (Enumeration, "y"),
        ],
    );
    let indexes: Vec<Option<usize>> = found.iter().map(|(index, _)| *index).collect();
    assert_eq!(
        indexes,
        vec![Some(0), Some(1), Some(2), Some(3)],
        "{found:?}"
    );
}

#[test]
fn narrowing_restrictions_are_accepted() {
    use FacetKind::*;

    let cases: Vec<(BuiltinType, Vec<(FacetKind, &str)>)> = vec![
        (
            BuiltinType::String,
            vec![(MinLength, "3"), (MaxLength, "3")],
        ),
        (BuiltinType::String, vec![(WhiteSpace, "replace")]),
        (BuiltinType::IdRefs, vec![(Length, "5"), (MinLength, "1")]),
        (BuiltinType::Token, vec![(WhiteSpace, "collapse")]),
        (
            BuiltinType::Byte,
            vec![(MinInclusive, "-128"), (MaxExclusive, "127")],
        ),
        (
            BuiltinType::Integer,
            vec![(FractionDigits, "0"), (TotalDigits, "3")],
        ),
        (
            BuiltinType::Date,
            vec![(MinInclusive, "2000-01-01"), (MaxInclusive, "2000-12-31")],
        ),
        (
            BuiltinType::Duration,
            vec![(MinExclusive, "P1M"), (MaxExclusive, "P30D")],
        ),
        (BuiltinType::QName, vec![(Length, "2")]),
        (BuiltinType::Boolean, vec![(WhiteSpace, "collapse")]),
        (
            BuiltinType::Float,
            vec![(MinInclusive, "-INF"), (MaxInclusive, "INF")],
        ),
    ];
    for (base, specs) in cases {
        let result = SimpleType::restrict(&builtin(base), None, &facets(&specs));
        assert!(result.is_ok(), "{base:?} {specs:?}: {result:?}");
    }
}

#[test]
fn list_item_types() {
    let int_list =
        SimpleType::list(builtin(BuiltinType::Int), Some("ints".to_owned())).expect("atomic item");

    let error = SimpleType::list(int_list.clone(), None).expect_err("list of lists");
    assert_eq!(
        error.message,
        "the item type ints of a list is itself a list or a union of lists, so give an atomic item type or a union of atomic types"
    );

    let union_with_list =
        SimpleType::union(vec![builtin(BuiltinType::Date), int_list], None).expect("union members");
    assert!(SimpleType::list(union_with_list, None).is_err());

    let atomic_union = SimpleType::union(
        vec![builtin(BuiltinType::Date), builtin(BuiltinType::Int)],
        None,
    )
    .expect("union members");
    assert!(SimpleType::list(atomic_union, None).is_ok());
    assert!(SimpleType::list(builtin(BuiltinType::NmTokens), None).is_err());
}

#[test]
fn union_flattens_plain_unions() {
    let inner = SimpleType::union(
        vec![builtin(BuiltinType::Int), builtin(BuiltinType::Date)],
        None,
    )
    .expect("members");
    let outer =
        SimpleType::union(vec![inner, builtin(BuiltinType::Boolean)], None).expect("members");
    let schemakit_datatypes::Variety::Union { members } = &outer.variety else {
        panic!("not a union: {outer:?}");
    };
    let names: Vec<Option<&str>> = members
        .iter()
        .map(|member| member.name.as_deref())
        .collect();
    assert_eq!(names, vec![Some("int"), Some("date"), Some("boolean")]);

    assert!(SimpleType::union(Vec::new(), None).is_err());
}

#[test]
fn bad_pattern_is_a_fault() {
    let found = faults(
        &builtin(BuiltinType::String),
        &[(FacetKind::Pattern, "[a-")],
    );
    assert_eq!(found.len(), 1, "{found:?}");
    assert_eq!(found[0].0, Some(0));
    assert!(
        found[0]
            .1
            .starts_with("the pattern facet has an invalid regular expression \"[a-\""),
        "{}",
        found[0].1
    );
}

#[test]
fn patterns_of_each_step_must_match() {
    let base = restricted(
        &builtin(BuiltinType::String),
        &[
            (FacetKind::Pattern, "[a-z]+"),
            (FacetKind::Pattern, "[0-9]+"),
        ],
    );
    let derived = restricted(&base, &[(FacetKind::Pattern, ".{3}")]);
    assert_eq!(
        derived.facets.pattern_sources(),
        vec![vec!["[a-z]+", "[0-9]+"], vec![".{3}"]]
    );

    let namespaces = schemakit_datatypes::NoNamespaces;
    for (text, valid) in [("abc", true), ("123", true), ("ab", false), ("a1c", false)] {
        assert_eq!(derived.validate(text, &namespaces).is_ok(), valid, "{text}");
    }
}
