//! The events the document reader hands to the validity checker.
//!
//! The reader (module `reader`) turns bytes into these events: it checks
//! well-formedness, tracks line and column, and expands entity references in content
//! and attribute values. Comments and processing instructions become a bare
//! `CommentOrPi` marker inside the root element and are dropped elsewhere. The checker
//! (module `validity`) receives only what a validating processor must pass on (XML
//! 1.0 section 5.1).
//!
//! Names, text and attribute values borrow the reader's buffers where they can, so
//! that handing an event to the checker copies no text. [`Event::into_owned`] makes
//! an event that outlives the reader's buffers.

use schemakit_model::{ExternalId, Position};
use std::borrow::Cow;

/// The XML declaration's content.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct XmlDecl {
    pub version: String,
    pub encoding: Option<String>,
    pub standalone: Option<bool>,
}

/// A document type declaration, before any of its subsets is read.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Doctype {
    pub name: String,
    pub external_id: Option<ExternalId>,
    /// The internal subset's text (between `[` and `]`) and where it starts.
    pub internal_subset: Option<(String, Position)>,
    pub position: Position,
}

/// One attribute as written in a start tag.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Attribute<'a> {
    pub name: Cow<'a, str>,
    /// The value after entity and character references are replaced and each
    /// whitespace character is turned into a space (XML 1.0 section 3.3.3, the
    /// CDATA normalization). Token normalization for declared non-CDATA types is
    /// the checker's job, because only the checker has the declared type.
    pub value: Cow<'a, str>,
    /// The position of the attribute's name.
    pub position: Position,
    /// Whether the raw value contained a character reference to a whitespace
    /// character or an entity reference, which matters for the standalone check on
    /// normalization.
    pub value_had_references: bool,
}

/// An event the reader passes to the checker.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Event<'a> {
    XmlDecl(XmlDecl),
    /// The DOCTYPE, boxed because it is much larger than the other events and occurs
    /// at most once per document.
    Doctype(Box<Doctype>),
    /// A start tag or an empty-element tag (`empty`); an empty-element tag is
    /// followed by its `EndElement` at the same position.
    StartElement {
        name: Cow<'a, str>,
        attributes: Cow<'a, [Attribute<'a>]>,
        empty: bool,
        position: Position,
    },
    EndElement {
        name: Cow<'a, str>,
        position: Position,
    },
    /// Character data, in pieces: text between markup, a CDATA section, or text from
    /// an entity's replacement text.
    Text {
        text: Cow<'a, str>,
        /// True when every character is XML whitespace and none came from a
        /// character reference or a CDATA section (those are never "whitespace in
        /// element content").
        ignorable_candidate: bool,
        /// True for a CDATA section.
        cdata: bool,
        position: Position,
    },
    /// A reference to an entity that the reader did not expand, because it is not
    /// declared or because external entities may not be loaded. The reader has
    /// already reported it when that is a well-formedness error, and the checker
    /// decides whether it is a validity error.
    SkippedEntity {
        name: Cow<'a, str>,
        position: Position,
    },
    /// A comment or processing instruction inside the root element, which matters
    /// only for elements declared EMPTY (they may not contain even these).
    CommentOrPi {
        position: Position,
    },
    /// The replacement text of an entity reference in content starts here; the
    /// events up to the matching `EntityEnd` come from it.
    EntityStart {
        name: Cow<'a, str>,
        position: Position,
    },
    /// The replacement text of the innermost entity ends.
    EntityEnd {
        name: Cow<'a, str>,
    },
    /// The end of the document.
    Eof,
}

impl Event<'_> {
    /// Returns whether every string and list of the event is borrowed, so that it owns
    /// nothing that must be dropped. The attributes of a borrowed list may own their
    /// values, but the list's owner drops those.
    pub(crate) fn borrows_all(&self) -> bool {
        match self {
            Event::StartElement {
                name, attributes, ..
            } => matches!(name, Cow::Borrowed(_)) && matches!(attributes, Cow::Borrowed(_)),
            Event::EndElement { name, .. } => matches!(name, Cow::Borrowed(_)),
            Event::Text { text, .. } => matches!(text, Cow::Borrowed(_)),
            _ => false,
        }
    }
}

impl Attribute<'_> {
    /// Returns a copy that owns its strings.
    pub fn into_owned(self) -> Attribute<'static> {
        Attribute {
            name: Cow::Owned(self.name.into_owned()),
            value: Cow::Owned(self.value.into_owned()),
            position: self.position,
            value_had_references: self.value_had_references,
        }
    }
}

impl Event<'_> {
    /// Returns a copy that owns its strings, for keeping an event past the next one.
    pub fn into_owned(self) -> Event<'static> {
        let owned = |text: Cow<'_, str>| Cow::Owned(text.into_owned());
        match self {
            Event::XmlDecl(declaration) => Event::XmlDecl(declaration),
            Event::Doctype(doctype) => Event::Doctype(doctype),
            Event::StartElement {
                name,
                attributes,
                empty,
                position,
            } => Event::StartElement {
                name: owned(name),
                attributes: Cow::Owned(
                    attributes
                        .into_owned()
                        .into_iter()
                        .map(Attribute::into_owned)
                        .collect(),
                ),
                empty,
                position,
            },
            Event::EndElement { name, position } => Event::EndElement {
                name: owned(name),
                position,
            },
            Event::Text {
                text,
                ignorable_candidate,
                cdata,
                position,
            } => Event::Text {
                text: owned(text),
                ignorable_candidate,
                cdata,
                position,
            },
            Event::SkippedEntity { name, position } => Event::SkippedEntity {
                name: owned(name),
                position,
            },
            Event::CommentOrPi { position } => Event::CommentOrPi { position },
            Event::EntityStart { name, position } => Event::EntityStart {
                name: owned(name),
                position,
            },
            Event::EntityEnd { name } => Event::EntityEnd { name: owned(name) },
            Event::Eof => Event::Eof,
        }
    }
}
