//! Scores the loader on the schema tests of the W3C XSD test suite: how many
//! schemas it accepts or rejects as the suite expects.
//!
//! Runs only when `XSDTESTS_DIR` names the suite folder (the one with `msMeta` and
//! `sunMeta`). `XSDTESTS_LIST=FILE` writes every disagreement to FILE.

#![allow(clippy::expect_used, clippy::unwrap_used)]

use schemakit_resolve::{ExternalPolicy, Resolver};
use std::path::{Path, PathBuf};

/// The agreement measured when this floor was set; a drop below it is a regression.
const MIN_AGREEMENT: usize = 3_128;

struct SchemaTest {
    name: String,
    document: PathBuf,
    valid: bool,
}

fn schema_tests(metadata: &Path) -> Vec<SchemaTest> {
    let text = std::fs::read_to_string(metadata).expect("readable metadata");
    let document = roxmltree::Document::parse(&text).expect("well-formed metadata");
    let folder = metadata.parent().expect("metadata in a folder");
    let mut tests = Vec::new();
    for test in document
        .descendants()
        .filter(|node| node.has_tag_name("schemaTest"))
    {
        let href = test
            .children()
            .find(|node| node.has_tag_name("schemaDocument"))
            .and_then(|node| node.attribute(("http://www.w3.org/1999/xlink", "href")));
        let expected = test
            .children()
            .find(|node| node.has_tag_name("expected"))
            .and_then(|node| node.attribute("validity"));
        if let (Some(href), Some(expected)) = (href, expected) {
            tests.push(SchemaTest {
                name: test.attribute("name").unwrap_or("?").to_owned(),
                document: folder.join(href),
                valid: expected == "valid",
            });
        }
    }
    tests
}

#[test]
fn w3c_schema_tests_score() {
    let Some(suite) = std::env::var_os("XSDTESTS_DIR").map(PathBuf::from) else {
        println!("skipped: set XSDTESTS_DIR to the W3C XSD test suite folder");
        return;
    };
    let metadata = [
        "msMeta/Attribute_w3c.xml",
        "msMeta/DataTypes_w3c.xml",
        "msMeta/ModelGroups_w3c.xml",
        "sunMeta/AttrDecl.testSet",
        "sunMeta/AttrUse.testSet",
        "sunMeta/CType.testSet",
        "sunMeta/MGroup.testSet",
        "sunMeta/MGroupDef.testSet",
        "sunMeta/SType.testSet",
    ];
    let resolver = Resolver::new(ExternalPolicy::Local);
    let mut report = String::new();
    let (mut agreed, mut total, mut panicked) = (0, 0, 0);
    for file in metadata {
        let (mut file_agreed, mut file_total) = (0, 0);
        for test in schema_tests(&suite.join(file)) {
            let outcome =
                std::panic::catch_unwind(|| schemakit_xsd::load_file(&test.document, &resolver));
            total += 1;
            file_total += 1;
            let Ok(result) = outcome else {
                panicked += 1;
                report.push_str(&format!(
                    "PANIC {} {}\n",
                    test.name,
                    test.document.display()
                ));
                continue;
            };
            if result.is_ok() == test.valid {
                agreed += 1;
                file_agreed += 1;
                continue;
            }
            match result {
                Ok(_) => report.push_str(&format!(
                    "ACCEPTED-INVALID {} {}\n",
                    test.name,
                    test.document.display()
                )),
                Err(error) => report.push_str(&format!(
                    "REJECTED-VALID {} {}: {}\n",
                    test.name,
                    test.document.display(),
                    error
                        .diagnostics
                        .first()
                        .map(ToString::to_string)
                        .unwrap_or_default()
                )),
            }
        }
        println!("{file}: {file_agreed}/{file_total}");
    }
    println!("total: {agreed}/{total} agree, {panicked} panics");
    if let Some(list) = std::env::var_os("XSDTESTS_LIST") {
        std::fs::write(list, report).expect("writable list file");
    }
    assert_eq!(panicked, 0, "the loader panicked");
    assert!(
        agreed >= MIN_AGREEMENT,
        "agreement {agreed} is below {MIN_AGREEMENT}"
    );
}
