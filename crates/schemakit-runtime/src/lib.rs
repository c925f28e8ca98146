//! Runtime support for the Rust types that `schemakit-codegen` generates from DTDs
//! and XSDs.
//!
//! Generated code implements [`FromXml`] and [`ToXml`] for every type, and
//! [`XmlRoot`] for every element that can be a document root, so reading a
//! response is one call:
//!
//! ```ignore
//! use schemakit_runtime::XmlRoot as _;
//! let profiles = OptionProfiles::from_xml(&body)?;
//! ```
//!
//! Reading is a single streaming pass with [`XmlReader`]: errors carry the line,
//! column and element path ([`ReadError`]). [`RecordReader`] yields the records of
//! a long list one at a time.
//!
//! Types generated from an XSD also use [`MemberOrder`] (the document order of an
//! `xs:all` group), [`InstanceAttributes`] (namespace declarations and `xsi:`
//! attributes), [`XsdBoolean`], [`Nillable`] and [`TextFacets`] (pattern and
//! length facets checked on read).

mod all_group;
mod any;
mod boolean;
mod error;
mod facets;
mod instance;
mod nil;
mod position;
mod reader;
mod records;
mod writer;

pub use all_group::MemberOrder;
pub use any::{write_nodes, AnyElement, AnyNode};
pub use boolean::{BooleanError, XsdBoolean};
pub use error::{Location, ReadError};
pub use facets::TextFacets;
pub use instance::{InstanceAttributes, XSI_NAMESPACE};
pub use nil::Nillable;
pub use reader::{MixedItem, StartTag, UnknownElements, XmlReader, DEFAULT_MAX_DEPTH};
pub use records::RecordReader;
pub use schemakit_datatypes::WhiteSpace;
pub use writer::XmlWriter;

use std::io::BufRead;

/// A type read from one element.
pub trait FromXml: Sized {
    /// The handling of undeclared elements and attributes by readers created for
    /// this type. Generated code sets it from the generator's options.
    const UNKNOWN_ELEMENTS: UnknownElements = UnknownElements::Error;

    /// Reads the element whose start tag `start` has just been opened by
    /// [`XmlReader::take_child`] or [`XmlReader::read_root`], through its end tag.
    fn read_element<R: BufRead>(
        reader: &mut XmlReader<R>,
        start: StartTag,
    ) -> Result<Self, ReadError>;

    /// Streams the elements at `path` (root element first, record element last)
    /// one at a time.
    fn stream_records<R: BufRead>(input: R, path: &[&str]) -> RecordReader<Self, R> {
        let reader = XmlReader::new(input).with_unknown_elements(Self::UNKNOWN_ELEMENTS);
        RecordReader::new(reader, path)
    }
}

/// A type written as one element.
pub trait ToXml {
    /// Writes the value as an element named `name`, attributes in declaration order.
    fn write_element(&self, writer: &mut XmlWriter, name: &str);
}

/// A type generated for an element that can be the root of a document.
pub trait XmlRoot: FromXml + ToXml {
    /// The element name.
    const ELEMENT_NAME: &'static str;

    /// Reads a whole document from a string.
    fn from_xml(xml: &str) -> Result<Self, ReadError> {
        Self::from_reader(xml.as_bytes())
    }

    /// Reads a whole document from a buffered reader.
    fn from_reader<R: BufRead>(input: R) -> Result<Self, ReadError> {
        let mut reader = XmlReader::new(input).with_unknown_elements(Self::UNKNOWN_ELEMENTS);
        read_document(&mut reader)
    }

    /// Writes the value as a document without an XML declaration.
    fn to_xml(&self) -> String {
        let mut writer = XmlWriter::new();
        self.write_element(&mut writer, Self::ELEMENT_NAME);
        writer.into_string()
    }
}

/// Reads a whole document with a configured reader: the root element must be
/// `T::ELEMENT_NAME` and nothing but whitespace, comments and processing
/// instructions may follow it.
pub fn read_document<T: XmlRoot, R: BufRead>(reader: &mut XmlReader<R>) -> Result<T, ReadError> {
    let start = reader.read_root(T::ELEMENT_NAME)?;
    let value = T::read_element(reader, start)?;
    reader.finish()?;
    Ok(value)
}

/// Builds the error for a text value that is not one of an enumeration's values.
pub fn invalid_enum_value(type_name: &str, value: &str, allowed: &[&str]) -> String {
    format!(
        "{value:?} is not a value of {type_name}; expected one of {}",
        allowed
            .iter()
            .map(|allowed| format!("{allowed:?}"))
            .collect::<Vec<_>>()
            .join(", ")
    )
}

/// The error of a generated enumeration's `FromStr`: a value outside the schema's
/// enumeration.
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
#[error("{message}")]
pub struct EnumValueError {
    /// The full message, naming the value and every allowed value.
    pub message: String,
}

impl EnumValueError {
    /// Creates the error for `value`, which is not one of `allowed` in `type_name`.
    pub fn new(type_name: &str, value: &str, allowed: &[&str]) -> Self {
        EnumValueError {
            message: invalid_enum_value(type_name, value, allowed),
        }
    }
}
