//! Possible root elements of DTDs: the declared elements no other element names.

use schemakit_diff::{diff_schemas, load_dtd_text, possible_roots, ChangeKind, DiffError};

#[test]
fn possible_roots_table() -> Result<(), DiffError> {
    let cases: [(&str, &[&str]); 4] = [
        ("<!ELEMENT R (A)> <!ELEMENT A (#PCDATA)>", &["R"]),
        ("<!ELEMENT R (R?)> <!ELEMENT A EMPTY>", &["A", "R"]),
        ("<!ELEMENT R ANY> <!ELEMENT A EMPTY>", &["R"]),
        ("<!ELEMENT R (#PCDATA | A)*> <!ELEMENT A (R)>", &[]),
    ];

    for (dtd, expected) in cases {
        let schema = load_dtd_text(dtd, "roots.dtd")?;
        let roots: Vec<String> = possible_roots(&schema).into_iter().collect();

        assert_eq!(roots, expected, "{dtd}");
    }
    Ok(())
}

#[test]
fn root_change_is_reported() -> Result<(), DiffError> {
    let old = load_dtd_text("<!ELEMENT R (A)> <!ELEMENT A (#PCDATA)>", "old.dtd")?;
    let new = load_dtd_text(
        "<!ELEMENT R (A)> <!ELEMENT A (#PCDATA)> <!ELEMENT TOP (R+)>",
        "new.dtd",
    )?;

    let diff = diff_schemas(&old, &new);
    let root_change = diff
        .changes
        .iter()
        .find(|change| matches!(change.kind, ChangeKind::RootElementsChanged { .. }));

    let Some(change) = root_change else {
        panic!("no root change in {:?}", diff.changes);
    };
    assert_eq!(
        change.kind,
        ChangeKind::RootElementsChanged {
            added: vec!["TOP".to_owned()],
            removed: vec!["R".to_owned()],
        }
    );
    assert!(change.compatibility.is_full());
    Ok(())
}
