//! Options and safety limits of a validator.

/// Safety limits for documents.
#[derive(Clone, Debug)]
pub struct Limits {
    /// Maximum number of entity references expanded in one document.
    pub max_entity_expansions: usize,
    /// Maximum number of bytes produced by entity expansion in one document.
    pub max_expansion_bytes: usize,
    /// Maximum nesting depth of entity references.
    pub max_entity_depth: usize,
    /// Maximum element nesting depth.
    pub max_element_depth: usize,
    /// Maximum size in bytes of a name, attribute value or text node held in memory at once.
    pub max_token_bytes: usize,
}

impl Default for Limits {
    fn default() -> Self {
        Limits {
            max_entity_expansions: 100_000,
            max_expansion_bytes: 256 * 1024 * 1024,
            max_entity_depth: 64,
            max_element_depth: 4096,
            max_token_bytes: 64 * 1024 * 1024,
        }
    }
}

/// Options of a [`crate::Validator`].
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
