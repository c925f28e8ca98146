//! XSD components: element declarations, type definitions and attribute uses, as
//! the XSD loader builds them and the validator, generator and diff read them.
//!
//! Components live in arenas ([`XsdComponents::elements`], [`XsdComponents::types`])
//! and refer to each other by index, so recursive types need no reference counting.
//! Element names in content models are [`Symbol`]s of the schema's table in Clark
//! notation (`{namespace}local`, or `local` without a namespace), so that the
//! content-model automata of DTDs serve XSDs too.

use crate::{Particle, Span, Symbol, Wildcard};
use indexmap::IndexMap;
use schemakit_datatypes::SimpleType;
use std::fmt;

/// A namespace-qualified name.
#[derive(Clone, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct QName {
    /// `None` for names in no namespace.
    pub namespace: Option<String>,
    pub local: String,
}

impl QName {
    pub fn new(namespace: Option<&str>, local: &str) -> QName {
        QName {
            namespace: namespace.map(str::to_owned),
            local: local.to_owned(),
        }
    }

    /// Formats the name in Clark notation, the form interned as a [`Symbol`].
    pub fn clark(&self) -> String {
        self.to_string()
    }
}

/// Clark notation: `{namespace}local`, or `local` without a namespace.
impl fmt::Display for QName {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match &self.namespace {
            Some(namespace) => write!(f, "{{{namespace}}}{}", self.local),
            None => f.write_str(&self.local),
        }
    }
}

/// The index of an element declaration in [`XsdComponents::elements`].
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct ElementId(pub u32);

/// The index of a type definition in [`XsdComponents::types`].
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct TypeId(pub u32);

/// Every component of one XSD and the schemas it includes or imports.
#[derive(Clone, Debug)]
pub struct XsdComponents {
    /// The target namespace of the schema document that was loaded first.
    pub target_namespace: Option<String>,
    /// Every element declaration, global and local.
    pub elements: Vec<XsdElement>,
    /// Global element declarations by name, in declaration order.
    pub global_elements: IndexMap<QName, ElementId>,
    /// Every type definition, named and anonymous. Index 0 is `xs:anyType`.
    pub types: Vec<TypeDefinition>,
    /// Named type definitions (including the built-in simple types that the schema
    /// uses) by name.
    pub named_types: IndexMap<QName, TypeId>,
    /// Global attribute declarations by name.
    pub global_attributes: IndexMap<QName, AttributeUse>,
    /// Notation declarations by name, which NOTATION values must name.
    pub notations: IndexMap<QName, XsdNotation>,
}

/// A notation declaration (`xs:notation`).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct XsdNotation {
    pub name: QName,
    pub public_id: Option<String>,
    pub system_id: Option<String>,
    pub span: Option<Span>,
}

/// The derivation methods a `block` or `final` attribute names.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct DerivationSet {
    pub extension: bool,
    pub restriction: bool,
    pub substitution: bool,
}

impl XsdComponents {
    /// The index of `xs:anyType` in [`XsdComponents::types`].
    pub const ANY_TYPE: TypeId = TypeId(0);

    pub fn element(&self, id: ElementId) -> Option<&XsdElement> {
        self.elements.get(id.0 as usize)
    }

    pub fn type_definition(&self, id: TypeId) -> Option<&TypeDefinition> {
        self.types.get(id.0 as usize)
    }

    /// Returns the global element declaration called `name`.
    pub fn global_element(&self, name: &QName) -> Option<&XsdElement> {
        self.global_elements
            .get(name)
            .and_then(|id| self.element(*id))
    }
}

/// An element declaration.
#[derive(Clone, Debug)]
pub struct XsdElement {
    pub name: QName,
    /// `name` interned in the schema's symbol table (Clark notation).
    pub symbol: Symbol,
    pub type_id: TypeId,
    pub nillable: bool,
    pub value_constraint: Option<ValueConstraint>,
    pub is_abstract: bool,
    /// Whether this is a global (top-level) declaration.
    pub global: bool,
    /// The `block` attribute (or the schema's `blockDefault`): derivations that
    /// `xsi:type` may not select for this element.
    pub block: DerivationSet,
    pub span: Option<Span>,
    /// The text of the declaration's `xs:annotation/xs:documentation`.
    pub doc: Option<String>,
}

/// A default or fixed value of an element or attribute.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum ValueConstraint {
    Default(String),
    Fixed(String),
}

/// A simple or complex type definition.
// Each definition is stored once, in the `types` arena, so the size difference between
// the variants costs little memory. Boxing would add an indirection to every lookup.
#[allow(clippy::large_enum_variant)]
#[derive(Clone, Debug)]
pub enum TypeDefinition {
    Simple(SimpleTypeDefinition),
    Complex(ComplexTypeDefinition),
}

impl TypeDefinition {
    /// Returns the type's name, `None` for an anonymous type.
    pub fn name(&self) -> Option<&QName> {
        match self {
            TypeDefinition::Simple(simple) => simple.name.as_ref(),
            TypeDefinition::Complex(complex) => complex.name.as_ref(),
        }
    }
}

/// A simple type definition: a built-in type or a restriction, list or union.
#[derive(Clone, Debug)]
pub struct SimpleTypeDefinition {
    pub name: Option<QName>,
    /// The base type definition of a restriction, `xs:anySimpleType` for a list or
    /// union, `None` for `xs:anySimpleType` itself.
    pub base: Option<TypeId>,
    pub simple: SimpleType,
    pub span: Option<Span>,
    pub doc: Option<String>,
}

/// How a complex type was derived from its base type.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Derivation {
    Extension,
    Restriction,
}

/// A complex type definition.
#[derive(Clone, Debug)]
pub struct ComplexTypeDefinition {
    pub name: Option<QName>,
    /// The base type and the derivation method; `None` for a type without
    /// `simpleContent`/`complexContent` (a restriction of `xs:anyType`).
    pub base: Option<(TypeId, Derivation)>,
    pub content: ComplexContent,
    /// The attribute uses, inherited ones included, in declaration order.
    pub attributes: Vec<AttributeUse>,
    /// The attributes allowed besides `attributes` (`xs:anyAttribute`; `xs:anyType`
    /// allows any attribute, laxly).
    pub attribute_wildcard: Option<Wildcard>,
    pub is_abstract: bool,
    /// The `block` attribute (or the schema's `blockDefault`): derivations that
    /// `xsi:type` may not select where this type is declared.
    pub block: DerivationSet,
    pub span: Option<Span>,
    pub doc: Option<String>,
}

/// The content type of a complex type.
#[derive(Clone, Debug)]
pub enum ComplexContent {
    /// No children and no text.
    Empty,
    /// Text of the simple type at this index (`simpleContent`).
    Simple(TypeId),
    /// Children that follow `particle`; text between them only when `mixed`.
    Elements {
        particle: Particle,
        mixed: bool,
        /// The declaration each element name of `particle` stands for. XSD's rule
        /// "Element Declarations Consistent" makes the name decide the declaration
        /// within one content model.
        children: IndexMap<Symbol, ElementId>,
    },
    /// Any well-formed content: text and elements, each element checked against its
    /// global declaration when there is one (`xs:anyType`).
    Any,
}

/// An attribute declaration as used by a complex type.
#[derive(Clone, Debug)]
pub struct AttributeUse {
    pub name: QName,
    /// A simple type definition.
    pub type_id: TypeId,
    pub required: bool,
    pub value_constraint: Option<ValueConstraint>,
    pub span: Option<Span>,
    pub doc: Option<String>,
}
