//! Lexical and value spaces of the 45 built-in types: one table of (type, text,
//! valid?) per family.

#![allow(clippy::expect_used, clippy::unwrap_used)]

use schemakit_datatypes::{BuiltinType, NamespaceLookup, NoNamespaces, SimpleType, Value};

/// Binds `xs` and the default namespace, for QName and NOTATION cases.
struct TestNamespaces;

impl NamespaceLookup for TestNamespaces {
    fn namespace(&self, prefix: &str) -> Option<String> {
        match prefix {
            "xs" => Some("http://www.w3.org/2001/XMLSchema".to_owned()),
            "" => Some("urn:default".to_owned()),
            _ => None,
        }
    }
}

fn check_table(cases: &[(&str, &str, bool)]) {
    for &(type_name, text, valid) in cases {
        let builtin = BuiltinType::from_name(type_name).expect(type_name);
        let result = SimpleType::builtin(builtin).validate(text, &TestNamespaces);
        assert_eq!(
            result.is_ok(),
            valid,
            "{type_name} {text:?}: {:?}",
            result.err().map(|error| error.message)
        );
    }
}

fn canonical(type_name: &str, text: &str) -> String {
    let builtin = BuiltinType::from_name(type_name).expect(type_name);
    SimpleType::builtin(builtin)
        .validate(text, &TestNamespaces)
        .expect(text)
        .to_string()
}

#[test]
fn string_family() {
    check_table(&[
        ("string", " any\ttext \n", true),
        ("string", "", true),
        ("anySimpleType", "  x  ", true),
        ("normalizedString", "a\tb", true),
        ("token", "  a   b  ", true),
        ("language", "en-US", true),
        ("language", " de ", true),
        ("language", "en_US", false),
        ("language", "toolongtag", false),
        ("language", "", false),
        ("NMTOKEN", "-1.a:b", true),
        ("NMTOKEN", "a b", false),
        ("NMTOKEN", "", false),
        ("NMTOKENS", " a  b c ", true),
        ("NMTOKENS", "", false),
        ("NMTOKENS", "a $", false),
        ("Name", ":a1", true),
        ("Name", "1a", false),
        ("NCName", "a:b", false),
        ("NCName", "_a-b.c", true),
        ("ID", "id1", true),
        ("ID", "1id", false),
        ("IDREF", "ref", true),
        ("IDREF", "a:b", false),
        ("IDREFS", "a b c", true),
        ("IDREFS", "   ", false),
        ("ENTITY", "ent", true),
        ("ENTITIES", "e1 e2", true),
        ("ENTITIES", "e1 2e", false),
    ]);
}

#[test]
fn whitespace_normalization() {
    let cases = [
        ("string", " a\tb\n", " a\tb\n"),
        ("normalizedString", " a\tb\n", " a b "),
        ("token", " a\t\tb\n", "a b"),
        ("int", " 42\n", "42"),
        ("NMTOKENS", "\ta  b\n", "a b"),
    ];
    for (type_name, text, normalized) in cases {
        let builtin = BuiltinType::from_name(type_name).expect(type_name);
        assert_eq!(
            SimpleType::builtin(builtin).normalize(text),
            normalized,
            "{type_name}"
        );
    }
}

#[test]
fn boolean_values() {
    check_table(&[
        ("boolean", "true", true),
        ("boolean", "false", true),
        ("boolean", "1", true),
        ("boolean", " 0 ", true),
        ("boolean", "TRUE", false),
        ("boolean", "yes", false),
        ("boolean", "", false),
    ]);
    assert_eq!(canonical("boolean", "1"), "true");
}

#[test]
fn decimal_and_integer_ranges() {
    check_table(&[
        ("decimal", "-1.23", true),
        ("decimal", "+.5", true),
        ("decimal", "5.", true),
        ("decimal", "1e5", false),
        ("decimal", ".", false),
        ("decimal", "INF", false),
        ("decimal", "123456789012345678901234567890.123456789", true),
        ("integer", "123456789012345678901234567890", true),
        ("integer", "1.0", false),
        ("integer", "+0", true),
        ("nonPositiveInteger", "0", true),
        ("nonPositiveInteger", "-0", true),
        ("nonPositiveInteger", "1", false),
        ("negativeInteger", "-1", true),
        ("negativeInteger", "0", false),
        ("long", "-9223372036854775808", true),
        ("long", "9223372036854775807", true),
        ("long", "9223372036854775808", false),
        ("long", "-9223372036854775809", false),
        ("int", "2147483647", true),
        ("int", "2147483648", false),
        ("int", "-2147483648", true),
        ("int", "-2147483649", false),
        ("int", "12a", false),
        ("short", "32767", true),
        ("short", "-32769", false),
        ("byte", "-128", true),
        ("byte", "128", false),
        ("nonNegativeInteger", "0", true),
        ("nonNegativeInteger", "-1", false),
        ("unsignedLong", "18446744073709551615", true),
        ("unsignedLong", "18446744073709551616", false),
        ("unsignedInt", "4294967295", true),
        ("unsignedInt", "4294967296", false),
        ("unsignedShort", "65535", true),
        ("unsignedShort", "65536", false),
        ("unsignedByte", "255", true),
        ("unsignedByte", "256", false),
        ("unsignedByte", "-0", true),
        ("positiveInteger", "1", true),
        ("positiveInteger", "0", false),
    ]);
    assert_eq!(canonical("decimal", "+01.50"), "1.5");
    assert_eq!(canonical("decimal", "3"), "3.0");
    assert_eq!(canonical("int", "+007"), "7");
}

#[test]
fn float_and_double() {
    check_table(&[
        ("float", "1.5E2", true),
        ("float", "-1e-3", true),
        ("float", "INF", true),
        ("float", "-INF", true),
        ("float", "NaN", true),
        ("float", "+INF", false),
        ("float", "inf", false),
        ("float", "1.5E", false),
        ("float", "E2", false),
        ("double", "1.7976931348623157E308", true),
        ("double", "-0", true),
        ("double", "0x10", false),
        ("double", "1,5", false),
    ]);
    assert_eq!(canonical("double", "100"), "1.0E2");
    assert_eq!(canonical("float", "-0.5"), "-5.0E-1");
}

#[test]
fn durations() {
    check_table(&[
        ("duration", "P1Y2M3DT10H30M", true),
        ("duration", "-P120D", true),
        ("duration", "PT1.5S", true),
        ("duration", "P0Y", true),
        ("duration", "P", false),
        ("duration", "PT", false),
        ("duration", "P1Y2MT", false),
        ("duration", "P-1Y", false),
        ("duration", "P1.5Y", false),
        ("duration", "1Y", false),
    ]);
}

#[test]
fn dates_and_times() {
    check_table(&[
        ("dateTime", "2002-10-10T12:00:00-05:00", true),
        ("dateTime", "2002-10-10T12:00:00.123456789Z", true),
        ("dateTime", "-0044-03-15T12:00:00", true),
        ("dateTime", "12345-01-01T00:00:00", true),
        ("dateTime", "2000-12-31T24:00:00", true),
        ("dateTime", "2000-12-31T24:00:01", false),
        ("dateTime", "0000-01-01T00:00:00", false),
        ("dateTime", "012345-01-01T00:00:00", false),
        ("dateTime", "2002-10-10", false),
        ("dateTime", "2002-10-10T12:00:00+14:30", false),
        ("time", "13:20:00", true),
        ("time", "13:20:00.5+01:00", true),
        ("time", "24:00:00", true),
        ("time", "13:20", false),
        ("time", "25:00:00", false),
        ("date", "2004-02-29", true),
        ("date", "2003-02-29", false),
        ("date", "2000-02-29", true),
        ("date", "1900-02-29", false),
        ("date", "2000-06-31", false),
        ("date", "2000-01-01Z", true),
        ("gYearMonth", "1999-05", true),
        ("gYearMonth", "1999-13", false),
        ("gYear", "-0001", true),
        ("gYear", "0000", false),
        ("gYear", "99", false),
        ("gMonthDay", "--02-29", true),
        ("gMonthDay", "--02-30", false),
        ("gMonthDay", "--11-31", false),
        ("gDay", "---15", true),
        ("gDay", "---32", false),
        ("gDay", "--15", false),
        ("gMonth", "--05", true),
        ("gMonth", "--05--", false),
        ("gMonth", "--13", false),
    ]);
    assert_eq!(
        canonical("dateTime", "2002-10-10T12:00:00-05:00"),
        "2002-10-10T17:00:00Z"
    );
}

#[test]
fn binary_types() {
    check_table(&[
        ("hexBinary", "0FB7", true),
        ("hexBinary", "0fb7", true),
        ("hexBinary", "", true),
        ("hexBinary", "0FB", false),
        ("hexBinary", "0G", false),
        ("base64Binary", "SGVsbG8=", true),
        ("base64Binary", " SGVs bG8= ", true),
        ("base64Binary", "SGVsbG8", false),
        ("base64Binary", "SGVsbG9=", false),
        ("base64Binary", "SG=sbG8=", false),
        ("base64Binary", "SGVs\n\nbG8=", true),
        ("base64Binary", "SGVsbG8= =", false),
    ]);
    assert_eq!(canonical("hexBinary", "0fb7"), "0FB7");
}

#[test]
fn uris_and_qualified_names() {
    check_table(&[
        ("anyURI", "http://www.example.com/a?b#c", true),
        ("anyURI", "C:/TestSuites/XSD%20Spec/x.htm#frag", true),
        ("anyURI", "", true),
        ("anyURI", "urn:isbn:0451450523", true),
        ("anyURI", "../a:b", true),
        ("anyURI", ":a", false),
        ("anyURI", "b:", false),
        ("anyURI", "1http://x", false),
        ("anyURI", "a%20b", true),
        ("anyURI", "100%", false),
        ("anyURI", "%zz", false),
        ("QName", "xs:string", true),
        ("QName", "local", true),
        ("QName", "undeclared:name", false),
        ("QName", "a:b:c", false),
        ("QName", "1a", false),
        ("QName", ":a", false),
        ("QName", "a:", false),
        ("NOTATION", "xs:gif", true),
        ("NOTATION", "nope:gif", false),
    ]);

    let qname = SimpleType::builtin(BuiltinType::QName);
    assert_eq!(
        qname
            .validate("xs:string", &TestNamespaces)
            .expect("bound prefix"),
        Value::QName {
            namespace: Some("http://www.w3.org/2001/XMLSchema".to_owned()),
            local: "string".to_owned(),
        }
    );
    assert_eq!(
        qname.validate("local", &NoNamespaces).expect("no prefix"),
        Value::QName {
            namespace: None,
            local: "local".to_owned(),
        }
    );
}

#[test]
fn every_builtin_has_a_valid_sample() {
    let samples = [
        (BuiltinType::AnySimpleType, "x"),
        (BuiltinType::String, "x"),
        (BuiltinType::Boolean, "true"),
        (BuiltinType::Decimal, "1.5"),
        (BuiltinType::Float, "1"),
        (BuiltinType::Double, "1"),
        (BuiltinType::Duration, "P1D"),
        (BuiltinType::DateTime, "2000-01-01T00:00:00"),
        (BuiltinType::Time, "00:00:00"),
        (BuiltinType::Date, "2000-01-01"),
        (BuiltinType::GYearMonth, "2000-01"),
        (BuiltinType::GYear, "2000"),
        (BuiltinType::GMonthDay, "--01-01"),
        (BuiltinType::GDay, "---01"),
        (BuiltinType::GMonth, "--01"),
        (BuiltinType::HexBinary, "00"),
        (BuiltinType::Base64Binary, "AA=="),
        (BuiltinType::AnyUri, "urn:x"),
        (BuiltinType::QName, "xs:int"),
        (BuiltinType::Notation, "xs:gif"),
        (BuiltinType::NormalizedString, "x"),
        (BuiltinType::Token, "x"),
        (BuiltinType::Language, "en"),
        (BuiltinType::NmToken, "x"),
        (BuiltinType::NmTokens, "x y"),
        (BuiltinType::Name, "x"),
        (BuiltinType::NcName, "x"),
        (BuiltinType::Id, "x"),
        (BuiltinType::IdRef, "x"),
        (BuiltinType::IdRefs, "x y"),
        (BuiltinType::Entity, "x"),
        (BuiltinType::Entities, "x y"),
        (BuiltinType::Integer, "1"),
        (BuiltinType::NonPositiveInteger, "0"),
        (BuiltinType::NegativeInteger, "-1"),
        (BuiltinType::Long, "1"),
        (BuiltinType::Int, "1"),
        (BuiltinType::Short, "1"),
        (BuiltinType::Byte, "1"),
        (BuiltinType::NonNegativeInteger, "0"),
        (BuiltinType::UnsignedLong, "1"),
        (BuiltinType::UnsignedInt, "1"),
        (BuiltinType::UnsignedShort, "1"),
        (BuiltinType::UnsignedByte, "1"),
        (BuiltinType::PositiveInteger, "1"),
    ];
    assert_eq!(samples.len(), BuiltinType::ALL.len());
    for (builtin, sample) in samples {
        let result = SimpleType::builtin(builtin).validate(sample, &TestNamespaces);
        assert!(result.is_ok(), "{} {sample:?}: {result:?}", builtin.name());
    }
}

#[test]
fn lexical_error_messages() {
    let int = SimpleType::builtin(BuiltinType::Int);
    let error = int.validate("12a", &NoNamespaces).expect_err("not an int");
    assert_eq!(error.facet, None);
    assert_eq!(
        error.message,
        r#""12a" is not a valid int, expected an integer such as -42"#
    );

    let unsigned_short = SimpleType::builtin(BuiltinType::UnsignedShort);
    let error = unsigned_short
        .validate("120000", &NoNamespaces)
        .expect_err("too large");
    assert_eq!(
        error.message,
        "120000 is greater than the maximum 65535 (maxInclusive)"
    );
    assert_eq!(error.expected.as_deref(), Some("at most 65535"));

    let date = SimpleType::builtin(BuiltinType::Date);
    let error = date
        .validate("2001-02-29", &NoNamespaces)
        .expect_err("no leap day");
    assert_eq!(
        error.message,
        r#""2001-02-29" is not a valid date because the day 29 does not exist in February 2001, which is not a leap year"#
    );

    let qname = SimpleType::builtin(BuiltinType::QName);
    let error = qname
        .validate("p:x", &NoNamespaces)
        .expect_err("unbound prefix");
    assert!(
        error.message.contains(r#"the prefix "p" is not bound"#),
        "{}",
        error.message
    );
}

#[test]
fn odd_input_never_panics() {
    let texts = [
        "",
        " ",
        "é",
        "-",
        "+",
        ".",
        "e",
        "P",
        "T",
        "Z",
        "--",
        "---",
        "%",
        ":",
        "=",
        "2000-01-01T00:00:00é+01:00",
        "20é0-01-01",
        "--0é",
        "P99999999999999999999999999Y",
        "PT99999999999999999999999999999999999999999999H",
        "P9223372036854775807M",
        "999999999999-12-31T24:00:00-14:00",
        "-999999999999-01-01T00:00:00+14:00",
        "99999999999999999999-01-01",
        "1e99999999999999999999",
        "999999999999999999999999999999999999999999999999999999999999",
        "0.000000000000000000000000000000000000000000000000000000000001",
        "AAAA====",
        "====",
        "a:b:c",
        "\u{0}",
    ];
    for builtin in BuiltinType::ALL {
        let simple_type = SimpleType::builtin(builtin);
        for text in texts {
            let _ = simple_type.validate(text, &TestNamespaces);
        }
    }
}
