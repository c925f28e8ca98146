//! The supported subset: the instance tests whose schema uses only the XSD
//! constructs schemakit sets out to support, derived mechanically from the schema
//! documents and instances and checked in as `xtask/xsd-subset.txt`.
//!
//! A test is in the subset when its schema document and every document it includes
//! or imports use only these constructs: element and attribute declarations, complex
//! types (with simple or complex content), `sequence`, `choice` and `all`, attribute
//! groups and named model groups, simple types (restriction, list, union) with
//! facets, annotations, `include` and `import`. It is out when the schema uses `any`,
//! `anyAttribute`, `substitutionGroup`, identity constraints (`key`, `keyref`,
//! `unique`), `redefine` or `notation`, when the instance uses `xsi:type`, when a
//! document cannot be read or parsed, or when the group has no schema.

use super::metadata::{Scoring, TestSet};
use anyhow::Context;
use std::collections::{BTreeMap, BTreeSet};
use std::fmt;
use std::path::{Path, PathBuf};

/// The XML Schema 1.0 namespace.
const XSD_NAMESPACE: &str = "http://www.w3.org/2001/XMLSchema";

/// The XML Schema instance namespace, of `xsi:type`.
const XSI_NAMESPACE: &str = "http://www.w3.org/2001/XMLSchema-instance";

/// The checked-in list, relative to the repository root.
pub const SUBSET_FILE: &str = "xtask/xsd-subset.txt";

/// XSD elements allowed in a schema of the subset.
const SUPPORTED_ELEMENTS: &[&str] = &[
    "schema",
    "annotation",
    "documentation",
    "appinfo",
    "include",
    "import",
    "element",
    "attribute",
    "attributeGroup",
    "group",
    "complexType",
    "complexContent",
    "simpleContent",
    "extension",
    "restriction",
    "sequence",
    "choice",
    "all",
    "simpleType",
    "list",
    "union",
    "length",
    "minLength",
    "maxLength",
    "pattern",
    "enumeration",
    "whiteSpace",
    "maxInclusive",
    "maxExclusive",
    "minInclusive",
    "minExclusive",
    "totalDigits",
    "fractionDigits",
];

/// XSD elements that put a schema out of the subset.
const UNSUPPORTED_ELEMENTS: &[&str] = &[
    "any",
    "anyAttribute",
    "key",
    "keyref",
    "unique",
    "selector",
    "field",
    "redefine",
    "notation",
];

/// The reason an instance test is out of the subset.
#[derive(Clone, Debug, PartialEq, Eq, PartialOrd, Ord)]
pub enum Exclusion {
    /// The schema uses an XSD element outside the subset, such as `xs:any`.
    Construct(String),
    /// An element declaration has a `substitutionGroup`.
    SubstitutionGroup,
    /// The instance has an `xsi:type` attribute.
    XsiType,
    /// A schema document is missing, is not well-formed or is not an XSD 1.0 schema.
    SchemaUnreadable,
    /// The instance is missing or not well-formed.
    InstanceUnreadable,
    /// The group has no schema: its instance is checked with no schema at all.
    NoSchema,
}

impl fmt::Display for Exclusion {
    fn fmt(&self, formatter: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Exclusion::Construct(name) => write!(formatter, "xs:{name}"),
            Exclusion::SubstitutionGroup => formatter.write_str("substitutionGroup"),
            Exclusion::XsiType => formatter.write_str("xsi:type in the instance"),
            Exclusion::SchemaUnreadable => formatter.write_str("schema fails to parse"),
            Exclusion::InstanceUnreadable => formatter.write_str("instance fails to parse"),
            Exclusion::NoSchema => formatter.write_str("no schema"),
        }
    }
}

/// The subset derived from the suite, with the reason for every test left out.
pub struct Derived {
    /// Ids of the instance tests in the subset, in metadata order.
    pub ids: Vec<String>,
    /// How many scored instance tests each reason left out.
    pub exclusions: BTreeMap<Exclusion, usize>,
}

/// Classifies every scored instance test of `sets`.
pub fn derive(sets: &[TestSet]) -> Derived {
    let mut schemas: BTreeMap<PathBuf, Result<(), Exclusion>> = BTreeMap::new();
    let mut ids = Vec::new();
    let mut exclusions = BTreeMap::new();

    for set in sets {
        for group in &set.groups {
            for test in &group.instances {
                if !matches!(test.scoring, Scoring::Scored(_)) {
                    continue;
                }

                let schema = match group.schema_document() {
                    None => Err(Exclusion::NoSchema),
                    Some(path) => schemas
                        .entry(path.to_path_buf())
                        .or_insert_with(|| classify_schema_file(path))
                        .clone(),
                };
                let verdict = schema.and_then(|()| classify_instance_file(&test.document));

                match verdict {
                    Ok(()) => ids.push(set.instance_id(group, test)),
                    Err(exclusion) => *exclusions.entry(exclusion).or_insert(0) += 1,
                }
            }
        }
    }
    Derived { ids, exclusions }
}

/// Classifies the schema at `path` and every local document it includes or imports.
pub fn classify_schema_file(path: &Path) -> Result<(), Exclusion> {
    let mut pending = vec![path.to_path_buf()];
    let mut seen = BTreeSet::new();

    while let Some(path) = pending.pop() {
        let key = std::fs::canonicalize(&path).map_err(|_| Exclusion::SchemaUnreadable)?;
        if !seen.insert(key) {
            continue;
        }

        let text = std::fs::read_to_string(&path).map_err(|_| Exclusion::SchemaUnreadable)?;
        let locations = classify_schema_text(&text)?;
        let folder = path.parent().unwrap_or(Path::new("."));
        for location in locations {
            if location.contains("://") {
                // Only local files are read, as the runner loads schemas offline.
                return Err(Exclusion::SchemaUnreadable);
            }
            pending.push(folder.join(location));
        }
    }
    Ok(())
}

/// Classifies one schema document and returns the `schemaLocation`s of its `include`
/// and `import` elements, which must be classified too.
pub fn classify_schema_text(text: &str) -> Result<Vec<String>, Exclusion> {
    let document = parse(text).ok_or(Exclusion::SchemaUnreadable)?;
    let root = document.root_element();
    if !is_xsd(root, "schema") {
        return Err(Exclusion::SchemaUnreadable);
    }

    let mut locations = Vec::new();
    let mut pending = vec![root];
    while let Some(node) = pending.pop() {
        let name = node.tag_name().name();
        if node.tag_name().namespace() != Some(XSD_NAMESPACE) {
            // Elements in other namespaces are not schema components. The classifier
            // skips them and leaves them to the loader.
            continue;
        }
        if UNSUPPORTED_ELEMENTS.contains(&name) || !SUPPORTED_ELEMENTS.contains(&name) {
            return Err(Exclusion::Construct(name.to_owned()));
        }
        if name == "element" && node.has_attribute("substitutionGroup") {
            return Err(Exclusion::SubstitutionGroup);
        }
        if matches!(name, "include" | "import") {
            locations.extend(node.attribute("schemaLocation").map(str::to_owned));
        }
        // The content of documentation and appinfo is free-form.
        if !matches!(name, "documentation" | "appinfo") {
            pending.extend(node.children().filter(roxmltree::Node::is_element));
        }
    }
    Ok(locations)
}

/// Classifies the instance at `path`.
pub fn classify_instance_file(path: &Path) -> Result<(), Exclusion> {
    let text = std::fs::read_to_string(path).map_err(|_| Exclusion::InstanceUnreadable)?;
    classify_instance_text(&text)
}

/// Classifies one instance document: it must be well-formed and use no `xsi:type`.
pub fn classify_instance_text(text: &str) -> Result<(), Exclusion> {
    let document = parse(text).ok_or(Exclusion::InstanceUnreadable)?;
    let uses_xsi_type = document.descendants().any(|node| {
        node.attributes().any(|attribute| {
            attribute.namespace() == Some(XSI_NAMESPACE) && attribute.name() == "type"
        })
    });
    if uses_xsi_type {
        return Err(Exclusion::XsiType);
    }
    Ok(())
}

fn parse(text: &str) -> Option<roxmltree::Document<'_>> {
    let options = roxmltree::ParsingOptions {
        allow_dtd: true,
        ..roxmltree::ParsingOptions::default()
    };
    roxmltree::Document::parse_with_options(text, options).ok()
}

fn is_xsd(node: roxmltree::Node, name: &str) -> bool {
    node.tag_name().name() == name && node.tag_name().namespace() == Some(XSD_NAMESPACE)
}

/// Reads the checked-in subset: one id a line, `#` starts a comment line.
pub fn read_list(repo_root: &Path) -> anyhow::Result<Vec<String>> {
    let path = repo_root.join(SUBSET_FILE);
    let text = std::fs::read_to_string(&path).with_context(|| {
        format!(
            "reading {}; run `cargo xtask conformance xsd --write-subset` to create it",
            path.display()
        )
    })?;
    Ok(text
        .lines()
        .map(str::trim)
        .filter(|line| !line.is_empty() && !line.starts_with('#'))
        .map(str::to_owned)
        .collect())
}

/// Writes `ids` as the checked-in subset.
pub fn write_list(repo_root: &Path, ids: &[String]) -> anyhow::Result<()> {
    let path = repo_root.join(SUBSET_FILE);
    let mut text = String::from(
        "# Instance tests of the W3C XML Schema Test Suite whose schema uses only the XSD\n\
         # constructs schemakit supports (testSet/testGroup/instanceTest). Generated by\n\
         # `cargo xtask conformance xsd --write-subset`; do not edit by hand.\n",
    );
    for id in ids {
        text.push_str(id);
        text.push('\n');
    }
    std::fs::write(&path, text).with_context(|| format!("writing {}", path.display()))
}

/// Compares the checked-in list with the derived one and describes the first
/// differences, or returns `None` when they are equal.
pub fn staleness(checked_in: &[String], derived: &[String]) -> Option<String> {
    if checked_in == derived {
        return None;
    }

    let checked_in_set: BTreeSet<&String> = checked_in.iter().collect();
    let derived_set: BTreeSet<&String> = derived.iter().collect();
    let missing: Vec<&&String> = derived_set.difference(&checked_in_set).take(3).collect();
    let extra: Vec<&&String> = checked_in_set.difference(&derived_set).take(3).collect();
    Some(format!(
        "{SUBSET_FILE} is stale: it lists {} tests, the classifier derives {} \
         (first missing: {missing:?}; first extra: {extra:?}); \
         run `cargo xtask conformance xsd --write-subset` and commit the result",
        checked_in.len(),
        derived.len()
    ))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn schema(body: &str) -> String {
        format!(r#"<xs:schema xmlns:xs="http://www.w3.org/2001/XMLSchema">{body}</xs:schema>"#)
    }

    #[test]
    fn schema_constructs() {
        let cases: &[(&str, Result<(), Exclusion>)] = &[
            (r#"<xs:element name="doc" type="xs:string"/>"#, Ok(())),
            (
                r#"<xs:element name="doc"><xs:complexType><xs:sequence>
                     <xs:element name="a" minOccurs="0"/>
                     <xs:choice><xs:element name="b"/><xs:group ref="g"/></xs:choice>
                   </xs:sequence><xs:attribute name="x"/><xs:attributeGroup ref="ag"/>
                   </xs:complexType></xs:element>
                   <xs:group name="g"><xs:all><xs:element name="c"/></xs:all></xs:group>
                   <xs:attributeGroup name="ag"><xs:attribute name="y"/></xs:attributeGroup>"#,
                Ok(()),
            ),
            (
                r#"<xs:simpleType name="t"><xs:restriction base="xs:decimal">
                     <xs:totalDigits value="5"/><xs:fractionDigits value="2"/>
                     <xs:minInclusive value="0"/><xs:enumeration value="1"/>
                   </xs:restriction></xs:simpleType>
                   <xs:simpleType name="l"><xs:list itemType="xs:int"/></xs:simpleType>
                   <xs:simpleType name="u"><xs:union memberTypes="t l"/></xs:simpleType>"#,
                Ok(()),
            ),
            (
                r#"<xs:complexType name="c"><xs:simpleContent><xs:extension base="xs:int">
                     <xs:attribute name="unit"/></xs:extension></xs:simpleContent></xs:complexType>"#,
                Ok(()),
            ),
            (
                r#"<xs:annotation><xs:appinfo><xs:any/><xs:key name="k"/></xs:appinfo>
                   <xs:documentation>xs:any is not used here</xs:documentation></xs:annotation>"#,
                Ok(()),
            ),
            (
                r#"<xs:element name="doc"><xs:complexType><xs:sequence><xs:any/>
                   </xs:sequence></xs:complexType></xs:element>"#,
                Err(Exclusion::Construct("any".to_owned())),
            ),
            (
                r#"<xs:complexType name="c"><xs:anyAttribute/></xs:complexType>"#,
                Err(Exclusion::Construct("anyAttribute".to_owned())),
            ),
            (
                r#"<xs:element name="head"/><xs:element name="member" substitutionGroup="head"/>"#,
                Err(Exclusion::SubstitutionGroup),
            ),
            (
                r#"<xs:element name="doc"><xs:key name="k"><xs:selector xpath="a"/>
                   <xs:field xpath="@id"/></xs:key></xs:element>"#,
                Err(Exclusion::Construct("key".to_owned())),
            ),
            (
                r#"<xs:element name="doc"><xs:keyref name="r" refer="k"/></xs:element>"#,
                Err(Exclusion::Construct("keyref".to_owned())),
            ),
            (
                r#"<xs:element name="doc"><xs:unique name="u"/></xs:element>"#,
                Err(Exclusion::Construct("unique".to_owned())),
            ),
            (
                r#"<xs:redefine schemaLocation="base.xsd"/>"#,
                Err(Exclusion::Construct("redefine".to_owned())),
            ),
            (
                r#"<xs:notation name="png" public="image/png"/>"#,
                Err(Exclusion::Construct("notation".to_owned())),
            ),
        ];
        for (body, expected) in cases {
            let verdict = classify_schema_text(&schema(body)).map(|_| ());
            assert_eq!(&verdict, expected, "for {body}");
        }
    }

    #[test]
    fn unknown_xsd_element_is_out() {
        let verdict = classify_schema_text(&schema(r#"<xs:assert test="true()"/>"#));
        assert_eq!(verdict, Err(Exclusion::Construct("assert".to_owned())));
    }

    #[test]
    fn unparsable_schemas_are_out() {
        let cases = [
            "<xs:schema xmlns:xs='http://www.w3.org/2001/XMLSchema'>",
            "<schema/>",
            "<xs:schema xmlns:xs='http://www.w3.org/1999/XMLSchema'/>",
        ];
        for text in cases {
            assert_eq!(
                classify_schema_text(text),
                Err(Exclusion::SchemaUnreadable),
                "for {text}"
            );
        }
    }

    #[test]
    fn include_and_import_locations() {
        let text = schema(
            r#"<xs:include schemaLocation="a.xsd"/>
               <xs:import namespace="urn:b" schemaLocation="b.xsd"/>
               <xs:import namespace="urn:c"/>"#,
        );
        let mut locations = classify_schema_text(&text).expect("in the subset");
        locations.sort();
        assert_eq!(locations, ["a.xsd", "b.xsd"]);
    }

    #[test]
    fn included_documents_classified() {
        let folder = tempfile::tempdir().expect("a temporary folder");
        let main = folder.path().join("main.xsd");
        let included = folder.path().join("part.xsd");
        std::fs::write(&main, schema(r#"<xs:include schemaLocation="part.xsd"/>"#))
            .expect("write main.xsd");

        std::fs::write(&included, schema(r#"<xs:element name="a"/>"#)).expect("write part.xsd");
        assert_eq!(classify_schema_file(&main), Ok(()));

        std::fs::write(&included, schema(r#"<xs:notation name="n" public="p"/>"#))
            .expect("write part.xsd");
        assert_eq!(
            classify_schema_file(&main),
            Err(Exclusion::Construct("notation".to_owned()))
        );

        std::fs::remove_file(&included).expect("remove part.xsd");
        assert_eq!(
            classify_schema_file(&main),
            Err(Exclusion::SchemaUnreadable)
        );
    }

    #[test]
    fn include_cycle_terminates() {
        let folder = tempfile::tempdir().expect("a temporary folder");
        let first = folder.path().join("a.xsd");
        std::fs::write(&first, schema(r#"<xs:include schemaLocation="b.xsd"/>"#))
            .expect("write a.xsd");
        std::fs::write(
            folder.path().join("b.xsd"),
            schema(r#"<xs:include schemaLocation="a.xsd"/>"#),
        )
        .expect("write b.xsd");
        assert_eq!(classify_schema_file(&first), Ok(()));
    }

    #[test]
    fn instance_xsi_type() {
        let cases = [
            ("<doc>1</doc>", Ok(())),
            (
                r#"<doc xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance" xsi:nil="true"/>"#,
                Ok(()),
            ),
            // Attribute names are case-sensitive: xsi:Type is not xsi:type.
            (
                r#"<doc xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance" xsi:Type="x"/>"#,
                Ok(()),
            ),
            (
                r#"<doc xmlns:i="http://www.w3.org/2001/XMLSchema-instance"><a i:type="t"/></doc>"#,
                Err(Exclusion::XsiType),
            ),
            ("<doc>", Err(Exclusion::InstanceUnreadable)),
        ];
        for (text, expected) in cases {
            assert_eq!(classify_instance_text(text), expected, "for {text}");
        }
    }

    #[test]
    fn staleness_reports_differences() {
        let ids = |items: &[&str]| items.iter().map(|id| (*id).to_owned()).collect::<Vec<_>>();
        assert_eq!(staleness(&ids(&["a", "b"]), &ids(&["a", "b"])), None);

        let message = staleness(&ids(&["a", "old"]), &ids(&["a", "new"])).expect("stale");
        assert!(message.contains("\"new\""), "{message}");
        assert!(message.contains("\"old\""), "{message}");
        assert!(message.contains("--write-subset"), "{message}");
    }
}
