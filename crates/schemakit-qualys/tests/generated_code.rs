//! The generated code of every bundled schema, pinned by snapshots so each change
//! of the generator's output is reviewed. That the code compiles without warnings
//! is checked by the crate itself, which denies warnings.

// Test helpers stop at the first unexpected value, like the tests themselves.
#![allow(clippy::expect_used, clippy::unwrap_used)]

mod common;

use std::path::{Path, PathBuf};

/// Returns the generated `*.rs` files in `OUT_DIR`, sorted by name.
fn generated_files() -> Vec<PathBuf> {
    let out_dir = Path::new(env!("OUT_DIR"));
    let entries = std::fs::read_dir(out_dir)
        .unwrap_or_else(|error| panic!("failed to read {}: {error}", out_dir.display()));
    let mut files: Vec<PathBuf> = entries
        .map(|entry| entry.expect("OUT_DIR entry is readable").path())
        .filter(|path| path.extension().is_some_and(|extension| extension == "rs"))
        .collect();
    files.sort();
    files
}

fn module_of(file: &Path) -> String {
    file.file_stem()
        .map(|stem| stem.to_string_lossy().into_owned())
        .unwrap_or_default()
}

#[test]
fn generated_code_snapshots() {
    let files = generated_files();
    assert!(!files.is_empty(), "the build script generated no module");

    for file in files {
        let code = std::fs::read_to_string(&file)
            .unwrap_or_else(|error| panic!("failed to read {}: {error}", file.display()));
        insta::assert_snapshot!(module_of(&file), code);
    }
}

#[test]
fn every_schema_has_an_included_module() {
    let lib = std::fs::read_to_string(Path::new(env!("CARGO_MANIFEST_DIR")).join("src/lib.rs"))
        .expect("src/lib.rs is readable");
    // rustfmt may break a long `include!` over lines, so compare without whitespace.
    let lib: String = lib.chars().filter(|ch| !ch.is_whitespace()).collect();
    let generated: Vec<String> = generated_files()
        .iter()
        .map(|file| module_of(file))
        .collect();

    let mut schemas = Vec::new();
    let mut pending = vec![common::workspace_root().join("schemas")];
    while let Some(dir) = pending.pop() {
        for entry in std::fs::read_dir(&dir).expect("the schema folder is readable") {
            let path = entry.expect("schema folder entry is readable").path();
            if path.is_dir() {
                pending.push(path);
            } else if path
                .extension()
                .is_some_and(|extension| extension == "dtd" || extension == "xsd")
            {
                schemas.push(path);
            }
        }
    }
    assert!(schemas.len() >= 11, "found only {} schemas", schemas.len());

    for schema in &schemas {
        let module = schemakit_codegen::Config::module_name(schema);
        assert!(
            generated.contains(&module),
            "{}: no {module}.rs was generated",
            schema.display()
        );
        let declaration = format!("pubmod{module}{{");
        let include = format!("include!(concat!(env!(\"OUT_DIR\"),\"/{module}.rs\"));");
        assert!(
            lib.contains(&declaration) && lib.contains(&include),
            "src/lib.rs does not include the module {module} of {}",
            schema.display()
        );
    }
}
