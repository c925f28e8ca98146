//! Safety limits for DTD processing.

/// Safety limits for DTD processing. Each exceeded limit stops the expansion that
/// hit it and is reported once as a limit error.
#[derive(Clone, Debug)]
pub struct DtdLimits {
    /// Maximum number of parameter-entity and general-entity references expanded in
    /// one DTD (in declarations, entity values and attribute defaults).
    pub max_entity_expansions: usize,
    /// Maximum number of bytes of replacement text expanded in one DTD.
    pub max_expansion_bytes: usize,
    /// Maximum nesting of entity references inside replacement texts. Values above
    /// 1024 are treated as 1024.
    pub max_entity_depth: usize,
    /// Maximum nesting of groups in a content model. Values above 256, the
    /// deepest model the content automaton compiles, are treated as 256.
    pub max_group_nesting: usize,
}

impl Default for DtdLimits {
    fn default() -> Self {
        DtdLimits {
            max_entity_expansions: 100_000,
            max_expansion_bytes: 64 * 1024 * 1024,
            max_entity_depth: 64,
            max_group_nesting: 128,
        }
    }
}
