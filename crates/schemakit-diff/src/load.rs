//! Loading a DTD file for comparison.

use schemakit_dtd::{load_dtd, DtdBuilder, DtdError, DtdLimits};
use schemakit_model::{Schema, SourceFile};
use schemakit_resolve::{ExternalPolicy, LoadedEntity, ResolveError, Resolver};
use std::path::{Path, PathBuf};

/// An error that kept a DTD from loading for comparison.
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum DiffError {
    #[error("cannot read DTD {}", path.display())]
    Read {
        path: PathBuf,
        #[source]
        source: ResolveError,
    },
    #[error("cannot list the schemas in folder {}; check that it exists and is readable", path.display())]
    ReadFolder {
        path: PathBuf,
        #[source]
        source: std::io::Error,
    },
    #[error("cannot load catalog {}; fix it or remove it to match schemas by relative path only", path.display())]
    Catalog {
        path: PathBuf,
        #[source]
        source: schemakit_resolve::CatalogError,
    },
    /// The XSD could not be loaded. `schemakit check` shows each error with its location.
    #[error("XSD {} could not be loaded: {source} (run `schemakit check {}` to list every error with its location)", path.display(), path.display())]
    Xsd {
        path: PathBuf,
        #[source]
        source: schemakit_xsd::LoadError,
    },
    /// The DTD has syntax errors. `schemakit check` shows each one with its location.
    #[error("DTD {name} is not well-formed (run `schemakit check {name}` to list every error with its location)")]
    NotWellFormed {
        name: String,
        #[source]
        source: DtdError,
    },
}

/// Loads the DTD file at `path`, following parameter entities to local files.
pub fn load_dtd_file(path: &Path) -> Result<Schema, DiffError> {
    let resolver = Resolver::new(ExternalPolicy::Local);
    let entity = resolver.load_file(path).map_err(|source| DiffError::Read {
        path: path.to_owned(),
        source,
    })?;

    load_entity(&entity, &resolver, path.display().to_string())
}

/// Loads the schema at `path`: an XSD when the file name ends in `.xsd`, a DTD
/// otherwise.
pub fn load_schema_file(path: &Path) -> Result<Schema, DiffError> {
    if !is_xsd(path) {
        return load_dtd_file(path);
    }

    let resolver = Resolver::new(ExternalPolicy::Local);
    tracing::debug!(xsd = %path.display(), "loading XSD for comparison");
    let loaded = schemakit_xsd::load_file(path, &resolver).map_err(|source| DiffError::Xsd {
        path: path.to_owned(),
        source,
    })?;
    Ok(loaded.schema)
}

/// Checks whether `path` names an XSD by its extension.
pub fn is_xsd(path: &Path) -> bool {
    path.extension()
        .is_some_and(|extension| extension.eq_ignore_ascii_case("xsd"))
}

/// Loads a DTD from `text`, named `name` in messages. External parameter entities
/// are not loaded.
pub fn load_dtd_text(text: &str, name: &str) -> Result<Schema, DiffError> {
    let resolver = Resolver::new(ExternalPolicy::None);
    let source = SourceFile {
        name: name.to_owned(),
        path: None,
    };
    let mut builder = DtdBuilder::new(&resolver, DtdLimits::default());
    builder.parse_external_subset(text, source, None);

    let dtd = builder
        .finish()
        .map_err(|source| DiffError::NotWellFormed {
            name: name.to_owned(),
            source,
        })?;
    Ok(dtd.schema)
}

fn load_entity(
    entity: &LoadedEntity,
    resolver: &Resolver,
    name: String,
) -> Result<Schema, DiffError> {
    tracing::debug!(dtd = %name, "loading DTD for comparison");
    let dtd = load_dtd(entity, resolver, DtdLimits::default())
        .map_err(|source| DiffError::NotWellFormed { name, source })?;
    Ok(dtd.schema)
}
