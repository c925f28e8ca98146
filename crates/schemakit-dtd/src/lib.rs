//! XML 1.0 (Fifth Edition) DTD parser producing the schemakit model.
//!
//! [`DtdBuilder`] reads a document's internal subset and its external subset into
//! one [`Schema`], expanding parameter entities, and reports every error it finds
//! with its file, line and column. [`parse_doctype`] splits the document type
//! declaration that quick-xml reports, [`load_dtd`] reads a standalone DTD file and
//! [`check_schema`] looks for problems that do not break the grammar (undeclared
//! names in content models, non-deterministic content models).
//!
//! ```
//! use schemakit_dtd::{DtdBuilder, DtdLimits};
//! use schemakit_model::{ExternalId, SourceFile};
//! use schemakit_resolve::{EntityLoader, LoadedEntity, ResolveError};
//!
//! struct NoFiles;
//! impl EntityLoader for NoFiles {
//!     fn load(&self, _id: &ExternalId) -> Result<LoadedEntity, ResolveError> {
//!         unreachable!("this DTD refers to no external entity")
//!     }
//! }
//!
//! let mut builder = DtdBuilder::new(&NoFiles, DtdLimits::default());
//! let source = SourceFile { name: "list.dtd".to_owned(), path: None };
//! builder.parse_external_subset("<!ELEMENT LIST (ITEM*)>\n<!ELEMENT ITEM (#PCDATA)>", source, None);
//! let dtd = builder.finish()?;
//! let list = dtd.schema.element("LIST").and_then(|element| element.content.as_ref());
//! assert_eq!(list.map(|content| content.to_dtd_syntax(&dtd.schema.symbols)), Some("(ITEM*)".to_owned()));
//! # Ok::<(), schemakit_dtd::DtdError>(())
//! ```

mod attlist_decl;
mod attribute_default;
mod builder;
mod check;
mod collector;
mod comment_pi;
mod conditional;
mod declare;
mod doctype;
mod element_decl;
mod entity_decl;
mod entity_expander;
mod error;
mod input;
mod lexical;
mod limits;
mod load;
mod notation_decl;
mod parse_error;
mod position;
mod subset;
mod text_decl;

pub use builder::{Dtd, DtdBuilder};
pub use check::check_schema;
pub use doctype::{parse_doctype, DoctypeDecl};
pub use error::DtdError;
pub use limits::DtdLimits;
pub use load::load_dtd;
