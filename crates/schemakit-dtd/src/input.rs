//! The texts the subset parser reads from: a stack of frames, one for the subset
//! itself and one for each parameter entity being expanded, and the way offsets in
//! them map back to file positions.

use crate::position::LineIndex;
use schemakit_model::{Code, Diagnostic, DiagnosticKind, Position, SourceId, Span};
use std::sync::Arc;

/// A position in a named source file.
#[derive(Clone, Debug, PartialEq, Eq)]
pub(crate) struct Location {
    pub(crate) source: SourceId,
    pub(crate) file: Arc<str>,
    pub(crate) position: Position,
}

impl Location {
    /// Returns an error of `kind` with `code`, located here.
    pub(crate) fn error(
        &self,
        kind: DiagnosticKind,
        code: Code,
        message: impl Into<String>,
    ) -> Diagnostic {
        Diagnostic::error(kind, code, message).at(Some(&self.file), self.position)
    }

    /// Returns a well-formedness error of the DTD grammar, located here.
    pub(crate) fn syntax(&self, message: impl Into<String>) -> Diagnostic {
        self.error(DiagnosticKind::Syntax, Code::DtdSyntax, message)
    }

    /// Returns a warning of `kind` with `code`, located here.
    pub(crate) fn warning(
        &self,
        kind: DiagnosticKind,
        code: Code,
        message: impl Into<String>,
    ) -> Diagnostic {
        Diagnostic::warning(kind, code, message).at(Some(&self.file), self.position)
    }
}

/// The source of a frame's text.
#[derive(Clone, Debug)]
pub(crate) enum Origin {
    /// Text read from a file: a document's internal subset, an external subset or
    /// an external parameter entity. Offsets map to positions in that file.
    File {
        source: SourceId,
        file: Arc<str>,
        lines: Arc<LineIndex>,
    },
    /// The replacement text of an internal parameter entity, which exists in no
    /// file: every offset maps to the reference that included it.
    Replacement { at: Location },
}

/// One text being read, with the reading position.
#[derive(Clone, Debug)]
pub(crate) struct Frame {
    pub(crate) text: Arc<str>,
    /// Byte offset of the next character to read.
    pub(crate) pos: usize,
    pub(crate) origin: Origin,
    /// The parameter entity whose replacement text this is, for recursion checks.
    pub(crate) entity: Option<String>,
    /// A number unique to each expansion, so that declarations and groups can be
    /// checked to start and end in the same one.
    pub(crate) instance: u32,
    /// The text is external markup: the external subset or an external parameter
    /// entity, or replacement text included from one.
    pub(crate) external_markup: bool,
    /// The text is part of the internal subset, where parameter-entity references
    /// may appear only between declarations.
    pub(crate) internal_subset: bool,
    /// The location relative system identifiers declared in this text resolve
    /// against.
    pub(crate) base: Option<String>,
    /// The frame was opened inside a declaration, so leaving it adds the trailing
    /// space that XML 1.0 section 4.4.8 attaches to the replacement text.
    pub(crate) pad_on_exit: bool,
}

impl Frame {
    /// Returns the text not read yet.
    pub(crate) fn rest(&self) -> &str {
        self.text.get(self.pos..).unwrap_or("")
    }

    /// Returns the whole text and the reading position, for parsing while the
    /// frame itself is changed.
    pub(crate) fn shared_text(&self) -> (Arc<str>, usize) {
        (Arc::clone(&self.text), self.pos)
    }

    /// Moves the reading position `length` bytes on, staying on the text.
    pub(crate) fn advance(&mut self, length: usize) {
        self.pos = (self.pos + length).min(self.text.len());
    }

    /// Moves the reading position to where `rest`, a suffix of [`Frame::rest`], starts.
    pub(crate) fn advance_to(&mut self, rest: &str) {
        self.pos = self.text.len().saturating_sub(rest.len()).max(self.pos);
    }

    pub(crate) fn locate(&self, offset: usize) -> Location {
        self.origin.locate(&self.text, offset)
    }

    /// Returns the location of the reading position.
    pub(crate) fn here(&self) -> Location {
        self.locate(self.pos)
    }
}

impl Origin {
    fn locate(&self, text: &str, offset: usize) -> Location {
        match self {
            Origin::File {
                source,
                file,
                lines,
            } => Location {
                source: *source,
                file: Arc::clone(file),
                position: lines.position(text, offset),
            },
            Origin::Replacement { at } => at.clone(),
        }
    }
}

/// The text of one declaration gathered across parameter-entity boundaries, with
/// the map from its offsets back to the frames it was read from.
#[derive(Clone, Debug)]
pub(crate) struct Collected {
    pub(crate) text: String,
    segments: Vec<Segment>,
    /// The expansion the declaration started in and the one it ended in.
    pub(crate) start_instance: u32,
    pub(crate) end_instance: u32,
    /// Whether the closing delimiter was found.
    pub(crate) terminated: bool,
    /// The declaration started in a parameter entity referenced between
    /// declarations and went on past its end, which breaks the well-formedness
    /// constraint PE Between Declarations rather than only a validity constraint.
    pub(crate) left_entity_between_declarations: bool,
    /// An error was already reported while gathering the text, so the declaration
    /// is not parsed.
    pub(crate) failed: bool,
    /// The start of the declaration, also the location of any offset no segment
    /// covers.
    start: Location,
}

#[derive(Clone, Debug)]
struct Segment {
    /// Offset in [`Collected::text`] where the segment starts.
    start: usize,
    text: Arc<str>,
    origin: Origin,
    /// Offset in the frame's text that `start` corresponds to.
    origin_offset: usize,
    instance: u32,
}

impl Collected {
    pub(crate) fn new(instance: u32, start: Location) -> Self {
        Collected {
            left_entity_between_declarations: false,
            text: String::new(),
            segments: Vec::new(),
            start_instance: instance,
            end_instance: instance,
            terminated: false,
            failed: false,
            start,
        }
    }

    /// Appends `frame.text[from..to]`.
    pub(crate) fn push_frame_text(&mut self, frame: &Frame, from: usize, to: usize) {
        let Some(piece) = frame.text.get(from..to) else {
            return;
        };
        self.segments.push(Segment {
            start: self.text.len(),
            text: Arc::clone(&frame.text),
            origin: frame.origin.clone(),
            origin_offset: from,
            instance: frame.instance,
        });
        self.text.push_str(piece);
    }

    /// Appends the space that pads a parameter entity's replacement text, located
    /// at the reference.
    pub(crate) fn push_padding(&mut self, at: Location, instance: u32) {
        self.segments.push(Segment {
            start: self.text.len(),
            text: Arc::from(""),
            origin: Origin::Replacement { at },
            origin_offset: 0,
            instance,
        });
        self.text.push(' ');
    }

    fn segment_at(&self, offset: usize) -> Option<&Segment> {
        let index = self
            .segments
            .partition_point(|segment| segment.start <= offset);
        self.segments.get(index.checked_sub(1)?)
    }

    /// Returns the location of byte `offset` of [`Collected::text`].
    pub(crate) fn locate(&self, offset: usize) -> Location {
        let Some(segment) = self.segment_at(offset) else {
            return self.start.clone();
        };
        let within = offset.saturating_sub(segment.start);
        segment
            .origin
            .locate(&segment.text, segment.origin_offset + within)
    }

    /// Returns the location of a mark, the length of the text that remained at
    /// some point of parsing [`Collected::text`].
    pub(crate) fn locate_mark(&self, mark: usize) -> Location {
        self.locate(self.text.len().saturating_sub(mark))
    }

    /// Returns the span from the start of the declaration to its end. A declaration that
    /// ends in another file than it starts in gets an empty span at its start.
    pub(crate) fn span(&self) -> Span {
        let end = self.locate(self.text.len());
        let end = if end.source == self.start.source {
            end.position
        } else {
            self.start.position
        };
        Span {
            source: self.start.source,
            start: self.start.position,
            end,
        }
    }

    pub(crate) fn start(&self) -> &Location {
        &self.start
    }

    /// Returns the expansion that byte `offset` of [`Collected::text`] was read
    /// from.
    pub(crate) fn instance_at(&self, offset: usize) -> u32 {
        self.segment_at(offset)
            .map_or(self.start_instance, |segment| segment.instance)
    }
}

impl Location {
    /// Returns a placeholder location for the impossible case of reading with no
    /// frame.
    pub(crate) fn unknown() -> Self {
        Location {
            source: SourceId(0),
            file: Arc::from(""),
            position: Position::default(),
        }
    }
}
