//! Finding the files that XML documents and DTDs refer to, without the network.
//!
//! API SKELETON: the public signatures below are the contract other crates build
//! against; the bodies marked `todo!` are being written.

use schemakit_model::{ExternalId, SourceFile};
use std::path::{Path, PathBuf};

/// What external resources (DTDs, external entities) may be loaded.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Default)]
pub enum ExternalPolicy {
    /// Nothing external is loaded.
    None,
    /// Only identifiers that a catalog maps to a local file (or a bundled schema).
    #[default]
    Catalog,
    /// Catalog mappings, and also relative or `file:` identifiers that name local
    /// files (as xmllint does).
    Local,
}

/// How a loaded entity was found, for messages and JSON output.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Resolution {
    /// A catalog entry mapped the identifier; `catalog` names the catalog file.
    Catalog { catalog: String },
    /// A relative identifier resolved against the referring file's location.
    Relative,
    /// An absolute local path or `file:` URI.
    LocalFile,
}

/// An external entity's text, decoded to UTF-8.
#[derive(Clone, Debug)]
pub struct LoadedEntity {
    /// The decoded text. A byte order mark is removed; a text declaration
    /// (`<?xml version="1.0" encoding="..."?>`) is kept for the caller to check and skip.
    pub text: String,
    pub source: SourceFile,
    /// The location that relative identifiers inside this entity resolve against.
    pub base: String,
    pub resolution: Resolution,
}

/// Why an external entity could not be loaded.
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum ResolveError {
    #[error("todo")]
    Todo,
}

/// Why a catalog or root index could not be loaded.
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum CatalogError {
    #[error("todo")]
    Todo,
}

/// Loads external entities (DTDs, parameter and general entities) by identifier.
///
/// Implementations must be usable from several threads at once.
pub trait EntityLoader: Send + Sync {
    fn load(&self, id: &ExternalId) -> Result<LoadedEntity, ResolveError>;
}

/// An OASIS XML catalog with the catalogs it chains to.
#[derive(Clone, Debug)]
pub struct Catalog {}

impl Catalog {
    pub fn load(_path: &Path) -> Result<Catalog, CatalogError> {
        todo!()
    }
    /// The catalog shipped with schemakit, mapping Qualys SYSTEM identifiers to the
    /// bundled schemas.
    pub fn bundled() -> Catalog {
        todo!()
    }
    pub fn resolve_system(&self, _system_id: &str) -> Option<String> {
        todo!()
    }
    pub fn resolve_public(&self, _public_id: &str) -> Option<String> {
        todo!()
    }
}

/// The standard loader: catalogs, then local files as the policy allows.
#[derive(Clone, Debug)]
pub struct Resolver {}

impl Resolver {
    /// A resolver with no catalogs.
    pub fn new(_policy: ExternalPolicy) -> Self {
        todo!()
    }
    /// Adds a catalog; catalogs are consulted in the order they were added.
    pub fn with_catalog(self, _catalog: Catalog) -> Self {
        todo!()
    }
    pub fn policy(&self) -> ExternalPolicy {
        todo!()
    }
    /// Reads a local file named on the command line (a document or a `--dtd`),
    /// decoded like any entity; the policy does not apply to it.
    pub fn load_file(&self, _path: &Path) -> Result<LoadedEntity, ResolveError> {
        todo!()
    }
}

impl EntityLoader for Resolver {
    fn load(&self, _id: &ExternalId) -> Result<LoadedEntity, ResolveError> {
        todo!()
    }
}

/// One entry of the index that maps root element names to bundled schemas.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct RootEntry {
    pub root: String,
    /// The canonical SYSTEM identifier of the schema, resolvable through the bundled catalog.
    pub system_id: String,
    /// Why this schema is the one chosen for the root, for the output.
    pub reason: String,
}

/// The index of bundled schemas by root element.
#[derive(Clone, Debug, Default)]
pub struct RootIndex {}

impl RootIndex {
    pub fn bundled() -> RootIndex {
        todo!()
    }
    pub fn load(_path: &Path) -> Result<RootIndex, CatalogError> {
        todo!()
    }
    pub fn lookup(&self, _root: &str) -> Option<&RootEntry> {
        todo!()
    }
}

#[allow(dead_code)]
fn _unused(_: PathBuf) {}
