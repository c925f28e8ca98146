//! The standard entity loader: catalogs, bundled schemas and local files, as the
//! external-entity policy allows.

use crate::catalog::CatalogMatch;
use crate::uri;
use crate::{bundled, decode_entity, Catalog, ResolveError};
use schemakit_model::{ExternalId, SourceFile};
use std::io::Read;
use std::path::{Path, PathBuf};

/// The default of [`Resolver::max_entity_bytes`]: 256 MiB.
pub const DEFAULT_MAX_ENTITY_BYTES: u64 = 256 * 1024 * 1024;

/// The policy for loading external resources (DTDs, external entities).
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

/// The way a loaded entity was found, for messages and JSON output.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Resolution {
    /// A catalog entry mapped the identifier; `catalog` names the catalog file
    /// (`schemas/catalog.xml` for the bundled catalog).
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

impl LoadedEntity {
    /// Returns whether the text is one of the schemas compiled into the binary.
    pub fn is_bundled(&self) -> bool {
        uri::bundled_path(&self.base).is_some()
    }
}

/// Loads external entities (DTDs, parameter and general entities) by identifier.
///
/// Implementations must be usable from several threads at once.
pub trait EntityLoader: Send + Sync {
    fn load(&self, id: &ExternalId) -> Result<LoadedEntity, ResolveError>;
}

/// The standard loader: catalogs, then local files as the policy allows.
#[derive(Clone, Debug)]
pub struct Resolver {
    policy: ExternalPolicy,
    catalogs: Vec<Catalog>,
    allowed_dirs: Vec<PathBuf>,
    max_entity_bytes: u64,
}

/// The location an identifier resolves to, before anything is read.
enum Target {
    Bundled { relative: String },
    Local { path: PathBuf },
}

impl Resolver {
    /// Creates a resolver with no catalogs.
    pub fn new(policy: ExternalPolicy) -> Self {
        Resolver {
            policy,
            catalogs: Vec::new(),
            allowed_dirs: Vec::new(),
            max_entity_bytes: DEFAULT_MAX_ENTITY_BYTES,
        }
    }

    /// Adds a catalog; catalogs are consulted in the order they were added.
    pub fn with_catalog(mut self, catalog: Catalog) -> Self {
        self.catalogs.push(catalog);
        self
    }

    /// Restricts local files that documents refer to (not catalog targets, not
    /// files named on the command line) to this directory and any other allowed one.
    /// Paths are compared after canonicalization, so `..` and symlinks cannot escape.
    pub fn allow_dir(mut self, dir: impl Into<PathBuf>) -> Self {
        self.allowed_dirs.push(dir.into());
        self
    }

    /// Sets the maximum size in bytes of one external entity or named file.
    pub fn with_max_entity_bytes(mut self, limit: u64) -> Self {
        self.max_entity_bytes = limit;
        self
    }

    pub fn policy(&self) -> ExternalPolicy {
        self.policy
    }

    pub fn catalogs(&self) -> &[Catalog] {
        &self.catalogs
    }

    pub fn max_entity_bytes(&self) -> u64 {
        self.max_entity_bytes
    }

    /// Reads a local file named on the command line (a document or a `--dtd`),
    /// decoded like any entity; the policy does not apply to it.
    pub fn load_file(&self, path: &Path) -> Result<LoadedEntity, ResolveError> {
        let system_id = path.display().to_string();
        self.read_local(path, &system_id, Resolution::LocalFile)
    }

    /// Returns the catalog entry that maps an identifier, trying each catalog in
    /// order: first as an external identifier, then the system identifier as a URI.
    pub fn catalog_match(&self, id: &ExternalId) -> Option<CatalogMatch> {
        let system_id = Some(id.system_id.as_str()).filter(|system| !system.is_empty());
        for catalog in &self.catalogs {
            if let Some(found) = catalog.resolve_external(id.public_id.as_deref(), system_id) {
                return Some(found);
            }
            if let Some(found) = system_id.and_then(|system| catalog.resolve_uri(system)) {
                return Some(found);
            }
        }
        None
    }

    fn load_catalog_target(
        &self,
        id: &ExternalId,
        found: CatalogMatch,
    ) -> Result<LoadedEntity, ResolveError> {
        let resolution = Resolution::Catalog {
            catalog: found.catalog.clone(),
        };
        match classify_target(&found.target, &id.system_id)? {
            Target::Bundled { relative } => load_bundled(&relative, &id.system_id, resolution),
            Target::Local { path } => self.read_local(&path, &id.system_id, resolution),
        }
    }

    /// Reads a local file with the size limit and decodes it.
    fn read_local(
        &self,
        path: &Path,
        system_id: &str,
        resolution: Resolution,
    ) -> Result<LoadedEntity, ResolveError> {
        let metadata =
            std::fs::metadata(path).map_err(|source| io_error(path, system_id, source))?;
        if metadata.is_dir() {
            return Err(ResolveError::Folder {
                path: path.to_path_buf(),
                system_id: system_id.to_owned(),
            });
        }
        // Reading a FIFO or a device could block forever or yield endless bytes.
        if !metadata.is_file() {
            return Err(ResolveError::NotAFile {
                path: path.to_path_buf(),
                system_id: system_id.to_owned(),
            });
        }
        if metadata.len() > self.max_entity_bytes {
            return Err(ResolveError::TooLarge {
                path: path.to_path_buf(),
                size: metadata.len(),
                limit: self.max_entity_bytes,
            });
        }

        let file = std::fs::File::open(path).map_err(|source| io_error(path, system_id, source))?;
        let mut bytes = Vec::new();
        // The file may grow between the size check and the read, so the read is bounded too.
        file.take(self.max_entity_bytes.saturating_add(1))
            .read_to_end(&mut bytes)
            .map_err(|source| io_error(path, system_id, source))?;
        let size = u64::try_from(bytes.len()).unwrap_or(u64::MAX);
        if size > self.max_entity_bytes {
            return Err(ResolveError::TooLarge {
                path: path.to_path_buf(),
                size,
                limit: self.max_entity_bytes,
            });
        }

        let name = display_name(path);
        let text = decode_entity(&bytes, &name)?;
        let absolute = uri::absolute_path(path);
        Ok(LoadedEntity {
            text,
            source: SourceFile {
                name,
                path: Some(path.to_path_buf()),
            },
            base: uri::path_to_file_uri(&absolute),
            resolution,
        })
    }

    /// Checks a local file a document refers to against the allowed directories.
    fn check_allowed(&self, path: &Path, system_id: &str) -> Result<(), ResolveError> {
        if self.allowed_dirs.is_empty() {
            return Ok(());
        }

        let canonical =
            std::fs::canonicalize(path).map_err(|source| io_error(path, system_id, source))?;
        let inside = self
            .allowed_dirs
            .iter()
            .filter_map(|dir| std::fs::canonicalize(dir).ok())
            .any(|dir| canonical.starts_with(dir));
        if inside {
            return Ok(());
        }
        Err(ResolveError::NotAllowed {
            path: canonical,
            system_id: system_id.to_owned(),
        })
    }
}

impl EntityLoader for Resolver {
    fn load(&self, id: &ExternalId) -> Result<LoadedEntity, ResolveError> {
        let system_id = id.system_id.as_str();
        if self.policy == ExternalPolicy::None {
            tracing::debug!(system_id, "not loaded: external loading is disabled");
            return Err(ResolveError::ExternalDisabled {
                system_id: system_id.to_owned(),
            });
        }

        if let Some(found) = self.catalog_match(id) {
            tracing::debug!(system_id, public_id = ?id.public_id, catalog = %found.catalog, entry = %found.entry, target = %found.target, "catalog entry matched");
            return match self.load_catalog_target(id, found) {
                // The bundled catalog rewrites every path on the Qualys hosts into the
                // bundled folder; a path with no bundled schema is simply not mapped.
                Err(ResolveError::BundledMissing { .. }) => Err(ResolveError::NotInCatalog {
                    system_id: system_id.to_owned(),
                    public_id: id.public_id.clone(),
                }),
                result => result,
            };
        }

        // A public identifier without a system identifier can only come from a catalog.
        if system_id.trim().is_empty() {
            tracing::debug!(public_id = ?id.public_id, "no catalog entry and an empty system id");
            return Err(match &id.public_id {
                Some(public_id) => ResolveError::PublicNotInCatalog {
                    public_id: public_id.clone(),
                },
                None => ResolveError::EmptySystemId,
            });
        }

        // Relative identifiers inside a bundled schema stay among the bundled files.
        let base = id.base.as_deref().map(uri::base_to_uri);
        let is_relative = uri::scheme(system_id).is_none() && !Path::new(system_id).is_absolute();
        if let Some(base) = base
            .as_deref()
            .filter(|base| uri::bundled_path(base).is_some())
        {
            if is_relative {
                let target = uri::resolve_reference(base, &uri::normalize_system_id(system_id));
                let relative = uri::bundled_path(&target).unwrap_or_default();
                tracing::debug!(system_id, bundled = %relative, "relative id inside a bundled schema");
                return load_bundled(&relative, system_id, Resolution::Relative);
            }
        }

        let scheme = uri::scheme(system_id);
        if scheme.is_some_and(|name| !name.eq_ignore_ascii_case("file")) {
            tracing::debug!(
                system_id,
                catalogs = self.catalogs.len(),
                "no catalog entry for a non-local id"
            );
            return Err(ResolveError::NotInCatalog {
                system_id: system_id.to_owned(),
                public_id: id.public_id.clone(),
            });
        }

        if self.policy == ExternalPolicy::Catalog {
            tracing::debug!(system_id, "local id rejected by the catalog policy");
            return Err(ResolveError::NeedsLocalPolicy {
                system_id: system_id.to_owned(),
            });
        }

        let resolution = if is_relative {
            Resolution::Relative
        } else {
            Resolution::LocalFile
        };
        self.load_local(id, base, resolution)
    }
}

impl Resolver {
    /// Loads a relative path, absolute path or `file:` identifier under the local
    /// policy; `base` is the referring file's location as an absolute URI.
    fn load_local(
        &self,
        id: &ExternalId,
        base: Option<String>,
        resolution: Resolution,
    ) -> Result<LoadedEntity, ResolveError> {
        let system_id = id.system_id.as_str();

        // Without a base, relative identifiers resolve against the current directory.
        let base = match base {
            Some(base) => base,
            None => format!("{}/", uri::base_to_uri(".")),
        };
        let target = if Path::new(system_id).is_absolute() {
            uri::path_to_file_uri(Path::new(system_id))
        } else {
            uri::resolve_reference(&base, &uri::normalize_system_id(system_id))
        };

        // A relative id in a document whose base is a remote URI resolves to a remote URI.
        let remote = uri::scheme(&target)
            .is_some_and(|name| !name.eq_ignore_ascii_case("file") && name != uri::BUNDLED_SCHEME);
        if remote {
            tracing::debug!(system_id, target, "relative id resolves to a remote URI");
            return Err(ResolveError::NotInCatalog {
                system_id: target,
                public_id: id.public_id.clone(),
            });
        }

        let path = match classify_target(&target, system_id)? {
            Target::Local { path } => path,
            Target::Bundled { relative } => return load_bundled(&relative, system_id, resolution),
        };
        tracing::debug!(system_id, path = %path.display(), ?resolution, "loading a local file");
        self.check_allowed(&path, system_id)?;
        self.read_local(&path, system_id, resolution)
    }
}

/// Sorts a resolved absolute URI into a bundled file or a local path.
fn classify_target(target: &str, system_id: &str) -> Result<Target, ResolveError> {
    if let Some(relative) = uri::bundled_path(target) {
        return Ok(Target::Bundled { relative });
    }

    let is_file = uri::scheme(target).is_some_and(|name| name.eq_ignore_ascii_case("file"));
    if !is_file {
        return Err(ResolveError::RemoteTarget {
            system_id: system_id.to_owned(),
            target: target.to_owned(),
        });
    }
    let path = uri::file_uri_to_path(target).map_err(|reason| ResolveError::InvalidFileUri {
        uri: target.to_owned(),
        reason,
    })?;
    Ok(Target::Local { path })
}

fn load_bundled(
    relative: &str,
    system_id: &str,
    resolution: Resolution,
) -> Result<LoadedEntity, ResolveError> {
    let text = bundled::file(relative).ok_or_else(|| ResolveError::BundledMissing {
        system_id: system_id.to_owned(),
        path: relative.to_owned(),
    })?;
    let name = format!("schemas/{relative}");
    let text = decode_entity(text.as_bytes(), &name)?;
    Ok(LoadedEntity {
        text,
        source: SourceFile {
            name,
            path: bundled::source_path(relative),
        },
        base: uri::bundled_uri(relative),
        resolution,
    })
}

fn io_error(path: &Path, system_id: &str, source: std::io::Error) -> ResolveError {
    if source.kind() == std::io::ErrorKind::NotFound {
        return ResolveError::NotFound {
            path: path.to_path_buf(),
            system_id: system_id.to_owned(),
        };
    }
    ResolveError::Io {
        path: path.to_path_buf(),
        source,
    }
}

/// Names a file in messages: relative to the current directory when it is inside it.
fn display_name(path: &Path) -> String {
    let absolute = uri::absolute_path(path);
    let relative = std::env::current_dir()
        .ok()
        .and_then(|dir| absolute.strip_prefix(dir).ok().map(Path::to_path_buf));
    match relative {
        Some(relative) if !relative.as_os_str().is_empty() => relative.display().to_string(),
        _ => path.display().to_string(),
    }
}

/// Returns the catalog files listed in `XML_CATALOG_FILES`: paths or `file:` URIs
/// separated by whitespace, as libxml2 reads the variable.
pub fn catalog_files_from_env() -> Vec<PathBuf> {
    let Some(value) = std::env::var_os("XML_CATALOG_FILES") else {
        return Vec::new();
    };
    catalog_files_from(&value.to_string_lossy())
}

/// Splits a value in the format of `XML_CATALOG_FILES` into paths.
pub fn catalog_files_from(value: &str) -> Vec<PathBuf> {
    value
        .split_ascii_whitespace()
        .map(|item| match uri::file_uri_to_path(item) {
            Ok(path) => path,
            Err(_) => PathBuf::from(item),
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn resolver_is_send_and_sync() {
        fn assert_send_sync<T: Send + Sync>() {}
        assert_send_sync::<Resolver>();
        assert_send_sync::<Catalog>();
    }

    #[test]
    fn public_only_id_not_in_catalog() {
        let resolver = Resolver::new(ExternalPolicy::Local);
        let id = ExternalId {
            public_id: Some("-//X//DTD Y//EN".to_owned()),
            system_id: String::new(),
            base: Some("/tmp/doc.xml".to_owned()),
        };
        let result = resolver.load(&id);
        assert!(
            matches!(result, Err(ResolveError::PublicNotInCatalog { .. })),
            "{result:?}"
        );
    }

    #[test]
    fn relative_id_under_remote_base_not_in_catalog() {
        let resolver = Resolver::new(ExternalPolicy::Local);
        let id = ExternalId {
            public_id: None,
            system_id: "../x.dtd".to_owned(),
            base: Some("https://h/a/b/doc.xml".to_owned()),
        };
        let result = resolver.load(&id);
        let system_id = match &result {
            Err(ResolveError::NotInCatalog { system_id, .. }) => system_id.as_str(),
            _ => "",
        };
        assert_eq!(system_id, "https://h/a/x.dtd", "{result:?}");
    }

    #[test]
    fn empty_id_under_bundled_base_rejected() {
        let resolver = Resolver::new(ExternalPolicy::Local);
        let id = ExternalId {
            public_id: None,
            system_id: String::new(),
            base: Some(uri::bundled_uri("api/2.0/simple_return.dtd")),
        };
        let result = resolver.load(&id);
        assert!(
            matches!(result, Err(ResolveError::EmptySystemId)),
            "{result:?}"
        );
    }

    #[test]
    fn catalog_files_from_splits_paths_and_uris() {
        let files = catalog_files_from(" /etc/xml/catalog  file:///opt/my%20dir/cat.xml\trel.xml ");
        assert_eq!(
            files,
            vec![
                PathBuf::from("/etc/xml/catalog"),
                PathBuf::from("/opt/my dir/cat.xml"),
                PathBuf::from("rel.xml"),
            ]
        );
    }
}
