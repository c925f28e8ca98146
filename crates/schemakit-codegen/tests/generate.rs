//! Snapshots of the code generated for small schemas, and the generator's
//! guarantees: determinism, clash warnings, option errors.

use schemakit_codegen::{CodegenError, Config, Generated, UnknownElements};
use std::path::{Path, PathBuf};

/// Each fixture schema and the module in `tests/generated` that the compile and
/// round-trip tests include.
const FIXTURES: &[(&str, &str)] = &[
    ("choices.dtd", "choices.rs"),
    ("clashes.dtd", "clashes.rs"),
    ("extensible.xsd", "extensible.rs"),
    ("recursive.dtd", "recursive.rs"),
    ("scanner.xsd", "scanner.rs"),
    ("service_request.xsd", "service_request.rs"),
];

fn tests_dir() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("tests")
}

fn fixture_config(file: &str) -> Config {
    match file {
        "choices.dtd" => Config::new().type_override("PROFILE/PORT", "u16"),
        "clashes.dtd" => Config::new().unknown_elements(UnknownElements::Keep),
        _ => Config::new(),
    }
}

#[allow(clippy::expect_used)] // a test helper: a failure stops the test
fn generate(file: &str) -> Generated {
    let path = tests_dir().join("schemas").join(file);
    fixture_config(file)
        .generate_file(&path)
        .expect("the schema generates")
}

#[test]
fn snapshot_choices_and_mixed() {
    let generated = generate("choices.dtd");
    insta::assert_snapshot!(generated.code);
}

#[test]
fn snapshot_name_clashes() {
    let generated = generate("clashes.dtd");
    insta::assert_snapshot!(generated.code);
    insta::assert_debug_snapshot!(generated.warnings);
}

#[test]
fn snapshot_recursion_is_boxed() {
    let generated = generate("recursive.dtd");
    insta::assert_snapshot!(generated.code);
}

#[test]
fn snapshot_xsd_types_and_enums() {
    let generated = generate("scanner.xsd");
    insta::assert_snapshot!(generated.code);
    insta::assert_debug_snapshot!(generated.warnings);
}

#[test]
fn snapshot_xsd_wildcards_and_patterns() {
    let generated = generate("extensible.xsd");
    insta::assert_snapshot!(generated.code);
    assert_eq!(generated.warnings, Vec::<String>::new());
}

#[test]
fn snapshot_xsd_all_groups() {
    let generated = generate("service_request.xsd");
    insta::assert_snapshot!(generated.code);
    assert_eq!(generated.warnings, Vec::<String>::new());
}

/// Every `xs:all` group of the Qualys WAS `webapp.xsd` (32 of them, each the whole
/// content model of a complex type) is read in any order, so none is reported
/// as read in declaration order. Set `SCHEMAKIT_CORPUS` to the Qualys corpus folder;
/// the test is skipped when it is absent, and fails then under `CI=true`.
#[test]
fn corpus_webapp_all_groups_read_in_any_order() {
    let corpus = std::env::var_os("SCHEMAKIT_CORPUS")
        .map(PathBuf::from)
        .unwrap_or_else(|| {
            Path::new(env!("CARGO_MANIFEST_DIR")).join("../../../shared/corpus/qualys")
        });
    let path = corpus.join("xsd/webapp.xsd");
    if !path.is_file() {
        let in_ci = std::env::var("CI").is_ok_and(|value| value == "true");
        assert!(!in_ci, "{} not found; set SCHEMAKIT_CORPUS", path.display());
        eprintln!(
            "skipped: {} not found; set SCHEMAKIT_CORPUS to run this test",
            path.display()
        );
        return;
    }

    let generated = Config::new()
        .generate_file(&path)
        .expect("webapp.xsd generates");

    let unordered = generated
        .warnings
        .iter()
        .filter(|warning| warning.contains("declaration order"))
        .count();
    assert_eq!(unordered, 0, "{:#?}", generated.warnings);
    let order_fields = generated
        .code
        .matches("pub member_order: ::schemakit_runtime::MemberOrder,")
        .count();
    assert_eq!(order_fields, 32);
}

/// The modules that `tests/roundtrip.rs` compiles must be what the generator
/// produces today. Run with `SCHEMAKIT_BLESS=1` to rewrite them.
#[test]
fn included_modules_are_current() {
    let bless = std::env::var_os("SCHEMAKIT_BLESS").is_some();
    for (schema, module) in FIXTURES {
        let generated = generate(schema);
        let path = tests_dir().join("generated").join(module);
        if bless {
            std::fs::write(&path, &generated.code).expect("write the module");
        }
        let current = std::fs::read_to_string(&path).unwrap_or_default();
        assert!(
            current == generated.code,
            "{} is stale; rerun with SCHEMAKIT_BLESS=1",
            path.display()
        );
    }
}

#[test]
fn generation_is_deterministic() {
    for (schema, _) in FIXTURES {
        let first = generate(schema);
        let second = generate(schema);
        assert_eq!(first.code, second.code, "{schema} generated twice");
        assert!(
            !first.code.contains(env!("CARGO_MANIFEST_DIR")),
            "{schema} code contains an absolute path"
        );
    }
}

#[test]
fn clashes_are_warned() {
    let warnings = generate("clashes.dtd").warnings;
    let expected = [
        "\"MS-SQL\" and \"MS_SQL\" both map to the Rust name MsSql",
        "\"FOO-BAR\" and \"FOO_BAR\" both map to the Rust name FooBar",
        "attribute id of RECORD is the field id_attribute",
        "attribute type of RECORD is the field type_attribute",
    ];
    for needle in expected {
        assert!(
            warnings.iter().any(|warning| warning.contains(needle)),
            "no warning contains {needle:?}: {warnings:#?}"
        );
    }
}

#[test]
fn invalid_options_are_errors() {
    let path = tests_dir().join("schemas/choices.dtd");
    let cases = [
        (
            Config::new().type_override("PROFILE/PORT", "u16 <"),
            "invalid Rust type \"u16 <\"",
        ),
        (
            Config::new().type_override("PROFILE/NOPE", "u16"),
            "\"PROFILE/NOPE\" matches no element",
        ),
        (
            Config::new().rename("PROFILE", "not a name"),
            "invalid Rust name \"not a name\"",
        ),
        (
            Config::new().rename("NOPE", "Nope"),
            "\"NOPE\" matches no element",
        ),
    ];
    for (config, expected) in cases {
        let error = config
            .generate_file(&path)
            .expect_err("the option is rejected");
        let message = error.to_string();
        assert!(message.contains(expected), "{message:?} lacks {expected:?}");
    }
}

#[test]
fn rename_changes_the_type_name() {
    let path = tests_dir().join("schemas/choices.dtd");
    let generated = Config::new()
        .rename("PROFILE", "ScanProfile")
        .generate_file(&path)
        .expect("generates");
    assert!(generated.code.contains("pub struct ScanProfile {"));
    assert!(!generated.code.contains("pub struct Profile {"));
}

#[test]
fn broken_schema_lists_every_problem_with_location() {
    let dir = tempfile::tempdir().expect("temp dir");
    let path = dir.path().join("broken.dtd");
    std::fs::write(
        &path,
        "<!ELEMENT A (B>\n<!ELEMENT C (#PCDATA)\n<!ATTLIST>\n",
    )
    .expect("write");

    let error = Config::new()
        .generate_file(&path)
        .expect_err("the DTD is rejected");
    let CodegenError::Schema { problems, .. } = &error else {
        panic!("expected a schema error, got {error:?}");
    };
    assert!(!problems.is_empty());
    for problem in problems {
        assert!(problem.contains("broken.dtd:"), "{problem} has no file");
        assert!(
            problem.contains(":1:") || problem.contains(":2:") || problem.contains(":3:"),
            "{problem} has no line"
        );
    }
    assert!(error.to_string().contains("problem(s)"));
}

#[test]
fn compile_writes_modules_only_when_changed() {
    let dir = tempfile::tempdir().expect("temp dir");
    let schema = tests_dir().join("schemas/recursive.dtd");
    let config = Config::new().out_dir(dir.path());

    let written = config.compile(&[&schema]).expect("compiles");
    assert_eq!(written, vec![dir.path().join("recursive.rs")]);
    let first = std::fs::metadata(&written[0])
        .and_then(|meta| meta.modified())
        .expect("mtime");

    std::thread::sleep(std::time::Duration::from_millis(20));
    config.compile(&[&schema]).expect("compiles again");
    let second = std::fs::metadata(&written[0])
        .and_then(|meta| meta.modified())
        .expect("mtime");
    assert_eq!(first, second, "an unchanged module was rewritten");
}

#[test]
fn compile_accepts_an_override_used_in_one_schema() {
    let dir = tempfile::tempdir().expect("temp dir");
    let schemas = [
        tests_dir().join("schemas/choices.dtd"),
        tests_dir().join("schemas/recursive.dtd"),
    ];

    let written = Config::new()
        .type_override("PROFILE/PORT", "u16")
        .out_dir(dir.path())
        .compile(&schemas)
        .expect("PROFILE/PORT matches in choices.dtd");

    assert_eq!(written.len(), 2);
    let choices = std::fs::read_to_string(&written[0]).expect("read choices.rs");
    assert!(choices.contains("Port(u16)"), "{choices}");
}

#[test]
fn compile_rejects_an_override_used_nowhere() {
    let dir = tempfile::tempdir().expect("temp dir");
    let schemas = [
        tests_dir().join("schemas/choices.dtd"),
        tests_dir().join("schemas/recursive.dtd"),
    ];

    let error = Config::new()
        .type_override("PROFILE/PORT", "u16")
        .type_override("NODE/PORT", "u16")
        .out_dir(dir.path())
        .compile(&schemas)
        .expect_err("NODE/PORT matches in neither schema");

    assert_eq!(
        error.to_string(),
        "the type override \"NODE/PORT\" matches no element in any of the 2 schema(s) compiled together; check the spelling against the schemas' element names"
    );
    let files = std::fs::read_dir(dir.path()).expect("read the output folder");
    assert_eq!(files.count(), 0, "a module was written despite the error");
}

#[test]
fn module_names_from_file_stems() {
    let cases = [
        ("schemas/option_profile_output.dtd", "option_profile_output"),
        ("OPTION-PROFILES.dtd", "option_profiles"),
        ("2019/scan.v2.xsd", "scan_v2"),
    ];
    for (path, expected) in cases {
        assert_eq!(Config::module_name(Path::new(path)), expected, "{path}");
    }
}

/// Every schema bundled with schemakit generates a module that parses as Rust. The
/// modules were also compiled with `#![deny(warnings)]` and clippy by hand; this
/// test only guards generation and parsing.
#[test]
fn bundled_schemas_generate() {
    let schemas = Path::new(env!("CARGO_MANIFEST_DIR")).join("../../schemas");
    let mut pending = vec![schemas];
    let mut generated = 0;

    while let Some(dir) = pending.pop() {
        for entry in std::fs::read_dir(&dir).expect("read the schema folder") {
            let path = entry.expect("folder entry").path();
            if path.is_dir() {
                pending.push(path);
                continue;
            }
            let is_schema = path
                .extension()
                .is_some_and(|extension| extension == "dtd" || extension == "xsd");
            if !is_schema {
                continue;
            }

            let result = Config::new().generate_file(&path);
            let module = result.unwrap_or_else(|error| panic!("{}: {error}", path.display()));
            assert!(module.code.contains("pub struct"), "{}", path.display());
            generated += 1;
        }
    }
    assert!(generated >= 10, "only {generated} bundled schemas found");
}
