//! XSD instance rules end to end, on small XSDs loaded by the XSD loader: element and
//! attribute wildcards with each `processContents`, `xsi:type`, `xsi:nil`, NOTATION
//! values and the ID rule of attribute wildcards.

#![allow(clippy::expect_used, clippy::unwrap_used)]

use schemakit_resolve::{ExternalPolicy, Resolver};
use schemakit_validator::{CompiledXsd, Report, Validator, ValidatorOptions, Verdict};
use std::sync::Arc;

const XSI: &str = "xmlns:xsi='http://www.w3.org/2001/XMLSchema-instance'";

/// Builds a validator that checks documents against the XSD `text`.
fn validator(text: &str) -> Validator {
    let resolver = Resolver::new(ExternalPolicy::None);
    let loaded = schemakit_xsd::load_str(text, "test.xsd", None, &resolver)
        .unwrap_or_else(|error| panic!("the test XSD does not load: {error:?}"));
    let xsd = CompiledXsd::from_loaded(loaded);
    Validator::new(resolver, ValidatorOptions::default()).with_xsd(Arc::new(xsd))
}

fn validate(validator: &Validator, document: &str) -> Report {
    validator.validate_reader(document.as_bytes(), "doc.xml", None)
}

/// Returns the document's errors as `code path`.
fn errors(report: &Report) -> Vec<String> {
    report
        .diagnostics
        .iter()
        .filter(|d| d.is_error())
        .map(|d| format!("{} {}", d.code, d.path.as_deref().unwrap_or("-")))
        .collect()
}

/// A case: its name, the document and the errors expected (`code path`).
type Case<'a> = (&'a str, &'a str, &'a [&'a str]);

fn run_cases<D: AsRef<str>, E: AsRef<[&'static str]>>(
    validator: &Validator,
    cases: &[(&str, D, E)],
) {
    for (case, document, expected) in cases {
        let (document, expected) = (document.as_ref(), expected.as_ref());
        let report = validate(validator, document);
        assert_eq!(errors(&report), expected, "{case}: {document}");
        let verdict = match expected.is_empty() {
            true => Verdict::Valid,
            false => Verdict::Invalid,
        };
        assert_eq!(report.verdict, verdict, "{case}: {:?}", report.diagnostics);
    }
}

const WILDCARD_XSD: &str = r###"
<xs:schema xmlns:xs="http://www.w3.org/2001/XMLSchema">
  <xs:element name="strict">
    <xs:complexType>
      <xs:sequence>
        <xs:element name="head" type="xs:string"/>
        <xs:any namespace="##local" processContents="strict"/>
      </xs:sequence>
    </xs:complexType>
  </xs:element>
  <xs:element name="lax">
    <xs:complexType>
      <xs:sequence>
        <xs:any processContents="lax" maxOccurs="unbounded"/>
      </xs:sequence>
    </xs:complexType>
  </xs:element>
  <xs:element name="skip">
    <xs:complexType>
      <xs:sequence>
        <xs:any namespace="urn:other" processContents="skip"/>
      </xs:sequence>
    </xs:complexType>
  </xs:element>
  <xs:element name="count" type="xs:int"/>
</xs:schema>
"###;

#[test]
fn element_wildcard_cases() {
    let validator = validator(WILDCARD_XSD);
    let cases: &[Case] = &[
        (
            "strict with a global declaration",
            "<strict><head/><count>3</count></strict>",
            &[],
        ),
        (
            "strict validates the declaration",
            "<strict><head/><count>x</count></strict>",
            &["invalid-value /strict/count"],
        ),
        (
            "strict without a declaration",
            "<strict><head/><other/></strict>",
            &["undeclared-element /strict/other"],
        ),
        (
            "strict with xsi:type instead of a declaration",
            "<strict xmlns:xsi='http://www.w3.org/2001/XMLSchema-instance' xmlns:xs='http://www.w3.org/2001/XMLSchema'><head/><other xsi:type='xs:int'>3</other></strict>",
            &[],
        ),
        (
            "strict with xsi:type validates the type",
            "<strict xmlns:xsi='http://www.w3.org/2001/XMLSchema-instance' xmlns:xs='http://www.w3.org/2001/XMLSchema'><head/><other xsi:type='xs:int'>x</other></strict>",
            &["invalid-value /strict/other"],
        ),
        (
            "namespace outside the wildcard",
            "<strict><head/><p:count xmlns:p='urn:p'>3</p:count></strict>",
            &[
                "undeclared-element /strict/p:count",
                "missing-element /strict",
            ],
        ),
        (
            "missing wildcard child",
            "<strict><head/></strict>",
            &["missing-element /strict"],
        ),
        (
            "lax without a declaration",
            "<lax><free a='1'><deeper/></free></lax>",
            &[],
        ),
        (
            "lax validates a declaration",
            "<lax><count>x</count></lax>",
            &["invalid-value /lax/count"],
        ),
        (
            "lax validates declared descendants",
            "<lax><free><count>x</count></free></lax>",
            &["invalid-value /lax/free/count"],
        ),
        (
            "skip checks nothing below",
            "<skip><o:count xmlns:o='urn:other'>x<count>y</count></o:count></skip>",
            &[],
        ),
        (
            "skip still checks the namespace",
            "<skip><count>3</count></skip>",
            &["unexpected-element /skip/count", "missing-element /skip"],
        ),
    ];
    run_cases(&validator, cases);
}

#[test]
fn unexpected_child_names_wildcard() {
    let validator = validator(WILDCARD_XSD);
    let report = validate(
        &validator,
        "<skip><o:x xmlns:o='urn:other'/><o:y xmlns:o='urn:other'/></skip>",
    );
    let finding = report
        .diagnostics
        .iter()
        .find(|d| d.is_error())
        .expect("a second child is an error");

    assert!(
        finding
            .message
            .contains("which expects the end of the element"),
        "{}",
        finding.message
    );

    let report = validate(&validator, "<strict><head/><other/></strict>");
    let finding = report
        .diagnostics
        .iter()
        .find(|d| d.is_error())
        .expect("a strict wildcard needs a declaration");
    assert!(
        finding
            .message
            .contains("matches the wildcard for any element in no namespace"),
        "{}",
        finding.message
    );

    let report = validate(&validator, "<strict><head/><p:x xmlns:p='urn:p'/></strict>");
    let finding = report
        .diagnostics
        .iter()
        .find(|d| d.is_error())
        .expect("a child in another namespace is an error");
    assert!(
        finding.message.contains("any element in no namespace"),
        "{}",
        finding.message
    );
}

const ATTRIBUTE_WILDCARD_XSD: &str = r###"
<xs:schema xmlns:xs="http://www.w3.org/2001/XMLSchema"
           targetNamespace="urn:t" xmlns:t="urn:t">
  <xs:attribute name="size" type="xs:int"/>
  <xs:attribute name="key" type="xs:ID"/>
  <xs:attribute name="code" type="xs:ID"/>
  <xs:element name="strict">
    <xs:complexType>
      <xs:attribute name="own" type="xs:string"/>
      <xs:anyAttribute namespace="##targetNamespace" processContents="strict"/>
    </xs:complexType>
  </xs:element>
  <xs:element name="lax">
    <xs:complexType>
      <xs:anyAttribute processContents="lax"/>
    </xs:complexType>
  </xs:element>
  <xs:element name="skip">
    <xs:complexType>
      <xs:anyAttribute namespace="##other" processContents="skip"/>
    </xs:complexType>
  </xs:element>
  <xs:element name="owner">
    <xs:complexType>
      <xs:attribute name="id" type="xs:ID"/>
      <xs:anyAttribute processContents="strict"/>
    </xs:complexType>
  </xs:element>
</xs:schema>
"###;

#[test]
fn attribute_wildcard_cases() {
    let validator = validator(ATTRIBUTE_WILDCARD_XSD);
    let cases: &[Case] = &[
        (
            "strict with a global declaration",
            "<t:strict xmlns:t='urn:t' own='a' t:size='3'/>",
            &[],
        ),
        (
            "strict validates the declaration",
            "<t:strict xmlns:t='urn:t' t:size='x'/>",
            &["invalid-value /t:strict"],
        ),
        (
            "strict without a declaration",
            "<t:strict xmlns:t='urn:t' t:other='x'/>",
            &["undeclared-attribute /t:strict"],
        ),
        (
            "namespace outside the wildcard",
            "<t:strict xmlns:t='urn:t' other='x'/>",
            &["undeclared-attribute /t:strict"],
        ),
        (
            "lax without a declaration",
            "<t:lax xmlns:t='urn:t' t:other='x' free='y'/>",
            &[],
        ),
        (
            "lax validates a declaration",
            "<t:lax xmlns:t='urn:t' t:size='x'/>",
            &["invalid-value /t:lax"],
        ),
        (
            "skip accepts any value",
            "<t:skip xmlns:t='urn:t' xmlns:o='urn:o' o:size='x'/>",
            &[],
        ),
        (
            "skip keeps the namespace constraint",
            "<t:skip xmlns:t='urn:t' t:size='3'/>",
            &["undeclared-attribute /t:skip"],
        ),
        (
            "one ID through the wildcard",
            "<t:lax xmlns:t='urn:t' t:key='a'/>",
            &[],
        ),
        (
            "two IDs through the wildcard",
            "<t:lax xmlns:t='urn:t' t:key='a' t:code='b'/>",
            &["multiple-id-attributes /t:lax"],
        ),
        (
            "ID through the wildcard beside a declared ID",
            "<t:owner xmlns:t='urn:t' t:key='a'/>",
            &["multiple-id-attributes /t:owner"],
        ),
    ];
    run_cases(&validator, cases);
}

const XSI_TYPE_XSD: &str = r###"
<xs:schema xmlns:xs="http://www.w3.org/2001/XMLSchema"
           targetNamespace="urn:t" xmlns:t="urn:t" elementFormDefault="qualified">
  <xs:complexType name="Base">
    <xs:sequence>
      <xs:element name="a" type="xs:string"/>
    </xs:sequence>
  </xs:complexType>
  <xs:complexType name="Extended">
    <xs:complexContent>
      <xs:extension base="t:Base">
        <xs:sequence>
          <xs:element name="b" type="xs:int"/>
        </xs:sequence>
      </xs:extension>
    </xs:complexContent>
  </xs:complexType>
  <xs:complexType name="Abstract" abstract="true">
    <xs:complexContent>
      <xs:extension base="t:Base"/>
    </xs:complexContent>
  </xs:complexType>
  <xs:complexType name="Other">
    <xs:sequence>
      <xs:element name="a" type="xs:string"/>
    </xs:sequence>
  </xs:complexType>
  <xs:simpleType name="Small">
    <xs:restriction base="xs:int">
      <xs:maxInclusive value="9"/>
    </xs:restriction>
  </xs:simpleType>
  <xs:simpleType name="Number">
    <xs:union memberTypes="xs:int xs:date"/>
  </xs:simpleType>
  <xs:element name="doc">
    <xs:complexType>
      <xs:choice maxOccurs="unbounded">
        <xs:element name="item" type="t:Base"/>
        <xs:element name="sealed" type="t:Base" block="extension"/>
        <xs:element name="value" type="xs:int"/>
        <xs:element name="number" type="t:Number"/>
      </xs:choice>
    </xs:complexType>
  </xs:element>
</xs:schema>
"###;

#[test]
fn xsi_type_cases() {
    let validator = validator(XSI_TYPE_XSD);
    let doc = |body: &str| format!("<t:doc xmlns:t='urn:t' {XSI}>{body}</t:doc>");
    let cases = [
        ("declared type", doc("<t:item><t:a/></t:item>"), vec![]),
        (
            "extension",
            doc("<t:item xsi:type='t:Extended'><t:a/><t:b>1</t:b></t:item>"),
            vec![],
        ),
        (
            "extension content checked",
            doc("<t:item xsi:type='t:Extended'><t:a/><t:b>x</t:b></t:item>"),
            vec!["invalid-value /t:doc/t:item/t:b"],
        ),
        (
            "extension content required",
            doc("<t:item xsi:type='t:Extended'><t:a/></t:item>"),
            vec!["missing-element /t:doc/t:item"],
        ),
        (
            "unknown type",
            doc("<t:item xsi:type='t:Missing'><t:a/></t:item>"),
            vec!["invalid-attribute-value /t:doc/t:item"],
        ),
        (
            "unbound prefix",
            doc("<t:item xsi:type='q:Extended'><t:a/></t:item>"),
            vec!["invalid-attribute-value /t:doc/t:item"],
        ),
        (
            "abstract type",
            doc("<t:item xsi:type='t:Abstract'><t:a/></t:item>"),
            vec!["invalid-attribute-value /t:doc/t:item"],
        ),
        (
            "unrelated type",
            doc("<t:item xsi:type='t:Other'><t:a/></t:item>"),
            vec!["invalid-attribute-value /t:doc/t:item"],
        ),
        (
            "extension blocked",
            doc("<t:sealed xsi:type='t:Extended'><t:a/><t:b>1</t:b></t:sealed>"),
            vec!["invalid-attribute-value /t:doc/t:sealed"],
        ),
        (
            "simple restriction",
            doc("<t:value xsi:type='t:Small'>5</t:value>"),
            vec![],
        ),
        (
            "simple restriction facet",
            doc("<t:value xsi:type='t:Small'>50</t:value>"),
            vec!["invalid-value /t:doc/t:value"],
        ),
        (
            "union member",
            doc("<t:number xsi:type='xs:int' xmlns:xs='http://www.w3.org/2001/XMLSchema'>5</t:number>"),
            vec![],
        ),
        (
            "union member value checked",
            doc("<t:number xsi:type='xs:int' xmlns:xs='http://www.w3.org/2001/XMLSchema'>2001-01-01</t:number>"),
            vec!["invalid-value /t:doc/t:number"],
        ),
        (
            "undeclared root with a type",
            format!("<t:free xmlns:t='urn:t' {XSI} xsi:type='t:Small'>5</t:free>"),
            vec![],
        ),
        (
            "undeclared root with a type, value checked",
            format!("<t:free xmlns:t='urn:t' {XSI} xsi:type='t:Small'>50</t:free>"),
            vec!["invalid-value /t:free"],
        ),
        (
            "undeclared root without a type",
            format!("<t:free xmlns:t='urn:t' {XSI}>5</t:free>"),
            vec!["undeclared-element /t:free"],
        ),
    ];
    run_cases(&validator, &cases);
}

#[test]
fn xsi_type_message_names_type() {
    let validator = validator(XSI_TYPE_XSD);
    let report = validate(
        &validator,
        &format!("<t:doc xmlns:t='urn:t' {XSI}><t:item xsi:type='t:Other'><t:a/></t:item></t:doc>"),
    );
    let finding = report
        .diagnostics
        .iter()
        .find(|d| d.is_error())
        .expect("an unrelated type is an error");

    assert!(
        finding.message.contains("`{urn:t}Other`"),
        "{}",
        finding.message
    );
    assert!(
        finding
            .message
            .contains("not derived from the declared type"),
        "{}",
        finding.message
    );
}

const NIL_AND_NOTATION_XSD: &str = r###"
<xs:schema xmlns:xs="http://www.w3.org/2001/XMLSchema">
  <xs:notation name="png" public="image/png"/>
  <xs:notation name="gif" public="image/gif"/>
  <xs:simpleType name="Format">
    <xs:restriction base="xs:NOTATION">
      <xs:enumeration value="png"/>
      <xs:enumeration value="gif"/>
    </xs:restriction>
  </xs:simpleType>
  <xs:element name="doc">
    <xs:complexType>
      <xs:choice maxOccurs="unbounded">
        <xs:element name="nillable" type="xs:int" nillable="true"/>
        <xs:element name="plain" type="xs:int"/>
        <xs:element name="format" type="Format"/>
        <xs:element name="note" fixed="seen">
          <xs:complexType mixed="true">
            <xs:sequence>
              <xs:element name="b" type="xs:string" minOccurs="0"/>
            </xs:sequence>
          </xs:complexType>
        </xs:element>
        <xs:element name="image">
          <xs:complexType>
            <xs:attribute name="format" type="Format"/>
          </xs:complexType>
        </xs:element>
      </xs:choice>
    </xs:complexType>
  </xs:element>
</xs:schema>
"###;

#[test]
fn nil_and_notation_cases() {
    let validator = validator(NIL_AND_NOTATION_XSD);
    let doc = |body: &str| format!("<doc {XSI}>{body}</doc>");
    let cases = [
        ("nil", doc("<nillable xsi:nil='true'/>"), vec![]),
        (
            "nil with content",
            doc("<nillable xsi:nil='true'>1</nillable>"),
            vec!["not-empty /doc/nillable"],
        ),
        (
            "nil false needs content",
            doc("<nillable xsi:nil='false'/>"),
            vec!["invalid-value /doc/nillable"],
        ),
        (
            "nil not a boolean",
            doc("<nillable xsi:nil='yes'>1</nillable>"),
            vec!["invalid-attribute-value /doc/nillable"],
        ),
        (
            "nil on a non-nillable element",
            doc("<plain xsi:nil='true'>1</plain>"),
            vec!["invalid-attribute-value /doc/plain"],
        ),
        (
            "nil false on a non-nillable element",
            doc("<plain xsi:nil='false'>1</plain>"),
            vec!["invalid-attribute-value /doc/plain"],
        ),
        ("mixed fixed value", doc("<note>seen</note>"), vec![]),
        ("mixed fixed value when empty", doc("<note/>"), vec![]),
        (
            "mixed fixed value differs",
            doc("<note>other</note>"),
            vec!["fixed-value-mismatch /doc/note"],
        ),
        (
            "mixed fixed value with a child",
            doc("<note>seen<b/></note>"),
            vec!["fixed-value-mismatch /doc/note"],
        ),
        ("declared notation", doc("<format>png</format>"), vec![]),
        (
            "notation outside the enumeration",
            doc("<format>bmp</format>"),
            vec!["invalid-value /doc/format"],
        ),
        (
            "declared notation attribute",
            doc("<image format='gif'/>"),
            vec![],
        ),
        (
            "notation attribute outside the enumeration",
            doc("<image format='jpeg'/>"),
            vec!["invalid-value /doc/image"],
        ),
    ];
    run_cases(&validator, &cases);
}

#[test]
fn empty_schema_rejects_every_root() {
    let validator = validator("<xs:schema xmlns:xs='http://www.w3.org/2001/XMLSchema'/>");
    let report = validate(&validator, "<doc/>");

    assert_eq!(errors(&report), vec!["undeclared-element /doc"]);
    assert_eq!(report.verdict, Verdict::Invalid);
}

const WHITESPACE_XSD: &str = r###"
<xs:schema xmlns:xs="http://www.w3.org/2001/XMLSchema">
  <xs:simpleType name="Spaces">
    <xs:restriction base="xs:string">
      <xs:minLength value="2"/>
    </xs:restriction>
  </xs:simpleType>
  <xs:element name="doc">
    <xs:complexType>
      <xs:choice maxOccurs="unbounded">
        <xs:element name="nillable" type="xs:int" nillable="true"/>
        <xs:element name="group" nillable="true">
          <xs:complexType>
            <xs:sequence>
              <xs:element name="b" minOccurs="0"/>
            </xs:sequence>
          </xs:complexType>
        </xs:element>
        <xs:element name="empty">
          <xs:complexType/>
        </xs:element>
        <xs:element name="spaces" type="Spaces"/>
        <xs:element name="fixed" fixed="  ">
          <xs:complexType mixed="true">
            <xs:sequence>
              <xs:element name="b" minOccurs="0"/>
            </xs:sequence>
          </xs:complexType>
        </xs:element>
        <xs:element name="mixed">
          <xs:complexType mixed="true">
            <xs:sequence>
              <xs:element name="b" minOccurs="0"/>
            </xs:sequence>
          </xs:complexType>
        </xs:element>
        <xs:element name="any" type="xs:anyType"/>
      </xs:choice>
    </xs:complexType>
  </xs:element>
</xs:schema>
"###;

/// Whitespace-only text between tags: ignorable in element-only, mixed and
/// `xs:anyType` content, but content of a nil or empty element, part of a simple
/// value and part of a fixed mixed value.
#[test]
fn whitespace_cases() {
    let validator = validator(WHITESPACE_XSD);
    let doc = |body: &str| format!("<doc {XSI}>\n  {body}\n  </doc>");
    let cases = [
        ("between children", doc("<empty/>\n  <mixed/>"), vec![]),
        (
            "nil element with whitespace",
            doc("<nillable xsi:nil='true'>  </nillable>"),
            vec!["not-empty /doc/nillable"],
        ),
        ("element-only content", doc("<group> <b/> </group>"), vec![]),
        (
            "nil element-only element with whitespace",
            doc("<group xsi:nil='true'> </group>"),
            vec!["not-empty /doc/group"],
        ),
        (
            "empty element with whitespace",
            doc("<empty>\n  </empty>"),
            vec!["not-empty /doc/empty"],
        ),
        (
            "simple value of spaces",
            doc("<spaces>   </spaces>"),
            vec![],
        ),
        (
            "simple value too short",
            doc("<spaces> </spaces>"),
            vec!["invalid-value /doc/spaces"],
        ),
        ("fixed value of spaces", doc("<fixed>  </fixed>"), vec![]),
        (
            "fixed value with other spaces",
            doc("<fixed>   </fixed>"),
            vec!["fixed-value-mismatch /doc/fixed"],
        ),
        ("mixed content", doc("<mixed> <b/> </mixed>"), vec![]),
        ("any content", doc("<any> <x> <y/> </x> </any>"), vec![]),
    ];
    run_cases(&validator, &cases);
}
