//! XSD 1.0 simple types: the built-in datatypes, facets, derivation by restriction,
//! list and union, and XSD regular expressions.
//!
//! The XSD loader builds a [`SimpleType`] for every simple type definition; the
//! validator calls [`SimpleType::validate`] on attribute values and element text;
//! the code generator and the schema diff read the facets.

mod binary;
pub mod builtin;
mod calendar;
mod check;
mod datetime;
mod datetime_check;
mod decimal;
mod derive;
mod duration;
mod error;
pub mod facets;
mod lexical;
mod names;
pub mod pattern;
mod simple_type;
mod text_check;
pub mod value;

pub use builtin::BuiltinType;
pub use error::{DerivationError, ValueError};
pub use facets::{Bound, Enumeration, Facet, FacetKind, FacetSet, FacetValue};
pub use pattern::{Pattern, PatternError};
pub use simple_type::{NamespaceLookup, NoNamespaces, SimpleType, Variety, WhiteSpace};
pub use value::{DateTime, Decimal, Duration, Value};
