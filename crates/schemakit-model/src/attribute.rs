//! Attribute-list declarations.

use crate::Span;
use serde::Serialize;

/// One attribute definition from an `<!ATTLIST>` declaration.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct AttributeDecl {
    pub name: String,
    pub ty: AttributeType,
    pub default: DefaultDecl,
    pub span: Option<Span>,
    /// Declared in external markup (the external subset or an external parameter
    /// entity), which matters for the standalone document declaration.
    pub external_markup: bool,
}

impl AttributeDecl {
    /// Returns the value that applies when the attribute is absent, if any.
    pub fn default_value(&self) -> Option<&str> {
        match &self.default {
            DefaultDecl::Fixed(value) | DefaultDecl::Default(value) => Some(value),
            DefaultDecl::Required | DefaultDecl::Implied => None,
        }
    }
}

/// The declared type of an attribute.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
#[non_exhaustive]
pub enum AttributeType {
    Cdata,
    Id,
    IdRef,
    IdRefs,
    Entity,
    Entities,
    NmToken,
    NmTokens,
    /// `NOTATION (a | b)`: the value names one of the listed notations.
    Notation(Vec<String>),
    /// `(a | b)`: the value is one of the listed tokens.
    Enumeration(Vec<String>),
}

impl AttributeType {
    /// Returns whether values are normalized as tokens (leading and trailing spaces removed,
    /// inner runs of spaces collapsed), as XML 1.0 section 3.3.3 requires for every
    /// type except CDATA.
    pub fn is_tokenized(&self) -> bool {
        !matches!(self, AttributeType::Cdata)
    }

    /// Formats the type as written in a DTD, e.g. `NMTOKENS` or `(basic|vault)`.
    pub fn to_dtd_syntax(&self) -> String {
        match self {
            AttributeType::Cdata => "CDATA".to_owned(),
            AttributeType::Id => "ID".to_owned(),
            AttributeType::IdRef => "IDREF".to_owned(),
            AttributeType::IdRefs => "IDREFS".to_owned(),
            AttributeType::Entity => "ENTITY".to_owned(),
            AttributeType::Entities => "ENTITIES".to_owned(),
            AttributeType::NmToken => "NMTOKEN".to_owned(),
            AttributeType::NmTokens => "NMTOKENS".to_owned(),
            AttributeType::Notation(names) => format!("NOTATION ({})", names.join("|")),
            AttributeType::Enumeration(values) => format!("({})", values.join("|")),
        }
    }
}

/// The default declaration of an attribute.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub enum DefaultDecl {
    /// `#REQUIRED`
    Required,
    /// `#IMPLIED`
    Implied,
    /// `#FIXED "value"`
    Fixed(String),
    /// `"value"`
    Default(String),
}
