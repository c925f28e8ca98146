//! XSD validation end to end: small XSDs loaded by the XSD loader, chosen explicitly,
//! by schema location hints or by the root index, and the findings for documents.

#![allow(clippy::expect_used, clippy::unwrap_used)]

use schemakit_model::{Code, SchemaKind};
use schemakit_resolve::{Catalog, ExternalPolicy, Resolver, RootIndex};
use schemakit_validator::{
    CompiledXsd, Report, SchemaSelection, ValidateError, Validator, ValidatorOptions, Verdict,
};
use std::path::PathBuf;
use std::sync::Arc;

const AUTH_XSD: &str = r#"<?xml version="1.0"?>
<xs:schema xmlns:xs="http://www.w3.org/2001/XMLSchema">
  <xs:simpleType name="AuthType">
    <xs:restriction base="xs:string">
      <xs:enumeration value="IBM DB2"/>
      <xs:enumeration value="MS SQL"/>
    </xs:restriction>
  </xs:simpleType>
  <xs:element name="AUTH_RECORDS">
    <xs:complexType>
      <xs:sequence>
        <xs:element name="RECORD" minOccurs="1" maxOccurs="3">
          <xs:complexType>
            <xs:sequence>
              <xs:element name="TITLE" type="xs:string"/>
              <xs:element name="AUTHENTICATION_TYPE" type="AuthType"/>
              <xs:element name="PORT" type="xs:unsignedShort" minOccurs="0" default="1433"/>
            </xs:sequence>
            <xs:attribute name="id" type="xs:ID" use="required"/>
            <xs:attribute name="owner" type="xs:IDREF"/>
          </xs:complexType>
        </xs:element>
      </xs:sequence>
    </xs:complexType>
  </xs:element>
</xs:schema>
"#;

const NAMESPACED_XSD: &str = r#"<?xml version="1.0"?>
<xs:schema xmlns:xs="http://www.w3.org/2001/XMLSchema"
           targetNamespace="urn:example:scan" xmlns="urn:example:scan"
           elementFormDefault="qualified">
  <xs:element name="SCAN">
    <xs:complexType>
      <xs:all>
        <xs:element name="TARGET" type="xs:string"/>
        <xs:element name="PRIORITY" type="xs:int" minOccurs="0"/>
      </xs:all>
    </xs:complexType>
  </xs:element>
</xs:schema>
"#;

const CATALOG: &str = r#"<?xml version="1.0"?>
<catalog xmlns="urn:oasis:names:tc:entity:xmlns:xml:catalog">
  <system systemId="https://api.example.com/auth.xsd" uri="auth.xsd"/>
  <uri name="https://api.example.com/auth.xsd" uri="auth.xsd"/>
</catalog>
"#;

const ROOTS: &str = r#"
[[root]]
element = "AUTH_RECORDS"
system_id = "https://api.example.com/auth.xsd"
reason = "auth.xsd serves the authentication record export"
"#;

const VALID: &str = r#"<AUTH_RECORDS>
  <RECORD id="r1">
    <TITLE>Main database</TITLE>
    <AUTHENTICATION_TYPE>MS SQL</AUTHENTICATION_TYPE>
    <PORT>1433</PORT>
  </RECORD>
  <RECORD id="r2" owner="r1">
    <TITLE>Replica</TITLE>
    <AUTHENTICATION_TYPE>IBM DB2</AUTHENTICATION_TYPE>
  </RECORD>
</AUTH_RECORDS>
"#;

/// A directory with the XSDs, a catalog that maps the auth XSD's URL, and a root index.
struct Fixture {
    dir: tempfile::TempDir,
}

impl Fixture {
    fn new() -> Self {
        let dir = tempfile::tempdir().unwrap();
        std::fs::write(dir.path().join("auth.xsd"), AUTH_XSD).unwrap();
        std::fs::write(dir.path().join("scan.xsd"), NAMESPACED_XSD).unwrap();
        std::fs::write(
            dir.path().join("broken.xsd"),
            "<xs:schema xmlns:xs=\"http://www.w3.org/2001/XMLSchema\"><xs:element name=\"A\" type=\"Missing\"/></xs:schema>",
        )
        .unwrap();
        std::fs::write(dir.path().join("catalog.xml"), CATALOG).unwrap();
        Fixture { dir }
    }

    fn path(&self, name: &str) -> PathBuf {
        self.dir.path().join(name)
    }

    fn resolver(&self, policy: ExternalPolicy) -> Resolver {
        let catalog = Catalog::load(&self.path("catalog.xml")).unwrap();
        Resolver::new(policy).with_catalog(catalog)
    }

    fn validator(&self, policy: ExternalPolicy) -> Validator {
        let index = RootIndex::parse(ROOTS, "roots.toml").unwrap();
        Validator::new(self.resolver(policy), ValidatorOptions::default()).with_root_index(index)
    }

    fn explicit(&self) -> Validator {
        let resolver = self.resolver(ExternalPolicy::Catalog);
        let xsd = CompiledXsd::load(&self.path("auth.xsd"), &resolver).unwrap();
        Validator::new(resolver, ValidatorOptions::default()).with_xsd(Arc::new(xsd))
    }

    /// Writes `text` as `name` in the fixture and validates it.
    fn validate(&self, validator: &Validator, name: &str, text: &str) -> Report {
        let path = self.path(name);
        std::fs::write(&path, text).unwrap();
        validator.validate_file(&path)
    }
}

/// Returns the document's findings as `line:column code path`.
fn summary(report: &Report) -> Vec<String> {
    report
        .diagnostics
        .iter()
        .map(|d| {
            format!(
                "{}:{} {} {}",
                d.line,
                d.column,
                d.code,
                d.path.as_deref().unwrap_or("-")
            )
        })
        .collect()
}

#[test]
fn explicit_xsd_document_cases() {
    let fixture = Fixture::new();
    let validator = fixture.explicit();
    let cases: &[(&str, &str, Verdict, &[&str])] = &[
        ("valid", VALID, Verdict::Valid, &[]),
        (
            "value outside the enumeration",
            "<AUTH_RECORDS><RECORD id=\"a\"><TITLE/>\n<AUTHENTICATION_TYPE>MSSQL</AUTHENTICATION_TYPE></RECORD></AUTH_RECORDS>",
            Verdict::Invalid,
            &["2:22 invalid-value /AUTH_RECORDS/RECORD/AUTHENTICATION_TYPE"],
        ),
        (
            "missing child",
            "<AUTH_RECORDS><RECORD id=\"a\"><TITLE/></RECORD></AUTH_RECORDS>",
            Verdict::Invalid,
            &["1:38 missing-element /AUTH_RECORDS/RECORD"],
        ),
        (
            "too many records",
            "<AUTH_RECORDS>\n<RECORD id=\"a\"><TITLE/><AUTHENTICATION_TYPE>MS SQL</AUTHENTICATION_TYPE></RECORD>\n<RECORD id=\"b\"><TITLE/><AUTHENTICATION_TYPE>MS SQL</AUTHENTICATION_TYPE></RECORD>\n<RECORD id=\"c\"><TITLE/><AUTHENTICATION_TYPE>MS SQL</AUTHENTICATION_TYPE></RECORD>\n<RECORD id=\"d\"><TITLE/><AUTHENTICATION_TYPE>MS SQL</AUTHENTICATION_TYPE></RECORD>\n</AUTH_RECORDS>",
            Verdict::Invalid,
            &["5:1 unexpected-element /AUTH_RECORDS/RECORD[4]"],
        ),
        (
            "attributes",
            "<AUTH_RECORDS><RECORD owner=\"x\" extra=\"1\"><TITLE/><AUTHENTICATION_TYPE>MS SQL</AUTHENTICATION_TYPE></RECORD></AUTH_RECORDS>",
            Verdict::Invalid,
            &[
                "1:15 missing-required-attribute /AUTH_RECORDS/RECORD",
                "1:23 unknown-idref /AUTH_RECORDS/RECORD",
                "1:33 undeclared-attribute /AUTH_RECORDS/RECORD",
            ],
        ),
        (
            "port out of range",
            "<AUTH_RECORDS><RECORD id=\"a\"><TITLE/><AUTHENTICATION_TYPE>MS SQL</AUTHENTICATION_TYPE><PORT>70000</PORT></RECORD></AUTH_RECORDS>",
            Verdict::Invalid,
            &["1:93 invalid-value /AUTH_RECORDS/RECORD/PORT"],
        ),
        (
            "undeclared root",
            "<OPTION_PROFILES/>",
            Verdict::Invalid,
            &["1:1 undeclared-element /OPTION_PROFILES"],
        ),
    ];
    for (case, document, verdict, expected) in cases {
        let report = fixture.validate(&validator, "doc.xml", document);
        assert_eq!(summary(&report), *expected, "{case}");
        assert_eq!(report.verdict, *verdict, "{case}");
    }
}

#[test]
fn invalid_value_lists_allowed_values() {
    let fixture = Fixture::new();
    let report = fixture.validate(
        &fixture.explicit(),
        "doc.xml",
        "<AUTH_RECORDS><RECORD id=\"a\"><TITLE/><AUTHENTICATION_TYPE>MSSQL</AUTHENTICATION_TYPE></RECORD></AUTH_RECORDS>",
    );
    let finding = &report.diagnostics[0];
    assert_eq!(finding.code, Code::InvalidValue);
    assert!(
        finding.message.contains("\"MS SQL\""),
        "{}",
        finding.message
    );
    assert!(
        finding.message.contains("\"IBM DB2\""),
        "{}",
        finding.message
    );
    assert_eq!(finding.found.as_deref(), Some("MSSQL"));
}

#[test]
fn explicit_xsd_is_reported() {
    let fixture = Fixture::new();
    let report = fixture.validate(&fixture.explicit(), "doc.xml", VALID);
    let used = report.schema.unwrap();
    assert_eq!(used.kind, SchemaKind::Xsd);
    assert_eq!(used.selection, SchemaSelection::Override);
    assert!(used.file.unwrap().ends_with("auth.xsd"));
}

#[test]
fn explicit_xsd_beats_doctype() {
    let fixture = Fixture::new();
    let document = format!("<!DOCTYPE AUTH_RECORDS SYSTEM \"missing.dtd\">\n{VALID}");
    let report = fixture.validate(&fixture.explicit(), "doc.xml", &document);
    assert_eq!(report.verdict, Verdict::Valid, "{:?}", report.diagnostics);
    assert_eq!(report.schema.unwrap().selection, SchemaSelection::Override);
}

fn with_hint(hint: &str) -> String {
    VALID.replacen(
        "<AUTH_RECORDS>",
        &format!("<AUTH_RECORDS xmlns:xsi=\"http://www.w3.org/2001/XMLSchema-instance\" xsi:noNamespaceSchemaLocation=\"{hint}\">"),
        1,
    )
}

#[test]
fn hint_selection_cases() {
    let fixture = Fixture::new();
    let cases: &[(&str, ExternalPolicy, &str, Verdict, Option<SchemaSelection>)] = &[
        (
            "relative file, local policy",
            ExternalPolicy::Local,
            "auth.xsd",
            Verdict::Valid,
            Some(SchemaSelection::SchemaLocation),
        ),
        (
            "relative file, catalog policy",
            ExternalPolicy::Catalog,
            "auth.xsd",
            Verdict::Unchecked,
            None,
        ),
        (
            "URL in the catalog",
            ExternalPolicy::Catalog,
            "https://api.example.com/auth.xsd",
            Verdict::Valid,
            Some(SchemaSelection::SchemaLocation),
        ),
        (
            "URL in no catalog",
            ExternalPolicy::Local,
            "https://api.example.com/other.xsd",
            Verdict::Unchecked,
            None,
        ),
        (
            "missing file",
            ExternalPolicy::Local,
            "missing.xsd",
            Verdict::Unchecked,
            None,
        ),
        (
            "broken XSD",
            ExternalPolicy::Local,
            "broken.xsd",
            Verdict::Unchecked,
            None,
        ),
    ];
    for (case, policy, hint, verdict, selection) in cases {
        let report = fixture.validate(&fixture.validator(*policy), "doc.xml", &with_hint(hint));
        assert_eq!(report.verdict, *verdict, "{case}: {:?}", report.diagnostics);
        assert_eq!(
            report.schema.as_ref().map(|used| used.selection.clone()),
            *selection,
            "{case}"
        );
        if *verdict == Verdict::Unchecked {
            let finding = report
                .diagnostics
                .iter()
                .find(|d| d.code == Code::Unresolved)
                .unwrap_or_else(|| {
                    panic!("{case}: no unresolved finding in {:?}", report.diagnostics)
                });
            assert_eq!(finding.found.as_deref(), Some(*hint), "{case}");
        }
    }
}

#[test]
fn unresolved_hint_help_fits_the_policy() {
    let fixture = Fixture::new();
    let cases = [
        ("missing file", ExternalPolicy::Local, "missing.xsd", false),
        (
            "local file refused",
            ExternalPolicy::Catalog,
            "auth.xsd",
            true,
        ),
    ];
    for (case, policy, hint, suggests_local) in cases {
        let report = fixture.validate(&fixture.validator(policy), "doc.xml", &with_hint(hint));
        let help = report
            .diagnostics
            .iter()
            .find(|d| d.code == Code::Unresolved)
            .and_then(|d| d.help.clone())
            .unwrap_or_default();
        assert_eq!(
            help.contains("--external local"),
            suggests_local,
            "{case}: {help}"
        );
    }
}

#[test]
fn hint_reason_names_attribute_and_file() {
    let fixture = Fixture::new();
    let report = fixture.validate(
        &fixture.validator(ExternalPolicy::Local),
        "doc.xml",
        &with_hint("auth.xsd"),
    );
    let used = report.schema.unwrap();
    assert_eq!(used.kind, SchemaKind::Xsd);
    assert_eq!(used.system_id.as_deref(), Some("auth.xsd"));
    assert!(
        used.reason.contains("xsi:noNamespaceSchemaLocation"),
        "{}",
        used.reason
    );
    assert!(used.reason.contains("auth.xsd"), "{}", used.reason);
}

#[test]
fn namespaced_hint_and_all_group() {
    let fixture = Fixture::new();
    let validator = fixture.validator(ExternalPolicy::Local);
    let open = "<s:SCAN xmlns:s=\"urn:example:scan\" xmlns:xsi=\"http://www.w3.org/2001/XMLSchema-instance\" xsi:schemaLocation=\"urn:other other.xsd urn:example:scan scan.xsd\">";
    let cases: &[(&str, &str, &[&str])] = &[
        (
            "any order",
            "<s:PRIORITY>2</s:PRIORITY><s:TARGET>10.0.0.1</s:TARGET>",
            &[],
        ),
        (
            "missing member",
            "<s:PRIORITY>2</s:PRIORITY>",
            &["1:183 missing-element /s:SCAN"],
        ),
        (
            "repeated member",
            "<s:TARGET>a</s:TARGET><s:TARGET>b</s:TARGET>",
            &["1:179 unexpected-element /s:SCAN/s:TARGET[2]"],
        ),
    ];
    for (case, children, expected) in cases {
        let document = format!("{open}{children}</s:SCAN>");
        let report = fixture.validate(&validator, "scan_doc.xml", &document);
        assert_eq!(summary(&report), *expected, "{case}");
        assert_eq!(
            report.schema.as_ref().map(|used| used.selection.clone()),
            Some(SchemaSelection::SchemaLocation),
            "{case}"
        );
    }
}

#[test]
fn root_index_selects_xsd() {
    let fixture = Fixture::new();
    let report = fixture.validate(
        &fixture.validator(ExternalPolicy::Catalog),
        "doc.xml",
        VALID,
    );
    assert_eq!(report.verdict, Verdict::Valid, "{:?}", report.diagnostics);
    let used = report.schema.unwrap();
    assert_eq!(used.kind, SchemaKind::Xsd);
    assert_eq!(used.selection, SchemaSelection::RootIndex);
    assert!(used.reason.contains("auth.xsd serves"), "{}", used.reason);
}

#[test]
fn broken_xsd_fails_to_load() {
    let fixture = Fixture::new();
    let resolver = fixture.resolver(ExternalPolicy::Catalog);
    let error = CompiledXsd::load(&fixture.path("broken.xsd"), &resolver).unwrap_err();
    let ValidateError::InvalidXsd { diagnostics, .. } = &error else {
        panic!("expected an invalid XSD, got {error}");
    };
    assert!(
        diagnostics
            .iter()
            .any(|d| d.code == Code::UnresolvedReference),
        "{diagnostics:?}"
    );
}

#[test]
fn doctype_beats_hint_and_xsd_root_entry() {
    let fixture = Fixture::new();
    std::fs::write(
        fixture.path("auth.dtd"),
        "<!ELEMENT AUTH_RECORDS ANY>\n<!ATTLIST AUTH_RECORDS xmlns:xsi CDATA #IMPLIED xsi:noNamespaceSchemaLocation CDATA #IMPLIED>\n",
    )
    .unwrap();
    let validator = fixture.validator(ExternalPolicy::Local);

    let declared = format!(
        "<!DOCTYPE AUTH_RECORDS SYSTEM \"auth.dtd\">\n{}",
        with_hint("auth.xsd")
    );
    let report = fixture.validate(&validator, "declared.xml", &declared);
    let used = report.schema.unwrap();
    assert_eq!(used.kind, SchemaKind::Dtd);
    assert_eq!(used.selection, SchemaSelection::DoctypeLocal);

    // An unresolvable DOCTYPE does not fall back to the root index's XSD entry.
    let unresolved = format!("<!DOCTYPE AUTH_RECORDS SYSTEM \"missing.dtd\">\n{VALID}");
    let report = fixture.validate(&validator, "unresolved.xml", &unresolved);
    assert_eq!(
        report.verdict,
        Verdict::Unchecked,
        "{:?}",
        report.diagnostics
    );
    assert!(report.schema.is_none());
}
