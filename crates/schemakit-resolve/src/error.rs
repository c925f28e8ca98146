//! Errors of entity loading and of catalog and root-index loading.

use std::path::PathBuf;

/// The reason an external entity could not be loaded.
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum ResolveError {
    /// The policy is [`crate::ExternalPolicy::None`].
    #[error(
        "external entity `{system_id}` was not loaded because external loading is disabled: \
         pass `--external catalog` or `--external local` to load it"
    )]
    ExternalDisabled { system_id: String },

    /// A non-local identifier (http, https, ftp, ...) that no catalog maps.
    #[error(
        "no catalog maps `{system_id}`{public}, and schemakit never fetches from the network: \
         add `<system systemId=\"{system_id}\" uri=\"local/file.dtd\"/>` to a catalog and pass it \
         with `--catalog FILE` or list it in XML_CATALOG_FILES, or pass the DTD with `--dtd FILE`",
        public = public_id.as_deref().map(|id| format!(" (public id \"{id}\")")).unwrap_or_default()
    )]
    NotInCatalog {
        system_id: String,
        public_id: Option<String>,
    },

    /// An XSD location (a schema location hint or a root index entry) that no catalog
    /// maps and that is not a local file: [`ResolveError::NotInCatalog`] with advice
    /// for an XSD instead of a DTD.
    #[error(
        "no catalog maps the XSD `{system_id}`, and schemakit never fetches from the network: \
         add `<system systemId=\"{system_id}\" uri=\"local/file.xsd\"/>` to a catalog and pass it \
         with `--catalog FILE` or list it in XML_CATALOG_FILES, or pass the XSD with `--schema FILE.xsd`"
    )]
    XsdNotInCatalog { system_id: String },

    /// A public identifier with an empty system identifier that no catalog maps.
    #[error(
        "no catalog maps the public id \"{public_id}\", which comes with no system id: \
         add `<public publicId=\"{public_id}\" uri=\"local/file.dtd\"/>` to a catalog and pass it \
         with `--catalog FILE`, or pass the DTD with `--dtd FILE`"
    )]
    PublicNotInCatalog { public_id: String },

    /// An external identifier whose system identifier is empty and that has no public identifier.
    #[error(
        "empty system identifier: give the DOCTYPE or entity declaration a SYSTEM id \
         that names the DTD or entity file"
    )]
    EmptySystemId,

    /// A relative path, absolute path or `file:` identifier under the catalog policy.
    #[error(
        "`{system_id}` names a local file, which the catalog policy does not load: \
         pass `--external local` to load local files, or map the id in a catalog"
    )]
    NeedsLocalPolicy { system_id: String },

    /// A local file outside every directory passed to [`crate::Resolver::allow_dir`].
    #[error(
        "`{system_id}` resolves to {path}, which is outside the allowed directories: \
         move the file into an allowed directory or allow its directory with `--allow-dir`"
    )]
    NotAllowed { path: PathBuf, system_id: String },

    /// A catalog mapped the identifier to a location that is neither a local file
    /// nor a bundled schema.
    #[error(
        "a catalog maps `{system_id}` to `{target}`, which is not a local file: \
         map it to a local path or a `file:` URI instead"
    )]
    RemoteTarget { system_id: String, target: String },

    /// A location inside the bundled schemas that the build did not embed.
    #[error(
        "`{system_id}` resolves to the bundled file schemas/{path}, which this build does not \
         contain: rebuild schemakit from a checkout whose schemas/ folder has that file"
    )]
    BundledMissing { system_id: String, path: String },

    /// A `file:` URI that does not name a local path.
    #[error("invalid file URI `{uri}`: {reason}: write a local file as `file:///absolute/path`")]
    InvalidFileUri { uri: String, reason: String },

    #[error(
        "{path} ({size} bytes) is larger than the limit of {limit} bytes per external entity: \
         check that the path names the intended file, or raise the limit if the file is trusted"
    )]
    TooLarge {
        path: PathBuf,
        size: u64,
        limit: u64,
    },

    #[error(
        "file {path} not found (referenced as `{system_id}`): check the path or the catalog entry"
    )]
    NotFound { path: PathBuf, system_id: String },

    /// A folder where a file was expected.
    #[error(
        "{path} (referenced as `{system_id}`) is a folder: name a file in it, \
         such as a .dtd or .xsd file"
    )]
    Folder { path: PathBuf, system_id: String },

    /// A device, FIFO or other path that is neither a regular file nor a folder.
    #[error(
        "{path} (referenced as `{system_id}`) is not a regular file: \
         name a regular file, because devices and pipes are never read"
    )]
    NotAFile { path: PathBuf, system_id: String },

    #[error("cannot read {path}: {source}")]
    Io {
        path: PathBuf,
        source: std::io::Error,
    },

    /// The BOM or the encoding declaration names an encoding that cannot be decoded.
    #[error(
        "{name}: unsupported encoding `{encoding}`: convert the file to UTF-8 or UTF-16, \
         or declare a supported encoding"
    )]
    UnsupportedEncoding { name: String, encoding: String },

    #[error(
        "{name}: byte offset {offset} is not valid {encoding}: \
         fix the bytes or correct the encoding declaration"
    )]
    InvalidEncoding {
        name: String,
        offset: usize,
        encoding: String,
    },

    /// The encoding declaration contradicts the byte order mark or the encoding
    /// detected from the first bytes.
    #[error(
        "{name}: the encoding declaration says `{declared}` but the file starts like {detected}: \
         correct the declaration or re-save the file in the declared encoding"
    )]
    EncodingMismatch {
        name: String,
        declared: String,
        detected: String,
    },
}

/// The reason a catalog or root index could not be loaded.
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum CatalogError {
    #[error(
        "catalog {path} not found: check the --catalog path or the XML_CATALOG_FILES variable"
    )]
    NotFound { path: PathBuf },

    #[error("cannot read catalog {path}: {source}")]
    Io {
        path: PathBuf,
        source: std::io::Error,
    },

    /// The catalog's bytes are not valid in its encoding.
    #[error("cannot decode catalog: {error}")]
    Decode { error: Box<ResolveError> },

    /// The catalog is not well-formed XML.
    #[error("{file}:{line}:{column}: invalid XML in catalog: {message}")]
    Xml {
        file: String,
        line: u32,
        column: u32,
        message: String,
    },

    /// A `nextCatalog` or delegate entry names a catalog that cannot be read.
    #[error(
        "{file}:{line}:{column}: cannot load the catalog that `{entry}` names: {reason}: \
         correct the path in the entry or remove the entry"
    )]
    ChainedCatalog {
        file: String,
        line: u32,
        column: u32,
        entry: String,
        reason: String,
    },

    /// The root element is not `catalog` in the OASIS catalog namespace.
    #[error(
        "{file}:{line}:{column}: root element `{root}` is not an OASIS catalog: \
         use `<catalog xmlns=\"urn:oasis:names:tc:entity:xmlns:xml:catalog\">`"
    )]
    NotACatalog {
        file: String,
        line: u32,
        column: u32,
        root: String,
    },

    /// A catalog entry misses an attribute, has an invalid value or is unknown.
    #[error("{file}:{line}:{column}: invalid catalog entry `{entry}`: {message}")]
    InvalidEntry {
        file: String,
        line: u32,
        column: u32,
        entry: String,
        message: String,
    },

    /// `nextCatalog` or delegate entries chain deeper than the limit, or in a cycle.
    #[error(
        "{file}: catalog chain is deeper than {limit} catalogs or loops back to itself: \
         remove the `nextCatalog` or delegate entry that closes the loop"
    )]
    ChainTooDeep { file: String, limit: usize },

    /// The build did not embed a file the bundled catalog or index needs.
    #[error(
        "this build of schemakit contains no schemas/{path}: \
         rebuild it from a checkout whose schemas/ folder has that file"
    )]
    BundledMissing { path: String },

    #[error("cannot read root index {path}: {source}: check the path of the root index file")]
    RootIndexIo {
        path: PathBuf,
        source: std::io::Error,
    },

    #[error(
        "{file}:{line}:{column}: invalid root index: {message}: \
         each [[root]] entry needs the strings element, system_id and reason"
    )]
    RootIndexToml {
        file: String,
        line: u32,
        column: u32,
        message: String,
    },

    /// Two root-index entries for one element name.
    #[error(
        "{file}: root element `{element}` is listed twice (`{first}` and `{second}`): \
         keep the entry for the schema that should validate it"
    )]
    DuplicateRoot {
        file: String,
        element: String,
        first: String,
        second: String,
    },
}
