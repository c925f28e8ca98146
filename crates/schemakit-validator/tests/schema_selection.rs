//! Schema selection end to end: catalog, root index, explicit DTD and the verdicts
//! for documents whose schema cannot be used.

#![allow(clippy::expect_used, clippy::unwrap_used)]

use schemakit_model::{Code, DiagnosticKind};
use schemakit_resolve::{Catalog, ExternalPolicy, Resolver, RootIndex};
use schemakit_validator::{
    CompiledDtd, Report, SchemaSelection, ValidateError, Validator, ValidatorOptions, Verdict,
};
use std::path::{Path, PathBuf};
use std::sync::Arc;

const CATALOG: &str = r#"<?xml version="1.0"?>
<catalog xmlns="urn:oasis:names:tc:entity:xmlns:xml:catalog">
  <system systemId="https://api.example.com/response.dtd" uri="response.dtd"/>
</catalog>
"#;

const ROOTS: &str = r#"
[[root]]
element = "RESPONSE"
system_id = "https://api.example.com/response.dtd"
reason = "response.dtd serves every example API call"
"#;

const DTD: &str =
    "<!ELEMENT RESPONSE (CODE, TEXT?)>\n<!ELEMENT CODE (#PCDATA)>\n<!ELEMENT TEXT (#PCDATA)>\n";

/// A directory with a DTD, a catalog mapping its SYSTEM identifier, and a root index.
struct Fixture {
    dir: tempfile::TempDir,
}

impl Fixture {
    fn new() -> Self {
        let dir = tempfile::tempdir().unwrap();
        std::fs::write(dir.path().join("response.dtd"), DTD).unwrap();
        std::fs::write(dir.path().join("broken.dtd"), "<!ELEMENT RESPONSE (CODE>\n").unwrap();
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

    fn validator(&self) -> Validator {
        let index = RootIndex::parse(ROOTS, "roots.toml").unwrap();
        Validator::new(
            self.resolver(ExternalPolicy::Catalog),
            ValidatorOptions::default(),
        )
        .with_root_index(index)
    }

    fn validate(&self, validator: &Validator, name: &str, text: &str) -> Report {
        let path = self.path(name);
        std::fs::write(&path, text).unwrap();
        validator.validate_file(&path)
    }
}

#[test]
fn doctype_resolved_through_catalog() {
    let fixture = Fixture::new();
    let text = "<!DOCTYPE RESPONSE SYSTEM \"https://api.example.com/response.dtd\">\n<RESPONSE><CODE>1</CODE></RESPONSE>";
    let report = fixture.validate(&fixture.validator(), "doc.xml", text);
    assert_eq!(report.verdict, Verdict::Valid, "{:?}", report.diagnostics);
    let schema = report.schema.unwrap();
    assert_eq!(schema.selection, SchemaSelection::DoctypeCatalog);
    assert_eq!(
        schema.system_id.as_deref(),
        Some("https://api.example.com/response.dtd")
    );
}

#[test]
fn unknown_doctype_falls_back_to_root_index() {
    let fixture = Fixture::new();
    let text = "<!DOCTYPE RESPONSE SYSTEM \"https://elsewhere.example.com/v2/response.dtd\">\n<RESPONSE><TEXT>x</TEXT></RESPONSE>";
    let report = fixture.validate(&fixture.validator(), "doc.xml", text);
    assert_eq!(report.verdict, Verdict::Invalid);
    let schema = report.schema.unwrap();
    assert_eq!(schema.selection, SchemaSelection::RootIndex);
    assert!(
        schema
            .reason
            .contains("https://elsewhere.example.com/v2/response.dtd"),
        "{}",
        schema.reason
    );
    assert!(
        schema
            .reason
            .contains("response.dtd serves every example API call"),
        "{}",
        schema.reason
    );
    assert_eq!(report.diagnostics.len(), 1);
    assert_eq!(report.diagnostics[0].code, Code::MissingElement);
}

#[test]
fn no_doctype_uses_root_index() {
    let fixture = Fixture::new();
    let report = fixture.validate(
        &fixture.validator(),
        "doc.xml",
        "<RESPONSE><CODE>1</CODE><TEXT/></RESPONSE>",
    );
    assert_eq!(report.verdict, Verdict::Valid, "{:?}", report.diagnostics);
    assert_eq!(report.schema.unwrap().selection, SchemaSelection::RootIndex);
}

#[test]
fn unknown_doctype_without_index_is_unchecked() {
    let fixture = Fixture::new();
    let validator = Validator::new(
        fixture.resolver(ExternalPolicy::Catalog),
        ValidatorOptions::default(),
    );
    let text = "<!DOCTYPE RESPONSE SYSTEM \"https://elsewhere.example.com/response.dtd\">\n<RESPONSE><CODE>1</CODE></RESPONSE>";
    let report = fixture.validate(&validator, "doc.xml", text);
    assert_eq!(report.verdict, Verdict::Unchecked);
    assert!(report.schema.is_none());
    let unresolved = report
        .diagnostics
        .iter()
        .find(|d| d.code == Code::Unresolved)
        .unwrap();
    assert_eq!(unresolved.kind, DiagnosticKind::Resource);
    assert_eq!((unresolved.line, unresolved.column), (1, 1));
}

#[test]
fn broken_external_dtd_is_unchecked() {
    let fixture = Fixture::new();
    let validator = Validator::new(
        fixture.resolver(ExternalPolicy::Local),
        ValidatorOptions::default(),
    );
    let report = fixture.validate(
        &validator,
        "doc.xml",
        "<!DOCTYPE RESPONSE SYSTEM \"broken.dtd\">\n<RESPONSE/>",
    );
    assert_eq!(report.verdict, Verdict::Unchecked);
    assert!(report
        .diagnostics
        .iter()
        .any(|d| d.kind == DiagnosticKind::Syntax
            && d.file.as_deref().is_some_and(|f| f.ends_with("broken.dtd"))));
}

#[test]
fn explicit_dtd_overrides_doctype() {
    let fixture = Fixture::new();
    let resolver = fixture.resolver(ExternalPolicy::None);
    let dtd = CompiledDtd::load(&fixture.path("response.dtd"), &resolver).unwrap();
    let validator = Validator::new(resolver, ValidatorOptions::default()).with_dtd(Arc::new(dtd));
    let text = "<!DOCTYPE RESPONSE SYSTEM \"https://nowhere.example.com/other.dtd\" [\n<!ENTITY code \"42\">\n]>\n<RESPONSE><CODE>&code;</CODE></RESPONSE>";
    let report = fixture.validate(&validator, "doc.xml", text);
    assert_eq!(report.verdict, Verdict::Valid, "{:?}", report.diagnostics);
    assert_eq!(report.schema.unwrap().selection, SchemaSelection::Override);
}

#[test]
fn broken_explicit_dtd_is_an_error() {
    let fixture = Fixture::new();
    let resolver = fixture.resolver(ExternalPolicy::None);
    let error = CompiledDtd::load(&fixture.path("broken.dtd"), &resolver).unwrap_err();
    let ValidateError::InvalidDtd { diagnostics, .. } = &error else {
        panic!("expected an invalid DTD, got {error}");
    };
    assert!(!diagnostics.is_empty());
    assert!(error.to_string().contains("broken.dtd"), "{error}");
}

#[test]
fn missing_explicit_dtd_is_an_error() {
    let fixture = Fixture::new();
    let resolver = fixture.resolver(ExternalPolicy::None);
    let error = CompiledDtd::load(Path::new("/nonexistent/dir/none.dtd"), &resolver).unwrap_err();
    assert!(matches!(error, ValidateError::Read { .. }), "{error}");
}

#[test]
fn unreadable_document_is_unchecked() {
    let fixture = Fixture::new();
    let report = fixture
        .validator()
        .validate_file(&fixture.path("missing.xml"));
    assert_eq!(report.verdict, Verdict::Unchecked);
    assert_eq!(report.diagnostics[0].code, Code::Io);
}

/// Returns a document whose internal subset declares an external parsed entity and
/// whose content refers to it, with `extra` after the reference.
fn document_with_external_entity(extra: &str) -> String {
    format!(
        "<!DOCTYPE RESPONSE [\n  <!ELEMENT RESPONSE (#PCDATA | NOTE)*>\n  <!ELEMENT NOTE EMPTY>\n  <!ENTITY ext SYSTEM \"ext.xml\">\n]>\n<RESPONSE>&ext;{extra}</RESPONSE>\n"
    )
}

#[test]
fn unloaded_external_entity_is_never_valid() {
    let fixture = Fixture::new();
    std::fs::write(fixture.path("ext.xml"), "<BOGUS/>").unwrap();
    let validator = Validator::new(
        fixture.resolver(ExternalPolicy::None),
        ValidatorOptions::default(),
    );

    let cases = [
        ("", Verdict::Unchecked),
        ("<NOTE/>", Verdict::Unchecked),
        ("<UNDECLARED/>", Verdict::Invalid),
    ];
    for (extra, expected) in cases {
        let path = fixture.path("doc.xml");
        std::fs::write(&path, document_with_external_entity(extra)).unwrap();
        let report = validator.validate_file(&path);

        assert_eq!(report.verdict, expected, "extra {extra:?}: {report:?}");
        let warning = report
            .diagnostics
            .iter()
            .find(|diagnostic| diagnostic.code == Code::Unresolved)
            .expect("a warning names the entity that was not loaded");
        assert!(warning.message.contains("`ext`"), "{}", warning.message);
    }
}
