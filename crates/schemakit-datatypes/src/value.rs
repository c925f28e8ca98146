//! Values in the value spaces of the built-in types, with XSD's equality and order.

/// A value of a simple type, as [`crate::SimpleType::validate`] returns it.
#[derive(Clone, Debug, PartialEq)]
#[non_exhaustive]
pub enum Value {}
