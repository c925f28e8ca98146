//! Finding the files that XML documents and DTDs refer to, without the network.
//!
//! - [`Catalog`] reads OASIS XML Catalogs 1.1 and maps public and system identifiers.
//! - [`Resolver`] loads external entities under an [`ExternalPolicy`]: from catalogs,
//!   from the schemas bundled into the binary, and from local files.
//! - [`RootIndex`] picks a bundled schema by root element name.
//! - [`decode_entity`] turns entity bytes into UTF-8 text, following the byte order
//!   mark, XML 1.0 Appendix F and the encoding declaration.
//!
//! Nothing here opens a network connection: an `http:` or `https:` identifier loads
//! only when a catalog maps it to a local file or a bundled schema.
//!
//! ```
//! use schemakit_model::ExternalId;
//! use schemakit_resolve::{Catalog, EntityLoader, ExternalPolicy, ResolveError, Resolver};
//! use std::path::Path;
//!
//! let text = r#"<catalog xmlns="urn:oasis:names:tc:entity:xmlns:xml:catalog">
//!   <systemSuffix systemIdSuffix="/fo/auth/auth_records.dtd" uri="dtd/auth_records.dtd"/>
//! </catalog>"#;
//! let catalog = Catalog::parse(text, Path::new("/etc/schemas/catalog.xml"))?;
//! assert_eq!(
//!     catalog.resolve_system("https://qualysapi.qualys.eu/api/2.0/fo/auth/auth_records.dtd"),
//!     Some("file:///etc/schemas/dtd/auth_records.dtd".to_owned())
//! );
//!
//! let resolver = Resolver::new(ExternalPolicy::Catalog).with_catalog(catalog);
//! let unmapped = ExternalId {
//!     public_id: None,
//!     system_id: "https://example.com/other.dtd".to_owned(),
//!     base: None,
//! };
//! assert!(matches!(resolver.load(&unmapped), Err(ResolveError::NotInCatalog { .. })));
//! # Ok::<(), Box<dyn std::error::Error>>(())
//! ```

mod bundled;
mod catalog;
mod decode;
mod error;
mod resolver;
mod root_index;
mod uri;

pub use bundled::bundled_files;
pub use catalog::{Catalog, CatalogEntry, CatalogMatch};
pub use decode::{
    decode_entity, detect_encoding, DetectedEncoding, EncodingError, EncodingSource, TextEncoding,
};
pub use error::{CatalogError, ResolveError};
pub use resolver::{
    catalog_files_from, catalog_files_from_env, EntityLoader, ExternalPolicy, LoadedEntity,
    Resolution, Resolver, DEFAULT_MAX_ENTITY_BYTES,
};
pub use root_index::{RootEntry, RootIndex};
pub use uri::{normalize_public_id, normalize_system_id, unwrap_public_id_urn};
