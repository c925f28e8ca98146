//! Schema drift: the XSD twin of the 10.11 release notes, and folders of schemas
//! compared schema by schema.

#![allow(clippy::expect_used, clippy::unwrap_used)]

mod common;

use schemakit_diff::{
    diff_folders, diff_schemas, load_schema_file, render_folder_human, render_human, ChangeKind,
    Verdict,
};
use std::path::{Path, PathBuf};

#[test]
fn option_profiles_xsd_release_notes() {
    let root = common::repo_root();
    let old = load_schema_file(&root.join("tests/data/schemas-10.10/option_profiles.xsd"))
        .expect("the 10.10 XSD loads");
    let new =
        load_schema_file(&root.join("schemas/option_profiles.xsd")).expect("the 10.11 XSD loads");

    let diff = diff_schemas(&old, &new);

    assert_eq!(diff.changes.len(), 1, "{:?}", diff.changes);
    let change = &diff.changes[0];
    assert_eq!(change.element, "OPTION_PROFILES/OPTION_PROFILE");
    assert!(matches!(
        change.kind,
        ChangeKind::ContentModelChanged { .. }
    ));
    assert_eq!(change.compatibility.backward, Verdict::Compatible);
    assert!(matches!(
        change.compatibility.forward,
        Verdict::Incompatible { .. }
    ));
    insta::assert_snapshot!(render_human(&diff));
}

/// A folder below the system's temporary folder, removed on drop.
struct TempFolder(PathBuf);

impl TempFolder {
    fn new(name: &str) -> TempFolder {
        let path = std::env::temp_dir().join(format!(
            "schemakit-drift-test-{}-{name}",
            std::process::id()
        ));
        let _ = std::fs::remove_dir_all(&path);
        std::fs::create_dir_all(&path).expect("the temporary folder is created");
        TempFolder(path)
    }

    fn write(&self, relative: &str, text: &str) {
        let path = self.0.join(relative);
        std::fs::create_dir_all(path.parent().expect("a file has a parent"))
            .expect("folders are created");
        std::fs::write(path, text).expect("the file is written");
    }

    fn path(&self) -> &Path {
        &self.0
    }
}

impl Drop for TempFolder {
    fn drop(&mut self) {
        let _ = std::fs::remove_dir_all(&self.0);
    }
}

#[test]
fn folder_drift_kinds_are_caught() {
    let old = TempFolder::new("old");
    let new = TempFolder::new("new");
    old.write("same.dtd", "<!ELEMENT R (A)> <!ELEMENT A (#PCDATA)>");
    new.write("same.dtd", "<!ELEMENT R (A)> <!ELEMENT A (#PCDATA)>");
    old.write(
        "api/changed.dtd",
        "<!ELEMENT R (A+)> <!ELEMENT A (#PCDATA)>",
    );
    new.write(
        "api/changed.dtd",
        "<!ELEMENT R (A*)> <!ELEMENT A (#PCDATA)>",
    );
    old.write("removed.dtd", "<!ELEMENT GONE EMPTY>");
    new.write(
        "added.xsd",
        r#"<xs:schema xmlns:xs="http://www.w3.org/2001/XMLSchema"><xs:element name="N" type="xs:string"/></xs:schema>"#,
    );
    old.write("limits.xsd", r#"<xs:schema xmlns:xs="http://www.w3.org/2001/XMLSchema"><xs:element name="N"><xs:simpleType><xs:restriction base="xs:string"><xs:maxLength value="50"/></xs:restriction></xs:simpleType></xs:element></xs:schema>"#);
    new.write("limits.xsd", r#"<xs:schema xmlns:xs="http://www.w3.org/2001/XMLSchema"><xs:element name="N"><xs:simpleType><xs:restriction base="xs:string"><xs:maxLength value="40"/></xs:restriction></xs:simpleType></xs:element></xs:schema>"#);

    let diff = diff_folders(old.path(), new.path()).expect("both folders are compared");

    assert_eq!(diff.added, ["added.xsd"]);
    assert_eq!(diff.removed, ["removed.dtd"]);
    let changed: Vec<&str> = diff
        .changed
        .iter()
        .filter(|(_, schema_diff)| !schema_diff.is_empty())
        .map(|(path, _)| path.as_str())
        .collect();
    assert_eq!(changed, ["api/changed.dtd", "limits.xsd"]);
    assert!(!diff.compatibility().backward.is_compatible());
    assert!(!diff.compatibility().forward.is_compatible());
    insta::assert_snapshot!(render_folder_human(&diff));
}

#[test]
fn catalog_file_means_its_folder() {
    let old = TempFolder::new("catalog-old");
    let new = TempFolder::new("catalog-new");
    for folder in [&old, &new] {
        folder.write(
            "catalog.xml",
            r#"<catalog xmlns="urn:oasis:names:tc:entity:xmlns:xml:catalog"/>"#,
        );
        folder.write("a.dtd", "<!ELEMENT R EMPTY>");
    }

    let diff = diff_folders(
        &old.path().join("catalog.xml"),
        &new.path().join("catalog.xml"),
    )
    .expect("both catalogs are compared");

    assert!(diff.is_empty());
    assert!(diff.compatibility().is_full());
}

#[test]
fn baseline_matches_bundled_schemas() {
    let root = common::repo_root();

    let diff = diff_folders(
        &root.join("tests/data/drift/baseline"),
        &root.join("schemas"),
    )
    .expect("the baseline and schemas/ are compared");

    assert!(diff.is_empty(), "{}", render_folder_human(&diff));
}

#[test]
fn missing_folder_is_an_error() {
    let root = common::repo_root();

    let error = diff_folders(&root.join("no/such/folder"), &root.join("schemas")).err();

    assert!(error.is_some_and(|error| error.to_string().contains("no/such/folder")));
}

#[test]
fn catalog_matches_moved_schema() {
    let old = TempFolder::new("moved-old");
    let new = TempFolder::new("moved-new");
    let catalog = |target: &str| {
        format!(
            r#"<catalog xmlns="urn:oasis:names:tc:entity:xmlns:xml:catalog"><system systemId="https://example.com/list.dtd" uri="{target}"/></catalog>"#
        )
    };
    old.write("catalog.xml", &catalog("v1/list.dtd"));
    old.write(
        "v1/list.dtd",
        "<!ELEMENT LIST (ITEM+)> <!ELEMENT ITEM (#PCDATA)>",
    );
    new.write("catalog.xml", &catalog("v2/list.dtd"));
    new.write(
        "v2/list.dtd",
        "<!ELEMENT LIST (ITEM*)> <!ELEMENT ITEM (#PCDATA)>",
    );

    let diff = diff_folders(old.path(), new.path()).expect("both folders are compared");

    assert!(diff.added.is_empty(), "{:?}", diff.added);
    assert!(diff.removed.is_empty(), "{:?}", diff.removed);
    assert_eq!(diff.changed.len(), 1);
    assert_eq!(diff.changed[0].0, "v1/list.dtd -> v2/list.dtd");
    assert_eq!(diff.changed[0].1.changes.len(), 1);
}

#[test]
fn flat_baseline_matches_by_file_name() {
    let old = TempFolder::new("flat-old");
    let new = TempFolder::new("flat-new");
    let list = "<!ELEMENT LIST (ITEM+)> <!ELEMENT ITEM (#PCDATA)>";
    old.write("list.dtd", list);
    old.write("a/same.dtd", list);
    old.write("b/same.dtd", list);
    new.write(
        "api/2.0/list.dtd",
        "<!ELEMENT LIST (ITEM*)> <!ELEMENT ITEM (#PCDATA)>",
    );
    new.write("c/same.dtd", list);

    let diff = diff_folders(old.path(), new.path()).expect("both folders are compared");

    let labels: Vec<&str> = diff
        .changed
        .iter()
        .map(|(label, _)| label.as_str())
        .collect();
    assert_eq!(labels, ["list.dtd -> api/2.0/list.dtd"]);
    assert_eq!(diff.changed[0].1.changes.len(), 1);
    // Two old schemas share the name `same.dtd`, so neither is paired by name.
    assert_eq!(diff.removed, ["a/same.dtd", "b/same.dtd"]);
    assert_eq!(diff.added, ["c/same.dtd"]);
}
