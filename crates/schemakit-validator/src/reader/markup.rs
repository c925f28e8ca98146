//! Handlers for the XML declaration, processing instructions, comments, CDATA
//! sections, the DOCTYPE, character data and the end of each source.

use super::encoding::{declaration_matches, DetectedEncoding};
use super::names::{
    check_name, check_ncname, describe_char, find_invalid_char, push_normalized_line_ends, TextScan,
};
use super::position::LineTracker;
use super::prolog::Stage;
use super::xml_decl::{parse_declaration, DeclKind};
use super::DocumentReader;
use crate::event::{Doctype, Event};
use crate::session::EventSink;
use schemakit_model::{Code, Diagnostic, DiagnosticKind, Position};
use std::borrow::Cow;
use std::io::BufRead;

/// How much of a piece of text a message quotes.
const QUOTED_TEXT_CHARS: usize = 20;

impl<R: BufRead> DocumentReader<'_, R> {
    /// Checks that `text`, which starts at byte `offset` of `raw`, contains only XML
    /// characters. `place` names the construct, as in "in a comment".
    pub(super) fn check_chars(
        &self,
        text: &str,
        offset: usize,
        place: &str,
        start: &LineTracker,
        raw: &[u8],
    ) -> Result<(), Diagnostic> {
        match find_invalid_char(text) {
            Some((index, ch)) => Err(self.not_well_formed(
                format!(
                    "invalid character {} {place}: XML 1.0 does not allow it anywhere",
                    describe_char(ch)
                ),
                start,
                raw,
                offset + index,
            )),
            None => Ok(()),
        }
    }

    /// `<?xml ...?>`: allowed only as the very first thing in the document.
    pub(super) fn on_declaration<K: EventSink + ?Sized>(
        &mut self,
        raw: &str,
        start: &LineTracker,
        sink: &mut K,
    ) -> Result<(), Diagnostic> {
        if !self.entities.is_empty() || self.structure.stage() != Stage::Start {
            return Err(self.not_well_formed(
                "the XML declaration `<?xml ...?>` is allowed only at the very start of the document",
                start,
                raw.as_bytes(),
                0,
            ));
        }
        self.structure.leave_start();

        let content_start = "<?xml".len();
        let content = raw
            .get(content_start..raw.len().saturating_sub(2))
            .unwrap_or("");
        let declaration = parse_declaration(content, DeclKind::Document).map_err(|error| {
            let diagnostic = Diagnostic::error(DiagnosticKind::Syntax, error.code, error.message);
            self.locate(
                diagnostic,
                start,
                raw.as_bytes(),
                content_start + error.index,
            )
        })?;

        if let Some(declared) = &declaration.encoding {
            if !declaration_matches(&self.encoding, declared) {
                let read_as = match &self.encoding {
                    DetectedEncoding::Utf8 { .. } => "UTF-8".to_owned(),
                    DetectedEncoding::Other { label } => label.clone(),
                };
                let index = raw.find(declared.as_str()).unwrap_or(0);
                return Err(self.not_well_formed(
                    format!("the XML declaration declares encoding `{declared}`, but the document was read as {read_as}"),
                    start,
                    raw.as_bytes(),
                    index,
                ));
            }
        }

        self.standalone = declaration.standalone;
        self.emit(sink, &Event::XmlDecl(declaration));
        Ok(())
    }

    /// `<?target data?>`
    pub(super) fn on_processing_instruction<K: EventSink + ?Sized>(
        &mut self,
        raw: &str,
        start: &LineTracker,
        sink: &mut K,
    ) -> Result<(), Diagnostic> {
        let content = raw.get(2..raw.len().saturating_sub(2)).unwrap_or("");
        let target_end = content
            .find([' ', '\t', '\r', '\n'])
            .unwrap_or(content.len());
        let target = content.get(..target_end).unwrap_or("");

        if target.eq_ignore_ascii_case("xml") {
            return Err(self.not_well_formed(
                format!("the processing instruction target `{target}` is reserved: an XML declaration may appear only at the very start of the document"),
                start,
                raw.as_bytes(),
                2,
            ));
        }
        let checked = if self.namespaces {
            check_ncname(target)
        } else {
            check_name(target)
        };
        if let Err(error) = checked {
            let message = if target.is_empty() {
                "the processing instruction has no target name after `<?`".to_owned()
            } else {
                format!("invalid processing instruction target: {}", error.message)
            };
            return Err(self.not_well_formed(message, start, raw.as_bytes(), 2 + error.index));
        }
        self.check_chars(
            content,
            2,
            "in a processing instruction",
            start,
            raw.as_bytes(),
        )?;

        self.note_comment_or_pi(start, sink);
        Ok(())
    }

    /// `<!--...-->`; quick-xml has already rejected `--` inside.
    pub(super) fn on_comment<K: EventSink + ?Sized>(
        &mut self,
        raw: &str,
        start: &LineTracker,
        sink: &mut K,
    ) -> Result<(), Diagnostic> {
        let content = raw.get(4..raw.len().saturating_sub(3)).unwrap_or("");
        self.check_chars(content, 4, "in a comment", start, raw.as_bytes())?;
        self.note_comment_or_pi(start, sink);
        Ok(())
    }

    /// Hands over `CommentOrPi` for a comment or PI inside the root element.
    fn note_comment_or_pi<K: EventSink + ?Sized>(&mut self, start: &LineTracker, sink: &mut K) {
        if self.structure.stage() == Stage::InRoot {
            let position = self.event_position(start);
            self.emit(sink, &Event::CommentOrPi { position });
        }
    }

    /// Hands over a piece of character data, with each `\r\n` and lone `\r` turned
    /// into `\n` (XML 1.0 section 2.11) when `has_carriage_return` is set.
    pub(super) fn emit_text<K: EventSink + ?Sized>(
        &mut self,
        sink: &mut K,
        content: &str,
        has_carriage_return: bool,
        ignorable_candidate: bool,
        cdata: bool,
        position: Position,
    ) {
        if !has_carriage_return {
            let event = Event::Text {
                text: Cow::Borrowed(content),
                ignorable_candidate,
                cdata,
                position,
            };
            self.emit_borrowed(sink, event);
            return;
        }

        let mut text = std::mem::take(&mut self.spare_text);
        text.clear();
        push_normalized_line_ends(content, &mut text);
        let event = Event::Text {
            text: Cow::Borrowed(&text),
            ignorable_candidate,
            cdata,
            position,
        };
        self.emit_borrowed(sink, event);
        self.spare_text = text;
    }

    /// `<![CDATA[...]]>`
    pub(super) fn on_cdata<K: EventSink + ?Sized>(
        &mut self,
        raw: &str,
        start: &LineTracker,
        sink: &mut K,
    ) -> Result<(), Diagnostic> {
        if self.structure.stage() != Stage::InRoot {
            return Err(self.not_well_formed(
                "a CDATA section is not allowed outside the root element",
                start,
                raw.as_bytes(),
                0,
            ));
        }

        let content = raw.get(9..raw.len().saturating_sub(3)).unwrap_or("");
        self.check_chars(content, 9, "in a CDATA section", start, raw.as_bytes())?;
        let position = self.event_position(start);
        let has_carriage_return = memchr::memchr(b'\r', content.as_bytes()).is_some();
        self.emit_text(sink, content, has_carriage_return, false, true, position);
        Ok(())
    }

    /// `<!DOCTYPE ...>`
    pub(super) fn on_doctype<K: EventSink + ?Sized>(
        &mut self,
        raw: &str,
        start: &LineTracker,
        sink: &mut K,
    ) -> Result<(), Diagnostic> {
        if !self.entities.is_empty() {
            return Err(self.not_well_formed(
                "a DOCTYPE declaration is not allowed in entity replacement text",
                start,
                raw.as_bytes(),
                0,
            ));
        }
        if let Err(message) = self.structure.enter_doctype() {
            return Err(self.not_well_formed(message, start, raw.as_bytes(), 0));
        }
        self.check_chars(raw, 0, "in the DOCTYPE declaration", start, raw.as_bytes())?;

        let keyword = "<!DOCTYPE";
        if !raw.starts_with(keyword) {
            return Err(self.not_well_formed(
                "the document type declaration must be written `<!DOCTYPE` in upper case",
                start,
                raw.as_bytes(),
                0,
            ));
        }
        let text_start = raw
            .get(keyword.len()..)
            .and_then(|rest| rest.find(|ch| !matches!(ch, ' ' | '\t' | '\r' | '\n')))
            .map_or(raw.len(), |index| keyword.len() + index);
        if text_start == keyword.len() {
            return Err(self.not_well_formed(
                "whitespace is required after `<!DOCTYPE`",
                start,
                raw.as_bytes(),
                keyword.len(),
            ));
        }

        let text = raw
            .get(text_start..raw.len().saturating_sub(1))
            .unwrap_or("");
        let text_position = start.position_at(raw.as_bytes(), text_start);
        let header = schemakit_dtd::parse_doctype(text, text_position, &self.file)?;
        let external_id = header.external_id.map(|mut id| {
            id.base = self.base.clone();
            id
        });
        let internal_subset = header
            .internal_subset
            .map(|(range, position)| (text.get(range).unwrap_or("").to_owned(), position));

        self.dtd.doctype_seen = true;
        self.dtd.doctype_has_external_id = external_id.is_some();
        self.dtd.doctype_position = start.position();
        tracing::debug!(
            file = %self.file,
            root = %header.name,
            system_id = ?external_id.as_ref().map(|id| &id.system_id),
            internal_subset_bytes = internal_subset.as_ref().map(|(text, _)| text.len()),
            "read the DOCTYPE declaration"
        );

        let doctype = Event::Doctype(Box::new(Doctype {
            name: header.name,
            external_id,
            internal_subset,
            position: start.position(),
        }));
        self.emit(sink, &doctype);
        Ok(())
    }

    /// Character data between markup.
    pub(super) fn on_text<K: EventSink + ?Sized>(
        &mut self,
        raw: &str,
        start: &LineTracker,
        sink: &mut K,
    ) -> Result<(), Diagnostic> {
        if self.structure.stage() != Stage::InRoot {
            return match raw.find(|ch| !matches!(ch, ' ' | '\t' | '\r' | '\n')) {
                Some(index) => {
                    let quoted: String = raw
                        .get(index..)
                        .unwrap_or("")
                        .chars()
                        .take(QUOTED_TEXT_CHARS)
                        .collect();
                    let place = match self.structure.stage() {
                        Stage::AfterRoot => "after the root element",
                        _ => "before the root element",
                    };
                    Err(self.not_well_formed(
                        format!("text `{}` is not allowed {place}: only whitespace, comments and processing instructions are", quoted.trim_end()),
                        start,
                        raw.as_bytes(),
                        index,
                    ))
                }
                None => Ok(()),
            };
        }

        let scan = TextScan::of(raw.as_bytes());
        if scan.may_have_invalid_char {
            self.check_chars(raw, 0, "in text", start, raw.as_bytes())?;
        }
        if let Some(index) = scan
            .has_greater_than
            .then(|| find_cdata_end(raw.as_bytes()))
            .flatten()
        {
            return Err(self.not_well_formed(
                "`]]>` is not allowed in text: write `]]&gt;`",
                start,
                raw.as_bytes(),
                index,
            ));
        }

        // Whitespace between the children of an element-only element is often the
        // most frequent event of a document, and the checker does nothing with it.
        if scan.all_whitespace && sink.ignores_whitespace() {
            self.flush_findings(sink);
            return Ok(());
        }

        let position = self.event_position(start);
        self.emit_text(
            sink,
            raw,
            scan.has_carriage_return,
            scan.all_whitespace,
            false,
            position,
        );
        Ok(())
    }

    /// Handles the end of an entity's replacement text or of the document.
    pub(super) fn on_eof<K: EventSink + ?Sized>(
        &mut self,
        start: &LineTracker,
        sink: &mut K,
    ) -> Result<(), Diagnostic> {
        if let Some(frame) = self.entities.last() {
            if let Some(open) = self.elements.get(frame.element_depth) {
                let message = format!(
                    "element `{}` starts in entity `{}` but does not end in it: an element must start and end in the same entity",
                    open.name, frame.name
                );
                return Err(self.not_well_formed(message, start, &[], 0));
            }

            tracing::trace!(entity = %frame.name, "finished the replacement text of an entity");
            if let Some(frame) = self.entities.pop() {
                let event = Event::EntityEnd {
                    name: Cow::Borrowed(&frame.name),
                };
                self.emit(sink, &event);
            }
            return Ok(());
        }

        if let Some(open) = self.elements.last() {
            let message = format!(
                "the document ends before element `{}` (started at line {}, column {}) is closed",
                open.name, open.position.line, open.position.column
            );
            return Err(self.not_well_formed(message, start, &[], 0));
        }
        if let Err(message) = self.structure.check_end() {
            return Err(self.not_well_formed(message, start, &[], 0));
        }

        self.finished = true;
        self.emit(sink, &Event::Eof);
        Ok(())
    }

    /// Records that a standalone document refers to an entity declared in external
    /// markup, which makes it not well-formed.
    pub(super) fn standalone_violation(
        &mut self,
        entity: &str,
        position: schemakit_model::Position,
    ) {
        // XML 1.0, WFC: Entity Declared: in a document declared standalone="yes", an
        // entity referred to outside the DTD must be declared outside external markup.
        let diagnostic = Diagnostic::error(
            DiagnosticKind::Syntax,
            Code::UndeclaredEntity,
            format!("the document is declared standalone=\"yes\" but refers to entity `{entity}`, which is declared in external markup (WFC: Entity Declared)"),
        )
        .at(Some(&self.file), position)
        .with_help("declare the entity in the internal subset or remove standalone=\"yes\"");
        self.diagnostics.push(diagnostic);
    }
}

/// Returns the byte index of the first `]]>` in `bytes`. Text rarely contains `>`,
/// so the scan looks for that byte with memchr and then checks the two before it.
fn find_cdata_end(bytes: &[u8]) -> Option<usize> {
    memchr::memchr_iter(b'>', bytes)
        .filter(|&index| index >= 2)
        .find(|&index| bytes.get(index - 2..index) == Some(b"]]".as_slice()))
        .map(|index| index - 2)
}
