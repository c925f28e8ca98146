//! Criterion benchmarks of the DTD path: loading every bundled DTD, stepping a
//! content-model automaton, and checking attributes while validating a document.
//!
//! Run with `cargo bench -p schemakit-validator`. Whole-document throughput against
//! xmllint is measured by `cargo xtask bench` instead (see BENCHMARKS.md).

// A benchmark whose setup fails has nothing to measure, so it stops with a message.
#![allow(clippy::expect_used)]

use criterion::{black_box, criterion_group, criterion_main, BenchmarkId, Criterion, Throughput};
use schemakit_model::{ContentAutomaton, ContentSpec, Symbol};
use schemakit_resolve::{ExternalPolicy, Resolver};
use schemakit_validator::{CompiledDtd, Validator, ValidatorOptions, Verdict};
use std::path::{Path, PathBuf};

/// Returns the folder of the bundled schemas, at the repository root.
fn schemas_dir() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../../schemas")
}

/// Returns every `*.dtd` below `dir`, sorted so that benchmark ids stay stable.
fn find_dtds(dir: &Path) -> Vec<PathBuf> {
    let mut found = Vec::new();
    let mut folders = vec![dir.to_owned()];
    while let Some(folder) = folders.pop() {
        let entries = std::fs::read_dir(&folder).expect("the schemas folder is readable");
        for entry in entries {
            let path = entry.expect("a folder entry is readable").path();
            if path.is_dir() {
                folders.push(path);
            } else if path.extension().is_some_and(|extension| extension == "dtd") {
                found.push(path);
            }
        }
    }
    found.sort();
    found
}

fn dtd_loading(c: &mut Criterion) {
    let dir = schemas_dir();
    let dtds = find_dtds(&dir);
    assert!(
        !dtds.is_empty(),
        "no bundled DTD found below {}",
        dir.display()
    );
    let resolver = Resolver::new(ExternalPolicy::Local);

    let mut group = c.benchmark_group("dtd_load");
    for path in &dtds {
        let name = path
            .strip_prefix(&dir)
            .unwrap_or(path)
            .display()
            .to_string();
        let bytes = std::fs::metadata(path).map_or(0, |metadata| metadata.len());
        group.throughput(Throughput::Bytes(bytes));
        group.bench_with_input(BenchmarkId::from_parameter(name), path, |b, path| {
            b.iter(|| CompiledDtd::load(black_box(path), &resolver).expect("bundled DTD loads"));
        });
    }
    group.finish();
}

/// The children of one `INFO` record of the posture-info output, in the order of
/// the bundled DTD's sequence.
const INFO_CHILDREN: &[&str] = &[
    "ID",
    "HOST_ID",
    "CONTROL_ID",
    "TECHNOLOGY_ID",
    "INSTANCE",
    "STATUS",
    "POSTURE_MODIFIED_DATE",
    "EVALUATION_DATE",
    "PREVIOUS_STATUS",
    "FIRST_FAIL_DATE",
    "LAST_FAIL_DATE",
    "FIRST_PASS_DATE",
    "LAST_PASS_DATE",
    "EVIDENCE",
];

fn content_model_steps(c: &mut Criterion) {
    let path =
        schemas_dir().join("api/2.0/fo/compliance/posture/info/posture_info_list_output.dtd");
    let dtd = CompiledDtd::load(&path, &Resolver::new(ExternalPolicy::Local))
        .expect("the posture-info DTD loads");
    let schema = dtd.schema();
    let Some(ContentSpec::Children(particle)) = schema
        .element("INFO")
        .and_then(|declaration| declaration.content.as_ref())
    else {
        panic!("INFO has element content in the posture-info DTD");
    };
    let automaton = ContentAutomaton::compile(particle).expect("the INFO model compiles");
    let children: Vec<Symbol> = INFO_CHILDREN
        .iter()
        .map(|name| schema.symbols.get(name).expect("the child is declared"))
        .collect();

    let mut group = c.benchmark_group("content_model");
    group.throughput(Throughput::Elements(children.len() as u64));
    group.bench_function("INFO_children", |b| {
        b.iter(|| {
            let mut state = automaton.start();
            for &child in &children {
                assert!(automaton.step(&mut state, black_box(child)));
            }
            automaton.accepts_end(&state)
        });
    });
    group.finish();
}

/// The number of `ITEM` elements in the attribute benchmark document.
const ITEMS: usize = 2_000;

/// Writes a document whose `ITEM` elements carry ID, IDREF, enumerated, NMTOKENS,
/// #FIXED and defaulted attributes when `attributes` is set, and none otherwise.
fn attribute_document(attributes: bool) -> Vec<u8> {
    let mut document = String::from(
        r#"<!DOCTYPE LIST [
<!ELEMENT LIST (ITEM*)>
<!ELEMENT ITEM EMPTY>
<!ATTLIST ITEM
  id ID #IMPLIED
  ref IDREF #IMPLIED
  status (Passed|Failed|Error) #IMPLIED
  tags NMTOKENS #IMPLIED
  label CDATA #IMPLIED
  version CDATA #FIXED "2.0"
  kind (host|asset) "host">
]>
<LIST>
"#,
    );
    for index in 0..ITEMS {
        if attributes {
            let target = index.saturating_sub(1);
            document.push_str(&format!(
                "<ITEM id=\"i{index}\" ref=\"i{target}\" status=\"Failed\" tags=\"  os   linux \" label=\"Minimum password length {index}\" version=\"2.0\"/>\n"
            ));
        } else {
            document.push_str("<ITEM/>\n");
        }
    }
    document.push_str("</LIST>\n");
    document.into_bytes()
}

fn attribute_checks(c: &mut Criterion) {
    let validator = Validator::new(
        Resolver::new(ExternalPolicy::None),
        ValidatorOptions::default(),
    );

    let mut group = c.benchmark_group("attributes");
    for (name, attributes) in [("typed", true), ("none", false)] {
        let document = attribute_document(attributes);
        let report = validator.validate_reader(&document[..], "items.xml", None);
        assert_eq!(report.verdict, Verdict::Valid, "{:?}", report.diagnostics);

        group.throughput(Throughput::Elements(ITEMS as u64));
        group.bench_with_input(
            BenchmarkId::new("validate", name),
            &document,
            |b, document| {
                b.iter(|| validator.validate_reader(black_box(&document[..]), "items.xml", None));
            },
        );
    }
    group.finish();
}

criterion_group!(benches, dtd_loading, content_model_steps, attribute_checks);
criterion_main!(benches);
