//! Streaming XML validation against DTDs.
//!
//! API SKELETON: the public signatures below are the contract other crates build
//! against; the bodies marked `todo!` are being written.

use schemakit_model::Diagnostic;
use schemakit_resolve::{Resolver, RootIndex};
use serde::Serialize;
use std::io::BufRead;
use std::path::{Path, PathBuf};
use std::sync::Arc;

/// Safety limits for documents.
#[derive(Clone, Debug)]
pub struct Limits {
    /// Most entity references expanded in one document.
    pub max_entity_expansions: usize,
    /// Most bytes produced by entity expansion in one document.
    pub max_expansion_bytes: usize,
    /// Deepest nesting of entity references.
    pub max_entity_depth: usize,
    /// Deepest element nesting.
    pub max_element_depth: usize,
    /// Longest name, attribute value or text node held in memory at once.
    pub max_token_bytes: usize,
}

impl Default for Limits {
    fn default() -> Self {
        Limits {
            max_entity_expansions: 1_000_000,
            max_expansion_bytes: 256 * 1024 * 1024,
            max_entity_depth: 64,
            max_element_depth: 4096,
            max_token_bytes: 64 * 1024 * 1024,
        }
    }
}

/// Options of a [`Validator`].
#[derive(Clone, Debug)]
pub struct ValidatorOptions {
    /// Stop collecting after this many errors per document (the verdict stays right).
    pub max_errors: Option<usize>,
    /// Check Namespaces in XML 1.0 well-formedness.
    pub namespaces: bool,
    /// Treat schema warnings (non-deterministic content models) as errors.
    pub strict: bool,
    pub limits: Limits,
}

impl Default for ValidatorOptions {
    fn default() -> Self {
        ValidatorOptions {
            max_errors: None,
            namespaces: true,
            strict: false,
            limits: Limits::default(),
        }
    }
}

/// The outcome for one document.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum Verdict {
    Valid,
    Invalid,
    NotWellFormed,
    /// No schema could be used (missing, unresolvable or broken): nothing was
    /// checked beyond well-formedness. Never a pass.
    Unchecked,
}

/// How the schema for a document was chosen.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum SchemaSelection {
    /// The DOCTYPE's SYSTEM or PUBLIC identifier, resolved through a catalog.
    DoctypeCatalog,
    /// The DOCTYPE's SYSTEM identifier as a local file.
    DoctypeLocal,
    /// Only the DOCTYPE's internal subset.
    InternalSubset,
    /// Given explicitly (`--dtd`).
    Override,
    /// Looked up by root element in the index of bundled schemas.
    RootIndex,
}

/// The schema a document was checked against.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct SchemaUsed {
    /// The SYSTEM identifier, when the schema has one.
    pub system_id: Option<String>,
    /// The local file that was read.
    pub file: Option<String>,
    pub selection: SchemaSelection,
    /// A sentence saying why this schema was used.
    pub reason: String,
}

/// Everything found in one document.
#[derive(Clone, Debug, Serialize)]
pub struct Report {
    pub document: String,
    pub verdict: Verdict,
    pub schema: Option<SchemaUsed>,
    pub diagnostics: Vec<Diagnostic>,
    /// Whether `max_errors` cut the list.
    pub truncated: bool,
}

/// Why validation could not start or finish (beyond findings in the report).
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum ValidateError {
    #[error("todo")]
    Todo,
}

/// A DTD loaded and compiled once, to validate many documents.
#[derive(Debug)]
pub struct CompiledDtd {}

impl CompiledDtd {
    /// Loads and compiles the DTD in `path`, reporting every error in it.
    pub fn load(_path: &Path, _resolver: &Resolver) -> Result<CompiledDtd, ValidateError> {
        todo!()
    }
}

/// Validates documents; cheap to share between threads.
pub struct Validator {}

impl Validator {
    pub fn new(_resolver: Resolver, _options: ValidatorOptions) -> Self {
        todo!()
    }
    /// Validates every document against `dtd`, whatever its DOCTYPE says.
    pub fn with_dtd(self, _dtd: Arc<CompiledDtd>) -> Self {
        todo!()
    }
    /// Uses `index` to choose a schema for documents without a usable DOCTYPE.
    pub fn with_root_index(self, _index: RootIndex) -> Self {
        todo!()
    }
    /// Validates a document read from `reader`. `name` is used in diagnostics;
    /// `base` is the location relative identifiers resolve against.
    pub fn validate_reader<R: BufRead>(&self, _reader: R, _name: &str, _base: Option<&Path>) -> Report {
        todo!()
    }
    pub fn validate_file(&self, _path: &Path) -> Report {
        todo!()
    }
}

#[allow(dead_code)]
fn _unused(_: PathBuf) {}

pub mod event;
mod reader;
mod validity;
