//! Reads the XML conformance suite's catalogs.
//!
//! The master catalog `xmlconf.xml` includes one catalog per contributor through
//! external parsed entities, each inside a `TESTCASES` element whose `xml:base` gives
//! the folder the tests' URIs are relative to. The included catalogs are complete
//! documents, so each one is parsed on its own.

use anyhow::{bail, Context};
use std::path::{Path, PathBuf};

/// The expected outcome of a test.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord)]
pub enum TestType {
    Valid,
    Invalid,
    NotWf,
    Error,
}

impl TestType {
    pub fn name(self) -> &'static str {
        match self {
            TestType::Valid => "valid",
            TestType::Invalid => "invalid",
            TestType::NotWf => "not-wf",
            TestType::Error => "error",
        }
    }
}

/// One test of the suite.
#[derive(Clone, Debug)]
pub struct TestCase {
    pub id: String,
    pub test_type: TestType,
    pub document: PathBuf,
    /// The contributor folder: xmltest, sun, oasis, ibm, japanese or eduni.
    pub sub_suite: String,
    /// `NAMESPACE="no"`: run with namespace checks off.
    pub namespaces: bool,
    /// Whether the test belongs to XML 1.0 Fifth Edition (and not only to XML 1.1 or to
    /// editions before the fifth).
    pub xml10_fifth_edition: bool,
    pub description: String,
}

/// Reads every test listed by the master catalog in `suite`.
pub fn read_suite(suite: &Path) -> anyhow::Result<Vec<TestCase>> {
    let master_path = suite.join("xmlconf.xml");
    let master = std::fs::read_to_string(&master_path)
        .with_context(|| format!("reading {}", master_path.display()))?;

    let entities = entity_declarations(&master);
    let mut tests = Vec::new();

    for (base, entity) in included_catalogs(&master) {
        let Some(relative) = entities
            .iter()
            .find(|(name, _)| *name == entity)
            .map(|(_, path)| path)
        else {
            bail!(
                "{}: entity `{entity}` is not declared",
                master_path.display()
            );
        };
        let catalog_path = suite.join(relative);
        let text = std::fs::read_to_string(&catalog_path)
            .with_context(|| format!("reading {}", catalog_path.display()))?;
        // An included catalog is an external parsed entity: it may hold several TEST
        // elements without a common root, so it is parsed inside a wrapper element.
        let wrapped = format!("<INCLUDED>{}</INCLUDED>", without_xml_declaration(&text));
        let document = roxmltree::Document::parse(&wrapped)
            .with_context(|| format!("parsing {}", catalog_path.display()))?;

        let base_dir = suite.join(&base);
        let sub_suite = base.split('/').next().unwrap_or_default().to_owned();
        collect_tests(document.root_element(), &base_dir, &sub_suite, &mut tests)
            .with_context(|| format!("in {}", catalog_path.display()))?;
    }
    Ok(tests)
}

/// `text` without its leading XML (text) declaration.
fn without_xml_declaration(text: &str) -> &str {
    let trimmed = text.trim_start_matches('\u{feff}');
    if trimmed.starts_with("<?xml ") {
        if let Some((_, rest)) = trimmed.split_once("?>") {
            return rest;
        }
    }
    trimmed
}

/// `<!ENTITY name SYSTEM "path">` declarations of the master catalog.
fn entity_declarations(master: &str) -> Vec<(String, String)> {
    let mut declarations = Vec::new();
    for piece in master.split("<!ENTITY").skip(1) {
        let mut words = piece.split_whitespace();
        let (Some(name), Some("SYSTEM"), Some(literal)) =
            (words.next(), words.next(), words.next())
        else {
            continue;
        };
        let path = literal.trim_end_matches('>').trim_matches('"');
        declarations.push((name.to_owned(), path.to_owned()));
    }
    declarations
}

/// `(xml:base, entity name)` for every `&entity;` inside a `TESTCASES` element of the
/// master catalog, in document order.
fn included_catalogs(master: &str) -> Vec<(String, String)> {
    let mut included = Vec::new();
    let body = master
        .split_once("<TESTSUITE")
        .map(|(_, body)| body)
        .unwrap_or(master);

    for block in body.split("<TESTCASES").skip(1) {
        let (start_tag, content) = block.split_once('>').unwrap_or((block, ""));
        let base = start_tag
            .split_once("xml:base=\"")
            .and_then(|(_, rest)| rest.split_once('"'))
            .map(|(base, _)| base.to_owned())
            .unwrap_or_default();
        let content = content.split("</TESTCASES>").next().unwrap_or_default();
        for reference in content.split('&').skip(1) {
            if let Some((name, _)) = reference.split_once(';') {
                included.push((base.clone(), name.trim().to_owned()));
            }
        }
    }
    included
}

fn collect_tests(
    node: roxmltree::Node,
    base_dir: &Path,
    sub_suite: &str,
    tests: &mut Vec<TestCase>,
) -> anyhow::Result<()> {
    for child in node.children().filter(roxmltree::Node::is_element) {
        match child.tag_name().name() {
            "TESTCASES" => {
                let nested_base =
                    match child.attribute(("http://www.w3.org/XML/1998/namespace", "base")) {
                        Some(base) => base_dir.join(base),
                        None => base_dir.to_path_buf(),
                    };
                collect_tests(child, &nested_base, sub_suite, tests)?;
            }
            "TEST" => tests.push(test_case(child, base_dir, sub_suite)?),
            _ => {}
        }
    }
    Ok(())
}

fn test_case(node: roxmltree::Node, base_dir: &Path, sub_suite: &str) -> anyhow::Result<TestCase> {
    let attribute = |name: &str| node.attribute(name).unwrap_or_default();
    let id = attribute("ID").to_owned();

    let test_type = match attribute("TYPE") {
        "valid" => TestType::Valid,
        "invalid" => TestType::Invalid,
        "not-wf" => TestType::NotWf,
        "error" => TestType::Error,
        other => bail!("test {id}: unknown TYPE `{other}`"),
    };

    let version = node.attribute("VERSION");
    let edition = node.attribute("EDITION");
    let is_xml10 = version.is_none_or(|version| version.split_whitespace().any(|v| v == "1.0"));
    let in_fifth = edition.is_none_or(|edition| edition.split_whitespace().any(|e| e == "5"));

    Ok(TestCase {
        id,
        test_type,
        document: base_dir.join(attribute("URI")),
        sub_suite: sub_suite.to_owned(),
        namespaces: attribute("NAMESPACE") != "no",
        xml10_fifth_edition: is_xml10 && in_fifth,
        description: node
            .text()
            .unwrap_or_default()
            .split_whitespace()
            .collect::<Vec<_>>()
            .join(" "),
    })
}
