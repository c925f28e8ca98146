//! Errors of the generator and of the build-time API.

use std::path::PathBuf;

/// Why code could not be generated or written.
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum CodegenError {
    /// A type override names a Rust type that does not parse.
    #[error("invalid Rust type {rust_type:?} in the type override for {path}; give a type such as u16 or String")]
    InvalidOverride { path: String, rust_type: String },
    /// A rename gives a name that is not a Rust identifier.
    #[error("invalid Rust name {rust_name:?} in the rename of {element}; give an UpperCamelCase identifier")]
    InvalidRename { element: String, rust_name: String },
    /// A type override or rename names nothing in the schema.
    #[error("{option} {key:?} matches no element in the schema; check the spelling against the schema's element names")]
    UnusedOption { option: &'static str, key: String },
    /// A type override or rename names nothing in any schema of one
    /// [`Config::compile`](crate::Config::compile) call.
    #[error("{option} {key:?} matches no element in any of the {schemas} schema(s) compiled together; check the spelling against the schemas' element names")]
    UnusedOptionInCompile {
        option: &'static str,
        key: String,
        schemas: usize,
    },
    /// The generated tokens did not parse as a Rust file, which is a generator bug.
    #[error(
        "the generated code does not parse as Rust ({message}); please report this with the schema"
    )]
    Internal { message: String },
    /// The schema has no elements to generate types for.
    #[error("the schema {name} declares no elements, so there is nothing to generate")]
    EmptySchema { name: String },
    /// A schema did not load; every problem is listed with file:line:column.
    #[error("{}", list_problems(path, problems))]
    Schema {
        path: PathBuf,
        problems: Vec<String>,
    },
    /// A catalog did not load.
    #[error("cannot load the catalog {}: {message}", path.display())]
    Catalog { path: PathBuf, message: String },
    /// A file could not be read or written.
    #[error("cannot {action} {}: {source}", path.display())]
    Io {
        action: &'static str,
        path: PathBuf,
        #[source]
        source: std::io::Error,
    },
    /// The output directory was not set and `OUT_DIR` is not set either.
    #[error("no output directory: call Config::out_dir or run from a build script, where OUT_DIR is set")]
    NoOutDir,
    /// Generating one schema failed.
    #[error("cannot generate code for {}: {source}", path.display())]
    Generate {
        path: PathBuf,
        #[source]
        source: Box<CodegenError>,
    },
}

fn list_problems(path: &std::path::Path, problems: &[String]) -> String {
    let mut text = format!(
        "the schema {} has {} problem(s):",
        path.display(),
        problems.len()
    );
    for problem in problems {
        text.push_str("\n  ");
        text.push_str(problem);
    }
    text
}
