//! The build-script API: load schema files, generate, and write one module per
//! schema into `OUT_DIR`.

use crate::error::CodegenError;
use crate::names::field_name;
use crate::options::{Options, UnknownElements};
use crate::{generate_with_usage, Generated, OptionUsage};
use schemakit_dtd::{load_dtd, DtdLimits};
use schemakit_model::Schema;
use schemakit_resolve::{Catalog, ExternalPolicy, Resolver};
use std::path::{Path, PathBuf};

/// Builder for generating code from schema files in a build script, in the style
/// of `prost-build`:
///
/// ```no_run
/// # fn main() -> Result<(), schemakit_codegen::CodegenError> {
/// schemakit_codegen::Config::new()
///     .type_override("AUTH_NEO4J/PORT", "u16")
///     .compile(&["schemas/api/2.0/fo/auth/neo4j/auth_neo4j_list_output.dtd"])?;
/// # Ok(())
/// # }
/// ```
///
/// Each schema becomes `<module>.rs` in the output directory, named by
/// [`Config::module_name`]; include it with
/// `include!(concat!(env!("OUT_DIR"), "/auth_neo4j_list_output.rs"))` inside a `mod`.
#[derive(Clone, Debug, Default)]
pub struct Config {
    catalogs: Vec<PathBuf>,
    options: Options,
    out_dir: Option<PathBuf>,
}

impl Config {
    /// Creates a configuration with default options. SYSTEM identifiers resolve
    /// through the catalogs added with [`Config::catalog`], then the bundled catalog
    /// of Qualys schemas; relative identifiers load local files.
    pub fn new() -> Self {
        Self::default()
    }

    /// Adds an OASIS XML catalog, consulted before the bundled one.
    pub fn catalog(mut self, path: impl Into<PathBuf>) -> Self {
        self.catalogs.push(path.into());
        self
    }

    /// Sets the Rust type of the text-only element at `path` (`PARENT/CHILD`).
    pub fn type_override(mut self, path: impl Into<String>, rust_type: impl Into<String>) -> Self {
        self.options = self.options.type_override(path, rust_type);
        self
    }

    /// Names the type generated for `element` `rust_name`.
    pub fn rename(mut self, element: impl Into<String>, rust_name: impl Into<String>) -> Self {
        self.options = self.options.rename(element, rust_name);
        self
    }

    /// Sets what generated readers do with undeclared elements.
    pub fn unknown_elements(mut self, mode: UnknownElements) -> Self {
        self.options.unknown_elements = mode;
        self
    }

    /// Adds `serde` derives behind `#[cfg_attr(feature = "serde", ...)]`.
    pub fn serde(mut self, enabled: bool) -> Self {
        self.options.serde = enabled;
        self
    }

    /// Sets the output directory; the default is the `OUT_DIR` variable that Cargo
    /// sets for build scripts.
    pub fn out_dir(mut self, dir: impl Into<PathBuf>) -> Self {
        self.out_dir = Some(dir.into());
        self
    }

    /// The generator options.
    pub fn options(&self) -> &Options {
        &self.options
    }

    /// Returns the module name for a schema file: its file stem in snake_case
    /// (`option_profile_output.dtd` gives `option_profile_output`).
    pub fn module_name(path: &Path) -> String {
        let stem = path
            .file_stem()
            .map(|stem| stem.to_string_lossy().into_owned())
            .unwrap_or_default();
        field_name(&stem)
    }

    /// Generates and writes every schema, printing `cargo:rerun-if-changed` for each
    /// file read (schemas, catalogs, external entities, includes). A file is
    /// rewritten only when its bytes change. Returns the paths of the modules.
    ///
    /// Type overrides and renames apply to every schema. One that matches nothing in
    /// a schema is fine as long as it matches in another schema of the same call.
    /// One that matches in none is an error, reported before any module is written.
    pub fn compile(&self, schemas: &[impl AsRef<Path>]) -> Result<Vec<PathBuf>, CodegenError> {
        let out_dir = match &self.out_dir {
            Some(dir) => dir.clone(),
            None => std::env::var_os("OUT_DIR")
                .map(PathBuf::from)
                .ok_or(CodegenError::NoOutDir)?,
        };
        for catalog in &self.catalogs {
            println!("cargo:rerun-if-changed={}", catalog.display());
        }

        let mut modules = Vec::new();
        let mut usage = OptionUsage::default();
        for schema in schemas {
            let path = schema.as_ref();
            println!("cargo:rerun-if-changed={}", path.display());
            let (generated, files, schema_usage) = self.generate_with_files(path)?;
            for file in files {
                println!("cargo:rerun-if-changed={}", file.display());
            }
            for warning in &generated.warnings {
                println!("cargo:warning={}: {warning}", path.display());
            }
            usage.extend(schema_usage);
            modules.push((path, generated));
        }

        if let Some((option, key)) = usage.first_unused(&self.options) {
            return Err(CodegenError::UnusedOptionInCompile {
                option,
                key,
                schemas: schemas.len(),
            });
        }

        let mut written = Vec::new();
        for (path, generated) in modules {
            let target = out_dir.join(format!("{}.rs", Self::module_name(path)));
            write_if_changed(&target, &generated.code)?;
            written.push(target);
        }
        Ok(written)
    }

    /// Loads one schema file and generates its module without writing anything. A
    /// type override or rename that matches nothing in this schema is an error.
    pub fn generate_file(&self, path: &Path) -> Result<Generated, CodegenError> {
        let (generated, _, usage) = self.generate_with_files(path)?;
        match usage.first_unused(&self.options) {
            Some((option, key)) => Err(CodegenError::Generate {
                path: path.to_owned(),
                source: Box::new(CodegenError::UnusedOption { option, key }),
            }),
            None => Ok(generated),
        }
    }

    /// Generates one schema file and lists the files read and the options that
    /// matched in it.
    fn generate_with_files(
        &self,
        path: &Path,
    ) -> Result<(Generated, Vec<PathBuf>, OptionUsage), CodegenError> {
        let (schema, files) = self.load(path)?;
        let (generated, usage) = generate_with_usage(&schema, &self.options).map_err(|source| {
            CodegenError::Generate {
                path: path.to_owned(),
                source: Box::new(source),
            }
        })?;
        Ok((generated, files, usage))
    }

    /// Loads a DTD, or an XSD when the file name ends in `.xsd`, and lists the
    /// local files read.
    fn load(&self, path: &Path) -> Result<(Schema, Vec<PathBuf>), CodegenError> {
        let resolver = self.resolver()?;
        let is_xsd = path
            .extension()
            .is_some_and(|extension| extension.eq_ignore_ascii_case("xsd"));

        if is_xsd {
            let loaded = schemakit_xsd::load_file(path, &resolver).map_err(|error| {
                CodegenError::Schema {
                    path: path.to_owned(),
                    problems: error.diagnostics.iter().map(ToString::to_string).collect(),
                }
            })?;
            return Ok((loaded.schema, loaded.files));
        }

        let entity = resolver
            .load_file(path)
            .map_err(|error| CodegenError::Schema {
                path: path.to_owned(),
                problems: vec![format!("{}: cannot read the file: {error}", path.display())],
            })?;
        let dtd = load_dtd(&entity, &resolver, DtdLimits::default()).map_err(|error| {
            CodegenError::Schema {
                path: path.to_owned(),
                problems: error
                    .diagnostics()
                    .iter()
                    .filter(|diagnostic| diagnostic.is_error())
                    .map(ToString::to_string)
                    .collect(),
            }
        })?;
        let files = dtd
            .schema
            .sources
            .iter()
            .filter_map(|source| source.path.clone())
            .collect();
        Ok((dtd.schema, files))
    }

    fn resolver(&self) -> Result<Resolver, CodegenError> {
        let mut resolver = Resolver::new(ExternalPolicy::Local);
        for path in &self.catalogs {
            let catalog = Catalog::load(path).map_err(|error| CodegenError::Catalog {
                path: path.clone(),
                message: error.to_string(),
            })?;
            resolver = resolver.with_catalog(catalog);
        }

        let bundled = Catalog::bundled().map_err(|error| CodegenError::Catalog {
            path: PathBuf::from("schemas/catalog.xml"),
            message: error.to_string(),
        })?;
        Ok(resolver.with_catalog(bundled))
    }
}

fn write_if_changed(path: &Path, code: &str) -> Result<(), CodegenError> {
    if std::fs::read(path).is_ok_and(|existing| existing == code.as_bytes()) {
        return Ok(());
    }
    std::fs::write(path, code).map_err(|source| CodegenError::Io {
        action: "write",
        path: path.to_owned(),
        source,
    })
}
