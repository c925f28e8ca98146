//! Streaming XML validation against DTDs and XSDs.
//!
//! A [`Validator`] reads a document once, checks it for well-formedness, chooses
//! its schema (an explicit DTD or XSD, the DOCTYPE, the root element's
//! `xsi:schemaLocation` hint, or the index of bundled schemas by root element) and
//! checks every validity constraint of XML 1.0, or of XSD 1.0 through
//! [`CompiledXsd`], against it. The
//! [`Report`] contains a [`Verdict`] and every finding with its file, line, column and
//! element path. A document that could not be checked against a schema is never
//! [`Verdict::Valid`].
//!
//! ```
//! use schemakit_model::Code;
//! use schemakit_resolve::{ExternalPolicy, Resolver};
//! use schemakit_validator::{Validator, ValidatorOptions, Verdict};
//!
//! let document = br#"<!DOCTYPE RESPONSE [
//!   <!ELEMENT RESPONSE (DATETIME, TEXT)>
//!   <!ELEMENT DATETIME (#PCDATA)>
//!   <!ELEMENT TEXT (#PCDATA)>
//! ]>
//! <RESPONSE><TEXT>done</TEXT></RESPONSE>"#;
//!
//! let validator = Validator::new(Resolver::new(ExternalPolicy::None), ValidatorOptions::default());
//! let report = validator.validate_reader(&document[..], "response.xml", None);
//!
//! assert_eq!(report.verdict, Verdict::Invalid);
//! let missing = &report.diagnostics[0];
//! assert_eq!(missing.code, Code::MissingElement);
//! assert_eq!((missing.line, missing.column), (6, 11));
//! assert_eq!(missing.path.as_deref(), Some("/RESPONSE/TEXT"));
//! // response.xml:6:11: error[missing-element]: missing `DATETIME` before `TEXT` in `RESPONSE` (at /RESPONSE/TEXT)
//! println!("{missing}");
//! ```

mod compiled;
mod dtd_loading;
pub mod event;
mod options;
mod reader;
mod reader_source;
mod report;
mod selection;
mod session;
#[cfg(test)]
mod test_support;
mod validator;
mod validity;
mod xsd;
mod xsd_loading;

pub use compiled::CompiledDtd;
pub use options::{Limits, ValidatorOptions};
pub use report::{Report, SchemaSelection, SchemaUsed, Verdict};
pub use validator::{ValidateError, Validator};
pub use xsd::CompiledXsd;
