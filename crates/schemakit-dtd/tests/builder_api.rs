//! Tests of the public API: positions, the flags that change how errors are
//! classified, limits, `load_dtd` and `check_schema`.

use schemakit_dtd::{check_schema, load_dtd, parse_doctype, DtdBuilder, DtdLimits};
use schemakit_model::{Code, Diagnostic, DiagnosticKind, ExternalId, Position, SourceFile};
use schemakit_resolve::{EntityLoader, LoadedEntity, Resolution, ResolveError};

/// A loader for which every load fails.
struct NoFiles;

impl EntityLoader for NoFiles {
    fn load(&self, id: &ExternalId) -> Result<LoadedEntity, ResolveError> {
        Err(ResolveError::NotInCatalog {
            system_id: id.system_id.clone(),
            public_id: id.public_id.clone(),
        })
    }
}

fn source(name: &str) -> SourceFile {
    SourceFile {
        name: name.to_owned(),
        path: None,
    }
}

/// Parses `text` as an external subset and returns every diagnostic.
fn external_diagnostics(text: &str, limits: DtdLimits) -> Vec<Diagnostic> {
    let mut builder = DtdBuilder::new(&NoFiles, limits);
    builder.parse_external_subset(text, source("test.dtd"), None);
    match builder.finish() {
        Ok(dtd) => dtd.diagnostics,
        Err(error) => error.diagnostics().to_vec(),
    }
}

#[test]
fn crlf_and_cr_end_lines() {
    let cases = [
        ("<!ELEMENT a EMPTY>\r\n<!ELEMENT a EMPTY>", (2, 1)),
        ("<!ELEMENT a EMPTY>\r<!ELEMENT a EMPTY>", (2, 1)),
        ("\r\n\r\n  <!ELEMENT a EMPTY><!ELEMENT a EMPTY>", (3, 21)),
        (
            "<!-- é -->\n<!-- 名前 --> <!ELEMENT a EMPTY> <!ELEMENT a EMPTY>",
            (2, 32),
        ),
    ];
    for (text, (line, column)) in cases {
        let diagnostics = external_diagnostics(text, DtdLimits::default());
        let duplicate = diagnostics
            .iter()
            .find(|diagnostic| diagnostic.code == Code::DuplicateDeclaration);
        assert_eq!(
            duplicate.map(|diagnostic| (diagnostic.line, diagnostic.column)),
            Some((line, column)),
            "{text:?}"
        );
    }
}

#[test]
fn internal_subset_uses_document_coordinates() {
    let document = "<?xml version=\"1.0\"?>\n<!DOCTYPE a [\n  <!ELEMENT a (b c)>\n]>\n<a/>";
    let doctype_text = "a [\n  <!ELEMENT a (b c)>\n]";
    let doctype_start = Position::START.advance("<?xml version=\"1.0\"?>\n<!DOCTYPE ");
    assert!(document.contains(doctype_text));

    let doctype = parse_doctype(doctype_text, doctype_start, "doc.xml");
    let Ok(doctype) = doctype else {
        panic!("expected a doctype, got {doctype:?}");
    };
    let Some((range, start)) = doctype.internal_subset else {
        panic!("expected an internal subset");
    };
    let subset = doctype_text.get(range).unwrap_or("");

    let mut builder = DtdBuilder::new(&NoFiles, DtdLimits::default());
    builder.parse_internal_subset(subset, source("doc.xml"), start, None);
    let diagnostics = match builder.finish() {
        Ok(dtd) => dtd.diagnostics,
        Err(error) => error.diagnostics().to_vec(),
    };
    let first = diagnostics.first().map(ToString::to_string);
    assert_eq!(
        first.as_deref(),
        Some("doc.xml:3:18: error[dtd-syntax]: invalid element type declaration: expected `,`, `|` or `)`, found `c`")
    );
    assert_eq!(
        diagnostics.first().and_then(|diagnostic| diagnostic.offset),
        document.find("c)>")
    );
}

#[test]
fn undeclared_pe_classification() {
    // (standalone, external subset declared, text, expected kind)
    let cases = [
        (false, false, "%missing;", DiagnosticKind::Syntax),
        (false, true, "%missing;", DiagnosticKind::Validity),
        (true, true, "%missing;", DiagnosticKind::Syntax),
        (
            false,
            false,
            "<!ENTITY % known ''> %known; %missing;",
            DiagnosticKind::Validity,
        ),
    ];
    for (standalone, external, text, expected) in cases {
        let mut builder = DtdBuilder::new(&NoFiles, DtdLimits::default());
        builder.set_standalone(standalone);
        builder.set_has_external_subset(external);
        builder.parse_internal_subset(text, source("doc.xml"), Position::START, None);
        let diagnostics = match builder.finish() {
            Ok(dtd) => dtd.diagnostics,
            Err(error) => error.diagnostics().to_vec(),
        };
        let undeclared: Vec<DiagnosticKind> = diagnostics
            .iter()
            .filter(|diagnostic| diagnostic.code == Code::UndeclaredEntity)
            .map(|diagnostic| diagnostic.kind)
            .collect();
        assert_eq!(
            undeclared,
            vec![expected],
            "{text} standalone={standalone} external={external}"
        );
    }
}

#[test]
fn validity_errors_do_not_fail_finish() {
    let mut builder = DtdBuilder::new(&NoFiles, DtdLimits::default());
    builder.parse_external_subset("<!ELEMENT a EMPTY><!ELEMENT a ANY>", source("v.dtd"), None);
    let result = builder.finish();
    let Ok(dtd) = result else {
        panic!("a validity error must not make the DTD unusable: {result:?}");
    };
    assert_eq!(dtd.diagnostics.len(), 1);
    assert!(dtd
        .diagnostics
        .iter()
        .all(|diagnostic| diagnostic.kind == DiagnosticKind::Validity));
}

#[test]
fn syntax_error_fails_finish_with_summary() {
    let mut builder = DtdBuilder::new(&NoFiles, DtdLimits::default());
    builder.parse_external_subset(
        "<!ELEMENT a (b c)>\n<!ELEMENT d (e f)>",
        source("s.dtd"),
        None,
    );
    let message = match builder.finish() {
        Ok(_) => String::new(),
        Err(error) => error.to_string(),
    };
    assert!(
        message.starts_with("DTD is not well-formed: 2 errors, the first is s.dtd:1:16:"),
        "{message}"
    );
}

#[test]
fn expansion_limits_are_reported_once() {
    let mut text = String::from("<!ENTITY % a0 'xxxxxxxxxx'>\n");
    for level in 1..8 {
        let previous = format!("%a{};", level - 1);
        text.push_str(&format!("<!ENTITY % a{level} '{}'>\n", previous.repeat(10)));
    }
    let cases = [
        DtdLimits {
            max_entity_expansions: 1_000,
            ..DtdLimits::default()
        },
        DtdLimits {
            max_expansion_bytes: 100_000,
            ..DtdLimits::default()
        },
    ];
    for limits in cases {
        let diagnostics = external_diagnostics(&text, limits.clone());
        let limit_errors: Vec<&Diagnostic> = diagnostics
            .iter()
            .filter(|diagnostic| diagnostic.kind == DiagnosticKind::Limit)
            .collect();
        assert_eq!(limit_errors.len(), 1, "{limits:?}: {diagnostics:#?}");
        assert!(limit_errors
            .iter()
            .all(|diagnostic| diagnostic.code == Code::LimitExceeded));
    }
}

#[test]
fn entity_depth_limit() {
    let mut text = String::from("<!ENTITY % e0 '<!ELEMENT deep EMPTY>'>\n");
    for level in 1..10 {
        text.push_str(&format!("<!ENTITY % e{level} '&#37;e{};'>\n", level - 1));
    }
    text.push_str("%e9;\n");
    let limits = DtdLimits {
        max_entity_depth: 4,
        ..DtdLimits::default()
    };
    let diagnostics = external_diagnostics(&text, limits);
    let messages: Vec<String> = diagnostics.iter().map(ToString::to_string).collect();
    assert_eq!(messages.len(), 1, "{messages:#?}");
    assert!(
        messages
            .iter()
            .all(|message| message.contains("max_entity_depth")),
        "{messages:#?}"
    );
}

#[test]
fn doc_comments_attach_to_next_element() {
    let text = "<!-- first -->\n<!--  second  -->\n\n<!ELEMENT a EMPTY>\n<!-- orphan -->\n<!ATTLIST a x CDATA #IMPLIED>\n<!ELEMENT b EMPTY>";
    let mut builder = DtdBuilder::new(&NoFiles, DtdLimits::default());
    builder.parse_external_subset(text, source("doc.dtd"), None);
    let result = builder.finish();
    let Ok(dtd) = result else {
        panic!("expected a DTD, got {result:?}");
    };
    let doc = |name: &str| {
        dtd.schema
            .element(name)
            .and_then(|element| element.doc.clone())
    };
    assert_eq!(doc("a").as_deref(), Some("first\nsecond"));
    assert_eq!(doc("b"), None);
}

#[test]
fn load_dtd_reads_external_subset() {
    let entity = LoadedEntity {
        text: "<?xml version='1.0' encoding='UTF-8'?>\n<!ELEMENT list (item*)>\n<!ELEMENT item (#PCDATA)>".to_owned(),
        source: source("list.dtd"),
        base: "list.dtd".to_owned(),
        resolution: Resolution::LocalFile,
    };
    let result = load_dtd(&entity, &NoFiles, DtdLimits::default());
    let Ok(dtd) = result else {
        panic!("expected a DTD, got {result:?}");
    };
    assert_eq!(dtd.schema.elements.len(), 2);
    let span = dtd.schema.element("list").and_then(|element| element.span);
    assert_eq!(
        span.map(|span| (span.start.line, span.start.column)),
        Some((2, 1))
    );
}

#[test]
fn check_schema_findings() {
    let text = "<!ELEMENT a ((b, c) | (b, d))>\n<!ELEMENT b EMPTY>\n<!ELEMENT c (#PCDATA | missing)*>\n<!ATTLIST ghost x CDATA #IMPLIED>";
    let mut builder = DtdBuilder::new(&NoFiles, DtdLimits::default());
    builder.parse_external_subset(text, source("check.dtd"), None);
    let result = builder.finish();
    let Ok(dtd) = result else {
        panic!("expected a DTD, got {result:?}");
    };
    let findings: Vec<(Code, u32)> = check_schema(&dtd.schema)
        .iter()
        .map(|diagnostic| (diagnostic.code, diagnostic.line))
        .collect();
    assert!(
        findings.contains(&(Code::NonDeterministicContent, 1)),
        "{findings:?}"
    );
    assert!(
        findings.contains(&(Code::UndeclaredInContentModel, 1)),
        "{findings:?}"
    );
    assert!(
        findings.contains(&(Code::UndeclaredInContentModel, 3)),
        "{findings:?}"
    );
    assert!(
        findings.contains(&(Code::AttlistForUndeclaredElement, 4)),
        "{findings:?}"
    );
}
