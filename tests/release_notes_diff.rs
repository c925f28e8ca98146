//! The DTD changes of the Qualys API release 10.11, reproduced by `schemakit diff`
//! between the 10.10 versions in `tests/data/schemas-10.10` and the bundled 10.11
//! versions: exactly the listed changes, each backward but not forward compatible.

mod common;

use schemakit_diff::{diff_schemas, load_dtd_file, render_markdown, ChangeKind, Verdict};

/// (10.10 file, 10.11 file, the elements whose declarations the notes list as changed).
const PAIRS: [(&str, &str, &[&str]); 4] = [
    (
        "posture_info_list_output.dtd",
        "api/2.0/fo/compliance/posture/info/posture_info_list_output.dtd",
        &["HOST", "ASSET_ID"],
    ),
    (
        "auth_records.dtd",
        "api/2.0/fo/auth/auth_records.dtd",
        &["AUTH_RECORDS", "AUTH_NEO4J_IDS", "AUTH_NETWORK_SSH_IDS"],
    ),
    (
        "ticket_list_output.dtd",
        "ticket_list_output.dtd",
        &["WHERE", "DETECTION", "SHOW_HOST_ID", "HOST_ID"],
    ),
    (
        "option_profile_info.dtd",
        "api/2.0/fo/subscription/option_profile/option_profile_info.dtd",
        &["OPTION_PROFILE", "TECHNOLOGIES"],
    ),
];

#[test]
fn release_notes_changes_are_reproduced() {
    let root = common::repo_root();
    let mut report = String::new();

    for (old_file, new_file, changed) in PAIRS {
        let old = load_dtd_file(&root.join("tests/data/schemas-10.10").join(old_file))
            .expect("the 10.10 DTD loads");
        let new = load_dtd_file(&root.join("schemas").join(new_file)).expect("the 10.11 DTD loads");
        let diff = diff_schemas(&old, &new);

        let elements: Vec<&str> = diff
            .changes
            .iter()
            .map(|change| change.element.as_str())
            .collect();
        assert_eq!(elements, changed, "{new_file}: changed elements");
        for change in &diff.changes {
            assert!(
                matches!(
                    change.kind,
                    ChangeKind::ContentModelChanged { .. } | ChangeKind::ElementDeclared { .. }
                ),
                "{new_file}: unexpected kind of change {:?}",
                change.kind
            );
            assert_eq!(
                change.compatibility.backward,
                Verdict::Compatible,
                "{new_file}: {}",
                change.element
            );
            assert!(
                matches!(change.compatibility.forward, Verdict::Incompatible { .. }),
                "{new_file}: {} should break consumers of the 10.10 DTD",
                change.element
            );
        }

        report.push_str(&format!("# {new_file}\n\n{}\n", render_markdown(&diff)));
    }

    insta::assert_snapshot!(report);
}
