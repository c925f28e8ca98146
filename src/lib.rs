//! schemakit: validate XML against DTDs, generate Rust types from schemas and report
//! how a schema changed between two versions.
//!
//! This crate gathers the library API of the workspace crates in one place:
//! [`model`] (the schema model and content-model automata), [`dtd`] (the DTD parser),
//! [`resolve`] (catalogs and external-entity policy) and [`validator`] (the streaming
//! validator). The `schemakit` command-line tool is built on the same API.
//!
//! Validate a Qualys API response against its DTD, found through the bundled catalog
//! from the response's DOCTYPE:
//!
//! ```
//! use schemakit::{qualys_validator, Verdict};
//!
//! let validator = qualys_validator()?;
//! let response = r#"<?xml version="1.0" encoding="UTF-8" ?>
//! <!DOCTYPE SIMPLE_RETURN SYSTEM "https://qualysapi.qualys.com/api/2.0/simple_return.dtd">
//! <SIMPLE_RETURN>
//!   <RESPONSE>
//!     <DATETIME>2021-05-04T06:26:17Z</DATETIME>
//!     <TEXT>Compliance Option profile successfully added.</TEXT>
//!   </RESPONSE>
//! </SIMPLE_RETURN>"#;
//!
//! let report = validator.validate_reader(response.as_bytes(), "response.xml", None);
//! assert_eq!(report.verdict, Verdict::Valid);
//!
//! // The same response without its required TEXT element.
//! let broken = response.replace("<TEXT>Compliance Option profile successfully added.</TEXT>", "");
//! let report = validator.validate_reader(broken.as_bytes(), "response.xml", None);
//! assert_eq!(report.verdict, Verdict::Invalid);
//! for diagnostic in &report.diagnostics {
//!     // e.g. "response.xml:7:3: error[missing-element]: ... (at /SIMPLE_RETURN/RESPONSE)"
//!     println!("{diagnostic}");
//! }
//! # Ok::<(), schemakit::SetupError>(())
//! ```

pub use schemakit_dtd as dtd;
pub use schemakit_model as model;
pub use schemakit_resolve as resolve;
pub use schemakit_validator as validator;

pub use schemakit_model::{Code, Diagnostic, DiagnosticKind, Severity};
pub use schemakit_resolve::{Catalog, ExternalPolicy, Resolver, RootIndex};
pub use schemakit_validator::{
    CompiledDtd, CompiledXsd, Report, SchemaSelection, SchemaUsed, Validator, ValidatorOptions,
    Verdict,
};

/// The error raised when the bundled catalog or root index cannot be loaded.
#[derive(Debug, thiserror::Error)]
#[error("the schemas bundled with schemakit could not be loaded: {0}")]
pub struct SetupError(#[from] schemakit_resolve::CatalogError);

/// Returns a validator for Qualys API responses and import files. SYSTEM identifiers
/// resolve through the bundled catalog (every Qualys platform host, http and https).
/// Documents without a DOCTYPE are matched to a bundled schema by their root element,
/// and nothing outside the bundled schemas is loaded.
pub fn qualys_validator() -> Result<Validator, SetupError> {
    let resolver = Resolver::new(ExternalPolicy::Catalog).with_catalog(Catalog::bundled()?);
    let validator = Validator::new(resolver, ValidatorOptions::default())
        .with_root_index(RootIndex::bundled()?);
    Ok(validator)
}
