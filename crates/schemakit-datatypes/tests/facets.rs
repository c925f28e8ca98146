//! Facet checks on values: restrictions of built-in types, lists and unions, each
//! with a table of (text, valid?) cases.

#![allow(clippy::expect_used, clippy::unwrap_used)]

use schemakit_datatypes::{
    BuiltinType, Facet, FacetKind, NoNamespaces, SimpleType, Value, WhiteSpace,
};

fn builtin(builtin: BuiltinType) -> SimpleType {
    SimpleType::builtin(builtin)
}

fn restricted(base: &SimpleType, facets: &[(FacetKind, &str)]) -> SimpleType {
    let facets: Vec<Facet> = facets
        .iter()
        .map(|(kind, value)| Facet::new(*kind, *value))
        .collect();
    SimpleType::restrict(base, Some("test".to_owned()), &facets)
        .unwrap_or_else(|errors| panic!("restriction failed: {errors:?}"))
}

fn check_cases(simple_type: &SimpleType, cases: &[(&str, bool)]) {
    for &(text, valid) in cases {
        let result = simple_type.validate(text, &NoNamespaces);
        assert_eq!(
            result.is_ok(),
            valid,
            "{text:?}: {:?}",
            result.err().map(|error| error.message)
        );
    }
}

#[test]
fn string_lengths_count_characters() {
    let code = restricted(
        &builtin(BuiltinType::String),
        &[(FacetKind::MinLength, "2"), (FacetKind::MaxLength, "4")],
    );
    check_cases(
        &code,
        &[
            ("ab", true),
            ("äöüß", true),
            ("a", false),
            ("abcde", false),
            ("", false),
        ],
    );

    let error = code.validate("a", &NoNamespaces).expect_err("too short");
    assert_eq!(
        error.message,
        r#""a" has 1 character, fewer than the minimum 2 (minLength)"#
    );
    assert_eq!(error.expected.as_deref(), Some("at least 2 characters"));

    let exact = restricted(&builtin(BuiltinType::Token), &[(FacetKind::Length, "3")]);
    check_cases(&exact, &[(" abc ", true), ("ab", false), ("a b c", false)]);
}

#[test]
fn binary_lengths_count_octets() {
    let hex = restricted(
        &builtin(BuiltinType::HexBinary),
        &[(FacetKind::Length, "2")],
    );
    check_cases(&hex, &[("0FB7", true), ("0F", false)]);

    let base64 = restricted(
        &builtin(BuiltinType::Base64Binary),
        &[(FacetKind::MaxLength, "2")],
    );
    check_cases(&base64, &[("TWE=", true), ("TWFu", false)]);
}

#[test]
fn qname_lengths_are_ignored() {
    let qname = restricted(&builtin(BuiltinType::QName), &[(FacetKind::MaxLength, "1")]);
    check_cases(&qname, &[("longName", true)]);
}

#[test]
fn enumeration_compares_values() {
    let decimal = restricted(
        &builtin(BuiltinType::Decimal),
        &[
            (FacetKind::Enumeration, "1"),
            (FacetKind::Enumeration, "2.5"),
        ],
    );
    check_cases(
        &decimal,
        &[("1.0", true), ("+01", true), ("2.50", true), ("2", false)],
    );

    let date_time = restricted(
        &builtin(BuiltinType::DateTime),
        &[(FacetKind::Enumeration, "2000-01-01T12:00:00Z")],
    );
    check_cases(
        &date_time,
        &[
            ("2000-01-01T13:00:00+01:00", true),
            ("2000-01-01T12:00:00", false),
        ],
    );

    let float = restricted(
        &builtin(BuiltinType::Float),
        &[(FacetKind::Enumeration, "NaN")],
    );
    check_cases(&float, &[("NaN", true), ("1", false)]);
}

#[test]
fn enumeration_message_lists_allowed_values() {
    let database = restricted(
        &builtin(BuiltinType::String),
        &[
            (FacetKind::Enumeration, "IBM DB2"),
            (FacetKind::Enumeration, "MS SQL"),
            (FacetKind::Enumeration, "Pivotal Greenplum"),
        ],
    );
    let error = database
        .validate("MSSQL", &NoNamespaces)
        .expect_err("not allowed");
    assert_eq!(error.facet, Some(FacetKind::Enumeration));
    assert_eq!(
        error.message,
        r#""MSSQL" is not one of the allowed values "IBM DB2", "MS SQL", "Pivotal Greenplum""#
    );
    assert_eq!(
        error.expected.as_deref(),
        Some(r#""IBM DB2", "MS SQL", "Pivotal Greenplum""#)
    );
}

#[test]
fn pattern_message_keeps_backslashes() {
    let code = restricted(
        &builtin(BuiltinType::String),
        &[(FacetKind::Pattern, r"[A-Z]{2}-\d{3}")],
    );
    let error = code
        .validate("ab-123", &NoNamespaces)
        .expect_err("lower case is not allowed");

    assert_eq!(error.facet, Some(FacetKind::Pattern));
    assert_eq!(
        error.message,
        r#""ab-123" does not match the pattern "[A-Z]{2}-\d{3}""#
    );
    assert_eq!(error.expected.as_deref(), Some(r#""[A-Z]{2}-\d{3}""#));
}

#[test]
fn bounds_on_numbers() {
    let port = restricted(
        &builtin(BuiltinType::Int),
        &[
            (FacetKind::MinExclusive, "0"),
            (FacetKind::MaxInclusive, "65535"),
        ],
    );
    check_cases(
        &port,
        &[("1", true), ("65535", true), ("0", false), ("65536", false)],
    );

    let error = port
        .validate("120000", &NoNamespaces)
        .expect_err("too large");
    assert_eq!(
        error.message,
        "120000 is greater than the maximum 65535 (maxInclusive)"
    );
    assert_eq!(error.facet, Some(FacetKind::MaxInclusive));

    let ratio = restricted(
        &builtin(BuiltinType::Double),
        &[
            (FacetKind::MinInclusive, "0"),
            (FacetKind::MaxExclusive, "1"),
        ],
    );
    check_cases(
        &ratio,
        &[
            ("0", true),
            ("0.999", true),
            ("1", false),
            ("NaN", false),
            ("-INF", false),
        ],
    );
}

#[test]
fn bounds_on_dates_and_durations() {
    let recent = restricted(
        &builtin(BuiltinType::Date),
        &[(FacetKind::MinInclusive, "2000-01-01Z")],
    );
    check_cases(
        &recent,
        &[
            ("2000-01-01Z", true),
            ("1999-12-31Z", false),
            ("2000-01-02", true),
            // Without a timezone, 2000-01-01 may fall on either side of the bound.
            ("2000-01-01", false),
        ],
    );

    let short = restricted(
        &builtin(BuiltinType::Duration),
        &[(FacetKind::MaxInclusive, "P1M")],
    );
    check_cases(
        &short,
        &[
            ("P27D", true),
            ("P1M", true),
            ("P30D", false),
            ("P32D", false),
        ],
    );
}

#[test]
fn digits() {
    let amount = restricted(
        &builtin(BuiltinType::Decimal),
        &[
            (FacetKind::TotalDigits, "5"),
            (FacetKind::FractionDigits, "2"),
        ],
    );
    check_cases(
        &amount,
        &[
            ("123.45", true),
            ("00123.450", true),
            ("1234.5", true),
            ("123.456", false),
            ("123456", false),
            ("0.001", false),
        ],
    );

    let error = amount
        .validate("12.345", &NoNamespaces)
        .expect_err("too precise");
    assert_eq!(
        error.message,
        "12.345 has 3 fraction digits, more than the maximum 2 (fractionDigits)"
    );
    let error = amount
        .validate("123.456", &NoNamespaces)
        .expect_err("too long");
    assert_eq!(
        error.message,
        "123.456 has 6 digits, more than the maximum 5 (totalDigits)"
    );
}

#[test]
fn white_space_facet() {
    let collapsed = restricted(
        &builtin(BuiltinType::String),
        &[
            (FacetKind::WhiteSpace, "collapse"),
            (FacetKind::Length, "3"),
        ],
    );
    assert_eq!(collapsed.white_space(), WhiteSpace::Collapse);
    check_cases(&collapsed, &[("  a b ", true), ("a  bc", false)]);
    assert_eq!(collapsed.facets.white_space(), Some(WhiteSpace::Collapse));
}

#[test]
fn lists_count_items_and_enumerate_item_wise() {
    let integers = SimpleType::list(builtin(BuiltinType::Integer), None).expect("atomic item");
    let pair = restricted(&integers, &[(FacetKind::Length, "2")]);
    check_cases(
        &pair,
        &[
            ("1 2", true),
            (" 1\n 2 ", true),
            ("1", false),
            ("1 x", false),
        ],
    );

    let choices = restricted(
        &integers,
        &[
            (FacetKind::Enumeration, "1 2"),
            (FacetKind::Enumeration, "3"),
        ],
    );
    check_cases(
        &choices,
        &[("01 +2", true), ("3", true), ("2 1", false), ("1", false)],
    );

    assert_eq!(
        pair.validate("1 2", &NoNamespaces).expect("valid"),
        Value::List(vec![Value::Integer(decimal(1)), Value::Integer(decimal(2)),])
    );
}

fn decimal(value: i128) -> schemakit_datatypes::Decimal {
    schemakit_datatypes::Decimal::from_i128(value)
}

#[test]
fn union_tries_members_in_order() {
    let size = SimpleType::union(
        vec![
            restricted(
                &builtin(BuiltinType::Int),
                &[(FacetKind::MinInclusive, "0")],
            ),
            restricted(
                &builtin(BuiltinType::Token),
                &[
                    (FacetKind::Enumeration, "small"),
                    (FacetKind::Enumeration, "large"),
                ],
            ),
        ],
        None,
    )
    .expect("members");
    check_cases(
        &size,
        &[
            ("12", true),
            (" small ", true),
            ("-1", false),
            ("medium", false),
        ],
    );
    assert_eq!(
        size.validate("12", &NoNamespaces).expect("int"),
        Value::Integer(decimal(12))
    );

    let error = size.validate("-1", &NoNamespaces).expect_err("no member");
    assert_eq!(
        error.message,
        r#""-1" is not valid for any member type of the union, which accepts test or test"#
    );

    let restricted_union = restricted(
        &size,
        &[
            (FacetKind::Enumeration, "1"),
            (FacetKind::Enumeration, "small"),
        ],
    );
    check_cases(
        &restricted_union,
        &[("1", true), ("small", true), ("2", false)],
    );
}

#[test]
fn facet_set_accessors() {
    let base = restricted(
        &builtin(BuiltinType::Decimal),
        &[
            (FacetKind::MaxInclusive, "100"),
            (FacetKind::Enumeration, "1"),
            (FacetKind::Enumeration, "2.0"),
        ],
    );
    let derived = restricted(&base, &[(FacetKind::Enumeration, "1.0")]);
    assert_eq!(
        base.facets.enumeration(),
        Some(&["1".to_owned(), "2.0".to_owned()][..])
    );
    assert_eq!(derived.facets.enumeration(), Some(&["1.0".to_owned()][..]));
    assert_eq!(
        derived.facets.enumeration_values().map(<[Value]>::len),
        Some(1)
    );
    let bound = derived.facets.max_inclusive().expect("inherited bound");
    assert_eq!(bound.written, "100");
    assert_eq!(bound.value, Value::Decimal(decimal(100)));

    let byte = builtin(BuiltinType::Byte);
    assert_eq!(
        byte.facets
            .min_inclusive()
            .map(|bound| bound.written.as_str()),
        Some("-128")
    );
    assert_eq!(byte.facets.fraction_digits(), Some(0));
    assert!(byte.facets.is_fixed(FacetKind::FractionDigits));
    assert!(byte.facets.is_fixed(FacetKind::WhiteSpace));
    assert_eq!(builtin(BuiltinType::NmTokens).facets.min_length(), Some(1));
}
