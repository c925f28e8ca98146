//! The first printing of `auth_records.dtd` in the Qualys release notes has `...`
//! lines and a stray `)>` after the AUTH_RECORDS declaration. Parsing that text must
//! report each of them at its exact line and column, and nothing else.

mod common;

use schemakit::dtd::{DtdBuilder, DtdError, DtdLimits};
use schemakit::model::SourceFile;
use schemakit::{ExternalPolicy, Resolver};

#[test]
fn as_printed_auth_records_errors_are_located() {
    let path = common::repo_root().join("tests/data/dtd/err/auth_records_as_printed.dtd");
    let text = std::fs::read_to_string(&path).expect("fixture is readable");
    let resolver = Resolver::new(ExternalPolicy::None);
    let mut builder = DtdBuilder::new(&resolver, DtdLimits::default());
    let source = SourceFile {
        name: "auth_records_as_printed.dtd".to_owned(),
        path: None,
    };
    builder.parse_external_subset(&text, source, None);

    let diagnostics = match builder.finish() {
        Err(DtdError::NotWellFormed { diagnostics }) => diagnostics,
        other => panic!("expected syntax errors, got {other:?}"),
    };
    let errors: Vec<(u32, u32)> = diagnostics
        .iter()
        .filter(|diagnostic| diagnostic.is_error())
        .map(|diagnostic| (diagnostic.line, diagnostic.column))
        .collect();

    // The three `...` lines and the stray `)` of `)>)>`.
    assert_eq!(errors, vec![(4, 1), (16, 48), (22, 1), (30, 1)]);

    let stray = diagnostics
        .iter()
        .find(|diagnostic| diagnostic.line == 16)
        .expect("the stray parenthesis is reported");
    let found = stray.found.as_deref().unwrap_or_default();
    assert!(found.contains(')'), "found {found:?} in {stray}");
    assert!(stray.message.contains("between declarations"), "{stray}");

    let rendered: Vec<String> = diagnostics.iter().map(ToString::to_string).collect();
    insta::assert_snapshot!(rendered.join("\n"));
}
