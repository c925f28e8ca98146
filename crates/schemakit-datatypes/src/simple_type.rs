//! Simple type definitions: atomic restrictions of the built-in types, lists and
//! unions.

use crate::{BuiltinType, DerivationError, Facet, FacetSet, Value, ValueError};
use std::borrow::Cow;

/// The whiteSpace facet's value.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord)]
pub enum WhiteSpace {
    Preserve,
    Replace,
    Collapse,
}

/// Resolves namespace prefixes of QName and NOTATION values in the document or
/// schema where the value was written.
pub trait NamespaceLookup {
    /// Returns the namespace bound to `prefix` (`""` for the default namespace), or
    /// `None` when the prefix is not bound (for `""`: no default namespace).
    fn namespace(&self, prefix: &str) -> Option<String>;
}

/// A [`NamespaceLookup`] with no bindings.
#[derive(Clone, Copy, Debug, Default)]
pub struct NoNamespaces;

impl NamespaceLookup for NoNamespaces {
    fn namespace(&self, _prefix: &str) -> Option<String> {
        None
    }
}

/// The variety of a simple type.
#[derive(Clone, Debug)]
pub enum Variety {
    /// A built-in type or a restriction of one: `primitive` is the primitive
    /// ancestor, `builtin` the nearest built-in ancestor.
    Atomic { builtin: BuiltinType },
    /// Whitespace-separated items of `item`.
    List { item: Box<SimpleType> },
    /// A value of the first member type that accepts it.
    Union { members: Vec<SimpleType> },
}

/// A simple type definition.
#[derive(Clone, Debug)]
pub struct SimpleType {
    /// The type's name as written in the schema (`None` for an anonymous type); for
    /// built-in types the local name, e.g. `"int"`.
    pub name: Option<String>,
    pub variety: Variety,
    pub facets: FacetSet,
}

impl SimpleType {
    /// Returns the built-in type `builtin` with its own facets (e.g. `xs:byte` has
    /// minInclusive -128).
    pub fn builtin(builtin: BuiltinType) -> SimpleType {
        todo!("datatypes helper: {builtin:?}")
    }

    /// Derives a type from `base` by restriction with `facets`, checking every rule of
    /// XSD 1.0 Part 2 on facet applicability, values and consistency; returns every
    /// fault found, not only the first.
    pub fn restrict(
        base: &SimpleType,
        name: Option<String>,
        facets: &[Facet],
    ) -> Result<SimpleType, Vec<DerivationError>> {
        todo!("datatypes helper: {base:?} {name:?} {facets:?}")
    }

    /// Defines a list type of `item`.
    pub fn list(item: SimpleType, name: Option<String>) -> Result<SimpleType, DerivationError> {
        todo!("datatypes helper: {item:?} {name:?}")
    }

    /// Defines a union of `members`.
    pub fn union(
        members: Vec<SimpleType>,
        name: Option<String>,
    ) -> Result<SimpleType, DerivationError> {
        todo!("datatypes helper: {members:?} {name:?}")
    }

    /// Returns the whiteSpace facet in effect.
    pub fn white_space(&self) -> WhiteSpace {
        todo!("datatypes helper")
    }

    /// Applies the whiteSpace facet to `text`.
    pub fn normalize<'a>(&self, text: &'a str) -> Cow<'a, str> {
        todo!("datatypes helper: {text}")
    }

    /// Checks `text` (as written; normalization is applied here) against the type
    /// and every facet, and returns its value.
    pub fn validate(
        &self,
        text: &str,
        namespaces: &dyn NamespaceLookup,
    ) -> Result<Value, ValueError> {
        let _ = namespaces;
        todo!("datatypes helper: {text}")
    }
}
