//! Reads the test metadata of the W3C XML Schema Test Suite (XSTS) and decides which
//! tests score XSD 1.0.
//!
//! A test set contains test groups, and a group contains at most one `schemaTest`
//! and any number of `instanceTest`s. The schema of this metadata is `common/xsts.xsd`
//! in the suite, which documents these rules:
//!
//! - `version` on `testSet`, `testGroup`, `schemaTest` and `instanceTest` lists
//!   version tokens joined by OR: the test applies when any token is supported.
//! - `version` on `expected` lists tokens joined by AND: the outcome is prescribed
//!   when every token is supported.
//!
//! Only tests whose `current` status is `accepted` or `stable` are scored, and an
//! instance test is scored only when its group's schema is expected to be valid.

use anyhow::Context;
use std::path::{Path, PathBuf};

/// The namespace of the XSTS metadata elements.
const XSTS_NAMESPACE: &str = "http://www.w3.org/XML/2004/xml-schema-test-suite/";

/// The namespace of the `xlink:href` attribute that points at test documents.
const XLINK_NAMESPACE: &str = "http://www.w3.org/1999/xlink";

/// Version tokens this runner supports: XSD 1.0, whose suite release is the Second
/// Edition. The XSTS schema defines `1.0-1e` and `1.0-2e` as mutually exclusive, so
/// `1.0-1e` is not supported.
const SUPPORTED_VERSION_TOKENS: [&str; 2] = ["1.0", "1.0-2e"];

/// The outcome the metadata prescribes for a schema or instance document.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Validity {
    Valid,
    Invalid,
}

impl Validity {
    /// Returns the metadata's spelling of the outcome.
    pub fn name(self) -> &'static str {
        match self {
            Validity::Valid => "valid",
            Validity::Invalid => "invalid",
        }
    }
}

/// Whether a test is scored, and if not, why.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Scoring {
    /// Scored, with the XSD 1.0 outcome the metadata prescribes.
    Scored(Validity),
    /// The test, its group or its test set applies only to versions other than 1.0.
    OtherVersion,
    /// No `expected` element prescribes an XSD 1.0 outcome, or it prescribes
    /// `indeterminate` or an unknown outcome.
    NoXsd10Outcome,
    /// The `current` status is neither `accepted` nor `stable`.
    Status(String),
    /// The test has no `current` status.
    NoStatus,
    /// The schema test names more than one schema document, which this runner does
    /// not load together.
    SeveralSchemaDocuments,
    /// An instance test whose group's schema is not expected to be valid in XSD 1.0.
    SchemaNotValid,
}

impl Scoring {
    /// Returns the expected outcome when the test is scored.
    pub fn expected(&self) -> Option<Validity> {
        match self {
            Scoring::Scored(validity) => Some(*validity),
            _ => None,
        }
    }
}

/// A `schemaTest`: one schema document and whether it is a valid schema.
#[derive(Debug)]
pub struct SchemaTest {
    pub name: String,
    /// Every `schemaDocument`, resolved against the metadata file's folder.
    pub documents: Vec<PathBuf>,
    /// The outcome XSD 1.0 prescribes, whatever the test's status.
    pub expected: Option<Validity>,
    pub scoring: Scoring,
}

/// An `instanceTest`: one instance document and whether it is valid against the
/// group's schema.
#[derive(Debug)]
pub struct InstanceTest {
    pub name: String,
    pub document: PathBuf,
    pub scoring: Scoring,
}

/// A `testGroup`.
#[derive(Debug)]
pub struct TestGroup {
    pub name: String,
    /// The schema test; `None` for groups whose instances are checked with no schema.
    pub schema: Option<SchemaTest>,
    pub instances: Vec<InstanceTest>,
}

impl TestGroup {
    /// Returns the single schema document that the group's instances are validated
    /// against, when there is exactly one.
    pub fn schema_document(&self) -> Option<&Path> {
        match self
            .schema
            .as_ref()
            .map(|schema| schema.documents.as_slice())
        {
            Some([only]) => Some(only),
            _ => None,
        }
    }
}

/// A `testSet`: one metadata file.
#[derive(Debug)]
pub struct TestSet {
    pub name: String,
    pub groups: Vec<TestGroup>,
}

impl TestSet {
    /// Returns the id of an instance test: `testSet/testGroup/instanceTest`.
    pub fn instance_id(&self, group: &TestGroup, test: &InstanceTest) -> String {
        format!("{}/{}/{}", self.name, group.name, test.name)
    }

    /// Returns the id of a schema test: `testSet/testGroup/schemaTest`.
    pub fn schema_id(&self, group: &TestGroup, test: &SchemaTest) -> String {
        format!("{}/{}/{}", self.name, group.name, test.name)
    }
}

/// Reads every metadata file of the suite: `msMeta/*.xml` and `sunMeta/*.testSet`,
/// in file-name order.
pub fn read_suite(suite: &Path) -> anyhow::Result<Vec<TestSet>> {
    let mut files = Vec::new();
    for (folder, extension) in [("msMeta", "xml"), ("sunMeta", "testSet")] {
        let folder = suite.join(folder);
        let entries = std::fs::read_dir(&folder)
            .with_context(|| format!("listing the metadata folder {}", folder.display()))?;
        let mut found: Vec<PathBuf> = entries
            .filter_map(|entry| entry.ok().map(|entry| entry.path()))
            .filter(|path| path.extension().is_some_and(|found| found == extension))
            .collect();
        found.sort();
        files.extend(found);
    }

    if files.is_empty() {
        anyhow::bail!(
            "no test metadata found in {}/msMeta or sunMeta; check that the suite is complete",
            suite.display()
        );
    }

    files
        .iter()
        .map(|file| {
            let text = std::fs::read_to_string(file)
                .with_context(|| format!("reading the test metadata {}", file.display()))?;
            let base = file.parent().unwrap_or(suite);
            parse_test_set(&text, base)
                .with_context(|| format!("parsing the test metadata {}", file.display()))
        })
        .collect()
}

/// Parses one metadata file; `base` is the folder its `xlink:href`s resolve against.
pub fn parse_test_set(text: &str, base: &Path) -> anyhow::Result<TestSet> {
    let document = roxmltree::Document::parse(text)?;
    let root = document.root_element();
    if !is_xsts(root, "testSet") {
        anyhow::bail!(
            "the root element is `{}`, expected the XSTS element `testSet`",
            root.tag_name().name()
        );
    }

    let set_applies = applies(root);
    let groups = xsts_children(root, "testGroup")
        .map(|group| parse_group(group, base, set_applies))
        .collect::<anyhow::Result<_>>()?;
    Ok(TestSet {
        name: root.attribute("name").unwrap_or_default().to_owned(),
        groups,
    })
}

fn parse_group(node: roxmltree::Node, base: &Path, set_applies: bool) -> anyhow::Result<TestGroup> {
    let name = node.attribute("name").unwrap_or_default().to_owned();
    let group_applies = set_applies && applies(node);

    let schema = xsts_children(node, "schemaTest")
        .next()
        .map(|test| parse_schema_test(test, base, group_applies))
        .transpose()
        .with_context(|| format!("in test group `{name}`"))?;

    // A group without a schema test checks its instances with no schema, which the
    // metadata treats like a valid (empty) schema.
    let schema_valid = match &schema {
        None => true,
        Some(schema) => schema.expected == Some(Validity::Valid),
    };
    let several_documents = schema
        .as_ref()
        .is_some_and(|schema| schema.documents.len() > 1);

    let instances = xsts_children(node, "instanceTest")
        .map(|test| {
            let mut instance = parse_instance_test(test, base, group_applies)?;
            if matches!(instance.scoring, Scoring::Scored(_)) {
                if several_documents {
                    instance.scoring = Scoring::SeveralSchemaDocuments;
                } else if !schema_valid {
                    instance.scoring = Scoring::SchemaNotValid;
                }
            }
            Ok(instance)
        })
        .collect::<anyhow::Result<_>>()
        .with_context(|| format!("in test group `{name}`"))?;

    Ok(TestGroup {
        name,
        schema,
        instances,
    })
}

fn parse_schema_test(
    node: roxmltree::Node,
    base: &Path,
    group_applies: bool,
) -> anyhow::Result<SchemaTest> {
    let name = node.attribute("name").unwrap_or_default().to_owned();
    let documents: Vec<PathBuf> = xsts_children(node, "schemaDocument")
        .map(|document| href(document, base))
        .collect::<anyhow::Result<_>>()
        .with_context(|| format!("in schema test `{name}`"))?;
    if documents.is_empty() {
        anyhow::bail!("schema test `{name}` has no schemaDocument");
    }

    let expected = xsd10_expected(node);
    let mut scoring = scoring(node, group_applies, expected);
    if documents.len() > 1 && matches!(scoring, Scoring::Scored(_)) {
        scoring = Scoring::SeveralSchemaDocuments;
    }
    Ok(SchemaTest {
        name,
        documents,
        expected: expected.flatten(),
        scoring,
    })
}

fn parse_instance_test(
    node: roxmltree::Node,
    base: &Path,
    group_applies: bool,
) -> anyhow::Result<InstanceTest> {
    let name = node.attribute("name").unwrap_or_default().to_owned();
    let document = xsts_children(node, "instanceDocument")
        .next()
        .with_context(|| format!("instance test `{name}` has no instanceDocument"))
        .and_then(|document| href(document, base))?;
    let expected = xsd10_expected(node);
    Ok(InstanceTest {
        name,
        document,
        scoring: scoring(node, group_applies, expected),
    })
}

/// Decides whether a test is scored. `expected` is the result of [`xsd10_expected`].
fn scoring(
    node: roxmltree::Node,
    group_applies: bool,
    expected: Option<Option<Validity>>,
) -> Scoring {
    if !group_applies || !applies(node) {
        return Scoring::OtherVersion;
    }

    let status = xsts_children(node, "current")
        .next()
        .and_then(|current| current.attribute("status"));
    match status {
        Some("accepted" | "stable") => {}
        Some(other) => return Scoring::Status(other.to_owned()),
        None => return Scoring::NoStatus,
    }

    match expected {
        Some(Some(validity)) => Scoring::Scored(validity),
        _ => Scoring::NoXsd10Outcome,
    }
}

/// Finds the outcome the test's `expected` elements prescribe for XSD 1.0.
///
/// Returns `None` when no `expected` element applies, and `Some(None)` when the one
/// that applies gives `indeterminate` or an unknown value. When several apply, one
/// with a `version` attribute wins over one without, because it is the more
/// specific statement; otherwise the first in document order wins.
fn xsd10_expected(node: roxmltree::Node) -> Option<Option<Validity>> {
    let applicable: Vec<roxmltree::Node> = xsts_children(node, "expected")
        .filter(|expected| match expected.attribute("version") {
            None => true,
            Some(tokens) => tokens.split_whitespace().all(is_supported),
        })
        .collect();
    let chosen = applicable
        .iter()
        .find(|expected| expected.has_attribute("version"))
        .or(applicable.first())?;

    Some(match chosen.attribute("validity") {
        Some("valid") => Some(Validity::Valid),
        Some("invalid") => Some(Validity::Invalid),
        _ => None,
    })
}

/// Tells whether a test set, group or test applies to XSD 1.0: it has no `version`
/// attribute, or one of its tokens is supported.
fn applies(node: roxmltree::Node) -> bool {
    match node.attribute("version") {
        None => true,
        Some(tokens) => tokens.split_whitespace().any(is_supported),
    }
}

fn is_supported(token: &str) -> bool {
    SUPPORTED_VERSION_TOKENS.contains(&token)
}

fn href(node: roxmltree::Node, base: &Path) -> anyhow::Result<PathBuf> {
    let href = node
        .attribute((XLINK_NAMESPACE, "href"))
        .with_context(|| format!("`{}` has no xlink:href", node.tag_name().name()))?;
    Ok(base.join(href))
}

fn is_xsts(node: roxmltree::Node, name: &str) -> bool {
    node.tag_name().name() == name && node.tag_name().namespace() == Some(XSTS_NAMESPACE)
}

fn xsts_children<'a, 'input>(
    node: roxmltree::Node<'a, 'input>,
    name: &'static str,
) -> impl Iterator<Item = roxmltree::Node<'a, 'input>> {
    node.children().filter(move |child| is_xsts(*child, name))
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Wraps test groups in a `testSet` with the XSTS and xlink namespaces.
    fn test_set(set_version: &str, groups: &str) -> TestSet {
        let text = format!(
            r#"<testSet xmlns="http://www.w3.org/XML/2004/xml-schema-test-suite/"
                 xmlns:xlink="http://www.w3.org/1999/xlink" name="Set" {set_version}>{groups}</testSet>"#
        );
        parse_test_set(&text, Path::new("/suite/meta")).expect("the metadata parses")
    }

    /// Builds one group with a schema test and an instance test, each with the given
    /// attributes and children.
    fn group(schema_children: &str, instance_attributes: &str, instance_children: &str) -> String {
        format!(
            r#"<testGroup name="g">
                 <schemaTest name="s">
                   <schemaDocument xlink:href="../data/s.xsd"/>{schema_children}
                 </schemaTest>
                 <instanceTest name="i" {instance_attributes}>
                   <instanceDocument xlink:href="../data/i.xml"/>{instance_children}
                 </instanceTest>
               </testGroup>"#
        )
    }

    const VALID_ACCEPTED: &str =
        r#"<expected validity="valid"/><current status="accepted" date="2006-07-16"/>"#;

    #[test]
    fn expected_version_rules() {
        let cases = [
            (r#"<expected validity="invalid"/>"#, Some(Validity::Invalid)),
            (
                r#"<expected validity="valid" version="1.0"/>"#,
                Some(Validity::Valid),
            ),
            (
                r#"<expected validity="valid" version="1.0"/><expected validity="invalid" version="1.1"/>"#,
                Some(Validity::Valid),
            ),
            (
                r#"<expected validity="invalid" version="1.1"/><expected validity="valid" version="1.0"/>"#,
                Some(Validity::Valid),
            ),
            (r#"<expected validity="valid" version="1.1"/>"#, None),
            // The tokens of `expected` are joined by AND.
            (r#"<expected validity="valid" version="1.0 1.1"/>"#, None),
            (
                r#"<expected validity="valid" version="1.0 1.0-2e"/>"#,
                Some(Validity::Valid),
            ),
            (r#"<expected validity="valid" version="1.0-1e"/>"#, None),
            // A versioned statement wins over an unversioned one.
            (
                r#"<expected validity="valid"/><expected validity="invalid" version="1.0"/>"#,
                Some(Validity::Invalid),
            ),
            (r#"<expected validity="indeterminate"/>"#, None),
            ("", None),
        ];
        for (expected, outcome) in cases {
            let children = format!(r#"{expected}<current status="accepted" date="2006-07-16"/>"#);
            let set = test_set("", &group(&children, "", VALID_ACCEPTED));
            let schema = set.groups[0].schema.as_ref().expect("a schema test");
            assert_eq!(schema.scoring.expected(), outcome, "for {expected}");
        }
    }

    #[test]
    fn test_version_rules() {
        let cases = [
            ("", "", Scoring::Scored(Validity::Valid)),
            ("", r#"version="1.0""#, Scoring::Scored(Validity::Valid)),
            // The tokens of a test are joined by OR.
            ("", r#"version="1.1 1.0""#, Scoring::Scored(Validity::Valid)),
            ("", r#"version="1.1""#, Scoring::OtherVersion),
            (r#"version="1.1""#, "", Scoring::OtherVersion),
            (r#"version="1.0 1.1""#, "", Scoring::Scored(Validity::Valid)),
        ];
        for (set_version, instance_version, scoring) in cases {
            let set = test_set(
                set_version,
                &group(VALID_ACCEPTED, instance_version, VALID_ACCEPTED),
            );
            let instance = &set.groups[0].instances[0];
            assert_eq!(
                instance.scoring, scoring,
                "set {set_version:?}, instance {instance_version:?}"
            );
        }
    }

    #[test]
    fn status_rules() {
        let cases = [
            ("accepted", Scoring::Scored(Validity::Valid)),
            ("stable", Scoring::Scored(Validity::Valid)),
            ("queried", Scoring::Status("queried".to_owned())),
            ("disputed-test", Scoring::Status("disputed-test".to_owned())),
            ("submitted", Scoring::Status("submitted".to_owned())),
        ];
        for (status, scoring) in cases {
            let children = format!(
                r#"<expected validity="valid"/><current status="{status}" date="2006-07-16"/>"#
            );
            let set = test_set("", &group(VALID_ACCEPTED, "", &children));
            assert_eq!(
                set.groups[0].instances[0].scoring, scoring,
                "status {status}"
            );
        }

        let set = test_set(
            "",
            &group(VALID_ACCEPTED, "", r#"<expected validity="valid"/>"#),
        );
        assert_eq!(set.groups[0].instances[0].scoring, Scoring::NoStatus);
    }

    #[test]
    fn instances_need_valid_schema() {
        let invalid_schema =
            r#"<expected validity="invalid"/><current status="accepted" date="2006-07-16"/>"#;
        let set = test_set("", &group(invalid_schema, "", VALID_ACCEPTED));
        assert_eq!(set.groups[0].instances[0].scoring, Scoring::SchemaNotValid);

        // A queried schema test still decides whether its instances are scored.
        let queried_valid_schema =
            r#"<expected validity="valid"/><current status="queried" date="2006-07-16"/>"#;
        let set = test_set("", &group(queried_valid_schema, "", VALID_ACCEPTED));
        let group = &set.groups[0];
        let schema = group.schema.as_ref().expect("a schema test");
        assert_eq!(schema.scoring, Scoring::Status("queried".to_owned()));
        assert_eq!(group.instances[0].scoring, Scoring::Scored(Validity::Valid));
    }

    #[test]
    fn group_without_schema_test() {
        let groups = r#"<testGroup name="attMd001">
              <instanceTest name="attMd001.i">
                <instanceDocument xlink:href="../data/test108565_1.xml"/>
                <expected validity="invalid"/>
                <current status="accepted" date="2006-07-16"/>
              </instanceTest>
            </testGroup>"#;
        let set = test_set("", groups);
        let group = &set.groups[0];
        assert!(group.schema.is_none());
        assert!(group.schema_document().is_none());
        assert_eq!(
            group.instances[0].scoring,
            Scoring::Scored(Validity::Invalid)
        );
        assert_eq!(
            set.instance_id(group, &group.instances[0]),
            "Set/attMd001/attMd001.i"
        );
    }

    #[test]
    fn paths_resolve_against_metadata_folder() {
        let set = test_set("", &group(VALID_ACCEPTED, "", VALID_ACCEPTED));
        let group = &set.groups[0];
        assert_eq!(
            group.schema_document(),
            Some(Path::new("/suite/meta/../data/s.xsd"))
        );
        assert_eq!(
            group.instances[0].document,
            Path::new("/suite/meta/../data/i.xml")
        );
    }

    #[test]
    fn several_schema_documents_unscored() {
        let groups = format!(
            r#"<testGroup name="g">
                 <schemaTest name="s">
                   <schemaDocument xlink:href="a.xsd"/>
                   <schemaDocument xlink:href="b.xsd"/>{VALID_ACCEPTED}
                 </schemaTest>
                 <instanceTest name="i">
                   <instanceDocument xlink:href="i.xml"/>{VALID_ACCEPTED}
                 </instanceTest>
               </testGroup>"#
        );
        let set = test_set("", &groups);
        let group = &set.groups[0];
        let schema = group.schema.as_ref().expect("a schema test");
        assert_eq!(schema.scoring, Scoring::SeveralSchemaDocuments);
        assert_eq!(group.instances[0].scoring, Scoring::SeveralSchemaDocuments);
    }

    #[test]
    fn wrong_root_rejected() {
        let error = parse_test_set("<testSuite/>", Path::new("/")).expect_err("not a test set");
        assert!(error.to_string().contains("testSet"), "{error}");
    }
}
