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
