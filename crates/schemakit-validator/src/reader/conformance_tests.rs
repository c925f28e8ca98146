//! The W3C XML conformance suite through the reader: every case that needs no
//! external entity, from the XML 1.0 (fifth edition) and Namespaces in XML 1.0 test
//! sets.
//!
//! The suite's folder comes from `XMLCONF_DIR`, with a default beside the
//! repository. Without the suite the tests print why they skip, unless `CI=true`,
//! where a missing suite fails them.

use super::DocumentReader;
use crate::event::Event;
use crate::ValidatorOptions;
use schemakit_dtd::{DtdBuilder, DtdLimits};
use schemakit_model::{ExternalId, SourceFile};
use schemakit_resolve::{EntityLoader, LoadedEntity, ResolveError};
use std::path::{Path, PathBuf};
use std::sync::Arc;

/// The test-case lists read, relative to the suite's folder.
const SUITES: &[&str] = &[
    "xmltest/xmltest.xml",
    "sun/sun-valid.xml",
    "sun/sun-not-wf.xml",
    "oasis/oasis.xml",
    "ibm/ibm_oasis_not-wf.xml",
    "ibm/ibm_oasis_valid.xml",
    "japanese/japanese.xml",
    "eduni/errata-2e/errata2e.xml",
    "eduni/errata-3e/errata3e.xml",
    "eduni/errata-4e/errata4e.xml",
    "eduni/namespaces/1.0/rmt-ns10.xml",
    "eduni/misc/ht-bh.xml",
];

/// Cases whose expected outcome the reader does not give on purpose.
const DELIBERATE_EXCEPTIONS: &[(&str, &str)] = &[(
    "rmt-e2e-50",
    "an XML 1.1 document, which the reader rejects as unsupported",
)];

/// Loads nothing: only cases without external entities run.
struct NoLoader;

impl EntityLoader for NoLoader {
    fn load(&self, id: &ExternalId) -> Result<LoadedEntity, ResolveError> {
        Err(ResolveError::ExternalDisabled {
            system_id: id.system_id.clone(),
        })
    }
}

/// Returns the suite's folder, or `None` (after saying why) when it is absent.
fn suite_dir() -> Option<PathBuf> {
    let dir = match std::env::var_os("XMLCONF_DIR") {
        Some(dir) => PathBuf::from(dir),
        None => Path::new(env!("CARGO_MANIFEST_DIR")).join("../../../shared/conformance/xmlconf"),
    };
    if dir.is_dir() {
        return Some(dir);
    }

    let message = format!(
        "skipped: the XML conformance suite is not at {}; set XMLCONF_DIR to its folder",
        dir.display()
    );
    assert!(std::env::var("CI").as_deref() != Ok("true"), "{message}");
    eprintln!("{message}");
    None
}

/// One `<TEST>` entry of a test-case list.
#[derive(Debug)]
struct Case {
    id: String,
    kind: String,
    path: PathBuf,
    namespaces: bool,
}

/// Returns the value of `name="..."` in the attribute text of a tag.
fn attribute<'a>(tag: &'a str, name: &str) -> Option<&'a str> {
    let pattern = format!("{name}=\"");
    let start = tag.find(&pattern)? + pattern.len();
    let length = tag.get(start..)?.find('"')?;
    tag.get(start..start + length)
}

/// Reads the cases of one test-case list that need no external entity and apply to
/// XML 1.0 fifth edition or Namespaces in XML 1.0.
fn read_cases(list: &Path) -> Vec<Case> {
    let text = std::fs::read_to_string(list).unwrap_or_default();
    let folder = list.parent().unwrap_or(Path::new("."));

    text.split("<TEST")
        .skip(1)
        .filter_map(|chunk| {
            let tag = chunk.get(..chunk.find('>')?)?;
            let edition_applies = attribute(tag, "EDITION")
                .is_none_or(|editions| editions.split(' ').any(|edition| edition == "5"));
            let recommendation = attribute(tag, "RECOMMENDATION").unwrap_or("XML1.0");
            let applies = edition_applies
                && (recommendation.starts_with("XML1.0") || recommendation == "NS1.0")
                && attribute(tag, "ENTITIES").unwrap_or("none") == "none";
            let kind = attribute(tag, "TYPE")?;
            if !applies || !matches!(kind, "valid" | "invalid" | "not-wf") {
                return None;
            }

            Some(Case {
                id: attribute(tag, "ID")?.to_owned(),
                kind: kind.to_owned(),
                path: folder.join(attribute(tag, "URI")?),
                namespaces: attribute(tag, "NAMESPACE") != Some("no"),
            })
        })
        .collect()
}

/// Reads a document the way the validator does, with the internal subset parsed by
/// the DTD parser. Returns the first fatal error of the reader or of the DTD.
fn check_document(path: &Path, namespaces: bool) -> Result<(), String> {
    let bytes =
        std::fs::read(path).map_err(|error| format!("cannot read {}: {error}", path.display()))?;
    let options = ValidatorOptions {
        namespaces,
        ..ValidatorOptions::default()
    };
    let file = path.display().to_string();
    let mut reader = DocumentReader::new(bytes.as_slice(), file.clone(), None, &options, &NoLoader);

    for _ in 0..1_000_000 {
        match reader.next_event() {
            Ok(Event::Eof) => return Ok(()),
            Ok(Event::Doctype(doctype)) => {
                let mut builder = DtdBuilder::new(&NoLoader, DtdLimits::default());
                builder.set_standalone(reader.standalone() == Some(true));
                builder.set_has_external_subset(doctype.external_id.is_some());
                if let Some((text, start)) = &doctype.internal_subset {
                    let source = SourceFile {
                        name: file.clone(),
                        path: None,
                    };
                    builder.parse_internal_subset(text, source, *start, None);
                }
                let dtd = builder.finish().map_err(|error| format!("DTD: {error}"))?;
                let external = doctype.external_id.is_some() || dtd.has_parameter_entity_references;
                reader.set_dtd(Arc::new(dtd.schema), external);
            }
            Ok(_) => {}
            Err(error) => {
                return Err(format!(
                    "{}:{}: {}",
                    error.line, error.column, error.message
                ))
            }
        }
    }
    Err("the reader did not reach the end".to_owned())
}

#[test]
fn conformance_cases_get_their_verdict() {
    let Some(suite) = suite_dir() else {
        return;
    };
    let cases: Vec<Case> = SUITES
        .iter()
        .flat_map(|list| read_cases(&suite.join(list)))
        .collect();
    assert!(
        cases.len() > 1000,
        "only {} cases found in {}",
        cases.len(),
        suite.display()
    );

    let mut wrong = Vec::new();
    for case in &cases {
        let excepted = DELIBERATE_EXCEPTIONS.iter().any(|(id, _)| *id == case.id);
        if excepted {
            continue;
        }

        let outcome = check_document(&case.path, case.namespaces);
        match (case.kind.as_str(), outcome) {
            ("not-wf", Ok(())) => {
                wrong.push(format!("{}: accepted a not-well-formed document", case.id))
            }
            ("valid" | "invalid", Err(error)) => wrong.push(format!(
                "{}: rejected a well-formed document: {error}",
                case.id
            )),
            _ => {}
        }
    }
    assert!(
        wrong.is_empty(),
        "{} of {} cases got the wrong verdict:\n{}",
        wrong.len(),
        cases.len(),
        wrong.join("\n")
    );
}

#[test]
fn deliberate_exceptions_still_differ() {
    let Some(suite) = suite_dir() else {
        return;
    };
    let cases: Vec<Case> = SUITES
        .iter()
        .flat_map(|list| read_cases(&suite.join(list)))
        .collect();

    for (id, reason) in DELIBERATE_EXCEPTIONS {
        let Some(case) = cases.iter().find(|case| case.id == *id) else {
            panic!("case {id} is not in the suite");
        };
        let accepted = check_document(&case.path, case.namespaces).is_ok();
        assert_eq!(
            accepted,
            case.kind == "not-wf",
            "{id} ({reason}) now gets the suite's verdict: remove the exception"
        );
    }
}
