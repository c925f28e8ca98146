//! Findings reported to users: errors and warnings with their location.

use serde::Serialize;
use std::fmt;

/// The severity of a finding.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Severity {
    Warning,
    Error,
}

/// The class of fault a finding belongs to, so that scripts can classify results
/// without parsing messages.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize)]
#[serde(rename_all = "lowercase")]
#[non_exhaustive]
pub enum DiagnosticKind {
    /// The document or the DTD is not well-formed.
    Syntax,
    /// The document is well-formed but breaks a validity constraint of its schema.
    Validity,
    /// The schema itself is unusable or suspicious (undeclared names in a content
    /// model, duplicate declarations, non-deterministic content models).
    Schema,
    /// A file could not be read or an identifier could not be resolved.
    Resource,
    /// A safety limit (entity expansion, nesting depth, size) stopped processing.
    Limit,
}

/// A stable identifier for each kind of finding.
///
/// The string form (`Code::as_str`) is part of the JSON output and never changes for
/// an existing code.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub enum Code {
    // Well-formedness of documents.
    NotWellFormed,
    UndeclaredEntity,
    EntityRecursion,
    UnsupportedXmlVersion,
    // Validity of documents.
    RootMismatch,
    NoDoctype,
    UndeclaredElement,
    UnexpectedElement,
    MissingElement,
    ElementOutOfOrder,
    TextNotAllowed,
    NotEmpty,
    UndeclaredAttribute,
    MissingRequiredAttribute,
    InvalidAttributeValue,
    FixedAttributeMismatch,
    DuplicateId,
    UnknownIdRef,
    StandaloneViolation,
    // DTDs and schemas.
    DtdSyntax,
    DuplicateDeclaration,
    UndeclaredInContentModel,
    AttlistForUndeclaredElement,
    NonDeterministicContent,
    UnsupportedConstruct,
    /// A declaration, group or conditional section starts in one parameter entity
    /// and ends outside it.
    ImproperNesting,
    /// A name listed twice in a mixed-content model, an enumeration or a notation
    /// type.
    DuplicateToken,
    /// A second ID attribute for one element type.
    MultipleIdAttributes,
    /// A second NOTATION attribute for one element type.
    MultipleNotationAttributes,
    /// An ID attribute with a default value instead of `#IMPLIED` or `#REQUIRED`.
    IdAttributeDefault,
    /// A NOTATION attribute on an element type declared EMPTY.
    NotationOnEmptyElement,
    /// A notation named by an attribute type or an unparsed entity is not declared.
    UndeclaredNotation,
    /// An attribute default that does not match the attribute's type.
    InvalidAttributeDefault,
    /// An `xml:space` declaration other than an enumeration of `default` and
    /// `preserve`.
    InvalidXmlSpace,
    // XSDs.
    /// An XSD document that breaks the schema for schemas: an unknown or misplaced
    /// `xs:` element, a missing or invalid attribute on one.
    XsdSyntax,
    /// A `ref`, `type`, `base`, `itemType` or `memberTypes` that names no component.
    UnresolvedReference,
    /// A facet that does not apply to its base type, has an invalid value, or
    /// contradicts another facet.
    InvalidFacet,
    /// Any other schema component constraint of XSD 1.0 (e.g. `ref` together with
    /// `type`, a fixed value outside its type).
    SchemaConstraint,
    // Validity of documents against XSDs.
    /// Element text or an attribute value outside its simple type.
    InvalidValue,
    /// Element content different from the declaration's fixed value.
    FixedValueMismatch,
    // Resources and limits.
    Unresolved,
    Io,
    LimitExceeded,
}

impl Code {
    pub fn as_str(self) -> &'static str {
        match self {
            Code::NotWellFormed => "not-well-formed",
            Code::UndeclaredEntity => "undeclared-entity",
            Code::EntityRecursion => "entity-recursion",
            Code::UnsupportedXmlVersion => "unsupported-xml-version",
            Code::RootMismatch => "root-mismatch",
            Code::NoDoctype => "no-doctype",
            Code::UndeclaredElement => "undeclared-element",
            Code::UnexpectedElement => "unexpected-element",
            Code::MissingElement => "missing-element",
            Code::ElementOutOfOrder => "element-out-of-order",
            Code::TextNotAllowed => "text-not-allowed",
            Code::NotEmpty => "not-empty",
            Code::UndeclaredAttribute => "undeclared-attribute",
            Code::MissingRequiredAttribute => "missing-required-attribute",
            Code::InvalidAttributeValue => "invalid-attribute-value",
            Code::FixedAttributeMismatch => "fixed-attribute-mismatch",
            Code::DuplicateId => "duplicate-id",
            Code::UnknownIdRef => "unknown-idref",
            Code::StandaloneViolation => "standalone-violation",
            Code::DtdSyntax => "dtd-syntax",
            Code::DuplicateDeclaration => "duplicate-declaration",
            Code::UndeclaredInContentModel => "undeclared-in-content-model",
            Code::AttlistForUndeclaredElement => "attlist-for-undeclared-element",
            Code::NonDeterministicContent => "non-deterministic-content",
            Code::UnsupportedConstruct => "unsupported-construct",
            Code::ImproperNesting => "improper-nesting",
            Code::DuplicateToken => "duplicate-token",
            Code::MultipleIdAttributes => "multiple-id-attributes",
            Code::MultipleNotationAttributes => "multiple-notation-attributes",
            Code::IdAttributeDefault => "id-attribute-default",
            Code::NotationOnEmptyElement => "notation-on-empty-element",
            Code::UndeclaredNotation => "undeclared-notation",
            Code::InvalidAttributeDefault => "invalid-attribute-default",
            Code::InvalidXmlSpace => "invalid-xml-space",
            Code::XsdSyntax => "xsd-syntax",
            Code::UnresolvedReference => "unresolved-reference",
            Code::InvalidFacet => "invalid-facet",
            Code::SchemaConstraint => "schema-constraint",
            Code::InvalidValue => "invalid-value",
            Code::FixedValueMismatch => "fixed-value-mismatch",
            Code::Unresolved => "unresolved",
            Code::Io => "io",
            Code::LimitExceeded => "limit-exceeded",
        }
    }
}

impl fmt::Display for Code {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

impl Serialize for Code {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.serialize_str(self.as_str())
    }
}

/// One finding, located in a file.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct Diagnostic {
    pub severity: Severity,
    pub kind: DiagnosticKind,
    pub code: Code,
    /// One lower-case sentence without a trailing period.
    pub message: String,
    /// The file the finding is in: the document, an external entity or a DTD.
    pub file: Option<String>,
    /// 1-based line; 0 when the finding has no position (e.g. an unreadable file).
    pub line: u32,
    /// 1-based column in characters; 0 when the finding has no position.
    pub column: u32,
    /// Byte offset in `file`, for source snippets.
    #[serde(skip)]
    pub offset: Option<usize>,
    /// The element path, e.g. `/OPTION_PROFILES/OPTION_PROFILE[2]/SCAN`.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub path: Option<String>,
    /// The names or values the schema allowed at that point.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub expected: Option<String>,
    /// The name or value the document had instead.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub found: Option<String>,
    /// The suggested fix.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub help: Option<String>,
}

impl Diagnostic {
    /// Starts an error of `kind` with `code` and `message`, without a location.
    pub fn error(kind: DiagnosticKind, code: Code, message: impl Into<String>) -> Self {
        Diagnostic {
            severity: Severity::Error,
            kind,
            code,
            message: message.into(),
            file: None,
            line: 0,
            column: 0,
            offset: None,
            path: None,
            expected: None,
            found: None,
            help: None,
        }
    }

    /// Starts a warning of `kind` with `code` and `message`, without a location.
    pub fn warning(kind: DiagnosticKind, code: Code, message: impl Into<String>) -> Self {
        Diagnostic {
            severity: Severity::Warning,
            ..Diagnostic::error(kind, code, message)
        }
    }

    /// Sets the file, line, column and byte offset.
    pub fn at(mut self, file: Option<&str>, position: crate::Position) -> Self {
        self.file = file.map(str::to_owned);
        self.line = position.line;
        self.column = position.column;
        self.offset = Some(position.offset);
        self
    }

    pub fn with_path(mut self, path: impl Into<String>) -> Self {
        self.path = Some(path.into());
        self
    }

    pub fn with_expected(mut self, expected: impl Into<String>) -> Self {
        self.expected = Some(expected.into());
        self
    }

    pub fn with_found(mut self, found: impl Into<String>) -> Self {
        self.found = Some(found.into());
        self
    }

    pub fn with_help(mut self, help: impl Into<String>) -> Self {
        self.help = Some(help.into());
        self
    }

    pub fn is_error(&self) -> bool {
        self.severity == Severity::Error
    }
}

/// `file:line:column: severity[code]: message`, the one-line form used in logs and
/// test output.
impl fmt::Display for Diagnostic {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let severity = match self.severity {
            Severity::Error => "error",
            Severity::Warning => "warning",
        };
        if let Some(file) = &self.file {
            write!(f, "{file}:")?;
        }
        if self.line > 0 {
            write!(f, "{}:{}:", self.line, self.column)?;
        }
        if self.file.is_some() || self.line > 0 {
            f.write_str(" ")?;
        }
        write!(f, "{severity}[{}]: {}", self.code, self.message)?;
        if let Some(path) = &self.path {
            write!(f, " (at {path})")?;
        }
        Ok(())
    }
}
