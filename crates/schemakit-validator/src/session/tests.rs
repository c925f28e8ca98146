//! Session tests with scripted events: schema selection and verdicts.

#![allow(clippy::expect_used, clippy::unwrap_used)]

use super::{run, EventSink, EventSource};
use crate::compiled::CompiledDtd;
use crate::event::{Doctype, Event};
use crate::report::{SchemaSelection, Verdict};
use crate::test_support::{events, schema, FILE};
use crate::{Validator, ValidatorOptions};
use schemakit_model::{Code, Diagnostic, DiagnosticKind, ExternalId, Position, Schema};
use schemakit_resolve::{ExternalPolicy, Resolver};
use std::collections::VecDeque;
use std::sync::Arc;

/// Replays events and records what the session hands back to the reader.
struct Scripted {
    events: VecDeque<Result<Event<'static>, Diagnostic>>,
    reader_schema: Option<(Arc<Schema>, bool)>,
}

impl Scripted {
    fn new(events: Vec<Event<'static>>) -> Self {
        Scripted {
            events: events.into_iter().map(Ok).collect(),
            reader_schema: None,
        }
    }

    fn with_doctype(mut self, name: &str, system_id: Option<&str>) -> Self {
        let doctype = Doctype {
            name: name.to_owned(),
            external_id: system_id.map(|system_id| ExternalId {
                public_id: None,
                system_id: system_id.to_owned(),
                base: None,
            }),
            internal_subset: None,
            position: Position::START,
        };
        self.events
            .push_front(Ok(Event::Doctype(Box::new(doctype))));
        self
    }
}

impl EventSource for Scripted {
    fn step<K: EventSink + ?Sized>(&mut self, sink: &mut K) -> Result<bool, Box<Diagnostic>> {
        let event = self.events.pop_front().unwrap_or(Ok(Event::Eof))?;
        if let Some(reader_schema) = sink.event(&event, None) {
            self.reader_schema = Some(reader_schema);
        }
        Ok(event != Event::Eof)
    }
}

fn validator() -> Validator {
    Validator::new(
        Resolver::new(ExternalPolicy::None),
        ValidatorOptions::default(),
    )
}

fn override_dtd() -> Arc<CompiledDtd> {
    Arc::new(CompiledDtd::from_schema(
        schema(&[("R", "(A)"), ("A", "EMPTY")]),
        Vec::new(),
    ))
}

#[test]
fn override_without_doctype_is_checked() {
    let validator = validator().with_dtd(override_dtd());
    let report = run(
        &validator,
        &mut Scripted::new(events("<R><A/></R>")),
        FILE,
        None,
    );
    assert_eq!(report.verdict, Verdict::Valid);
    assert_eq!(
        report.schema.map(|used| used.selection),
        Some(SchemaSelection::Override)
    );
}

#[test]
fn override_finds_faults() {
    let validator = validator().with_dtd(override_dtd());
    let report = run(
        &validator,
        &mut Scripted::new(events("<R></R>")),
        FILE,
        None,
    );
    assert_eq!(report.verdict, Verdict::Invalid);
    assert_eq!(report.diagnostics.len(), 1);
    assert_eq!(report.diagnostics[0].code, Code::MissingElement);
}

#[test]
fn override_ignores_doctype_name() {
    let validator = validator().with_dtd(override_dtd());
    let mut source = Scripted::new(events("<R><A/></R>")).with_doctype("OTHER", None);
    let report = run(&validator, &mut source, FILE, None);
    assert_eq!(report.verdict, Verdict::Valid);
    assert!(
        source.reader_schema.is_some(),
        "the reader gets the override's declarations"
    );
}

#[test]
fn no_doctype_without_index_is_unchecked() {
    let report = run(
        &validator(),
        &mut Scripted::new(events("<R><A/></R>")),
        FILE,
        None,
    );
    assert_eq!(report.verdict, Verdict::Unchecked);
    assert_eq!(report.diagnostics.len(), 1);
    assert_eq!(report.diagnostics[0].code, Code::NoDoctype);
    assert_eq!(report.diagnostics[0].kind, DiagnosticKind::Resource);
    assert!(report.schema.is_none());
}

#[test]
fn unresolved_doctype_is_unchecked() {
    let mut source = Scripted::new(events("<R><A/></R>"))
        .with_doctype("R", Some("http://example.invalid/r.dtd"));
    let report = run(&validator(), &mut source, FILE, None);
    assert_eq!(report.verdict, Verdict::Unchecked);
    let unresolved = report
        .diagnostics
        .iter()
        .find(|d| d.code == Code::Unresolved)
        .expect("an unresolved finding");
    assert!(
        unresolved.message.contains("http://example.invalid/r.dtd"),
        "{}",
        unresolved.message
    );
    assert!(unresolved
        .help
        .as_deref()
        .unwrap_or_default()
        .contains("--catalog"));
    let (_, external) = source.reader_schema.expect("the reader still gets a DTD");
    assert!(external, "undeclared entities must stay validity findings");
}

#[test]
fn fatal_reader_error_is_not_well_formed() {
    let validator = validator().with_dtd(override_dtd());
    let mut source = Scripted::new(Vec::new());
    source.events.push_back(Err(Diagnostic::error(
        DiagnosticKind::Syntax,
        Code::NotWellFormed,
        "unexpected end of input",
    )));
    let report = run(&validator, &mut source, FILE, None);
    assert_eq!(report.verdict, Verdict::NotWellFormed);
}

#[test]
fn fatal_limit_error_leaves_the_document_unchecked() {
    let validator = validator().with_dtd(override_dtd());
    let mut source = Scripted::new(events("<R>"));
    source.events.pop_back();
    source.events.push_back(Err(Diagnostic::error(
        DiagnosticKind::Limit,
        Code::LimitExceeded,
        "too deep",
    )));
    let report = run(&validator, &mut source, FILE, None);
    assert_eq!(report.verdict, Verdict::Unchecked);
}

#[test]
fn external_dtd_is_compiled_once() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(
        dir.path().join("r.dtd"),
        "<!ELEMENT R (A)>\n<!ELEMENT A EMPTY>\n",
    )
    .unwrap();
    let validator = Validator::new(
        Resolver::new(ExternalPolicy::Local),
        ValidatorOptions::default(),
    );
    let base = dir.path().join("doc.xml").display().to_string();

    let mut dtds = Vec::new();
    for _ in 0..2 {
        let mut source = Scripted::new(events("<R><A/></R>")).with_doctype("R", Some("r.dtd"));
        if let Some(Ok(Event::Doctype(doctype))) = source.events.front_mut() {
            if let Some(id) = doctype.external_id.as_mut() {
                id.base = Some(base.clone());
            }
        }
        let report = run(&validator, &mut source, FILE, Some(&base));
        assert_eq!(report.verdict, Verdict::Valid, "{:?}", report.diagnostics);
        dtds.push(source.reader_schema.expect("the reader gets the DTD").0);
    }

    assert!(
        Arc::ptr_eq(&dtds[0], &dtds[1]),
        "the second document reuses the compiled DTD"
    );
}
