//! The pull reader that generated `FromXml` implementations call.

use crate::any::{AnyElement, AnyNode};
use crate::error::{Location, ReadError};
use crate::facets::TextFacets;
use crate::instance::{InstanceAttributes, XSI_NAMESPACE};
use crate::nil::Nillable;
use crate::position::CountingReader;
use quick_xml::escape::resolve_predefined_entity;
use quick_xml::events::Event;
use quick_xml::{Reader, XmlVersion};
use std::fmt::Display;
use std::io::BufRead;
use std::str::FromStr;

/// The default maximum element depth, which bounds the recursion of generated readers.
pub const DEFAULT_MAX_DEPTH: usize = 256;

/// The handling of a child element or attribute that the schema does not declare
/// at that point.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash)]
pub enum UnknownElements {
    /// Reject the document with a [`ReadError`] (the default).
    #[default]
    Error,
    /// Skip the element with everything inside it, and ignore the attribute.
    Skip,
    /// Keep the element as an [`AnyElement`] in the generated `other` field (types
    /// generated without that field drop it), and ignore the attribute.
    Keep,
}

/// A start tag that has been read: the element name, its attributes in document
/// order with entity references replaced, and where the tag begins.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct StartTag {
    /// The element name as written, prefix included.
    pub name: String,
    /// Attribute names and normalized values in document order.
    pub attributes: Vec<(String, String)>,
    /// The location of the `<`.
    pub location: Location,
}

/// One item of mixed content, as returned by [`XmlReader::next_mixed`].
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum MixedItem {
    /// Character data, CDATA sections and references, joined.
    Text(String),
    /// A child element the caller declared; read it with [`XmlReader::take_child`].
    Element(&'static str),
}

#[derive(Debug)]
enum Token {
    Start(StartTag),
    End,
    Text(String),
    Eof,
}

/// A pull reader over an XML document that tracks the line, column and element
/// path of what it reads.
///
/// Memory grows with nesting depth and the largest single text node, not with the
/// document size, so it suits [`RecordReader`](crate::RecordReader) streaming.
#[derive(Debug)]
pub struct XmlReader<R> {
    parser: Reader<CountingReader<R>>,
    buffer: Vec<u8>,
    peeked: Option<(Token, Location)>,
    open: Vec<OpenElement>,
    unknown: UnknownElements,
    max_depth: usize,
}

#[derive(Debug)]
struct OpenElement {
    name: String,
    location: Location,
    kept: Vec<AnyElement>,
    /// The namespace prefixes the start tag declares, with their URIs.
    namespaces: Vec<(String, String)>,
    /// Whether the content model has a wildcard, which reads the children that
    /// `known` lists do not name.
    wildcard: bool,
}

impl<R: BufRead> XmlReader<R> {
    /// Creates a reader over `input`, rejecting unknown elements.
    pub fn new(input: R) -> Self {
        let mut parser = Reader::from_reader(CountingReader::new(input));
        parser.config_mut().expand_empty_elements = true;
        parser.config_mut().check_end_names = true;
        XmlReader {
            parser,
            buffer: Vec::new(),
            peeked: None,
            open: Vec::new(),
            unknown: UnknownElements::Error,
            max_depth: DEFAULT_MAX_DEPTH,
        }
    }

    /// Sets what happens to undeclared child elements and attributes.
    pub fn with_unknown_elements(mut self, mode: UnknownElements) -> Self {
        self.unknown = mode;
        self
    }

    /// Sets the maximum element depth; deeper documents are rejected with an error
    /// instead of exhausting the stack of recursive readers.
    pub fn with_max_depth(mut self, max_depth: usize) -> Self {
        self.max_depth = max_depth;
        self
    }

    /// Returns the mode for undeclared elements and attributes.
    pub fn unknown_elements(&self) -> UnknownElements {
        self.unknown
    }

    /// Returns the element path of the innermost open element, `/` before the root.
    pub fn path(&self) -> String {
        if self.open.is_empty() {
            return "/".to_owned();
        }

        let mut path = String::new();
        for element in &self.open {
            path.push('/');
            path.push_str(&element.name);
        }
        path
    }

    /// Builds an error at `location` with the current element path.
    pub fn error_at(&self, location: Location, message: impl Into<String>) -> ReadError {
        ReadError {
            message: message.into(),
            line: location.line,
            column: location.column,
            path: self.path(),
        }
    }

    /// Builds an error located at the start tag of the innermost open element.
    pub fn error(&self, message: impl Into<String>) -> ReadError {
        let location = self
            .open
            .last()
            .map(|element| element.location)
            .unwrap_or_else(|| self.parser.get_ref().location());
        self.error_at(location, message)
    }

    /// Reads up to the root element's start tag and opens it, skipping the XML
    /// declaration, the DOCTYPE, comments and processing instructions.
    pub fn read_root(&mut self, expected: &str) -> Result<StartTag, ReadError> {
        loop {
            let (token, location) = self.next_token()?;
            match token {
                Token::Start(tag) if tag.name == expected => {
                    self.open_element(&tag)?;
                    return Ok(tag);
                }
                Token::Start(tag) => {
                    return Err(self.error_at(
                        location,
                        format!(
                            "the root element is {} but {expected} was expected; read the document with the type generated for {}",
                            tag.name, tag.name
                        ),
                    ))
                }
                Token::Text(text) if text.trim().is_empty() => {}
                Token::Text(_) => {
                    return Err(self.error_at(location, "text before the root element is not allowed"))
                }
                Token::End | Token::Eof => {
                    return Err(self.error_at(
                        location,
                        format!("the document has no root element; expected {expected}"),
                    ))
                }
            }
        }
    }

    /// Returns the name of the next child element of the open element when it is
    /// one of `known`, or `None` when the end tag (or an element outside `known`
    /// that the caller must reject) comes next.
    ///
    /// Whitespace, comments and processing instructions are skipped. Elements outside
    /// `known` are skipped or kept under [`UnknownElements::Skip`] and
    /// [`UnknownElements::Keep`]; under [`UnknownElements::Error`] they stay unread
    /// and [`end_element`](Self::end_element) reports them.
    pub fn peek_child(
        &mut self,
        known: &[&'static str],
    ) -> Result<Option<&'static str>, ReadError> {
        loop {
            self.fill_peek()?;
            let Some((token, location)) = &self.peeked else {
                return Ok(None);
            };
            let location = *location;
            match token {
                Token::Start(tag) => {
                    if let Some(name) = known.iter().find(|name| **name == tag.name) {
                        return Ok(Some(name));
                    }
                    if self.unknown == UnknownElements::Error || self.in_wildcard_content() {
                        return Ok(None);
                    }
                    self.discard_unknown()?;
                }
                Token::Text(text) if text.trim().is_empty() => {
                    self.peeked = None;
                }
                Token::Text(text) => {
                    let message = format!(
                        "text {:?} is not allowed in element {}, which contains only elements",
                        abbreviate(text),
                        self.current_name()
                    );
                    return Err(self.error_at(location, message));
                }
                Token::End | Token::Eof => return Ok(None),
            }
        }
    }

    /// Marks the open element's content model as having a wildcard (`xs:any`):
    /// from now on [`peek_child`](Self::peek_child) leaves child elements outside
    /// `known` unread in every mode, so that
    /// [`peek_wildcard_child`](Self::peek_wildcard_child) can read them.
    pub fn start_wildcard_content(&mut self) {
        if let Some(open) = self.open.last_mut() {
            open.wildcard = true;
        }
    }

    fn in_wildcard_content(&self) -> bool {
        self.open.last().is_some_and(|open| open.wildcard)
    }

    /// Returns whether the next child of the open element is an element outside
    /// `known`, which a wildcard reads with [`take_any_child`](Self::take_any_child).
    /// Whitespace, comments and processing instructions are skipped, and other text
    /// is an error.
    pub fn peek_wildcard_child(&mut self, known: &[&'static str]) -> Result<bool, ReadError> {
        if self.peek_child(known)?.is_some() {
            return Ok(false);
        }
        Ok(matches!(self.peeked, Some((Token::Start(_), _))))
    }

    /// Reads the child element that [`peek_wildcard_child`](Self::peek_wildcard_child)
    /// found, with its attributes and everything inside it.
    pub fn take_any_child(&mut self) -> Result<AnyElement, ReadError> {
        self.fill_peek()?;
        match self.peeked.take() {
            Some((Token::Start(tag), _)) => self.read_any_element(tag),
            other => {
                self.peeked = other;
                Err(self.error(format!(
                    "expected a child element of {} but found none; the generated reader and the document disagree",
                    self.current_name()
                )))
            }
        }
    }

    /// Reads the next item of mixed content. Returns `None` when the end tag comes
    /// next. Elements outside `known` are handled as in [`peek_child`](Self::peek_child).
    pub fn next_mixed(&mut self, known: &[&'static str]) -> Result<Option<MixedItem>, ReadError> {
        let mut text = String::new();
        loop {
            self.fill_peek()?;
            match &self.peeked {
                Some((Token::Text(piece), _)) => {
                    text.push_str(piece);
                    self.peeked = None;
                }
                _ if !text.is_empty() => return Ok(Some(MixedItem::Text(text))),
                Some((Token::Start(tag), _)) => {
                    if let Some(name) = known.iter().find(|name| **name == tag.name) {
                        return Ok(Some(MixedItem::Element(name)));
                    }
                    if self.unknown == UnknownElements::Error {
                        return Ok(None);
                    }
                    self.discard_unknown()?;
                }
                _ => return Ok(None),
            }
        }
    }

    /// Opens the child element whose name [`peek_child`](Self::peek_child) or
    /// [`next_mixed`](Self::next_mixed) returned and returns its start tag.
    pub fn take_child(&mut self) -> Result<StartTag, ReadError> {
        self.fill_peek()?;
        match self.peeked.take() {
            Some((Token::Start(tag), _)) => {
                self.open_element(&tag)?;
                Ok(tag)
            }
            other => {
                self.peeked = other;
                Err(self.error(format!(
                    "expected a child element of {} but found none; the generated reader and the document disagree",
                    self.current_name()
                )))
            }
        }
    }

    /// Opens the next child, whose content is text only and which declares no
    /// attributes. An attribute on it is handled as an undeclared attribute (see
    /// [`unknown_attribute`](Self::unknown_attribute)), so under
    /// [`UnknownElements::Error`] it is an error rather than lost.
    pub fn take_text_child(&mut self) -> Result<(), ReadError> {
        let tag = self.take_child()?;
        for (name, _) in &tag.attributes {
            self.unknown_attribute(&tag, name)?;
        }
        Ok(())
    }

    /// Closes the open element: reports or handles any child left unread, reads the
    /// end tag and returns the children kept under [`UnknownElements::Keep`].
    ///
    /// `known` lists the children the element declares. One of them left unread is
    /// out of order or repeated too often, so it is an error in every mode.
    pub fn end_element(&mut self, known: &[&str]) -> Result<Vec<AnyElement>, ReadError> {
        loop {
            self.fill_peek()?;
            let Some((token, location)) = &self.peeked else {
                return Err(self.error("the document ended inside this element"));
            };
            let location = *location;
            match token {
                Token::End => {
                    self.peeked = None;
                    let kept = self.open.pop().map(|open| open.kept).unwrap_or_default();
                    return Ok(kept);
                }
                Token::Eof => {
                    return Err(self.error(format!(
                        "the document ended before the end tag of {}",
                        self.current_name()
                    )))
                }
                Token::Text(text) if text.trim().is_empty() => self.peeked = None,
                Token::Text(text) => {
                    let message = format!(
                        "text {:?} is not allowed in element {}, which contains only elements",
                        abbreviate(text),
                        self.current_name()
                    );
                    return Err(self.error_at(location, message));
                }
                Token::Start(tag) => {
                    let declared = known.contains(&tag.name.as_str());
                    if declared || self.unknown == UnknownElements::Error {
                        let reason = if declared {
                            "is out of order or repeated more often than the schema allows"
                        } else {
                            "is not declared in its content model"
                        };
                        let message =
                            format!("element {} {reason} in {}", tag.name, self.current_name());
                        return Err(self.error_at(location, message));
                    }
                    self.discard_unknown()?;
                }
            }
        }
    }

    /// Reads the text content of the open element up to and including its end tag.
    /// Child elements are an error under [`UnknownElements::Error`] and skipped
    /// otherwise.
    pub fn read_text(&mut self) -> Result<String, ReadError> {
        let mut text = String::new();
        loop {
            let (token, location) = self.next_token()?;
            match token {
                Token::Text(piece) => text.push_str(&piece),
                Token::End => {
                    self.open.pop();
                    return Ok(text);
                }
                Token::Start(tag) if self.unknown != UnknownElements::Error => {
                    self.skip_element(&tag)?;
                }
                Token::Start(tag) => {
                    let message = format!(
                        "element {} is not allowed in {}, which contains only text",
                        tag.name,
                        self.current_name()
                    );
                    return Err(self.error_at(location, message));
                }
                Token::Eof => {
                    return Err(self.error(format!(
                        "the document ended before the end tag of {}",
                        self.current_name()
                    )))
                }
            }
        }
    }

    /// Reads the text content of the open element and parses it with `FromStr`. When
    /// the text does not parse as written, it is parsed again without leading and
    /// trailing XML whitespace, as XSD's whitespace collapsing allows for numbers.
    pub fn read_value<T>(&mut self) -> Result<T, ReadError>
    where
        T: FromStr,
        T::Err: Display,
    {
        self.read_value_with(None)
    }

    /// Reads the text content of the open element as [`read_value`](Self::read_value)
    /// does, after checking it against the pattern and length facets of its type.
    pub fn read_checked_value<T>(&mut self, facets: &TextFacets) -> Result<T, ReadError>
    where
        T: FromStr,
        T::Err: Display,
    {
        self.read_value_with(Some(facets))
    }

    /// Reads the text content of a nillable element that
    /// [`take_child`](Self::take_child) opened with the start tag `start`. An
    /// element marked `xsi:nil="true"` or `"1"` must be empty, and it reads as
    /// [`Nillable::Nil`] with its namespace declarations and `xsi:` attributes.
    /// Any other is read as [`read_checked_value`](Self::read_checked_value) reads
    /// it, without facets when `facets` is `None`.
    pub fn read_nillable_value<T>(
        &mut self,
        start: &StartTag,
        facets: Option<&TextFacets>,
    ) -> Result<Nillable<T>, ReadError>
    where
        T: FromStr,
        T::Err: Display,
    {
        let mut kept = InstanceAttributes::new();
        let mut nil = false;
        for (name, value) in &start.attributes {
            if !self.is_instance_attribute(name) {
                continue;
            }
            kept.insert(name.as_str(), value.as_str());

            let is_nil_attribute = name.split_once(':').is_some_and(|(prefix, local)| {
                local == "nil" && self.namespace_uri(prefix) == Some(XSI_NAMESPACE)
            });
            if is_nil_attribute {
                nil = match value.trim() {
                    "true" | "1" => true,
                    "false" | "0" => false,
                    _ => {
                        return Err(self.error_at(
                            start.location,
                            format!(
                                "invalid value {:?} for attribute {name} of {}; xsi:nil is an xs:boolean (true, false, 1 or 0)",
                                abbreviate(value),
                                start.name
                            ),
                        ))
                    }
                };
            }
        }

        if !nil {
            return self.read_value_with(facets).map(Nillable::Value);
        }
        let text = self.read_text()?;
        if !text.is_empty() {
            let message = format!(
                "element {} is nil (xsi:nil) but contains text {:?}; remove the text or the xsi:nil attribute",
                start.name,
                abbreviate(&text)
            );
            return Err(ReadError {
                message,
                line: start.location.line,
                column: start.location.column,
                path: format!("{}/{}", self.path().trim_end_matches('/'), start.name),
            });
        }
        Ok(Nillable::Nil(kept))
    }

    fn read_value_with<T>(&mut self, facets: Option<&TextFacets>) -> Result<T, ReadError>
    where
        T: FromStr,
        T::Err: Display,
    {
        let name = self.current_name().to_owned();
        let location = self
            .open
            .last()
            .map(|open| open.location)
            .unwrap_or_default();
        let text = self.read_text()?;

        let checked = match facets {
            Some(facets) => facets.check(&text),
            None => Ok(()),
        };
        checked
            .and_then(|()| parse_trimmed(&text).map_err(|error: T::Err| error.to_string()))
            .map_err(|reason| {
                let message = format!(
                    "invalid value {:?} in element {name}: {reason}",
                    abbreviate(&text)
                );
                ReadError {
                    message,
                    line: location.line,
                    column: location.column,
                    path: format!("{}/{name}", self.path().trim_end_matches('/')),
                }
            })
    }

    /// Reads every remaining child node of the open element, for `ANY` content. The
    /// end tag stays unread.
    pub fn read_any(&mut self) -> Result<Vec<AnyNode>, ReadError> {
        let mut nodes = Vec::new();
        loop {
            self.fill_peek()?;
            match self.peeked.take() {
                Some((Token::Text(text), _)) => nodes.push(AnyNode::Text(text)),
                Some((Token::Start(tag), _)) => {
                    let element = self.read_any_element(tag)?;
                    nodes.push(AnyNode::Element(element));
                }
                other => {
                    self.peeked = other;
                    return Ok(nodes);
                }
            }
        }
    }

    /// Parses an attribute value with `FromStr`.
    pub fn parse_attribute<T>(
        &self,
        tag: &StartTag,
        name: &str,
        value: &str,
    ) -> Result<T, ReadError>
    where
        T: FromStr,
        T::Err: Display,
    {
        parse_trimmed(value).map_err(|error: T::Err| {
            let message = format!(
                "invalid value {:?} for attribute {name} of {}: {error}",
                abbreviate(value),
                tag.name
            );
            self.error_at(tag.location, message)
        })
    }

    /// Handles an attribute the element does not declare: an error under
    /// [`UnknownElements::Error`], ignored otherwise. Namespace declarations and
    /// `xml:` attributes are always accepted.
    pub fn unknown_attribute(&self, tag: &StartTag, name: &str) -> Result<(), ReadError> {
        let reserved = name == "xmlns" || name.starts_with("xmlns:") || name.starts_with("xml:");
        if reserved || self.unknown != UnknownElements::Error {
            return Ok(());
        }

        Err(self.error_at(
            tag.location,
            format!("attribute {name} is not declared for element {}", tag.name),
        ))
    }

    /// Checks an attribute value against the pattern and length facets of its type.
    pub fn check_attribute(
        &self,
        tag: &StartTag,
        name: &str,
        value: &str,
        facets: &TextFacets,
    ) -> Result<(), ReadError> {
        facets.check(value).map_err(|reason| {
            let message = format!(
                "invalid value {:?} for attribute {name} of {}: {reason}",
                abbreviate(value),
                tag.name
            );
            self.error_at(tag.location, message)
        })
    }

    /// Handles an attribute that the element does not declare: namespace
    /// declarations, `xml:` attributes and attributes whose prefix is bound to the
    /// XML Schema instance namespace (`xsi:type`, `xsi:nil`, schema location hints)
    /// go into `kept`, and any other is handled as
    /// [`unknown_attribute`](Self::unknown_attribute) handles it.
    pub fn other_attribute(
        &self,
        tag: &StartTag,
        name: &str,
        value: &str,
        kept: &mut InstanceAttributes,
    ) -> Result<(), ReadError> {
        if self.is_instance_attribute(name) {
            kept.insert(name, value);
            return Ok(());
        }
        self.unknown_attribute(tag, name)
    }

    /// Returns whether `name` is a namespace declaration, an `xml:` attribute or an
    /// attribute in the XML Schema instance namespace, resolved through the
    /// declarations of the open elements.
    fn is_instance_attribute(&self, name: &str) -> bool {
        if name == "xmlns" || name.starts_with("xmlns:") || name.starts_with("xml:") {
            return true;
        }

        let Some((prefix, _)) = name.split_once(':') else {
            return false;
        };
        self.namespace_uri(prefix) == Some(XSI_NAMESPACE)
    }

    /// Returns the URI bound to `prefix` by the innermost open element that
    /// declares it.
    fn namespace_uri(&self, prefix: &str) -> Option<&str> {
        self.open.iter().rev().find_map(|element| {
            element
                .namespaces
                .iter()
                .find(|(declared, _)| declared == prefix)
                .map(|(_, uri)| uri.as_str())
        })
    }

    /// Builds the error for a member of an `xs:all` group that occurs a second
    /// time, located at its start tag, which must be next.
    pub fn duplicate_child(&mut self, name: &str) -> ReadError {
        if let Err(error) = self.fill_peek() {
            return error;
        }
        let location = self
            .peeked
            .as_ref()
            .map(|(_, location)| *location)
            .unwrap_or_else(|| self.parser.get_ref().location());

        let message = format!(
            "element {name} occurs a second time in {}, whose all group allows each member once; remove the repeated element",
            self.current_name()
        );
        self.error_at(location, message)
    }

    /// Builds the error for a required attribute that is absent.
    pub fn missing_attribute(&self, tag: &StartTag, name: &str) -> ReadError {
        self.error_at(
            tag.location,
            format!(
                "required attribute {name} of element {} is missing",
                tag.name
            ),
        )
    }

    /// Builds the error for a required child that is absent; `expected` lists the
    /// names that could start it, and is empty for a wildcard (`xs:any`).
    pub fn missing_child(&mut self, expected: &[&str]) -> ReadError {
        let found = match self.fill_peek() {
            Ok(()) => match &self.peeked {
                Some((Token::Start(tag), _)) => format!("element {}", tag.name),
                _ => format!("the end of {}", self.current_name()),
            },
            Err(error) => return error,
        };
        let location = self
            .peeked
            .as_ref()
            .map(|(_, location)| *location)
            .unwrap_or_else(|| self.parser.get_ref().location());

        let message = match expected {
            [] => format!(
                "missing a child element for the wildcard (xs:any) in {}, found {found}",
                self.current_name()
            ),
            [single] => format!(
                "missing element {single} in {}, found {found}",
                self.current_name()
            ),
            _ => format!(
                "expected one of {} in {}, found {found}",
                expected.join(", "),
                self.current_name()
            ),
        };
        self.error_at(location, message)
    }

    /// Checks that a `+` or `{min,}` particle occurred at least `min` times.
    pub fn check_min_occurs(&self, name: &str, count: usize, min: usize) -> Result<(), ReadError> {
        if count >= min {
            return Ok(());
        }

        Err(self.error(format!(
            "element {} needs at least {min} {name}, found {count}",
            self.current_name()
        )))
    }

    /// Skips everything up to the end of the document after the root element closes,
    /// rejecting a second root element or text.
    pub fn finish(&mut self) -> Result<(), ReadError> {
        loop {
            let (token, location) = self.next_token()?;
            match token {
                Token::Eof => return Ok(()),
                Token::Text(text) if text.trim().is_empty() => {}
                _ => {
                    return Err(
                        self.error_at(location, "content after the root element is not allowed")
                    )
                }
            }
        }
    }

    /// Reads the next start tag (not opened), end tag or end of document, skipping
    /// text, for [`RecordReader`](crate::RecordReader).
    pub(crate) fn next_structure(&mut self) -> Result<Structure, ReadError> {
        loop {
            let (token, _) = self.next_token()?;
            match token {
                Token::Start(tag) => return Ok(Structure::Start(tag)),
                Token::End => return Ok(Structure::End),
                Token::Eof => return Ok(Structure::Eof),
                Token::Text(_) => {}
            }
        }
    }

    /// Opens `tag`, which the caller has already read, enforcing the depth limit.
    pub(crate) fn open_element(&mut self, tag: &StartTag) -> Result<(), ReadError> {
        if self.open.len() >= self.max_depth {
            let mut error = self.error_at(
                tag.location,
                format!(
                    "element {} is nested deeper than the limit of {} elements; raise it with XmlReader::with_max_depth",
                    tag.name, self.max_depth
                ),
            );
            error.path = abbreviate_path(&error.path);
            return Err(error);
        }

        let namespaces = tag
            .attributes
            .iter()
            .filter_map(|(name, uri)| {
                let prefix = name.strip_prefix("xmlns:")?;
                Some((prefix.to_owned(), uri.clone()))
            })
            .collect();
        self.open.push(OpenElement {
            name: tag.name.clone(),
            location: tag.location,
            kept: Vec::new(),
            namespaces,
            wildcard: false,
        });
        Ok(())
    }

    /// Closes the innermost element after its end tag was read by
    /// [`next_structure`](Self::next_structure).
    pub(crate) fn close_element(&mut self) {
        self.open.pop();
    }

    /// Skips the rest of an element whose start tag has been read.
    pub(crate) fn skip_element(&mut self, tag: &StartTag) -> Result<(), ReadError> {
        let mut depth = 1usize;
        while depth > 0 {
            let (token, _) = self.next_token()?;
            match token {
                Token::Start(_) => depth += 1,
                Token::End => depth -= 1,
                Token::Text(_) => {}
                Token::Eof => {
                    return Err(self.error_at(
                        tag.location,
                        format!("the document ended before the end tag of {}", tag.name),
                    ))
                }
            }
        }
        Ok(())
    }

    fn current_name(&self) -> &str {
        self.open
            .last()
            .map(|open| open.name.as_str())
            .unwrap_or("the document")
    }

    fn discard_unknown(&mut self) -> Result<(), ReadError> {
        let Some((Token::Start(tag), _)) = self.peeked.take() else {
            return Ok(());
        };

        if self.unknown == UnknownElements::Keep {
            let element = self.read_any_element(tag)?;
            if let Some(open) = self.open.last_mut() {
                open.kept.push(element);
            }
            return Ok(());
        }
        self.skip_element(&tag)
    }

    fn read_any_element(&mut self, tag: StartTag) -> Result<AnyElement, ReadError> {
        self.open_element(&tag)?;
        let children = self.read_any()?;

        match self.next_token()? {
            (Token::End, _) => {
                self.open.pop();
            }
            (_, location) => {
                return Err(self.error_at(
                    location,
                    format!("the document ended before the end tag of {}", tag.name),
                ))
            }
        }
        Ok(AnyElement {
            name: tag.name,
            attributes: tag.attributes,
            children,
        })
    }

    fn fill_peek(&mut self) -> Result<(), ReadError> {
        if self.peeked.is_none() {
            let next = self.next_token()?;
            self.peeked = Some(next);
        }
        Ok(())
    }

    fn next_token(&mut self) -> Result<(Token, Location), ReadError> {
        if let Some(peeked) = self.peeked.take() {
            return Ok(peeked);
        }

        loop {
            let location = self.parser.get_ref().location();
            self.buffer.clear();
            let event = match self.parser.read_event_into(&mut self.buffer) {
                Ok(event) => event,
                Err(error) => {
                    let message = format!("the document is not well-formed: {error}");
                    return Err(self.error_at(self.parser.get_ref().location(), message));
                }
            };

            let token = match convert_event(event, location) {
                Ok(Some(token)) => token,
                Ok(None) => continue,
                Err(message) => return Err(self.error_at(location, message)),
            };
            return Ok((token, location));
        }
    }
}

/// Converts a parser event into an owned token; `None` for markup that readers
/// skip (comments, processing instructions, declarations).
fn convert_event(event: Event<'_>, location: Location) -> Result<Option<Token>, String> {
    let token = match event {
        Event::Start(start) => {
            let mut attributes = Vec::new();
            for attribute in start.attributes() {
                let attribute = attribute.map_err(|error| format!("invalid attribute: {error}"))?;
                let value = attribute
                    .normalized_value(XmlVersion::Implicit1_0)
                    .map_err(|error| {
                        format!("invalid value of attribute {}: {error}", attribute.key.0)
                    })?;
                attributes.push((attribute.key.0.to_owned(), value.into_owned()));
            }
            Token::Start(StartTag {
                name: start.name().0.to_owned(),
                attributes,
                location,
            })
        }
        Event::End(_) => Token::End,
        // `expand_empty_elements` turns `<a/>` into start and end events.
        Event::Empty(start) => {
            return Err(format!("unexpected empty-element tag {}", start.name().0))
        }
        Event::Text(text) => Token::Text(text.xml10_content().into_owned()),
        Event::CData(data) => Token::Text(data.xml10_content().into_owned()),
        Event::GeneralRef(reference) => Token::Text(resolve_reference(&reference)?),
        Event::Eof => Token::Eof,
        Event::Comment(_) | Event::PI(_) | Event::Decl(_) | Event::DocType(_) => return Ok(None),
    };
    Ok(Some(token))
}

/// The structure events [`RecordReader`](crate::RecordReader) walks.
pub(crate) enum Structure {
    Start(StartTag),
    End,
    Eof,
}

fn resolve_reference(reference: &str) -> Result<String, String> {
    if let Some(number) = reference.strip_prefix('#') {
        let code = match number.strip_prefix('x') {
            Some(hex) => u32::from_str_radix(hex, 16),
            None => number.parse::<u32>(),
        };
        return code
            .ok()
            .and_then(char::from_u32)
            .map(String::from)
            .ok_or_else(|| format!("invalid character reference &{reference};"));
    }

    resolve_predefined_entity(reference)
        .map(str::to_owned)
        .ok_or_else(|| {
            format!("entity &{reference}; is not one of the five predefined entities, and generated readers do not expand entities a DTD declares; replace the reference with its text")
        })
}

/// Parses `text` as written, or else with XML whitespace trimmed; the error is that
/// of the trimmed text.
fn parse_trimmed<T: FromStr>(text: &str) -> Result<T, T::Err> {
    text.parse().or_else(|_| {
        text.trim_matches(|character| matches!(character, ' ' | '\t' | '\n' | '\r'))
            .parse()
    })
}

/// Shortens long values in messages to their first 60 characters.
fn abbreviate(text: &str) -> String {
    let mut chars = text.chars();
    let head: String = chars.by_ref().take(60).collect();
    if chars.next().is_some() {
        format!("{head}…")
    } else {
        head
    }
}

/// Shortens a path of more than eight steps to its first and last three, with the
/// number of steps left out, so that a depth-limit error stays readable.
fn abbreviate_path(path: &str) -> String {
    let steps: Vec<&str> = path.split('/').filter(|step| !step.is_empty()).collect();
    if steps.len() <= 8 {
        return path.to_owned();
    }
    let left_out = steps.len() - 6;
    format!(
        "/{}/...({left_out} more)/{}",
        steps[..3].join("/"),
        steps[steps.len() - 3..].join("/")
    )
}
