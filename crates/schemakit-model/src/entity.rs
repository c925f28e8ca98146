//! Entity and notation declarations.

use crate::Span;
use serde::Serialize;

/// A general or parameter entity declaration.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct EntityDecl {
    pub name: String,
    pub value: EntityValue,
    pub span: Option<Span>,
    /// Declared in external markup (the external subset or an external parameter
    /// entity), which matters for the standalone document declaration.
    pub external_markup: bool,
}

/// The value of an entity: its replacement text or its external identifier.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub enum EntityValue {
    /// The replacement text: the literal with parameter-entity and character
    /// references already replaced, general-entity references kept as written.
    Internal(String),
    /// An external entity; `notation` is set for an unparsed entity (`NDATA`).
    External {
        id: ExternalId,
        notation: Option<String>,
    },
}

/// A `SYSTEM` or `PUBLIC` external identifier with the base it resolves against.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct ExternalId {
    pub public_id: Option<String>,
    pub system_id: String,
    /// The location of the file that declared the identifier, which a relative system
    /// identifier resolves against (a path or a URI).
    pub base: Option<String>,
}

/// A notation declaration.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct NotationDecl {
    pub name: String,
    pub public_id: Option<String>,
    pub system_id: Option<String>,
    pub span: Option<Span>,
}
