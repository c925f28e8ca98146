//! [`DtdBuilder`]: reads the subsets of one DTD into a schema.

use crate::error::DtdError;
use crate::input::{Frame, Location, Origin};
use crate::limits::DtdLimits;
use crate::position::LineIndex;
use schemakit_model::{Code, Diagnostic, DiagnosticKind, Position, Schema, SchemaKind, SourceFile};
use schemakit_resolve::EntityLoader;
use std::sync::Arc;

/// The deepest entity nesting supported, whatever [`DtdLimits::max_entity_depth`]
/// says: each level is one recursive call while entity values and attribute
/// defaults are expanded.
const MAX_ENTITY_DEPTH: usize = 1024;

/// A parsed DTD: the schema and the findings that did not stop it from being read.
#[derive(Clone, Debug)]
pub struct Dtd {
    pub schema: Schema,
    /// Warnings (duplicate declarations that were ignored) and errors that break a
    /// validity constraint of the DTD or could not load an external entity
    /// ([`DiagnosticKind::Validity`] and [`DiagnosticKind::Resource`]). A validator
    /// must count these errors as errors of the document, because a document whose
    /// DTD breaks a validity constraint is not valid.
    pub diagnostics: Vec<Diagnostic>,
    /// Whether any parameter-entity reference was read. A document with only an
    /// internal subset and no such reference must declare every general entity it
    /// uses (WFC: Entity Declared), otherwise that is only a validity error.
    pub has_parameter_entity_references: bool,
}

/// Accumulates declarations from an internal and an external subset into one schema.
///
/// Call [`DtdBuilder::parse_internal_subset`] before
/// [`DtdBuilder::parse_external_subset`]: the first declaration of an entity or an
/// attribute binds, and the internal subset comes first.
pub struct DtdBuilder<'a> {
    pub(crate) loader: &'a dyn EntityLoader,
    pub(crate) limits: DtdLimits,
    pub(crate) schema: Schema,
    pub(crate) diagnostics: Vec<Diagnostic>,
    pub(crate) standalone: bool,
    pub(crate) has_external_subset: bool,
    /// Parameter-entity references read so far.
    pub(crate) pe_references: usize,
    /// Entity references expanded so far, counted against the limit.
    pub(crate) expansions: usize,
    /// Bytes of replacement text expanded so far, counted against the limit.
    pub(crate) expanded_bytes: usize,
    /// A limit was exceeded: entity references are no longer expanded.
    pub(crate) limit_exceeded: bool,
    next_instance: u32,
}

impl<'a> DtdBuilder<'a> {
    /// Starts an empty DTD. External parameter entities load through `loader`.
    pub fn new(loader: &'a dyn EntityLoader, limits: DtdLimits) -> Self {
        DtdBuilder {
            loader,
            limits,
            schema: Schema::new(SchemaKind::Dtd),
            diagnostics: Vec::new(),
            standalone: false,
            has_external_subset: false,
            pe_references: 0,
            expansions: 0,
            expanded_bytes: 0,
            limit_exceeded: false,
            next_instance: 0,
        }
    }

    /// Records the document's `standalone="yes"`, which makes a reference to an
    /// undeclared parameter entity a well-formedness error.
    pub fn set_standalone(&mut self, standalone: bool) {
        self.standalone = standalone;
    }

    /// Records that the document has an external subset, before the internal subset
    /// is parsed. With an external subset, a reference to an undeclared parameter
    /// entity is a validity error instead of a well-formedness error.
    pub fn set_has_external_subset(&mut self, has_external_subset: bool) {
        self.has_external_subset = has_external_subset;
    }

    /// Parses an internal subset: the text between `[` and `]` of a document type
    /// declaration. `start` is the position of its first character in the document,
    /// so that spans and diagnostics use document coordinates; `base` is the
    /// document's location, which relative system identifiers resolve against.
    pub fn parse_internal_subset(
        &mut self,
        text: &str,
        source: SourceFile,
        start: Position,
        base: Option<String>,
    ) {
        let frame = self.file_frame(text, source, start, base, false);
        tracing::debug!(file = %frame_file(&frame), bytes = text.len(), "parsing internal subset");
        self.parse_subset(frame);
    }

    /// Parses an external subset (a DTD file), which may start with a text
    /// declaration. `base` is the file's location, which relative system identifiers
    /// resolve against.
    pub fn parse_external_subset(&mut self, text: &str, source: SourceFile, base: Option<String>) {
        self.has_external_subset = true;
        let mut frame = self.file_frame(text, source, Position::START, base, true);
        tracing::debug!(file = %frame_file(&frame), bytes = text.len(), "parsing external subset");
        self.skip_text_decl(&mut frame);
        self.parse_subset(frame);
    }

    /// Runs the checks that need the whole DTD and returns the schema, or every
    /// diagnostic when the DTD is not well-formed or hit a limit.
    pub fn finish(mut self) -> Result<Dtd, DtdError> {
        self.check_notations();
        sort_by_source(&mut self.diagnostics, &self.schema);

        let fatal = self.diagnostics.iter().any(|diagnostic| {
            diagnostic.is_error()
                && matches!(
                    diagnostic.kind,
                    DiagnosticKind::Syntax | DiagnosticKind::Limit
                )
        });
        if fatal {
            return Err(DtdError::NotWellFormed {
                diagnostics: self.diagnostics,
            });
        }
        Ok(Dtd {
            schema: self.schema,
            diagnostics: self.diagnostics,
            has_parameter_entity_references: self.pe_references > 0,
        })
    }

    /// Creates the frame for a file's text and registers the file as a source.
    pub(crate) fn file_frame(
        &mut self,
        text: &str,
        source: SourceFile,
        start: Position,
        base: Option<String>,
        external: bool,
    ) -> Frame {
        let file: Arc<str> = Arc::from(source.name.as_str());
        let id = self.schema.add_source(source);
        let text: Arc<str> = Arc::from(text);
        let lines = Arc::new(LineIndex::new(&text, start));
        let frame = Frame {
            text,
            pos: 0,
            origin: Origin::File {
                source: id,
                file,
                lines,
            },
            entity: None,
            instance: self.new_instance(),
            external_markup: external,
            internal_subset: !external,
            base,
            pad_on_exit: false,
        };
        self.check_characters(&frame);
        frame
    }

    /// Returns the entity nesting limit, capped so that the recursive expansion of
    /// entity values and attribute defaults cannot overflow the stack.
    pub(crate) fn max_entity_depth(&self) -> usize {
        self.limits.max_entity_depth.min(MAX_ENTITY_DEPTH)
    }

    /// Returns a fresh number for a frame, see [`Frame::instance`].
    pub(crate) fn new_instance(&mut self) -> u32 {
        self.next_instance = self.next_instance.wrapping_add(1);
        self.next_instance
    }

    pub(crate) fn report(&mut self, diagnostic: Diagnostic) {
        tracing::trace!(%diagnostic, "DTD diagnostic");
        self.diagnostics.push(diagnostic);
    }

    /// Reports the first character that XML does not allow, once per file.
    fn check_characters(&mut self, frame: &Frame) {
        let invalid = frame
            .text
            .char_indices()
            .find(|(_, ch)| !schemakit_model::chars::is_xml_char(*ch));
        if let Some((offset, ch)) = invalid {
            let message = format!(
                "character U+{:04X} is not allowed in XML; remove it or write the text in another encoding",
                u32::from(ch)
            );
            self.report(frame.locate(offset).syntax(message));
        }
    }

    /// Reports a safety limit being exceeded, once per DTD, and stops expansion.
    pub(crate) fn report_limit(&mut self, at: &Location, message: String) {
        if !self.limit_exceeded {
            self.limit_exceeded = true;
            self.report(at.error(DiagnosticKind::Limit, Code::LimitExceeded, message));
        }
    }
}

fn frame_file(frame: &Frame) -> String {
    match &frame.origin {
        Origin::File { file, .. } => file.to_string(),
        Origin::Replacement { at } => at.file.to_string(),
    }
}

/// Sorts diagnostics by file, in the order the files were first read, then by
/// offset. Diagnostics without a known file keep their place at the end.
fn sort_by_source(diagnostics: &mut [Diagnostic], schema: &Schema) {
    diagnostics.sort_by_key(|diagnostic| {
        let file_index = diagnostic
            .file
            .as_deref()
            .and_then(|file| schema.sources.iter().position(|source| source.name == file))
            .unwrap_or(usize::MAX);
        (file_index, diagnostic.offset.unwrap_or(usize::MAX))
    });
}
