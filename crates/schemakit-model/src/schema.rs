//! The schema: every declaration a DTD or an XSD made.

use crate::{
    AttributeDecl, ContentSpec, EntityDecl, NotationDecl, SourceFile, SourceId, Span, Symbol,
    SymbolTable,
};
use indexmap::IndexMap;
use serde::Serialize;

/// The language a schema was written in.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
#[non_exhaustive]
pub enum SchemaKind {
    Dtd,
    Xsd,
}

/// Every declaration of one schema, in declaration order.
///
/// Maps keep the order in which declarations appeared, so that generated code,
/// diffs and messages come out in the author's order and byte for byte the same on
/// every run.
#[derive(Clone, Debug)]
pub struct Schema {
    pub kind: SchemaKind,
    /// The files that contributed declarations; a [`Span`] names one by index.
    pub sources: Vec<SourceFile>,
    pub symbols: SymbolTable,
    /// Element types, keyed by name. An entry exists as soon as either an element
    /// declaration or an attribute-list declaration names the element.
    pub elements: IndexMap<Symbol, ElementDecl>,
    pub general_entities: IndexMap<String, EntityDecl>,
    pub parameter_entities: IndexMap<String, EntityDecl>,
    pub notations: IndexMap<String, NotationDecl>,
    /// The XSD components, for a schema loaded from an XSD; `elements` is then empty.
    pub xsd: Option<crate::xsd::XsdComponents>,
}

impl Schema {
    pub fn new(kind: SchemaKind) -> Self {
        Schema {
            kind,
            sources: Vec::new(),
            symbols: SymbolTable::new(),
            elements: IndexMap::new(),
            general_entities: IndexMap::new(),
            parameter_entities: IndexMap::new(),
            notations: IndexMap::new(),
            xsd: None,
        }
    }

    /// Registers a source file and returns its id for spans.
    pub fn add_source(&mut self, source: SourceFile) -> SourceId {
        if let Some(index) = self.sources.iter().position(|known| *known == source) {
            return SourceId(index as u32);
        }
        self.sources.push(source);
        SourceId((self.sources.len() - 1) as u32)
    }

    pub fn source(&self, id: SourceId) -> Option<&SourceFile> {
        self.sources.get(id.0 as usize)
    }

    /// Returns the declaration of the element called `name`.
    pub fn element(&self, name: &str) -> Option<&ElementDecl> {
        self.symbols
            .get(name)
            .and_then(|symbol| self.elements.get(&symbol))
    }

    /// Returns the element entry for `name`, creating an empty one (no content
    /// specification, no attributes) when the name is new.
    pub fn element_entry(&mut self, name: &str) -> &mut ElementDecl {
        let symbol = self.symbols.intern(name);
        self.elements
            .entry(symbol)
            .or_insert_with(|| ElementDecl::new(symbol))
    }

    /// Returns the name of `symbol` in this schema's table.
    pub fn name(&self, symbol: Symbol) -> &str {
        self.symbols.name(symbol)
    }
}

/// An element type: its content specification and its attributes.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct ElementDecl {
    pub name: Symbol,
    /// `None` while no `<!ELEMENT>` declaration was seen (for example when only an
    /// attribute list names the element).
    pub content: Option<ContentSpec>,
    /// Attribute definitions by name. The first definition of a name wins, as XML 1.0
    /// requires; later ones are ignored by the parser with a warning.
    pub attributes: IndexMap<String, AttributeDecl>,
    /// The span of the `<!ELEMENT>` declaration.
    pub span: Option<Span>,
    /// The comments that directly precede the element declaration, with the comment
    /// delimiters removed; the code generator turns them into doc comments.
    pub doc: Option<String>,
    /// Declared in external markup (the external subset or an external parameter
    /// entity), which matters for the standalone document declaration.
    pub external_markup: bool,
}

impl ElementDecl {
    pub fn new(name: Symbol) -> Self {
        ElementDecl {
            name,
            content: None,
            attributes: IndexMap::new(),
            span: None,
            doc: None,
            external_markup: false,
        }
    }

    /// Returns the attribute of type ID, if this attribute list declares one.
    pub fn id_attribute(&self) -> Option<&AttributeDecl> {
        self.attributes
            .values()
            .find(|attribute| attribute.ty == crate::AttributeType::Id)
    }
}
