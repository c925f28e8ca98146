//! Generates the Qualys types into `OUT_DIR`: one `<module>.rs` for each DTD and
//! XSD under the workspace's `schemas/` folder. A schema added there is generated
//! without editing this file, and `src/lib.rs` must include its module, which
//! `tests/generated_code.rs` checks.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::process::ExitCode;

/// The bundled schemas, relative to this crate.
const SCHEMAS_DIR: &str = "../../schemas";

/// Rust types for text-only elements: (`PARENT/CHILD` element path, type). Each
/// applies to every schema with that element, and the generator rejects one that
/// matches no element of any schema.
const TYPE_OVERRIDES: &[(&str, &str)] = &[("AUTH_NEO4J/PORT", "u16")];

/// Folders nested deeper than this under `schemas/` are not searched, which also
/// stops symbolic-link loops.
const MAX_DEPTH: usize = 16;

fn main() -> ExitCode {
    match generate() {
        Ok(()) => ExitCode::SUCCESS,
        Err(message) => {
            // Cargo shows the standard error of a failed build script.
            eprintln!("error: {message}");
            ExitCode::FAILURE
        }
    }
}

fn generate() -> Result<(), String> {
    let schemas_dir = Path::new(SCHEMAS_DIR);
    let out_dir = std::env::var("OUT_DIR").map_err(|error| {
        format!("OUT_DIR is not set ({error}); run this build script through cargo")
    })?;

    let mut schemas = Vec::new();
    collect_schemas(schemas_dir, 0, &mut schemas)?;
    schemas.sort();
    if schemas.is_empty() {
        return Err(format!(
            "no *.dtd or *.xsd file found under {}; restore the bundled Qualys schemas there",
            schemas_dir.display()
        ));
    }
    check_module_names(&schemas)?;

    let mut config = schemakit_codegen::Config::new()
        .catalog(schemas_dir.join("catalog.xml"))
        .serde(true)
        .out_dir(&out_dir);
    for (element_path, rust_type) in TYPE_OVERRIDES {
        config = config.type_override(*element_path, *rust_type);
    }
    config
        .compile(&schemas)
        .map_err(|error| format!("generating the Qualys types failed:\n{error}"))?;
    Ok(())
}

/// Adds every `*.dtd` and `*.xsd` file under `dir` to `schemas`. Prints
/// `cargo:rerun-if-changed` for each folder too, so an added schema reruns this
/// script.
fn collect_schemas(dir: &Path, depth: usize, schemas: &mut Vec<PathBuf>) -> Result<(), String> {
    if depth > MAX_DEPTH {
        return Err(format!(
            "{} is nested more than {MAX_DEPTH} folders deep under {SCHEMAS_DIR}; flatten it or remove the link loop",
            dir.display()
        ));
    }
    println!("cargo:rerun-if-changed={}", dir.display());

    let entries = std::fs::read_dir(dir).map_err(|error| {
        format!(
            "failed to read the schema folder {}: {error}",
            dir.display()
        )
    })?;
    for entry in entries {
        let path = entry
            .map_err(|error| {
                format!(
                    "failed to read the schema folder {}: {error}",
                    dir.display()
                )
            })?
            .path();
        let hidden = path
            .file_name()
            .is_some_and(|name| name.to_string_lossy().starts_with('.'));
        if hidden {
            continue;
        }

        if path.is_dir() {
            collect_schemas(&path, depth + 1, schemas)?;
        } else if path
            .extension()
            .is_some_and(|extension| extension == "dtd" || extension == "xsd")
        {
            println!("cargo:rerun-if-changed={}", path.display());
            schemas.push(path);
        }
    }
    Ok(())
}

/// Rejects two schemas whose generated modules would have the same name, because
/// the second would overwrite the first in `OUT_DIR`.
fn check_module_names(schemas: &[PathBuf]) -> Result<(), String> {
    let mut modules: BTreeMap<String, &Path> = BTreeMap::new();
    for schema in schemas {
        let module = schemakit_codegen::Config::module_name(schema);
        if let Some(first) = modules.insert(module.clone(), schema) {
            return Err(format!(
                "{} and {} both generate the module `{module}`; rename one of the files",
                first.display(),
                schema.display()
            ));
        }
    }
    Ok(())
}
